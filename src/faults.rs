//! Injected faults: images whose pulls fail, whose containers crash, or whose probes fail.
//!
//! Faults are part of the runtime's state, so rewinding restores them, and
//! they are deterministic: a fault applies to every container whose image matches, on every
//! node. Images are compared by their normalised reference
//! ([`crate::image::normalize_image`]), so `nginx`, `nginx:latest` and
//! `docker.io/library/nginx:latest` are one image.
//!
//! The `fault` command:
//!
//! ```text
//! fault image-pull IMAGE                          pulls of IMAGE fail (ErrImagePull, ImagePullBackOff)
//! fault crash IMAGE [--after DURATION]            containers of IMAGE exit with code 1 DURATION
//!                                                 after they start (default 1s): CrashLoopBackOff
//! fault probe IMAGE readiness|liveness|startup    that probe fails for containers of IMAGE
//! fault clear [IMAGE]                             remove all faults, or those of IMAGE
//! fault list | fault                              print the active faults
//! ```

use std::collections::BTreeMap;

use crate::image::normalize_image;
use crate::time::{Millis, format_go_duration, parse_duration};

/// Default for `fault crash --after`: long enough that `kubectl get pods -w` shows the
/// container Running before it fails (a container that exits at once is `--after 0s`).
pub const DEFAULT_CRASH_AFTER: Millis = 1000;

/// Which probe a probe fault breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeKind {
    Readiness,
    Liveness,
    Startup,
}

impl ProbeKind {
    /// `Readiness`, `Liveness`, `Startup` (as in the kubelet's `Unhealthy` events).
    pub fn title(self) -> &'static str {
        match self {
            ProbeKind::Readiness => "Readiness",
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Startup => "Startup",
        }
    }

    fn parse(s: &str) -> Option<ProbeKind> {
        match s {
            "readiness" => Some(ProbeKind::Readiness),
            "liveness" => Some(ProbeKind::Liveness),
            "startup" => Some(ProbeKind::Startup),
            _ => None,
        }
    }
}

/// The faults configured for one image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageFaults {
    /// The image as the user wrote it first (for `fault list`).
    pub image: String,
    /// Pulls fail.
    pub pull: bool,
    /// Containers exit with code 1 this long after they start.
    pub crash_after: Option<Millis>,
    /// Readiness probes fail.
    pub readiness: bool,
    /// Liveness probes fail.
    pub liveness: bool,
    /// Startup probes fail.
    pub startup: bool,
}

impl ImageFaults {
    fn is_empty(&self) -> bool {
        !self.pull
            && self.crash_after.is_none()
            && !self.readiness
            && !self.liveness
            && !self.startup
    }

    /// Whether this probe of containers of the image fails.
    pub fn probe_fails(&self, kind: ProbeKind) -> bool {
        match kind {
            ProbeKind::Readiness => self.readiness,
            ProbeKind::Liveness => self.liveness,
            ProbeKind::Startup => self.startup,
        }
    }

    /// A fault that makes containers of the image fail over and over (pull, crash,
    /// liveness or startup probe) rather than merely not be ready.
    pub fn loops(&self) -> bool {
        self.pull || self.crash_after.is_some() || self.liveness || self.startup
    }
}

/// All configured faults, by normalised image reference.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    by_image: BTreeMap<String, ImageFaults>,
}

static NO_FAULTS: ImageFaults = ImageFaults {
    image: String::new(),
    pull: false,
    crash_after: None,
    readiness: false,
    liveness: false,
    startup: false,
};

impl Faults {
    /// The faults of `image` (none if nothing is configured for it).
    pub fn for_image(&self, image: &str) -> &ImageFaults {
        if self.by_image.is_empty() {
            return &NO_FAULTS;
        }
        self.by_image
            .get(&normalize_image(image))
            .unwrap_or(&NO_FAULTS)
    }

    /// True when no fault is configured.
    pub fn is_empty(&self) -> bool {
        self.by_image.is_empty()
    }

    fn entry(&mut self, image: &str) -> &mut ImageFaults {
        let e = self.by_image.entry(normalize_image(image)).or_default();
        if e.image.is_empty() {
            e.image = image.to_string();
        }
        e
    }

    /// Make pulls of `image` fail.
    pub fn set_pull(&mut self, image: &str) {
        self.entry(image).pull = true;
    }

    /// Make containers of `image` exit with code 1 `after` ms after they start.
    pub fn set_crash(&mut self, image: &str, after: Millis) {
        self.entry(image).crash_after = Some(after.max(0));
    }

    /// Make the `kind` probe of containers of `image` fail.
    pub fn set_probe(&mut self, image: &str, kind: ProbeKind) {
        let e = self.entry(image);
        match kind {
            ProbeKind::Readiness => e.readiness = true,
            ProbeKind::Liveness => e.liveness = true,
            ProbeKind::Startup => e.startup = true,
        }
    }

    /// Remove the faults of `image`, or all faults; returns the images that had faults.
    pub fn clear(&mut self, image: Option<&str>) -> Vec<String> {
        match image {
            None => std::mem::take(&mut self.by_image)
                .into_values()
                .map(|f| f.image)
                .collect(),
            Some(i) => self
                .by_image
                .remove(&normalize_image(i))
                .map(|f| vec![f.image])
                .unwrap_or_default(),
        }
    }

    /// One line per active fault, as `fault list` prints them.
    pub fn list(&self) -> Vec<String> {
        let mut out = vec![];
        for f in self.by_image.values() {
            if f.pull {
                out.push(format!("image-pull {}", f.image));
            }
            if let Some(a) = f.crash_after {
                out.push(format!(
                    "crash {} --after {}",
                    f.image,
                    format_go_duration(a)
                ));
            }
            for k in [
                ProbeKind::Readiness,
                ProbeKind::Liveness,
                ProbeKind::Startup,
            ] {
                if f.probe_fails(k) {
                    out.push(format!(
                        "probe {} {}",
                        f.image,
                        k.title().to_ascii_lowercase()
                    ));
                }
            }
        }
        out
    }

    fn prune(&mut self) {
        self.by_image.retain(|_, f| !f.is_empty());
    }

    /// Run the arguments of a `fault` command. On success returns the text to print and
    /// the images whose faults changed (their pods need a kubelet sync).
    pub fn exec(&mut self, args: &[String]) -> Result<(String, Vec<String>), String> {
        let usage = "usage: fault image-pull IMAGE | fault crash IMAGE [--after DURATION] | fault probe IMAGE readiness|liveness|startup | fault clear [IMAGE] | fault list";
        let sub = args.first().map(String::as_str).unwrap_or("list");
        let rest = args.get(1..).unwrap_or(&[]);
        let res = match sub {
            "list" => {
                if !rest.is_empty() {
                    return Err(usage.into());
                }
                let l = self.list();
                return Ok((
                    if l.is_empty() {
                        "no faults\n".to_string()
                    } else {
                        l.iter().map(|s| format!("{}\n", s)).collect()
                    },
                    vec![],
                ));
            }
            "image-pull" => {
                let [image] = rest else {
                    return Err(usage.into());
                };
                check_image(image)?;
                self.set_pull(image);
                (
                    format!(
                        "fault: pulls of image {} fail from now on (ErrImagePull, then ImagePullBackOff)\n",
                        image
                    ),
                    vec![image.clone()],
                )
            }
            "crash" => {
                let mut image = None;
                let mut after = DEFAULT_CRASH_AFTER;
                let mut i = 0;
                while i < rest.len() {
                    let a = &rest[i];
                    let v = if let Some(v) = a.strip_prefix("--after=") {
                        Some(v.to_string())
                    } else if a == "--after" {
                        i += 1;
                        Some(
                            rest.get(i)
                                .cloned()
                                .ok_or("fault crash: --after needs a duration")?,
                        )
                    } else if a.starts_with('-') {
                        return Err(format!("fault crash: unknown flag {:?}", a));
                    } else if image.is_none() {
                        image = Some(a.clone());
                        None
                    } else {
                        return Err(usage.into());
                    };
                    if let Some(v) = v {
                        after = parse_duration(&v).map_err(|e| format!("fault crash: {}", e))?;
                        if after < 0 {
                            return Err("fault crash: --after must not be negative".into());
                        }
                    }
                    i += 1;
                }
                let image = image.ok_or(usage)?;
                check_image(&image)?;
                self.set_crash(&image, after);
                (
                    format!(
                        "fault: containers of image {} exit with code 1 {} after they start\n",
                        image,
                        format_go_duration(after)
                    ),
                    vec![image],
                )
            }
            "probe" => {
                let [image, kind] = rest else {
                    return Err(usage.into());
                };
                check_image(image)?;
                let k = ProbeKind::parse(kind).ok_or_else(|| {
                    format!(
                        "fault probe: unknown probe {:?} (readiness, liveness or startup)",
                        kind
                    )
                })?;
                self.set_probe(image, k);
                (
                    format!(
                        "fault: {} probes of containers of image {} fail from now on\n",
                        kind, image
                    ),
                    vec![image.clone()],
                )
            }
            "clear" => {
                let image = match rest {
                    [] => None,
                    [i] => Some(i.as_str()),
                    _ => return Err(usage.into()),
                };
                let cleared = self.clear(image);
                let msg = match (image, cleared.is_empty()) {
                    (Some(i), true) => format!("fault: no faults for image {}\n", i),
                    (Some(_), false) => {
                        format!(
                            "fault: cleared the faults of image {}\n",
                            cleared.join(", ")
                        )
                    }
                    (None, true) => "fault: no faults\n".to_string(),
                    (None, false) => {
                        format!("fault: cleared all faults ({})\n", cleared.join(", "))
                    }
                };
                (msg, cleared)
            }
            _ => return Err(usage.into()),
        };
        self.prune();
        Ok(res)
    }
}

fn check_image(image: &str) -> Result<(), String> {
    if image.is_empty() || image.starts_with('-') || image.chars().any(char::is_whitespace) {
        return Err(format!("fault: invalid image {:?}", image));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: &mut Faults, line: &str) -> Result<String, String> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        f.exec(&args).map(|(s, _)| s)
    }

    #[test]
    fn image_references_match_after_normalisation() {
        let mut f = Faults::default();
        f.set_pull("nginx");
        assert!(f.for_image("nginx:latest").pull);
        assert!(f.for_image("docker.io/library/nginx:latest").pull);
        assert!(!f.for_image("nginx:1.27").pull);
    }

    #[test]
    fn crash_defaults_to_one_second_and_parses_after() {
        let mut f = Faults::default();
        run(&mut f, "crash busybox:1.36").unwrap();
        assert_eq!(f.for_image("busybox:1.36").crash_after, Some(1000));
        run(&mut f, "crash busybox:1.36 --after 30s").unwrap();
        assert_eq!(f.for_image("busybox:1.36").crash_after, Some(30_000));
        run(&mut f, "crash busybox:1.36 --after=0s").unwrap();
        assert_eq!(f.for_image("busybox:1.36").crash_after, Some(0));
        assert!(run(&mut f, "crash busybox:1.36 --after soon").is_err());
    }

    #[test]
    fn list_and_clear_report_what_is_active() {
        let mut f = Faults::default();
        assert_eq!(run(&mut f, "").unwrap(), "no faults\n");
        run(&mut f, "image-pull nginx:bad").unwrap();
        run(&mut f, "probe web:1 readiness").unwrap();
        assert_eq!(
            run(&mut f, "list").unwrap(),
            "image-pull nginx:bad\nprobe web:1 readiness\n"
        );
        assert_eq!(
            run(&mut f, "clear docker.io/library/nginx:bad").unwrap(),
            "fault: cleared the faults of image nginx:bad\n"
        );
        assert!(f.for_image("web:1").readiness);
        run(&mut f, "clear").unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn bad_fault_commands_are_errors() {
        let mut f = Faults::default();
        for line in [
            "explode nginx",
            "image-pull",
            "probe nginx sideways",
            "crash",
            "clear a b",
        ] {
            assert!(run(&mut f, line).is_err(), "{}", line);
        }
        assert!(f.is_empty());
    }
}

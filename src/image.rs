//! Container image references as the kubelet and the container runtime see them. A leaf.

/// Image reference normalised as the runtime reports it (`docker.io/library/nginx:latest`).
pub fn normalize_image(image: &str) -> String {
    let (name, tag) = split_image(image);
    let name = if name.contains('/') {
        let first = name.split('/').next().unwrap_or("");
        if first.contains('.') || first.contains(':') || first == "localhost" {
            name.to_string()
        } else {
            format!("docker.io/{}", name)
        }
    } else {
        format!("docker.io/library/{}", name)
    };
    match tag {
        Tag::Tag(t) => format!("{}:{}", name, t),
        Tag::Digest(d) => format!("{}@{}", name, d),
        Tag::None => format!("{}:latest", name),
    }
}

/// The part of an image reference after the name.
pub enum Tag<'a> {
    None,
    Tag(&'a str),
    Digest(&'a str),
}

/// Split an image reference into its name and its tag or digest.
pub fn split_image(image: &str) -> (&str, Tag<'_>) {
    if let Some((n, d)) = image.split_once('@') {
        return (n, Tag::Digest(d));
    }
    let last_slash = image.rfind('/').map(|i| i + 1).unwrap_or(0);
    match image[last_slash..].rfind(':') {
        Some(i) => (
            &image[..last_slash + i],
            Tag::Tag(&image[last_slash + i + 1..]),
        ),
        None => (image, Tag::None),
    }
}

/// A plausible, deterministic compressed size for an image (20–200 MB).
pub fn image_size(image: &str) -> i64 {
    let h = crate::rng::fnv32a(normalize_image(image).as_bytes()) as i64;
    20_000_000 + (h % 180_000_000)
}

/// `len` hex digits derived from `seed` (FNV-32a blocks): digests, boot ids, machine ids.
pub fn hex_digest(seed: &str, len: usize) -> String {
    let mut out = String::new();
    let mut i = 0u32;
    while out.len() < len {
        out.push_str(&format!(
            "{:08x}",
            crate::rng::fnv32a(format!("{}#{}", seed, i).as_bytes())
        ));
        i += 1;
    }
    out.truncate(len);
    out
}

/// Programs that, as a container's PID 1, ignore SIGTERM: the kernel delivers no signal
/// to PID 1 whose disposition is the default, and these install no handler (a shell, sleep,
/// Node.js and Python without one). Such a container is killed with SIGKILL when the grace
/// period ends (exit code 137).
const IGNORES_SIGTERM: &[&str] = &[
    "sleep", "sh", "bash", "ash", "dash", "node", "nodejs", "python", "python2", "python3", "tail",
    "cat", "yes", "ping", "watch",
];

/// The main process of the images learners use, as their image config starts it
/// (ENTRYPOINT + CMD; an entrypoint script that `exec`s counts as the program it starts).
/// Images not listed: the documented default is a server that handles SIGTERM.
fn default_program(image: &str) -> Option<&'static str> {
    let norm = normalize_image(image);
    let name = norm.split(['@']).next().unwrap_or("");
    let repo = match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => &name[..i],
        _ => name,
    };
    Some(match repo.strip_prefix("docker.io/").unwrap_or(repo) {
        "library/busybox" | "library/alpine" => "sh",
        "library/ubuntu" | "library/debian" => "bash",
        "library/node" | "luksa/kubia" | "luksa/kubia-unhealthy" => "node",
        "library/python" => "python3",
        "library/nginx" => "nginx",
        "library/httpd" => "httpd",
        "library/redis" => "redis-server",
        "library/postgres" => "postgres",
        _ => return None,
    })
}

/// The container's PID 1 when it ignores SIGTERM (`sleep`, `sh`, `node`, …): the program's
/// name. `command` overrides the image's entrypoint, as Kubernetes does.
pub fn pid1_ignoring_sigterm(image: &str, command: &[String]) -> Option<String> {
    let program = match command.first() {
        Some(p) => p.rsplit('/').next().unwrap_or(p).to_string(),
        None => default_program(image)?.to_string(),
    };
    IGNORES_SIGTERM
        .contains(&program.as_str())
        .then_some(program)
}

#[cfg(test)]
mod sigterm_tests {
    use super::pid1_ignoring_sigterm;

    #[test]
    fn which_main_processes_ignore_sigterm() {
        let cmd = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (image, command, want) in [
            ("nginx:1.27", cmd(&[]), None),
            ("docker.io/library/nginx", cmd(&[]), None),
            ("httpd:2.4", cmd(&[]), None),
            ("redis:7", cmd(&[]), None),
            ("busybox:1.36", cmd(&["sleep", "3600"]), Some("sleep")),
            (
                "busybox:1.36",
                cmd(&["/bin/sh", "-c", "sleep 1d"]),
                Some("sh"),
            ),
            ("busybox:1.36", cmd(&[]), Some("sh")),
            ("luksa/kubia:v1", cmd(&[]), Some("node")),
            ("python:3.12", cmd(&[]), Some("python3")),
            ("nginx:1.27", cmd(&["sleep", "10"]), Some("sleep")),
            ("example.com/team/app:1", cmd(&[]), None),
        ] {
            assert_eq!(
                pid1_ignoring_sigterm(image, &command).as_deref(),
                want,
                "{image} {command:?}"
            );
        }
    }
}

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

/// The repository (`library/nginx`, `luksa/kubia`, `quay.io/x/y`) and tag (`latest` when
/// none; a digest reference counts as `latest`) of an image reference.
fn repo_and_tag(image: &str) -> (String, String) {
    let (name, tag) = split_image(image);
    let norm = normalize_image(name);
    let repo = norm.strip_suffix(":latest").unwrap_or(&norm);
    let repo = repo.strip_prefix("docker.io/").unwrap_or(repo).to_string();
    let tag = match tag {
        Tag::Tag(t) => t.to_string(),
        Tag::None | Tag::Digest(_) => "latest".to_string(),
    };
    (repo, tag)
}

/// The compressed sizes containerd reports for the images learners use (the kubelet's
/// "Image size: N bytes", linux/amd64), taken from the `Pulled` events of published
/// v1.30+ clusters on containerd (kind, kubeadm, Killercoda). Sizes that Docker-runtime
/// clusters print (minikube with cri-dockerd) are uncompressed and were left out.
/// `luksa/kubia` is an estimate: its node:7 base is 660 MB uncompressed as `docker images`
/// prints it; 40 % of that is assumed compressed.
const SIZES: &[(&str, &str, i64)] = &[
    ("library/nginx", "latest", 72_402_122),
    ("library/nginx", "1.25", 67_665_983),
    ("library/nginx", "1.27", 68_524_740),
    ("library/nginx", "1.28", 62_916_597),
    ("library/nginx", "alpine", 20_984_244),
    ("library/nginx", "1.27-alpine", 20_984_244),
    ("library/busybox", "latest", 2_236_931),
    ("library/busybox", "1.36", 2_217_006),
    ("library/alpine", "latest", 3_813_273),
    ("library/ubuntu", "latest", 29_710_357),
    ("library/redis", "latest", 45_013_665),
    ("library/httpd", "latest", 58_526_745),
    ("library/httpd", "alpine", 21_120_476),
    ("library/httpd", "2.4.52-alpine", 18_209_719),
    ("library/postgres", "latest", 161_430_709),
    ("library/postgres", "17.6", 160_049_290),
    ("library/postgres", "alpine", 109_148_447),
    ("library/postgres", "15-alpine", 109_148_447),
    ("library/postgres", "14-alpine", 108_556_583),
    ("library/node", "latest", 398_758_453),
    ("library/node", "20", 398_758_453),
    ("library/node", "alpine", 44_929_293),
    ("library/node", "18-alpine", 44_929_293),
    ("alpine/git", "latest", 37_148_396),
    ("luksa/kubia", "latest", 264_000_000),
    ("luksa/kubia-unhealthy", "latest", 264_000_000),
];

/// The compressed size of an image, as the runtime reports it after a pull: the catalogue's
/// entry for the exact tag; for another tag of a catalogued repository, its `alpine` entry
/// when the tag names Alpine, else its `latest`; for any other image, a deterministic size
/// between 20 and 200 MB derived from the reference (documented in the README).
pub fn image_size(image: &str) -> i64 {
    let (repo, tag) = repo_and_tag(image);
    let find = |t: &str| {
        SIZES
            .iter()
            .find(|(r, tt, _)| *r == repo && *tt == t)
            .map(|e| e.2)
    };
    if let Some(n) = find(&tag)
        .or_else(|| tag.contains("alpine").then(|| find("alpine")).flatten())
        .or_else(|| find("latest"))
    {
        return n;
    }
    let h = crate::rng::fnv32a(normalize_image(image).as_bytes()) as i64;
    20_000_000 + (h % 180_000_000)
}

#[cfg(test)]
mod size_tests {
    use super::image_size;

    /// Sizes printed by real kubelets ("Image size: N bytes" of `Pulled` events).
    #[test]
    fn catalogued_images_have_their_real_compressed_sizes() {
        for (image, want) in [
            ("nginx:1.27", 68_524_740),
            ("docker.io/library/nginx:1.27", 68_524_740),
            ("nginx", 72_402_122),
            ("nginx:1.27-alpine", 20_984_244),
            ("busybox:1.36", 2_217_006),
            ("busybox", 2_236_931),
            ("alpine:latest", 3_813_273),
            ("redis", 45_013_665),
            ("postgres:15-alpine", 109_148_447),
            ("httpd:alpine", 21_120_476),
            // Other tags of a catalogued repository: its Alpine or latest entry.
            ("nginx:1.26-alpine", 20_984_244),
            ("redis:7.2", 45_013_665),
            (
                "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000",
                72_402_122,
            ),
            ("luksa/kubia:v2", 264_000_000),
        ] {
            assert_eq!(image_size(image), want, "{}", image);
        }
        // Unknown images: a stable size in the documented range.
        let n = image_size("example.com/team/app:1");
        assert!((20_000_000..200_000_000).contains(&n));
        assert_eq!(n, image_size("example.com/team/app:1"));
    }

    #[test]
    fn hex_digest_is_fnv_of_each_numbered_block() {
        for (seed, len) in [
            ("", 8usize),
            ("nginx:1.27", 64),
            ("boot-worker-1", 32),
            ("x", 13),
        ] {
            let mut want = String::new();
            for i in 0..len.div_ceil(8) {
                want.push_str(&format!(
                    "{:08x}",
                    crate::rng::fnv32a(format!("{}#{}", seed, i).as_bytes())
                ));
            }
            want.truncate(len);
            assert_eq!(super::hex_digest(seed, len), want, "{seed:?}");
        }
    }
}

/// `len` hex digits derived from `seed` (FNV-32a blocks): digests, boot ids, machine ids.
/// Block `i` is the FNV-32a hash of `seed#i`; FNV hashes byte by byte, so the seed is hashed
/// once and each block goes on from there.
pub fn hex_digest(seed: &str, len: usize) -> String {
    use std::fmt::Write;
    let step = |mut h: u32, bytes: &[u8]| {
        for b in bytes {
            h ^= u32::from(*b);
            h = h.wrapping_mul(0x0100_0193);
        }
        h
    };
    let after_seed = step(0x811c_9dc5, seed.as_bytes());
    let mut out = String::with_capacity(len + 8);
    let mut i = 0u32;
    let mut digits = String::new();
    while out.len() < len {
        digits.clear();
        let _ = write!(digits, "#{}", i);
        let _ = write!(out, "{:08x}", step(after_seed, digits.as_bytes()));
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
/// (ENTRYPOINT + CMD; an entrypoint script that `exec`s counts as the program it starts),
/// and whether it is an interactive shell or REPL — which, without a terminal or stdin,
/// reads end-of-file and exits at once. Images not listed: the documented default is a
/// server that handles SIGTERM and runs until stopped.
fn default_program(image: &str) -> Option<(&'static str, bool)> {
    let norm = normalize_image(image);
    let name = norm.split(['@']).next().unwrap_or("");
    let repo = match name.rfind(':') {
        Some(i) if !name[i..].contains('/') => &name[..i],
        _ => name,
    };
    Some(match repo.strip_prefix("docker.io/").unwrap_or(repo) {
        "library/busybox" | "library/alpine" => ("sh", true),
        "library/ubuntu" | "library/debian" => ("bash", true),
        "library/node" => ("node", true),
        "luksa/kubia" | "luksa/kubia-unhealthy" => ("node", false),
        "library/python" => ("python3", true),
        "library/nginx" => ("nginx", false),
        "library/httpd" => ("httpd", false),
        "library/redis" => ("redis-server", false),
        "library/postgres" => ("postgres", false),
        _ => return None,
    })
}

/// The program that runs as PID 1: `command` replaces the entrypoint; `args` alone replace
/// the image's CMD (whose entrypoint, for these images, runs or `exec`s it).
fn pid1(image: &str, command: &[String], args: &[String]) -> Option<(String, bool)> {
    let base = |p: &String| p.rsplit('/').next().unwrap_or(p).to_string();
    if let Some(p) = command.first() {
        return Some((base(p), false));
    }
    if let Some(p) = args.first() {
        return Some((base(p), false));
    }
    default_program(image).map(|(p, interactive)| (p.to_string(), interactive))
}

/// The name of the container's main program (`nginx`, `sh`, `sleep`, …) when known.
pub fn main_program(image: &str, command: &[String], args: &[String]) -> Option<String> {
    pid1(image, command, args).map(|(p, _)| p)
}

/// Does the container's main process exit at once on its own? An image whose default is an
/// interactive shell or REPL (busybox, alpine, ubuntu, python, node), started without a
/// command, arguments, stdin or a terminal, reads end-of-file and exits with code 0 —
/// under `restartPolicy: Always`, a CrashLoopBackOff of "Completed" containers.
pub fn exits_at_once(
    image: &str,
    command: &[String],
    args: &[String],
    stdin: bool,
    tty: bool,
) -> bool {
    !stdin && !tty && pid1(image, command, args).is_some_and(|(_, interactive)| interactive)
}

/// A natural exit this far off or nearer is one `settle` waits for (a short-lived program,
/// a Job's work); a longer run (`sleep 3600`) is quiet until then, reached by `tick`/`wait`.
pub const SETTLE_EXIT_HORIZON: crate::time::Millis = 60_000;

/// How the container's main process ends on its own, when its command says so: `(after ms,
/// exit code)`. The model, taken literally: an interactive default (a shell reading
/// end-of-file) exits at once with 0; `sleep N` (`s`, `m`, `h`, `d` suffixes) exits 0 after
/// N; `true`, `echo`, `date`, `env`, `printenv`, `hostname`, `uname`, `pwd`, `id`, `whoami`
/// exit 0 at once and `false` 1; `sh|bash|ash -c SCRIPT` runs its statements in order
/// (`;`, `&&`, newlines) and exits with `exit N`'s code, else the last status. None: it runs
/// until stopped (servers, `sleep infinity`, loops, anything not in this list).
pub fn natural_exit(
    image: &str,
    command: &[String],
    args: &[String],
    stdin: bool,
    tty: bool,
) -> Option<(crate::time::Millis, i32)> {
    if exits_at_once(image, command, args, stdin, tty) {
        return Some((0, 0));
    }
    // The argv Kubernetes runs: command (then args), or args alone (images whose entrypoint
    // is empty, as for every image whose default program kubestep knows).
    let argv: Vec<&str> = if command.is_empty() {
        args.iter().map(String::as_str).collect()
    } else {
        command.iter().chain(args).map(String::as_str).collect()
    };
    let (prog, rest) = argv.split_first()?;
    let prog = prog.rsplit('/').next().unwrap_or(prog);
    match prog {
        "sh" | "bash" | "ash" | "dash" => match rest {
            // A shell with no script and no terminal reads end-of-file.
            [] if !stdin && !tty => Some((0, 0)),
            ["-c", script, ..] => script_exit(script),
            _ => None,
        },
        _ => command_exit(prog, rest),
    }
}

/// One simple command's run: (duration, status), None when it runs on (or is not modelled).
fn command_exit(prog: &str, args: &[&str]) -> Option<(crate::time::Millis, i32)> {
    match prog {
        "sleep" => {
            let mut total = 0;
            for a in args {
                total += sleep_arg(a)?;
            }
            (!args.is_empty()).then_some((total, 0))
        }
        "true" | ":" | "echo" | "date" | "env" | "printenv" | "hostname" | "uname" | "pwd"
        | "id" | "whoami" => Some((0, 0)),
        "false" => Some((0, 1)),
        _ => None,
    }
}

/// busybox/coreutils `sleep` operands: a number with an optional `s`, `m`, `h` or `d`.
fn sleep_arg(a: &str) -> Option<crate::time::Millis> {
    let (num, unit) = match a.char_indices().last()? {
        (i, c @ ('s' | 'm' | 'h' | 'd')) => (&a[..i], c),
        _ => (a, 's'),
    };
    let n: f64 = num
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    let secs = n * match unit {
        'm' => 60.0,
        'h' => 3600.0,
        'd' => 86400.0,
        _ => 1.0,
    };
    // Past a year it may as well be forever.
    (secs <= 31_536_000.0).then(|| (secs * 1000.0) as crate::time::Millis)
}

/// A `sh -c` script's run: statements split at `;`, `&&` and newlines outside quotes.
fn script_exit(script: &str) -> Option<(crate::time::Millis, i32)> {
    let stmts = crate::logs::split_statements_and(script, true)?;
    let (mut total, mut status) = (0, 0);
    for (s, after_and) in stmts.iter().map(|(s, a)| (s.trim(), *a)) {
        // `a && b`: b runs only when a succeeded (an empty statement is a syntax error
        // the shell would report: not modelled).
        if s.is_empty() {
            if after_and {
                return None;
            }
            continue;
        }
        if after_and && status != 0 {
            continue;
        }
        let words: Vec<&str> = s.split_whitespace().collect();
        let (w, rest) = words.split_first()?;
        if *w == "exit" {
            let code = match rest.first() {
                Some(n) => n.parse::<i64>().ok()?.rem_euclid(256) as i32,
                None => status,
            };
            return Some((total, code));
        }
        // Leading NAME=value words are assignments: alone they set variables; before a
        // command, its environment.
        let is_assignment = |x: &str| {
            x.split_once('=').is_some_and(|(n, _)| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        };
        let skip = words.iter().take_while(|x| is_assignment(x)).count();
        if skip == words.len() {
            status = 0;
            continue;
        }
        let (w, rest) = (&words[skip], &words[skip + 1..]);
        // A command with an unquoted expansion in its operands is still modelled when it
        // only prints (echo "$i"); any other runs on.
        let prints = matches!(*w, "echo" | "date" | "printenv" | "env");
        if !prints && rest.iter().any(|a| a.contains('$')) {
            return None;
        }
        let (d, st) = command_exit(w, if prints { &[] } else { rest })?;
        total += d;
        status = st;
    }
    Some((total, status))
}

/// The container's PID 1 when it ignores SIGTERM (`sleep`, `sh`, `node`, …): the program's
/// name. `command` overrides the image's entrypoint, as Kubernetes does.
pub fn pid1_ignoring_sigterm(image: &str, command: &[String], args: &[String]) -> Option<String> {
    let (program, _) = pid1(image, command, args)?;
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
                pid1_ignoring_sigterm(image, &command, &[]).as_deref(),
                want,
                "{image} {command:?}"
            );
        }
    }
}

#[cfg(test)]
mod exit_tests {
    use super::{exits_at_once, pid1_ignoring_sigterm};

    #[test]
    fn which_containers_exit_at_once() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        for (image, command, args, stdin, tty, want) in [
            ("busybox:1.36", v(&[]), v(&[]), false, false, true),
            ("busybox:1.36", v(&[]), v(&[]), true, true, false),
            (
                "busybox:1.36",
                v(&["sleep", "3600"]),
                v(&[]),
                false,
                false,
                false,
            ),
            (
                "busybox:1.36",
                v(&[]),
                v(&["sleep", "3600"]),
                false,
                false,
                false,
            ),
            ("alpine:3.20", v(&[]), v(&[]), false, false, true),
            ("ubuntu:24.04", v(&[]), v(&[]), false, false, true),
            ("python:3.12", v(&[]), v(&[]), false, false, true),
            ("luksa/kubia:v1", v(&[]), v(&[]), false, false, false),
            ("nginx:1.27", v(&[]), v(&[]), false, false, false),
            ("example.com/app:1", v(&[]), v(&[]), false, false, false),
        ] {
            assert_eq!(
                exits_at_once(image, &command, &args, stdin, tty),
                want,
                "{image} {command:?} {args:?}"
            );
        }
        assert_eq!(
            pid1_ignoring_sigterm("busybox:1.36", &[], &v(&["sleep", "1d"])).as_deref(),
            Some("sleep")
        );
    }
}

#[cfg(test)]
mod natural_exit_tests {
    use super::natural_exit;

    /// The command model, row by row: (image, command, args, expected (ms, exit code)).
    #[test]
    fn commands_taken_literally() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let table: Vec<(&str, Vec<String>, Vec<String>, Option<(i64, i32)>)> = vec![
            // Servers and unknown programs run until stopped.
            ("nginx:1.27", v(&[]), v(&[]), None),
            ("example.com/app:1", v(&[]), v(&[]), None),
            ("busybox:1.36", v(&["nc", "-l", "-p", "80"]), v(&[]), None),
            // An interactive default reads end-of-file.
            ("busybox:1.36", v(&[]), v(&[]), Some((0, 0))),
            ("busybox:1.36", v(&["sh"]), v(&[]), Some((0, 0))),
            // sleep, with busybox's suffixes; infinity and nonsense run on.
            (
                "busybox:1.36",
                v(&["sleep", "3600"]),
                v(&[]),
                Some((3_600_000, 0)),
            ),
            (
                "busybox:1.36",
                v(&[]),
                v(&["sleep", "1.5"]),
                Some((1_500, 0)),
            ),
            (
                "busybox:1.36",
                v(&["sleep"]),
                v(&["2m"]),
                Some((120_000, 0)),
            ),
            (
                "busybox:1.36",
                v(&["/bin/sleep", "1d"]),
                v(&[]),
                Some((86_400_000, 0)),
            ),
            ("busybox:1.36", v(&["sleep", "infinity"]), v(&[]), None),
            ("busybox:1.36", v(&["sleep", "abc"]), v(&[]), None),
            ("busybox:1.36", v(&["sleep"]), v(&[]), None),
            // One-shot commands.
            ("busybox:1.36", v(&["echo", "hello"]), v(&[]), Some((0, 0))),
            ("busybox:1.36", v(&["date"]), v(&[]), Some((0, 0))),
            ("busybox:1.36", v(&["false"]), v(&[]), Some((0, 1))),
            // sh -c scripts: statements in order, exit N, the last status.
            (
                "busybox:1.36",
                v(&["sh", "-c", "echo starting; sleep 2; exit 1"]),
                v(&[]),
                Some((2_000, 1)),
            ),
            (
                "busybox:1.36",
                v(&["/bin/sh", "-c"]),
                v(&["sleep 1 && sleep 2"]),
                Some((3_000, 0)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "echo $HOSTNAME; false"]),
                v(&[]),
                Some((0, 1)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "exit 257"]),
                v(&[]),
                Some((0, 1)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "false; exit"]),
                v(&[]),
                Some((0, 1)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "i=0\nsleep 5\nexit 0"]),
                v(&[]),
                Some((5_000, 0)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "echo 'a; exit 9'; sleep 1"]),
                v(&[]),
                Some((1_000, 0)),
            ),
            // Loops, pipes, redirections and unknown commands run on.
            (
                "busybox:1.36",
                v(&["sh", "-c", "while true; do date; sleep 1; done"]),
                v(&[]),
                None,
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "echo hi > /tmp/x; sleep 1"]),
                v(&[]),
                None,
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "wget -qO- http://web"]),
                v(&[]),
                None,
            ),
            ("busybox:1.36", v(&["sh", "-c", "sleep $T"]), v(&[]), None),
            // `&&` runs what follows only after a success.
            (
                "busybox:1.36",
                v(&["sh", "-c", "false && sleep 60"]),
                v(&[]),
                Some((0, 1)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "false && sleep 60; sleep 1"]),
                v(&[]),
                Some((1_000, 0)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "true && exit 4"]),
                v(&[]),
                Some((0, 4)),
            ),
            // An environment prefix runs the command after it.
            (
                "busybox:1.36",
                v(&["sh", "-c", "FOO=1 sleep 3; exit 2"]),
                v(&[]),
                Some((3_000, 2)),
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "DEBUG=1 ./server"]),
                v(&[]),
                None,
            ),
            (
                "busybox:1.36",
                v(&["sh", "-c", "echo $(sleep 30)"]),
                v(&[]),
                None,
            ),
        ];
        for (image, command, args, want) in table {
            assert_eq!(
                natural_exit(image, &command, &args, false, false),
                want,
                "{} {:?} {:?}",
                image,
                command,
                args
            );
        }
        // With stdin (kubectl run -i) a shell waits for input.
        assert_eq!(natural_exit("busybox:1.36", &[], &[], true, false), None);
    }
}

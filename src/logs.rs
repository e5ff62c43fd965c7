//! Container logs: what each container instance writes to stdout and stderr, as the
//! container runtime keeps it and the kubelet serves it (`GET pods/NAME/log`).
//!
//! The simulation runs no processes, so a log is derived, deterministically, from what the
//! container is: its main program (the image's entrypoint, or `command`/`args`), when the
//! instance started and how it ended, and the requests kube-proxy sent it (`request`).
//! Servers print their real startup lines (nginx, httpd, redis, postgres, the kubia app) and
//! one access line per request; `sh -c` scripts print what their `echo` and `date` commands
//! would, including the `while true; do …; sleep N; done` loops of the Kubernetes docs; an
//! injected crash ends with a line that says so.

use crate::time::{Civil, SimTime, epoch};

/// A request kube-proxy delivered to a pod: when, and from which address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub at: SimTime,
    pub client: String,
}

/// One container instance.
#[derive(Clone, Debug)]
pub struct Instance<'a> {
    pub image: &'a str,
    pub command: &'a [String],
    pub args: &'a [String],
    pub started: SimTime,
    /// How it ended: (when, exit code, reason); None while it runs.
    pub finished: Option<(SimTime, i32, &'a str)>,
    /// The pod's IP (servers log it).
    pub pod_ip: &'a str,
    /// The node's CPUs (nginx starts a worker per CPU).
    pub cpus: u32,
    /// An injected crash (`fault crash IMAGE`) ended it.
    pub crashed_by_fault: bool,
}

/// The most lines one instance yields (a loop printing every second for days stops here,
/// keeping the newest).
pub const MAX_LINES: usize = 5000;

/// The instance's log lines, oldest first, each with the time it was written, up to
/// `now`. `access` are the requests the pod received (any instance; those within this
/// instance's lifetime are logged).
pub fn lines(inst: &Instance, access: &[Access], now: SimTime) -> Vec<(SimTime, String)> {
    let t0 = inst.started;
    let end = inst.finished.map(|f| f.0).unwrap_or(now).min(now);
    let mut out: Vec<(SimTime, String)> = vec![];
    let program = crate::image::main_program(inst.image, inst.command, inst.args);
    let served = || {
        access
            .iter()
            .filter(|a| a.at >= t0 && a.at <= end)
            .collect::<Vec<_>>()
    };
    match program.as_deref() {
        Some("nginx") => {
            for l in NGINX_ENTRYPOINT {
                out.push((t0, l.to_string()));
            }
            let ts = nginx_time(t0);
            let version = nginx_version(inst.image);
            for l in [
                "using the \"epoll\" event method".to_string(),
                format!("nginx/{}", version),
                "built by gcc 12.2.0 (Debian 12.2.0-14) ".to_string(),
                "OS: Linux 6.8.0-1021-gcp".to_string(),
                "getrlimit(RLIMIT_NOFILE): 1048576:1048576".to_string(),
                "start worker processes".to_string(),
            ] {
                out.push((t0, format!("{} [notice] 1#1: {}", ts, l)));
            }
            for i in 0..inst.cpus.clamp(1, 64) {
                out.push((
                    t0,
                    format!("{} [notice] 1#1: start worker process {}", ts, 29 + i),
                ));
            }
            for a in served() {
                out.push((
                    a.at,
                    format!(
                        "{} - - [{}] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\"",
                        a.client,
                        clf_time(a.at)
                    ),
                ));
            }
        }
        Some("httpd") => {
            let ah = format!(
                "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {}. Set the 'ServerName' directive globally to suppress this message",
                inst.pod_ip
            );
            out.push((t0, ah.clone()));
            out.push((t0, ah));
            let ts = apache_time(t0);
            out.push((t0, format!("[{}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations", ts)));
            out.push((
                t0,
                format!(
                    "[{}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
                    ts
                ),
            ));
            for a in served() {
                out.push((
                    a.at,
                    format!(
                        "{} - - [{}] \"GET / HTTP/1.1\" 200 45",
                        a.client,
                        clf_time(a.at)
                    ),
                ));
            }
        }
        Some("redis-server") => {
            let ts = redis_time(t0);
            for (role, l) in [
                (
                    "C",
                    "# WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
                ),
                ("C", "* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
                (
                    "C",
                    "* Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started",
                ),
                (
                    "C",
                    "# Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf",
                ),
                ("M", "* monotonic clock: POSIX clock_gettime"),
                ("M", "* Running mode=standalone, port=6379."),
                ("M", "* Server initialized"),
                ("M", "* Ready to accept connections tcp"),
            ] {
                out.push((t0, format!("1:{} {} {}", role, ts, l)));
            }
        }
        Some("postgres") => {
            let ts = pg_time(t0);
            for l in [
                "LOG:  starting PostgreSQL 17.2 (Debian 17.2-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
                "LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
                "LOG:  listening on IPv6 address \"::\", port 5432",
                "LOG:  listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"",
                "LOG:  database system is ready to accept connections",
            ] {
                out.push((t0, format!("{} UTC [1] {}", ts, l)));
            }
        }
        Some("node") if inst.command.is_empty() && inst.args.is_empty() && is_kubia(inst.image) => {
            out.push((t0, "Kubia server starting...".to_string()));
            for a in served() {
                out.push((a.at, format!("Received request from ::ffff:{}", a.client)));
            }
        }
        Some("sh") | Some("bash") | Some("ash") | Some("dash") => {
            if let Some(script) = shell_script(inst.command, inst.args) {
                run_script(&script, t0, end, &mut out);
            }
        }
        Some("echo") => {
            let words: Vec<&str> = inst
                .command
                .iter()
                .chain(inst.args.iter())
                .skip(1)
                .map(String::as_str)
                .collect();
            out.push((t0, words.join(" ")));
        }
        Some("date") => out.push((t0, date_output(t0))),
        _ => {}
    }
    if let Some((at, code, _)) = inst.finished
        && inst.crashed_by_fault
        && at <= now
    {
        out.push((
            at,
            format!(
                "kubestep: the main process exits with code {} (fault crash {})",
                code, inst.image
            ),
        ));
    }
    out.retain(|(t, _)| *t <= end);
    if out.len() > MAX_LINES {
        out.drain(..out.len() - MAX_LINES);
    }
    out
}

fn is_kubia(image: &str) -> bool {
    let n = crate::image::normalize_image(image);
    n.starts_with("docker.io/luksa/kubia")
}

const NGINX_ENTRYPOINT: [&str; 9] = [
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
    "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
    "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
    "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
    "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
    "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
    "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

/// The nginx release an image tag stands for (the newest patch of a minor line).
fn nginx_version(image: &str) -> String {
    let tag = match crate::image::split_image(image).1 {
        crate::image::Tag::Tag(t) => t.to_string(),
        _ => "latest".to_string(),
    };
    let tag = tag.split('-').next().unwrap_or("").to_string();
    match tag.as_str() {
        "latest" | "mainline" | "1" | "1.27" => "1.27.3".into(),
        "stable" | "1.26" => "1.26.2".into(),
        "1.25" => "1.25.5".into(),
        "1.24" => "1.24.0".into(),
        t if t.matches('.').count() == 2 => t.into(),
        t if t.matches('.').count() == 1 => format!("{}.0", t),
        _ => "1.27.3".into(),
    }
}

fn civil(t: SimTime) -> (Civil, i64) {
    let ms = epoch() * 1000 + t.0;
    (Civil::from_unix(ms.div_euclid(1000)), ms.rem_euclid(1000))
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// nginx's error log time: `2025/01/01 00:00:05`.
fn nginx_time(t: SimTime) -> String {
    let (c, _) = civil(t);
    format!(
        "{:04}/{:02}/{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// Common Log Format time: `01/Jan/2025:00:00:10 +0000`.
fn clf_time(t: SimTime) -> String {
    let (c, _) = civil(t);
    format!(
        "{:02}/{}/{:04}:{:02}:{:02}:{:02} +0000",
        c.day,
        MONTHS[(c.month as usize + 11) % 12],
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// Apache's error log time: `Wed Jan 01 00:00:05.000000 2025`.
fn apache_time(t: SimTime) -> String {
    let (c, ms) = civil(t);
    format!(
        "{} {} {:02} {:02}:{:02}:{:02}.{:06} {:04}",
        DAYS[c.weekday as usize % 7],
        MONTHS[(c.month as usize + 11) % 12],
        c.day,
        c.hour,
        c.minute,
        c.second,
        ms * 1000,
        c.year
    )
}

/// Redis's log time: `01 Jan 2025 00:00:05.000`.
fn redis_time(t: SimTime) -> String {
    let (c, ms) = civil(t);
    format!(
        "{:02} {} {:04} {:02}:{:02}:{:02}.{:03}",
        c.day,
        MONTHS[(c.month as usize + 11) % 12],
        c.year,
        c.hour,
        c.minute,
        c.second,
        ms
    )
}

/// PostgreSQL's log time: `2025-01-01 00:00:05.000`.
fn pg_time(t: SimTime) -> String {
    let (c, ms) = civil(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}",
        c.year, c.month, c.day, c.hour, c.minute, c.second, ms
    )
}

/// What `date` prints in a container (busybox, UTC): `Wed Jan  1 00:00:05 UTC 2025`.
fn date_output(t: SimTime) -> String {
    let (c, _) = civil(t);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} UTC {:04}",
        DAYS[c.weekday as usize % 7],
        MONTHS[(c.month as usize + 11) % 12],
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.year
    )
}

/// The script of `sh -c SCRIPT` (from `command`, or `args` for an image whose entrypoint is
/// a shell).
fn shell_script(command: &[String], args: &[String]) -> Option<String> {
    let all: Vec<&String> = command.iter().chain(args.iter()).collect();
    let i = all.iter().position(|a| *a == "-c")?;
    all.get(i + 1).map(|s| s.to_string())
}

/// A statement of the small shell subset the logs understand.
#[derive(Clone, Debug)]
enum Stmt {
    Echo(String),
    Date,
    Sleep(i64),
    /// `i=0` / `i=$((i+1))`.
    Set(String, Expr),
    /// `while true; do …; done`.
    Loop(Vec<Stmt>),
}

#[derive(Clone, Debug)]
enum Expr {
    Lit(i64),
    Inc(String, i64),
}

/// A shell script's statements: split at `;`, `&&` and newlines outside quotes. With
/// `strict`, None when the script uses what the subset does not model (pipes, `||`,
/// redirections, background jobs, command substitution with backquotes, an open quote).
pub(crate) fn split_statements(script: &str, strict: bool) -> Option<Vec<String>> {
    split_statements_and(script, strict).map(|v| v.into_iter().map(|(s, _)| s).collect())
}

/// [`split_statements`], each statement with whether `&&` joins it to the one before (it
/// runs only if that one succeeded).
pub(crate) fn split_statements_and(script: &str, strict: bool) -> Option<Vec<(String, bool)>> {
    let mut parts: Vec<(String, bool)> = vec![];
    let mut after_and = false;
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) if c == q => {
                quote = None;
                cur.push(c);
            }
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                cur.push(c);
            }
            None if c == ';' || c == '\n' => {
                parts.push((std::mem::take(&mut cur), after_and));
                after_and = false;
            }
            None if c == '&' && chars.get(i + 1) == Some(&'&') => {
                parts.push((std::mem::take(&mut cur), after_and));
                after_and = true;
                i += 1;
            }
            None if strict && matches!(c, '|' | '>' | '<' | '&' | '`') => return None,
            None if strict && c == '$' && chars.get(i + 1) == Some(&'(') => return None,
            None => cur.push(c),
        }
        i += 1;
    }
    if strict && quote.is_some() {
        return None;
    }
    parts.push((cur, after_and));
    Some(parts)
}

/// Parse a script into the statements the logs understand, keeping `while … do … done`
/// together.
fn parse_shell(script: &str) -> Vec<Stmt> {
    let parts = split_statements(script, false).unwrap_or_default();
    // `do X` starts a loop body: make `do` a word of its own.
    let mut words: Vec<String> = vec![];
    for p in parts {
        let p = p.trim();
        if let Some(rest) = p.strip_prefix("do ") {
            words.push("do".into());
            words.push(rest.trim().to_string());
        } else if !p.is_empty() {
            words.push(p.to_string());
        }
    }
    parse_block(&words, 0).0
}

fn parse_block(parts: &[String], mut i: usize) -> (Vec<Stmt>, usize) {
    let mut out = vec![];
    while i < parts.len() {
        let p = parts[i].as_str();
        if p == "done" {
            return (out, i + 1);
        }
        if let Some(cond) = p.strip_prefix("while ") {
            let forever = matches!(cond.trim(), "true" | ":" | "[ 1 ]");
            i += 1;
            if parts.get(i).map(String::as_str) == Some("do") {
                i += 1;
            }
            let (body, next) = parse_block(parts, i);
            i = next;
            if forever {
                out.push(Stmt::Loop(body));
            }
            continue;
        }
        if let Some(st) = simple(p) {
            out.push(st);
        }
        i += 1;
    }
    (out, i)
}

fn simple(p: &str) -> Option<Stmt> {
    if p == "date" {
        return Some(Stmt::Date);
    }
    if let Some(rest) = p.strip_prefix("echo") {
        if rest.is_empty() || rest.starts_with(' ') {
            return Some(Stmt::Echo(rest.trim().to_string()));
        }
    }
    if let Some(n) = p.strip_prefix("sleep ") {
        let n = n.trim();
        let secs: f64 = n.trim_end_matches('s').parse().ok()?;
        return Some(Stmt::Sleep((secs * 1000.0) as i64));
    }
    if let Some((var, val)) = p.split_once('=')
        && !var.is_empty()
        && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        if let Ok(n) = val.parse::<i64>() {
            return Some(Stmt::Set(var.into(), Expr::Lit(n)));
        }
        // $((i+1)) / $(( i + 1 ))
        let inner: String = val
            .strip_prefix("$((")
            .and_then(|s| s.strip_suffix("))"))?
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let (v, n) = inner.split_once('+')?;
        let v = v.trim_start_matches('$');
        return Some(Stmt::Set(var.into(), Expr::Inc(v.into(), n.parse().ok()?)));
    }
    None
}

/// Expand `$var`, `${var}` and `$(date)` in an echo argument, and drop its quotes.
fn expand(arg: &str, vars: &std::collections::BTreeMap<String, i64>, t: SimTime) -> String {
    let mut out = String::new();
    let s = arg.replace("$(date)", &date_output(t));
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if quote.is_none() && (c == '"' || c == '\'') {
            quote = Some(c);
            i += 1;
            continue;
        }
        if quote == Some(c) {
            quote = None;
            i += 1;
            continue;
        }
        if c == '$' && quote != Some('\'') {
            let mut j = i + 1;
            let braced = chars.get(j) == Some(&'{');
            if braced {
                j += 1;
            }
            let start = j;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[start..j].iter().collect();
            if braced && chars.get(j) == Some(&'}') {
                j += 1;
            }
            if !name.is_empty() {
                if let Some(v) = vars.get(&name) {
                    out.push_str(&v.to_string());
                } else if name == "HOSTNAME" {
                    out.push_str("");
                }
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Run the statements from `t0` until `end`, appending what they print.
fn run_script(script: &str, t0: SimTime, end: SimTime, out: &mut Vec<(SimTime, String)>) {
    let stmts = parse_shell(script);
    let mut vars = std::collections::BTreeMap::new();
    let mut t = t0;
    let mut budget = MAX_LINES * 64;
    exec(&stmts, &mut vars, &mut t, end, out, &mut budget);
}

/// False when time ran past `end` (or the budget ran out): stop.
fn exec(
    stmts: &[Stmt],
    vars: &mut std::collections::BTreeMap<String, i64>,
    t: &mut SimTime,
    end: SimTime,
    out: &mut Vec<(SimTime, String)>,
    budget: &mut usize,
) -> bool {
    for s in stmts {
        if *t > end || *budget == 0 {
            return false;
        }
        *budget -= 1;
        match s {
            Stmt::Echo(a) => out.push((*t, expand(a, vars, *t))),
            Stmt::Date => out.push((*t, date_output(*t))),
            Stmt::Sleep(ms) => *t = t.plus(*ms),
            Stmt::Set(v, Expr::Lit(n)) => {
                vars.insert(v.clone(), *n);
            }
            Stmt::Set(v, Expr::Inc(from, n)) => {
                let x = vars.get(from).copied().unwrap_or(0) + n;
                vars.insert(v.clone(), x);
            }
            Stmt::Loop(body) => {
                // A loop that does not sleep would print without end at one instant.
                if !body.iter().any(|b| matches!(b, Stmt::Sleep(ms) if *ms > 0)) {
                    return false;
                }
                // Iterations whose lines would fall out of the kept window are skipped
                // whole: the clock moves on by their sleeps, counters by their steps.
                let period: i64 = body
                    .iter()
                    .map(|b| if let Stmt::Sleep(ms) = b { *ms } else { 0 })
                    .sum();
                let per_iter = body
                    .iter()
                    .filter(|b| matches!(b, Stmt::Echo(_) | Stmt::Date))
                    .count();
                let simple = body.iter().all(|b| match b {
                    Stmt::Set(v, Expr::Inc(from, _)) => v == from,
                    Stmt::Loop(_) => false,
                    _ => true,
                });
                if simple && per_iter > 0 && end.0 > t.0 {
                    let total = (end.0 - t.0) / period + 1;
                    let keep = (MAX_LINES / per_iter) as i64 + 1;
                    let skip = total - keep;
                    if skip > 0 {
                        *t = t.plus(skip * period);
                        for b in body {
                            if let Stmt::Set(v, Expr::Inc(_, n)) = b {
                                *vars.entry(v.clone()).or_insert(0) += n * skip;
                            }
                        }
                    }
                }
                while exec(body, vars, t, end, out, budget) {
                    if out.len() > MAX_LINES * 2 {
                        out.drain(..MAX_LINES);
                    }
                }
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn inst<'a>(image: &'a str, command: &'a [String], args: &'a [String]) -> Instance<'a> {
        Instance {
            image,
            command,
            args,
            started: SimTime(5_000),
            finished: None,
            pod_ip: "10.244.1.2",
            cpus: 2,
            crashed_by_fault: false,
        }
    }

    #[test]
    fn nginx_starts_and_logs_requests() {
        let none: Vec<String> = vec![];
        let i = inst("nginx:1.27", &none, &none);
        let access = [Access {
            at: SimTime(10_000),
            client: "10.244.0.0".into(),
        }];
        let l = lines(&i, &access, SimTime(60_000));
        assert_eq!(l.len(), 9 + 6 + 2 + 1);
        assert_eq!(l[10].1, "2025/01/01 00:00:05 [notice] 1#1: nginx/1.27.3");
        assert_eq!(
            l.last().unwrap().1,
            "10.244.0.0 - - [01/Jan/2025:00:00:10 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"curl/8.5.0\" \"-\""
        );
        // Nothing is written before the container starts.
        assert!(lines(&i, &access, SimTime(4_000)).is_empty());
    }

    #[test]
    fn the_docs_counter_loop() {
        let cmd = s(&["/bin/sh", "-c"]);
        let args = s(&["i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); sleep 1; done"]);
        let i = inst("busybox:1.36", &cmd, &args);
        let l = lines(&i, &[], SimTime(8_500));
        let text: Vec<&str> = l.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(
            text,
            [
                "0: Wed Jan  1 00:00:05 UTC 2025",
                "1: Wed Jan  1 00:00:06 UTC 2025",
                "2: Wed Jan  1 00:00:07 UTC 2025",
                "3: Wed Jan  1 00:00:08 UTC 2025",
            ]
        );
        // A week of it keeps the newest lines only, and stays quick.
        let l = lines(&i, &[], SimTime(7 * 24 * 3600 * 1000));
        assert_eq!(l.len(), MAX_LINES);
        assert!(
            l.last().unwrap().1.starts_with("604795: "),
            "{:?}",
            l.last()
        );
    }

    #[test]
    fn scripts_echo_and_crashes_say_so() {
        let cmd = s(&["sh", "-c", "echo 'hello from the pod' && sleep 3600"]);
        let none: Vec<String> = vec![];
        let mut i = inst("busybox:1.36", &cmd, &none);
        assert_eq!(lines(&i, &[], SimTime(6_000))[0].1, "hello from the pod");
        i.finished = Some((SimTime(7_000), 1, "Error"));
        i.crashed_by_fault = true;
        let l = lines(&i, &[], SimTime(9_000));
        assert_eq!(
            l.last().unwrap().1,
            "kubestep: the main process exits with code 1 (fault crash busybox:1.36)"
        );
        // sleep alone prints nothing; a loop without sleep prints nothing rather than hang.
        let cmd = s(&["sleep", "3600"]);
        assert!(lines(&inst("busybox", &cmd, &none), &[], SimTime(9_000)).is_empty());
        let cmd = s(&["sh", "-c", "while true; do echo x; done"]);
        assert!(lines(&inst("busybox", &cmd, &none), &[], SimTime(9_000)).is_empty());
    }
}

//! The differential test: real kubectl is the oracle.
//!
//! For every scenario in `scenarios/`, the kubectl lines run through the real kubectl
//! (v1.32, from PATH) against `kubestep serve --clock paused`, the other lines through
//! `kubestep ctl`; each command's stdout, stderr and exit code must equal what
//! `kubestep run` prints for the same line with the same seed, byte for byte — except for
//! the known differences listed in [`KNOWN`] and normalised by [`normalise`], each with
//! its reason (and in the README).
//!
//! `KUBESTEP_DIFF=name` runs one scenario; `KUBESTEP_DIFF_VERBOSE=1` prints every
//! difference in full.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kubestep::script::{ScriptCommand, exec_command, parse_script};
use kubestep::{Chunk, Engine, EngineConfig};

const KUBESTEP: &str = env!("CARGO_BIN_EXE_kubestep");

/// Lines whose output differs for a reason that is not a bug: (scenario, line, reason).
/// The README's "Known differences" lists the same.
const RESTARTED_AT: &str = "kubectl rollout restart stamps kubectl.kubernetes.io/restartedAt with the wall-clock time of the machine running kubectl, kubestep run with virtual time: the new pod template, its pod-template-hash and every name derived from it differ";
const DISPATCHER: &str = "the kubectl on these machines is Google Cloud SDK's dispatcher, whose own command-line front end reports unknown commands and flags through cobra (\"Error: …\" and a trailing blank line); upstream kubectl 1.32 (and the kubectl.1.32 it dispatches to) prints \"error: …\", as kubestep does";
const DRAIN_ORDER: &str = "kubectl drain evicts the pods concurrently (a goroutine each), so the order of its \"evicting pod\" and \"evicted\" lines, and of the evictions themselves (and so the names the ReplicaSet gives the replacements), changes from run to run; kubestep run evicts in name order";
const DRAIN_MESSAGES: &str = "kubectl drain groups the pods it refuses by message in a Go map, so when two kinds of pods are refused (here a bare pod and a DaemonSet pod) the order of the messages changes from run to run; kubestep run keeps the order in which the pods first met them";
const ROLLOUT_TIMEOUT: &str = "kubectl rollout status --timeout is kubectl's own wall clock, which the server cannot see: kubestep run gives up after that much virtual time (\"timed out waiting for the condition\"), while a paused kubestep serve runs the cluster for the waiting kubectl until the rollout finishes or fails (here: \"exceeded its progress deadline\")";
const REQUIRED_FLAG: &str = "the dispatcher kubectl on these machines reports a missing required flag through klog (E… run.go:72] \"command failed\" err=…); upstream kubectl 1.32 (the kubectl.1.32 it dispatches to) prints \"error: required flag(s) … not set\", as kubestep does";
const RETRY_CLOCK: &str = "kubectl drain sleeps 5s of its own wall clock before trying a refused eviction again, which the server cannot see: kubestep run moves the virtual clock 5s per retry, while under serve the cluster's clock stands still during kubectl's sleep, so the ages and timestamps after it differ";
const MAP_ORDER: &str = "kubectl describe walks a ConfigMap's or Secret's data, and a LimitRange item's resources, in Go map order, which changes from run to run; kubestep prints them in key order";
const KNOWN: &[(&str, u32, &str)] = &[
    ("config", 13, MAP_ORDER),
    ("config", 14, MAP_ORDER),
    ("quota", 30, MAP_ORDER),
    ("quota", 39, MAP_ORDER),
    ("pdb", 12, DRAIN_ORDER),
    ("pdb", 13, RETRY_CLOCK),
    ("pdb", 21, DRAIN_ORDER),
    ("pdb", 22, RETRY_CLOCK),
    ("pdb", 27, DRAIN_ORDER),
    ("cronjob", 95, REQUIRED_FLAG),
    ("hpa", 41, REQUIRED_FLAG),
    ("progress-deadline", 54, ROLLOUT_TIMEOUT),
    ("drain", 37, DRAIN_MESSAGES),
    ("drain", 39, DRAIN_ORDER),
    ("drain", 40, DRAIN_ORDER),
    ("kubectl-tour-2", 31, DISPATCHER),
    ("kubectl-tour-2", 33, DISPATCHER),
    ("kubectl-tour-2", 34, DISPATCHER),
    ("kubectl-tour-2", 45, DISPATCHER),
    ("kubectl-tour-2", 54, DISPATCHER),
    ("kubectl-tour-2", 64, DISPATCHER),
    ("bad-input", 80, DISPATCHER),
    ("bad-input", 83, DISPATCHER),
    ("bad-input", 84, DISPATCHER),
    ("bad-input", 89, DISPATCHER),
    ("bad-input", 90, DISPATCHER),
    ("bad-input", 91, DISPATCHER),
    ("bad-input", 92, DISPATCHER),
    ("rollout-control", 55, RESTARTED_AT),
    ("rollout-control", 60, RESTARTED_AT),
    ("rollout-control", 64, RESTARTED_AT),
];

/// What one command printed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Out {
    stdout: String,
    stderr: String,
    exit: i32,
}

fn kubectl_available() -> Result<(), String> {
    match Command::new("kubectl")
        .args(["version", "--client"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(s) if s.success() => Ok(()),
        _ => Err(
            "the differential test needs the real kubectl v1.32 on PATH: install it \
                  (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/, e.g. \
                  `curl -LO https://dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl && \
                  install kubectl /usr/local/bin/`), then run the tests again"
                .to_string(),
        ),
    }
}

/// Masks what kubectl computes from its own wall clock: the ages in `describe`'s Events
/// section and pod list (`describe node`), and in `kubectl events` (the simulation's clock
/// is virtual; tables, whose ages the server computes, are compared as they are). Masked
/// tables are compared cell by cell, since the ages' widths move the columns.
fn normalise(argv: &[String], text: &str) -> String {
    let verb = split_env(argv).1.get(1).map(String::as_str).unwrap_or("");
    match verb {
        // kubectl diff's temporary directories (`os.MkdirTemp`) and the files' times are
        // the machine's: `/tmp/LIVE-N`, `/tmp/MERGED-N` and the time after the tab of the
        // `---`/`+++` lines.
        "diff" => text
            .split_inclusive('\n')
            .map(|line| {
                let mut l = String::new();
                let mut rest = line;
                while let Some(i) = rest.find("/tmp/") {
                    l.push_str(&rest[..i]);
                    let tail = &rest[i..];
                    let dir = ["/tmp/LIVE-", "/tmp/MERGED-"]
                        .into_iter()
                        .find(|d| tail.starts_with(d));
                    match dir {
                        Some(d) => {
                            let digits = tail[d.len()..]
                                .chars()
                                .take_while(char::is_ascii_digit)
                                .count();
                            l.push_str(d);
                            l.push('N');
                            rest = &tail[d.len() + digits..];
                        }
                        None => {
                            l.push_str("/tmp/");
                            rest = &tail[5..];
                        }
                    }
                }
                l.push_str(rest);
                if (l.starts_with("--- /tmp/") || l.starts_with("+++ /tmp/")) && l.contains('\t') {
                    let head = l.split('\t').next().unwrap_or("").to_string();
                    l = format!("{}\t<time>\n", head);
                }
                l
            })
            .collect(),
        // The client half of `kubectl version` is the binary itself (real kubectl is
        // v1.32.x of its own build; the built-in one reports the cluster's version).
        "version" => {
            let mut out = String::new();
            let mut skipping = false;
            for line in text.split_inclusive('\n') {
                let t = line.trim_start();
                if t.starts_with("Client Version:") {
                    out.push_str("Client Version: <client>\n");
                } else if t.starts_with("\"clientVersion\"") || t.starts_with("clientVersion:") {
                    out.push_str("clientVersion: <client>\n");
                    skipping = true;
                } else if skipping
                    && (line.starts_with("    ")
                        || (line.starts_with("  ")
                            && !t.starts_with('}')
                            && !line.starts_with("  \"")))
                {
                } else if skipping && t.starts_with('}') {
                    skipping = false;
                } else {
                    skipping = false;
                    out.push_str(line);
                }
            }
            out
        }
        "describe" => {
            let mut out = String::new();
            // (section, column of the age)
            let mut section: Option<usize> = None;
            for line in text.split_inclusive('\n') {
                if line.starts_with("Events:") {
                    section = Some(2);
                } else if line.starts_with("Non-terminated Pods:") {
                    section = Some(6);
                } else if !line.starts_with(' ') {
                    section = None;
                }
                match section {
                    Some(col) if line.starts_with("  ") => out.push_str(&mask_cell(line, col)),
                    _ => out.push_str(line),
                }
            }
            out
        }
        "events" => text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    mask_cell(l, usize::MAX)
                } else {
                    mask_cell(l, 0)
                }
            })
            .collect(),
        _ => text.to_string(),
    }
}

/// A tabwriter line as its cells (split at runs of two or more spaces), the `col`-th one
/// replaced by `<age>`, joined with ` | `.
fn mask_cell(line: &str, col: usize) -> String {
    let body = line.trim_end_matches('\n');
    let indent = body.len() - body.trim_start().len();
    let mut cells: Vec<String> = vec![];
    let mut cur = String::new();
    let mut spaces = 0;
    for c in body.trim_start().chars() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        if spaces >= 2 {
            cells.push(std::mem::take(&mut cur));
        } else if spaces == 1 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    cells.push(cur);
    let is_header = cells
        .first()
        .is_some_and(|c| c == "Type" || c == "----" || c == "Namespace" || c == "---------");
    if !is_header && let Some(c) = cells.get_mut(col) {
        *c = "<age>".into();
    }
    format!("{}{}\n", " ".repeat(indent), cells.join(" | "))
}

struct Server {
    child: Child,
    kubeconfig: PathBuf,
    cache: PathBuf,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(dir: &Path) -> Server {
    let kubeconfig = dir.join("kubeconfig");
    let mut child = Command::new(KUBESTEP)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--clock",
            "paused",
            "--epoch",
            "2025-01-01T00:00:00Z",
            "--kubeconfig",
        ])
        .arg(&kubeconfig)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kubestep serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("serve prints its address");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server {
        child,
        kubeconfig,
        cache: dir.join("cache"),
        url,
    }
}

fn status(url: &str) -> serde_json::Value {
    let out = Command::new(KUBESTEP)
        .args(["ctl", "--server", url, "api", "GET", "/kubestep/v1/status"])
        .output()
        .expect("ctl runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let body = text.split_once('\n').map(|x| x.1).unwrap_or("");
    serde_json::from_str(body).unwrap_or(serde_json::Value::Null)
}

/// Run one process with a deadline; returns its output (exit 124 on timeout).
fn run(mut cmd: Command, stdin: Option<&str>, timeout: Duration) -> Out {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(s) = stdin {
        let mut i = child.stdin.take().expect("stdin");
        let _ = i.write_all(s.as_bytes());
    }
    let mut so = child.stdout.take().expect("stdout");
    let mut se = child.stderr.take().expect("stderr");
    let t1 = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = so.read_to_string(&mut s);
        s
    });
    let t2 = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = se.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let exit = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break st.code().unwrap_or(1);
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            break 124;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Out {
        stdout: t1.join().unwrap_or_default(),
        stderr: t2.join().unwrap_or_default(),
        exit,
    }
}

/// The leading `NAME=value` words of a line (`KUBE_EDITOR=… kubectl edit …`) and the rest.
fn split_env(argv: &[String]) -> (Vec<(String, String)>, &[String]) {
    let n = argv
        .iter()
        .take_while(|w| kubestep::kubectl::patch::is_assignment(w))
        .count();
    let env = argv[..n]
        .iter()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    (env, &argv[n..])
}

fn kubectl(srv: &Server, dir: &Path, argv: &[String]) -> Command {
    let (env, argv) = split_env(argv);
    let mut c = Command::new("kubectl");
    c.envs(env);
    c.args(&argv[1..])
        .env("KUBECONFIG", &srv.kubeconfig)
        .env("KUBECACHEDIR", &srv.cache)
        .env_remove("KUBECTL_EXTERNAL_DIFF")
        .current_dir(dir);
    c
}

struct Background {
    child: Child,
    out: Arc<Mutex<String>>,
}

/// One scenario: the list of differences (empty when it matches).
fn differential(path: &Path) -> Vec<String> {
    let name = path.file_stem().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let cmds: Vec<ScriptCommand> = parse_script(&text).expect("scenario parses");
    // Expected: kubestep run, command by command.
    let mut engine = Engine::new(EngineConfig::default());
    let mut expected: Vec<Out> = vec![];
    let mut watch_rows: std::collections::BTreeMap<u32, String> = Default::default();
    for cmd in &cmds {
        let o = exec_command(&mut engine, cmd);
        for c in &o.chunks {
            if let Chunk::Watch { id, text } = c {
                watch_rows.entry(*id).or_default().push_str(text);
            }
        }
        expected.push(Out {
            stdout: o.stdout(),
            stderr: o.stderr(),
            exit: o.exit,
        });
    }
    // Actual: real kubectl and kubestep ctl against kubestep serve.
    let dir = std::env::temp_dir().join(format!("kubestep-diff-{}-{}", std::process::id(), name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let srv = start_server(&dir);
    let scen_dir = path.parent().unwrap().to_path_buf();
    let mut diffs = vec![];
    let mut background: Vec<(u32, Background)> = vec![];
    for (cmd, want) in cmds.iter().zip(&expected) {
        let is_kubectl = split_env(&cmd.argv).1.first().map(String::as_str) == Some("kubectl");
        if cmd.background {
            assert!(
                is_kubectl,
                "{name}:{}: only kubectl runs in the background",
                cmd.line
            );
            let before = status(&srv.url)["watches"].as_u64().unwrap_or(0);
            let mut c = kubectl(&srv, &scen_dir, &cmd.argv);
            c.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null());
            let mut child = c.spawn().expect("kubectl starts");
            let out = Arc::new(Mutex::new(String::new()));
            let o2 = out.clone();
            let mut so = child.stdout.take().unwrap();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = so.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    o2.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            // Wait until its watch is open, so that later changes arrive as events.
            let t = Instant::now();
            while status(&srv.url)["watches"].as_u64().unwrap_or(0) <= before
                && t.elapsed() < Duration::from_secs(10)
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            background.push((cmd.line, Background { child, out }));
            continue;
        }
        let got = if is_kubectl {
            run(
                kubectl(&srv, &scen_dir, &cmd.argv),
                cmd.stdin.as_deref(),
                Duration::from_secs(30),
            )
        } else {
            let mut c = Command::new(KUBESTEP);
            c.args(["ctl", "--kubeconfig"])
                .arg(&srv.kubeconfig)
                .arg("--")
                .args(&cmd.argv);
            run(c, cmd.stdin.as_deref(), Duration::from_secs(30))
        };
        if KNOWN.iter().any(|(s, l, _)| *s == name && *l == cmd.line) {
            continue;
        }
        let w = Out {
            stdout: normalise(&cmd.argv, &want.stdout),
            stderr: normalise(&cmd.argv, &want.stderr),
            exit: want.exit,
        };
        // The built-in kubectl's kubeconfig names serve's default address.
        let here = |t: &str| t.replace(&srv.url, kubestep::kubectl::info::SERVER);
        let g = Out {
            stdout: normalise(&cmd.argv, &here(&got.stdout)),
            stderr: normalise(&cmd.argv, &here(&got.stderr)),
            exit: got.exit,
        };
        if w != g {
            diffs.push(describe_diff(&name, cmd, &w, &g));
        }
    }
    // Let the last frames arrive, then compare each background watch's whole output.
    std::thread::sleep(Duration::from_millis(400));
    for (line, mut b) in background {
        let known = KNOWN.iter().any(|(s, l, _)| *s == name && *l == line);
        let _ = b.child.kill();
        let _ = b.child.wait();
        std::thread::sleep(Duration::from_millis(50));
        let argv = &cmds.iter().find(|c| c.line == line).unwrap().argv;
        let got = normalise(argv, &b.out.lock().unwrap().clone());
        let want = normalise(argv, &watch_rows.get(&line).cloned().unwrap_or_default());
        if got != want && !known {
            diffs.push(format!(
                "{name}:{line}: background watch output differs\n{}",
                text_diff(&want, &got)
            ));
        }
    }
    drop(srv);
    let _ = std::fs::remove_dir_all(&dir);
    diffs
}

fn describe_diff(name: &str, cmd: &ScriptCommand, w: &Out, g: &Out) -> String {
    let mut s = format!("{name}:{}: $ {}\n", cmd.line, cmd.text);
    if w.exit != g.exit {
        s.push_str(&format!(
            "  exit: kubestep run {} / real kubectl {}\n",
            w.exit, g.exit
        ));
    }
    if w.stdout != g.stdout {
        s.push_str(&format!("  stdout:\n{}", text_diff(&w.stdout, &g.stdout)));
    }
    if w.stderr != g.stderr {
        s.push_str(&format!("  stderr:\n{}", text_diff(&w.stderr, &g.stderr)));
    }
    s
}

/// The first differing lines (all of them with KUBESTEP_DIFF_VERBOSE).
fn text_diff(want: &str, got: &str) -> String {
    let verbose = std::env::var("KUBESTEP_DIFF_VERBOSE").is_ok();
    let w: Vec<&str> = want.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let mut s = String::new();
    let mut shown = 0;
    for i in 0..w.len().max(g.len()) {
        let a = w.get(i).copied();
        let b = g.get(i).copied();
        if a != b {
            s.push_str(&format!(
                "    line {}:\n      run:     {:?}\n      kubectl: {:?}\n",
                i + 1,
                a.unwrap_or("<none>"),
                b.unwrap_or("<none>")
            ));
            shown += 1;
            if shown >= 3 && !verbose {
                s.push_str("    …\n");
                break;
            }
        }
    }
    s
}

#[test]
fn real_kubectl_against_serve_prints_what_kubestep_run_prints() {
    if let Err(m) = kubectl_available() {
        panic!("{m}");
    }
    let only = std::env::var("KUBESTEP_DIFF").ok();
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "kss"))
            .filter(|p| {
                only.as_deref()
                    .is_none_or(|o| p.file_stem().is_some_and(|s| s.to_string_lossy() == o))
            })
            .collect();
    paths.sort();
    let mut all = vec![];
    let mut clean = 0;
    for p in &paths {
        let d = differential(p);
        if d.is_empty() {
            clean += 1;
        }
        all.extend(d);
    }
    assert!(
        all.is_empty(),
        "{} of {} scenarios differ between kubestep run and real kubectl against kubestep serve:\n\n{}",
        paths.len() - clean,
        paths.len(),
        all.join("\n")
    );
}

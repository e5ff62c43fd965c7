//! `kubestep`: run scenario scripts against the simulated control plane, type commands into
//! a shell, or serve the Kubernetes API to real clients. All I/O of the project lives here;
//! the engine, the request layer and the script parser are pure library code.

mod ctl;
#[rustfmt::skip]
mod pb_schema;
mod protobuf;
mod serve;

use kubestep::script::{
    ParseStatus, ScriptCommand, TranscriptEntry, exec_command, parse_incremental, parse_script,
};
use kubestep::{Chunk, Engine, EngineConfig, Profile};
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;

/// mimalloc: the engine allocates on every step, and glibc's malloc is ~8% slower at it and
/// several times slower to free a big cluster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage:
  kubestep run <FILE|-> [--seed N] [--kube-version 1.32|1.26] [--transcript text|json] [--steps]
  kubestep shell [--seed N] [--kube-version 1.32|1.26] [--steps]
  kubestep serve [SCRIPT] [--addr 127.0.0.1:PORT] [--seed N] [--kube-version V]
                 [--clock paused|real|auto] [--speed X] [--kubeconfig PATH] [--epoch TIME]
  kubestep ctl [--server URL | --kubeconfig PATH] LINE...
  kubestep --help | --version";

const HELP: &str = "\
kubestep: the Kubernetes control plane as a deterministic simulation

Commands:
  run <FILE|->   Run a script of commands (FILE, or stdin for `-`) and print the transcript.
                 Failing commands do not stop the script.
  shell          Read commands from stdin, printing output as it comes.
                 `exit`, `quit` or end of input ends the session.
  serve          Run SCRIPT (if given), then serve the Kubernetes REST API on loopback, so
                 real kubectl and other clients drive the simulated cluster. Writes a
                 kubeconfig (cluster and context `kubestep`) and prints where.
                   --addr HOST:PORT   default 127.0.0.1:6443 (port 0 picks a free one)
                   --clock paused     virtual time moves only through `kubestep ctl` (default)
                   --clock real       virtual time follows the wall clock x --speed (default 1)
                   --clock auto       every write is followed by a settle (for scripts, tests)
                   --kubeconfig PATH  default ./kubestep.kubeconfig
                   --epoch TIME       wall time of virtual time zero (default: now), e.g.
                                      2025-01-01T00:00:00Z as `kubestep run` uses
  ctl            Run one script line that is not kubectl (settle, tick 30s, step 3,
                 node stop worker-2, fault …, rewind N, api …) against a running serve,
                 printing what `kubestep run` prints for it.

Options:
  --seed N              Seed of the simulation (default 0): same seed and script, same output.
  --kube-version V      Message formats of Kubernetes 1.32 (default) or 1.26.
  --transcript FORMAT   `text` (default): `$ command` then its output;
                        `json`: one JSON object per command (and per background watch row).
  --steps               Also print every step a command causes, as `step` does:
                        `#12 [00:00:01.300] component: what it did and why`.

Script syntax (a subset of sh):
  # comment             Comment and blank lines are skipped.
  'x y' \"x $y\" x\\ y     Quotes and backslash escapes as in sh; `\\` at end of line continues it.
  cmd -f - <<EOF        Following lines up to `EOF` are the command's stdin
                        (also <<'EOF', <<\"EOF\", << EOF, and <<-EOF which strips leading tabs).
  cmd &                 Run in the background (e.g. `kubectl get events --watch &`).
  Pipes, `;`, `&&`, redirections and `$VAR` / `$(...)` expansion are rejected.

Exit status: 0 when the script ran to its end, 2 for a malformed script or bad usage.";

/// Exit code for usage errors and malformed scripts.
const EXIT_USAGE: u8 = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct Options {
    seed: u64,
    profile: Profile,
    format: Format,
    file: Option<String>,
    steps: bool,
}

fn main() -> ExitCode {
    let mut args = Vec::new();
    for a in std::env::args_os().skip(1) {
        match a.into_string() {
            Ok(s) => args.push(s),
            Err(a) => return usage_error(&format!("argument is not valid UTF-8: {a:?}")),
        }
    }
    let Some(first) = args.first() else {
        return usage_error("missing command");
    };
    match first.as_str() {
        "-h" | "--help" | "help" => {
            println!("{HELP}\n\n{USAGE}");
            ExitCode::SUCCESS
        }
        "-V" | "--version" | "version" => {
            println!("kubestep {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        "run" => match parse_options(&args[1..], true) {
            Ok(Some(opts)) => cmd_run(opts),
            Ok(None) => help_exit(),
            Err(msg) => usage_error(&msg),
        },
        "shell" => match parse_options(&args[1..], false) {
            Ok(Some(opts)) => cmd_shell(opts),
            Ok(None) => help_exit(),
            Err(msg) => usage_error(&msg),
        },
        "serve" => match parse_serve_options(&args[1..]) {
            Ok(Some(opts)) => match serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("kubestep serve: {e}");
                    ExitCode::FAILURE
                }
            },
            Ok(None) => help_exit(),
            Err(msg) => usage_error(&msg),
        },
        "ctl" => cmd_ctl(&args[1..]),
        other => usage_error(&format!("unknown command {other:?}")),
    }
}

fn help_exit() -> ExitCode {
    println!("{HELP}\n\n{USAGE}");
    ExitCode::SUCCESS
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("kubestep: error: {msg}\n{USAGE}\nRun 'kubestep --help' for more.");
    ExitCode::from(EXIT_USAGE)
}

/// Parse the flags of `run` (`is_run`: FILE and `--transcript` allowed) or `shell`.
/// `Ok(None)` means `--help` was asked for.
fn parse_options(args: &[String], is_run: bool) -> Result<Option<Options>, String> {
    let mut opts = Options {
        seed: 0,
        profile: Profile::default(),
        format: Format::Text,
        file: None,
        steps: false,
    };
    let mut i = 0;
    let mut only_positional = false;
    while let Some(arg) = args.get(i) {
        i += 1;
        if only_positional || arg == "-" || !arg.starts_with('-') {
            if !is_run {
                return Err(format!("unexpected argument {arg:?}"));
            }
            if opts.file.is_some() {
                return Err(format!("unexpected extra argument {arg:?}"));
            }
            opts.file = Some(arg.clone());
            continue;
        }
        if arg == "--" {
            only_positional = true;
            continue;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        if arg == "--steps" {
            opts.steps = true;
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        let known =
            matches!(name, "--seed" | "--kube-version") || (is_run && name == "--transcript");
        if !known {
            return Err(format!("unknown flag {name:?}"));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                let v = args
                    .get(i)
                    .ok_or_else(|| format!("flag {name} needs a value"))?;
                i += 1;
                v.clone()
            }
        };
        match name {
            "--seed" => {
                opts.seed = value.parse().map_err(|_| {
                    format!("invalid --seed {value:?}: expected a non-negative integer")
                })?;
            }
            "--kube-version" => {
                opts.profile = Profile::parse(&value).ok_or_else(|| {
                    format!("invalid --kube-version {value:?}: expected 1.32 or 1.26")
                })?;
            }
            _ => {
                opts.format = match value.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    _ => {
                        return Err(format!(
                            "invalid --transcript {value:?}: expected text or json"
                        ));
                    }
                };
            }
        }
    }
    if is_run && opts.file.is_none() {
        return Err("missing script FILE (use - for stdin)".to_string());
    }
    Ok(Some(opts))
}

fn new_engine(opts: &Options) -> Engine {
    let mut e = Engine::new(EngineConfig {
        seed: opts.seed,
        profile: opts.profile,
    });
    e.set_step_lines(opts.steps);
    e
}

fn cmd_run(opts: Options) -> ExitCode {
    let file = opts.file.clone().unwrap_or_else(|| "-".to_string());
    let (display, text) = if file == "-" {
        let mut s = String::new();
        match io::stdin().read_to_string(&mut s) {
            Ok(_) => ("<stdin>".to_string(), s),
            Err(e) => {
                eprintln!("kubestep: cannot read stdin: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    } else {
        match std::fs::read_to_string(&file) {
            Ok(s) => (file.clone(), s),
            Err(e) => {
                eprintln!("kubestep: cannot read {file}: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    };
    let cmds = match parse_script(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{display}:{}: {}", e.line, e.message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut engine = new_engine(&opts);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut broken = false;
    let base = if file == "-" {
        std::path::PathBuf::from(".")
    } else {
        std::path::Path::new(&file)
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default()
    };
    for cmd in &cmds {
        load_files(&mut engine, &cmd.argv, &base);
        let entry = TranscriptEntry::new(cmd, exec_command(&mut engine, cmd));
        if broken {
            continue;
        }
        let s = match opts.format {
            Format::Text => entry.to_text(),
            Format::Json => entry.to_json_lines(),
        };
        if out
            .write_all(s.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            broken = true;
        }
    }
    if broken {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Parse `serve`'s flags (`Ok(None)` for `--help`).
fn parse_serve_options(args: &[String]) -> Result<Option<serve::ServeOptions>, String> {
    let mut o = serve::ServeOptions {
        script: None,
        addr: "127.0.0.1:6443".into(),
        seed: 0,
        profile: Profile::default(),
        clock: serve::Clock::Paused,
        speed: 1.0,
        kubeconfig: "kubestep.kubeconfig".into(),
        epoch: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(kubestep::time::EPOCH_UNIX_SECONDS),
    };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        i += 1;
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        if !arg.starts_with("--") {
            if o.script.is_some() {
                return Err(format!("unexpected extra argument {arg:?}"));
            }
            o.script = Some(arg.clone());
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (arg.as_str(), None),
        };
        if !matches!(
            name,
            "--addr"
                | "--seed"
                | "--kube-version"
                | "--clock"
                | "--speed"
                | "--kubeconfig"
                | "--epoch"
        ) {
            return Err(format!("unknown flag {name:?}"));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                let v = args
                    .get(i)
                    .ok_or_else(|| format!("flag {name} needs a value"))?;
                i += 1;
                v.clone()
            }
        };
        match name {
            "--addr" => o.addr = value,
            "--seed" => {
                o.seed = value.parse().map_err(|_| {
                    format!("invalid --seed {value:?}: expected a non-negative integer")
                })?
            }
            "--kube-version" => {
                o.profile = Profile::parse(&value).ok_or_else(|| {
                    format!("invalid --kube-version {value:?}: expected 1.32 or 1.26")
                })?
            }
            "--clock" => {
                o.clock = match value.as_str() {
                    "paused" => serve::Clock::Paused,
                    "real" => serve::Clock::Real,
                    "auto" => serve::Clock::Auto,
                    _ => {
                        return Err(format!(
                            "invalid --clock {value:?}: expected paused, real or auto"
                        ));
                    }
                }
            }
            "--speed" => {
                o.speed = match value.parse::<f64>() {
                    Ok(x) if x > 0.0 && x <= 1000.0 => x,
                    _ => {
                        return Err(format!(
                            "invalid --speed {value:?}: expected a number in (0, 1000]"
                        ));
                    }
                }
            }
            "--epoch" => {
                o.epoch = match value.parse::<k8s_openapi::jiff::Timestamp>() {
                    Ok(t) => t.as_second(),
                    Err(_) => {
                        return Err(format!(
                            "invalid --epoch {value:?}: expected an RFC 3339 time such as 2025-01-01T00:00:00Z"
                        ));
                    }
                }
            }
            _ => o.kubeconfig = value,
        }
    }
    Ok(Some(o))
}

/// `kubestep ctl [--server URL | --kubeconfig PATH] LINE...`
fn cmd_ctl(args: &[String]) -> ExitCode {
    let mut server: Option<String> = None;
    let mut kubeconfig: Option<String> = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        if name != "--server" && name != "--kubeconfig" {
            break;
        }
        let v = match inline {
            Some(v) => v,
            None => {
                i += 1;
                match args.get(i) {
                    Some(v) => v.clone(),
                    None => return usage_error(&format!("flag {name} needs a value")),
                }
            }
        };
        if name == "--server" {
            server = Some(v);
        } else {
            kubeconfig = Some(v);
        }
        i += 1;
    }
    let mut line: Vec<String> = args[i..].to_vec();
    if line.first().map(String::as_str) == Some("--") {
        line.remove(0);
    }
    if line.is_empty() {
        return usage_error("ctl: missing the script line to run");
    }
    // A body for `api POST|PUT|PATCH` and `-f -` comes from stdin when it is not a terminal.
    let wants_stdin = (line[0] == "api"
        && line.get(1).is_some_and(|m| {
            matches!(
                m.to_ascii_uppercase().as_str(),
                "POST" | "PUT" | "PATCH" | "DELETE"
            )
        }))
        || line
            .windows(2)
            .any(|w| (w[0] == "-f" || w[0] == "--filename") && w[1] == "-");
    let stdin = if wants_stdin && !io::stdin().is_terminal() {
        let mut s = String::new();
        if io::stdin().read_to_string(&mut s).is_err() {
            eprintln!("kubestep ctl: cannot read stdin");
            return ExitCode::from(EXIT_USAGE);
        }
        Some(s)
    } else {
        None
    };
    let url = match ctl::server_url(server.as_deref(), kubeconfig.as_deref()) {
        Ok(u) => u,
        Err(e) => {
            eprintln!("kubestep ctl: {e}");
            return ExitCode::FAILURE;
        }
    };
    match ctl::ctl(&url, &line, stdin) {
        Ok(code) => ExitCode::from((code & 0xff) as u8),
        Err(e) => {
            eprintln!("kubestep ctl: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Load the files a command names with `-f` (relative to `base`) into the engine; the
/// engine itself does no I/O. A missing file is left for kubectl to report.
fn load_files(engine: &mut Engine, argv: &[String], base: &std::path::Path) {
    for f in kubestep::script::file_args(argv) {
        let p = base.join(&f);
        if let Ok(text) = std::fs::read_to_string(&p) {
            engine.add_file(&f, &text);
        } else if let Ok(dir) = std::fs::read_dir(&p) {
            // A directory (`--from-file=DIR`): its regular files, as `DIR/NAME`.
            for entry in dir.flatten() {
                if entry.file_type().is_ok_and(|t| t.is_file())
                    && let Ok(text) = std::fs::read_to_string(entry.path())
                {
                    let name = entry.file_name().to_string_lossy().to_string();
                    engine.add_file(&format!("{}/{}", f.trim_end_matches('/'), name), &text);
                }
            }
        }
    }
}

/// Print one command's output as a terminal would (stderr to stderr).
fn print_chunks(chunks: &[Chunk]) -> io::Result<()> {
    let stdout = io::stdout();
    let stderr = io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    for chunk in chunks {
        match chunk {
            Chunk::Stdout(t) => out.write_all(t.as_bytes())?,
            Chunk::Watch { text, .. } => {
                out.write_all(text.as_bytes())?;
                if !text.is_empty() && !text.ends_with('\n') {
                    out.write_all(b"\n")?;
                }
            }
            Chunk::Step { index, line } => writeln!(out, "#{} {}", index, line)?,
            Chunk::Stderr(t) => {
                out.flush()?;
                err.write_all(t.as_bytes())?;
                err.flush()?;
            }
        }
    }
    out.flush()?;
    err.flush()
}

fn prompt(tty: bool, p: &str) {
    if tty {
        let mut out = io::stdout();
        let _ = out.write_all(p.as_bytes());
        let _ = out.flush();
    }
}

/// What `exit`/`quit` asks for: `Some(Ok(code))`, `Some(Err(msg))` for a bad argument,
/// `None` when the command is something else.
fn exit_request(cmd: &ScriptCommand) -> Option<Result<u8, String>> {
    match cmd.argv.as_slice() {
        [c] if c == "exit" || c == "quit" => Some(Ok(0)),
        [c, n] if c == "exit" || c == "quit" => Some(
            n.parse::<i64>()
                .map(|v| (v & 0xff) as u8)
                .map_err(|_| format!("{c}: {n}: numeric argument required")),
        ),
        _ => None,
    }
}

/// Run commands of the session; `Some(code)` when one of them ends the session.
fn run_session_commands(engine: &mut Engine, cmds: &[ScriptCommand], offset: u32) -> Option<u8> {
    for cmd in cmds {
        if let Some(req) = exit_request(cmd) {
            return Some(req.unwrap_or_else(|msg| {
                eprintln!("kubestep: {msg}");
                EXIT_USAGE
            }));
        }
        // Lines (and so watch ids) count from the start of the session.
        let mut cmd = cmd.clone();
        cmd.line += offset;
        load_files(engine, &cmd.argv, std::path::Path::new("."));
        let out = exec_command(engine, &cmd);
        if print_chunks(&out.chunks).is_err() {
            return Some(1);
        }
    }
    None
}

fn cmd_shell(opts: Options) -> ExitCode {
    let mut engine = new_engine(&opts);
    let stdin = io::stdin();
    let tty = stdin.is_terminal();
    let mut buffer = String::new();
    // Session line number of the buffer's first line, minus one.
    let mut offset: u32 = 0;
    let mut session_line: u32 = 0;
    prompt(tty, "kubestep> ");
    let mut lines = stdin.lock().lines();
    loop {
        let line = match lines.next() {
            None => break,
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                eprintln!("kubestep: cannot read stdin: {e}");
                return ExitCode::FAILURE;
            }
        };
        session_line += 1;
        if buffer.is_empty() {
            offset = session_line - 1;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        match parse_incremental(&buffer) {
            ParseStatus::Incomplete(_) => {
                prompt(tty, "> ");
                continue;
            }
            ParseStatus::Error(e) => {
                eprintln!("<stdin>:{}: {}", e.line + offset, e.message);
            }
            ParseStatus::Complete(cmds) => {
                if let Some(code) = run_session_commands(&mut engine, &cmds, offset) {
                    return ExitCode::from(code);
                }
            }
        }
        buffer.clear();
        prompt(tty, "kubestep> ");
    }
    // End of input: whatever is left is parsed as a finished script.
    if !buffer.is_empty() {
        match parse_script(&buffer) {
            Ok(cmds) => {
                if let Some(code) = run_session_commands(&mut engine, &cmds, offset) {
                    return ExitCode::from(code);
                }
            }
            Err(e) => {
                eprintln!("<stdin>:{}: {}", e.line + offset, e.message);
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    if tty {
        println!();
    }
    ExitCode::SUCCESS
}

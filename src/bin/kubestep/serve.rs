//! `kubestep serve`: the simulated cluster's REST API over HTTP, for real kubectl, client-go
//! and any other Kubernetes client.
//!
//! One thread owns the engine and handles requests one at a time, in arrival order, through
//! the library's request layer ([`kubestep::apiserver::rest`]); it also moves the clock
//! (`--clock real|auto`) and pushes new events to open watches after every change. The HTTP
//! side (axum on tokio) only carries bytes: it never touches the cluster.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc as std_mpsc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use kubestep::apiserver::rest::status::Status;
use kubestep::apiserver::rest::{self, Reply, Request, Response};
use kubestep::script::{exec_command, parse_script};
use kubestep::{Engine, EngineConfig, ExecOutput, Profile};
use tokio::sync::{mpsc, oneshot};

/// At most this many watches stay open at once (others get 429).
pub const MAX_WATCHES: usize = 256;
/// `--clock auto` settles for at most this much virtual time after a write.
const AUTO_SETTLE_MS: i64 = 10 * 60 * 1000;
/// How often the engine thread looks at the clock and at closed watches.
const TICK: Duration = Duration::from_millis(50);

/// How virtual time moves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clock {
    /// Only `kubestep ctl` commands (`tick`, `step`, `settle`) move it.
    Paused,
    /// It follows the wall clock × speed; the engine steps on its own.
    Real,
    /// After every write the cluster settles at once.
    Auto,
}

/// `kubestep serve` settings.
pub struct ServeOptions {
    pub script: Option<String>,
    pub addr: String,
    pub seed: u64,
    pub profile: Profile,
    pub clock: Clock,
    pub speed: f64,
    pub kubeconfig: String,
    /// Wall time (Unix seconds) of virtual time zero.
    pub epoch: i64,
}

/// What the engine thread answers.
enum Answer {
    Done(Response),
    Watch {
        first: Vec<u8>,
        frames: mpsc::UnboundedReceiver<Vec<u8>>,
        timeout: Option<u64>,
    },
}

struct Msg {
    req: Request,
    reply: oneshot::Sender<Answer>,
}

/// The engine's thread: requests in order, the clock, the watches.
fn engine_loop(mut engine: Engine, rx: std_mpsc::Receiver<Msg>, clock: Clock, speed: f64) {
    // Open watches: the engine's id and the channel to the HTTP stream.
    let mut watches: Vec<(u64, mpsc::UnboundedSender<Vec<u8>>)> = vec![];
    let mut last_tick = Instant::now();
    let mut carry_ms = 0.0f64;
    // Objects a polling `kubectl drain` waits for: driven together once requests pause
    // (drain evicts pods concurrently; `kubestep run` waits for all of them at once).
    let mut deferred: Vec<kubestep::object::ObjKey> = vec![];
    // A real `kubectl wait` watching for a condition: (its watch, when its last event went
    // out, the virtual deadline).
    let mut stepping: Option<(u64, Instant, kubestep::time::SimTime)> = None;
    loop {
        let msg = match rx.recv_timeout(TICK) {
            Ok(m) => Some(m),
            Err(std_mpsc::RecvTimeoutError::Timeout) => None,
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if let Some((id, since, deadline)) = stepping {
            let open = watches.iter().any(|(w, tx)| *w == id && !tx.is_closed());
            if !open {
                // kubectl saw its condition met and went: finish this instant's work.
                engine.run_now();
                engine.mark_steps();
                stepping = None;
            } else if since.elapsed() >= WAIT_PAUSE {
                stepping = step_for_wait(&mut engine, id, deadline)
                    .then(|| (id, Instant::now(), deadline));
            }
        }
        if msg.is_none() && !deferred.is_empty() {
            let keys = std::mem::take(&mut deferred);
            rest::drive(&mut engine, &rest::Wait::Gone(keys));
        }
        if let Some(Msg { req, reply }) = msg {
            let write = req.is_write();
            // A paused clock moves for a kubectl command that waits, as in `kubestep run`.
            let wait = if clock == Clock::Paused {
                rest::wait_of(&engine, &req)
            } else {
                None
            };
            // A polled object is waited for once the requests pause; a watch opens first.
            if let Some(rest::Wait::Gone(keys)) = &wait
                && !req.query.contains("watch")
            {
                for k in keys {
                    if !deferred.contains(k) {
                        deferred.push(k.clone());
                    }
                }
            }
            let (r, _out) = engine.api(&req);
            match r {
                Reply::Done(resp) => {
                    let ok = resp.code < 300;
                    let _ = reply.send(Answer::Done(resp));
                    if write && ok && clock == Clock::Auto && !req.path.starts_with("/kubestep/") {
                        let mut sink = ExecOutput::default();
                        settle_bounded(&mut engine, &mut sink);
                    }
                }
                Reply::Watch(start) => {
                    watches.retain(|(id, tx)| {
                        let open = !tx.is_closed();
                        if !open {
                            engine.watch_close(*id);
                        }
                        open
                    });
                    if watches.len() >= MAX_WATCHES {
                        let s = Status::too_many_requests(format!(
                            "too many open watches (kubestep serve allows {})",
                            MAX_WATCHES
                        ));
                        let _ = reply.send(Answer::Done(s.response()));
                    } else {
                        let (tx, frames) = mpsc::unbounded_channel();
                        let timeout = start.stream.timeout_seconds;
                        let id = engine.watch_open(start);
                        let _ = reply.send(Answer::Watch {
                            first: vec![],
                            frames,
                            timeout,
                        });
                        watches.push((id, tx));
                        if let Some(rest::Wait::UntilClosed(_)) = &wait {
                            let deadline = engine.cluster().now.plus(3600 * 1000);
                            stepping = Some((id, Instant::now(), deadline));
                        } else if let Some(w) = &wait
                            && !matches!(w, rest::Wait::Gone(_) if !req.query.contains("watch"))
                        {
                            rest::drive(&mut engine, w);
                        }
                    }
                }
            }
        }
        if clock == Clock::Real {
            let now = Instant::now();
            carry_ms += now.duration_since(last_tick).as_secs_f64() * 1000.0 * speed;
            last_tick = now;
            let ms = carry_ms.floor() as i64;
            if ms > 0 {
                carry_ms -= ms as f64;
                let mut sink = ExecOutput::default();
                engine.tick(ms.min(kubestep::engine::MAX_RUN_MS), &mut sink);
            }
        }
        // Hand new frames to the streams; a client that went away frees its watch.
        watches.retain(|(id, tx)| {
            if tx.is_closed() {
                engine.watch_close(*id);
                return false;
            }
            match engine.watch_take(*id) {
                None => false,
                Some((frames, ended)) => {
                    if !frames.is_empty() && tx.send(frames).is_err() {
                        engine.watch_close(*id);
                        return false;
                    }
                    !ended
                }
            }
        });
    }
}

/// How long a real `kubectl wait` gets to judge an event (and close its watch when the
/// condition is met) before the cluster takes its next step. kubectl needs a millisecond
/// or two; the margin is for loaded machines.
const WAIT_PAUSE: Duration = Duration::from_millis(250);

/// Run the cluster for a waiting `kubectl wait` until its watch `id` has an event to send
/// (at most a second of wall time, or the virtual deadline). False when the wait is over
/// for the server (the deadline passed, or nothing is left to run).
fn step_for_wait(engine: &mut Engine, id: u64, deadline: kubestep::time::SimTime) -> bool {
    let start = Instant::now();
    let mut sink = ExecOutput::default();
    let mut going = true;
    loop {
        if engine.cluster().now >= deadline || engine.step_once(&mut sink).is_none() {
            going = false;
            break;
        }
        if engine.watch_pending(id) || start.elapsed() > Duration::from_secs(1) {
            break;
        }
    }
    engine.mark_steps();
    going
}

/// `--clock auto`: settle after a write, bounded in virtual time (like `settle`) and in
/// wall time (one second), so no request waits long.
fn settle_bounded(engine: &mut Engine, out: &mut ExecOutput) {
    let job = engine.settle_job(AUTO_SETTLE_MS);
    let start = Instant::now();
    loop {
        if engine.settle_slice(&job, 200, out).is_some() {
            return;
        }
        if start.elapsed() > Duration::from_secs(1) {
            return;
        }
    }
}

fn kubeconfig_text(server: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: {server}\n  name: kubestep\ncontexts:\n- context:\n    cluster: kubestep\n    namespace: default\n    user: kubestep\n  name: kubestep\ncurrent-context: kubestep\npreferences: {{}}\nusers:\n- name: kubestep\n  user: {{}}\n"
    )
}

/// Build the engine and run the script (on the engine's own thread: the engine is not
/// `Send`).
fn start_engine(seed: u64, profile: Profile, script: Option<String>) -> Result<Engine, String> {
    let mut engine = Engine::new(EngineConfig { seed, profile });
    if let Some(path) = &script {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let cmds = parse_script(&text).map_err(|e| format!("{path}:{}: {}", e.line, e.message))?;
        let base = std::path::Path::new(path)
            .parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        let mut stdout = std::io::stdout();
        for cmd in &cmds {
            super::load_files(&mut engine, &cmd.argv, &base);
            let entry = kubestep::script::TranscriptEntry::new(cmd, exec_command(&mut engine, cmd));
            let _ = stdout.write_all(entry.to_text().as_bytes());
        }
        let _ = stdout.flush();
    }
    Ok(engine)
}

/// Run `kubestep serve` until interrupted.
pub fn serve(opts: ServeOptions) -> Result<(), String> {
    let addr: SocketAddr = opts.addr.parse().map_err(|_| {
        format!(
            "invalid --addr {:?}: expected HOST:PORT, e.g. 127.0.0.1:6443",
            opts.addr
        )
    })?;
    kubestep::time::set_epoch(opts.epoch);
    let (tx, rx) = std_mpsc::channel::<Msg>();
    let (ready_tx, ready_rx) = std_mpsc::channel::<Result<(), String>>();
    let (seed, profile, script, clock, speed) = (
        opts.seed,
        opts.profile,
        opts.script.clone(),
        opts.clock,
        opts.speed,
    );
    std::thread::Builder::new()
        .name("engine".into())
        .spawn(move || match start_engine(seed, profile, script) {
            Ok(engine) => {
                let _ = ready_tx.send(Ok(()));
                engine_loop(engine, rx, clock, speed);
            }
            Err(e) => {
                let _ = ready_tx.send(Err(e));
            }
        })
        .map_err(|e| e.to_string())?;
    ready_rx
        .recv()
        .map_err(|_| "the engine did not start".to_string())??;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let server = format!("http://{local}");
        std::fs::write(&opts.kubeconfig, kubeconfig_text(&server))
            .map_err(|e| format!("cannot write {}: {e}", opts.kubeconfig))?;
        if !local.ip().is_loopback() {
            eprintln!(
                "WARNING: the Kubernetes API on {local} has no authentication: anyone who can reach it can change the cluster"
            );
        }
        let clock = match opts.clock {
            Clock::Paused => "paused".to_string(),
            Clock::Auto => "auto".to_string(),
            Clock::Real => format!("real x{}", opts.speed),
        };
        println!(
            "kubestep serve: Kubernetes API at {server} (clock {clock}); kubeconfig written to {}",
            opts.kubeconfig
        );
        let _ = std::io::stdout().flush();
        let app = axum::Router::new().fallback(handler).with_state(tx);
        axum::serve(listener, app).await.map_err(|e| e.to_string())
    })
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(String::from)
}

/// The client label for step explanations: `Kubectl-Command`, else the User-Agent's product.
fn client_of(h: &HeaderMap) -> String {
    if let Some(c) = header(h, "kubectl-command") {
        return c;
    }
    header(h, "user-agent")
        .and_then(|ua| ua.split('/').next().map(String::from))
        .unwrap_or_default()
}

async fn handler(
    axum::extract::State(tx): axum::extract::State<std_mpsc::Sender<Msg>>,
    req: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    if path.len() + query.len() > rest::MAX_URL_BYTES {
        return to_http(
            Status::new(414, "RequestURITooLong", "the request URI is too long").response(),
        );
    }
    let body = match axum::body::to_bytes(body, rest::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => return to_http(Status::too_large(rest::MAX_BODY_BYTES).response()),
    };
    let mut request = Request {
        method: parts.method.as_str().to_string(),
        path,
        query,
        content_type: header(&parts.headers, "content-type"),
        accept: header(&parts.headers, "accept"),
        client: client_of(&parts.headers),
        body: body.to_vec(),
    };
    // Typed clients (kubectl's create generators) send protobuf: the engine sees the JSON
    // the same Go structs marshal to.
    if matches!(request.method.as_str(), "POST" | "PUT")
        && request
            .content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("application/vnd.kubernetes.protobuf"))
    {
        match crate::protobuf::decode(&request.body) {
            Ok(v) => {
                request.body = serde_json::to_vec(&v).unwrap_or_default();
                request.content_type = Some("application/json".into());
            }
            Err(m) => return to_http(Status::bad_request(m).response()),
        }
    }
    let head = request.method == "HEAD";
    let (otx, orx) = oneshot::channel();
    if tx
        .send(Msg {
            req: request,
            reply: otx,
        })
        .is_err()
    {
        return to_http(Status::internal("the engine stopped").response());
    }
    match orx.await {
        Err(_) => to_http(Status::internal("the engine stopped").response()),
        Ok(Answer::Done(mut r)) => {
            if head {
                r.body.clear();
            }
            to_http(r)
        }
        Ok(Answer::Watch {
            first,
            frames,
            timeout,
        }) => watch_response(first, frames, timeout),
    }
}

fn to_http(r: Response) -> axum::response::Response {
    let mut resp = axum::response::Response::new(Body::from(r.body));
    *resp.status_mut() = StatusCode::from_u16(r.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&r.content_type) {
        h.insert("content-type", v);
    }
    h.insert(
        "cache-control",
        HeaderValue::from_static("no-cache, private"),
    );
    for w in &r.warnings {
        let text = format!("299 - \"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""));
        if let Ok(v) = HeaderValue::from_str(&text) {
            h.append("warning", v);
        }
    }
    resp
}

/// A chunked `application/json` stream: the first frames, then whatever the engine sends,
/// until `timeoutSeconds` passes or the engine drops the watch.
fn watch_response(
    first: Vec<u8>,
    frames: mpsc::UnboundedReceiver<Vec<u8>>,
    timeout: Option<u64>,
) -> axum::response::Response {
    let deadline = timeout.map(|t| tokio::time::Instant::now() + Duration::from_secs(t));
    let state = (Some(first), frames, deadline);
    let stream = futures_util::stream::unfold(state, |(first, mut rx, deadline)| async move {
        if let Some(f) = first.filter(|f| !f.is_empty()) {
            return Some((
                Ok::<Bytes, std::io::Error>(Bytes::from(f)),
                (None, rx, deadline),
            ));
        }
        let next = match deadline {
            Some(d) => tokio::time::timeout_at(d, rx.recv())
                .await
                .unwrap_or_default(),
            None => rx.recv().await,
        };
        next.map(|f| (Ok(Bytes::from(f)), (None, rx, deadline)))
    });
    let mut resp = axum::response::Response::new(Body::from_stream(stream));
    let h = resp.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h.insert(
        "cache-control",
        HeaderValue::from_static("no-cache, private"),
    );
    resp
}

//! The engine's public face: a [`Cluster`] plus its history, driven by commands.
//!
//! Everything the CLI, the tests and the browser page do goes through [`Engine::exec`]
//! (one command line) or the stepping methods. The engine records every step, keeps an op
//! log of the commands that shaped the cluster, and rewinds by restoring the nearest
//! checkpoint and replaying the log deterministically.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use crate::cluster::{Cluster, ClusterShape, StepRecord};
use crate::kubectl::watch::Watch;
use crate::time::{SimTime, format_go_duration, parse_duration};

/// The longest virtual time one `tick` or `settle` may cover (24h): nodes heartbeat every
/// 10 s, so longer runs would take real minutes.
pub const MAX_RUN_MS: i64 = 24 * 3600 * 1000;

pub use crate::profile::Profile;

/// Settings for a fresh engine.
#[derive(Clone, Debug, Default)]
pub struct EngineConfig {
    pub seed: u64,
    pub profile: Profile,
}

/// A piece of terminal output, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    Stdout(String),
    Stderr(String),
    /// A row printed by a background watch (`kubectl get events --watch &`), identified by
    /// the id given when the watch was started.
    Watch {
        id: u32,
        text: String,
    },
    /// A step recorded during the command (only with [`Engine::set_step_lines`]): its
    /// number and the line `step` prints for it.
    Step {
        index: u64,
        line: String,
    },
}

/// What one command printed and its exit code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecOutput {
    pub exit: i32,
    pub chunks: Vec<Chunk>,
}

impl ExecOutput {
    /// Everything written to standard output (watch rows excluded).
    pub fn stdout(&self) -> String {
        self.chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::Stdout(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Everything written to standard error.
    pub fn stderr(&self) -> String {
        self.chunks
            .iter()
            .filter_map(|c| match c {
                Chunk::Stderr(s) => Some(s.as_str()),
                _ => None,
            })
            .collect()
    }

    pub(crate) fn out(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !s.is_empty() {
            self.chunks.push(Chunk::Stdout(s));
        }
    }

    pub(crate) fn err(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !s.is_empty() {
            self.chunks.push(Chunk::Stderr(s));
        }
    }

    /// Print an error line and set exit code 1.
    pub(crate) fn fail(&mut self, s: impl Into<String>) {
        let mut s = s.into();
        if !s.ends_with('\n') {
            s.push('\n');
        }
        self.err(s);
        self.exit = 1;
    }
}

/// A `settle` in progress (see [`Engine::settle_slice`]).
#[derive(Clone, Copy, Debug)]
pub struct SettleJob {
    start: SimTime,
    deadline: SimTime,
}

pub(crate) enum SettleUnit {
    Step,
    Moved,
    Settled,
    Busy,
}

/// One object change made by a step (see [`Engine::step_changes`]).
#[derive(Clone, Debug)]
pub struct StepChange {
    pub write: crate::cluster::WriteRec,
    pub before: Option<std::sync::Arc<crate::object::Object>>,
    pub after: Option<std::sync::Arc<crate::object::Object>>,
}

/// A command that shaped the cluster, kept for deterministic replay.
#[derive(Clone, Debug)]
enum Op {
    Exec {
        argv: Vec<String>,
        stdin: Option<String>,
        background: bool,
    },
    /// Run until exactly this many steps have been recorded (a rewind's stopping point).
    StepTo(u64),
}

/// The cluster an engine works on, shared with its checkpoints and with engine clones
/// until one of them changes it (copy on write: the first change copies the parts of the
/// cluster that are not persistent maps).
#[derive(Clone)]
pub(crate) struct Live(Arc<Cluster>);

impl Live {
    fn new(c: Cluster) -> Live {
        Live(Arc::new(c))
    }
}

impl Deref for Live {
    type Target = Cluster;
    fn deref(&self) -> &Cluster {
        &self.0
    }
}

impl DerefMut for Live {
    fn deref_mut(&mut self) -> &mut Cluster {
        Arc::make_mut(&mut self.0)
    }
}

/// The recorded steps: a persistent vector, so cloning an engine shares it.
pub type History = imbl::Vector<StepRecord>;

/// How the running command goes on from any of its steps, for a checkpoint taken inside
/// it: the commands that only run the cluster.
#[derive(Clone, Copy, Debug)]
enum Resume {
    /// `settle`: settle units until the job's deadline.
    Settle(SettleJob),
    /// `tick`: steps due until this time, then the clock moves to it.
    Tick(SimTime),
    /// Steps until this many are recorded (`step N`, "run to step K").
    StepTo(u64),
}

/// Where a command is cut short: once step `at` is recorded, the cluster as it is then
/// is kept, and the command's end restores it (see [`Engine::exec`]'s
/// `KUBESTEP_STOP_AT_STEP`, and [`Engine::rewind_to`]).
#[derive(Clone)]
struct Cut {
    at: u64,
    kept: Option<Live>,
}

#[derive(Clone)]
struct Checkpoint {
    /// Ops before this index are reflected in `cluster` (and, with `resume`, the op at
    /// this index up to the checkpoint's step).
    op_index: usize,
    cluster: Live,
    /// Taken inside the op at `op_index`, which goes on this way.
    resume: Option<Resume>,
}

/// A simulated cluster with its history. Cloning an engine is how a UI looks at an earlier
/// step without losing the future: clone, then [`Engine::rewind_to`].
#[derive(Clone)]
pub struct Engine {
    pub config: EngineConfig,
    pub(crate) cluster: Live,
    pub(crate) shape: ClusterShape,
    history: History,
    ops: imbl::Vector<Op>,
    checkpoints: Vec<Checkpoint>,
    checkpoint_steps: u64,
    /// How the running command goes on (see [`Resume`]), while it is one that only runs
    /// the cluster; checkpoints may then be taken between its steps.
    resume: Option<Resume>,
    pub(crate) watches: Vec<Watch>,
    /// Files a script may name with `-f` (the host loads them; the engine does no I/O).
    pub(crate) files: BTreeMap<String, String>,
    pub(crate) replaying: bool,
    /// Waiting commands leave their job to the host ([`Engine::set_sliced_waits`]).
    pub(crate) sliced_waits: bool,
    /// The waiting command's job, while the host runs it in slices.
    pub(crate) wait: Option<crate::waiting::WaitJob>,
    /// Interrupt the running command once this many steps are recorded
    /// (`KUBESTEP_STOP_AT_STEP`).
    pub(crate) stop_at: Option<u64>,
    /// The running command's cut (`KUBESTEP_STOP_AT_STEP`, or a rewind's target step):
    /// what the cluster was when that step was recorded.
    cut: Option<Cut>,
    /// Put a [`Chunk::Step`] in the output for every step recorded.
    step_lines: bool,
    /// Watches opened through the REST API ([`Engine::watch_open`]).
    #[cfg(not(feature = "web"))]
    api_watches: Vec<ApiWatch>,
    #[cfg(not(feature = "web"))]
    next_watch: u64,
}

/// A REST watch the engine feeds after every step.
#[cfg(not(feature = "web"))]
#[derive(Clone)]
struct ApiWatch {
    id: u64,
    stream: crate::apiserver::rest::watch::WatchStream,
    /// Frames not yet taken by the host.
    buf: Vec<u8>,
}

impl Engine {
    pub fn new(config: EngineConfig) -> Engine {
        let shape = ClusterShape::default();
        let cluster = Live::new(Cluster::new(config.seed, config.profile, &shape));
        let mut e = Engine {
            config,
            cluster: cluster.clone(),
            shape,
            history: History::new(),
            ops: imbl::Vector::new(),
            checkpoints: vec![Checkpoint {
                op_index: 0,
                cluster,
                resume: None,
            }],
            checkpoint_steps: 0,
            resume: None,
            watches: vec![],
            files: BTreeMap::new(),
            replaying: false,
            sliced_waits: false,
            wait: None,
            stop_at: None,
            cut: None,
            step_lines: false,
            #[cfg(not(feature = "web"))]
            api_watches: vec![],
            #[cfg(not(feature = "web"))]
            next_watch: 1,
        };
        e.checkpoint_steps = 0;
        e
    }

    /// The cluster as it is now.
    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    /// Every recorded step since the last reset, in order (a persistent vector: index it,
    /// iterate it, or clone it cheaply).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// Work waiting per component (`deployment-controller` → 2, …), for queue-depth displays.
    pub fn queue_depths(&self) -> BTreeMap<String, u64> {
        self.cluster.queue_depths()
    }

    /// The objects a step changed: for each write, the object before and after it (from
    /// the store's watch log; empty once that part of the log was compacted).
    pub fn step_changes(&self, rec: &StepRecord) -> Vec<StepChange> {
        rec.writes
            .iter()
            .filter_map(|w| {
                let ev = self.cluster.store.change_at(w.rev)?;
                Some(StepChange {
                    write: w.clone(),
                    before: ev.old.clone(),
                    after: if ev.ty == crate::store::WatchType::Deleted {
                        None
                    } else {
                        Some(ev.obj.clone())
                    },
                })
            })
            .collect()
    }

    /// The object `key` right after store revision `rev` (`None`: it did not exist then),
    /// for "YAML at revision": from the watch log while it reaches back that far, else by
    /// rewinding a clone of the engine to the step that made revision `rev` (step 0's
    /// cluster holds the setup's revisions) and reading it back there.
    pub fn object_at(
        &self,
        key: &crate::object::ObjKey,
        rev: i64,
    ) -> Option<Arc<crate::object::Object>> {
        if let Ok(o) = self.cluster.store.object_at(key, rev) {
            return o;
        }
        // The first step whose writes reach revision `rev` (records' revisions ascend).
        let h = &self.history;
        let (mut lo, mut hi) = (0, h.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if h[mid].revision < rev {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let k = (lo + 1).min(h.len()) as u64;
        let mut e = self.clone();
        e.rewind_to(k).ok()?;
        e.cluster.store.object_at(key, rev).ok().flatten()
    }

    /// Every revision that changed `key` since the cluster was built, with the change's
    /// type, oldest first: the setup's from step 0's watch log, then the steps' recorded
    /// writes (the watch log's own entries where it still has them). Pair with
    /// [`Engine::object_at`].
    pub fn object_revisions(
        &self,
        key: &crate::object::ObjKey,
    ) -> Vec<(i64, crate::store::WatchType)> {
        use crate::store::WatchType;
        let mut revs: BTreeMap<i64, WatchType> = BTreeMap::new();
        if let Some(cp) = self.checkpoints.first() {
            revs.extend(cp.cluster.store.changes_of(key));
        }
        for r in self.history.iter() {
            for w in &r.writes {
                if w.kind == key.kind && w.name == key.name && w.namespace == key.namespace {
                    let ty = match w.verb {
                        "create" => WatchType::Added,
                        "remove" => WatchType::Deleted,
                        _ => WatchType::Modified,
                    };
                    revs.insert(w.rev, ty);
                }
            }
        }
        revs.extend(self.cluster.store.changes_of(key));
        revs.into_iter().collect()
    }

    /// Make a file available to `kubectl … -f PATH`.
    pub fn add_file(&mut self, path: &str, content: &str) {
        self.files.insert(path.to_string(), content.to_string());
    }

    /// Run one command line (already split into words). `stdin` feeds `-f -`.
    /// `background` is `Some(id)` for a command that ends in `&`: a watch started this way
    /// keeps printing [`Chunk::Watch`] rows with that id during later commands.
    pub fn exec(
        &mut self,
        argv: &[String],
        stdin: Option<&str>,
        background: Option<u32>,
    ) -> ExecOutput {
        self.exec_cut(argv, stdin, background, None).0
    }

    /// [`Engine::exec`], cut short at step `cut` if that step is recorded during the
    /// command (a rewind replaying the op log: any command, not only those that take
    /// `KUBESTEP_STOP_AT_STEP`). Also says whether the command recorded that step, in which
    /// case the cluster is left exactly as it was right after it.
    fn exec_cut(
        &mut self,
        argv: &[String],
        stdin: Option<&str>,
        background: Option<u32>,
        cut: Option<u64>,
    ) -> (ExecOutput, bool) {
        let mut out = ExecOutput::default();
        // Leading `NAME=value` words set the environment of the command (kubectl edit's
        // KUBE_EDITOR); they are kept in the op log with the line.
        let n_env = argv
            .iter()
            .take_while(|w| crate::kubectl::patch::is_assignment(w))
            .count();
        let mut env: Vec<(String, String)> = argv[..n_env]
            .iter()
            .filter_map(|w| w.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        // kubestep's own: interrupt the command once step K is recorded (a Stop replayed).
        let mut stop_at = None;
        if let Some(i) = env
            .iter()
            .position(|(k, _)| k == crate::waiting::STOP_AT_STEP)
        {
            match env[i].1.parse::<u64>() {
                Ok(k) => stop_at = Some(k),
                Err(_) => {
                    out.fail(format!(
                        "kubestep: {} needs a step number, not {:?}",
                        crate::waiting::STOP_AT_STEP,
                        env[i].1
                    ));
                    return (out, false);
                }
            }
            env.remove(i);
        }
        let Some(cmd) = argv.get(n_env) else {
            if n_env > 0 {
                out.fail("kubestep: an environment assignment needs a command after it");
            }
            return (out, false);
        };
        let args = &argv[n_env + 1..];
        if !env.is_empty() && cmd != "kubectl"
            || stop_at.is_some() && !["kubectl", "settle", "addon"].contains(&cmd.as_str())
        {
            out.fail(format!(
                "kubestep: environment assignments are only understood before kubectl (KUBE_EDITOR, EDITOR; KUBESTEP_STOP_AT_STEP also before settle and addon), not before {:?}",
                cmd
            ));
            return (out, false);
        }
        match cmd.as_str() {
            "rewind" => {
                self.cmd_rewind(args, &mut out);
                return (out, false);
            }
            "cluster" => {
                self.cmd_cluster(args, &mut out);
                return (out, false);
            }
            _ => {}
        }
        self.maybe_checkpoint();
        self.resume = None;
        if !self.replaying {
            self.ops.push_back(Op::Exec {
                argv: argv.to_vec(),
                stdin: stdin.map(String::from),
                background: background.is_some(),
            });
        }
        // The step to stop at: the command's own, or the rewind's if that comes first.
        let stop_at = match (stop_at, cut) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.stop_at = stop_at;
        let start = self.cluster.now;
        let outer = stop_at.map(|at| self.cut.replace(Cut { at, kept: None }));
        match cmd.as_str() {
            "kubectl" => crate::kubectl::run(self, args, &env, stdin, background, &mut out),
            "node" => self.cmd_node(args, &mut out),
            "tick" => self.cmd_tick(args, &mut out),
            "step" => self.cmd_step(args, &mut out),
            "settle" => self.cmd_settle(args, &mut out),
            "proxy" => self.cmd_proxy(args, &mut out),
            "request" => self.cmd_request(args, &mut out),
            "fault" => self.cmd_fault(args, &mut out),
            "load" => self.cmd_load(args, &mut out),
            "addon" => self.cmd_addon(args, &mut out),
            #[cfg(not(feature = "web"))]
            "api" => crate::apiserver::rest::cmd_api(self, args, stdin, &mut out),
            #[cfg(feature = "web")]
            "api" => out.fail("api: raw API requests are not available in the page; use `kubestep serve` or the CLI"),
            other => out.fail(format!("kubestep: unknown command {:?}; try kubectl, cluster, node, fault, load, addon, request, proxy, api, tick, step, settle or rewind", other)),
        }
        let mut reached = false;
        if let Some(outer) = outer {
            let mine = std::mem::replace(&mut self.cut, outer).expect("installed above");
            let at = mine.at;
            reached = self.finish_cut(mine, start, &mut out) && Some(at) == cut;
        }
        if self.wait.is_none() {
            self.stop_at = None;
        }
        self.resume = None;
        (out, reached)
    }

    /// The end of a command that had a cut: if its step was recorded, put the cluster back
    /// as it was right then. A command that went on past that step (writes of its own, a
    /// wait's unit of several steps, `tick`) also loses what it printed after it and ends
    /// as interrupted there. True when the step was recorded.
    fn finish_cut(&mut self, cut: Cut, start: SimTime, out: &mut ExecOutput) -> bool {
        // `record` marked the place in the output with an empty step line.
        let mark = out.chunks.iter().rposition(
            |c| matches!(c, Chunk::Step { index, line } if *index == cut.at && line.is_empty()),
        );
        let Some(kept) = cut.kept else {
            return false;
        };
        let past = self.cluster.steps > cut.at;
        self.cluster = kept;
        self.history.truncate(cut.at as usize);
        if past {
            if let Some(i) = mark {
                out.chunks.truncate(i);
            }
            self.wait = None;
            if !self.replaying {
                // What background watches printed past the step is gone with it.
                for w in self.watches.iter_mut() {
                    w.reset(&self.cluster);
                }
                #[cfg(not(feature = "web"))]
                self.end_api_watches();
            }
            self.interrupt(start, "", out);
        } else if let Some(i) = mark {
            out.chunks.remove(i);
        }
        true
    }

    /// Mark the last command of the op log as interrupted once step `k` was recorded
    /// (`KUBESTEP_STOP_AT_STEP=k` before it), so a replay stops where it stopped.
    pub(crate) fn stop_last_op_at(&mut self, k: u64) {
        if let Some(Op::Exec { argv, .. }) = self
            .ops
            .iter_mut()
            .rev()
            .find(|o| matches!(o, Op::Exec { .. }))
        {
            argv.retain(|w| !w.starts_with(&format!("{}=", crate::waiting::STOP_AT_STEP)));
            argv.insert(0, format!("{}={}", crate::waiting::STOP_AT_STEP, k));
        }
    }

    /// Take a checkpoint before the next command if enough steps were recorded since the
    /// last one.
    fn maybe_checkpoint(&mut self) {
        self.checkpoint_if_due(None);
    }

    /// Take a checkpoint if enough steps were recorded since the last one: before a command
    /// (`resume` None), or between two steps of the running one (the last op), which goes
    /// on as `resume` says. A checkpoint shares the cluster (copy on write).
    fn checkpoint_if_due(&mut self, resume: Option<Resume>) {
        if self.replaying {
            return;
        }
        let objects = self.cluster.store.count(crate::object::Kind::Pod)
            + self.cluster.store.count(crate::object::Kind::Event);
        // Between a command's steps, sparser (objects / 4, at least 2,000 steps): after a
        // checkpoint, the next change to each node of a persistent map copies that node,
        // and a busy cluster touches nearly all of them before the next checkpoint.
        let interval = match resume {
            None => (objects / 10).max(200),
            Some(_) => (objects / 4).max(2000),
        };
        if self.cluster.steps >= self.checkpoint_steps + interval {
            let op_index = match resume {
                None => self.ops.len(),
                Some(_) if self.ops.is_empty() => return,
                Some(_) => self.ops.len() - 1,
            };
            // The checkpoint's own copy, its watch log compacted to a short window (the
            // live cluster keeps its own), so checkpoints do not keep every old revision.
            let mut cluster = (*self.cluster).clone();
            let keep_from =
                cluster.delivered.min(cluster.store.revision()) - crate::store::CHECKPOINT_WINDOW;
            if keep_from > 0 {
                cluster.store.compact(keep_from);
            }
            self.checkpoints.push(Checkpoint {
                op_index,
                cluster: Live::new(cluster),
                resume,
            });
            self.checkpoint_steps = self.cluster.steps;
            self.thin_checkpoints();
        }
    }

    /// Thin the checkpoints out so that, going back from the newest, each one kept is at
    /// least twice as far from the newest as the one kept after it (the first, the fresh
    /// cluster, always stays). Rewinding d steps back then replays about d steps at most,
    /// and a session of n steps keeps O(log n) checkpoints: each one holds the objects
    /// that changed since it was taken, so many old ones would cost as much memory as the
    /// cluster many times over.
    fn thin_checkpoints(&mut self) {
        let n = self.checkpoints.len();
        if n <= 2 {
            return;
        }
        let newest = self.checkpoints[n - 1].cluster.steps;
        let mut keep = vec![false; n];
        keep[0] = true;
        keep[n - 1] = true;
        let mut last = newest;
        for i in (1..n - 1).rev() {
            let s = self.checkpoints[i].cluster.steps;
            if newest - s >= 2 * (newest - last) {
                keep[i] = true;
                last = s;
            }
        }
        let mut i = 0;
        self.checkpoints.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }

    /// Free the engine's parts one at a time, calling `freed` with each part's name after
    /// it is gone, so a counting allocator can attribute the live bytes
    /// (`examples/memory.rs`). Parts shared with a part freed later are counted there. The
    /// engine is useless afterwards.
    #[doc(hidden)]
    pub fn free_parts(&mut self, freed: &mut dyn FnMut(&str)) {
        self.checkpoints.clear();
        self.cut = None;
        freed("checkpoints");
        let cluster = std::mem::replace(
            &mut self.cluster,
            Live::new(Cluster::new(
                0,
                self.config.profile,
                &ClusterShape::default(),
            )),
        );
        let mut cluster = Arc::try_unwrap(cluster.0).unwrap_or_else(|a| (*a).clone());
        let mut history = std::mem::take(&mut self.history);
        for r in history.iter_mut() {
            r.why = Vec::new();
        }
        freed("history: why");
        for r in history.iter_mut() {
            r.events = Vec::new();
        }
        freed("history: events");
        for r in history.iter_mut() {
            r.writes = Vec::new();
        }
        freed("history: writes");
        drop(history);
        freed("history: records");
        self.ops = imbl::Vector::new();
        freed("op log");
        self.watches.clear();
        freed("kubectl watches");
        cluster.free_parts(freed);
    }

    /// Whether commands also output a [`Chunk::Step`] line for every step they cause
    /// (transcripts that show why, e.g. the golden tests and `kubestep run --steps`).
    pub fn set_step_lines(&mut self, on: bool) {
        self.step_lines = on;
    }

    /// Record a step, and let background watches print what it changed.
    pub(crate) fn record(&mut self, rec: StepRecord, out: &mut ExecOutput) {
        if self.step_lines && !self.replaying {
            out.chunks.push(Chunk::Step {
                index: rec.index,
                line: rec.line(),
            });
        }
        self.history.push_back(rec);
        self.poll_watches(out);
        #[cfg(not(feature = "web"))]
        self.poll_api_watches();
        if let Some(c) = &mut self.cut
            && c.kept.is_none()
            && self.cluster.steps == c.at
        {
            c.kept = Some(self.cluster.clone());
            // Where the command's output stands at that step (see `finish_cut`).
            out.chunks.push(Chunk::Step {
                index: c.at,
                line: String::new(),
            });
        }
    }
}

#[cfg(not(feature = "web"))]
impl Engine {
    /// Keep a REST watch open: the engine appends its frames after every step (so each
    /// event is rendered at the virtual time it happened). Returns its id.
    pub fn watch_open(&mut self, start: crate::apiserver::rest::watch::WatchStart) -> u64 {
        let id = self.next_watch;
        self.next_watch += 1;
        self.api_watches.push(ApiWatch {
            id,
            stream: start.stream,
            buf: start.frames,
        });
        id
    }

    /// The frames of watch `id` since the last call, and whether the stream has ended
    /// (`None` for an unknown id). An ended watch is forgotten.
    pub fn watch_take(&mut self, id: u64) -> Option<(Vec<u8>, bool)> {
        self.poll_api_watches();
        let i = self.api_watches.iter().position(|w| w.id == id)?;
        let w = &mut self.api_watches[i];
        let frames = std::mem::take(&mut w.buf);
        let ended = w.stream.ended;
        if ended {
            self.api_watches.remove(i);
        }
        Some((frames, ended))
    }

    /// Whether watch `id` has frames its client has not taken yet.
    pub fn watch_pending(&mut self, id: u64) -> bool {
        self.poll_api_watches();
        self.api_watches
            .iter()
            .any(|w| w.id == id && !w.buf.is_empty())
    }

    /// Run what is due at the current instant without moving the clock (what a cluster
    /// finishes within milliseconds after a waiting client got its answer).
    pub fn run_now(&mut self) {
        let mut sink = ExecOutput::default();
        self.drain_now(&mut sink);
    }

    /// Forget watch `id` (its client went away).
    pub fn watch_close(&mut self, id: u64) {
        self.api_watches.retain(|w| w.id != id);
    }

    /// Open REST watches.
    pub fn watch_count(&self) -> usize {
        self.api_watches.len()
    }

    fn poll_api_watches(&mut self) {
        if self.replaying || self.api_watches.is_empty() {
            return;
        }
        let c = &self.cluster;
        for w in self.api_watches.iter_mut() {
            let f = w.stream.poll(c);
            w.buf.extend(f);
        }
    }

    /// History was rewritten (rewind, reset): REST watchers cannot follow time backwards,
    /// so their streams end (clients relist, as after any closed watch).
    fn end_api_watches(&mut self) {
        for w in self.api_watches.iter_mut() {
            w.stream.ended = true;
        }
    }

    /// Serve one REST request (what `kubestep serve` does for every HTTP request). Writes
    /// are logged as the script line `api METHOD PATH …` with the body as stdin, so
    /// sessions driven by real clients rewind and export like any other.
    pub fn api(
        &mut self,
        req: &crate::apiserver::rest::Request,
    ) -> (crate::apiserver::rest::Reply, ExecOutput) {
        let mut out = ExecOutput::default();
        if req.is_write() && !req.path.starts_with("/kubestep/") {
            self.maybe_checkpoint();
            self.resume = None;
            if !self.replaying {
                self.ops.push_back(Op::Exec {
                    argv: req.to_argv(),
                    stdin: (!req.body.is_empty())
                        .then(|| String::from_utf8_lossy(&req.body).into_owned()),
                    background: false,
                });
            }
        }
        let reply = crate::apiserver::rest::handle(self, req, &mut out);
        (reply, out)
    }
}

impl Engine {
    pub(crate) fn poll_watches(&mut self, out: &mut ExecOutput) {
        if self.replaying || self.watches.is_empty() {
            return;
        }
        let mut watches = std::mem::take(&mut self.watches);
        for w in watches.iter_mut() {
            for row in w.poll(&self.cluster) {
                out.chunks.push(crate::Chunk::Watch {
                    id: w.id,
                    text: row,
                });
            }
        }
        self.watches = watches;
    }

    /// How `kubectl rollout status` lets the cluster run: one step at a time (never past
    /// `deadline`), calling `check` after each; `Some(_)` from it ends the wait, after which
    /// whatever is queued at that instant runs too. Returns false on the deadline.
    /// `kubestep serve` drives a waiting real kubectl the same way when the clock is paused.
    pub fn wait_rollout(
        &mut self,
        deadline: SimTime,
        out: &mut ExecOutput,
        check: &mut dyn FnMut(&Engine, &mut ExecOutput) -> Option<bool>,
    ) -> bool {
        loop {
            let mut sink = ExecOutput::default();
            let Some(rec) = self.cluster.step_until(deadline) else {
                return false;
            };
            self.record(rec, &mut sink);
            // Watch rows of background watches come out as they happen.
            out.chunks.extend(sink.chunks);
            if check(self, out).is_some() {
                self.drain_now(out);
                return true;
            }
        }
    }

    /// How `kubectl delete` and `kubectl drain` wait: settle until none of `keys` exists.
    /// `Err` when it stopped with some still there: at `deadline`, or because the cluster
    /// settled with them present — then nothing more will happen, and kubectl would wait
    /// until its own timeout (a week for `delete`, forever for `drain`).
    pub fn wait_gone(
        &mut self,
        keys: &[crate::object::ObjKey],
        deadline: SimTime,
        out: &mut ExecOutput,
        on_gone: &mut dyn FnMut(&crate::object::ObjKey),
    ) -> Result<(), StuckWait> {
        let mut pending = crate::waiting::with_uids(&self.cluster.store, keys);
        let mut check = |eng: &Engine, pending: &mut Vec<(crate::object::ObjKey, String)>| {
            pending.retain(|(k, uid)| {
                let gone = crate::waiting::is_gone(&eng.cluster.store, k, uid);
                if gone {
                    on_gone(k);
                }
                !gone
            });
            pending.is_empty()
        };
        // kubectl's wait looks first (`IsDeleted` GETs the object): gone means done.
        if check(self, &mut pending) {
            return Ok(());
        }
        let settled = self.settle_until(deadline, out, &mut |eng| check(eng, &mut pending));
        if pending.is_empty() {
            Ok(())
        } else {
            Err(StuckWait {
                left: pending.into_iter().map(|(k, _)| k).collect(),
                settled,
            })
        }
    }

    /// Put "run to the current step" in the op log: steps a host made outside any command
    /// (`kubestep serve` driving a waiting client) replay on rewind and export.
    pub fn mark_steps(&mut self) {
        if self.replaying {
            return;
        }
        let k = self.cluster.steps;
        let already = matches!(self.ops.last(), Some(Op::StepTo(x)) if *x == k);
        if !already {
            self.ops.push_back(Op::StepTo(k));
        }
    }

    /// Run everything queued at the current instant without advancing the clock: what a
    /// real cluster finishes within milliseconds (event posts, status updates) after a
    /// command that waited for a condition returns.
    pub(crate) fn drain_now(&mut self, out: &mut ExecOutput) {
        while let Some(rec) = self.cluster.run_one_now() {
            self.record(rec, out);
        }
    }

    /// Run one step (advancing the clock to the next timer if nothing is queued).
    ///
    /// This is a building block of `step`/`tick`/`settle` and is *not* written to the op
    /// log: a host that wants its session to be exportable and rewindable (the page) runs
    /// `exec(["step"])` instead.
    pub fn step_once(&mut self, out: &mut ExecOutput) -> Option<StepRecord> {
        let limit = self.cluster.now.plus(24 * 3600 * 1000);
        let rec = self.cluster.step_until(limit)?;
        self.record(rec.clone(), out);
        Some(rec)
    }

    /// Advance virtual time by `ms`, running every step that becomes due.
    pub fn tick(&mut self, ms: i64, out: &mut ExecOutput) {
        let target = self.cluster.now.plus(ms);
        self.tick_to(target, out);
    }

    /// Run every step due until `target`, then move the clock to it (cut short at a cut).
    fn tick_to(&mut self, target: SimTime, out: &mut ExecOutput) {
        while let Some(rec) = self.cluster.step_until(target) {
            self.record(rec, out);
            if self.cut_reached() {
                // A rewind's replay: what follows would be undone.
                return;
            }
            if self.resume.is_some() {
                self.checkpoint_if_due(Some(Resume::Tick(target)));
            }
        }
        self.cluster.advance_to(target);
    }

    /// Whether the running command has recorded the step it is to be cut short at.
    fn cut_reached(&self) -> bool {
        self.cut.as_ref().is_some_and(|c| c.kept.is_some())
    }

    /// Run until nothing but routine timers is pending, or until `timeout` passes.
    /// Returns whether the cluster settled.
    pub fn settle(&mut self, timeout: i64, out: &mut ExecOutput) -> bool {
        let deadline = self.cluster.now.plus(timeout);
        self.settle_until(deadline, out, &mut |_| false)
    }

    /// Settle, also stopping when `done` says so after a step.
    pub(crate) fn settle_until(
        &mut self,
        deadline: SimTime,
        out: &mut ExecOutput,
        done: &mut dyn FnMut(&Engine) -> bool,
    ) -> bool {
        loop {
            match self.settle_unit(deadline, out) {
                SettleUnit::Settled => return true,
                SettleUnit::Busy => return false,
                SettleUnit::Step => {
                    if done(self) {
                        return true;
                    }
                }
                SettleUnit::Moved => {}
            }
        }
    }

    /// One unit of settling: a recorded step, a clock move, or the verdict.
    pub(crate) fn settle_unit(&mut self, deadline: SimTime, out: &mut ExecOutput) -> SettleUnit {
        if let Some(rec) = self.cluster.run_one_now() {
            self.record(rec, out);
            return SettleUnit::Step;
        }
        let Some(next) = self.cluster.next_timer(true) else {
            return SettleUnit::Settled;
        };
        if next > deadline {
            if let Some(rec) = self.cluster.step_until(deadline) {
                self.record(rec, out);
                return SettleUnit::Step;
            }
            self.cluster.advance_to(deadline);
            return SettleUnit::Busy;
        }
        if self.cluster.now < next
            && let Some(rec) = self.cluster.step_until(next)
        {
            self.record(rec, out);
            return SettleUnit::Step;
        }
        self.cluster.advance_to(next);
        SettleUnit::Moved
    }

    /// Start a `settle` that a caller runs in slices (a page between frames).
    pub fn settle_job(&self, timeout_ms: i64) -> SettleJob {
        SettleJob {
            start: self.cluster.now,
            deadline: self.cluster.now.plus(timeout_ms),
        }
    }

    /// Run up to `max_steps` steps of a settle job. `None`: more to do; `Some(line)`: done,
    /// with the line `settle` prints (`settled in 4.914s` / `still busy after 10m0s`).
    pub fn settle_slice(
        &mut self,
        job: &SettleJob,
        max_steps: u32,
        out: &mut ExecOutput,
    ) -> Option<String> {
        let mut n = 0;
        loop {
            if let Some(k) = self.stop_at
                && self.cluster.steps >= k
            {
                self.interrupt(job.start, "", out);
                return Some(String::new());
            }
            let verdict = match self.settle_unit(job.deadline, out) {
                SettleUnit::Settled => true,
                SettleUnit::Busy => false,
                SettleUnit::Step => {
                    if self.resume.is_some() {
                        self.checkpoint_if_due(Some(Resume::Settle(*job)));
                    }
                    n += 1;
                    if n >= max_steps {
                        return None;
                    }
                    continue;
                }
                SettleUnit::Moved => continue,
            };
            let took = format_go_duration(self.cluster.now.0 - job.start.0);
            return Some(if verdict {
                format!("settled in {}\n", took)
            } else {
                format!("still busy after {}\n", took)
            });
        }
    }

    /// Interrupt a `settle` run in slices (the page's Stop), keeping it in the op log as
    /// interrupted at this step.
    pub fn stop_settle(&mut self, job: &SettleJob, out: &mut ExecOutput) {
        self.interrupt(job.start, "", out);
        let k = self.cluster.steps;
        self.stop_last_op_at(k);
    }

    fn cmd_tick(&mut self, args: &[String], out: &mut ExecOutput) {
        let ms =
            match args {
                [] => 1000,
                [d] => match parse_duration(d) {
                    Ok(ms) if ms <= MAX_RUN_MS => ms,
                    Ok(_) => return out.fail(
                        "tick: at most 24h at a time (heartbeats keep every virtual second busy)",
                    ),
                    Err(e) => return out.fail(format!("tick: {}", e)),
                },
                _ => return out.fail("usage: tick [DURATION]"),
            };
        let target = self.cluster.now.plus(ms);
        self.resume = Some(Resume::Tick(target));
        self.tick_to(target, out);
    }

    fn cmd_step(&mut self, args: &[String], out: &mut ExecOutput) {
        let n: u64 = match args {
            [] => 1,
            [n] => match n.parse() {
                Ok(n) if n <= 1_000_000 => n,
                _ => return out.fail(format!("step: invalid count {:?}", n)),
            },
            _ => return out.fail("usage: step [N]"),
        };
        let target = Resume::StepTo(self.cluster.steps + n);
        self.resume = Some(target);
        for _ in 0..n {
            if self.cut_reached() {
                break;
            }
            match self.step_once(out) {
                Some(rec) => {
                    out.out(format!("{}\n", rec.line()));
                    self.checkpoint_if_due(Some(target));
                }
                None => {
                    out.out("nothing to do\n");
                    break;
                }
            }
        }
    }

    fn settle_timeout(args: &[String]) -> Result<i64, String> {
        let mut timeout = 10 * 60 * 1000;
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            let v = if let Some(v) = a.strip_prefix("--timeout=") {
                Some(v.to_string())
            } else if a == "--timeout" {
                i += 1;
                args.get(i).cloned()
            } else {
                return Err(format!("settle: unknown argument {:?}", a));
            };
            match v.as_deref().map(parse_duration) {
                Some(Ok(ms)) if ms > MAX_RUN_MS => {
                    return Err("settle: --timeout is at most 24h".into());
                }
                Some(Ok(ms)) => timeout = ms,
                Some(Err(e)) => return Err(format!("settle: {}", e)),
                None => return Err("settle: --timeout needs a duration".into()),
            }
            i += 1;
        }
        Ok(timeout)
    }

    fn cmd_settle(&mut self, args: &[String], out: &mut ExecOutput) {
        let timeout = match Self::settle_timeout(args) {
            Ok(t) => t,
            Err(e) => return out.fail(e),
        };
        let job = self.settle_job(timeout);
        self.resume = Some(Resume::Settle(job));
        let line = loop {
            if let Some(line) = self.settle_slice(&job, u32::MAX, out) {
                break line;
            }
        };
        out.out(line);
    }

    /// Begin the command `settle [--timeout D]` to be run in slices with
    /// [`Engine::settle_slice`] (it is recorded for replay like any command).
    pub fn start_settle(&mut self, argv: &[String]) -> Result<SettleJob, String> {
        let timeout = Self::settle_timeout(argv.get(1..).unwrap_or(&[]))?;
        self.maybe_checkpoint();
        if !self.replaying {
            self.ops.push_back(Op::Exec {
                argv: argv.to_vec(),
                stdin: None,
                background: false,
            });
        }
        let job = self.settle_job(timeout);
        self.resume = Some(Resume::Settle(job));
        Ok(job)
    }

    fn cmd_cluster(&mut self, args: &[String], out: &mut ExecOutput) {
        if args.first().map(String::as_str) != Some("reset") {
            return out.fail(
                "usage: cluster reset [--workers N] [--cpu Q] [--memory Q] [--pods N] [--bare]",
            );
        }
        let mut shape = ClusterShape::default();
        let flags = match crate::kubectl::flags::parse(
            &args[1..],
            &["workers", "cpu", "memory", "pods"],
            &["bare"],
        ) {
            Ok(f) => f,
            Err(e) => return out.fail(format!("cluster reset: {}", e)),
        };
        if !flags.positional.is_empty() {
            return out.fail(format!(
                "cluster reset: unexpected argument {:?}",
                flags.positional[0]
            ));
        }
        if let Some(v) = flags.get("workers") {
            match v.parse::<u32>() {
                Ok(n) if n <= 5000 => shape.workers = n,
                _ => {
                    return out.fail(format!(
                        "cluster reset: invalid --workers {:?} (0 to 5000)",
                        v
                    ));
                }
            }
        }
        if let Some(v) = flags.get("pods") {
            match v.parse::<u32>() {
                Ok(n) if (1..=100_000).contains(&n) => shape.pods = n,
                _ => return out.fail(format!("cluster reset: invalid --pods {:?}", v)),
            }
        }
        for (flag, field) in [("cpu", &mut shape.cpu), ("memory", &mut shape.memory)] {
            if let Some(v) = flags.get(flag) {
                let ok = if flag == "cpu" {
                    crate::quantity::parse_quantity_millis(v).is_ok_and(|m| m > 0)
                } else {
                    crate::quantity::parse_quantity_bytes(v).is_ok_and(|b| b > 0)
                };
                if !ok {
                    return out.fail(format!("cluster reset: invalid --{} {:?}", flag, v));
                }
                *field = v.to_string();
            }
        }
        shape.kube_system = !flags.bool("bare");
        self.reset(shape);
        out.out(format!(
            "cluster reset: control-plane + {} worker{} ({} CPU, {} memory, {} pods each){}\n",
            self.shape.workers,
            if self.shape.workers == 1 { "" } else { "s" },
            self.shape.cpu,
            self.shape.memory,
            self.shape.pods,
            if self.shape.kube_system {
                ""
            } else {
                ", no kube-system"
            }
        ));
    }

    /// Replace the cluster by a fresh one (history and op log start over).
    pub fn reset(&mut self, shape: ClusterShape) {
        self.cluster = Live::new(Cluster::new(self.config.seed, self.config.profile, &shape));
        self.shape = shape;
        self.history.clear();
        self.ops.clear();
        self.checkpoints = vec![Checkpoint {
            op_index: 0,
            cluster: self.cluster.clone(),
            resume: None,
        }];
        self.checkpoint_steps = 0;
        self.resume = None;
        for w in self.watches.iter_mut() {
            w.reset(&self.cluster);
        }
        #[cfg(not(feature = "web"))]
        self.end_api_watches();
    }

    fn cmd_node(&mut self, args: &[String], out: &mut ExecOutput) {
        const USAGE: &str = "usage: node add NAME [--cpu Q] [--memory Q] [--pods N] [--label k=v]... [--taint k=v:Effect]...\n       node stop NAME     (stop the node's kubelet: no Lease renewals, no status; containers keep running)\n       node start NAME    (start it again)";
        match args.first().map(String::as_str) {
            Some("add") => {}
            Some(verb @ ("stop" | "start")) => {
                return self.cmd_node_stop_start(verb, &args[1..], out);
            }
            _ => return out.fail(USAGE),
        }
        let flags = match crate::kubectl::flags::parse(
            &args[1..],
            &["cpu", "memory", "pods", "label", "taint"],
            &[],
        ) {
            Ok(f) => f,
            Err(e) => return out.fail(format!("node add: {}", e)),
        };
        let [name] = flags.positional.as_slice() else {
            return out.fail("node add: exactly one NAME is required");
        };
        let mut spec = crate::kubelet::NodeSpec {
            name: name.clone(),
            cpu: flags.get("cpu").unwrap_or(&self.shape.cpu).to_string(),
            memory: flags
                .get("memory")
                .unwrap_or(&self.shape.memory)
                .to_string(),
            pods: self.shape.pods,
            labels: vec![],
            taints: vec![],
        };
        if crate::quantity::parse_quantity_millis(&spec.cpu).is_err() {
            return out.fail(format!("node add: invalid --cpu {:?}", spec.cpu));
        }
        if crate::quantity::parse_quantity_bytes(&spec.memory).is_err() {
            return out.fail(format!("node add: invalid --memory {:?}", spec.memory));
        }
        if let Some(p) = flags.get("pods") {
            match p.parse::<u32>() {
                Ok(n) if (1..=100_000).contains(&n) => spec.pods = n,
                _ => return out.fail(format!("node add: invalid --pods {:?}", p)),
            }
        }
        for l in flags.all("label") {
            match l.split_once('=') {
                Some((k, v)) if !k.is_empty() => spec.labels.push((k.into(), v.into())),
                _ => {
                    return out.fail(format!(
                        "node add: invalid --label {:?} (want key=value)",
                        l
                    ));
                }
            }
        }
        for t in flags.all("taint") {
            let Some((kv, effect)) = t.rsplit_once(':') else {
                return out.fail(format!(
                    "node add: invalid --taint {:?} (want key=value:Effect)",
                    t
                ));
            };
            if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&effect) {
                return out.fail(format!(
                    "node add: invalid taint effect {:?}: supported values: NoSchedule, PreferNoSchedule, NoExecute",
                    effect
                ));
            }
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            spec.taints.push((k.into(), v.into(), effect.into()));
        }
        let mut cx =
            crate::cluster::StepCtx::new("kube-apiserver", crate::cluster::Trigger::NodeAdd);
        match self.cluster.add_node(&mut cx, &spec) {
            Ok(()) => {
                cx.say(crate::kubelet::why::KubeletWhy::Registered { node: name.clone() });
                if let Some(rec) = self.cluster.finish_step(cx) {
                    self.record(rec, out);
                }
                out.out(format!("node/{} added\n", name));
            }
            Err(e) => out.fail(e.kubectl()),
        }
    }

    /// `proxy rules [NODE]`: kube-proxy's iptables rules on a node (default: the first
    /// worker), as `iptables-save` prints them. kube-proxy is modelled as already synced
    /// with the store (see [`crate::proxy`]).
    fn cmd_proxy(&mut self, args: &[String], out: &mut ExecOutput) {
        let node = match args {
            [r] if r == "rules" => crate::proxy::default_node(&self.cluster),
            [r, n] if r == "rules" => Some(n.clone()),
            _ => return out.fail("usage: proxy rules [NODE]"),
        };
        let Some(node) = node else {
            return out.fail("proxy: the cluster has no nodes");
        };
        if self
            .cluster
            .get(crate::object::Kind::Node, "", &node)
            .is_none()
        {
            return out.fail(format!("proxy: node {:?} not found", node));
        }
        out.out(format!(
            "# kube-proxy (iptables mode) on {}: iptables-save, kube-proxy chains only\n",
            node
        ));
        out.out(crate::proxy::rules(&self.cluster.store));
    }

    /// `request SERVICE|IP:PORT [--port P] [--from NODE] [--node-port] [-n NS]`: send one
    /// request through kube-proxy's rules (see [`crate::proxy::request`]).
    fn cmd_request(&mut self, args: &[String], out: &mut ExecOutput) {
        let f = match crate::kubectl::flags::parse(
            args,
            &["port", "from", "namespace"],
            &["node-port"],
        ) {
            Ok(f) => f,
            Err(e) => return out.fail(format!("request: {}", e)),
        };
        let [target] = f.positional.as_slice() else {
            return out.fail(
                "usage: request SERVICE|IP:PORT [--port P] [--from NODE] [--node-port] [-n NS]",
            );
        };
        let req = crate::proxy::Request {
            target: target.clone(),
            namespace: crate::kubectl::namespace(&f),
            port: f.get("port").map(String::from),
            from: f.get("from").map(String::from),
            node_port: f.bool("node-port"),
        };
        let r = crate::proxy::request(&mut self.cluster, &req);
        out.out(r.stdout);
        out.err(r.stderr);
        out.exit = r.exit;
    }

    /// `fault …` (see [`crate::faults`]): change the injected faults, then let the kubelets
    /// look again at the pods that use the affected images.
    fn cmd_fault(&mut self, args: &[String], out: &mut ExecOutput) {
        match self.cluster.faults.exec(args) {
            Ok((text, images)) => {
                self.cluster.resync_pods_using(&images);
                out.out(text);
            }
            Err(e) => out.fail(e),
        }
    }

    /// `load …`: set the simulated resource usage of pods (see [`crate::load`]).
    fn cmd_load(&mut self, args: &[String], out: &mut ExecOutput) {
        let f = match crate::kubectl::flags::parse(
            args,
            &[
                "cpu",
                "memory",
                "ramp",
                "over",
                "selector",
                "l",
                "namespace",
                "n",
            ],
            &["total"],
        ) {
            Ok(f) => f,
            Err(e) => return out.fail(format!("load: {}", e)),
        };
        let ns = f
            .get("namespace")
            .or(f.get("n"))
            .unwrap_or("default")
            .to_string();
        let selector = f.get("selector").or(f.get("l")).map(String::from);
        let now = self.cluster.now;
        let pos: Vec<&str> = f.positional.iter().map(String::as_str).collect();
        match pos.as_slice() {
            [] | ["list"]
                if selector.is_none()
                    && f.get("cpu").is_none()
                    && f.get("memory").is_none()
                    && f.get("ramp").is_none() =>
            {
                return out.out(self.cluster.load.list());
            }
            ["clear"] if selector.is_none() => {
                let n = self.cluster.load.clear(None, now);
                self.load_changed();
                return out.out(format!(
                    "load: {} rule{} cleared\n",
                    n,
                    if n == 1 { "" } else { "s" }
                ));
            }
            ["clear", target] => {
                let n = self.cluster.load.clear(Some((target, &ns)), now);
                if n == 0 {
                    return out.fail(format!("load: no rule for {} in namespace {}", target, ns));
                }
                self.load_changed();
                return out.out(format!("load: rule for {} cleared\n", target));
            }
            ["clear"] => {
                let name = format!("-l {}", selector.unwrap_or_default());
                let n = self.cluster.load.clear(Some((&name, &ns)), now);
                if n == 0 {
                    return out.fail(format!("load: no rule for {} in namespace {}", name, ns));
                }
                self.load_changed();
                return out.out(format!("load: rule for {} cleared\n", name));
            }
            _ => {}
        }
        let (name, target) = match (pos.as_slice(), &selector) {
            ([t], None) => match self.load_target(t, &ns) {
                Ok(x) => x,
                Err(e) => return out.fail(e),
            },
            ([], Some(sel)) => match crate::labels::Selector::parse(sel) {
                Ok(s) => (format!("-l {}", sel), crate::load::Target::Selector(s)),
                Err(e) => return out.fail(format!("load: invalid selector {:?}: {}", sel, e)),
            },
            ([], None) => {
                return out
                    .fail("load: name pods: TYPE/NAME (pod/web-0, deployment/web) or -l SELECTOR");
            }
            _ => return out.fail("load: name the pods once: one TYPE/NAME or -l SELECTOR"),
        };
        let flags = match crate::load::parse_rule_flags(&f) {
            Ok(x) => x,
            Err(e) => return out.fail(e),
        };
        let (cpu, memory) = crate::load::ramps(&flags, now);
        let rule = crate::load::Rule {
            name,
            namespace: ns,
            target,
            cpu,
            memory,
            total: flags.total,
        };
        let line = rule.line();
        self.cluster.load.set(rule, now);
        self.load_changed();
        out.out(format!("load: {}\n", line));
    }

    /// `pod/NAME` or a workload's `TYPE/NAME` as a load target: the workload's selector.
    fn load_target(&self, t: &str, ns: &str) -> Result<(String, crate::load::Target), String> {
        use crate::object::Kind;
        let Some((ty, name)) = t
            .split_once('/')
            .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        else {
            return Err(format!(
                "load: {:?} is not TYPE/NAME (pod/web-0, deployment/web)",
                t
            ));
        };
        let Some(kind) = Kind::from_resource(ty) else {
            return Err(format!(
                "load: the server doesn't have a resource type {:?}",
                ty
            ));
        };
        let Some(obj) = self.cluster.get(kind, ns, name) else {
            return Err(format!(
                "load: {} {:?} not found in namespace {}",
                kind.qualified_plural(),
                name,
                ns
            ));
        };
        let sel = match obj.as_ref() {
            crate::object::Object::Pod(_) => {
                return Ok((
                    format!("pod/{}", name),
                    crate::load::Target::Pod(name.to_string()),
                ));
            }
            crate::object::Object::Deployment(d) => d.spec.as_ref().map(|s| &s.selector),
            crate::object::Object::ReplicaSet(r) => r.spec.as_ref().map(|s| &s.selector),
            crate::object::Object::StatefulSet(s) => s.spec.as_ref().map(|s| &s.selector),
            crate::object::Object::DaemonSet(d) => d.spec.as_ref().map(|s| &s.selector),
            crate::object::Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.as_ref()),
            _ => {
                return Err(format!(
                    "load: {} has no pods of its own; name pods, a workload or -l SELECTOR",
                    kind.qualified_plural()
                ));
            }
        };
        let sel = crate::labels::Selector::from_opt_label_selector(sel)
            .map_err(|e| format!("load: {}/{} has an invalid selector: {}", ty, name, e))?;
        Ok((
            format!("{}/{}", kind.name().to_ascii_lowercase(), name),
            crate::load::Target::Selector(sel),
        ))
    }

    /// The load changed: metrics-server's next scrape and the autoscalers' next syncs
    /// matter to `settle` again.
    fn load_changed(&mut self) {
        let reg = &self.cluster.reg;
        let ids = [
            reg.id_of::<crate::metrics::MetricsServer>(),
            reg.id_of::<crate::controller::podautoscaler::HpaController>(),
        ];
        for id in ids.into_iter().flatten() {
            self.cluster.set_timers_routine(id, false);
        }
    }

    /// `addon metrics-server`: apply metrics-server's manifest, as `kubectl apply -f
    /// components.yaml` would (kind ships no metrics server).
    fn cmd_addon(&mut self, args: &[String], out: &mut ExecOutput) {
        match args {
            [a] if a == "metrics-server" => {
                let argv: Vec<String> =
                    ["apply", "-f", "-"].iter().map(|s| s.to_string()).collect();
                crate::kubectl::run(self, &argv, &[], Some(crate::metrics::MANIFEST), None, out);
            }
            [] => out.fail("addon: name one: metrics-server"),
            [other, ..] => out.fail(format!(
                "addon: unknown addon {:?}; kubestep has: metrics-server",
                other
            )),
        }
    }

    /// `node stop NAME` / `node start NAME`: stop or start a node's kubelet (like
    /// `systemctl stop kubelet` or a network partition between the node and the control
    /// plane). A stopped kubelet renews no Lease, posts no status and syncs no pods; the
    /// containers it started keep running.
    fn cmd_node_stop_start(&mut self, verb: &str, args: &[String], out: &mut ExecOutput) {
        let [name] = args else {
            return out.fail(format!("node {}: exactly one NAME is required", verb));
        };
        let c = &mut self.cluster;
        if c.get(crate::object::Kind::Node, "", name).is_none()
            || !c.kubelets().is_some_and(|k| k.has(name))
        {
            return out.fail(format!("node {}: node {:?} not found", verb, name));
        }
        let stopped = c.node_stopped(name);
        if verb == "stop" {
            if stopped {
                return out.out(format!("node/{} is already stopped\n", name));
            }
            c.stop_kubelet(name);
            out.out(format!(
                "node/{} stopped (its kubelet no longer renews its Lease or posts status; its containers keep running)\n",
                name
            ));
            return;
        }
        if !stopped {
            return out.out(format!("node/{} is already running\n", name));
        }
        c.start_kubelet(name);
        // The kubelet starts: it records its start, then its node sync renews the Lease,
        // posts the node status and resyncs every pod bound to the node.
        let mut cx = crate::cluster::StepCtx::new(
            format!("kubelet/{}", name),
            crate::cluster::Trigger::NodeStart,
        );
        for (reason, msg) in [
            ("Starting", "Starting kubelet.".to_string()),
            (
                "NodeAllocatableEnforced",
                "Updated Node Allocatable limit across pods".to_string(),
            ),
        ] {
            c.record_event(
                &mut cx,
                crate::events::EventSpec {
                    involved: crate::controller::nodelifecycle::kubelet_node_ref(name),
                    ty: "Normal",
                    reason: reason.into(),
                    message: msg,
                    component: "kubelet".into(),
                    host: Some(name.clone()),
                    action: None,
                    series_api: false,
                },
            );
        }
        cx.say(crate::kubelet::why::KubeletWhy::KubeletStarted { node: name.clone() });
        c.enqueue_node_sync(name);
        if let Some(rec) = self.cluster.finish_step(cx) {
            self.record(rec, out);
        }
        out.out(format!("node/{} started\n", name));
    }

    fn cmd_rewind(&mut self, args: &[String], out: &mut ExecOutput) {
        let [n] = args else {
            return out.fail("usage: rewind STEP");
        };
        match n.parse::<u64>() {
            Ok(k) => match self.rewind_to(k) {
                Ok(()) => out.out(format!(
                    "rewound to step {} at {}\n",
                    k,
                    self.cluster.now.clock()
                )),
                Err(e) => out.fail(e),
            },
            Err(_) => out.fail(format!("rewind: invalid step {:?}", n)),
        }
    }

    /// Return to the state right after recorded step `k` (0 = right after the reset): the
    /// cluster exactly as it was when step `k` was recorded, also when that was inside a
    /// command (a `drain`'s evictions, a `rollout status` or `settle` waiting). Acting
    /// afterwards forks a new future from there; the command is kept in the op log as cut
    /// short at step `k`.
    pub fn rewind_to(&mut self, k: u64) -> Result<(), String> {
        let total = self.history.len() as u64;
        if k > total {
            return Err(format!("rewind: there are only {} steps", total));
        }
        // Replay the op log from the newest checkpoint taken before step k (one taken after
        // it, even with k steps, may have moved on since: a tick's last clock move, a
        // command after it that recorded no step).
        let cp = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.cluster.steps < k.max(1))
            .cloned()
            .ok_or("rewind: no checkpoint")?;
        let ops = self.ops.clone();
        self.cluster = cp.cluster;
        self.history.truncate(self.cluster.steps as usize);
        self.replaying = true;
        self.resume = None;
        let mut idx = cp.op_index;
        let mut sink = ExecOutput::default();
        // Each op runs cut short at step k: the one during which step k is recorded leaves
        // the cluster as it was right after it.
        let mut cut_op = None;
        // A checkpoint taken inside an op: that op goes on from it first.
        if let (Some(resume), Some(op)) = (cp.resume, ops.get(idx)) {
            if self.resume_op(op, resume, k, &mut sink) {
                cut_op = Some(Self::cut_op(op, k));
            } else {
                idx += 1;
            }
            sink.chunks.clear();
        }
        while cut_op.is_none() && idx < ops.len() && self.cluster.steps < k {
            if self.replay_op(&ops[idx], Some(k), &mut sink) {
                cut_op = Some(Self::cut_op(&ops[idx], k));
                break;
            }
            sink.chunks.clear();
            idx += 1;
        }
        // Steps a host made outside any command (`step_once`).
        if self.cluster.steps < k {
            self.run_to_step(k, &mut sink);
        }
        self.replaying = false;
        self.ops.truncate(idx);
        let cut = cut_op.is_some();
        self.ops.push_back(cut_op.unwrap_or(Op::StepTo(k)));
        self.checkpoints
            .retain(|c| c.op_index <= idx && c.cluster.steps <= k);
        // Checkpoints inside the op that was cut short: it now runs to step k.
        for c in self.checkpoints.iter_mut() {
            if cut && c.op_index == idx && c.resume.is_some() {
                c.resume = Some(Resume::StepTo(k));
            }
        }
        self.checkpoint_steps = self
            .checkpoints
            .last()
            .map(|c| c.cluster.steps)
            .unwrap_or(0);
        self.wait = None;
        self.stop_at = None;
        for w in self.watches.iter_mut() {
            w.reset(&self.cluster);
        }
        #[cfg(not(feature = "web"))]
        self.end_api_watches();
        Ok(())
    }

    /// `op` as it goes in the op log when a rewind cut it short at step `k`, which it
    /// recorded: for commands that only run the cluster (`tick`, `step`, `settle`), running
    /// it to step k (`step N` in an exported session); for the others that can record
    /// several steps (`kubectl`, `addon`), the command stopped there
    /// (`KUBESTEP_STOP_AT_STEP=k`). The rest (`node`, `api`, …) record at most one step, as
    /// their last act: they stay as they are.
    fn cut_op(op: &Op, k: u64) -> Op {
        match op {
            Op::StepTo(_) => Op::StepTo(k),
            Op::Exec {
                argv,
                stdin,
                background,
            } => {
                let cmd = argv
                    .iter()
                    .find(|w| !crate::kubectl::patch::is_assignment(w))
                    .map(String::as_str);
                match cmd {
                    Some("tick" | "step" | "settle") => Op::StepTo(k),
                    Some("kubectl" | "addon") => {
                        let prefix = format!("{}=", crate::waiting::STOP_AT_STEP);
                        let mut argv: Vec<String> = argv
                            .iter()
                            .filter(|w| !w.starts_with(&prefix))
                            .cloned()
                            .collect();
                        argv.insert(0, format!("{}{}", prefix, k));
                        Op::Exec {
                            argv,
                            stdin: stdin.clone(),
                            background: *background,
                        }
                    }
                    _ => op.clone(),
                }
            }
        }
    }

    /// Go on with `op` from a checkpoint taken inside it (as `resume` says), cut short at
    /// step `k` (or where the op itself stopped, `KUBESTEP_STOP_AT_STEP`); true when it
    /// recorded step k (the cluster is then as it was right after it). Otherwise the op ran
    /// to its end, as it did when it was recorded.
    fn resume_op(&mut self, op: &Op, resume: Resume, k: u64, out: &mut ExecOutput) -> bool {
        let prefix = format!("{}=", crate::waiting::STOP_AT_STEP);
        let own = match op {
            Op::Exec { argv, .. } => argv
                .iter()
                .take_while(|w| crate::kubectl::patch::is_assignment(w))
                .find_map(|w| w.strip_prefix(&prefix)?.parse::<u64>().ok()),
            Op::StepTo(_) => None,
        };
        let at = own.map_or(k, |a| a.min(k));
        let outer = self.cut.replace(Cut { at, kept: None });
        self.stop_at = Some(at);
        match resume {
            Resume::Settle(job) => while self.settle_slice(&job, u32::MAX, out).is_none() {},
            Resume::Tick(target) => self.tick_to(target, out),
            Resume::StepTo(n) => self.run_to_step(at.min(n), out),
        }
        self.stop_at = None;
        let mine = std::mem::replace(&mut self.cut, outer);
        match mine.and_then(|c| c.kept) {
            Some(kept) => {
                self.cluster = kept;
                self.history.truncate(at as usize);
                at == k
            }
            None => false,
        }
    }

    fn run_to_step(&mut self, k: u64, out: &mut ExecOutput) {
        while self.cluster.steps < k {
            if self.step_once(out).is_none() {
                break;
            }
        }
    }

    /// Replay one op of the log, cut short at step `cut` if given; true when it recorded
    /// that step (the cluster is then as it was right after it).
    fn replay_op(&mut self, op: &Op, cut: Option<u64>, out: &mut ExecOutput) -> bool {
        match op {
            Op::Exec {
                argv,
                stdin,
                background,
            } => {
                let (o, reached) =
                    self.exec_cut(argv, stdin.as_deref(), background.then_some(0), cut);
                out.chunks.extend(o.chunks);
                reached
            }
            Op::StepTo(j) => {
                let to = cut.map_or(*j, |k| k.min(*j));
                self.run_to_step(to, out);
                cut.is_some_and(|k| k <= *j && self.cluster.steps == k)
            }
        }
    }
}

impl Engine {
    /// The session as a script that `kubestep run` (with this engine's `--seed` and
    /// `--kube-version`, named in the header comment) replays to the same cluster and the
    /// same step history: every command of the op log, heredocs for stdin, `&` for
    /// background commands. A rewind that forked a new future appears in the op log as the
    /// commands before it plus "run to step K"; the abandoned future is gone, so the script
    /// says `step N` (N = K minus the steps those commands made, found by replaying from
    /// the nearest checkpoint). Files named with `-f PATH` are not inlined.
    pub fn session_script(&self) -> String {
        let mut s = format!(
            "# kubestep session: kubestep run FILE --seed {} --kube-version {}\n",
            self.config.seed,
            match self.config.profile {
                Profile::V1_32 => "1.32",
                Profile::V1_26 => "1.26",
            }
        );
        let d = ClusterShape::default();
        let sh = &self.shape;
        if *sh != d {
            s.push_str(&format!(
                "cluster reset --workers {} --cpu {} --memory {} --pods {}{}\n",
                sh.workers,
                shell_quote(&sh.cpu),
                shell_quote(&sh.memory),
                sh.pods,
                if sh.kube_system { "" } else { " --bare" }
            ));
        }
        // A replaying copy, positioned after `ops[..at]`, to count steps before a StepTo.
        let mut scratch: Option<(Engine, usize)> = None;
        for (i, op) in self.ops.iter().enumerate() {
            match op {
                Op::Exec {
                    argv,
                    stdin,
                    background,
                } => {
                    let words: Vec<String> = argv.iter().map(|w| shell_quote(w)).collect();
                    s.push_str(&words.join(" "));
                    let body = stdin.as_deref().map(|b| {
                        let mut delim = "EOF".to_string();
                        while b.lines().any(|l| l == delim) {
                            delim.push('_');
                        }
                        (delim, b)
                    });
                    if let Some((delim, _)) = &body {
                        s.push_str(&format!(" <<'{}'", delim));
                    }
                    if *background {
                        s.push_str(" &");
                    }
                    s.push('\n');
                    if let Some((delim, b)) = body {
                        s.push_str(b);
                        if !b.is_empty() && !b.ends_with('\n') {
                            s.push('\n');
                        }
                        s.push_str(&delim);
                        s.push('\n');
                    }
                }
                Op::StepTo(k) => {
                    let before = self.steps_after_ops(i, &mut scratch);
                    if *k > before {
                        s.push_str(&format!("step {}\n", k - before));
                    }
                }
            }
        }
        s
    }

    /// How many steps the cluster had after `ops[..at]`, replaying from the nearest
    /// checkpoint (or from `scratch`, if it is already between that checkpoint and `at`).
    fn steps_after_ops(&self, at: usize, scratch: &mut Option<(Engine, usize)>) -> u64 {
        let cp = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.op_index <= at && c.resume.is_none())
            .unwrap_or(&self.checkpoints[0]);
        let reuse = matches!(scratch, Some((_, pos)) if *pos >= cp.op_index && *pos <= at);
        if !reuse {
            let mut e = Engine::new(self.config.clone());
            e.shape = self.shape.clone();
            e.cluster = cp.cluster.clone();
            e.replaying = true;
            *scratch = Some((e, cp.op_index));
        }
        let Some((e, pos)) = scratch.as_mut() else {
            return 0;
        };
        let mut sink = ExecOutput::default();
        while *pos < at {
            e.replay_op(&self.ops[*pos], None, &mut sink);
            sink.chunks.clear();
            *pos += 1;
        }
        e.cluster.steps
    }
}

/// A word as a POSIX shell (and [`crate::script::parse_script`]) reads it back.
fn shell_quote(w: &str) -> String {
    let plain = !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+^".contains(c));
    if plain {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// A `kubectl delete`/`drain` wait that stopped with objects still there
/// ([`Engine::wait_gone`]).
#[derive(Clone, Debug, PartialEq)]
pub struct StuckWait {
    pub left: Vec<crate::object::ObjKey>,
    /// The cluster settled (only routine heartbeats were due); else the deadline came.
    pub settled: bool,
}

impl StuckWait {
    /// kubestep's own message for it, as the command's failure.
    pub(crate) fn fail(&self, verb: &str, now: SimTime, out: &mut ExecOutput) {
        let names: Vec<String> = self
            .left
            .iter()
            .map(|k| format!("{}/{}", k.kind.plural(), k.name))
            .collect();
        let (timeout, hint) = if verb == "drain" {
            ("forever", "uncordon the node to give up")
        } else {
            ("a week", "pass --wait=false not to wait")
        };
        let why = if self.settled {
            "nothing more will happen in the cluster (only routine heartbeats are due)"
        } else {
            "an hour of virtual time passed"
        };
        out.fail(format!(
            "kubestep: stopped waiting at {}: {} still there and {}; kubectl {} would wait until its --timeout (default: {}) and fail. Change the cluster and look again, or {}",
            now.clock(),
            names.join(", "),
            why,
            verb,
            timeout,
            hint
        ));
    }
}

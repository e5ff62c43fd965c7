//! Commands that wait for the cluster — `kubectl rollout status`, `kubectl delete` (it waits
//! for the objects to go), `kubectl drain` and a foreground `kubectl get --watch` — as jobs
//! that run the cluster one unit (a step or a clock move) at a time.
//!
//! The CLI runs a job to its end inside the command. A host that must stay responsive (the
//! page) asks for sliced waits ([`Engine::set_sliced_waits`]): the command then returns with
//! its job pending, and the host calls [`Engine::wait_slice`] between frames and may
//! [`Engine::stop_wait`] it, as Ctrl-C would. A stopped command is kept in the op log with
//! `KUBESTEP_STOP_AT_STEP=K` before it — kubestep's own environment assignment, meaning
//! "interrupt it once step K is recorded" — so rewinding and exported scripts replay
//! exactly what happened. Both drivers take the same units, so their output is the same.
//! A command given a step to stop at runs its wait at once, sliced waits or not, and ends
//! with the cluster exactly as it was after that step (`Engine::exec`): this is also how a
//! rewind replays the command during which its step was recorded.

use crate::Chunk;
use crate::engine::{Engine, ExecOutput, StuckWait};
use crate::kubectl::rollout::RolloutWatch;
use crate::object::ObjKey;
use crate::time::{SimTime, format_go_duration};

/// The environment assignment that interrupts a command once a step number is reached.
pub const STOP_AT_STEP: &str = "KUBESTEP_STOP_AT_STEP";

/// What a waiting command waits for.
#[derive(Clone)]
pub(crate) enum WaitKind {
    /// `rollout status`: the Deployment's watch, printing a line per change.
    Rollout(RolloutWatch),
    /// `delete` and `drain`: these objects (with the uid each had when the wait began) to
    /// be gone; an object of the same name with another uid is a new one.
    Gone {
        pending: Vec<(ObjKey, String)>,
        verb: GoneVerb,
    },
    /// A foreground `get --watch`: the cluster to settle (its rows print as they come).
    Watch,
    /// `kubectl wait`: conditions on objects, in turn.
    Until(crate::kubectl::wait::UntilWait),
    /// `kubectl logs -f`: new lines as they are written, until the cluster settles.
    Follow(Vec<crate::kubectl::logs::Stream>),
}

/// Who waits for objects to go, and what it prints at the end.
#[derive(Clone)]
pub(crate) enum GoneVerb {
    Delete,
    /// `drain`: `pod/NAME evicted` as each goes, then `node/NAME drained`; evictions a
    /// disruption budget refused are tried again at their time.
    Drain {
        node: String,
        retry: Vec<(ObjKey, SimTime)>,
        grace: Option<i64>,
        /// `--timeout` (none: kubestep's hour).
        timeout: Option<crate::time::Millis>,
    },
}

/// A command waiting for the cluster (see the module documentation).
#[derive(Clone)]
pub struct WaitJob {
    kind: WaitKind,
    deadline: SimTime,
    start: SimTime,
}

impl WaitJob {
    pub(crate) fn new(kind: WaitKind, start: SimTime, deadline: SimTime) -> WaitJob {
        WaitJob {
            kind,
            deadline,
            start,
        }
    }
}

/// Is the object with this uid gone (kubectl's wait for deletion compares uids: a mirror
/// pod created again under the same name does not keep it waiting)?
pub(crate) fn is_gone(store: &crate::store::Store, k: &ObjKey, uid: &str) -> bool {
    store
        .get_obj(k)
        .is_none_or(|o| !uid.is_empty() && o.meta().uid.as_deref() != Some(uid))
}

/// The uid of each object as the wait begins.
pub(crate) fn with_uids(store: &crate::store::Store, keys: &[ObjKey]) -> Vec<(ObjKey, String)> {
    keys.iter()
        .map(|k| {
            let uid = store
                .get_obj(k)
                .and_then(|o| o.meta().uid.clone())
                .unwrap_or_default();
            (k.clone(), uid)
        })
        .collect()
}

/// Forget the keys that are gone (a drain prints `pod/NAME evicted` for each as it goes);
/// true when none is left, nor any eviction to try again.
fn look(
    store: &crate::store::Store,
    pending: &mut Vec<(ObjKey, String)>,
    verb: &GoneVerb,
    out: &mut ExecOutput,
) -> bool {
    pending.retain(|(k, uid)| {
        let gone = is_gone(store, k, uid);
        if gone && matches!(verb, GoneVerb::Drain { .. }) {
            out.out(format!("pod/{} evicted\n", k.name));
        }
        !gone
    });
    pending.is_empty() && !matches!(verb, GoneVerb::Drain { retry, .. } if !retry.is_empty())
}

/// What `delete` or `drain` prints when its wait ends: nothing or drain's lines when every
/// object went, else kubestep's message for a wait that could not finish.
fn finish_gone(verb: &GoneVerb, stuck: Option<StuckWait>, now: SimTime, out: &mut ExecOutput) {
    match verb {
        GoneVerb::Delete => {
            if let Some(s) = stuck {
                s.fail("delete", now, out);
            }
        }
        // drain --timeout: the evictions still refused print their last attempt and the
        // global timeout, pods still terminating the wait's deadline (evictPods).
        GoneVerb::Drain {
            node,
            retry,
            timeout: Some(t),
            ..
        } if stuck.is_some() => {
            let stuck = stuck.expect("checked");
            let mut errs = vec![];
            let mut left = vec![];
            for (k, _) in retry {
                out.out(format!("evicting pod {}\n", k.ns_name()));
                errs.push(format!(
                    "error when evicting pods/{:?} -n {:?}: global timeout reached: {}",
                    k.name,
                    k.namespace,
                    format_go_duration(*t)
                ));
                left.push(k.name.clone());
            }
            for k in &stuck.left {
                errs.push(format!(
                    "error when waiting for pod {:?} in namespace {:?} to terminate: context deadline exceeded",
                    k.name, k.namespace
                ));
                left.push(k.name.clone());
            }
            crate::kubectl::mutate::drain_failed(node, &errs, &left, out);
        }
        GoneVerb::Drain { node, .. } => match stuck {
            Some(s) => s.fail("drain", now, out),
            None => out.out(format!("node/{} drained\n", node)),
        },
    }
}

/// One unit of a wait.
enum Unit {
    /// A step was recorded.
    Step,
    /// Something else (the clock moved).
    Other,
    /// The wait is over (its output written).
    Done,
}

impl Engine {
    /// Whether waiting commands return with their job pending, for the host to run in
    /// slices ([`Engine::wait_slice`]), instead of running it to its end.
    pub fn set_sliced_waits(&mut self, on: bool) {
        self.sliced_waits = on;
    }

    /// Whether a command is waiting for the cluster (run it with [`Engine::wait_slice`]).
    pub fn waiting(&self) -> bool {
        self.wait.is_some()
    }

    /// Run `job` for a command: to its end, or (sliced waits, outside a replay, no step to
    /// stop at) leave it for the host.
    pub(crate) fn run_wait(&mut self, job: WaitJob, out: &mut ExecOutput) {
        if self.sliced_waits && !self.replaying && self.stop_at.is_none() {
            self.wait = Some(job);
            return;
        }
        let mut job = job;
        while !matches!(self.wait_unit(&mut job, out), Unit::Done) {}
    }

    /// `delete` and `drain`: wait (at most an hour of virtual time) for `keys` to be gone.
    /// kubectl's wait looks first (`IsDeleted` GETs the object): gone means done.
    pub(crate) fn wait_for_gone(
        &mut self,
        keys: Vec<ObjKey>,
        verb: GoneVerb,
        out: &mut ExecOutput,
    ) {
        let now = self.cluster.now;
        let limit = match &verb {
            GoneVerb::Drain {
                timeout: Some(t), ..
            } => *t,
            _ => 3600 * 1000,
        };
        let mut job = WaitJob::new(
            WaitKind::Gone {
                pending: with_uids(&self.cluster.store, &keys),
                verb,
            },
            now,
            now.plus(limit),
        );
        // The first look, before any step.
        if let WaitKind::Gone { pending, verb } = &mut job.kind
            && look(&self.cluster.store, pending, verb, out)
        {
            finish_gone(verb, None, self.cluster.now, out);
            return;
        }
        self.run_wait(job, out);
    }

    /// `kubectl wait`: look now, then run the cluster until every object meets the
    /// condition or the clock reaches `deadline`.
    pub(crate) fn wait_until(
        &mut self,
        mut w: crate::kubectl::wait::UntilWait,
        start: SimTime,
        deadline: SimTime,
        out: &mut ExecOutput,
    ) {
        if w.poll(self, false, out) {
            return;
        }
        self.run_wait(WaitJob::new(WaitKind::Until(w), start, deadline), out);
    }

    /// `kubectl logs -f`: print new lines of `streams` while the cluster runs, until it
    /// settles (a quiet cluster writes nothing more; at most an hour of virtual time).
    pub(crate) fn follow_logs(
        &mut self,
        streams: Vec<crate::kubectl::logs::Stream>,
        out: &mut ExecOutput,
    ) {
        let now = self.cluster.now;
        self.run_wait(
            WaitJob::new(WaitKind::Follow(streams), now, now.plus(3600 * 1000)),
            out,
        );
    }

    /// Run up to `max_steps` steps of the waiting command; true when it has ended (its
    /// last output and exit code are in `out`).
    pub fn wait_slice(&mut self, max_steps: u32, out: &mut ExecOutput) -> bool {
        let Some(mut job) = self.wait.take() else {
            return true;
        };
        let mut n = 0;
        loop {
            match self.wait_unit(&mut job, out) {
                Unit::Done => {
                    self.stop_at = None;
                    return true;
                }
                Unit::Step => {
                    n += 1;
                    if n >= max_steps {
                        self.wait = Some(job);
                        return false;
                    }
                }
                Unit::Other => {}
            }
        }
    }

    /// Interrupt the waiting command now, as Ctrl-C would (exit 130), and keep it in the op
    /// log as interrupted at this step.
    pub fn stop_wait(&mut self, out: &mut ExecOutput) {
        let Some(job) = self.wait.take() else {
            return;
        };
        self.interrupted(&job, out);
        let k = self.cluster.steps;
        self.stop_last_op_at(k);
    }

    /// The end of an interrupted wait: what the command prints of it.
    fn interrupted(&mut self, job: &WaitJob, out: &mut ExecOutput) {
        if let WaitKind::Watch = job.kind {
            self.end_foreground_watch(out);
        }
        self.interrupt(job.start, "; kubectl would still be waiting", out);
    }

    /// Say that the running command was interrupted (`tail` says what it left undone),
    /// exit 130 as after Ctrl-C.
    pub(crate) fn interrupt(&mut self, start: SimTime, tail: &str, out: &mut ExecOutput) {
        self.stop_at = None;
        out.err(format!(
            "kubestep: interrupted at {} (step {}), {} after the command began{}\n",
            self.cluster.now.clock(),
            self.cluster.steps,
            format_go_duration(self.cluster.now.0 - start.0),
            tail
        ));
        out.exit = 130;
    }

    /// One unit of a wait: the cluster's next step (or clock move), then the check.
    fn wait_unit(&mut self, job: &mut WaitJob, out: &mut ExecOutput) -> Unit {
        if let Some(k) = self.stop_at
            && self.cluster.steps >= k
        {
            self.interrupted(job, out);
            return Unit::Done;
        }
        match &mut job.kind {
            WaitKind::Rollout(w) => {
                let mut sink = ExecOutput::default();
                let Some(rec) = self.cluster.step_until(job.deadline) else {
                    out.fail("error: timed out waiting for the condition");
                    return Unit::Done;
                };
                self.record(rec, &mut sink);
                // Watch rows of background watches come out as they happen.
                out.chunks.extend(sink.chunks);
                let (lines, end) = w.poll(self);
                for l in lines {
                    out.out(l);
                }
                match end {
                    None => Unit::Step,
                    Some(r) => {
                        if let Err(m) = r {
                            out.fail(m);
                        }
                        self.drain_now(out);
                        Unit::Done
                    }
                }
            }
            WaitKind::Gone { pending, verb } => {
                // Evictions due again (drain's 5 s retries) go first; the cluster runs up
                // to the next one.
                let mut next_retry = None;
                if let GoneVerb::Drain { retry, grace, .. } = verb {
                    let now = self.cluster.now;
                    let (due, later): (Vec<_>, Vec<_>) = std::mem::take(retry)
                        .into_iter()
                        .partition(|(_, t)| *t <= now);
                    *retry = later;
                    let grace = *grace;
                    for (k, _) in due {
                        match crate::kubectl::mutate::evict_once(self, &k, grace, out) {
                            crate::kubectl::mutate::Evict::Done => pending
                                .extend(with_uids(&self.cluster.store, std::slice::from_ref(&k))),
                            crate::kubectl::mutate::Evict::Retry => {
                                retry.push((k, now.plus(crate::kubectl::mutate::EVICT_RETRY_MS)))
                            }
                            crate::kubectl::mutate::Evict::Failed(m) => {
                                out.err(format!("{}\n", m));
                            }
                        }
                    }
                    next_retry = retry.iter().map(|(_, t)| *t).min();
                }
                let until = next_retry.map_or(job.deadline, |t| t.min(job.deadline));
                let unit = self.settle_unit(until, out);
                let verdict = match unit {
                    crate::engine::SettleUnit::Step => {
                        if !look(&self.cluster.store, pending, verb, out) {
                            return Unit::Step;
                        }
                        None
                    }
                    crate::engine::SettleUnit::Moved => return Unit::Other,
                    // Quiet, or at the next retry: move the clock to it and try again.
                    crate::engine::SettleUnit::Settled | crate::engine::SettleUnit::Busy
                        if next_retry.is_some_and(|t| t <= job.deadline) =>
                    {
                        let now = self.cluster.now;
                        if let Some(t) = next_retry {
                            self.cluster.advance_to(t.max(now));
                        }
                        return Unit::Other;
                    }
                    crate::engine::SettleUnit::Settled => Some(true),
                    crate::engine::SettleUnit::Busy => Some(false),
                };
                let stuck = verdict.map(|settled| StuckWait {
                    left: std::mem::take(pending)
                        .into_iter()
                        .map(|(k, _)| k)
                        .collect(),
                    settled,
                });
                finish_gone(verb, stuck, self.cluster.now, out);
                Unit::Done
            }
            WaitKind::Until(w) => {
                let Some(rec) = self.cluster.step_until(job.deadline) else {
                    w.poll(self, true, out);
                    return Unit::Done;
                };
                let mut sink = ExecOutput::default();
                self.record(rec, &mut sink);
                out.chunks.extend(sink.chunks);
                if w.poll(self, false, out) {
                    self.drain_now(out);
                    return Unit::Done;
                }
                Unit::Step
            }
            WaitKind::Follow(streams) => {
                let mut sink = ExecOutput::default();
                let unit = self.settle_unit(job.deadline, &mut sink);
                out.chunks.extend(
                    sink.chunks
                        .into_iter()
                        .filter(|c| !matches!(c, Chunk::Stdout(_))),
                );
                let mut streams = std::mem::take(streams);
                for s in streams.iter_mut() {
                    let mut o = ExecOutput::default();
                    if s.poll(self, &mut o).is_ok() {
                        for c in o.chunks {
                            if let Chunk::Stdout(t) = c {
                                out.out(t);
                            }
                        }
                    }
                }
                if let WaitKind::Follow(slot) = &mut job.kind {
                    *slot = streams;
                }
                match unit {
                    crate::engine::SettleUnit::Step => Unit::Step,
                    crate::engine::SettleUnit::Moved => Unit::Other,
                    _ => Unit::Done,
                }
            }
            WaitKind::Watch => {
                let unit = self.settle_unit(job.deadline, out);
                Self::foreground_rows(out);
                match unit {
                    crate::engine::SettleUnit::Step => Unit::Step,
                    crate::engine::SettleUnit::Moved => Unit::Other,
                    _ => {
                        self.end_foreground_watch(out);
                        Unit::Done
                    }
                }
            }
        }
    }

    /// A foreground watch's rows belong to stdout.
    fn foreground_rows(out: &mut ExecOutput) {
        for c in out.chunks.iter_mut() {
            if let Chunk::Watch { id, text } = c
                && *id == u32::MAX
            {
                *c = Chunk::Stdout(std::mem::take(text));
            }
        }
    }

    fn end_foreground_watch(&mut self, out: &mut ExecOutput) {
        self.watches.retain(|w| w.id != u32::MAX);
        Self::foreground_rows(out);
    }
}

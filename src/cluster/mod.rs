//! The simulated cluster: etcd, the API server, the controllers, the scheduler and one
//! kubelet per node, advanced one step at a time on a virtual clock.
//!
//! The loop (see ARCHITECTURE.md): (1) deliver watch events from the store to the
//! informers, whose handlers enqueue work; (2) take the oldest queued work item and let its
//! component process it — that is one *step*; (3) when nothing is queued, advance the clock to
//! the next timer and fire it. Writes are committed to the store at once but other components
//! only see them through step (1).

pub mod api;
pub mod informer;
pub mod queue;
pub mod sched;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::engine::Profile;
use crate::object::{Kind, ObjKey, Object};
use crate::rng::{SimRng, Stream};
use crate::store::Store;
use crate::time::{Millis, SimTime};

pub use queue::{Work, WorkQueue};

/// Timing defaults of the simulated components. Documented in the README.
#[derive(Clone, Debug)]
pub struct Timings {
    /// Kubelet: time from a pod landing on the node to its first sync (sandbox + volumes).
    pub pod_startup: Millis,
    /// Image download rate in bytes per second (image sizes are derived from the name).
    pub pull_bytes_per_sec: i64,
    /// Fixed per-pull overhead (registry round trips).
    pub pull_overhead: Millis,
    /// Pull time when the layers are already on the node (pull policy Always).
    pub cached_pull: Millis,
    /// How long a container takes to exit after SIGTERM (capped by the grace period).
    pub container_stop: Millis,
    /// Kubelet Lease renewal period (`nodeLeaseDurationSeconds` 40s / renew every 10s).
    pub lease_renew: Millis,
    /// Kubelet PLEG relist period: how soon a container exit (or a new sandbox) is noticed.
    pub pleg_relist: Millis,
    /// Kubelet pod worker re-sync after a failed sync or while backing off
    /// (`backOffPeriod`, jitter omitted).
    pub error_resync: Millis,
}

impl Default for Timings {
    fn default() -> Timings {
        Timings {
            pod_startup: 300,
            pull_bytes_per_sec: 40 * 1024 * 1024,
            pull_overhead: 500,
            cached_pull: 250,
            container_stop: 1000,
            lease_renew: 10_000,
            pleg_relist: 1000,
            error_resync: 10_000,
        }
    }
}

/// The shape of a fresh cluster (`cluster reset` flags).
#[derive(Clone, Debug)]
pub struct ClusterShape {
    pub workers: u32,
    pub cpu: String,
    pub memory: String,
    pub pods: u32,
}

impl Default for ClusterShape {
    fn default() -> ClusterShape {
        ClusterShape {
            workers: 2,
            cpu: "4".into(),
            memory: "8Gi".into(),
            pods: 110,
        }
    }
}

/// What a timer does when it fires.
#[derive(Clone, Debug)]
pub struct Timer {
    pub work: Work,
    /// Routine timers (heartbeats, periodic resyncs) do not keep `settle` busy.
    pub routine: bool,
}

/// One API write made during a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteRec {
    /// `create`, `update`, `update status`, `delete` (graceful: marks), `remove`.
    pub verb: String,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub rev: i64,
}

/// An event emitted during a step (as written, after aggregation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRec {
    pub ty: String,
    pub reason: String,
    pub object: String,
    pub message: String,
}

/// The record of one step: who did what, why, and what it wrote.
#[derive(Clone, Debug)]
pub struct StepRecord {
    /// 1-based step number since the cluster was reset.
    pub index: u64,
    pub time: SimTime,
    /// `deployment-controller`, `kubelet/worker-1`, …
    pub component: String,
    /// What woke the component (`watch: MODIFIED replicasets/web-7c5d`, `timer`, `kubectl`).
    pub trigger: String,
    /// One plain sentence: what the component did and why.
    pub summary: String,
    pub writes: Vec<WriteRec>,
    pub events: Vec<EventRec>,
    /// Store revision after the step.
    pub revision: i64,
}

impl StepRecord {
    /// `[00:00:01.300] kubelet/worker-1: …` as `step` prints it.
    pub fn line(&self) -> String {
        format!(
            "[{}] {}: {}",
            self.time.clock(),
            self.component,
            self.summary
        )
    }
}

/// Per-step scratch: the writes and events collected while a component works.
#[derive(Debug, Default)]
pub struct StepCtx {
    pub component: String,
    pub trigger: String,
    pub writes: Vec<WriteRec>,
    pub events: Vec<EventRec>,
    pub why: Vec<String>,
    /// Events the component records after its API calls return; they are posted by the
    /// component's event broadcaster in a later step (client-go's recorder is asynchronous).
    pub deferred_events: Vec<crate::events::EventSpec>,
}

impl StepCtx {
    pub fn new(component: impl Into<String>, trigger: impl Into<String>) -> StepCtx {
        StepCtx {
            component: component.into(),
            trigger: trigger.into(),
            ..Default::default()
        }
    }

    pub fn say(&mut self, s: impl Into<String>) {
        self.why.push(s.into());
    }

    pub fn did_something(&self) -> bool {
        !self.writes.is_empty() || !self.events.is_empty() || !self.deferred_events.is_empty()
    }
}

/// The whole simulated cluster. Cloning it is the checkpoint used for rewinding.
#[derive(Clone)]
pub struct Cluster {
    pub now: SimTime,
    pub store: Store,
    pub profile: Profile,
    pub timings: Timings,
    pub seed: u64,
    pub(crate) rng_api: SimRng,
    pub(crate) rng_sched: SimRng,
    /// ClusterIP / NodePort allocation (its own stream, so Services shift no other draw).
    pub(crate) rng_svc: SimRng,
    /// kube-proxy's endpoint choice for `request`.
    pub(crate) rng_proxy: SimRng,
    pub(crate) queue: WorkQueue,
    /// Timers by (due time, sequence).
    pub(crate) timers: BTreeMap<(SimTime, u64), Timer>,
    timer_seq: u64,
    timer_index: HashMap<Work, (SimTime, u64)>,
    /// What is being handled while work is enqueued (a watch event, a timer).
    cause: queue::Cause,
    /// Highest store revision the informers have seen.
    pub(crate) delivered: i64,
    pub(crate) idx: informer::Indexes,
    pub(crate) rs_ctl: crate::controller::replicaset::ReplicaSetController,
    pub(crate) sched: sched::SchedulerComponent,
    pub(crate) kubelets: BTreeMap<String, crate::kubelet::Kubelet>,
    pub(crate) recorder: crate::events::Recorder,
    pub(crate) deferred: HashMap<u64, (String, Vec<crate::events::EventSpec>)>,
    deferred_seq: u64,
    /// Recorded steps so far.
    pub steps: u64,
    /// Number of nodes ever added (for addresses).
    pub(crate) node_seq: u32,
    /// Injected faults (`fault …`); part of the state, so rewinding restores them.
    pub(crate) faults: crate::faults::Faults,
    /// Nodes whose kubelet is stopped (`node stop`): their kubelet work is dropped.
    pub(crate) stopped_nodes: BTreeSet<String>,
    /// node-controller state (node health, NoExecute tainting queues).
    pub(crate) node_lifecycle: crate::controller::nodelifecycle::NodeLifecycleController,
    /// taint-eviction-controller state (tainted nodes, scheduled evictions).
    pub(crate) taint_eviction: crate::controller::tainteviction::TaintEvictionController,
    /// endpoint-controller state (its trigger-time tracker).
    pub(crate) endpoints_ctl: crate::controller::endpoints::EndpointsController,
}

impl Cluster {
    /// A fresh cluster: namespaces, a control-plane node and `shape.workers` workers.
    pub fn new(seed: u64, profile: Profile, shape: &ClusterShape) -> Cluster {
        let mut c = Cluster {
            now: SimTime(0),
            store: Store::new(),
            profile,
            timings: Timings::default(),
            seed,
            rng_api: SimRng::new(seed, Stream::ApiServer),
            rng_sched: SimRng::new(seed, Stream::Scheduler),
            rng_svc: SimRng::new(seed, Stream::Services),
            rng_proxy: SimRng::new(seed, Stream::Proxy),
            queue: WorkQueue::default(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            timer_index: HashMap::new(),
            cause: queue::Cause::None,
            delivered: 0,
            idx: Default::default(),
            rs_ctl: Default::default(),
            sched: Default::default(),
            kubelets: BTreeMap::new(),
            recorder: Default::default(),
            deferred: HashMap::new(),
            deferred_seq: 0,
            steps: 0,
            node_seq: 0,
            faults: Default::default(),
            stopped_nodes: BTreeSet::new(),
            node_lifecycle: Default::default(),
            taint_eviction: Default::default(),
            endpoints_ctl: Default::default(),
        };
        let mut cx = StepCtx::new("cluster", "reset");
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let _ = c.api_create_namespace(&mut cx, ns);
        }
        let _ = c.add_node(
            &mut cx,
            &crate::kubelet::NodeSpec {
                name: "control-plane".into(),
                cpu: shape.cpu.clone(),
                memory: shape.memory.clone(),
                pods: shape.pods,
                labels: vec![(
                    "node-role.kubernetes.io/control-plane".into(),
                    String::new(),
                )],
                taints: vec![(
                    "node-role.kubernetes.io/control-plane".into(),
                    String::new(),
                    "NoSchedule".into(),
                )],
            },
        );
        for i in 1..=shape.workers {
            let _ = c.add_node(
                &mut cx,
                &crate::kubelet::NodeSpec {
                    name: format!("worker-{}", i),
                    cpu: shape.cpu.clone(),
                    memory: shape.memory.clone(),
                    pods: shape.pods,
                    labels: vec![],
                    taints: vec![],
                },
            );
        }
        crate::controller::endpointslice::create_kubernetes_service(&mut c, &mut cx);
        c.deliver();
        // Setup work (node registration) is not part of the story the user steps through.
        while let Some(w) = c.queue.pop() {
            let mut cx = StepCtx::new("", "");
            c.process(&w, &mut cx);
            c.deliver();
        }
        c
    }

    /// Enqueue `work` at `at` (client-go `AddAfter`): if the same work is already waiting
    /// for an earlier or equal time, that timer is kept; a later one is replaced.
    pub(crate) fn add_timer(&mut self, at: SimTime, work: Work, routine: bool) {
        let at = at.max(self.now);
        if let Some(&(t, s)) = self.timer_index.get(&work) {
            if t <= at {
                return;
            }
            self.timers.remove(&(t, s));
        }
        self.timer_seq += 1;
        self.timer_index.insert(work.clone(), (at, self.timer_seq));
        self.timers
            .insert((at, self.timer_seq), Timer { work, routine });
    }

    /// Drop a pending timer for `work`, if any.
    pub(crate) fn cancel_timer(&mut self, work: &Work) {
        if let Some(k) = self.timer_index.remove(work) {
            self.timers.remove(&k);
        }
    }

    /// Enqueue work now (deduplicated), citing the watch event or timer being handled.
    pub(crate) fn enqueue(&mut self, work: Work) {
        let cause = self.cause.clone();
        self.queue.add_because(work, cause);
    }

    /// Deliver every store change since the last delivery to the informers.
    pub(crate) fn deliver(&mut self) {
        let changes = match self.store.changes_since(self.delivered) {
            Ok(c) => c,
            Err(_) => return,
        };
        for ev in changes {
            self.delivered = ev.rev;
            self.cause = queue::Cause::Watch {
                ty: ev.ty,
                obj: ev.obj.clone(),
                rev: ev.rev,
            };
            informer::handle(self, &ev);
        }
        self.cause = queue::Cause::None;
        // etcd compaction: keep a bounded window of history for watchers.
        let keep_from = self.delivered - 50_000;
        if keep_from > 0 && self.store.revision() % 4096 == 0 {
            self.store.compact(keep_from);
        }
    }

    /// Fire every timer due at or before `now`.
    fn fire_due_timers(&mut self) {
        while let Some((&(at, seq), _)) = self.timers.first_key_value() {
            if at > self.now {
                break;
            }
            let t = self.timers.remove(&(at, seq)).expect("present");
            self.timer_index.remove(&t.work);
            self.cause = queue::Cause::Timer(at);
            self.enqueue(t.work);
            self.cause = queue::Cause::None;
        }
    }

    /// The time of the next timer, if any; with `non_routine`, the next one that is not
    /// routine.
    pub fn next_timer(&self, non_routine: bool) -> Option<SimTime> {
        self.timers
            .iter()
            .find(|(_, t)| !non_routine || !t.routine)
            .map(|((at, _), _)| *at)
    }

    /// True when nothing is queued.
    pub fn idle(&self) -> bool {
        self.queue.is_empty()
    }

    /// Run queued work until one recorded step happens, without moving the clock.
    /// Returns `None` when the queue is empty.
    pub fn run_one_now(&mut self) -> Option<StepRecord> {
        loop {
            self.fire_due_timers();
            self.deliver();
            let (work, cause) = self.queue.pop_with_cause()?;
            let mut cx = StepCtx::new(work.component(), cause.describe());
            self.process(&work, &mut cx);
            if let Some(rec) = self.finish_step(cx) {
                return Some(rec);
            }
        }
    }

    /// Advance the clock to `t` (never backwards), firing timers due on the way.
    pub fn advance_to(&mut self, t: SimTime) {
        if t > self.now {
            self.now = t;
        }
        self.fire_due_timers();
    }

    /// One recorded step: run queued work, or advance the clock to the next timer when
    /// nothing is queued; gives up (None) if nothing happens before `limit`.
    pub fn step_until(&mut self, limit: SimTime) -> Option<StepRecord> {
        loop {
            if let Some(rec) = self.run_one_now() {
                return Some(rec);
            }
            let next = self.next_timer(false)?;
            if next > limit {
                return None;
            }
            self.advance_to(next);
        }
    }

    /// Turn a finished context into a step record (or nothing for a no-op).
    pub(crate) fn finish_step(&mut self, mut cx: StepCtx) -> Option<StepRecord> {
        if !cx.deferred_events.is_empty() {
            // Deliver first, so the components woken by this step's writes queue ahead of
            // the broadcaster that posts the events recorded after those writes.
            self.deliver();
            self.deferred_seq += 1;
            let id = self.deferred_seq;
            let evs = std::mem::take(&mut cx.deferred_events);
            self.deferred.insert(id, (cx.component.clone(), evs));
            self.enqueue(Work::EventFlush(id));
        }
        if cx.writes.is_empty() && cx.events.is_empty() {
            return None;
        }
        self.steps += 1;
        let summary = if cx.why.is_empty() {
            "no change".to_string()
        } else {
            cx.why.join("; ")
        };
        Some(StepRecord {
            index: self.steps,
            time: self.now,
            component: cx.component,
            trigger: cx.trigger,
            summary,
            writes: cx.writes,
            events: cx.events,
            revision: self.store.revision(),
        })
    }

    /// Dispatch one work item to its component.
    pub(crate) fn process(&mut self, work: &Work, cx: &mut StepCtx) {
        match work {
            Work::Deployment(key) => crate::controller::deployment::sync(self, cx, key),
            Work::ReplicaSet(key) => crate::controller::replicaset::sync(self, cx, key),
            Work::Schedule(key) => sched::schedule_one(self, cx, key),
            // A stopped kubelet does nothing (its containers keep running).
            Work::KubeletPod(node, _) | Work::KubeletNode(node)
                if self.stopped_nodes.contains(node) => {}
            Work::KubeletPod(node, key) => crate::kubelet::sync_pod(self, cx, node, key),
            Work::KubeletNode(node) => crate::kubelet::sync_node(self, cx, node),
            Work::Gc(uid) => crate::controller::gc::process(self, cx, uid),
            Work::SchedulerQueue => sched::pump(self),
            Work::EndpointSlice(key) => crate::controller::endpointslice::sync(self, cx, key),
            Work::Endpoints(key) => crate::controller::endpoints::sync(self, cx, key),
            Work::NodeMonitor => crate::controller::nodelifecycle::monitor(self, cx),
            Work::NodeConditionTaints(node) => {
                crate::controller::nodelifecycle::condition_taints(self, cx, node)
            }
            Work::TaintEvictionNode(node) => {
                crate::controller::tainteviction::handle_node(self, cx, node)
            }
            Work::TaintEvictionPod(key) => {
                crate::controller::tainteviction::handle_pod(self, cx, key)
            }
            Work::TaintEvictionFire(key) => crate::controller::tainteviction::fire(self, cx, key),
            Work::EventFlush(id) => {
                if let Some((component, evs)) = self.deferred.remove(id) {
                    cx.component = component;
                    cx.trigger = "event broadcaster".into();
                    let n = evs.len();
                    let mut reasons: Vec<String> = vec![];
                    for e in evs {
                        if !reasons.contains(&e.reason) {
                            reasons.push(e.reason.clone());
                        }
                        crate::events::write(self, cx, e);
                    }
                    cx.say(format!(
                        "event broadcaster posted {} {} ({})",
                        n,
                        if n == 1 { "Event" } else { "Events" },
                        reasons.join(", ")
                    ));
                }
            }
        }
    }

    /// True while the node's kubelet is stopped (`node stop`).
    pub fn node_stopped(&self, node: &str) -> bool {
        self.stopped_nodes.contains(node)
    }

    /// The injected faults, one line each (`crash busybox:1.36 after 2s`), for display.
    pub fn fault_list(&self) -> Vec<String> {
        self.faults.list()
    }

    /// Look up a stored object.
    pub fn get(&self, kind: Kind, ns: &str, name: &str) -> Option<Arc<Object>> {
        self.store.get_obj(&ObjKey::new(kind, ns, name)).cloned()
    }
}

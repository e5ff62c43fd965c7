//! The runtime every component runs on: etcd (the store), kube-apiserver's request
//! handling, the informers' indexes, the work queues and timers, the event broadcasters,
//! the seeded random streams and the virtual clock. It names no controller: the components
//! are [`registry::Controller`]s, registered by the composition root (the `cluster` module).
//!
//! The loop (see ARCHITECTURE.md and `run.rs`): (1) fire due timers; (2) deliver watch
//! events from the store to the indexes and to every controller's handlers, which enqueue
//! work; (3) take the oldest queued work item and let its controller process it — that is
//! one *step*; (4) when nothing is queued, advance the clock to the next timer. Writes are
//! committed to the store at once but other components only see them through (2).

pub mod api;
pub mod flowcontrol;
pub mod informer;
pub mod queue;
pub mod record;
pub mod registry;
pub mod run;
pub mod step;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use crate::events::{EventSpec, Recorder};
use crate::faults::Faults;
use crate::object::{Kind, ObjKey, Object};
use crate::profile::Profile;
use crate::rng::{SimRng, Stream};
use crate::store::Store;
use crate::time::{Millis, SimTime};

use informer::Indexes;
use queue::{Cause, CtlId, Key, Work, WorkQueue};

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

/// What a timer does when it fires.
#[derive(Clone, Debug)]
pub struct Timer {
    pub work: Work,
    /// Routine timers (heartbeats, periodic resyncs) do not keep `settle` busy.
    pub routine: bool,
}

/// The shared machinery of the simulated cluster. Cloning it (with the registry) is the
/// checkpoint used for rewinding.
#[derive(Clone)]
pub struct Runtime {
    pub now: SimTime,
    pub store: Store,
    pub profile: Profile,
    pub timings: Timings,
    pub seed: u64,
    /// kube-apiserver's stream: generated names and uids.
    pub(crate) rng_api: SimRng,
    /// While the cluster builds itself (before the story starts), the controllers that fill
    /// every namespace (ServiceAccount, root CA) wait to be driven explicitly, so that their
    /// objects take their uids from their own stream and shift no other name.
    pub(crate) bootstrapping: bool,
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
    pub(crate) cause: Cause,
    /// The controller whose handler or sync is running (see [`Runtime::work`]).
    pub(crate) active: CtlId,
    /// Highest store revision the informers have seen.
    pub(crate) delivered: i64,
    /// The informers' shared indexes.
    pub(crate) idx: Indexes,
    pub(crate) recorder: Recorder,
    /// Events waiting for their broadcaster: (id, component, events), ids ascending (the
    /// broadcasters' work items run in the order they were queued, so the oldest goes first).
    pub(crate) deferred: VecDeque<Deferred>,
    pub(crate) deferred_seq: u64,
    /// Recorded steps so far.
    pub steps: u64,
    /// Number of nodes ever added (for addresses).
    pub(crate) node_seq: u32,
    /// Injected faults (`fault …`); part of the state, so rewinding restores them.
    pub(crate) faults: Faults,
    /// Simulated resource usage (`load …`): like the faults, the environment.
    pub load: crate::load::Load,
    /// What metrics-server scraped and serves (metrics.k8s.io).
    pub metrics: crate::metrics::Metrics,
    /// Nodes whose kubelet is stopped (`node stop`): like the faults, the environment the
    /// components run in, not something any of them decides. The kubelet drops its work;
    /// `settle` keeps the node controller's passes counting until the node is handled.
    pub(crate) stopped_nodes: BTreeSet<String>,
    /// The requests kube-proxy delivered, by pod (`namespace/name`): their access log lines
    /// (see [`crate::logs`]).
    pub access: imbl::OrdMap<String, imbl::Vector<crate::logs::Access>>,
    /// Each controller's workqueue rate limiter (`AddRateLimited`), by controller.
    pub(crate) rate_limiters: BTreeMap<CtlId, RateLimiter>,
    /// The workqueues' per-item failure counts (`ItemExponentialFailureRateLimiter`), until
    /// the item is forgotten after a successful sync.
    pub(crate) item_failures: BTreeMap<Work, u32>,
    /// Each component's REST clients' token buckets, by client name (the component, or
    /// `<component> events` for a separate event client), made full on first use. (Looked
    /// up only, never iterated.)
    pub(crate) clients: HashMap<String, flowcontrol::TokenBucket>,
    /// Work waiting for its component's client rate limiter: since when, what woke it, and
    /// the client. (Iterated only to count per component, which no order changes.)
    pub(crate) throttled: HashMap<Work, Throttled>,
}

/// Events recorded by a component, waiting for its event broadcaster.
#[derive(Clone, Debug)]
pub(crate) struct Deferred {
    pub id: u64,
    /// The controller that recorded them (none for kube-apiserver's own).
    pub ctl: Option<CtlId>,
    pub component: String,
    pub events: Vec<EventSpec>,
}

/// A work item held back by its component's client rate limiter (see `flowcontrol`).
#[derive(Clone, Debug)]
pub(crate) struct Throttled {
    pub since: SimTime,
    pub cause: Cause,
    pub client: String,
    /// When the token it waits for comes.
    pub until: SimTime,
}

/// client-go's `DefaultControllerRateLimiter` for items that never fail (each successful
/// sync `Forget`s its item): the larger of the per-item exponential back-off's first delay
/// (5 ms) and the overall token bucket's (10 per second, burst 100).
/// `k8s.io/client-go/util/workqueue/default_rate_limiters.go`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimiter(flowcontrol::TokenBucket);

impl RateLimiter {
    const BUCKET: flowcontrol::ClientLimits = flowcontrol::ClientLimits {
        qps: 10,
        burst: 100,
    };
    const ITEM_BASE_MS: i64 = 5;

    fn new(now: SimTime) -> RateLimiter {
        RateLimiter(flowcontrol::TokenBucket::new(Self::BUCKET, now))
    }

    /// The delay of one more rate-limited add at `now`.
    pub fn when(&mut self, now: SimTime) -> i64 {
        self.0.reserve(now, 1).max(Self::ITEM_BASE_MS)
    }
}

impl Runtime {
    /// An empty runtime: no objects, nothing queued, the clock at zero.
    pub fn new(seed: u64, profile: Profile) -> Runtime {
        Runtime {
            now: SimTime(0),
            store: Store::new(),
            profile,
            timings: Timings::default(),
            seed,
            rng_api: SimRng::new(seed, Stream::ApiServer),
            bootstrapping: false,
            rng_svc: SimRng::new(seed, Stream::Services),
            rng_proxy: SimRng::new(seed, Stream::Proxy),
            queue: WorkQueue::default(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            timer_index: HashMap::new(),
            cause: Cause::None,
            active: 0,
            delivered: 0,
            idx: Default::default(),
            recorder: Default::default(),
            deferred: VecDeque::new(),
            deferred_seq: 0,
            steps: 0,
            node_seq: 0,
            faults: Default::default(),
            load: Default::default(),
            metrics: Default::default(),
            stopped_nodes: BTreeSet::new(),
            access: imbl::OrdMap::new(),
            rate_limiters: BTreeMap::new(),
            item_failures: BTreeMap::new(),
            clients: HashMap::new(),
            throttled: HashMap::new(),
        }
    }

    /// Free the runtime's parts one at a time, calling `freed` with each one's name after
    /// it (`examples/memory.rs`; the runtime is useless afterwards).
    #[doc(hidden)]
    pub fn free_parts(&mut self, freed: &mut dyn FnMut(&str)) {
        let rev = self.store.revision();
        self.store.compact(rev);
        freed("store watch log (old revisions)");
        self.idx = Default::default();
        freed("informer indexes");
        self.queue = Default::default();
        self.timers.clear();
        self.timer_index = HashMap::new();
        self.throttled = HashMap::new();
        self.item_failures.clear();
        self.deferred.clear();
        freed("work queue, timers, deferred events");
        self.recorder = Default::default();
        freed("event recorder (correlator)");
        self.access = Default::default();
        self.metrics = Default::default();
        self.load = Default::default();
        freed("access log, metrics, load");
        self.store = Store::new();
        freed("store objects (current)");
    }

    /// A work item of the running controller (see [`registry::Controller`]): queue `op`,
    /// key `key`.
    pub fn work(&self, op: u8, key: Key) -> Work {
        Work::Sync {
            ctl: self.active,
            op,
            key,
        }
    }

    /// Enqueue `work` at `at` (client-go `AddAfter`): if the same work is already waiting
    /// for an earlier or equal time, that timer is kept; a later one is replaced.
    pub fn add_timer(&mut self, at: SimTime, work: Work, routine: bool) {
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

    /// `AddRateLimited`: run `work` again after its controller's rate limiter allows it. The
    /// re-check changes nothing until something else does, so it is routine for `settle`.
    pub fn add_rate_limited(&mut self, work: Work) {
        let ctl = match &work {
            Work::Sync { ctl, .. } => *ctl,
            Work::EventFlush(_) => CtlId::MAX,
        };
        let now = self.now;
        let delay = self
            .rate_limiters
            .entry(ctl)
            .or_insert_with(|| RateLimiter::new(now))
            .when(now);
        self.add_timer(now.plus(delay), work, true);
    }

    /// `AddRateLimited` with the controllers' default rate limiter: the larger of the
    /// item's exponential failure back-off (5ms·2^failures, at most `max_ms`: 1000s by
    /// default, 60s for the namespace controller) and the shared 10 QPS / burst 100 bucket.
    /// The item's failures count until [`Runtime::forget`]. `routine`: a retry that is not
    /// expected to make progress by itself (waiting commands do not wait for it).
    pub fn add_rate_limited_item(&mut self, work: Work, max_ms: i64, routine: bool) {
        let n = self.item_failures.entry(work.clone()).or_insert(0);
        let backoff = (RateLimiter::ITEM_BASE_MS << (*n).min(20)).min(max_ms);
        *n += 1;
        let ctl = match &work {
            Work::Sync { ctl, .. } => *ctl,
            Work::EventFlush(_) => CtlId::MAX,
        };
        let now = self.now;
        let bucket = self
            .rate_limiters
            .entry(ctl)
            .or_insert_with(|| RateLimiter::new(now))
            .when(now);
        self.add_timer(now.plus(backoff.max(bucket)), work, routine);
    }

    /// `Forget`: the item synced without error; its failure back-off starts afresh.
    pub fn forget(&mut self, work: &Work) {
        self.item_failures.remove(work);
    }

    /// Drop a pending timer for `work`, if any.
    /// Work held back by its client's rate limiter has started (its request is waiting for
    /// a token) and is not cancelled.
    pub fn cancel_timer(&mut self, work: &Work) {
        if self.throttled.contains_key(work) {
            return;
        }
        if let Some(k) = self.timer_index.remove(work) {
            self.timers.remove(&k);
        }
    }

    /// Make the pending timers of controller `ctl` routine or not (whether `settle` waits
    /// for them): a change of the environment (load) makes periodic work matter again.
    pub fn set_timers_routine(&mut self, ctl: queue::CtlId, routine: bool) {
        for t in self.timers.values_mut() {
            if matches!(&t.work, Work::Sync { ctl: c, .. } if *c == ctl) {
                t.routine = routine;
            }
        }
    }

    /// Enqueue work now (deduplicated), citing the watch event or timer being handled.
    pub fn enqueue(&mut self, work: Work) {
        let cause = self.cause.clone();
        self.queue.add_because(work, cause);
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

    /// The injected faults, one line each (`crash busybox:1.36 after 2s`), for display.
    pub fn fault_list(&self) -> Vec<String> {
        self.faults.list()
    }

    /// True while the node's kubelet is stopped (`node stop`).
    pub fn node_stopped(&self, node: &str) -> bool {
        self.stopped_nodes.contains(node)
    }

    /// Look up a stored object.
    pub fn get(&self, kind: Kind, ns: &str, name: &str) -> Option<Arc<Object>> {
        self.store.get_obj(&ObjKey::new(kind, ns, name)).cloned()
    }
}

#[cfg(test)]
mod rate_limiter_tests {
    use super::RateLimiter;
    use crate::time::SimTime;

    /// `DefaultControllerRateLimiter` for an item that is forgotten after each sync:
    /// 5 ms while the bucket's burst of 100 lasts, then one every 100 ms (10 qps), the
    /// debt growing with each reservation; idle time refills it (10 tokens per second).
    #[test]
    fn bucket_then_steady_rate() {
        let mut r = RateLimiter::new(SimTime(0));
        let t = SimTime(0);
        for _ in 0..100 {
            assert_eq!(r.when(t), 5);
        }
        assert_eq!(r.when(t), 100);
        assert_eq!(r.when(t), 200);
        // 300 ms later the debt (2 tokens) is paid and one more token is there.
        assert_eq!(r.when(SimTime(300)), 5);
        assert_eq!(r.when(SimTime(300)), 100);
        // A long pause refills to the burst, no further.
        let mut later = SimTime(1_000_000);
        for _ in 0..100 {
            assert_eq!(r.when(later), 5);
        }
        assert_eq!(r.when(later), 100);
        later = SimTime(later.0 + 50);
        assert_eq!(r.when(later), 150);
    }
}

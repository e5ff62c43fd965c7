//! ReplicaSet controller (`pkg/controller/replicaset/replica_set.go`): keeps the number of
//! active pods equal to `spec.replicas`, creating pods from the template in slow-start
//! batches or deleting the lowest-ranked ones, guarded by expectations; and reports status.

pub mod ranking;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetStatus};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::events::EventSpec;
use crate::lang::{Lang, s};
use crate::object::{Kind, ObjKey, Object};
use crate::podutil::{controller_of, is_pod_active};
use crate::runtime::Runtime;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::SimTime;

/// `BurstReplicas`: at most this many creations or deletions per sync.
pub const BURST_REPLICAS: i32 = 500;
/// Expectations older than this are considered satisfied (`ExpectationsTimeout`).
pub const EXPECTATIONS_TIMEOUT_MS: i64 = 5 * 60 * 1000;

/// Outstanding creations/deletions of one ReplicaSet (`UIDTrackingControllerExpectations`).
#[derive(Clone, Debug, Default)]
struct Expectations {
    add: i64,
    /// Pods whose deletion has been requested but not yet observed.
    del: BTreeSet<String>,
    at: SimTime,
}

/// The ReplicaSet controller (`replica_set.go`); its state between syncs is the
/// expectations of each ReplicaSet, and the syncs whose calls wait for its client's rate
/// limiter.
#[derive(Clone, Debug, Default)]
pub struct ReplicaSetController {
    expectations: HashMap<String, Expectations>,
    /// Syncs still in `manageReplicas`, by ReplicaSet key (looked up only).
    inflight: HashMap<String, Job>,
}

/// The queue of a sync's calls that wait for the client's rate limiter.
const OP_CONTINUE: u8 = 1;

/// What a sync's `manageReplicas` does.
#[derive(Clone, Debug)]
enum Todo {
    Nothing,
    /// Create pods from the template.
    Create,
    /// Delete these pods, in order.
    Delete(VecDeque<Pod>),
}

/// One sync's creations or deletions, and what its status update needs afterwards.
#[derive(Clone, Debug)]
struct Job {
    key: String,
    todo: Todo,
    /// Calls to make, and made (successful or not).
    n: i64,
    done: i64,
    /// Pods deleted in the current step (for its explanation).
    deleted: Vec<String>,
    /// Pods deleted by this sync, as they were before (they still count in `stats`).
    deleted_now: Vec<Pod>,
    /// The counts of the pods listed at the start of the sync.
    stats: crate::runtime::informer::PodStats,
    /// The error manageReplicas met (a FailedCreate).
    err: Option<String>,
    /// Whether the job waited for the rate limiter (its pods are observed meanwhile).
    resumed: bool,
}

/// The controller's one queue: ReplicaSets by `namespace/name`.
fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

impl Controller for ReplicaSetController {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "replicaset-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::ReplicaSet | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::ReplicaSet => {
                c.enqueue(work(c, obj.key().ns_name()));
                if ev.ty == WatchType::Deleted {
                    // Forget a deleted ReplicaSet's expectations.
                    self.expectations.remove(&obj.key().ns_name());
                }
            }
            Kind::Pod => {
                // addPod / updatePod: an orphan is offered to every ReplicaSet whose
                // selector matches it (getPodReplicaSets).
                if ev.ty != WatchType::Deleted
                    && controller_of(obj).is_none()
                    && obj.meta().deletion_timestamp.is_none()
                {
                    for k in super::matching_owners(c, obj, Kind::ReplicaSet) {
                        c.enqueue(work(c, k));
                    }
                }
                on_pod_event(self, c, ev);
            }
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        if op == OP_CONTINUE {
            resume(self, c, cx, key.name());
        } else if !self.inflight.contains_key(key.name()) {
            // (A key in manageReplicas is not synced again until that sync ends.)
            sync(self, c, cx, key.name());
        }
    }
}

fn owner_rs_key(pod: &Object) -> Option<String> {
    let r = controller_of(pod)?;
    (r.kind == "ReplicaSet").then(|| format!("{}/{}", pod.namespace(), r.name))
}

/// Pod handlers (`addPod`, `updatePod`, `deletePod`): observe expectations, enqueue the owner.
fn on_pod_event(st: &mut ReplicaSetController, c: &mut Runtime, ev: &WatchEvent) {
    let pod = &*ev.obj;
    let uid = pod.meta().uid.clone().unwrap_or_default();
    let mut owners: Vec<String> = vec![];
    if let Some(k) = owner_rs_key(pod) {
        owners.push(k);
    }
    if let Some(old) = ev.old.as_deref()
        && let Some(k) = owner_rs_key(old)
        && !owners.contains(&k)
    {
        owners.push(k);
    }
    let Some(own) = owners.first().cloned() else {
        return;
    };
    match ev.ty {
        WatchType::Added => {
            if let Some(e) = st.expectations.get_mut(&own)
                && e.add > 0
            {
                e.add -= 1;
            }
        }
        WatchType::Modified | WatchType::Deleted => {
            let deleting = ev.ty == WatchType::Deleted || pod.meta().deletion_timestamp.is_some();
            if deleting && let Some(e) = st.expectations.get_mut(&own) {
                e.del.remove(&uid);
            }
        }
    }
    // A pod that just became Ready turns available after minReadySeconds: look again
    // then (replica_set.go updatePod: enqueueRSAfter(minReadySeconds + 1s)).
    if ev.ty == WatchType::Modified
        && let (Some(new), Some(old)) = (pod.as_pod(), ev.old.as_deref().and_then(Object::as_pod))
        && crate::podutil::is_pod_ready(new)
        && !crate::podutil::is_pod_ready(old)
        && let Some((ns, name)) = own.split_once('/')
        && let Some(rs) = c.get(Kind::ReplicaSet, ns, name)
        && let Some(min_ready) = rs
            .as_replicaset()
            .and_then(|r| r.spec.as_ref())
            .and_then(|s| s.min_ready_seconds)
            .filter(|m| *m > 0)
    {
        c.add_timer(
            c.now.plus(min_ready as i64 * 1000 + 1000),
            work(c, own.clone()),
            false,
        );
    }
    for k in owners {
        // A ReplicaSet still in manageReplicas is synced again when that ends.
        if !st.inflight.contains_key(&k) {
            c.enqueue(work(c, k));
        }
    }
}

fn satisfied(st: &ReplicaSetController, c: &Runtime, key: &str) -> bool {
    match st.expectations.get(key) {
        None => true,
        Some(e) => (e.add <= 0 && e.del.is_empty()) || c.now.0 - e.at.0 > EXPECTATIONS_TIMEOUT_MS,
    }
}

/// Pods controlled by the ReplicaSet with this uid.
pub(crate) fn pods_of(c: &Runtime, rs_uid: &str) -> Vec<Arc<Object>> {
    c.idx
        .controlled_by(rs_uid, Kind::Pod)
        .iter()
        .filter_map(|k| c.store.get_obj(k).cloned())
        .collect()
}

/// Pods of every ReplicaSet of the same Deployment ("related pods" for ranking).
fn related_pods(c: &Runtime, rs: &Object) -> Vec<Arc<Object>> {
    let owner = controller_of(rs).map(|r| r.uid.clone());
    let rs_keys: Vec<ObjKey> = match owner {
        Some(u) => c.idx.controlled_by(&u, Kind::ReplicaSet),
        None => vec![rs.key()],
    };
    rs_keys
        .iter()
        .filter_map(|k| c.store.get_obj(k))
        .flat_map(|r| pods_of(c, r.meta().uid.as_deref().unwrap_or("")))
        .collect()
}

/// Build a pod from the ReplicaSet's template (`controller.GetPodFromTemplate`).
fn pod_from_template(rs: &ReplicaSet, rs_obj: &Object) -> Pod {
    let t = rs
        .spec
        .as_ref()
        .and_then(|s| s.template.clone())
        .unwrap_or_default();
    let tm = t.metadata.unwrap_or_default();
    let name = rs.metadata.name.clone().unwrap_or_default();
    Pod {
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", name)),
            namespace: rs.metadata.namespace.clone(),
            labels: tm.labels,
            annotations: tm.annotations,
            finalizers: tm.finalizers,
            owner_references: Some(vec![crate::podutil::owner_ref(rs_obj, true)]),
            ..Default::default()
        },
        spec: t.spec,
        status: None,
    }
}

/// One sync of one ReplicaSet (`syncReplicaSet`).
fn sync(st: &mut ReplicaSetController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(rs_obj) = c.get(Kind::ReplicaSet, ns, name) else {
        st.expectations.remove(key);
        return;
    };
    let Some(rs) = rs_obj.as_replicaset().cloned() else {
        return;
    };
    let rs_uid = rs.metadata.uid.clone().unwrap_or_default();
    let selector = rs
        .spec
        .as_ref()
        .and_then(|s| crate::labels::Selector::from_label_selector(&s.selector).ok())
        .unwrap_or_else(crate::labels::Selector::nothing);
    // ControllerRef: adopt matching orphans, release pods relabelled out of the selector.
    let (adopted, released) = super::claim_changed(c, cx, &rs_obj, &selector, Kind::Pod);
    // Every change is delivered before a step runs, so the informer's counts describe the
    // pods as the store holds them now (checked against a full listing in debug builds).
    let stats = c.idx.pod_stats.get(&rs_uid).cloned().unwrap_or_default();
    // (Only for small ReplicaSets, so debug builds stay usable at scale.)
    #[cfg(debug_assertions)]
    let cross_check = c
        .idx
        .controlled
        .get(&rs_uid)
        .is_none_or(|s| s.len() <= 2000);
    #[cfg(debug_assertions)]
    if cross_check {
        let listed = pods_of(c, &rs_uid)
            .iter()
            .filter(|o| o.as_pod().is_some_and(is_pod_active))
            .count() as u64;
        debug_assert_eq!(listed, stats.active, "pod stats of {} out of date", key);
    }
    let active_count = (stats.active as i64 + adopted - released).max(0) as usize;
    let want = rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let needs_sync = satisfied(st, c, key) && rs.metadata.deletion_timestamp.is_none();
    let mut job = Job {
        key: key.to_string(),
        todo: Todo::Nothing,
        n: 0,
        done: 0,
        deleted: vec![],
        deleted_now: vec![],
        stats,
        err: None,
        resumed: false,
    };
    if needs_sync {
        let diff = active_count as i64 - want as i64;
        if diff < 0 {
            let n = (-diff).min(BURST_REPLICAS as i64) as i32;
            let batches = ranking::slow_start_batch_sizes(n, 1);
            st.expectations.insert(
                key.to_string(),
                Expectations {
                    add: n as i64,
                    del: BTreeSet::new(),
                    at: c.now,
                },
            );
            job.n = n as i64;
            job.todo = Todo::Create;
            run_job(st, c, cx, &rs_obj, &mut job);
            cx.say(ReplicaSetWhy::Created {
                rs: name.to_string(),
                want: want.into(),
                active: active_count as i64,
                created: job.done,
                batches: batches.iter().map(|b| i64::from(*b)).collect(),
            });
        } else if diff > 0 {
            let n = diff.min(BURST_REPLICAS as i64) as usize;
            let active: Vec<Arc<Object>> = pods_of(c, &rs_uid)
                .into_iter()
                .filter(|o| o.as_pod().is_some_and(is_pod_active))
                .filter(|o| {
                    selector.matches(o.meta().labels.as_ref().unwrap_or(&Default::default()))
                })
                .collect();
            let related = related_pods(c, &rs_obj);
            let cand: Vec<&Pod> = active.iter().filter_map(|o| o.as_pod()).collect();
            let rel: Vec<&Pod> = related.iter().filter_map(|o| o.as_pod()).collect();
            let plan = ranking::plan_pod_deletions(&cand, &rel, n, c.now);
            let why = plan.reason.clone();
            let victims: VecDeque<Pod> = plan
                .victims
                .into_iter()
                .filter_map(|i| cand.get(i).map(|p| (*p).clone()))
                .collect();
            let mut uids = BTreeSet::new();
            for p in &victims {
                uids.insert(p.metadata.uid.clone().unwrap_or_default());
            }
            st.expectations.insert(
                key.to_string(),
                Expectations {
                    add: 0,
                    del: uids,
                    at: c.now,
                },
            );
            job.n = victims.len() as i64;
            job.todo = Todo::Delete(victims);
            run_job(st, c, cx, &rs_obj, &mut job);
            cx.say(ReplicaSetWhy::Deleted {
                rs: name.to_string(),
                want: want.into(),
                active: active_count as i64,
                deleted: std::mem::take(&mut job.deleted),
                ranking: why,
            });
        }
    }
    if job.done < job.n && job.err.is_none() {
        // The rest of the batch waits for the client's rate limiter; the worker stays in
        // manageReplicas until it is through, then updates the status.
        cx.say(ReplicaSetWhy::Waiting {
            rs: name.to_string(),
            left: job.n - job.done,
            n: job.n,
        });
        c.hold_for_client(cx, c.work(OP_CONTINUE, Key::Name(key.to_string())));
        st.inflight.insert(key.to_string(), job);
        return;
    }
    update_status(c, cx, &job);
}

/// `manageReplicas` continued: the creations or deletions of a sync that waited for the
/// client's rate limiter (slowStartBatch's goroutines blocked in the client's `Wait`).
fn resume(st: &mut ReplicaSetController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let Some(mut job) = st.inflight.remove(key) else {
        return;
    };
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(rs_obj) = c.get(Kind::ReplicaSet, ns, name) else {
        return;
    };
    let before = job.done;
    job.resumed = true;
    run_job(st, c, cx, &rs_obj, &mut job);
    let deleted = std::mem::take(&mut job.deleted);
    cx.say(ReplicaSetWhy::Continued {
        rs: name.to_string(),
        created: matches!(job.todo, Todo::Create),
        did: job.done - before,
        deleted,
        done: job.done,
        n: job.n,
    });
    if job.done < job.n && job.err.is_none() {
        c.hold_for_client(cx, c.work(OP_CONTINUE, Key::Name(key.to_string())));
        st.inflight.insert(key.to_string(), job);
        return;
    }
    update_status(c, cx, &job);
    // Watch events of the pods it made queued the key meanwhile (the workqueue keeps a key
    // being processed dirty): it is synced again now.
    c.enqueue(work(c, key.to_string()));
}

/// Make the job's calls while the client has tokens: creations (slowStartBatch stops at the
/// first error and skips the rest, which will never be observed) or deletions.
fn run_job(
    st: &mut ReplicaSetController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    rs_obj: &Object,
    job: &mut Job,
) {
    let key = job.key.clone();
    let (ns, _) = key.split_once('/').unwrap_or(("default", &key));
    let ns = ns.to_string();
    while job.done < job.n && job.err.is_none() && c.client_try_take(cx) {
        match &mut job.todo {
            Todo::Nothing => return,
            Todo::Create => {
                let Some(rs) = rs_obj.as_replicaset() else {
                    return;
                };
                let pod = pod_from_template(rs, rs_obj);
                match c.api_create(cx, Object::from(pod), true) {
                    Ok(p) => {
                        job.done += 1;
                        cx.deferred_events.push(EventSpec::new(
                            rs_obj,
                            "Normal",
                            "SuccessfulCreate",
                            format!("Created pod: {}", p.name()),
                            "replicaset-controller",
                        ));
                    }
                    Err(e) => {
                        // `Error creating: %v` of the API server's StatusError, unless the
                        // namespace is going away (the NamespaceTerminating cause).
                        let msg = e.status_message();
                        if !matches!(
                            e,
                            crate::runtime::api::ApiError::NamespaceTerminating { .. }
                        ) {
                            cx.deferred_events.push(EventSpec::new(
                                rs_obj,
                                "Warning",
                                "FailedCreate",
                                format!("Error creating: {}", msg),
                                "replicaset-controller",
                            ));
                        }
                        // Skipped creations will never be observed (skippedPods).
                        if let Some(e) = st.expectations.get_mut(&key) {
                            e.add = (e.add - (job.n - job.done)).max(0);
                        }
                        job.err = Some(msg);
                    }
                }
            }
            Todo::Delete(victims) => {
                let Some(p) = victims.pop_front() else {
                    job.done = job.n;
                    return;
                };
                job.done += 1;
                let pname = p.metadata.name.clone().unwrap_or_default();
                let pkey = ObjKey::new(Kind::Pod, &ns, &pname);
                match c.api_delete(cx, &pkey, Default::default()) {
                    Ok(_) => {
                        job.deleted_now.push(p);
                        cx.deferred_events.push(EventSpec::new(
                            rs_obj,
                            "Normal",
                            "SuccessfulDelete",
                            format!("Deleted pod: {}", pname),
                            "replicaset-controller",
                        ));
                        job.deleted.push(pname);
                    }
                    Err(e) => {
                        if let Some(ex) = st.expectations.get_mut(&key) {
                            ex.del.remove(p.metadata.uid.as_deref().unwrap_or(""));
                        }
                        cx.deferred_events.push(EventSpec::new(
                            rs_obj,
                            "Warning",
                            "FailedDelete",
                            format!("Error deleting: {}", e.kubectl()),
                            "replicaset-controller",
                        ));
                    }
                }
            }
        }
    }
}

/// The end of `syncReplicaSet`: the status from the pods listed at the start of the sync
/// (less the ones it deleted), with the error manageReplicas met.
fn update_status(c: &mut Runtime, cx: &mut StepCtx, job: &Job) {
    // processNextWorkItem: a sync that met an error is retried through the rate limiter
    // (AddRateLimited); a clean one is forgotten.
    let w = work(c, job.key.clone());
    if job.err.is_some() {
        c.add_rate_limited_item(w, 1_000_000, true);
    } else {
        c.forget(&w);
    }
    let key = job.key.as_str();
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(rs_obj) = c.get(Kind::ReplicaSet, ns, name) else {
        return;
    };
    let Some(rs) = rs_obj.as_replicaset().cloned() else {
        return;
    };
    let want = rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let manage_err = &job.err;
    let deleted_now = &job.deleted_now;
    #[cfg(debug_assertions)]
    let rs_uid = rs.metadata.uid.clone().unwrap_or_default();
    #[cfg(debug_assertions)]
    let cross_check = c
        .idx
        .controlled
        .get(&rs_uid)
        .is_none_or(|s| s.len() <= 2000)
        && !job.resumed;
    // Status (replica_set_utils.go calculateStatus).
    let min_ready = rs
        .spec
        .as_ref()
        .and_then(|s| s.min_ready_seconds)
        .unwrap_or(0);
    let template_labels = rs
        .spec
        .as_ref()
        .and_then(|s| s.template.as_ref())
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    // The counts as of the start of the sync, less the pods this sync just deleted (now
    // terminating or gone). Pods created by this sync are not observed yet.
    let mut stats = job.stats.clone();
    for p in deleted_now {
        let key = ObjKey::new(Kind::Pod, ns, p.metadata.name.as_deref().unwrap_or(""));
        stats.remove_pod(p);
        if let Some(now) = c.store.get_obj(&key).and_then(|o| o.as_pod()) {
            stats.add_pod(now);
        }
    }
    let replicas = stats.active as i32;
    let fully = stats.fully_labeled(&template_labels) as i32;
    let ready = stats.ready as i32;
    let available = stats.available(min_ready, c.now) as i32;
    #[cfg(debug_assertions)]
    if cross_check {
        let active_now: Vec<Pod> = pods_of(c, &rs_uid)
            .iter()
            .filter_map(|o| o.as_pod().cloned())
            .filter(is_pod_active)
            .collect();
        let mut f = 0;
        let mut r = 0;
        let mut a = 0;
        for p in &active_now {
            let labels = p.metadata.labels.clone().unwrap_or_default();
            if template_labels
                .iter()
                .all(|(k, v)| labels.get(k) == Some(v))
            {
                f += 1;
            }
            if crate::podutil::is_pod_ready(p) {
                r += 1;
                if crate::podutil::is_pod_available(p, min_ready, c.now) {
                    a += 1;
                }
            }
        }
        debug_assert_eq!(
            (active_now.len() as i32, f, r, a),
            (replicas, fully, ready, available),
            "incremental status of {} differs from a full count",
            key
        );
    }
    let old_status = rs.status.clone().unwrap_or_default();
    let mut conditions = old_status.conditions.clone().unwrap_or_default();
    match &manage_err {
        Some(msg) => {
            if !conditions.iter().any(|c| c.type_ == "ReplicaFailure") {
                conditions.push(k8s_openapi::api::apps::v1::ReplicaSetCondition {
                    type_: "ReplicaFailure".into(),
                    status: "True".into(),
                    reason: Some("FailedCreate".into()),
                    message: Some(msg.clone()),
                    last_transition_time: Some(c.now.to_k8s()),
                });
            }
        }
        None => conditions.retain(|c| c.type_ != "ReplicaFailure"),
    }
    let status = ReplicaSetStatus {
        replicas,
        fully_labeled_replicas: Some(fully),
        ready_replicas: Some(ready),
        available_replicas: Some(available),
        observed_generation: rs.metadata.generation,
        conditions: if conditions.is_empty() {
            None
        } else {
            Some(conditions)
        },
    };
    if rs.status.as_ref() != Some(&status) {
        let mut new = rs.clone();
        new.status = Some(status.clone());
        if c.api_update_status(cx, Object::from(new)).is_ok() && cx.why.is_empty() {
            cx.say(ReplicaSetWhy::Status {
                rs: name.to_string(),
                replicas: status.replicas,
                ready,
                available,
            });
        }
    }
    // Pods that are Ready but not yet available: look again once minReadySeconds pass.
    if min_ready > 0 && ready == want && available != want {
        c.add_timer(
            c.now.plus(min_ready as i64 * 1000),
            work(c, key.to_string()),
            false,
        );
    }
}

/// What the ReplicaSet controller did.
#[derive(Clone, Debug)]
pub enum ReplicaSetWhy {
    /// Pods created in slow-start batches.
    Created {
        rs: String,
        want: i64,
        active: i64,
        created: i64,
        batches: Vec<i64>,
    },
    /// Pods deleted, with why they were picked.
    Deleted {
        rs: String,
        want: i64,
        active: i64,
        deleted: Vec<String>,
        ranking: ranking::RankWhy,
    },
    Status {
        rs: String,
        replicas: i32,
        ready: i32,
        available: i32,
    },
    /// The rest of the sync's calls wait for the client's rate limiter.
    Waiting { rs: String, left: i64, n: i64 },
    /// Calls of a sync that waited for the rate limiter, made now.
    Continued {
        rs: String,
        created: bool,
        did: i64,
        deleted: Vec<String>,
        done: i64,
        n: i64,
    },
}

impl Explain for ReplicaSetWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            ReplicaSetWhy::Created {
                rs,
                want,
                active,
                created,
                batches,
            } => w.pick(
                "ReplicaSet {0} wants {1} replica{2} and has {3} active pod{4}: created {5} pod{6} (slow-start batches {7}, at most {8} per sync)",
                "ReplicaSet {0} 需要 {1} 个副本，现有 {3} 个活跃 Pod：创建了 {5} 个 Pod（慢启动批次 {7}，每次同步最多 {8} 个）",
                [&rs, &want, &s(*want), &active, &s(*active), &created, &s(*created), &batches
                    .iter()
                    .map(|b| b.to_string())
                    .collect::<Vec<_>>()
                    .join(", "), &BURST_REPLICAS],
            ),
            ReplicaSetWhy::Deleted {
                rs,
                want,
                active,
                deleted,
                ranking,
            } => w.pick(
                "ReplicaSet {0} wants {1} replica{2} and has {3} active pods: deleted {4} ({5})",
                "ReplicaSet {0} 需要 {1} 个副本，现有 {3} 个活跃 Pod：删除了 {4}（{5}）",
                [&rs, &want, &s(*want), &active, &deleted.join(", "), &w.nested(ranking)],
            ),
            ReplicaSetWhy::Status {
                rs,
                replicas,
                ready,
                available,
            } => w.pick(
                "ReplicaSet {0} status: {1} replicas, {2} ready, {3} available",
                "ReplicaSet {0} 状态：{1} 个副本，{2} 个就绪，{3} 个可用",
                [&rs, &replicas, &ready, &available],
            ),
            ReplicaSetWhy::Waiting { rs, left, n } => w.pick(
                "the other {0} of {1} wait for its client's rate limiter (ReplicaSet {2})",
                "其余 {0} 个（共 {1} 个）在等待客户端限流器（ReplicaSet {2}）",
                [&left, &n, &rs],
            ),
            ReplicaSetWhy::Continued {
                rs,
                created: true,
                did,
                done,
                n,
                ..
            } => w.pick(
                "created {0} more pod{1} for ReplicaSet {2} ({3} of {4})",
                "为 ReplicaSet {2} 又创建了 {0} 个 Pod（{3}/{4}）",
                [&did, &s(*did), &rs, &done, &n],
            ),
            ReplicaSetWhy::Continued {
                rs,
                deleted,
                done,
                n,
                ..
            } => w.pick(
                "deleted {0} for ReplicaSet {1} ({2} of {3})",
                "为 ReplicaSet {1} 删除了 {0}（{2}/{3}）",
                [&deleted.join(", "), &rs, &done, &n],
            ),
        }
    }
}

#[cfg(test)]
mod why_tests {
    use super::ranking::{RankContext, RankDetail, RankWhy, RuleWhy};
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::runtime::step::{check_all, check_renders};

    fn rank(victims: &[&str], rule: RuleWhy, like: Option<&str>) -> RankWhy {
        RankWhy {
            victims: victims.iter().map(|v| v.to_string()).collect(),
            detail: RankDetail::Rule {
                last: victims.last().unwrap_or(&"").to_string(),
                kept: "web-k".into(),
                context: RankContext {
                    phase: "Running".into(),
                    ready: like.is_none(),
                    like: like.map(String::from),
                },
                rule,
            },
        }
    }

    #[test]
    fn every_replicaset_explanation_renders_in_both_languages() {
        let r = || rank(&["web-a"], RuleWhy::Tie, None);
        let all = [
            ReplicaSetWhy::Created {
                rs: "web-1".into(),
                want: 3,
                active: 0,
                created: 3,
                batches: vec![1, 2],
            },
            ReplicaSetWhy::Deleted {
                rs: "web-1".into(),
                want: 1,
                active: 2,
                deleted: vec!["web-a".into()],
                ranking: r(),
            },
            ReplicaSetWhy::Status {
                rs: "web-1".into(),
                replicas: 3,
                ready: 2,
                available: 1,
            },
            ReplicaSetWhy::Waiting {
                rs: "web-1".into(),
                left: 470,
                n: 500,
            },
            ReplicaSetWhy::Continued {
                rs: "web-1".into(),
                created: true,
                did: 1,
                deleted: vec![],
                done: 31,
                n: 500,
            },
            ReplicaSetWhy::Continued {
                rs: "web-1".into(),
                created: false,
                did: 1,
                deleted: vec!["web-a".into()],
                done: 31,
                n: 500,
            },
        ];
        let index = |w: &ReplicaSetWhy| match w {
            ReplicaSetWhy::Created { .. } => 0,
            ReplicaSetWhy::Deleted { .. } => 1,
            ReplicaSetWhy::Status { .. } => 2,
            ReplicaSetWhy::Waiting { .. } => 3,
            ReplicaSetWhy::Continued { created: true, .. } => 4,
            ReplicaSetWhy::Continued { .. } => 5,
        };
        check_all(&all, index, 6);
    }

    #[test]
    fn every_ranking_rule_renders_in_both_languages() {
        let rules = vec![
            RuleWhy::Unassigned { others_all: true },
            RuleWhy::Unassigned { others_all: false },
            RuleWhy::Phase {
                phase: "Pending".into(),
                kept_phase: "Running".into(),
                others_all: true,
            },
            RuleWhy::Phase {
                phase: "Pending".into(),
                kept_phase: "Running".into(),
                others_all: false,
            },
            RuleWhy::NotReady { others_all: true },
            RuleWhy::NotReady { others_all: false },
            RuleWhy::DeletionCost {
                cost: "-5".into(),
                kept_cost: "0".into(),
            },
            RuleWhy::Colocated {
                rank: 3,
                node: "n2".into(),
                kept_rank: 1,
                kept_node: "n1".into(),
            },
            RuleWhy::ReadyTime {
                same_bucket: true,
                age: Some(3_000),
                kept_age: Some(2_000),
            },
            RuleWhy::ReadyTime {
                same_bucket: false,
                age: Some(3_600_000),
                kept_age: None,
            },
            RuleWhy::Restarts {
                restarts: 3,
                kept_restarts: 0,
            },
            RuleWhy::Created {
                same_bucket: true,
                age: Some(5_000),
                kept_age: Some(4_000),
            },
            RuleWhy::Created {
                same_bucket: false,
                age: Some(5_000),
                kept_age: Some(40_000),
            },
            RuleWhy::Tie,
        ];
        let mut all: Vec<RankWhy> = vec![];
        for r in rules {
            all.push(rank(&["web-a"], r.clone(), None));
            all.push(rank(
                &["web-a", "web-b", "web-c", "web-d", "web-e"],
                r,
                Some("web-k"),
            ));
        }
        all.push(RankWhy {
            victims: vec![],
            detail: RankDetail::NoneToGo,
        });
        for v in [
            vec!["web-a".to_string()],
            vec!["web-a".into(), "web-b".into()],
        ] {
            all.push(RankWhy {
                victims: v,
                detail: RankDetail::NoRanking,
            });
        }
        let index = |w: &RankWhy| match &w.detail {
            RankDetail::NoneToGo => 0,
            RankDetail::NoRanking => 1,
            RankDetail::Rule { rule, .. } => match rule {
                RuleWhy::Unassigned { .. } => 2,
                RuleWhy::Phase { .. } => 3,
                RuleWhy::NotReady { .. } => 4,
                RuleWhy::DeletionCost { .. } => 5,
                RuleWhy::Colocated { .. } => 6,
                RuleWhy::ReadyTime { .. } => 7,
                RuleWhy::Restarts { .. } => 8,
                RuleWhy::Created { .. } => 9,
                RuleWhy::Tie => 10,
            },
        };
        check_all(&all, index, 11);
        let colocated = rank(
            &["web-a"],
            RuleWhy::Colocated {
                rank: 3,
                node: "n2".into(),
                kept_rank: 1,
                kept_node: "n1".into(),
            },
            None,
        );
        assert_eq!(
            colocated.en(),
            "web-a goes first: it was picked by rank (all Running and Ready): 3 related pods share its node n2, 1 on web-k's node n1"
        );
        assert_eq!(
            colocated.zh(),
            "最先删除 web-a：它按排名被选中（全部为 Running 且就绪）：它所在的节点 n2 上有 3 个相关 Pod，而 web-k 所在的节点 n1 上有 1 个"
        );
        let two = rank(
            &["web-a", "web-b"],
            RuleWhy::NotReady { others_all: false },
            Some("web-k"),
        );
        assert_eq!(
            two.en(),
            "web-a and web-b go first; web-b, the closest call, is not Ready while web-k is"
        );
        assert_eq!(
            two.zh(),
            "最先删除 web-a 和 web-b；其中最接近被保留的 web-b 未就绪，而 web-k 已就绪"
        );
        let created = rank(
            &["web-7c5d-abcde"],
            RuleWhy::Created {
                same_bucket: false,
                age: Some(5_000),
                kept_age: Some(40_000),
            },
            None,
        );
        let created = RankWhy {
            detail: match created.detail {
                RankDetail::Rule {
                    last,
                    context,
                    rule,
                    ..
                } => RankDetail::Rule {
                    last,
                    kept: "web-7c5d-fghij".into(),
                    context,
                    rule,
                },
                d => d,
            },
            ..created
        };
        assert_eq!(
            created.en(),
            "web-7c5d-abcde goes first: it is newer (created 5s ago vs 40s ago for web-7c5d-fghij; all Running and Ready)"
        );
        assert_eq!(
            created.zh(),
            "最先删除 web-7c5d-abcde：它较新（创建于 5s 前，而 web-7c5d-fghij 创建于 40s 前；全部为 Running 且就绪）"
        );
        check_renders(&[ReplicaSetWhy::Deleted {
            rs: "web".into(),
            want: 1,
            active: 2,
            deleted: vec!["web-7c5d-abcde".into()],
            ranking: created,
        }]);
    }
}

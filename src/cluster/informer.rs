//! Informers: the shared indexes every controller reads, and the event handlers that turn
//! watch events into work-queue keys (the `AddFunc`/`UpdateFunc`/`DeleteFunc` of each
//! upstream controller).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use k8s_openapi::api::core::v1::Pod;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

use super::{Cluster, Work};
use crate::object::{Kind, ObjKey, Object};
use crate::store::{WatchEvent, WatchType};

/// Indexes kept current from the watch stream, so that no controller lists the whole
/// cluster to find its objects.
#[derive(Clone, Debug, Default)]
pub struct Indexes {
    /// uid → key of every live object.
    pub by_uid: HashMap<String, ObjKey>,
    /// controller uid → keys of the objects it controls (Deployment → ReplicaSets,
    /// ReplicaSet → Pods).
    pub controlled: HashMap<String, BTreeSet<ObjKey>>,
    /// owner uid → keys of all dependents (any ownerReference), for the garbage collector.
    pub dependents: HashMap<String, BTreeSet<ObjKey>>,
    /// node name → pods bound to it.
    pub pods_by_node: HashMap<String, BTreeSet<ObjKey>>,
    /// Pods and ReplicaSets without a controller (candidates for adoption).
    pub orphans: BTreeSet<ObjKey>,
    /// Controlled objects whose labels changed since their controller last looked
    /// (candidates for release).
    pub relabeled: BTreeSet<ObjKey>,
    /// controller uid → counts over the *active* pods it controls, kept incrementally so a
    /// ReplicaSet's status is computed without visiting its pods.
    pub pod_stats: HashMap<String, PodStats>,
    /// namespace → Service name → selector, for the pod handlers of the EndpointSlice and
    /// Endpoints controllers.
    pub svc_selectors: HashMap<String, BTreeMap<String, BTreeMap<String, String>>>,
}

/// Counts over the active pods (not terminal, not being deleted) of one controller, as the
/// ReplicaSet status needs them (`replica_set_utils.go` calculateStatus).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodStats {
    /// Active pods.
    pub active: u64,
    /// Active pods whose first `Ready` condition is `True`.
    pub ready: u64,
    /// Active pods grouped by their exact label set (usually one group per ReplicaSet).
    pub by_labels: BTreeMap<BTreeMap<String, String>, u64>,
    /// Ready active pods by the `lastTransitionTime` of their Ready condition (ms of virtual
    /// time); ready pods without one are counted in `ready` only.
    pub ready_since: BTreeMap<i64, u64>,
}

/// What one pod contributes to its controller's [`PodStats`] (None when not active).
fn pod_contribution(p: &Pod) -> Option<(bool, Option<i64>)> {
    if !crate::controller::replicaset::is_active(p) {
        return None;
    }
    let ready = crate::controller::replicaset::ranking::is_pod_ready(p);
    let since = if ready {
        crate::controller::replicaset::ranking::ready_transition_time(p).map(|t| t.0)
    } else {
        None
    };
    Some((ready, since))
}

impl PodStats {
    fn apply(&mut self, p: &Pod, add: bool) {
        let Some((ready, since)) = pod_contribution(p) else {
            return;
        };
        fn bump(n: &mut u64, add: bool) {
            if add {
                *n += 1;
            } else {
                *n = n.saturating_sub(1);
            }
        }
        bump(&mut self.active, add);
        if ready {
            bump(&mut self.ready, add);
            if let Some(t) = since {
                let e = self.ready_since.entry(t).or_insert(0);
                bump(e, add);
                if *e == 0 {
                    self.ready_since.remove(&t);
                }
            }
        }
        let empty = BTreeMap::new();
        let labels = p.metadata.labels.as_ref().unwrap_or(&empty);
        match self.by_labels.get_mut(labels) {
            Some(n) => {
                bump(n, add);
                if *n == 0 {
                    self.by_labels.remove(labels);
                }
            }
            None if add => {
                self.by_labels.insert(labels.clone(), 1);
            }
            None => {}
        }
    }

    /// Count `p` (if active), as the informer does when it sees the pod.
    pub fn add_pod(&mut self, p: &Pod) {
        self.apply(p, true);
    }

    /// Stop counting `p` (as it was when counted).
    pub fn remove_pod(&mut self, p: &Pod) {
        self.apply(p, false);
    }

    fn is_empty(&self) -> bool {
        self.active == 0 && self.by_labels.is_empty() && self.ready_since.is_empty()
    }

    /// Active pods whose labels include every one of `template` (`fullyLabeledReplicas`).
    pub fn fully_labeled(&self, template: &BTreeMap<String, String>) -> u64 {
        self.by_labels
            .iter()
            .filter(|(labels, _)| template.iter().all(|(k, v)| labels.get(k) == Some(v)))
            .map(|(_, n)| *n)
            .sum()
    }

    /// Ready pods that are also available at `now` (`podutil.IsPodAvailable`).
    pub fn available(&self, min_ready_seconds: i32, now: crate::time::SimTime) -> u64 {
        if min_ready_seconds == 0 {
            return self.ready;
        }
        let wait = i64::from(min_ready_seconds) * 1000;
        self.ready_since
            .iter()
            .take_while(|(t, _)| crate::time::SimTime(**t).plus(wait) < now)
            .map(|(_, n)| *n)
            .sum()
    }
}

/// The controllerRef of an object (`metav1.GetControllerOf`).
pub fn controller_of(obj: &Object) -> Option<&OwnerReference> {
    obj.meta()
        .owner_references
        .as_ref()?
        .iter()
        .find(|r| r.controller == Some(true))
}

fn uid(obj: &Object) -> String {
    obj.meta().uid.clone().unwrap_or_default()
}

fn node_of(obj: &Object) -> Option<String> {
    obj.as_pod()?
        .spec
        .as_ref()?
        .node_name
        .clone()
        .filter(|n| !n.is_empty())
}

impl Indexes {
    fn remove(&mut self, obj: &Object) {
        let key = obj.key();
        self.by_uid.remove(&uid(obj));
        if let Some(r) = controller_of(obj)
            && let Some(set) = self.controlled.get_mut(&r.uid)
        {
            set.remove(&key);
            if set.is_empty() {
                self.controlled.remove(&r.uid);
            }
        }
        for r in obj.meta().owner_references.iter().flatten() {
            if let Some(set) = self.dependents.get_mut(&r.uid) {
                set.remove(&key);
                if set.is_empty() {
                    self.dependents.remove(&r.uid);
                }
            }
        }
        if let Some(n) = node_of(obj)
            && let Some(set) = self.pods_by_node.get_mut(&n)
        {
            set.remove(&key);
        }
        self.orphans.remove(&key);
        self.relabeled.remove(&key);
        if let Some(p) = obj.as_pod()
            && let Some(r) = controller_of(obj)
            && let Some(st) = self.pod_stats.get_mut(&r.uid)
        {
            st.apply(p, false);
            if st.is_empty() {
                self.pod_stats.remove(&r.uid);
            }
        }
    }

    fn add(&mut self, obj: &Object) {
        let key = obj.key();
        self.by_uid.insert(uid(obj), key.clone());
        if let Some(r) = controller_of(obj) {
            self.controlled
                .entry(r.uid.clone())
                .or_default()
                .insert(key.clone());
        }
        for r in obj.meta().owner_references.iter().flatten() {
            self.dependents
                .entry(r.uid.clone())
                .or_default()
                .insert(key.clone());
        }
        if matches!(key.kind, Kind::Pod | Kind::ReplicaSet) && controller_of(obj).is_none() {
            self.orphans.insert(key.clone());
        }
        if let Some(n) = node_of(obj) {
            self.pods_by_node.entry(n).or_default().insert(key);
        }
        if let Some(p) = obj.as_pod()
            && let Some(r) = controller_of(obj)
            && pod_contribution(p).is_some()
        {
            self.pod_stats
                .entry(r.uid.clone())
                .or_default()
                .apply(p, true);
        }
    }

    /// Replace `old` by `new` (same key). Most updates keep the uid, the owners and the
    /// node: then only the pod counts change, and the key sets are left alone (the same
    /// result as `remove(old)` followed by `add(new)`).
    fn update(&mut self, old: &Object, new: &Object) {
        if old.meta().labels != new.meta().labels && controller_of(new).is_some() {
            self.relabeled.insert(new.key());
        }
        let same_sets = old.meta().uid == new.meta().uid
            && old.meta().owner_references == new.meta().owner_references
            && node_of(old) == node_of(new);
        if !same_sets {
            self.remove(old);
            self.add(new);
            return;
        }
        if let (Some(op), Some(np)) = (old.as_pod(), new.as_pod())
            && let Some(r) = controller_of(new)
        {
            let (oc, nc) = (pod_contribution(op), pod_contribution(np));
            if oc == nc && (oc.is_none() || op.metadata.labels == np.metadata.labels) {
                return;
            }
            if let Some(st) = self.pod_stats.get_mut(&r.uid) {
                st.apply(op, false);
            }
            if nc.is_some() {
                self.pod_stats
                    .entry(r.uid.clone())
                    .or_default()
                    .apply(np, true);
            }
            if self.pod_stats.get(&r.uid).is_some_and(PodStats::is_empty) {
                self.pod_stats.remove(&r.uid);
            }
        }
    }

    /// Orphans of one kind in one namespace.
    pub fn orphans_in(&self, kind: Kind, namespace: &str) -> Vec<ObjKey> {
        let lo = ObjKey {
            kind,
            namespace: namespace.to_string(),
            name: String::new(),
        };
        self.orphans
            .range(lo..)
            .take_while(|k| k.kind == kind && k.namespace == namespace)
            .cloned()
            .collect()
    }

    /// Keys of the objects controlled by `owner_uid`, of one kind.
    pub fn controlled_by(&self, owner_uid: &str, kind: Kind) -> Vec<ObjKey> {
        self.controlled
            .get(owner_uid)
            .map(|s| s.iter().filter(|k| k.kind == kind).cloned().collect())
            .unwrap_or_default()
    }
}

/// Apply one watch event to the indexes and run every controller's handler.
pub(crate) fn handle(c: &mut Cluster, ev: &WatchEvent) {
    let obj = &*ev.obj;
    let kind = obj.kind();
    if matches!(kind, Kind::Event | Kind::Lease | Kind::Namespace) {
        return;
    }
    match (&ev.old, ev.ty) {
        (Some(old), WatchType::Modified) => c.idx.update(old, obj),
        (old, ty) => {
            if let Some(old) = old {
                c.idx.remove(old);
            }
            if ty != WatchType::Deleted {
                c.idx.add(obj);
            }
        }
    }
    let key = obj.key();
    // An object without a controller may be adopted by any controller whose selector
    // matches it (getPodReplicaSets / getDeploymentsForReplicaSet).
    if ev.ty != WatchType::Deleted
        && controller_of(obj).is_none()
        && obj.meta().deletion_timestamp.is_none()
        && matches!(kind, Kind::Pod | Kind::ReplicaSet)
    {
        let owner_kind = if kind == Kind::Pod {
            Kind::ReplicaSet
        } else {
            Kind::Deployment
        };
        let labels = obj.meta().labels.clone().unwrap_or_default();
        for o in c.store.list(owner_kind, Some(obj.namespace())) {
            let sel = match &*o {
                Object::ReplicaSet(r) => r.spec.as_ref().map(|s| s.selector.clone()),
                Object::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
                _ => None,
            };
            let matches = sel
                .and_then(|s| crate::labels::Selector::from_label_selector(&s).ok())
                .is_some_and(|s| !s.is_empty() && s.matches(&labels));
            if matches {
                let k = o.key().ns_name();
                c.enqueue(
                    if owner_kind == Kind::Pod || owner_kind == Kind::ReplicaSet {
                        Work::ReplicaSet(k)
                    } else {
                        Work::Deployment(k)
                    },
                );
            }
        }
    }
    match kind {
        Kind::Deployment => c.enqueue(Work::Deployment(key.ns_name())),
        Kind::ReplicaSet => {
            c.enqueue(Work::ReplicaSet(key.ns_name()));
            // The owning Deployment (deployment_controller.go addReplicaSet/updateReplicaSet).
            for o in [Some(obj), ev.old.as_deref()].into_iter().flatten() {
                if let Some(r) = controller_of(o)
                    && r.kind == "Deployment"
                {
                    c.enqueue(Work::Deployment(format!("{}/{}", o.namespace(), r.name)));
                }
            }
            if ev.ty == WatchType::Deleted {
                crate::controller::replicaset::forget(c, &key.ns_name());
            }
        }
        Kind::Pod => {
            handle_pod(c, ev);
            crate::controller::endpointslice::on_pod_event(c, ev);
            crate::controller::endpoints::on_pod_event(c, ev);
        }
        Kind::Service => {
            crate::controller::endpointslice::on_event(c, ev);
            crate::controller::endpoints::on_service_event(c, ev);
        }
        Kind::EndpointSlice => crate::controller::endpointslice::on_event(c, ev),
        Kind::Endpoints => crate::controller::endpoints::on_endpoints_event(c, ev),
        Kind::Node => {
            crate::cluster::sched::on_node_event(c, ev);
            crate::controller::nodelifecycle::on_node_event(c, ev);
            crate::controller::tainteviction::on_node_event(c, ev);
        }
        _ => {}
    }
    // Garbage collector: an owner went away, or asked for orphan/foreground handling.
    let u = uid(obj);
    let wants_gc = match ev.ty {
        WatchType::Deleted => true,
        _ => {
            obj.meta().deletion_timestamp.is_some()
                && obj
                    .meta()
                    .finalizers
                    .iter()
                    .flatten()
                    .any(|f| f == "orphan" || f == "foregroundDeletion")
        }
    };
    if wants_gc && (c.idx.dependents.contains_key(&u) || ev.ty != WatchType::Deleted) {
        c.enqueue(Work::Gc(u));
    }
    // A dependent went away: an owner waiting for its dependents (foreground deletion) is
    // looked at again (graph_builder.go processGraphChanges: owners in
    // waitingForDependentsDeletion are queued when a dependent is removed).
    if ev.ty == WatchType::Deleted {
        for r in obj.meta().owner_references.iter().flatten() {
            let waiting = c
                .idx
                .by_uid
                .get(&r.uid)
                .and_then(|k| c.store.get_obj(k))
                .is_some_and(|o| {
                    o.meta().deletion_timestamp.is_some()
                        && o.meta()
                            .finalizers
                            .iter()
                            .flatten()
                            .any(|f| f == "foregroundDeletion")
                });
            if waiting {
                c.enqueue(Work::Gc(r.uid.clone()));
            }
        }
    }
}

fn handle_pod(c: &mut Cluster, ev: &WatchEvent) {
    let obj = &*ev.obj;
    let key = obj.key();
    // ReplicaSet controller: expectations and the owner's key (replica_set.go addPod/updatePod/deletePod).
    crate::controller::replicaset::on_pod_event(c, ev);
    // Deployment controller: a Recreate rollout waits for old pods to go (deletePod).
    if ev.ty == WatchType::Deleted
        && let Some(r) = controller_of(obj)
        && r.kind == "ReplicaSet"
        && let Some(rs) = c.get(Kind::ReplicaSet, obj.namespace(), &r.name)
        && let Some(dr) = controller_of(&rs)
        && dr.kind == "Deployment"
    {
        let dkey = format!("{}/{}", obj.namespace(), dr.name);
        let recreate = c
            .get(Kind::Deployment, obj.namespace(), &dr.name)
            .and_then(|d| {
                d.as_deployment()
                    .and_then(|d| d.spec.as_ref())
                    .and_then(|s| s.strategy.as_ref())
                    .and_then(|s| s.type_.clone())
            })
            .is_some_and(|t| t == "Recreate");
        if recreate {
            c.enqueue(Work::Deployment(dkey));
        }
    }
    // Scheduler.
    crate::cluster::sched::on_pod_event(c, ev);
    // Taint eviction (taint_eviction.go PodUpdated).
    crate::controller::tainteviction::on_pod_event(c, ev);
    // Kubelet of the node the pod is (or was) bound to.
    let node = node_of(obj).or_else(|| ev.old.as_deref().and_then(node_of));
    if let Some(n) = node
        && c.kubelets.contains_key(&n)
    {
        c.enqueue(Work::KubeletPod(n, key.ns_name()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimTime;
    use k8s_openapi::api::core::v1::{PodCondition, PodStatus};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn pod(labels: &[(&str, &str)], phase: &str, ready_at: Option<i64>, deleting: bool) -> Pod {
        Pod {
            metadata: ObjectMeta {
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                deletion_timestamp: deleting.then(|| SimTime(0).to_k8s()),
                ..Default::default()
            },
            spec: None,
            status: Some(PodStatus {
                phase: Some(phase.into()),
                conditions: ready_at.map(|t| {
                    vec![PodCondition {
                        type_: "Ready".into(),
                        status: "True".into(),
                        last_transition_time: Some(SimTime(t).to_k8s()),
                        ..Default::default()
                    }]
                }),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn pod_stats_count_active_ready_available_and_fully_labeled_pods() {
        let mut st = PodStats::default();
        let a = pod(&[("app", "x"), ("h", "1")], "Running", Some(1_000), false);
        let b = pod(&[("app", "x")], "Running", Some(5_000), false);
        let c = pod(&[("app", "x")], "Pending", None, false);
        let done = pod(&[("app", "x")], "Succeeded", Some(1_000), false);
        let going = pod(&[("app", "x")], "Running", Some(1_000), true);
        for p in [&a, &b, &c, &done, &going] {
            st.add_pod(p);
        }
        assert_eq!((st.active, st.ready), (3, 2));
        let tmpl = |kv: &[(&str, &str)]| -> BTreeMap<String, String> {
            kv.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(st.fully_labeled(&tmpl(&[("app", "x")])), 3);
        assert_eq!(st.fully_labeled(&tmpl(&[("app", "x"), ("h", "1")])), 1);
        // minReadySeconds 2: ready at 1s is available strictly after 3s.
        for (now, want) in [(3_000, 0), (3_001, 1), (7_001, 2)] {
            assert_eq!(st.available(2, SimTime(now)), want, "at {now}");
        }
        assert_eq!(st.available(0, SimTime(0)), 2);
        for p in [&a, &b, &c, &done, &going] {
            st.remove_pod(p);
        }
        assert!(st.is_empty());
        assert_eq!(st, PodStats::default());
    }
}

/// `GetPodServiceMemberships`: `namespace/name` of every Service in `ns` whose selector
/// matches the pod's new or old labels, from the selector index (no listing of Services).
pub(crate) fn services_selecting(
    idx: &Indexes,
    ns: &str,
    pod: &Pod,
    old: Option<&Pod>,
) -> Vec<String> {
    let Some(services) = idx.svc_selectors.get(ns) else {
        return vec![];
    };
    let empty = BTreeMap::new();
    let label_sets: Vec<&BTreeMap<String, String>> = [Some(pod), old]
        .into_iter()
        .flatten()
        .map(|p| p.metadata.labels.as_ref().unwrap_or(&empty))
        .collect();
    services
        .iter()
        .filter(|(_, sel)| {
            label_sets
                .iter()
                .any(|l| sel.iter().all(|(k, v)| l.get(k) == Some(v)))
        })
        .map(|(name, _)| format!("{}/{}", ns, name))
        .collect()
}

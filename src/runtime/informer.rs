//! Informers: the shared indexes every controller reads, and the event handlers that turn
//! watch events into work-queue keys (the `AddFunc`/`UpdateFunc`/`DeleteFunc` of each
//! upstream controller).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use crate::object::{Kind, ObjKey, Object};
use crate::podutil::controller_of;
use crate::store::{WatchEvent, WatchType};

/// Indexes kept current from the watch stream, so that no controller lists the whole
/// cluster to find its objects. The maps and sets are persistent (`imbl`): a checkpoint
/// shares them, and a change after it copies only the path to what changed. Hash maps are
/// only looked up, never iterated.
#[derive(Clone, Debug, Default)]
pub struct Indexes {
    /// uid → key of every live object.
    pub by_uid: imbl::HashMap<String, ObjKey>,
    /// controller uid → keys of the objects it controls (Deployment → ReplicaSets,
    /// ReplicaSet → Pods).
    pub controlled: imbl::HashMap<String, imbl::OrdSet<ObjKey>>,
    /// owner uid → keys of all dependents (any ownerReference), for the garbage collector.
    pub dependents: imbl::HashMap<String, imbl::OrdSet<ObjKey>>,
    /// node name → pods bound to it.
    pub pods_by_node: imbl::HashMap<String, imbl::OrdSet<ObjKey>>,
    /// Pods and ReplicaSets without a controller (candidates for adoption).
    pub orphans: imbl::OrdSet<ObjKey>,
    /// Controlled objects whose labels changed since their controller last looked
    /// (candidates for release).
    pub relabeled: imbl::OrdSet<ObjKey>,
    /// controller uid → counts over the *active* pods it controls, kept incrementally so a
    /// ReplicaSet's status is computed without visiting its pods.
    pub pod_stats: imbl::HashMap<String, PodStats>,
    /// namespace → Service name → selector, for the pod handlers of the EndpointSlice and
    /// Endpoints controllers.
    pub svc_selectors: imbl::HashMap<String, BTreeMap<String, BTreeMap<String, String>>>,
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
    if !crate::podutil::is_pod_active(p) {
        return None;
    }
    let ready = crate::podutil::is_pod_ready(p);
    let since = if ready {
        crate::podutil::ready_transition_time(p).map(|t| t.0)
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
        if matches!(
            key.kind,
            Kind::Pod | Kind::ReplicaSet | Kind::ControllerRevision
        ) && controller_of(obj).is_none()
        {
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

impl Indexes {
    /// Apply one watch event to the indexes (before any controller's handler sees it).
    /// Events, Leases and Namespaces are not indexed.
    pub(crate) fn observe(&mut self, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::Event | Kind::Lease | Kind::Namespace => return,
            Kind::Service => self.observe_service(ev),
            _ => {}
        }
        match (&ev.old, ev.ty) {
            (Some(old), WatchType::Modified) => self.update(old, obj),
            (old, ty) => {
                if let Some(old) = old {
                    self.remove(old);
                }
                if ty != WatchType::Deleted {
                    self.add(obj);
                }
            }
        }
    }

    /// Keep the Service selector index (the Service lister the endpoints controllers'
    /// pod handlers use for `GetPodServiceMemberships`).
    fn observe_service(&mut self, ev: &WatchEvent) {
        let Some(svc) = ev.obj.as_service() else {
            return;
        };
        let ns = ev.obj.namespace().to_string();
        let name = ev.obj.name().to_string();
        let selector = svc.spec.as_ref().and_then(|s| s.selector.as_ref());
        match selector {
            Some(sel) if ev.ty != WatchType::Deleted => {
                self.svc_selectors
                    .entry(ns)
                    .or_default()
                    .insert(name, sel.clone());
            }
            _ => {
                if let Some(m) = self.svc_selectors.get_mut(&ns) {
                    m.remove(&name);
                    if m.is_empty() {
                        self.svc_selectors.remove(&ns);
                    }
                }
            }
        }
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

/// The pod handler both endpoints controllers share (`addPod`/`updatePod`/`deletePod` with
/// `GetPodServiceMemberships`): the Services (`namespace/name`) of the pod's namespace
/// whose selector matches the pod's old or new labels, unless the event is an update that
/// changed nothing the controller shows (`changed(old, new)` is false).
pub(crate) fn services_of_pod_event(
    idx: &Indexes,
    ev: &WatchEvent,
    changed: impl Fn(&Pod, &Pod) -> bool,
) -> Vec<String> {
    let Some(pod) = ev.obj.as_pod() else {
        return vec![];
    };
    let ns = ev.obj.namespace();
    if !idx.svc_selectors.contains_key(ns) {
        return vec![];
    }
    let old = ev.old.as_deref().and_then(Object::as_pod);
    if ev.ty == WatchType::Modified
        && let Some(o) = old
        && !changed(o, pod)
    {
        return vec![];
    }
    services_selecting(idx, ns, pod, old)
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

//! Informers: the shared indexes every controller reads, and the event handlers that turn
//! watch events into work-queue keys (the `AddFunc`/`UpdateFunc`/`DeleteFunc` of each
//! upstream controller).

use std::collections::{BTreeSet, HashMap};

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
    if let Some(old) = &ev.old {
        c.idx.remove(old);
    }
    if ev.ty != WatchType::Deleted {
        c.idx.add(obj);
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
        Kind::Pod => handle_pod(c, ev),
        Kind::Node => crate::cluster::sched::on_node_event(c, ev),
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
    // Kubelet of the node the pod is (or was) bound to.
    let node = node_of(obj).or_else(|| ev.old.as_deref().and_then(node_of));
    if let Some(n) = node
        && c.kubelets.contains_key(&n)
    {
        c.enqueue(Work::KubeletPod(n, key.ns_name()));
    }
}

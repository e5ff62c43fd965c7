//! Controllers of kube-controller-manager.

pub mod deployment;
pub mod gc;
pub mod replicaset;

use std::sync::Arc;

use crate::cluster::{Cluster, StepCtx};
use crate::labels::Selector;
use crate::object::{Kind, ObjKey, Object};

/// `ControllerRefManager.Claim*` (`pkg/controller/controller_ref_manager.go`): the objects
/// of `kind` that `owner` controls after adopting matching orphans and releasing owned
/// objects whose labels no longer match `selector`.
pub(crate) fn claim(
    c: &mut Cluster,
    cx: &mut StepCtx,
    owner: &Object,
    selector: &Selector,
    kind: Kind,
) -> Vec<Arc<Object>> {
    let uid = owner.meta().uid.clone().unwrap_or_default();
    let ns = owner.namespace().to_string();
    let mut claimed = vec![];
    let owned: Vec<ObjKey> = c.idx.controlled_by(&uid, kind);
    for k in owned {
        let Some(o) = c.store.get_obj(&k).cloned() else {
            continue;
        };
        let labels = o.meta().labels.clone().unwrap_or_default();
        if selector.matches(&labels) || owner.meta().deletion_timestamp.is_some() {
            claimed.push(o);
            continue;
        }
        // Release: drop our controller reference.
        let mut n = (*o).clone();
        if let Some(refs) = n.meta_mut().owner_references.as_mut() {
            refs.retain(|r| r.uid != uid);
        }
        if n.meta()
            .owner_references
            .as_ref()
            .is_some_and(|r| r.is_empty())
        {
            n.meta_mut().owner_references = None;
        }
        if c.api_update(cx, n, false, false).is_ok() {
            cx.say(format!(
                "released {} {}: its labels no longer match the selector {}",
                kind.name(),
                k.name,
                selector
            ));
        }
    }
    if owner.meta().deletion_timestamp.is_none() && !selector.is_empty() {
        for k in c.idx.orphans_in(kind, &ns) {
            let Some(o) = c.store.get_obj(&k).cloned() else {
                continue;
            };
            let labels = o.meta().labels.clone().unwrap_or_default();
            if o.meta().deletion_timestamp.is_some() || !selector.matches(&labels) {
                continue;
            }
            // Adopt: add a controller reference to us.
            let mut n = (*o).clone();
            n.meta_mut()
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(crate::kubelet::owner_ref(owner, true));
            if let Ok(stored) = c.api_update(cx, n, false, false) {
                cx.say(format!(
                    "adopted orphan {} {}: its labels match the selector {}",
                    kind.name(),
                    k.name,
                    selector
                ));
                claimed.push(stored);
            }
        }
    }
    claimed.sort_by(|a, b| a.key().cmp(&b.key()));
    claimed
}

/// [`claim`] without listing everything the owner controls: adopt matching orphans of
/// `kind`, and release owned objects whose labels changed so that they no longer match
/// (the informer remembers relabelled objects). Returns how many active pods were adopted
/// and released, for a sync whose counts came from the informer before these writes.
pub(crate) fn claim_changed(
    c: &mut Cluster,
    cx: &mut StepCtx,
    owner: &Object,
    selector: &Selector,
    kind: Kind,
) -> (i64, i64) {
    let uid = owner.meta().uid.clone().unwrap_or_default();
    let ns = owner.namespace().to_string();
    let is_active = |o: &Object| {
        o.as_pod()
            .is_some_and(crate::controller::replicaset::is_active)
    };
    let (mut adopted, mut released) = (0, 0);
    let relabeled: Vec<ObjKey> = c
        .idx
        .relabeled
        .iter()
        .filter(|k| k.kind == kind && k.namespace == ns)
        .cloned()
        .collect();
    for k in relabeled {
        let Some(o) = c.store.get_obj(&k).cloned() else {
            c.idx.relabeled.remove(&k);
            continue;
        };
        let ours = crate::cluster::informer::controller_of(&o).is_some_and(|r| r.uid == uid);
        if !ours {
            continue;
        }
        c.idx.relabeled.remove(&k);
        let labels = o.meta().labels.clone().unwrap_or_default();
        if selector.matches(&labels) || owner.meta().deletion_timestamp.is_some() {
            continue;
        }
        let mut n = (*o).clone();
        if let Some(refs) = n.meta_mut().owner_references.as_mut() {
            refs.retain(|r| r.uid != uid);
        }
        if n.meta()
            .owner_references
            .as_ref()
            .is_some_and(|r| r.is_empty())
        {
            n.meta_mut().owner_references = None;
        }
        if c.api_update(cx, n, false, false).is_ok() {
            if is_active(&o) {
                released += 1;
            }
            cx.say(format!(
                "released {} {}: its labels no longer match the selector {}",
                kind.name(),
                k.name,
                selector
            ));
        }
    }
    if owner.meta().deletion_timestamp.is_none() && !selector.is_empty() {
        for k in c.idx.orphans_in(kind, &ns) {
            let Some(o) = c.store.get_obj(&k).cloned() else {
                continue;
            };
            let labels = o.meta().labels.clone().unwrap_or_default();
            if o.meta().deletion_timestamp.is_some() || !selector.matches(&labels) {
                continue;
            }
            let mut n = (*o).clone();
            n.meta_mut()
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(crate::kubelet::owner_ref(owner, true));
            if c.api_update(cx, n, false, false).is_ok() {
                if is_active(&o) {
                    adopted += 1;
                }
                cx.say(format!(
                    "adopted orphan {} {}: its labels match the selector {}",
                    kind.name(),
                    k.name,
                    selector
                ));
            }
        }
    }
    (adopted, released)
}

//! Controllers of kube-controller-manager.

pub mod cronjob;
pub mod daemonset;
pub mod deployment;
pub mod disruption;
pub mod endpoints;
pub mod endpointslice;
pub mod gc;
pub mod job;
pub mod localpath;
pub mod namespace;
pub mod nodelifecycle;
pub mod persistentvolume;
pub mod podautoscaler;
pub mod replicaset;
pub mod resourcequota;
pub mod serviceaccount;
pub mod statefulset;
pub mod tainteviction;
pub mod ttlafterfinished;
pub mod volumeprotection;

use crate::sort::StableSort;
use std::sync::Arc;

use crate::labels::Selector;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::step::{Explain, StepCtx};

/// A ControllerRevision named `name` that `owner` controls (`history.NewControllerRevision`,
/// and the DaemonSet controller's snapshot): the template's labels plus `hash_key: hash`,
/// the owner's annotations, the patch as data.
pub(crate) fn new_revision(
    owner: &Object,
    template: &k8s_openapi::api::core::v1::PodTemplateSpec,
    (hash_key, hash): (&str, &str),
    name: &str,
    patch: &serde_json::Value,
    revision: i64,
) -> k8s_openapi::api::apps::v1::ControllerRevision {
    let mut labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    labels.insert(hash_key.into(), hash.into());
    k8s_openapi::api::apps::v1::ControllerRevision {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some(name.to_string()),
            namespace: owner.meta().namespace.clone(),
            labels: Some(labels),
            annotations: owner.meta().annotations.clone(),
            owner_references: Some(vec![crate::podutil::owner_ref(owner, true)]),
            ..Default::default()
        },
        data: Some(k8s_openapi::apimachinery::pkg::runtime::RawExtension(
            patch.clone(),
        )),
        revision,
    }
}

/// Drop `owner_uid`'s controller reference from `o` (a release). True if written.
fn release(
    c: &mut Runtime,
    cx: &mut StepCtx,
    owner_uid: &str,
    o: &Object,
    selector: &Selector,
) -> bool {
    let mut n = o.clone();
    if let Some(refs) = n.meta_mut().owner_references.as_mut() {
        refs.retain(|r| r.uid != owner_uid);
    }
    if n.meta()
        .owner_references
        .as_ref()
        .is_some_and(|r| r.is_empty())
    {
        n.meta_mut().owner_references = None;
    }
    let ok = c.api_update(cx, n, false, false).is_ok();
    if ok {
        cx.say(RefWhy::Released {
            kind: o.kind(),
            name: o.name().to_string(),
            selector: selector.to_string(),
        });
    }
    ok
}

/// Adopt every orphan of `kind` in the owner's namespace that the selector matches; returns
/// the adopted objects as stored.
fn adopt_orphans(
    c: &mut Runtime,
    cx: &mut StepCtx,
    owner: &Object,
    selector: &Selector,
    kind: Kind,
) -> Vec<(Arc<Object>, Arc<Object>)> {
    let mut adopted = vec![];
    if owner.meta().deletion_timestamp.is_some() || selector.is_empty() {
        return adopted;
    }
    for k in c.idx.orphans_in(kind, owner.namespace()) {
        let Some(o) = c.store.get_obj(&k).cloned() else {
            continue;
        };
        let matches = o
            .meta()
            .labels
            .as_ref()
            .is_some_and(|l| selector.matches(l));
        if o.meta().deletion_timestamp.is_some() || !matches {
            continue;
        }
        let mut n = (*o).clone();
        n.meta_mut()
            .owner_references
            .get_or_insert_with(Vec::new)
            .push(crate::podutil::owner_ref(owner, true));
        if let Ok(stored) = c.api_update(cx, n, false, false) {
            cx.say(RefWhy::Adopted {
                kind,
                name: k.name.clone(),
                selector: selector.to_string(),
            });
            adopted.push((o, stored));
        }
    }
    adopted
}

/// `ControllerRefManager.Claim*` (`pkg/controller/controller_ref_manager.go`): the objects
/// of `kind` that `owner` controls after adopting matching orphans and releasing owned
/// objects whose labels no longer match `selector`. Lists everything the owner controls:
/// for owners of few objects (Deployments).
pub(crate) fn claim(
    c: &mut Runtime,
    cx: &mut StepCtx,
    owner: &Object,
    selector: &Selector,
    kind: Kind,
) -> Vec<Arc<Object>> {
    let uid = owner.meta().uid.clone().unwrap_or_default();
    let mut claimed = vec![];
    for k in c.idx.controlled_by(&uid, kind) {
        let Some(o) = c.store.get_obj(&k).cloned() else {
            continue;
        };
        let matches = o
            .meta()
            .labels
            .as_ref()
            .is_some_and(|l| selector.matches(l));
        if matches || owner.meta().deletion_timestamp.is_some() {
            claimed.push(o);
        } else {
            release(c, cx, &uid, &o, selector);
        }
    }
    claimed.extend(
        adopt_orphans(c, cx, owner, selector, kind)
            .into_iter()
            .map(|(_, s)| s),
    );
    claimed.stable_sort_by_key(|a| a.key());
    claimed
}

/// [`claim`] without listing everything the owner controls: adopt matching orphans, and
/// release owned objects whose labels changed so that they no longer match (the informer
/// remembers relabelled objects). Returns how many active pods were adopted and released,
/// for a sync whose counts came from the informer before these writes.
pub(crate) fn claim_changed(
    c: &mut Runtime,
    cx: &mut StepCtx,
    owner: &Object,
    selector: &Selector,
    kind: Kind,
) -> (i64, i64) {
    let uid = owner.meta().uid.clone().unwrap_or_default();
    let is_active = |o: &Object| o.as_pod().is_some_and(crate::podutil::is_pod_active);
    let mut released = 0;
    let relabeled: Vec<ObjKey> = c
        .idx
        .relabeled
        .iter()
        .filter(|k| k.kind == kind && k.namespace == owner.namespace())
        .cloned()
        .collect();
    for k in relabeled {
        let Some(o) = c.store.get_obj(&k).cloned() else {
            c.idx.relabeled.remove(&k);
            continue;
        };
        if crate::podutil::controller_of(&o).is_none_or(|r| r.uid != uid) {
            continue;
        }
        c.idx.relabeled.remove(&k);
        let matches = o
            .meta()
            .labels
            .as_ref()
            .is_some_and(|l| selector.matches(l));
        if !matches
            && owner.meta().deletion_timestamp.is_none()
            && release(c, cx, &uid, &o, selector)
            && is_active(&o)
        {
            released += 1;
        }
    }
    let adopted = adopt_orphans(c, cx, owner, selector, kind)
        .iter()
        .filter(|(o, _)| is_active(o))
        .count() as i64;
    (adopted, released)
}

/// `namespace/name` of every object of `owner_kind` in `obj`'s namespace whose selector
/// matches `obj`'s labels: the controllers an orphan is offered to (`getPodReplicaSets`,
/// `getDeploymentsForReplicaSet`). An empty selector matches nothing.
pub(crate) fn matching_owners(c: &Runtime, obj: &Object, owner_kind: Kind) -> Vec<String> {
    let labels = obj.meta().labels.clone().unwrap_or_default();
    let mut out = vec![];
    for o in c.store.list(owner_kind, Some(obj.namespace())) {
        let sel = match &*o {
            Object::ReplicaSet(r) => r.spec.as_ref().map(|s| s.selector.clone()),
            Object::Deployment(d) => d.spec.as_ref().map(|s| s.selector.clone()),
            Object::DaemonSet(d) => d.spec.as_ref().map(|s| s.selector.clone()),
            Object::Job(j) => j.spec.as_ref().and_then(|s| s.selector.clone()),
            Object::StatefulSet(s) => s.spec.as_ref().map(|s| s.selector.clone()),
            _ => None,
        };
        let matches = sel
            .and_then(|s| Selector::from_label_selector(&s).ok())
            .is_some_and(|s| !s.is_empty() && s.matches(&labels));
        if matches {
            out.push(o.key().ns_name());
        }
    }
    out
}

/// What the ControllerRef manager did (`controller_ref_manager.go`), for any controller.
#[derive(Clone, Debug)]
pub enum RefWhy {
    Released {
        kind: Kind,
        name: String,
        selector: String,
    },
    Adopted {
        kind: Kind,
        name: String,
        selector: String,
    },
}

impl Explain for RefWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            RefWhy::Released {
                kind,
                name,
                selector,
            } => w.pick(
                "released {0} {1}: its labels no longer match the selector {2}",
                "释放了 {0} {1}：它的标签不再匹配选择算符 {2}",
                [&kind.name(), &name, &selector],
            ),
            RefWhy::Adopted {
                kind,
                name,
                selector,
            } => w.pick(
                "adopted orphan {0} {1}: its labels match the selector {2}",
                "收养了孤立的 {0} {1}：它的标签匹配选择算符 {2}",
                [&kind.name(), &name, &selector],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adoption_and_release_explain_in_both_languages() {
        let all = [
            RefWhy::Released {
                kind: Kind::Pod,
                name: "web-1".into(),
                selector: "app=web".into(),
            },
            RefWhy::Adopted {
                kind: Kind::Pod,
                name: "web-1".into(),
                selector: "app=web".into(),
            },
        ];
        let index = |w: &RefWhy| match w {
            RefWhy::Released { .. } => 0,
            RefWhy::Adopted { .. } => 1,
        };
        crate::runtime::step::check_all(&all, index, 2);
    }
}

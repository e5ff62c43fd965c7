//! StatefulSet controller (`pkg/controller/statefulset/stateful_set.go`,
//! `stateful_set_control.go`, `stateful_pod_control.go`, `stateful_set_utils.go`, v1.32 with
//! its default gates): pods named `<set>-<ordinal>` with a stable hostname and subdomain,
//! OrderedReady (one pod at a time, each Running, Ready and available before the next; scale
//! down from the highest ordinal) and Parallel management, PersistentVolumeClaims from
//! `volumeClaimTemplates` (`<template>-<set>-<ordinal>`, created before the pod and kept by
//! default), the claim retention policy (GA in 1.32), ControllerRevisions, and
//! RollingUpdate (one pod at a time from the top down to `partition`) or OnDelete.
//!
//! `maxUnavailable` is alpha and off in 1.32 (MaxUnavailableStatefulSet): the rolling update
//! replaces one pod at a time, as upstream's default path does.

use crate::sort::StableSort;
use std::collections::BTreeSet;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{StatefulSet, StatefulSetStatus};
use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimVolumeSource, Pod, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};
use serde_json::Value;

use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::podutil::{controller_of, is_pod_available, is_pod_ready, phase};
use crate::runtime::Runtime;
use crate::runtime::api::ApiError;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

const COMPONENT: &str = "statefulset-controller";
/// The pod label with the revision the pod was made from (the revision's full name).
pub const REVISION_LABEL: &str = "controller-revision-hash";
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
/// The ControllerRevision's hash label.
const HASH_LABEL: &str = "controller.kubernetes.io/hash";

/// The StatefulSet controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct StatefulSetController;

fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

/// `getParentNameAndOrdinal`: `(.*)-([0-9]+)$`, the ordinal as an int32.
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i32)> {
    let (parent, ord) = name.rsplit_once('-')?;
    if ord.is_empty() || !ord.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((parent, ord.parse().ok()?))
}

/// `getPersistentVolumeClaimName`: `<template>-<set>-<ordinal>`.
pub fn claim_name(template: &str, set: &str, ordinal: i32) -> String {
    format!("{template}-{set}-{ordinal}")
}

fn is_created(p: &Pod) -> bool {
    !phase(p).is_empty()
}
fn is_terminating(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_some()
}
fn running_and_ready(p: &Pod) -> bool {
    phase(p) == "Running" && is_pod_ready(p)
}
fn is_healthy(p: &Pod) -> bool {
    running_and_ready(p) && !is_terminating(p)
}
fn revision_of(p: &Pod) -> &str {
    p.metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(REVISION_LABEL))
        .map_or("", String::as_str)
}
fn pod_name(p: &Pod) -> &str {
    p.metadata.name.as_deref().unwrap_or("")
}

/// Go's `json.Marshal` of a map: keys sorted (serde_json's map is ordered by key), HTML
/// characters escaped.
fn go_json(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `getPatch`: the set's template as a patch that replaces it.
pub fn revision_patch(set_obj: &Object) -> Value {
    crate::controller::daemonset::revision_patch(set_obj)
}

/// `HashControllerRevision`: FNV-1 32 over the patch bytes and the collision count, safe
/// encoded.
pub fn revision_hash(patch: &Value, collision: i32) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let data = format!("{}{}", go_json(patch), collision);
    for b in data.bytes() {
        h = h.wrapping_mul(0x0100_0193);
        h ^= u32::from(b);
    }
    crate::rng::safe_encode(&h.to_string())
}

impl Controller for StatefulSetController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "statefulset-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::StatefulSet | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::StatefulSet => c.enqueue(work(c, obj.key().ns_name())),
            Kind::Pod => {
                let owner = |o: &Object| {
                    controller_of(o)
                        .filter(|r| r.kind == "StatefulSet")
                        .map(|r| format!("{}/{}", o.namespace(), r.name))
                };
                match owner(obj) {
                    Some(key) => {
                        // A pod that turned Ready counts as available minReadySeconds later.
                        let became_ready = ev
                            .old
                            .as_deref()
                            .and_then(|o| o.as_pod())
                            .is_some_and(|o| !is_pod_ready(o))
                            && obj.as_pod().is_some_and(is_pod_ready);
                        if became_ready
                            && let Some(set) = c.get(
                                Kind::StatefulSet,
                                obj.namespace(),
                                &key[obj.namespace().len() + 1..],
                            )
                            && let Some(mrs) = set
                                .as_statefulset()
                                .and_then(|s| s.spec.as_ref())
                                .and_then(|s| s.min_ready_seconds)
                                .filter(|m| *m > 0)
                        {
                            c.add_timer(
                                c.now.plus(i64::from(mrs) * 1000 + 1000),
                                work(c, key.clone()),
                                false,
                            );
                        }
                        c.enqueue(work(c, key));
                    }
                    None if ev.ty != WatchType::Deleted => {
                        for k in super::matching_owners(c, obj, Kind::StatefulSet) {
                            c.enqueue(work(c, k));
                        }
                    }
                    None => {}
                }
                if let Some(old) = ev.old.as_deref()
                    && let Some(k) = owner(old)
                    && owner(obj).as_ref() != Some(&k)
                {
                    c.enqueue(work(c, k));
                }
            }
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        if sync(c, cx, key.name()).is_err() {
            c.add_rate_limited(work(c, key.name().to_string()));
        }
    }
}

fn event(cx: &mut StepCtx, set: &Object, ty: &'static str, reason: &str, msg: String) {
    cx.deferred_events
        .push(EventSpec::new(set, ty, reason, msg, COMPONENT));
}

/// The sync's view of one revision.
struct Rev {
    name: String,
    number: i64,
    template: k8s_openapi::api::core::v1::PodTemplateSpec,
}

/// `getStatefulSetRevisions`: the current and update revisions (creating or renumbering
/// the update revision), and the revisions that exist.
fn revisions(
    c: &mut Runtime,
    cx: &mut StepCtx,
    set_obj: &Arc<Object>,
    set: &StatefulSet,
    why: &mut Vec<StsWhy>,
) -> Result<(Rev, Rev, i32, Vec<Arc<Object>>), ()> {
    let uid = set.metadata.uid.clone().unwrap_or_default();
    let mut history: Vec<Arc<Object>> = c
        .idx
        .controlled_by(&uid, Kind::ControllerRevision)
        .iter()
        .filter_map(|k| c.store.get_obj(k).cloned())
        .collect();
    history.stable_sort_by_key(|o| {
        (
            o.as_controller_revision().map_or(0, |r| r.revision),
            o.name().to_string(),
        )
    });
    let mut collision = set
        .status
        .as_ref()
        .and_then(|s| s.collision_count)
        .unwrap_or(0);
    let patch = revision_patch(set_obj);
    let next = history
        .last()
        .and_then(|o| o.as_controller_revision().map(|r| r.revision + 1))
        .unwrap_or(1);
    let spec = set.spec.clone().unwrap_or_default();
    let to_rev = |o: &Object| {
        let cr = o.as_controller_revision()?;
        Some(Rev {
            name: o.name().to_string(),
            number: cr.revision,
            template: template_from_patch(cr.data.as_ref().map(|d| &d.0)),
        })
    };
    let hash = revision_hash(&patch, collision);
    let equal: Vec<&Arc<Object>> = history
        .iter()
        .filter(|o| {
            o.meta().labels.as_ref().and_then(|l| l.get(HASH_LABEL)) == Some(&hash)
                && o.as_controller_revision()
                    .and_then(|r| r.data.as_ref())
                    .is_some_and(|d| d.0 == patch)
        })
        .collect();
    let update = match equal.last() {
        Some(e) if Some(e.name()) == history.last().map(|o| o.name()) => to_rev(e),
        Some(e) => {
            // A rollback: the old revision becomes the newest.
            let mut cr = e.as_controller_revision().cloned().unwrap_or_default();
            let from = cr.revision;
            cr.revision = next;
            match c.api_update(cx, Object::from(cr), false, true) {
                Ok(o) => {
                    why.push(StsWhy::Renumbered {
                        revision: o.name().to_string(),
                        from,
                        to: next,
                    });
                    to_rev(&o)
                }
                Err(_) => return Err(()),
            }
        }
        None => {
            // CreateControllerRevision: a taken name with other data raises collisionCount.
            let mut made = None;
            for _ in 0..10 {
                let h = revision_hash(&patch, collision);
                let name = format!("{}-{}", set_obj.name(), h);
                let cr = super::new_revision(
                    set_obj,
                    &spec.template,
                    (HASH_LABEL, &h),
                    &name,
                    &patch,
                    next,
                );
                match c.api_create(cx, Object::from(cr), true) {
                    Ok(o) => {
                        why.push(StsWhy::Snapshot {
                            revision: name,
                            number: next,
                        });
                        made = to_rev(&o);
                        break;
                    }
                    Err(ApiError::AlreadyExists { .. }) => {
                        let same = c
                            .get(Kind::ControllerRevision, set_obj.namespace(), &name)
                            .and_then(|o| o.as_controller_revision().cloned())
                            .is_some_and(|r| r.data.as_ref().map(|d| &d.0) == Some(&patch));
                        if same {
                            made = c
                                .get(Kind::ControllerRevision, set_obj.namespace(), &name)
                                .and_then(|o| to_rev(&o));
                            break;
                        }
                        collision += 1;
                    }
                    Err(_) => return Err(()),
                }
            }
            made
        }
    };
    let Some(update) = update else {
        return Err(());
    };
    history = c
        .idx
        .controlled_by(&uid, Kind::ControllerRevision)
        .iter()
        .filter_map(|k| c.store.get_obj(k).cloned())
        .collect();
    let current_name = set
        .status
        .as_ref()
        .and_then(|s| s.current_revision.clone())
        .unwrap_or_default();
    let current = history
        .iter()
        .find(|o| o.name() == current_name)
        .and_then(|o| to_rev(o))
        .unwrap_or(Rev {
            name: update.name.clone(),
            number: update.number,
            template: update.template.clone(),
        });
    Ok((current, update, collision, history))
}

/// `ApplyRevision`: the template stored in a revision's patch.
fn template_from_patch(patch: Option<&Value>) -> k8s_openapi::api::core::v1::PodTemplateSpec {
    let mut t = patch
        .and_then(|p| p.pointer("/spec/template"))
        .cloned()
        .unwrap_or(Value::Null);
    if let Value::Object(m) = &mut t {
        m.remove("$patch");
    }
    serde_json::from_value(t).unwrap_or_default()
}

/// `newVersionedStatefulSetPod`: the pod for an ordinal from a revision's template, with
/// its identity and storage.
fn new_pod(set_obj: &Object, set: &StatefulSet, rev: &Rev, ordinal: i32) -> Pod {
    let spec = set.spec.clone().unwrap_or_default();
    let t = &rev.template;
    let tm = t.metadata.clone().unwrap_or_default();
    let name = format!("{}-{}", set_obj.name(), ordinal);
    let mut labels = tm.labels.unwrap_or_default();
    labels.insert(POD_NAME_LABEL.into(), name.clone());
    labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    labels.insert(REVISION_LABEL.into(), rev.name.clone());
    let mut ps = t.spec.clone().unwrap_or_default();
    ps.hostname = Some(name.clone());
    if let Some(svc) = spec.service_name.clone().filter(|s| !s.is_empty()) {
        ps.subdomain = Some(svc);
    }
    // updateStorage: the claim volumes first, then the template's others.
    let mut vols: Vec<Volume> = vec![];
    let claims = spec.volume_claim_templates.clone().unwrap_or_default();
    for ct in &claims {
        let tn = ct.metadata.name.clone().unwrap_or_default();
        vols.push(Volume {
            name: tn.clone(),
            persistent_volume_claim: Some(Box::new(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name(&tn, set_obj.name(), ordinal),
                read_only: Some(false),
            })),
            ..Default::default()
        });
    }
    for v in ps.volumes.clone().unwrap_or_default() {
        if !vols.iter().any(|x| x.name == v.name) {
            vols.push(v);
        }
    }
    if !vols.is_empty() {
        ps.volumes = Some(vols);
    }
    Pod {
        metadata: ObjectMeta {
            name: Some(name),
            generate_name: Some(format!("{}-", set_obj.name())),
            namespace: set.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: tm.annotations,
            finalizers: tm.finalizers,
            owner_references: Some(vec![crate::podutil::owner_ref(set_obj, true)]),
            ..Default::default()
        },
        spec: Some(ps),
        status: None,
    }
}

/// Whether a missing pod is recreated from the current revision rather than the update
/// revision (`updateStatefulSet`'s condition, with its precedence as written:
/// `(RollingUpdate && rollingUpdate == nil && ord < start+currentReplicas) ||
/// (rollingUpdate != nil && ord < start+partition)`). OnDelete recreates at the update
/// revision.
pub fn recreate_at_current(
    rolling: bool,
    has_rolling_update: bool,
    partition: Option<i32>,
    ord: i32,
    start: i32,
    current_replicas: i32,
) -> bool {
    (rolling && !has_rolling_update && ord < start + current_replicas)
        || (has_rolling_update && ord < start + partition.unwrap_or(0))
}

/// `getPersistentVolumeClaims`: the claims an ordinal's pod needs (template labels with the
/// selector's matchLabels merged over them).
fn claims_for(set_obj: &Object, set: &StatefulSet, ordinal: i32) -> Vec<PersistentVolumeClaim> {
    let spec = set.spec.clone().unwrap_or_default();
    let match_labels = spec.selector.match_labels.clone().unwrap_or_default();
    spec.volume_claim_templates
        .unwrap_or_default()
        .into_iter()
        .map(|ct| {
            let tn = ct.metadata.name.clone().unwrap_or_default();
            let mut labels = ct.metadata.labels.clone().unwrap_or_default();
            for (k, v) in &match_labels {
                labels.insert(k.clone(), v.clone());
            }
            PersistentVolumeClaim {
                metadata: ObjectMeta {
                    name: Some(claim_name(&tn, set_obj.name(), ordinal)),
                    namespace: set.metadata.namespace.clone(),
                    labels: (!labels.is_empty()).then_some(labels),
                    annotations: ct.metadata.annotations.clone(),
                    ..Default::default()
                },
                spec: ct.spec.clone(),
                status: None,
            }
        })
        .collect()
}

/// The retention policy (whenScaled, whenDeleted).
fn retention(set: &StatefulSet) -> (String, String) {
    let p = set
        .spec
        .as_ref()
        .and_then(|s| s.persistent_volume_claim_retention_policy.clone())
        .unwrap_or_default();
    (
        p.when_scaled.unwrap_or_else(|| "Retain".into()),
        p.when_deleted.unwrap_or_else(|| "Retain".into()),
    )
}

/// `updateClaimOwnerRefForSetAndPod`: the controller references a claim should carry under
/// the retention policy (`condemned`: its pod is being scaled away). None: leave it (another
/// controller owns it).
fn desired_claim_refs(
    claim: &PersistentVolumeClaim,
    set_obj: &Object,
    pod: Option<&Object>,
    policy: &(String, String),
    condemned: bool,
) -> Option<Vec<OwnerReference>> {
    let refs = claim.metadata.owner_references.clone().unwrap_or_default();
    let ours = |r: &OwnerReference| {
        (r.kind == "StatefulSet" && r.name == set_obj.name())
            || (r.kind == "Pod" && pod.is_some_and(|p| r.name == p.name()))
    };
    if refs.iter().any(|r| r.controller == Some(true) && !ours(r)) {
        return None;
    }
    let mut out: Vec<OwnerReference> = refs.iter().filter(|r| !ours(r)).cloned().collect();
    let (scaled, deleted) = (policy.0.as_str(), policy.1.as_str());
    let want_pod = scaled == "Delete" && condemned;
    let want_set = deleted == "Delete" && !want_pod;
    if want_set {
        out.push(crate::podutil::owner_ref(set_obj, true));
    }
    if want_pod && let Some(p) = pod {
        out.push(crate::podutil::owner_ref(p, true));
    }
    Some(out)
}

/// Bring a claim's owner references in line with the retention policy; true if written.
fn apply_retention(
    c: &mut Runtime,
    cx: &mut StepCtx,
    set_obj: &Object,
    pod: Option<&Object>,
    claim: &Object,
    condemned: bool,
    policy: &(String, String),
) -> bool {
    let Some(pvc) = claim.as_pvc() else {
        return false;
    };
    let Some(want) = desired_claim_refs(pvc, set_obj, pod, policy, condemned) else {
        if policy != &("Retain".to_string(), "Retain".to_string()) {
            event(
                cx,
                set_obj,
                "Warning",
                "ConflictingController",
                format!(
                    "PersistentVolumeClaim {} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim",
                    claim.name()
                ),
            );
        }
        return false;
    };
    let have = pvc.metadata.owner_references.clone().unwrap_or_default();
    if have == want {
        return false;
    }
    let mut n = pvc.clone();
    n.metadata.owner_references = (!want.is_empty()).then_some(want);
    c.api_update(cx, Object::from(n), false, false).is_ok()
}

/// `createPersistentVolumeClaims`: each missing claim of an ordinal's pod, with its event.
fn create_claims(
    c: &mut Runtime,
    cx: &mut StepCtx,
    set_obj: &Object,
    set: &StatefulSet,
    pod: &Pod,
    ordinal: i32,
    why: &mut Vec<StsWhy>,
) -> Result<(), String> {
    let ns = set_obj.namespace().to_string();
    let mut errs = vec![];
    for claim in claims_for(set_obj, set, ordinal) {
        let cname = claim.metadata.name.clone().unwrap_or_default();
        match c.get(Kind::PersistentVolumeClaim, &ns, &cname) {
            Some(existing) => {
                if existing.meta().deletion_timestamp.is_some() {
                    errs.push(format!("pvc {cname} is being deleted"));
                }
            }
            None => match c.api_create(cx, Object::from(claim), true) {
                Ok(_) => {
                    event(
                        cx,
                        set_obj,
                        "Normal",
                        "SuccessfulCreate",
                        format!(
                            "create Claim {cname} Pod {} in StatefulSet {} success",
                            pod_name(pod),
                            set_obj.name()
                        ),
                    );
                    why.push(StsWhy::ClaimCreated { claim: cname });
                }
                Err(ApiError::AlreadyExists { .. }) => {}
                Err(e) => {
                    let m = e.status_message();
                    event(
                        cx,
                        set_obj,
                        "Warning",
                        "FailedCreate",
                        format!(
                            "create Claim {cname} for Pod {} in StatefulSet {} failed error: {m}",
                            pod_name(pod),
                            set_obj.name()
                        ),
                    );
                    errs.push(format!("failed to create PVC {cname}: {m}"));
                }
            },
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join(", "))
    }
}

/// `CreateStatefulPod`: the claims first, then the pod; events on the set.
fn create_pod(
    c: &mut Runtime,
    cx: &mut StepCtx,
    set_obj: &Object,
    set: &StatefulSet,
    pod: Pod,
    ordinal: i32,
    why: &mut Vec<StsWhy>,
) -> Result<(), ()> {
    let name = pod_name(&pod).to_string();
    let fail = |cx: &mut StepCtx, m: String| {
        event(
            cx,
            set_obj,
            "Warning",
            "FailedCreate",
            format!(
                "create Pod {name} in StatefulSet {} failed error: {m}",
                set_obj.name()
            ),
        );
    };
    if let Err(m) = create_claims(c, cx, set_obj, set, &pod, ordinal, why) {
        fail(cx, m);
        return Err(());
    }
    match c.api_create(cx, Object::from(pod), true) {
        Ok(p) => {
            event(
                cx,
                set_obj,
                "Normal",
                "SuccessfulCreate",
                format!(
                    "create Pod {name} in StatefulSet {} successful",
                    set_obj.name()
                ),
            );
            let dns = set
                .spec
                .as_ref()
                .and_then(|s| s.service_name.clone())
                .filter(|s| !s.is_empty())
                .map(|svc| format!("{name}.{svc}.{}.svc.cluster.local", set_obj.namespace()));
            why.push(StsWhy::Created {
                pod: name,
                ordinal,
                dns,
            });
            // The claims' retention references (whenDeleted: Delete owns them by the set).
            let policy = retention(set);
            if policy != ("Retain".into(), "Retain".into()) {
                for claim in claims_for(set_obj, set, ordinal) {
                    let cname = claim.metadata.name.clone().unwrap_or_default();
                    if let Some(cl) =
                        c.get(Kind::PersistentVolumeClaim, set_obj.namespace(), &cname)
                    {
                        apply_retention(c, cx, set_obj, Some(&p), &cl, false, &policy);
                    }
                }
            }
            Ok(())
        }
        Err(ApiError::AlreadyExists { .. }) => Ok(()),
        Err(e) => {
            fail(cx, e.status_message());
            Err(())
        }
    }
}

/// `DeleteStatefulPod`.
fn delete_pod(
    c: &mut Runtime,
    cx: &mut StepCtx,
    set_obj: &Object,
    pod: &Pod,
    why: StsWhy,
    whys: &mut Vec<StsWhy>,
) -> Result<(), ()> {
    let name = pod_name(pod).to_string();
    let key = ObjKey::new(Kind::Pod, set_obj.namespace(), &name);
    match c.api_delete(cx, &key, Default::default()) {
        // recordPodEvent records the NotFound as a failure; the callers carry on.
        Err(e @ ApiError::NotFound { .. }) => {
            event(
                cx,
                set_obj,
                "Warning",
                "FailedDelete",
                format!(
                    "delete Pod {name} in StatefulSet {} failed error: {}",
                    set_obj.name(),
                    e.status_message()
                ),
            );
            Ok(())
        }
        Ok(_) => {
            event(
                cx,
                set_obj,
                "Normal",
                "SuccessfulDelete",
                format!(
                    "delete Pod {name} in StatefulSet {} successful",
                    set_obj.name()
                ),
            );
            whys.push(why);
            Ok(())
        }
        Err(e) => {
            event(
                cx,
                set_obj,
                "Warning",
                "FailedDelete",
                format!(
                    "delete Pod {name} in StatefulSet {} failed error: {}",
                    set_obj.name(),
                    e.status_message()
                ),
            );
            Err(())
        }
    }
}

/// `identityMatches` and `storageMatches`.
fn identity_and_storage_match(set_obj: &Object, set: &StatefulSet, pod: &Pod) -> bool {
    let name = pod_name(pod);
    let Some((parent, ord)) = parent_and_ordinal(name) else {
        return false;
    };
    let labels = pod.metadata.labels.as_ref();
    let identity = parent == set_obj.name()
        && pod.metadata.namespace.as_deref() == Some(set_obj.namespace())
        && labels
            .and_then(|l| l.get(POD_NAME_LABEL))
            .map(String::as_str)
            == Some(name);
    let vols = pod
        .spec
        .as_ref()
        .and_then(|s| s.volumes.clone())
        .unwrap_or_default();
    let storage = set
        .spec
        .as_ref()
        .and_then(|s| s.volume_claim_templates.clone())
        .unwrap_or_default()
        .iter()
        .all(|ct| {
            let tn = ct.metadata.name.clone().unwrap_or_default();
            vols.iter().any(|v| {
                v.name == tn
                    && v.persistent_volume_claim
                        .as_ref()
                        .map(|p| p.claim_name.as_str())
                        == Some(claim_name(&tn, set_obj.name(), ord).as_str())
            })
        });
    identity && storage
}

/// One sync (`sync` + `UpdateStatefulSet`).
fn sync(c: &mut Runtime, cx: &mut StepCtx, key: &str) -> Result<(), ()> {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(set_obj) = c.get(Kind::StatefulSet, ns, name) else {
        return Ok(());
    };
    let Some(set) = set_obj.as_statefulset().cloned() else {
        return Ok(());
    };
    let spec = set.spec.clone().unwrap_or_default();
    let Ok(selector) = crate::labels::Selector::from_label_selector(&spec.selector) else {
        return Ok(());
    };
    let mut why = vec![];
    // getPodsForStatefulSet: claim, then the members it controls.
    let (adopted, released) = super::claim_changed(c, cx, &set_obj, &selector, Kind::Pod);
    if adopted + released > 0 {
        c.enqueue(work(c, key.to_string()));
        return Ok(());
    }
    let uid = set.metadata.uid.clone().unwrap_or_default();
    let pods: Vec<Arc<Object>> = c
        .idx
        .controlled_by(&uid, Kind::Pod)
        .iter()
        .filter_map(|k| c.store.get_obj(k).cloned())
        .filter(|o| parent_and_ordinal(o.name()).is_some_and(|(p, _)| p == name))
        .collect();
    let (current, update, collision, history) = revisions(c, cx, &set_obj, &set, &mut why)?;
    let replicas = spec.replicas.unwrap_or(1).max(0);
    let start = spec.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0);
    let mrs = spec.min_ready_seconds.unwrap_or(0);
    let now = c.now;
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    let rolling = strategy.type_.as_deref().unwrap_or("RollingUpdate") == "RollingUpdate";
    let partition = strategy.rolling_update.as_ref().and_then(|r| r.partition);
    let parallel = spec.pod_management_policy.as_deref() == Some("Parallel");
    let monotonic = !parallel;
    let old_status = set.status.clone().unwrap_or_default();

    // Partition the pods into the ordinals that should exist and the condemned.
    let mut slots: Vec<Option<Arc<Object>>> = vec![None; replicas as usize];
    let mut condemned: Vec<Arc<Object>> = vec![];
    for p in &pods {
        let Some((_, ord)) = parent_and_ordinal(p.name()) else {
            continue;
        };
        if ord >= start && ord < start + replicas {
            slots[(ord - start) as usize] = Some(p.clone());
        } else {
            condemned.push(p.clone());
        }
    }
    condemned
        .stable_sort_by_key(|p| std::cmp::Reverse(parent_and_ordinal(p.name()).map_or(0, |x| x.1)));

    // The status from the pods as they are.
    let mut status = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: Some(current.name.clone()),
        update_revision: Some(update.name.clone()),
        collision_count: Some(collision),
        ..Default::default()
    };
    for p in pods.iter().filter_map(|o| o.as_pod()) {
        if !is_created(p) {
            continue;
        }
        status.replicas += 1;
        if running_and_ready(p) {
            status.ready_replicas = Some(status.ready_replicas.unwrap_or(0) + 1);
            if is_pod_available(p, mrs, now) {
                status.available_replicas = Some(status.available_replicas.unwrap_or(0) + 1);
            }
        }
        if !is_terminating(p) {
            if revision_of(p) == current.name {
                status.current_replicas = Some(status.current_replicas.unwrap_or(0) + 1);
            }
            if revision_of(p) == update.name {
                status.updated_replicas = Some(status.updated_replicas.unwrap_or(0) + 1);
            }
        }
    }

    // The replicas in order, then the condemned from the lowest ordinal (upstream walks the
    // descending list from its end).
    let first_unhealthy: Option<String> = slots
        .iter()
        .map(|s| s.as_ref())
        .chain(condemned.iter().rev().map(Some))
        .find(|s| s.is_none_or(|o| o.as_pod().is_none_or(|p| !is_healthy(p))))
        .map(|s| s.map(|o| o.name().to_string()).unwrap_or_default());

    let done = |c: &mut Runtime, cx: &mut StepCtx, status: StatefulSetStatus, why: Vec<StsWhy>| {
        finish(
            c,
            cx,
            &set_obj,
            &set,
            status,
            &old_status,
            &update,
            &history,
            &pods,
            why,
        )
    };
    if set.metadata.deletion_timestamp.is_some() {
        return done(c, cx, status, why);
    }
    let policy = retention(&set);

    // Replicas, in ordinal order (monotonic mode stops at the first that must wait).
    let mut failed = false;
    let mut exited = false;
    'replicas: for (i, slot) in slots.iter().enumerate() {
        let ord = start + i as i32;
        match slot {
            None => {
                let use_current = recreate_at_current(
                    rolling,
                    strategy.rolling_update.is_some(),
                    partition,
                    ord,
                    start,
                    old_status.current_replicas.unwrap_or(0),
                );
                let rev = if use_current { &current } else { &update };
                // PodClaimIsStale: a claim still owned by an earlier pod of this ordinal.
                if policy.0 != "Retain"
                    && claims_for(&set_obj, &set, ord).iter().any(|cl| {
                        c.get(
                            Kind::PersistentVolumeClaim,
                            ns,
                            cl.metadata.name.as_deref().unwrap_or(""),
                        )
                        .is_some_and(|o| {
                            o.meta()
                                .owner_references
                                .iter()
                                .flatten()
                                .any(|r| r.kind == "Pod" && r.name == format!("{name}-{ord}"))
                        })
                    })
                {
                    why.push(StsWhy::StaleClaim { ordinal: ord });
                    {
                        exited = true;
                        break 'replicas;
                    }
                }
                let pod = new_pod(&set_obj, &set, rev, ord);
                if create_pod(c, cx, &set_obj, &set, pod, ord, &mut why).is_err() {
                    failed = true;
                    {
                        exited = true;
                        break 'replicas;
                    }
                }
                if monotonic {
                    {
                        exited = true;
                        break 'replicas;
                    }
                }
            }
            Some(o) => {
                let Some(p) = o.as_pod() else { continue };
                let ph = phase(p);
                if ph == "Failed" || ph == "Succeeded" {
                    if !is_terminating(p) {
                        let w = StsWhy::DeletedFinished {
                            pod: o.name().to_string(),
                            phase: ph.to_string(),
                        };
                        if delete_pod(c, cx, &set_obj, p, w, &mut why).is_err() {
                            failed = true;
                        }
                    }
                    if monotonic {
                        {
                            exited = true;
                            break 'replicas;
                        }
                    }
                    continue;
                }
                if ph == "Pending"
                    && let Err(m) = create_claims(c, cx, &set_obj, &set, p, ord, &mut why)
                {
                    let _ = m;
                    failed = true;
                    {
                        exited = true;
                        break 'replicas;
                    }
                }
                if monotonic {
                    if is_terminating(p) {
                        why.push(StsWhy::WaitTerminating {
                            pod: o.name().to_string(),
                        });
                        {
                            exited = true;
                            break 'replicas;
                        }
                    }
                    if !running_and_ready(p) {
                        why.push(StsWhy::WaitReady {
                            pod: o.name().to_string(),
                        });
                        {
                            exited = true;
                            break 'replicas;
                        }
                    }
                    if !is_pod_available(p, mrs, now) {
                        why.push(StsWhy::WaitAvailable {
                            pod: o.name().to_string(),
                            min_ready: mrs,
                        });
                        {
                            exited = true;
                            break 'replicas;
                        }
                    }
                }
                // ClaimsMatchRetentionPolicy: a changed policy reaches the existing claims
                // (UpdateStatefulPod updates them and records the pod update).
                let mut claims_changed = false;
                for cl in claims_for(&set_obj, &set, ord) {
                    let cname = cl.metadata.name.clone().unwrap_or_default();
                    if let Some(claim) = c.get(Kind::PersistentVolumeClaim, ns, &cname) {
                        claims_changed |=
                            apply_retention(c, cx, &set_obj, Some(o), &claim, false, &policy);
                    }
                }
                if claims_changed {
                    event(
                        cx,
                        &set_obj,
                        "Normal",
                        "SuccessfulUpdate",
                        format!("update Pod {} in StatefulSet {} successful", o.name(), name),
                    );
                }
                if !identity_and_storage_match(&set_obj, &set, p) {
                    // updateIdentity / updateStorage on the live pod.
                    let mut n = p.clone();
                    let l = n.metadata.labels.get_or_insert_with(Default::default);
                    l.insert(POD_NAME_LABEL.into(), o.name().to_string());
                    l.insert(POD_INDEX_LABEL.into(), ord.to_string());
                    n.metadata.namespace = Some(ns.to_string());
                    let msg = match c.api_update(cx, Object::from(n), false, false) {
                        Ok(_) => ("Normal", "SuccessfulUpdate", "successful".to_string()),
                        Err(e) => (
                            "Warning",
                            "FailedUpdate",
                            format!("failed error: {}", e.status_message()),
                        ),
                    };
                    event(
                        cx,
                        &set_obj,
                        msg.0,
                        msg.1,
                        format!("update Pod {} in StatefulSet {} {}", o.name(), name, msg.2),
                    );
                }
            }
        }
    }
    if failed {
        done(c, cx, status, why)?;
        return Err(());
    }
    if exited {
        return done(c, cx, status, why);
    }

    // The condemned, from the highest ordinal.
    for o in &condemned {
        let Some(p) = o.as_pod() else { continue };
        // The claims of a pod scaled away follow whenScaled.
        if policy.0 == "Delete"
            && let Some((_, ord)) = parent_and_ordinal(o.name())
        {
            for cl in claims_for(&set_obj, &set, ord) {
                if let Some(claim) = c.get(
                    Kind::PersistentVolumeClaim,
                    ns,
                    cl.metadata.name.as_deref().unwrap_or(""),
                ) {
                    apply_retention(c, cx, &set_obj, Some(o), &claim, true, &policy);
                }
            }
        }
        if is_terminating(p) {
            if monotonic {
                why.push(StsWhy::WaitTerminating {
                    pod: o.name().to_string(),
                });
                return done(c, cx, status, why);
            }
            continue;
        }
        let unhealthy = !running_and_ready(p) || !is_pod_available(p, mrs, now);
        if monotonic && unhealthy && first_unhealthy.as_deref() != Some(o.name()) {
            why.push(StsWhy::WaitReady {
                pod: o.name().to_string(),
            });
            return done(c, cx, status, why);
        }
        let w = StsWhy::ScaledDown {
            pod: o.name().to_string(),
            replicas,
            parallel,
            claims_go: policy.0 == "Delete",
        };
        if delete_pod(c, cx, &set_obj, p, w, &mut why).is_err() {
            done(c, cx, status, why)?;
            return Err(());
        }
        if monotonic {
            return done(c, cx, status, why);
        }
    }
    if !rolling {
        return done(c, cx, status, why);
    }
    // The rolling update: one pod at a time from the top down to the partition.
    let update_min = partition.unwrap_or(0).max(0) as usize;
    for target in (update_min..slots.len()).rev() {
        let Some(o) = &slots[target] else {
            return done(c, cx, status, why);
        };
        let Some(p) = o.as_pod() else { continue };
        if revision_of(p) != update.name && !is_terminating(p) {
            let w = StsWhy::RollingUpdate {
                pod: o.name().to_string(),
                revision: update.name.clone(),
            };
            if delete_pod(c, cx, &set_obj, p, w, &mut why).is_err() {
                done(c, cx, status, why)?;
                return Err(());
            }
            status.current_replicas = Some(status.current_replicas.unwrap_or(0) - 1);
            return done(c, cx, status, why);
        }
        if !is_healthy(p) {
            why.push(StsWhy::WaitReady {
                pod: o.name().to_string(),
            });
            return done(c, cx, status, why);
        }
    }
    done(c, cx, status, why)
}

/// `updateStatefulSetStatus` (completeRollingUpdate, then the write when something
/// changed), `truncateHistory`, the minReadySeconds requeue, and the explanation.
#[allow(clippy::too_many_arguments)]
fn finish(
    c: &mut Runtime,
    cx: &mut StepCtx,
    set_obj: &Arc<Object>,
    set: &StatefulSet,
    mut status: StatefulSetStatus,
    old: &StatefulSetStatus,
    update: &Rev,
    history: &[Arc<Object>],
    pods: &[Arc<Object>],
    why: Vec<StsWhy>,
) -> Result<(), ()> {
    let spec = set.spec.clone().unwrap_or_default();
    let replicas = spec.replicas.unwrap_or(1);
    let rolling = spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
        == "RollingUpdate";
    if rolling
        && status.updated_replicas.unwrap_or(0) == replicas
        && status.ready_replicas.unwrap_or(0) == replicas
        && status.replicas == replicas
    {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
    let changed = status.observed_generation > old.observed_generation
        || status.replicas != old.replicas
        || status.current_replicas.unwrap_or(0) != old.current_replicas.unwrap_or(0)
        || status.ready_replicas.unwrap_or(0) != old.ready_replicas.unwrap_or(0)
        || status.updated_replicas.unwrap_or(0) != old.updated_replicas.unwrap_or(0)
        || status.current_revision != old.current_revision
        || status.available_replicas.unwrap_or(0) != old.available_replicas.unwrap_or(0)
        || status.update_revision != old.update_revision;
    // Go writes these counts only when non-zero (omitempty); replicas and available always.
    for f in [
        &mut status.ready_replicas,
        &mut status.current_replicas,
        &mut status.updated_replicas,
    ] {
        if *f == Some(0) {
            *f = None;
        }
    }
    status.available_replicas = Some(status.available_replicas.unwrap_or(0));
    status.conditions = old.conditions.clone();
    let mut wrote = None;
    if changed {
        let mut n = set.clone();
        n.status = Some(status.clone());
        match c.api_update_status(cx, Object::from(n)) {
            Ok(_) => wrote = Some(status.clone()),
            Err(_) => return Err(()),
        }
    }
    // truncateHistory: keep the live revisions, delete the oldest others past the limit.
    let live: BTreeSet<String> = pods
        .iter()
        .filter_map(|o| o.as_pod().map(|p| revision_of(p).to_string()))
        .chain([
            status.current_revision.clone().unwrap_or_default(),
            update.name.clone(),
        ])
        .collect();
    let mut old_revs: Vec<&Arc<Object>> = history
        .iter()
        .filter(|o| !live.contains(o.name()))
        .collect();
    old_revs.stable_sort_by_key(|o| o.as_controller_revision().map_or(0, |r| r.revision));
    let limit = spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let mut pruned = vec![];
    if old_revs.len() > limit {
        let n = old_revs.len() - limit;
        for o in old_revs.into_iter().take(n) {
            if c.api_delete(cx, &o.key(), Default::default()).is_ok() {
                pruned.push(o.name().to_string());
            }
        }
    }
    let mrs = spec.min_ready_seconds.unwrap_or(0);
    if mrs > 0 && status.available_replicas.unwrap_or(0) != replicas {
        c.add_timer(
            c.now.plus(i64::from(mrs) * 1000),
            work(c, set_obj.key().ns_name()),
            false,
        );
    }
    for w in why {
        cx.say(w);
    }
    if let Some(st) = wrote {
        cx.say(StsWhy::Status {
            set: set_obj.name().to_string(),
            ready: st.ready_replicas.unwrap_or(0),
            replicas,
            updated: st.updated_replicas.unwrap_or(0),
        });
    }
    for p in pruned {
        cx.say(StsWhy::Pruned { revision: p });
    }
    Ok(())
}

/// What the StatefulSet controller did, and why.
#[derive(Clone, Debug)]
pub enum StsWhy {
    /// `dns`: the pod's name under its headless Service (hostname.subdomain.ns.svc).
    Created {
        pod: String,
        ordinal: i32,
        dns: Option<String>,
    },
    ClaimCreated {
        claim: String,
    },
    WaitReady {
        pod: String,
    },
    WaitAvailable {
        pod: String,
        min_ready: i32,
    },
    WaitTerminating {
        pod: String,
    },
    /// `parallel`: Parallel management; `claims_go`: whenScaled Delete.
    ScaledDown {
        pod: String,
        replicas: i32,
        parallel: bool,
        claims_go: bool,
    },
    RollingUpdate {
        pod: String,
        revision: String,
    },
    DeletedFinished {
        pod: String,
        phase: String,
    },
    StaleClaim {
        ordinal: i32,
    },
    Snapshot {
        revision: String,
        number: i64,
    },
    Renumbered {
        revision: String,
        from: i64,
        to: i64,
    },
    Pruned {
        revision: String,
    },
    Status {
        set: String,
        ready: i32,
        replicas: i32,
        updated: i32,
    },
}

impl Explain for StsWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            StsWhy::Created { pod, ordinal, dns } => match dns {
                Some(d) => w.pick(
                    "created pod {0} (ordinal {1}): the lowest missing ordinal; its name, hostname, claims and DNS name {2} (hostname + subdomain under the headless Service) stay the same if it is ever replaced",
                    "创建了 Pod {0}（序号 {1}）：缺失的最小序号；即使被替换，它的名字、主机名、存储卷声明和 DNS 名 {2}（主机名 + 子域，经由无头 Service）都保持不变",
                    [pod, ordinal, d],
                ),
                None => w.pick(
                    "created pod {0} (ordinal {1}): the lowest missing ordinal; its name, hostname and claims stay the same if it is ever replaced",
                    "创建了 Pod {0}（序号 {1}）：缺失的最小序号；即使被替换，它的名字、主机名和存储卷声明都保持不变",
                    [pod, ordinal],
                ),
            },
            StsWhy::ClaimCreated { claim } => w.pick(
                "created PersistentVolumeClaim {0} from a volumeClaimTemplate, before its pod",
                "根据 volumeClaimTemplate 在 Pod 之前创建了 PersistentVolumeClaim {0}",
                [claim],
            ),
            StsWhy::WaitReady { pod } => w.pick(
                "waiting for {0} to be Running and Ready (OrderedReady: one pod at a time)",
                "等待 {0} 进入 Running 且 Ready（OrderedReady：一次一个 Pod）",
                [pod],
            ),
            StsWhy::WaitAvailable { pod, min_ready } => w.pick(
                "waiting for {0} to stay Ready for minReadySeconds ({1}s)",
                "等待 {0} 保持 Ready 满 minReadySeconds（{1}s）",
                [pod, min_ready],
            ),
            StsWhy::WaitTerminating { pod } => w.pick(
                "waiting for {0} to finish terminating before the next change",
                "等待 {0} 终止完成后再做下一步",
                [pod],
            ),
            StsWhy::ScaledDown {
                pod,
                replicas,
                parallel,
                claims_go,
            } => {
                let how = match (parallel, w) {
                    (true, Lang::Zh) => "Parallel：不等待其它 Pod",
                    (true, _) => "Parallel: without waiting for the others",
                    (false, Lang::Zh) => "从最大序号开始，一次一个",
                    (false, _) => "from the highest ordinal, one pod at a time",
                };
                let claims = match (claims_go, w) {
                    (true, Lang::Zh) => "whenScaled: Delete：它的存储卷声明归该 Pod 所有，随它被回收",
                    (true, _) => "whenScaled: Delete: its claims now belong to the pod and are garbage-collected after it",
                    (false, Lang::Zh) => "它的存储卷声明保留",
                    (false, _) => "its claims stay",
                };
                w.pick(
                    "deleted {0}: scaling down to {1} replicas ({2}; {3})",
                    "删除了 {0}：缩容到 {1} 个副本（{2}；{3}）",
                    [pod, replicas, &how.to_string(), &claims.to_string()],
                )
            }
            StsWhy::RollingUpdate { pod, revision } => w.pick(
                "rolling update: deleted {0}, the highest ordinal not at revision {1}; it comes back from the new template",
                "滚动更新：删除了 {0}（未更新到 {1} 的最大序号），它将按新模板重建",
                [pod, revision],
            ),
            StsWhy::DeletedFinished { pod, phase } => w.pick(
                "deleted {0}: it is {1}, and a StatefulSet's pods must keep running; the next sync creates it again",
                "删除了 {0}：它已 {1}，而 StatefulSet 的 Pod 应一直运行；下一次同步会重建它",
                [pod, phase],
            ),
            StsWhy::StaleClaim { ordinal } => w.pick(
                "waiting: a claim of ordinal {0} still belongs to its previous pod (whenScaled: Delete) and must be deleted first",
                "等待：序号 {0} 的存储卷声明仍属于之前的 Pod（whenScaled: Delete），须先删除",
                [ordinal],
            ),
            StsWhy::Snapshot { revision, number } => w.pick(
                "the template changed: saved it as ControllerRevision {0} (revision {1})",
                "模板变了：保存为 ControllerRevision {0}（第 {1} 版）",
                [revision, number],
            ),
            StsWhy::Renumbered { revision, from, to } => w.pick(
                "the template is an earlier one again: ControllerRevision {0} goes from revision {1} to {2}",
                "模板回到了以前的版本：ControllerRevision {0} 由第 {1} 版改为第 {2} 版",
                [revision, from, to],
            ),
            StsWhy::Pruned { revision } => w.pick(
                "deleted ControllerRevision {0}: past revisionHistoryLimit and no pod uses it",
                "删除了 ControllerRevision {0}：超出 revisionHistoryLimit 且没有 Pod 在用",
                [revision],
            ),
            StsWhy::Status { set, ready, replicas, updated } => w.pick(
                "StatefulSet {0} status: {1}/{2} ready, {3} updated",
                "StatefulSet {0} 状态：{1}/{2} 就绪，{3} 已更新",
                [set, ready, replicas, updated],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    /// stateful_set_utils_test.go TestGetParentNameAndOrdinal and friends.
    #[test]
    fn ordinals_parse_like_upstream() {
        let table = [
            ("web-0", Some(("web", 0))),
            ("web-12", Some(("web", 12))),
            ("my-web-3", Some(("my-web", 3))),
            ("1-bar", None),
            ("web", None),
            ("web-", None),
            ("web-x1", None),
            ("web-99999999999", None),
        ];
        for (name, want) in table {
            assert_eq!(parent_and_ordinal(name), want, "{name}");
        }
        assert_eq!(claim_name("www", "web", 1), "www-web-1");
    }

    fn set_obj(policy: (&str, &str)) -> Object {
        let mut s = StatefulSet::default();
        s.metadata.name = Some("web".into());
        s.metadata.namespace = Some("default".into());
        s.metadata.uid = Some("set-uid".into());
        let mut spec = k8s_openapi::api::apps::v1::StatefulSetSpec::default();
        spec.persistent_volume_claim_retention_policy = Some(
            k8s_openapi::api::apps::v1::StatefulSetPersistentVolumeClaimRetentionPolicy {
                when_scaled: Some(policy.0.into()),
                when_deleted: Some(policy.1.into()),
            },
        );
        s.spec = Some(spec);
        Object::from(s)
    }

    /// The claim owner-reference table of stateful_set_utils_test.go (policy, condemned →
    /// pod reference, set reference).
    #[test]
    fn claim_references_follow_the_retention_policy() {
        let pod = {
            let mut p = Pod::default();
            p.metadata.name = Some("web-1".into());
            p.metadata.uid = Some("pod-uid".into());
            Object::from(p)
        };
        let table = [
            (("Retain", "Retain"), false, false, false),
            (("Retain", "Retain"), true, false, false),
            (("Retain", "Delete"), false, false, true),
            (("Retain", "Delete"), true, false, true),
            (("Delete", "Retain"), true, true, false),
            (("Delete", "Retain"), false, false, false),
            (("Delete", "Delete"), true, true, false),
            (("Delete", "Delete"), false, false, true),
        ];
        for (policy, condemned, want_pod, want_set) in table {
            let s = set_obj(policy);
            let pol = retention(s.as_statefulset().unwrap());
            for unrelated in [false, true] {
                let mut claim = PersistentVolumeClaim::default();
                if unrelated {
                    claim.metadata.owner_references = Some(vec![OwnerReference {
                        api_version: "v1".into(),
                        kind: "ConfigMap".into(),
                        name: "x".into(),
                        uid: "x".into(),
                        ..Default::default()
                    }]);
                }
                let refs = desired_claim_refs(&claim, &s, Some(&pod), &pol, condemned).unwrap();
                let has = |k: &str| {
                    refs.iter()
                        .any(|r| r.kind == k && r.controller == Some(true))
                };
                assert_eq!(
                    (has("Pod"), has("StatefulSet")),
                    (want_pod, want_set),
                    "{policy:?} condemned={condemned} unrelated={unrelated}"
                );
                assert_eq!(refs.iter().any(|r| r.kind == "ConfigMap"), unrelated);
            }
        }
    }

    #[test]
    fn a_claim_another_controller_owns_is_left_alone() {
        let s = set_obj(("Delete", "Delete"));
        let mut claim = PersistentVolumeClaim::default();
        claim.metadata.owner_references = Some(vec![OwnerReference {
            api_version: "apps/v1".into(),
            kind: "ReplicaSet".into(),
            name: "other".into(),
            uid: "o".into(),
            controller: Some(true),
            ..Default::default()
        }]);
        let pol = retention(s.as_statefulset().unwrap());
        assert!(desired_claim_refs(&claim, &s, None, &pol, false).is_none());
    }

    /// Which revision a recreated pod gets (the partition rules of stateful_set_control.go).
    #[test]
    fn recreated_pods_follow_the_partition() {
        // (rolling, rollingUpdate set, partition, ordinal, start, currentReplicas, current?)
        let table = [
            (true, true, Some(0), 0, 0, 3, false),
            (true, true, Some(2), 0, 0, 3, true),
            (true, true, Some(2), 1, 0, 3, true),
            (true, true, Some(2), 2, 0, 3, false),
            (true, true, Some(2), 5, 5, 3, true),
            (true, true, Some(2), 6, 5, 3, true),
            (true, true, Some(2), 7, 5, 3, false),
            (true, false, None, 1, 0, 2, true),
            (true, false, None, 2, 0, 2, false),
            // OnDelete: always the update revision.
            (false, false, None, 0, 0, 3, false),
        ];
        for (rolling, has_ru, partition, ord, start, cur, want) in table {
            assert_eq!(
                recreate_at_current(rolling, has_ru, partition, ord, start, cur),
                want,
                "rolling={rolling} ru={has_ru} partition={partition:?} ord={ord} start={start} current={cur}"
            );
        }
    }

    #[test]
    fn revision_hashes_are_fnv1_over_the_patch_and_collision_count() {
        // FNV-1 (not 1a) of the empty string is the offset basis.
        let h = revision_hash(&serde_json::json!({}), 0);
        assert!(!h.is_empty() && h.len() <= 10);
        assert_ne!(h, revision_hash(&serde_json::json!({}), 1));
        assert_eq!(
            go_json(&serde_json::json!({"b": 1, "$patch": "replace", "a": "<&>"})),
            r#"{"$patch":"replace","a":"\u003c\u0026\u003e","b":1}"#
        );
    }

    #[test]
    fn every_statefulset_explanation_renders_in_both_languages() {
        let all = [
            StsWhy::Created {
                pod: "web-0".into(),
                ordinal: 0,
                dns: None,
            },
            StsWhy::Created {
                pod: "web-0".into(),
                ordinal: 0,
                dns: Some("web-0.nginx.default.svc.cluster.local".into()),
            },
            StsWhy::ClaimCreated {
                claim: "www-web-0".into(),
            },
            StsWhy::WaitReady {
                pod: "web-0".into(),
            },
            StsWhy::WaitAvailable {
                pod: "web-0".into(),
                min_ready: 10,
            },
            StsWhy::WaitTerminating {
                pod: "web-0".into(),
            },
            StsWhy::ScaledDown {
                pod: "web-2".into(),
                replicas: 2,
                parallel: false,
                claims_go: false,
            },
            StsWhy::ScaledDown {
                pod: "db-1".into(),
                replicas: 1,
                parallel: true,
                claims_go: true,
            },
            StsWhy::RollingUpdate {
                pod: "web-2".into(),
                revision: "web-abc".into(),
            },
            StsWhy::DeletedFinished {
                pod: "web-0".into(),
                phase: "Failed".into(),
            },
            StsWhy::StaleClaim { ordinal: 1 },
            StsWhy::Snapshot {
                revision: "web-abc".into(),
                number: 1,
            },
            StsWhy::Renumbered {
                revision: "web-abc".into(),
                from: 1,
                to: 3,
            },
            StsWhy::Pruned {
                revision: "web-abc".into(),
            },
            StsWhy::Status {
                set: "web".into(),
                ready: 1,
                replicas: 2,
                updated: 1,
            },
        ];
        check_all(
            &all,
            |w| match w {
                StsWhy::Created { .. } => 0,
                StsWhy::ClaimCreated { .. } => 1,
                StsWhy::WaitReady { .. } => 2,
                StsWhy::WaitAvailable { .. } => 3,
                StsWhy::WaitTerminating { .. } => 4,
                StsWhy::ScaledDown { .. } => 5,
                StsWhy::RollingUpdate { .. } => 6,
                StsWhy::DeletedFinished { .. } => 7,
                StsWhy::StaleClaim { .. } => 8,
                StsWhy::Snapshot { .. } => 9,
                StsWhy::Renumbered { .. } => 10,
                StsWhy::Pruned { .. } => 11,
                StsWhy::Status { .. } => 12,
            },
            13,
        );
    }
}

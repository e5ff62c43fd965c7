//! persistentvolume-controller (`pkg/controller/volume/persistentvolume/pv_controller.go`,
//! v1.32): binds claims to volumes. A claim of a WaitForFirstConsumer class waits
//! (`WaitForFirstConsumer` / `WaitForPodScheduled`) until the scheduler picks a node
//! (`volume.kubernetes.io/selected-node`); then the controller hands it to the class's
//! external provisioner (the storage-provisioner annotations, `ExternalProvisioning`). A
//! volume made for the claim (its `claimRef` set) is bound: the volume `Bound`, the claim's
//! `volumeName` and bind annotations, the claim `Bound` with the volume's capacity. A volume
//! whose claim is gone is `Released` (an external provisioner deletes it under the Delete
//! policy). The controller's 15-second resync is not modelled: it acts on changes.

use k8s_openapi::api::core::v1::{ObjectReference, PersistentVolume, PersistentVolumeClaim};

use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

const COMPONENT: &str = "persistentvolume-controller";
pub const ANN_BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
pub const ANN_BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
pub const ANN_SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
pub const ANN_STORAGE_PROVISIONER: &str = "volume.kubernetes.io/storage-provisioner";
pub const ANN_BETA_STORAGE_PROVISIONER: &str = "volume.beta.kubernetes.io/storage-provisioner";
pub const ANN_PROVISIONED_BY: &str = "pv.kubernetes.io/provisioned-by";

const OP_CLAIM: u8 = 0;
const OP_VOLUME: u8 = 1;

/// The PV controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct PersistentVolumeController;

fn work(c: &Runtime, op: u8, key: String) -> Work {
    c.work(op, Key::Name(key))
}

pub(crate) fn ann<'a>(
    o: &'a k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    k: &str,
) -> Option<&'a str> {
    o.annotations.as_ref()?.get(k).map(String::as_str)
}

impl Controller for PersistentVolumeController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "persistentvolume-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::PersistentVolumeClaim | Kind::PersistentVolume)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::PersistentVolumeClaim => {
                if ev.ty == WatchType::Deleted {
                    // deleteClaim: its volume is synced.
                    if let Some(v) = obj
                        .as_pvc()
                        .and_then(|p| p.spec.as_ref())
                        .and_then(|s| s.volume_name.clone())
                        .filter(|v| !v.is_empty())
                    {
                        c.enqueue(work(c, OP_VOLUME, v));
                    }
                    return;
                }
                c.enqueue(work(c, OP_CLAIM, obj.key().ns_name()));
            }
            Kind::PersistentVolume => {
                if ev.ty != WatchType::Deleted {
                    c.enqueue(work(c, OP_VOLUME, obj.name().to_string()));
                }
            }
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        match op {
            OP_CLAIM => sync_claim(c, cx, key.name()),
            _ => sync_volume(c, cx, key.name()),
        }
    }
}

fn event(cx: &mut StepCtx, obj: &Object, ty: &'static str, reason: &str, msg: String) {
    cx.deferred_events
        .push(EventSpec::new(obj, ty, reason, msg, COMPONENT));
}

/// `syncClaim`.
fn sync_claim(c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(obj) = c.get(Kind::PersistentVolumeClaim, ns, name) else {
        return;
    };
    let Some(claim) = obj.as_pvc().cloned() else {
        return;
    };
    if obj.meta().deletion_timestamp.is_some() {
        return;
    }
    let uid = claim.metadata.uid.clone().unwrap_or_default();
    let volume_name = claim
        .spec
        .as_ref()
        .and_then(|s| s.volume_name.clone())
        .unwrap_or_default();
    if ann(&claim.metadata, ANN_BIND_COMPLETED).is_some() && !volume_name.is_empty() {
        // syncBoundClaim: make sure the claim's status says Bound.
        if let Some(pv) = c
            .get(Kind::PersistentVolume, "", &volume_name)
            .and_then(|o| o.as_pv().cloned())
            && claim.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound")
        {
            bind_claim_status(c, cx, &obj, &claim, &pv);
        }
        return;
    }
    // findBestMatchForClaim: a volume already meant for this claim.
    let pre_bound = c
        .store
        .list(Kind::PersistentVolume, None)
        .into_iter()
        .find(|o| {
            o.as_pv()
                .and_then(|v| v.spec.as_ref())
                .and_then(|s| s.claim_ref.as_ref())
                .is_some_and(|r| r.uid.as_deref() == Some(uid.as_str()))
        });
    if let Some(pv_obj) = pre_bound {
        bind(c, cx, &obj, &claim, &pv_obj);
        return;
    }
    let class = claim
        .spec
        .as_ref()
        .and_then(|s| s.storage_class_name.clone())
        .unwrap_or_default();
    let sc = (!class.is_empty())
        .then(|| c.get(Kind::StorageClass, "", &class))
        .flatten()
        .and_then(|o| o.as_storage_class().cloned());
    let delayed = sc
        .as_ref()
        .is_some_and(|s| s.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer"));
    // findBestMatchForClaim: an Available volume of the claim's class that fits (the
    // claim's volumeName, when it names one); delayed claims are the scheduler's to match.
    if !delayed && let Some(pv_obj) = best_match(c, &claim, &class) {
        bind(c, cx, &obj, &claim, &pv_obj);
        return;
    }
    let selected = ann(&claim.metadata, ANN_SELECTED_NODE).is_some();
    if delayed && !selected {
        // emitEventForUnboundDelayBindingClaim.
        let waiting: Vec<String> = c
            .store
            .list(Kind::Pod, Some(ns))
            .into_iter()
            .filter_map(|o| o.as_pod().cloned())
            .filter(|p| {
                p.metadata.deletion_timestamp.is_none()
                    && p.spec
                        .as_ref()
                        .and_then(|s| s.node_name.as_deref())
                        .unwrap_or("")
                        .is_empty()
                    && p.spec
                        .as_ref()
                        .and_then(|s| s.volumes.as_ref())
                        .into_iter()
                        .flatten()
                        .any(|v| {
                            v.persistent_volume_claim
                                .as_ref()
                                .is_some_and(|c| c.claim_name == name)
                        })
            })
            .map(|p| p.metadata.name.unwrap_or_default())
            .collect();
        if waiting.is_empty() {
            event(
                cx,
                &obj,
                "Normal",
                "WaitForFirstConsumer",
                "waiting for first consumer to be created before binding".into(),
            );
        } else {
            event(
                cx,
                &obj,
                "Normal",
                "WaitForPodScheduled",
                format!("waiting for pod {} to be scheduled", waiting.join(",")),
            );
        }
        cx.say(PvWhy::WaitingForConsumer {
            claim: name.to_string(),
        });
        return;
    }
    if class.is_empty() {
        event(
            cx,
            &obj,
            "Normal",
            "FailedBinding",
            "no persistent volumes available for this claim and no storage class is set".into(),
        );
        return;
    }
    // provisionClaim: an external provisioner.
    let Some(sc) = sc else {
        event(
            cx,
            &obj,
            "Warning",
            "ProvisioningFailed",
            format!("storageclass.storage.k8s.io \"{class}\" not found"),
        );
        return;
    };
    let provisioner = sc.provisioner.clone();
    if ann(&claim.metadata, ANN_STORAGE_PROVISIONER) != Some(provisioner.as_str()) {
        let mut n = claim.clone();
        let a = n.metadata.annotations.get_or_insert_with(Default::default);
        a.insert(ANN_BETA_STORAGE_PROVISIONER.into(), provisioner.clone());
        a.insert(ANN_STORAGE_PROVISIONER.into(), provisioner.clone());
        if let Err(e) = c.api_update(cx, Object::from(n), false, false) {
            event(
                cx,
                &obj,
                "Warning",
                "ProvisioningFailed",
                format!("Error saving claim: {}", e.status_message()),
            );
            return;
        }
    }
    event(
        cx,
        &obj,
        "Normal",
        "ExternalProvisioning",
        format!(
            "Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."
        ),
    );
    cx.say(PvWhy::External {
        claim: name.to_string(),
        provisioner,
    });
}

/// `FindMatchingVolume`: the smallest Available volume of the class whose access modes
/// include the claim's and whose capacity covers its request (a claim naming a volume gets
/// only that one); volumes pre-bound to another claim are skipped.
fn best_match(
    c: &Runtime,
    claim: &PersistentVolumeClaim,
    class: &str,
) -> Option<std::sync::Arc<Object>> {
    let spec = claim.spec.clone().unwrap_or_default();
    let want = spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
        .and_then(|q| crate::quantity::parse_quantity_bytes(&q.0).ok())
        .unwrap_or(0);
    let modes = spec.access_modes.clone().unwrap_or_default();
    let named = spec.volume_name.clone().filter(|v| !v.is_empty());
    let mut best: Option<(i64, std::sync::Arc<Object>)> = None;
    for o in c.store.list(Kind::PersistentVolume, None) {
        let Some(pv) = o.as_pv() else { continue };
        if o.meta().deletion_timestamp.is_some() {
            continue;
        }
        if named.as_deref().is_some_and(|n| n != o.name()) {
            continue;
        }
        let ps = pv.spec.clone().unwrap_or_default();
        if ps.claim_ref.as_ref().is_some_and(|r| {
            r.name.as_deref() != claim.metadata.name.as_deref()
                || r.namespace.as_deref() != claim.metadata.namespace.as_deref()
        }) {
            continue;
        }
        let phase = pv
            .status
            .as_ref()
            .and_then(|s| s.phase.as_deref())
            .unwrap_or("");
        if phase != "Available" && phase != "Pending" {
            continue;
        }
        if ps.storage_class_name.clone().unwrap_or_default() != class {
            continue;
        }
        let pv_modes = ps.access_modes.clone().unwrap_or_default();
        if !modes.iter().all(|m| pv_modes.contains(m)) {
            continue;
        }
        if ps.volume_mode.as_deref().unwrap_or("Filesystem")
            != spec.volume_mode.as_deref().unwrap_or("Filesystem")
        {
            continue;
        }
        let size = ps
            .capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .and_then(|q| crate::quantity::parse_quantity_bytes(&q.0).ok())
            .unwrap_or(0);
        if size < want {
            continue;
        }
        if best.as_ref().is_none_or(|(b, _)| size < *b) {
            best = Some((size, o.clone()));
        }
    }
    best.map(|(_, o)| o)
}

/// `bind`: the volume Bound, the claim's volumeName and annotations, the claim Bound.
fn bind(
    c: &mut Runtime,
    cx: &mut StepCtx,
    claim_obj: &Object,
    claim: &PersistentVolumeClaim,
    pv_obj: &Object,
) {
    let Some(pv) = pv_obj.as_pv().cloned() else {
        return;
    };
    let pv_name = pv_obj.name().to_string();
    // bindVolumeToClaim: the provisioner already set claimRef with the uid.
    let mut pv = pv;
    if pv
        .spec
        .as_ref()
        .and_then(|s| s.claim_ref.as_ref())
        .is_none()
    {
        let spec = pv.spec.get_or_insert_with(Default::default);
        spec.claim_ref = Some(ObjectReference {
            api_version: Some("v1".into()),
            kind: Some("PersistentVolumeClaim".into()),
            name: claim.metadata.name.clone(),
            namespace: claim.metadata.namespace.clone(),
            resource_version: claim.metadata.resource_version.clone(),
            uid: claim.metadata.uid.clone(),
            field_path: None,
        });
        pv.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(ANN_BOUND_BY_CONTROLLER.into(), "yes".into());
        match c.api_update(cx, Object::from(pv.clone()), false, false) {
            Ok(o) => pv = o.as_pv().cloned().unwrap_or(pv),
            Err(_) => return,
        }
    }
    if pv.status.as_ref().and_then(|s| s.phase.as_deref()) != Some("Bound") {
        let mut n = pv.clone();
        let st = n.status.get_or_insert_with(Default::default);
        st.phase = Some("Bound".into());
        st.last_phase_transition_time = Some(c.now.to_k8s());
        match c.api_update_status(cx, Object::from(n)) {
            Ok(o) => pv = o.as_pv().cloned().unwrap_or(pv),
            Err(_) => return,
        }
    }
    // bindClaimToVolume.
    let mut n = claim.clone();
    n.spec.get_or_insert_with(Default::default).volume_name = Some(pv_name.clone());
    let a = n.metadata.annotations.get_or_insert_with(Default::default);
    a.insert(ANN_BIND_COMPLETED.into(), "yes".into());
    a.insert(ANN_BOUND_BY_CONTROLLER.into(), "yes".into());
    let Ok(stored) = c.api_update(cx, Object::from(n), false, false) else {
        return;
    };
    let Some(claim) = stored.as_pvc().cloned() else {
        return;
    };
    bind_claim_status(c, cx, claim_obj, &claim, &pv);
    cx.say(PvWhy::Bound {
        claim: claim_obj.name().to_string(),
        volume: pv_name,
    });
}

/// `updateClaimStatus(Bound)`: the volume's access modes and capacity.
fn bind_claim_status(
    c: &mut Runtime,
    cx: &mut StepCtx,
    _claim_obj: &Object,
    claim: &PersistentVolumeClaim,
    pv: &PersistentVolume,
) {
    let mut n = claim.clone();
    let st = n.status.get_or_insert_with(Default::default);
    st.phase = Some("Bound".into());
    st.access_modes = pv.spec.as_ref().and_then(|s| s.access_modes.clone());
    st.capacity = pv.spec.as_ref().and_then(|s| s.capacity.clone());
    let _ = c.api_update_status(cx, Object::from(n));
}

/// `syncVolume`.
fn sync_volume(c: &mut Runtime, cx: &mut StepCtx, name: &str) {
    let Some(obj) = c.get(Kind::PersistentVolume, "", name) else {
        return;
    };
    let Some(pv) = obj.as_pv().cloned() else {
        return;
    };
    if obj.meta().deletion_timestamp.is_some() {
        return;
    }
    let phase = pv
        .status
        .as_ref()
        .and_then(|s| s.phase.clone())
        .unwrap_or_default();
    let Some(r) = pv
        .spec
        .as_ref()
        .and_then(|s| s.claim_ref.clone())
        .filter(|r| r.uid.as_deref().is_some_and(|u| !u.is_empty()))
    else {
        if phase != "Available" {
            set_phase(c, cx, &pv, "Available");
        }
        // The claims that could use it are synced again (upstream's resync finds them).
        for o in c.store.list(Kind::PersistentVolumeClaim, None) {
            let unbound = o
                .as_pvc()
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.volume_name.as_deref())
                .is_none_or(str::is_empty);
            if unbound && o.meta().deletion_timestamp.is_none() {
                c.enqueue(work(c, OP_CLAIM, o.key().ns_name()));
            }
        }
        return;
    };
    let cns = r.namespace.clone().unwrap_or_default();
    let cname = r.name.clone().unwrap_or_default();
    let claim = c
        .get(Kind::PersistentVolumeClaim, &cns, &cname)
        .filter(|o| o.meta().uid == r.uid);
    match claim {
        Some(cl) => {
            let unbound = cl
                .as_pvc()
                .and_then(|p| p.spec.as_ref())
                .and_then(|s| s.volume_name.as_deref())
                .unwrap_or("")
                .is_empty();
            if unbound {
                c.enqueue(work(c, OP_CLAIM, format!("{cns}/{cname}")));
            }
        }
        None if phase == "Bound" || phase == "Available" => {
            set_phase(c, cx, &pv, "Released");
            cx.say(PvWhy::Released {
                volume: name.to_string(),
                claim: format!("{cns}/{cname}"),
                policy: pv
                    .spec
                    .as_ref()
                    .and_then(|s| s.persistent_volume_reclaim_policy.clone())
                    .unwrap_or_default(),
            });
        }
        None => {}
    }
}

fn set_phase(c: &mut Runtime, cx: &mut StepCtx, pv: &PersistentVolume, phase: &str) {
    let mut n = pv.clone();
    let st = n.status.get_or_insert_with(Default::default);
    st.phase = Some(phase.into());
    st.last_phase_transition_time = Some(c.now.to_k8s());
    let _ = c.api_update_status(cx, Object::from(n));
}

/// What the PV controller did, and why.
#[derive(Clone, Debug)]
pub enum PvWhy {
    WaitingForConsumer {
        claim: String,
    },
    External {
        claim: String,
        provisioner: String,
    },
    Bound {
        claim: String,
        volume: String,
    },
    Released {
        volume: String,
        claim: String,
        policy: String,
    },
}

impl Explain for PvWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            PvWhy::WaitingForConsumer { claim } => w.pick(
                "claim {0}'s StorageClass binds WaitForFirstConsumer: no volume until the scheduler picks a node for a pod that uses it",
                "存储卷声明 {0} 的 StorageClass 是 WaitForFirstConsumer：在调度器为使用它的 Pod 选定节点之前不制备卷",
                [claim],
            ),
            PvWhy::External { claim, provisioner } => w.pick(
                "claim {0} has a node: handed it to the external provisioner {1} (the storage-provisioner annotations)",
                "存储卷声明 {0} 已有节点：交给外部制备器 {1}（storage-provisioner 注解）",
                [claim, provisioner],
            ),
            PvWhy::Bound { claim, volume } => w.pick(
                "bound claim {0} to volume {1}: both Bound, the claim's volumeName set",
                "把存储卷声明 {0} 绑定到卷 {1}：两者都是 Bound，声明的 volumeName 已设置",
                [claim, volume],
            ),
            PvWhy::Released { volume, claim, policy } => w.pick(
                "volume {0}'s claim {1} is gone: the volume is Released (reclaim policy {2})",
                "卷 {0} 的声明 {1} 已删除：卷变为 Released（回收策略 {2}）",
                [volume, claim, policy],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_pv_explanation_renders_in_both_languages() {
        let all = [
            PvWhy::WaitingForConsumer {
                claim: "www-web-0".into(),
            },
            PvWhy::External {
                claim: "www-web-0".into(),
                provisioner: "rancher.io/local-path".into(),
            },
            PvWhy::Bound {
                claim: "www-web-0".into(),
                volume: "pvc-1".into(),
            },
            PvWhy::Released {
                volume: "pvc-1".into(),
                claim: "default/www-web-0".into(),
                policy: "Delete".into(),
            },
        ];
        check_all(
            &all,
            |w| match w {
                PvWhy::WaitingForConsumer { .. } => 0,
                PvWhy::External { .. } => 1,
                PvWhy::Bound { .. } => 2,
                PvWhy::Released { .. } => 3,
            },
            4,
        );
    }
}

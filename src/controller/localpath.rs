//! kind's local-path provisioner (`rancher/local-path-provisioner` v0.0.30 on
//! `sig-storage-lib-external-provisioner` v10): an external provisioner, running as the
//! `local-path-provisioner` pod in `local-path-storage`. For a claim handed to
//! `rancher.io/local-path` with a selected node it says `Provisioning`, makes the directory
//! on that node (its helper pod, ~2 s, is not shown as a pod), and creates the
//! PersistentVolume `pvc-<claim uid>`: a hostPath under `/var/local-path-provisioner`, node
//! affinity to the node, the claim's size and modes, the class's reclaim policy, the claim
//! reference; then `ProvisioningSucceeded`. A Released volume with reclaim policy Delete is
//! deleted the same way. Its events name it `rancher.io/local-path_<pod>_<uuid>`.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{
    HostPathVolumeSource, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, ObjectReference,
    PersistentVolume, PersistentVolumeSpec, VolumeNodeAffinity,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::persistentvolume::{
    ANN_BETA_STORAGE_PROVISIONER, ANN_PROVISIONED_BY, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER,
    ann,
};
use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

/// The provisioner's name (the StorageClass's `provisioner`).
pub const PROVISIONER: &str = "rancher.io/local-path";
/// Where its volumes live on the node.
pub const BASE_PATH: &str = "/var/local-path-provisioner";
/// How long the helper pod takes to make or remove a directory.
const HELPER_MS: i64 = 2_000;

const OP_CLAIM: u8 = 0;
const OP_CREATE: u8 = 1;
const OP_VOLUME: u8 = 2;
const OP_DELETE: u8 = 3;

/// The provisioner: the claims and volumes it is working on (its helper pods running).
#[derive(Clone, Debug, Default)]
pub struct LocalPathProvisioner {
    provisioning: BTreeSet<String>,
    deleting: BTreeSet<String>,
}

fn work(c: &Runtime, op: u8, key: String) -> Work {
    c.work(op, Key::Name(key))
}

/// The event source: `<provisioner>_<its pod>_<uuid>` (the uuid from the seed).
fn component(c: &Runtime) -> String {
    let pod = c
        .store
        .list(Kind::Pod, Some("local-path-storage"))
        .into_iter()
        .find(|p| p.name().starts_with("local-path-provisioner-"))
        .map(|p| p.name().to_string())
        .unwrap_or_else(|| "local-path-provisioner".into());
    let uuid = crate::rng::SimRng::new(c.seed, crate::rng::Stream::Provisioner).uuid();
    format!("{PROVISIONER}_{pod}_{uuid}")
}

fn event(c: &Runtime, cx: &mut StepCtx, obj: &Object, ty: &'static str, reason: &str, msg: String) {
    let comp = component(c);
    cx.deferred_events
        .push(EventSpec::new(obj, ty, reason, msg, &comp));
}

impl Controller for LocalPathProvisioner {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "local-path-provisioner"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::PersistentVolumeClaim | Kind::PersistentVolume)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if ev.ty == WatchType::Deleted {
            return;
        }
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::PersistentVolumeClaim => c.enqueue(work(c, OP_CLAIM, obj.key().ns_name())),
            Kind::PersistentVolume => c.enqueue(work(c, OP_VOLUME, obj.name().to_string())),
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        let key = key.name().to_string();
        match op {
            OP_CLAIM => self.claim(c, cx, &key),
            OP_CREATE => self.create(c, cx, &key),
            OP_VOLUME => self.volume(c, cx, &key),
            _ => self.delete(c, cx, &key),
        }
    }
}

impl LocalPathProvisioner {
    /// `shouldProvision`, then the Provisioning event and the helper pod's work.
    fn claim(&mut self, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
        let (ns, name) = key.split_once('/').unwrap_or(("default", key));
        let Some(obj) = c.get(Kind::PersistentVolumeClaim, ns, name) else {
            return;
        };
        let Some(claim) = obj.as_pvc() else { return };
        let m = &claim.metadata;
        let ours = ann(m, ANN_STORAGE_PROVISIONER).or(ann(m, ANN_BETA_STORAGE_PROVISIONER))
            == Some(PROVISIONER);
        let unbound = claim
            .spec
            .as_ref()
            .and_then(|s| s.volume_name.as_deref())
            .unwrap_or("")
            .is_empty();
        if !ours
            || !unbound
            || obj.meta().deletion_timestamp.is_some()
            || self.provisioning.contains(key)
        {
            return;
        }
        let uid = m.uid.clone().unwrap_or_default();
        if c.get(Kind::PersistentVolume, "", &format!("pvc-{uid}"))
            .is_some()
        {
            return;
        }
        let class = claim
            .spec
            .as_ref()
            .and_then(|s| s.storage_class_name.clone())
            .unwrap_or_default();
        let Some(node) = ann(m, ANN_SELECTED_NODE).map(str::to_string) else {
            // An Immediate class: local-path needs a node (provisionFor).
            let immediate = c
                .get(Kind::StorageClass, "", &class)
                .and_then(|o| {
                    o.as_storage_class()
                        .and_then(|s| s.volume_binding_mode.clone())
                })
                .as_deref()
                != Some("WaitForFirstConsumer");
            if immediate {
                event(
                    c,
                    cx,
                    &obj,
                    "Normal",
                    "Provisioning",
                    format!(
                        "External provisioner is provisioning volume for claim \"{ns}/{name}\""
                    ),
                );
                event(
                    c,
                    cx,
                    &obj,
                    "Warning",
                    "ProvisioningFailed",
                    format!(
                        "failed to provision volume with StorageClass \"{class}\": configuration error, no node was specified"
                    ),
                );
            }
            return;
        };
        event(
            c,
            cx,
            &obj,
            "Normal",
            "Provisioning",
            format!("External provisioner is provisioning volume for claim \"{ns}/{name}\""),
        );
        let modes = claim
            .spec
            .as_ref()
            .and_then(|s| s.access_modes.clone())
            .unwrap_or_default();
        if modes
            .iter()
            .any(|m| m != "ReadWriteOnce" && m != "ReadWriteOncePod")
        {
            event(
                c,
                cx,
                &obj,
                "Warning",
                "ProvisioningFailed",
                format!(
                    "failed to provision volume with StorageClass \"{class}\": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
                ),
            );
            return;
        }
        if claim
            .spec
            .as_ref()
            .and_then(|s| s.selector.as_ref())
            .is_some()
        {
            event(
                c,
                cx,
                &obj,
                "Warning",
                "ProvisioningFailed",
                format!(
                    "failed to provision volume with StorageClass \"{class}\": claim.Spec.Selector is not supported"
                ),
            );
            return;
        }
        self.provisioning.insert(key.to_string());
        c.add_timer(
            c.now.plus(HELPER_MS),
            work(c, OP_CREATE, key.to_string()),
            false,
        );
        cx.say(ProvisionerWhy::Provisioning {
            claim: name.to_string(),
            node,
        });
    }

    /// The helper pod is done: create the volume, `ProvisioningSucceeded`.
    fn create(&mut self, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
        self.provisioning.remove(key);
        let (ns, name) = key.split_once('/').unwrap_or(("default", key));
        let Some(obj) = c.get(Kind::PersistentVolumeClaim, ns, name) else {
            return;
        };
        let Some(claim) = obj.as_pvc().cloned() else {
            return;
        };
        let uid = claim.metadata.uid.clone().unwrap_or_default();
        let Some(node) = ann(&claim.metadata, ANN_SELECTED_NODE).map(str::to_string) else {
            return;
        };
        let spec = claim.spec.clone().unwrap_or_default();
        let class = spec.storage_class_name.clone().unwrap_or_default();
        let reclaim = c
            .get(Kind::StorageClass, "", &class)
            .and_then(|o| o.as_storage_class().and_then(|s| s.reclaim_policy.clone()))
            .unwrap_or_else(|| "Delete".into());
        let hostname = c
            .get(Kind::Node, "", &node)
            .and_then(|n| {
                n.meta()
                    .labels
                    .as_ref()?
                    .get("kubernetes.io/hostname")
                    .cloned()
            })
            .unwrap_or_else(|| node.clone());
        let pv_name = format!("pvc-{uid}");
        let storage = spec
            .resources
            .as_ref()
            .and_then(|r| r.requests.as_ref())
            .and_then(|r| r.get("storage").cloned());
        let pv = PersistentVolume {
            metadata: ObjectMeta {
                name: Some(pv_name.clone()),
                annotations: Some(
                    [
                        (
                            "local.path.provisioner/selected-node".to_string(),
                            node.clone(),
                        ),
                        (ANN_PROVISIONED_BY.to_string(), PROVISIONER.to_string()),
                    ]
                    .into_iter()
                    .collect(),
                ),
                ..Default::default()
            },
            spec: Some(PersistentVolumeSpec {
                access_modes: spec.access_modes.clone(),
                capacity: storage.map(|q| [("storage".to_string(), q)].into_iter().collect()),
                claim_ref: Some(ObjectReference {
                    api_version: Some("v1".into()),
                    kind: Some("PersistentVolumeClaim".into()),
                    name: Some(name.to_string()),
                    namespace: Some(ns.to_string()),
                    resource_version: claim.metadata.resource_version.clone(),
                    uid: Some(uid.clone()),
                    field_path: None,
                }),
                host_path: Some(HostPathVolumeSource {
                    path: format!("{BASE_PATH}/{pv_name}_{ns}_{name}"),
                    type_: Some("DirectoryOrCreate".into()),
                }),
                node_affinity: Some(VolumeNodeAffinity {
                    required: Some(NodeSelector {
                        node_selector_terms: vec![NodeSelectorTerm {
                            match_expressions: Some(vec![NodeSelectorRequirement {
                                key: "kubernetes.io/hostname".into(),
                                operator: "In".into(),
                                values: Some(vec![hostname]),
                            }]),
                            match_fields: None,
                        }],
                    }),
                }),
                persistent_volume_reclaim_policy: Some(reclaim),
                storage_class_name: Some(class),
                volume_mode: Some("Filesystem".into()),
                ..Default::default()
            }),
            status: None,
        };
        match c.api_create(cx, Object::from(pv), true) {
            Ok(_) => {
                event(
                    c,
                    cx,
                    &obj,
                    "Normal",
                    "ProvisioningSucceeded",
                    format!("Successfully provisioned volume {pv_name}"),
                );
                cx.say(ProvisionerWhy::Provisioned {
                    volume: pv_name,
                    claim: name.to_string(),
                    node,
                });
            }
            Err(e) => event(
                c,
                cx,
                &obj,
                "Warning",
                "ProvisioningFailed",
                format!(
                    "failed to provision volume with StorageClass \"{}\": {}",
                    spec.storage_class_name.unwrap_or_default(),
                    e.status_message()
                ),
            ),
        }
    }

    /// `shouldDelete`: a Released volume of ours under the Delete policy.
    fn volume(&mut self, c: &mut Runtime, cx: &mut StepCtx, name: &str) {
        let Some(obj) = c.get(Kind::PersistentVolume, "", name) else {
            return;
        };
        let Some(pv) = obj.as_pv() else { return };
        let released = pv.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Released");
        let delete = pv
            .spec
            .as_ref()
            .and_then(|s| s.persistent_volume_reclaim_policy.as_deref())
            == Some("Delete");
        if !released
            || !delete
            || obj.meta().deletion_timestamp.is_some()
            || ann(&pv.metadata, ANN_PROVISIONED_BY) != Some(PROVISIONER)
            || self.deleting.contains(name)
        {
            return;
        }
        self.deleting.insert(name.to_string());
        c.add_timer(
            c.now.plus(HELPER_MS),
            work(c, OP_DELETE, name.to_string()),
            false,
        );
        cx.say(ProvisionerWhy::Deleting {
            volume: name.to_string(),
        });
    }

    /// The helper pod removed the directory: delete the volume.
    fn delete(&mut self, c: &mut Runtime, cx: &mut StepCtx, name: &str) {
        self.deleting.remove(name);
        if c.get(Kind::PersistentVolume, "", name).is_none() {
            return;
        }
        let _ = c.api_delete(
            cx,
            &ObjKey::new(Kind::PersistentVolume, "", name),
            Default::default(),
        );
        cx.say(ProvisionerWhy::Deleted {
            volume: name.to_string(),
        });
    }
}

/// What the provisioner did.
#[derive(Clone, Debug)]
pub enum ProvisionerWhy {
    Provisioning {
        claim: String,
        node: String,
    },
    Provisioned {
        volume: String,
        claim: String,
        node: String,
    },
    Deleting {
        volume: String,
    },
    Deleted {
        volume: String,
    },
}

impl Explain for ProvisionerWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            ProvisionerWhy::Provisioning { claim, node } => w.pick(
                "claim {0} is ours and selected node {1}: making its directory there (a helper pod, about 2s)",
                "存储卷声明 {0} 归本制备器处理，已选节点 {1}：在该节点上创建目录（辅助 Pod，约 2 秒）",
                [claim, node],
            ),
            ProvisionerWhy::Provisioned { volume, claim, node } => w.pick(
                "created PersistentVolume {0} for claim {1}: a hostPath on {2}, with node affinity to it",
                "为存储卷声明 {1} 创建了 PersistentVolume {0}：{2} 上的 hostPath，并带有指向该节点的节点亲和性",
                [volume, claim, node],
            ),
            ProvisionerWhy::Deleting { volume } => w.pick(
                "volume {0} is Released under reclaim policy Delete: removing its directory (a helper pod)",
                "卷 {0} 已 Released 且回收策略为 Delete：删除其目录（辅助 Pod）",
                [volume],
            ),
            ProvisionerWhy::Deleted { volume } => w.pick(
                "deleted PersistentVolume {0}",
                "删除了 PersistentVolume {0}",
                [volume],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_provisioner_explanation_renders_in_both_languages() {
        let all = [
            ProvisionerWhy::Provisioning {
                claim: "www-web-0".into(),
                node: "worker-1".into(),
            },
            ProvisionerWhy::Provisioned {
                volume: "pvc-1".into(),
                claim: "www-web-0".into(),
                node: "worker-1".into(),
            },
            ProvisionerWhy::Deleting {
                volume: "pvc-1".into(),
            },
            ProvisionerWhy::Deleted {
                volume: "pvc-1".into(),
            },
        ];
        check_all(
            &all,
            |w| match w {
                ProvisionerWhy::Provisioning { .. } => 0,
                ProvisionerWhy::Provisioned { .. } => 1,
                ProvisionerWhy::Deleting { .. } => 2,
                ProvisionerWhy::Deleted { .. } => 3,
            },
            4,
        );
    }
}

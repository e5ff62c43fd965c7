//! pvc-protection and pv-protection controllers
//! (`pkg/controller/volume/pvcprotection`, `pkg/controller/volume/pvprotection`, v1.32): a
//! claim being deleted keeps its `kubernetes.io/pvc-protection` finalizer (and so stays
//! `Terminating`) while a pod that is not finished still uses it; a volume being deleted
//! keeps `kubernetes.io/pv-protection` while it is Bound.

use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::api::{PV_PROTECTION, PVC_PROTECTION};
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

const OP_CLAIM: u8 = 0;
const OP_VOLUME: u8 = 1;

/// Both protection controllers (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct VolumeProtectionController;

fn work(c: &Runtime, op: u8, key: String) -> Work {
    c.work(op, Key::Name(key))
}

fn claims_of(o: &Object) -> Vec<String> {
    o.as_pod()
        .and_then(|p| p.spec.as_ref())
        .and_then(|s| s.volumes.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|v| {
            v.persistent_volume_claim
                .as_ref()
                .map(|c| c.claim_name.clone())
        })
        .collect()
}

impl Controller for VolumeProtectionController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "pvc-protection-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(
            kind,
            Kind::PersistentVolumeClaim | Kind::PersistentVolume | Kind::Pod
        )
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::PersistentVolumeClaim if ev.ty != WatchType::Deleted => {
                if obj.meta().deletion_timestamp.is_some() {
                    c.enqueue(work(c, OP_CLAIM, obj.key().ns_name()));
                }
            }
            Kind::PersistentVolume if ev.ty != WatchType::Deleted => {
                if obj.meta().deletion_timestamp.is_some() {
                    c.enqueue(work(c, OP_VOLUME, obj.name().to_string()));
                }
            }
            Kind::Pod => {
                // A pod deleted frees its claims.
                let done = ev.ty == WatchType::Deleted;
                if done {
                    for cl in claims_of(obj) {
                        if c.get(Kind::PersistentVolumeClaim, obj.namespace(), &cl)
                            .is_some_and(|o| o.meta().deletion_timestamp.is_some())
                        {
                            c.enqueue(work(c, OP_CLAIM, format!("{}/{cl}", obj.namespace())));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        let key = key.name();
        if op == OP_CLAIM {
            let (ns, name) = key.split_once('/').unwrap_or(("default", key));
            let Some(obj) = c.get(Kind::PersistentVolumeClaim, ns, name) else {
                return;
            };
            if obj.meta().deletion_timestamp.is_none() {
                return;
            }
            // podUsesPVC: a pod that has been scheduled (whatever its phase) names it; the
            // kubelet will not start a pod with a claim being deleted.
            let user = c.store.list(Kind::Pod, Some(ns)).into_iter().find(|p| {
                p.as_pod().is_some_and(|pp| {
                    pp.spec
                        .as_ref()
                        .and_then(|s| s.node_name.as_deref())
                        .is_some_and(|n| !n.is_empty())
                }) && claims_of(p).iter().any(|x| x == name)
            });
            if let Some(p) = user {
                cx.say(ProtectionWhy::InUse {
                    claim: name.to_string(),
                    pod: p.name().to_string(),
                });
                return;
            }
            remove_finalizer(c, cx, &obj, PVC_PROTECTION);
            cx.say(ProtectionWhy::Released {
                what: format!("PersistentVolumeClaim {name}"),
            });
        } else {
            let Some(obj) = c.get(Kind::PersistentVolume, "", key) else {
                return;
            };
            if obj.meta().deletion_timestamp.is_none() {
                return;
            }
            let bound = obj
                .as_pv()
                .and_then(|v| v.status.as_ref())
                .and_then(|s| s.phase.as_deref())
                == Some("Bound");
            if bound {
                return;
            }
            remove_finalizer(c, cx, &obj, PV_PROTECTION);
            cx.say(ProtectionWhy::Released {
                what: format!("PersistentVolume {key}"),
            });
        }
    }
}

fn remove_finalizer(c: &mut Runtime, cx: &mut StepCtx, obj: &Object, f: &str) {
    let mut n = obj.clone();
    if let Some(fs) = n.meta_mut().finalizers.as_mut() {
        fs.retain(|x| x != f);
        if fs.is_empty() {
            n.meta_mut().finalizers = None;
        }
    }
    let _ = c.api_update(cx, n, false, false);
}

/// What the protection controllers did.
#[derive(Clone, Debug)]
pub enum ProtectionWhy {
    InUse { claim: String, pod: String },
    Released { what: String },
}

impl Explain for ProtectionWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            ProtectionWhy::InUse { claim, pod } => w.pick(
                "claim {0} is being deleted but pod {1} (scheduled to a node) still names it: it keeps its kubernetes.io/pvc-protection finalizer (Terminating) until the pod is gone",
                "存储卷声明 {0} 正在删除，但 Pod {1}（已调度到节点）仍引用它：保留 kubernetes.io/pvc-protection finalizer（Terminating），直到该 Pod 被删除",
                [claim, pod],
            ),
            ProtectionWhy::Released { what } => w.pick(
                "{0} is being deleted and nothing uses it: removed its protection finalizer, so it goes",
                "{0} 正在删除且无人使用：移除其保护 finalizer，它随即被删除",
                [what],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_protection_explanation_renders_in_both_languages() {
        let all = [
            ProtectionWhy::InUse {
                claim: "www-web-0".into(),
                pod: "web-0".into(),
            },
            ProtectionWhy::Released {
                what: "PersistentVolumeClaim www-web-0".into(),
            },
        ];
        check_all(
            &all,
            |w| match w {
                ProtectionWhy::InUse { .. } => 0,
                ProtectionWhy::Released { .. } => 1,
            },
            2,
        );
    }
}

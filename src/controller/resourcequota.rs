//! The resource quota controller (`pkg/controller/resourcequota/resource_quota_controller.go`,
//! `resource_quota_monitor.go`): a quota's `status.hard` follows its `spec.hard`, and
//! `status.used` is recalculated from the namespace's objects when the quota is created or
//! changed and when an object it counts is deleted or stops counting (a pod that finished).
//! Admission raises `used` at once on each create (see `apiserver::admission`); this
//! controller gives back what deletions free. (Upstream also recalculates every quota every
//! 5 minutes; kubestep's recalculation on each change makes that a no-op.)

use k8s_openapi::api::core::v1::ResourceQuotaStatus;

use crate::apiserver::admission::{calculate_usage, pod_counts};
use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

/// The resource quota controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct ResourceQuotaController;

fn enqueue_namespace(c: &mut Runtime, ns: &str) {
    let quotas: Vec<String> = c
        .store
        .list(Kind::ResourceQuota, Some(ns))
        .iter()
        .map(|q| q.name().to_string())
        .collect();
    for q in quotas {
        let w = c.work(0, Key::Name(format!("{ns}/{q}")));
        c.enqueue(w);
    }
}

impl Controller for ResourceQuotaController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "resourcequota-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        kind.namespaced() && !matches!(kind, Kind::Event | Kind::Lease)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &ev.obj;
        if obj.kind() == Kind::ResourceQuota {
            // addQuota / updateQuota: a quota whose hard limits moved, or that has no usage
            // yet, goes first (missingUsageQueue).
            if ev.ty == WatchType::Deleted {
                return;
            }
            let Some(q) = obj.as_resource_quota() else {
                return;
            };
            let spec_hard = q
                .spec
                .as_ref()
                .and_then(|s| s.hard.clone())
                .unwrap_or_default();
            let st = q.status.clone().unwrap_or_default();
            let used = st.used.unwrap_or_default();
            if st.hard.unwrap_or_default() != spec_hard
                || spec_hard.keys().any(|k| !used.contains_key(k))
            {
                let w = c.work(0, Key::Name(format!("{}/{}", obj.namespace(), obj.name())));
                c.enqueue(w);
            }
            return;
        }
        // The quota monitor's replenishment: a deletion, or a pod that stopped counting.
        let replenish = match ev.ty {
            WatchType::Deleted => true,
            WatchType::Modified => match (obj.as_pod(), ev.old.as_ref().and_then(|o| o.as_pod())) {
                (Some(new), Some(old)) => pod_counts(old) && !pod_counts(new),
                _ => false,
            },
            _ => false,
        };
        if replenish {
            let ns = obj.namespace().to_string();
            enqueue_namespace(c, &ns);
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let k = key.name();
        let (ns, name) = k.split_once('/').unwrap_or(("default", k));
        let Some(obj) = c.get(Kind::ResourceQuota, ns, name) else {
            return;
        };
        let Some(q) = obj.as_resource_quota() else {
            return;
        };
        // syncResourceQuota: hard = spec.hard, used = the namespace's usage of those.
        let mut objects = Vec::new();
        for kind in Kind::ALL
            .into_iter()
            .filter(|k| k.namespaced() && *k != Kind::Event)
        {
            objects.extend(c.store.list(kind, Some(ns)));
        }
        let used = calculate_usage(q, objects.iter().map(|o| o.as_ref()));
        let hard = q.spec.as_ref().and_then(|s| s.hard.clone());
        let status = ResourceQuotaStatus {
            hard: hard.clone().filter(|h| !h.is_empty()),
            used: Some(used.clone()).filter(|u| !u.is_empty()),
        };
        if q.status.as_ref() == Some(&status) {
            return;
        }
        let mut nq = q.clone();
        nq.status = Some(status);
        if c.api_update_status(cx, Object::from(nq)).is_ok() {
            let summary: Vec<String> = used
                .iter()
                .map(|(k, v)| {
                    let h = hard
                        .as_ref()
                        .and_then(|h| h.get(k))
                        .map_or("", |h| h.0.as_str());
                    format!("{k} {}/{h}", v.0)
                })
                .collect();
            cx.say(QuotaWhy::Synced {
                quota: format!("{ns}/{name}"),
                used: summary.join(", "),
            });
        }
    }
}

/// What the resource quota controller did.
#[derive(Clone, Debug)]
pub enum QuotaWhy {
    Synced { quota: String, used: String },
}

impl Explain for QuotaWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            QuotaWhy::Synced { quota, used } => w.pick(
                "ResourceQuota {0}: counted what the namespace uses of each limited resource and wrote it to status (used/hard: {1}); admission checks new objects against it",
                "ResourceQuota {0}：统计命名空间对每项受限资源的用量并写入 status（已用/上限：{1}）；准入控制据此检查新对象",
                [quota, used],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_explanation_renders_in_both_languages() {
        check_all(
            &[QuotaWhy::Synced {
                quota: "default/q".into(),
                used: "pods 1/2".into(),
            }],
            |_| 0,
            1,
        );
    }
}

//! The namespace controller (`pkg/controller/namespace/namespace_controller.go`,
//! `deletion/namespaced_resources_deleter.go`, `deletion/status_condition_utils.go`): a
//! namespace being deleted is looked at 5 s after each change; its content is deleted
//! (a delete collection per resource, background propagation), its five deletion conditions
//! say what remains, and once nothing does it is finalized (`kubernetes` leaves
//! spec.finalizers and the namespace goes). Pods that are still terminating make it come back
//! after half their grace period.
//!
//! Upstream walks the resources in Go map order; kubestep in its kinds' order.

use crate::sort::StableSort;
use k8s_openapi::api::core::v1::{NamespaceCondition, NamespaceStatus};

use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::api::{DeleteOptions, Propagation};
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::{Millis, SimTime};

const COMPONENT: &str = "namespace-controller";
/// `namespaceDeletionGracePeriod`.
pub const DELETION_GRACE_MS: Millis = 5_000;
/// `finalizerEstimateSeconds`: content held by finalizers is looked at again after this.
const FINALIZER_ESTIMATE_S: i64 = 15;

/// The namespace controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct NamespaceController;

/// The five conditions in `conditionTypes` order, from what this pass saw: (type, failing,
/// OK reason, OK message, failure reason, failure message).
fn conditions(
    remaining: &[(String, usize)],
    finalizers: &[(String, usize)],
    errors: &[String],
) -> Vec<(&'static str, bool, &'static str, String)> {
    let ok = |t, r: &'static str, m: &str| (t, false, r, m.to_string());
    let mut out = vec![
        ok(
            "NamespaceDeletionDiscoveryFailure",
            "ResourcesDiscovered",
            "All resources successfully discovered",
        ),
        ok(
            "NamespaceDeletionGroupVersionParsingFailure",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed",
        ),
    ];
    out.push(if errors.is_empty() {
        ok(
            "NamespaceDeletionContentFailure",
            "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization",
        )
    } else {
        let mut e = errors.to_vec();
        e.stable_sort();
        (
            "NamespaceDeletionContentFailure",
            true,
            "ContentDeletionFailed",
            format!(
                "Failed to delete all resource types, {} remaining: {}",
                e.len(),
                e.join(", ")
            ),
        )
    });
    out.push(if remaining.is_empty() {
        ok(
            "NamespaceContentRemaining",
            "ContentRemoved",
            "All content successfully removed",
        )
    } else {
        let mut r: Vec<String> = remaining
            .iter()
            .map(|(res, n)| format!("{} has {} resource instances", res, n))
            .collect();
        r.stable_sort();
        (
            "NamespaceContentRemaining",
            true,
            "SomeResourcesRemain",
            format!("Some resources are remaining: {}", r.join(", ")),
        )
    });
    out.push(if finalizers.is_empty() {
        ok(
            "NamespaceFinalizersRemaining",
            "ContentRemoved",
            "All content successfully removed",
        )
    } else {
        let mut f: Vec<String> = finalizers
            .iter()
            .map(|(fin, n)| format!("{} in {} resource instances", fin, n))
            .collect();
        f.stable_sort();
        (
            "NamespaceFinalizersRemaining",
            true,
            "SomeFinalizerRemain",
            format!("Some finalizers are remaining: {}", f.join(", ")),
        )
    });
    out
}

/// Write the conditions into a status (the time moves only with the status).
fn set_conditions(
    st: &mut NamespaceStatus,
    list: Vec<(&'static str, bool, &'static str, String)>,
    now: SimTime,
) {
    let conds = st.conditions.get_or_insert_with(Vec::new);
    for (ty, failing, reason, message) in list {
        let status = if failing { "True" } else { "False" };
        match conds.iter_mut().find(|c| c.type_ == ty) {
            Some(c) => {
                if c.status != status {
                    c.last_transition_time = Some(now.to_k8s());
                }
                c.status = status.into();
                c.reason = Some(reason.into());
                c.message = Some(message);
            }
            None => conds.push(NamespaceCondition {
                type_: ty.into(),
                status: status.into(),
                reason: Some(reason.into()),
                message: Some(message),
                last_transition_time: Some(now.to_k8s()),
            }),
        }
    }
}

impl Controller for NamespaceController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        COMPONENT
    }

    fn watches(&self, kind: Kind) -> bool {
        kind == Kind::Namespace
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if ev.ty == WatchType::Deleted || ev.obj.meta().deletion_timestamp.is_none() {
            return;
        }
        // AddAfter(namespaceDeletionGracePeriod): the earliest wins.
        let w = c.work(0, Key::Name(ev.obj.name().to_string()));
        c.add_timer(c.now.plus(DELETION_GRACE_MS), w, false);
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let name = key.name().to_string();
        let Some(obj) = c.get(Kind::Namespace, "", &name) else {
            return;
        };
        let Some(ns) = obj.as_namespace() else { return };
        let Some(deleted_at) = ns
            .metadata
            .deletion_timestamp
            .as_ref()
            .map(SimTime::from_k8s)
        else {
            return;
        };
        let now = c.now;
        if ns
            .spec
            .as_ref()
            .and_then(|s| s.finalizers.as_ref())
            .is_none_or(|f| f.is_empty())
        {
            return;
        }
        // deleteAllContent: every namespaced kind, a delete collection each.
        let mut deleted = 0usize;
        let mut estimate: i64 = 0;
        let mut remaining: Vec<(String, usize)> = vec![];
        let mut finalizers: std::collections::BTreeMap<String, usize> = Default::default();
        let mut errors: Vec<String> = vec![];
        for kind in Kind::ALL.into_iter().filter(|k| k.namespaced()) {
            let objs = c.store.list(kind, Some(&name));
            if objs.is_empty() {
                continue;
            }
            // deleteAllContentForGroupVersionResource: this resource's own estimate, only
            // for pods: the longest grace period of pods still running, while the namespace
            // has been deleting for less than that.
            let mut kind_estimate: i64 = 0;
            if kind == Kind::Pod {
                let longest = objs
                    .iter()
                    .filter_map(|o| o.as_pod())
                    .filter(|p| !matches!(crate::podutil::phase(p), "Succeeded" | "Failed"))
                    .map(|p| {
                        p.spec
                            .as_ref()
                            .and_then(|s| s.termination_grace_period_seconds)
                            .unwrap_or(30)
                    })
                    .max()
                    .unwrap_or(0);
                if now.0 - deleted_at.0 < longest * 1000 {
                    kind_estimate = longest;
                }
            }
            for o in &objs {
                if o.meta().deletion_timestamp.is_none()
                    && c.api_delete(
                        cx,
                        &o.key(),
                        DeleteOptions {
                            propagation: Propagation::Background,
                            ..Default::default()
                        },
                    )
                    .is_ok()
                {
                    deleted += 1;
                }
            }
            let left = c.store.list(kind, Some(&name));
            if left.is_empty() {
                continue;
            }
            let res = format!("{}.{}", kind.plural(), kind.group());
            remaining.push((res, left.len()));
            let held: Vec<&Object> = left
                .iter()
                .map(|o| o.as_ref())
                .filter(|o| o.meta().finalizers.as_ref().is_some_and(|f| !f.is_empty()))
                .collect();
            for o in &held {
                for f in o.meta().finalizers.iter().flatten() {
                    *finalizers.entry(f.clone()).or_default() += 1;
                }
            }
            if kind_estimate > 0 {
                estimate = estimate.max(kind_estimate);
            } else if !held.is_empty() {
                estimate = estimate.max(FINALIZER_ESTIMATE_S);
            } else {
                errors.push(format!(
                    "unexpected items still remain in namespace: {} for gvr: {}/{}, Resource={}",
                    name,
                    kind.group(),
                    kind.api_version().rsplit('/').next().unwrap_or("v1"),
                    kind.plural()
                ));
            }
        }
        let finalizers: Vec<(String, usize)> = finalizers.into_iter().collect();
        let mut st = ns.status.clone().unwrap_or_default();
        st.phase = Some("Terminating".into());
        set_conditions(&mut st, conditions(&remaining, &finalizers, &errors), now);
        if Some(&st) != ns.status.as_ref() {
            let mut n = ns.clone();
            n.status = Some(st);
            let _ = c.api_update_status(cx, Object::from(n));
        }
        let left: usize = remaining.iter().map(|(_, n)| n).sum();
        if left > 0 {
            // ResourcesRemainingError: again after half the estimate (plus a second); other
            // failures go through the rate limiter.
            let w = c.work(0, Key::Name(name.clone()));
            if errors.is_empty() && estimate > 0 {
                c.forget(&w);
                c.add_timer(now.plus((estimate / 2 + 1) * 1000), w, false);
            } else {
                // An error (content that should be gone but is not): the rate limiter,
                // 5ms doubling to 60s.
                c.add_rate_limited_item(w, 60_000, false);
            }
            if errors.is_empty() && estimate > 0 {
                cx.say(NamespaceWhy::Deleting {
                    ns: name,
                    deleted,
                    remaining,
                    estimate,
                });
            } else {
                cx.say(NamespaceWhy::Stuck {
                    ns: name,
                    deleted,
                    remaining,
                });
            }
            return;
        }
        if c.api_finalize_namespace(cx, &name).is_ok() {
            cx.say(NamespaceWhy::Finalized { ns: name, deleted });
        }
    }
}

/// What the namespace controller did.
#[derive(Clone, Debug)]
pub enum NamespaceWhy {
    Deleting {
        ns: String,
        deleted: usize,
        remaining: Vec<(String, usize)>,
        estimate: i64,
    },
    Finalized {
        ns: String,
        deleted: usize,
    },
    /// Content without finalizers outlived its grace period (pods on a node that is down).
    Stuck {
        ns: String,
        deleted: usize,
        remaining: Vec<(String, usize)>,
    },
}

impl Explain for NamespaceWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            NamespaceWhy::Deleting { ns, deleted, remaining, estimate } => {
                let left: Vec<String> = remaining.iter().map(|(r, n)| format!("{} {}", n, r.trim_end_matches('.'))).collect();
                w.pick(
                    "namespace {0} is Terminating: deleted {1} object(s) in it; still there: {2}, so it stays Terminating (NamespaceContentRemaining) and is looked at again in {3}s",
                    "命名空间 {0} 正在终止（Terminating）：删除了其中 {1} 个对象；仍有 {2}，所以它保持 Terminating（NamespaceContentRemaining），{3} 秒后再检查",
                    [ns, deleted, &left.join(", "), &(estimate / 2 + 1)],
                )
            }
            NamespaceWhy::Stuck { ns, deleted, remaining } => {
                let left: Vec<String> = remaining.iter().map(|(r, n)| format!("{} {}", n, r.trim_end_matches('.'))).collect();
                w.pick(
                    "namespace {0} is Terminating: deleted {1} object(s) in it; {2} should be gone by now and are not (NamespaceDeletionContentFailure: unexpected items still remain), so it tries again with a back-off from 5ms doubling to 60s",
                    "命名空间 {0} 正在终止：删除了其中 {1} 个对象；{2} 本应已消失却仍在（NamespaceDeletionContentFailure：unexpected items still remain），因此以从 5 毫秒翻倍到 60 秒的退避重试",
                    [ns, deleted, &left.join(", ")],
                )
            }
            NamespaceWhy::Finalized { ns, deleted } => w.pick(
                "namespace {0} is empty (deleted {1} object(s) in this pass): removed the kubernetes finalizer from spec.finalizers, so the namespace is gone",
                "命名空间 {0} 已清空（本轮删除 {1} 个对象）：从 spec.finalizers 移除 kubernetes finalizer，命名空间随之删除",
                [ns, deleted],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn condition_texts_are_upstreams() {
        let c = conditions(
            &[("pods.".into(), 2), ("deployments.apps".into(), 1)],
            &[],
            &[],
        );
        assert_eq!(c.len(), 5);
        assert_eq!(
            c[3].3,
            "Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances"
        );
        assert_eq!(c[4].2, "ContentRemoved");
        let c = conditions(&[], &[("example.com/protect".into(), 1)], &[]);
        assert_eq!(
            c[4].3,
            "Some finalizers are remaining: example.com/protect in 1 resource instances"
        );
    }

    #[test]
    fn every_explanation_renders_in_both_languages() {
        let all = [
            NamespaceWhy::Deleting {
                ns: "foo".into(),
                deleted: 3,
                remaining: vec![("pods.".into(), 2)],
                estimate: 30,
            },
            NamespaceWhy::Finalized {
                ns: "foo".into(),
                deleted: 0,
            },
            NamespaceWhy::Stuck {
                ns: "foo".into(),
                deleted: 0,
                remaining: vec![("pods.".into(), 1)],
            },
        ];
        check_all(
            &all,
            |w| match w {
                NamespaceWhy::Deleting { .. } => 0,
                NamespaceWhy::Finalized { .. } => 1,
                NamespaceWhy::Stuck { .. } => 2,
            },
            3,
        );
    }
}

//! The disruption controller (`pkg/controller/disruption/disruption.go`): for each
//! PodDisruptionBudget, how many of its pods are expected (`getExpectedPodCount`), how many
//! are healthy (Ready, not being deleted, not recently evicted), how many must stay healthy,
//! and so how many disruptions the eviction API may allow now. Pod and PDB events wake it;
//! a scale change of a controller does not (it is read on the next pod or PDB event), as
//! upstream.

use std::collections::BTreeMap;

use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{Condition, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::events::EventSpec;
use crate::labels::Selector;
use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::WatchEvent;
use crate::time::{Millis, SimTime};

/// The controller's component in step lines.
const COMPONENT: &str = "disruption-controller";
/// Its event recorder's source (`v1.EventSource{Component: "controllermanager"}`).
const EVENT_SOURCE: &str = "controllermanager";
/// `DeletionTimeout`: an evicted pod not deleted within this is healthy again.
pub const DELETION_TIMEOUT_MS: Millis = 120_000;

/// The disruption controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct DisruptionController;

fn event(cx: &mut StepCtx, obj: &Object, ty: &'static str, reason: &str, msg: String) {
    cx.deferred_events
        .push(EventSpec::new(obj, ty, reason, msg, EVENT_SOURCE));
}

/// The worker's queue of MultiplePodDisruptionBudgets warnings (pod key, chosen PDB).
const OP_MULTIPLE: u8 = 1;
/// The stale DisruptionTarget check of one pod.
const OP_STALE: u8 = 2;
/// `stalePodDisruptionTimeout`.
const STALE_DISRUPTION_MS: i64 = 120_000;

/// When a pod's DisruptionTarget condition became True, if no deletion followed it (the
/// pod is not being deleted, not finished, and the kubelet did not set it).
fn stale_disruption_since(p: &k8s_openapi::api::core::v1::Pod) -> Option<crate::time::SimTime> {
    if p.metadata.deletion_timestamp.is_some()
        || matches!(crate::podutil::phase(p), "Succeeded" | "Failed")
    {
        return None;
    }
    let c = p
        .status
        .as_ref()?
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "DisruptionTarget" && c.status == "True")?;
    if c.reason.as_deref() == Some("TerminationByKubelet") {
        return None;
    }
    c.last_transition_time
        .as_ref()
        .map(crate::time::SimTime::from_k8s)
}

/// `getPdbForPod`'s warning on the pod.
fn multiple_warning(c: &mut Runtime, cx: &mut StepCtx, pod_key: &str, chosen: &str) {
    let (ns, name) = pod_key.split_once('/').unwrap_or(("default", pod_key));
    let Some(pod) = c.get(Kind::Pod, ns, name) else {
        return;
    };
    let msg = format!(
        "Pod {:?}/{:?} matches multiple PodDisruptionBudgets.  Chose {:?} arbitrarily.",
        ns, name, chosen
    );
    let e = EventSpec::new(
        &pod,
        "Warning",
        "MultiplePodDisruptionBudgets",
        msg,
        EVENT_SOURCE,
    );
    c.record_event(cx, e);
    cx.say(DisruptionWhy::Multiple {
        pod: name.to_string(),
        chosen: chosen.to_string(),
    });
}

/// `processNextStalePodDisruptionWorkItem`: the condition goes back to False.
fn clear_stale_disruption(c: &mut Runtime, cx: &mut StepCtx, pod_key: &str) {
    let (ns, name) = pod_key.split_once('/').unwrap_or(("default", pod_key));
    let Some(obj) = c.get(Kind::Pod, ns, name) else {
        return;
    };
    let Some(p) = obj.as_pod() else { return };
    let Some(since) = stale_disruption_since(p) else {
        return;
    };
    if c.now.0 < since.0 + STALE_DISRUPTION_MS {
        return;
    }
    let mut np = p.clone();
    if let Some(cond) = np
        .status
        .as_mut()
        .and_then(|s| s.conditions.as_mut())
        .and_then(|cs| cs.iter_mut().find(|c| c.type_ == "DisruptionTarget"))
    {
        cond.status = "False".into();
        cond.reason = None;
        cond.message = None;
        cond.last_transition_time = Some(c.now.to_k8s());
    }
    if c.api_update_status(cx, Object::from(np)).is_ok() {
        cx.say(DisruptionWhy::StaleTarget {
            pod: name.to_string(),
        });
    }
}

/// `LabelSelectorAsSelector` of a PDB: nil matches nothing, `{}` everything.
pub fn pdb_selector(b: &PodDisruptionBudget) -> Result<Selector, String> {
    match b.spec.as_ref().and_then(|s| s.selector.as_ref()) {
        None => Ok(Selector::nothing()),
        Some(s) => Selector::from_label_selector(s),
    }
}

/// The PDBs in a pod's namespace whose selector matches it, by name
/// (`GetPodPodDisruptionBudgets`; unlike upstream's lister order, name order).
pub fn pdbs_for_pod(c: &Runtime, pod: &Object) -> Vec<std::sync::Arc<Object>> {
    c.store
        .list(Kind::PodDisruptionBudget, Some(pod.namespace()))
        .into_iter()
        .filter(|o| {
            o.as_pdb()
                .and_then(|b| pdb_selector(b).ok())
                .is_some_and(|s| !s.is_nothing() && s.matches_opt(pod.meta().labels.as_ref()))
        })
        .collect()
}

/// `%v` of a `*metav1.LabelSelector`: its generated (gogo-protobuf) `String()`.
fn proto_selector_string(
    sel: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>,
) -> String {
    let Some(sel) = sel else {
        return "nil".into();
    };
    let mut labels = String::from("map[string]string{");
    for (k, v) in sel.match_labels.iter().flatten() {
        labels.push_str(&format!("{}: {},", k, v));
    }
    labels.push('}');
    let mut exprs = String::from("[]LabelSelectorRequirement{");
    for r in sel.match_expressions.iter().flatten() {
        exprs.push_str(&format!(
            "LabelSelectorRequirement{{Key:{},Operator:{},Values:[{}],}},",
            r.key,
            r.operator,
            r.values.clone().unwrap_or_default().join(" ")
        ));
    }
    exprs.push('}');
    format!(
        "&LabelSelector{{MatchLabels:{},MatchExpressions:{},}}",
        labels, exprs
    )
}

/// `GetScaledValueFromIntOrPercent(v, total, roundUp=true)`.
pub fn scaled(v: &IntOrString, total: i32) -> Result<i32, String> {
    match v {
        IntOrString::Int(i) => Ok(*i),
        IntOrString::String(s) => {
            let p: i64 = s
                .strip_suffix('%')
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| {
                    "invalid value for IntOrString: invalid type: string is not a percentage"
                        .to_string()
                })?;
            Ok(((p * total as i64) as f64 / 100.0).ceil() as i32)
        }
    }
}

/// `getExpectedScale`: the sum of the distinct controllers' scales of the pods; pods
/// without a controller are unmanaged.
fn expected_scale(c: &Runtime, pods: &[&Object]) -> Result<(i32, Vec<String>), String> {
    let mut scales: BTreeMap<String, i32> = BTreeMap::new();
    let mut unmanaged = vec![];
    for p in pods {
        let Some(r) = crate::podutil::controller_of(p) else {
            unmanaged.push(p.name().to_string());
            continue;
        };
        if scales.contains_key(&r.uid) {
            continue;
        }
        let ns = p.namespace();
        let group = r.api_version.split_once('/').map_or("", |(g, _)| g);
        let scale = match (r.kind.as_str(), group) {
            // getPodDeployment, then getPodReplicaSet.
            ("ReplicaSet", "apps") => c
                .get(Kind::ReplicaSet, ns, &r.name)
                .filter(|rs| rs.meta().uid.as_deref() == Some(r.uid.as_str()))
                .and_then(|rs| match crate::podutil::controller_of(&rs) {
                    Some(d) if d.kind == "Deployment" => c
                        .get(Kind::Deployment, ns, &d.name)
                        .filter(|o| o.meta().uid.as_deref() == Some(d.uid.as_str()))
                        .and_then(|o| {
                            o.as_deployment()
                                .and_then(|d| d.spec.as_ref()?.replicas)
                                .or(Some(1))
                        }),
                    _ => rs
                        .as_replicaset()
                        .map(|x| x.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)),
                }),
            ("StatefulSet", "apps") => c
                .get(Kind::StatefulSet, ns, &r.name)
                .filter(|o| o.meta().uid.as_deref() == Some(r.uid.as_str()))
                .map(|o| {
                    o.as_statefulset()
                        .and_then(|s| s.spec.as_ref()?.replicas)
                        .unwrap_or(1)
                }),
            // getScaleController: kinds without a scale subresource.
            ("DaemonSet", "apps") => {
                return Err("daemonsets.apps does not implement the scale subresource".into());
            }
            ("Job", "batch") => {
                return Err("jobs.batch does not implement the scale subresource".into());
            }
            _ => None,
        };
        match scale {
            Some(s) => {
                scales.insert(r.uid.clone(), s);
            }
            None => return Err(format!("found no controllers for pod {:?}", p.name())),
        }
    }
    Ok((scales.values().sum(), unmanaged))
}

/// The status numbers of a PDB over its pods: (expected, desiredHealthy, unmanaged).
fn expected_pod_count(
    c: &Runtime,
    b: &PodDisruptionBudget,
    pods: &[&Object],
) -> Result<(i32, i32, Vec<String>), String> {
    let spec = b.spec.clone().unwrap_or_default();
    if let Some(mu) = &spec.max_unavailable {
        let (expected, unmanaged) = expected_scale(c, pods)?;
        let mu = scaled(mu, expected)?;
        return Ok((expected, (expected - mu).max(0), unmanaged));
    }
    match &spec.min_available {
        Some(IntOrString::Int(n)) => Ok((pods.len() as i32, *n, vec![])),
        Some(v) => {
            let (expected, unmanaged) = expected_scale(c, pods)?;
            Ok((expected, scaled(v, expected)?, unmanaged))
        }
        None => Ok((0, 0, vec![])),
    }
}

/// `UpdateDisruptionAllowedCondition` (component-helpers): True/SufficientPods while
/// disruptions are allowed, else False/InsufficientPods; the time moves only with the status.
pub fn set_allowed_condition(st: &mut PodDisruptionBudgetStatus, now: SimTime) {
    let (status, reason) = if st.disruptions_allowed > 0 {
        ("True", "SufficientPods")
    } else {
        ("False", "InsufficientPods")
    };
    set_condition(st, status, reason, String::new(), now);
}

fn set_condition(
    st: &mut PodDisruptionBudgetStatus,
    status: &str,
    reason: &str,
    message: String,
    now: SimTime,
) {
    let og = st.observed_generation;
    let conds = st.conditions.get_or_insert_with(Vec::new);
    match conds.iter_mut().find(|c| c.type_ == "DisruptionAllowed") {
        Some(c) => {
            if c.status != status {
                c.last_transition_time = now.to_k8s();
            }
            c.status = status.into();
            c.reason = reason.into();
            c.message = message;
            c.observed_generation = og;
        }
        None => conds.push(Condition {
            type_: "DisruptionAllowed".into(),
            status: status.into(),
            reason: reason.into(),
            message,
            observed_generation: og,
            last_transition_time: now.to_k8s(),
        }),
    }
}

impl Controller for DisruptionController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        COMPONENT
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Pod | Kind::PodDisruptionBudget)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        match ev.obj.kind() {
            Kind::PodDisruptionBudget => {
                let w = c.work(0, Key::Name(ev.obj.key().ns_name()));
                c.enqueue(w);
            }
            _ => {
                // getPdbForPod: the first matching PDB; a pod that several match gets a
                // MultiplePodDisruptionBudgets warning (recorded by the worker below).
                let pdbs = pdbs_for_pod(c, &ev.obj);
                if let Some(b) = pdbs.first() {
                    let w = c.work(0, Key::Name(b.key().ns_name()));
                    c.enqueue(w);
                    if pdbs.len() > 1 && ev.ty != crate::store::WatchType::Deleted {
                        let w = c.work(
                            OP_MULTIPLE,
                            Key::Pair(ev.obj.key().ns_name(), b.name().to_string()),
                        );
                        c.enqueue(w);
                    }
                }
                // A DisruptionTarget condition that no deletion followed is cleared after
                // 2 minutes (stalePodDisruptionTimeout).
                if let Some(p) = ev.obj.as_pod()
                    && let Some(since) = stale_disruption_since(p)
                {
                    let w = c.work(OP_STALE, Key::Name(ev.obj.key().ns_name()));
                    c.add_timer(since.plus(STALE_DISRUPTION_MS), w, false);
                }
            }
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        match (op, key) {
            (OP_MULTIPLE, Key::Pair(pod, chosen)) => return multiple_warning(c, cx, pod, chosen),
            (OP_STALE, _) => return clear_stale_disruption(c, cx, key.name()),
            _ => {}
        }
        let key = key.name();
        let (ns, name) = key.split_once('/').unwrap_or(("default", key));
        let Some(obj) = c.get(Kind::PodDisruptionBudget, ns, name) else {
            return;
        };
        let Some(b) = obj.as_pdb() else { return };
        let now = c.now;
        let original = b.status.clone().unwrap_or_default();
        let fail_safe = |c: &mut Runtime, cx: &mut StepCtx, err: String| {
            // failSafe: no disruptions, SyncFailed with the error.
            let mut st = original.clone();
            st.disruptions_allowed = 0;
            set_condition(&mut st, "False", "SyncFailed", err.clone(), now);
            if st != original {
                let mut nb = b.clone();
                nb.status = Some(st);
                let _ = c.api_update_status(cx, Object::from(nb));
            }
            cx.say(DisruptionWhy::SyncFailed {
                pdb: name.to_string(),
                error: err,
            });
        };
        let sel = match pdb_selector(b) {
            Ok(s) => s,
            Err(e) => {
                let err = format!("Failed to get pods: {}", e);
                event(cx, &obj, "Warning", "NoPods", err.clone());
                return fail_safe(c, cx, e);
            }
        };
        let all = c.store.list(Kind::Pod, Some(ns));
        let pods: Vec<&Object> = all
            .iter()
            .map(|o| o.as_ref())
            .filter(|o| sel.matches_opt(o.meta().labels.as_ref()))
            .collect();
        if pods.is_empty() {
            event(
                cx,
                &obj,
                "Normal",
                "NoPods",
                "No matching pods found".into(),
            );
        }
        let (expected, desired, unmanaged) = match expected_pod_count(c, b, &pods) {
            Ok(x) => x,
            Err(e) => {
                event(
                    cx,
                    &obj,
                    "Warning",
                    "CalculateExpectedPodCountFailed",
                    format!("Failed to calculate the number of expected pods: {}", e),
                );
                return fail_safe(c, cx, e);
            }
        };
        if !unmanaged.is_empty() {
            event(
                cx,
                &obj,
                "Warning",
                "UnmanagedPods",
                format!(
                    "Pods selected by this PodDisruptionBudget (selector: {}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                    proto_selector_string(b.spec.as_ref().and_then(|s| s.selector.as_ref()))
                ),
            );
        }
        // buildDisruptedPodMap: evictions not yet followed by a delete, for two minutes.
        let mut disrupted: BTreeMap<String, Time> = BTreeMap::new();
        let mut recheck: Option<SimTime> = None;
        if let Some(old) = &original.disrupted_pods {
            for p in &pods {
                if p.meta().deletion_timestamp.is_some() {
                    continue;
                }
                let Some(t) = old.get(p.name()) else { continue };
                let expires = SimTime::from_k8s(t).plus(DELETION_TIMEOUT_MS);
                if expires < now {
                    event(
                        cx,
                        p,
                        "Warning",
                        "NotDeleted",
                        // Upstream prints the PDB's namespace twice.
                        format!(
                            "Pod was expected by PDB {}/{} to be deleted but it wasn't",
                            ns, ns
                        ),
                    );
                    continue;
                }
                disrupted.insert(p.name().to_string(), t.clone());
                recheck = Some(recheck.map_or(expires, |r: SimTime| r.min(expires)));
            }
        }
        // countHealthyPods: Ready, not deleting, not recently disrupted.
        let healthy = pods
            .iter()
            .filter(|p| {
                p.meta().deletion_timestamp.is_none()
                    && !disrupted.contains_key(p.name())
                    && p.as_pod().is_some_and(crate::podutil::is_pod_ready)
            })
            .count() as i32;
        let mut allowed = healthy - desired;
        if expected <= 0 || allowed <= 0 {
            allowed = 0;
        }
        let mut st = original.clone();
        st.current_healthy = healthy;
        st.desired_healthy = desired;
        st.expected_pods = expected;
        st.disruptions_allowed = allowed;
        st.disrupted_pods = if disrupted.is_empty() && original.disrupted_pods.is_none() {
            None
        } else {
            Some(disrupted)
        };
        st.observed_generation = obj.meta().generation;
        set_allowed_condition(&mut st, now);
        if let Some(t) = recheck {
            let w = c.work(0, Key::Name(key.to_string()));
            c.add_timer(t, w, false);
        }
        if st == original {
            return;
        }
        let mut nb = b.clone();
        nb.status = Some(st);
        if c.api_update_status(cx, Object::from(nb)).is_ok() {
            cx.say(DisruptionWhy::Status {
                pdb: name.to_string(),
                healthy,
                desired,
                expected,
                allowed,
            });
        }
    }
}

/// What the disruption controller did.
#[derive(Clone, Debug)]
pub enum DisruptionWhy {
    Status {
        pdb: String,
        healthy: i32,
        desired: i32,
        expected: i32,
        allowed: i32,
    },
    SyncFailed {
        pdb: String,
        error: String,
    },
    Multiple {
        pod: String,
        chosen: String,
    },
    StaleTarget {
        pod: String,
    },
}

impl Explain for DisruptionWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            DisruptionWhy::Status {
                pdb,
                healthy,
                desired,
                expected,
                allowed,
            } => w.pick(
                "PodDisruptionBudget {0}: {1} of {3} expected pods are healthy and {2} must stay healthy, so {4} disruption(s) allowed (what the eviction API may grant)",
                "PodDisruptionBudget {0}：预期 {3} 个 Pod 中 {1} 个健康，至少要保持 {2} 个健康，因此允许 {4} 次干扰（驱逐 API 可批准的次数）",
                [pdb, healthy, desired, expected, allowed],
            ),
            DisruptionWhy::SyncFailed { pdb, error } => w.pick(
                "PodDisruptionBudget {0}: cannot compute its status ({1}), so no disruption is allowed (SyncFailed)",
                "PodDisruptionBudget {0}：无法计算状态（{1}），因此不允许任何干扰（SyncFailed）",
                [pdb, error],
            ),
            DisruptionWhy::Multiple { pod, chosen } => w.pick(
                "pod {0} matches more than one PodDisruptionBudget: warned (MultiplePodDisruptionBudgets) and counted it for {1} only; the eviction API refuses to evict it",
                "Pod {0} 匹配多个 PodDisruptionBudget：发出警告（MultiplePodDisruptionBudgets），只计入 {1}；驱逐 API 拒绝驱逐它",
                [pod, chosen],
            ),
            DisruptionWhy::StaleTarget { pod } => w.pick(
                "pod {0} was marked DisruptionTarget 2 minutes ago but was not deleted: set the condition back to False",
                "Pod {0} 两分钟前被标记为 DisruptionTarget 却未被删除：把该条件改回 False",
                [pod],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn percentages_round_up() {
        // intstr tests and disruption_test.go's figures.
        for (p, total, want) in [
            ("34%", 3, 2),
            ("28%", 11, 4),
            ("28%", 22, 7),
            ("30%", 7, 3),
            ("30%", 3, 1),
            ("20%", 10, 2),
        ] {
            assert_eq!(
                scaled(&IntOrString::String(p.into()), total).unwrap(),
                want,
                "{p} of {total}"
            );
        }
        assert_eq!(scaled(&IntOrString::Int(3), 10).unwrap(), 3);
    }

    #[test]
    fn every_explanation_renders_in_both_languages() {
        let all = [
            DisruptionWhy::Status {
                pdb: "web".into(),
                healthy: 3,
                desired: 2,
                expected: 3,
                allowed: 1,
            },
            DisruptionWhy::SyncFailed {
                pdb: "web".into(),
                error: "e".into(),
            },
            DisruptionWhy::Multiple {
                pod: "web-1".into(),
                chosen: "a".into(),
            },
            DisruptionWhy::StaleTarget {
                pod: "web-1".into(),
            },
        ];
        check_all(
            &all,
            |w| match w {
                DisruptionWhy::Status { .. } => 0,
                DisruptionWhy::SyncFailed { .. } => 1,
                DisruptionWhy::Multiple { .. } => 2,
                DisruptionWhy::StaleTarget { .. } => 3,
            },
            4,
        );
    }
}

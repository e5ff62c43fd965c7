//! taint-eviction-controller (v1.32 `pkg/controller/tainteviction/taint_eviction.go` and
//! `timed_workers.go`): deletes the pods of a node with NoExecute taints they do not
//! tolerate at once, and those that tolerate them for `tolerationSeconds` when that time is
//! up (the smallest over the tolerations in use, counted from when the controller first saw
//! the taint); tolerating forever keeps the pod. When the taints go away first, the
//! scheduled deletion is cancelled.
//!
//! Deleting means: add the pod condition `DisruptionTarget` (reason `DeletionByTaintManager`)
//! and delete the pod with its default grace period. On a node whose kubelet is gone the pod
//! then stays `Terminating`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ObjectReference, PodCondition, Taint, Toleration};

use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::scheduler::plugins::tolerates_taint;
use crate::store::{WatchEvent, WatchType};
use crate::time::{Millis, SimTime, format_go_duration};

/// Event source component (`names.TaintEvictionController`).
pub const COMPONENT: &str = "taint-eviction-controller";

/// A scheduled eviction (`TimedWorker`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Scheduled {
    created: SimTime,
    fire_at: SimTime,
    /// Why, for the step that deletes the pod.
    why: EvictWhy,
}

/// The controller's state.
#[derive(Clone, Debug, Default)]
pub struct TaintEvictionController {
    /// node → its NoExecute taints (`taintedNodes`).
    tainted: BTreeMap<String, Vec<Taint>>,
    /// pod `namespace/name` → its scheduled eviction (`taintEvictionQueue`).
    scheduled: BTreeMap<String, Scheduled>,
}

fn no_execute(taints: Option<&Vec<Taint>>) -> Vec<Taint> {
    taints
        .into_iter()
        .flatten()
        .filter(|t| t.effect == "NoExecute")
        .cloned()
        .collect()
}

/// `GetMatchingTolerations`: whether every taint is tolerated, and for each taint the first
/// toleration that tolerates it.
pub fn matching_tolerations(taints: &[Taint], tols: &[Toleration]) -> (bool, Vec<Toleration>) {
    let mut used = vec![];
    for t in taints {
        match tols.iter().find(|tol| tolerates_taint(tol, t)) {
            Some(tol) => used.push(tol.clone()),
            None => return (false, vec![]),
        }
    }
    (true, used)
}

/// `getMinTolerationTime`: the smallest `tolerationSeconds` in ms (0 for none in use or a
/// non-positive value), or None when every toleration in use tolerates forever.
pub fn min_toleration_time(tols: &[Toleration]) -> Option<Millis> {
    if tols.is_empty() {
        return Some(0);
    }
    let mut min: Option<i64> = None;
    for t in tols {
        if let Some(s) = t.toleration_seconds {
            if s <= 0 {
                return Some(0);
            }
            min = Some(min.map_or(s, |m| m.min(s)));
        }
    }
    min.map(|s| s.saturating_mul(1000))
}

fn pod_ref(key: &str) -> ObjectReference {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    ObjectReference {
        api_version: Some("v1".into()),
        kind: Some("Pod".into()),
        name: Some(name.into()),
        namespace: Some(ns.into()),
        ..Default::default()
    }
}

fn event(key: &str, message: String) -> EventSpec {
    EventSpec {
        involved: pod_ref(key),
        ty: "Normal",
        reason: "TaintManagerEviction".into(),
        message,
        component: COMPONENT.into(),
        host: None,
        action: None,
        series_api: false,
    }
}

fn taint_list(taints: &[Taint]) -> String {
    taints
        .iter()
        .map(crate::controller::nodelifecycle::taint_text)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `cancelWorkWithEvent`.
fn cancel(
    te: &mut TaintEvictionController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    key: &str,
    why: CancelWhy,
) {
    if te.scheduled.remove(key).is_some() {
        c.cancel_timer(&c.work(OP_FIRE, Key::Name(key.to_string())));
        cx.deferred_events
            .push(event(key, format!("Cancelling deletion of Pod {}", key)));
        let name = key.split_once('/').map(|(_, n)| n).unwrap_or(key);
        cx.say(TaintEvictionWhy::Cancelled {
            pod: name.to_string(),
            why,
        });
    }
}

/// `processPodOnNode`.
fn process_pod_on_node(
    te: &mut TaintEvictionController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    key: &str,
    node: &str,
    tols: &[Toleration],
    taints: &[Taint],
) {
    let now = c.now;
    if taints.is_empty() {
        cancel(
            te,
            c,
            cx,
            key,
            CancelWhy::NoTaints {
                node: node.to_string(),
            },
        );
        return;
    }
    let (all, used) = matching_tolerations(taints, tols);
    if !all {
        let untolerated: Vec<Taint> = taints
            .iter()
            .filter(|t| !tols.iter().any(|tol| tolerates_taint(tol, t)))
            .cloned()
            .collect();
        cancel(te, c, cx, key, CancelWhy::DeletedNow);
        let why = EvictWhy::Untolerated {
            taints: taint_list(&untolerated),
            node: node.to_string(),
        };
        evict(c, cx, key, why);
        return;
    }
    let Some(min) = min_toleration_time(&used) else {
        cancel(
            te,
            c,
            cx,
            key,
            CancelWhy::TolerateForever {
                node: node.to_string(),
            },
        );
        return;
    };
    let mut start = now;
    let trigger = now.plus(min);
    if let Some(s) = te.scheduled.get(key) {
        start = s.created;
        // An earlier (or same) deadline already stands. Upstream keeps it only when strictly
        // earlier; with a virtual clock two looks can share an instant, and replacing the
        // deadline by itself would only add a spurious "Cancelling" event.
        if start.plus(min) <= trigger {
            return;
        }
        cancel(te, c, cx, key, CancelWhy::TimeChanged);
    }
    let fire_at = start.plus(min);
    let why = EvictWhy::RanOut {
        taints: taint_list(taints),
        node: node.to_string(),
        toleration: min,
    };
    if fire_at <= now {
        evict(c, cx, key, why);
        return;
    }
    te.scheduled.insert(
        key.to_string(),
        Scheduled {
            created: start,
            fire_at,
            why,
        },
    );
    c.add_timer(fire_at, c.work(OP_FIRE, Key::Name(key.to_string())), false);
    let name = key.split_once('/').map(|(_, n)| n).unwrap_or(key);
    cx.say(TaintEvictionWhy::Scheduled {
        pod: name.to_string(),
        taints: taint_list(taints),
        node: node.to_string(),
        toleration: min,
        at: fire_at,
    });
}

/// `deletePodHandler` / `addConditionAndDeletePod`: record the event, add the
/// DisruptionTarget condition, delete the pod with its default grace period.
fn evict(c: &mut Runtime, cx: &mut StepCtx, key: &str, why: EvictWhy) {
    cx.deferred_events
        .push(event(key, format!("Marking for deletion Pod {}", key)));
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let okey = ObjKey::new(Kind::Pod, ns, name);
    let Some(obj) = c.store.get_obj(&okey).cloned() else {
        return;
    };
    let Some(pod) = obj.as_pod() else { return };
    let mut p = pod.clone();
    let st = p.status.get_or_insert_with(Default::default);
    let conds = st.conditions.get_or_insert_with(Vec::new);
    let want = PodCondition {
        type_: "DisruptionTarget".into(),
        status: "True".into(),
        reason: Some("DeletionByTaintManager".into()),
        message: Some("Taint manager: deleting due to NoExecute taint".into()),
        last_transition_time: Some(c.now.to_k8s()),
        last_probe_time: None,
    };
    // UpdatePodCondition: keep the transition time when the status is unchanged.
    let changed = match conds.iter_mut().find(|x| x.type_ == "DisruptionTarget") {
        Some(x) => {
            let mut w = want.clone();
            if x.status == w.status {
                w.last_transition_time = x.last_transition_time.clone();
            }
            let changed = *x != w;
            *x = w;
            changed
        }
        None => {
            conds.push(want);
            true
        }
    };
    if changed {
        let _ = c.api_update_status(cx, Object::from(p));
    }
    let grace = pod
        .spec
        .as_ref()
        .and_then(|s| s.termination_grace_period_seconds)
        .unwrap_or(30);
    if c.api_delete(cx, &okey, crate::runtime::api::DeleteOptions::default())
        .is_ok()
    {
        cx.say(TaintEvictionWhy::Evicted {
            pod: name.to_string(),
            why,
            grace_s: grace,
        });
    }
}

/// `handleNodeUpdate`.
fn handle_node(te: &mut TaintEvictionController, c: &mut Runtime, cx: &mut StepCtx, node: &str) {
    let Some(obj) = c.get(Kind::Node, "", node) else {
        te.tainted.remove(node);
        return;
    };
    let Some(n) = obj.as_node() else { return };
    let taints = no_execute(n.spec.as_ref().and_then(|s| s.taints.as_ref()));
    if taints.is_empty() {
        te.tainted.remove(node);
    } else {
        te.tainted.insert(node.to_string(), taints.clone());
    }
    let pods: Vec<ObjKey> = c
        .idx
        .pods_by_node
        .get(node)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default();
    for k in pods {
        let key = k.ns_name();
        if taints.is_empty() {
            cancel(
                te,
                c,
                cx,
                &key,
                CancelWhy::NoTaints {
                    node: node.to_string(),
                },
            );
            continue;
        }
        let Some(p) = c.store.get_obj(&k).cloned() else {
            continue;
        };
        let tols = p
            .as_pod()
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.tolerations.clone())
            .unwrap_or_default();
        process_pod_on_node(te, c, cx, &key, node, &tols, &taints);
    }
}

/// `handlePodUpdate`.
fn handle_pod(te: &mut TaintEvictionController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(obj) = c.get(Kind::Pod, ns, name) else {
        cancel(te, c, cx, key, CancelWhy::PodGone);
        return;
    };
    let Some(pod) = obj.as_pod() else { return };
    let Some(node) = pod
        .spec
        .as_ref()
        .and_then(|s| s.node_name.clone())
        .filter(|n| !n.is_empty())
    else {
        return;
    };
    let Some(taints) = te.tainted.get(&node).cloned() else {
        return;
    };
    let tols = pod
        .spec
        .as_ref()
        .and_then(|s| s.tolerations.clone())
        .unwrap_or_default();
    process_pod_on_node(te, c, cx, key, &node, &tols, &taints);
}

/// A scheduled eviction is due.
fn fire(te: &mut TaintEvictionController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let Some(s) = te.scheduled.remove(key) else {
        return;
    };
    evict(c, cx, key, s.why);
}

/// Why a scheduled deletion was cancelled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CancelWhy {
    NoTaints { node: String },
    DeletedNow,
    TolerateForever { node: String },
    TimeChanged,
    PodGone,
}

/// Why a pod is deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvictWhy {
    Untolerated {
        taints: String,
        node: String,
    },
    RanOut {
        taints: String,
        node: String,
        toleration: Millis,
    },
}

/// What the taint eviction controller did.
#[derive(Clone, Debug)]
pub enum TaintEvictionWhy {
    Cancelled {
        pod: String,
        why: CancelWhy,
    },
    Scheduled {
        pod: String,
        taints: String,
        node: String,
        toleration: Millis,
        at: SimTime,
    },
    Evicted {
        pod: String,
        why: EvictWhy,
        grace_s: i64,
    },
}

impl Explain for TaintEvictionWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            TaintEvictionWhy::Scheduled {
                pod,
                taints,
                node,
                toleration,
                at,
            } => w.pick(
                "pod {0} tolerates the NoExecute taint {1} of {2} for {3}: its deletion is scheduled for {4}",
                "Pod {0} 对 {2} 的 NoExecute 污点 {1} 的容忍时长为 {3}：计划在 {4} 删除它",
                [&pod, &taints, &node, &format_go_duration(*toleration), &at.clock()],
            ),
            // MANUAL
            TaintEvictionWhy::Cancelled { pod, why } => w.pick2(
                || format!(
                "cancelled the scheduled deletion of pod {}: {}",
                pod,
                match why {
                    CancelWhy::NoTaints { node } =>
                        format!("{} has no NoExecute taints any more", node),
                    CancelWhy::DeletedNow => "it is deleted right away instead".into(),
                    CancelWhy::TolerateForever { node } =>
                        format!("it tolerates the taints of {} forever", node),
                    CancelWhy::TimeChanged => "its toleration time changed".into(),
                    CancelWhy::PodGone => "the pod is gone".into(),
                }
            ),
                || format!(
                "取消了对 Pod {} 的计划删除：{}",
                pod,
                match why {
                    CancelWhy::NoTaints { node } => format!("{} 已经没有 NoExecute 污点", node),
                    CancelWhy::DeletedNow => "改为立即删除它".into(),
                    CancelWhy::TolerateForever { node } => format!("它永久容忍 {} 的污点", node),
                    CancelWhy::TimeChanged => "它的容忍时长变了".into(),
                    CancelWhy::PodGone => "该 Pod 已不存在".into(),
                }
            ),
            ),
            // MANUAL
            TaintEvictionWhy::Evicted { pod, why, grace_s } => w.pick2(
                || format!(
                "pod {}: {}; added condition DisruptionTarget (DeletionByTaintManager) and deleted it with its {}s grace period",
                pod,
                match why {
                    EvictWhy::Untolerated { taints, node } => format!(
                        "it does not tolerate the NoExecute taint {} of {}",
                        taints, node
                    ),
                    EvictWhy::RanOut {
                        taints,
                        node,
                        toleration,
                    } => format!(
                        "it tolerated the NoExecute taint {} of {} for {} (tolerationSeconds), which ran out",
                        taints,
                        node,
                        format_go_duration(*toleration)
                    ),
                },
                grace_s
            ),
                || format!(
                "Pod {}：{}；添加了状况 DisruptionTarget（DeletionByTaintManager），并以它的 {}s 宽限期删除了它",
                pod,
                match why {
                    EvictWhy::Untolerated { taints, node } =>
                        format!("它不容忍 {} 的 NoExecute 污点 {}", node, taints),
                    EvictWhy::RanOut {
                        taints,
                        node,
                        toleration,
                    } => format!(
                        "它对 {} 的 NoExecute 污点 {} 的容忍时长 {}（tolerationSeconds）已经用完",
                        node,
                        taints,
                        format_go_duration(*toleration)
                    ),
                },
                grace_s
            ),
            ),
        }
    }
}

/// The taint eviction controller's queues.
const OP_NODE: u8 = 0;
const OP_POD: u8 = 1;
const OP_FIRE: u8 = 2;

impl Controller for TaintEvictionController {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        COMPONENT
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Node | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        match ev.obj.kind() {
            Kind::Node => on_node_event(self, c, ev),
            _ => on_pod_event(self, c, ev),
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        match op {
            OP_NODE => handle_node(self, c, cx, key.name()),
            OP_POD => handle_pod(self, c, cx, key.name()),
            _ => fire(self, c, cx, key.name()),
        }
    }
}

/// Node informer handler (`NodeUpdated`): only NoExecute taint changes matter.
fn on_node_event(te: &mut TaintEvictionController, c: &mut Runtime, ev: &WatchEvent) {
    let Some(new) = ev.obj.as_node() else { return };
    let new_t = no_execute(new.spec.as_ref().and_then(|s| s.taints.as_ref()));
    let old_t = ev
        .old
        .as_deref()
        .and_then(|o| o.as_node())
        .map(|o| no_execute(o.spec.as_ref().and_then(|s| s.taints.as_ref())));
    let changed = match (ev.ty, old_t) {
        (WatchType::Modified, Some(old)) => old != new_t,
        (WatchType::Deleted, _) => true,
        _ => !new_t.is_empty() || te.tainted.contains_key(ev.obj.name()),
    };
    if changed {
        c.enqueue(c.work(OP_NODE, Key::Name(ev.obj.name().to_string())));
    }
}

/// Pod informer handler (`PodUpdated`): a pod added, deleted, or with a new node or new
/// tolerations. Only pods on tainted nodes (or with a scheduled eviction) can matter, so
/// others are not queued at all.
fn on_pod_event(te: &mut TaintEvictionController, c: &mut Runtime, ev: &WatchEvent) {
    let Some(new) = ev.obj.as_pod() else { return };
    let key = ev.obj.key().ns_name();
    let node_of = |p: &k8s_openapi::api::core::v1::Pod| {
        p.spec
            .as_ref()
            .and_then(|s| s.node_name.clone())
            .unwrap_or_default()
    };
    let relevant = match (ev.ty, ev.old.as_deref().and_then(|o| o.as_pod())) {
        (WatchType::Modified, Some(old)) => {
            node_of(old) != node_of(new)
                || old.spec.as_ref().and_then(|s| s.tolerations.as_ref())
                    != new.spec.as_ref().and_then(|s| s.tolerations.as_ref())
        }
        _ => true,
    };
    if !relevant {
        return;
    }
    if te.tainted.contains_key(&node_of(new)) || te.scheduled.contains_key(&key) {
        c.enqueue(c.work(OP_POD, Key::Name(key)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    fn tol(key: &str, effect: &str, secs: Option<i64>) -> Toleration {
        Toleration {
            key: Some(key.into()).filter(|k: &String| !k.is_empty()),
            operator: Some("Exists".into()),
            effect: Some(effect.into()).filter(|e: &String| !e.is_empty()),
            toleration_seconds: secs,
            value: None,
        }
    }

    fn taint(key: &str) -> Taint {
        Taint {
            key: key.into(),
            effect: "NoExecute".into(),
            value: None,
            time_added: None,
        }
    }

    #[test]
    fn min_toleration_time_follows_get_min_toleration_time() {
        // (tolerationSeconds of the tolerations in use, expected) — taint_eviction_test.go
        // TestGetMinTolerationTime.
        let table: &[(&[Option<i64>], Option<Millis>)] = &[
            (&[], Some(0)),
            (&[None], None),
            (&[Some(10)], Some(10_000)),
            (&[Some(10), Some(5)], Some(5_000)),
            (&[None, Some(20)], Some(20_000)),
            (&[Some(-1)], Some(0)),
            (&[Some(0), Some(30)], Some(0)),
            (&[None, None], None),
        ];
        for (secs, want) in table {
            let tols: Vec<Toleration> = secs.iter().map(|s| tol("k", "NoExecute", *s)).collect();
            assert_eq!(min_toleration_time(&tols), *want, "{secs:?}");
        }
    }

    #[test]
    fn every_taint_needs_a_matching_toleration() {
        let unreachable = taint("node.kubernetes.io/unreachable");
        let custom = taint("dedicated");
        let tols = vec![
            tol("node.kubernetes.io/not-ready", "NoExecute", Some(300)),
            tol("node.kubernetes.io/unreachable", "NoExecute", Some(300)),
        ];
        let (all, used) = matching_tolerations(std::slice::from_ref(&unreachable), &tols);
        assert!(all);
        assert_eq!(used.len(), 1);
        assert_eq!(
            used[0].key.as_deref(),
            Some("node.kubernetes.io/unreachable")
        );
        let (all, used) = matching_tolerations(&[unreachable.clone(), custom.clone()], &tols);
        assert!(!all);
        assert!(used.is_empty());
        // An empty key with Exists tolerates every taint (forever here).
        let everything = vec![tol("", "", None)];
        let (all, used) = matching_tolerations(&[unreachable, custom], &everything);
        assert!(all);
        assert_eq!(min_toleration_time(&used), None);
        // No taints: trivially all tolerated.
        assert_eq!(matching_tolerations(&[], &[]), (true, vec![]));
    }

    // Runtime-level behaviour, driven through the engine as a user would.

    use crate::{Engine, EngineConfig};

    fn run(e: &mut Engine, line: &str, stdin: Option<&str>) -> crate::ExecOutput {
        let argv = crate::script::split_words(line).expect("words");
        e.exec(&argv, stdin, None)
    }

    fn pod_yaml(name: &str, node: &str, tolerations: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  nodeName: {node}\n  containers:\n  - name: c\n    image: nginx:1.27\n{tolerations}"
        )
    }

    fn deletion_time(e: &Engine, name: &str) -> Option<SimTime> {
        e.cluster()
            .get(Kind::Pod, "default", name)?
            .meta()
            .deletion_timestamp
            .as_ref()
            .map(|t| SimTime::from_k8s(t).plus(-30_000))
    }

    fn messages(e: &Engine, reason: &str) -> Vec<String> {
        e.cluster()
            .store
            .list(Kind::Event, Some("default"))
            .iter()
            .filter_map(|o| o.as_event())
            .filter(|ev| ev.reason.as_deref() == Some(reason))
            .map(|ev| ev.message.clone().unwrap_or_default())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    fn taint_time(e: &Engine, node: &str) -> SimTime {
        let n = e.cluster().get(Kind::Node, "", node).expect("node");
        let t = n
            .as_node()
            .and_then(|n| n.spec.as_ref())
            .and_then(|s| s.taints.as_ref())
            .and_then(|ts| {
                ts.iter()
                    .find(|t| t.effect == "NoExecute" && t.key == "node.kubernetes.io/unreachable")
            })
            .and_then(|t| t.time_added.clone())
            .expect("unreachable:NoExecute taint with timeAdded");
        SimTime::from_k8s(&t)
    }

    #[test]
    fn tolerations_decide_when_pods_on_an_unreachable_node_are_deleted() {
        let mut e = Engine::new(EngineConfig::default());
        let short = "  tolerations:\n  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    effect: NoExecute\n    tolerationSeconds: 30\n";
        let forever = "  tolerations:\n  - key: node.kubernetes.io/unreachable\n    operator: Exists\n    effect: NoExecute\n";
        for (name, tols) in [("short", short), ("forever", forever), ("default", "")] {
            let out = run(
                &mut e,
                "kubectl apply -f -",
                Some(&pod_yaml(name, "worker-2", tols)),
            );
            assert_eq!(out.exit, 0, "{:?}", out);
        }
        run(&mut e, "settle", None);
        assert_eq!(run(&mut e, "node stop worker-2", None).exit, 0);
        let out = run(&mut e, "settle --timeout 20m", None);
        assert!(out.stdout().contains("settled"), "{}", out.stdout());
        let tainted = taint_time(&e, "worker-2");
        // (pod, deleted how long after the taint; None: kept)
        let table = [
            ("short", Some(30_000)),
            ("default", Some(300_000)),
            ("forever", None),
        ];
        for (name, want) in table {
            let got = deletion_time(&e, name).map(|t| t.0 - tainted.0);
            assert_eq!(got, want, "{name}");
        }
        let marked = messages(&e, "TaintManagerEviction");
        assert_eq!(
            marked,
            [
                "Marking for deletion Pod default/default",
                "Marking for deletion Pod default/short"
            ]
        );
        let p = e.cluster().get(Kind::Pod, "default", "short").expect("pod");
        let cond = p
            .as_pod()
            .and_then(|p| p.status.as_ref())
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "DisruptionTarget").cloned())
            .expect("DisruptionTarget");
        assert_eq!(cond.status, "True");
        assert_eq!(cond.reason.as_deref(), Some("DeletionByTaintManager"));
        assert_eq!(
            cond.message.as_deref(),
            Some("Taint manager: deleting due to NoExecute taint")
        );
        // The kubelet comes back: the deleted pods go away, the other one stays.
        run(&mut e, "node start worker-2", None);
        run(&mut e, "settle", None);
        assert!(e.cluster().get(Kind::Pod, "default", "short").is_none());
        assert!(e.cluster().get(Kind::Pod, "default", "default").is_none());
        assert!(e.cluster().get(Kind::Pod, "default", "forever").is_some());
        let n = e.cluster().get(Kind::Node, "", "worker-2").expect("node");
        assert!(
            n.as_node()
                .and_then(|n| n.spec.as_ref())
                .and_then(|s| s.taints.as_ref())
                .is_none_or(|t| t.is_empty()),
            "taints left: {:?}",
            n.as_node().and_then(|n| n.spec.clone())
        );
    }

    #[test]
    fn an_untolerated_noexecute_taint_evicts_at_once() {
        let mut e = Engine::new(EngineConfig::default());
        assert_eq!(
            run(
                &mut e,
                "node add worker-3 --taint dedicated=db:NoExecute",
                None
            )
            .exit,
            0
        );
        let out = run(
            &mut e,
            "kubectl apply -f -",
            Some(&pod_yaml("intruder", "worker-3", "")),
        );
        assert_eq!(out.exit, 0, "{:?}", out);
        let start = e.cluster().now;
        run(&mut e, "settle", None);
        // Deleted the moment the controller saw it; never started, so removed right away.
        assert!(e.cluster().get(Kind::Pod, "default", "intruder").is_none());
        assert_eq!(
            messages(&e, "TaintManagerEviction"),
            ["Marking for deletion Pod default/intruder"]
        );
        let rec = e
            .history()
            .iter()
            .find(|r| {
                r.component == COMPONENT
                    && !r.writes.is_empty()
                    && r.writes.iter().any(|w| w.verb == "delete")
            })
            .expect("eviction step");
        assert_eq!(rec.time, start);
        assert!(
            rec.summary()
                .contains("does not tolerate the NoExecute taint dedicated=db:NoExecute"),
            "{}",
            rec.summary()
        );
    }

    #[test]
    fn a_node_that_recovers_in_time_cancels_the_scheduled_deletion() {
        let mut e = Engine::new(EngineConfig::default());
        let out = run(
            &mut e,
            "kubectl apply -f -",
            Some(&pod_yaml("p", "worker-1", "")),
        );
        assert_eq!(out.exit, 0, "{:?}", out);
        run(&mut e, "settle", None);
        run(&mut e, "node stop worker-1", None);
        run(&mut e, "tick 2m", None);
        let n = e.cluster().get(Kind::Node, "", "worker-1").expect("node");
        assert_eq!(
            crate::printers::table::node_status(n.as_node().unwrap()),
            "NotReady"
        );
        // The pod was marked not ready, with a Warning from the node controller.
        assert_eq!(
            messages(&e, "NodeNotReady"),
            [
                "Node is not ready",
                "Node worker-1 status is now: NodeNotReady"
            ]
        );
        run(&mut e, "node start worker-1", None);
        let out = run(&mut e, "settle", None);
        assert!(out.stdout().contains("settled"), "{}", out.stdout());
        assert_eq!(
            messages(&e, "TaintManagerEviction"),
            ["Cancelling deletion of Pod default/p"]
        );
        let p = e
            .cluster()
            .get(Kind::Pod, "default", "p")
            .expect("pod kept");
        assert!(p.meta().deletion_timestamp.is_none());
        let ready = p
            .as_pod()
            .and_then(|p| p.status.as_ref())
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| {
                cs.iter()
                    .find(|c| c.type_ == "Ready")
                    .map(|c| c.status.clone())
            });
        assert_eq!(
            ready.as_deref(),
            Some("True"),
            "Ready restored by the restarted kubelet"
        );
        assert_eq!(
            crate::printers::table::node_status(
                e.cluster()
                    .get(Kind::Node, "", "worker-1")
                    .unwrap()
                    .as_node()
                    .unwrap()
            ),
            "Ready"
        );
    }
}

#[cfg(test)]
mod why_tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::runtime::step::check_all;

    #[test]
    fn every_taint_eviction_explanation_renders_in_both_languages() {
        let cancelled = |why| TaintEvictionWhy::Cancelled {
            pod: "web-1".into(),
            why,
        };
        let evicted = |why| TaintEvictionWhy::Evicted {
            pod: "web-1".into(),
            why,
            grace_s: 30,
        };
        let t = || "node.kubernetes.io/unreachable:NoExecute".to_string();
        let all = [
            cancelled(CancelWhy::NoTaints {
                node: "worker-2".into(),
            }),
            cancelled(CancelWhy::DeletedNow),
            cancelled(CancelWhy::TolerateForever {
                node: "worker-2".into(),
            }),
            cancelled(CancelWhy::TimeChanged),
            cancelled(CancelWhy::PodGone),
            TaintEvictionWhy::Scheduled {
                pod: "web-1".into(),
                taints: t(),
                node: "worker-2".into(),
                toleration: 300_000,
                at: SimTime(360_000),
            },
            evicted(EvictWhy::Untolerated {
                taints: t(),
                node: "worker-2".into(),
            }),
            evicted(EvictWhy::RanOut {
                taints: t(),
                node: "worker-2".into(),
                toleration: 300_000,
            }),
        ];
        let index = |w: &TaintEvictionWhy| match w {
            TaintEvictionWhy::Cancelled { why, .. } => match why {
                CancelWhy::NoTaints { .. } => 0,
                CancelWhy::DeletedNow => 1,
                CancelWhy::TolerateForever { .. } => 2,
                CancelWhy::TimeChanged => 3,
                CancelWhy::PodGone => 4,
            },
            TaintEvictionWhy::Scheduled { .. } => 5,
            TaintEvictionWhy::Evicted { why, .. } => match why {
                EvictWhy::Untolerated { .. } => 6,
                EvictWhy::RanOut { .. } => 7,
            },
        };
        check_all(&all, index, 8);
        assert_eq!(
            all[7].zh(),
            "Pod web-1：它对 worker-2 的 NoExecute 污点 node.kubernetes.io/unreachable:NoExecute 的容忍时长 5m0s（tolerationSeconds）已经用完；添加了状况 DisruptionTarget（DeletionByTaintManager），并以它的 30s 宽限期删除了它"
        );
    }
}

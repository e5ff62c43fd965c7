//! kube-scheduler wiring: keeps the scheduler cache and scheduling queue current from the
//! watch stream, and binds one pod per step (`scheduleOne`). The framework and plugins
//! live in [`crate::scheduler`].

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Pod, PodCondition};

use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::rng::{SimRng, Stream};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::scheduler::{FitWhy, PickWhy};
use crate::scheduler::{SchedulerCache, SchedulingQueue};
use crate::store::{WatchEvent, WatchType};

/// kube-scheduler's state: its cache of nodes and bound pods, its queue of pending pods,
/// and its random stream (tie-breaks).
#[derive(Clone, Debug)]
pub struct Scheduler {
    pub cache: SchedulerCache,
    pub queue: SchedulingQueue<String>,
    pub(crate) rng: SimRng,
    /// Pods in VolumeBinding's PreBind: assumed on a node, waiting for their claims to be
    /// bound (pod key → node).
    pub(crate) waiting_volumes: BTreeMap<String, String>,
}

impl Scheduler {
    /// A scheduler drawing from `seed`'s scheduler stream.
    pub fn new(seed: u64) -> Scheduler {
        Scheduler {
            cache: Default::default(),
            queue: Default::default(),
            rng: SimRng::new(seed, Stream::Scheduler),
            waiting_volumes: BTreeMap::new(),
        }
    }

    /// Start the tie-break stream afresh (after kube-system's setup placed its pods).
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng = SimRng::new(seed, Stream::Scheduler);
    }
}

/// The scheduler's queues.
const OP_SCHEDULE: u8 = 0;
const OP_FLUSH: u8 = 1;
/// A pod whose volumes are bound: finish PreBind and bind it.
const OP_PREBIND: u8 = 2;

impl Controller for Scheduler {
    /// `createClients` (cmd/kube-scheduler/app/options): a client and a separate event
    /// client from the same config.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients {
            api: crate::runtime::flowcontrol::SCHEDULER,
            events: Some(crate::runtime::flowcontrol::SCHEDULER),
        })
    }

    fn name(&self) -> &'static str {
        "default-scheduler"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Pod | Kind::Node | Kind::PersistentVolumeClaim)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        match ev.obj.kind() {
            Kind::Node => on_node_event(self, c, ev),
            Kind::PersistentVolumeClaim => on_claim_event(self, c, ev),
            _ => on_pod_event(self, c, ev),
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        match op {
            OP_SCHEDULE => schedule_one(self, c, cx, key.name()),
            OP_PREBIND => prebind_done(self, c, cx, key.name()),
            _ => pump(self, c),
        }
    }
}

fn is_ours(p: &Pod) -> bool {
    p.spec
        .as_ref()
        .and_then(|s| s.scheduler_name.as_deref())
        .is_none_or(|n| n == "default-scheduler")
}

fn node_name(p: &Pod) -> Option<&str> {
    p.spec
        .as_ref()?
        .node_name
        .as_deref()
        .filter(|n| !n.is_empty())
}

/// Move pods that are due from the scheduling queue into the work queue, and arm a timer
/// for the next moment one becomes due.
fn pump(sch: &mut Scheduler, c: &mut Runtime) {
    let now = c.now;
    sch.queue.flush(now);
    while let Some(k) = sch.queue.pop(now) {
        c.enqueue(c.work(OP_SCHEDULE, Key::Name(k)));
    }
    if let Some(t) = sch.queue.next_wakeup() {
        let (_, backoff, _) = sch.queue.lens();
        // Retries after back-off are real work; the 5-minute re-check of unschedulable
        // pods is routine (it only bumps the FailedScheduling count).
        c.add_timer(t, c.work(OP_FLUSH, Key::None), backoff == 0);
    }
}

fn on_node_event(sch: &mut Scheduler, c: &mut Runtime, ev: &WatchEvent) {
    let Some(node) = ev.obj.as_node() else { return };
    match ev.ty {
        WatchType::Added => sch.cache.add_node(node),
        WatchType::Modified => sch.cache.update_node(node),
        WatchType::Deleted => sch
            .cache
            .remove_node(node.metadata.name.as_deref().unwrap_or("")),
    }
    if let Some(images) = node.status.as_ref().and_then(|s| s.images.as_ref()) {
        let list = images
            .iter()
            .map(|i| {
                (
                    i.names
                        .as_ref()
                        .and_then(|n| n.last().cloned())
                        .unwrap_or_default(),
                    i.size_bytes.unwrap_or(0),
                )
            })
            .collect();
        sch.cache
            .set_node_images(node.metadata.name.as_deref().unwrap_or(""), list);
    }
    sch.queue.on_cluster_change(c.now);
    pump(sch, c);
}

fn on_pod_event(sch: &mut Scheduler, c: &mut Runtime, ev: &WatchEvent) {
    let Some(pod) = ev.obj.as_pod() else { return };
    let key = ev.obj.key().ns_name();
    let old = ev.old.as_deref().and_then(Object::as_pod);
    let old_bound = old.is_some_and(|o| node_name(o).is_some());
    match ev.ty {
        WatchType::Deleted => {
            if let Some(o) = old.filter(|o| node_name(o).is_some()) {
                sch.cache.remove_pod(o);
                sch.queue.on_cluster_change(c.now);
            }
            sch.queue.remove(&key);
        }
        _ => {
            if node_name(pod).is_some() {
                match old {
                    Some(o) if old_bound => sch.cache.update_pod(o, pod),
                    _ => sch.cache.add_pod(pod),
                }
                sch.queue.remove(&key);
            } else if is_ours(pod) && pod.metadata.deletion_timestamp.is_none() {
                if ev.ty == WatchType::Added {
                    sch.queue.add(key, c.now);
                } else if old
                    .is_some_and(|o| o.spec != pod.spec || o.metadata.labels != pod.metadata.labels)
                {
                    sch.queue.update(key, c.now);
                }
            } else {
                sch.queue.remove(&key);
            }
        }
    }
    pump(sch, c);
}

/// The claims a pod's volumes name.
fn pod_claims(pod: &Pod) -> Vec<String> {
    pod.spec
        .as_ref()
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

fn claim_bound(c: &Runtime, ns: &str, name: &str) -> bool {
    c.get(Kind::PersistentVolumeClaim, ns, name)
        .and_then(|o| o.as_pvc().cloned())
        .is_some_and(|pvc| {
            pvc.spec
                .as_ref()
                .and_then(|s| s.volume_name.as_deref())
                .is_some_and(|v| !v.is_empty())
                && pvc
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get("pv.kubernetes.io/bind-completed"))
                    .is_some()
        })
}

/// A claim changed: a pod in PreBind whose claims are all bound now can be bound; a pending
/// pod that names the claim is tried again (the VolumeBinding plugin's requeue hint).
fn on_claim_event(sch: &mut Scheduler, c: &mut Runtime, ev: &WatchEvent) {
    let ns = ev.obj.namespace().to_string();
    let claim = ev.obj.name().to_string();
    let waiting: Vec<String> = sch
        .waiting_volumes
        .keys()
        .filter(|k| k.starts_with(&format!("{ns}/")))
        .cloned()
        .collect();
    for key in waiting {
        let pod_name = &key[ns.len() + 1..];
        let Some(p) = c.get(Kind::Pod, &ns, pod_name) else {
            sch.waiting_volumes.remove(&key);
            continue;
        };
        let claims = p.as_pod().map(pod_claims).unwrap_or_default();
        if claims.contains(&claim) && claims.iter().all(|cl| claim_bound(c, &ns, cl)) {
            c.enqueue(c.work(OP_PREBIND, Key::Name(key)));
        }
    }
    if ev.ty != WatchType::Deleted {
        sch.queue.on_cluster_change(c.now);
        pump(sch, c);
    }
}

/// VolumeBinding's PreFilter and the node constraint of bound volumes: Err(message) when the
/// pod cannot be scheduled at all; Ok((allowed hostnames of bound PVs, claims to provision)).
#[allow(clippy::type_complexity)]
fn volume_prefilter(
    c: &Runtime,
    pod: &Pod,
    ns: &str,
) -> Result<(Option<std::collections::BTreeSet<String>>, Vec<String>), String> {
    let mut hosts: Option<std::collections::BTreeSet<String>> = None;
    let mut delayed = vec![];
    let mut immediate_unbound = false;
    for name in pod_claims(pod) {
        let Some(o) = c.get(Kind::PersistentVolumeClaim, ns, &name) else {
            return Err(format!("persistentvolumeclaim \"{name}\" not found"));
        };
        let Some(pvc) = o.as_pvc() else { continue };
        if o.meta().deletion_timestamp.is_some() {
            return Err(format!("persistentvolumeclaim \"{name}\" is being deleted"));
        }
        let volume = pvc
            .spec
            .as_ref()
            .and_then(|s| s.volume_name.clone())
            .filter(|v| !v.is_empty());
        match volume {
            Some(v) => {
                if let Some(pv) = c
                    .get(Kind::PersistentVolume, "", &v)
                    .and_then(|o| o.as_pv().cloned())
                    && let Some(terms) = pv
                        .spec
                        .as_ref()
                        .and_then(|s| s.node_affinity.as_ref())
                        .and_then(|a| a.required.as_ref())
                {
                    let allowed: std::collections::BTreeSet<String> = terms
                        .node_selector_terms
                        .iter()
                        .flat_map(|t| t.match_expressions.iter().flatten())
                        .filter(|e| e.key == "kubernetes.io/hostname" && e.operator == "In")
                        .flat_map(|e| e.values.iter().flatten().cloned())
                        .collect();
                    hosts = Some(match hosts {
                        None => allowed,
                        Some(h) => h.intersection(&allowed).cloned().collect(),
                    });
                }
            }
            None => {
                let class = pvc.spec.as_ref().and_then(|s| s.storage_class_name.clone());
                let wffc = class
                    .as_deref()
                    .and_then(|cl| c.get(Kind::StorageClass, "", cl))
                    .and_then(|o| o.as_storage_class().cloned())
                    .is_some_and(|sc| {
                        sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
                    });
                if wffc {
                    delayed.push(name);
                } else {
                    immediate_unbound = true;
                }
            }
        }
    }
    if immediate_unbound {
        return Err("pod has unbound immediate PersistentVolumeClaims".into());
    }
    Ok((hosts, delayed))
}

/// PreBind finished: the pod's claims are bound; bind the pod to the node it was assumed on.
fn prebind_done(sch: &mut Scheduler, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let Some(node) = sch.waiting_volumes.remove(key) else {
        return;
    };
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(obj) = c.get(Kind::Pod, ns, name) else {
        return;
    };
    bind(
        sch,
        c,
        cx,
        &obj,
        key,
        &node,
        PickWhy::Only {
            node: node.clone(),
            filtered_out: String::new(),
        },
        true,
    );
}

/// DefaultBinder: the pods/binding subresource sets spec.nodeName and the PodScheduled
/// condition in one write.
#[allow(clippy::too_many_arguments)]
fn bind(
    sch: &mut Scheduler,
    c: &mut Runtime,
    cx: &mut StepCtx,
    obj: &Object,
    key: &str,
    node: &str,
    why: PickWhy,
    after_volumes: bool,
) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    match c.api_bind(cx, &obj.key(), node) {
        Ok(_) => {
            sch.queue.remove(&key.to_string());
            let mut e = EventSpec::new(
                obj,
                "Normal",
                "Scheduled",
                format!("Successfully assigned {}/{} to {}", ns, name, node),
                "default-scheduler",
            );
            e.action = Some("Binding".into());
            e.series_api = true;
            cx.deferred_events.push(e);
            if after_volumes {
                cx.say(SchedulerWhy::VolumesBound {
                    pod: name.to_string(),
                    node: node.to_string(),
                });
            } else {
                cx.say(SchedulerWhy::Bound {
                    pod: name.to_string(),
                    node: node.to_string(),
                    why,
                });
            }
        }
        Err(err) => cx.say(SchedulerWhy::BindFailed {
            pod: name.to_string(),
            error: err.kubectl(),
        }),
    }
}

/// The label selector of the pod's owning ReplicaSet or StatefulSet (`helper.DefaultSelector`,
/// for the system-default topology spreading; Services' selectors are not added).
fn owner_selector(c: &Runtime, pod: &Object) -> Option<BTreeMap<String, String>> {
    let r = crate::podutil::controller_of(pod)?;
    match r.kind.as_str() {
        "ReplicaSet" => c
            .get(Kind::ReplicaSet, pod.namespace(), &r.name)?
            .as_replicaset()?
            .spec
            .as_ref()?
            .selector
            .match_labels
            .clone(),
        "StatefulSet" => c
            .get(Kind::StatefulSet, pod.namespace(), &r.name)?
            .as_statefulset()?
            .spec
            .as_ref()?
            .selector
            .match_labels
            .clone(),
        _ => None,
    }
}

/// `scheduleOne` for one pending pod.
fn schedule_one(sch: &mut Scheduler, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(obj) = c.get(Kind::Pod, ns, name) else {
        sch.queue.remove(&key.to_string());
        return;
    };
    let Some(pod) = obj.as_pod() else {
        return;
    };
    if node_name(pod).is_some() || pod.metadata.deletion_timestamp.is_some() {
        sch.queue.remove(&key.to_string());
        return;
    }
    if sch.waiting_volumes.contains_key(key) {
        return;
    }
    let sel = owner_selector(c, &obj);
    let (hosts, delayed) = match volume_prefilter(c, pod, ns) {
        Ok(v) => v,
        Err(m) => {
            // PreFilter rejects: the message once, nothing per node.
            let n = sch.cache.order.len();
            let msg = format!(
                "0/{n} nodes are available: {m}. preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."
            );
            let why = crate::scheduler::FitWhy {
                num_all_nodes: n as u32,
                node_reasons: vec![],
                preemption: None,
            };
            return unschedulable(sch, c, cx, &obj, key, msg, why);
        }
    };
    let result = crate::scheduler::schedule_pod_with_volumes(
        &sch.cache,
        pod,
        sel.as_ref(),
        &mut sch.rng,
        hosts,
    );
    match result {
        Ok(res) if !delayed.is_empty() => {
            // Reserve + PreBind: the claims get the chosen node; the pod waits (Pending, no
            // event) until they are bound, then is bound to that node.
            for cl in &delayed {
                if let Some(o) = c.get(Kind::PersistentVolumeClaim, ns, cl)
                    && let Some(pvc) = o.as_pvc()
                {
                    let mut n = pvc.clone();
                    n.metadata
                        .annotations
                        .get_or_insert_with(Default::default)
                        .insert(
                            "volume.kubernetes.io/selected-node".into(),
                            res.node.clone(),
                        );
                    let _ = c.api_update(cx, Object::from(n), false, false);
                }
            }
            sch.queue.remove(&key.to_string());
            sch.waiting_volumes
                .insert(key.to_string(), res.node.clone());
            cx.say(SchedulerWhy::WaitingForVolumes {
                pod: name.to_string(),
                node: res.node.clone(),
                claims: delayed.join(", "),
            });
            if delayed.iter().all(|cl| claim_bound(c, ns, cl)) {
                c.enqueue(c.work(OP_PREBIND, Key::Name(key.to_string())));
            }
        }
        Ok(res) => {
            bind(
                sch,
                c,
                cx,
                &obj,
                key,
                &res.node,
                res.explanation.clone(),
                false,
            );
        }
        Err(fit) => {
            let msg = fit.message();
            unschedulable(sch, c, cx, &obj, key, msg, fit.explanation());
        }
    }
}

/// No node fits: the pod goes to the unschedulable queue with its PodScheduled condition
/// and a FailedScheduling event.
fn unschedulable(
    sch: &mut Scheduler,
    c: &mut Runtime,
    cx: &mut StepCtx,
    obj: &Object,
    key: &str,
    msg: String,
    why: crate::scheduler::FitWhy,
) {
    let name = obj.name().to_string();
    let Some(pod) = obj.as_pod() else { return };
    {
        {
            let attempts = sch.queue.attempts(&key.to_string()) + 1;
            sch.queue
                .add_unschedulable(key.to_string(), attempts, c.now);
            let mut p = pod.clone();
            let st = p.status.get_or_insert_with(Default::default);
            let mut conds = st.conditions.clone().unwrap_or_default();
            let existing = conds.iter().find(|c| c.type_ == "PodScheduled").cloned();
            conds.retain(|c| c.type_ != "PodScheduled");
            conds.push(PodCondition {
                type_: "PodScheduled".into(),
                status: "False".into(),
                reason: Some("Unschedulable".into()),
                message: Some(msg.clone()),
                last_probe_time: None,
                last_transition_time: existing
                    .filter(|e| e.status == "False")
                    .and_then(|e| e.last_transition_time)
                    .or(Some(c.now.to_k8s())),
            });
            st.conditions = Some(conds);
            let _ = c.api_update_status(cx, Object::from(p));
            let e = EventSpec::new(obj, "Warning", "FailedScheduling", msg, "default-scheduler");
            c.record_event(cx, e);
            cx.say(SchedulerWhy::Unschedulable {
                pod: name.to_string(),
                why,
            });
            pump(sch, c);
        }
    }
}

/// What the scheduler did.
#[derive(Clone, Debug)]
pub enum SchedulerWhy {
    Bound {
        pod: String,
        node: String,
        why: PickWhy,
    },
    BindFailed {
        pod: String,
        error: String,
    },
    /// Reserve/PreBind of VolumeBinding: claims annotated with the node, pod waiting.
    WaitingForVolumes {
        pod: String,
        node: String,
        claims: String,
    },
    /// PreBind finished: the claims are bound, the pod is bound.
    VolumesBound {
        pod: String,
        node: String,
    },
    /// No node fits: the pod waits in the unschedulable queue.
    Unschedulable {
        pod: String,
        why: FitWhy,
    },
}

impl Explain for SchedulerWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            SchedulerWhy::Bound { pod, node, why } => w.pick(
                "bound pod {0} to {1}: {2}",
                "把 Pod {0} 绑定到 {1}：{2}",
                [&pod, &node, &w.nested(why)],
            ),
            SchedulerWhy::BindFailed { pod, error } => w.pick(
                "binding pod {0} failed: {1}",
                "绑定 Pod {0} 失败：{1}",
                [&pod, &error],
            ),
            SchedulerWhy::Unschedulable { pod, why } => w.pick(
                "pod {0} does not fit anywhere: {1}; it waits in the unschedulable queue until the cluster changes (or 5 minutes pass)",
                "Pod {0} 无处可放：{1}；它在不可调度队列中等待，直到集群发生变化（或过了 5 分钟）",
                [&pod, &w.nested(why)],
            ),
            SchedulerWhy::WaitingForVolumes { pod, node, claims } => w.pick(
                "pod {0} fits {1}, but its claims {2} wait for their first consumer: marked them with volume.kubernetes.io/selected-node={1} and holds the pod (VolumeBinding PreBind) until a volume is provisioned and bound there",
                "Pod {0} 可以放在 {1}，但它的存储卷声明 {2} 等待首个使用者：给它们标上 volume.kubernetes.io/selected-node={1}，并暂缓绑定 Pod（VolumeBinding PreBind），直到卷在该节点上制备并绑定",
                [&pod, &node, &claims],
            ),
            SchedulerWhy::VolumesBound { pod, node } => w.pick(
                "pod {0}'s claims are bound to volumes on {1}: bound the pod there",
                "Pod {0} 的存储卷声明已绑定到 {1} 上的卷：把 Pod 绑定到该节点",
                [&pod, &node],
            ),
        }
    }
}

#[cfg(test)]
mod why_tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::runtime::step::check_all;

    #[test]
    fn every_scheduler_explanation_renders_in_both_languages() {
        let picks = vec![
            PickWhy::Only {
                node: "n1".into(),
                filtered_out: String::new(),
            },
            PickWhy::Only {
                node: "n1".into(),
                filtered_out: "2 Insufficient cpu".into(),
            },
            PickWhy::Tied {
                node: "n1".into(),
                others: vec!["n2".into()],
                tied_with: 1,
                score: 262,
            },
            PickWhy::Tied {
                node: "n1".into(),
                others: vec![],
                tied_with: 4,
                score: 262,
            },
            PickWhy::Scored {
                node: "worker-2".into(),
                score: 270,
                runner_up: "worker-1".into(),
                runner_up_score: 262,
                differ: vec!["NodeResourcesFit 88 vs 80".into()],
                same: vec![
                    "TaintToleration 300".into(),
                    "NodeResourcesBalancedAllocation 98".into(),
                    "ImageLocality 0".into(),
                ],
                feasible: 2,
                evaluated: 3,
            },
        ];
        let fit = |n: u32, pre: bool| FitWhy {
            num_all_nodes: n,
            node_reasons: vec![("worker-1".into(), "Insufficient cpu".into())],
            preemption: pre.then(|| (2, "worker-1".to_string())),
        };
        let mut all: Vec<SchedulerWhy> = picks
            .into_iter()
            .map(|p| SchedulerWhy::Bound {
                pod: "web-1".into(),
                node: "worker-2".into(),
                why: p,
            })
            .collect();
        all.push(SchedulerWhy::BindFailed {
            pod: "web-1".into(),
            error: "Error from server (NotFound): pods \"web-1\" not found".into(),
        });
        for (n, pre) in [(0, false), (3, false), (3, true)] {
            all.push(SchedulerWhy::Unschedulable {
                pod: "big-1".into(),
                why: fit(n, pre),
            });
        }
        let index = |w: &SchedulerWhy| match w {
            SchedulerWhy::Bound { why, .. } => match why {
                PickWhy::Only { .. } => 0,
                PickWhy::Tied { .. } => 1,
                PickWhy::Scored { .. } => 2,
            },
            SchedulerWhy::BindFailed { .. } => 3,
            SchedulerWhy::Unschedulable { .. } => 4,
            SchedulerWhy::WaitingForVolumes { .. } => 5,
            SchedulerWhy::VolumesBound { .. } => 6,
        };
        let mut with_volumes = all.clone();
        with_volumes.push(SchedulerWhy::WaitingForVolumes {
            pod: "web-0".into(),
            node: "worker-1".into(),
            claims: "www-web-0".into(),
        });
        with_volumes.push(SchedulerWhy::VolumesBound {
            pod: "web-0".into(),
            node: "worker-1".into(),
        });
        check_all(&with_volumes, index, 7);
        assert_eq!(
            all[4].zh(),
            "把 Pod web-1 绑定到 worker-2：选择了 worker-2（得分 270，worker-1 为 262：NodeResourcesFit 88 vs 80；两者的 TaintToleration 300, NodeResourcesBalancedAllocation 98 和 ImageLocality 0 相同；检查的 3 个节点中有 2 个通过了过滤）"
        );
        assert_eq!(
            all[4].en(),
            "bound pod web-1 to worker-2: picked worker-2 (score 270 vs worker-1 262: NodeResourcesFit 88 vs 80; TaintToleration 300, NodeResourcesBalancedAllocation 98 and ImageLocality 0 on both; 2 of 3 nodes checked passed the filters)"
        );
        assert!(
            all[8]
                .en()
                .contains("(worker-1: Insufficient cpu; and 2 more)")
        );
        assert!(
            all[8]
                .zh()
                .contains("（worker-1: Insufficient cpu；以及另外 2 个节点）")
        );
    }
}

//! kube-scheduler wiring: keeps the scheduler cache and scheduling queue current from the
//! watch stream, and binds one pod per step (`scheduleOne`). The framework and plugins
//! live in [`crate::scheduler`].

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Pod, PodCondition};

use crate::events::EventSpec;
use crate::object::{Kind, Object};
use crate::rng::{SimRng, Stream};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::StepCtx;
use crate::scheduler::{SchedulerCache, SchedulingQueue};
use crate::store::{WatchEvent, WatchType};

/// kube-scheduler's state: its cache of nodes and bound pods, its queue of pending pods,
/// and its random stream (tie-breaks).
#[derive(Clone, Debug)]
pub struct Scheduler {
    pub cache: SchedulerCache,
    pub queue: SchedulingQueue<String>,
    pub(crate) rng: SimRng,
}

impl Scheduler {
    /// A scheduler drawing from `seed`'s scheduler stream.
    pub fn new(seed: u64) -> Scheduler {
        Scheduler {
            cache: Default::default(),
            queue: Default::default(),
            rng: SimRng::new(seed, Stream::Scheduler),
        }
    }
}

/// The scheduler's queues.
const OP_SCHEDULE: u8 = 0;
const OP_FLUSH: u8 = 1;

impl Controller for Scheduler {
    fn name(&self) -> &'static str {
        "default-scheduler"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Pod | Kind::Node)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        match ev.obj.kind() {
            Kind::Node => on_node_event(self, c, ev),
            _ => on_pod_event(self, c, ev),
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        match op {
            OP_SCHEDULE => schedule_one(self, c, cx, key.name()),
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

/// The labels selector of the pod's owning ReplicaSet (for topology spreading).
fn owner_selector(c: &Runtime, pod: &Object) -> Option<BTreeMap<String, String>> {
    let r = crate::podutil::controller_of(pod)?;
    if r.kind != "ReplicaSet" {
        return None;
    }
    let rs = c.get(Kind::ReplicaSet, pod.namespace(), &r.name)?;
    rs.as_replicaset()?
        .spec
        .as_ref()?
        .selector
        .match_labels
        .clone()
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
    let sel = owner_selector(c, &obj);
    let result = crate::scheduler::schedule_pod(&sch.cache, pod, sel.as_ref(), &mut sch.rng);
    match result {
        Ok(res) => {
            // Bind (DefaultBinder): the pods/binding subresource sets spec.nodeName and the
            // PodScheduled condition in one write.
            match c.api_bind(cx, &obj.key(), &res.node) {
                Ok(_) => {
                    sch.queue.remove(&key.to_string());
                    let mut e = EventSpec::new(
                        &obj,
                        "Normal",
                        "Scheduled",
                        format!("Successfully assigned {}/{} to {}", ns, name, res.node),
                        "default-scheduler",
                    );
                    e.action = Some("Binding".into());
                    e.series_api = true;
                    cx.deferred_events.push(e);
                    cx.say(format!(
                        "bound pod {} to {}: {}",
                        name, res.node, res.explanation
                    ));
                }
                Err(err) => cx.say(format!("binding pod {} failed: {}", name, err.kubectl())),
            }
        }
        Err(fit) => {
            let msg = fit.message();
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
            let e = EventSpec::new(
                &obj,
                "Warning",
                "FailedScheduling",
                msg,
                "default-scheduler",
            );
            c.record_event(cx, e);
            cx.say(format!(
                "pod {} does not fit anywhere: {}; it waits in the unschedulable queue until the cluster changes (or 5 minutes pass)",
                name,
                fit.explanation()
            ));
            pump(sch, c);
        }
    }
}

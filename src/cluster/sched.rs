//! kube-scheduler wiring: keeps the scheduler cache and scheduling queue current from the
//! watch stream, and binds one pod per step (`scheduleOne`). The framework and plugins
//! live in [`crate::scheduler`].

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Pod, PodCondition};

use super::{Cluster, StepCtx, Work};
use crate::events::EventSpec;
use crate::object::{Kind, Object};
use crate::scheduler::{SchedulerCache, SchedulingQueue};
use crate::store::{WatchEvent, WatchType};

/// The scheduler's state: its cache of nodes and bound pods, and its queue of pending pods.
#[derive(Clone, Debug, Default)]
pub struct SchedulerComponent {
    pub cache: SchedulerCache,
    pub queue: SchedulingQueue<String>,
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
pub(crate) fn pump(c: &mut Cluster) {
    let now = c.now;
    c.sched.queue.flush(now);
    while let Some(k) = c.sched.queue.pop(now) {
        c.enqueue(Work::Schedule(k));
    }
    if let Some(t) = c.sched.queue.next_wakeup() {
        let (_, backoff, _) = c.sched.queue.lens();
        // Retries after back-off are real work; the 5-minute re-check of unschedulable
        // pods is routine (it only bumps the FailedScheduling count).
        c.add_timer(t, Work::SchedulerQueue, backoff == 0);
    }
}

pub(crate) fn on_node_event(c: &mut Cluster, ev: &WatchEvent) {
    let Some(node) = ev.obj.as_node() else { return };
    match ev.ty {
        WatchType::Added => c.sched.cache.add_node(node),
        WatchType::Modified => c.sched.cache.update_node(node),
        WatchType::Deleted => c
            .sched
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
        c.sched
            .cache
            .set_node_images(node.metadata.name.as_deref().unwrap_or(""), list);
    }
    c.sched.queue.on_cluster_change(c.now);
    pump(c);
}

pub(crate) fn on_pod_event(c: &mut Cluster, ev: &WatchEvent) {
    let Some(pod) = ev.obj.as_pod() else { return };
    let key = ev.obj.key().ns_name();
    let old = ev.old.as_deref().and_then(Object::as_pod);
    let old_bound = old.is_some_and(|o| node_name(o).is_some());
    match ev.ty {
        WatchType::Deleted => {
            if let Some(o) = old.filter(|o| node_name(o).is_some()) {
                c.sched.cache.remove_pod(o);
                c.sched.queue.on_cluster_change(c.now);
            }
            c.sched.queue.remove(&key);
        }
        _ => {
            if node_name(pod).is_some() {
                match old {
                    Some(o) if old_bound => c.sched.cache.update_pod(o, pod),
                    _ => c.sched.cache.add_pod(pod),
                }
                c.sched.queue.remove(&key);
            } else if is_ours(pod) && pod.metadata.deletion_timestamp.is_none() {
                if ev.ty == WatchType::Added {
                    c.sched.queue.add(key, c.now);
                } else if old
                    .is_some_and(|o| o.spec != pod.spec || o.metadata.labels != pod.metadata.labels)
                {
                    c.sched.queue.update(key, c.now);
                }
            } else {
                c.sched.queue.remove(&key);
            }
        }
    }
    pump(c);
}

/// The labels selector of the pod's owning ReplicaSet (for topology spreading).
fn owner_selector(c: &Cluster, pod: &Object) -> Option<BTreeMap<String, String>> {
    let r = super::informer::controller_of(pod)?;
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
pub(crate) fn schedule_one(c: &mut Cluster, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(obj) = c.get(Kind::Pod, ns, name) else {
        c.sched.queue.remove(&key.to_string());
        return;
    };
    let Some(pod) = obj.as_pod() else {
        return;
    };
    if node_name(pod).is_some() || pod.metadata.deletion_timestamp.is_some() {
        c.sched.queue.remove(&key.to_string());
        return;
    }
    let sel = owner_selector(c, &obj);
    let result =
        crate::scheduler::schedule_pod(&c.sched.cache, pod, sel.as_ref(), &mut c.rng_sched);
    match result {
        Ok(res) => {
            // Bind (DefaultBinder): the pods/binding subresource sets spec.nodeName and the
            // PodScheduled condition in one write.
            match c.api_bind(cx, &obj.key(), &res.node) {
                Ok(_) => {
                    c.sched.queue.remove(&key.to_string());
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
            let attempts = c.sched.queue.attempts(&key.to_string()) + 1;
            c.sched
                .queue
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
            crate::events::write(c, cx, e);
            cx.say(format!(
                "pod {} does not fit anywhere: {}; it waits in the unschedulable queue until the cluster changes (or 5 minutes pass)",
                name,
                fit.explanation()
            ));
            pump(c);
        }
    }
}

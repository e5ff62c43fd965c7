//! node-controller: kube-controller-manager's node lifecycle controller, v1.32
//! (`pkg/controller/nodelifecycle/node_lifecycle_controller.go`).
//!
//! - Every `--node-monitor-period` (5s) a pass over all nodes (`monitorNodeHealth`): a node
//!   whose Lease was not renewed and whose Ready heartbeat did not change for
//!   `--node-monitor-grace-period` (50s in v1.32) gets its conditions set to `Unknown`
//!   (`tryUpdateNodeHealth`), a `NodeNotReady` event, and its pods' Ready condition set to
//!   False (`MarkPodsNotReady`). The pass after that queues the node for the NoExecute taint
//!   `node.kubernetes.io/unreachable` (or `…/not-ready` for Ready=False), which a per-zone
//!   rate limiter lets through (`doNoExecuteTaintingPass`); a Ready node loses those taints
//!   (`markNodeAsReachable`).
//! - On every node change, taint-by-condition (`doNoScheduleTaintingPass`) keeps the
//!   NoSchedule taints that mirror the conditions and `spec.unschedulable` in step.
//!
//! Approximations: the NoExecute tainting pass runs at the end of
//! each monitor pass instead of every 100ms; the zone rate limiter (0.1 nodes/s, burst 1)
//! is a "one node per 10s" gate; `RegisteredNode` events are not recorded (they would
//! appear in every transcript); pods bound to a node that is already not ready are marked
//! not ready only by the next Ready→NotReady transition (upstream `processPod` does it at once).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Node, NodeCondition, ObjectReference, Taint};

use crate::events::EventSpec;
use crate::lang::{Lang, plural};
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::{Millis, SimTime};

/// Event source component of the node lifecycle controller.
pub const COMPONENT: &str = "node-controller";
/// `--node-monitor-period`.
pub const MONITOR_PERIOD: Millis = 5_000;
/// `--node-monitor-grace-period` (50s since v1.32).
pub const MONITOR_GRACE: Millis = 50_000;
/// `--node-startup-grace-period`.
pub const STARTUP_GRACE: Millis = 60_000;
/// `v1.TaintNodeUnreachable`.
pub const TAINT_UNREACHABLE: &str = "node.kubernetes.io/unreachable";
/// `v1.TaintNodeNotReady`.
pub const TAINT_NOT_READY: &str = "node.kubernetes.io/not-ready";
/// `v1.TaintNodeUnschedulable`.
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// `--node-eviction-rate` 0.1 nodes/s, burst 1: one node per 10s per zone.
const EVICTION_INTERVAL: Millis = 10_000;
/// `--secondary-node-eviction-rate` 0.01 nodes/s.
const SECONDARY_EVICTION_INTERVAL: Millis = 100_000;
/// `--large-cluster-size-threshold`.
const LARGE_CLUSTER_THRESHOLD: u32 = 50;
/// `--unhealthy-zone-threshold`.
const UNHEALTHY_ZONE_THRESHOLD: f64 = 0.55;
/// Nodes with this label are left out of the zone disruption computation.
const LABEL_EXCLUDE_DISRUPTION: &str = "node.kubernetes.io/exclude-disruption";

/// The conditions the controller sets to Unknown (not NetworkUnavailable).
const MONITORED_CONDITIONS: [&str; 4] = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

/// What the controller remembers about one node (`nodeHealthData`).
#[derive(Clone, Debug, PartialEq)]
pub struct NodeHealth {
    /// When the controller last saw a heartbeat (a new Lease renewTime or Ready heartbeat).
    pub probe: SimTime,
    /// When the controller saw the Ready condition transition.
    pub ready_transition: SimTime,
    /// The Ready condition as last seen.
    pub saved_ready: Option<NodeCondition>,
    /// The Lease renewTime as last seen.
    pub lease: Option<SimTime>,
}

/// Disruption state of a zone (`ZoneState`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ZoneState {
    #[default]
    Initial,
    Normal,
    PartialDisruption,
    FullDisruption,
}

/// A zone's NoExecute tainting queue and rate limiter (`zoneNoExecuteTainter`).
#[derive(Clone, Debug)]
struct Zone {
    state: ZoneState,
    /// Minimum time between two taintings; None stops tainting (rate 0).
    interval: Option<Millis>,
    last_taint: Option<SimTime>,
    /// Nodes waiting for their NoExecute taint, oldest first.
    queue: Vec<String>,
    /// Nodes queued or already tainted (`UniqueQueue`'s set: a tainted node is not queued
    /// again until it is removed by `markNodeAsReachable`).
    set: BTreeSet<String>,
}

impl Default for Zone {
    fn default() -> Zone {
        Zone {
            state: ZoneState::Initial,
            interval: Some(EVICTION_INTERVAL),
            last_taint: None,
            queue: vec![],
            set: BTreeSet::new(),
        }
    }
}

impl Zone {
    fn add(&mut self, node: &str) {
        if self.set.insert(node.to_string()) {
            self.queue.push(node.to_string());
        }
    }

    fn remove(&mut self, node: &str) -> bool {
        self.queue.retain(|n| n != node);
        self.set.remove(node)
    }
}

/// The node lifecycle controller's state.
#[derive(Clone, Debug, Default)]
pub struct NodeLifecycleController {
    health: BTreeMap<String, NodeHealth>,
    known: BTreeSet<String>,
    zones: BTreeMap<String, Zone>,
    /// When the next monitor pass is due (None until the first node is seen).
    next_pass: Option<SimTime>,
}

/// Result of [`try_update_node_health`].
#[derive(Clone, Debug, PartialEq)]
pub struct HealthUpdate {
    pub health: NodeHealth,
    /// Status of the Ready condition before this pass (`Unknown` when missing).
    pub observed_ready: String,
    /// Status of the Ready condition after this pass (None: never posted, still in the
    /// startup grace period).
    pub current_ready: Option<String>,
    /// The node's new conditions, when the controller must write them.
    pub new_conditions: Option<Vec<NodeCondition>>,
    /// The grace period that applied.
    pub grace: Millis,
}

fn time_of(t: &Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>) -> Option<SimTime> {
    t.as_ref().map(SimTime::from_k8s)
}

/// `tryUpdateNodeHealth`: track the heartbeats of one node and, when none was seen for the
/// grace period, compute its conditions set to Unknown.
pub fn try_update_node_health(
    prev: Option<&NodeHealth>,
    node: &Node,
    lease_renew: Option<SimTime>,
    now: SimTime,
) -> HealthUpdate {
    let created = time_of(&node.metadata.creation_timestamp).unwrap_or_default();
    let conds: &[NodeCondition] = node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or(&[]);
    let current = conds.iter().find(|c| c.type_ == "Ready");
    let (observed, grace) = match current {
        Some(c) => (c.clone(), MONITOR_GRACE),
        None => (
            NodeCondition {
                type_: "Ready".into(),
                status: "Unknown".into(),
                last_heartbeat_time: node.metadata.creation_timestamp.clone(),
                last_transition_time: node.metadata.creation_timestamp.clone(),
                ..Default::default()
            },
            STARTUP_GRACE,
        ),
    };
    let saved_lease = prev.and_then(|h| h.lease);
    let saved = prev.and_then(|h| h.saved_ready.as_ref());
    let fresh = || NodeHealth {
        probe: now,
        ready_transition: now,
        saved_ready: current.cloned(),
        lease: None,
    };
    let mut health = match (prev, saved, current) {
        (None, _, None) => NodeHealth {
            probe: created,
            ready_transition: created,
            saved_ready: None,
            lease: None,
        },
        (Some(h), _, None) => NodeHealth {
            saved_ready: None,
            ..h.clone()
        },
        (None, _, Some(_)) | (Some(_), None, Some(_)) => fresh(),
        (Some(h), Some(s), Some(c)) if s.last_heartbeat_time != c.last_heartbeat_time => {
            // The Ready condition changed since the last look: transition "now" if it did.
            let t = if s.last_transition_time != c.last_transition_time {
                now
            } else {
                h.ready_transition
            };
            NodeHealth {
                probe: now,
                ready_transition: t,
                saved_ready: Some(c.clone()),
                lease: None,
            }
        }
        (Some(h), _, _) => h.clone(),
    };
    // Always update the probe time if the node Lease was renewed.
    if let Some(lr) = lease_renew
        && saved_lease.is_none_or(|s| s < lr)
    {
        health.lease = Some(lr);
        health.probe = now;
    }
    let mut out = HealthUpdate {
        current_ready: current.map(|c| c.status.clone()),
        observed_ready: observed.status.clone(),
        new_conditions: None,
        grace,
        health,
    };
    if now > out.health.probe.plus(grace) {
        let mut conds = conds.to_vec();
        for ty in MONITORED_CONDITIONS {
            match conds.iter_mut().find(|c| c.type_ == ty) {
                None => conds.push(NodeCondition {
                    type_: ty.into(),
                    status: "Unknown".into(),
                    reason: Some("NodeStatusNeverUpdated".into()),
                    message: Some("Kubelet never posted node status.".into()),
                    last_heartbeat_time: node.metadata.creation_timestamp.clone(),
                    last_transition_time: Some(now.to_k8s()),
                }),
                Some(c) if c.status != "Unknown" => {
                    c.status = "Unknown".into();
                    c.reason = Some("NodeStatusUnknown".into());
                    c.message = Some("Kubelet stopped posting node status.".into());
                    c.last_transition_time = Some(now.to_k8s());
                }
                Some(_) => {}
            }
        }
        let cur = conds.iter().find(|c| c.type_ == "Ready").cloned();
        out.current_ready = cur.as_ref().map(|c| c.status.clone());
        if cur.as_ref() != Some(&observed) {
            out.health = NodeHealth {
                probe: out.health.probe,
                ready_transition: now,
                saved_ready: cur,
                lease: lease_renew,
            };
            out.new_conditions = Some(conds);
        }
    }
    out
}

/// `ComputeZoneState`: (not-ready count, state) from the Ready statuses of a zone's nodes.
pub fn compute_zone_state(ready: u32, not_ready: u32) -> (u32, ZoneState) {
    let state = if ready == 0 && not_ready > 0 {
        ZoneState::FullDisruption
    } else if not_ready > 2
        && f64::from(not_ready) / f64::from(not_ready + ready) >= UNHEALTHY_ZONE_THRESHOLD
    {
        ZoneState::PartialDisruption
    } else {
        ZoneState::Normal
    };
    (not_ready, state)
}

/// The tainting interval for a zone in `state` with `size` nodes (`setLimiterInZone`,
/// `ReducedQPSFunc`, `HealthyQPSFunc`); None means no tainting.
fn zone_interval(state: ZoneState, size: u32) -> Option<Millis> {
    match state {
        ZoneState::PartialDisruption if size > LARGE_CLUSTER_THRESHOLD => {
            Some(SECONDARY_EVICTION_INTERVAL)
        }
        ZoneState::PartialDisruption => None,
        _ => Some(EVICTION_INTERVAL),
    }
}

/// `nodetopology.GetZoneKey`: region and zone labels, "" when neither is set.
pub fn zone_key(node: &Node) -> String {
    let labels = node.metadata.labels.as_ref();
    let get = |a: &str, b: &str| {
        labels
            .and_then(|l| l.get(a).or_else(|| l.get(b)))
            .cloned()
            .unwrap_or_default()
    };
    let region = get(
        "topology.kubernetes.io/region",
        "failure-domain.beta.kubernetes.io/region",
    );
    let zone = get(
        "topology.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/zone",
    );
    if region.is_empty() && zone.is_empty() {
        String::new()
    } else {
        format!("{}:\x00:{}", region, zone)
    }
}

fn ready_status(node: &Node) -> Option<&str> {
    node.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status.as_str())
}

fn taints(node: &Node) -> &[Taint] {
    node.spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or(&[])
}

fn has_taint(node: &Node, key: &str, effect: &str) -> bool {
    taints(node)
        .iter()
        .any(|t| t.key == key && t.effect == effect)
}

fn taint(key: &str, effect: &str) -> Taint {
    Taint {
        key: key.into(),
        effect: effect.into(),
        value: None,
        time_added: None,
    }
}

/// `key:Effect`, as kubectl prints a taint.
pub fn taint_text(t: &Taint) -> String {
    match t.value.as_deref().filter(|v| !v.is_empty()) {
        Some(v) => format!("{}={}:{}", t.key, v, t.effect),
        None => format!("{}:{}", t.key, t.effect),
    }
}

fn get_node(c: &Runtime, name: &str) -> Option<Arc<Object>> {
    c.get(Kind::Node, "", name)
        .filter(|o| matches!(**o, Object::Node(_)))
}

/// `SwapNodeControllerTaint`: add `add` (each stamped with timeAdded now, replacing a taint
/// with the same key and effect) and remove taints matching `remove` by key and effect.
/// Returns whether the node changed.
fn swap_taints(
    c: &mut Runtime,
    cx: &mut StepCtx,
    name: &str,
    add: &[Taint],
    remove: &[Taint],
) -> bool {
    let Some(obj) = get_node(c, name) else {
        return false;
    };
    let Object::Node(node) = &*obj else {
        return false;
    };
    let mut node = node.clone();
    let now = c.now.to_k8s();
    let spec = node.spec.get_or_insert_with(Default::default);
    let mut list = spec.taints.take().unwrap_or_default();
    let before = list.clone();
    for t in add {
        let mut t = t.clone();
        t.time_added = Some(now.clone());
        match list
            .iter_mut()
            .find(|x| x.key == t.key && x.effect == t.effect)
        {
            Some(x) => *x = t,
            None => list.push(t),
        }
    }
    list.retain(|x| {
        !remove
            .iter()
            .any(|r| r.key == x.key && r.effect == x.effect)
    });
    if list == before {
        spec.taints = Some(before).filter(|l| !l.is_empty());
        return false;
    }
    spec.taints = if list.is_empty() { None } else { Some(list) };
    c.api_update(cx, Object::from(node), false, false).is_ok()
}

/// The reference a kubelet uses for events about its node (`kl.nodeRef`: the UID is the
/// node's name; `kubectl describe node` looks events up under both).
pub fn kubelet_node_ref(name: &str) -> ObjectReference {
    ObjectReference {
        kind: Some("Node".into()),
        name: Some(name.into()),
        uid: Some(name.into()),
        ..Default::default()
    }
}

fn node_ref(node: &Node) -> ObjectReference {
    ObjectReference {
        api_version: Some("v1".into()),
        kind: Some("Node".into()),
        name: node.metadata.name.clone(),
        uid: node.metadata.uid.clone(),
        ..Default::default()
    }
}

/// The node lifecycle controller's queues.
const OP_MONITOR: u8 = 0;
const OP_CONDITION_TAINTS: u8 = 1;

impl Controller for NodeLifecycleController {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        COMPONENT
    }

    fn watches(&self, kind: Kind) -> bool {
        kind == Kind::Node
    }

    /// Node informer handler: arm the monitor on the first node, and run
    /// taint-by-condition on every node add and update (`nodeUpdateQueue`).
    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if self.next_pass.is_none() {
            let now = c.now;
            self.next_pass = Some(now);
            c.add_timer(now, c.work(OP_MONITOR, Key::None), true);
        }
        if ev.ty != WatchType::Deleted {
            c.enqueue(c.work(OP_CONDITION_TAINTS, Key::Name(ev.obj.name().to_string())));
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        match op {
            OP_MONITOR => monitor(self, c, cx),
            _ => condition_taints(c, cx, key.name()),
        }
    }
}

impl NodeLifecycleController {
    /// A kubelet stopped: make the next monitor pass count for `settle`, so that it runs
    /// through the grace period, the taints and the evictions. Call with the runtime's
    /// active controller set to this one.
    pub(crate) fn wake(&mut self, c: &mut Runtime) {
        if let Some(t) = self.next_pass {
            let w = c.work(OP_MONITOR, Key::None);
            c.cancel_timer(&w);
            c.add_timer(t, w, false);
        }
    }
}

/// The NoSchedule taint mirroring a condition (`nodeConditionToTaintKeyStatusMap`).
fn condition_taint_key(ty: &str, status: &str) -> Option<&'static str> {
    Some(match (ty, status) {
        ("Ready", "False") => TAINT_NOT_READY,
        ("Ready", "Unknown") => TAINT_UNREACHABLE,
        ("MemoryPressure", "True") => "node.kubernetes.io/memory-pressure",
        ("DiskPressure", "True") => "node.kubernetes.io/disk-pressure",
        ("NetworkUnavailable", "True") => "node.kubernetes.io/network-unavailable",
        ("PIDPressure", "True") => "node.kubernetes.io/pid-pressure",
        _ => return None,
    })
}

const CONDITION_TAINT_KEYS: [&str; 6] = [
    TAINT_NOT_READY,
    TAINT_UNREACHABLE,
    "node.kubernetes.io/memory-pressure",
    "node.kubernetes.io/disk-pressure",
    "node.kubernetes.io/network-unavailable",
    "node.kubernetes.io/pid-pressure",
];

/// Why a node needs a NoSchedule taint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaintCause {
    /// A condition with this status (`nodeConditionToTaintKeyStatusMap`).
    Condition { ty: String, status: String },
    /// `spec.unschedulable` (cordon).
    Cordoned,
}

/// The NoSchedule taints a node's conditions and cordon call for, with why.
pub fn desired_noschedule_taints(node: &Node) -> Vec<(Taint, TaintCause)> {
    let mut out = vec![];
    for cnd in node
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or(&[])
    {
        if let Some(k) = condition_taint_key(&cnd.type_, &cnd.status) {
            out.push((
                taint(k, "NoSchedule"),
                TaintCause::Condition {
                    ty: cnd.type_.clone(),
                    status: cnd.status.clone(),
                },
            ));
        }
    }
    if node.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        out.push((
            taint(TAINT_UNSCHEDULABLE, "NoSchedule"),
            TaintCause::Cordoned,
        ));
    }
    out
}

/// `doNoScheduleTaintingPass` for one node: keep the condition and cordon NoSchedule taints
/// in step with the node.
fn condition_taints(c: &mut Runtime, cx: &mut StepCtx, name: &str) {
    let Some(obj) = get_node(c, name) else {
        return;
    };
    let Some(node) = obj.as_node() else { return };
    let desired = desired_noschedule_taints(node);
    let existing: Vec<&Taint> = taints(node)
        .iter()
        .filter(|t| {
            t.effect == "NoSchedule"
                && (t.key == TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.contains(&t.key.as_str()))
        })
        .collect();
    let add: Vec<(Taint, TaintCause)> = desired
        .into_iter()
        .filter(|(d, _)| {
            !existing
                .iter()
                .any(|e| e.key == d.key && e.effect == d.effect)
        })
        .collect();
    let del: Vec<Taint> = existing
        .iter()
        .filter(|e| {
            !desired_noschedule_taints(node)
                .iter()
                .any(|(d, _)| e.key == d.key && e.effect == d.effect)
        })
        .map(|t| (*t).clone())
        .collect();
    if add.is_empty() && del.is_empty() {
        return;
    }
    let add_taints: Vec<Taint> = add.iter().map(|(t, _)| t.clone()).collect();
    if swap_taints(c, cx, name, &add_taints, &del) {
        for (t, why) in &add {
            cx.say(NodeLifecycleWhy::TaintAdded {
                node: name.to_string(),
                cause: why.clone(),
                taint: taint_text(t),
            });
        }
        for t in &del {
            cx.say(NodeLifecycleWhy::TaintRemoved {
                node: name.to_string(),
                taint: taint_text(t),
            });
        }
        if !add.is_empty() {
            cx.say(NodeLifecycleWhy::NoNewPods);
        }
    }
}

/// `MarkPodsNotReady`: set the Ready condition of the pods bound to `node` to False, each
/// with a `NodeNotReady` Warning event. Returns how many pods changed.
fn mark_pods_not_ready(c: &mut Runtime, cx: &mut StepCtx, node: &str) -> u32 {
    let keys: Vec<ObjKey> = c
        .idx
        .pods_by_node
        .get(node)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default();
    let now = c.now;
    let mut n = 0;
    for k in keys {
        let Some(obj) = c.store.get_obj(&k).cloned() else {
            continue;
        };
        let Some(pod) = obj.as_pod() else { continue };
        if pod.spec.as_ref().and_then(|s| s.node_name.as_deref()) != Some(node) {
            continue;
        }
        let mut p = pod.clone();
        let Some(cond) = p
            .status
            .as_mut()
            .and_then(|s| s.conditions.as_mut())
            .and_then(|cs| cs.iter_mut().find(|c| c.type_ == "Ready"))
        else {
            continue;
        };
        // UpdatePodCondition: no change, no write and no event.
        if cond.status == "False" {
            continue;
        }
        cond.status = "False".into();
        cond.last_transition_time = Some(now.to_k8s());
        if c.api_update_status(cx, Object::from(p)).is_ok() {
            n += 1;
            cx.deferred_events.push(EventSpec::new(
                &obj,
                "Warning",
                "NodeNotReady",
                "Node is not ready".into(),
                COMPONENT,
            ));
        }
    }
    n
}

/// `markNodeAsReachable`: remove the NoExecute unreachable/not-ready taints and take the node
/// out of its zone's tainting queue. Returns whether a taint was removed.
fn mark_reachable(
    nl: &mut NodeLifecycleController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    name: &str,
    zone: &str,
) -> Vec<String> {
    let present: Vec<String> = get_node(c, name)
        .and_then(|o| o.as_node().map(|n| taints(n).to_vec()))
        .unwrap_or_default()
        .iter()
        .filter(|t| {
            t.effect == "NoExecute" && (t.key == TAINT_UNREACHABLE || t.key == TAINT_NOT_READY)
        })
        .map(taint_text)
        .collect();
    let removed = !present.is_empty()
        && swap_taints(
            c,
            cx,
            name,
            &[],
            &[
                taint(TAINT_UNREACHABLE, "NoExecute"),
                taint(TAINT_NOT_READY, "NoExecute"),
            ],
        );
    if let Some(z) = nl.zones.get_mut(zone) {
        z.remove(name);
    }
    if removed { present } else { vec![] }
}

/// `processTaintBaseEviction`, acting on the Ready status observed before this pass.
fn process_taint_base_eviction(
    nl: &mut NodeLifecycleController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    name: &str,
    observed: &str,
) {
    let Some(obj) = get_node(c, name) else { return };
    let Some(node) = obj.as_node() else { return };
    let zone = zone_key(node);
    let (want, opposite) = match observed {
        "False" => (TAINT_NOT_READY, TAINT_UNREACHABLE),
        "Unknown" => (TAINT_UNREACHABLE, TAINT_NOT_READY),
        "True" => {
            let removed = mark_reachable(nl, c, cx, name, &zone);
            if !removed.is_empty() {
                cx.say(NodeLifecycleWhy::ReadyAgain {
                    node: name.to_string(),
                    taints: removed.clone(),
                });
            }
            return;
        }
        _ => return,
    };
    if has_taint(node, opposite, "NoExecute") {
        // Swap straight away: unreachable and not-ready are mutually exclusive.
        if swap_taints(
            c,
            cx,
            name,
            &[taint(want, "NoExecute")],
            &[taint(opposite, "NoExecute")],
        ) {
            cx.say(NodeLifecycleWhy::TaintSwapped {
                node: name.to_string(),
                ready: observed.to_string(),
                from: opposite.to_string(),
                to: want.to_string(),
            });
        }
        return;
    }
    let has_want = has_taint(node, want, "NoExecute");
    let z = nl.zones.entry(zone).or_default();
    if !has_want {
        z.remove(name);
    }
    z.add(name);
}

/// `doNoExecuteTaintingPass`: let queued nodes through each zone's rate limiter and taint them.
fn no_execute_tainting_pass(nl: &mut NodeLifecycleController, c: &mut Runtime, cx: &mut StepCtx) {
    let now = c.now;
    let zones: Vec<String> = nl.zones.keys().cloned().collect();
    for zk in zones {
        while let Some(z) = nl.zones.get_mut(&zk) {
            let Some(name) = z.queue.first().cloned() else {
                break;
            };
            let Some(interval) = z.interval else { break };
            if z.last_taint.is_some_and(|l| now < l.plus(interval)) {
                break;
            }
            z.last_taint = Some(now);
            let Some(obj) = get_node(c, &name) else {
                if let Some(z) = nl.zones.get_mut(&zk) {
                    z.queue.remove(0);
                }
                continue;
            };
            let Some(node) = obj.as_node() else { break };
            let (want, opposite) = match ready_status(node) {
                Some("False") => (TAINT_NOT_READY, TAINT_UNREACHABLE),
                Some("Unknown") => (TAINT_UNREACHABLE, TAINT_NOT_READY),
                Some(_) => ("", ""),
                // No Ready condition: retry later.
                None => break,
            };
            if !want.is_empty()
                && swap_taints(
                    c,
                    cx,
                    &name,
                    &[taint(want, "NoExecute")],
                    &[taint(opposite, "NoExecute")],
                )
            {
                cx.say(NodeLifecycleWhy::NoExecuteTainted {
                    node: name.clone(),
                    ready: ready_status(node).unwrap_or("").to_string(),
                    taint: want.to_string(),
                    interval_s: interval / 1000,
                });
            }
            if let Some(z) = nl.zones.get_mut(&zk) {
                // RemoveFromQueue: out of the queue, but still in the set.
                z.queue.retain(|n| n != &name);
            }
        }
    }
}

/// `handleDisruption`: per-zone states from the Ready statuses, and what they mean for the
/// tainting rate; when every zone is fully disrupted, stop evicting altogether.
fn handle_disruption(
    nl: &mut NodeLifecycleController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    zone_counts: &BTreeMap<String, (u32, u32)>,
    nodes: &[Arc<Object>],
) {
    let now = c.now;
    let mut new_states = BTreeMap::new();
    let mut all_full = true;
    for (k, (ready, not_ready)) in zone_counts {
        let (_, st) = compute_zone_state(*ready, *not_ready);
        if st != ZoneState::FullDisruption {
            all_full = false;
        }
        new_states.insert(k.clone(), st);
        nl.zones.entry(k.clone()).or_default();
    }
    let all_was_full = nl
        .zones
        .iter()
        .filter(|(k, _)| zone_counts.contains_key(*k))
        .all(|(_, z)| z.state == ZoneState::FullDisruption);
    if all_full && all_was_full {
        return;
    }
    if all_full {
        // Entering master disruption mode: every node looks down, more likely the control
        // plane lost the network than all nodes died. Untaint everything, evict nothing.
        for n in nodes {
            if let Some(node) = n.as_node() {
                let name = n.name().to_string();
                mark_reachable(nl, c, cx, &name, &zone_key(node));
            }
        }
        for z in nl.zones.values_mut() {
            z.interval = None;
            z.state = ZoneState::FullDisruption;
        }
        cx.say(NodeLifecycleWhy::FullDisruption);
        return;
    }
    if all_was_full {
        // Exiting disruption mode: give every node a fresh grace period.
        for h in nl.health.values_mut() {
            h.probe = now;
            h.ready_transition = now;
        }
    }
    for (k, st) in new_states {
        let size = zone_counts.get(&k).map(|(r, n)| r + n).unwrap_or(0);
        if let Some(z) = nl.zones.get_mut(&k)
            && (z.state != st || all_was_full)
        {
            z.interval = zone_interval(st, size);
            z.state = st;
        }
    }
}

/// One `monitorNodeHealth` pass over all nodes, then the NoExecute tainting pass.
fn monitor(nl: &mut NodeLifecycleController, c: &mut Runtime, cx: &mut StepCtx) {
    let now = c.now;
    let nodes = c.store.list(Kind::Node, None);
    let names: BTreeSet<String> = nodes.iter().map(|n| n.name().to_string()).collect();
    // classifyNodes: forget deleted nodes; markNodeAsReachable for new ones.
    let gone: Vec<String> = nl.known.difference(&names).cloned().collect();
    for n in gone {
        nl.known.remove(&n);
        nl.health.remove(&n);
        for z in nl.zones.values_mut() {
            z.remove(&n);
        }
    }
    for n in &nodes {
        if let Some(node) = n.as_node()
            && nl.known.insert(n.name().to_string())
        {
            let zone = zone_key(node);
            nl.zones.entry(zone.clone()).or_default();
            mark_reachable(nl, c, cx, n.name(), &zone);
        }
    }
    let mut zone_counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for obj in &nodes {
        let Some(node) = obj.as_node() else { continue };
        let name = obj.name().to_string();
        let lease = c
            .get(Kind::Lease, "kube-node-lease", &name)
            .and_then(|l| match &*l {
                Object::Lease(l) => l
                    .spec
                    .as_ref()
                    .and_then(|s| s.renew_time.as_ref())
                    .map(SimTime::from_k8s_micro),
                _ => None,
            });
        let prev = nl.health.get(&name);
        let probe_before = prev.map(|h| h.probe);
        let up = try_update_node_health(prev, node, lease, now);
        nl.health.insert(name.clone(), up.health.clone());
        if let Some(conds) = &up.new_conditions {
            let mut n = node.clone();
            if let Some(st) = n.status.as_mut() {
                st.conditions = Some(conds.clone());
            }
            if c.api_update_status(cx, Object::from(n)).is_ok() {
                let seen = probe_before.unwrap_or(up.health.probe);
                cx.say(NodeLifecycleWhy::Unknown {
                    node: name.clone(),
                    lease,
                    seen,
                    grace_s: up.grace / 1000,
                });
            }
        }
        let current = up.current_ready.clone();
        if node
            .metadata
            .labels
            .as_ref()
            .is_none_or(|l| !l.contains_key(LABEL_EXCLUDE_DISRUPTION))
        {
            let e = zone_counts.entry(zone_key(node)).or_default();
            if current.as_deref() == Some("True") {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        if let Some(cur) = current {
            process_taint_base_eviction(nl, c, cx, &name, &up.observed_ready);
            if cur != "True" && up.observed_ready == "True" {
                // RecordNodeStatusChange, once per transition.
                cx.deferred_events.push(EventSpec {
                    involved: node_ref(node),
                    ty: "Normal",
                    reason: "NodeNotReady".into(),
                    message: format!("Node {} status is now: NodeNotReady", name),
                    component: COMPONENT.into(),
                    host: None,
                    action: None,
                    series_api: false,
                });
                let n = mark_pods_not_ready(c, cx, &name);
                if n > 0 {
                    cx.say(NodeLifecycleWhy::PodsNotReady {
                        pods: n,
                        node: name.clone(),
                    });
                }
            }
        }
    }
    handle_disruption(nl, c, cx, &zone_counts, &nodes);
    no_execute_tainting_pass(nl, c, cx);
    // Next pass. It keeps `settle` busy only while something is bound to happen: a stopped
    // kubelet's grace period running out, a NoExecute taint to add or to remove.
    let busy = monitor_has_pending_work(nl, c);
    let next = now.plus(MONITOR_PERIOD);
    nl.next_pass = Some(next);
    c.add_timer(next, c.work(OP_MONITOR, Key::None), !busy);
}

fn monitor_has_pending_work(nl: &NodeLifecycleController, c: &Runtime) -> bool {
    if nl
        .zones
        .values()
        .any(|z| !z.queue.is_empty() && z.interval.is_some())
    {
        return true;
    }
    for obj in c.store.list(Kind::Node, None) {
        let Some(node) = obj.as_node() else { continue };
        let ready = ready_status(node).unwrap_or("Unknown");
        let tainted = has_taint(node, TAINT_UNREACHABLE, "NoExecute")
            || has_taint(node, TAINT_NOT_READY, "NoExecute");
        if ready == "True" {
            if tainted || c.stopped_nodes.contains(obj.name()) {
                return true;
            }
        } else if !tainted
            && nl
                .zones
                .get(&zone_key(node))
                .is_none_or(|z| z.interval.is_some())
        {
            return true;
        }
    }
    false
}

/// What the node lifecycle controller did.
#[derive(Clone, Debug)]
pub enum NodeLifecycleWhy {
    /// Taint by condition: a NoSchedule taint added.
    TaintAdded {
        node: String,
        cause: TaintCause,
        taint: String,
    },
    TaintRemoved {
        node: String,
        taint: String,
    },
    /// Said after added NoSchedule taints.
    NoNewPods,
    ReadyAgain {
        node: String,
        taints: Vec<String>,
    },
    TaintSwapped {
        node: String,
        ready: String,
        from: String,
        to: String,
    },
    NoExecuteTainted {
        node: String,
        ready: String,
        taint: String,
        interval_s: i64,
    },
    FullDisruption,
    /// The grace period passed without a heartbeat: conditions set to Unknown.
    Unknown {
        node: String,
        lease: Option<SimTime>,
        seen: SimTime,
        grace_s: i64,
    },
    PodsNotReady {
        pods: u32,
        node: String,
    },
}

impl Explain for NodeLifecycleWhy {
    fn text(&self, w: Lang) -> String {
        use NodeLifecycleWhy::*;
        match self {
            TaintRemoved { node, taint } => w.pick(
                "{0}: the condition behind taint {1} is gone, so removed the taint",
                "{0}：污点 {1} 对应的状况已不存在，因此移除了该污点",
                [&node, &taint],
            ),
            NoNewPods => w.pick(
                "the scheduler places no new pods there that do not tolerate it",
                "调度器不会再把不容忍该污点的新 Pod 放到那里",
                [],
            ),
            ReadyAgain { node, taints } => w.pick(
                "{0} is Ready again: removed taint {1}, which cancels the taint-based evictions still pending there",
                "{0} 重新就绪：移除了污点 {1}，这会取消那里仍在等待的基于污点的驱逐",
                [&node, &taints.join(", ")],
            ),
            TaintSwapped {
                node,
                ready,
                from,
                to,
            } => w.pick(
                "{0}'s Ready condition is {1}: replaced taint {2}:NoExecute by {3}:NoExecute",
                "{0} 的 Ready 状况为 {1}：把污点 {2}:NoExecute 替换为 {3}:NoExecute",
                [&node, &ready, &from, &to],
            ),
            NoExecuteTainted {
                node,
                ready,
                taint,
                interval_s,
            } => w.pick(
                "{0}'s Ready condition is {1}: added taint {2}:NoExecute (the zone's tainting rate limiter, one node per {3}s, let it through); the taint-eviction-controller now evicts the pods there that do not tolerate it, and the others when their tolerationSeconds run out",
                "{0} 的 Ready 状况为 {1}：添加了污点 {2}:NoExecute（该区域的污点速率限制器每 {3}s 放行一个节点，这次放行了它）；taint-eviction-controller 现在会驱逐那里不容忍该污点的 Pod，其他 Pod 则在各自的 tolerationSeconds 用完时被驱逐",
                [&node, &ready, &taint, &interval_s],
            ),
            FullDisruption => w.pick(
                "every node is not ready: entering full disruption mode, in which no pods are evicted (the control plane is more likely cut off than all nodes dead)",
                "所有节点都未就绪：进入完全中断模式，此模式下不驱逐任何 Pod（更可能是控制平面与节点失去了联系，而不是所有节点都宕机了）",
                [],
            ),
            PodsNotReady { pods, node } => w.pick(
                "marked the {0} {1} on {2} not ready (pod condition Ready=False), so controllers stop counting {3} as available",
                "把 {2} 上的 {0} 个 Pod 标记为未就绪（Pod 状况 Ready=False），控制器因此不再把它们算作可用",
                [&pods, &plural(*pods, "pod", "pods"), &node, &plural(*pods, "it", "them")],
            ),
            // MANUAL
            TaintAdded { node, cause, taint } => w.pick2(
                || format!(
                "{}: {}, so added taint {} (taint by condition)",
                node,
                match cause {
                    TaintCause::Condition { ty, status } => {
                        format!("the {} condition is {}", ty, status)
                    }
                    TaintCause::Cordoned => "it is cordoned (spec.unschedulable)".into(),
                },
                taint
            ),
                || format!(
                "{}：{}，因此添加了污点 {}（基于状况的污点）",
                node,
                match cause {
                    TaintCause::Condition { ty, status } => format!("{} 状况为 {}", ty, status),
                    TaintCause::Cordoned => "它已被封锁（spec.unschedulable）".into(),
                },
                taint
            ),
            ),
            // MANUAL
            Unknown {
                node,
                lease,
                seen,
                grace_s,
            } => w.pick2(
                || format!(
                "{}: {} and the node controller last saw a heartbeat at {}; the {}s grace period (--node-monitor-grace-period) has passed: set its conditions Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown (NodeStatusUnknown: \"Kubelet stopped posting node status.\")",
                node,
                match lease {
                    Some(l) => format!("its Lease was last renewed at {}", l.clock()),
                    None => "it has no Lease".into(),
                },
                seen.clock(),
                grace_s
            ),
                || format!(
                "{}：{}，节点控制器最后一次看到心跳是在 {}；{}s 的宽限期（--node-monitor-grace-period）已过：把它的 Ready、MemoryPressure、DiskPressure 和 PIDPressure 状况设为 Unknown（NodeStatusUnknown: \"Kubelet stopped posting node status.\"）",
                node,
                match lease {
                    Some(l) => format!("它的 Lease 最后一次续约是在 {}", l.clock()),
                    None => "它没有 Lease".into(),
                },
                seen.clock(),
                grace_s
            ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use k8s_openapi::api::core::v1::NodeStatus;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn cond(ty: &str, status: &str, hb: i64, tr: i64) -> NodeCondition {
        NodeCondition {
            type_: ty.into(),
            status: status.into(),
            reason: Some("KubeletReady".into()),
            message: Some("kubelet is posting ready status".into()),
            last_heartbeat_time: Some(SimTime(hb).to_k8s()),
            last_transition_time: Some(SimTime(tr).to_k8s()),
        }
    }

    fn node(conds: Vec<NodeCondition>) -> Node {
        Node {
            metadata: ObjectMeta {
                name: Some("worker-2".into()),
                creation_timestamp: Some(SimTime(0).to_k8s()),
                ..Default::default()
            },
            spec: None,
            status: Some(NodeStatus {
                conditions: Some(conds),
                ..Default::default()
            }),
        }
    }

    fn all_true(hb: i64) -> Vec<NodeCondition> {
        vec![
            cond("MemoryPressure", "False", hb, 0),
            cond("DiskPressure", "False", hb, 0),
            cond("PIDPressure", "False", hb, 0),
            cond("Ready", "True", hb, 0),
        ]
    }

    #[test]
    fn a_renewed_lease_keeps_the_node_healthy_and_a_stale_one_turns_it_unknown() {
        let n = node(all_true(0));
        // First look: probe now.
        let first = try_update_node_health(None, &n, Some(SimTime(0)), SimTime(0));
        assert_eq!(first.health.probe, SimTime(0));
        assert!(first.new_conditions.is_none());
        // (lease renew seen, now, want Unknown written)
        let table: &[(Option<i64>, i64, bool)] = &[
            (Some(40_000), 90_000, false), // renewed at 40s: probe moves to 90s
            (Some(0), 50_000, false),      // exactly the grace period: not yet
            (Some(0), 50_001, true),       // past the grace period
            (None, 55_000, true),          // no Lease at all
        ];
        for &(lease, now, want) in table {
            let up =
                try_update_node_health(Some(&first.health), &n, lease.map(SimTime), SimTime(now));
            assert_eq!(
                up.new_conditions.is_some(),
                want,
                "lease {lease:?} at {now}"
            );
            assert_eq!(up.observed_ready, "True");
            if want {
                assert_eq!(up.current_ready.as_deref(), Some("Unknown"));
                let conds = up.new_conditions.unwrap();
                for c in &conds {
                    assert_eq!(c.status, "Unknown", "{}", c.type_);
                    assert_eq!(c.reason.as_deref(), Some("NodeStatusUnknown"));
                    assert_eq!(
                        c.message.as_deref(),
                        Some("Kubelet stopped posting node status.")
                    );
                    // heartbeat kept, transition now
                    assert_eq!(c.last_heartbeat_time, Some(SimTime(0).to_k8s()));
                    assert_eq!(c.last_transition_time, Some(SimTime(now).to_k8s()));
                }
            }
        }
    }

    #[test]
    fn a_node_already_unknown_is_not_written_again() {
        let mut conds = all_true(0);
        for c in conds.iter_mut() {
            c.status = "Unknown".into();
        }
        let n = node(conds);
        let h = NodeHealth {
            probe: SimTime(0),
            ready_transition: SimTime(0),
            saved_ready: n
                .status
                .as_ref()
                .unwrap()
                .conditions
                .as_ref()
                .unwrap()
                .last()
                .cloned(),
            lease: Some(SimTime(0)),
        };
        let up = try_update_node_health(Some(&h), &n, Some(SimTime(0)), SimTime(100_000));
        assert!(up.new_conditions.is_none());
        assert_eq!(up.observed_ready, "Unknown");
        assert_eq!(up.current_ready.as_deref(), Some("Unknown"));
    }

    #[test]
    fn a_new_ready_heartbeat_counts_as_a_probe_even_without_a_lease() {
        let h = NodeHealth {
            probe: SimTime(0),
            ready_transition: SimTime(0),
            saved_ready: Some(cond("Ready", "True", 0, 0)),
            lease: None,
        };
        let n = node(all_true(30_000));
        let up = try_update_node_health(Some(&h), &n, None, SimTime(60_000));
        assert_eq!(up.health.probe, SimTime(60_000));
        assert_eq!(up.health.ready_transition, SimTime(0));
        assert!(up.new_conditions.is_none());
    }

    #[test]
    fn a_node_that_never_posted_status_gets_the_startup_grace_period() {
        let n = node(vec![]);
        let up = try_update_node_health(None, &n, None, SimTime(60_000));
        assert!(up.new_conditions.is_none());
        assert_eq!(up.current_ready, None);
        let up = try_update_node_health(Some(&up.health), &n, None, SimTime(60_001));
        let conds = up.new_conditions.expect("written");
        assert_eq!(conds.len(), 4);
        assert!(
            conds
                .iter()
                .all(|c| c.reason.as_deref() == Some("NodeStatusNeverUpdated"))
        );
    }

    #[test]
    fn zone_state_follows_the_ready_counts() {
        // (ready, not ready, state) — ComputeZoneState, threshold 0.55.
        let table = [
            (3, 0, ZoneState::Normal),
            (0, 1, ZoneState::FullDisruption),
            (1, 2, ZoneState::Normal),
            (1, 3, ZoneState::PartialDisruption),
            (3, 3, ZoneState::Normal),
            (2, 3, ZoneState::PartialDisruption),
            (0, 0, ZoneState::Normal),
        ];
        for (r, n, want) in table {
            assert_eq!(compute_zone_state(r, n).1, want, "{r} ready, {n} not ready");
        }
        assert_eq!(zone_interval(ZoneState::PartialDisruption, 10), None);
        assert_eq!(
            zone_interval(ZoneState::PartialDisruption, 51),
            Some(SECONDARY_EVICTION_INTERVAL)
        );
        assert_eq!(
            zone_interval(ZoneState::FullDisruption, 3),
            Some(EVICTION_INTERVAL)
        );
    }

    #[test]
    fn conditions_map_to_noschedule_taints() {
        let mut n = node(vec![
            cond("Ready", "Unknown", 0, 0),
            cond("MemoryPressure", "True", 0, 0),
            cond("DiskPressure", "False", 0, 0),
        ]);
        n.spec = Some(k8s_openapi::api::core::v1::NodeSpec {
            unschedulable: Some(true),
            ..Default::default()
        });
        let keys: Vec<String> = desired_noschedule_taints(&n)
            .into_iter()
            .map(|(t, _)| taint_text(&t))
            .collect();
        assert_eq!(
            keys,
            [
                "node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/memory-pressure:NoSchedule",
                "node.kubernetes.io/unschedulable:NoSchedule"
            ]
        );
        assert_eq!(condition_taint_key("Ready", "False"), Some(TAINT_NOT_READY));
        assert_eq!(condition_taint_key("Ready", "True"), None);
    }

    #[test]
    fn zone_keys_join_region_and_zone() {
        let mut n = node(vec![]);
        assert_eq!(zone_key(&n), "");
        n.metadata.labels =
            Some([("topology.kubernetes.io/zone".to_string(), "a".to_string())].into());
        assert_eq!(zone_key(&n), ":\u{0}:a");
    }

    use crate::{Engine, EngineConfig};

    fn run(e: &mut Engine, line: &str) -> crate::ExecOutput {
        let argv = crate::script::split_words(line).expect("words");
        e.exec(&argv, None, None)
    }

    fn node_taints(e: &Engine, name: &str) -> Vec<String> {
        e.cluster()
            .get(Kind::Node, "", name)
            .and_then(|n| n.as_node().and_then(|n| n.spec.clone()))
            .and_then(|s| s.taints)
            .unwrap_or_default()
            .iter()
            .map(taint_text)
            .collect()
    }

    #[test]
    fn node_stop_and_start_answer_like_a_cli() {
        let mut e = Engine::new(EngineConfig::default());
        // (command, exit code, stdout, stderr)
        let table = [
            (
                "node stop worker-9",
                1,
                "",
                "node stop: node \"worker-9\" not found\n",
            ),
            (
                "node stop",
                1,
                "",
                "node stop: exactly one NAME is required\n",
            ),
            (
                "node start worker-2",
                0,
                "node/worker-2 is already running\n",
                "",
            ),
            (
                "node stop worker-2",
                0,
                "node/worker-2 stopped (its kubelet no longer renews its Lease or posts status; its containers keep running)\n",
                "",
            ),
            (
                "node stop worker-2",
                0,
                "node/worker-2 is already stopped\n",
                "",
            ),
            ("node start worker-2", 0, "node/worker-2 started\n", ""),
        ];
        for (cmd, exit, stdout, stderr) in table {
            let out = run(&mut e, cmd);
            assert_eq!(
                (out.exit, out.stdout().as_str(), out.stderr().as_str()),
                (exit, stdout, stderr),
                "{cmd}"
            );
        }
        let out = run(&mut e, "node reboot worker-2");
        assert_eq!(out.exit, 1);
        assert!(out.stderr().contains("node stop NAME"), "{}", out.stderr());
    }

    #[test]
    fn a_stopped_kubelet_makes_the_node_unknown_after_the_grace_period_then_tainted() {
        let mut e = Engine::new(EngineConfig::default());
        run(&mut e, "node stop worker-2");
        // Lease last renewed at 0s; monitor passes every 5s; Unknown once strictly past 50s.
        run(&mut e, "tick 50s");
        let n = e.cluster().get(Kind::Node, "", "worker-2").unwrap();
        assert_eq!(ready_status(n.as_node().unwrap()), Some("True"));
        run(&mut e, "tick 5s");
        let n = e.cluster().get(Kind::Node, "", "worker-2").unwrap();
        assert_eq!(ready_status(n.as_node().unwrap()), Some("Unknown"));
        assert_eq!(
            node_taints(&e, "worker-2"),
            ["node.kubernetes.io/unreachable:NoSchedule"]
        );
        // The next pass sees Unknown and the zone's limiter lets the NoExecute taint through.
        run(&mut e, "tick 5s");
        assert_eq!(
            node_taints(&e, "worker-2"),
            [
                "node.kubernetes.io/unreachable:NoSchedule",
                "node.kubernetes.io/unreachable:NoExecute"
            ]
        );
        // The other nodes are untouched.
        assert!(node_taints(&e, "worker-1").is_empty());
        run(&mut e, "node start worker-2");
        let out = run(&mut e, "settle");
        assert!(out.stdout().contains("settled"), "{}", out.stdout());
        assert!(node_taints(&e, "worker-2").is_empty());
    }

    #[test]
    fn a_zone_mostly_down_or_fully_down_gets_no_noexecute_taints() {
        // (workers, stopped nodes, NoExecute taints expected)
        let table: &[(u32, &[&str], bool)] = &[
            (2, &["worker-1", "worker-2"], true), // 2 of 3 down: still "normal" (needs > 2)
            (4, &["worker-1", "worker-2", "worker-3"], false), // 3 of 5 ≥ 55%: partial, small cluster
            (1, &["control-plane", "worker-1"], false),        // all down: full disruption
        ];
        for (workers, stopped, tainted) in table {
            let mut e = Engine::new(EngineConfig::default());
            run(&mut e, &format!("cluster reset --workers {}", workers));
            for n in *stopped {
                assert_eq!(run(&mut e, &format!("node stop {}", n)).exit, 0);
            }
            let out = run(&mut e, "settle --timeout 5m");
            assert!(
                out.stdout().contains("settled"),
                "{workers} workers: {}",
                out.stdout()
            );
            for n in *stopped {
                let has = node_taints(&e, n).iter().any(|t| t.ends_with(":NoExecute"));
                assert_eq!(has, *tainted, "{workers} workers, {n}");
                let node = e.cluster().get(Kind::Node, "", n).unwrap();
                assert_eq!(ready_status(node.as_node().unwrap()), Some("Unknown"));
            }
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
    fn every_node_lifecycle_explanation_renders_in_both_languages() {
        use NodeLifecycleWhy::*;
        let n = || "worker-2".to_string();
        let all = [
            TaintAdded {
                node: n(),
                cause: TaintCause::Condition {
                    ty: "Ready".into(),
                    status: "Unknown".into(),
                },
                taint: "node.kubernetes.io/unreachable:NoSchedule".into(),
            },
            TaintAdded {
                node: n(),
                cause: TaintCause::Cordoned,
                taint: "node.kubernetes.io/unschedulable:NoSchedule".into(),
            },
            TaintRemoved {
                node: n(),
                taint: "node.kubernetes.io/unreachable:NoSchedule".into(),
            },
            NoNewPods,
            ReadyAgain {
                node: n(),
                taints: vec!["node.kubernetes.io/unreachable:NoExecute".into()],
            },
            TaintSwapped {
                node: n(),
                ready: "False".into(),
                from: TAINT_UNREACHABLE.into(),
                to: TAINT_NOT_READY.into(),
            },
            NoExecuteTainted {
                node: n(),
                ready: "Unknown".into(),
                taint: TAINT_UNREACHABLE.into(),
                interval_s: 10,
            },
            FullDisruption,
            Unknown {
                node: n(),
                lease: Some(SimTime(60_000)),
                seen: SimTime(60_000),
                grace_s: 50,
            },
            Unknown {
                node: n(),
                lease: None,
                seen: SimTime(60_000),
                grace_s: 50,
            },
            PodsNotReady { pods: 1, node: n() },
        ];
        let index = |w: &NodeLifecycleWhy| match w {
            TaintAdded { .. } => 0,
            TaintRemoved { .. } => 1,
            NoNewPods => 2,
            ReadyAgain { .. } => 3,
            TaintSwapped { .. } => 4,
            NoExecuteTainted { .. } => 5,
            FullDisruption => 6,
            Unknown { .. } => 7,
            PodsNotReady { .. } => 8,
        };
        check_all(&all, index, 9);
        assert_eq!(
            all[8].zh(),
            "worker-2：它的 Lease 最后一次续约是在 00:01:00.000，节点控制器最后一次看到心跳是在 00:01:00.000；50s 的宽限期（--node-monitor-grace-period）已过：把它的 Ready、MemoryPressure、DiskPressure 和 PIDPressure 状况设为 Unknown（NodeStatusUnknown: \"Kubelet stopped posting node status.\"）"
        );
        assert!(
            all[10]
                .en()
                .contains("marked the 1 pod on worker-2 not ready")
        );
        assert!(all[10].en().ends_with("stop counting it as available"));
    }
}

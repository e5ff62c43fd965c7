//! DaemonSet controller (`pkg/controller/daemon/daemon_controller.go`, `update.go`,
//! `util/daemonset_util.go`): one pod per eligible node, created with a node affinity to that
//! node (the default scheduler binds it), rolling updates by maxUnavailable or maxSurge,
//! ControllerRevisions as the template history, and the status counts.
//!
//! Upstream iterates the node lister and the node → pods map in Go's random order; kubestep
//! walks nodes by name, so the same cluster always creates and replaces pods in one order.

use crate::sort::StableSort;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetStatus};
use k8s_openapi::api::core::v1::{
    Affinity, Node, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod,
    PodSpec, Toleration,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

use crate::events::EventSpec;
use crate::lang::{Lang, s};
use crate::object::{Kind, ObjKey, Object};
use crate::podutil::{controller_of, is_pod_available, is_pod_ready};
use crate::runtime::Runtime;
use crate::runtime::api::DS_TEMPLATE_GENERATION;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::scheduler::plugins::{RequiredNodeAffinity, tolerations_tolerate_taint};
use crate::store::{WatchEvent, WatchType};
use crate::time::SimTime;

/// The label that names a DaemonSet pod's (and revision's) template hash
/// (`apps.DefaultDaemonSetUniqueLabelKey`).
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// The label with the DaemonSet's template generation (`DaemonSetTemplateGenerationKey`).
pub const TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
/// `BurstReplicas` of the DaemonSet controller.
const BURST_REPLICAS: usize = 250;
/// Failed-pod back-off (`failedPodsBackoff`: 1 s doubling to 15 min).
const BACKOFF_INITIAL_MS: i64 = 1_000;
const BACKOFF_MAX_MS: i64 = 15 * 60 * 1000;
/// Expectations older than this count as satisfied (`ExpectationsTimeout`).
const EXPECTATIONS_TIMEOUT_MS: i64 = 5 * 60 * 1000;

/// Outstanding creations and deletions of one DaemonSet (`ControllerExpectations`).
#[derive(Clone, Debug, Default)]
struct Expectations {
    add: i64,
    del: i64,
    at: SimTime,
}

/// The DaemonSet controller; its state between syncs is the expectations of each DaemonSet
/// and the back-off of failed pods per DaemonSet and node.
#[derive(Clone, Debug, Default)]
pub struct DaemonSetController {
    expectations: HashMap<String, Expectations>,
    /// `ds-key/node` → (last failure handled, current delay).
    backoff: HashMap<String, (SimTime, i64)>,
}

fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

impl Controller for DaemonSetController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "daemonset-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(
            kind,
            Kind::DaemonSet | Kind::Pod | Kind::Node | Kind::ControllerRevision
        )
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::DaemonSet => {
                if ev.ty == WatchType::Deleted {
                    self.expectations.remove(&obj.key().ns_name());
                }
                c.enqueue(work(c, obj.key().ns_name()));
            }
            Kind::ControllerRevision => {
                if let Some(k) = owner_ds_key(obj) {
                    c.enqueue(work(c, k));
                }
            }
            Kind::Pod => self.on_pod_event(c, ev),
            Kind::Node => on_node_event(c, ev),
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        sync(self, c, cx, key.name());
    }
}

fn owner_ds_key(obj: &Object) -> Option<String> {
    let r = controller_of(obj)?;
    (r.kind == "DaemonSet").then(|| format!("{}/{}", obj.namespace(), r.name))
}

impl DaemonSetController {
    /// `addPod` / `updatePod` / `deletePod`: observe expectations, enqueue the owner (or, for
    /// an orphan, every DaemonSet that selects it); a pod that just became ready is looked at
    /// again after minReadySeconds.
    fn on_pod_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let pod = &*ev.obj;
        let Some(own) = owner_ds_key(pod) else {
            if ev.ty != WatchType::Deleted
                && pod.meta().deletion_timestamp.is_none()
                && controller_of(pod).is_none()
            {
                for k in super::matching_owners(c, pod, Kind::DaemonSet) {
                    c.enqueue(work(c, k));
                }
            }
            return;
        };
        let deleting = ev.ty == WatchType::Deleted
            || (pod.meta().deletion_timestamp.is_some()
                && ev
                    .old
                    .as_deref()
                    .is_none_or(|o| o.meta().deletion_timestamp.is_none()));
        if let Some(e) = self.expectations.get_mut(&own) {
            if ev.ty == WatchType::Added && pod.meta().deletion_timestamp.is_none() {
                e.add = (e.add - 1).max(0);
            } else if deleting {
                e.del = (e.del - 1).max(0);
            }
        }
        if ev.ty == WatchType::Modified
            && let (Some(new), Some(old)) =
                (pod.as_pod(), ev.old.as_deref().and_then(Object::as_pod))
            && is_pod_ready(new)
            && !is_pod_ready(old)
            && let Some((ns, name)) = own.split_once('/')
            && let Some(min_ready) = c
                .get(Kind::DaemonSet, ns, name)
                .and_then(|d| {
                    d.as_daemonset()
                        .and_then(|d| d.spec.as_ref()?.min_ready_seconds)
                })
                .filter(|m| *m > 0)
        {
            // updatePod: AddAfter(minReadySeconds + 1s), "to avoid milliseconds skew".
            c.add_timer(
                c.now.plus(i64::from(min_ready) * 1000 + 1000),
                work(c, own.clone()),
                false,
            );
        }
        c.enqueue(work(c, own));
    }

    fn satisfied(&self, c: &Runtime, key: &str) -> bool {
        match self.expectations.get(key) {
            None => true,
            Some(e) => (e.add <= 0 && e.del <= 0) || c.now.0 - e.at.0 > EXPECTATIONS_TIMEOUT_MS,
        }
    }
}

/// `addNode` / `updateNode`: enqueue the DaemonSets whose wish to run on the node changed
/// (every one that should run there, for a new node).
fn on_node_event(c: &mut Runtime, ev: &WatchEvent) {
    let Some(node) = ev.obj.as_node() else {
        return;
    };
    let old = ev.old.as_deref().and_then(Object::as_node);
    // shouldIgnoreNodeUpdate: whether a DaemonSet should run there depends only on the
    // node's labels and taints, so status updates (heartbeats) change nothing.
    if let Some(o) = old
        && o.metadata.labels == node.metadata.labels
        && o.spec.as_ref().and_then(|s| s.taints.as_ref())
            == node.spec.as_ref().and_then(|s| s.taints.as_ref())
    {
        return;
    }
    let all = c.store.list(Kind::DaemonSet, None);
    for d in all {
        let Some(ds) = d.as_daemonset() else { continue };
        let enqueue = match (ev.ty, old) {
            (WatchType::Added, _) => should_run(node, ds).0,
            (WatchType::Modified, Some(old)) => should_run(node, ds) != should_run(old, ds),
            // deleteNode is not handled upstream: pods of a gone node are PodGC's.
            _ => false,
        };
        if enqueue {
            c.enqueue(work(c, d.key().ns_name()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pure rules (util/daemonset_util.go, daemon_controller.go)
// ---------------------------------------------------------------------------------------------

/// The tolerations every DaemonSet pod gets (`AddOrUpdateDaemonPodTolerations`), in
/// upstream's order; `network-unavailable` only for host-network pods.
pub fn daemon_tolerations(host_network: bool) -> Vec<Toleration> {
    let t = |key: &str, effect: &str| Toleration {
        key: Some(key.to_string()),
        operator: Some("Exists".into()),
        effect: Some(effect.to_string()),
        ..Default::default()
    };
    let mut v = vec![
        t("node.kubernetes.io/not-ready", "NoExecute"),
        t("node.kubernetes.io/unreachable", "NoExecute"),
        t("node.kubernetes.io/disk-pressure", "NoSchedule"),
        t("node.kubernetes.io/memory-pressure", "NoSchedule"),
        t("node.kubernetes.io/pid-pressure", "NoSchedule"),
        t("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if host_network {
        v.push(t("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    v
}

/// `AddOrUpdateTolerationInPodSpec` for each daemon toleration: one with the same key,
/// operator, value and effect is replaced in place, others are appended.
pub fn add_daemon_tolerations(spec: &mut PodSpec) {
    let host_network = spec.host_network == Some(true);
    let tols = spec.tolerations.get_or_insert_with(Vec::new);
    for t in daemon_tolerations(host_network) {
        let same = |o: &Toleration| {
            o.key.as_deref().unwrap_or("") == t.key.as_deref().unwrap_or("")
                && o.effect.as_deref().unwrap_or("") == t.effect.as_deref().unwrap_or("")
                && o.operator.as_deref().unwrap_or("") == t.operator.as_deref().unwrap_or("")
                && o.value.as_deref().unwrap_or("") == t.value.as_deref().unwrap_or("")
        };
        match tols.iter_mut().find(|o| same(o)) {
            Some(o) => *o = t,
            None => tols.push(t),
        }
    }
}

/// `NodeShouldRunDaemonPod`: (shouldRun, shouldContinueRunning). A node the template's
/// nodeName, nodeSelector or required node affinity excludes runs nothing; one with an
/// untolerated NoSchedule/NoExecute taint gets no new pod, and keeps its pod unless a
/// NoExecute taint is untolerated.
pub fn should_run(node: &Node, ds: &DaemonSet) -> (bool, bool) {
    let Some(spec) = ds.spec.as_ref() else {
        return (false, false);
    };
    let node_name = node.metadata.name.as_deref().unwrap_or("");
    let mut pod_spec = spec.template.spec.clone().unwrap_or_default();
    if !pod_spec.node_name.as_deref().unwrap_or("").is_empty()
        && pod_spec.node_name.as_deref() != Some(node_name)
    {
        return (false, false);
    }
    pod_spec.node_name = Some(node_name.to_string());
    add_daemon_tolerations(&mut pod_spec);
    let pod = Pod {
        metadata: spec.template.metadata.clone().unwrap_or_default(),
        spec: Some(pod_spec),
        status: None,
    };
    let labels = node.metadata.labels.clone().unwrap_or_default();
    if !RequiredNodeAffinity::of(&pod).matches(node_name, &labels) {
        return (false, false);
    }
    let taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or(&[]);
    let tols = pod
        .spec
        .as_ref()
        .and_then(|s| s.tolerations.as_deref())
        .unwrap_or(&[]);
    let untolerated = |effects: &[&str]| {
        taints
            .iter()
            .any(|t| effects.contains(&t.effect.as_str()) && !tolerations_tolerate_taint(tols, t))
    };
    if untolerated(&["NoSchedule", "NoExecute"]) {
        return (false, !untolerated(&["NoExecute"]));
    }
    (true, true)
}

/// `GetTargetNodeName`: the pod's node, or the node its `metadata.name In [node]` field
/// affinity names while it is unscheduled.
pub fn target_node(pod: &Pod) -> Option<String> {
    let spec = pod.spec.as_ref()?;
    if let Some(n) = spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        return Some(n.to_string());
    }
    let terms = &spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    for term in terms {
        for e in term.match_fields.iter().flatten() {
            if e.key == "metadata.name" && e.operator == "In" {
                let v = e.values.as_deref().unwrap_or(&[]);
                return (v.len() == 1).then(|| v[0].clone());
            }
        }
    }
    None
}

/// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the one
/// term `metadata.name In [node]`; the rest of the affinity is kept.
pub fn pin_to_node(affinity: Option<Affinity>, node: &str) -> Affinity {
    let term = NodeSelectorTerm {
        match_fields: Some(vec![NodeSelectorRequirement {
            key: "metadata.name".into(),
            operator: "In".into(),
            values: Some(vec![node.to_string()]),
        }]),
        match_expressions: None,
    };
    let mut a = affinity.unwrap_or_default();
    let na = a.node_affinity.get_or_insert_with(NodeAffinity::default);
    match na
        .required_during_scheduling_ignored_during_execution
        .as_mut()
    {
        Some(sel) => sel.node_selector_terms = vec![term],
        None => {
            na.required_during_scheduling_ignored_during_execution = Some(NodeSelector {
                node_selector_terms: vec![term],
            })
        }
    }
    a
}

/// `util.GetTemplateGeneration`: the annotation as a number (None when absent or bad).
pub fn template_generation(ds: &DaemonSet) -> Option<i64> {
    ds.metadata
        .annotations
        .as_ref()?
        .get(DS_TEMPLATE_GENERATION)?
        .parse()
        .ok()
}

/// `util.IsPodUpdated`: the pod carries the current hash, or the current template generation.
pub fn is_pod_updated(pod: &Pod, hash: &str, generation: Option<i64>) -> bool {
    let labels = pod.metadata.labels.as_ref();
    let label = |k: &str| labels.and_then(|l| l.get(k)).map(String::as_str);
    let template_matches =
        generation.is_some_and(|g| label(TEMPLATE_GENERATION_LABEL) == Some(&g.to_string()));
    let hash_matches = !hash.is_empty() && label(REVISION_HASH_LABEL) == Some(hash);
    hash_matches || template_matches
}

/// `podByCreationTimestampAndPhase`: scheduled pods first, then oldest, then by name.
fn sort_pods(pods: &mut [Arc<Object>]) {
    let key = |o: &Arc<Object>| {
        let p = o.as_pod();
        let unscheduled = p
            .and_then(|p| p.spec.as_ref())
            .is_none_or(|s| s.node_name.as_deref().unwrap_or("").is_empty());
        let created = o
            .meta()
            .creation_timestamp
            .as_ref()
            .map(|t| SimTime::from_k8s(t).0)
            .unwrap_or(0);
        (unscheduled, created, o.name().to_string())
    };
    pods.stable_sort_by_key(key);
}

/// `getPatch`: what a ControllerRevision stores, the DaemonSet's template as a patch that
/// replaces it (`{"spec":{"template":{"$patch":"replace",…}}}`, keys sorted as Go's
/// encoder writes a map).
pub fn revision_patch(ds_obj: &Object) -> Value {
    let v = ds_obj.to_value();
    let mut template = v
        .pointer("/spec/template")
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    if let Value::Object(m) = &mut template {
        m.insert("$patch".into(), Value::String("replace".into()));
    }
    serde_json::json!({ "spec": { "template": template } })
}

// ---------------------------------------------------------------------------------------------
// The sync
// ---------------------------------------------------------------------------------------------

/// What one sync decided, for its explanation.
#[derive(Default)]
struct Plan {
    create: Vec<String>,
    delete: Vec<(String, String)>,
}

/// `syncDaemonSet`.
fn sync(st: &mut DaemonSetController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(ds_obj) = c.get(Kind::DaemonSet, ns, name) else {
        st.expectations.remove(key);
        return;
    };
    let Some(ds) = ds_obj.as_daemonset().cloned() else {
        return;
    };
    let spec = ds.spec.clone().unwrap_or_default();
    if !crate::apiserver::validation::selector_is_nil(&spec.selector)
        && spec
            .selector
            .match_labels
            .as_ref()
            .is_none_or(|m| m.is_empty())
        && spec
            .selector
            .match_expressions
            .as_ref()
            .is_none_or(|m| m.is_empty())
    {
        cx.deferred_events.push(EventSpec::new(
            &ds_obj,
            "Warning",
            "SelectingAll",
            "This daemon set is selecting all pods. A non-empty selector is required.".into(),
            "daemonset-controller",
        ));
        return;
    }
    if ds.metadata.deletion_timestamp.is_some() {
        return;
    }
    let nodes: Vec<Arc<Object>> = c.store.list(Kind::Node, None);
    let (hash, old_revisions) = construct_history(c, cx, &ds_obj, &ds);
    let selector = crate::labels::Selector::from_label_selector(&spec.selector)
        .unwrap_or_else(|_| crate::labels::Selector::nothing());
    let (adopted, released) = super::claim_changed(c, cx, &ds_obj, &selector, Kind::Pod);
    if adopted + released > 0 {
        // The informer's indexes see the adoptions once they are delivered: sync again then.
        c.enqueue(work(c, key.to_string()));
        return;
    }
    if !st.satisfied(c, key) {
        update_status(c, cx, &ds_obj, &nodes, &hash, false);
        return;
    }
    let mut plan = Plan::default();
    manage(st, c, cx, &ds_obj, &nodes, &hash, &mut plan);
    if st.satisfied(c, key) {
        let strategy = spec.update_strategy.clone().unwrap_or_default();
        if strategy.type_.as_deref() == Some("RollingUpdate") {
            rolling_update(st, c, cx, &ds_obj, &nodes, &hash, &mut plan);
        }
    }
    cleanup_history(c, cx, &ds_obj, &ds, old_revisions);
    if !plan.create.is_empty() || !plan.delete.is_empty() {
        cx.say(DaemonSetWhy::Synced {
            ds: name.to_string(),
            created_on: plan.create,
            deleted: plan.delete,
        });
    }
    update_status(c, cx, &ds_obj, &nodes, &hash, true);
}

/// The DaemonSet's pods by node (`getNodesToDaemonPods`); deleted terminal pods are left
/// out unless `include_deleted_terminal`.
fn nodes_to_pods(
    c: &Runtime,
    ds_obj: &Object,
    include_deleted_terminal: bool,
) -> BTreeMap<String, Vec<Arc<Object>>> {
    let uid = ds_obj.meta().uid.clone().unwrap_or_default();
    let mut m: BTreeMap<String, Vec<Arc<Object>>> = BTreeMap::new();
    for k in c.idx.controlled_by(&uid, Kind::Pod) {
        let Some(o) = c.store.get_obj(&k).cloned() else {
            continue;
        };
        let Some(p) = o.as_pod() else { continue };
        let terminal = matches!(crate::podutil::phase(p), "Succeeded" | "Failed");
        if !include_deleted_terminal && terminal && p.metadata.deletion_timestamp.is_some() {
            continue;
        }
        if let Some(n) = target_node(p) {
            m.entry(n).or_default().push(o);
        }
    }
    m
}

/// `manage` + `podsShouldBeOnNode`: which nodes need a pod and which pods must go.
fn manage(
    st: &mut DaemonSetController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    ds_obj: &Arc<Object>,
    nodes: &[Arc<Object>],
    hash: &str,
    plan: &mut Plan,
) {
    let Some(ds) = ds_obj.as_daemonset() else {
        return;
    };
    let key = ds_obj.key().ns_name();
    let surge = allows_surge(ds);
    let min_ready = ds
        .spec
        .as_ref()
        .and_then(|s| s.min_ready_seconds)
        .unwrap_or(0);
    let by_node = nodes_to_pods(c, ds_obj, false);
    let mut need: Vec<String> = vec![];
    let mut delete: Vec<(String, String)> = vec![];
    for n in nodes {
        let Some(node) = n.as_node() else { continue };
        let node_name = n.name().to_string();
        let (run, keep) = should_run(node, ds);
        let pods = by_node.get(&node_name);
        if run && pods.is_none() {
            need.push(node_name);
            continue;
        }
        if keep {
            let mut running: Vec<Arc<Object>> = vec![];
            for o in pods.into_iter().flatten() {
                let Some(p) = o.as_pod() else { continue };
                if p.metadata.deletion_timestamp.is_some() {
                    continue;
                }
                match crate::podutil::phase(p) {
                    "Failed" => {
                        let bkey = format!("{key}/{node_name}");
                        let (last, delay) = st
                            .backoff
                            .get(&bkey)
                            .copied()
                            .unwrap_or((SimTime(i64::MIN), 0));
                        if delay > 0 && c.now.0 - last.0 < delay {
                            c.add_timer(c.now.plus(delay), work(c, key.clone()), false);
                            continue;
                        }
                        // flowcontrol.Backoff.Next: reset after 2 × max of quiet, else double.
                        let next = if delay == 0 || c.now.0 - last.0 > 2 * BACKOFF_MAX_MS {
                            BACKOFF_INITIAL_MS
                        } else {
                            (delay * 2).min(BACKOFF_MAX_MS)
                        };
                        st.backoff.insert(bkey, (c.now, next));
                        cx.deferred_events.push(EventSpec::new(
                            ds_obj,
                            "Warning",
                            "FailedDaemonPod",
                            format!(
                                "Found failed daemon pod {}/{} on node {}, will try to kill it",
                                o.namespace(),
                                o.name(),
                                node_name
                            ),
                            "daemonset-controller",
                        ));
                        delete.push((o.name().to_string(), node_name.clone()));
                    }
                    "Succeeded" => {
                        cx.deferred_events.push(EventSpec::new(
                            ds_obj,
                            "Normal",
                            "SucceededDaemonPod",
                            format!(
                                "Found succeeded daemon pod {}/{} on node {}, will try to delete it",
                                o.namespace(),
                                o.name(),
                                node_name
                            ),
                            "daemonset-controller",
                        ));
                        delete.push((o.name().to_string(), node_name.clone()));
                    }
                    _ => running.push(o.clone()),
                }
            }
            if !surge {
                if running.len() > 1 {
                    sort_pods(&mut running);
                    for o in &running[1..] {
                        delete.push((o.name().to_string(), node_name.clone()));
                    }
                }
                continue;
            }
            if running.len() <= 1 {
                if running.is_empty() && run {
                    need.push(node_name.clone());
                }
                continue;
            }
            // Surging: keep the oldest new pod, and the oldest old one only while the new
            // one is not yet available and the old one is ready.
            sort_pods(&mut running);
            let mut oldest_new: Option<&Arc<Object>> = None;
            let mut oldest_old: Option<&Arc<Object>> = None;
            for o in &running {
                let p = o.as_pod().expect("pods only");
                let is_new = p
                    .metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get(REVISION_HASH_LABEL))
                    .is_some_and(|h| h == hash);
                let slot = if is_new {
                    &mut oldest_new
                } else {
                    &mut oldest_old
                };
                if slot.is_none() {
                    *slot = Some(o);
                    continue;
                }
                delete.push((o.name().to_string(), node_name.clone()));
            }
            if let (Some(new), Some(old)) = (oldest_new, oldest_old) {
                let oldp = old.as_pod().expect("pods only");
                let newp = new.as_pod().expect("pods only");
                if !is_pod_ready(oldp) || is_pod_available(newp, min_ready, c.now) {
                    delete.push((old.name().to_string(), node_name.clone()));
                }
            }
        } else if let Some(pods) = pods {
            for o in pods {
                if o.meta().deletion_timestamp.is_none() {
                    delete.push((o.name().to_string(), node_name.clone()));
                }
            }
        }
    }
    // Unscheduled pods aimed at nodes that do not exist (getUnscheduledPodsWithoutNode).
    let known: BTreeSet<&str> = nodes.iter().map(|n| n.name()).collect();
    for (n, pods) in &by_node {
        if known.contains(n.as_str()) {
            continue;
        }
        for o in pods {
            if o.as_pod()
                .and_then(|p| p.spec.as_ref())
                .is_some_and(|s| s.node_name.as_deref().unwrap_or("").is_empty())
            {
                delete.push((o.name().to_string(), n.clone()));
            }
        }
    }
    sync_nodes(st, c, cx, ds_obj, delete, need, hash, plan);
}

/// `util.AllowsSurge`: a RollingUpdate whose maxSurge is non-zero.
fn allows_surge(ds: &DaemonSet) -> bool {
    let Some(ru) = ds
        .spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .filter(|s| s.type_.as_deref() == Some("RollingUpdate"))
        .and_then(|s| s.rolling_update.as_ref())
    else {
        return false;
    };
    // SurgeCount(ds, 1) != 0, rounding percentages up.
    crate::controller::deployment::util::get_scaled_value_from_int_or_percent(
        ru.max_surge.as_ref(),
        1,
        true,
    )
    .is_ok_and(|v| v != 0)
}

/// `syncNodes`: set expectations, create the pods (slow-start batches, each pinned to its
/// node) and delete the others.
#[allow(clippy::too_many_arguments)]
fn sync_nodes(
    st: &mut DaemonSetController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    ds_obj: &Arc<Object>,
    delete: Vec<(String, String)>,
    need: Vec<String>,
    hash: &str,
    plan: &mut Plan,
) {
    let Some(ds) = ds_obj.as_daemonset() else {
        return;
    };
    let key = ds_obj.key().ns_name();
    let ns = ds_obj.namespace().to_string();
    let create_n = need.len().min(BURST_REPLICAS);
    let delete_n = delete.len().min(BURST_REPLICAS);
    if create_n == 0 && delete_n == 0 {
        return;
    }
    st.expectations.insert(
        key.clone(),
        Expectations {
            add: create_n as i64,
            del: delete_n as i64,
            at: c.now,
        },
    );
    let template = pod_template(ds, hash);
    let mut failed = false;
    let mut created = 0;
    let mut batch = create_n.min(1);
    let mut pos = 0;
    'batches: while pos < create_n {
        for node in &need[pos..pos + batch] {
            let mut pod = template.clone();
            if let Some(spec) = pod.spec.as_mut() {
                spec.affinity = Some(Box::new(pin_to_node(
                    spec.affinity.take().map(|a| *a),
                    node,
                )));
            }
            pod.metadata.owner_references = Some(vec![crate::podutil::owner_ref(ds_obj, true)]);
            match c.api_create(cx, Object::from(pod), true) {
                Ok(p) => {
                    created += 1;
                    plan.create.push(node.clone());
                    cx.deferred_events.push(EventSpec::new(
                        ds_obj,
                        "Normal",
                        "SuccessfulCreate",
                        format!("Created pod: {}", p.name()),
                        "daemonset-controller",
                    ));
                }
                Err(e) => {
                    cx.deferred_events.push(EventSpec::new(
                        ds_obj,
                        "Warning",
                        "FailedCreate",
                        format!(
                            "Error creating: {}",
                            e.kubectl().trim_start_matches("Error from server ")
                        ),
                        "daemonset-controller",
                    ));
                    // The failed one and every skipped one will never be observed.
                    if let Some(e) = st.expectations.get_mut(&key) {
                        e.add -= (create_n - created) as i64;
                    }
                    failed = true;
                    break 'batches;
                }
            }
        }
        pos += batch;
        batch = (2 * batch).min(create_n - pos);
    }
    for (pod, node) in delete.into_iter().take(delete_n) {
        let pkey = ObjKey::new(Kind::Pod, &ns, &pod);
        match c.api_delete(cx, &pkey, Default::default()) {
            Ok(_) => {
                cx.deferred_events.push(EventSpec::new(
                    ds_obj,
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", pod),
                    "daemonset-controller",
                ));
                plan.delete.push((pod, node));
            }
            Err(e) => {
                if let Some(ex) = st.expectations.get_mut(&key) {
                    ex.del -= 1;
                }
                // RealPodControl.DeletePod: a pod already gone is no error.
                if !matches!(e, crate::runtime::api::ApiError::NotFound { .. }) {
                    failed = true;
                    cx.deferred_events.push(EventSpec::new(
                        ds_obj,
                        "Warning",
                        "FailedDelete",
                        format!("Error deleting: {}", e.status_message()),
                        "daemonset-controller",
                    ));
                }
            }
        }
    }
    // syncNodes returned an error: the worker requeues the key, rate-limited.
    if failed {
        c.add_rate_limited(work(c, key));
    }
}

/// `CreatePodTemplate` + `GetPodFromTemplate`: the template with the daemon tolerations,
/// the generation and hash labels, and `generateName: <ds>-`.
fn pod_template(ds: &DaemonSet, hash: &str) -> Pod {
    let spec = ds.spec.clone().unwrap_or_default();
    let t = spec.template;
    let tm = t.metadata.unwrap_or_default();
    let mut pod_spec = t.spec.unwrap_or_default();
    add_daemon_tolerations(&mut pod_spec);
    let mut labels = tm.labels.unwrap_or_default();
    if let Some(g) = template_generation(ds) {
        labels.insert(TEMPLATE_GENERATION_LABEL.into(), g.to_string());
    }
    if !hash.is_empty() {
        labels.insert(REVISION_HASH_LABEL.into(), hash.to_string());
    }
    Pod {
        metadata: ObjectMeta {
            generate_name: Some(format!("{}-", ds.metadata.name.as_deref().unwrap_or(""))),
            namespace: ds.metadata.namespace.clone(),
            labels: Some(labels),
            annotations: tm.annotations,
            finalizers: tm.finalizers,
            ..Default::default()
        },
        spec: Some(pod_spec),
        status: None,
    }
}

/// `rollingUpdate` (update.go): without surge, delete old pods while the unavailable count
/// stays within maxUnavailable (the manage loop then creates their replacements); with
/// surge, create new pods beside old ones within maxSurge and delete an old pod once its
/// replacement is available.
fn rolling_update(
    st: &mut DaemonSetController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    ds_obj: &Arc<Object>,
    nodes: &[Arc<Object>],
    hash: &str,
    plan: &mut Plan,
) {
    let Some(ds) = ds_obj.as_daemonset() else {
        return;
    };
    let mut by_node = nodes_to_pods(c, ds_obj, false);
    let (max_surge, max_unavailable) = desired_counts(ds, nodes, &mut by_node);
    let min_ready = ds
        .spec
        .as_ref()
        .and_then(|s| s.min_ready_seconds)
        .unwrap_or(0);
    let generation = template_generation(ds);
    let now = c.now;
    let available = |p: &Pod| is_pod_available(p, min_ready, now);
    if max_surge == 0 {
        let mut unavailable = 0;
        let mut allowed: Vec<(String, String)> = vec![];
        let mut candidates: Vec<(String, String)> = vec![];
        for (node, pods) in &by_node {
            let Some((new, old)) = find_updated_pods_on_node(pods, hash, generation) else {
                unavailable += 1;
                continue;
            };
            match (new, old) {
                (None, None) | (Some(_), Some(_)) => unavailable += 1,
                (Some(new), None) => {
                    if !available(new) {
                        unavailable += 1;
                    }
                }
                (None, Some(old)) => {
                    let name = old.metadata.name.clone().unwrap_or_default();
                    if !available(old) {
                        allowed.push((name, node.clone()));
                        unavailable += 1;
                    } else if unavailable < max_unavailable {
                        candidates.push((name, node.clone()));
                    }
                }
            }
        }
        let remaining = (max_unavailable - unavailable)
            .max(0)
            .min(candidates.len() as i64);
        allowed.extend(candidates.into_iter().take(remaining as usize));
        sync_nodes(st, c, cx, ds_obj, allowed, vec![], hash, plan);
        return;
    }
    // Surging: a new pod beside each old one, within maxSurge; the old one goes once the
    // new one is available. Old pods on nodes that no longer qualify go too, but only while
    // the available pods stay above the desired count (update.go, v1.32).
    let node_map: BTreeMap<&str, &Node> = nodes
        .iter()
        .filter_map(|n| n.as_node().map(|x| (n.name(), x)))
        .collect();
    let runs_here = |node: &str| node_map.get(node).is_some_and(|n| should_run(n, ds).0);
    let desired = nodes
        .iter()
        .filter_map(|n| n.as_node())
        .filter(|n| should_run(n, ds).0)
        .count() as i64;
    let mut surge = 0;
    let mut num_available = 0i64;
    let mut allowed_new: Vec<String> = vec![];
    let mut candidate_new: Vec<String> = vec![];
    let mut old_to_delete: Vec<(String, String)> = vec![];
    let mut should_not_run: Vec<(String, String)> = vec![];
    for (node, pods) in &by_node {
        let Some((new, old)) = find_updated_pods_on_node(pods, hash, generation) else {
            surge += 1;
            continue;
        };
        let pod_available = match (old, new) {
            (Some(o), _) => available(o),
            (None, Some(n)) => available(n),
            (None, None) => false,
        };
        if pod_available {
            num_available += 1;
        }
        match (new, old) {
            (_, None) => {}
            (None, Some(old)) => {
                let name = old.metadata.name.clone().unwrap_or_default();
                if !pod_available {
                    if !runs_here(node) {
                        old_to_delete.push((name, node.clone()));
                        continue;
                    }
                    allowed_new.push(node.clone());
                } else if surge >= max_surge {
                    continue;
                } else if !runs_here(node) {
                    should_not_run.push((name, node.clone()));
                } else {
                    candidate_new.push(node.clone());
                }
            }
            (Some(new), Some(old)) => {
                if !available(new) {
                    surge += 1;
                    continue;
                }
                old_to_delete.push((old.metadata.name.clone().unwrap_or_default(), node.clone()));
            }
        }
    }
    let remaining = (max_surge - surge).max(0).min(candidate_new.len() as i64);
    allowed_new.extend(candidate_new.into_iter().take(remaining as usize));
    let deletable = (num_available - desired)
        .max(0)
        .min(should_not_run.len() as i64);
    old_to_delete.extend(should_not_run.into_iter().take(deletable as usize));
    sync_nodes(st, c, cx, ds_obj, old_to_delete, allowed_new, hash, plan);
}

/// `findUpdatedPodsOnNode`: the node's one new and one old pod (not being deleted); None
/// when it has more than one of either.
fn find_updated_pods_on_node<'a>(
    pods: &'a [Arc<Object>],
    hash: &str,
    generation: Option<i64>,
) -> Option<(Option<&'a Pod>, Option<&'a Pod>)> {
    let (mut new, mut old) = (None, None);
    for o in pods {
        let Some(p) = o.as_pod() else { continue };
        if p.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let slot = if is_pod_updated(p, hash, generation) {
            &mut new
        } else {
            &mut old
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(p);
    }
    Some((new, old))
}

/// `updatedDesiredNodeCounts`: (maxSurge, maxUnavailable) scaled on the number of nodes that
/// should run a pod (percentages round up); a node that should run one and has none joins
/// the map empty. Neither allowed → maxUnavailable 1.
fn desired_counts(
    ds: &DaemonSet,
    nodes: &[Arc<Object>],
    by_node: &mut BTreeMap<String, Vec<Arc<Object>>>,
) -> (i64, i64) {
    let mut desired = 0;
    for n in nodes {
        let Some(node) = n.as_node() else { continue };
        if !should_run(node, ds).0 {
            continue;
        }
        desired += 1;
        by_node.entry(n.name().to_string()).or_default();
    }
    let ru = ds
        .spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|s| s.rolling_update.clone())
        .unwrap_or_default();
    let scale = |v: Option<&k8s_openapi::apimachinery::pkg::util::intstr::IntOrString>| {
        crate::controller::deployment::util::get_scaled_value_from_int_or_percent(v, desired, true)
            .map(i64::from)
            .unwrap_or(0)
    };
    let max_unavailable = scale(ru.max_unavailable.as_ref());
    let max_surge = scale(ru.max_surge.as_ref());
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        return (0, 1);
    }
    (max_surge, max_unavailable)
}

/// `constructHistory`: find the revision whose data matches the current template (creating
/// it, numbered one past the highest, when there is none; renumbering it when an older one
/// is current again); returns its hash and the other revisions.
fn construct_history(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ds_obj: &Arc<Object>,
    ds: &DaemonSet,
) -> (String, Vec<Arc<Object>>) {
    let uid = ds.metadata.uid.clone().unwrap_or_default();
    let patch = revision_patch(ds_obj);
    let mut current: Vec<Arc<Object>> = vec![];
    let mut old: Vec<Arc<Object>> = vec![];
    // controlledHistories: the revisions it controls, and the orphans its selector matches
    // adopted (ClaimControllerRevisions), e.g. after `delete --cascade=orphan` and a new
    // DaemonSet of the same name.
    let mut histories: Vec<Arc<Object>> = c
        .idx
        .controlled_by(&uid, Kind::ControllerRevision)
        .iter()
        .filter_map(|k| c.store.get_obj(k).cloned())
        .collect();
    let selector = ds
        .spec
        .as_ref()
        .and_then(|s| crate::labels::Selector::from_label_selector(&s.selector).ok());
    if let Some(sel) = selector.filter(|s| !s.is_empty())
        && ds.metadata.deletion_timestamp.is_none()
    {
        for k in c
            .idx
            .orphans_in(Kind::ControllerRevision, ds_obj.namespace())
        {
            let Some(o) = c.store.get_obj(&k).cloned() else {
                continue;
            };
            if controller_of(&o).is_some() || !sel.matches_opt(o.meta().labels.as_ref()) {
                continue;
            }
            let mut adopted = (*o).clone();
            adopted
                .meta_mut()
                .owner_references
                .get_or_insert_with(Vec::new)
                .push(crate::podutil::owner_ref(ds_obj, true));
            if let Ok(n) = c.api_update(cx, adopted, false, false) {
                cx.say(super::RefWhy::Adopted {
                    kind: Kind::ControllerRevision,
                    name: n.name().to_string(),
                    selector: sel.to_string(),
                });
                histories.push(n);
            }
        }
    }
    for o in histories {
        let Some(cr) = o.as_controller_revision() else {
            continue;
        };
        if cr.data.as_ref().map(|d| &d.0) == Some(&patch) {
            current.push(o);
        } else {
            old.push(o);
        }
    }
    let max_old = old
        .iter()
        .filter_map(|o| o.as_controller_revision().map(|r| r.revision))
        .max()
        .unwrap_or(0);
    let next = max_old + 1;
    current.stable_sort_by_key(|o| o.as_controller_revision().map_or(0, |r| r.revision));
    if let Some(cur) = current.last().cloned() {
        // dedupCurHistories: keep the newest, delete the duplicates.
        for dup in &current[..current.len() - 1] {
            let _ = c.api_delete(cx, &dup.key(), Default::default());
        }
        let cr = cur.as_controller_revision().cloned().unwrap_or_default();
        let hash = cr
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(REVISION_HASH_LABEL))
            .cloned()
            .unwrap_or_else(|| cr.metadata.name.clone().unwrap_or_default());
        if cr.revision < next {
            let mut up = cr.clone();
            let from = up.revision;
            up.revision = next;
            if c.api_update(cx, Object::from(up), false, true).is_ok() {
                cx.say(DaemonSetWhy::Renumbered {
                    ds: ds_obj.name().to_string(),
                    revision: cr.metadata.name.clone().unwrap_or_default(),
                    from,
                    to: next,
                });
            }
        }
        return (hash, old);
    }
    // snapshot: ds-<ComputeHash(template, collisionCount)>.
    let spec = ds.spec.clone().unwrap_or_default();
    let collision = ds.status.as_ref().and_then(|s| s.collision_count);
    let hash = crate::controller::deployment::util::compute_hash(&spec.template, collision);
    let name = format!("{}-{}", ds.metadata.name.as_deref().unwrap_or(""), hash);
    let cr = super::new_revision(
        ds_obj,
        &spec.template,
        (REVISION_HASH_LABEL, &hash),
        &name,
        &patch,
        next,
    );
    match c.api_create(cx, Object::from(cr), true) {
        Ok(_) => cx.say(DaemonSetWhy::Snapshot {
            ds: ds_obj.name().to_string(),
            revision: name,
            number: next,
        }),
        Err(crate::runtime::api::ApiError::AlreadyExists { .. }) => {
            // snapshot: the same name holds another template (a hash collision) or
            // another owner's revision: collisionCount + 1 gives a new name next sync.
            let existing = c.get(Kind::ControllerRevision, ds_obj.namespace(), &name);
            let ours = existing.as_ref().is_some_and(|e| {
                controller_of(e).is_some_and(|r| r.uid == uid)
                    && e.as_controller_revision()
                        .and_then(|r| r.data.as_ref())
                        .is_some_and(|d| d.0 == patch)
            });
            if !ours {
                let mut up = ds.clone();
                let st = up.status.get_or_insert_with(Default::default);
                st.collision_count = Some(st.collision_count.unwrap_or(0) + 1);
                let _ = c.api_update_status(cx, Object::from(up));
                c.add_rate_limited(work(c, ds_obj.key().ns_name()));
            }
        }
        Err(_) => {}
    }
    (hash, old)
}

/// `cleanupHistory`: delete the oldest revisions past revisionHistoryLimit, except those
/// a live pod (deleted terminal ones included) still carries.
fn cleanup_history(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ds_obj: &Arc<Object>,
    ds: &DaemonSet,
    mut old: Vec<Arc<Object>>,
) {
    let keep = ds
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(10) as i64;
    let mut kill = old.len() as i64 - keep;
    if kill <= 0 {
        return;
    }
    let live: BTreeSet<String> = nodes_to_pods(c, ds_obj, true)
        .values()
        .flatten()
        .filter_map(|o| o.meta().labels.as_ref()?.get(REVISION_HASH_LABEL).cloned())
        .collect();
    old.stable_sort_by_key(|o| o.as_controller_revision().map_or(0, |r| r.revision));
    for o in old {
        if kill <= 0 {
            break;
        }
        let h = o
            .meta()
            .labels
            .as_ref()
            .and_then(|l| l.get(REVISION_HASH_LABEL))
            .cloned()
            .unwrap_or_default();
        if live.contains(&h) {
            continue;
        }
        if c.api_delete(cx, &o.key(), Default::default()).is_ok() {
            cx.say(DaemonSetWhy::PrunedRevision {
                ds: ds_obj.name().to_string(),
                revision: o.name().to_string(),
                limit: keep,
            });
        }
        kill -= 1;
    }
}

/// `updateDaemonSetStatus` + `storeDaemonSetStatus`: the counts over the nodes that should
/// run a pod (the oldest pod of each), written when they (or the observed generation)
/// changed.
fn update_status(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ds_obj: &Arc<Object>,
    nodes: &[Arc<Object>],
    hash: &str,
    observe_generation: bool,
) {
    let Some(ds_now) = c.get(Kind::DaemonSet, ds_obj.namespace(), ds_obj.name()) else {
        return;
    };
    let Some(ds) = ds_now.as_daemonset() else {
        return;
    };
    let by_node = nodes_to_pods(c, ds_obj, false);
    let min_ready = ds
        .spec
        .as_ref()
        .and_then(|s| s.min_ready_seconds)
        .unwrap_or(0);
    let generation = template_generation(ds);
    let (mut desired, mut current, mut misscheduled, mut ready, mut updated, mut available) =
        (0, 0, 0, 0, 0, 0);
    for n in nodes {
        let Some(node) = n.as_node() else { continue };
        let (run, _) = should_run(node, ds);
        let pods = by_node.get(n.name());
        let scheduled = pods.is_some_and(|p| !p.is_empty());
        if !run {
            if scheduled {
                misscheduled += 1;
            }
            continue;
        }
        desired += 1;
        let Some(pods) = pods.filter(|p| !p.is_empty()) else {
            continue;
        };
        current += 1;
        let mut pods = pods.clone();
        sort_pods(&mut pods);
        let Some(p) = pods[0].as_pod() else { continue };
        if is_pod_ready(p) {
            ready += 1;
            if is_pod_available(p, min_ready, c.now) {
                available += 1;
            }
        }
        if is_pod_updated(p, hash, generation) {
            updated += 1;
        }
    }
    let old = ds.status.clone().unwrap_or_default();
    let ds_gen = ds.metadata.generation;
    let status = DaemonSetStatus {
        desired_number_scheduled: desired,
        current_number_scheduled: current,
        number_misscheduled: misscheduled,
        number_ready: ready,
        // omitempty in apps/v1: a zero is not written.
        updated_number_scheduled: (updated != 0).then_some(updated),
        number_available: (available != 0).then_some(available),
        number_unavailable: (desired - available != 0).then_some(desired - available),
        observed_generation: if observe_generation {
            ds_gen
        } else {
            old.observed_generation
        },
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
    };
    let same = |o: &DaemonSetStatus| {
        o.desired_number_scheduled == status.desired_number_scheduled
            && o.current_number_scheduled == status.current_number_scheduled
            && o.number_misscheduled == status.number_misscheduled
            && o.number_ready == status.number_ready
            && o.updated_number_scheduled.unwrap_or(0) == updated
            && o.number_available.unwrap_or(0) == available
            && o.number_unavailable.unwrap_or(0) == desired - available
            && (!observe_generation || o.observed_generation.unwrap_or(0) >= ds_gen.unwrap_or(0))
    };
    if !same(&old) {
        let mut up = ds.clone();
        up.status = Some(status);
        if c.api_update_status(cx, Object::from(up)).is_ok() {
            cx.say(DaemonSetWhy::Status {
                ds: ds_obj.name().to_string(),
                desired: desired.into(),
                current: current.into(),
                ready: ready.into(),
                updated: updated.into(),
                available: available.into(),
            });
        }
    }
    // A last look after minReadySeconds (clock skew guard upstream; here it turns ready pods
    // available).
    if min_ready > 0 && ready != available {
        c.add_timer(
            c.now.plus(i64::from(min_ready) * 1000),
            work(c, ds_obj.key().ns_name()),
            false,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------------

/// What the DaemonSet controller did.
#[derive(Clone, Debug)]
pub enum DaemonSetWhy {
    /// Pods created on nodes, and pods deleted (with their nodes).
    Synced {
        ds: String,
        created_on: Vec<String>,
        deleted: Vec<(String, String)>,
    },
    /// A ControllerRevision saved for the current template.
    Snapshot {
        ds: String,
        revision: String,
        number: i64,
    },
    /// An older revision's template is current again: it takes the next number.
    Renumbered {
        ds: String,
        revision: String,
        from: i64,
        to: i64,
    },
    /// An old revision deleted past revisionHistoryLimit.
    PrunedRevision {
        ds: String,
        revision: String,
        limit: i64,
    },
    Status {
        ds: String,
        desired: i64,
        current: i64,
        ready: i64,
        updated: i64,
        available: i64,
    },
}

impl Explain for DaemonSetWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            DaemonSetWhy::Synced {
                ds,
                created_on,
                deleted,
            } => {
                let created = created_on.join(", ");
                let del_en: Vec<String> =
                    deleted.iter().map(|(p, n)| format!("{p} on {n}")).collect();
                let del_zh: Vec<String> =
                    deleted.iter().map(|(p, n)| format!("{n} 上的 {p}")).collect();
                match (created_on.is_empty(), deleted.is_empty()) {
                    (false, true) => w.pick(
                        "DaemonSet {0} wants one pod on every eligible node: created {1} pod{2}, for {3} (each pinned to its node by node affinity; the scheduler binds it)",
                        "DaemonSet {0} 要在每个符合条件的节点上运行一个 Pod：创建了 {1} 个 Pod，分别用于 {3}（节点亲和性把每个 Pod 固定到它的节点，由调度器绑定）",
                        [&ds, &created_on.len(), &s(created_on.len() as i64), &created],
                    ),
                    (true, _) => w.pick(
                        "DaemonSet {0}: deleted {1}",
                        "DaemonSet {0}：删除了 {2}",
                        [&ds, &del_en.join(", "), &del_zh.join("、")],
                    ),
                    (false, false) => w.pick(
                        "DaemonSet {0}: created pods for {1} and deleted {2}",
                        "DaemonSet {0}：为 {1} 创建了 Pod，并删除了 {3}",
                        [&ds, &created, &del_en.join(", "), &del_zh.join("、")],
                    ),
                }
            }
            DaemonSetWhy::Snapshot {
                ds,
                revision,
                number,
            } => w.pick(
                "saved DaemonSet {0}'s pod template as ControllerRevision {1} (revision {2})",
                "把 DaemonSet {0} 的 Pod 模板保存为 ControllerRevision {1}（修订版本 {2}）",
                [&ds, &revision, &number],
            ),
            DaemonSetWhy::Renumbered {
                ds,
                revision,
                from,
                to,
            } => w.pick(
                "DaemonSet {0}'s template matches ControllerRevision {1} again: renumbered it from revision {2} to {3}",
                "DaemonSet {0} 的模板再次与 ControllerRevision {1} 相同：把它从修订版本 {2} 改为 {3}",
                [&ds, &revision, &from, &to],
            ),
            DaemonSetWhy::PrunedRevision {
                ds,
                revision,
                limit,
            } => w.pick(
                "deleted ControllerRevision {1} of DaemonSet {0}: more than revisionHistoryLimit ({2}) old revisions, and no pod runs it",
                "删除了 DaemonSet {0} 的 ControllerRevision {1}：旧修订版本超过 revisionHistoryLimit（{2}），且没有 Pod 在用它",
                [&ds, &revision, &limit],
            ),
            DaemonSetWhy::Status {
                ds,
                desired,
                current,
                ready,
                updated,
                available,
            } => w.pick(
                "DaemonSet {0} status: {1} desired, {2} current, {3} ready, {4} up-to-date, {5} available",
                "DaemonSet {0} 状态：期望 {1}，当前 {2}，就绪 {3}，最新 {4}，可用 {5}",
                [&ds, &desired, &current, &ready, &updated, &available],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;
    use k8s_openapi::api::core::v1::{NodeSpec, PodTemplateSpec, Taint};

    fn node(name: &str, labels: &[(&str, &str)], taints: &[(&str, &str)]) -> Node {
        Node {
            metadata: ObjectMeta {
                name: Some(name.into()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..Default::default()
            },
            spec: Some(NodeSpec {
                taints: Some(
                    taints
                        .iter()
                        .map(|(k, e)| Taint {
                            key: k.to_string(),
                            effect: e.to_string(),
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            }),
            status: None,
        }
    }

    fn ds(spec: PodSpec) -> DaemonSet {
        DaemonSet {
            spec: Some(k8s_openapi::api::apps::v1::DaemonSetSpec {
                template: PodTemplateSpec {
                    metadata: None,
                    spec: Some(spec),
                },
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// Upstream's TestNodeShouldRunDaemonPod cases (daemon_controller_test.go), as
    /// (case, node, template) → (shouldRun, shouldContinueRunning).
    #[test]
    fn node_should_run_daemon_pod_table() {
        let sel = |k: &str, v: &str| PodSpec {
            node_selector: Some([(k.to_string(), v.to_string())].into()),
            ..Default::default()
        };
        let tol = |k: &str, e: &str| Toleration {
            key: Some(k.into()),
            operator: Some("Exists".into()),
            effect: Some(e.into()),
            ..Default::default()
        };
        let cases: Vec<(&str, Node, PodSpec, (bool, bool))> = vec![
            (
                "plain node",
                node("n", &[], &[]),
                PodSpec::default(),
                (true, true),
            ),
            (
                "node selector matches",
                node("n", &[("disk", "ssd")], &[]),
                sel("disk", "ssd"),
                (true, true),
            ),
            (
                "node selector does not match",
                node("n", &[("disk", "hdd")], &[]),
                sel("disk", "ssd"),
                (false, false),
            ),
            (
                "nodeName elsewhere",
                node("n", &[], &[]),
                PodSpec {
                    node_name: Some("other".into()),
                    ..Default::default()
                },
                (false, false),
            ),
            (
                "nodeName here",
                node("n", &[], &[]),
                PodSpec {
                    node_name: Some("n".into()),
                    ..Default::default()
                },
                (true, true),
            ),
            (
                "untolerated NoSchedule: no new pod, the old one stays",
                node("n", &[], &[("dedicated", "NoSchedule")]),
                PodSpec::default(),
                (false, true),
            ),
            (
                "untolerated NoExecute: nothing runs",
                node("n", &[], &[("dedicated", "NoExecute")]),
                PodSpec::default(),
                (false, false),
            ),
            (
                "tolerated NoExecute",
                node("n", &[], &[("dedicated", "NoExecute")]),
                PodSpec {
                    tolerations: Some(vec![tol("dedicated", "NoExecute")]),
                    ..Default::default()
                },
                (true, true),
            ),
            (
                "PreferNoSchedule is ignored",
                node("n", &[], &[("dedicated", "PreferNoSchedule")]),
                PodSpec::default(),
                (true, true),
            ),
            (
                "cordoned (unschedulable taint) is tolerated automatically",
                node(
                    "n",
                    &[],
                    &[("node.kubernetes.io/unschedulable", "NoSchedule")],
                ),
                PodSpec::default(),
                (true, true),
            ),
            (
                "not-ready NoExecute is tolerated automatically",
                node("n", &[], &[("node.kubernetes.io/not-ready", "NoExecute")]),
                PodSpec::default(),
                (true, true),
            ),
            (
                "network-unavailable only for host-network pods",
                node(
                    "n",
                    &[],
                    &[("node.kubernetes.io/network-unavailable", "NoSchedule")],
                ),
                PodSpec::default(),
                (false, true),
            ),
            (
                "network-unavailable tolerated with hostNetwork",
                node(
                    "n",
                    &[],
                    &[("node.kubernetes.io/network-unavailable", "NoSchedule")],
                ),
                PodSpec {
                    host_network: Some(true),
                    ..Default::default()
                },
                (true, true),
            ),
            (
                "control-plane taint needs a toleration",
                node(
                    "cp",
                    &[],
                    &[("node-role.kubernetes.io/control-plane", "NoSchedule")],
                ),
                PodSpec::default(),
                (false, true),
            ),
        ];
        for (name, n, spec, want) in cases {
            assert_eq!(should_run(&n, &ds(spec)), want, "{name}");
        }
    }

    #[test]
    fn daemon_tolerations_are_appended_once() {
        let mut spec = PodSpec {
            tolerations: Some(vec![Toleration {
                operator: Some("Exists".into()),
                ..Default::default()
            }]),
            ..Default::default()
        };
        add_daemon_tolerations(&mut spec);
        add_daemon_tolerations(&mut spec);
        let keys: Vec<String> = spec
            .tolerations
            .unwrap()
            .iter()
            .map(|t| t.key.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            keys,
            [
                "",
                "node.kubernetes.io/not-ready",
                "node.kubernetes.io/unreachable",
                "node.kubernetes.io/disk-pressure",
                "node.kubernetes.io/memory-pressure",
                "node.kubernetes.io/pid-pressure",
                "node.kubernetes.io/unschedulable",
            ]
        );
    }

    /// TestReplaceDaemonSetPodNodeNameNodeAffinity (util/daemonset_util_test.go), condensed.
    #[test]
    fn pin_to_node_replaces_required_terms_only() {
        let a = pin_to_node(None, "n1");
        let pod = |a: Affinity| Pod {
            spec: Some(PodSpec {
                affinity: Some(Box::new(a)),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(target_node(&pod(a.clone())), Some("n1".into()));
        let mut with_pref = a.clone();
        with_pref
            .node_affinity
            .as_mut()
            .unwrap()
            .preferred_during_scheduling_ignored_during_execution = Some(vec![]);
        let b = pin_to_node(Some(with_pref), "n2");
        assert_eq!(target_node(&pod(b.clone())), Some("n2".into()));
        assert!(
            b.node_affinity
                .unwrap()
                .preferred_during_scheduling_ignored_during_execution
                .is_some()
        );
    }

    #[test]
    fn pod_updated_by_hash_or_generation() {
        let p = |labels: &[(&str, &str)]| Pod {
            metadata: ObjectMeta {
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(is_pod_updated(
            &p(&[(REVISION_HASH_LABEL, "abc")]),
            "abc",
            None
        ));
        assert!(!is_pod_updated(
            &p(&[(REVISION_HASH_LABEL, "abc")]),
            "def",
            Some(2)
        ));
        assert!(is_pod_updated(
            &p(&[(TEMPLATE_GENERATION_LABEL, "2")]),
            "def",
            Some(2)
        ));
        assert!(!is_pod_updated(&p(&[]), "", None));
    }

    #[test]
    fn every_daemonset_explanation_renders_in_both_languages() {
        let all = [
            DaemonSetWhy::Synced {
                ds: "kube-proxy".into(),
                created_on: vec!["worker-1".into()],
                deleted: vec![],
            },
            DaemonSetWhy::Synced {
                ds: "kube-proxy".into(),
                created_on: vec![],
                deleted: vec![("kube-proxy-abcde".into(), "worker-1".into())],
            },
            DaemonSetWhy::Synced {
                ds: "kube-proxy".into(),
                created_on: vec!["worker-2".into()],
                deleted: vec![("kube-proxy-abcde".into(), "worker-1".into())],
            },
            DaemonSetWhy::Snapshot {
                ds: "kube-proxy".into(),
                revision: "kube-proxy-5d4b7c".into(),
                number: 1,
            },
            DaemonSetWhy::Renumbered {
                ds: "kube-proxy".into(),
                revision: "kube-proxy-5d4b7c".into(),
                from: 1,
                to: 3,
            },
            DaemonSetWhy::PrunedRevision {
                ds: "kube-proxy".into(),
                revision: "kube-proxy-5d4b7c".into(),
                limit: 10,
            },
            DaemonSetWhy::Status {
                ds: "kube-proxy".into(),
                desired: 3,
                current: 3,
                ready: 2,
                updated: 3,
                available: 2,
            },
        ];
        let index = |w: &DaemonSetWhy| match w {
            DaemonSetWhy::Synced {
                created_on,
                deleted,
                ..
            } => match (created_on.is_empty(), deleted.is_empty()) {
                (false, true) => 0,
                (true, _) => 1,
                (false, false) => 2,
            },
            DaemonSetWhy::Snapshot { .. } => 3,
            DaemonSetWhy::Renumbered { .. } => 4,
            DaemonSetWhy::PrunedRevision { .. } => 5,
            DaemonSetWhy::Status { .. } => 6,
        };
        check_all(&all, index, 7);
    }
}

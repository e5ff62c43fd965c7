//! kube-scheduler, default profile of v1.32 (`pkg/scheduler/schedule_one.go`,
//! `pkg/scheduler/apis/config/v1/default_plugins.go`).
//!
//! The engine keeps one [`SchedulerCache`] up to date from watch events and calls
//! [`schedule_pod`] for each pod it pops from the [`SchedulingQueue`]. One call runs the
//! filters in upstream order over the nodes (stopping at the first failing plugin per node,
//! and at the adaptive `numFeasibleNodesToFind`), scores the feasible nodes with the
//! upstream weights, and picks the best (seeded random tie-break), or returns a
//! [`FitError`] whose [`FitError::message`] is the exact `FailedScheduling` text.
//!
//! Plugins modelled: NodeUnschedulable, NodeName, TaintToleration (filter + score ×3),
//! NodeAffinity (filter + preferred score ×2), NodePorts, NodeResourcesFit (filter +
//! LeastAllocated ×1), PodTopologySpread (system-default constraints, score ×2),
//! NodeResourcesBalancedAllocation (×1), ImageLocality (×1), DefaultPreemption (message and
//! a simple victim plan).

mod cache;
pub mod component;
pub mod plugins;
pub mod quantity;
mod queue;

pub use cache::SchedulerCache;
pub use queue::{SchedulingQueue, backoff_duration};

use crate::sort::StableSort;
use cache::NodeInfo;
use k8s_openapi::api::core::v1::{Pod, Toleration};
use plugins::{HostPort, RequiredNodeAffinity};
use quantity::Resources;
use std::collections::BTreeMap;

use crate::lang::Lang;
use crate::runtime::step::Explain;

/// `minFeasibleNodesToFind`.
pub const MIN_FEASIBLE_NODES_TO_FIND: u32 = 100;
/// `minFeasibleNodesPercentageToFind`.
pub const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: u32 = 5;

/// Score weights of the default profile.
const W_TAINT: i64 = 3;
const W_AFFINITY: i64 = 2;
const W_FIT: i64 = 1;
const W_SPREAD: i64 = 2;
const W_BALANCED: i64 = 1;
const W_IMAGE: i64 = 1;

/// One node's weighted score, plugin by plugin (plugins that were skipped are left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeScore {
    /// Node name.
    pub node: String,
    /// Σ weight × normalised score.
    pub total: i64,
    /// (plugin name, weight × normalised score), in profile order.
    pub plugins: Vec<(&'static str, i64)>,
}

/// A successful scheduling decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleResult {
    /// The chosen node.
    pub node: String,
    /// Why this node, for learners.
    pub explanation: PickWhy,
    /// Nodes the filters looked at in this cycle.
    pub evaluated_nodes: u32,
    /// Nodes that passed the filters.
    pub feasible_nodes: u32,
    /// Up to five best-scored nodes, best first (empty when scoring was skipped).
    pub top_scores: Vec<NodeScore>,
}

/// Nodes whose pods preemption would evict so the incoming pod fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreemptionPlan {
    /// The nominated node.
    pub node: String,
    /// Victim pods as `namespace/name`.
    pub victims: Vec<String>,
}

/// Why a pod could not be scheduled (`framework.FitError` plus the PostFilter outcome).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FitError {
    /// Number of nodes in the snapshot (`NumAllNodes`).
    pub num_all_nodes: u32,
    /// Filter reason → number of nodes reporting it.
    pub reasons: BTreeMap<String, u32>,
    /// DefaultPreemption's message (`preemption: …`), empty if preemption found a node.
    pub post_filter_msg: String,
    /// When preemption would help: where, and whom to evict.
    pub preemption: Option<PreemptionPlan>,
    /// The first few nodes with their reasons, in the order the filters visited them.
    pub node_reasons: Vec<(String, Vec<String>)>,
}

impl FitError {
    /// The `FailedScheduling` event / `PodScheduled` condition message, exactly as
    /// `FitError.Error()` renders it in v1.32.
    pub fn message(&self) -> String {
        if self.num_all_nodes == 0 {
            // ErrNoNodesAvailable (schedule_one.go).
            return "no nodes available to schedule pods".to_string();
        }
        let mut s = fit_error_text(self.num_all_nodes, &self.reasons);
        if !self.post_filter_msg.is_empty() {
            s.push(' ');
            s.push_str(&self.post_filter_msg);
        }
        s
    }

    /// Why no node fits, naming nodes, for learners.
    pub fn explanation(&self) -> FitWhy {
        FitWhy {
            num_all_nodes: self.num_all_nodes,
            node_reasons: self
                .node_reasons
                .iter()
                .map(|(n, r)| (n.clone(), r.join(", ")))
                .collect(),
            preemption: self
                .preemption
                .as_ref()
                .map(|p| (p.victims.len(), p.node.clone())),
        }
    }
}

/// Why the scheduler picked a node (the Score phase's arithmetic, for learners).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PickWhy {
    /// Only one node passed the filters; `filtered_out` is the `count reason` list of the
    /// others ("" when none was filtered).
    Only { node: String, filtered_out: String },
    /// Several nodes tied for the best score: the seeded tie-break chose.
    Tied {
        node: String,
        /// The other tied nodes, when the sentence names them (at most 3); else empty (a
        /// thousand-node cluster would keep a thousand names per binding).
        others: Vec<String>,
        /// How many other nodes tied.
        tied_with: usize,
        score: i64,
    },
    /// The best score won against the runner-up; `differ` are the plugin scores that
    /// differ (`NodeResourcesFit 12 vs 10`), `same` those equal on both.
    Scored {
        node: String,
        score: i64,
        runner_up: String,
        runner_up_score: i64,
        differ: Vec<String>,
        same: Vec<String>,
        feasible: u32,
        evaluated: u32,
    },
}

/// `a, b and c`.
fn and_list(v: &[String], and: &str, comma: &str) -> String {
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{}{}{}", v[..n - 1].join(comma), and, v[n - 1]),
    }
}

impl Explain for PickWhy {
    fn text(&self, w: Lang) -> String {
        let zh = w == Lang::Zh;
        match self {
            PickWhy::Only { node, filtered_out } if filtered_out.is_empty() => w.pick(
                "only {0} passed the filters",
                "只有 {0} 通过了过滤",
                [node],
            ),
            PickWhy::Only { node, filtered_out } => w.pick(
                "only {0} passed the filters (filtered out: {1})",
                "只有 {0} 通过了过滤（被过滤掉的：{1}）",
                [node, filtered_out],
            ),
            PickWhy::Tied {
                node,
                tied_with,
                score,
                ..
            } if *tied_with > 3 => w.pick(
                "picked {0}: tied with {1} other nodes at score {2}, chosen by the seeded tie-break",
                "选择了 {0}：它与其他 {1} 个节点并列最高分 {2}，由带种子的随机决胜选出",
                [node, tied_with, score],
            ),
            PickWhy::Tied {
                node,
                others,
                score,
                ..
            } => w.pick(
                "picked {0}: tied with {1} at score {2}, chosen by the seeded tie-break",
                "选择了 {0}：它与 {1} 并列最高分 {2}，由带种子的随机决胜选出",
                [
                    node,
                    &if zh {
                        and_list(others, " 和 ", "、")
                    } else {
                        and_list(others, " and ", ", ")
                    },
                    score,
                ],
            ),
            PickWhy::Scored {
                node,
                score,
                runner_up,
                runner_up_score,
                differ,
                same,
                feasible,
                evaluated,
            } => {
                let same = match (same.is_empty(), zh) {
                    (true, _) => String::new(),
                    (false, false) => format!("; {} on both", and_list(same, " and ", ", ")),
                    (false, true) => format!("；两者的 {} 相同", and_list(same, " 和 ", ", ")),
                };
                w.pick(
                    "picked {0} (score {1} vs {2} {3}: {4}{5}; {6} of {7} nodes checked passed the filters)",
                    "选择了 {0}（得分 {1}，{2} 为 {3}：{4}{5}；检查的 {7} 个节点中有 {6} 个通过了过滤）",
                    [
                        node,
                        score,
                        runner_up,
                        runner_up_score,
                        &differ.join(", "),
                        &same,
                        feasible,
                        evaluated,
                    ],
                )
            }
        }
    }
}

/// Why no node fits: the first nodes with their filter reasons, and what preemption would
/// do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FitWhy {
    pub num_all_nodes: u32,
    /// (node, its reasons joined with ", "), in the order the filters visited them.
    pub node_reasons: Vec<(String, String)>,
    /// (victims, node) when preemption would make room.
    pub preemption: Option<(usize, String)>,
}

impl FitWhy {
    fn more(&self) -> usize {
        self.num_all_nodes as usize - self.node_reasons.len().min(self.num_all_nodes as usize)
    }
}

impl Explain for FitWhy {
    fn text(&self, w: Lang) -> String {
        let zh = w == Lang::Zh;
        if self.num_all_nodes == 0 {
            return w.pick(
                "there are no nodes to place the pod on",
                "没有可以放置该 Pod 的节点",
                [],
            );
        }
        let mut parts: Vec<String> = self
            .node_reasons
            .iter()
            .map(|(n, r)| format!("{}: {}", n, r))
            .collect();
        let more = self.more();
        if more > 0 {
            parts.push(if zh {
                format!("以及另外 {} 个节点", more)
            } else {
                format!("and {} more", more)
            });
        }
        let parts = parts.join(if zh { "；" } else { "; " });
        match &self.preemption {
            Some((victims, node)) => w.pick(
                "none of the {0} nodes passed the filters ({1}), but evicting {2} lower-priority pod(s) on {3} would make room",
                "{0} 个节点都没有通过过滤（{1}），但驱逐 {3} 上 {2} 个优先级较低的 Pod 可以腾出空间",
                [&self.num_all_nodes, &parts, victims, node],
            ),
            None => w.pick(
                "none of the {0} nodes passed the filters ({1})",
                "{0} 个节点都没有通过过滤（{1}）",
                [&self.num_all_nodes, &parts],
            ),
        }
    }
}

/// `0/N nodes are available: <sorted "count reason" list>.`
fn fit_error_text(n: u32, reasons: &BTreeMap<String, u32>) -> String {
    let mut s = format!("0/{} nodes are available:", n);
    let mut hist: Vec<String> = reasons
        .iter()
        .map(|(r, c)| format!("{} {}", c, r))
        .collect();
    hist.stable_sort();
    if !hist.is_empty() {
        s.push_str(&format!(" {}.", hist.join(", ")));
    }
    s
}

/// `numFeasibleNodesToFind` with the default adaptive `percentageOfNodesToScore`.
pub fn num_feasible_nodes_to_find(num_all_nodes: u32) -> u32 {
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return num_all_nodes;
    }
    let pct = 50i64 - num_all_nodes as i64 / 125;
    let pct = pct.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND as i64);
    let n = (num_all_nodes as i64 * pct / 100) as u32;
    n.max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// Whether the pod waits on scheduling gates (the SchedulingGates PreEnqueue plugin keeps
/// it out of the queue; kubectl shows `SchedulingGated`).
pub fn is_scheduling_gated(pod: &Pod) -> bool {
    pod.spec
        .as_ref()
        .and_then(|s| s.scheduling_gates.as_ref())
        .is_some_and(|g| !g.is_empty())
}

// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
enum Reason {
    Unschedulable,
    NodeName,
    Taint(String, String),
    Affinity,
    Ports,
    TooManyPods,
    Insufficient(String),
    VolumeNodeAffinity,
}

impl Reason {
    fn text(&self) -> String {
        match self {
            Reason::Unschedulable => "node(s) were unschedulable".to_string(),
            Reason::NodeName => "node(s) didn't match the requested node name".to_string(),
            Reason::Taint(k, v) => format!("node(s) had untolerated taint {{{}: {}}}", k, v),
            Reason::Affinity => "node(s) didn't match Pod's node affinity/selector".to_string(),
            Reason::Ports => {
                "node(s) didn't have free ports for the requested pod ports".to_string()
            }
            Reason::TooManyPods => "Too many pods".to_string(),
            Reason::Insufficient(r) => format!("Insufficient {}", r),
            Reason::VolumeNodeAffinity => "node(s) had volume node affinity conflict".to_string(),
        }
    }
}

/// A failed filter: `resolvable` = status Unschedulable (preemption may help) rather than
/// UnschedulableAndUnresolvable.
#[derive(Clone, Debug)]
struct Failure {
    resolvable: bool,
    reasons: Vec<Reason>,
}

/// Everything about the incoming pod the plugins need, computed once per cycle.
struct PodCtx<'a> {
    namespace: &'a str,
    tolerations: &'a [Toleration],
    node_name: Option<&'a str>,
    affinity: RequiredNodeAffinity,
    ports: Vec<HostPort>,
    req: Resources,
    nz_cpu: i64,
    nz_mem: i64,
    priority: i32,
    never_preempt: bool,
    images: Vec<String>,
    has_own_spread_constraints: bool,
    /// VolumeBinding: the hostnames the pod's bound volumes allow (their PVs' node
    /// affinity), None when they allow any node.
    volume_hosts: Option<std::collections::BTreeSet<String>>,
}

impl<'a> PodCtx<'a> {
    fn new(pod: &'a Pod) -> PodCtx<'a> {
        let spec = pod.spec.as_ref();
        let nz = quantity::pod_requests(pod, true);
        let mut images = Vec::new();
        if let Some(s) = spec {
            for c in s
                .init_containers
                .iter()
                .flatten()
                .chain(s.containers.iter())
            {
                images.push(plugins::normalized_image_name(
                    c.image.as_deref().unwrap_or(""),
                ));
            }
        }
        PodCtx {
            namespace: pod.metadata.namespace.as_deref().unwrap_or(""),
            tolerations: spec.and_then(|s| s.tolerations.as_deref()).unwrap_or(&[]),
            node_name: spec
                .and_then(|s| s.node_name.as_deref())
                .filter(|n| !n.is_empty()),
            affinity: RequiredNodeAffinity::of(pod),
            ports: plugins::pod_host_ports(pod),
            req: quantity::pod_requests(pod, false),
            nz_cpu: nz.milli_cpu,
            nz_mem: nz.memory,
            priority: spec.and_then(|s| s.priority).unwrap_or(0),
            never_preempt: spec.and_then(|s| s.preemption_policy.as_deref()) == Some("Never"),
            images,
            has_own_spread_constraints: spec
                .and_then(|s| s.topology_spread_constraints.as_ref())
                .is_some_and(|c| !c.is_empty()),
            volume_hosts: None,
        }
    }
}

/// NodeResourcesFit `fitsRequest` against a given usage.
fn fit_reasons(
    alloc: &Resources,
    allowed_pods: i64,
    requested: &Resources,
    pod_count: i64,
    req: &Resources,
) -> Vec<Reason> {
    let mut out = Vec::new();
    if pod_count + 1 > allowed_pods {
        out.push(Reason::TooManyPods);
    }
    if req.is_zero() {
        return out;
    }
    if req.milli_cpu > 0 && req.milli_cpu > alloc.milli_cpu - requested.milli_cpu {
        out.push(Reason::Insufficient("cpu".into()));
    }
    if req.memory > 0 && req.memory > alloc.memory - requested.memory {
        out.push(Reason::Insufficient("memory".into()));
    }
    if req.ephemeral_storage > 0
        && req.ephemeral_storage > alloc.ephemeral_storage - requested.ephemeral_storage
    {
        out.push(Reason::Insufficient("ephemeral-storage".into()));
    }
    for (name, q) in &req.scalar {
        let a = alloc.scalar.get(name).copied().unwrap_or(0);
        let u = requested.scalar.get(name).copied().unwrap_or(0);
        if *q > 0 && *q > a - u {
            out.push(Reason::Insufficient(name.clone()));
        }
    }
    out
}

/// The filter plugins in profile order; the first failing plugin decides.
fn run_filters(info: &NodeInfo, p: &PodCtx) -> Result<(), Failure> {
    let Some(node) = info.node.as_ref() else {
        return Err(Failure {
            resolvable: false,
            reasons: vec![Reason::Unschedulable],
        });
    };
    let unresolvable = |r: Reason| {
        Err(Failure {
            resolvable: false,
            reasons: vec![r],
        })
    };
    // NodeUnschedulable (plugins/nodeunschedulable/node_unschedulable.go)
    if node.unschedulable {
        let cordon = k8s_openapi::api::core::v1::Taint {
            key: plugins::TAINT_NODE_UNSCHEDULABLE.to_string(),
            effect: "NoSchedule".to_string(),
            value: None,
            time_added: None,
        };
        if !plugins::tolerations_tolerate_taint(p.tolerations, &cordon) {
            return unresolvable(Reason::Unschedulable);
        }
    }
    // NodeName (plugins/nodename/node_name.go)
    if let Some(n) = p.node_name
        && n != info.name
    {
        return unresolvable(Reason::NodeName);
    }
    // TaintToleration (plugins/tainttoleration/taint_toleration.go)
    if let Some(t) = plugins::find_untolerated_do_not_schedule(&node.taints, p.tolerations) {
        return unresolvable(Reason::Taint(
            t.key.clone(),
            t.value.clone().unwrap_or_default(),
        ));
    }
    // NodeAffinity (plugins/nodeaffinity/node_affinity.go)
    if !p.affinity.matches(&info.name, &node.labels) {
        return unresolvable(Reason::Affinity);
    }
    // NodePorts (plugins/nodeports/node_ports.go)
    if !p.ports.is_empty() && plugins::ports_conflict(&info.used_ports, &p.ports) {
        return Err(Failure {
            resolvable: true,
            reasons: vec![Reason::Ports],
        });
    }
    // NodeResourcesFit (plugins/noderesources/fit.go)
    let reasons = fit_reasons(
        &node.allocatable,
        node.allowed_pods,
        &info.requested,
        info.pods.len() as i64,
        &p.req,
    );
    if !reasons.is_empty() {
        return Err(Failure {
            resolvable: true,
            reasons,
        });
    }
    // VolumeBinding (plugins/volumebinding): bound PVs' node affinity.
    if let Some(hosts) = &p.volume_hosts {
        let host = node
            .labels
            .get("kubernetes.io/hostname")
            .map_or(info.name.as_str(), String::as_str);
        if !hosts.contains(host) {
            return unresolvable(Reason::VolumeNodeAffinity);
        }
    }
    Ok(())
}

/// Schedule one pod against the cache: filters, scores, host selection
/// (`schedulePod` / `findNodesThatFitPod` / `prioritizeNodes` / `selectHost`).
///
/// `spread_selector` is the label selector of the pod's owning ReplicaSet; with it the
/// PodTopologySpread system-default constraints apply (hostname maxSkew 3, zone maxSkew 5,
/// ScheduleAnyway). The rotating start index (`nextStartNodeIndex`) lives in the cache.
#[allow(clippy::result_large_err)] // FitError is the API the engine reports from.
pub fn schedule_pod(
    cache: &SchedulerCache,
    pod: &Pod,
    spread_selector: Option<&BTreeMap<String, String>>,
    rng: &mut crate::rng::SimRng,
) -> Result<ScheduleResult, FitError> {
    schedule_pod_with_volumes(cache, pod, spread_selector, rng, None)
}

/// [`schedule_pod`] with the VolumeBinding filter: `volume_hosts` are the hostnames the
/// pod's bound PersistentVolumes allow.
#[allow(clippy::result_large_err)]
pub fn schedule_pod_with_volumes(
    cache: &SchedulerCache,
    pod: &Pod,
    spread_selector: Option<&BTreeMap<String, String>>,
    rng: &mut crate::rng::SimRng,
    volume_hosts: Option<std::collections::BTreeSet<String>>,
) -> Result<ScheduleResult, FitError> {
    let order = &cache.order;
    let n_all = order.len() as u32;
    if n_all == 0 {
        return Err(FitError {
            num_all_nodes: 0,
            reasons: BTreeMap::new(),
            post_filter_msg: String::new(),
            preemption: None,
            node_reasons: Vec::new(),
        });
    }
    let mut p = PodCtx::new(pod);
    p.volume_hosts = volume_hosts;

    // ----- Filter ------------------------------------------------------------------------
    let to_find = num_feasible_nodes_to_find(n_all) as usize;
    let start = cache.next_start.get() % n_all;
    let mut feasible: Vec<u32> = Vec::new();
    let mut failed: Vec<(u32, Failure)> = Vec::new();
    let mut processed = 0u32;
    for i in 0..n_all {
        let slot = order[((start + i) % n_all) as usize];
        let Some(info) = cache.info(slot) else {
            continue;
        };
        processed += 1;
        match run_filters(info, &p) {
            Ok(()) => {
                feasible.push(slot);
                if feasible.len() >= to_find {
                    break;
                }
            }
            Err(f) => failed.push((slot, f)),
        }
    }
    cache.next_start.set((start + processed) % n_all);
    let evaluated = processed;

    if feasible.is_empty() {
        return Err(fit_error(cache, &p, n_all, &failed));
    }
    let name_of = |slot: u32| cache.info(slot).map(|i| i.name.clone()).unwrap_or_default();
    let filtered_summary = || {
        if failed.is_empty() {
            return String::new();
        }
        let mut hist: BTreeMap<String, u32> = BTreeMap::new();
        for (_, f) in &failed {
            for r in &f.reasons {
                *hist.entry(r.text()).or_insert(0) += 1;
            }
        }
        let mut v: Vec<String> = hist.iter().map(|(r, c)| format!("{} {}", c, r)).collect();
        v.stable_sort();
        v.join(", ")
    };
    if feasible.len() == 1 {
        let node = name_of(feasible[0]);
        return Ok(ScheduleResult {
            explanation: PickWhy::Only {
                node: node.clone(),
                filtered_out: filtered_summary(),
            },
            node,
            evaluated_nodes: evaluated,
            feasible_nodes: 1,
            top_scores: Vec::new(),
        });
    }

    // ----- Score -------------------------------------------------------------------------
    let infos: Vec<(u32, &NodeInfo, &cache::NodeData)> = feasible
        .iter()
        .filter_map(|s| cache.info(*s).map(|i| (*s, i)))
        .filter_map(|(s, i)| i.node.as_ref().map(|d| (s, i, d)))
        .collect();
    let k = infos.len();
    let mut columns: Vec<(&'static str, Vec<i64>)> = Vec::with_capacity(6);

    // TaintToleration (×3)
    let mut tt: Vec<i64> = infos
        .iter()
        .map(|(_, _, d)| plugins::count_intolerable_prefer_no_schedule(&d.taints, p.tolerations))
        .collect();
    plugins::default_normalize(&mut tt, true);
    columns.push(("TaintToleration", tt.iter().map(|s| s * W_TAINT).collect()));

    // NodeAffinity preferred (×2); skipped without preferred terms.
    if let Some(terms) = plugins::preferred_terms(pod) {
        let mut na: Vec<i64> = infos
            .iter()
            .map(|(_, i, d)| {
                terms
                    .iter()
                    .filter(|(_, t)| t.matches(&i.name, &d.labels))
                    .map(|(w, _)| *w)
                    .sum()
            })
            .collect();
        plugins::default_normalize(&mut na, false);
        columns.push(("NodeAffinity", na.iter().map(|s| s * W_AFFINITY).collect()));
    }

    // NodeResourcesFit LeastAllocated (×1), on non-zero requests.
    let fit: Vec<i64> = infos
        .iter()
        .map(|(_, i, d)| {
            plugins::least_allocated(&[
                (i.non_zero_cpu + p.nz_cpu, d.allocatable.milli_cpu),
                (i.non_zero_mem + p.nz_mem, d.allocatable.memory),
            ]) * W_FIT
        })
        .collect();
    columns.push(("NodeResourcesFit", fit));

    // PodTopologySpread (×2) with the system-default constraints.
    let spread_sel = spread_selector.filter(|s| !s.is_empty() && !p.has_own_spread_constraints);
    if let Some(sel) = spread_sel {
        let pts = cache.with_selector_counts(p.namespace, sel, |counts| {
            spread_scores(cache, &p, &infos, counts)
        });
        columns.push((
            "PodTopologySpread",
            pts.iter().map(|s| s * W_SPREAD).collect(),
        ));
    }

    // NodeResourcesBalancedAllocation (×1), on actual requests.
    let ba: Vec<i64> = infos
        .iter()
        .map(|(_, i, d)| {
            plugins::balanced_allocation(&[
                (
                    i.requested.milli_cpu + p.req.milli_cpu,
                    d.allocatable.milli_cpu,
                ),
                (i.requested.memory + p.req.memory, d.allocatable.memory),
            ]) * W_BALANCED
        })
        .collect();
    columns.push(("NodeResourcesBalancedAllocation", ba));

    // ImageLocality (×1).
    let il: Vec<i64> = infos
        .iter()
        .map(|(_, i, _)| {
            let mut sum = 0i64;
            for img in &p.images {
                if i.images.contains_key(img)
                    && let Some((size, nodes)) = cache.image_states.get(img)
                {
                    sum += plugins::scaled_image_score(*size, *nodes, n_all as i64);
                }
            }
            plugins::image_priority(sum, p.images.len() as i64) * W_IMAGE
        })
        .collect();
    columns.push(("ImageLocality", il));

    let totals: Vec<i64> = (0..k)
        .map(|j| columns.iter().map(|(_, c)| c[j]).sum())
        .collect();

    // ----- selectHost: uniform among the maximum (reservoir sampling) ---------------------
    let max = totals.iter().copied().max().unwrap_or(0);
    let mut chosen = 0usize;
    let mut tied: Vec<usize> = Vec::new();
    for (j, t) in totals.iter().enumerate() {
        if *t == max {
            tied.push(j);
            let cnt = tied.len() as u64;
            if cnt == 1 || rng.below(cnt) == 0 {
                chosen = j;
            }
        }
    }

    let breakdown = |j: usize| NodeScore {
        node: infos[j].1.name.clone(),
        total: totals[j],
        plugins: columns.iter().map(|(n, c)| (*n, c[j])).collect(),
    };
    // The chosen node, then the four best others (score desc, visit order) — no full sort.
    let mut ranked: Vec<usize> = vec![chosen];
    for j in 0..k {
        if j == chosen {
            continue;
        }
        let pos = ranked[1..]
            .iter()
            .position(|o| totals[j] > totals[*o])
            .map(|x| x + 1)
            .unwrap_or(ranked.len());
        if pos < 5 {
            ranked.insert(pos, j);
            ranked.truncate(5);
        }
    }
    let top_scores: Vec<NodeScore> = ranked.iter().take(5).map(|j| breakdown(*j)).collect();
    let node = infos[chosen].1.name.clone();

    let explanation = if tied.len() > 1 {
        let tied_with = tied.len() - 1;
        let others: Vec<String> = if tied_with > 3 {
            vec![]
        } else {
            tied.iter()
                .filter(|j| **j != chosen)
                .map(|j| infos[*j].1.name.clone())
                .collect()
        };
        PickWhy::Tied {
            node: node.clone(),
            others,
            tied_with,
            score: max,
        }
    } else {
        let r = ranked.get(1).copied().unwrap_or(chosen);
        let mut differ = Vec::new();
        let mut same = Vec::new();
        for (n, c) in &columns {
            if c[chosen] != c[r] {
                differ.push(format!("{} {} vs {}", n, c[chosen], c[r]));
            } else {
                same.push(format!("{} {}", n, c[chosen]));
            }
        }
        PickWhy::Scored {
            node: node.clone(),
            score: max,
            runner_up: infos[r].1.name.clone(),
            runner_up_score: totals[r],
            differ,
            same,
            feasible: k as u32,
            evaluated,
        }
    };

    Ok(ScheduleResult {
        node,
        explanation,
        evaluated_nodes: evaluated,
        feasible_nodes: k as u32,
        top_scores,
    })
}

/// PodTopologySpread PreScore + Score + NormalizeScore for the system-default constraints
/// (plugins/podtopologyspread/scoring.go). Returns normalised 0..=100 scores.
fn spread_scores(
    cache: &SchedulerCache,
    p: &PodCtx,
    infos: &[(u32, &NodeInfo, &cache::NodeData)],
    counts: &cache::SelectorCounts,
) -> Vec<i64> {
    const HOST_SKEW: i32 = 3;
    const ZONE_SKEW: i32 = 5;
    // Zone domains among the filtered nodes; a node without the label counts as the ""
    // domain here (it is only ignored when scoring), as upstream's initPreScoreState does.
    // Zone counts are only read for nodes that carry a zone label: without any, skip the
    // O(nodes) passes that build them.
    let any_zone = infos.iter().any(|(_, _, d)| d.zone.is_some());
    let mut zone_counts: BTreeMap<&str, i64> = BTreeMap::new();
    for (_, _, d) in infos.iter().filter(|_| any_zone) {
        let v = d.zone.as_deref().unwrap_or("");
        zone_counts.entry(v).or_insert(0);
    }
    let w_zone = plugins::topology_normalizing_weight(zone_counts.len());
    let w_host = plugins::topology_normalizing_weight(infos.len());
    // Count matching pods per zone over all nodes that pass the pod's required node
    // affinity (NodeAffinityPolicy Honor; NodeTaintsPolicy Ignore).
    for (slot, c) in counts.per_slot.iter().filter(|_| any_zone) {
        let Some(info) = cache.info(*slot) else {
            continue;
        };
        let Some(d) = info.node.as_ref() else {
            continue;
        };
        if !p.affinity.is_empty() && !p.affinity.matches(&info.name, &d.labels) {
            continue;
        }
        let v = d.zone.as_deref().unwrap_or("");
        if let Some(e) = zone_counts.get_mut(v) {
            *e += *c;
        }
    }
    let mut raw: Vec<i64> = infos
        .iter()
        .map(|(slot, _, d)| {
            let mut score = 0.0f64;
            if d.has_hostname {
                let cnt = counts.per_slot.get(slot).copied().unwrap_or(0);
                score += plugins::score_for_count(cnt, HOST_SKEW, w_host);
            }
            if let Some(z) = d.zone.as_deref() {
                let cnt = zone_counts.get(z).copied().unwrap_or(0);
                score += plugins::score_for_count(cnt, ZONE_SKEW, w_zone);
            }
            score.round() as i64
        })
        .collect();
    plugins::spread_normalize(&mut raw);
    raw
}

/// Build the FitError, running DefaultPreemption's PostFilter
/// (plugins/defaultpreemption/default_preemption.go, framework/preemption/preemption.go).
fn fit_error(
    cache: &SchedulerCache,
    p: &PodCtx,
    n_all: u32,
    failed: &[(u32, Failure)],
) -> FitError {
    let mut reasons: BTreeMap<String, u32> = BTreeMap::new();
    let mut node_reasons = Vec::new();
    for (slot, f) in failed {
        let texts: Vec<String> = f.reasons.iter().map(|r| r.text()).collect();
        for t in &texts {
            *reasons.entry(t.clone()).or_insert(0) += 1;
        }
        if node_reasons.len() < 10
            && let Some(i) = cache.info(*slot)
        {
            node_reasons.push((i.name.clone(), texts));
        }
    }

    let mut preemption = None;
    let post_filter_msg = if p.never_preempt {
        "preemption: not eligible due to preemptionPolicy=Never.".to_string()
    } else {
        let mut inner: BTreeMap<String, u32> = BTreeMap::new();
        for (slot, f) in failed {
            if !f.resolvable {
                *inner
                    .entry("Preemption is not helpful for scheduling".into())
                    .or_insert(0) += 1;
                continue;
            }
            match select_victims(cache, p, *slot) {
                Ok(victims) => {
                    if preemption.is_none() {
                        preemption = Some(PreemptionPlan {
                            node: cache
                                .info(*slot)
                                .map(|i| i.name.clone())
                                .unwrap_or_default(),
                            victims,
                        });
                    }
                }
                Err(rs) => {
                    for r in rs {
                        *inner.entry(r).or_insert(0) += 1;
                    }
                }
            }
        }
        if preemption.is_some() {
            String::new()
        } else {
            format!("preemption: {}", fit_error_text(n_all, &inner))
        }
    };
    FitError {
        num_all_nodes: n_all,
        reasons,
        post_filter_msg,
        preemption,
        node_reasons,
    }
}

/// `SelectVictimsOnNode`: remove every lower-priority pod; if the pod then fits, add back
/// (reprieve) as many as possible, most important first. Err = the reasons the node stays
/// unsuitable. Models resources, pod count and host ports.
fn select_victims(
    cache: &SchedulerCache,
    p: &PodCtx,
    slot: u32,
) -> Result<Vec<String>, Vec<String>> {
    let Some(info) = cache.info(slot) else {
        return Err(vec!["Preemption is not helpful for scheduling".into()]);
    };
    let Some(node) = info.node.as_ref() else {
        return Err(vec!["Preemption is not helpful for scheduling".into()]);
    };
    let mut lower: Vec<(&String, &cache::PodRecord)> = info
        .pods
        .iter()
        .filter_map(|k| cache.pods.get(k).map(|r| (k, r)))
        .filter(|(_, r)| r.priority < p.priority)
        .collect();
    if lower.is_empty() {
        return Err(vec!["No preemption victims found for incoming pod".into()]);
    }
    let mut requested = info.requested.clone();
    let mut count = info.pods.len() as i64;
    let mut ports = info.used_ports.clone();
    let apply = |req: &mut Resources,
                 count: &mut i64,
                 ports: &mut BTreeMap<HostPort, u32>,
                 r: &cache::PodRecord,
                 sign: i64| {
        req.milli_cpu += sign * r.requests.milli_cpu;
        req.memory += sign * r.requests.memory;
        req.ephemeral_storage += sign * r.requests.ephemeral_storage;
        for (k, v) in &r.requests.scalar {
            *req.scalar.entry(k.clone()).or_insert(0) += sign * v;
        }
        *count += sign;
        for hp in &r.ports {
            let e = ports.entry(hp.clone()).or_insert(0);
            if sign > 0 {
                *e += 1;
            } else {
                *e = e.saturating_sub(1);
            }
            if *e == 0 {
                ports.remove(hp);
            }
        }
    };
    for (_, r) in &lower {
        apply(&mut requested, &mut count, &mut ports, r, -1);
    }
    let fits = |req: &Resources, count: i64, ports: &BTreeMap<HostPort, u32>| -> Vec<Reason> {
        if !p.ports.is_empty() && plugins::ports_conflict(ports, &p.ports) {
            return vec![Reason::Ports];
        }
        fit_reasons(&node.allocatable, node.allowed_pods, req, count, &p.req)
    };
    let rs = fits(&requested, count, &ports);
    if !rs.is_empty() {
        return Err(rs.iter().map(|r| r.text()).collect());
    }
    // Reprieve: most important (highest priority) first, then by key for determinism.
    lower.stable_sort_by(|a, b| b.1.priority.cmp(&a.1.priority).then(a.0.cmp(b.0)));
    let mut victims = Vec::new();
    for (k, r) in lower {
        apply(&mut requested, &mut count, &mut ports, r, 1);
        if !fits(&requested, count, &ports).is_empty() {
            apply(&mut requested, &mut count, &mut ports, r, -1);
            victims.push(k.clone());
        }
    }
    Ok(victims)
}

#[cfg(test)]
mod tests;

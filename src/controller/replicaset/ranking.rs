//! Pure pod predicates and victim selection for the ReplicaSet controller.
//!
//! Mirrors `pkg/api/v1/pod/util.go` (`IsPodReady`, `IsPodAvailable`),
//! `pkg/controller/controller_utils.go` (`IsPodActive`, `ActivePodsWithRanks.Less`,
//! `slowStartBatch`) and `pkg/controller/replicaset/replica_set.go` (`getPodsToDelete`,
//! `getPodsRankedByRelatedPodsOnSameNode`). Nothing here touches the store: the caller hands
//! in the pods and the current virtual time.
//!
//! Sorting: Go's `sort.Sort` is not stable, and the informer hands pods over in map order,
//! so upstream's order among pods that tie on all eight rules is effectively arbitrary. Here
//! ties keep the caller's order ([`go_sort_by`]: Go's own insertion sort for ≤ 12 items,
//! a stable merge sort above), which makes the choice deterministic.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use crate::lang::Lang;
use crate::lang::s;
use crate::podutil::{is_pod_active, is_pod_ready, phase};
use crate::runtime::step::{Explain, fill};
use crate::time::{SimTime, human_duration};

/// `controller.BurstReplicas`: at most this many creations or deletions per sync.
pub const BURST_REPLICAS: i32 = 500;
/// `controller.SlowStartInitialBatchSize`.
pub const SLOW_START_INITIAL_BATCH_SIZE: i32 = 1;
/// Annotation read by rule 4 of the ranking (`PodDeletionCost`, beta, on by default).
pub const POD_DELETION_COST_ANNOTATION: &str = "controller.kubernetes.io/pod-deletion-cost";

// ---------------------------------------------------------------------------------------
// Pod predicates
// ---------------------------------------------------------------------------------------

fn node_name(pod: &Pod) -> &str {
    pod.spec
        .as_ref()
        .and_then(|s| s.node_name.as_deref())
        .unwrap_or("")
}

fn pod_name(pod: &Pod) -> &str {
    pod.metadata.name.as_deref().unwrap_or("")
}

/// `helper.GetDeletionCostFromPodAnnotations`: the annotation as an int32; absent, `+5`,
/// `007`, out of range or garbage all count as 0.
pub fn pod_deletion_cost(pod: &Pod) -> i32 {
    let Some(v) = pod
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(POD_DELETION_COST_ANNOTATION))
    else {
        return 0;
    };
    // validFirstDigit: '-' or a non-zero digit, or exactly "0".
    let first_ok = match v.as_bytes().first() {
        Some(b'-') => true,
        Some(b'0') => v == "0",
        Some(b) => b.is_ascii_digit(),
        None => false,
    };
    if !first_ok {
        return 0;
    }
    v.parse::<i32>().unwrap_or(0)
}

/// Highest `restartCount` over the pod's (regular) containers.
pub fn max_container_restarts(pod: &Pod) -> i32 {
    pod.status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .map(|cs| cs.iter().map(|c| c.restart_count).max().unwrap_or(0).max(0))
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------
// slowStartBatch
// ---------------------------------------------------------------------------------------

/// Batch sizes `slowStartBatch(count, initial, …)` uses when every call succeeds:
/// `initial, 2·initial, 4·initial, …`, each capped by what remains
/// (10 → `[1, 2, 4, 3]`; 500 → `[1, 2, 4, …, 128, 245]`). The caller stops after the first
/// batch with a failure (upstream skips the remaining batches).
pub fn slow_start_batch_sizes(count: i32, initial: i32) -> Vec<i32> {
    let mut out = Vec::new();
    let mut remaining = count.max(0);
    let mut batch = remaining.min(initial.max(0));
    while batch > 0 {
        out.push(batch);
        remaining -= batch;
        batch = batch.saturating_mul(2).min(remaining);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Sorting helper
// ---------------------------------------------------------------------------------------

/// Sort with a Go-style `less` that need not be a total order (upstream's pod ranking is
/// not transitive across its log-bucket/UID rules, and Rust's `sort_by` may panic on such
/// comparators). Up to 12 elements this is exactly Go's `insertionSort` (what `sort.Sort`
/// does for short inputs, stable); above that, a stable top-down merge sort. Never panics.
pub fn go_sort_by<T: Clone>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    if v.len() <= 12 {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && less(&v[j], &v[j - 1]) {
                v.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let mut buf: Vec<T> = v.to_vec();
    merge_sort(v, &mut buf, &mut less);
}

fn merge_sort<T: Clone>(v: &mut [T], buf: &mut [T], less: &mut impl FnMut(&T, &T) -> bool) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    let mid = n / 2;
    {
        let (l, r) = v.split_at_mut(mid);
        let (bl, br) = buf.split_at_mut(mid);
        merge_sort(l, bl, less);
        merge_sort(r, br, less);
    }
    buf[..n].clone_from_slice(v);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        // Take from the right only when it is strictly less: keeps equal items in order.
        if less(&buf[j], &buf[i]) {
            v[k] = buf[j].clone();
            j += 1;
        } else {
            v[k] = buf[i].clone();
            i += 1;
        }
        k += 1;
    }
    while i < mid {
        v[k] = buf[i].clone();
        i += 1;
        k += 1;
    }
    while j < n {
        v[k] = buf[j].clone();
        j += 1;
        k += 1;
    }
}

// ---------------------------------------------------------------------------------------
// ActivePodsWithRanks
// ---------------------------------------------------------------------------------------

/// Everything `ActivePodsWithRanks.Less` looks at, extracted once per pod.
#[derive(Clone, Debug)]
struct RankKey {
    assigned: bool,
    phase_ordinal: u8,
    ready: bool,
    cost: i32,
    rank: i64,
    /// Ready condition's lastTransitionTime (only meaningful when `ready`); None = zero time.
    ready_time: Option<SimTime>,
    restarts: i32,
    created: Option<SimTime>,
    uid: String,
}

fn phase_ordinal(p: &str) -> u8 {
    // podPhaseToOrdinal: Pending 0, Unknown 1, Running 2; anything else is a missing key (0).
    match p {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    }
}

fn rank_key(pod: &Pod, rank: i64) -> RankKey {
    let ready = is_pod_ready(pod);
    let ready_time = if ready {
        pod.status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready" && c.status == "True"))
            .and_then(|c| c.last_transition_time.as_ref())
            .map(SimTime::from_k8s)
    } else {
        None
    };
    RankKey {
        assigned: !node_name(pod).is_empty(),
        phase_ordinal: phase_ordinal(phase(pod)),
        ready,
        cost: pod_deletion_cost(pod),
        rank,
        ready_time,
        restarts: max_container_restarts(pod),
        created: pod
            .metadata
            .creation_timestamp
            .as_ref()
            .map(SimTime::from_k8s),
        uid: pod.metadata.uid.clone().unwrap_or_default(),
    }
}

/// Which of the eight rules of `ActivePodsWithRanks.Less` decided a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankRule {
    /// 1. unassigned before assigned.
    Unassigned,
    /// 2. Pending < Unknown < Running.
    Phase,
    /// 3. not Ready before Ready.
    NotReady,
    /// 4. lower pod-deletion-cost first.
    DeletionCost,
    /// 5. more related pods on the same node first.
    Colocated,
    /// 6. both Ready: more recently Ready first (log2 buckets, then UID).
    ReadyTime,
    /// 7. more container restarts first.
    Restarts,
    /// 8. newer creationTimestamp first (log2 buckets, then UID).
    Created,
    /// No rule separates the two pods.
    Tie,
}

/// floor(log2(d in ns)) as `logarithmicRankDiff` computes it; -1 for d ≤ 0.
/// (Integer log2; Go's float `math.Log2` agrees for any duration below ~104 days and
/// differs only within a few ns of a power of two beyond that.)
fn log_bucket(now: SimTime, t: SimTime) -> i64 {
    let ns = (now.0.saturating_sub(t.0)).saturating_mul(1_000_000);
    if ns <= 0 {
        -1
    } else {
        63 - i64::from(ns.leading_zeros())
    }
}

/// Compare two optional timestamps as `afterOrZero` / log-bucket + UID do.
/// Returns Some(true) if `a` goes first, Some(false) if `b` does, None if the times are equal.
fn time_rule(
    ta: Option<SimTime>,
    tb: Option<SimTime>,
    ua: &str,
    ub: &str,
    now: SimTime,
) -> Option<bool> {
    if ta == tb {
        return None;
    }
    match (ta, tb) {
        // afterOrZero: a zero time goes first.
        (None, _) => Some(true),
        (_, None) => Some(false),
        (Some(a), Some(b)) => {
            let diff = log_bucket(now, a) - log_bucket(now, b);
            if diff == 0 {
                Some(ua < ub)
            } else {
                Some(diff < 0)
            }
        }
    }
}

/// `ActivePodsWithRanks.Less(i, j)` (PodDeletionCost and LogarithmicScaleDown on): does `a`
/// go before `b`, and which rule said so? (`(false, Tie)` when neither goes first.)
fn less_with_rule(a: &RankKey, b: &RankKey, now: SimTime) -> (bool, RankRule) {
    if a.assigned != b.assigned {
        return (!a.assigned, RankRule::Unassigned);
    }
    if a.phase_ordinal != b.phase_ordinal {
        return (a.phase_ordinal < b.phase_ordinal, RankRule::Phase);
    }
    if a.ready != b.ready {
        return (!a.ready, RankRule::NotReady);
    }
    if a.cost != b.cost {
        return (a.cost < b.cost, RankRule::DeletionCost);
    }
    if a.rank != b.rank {
        return (a.rank > b.rank, RankRule::Colocated);
    }
    if a.ready
        && b.ready
        && let Some(r) = time_rule(a.ready_time, b.ready_time, &a.uid, &b.uid, now)
    {
        return (r, RankRule::ReadyTime);
    }
    if a.restarts != b.restarts {
        return (a.restarts > b.restarts, RankRule::Restarts);
    }
    if let Some(r) = time_rule(a.created, b.created, &a.uid, &b.uid, now) {
        return (r, RankRule::Created);
    }
    (false, RankRule::Tie)
}

/// `ActivePodsWithRanks.Less` for two pods with given ranks: true if `a` is preferred for
/// deletion over `b`.
pub fn pod_less(a: &Pod, rank_a: i64, b: &Pod, rank_b: i64, now: SimTime) -> bool {
    less_with_rule(&rank_key(a, rank_a), &rank_key(b, rank_b), now).0
}

/// The rule that decides between `a` and `b` (see [`pod_less`]).
pub fn deciding_rule(a: &Pod, rank_a: i64, b: &Pod, rank_b: i64, now: SimTime) -> RankRule {
    let ka = rank_key(a, rank_a);
    let kb = rank_key(b, rank_b);
    let (ab, rule) = less_with_rule(&ka, &kb, now);
    if ab || rule != RankRule::Tie {
        return rule;
    }
    less_with_rule(&kb, &ka, now).1
}

/// `getPodsRankedByRelatedPodsOnSameNode`: each candidate's rank is the number of *active*
/// pods in `related` on the same node (unscheduled pods share the node `""`).
/// `related` are all pods of all ReplicaSets with the same controller (the Deployment),
/// de-duplicated, normally including the candidates; empty for an RS without a controller.
pub fn colocation_ranks(candidates: &[&Pod], related: &[&Pod]) -> Vec<i64> {
    let mut on_node: BTreeMap<&str, i64> = BTreeMap::new();
    for p in related {
        if is_pod_active(p) {
            *on_node.entry(node_name(p)).or_insert(0) += 1;
        }
    }
    candidates
        .iter()
        .map(|p| on_node.get(node_name(p)).copied().unwrap_or(0))
        .collect()
}

/// The outcome of [`plan_pod_deletions`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeletionPlan {
    /// Indices into the `candidates` slice, in the order upstream would pick them.
    pub victims: Vec<usize>,
    /// Why these pods went first.
    pub reason: RankWhy,
}

/// `getPodsToDelete(filteredPods, relatedPods, diff)`: the indices (into `candidates`) of the
/// `diff` pods to delete. If `diff ≥ len(candidates)` all go, unsorted (upstream skips the
/// sort). Otherwise candidates are sorted by `ActivePodsWithRanks` with colocation ranks from
/// `related` and the first `diff` are taken.
pub fn pods_to_delete(
    candidates: &[&Pod],
    related: &[&Pod],
    diff: usize,
    now: SimTime,
) -> Vec<usize> {
    sorted_victims(candidates, related, diff, now).0
}

/// Returns (victims, sorted order of all candidates with keys) — the order only when sorted.
fn sorted_victims(
    candidates: &[&Pod],
    related: &[&Pod],
    diff: usize,
    now: SimTime,
) -> (Vec<usize>, Vec<(usize, RankKey)>) {
    if diff >= candidates.len() {
        return ((0..candidates.len()).collect(), Vec::new());
    }
    if diff == 0 {
        return (Vec::new(), Vec::new());
    }
    let ranks = colocation_ranks(candidates, related);
    let mut keyed: Vec<(usize, RankKey)> = candidates
        .iter()
        .zip(ranks)
        .enumerate()
        .map(|(i, (p, r))| (i, rank_key(p, r)))
        .collect();
    go_sort_by(&mut keyed, |a, b| less_with_rule(&a.1, &b.1, now).0);
    (keyed.iter().take(diff).map(|(i, _)| *i).collect(), keyed)
}

/// [`pods_to_delete`] plus a one-sentence explanation, e.g.
/// `web-7c5d-x9 goes first: it is not Ready while the others are` or
/// `web-7c5d-x9 goes first: all Running and Ready; picked by rank: 3 related pods share its node n2, 1 shares web-7c5d-a1's node n1`.
/// The sentence explains the closest call: the last victim against the first pod kept.
pub fn plan_pod_deletions(
    candidates: &[&Pod],
    related: &[&Pod],
    diff: usize,
    now: SimTime,
) -> DeletionPlan {
    let (victims, sorted) = sorted_victims(candidates, related, diff, now);
    let reason = explain(candidates, &victims, &sorted, now);
    DeletionPlan { victims, reason }
}

fn phase_word(ordinal: u8, raw: &str) -> String {
    match ordinal {
        2 => "Running".to_string(),
        1 => "Unknown".to_string(),
        _ if raw.is_empty() => "Pending".to_string(),
        _ => raw.to_string(),
    }
}

/// How long ago `t` was (None: an unset time).
fn age(now: SimTime, t: Option<SimTime>) -> Option<i64> {
    t.map(|t| now.0 - t.0)
}

fn explain(
    candidates: &[&Pod],
    victims: &[usize],
    sorted: &[(usize, RankKey)],
    now: SimTime,
) -> RankWhy {
    let names: Vec<String> = victims
        .iter()
        .filter_map(|i| candidates.get(*i).map(|p| pod_name(p).to_string()))
        .collect();
    let detail = if victims.is_empty() {
        RankDetail::NoneToGo
    } else if sorted.is_empty() {
        RankDetail::NoRanking
    } else {
        let k = victims.len();
        let (li, lk) = (&sorted[k - 1].0, &sorted[k - 1].1);
        let (si, sk) = (&sorted[k].0, &sorted[k].1);
        let kept = pod_name(candidates[*si]).to_string();
        let survivors = &sorted[k..];
        let (_, rule) = less_with_rule(lk, sk, now);
        let all_same_state = sorted.iter().all(|(_, x)| {
            x.assigned == lk.assigned && x.phase_ordinal == lk.phase_ordinal && x.ready == lk.ready
        });
        let context = RankContext {
            phase: phase_word(lk.phase_ordinal, phase(candidates[*li])),
            ready: lk.ready,
            like: (!all_same_state).then(|| kept.clone()),
        };
        let rule = match rule {
            RankRule::Unassigned => RuleWhy::Unassigned {
                others_all: survivors.iter().all(|(_, x)| x.assigned),
            },
            RankRule::Phase => RuleWhy::Phase {
                phase: phase_word(lk.phase_ordinal, phase(candidates[*li])),
                kept_phase: phase_word(sk.phase_ordinal, phase(candidates[*si])),
                others_all: survivors
                    .iter()
                    .all(|(_, x)| x.phase_ordinal == sk.phase_ordinal),
            },
            RankRule::NotReady => RuleWhy::NotReady {
                others_all: survivors.iter().all(|(_, x)| x.ready),
            },
            RankRule::DeletionCost => RuleWhy::DeletionCost {
                cost: lk.cost.to_string(),
                kept_cost: sk.cost.to_string(),
            },
            RankRule::Colocated => {
                let node = |i: usize| {
                    let n = node_name(candidates[i]);
                    if n.is_empty() {
                        "(unscheduled)".to_string()
                    } else {
                        n.to_string()
                    }
                };
                RuleWhy::Colocated {
                    rank: lk.rank,
                    node: node(*li),
                    kept_rank: sk.rank,
                    kept_node: node(*si),
                }
            }
            RankRule::ReadyTime => RuleWhy::ReadyTime {
                same_bucket: match (lk.ready_time, sk.ready_time) {
                    (Some(a), Some(b)) => log_bucket(now, a) == log_bucket(now, b),
                    _ => false,
                },
                age: age(now, lk.ready_time),
                kept_age: age(now, sk.ready_time),
            },
            RankRule::Restarts => RuleWhy::Restarts {
                restarts: lk.restarts,
                kept_restarts: sk.restarts,
            },
            RankRule::Created => RuleWhy::Created {
                same_bucket: match (lk.created, sk.created) {
                    (Some(a), Some(b)) => log_bucket(now, a) == log_bucket(now, b),
                    _ => false,
                },
                age: age(now, lk.created),
                kept_age: age(now, sk.created),
            },
            RankRule::Tie => RuleWhy::Tie,
        };
        RankDetail::Rule {
            last: pod_name(candidates[*li]).to_string(),
            kept,
            context,
            rule,
        }
    };
    RankWhy {
        victims: names,
        detail,
    }
}

/// Why these pods were deleted first: the closest call, the last victim against the first
/// pod kept, and the ranking rule that separated them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankWhy {
    /// The victims, in the order upstream picks them.
    pub victims: Vec<String>,
    pub detail: RankDetail,
}

/// The decision behind [`RankWhy`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RankDetail {
    /// No pod needs to go.
    NoneToGo,
    /// Every active pod goes, so no ranking is needed.
    NoRanking,
    /// `last` (the last victim) ranked below `kept` (the first pod kept) by `rule`.
    Rule {
        last: String,
        kept: String,
        context: RankContext,
        rule: RuleWhy,
    },
}

/// The state the closest call shares (`all Running and Ready`, or `… like KEPT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RankContext {
    pub phase: String,
    pub ready: bool,
    /// `Some(kept)` when not every candidate is in that state.
    pub like: Option<String>,
}

/// The ranking rule that decided (`ActivePodsWithRanks.Less`), with its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleWhy {
    Unassigned {
        others_all: bool,
    },
    Phase {
        phase: String,
        kept_phase: String,
        others_all: bool,
    },
    NotReady {
        others_all: bool,
    },
    DeletionCost {
        cost: String,
        kept_cost: String,
    },
    Colocated {
        rank: i64,
        node: String,
        kept_rank: i64,
        kept_node: String,
    },
    /// Ready more recently (ages in ms; None: unset).
    ReadyTime {
        same_bucket: bool,
        age: Option<i64>,
        kept_age: Option<i64>,
    },
    Restarts {
        restarts: i32,
        kept_restarts: i32,
    },
    Created {
        same_bucket: bool,
        age: Option<i64>,
        kept_age: Option<i64>,
    },
    Tie,
}

fn ago_en(age: Option<i64>) -> String {
    match age {
        Some(a) => format!("{} ago", human_duration(a)),
        None => "at an unset time".to_string(),
    }
}

fn ago_zh(age: Option<i64>) -> String {
    match age {
        Some(a) => format!("{} 前", human_duration(a)),
        None => "未设置的时间".to_string(),
    }
}

/// `a, b and c`, or `a, b and 3 more` past four.
fn names_en(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2..=4 => {
            let (last, rest) = names.split_last().unwrap_or((&names[0], &[]));
            format!("{} and {}", rest.join(", "), last)
        }
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}

fn names_zh(names: &[String]) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2..=4 => {
            let (last, rest) = names.split_last().unwrap_or((&names[0], &[]));
            format!("{} 和 {}", rest.join("、"), last)
        }
        n => format!("{}、{} 及另外 {} 个", names[0], names[1], n - 2),
    }
}

impl RankContext {
    fn render(&self, zh: bool) -> String {
        if zh { self.zh() } else { self.en() }
    }

    fn en(&self) -> String {
        let state = format!(
            "{}{}",
            self.phase,
            if self.ready {
                " and Ready"
            } else {
                " and not Ready"
            }
        );
        match &self.like {
            None => format!("all {state}"),
            Some(k) => format!("{state} like {k}"),
        }
    }

    fn zh(&self) -> String {
        let ready = if self.ready { "就绪" } else { "未就绪" };
        match &self.like {
            None => format!("全部为 {} 且{}", self.phase, ready),
            Some(k) => format!("与 {} 一样为 {} 且{}", k, self.phase, ready),
        }
    }
}

impl Explain for RankWhy {
    fn text(&self, w: Lang) -> String {
        let zh = w == Lang::Zh;
        // One template per language for each case; the arguments are shared.
        let t = |en: &'static str, zh_t: &'static str| if zh { zh_t } else { en };
        let names = if zh {
            names_zh(&self.victims)
        } else {
            names_en(&self.victims)
        };
        let (last, kept, context, rule) = match &self.detail {
            RankDetail::NoneToGo => return t("No pod needs to go.", "没有 Pod 需要删除。").into(),
            RankDetail::NoRanking if self.victims.len() == 1 => {
                return fill(
                    t(
                        "{0} goes: it is the only active pod, so no ranking is needed",
                        "删除 {0}：它是唯一的活跃 Pod，因此无需排序",
                    ),
                    &[&names],
                );
            }
            RankDetail::NoRanking => {
                return fill(
                    t(
                        "{0} go: every active pod is removed, so no ranking is needed",
                        "删除 {0}：所有活跃 Pod 都要删除，因此无需排序",
                    ),
                    &[&names],
                );
            }
            RankDetail::Rule {
                last,
                kept,
                context,
                rule,
            } => (last, kept, context.render(zh), rule),
        };
        let subject = if self.victims.len() == 1 {
            fill(t("{0} goes first: it", "最先删除 {0}：它"), &[&names])
        } else {
            fill(
                t(
                    "{0} go first; {1}, the closest call,",
                    "最先删除 {0}；其中最接近被保留的 {1} ",
                ),
                &[&names, last],
            )
        };
        let ago = |a: &Option<i64>| if zh { ago_zh(*a) } else { ago_en(*a) };
        // {0} subject, {1} kept, {2} context, then the rule's own values.
        let (template, a, b): (&str, String, String) = match rule {
            RuleWhy::Unassigned { others_all: true } => (
                t(
                    "{0} is not yet scheduled to a node, while the others are",
                    "{0}还没有被调度到节点上，而其他 Pod 都已调度",
                ),
                String::new(),
                String::new(),
            ),
            RuleWhy::Unassigned { others_all: false } => (
                t(
                    "{0} is not yet scheduled to a node, while {1} is",
                    "{0}还没有被调度到节点上，而 {1} 已调度",
                ),
                String::new(),
                String::new(),
            ),
            RuleWhy::Phase {
                phase,
                kept_phase,
                others_all: true,
            } => (
                t(
                    "{0} is {3}, while the others are {4}",
                    "{0}处于 {3}，而其他 Pod 处于 {4}",
                ),
                phase.clone(),
                kept_phase.clone(),
            ),
            RuleWhy::Phase {
                phase,
                kept_phase,
                others_all: false,
            } => (
                t(
                    "{0} is {3}, while {1} is {4}",
                    "{0}处于 {3}，而 {1} 处于 {4}",
                ),
                phase.clone(),
                kept_phase.clone(),
            ),
            RuleWhy::NotReady { others_all: true } => (
                t(
                    "{0} is not Ready while the others are",
                    "{0}未就绪，而其他 Pod 都已就绪",
                ),
                String::new(),
                String::new(),
            ),
            RuleWhy::NotReady { others_all: false } => (
                t("{0} is not Ready while {1} is", "{0}未就绪，而 {1} 已就绪"),
                String::new(),
                String::new(),
            ),
            RuleWhy::DeletionCost { cost, kept_cost } => (
                t(
                    "{0} has the lower pod-deletion-cost ({3} vs {4} for {1}); {2}",
                    "{0}的 pod-deletion-cost 更低（{3}，而 {1} 为 {4}）；{2}",
                ),
                cost.clone(),
                kept_cost.clone(),
            ),
            RuleWhy::Colocated {
                rank,
                node,
                kept_rank,
                kept_node,
            } => {
                let mine = if zh {
                    format!("{} 上有 {} 个", node, rank)
                } else {
                    format!("{} related pod{} share its node {}", rank, s(*rank), node)
                };
                let theirs = if zh {
                    format!("{} 上有 {} 个", kept_node, kept_rank)
                } else {
                    format!("{} on {}'s node {}", kept_rank, kept, kept_node)
                };
                (
                    t(
                        "{0} was picked by rank ({2}): {3}, {4}",
                        "{0}按排名被选中（{2}）：它所在的节点 {3}相关 Pod，而 {1} 所在的节点 {4}",
                    ),
                    mine,
                    theirs,
                )
            }
            RuleWhy::ReadyTime {
                same_bucket: true,
                age,
                kept_age,
            } => (
                t(
                    "{0} became Ready {3} and {1} {4}, the same power-of-two age bucket, so the pod UID order decided ({2}, equally busy nodes)",
                    "{0}在 {3}就绪，{1} 在 {4}就绪，属于同一个 2 的幂时长区间，因此由 Pod UID 的顺序决定（{2}，所在节点同样繁忙）",
                ),
                ago(age),
                ago(kept_age),
            ),
            RuleWhy::ReadyTime {
                same_bucket: false,
                age,
                kept_age,
            } => (
                t(
                    "{0} became Ready more recently ({3} vs {4} for {1}; {2}, equally busy nodes)",
                    "{0}就绪得更晚（{3}就绪，而 {1} 在 {4}就绪；{2}，所在节点同样繁忙）",
                ),
                ago(age),
                ago(kept_age),
            ),
            RuleWhy::Restarts {
                restarts,
                kept_restarts,
            } => (
                t(
                    "{0} has more container restarts ({3} vs {4} for {1}; {2})",
                    "{0}的容器重启次数更多（{3} 次，而 {1} 为 {4} 次；{2}）",
                ),
                restarts.to_string(),
                kept_restarts.to_string(),
            ),
            RuleWhy::Created {
                same_bucket: true,
                age,
                kept_age,
            } => (
                t(
                    "{0} was created {3} and {1} {4}, the same power-of-two age bucket, so the pod UID order decided ({2})",
                    "{0}创建于 {3}，{1} 创建于 {4}，属于同一个 2 的幂时长区间，因此由 Pod UID 的顺序决定（{2}）",
                ),
                ago(age),
                ago(kept_age),
            ),
            RuleWhy::Created {
                same_bucket: false,
                age,
                kept_age,
            } => (
                t(
                    "{0} is newer (created {3} vs {4} for {1}; {2})",
                    "{0}较新（创建于 {3}，而 {1} 创建于 {4}；{2}）",
                ),
                ago(age),
                ago(kept_age),
            ),
            RuleWhy::Tie => (
                t(
                    "{0} ties with {1} on every ranking rule, so list order decided ({2})",
                    "{0}与 {1} 在每条排序规则上都相同，因此由列表顺序决定（{2}）",
                ),
                String::new(),
                String::new(),
            ),
        };
        fill(template, &[&subject, kept, &context, &a, &b])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::podutil::is_pod_available;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use k8s_openapi::api::core::v1::{ContainerStatus, PodCondition, PodSpec, PodStatus};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    const HOUR: i64 = 3_600_000;
    const NOW: SimTime = SimTime(100 * 24 * HOUR);

    #[derive(Default, Clone)]
    struct P {
        name: &'static str,
        node: &'static str,
        phase: &'static str,
        ready: bool,
        restarts: i32,
        ready_since: Option<SimTime>,
        created: Option<SimTime>,
        cost: Option<&'static str>,
        uid: &'static str,
    }

    fn pod(p: P) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some(p.name.to_string()),
                uid: if p.uid.is_empty() {
                    None
                } else {
                    Some(p.uid.to_string())
                },
                creation_timestamp: p.created.map(SimTime::to_k8s),
                annotations: p.cost.map(|c| {
                    [(POD_DELETION_COST_ANNOTATION.to_string(), c.to_string())]
                        .into_iter()
                        .collect()
                }),
                ..Default::default()
            },
            spec: Some(PodSpec {
                node_name: if p.node.is_empty() {
                    None
                } else {
                    Some(p.node.to_string())
                },
                ..Default::default()
            }),
            status: Some(PodStatus {
                phase: Some(p.phase.to_string()),
                conditions: if p.ready {
                    Some(vec![PodCondition {
                        type_: "Ready".into(),
                        status: "True".into(),
                        last_transition_time: p.ready_since.map(SimTime::to_k8s),
                        ..Default::default()
                    }])
                } else {
                    None
                },
                container_statuses: if p.ready {
                    Some(vec![ContainerStatus {
                        restart_count: p.restarts,
                        ..Default::default()
                    }])
                } else {
                    None
                },
                ..Default::default()
            }),
        }
    }

    fn month_ago() -> SimTime {
        NOW.plus(-30 * 24 * HOUR)
    }

    /// The fixtures of upstream `TestSortingActivePodsWithRanks`.
    fn fixtures() -> BTreeMap<String, Pod> {
        let now = NOW;
        let m = month_ago();
        let p =
            |name, node, phase, ready, restarts, rs: Option<SimTime>, cr: Option<SimTime>, cost| {
                pod(P {
                    name,
                    node,
                    phase,
                    ready,
                    restarts,
                    ready_since: rs,
                    created: cr,
                    cost,
                    uid: "",
                })
            };
        [
            p("unscheduled", "", "Pending", false, 0, None, None, None),
            p("pending", "node", "Pending", false, 0, None, None, None),
            p(
                "unknown-phase",
                "node",
                "Unknown",
                false,
                0,
                None,
                None,
                None,
            ),
            p("not-ready", "node", "Running", false, 0, None, None, None),
            p("ready-no-ltt", "node", "Running", true, 0, None, None, None),
            p(
                "ready-now",
                "node",
                "Running",
                true,
                0,
                Some(now),
                Some(now),
                None,
            ),
            p(
                "ready-then",
                "node",
                "Running",
                true,
                0,
                Some(m),
                Some(m),
                None,
            ),
            p(
                "ready-high-restarts",
                "node",
                "Running",
                true,
                9001,
                Some(now),
                Some(now),
                None,
            ),
            p(
                "ready-now-created-then",
                "node",
                "Running",
                true,
                0,
                Some(now),
                Some(m),
                None,
            ),
            p(
                "low-cost",
                "node",
                "Running",
                true,
                0,
                Some(now),
                Some(m),
                Some("10"),
            ),
            p(
                "high-cost",
                "node",
                "Running",
                true,
                0,
                Some(now),
                Some(m),
                Some("100"),
            ),
            p(
                "unscheduled-5h",
                "",
                "Pending",
                false,
                0,
                Some(now.plus(-5 * HOUR)),
                Some(now.plus(-5 * HOUR)),
                None,
            ),
            p(
                "unscheduled-8h",
                "",
                "Pending",
                false,
                0,
                Some(now.plus(-8 * HOUR)),
                Some(now.plus(-8 * HOUR)),
                None,
            ),
            p(
                "ready-2h",
                "",
                "Running",
                true,
                0,
                Some(now.plus(-2 * HOUR)),
                Some(m),
                None,
            ),
            p(
                "ready-5h",
                "",
                "Running",
                true,
                0,
                Some(now.plus(-5 * HOUR)),
                Some(m),
                None,
            ),
            p(
                "ready-8h",
                "",
                "Running",
                true,
                0,
                Some(now.plus(-8 * HOUR)),
                Some(m),
                None,
            ),
        ]
        .into_iter()
        .map(|p| (pod_name(&p).to_string(), p))
        .collect()
    }

    #[test]
    fn pods_upstream_calls_equivalent_do_not_order_each_other() {
        let f = fixtures();
        let pairs = [
            ("unscheduled", "unscheduled"),
            ("pending", "pending"),
            ("unknown-phase", "unknown-phase"),
            ("not-ready", "not-ready"),
            ("ready-now-created-then", "ready-now-created-then"),
            ("ready-now", "ready-now"),
            ("ready-then", "ready-then"),
            ("ready-high-restarts", "ready-high-restarts"),
            ("unscheduled-5h", "unscheduled-8h"),
            ("ready-5h", "ready-8h"),
        ];
        for (a, b) in pairs {
            assert!(!pod_less(&f[a], 1, &f[b], 1, NOW), "{a} < {b}");
            assert!(!pod_less(&f[b], 1, &f[a], 1, NOW), "{b} < {a}");
        }
    }

    #[test]
    fn upstream_inequality_table_holds_in_both_directions() {
        let f = fixtures();
        let rows: &[(&str, i64, &str, i64)] = &[
            ("unscheduled", 1, "pending", 2),
            ("unscheduled", 2, "pending", 1),
            ("pending", 1, "unknown-phase", 2),
            ("unknown-phase", 1, "not-ready", 2),
            ("not-ready", 1, "ready-no-ltt", 1),
            ("ready-no-ltt", 1, "ready-now", 1),
            ("ready-now", 2, "ready-no-ltt", 1),
            ("ready-now", 1, "ready-then", 1),
            ("ready-now", 2, "ready-then", 1),
            ("ready-high-restarts", 1, "ready-now", 1),
            ("ready-now", 2, "ready-high-restarts", 1),
            ("ready-now", 1, "ready-now-created-then", 1),
            ("ready-now-created-then", 2, "ready-now", 1),
            ("low-cost", 2, "high-cost", 1),
            ("ready-2h", 1, "ready-5h", 1),
        ];
        for &(a, ra, b, rb) in rows {
            assert!(
                pod_less(&f[a], ra, &f[b], rb, NOW),
                "{a}({ra}) should go before {b}({rb})"
            );
            assert!(
                !pod_less(&f[b], rb, &f[a], ra, NOW),
                "{b}({rb}) should not go before {a}({ra})"
            );
        }
    }

    #[test]
    fn sorting_active_pods_gives_upstream_full_order_from_any_start() {
        // Upstream TestSortingActivePods (all rank 1).
        let then = month_ago();
        let r =
            |name, ready, ltt: Option<SimTime>, restarts: [i32; 2], created: Option<SimTime>| {
                let mut p = pod(P {
                    name,
                    node: "foo",
                    phase: "Running",
                    ready,
                    ready_since: ltt,
                    created,
                    ..Default::default()
                });
                if ready {
                    p.status.as_mut().unwrap().container_statuses = Some(
                        restarts
                            .iter()
                            .map(|c| ContainerStatus {
                                restart_count: *c,
                                ..Default::default()
                            })
                            .collect(),
                    );
                }
                p
            };
        let pods = vec![
            pod(P {
                name: "unscheduled",
                phase: "Pending",
                ..Default::default()
            }),
            pod(P {
                name: "scheduledButPending",
                node: "bar",
                phase: "Pending",
                ..Default::default()
            }),
            pod(P {
                name: "unknownPhase",
                node: "foo",
                phase: "Unknown",
                ..Default::default()
            }),
            pod(P {
                name: "runningButNotReady",
                node: "foo",
                phase: "Running",
                ..Default::default()
            }),
            r("runningNoLastTransitionTime", true, None, [3, 0], None),
            r(
                "runningWithLastTransitionTime",
                true,
                Some(NOW),
                [3, 0],
                None,
            ),
            r("runningLongerTime", true, Some(then), [3, 0], None),
            r(
                "lowerContainerRestartCount",
                true,
                Some(then),
                [2, 1],
                Some(NOW),
            ),
            r("oldest", true, Some(then), [2, 1], Some(then)),
        ];
        let want: Vec<&str> = pods.iter().map(pod_name).collect();
        // A few deterministic permutations (rotations and reversal).
        for shift in 0..pods.len() {
            for rev in [false, true] {
                let mut order: Vec<&Pod> = pods.iter().collect();
                order.rotate_left(shift);
                if rev {
                    order.reverse();
                }
                let mut keyed: Vec<(usize, RankKey)> = order
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (i, rank_key(p, 1)))
                    .collect();
                go_sort_by(&mut keyed, |a, b| less_with_rule(&a.1, &b.1, NOW).0);
                let got: Vec<&str> = keyed.iter().map(|(i, _)| pod_name(order[*i])).collect();
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn deletion_cost_parsing_follows_upstream_validation() {
        let c = |v: &'static str| {
            pod_deletion_cost(&pod(P {
                cost: Some(v),
                ..Default::default()
            }))
        };
        assert_eq!(c("10"), 10);
        assert_eq!(c("-5"), -5);
        assert_eq!(c("0"), 0);
        assert_eq!(c("+10"), 0);
        assert_eq!(c("008"), 0);
        assert_eq!(c("abc"), 0);
        assert_eq!(c("99999999999"), 0);
        assert_eq!(pod_deletion_cost(&pod(P::default())), 0);
    }

    #[test]
    fn slow_start_batches_double_and_are_capped_by_what_remains() {
        assert_eq!(slow_start_batch_sizes(1, 1), vec![1]);
        assert_eq!(slow_start_batch_sizes(2, 1), vec![1, 1]);
        assert_eq!(slow_start_batch_sizes(3, 1), vec![1, 2]);
        assert_eq!(slow_start_batch_sizes(10, 1), vec![1, 2, 4, 3]);
        assert_eq!(
            slow_start_batch_sizes(500, 1),
            vec![1, 2, 4, 8, 16, 32, 64, 128, 245]
        );
        assert_eq!(slow_start_batch_sizes(0, 1), Vec::<i32>::new());
        assert_eq!(slow_start_batch_sizes(5, 0), Vec::<i32>::new());
    }

    #[test]
    fn availability_needs_min_ready_seconds_strictly_elapsed() {
        let p = pod(P {
            phase: "Running",
            ready: true,
            ready_since: Some(SimTime(10_000)),
            ..Default::default()
        });
        assert!(is_pod_available(&p, 0, SimTime(10_000)));
        assert!(!is_pod_available(&p, 5, SimTime(15_000)));
        assert!(is_pod_available(&p, 5, SimTime(15_001)));
        let no_ltt = pod(P {
            phase: "Running",
            ready: true,
            ..Default::default()
        });
        assert!(is_pod_available(&no_ltt, 0, NOW));
        assert!(!is_pod_available(&no_ltt, 1, NOW));
        let not_ready = pod(P {
            phase: "Running",
            ..Default::default()
        });
        assert!(!is_pod_available(&not_ready, 0, NOW));
    }

    #[test]
    fn active_excludes_finished_and_terminating_pods() {
        let mut p = pod(P {
            phase: "Running",
            ..Default::default()
        });
        assert!(is_pod_active(&p));
        p.metadata.deletion_timestamp = Some(NOW.to_k8s());
        assert!(!is_pod_active(&p));
        for ph in ["Succeeded", "Failed"] {
            assert!(!is_pod_active(&pod(P {
                phase: ph,
                ..Default::default()
            })));
        }
        assert!(is_pod_active(&pod(P {
            phase: "Unknown",
            ..Default::default()
        })));
    }

    #[test]
    fn not_ready_pod_is_deleted_first_and_explained() {
        let ready = |name, node| {
            pod(P {
                name,
                node,
                phase: "Running",
                ready: true,
                ready_since: Some(NOW.plus(-HOUR)),
                created: Some(NOW.plus(-HOUR)),
                ..Default::default()
            })
        };
        let a = ready("web-a1", "n1");
        let b = pod(P {
            name: "web-x9",
            node: "n2",
            phase: "Running",
            ..Default::default()
        });
        let c = ready("web-c3", "n2");
        let cands = [&a, &b, &c];
        let plan = plan_pod_deletions(&cands, &cands, 1, NOW);
        assert_eq!(plan.victims, vec![1]);
        assert_eq!(
            plan.reason.en(),
            "web-x9 goes first: it is not Ready while the others are"
        );
    }

    #[test]
    fn colocated_pods_go_before_lonely_ones() {
        let ready = |name, node| {
            pod(P {
                name,
                node,
                phase: "Running",
                ready: true,
                ready_since: Some(NOW.plus(-HOUR)),
                created: Some(NOW.plus(-HOUR)),
                ..Default::default()
            })
        };
        let a = ready("web-a", "n1");
        let b = ready("web-b", "n2");
        let c = ready("web-c", "n2");
        // A pod of another RS of the same deployment also lives on n2.
        let other = ready("web-old-z", "n2");
        let cands = [&a, &b, &c];
        let related = [&a, &b, &c, &other];
        assert_eq!(colocation_ranks(&cands, &related), vec![1, 3, 3]);
        let plan = plan_pod_deletions(&cands, &related, 1, NOW);
        assert_eq!(plan.victims, vec![1]);
        assert_eq!(
            plan.reason.en(),
            "web-b goes first: it ties with web-c on every ranking rule, so list order decided (all Running and Ready)"
        );
        let plan = plan_pod_deletions(&cands, &related, 2, NOW);
        assert_eq!(plan.victims, vec![1, 2]);
        assert!(
            plan.reason.en().starts_with("web-b and web-c go first; web-c, the closest call, was picked by rank (all Running and Ready): 3 related pods share its node n2, 1 on web-a's node n1"),
            "{:?}",
            plan.reason
        );
    }

    #[test]
    fn phase_and_ready_time_explanations_read_as_sentences() {
        let ready = |name, h: i64| {
            pod(P {
                name,
                node: "n1",
                phase: "Running",
                ready: true,
                ready_since: Some(NOW.plus(-h * HOUR)),
                created: Some(NOW.plus(-h * HOUR)),
                ..Default::default()
            })
        };
        let pending = pod(P {
            name: "web-p",
            node: "n1",
            phase: "Pending",
            ..Default::default()
        });
        let (a, b) = (ready("web-a", 3), ready("web-b", 30));
        let cands = [&a, &b, &pending];
        assert_eq!(
            plan_pod_deletions(&cands, &cands, 1, NOW).reason.en(),
            "web-p goes first: it is Pending, while the others are Running"
        );
        let cands = [&b, &a];
        assert_eq!(
            plan_pod_deletions(&cands, &cands, 1, NOW).reason.en(),
            "web-a goes first: it became Ready more recently (3h ago vs 30h ago for web-b; all Running and Ready, equally busy nodes)"
        );
    }

    #[test]
    fn deleting_everything_skips_the_sort() {
        let a = pod(P {
            name: "a",
            phase: "Running",
            ..Default::default()
        });
        let b = pod(P {
            name: "b",
            phase: "Pending",
            ..Default::default()
        });
        let cands = [&a, &b];
        assert_eq!(pods_to_delete(&cands, &cands, 2, NOW), vec![0, 1]);
        assert_eq!(pods_to_delete(&cands, &cands, 5, NOW), vec![0, 1]);
        assert_eq!(pods_to_delete(&cands, &cands, 1, NOW), vec![1]);
        assert!(pods_to_delete(&cands, &cands, 0, NOW).is_empty());
    }

    #[test]
    fn same_bucket_ready_times_fall_back_to_uid_order() {
        let mk = |name, uid, h: i64| {
            pod(P {
                name,
                uid,
                node: "n",
                phase: "Running",
                ready: true,
                ready_since: Some(NOW.plus(-h * HOUR)),
                created: Some(month_ago()),
                ..Default::default()
            })
        };
        let a = mk("a", "uid-b", 5);
        let b = mk("b", "uid-a", 8);
        let cands = [&a, &b];
        assert_eq!(pods_to_delete(&cands, &cands, 1, NOW), vec![1]);
        let plan = plan_pod_deletions(&cands, &cands, 1, NOW);
        assert!(
            plan.reason.en().contains("same power-of-two age bucket"),
            "{:?}",
            plan.reason
        );
    }

    #[test]
    fn sorting_a_large_list_never_panics_and_picks_unready_first() {
        let mut pods = Vec::new();
        for i in 0..200 {
            pods.push(pod(P {
                name: "p",
                node: if i % 3 == 0 { "n1" } else { "n2" },
                phase: "Running",
                ready: i % 50 != 7,
                ready_since: Some(NOW.plus(-((i % 9) as i64) * HOUR - 1000)),
                created: Some(NOW.plus(-((i % 5) as i64) * HOUR)),
                uid: ["u3", "u1", "u2"][i % 3],
                ..Default::default()
            }));
        }
        let refs: Vec<&Pod> = pods.iter().collect();
        let v = pods_to_delete(&refs, &refs, 4, NOW);
        let mut v2 = v.clone();
        v2.sort();
        assert_eq!(v2, vec![7, 57, 107, 157]);
    }
}

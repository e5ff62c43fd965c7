//! The default-profile plugins' per-node logic, as pure functions over pre-parsed data.
//!
//! Each function names the upstream file it mirrors (paths under `pkg/scheduler/framework/`
//! unless stated otherwise).

use k8s_openapi::api::core::v1::{NodeSelectorTerm, Pod, Taint, Toleration};
use std::collections::BTreeMap;

/// Highest score a plugin gives a node (`framework.MaxNodeScore`).
pub const MAX_NODE_SCORE: i64 = 100;

/// Taint added for cordoned nodes (`v1.TaintNodeUnschedulable`).
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";
/// Node label holding the host name (hostname spreading domain).
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
/// Node label holding the zone (zone spreading domain, node-tree grouping).
pub const LABEL_ZONE: &str = "topology.kubernetes.io/zone";
/// Node label holding the region (node-tree grouping).
pub const LABEL_REGION: &str = "topology.kubernetes.io/region";
/// Deprecated zone label, still preferred by `GetZoneKey`.
pub const LABEL_ZONE_BETA: &str = "failure-domain.beta.kubernetes.io/zone";
/// Deprecated region label, still preferred by `GetZoneKey`.
pub const LABEL_REGION_BETA: &str = "failure-domain.beta.kubernetes.io/region";

// ---------------------------------------------------------------------------------------
// TaintToleration (staging/src/k8s.io/api/core/v1/toleration.go: ToleratesTaint;
// component-helpers/scheduling/corev1/helpers.go: FindMatchingUntoleratedTaint)

/// `Toleration.ToleratesTaint` as of v1.32: effect empty matches all effects, key empty
/// matches all keys (validation only allows that with `Exists`), operator empty means
/// `Equal`; unknown operators tolerate nothing.
pub fn tolerates_taint(t: &Toleration, taint: &Taint) -> bool {
    let effect = t.effect.as_deref().unwrap_or("");
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = t.key.as_deref().unwrap_or("");
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match t.operator.as_deref().unwrap_or("") {
        "" | "Equal" => t.value.as_deref().unwrap_or("") == taint.value.as_deref().unwrap_or(""),
        "Exists" => true,
        _ => false,
    }
}

/// `TolerationsTolerateTaint`: some toleration tolerates the taint.
pub fn tolerations_tolerate_taint(tols: &[Toleration], taint: &Taint) -> bool {
    tols.iter().any(|t| tolerates_taint(t, taint))
}

/// `FindMatchingUntoleratedTaint` with `DoNotScheduleTaintsFilterFunc` (NoSchedule and
/// NoExecute only): the first such taint, in node order, that no toleration tolerates.
pub fn find_untolerated_do_not_schedule<'a>(
    taints: &'a [Taint],
    tols: &[Toleration],
) -> Option<&'a Taint> {
    taints.iter().find(|t| {
        (t.effect == "NoSchedule" || t.effect == "NoExecute")
            && !tolerations_tolerate_taint(tols, t)
    })
}

/// TaintToleration Score: the number of PreferNoSchedule taints not tolerated by the
/// pod's tolerations whose effect is empty or PreferNoSchedule.
pub fn count_intolerable_prefer_no_schedule(taints: &[Taint], tols: &[Toleration]) -> i64 {
    let prefer: Vec<&Toleration> = tols
        .iter()
        .filter(|t| {
            matches!(
                t.effect.as_deref(),
                None | Some("") | Some("PreferNoSchedule")
            )
        })
        .collect();
    taints
        .iter()
        .filter(|t| t.effect == "PreferNoSchedule")
        .filter(|t| !prefer.iter().any(|tol| tolerates_taint(tol, t)))
        .count() as i64
}

/// `helper.DefaultNormalizeScore`: scale to 0..=max by the largest raw score; `reverse`
/// flips (fewer is better). All zero → all 0 (or all max when reversed).
pub fn default_normalize(scores: &mut [i64], reverse: bool) {
    let max = scores.iter().copied().max().unwrap_or(0).max(0);
    if max == 0 {
        if reverse {
            scores.iter_mut().for_each(|s| *s = MAX_NODE_SCORE);
        }
        return;
    }
    for s in scores.iter_mut() {
        let mut v = MAX_NODE_SCORE * *s / max;
        if reverse {
            v = MAX_NODE_SCORE - v;
        }
        *s = v;
    }
}

// ---------------------------------------------------------------------------------------
// NodeAffinity (component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go)

#[derive(Clone, Debug)]
enum LabelOp {
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
    Gt(i64),
    Lt(i64),
}

#[derive(Clone, Debug)]
struct LabelReq {
    key: String,
    op: LabelOp,
}

impl LabelReq {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        let v = labels.get(&self.key);
        match &self.op {
            LabelOp::In(vals) => v.is_some_and(|v| vals.iter().any(|x| x == v)),
            LabelOp::NotIn(vals) => v.is_none_or(|v| !vals.iter().any(|x| x == v)),
            LabelOp::Exists => v.is_some(),
            LabelOp::DoesNotExist => v.is_none(),
            LabelOp::Gt(n) => v
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|x| x > *n),
            LabelOp::Lt(n) => v
                .and_then(|v| v.parse::<i64>().ok())
                .is_some_and(|x| x < *n),
        }
    }
}

/// Label requirements and `metadata.name` field requirements (`true` = In).
type ParsedTerm = (Vec<LabelReq>, Vec<(bool, String)>);

/// A parsed `NodeSelectorTerm`; `None` inside means the term failed to parse and (as
/// upstream, which ignores such errors) matches no node.
#[derive(Clone, Debug)]
pub struct Term {
    parsed: Option<ParsedTerm>,
}

impl Term {
    /// Parse a term the way `newNodeSelectorTerm` does.
    pub fn parse(t: &NodeSelectorTerm) -> Term {
        let exprs = t.match_expressions.as_deref().unwrap_or(&[]);
        let fields = t.match_fields.as_deref().unwrap_or(&[]);
        if exprs.is_empty() && fields.is_empty() {
            // An empty term matches nothing.
            return Term { parsed: None };
        }
        let mut reqs = Vec::new();
        for e in exprs {
            let vals = e.values.clone().unwrap_or_default();
            let op = match e.operator.as_str() {
                "In" if !vals.is_empty() => LabelOp::In(vals),
                "NotIn" if !vals.is_empty() => LabelOp::NotIn(vals),
                "Exists" if vals.is_empty() => LabelOp::Exists,
                "DoesNotExist" if vals.is_empty() => LabelOp::DoesNotExist,
                "Gt" | "Lt" if vals.len() == 1 => match vals[0].parse::<i64>() {
                    Ok(n) if e.operator == "Gt" => LabelOp::Gt(n),
                    Ok(n) => LabelOp::Lt(n),
                    Err(_) => return Term { parsed: None },
                },
                _ => return Term { parsed: None },
            };
            reqs.push(LabelReq {
                key: e.key.clone(),
                op,
            });
        }
        let mut fld = Vec::new();
        for f in fields {
            let vals = f.values.as_deref().unwrap_or(&[]);
            if f.key != "metadata.name" || vals.len() != 1 {
                return Term { parsed: None };
            }
            match f.operator.as_str() {
                "In" => fld.push((true, vals[0].clone())),
                "NotIn" => fld.push((false, vals[0].clone())),
                _ => return Term { parsed: None },
            }
        }
        Term {
            parsed: Some((reqs, fld)),
        }
    }

    /// Whether a node (name + labels) satisfies every requirement of the term.
    pub fn matches(&self, node_name: &str, labels: &BTreeMap<String, String>) -> bool {
        match &self.parsed {
            None => false,
            Some((reqs, fields)) => {
                reqs.iter().all(|r| r.matches(labels))
                    && fields.iter().all(|(is_in, v)| (v == node_name) == *is_in)
            }
        }
    }
}

/// `nodeaffinity.RequiredNodeAffinity`: the pod's `nodeSelector` AND (if present) any of
/// its required node affinity terms.
#[derive(Clone, Debug, Default)]
pub struct RequiredNodeAffinity {
    selector: Option<BTreeMap<String, String>>,
    terms: Option<Vec<Term>>,
}

impl RequiredNodeAffinity {
    /// Build from a pod (`GetRequiredNodeAffinity`).
    pub fn of(pod: &Pod) -> RequiredNodeAffinity {
        let Some(spec) = pod.spec.as_ref() else {
            return RequiredNodeAffinity::default();
        };
        let selector = spec.node_selector.clone().filter(|m| !m.is_empty());
        let terms = spec
            .affinity
            .as_ref()
            .and_then(|a| a.node_affinity.as_ref())
            .and_then(|na| {
                na.required_during_scheduling_ignored_during_execution
                    .as_ref()
            })
            .map(|ns| ns.node_selector_terms.iter().map(Term::parse).collect());
        RequiredNodeAffinity { selector, terms }
    }

    /// True when the pod constrains nodes at all.
    pub fn is_empty(&self) -> bool {
        self.selector.is_none() && self.terms.is_none()
    }

    /// `Match(node)`.
    pub fn matches(&self, node_name: &str, labels: &BTreeMap<String, String>) -> bool {
        if let Some(sel) = &self.selector
            && !sel.iter().all(|(k, v)| labels.get(k) == Some(v))
        {
            return false;
        }
        match &self.terms {
            None => true,
            Some(terms) => terms.iter().any(|t| t.matches(node_name, labels)),
        }
    }
}

/// The pod's preferred node affinity terms (weight, term); `None` when it has none, in
/// which case the NodeAffinity score is skipped.
pub fn preferred_terms(pod: &Pod) -> Option<Vec<(i64, Term)>> {
    let terms = pod
        .spec
        .as_ref()?
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .preferred_during_scheduling_ignored_during_execution
        .as_ref()?;
    if terms.is_empty() {
        return None;
    }
    Some(
        terms
            .iter()
            .filter(|t| t.weight != 0)
            .map(|t| (t.weight as i64, Term::parse(&t.preference)))
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------
// NodePorts (framework/types.go HostPortInfo; plugins/nodeports/node_ports.go)

/// A host port in use: (host IP, protocol, port), sanitised like `HostPortInfo.Add`
/// (empty IP → `0.0.0.0`, empty protocol → `TCP`).
pub type HostPort = (String, String, i32);

/// The host ports a pod's containers ask for (ports with `hostPort > 0`).
pub fn pod_host_ports(pod: &Pod) -> Vec<HostPort> {
    let mut out = Vec::new();
    if let Some(spec) = pod.spec.as_ref() {
        for c in &spec.containers {
            for p in c.ports.iter().flatten() {
                let hp = p.host_port.unwrap_or(0);
                if hp <= 0 {
                    continue;
                }
                let ip = match p.host_ip.as_deref() {
                    None | Some("") => "0.0.0.0".to_string(),
                    Some(s) => s.to_string(),
                };
                let proto = match p.protocol.as_deref() {
                    None | Some("") => "TCP".to_string(),
                    Some(s) => s.to_string(),
                };
                out.push((ip, proto, hp));
            }
        }
    }
    out
}

/// `HostPortInfo.CheckConflict` for each wanted port: `0.0.0.0` conflicts with the same
/// protocol/port on any IP, and a specific IP conflicts with itself or `0.0.0.0`.
pub fn ports_conflict(used: &BTreeMap<HostPort, u32>, wanted: &[HostPort]) -> bool {
    wanted.iter().any(|(ip, proto, port)| {
        if ip == "0.0.0.0" {
            used.keys().any(|(_, p, n)| p == proto && n == port)
        } else {
            used.contains_key(&(ip.clone(), proto.clone(), *port))
                || used.contains_key(&("0.0.0.0".to_string(), proto.clone(), *port))
        }
    })
}

// ---------------------------------------------------------------------------------------
// NodeResourcesFit / BalancedAllocation (plugins/noderesources/least_allocated.go,
// balanced_allocation.go)

/// `leastRequestedScore`: share of the resource left free, 0..=100 (integer division).
pub fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    (capacity - requested) * MAX_NODE_SCORE / capacity
}

/// LeastAllocated over (requested, allocatable) pairs with weight 1 each; resources with
/// zero allocatable are skipped.
pub fn least_allocated(pairs: &[(i64, i64)]) -> i64 {
    let (mut score, mut weights) = (0i64, 0i64);
    for &(req, alloc) in pairs {
        if alloc == 0 {
            continue;
        }
        score += least_requested_score(req, alloc);
        weights += 1;
    }
    if weights == 0 { 0 } else { score / weights }
}

/// `balancedResourceScorer`: 100 × (1 − standard deviation of the requested fractions).
pub fn balanced_allocation(pairs: &[(i64, i64)]) -> i64 {
    // At most a handful of resources: keep the fractions on the stack.
    let mut fractions = [0.0f64; 8];
    let mut n = 0usize;
    let mut total = 0.0f64;
    for &(req, alloc) in pairs {
        if alloc == 0 || n == fractions.len() {
            continue;
        }
        let mut f = req as f64 / alloc as f64;
        if f > 1.0 {
            f = 1.0;
        }
        total += f;
        fractions[n] = f;
        n += 1;
    }
    let std = if n == 2 {
        ((fractions[0] - fractions[1]) / 2.0).abs()
    } else if n > 2 {
        let mean = total / n as f64;
        let sum: f64 = fractions[..n].iter().map(|f| (f - mean) * (f - mean)).sum();
        (sum / n as f64).sqrt()
    } else {
        0.0
    };
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}

// ---------------------------------------------------------------------------------------
// ImageLocality (plugins/imagelocality/image_locality.go)

const MB: i64 = 1024 * 1024;
/// Lower bound of the image score range (23 MiB).
pub const IMAGE_MIN_THRESHOLD: i64 = 23 * MB;
/// Upper bound per container (1000 MiB).
pub const IMAGE_MAX_CONTAINER_THRESHOLD: i64 = 1000 * MB;

/// `normalizedImageName`: append `:latest` when the reference has no tag.
pub fn normalized_image_name(name: &str) -> String {
    let colon = name.rfind(':').map(|i| i as i64).unwrap_or(-1);
    let slash = name.rfind('/').map(|i| i as i64).unwrap_or(-1);
    if colon <= slash {
        format!("{}:latest", name)
    } else {
        name.to_string()
    }
}

/// `scaledImageScore`: image size × (nodes having it / all nodes), truncated.
pub fn scaled_image_score(size: i64, num_nodes: i64, total_nodes: i64) -> i64 {
    if total_nodes <= 0 {
        return 0;
    }
    let spread = num_nodes as f64 / total_nodes as f64;
    (size as f64 * spread) as i64
}

/// `calculatePriority`: clamp the summed image score into
/// [23 MiB, 1000 MiB × containers] and scale to 0..=100.
pub fn image_priority(sum: i64, num_containers: i64) -> i64 {
    let max = IMAGE_MAX_CONTAINER_THRESHOLD * num_containers;
    if max <= IMAGE_MIN_THRESHOLD {
        return 0;
    }
    let s = sum.clamp(IMAGE_MIN_THRESHOLD, max);
    MAX_NODE_SCORE * (s - IMAGE_MIN_THRESHOLD) / (max - IMAGE_MIN_THRESHOLD)
}

// ---------------------------------------------------------------------------------------
// PodTopologySpread (plugins/podtopologyspread/scoring.go)

/// `topologyNormalizingWeight`: ln(domains + 2).
pub fn topology_normalizing_weight(size: usize) -> f64 {
    ((size + 2) as f64).ln()
}

/// `scoreForCount`: matching pods × weight + (maxSkew − 1).
pub fn score_for_count(cnt: i64, max_skew: i32, weight: f64) -> f64 {
    cnt as f64 * weight + (max_skew - 1) as f64
}

/// PodTopologySpread NormalizeScore: fewer matching pods score higher,
/// `100 × (max + min − s) / max`; all 100 when every raw score is 0.
pub fn spread_normalize(scores: &mut [i64]) {
    if scores.is_empty() {
        return;
    }
    let min = scores.iter().copied().min().unwrap_or(0);
    let max = scores.iter().copied().max().unwrap_or(0).max(0);
    for s in scores.iter_mut() {
        if max == 0 {
            *s = MAX_NODE_SCORE;
        } else {
            *s = MAX_NODE_SCORE * (max + min - *s) / max;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::NodeSelectorRequirement;

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        let s = |x: &str| (!x.is_empty()).then(|| x.to_string());
        Toleration {
            key: s(key),
            operator: s(op),
            value: s(value),
            effect: s(effect),
            toleration_seconds: None,
        }
    }

    fn taint(key: &str, value: &str, effect: &str) -> Taint {
        Taint {
            key: key.to_string(),
            value: (!value.is_empty()).then(|| value.to_string()),
            effect: effect.to_string(),
            time_added: None,
        }
    }

    #[test]
    fn toleration_matching_follows_upstream_table() {
        // Rows from staging/src/k8s.io/api/core/v1/toleration_test.go (v1.32 operators),
        // plus the empty-effect and empty-operator rules.
        let rows: &[(&str, Toleration, Taint, bool)] = &[
            (
                "same key and effect, Exists, taint without value",
                tol("foo", "Exists", "", "NoSchedule"),
                taint("foo", "", "NoSchedule"),
                true,
            ),
            (
                "same key and effect, Exists, taint with value",
                tol("foo", "Exists", "", "NoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                true,
            ),
            (
                "empty key with Exists matches all taints of that effect",
                tol("", "Exists", "", "NoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                true,
            ),
            (
                "same key, effect and value with Equal",
                tol("foo", "Equal", "bar", "NoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                true,
            ),
            (
                "different values with Equal",
                tol("foo", "Equal", "value1", "NoSchedule"),
                taint("foo", "value2", "NoSchedule"),
                false,
            ),
            (
                "different effects",
                tol("foo", "Equal", "bar", "NoSchedule"),
                taint("foo", "bar", "NoExecute"),
                false,
            ),
            (
                "empty effect matches every effect",
                tol("foo", "Exists", "", ""),
                taint("foo", "bar", "NoExecute"),
                true,
            ),
            (
                "empty operator means Equal",
                tol("foo", "", "bar", "NoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                true,
            ),
            (
                "empty key and empty effect with Exists tolerates everything",
                tol("", "Exists", "", ""),
                taint("node-role.kubernetes.io/control-plane", "", "NoSchedule"),
                true,
            ),
            (
                "Gt is not an operator in v1.32",
                tol("sla", "Gt", "750", "NoSchedule"),
                taint("sla", "950", "NoSchedule"),
                false,
            ),
        ];
        for (name, t, ta, want) in rows {
            assert_eq!(tolerates_taint(t, ta), *want, "{}", name);
        }
    }

    #[test]
    fn only_no_schedule_and_no_execute_taints_filter() {
        let taints = vec![
            taint("a", "", "PreferNoSchedule"),
            taint("b", "x", "NoExecute"),
            taint("c", "", "NoSchedule"),
        ];
        let found = find_untolerated_do_not_schedule(&taints, &[]).map(|t| t.key.as_str());
        assert_eq!(found, Some("b"));
        let tols = vec![tol("b", "Exists", "", "")];
        let found = find_untolerated_do_not_schedule(&taints, &tols).map(|t| t.key.as_str());
        assert_eq!(found, Some("c"));
        assert_eq!(count_intolerable_prefer_no_schedule(&taints, &tols), 1);
        // A toleration restricted to NoSchedule does not count for PreferNoSchedule.
        let tols = vec![tol("a", "Exists", "", "NoSchedule")];
        assert_eq!(count_intolerable_prefer_no_schedule(&taints, &tols), 1);
        let tols = vec![tol("a", "Exists", "", "PreferNoSchedule")];
        assert_eq!(count_intolerable_prefer_no_schedule(&taints, &tols), 0);
    }

    #[test]
    fn least_allocated_matches_upstream_table() {
        // least_allocated_test.go "nothing scheduled, resources requested, differently sized
        // nodes": node1 4000m/10000, node2 6000m/10000; pod 3000m/5000 →
        // cpu (4000-3000)*100/4000 = 25, mem 50 → 37; node2: 50, 50 → 50.
        assert_eq!(least_allocated(&[(3000, 4000), (5000, 10000)]), 37);
        assert_eq!(least_allocated(&[(3000, 6000), (5000, 10000)]), 50);
        // "no resources requested, pods scheduled with resources": 6000/10000 cpu,
        // 0/20000 memory … (4000-0)... reuse a simple row: nothing requested → 100.
        assert_eq!(least_allocated(&[(0, 4000), (0, 10000)]), 100);
        // Requested above capacity → 0 for that resource.
        assert_eq!(least_allocated(&[(5000, 4000), (0, 10000)]), 50);
        // Zero allocatable is skipped.
        assert_eq!(least_allocated(&[(100, 0), (0, 10000)]), 100);
    }

    #[test]
    fn balanced_allocation_matches_upstream_table() {
        // balanced_allocation_test.go "resources requested, pods scheduled with resources":
        // node1 cpu 3000/10000, mem 5000/20000 → fractions 0.3, 0.25 → std 0.025 → 97.
        assert_eq!(balanced_allocation(&[(3000, 10000), (5000, 20000)]), 97);
        // node2 cpu 3000/6000, mem 5000/10000 → 0.5, 0.5 → 100.
        assert_eq!(balanced_allocation(&[(3000, 6000), (5000, 10000)]), 100);
        // "requested resources at node capacity": cpu 6000/6000, mem 0/10000 → std 0.5 → 50.
        assert_eq!(balanced_allocation(&[(6000, 6000), (0, 10000)]), 50);
        // Fractions are capped at 1.
        assert_eq!(balanced_allocation(&[(9000, 6000), (0, 10000)]), 50);
        // Nothing requested on an empty node → 100.
        assert_eq!(balanced_allocation(&[(0, 4000), (0, 10000)]), 100);
    }

    #[test]
    fn image_locality_constants_match_upstream() {
        // image_locality_test.go: a 300 MiB image on all of 1 node, one container:
        // 100 * (300-23)/(1000-23) = 28.
        let sum = scaled_image_score(300 * MB, 1, 1);
        assert_eq!(image_priority(sum, 1), 28);
        // Below the minimum → 0; above the max → 100.
        assert_eq!(image_priority(10 * MB, 1), 0);
        assert_eq!(image_priority(2000 * MB, 1), 100);
        // Spread scaling: 500 MiB on 1 of 2 nodes counts 250 MiB.
        assert_eq!(scaled_image_score(500 * MB, 1, 2), 250 * MB);
        assert_eq!(normalized_image_name("nginx"), "nginx:latest");
        assert_eq!(normalized_image_name("nginx:1.27"), "nginx:1.27");
        assert_eq!(
            normalized_image_name("localhost:5000/app"),
            "localhost:5000/app:latest"
        );
    }

    #[test]
    fn normalisers_follow_helper_rules() {
        let mut s = vec![0, 1, 2];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 50, 0]);
        let mut s = vec![0, 0];
        default_normalize(&mut s, true);
        assert_eq!(s, vec![100, 100]);
        let mut s = vec![0, 0];
        default_normalize(&mut s, false);
        assert_eq!(s, vec![0, 0]);
        let mut s = vec![3, 1, 2];
        default_normalize(&mut s, false);
        assert_eq!(s, vec![100, 33, 66]);
        let mut s = vec![2, 4, 6];
        spread_normalize(&mut s);
        assert_eq!(s, vec![100, 66, 33]);
    }

    #[test]
    fn node_selector_terms_parse_and_match() {
        let term = |exprs: Vec<(&str, &str, Vec<&str>)>| NodeSelectorTerm {
            match_expressions: Some(
                exprs
                    .into_iter()
                    .map(|(k, op, vals)| NodeSelectorRequirement {
                        key: k.to_string(),
                        operator: op.to_string(),
                        values: Some(vals.into_iter().map(String::from).collect()),
                    })
                    .collect(),
            ),
            match_fields: None,
        };
        let mut labels = BTreeMap::new();
        labels.insert("zone".to_string(), "a".to_string());
        labels.insert("gen".to_string(), "5".to_string());
        let t = Term::parse(&term(vec![("zone", "In", vec!["a", "b"])]));
        assert!(t.matches("n", &labels));
        let t = Term::parse(&term(vec![("missing", "NotIn", vec!["a"])]));
        assert!(t.matches("n", &labels));
        let t = Term::parse(&term(vec![("gen", "Gt", vec!["4"])]));
        assert!(t.matches("n", &labels));
        let t = Term::parse(&term(vec![("gen", "Lt", vec!["4"])]));
        assert!(!t.matches("n", &labels));
        // Invalid (In without values) and empty terms match nothing.
        let t = Term::parse(&term(vec![("zone", "In", vec![])]));
        assert!(!t.matches("n", &labels));
        let t = Term::parse(&NodeSelectorTerm::default());
        assert!(!t.matches("n", &labels));
    }
}

//! Simulated load: how much CPU and memory the containers of running pods use.
//!
//! Like the faults, load is the environment the cluster runs in, not something a component
//! decides: it is part of the runtime's state (so rewinding restores it) and a pure function
//! of the virtual clock. The kubelets' resource metrics (what metrics-server scrapes) read
//! it.
//!
//! The `load` command:
//!
//! ```text
//! load TARGET|-l SELECTOR [-n NS] --cpu Q|FROM..TO [--memory Q|FROM..TO] [--over D] [--total]
//! load TARGET --ramp FROM..TO --over D      the same as --cpu FROM..TO
//! load clear [TARGET|-l SELECTOR]            remove every rule, or those of TARGET
//! load | load list                           print the rules
//! ```
//!
//! TARGET is `pod/NAME` or a workload (`deployment/NAME`, `replicaset/…`, `statefulset/…`,
//! `daemonset/…`, `job/…`), which stands for the pods its selector matches, now and later.
//! Quantities are per pod; with `--total` they are the demand of all the target's Ready pods
//! together, shared evenly as a Service spreads requests (so more replicas each use less).
//! A range ramps linearly from the command's time over `--over`. The newest rule that
//! matches a pod wins. Pods without a rule use their image's idle figures.

use crate::sort::StableSort;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;

use crate::labels::Selector;
use crate::time::{Millis, SimTime, format_go_duration, parse_duration};

/// A usage that may ramp: `from` at `start`, `to` from `start + over` on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ramp {
    pub from: i64,
    pub to: i64,
    pub start: SimTime,
    pub over: Millis,
}

impl Ramp {
    /// A constant usage.
    pub fn constant(v: i64, start: SimTime) -> Ramp {
        Ramp {
            from: v,
            to: v,
            start,
            over: 0,
        }
    }

    /// The value at `t` (linear between the ends, integer arithmetic).
    pub fn at(&self, t: SimTime) -> i64 {
        if self.over <= 0 || t.0 >= self.start.0 + self.over {
            return self.to;
        }
        if t.0 <= self.start.0 {
            return self.from;
        }
        let done = (t.0 - self.start.0) as i128;
        let span = (self.to - self.from) as i128;
        self.from + (span * done / self.over as i128) as i64
    }

    /// The mean over `[a, b]` (what a rate between two cumulative counters reads): the
    /// piecewise-linear integral divided by the span.
    pub fn mean(&self, a: SimTime, b: SimTime) -> i64 {
        if b.0 <= a.0 {
            return self.at(b);
        }
        // Breakpoints of the piecewise-linear function inside (a, b).
        let mut pts = vec![a.0];
        for p in [self.start.0, self.start.0 + self.over.max(0)] {
            if p > a.0 && p < b.0 && !pts.contains(&p) {
                pts.push(p);
            }
        }
        pts.push(b.0);
        pts.stable_sort();
        let mut area: i128 = 0;
        for w in pts.windows(2) {
            let (x, y) = (w[0], w[1]);
            area +=
                (self.at(SimTime(x)) as i128 + self.at(SimTime(y)) as i128) * (y - x) as i128 / 2;
        }
        (area / (b.0 - a.0) as i128) as i64
    }

    /// When it stops changing.
    pub fn end(&self) -> SimTime {
        self.start.plus(self.over.max(0))
    }

    fn describe(&self, fmt: fn(i64) -> String) -> String {
        if self.over <= 0 || self.from == self.to {
            fmt(self.to)
        } else {
            format!(
                "{}..{} over {}",
                fmt(self.from),
                fmt(self.to),
                format_go_duration(self.over)
            )
        }
    }
}

/// Which pods a rule covers.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// One pod by name.
    Pod(String),
    /// The pods a label selector matches (`-l`, or a workload's selector).
    Selector(Selector),
}

/// One `load` rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// What the user named (`deployment/web`, `-l app=web`), for listing and clearing.
    pub name: String,
    pub namespace: String,
    pub target: Target,
    /// Millicores.
    pub cpu: Option<Ramp>,
    /// Bytes.
    pub memory: Option<Ramp>,
    /// The quantities are shared by the target's Ready pods.
    pub total: bool,
}

impl Rule {
    /// Whether the rule covers this pod.
    pub fn covers(&self, pod: &Pod) -> bool {
        if pod.metadata.namespace.as_deref().unwrap_or("") != self.namespace {
            return false;
        }
        match &self.target {
            Target::Pod(n) => pod.metadata.name.as_deref() == Some(n.as_str()),
            Target::Selector(s) => s.matches_opt(pod.metadata.labels.as_ref()),
        }
    }

    /// The rule as `load` lists it.
    pub fn line(&self) -> String {
        let mut s = format!("{} -n {}", self.name, self.namespace);
        if let Some(c) = &self.cpu {
            s.push_str(&format!(" cpu {}", c.describe(fmt_milli)));
        }
        if let Some(m) = &self.memory {
            s.push_str(&format!(" memory {}", m.describe(fmt_bytes)));
        }
        if self.total {
            s.push_str(" (total, shared by the Ready pods)");
        } else {
            s.push_str(" (per pod)");
        }
        s
    }
}

/// `300m`, `2` (whole cores print without the suffix).
pub fn fmt_milli(m: i64) -> String {
    if m % 1000 == 0 {
        format!("{}", m / 1000)
    } else {
        format!("{}m", m)
    }
}

/// `200Mi`, `1Gi`, or bytes.
pub fn fmt_bytes(b: i64) -> String {
    const MI: i64 = 1024 * 1024;
    if b != 0 && b % (1024 * MI) == 0 {
        format!("{}Gi", b / (1024 * MI))
    } else if b % MI == 0 {
        format!("{}Mi", b / MI)
    } else if b % 1024 == 0 {
        format!("{}Ki", b / 1024)
    } else {
        format!("{}", b)
    }
}

/// The load rules in force (newest last).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Load {
    pub rules: Vec<Rule>,
    /// When the rules last changed (a command, or the end of a ramp): metrics read before
    /// this are stale.
    pub changed: SimTime,
}

/// A container's usage: millicores and bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub cpu_milli: i64,
    pub memory: i64,
}

/// Idle figures of a container by image (a kind cluster's, rounded): the control plane's
/// own, and a few millicores and megabytes for anything else.
pub fn idle_usage(image: &str) -> Usage {
    const MI: i64 = 1024 * 1024;
    let repo = image.rsplit('/').next().unwrap_or(image);
    let repo = repo.split([':', '@']).next().unwrap_or(repo);
    let (cpu, mi) = match repo {
        "kube-apiserver" => (45, 240),
        "etcd" => (22, 38),
        "kube-controller-manager" => (14, 48),
        "kube-scheduler" => (3, 20),
        "coredns" => (2, 14),
        "kube-proxy" => (1, 16),
        "kindnetd" => (1, 10),
        "local-path-provisioner" => (1, 8),
        "metrics-server" => (3, 18),
        _ => (1, 3),
    };
    Usage {
        cpu_milli: cpu,
        memory: mi * MI,
    }
}

impl Load {
    /// When the load stops changing (the latest of the last change and every ramp's end).
    pub fn settled_at(&self) -> SimTime {
        let mut t = self.changed;
        for r in &self.rules {
            for ramp in [&r.cpu, &r.memory].into_iter().flatten() {
                t = t.max(ramp.end());
            }
        }
        t
    }

    /// Per-container usage of `pod`, averaged over `[a, b]`. `sharing` counts the Ready pods
    /// of each `--total` rule ([`sharing`]); such a rule's demand reaches Ready pods only
    /// (they are the Service's endpoints). The pod's usage is split among its containers in
    /// proportion to their CPU requests (evenly when none has one).
    pub fn pod_usage(
        &self,
        pod: &Pod,
        a: SimTime,
        b: SimTime,
        sharing: &BTreeMap<usize, usize>,
    ) -> Vec<Usage> {
        let containers: &[k8s_openapi::api::core::v1::Container] = pod
            .spec
            .as_ref()
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let idle: Vec<Usage> = containers
            .iter()
            .map(|c| idle_usage(c.image.as_deref().unwrap_or("")))
            .collect();
        let Some(i) = self.rules.iter().rposition(|r| r.covers(pod)) else {
            return idle;
        };
        let rule = &self.rules[i];
        if rule.total && !crate::podutil::is_pod_ready(pod) {
            return idle;
        }
        let ready_sharing = sharing.get(&i).copied().unwrap_or(1);
        let share = |v: i64| {
            if rule.total {
                v / ready_sharing.max(1) as i64
            } else {
                v
            }
        };
        let weights: Vec<i64> = containers
            .iter()
            .map(|c| {
                c.resources
                    .as_ref()
                    .and_then(|r| r.requests.as_ref())
                    .and_then(|r| r.get("cpu"))
                    .and_then(|q| crate::quantity::parse_quantity_millis(&q.0).ok())
                    .unwrap_or(0)
            })
            .collect();
        let total_w: i64 = weights.iter().sum();
        let split = |v: i64, i: usize| -> i64 {
            let n = containers.len().max(1) as i64;
            if total_w > 0 {
                (v as i128 * weights[i] as i128 / total_w as i128) as i64
            } else {
                v / n
            }
        };
        let cpu = rule.cpu.as_ref().map(|r| share(r.mean(a, b)));
        let mem = rule.memory.as_ref().map(|r| share(r.mean(a, b)));
        idle.iter()
            .enumerate()
            .map(|(i, u)| Usage {
                cpu_milli: cpu.map_or(u.cpu_milli, |v| split(v, i)),
                memory: mem.map_or(u.memory, |v| split(v, i)),
            })
            .collect()
    }

    /// Add a rule (replacing one with the same name and namespace).
    pub fn set(&mut self, rule: Rule, now: SimTime) {
        self.rules
            .retain(|r| !(r.name == rule.name && r.namespace == rule.namespace));
        self.rules.push(rule);
        self.changed = now;
    }

    /// Remove the rules named `name` in `ns` (every rule when `name` is None). Returns how
    /// many went.
    pub fn clear(&mut self, name: Option<(&str, &str)>, now: SimTime) -> usize {
        let before = self.rules.len();
        match name {
            None => self.rules.clear(),
            Some((n, ns)) => self.rules.retain(|r| !(r.name == n && r.namespace == ns)),
        }
        let gone = before - self.rules.len();
        if gone > 0 {
            self.changed = now;
        }
        gone
    }

    /// The rules, one line each.
    pub fn list(&self) -> String {
        if self.rules.is_empty() {
            return "no load rules: every container uses its idle figures\n".into();
        }
        let mut s = String::new();
        for r in &self.rules {
            s.push_str(&r.line());
            s.push('\n');
        }
        s
    }
}

/// A parsed quantity flag: a value or a `FROM..TO` range.
fn parse_range(
    flag: &str,
    v: &str,
    parse: fn(&str) -> Result<i64, String>,
) -> Result<(i64, i64), String> {
    let one = |s: &str| -> Result<i64, String> {
        match parse(s) {
            Ok(x) if x < 0 => Err(format!(
                "load: invalid --{} {:?}: usage cannot be negative",
                flag, v
            )),
            Ok(x) if x > MAX_USAGE => Err(format!(
                "load: invalid --{} {:?}: more than any node could offer",
                flag, v
            )),
            Ok(x) => Ok(x),
            Err(e) => Err(format!("load: invalid --{} {:?}: {}", flag, v, e)),
        }
    };
    match v.split_once("..") {
        Some((a, b)) => Ok((one(a)?, one(b)?)),
        None => {
            let x = one(v)?;
            Ok((x, x))
        }
    }
}

/// A bound that keeps usage arithmetic far from overflow (2^50: a petabyte, a million cores).
const MAX_USAGE: i64 = 1 << 50;

/// The flags of a `load` rule, parsed (the target is resolved by the caller).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFlags {
    pub cpu: Option<(i64, i64)>,
    pub memory: Option<(i64, i64)>,
    pub over: Millis,
    pub total: bool,
}

/// Parse `--cpu`, `--ramp`, `--memory`, `--over` and `--total`.
pub fn parse_rule_flags(f: &crate::kubectl::flags::Flags) -> Result<RuleFlags, String> {
    let mut cpu = None;
    if let Some(v) = f.get("cpu") {
        cpu = Some(parse_range(
            "cpu",
            v,
            crate::quantity::parse_quantity_millis,
        )?);
    }
    if let Some(v) = f.get("ramp") {
        if cpu.is_some() {
            return Err("load: --ramp is --cpu FROM..TO; give one of them".into());
        }
        if !v.contains("..") {
            return Err(format!(
                "load: invalid --ramp {:?}: a ramp is FROM..TO, e.g. 0..800m",
                v
            ));
        }
        cpu = Some(parse_range(
            "ramp",
            v,
            crate::quantity::parse_quantity_millis,
        )?);
    }
    let memory = match f.get("memory") {
        Some(v) => Some(parse_range(
            "memory",
            v,
            crate::quantity::parse_quantity_bytes,
        )?),
        None => None,
    };
    if cpu.is_none() && memory.is_none() {
        return Err("load: say how much: --cpu Q, --memory Q or --ramp FROM..TO".into());
    }
    let ranged = cpu.is_some_and(|(a, b)| a != b) || memory.is_some_and(|(a, b)| a != b);
    let over = match f.get("over") {
        Some(v) => match parse_duration(v) {
            Ok(d) if d > 0 && d <= 24 * 3_600_000 => d,
            Ok(_) => {
                return Err(format!(
                    "load: invalid --over {:?}: a ramp lasts more than 0s and at most 24h",
                    v
                ));
            }
            Err(e) => return Err(format!("load: invalid --over {:?}: {}", v, e)),
        },
        None if ranged => return Err("load: a range FROM..TO needs --over DURATION".into()),
        None => 0,
    };
    Ok(RuleFlags {
        cpu,
        memory,
        over,
        total: f.bool("total"),
    })
}

/// Build the ramps of a rule starting at `now`.
pub fn ramps(flags: &RuleFlags, now: SimTime) -> (Option<Ramp>, Option<Ramp>) {
    let mk = |(from, to): (i64, i64)| Ramp {
        from,
        to,
        start: now,
        over: if from == to { 0 } else { flags.over },
    };
    (flags.cpu.map(mk), flags.memory.map(mk))
}

/// Which Ready pods share each `--total` rule: rule index → count, for the pods given.
pub fn sharing(load: &Load, pods: &[&Pod]) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for p in pods {
        if !crate::podutil::is_pod_ready(p) {
            continue;
        }
        if let Some(i) = load.rules.iter().rposition(|r| r.covers(p))
            && load.rules[i].total
        {
            *out.entry(i).or_insert(0) += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramps_are_linear_and_means_integrate() {
        let r = Ramp {
            from: 0,
            to: 800,
            start: SimTime(10_000),
            over: 300_000,
        };
        assert_eq!(r.at(SimTime(0)), 0);
        assert_eq!(r.at(SimTime(160_000)), 400);
        assert_eq!(r.at(SimTime(400_000)), 800);
        // Over a window that straddles the end: half climbing 760..800 (mean 780), half at 800.
        assert_eq!(r.mean(SimTime(295_000), SimTime(325_000)), 790);
        let c = Ramp::constant(300, SimTime(0));
        assert_eq!(c.mean(SimTime(5), SimTime(15_000)), 300);
    }

    #[test]
    fn quantities_format_back() {
        assert_eq!(fmt_milli(300), "300m");
        assert_eq!(fmt_milli(2000), "2");
        assert_eq!(fmt_bytes(200 * 1024 * 1024), "200Mi");
        assert_eq!(fmt_bytes(1 << 30), "1Gi");
    }

    #[test]
    fn idle_figures_know_the_control_plane() {
        assert_eq!(
            idle_usage("registry.k8s.io/kube-apiserver:v1.32.0").cpu_milli,
            45
        );
        assert_eq!(idle_usage("nginx:1.27").cpu_milli, 1);
    }
}

//! The replica calculator (`pkg/controller/podautoscaler/replica_calculator.go`) and the
//! resource-metrics arithmetic it uses (`pkg/controller/podautoscaler/metrics/utilization.go`),
//! as pure functions of pods, metrics and requests.

use std::collections::{BTreeMap, BTreeSet};

use crate::time::{Millis, SimTime};

/// `--horizontal-pod-autoscaler-tolerance`.
pub const TOLERANCE: f64 = 0.1;
/// `--horizontal-pod-autoscaler-cpu-initialization-period`.
pub const CPU_INITIALIZATION_PERIOD_MS: Millis = 5 * 60_000;
/// `--horizontal-pod-autoscaler-initial-readiness-delay`.
pub const INITIAL_READINESS_DELAY_MS: Millis = 30_000;

/// What `groupPods` needs of a pod.
#[derive(Clone, Debug, PartialEq)]
pub struct PodInfo {
    pub name: String,
    pub deleting: bool,
    /// `Pending`, `Running`, `Failed`, …
    pub phase: String,
    pub start_time: Option<SimTime>,
    /// The Ready condition: (status is True, lastTransitionTime), if it has one.
    pub ready: Option<(bool, SimTime)>,
    /// The resource's request per container (None: the container has no request).
    pub requests: Vec<(String, Option<i64>)>,
}

/// One pod's metric (`metricsclient.PodMetric`): the value (milli-units for resources),
/// when it was taken and over what window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PodMetric {
    pub value: i64,
    pub timestamp: SimTime,
    pub window: Millis,
}

/// The pods grouped as `groupPods` does.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Groups {
    pub ready: usize,
    pub unready: BTreeSet<String>,
    pub missing: BTreeSet<String>,
    pub ignored: BTreeSet<String>,
}

/// `groupPods`: deleted and failed pods are ignored, pending ones unready, pods without a
/// metric missing; for CPU, a pod within its initialization period counts as unready until
/// it is Ready and a whole metric window has passed since it became so, and after it a pod
/// that is not Ready and never was since its start (within the readiness delay).
pub fn group_pods(
    pods: &[PodInfo],
    metrics: &BTreeMap<String, PodMetric>,
    cpu: bool,
    now: SimTime,
) -> Groups {
    let mut g = Groups::default();
    for p in pods {
        if p.deleting || p.phase == "Failed" {
            g.ignored.insert(p.name.clone());
            continue;
        }
        if p.phase == "Pending" {
            g.unready.insert(p.name.clone());
            continue;
        }
        let Some(m) = metrics.get(&p.name) else {
            g.missing.insert(p.name.clone());
            continue;
        };
        if cpu {
            let unready = match (p.ready, p.start_time) {
                (None, _) | (_, None) => true,
                (Some((ready, since)), Some(start)) => {
                    if start.plus(CPU_INITIALIZATION_PERIOD_MS) > now {
                        !ready || m.timestamp < since.plus(m.window)
                    } else {
                        !ready && start.plus(INITIAL_READINESS_DELAY_MS) > since
                    }
                }
            };
            if unready {
                g.unready.insert(p.name.clone());
                continue;
            }
        }
        g.ready += 1;
    }
    g
}

/// `calculatePodRequests`: each pod's request of the resource (milli-units), the sum of its
/// containers' (one container's with `container`).
pub fn pod_requests(
    pods: &[PodInfo],
    container: Option<&str>,
    resource: &str,
) -> Result<BTreeMap<String, i64>, String> {
    let mut out = BTreeMap::new();
    for p in pods {
        let mut sum = 0i64;
        for (c, req) in &p.requests {
            if container.is_some_and(|x| x != c) {
                continue;
            }
            match req {
                Some(v) => sum += v,
                None => {
                    return Err(format!(
                        "missing request for {} in container {} of Pod {}",
                        resource, c, p.name
                    ));
                }
            }
        }
        out.insert(p.name.clone(), sum);
    }
    Ok(out)
}

/// `GetResourceUtilizationRatio`: (usage ratio, utilization %, raw average value).
pub fn utilization_ratio(
    metrics: &BTreeMap<String, PodMetric>,
    requests: &BTreeMap<String, i64>,
    target: i32,
) -> Result<(f64, i32, i64), String> {
    let (mut total, mut req_total, mut n) = (0i64, 0i64, 0i64);
    for (pod, m) in metrics {
        let Some(r) = requests.get(pod) else {
            continue;
        };
        total += m.value;
        req_total += r;
        n += 1;
    }
    if req_total == 0 {
        return Err("no metrics returned matched known pods".into());
    }
    let util = ((total * 100) / req_total) as i32;
    Ok((util as f64 / target as f64, util, total / n))
}

/// `GetMetricUsageRatio`: (usage ratio, average usage).
pub fn usage_ratio(metrics: &BTreeMap<String, PodMetric>, target: i64) -> (f64, i64) {
    let total: i64 = metrics.values().map(|m| m.value).sum();
    let avg = total / (metrics.len().max(1) as i64);
    (avg as f64 / target as f64, avg)
}

/// What a resource computation proposes.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub replicas: i32,
    /// Utilization % (Utilization targets).
    pub utilization: Option<i32>,
    /// The average value (milli-units).
    pub raw: i64,
    /// When the metrics were taken (the first pod's).
    pub timestamp: SimTime,
    /// Pods with no metric or not ready yet were filled in (so the answer may move).
    pub incomplete: bool,
}

/// `GetResourceReplicas` (target utilization %) or `GetRawResourceReplicas` /
/// `calcPlainMetricReplicas` (target average value): `target` is a percentage for
/// `utilization`, a milli-value otherwise. `metrics` are the served ones of the selected pods.
#[allow(clippy::too_many_arguments)]
pub fn resource_replicas(
    current: i32,
    pods: &[PodInfo],
    mut metrics: BTreeMap<String, PodMetric>,
    resource: &str,
    container: Option<&str>,
    utilization: bool,
    target: i64,
    now: SimTime,
) -> Result<Proposal, String> {
    let timestamp = metrics.values().next().map(|m| m.timestamp).unwrap_or(now);
    if pods.is_empty() {
        return Err("no pods returned by selector while calculating replica count".into());
    }
    let g = group_pods(pods, &metrics, resource == "cpu", now);
    for p in g.ignored.iter().chain(g.unready.iter()) {
        metrics.remove(p);
    }
    if metrics.is_empty() {
        return Err("did not receive metrics for targeted pods (pods might be unready)".into());
    }
    let incomplete = !g.missing.is_empty() || !g.unready.is_empty();
    let mut out = Proposal {
        replicas: current,
        utilization: None,
        raw: 0,
        timestamp,
        incomplete,
    };
    let requests = if utilization {
        Some(pod_requests(pods, container, resource)?)
    } else {
        None
    };
    let ratio_of = |m: &BTreeMap<String, PodMetric>| -> Result<(f64, Option<i32>, i64), String> {
        match &requests {
            Some(r) => {
                let (ratio, u, raw) = utilization_ratio(m, r, target as i32)?;
                Ok((ratio, Some(u), raw))
            }
            None => {
                let (ratio, avg) = usage_ratio(m, target);
                Ok((ratio, None, avg))
            }
        }
    };
    let (ratio, util, raw) = ratio_of(&metrics)?;
    out.utilization = util;
    out.raw = raw;
    let scale_up_with_unready = !g.unready.is_empty() && ratio > 1.0;
    if !scale_up_with_unready && g.missing.is_empty() {
        if (1.0 - ratio).abs() <= TOLERANCE {
            return Ok(out);
        }
        out.replicas = (ratio * g.ready as f64).ceil() as i32;
        return Ok(out);
    }
    if !g.missing.is_empty() {
        for p in &g.missing {
            let value = if ratio < 1.0 {
                match &requests {
                    // Scale-down: a missing pod counts as using max(100 %, target) of its request.
                    Some(r) => r.get(p).copied().unwrap_or(0) * target.max(100) / 100,
                    None => target,
                }
            } else if ratio > 1.0 {
                0
            } else {
                continue;
            };
            metrics.insert(
                p.clone(),
                PodMetric {
                    value,
                    timestamp,
                    window: 0,
                },
            );
        }
    }
    if scale_up_with_unready {
        for p in &g.unready {
            metrics.insert(
                p.clone(),
                PodMetric {
                    value: 0,
                    timestamp,
                    window: 0,
                },
            );
        }
    }
    let (new_ratio, _, _) = ratio_of(&metrics)?;
    if (1.0 - new_ratio).abs() <= TOLERANCE
        || (ratio < 1.0 && new_ratio > 1.0)
        || (ratio > 1.0 && new_ratio < 1.0)
    {
        return Ok(out);
    }
    let n = (new_ratio * metrics.len() as f64).ceil() as i32;
    if (new_ratio < 1.0 && n > current) || (new_ratio > 1.0 && n < current) {
        return Ok(out);
    }
    out.replicas = n;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: SimTime = SimTime(3_600_000);

    /// A running, long-ready pod with one container requesting `req` milli-CPU.
    fn pod(name: &str, req: i64) -> PodInfo {
        PodInfo {
            name: name.into(),
            deleting: false,
            phase: "Running".into(),
            start_time: Some(SimTime(0)),
            ready: Some((true, SimTime(10_000))),
            requests: vec![("c".into(), Some(req))],
        }
    }

    fn m(v: i64) -> PodMetric {
        PodMetric {
            value: v,
            timestamp: NOW,
            window: 15_000,
        }
    }

    fn metrics(vals: &[(&str, i64)]) -> BTreeMap<String, PodMetric> {
        vals.iter().map(|(n, v)| (n.to_string(), m(*v))).collect()
    }

    fn cpu_util(current: i32, pods: &[PodInfo], vals: &[(&str, i64)], target: i64) -> (i32, i32) {
        let p = resource_replicas(current, pods, metrics(vals), "cpu", None, true, target, NOW)
            .unwrap();
        (p.replicas, p.utilization.unwrap())
    }

    /// replica_calculator_test.go TestReplicaCalcScaleUp: 3 pods of 1.0 CPU request use
    /// 300m, 500m, 700m against a 30 % target: 50 % → 5 replicas.
    #[test]
    fn scale_up() {
        let pods = [pod("a", 1000), pod("b", 1000), pod("c", 1000)];
        assert_eq!(
            cpu_util(3, &pods, &[("a", 300), ("b", 500), ("c", 700)], 30),
            (5, 50)
        );
    }

    /// TestReplicaCalcScaleDown: 5 pods, 1.0 CPU each, use 100m..500m (30 % on average)
    /// against a 50 % target → 3.
    #[test]
    fn scale_down() {
        let pods: Vec<PodInfo> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|n| pod(n, 1000))
            .collect();
        assert_eq!(
            cpu_util(
                5,
                &pods,
                &[("a", 100), ("b", 300), ("c", 500), ("d", 250), ("e", 250)],
                50
            ),
            (3, 28)
        );
    }

    /// TestReplicaCalcTolerance: 3 pods at 1.02 of their target stay at 3.
    #[test]
    fn within_tolerance_keeps_the_count() {
        let pods = [pod("a", 900), pod("b", 1000), pod("c", 1100)];
        assert_eq!(
            cpu_util(3, &pods, &[("a", 1010), ("b", 1030), ("c", 1020)], 100),
            (3, 102)
        );
    }

    /// TestReplicaCalcScaleUpUnreadyLessScale: an unready pod counts as 0 on a scale-up.
    #[test]
    fn unready_pods_count_as_zero_on_scale_up() {
        let mut unready = pod("c", 1000);
        unready.ready = Some((false, SimTime(10_000)));
        unready.start_time = Some(NOW.plus(-60_000));
        let pods = [pod("a", 1000), pod("b", 1000), unready];
        // Ready pods use 400m and 500m against 30 %: ratio 1.5; with the unready one at 0,
        // (400+500)/3000 = 30 % → within tolerance → stays 3.
        assert_eq!(
            cpu_util(3, &pods, &[("a", 400), ("b", 500), ("c", 700)], 30),
            (3, 45)
        );
    }

    /// TestReplicaCalcScaleUpCM-style missing pods: on a scale-up missing pods count as 0.
    #[test]
    fn missing_pods_count_as_zero_on_scale_up() {
        let pods = [pod("a", 1000), pod("b", 1000), pod("c", 1000)];
        // a, b at 900m against 50 %: ratio 1.8; with c at 0: 60 % → ceil(1.2 * 3) = 4.
        assert_eq!(cpu_util(3, &pods, &[("a", 900), ("b", 900)], 50), (4, 90));
    }

    /// TestReplicaCalcScaleDownIncludeUnreadyPods-style: on a scale-down a missing pod counts
    /// as using its whole request.
    #[test]
    fn missing_pods_count_as_full_on_scale_down() {
        let pods = [
            pod("a", 1000),
            pod("b", 1000),
            pod("c", 1000),
            pod("d", 1000),
        ];
        // a, b, c at 100m against 50 %: ratio 0.2; with d at 1000: 1300/4000 = 32 % →
        // ceil(0.64 * 4) = 3.
        assert_eq!(
            cpu_util(4, &pods, &[("a", 100), ("b", 100), ("c", 100)], 50),
            (3, 10)
        );
    }

    #[test]
    fn missing_requests_and_no_metrics_are_errors() {
        let mut p = pod("a", 0);
        p.requests = vec![("web".into(), None)];
        assert_eq!(
            resource_replicas(1, &[p], metrics(&[("a", 10)]), "cpu", None, true, 50, NOW)
                .unwrap_err(),
            "missing request for cpu in container web of Pod a"
        );
        assert_eq!(
            resource_replicas(
                1,
                &[pod("a", 100)],
                BTreeMap::new(),
                "cpu",
                None,
                true,
                50,
                NOW
            )
            .unwrap_err(),
            "did not receive metrics for targeted pods (pods might be unready)"
        );
        assert_eq!(
            resource_replicas(1, &[], BTreeMap::new(), "cpu", None, true, 50, NOW).unwrap_err(),
            "no pods returned by selector while calculating replica count"
        );
    }

    /// A pod Ready less than one metric window ago is unready during its initialization.
    #[test]
    fn fresh_readiness_needs_a_whole_window() {
        let mut p = pod("a", 1000);
        p.start_time = Some(NOW.plus(-20_000));
        p.ready = Some((true, NOW.plus(-5_000)));
        let g = group_pods(&[p], &metrics(&[("a", 10)]), true, NOW);
        assert!(g.unready.contains("a"));
    }

    /// TestReplicaCalcScaleUpRawValue-style (average value): 3 pods at 500m, 700m, 900m
    /// against an average of 300m → ratio 2.33 → 7.
    #[test]
    fn average_value_targets() {
        let pods = [pod("a", 0), pod("b", 0), pod("c", 0)];
        let p = resource_replicas(
            3,
            &pods,
            metrics(&[("a", 500), ("b", 700), ("c", 900)]),
            "memory",
            None,
            false,
            300,
            NOW,
        )
        .unwrap();
        assert_eq!((p.replicas, p.raw), (7, 700));
    }

    /// replica_calculator_test.go's resource table, as its harness builds it: every pod has
    /// two containers with the row's request and usage each; unready pods never became
    /// Ready; start times are long past (no CPU initialization period).
    #[test]
    fn upstream_replica_calculator_table() {
        struct Row {
            name: &'static str,
            current: i32,
            requests: &'static [i64],
            levels: &'static [i64],
            unready: &'static [usize],
            phase: &'static [(usize, &'static str)],
            target: i64,
            want: (i32, i32, i64),
        }
        let rows = [
            Row {
                name: "ScaleUp",
                current: 3,
                requests: &[1000, 1000, 1000],
                levels: &[300, 500, 700],
                unready: &[],
                phase: &[],
                target: 30,
                want: (5, 50, 1000),
            },
            Row {
                name: "ScaleUpUnreadyLessScale",
                current: 3,
                requests: &[1000, 1000, 1000],
                levels: &[300, 500, 700],
                unready: &[0],
                phase: &[],
                target: 30,
                want: (4, 60, 1200),
            },
            Row {
                name: "ScaleUpUnreadyNoScale",
                current: 3,
                requests: &[1000, 1000, 1000],
                levels: &[400, 500, 700],
                unready: &[1, 2],
                phase: &[],
                target: 30,
                want: (3, 40, 800),
            },
            Row {
                name: "ScaleUpIgnoresFailedPods",
                current: 2,
                requests: &[1000, 1000, 1000, 1000],
                levels: &[500, 700],
                unready: &[],
                phase: &[(2, "Failed"), (3, "Failed")],
                target: 30,
                want: (4, 60, 1200),
            },
            Row {
                name: "ScaleDown",
                current: 5,
                requests: &[1000; 5],
                levels: &[100, 300, 500, 250, 250],
                unready: &[],
                phase: &[],
                target: 50,
                want: (3, 28, 560),
            },
            Row {
                name: "ScaleDownExcludeUnreadyPods",
                current: 5,
                requests: &[1000; 5],
                levels: &[100, 300, 500, 250, 250],
                unready: &[3, 4],
                phase: &[],
                target: 50,
                want: (2, 30, 600),
            },
            Row {
                name: "ScaleDownExcludeUnscheduledPods",
                current: 5,
                requests: &[1000; 5],
                levels: &[100],
                unready: &[],
                phase: &[
                    (1, "Pending"),
                    (2, "Pending"),
                    (3, "Pending"),
                    (4, "Pending"),
                ],
                target: 50,
                want: (1, 10, 200),
            },
            Row {
                name: "Tolerance",
                current: 3,
                requests: &[900, 1000, 1100],
                levels: &[1010, 1030, 1020],
                unready: &[],
                phase: &[],
                target: 100,
                want: (3, 102, 2040),
            },
            Row {
                name: "SuperfluousMetrics",
                current: 4,
                requests: &[1000; 4],
                levels: &[4000, 9500, 3000, 7000, 3200, 2000],
                unready: &[],
                phase: &[],
                target: 100,
                want: (24, 587, 11750),
            },
            Row {
                name: "MissingMetrics",
                current: 4,
                requests: &[1000; 4],
                levels: &[400, 95],
                unready: &[],
                phase: &[],
                target: 100,
                want: (3, 24, 495),
            },
            Row {
                name: "MissingMetricsNoChangeEq",
                current: 2,
                requests: &[1000, 1000],
                levels: &[1000],
                unready: &[],
                phase: &[],
                target: 100,
                want: (2, 100, 2000),
            },
            Row {
                name: "MissingMetricsNoChangeGt",
                current: 2,
                requests: &[1000, 1000],
                levels: &[1900],
                unready: &[],
                phase: &[],
                target: 100,
                want: (2, 190, 3800),
            },
            Row {
                name: "MissingMetricsNoChangeLt",
                current: 2,
                requests: &[1000, 1000],
                levels: &[600],
                unready: &[],
                phase: &[],
                target: 100,
                want: (2, 60, 1200),
            },
            Row {
                name: "MissingMetricsUnreadyChange",
                current: 3,
                requests: &[1000; 3],
                levels: &[100, 450],
                unready: &[0],
                phase: &[],
                target: 50,
                want: (3, 45, 900),
            },
            Row {
                name: "MissingMetricsUnreadyScaleUp",
                current: 3,
                requests: &[1000; 3],
                levels: &[100, 2000],
                unready: &[0],
                phase: &[],
                target: 50,
                want: (4, 200, 4000),
            },
            Row {
                name: "MissingMetricsUnreadyScaleDown",
                current: 4,
                requests: &[1000; 4],
                levels: &[100, 100, 100],
                unready: &[0],
                phase: &[],
                target: 50,
                want: (3, 10, 200),
            },
            Row {
                name: "MissingMetricsScaleDownTargetOver100",
                current: 4,
                requests: &[1000, 1000, 2000, 2000],
                levels: &[200, 100, 100],
                unready: &[0],
                phase: &[],
                target: 300,
                want: (2, 6, 200),
            },
            Row {
                name: "DuringRollingUpdateWithMaxSurge",
                current: 2,
                requests: &[1000; 3],
                levels: &[100, 100],
                unready: &[],
                phase: &[],
                target: 50,
                want: (2, 10, 200),
            },
        ];
        for r in rows {
            let pods: Vec<PodInfo> = r
                .requests
                .iter()
                .enumerate()
                .map(|(i, req)| PodInfo {
                    name: format!("test-pod-{}", i),
                    deleting: false,
                    phase: r
                        .phase
                        .iter()
                        .find(|(j, _)| *j == i)
                        .map_or("Running", |(_, p)| p)
                        .to_string(),
                    start_time: Some(SimTime(0)),
                    ready: Some(if r.unready.contains(&i) {
                        (false, SimTime(0))
                    } else {
                        (true, SimTime(0))
                    }),
                    requests: vec![
                        ("container1".into(), Some(*req)),
                        ("container2".into(), Some(*req)),
                    ],
                })
                .collect();
            let metrics: BTreeMap<String, PodMetric> = r
                .levels
                .iter()
                .enumerate()
                .map(|(i, l)| (format!("test-pod-{}", i), m(2 * l)))
                .collect();
            let p = resource_replicas(r.current, &pods, metrics, "cpu", None, true, r.target, NOW)
                .unwrap_or_else(|e| panic!("{}: {}", r.name, e));
            assert_eq!(
                (p.replicas, p.utilization.unwrap(), p.raw),
                r.want,
                "{}",
                r.name
            );
        }
    }
}

use super::*;
use crate::rng::{SimRng, Stream};
use crate::runtime::step::ExplainText;
use k8s_openapi::api::core::v1::Node;
use serde_json::json;

fn node(name: &str, cpu: &str, mem: &str, extra: serde_json::Value) -> Node {
    let mut v = json!({
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
        "spec": {},
        "status": {"allocatable": {"cpu": cpu, "memory": mem, "pods": "110"}}
    });
    merge(&mut v, extra);
    serde_json::from_value(v).expect("node json")
}

fn pod(name: &str, cpu: Option<&str>, extra: serde_json::Value) -> Pod {
    let mut c = json!({"name": "app", "image": "nginx:1.27"});
    if let Some(cpu) = cpu {
        c["resources"] = json!({"requests": {"cpu": cpu, "memory": "64Mi"}});
    }
    let mut v = json!({
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}},
        "spec": {"containers": [c]}
    });
    merge(&mut v, extra);
    serde_json::from_value(v).expect("pod json")
}

fn merge(a: &mut serde_json::Value, b: serde_json::Value) {
    match (a, b) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (a, b) => *a = b,
    }
}

fn bound(mut p: Pod, node: &str) -> Pod {
    if let Some(s) = p.spec.as_mut() {
        s.node_name = Some(node.to_string());
    }
    p
}

fn control_plane() -> Node {
    node(
        "control-plane",
        "2",
        "4Gi",
        json!({"spec": {"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}}),
    )
}

fn rng() -> SimRng {
    SimRng::new(42, Stream::Scheduler)
}

#[test]
fn fit_error_message_matches_the_upstream_format_exactly() {
    let mut c = SchedulerCache::new();
    c.add_node(&control_plane());
    c.add_node(&node("worker-1", "1", "4Gi", json!({})));
    c.add_node(&node("worker-2", "1", "4Gi", json!({})));
    let err = schedule_pod(&c, &pod("big", Some("2"), json!({})), None, &mut rng()).unwrap_err();
    assert_eq!(
        err.message(),
        "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, \
         2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, \
         2 No preemption victims found for incoming pod."
    );
    assert!(err.preemption.is_none());
    assert!(
        err.explanation()
            .en()
            .contains("worker-1: Insufficient cpu")
    );
}

#[test]
fn fit_error_reasons_sort_as_whole_strings() {
    // framework/types_test.go TestFitError: "10 X" sorts before "2 Y".
    let mut reasons = BTreeMap::new();
    reasons.insert("Insufficient memory".to_string(), 2);
    reasons.insert("Insufficient cpu".to_string(), 10);
    reasons.insert("node(s) were unschedulable".to_string(), 1);
    let e = FitError {
        num_all_nodes: 13,
        reasons,
        post_filter_msg: String::new(),
        preemption: None,
        node_reasons: Vec::new(),
    };
    assert_eq!(
        e.message(),
        "0/13 nodes are available: 1 node(s) were unschedulable, 10 Insufficient cpu, 2 Insufficient memory."
    );
    let none = FitError {
        num_all_nodes: 0,
        reasons: BTreeMap::new(),
        post_filter_msg: String::new(),
        preemption: None,
        node_reasons: Vec::new(),
    };
    assert_eq!(none.message(), "no nodes available to schedule pods");
}

#[test]
fn a_node_reports_only_its_first_failing_plugin_but_fit_may_report_several() {
    let mut c = SchedulerCache::new();
    // Tainted and too small: only the taint is reported.
    c.add_node(&node(
        "tainted",
        "100m",
        "1Mi",
        json!({"spec": {"taints": [{"key": "dedicated", "value": "gpu", "effect": "NoExecute"}]}}),
    ));
    c.add_node(&node("small", "100m", "1Mi", json!({})));
    let err = schedule_pod(&c, &pod("p", Some("1"), json!({})), None, &mut rng()).unwrap_err();
    assert_eq!(
        err.message(),
        "0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, \
         1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/2 nodes are available: \
         1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
    );
}

#[test]
fn cordoned_nodes_are_skipped_unless_the_pod_tolerates_the_unschedulable_taint() {
    let mut c = SchedulerCache::new();
    c.add_node(&node(
        "n1",
        "2",
        "4Gi",
        json!({"spec": {"unschedulable": true}}),
    ));
    let p = pod("p", Some("100m"), json!({}));
    let err = schedule_pod(&c, &p, None, &mut rng()).unwrap_err();
    assert_eq!(
        err.message(),
        "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: \
         1 Preemption is not helpful for scheduling."
    );
    let tolerant = pod(
        "t",
        Some("100m"),
        json!({"spec": {"tolerations": [{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}}),
    );
    let r = schedule_pod(&c, &tolerant, None, &mut rng()).unwrap();
    assert_eq!(r.node, "n1");
    assert_eq!(r.explanation.en(), "only n1 passed the filters");
}

#[test]
fn node_selector_and_required_affinity_filter_nodes() {
    let mut c = SchedulerCache::new();
    c.add_node(&node(
        "a",
        "2",
        "4Gi",
        json!({"metadata": {"labels": {"disk": "ssd"}}}),
    ));
    c.add_node(&node("b", "2", "4Gi", json!({})));
    let p = pod(
        "p",
        None,
        json!({"spec": {"nodeSelector": {"disk": "ssd"}}}),
    );
    let r = schedule_pod(&c, &p, None, &mut rng()).unwrap();
    assert_eq!(r.node, "a");
    assert_eq!(
        r.explanation.en(),
        "only a passed the filters (filtered out: 1 node(s) didn't match Pod's node affinity/selector)"
    );
    let p = pod(
        "q",
        None,
        json!({"spec": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
            {"nodeSelectorTerms": [{"matchExpressions": [{"key": "disk", "operator": "DoesNotExist"}]}]}}}}}),
    );
    assert_eq!(schedule_pod(&c, &p, None, &mut rng()).unwrap().node, "b");
}

#[test]
fn host_port_conflicts_and_pod_limits_filter_nodes() {
    let mut c = SchedulerCache::new();
    c.add_node(&node("n1", "4", "8Gi", json!({})));
    let with_port = |name: &str| {
        pod(
            name,
            None,
            json!({"spec": {"containers": [{"name": "app", "image": "nginx", "ports": [{"containerPort": 80, "hostPort": 8080}]}]}}),
        )
    };
    c.add_pod(&bound(with_port("first"), "n1"));
    let err = schedule_pod(&c, &with_port("second"), None, &mut rng()).unwrap_err();
    assert_eq!(
        err.message(),
        "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. \
         preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    );
    c.remove_pod(&bound(with_port("first"), "n1"));
    assert!(schedule_pod(&c, &with_port("second"), None, &mut rng()).is_ok());

    let mut c = SchedulerCache::new();
    let mut n = node("n1", "4", "8Gi", json!({}));
    if let Some(a) = n.status.as_mut().and_then(|s| s.allocatable.as_mut()) {
        a.insert("pods".into(), Quantity("1".into()));
    }
    c.add_node(&n);
    c.add_pod(&bound(pod("a", None, json!({})), "n1"));
    let err = schedule_pod(&c, &pod("b", None, json!({})), None, &mut rng()).unwrap_err();
    assert!(
        err.message()
            .starts_with("0/1 nodes are available: 1 Too many pods.")
    );
}

use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

#[test]
fn least_allocated_node_wins_with_an_explained_score() {
    let mut c = SchedulerCache::new();
    c.add_node(&node("worker-1", "2", "4Gi", json!({})));
    c.add_node(&node("worker-2", "2", "4Gi", json!({})));
    c.add_pod(&bound(pod("busy", Some("1"), json!({})), "worker-1"));
    let r = schedule_pod(&c, &pod("new", Some("500m"), json!({})), None, &mut rng()).unwrap();
    assert_eq!(r.node, "worker-2");
    // worker-2: cpu (2000-500)*100/2000 = 75, memory (4096-64)/4096 → 98; (75+98)/2 = 86.
    let top = &r.top_scores[0];
    assert_eq!(top.node, "worker-2");
    assert!(top.plugins.contains(&("NodeResourcesFit", 86)), "{:?}", top);
    assert!(top.plugins.contains(&("TaintToleration", 300)));
    assert!(
        r.explanation.en().starts_with(&format!(
            "picked worker-2 (score {} vs worker-1 {}: NodeResourcesFit 86 vs 60",
            top.total, r.top_scores[1].total
        )),
        "{}",
        r.explanation.en()
    );
}

#[test]
fn ties_are_broken_by_the_seeded_rng_and_the_same_seed_gives_the_same_choices() {
    let mut c = SchedulerCache::new();
    for i in 1..=4 {
        c.add_node(&node(&format!("worker-{}", i), "2", "4Gi", json!({})));
    }
    let run = |seed: u64| {
        let mut r = SimRng::new(seed, Stream::Scheduler);
        (0..20)
            .map(|i| {
                schedule_pod(
                    &c,
                    &pod(&format!("p{}", i), Some("100m"), json!({})),
                    None,
                    &mut r,
                )
                .unwrap()
                .node
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7));
    let picks = run(7);
    let distinct: std::collections::BTreeSet<_> = picks.iter().collect();
    assert!(
        distinct.len() > 1,
        "uniform tie-break should spread: {:?}",
        picks
    );
    let mut r = rng();
    let res = schedule_pod(&c, &pod("x", Some("100m"), json!({})), None, &mut r).unwrap();
    assert!(
        res.explanation.en().contains("tied with")
            && res
                .explanation
                .en()
                .ends_with("chosen by the seeded tie-break"),
        "{}",
        res.explanation.en()
    );
}

#[test]
fn replica_set_pods_spread_across_hosts_and_terminating_pods_do_not_count() {
    let mut c = SchedulerCache::new();
    c.add_node(&node("a", "8", "16Gi", json!({})));
    c.add_node(&node("b", "8", "16Gi", json!({})));
    let sel: BTreeMap<String, String> = [("app".to_string(), "web".to_string())].into();
    // Two replicas already on a (requests tiny so resources barely differ).
    c.add_pod(&bound(pod("w1", Some("10m"), json!({})), "a"));
    c.add_pod(&bound(pod("w2", Some("10m"), json!({})), "a"));
    let r = schedule_pod(
        &c,
        &pod("w3", Some("10m"), json!({})),
        Some(&sel),
        &mut rng(),
    )
    .unwrap();
    assert_eq!(r.node, "b");
    let b = r.top_scores.iter().find(|s| s.node == "b").unwrap();
    let a = r.top_scores.iter().find(|s| s.node == "a").unwrap();
    // b: raw round(0*ln4 + 2) = 2; a: round(2*ln4 + 2) = 5 → b 100*(5+2-2)/5 = 100, a 40.
    assert!(b.plugins.contains(&("PodTopologySpread", 200)), "{:?}", b);
    assert!(a.plugins.contains(&("PodTopologySpread", 80)), "{:?}", a);

    // Mark both pods on a terminating: they no longer count for spreading.
    let term = |n: &str| {
        bound(
            pod(
                n,
                Some("10m"),
                json!({"metadata": {"deletionTimestamp": "2025-01-01T00:00:00Z"}}),
            ),
            "a",
        )
    };
    c.update_pod(&bound(pod("w1", Some("10m"), json!({})), "a"), &term("w1"));
    c.update_pod(&bound(pod("w2", Some("10m"), json!({})), "a"), &term("w2"));
    let r = schedule_pod(
        &c,
        &pod("w3", Some("10m"), json!({})),
        Some(&sel),
        &mut rng(),
    )
    .unwrap();
    let a = r.top_scores.iter().find(|s| s.node == "a").unwrap();
    assert!(a.plugins.contains(&("PodTopologySpread", 200)), "{:?}", a);
    // But they still use resources and pod slots.
    assert_eq!(c.pod_count("a"), 2);
    assert_eq!(c.requested("a").0, 20);
}

#[test]
fn image_locality_prefers_nodes_that_have_the_image() {
    let mut c = SchedulerCache::new();
    c.add_node(&node("a", "2", "4Gi", json!({})));
    c.add_node(&node("b", "2", "4Gi", json!({})));
    c.set_node_images("b", vec![("nginx:1.27".to_string(), 600 * 1024 * 1024)]);
    assert!(c.has_image("b", "nginx:1.27"));
    assert!(!c.has_image("a", "nginx:1.27"));
    let r = schedule_pod(&c, &pod("p", Some("100m"), json!({})), None, &mut rng()).unwrap();
    assert_eq!(r.node, "b");
    // 600 MiB × 1/2 nodes = 300 MiB → 100 × (300−23)/(1000−23) = 28.
    assert!(
        r.top_scores[0].plugins.contains(&("ImageLocality", 28)),
        "{:?}",
        r.top_scores
    );
}

#[test]
fn prefer_no_schedule_taints_lower_the_score() {
    let mut c = SchedulerCache::new();
    c.add_node(&node(
        "soft",
        "2",
        "4Gi",
        json!({"spec": {"taints": [{"key": "spot", "effect": "PreferNoSchedule"}]}}),
    ));
    c.add_node(&node("plain", "2", "4Gi", json!({})));
    let r = schedule_pod(&c, &pod("p", Some("100m"), json!({})), None, &mut rng()).unwrap();
    assert_eq!(r.node, "plain");
    let soft = r.top_scores.iter().find(|s| s.node == "soft").unwrap();
    assert!(soft.plugins.contains(&("TaintToleration", 0)));
}

#[test]
fn preemption_plans_evict_only_what_is_needed() {
    let mut c = SchedulerCache::new();
    c.add_node(&node("n1", "2", "4Gi", json!({})));
    let low = |n: &str| bound(pod(n, Some("1"), json!({})), "n1");
    c.add_pod(&low("low-1"));
    c.add_pod(&low("low-2"));
    let high = pod("high", Some("1"), json!({"spec": {"priority": 1000}}));
    let err = schedule_pod(&c, &high, None, &mut rng()).unwrap_err();
    assert_eq!(
        err.message(),
        "0/1 nodes are available: 1 Insufficient cpu."
    );
    let plan = err.preemption.expect("a preemption plan");
    assert_eq!(plan.node, "n1");
    assert_eq!(plan.victims.len(), 1);
    let never = pod(
        "never",
        Some("1"),
        json!({"spec": {"priority": 1000, "preemptionPolicy": "Never"}}),
    );
    let err = schedule_pod(&c, &never, None, &mut rng()).unwrap_err();
    assert_eq!(
        err.message(),
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
    );
}

#[test]
fn feasible_node_search_is_adaptive_and_rotates_its_start() {
    // schedule_one_test.go TestNumFeasibleNodesToFind (default percentage).
    assert_eq!(num_feasible_nodes_to_find(10), 10);
    assert_eq!(num_feasible_nodes_to_find(99), 99);
    assert_eq!(num_feasible_nodes_to_find(100), 100);
    assert_eq!(num_feasible_nodes_to_find(1000), 420);
    assert_eq!(num_feasible_nodes_to_find(6000), 300);
    assert_eq!(num_feasible_nodes_to_find(250), 120);

    let mut c = SchedulerCache::new();
    for i in 0..200 {
        c.add_node(&node(&format!("n{:03}", i), "4", "8Gi", json!({})));
    }
    let r = schedule_pod(&c, &pod("p", None, json!({})), None, &mut rng()).unwrap();
    assert_eq!(r.evaluated_nodes, 100);
    assert_eq!(r.feasible_nodes, 100);
    assert_eq!(c.next_start.get(), 100);
    schedule_pod(&c, &pod("q", None, json!({})), None, &mut rng()).unwrap();
    assert_eq!(c.next_start.get(), 0);
}

#[test]
fn node_order_round_robins_zones_and_ghost_nodes_keep_their_pods() {
    let mut c = SchedulerCache::new();
    let z = |name: &str, zone: &str| {
        node(
            name,
            "2",
            "4Gi",
            json!({"metadata": {"labels": {"topology.kubernetes.io/zone": zone}}}),
        )
    };
    c.add_node(&z("a1", "a"));
    c.add_node(&z("a2", "a"));
    c.add_node(&z("b1", "b"));
    assert_eq!(c.node_names(), vec!["a1", "b1", "a2"]);
    let p = bound(pod("p", Some("500m"), json!({})), "b1");
    c.add_pod(&p);
    c.remove_node("b1");
    assert_eq!(c.node_names(), vec!["a1", "a2"]);
    assert_eq!(c.pod_count("b1"), 1);
    c.add_node(&z("b1", "b"));
    assert_eq!(c.requested("b1").0, 500);
    c.remove_pod(&p);
    c.remove_node("b1");
    assert_eq!(c.pod_count("b1"), 0);
    assert_eq!(c.num_nodes(), 2);
}

#[test]
fn zone_spreading_counts_pods_per_zone() {
    let mut c = SchedulerCache::new();
    let z = |name: &str, zone: &str| {
        node(
            name,
            "8",
            "16Gi",
            json!({"metadata": {"labels": {"topology.kubernetes.io/zone": zone}}}),
        )
    };
    c.add_node(&z("a1", "a"));
    c.add_node(&z("a2", "a"));
    c.add_node(&z("b1", "b"));
    c.add_pod(&bound(pod("w1", Some("10m"), json!({})), "a1"));
    let sel: BTreeMap<String, String> = [("app".to_string(), "web".to_string())].into();
    let r = schedule_pod(
        &c,
        &pod("w2", Some("10m"), json!({})),
        Some(&sel),
        &mut rng(),
    )
    .unwrap();
    assert_eq!(r.node, "b1");
    let a2 = r.top_scores.iter().find(|s| s.node == "a2").unwrap();
    let b1 = r.top_scores.iter().find(|s| s.node == "b1").unwrap();
    let pts = |s: &NodeScore| {
        s.plugins
            .iter()
            .find(|(n, _)| *n == "PodTopologySpread")
            .unwrap()
            .1
    };
    assert!(pts(b1) > pts(a2), "{:?} {:?}", b1, a2);
}

#[test]
fn many_pods_over_many_nodes_stay_fast() {
    // A scaled-down load check (debug build): 300 nodes, 3000 pods, one ReplicaSet.
    let mut c = SchedulerCache::new();
    for i in 0..300 {
        c.add_node(&node(
            &format!("n{:03}", i),
            "16",
            "64Gi",
            json!({"metadata": {"labels": {"topology.kubernetes.io/zone": format!("z{}", i % 3)}}}),
        ));
    }
    let sel: BTreeMap<String, String> = [("app".to_string(), "web".to_string())].into();
    let mut r = rng();
    for i in 0..3000 {
        let p = pod(&format!("p{}", i), Some("50m"), json!({}));
        let res = schedule_pod(&c, &p, Some(&sel), &mut r).unwrap();
        c.add_pod(&bound(p, &res.node));
    }
    let counts: Vec<u32> = c.node_names().iter().map(|n| c.pod_count(n)).collect();
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(max - min <= 4, "spread {}..{}", min, max);
}

#[test]
fn finished_pods_leave_the_cache() {
    let mut c = SchedulerCache::new();
    c.add_node(&node("n1", "2", "4Gi", json!({})));
    let running = bound(pod("job", Some("1"), json!({})), "n1");
    let done = bound(
        pod("job", Some("1"), json!({"status": {"phase": "Succeeded"}})),
        "n1",
    );
    c.add_pod(&running);
    assert_eq!(c.requested("n1").0, 1000);
    c.update_pod(&running, &done);
    assert_eq!(c.requested("n1").0, 0);
    assert_eq!(c.pod_count("n1"), 0);
}

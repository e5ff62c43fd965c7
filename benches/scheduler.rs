//! `cargo bench --bench scheduler`: schedule pods onto 1,000 nodes in three zones through
//! the scheduler framework alone (filters, scores, the seeded tie-break), outside the
//! engine. `SCHED_BENCH_PODS=N` sets the number of pods (default 5,000).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Node, Pod};
use kubestep::rng::{SimRng, Stream};
use kubestep::scheduler::{SchedulerCache, schedule_pod};
use serde_json::json;

fn node(i: u32) -> Node {
    let name = format!("n{:04}", i);
    serde_json::from_value(json!({
        "metadata": {"name": name, "labels": {
            "kubernetes.io/hostname": name,
            "topology.kubernetes.io/zone": format!("z{}", i % 3)
        }},
        "spec": {},
        "status": {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"}}
    }))
    .expect("node json")
}

fn pod(i: usize, app: &str) -> Pod {
    serde_json::from_value(json!({
        "metadata": {"name": format!("p{}", i), "namespace": "default", "labels": {"app": app}},
        "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}}}]}
    }))
    .expect("pod json")
}

fn main() {
    let n: usize = std::env::var("SCHED_BENCH_PODS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let mut cache = SchedulerCache::new();
    for i in 0..1000 {
        cache.add_node(&node(i));
    }
    let mut rng = SimRng::new(42, Stream::Scheduler);
    let t = Instant::now();
    let mut in_sched = Duration::ZERO;
    for i in 0..n {
        let app = format!("web-{}", i % 20);
        let sel: BTreeMap<String, String> = [("app".to_string(), app.clone())].into();
        let mut p = pod(i, &app);
        let t1 = Instant::now();
        let res = schedule_pod(&cache, &p, Some(&sel), &mut rng).expect("fits");
        in_sched += t1.elapsed();
        if let Some(s) = p.spec.as_mut() {
            s.node_name = Some(res.node);
        }
        cache.add_pod(&p);
    }
    println!(
        "scheduler: {} pods over 1000 nodes in {:?} ({:?} in schedule_pod, {:.1} µs per pod)",
        n,
        t.elapsed(),
        in_sched,
        in_sched.as_secs_f64() * 1e6 / n.max(1) as f64
    );
}

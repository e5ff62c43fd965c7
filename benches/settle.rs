//! `cargo bench`: settle a large Deployment and report wall time and steps per second.
//! (Plain `harness = false` timing; the engine itself never reads the clock.)
//!
//! Cases: 1,000 replicas on 100 nodes (the figure), then larger ones. Set
//! `KUBESTEP_BENCH_MAX=N` to skip cases with more than N pods.

use std::time::Instant;

use kubestep::script::split_words;
use kubestep::{Engine, EngineConfig};

fn manifest(replicas: u32) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources:\n          requests:\n            cpu: 10m\n            memory: 16Mi\n"
    )
}

fn run(e: &mut Engine, line: &str, stdin: Option<&str>) -> kubestep::ExecOutput {
    e.exec(&split_words(line).unwrap(), stdin, None)
}

fn case(nodes: u32, pods: u32, iters: u32) {
    let mut times = vec![];
    let mut steps = 0;
    let mut settled = String::new();
    for _ in 0..iters {
        let mut e = Engine::new(EngineConfig::default());
        let per_node = (pods / nodes.max(1) + 20).max(110);
        run(
            &mut e,
            &format!(
                "cluster reset --workers {} --cpu 64 --memory 256Gi --pods {}",
                nodes, per_node
            ),
            None,
        );
        let t = Instant::now();
        let out = run(&mut e, "kubectl apply -f -", Some(&manifest(pods)));
        assert_eq!(out.exit, 0, "{:?}", out);
        let out = run(&mut e, "settle --timeout 1h", None);
        let el = t.elapsed();
        settled = out.stdout().trim().to_string();
        steps = e.history().len();
        let ready = run(&mut e, "kubectl get deploy big --no-headers", None).stdout();
        assert!(
            ready.contains(&format!("{}/{}", pods, pods)),
            "not all ready: {}",
            ready
        );
        times.push(el.as_secs_f64());
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let med = times[times.len() / 2];
    println!(
        "settle {:>6} pods on {:>4} nodes: median {:>8.3} s (min {:.3} s, {} runs), {} steps, {:.0} steps/s, {}",
        pods,
        nodes,
        med,
        times[0],
        times.len(),
        steps,
        steps as f64 / med,
        settled
    );
}

fn main() {
    let max: u32 = std::env::var("KUBESTEP_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(u32::MAX);
    for (nodes, pods, iters) in [(100, 1_000, 5), (100, 10_000, 1), (1_000, 100_000, 1)] {
        if pods <= max {
            case(nodes, pods, iters);
        }
    }
}

//! `cargo bench --bench rewind`: what the page's Back and scrubber cost after settling a
//! large Deployment: cloning the engine, then `rewind_to` the step before the last and to
//! the middle of the history. (Plain `harness = false` timing; the engine never reads the
//! clock.) Set `KUBESTEP_BENCH_MAX=N` to skip cases with more than N pods.

use std::time::Instant;

use kubestep::script::split_words;
use kubestep::{Engine, EngineConfig};

fn run(e: &mut Engine, line: &str, stdin: Option<&str>) -> kubestep::ExecOutput {
    e.exec(&split_words(line).unwrap(), stdin, None)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn case(nodes: u32, pods: u32) {
    let mut e = Engine::new(EngineConfig::default());
    let per_node = (pods / nodes.max(1) + 20).max(110);
    run(
        &mut e,
        &format!("cluster reset --workers {nodes} --cpu 64 --memory 256Gi --pods {per_node}"),
        None,
    );
    let manifest = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: big\nspec:\n  replicas: {pods}\n  selector:\n    matchLabels:\n      app: big\n  template:\n    metadata:\n      labels:\n        app: big\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n        resources:\n          requests:\n            cpu: 10m\n            memory: 16Mi\n"
    );
    let t = Instant::now();
    let out = run(&mut e, "kubectl apply -f -", Some(&manifest));
    assert_eq!(out.exit, 0, "{:?}", out);
    run(&mut e, "settle --timeout 1h", None);
    let settle = ms(t);
    let total = e.history().len() as u64;

    let t = Instant::now();
    let c = e.clone();
    let clone = ms(t);
    drop(c);

    let mut times = vec![];
    for k in [total - 1, total / 2] {
        let t = Instant::now();
        let mut v = e.clone();
        let cloned = ms(t);
        v.rewind_to(k).expect("rewind");
        let both = ms(t);
        assert_eq!(v.history().len() as u64, k);
        assert_eq!(
            v.history().last().map(|r| r.line()),
            e.history().get(k as usize - 1).map(|r| r.line())
        );
        times.push((k, cloned, both - cloned));
    }
    println!(
        "{pods:>6} pods on {nodes:>4} nodes: settle {settle:>8.1} ms ({total} steps), clone {clone:>6.2} ms, rewind_to({}) {:>7.1} ms, rewind_to({}) {:>7.1} ms",
        times[0].0, times[0].2, times[1].0, times[1].2
    );
}

fn main() {
    let max: u32 = std::env::var("KUBESTEP_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(u32::MAX);
    for (nodes, pods) in [(100, 1_000), (100, 10_000)] {
        if pods <= max {
            case(nodes, pods);
        }
    }
}

//! Settle one Deployment of `PODS` replicas on `NODES` nodes (for profiling):
//! `cargo run --release --example settle_one -- PODS NODES`.

use std::time::Instant;

/// The CLI's allocator (src/bin/kubestep/main.rs), so figures match `kubestep run`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use kubestep::script::split_words;
use kubestep::{Engine, EngineConfig};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pods: u32 = args.get(1).and_then(|v| v.parse().ok()).unwrap_or(1000);
    let nodes: u32 = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(100);
    let mut e = Engine::new(EngineConfig::default());
    let per_node = (pods / nodes.max(1) + 20).max(110);
    let run = |e: &mut Engine, line: &str, stdin: Option<&str>| {
        e.exec(&split_words(line).unwrap(), stdin, None)
    };
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
    assert_eq!(out.exit, 0);
    let out = run(&mut e, "settle --timeout 1h", None);
    let el = t.elapsed().as_secs_f64();
    let steps = e.history().len();
    // The next command also takes a rewind checkpoint (a clone of the cluster).
    let t = Instant::now();
    let ready = run(&mut e, "kubectl get deploy big --no-headers", None).stdout();
    let get = t.elapsed().as_secs_f64();
    println!(
        "{pods} pods / {nodes} nodes: {el:.3} s, {steps} steps, {:.0} steps/s, {} | {} | next command {get:.3} s",
        steps as f64 / el,
        out.stdout().trim(),
        ready.trim()
    );
    // `churn`: scale down by a third, roll out a new image, then delete a pod per node
    // worth of replicas by scaling back up (exercises deletions, ranking and rollouts).
    if args.get(3).map(String::as_str) == Some("churn") {
        let t = Instant::now();
        for line in [
            format!("kubectl scale deploy big --replicas={}", pods - pods / 3),
            "settle --timeout 1h".to_string(),
            "kubectl set image deploy/big app=nginx:1.28".to_string(),
            "settle --timeout 1h".to_string(),
            format!("kubectl scale deploy big --replicas={}", pods),
            "settle --timeout 1h".to_string(),
            "kubectl delete deploy big".to_string(),
            "settle --timeout 1h".to_string(),
        ] {
            let o = run(&mut e, &line, None);
            assert_eq!(o.exit, 0, "{line}: {:?}", o);
        }
        println!(
            "churn: {:.3} s, {} steps in all",
            t.elapsed().as_secs_f64(),
            e.history().len()
        );
    }
    // A digest of the whole recorded history, to compare runs of different builds.
    let mut h: u64 = 0xcbf29ce484222325;
    for rec in e.history() {
        let text = format!(
            "{}|{:?}|{:?}|{}\n",
            rec.line(),
            rec.writes,
            rec.events,
            rec.revision
        );
        for b in text.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
    }
    println!("history digest {:016x}", h);
    let st = &e.cluster().store;
    let oldest = match st.changes_since(0) {
        Err(kubestep::store::StoreError::Compacted { oldest }) => oldest,
        _ => 1,
    };
    println!(
        "store revision {}, watch log holds {} revisions",
        st.revision(),
        st.revision() - oldest + 1
    );
    let t = Instant::now();
    drop(e);
    println!("drop {:.3} s", t.elapsed().as_secs_f64());
}

//! Property tests of invariants: rollouts stay within their surge/unavailable bounds, the
//! store's revisions only grow, and a watch never skips an event.

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use proptest::prelude::*;

use kubestep::object::{Kind, Object};
use kubestep::runtime::step::ExplainText;
use kubestep::store::Store;
use kubestep::{Engine, EngineConfig};

fn run(e: &mut Engine, line: &str, stdin: Option<&str>) -> kubestep::ExecOutput {
    let argv = kubestep::script::split_words(line).expect("words");
    e.exec(&argv, stdin, None)
}

fn deployment(replicas: i32, surge: &str, unavailable: &str, image: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  strategy:\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: c\n        image: {image}\n"
    )
}

fn resolve(v: &str, total: i32, up: bool) -> i32 {
    match v.strip_suffix('%') {
        Some(p) => {
            let p: i32 = p.parse().unwrap();
            if up {
                (p * total + 99) / 100
            } else {
                p * total / 100
            }
        }
        None => v.parse().unwrap(),
    }
}

fn int_or_pct() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..4i32).prop_map(|n| n.to_string()),
        prop::sample::select(vec!["0%", "10%", "25%", "50%", "100%"]).prop_map(String::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn rolling_update_never_exceeds_surge_or_unavailable_bounds(
        replicas in 1..10i32,
        surge in int_or_pct(),
        unavailable in int_or_pct(),
        seed in 0..1000u64,
    ) {
        let mut s = resolve(&surge, replicas, true);
        let mut u = resolve(&unavailable, replicas, false);
        if s == 0 && u == 0 {
            prop_assume!(false); // rejected by validation
        }
        if u > replicas { u = replicas; }
        if s < 0 { s = 0; }
        let mut e = Engine::new(EngineConfig { seed, ..Default::default() });
        let out = run(&mut e, "kubectl apply -f -", Some(&deployment(replicas, &surge, &unavailable, "nginx:1.27")));
        prop_assert_eq!(out.exit, 0, "{:?}", out);
        run(&mut e, "settle", None);
        let out = run(&mut e, "kubectl apply -f -", Some(&deployment(replicas, &surge, &unavailable, "nginx:1.28")));
        prop_assert_eq!(out.exit, 0, "{:?}", out);
        let mut sink = kubestep::ExecOutput::default();
        for _ in 0..2000 {
            let Some(rec) = e.step_once(&mut sink) else { break };
            let c = e.cluster();
            let spec_sum: i32 = c.store.list(Kind::ReplicaSet, Some("default")).iter()
                .filter_map(|o| o.as_replicaset())
                .map(|r| r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0))
                .sum();
            prop_assert!(spec_sum <= replicas + s, "step {}: Σ spec {} > {} + {}", rec.index, spec_sum, replicas, s);
            let ready = c.store.list(Kind::Pod, Some("default")).iter()
                .filter_map(|o| o.as_pod())
                .filter(|p| p.metadata.deletion_timestamp.is_none())
                .filter(|p| p.status.as_ref().and_then(|s| s.conditions.as_ref()).is_some_and(|cs| cs.iter().any(|c| c.type_ == "Ready" && c.status == "True")))
                .count() as i32;
            prop_assert!(ready >= replicas - u, "step {}: {} ready < {} − {}", rec.index, ready, replicas, u);
            if rec.why.iter().any(|w| w.id() == "KubeletWhy::RenewedLease") {
                let d = c.get(Kind::Deployment, "default", "web").unwrap();
                let st = d.as_deployment().unwrap().status.clone().unwrap_or_default();
                if st.updated_replicas == Some(replicas) && st.available_replicas == Some(replicas) && st.replicas == Some(replicas) {
                    break;
                }
            }
        }
        let d = e.cluster().get(Kind::Deployment, "default", "web").unwrap();
        let st = d.as_deployment().unwrap().status.clone().unwrap_or_default();
        prop_assert_eq!(st.updated_replicas, Some(replicas));
    }

    #[test]
    fn store_revisions_only_grow_and_watches_never_skip(
        ops in prop::collection::vec((0..3u8, 0..6u8), 1..80),
        compact_at in 0..80usize,
        from in 0..80i64,
    ) {
        let mut s = Store::new();
        let ns = |i: u8| Object::from(Namespace {
            metadata: ObjectMeta { name: Some(format!("ns{}", i)), ..Default::default() },
            ..Default::default()
        });
        let mut last = 0;
        for (i, (op, k)) in ops.iter().enumerate() {
            let r = match op {
                0 => s.create(ns(*k)).map(|_| ()),
                1 => s.update(ns(*k), None).map(|_| ()),
                _ => s.delete(&ns(*k).key()).map(|_| ()),
            };
            if r.is_ok() {
                prop_assert!(s.revision() == last + 1, "each write adds exactly one revision");
                last = s.revision();
            } else {
                prop_assert_eq!(s.revision(), last, "a failed write changes nothing");
            }
            if i == compact_at {
                s.compact(last / 2);
            }
        }
        for o in s.list(Kind::Namespace, None) {
            let rv: i64 = o.meta().resource_version.as_deref().unwrap().parse().unwrap();
            prop_assert!(rv >= 1 && rv <= last);
        }
        match s.changes_since(from.min(last)) {
            Ok(ch) => {
                let revs: Vec<i64> = ch.iter().map(|e| e.rev).collect();
                let want: Vec<i64> = ((from.min(last) + 1)..=last).collect();
                prop_assert_eq!(revs, want, "a watch from a revision sees every later change, in order");
            }
            Err(_) => prop_assert!(from.min(last) < last / 2, "only compacted revisions are refused"),
        }
    }
}

#[test]
fn background_pod_watch_prints_a_row_for_every_pod_change() {
    let mut e = Engine::new(EngineConfig::default());
    let start_rev = e.cluster().store.revision();
    let out = e.exec(
        &kubestep::script::split_words("kubectl get pods --watch").unwrap(),
        None,
        Some(7),
    );
    assert_eq!(out.exit, 0);
    run(
        &mut e,
        "kubectl apply -f -",
        Some(&deployment(3, "1", "0", "nginx:1.27")),
    );
    let mut rows = 0;
    for line in [
        "settle",
        "kubectl scale deployment web --replicas=1",
        "settle",
    ] {
        let o = run(&mut e, line, None);
        rows += o
            .chunks
            .iter()
            .filter(|c| matches!(c, kubestep::Chunk::Watch { id: 7, .. }))
            .count();
    }
    let pod_changes = e
        .cluster()
        .store
        .changes_since(start_rev)
        .unwrap()
        .iter()
        .filter(|ev| ev.obj.kind() == Kind::Pod)
        .count();
    assert!(pod_changes > 10);
    // The first row also carries the header line.
    assert_eq!(rows, pod_changes + 1);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Arbitrary manifests and command lines get errors, never a panic, and a failed apply
    /// changes nothing.
    #[test]
    fn arbitrary_input_never_panics_or_half_applies(
        text in "(apiVersion: apps/v1\nkind: Deployment\n)?(metadata:\n  name: [a-zA-Z_ -]{0,8}\n)?(spec:\n  replicas: -?[0-9]{1,12}\n)?[ -~\n]{0,120}",
        words in prop::collection::vec("[a-z=/.\\-0-9]{0,10}", 0..6),
    ) {
        let mut e = Engine::new(EngineConfig::default());
        let rev = e.cluster().store.revision();
        let out = run(&mut e, "kubectl apply -f -", Some(&text));
        if out.exit != 0 {
            prop_assert_eq!(e.cluster().store.revision(), rev, "a failed apply wrote something: {:?}", out);
        }
        let mut argv = vec!["kubectl".to_string()];
        argv.extend(words);
        let _ = e.exec(&argv, None, None);
        let _ = e.exec(&argv[1..], None, None);
    }
}

#[test]
fn absurd_values_get_clear_errors_and_leave_the_cluster_alone() {
    let mut e = Engine::new(EngineConfig::default());
    let rev = e.cluster().store.revision();
    let huge = deployment(100_000_000, "1", "0", "nginx");
    let out = run(&mut e, "kubectl apply -f -", Some(&huge));
    assert_eq!(out.exit, 1);
    assert!(
        out.stderr().contains("exceeds kubestep's simulation limit"),
        "{}",
        out.stderr()
    );
    assert_eq!(e.cluster().store.revision(), rev);
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let out = run(&mut e, "kubectl apply -f -", Some(&deep));
    assert_eq!(out.exit, 1);
    let out = run(
        &mut e,
        "kubectl apply -f -",
        Some("a: &a [*a, *a]\nb: *a\n"),
    );
    assert_eq!(out.exit, 1);
    let out = run(
        &mut e,
        "kubectl apply -f -",
        Some(&deployment(2, "1", "0", "nginx")),
    );
    assert_eq!(out.exit, 0);
    let out = run(
        &mut e,
        "kubectl scale deploy web --replicas=999999999",
        None,
    );
    assert!(
        out.stderr().contains("simulation limit"),
        "{}",
        out.stderr()
    );
    let out = run(&mut e, "tick 99999999h", None);
    assert_eq!(out.exit, 1);
    assert!(out.stderr().contains("at most 24h"), "{}", out.stderr());
    assert_eq!(run(&mut e, "settle --timeout 1s", None).exit, 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    /// Whatever nodes fail and recover, the scheduler never binds a pod to a node carrying
    /// a NoSchedule or NoExecute taint the pod does not tolerate (it reads the node's taints
    /// as of the step), and the taint-eviction-controller only deletes pods on nodes with a
    /// NoExecute taint.
    #[test]
    fn no_pod_is_bound_to_a_node_with_an_untolerated_taint(
        ops in prop::collection::vec((0..4u8, 1..4u8, 1..9i32), 1..8),
        seed in 0..1000u64,
    ) {
        let mut e = Engine::new(EngineConfig { seed, ..Default::default() });
        run(&mut e, "node add worker-3", None);
        let out = run(&mut e, "kubectl apply -f -", Some(&deployment(4, "1", "0", "nginx:1.27")));
        prop_assert_eq!(out.exit, 0, "{:?}", out);
        let mut sink = kubestep::ExecOutput::default();
        for (op, w, n) in ops {
            let line = match op {
                0 => format!("node stop worker-{}", w),
                1 => format!("node start worker-{}", w),
                2 => format!("kubectl scale deployment web --replicas={}", n),
                _ => String::new(),
            };
            if !line.is_empty() {
                let _ = run(&mut e, &line, None);
            }
            // Walk through what follows step by step (a few virtual minutes), checking each
            // step against the store as that step left it.
            let until = e.cluster().now.0 + i64::from(n) * 30_000;
            while e.cluster().now.0 < until {
                let Some(rec) = e.step_once(&mut sink) else { break };
                let c = e.cluster();
                for w in &rec.writes {
                    let evicting = w.verb == "delete" && rec.component == "taint-eviction-controller";
                    if w.verb != "bind" && !evicting {
                        continue;
                    }
                    let pod = c.get(Kind::Pod, &w.namespace, &w.name).unwrap();
                    let pod = pod.as_pod().unwrap();
                    let node_name = pod.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_default();
                    let node = c.get(Kind::Node, "", &node_name).unwrap();
                    let taints = node.as_node().unwrap().spec.as_ref().and_then(|s| s.taints.clone()).unwrap_or_default();
                    let tols = pod.spec.as_ref().and_then(|s| s.tolerations.clone()).unwrap_or_default();
                    if evicting {
                        prop_assert!(taints.iter().any(|t| t.effect == "NoExecute"), "step {}: evicted {} from {} without a NoExecute taint", rec.index, w.name, node_name);
                    } else {
                        let bad = kubestep::scheduler::plugins::find_untolerated_do_not_schedule(&taints, &tols);
                        prop_assert!(bad.is_none(), "step {}: bound {} to {} with untolerated {:?}", rec.index, w.name, node_name, bad);
                    }
                }
            }
        }
    }
}

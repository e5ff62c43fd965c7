//! Rewinding: returning to an earlier step restores exactly that state, and running on
//! from there replays the same future; acting after a rewind forks a new one.

use kubestep::cluster::Trigger;
use kubestep::runtime::step::ExplainText;
use kubestep::script::{parse_script, run_script, split_words};
use kubestep::store::WatchType;
use kubestep::{Engine, EngineConfig};

fn demo() -> Engine {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/classic-demo.kss"
    ))
    .unwrap();
    let mut e = Engine::new(EngineConfig::default());
    run_script(&mut e, &parse_script(&text).unwrap());
    e
}

fn pods_yaml(e: &mut Engine) -> String {
    e.exec(
        &split_words("kubectl get pods -o yaml").unwrap(),
        None,
        None,
    )
    .stdout()
}

#[test]
fn rewinding_then_stepping_replays_the_same_future() {
    let mut e = demo();
    let total = e.history().len() as u64;
    let lines: Vec<String> = e.history().iter().map(|r| r.line()).collect();
    assert!(total > 40, "demo has {} steps", total);
    // The last user command is the scale; rewind into the settle after it.
    let k = total - 5;
    e.rewind_to(k).unwrap();
    assert_eq!(e.history().len() as u64, k);
    assert_eq!(e.cluster().steps, k);
    let mut sink = kubestep::ExecOutput::default();
    for i in k..total {
        let rec = e.step_once(&mut sink).expect("a step");
        assert_eq!(
            rec.line(),
            lines[i as usize],
            "step {} differs after rewind",
            i + 1
        );
    }
}

#[test]
fn rewind_restores_the_state_of_that_step() {
    let mut a = demo();
    // Where was the cluster right after the apply settled? Find the step count then.
    let mut b = Engine::new(EngineConfig::default());
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/classic-demo.kss"
    ))
    .unwrap();
    let cmds = parse_script(&text).unwrap();
    run_script(&mut b, &cmds[..2]); // apply + settle
    let k = b.history().len() as u64;
    let want = pods_yaml(&mut b);
    a.rewind_to(k).unwrap();
    assert_eq!(a.cluster().store.revision(), b.cluster().store.revision());
    assert_eq!(pods_yaml(&mut a), want);
    // Acting after a rewind forks: scaling to 4 deletes one pod, not two.
    let out = a.exec(
        &split_words("kubectl scale deployment newkubia --replicas=4").unwrap(),
        None,
        None,
    );
    assert_eq!(out.exit, 0);
    a.exec(&split_words("settle").unwrap(), None, None);
    let pods = a
        .exec(
            &split_words("kubectl get pods --no-headers").unwrap(),
            None,
            None,
        )
        .stdout();
    assert_eq!(pods.lines().count(), 4, "{}", pods);
    // Rewinding to step 0 gives the fresh cluster.
    a.rewind_to(0).unwrap();
    let none = a.exec(&split_words("kubectl get pods").unwrap(), None, None);
    assert_eq!(none.stderr(), "No resources found in default namespace.\n");
    assert!(a.rewind_to(10_000).is_err());
}

#[test]
fn each_step_exposes_the_objects_it_changed() {
    let e = demo();
    let rec = e
        .history()
        .iter()
        .find(|r| said(r, "DeploymentWhy::CreatedReplicaSet"))
        .expect("the step that created the ReplicaSet");
    let changes = e.step_changes(rec);
    let rs = changes
        .iter()
        .find(|c| c.write.kind == kubestep::object::Kind::ReplicaSet)
        .expect("RS write");
    assert!(rs.before.is_none());
    assert_eq!(rs.write.verb, "create");
    assert!(rs.after.as_ref().unwrap().name().starts_with("newkubia-"));
}

/// Whether the step recorded the explanation with this message id.
fn said(r: &kubestep::cluster::StepRecord, id: &str) -> bool {
    r.why.iter().any(|w| w.id() == id)
}

#[test]
fn queue_depths_count_each_components_waiting_keys() {
    let mut e = Engine::new(EngineConfig::default());
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/classic-demo.kss"
    ))
    .unwrap();
    let cmds = parse_script(&text).unwrap();
    run_script(&mut e, &cmds[..1]); // apply, nothing run yet
    let mut sink = kubestep::ExecOutput::default();
    let mut most = std::collections::BTreeMap::<String, u64>::new();
    while let Some(rec) = e.step_once(&mut sink) {
        for (k, v) in e.queue_depths() {
            let m = most.entry(k).or_default();
            *m = (*m).max(v);
        }
        if rec.index > 60 {
            break;
        }
    }
    // The replicaset-controller creates the 5 pods in one step (and records events after
    // those writes, so the watch is delivered before its step ends): the scheduler then has
    // one key per pod waiting.
    assert_eq!(most.get("default-scheduler"), Some(&5), "{:?}", most);
    assert_eq!(most.get("deployment-controller"), Some(&1), "{:?}", most);
    // Kubelets are counted per node.
    assert!(most.keys().any(|k| k == "kubelet/worker-1"), "{:?}", most);
    assert!(most.keys().all(|k| !k.is_empty()), "{:?}", most);
}

#[test]
fn steps_say_what_woke_them() {
    let e = demo();
    let h = e.history();
    let rs = h
        .iter()
        .find(|r| r.component == "replicaset-controller")
        .unwrap();
    assert!(
        matches!(&rs.trigger, Trigger::Watch { ty: WatchType::Added, resource: "replicasets", name, .. } if name.starts_with("newkubia-")),
        "{}",
        rs.trigger
    );
    let kubelet = h
        .iter()
        .find(|r| r.component.starts_with("kubelet/") && said(r, "KubeletWhy::Pulling"))
        .unwrap();
    assert!(
        matches!(kubelet.trigger, Trigger::TimerAt(_)),
        "{}",
        kubelet.trigger
    );
    let apply = h.first().unwrap();
    assert_eq!(
        apply.trigger,
        Trigger::Api {
            client: "kubectl apply".into(),
            method: "POST".into(),
            path: "/apis/apps/v1/namespaces/default/deployments".into(),
        }
    );
}

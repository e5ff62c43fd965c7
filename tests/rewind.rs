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
    let apply = h.front().unwrap();
    assert_eq!(
        apply.trigger,
        Trigger::Api {
            client: "kubectl apply".into(),
            method: "POST".into(),
            path: "/apis/apps/v1/namespaces/default/deployments".into(),
        }
    );
}

// Rewinding into a command that waits: drain, delete, rollout status, kubectl wait, settle,
// tick. The forward run's state after step k is read back from its own store (the watch
// log keeps every revision: `Store::list_at` the revision the step record ends at), so the
// comparison does not rely on the replay being right.

const WEB4: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=4\nsettle\n";

/// A Deployment, then `kubectl drain` (cordon, evictions, then waiting for the pods to go).
const DRAIN: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=4\nsettle\nkubectl drain worker-1 --ignore-daemonsets\ntick 5s\n";

/// Foreground deletion: `kubectl delete` waits while the garbage collector empties it.
const DELETE: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=3\nsettle\nkubectl delete deployment web --cascade=foreground\nsettle\n";

/// Rollouts watched by `rollout status`, then a scale-up awaited with `kubectl wait`.
const ROLLOUT: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=3\nkubectl rollout status deployment/web\nkubectl set image deployment/web nginx=nginx:1.28\nkubectl rollout status deployment/web\nkubectl scale deployment web --replicas=5\nkubectl wait --for=jsonpath={.status.readyReplicas}=5 deployment/web\nsettle\n";

/// A drain held back by a PodDisruptionBudget: refused evictions are tried again every 5 s
/// inside the wait, each try a step of the command's own.
const DRAIN_PDB: &str = "kubectl create deployment web --image=nginx:1.27 --replicas=4\nkubectl create poddisruptionbudget web --selector=app=web --min-available=3\nsettle\nkubectl drain worker-1 --ignore-daemonsets\nsettle\n";

fn forward(script: &str) -> Engine {
    let mut e = Engine::new(EngineConfig::default());
    let t = run_script(&mut e, &parse_script(script).unwrap());
    for entry in &t.entries {
        let text = entry.to_text();
        assert!(!text.contains("interrupted"), "{}", text);
    }
    e
}

/// Every object's JSON, one line each, in key order.
fn objects_dump(objs: impl Iterator<Item = std::sync::Arc<kubestep::object::Object>>) -> String {
    let mut lines: Vec<(kubestep::object::ObjKey, String)> =
        objs.map(|o| (o.key(), o.to_value().to_string())).collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    lines.into_iter().map(|(_, l)| l + "\n").collect()
}

fn step_lines<'a>(h: impl IntoIterator<Item = &'a kubestep::cluster::StepRecord>) -> String {
    h.into_iter().map(|r| r.line() + "\n").collect()
}

/// The engine's state as it is now: its objects, its clock and its steps.
fn dump_now(e: &Engine) -> String {
    let store = &e.cluster().store;
    let objs = kubestep::object::Kind::ALL
        .iter()
        .flat_map(|k| store.list(*k, None));
    format!(
        "revision {} at {}\n{}{}",
        store.revision(),
        e.cluster().now.clock(),
        objects_dump(objs),
        step_lines(e.history())
    )
}

/// What the forward run `f` was right after its step `k`, from its own records.
fn dump_at(f: &Engine, k: u64) -> String {
    let (rev, clock) = if k == 0 {
        let fresh = Engine::new(f.config.clone());
        (
            fresh.cluster().store.revision(),
            fresh.cluster().now.clock(),
        )
    } else {
        let r = &f.history()[k as usize - 1];
        (r.revision, r.time.clock())
    };
    let store = &f.cluster().store;
    let objs = kubestep::object::Kind::ALL
        .iter()
        .flat_map(|kind| store.list_at(*kind, rev).expect("watch log not compacted"));
    format!(
        "revision {} at {}\n{}{}",
        rev,
        clock,
        objects_dump(objs),
        step_lines(f.history().iter().take(k as usize))
    )
}

/// Rewind a copy of `f` to every step and compare with the forward run there.
fn every_step_rewinds_exactly(script: &str) {
    let f = forward(script);
    let total = f.history().len() as u64;
    assert!(total > 30, "{} steps", total);
    for k in 0..=total {
        let mut r = f.clone();
        r.rewind_to(k).unwrap();
        assert_eq!(r.history().len() as u64, k);
        let (got, want) = (dump_now(&r), dump_at(&f, k));
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "rewind to step {} of {}: first difference at line {}:\n rewound: {}\n forward: {}",
                k,
                total,
                first + 1,
                got.lines().nth(first).unwrap_or(""),
                want.lines().nth(first).unwrap_or("")
            );
        }
    }
}

#[test]
fn rewinding_into_a_drain_restores_each_step() {
    every_step_rewinds_exactly(DRAIN);
}

#[test]
fn rewinding_into_a_waiting_delete_restores_each_step() {
    every_step_rewinds_exactly(DELETE);
}

#[test]
fn rewinding_into_rollout_status_and_kubectl_wait_restores_each_step() {
    every_step_rewinds_exactly(ROLLOUT);
}

#[test]
fn rewinding_into_a_drain_retrying_evictions_restores_each_step() {
    every_step_rewinds_exactly(DRAIN_PDB);
}

/// The step after which only the cluster acts (no command writes any more).
fn last_command_step(f: &Engine) -> u64 {
    f.history()
        .iter()
        .rposition(|r| matches!(r.trigger, Trigger::Api { .. }))
        .map_or(0, |i| i as u64 + 1)
}

/// After the commands' last write, the rest of the forward run is the cluster's own: from
/// any step there, stepping a rewound copy gives the same steps, byte for byte, and the
/// same objects at the end.
fn stepping_on_after_a_rewind_replays_the_transcript(script: &str) {
    let f = forward(script);
    let total = f.history().len() as u64;
    let from = last_command_step(&f);
    assert!(
        total > from + 10,
        "{} steps, the last command's at {}",
        total,
        from
    );
    let want = step_lines(f.history());
    for k in from..=total {
        let mut r = f.clone();
        r.rewind_to(k).unwrap();
        let mut sink = kubestep::ExecOutput::default();
        while (r.history().len() as u64) < total {
            r.step_once(&mut sink).expect("a step");
        }
        assert_eq!(step_lines(r.history()), want, "stepping on from step {}", k);
        assert_eq!(
            dump_now(&r),
            dump_at(&f, total),
            "stepping on from step {}",
            k
        );
    }
}

#[test]
fn stepping_on_from_inside_a_drain_replays_it() {
    stepping_on_after_a_rewind_replays_the_transcript(DRAIN);
}

#[test]
fn stepping_on_from_inside_a_waiting_delete_replays_it() {
    stepping_on_after_a_rewind_replays_the_transcript(DELETE);
}

#[test]
fn stepping_on_from_inside_kubectl_wait_replays_it() {
    stepping_on_after_a_rewind_replays_the_transcript(ROLLOUT);
}

#[test]
fn stepping_on_after_a_drains_last_retried_eviction_replays_it() {
    stepping_on_after_a_rewind_replays_the_transcript(DRAIN_PDB);
}

/// The page's ◀ Back: its engine runs waiting commands in slices; a copy of it is rewound to
/// the step before, also while the drain is still waiting.
#[test]
fn back_in_the_page_during_and_after_a_drain_shows_the_step_before() {
    let mut f = Engine::new(EngineConfig::default());
    f.set_sliced_waits(true);
    run_script(&mut f, &parse_script(WEB4).unwrap());
    let out = f.exec(
        &split_words("kubectl drain worker-1 --ignore-daemonsets").unwrap(),
        None,
        None,
    );
    assert!(f.waiting(), "{:?}", out);
    let mut slices = 0;
    loop {
        let mut part = kubestep::ExecOutput::default();
        let done = f.wait_slice(1, &mut part);
        slices += 1;
        // Back from wherever the wait stands.
        let k = f.history().len() as u64 - 1;
        let mut v = f.clone();
        v.rewind_to(k).unwrap();
        assert!(!v.waiting());
        assert_eq!(dump_now(&v), dump_at(&f, k), "back to step {}", k);
        if done {
            break;
        }
    }
    assert!(slices > 5);
    let last = f.history().last().unwrap().line();
    assert!(last.contains("kubelet/worker-1"), "{}", last);
    // The page's example: one step back from the end, the drain's evictions stand.
    let k = f.history().len() as u64 - 1;
    let mut v = f.clone();
    v.rewind_to(k).unwrap();
    assert_eq!(
        v.history().last().unwrap().line(),
        f.history()[k as usize - 1].line()
    );
    let node = v
        .cluster()
        .store
        .get_obj(&kubestep::object::ObjKey::new(
            kubestep::object::Kind::Node,
            "",
            "worker-1",
        ))
        .unwrap()
        .to_value();
    assert_eq!(node["spec"]["unschedulable"], true);
    let pods = v
        .exec(
            &split_words("kubectl get pods -o wide --no-headers").unwrap(),
            None,
            None,
        )
        .stdout();
    assert_eq!(pods.matches("Terminating").count(), 1, "{}", pods);
}

/// Acting after a rewind into a drain forks from there: the op log keeps the drain cut at
/// that step, so rewinding again, or the exported session, come back to the same cluster.
#[test]
fn a_rewind_into_a_drain_is_kept_as_a_drain_stopped_there() {
    let f = forward(DRAIN);
    // The cordon, then the first eviction: steps of the drain before it waits.
    let cordon = f
        .history()
        .iter()
        .position(|r| r.line().contains("kubectl drain: updated Node worker-1"))
        .unwrap() as u64
        + 1;
    for k in [cordon, cordon + 1, cordon + 5] {
        let mut r = f.clone();
        r.rewind_to(k).unwrap();
        let script = r.session_script();
        assert!(
            script.contains(&format!(
                "KUBESTEP_STOP_AT_STEP={} kubectl drain worker-1 --ignore-daemonsets\n",
                k
            )),
            "{}",
            script
        );
        assert!(!script.contains("tick"), "{}", script);
        // The exported session replays to the same cluster, its drain ending at step k.
        let mut copy = Engine::new(EngineConfig::default());
        let t = run_script(&mut copy, &parse_script(&script).unwrap());
        let drain = t.entries.last().unwrap();
        assert_eq!(drain.exit, 130, "{}", drain.to_text());
        assert!(
            drain.to_text().contains(&format!("(step {}),", k)),
            "{}",
            drain.to_text()
        );
        if k == cordon {
            assert!(!drain.to_text().contains("evicting"), "{}", drain.to_text());
        }
        assert_eq!(dump_now(&copy), dump_now(&r));
        // Forking: both go on the same way, and a rewind of the fork is exact too.
        for e in [&mut r, &mut copy] {
            e.exec(&split_words("settle").unwrap(), None, None);
        }
        assert_eq!(dump_now(&copy), dump_now(&r));
        let mut again = r.clone();
        again.rewind_to(k).unwrap();
        let mut fork_point = f.clone();
        fork_point.rewind_to(k).unwrap();
        assert_eq!(dump_now(&again), dump_now(&fork_point));
        let n = r.history().len() as u64;
        for j in [k - 1, k, k + 1, n - 1] {
            let mut g = r.clone();
            g.rewind_to(j).unwrap();
            assert_eq!(dump_now(&g), dump_at(&r, j), "the fork, back to step {}", j);
        }
    }
}

/// `tick` and `settle` cut short by a rewind: the same steps, and the clock where the step
/// left it (not where the command would have taken it).
#[test]
fn rewinding_into_tick_and_settle_restores_each_step() {
    every_step_rewinds_exactly(&format!(
        "{}kubectl scale deployment web --replicas=6\ntick 3s\nkubectl scale deployment web --replicas=2\nsettle\n",
        WEB4
    ));
}

/// The page's Stop keeps a waiting command as `KUBESTEP_STOP_AT_STEP=K command`; rewinding
/// to that step instead gives the same cluster, which goes on the same way.
#[test]
fn a_stop_and_a_rewind_to_the_same_step_agree() {
    let waits = [
        "kubectl drain worker-1 --ignore-daemonsets",
        "kubectl rollout status deployment/web",
        "kubectl wait --for=delete pod -l app=web --timeout=60s",
        "kubectl get pods -w",
        "kubectl logs -f deployment/web",
    ];
    for wait in waits {
        let mut f = Engine::new(EngineConfig::default());
        f.set_sliced_waits(true);
        run_script(&mut f, &parse_script(WEB4).unwrap());
        run_script(
            &mut f,
            &parse_script("kubectl set image deployment/web nginx=nginx:1.28\n").unwrap(),
        );
        f.exec(&split_words(wait).unwrap(), None, None);
        assert!(f.waiting(), "{}", wait);
        let mut slices = 0;
        loop {
            let mut part = kubestep::ExecOutput::default();
            let done = f.wait_slice(2, &mut part);
            if done {
                break;
            }
            slices += 1;
            let k = f.history().len() as u64;
            let mut stopped = f.clone();
            stopped.stop_wait(&mut part);
            let mut rewound = f.clone();
            rewound.rewind_to(k).unwrap();
            assert_eq!(
                dump_now(&stopped),
                dump_now(&rewound),
                "{} at step {}",
                wait,
                k
            );
            for e in [&mut stopped, &mut rewound] {
                e.exec(&split_words("settle").unwrap(), None, None);
            }
            assert_eq!(
                dump_now(&stopped),
                dump_now(&rewound),
                "{} at step {}, then settle",
                wait,
                k
            );
        }
        assert!(slices > 2, "{}: {} slices", wait, slices);
    }
}

/// `Engine::object_at` (the watch log read backwards) gives every written object as a
/// rewind to the step that wrote it does, and `object_revisions` lists its writes.
#[test]
fn object_at_revision_matches_rewinding() {
    let e = demo();
    let total = e.history().len();
    for (i, rec) in e.history().iter().enumerate().step_by(7) {
        let mut r = e.clone();
        r.rewind_to(i as u64 + 1).unwrap();
        for w in &rec.writes {
            let key = kubestep::object::ObjKey::new(w.kind, &w.namespace, &w.name);
            let want = r.cluster().store.get_obj(&key).cloned();
            assert_eq!(
                e.object_at(&key, rec.revision),
                want,
                "step {} of {}: {:?}",
                i + 1,
                total,
                key
            );
            assert!(
                e.object_revisions(&key)
                    .iter()
                    .any(|(rev, _)| *rev == w.rev)
            );
        }
    }
}

/// Long runs of the cluster (a settle, a tick, `step N`) take checkpoints between their
/// steps; rewinding to a step near one resumes that command from it.
const LONG: &str = "cluster reset --workers 6
kubectl create deployment big --image=nginx:1.27 --replicas=520
settle
kubectl scale deployment big --replicas=100
tick 30s
step 40
kubectl scale deployment big --replicas=620
settle
";

/// Rewind a clone to each of `ks` and compare with the forward run's records, then
/// rewind the rewound engine again, further back.
fn rewinds_match(f: &Engine, ks: impl Iterator<Item = u64>) {
    let same = |got: String, want: String, what: String| {
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{}: first difference at line {}:\n rewound: {}\n forward: {}",
                what,
                first + 1,
                got.lines().nth(first).unwrap_or(""),
                want.lines().nth(first).unwrap_or("")
            );
        }
    };
    for k in ks {
        let mut r = f.clone();
        r.rewind_to(k).unwrap();
        same(dump_now(&r), dump_at(f, k), format!("rewind to step {}", k));
        let j = (k * 2 / 3).max(1);
        r.rewind_to(j).unwrap();
        same(
            dump_now(&r),
            dump_at(f, j),
            format!("rewind to step {} after {}", j, k),
        );
    }
}

#[test]
fn rewinding_inside_long_runs_resumes_them_from_their_checkpoints() {
    let f = forward(LONG);
    let total = f.history().len() as u64;
    assert!(total > 4500, "{} steps", total);
    rewinds_match(
        &f,
        (1..=total).filter(|k| k % 61 == 0 || *k + 15 > total || *k < 5),
    );
    // Stepping on from a rewind inside the last settle gives the same future.
    let want = step_lines(f.history());
    let from = last_command_step(&f);
    assert!(
        total > from + 2000,
        "{} steps, the last command's at {}",
        total,
        from
    );
    for k in [total - 1, total - 50, from + 2010] {
        let mut r = f.clone();
        r.rewind_to(k).unwrap();
        let mut sink = kubestep::ExecOutput::default();
        while (r.history().len() as u64) < total {
            r.step_once(&mut sink).expect("a step");
        }
        assert_eq!(step_lines(r.history()), want, "stepping on from step {}", k);
    }
}

/// The page's settle in slices, stopped part way (its op is then cut at that step), then
/// more commands: every sampled step rewinds exactly, and so does the session script.
#[test]
fn rewinding_inside_a_sliced_and_stopped_settle() {
    let mut e = forward(
        "cluster reset --workers 6\nkubectl create deployment big --image=nginx:1.27 --replicas=520\n",
    );
    let job = e.start_settle(&split_words("settle").unwrap()).unwrap();
    let mut out = kubestep::ExecOutput::default();
    while e.history().len() < 2100 {
        assert!(
            e.settle_slice(&job, 50, &mut out).is_none(),
            "settled too soon"
        );
    }
    e.stop_settle(&job, &mut out);
    for line in ["kubectl scale deployment big --replicas=300", "settle"] {
        let o = e.exec(&split_words(line).unwrap(), None, None);
        assert_eq!(o.exit, 0, "{:?}", o);
    }
    let total = e.history().len() as u64;
    assert!(total > 2300, "{} steps", total);
    rewinds_match(
        &e,
        (1..=total).filter(|k| k % 67 == 0 || (2090..2110).contains(k) || *k + 10 > total),
    );
    // The session script replays to the same steps.
    let script = e.session_script();
    let mut again = Engine::new(EngineConfig::default());
    run_script(&mut again, &parse_script(&script).unwrap());
    assert_eq!(step_lines(again.history()), step_lines(e.history()));
}

//! `Engine::session_script`: the exported session replays, through `run_script`, to the
//! same step history and the same cluster as the session it came from — including
//! sessions that rewound and forked a new future (the abandoned future is not replayed).

use kubestep::script::{parse_script, run_script, split_words};
use kubestep::{Chunk, Engine, EngineConfig, Profile};

fn scenario(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/scenarios/{}.kss",
        env!("CARGO_MANIFEST_DIR"),
        name
    ))
    .unwrap()
}

fn engine(seed: u64, profile: Profile) -> Engine {
    Engine::new(EngineConfig { seed, profile })
}

fn run(e: &mut Engine, script: &str) -> kubestep::script::Transcript {
    run_script(e, &parse_script(script).unwrap())
}

fn exec(e: &mut Engine, line: &str) -> String {
    e.exec(&split_words(line).unwrap(), None, None).stdout()
}

/// Everything that identifies a step.
fn history(e: &Engine) -> Vec<String> {
    e.history()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {:?} {:?} rev={}",
                r.index,
                r.line(),
                r.trigger,
                r.writes,
                r.events,
                r.revision
            )
        })
        .collect()
}

/// The cluster as kubectl shows it.
fn state(e: &Engine) -> String {
    let mut e = e.clone();
    [
        "kubectl get all -A -o yaml",
        "kubectl get nodes -o yaml",
        "kubectl get events -A",
        "fault list",
    ]
    .iter()
    .map(|l| exec(&mut e, l))
    .collect()
}

/// Replay `original`'s exported script on a fresh engine and compare.
fn assert_replays(original: &Engine) -> Engine {
    let script = original.session_script();
    let mut copy = engine(original.config.seed, original.config.profile);
    let t = run(&mut copy, &script);
    assert!(
        t.entries
            .iter()
            .all(|e| !e.to_text().contains("unknown command")),
        "{}",
        script
    );
    same(&history(&copy), &history(original), &script);
    assert!(
        state(&copy) == state(original),
        "states differ; script:\n{}",
        script
    );
    // Exporting the copy gives the same script again.
    assert_eq!(copy.session_script(), script);
    copy
}

/// Equal step lists, or a panic naming the first step that differs.
fn same(got: &[String], want: &[String], what: &str) {
    if let Some(i) = (0..got.len().max(want.len())).find(|&i| got.get(i) != want.get(i)) {
        panic!(
            "{}\nfirst difference at step {} of {} / {}:\n got: {:?}\nwant: {:?}",
            what,
            i + 1,
            got.len(),
            want.len(),
            got.get(i),
            want.get(i)
        );
    }
}

fn outputs(t: &kubestep::script::Transcript) -> Vec<(i32, String)> {
    t.entries
        .iter()
        .map(|e| {
            let text = e
                .chunks
                .iter()
                .map(|c| match c {
                    Chunk::Stdout(s) | Chunk::Stderr(s) => s.clone(),
                    Chunk::Watch { text, .. } => text.clone(),
                    Chunk::Step { line, .. } => line.clone(),
                })
                .collect();
            (e.exit, text)
        })
        .collect()
}

const SCENARIOS: [&str; 16] = [
    "adopt-release",
    "bad-input",
    "classic-demo",
    "crashloop",
    "drain",
    "image-pull-error",
    "kubectl-tour",
    "node-failure",
    "probes",
    "progress-deadline",
    "recreate",
    "rollback",
    "rolling-update",
    "rollout-control",
    "service",
    "unschedulable",
];

#[test]
fn every_scenario_exports_a_script_that_replays_the_same_transcript_and_history() {
    for name in SCENARIOS {
        let mut original = engine(0, Profile::V1_32);
        let t1 = run(&mut original, &scenario(name));
        let script = original.session_script();
        let mut copy = engine(0, Profile::V1_32);
        let t2 = run(&mut copy, &script);
        assert_eq!(outputs(&t2), outputs(&t1), "{}:\n{}", name, script);
        same(&history(&copy), &history(&original), name);
        assert!(state(&copy) == state(&original), "{}: states differ", name);
    }
}

#[test]
fn the_header_names_seed_and_version_and_a_v1_26_session_replays() {
    let mut original = engine(7, Profile::V1_26);
    run(&mut original, &scenario("classic-demo"));
    let script = original.session_script();
    assert!(
        script.starts_with("# kubestep session: kubestep run FILE --seed 7 --kube-version 1.26\n"),
        "{}",
        script
    );
    assert_replays(&original);
}

#[test]
fn a_rewind_inside_a_command_then_a_fork_replays_exactly() {
    let mut original = engine(0, Profile::V1_32);
    run(&mut original, &scenario("node-failure"));
    let total = original.history().len() as u64;
    // Back into the middle of a settle, then a different future.
    original.rewind_to(total / 3).unwrap();
    exec(&mut original, "fault crash nginx:1.27 --after 2s");
    exec(&mut original, "kubectl scale deployment web --replicas=6");
    exec(&mut original, "settle --timeout 2m");
    let script = original.session_script();
    assert!(script.contains("\nstep "), "{}", script);
    assert!(!script.contains("rewind"), "{}", script);
    assert_replays(&original);
}

#[test]
fn repeated_rewinds_and_forks_with_node_stop_and_start_replay_exactly() {
    let mut original = engine(3, Profile::V1_32);
    run(&mut original, &scenario("rolling-update"));
    let n = original.history().len() as u64;
    original.rewind_to(n - 5).unwrap();
    exec(&mut original, "node stop worker-1");
    exec(&mut original, "tick 70s");
    let m = original.history().len() as u64;
    original.rewind_to(m - 3).unwrap();
    exec(&mut original, "node start worker-1");
    exec(&mut original, "settle");
    // A rewind exactly at the end, then stepping only (`Engine::step_once` is not in the op
    // log: a host that steps must do it through `exec(["step"])`).
    original
        .rewind_to(original.history().len() as u64 - 1)
        .unwrap();
    exec(&mut original, "step");
    exec(&mut original, "step 4");
    assert_replays(&original);
}

#[test]
fn a_page_style_fork_from_a_rewound_clone_replays_exactly() {
    // The page looks at an earlier step on a clone and, on acting, keeps the clone.
    let mut head = engine(0, Profile::V1_32);
    run(&mut head, &scenario("crashloop"));
    let mut view = head.clone();
    view.rewind_to(6).unwrap();
    exec(&mut view, "fault clear");
    exec(&mut view, "step 10");
    assert_replays(&view);
}

#[test]
fn a_rewind_to_step_zero_and_a_rewind_past_idle_replay_exactly() {
    let mut original = engine(0, Profile::V1_32);
    run(&mut original, &scenario("classic-demo"));
    original.rewind_to(0).unwrap();
    exec(&mut original, "node add extra --cpu 2 --label zone=b");
    assert_replays(&original);
}

#[test]
fn awkward_words_and_heredoc_bodies_are_quoted_so_they_read_back_the_same() {
    let mut original = engine(0, Profile::V1_32);
    let words = vec![
        "kubectl".to_string(),
        "annotate".into(),
        "node".into(),
        "worker-1".into(),
        "note=it's a $HOME `x` & \"y\" | z; #c\nsecond line".into(),
        "empty=".into(),
    ];
    original.exec(&words, None, None);
    original.exec(&["kubectl".into(), "get".into(), "".into()], None, None);
    // A body containing the usual delimiter and no final newline.
    let body = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: eof\n# EOF\nEOF\n";
    original.exec(
        &split_words("kubectl apply -f -").unwrap(),
        Some(body),
        None,
    );
    let script = original.session_script();
    let cmds = parse_script(&script).unwrap();
    assert_eq!(cmds[0].argv, words);
    assert_eq!(cmds[1].argv[2], "");
    assert_eq!(cmds[2].stdin.as_deref(), Some(body));
    assert_replays(&original);
}

#[test]
fn a_reset_cluster_shape_is_part_of_the_script() {
    let mut original = engine(0, Profile::V1_32);
    exec(
        &mut original,
        "cluster reset --workers 3 --cpu 2 --memory 4Gi --pods 20",
    );
    run(&mut original, &scenario("classic-demo"));
    let script = original.session_script();
    assert!(
        script.contains("cluster reset --workers 3 --cpu 2 --memory 4Gi --pods 20\n"),
        "{}",
        script
    );
    assert_replays(&original);
}

#[test]
fn a_fresh_engine_exports_only_the_header() {
    let e = engine(0, Profile::V1_32);
    assert_eq!(
        e.session_script(),
        "# kubestep session: kubestep run FILE --seed 0 --kube-version 1.32\n"
    );
}

#[test]
fn rewinds_in_a_long_session_with_checkpoints_replay_exactly() {
    let mut original = engine(0, Profile::V1_32);
    run(&mut original, &scenario("image-pull-error"));
    for _ in 0..8 {
        exec(&mut original, "tick 5m");
    }
    let n = original.history().len() as u64;
    assert!(n > 600, "{}", n);
    original.rewind_to(n / 2 + 7).unwrap();
    exec(&mut original, "fault clear");
    exec(&mut original, "tick 3m");
    let m = original.history().len() as u64;
    original.rewind_to(m - 50).unwrap();
    exec(&mut original, "kubectl scale deployment --all --replicas=1");
    exec(&mut original, "settle");
    original.rewind_to(n / 4).unwrap();
    exec(&mut original, "tick 10s");
    assert_replays(&original);
}

//! Waiting commands run in slices (`Engine::set_sliced_waits`, as the page runs them) print
//! exactly what they print when run to their end, and make the same steps; a wait
//! interrupted by Stop replays (rewind, exported script) to the same cluster.

use kubestep::script::{parse_script, run_script, split_words};
use kubestep::{Chunk, Engine, EngineConfig, ExecOutput};

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 40\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";

fn engine(sliced: bool) -> Engine {
    let mut e = Engine::new(EngineConfig {
        seed: 5,
        ..Default::default()
    });
    e.set_sliced_waits(sliced);
    e
}

/// Run a line; a sliced wait is driven `slice` steps at a time to its end.
fn run(e: &mut Engine, line: &str, stdin: Option<&str>, slice: u32) -> ExecOutput {
    let (line, bg) = match line.strip_suffix(" &") {
        Some(l) => (l, Some(1)),
        None => (line, None),
    };
    let mut out = e.exec(&split_words(line).unwrap(), stdin, bg);
    let mut slices = 0;
    while e.waiting() {
        let mut part = ExecOutput::default();
        let done = e.wait_slice(slice, &mut part);
        out.chunks.extend(part.chunks);
        if part.exit != 0 {
            out.exit = part.exit;
        }
        slices += 1;
        assert!(done || slices < 100_000, "a wait that never ends");
    }
    out
}

fn text(o: &ExecOutput) -> String {
    o.chunks
        .iter()
        .map(|c| match c {
            Chunk::Stdout(s) => format!("out:{}", s),
            Chunk::Stderr(s) => format!("err:{}", s),
            Chunk::Watch { id, text } => format!("watch{}:{}", id, text),
            Chunk::Step { line, .. } => format!("step:{}\n", line),
        })
        .collect()
}

fn history(e: &Engine) -> Vec<String> {
    e.history().iter().map(|r| r.line()).collect()
}

/// A session with every kind of waiting command, as (line, stdin) pairs.
fn session() -> Vec<(&'static str, Option<&'static str>)> {
    vec![
        ("kubectl get pods --watch &", None),
        ("kubectl apply -f -", Some(DEPLOY)),
        ("kubectl rollout status deployment/web", None),
        ("kubectl set image deployment/web nginx=nginx:1.28", None),
        ("kubectl rollout status deployment/web", None),
        ("kubectl drain worker-1 --ignore-daemonsets", None),
        ("kubectl delete pods -l app=web", None),
        ("kubectl get deployment web -w", None),
        // A wait that cannot finish: the only schedulable worker's kubelet stopped.
        ("kubectl cordon worker-1", None),
        ("node stop worker-2", None),
        ("kubectl delete pods -l app=web", None),
    ]
}

#[test]
fn sliced_waits_print_and_step_exactly_as_whole_ones() {
    for slice in [1, 7, 500] {
        let mut whole = engine(false);
        let mut sliced = engine(true);
        for (line, stdin) in session() {
            let a = run(&mut whole, line, stdin, u32::MAX);
            let b = run(&mut sliced, line, stdin, slice);
            assert_eq!(text(&a), text(&b), "{} (slices of {})", line, slice);
            assert_eq!(a.exit, b.exit, "{}", line);
        }
        assert_eq!(history(&whole), history(&sliced));
        assert!(history(&whole).len() > 300);
    }
}

#[test]
fn a_stopped_wait_is_interrupted_and_replays_to_the_same_cluster() {
    let mut e = engine(true);
    run(&mut e, "kubectl apply -f -", Some(DEPLOY), 10);
    let out = e.exec(
        &split_words("kubectl rollout status deployment/web").unwrap(),
        None,
        None,
    );
    assert!(e.waiting());
    assert!(
        text(&out).contains("Waiting for deployment"),
        "{}",
        text(&out)
    );
    let mut part = ExecOutput::default();
    assert!(!e.wait_slice(20, &mut part));
    let mut stop = ExecOutput::default();
    e.stop_wait(&mut stop);
    assert!(!e.waiting());
    assert_eq!(stop.exit, 130);
    let k = e.history().len();
    assert!(
        stop.stderr().starts_with("kubestep: interrupted at 00:00:"),
        "{}",
        stop.stderr()
    );
    assert!(stop.stderr().contains(&format!("(step {}),", k)));
    // The export says where it stopped, and replays to exactly there.
    let script = e.session_script();
    assert!(
        script.contains(&format!(
            "KUBESTEP_STOP_AT_STEP={} kubectl rollout status deployment/web",
            k
        )),
        "{}",
        script
    );
    let mut copy = engine(false);
    let t = run_script(&mut copy, &parse_script(&script).unwrap());
    let last = t.entries.last().unwrap().to_text();
    assert!(last.contains("kubestep: interrupted at"), "{}", last);
    assert_eq!(history(&copy), history(&e));
    // Rewinding replays the op log, stopping it there too; the cluster goes on from there.
    let mut r = e.clone();
    r.rewind_to(k as u64).unwrap();
    assert_eq!(history(&r), history(&e));
    run(&mut r, "settle", None, 500);
    run(&mut e, "settle", None, 500);
    assert_eq!(history(&r), history(&e));
}

#[test]
fn a_stopped_settle_replays_to_the_same_step() {
    let mut e = engine(true);
    run(&mut e, "kubectl apply -f -", Some(DEPLOY), 10);
    let job = e.start_settle(&["settle".to_string()]).unwrap();
    let mut out = ExecOutput::default();
    assert!(e.settle_slice(&job, 25, &mut out).is_none());
    e.stop_settle(&job, &mut out);
    assert_eq!(out.exit, 130);
    let script = e.session_script();
    let mut copy = engine(false);
    run_script(&mut copy, &parse_script(&script).unwrap());
    assert_eq!(history(&copy), history(&e));
}

#[test]
fn the_stop_assignment_is_checked() {
    let mut e = engine(false);
    let o = run(&mut e, "KUBESTEP_STOP_AT_STEP=x kubectl get pods", None, 1);
    assert_eq!(o.exit, 1);
    assert!(
        o.stderr()
            .contains("KUBESTEP_STOP_AT_STEP needs a step number")
    );
    let o = run(&mut e, "KUBESTEP_STOP_AT_STEP=3 tick 5s", None, 1);
    assert_eq!(o.exit, 1);
    assert!(o.stderr().contains("not before \"tick\""), "{}", o.stderr());
}

//! Client-side rate limits pace the cluster (client-go `util/flowcontrol/throttle.go`,
//! `golang.org/x/time/rate`): kube-controller-manager's controllers call the API at most
//! 20 per second after a burst of 30, so a 1,000-replica scale-up takes about a minute of
//! virtual time, not the seconds one unthrottled sync would take.

use kubestep::object::Kind;
use kubestep::runtime::step::StepRecord;
use kubestep::{Engine, EngineConfig};

fn run(e: &mut Engine, line: &str, stdin: Option<&str>) -> kubestep::ExecOutput {
    let argv = kubestep::script::split_words(line).expect("words");
    e.exec(&argv, stdin, None)
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n";

/// API requests a step made through its component's client(s): every write but the
/// apiserver's own removals, split into (API client, event client).
fn calls(r: &StepRecord) -> (i64, i64) {
    let mut api = 0;
    let mut ev = 0;
    for w in r.writes.iter().filter(|w| w.verb != "remove") {
        match w.kind {
            Kind::Event => ev += 1,
            // The kubelet's heartbeat client has no limit.
            Kind::Lease | Kind::Node if r.component.starts_with("kubelet/") => {}
            _ => api += 1,
        }
    }
    (api, ev)
}

/// The largest number of requests a client made in any window of `window_ms` (windows
/// starting at each request).
fn busiest_window(times: &[i64], window_ms: i64) -> usize {
    let mut best = 0;
    let mut j = 0;
    for i in 0..times.len() {
        while j < times.len() && times[j] < times[i] + window_ms {
            j += 1;
        }
        best = best.max(j - i);
    }
    best
}

fn scaled_to_1000(seed: u64) -> (Engine, i64) {
    let mut e = Engine::new(EngineConfig {
        seed,
        ..Default::default()
    });
    run(
        &mut e,
        "cluster reset --workers 10 --cpu 64 --memory 256Gi --pods 120",
        None,
    );
    assert_eq!(run(&mut e, "kubectl apply -f -", Some(DEPLOY)).exit, 0);
    run(&mut e, "settle", None);
    let t0 = e.cluster().now.0;
    let out = run(&mut e, "kubectl scale deployment web --replicas=1000", None);
    assert_eq!(out.exit, 0, "{}", out.stderr());
    let out = run(&mut e, "settle", None);
    assert_eq!(out.exit, 0, "{}", out.stderr());
    (e, t0)
}

/// The measurement the issue asks for: the virtual duration of a 1,000-replica scale-up
/// against the rate-limit arithmetic. The replicaset-controller makes N requests after the
/// scale (999 creations, its status updates and the events its broadcaster posts through
/// the same client); a full bucket lets 30 through at once and then one every 50 ms, so the
/// last one goes out (N − 30) / 20 s after the scale.
#[test]
fn a_1000_replica_scale_up_is_paced_by_the_controller_client() {
    let (e, t0) = scaled_to_1000(7);
    let rs_steps: Vec<&StepRecord> = e
        .history()
        .iter()
        .filter(|r| r.time.0 >= t0 && r.component == "replicaset-controller")
        .collect();
    let creates = rs_steps
        .iter()
        .flat_map(|r| r.writes.iter())
        .filter(|w| w.kind == Kind::Pod && w.verb == "create")
        .count();
    assert_eq!(creates, 999);
    let mut times = vec![];
    for r in &rs_steps {
        let (api, ev) = calls(r);
        for _ in 0..api + ev {
            times.push(r.time.0);
        }
    }
    let n = times.len() as i64;
    let last = *times.last().expect("calls") - t0;
    let arithmetic = (n - 30) * 1000 / 20;
    eprintln!(
        "scale-up 1 → 1000: {} replicaset-controller requests, the last {} ms after the scale (arithmetic {} ms)",
        n, last, arithmetic
    );
    // Paced: never faster than the bucket allows (a step may overdraw by the calls it
    // makes after its first token, here at most its status update)…
    assert!(last + 2 * 50 >= arithmetic, "{} < {}", last, arithmetic);
    // …and no slower: the controller waits for nothing else.
    assert!(last <= arithmetic + 1000, "{} > {}", last, arithmetic);
    // In any 10 s the client sends at most its burst and 10 s of refill.
    assert!(busiest_window(&times, 10_000) <= 30 + 200 + 2);
    // "about a minute": every pod is Ready within 65 s of virtual time.
    let ready = run_get(&e);
    assert!(ready.contains("1000/1000"), "{}", ready);
    let end = e.history().last().map(|r| r.time.0).unwrap_or(0);
    assert!(end - t0 < 65_000, "{} ms", end - t0);
    // The explanation says when it was throttled.
    let waited = rs_steps
        .iter()
        .find(|r| {
            r.summary()
                .starts_with("waited 0.05s for its client's rate limiter")
        })
        .expect("a throttled step");
    assert!(
        waited
            .summary()
            .contains("created 1 more pod for ReplicaSet web-"),
        "{}",
        waited.summary()
    );
    assert!(
        waited
            .summary_in(kubestep::lang::Lang::Zh)
            .contains("客户端限流器")
    );
}

fn run_get(e: &Engine) -> String {
    let mut e = e.clone();
    run(&mut e, "kubectl get deploy web", None).stdout()
}

/// Every client of the cluster stays within its bucket over a whole scale-up: in any window
/// of w ms, at most burst + qps·w/1000 requests (plus the few a step makes after its first
/// token).
#[test]
fn no_client_exceeds_its_token_bucket() {
    let (e, _) = scaled_to_1000(11);
    let mut by_client: std::collections::BTreeMap<(String, bool), Vec<i64>> = Default::default();
    for r in e.history() {
        if r.component == "kube-apiserver" || r.component.is_empty() {
            continue;
        }
        let (api, ev) = calls(r);
        for _ in 0..api {
            by_client
                .entry((r.component.clone(), false))
                .or_default()
                .push(r.time.0);
        }
        for _ in 0..ev {
            by_client
                .entry((r.component.clone(), true))
                .or_default()
                .push(r.time.0);
        }
    }
    assert!(by_client.len() > 5);
    for ((component, events), times) in &by_client {
        let (qps, burst, shared) =
            if component.starts_with("kubelet/") || component == "default-scheduler" {
                (50, 100, false)
            } else {
                (20, 30, true)
            };
        let times: Vec<i64> = if shared && *events {
            // Shared with the API calls: check them together.
            let mut all = times.clone();
            all.extend(
                by_client
                    .get(&(component.clone(), false))
                    .cloned()
                    .unwrap_or_default(),
            );
            all.sort();
            all
        } else {
            times.clone()
        };
        for w in [1_000, 5_000, 30_000] {
            let most = busiest_window(&times, w);
            let bound = (burst + qps * w / 1000 + 3) as usize;
            assert!(
                most <= bound,
                "{} ({}) made {} requests in {} ms (bound {})",
                component,
                if *events { "events" } else { "api" },
                most,
                w,
                bound
            );
        }
    }
}

/// Determinism: the throttled timeline is the same for the same seed.
#[test]
fn the_paced_timeline_replays_exactly() {
    let (a, _) = scaled_to_1000(3);
    let (b, _) = scaled_to_1000(3);
    let la: Vec<String> = a.history().iter().map(|r| r.line()).collect();
    let lb: Vec<String> = b.history().iter().map(|r| r.line()).collect();
    assert_eq!(la.len(), lb.len());
    assert!(la == lb);
}

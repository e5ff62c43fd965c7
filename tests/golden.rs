//! Golden transcripts: every scenario in `scenarios/` run with seed 0 must print exactly
//! what `tests/golden/<name>.txt` holds (the classic demo also under the 1.26 profile).
//! The transcripts include every step as `#N [time] component: why`, so a wrong decision
//! fails at the step that made it. Set `BLESS=1` to rewrite the files after an intended
//! change, then read the diff.

use std::path::Path;

use kubestep::script::{parse_script, run_script};
use kubestep::{Engine, EngineConfig, Profile};

fn transcript(path: &Path, profile: Profile, seed: u64, json: bool) -> String {
    let text = std::fs::read_to_string(path).expect("scenario readable");
    let cmds = parse_script(&text).unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
    let mut engine = Engine::new(EngineConfig { seed, profile });
    engine.set_step_lines(true);
    let t = run_script(&mut engine, &cmds);
    if json { t.to_json_lines() } else { t.to_text() }
}

/// Compare with (or, with `BLESS=1`, write) `tests/golden/<name>`; the error names the
/// first differing line, and the last step line before it (the step that went wrong, or
/// the one after which a command's output differs).
fn compare(name: &str, actual: &str) -> Result<(), String> {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&golden, actual).expect("write golden");
        return Ok(());
    }
    let Ok(expected) = std::fs::read_to_string(&golden) else {
        return Err(format!(
            "missing {}; run with BLESS=1 to create it",
            golden.display()
        ));
    };
    if expected == actual {
        return Ok(());
    }
    let diff_at = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(expected.lines().count().min(actual.lines().count()));
    let last_step = expected
        .lines()
        .take(diff_at)
        .filter(|l| l.starts_with('#'))
        .last()
        .unwrap_or("<none>");
    Err(format!(
        "{} differs from the golden transcript at line {}:\n  expected: {:?}\n  actual:   {:?}\n  after step: {}",
        name,
        diff_at + 1,
        expected.lines().nth(diff_at).unwrap_or("<end>"),
        actual.lines().nth(diff_at).unwrap_or("<end>"),
        last_step
    ))
}

fn check(name: &str, actual: &str) {
    if let Err(e) = compare(name, actual) {
        panic!("{}\n(BLESS=1 rewrites it)", e);
    }
}

fn scenarios() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("scenarios dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "kss"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_scenario_matches_its_golden_transcript() {
    let all = scenarios();
    assert!(
        all.len() >= 5,
        "expected the five scenarios, found {}",
        all.len()
    );
    // Every scenario is checked, and every failure reported, not only the first.
    let failures: Vec<String> = all
        .iter()
        .filter_map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            compare(
                &format!("{}.txt", name),
                &transcript(p, Profile::V1_32, 0, false),
            )
            .err()
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} scenarios differ (BLESS=1 rewrites them):\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

#[test]
fn classic_demo_reads_like_a_1_26_cluster() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classic-demo.kss");
    let t = transcript(&p, Profile::V1_26, 0, false);
    check("classic-demo.v1.26.txt", &t);
    // The blog's rows, in the blog's order, after the scale-down.
    let after: Vec<&str> = t
        .split("$ kubectl scale deployment newkubia --replicas=3")
        .nth(1)
        .expect("scale command in transcript")
        .lines()
        .filter(|l| l.starts_with("0s "))
        .collect();
    let reasons: Vec<&str> = after
        .iter()
        .map(|l| l.split_whitespace().nth(2).unwrap_or(""))
        .collect();
    assert_eq!(
        reasons,
        [
            "ScalingReplicaSet",
            "Killing",
            "Killing",
            "SuccessfulDelete",
            "SuccessfulDelete"
        ]
    );
    assert!(
        after[0].contains("deployment/newkubia") && after[0].ends_with("to 3"),
        "{}",
        after[0]
    );
    assert!(after[0].contains("Scaled down replica set newkubia-"));
    assert!(after[1].ends_with("Stopping container newkubia"));
    assert!(after[3].contains("Deleted pod: newkubia-"));
    assert!(t.contains("LAST SEEN   TYPE     REASON"));
    assert!(
        t.contains("Created container newkubia"),
        "1.26 has no colon"
    );
}

#[test]
fn same_seed_gives_byte_identical_transcripts() {
    for p in scenarios() {
        let a = transcript(&p, Profile::V1_32, 42, true);
        let b = transcript(&p, Profile::V1_32, 42, true);
        assert_eq!(a, b, "{} is not deterministic", p.display());
    }
}

#[test]
fn another_seed_changes_names_but_not_the_story() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/classic-demo.kss");
    let a = transcript(&p, Profile::V1_32, 1, false);
    let b = transcript(&p, Profile::V1_32, 2, false);
    assert_ne!(a, b);
    for t in [&a, &b] {
        assert_eq!(t.matches("Deleted pod: newkubia-").count(), 2);
    }
}

#[test]
fn the_cli_reads_manifest_files_next_to_the_script() {
    let dir = std::env::temp_dir().join(format!("kubestep-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("web.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n",
    )
    .unwrap();
    std::fs::write(dir.join("s.kss"), "kubectl apply -f web.yaml\nkubectl apply -f missing.yaml\nsettle\nkubectl get deploy web\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args(["run", dir.join("s.kss").to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text);
    assert!(text.contains("deployment.apps/web created"), "{}", text);
    assert!(
        text.contains("error: the path \"missing.yaml\" does not exist"),
        "{}",
        text
    );
    assert!(text.contains("web    1/1     1            1"), "{}", text);
    let _ = std::fs::remove_dir_all(&dir);
}

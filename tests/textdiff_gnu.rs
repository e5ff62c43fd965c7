//! `kubectl diff` prints what GNU `diff -u` prints: the core's unified hunks against the
//! real diff program, on random texts drawn from few distinct lines (so that many edit
//! scripts are minimal and tie-breaking shows).

use proptest::prelude::*;
use std::process::Command;

fn gnu_hunks(a: &str, b: &str) -> Option<String> {
    // One directory per call: the tests run in parallel.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("kubestep-textdiff-{}-{}", std::process::id(), n));
    std::fs::create_dir_all(&dir).ok()?;
    let (pa, pb) = (dir.join("a"), dir.join("b"));
    std::fs::write(&pa, a).ok()?;
    std::fs::write(&pb, b).ok()?;
    let out = Command::new("diff")
        .arg("-u")
        .arg(&pa)
        .arg(&pb)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    // Drop the ---/+++ header.
    Some(text.lines().skip(2).map(|l| format!("{}\n", l)).collect())
}

fn text(lines: &[u8]) -> String {
    lines.iter().map(|l| format!("  key{}: v\n", l)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn unified_hunks_match_gnu_diff(
        a in proptest::collection::vec(0u8..4, 0..200),
        edits in proptest::collection::vec((0usize..200, 0u8..6), 0..12),
    ) {
        // b: a with a few lines replaced, inserted or deleted (values 4 and 5 are new lines).
        let mut b = a.clone();
        for (at, v) in edits {
            let at = at.min(b.len());
            match v % 3 {
                0 if at < b.len() => { b.remove(at); }
                1 => b.insert(at, v),
                _ if at < b.len() => b[at] = v,
                _ => b.push(v),
            }
        }
        let (ta, tb) = (text(&a), text(&b));
        let want = gnu_hunks(&ta, &tb).expect("GNU diff runs (kubectl diff needs it too)");
        prop_assert_eq!(kubestep::textdiff::unified_hunks(&ta, &tb), want, "a={:?} b={:?}", a, b);
    }
}

/// Texts far apart enough that GNU diff gives up on a minimal script (its too-expensive
/// heuristic, at 4096 edit steps): the same hunks all the same.
#[test]
fn expensive_diffs_match_gnu_diff() {
    // A fixed linear congruential sequence: deterministic, no dependency.
    let mut state: u64 = 42;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    for (lines, alphabet) in [(6000usize, 40u64), (9000, 400)] {
        let a: String = (0..lines)
            .map(|_| format!("  key{}: v\n", next(alphabet)))
            .collect();
        let b: String = (0..lines)
            .map(|_| format!("  key{}: v\n", next(alphabet)))
            .collect();
        let want = gnu_hunks(&a, &b).expect("GNU diff runs");
        let got = kubestep::textdiff::unified_hunks(&a, &b);
        assert!(
            got == want,
            "{} lines of {} kinds differ from GNU diff",
            lines,
            alphabet
        );
    }
}

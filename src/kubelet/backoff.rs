//! The kubelet's back-off (`k8s.io/client-go/util/flowcontrol/backoff.go`), used for
//! container restarts (`doBackOff` in `pkg/kubelet/kuberuntime/kuberuntime_manager.go`,
//! keyed by container) and for image pulls (`pkg/kubelet/images/image_manager.go`, keyed
//! by pod UID and image). Both start at `backOffPeriod` = 10s and cap at
//! `MaxContainerBackOff` = 300s (`pkg/kubelet/kubelet.go`); jitter is 0 for both.
//!
//! What upstream does, and so what this model does:
//! - A container that exits is restarted by the next sync. `doBackOff` asks
//!   `IsInBackOffSince(key, finishedAt)`: with no entry yet (the first crash) the answer is
//!   no, so the **first restart is immediate**; it then calls `Next`, which creates the
//!   entry with 10s. The second crash is within 10s of that → `CrashLoopBackOff`
//!   ("back-off 10s"), and the restart after it doubles the entry to 20s, and so on:
//!   the waits between restarts are 0, 10s, 20s, 40s, 80s, 160s, 300s, 300s, …
//! - An entry expires when the event is more than 2 × max (10 min) after its last update:
//!   a container that ran 10 minutes without failing starts over at 10s.

use crate::time::{Millis, SimTime};

/// `backOffPeriod` (`pkg/kubelet/kubelet.go`).
pub const INITIAL: Millis = 10_000;
/// `MaxContainerBackOff` (`pkg/kubelet/kubelet.go`).
pub const MAX: Millis = 300_000;

/// One back-off entry (`backoffEntry`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    /// The current delay.
    pub delay: Millis,
    /// When `next` last ran.
    pub last_update: SimTime,
}

/// `hasExpired`: the entry is stale when the event is more than 2 × max after its update.
fn expired(event: SimTime, last_update: SimTime) -> bool {
    event.0 - last_update.0 > 2 * MAX
}

/// `Backoff.Next(id, eventTime)` at `now`: start at 10s (fresh or expired entry) or double,
/// capped at 300s.
pub fn next(entry: Option<Backoff>, event: SimTime, now: SimTime) -> Backoff {
    let delay = match entry {
        Some(e) if !expired(event, e.last_update) => (e.delay * 2).min(MAX),
        _ => INITIAL,
    };
    Backoff {
        delay,
        last_update: now,
    }
}

/// `IsInBackOffSince(id, eventTime)`: `now - eventTime < delay` (restart back-off, with the
/// container's `finishedAt` as the event).
pub fn in_backoff_since(entry: Option<Backoff>, event: SimTime, now: SimTime) -> bool {
    match entry {
        Some(e) if !expired(event, e.last_update) => now.0 - event.0 < e.delay,
        _ => false,
    }
}

/// `IsInBackOffSinceUpdate(id, now)`: `now - lastUpdate < delay` (image pull back-off).
pub fn in_backoff_since_update(entry: Option<Backoff>, now: SimTime) -> bool {
    match entry {
        Some(e) if !expired(now, e.last_update) => now.0 - e.last_update.0 < e.delay,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A container that crashes `run` ms after each start, restarted as soon as the
    /// back-off allows: the waits between a crash and the next start.
    fn restart_waits(run: Millis, crashes: usize) -> Vec<Millis> {
        let mut entry = None;
        let mut t = SimTime(0);
        let mut waits = vec![];
        for _ in 0..crashes {
            let crash = t.plus(run);
            let mut now = crash;
            while in_backoff_since(entry, crash, now) {
                now = now.plus(1000);
            }
            entry = Some(next(entry, crash, now));
            waits.push(now.0 - crash.0);
            t = now;
        }
        waits
    }

    #[test]
    fn restart_back_off_doubles_from_ten_seconds_to_five_minutes() {
        assert_eq!(
            restart_waits(1000, 8),
            vec![0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]
        );
    }

    #[test]
    fn next_sequence_matches_the_flowcontrol_table() {
        let mut e = None;
        let mut got = vec![];
        for i in 0..7 {
            let t = SimTime(i * 1000);
            e = Some(next(e, t, t));
            got.push(e.unwrap().delay);
        }
        assert_eq!(
            got,
            vec![10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]
        );
    }

    #[test]
    fn back_off_resets_after_ten_minutes_without_failure() {
        let e = Some(Backoff {
            delay: MAX,
            last_update: SimTime(0),
        });
        // Exactly 10 min later the entry still counts; past it, it is stale.
        assert_eq!(next(e, SimTime(600_000), SimTime(600_000)).delay, MAX);
        assert_eq!(next(e, SimTime(600_001), SimTime(600_001)).delay, INITIAL);
        assert!(!in_backoff_since(e, SimTime(600_001), SimTime(600_002)));
        // A container that runs 11 minutes between crashes is restarted at once.
        let run = 11 * 60_000;
        assert_eq!(restart_waits(run, 4), vec![0, 0, 0, 0]);
    }

    #[test]
    fn pull_back_off_counts_from_the_failed_pull() {
        let e = Some(next(None, SimTime(5_000), SimTime(5_000)));
        assert!(in_backoff_since_update(e, SimTime(14_999)));
        assert!(!in_backoff_since_update(e, SimTime(15_000)));
        assert!(!in_backoff_since_update(None, SimTime(0)));
    }
}

//! The scheduling queue: activeQ, backoffQ and the unschedulable pod pool
//! (`pkg/scheduler/backend/queue/scheduling_queue.go`, v1.32 defaults).
//!
//! - activeQ is ordered like PrioritySort with equal priorities: by the pod's queue
//!   timestamp (when it was added, or when it last failed), then by insertion.
//! - A pod that failed goes to the unschedulable pool. A cluster change moves it to backoffQ
//!   (or straight to activeQ when its backoff is already over). Backoff = 1s doubling per
//!   attempt, capped at 10s, counted from the failure time.
//! - Two periodic flushes, modelled as ticks on fixed multiples of virtual time from 0:
//!   backoffQ → activeQ every 1s (`flushBackoffQCompleted`), and pods unschedulable for
//!   more than 5 minutes → activeQ/backoffQ every 30s (`flushUnschedulablePodsLeftover`).

use crate::time::SimTime;
use std::collections::BTreeMap;

/// `DefaultPodInitialBackoffDuration`.
pub const INITIAL_BACKOFF_MS: i64 = 1_000;
/// `DefaultPodMaxBackoffDuration`.
pub const MAX_BACKOFF_MS: i64 = 10_000;
/// `DefaultPodMaxInUnschedulablePodsDuration`.
pub const MAX_IN_UNSCHEDULABLE_MS: i64 = 5 * 60 * 1_000;
/// Period of `flushBackoffQCompleted`.
pub const BACKOFF_FLUSH_PERIOD_MS: i64 = 1_000;
/// Period of `flushUnschedulablePodsLeftover`.
pub const UNSCHEDULABLE_FLUSH_PERIOD_MS: i64 = 30_000;

/// `calculateBackoffDuration`: 1s for the first attempt, doubling, capped at 10s.
pub fn backoff_duration(attempts: u32) -> i64 {
    let mut d = INITIAL_BACKOFF_MS;
    for _ in 1..attempts.max(1) {
        if d > MAX_BACKOFF_MS - d {
            return MAX_BACKOFF_MS;
        }
        d += d;
    }
    d
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Where {
    Active((SimTime, u64)),
    Backoff((SimTime, u64)),
    Unschedulable((SimTime, u64)),
    InFlight,
}

#[derive(Clone, Debug)]
struct Entry {
    at: Where,
    /// Queue timestamp: added, or last failed.
    timestamp: SimTime,
    attempts: u32,
}

/// The queue, generic over the pod key type.
#[derive(Clone, Debug)]
pub struct SchedulingQueue<K: Ord + Clone> {
    entries: BTreeMap<K, Entry>,
    active: BTreeMap<(SimTime, u64), K>,
    /// Keyed by backoff expiry.
    backoff: BTreeMap<(SimTime, u64), K>,
    /// Keyed by the time the pod became unschedulable.
    unschedulable: BTreeMap<(SimTime, u64), K>,
    seq: u64,
}

impl<K: Ord + Clone> Default for SchedulingQueue<K> {
    fn default() -> Self {
        SchedulingQueue {
            entries: BTreeMap::new(),
            active: BTreeMap::new(),
            backoff: BTreeMap::new(),
            unschedulable: BTreeMap::new(),
            seq: 0,
        }
    }
}

/// First multiple of `period` that is ≥ `t`.
fn tick_at_or_after(t: i64, period: i64) -> i64 {
    t.div_euclid(period) * period + if t.rem_euclid(period) == 0 { 0 } else { period }
}

impl<K: Ord + Clone> SchedulingQueue<K> {
    /// An empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    fn detach(&mut self, key: &K) -> Option<Entry> {
        let e = self.entries.get(key)?.clone();
        match e.at {
            Where::Active(p) => {
                self.active.remove(&p);
            }
            Where::Backoff(p) => {
                self.backoff.remove(&p);
            }
            Where::Unschedulable(p) => {
                self.unschedulable.remove(&p);
            }
            Where::InFlight => {}
        }
        Some(e)
    }

    fn put_active(&mut self, key: K, timestamp: SimTime, attempts: u32) {
        let p = (timestamp, self.next_seq());
        self.active.insert(p, key.clone());
        self.entries.insert(
            key,
            Entry {
                at: Where::Active(p),
                timestamp,
                attempts,
            },
        );
    }

    /// Move to backoffQ if still backing off at `now`, else to activeQ.
    fn put_active_or_backoff(&mut self, key: K, timestamp: SimTime, attempts: u32, now: SimTime) {
        let expiry = timestamp.plus(backoff_duration(attempts));
        if expiry > now {
            let p = (expiry, self.next_seq());
            self.backoff.insert(p, key.clone());
            self.entries.insert(
                key,
                Entry {
                    at: Where::Backoff(p),
                    timestamp,
                    attempts,
                },
            );
        } else {
            self.put_active(key, timestamp, attempts);
        }
    }

    /// A new pending pod (`Add`). A pod already queued stays where it is, except that an
    /// unschedulable one is reconsidered as after an update.
    pub fn add(&mut self, key: K, now: SimTime) {
        match self.entries.get(&key).map(|e| e.at) {
            None => self.put_active(key, now, 0),
            Some(Where::Unschedulable(_)) => self.update(key, now),
            Some(_) => {}
        }
    }

    /// The pending pod object changed (`Update`): an unschedulable pod may now fit, so it
    /// moves to backoffQ/activeQ; elsewhere it keeps its place.
    pub fn update(&mut self, key: K, now: SimTime) {
        if let Some(e) = self.entries.get(&key)
            && matches!(e.at, Where::Unschedulable(_))
            && let Some(e) = self.detach(&key)
        {
            self.put_active_or_backoff(key, e.timestamp, e.attempts, now);
        }
    }

    /// Take the next pod to schedule (runs the periodic flushes due by `now` first). The
    /// pod is "in flight" until `add_unschedulable`, `add_backoff` or `remove`.
    pub fn pop(&mut self, now: SimTime) -> Option<K> {
        self.flush(now);
        let (&p, _) = self.active.iter().next()?;
        let key = self.active.remove(&p)?;
        if let Some(e) = self.entries.get_mut(&key) {
            e.at = Where::InFlight;
            e.attempts += 1;
        }
        Some(key)
    }

    /// Scheduling attempts made so far for a pod (counted by `pop`).
    pub fn attempts(&self, key: &K) -> u32 {
        self.entries.get(key).map(|e| e.attempts).unwrap_or(0)
    }

    /// The pod failed to schedule (`AddUnschedulableIfNotPresent`): park it in the
    /// unschedulable pool, timestamped `now`, with `attempts` attempts for its backoff.
    pub fn add_unschedulable(&mut self, key: K, attempts: u32, now: SimTime) {
        self.detach(&key);
        let p = (now, self.next_seq());
        self.unschedulable.insert(p, key.clone());
        self.entries.insert(
            key,
            Entry {
                at: Where::Unschedulable(p),
                timestamp: now,
                attempts,
            },
        );
    }

    /// The attempt failed for a reason that is not "unschedulable" (e.g. a binding
    /// error): retry after the backoff without waiting for a cluster event.
    pub fn add_backoff(&mut self, key: K, attempts: u32, now: SimTime) {
        self.detach(&key);
        self.put_active_or_backoff(key, now, attempts, now);
    }

    /// Something in the cluster changed (node added/updated, pod deleted, …)
    /// (`MoveAllToActiveOrBackoffQueue`): every unschedulable pod moves to backoffQ, or to
    /// activeQ if its backoff has already expired.
    pub fn on_cluster_change(&mut self, now: SimTime) {
        let keys: Vec<K> = self.unschedulable.values().cloned().collect();
        for k in keys {
            if let Some(e) = self.detach(&k) {
                self.put_active_or_backoff(k, e.timestamp, e.attempts, now);
            }
        }
    }

    /// Run the periodic flushes whose ticks fall at or before `now`.
    pub fn flush(&mut self, now: SimTime) {
        // flushUnschedulablePodsLeftover: at the latest 30s tick, pods unschedulable for
        // more than 5 minutes move on.
        let tick = SimTime(
            now.0.div_euclid(UNSCHEDULABLE_FLUSH_PERIOD_MS) * UNSCHEDULABLE_FLUSH_PERIOD_MS,
        );
        let due: Vec<K> = self
            .unschedulable
            .iter()
            .take_while(|((since, _), _)| tick.0 - since.0 > MAX_IN_UNSCHEDULABLE_MS)
            .map(|(_, k)| k.clone())
            .collect();
        for k in due {
            if let Some(e) = self.detach(&k) {
                self.put_active_or_backoff(k, e.timestamp, e.attempts, tick);
            }
        }
        // flushBackoffQCompleted: at the latest 1s tick, pods whose backoff expired.
        let tick = SimTime(now.0.div_euclid(BACKOFF_FLUSH_PERIOD_MS) * BACKOFF_FLUSH_PERIOD_MS);
        let due: Vec<K> = self
            .backoff
            .iter()
            .take_while(|((expiry, _), _)| *expiry <= tick)
            .map(|(_, k)| k.clone())
            .collect();
        for k in due {
            if let Some(e) = self.detach(&k) {
                self.put_active(k, e.timestamp, e.attempts);
            }
        }
    }

    /// When the next periodic flush will move something (for the engine's timers).
    pub fn next_wakeup(&self) -> Option<SimTime> {
        let b = self
            .backoff
            .keys()
            .next()
            .map(|(expiry, _)| tick_at_or_after(expiry.0, BACKOFF_FLUSH_PERIOD_MS));
        let u = self.unschedulable.keys().next().map(|(since, _)| {
            // First tick strictly more than 5 minutes after `since`.
            tick_at_or_after(
                since.0 + MAX_IN_UNSCHEDULABLE_MS + 1,
                UNSCHEDULABLE_FLUSH_PERIOD_MS,
            )
        });
        match (b, u) {
            (Some(a), Some(b)) => Some(SimTime(a.min(b))),
            (a, b) => a.or(b).map(SimTime),
        }
    }

    /// Forget a pod (deleted, or bound).
    pub fn remove(&mut self, key: &K) {
        self.detach(key);
        self.entries.remove(key);
    }

    /// Whether the queue knows the pod (in any sub-queue or in flight).
    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    /// Sizes of (activeQ, backoffQ, unschedulable pool).
    pub fn lens(&self) -> (usize, usize, usize) {
        (
            self.active.len(),
            self.backoff.len(),
            self.unschedulable.len(),
        )
    }

    /// Whether activeQ has a pod ready to pop.
    pub fn has_active(&self) -> bool {
        !self.active.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_up_to_ten() {
        // scheduling_queue_test.go TestBackOffFlow: 1s, 2s, 4s, 8s, 10s, 10s …
        let want = [1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000];
        for (i, w) in want.iter().enumerate() {
            assert_eq!(backoff_duration(i as u32 + 1), *w, "attempt {}", i + 1);
        }
        assert_eq!(backoff_duration(0), 1_000);
    }

    #[test]
    fn active_pods_pop_in_the_order_they_were_added() {
        let mut q = SchedulingQueue::new();
        q.add("b", SimTime(10));
        q.add("a", SimTime(20));
        q.add("c", SimTime(20));
        assert_eq!(q.pop(SimTime(30)), Some("b"));
        assert_eq!(q.pop(SimTime(30)), Some("a"));
        assert_eq!(q.pop(SimTime(30)), Some("c"));
        assert_eq!(q.pop(SimTime(30)), None);
    }

    #[test]
    fn unschedulable_pod_waits_for_a_cluster_change_then_backs_off() {
        let mut q = SchedulingQueue::new();
        q.add("p", SimTime(0));
        assert_eq!(q.pop(SimTime(0)), Some("p"));
        let n = q.attempts(&"p");
        assert_eq!(n, 1);
        q.add_unschedulable("p", n, SimTime(100));
        assert_eq!(q.pop(SimTime(5_000)), None);
        // A change at 600ms: backoff (1s from 100ms) not over → backoffQ.
        q.on_cluster_change(SimTime(600));
        assert_eq!(q.lens(), (0, 1, 0));
        // Expiry 1.1s → moved by the 2s flush tick.
        assert_eq!(q.next_wakeup(), Some(SimTime(2_000)));
        assert_eq!(q.pop(SimTime(1_500)), None);
        assert_eq!(q.pop(SimTime(2_000)), Some("p"));
        // Second failure at 2s: backoff 2s; a change at 10s moves it straight to active.
        q.add_unschedulable("p", q.attempts(&"p"), SimTime(2_000));
        q.on_cluster_change(SimTime(10_000));
        assert_eq!(q.lens(), (1, 0, 0));
        assert_eq!(q.pop(SimTime(10_000)), Some("p"));
        assert_eq!(q.attempts(&"p"), 3);
    }

    #[test]
    fn unschedulable_pods_are_flushed_after_five_minutes() {
        let mut q = SchedulingQueue::new();
        q.add("p", SimTime(0));
        q.pop(SimTime(0));
        q.add_unschedulable("p", 1, SimTime(1_000));
        // 5 minutes after 1s is 301s; the first 30s tick strictly later is 330s.
        assert_eq!(q.next_wakeup(), Some(SimTime(330_000)));
        assert_eq!(q.pop(SimTime(329_999)), None);
        assert_eq!(q.pop(SimTime(330_000)), Some("p"));
    }

    #[test]
    fn removed_pods_leave_every_queue() {
        let mut q = SchedulingQueue::new();
        q.add(1u32, SimTime(0));
        q.add(2u32, SimTime(0));
        q.remove(&1);
        assert!(!q.contains(&1));
        assert_eq!(q.pop(SimTime(0)), Some(2));
        q.add_unschedulable(2, 1, SimTime(0));
        q.remove(&2);
        assert_eq!(q.lens(), (0, 0, 0));
        assert_eq!(q.next_wakeup(), None);
    }
}

//! The step loop over a [`Registry`]: fire due timers, deliver watch events to the
//! informers, let one component process the oldest key.

use super::Runtime;
use super::queue::{Cause, Work};
use super::registry::Registry;
use super::step::{Explain, StepCtx, StepRecord, Trigger};
use crate::lang::Lang;
use crate::time::SimTime;

impl Runtime {
    /// Deliver every store change since the last delivery to the informers: update the
    /// shared indexes, then run the handlers of every controller that watches the kind.
    pub(crate) fn deliver(&mut self, reg: &mut Registry) {
        let changes = match self.store.changes_since(self.delivered) {
            Ok(c) => c,
            Err(_) => return,
        };
        for ev in changes {
            self.delivered = ev.rev;
            self.cause = Cause::Watch {
                ty: ev.ty,
                obj: ev.obj.clone(),
                rev: ev.rev,
            };
            self.idx.observe(&ev);
            reg.dispatch(self, &ev);
        }
        self.cause = Cause::None;
        // etcd compaction: keep a bounded window of history for watchers.
        let keep_from = self.delivered - 50_000;
        if keep_from > 0 && self.store.revision() % 4096 == 0 {
            self.store.compact(keep_from);
        }
    }

    /// Fire every timer due at or before `now`.
    fn fire_due_timers(&mut self) {
        while let Some((&(at, seq), _)) = self.timers.first_key_value() {
            if at > self.now {
                break;
            }
            let t = self.timers.remove(&(at, seq)).expect("present");
            self.timer_index.remove(&t.work);
            self.cause = Cause::Timer(at);
            self.enqueue(t.work);
            self.cause = Cause::None;
        }
    }

    /// Run queued work until one recorded step happens, without moving the clock.
    /// Returns `None` when the queue is empty.
    pub fn run_one_now(&mut self, reg: &mut Registry) -> Option<StepRecord> {
        loop {
            self.fire_due_timers();
            self.deliver(reg);
            let (work, cause) = self.queue.pop_with_cause()?;
            let mut cx = StepCtx::new(self.component(reg, &work), cause.trigger());
            self.process(reg, &work, &mut cx);
            if let Some(rec) = self.finish_step(reg, cx) {
                return Some(rec);
            }
        }
    }

    /// Advance the clock to `t` (never backwards), firing timers due on the way.
    pub fn advance_to(&mut self, t: SimTime) {
        if t > self.now {
            self.now = t;
        }
        self.fire_due_timers();
    }

    /// One recorded step: run queued work, or advance the clock to the next timer when
    /// nothing is queued; gives up (None) if nothing happens before `limit`.
    pub fn step_until(&mut self, reg: &mut Registry, limit: SimTime) -> Option<StepRecord> {
        loop {
            if let Some(rec) = self.run_one_now(reg) {
                return Some(rec);
            }
            let next = self.next_timer(false)?;
            if next > limit {
                return None;
            }
            self.advance_to(next);
        }
    }

    /// The component that processes `work` (as shown in step lines).
    pub fn component(&self, reg: &Registry, work: &Work) -> String {
        match work {
            Work::Sync { ctl, op, key } => reg.component(*ctl, *op, key),
            Work::EventFlush(_) => "event-broadcaster".into(),
        }
    }

    /// Turn a finished context into a step record (or nothing for a no-op).
    pub(crate) fn finish_step(
        &mut self,
        reg: &mut Registry,
        mut cx: StepCtx,
    ) -> Option<StepRecord> {
        if !cx.deferred_events.is_empty() {
            // Deliver first, so the components woken by this step's writes queue ahead of
            // the broadcaster that posts the events recorded after those writes.
            self.deliver(reg);
            self.deferred_seq += 1;
            let id = self.deferred_seq;
            let evs = std::mem::take(&mut cx.deferred_events);
            self.deferred.push_back((id, cx.component.clone(), evs));
            self.enqueue(Work::EventFlush(id));
        }
        if cx.writes.is_empty() && cx.events.is_empty() {
            return None;
        }
        self.steps += 1;
        Some(StepRecord {
            index: self.steps,
            time: self.now,
            component: cx.component,
            trigger: cx.trigger,
            why: cx.why,
            writes: cx.writes,
            events: cx.events,
            revision: self.store.revision(),
        })
    }

    /// Dispatch one work item to its controller (or post deferred events).
    pub(crate) fn process(&mut self, reg: &mut Registry, work: &Work, cx: &mut StepCtx) {
        match work {
            Work::Sync { ctl, op, key } => {
                if let Some(c) = reg.at(*ctl) {
                    self.active = *ctl;
                    c.sync(self, cx, *op, key);
                }
            }
            Work::EventFlush(id) => {
                let at = match self.deferred.front() {
                    Some((first, _, _)) if first == id => Some(0),
                    _ => self.deferred.binary_search_by_key(id, |d| d.0).ok(),
                };
                if let Some((_, component, evs)) = at.and_then(|i| self.deferred.remove(i)) {
                    cx.component = component;
                    cx.trigger = Trigger::Broadcaster;
                    let n = evs.len();
                    let mut reasons: Vec<String> = vec![];
                    for e in evs {
                        if !reasons.contains(&e.reason) {
                            reasons.push(e.reason.clone());
                        }
                        self.record_event(cx, e);
                    }
                    cx.say(BroadcasterWhy::Posted { n, reasons });
                }
            }
        }
    }
}

/// What an event broadcaster did.
#[derive(Clone, Debug)]
pub enum BroadcasterWhy {
    /// It posted `n` events recorded earlier, with these reasons (in order of appearance).
    Posted { n: usize, reasons: Vec<String> },
}

impl Explain for BroadcasterWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            BroadcasterWhy::Posted { n, reasons } => w.pick(
                "event broadcaster posted {0} {1} ({2})",
                "事件广播器发布了 {0} 个事件（{2}）",
                [
                    &n,
                    &if *n == 1 { "Event" } else { "Events" },
                    &reasons.join(", "),
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    #[test]
    fn the_broadcaster_explains_in_both_languages() {
        let w = BroadcasterWhy::Posted {
            n: 2,
            reasons: vec!["ScalingReplicaSet".into()],
        };
        crate::runtime::step::check_all(std::slice::from_ref(&w), |_| 0, 1);
        assert_eq!(
            w.en(),
            "event broadcaster posted 2 Events (ScalingReplicaSet)"
        );
        assert_eq!(w.zh(), "事件广播器发布了 2 个事件（ScalingReplicaSet）");
        let one = BroadcasterWhy::Posted {
            n: 1,
            reasons: vec!["Scheduled".into()],
        };
        assert_eq!(one.en(), "event broadcaster posted 1 Event (Scheduled)");
    }
}

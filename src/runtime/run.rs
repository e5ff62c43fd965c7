//! The step loop over a [`Registry`]: fire due timers, deliver watch events to the
//! informers, let one component process the oldest key.

use std::collections::BTreeMap;

use super::flowcontrol::{ClientLimits, ClientWhy, TokenBucket};
use super::queue::{Cause, Work};
use super::registry::Registry;
use super::step::{Explain, StepCtx, StepRecord, Trigger};
use super::{Deferred, Runtime, Throttled};
use crate::lang::Lang;
use crate::object::Kind;
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
    ///
    /// Work whose component's client has no token now waits for it (client-go's
    /// `tokenBucketRateLimiter.Wait`): it is held back until the token comes, and the step
    /// it then makes says how long it waited. Each step's API calls are charged to the
    /// client afterwards (a step may run into debt; the next one waits it off).
    pub fn run_one_now(&mut self, reg: &mut Registry) -> Option<StepRecord> {
        loop {
            self.fire_due_timers();
            self.deliver(reg);
            let (work, cause) = self.queue.pop_with_cause()?;
            let client = self.client_of(reg, &work);
            let mut waited = None;
            if let Some(name) = &client {
                let now = self.now;
                let bucket = self.clients.get_mut(name).expect("made by client_of");
                let wait = bucket.wait_for_one(now);
                let limits = bucket.limits;
                if wait > 0 {
                    self.hold(work, cause, name.clone(), now.plus(wait));
                    continue;
                }
                waited = self.throttled.remove(&work).map(|t| (t, limits));
            }
            let trigger = match &waited {
                Some((t, _)) => t.cause.trigger(),
                None => cause.trigger(),
            };
            let mut cx = StepCtx::new(self.component(reg, &work), trigger);
            cx.client = client;
            if let Work::Sync { ctl, .. } = &work {
                cx.ctl = Some(*ctl);
            }
            if let Some((t, limits)) = waited {
                cx.say(ClientWhy::Waited {
                    ms: self.now.0 - t.since.0,
                    limits,
                });
            }
            self.process(reg, &work, &mut cx);
            self.charge(reg, &cx);
            if let Some(rec) = self.finish_step(reg, cx) {
                return Some(rec);
            }
        }
    }

    /// The client (bucket name) that `work`'s first request goes through, its bucket made
    /// full on first use: the component's API client for its syncs, its event client for
    /// its broadcaster. `None` for components with no rate limit (kube-apiserver's own work).
    fn client_of(&mut self, reg: &Registry, work: &Work) -> Option<String> {
        let (ctl, component, events) = match work {
            Work::Sync { ctl, .. } => (*ctl, self.component(reg, work), false),
            Work::EventFlush(id) => {
                let d = &self.deferred[self.deferred_index(*id)?];
                (d.ctl?, d.component.clone(), true)
            }
        };
        let clients = reg.clients(ctl, self.profile)?;
        let (name, limits) = match (events, clients.events) {
            (true, Some(l)) => (format!("{} events", component), l),
            _ => (component, clients.api),
        };
        let now = self.now;
        if !self.clients.contains_key(&name) {
            self.clients
                .insert(name.clone(), TokenBucket::new(limits, now));
        }
        Some(name)
    }

    /// Hold `work` back until its client has a token (`until`), keeping the cause that woke
    /// it and the moment it started waiting.
    pub(crate) fn hold(&mut self, work: Work, cause: Cause, client: String, until: SimTime) {
        let (since, cause) = match self.throttled.get(&work) {
            Some(t) => (t.since, t.cause.clone()),
            None => (self.now, cause),
        };
        self.add_timer(until, work.clone(), false);
        self.throttled.insert(
            work,
            Throttled {
                since,
                cause,
                client,
                until,
            },
        );
    }

    /// Charge a finished step's API calls to its component's clients: event writes to the
    /// event client (the API client when it is the same), calls through an unlimited client
    /// to none, less the tokens the step already took.
    fn charge(&mut self, reg: &Registry, cx: &StepCtx) {
        let Some(ctl) = cx.ctl else { return };
        let Some(clients) = reg.clients(ctl, self.profile) else {
            return;
        };
        let (mut api, mut events) = (0i64, 0i64);
        for &k in &cx.calls {
            if k == Kind::Event {
                events += 1;
            } else if !reg.unlimited(ctl, k) {
                api += 1;
            }
        }
        api -= cx.prepaid;
        let now = self.now;
        let mut take = |name: String, limits, n: i64| {
            if n > 0 {
                self.clients
                    .entry(name)
                    .or_insert_with(|| TokenBucket::new(limits, now))
                    .reserve(now, n);
            }
        };
        match clients.events {
            Some(l) => {
                take(cx.component.clone(), clients.api, api);
                take(format!("{} events", cx.component), l, events);
            }
            None => take(cx.component.clone(), clients.api, api + events),
        }
    }

    /// Take one token from the running step's client if one is there now; a component that
    /// makes many calls in one sync (the ReplicaSet controller's slow-start batches) calls
    /// this before each, and holds the rest of its work back when it says no.
    pub fn client_try_take(&mut self, cx: &mut StepCtx) -> bool {
        let now = self.now;
        match cx.client.as_ref().and_then(|n| self.clients.get_mut(n)) {
            None => true,
            Some(b) => {
                let ok = b.try_take(now);
                if ok {
                    cx.prepaid += 1;
                }
                ok
            }
        }
    }

    /// Hold `work` of the running step's component until its client's next token.
    pub fn hold_for_client(&mut self, cx: &StepCtx, work: Work) {
        let now = self.now;
        let Some(name) = cx.client.clone() else {
            self.enqueue(work);
            return;
        };
        let wait = self
            .clients
            .get_mut(&name)
            .map(|b| b.wait_for_one(now))
            .unwrap_or(0)
            .max(1);
        self.hold(work, Cause::None, name, now.plus(wait));
    }

    /// The components waiting for their client's rate limiter: for each, the time its next
    /// token comes, how many work items wait, and the client's limits.
    pub fn throttled_components(
        &self,
        reg: &Registry,
    ) -> BTreeMap<String, (SimTime, usize, ClientLimits)> {
        let mut m: BTreeMap<String, (SimTime, usize, ClientLimits)> = BTreeMap::new();
        for (w, t) in &self.throttled {
            let component = match w {
                Work::EventFlush(id) => match self.deferred_index(*id) {
                    Some(i) => self.deferred[i].component.clone(),
                    None => continue,
                },
                _ => self.component(reg, w),
            };
            let Some(b) = self.clients.get(&t.client) else {
                continue;
            };
            let e = m.entry(component).or_insert((t.until, 0, b.limits));
            e.0 = e.0.min(t.until);
            e.1 += 1;
        }
        m
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
            self.deferred.push_back(Deferred {
                id,
                ctl: cx.ctl,
                component: cx.component.clone(),
                events: evs,
            });
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

    /// Where the broadcaster's work item `id` is among the deferred events (the oldest is
    /// usually first).
    fn deferred_index(&self, id: u64) -> Option<usize> {
        match self.deferred.front() {
            Some(d) if d.id == id => Some(0),
            _ => self.deferred.binary_search_by_key(&id, |d| d.id).ok(),
        }
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
                let at = self.deferred_index(*id);
                if let Some(Deferred {
                    ctl,
                    component,
                    events: evs,
                    ..
                }) = at.and_then(|i| self.deferred.remove(i))
                {
                    cx.component = component;
                    cx.ctl = ctl;
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

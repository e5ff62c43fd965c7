//! The step loop over a [`Registry`]: fire due timers, deliver watch events to the
//! informers, let one component process the oldest key.

use std::collections::BTreeMap;

use super::flowcontrol::{ClientLimits, ClientWhy, TokenBucket};
use super::queue::{Cause, CtlId, Work};
use super::registry::Registry;
use super::step::{Explain, StepCtx, StepRecord, Trigger};
use super::{Deferred, Runtime, Throttled};
use crate::events::EventSpec;
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
        let keep_from = self.delivered - crate::store::WATCH_WINDOW;
        if keep_from > 0 && self.store.revision() % 1024 == 0 {
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
    /// A component's sync whose client has no token now waits for one, as client-go's
    /// `tokenBucketRateLimiter.Wait` does: it reserves the next token (reservations queue
    /// up in order) and is held back until that token's time; the step it then makes says
    /// how long it waited. Each step's API calls are charged to its clients afterwards (a
    /// step may run into debt; the next one waits it off). Event broadcasters post at once
    /// wait for theirs only when their correlator would let an event through.
    pub fn run_one_now(&mut self, reg: &mut Registry) -> Option<StepRecord> {
        loop {
            self.fire_due_timers();
            self.deliver(reg);
            let (work, cause) = self.queue.pop_with_cause()?;
            let component = self.component(reg, &work);
            let client = match &work {
                Work::Sync { ctl, .. } => self.client_of(reg, *ctl, &component, false),
                Work::EventFlush(id) => match self.deferred_index(*id) {
                    Some(i) if self.deferred[i].events.iter().any(|e| self.would_write(e)) => {
                        let d = &self.deferred[i];
                        let (ctl, poster) = (d.ctl, d.component.clone());
                        ctl.and_then(|c| self.client_of(reg, c, &poster, true))
                    }
                    _ => None,
                },
            };
            let mut waited = None;
            if let Some(t) = self.throttled.get(&work) {
                if t.until > self.now {
                    // Still waiting for its reserved token (its timer is set).
                    continue;
                }
                waited = self.throttled.remove(&work);
            } else if let Some(name) = &client {
                let now = self.now;
                let bucket = self.clients.get_mut(name).expect("made by client_of");
                if bucket.wait_for_one(now) > 0 {
                    let wait = bucket.reserve(now, 1);
                    self.hold(work, cause, name.clone(), now.plus(wait));
                    continue;
                }
            }
            let trigger = match &waited {
                Some(t) => t.cause.trigger(),
                None => cause.trigger(),
            };
            let mut cx = StepCtx::new(component, trigger);
            if let Work::Sync { ctl, .. } = &work {
                cx.ctl = Some(*ctl);
            }
            if let Some(t) = waited {
                // The reserved token is the step's first call.
                cx.prepaid = 1;
                cx.spare = 1;
                if let Some(b) = client.as_ref().and_then(|n| self.clients.get(n)) {
                    cx.say(ClientWhy::Waited {
                        ms: self.now.0 - t.since.0,
                        limits: b.limits,
                    });
                }
            }
            cx.client = client;
            self.process(reg, &work, &mut cx);
            self.charge(reg, &cx, matches!(work, Work::EventFlush(_)));
            if let Some(rec) = self.finish_step(reg, cx) {
                return Some(rec);
            }
        }
    }

    /// The client (bucket name) that a component's first request goes through, its bucket
    /// made full on first use: its API client for its syncs, its event client for its
    /// broadcaster (`events`). `None` for components with no rate limit.
    fn client_of(
        &mut self,
        reg: &Registry,
        ctl: CtlId,
        component: &str,
        events: bool,
    ) -> Option<String> {
        let clients = reg.clients(ctl, self.profile)?;
        let (name, limits) = match (events, clients.events) {
            (true, Some(l)) => (format!("{} events", component), l),
            _ => (component.to_string(), clients.api),
        };
        let now = self.now;
        if !self.clients.contains_key(&name) {
            self.clients
                .insert(name.clone(), TokenBucket::new(limits, now));
        }
        Some(name)
    }

    /// Hold `work` back until the token it reserved comes (`until`), keeping the cause
    /// that woke it and the moment it started waiting.
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
    /// to none, less the tokens the step already took (a token it reserved and did not use
    /// goes back).
    fn charge(&mut self, reg: &Registry, cx: &StepCtx, flush: bool) {
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
        if flush {
            events -= cx.prepaid;
        } else {
            api -= cx.prepaid;
        }
        let now = self.now;
        // (Nothing to settle, nothing allocated: most steps of most components.)
        let mut take = |name: &dyn Fn() -> String, limits, n: i64| {
            if n == 0 {
                return;
            }
            let b = self
                .clients
                .entry(name())
                .or_insert_with(|| TokenBucket::new(limits, now));
            if n > 0 {
                b.reserve(now, n);
            } else {
                b.refund(-n);
            }
        };
        let component = || cx.component.clone();
        match clients.events {
            Some(l) => {
                take(&component, clients.api, api);
                take(&|| format!("{} events", cx.component), l, events);
            }
            None => take(&component, clients.api, api + events),
        }
    }

    /// Take one token from the running step's client if one is there now; a component that
    /// makes many calls in one sync (the ReplicaSet controller's slow-start batches) calls
    /// this before each, and holds the rest of its work back when it says no.
    pub fn client_try_take(&mut self, cx: &mut StepCtx) -> bool {
        if cx.spare > 0 {
            cx.spare -= 1;
            return true;
        }
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

    /// Hold `work` of the running step's component until the next token of its client,
    /// reserved now.
    pub fn hold_for_client(&mut self, cx: &StepCtx, work: Work) {
        let now = self.now;
        let Some(name) = cx.client.clone() else {
            self.enqueue(work);
            return;
        };
        let wait = self
            .clients
            .get_mut(&name)
            .map(|b| b.reserve(now, 1))
            .unwrap_or(0);
        self.hold(work, Cause::None, name, now.plus(wait));
    }

    /// The components waiting for their client's rate limiter: for each, the time its next
    /// token comes, how many work items wait, and the client's limits.
    pub fn throttled_components(
        &self,
        reg: &Registry,
    ) -> BTreeMap<String, (SimTime, usize, ClientLimits)> {
        // (The map of held work is unordered: each component's figures are a count and the
        // earliest token, with that token's client — the same whatever the order.)
        let mut first: BTreeMap<String, (SimTime, &str)> = BTreeMap::new();
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
            let f = first
                .entry(component.clone())
                .or_insert((t.until, t.client.as_str()));
            if (t.until, t.client.as_str()) < *f {
                *f = (t.until, t.client.as_str());
            }
            let e = m.entry(component).or_insert((t.until, 0, b.limits));
            if *f == (t.until, t.client.as_str()) {
                e.0 = t.until;
                e.2 = b.limits;
            }
            e.1 += 1;
        }
        m
    }

    /// Advance the clock to `t` (never backwards), firing timers due on the way.
    /// Run work and timers outside the story (cluster setup): every queued item is
    /// processed at once, with no step recorded and no client rate limit; then the clock
    /// moves to the next timer — the next non-routine one, or with `until` every timer up
    /// to that time. Stops when nothing is left to do or after `max` items.
    pub(crate) fn run_unrecorded(
        &mut self,
        reg: &mut Registry,
        until: Option<SimTime>,
        max: usize,
    ) {
        let mut n = 0;
        loop {
            self.fire_due_timers();
            self.deliver(reg);
            while let Some(w) = self.queue.pop() {
                let component = self.component(reg, &w);
                let mut cx = StepCtx::new(component, Trigger::None);
                if let Work::Sync { ctl, .. } = &w {
                    cx.ctl = Some(*ctl);
                }
                self.process(reg, &w, &mut cx);
                let _ = self.finish_step(reg, cx);
                self.deliver(reg);
                n += 1;
                if n >= max {
                    return;
                }
            }
            let next = match until {
                None => self.next_timer(true),
                Some(t) => self.next_timer(false).filter(|n| *n <= t),
            };
            match next {
                Some(t) => self.advance_to(t),
                None => break,
            }
        }
        if let Some(t) = until {
            self.advance_to(t);
        }
    }

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
        // The record is kept for the whole session: no spare capacity.
        let (mut why, mut writes, mut events) = (cx.why, cx.writes, cx.events);
        why.shrink_to_fit();
        writes.shrink_to_fit();
        events.shrink_to_fit();
        let mut component = cx.component;
        component.shrink_to_fit();
        Some(StepRecord {
            index: self.steps,
            time: self.now,
            component,
            trigger: cx.trigger,
            why,
            writes,
            events,
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
                if let Some((
                    i,
                    Deferred {
                        ctl,
                        component,
                        events: evs,
                        ..
                    },
                )) = at.and_then(|i| Some((i, self.deferred.remove(i)?)))
                {
                    cx.component = component.clone();
                    cx.ctl = ctl;
                    cx.trigger = Trigger::Broadcaster;
                    let mut n = 0;
                    let mut reasons: Vec<String> = vec![];
                    let mut waiting = None;
                    let mut evs = evs.into_iter();
                    while let Some(e) = evs.next() {
                        // Each write waits for the client (the broadcaster's one goroutine
                        // posts them in order); dropped events cost nothing.
                        if cx.client.is_some() && self.would_write(&e) && !self.client_try_take(cx)
                        {
                            let rest: Vec<EventSpec> = std::iter::once(e).chain(evs).collect();
                            waiting = Some(rest.len());
                            self.deferred.insert(
                                i,
                                Deferred {
                                    id: *id,
                                    ctl,
                                    component,
                                    events: rest,
                                },
                            );
                            self.hold_for_client(cx, Work::EventFlush(*id));
                            break;
                        }
                        if !reasons.contains(&e.reason) {
                            reasons.push(e.reason.clone());
                        }
                        n += 1;
                        self.record_event(cx, e);
                    }
                    if n > 0 {
                        cx.say(BroadcasterWhy::Posted { n, reasons });
                    }
                    if let Some(n) = waiting {
                        cx.say(BroadcasterWhy::Waiting { n });
                    }
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
    /// `n` more wait for its client's rate limiter.
    Waiting { n: usize },
}

impl Explain for BroadcasterWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            BroadcasterWhy::Waiting { n } => w.pick(
                "{0} more wait for its client's rate limiter",
                "另有 {0} 个在等待客户端限流器",
                [n],
            ),
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
        let held = BroadcasterWhy::Waiting { n: 28 };
        crate::runtime::step::check_all(
            &[w.clone(), held.clone()],
            |w| match w {
                BroadcasterWhy::Posted { .. } => 0,
                BroadcasterWhy::Waiting { .. } => 1,
            },
            2,
        );
        assert_eq!(held.en(), "28 more wait for its client's rate limiter");
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

//! Recording events through the API server (client-go `tools/record` and `tools/events`):
//! the correlator's aggregation and spam filter decide, then the Event is created or
//! updated as part of the current step. The recorder's state is [`crate::events::Recorder`].

use k8s_openapi::api::core::v1::{Event, EventSource};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Runtime;
use super::step::{EventRec, StepCtx};
use crate::events::{
    AGGREGATE_INTERVAL_MS, AGGREGATE_MAX_EVENTS, Correlation, EventSpec, SPAM_BURST,
    SPAM_REFILL_MS, aggregate_key, correlation_key, spam_key,
};
use crate::object::{Kind, Object};

impl Runtime {
    /// Whether recording `e` now would write to the API: a dry run of the spam filter (and,
    /// for events.k8s.io series, of the recorder's count), so that a broadcaster whose
    /// events are all dropped does not wait for its client.
    pub(crate) fn would_write(&self, e: &EventSpec) -> bool {
        if e.series_api {
            return self
                .recorder
                .by_key
                .get(&correlation_key(e))
                .is_none_or(|(_, n)| *n < 2);
        }
        match self.recorder.spam.get(&spam_key(e)) {
            None => true,
            Some(spam) => {
                let refill = (self.now.0 - spam.last.0).max(0) * 1000 / SPAM_REFILL_MS;
                (spam.milli_tokens + refill).min(SPAM_BURST * 1000) >= 1000
            }
        }
    }

    /// Write (or aggregate) an event now, as part of the current step.
    pub fn record_event(&mut self, cx: &mut StepCtx, e: EventSpec) {
        let c = self;
        let ns = e
            .involved
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "default".to_string());
        let object = format!(
            "{}/{}",
            e.involved
                .kind
                .as_deref()
                .unwrap_or("")
                .to_ascii_lowercase(),
            e.involved.name.as_deref().unwrap_or("")
        );
        cx.events.push(EventRec {
            ty: e.ty,
            reason: e.reason.clone(),
            object,
            message: e.message.clone(),
        });
        let ckey = correlation_key(&e);
        let now = c.now;
        if e.series_api {
            return c.write_series(cx, e, ns, ckey);
        }
        // EventCorrelator (client-go tools/record/events_cache.go): aggregate similar events
        // (same source, object, type and reason, different messages: from the 10th distinct
        // message in 10 minutes on, one "(combined from similar events)" event counts them),
        // then count identical ones, then drop what exceeds the per source+object token bucket
        // (burst 25, one more every 5 minutes).
        let mut message = e.message.clone();
        let mut ckey = ckey;
        {
            let agg_key = aggregate_key(&e);
            let rec = c.recorder.aggregates.entry(agg_key.clone()).or_default();
            if now.0 - rec.last.0 > AGGREGATE_INTERVAL_MS || rec.local_keys.is_empty() {
                rec.local_keys.clear();
            }
            rec.local_keys.insert(e.message.clone());
            rec.last = now;
            if rec.local_keys.len() >= AGGREGATE_MAX_EVENTS {
                // "do not grow our local key set any larger than max"
                rec.local_keys.pop_first();
                message = format!("(combined from similar events): {}", e.message);
                ckey = agg_key;
            }
        }
        let observed = c.recorder.by_key.get(&ckey).cloned();
        let count = observed.as_ref().map(|o| o.1 + 1).unwrap_or(1);
        let spam = c.recorder.spam.entry(spam_key(&e)).or_insert(Correlation {
            milli_tokens: SPAM_BURST * 1000,
            last: now,
            ..Default::default()
        });
        let refill = (now.0 - spam.last.0).max(0) * 1000 / SPAM_REFILL_MS;
        if refill > 0 {
            spam.milli_tokens = (spam.milli_tokens + refill).min(SPAM_BURST * 1000);
            spam.last = now;
        }
        let accepted = spam.milli_tokens >= 1000;
        if accepted {
            spam.milli_tokens -= 1000;
        }
        if let Some((name, _)) = &observed {
            c.recorder
                .by_key
                .insert(ckey.clone(), (name.clone(), count));
        }
        if !accepted {
            // Filtered by the spam filter: counted, never written.
            cx.events.pop();
            return;
        }
        if let Some((name, _)) = observed
            && let Some(existing) = c.get(Kind::Event, &ns, &name)
            && let Some(ev) = existing.as_event()
        {
            let mut ev = ev.clone();
            ev.count = Some(count);
            ev.message = Some(message);
            ev.last_timestamp = Some(now.to_k8s());
            let _ = c.api_update(cx, Object::from(ev), false, false);
            return;
        }
        let name = c.event_name(&e);
        // The spec is consumed here: move its parts into the Event instead of copying them.
        let reporting_instance = e.host.clone().unwrap_or_default();
        let event = Event {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(ns),
                ..Default::default()
            },
            involved_object: e.involved,
            reason: Some(e.reason),
            message: Some(message),
            source: Some(EventSource {
                component: Some(e.component.clone()),
                host: e.host,
            }),
            first_timestamp: Some(now.to_k8s()),
            last_timestamp: Some(now.to_k8s()),
            count: Some(1),
            type_: Some(e.ty.to_string()),
            action: e.action,
            reporting_component: Some(e.component),
            reporting_instance: Some(reporting_instance),
            ..Default::default()
        };
        if c.api_create(cx, Object::from(event), false).is_ok() {
            c.recorder.by_key.insert(ckey, (name.into(), 1));
        }
    }

    /// events.k8s.io/v1 recording (`k8s.io/client-go/tools/events`): the first occurrence is
    /// created with `eventTime`; the second turns it into a series (`series.count: 2`); later
    /// ones only count up in the recorder until its 30-minute refresh (not modelled: they are
    /// not written).
    fn write_series(
        &mut self,
        cx: &mut StepCtx,
        e: EventSpec,
        ns: String,
        ckey: crate::events::CorrKey,
    ) {
        let c = self;
        let now = c.now;
        if let Some((name, n)) = c.recorder.by_key.get_mut(&ckey) {
            // The recorder's count of this series (the first occurrence created it with 1).
            *n += 1;
            let (name, n) = (name.clone(), *n);
            if n == 2
                && let Some(existing) = c.get(Kind::Event, &ns, &name)
                && let Some(ev) = existing.as_event()
            {
                let mut ev = ev.clone();
                ev.series = Some(Box::new(k8s_openapi::api::core::v1::EventSeries {
                    count: Some(2),
                    last_observed_time: Some(now.to_k8s_micro()),
                }));
                let _ = c.api_update(cx, Object::from(ev), false, false);
            }
            return;
        }
        let name = c.event_name(&e);
        let event = Event {
            metadata: ObjectMeta {
                name: Some(name.clone()),
                namespace: Some(ns),
                ..Default::default()
            },
            involved_object: e.involved.clone(),
            reason: Some(e.reason.clone()),
            message: Some(e.message.clone()),
            source: Some(EventSource::default()),
            event_time: Some(now.to_k8s_micro()),
            type_: Some(e.ty.to_string()),
            action: e.action.clone(),
            reporting_component: Some(e.component.clone()),
            reporting_instance: Some(format!(
                "{}-{}",
                e.component,
                e.host.clone().unwrap_or_else(|| "control-plane".into())
            )),
            ..Default::default()
        };
        if c.api_create(cx, Object::from(event), false).is_ok() {
            c.recorder.by_key.insert(ckey, (name.into(), 1));
        }
    }

    /// `<object>.<hex nanoseconds>`, as client-go names events; a counter keeps two events
    /// of the same virtual millisecond apart.
    fn event_name(&mut self, e: &EventSpec) -> String {
        self.recorder.nanos = self.recorder.nanos.wrapping_add(1);
        let nanos = self.now.unix_nanos() as u64 + self.recorder.nanos % 1_000_000;
        format!(
            "{}.{:x}",
            e.involved.name.as_deref().unwrap_or("unknown"),
            nanos
        )
    }
}

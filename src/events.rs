//! The event recorder (client-go `tools/record`): core/v1 Events written through the API
//! server, named `<object>.<hex nanoseconds>`, with identical events aggregated into one
//! object whose `count` grows (`events_cache.go` EventCorrelator).

use std::collections::HashMap;

use k8s_openapi::api::core::v1::{Event, EventSource, ObjectReference};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::cluster::{Cluster, EventRec, StepCtx};
use crate::object::{Kind, ObjKey, Object};

/// An event to record.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    pub involved: ObjectReference,
    /// `Normal` or `Warning`.
    pub ty: &'static str,
    pub reason: String,
    pub message: String,
    /// `source.component` (`deployment-controller`, `kubelet`, `default-scheduler`).
    pub component: String,
    /// `source.host` (kubelet's node).
    pub host: Option<String>,
    /// `action` (events.k8s.io), e.g. `Binding` for Scheduled.
    pub action: Option<String>,
    /// Recorded through the events.k8s.io/v1 API (`tools/events`, as kube-scheduler does):
    /// `eventTime` and `series` instead of first/last timestamps and `count`.
    pub series_api: bool,
}

impl EventSpec {
    pub fn new(
        obj: &Object,
        ty: &'static str,
        reason: &str,
        message: String,
        component: &str,
    ) -> EventSpec {
        EventSpec {
            involved: object_ref(obj, None),
            ty,
            reason: reason.to_string(),
            message,
            component: component.to_string(),
            host: None,
            action: None,
            series_api: false,
        }
    }
}

/// An ObjectReference to `obj` (`reference.GetReference`), optionally to one container.
pub fn object_ref(obj: &Object, field_path: Option<String>) -> ObjectReference {
    let m = obj.meta();
    ObjectReference {
        api_version: Some(obj.kind().api_version().to_string()),
        kind: Some(obj.kind().name().to_string()),
        name: m.name.clone(),
        namespace: m.namespace.clone(),
        uid: m.uid.clone(),
        resource_version: m.resource_version.clone(),
        field_path,
    }
}

/// Aggregation state: correlation key → event name (and, for events.k8s.io series, the
/// number of occurrences not yet written).
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    /// Correlation key → (event name, occurrences so far).
    by_key: HashMap<String, (String, i32)>,
    aggregates: HashMap<String, Aggregate>,
    spam: HashMap<String, Bucket>,
    series_seen: HashMap<String, i32>,
    /// Nanosecond offset so two events in the same virtual millisecond get distinct names.
    nanos: u64,
}

/// Distinct messages of one aggregate group within the interval.
#[derive(Clone, Debug, Default)]
struct Aggregate {
    local_keys: std::collections::BTreeSet<String>,
    last: crate::time::SimTime,
}

/// A token bucket of the spam filter, in thousandths of a token.
#[derive(Clone, Debug)]
struct Bucket {
    milli_tokens: i64,
    last: crate::time::SimTime,
}

/// Write (or aggregate) an event now, as part of the current step.
pub fn write(c: &mut Cluster, cx: &mut StepCtx, e: EventSpec) {
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
        ty: e.ty.to_string(),
        reason: e.reason.clone(),
        object,
        message: e.message.clone(),
    });
    let ckey = correlation_key(&e);
    let now = c.now;
    if e.series_api {
        return write_series(c, cx, e, ns, ckey);
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
    let spam = c.recorder.spam.entry(spam_key(&e)).or_insert(Bucket {
        milli_tokens: SPAM_BURST * 1000,
        last: now,
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
    c.recorder.nanos = c.recorder.nanos.wrapping_add(1);
    let nanos = now.unix_nanos() as u64 + c.recorder.nanos % 1_000_000;
    let name = format!(
        "{}.{:x}",
        e.involved.name.as_deref().unwrap_or("unknown"),
        nanos
    );
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
        c.recorder.by_key.insert(ckey, (name, 1));
    }
}

/// Keys of client-go's correlator (`events_cache.go`), all built from the source and the
/// involved object: `getSpamKey` is just that; `EventAggregatorByReasonFunc` adds type and
/// reason; `getEventKey` adds the field path, type, reason and message.
fn key_of(e: &EventSpec, extra: &[&str]) -> String {
    let r = &e.involved;
    let base = [
        e.component.as_str(),
        e.host.as_deref().unwrap_or(""),
        r.kind.as_deref().unwrap_or(""),
        r.namespace.as_deref().unwrap_or(""),
        r.name.as_deref().unwrap_or(""),
        r.uid.as_deref().unwrap_or(""),
        r.api_version.as_deref().unwrap_or(""),
    ];
    base.iter()
        .chain(extra)
        .copied()
        .collect::<Vec<_>>()
        .join("\u{1}")
}

fn spam_key(e: &EventSpec) -> String {
    key_of(e, &[])
}

fn aggregate_key(e: &EventSpec) -> String {
    key_of(e, &[e.ty, &e.reason])
}

fn correlation_key(e: &EventSpec) -> String {
    key_of(
        e,
        &[
            e.involved.field_path.as_deref().unwrap_or(""),
            e.ty,
            &e.reason,
            &e.message,
        ],
    )
}

const AGGREGATE_MAX_EVENTS: usize = 10;
const AGGREGATE_INTERVAL_MS: i64 = 600_000;
const SPAM_BURST: i64 = 25;
const SPAM_REFILL_MS: i64 = 300_000;

/// events.k8s.io/v1 recording (`k8s.io/client-go/tools/events`): the first occurrence is
/// created with `eventTime`; the second turns it into a series (`series.count: 2`); later
/// ones only count up in the recorder until its 30-minute refresh (not modelled: they are
/// not written).
fn write_series(c: &mut Cluster, cx: &mut StepCtx, e: EventSpec, ns: String, ckey: String) {
    let now = c.now;
    if let Some((name, _)) = c.recorder.by_key.get(&ckey).cloned() {
        let n = c.recorder.series_seen.entry(ckey).or_insert(1);
        *n += 1;
        if *n == 2
            && let Some(existing) = c.get(Kind::Event, &ns, &name)
            && let Some(ev) = existing.as_event()
        {
            let mut ev = ev.clone();
            ev.series = Some(k8s_openapi::api::core::v1::EventSeries {
                count: Some(2),
                last_observed_time: Some(now.to_k8s_micro()),
            });
            let _ = c.api_update(cx, Object::from(ev), false, false);
        }
        return;
    }
    c.recorder.nanos = c.recorder.nanos.wrapping_add(1);
    let nanos = now.unix_nanos() as u64 + c.recorder.nanos % 1_000_000;
    let name = format!(
        "{}.{:x}",
        e.involved.name.as_deref().unwrap_or("unknown"),
        nanos
    );
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
        c.recorder.by_key.insert(ckey, (name, 1));
    }
}

/// Events whose involvedObject is `key` (by uid when known), oldest first.
pub fn events_for(c: &Cluster, key: &ObjKey, uid: Option<&str>) -> Vec<Event> {
    let ns = if key.namespace.is_empty() {
        "default"
    } else {
        key.namespace.as_str()
    };
    let mut out: Vec<Event> = c
        .store
        .list(Kind::Event, Some(ns))
        .into_iter()
        .filter_map(|o| o.as_event().cloned())
        .filter(|e| {
            let r = &e.involved_object;
            match (uid, r.uid.as_deref()) {
                (Some(u), Some(ru)) => u == ru,
                _ => {
                    r.kind.as_deref() == Some(key.kind.name())
                        && r.name.as_deref() == Some(key.name.as_str())
                }
            }
        })
        .collect();
    out.sort_by_key(|e| {
        e.first_timestamp
            .as_ref()
            .map(crate::time::SimTime::from_k8s)
            .unwrap_or_default()
    });
    out
}

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

/// Aggregation state: correlation key → event name.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    by_key: HashMap<String, String>,
    /// Nanosecond offset so two events in the same virtual millisecond get distinct names.
    nanos: u64,
}

fn correlation_key(e: &EventSpec) -> String {
    let r = &e.involved;
    format!(
        "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}\u{1}{}",
        e.component,
        e.host.as_deref().unwrap_or(""),
        r.kind.as_deref().unwrap_or(""),
        r.namespace.as_deref().unwrap_or(""),
        r.name.as_deref().unwrap_or(""),
        r.uid.as_deref().unwrap_or(""),
        r.field_path.as_deref().unwrap_or(""),
        e.ty,
        e.reason,
        e.message
    )
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
    if let Some(name) = c.recorder.by_key.get(&ckey).cloned()
        && let Some(existing) = c.get(Kind::Event, &ns, &name)
        && let Some(ev) = existing.as_event()
    {
        let mut ev = ev.clone();
        ev.count = Some(ev.count.unwrap_or(1) + 1);
        ev.last_timestamp = Some(now.to_k8s());
        let _ = c.api_update(cx, Object::Event(ev), false, false);
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
        message: Some(e.message),
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
    if c.api_create(cx, Object::Event(event), false).is_ok() {
        c.recorder.by_key.insert(ckey, name);
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

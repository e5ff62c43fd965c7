//! `events.k8s.io/v1` Events: the same stored objects as core/v1 Events, seen through
//! `pkg/apis/events/v1/conversion.go` (field by field: `regarding` is `involvedObject`, `note`
//! is `message`, `reportingController` is `reportingComponent`, and the core-only fields are
//! `deprecated…`), plus the strict validation of events created through this API
//! (`pkg/apis/core/validation/events.go` ValidateEventCreate).

use serde_json::{Map, Value, json};

use super::validation::FieldError;

/// `events.k8s.io/v1` field labels for field selectors, and the core ones they stand for
/// (`AddFieldLabelConversionsForEvent` of `pkg/apis/events/v1`).
pub const FIELD_LABELS: &[(&str, &str)] = &[
    ("reason", "reason"),
    ("regarding.kind", "involvedObject.kind"),
    ("regarding.namespace", "involvedObject.namespace"),
    ("regarding.name", "involvedObject.name"),
    ("regarding.uid", "involvedObject.uid"),
    ("regarding.apiVersion", "involvedObject.apiVersion"),
    (
        "regarding.resourceVersion",
        "involvedObject.resourceVersion",
    ),
    ("regarding.fieldPath", "involvedObject.fieldPath"),
    ("reportingController", "reportingComponent"),
    ("type", "type"),
    ("metadata.namespace", "metadata.namespace"),
    ("metadata.name", "metadata.name"),
];

/// An events.k8s.io field selector in core field labels; `Err(label)` for a label that API
/// does not have (`field label not supported: LABEL`).
pub fn core_selector(sel: &str) -> Result<String, String> {
    let mut terms = vec![];
    for term in sel.split(',').filter(|t| !t.is_empty()) {
        let Some((op, at)) = ["!=", "==", "="]
            .iter()
            .find_map(|op| term.find(op).map(|i| (*op, i)))
        else {
            // Not a term: left for the selector parser to refuse.
            terms.push(term.to_string());
            continue;
        };
        let label = term[..at].trim();
        let core = FIELD_LABELS
            .iter()
            .find(|(v1, _)| *v1 == label)
            .map(|(_, c)| *c)
            .ok_or_else(|| label.to_string())?;
        terms.push(format!("{}{}{}", core, op, &term[at + op.len()..]));
    }
    Ok(terms.join(","))
}

fn non_empty_str(v: Option<&Value>) -> Option<Value> {
    v.filter(|x| x.as_str().is_some_and(|s| !s.is_empty()))
        .cloned()
}

/// A core/v1 Event (as JSON) as `events.k8s.io/v1` writes it, with Go's encoding of that
/// struct: `eventTime` and the deprecated timestamps always written (null when zero), an
/// empty `deprecatedSource` as `{}`, empty strings and a zero count left out.
pub fn to_v1(core: &Value) -> Value {
    let Value::Object(c) = core else {
        return core.clone();
    };
    let mut m = Map::new();
    m.insert("apiVersion".into(), json!("events.k8s.io/v1"));
    m.insert("kind".into(), json!("Event"));
    if let Some(md) = c.get("metadata") {
        m.insert("metadata".into(), md.clone());
    }
    m.insert(
        "eventTime".into(),
        c.get("eventTime").cloned().unwrap_or(Value::Null),
    );
    if let Some(s) = c.get("series").filter(|s| !s.is_null()) {
        m.insert("series".into(), s.clone());
    }
    for (from, to) in [
        ("reportingComponent", "reportingController"),
        ("reportingInstance", "reportingInstance"),
        ("action", "action"),
        ("reason", "reason"),
    ] {
        if let Some(v) = non_empty_str(c.get(from)) {
            m.insert(to.into(), v);
        }
    }
    m.insert(
        "regarding".into(),
        c.get("involvedObject").cloned().unwrap_or(json!({})),
    );
    if let Some(r) = c.get("related").filter(|r| !r.is_null()) {
        m.insert("related".into(), r.clone());
    }
    for (from, to) in [("message", "note"), ("type", "type")] {
        if let Some(v) = non_empty_str(c.get(from)) {
            m.insert(to.into(), v);
        }
    }
    m.insert(
        "deprecatedSource".into(),
        c.get("source")
            .filter(|s| !s.is_null())
            .cloned()
            .unwrap_or(json!({})),
    );
    for (from, to) in [
        ("firstTimestamp", "deprecatedFirstTimestamp"),
        ("lastTimestamp", "deprecatedLastTimestamp"),
    ] {
        m.insert(to.into(), c.get(from).cloned().unwrap_or(Value::Null));
    }
    if let Some(n) = c
        .get("count")
        .filter(|n| n.as_i64().is_some_and(|n| n != 0))
    {
        m.insert("deprecatedCount".into(), n.clone());
    }
    Value::Object(m)
}

/// The top-level fields of the `events.k8s.io/v1` Event type.
const V1_FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "eventTime",
    "series",
    "reportingController",
    "reportingInstance",
    "action",
    "reason",
    "regarding",
    "related",
    "note",
    "type",
    "deprecatedSource",
    "deprecatedFirstTimestamp",
    "deprecatedLastTimestamp",
    "deprecatedCount",
];

/// Top-level fields of a body that the `events.k8s.io/v1` Event does not have
/// (`involvedObject`, `message`, … are core/v1 names), as strict decoding names them.
pub fn unknown_fields(v1: &Value) -> Vec<String> {
    match v1 {
        Value::Object(m) => m
            .keys()
            .filter(|k| !V1_FIELDS.contains(&k.as_str()))
            .map(|k| format!("unknown field \"{}\"", k))
            .collect(),
        _ => vec![],
    }
}

/// An `events.k8s.io/v1` Event (as JSON) as the core/v1 Event it is stored as (fields the
/// events.k8s.io type does not have are dropped: see [`unknown_fields`]).
pub fn from_v1(v1: &Value) -> Value {
    let Value::Object(e) = v1 else {
        return v1.clone();
    };
    let mut m = Map::new();
    for (k, v) in e {
        let to = match k.as_str() {
            "apiVersion" => {
                m.insert("apiVersion".into(), json!("v1"));
                continue;
            }
            "regarding" => "involvedObject",
            "note" => "message",
            "reportingController" => "reportingComponent",
            "deprecatedSource" => "source",
            "deprecatedFirstTimestamp" => "firstTimestamp",
            "deprecatedLastTimestamp" => "lastTimestamp",
            "deprecatedCount" => "count",
            other if !V1_FIELDS.contains(&other) => continue,
            other => other,
        };
        m.insert(to.to_string(), v.clone());
    }
    Value::Object(m)
}

/// The rules an Event created through `events.k8s.io/v1` must also meet
/// (`ValidateEventCreate` past the legacy checks), on the converted core Event. The paths
/// are the core ones, as upstream reports them.
pub fn strict_create_errors(ev: &k8s_openapi::api::core::v1::Event) -> Vec<FieldError> {
    let mut errs = vec![];
    if let Some(s) = &ev.series {
        if s.count.unwrap_or(0) < 2 {
            errs.push(FieldError::invalid(
                "series.count",
                "\"\"",
                "should be at least 2",
            ));
        }
        if s.last_observed_time.is_none() {
            errs.push(FieldError::required("series.lastObservedTime", ""));
        }
    }
    if ev.event_time.is_none() {
        errs.push(FieldError::required("eventTime", ""));
    }
    let ty = ev.type_.as_deref().unwrap_or("");
    if ty != "Normal" && ty != "Warning" {
        errs.push(FieldError::invalid(
            "type",
            "\"\"",
            format!("has invalid value: {}", ty),
        ));
    }
    if ev.first_timestamp.is_some() {
        errs.push(FieldError::invalid(
            "firstTimestamp",
            "\"\"",
            "needs to be unset",
        ));
    }
    if ev.last_timestamp.is_some() {
        errs.push(FieldError::invalid(
            "lastTimestamp",
            "\"\"",
            "needs to be unset",
        ));
    }
    if ev.count.unwrap_or(0) != 0 {
        errs.push(FieldError::invalid("count", "\"\"", "needs to be unset"));
    }
    if ev.source.as_ref().is_some_and(|s| {
        !s.component.as_deref().unwrap_or("").is_empty()
            || !s.host.as_deref().unwrap_or("").is_empty()
    }) {
        errs.push(FieldError::invalid("source", "\"\"", "needs to be unset"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A core Event as the API writes it (Go's always-written fields included) and its
    /// events.k8s.io/v1 form, both ways.
    #[test]
    fn converts_both_ways() {
        let core = json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "web.1", "namespace": "default"},
            "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default"},
            "reason": "Pulled", "message": "Successfully pulled image", "type": "Normal",
            "source": {"component": "kubelet", "host": "worker-1"},
            "firstTimestamp": "2025-01-01T00:00:01Z", "lastTimestamp": "2025-01-01T00:00:01Z",
            "count": 1, "eventTime": null, "reportingComponent": "kubelet", "reportingInstance": "worker-1"
        });
        let v1 = to_v1(&core);
        assert_eq!(
            v1,
            json!({
                "apiVersion": "events.k8s.io/v1", "kind": "Event",
                "metadata": {"name": "web.1", "namespace": "default"},
                "eventTime": null,
                "reportingController": "kubelet", "reportingInstance": "worker-1",
                "reason": "Pulled",
                "regarding": {"kind": "Pod", "name": "web", "namespace": "default"},
                "note": "Successfully pulled image", "type": "Normal",
                "deprecatedSource": {"component": "kubelet", "host": "worker-1"},
                "deprecatedFirstTimestamp": "2025-01-01T00:00:01Z",
                "deprecatedLastTimestamp": "2025-01-01T00:00:01Z",
                "deprecatedCount": 1
            })
        );
        let back = from_v1(&v1);
        for k in [
            "involvedObject",
            "message",
            "reportingComponent",
            "source",
            "count",
            "firstTimestamp",
        ] {
            assert_eq!(back[k], core[k], "{}", k);
        }
        assert_eq!(back["apiVersion"], "v1");
        // The scheduler's events.k8s.io events: empty reporting fields left out, {} source.
        let sched = json!({"metadata": {}, "involvedObject": {}, "eventTime": "2025-01-01T00:00:00.000000Z",
            "reportingComponent": "", "reportingInstance": "", "source": {}, "firstTimestamp": null, "lastTimestamp": null});
        let v = to_v1(&sched);
        assert!(v.get("reportingController").is_none());
        assert_eq!(v["deprecatedSource"], json!({}));
        assert_eq!(v["deprecatedLastTimestamp"], Value::Null);
        assert!(v.get("deprecatedCount").is_none());
    }

    /// `ValidateEventCreate` for events.k8s.io/v1 (validation/events.go).
    #[test]
    fn strict_validation_table() {
        use k8s_openapi::api::core::v1::{Event, EventSeries, EventSource};
        use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};
        let t = crate::time::SimTime(0);
        let ok = Event {
            event_time: Some(MicroTime(t.to_k8s_micro().0)),
            type_: Some("Normal".into()),
            ..Default::default()
        };
        assert!(strict_create_errors(&ok).is_empty());
        let fields = |e: &Event| -> Vec<String> {
            strict_create_errors(e)
                .into_iter()
                .map(|x| format!("{}: {}", x.field, x.detail))
                .collect()
        };
        let bad = Event {
            type_: Some("Info".into()),
            first_timestamp: Some(Time(t.to_k8s().0)),
            count: Some(2),
            source: Some(EventSource {
                component: Some("x".into()),
                host: None,
            }),
            series: Some(Box::new(EventSeries {
                count: Some(1),
                last_observed_time: None,
            })),
            ..Default::default()
        };
        assert_eq!(
            fields(&bad),
            [
                "series.count: should be at least 2",
                "series.lastObservedTime: ",
                "eventTime: ",
                "type: has invalid value: Info",
                "firstTimestamp: needs to be unset",
                "count: needs to be unset",
                "source: needs to be unset",
            ]
        );
    }
}

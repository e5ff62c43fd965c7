//! `/apis/events.k8s.io/v1/…/events`: the stored core/v1 Events served as events.k8s.io/v1
//! (`crate::apiserver::events_v1` converts). Requests are converted to the core form and
//! handled as core ones; JSON answers are converted back. Creations meet the stricter
//! events.k8s.io validation; field selectors use that API's field labels.

use serde_json::Value;

use super::*;
use crate::apiserver::events_v1::{from_v1, strict_create_errors, to_v1};

/// Handle a request to the events.k8s.io/v1 resource.
pub(super) fn handle(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    accept: &str,
    rp: ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let q = match core_field_selector(q) {
        Ok(q) => q,
        Err(s) => return s.into(),
    };
    let reply = match (req.method.as_str(), rp.name.is_some()) {
        ("POST", false) | ("PUT", true) => {
            let v = match body_value(req, "Event") {
                Ok(v) => v,
                Err(s) => return s.into(),
            };
            if let Some(s) = type_mismatch(&v) {
                return s.into();
            }
            let warnings = match unknown_checked(&v, &q) {
                Ok(w) => w,
                Err(s) => return s.into(),
            };
            if req.method == "POST"
                && let Some(s) = strict_invalid(&v, rp.name.as_deref(), rp.namespace.as_deref())
            {
                return s.into();
            }
            let mut core = req.clone();
            core.content_type = Some("application/json".into());
            core.body = from_v1(&v).to_string().into_bytes();
            with_warnings(resource_core(e, &core, &q, accept, rp, out), warnings)
        }
        ("PATCH", true) => return patch_v1(e, req, &q, accept, rp, out),
        _ => resource_core(e, req, &q, accept, rp, out),
    };
    convert_reply(reply)
}

/// A body whose apiVersion or kind is not events.k8s.io/v1 Event (400, the apiserver's
/// texts).
fn type_mismatch(v: &Value) -> Option<Status> {
    if let Some(av) = v.get("apiVersion").and_then(Value::as_str)
        && av != "events.k8s.io/v1"
    {
        return Some(Status::bad_request(format!(
            "the API version in the data ({}) does not match the expected API version (events.k8s.io/v1)",
            av
        )));
    }
    if let Some(k) = v.get("kind").and_then(Value::as_str)
        && k != "Event"
    {
        return Some(Status::bad_request(format!(
            "the kind in the data ({}) does not match the expected kind (Event)",
            k
        )));
    }
    None
}

/// Unknown top-level fields under `fieldValidation`: Strict refuses them (400), Warn
/// returns them as warnings, Ignore drops them.
fn unknown_checked(v: &Value, q: &Query) -> Result<Vec<String>, Status> {
    let unknown = crate::apiserver::events_v1::unknown_fields(v);
    match field_validation(q)? {
        Validation::Strict if !unknown.is_empty() => Err(Status::bad_request(
            crate::apiserver::decode::strict_error_server_message(Kind::Event, &unknown),
        )),
        Validation::Warn => Ok(unknown),
        _ => Ok(vec![]),
    }
}

/// Add warnings to a successful answer.
fn with_warnings(reply: Reply, warnings: Vec<String>) -> Reply {
    match reply {
        Reply::Done(mut r) if r.code < 300 => {
            r.warnings.extend(warnings);
            Reply::Done(r)
        }
        other => other,
    }
}

/// `ValidateEventCreate`'s events.k8s.io/v1 rules, as a 422 (`Event.events.k8s.io "NAME" is
/// invalid: …`).
fn strict_invalid(v: &Value, path_name: Option<&str>, path_ns: Option<&str>) -> Option<Status> {
    let core = from_v1(v);
    let mut ev: k8s_openapi::api::core::v1::Event = serde_json::from_value(core).ok()?;
    if ev.metadata.namespace.as_deref().unwrap_or("").is_empty() {
        ev.metadata.namespace = Some(path_ns.unwrap_or("default").to_string());
    }
    // Every Event meets the legacy rules first, then these.
    let mut errs =
        crate::apiserver::validation::validate_create(&crate::object::Object::from(ev.clone()));
    errs.extend(strict_create_errors(&ev));
    if errs.is_empty() {
        return None;
    }
    let name = ev
        .metadata
        .name
        .clone()
        .or(path_name.map(String::from))
        .unwrap_or_default();
    Some(Status::invalid("Event", "events.k8s.io", &name, &errs))
}

/// The query with an events.k8s.io field selector in core field labels (400 for a label
/// that API does not have: `field label not supported: …`).
fn core_field_selector(q: &Query) -> Result<Query, Status> {
    let Some(sel) = q.get("fieldSelector").filter(|s| !s.is_empty()) else {
        return Ok(q.clone());
    };
    match crate::apiserver::events_v1::core_selector(sel) {
        Ok(core) => Ok(q.clone_with("fieldSelector", &core)),
        Err(label) => Err(Status::bad_request(format!(
            "field label not supported: {}",
            label
        ))),
    }
}

/// Convert a JSON answer about core Events to events.k8s.io/v1 (Tables and Statuses stay).
fn convert_reply(reply: Reply) -> Reply {
    let Reply::Done(mut r) = reply else {
        return reply;
    };
    let Ok(mut v) = serde_json::from_slice::<Value>(&r.body) else {
        return Reply::Done(r);
    };
    match v.get("kind").and_then(Value::as_str) {
        Some("Event") => v = to_v1(&v),
        Some("EventList") => {
            if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
                for it in items.iter_mut() {
                    *it = to_v1(it);
                }
            }
            v["apiVersion"] = "events.k8s.io/v1".into();
        }
        _ => return Reply::Done(r),
    }
    r.body = v.to_string().into_bytes();
    Reply::Done(r)
}

/// PATCH on the events.k8s.io form: the current object converted, patched as the client
/// meant it, converted back and written as an update (with the resourceVersion read, so a
/// concurrent change is a conflict).
fn patch_v1(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    accept: &str,
    rp: ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let Some(pt) = req
        .content_type
        .as_deref()
        .and_then(PatchType::from_content_type)
    else {
        return Status::unsupported_media_type().into();
    };
    let cur = match current(e, &rp) {
        Ok(o) => to_v1(&o.to_value()),
        Err(s) => return s.into(),
    };
    let body: Value = match serde_json::from_slice(&req.body) {
        Ok(v) => v,
        Err(err) => return Status::bad_request(format!("error decoding patch: {}", err)).into(),
    };
    let patched = match pt {
        PatchType::Merge => patch::merge_patch(&cur, &body),
        PatchType::Json => match patch::decode_json_patch(&body)
            .and_then(|ops| patch::apply_json_patch(&cur, &ops).map_err(Status::bad_request))
        {
            Ok(v) => v,
            Err(s) => return s.into(),
        },
        // events.k8s.io's Event has no list merge keys: a strategic patch merges as JSON
        // merge does, $-directives aside.
        PatchType::Strategic => match patch::strategic(Kind::Event, &cur, &body) {
            Ok(v) => v,
            Err(err) => return patch::smp_error_status(&err).into(),
        },
        PatchType::Apply => {
            return Status::new(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (kubestep does not implement server-side apply yet)",
            )
            .into();
        }
    };
    if let Some(s) = type_mismatch(&patched) {
        return s.into();
    }
    let warnings = match unknown_checked(&patched, q) {
        Ok(w) => w,
        Err(s) => return s.into(),
    };
    let mut put = req.clone();
    put.method = "PUT".into();
    put.content_type = Some("application/json".into());
    put.body = from_v1(&patched).to_string().into_bytes();
    convert_reply(with_warnings(
        resource_core(e, &put, q, accept, rp, out),
        warnings,
    ))
}

//! `/apis/events.k8s.io/v1/…/events`: the stored core/v1 Events served as events.k8s.io/v1
//! (`crate::apiserver::events_v1` converts). Requests are converted to the core form and
//! handled as core ones; JSON answers are converted back. Creations meet the stricter
//! events.k8s.io validation; field selectors use that API's field labels.

use serde_json::Value;

use super::convert::{Served, with_warnings};
use super::*;
use crate::apiserver::events_v1::{from_v1, strict_create_errors, to_v1};

/// events.k8s.io/v1 Events, stored as core/v1 ones.
const EVENTS: Served = Served {
    api_version: "events.k8s.io/v1",
    kind: "Event",
    to_served: to_v1,
    to_stored: from_v1,
    // events.k8s.io's Event has no list merge keys: a strategic patch merges as JSON merge
    // does, $-directives aside.
    smp_kind: Kind::Event,
};

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
            if let Some(s) = EVENTS.mismatch(&v) {
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
            let core = EVENTS.stored_request(req, &v);
            with_warnings(resource_core(e, &core, &q, accept, rp, out), warnings)
        }
        ("PATCH", true) => {
            return EVENTS.patch(e, req, &q, accept, rp, out, |v| unknown_checked(v, &q));
        }
        _ => resource_core(e, req, &q, accept, rp, out),
    };
    EVENTS.convert_reply(reply)
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

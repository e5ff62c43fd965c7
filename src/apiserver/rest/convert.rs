//! A resource served in a second version, converted from the stored one: events.k8s.io/v1
//! Events (stored as core/v1) and autoscaling/v1 HorizontalPodAutoscalers (stored as
//! autoscaling/v2). Requests are converted to the stored form and handled as such; JSON
//! answers are converted back; a PATCH applies to the served form (read, convert, patch,
//! convert back, update with the resourceVersion read), as the apiserver patches in the
//! request's version.

use serde_json::Value;

use super::*;

/// The served version of a kind and its converters.
pub(super) struct Served {
    /// `events.k8s.io/v1`.
    pub api_version: &'static str,
    /// `Event`.
    pub kind: &'static str,
    /// Stored JSON → served JSON.
    pub to_served: fn(&Value) -> Value,
    /// Served JSON → stored JSON.
    pub to_stored: fn(&Value) -> Value,
    /// Whose patch metadata a strategic merge patch on the served form uses.
    pub smp_kind: Kind,
}

impl Served {
    /// A body whose apiVersion or kind is not the served one (400, the apiserver's texts).
    pub fn mismatch(&self, v: &Value) -> Option<Status> {
        if let Some(av) = v.get("apiVersion").and_then(Value::as_str)
            && av != self.api_version
        {
            return Some(Status::bad_request(format!(
                "the API version in the data ({}) does not match the expected API version ({})",
                av, self.api_version
            )));
        }
        if let Some(k) = v.get("kind").and_then(Value::as_str)
            && k != self.kind
        {
            return Some(Status::bad_request(format!(
                "the kind in the data ({}) does not match the expected kind ({})",
                k, self.kind
            )));
        }
        None
    }

    /// Convert a JSON answer about the kind (an object or a list) to the served version;
    /// Tables and Statuses stay.
    #[allow(irrefutable_let_patterns)]
    pub fn convert_reply(&self, reply: Reply) -> Reply {
        let Reply::Done(mut r) = reply else {
            return reply;
        };
        let Ok(mut v) = serde_json::from_slice::<Value>(&r.body) else {
            return Reply::Done(r);
        };
        let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
        if kind == self.kind {
            v = (self.to_served)(&v);
        } else if kind.strip_suffix("List") == Some(self.kind) {
            if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
                for it in items.iter_mut() {
                    *it = (self.to_served)(it);
                }
            }
            v["apiVersion"] = self.api_version.into();
        } else {
            return Reply::Done(r);
        }
        r.body = v.to_string().into_bytes();
        Reply::Done(r)
    }

    /// A request body in the served form as a stored-form request.
    pub fn stored_request(&self, req: &Request, served: &Value) -> Request {
        let mut core = req.clone();
        core.content_type = Some("application/json".into());
        core.body = (self.to_stored)(served).to_string().into_bytes();
        core
    }

    /// PATCH on the served form. `check` looks at the patched object first (its warnings,
    /// or a refusal).
    #[allow(clippy::too_many_arguments)]
    pub fn patch(
        &self,
        e: &mut Engine,
        req: &Request,
        q: &Query,
        accept: &str,
        rp: ResourcePath,
        out: &mut ExecOutput,
        check: impl Fn(&Value) -> Result<Vec<String>, Status>,
    ) -> Reply {
        let Some(pt) = req
            .content_type
            .as_deref()
            .and_then(PatchType::from_content_type)
        else {
            return Status::unsupported_media_type().into();
        };
        let cur = match current(e, &rp) {
            Ok(o) => (self.to_served)(&o.to_value()),
            Err(s) => return s.into(),
        };
        let body: Value = match serde_json::from_slice(&req.body) {
            Ok(v) => v,
            Err(err) => {
                return Status::bad_request(format!("error decoding patch: {}", err)).into();
            }
        };
        let patched = match pt {
            PatchType::Merge => patch::merge_patch(&cur, &body),
            PatchType::Json => match patch::decode_json_patch(&body)
                .and_then(|ops| patch::apply_json_patch(&cur, &ops).map_err(Status::bad_request))
            {
                Ok(v) => v,
                Err(s) => return s.into(),
            },
            PatchType::Strategic => match patch::strategic(self.smp_kind, &cur, &body) {
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
        if let Some(s) = self.mismatch(&patched) {
            return s.into();
        }
        let warnings = match check(&patched) {
            Ok(w) => w,
            Err(s) => return s.into(),
        };
        let mut put = self.stored_request(req, &patched);
        put.method = "PUT".into();
        self.convert_reply(with_warnings(
            resource_core(e, &put, q, accept, rp, out),
            warnings,
        ))
    }
}

/// Add warnings to a successful answer.
pub(super) fn with_warnings(reply: Reply, warnings: Vec<String>) -> Reply {
    match reply {
        Reply::Done(mut r) if r.code < 300 => {
            r.warnings.extend(warnings);
            Reply::Done(r)
        }
        other => other,
    }
}

//! `metav1.Status` errors, shaped as the API server sends them
//! (`staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go`), so that any client —
//! kubectl printing `Error from server (NotFound): …`, client-go, the Python client —
//! reads them as it reads a real cluster's.

use serde_json::{Value, json};

use crate::apiserver::validation::FieldError;
use crate::object::Kind;
use crate::runtime::api::ApiError;

use super::Response;

/// A failure Status: HTTP code, reason, message and optional details.
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub code: u16,
    /// `NotFound`, `AlreadyExists`, … ("" for StatusReasonUnknown).
    pub reason: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl Status {
    pub fn new(code: u16, reason: &'static str, message: impl Into<String>) -> Status {
        Status {
            code,
            reason,
            message: message.into(),
            details: None,
        }
    }

    pub(crate) fn with_details(mut self, d: Value) -> Status {
        self.details = Some(d);
        self
    }

    /// 404 for a path the server does not serve (`the server could not find the requested
    /// resource`).
    pub fn no_route() -> Status {
        Status::new(
            404,
            "NotFound",
            "the server could not find the requested resource",
        )
        .with_details(json!({}))
    }

    /// `NewNotFound`.
    pub fn not_found(kind: Kind, name: &str) -> Status {
        Status::new(
            404,
            "NotFound",
            format!("{} \"{}\" not found", kind.qualified_plural(), name),
        )
        .with_details(details(kind, name))
    }

    /// `NewBadRequest`.
    pub fn bad_request(message: impl Into<String>) -> Status {
        Status::new(400, "BadRequest", message)
    }

    /// `NewMethodNotSupported`.
    pub fn method_not_allowed(resource: &str, action: &str) -> Status {
        Status::new(
            405,
            "MethodNotAllowed",
            format!(
                "{} is not supported on resources of kind {:?}",
                action, resource
            ),
        )
        .with_details(json!({"kind": resource}))
    }

    /// The generic 405 of a route that exists for no such method.
    pub fn method_not_allowed_generic() -> Status {
        Status::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource",
        )
        .with_details(json!({}))
    }

    /// 415 from the router (go-restful) for a body of an unsupported media type.
    pub fn unsupported_media_type() -> Status {
        Status::new(415, "UnsupportedMediaType", "415: Unsupported Media Type")
            .with_details(json!({}))
    }

    /// 406 for an `Accept` the server cannot produce.
    pub fn not_acceptable(accept: &str) -> Status {
        Status::new(
            406,
            "NotAcceptable",
            format!(
                "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {})",
                accept
            ),
        )
    }

    /// 413 for a body over the limit (`apiserver/pkg/endpoints/handlers/rest.go limitedReadBody`).
    pub fn too_large(limit: usize) -> Status {
        Status::new(
            413,
            "RequestEntityTooLarge",
            format!("Request entity too large: limit is {}", limit),
        )
    }

    /// 410 `Expired`: a watch or list from a compacted revision.
    pub fn expired(requested: i64, oldest: i64) -> Status {
        Status::new(
            410,
            "Expired",
            format!("too old resource version: {} ({})", requested, oldest),
        )
    }

    /// 429 without Retry-After (clients report it instead of retrying).
    pub fn too_many_requests(message: impl Into<String>) -> Status {
        Status::new(429, "TooManyRequests", message)
    }

    /// `NewInternalError`.
    pub fn internal(message: impl Into<String>) -> Status {
        Status::new(
            500,
            "InternalError",
            format!("Internal error occurred: {}", message.into()),
        )
    }

    /// 422 `Invalid` for `kind`/`name` with field errors (`NewInvalid`): the message lists
    /// the errors (one plainly, several in brackets), `details.causes` has one per error.
    pub fn invalid(kind_name: &str, group: &str, name: &str, errs: &[FieldError]) -> Status {
        let qualified = if group.is_empty() {
            kind_name.to_string()
        } else {
            format!("{}.{}", kind_name, group)
        };
        let mut texts: Vec<String> = vec![];
        for e in errs {
            let t = e.to_string();
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        let list = match texts.len() {
            0 => String::new(),
            1 => format!(": {}", texts[0]),
            _ => format!(": [{}]", texts.join(", ")),
        };
        let causes: Vec<Value> = errs
            .iter()
            .map(|e| {
                json!({
                    "reason": e.kind.cause_type(),
                    "message": e.body(),
                    "field": e.field,
                })
            })
            .collect();
        let mut d = serde_json::Map::new();
        d.insert("name".into(), json!(name));
        if !group.is_empty() {
            d.insert("group".into(), json!(group));
        }
        d.insert("kind".into(), json!(kind_name));
        if !causes.is_empty() {
            d.insert("causes".into(), Value::Array(causes));
        }
        Status::new(
            422,
            "Invalid",
            format!("{} \"{}\" is invalid{}", qualified, name, list),
        )
        .with_details(Value::Object(d))
    }

    /// 422 with the generic text `NewGenericServerResponse` puts in place of the detail.
    pub fn invalid_generic() -> Status {
        Status::new(
            422,
            "Invalid",
            "the server rejected our request due to an error in our request",
        )
        .with_details(json!({}))
    }

    /// The Status as JSON.
    pub fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("kind".into(), json!("Status"));
        m.insert("apiVersion".into(), json!("v1"));
        m.insert("metadata".into(), json!({}));
        m.insert("status".into(), json!("Failure"));
        m.insert("message".into(), json!(self.message));
        if !self.reason.is_empty() {
            m.insert("reason".into(), json!(self.reason));
        }
        if let Some(d) = &self.details {
            m.insert("details".into(), d.clone());
        }
        m.insert("code".into(), json!(self.code));
        Value::Object(m)
    }

    pub fn response(&self) -> Response {
        Response::json(self.code, &self.to_value())
    }
}

/// A Success Status (`{"status":"Success","code":201}` for an eviction).
pub fn success(code: u16, details: Option<Value>) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("kind".into(), json!("Status"));
    m.insert("apiVersion".into(), json!("v1"));
    m.insert("metadata".into(), json!({}));
    m.insert("status".into(), json!("Success"));
    if let Some(d) = details {
        m.insert("details".into(), d);
    }
    m.insert("code".into(), json!(code));
    Value::Object(m)
}

fn details(kind: Kind, name: &str) -> Value {
    let mut d = serde_json::Map::new();
    d.insert("name".into(), json!(name));
    if !kind.group().is_empty() {
        d.insert("group".into(), json!(kind.group()));
    }
    d.insert("kind".into(), json!(kind.plural()));
    Value::Object(d)
}

impl From<&ApiError> for Status {
    fn from(e: &ApiError) -> Status {
        match e {
            ApiError::NotFound { kind, name } => Status::not_found(*kind, name),
            ApiError::AlreadyExists { kind, name } => Status::new(
                409,
                "AlreadyExists",
                format!("{} \"{}\" already exists", kind.qualified_plural(), name),
            )
            .with_details(details(*kind, name)),
            ApiError::Conflict { kind, name } => Status::new(
                409,
                "Conflict",
                format!(
                    "Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
                    kind.qualified_plural(),
                    name
                ),
            )
            .with_details(details(*kind, name)),
            ApiError::Invalid { kind, name, errors } => {
                Status::invalid(kind.name(), kind.group(), name, errors)
            }
            ApiError::BadRequest(m) => Status::bad_request(m.clone()),
            ApiError::Forbidden { kind, name, reason } => Status::new(
                403,
                "Forbidden",
                format!(
                    "{} \"{}\" is forbidden: {}",
                    kind.qualified_plural(),
                    name,
                    reason
                ),
            )
            .with_details(details(*kind, name)),
            ApiError::NamespaceTerminating {
                kind,
                name,
                namespace,
            } => {
                let mut d = details(*kind, name);
                d["causes"] = json!([{
                    "reason": "NamespaceTerminating",
                    "message": format!("namespace {} is being terminated", namespace),
                    "field": "metadata.namespace",
                }]);
                Status::new(
                    403,
                    "Forbidden",
                    format!(
                        "{} \"{}\" is forbidden: unable to create new content in namespace {} because it is being terminated",
                        kind.qualified_plural(),
                        name,
                        namespace
                    ),
                )
                .with_details(d)
            }
            ApiError::NamespaceNotFound(ns) => Status::new(
                404,
                "NotFound",
                format!("namespaces \"{}\" not found", ns),
            )
            .with_details(json!({"name": ns, "kind": "namespaces"})),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_lists_several_errors_in_brackets() {
        let errs = vec![
            FieldError::invalid("spec.replicas", "-1", "must be greater than or equal to 0"),
            FieldError::required("spec.template.spec.containers[0].image", ""),
        ];
        let s = Status::invalid("Deployment", "apps", "bad", &errs);
        assert_eq!(
            s.message,
            "Deployment.apps \"bad\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.spec.containers[0].image: Required value]"
        );
        let v = s.to_value();
        assert_eq!(v["code"], 422);
        assert_eq!(v["details"]["kind"], "Deployment");
        assert_eq!(v["details"]["causes"][1]["reason"], "FieldValueRequired");
        assert_eq!(v["details"]["causes"][1]["message"], "Required value");
        let one = Status::invalid("Pod", "", "p", &errs[..1]);
        assert_eq!(
            one.message,
            "Pod \"p\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
    }

    #[test]
    fn not_found_names_the_group_qualified_resource() {
        let s = Status::from(&ApiError::NotFound {
            kind: Kind::Deployment,
            name: "nope".into(),
        });
        assert_eq!(s.code, 404);
        assert_eq!(s.message, "deployments.apps \"nope\" not found");
        assert_eq!(
            s.to_value()["details"],
            json!({"name":"nope","group":"apps","kind":"deployments"})
        );
    }
}

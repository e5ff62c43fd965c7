//! kubectl's client half. The built-in commands send the requests kubectl v1.32 sends —
//! same verbs, paths, patch types and bodies — to the REST layer `kubestep serve` serves
//! ([`crate::apiserver::rest::handle`]), and print what kubectl prints for the answers,
//! Status errors included. One API layer, two front doors: the built-in kubectl and real
//! kubectl cannot drift apart on the server side.

use serde_json::Value;

use crate::apiserver::rest::{self, Reply, Request};
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;

/// `application/strategic-merge-patch+json`.
pub const SMP: &str = "application/strategic-merge-patch+json";
/// `application/merge-patch+json`.
pub const MERGE: &str = "application/merge-patch+json";
/// `application/json-patch+json`.
pub const JSON_PATCH: &str = "application/json-patch+json";

/// A failed request: the server's `metav1.Status` as JSON.
#[derive(Clone, Debug)]
pub struct Failure(pub Value);

impl Failure {
    /// The Status reason (`NotFound`, …; "" when unknown).
    pub fn reason(&self) -> &str {
        self.0.get("reason").and_then(Value::as_str).unwrap_or("")
    }

    /// The Status message.
    pub fn message(&self) -> &str {
        self.0.get("message").and_then(Value::as_str).unwrap_or("")
    }

    /// What kubectl prints for it (`cmdutil.CheckErr` → `StandardErrorMessage`, and
    /// `Invalid` errors spelled out cause by cause; `k8s.io/kubectl/pkg/cmd/util/helpers.go`).
    pub fn kubectl(&self) -> String {
        let reason = self.reason();
        if reason == "Invalid" {
            let mut s = "The request is invalid".to_string();
            let Some(d) = self.0.get("details").filter(|d| !d.is_null()) else {
                // No details: the server's message, if any.
                if !self.message().is_empty() {
                    s = format!("{}: {}", s, self.message());
                }
                return s;
            };
            let kind = d.get("kind").and_then(Value::as_str).unwrap_or("");
            let name = d.get("name").and_then(Value::as_str).unwrap_or("");
            let causes_v = d
                .get("causes")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            if !kind.is_empty() || !name.is_empty() {
                s = format!("The {} {:?} is invalid", kind, name);
            } else if !self.message().is_empty() && causes_v.is_empty() {
                s = format!("{}: {}", s, self.message());
            }
            // statusCausesToAggrError: "FIELD: MESSAGE" each, duplicates dropped.
            let mut causes: Vec<String> = vec![];
            for c in causes_v {
                let field = c.get("field").and_then(Value::as_str).unwrap_or("");
                let msg = c.get("message").and_then(Value::as_str).unwrap_or("");
                let t = format!("{}: {}", field, msg);
                if !causes.contains(&t) {
                    causes.push(t);
                }
            }
            return match causes.len() {
                0 => s,
                1 => format!("{}: {}", s, causes[0]),
                _ => {
                    let mut m = format!("{}: ", s);
                    for c in &causes {
                        m.push_str("\n* ");
                        m.push_str(c);
                    }
                    m
                }
            };
        }
        self.server_error(self.message())
    }

    /// `Error from server (REASON): MESSAGE` with another message (kubectl wraps some).
    pub fn server_error(&self, message: &str) -> String {
        match self.reason() {
            "" => format!("Error from server: {}", message),
            r => format!("Error from server ({}): {}", r, message),
        }
    }
}

/// The path of a collection or object: `/apis/apps/v1/namespaces/NS/deployments[/NAME[/SUB]]`.
pub fn path(kind: Kind, ns: &str, name: Option<&str>, sub: Option<&str>) -> String {
    let mut p = if kind.group().is_empty() {
        "/api/v1".to_string()
    } else {
        format!("/apis/{}", kind.api_version())
    };
    if kind.namespaced() {
        p.push_str("/namespaces/");
        p.push_str(&rest::query::percent_encode(ns));
    }
    p.push('/');
    p.push_str(kind.plural());
    if let Some(n) = name {
        p.push('/');
        p.push_str(&rest::query::percent_encode(n));
        if let Some(s) = sub {
            p.push('/');
            p.push_str(s);
        }
    }
    p
}

/// One request of one kubectl command (`cmd`, e.g. `kubectl scale`, names the client in
/// the step it causes).
pub struct Call<'a> {
    pub cmd: &'a str,
    pub method: &'a str,
    pub path: String,
    pub query: String,
    pub content_type: Option<&'a str>,
    pub body: Option<Value>,
}

impl<'a> Call<'a> {
    pub fn new(cmd: &'a str, method: &'a str, path: String) -> Call<'a> {
        Call {
            cmd,
            method,
            path,
            query: String::new(),
            content_type: None,
            body: None,
        }
    }

    pub fn query(mut self, q: impl Into<String>) -> Self {
        self.query = q.into();
        self
    }

    pub fn body(mut self, content_type: &'a str, body: Value) -> Self {
        self.content_type = Some(content_type);
        self.body = Some(body);
        self
    }

    /// Send it; the decoded answer, or the Status of a failure. `warnings` gets the
    /// `Warning` headers.
    pub fn send_warn(
        self,
        e: &mut Engine,
        out: &mut ExecOutput,
        warnings: &mut Vec<String>,
    ) -> Result<Value, Failure> {
        let req = Request {
            method: self.method.to_string(),
            path: self.path,
            query: self.query,
            content_type: self.content_type.map(str::to_string),
            accept: Some("application/json".to_string()),
            client: self.cmd.to_string(),
            body: self
                .body
                .map(|b| serde_json::to_vec(&b).unwrap_or_default())
                .unwrap_or_default(),
        };
        match rest::handle(e, &req, out) {
            Reply::Done(r) => {
                warnings.extend(r.warnings);
                let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
                if r.code >= 400 {
                    Err(Failure(v))
                } else {
                    Ok(v)
                }
            }
            // The built-in kubectl never asks for a watch.
            #[allow(unreachable_patterns)]
            _ => Err(Failure(Value::Null)),
        }
    }

    /// Send it and return the body as text (`pods/NAME/log`), or the Status of a failure.
    pub fn send_text(self, e: &mut Engine, out: &mut ExecOutput) -> Result<String, Failure> {
        let req = Request {
            method: self.method.to_string(),
            path: self.path,
            query: self.query,
            content_type: None,
            accept: Some("application/json, */*".to_string()),
            client: self.cmd.to_string(),
            body: vec![],
        };
        match rest::handle(e, &req, out) {
            Reply::Done(r) if r.code < 400 => Ok(String::from_utf8_lossy(&r.body).into_owned()),
            Reply::Done(r) => Err(Failure(
                serde_json::from_slice(&r.body).unwrap_or(Value::Null),
            )),
            #[allow(unreachable_patterns)]
            _ => Err(Failure(Value::Null)),
        }
    }

    /// Send it, printing any `Warning:` headers as kubectl does.
    pub fn send(self, e: &mut Engine, out: &mut ExecOutput) -> Result<Value, Failure> {
        let mut w = vec![];
        let r = self.send_warn(e, out, &mut w);
        for m in w {
            out.err(format!("Warning: {}\n", m));
        }
        r
    }
}

/// `jsonpatch.CreateMergePatch`: the JSON merge patch (RFC 7386) from `a` to `b`
/// (kubectl label, annotate). Nulls delete; lists are replaced whole.
pub fn create_merge_patch(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(am), Value::Object(bm)) => {
            let mut p = serde_json::Map::new();
            for (k, bv) in bm {
                match am.get(k) {
                    Some(av) if av == bv => {}
                    Some(av @ Value::Object(_)) if bv.is_object() => {
                        let sub = create_merge_patch(av, bv);
                        if sub.as_object().is_some_and(|m| !m.is_empty()) {
                            p.insert(k.clone(), sub);
                        }
                    }
                    _ => {
                        p.insert(k.clone(), bv.clone());
                    }
                }
            }
            for k in am.keys() {
                if !bm.contains_key(k) {
                    p.insert(k.clone(), Value::Null);
                }
            }
            Value::Object(p)
        }
        _ => b.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_creation() {
        // (from, to, patch) in the spirit of evanphx/json-patch's CreateMergePatch tests.
        let cases = [
            (json!({"a": 1}), json!({"a": 1}), json!({})),
            (json!({"a": 1}), json!({"a": 2}), json!({"a": 2})),
            (json!({"a": 1}), json!({}), json!({"a": null})),
            (json!({}), json!({"b": {"c": 1}}), json!({"b": {"c": 1}})),
            (
                json!({"m": {"labels": {"x": "1", "y": "2"}}}),
                json!({"m": {"labels": {"x": "1", "z": "3"}}}),
                json!({"m": {"labels": {"y": null, "z": "3"}}}),
            ),
            (json!({"l": [1, 2]}), json!({"l": [2]}), json!({"l": [2]})),
            (json!({"o": {"a": 1}}), json!({"o": 5}), json!({"o": 5})),
        ];
        for (a, b, want) in cases {
            let p = create_merge_patch(&a, &b);
            assert_eq!(p, want, "{a} -> {b}");
            assert_eq!(
                crate::apiserver::rest::patch::merge_patch(&a, &p),
                b,
                "applying {p} to {a}"
            );
        }
    }

    #[test]
    fn paths_and_errors() {
        assert_eq!(
            path(Kind::Deployment, "default", Some("web"), Some("scale")),
            "/apis/apps/v1/namespaces/default/deployments/web/scale"
        );
        assert_eq!(
            path(Kind::Node, "", Some("worker-1"), None),
            "/api/v1/nodes/worker-1"
        );
        assert_eq!(
            path(Kind::Pod, "kube-system", None, None),
            "/api/v1/namespaces/kube-system/pods"
        );
        let nf = Failure(
            json!({"kind": "Status", "reason": "NotFound", "message": "deployments.apps \"x\" not found", "code": 404}),
        );
        assert_eq!(
            nf.kubectl(),
            "Error from server (NotFound): deployments.apps \"x\" not found"
        );
        let inv = Failure(
            json!({"reason": "Invalid", "message": "…", "details": {"kind": "Deployment", "name": "web", "causes": [
            {"field": "spec.replicas", "message": "Invalid value: -1: must be greater than or equal to 0"},
            {"field": "spec.replicas", "message": "Invalid value: -1: must be greater than or equal to 0"}]}}),
        );
        assert_eq!(
            inv.kubectl(),
            "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        let generic = Failure(
            json!({"reason": "Invalid", "message": "the server rejected our request due to an error in our request", "details": {}}),
        );
        assert_eq!(
            generic.kubectl(),
            "The request is invalid: the server rejected our request due to an error in our request"
        );
        let unknown = Failure(json!({"message": "boom"}));
        assert_eq!(unknown.kubectl(), "Error from server: boom");
    }
}

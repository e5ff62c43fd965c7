//! The Kubernetes REST API over the simulated cluster: one request in, one response out.
//!
//! This is kube-apiserver's HTTP face as kubectl, client-go and other clients see it —
//! discovery, `/version`, `/openapi/v3`, get/list (JSON or server-side Tables), create,
//! update, patch (JSON, merge and strategic), delete and deletecollection, the status,
//! scale, binding, eviction and log subresources, watches — with `metav1.Status` errors.
//! It is pure: no sockets, no wall clock. `kubestep serve` carries requests to it over
//! HTTP; the script command `api METHOD PATH` sends one directly. Every write is one
//! kube-apiserver step, recorded like any other.

// The page's build has the resource handlers (its built-in kubectl talks to them) but not
// discovery, Tables, watches or kubestep's own endpoint: only `serve` needs those. It has
// the OpenAPI documents' builder, which kubectl explain renders.
mod convert;
#[cfg(not(feature = "web"))]
pub mod discovery;
#[cfg(not(feature = "web"))]
mod events_v1;
mod hpa_v1;
pub mod metrics;
pub mod openapi;
pub mod patch;
pub mod query;
pub mod route;
pub mod status;
#[cfg(not(feature = "web"))]
pub mod table;
#[cfg(not(feature = "web"))]
pub mod watch;

use crate::sort::StableSort;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::apiserver::decode;
#[cfg(not(feature = "web"))]
use crate::apiserver::fields::FieldSelector;
use crate::apiserver::validation::FieldError;
use crate::cluster::{Cluster, StepCtx, Trigger};
use crate::engine::{Engine, ExecOutput};
#[cfg(not(feature = "web"))]
use crate::labels::Selector;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::api::{ApiError, DeleteOptions, Propagation};
use crate::runtime::step::Explain;

use patch::{PatchType, json_type};
use query::Query;
use route::{ResourcePath, Route, Sub};
use status::Status;
#[cfg(not(feature = "web"))]
use table::IncludeObject;
#[cfg(not(feature = "web"))]
use watch::{WatchStart, WatchStream};

/// The largest request body the server reads (`maxRequestBodyBytes`, 3 MiB).
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;
/// The longest request URL the server reads.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// One HTTP request, as the server sees it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, …
    pub method: String,
    /// The path, still percent-encoded (`/apis/apps/v1/namespaces/default/deployments`).
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub content_type: Option<String>,
    pub accept: Option<String>,
    /// Who sent it, for step explanations: the `Kubectl-Command` header (`kubectl scale`),
    /// else the User-Agent's product (`OpenAPI-Generator`), else empty.
    pub client: String,
    pub body: Vec<u8>,
}

impl Request {
    /// Does this request change state (and so belong in the op log)?
    pub fn is_write(&self) -> bool {
        matches!(self.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE")
    }
}

/// One HTTP response.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub code: u16,
    pub content_type: String,
    /// `Warning:` headers (`299 - "…"` is added by the host).
    pub warnings: Vec<String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(code: u16, v: &Value) -> Response {
        Response::json_as(code, v, "application/json")
    }

    pub fn json_as(code: u16, v: &Value, content_type: &str) -> Response {
        Response {
            code,
            content_type: content_type.to_string(),
            warnings: vec![],
            body: serde_json::to_vec(v).unwrap_or_default(),
        }
    }

    pub fn text(code: u16, s: impl Into<String>) -> Response {
        Response {
            code,
            content_type: "text/plain".to_string(),
            warnings: vec![],
            body: s.into().into_bytes(),
        }
    }

    /// The HTTP reason phrase of the code.
    pub fn reason(&self) -> &'static str {
        match self.code {
            200 => "OK",
            201 => "Created",
            202 => "Accepted",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            406 => "Not Acceptable",
            409 => "Conflict",
            410 => "Gone",
            413 => "Request Entity Too Large",
            414 => "Request-URI Too Long",
            415 => "Unsupported Media Type",
            422 => "Unprocessable Entity",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            _ => "",
        }
    }
}

/// What the server does with a request: answer it, or open a watch stream.
pub enum Reply {
    Done(Response),
    #[cfg(not(feature = "web"))]
    Watch(WatchStart),
}

impl From<Status> for Reply {
    fn from(s: Status) -> Reply {
        Reply::Done(s.response())
    }
}

impl From<Response> for Reply {
    fn from(r: Response) -> Reply {
        Reply::Done(r)
    }
}

/// What an API write did, as a step explains it. `client` names who sent the request
/// (`kubectl scale` — the built-in kubectl and real kubectl alike —, a library's
/// User-Agent product, or "" when unknown).
#[derive(Clone, Debug)]
pub enum ApiWhy {
    Created {
        client: String,
        kind: Kind,
        key: String,
    },
    /// `what` is the part written: `spec` (the object), `status`, `replicas` (scale).
    Updated {
        client: String,
        kind: Kind,
        key: String,
        what: &'static str,
    },
    Deleted {
        client: String,
        marked: bool,
        kind: Kind,
        key: String,
    },
    Evicted {
        client: String,
        pod: String,
        node: String,
        /// The PodDisruptionBudget that allowed it and the disruptions it has left.
        pdb: Option<(String, i32)>,
    },
    Bound {
        client: String,
        pod: String,
        node: String,
    },
}

impl Explain for ApiWhy {
    fn text(&self, w: Lang) -> String {
        let client = match self {
            ApiWhy::Created { client, .. }
            | ApiWhy::Updated { client, .. }
            | ApiWhy::Deleted { client, .. }
            | ApiWhy::Evicted { client, .. }
            | ApiWhy::Bound { client, .. } => client,
        };
        let who = if client.is_empty() {
            w.pick2(|| "an API client".into(), || "API 客户端".into())
        } else {
            client.clone()
        };
        match self {
            ApiWhy::Created { kind, key, .. } => w.pick(
                "{0}: created {1} {2}",
                "{0}：创建了 {1} {2}",
                [&who, &kind.name(), key],
            ),
            ApiWhy::Updated {
                kind,
                key,
                what: "spec",
                ..
            } => w.pick(
                "{0}: updated {1} {2}",
                "{0}：更新了 {1} {2}",
                [&who, &kind.name(), key],
            ),
            ApiWhy::Updated {
                kind, key, what, ..
            } => w.pick(
                "{0}: updated the {3} of {1} {2}",
                "{0}：更新了 {1} {2} 的 {3}",
                [&who, &kind.name(), key, what],
            ),
            ApiWhy::Deleted {
                marked: true,
                kind,
                key,
                ..
            } => w.pick(
                "{0}: marked {1} {2} for deletion",
                "{0}：将 {1} {2} 标记为删除",
                [&who, &kind.name(), key],
            ),
            ApiWhy::Deleted {
                marked: false,
                kind,
                key,
                ..
            } => w.pick(
                "{0}: removed {1} {2}",
                "{0}：移除了 {1} {2}",
                [&who, &kind.name(), key],
            ),
            ApiWhy::Evicted {
                pod,
                node,
                pdb: Some((b, left)),
                ..
            } => w.pick(
                "{0}: evicted pod {1} from {2} (eviction subresource): PodDisruptionBudget {3} allowed it and has {4} disruption(s) left; marked the pod DisruptionTarget and deleted it",
                "{0}：通过 eviction 子资源将 Pod {1} 从 {2} 驱逐：PodDisruptionBudget {3} 允许此次驱逐，还剩 {4} 次干扰；给 Pod 加上 DisruptionTarget 条件后删除",
                [&who, pod, node, b, left],
            ),
            ApiWhy::Evicted { pod, node, .. } => w.pick(
                "{0}: evicted pod {1} from {2} (eviction subresource; no PodDisruptionBudget limits it): marked it DisruptionTarget and deleted it",
                "{0}：通过 eviction 子资源将 Pod {1} 从 {2} 驱逐（没有 PodDisruptionBudget 限制）：加上 DisruptionTarget 条件后删除",
                [&who, pod, node],
            ),
            ApiWhy::Bound { pod, node, .. } => w.pick(
                "{0}: bound pod {1} to {2}",
                "{0}：将 Pod {1} 绑定到 {2}",
                [&who, pod, node],
            ),
        }
    }
}

/// A kubectl command that waits for the cluster to change (see [`wait_of`]).
#[cfg(not(feature = "web"))]
#[derive(Clone, Debug, PartialEq)]
pub enum Wait {
    /// `kubectl rollout status`: until the Deployment's or DaemonSet's rollout finished or
    /// failed.
    Rollout {
        kind: Kind,
        namespace: String,
        name: String,
    },
    /// `kubectl delete` (waiting by default), `kubectl drain` and `kubectl replace --force`:
    /// until the objects are gone.
    Gone(Vec<ObjKey>),
    /// `kubectl wait` watching one object for a condition the server cannot see: the host
    /// runs the cluster a step at a time, pausing after each event the watch receives,
    /// until kubectl closes the watch (the condition was met).
    UntilClosed(ObjKey),
}

/// Is this request a kubectl command waiting for the cluster? `kubestep run` lets the
/// cluster run while such a command waits; with a paused clock `kubestep serve` does the
/// same ([`drive`]), so real kubectl sees what the built-in one sees:
/// - `kubectl rollout status` opening its watch on one Deployment;
/// - `kubectl delete` opening its watch on the object it deleted;
/// - `kubectl drain` polling a pod it evicted (it evicts concurrently and polls each pod
///   every second: the host should drive once the evictions stopped arriving);
/// - `kubectl replace --force` polling an object it deleted, before creating it again.
#[cfg(not(feature = "web"))]
pub fn wait_of(e: &Engine, req: &Request) -> Option<Wait> {
    if req.method != "GET" {
        return None;
    }
    let Some(Route::Resource(rp)) = route::parse(&req.path) else {
        return None;
    };
    let q = Query::parse(&req.query);
    let ns = rp.namespace.clone().unwrap_or_default();
    let watched = || -> Option<String> {
        if !q.flag("watch") || rp.name.is_some() {
            return None;
        }
        FieldSelector::parse(q.get("fieldSelector")?)
            .ok()?
            .name()
            .map(String::from)
    };
    match req.client.as_str() {
        "kubectl rollout status"
            if matches!(
                rp.kind,
                Kind::Deployment | Kind::DaemonSet | Kind::StatefulSet
            ) =>
        {
            Some(Wait::Rollout {
                kind: rp.kind,
                namespace: ns,
                name: watched()?,
            })
        }
        "kubectl delete" => Some(Wait::Gone(vec![ObjKey::new(rp.kind, &ns, &watched()?)])),
        "kubectl wait" => Some(Wait::UntilClosed(ObjKey::new(rp.kind, &ns, &watched()?))),
        // drain, and replace --force, poll each terminating object with GETs until it is
        // gone.
        "kubectl drain" | "kubectl replace"
            if (rp.kind == Kind::Pod || req.client == "kubectl replace")
                && rp.sub.is_none()
                && !q.flag("watch") =>
        {
            let key = ObjKey::new(rp.kind, &ns, rp.name.as_deref()?);
            let terminating = e
                .cluster
                .store
                .get_obj(&key)?
                .meta()
                .deletion_timestamp
                .is_some();
            terminating.then_some(Wait::Gone(vec![key]))
        }
        _ => None,
    }
}

/// Let the cluster run as the built-in kubectl does while it waits (at most an hour of
/// virtual time), and log those steps for replay.
#[cfg(not(feature = "web"))]
pub fn drive(e: &mut Engine, w: &Wait) {
    let deadline = e.cluster.now.plus(3600 * 1000);
    let mut sink = ExecOutput::default();
    match w {
        Wait::Rollout {
            kind,
            namespace,
            name,
        } => {
            let Some(mut w) = crate::kubectl::rollout::RolloutWatch::new(e, *kind, namespace, name)
            else {
                return;
            };
            if w.poll(e).1.is_some() {
                return;
            }
            e.wait_rollout(deadline, &mut sink, &mut |e, _| w.poll(e).1.map(|_| true));
        }
        // The waiting kubectl sees what is left (and keeps waiting on its own clock).
        Wait::Gone(keys) => {
            let _ = e.wait_gone(keys, deadline, &mut sink, &mut |_| {});
        }
        // Stepped by the host, watching the client.
        Wait::UntilClosed(_) => return,
    }
    e.mark_steps();
}

/// Handle one request against the engine. Writes are recorded as kube-apiserver steps
/// (their watch rows, if built-in background watches run, go to `out`).
pub fn handle(e: &mut Engine, req: &Request, out: &mut ExecOutput) -> Reply {
    if req.path.len() + req.query.len() > MAX_URL_BYTES {
        return Status::new(414, "RequestURITooLong", "the request URI is too long").into();
    }
    if req.body.len() > MAX_BODY_BYTES {
        return Status::too_large(MAX_BODY_BYTES).into();
    }
    let Some(route) = route::parse(&req.path) else {
        return Status::no_route().into();
    };
    let q = Query::parse(&req.query);
    let accept = req.accept.clone().unwrap_or_default();
    match route {
        #[cfg(not(feature = "web"))]
        Route::Bindings { namespace } => {
            if req.method != "POST" {
                return Status::method_not_allowed_generic().into();
            }
            binding(e, req, &q, &namespace, None, out).into()
        }
        Route::Resource(rp) => resource(e, req, &q, &accept, rp, out),
        // The aggregated metrics API: there while a metrics-server is Ready.
        Route::Metrics(_) | Route::MetricsVersion if !crate::metrics::api_available(&e.cluster) => {
            Status::no_route().into()
        }
        Route::Metrics(mp) => metrics::handle(e, req, &q, &mp),
        Route::MetricsVersion => Response::json(200, &metrics::resource_list()).into(),
        #[cfg(not(feature = "web"))]
        other => native_route(e, req, other, &accept),
        #[cfg(feature = "web")]
        _ => Status::no_route().into(),
    }
}

/// Discovery, `/version`, OpenAPI and kubestep's own endpoint (not in the page).
#[cfg(not(feature = "web"))]
fn native_route(e: &mut Engine, req: &Request, route: Route, accept: &str) -> Reply {
    let get_only = |r: Response| -> Reply {
        if req.method == "GET" || req.method == "HEAD" {
            Reply::Done(r)
        } else {
            Status::method_not_allowed_generic().into()
        }
    };
    match route {
        Route::Version => get_only(Response::json(200, &discovery::version(e.config.profile))),
        Route::Healthz => get_only(Response::text(200, "ok")),
        Route::Api => get_only(match discovery::aggregated_version(accept) {
            Some(v) => Response::json_as(
                200,
                &discovery::aggregated(true, v, false),
                content_type_for(v),
            ),
            None => Response::json(200, &discovery::legacy_api("127.0.0.1:6443")),
        }),
        Route::Apis => {
            let m = crate::metrics::api_available(&e.cluster);
            get_only(match discovery::aggregated_version(accept) {
                Some(v) => Response::json_as(
                    200,
                    &discovery::aggregated(false, v, m),
                    content_type_for(v),
                ),
                None => Response::json(200, &discovery::legacy_apis(m)),
            })
        }
        Route::Group(g) if g == metrics::GROUP => {
            if !crate::metrics::api_available(&e.cluster) {
                return Status::no_route().into();
            }
            let mut v = metrics::group_entry();
            v["kind"] = json!("APIGroup");
            v["apiVersion"] = json!("v1");
            get_only(Response::json(200, &v))
        }
        Route::Group(g) => get_only(Response::json(200, &discovery::group(&g))),
        Route::GroupVersion(gv) => get_only(Response::json(200, &discovery::resource_list(&gv))),
        Route::OpenApiIndex => get_only(Response::json(200, &openapi::index())),
        Route::OpenApi(gv) => get_only(Response::json(200, &openapi::document(&gv))),
        // An empty OpenAPI v2 document (protobuf of a Document with no fields is zero
        // bytes): kubectl falls back to v2 for kinds the v3 documents lack, and then
        // reports the missing kind itself (`resource mapping not found …`).
        Route::OpenApiV2 => get_only(Response {
            code: 200,
            content_type: "application/com.github.proto-openapi.spec.v2.v1.0+protobuf".into(),
            warnings: vec![],
            body: vec![],
        }),
        Route::Kubestep(p) => kubestep_endpoint(e, req, &p),
        Route::Bindings { .. } | Route::Resource(_) | Route::Metrics(_) | Route::MetricsVersion => {
            Status::no_route().into()
        }
    }
}

#[cfg(not(feature = "web"))]
fn content_type_for(version: &str) -> &'static str {
    if version == "v2beta1" {
        discovery::AGGREGATED_V2BETA1
    } else {
        discovery::AGGREGATED_V2
    }
}

/// `POST /kubestep/v1/exec` with `{"argv": [...], "stdin": "..."}`: run one script line
/// (what `kubestep ctl` sends). The answer lists the output chunks and the exit code.
/// `GET /kubestep/v1/status`: open watches, steps, revision and virtual time.
#[cfg(not(feature = "web"))]
fn kubestep_endpoint(e: &mut Engine, req: &Request, path: &str) -> Reply {
    if path == "v1/status" {
        // For tests and tools: open watches, recorded steps, the store's revision.
        return Response::json(
            200,
            &json!({
                "watches": e.watch_count(),
                "steps": e.history().len(),
                "revision": e.cluster().store.revision(),
                "time": e.cluster().now.clock(),
            }),
        )
        .into();
    }
    if path != "v1/exec" {
        return Status::no_route().into();
    }
    if req.method != "POST" {
        return Status::method_not_allowed_generic().into();
    }
    let v: Value = match serde_json::from_slice(&req.body) {
        Ok(v) => v,
        Err(err) => return Status::bad_request(format!("invalid exec request: {}", err)).into(),
    };
    let argv: Vec<String> = match v.get("argv").and_then(Value::as_array) {
        Some(a) if a.iter().all(Value::is_string) && !a.is_empty() => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        _ => {
            return Status::bad_request(
                "invalid exec request: argv must be a non-empty list of strings",
            )
            .into();
        }
    };
    let stdin = v.get("stdin").and_then(Value::as_str);
    let o = e.exec(&argv, stdin, None);
    let chunks: Vec<Value> = o
        .chunks
        .iter()
        .map(|c| match c {
            crate::Chunk::Stdout(s) => json!({"stdout": s}),
            crate::Chunk::Stderr(s) => json!({"stderr": s}),
            crate::Chunk::Watch { id, text } => json!({"watch": id, "text": text}),
            crate::Chunk::Step { index, line } => json!({"step": index, "line": line}),
        })
        .collect();
    Response::json(200, &json!({"exit": o.exit, "chunks": chunks})).into()
}

/// Run `f` as one kube-apiserver step triggered by this request.
fn write_step<T>(
    e: &mut Engine,
    req: &Request,
    out: &mut ExecOutput,
    f: impl FnOnce(&mut Cluster, &mut StepCtx) -> T,
) -> T {
    let trigger = Trigger::Api {
        client: req.client.clone(),
        method: req.method.clone(),
        path: req.path.clone(),
    };
    let mut cx = StepCtx::new("kube-apiserver", trigger);
    let r = f(&mut e.cluster, &mut cx);
    if let Some(rec) = e.cluster.finish_step(cx) {
        e.record(rec, out);
    }
    r
}

/// A dry-run write's answer carries the resourceVersion nothing was written at: the
/// stored one for updates, none for creates (`apiserver/pkg/registry/generic/registry/dryrun.go`).
fn dry_run_version(s: Arc<Object>, rv: Option<String>) -> Arc<Object> {
    let mut o = (*s).clone();
    o.meta_mut().resource_version = rv;
    Arc::new(o)
}

/// `?dryRun=All`: run the write against a throwaway copy of the cluster.
fn dry_run(q: &Query) -> Result<bool, Status> {
    match q.get("dryRun") {
        None | Some("") => Ok(false),
        Some("All") => Ok(true),
        Some(other) => Err(Status::bad_request(format!(
            "Invalid dryRun value: {}",
            other
        ))),
    }
}

/// `?fieldValidation=`: Strict, Warn (the default) or Ignore.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Validation {
    Strict,
    Warn,
    Ignore,
}

fn field_validation(q: &Query) -> Result<Validation, Status> {
    match q.get("fieldValidation") {
        None | Some("") | Some("Warn") => Ok(Validation::Warn),
        Some("Strict") => Ok(Validation::Strict),
        Some("Ignore") => Ok(Validation::Ignore),
        Some(other) => Err(Status::bad_request(format!(
            "fieldValidation: Unsupported value: {:?}: supported values: \"Ignore\", \"Strict\", \"Warn\"",
            other
        ))),
    }
}

/// Decode a request body as JSON (no or a JSON Content-Type) or YAML.
fn body_value(req: &Request, kind_name: &str) -> Result<Value, Status> {
    let ct = req
        .content_type
        .as_deref()
        .unwrap_or("application/json")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = match std::str::from_utf8(&req.body) {
        Ok(t) => t,
        Err(_) if ct.contains("protobuf") => return Err(unknown_format()),
        Err(_) => {
            return Err(Status::bad_request(format!(
                "couldn't get version/kind; json parse error: invalid character in {} body",
                kind_name
            )));
        }
    };
    match ct.as_str() {
        "" | "application/json" | "*/*" => serde_json::from_str(text).map_err(|err| {
            Status::bad_request(format!(
                "couldn't get version/kind; json parse error: {}",
                err
            ))
        }),
        "application/yaml" => {
            let v: Value = serde_norway::from_str(text).map_err(|err| {
                Status::bad_request(format!(
                    "couldn't get version/kind; json parse error: error converting YAML to JSON: {}",
                    err
                ))
            })?;
            Ok(v)
        }
        _ => Err(unknown_format()),
    }
}

fn unknown_format() -> Status {
    Status::new(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml",
    )
}

/// Decode a body into an object of `kind`, with the request's field validation. Returns
/// the object and the warnings to send.
fn decode_object(kind: Kind, v: &Value, mode: Validation) -> Result<(Object, Vec<String>), Status> {
    if !v.is_object() {
        return Err(Status::bad_request(format!(
            "{} in version \"v1\" cannot be handled as a {}: json: cannot unmarshal {} into Go value of type struct",
            kind.name(),
            kind.name(),
            json_type(v)
        )));
    }
    if let Some(av) = v.get("apiVersion").and_then(Value::as_str)
        && av != kind.api_version()
    {
        return Err(Status::bad_request(format!(
            "the API version in the data ({}) does not match the expected API version ({})",
            av,
            kind.api_version()
        )));
    }
    if let Some(k) = v.get("kind").and_then(Value::as_str)
        && k != kind.name()
    {
        return Err(Status::bad_request(format!(
            "the kind in the data ({}) does not match the expected kind ({})",
            k,
            kind.name()
        )));
    }
    match decode::decode_fields(kind, v) {
        Err(errs) => Err(Status::bad_request(decode::strict_error_server_message(
            kind, &errs,
        ))),
        Ok((_, unknown)) if mode == Validation::Strict && !unknown.is_empty() => Err(
            Status::bad_request(decode::strict_error_server_message(kind, &unknown)),
        ),
        Ok((obj, unknown)) => Ok((
            obj,
            if mode == Validation::Warn {
                unknown
            } else {
                vec![]
            },
        )),
    }
}

/// The namespace of a namespaced path must exist for a create; the object's namespace
/// must agree with the path's.
fn check_namespace(obj: &mut Object, rp_ns: Option<&str>) -> Result<(), Status> {
    if !obj.kind().namespaced() {
        obj.meta_mut().namespace = None;
        return Ok(());
    }
    let Some(ns) = rp_ns else {
        return Err(Status::method_not_allowed_generic());
    };
    match obj.meta().namespace.as_deref() {
        None | Some("") => obj.meta_mut().namespace = Some(ns.to_string()),
        Some(n) if n != ns => {
            return Err(Status::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        _ => {}
    }
    Ok(())
}

fn key_of(rp: &ResourcePath) -> ObjKey {
    ObjKey::new(
        rp.kind,
        rp.namespace.as_deref().unwrap_or(""),
        rp.name.as_deref().unwrap_or(""),
    )
}

fn display_key(k: &ObjKey) -> String {
    k.ns_name()
}

fn ok_object(code: u16, o: &Object, warnings: Vec<String>) -> Reply {
    let mut r = Response::json(code, &o.to_value());
    r.warnings = warnings;
    Reply::Done(r)
}

fn resource(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    accept: &str,
    rp: ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    // (The page's kubectl reads events in their core form; only `serve` answers here.)
    #[cfg(not(feature = "web"))]
    if rp.events_v1 {
        return events_v1::handle(e, req, q, accept, rp, out);
    }
    #[cfg(feature = "web")]
    if rp.events_v1 {
        return Status::no_route().into();
    }
    if rp.hpa_v1 {
        return hpa_v1::handle(e, req, q, accept, rp, out);
    }
    resource_core(e, req, q, accept, rp, out)
}

/// A request to a resource, in its stored form.
fn resource_core(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    accept: &str,
    rp: ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    if !accept_ok(accept) {
        return Status::not_acceptable(accept).into();
    }
    let method = req.method.as_str();
    // The page's built-in kubectl reads the store directly and writes through
    // get/create/patch/scale/delete/eviction; the rest is for `serve`'s clients only.
    match (method, rp.name.is_some(), rp.sub) {
        #[cfg(not(feature = "web"))]
        ("GET" | "HEAD", false, None) => {
            if rp.watch_prefix || q.flag("watch") {
                watch(e, q, accept, &rp)
            } else {
                list(e, q, accept, &rp)
            }
        }
        #[cfg(not(feature = "web"))]
        ("GET" | "HEAD", true, None) if rp.watch_prefix => {
            // /watch/…/NAME: a watch on one object.
            let mut q2 = q.clone_with(
                "fieldSelector",
                &format!("metadata.name={}", rp.name.as_deref().unwrap_or("")),
            );
            q2 = q2.clone_with("watch", "true");
            let mut rp2 = rp.clone();
            rp2.name = None;
            watch(e, &q2, accept, &rp2)
        }
        ("GET" | "HEAD", true, None | Some(Sub::Status)) => get(e, q, accept, &rp),
        ("GET", true, Some(Sub::Scale)) => match current(e, &rp) {
            Ok(o) => Response::json(200, &scale_of(&o)).into(),
            Err(s) => s.into(),
        },
        ("GET", true, Some(Sub::Log)) => pod_log(e, q, &rp).into(),
        ("POST", false, None) => create(e, req, q, &rp, out),
        #[cfg(not(feature = "web"))]
        ("POST", true, Some(Sub::Binding)) => {
            let ns = rp.namespace.clone().unwrap_or_default();
            binding(e, req, q, &ns, rp.name.as_deref(), out).into()
        }
        ("POST", true, Some(Sub::Eviction)) => eviction(e, req, q, &rp, out).into(),
        ("PUT", true, None) => update(e, req, q, &rp, out),
        #[cfg(not(feature = "web"))]
        ("PUT", true, Some(Sub::Status)) => update_status(e, req, q, &rp, out),
        ("PUT", true, Some(Sub::Finalize)) => finalize(e, req, q, &rp, out),
        ("PUT", true, Some(Sub::Scale)) => update_scale(e, req, q, &rp, None, out),
        ("PATCH", true, None | Some(Sub::Status) | Some(Sub::Scale)) => patch(e, req, q, &rp, out),
        ("DELETE", true, None) => delete(e, req, q, &rp, out),
        #[cfg(not(feature = "web"))]
        ("DELETE", false, None) => delete_collection(e, req, q, &rp, out),
        _ => Status::method_not_allowed_generic().into(),
    }
}

impl Query {
    #[cfg(not(feature = "web"))]
    /// A copy with `key` set to `value`.
    fn clone_with(&self, key: &str, value: &str) -> Query {
        let mut s: Vec<String> = self
            .pairs()
            .iter()
            .filter(|(k, _)| k != key)
            .map(|(k, v)| format!("{}={}", query::percent_encode(k), query::percent_encode(v)))
            .collect();
        s.push(format!("{}={}", key, query::percent_encode(value)));
        Query::parse(&s.join("&"))
    }
}

/// Can the server answer in a form the client accepts (JSON, a Table, anything)?
fn accept_ok(accept: &str) -> bool {
    if accept.trim().is_empty() {
        return true;
    }
    accept.split(',').any(|p| {
        let m = p.split(';').next().unwrap_or("").trim();
        matches!(m, "application/json" | "*/*" | "application/*")
    })
}

fn current(e: &Engine, rp: &ResourcePath) -> Result<Arc<Object>, Status> {
    let key = key_of(rp);
    e.cluster
        .store
        .get_obj(&key)
        .cloned()
        .ok_or_else(|| Status::not_found(rp.kind, &key.name))
}

#[cfg_attr(feature = "web", allow(unused_variables))]
fn get(e: &Engine, q: &Query, accept: &str, rp: &ResourcePath) -> Reply {
    let o = match current(e, rp) {
        Ok(o) => o,
        Err(s) => return s.into(),
    };
    #[cfg(not(feature = "web"))]
    if rp.sub.is_none()
        && let Some(version) = table::wants_table(accept)
    {
        let include = match IncludeObject::parse(q.get("includeObject")) {
            Ok(i) => i,
            Err(m) => return Status::bad_request(m).into(),
        };
        let t = table::table(
            rp.kind,
            &[&o],
            e.cluster.now,
            include,
            o.meta().resource_version.clone(),
            true,
            version,
        );
        return Response::json(200, &t).into();
    }
    ok_object(200, &o, vec![])
}

#[cfg(not(feature = "web"))]
/// Label and field selectors of a list or watch (400 on a bad one).
fn selectors(q: &Query, kind: Kind) -> Result<(Option<Selector>, FieldSelector), Status> {
    let labels = match q.get("labelSelector").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Selector::parse(s).map_err(Status::bad_request)?),
    };
    let fields = match q.get("fieldSelector").filter(|s| !s.is_empty()) {
        None => FieldSelector::default(),
        Some(s) => {
            let f = FieldSelector::parse(s).map_err(Status::bad_request)?;
            f.check(kind).map_err(Status::bad_request)?;
            f
        }
    };
    Ok((labels, fields))
}

#[cfg(not(feature = "web"))]
#[cfg_attr(feature = "web", allow(unused_variables))]
fn list(e: &Engine, q: &Query, accept: &str, rp: &ResourcePath) -> Reply {
    let (labels, fields) = match selectors(q, rp.kind) {
        Ok(s) => s,
        Err(s) => return s.into(),
    };
    let ns = if rp.kind.namespaced() {
        rp.namespace.as_deref()
    } else {
        None
    };
    let all = e.cluster.store.list(rp.kind, ns);
    let mut objs: Vec<&Arc<Object>> = all
        .iter()
        .filter(|o| {
            labels
                .as_ref()
                .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
        })
        .filter(|o| fields.matches(o))
        .collect();
    let rev = e.cluster.store.revision();
    // limit/continue: the token names the key to continue after (and the list's revision).
    if let Some(tok) = q.get("continue").filter(|s| !s.is_empty()) {
        let Some(start) = decode_continue(tok) else {
            return Status::bad_request("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)").into();
        };
        objs.retain(|o| o.key().ns_name() > start);
    }
    let mut cont: Option<String> = None;
    let mut remaining: Option<usize> = None;
    if let Some(limit) = q
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .filter(|l| *l > 0)
        && objs.len() > limit
    {
        remaining = Some(objs.len() - limit);
        objs.truncate(limit);
        cont = objs
            .last()
            .map(|o| encode_continue(rev, &o.key().ns_name()));
    }
    let mut meta = serde_json::Map::new();
    meta.insert("resourceVersion".into(), json!(rev.to_string()));
    if let Some(c) = &cont {
        meta.insert("continue".into(), json!(c));
    }
    if let Some(r) = remaining {
        meta.insert("remainingItemCount".into(), json!(r));
    }
    #[cfg(not(feature = "web"))]
    if let Some(version) = table::wants_table(accept) {
        let include = match IncludeObject::parse(q.get("includeObject")) {
            Ok(i) => i,
            Err(m) => return Status::bad_request(m).into(),
        };
        let refs: Vec<&Object> = objs.iter().map(|o| &***o).collect();
        let mut t = table::table(rp.kind, &refs, e.cluster.now, include, None, true, version);
        t["metadata"] = Value::Object(meta);
        return Response::json(200, &t).into();
    }
    // Written object by object (the items keep their kind and apiVersion; clients
    // accept both forms).
    let mut body = Vec::with_capacity(256 + objs.len() * 2048);
    body.extend_from_slice(b"{\"apiVersion\":");
    body.extend_from_slice(Value::from(rp.kind.api_version()).to_string().as_bytes());
    body.extend_from_slice(b",\"items\":[");
    for (i, o) in objs.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        o.write_json(&mut body);
    }
    body.extend_from_slice(b"],\"kind\":");
    body.extend_from_slice(
        Value::from(format!("{}List", rp.kind.name()))
            .to_string()
            .as_bytes(),
    );
    body.extend_from_slice(b",\"metadata\":");
    body.extend_from_slice(Value::Object(meta).to_string().as_bytes());
    body.push(b'}');
    Response {
        code: 200,
        content_type: "application/json".into(),
        warnings: vec![],
        body,
    }
    .into()
}

#[cfg(not(feature = "web"))]
fn encode_continue(rev: i64, start: &str) -> String {
    let v = json!({"v": "meta.k8s.io/v1", "rv": rev, "start": format!("{}\u{0}", start)});
    query::base64_encode(v.to_string().as_bytes())
}

#[cfg(not(feature = "web"))]
fn decode_continue(tok: &str) -> Option<String> {
    let raw = query::base64_decode(tok)?;
    let v: Value = serde_json::from_slice(&raw).ok()?;
    if v.get("v")?.as_str()? != "meta.k8s.io/v1" {
        return None;
    }
    Some(
        v.get("start")?
            .as_str()?
            .trim_end_matches('\u{0}')
            .to_string(),
    )
}

#[cfg(not(feature = "web"))]
fn watch(e: &Engine, q: &Query, accept: &str, rp: &ResourcePath) -> Reply {
    let (labels, fields) = match selectors(q, rp.kind) {
        Ok(s) => s,
        Err(s) => return s.into(),
    };
    let table = match table::wants_table(accept) {
        None => None,
        Some(v) => match IncludeObject::parse(q.get("includeObject")) {
            Ok(i) => Some((v, i)),
            Err(m) => return Status::bad_request(m).into(),
        },
    };
    let timeout = q.get("timeoutSeconds").and_then(|t| t.parse::<u64>().ok());
    let ns = if rp.kind.namespaced() {
        rp.namespace.clone()
    } else {
        None
    };
    let mut w = WatchStream::new(rp.kind, ns, labels, fields, table, timeout);
    w.events_v1 = rp.events_v1;
    match w.start(&e.cluster, q.get("resourceVersion")) {
        Ok(s) => Reply::Watch(s),
        Err(s) => s.into(),
    }
}

fn create(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let (dry, mode) = match (dry_run(q), field_validation(q)) {
        (Ok(d), Ok(m)) => (d, m),
        (Err(s), _) | (_, Err(s)) => return s.into(),
    };
    let v = match body_value(req, rp.kind.name()) {
        Ok(v) => v,
        Err(s) => return s.into(),
    };
    let (mut obj, warnings) = match decode_object(rp.kind, &v, mode) {
        Ok(x) => x,
        Err(s) => return s.into(),
    };
    if let Err(s) = check_namespace(&mut obj, rp.namespace.as_deref()) {
        return s.into();
    }
    if obj.name().is_empty() && obj.meta().generate_name.as_deref().unwrap_or("").is_empty() {
        return Status::invalid(
            rp.kind.name(),
            rp.kind.group(),
            "",
            &[FieldError::required(
                "metadata.name",
                "name or generateName is required",
            )],
        )
        .into();
    }
    let client = req.client.clone();
    let result = if dry {
        let mut c = e.cluster.clone();
        let mut cx = StepCtx::new("kube-apiserver", Trigger::None);
        // registry/dryrun.go: a dry-run create stores nothing, so it has no resourceVersion.
        c.api_create(&mut cx, obj, true)
            .map(|s| dry_run_version(s, None))
    } else {
        write_step(e, req, out, |c, cx| {
            let r = c.api_create(cx, obj, true);
            if let Ok(s) = &r {
                cx.say(ApiWhy::Created {
                    client,
                    kind: s.kind(),
                    key: display_key(&s.key()),
                });
            }
            r
        })
    };
    match result {
        Ok(s) => ok_object(201, &s, warnings),
        Err(err) => Status::from(&err).into(),
    }
}

fn name_mismatch(obj: &Object, rp: &ResourcePath) -> Option<Status> {
    let url = rp.name.as_deref().unwrap_or("");
    if obj.name() != url {
        return Some(Status::bad_request(format!(
            "the name of the object ({}) does not match the name on the URL ({})",
            obj.name(),
            url
        )));
    }
    None
}

/// A PUT's body: the object decoded under `fieldValidation`, its name and namespace
/// checked against the path; and whether it is a dry run, and the decoder's warnings.
fn put_body(
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
) -> Result<(Object, bool, Vec<String>), Status> {
    let dry = dry_run(q)?;
    let mode = field_validation(q)?;
    let v = body_value(req, rp.kind.name())?;
    let (mut obj, warnings) = decode_object(rp.kind, &v, mode)?;
    if let Some(s) = name_mismatch(&obj, rp) {
        return Err(s);
    }
    check_namespace(&mut obj, rp.namespace.as_deref())?;
    Ok((obj, dry, warnings))
}

fn update(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    match put_body(req, q, rp) {
        Ok((obj, dry, warnings)) => commit_update(e, req, obj, dry, warnings, "spec", out),
        Err(s) => s.into(),
    }
}

/// `api_update` with optimistic concurrency, as one step (or on a copy for dry runs).
fn commit_update(
    e: &mut Engine,
    req: &Request,
    obj: Object,
    dry: bool,
    warnings: Vec<String>,
    what: &'static str,
    out: &mut ExecOutput,
) -> Reply {
    let client = req.client.clone();
    let result = if dry {
        let mut c = e.cluster.clone();
        let mut cx = StepCtx::new("kube-apiserver", Trigger::None);
        // registry/dryrun.go: a dry-run update keeps the stored resourceVersion.
        let rv = e
            .cluster
            .store
            .get_obj(&obj.key())
            .map(|o| o.meta().resource_version.clone());
        c.api_update(&mut cx, obj, true, true)
            .map(|s| dry_run_version(s, rv.flatten()))
    } else {
        write_step(e, req, out, |c, cx| {
            let before = c.store.revision();
            let r = c.api_update(cx, obj, true, true);
            if let Ok(s) = &r
                && c.store.revision() != before
            {
                cx.say(ApiWhy::Updated {
                    client,
                    kind: s.kind(),
                    key: display_key(&s.key()),
                    what,
                });
            }
            r
        })
    };
    match result {
        Ok(s) => ok_object(200, &s, warnings),
        Err(err) => Status::from(&err).into(),
    }
}

#[cfg(not(feature = "web"))]
fn update_status(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    match put_body(req, q, rp) {
        Ok((obj, dry, warnings)) => commit_status(e, req, obj, dry, warnings, out),
        Err(s) => s.into(),
    }
}

/// `PUT namespaces/NAME/finalize` (`pkg/registry/core/namespace/storage` FinalizeREST):
/// only `spec.finalizers` is taken from the body; once it is empty, a namespace being deleted
/// (and held by no metadata.finalizers) goes.
fn finalize(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let obj = match put_body(req, q, rp) {
        Ok((obj, _, _)) => obj,
        Err(s) => return s.into(),
    };
    let finalizers: Vec<String> = obj
        .as_namespace()
        .and_then(|n| n.spec.as_ref())
        .and_then(|s| s.finalizers.clone())
        .unwrap_or_default();
    let name = obj.name().to_string();
    let client = req.client.clone();
    let result = write_step(e, req, out, |c, cx| {
        let r = c.api_set_namespace_finalizers(cx, &name, finalizers);
        if let Ok(s) = &r {
            cx.say(ApiWhy::Updated {
                client,
                kind: s.kind(),
                key: display_key(&s.key()),
                what: "finalize",
            });
        }
        r
    });
    match result {
        Ok(s) => ok_object(200, &s, vec![]),
        Err(err) => Status::from(&err).into(),
    }
}

fn commit_status(
    e: &mut Engine,
    req: &Request,
    obj: Object,
    dry: bool,
    warnings: Vec<String>,
    out: &mut ExecOutput,
) -> Reply {
    // Optimistic concurrency on the status subresource too.
    if let Some(rv) = obj
        .meta()
        .resource_version
        .as_deref()
        .filter(|r| !r.is_empty())
        && let Some(cur) = e.cluster.store.get(&obj.key())
        && rv.parse::<i64>().ok() != Some(cur.mod_rev)
    {
        return Status::from(&ApiError::Conflict {
            kind: obj.kind(),
            name: obj.name().to_string(),
        })
        .into();
    }
    let client = req.client.clone();
    let result = if dry {
        let mut c = e.cluster.clone();
        let mut cx = StepCtx::new("kube-apiserver", Trigger::None);
        let rv = e
            .cluster
            .store
            .get_obj(&obj.key())
            .map(|o| o.meta().resource_version.clone());
        c.api_update_status(&mut cx, obj)
            .map(|s| dry_run_version(s, rv.flatten()))
    } else {
        write_step(e, req, out, |c, cx| {
            let before = c.store.revision();
            let r = c.api_update_status(cx, obj);
            if let Ok(s) = &r
                && c.store.revision() != before
            {
                cx.say(ApiWhy::Updated {
                    client,
                    kind: s.kind(),
                    key: display_key(&s.key()),
                    what: "status",
                });
            }
            r
        })
    };
    match result {
        Ok(s) => ok_object(200, &s, warnings),
        Err(err) => Status::from(&err).into(),
    }
}

/// `autoscaling/v1` Scale of a Deployment or ReplicaSet.
fn scale_of(o: &Object) -> Value {
    let (replicas, status_replicas, selector) = match o {
        Object::Deployment(d) => (
            d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
            d.status.as_ref().and_then(|s| s.replicas).unwrap_or(0),
            d.spec.as_ref().map(|s| &s.selector),
        ),
        Object::ReplicaSet(r) => (
            r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
            r.status.as_ref().map(|s| s.replicas).unwrap_or(0),
            r.spec.as_ref().map(|s| &s.selector),
        ),
        Object::StatefulSet(r) => (
            r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
            r.status.as_ref().map(|s| s.replicas).unwrap_or(0),
            r.spec.as_ref().map(|s| &s.selector),
        ),
        _ => (0, 0, None),
    };
    let sel = selector
        .and_then(|s| crate::labels::Selector::from_label_selector(s).ok())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let m = o.meta();
    let mut meta = serde_json::Map::new();
    meta.insert("name".into(), json!(m.name));
    meta.insert("namespace".into(), json!(m.namespace));
    meta.insert("uid".into(), json!(m.uid));
    meta.insert("resourceVersion".into(), json!(m.resource_version));
    meta.insert(
        "creationTimestamp".into(),
        serde_json::to_value(&m.creation_timestamp).unwrap_or(Value::Null),
    );
    let mut status = serde_json::Map::new();
    status.insert("replicas".into(), json!(status_replicas));
    if !sel.is_empty() {
        status.insert("selector".into(), json!(sel));
    }
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": meta,
        "spec": {"replicas": replicas},
        "status": status,
    })
}

/// Write a Scale back: `spec.replicas` into the object, with the Scale's resourceVersion
/// as precondition (`pkg/registry/apps/deployment/storage` scaleUpdatedObjectInfo).
fn update_scale(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    patched: Option<Value>,
    out: &mut ExecOutput,
) -> Reply {
    let dry = match dry_run(q) {
        Ok(d) => d,
        Err(s) => return s.into(),
    };
    let cur = match current(e, rp) {
        Ok(o) => o,
        Err(s) => return s.into(),
    };
    let v = match patched {
        Some(v) => v,
        None => match body_value(req, "Scale") {
            Ok(v) => v,
            Err(s) => return s.into(),
        },
    };
    let name = rp.name.clone().unwrap_or_default();
    let replicas = match v.pointer("/spec/replicas") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(n)) if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) => {
            n.as_i64().unwrap_or(0) as i32
        }
        Some(other) => {
            // encoding/json's UnmarshalTypeError names a number with its literal.
            let what = match other {
                Value::Number(n) => format!("number {}", n),
                v => json_type(v).to_string(),
            };
            return Status::bad_request(format!(
                "Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal {} into Go struct field ScaleSpec.spec.replicas of type int32",
                what
            ))
            .into();
        }
    };
    if let Some(n) = v.pointer("/metadata/name").and_then(Value::as_str)
        && n != name
    {
        return Status::bad_request(format!(
            "the name of the object ({}) does not match the name on the URL ({})",
            n, name
        ))
        .into();
    }
    if replicas < 0 {
        return Status::invalid(
            "Scale",
            "autoscaling",
            &name,
            &[FieldError::invalid(
                "spec.replicas",
                replicas.to_string(),
                "must be greater than or equal to 0",
            )],
        )
        .into();
    }
    let mut obj = (*cur).clone();
    match &mut obj {
        Object::Deployment(d) => {
            if let Some(s) = d.spec.as_mut() {
                s.replicas = Some(replicas);
            }
        }
        Object::ReplicaSet(r) => {
            if let Some(s) = r.spec.as_mut() {
                s.replicas = Some(replicas);
            }
        }
        Object::StatefulSet(r) => {
            if let Some(s) = r.spec.as_mut() {
                s.replicas = Some(replicas);
            }
        }
        _ => return Status::no_route().into(),
    }
    // The Scale's resourceVersion (if any) is the precondition.
    obj.meta_mut().resource_version = v
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(String::from);
    match commit_update(e, req, obj, dry, vec![], "replicas", out) {
        Reply::Done(r) if r.code == 200 => {
            let stored: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            match Object::from_value(rp.kind, stored) {
                Ok(o) => Response::json(200, &scale_of(&o)).into(),
                Err(_) => Reply::Done(r),
            }
        }
        other => other,
    }
}

fn patch(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let (dry, mode) = match (dry_run(q), field_validation(q)) {
        (Ok(d), Ok(m)) => (d, m),
        (Err(s), _) | (_, Err(s)) => return s.into(),
    };
    let Some(pt) = req
        .content_type
        .as_deref()
        .and_then(PatchType::from_content_type)
    else {
        return Status::unsupported_media_type().into();
    };
    if q.flag("force") && pt != PatchType::Apply {
        return Status::invalid(
            "PatchOptions",
            "meta.k8s.io",
            "",
            &[FieldError::forbidden(
                "force",
                "may not be specified for non-apply patch",
            )],
        )
        .into();
    }
    if pt == PatchType::Apply {
        return Status::new(
            415,
            "UnsupportedMediaType",
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (kubestep does not implement server-side apply yet)",
        )
        .into();
    }
    let cur = match current(e, rp) {
        Ok(o) => o,
        Err(s) => return s.into(),
    };
    let doc = if rp.sub == Some(Sub::Scale) {
        scale_of(&cur)
    } else {
        cur.to_value()
    };
    let body = match std::str::from_utf8(&req.body) {
        Ok(t) => t,
        Err(_) => return Status::bad_request("error decoding patch: invalid UTF-8").into(),
    };
    let patch_v: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(err) => {
            return Status::bad_request(match pt {
                PatchType::Json => format!("error decoding patch: {}", err),
                _ => format!("error decoding patch: {}", err),
            })
            .into();
        }
    };
    let patched = match pt {
        PatchType::Merge => {
            if !patch_v.is_object() {
                return Status::bad_request(format!(
                    "error decoding patch: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_type(&patch_v)
                ))
                .into();
            }
            patch::merge_patch(&doc, &patch_v)
        }
        PatchType::Json => {
            let ops = match patch::decode_json_patch(&patch_v) {
                Ok(o) => o,
                Err(s) => return s.into(),
            };
            match patch::apply_json_patch(&doc, &ops) {
                Ok(v) => v,
                Err(_) => return Status::invalid_generic().into(),
            }
        }
        PatchType::Strategic => {
            if !patch_v.is_object() {
                return Status::bad_request(format!(
                    "error decoding patch: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                    json_type(&patch_v)
                ))
                .into();
            }
            let kind = if rp.sub == Some(Sub::Scale) {
                None
            } else {
                Some(rp.kind)
            };
            let r = match kind {
                Some(k) => patch::strategic(k, &doc, &patch_v),
                None => patch::smp::strategic_merge_patch(
                    &doc,
                    &patch_v,
                    patch::smp::Schema::new(patch::smp_meta::TYPES, ""),
                ),
            };
            match r {
                Ok(v) => v,
                Err(err) => return patch::smp_error_status(&err).into(),
            }
        }
        PatchType::Apply => unreachable!("handled above"),
    };
    if rp.sub == Some(Sub::Scale) {
        // Decoding the patched Scale (patch.go applyPatchToCurrentObject): a replicas value
        // that is no int32 is the decoder's error on the `patch` field.
        match patched.pointer("/spec/replicas") {
            None | Some(Value::Null) => {}
            Some(Value::Number(n)) if n.as_i64().is_some_and(|x| i32::try_from(x).is_ok()) => {}
            Some(other) => {
                let what = match other {
                    Value::Number(n) => format!("number {}", n),
                    v => json_type(v).to_string(),
                };
                return patch_invalid(
                    &patched,
                    &patch_v,
                    pt,
                    &format!(
                        "json: cannot unmarshal {} into Go struct field ScaleSpec.spec.replicas of type int32",
                        what
                    ),
                )
                .into();
            }
        }
        return update_scale(e, req, q, rp, Some(patched), out);
    }
    // Decode the patched document into the typed object (`patch: Invalid value` on failure).
    let (obj, warnings) = match decode::decode_fields(rp.kind, &patched) {
        Err(errs) => return patch_invalid(&patched, &patch_v, pt, &errs.join(", ")).into(),
        Ok((_, unknown)) if mode == Validation::Strict && !unknown.is_empty() => {
            return patch_invalid(
                &patched,
                &patch_v,
                pt,
                &format!("strict decoding error: {}", unknown.join(", ")),
            )
            .into();
        }
        Ok((obj, unknown)) => (
            obj,
            if mode == Validation::Warn {
                unknown
            } else {
                vec![]
            },
        ),
    };
    if let Some(s) = name_mismatch(&obj, rp) {
        return s.into();
    }
    if obj.namespace() != rp.namespace.as_deref().unwrap_or("") && rp.kind.namespaced() {
        return Status::bad_request(
            "the namespace of the provided object does not match the namespace sent on the request",
        )
        .into();
    }
    if rp.sub == Some(Sub::Status) {
        return commit_status(e, req, obj, dry, warnings, out);
    }
    commit_update(e, req, obj, dry, warnings, "spec", out)
}

/// 422 `"" is invalid: patch: Invalid value: "<patched>": <error>` (handlers/patch.go).
fn patch_invalid(patched: &Value, patch_v: &Value, pt: PatchType, detail: &str) -> Status {
    let shown = match pt {
        PatchType::Strategic => format!("map[{}]", go_map_body(patch_v)),
        _ => patched.to_string(),
    };
    Status::invalid(
        "",
        "",
        "",
        &[FieldError::invalid(
            "patch",
            crate::apiserver::validation::go_quote(&shown),
            detail,
        )],
    )
}

fn go_map_body(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.stable_sort();
            keys.iter()
                .map(|k| format!("{}:{}", k, go_plus_v(&m[*k])))
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => go_plus_v(v),
    }
}

fn go_plus_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(go_plus_v).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(_) => format!("map[{}]", go_map_body(v)),
        other => other.to_string(),
    }
}

/// DeleteOptions from the body (JSON) or, without a body, the query.
fn delete_options(
    req: &Request,
    q: &Query,
) -> Result<(DeleteOptions, bool, Option<Value>), Status> {
    let mut v = Value::Null;
    if !req.body.is_empty() {
        v = body_value(req, "DeleteOptions")?;
    }
    let get_str = |k: &str| -> Option<String> {
        v.get(k)
            .and_then(Value::as_str)
            .map(String::from)
            .or_else(|| q.get(k).map(String::from))
    };
    let grace = match v.get("gracePeriodSeconds") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::Null) | None => match q.get("gracePeriodSeconds") {
            Some(s) => Some(s.parse::<i64>().map_err(|_| {
                Status::bad_request(format!("strconv.ParseInt: parsing {:?}: invalid syntax", s))
            })?),
            None => None,
        },
        Some(_) => {
            return Err(Status::bad_request(
                "json: cannot unmarshal into Go struct field DeleteOptions.gracePeriodSeconds of type int64",
            ));
        }
    };
    let orphan = v
        .get("orphanDependents")
        .and_then(Value::as_bool)
        .or_else(|| q.get("orphanDependents").map(|s| s == "true"));
    let propagation = match get_str("propagationPolicy").as_deref() {
        None | Some("") => match orphan {
            Some(true) => Propagation::Orphan,
            _ => Propagation::Background,
        },
        Some("Background") => Propagation::Background,
        Some("Foreground") => Propagation::Foreground,
        Some("Orphan") => Propagation::Orphan,
        Some(other) => {
            return Err(Status::invalid(
                "DeleteOptions",
                "meta.k8s.io",
                "",
                &[FieldError::not_supported(
                    "propagationPolicy",
                    crate::apiserver::validation::go_quote(other),
                    &["Foreground", "Background", "Orphan", "nil"],
                )],
            ));
        }
    };
    let dry = match v.get("dryRun").and_then(Value::as_array) {
        Some(a) => a.iter().any(|x| x == "All"),
        None => dry_run(q)?,
    };
    let preconditions = v.get("preconditions").cloned();
    Ok((
        DeleteOptions {
            grace_seconds: grace,
            propagation,
        },
        dry,
        preconditions,
    ))
}

fn check_preconditions(o: &Object, pre: &Option<Value>) -> Result<(), Status> {
    let Some(p) = pre else { return Ok(()) };
    if let Some(uid) = p.get("uid").and_then(Value::as_str)
        && o.meta().uid.as_deref() != Some(uid)
    {
        return Err(Status::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{}\": Precondition failed: UID in precondition: {}, UID in object meta: {}",
                o.kind().qualified_plural(),
                o.name(),
                uid,
                o.meta().uid.as_deref().unwrap_or("")
            ),
        ));
    }
    if let Some(rv) = p.get("resourceVersion").and_then(Value::as_str)
        && o.meta().resource_version.as_deref() != Some(rv)
    {
        return Err(Status::new(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {} \"{}\": Precondition failed: ResourceVersion in precondition: {}, ResourceVersion in object meta: {}",
                o.kind().qualified_plural(),
                o.name(),
                rv,
                o.meta().resource_version.as_deref().unwrap_or("")
            ),
        ));
    }
    Ok(())
}

/// The Success Status a removed object is reported with (`finalizeDelete`).
fn deleted_status(o: &Object) -> Value {
    let mut d = serde_json::Map::new();
    d.insert("name".into(), json!(o.name()));
    if !o.kind().group().is_empty() {
        d.insert("group".into(), json!(o.kind().group()));
    }
    d.insert("kind".into(), json!(o.kind().plural()));
    d.insert("uid".into(), json!(o.meta().uid));
    status::success(200, Some(Value::Object(d)))
}

fn delete(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let (opts, dry, pre) = match delete_options(req, q) {
        Ok(x) => x,
        Err(s) => return s.into(),
    };
    let cur = match current(e, rp) {
        Ok(o) => o,
        Err(s) => return s.into(),
    };
    if let Err(s) = check_preconditions(&cur, &pre) {
        return s.into();
    }
    let key = key_of(rp);
    let client = req.client.clone();
    let result = if dry {
        let mut c = e.cluster.clone();
        let mut cx = StepCtx::new("kube-apiserver", Trigger::None);
        c.api_delete(&mut cx, &key, opts).map(|o| (o, true))
    } else {
        write_step(e, req, out, |c, cx| {
            let r = c.api_delete(cx, &key, opts);
            let still = c.store.get_obj(&key).is_some();
            if r.is_ok() && !cx.writes.is_empty() {
                cx.say(ApiWhy::Deleted {
                    client,
                    marked: still,
                    kind: key.kind,
                    key: display_key(&key),
                });
            }
            r.map(|o| (o, still))
        })
    };
    match result {
        Ok((o, true)) => ok_object(200, &o, vec![]),
        Ok((o, false)) => Response::json(200, &deleted_status(&o)).into(),
        Err(err) => Status::from(&err).into(),
    }
}

#[cfg(not(feature = "web"))]
fn delete_collection(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    if rp.kind == Kind::Namespace {
        return Status::method_not_allowed_generic().into();
    }
    let (opts, dry, _) = match delete_options(req, q) {
        Ok(x) => x,
        Err(s) => return s.into(),
    };
    let (labels, fields) = match selectors(q, rp.kind) {
        Ok(s) => s,
        Err(s) => return s.into(),
    };
    let ns = if rp.kind.namespaced() {
        rp.namespace.as_deref()
    } else {
        None
    };
    let keys: Vec<ObjKey> = e
        .cluster
        .store
        .list(rp.kind, ns)
        .iter()
        .filter(|o| {
            labels
                .as_ref()
                .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
        })
        .filter(|o| fields.matches(o))
        .map(|o| o.key())
        .collect();
    let client = req.client.clone();
    let deleted: Vec<Arc<Object>> = if dry {
        keys.iter()
            .filter_map(|k| e.cluster.store.get_obj(k).cloned())
            .collect()
    } else {
        write_step(e, req, out, |c, cx| {
            let mut res = vec![];
            for k in &keys {
                if let Ok(o) = c.api_delete(cx, k, opts) {
                    cx.say(ApiWhy::Deleted {
                        client: client.clone(),
                        marked: c.store.get_obj(k).is_some(),
                        kind: k.kind,
                        key: display_key(k),
                    });
                    res.push(o);
                }
            }
            res
        })
    };
    let items: Vec<Value> = deleted
        .iter()
        .map(|o| {
            let mut v = o.to_value();
            if let Value::Object(m) = &mut v {
                m.remove("apiVersion");
                m.remove("kind");
            }
            v
        })
        .collect();
    Response::json(
        200,
        &json!({
            "kind": format!("{}List", rp.kind.name()),
            "apiVersion": rp.kind.api_version(),
            "metadata": {"resourceVersion": e.cluster.store.revision().to_string()},
            "items": items,
        }),
    )
    .into()
}

#[cfg(not(feature = "web"))]
/// `POST pods/NAME/binding` or `POST namespaces/NS/bindings` (`pod` from the body).
fn binding(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    ns: &str,
    pod: Option<&str>,
    out: &mut ExecOutput,
) -> Response {
    let dry = match dry_run(q) {
        Ok(d) => d,
        Err(s) => return s.response(),
    };
    let v = match body_value(req, "Binding") {
        Ok(v) => v,
        Err(s) => return s.response(),
    };
    let body_name = v
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let name = match pod {
        Some(p) => {
            if !body_name.is_empty() && body_name != p {
                return Status::bad_request("name in URL does not match name in Binding object")
                    .response();
            }
            p.to_string()
        }
        None => body_name.to_string(),
    };
    let node = v
        .pointer("/target/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if node.is_empty() {
        return Status::invalid(
            "Binding",
            "",
            &name,
            &[FieldError::required("target.name", "")],
        )
        .response();
    }
    let key = ObjKey::new(Kind::Pod, ns, &name);
    let client = req.client.clone();
    let r = if dry {
        let mut c = e.cluster.clone();
        let mut cx = StepCtx::new("kube-apiserver", Trigger::None);
        c.api_bind(&mut cx, &key, &node)
    } else {
        write_step(e, req, out, |c, cx| {
            let r = c.api_bind(cx, &key, &node);
            if r.is_ok() {
                cx.say(ApiWhy::Bound {
                    client,
                    pod: display_key(&key),
                    node: node.clone(),
                });
            }
            r
        })
    };
    match r {
        Ok(_) => Response::json(201, &status::success(201, None)),
        Err(err) => Status::from(&err).response(),
    }
}

/// `POST pods/NAME/eviction` (`pkg/registry/core/pod/storage/eviction.go`): no
/// PodDisruptionBudget is modelled yet, so every eviction is allowed and deletes the pod
/// with the eviction's delete options.
fn eviction(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    rp: &ResourcePath,
    out: &mut ExecOutput,
) -> Response {
    let v = match body_value(req, "Eviction") {
        Ok(v) => v,
        Err(s) => return s.response(),
    };
    let name = rp.name.clone().unwrap_or_default();
    if let Some(n) = v.pointer("/metadata/name").and_then(Value::as_str)
        && n != name
    {
        return Status::bad_request("name in URL does not match name in Eviction object")
            .response();
    }
    let cur = match current(e, rp) {
        Ok(o) => o,
        Err(s) => return s.response(),
    };
    let del_req = Request {
        body: v
            .get("deleteOptions")
            .map(|d| d.to_string().into_bytes())
            .unwrap_or_default(),
        content_type: Some("application/json".into()),
        ..req.clone()
    };
    let (opts, dry, pre) = match delete_options(&del_req, q) {
        Ok(x) => x,
        Err(s) => return s.response(),
    };
    if let Err(s) = check_preconditions(&cur, &pre) {
        return s.response();
    }
    let pdb = match eviction_budget(&e.cluster, &cur) {
        Ok(b) => b,
        Err(s) => return s.response(),
    };
    if dry {
        return Response::json(201, &status::success(201, None));
    }
    let key = key_of(rp);
    let client = req.client.clone();
    let node = cur
        .as_pod()
        .and_then(|p| p.spec.as_ref())
        .and_then(|s| s.node_name.clone())
        .unwrap_or_default();
    let r = write_step(e, req, out, |c, cx| {
        let left = match pdb {
            Some(b) => {
                let name = b.name().to_string();
                let left = b
                    .as_pdb()
                    .and_then(|p| p.status.as_ref())
                    .map_or(0, |s| s.disruptions_allowed);
                c.api_update_status(cx, b)?;
                Some((name, left))
            }
            None => None,
        };
        // addConditionAndDeletePod: DisruptionTarget, then the (graceful) delete.
        if let Some(p) = cur.as_pod() {
            let mut p = p.clone();
            let st = p.status.get_or_insert_with(Default::default);
            let conds = st.conditions.get_or_insert_with(Vec::new);
            let cond = k8s_openapi::api::core::v1::PodCondition {
                type_: "DisruptionTarget".into(),
                status: "True".into(),
                reason: Some("EvictionByEvictionAPI".into()),
                message: Some("Eviction API: evicting".into()),
                last_transition_time: Some(c.now.to_k8s()),
                ..Default::default()
            };
            match conds.iter_mut().find(|x| x.type_ == "DisruptionTarget") {
                Some(x) if x.status == "True" => {}
                Some(x) => *x = cond,
                None => conds.push(cond),
            }
            c.api_update_status(cx, Object::from(p))?;
        }
        let r = c.api_delete(cx, &key, opts);
        if r.is_ok() && !cx.writes.is_empty() {
            cx.say(ApiWhy::Evicted {
                client,
                pod: display_key(&key),
                node,
                pdb: left,
            });
        }
        r
    });
    match r {
        Ok(_) => Response::json(201, &status::success(201, None)),
        Err(err) => Status::from(&err).response(),
    }
}

/// The PodDisruptionBudget check of an eviction (`pkg/registry/core/pod/storage/eviction.go`):
/// `Ok(Some(pdb))` is the budget with this disruption taken (its status to write), `Ok(None)`
/// an eviction no budget limits, `Err` the refusal.
fn eviction_budget(c: &Cluster, pod_obj: &Object) -> Result<Option<Object>, Status> {
    let Some(pod) = pod_obj.as_pod() else {
        return Ok(None);
    };
    // canIgnorePDB: terminal or pending pods, and pods already being deleted.
    let phase = crate::podutil::phase(pod);
    if matches!(phase, "Succeeded" | "Failed" | "Pending")
        || pod.metadata.deletion_timestamp.is_some()
    {
        return Ok(None);
    }
    let pdbs = crate::controller::disruption::pdbs_for_pod(c, pod_obj);
    let b = match pdbs.as_slice() {
        [] => return Ok(None),
        [b] => b,
        _ => {
            return Err(Status::new(
                500,
                "",
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
            ));
        }
    };
    let Some(pdb) = b.as_pdb() else {
        return Ok(None);
    };
    let name = b.name().to_string();
    let st = pdb.status.clone().unwrap_or_default();
    if !crate::podutil::is_pod_ready(pod) {
        // An unready pod: AlwaysAllow, or IfHealthyBudget (the default) while the budget is
        // met, deletes it without taking a disruption.
        let policy = pdb
            .spec
            .as_ref()
            .and_then(|s| s.unhealthy_pod_eviction_policy.as_deref());
        if policy == Some("AlwaysAllow")
            || (st.current_healthy >= st.desired_healthy && st.desired_healthy > 0)
        {
            return Ok(None);
        }
    }
    // checkAndDecrement.
    let too_many = |cause: String| {
        Status::new(
            429,
            "TooManyRequests",
            "Cannot evict pod as it would violate the pod's disruption budget.",
        )
        .with_details(json!({"causes": [{"reason": "DisruptionBudget", "message": cause}]}))
    };
    if st.observed_generation.unwrap_or(0) < b.meta().generation.unwrap_or(0) {
        // (Upstream answers with Retry-After: 10, which client-go retries by itself.)
        return Err(too_many(format!(
            "The disruption budget {} is still being processed by the server.",
            name
        )));
    }
    if st.disruptions_allowed < 0 {
        return Err(Status::new(
            403,
            "Forbidden",
            format!(
                "poddisruptionbudget.policy {:?} is forbidden: pdb disruptions allowed is negative",
                name
            ),
        ));
    }
    if st.disruptions_allowed == 0 {
        return Err(too_many(format!(
            "The disruption budget {} needs {} healthy pods and has {} currently",
            name, st.desired_healthy, st.current_healthy
        )));
    }
    let mut nb = pdb.clone();
    let ns = nb.status.get_or_insert_with(Default::default);
    ns.disruptions_allowed -= 1;
    if ns.disruptions_allowed == 0 {
        crate::controller::disruption::set_allowed_condition(ns, c.now);
    }
    ns.disrupted_pods
        .get_or_insert_with(Default::default)
        .insert(pod_obj.name().to_string(), c.now.to_k8s());
    Ok(Some(Object::from(nb)))
}

/// `GET pods/NAME/log`: the instance's log as [`crate::logs`] derives it; the errors for
/// containers that do not exist or have not started are the kubelet's
/// (`pkg/kubelet/kubelet_pods.go` validateContainerLogStatus).
fn pod_log(e: &Engine, q: &Query, rp: &ResourcePath) -> Response {
    use crate::time::SimTime;
    use std::str::FromStr;
    let o = match current(e, rp) {
        Ok(o) => o,
        Err(s) => return s.response(),
    };
    let Some(pod) = o.as_pod() else {
        return Status::no_route().response();
    };
    let name = pod.metadata.name.clone().unwrap_or_default();
    let spec = pod.spec.clone().unwrap_or_default();
    let containers: Vec<String> = spec.containers.iter().map(|c| c.name.clone()).collect();
    // pod/strategy.go LogLocation: the container must be named when there are several.
    let container = match q.get("container").filter(|c| !c.is_empty()) {
        Some(c) => c.to_string(),
        None if containers.len() == 1 => containers[0].clone(),
        None => {
            return Status::bad_request(format!(
                "a container name must be specified for pod {}, choose one of: [{}]",
                name,
                containers.join(" ")
            ))
            .response();
        }
    };
    let Some(ctr) = spec.containers.iter().find(|c| c.name == container) else {
        return Status::bad_request(format!(
            "container {} is not valid for pod {}",
            container, name
        ))
        .response();
    };
    let node = spec.node_name.clone().unwrap_or_default();
    let status = pod
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.name == container));
    let waiting_err = |reason: &str| {
        Status::bad_request(format!(
            "container \"{}\" in pod \"{}\" is waiting to start: {}",
            container, name, reason
        ))
        .response()
    };
    let Some(st) = status else {
        return waiting_err(if node.is_empty() {
            "ContainerCreating"
        } else {
            "PodInitializing"
        });
    };
    use k8s_openapi::api::core::v1::ContainerStateTerminated;
    let last = st.last_state.as_ref().and_then(|s| s.terminated.as_ref());
    let state = st.state.clone().unwrap_or_default();
    // kubelet_pods.go validateContainerLogStatus: which instance's log is served.
    enum Which<'a> {
        Running(SimTime),
        Ended(&'a ContainerStateTerminated),
    }
    let which = if q.flag("previous") {
        match last {
            Some(t) => Which::Ended(t),
            None => {
                return Status::bad_request(format!(
                    "previous terminated container \"{}\" in pod \"{}\" not found",
                    container, name
                ))
                .response();
            }
        }
    } else if let Some(r) = &state.running {
        Which::Running(
            r.started_at
                .as_ref()
                .map(SimTime::from_k8s)
                .unwrap_or(e.cluster.now),
        )
    } else if let Some(t) = &state.terminated {
        Which::Ended(t)
    } else if let Some(t) = last {
        Which::Ended(t)
    } else {
        let reason = state
            .waiting
            .as_ref()
            .and_then(|w| w.reason.clone())
            .unwrap_or_else(|| "ContainerCreating".into());
        return waiting_err(match reason.as_str() {
            "ErrImagePull" => "image can't be pulled",
            "ImagePullBackOff" => "trying and failing to pull image",
            r => r,
        });
    };
    let (started, finished) = match &which {
        Which::Running(t) => (*t, None),
        Which::Ended(t) => (
            t.started_at
                .as_ref()
                .map(SimTime::from_k8s)
                .unwrap_or(e.cluster.now),
            Some((
                t.finished_at
                    .as_ref()
                    .map(SimTime::from_k8s)
                    .unwrap_or(e.cluster.now),
                t.exit_code,
                t.reason.as_deref().unwrap_or(""),
            )),
        ),
    };
    let cpus = e
        .cluster
        .get(Kind::Node, "", &node)
        .and_then(|n| {
            n.as_node()?
                .status
                .as_ref()?
                .capacity
                .as_ref()?
                .get("cpu")
                .and_then(|q| crate::quantity::parse_quantity_millis(&q.0).ok())
                .map(|m| (m + 999) / 1000)
        })
        .unwrap_or(2);
    let image = ctr.image.clone().unwrap_or_default();
    let empty: Vec<String> = vec![];
    let inst = crate::logs::Instance {
        image: &image,
        command: ctr.command.as_ref().unwrap_or(&empty),
        args: ctr.args.as_ref().unwrap_or(&empty),
        started,
        finished,
        pod_ip: pod
            .status
            .as_ref()
            .and_then(|s| s.pod_ip.as_deref())
            .unwrap_or(""),
        cpus: u32::try_from(cpus).unwrap_or(2),
        crashed_by_fault: finished.is_some_and(|f| f.1 == 1)
            && e.cluster.faults.for_image(&image).crash_after.is_some(),
    };
    let key = format!("{}/{}", o.namespace(), name);
    let access: Vec<crate::logs::Access> = e
        .cluster
        .access
        .get(&key)
        .map(|v| v.iter().cloned().collect())
        .unwrap_or_default();
    let mut lines = crate::logs::lines(&inst, &access, e.cluster.now);
    // PodLogOptions: sinceSeconds / sinceTime, tailLines, timestamps, limitBytes.
    let since = match (q.get("sinceSeconds"), q.get("sinceTime")) {
        (Some(s), _) => s
            .parse::<i64>()
            .ok()
            .map(|s| e.cluster.now.plus(-s.saturating_mul(1000))),
        (None, Some(t)) => k8s_openapi::jiff::Timestamp::from_str(t)
            .ok()
            .map(|ts| SimTime::from_k8s(&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(ts))),
        _ => None,
    };
    if let Some(since) = since {
        lines.retain(|(t, _)| *t >= since);
    }
    if let Some(n) = q.get("tailLines").and_then(|n| n.parse::<usize>().ok())
        && lines.len() > n
    {
        lines.drain(..lines.len() - n);
    }
    let stamps = q.flag("timestamps");
    let mut text = String::new();
    for (t, l) in &lines {
        if stamps {
            let r = t.rfc3339();
            text.push_str(&format!(
                "{}.{:03}000000Z ",
                r.trim_end_matches('Z'),
                (epoch_ms(*t)).rem_euclid(1000)
            ));
        }
        text.push_str(l);
        text.push('\n');
    }
    if let Some(n) = q.get("limitBytes").and_then(|n| n.parse::<usize>().ok())
        && text.len() > n
    {
        let mut cut = n;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    Response::text(200, text)
}

/// Milliseconds since the Unix epoch of a virtual instant.
fn epoch_ms(t: crate::time::SimTime) -> i64 {
    crate::time::epoch() * 1000 + t.0
}

impl Request {
    /// The script line that replays this request: `api METHOD PATH?QUERY [--content-type T]
    /// [--accept A] [--client C]`, with the body as its stdin.
    pub fn to_argv(&self) -> Vec<String> {
        let mut a = vec!["api".to_string(), self.method.clone()];
        if self.query.is_empty() {
            a.push(self.path.clone());
        } else {
            a.push(format!("{}?{}", self.path, self.query));
        }
        for (flag, v) in [
            ("--content-type", &self.content_type),
            ("--accept", &self.accept),
        ] {
            if let Some(v) = v {
                a.push(flag.to_string());
                a.push(v.clone());
            }
        }
        if !self.client.is_empty() {
            a.push("--client".into());
            a.push(self.client.clone());
        }
        a
    }
}

#[cfg(not(feature = "web"))]
const API_USAGE: &str = "usage: api METHOD PATH[?QUERY] [--content-type TYPE] [--accept TYPE] [--client NAME] [<<EOF body EOF]";

/// The script command `api METHOD PATH`: send one request to the API server (the body is
/// the command's stdin) and print the response as `HTTP/1.1 CODE REASON`, any warnings,
/// then the body (JSON indented).
#[cfg(not(feature = "web"))]
pub(crate) fn cmd_api(e: &mut Engine, args: &[String], stdin: Option<&str>, out: &mut ExecOutput) {
    let f = match crate::kubectl::flags::parse(args, &["content-type", "accept", "client"], &[]) {
        Ok(f) => f,
        Err(m) => return out.fail(format!("api: {}\n{}", m, API_USAGE)),
    };
    let [method, target] = f.positional.as_slice() else {
        return out.fail(API_USAGE);
    };
    let method = method.to_ascii_uppercase();
    if !["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
        return out.fail(format!(
            "api: unsupported method {:?}\n{}",
            method, API_USAGE
        ));
    }
    if !target.starts_with('/') {
        return out.fail(format!("api: the path must start with '/': {:?}", target));
    }
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    let req = Request {
        method,
        path: path.to_string(),
        query: query.to_string(),
        content_type: f.get("content-type").map(String::from),
        accept: f.get("accept").map(String::from),
        client: f.get("client").unwrap_or("").to_string(),
        body: stdin.unwrap_or("").as_bytes().to_vec(),
    };
    match handle(e, &req, out) {
        Reply::Done(r) => {
            out.out(format!("HTTP/1.1 {} {}\n", r.code, r.reason()));
            for w in &r.warnings {
                out.out(format!("Warning: {}\n", w));
            }
            let text = match serde_json::from_slice::<Value>(&r.body) {
                Ok(v) if r.content_type.contains("json") => {
                    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
                }
                _ => String::from_utf8_lossy(&r.body).into_owned(),
            };
            out.out(text);
            if r.code >= 400 {
                out.exit = 1;
            }
        }
        Reply::Watch(w) => {
            out.out(
                "HTTP/1.1 200 OK (watch: the events so far; kubestep serve streams the rest)\n",
            );
            out.out(String::from_utf8_lossy(&w.frames).into_owned());
        }
    }
}

#[cfg(test)]
mod why_tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    #[test]
    fn every_api_explanation_renders_in_both_languages() {
        let c = |s: &str| s.to_string();
        let all = [
            ApiWhy::Created {
                client: c("kubectl apply"),
                kind: Kind::Deployment,
                key: c("default/web"),
            },
            ApiWhy::Updated {
                client: c("kubectl set image"),
                kind: Kind::Deployment,
                key: c("default/web"),
                what: "spec",
            },
            ApiWhy::Updated {
                client: c("kubectl scale"),
                kind: Kind::Deployment,
                key: c("default/web"),
                what: "replicas",
            },
            ApiWhy::Deleted {
                client: c("kubectl delete"),
                marked: true,
                kind: Kind::Pod,
                key: c("default/p"),
            },
            ApiWhy::Deleted {
                client: c(""),
                marked: false,
                kind: Kind::Pod,
                key: c("default/p"),
            },
            ApiWhy::Evicted {
                client: c("kubectl drain"),
                pod: c("default/p"),
                node: c("worker-1"),
                pdb: None,
            },
            ApiWhy::Evicted {
                client: c("kubectl drain"),
                pod: c("default/p"),
                node: c("worker-1"),
                pdb: Some((c("web"), 0)),
            },
            ApiWhy::Bound {
                client: c("OpenAPI-Generator"),
                pod: c("default/p"),
                node: c("worker-2"),
            },
        ];
        let index = |w: &ApiWhy| match w {
            ApiWhy::Created { .. } => 0,
            ApiWhy::Updated { what: "spec", .. } => 1,
            ApiWhy::Updated { .. } => 2,
            ApiWhy::Deleted { marked: true, .. } => 3,
            ApiWhy::Deleted { .. } => 4,
            ApiWhy::Evicted { pdb: None, .. } => 5,
            ApiWhy::Bound { .. } => 6,
            ApiWhy::Evicted { .. } => 7,
        };
        crate::runtime::step::check_all(&all, index, 8);
        assert_eq!(all[0].en(), "kubectl apply: created Deployment default/web");
        assert_eq!(all[0].zh(), "kubectl apply：创建了 Deployment default/web");
        assert_eq!(
            all[2].en(),
            "kubectl scale: updated the replicas of Deployment default/web"
        );
        assert_eq!(all[4].en(), "an API client: removed Pod default/p");
        assert_eq!(all[4].zh(), "API 客户端：移除了 Pod default/p");
        assert_eq!(
            all[5].en(),
            "kubectl drain: evicted pod default/p from worker-1 (eviction subresource; no PodDisruptionBudget limits it): marked it DisruptionTarget and deleted it"
        );
    }
}

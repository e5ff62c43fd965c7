//! `metrics.k8s.io/v1beta1`, served by metrics-server through the aggregation layer
//! (kubernetes-sigs/metrics-server `pkg/api`): PodMetrics and NodeMetrics, read only, from
//! what the last scrapes hold ([`crate::metrics`]). While no metrics-server is Ready the
//! APIService is unavailable: the group is not discovered and its paths are not found.

use serde_json::{Value, json};

use crate::engine::Engine;
use crate::labels::Selector;
use crate::metrics::{NodeSample, PodSample, cpu_quantity, memory_quantity, window};
use crate::object::Kind;

use super::query::Query;
use super::status::Status;
use super::{Reply, Request, Response};

/// The group and its one version.
pub const GROUP: &str = "metrics.k8s.io";
pub const VERSION: &str = "v1beta1";

/// A metrics path: `pods` (namespaced or across namespaces) or `nodes`, maybe one name.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricsPath {
    pub nodes: bool,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

/// Parse the part of a path after `/apis/metrics.k8s.io/v1beta1`. `Some(None)` is the
/// group-version itself.
pub fn parse(rest: &[&str]) -> Option<Option<MetricsPath>> {
    let p = |nodes, ns: Option<&str>, name: Option<&str>| {
        Some(Some(MetricsPath {
            nodes,
            namespace: ns.map(String::from),
            name: name.map(String::from),
        }))
    };
    match rest {
        [] => Some(None),
        ["nodes"] => p(true, None, None),
        ["nodes", n] => p(true, None, Some(n)),
        ["pods"] => p(false, None, None),
        ["namespaces", ns, "pods"] => p(false, Some(ns), None),
        ["namespaces", ns, "pods", n] => p(false, Some(ns), Some(n)),
        _ => None,
    }
}

/// The APIResourceList of the group-version.
pub fn resource_list() -> Value {
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1", "resources": [
        {"name": "nodes", "singularName": "", "namespaced": false, "kind": "NodeMetrics", "verbs": ["get", "list"]},
        {"name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics", "verbs": ["get", "list"]}
    ]})
}

/// The group as legacy `/apis` lists it.
pub fn group_entry() -> Value {
    json!({
        "name": GROUP,
        "versions": [{"groupVersion": "metrics.k8s.io/v1beta1", "version": VERSION}],
        "preferredVersion": {"groupVersion": "metrics.k8s.io/v1beta1", "version": VERSION}
    })
}

/// The group as aggregated discovery lists it.
pub fn aggregated_group() -> Value {
    json!({
        "metadata": {"name": GROUP, "creationTimestamp": null},
        "versions": [{"version": VERSION, "resources": [
            {"resource": "nodes", "responseKind": {"group": GROUP, "version": VERSION, "kind": "NodeMetrics"}, "scope": "Cluster", "singularResource": "", "verbs": ["get", "list"]},
            {"resource": "pods", "responseKind": {"group": GROUP, "version": VERSION, "kind": "PodMetrics"}, "scope": "Namespaced", "singularResource": "", "verbs": ["get", "list"]}
        ], "freshness": "Current"}]
    })
}

fn usage(cpu: i64, mem: i64) -> Value {
    json!({"cpu": cpu_quantity(cpu), "memory": memory_quantity(mem)})
}

fn pod_metrics(e: &Engine, ns: &str, name: &str, s: &PodSample) -> Value {
    let labels = e
        .cluster
        .get(Kind::Pod, ns, name)
        .and_then(|o| o.meta().labels.clone())
        .unwrap_or_default();
    let containers: Vec<Value> = s
        .containers
        .iter()
        .map(|(c, u)| json!({"name": c, "usage": usage(u.cpu_milli, u.memory)}))
        .collect();
    json!({
        "kind": "PodMetrics",
        "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": meta(name, Some(ns), e, labels),
        "timestamp": s.timestamp.rfc3339(),
        "window": window(s.window),
        "containers": containers
    })
}

fn node_metrics(e: &Engine, name: &str, s: &NodeSample) -> Value {
    let labels = e
        .cluster
        .get(Kind::Node, "", name)
        .and_then(|o| o.meta().labels.clone())
        .unwrap_or_default();
    json!({
        "kind": "NodeMetrics",
        "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": meta(name, None, e, labels),
        "timestamp": s.timestamp.rfc3339(),
        "window": window(s.window),
        "usage": usage(s.usage.cpu_milli, s.usage.memory)
    })
}

/// ObjectMeta as metrics-server writes it: created now, labels omitted when empty.
fn meta(
    name: &str,
    ns: Option<&str>,
    e: &Engine,
    labels: std::collections::BTreeMap<String, String>,
) -> Value {
    let mut m = json!({"name": name, "creationTimestamp": e.cluster.now.rfc3339()});
    if let Some(ns) = ns {
        m["namespace"] = json!(ns);
    }
    if !labels.is_empty() {
        m["labels"] = json!(labels);
    }
    m
}

/// A metrics GET of one object that is not served (`pkg/api/pod.go`, `node.go`): the
/// object itself missing is the lister's NotFound (`pods "x" not found`); an object without
/// metrics is `podmetrics.metrics.k8s.io "ns/x" not found` (`nodemetrics…` for nodes).
fn not_found(e: &Engine, kind: Kind, ns: &str, name: &str) -> Reply {
    if e.cluster.get(kind, ns, name).is_none() {
        return Status::not_found(kind, name).into();
    }
    let (what, shown) = if kind == Kind::Pod {
        ("podmetrics", format!("{}/{}", ns, name))
    } else {
        ("nodemetrics", name.to_string())
    };
    Status::new(
        404,
        "NotFound",
        format!("{}.metrics.k8s.io \"{}\" not found", what, shown),
    )
    .with_details(json!({"name": shown, "group": GROUP, "kind": what}))
    .into()
}

/// GET a metrics path.
pub fn handle(e: &Engine, req: &Request, q: &Query, mp: &MetricsPath) -> Reply {
    if req.method != "GET" {
        return Status::method_not_allowed_generic().into();
    }
    let sel = match q.get("labelSelector").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match Selector::parse(s) {
            Ok(s) => Some(s),
            Err(m) => return Status::bad_request(m).into(),
        },
    };
    let m = &e.cluster.metrics;
    if mp.nodes {
        if let Some(n) = &mp.name {
            return match m.nodes.get(n) {
                Some(s) => Response::json(200, &node_metrics(e, n, s)).into(),
                None => not_found(e, Kind::Node, "", n),
            };
        }
        let items: Vec<Value> = m
            .nodes
            .iter()
            .filter(|(n, _)| {
                sel.as_ref().is_none_or(|s| {
                    s.matches_opt(
                        e.cluster
                            .get(Kind::Node, "", n)
                            .and_then(|o| o.meta().labels.clone())
                            .as_ref(),
                    )
                })
            })
            .map(|(n, s)| node_metrics(e, n, s))
            .collect();
        return Response::json(
            200,
            &json!({"kind": "NodeMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items}),
        )
        .into();
    }
    if let (Some(ns), Some(n)) = (&mp.namespace, &mp.name) {
        return match m.pods.get(&(ns.clone(), n.clone())) {
            Some(s) => Response::json(200, &pod_metrics(e, ns, n, s)).into(),
            None => not_found(e, Kind::Pod, ns, n),
        };
    }
    let items: Vec<Value> = m
        .pods
        .iter()
        .filter(|((ns, _), _)| mp.namespace.as_ref().is_none_or(|x| x == ns))
        .filter(|((ns, n), _)| {
            sel.as_ref().is_none_or(|s| {
                s.matches_opt(
                    e.cluster
                        .get(Kind::Pod, ns, n)
                        .and_then(|o| o.meta().labels.clone())
                        .as_ref(),
                )
            })
        })
        .map(|((ns, n), s)| pod_metrics(e, ns, n, s))
        .collect();
    Response::json(
        200,
        &json!({"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items}),
    )
    .into()
}

//! The URL space: which paths exist, and the resources behind them with their verbs,
//! short names, categories and subresources (what discovery advertises and the router
//! accepts), in the order a v1.32 API server lists them.

use crate::object::Kind;

use super::query::path_decode;

/// A subresource the server serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sub {
    Status,
    Scale,
    Binding,
    Eviction,
    Log,
}

impl Sub {
    pub fn name(self) -> &'static str {
        match self {
            Sub::Status => "status",
            Sub::Scale => "scale",
            Sub::Binding => "binding",
            Sub::Eviction => "eviction",
            Sub::Log => "log",
        }
    }

    /// Verbs of the subresource.
    pub fn verbs(self) -> &'static [&'static str] {
        match self {
            Sub::Status | Sub::Scale => &["get", "patch", "update"],
            Sub::Binding | Sub::Eviction => &["create"],
            Sub::Log => &["get"],
        }
    }

    /// (group, version, kind) of the object the subresource takes and returns.
    pub fn response_kind(self, parent: Kind) -> (&'static str, &'static str, &'static str) {
        match self {
            Sub::Status | Sub::Log => (parent.group(), "v1", parent.name()),
            Sub::Scale => ("autoscaling", "v1", "Scale"),
            Sub::Binding => ("", "v1", "Binding"),
            Sub::Eviction => ("policy", "v1", "Eviction"),
        }
    }
}

/// Every verb of a full resource.
pub const ALL_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

/// A served resource (a kind's REST endpoint).
#[derive(Clone, Copy, Debug)]
pub struct Resource {
    pub kind: Kind,
    pub singular: &'static str,
    pub short_names: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub subresources: &'static [Sub],
}

const NS_VERBS: &[&str] = &[
    "create", "delete", "get", "list", "patch", "update", "watch",
];

/// The served resources in discovery order: groups by priority (core, apps,
/// coordination.k8s.io, discovery.k8s.io), resources alphabetically within a group.
pub const RESOURCES: &[Resource] = &[
    Resource {
        kind: Kind::Endpoints,
        singular: "endpoints",
        short_names: &["ep"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Event,
        singular: "event",
        short_names: &["ev"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Namespace,
        singular: "namespace",
        short_names: &["ns"],
        verbs: NS_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Node,
        singular: "node",
        short_names: &["no"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Pod,
        singular: "pod",
        short_names: &["po"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Binding, Sub::Eviction, Sub::Log, Sub::Status],
    },
    Resource {
        kind: Kind::Service,
        singular: "service",
        short_names: &["svc"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Deployment,
        singular: "deployment",
        short_names: &["deploy"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Scale, Sub::Status],
    },
    Resource {
        kind: Kind::ReplicaSet,
        singular: "replicaset",
        short_names: &["rs"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Scale, Sub::Status],
    },
    Resource {
        kind: Kind::Lease,
        singular: "lease",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::EndpointSlice,
        singular: "endpointslice",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
];

/// The API groups other than core, in discovery order.
pub const GROUPS: &[&str] = &["apps", "coordination.k8s.io", "discovery.k8s.io"];

/// The resource of a kind.
pub fn resource_of(kind: Kind) -> &'static Resource {
    RESOURCES
        .iter()
        .find(|r| r.kind == kind)
        .expect("every kind is served")
}

/// The resources of one group ("" for core).
pub fn resources_in(group: &str) -> impl Iterator<Item = &'static Resource> + '_ {
    RESOURCES.iter().filter(move |r| r.kind.group() == group)
}

/// A request path, parsed.
#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Version,
    Healthz,
    /// `/api` (core versions) or, aggregated, the core group's discovery.
    Api,
    /// `/apis`.
    Apis,
    /// `/apis/GROUP`.
    Group(String),
    /// `/api/v1` or `/apis/GROUP/VERSION`: the group-version's resource list.
    GroupVersion(String),
    /// `/openapi/v3`.
    OpenApiIndex,
    /// `/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`: the group-version, e.g. `apps/v1`.
    OpenApi(String),
    /// `/openapi/v2`.
    OpenApiV2,
    /// `POST /api/v1/namespaces/NS/bindings`.
    Bindings {
        namespace: String,
    },
    /// A resource path.
    Resource(ResourcePath),
    /// kubestep's own endpoint (`/kubestep/v1/...`), for `kubestep ctl`.
    Kubestep(String),
}

/// `/api/v1/namespaces/NS/pods/NAME/status` and friends.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourcePath {
    pub kind: Kind,
    /// `Some(ns)` for a namespaced path; `None` for cluster-scoped kinds and for
    /// all-namespaces lists (`/api/v1/pods`).
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub sub: Option<Sub>,
    /// The legacy `/api/v1/watch/...` form.
    pub watch_prefix: bool,
}

/// Parse a request path. `None`: no such path (the server answers 404).
pub fn parse(path: &str) -> Option<Route> {
    let path = path.trim_end_matches('/');
    let segs: Vec<String> = path.split('/').skip(1).map(path_decode).collect::<Vec<_>>();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    match s.as_slice() {
        ["version"] => Some(Route::Version),
        ["healthz" | "livez" | "readyz"] => Some(Route::Healthz),
        ["api"] => Some(Route::Api),
        ["apis"] => Some(Route::Apis),
        ["kubestep", rest @ ..] => Some(Route::Kubestep(rest.join("/"))),
        ["openapi", "v3"] => Some(Route::OpenApiIndex),
        ["openapi", "v2"] => Some(Route::OpenApiV2),
        ["openapi", "v3", "api", "v1"] => Some(Route::OpenApi("v1".into())),
        ["openapi", "v3", "apis", g, v] if GROUPS.contains(g) && *v == "v1" => {
            Some(Route::OpenApi(format!("{}/{}", g, v)))
        }
        ["api", "v1"] => Some(Route::GroupVersion("v1".into())),
        ["apis", g] if GROUPS.contains(g) => Some(Route::Group(g.to_string())),
        ["apis", g, "v1"] if GROUPS.contains(g) => Some(Route::GroupVersion(format!("{}/v1", g))),
        ["api", "v1", rest @ ..] => resource_route("", rest),
        ["apis", g, "v1", rest @ ..] if GROUPS.contains(g) => resource_route(g, rest),
        _ => None,
    }
}

fn lookup(group: &str, plural: &str) -> Option<Kind> {
    resources_in(group)
        .find(|r| r.kind.plural() == plural)
        .map(|r| r.kind)
}

fn sub_of(kind: Kind, name: &str) -> Option<Sub> {
    resource_of(kind)
        .subresources
        .iter()
        .copied()
        .find(|s| s.name() == name)
}

fn resource_route(group: &str, rest: &[&str]) -> Option<Route> {
    let (watch_prefix, rest) = match rest {
        ["watch", r @ ..] => (true, r),
        r => (false, r),
    };
    let path = |kind, namespace: Option<&str>, name: Option<&str>, sub| {
        Some(Route::Resource(ResourcePath {
            kind,
            namespace: namespace.map(String::from),
            name: name.map(String::from),
            sub,
            watch_prefix,
        }))
    };
    match rest {
        ["namespaces", ns, "bindings"] if group.is_empty() && !watch_prefix => {
            Some(Route::Bindings {
                namespace: ns.to_string(),
            })
        }
        ["namespaces", name, "status"] if group.is_empty() && !watch_prefix => {
            path(Kind::Namespace, None, Some(name), Some(Sub::Status))
        }
        ["namespaces", ns, plural, tail @ ..] => {
            let kind = lookup(group, plural)?;
            if !kind.namespaced() {
                return None;
            }
            match tail {
                [] => path(kind, Some(ns), None, None),
                [name] => path(kind, Some(ns), Some(name), None),
                [name, sub] if !watch_prefix => {
                    path(kind, Some(ns), Some(name), Some(sub_of(kind, sub)?))
                }
                _ => None,
            }
        }
        // Namespaces themselves: /api/v1/namespaces[/NAME[/status]].
        ["namespaces"] if group.is_empty() => path(Kind::Namespace, None, None, None),
        ["namespaces", name] if group.is_empty() => path(Kind::Namespace, None, Some(name), None),
        [plural, tail @ ..] => {
            let kind = lookup(group, plural)?;
            match tail {
                [] => path(kind, None, None, None),
                [name] if !kind.namespaced() => path(kind, None, Some(name), None),
                [name, sub] if !kind.namespaced() && !watch_prefix => {
                    path(kind, None, Some(name), Some(sub_of(kind, sub)?))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(p: &str) -> ResourcePath {
        match parse(p) {
            Some(Route::Resource(r)) => r,
            other => panic!("{p}: {other:?}"),
        }
    }

    #[test]
    fn parses_resource_paths() {
        let r = res("/apis/apps/v1/namespaces/default/deployments/web/scale");
        assert_eq!(r.kind, Kind::Deployment);
        assert_eq!(r.namespace.as_deref(), Some("default"));
        assert_eq!(r.name.as_deref(), Some("web"));
        assert_eq!(r.sub, Some(Sub::Scale));
        let r = res("/api/v1/pods");
        assert_eq!(
            (r.kind, r.namespace.clone(), r.name.clone()),
            (Kind::Pod, None, None)
        );
        let r = res("/api/v1/nodes/worker-1/status");
        assert_eq!((r.kind, r.sub), (Kind::Node, Some(Sub::Status)));
        let r = res("/api/v1/namespaces/kube-system");
        assert_eq!(
            (r.kind, r.name.as_deref()),
            (Kind::Namespace, Some("kube-system"))
        );
        let r = res("/api/v1/watch/namespaces/default/pods");
        assert!(r.watch_prefix);
        assert_eq!(
            parse("/api/v1/namespaces/default/bindings"),
            Some(Route::Bindings {
                namespace: "default".into()
            })
        );
    }

    #[test]
    fn refuses_what_is_not_served() {
        for p in [
            "/apis/apps/v1/namespaces/default/pods",
            "/api/v1/namespaces/default/deployments",
            "/apis/batch/v1/jobs",
            "/api/v1/namespaces/default/pods/x/exec",
            "/api/v1/namespaces/default/nodes/x",
            "/api/v2/pods",
            "/apis/apps/v1/namespaces/default/deployments/a/b/c",
            "/nope",
        ] {
            assert_eq!(parse(p), None, "{p}");
        }
        assert_eq!(parse("/version/"), Some(Route::Version));
        assert_eq!(
            parse("/openapi/v3/apis/apps/v1"),
            Some(Route::OpenApi("apps/v1".into()))
        );
    }
}

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
    /// `namespaces/NAME/finalize`: PUT the namespace's `spec.finalizers`.
    Finalize,
}

impl Sub {
    pub fn name(self) -> &'static str {
        match self {
            Sub::Status => "status",
            Sub::Scale => "scale",
            Sub::Binding => "binding",
            Sub::Eviction => "eviction",
            Sub::Log => "log",
            Sub::Finalize => "finalize",
        }
    }

    /// Verbs of the subresource.
    pub fn verbs(self) -> &'static [&'static str] {
        match self {
            Sub::Status | Sub::Scale => &["get", "patch", "update"],
            Sub::Binding | Sub::Eviction => &["create"],
            Sub::Finalize => &["update"],
            Sub::Log => &["get"],
        }
    }

    /// (group, version, kind) of the object the subresource takes and returns.
    pub fn response_kind(self, parent: Kind) -> (&'static str, &'static str, &'static str) {
        match self {
            Sub::Status | Sub::Log | Sub::Finalize => {
                (parent.group(), version_of(parent.group()), parent.name())
            }
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
    /// The API group it is served in (the kind's own, but events are also served as
    /// `events.k8s.io/v1`, converted).
    pub group: &'static str,
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
/// events.k8s.io, batch, storage.k8s.io, coordination.k8s.io, discovery.k8s.io — kube-apiserver's
/// `apiVersionPriorities`), resources alphabetically within a group.
pub const RESOURCES: &[Resource] = &[
    Resource {
        kind: Kind::ConfigMap,
        group: "",
        singular: "configmap",
        short_names: &["cm"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Endpoints,
        group: "",
        singular: "endpoints",
        short_names: &["ep"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Event,
        group: "",
        singular: "event",
        short_names: &["ev"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::LimitRange,
        group: "",
        singular: "limitrange",
        short_names: &["limits"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Namespace,
        group: "",
        singular: "namespace",
        short_names: &["ns"],
        verbs: NS_VERBS,
        categories: &[],
        subresources: &[Sub::Finalize, Sub::Status],
    },
    Resource {
        kind: Kind::Node,
        group: "",
        singular: "node",
        short_names: &["no"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::PersistentVolumeClaim,
        group: "",
        singular: "persistentvolumeclaim",
        short_names: &["pvc"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::PersistentVolume,
        group: "",
        singular: "persistentvolume",
        short_names: &["pv"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Pod,
        group: "",
        singular: "pod",
        short_names: &["po"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Binding, Sub::Eviction, Sub::Log, Sub::Status],
    },
    Resource {
        kind: Kind::ResourceQuota,
        group: "",
        singular: "resourcequota",
        short_names: &["quota"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Secret,
        group: "",
        singular: "secret",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::ServiceAccount,
        group: "",
        singular: "serviceaccount",
        short_names: &["sa"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Service,
        group: "",
        singular: "service",
        short_names: &["svc"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::ControllerRevision,
        group: "apps",
        singular: "controllerrevision",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::DaemonSet,
        group: "apps",
        singular: "daemonset",
        short_names: &["ds"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Deployment,
        group: "apps",
        singular: "deployment",
        short_names: &["deploy"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Scale, Sub::Status],
    },
    Resource {
        kind: Kind::ReplicaSet,
        group: "apps",
        singular: "replicaset",
        short_names: &["rs"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Scale, Sub::Status],
    },
    Resource {
        kind: Kind::StatefulSet,
        group: "apps",
        singular: "statefulset",
        short_names: &["sts"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Scale, Sub::Status],
    },
    // events.k8s.io/v1: the same objects as core/v1 events, converted
    // (pkg/apis/events/v1/conversion.go); same short name, lower priority.
    Resource {
        kind: Kind::Event,
        group: "events.k8s.io",
        singular: "event",
        short_names: &["ev"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::HorizontalPodAutoscaler,
        group: "autoscaling",
        singular: "horizontalpodautoscaler",
        short_names: &["hpa"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Status],
    },
    // batch/v1 in the installer's sorted path order: cronjobs before jobs.
    Resource {
        kind: Kind::CronJob,
        group: "batch",
        singular: "cronjob",
        short_names: &["cj"],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::Job,
        group: "batch",
        singular: "job",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &["all"],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::PodDisruptionBudget,
        group: "policy",
        singular: "poddisruptionbudget",
        short_names: &["pdb"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[Sub::Status],
    },
    Resource {
        kind: Kind::StorageClass,
        group: "storage.k8s.io",
        singular: "storageclass",
        short_names: &["sc"],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::Lease,
        group: "coordination.k8s.io",
        singular: "lease",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
    Resource {
        kind: Kind::EndpointSlice,
        group: "discovery.k8s.io",
        singular: "endpointslice",
        short_names: &[],
        verbs: ALL_VERBS,
        categories: &[],
        subresources: &[],
    },
];

/// The API groups other than core, in discovery order.
pub const GROUPS: &[&str] = &[
    "apps",
    "events.k8s.io",
    "autoscaling",
    "batch",
    "policy",
    "storage.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
];

/// The one version kubestep serves of a group (`autoscaling/v2`; `v1` for the others).
pub fn version_of(group: &str) -> &'static str {
    match group {
        "autoscaling" => "v2",
        _ => "v1",
    }
}

/// `GROUP/VERSION` of a group (`v1` for core).
pub fn group_version(group: &str) -> String {
    if group.is_empty() {
        "v1".to_string()
    } else {
        format!("{}/{}", group, version_of(group))
    }
}

/// The group of a `GROUP/VERSION` kubestep serves (`""` for `v1`), if it serves it.
pub fn group_of_version(gv: &str) -> Option<&'static str> {
    if gv == "v1" {
        return Some("");
    }
    let (g, v) = gv.split_once('/')?;
    GROUPS
        .iter()
        .copied()
        .find(|x| *x == g && version_of(x) == v)
}

/// The resource of a kind (in its own group).
pub fn resource_of(kind: Kind) -> &'static Resource {
    RESOURCES
        .iter()
        .find(|r| r.kind == kind && r.group == kind.group())
        .expect("every kind is served")
}

/// The resources of one group ("" for core).
pub fn resources_in(group: &str) -> impl Iterator<Item = &'static Resource> + '_ {
    RESOURCES.iter().filter(move |r| r.group == group)
}

/// The warnings client-go's shortcut expander gives for a resource argument
/// (`k8s.io/client-go/restmapper/shortcut.go` expandResourceShortcut): a short name that
/// several served resources share resolves to the one of highest priority (discovery
/// order), and each other one is named — e.g. `ev`, which both core/v1 and events.k8s.io/v1
/// events claim. A full resource name, or a group given with the name, expands nothing.
pub fn shortcut_warnings(arg: &str) -> Vec<String> {
    let arg = arg.to_ascii_lowercase();
    if arg.contains('.')
        || RESOURCES
            .iter()
            .any(|r| r.kind.plural() == arg || r.singular == arg)
    {
        return vec![];
    }
    let mut matches = RESOURCES
        .iter()
        .filter(|r| r.short_names.contains(&arg.as_str()));
    let Some(first) = matches.next() else {
        return vec![];
    };
    let mut seen: Vec<(&str, &str)> = vec![(first.group, first.kind.plural())];
    let mut out = vec![];
    for r in matches {
        let gr = (r.group, r.kind.plural());
        if seen.contains(&gr) {
            continue;
        }
        seen.push(gr);
        let long = if r.group.is_empty() {
            r.kind.plural().to_string()
        } else {
            format!("{}.{}", r.kind.plural(), r.group)
        };
        out.push(format!(
            "short name {:?} could also match lower priority resource {}",
            arg, long
        ));
    }
    out
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
    /// `/apis/metrics.k8s.io/v1beta1/...` (metrics-server's aggregated API).
    Metrics(super::metrics::MetricsPath),
    /// `/apis/metrics.k8s.io/v1beta1`.
    MetricsVersion,
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
    /// Served as `events.k8s.io/v1` (converted from the stored core/v1 events).
    pub events_v1: bool,
    /// Served as `autoscaling/v1` (converted from the stored autoscaling/v2 objects).
    pub hpa_v1: bool,
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
        ["openapi", "v3", "apis", g, v] if GROUPS.contains(g) && *v == version_of(g) => {
            Some(Route::OpenApi(format!("{}/{}", g, v)))
        }
        ["api", "v1"] => Some(Route::GroupVersion("v1".into())),
        ["apis", g] if GROUPS.contains(g) || *g == super::metrics::GROUP => {
            Some(Route::Group(g.to_string()))
        }
        ["apis", "metrics.k8s.io", "v1beta1", rest @ ..] => match super::metrics::parse(rest)? {
            None => Some(Route::MetricsVersion),
            Some(mp) => Some(Route::Metrics(mp)),
        },
        ["apis", g, v] if GROUPS.contains(g) && *v == version_of(g) => {
            Some(Route::GroupVersion(format!("{}/{}", g, v)))
        }
        ["api", "v1", rest @ ..] => resource_route("", rest, false),
        ["apis", g, v, rest @ ..] if GROUPS.contains(g) && *v == version_of(g) => {
            resource_route(g, rest, false)
        }
        // autoscaling/v1: the same HorizontalPodAutoscalers, converted (what kubectl autoscale posts).
        ["apis", "autoscaling", "v1", rest @ ..] => resource_route("autoscaling", rest, true),
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

fn resource_route(group: &str, rest: &[&str], hpa_v1: bool) -> Option<Route> {
    let (watch_prefix, rest) = match rest {
        ["watch", r @ ..] => (true, r),
        r => (false, r),
    };
    let events_v1 = group == "events.k8s.io";
    let path = |kind, namespace: Option<&str>, name: Option<&str>, sub| {
        Some(Route::Resource(ResourcePath {
            kind,
            namespace: namespace.map(String::from),
            name: name.map(String::from),
            sub,
            watch_prefix,
            events_v1,
            hpa_v1,
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
        ["namespaces", name, "finalize"] if group.is_empty() && !watch_prefix => {
            path(Kind::Namespace, None, Some(name), Some(Sub::Finalize))
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

    /// What kubectl 1.32.4 prints for these arguments against a discovery that serves
    /// events in core/v1 and events.k8s.io/v1 (checked with the real binary).
    #[test]
    fn ambiguous_short_names_warn() {
        assert_eq!(
            shortcut_warnings("ev"),
            ["short name \"ev\" could also match lower priority resource events.events.k8s.io"]
        );
        for quiet in [
            "events",
            "event",
            "ev.events.k8s.io",
            "po",
            "deploy",
            "rs",
            "nope",
        ] {
            assert!(shortcut_warnings(quiet).is_empty(), "{}", quiet);
        }
        let r = res("/apis/events.k8s.io/v1/namespaces/default/events/x");
        assert!(r.events_v1 && r.kind == Kind::Event);
        assert!(!res("/api/v1/namespaces/default/events/x").events_v1);
    }

    #[test]
    fn refuses_what_is_not_served() {
        for p in [
            "/apis/apps/v1/namespaces/default/pods",
            "/api/v1/namespaces/default/deployments",
            "/apis/batch/v1/horizontalpodautoscalers",
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

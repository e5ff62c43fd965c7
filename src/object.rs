//! API object kinds and a type-erased object wrapper around the `k8s-openapi` types.
//!
//! Every object stored in [`crate::store::Store`] is an [`Object`]; the [`Kind`] tells which
//! REST resource it belongs to (group, version, plural, scope), mirroring the API server's
//! RESTMapper for the handful of kinds kubestep serves.

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{Endpoints, Event, Namespace, Node, Pod, Service};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

/// The kinds kubestep serves, in the order `kubectl get all` style listings use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Namespace,
    Node,
    Lease,
    Deployment,
    ReplicaSet,
    Pod,
    Event,
    Service,
    EndpointSlice,
    /// core/v1 Endpoints (written by the endpoints controller).
    Endpoints,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Lease,
        Kind::Deployment,
        Kind::ReplicaSet,
        Kind::Pod,
        Kind::Event,
        Kind::Service,
        Kind::EndpointSlice,
        Kind::Endpoints,
    ];

    /// `Kind` as written in manifests (`Deployment`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::Lease => "Lease",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Pod => "Pod",
            Kind::Event => "Event",
            Kind::Service => "Service",
            Kind::EndpointSlice => "EndpointSlice",
            Kind::Endpoints => "Endpoints",
        }
    }

    /// API group ("" for core).
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet => "apps",
            Kind::Lease => "coordination.k8s.io",
            Kind::EndpointSlice => "discovery.k8s.io",
            _ => "",
        }
    }

    /// `apiVersion` field value (`apps/v1`, `v1`).
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::Lease => "coordination.k8s.io/v1",
            Kind::EndpointSlice => "discovery.k8s.io/v1",
            _ => "v1",
        }
    }

    /// Lower-case plural resource name (`deployments`).
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Node => "nodes",
            Kind::Lease => "leases",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::Pod => "pods",
            Kind::Event => "events",
            Kind::Service => "services",
            Kind::EndpointSlice => "endpointslices",
            Kind::Endpoints => "endpoints",
        }
    }

    /// Group-qualified plural as the API server names a resource in errors
    /// (`deployments.apps`, `pods`).
    pub fn qualified_plural(self) -> String {
        match self.group() {
            "" => self.plural().to_string(),
            g => format!("{}.{}", self.plural(), g),
        }
    }

    /// Lower-case kind with group as kubectl prints object references
    /// (`deployment.apps`, `pod`).
    pub fn qualified_singular(self) -> String {
        let lower = self.name().to_ascii_lowercase();
        match self.group() {
            "" => lower,
            g => format!("{}.{}", lower, g),
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(self, Kind::Namespace | Kind::Node)
    }

    /// Resolve a kubectl resource argument: plural, singular, short name or
    /// group-qualified form (`po`, `pod`, `pods`, `deploy`, `deployments.apps`).
    pub fn from_resource(arg: &str) -> Option<Kind> {
        let arg = arg.to_ascii_lowercase();
        let (base, group) = match arg.split_once('.') {
            Some((b, g)) => (b.to_string(), Some(g.to_string())),
            None => (arg.clone(), None),
        };
        let kind = match base.as_str() {
            "ns" | "namespace" | "namespaces" => Kind::Namespace,
            "no" | "node" | "nodes" => Kind::Node,
            "lease" | "leases" => Kind::Lease,
            "deploy" | "deployment" | "deployments" => Kind::Deployment,
            "rs" | "replicaset" | "replicasets" => Kind::ReplicaSet,
            "po" | "pod" | "pods" => Kind::Pod,
            "ev" | "event" | "events" => Kind::Event,
            "svc" | "service" | "services" => Kind::Service,
            "endpointslice" | "endpointslices" => Kind::EndpointSlice,
            "ep" | "endpoints" => Kind::Endpoints,
            _ => return None,
        };
        match group {
            None => Some(kind),
            Some(g) if g == kind.group() || (kind.group().is_empty() && g == "v1") => Some(kind),
            Some(g) if kind == Kind::Event && g == "events.k8s.io" => Some(kind),
            Some(_) => None,
        }
    }

    /// Resolve a manifest's `apiVersion` + `kind`.
    pub fn from_type(api_version: &str, kind: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == kind && k.api_version() == api_version)
    }
}

/// Identity of a stored object: kind, namespace ("" for cluster-scoped) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjKey {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
}

impl ObjKey {
    pub fn new(kind: Kind, namespace: &str, name: &str) -> ObjKey {
        ObjKey {
            kind,
            namespace: if kind.namespaced() {
                namespace.to_string()
            } else {
                String::new()
            },
            name: name.to_string(),
        }
    }

    /// `namespace/name` (or `name` for cluster-scoped objects), the work-queue key format.
    pub fn ns_name(&self) -> String {
        if self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        }
    }
}

/// A stored API object of one of the served kinds.
///
/// Every variant is boxed: the k8s-openapi types are large (a `Pod` is over 2 KB by value),
/// and objects are moved, cloned and stored constantly, so keeping `Object` pointer-sized
/// (plus tag) makes those moves cheap. Build one with `Object::from(pod)` (or `.into()`).
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Namespace(Box<Namespace>),
    Node(Box<Node>),
    Lease(Box<Lease>),
    Deployment(Box<Deployment>),
    ReplicaSet(Box<ReplicaSet>),
    Pod(Box<Pod>),
    Event(Box<Event>),
    Service(Box<Service>),
    EndpointSlice(Box<EndpointSlice>),
    Endpoints(Box<Endpoints>),
}

macro_rules! object_from {
    ($($variant:ident),*) => {
        $(
            impl From<$variant> for Object {
                fn from(o: $variant) -> Object {
                    Object::$variant(Box::new(o))
                }
            }
            impl From<Box<$variant>> for Object {
                fn from(o: Box<$variant>) -> Object {
                    Object::$variant(o)
                }
            }
        )*
    };
}

object_from!(
    Namespace,
    Node,
    Lease,
    Deployment,
    ReplicaSet,
    Pod,
    Event,
    Service,
    EndpointSlice,
    Endpoints
);

macro_rules! each_object {
    ($self:expr, $o:ident => $body:expr) => {
        match $self {
            Object::Namespace($o) => $body,
            Object::Node($o) => $body,
            Object::Lease($o) => $body,
            Object::Deployment($o) => $body,
            Object::ReplicaSet($o) => $body,
            Object::Pod($o) => $body,
            Object::Event($o) => $body,
            Object::Service($o) => $body,
            Object::EndpointSlice($o) => $body,
            Object::Endpoints($o) => $body,
        }
    };
}

impl Object {
    pub fn kind(&self) -> Kind {
        match self {
            Object::Namespace(_) => Kind::Namespace,
            Object::Node(_) => Kind::Node,
            Object::Lease(_) => Kind::Lease,
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::Pod(_) => Kind::Pod,
            Object::Event(_) => Kind::Event,
            Object::Service(_) => Kind::Service,
            Object::EndpointSlice(_) => Kind::EndpointSlice,
            Object::Endpoints(_) => Kind::Endpoints,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        each_object!(self, o => &o.metadata)
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_object!(self, o => &mut o.metadata)
    }

    pub fn name(&self) -> &str {
        self.meta().name.as_deref().unwrap_or("")
    }

    pub fn namespace(&self) -> &str {
        self.meta().namespace.as_deref().unwrap_or("")
    }

    pub fn key(&self) -> ObjKey {
        ObjKey::new(self.kind(), self.namespace(), self.name())
    }

    /// The object as the API serves it in JSON: `apiVersion` and `kind` first, then the
    /// fields in schema order.
    pub fn to_value(&self) -> Value {
        let body = each_object!(self, o => serde_json::to_value(o)).unwrap_or(Value::Null);
        let mut out = serde_json::Map::new();
        out.insert(
            "apiVersion".into(),
            Value::String(self.kind().api_version().into()),
        );
        out.insert("kind".into(), Value::String(self.kind().name().into()));
        if let Value::Object(m) = body {
            for (k, v) in m {
                if k != "apiVersion" && k != "kind" {
                    out.insert(k, v);
                }
            }
        }
        Value::Object(out)
    }

    /// Append the object's JSON (with `apiVersion` and `kind`) to `buf`, without building a
    /// `Value` first (what a list of a thousand pods needs to be fast).
    #[cfg(not(feature = "web"))]
    pub fn write_json(&self, buf: &mut Vec<u8>) {
        let _ = each_object!(self, o => serde_json::to_writer(&mut *buf, &**o));
    }

    /// The page's build goes through [`Object::to_value`]: one serializer of the k8s types
    /// instead of two keeps the wasm small, and the page never lists thousands over HTTP.
    #[cfg(feature = "web")]
    pub fn write_json(&self, buf: &mut Vec<u8>) {
        let _ = serde_json::to_writer(&mut *buf, &self.to_value());
    }

    /// Decode a JSON value (with or without `apiVersion`/`kind`) as the given kind.
    /// Unknown fields are ignored here; strict checking is the decoder's job.
    pub fn from_value(kind: Kind, value: Value) -> Result<Object, String> {
        let mut value = value;
        if let Value::Object(m) = &mut value {
            m.remove("apiVersion");
            m.remove("kind");
        }
        let r = match kind {
            Kind::Namespace => serde_json::from_value(value).map(Object::Namespace),
            Kind::Node => serde_json::from_value(value).map(Object::Node),
            Kind::Lease => serde_json::from_value(value).map(Object::Lease),
            Kind::Deployment => serde_json::from_value(value).map(Object::Deployment),
            Kind::ReplicaSet => serde_json::from_value(value).map(Object::ReplicaSet),
            Kind::Pod => serde_json::from_value(value).map(Object::Pod),
            Kind::Event => serde_json::from_value(value).map(Object::Event),
            Kind::Service => serde_json::from_value(value).map(Object::Service),
            Kind::EndpointSlice => serde_json::from_value(value).map(Object::EndpointSlice),
            Kind::Endpoints => serde_json::from_value(value).map(Object::Endpoints),
        };
        r.map_err(|e| e.to_string())
    }

    pub fn as_pod(&self) -> Option<&Pod> {
        match self {
            Object::Pod(p) => Some(p.as_ref()),
            _ => None,
        }
    }
    pub fn as_node(&self) -> Option<&Node> {
        match self {
            Object::Node(n) => Some(n.as_ref()),
            _ => None,
        }
    }
    pub fn as_deployment(&self) -> Option<&Deployment> {
        match self {
            Object::Deployment(d) => Some(d.as_ref()),
            _ => None,
        }
    }
    pub fn as_replicaset(&self) -> Option<&ReplicaSet> {
        match self {
            Object::ReplicaSet(r) => Some(r.as_ref()),
            _ => None,
        }
    }
    pub fn as_event(&self) -> Option<&Event> {
        match self {
            Object::Event(e) => Some(e.as_ref()),
            _ => None,
        }
    }
    pub fn as_service(&self) -> Option<&Service> {
        match self {
            Object::Service(s) => Some(s.as_ref()),
            _ => None,
        }
    }
    pub fn as_endpoint_slice(&self) -> Option<&EndpointSlice> {
        match self {
            Object::EndpointSlice(s) => Some(s.as_ref()),
            _ => None,
        }
    }
    pub fn as_endpoints(&self) -> Option<&Endpoints> {
        match self {
            Object::Endpoints(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_arguments_resolve_like_kubectl() {
        assert_eq!(Kind::from_resource("po"), Some(Kind::Pod));
        assert_eq!(Kind::from_resource("deploy"), Some(Kind::Deployment));
        assert_eq!(
            Kind::from_resource("deployments.apps"),
            Some(Kind::Deployment)
        );
        assert_eq!(Kind::from_resource("rs"), Some(Kind::ReplicaSet));
        assert_eq!(Kind::from_resource("deployments.core"), None);
        assert_eq!(Kind::from_resource("svc"), Some(Kind::Service));
        assert_eq!(
            Kind::from_resource("endpointslices.discovery.k8s.io"),
            Some(Kind::EndpointSlice)
        );
        assert_eq!(Kind::from_resource("endpoints"), Some(Kind::Endpoints));
        assert_eq!(Kind::from_resource("ep"), Some(Kind::Endpoints));
        assert_eq!(Kind::from_resource("endpoints.v1"), Some(Kind::Endpoints));
        assert_eq!(Kind::from_resource("endpoint"), None);
        assert_eq!(Kind::Endpoints.qualified_plural(), "endpoints");
    }

    #[test]
    fn an_object_is_small_enough_to_move_cheaply() {
        // Boxed variants: a tag plus one pointer (the unboxed enum was ~2.4 KB).
        assert!(std::mem::size_of::<Object>() <= 16);
    }

    #[test]
    fn objects_built_from_values_and_boxes_are_equal() {
        let p = Pod::default();
        assert_eq!(Object::from(p.clone()), Object::from(Box::new(p)));
    }

    #[test]
    fn qualified_names_match_api_errors() {
        assert_eq!(Kind::Deployment.qualified_plural(), "deployments.apps");
        assert_eq!(Kind::Pod.qualified_plural(), "pods");
        assert_eq!(Kind::Deployment.qualified_singular(), "deployment.apps");
    }
}

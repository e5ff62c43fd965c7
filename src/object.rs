//! API object kinds and a type-erased object wrapper around the `k8s-openapi` types.
//!
//! Every object stored in [`crate::store::Store`] is an [`Object`]; the [`Kind`] tells which
//! REST resource it belongs to (group, version, plural, scope), mirroring the API server's
//! RESTMapper for the handful of kinds kubestep serves.

use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet,
};
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{
    ConfigMap, Endpoints, Event, LimitRange, Namespace, Node, PersistentVolume,
    PersistentVolumeClaim, Pod, ResourceQuota, Secret, Service, ServiceAccount,
};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
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
    DaemonSet,
    /// apps/v1 ControllerRevision (a DaemonSet's or StatefulSet's template history).
    ControllerRevision,
    Job,
    CronJob,
    StatefulSet,
    /// core/v1 PersistentVolumeClaim.
    PersistentVolumeClaim,
    /// core/v1 PersistentVolume (cluster-scoped).
    PersistentVolume,
    /// storage.k8s.io/v1 StorageClass (cluster-scoped).
    StorageClass,
    /// autoscaling/v2 HorizontalPodAutoscaler.
    HorizontalPodAutoscaler,
    /// policy/v1 PodDisruptionBudget.
    PodDisruptionBudget,
    /// core/v1 ConfigMap.
    ConfigMap,
    /// core/v1 Secret.
    Secret,
    /// core/v1 ServiceAccount.
    ServiceAccount,
    /// core/v1 ResourceQuota.
    ResourceQuota,
    /// core/v1 LimitRange.
    LimitRange,
}

impl Kind {
    pub const ALL: [Kind; 25] = [
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
        Kind::DaemonSet,
        Kind::ControllerRevision,
        Kind::Job,
        Kind::CronJob,
        Kind::StatefulSet,
        Kind::PersistentVolumeClaim,
        Kind::PersistentVolume,
        Kind::StorageClass,
        Kind::HorizontalPodAutoscaler,
        Kind::PodDisruptionBudget,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::ServiceAccount,
        Kind::ResourceQuota,
        Kind::LimitRange,
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
            Kind::DaemonSet => "DaemonSet",
            Kind::ControllerRevision => "ControllerRevision",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::StatefulSet => "StatefulSet",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::PersistentVolume => "PersistentVolume",
            Kind::StorageClass => "StorageClass",
            Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::ResourceQuota => "ResourceQuota",
            Kind::LimitRange => "LimitRange",
        }
    }

    /// API group ("" for core).
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployment
            | Kind::ReplicaSet
            | Kind::DaemonSet
            | Kind::ControllerRevision
            | Kind::StatefulSet => "apps",
            Kind::StorageClass => "storage.k8s.io",
            Kind::Lease => "coordination.k8s.io",
            Kind::EndpointSlice => "discovery.k8s.io",
            Kind::Job | Kind::CronJob => "batch",
            Kind::HorizontalPodAutoscaler => "autoscaling",
            Kind::PodDisruptionBudget => "policy",
            _ => "",
        }
    }

    /// `apiVersion` field value (`apps/v1`, `v1`).
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Deployment
            | Kind::ReplicaSet
            | Kind::DaemonSet
            | Kind::ControllerRevision
            | Kind::StatefulSet => "apps/v1",
            Kind::StorageClass => "storage.k8s.io/v1",
            Kind::Lease => "coordination.k8s.io/v1",
            Kind::EndpointSlice => "discovery.k8s.io/v1",
            Kind::Job | Kind::CronJob => "batch/v1",
            Kind::HorizontalPodAutoscaler => "autoscaling/v2",
            Kind::PodDisruptionBudget => "policy/v1",
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
            Kind::DaemonSet => "daemonsets",
            Kind::ControllerRevision => "controllerrevisions",
            Kind::Job => "jobs",
            Kind::CronJob => "cronjobs",
            Kind::StatefulSet => "statefulsets",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::PersistentVolume => "persistentvolumes",
            Kind::StorageClass => "storageclasses",
            Kind::HorizontalPodAutoscaler => "horizontalpodautoscalers",
            Kind::PodDisruptionBudget => "poddisruptionbudgets",
            Kind::ConfigMap => "configmaps",
            Kind::Secret => "secrets",
            Kind::ServiceAccount => "serviceaccounts",
            Kind::ResourceQuota => "resourcequotas",
            Kind::LimitRange => "limitranges",
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
        !matches!(
            self,
            Kind::Namespace | Kind::Node | Kind::PersistentVolume | Kind::StorageClass
        )
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
            "ds" | "daemonset" | "daemonsets" => Kind::DaemonSet,
            "controllerrevision" | "controllerrevisions" => Kind::ControllerRevision,
            "job" | "jobs" => Kind::Job,
            "cj" | "cronjob" | "cronjobs" => Kind::CronJob,
            "sts" | "statefulset" | "statefulsets" => Kind::StatefulSet,
            "pvc" | "persistentvolumeclaim" | "persistentvolumeclaims" => {
                Kind::PersistentVolumeClaim
            }
            "pv" | "persistentvolume" | "persistentvolumes" => Kind::PersistentVolume,
            "sc" | "storageclass" | "storageclasses" => Kind::StorageClass,
            "hpa" | "horizontalpodautoscaler" | "horizontalpodautoscalers" => {
                Kind::HorizontalPodAutoscaler
            }
            "pdb" | "poddisruptionbudget" | "poddisruptionbudgets" => Kind::PodDisruptionBudget,
            "cm" | "configmap" | "configmaps" => Kind::ConfigMap,
            "secret" | "secrets" => Kind::Secret,
            "sa" | "serviceaccount" | "serviceaccounts" => Kind::ServiceAccount,
            "quota" | "resourcequota" | "resourcequotas" => Kind::ResourceQuota,
            "limits" | "limitrange" | "limitranges" => Kind::LimitRange,
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
    DaemonSet(Box<DaemonSet>),
    ControllerRevision(Box<ControllerRevision>),
    Job(Box<Job>),
    CronJob(Box<CronJob>),
    StatefulSet(Box<StatefulSet>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    PersistentVolume(Box<PersistentVolume>),
    StorageClass(Box<StorageClass>),
    HorizontalPodAutoscaler(Box<HorizontalPodAutoscaler>),
    PodDisruptionBudget(Box<PodDisruptionBudget>),
    ConfigMap(Box<ConfigMap>),
    Secret(Box<Secret>),
    ServiceAccount(Box<ServiceAccount>),
    ResourceQuota(Box<ResourceQuota>),
    LimitRange(Box<LimitRange>),
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
    Endpoints,
    DaemonSet,
    ControllerRevision,
    Job,
    CronJob,
    StatefulSet,
    PersistentVolumeClaim,
    PersistentVolume,
    StorageClass,
    HorizontalPodAutoscaler,
    PodDisruptionBudget,
    ConfigMap,
    Secret,
    ServiceAccount,
    ResourceQuota,
    LimitRange
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
            Object::DaemonSet($o) => $body,
            Object::ControllerRevision($o) => $body,
            Object::Job($o) => $body,
            Object::CronJob($o) => $body,
            Object::StatefulSet($o) => $body,
            Object::PersistentVolumeClaim($o) => $body,
            Object::PersistentVolume($o) => $body,
            Object::StorageClass($o) => $body,
            Object::HorizontalPodAutoscaler($o) => $body,
            Object::PodDisruptionBudget($o) => $body,
            Object::ConfigMap($o) => $body,
            Object::Secret($o) => $body,
            Object::ServiceAccount($o) => $body,
            Object::ResourceQuota($o) => $body,
            Object::LimitRange($o) => $body,
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
            Object::DaemonSet(_) => Kind::DaemonSet,
            Object::ControllerRevision(_) => Kind::ControllerRevision,
            Object::Job(_) => Kind::Job,
            Object::CronJob(_) => Kind::CronJob,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::PersistentVolumeClaim(_) => Kind::PersistentVolumeClaim,
            Object::PersistentVolume(_) => Kind::PersistentVolume,
            Object::StorageClass(_) => Kind::StorageClass,
            Object::HorizontalPodAutoscaler(_) => Kind::HorizontalPodAutoscaler,
            Object::PodDisruptionBudget(_) => Kind::PodDisruptionBudget,
            Object::ConfigMap(_) => Kind::ConfigMap,
            Object::Secret(_) => Kind::Secret,
            Object::ServiceAccount(_) => Kind::ServiceAccount,
            Object::ResourceQuota(_) => Kind::ResourceQuota,
            Object::LimitRange(_) => Kind::LimitRange,
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
        go_encoding(self.kind(), &mut out);
        Value::Object(out)
    }

    /// Append the object's JSON to `buf`: [`Object::to_value`]'s, so that lists carry Go's
    /// always-written fields as gets do.
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
        strip_go_encoding(kind, &mut value);
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
            Kind::DaemonSet => serde_json::from_value(value).map(Object::DaemonSet),
            Kind::ControllerRevision => {
                serde_json::from_value(value).map(Object::ControllerRevision)
            }
            Kind::Job => serde_json::from_value(value).map(Object::Job),
            Kind::CronJob => serde_json::from_value(value).map(Object::CronJob),
            Kind::StatefulSet => serde_json::from_value(value).map(Object::StatefulSet),
            Kind::PersistentVolumeClaim => {
                serde_json::from_value(value).map(Object::PersistentVolumeClaim)
            }
            Kind::PersistentVolume => serde_json::from_value(value).map(Object::PersistentVolume),
            Kind::StorageClass => serde_json::from_value(value).map(Object::StorageClass),
            Kind::HorizontalPodAutoscaler => {
                serde_json::from_value(value).map(Object::HorizontalPodAutoscaler)
            }
            Kind::PodDisruptionBudget => {
                serde_json::from_value(value).map(Object::PodDisruptionBudget)
            }
            Kind::ConfigMap => serde_json::from_value(value).map(Object::ConfigMap),
            Kind::Secret => serde_json::from_value(value).map(Object::Secret),
            Kind::ServiceAccount => serde_json::from_value(value).map(Object::ServiceAccount),
            Kind::ResourceQuota => serde_json::from_value(value).map(Object::ResourceQuota),
            Kind::LimitRange => serde_json::from_value(value).map(Object::LimitRange),
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
    pub fn as_daemonset(&self) -> Option<&DaemonSet> {
        match self {
            Object::DaemonSet(d) => Some(d.as_ref()),
            _ => None,
        }
    }
    pub fn as_controller_revision(&self) -> Option<&ControllerRevision> {
        match self {
            Object::ControllerRevision(r) => Some(r.as_ref()),
            _ => None,
        }
    }
    pub fn as_job(&self) -> Option<&Job> {
        match self {
            Object::Job(j) => Some(j.as_ref()),
            _ => None,
        }
    }
    pub fn as_cronjob(&self) -> Option<&CronJob> {
        match self {
            Object::CronJob(j) => Some(j.as_ref()),
            _ => None,
        }
    }
    pub fn as_statefulset(&self) -> Option<&StatefulSet> {
        match self {
            Object::StatefulSet(s) => Some(s.as_ref()),
            _ => None,
        }
    }
    pub fn as_pvc(&self) -> Option<&PersistentVolumeClaim> {
        match self {
            Object::PersistentVolumeClaim(c) => Some(c.as_ref()),
            _ => None,
        }
    }
    pub fn as_pv(&self) -> Option<&PersistentVolume> {
        match self {
            Object::PersistentVolume(v) => Some(v.as_ref()),
            _ => None,
        }
    }
    pub fn as_hpa(&self) -> Option<&HorizontalPodAutoscaler> {
        match self {
            Object::HorizontalPodAutoscaler(h) => Some(h.as_ref()),
            _ => None,
        }
    }
    pub fn as_namespace(&self) -> Option<&Namespace> {
        match self {
            Object::Namespace(n) => Some(n.as_ref()),
            _ => None,
        }
    }
    pub fn as_pdb(&self) -> Option<&PodDisruptionBudget> {
        match self {
            Object::PodDisruptionBudget(b) => Some(b.as_ref()),
            _ => None,
        }
    }
    pub fn as_configmap(&self) -> Option<&ConfigMap> {
        match self {
            Object::ConfigMap(o) => Some(o.as_ref()),
            _ => None,
        }
    }
    pub fn as_secret(&self) -> Option<&Secret> {
        match self {
            Object::Secret(o) => Some(o.as_ref()),
            _ => None,
        }
    }
    pub fn as_service_account(&self) -> Option<&ServiceAccount> {
        match self {
            Object::ServiceAccount(o) => Some(o.as_ref()),
            _ => None,
        }
    }
    pub fn as_resource_quota(&self) -> Option<&ResourceQuota> {
        match self {
            Object::ResourceQuota(o) => Some(o.as_ref()),
            _ => None,
        }
    }
    pub fn as_limit_range(&self) -> Option<&LimitRange> {
        match self {
            Object::LimitRange(o) => Some(o.as_ref()),
            _ => None,
        }
    }
    pub fn as_storage_class(&self) -> Option<&StorageClass> {
        match self {
            Object::StorageClass(c) => Some(c.as_ref()),
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

/// What Go's encoding/json writes for the v1.32 types that k8s-openapi (every optional
/// field an `Option`, left out when `None`) does not: a struct field that is not a pointer
/// is always written (`omitempty` does not apply to structs: `resources: {}`,
/// `lastState: {}`, `status: {}`, `loadBalancer: {}`, `conditions: {}`), a zero `metav1.Time`
/// is `null` (`creationTimestamp: null` in pod templates, an Event's `eventTime: null`), and
/// a string without `omitempty` is written empty (`reportingComponent: ""`).
fn go_encoding(kind: Kind, o: &mut serde_json::Map<String, Value>) {
    go_zero_fields(kind, o, true);
}

/// The inverse of [`go_encoding`] on a decoded body: drop the always-written fields while
/// they hold their zero value, so that an object read, changed and written back decodes to
/// the same typed object (k8s-openapi would keep `Some({})`).
pub fn strip_go_encoding(kind: Kind, v: &mut Value) {
    if let Some(o) = v.as_object_mut() {
        go_zero_fields(kind, o, false);
    }
    // `labels` and `annotations` are omitempty maps: Go decodes `{}` and never writes it
    // back, so an empty map is no map (the object's and its pod template's).
    for path in ["/metadata", "/spec/template/metadata"] {
        if let Some(md) = v.pointer_mut(path).and_then(Value::as_object_mut) {
            for k in ["labels", "annotations"] {
                if md
                    .get(k)
                    .is_some_and(|m| m.as_object().is_some_and(|m| m.is_empty()))
                {
                    md.remove(k);
                }
            }
        }
    }
}

/// The one list of those fields, walked to write their zero values where they are missing
/// (`fill`) or to remove them where they hold it. Children go before their parent, so a
/// `status` emptied by the removal is removed too.
fn go_zero_fields(kind: Kind, o: &mut serde_json::Map<String, Value>, fill: bool) {
    use serde_json::Map;
    type M = Map<String, Value>;
    let empty = || Value::Object(Map::new());
    let set = |m: &mut M, k: &str, zero: Value| {
        if fill {
            m.entry(k.to_string()).or_insert(zero);
        } else if m.get(k) == Some(&zero) {
            m.remove(k);
        }
    };
    // The object under `k`, created when filling.
    let sub = |m: &mut M, k: &str| -> bool {
        if fill && !m.get(k).is_some_and(Value::is_object) {
            m.insert(k.to_string(), Value::Object(Map::new()));
        }
        m.get(k).is_some_and(Value::is_object)
    };
    fn each<'a>(m: &'a mut M, k: &str) -> impl Iterator<Item = &'a mut M> {
        m.get_mut(k)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object_mut)
    }
    fn obj<'a>(m: &'a mut M, k: &str) -> Option<&'a mut M> {
        m.get_mut(k).and_then(Value::as_object_mut)
    }
    let pod_spec = |spec: &mut M| {
        for list in ["containers", "initContainers"] {
            for c in each(spec, list) {
                set(c, "resources", empty());
            }
        }
    };
    match kind {
        Kind::Job => {
            if let Some(t) = obj(o, "spec").and_then(|s| obj(s, "template")) {
                if sub(t, "metadata")
                    && let Some(md) = obj(t, "metadata")
                {
                    set(md, "creationTimestamp", Value::Null);
                }
                if let Some(ps) = obj(t, "spec") {
                    pod_spec(ps);
                }
            }
            set(o, "status", empty());
        }
        Kind::CronJob => {
            if let Some(jt) = obj(o, "spec").and_then(|s| obj(s, "jobTemplate")) {
                if sub(jt, "metadata")
                    && let Some(md) = obj(jt, "metadata")
                {
                    set(md, "creationTimestamp", Value::Null);
                }
                if let Some(t) = obj(jt, "spec").and_then(|s| obj(s, "template")) {
                    if sub(t, "metadata")
                        && let Some(md) = obj(t, "metadata")
                    {
                        set(md, "creationTimestamp", Value::Null);
                    }
                    if let Some(ps) = obj(t, "spec") {
                        pod_spec(ps);
                    }
                }
            }
            set(o, "status", empty());
        }
        Kind::Deployment | Kind::ReplicaSet | Kind::DaemonSet | Kind::StatefulSet => {
            if let Some(t) = obj(o, "spec").and_then(|s| obj(s, "template")) {
                if sub(t, "metadata")
                    && let Some(md) = obj(t, "metadata")
                {
                    set(md, "creationTimestamp", Value::Null);
                }
                if let Some(ps) = obj(t, "spec") {
                    pod_spec(ps);
                }
            }
            set(o, "status", empty());
        }
        Kind::Pod => {
            if let Some(spec) = obj(o, "spec") {
                pod_spec(spec);
            }
            if sub(o, "status")
                && let Some(st) = obj(o, "status")
            {
                for list in ["containerStatuses", "initContainerStatuses"] {
                    for cs in each(st, list) {
                        set(cs, "lastState", empty());
                        set(cs, "state", empty());
                    }
                }
            }
            set(o, "status", empty());
        }
        Kind::Service => {
            if sub(o, "status")
                && let Some(st) = obj(o, "status")
            {
                set(st, "loadBalancer", empty());
            }
            set(o, "status", empty());
        }
        Kind::Event => {
            for k in ["eventTime", "firstTimestamp", "lastTimestamp"] {
                set(o, k, Value::Null);
            }
            for k in ["reportingComponent", "reportingInstance"] {
                set(o, k, Value::String(String::new()));
            }
            set(o, "source", empty());
        }
        Kind::HorizontalPodAutoscaler => {
            // autoscaling/v2: `status` is a struct and `desiredReplicas` has no omitempty.
            if sub(o, "status")
                && let Some(st) = obj(o, "status")
            {
                set(st, "desiredReplicas", Value::from(0));
            }
            set(o, "status", empty());
        }
        Kind::PodDisruptionBudget => {
            // policy/v1: `status` is a struct; its four counts have no omitempty.
            if sub(o, "status")
                && let Some(st) = obj(o, "status")
            {
                for k in [
                    "currentHealthy",
                    "desiredHealthy",
                    "disruptionsAllowed",
                    "expectedPods",
                ] {
                    set(st, k, Value::from(0));
                }
            }
            set(o, "status", empty());
        }
        // core/v1: `spec` and `status` are structs (always written, `spec: {}`).
        Kind::ResourceQuota => {
            set(o, "spec", empty());
            set(o, "status", empty());
        }
        Kind::LimitRange => set(o, "spec", empty()),
        Kind::EndpointSlice => {
            for ep in each(o, "endpoints") {
                set(ep, "conditions", empty());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {

    /// Go's always-written fields appear in the JSON (as a v1.32 API server writes them) and
    /// read back to the same typed object, so a read-modify-write changes nothing else.
    #[test]
    fn go_encoding_round_trips() {
        let pod: Value = serde_json::json!({
            "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            "status": {"containerStatuses": [{"name": "c", "image": "nginx", "imageID": "", "ready": true, "restartCount": 0}]},
        });
        let o = Object::from_value(Kind::Pod, pod).unwrap();
        let v = o.to_value();
        assert_eq!(
            v["spec"]["containers"][0]["resources"],
            serde_json::json!({})
        );
        assert_eq!(
            v["status"]["containerStatuses"][0]["lastState"],
            serde_json::json!({})
        );
        assert_eq!(Object::from_value(Kind::Pod, v.clone()).unwrap(), o);
        let d: Value = serde_json::json!({
            "metadata": {"name": "d"},
            "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c"}]}}},
        });
        let o = Object::from_value(Kind::Deployment, d).unwrap();
        let v = o.to_value();
        assert_eq!(
            v["spec"]["template"]["metadata"]["creationTimestamp"],
            Value::Null
        );
        assert!(
            v["spec"]["template"]["metadata"]
                .get("creationTimestamp")
                .is_some()
        );
        assert_eq!(v["status"], serde_json::json!({}));
        assert_eq!(Object::from_value(Kind::Deployment, v).unwrap(), o);
        let svc = Object::from_value(
            Kind::Service,
            serde_json::json!({"metadata": {"name": "s"}}),
        )
        .unwrap();
        assert_eq!(
            svc.to_value()["status"],
            serde_json::json!({"loadBalancer": {}})
        );
        let ev = Object::from_value(
            Kind::Event,
            serde_json::json!({"metadata": {"name": "e"}, "involvedObject": {}}),
        )
        .unwrap();
        let ev_v = ev.to_value();
        assert_eq!(ev_v["eventTime"], Value::Null);
        assert_eq!(ev_v["reportingComponent"], "");
        assert_eq!(Object::from_value(Kind::Event, ev_v).unwrap(), ev);
    }
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

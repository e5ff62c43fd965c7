//! kube-apiserver request handling: create / update / update status / delete on the store,
//! with the registry strategies' bookkeeping (uid, creationTimestamp, generation,
//! generateName, graceful pod deletion, finalizers) and the API's error texts.

use crate::sort::StableSort;
use std::sync::Arc;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::Runtime;
use super::step::{StepCtx, WriteRec};
use crate::apiserver::validation::{self, FieldError};
use crate::object::{Kind, ObjKey, Object};
use crate::store::StoreError;

/// Namespaces the NamespaceLifecycle admission plugin never lets go.
pub const IMMORTAL_NAMESPACES: [&str; 3] = ["default", "kube-system", "kube-public"];

/// An API error, rendered the way kubectl prints it.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    NotFound {
        kind: Kind,
        name: String,
    },
    AlreadyExists {
        kind: Kind,
        name: String,
    },
    Conflict {
        kind: Kind,
        name: String,
    },
    Invalid {
        kind: Kind,
        name: String,
        errors: Vec<FieldError>,
    },
    BadRequest(String),
    Forbidden {
        kind: Kind,
        name: String,
        reason: String,
    },
    /// Namespace missing.
    NamespaceNotFound(String),
    /// NamespaceLifecycle admission: no new content in a terminating namespace (a 403 with
    /// the `NamespaceTerminating` cause, which controllers check).
    NamespaceTerminating {
        kind: Kind,
        name: String,
        namespace: String,
    },
}

impl ApiError {
    /// The API server's `Status.message` (what a controller's `Error creating: %v` shows).
    pub fn status_message(&self) -> String {
        crate::apiserver::rest::status::Status::from(self).message
    }

    /// The error as kubectl prints it (`Error from server (NotFound): …`), no trailing newline.
    pub fn kubectl(&self) -> String {
        match self {
            ApiError::NotFound { kind, name } => format!(
                "Error from server (NotFound): {} \"{}\" not found",
                kind.qualified_plural(),
                name
            ),
            ApiError::AlreadyExists { kind, name } => format!(
                "Error from server (AlreadyExists): {} \"{}\" already exists",
                kind.qualified_plural(),
                name
            ),
            ApiError::Conflict { kind, name } => format!(
                "Error from server (Conflict): Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
                kind.qualified_plural(),
                name
            ),
            ApiError::Invalid { kind, name, errors } => {
                validation::kubectl_invalid_message(*kind, name, errors)
            }
            ApiError::BadRequest(m) => format!("Error from server (BadRequest): {}", m),
            ApiError::Forbidden { kind, name, reason } => format!(
                "Error from server (Forbidden): {} \"{}\" is forbidden: {}",
                kind.qualified_plural(),
                name,
                reason
            ),
            ApiError::NamespaceTerminating {
                kind,
                name,
                namespace,
            } => format!(
                "Error from server (Forbidden): {} \"{}\" is forbidden: unable to create new content in namespace {} because it is being terminated",
                kind.qualified_plural(),
                name,
                namespace
            ),
            ApiError::NamespaceNotFound(ns) => format!(
                "Error from server (NotFound): namespaces \"{}\" not found",
                ns
            ),
        }
    }
}

/// How dependents are treated when their owner is deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

/// The finalizers StorageObjectInUseProtection admission puts on claims and volumes.
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";

/// Options of a DELETE request.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeleteOptions {
    /// Grace period override in seconds (pods only).
    pub grace_seconds: Option<i64>,
    pub propagation: Propagation,
}

/// The most replicas one Deployment or ReplicaSet may ask for in this simulator. Upstream
/// allows any int32; a browser tab does not have the memory for that, so kubestep refuses
/// larger values with a clear error instead of freezing.
pub const MAX_SIM_REPLICAS: i32 = 200_000;

/// `generateSelector` (pkg/registry/batch/job/strategy.go), unless `manualSelector`: the
/// template gets `batch.kubernetes.io/job-name`, `job-name`, `batch.kubernetes.io/controller-uid`
/// and `controller-uid` (each only when absent), the selector the controller-uid one.
fn generate_job_selector(j: &mut k8s_openapi::api::batch::v1::Job) {
    let name = j.metadata.name.clone().unwrap_or_default();
    let uid = j.metadata.uid.clone().unwrap_or_default();
    let Some(spec) = j.spec.as_mut() else {
        return;
    };
    if spec.manual_selector == Some(true) {
        return;
    }
    let labels = spec
        .template
        .metadata
        .get_or_insert_with(Default::default)
        .labels
        .get_or_insert_with(Default::default);
    for (k, v) in [
        ("job-name", &name),
        ("batch.kubernetes.io/job-name", &name),
        ("controller-uid", &uid),
        ("batch.kubernetes.io/controller-uid", &uid),
    ] {
        labels.entry(k.to_string()).or_insert_with(|| v.clone());
    }
    let sel = spec.selector.get_or_insert_with(Default::default);
    sel.match_labels
        .get_or_insert_with(Default::default)
        .entry("batch.kubernetes.io/controller-uid".to_string())
        .or_insert(uid);
}

/// The annotation that carries a DaemonSet's (internal) `spec.templateGeneration` in apps/v1
/// (`appsv1.DeprecatedTemplateGeneration`).
pub const DS_TEMPLATE_GENERATION: &str = "deprecated.daemonset.template.generation";

fn within_sim_limits(obj: &Object) -> Result<(), ApiError> {
    let replicas = match obj {
        Object::Deployment(d) => d.spec.as_ref().and_then(|s| s.replicas),
        Object::ReplicaSet(r) => r.spec.as_ref().and_then(|s| s.replicas),
        _ => None,
    };
    match replicas {
        Some(n) if n > MAX_SIM_REPLICAS => Err(ApiError::Forbidden {
            kind: obj.kind(),
            name: obj.name().to_string(),
            reason: format!(
                "spec.replicas {} exceeds kubestep's simulation limit of {} replicas per workload (not a Kubernetes limit)",
                n, MAX_SIM_REPLICAS
            ),
        }),
        _ => Ok(()),
    }
}

fn store_err(e: StoreError, key: &ObjKey) -> ApiError {
    match e {
        StoreError::AlreadyExists => ApiError::AlreadyExists {
            kind: key.kind,
            name: key.name.clone(),
        },
        StoreError::NotFound => ApiError::NotFound {
            kind: key.kind,
            name: key.name.clone(),
        },
        StoreError::Conflict => ApiError::Conflict {
            kind: key.kind,
            name: key.name.clone(),
        },
        StoreError::Compacted { .. } => ApiError::BadRequest("resource version too old".into()),
    }
}

/// For a status write: if `obj` equals the stored `old` in everything but its status, tell
/// whether the statuses are equal too (`Some(true)`: a no-op write). `None` when other parts
/// differ (or the kind is not one of those whose status subresource is modelled).
fn same_but_status(old: &Object, obj: &Object) -> Option<bool> {
    match (old, obj) {
        (Object::Pod(o), Object::Pod(n)) => {
            (o.metadata == n.metadata && o.spec == n.spec).then(|| o.status == n.status)
        }
        (Object::Node(o), Object::Node(n)) => {
            (o.metadata == n.metadata && o.spec == n.spec).then(|| o.status == n.status)
        }
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => {
            (o.metadata == n.metadata && o.spec == n.spec).then(|| o.status == n.status)
        }
        (Object::Deployment(o), Object::Deployment(n)) => {
            (o.metadata == n.metadata && o.spec == n.spec).then(|| o.status == n.status)
        }
        (Object::DaemonSet(o), Object::DaemonSet(n)) => {
            (o.metadata == n.metadata && o.spec == n.spec).then(|| o.status == n.status)
        }
        (Object::Job(o), Object::Job(n)) => {
            (o.metadata == n.metadata && o.spec == n.spec).then(|| o.status == n.status)
        }
        _ => None,
    }
}

impl Runtime {
    /// Allocate a Service's ClusterIP (when `allocate_ip`) and missing NodePorts against every
    /// other Service (`except`: the `namespace/name` being updated).
    fn allocate_service(
        &mut self,
        svc: &mut k8s_openapi::api::core::v1::Service,
        except: Option<&str>,
        allocate_ip: bool,
    ) -> Result<(), ApiError> {
        let all = self.store.list(Kind::Service, None);
        let others = all
            .iter()
            .filter(|o| except.is_none_or(|k| o.key().ns_name() != k))
            .filter_map(|o| o.as_service());
        let taken = crate::apiserver::service::Allocated::from_services(others);
        crate::apiserver::service::allocate(svc, &taken, &mut self.rng_svc, allocate_ip).map_err(
            |errors| ApiError::Invalid {
                kind: Kind::Service,
                name: svc.metadata.name.clone().unwrap_or_default(),
                errors,
            },
        )
    }

    fn record_write(&self, cx: &mut StepCtx, verb: &'static str, obj: &Object) {
        cx.writes.push(WriteRec {
            verb,
            kind: obj.kind(),
            namespace: obj.namespace().to_string(),
            name: obj.name().to_string(),
            rev: self.store.revision(),
        });
    }

    pub(crate) fn api_create_namespace(
        &mut self,
        cx: &mut StepCtx,
        name: &str,
    ) -> Result<Arc<Object>, ApiError> {
        let ns = Object::from(Namespace {
            metadata: ObjectMeta {
                name: Some(name.into()),
                labels: Some(
                    [("kubernetes.io/metadata.name".to_string(), name.to_string())].into(),
                ),
                ..Default::default()
            },
            spec: Some(k8s_openapi::api::core::v1::NamespaceSpec {
                finalizers: Some(vec!["kubernetes".into()]),
            }),
            status: Some(k8s_openapi::api::core::v1::NamespaceStatus {
                phase: Some("Active".into()),
                ..Default::default()
            }),
        });
        self.api_create(cx, ns, false)
    }

    /// The default StorageClass (`storageclass.kubernetes.io/is-default-class: "true"`; the
    /// newest when several are, as `GetDefaultClass` picks).
    pub(crate) fn default_storage_class(&self) -> Option<String> {
        let mut best: Option<(String, String)> = None;
        for o in self.store.list(Kind::StorageClass, None) {
            let ann = o.meta().annotations.clone().unwrap_or_default();
            let default = [
                "storageclass.kubernetes.io/is-default-class",
                "storageclass.beta.kubernetes.io/is-default-class",
            ]
            .iter()
            .any(|k| ann.get(*k).map(String::as_str) == Some("true"));
            if !default {
                continue;
            }
            let created = o
                .meta()
                .creation_timestamp
                .as_ref()
                .map(|t| t.0.to_string())
                .unwrap_or_default();
            if best.as_ref().is_none_or(|(c, _)| created > *c) {
                best = Some((created, o.name().to_string()));
            }
        }
        best.map(|(_, n)| n)
    }

    /// POST: assign name (generateName), uid, creationTimestamp and generation, default,
    /// validate (`validate`), admit pods, and commit.
    pub(crate) fn api_create(
        &mut self,
        cx: &mut StepCtx,
        mut obj: Object,
        validate: bool,
    ) -> Result<Arc<Object>, ApiError> {
        let kind = obj.kind();
        cx.calls.push(kind);
        if kind.namespaced() {
            if obj.meta().namespace.as_deref().unwrap_or("").is_empty() {
                obj.meta_mut().namespace = Some("default".into());
            }
            let ns = obj.namespace().to_string();
            let Some(nso) = self.get(Kind::Namespace, "", &ns) else {
                return Err(ApiError::NamespaceNotFound(ns));
            };
            // NamespaceLifecycle admission: no new content in a terminating namespace (the
            // name is the object's, else its generateName).
            if nso
                .as_namespace()
                .and_then(|n| n.status.as_ref())
                .and_then(|s| s.phase.as_deref())
                == Some("Terminating")
            {
                let name = match obj.meta().name.as_deref() {
                    Some(n) if !n.is_empty() => n.to_string(),
                    _ => obj.meta().generate_name.clone().unwrap_or_default(),
                };
                return Err(ApiError::NamespaceTerminating {
                    kind,
                    name,
                    namespace: ns,
                });
            }
        } else {
            obj.meta_mut().namespace = None;
        }
        // generateName: prefix truncated to 58 characters plus 5 random characters
        // (apiserver/pkg/storage/names/generate.go).
        if obj.meta().name.as_deref().unwrap_or("").is_empty()
            && let Some(prefix) = obj.meta().generate_name.clone().filter(|p| !p.is_empty())
        {
            let mut p = prefix.clone();
            p.truncate(58);
            let suffix = self.rng_api.safe_string(5);
            obj.meta_mut().name = Some(format!("{}{}", p, suffix));
        }
        crate::apiserver::defaults::default_object(&mut obj);
        // The namespace's LimitRanges and ResourceQuotas, for the admission plugins that
        // read them.
        let ns = obj.namespace().to_string();
        let limit_ranges = if kind == Kind::Pod {
            self.store.list(Kind::LimitRange, Some(&ns))
        } else {
            Vec::new()
        };
        if let Object::Pod(p) = &mut obj {
            // Mutating admission runs before the registry generates the name: its errors
            // name the generateName prefix (admission.NewForbidden).
            let admission_name = match p.metadata.generate_name.as_deref() {
                Some(g) if !g.is_empty() => g.to_string(),
                _ => p.metadata.name.clone().unwrap_or_default(),
            };
            // LimitRanger (mutating): default requests and limits, and say so.
            let ranges: Vec<&k8s_openapi::api::core::v1::LimitRange> = limit_ranges
                .iter()
                .filter_map(|o| o.as_limit_range())
                .collect();
            if let Some(ann) = crate::apiserver::admission::limit_ranger_mutate(p, &ranges) {
                p.metadata
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert("kubernetes.io/limit-ranger".into(), ann);
            }
            let suffix = self.rng_api.safe_string(5);
            if let Err(reason) = crate::apiserver::defaults::admit_pod(p, &suffix) {
                return Err(ApiError::Forbidden {
                    kind,
                    name: admission_name,
                    reason,
                });
            }
            // ServiceAccount admission: the named account must exist. (`default` is looked
            // up again for about a second upstream, long enough for the serviceaccount
            // controller to make it in a new namespace.)
            let mirror = p
                .metadata
                .annotations
                .as_ref()
                .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"));
            let sa = p
                .spec
                .as_ref()
                .and_then(|s| s.service_account_name.clone())
                .unwrap_or_default();
            if !mirror
                && !sa.is_empty()
                && sa != "default"
                && self.get(Kind::ServiceAccount, &ns, &sa).is_none()
            {
                return Err(ApiError::Forbidden {
                    kind,
                    name: admission_name,
                    reason: format!(
                        "error looking up service account {ns}/{sa}: serviceaccount \"{sa}\" not found"
                    ),
                });
            }
        }
        // statefulSetStrategy: maxUnavailable is dropped (MaxUnavailableStatefulSet is off in
        // 1.32; dropStatefulSetDisabledFields).
        if let Object::StatefulSet(st) = &mut obj
            && let Some(ru) = st
                .spec
                .as_mut()
                .and_then(|s| s.update_strategy.as_mut())
                .and_then(|u| u.rolling_update.as_mut())
        {
            ru.max_unavailable = None;
        }
        // DefaultStorageClass and StorageObjectInUseProtection admission.
        match &mut obj {
            Object::PersistentVolumeClaim(c) => {
                let spec = c.spec.get_or_insert_with(Default::default);
                if spec.storage_class_name.is_none()
                    && let Some(def) = self.default_storage_class()
                {
                    spec.storage_class_name = Some(def);
                }
                let f = c.metadata.finalizers.get_or_insert_with(Vec::new);
                if !f.iter().any(|x| x == PVC_PROTECTION) {
                    f.push(PVC_PROTECTION.into());
                }
            }
            Object::PersistentVolume(v) => {
                let f = v.metadata.finalizers.get_or_insert_with(Vec::new);
                if !f.iter().any(|x| x == PV_PROTECTION) {
                    f.push(PV_PROTECTION.into());
                }
            }
            _ => {}
        }
        // jobStrategy.PrepareForCreate runs before validation, with the uid already
        // assigned: the generated selector and template labels (generateSelector); the
        // defaults again, as a read decodes it (the Job's labels become its template's).
        let early_uid = match &mut obj {
            Object::Job(j) => {
                let uid = self.rng_api.uuid();
                j.metadata.uid = Some(uid.clone());
                generate_job_selector(j);
                Some(uid)
            }
            _ => None,
        };
        if early_uid.is_some() {
            crate::apiserver::defaults::default_object(&mut obj);
        }
        if validate {
            let errs = validation::validate_create(&obj);
            if !errs.is_empty() {
                return Err(ApiError::Invalid {
                    kind,
                    name: obj.name().to_string(),
                    errors: errs,
                });
            }
            within_sim_limits(&obj)?;
        }
        // Validating admission, after the name is generated: LimitRanger's checks, then
        // ResourceQuota (last), which charges the quotas it admits against.
        let mut charged = Vec::new();
        if kind.namespaced() {
            if let Object::Pod(p) = &obj {
                let ranges: Vec<&k8s_openapi::api::core::v1::LimitRange> = limit_ranges
                    .iter()
                    .filter_map(|o| o.as_limit_range())
                    .collect();
                if let Err(reason) = crate::apiserver::admission::limit_ranger_validate(p, &ranges)
                {
                    return Err(ApiError::Forbidden {
                        kind,
                        name: obj.name().to_string(),
                        reason,
                    });
                }
            }
            let quotas = self.store.list(Kind::ResourceQuota, Some(&ns));
            if !quotas.is_empty() {
                let qs: Vec<&k8s_openapi::api::core::v1::ResourceQuota> = quotas
                    .iter()
                    .filter_map(|o| o.as_resource_quota())
                    .collect();
                match crate::apiserver::admission::quota_admit(&obj, &qs) {
                    Ok(c) => charged = c,
                    Err(reason) => {
                        return Err(ApiError::Forbidden {
                            kind,
                            name: obj.name().to_string(),
                            reason,
                        });
                    }
                }
            }
        }
        if let Object::Service(svc) = &mut obj {
            self.allocate_service(svc, None, true)?;
        }
        // The quota admission writes the new usage before the object is stored.
        for (qname, used) in charged {
            if let Some(q) = self
                .get(Kind::ResourceQuota, &ns, &qname)
                .and_then(|o| o.as_resource_quota().cloned())
            {
                let mut q = q;
                q.status.get_or_insert_with(Default::default).used = Some(used);
                let _ = self.api_update_status(cx, Object::from(q));
            }
        }
        let now = self.now.to_k8s();
        let uid = early_uid.unwrap_or_else(|| self.rng_api.uuid());
        {
            let m = obj.meta_mut();
            m.uid = Some(uid);
            m.creation_timestamp = Some(now);
            m.resource_version = None;
            m.deletion_timestamp = None;
            m.deletion_grace_period_seconds = None;
            m.generation = match kind {
                Kind::Deployment
                | Kind::ReplicaSet
                | Kind::DaemonSet
                | Kind::Job
                | Kind::CronJob
                | Kind::StatefulSet
                | Kind::PodDisruptionBudget => Some(1),
                _ => None,
            };
            m.managed_fields = None;
        }
        // Status is not accepted on create for these kinds (registry strategies reset it).
        match &mut obj {
            Object::Deployment(d) => d.status = None,
            Object::ReplicaSet(r) => r.status = None,
            Object::DaemonSet(d) => {
                // daemonSetStrategy.PrepareForCreate: TemplateGeneration 1, which apps/v1
                // carries as an annotation.
                d.status = None;
                d.metadata
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert(DS_TEMPLATE_GENERATION.into(), "1".into());
            }
            Object::Job(j) => j.status = None,
            Object::CronJob(j) => j.status = None,
            // autoscalerStrategy.PrepareForCreate: status cleared (no generation in 1.32).
            Object::HorizontalPodAutoscaler(h) => h.status = None,
            // podDisruptionBudgetStrategy.PrepareForCreate: status cleared, generation 1.
            Object::PodDisruptionBudget(b) => b.status = None,
            // resourcequotaStrategy.PrepareForCreate: status cleared.
            Object::ResourceQuota(q) => q.status = None,
            Object::StatefulSet(s) => s.status = None,
            Object::PersistentVolumeClaim(c) => {
                c.status = Some(k8s_openapi::api::core::v1::PersistentVolumeClaimStatus {
                    phase: Some("Pending".into()),
                    ..Default::default()
                })
            }
            Object::PersistentVolume(v) => {
                v.status = Some(k8s_openapi::api::core::v1::PersistentVolumeStatus {
                    phase: Some("Pending".into()),
                    last_phase_transition_time: Some(self.now.to_k8s()),
                    ..Default::default()
                })
            }
            Object::Pod(p) => {
                p.status = Some(k8s_openapi::api::core::v1::PodStatus {
                    phase: Some("Pending".into()),
                    qos_class: Some(crate::podutil::qos_class(p)),
                    ..Default::default()
                })
            }
            _ => {}
        }
        let key = obj.key();
        let stored = self.store.create(obj).map_err(|e| store_err(e, &key))?;
        self.record_write(cx, "create", &stored);
        Ok(stored)
    }

    /// PUT: replace spec and metadata. Status is kept from the stored object; generation
    /// is bumped when the spec (or, for Deployments, annotations) changed. With `check_rv`
    /// a stale resourceVersion is a 409 Conflict.
    pub(crate) fn api_update(
        &mut self,
        cx: &mut StepCtx,
        mut obj: Object,
        check_rv: bool,
        validate: bool,
    ) -> Result<Arc<Object>, ApiError> {
        let kind = obj.kind();
        cx.calls.push(kind);
        if kind.namespaced() && obj.meta().namespace.as_deref().unwrap_or("").is_empty() {
            obj.meta_mut().namespace = Some("default".into());
        }
        let key = obj.key();
        let Some(entry) = self.store.get(&key).cloned() else {
            return Err(ApiError::NotFound {
                kind,
                name: key.name.clone(),
            });
        };
        let old = entry.obj;
        let expect = if check_rv {
            match obj.meta().resource_version.as_deref() {
                Some(rv) if !rv.is_empty() => Some(rv.parse::<i64>().map_err(|_| {
                    ApiError::BadRequest(format!("invalid resourceVersion {:?}", rv))
                })?),
                _ => None,
            }
        } else {
            None
        };
        if let Some(rv) = expect
            && rv != entry.mod_rev
        {
            return Err(ApiError::Conflict {
                kind,
                name: key.name.clone(),
            });
        }
        crate::apiserver::defaults::default_object(&mut obj);
        // Fields the client cannot change.
        {
            let om = old.meta();
            let m = obj.meta_mut();
            m.uid = om.uid.clone();
            m.creation_timestamp = om.creation_timestamp.clone();
            m.deletion_timestamp = om.deletion_timestamp.clone();
            m.deletion_grace_period_seconds = om.deletion_grace_period_seconds;
            m.generation = om.generation;
            m.managed_fields = None;
            if m.generate_name.is_none() {
                m.generate_name = om.generate_name.clone();
            }
        }
        let bump = match (&mut obj, &*old) {
            (Object::Deployment(n), Object::Deployment(o)) => {
                n.status = o.status.clone();
                n.spec != o.spec || n.metadata.annotations != o.metadata.annotations
            }
            (Object::ReplicaSet(n), Object::ReplicaSet(o)) => {
                n.status = o.status.clone();
                n.spec != o.spec
            }
            (Object::Job(n), Object::Job(o)) => {
                n.status = o.status.clone();
                n.spec != o.spec
            }
            (Object::CronJob(n), Object::CronJob(o)) => {
                n.status = o.status.clone();
                n.spec != o.spec
            }
            (Object::StatefulSet(n), Object::StatefulSet(o)) => {
                n.status = o.status.clone();
                // dropStatefulSetDisabledFields: kept only when the old object used it.
                let old_used = o
                    .spec
                    .as_ref()
                    .and_then(|s| s.update_strategy.as_ref())
                    .and_then(|u| u.rolling_update.as_ref())
                    .is_some_and(|r| r.max_unavailable.is_some());
                if !old_used
                    && let Some(ru) = n
                        .spec
                        .as_mut()
                        .and_then(|s| s.update_strategy.as_mut())
                        .and_then(|u| u.rolling_update.as_mut())
                {
                    ru.max_unavailable = None;
                }
                n.spec != o.spec
            }
            (Object::PersistentVolumeClaim(n), Object::PersistentVolumeClaim(o)) => {
                n.status = o.status.clone();
                false
            }
            (Object::PersistentVolume(n), Object::PersistentVolume(o)) => {
                n.status = o.status.clone();
                false
            }
            (Object::DaemonSet(n), Object::DaemonSet(o)) => {
                // daemonSetStrategy.PrepareForUpdate: TemplateGeneration + 1 when the
                // template changed; the generation follows any spec change.
                n.status = o.status.clone();
                let tg = o
                    .metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get(DS_TEMPLATE_GENERATION))
                    .and_then(|v| v.parse::<i64>().ok())
                    .unwrap_or(0);
                let template_changed =
                    n.spec.as_ref().map(|s| &s.template) != o.spec.as_ref().map(|s| &s.template);
                let tg = if template_changed { tg + 1 } else { tg };
                n.metadata
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert(DS_TEMPLATE_GENERATION.into(), tg.to_string());
                n.spec != o.spec
            }
            (Object::Pod(n), Object::Pod(o)) => {
                n.status = o.status.clone();
                false
            }
            (Object::HorizontalPodAutoscaler(n), Object::HorizontalPodAutoscaler(o)) => {
                n.status = o.status.clone();
                false
            }
            // podDisruptionBudgetStrategy.PrepareForUpdate: generation + 1 on a spec change.
            (Object::PodDisruptionBudget(n), Object::PodDisruptionBudget(o)) => {
                n.status = o.status.clone();
                n.spec != o.spec
            }
            (Object::Node(n), Object::Node(o)) => {
                n.status = o.status.clone();
                false
            }
            // resourcequotaStrategy.PrepareForUpdate: the status is the controller's.
            (Object::ResourceQuota(n), Object::ResourceQuota(o)) => {
                n.status = o.status.clone();
                false
            }
            _ => false,
        };
        if let (Object::Service(n), Object::Service(o)) = (&mut obj, &*old) {
            crate::apiserver::service::patch_allocated(o, n);
        }
        if bump {
            let g = obj.meta().generation.unwrap_or(0) + 1;
            obj.meta_mut().generation = Some(g);
        }
        if validate {
            let errs = validation::validate_update(&old, &obj);
            if !errs.is_empty() {
                return Err(ApiError::Invalid {
                    kind,
                    name: key.name.clone(),
                    errors: errs,
                });
            }
            within_sim_limits(&obj)?;
        }
        if let Object::Service(svc) = &mut obj {
            let ip_missing = svc
                .spec
                .as_ref()
                .is_some_and(|s| s.cluster_ip.as_deref().unwrap_or("").is_empty());
            self.allocate_service(svc, Some(&key.ns_name()), ip_missing)?;
        }
        // A no-op update does not write (the API server skips unchanged objects). Compare
        // with the stored resourceVersion in place, without cloning the object.
        let rv = std::mem::replace(
            &mut obj.meta_mut().resource_version,
            old.meta().resource_version.clone(),
        );
        if *old == obj {
            return Ok(old);
        }
        obj.meta_mut().resource_version = rv;
        let stored = self
            .store
            .update(obj, None)
            .map_err(|e| store_err(e, &key))?;
        self.record_write(cx, "update", &stored);
        // Removing the last finalizer of an object being deleted completes the deletion.
        if stored.meta().deletion_timestamp.is_some()
            && stored
                .meta()
                .finalizers
                .as_ref()
                .is_none_or(|f| f.is_empty())
            && kind != Kind::Pod
        {
            let removed = self.store.delete(&key).map_err(|e| store_err(e, &key))?;
            self.record_write(cx, "remove", &removed);
            return Ok(removed);
        }
        Ok(stored)
    }

    /// POST pods/binding (`pkg/registry/core/pod/storage` assignPod): sets spec.nodeName and
    /// the PodScheduled=True condition in one write.
    pub(crate) fn api_bind(
        &mut self,
        cx: &mut StepCtx,
        key: &ObjKey,
        node: &str,
    ) -> Result<Arc<Object>, ApiError> {
        cx.calls.push(key.kind);
        let Some(cur) = self.store.get_obj(key).cloned() else {
            return Err(ApiError::NotFound {
                kind: key.kind,
                name: key.name.clone(),
            });
        };
        let Object::Pod(mut pod) = (*cur).clone() else {
            return Err(ApiError::BadRequest("only pods can be bound".into()));
        };
        if let Some(n) = pod
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .filter(|n| !n.is_empty())
        {
            return Err(ApiError::Conflict {
                kind: key.kind,
                name: format!("{}\" is already assigned to node \"{}", key.name, n),
            });
        }
        if pod.metadata.deletion_timestamp.is_some() {
            return Err(ApiError::BadRequest(format!(
                "pod {} is being deleted, cannot be assigned to a host",
                key.name
            )));
        }
        if let Some(s) = pod.spec.as_mut() {
            s.node_name = Some(node.to_string());
        }
        let st = pod.status.get_or_insert_with(Default::default);
        let mut conds = st.conditions.take().unwrap_or_default();
        conds.retain(|c| c.type_ != "PodScheduled");
        conds.push(k8s_openapi::api::core::v1::PodCondition {
            type_: "PodScheduled".into(),
            status: "True".into(),
            last_transition_time: Some(self.now.to_k8s()),
            ..Default::default()
        });
        st.conditions = Some(conds);
        let stored = self
            .store
            .update(Object::from(pod), None)
            .map_err(|e| store_err(e, key))?;
        self.record_write(cx, "bind", &stored);
        Ok(stored)
    }

    /// PUT …/status: only the status (and, as the registry allows, annotations) change.
    pub(crate) fn api_update_status(
        &mut self,
        cx: &mut StepCtx,
        obj: Object,
    ) -> Result<Arc<Object>, ApiError> {
        let key = obj.key();
        cx.calls.push(key.kind);
        let Some(old) = self.store.get_obj(&key).cloned() else {
            return Err(ApiError::NotFound {
                kind: key.kind,
                name: key.name.clone(),
            });
        };
        // Fast path: a caller that read the object and changed only its status (the common
        // case) hands in everything else unchanged; use its object instead of cloning the
        // stored one. The result is the same either way.
        if let Some(new) = same_but_status(&old, &obj) {
            if new {
                return Ok(old);
            }
            let stored = self
                .store
                .update(obj, None)
                .map_err(|e| store_err(e, &key))?;
            self.record_write(cx, "update status", &stored);
            return Ok(stored);
        }
        let mut new = (*old).clone();
        match (&mut new, obj) {
            (Object::Deployment(n), Object::Deployment(o)) => {
                n.status = o.status;
                n.metadata.annotations = o.metadata.annotations;
            }
            (Object::ReplicaSet(n), Object::ReplicaSet(o)) => {
                n.status = o.status;
                n.metadata.annotations = o.metadata.annotations;
            }
            (Object::Pod(n), Object::Pod(o)) => n.status = o.status,
            (Object::Node(n), Object::Node(o)) => n.status = o.status,
            (Object::DaemonSet(n), Object::DaemonSet(o)) => n.status = o.status,
            (Object::Job(n), Object::Job(o)) => n.status = o.status,
            (n, o) => *n = o,
        }
        if new == *old {
            return Ok(old);
        }
        let stored = self
            .store
            .update(new, None)
            .map_err(|e| store_err(e, &key))?;
        self.record_write(cx, "update status", &stored);
        Ok(stored)
    }

    /// DELETE. Pods on a node are deleted gracefully (deletionTimestamp = now + grace);
    /// unscheduled or terminal pods and grace 0 remove the object at once. Objects with
    /// finalizers are only marked. Dependents are handled by the garbage collector.
    /// `PUT namespaces/NAME/finalize` as the namespace controller sends it: `kubernetes`
    /// leaves spec.finalizers; with none left (and no metadata finalizers) the update
    /// deletes the namespace (`ShouldDeleteNamespaceDuringUpdate`).
    pub(crate) fn api_finalize_namespace(
        &mut self,
        cx: &mut StepCtx,
        name: &str,
    ) -> Result<Arc<Object>, ApiError> {
        let key = ObjKey::new(Kind::Namespace, "", name);
        cx.calls.push(Kind::Namespace);
        let Some(old) = self.store.get_obj(&key).cloned() else {
            return Err(ApiError::NotFound {
                kind: Kind::Namespace,
                name: name.to_string(),
            });
        };
        let remaining: Vec<String> = old
            .as_namespace()
            .and_then(|n| n.spec.as_ref())
            .and_then(|s| s.finalizers.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f != "kubernetes")
            .collect();
        self.api_set_namespace_finalizers(cx, name, remaining)
    }

    /// The namespace's `finalize` subresource: `spec.finalizers` becomes `finalizers`
    /// (sorted, de-duplicated); a namespace being deleted whose spec and metadata
    /// finalizers are then empty is removed.
    pub(crate) fn api_set_namespace_finalizers(
        &mut self,
        cx: &mut StepCtx,
        name: &str,
        finalizers: Vec<String>,
    ) -> Result<Arc<Object>, ApiError> {
        let key = ObjKey::new(Kind::Namespace, "", name);
        let Some(old) = self.store.get_obj(&key).cloned() else {
            return Err(ApiError::NotFound {
                kind: Kind::Namespace,
                name: name.to_string(),
            });
        };
        let mut obj = (*old).clone();
        if let Object::Namespace(ns) = &mut obj {
            let mut f = finalizers;
            f.stable_sort();
            f.dedup();
            ns.spec.get_or_insert_with(Default::default).finalizers =
                if f.is_empty() { None } else { Some(f) };
        }
        let spec_empty = obj
            .as_namespace()
            .and_then(|n| n.spec.as_ref())
            .is_none_or(|s| s.finalizers.as_ref().is_none_or(|f| f.is_empty()));
        if spec_empty
            && obj.meta().deletion_timestamp.is_some()
            && obj.meta().finalizers.as_ref().is_none_or(|f| f.is_empty())
        {
            let removed = self.store.delete(&key).map_err(|e| store_err(e, &key))?;
            self.record_write(cx, "remove", &removed);
            // The answer is the updated object (its finalizers gone), as deleted.
            obj.meta_mut().resource_version = removed.meta().resource_version.clone();
            return Ok(Arc::new(obj));
        }
        let stored = self
            .store
            .update(obj, None)
            .map_err(|e| store_err(e, &key))?;
        self.record_write(cx, "update", &stored);
        Ok(stored)
    }

    pub(crate) fn api_delete(
        &mut self,
        cx: &mut StepCtx,
        key: &ObjKey,
        opts: DeleteOptions,
    ) -> Result<Arc<Object>, ApiError> {
        cx.calls.push(key.kind);
        let Some(old) = self.store.get_obj(key).cloned() else {
            return Err(ApiError::NotFound {
                kind: key.kind,
                name: key.name.clone(),
            });
        };
        let mut obj = (*old).clone();
        if key.kind == Kind::Namespace {
            // NamespaceLifecycle admission: these three may never be deleted.
            if IMMORTAL_NAMESPACES.contains(&key.name.as_str()) {
                return Err(ApiError::Forbidden {
                    kind: Kind::Namespace,
                    name: key.name.clone(),
                    reason: "this namespace may not be deleted".into(),
                });
            }
        }
        // Finalizers requested by the propagation policy (registry/rest/delete.go).
        let mut finalizers = obj.meta().finalizers.clone().unwrap_or_default();
        match opts.propagation {
            Propagation::Orphan
                if key.kind != Kind::Pod && !finalizers.iter().any(|f| f == "orphan") =>
            {
                finalizers.push("orphan".into());
            }
            Propagation::Foreground
                if key.kind != Kind::Pod
                    && !finalizers.iter().any(|f| f == "foregroundDeletion") =>
            {
                finalizers.push("foregroundDeletion".into());
            }
            _ => {}
        }
        if let Object::Pod(p) = &obj {
            let spec_grace = p
                .spec
                .as_ref()
                .and_then(|s| s.termination_grace_period_seconds)
                .unwrap_or(30);
            // A negative grace period means 1 (registry/rest/delete.go BeforeDelete).
            let mut grace = opts.grace_seconds.unwrap_or(spec_grace);
            if grace < 0 {
                grace = 1;
            }
            let on_node = p
                .spec
                .as_ref()
                .and_then(|s| s.node_name.as_ref())
                .is_some_and(|n| !n.is_empty());
            let phase = p
                .status
                .as_ref()
                .and_then(|s| s.phase.as_deref())
                .unwrap_or("");
            if !on_node || phase == "Succeeded" || phase == "Failed" {
                grace = 0;
            }
            if let Some(existing) = p.metadata.deletion_grace_period_seconds
                && existing <= grace
                && p.metadata.deletion_timestamp.is_some()
            {
                // Already terminating with a grace period at least as short.
                return Ok(old);
            }
            if grace > 0 || !finalizers.is_empty() {
                // Shortening the grace period of a terminating pod moves its deadline
                // earlier: old deadline − old grace + new grace.
                let start = match (
                    &p.metadata.deletion_timestamp,
                    p.metadata.deletion_grace_period_seconds,
                ) {
                    (Some(t), Some(g)) => crate::time::SimTime::from_k8s(t).plus(-g * 1000),
                    _ => self.now,
                };
                let m = obj.meta_mut();
                m.deletion_timestamp = Some(start.plus(grace * 1000).to_k8s());
                m.deletion_grace_period_seconds = Some(grace);
                m.finalizers = if finalizers.is_empty() {
                    None
                } else {
                    Some(finalizers)
                };
                let stored = self
                    .store
                    .update(obj, None)
                    .map_err(|e| store_err(e, key))?;
                self.record_write(cx, "delete", &stored);
                return Ok(stored);
            }
        } else if let Object::Namespace(ns) = &mut obj
            && ns
                .spec
                .as_ref()
                .and_then(|s| s.finalizers.as_ref())
                .is_some_and(|f| !f.is_empty())
        {
            // The namespace registry's Delete: while spec.finalizers remain, the first delete
            // marks it (deletionTimestamp, phase Terminating) and the namespace controller
            // empties it; later deletes return it unchanged.
            if ns.metadata.deletion_timestamp.is_some() {
                return Ok(old);
            }
            ns.metadata.deletion_timestamp = Some(self.now.to_k8s());
            ns.metadata.deletion_grace_period_seconds = Some(0);
            ns.metadata.finalizers = if finalizers.is_empty() {
                None
            } else {
                Some(finalizers)
            };
            ns.status.get_or_insert_with(Default::default).phase = Some("Terminating".into());
            let stored = self
                .store
                .update(obj, None)
                .map_err(|e| store_err(e, key))?;
            self.record_write(cx, "delete", &stored);
            return Ok(stored);
        } else if !finalizers.is_empty() {
            if obj.meta().deletion_timestamp.is_some()
                && obj.meta().finalizers.as_ref() == Some(&finalizers)
            {
                return Ok(old);
            }
            let m = obj.meta_mut();
            if m.deletion_timestamp.is_none() {
                m.deletion_timestamp = Some(self.now.to_k8s());
                m.deletion_grace_period_seconds = Some(0);
            }
            m.finalizers = Some(finalizers);
            let stored = self
                .store
                .update(obj, None)
                .map_err(|e| store_err(e, key))?;
            self.record_write(cx, "delete", &stored);
            return Ok(stored);
        }
        let removed = self.store.delete(key).map_err(|e| store_err(e, key))?;
        self.record_write(cx, "remove", &removed);
        Ok(removed)
    }
}

//! Defaulting (`SetDefaults_*`, applied by the API server when it decodes a request) and the
//! Pod admission plugins that mutate new Pods (ServiceAccount, Priority,
//! DefaultTolerationSeconds).
//!
//! Upstream: `pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`, the generated
//! `zz_generated.defaults.go` (which walks pod templates, containers, probes and resource
//! lists), `plugin/pkg/admission/serviceaccount/admission.go`,
//! `plugin/pkg/admission/priority/admission.go`,
//! `plugin/pkg/admission/defaulttolerationseconds/admission.go`.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    DaemonSetSpec, DaemonSetUpdateStrategy, DeploymentSpec, DeploymentStrategy, ReplicaSetSpec,
    RollingUpdateDaemonSet, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::{
    ConfigMapProjection, Container, DownwardAPIProjection, DownwardAPIVolumeFile, HTTPGetAction,
    KeyToPath, LifecycleHandler, ObjectFieldSelector, Pod, PodSpec, PodTemplateSpec, Probe,
    ProjectedVolumeSource, ServiceAccountTokenProjection, Toleration, Volume, VolumeMount,
    VolumeProjection,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::object::Object;
use crate::quantity::canonical_resource_quantity;

/// Mount path of the projected service account token volume.
pub const SERVICE_ACCOUNT_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// Apply the API server's defaulting to a decoded object (create and update requests alike).
/// Idempotent. Also canonicalises resource quantities (`0.5` → `500m`) the way the API
/// serialises them after `SetDefaults_ResourceList`, and sets the fields the Namespace registry
/// strategy fills on create (`spec.finalizers: [kubernetes]`, `status.phase: Active`).
pub fn default_object(obj: &mut Object) {
    match obj {
        Object::Deployment(d) => {
            default_deployment_spec(d.spec.get_or_insert_with(Default::default))
        }
        Object::ReplicaSet(rs) => {
            default_replicaset_spec(rs.spec.get_or_insert_with(Default::default))
        }
        Object::DaemonSet(ds) => {
            default_daemonset_spec(ds.spec.get_or_insert_with(Default::default))
        }
        Object::Job(j) => default_job(j),
        Object::CronJob(cj) => default_cronjob(cj),
        Object::HorizontalPodAutoscaler(h) => default_hpa(h),
        // policy/v1 has no defaults for PodDisruptionBudgets.
        Object::PodDisruptionBudget(_) => {}
        Object::StatefulSet(s) => default_statefulset(s),
        Object::PersistentVolumeClaim(c) => default_pvc(c),
        Object::PersistentVolume(v) => {
            // SetDefaults_PersistentVolume: Retain, Filesystem, phase Pending.
            let spec = v.spec.get_or_insert_with(Default::default);
            if spec.persistent_volume_reclaim_policy.is_none() {
                spec.persistent_volume_reclaim_policy = Some("Retain".into());
            }
            if spec.volume_mode.is_none() {
                spec.volume_mode = Some("Filesystem".into());
            }
            if let Some(c) = spec.capacity.as_mut() {
                canonicalize_list(c);
            }
            let st = v.status.get_or_insert_with(Default::default);
            if st.phase.is_none() {
                st.phase = Some("Pending".into());
            }
        }
        Object::StorageClass(c) => {
            // SetDefaults_StorageClass: Delete, Immediate.
            if c.reclaim_policy.is_none() {
                c.reclaim_policy = Some("Delete".into());
            }
            if c.volume_binding_mode.is_none() {
                c.volume_binding_mode = Some("Immediate".into());
            }
        }
        Object::Pod(p) => default_pod(p),
        Object::Node(n) => {
            // SetDefaults_NodeStatus + resource lists.
            if let Some(st) = n.status.as_mut() {
                for list in [st.capacity.as_mut(), st.allocatable.as_mut()]
                    .into_iter()
                    .flatten()
                {
                    canonicalize_list(list);
                }
                if st.allocatable.is_none() {
                    st.allocatable = st.capacity.clone();
                }
            }
        }
        Object::Namespace(ns) => {
            // SetDefaults_Namespace: kubernetes.io/metadata.name label.
            if let Some(name) = ns.metadata.name.clone().filter(|n| !n.is_empty()) {
                ns.metadata
                    .labels
                    .get_or_insert_with(BTreeMap::new)
                    .insert("kubernetes.io/metadata.name".to_string(), name);
            }
            let spec = ns.spec.get_or_insert_with(Default::default);
            if spec.finalizers.is_none() {
                spec.finalizers = Some(vec!["kubernetes".to_string()]);
            }
            let status = ns.status.get_or_insert_with(Default::default);
            if status.phase.as_deref().unwrap_or("").is_empty() {
                status.phase = Some("Active".to_string());
            }
        }
        Object::Service(svc) => super::service::default_service(svc),
        Object::Endpoints(ep) => super::service::default_endpoints(ep),
        Object::Secret(sec) => {
            // Convert_v1_Secret_To_core_Secret: stringData is write-only, merged into data
            // (stringData wins); SetDefaults_Secret: type Opaque.
            if let Some(sd) = sec.string_data.take() {
                let data = sec.data.get_or_insert_with(BTreeMap::new);
                for (k, v) in sd {
                    data.insert(k, k8s_openapi::ByteString(v.into_bytes()));
                }
            }
            if sec.type_.as_deref().unwrap_or("").is_empty() {
                sec.type_ = Some("Opaque".into());
            }
        }
        Object::LimitRange(lr) => {
            for item in lr.spec.iter_mut().flat_map(|s| s.limits.iter_mut()) {
                default_limit_range_item(item);
                for list in [
                    item.default.as_mut(),
                    item.default_request.as_mut(),
                    item.max.as_mut(),
                    item.min.as_mut(),
                    item.max_limit_request_ratio.as_mut(),
                ]
                .into_iter()
                .flatten()
                {
                    canonicalize_list(list);
                }
            }
        }
        Object::ResourceQuota(q) => {
            if let Some(h) = q.spec.as_mut().and_then(|s| s.hard.as_mut()) {
                canonicalize_list(h);
            }
            if let Some(st) = q.status.as_mut() {
                for list in [st.hard.as_mut(), st.used.as_mut()].into_iter().flatten() {
                    canonicalize_list(list);
                }
            }
        }
        Object::Lease(_)
        | Object::Event(_)
        | Object::EndpointSlice(_)
        | Object::ControllerRevision(_)
        | Object::ConfigMap(_)
        | Object::ServiceAccount(_) => {}
    }
}

/// `SetDefaults_LimitRangeItem` (pkg/apis/core/v1/defaults.go): for `type: Container`, a
/// missing default limit is the max, a missing default request the default limit, else
/// the min. (Upstream's empty maps are `omitempty`: none is written when nothing applies.)
fn default_limit_range_item(item: &mut k8s_openapi::api::core::v1::LimitRangeItem) {
    if item.type_ != "Container" {
        return;
    }
    let mut def = item.default.take().unwrap_or_default();
    let mut req = item.default_request.take().unwrap_or_default();
    for (k, v) in item.max.iter().flatten() {
        def.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in &def {
        req.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in item.min.iter().flatten() {
        req.entry(k.clone()).or_insert_with(|| v.clone());
    }
    item.default = (!def.is_empty()).then_some(def);
    item.default_request = (!req.is_empty()).then_some(req);
}

/// `SetDefaults_Deployment` plus the pod template defaults.
fn default_deployment_spec(spec: &mut DeploymentSpec) {
    if spec.replicas.is_none() {
        spec.replicas = Some(1);
    }
    let strategy = spec
        .strategy
        .get_or_insert_with(DeploymentStrategy::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".to_string());
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDeployment::default);
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrString::String("25%".to_string()));
        }
        if ru.max_surge.is_none() {
            ru.max_surge = Some(IntOrString::String("25%".to_string()));
        }
    }
    if spec.revision_history_limit.is_none() {
        spec.revision_history_limit = Some(10);
    }
    if spec.progress_deadline_seconds.is_none() {
        spec.progress_deadline_seconds = Some(600);
    }
    default_template(&mut spec.template);
}

/// `SetDefaults_DaemonSet` (pkg/apis/apps/v1/defaults.go) plus the pod template defaults:
/// RollingUpdate with maxUnavailable 1 and maxSurge 0, a history of 10 revisions.
fn default_daemonset_spec(spec: &mut DaemonSetSpec) {
    let strategy = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    if strategy.type_.as_deref().unwrap_or("").is_empty() {
        strategy.type_ = Some("RollingUpdate".to_string());
    }
    if strategy.type_.as_deref() == Some("RollingUpdate") {
        let ru = strategy
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        if ru.max_unavailable.is_none() {
            ru.max_unavailable = Some(IntOrString::Int(1));
        }
        if ru.max_surge.is_none() {
            ru.max_surge = Some(IntOrString::Int(0));
        }
    }
    if spec.revision_history_limit.is_none() {
        spec.revision_history_limit = Some(10);
    }
    default_template(&mut spec.template);
}

/// `SetDefaults_Job` (pkg/apis/batch/v1/defaults.go) plus the pod template defaults: one
/// completion and parallelism 1 when neither is set, backoffLimit 6 (MaxInt32 with
/// backoffLimitPerIndex), NonIndexed, not suspended, the Job's labels from its template's
/// when it has none, podReplacementPolicy Failed with a podFailurePolicy else
/// TerminatingOrFailed, manualSelector false.
fn default_job(j: &mut k8s_openapi::api::batch::v1::Job) {
    let spec = j.spec.get_or_insert_with(Default::default);
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
        spec.parallelism = Some(1);
    }
    if spec.parallelism.is_none() {
        spec.parallelism = Some(1);
    }
    if spec.backoff_limit.is_none() {
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        });
    }
    if let Some(labels) = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        && j.metadata.labels.as_ref().is_none_or(|l| l.is_empty())
    {
        j.metadata.labels = Some(labels);
    }
    if spec.completion_mode.is_none() {
        spec.completion_mode = Some("NonIndexed".into());
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if let Some(pfp) = spec.pod_failure_policy.as_mut() {
        for rule in pfp.rules.iter_mut() {
            for c in rule.on_pod_conditions.iter_mut().flatten() {
                if c.status.is_empty() {
                    c.status = "True".into();
                }
            }
        }
    }
    if spec.pod_replacement_policy.is_none() {
        spec.pod_replacement_policy = Some(
            if spec.pod_failure_policy.is_some() {
                "Failed"
            } else {
                "TerminatingOrFailed"
            }
            .into(),
        );
    }
    if spec.manual_selector.is_none() {
        spec.manual_selector = Some(false);
    }
    default_template(&mut spec.template);
}

/// `SetDefaults_HorizontalPodAutoscaler` (autoscaling/v2): minReplicas 1, a CPU target of
/// 80 % when no metric is given, and the behavior's missing parts only when a behavior is
/// set (`SetDefaults_HorizontalPodAutoscalerBehavior`; the scale-down window stays unset: the
/// controller fills it from its flag).
pub fn default_hpa(h: &mut k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler) {
    use k8s_openapi::api::autoscaling::v2::{
        HPAScalingPolicy, HPAScalingRules, MetricSpec, MetricTarget, ResourceMetricSource,
    };
    let spec = h.spec.get_or_insert_with(Default::default);
    if spec.min_replicas.is_none() {
        spec.min_replicas = Some(1);
    }
    if spec.metrics.as_ref().is_none_or(|m| m.is_empty()) {
        spec.metrics = Some(vec![MetricSpec {
            type_: "Resource".into(),
            resource: Some(ResourceMetricSource {
                name: "cpu".into(),
                target: MetricTarget {
                    type_: "Utilization".into(),
                    average_utilization: Some(80),
                    ..Default::default()
                },
            }),
            ..Default::default()
        }]);
    }
    if let Some(b) = spec.behavior.as_mut() {
        let policy = |ty: &str, value: i32| HPAScalingPolicy {
            type_: ty.into(),
            value,
            period_seconds: 15,
        };
        // GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: the user's non-nil fields kept.
        let up = b.scale_up.get_or_insert_with(HPAScalingRules::default);
        if up.stabilization_window_seconds.is_none() {
            up.stabilization_window_seconds = Some(0);
        }
        if up.select_policy.is_none() {
            up.select_policy = Some("Max".into());
        }
        if up.policies.is_none() {
            up.policies = Some(vec![policy("Pods", 4), policy("Percent", 100)]);
        }
        let down = b.scale_down.get_or_insert_with(HPAScalingRules::default);
        if down.select_policy.is_none() {
            down.select_policy = Some("Max".into());
        }
        if down.policies.is_none() {
            down.policies = Some(vec![policy("Percent", 100)]);
        }
    }
}

/// `SetDefaults_CronJob`: concurrencyPolicy Allow, not suspended, history limits 3 and 1,
/// and the job template's defaults.
fn default_cronjob(cj: &mut k8s_openapi::api::batch::v1::CronJob) {
    let spec = cj.spec.get_or_insert_with(Default::default);
    if spec.concurrency_policy.is_none() {
        spec.concurrency_policy = Some("Allow".into());
    }
    if spec.suspend.is_none() {
        spec.suspend = Some(false);
    }
    if spec.successful_jobs_history_limit.is_none() {
        spec.successful_jobs_history_limit = Some(3);
    }
    if spec.failed_jobs_history_limit.is_none() {
        spec.failed_jobs_history_limit = Some(1);
    }
    let js = spec.job_template.spec.get_or_insert_with(Default::default);
    default_template(&mut js.template);
}

/// `SetDefaults_StatefulSet` (pkg/apis/apps/v1/defaults.go): OrderedReady, RollingUpdate
/// (with `rollingUpdate: {partition: 0}` only when the type was empty too; a written
/// `type: RollingUpdate` without the block keeps it nil), the retention policy Retain/Retain,
/// one replica, ten revisions; the claim templates get the PVC defaults and the template the
/// pod defaults.
fn default_statefulset(s: &mut k8s_openapi::api::apps::v1::StatefulSet) {
    use k8s_openapi::api::apps::v1::{
        RollingUpdateStatefulSetStrategy, StatefulSetPersistentVolumeClaimRetentionPolicy,
        StatefulSetUpdateStrategy,
    };
    let spec = s.spec.get_or_insert_with(Default::default);
    if spec
        .pod_management_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        spec.pod_management_policy = Some("OrderedReady".into());
    }
    let us = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    if us.type_.as_deref().unwrap_or("").is_empty() {
        us.type_ = Some("RollingUpdate".into());
        if us.rolling_update.is_none() {
            us.rolling_update = Some(RollingUpdateStatefulSetStrategy::default());
        }
    }
    if us.type_.as_deref() == Some("RollingUpdate")
        && let Some(ru) = us.rolling_update.as_mut()
        && ru.partition.is_none()
    {
        ru.partition = Some(0);
    }
    let rp = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    if rp.when_deleted.as_deref().unwrap_or("").is_empty() {
        rp.when_deleted = Some("Retain".into());
    }
    if rp.when_scaled.as_deref().unwrap_or("").is_empty() {
        rp.when_scaled = Some("Retain".into());
    }
    if spec.replicas.is_none() {
        spec.replicas = Some(1);
    }
    if spec.revision_history_limit.is_none() {
        spec.revision_history_limit = Some(10);
    }
    for c in spec.volume_claim_templates.iter_mut().flatten() {
        default_pvc(c);
    }
    default_template(&mut spec.template);
}

/// `SetDefaults_PersistentVolumeClaim` + `…Spec`: phase Pending, volumeMode Filesystem, and
/// the requests in canonical form.
fn default_pvc(c: &mut k8s_openapi::api::core::v1::PersistentVolumeClaim) {
    let spec = c.spec.get_or_insert_with(Default::default);
    if spec.volume_mode.is_none() {
        spec.volume_mode = Some("Filesystem".into());
    }
    if let Some(r) = spec.resources.as_mut() {
        for l in [r.requests.as_mut(), r.limits.as_mut()]
            .into_iter()
            .flatten()
        {
            canonicalize_list(l);
        }
    }
    let st = c.status.get_or_insert_with(Default::default);
    if st.phase.is_none() {
        st.phase = Some("Pending".into());
    }
}

/// `SetDefaults_ReplicaSet` plus the pod template defaults.
fn default_replicaset_spec(spec: &mut ReplicaSetSpec) {
    if spec.replicas.is_none() {
        spec.replicas = Some(1);
    }
    default_template(spec.template.get_or_insert_with(Default::default));
}

fn default_template(t: &mut PodTemplateSpec) {
    default_pod_spec(t.spec.get_or_insert_with(Default::default));
}

/// `SetDefaults_Pod` (Pods only, not templates) plus the PodSpec defaults.
fn default_pod(p: &mut Pod) {
    let spec = p.spec.get_or_insert_with(Default::default);
    // If limits are set but requests are not, requests default to limits (per resource).
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        if let Some(res) = c.resources.as_mut()
            && let Some(limits) = res.limits.clone()
        {
            let req = res.requests.get_or_insert_with(BTreeMap::new);
            for (k, v) in limits {
                req.entry(k).or_insert(v);
            }
        }
    }
    if spec.enable_service_links.is_none() {
        spec.enable_service_links = Some(true);
    }
    if spec.host_network == Some(true) {
        for c in spec
            .containers
            .iter_mut()
            .chain(spec.init_containers.iter_mut().flatten())
        {
            for port in c.ports.iter_mut().flatten() {
                if port.host_port.unwrap_or(0) == 0 {
                    port.host_port = Some(port.container_port);
                }
            }
        }
    }
    default_pod_spec(spec);
}

/// `SetDefaults_PodSpec` and everything the generated defaulter walks inside a PodSpec.
fn default_pod_spec(spec: &mut PodSpec) {
    if spec.dns_policy.as_deref().unwrap_or("").is_empty() {
        spec.dns_policy = Some("ClusterFirst".to_string());
    }
    if spec.restart_policy.as_deref().unwrap_or("").is_empty() {
        spec.restart_policy = Some("Always".to_string());
    }
    if spec.security_context.is_none() {
        spec.security_context = Some(Box::default());
    }
    if spec.termination_grace_period_seconds.is_none() {
        spec.termination_grace_period_seconds = Some(30);
    }
    if spec.scheduler_name.as_deref().unwrap_or("").is_empty() {
        spec.scheduler_name = Some("default-scheduler".to_string());
    }
    for v in spec.volumes.iter_mut().flatten() {
        default_volume(v);
    }
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        default_container(c);
    }
    if let Some(o) = spec.overhead.as_mut() {
        canonicalize_list(o);
    }
    if let Some(r) = spec.resources.as_mut() {
        for list in [r.limits.as_mut(), r.requests.as_mut()]
            .into_iter()
            .flatten()
        {
            canonicalize_list(list);
        }
    }
}

fn canonicalize_list(list: &mut BTreeMap<String, Quantity>) {
    for q in list.values_mut() {
        q.0 = canonical_resource_quantity(&q.0);
    }
}

/// The image pull policy the API server defaults for an image reference
/// (`SetDefaults_Container`): `Always` when the tag is `latest` (or there is neither tag nor
/// digest), otherwise `IfNotPresent` (also for unparseable references).
pub fn default_pull_policy(image: &str) -> &'static str {
    match image_tag(image) {
        Some(t) if t == "latest" => "Always",
        _ => "IfNotPresent",
    }
}

/// The tag `parsers.ParseImageName` reports: explicit tag, `latest` when there is neither tag
/// nor digest, `None` for digest-only references and parse errors.
fn image_tag(image: &str) -> Option<String> {
    if image.is_empty() || image.trim() != image {
        return None;
    }
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        // algorithm:hex, e.g. sha256 with 64 lowercase hex digits.
        let ok = match d.split_once(':') {
            Some((alg, hex)) => {
                !alg.is_empty()
                    && alg.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b)
                    })
                    && hex.len() >= 32
                    && hex.bytes().all(|b| b.is_ascii_hexdigit())
                    && (alg != "sha256" || hex.len() == 64)
            }
            None => false,
        };
        if !ok {
            return None;
        }
    }
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (repo, tag) = match name[last_slash..].rfind(':') {
        Some(i) => (&name[..last_slash + i], Some(&name[last_slash + i + 1..])),
        None => (name, None),
    };
    // Repository path components must be lowercase (the registry host may not be).
    let mut comps: Vec<&str> = repo.split('/').collect();
    if comps.len() > 1
        && (comps[0].contains('.') || comps[0].contains(':') || comps[0] == "localhost")
    {
        comps.remove(0);
    }
    let comp_ok = |c: &str| {
        !c.is_empty()
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && c.as_bytes()[0].is_ascii_alphanumeric()
            && c.as_bytes()[c.len() - 1].is_ascii_alphanumeric()
    };
    if repo.is_empty() || !comps.iter().all(|c| comp_ok(c)) {
        return None;
    }
    match tag {
        Some(t) => {
            let b = t.as_bytes();
            let ok = !b.is_empty()
                && b.len() <= 128
                && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || b"_.-".contains(c));
            if ok { Some(t.to_string()) } else { None }
        }
        None if digest.is_none() => Some("latest".to_string()),
        None => None,
    }
}

/// `SetDefaults_Container` plus ports, env field refs, resource lists, probes, lifecycle.
fn default_container(c: &mut Container) {
    if c.image_pull_policy.as_deref().unwrap_or("").is_empty() {
        c.image_pull_policy =
            Some(default_pull_policy(c.image.as_deref().unwrap_or("")).to_string());
    }
    if c.termination_message_path
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        c.termination_message_path = Some("/dev/termination-log".to_string());
    }
    if c.termination_message_policy
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        c.termination_message_policy = Some("File".to_string());
    }
    for p in c.ports.iter_mut().flatten() {
        if p.protocol.as_deref().unwrap_or("").is_empty() {
            p.protocol = Some("TCP".to_string());
        }
    }
    for e in c.env.iter_mut().flatten() {
        if let Some(fr) = e.value_from.as_mut().and_then(|vf| vf.field_ref.as_mut()) {
            default_field_ref(fr);
        }
    }
    if let Some(r) = c.resources.as_mut() {
        for list in [r.limits.as_mut(), r.requests.as_mut()]
            .into_iter()
            .flatten()
        {
            canonicalize_list(list);
        }
    }
    for p in [
        c.liveness_probe.as_mut(),
        c.readiness_probe.as_mut(),
        c.startup_probe.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        default_probe(p);
    }
    if let Some(l) = c.lifecycle.as_mut() {
        for h in [l.post_start.as_mut(), l.pre_stop.as_mut()]
            .into_iter()
            .flatten()
        {
            default_handler(h);
        }
    }
}

fn default_field_ref(fr: &mut ObjectFieldSelector) {
    if fr.api_version.as_deref().unwrap_or("").is_empty() {
        fr.api_version = Some("v1".to_string());
    }
}

fn default_http_get(h: &mut HTTPGetAction) {
    if h.path.as_deref().unwrap_or("").is_empty() {
        h.path = Some("/".to_string());
    }
    if h.scheme.as_deref().unwrap_or("").is_empty() {
        h.scheme = Some("HTTP".to_string());
    }
}

fn default_handler(h: &mut LifecycleHandler) {
    if let Some(g) = h.http_get.as_mut() {
        default_http_get(g);
    }
}

/// `SetDefaults_Probe` (+ `SetDefaults_HTTPGetAction`).
fn default_probe(p: &mut Probe) {
    let set = |f: &mut Option<i32>, v: i32| {
        if f.unwrap_or(0) == 0 {
            *f = Some(v);
        }
    };
    set(&mut p.timeout_seconds, 1);
    set(&mut p.period_seconds, 10);
    set(&mut p.success_threshold, 1);
    set(&mut p.failure_threshold, 3);
    if let Some(g) = p.http_get.as_mut() {
        default_http_get(g);
    }
}

/// `SetDefaults_Volume` and the per-source defaults (mode 0644 = 420 for secret, configMap,
/// downwardAPI and projected volumes).
fn default_volume(v: &mut Volume) {
    let has_source = match serde_json::to_value(&*v) {
        Ok(serde_json::Value::Object(m)) => m.keys().any(|k| k != "name"),
        _ => true,
    };
    if !has_source {
        v.empty_dir = Some(Box::default());
    }
    if let Some(s) = v.secret.as_mut() {
        s.default_mode.get_or_insert(420);
    }
    if let Some(s) = v.config_map.as_mut() {
        s.default_mode.get_or_insert(420);
    }
    if let Some(s) = v.downward_api.as_mut() {
        s.default_mode.get_or_insert(420);
        for item in s.items.iter_mut().flatten() {
            if let Some(fr) = item.field_ref.as_mut() {
                default_field_ref(fr);
            }
        }
    }
    if let Some(s) = v.projected.as_mut() {
        s.default_mode.get_or_insert(420);
        for src in s.sources.iter_mut().flatten() {
            if let Some(t) = src.service_account_token.as_mut() {
                t.expiration_seconds.get_or_insert(3600);
            }
            if let Some(d) = src.downward_api.as_mut() {
                for item in d.items.iter_mut().flatten() {
                    if let Some(fr) = item.field_ref.as_mut() {
                        default_field_ref(fr);
                    }
                }
            }
        }
    }
    if let Some(h) = v.host_path.as_mut() {
        h.type_.get_or_insert_with(String::new);
    }
}

/// Mutating admission for a new Pod (not templates), in the effect order of the default
/// plugin chain:
/// - ServiceAccount: `serviceAccountName` (and the deprecated `serviceAccount`) default to
///   `default`; unless `automountServiceAccountToken: false`, a projected volume
///   `kube-api-access-<uid_suffix>` is added and mounted read-only at
///   `/var/run/secrets/kubernetes.io/serviceaccount` in every container and init container
///   that does not already mount something there.
/// - Priority: `priority: 0`, `preemptionPolicy: PreemptLowerPriority` when unset.
/// - DefaultTolerationSeconds: `node.kubernetes.io/not-ready` and `…/unreachable`
///   `NoExecute` tolerations for 300s unless already tolerated.
/// - `enableServiceLinks: true` when unset (normally done by defaulting already).
///
/// `uid_suffix` is the 5-character random suffix (upstream `utilrand.String(5)`), drawn by
/// the caller from its seeded RNG.
pub fn admit_pod(pod: &mut Pod, uid_suffix: &str) -> Result<(), String> {
    // ServiceAccount admission leaves mirror pods alone ("that makes the kubelet very angry
    // and confused").
    let mirror = pod
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"));
    let spec = pod.spec.get_or_insert_with(Default::default);

    // ServiceAccount admission.
    if mirror {
    } else if spec
        .service_account_name
        .as_deref()
        .unwrap_or("")
        .is_empty()
    {
        let sa = spec
            .service_account
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "default".to_string());
        spec.service_account_name = Some(sa);
    }
    spec.service_account = spec.service_account_name.clone();
    if !mirror && spec.automount_service_account_token != Some(false) {
        let vol_name = format!("kube-api-access-{uid_suffix}");
        let needs_mount = |c: &Container| {
            !c.volume_mounts
                .iter()
                .flatten()
                .any(|m| m.mount_path == SERVICE_ACCOUNT_MOUNT_PATH)
        };
        let any_needs = spec
            .containers
            .iter()
            .chain(spec.init_containers.iter().flatten())
            .any(needs_mount);
        if any_needs {
            let exists = spec.volumes.iter().flatten().any(|v| v.name == vol_name);
            if !exists {
                spec.volumes
                    .get_or_insert_with(Vec::new)
                    .push(token_volume(&vol_name));
            }
            for c in spec
                .containers
                .iter_mut()
                .chain(spec.init_containers.iter_mut().flatten())
            {
                if needs_mount(c) {
                    c.volume_mounts
                        .get_or_insert_with(Vec::new)
                        .push(VolumeMount {
                            mount_path: SERVICE_ACCOUNT_MOUNT_PATH.to_string(),
                            name: vol_name.clone(),
                            read_only: Some(true),
                            ..Default::default()
                        });
                }
            }
        }
    }

    // Priority admission (plugin/pkg/admission/priority/admission.go): the two built-in
    // classes; no globalDefault class, so a pod without a class gets 0.
    let class = spec.priority_class_name.clone().unwrap_or_default();
    let value = if class.is_empty() {
        0
    } else {
        match system_priority(&class) {
            Some(v) => v,
            None => return Err(format!("no PriorityClass with name {} was found", class)),
        }
    };
    if let Some(p) = spec.priority
        && p != value
    {
        return Err(format!(
            "the integer value of priority ({}) must not be provided in pod spec; priority admission controller computed {} from the given PriorityClass name",
            p, value
        ));
    }
    spec.priority = Some(value);
    if spec.preemption_policy.is_none() {
        spec.preemption_policy = Some("PreemptLowerPriority".to_string());
    }

    // DefaultTolerationSeconds admission.
    let tols = spec.tolerations.get_or_insert_with(Vec::new);
    let tolerates = |key: &str| {
        tols.iter().any(|t| {
            let k = t.key.as_deref().unwrap_or("");
            let e = t.effect.as_deref().unwrap_or("");
            (k == key || k.is_empty()) && (e == "NoExecute" || e.is_empty())
        })
    };
    let not_ready = tolerates("node.kubernetes.io/not-ready");
    let unreachable = tolerates("node.kubernetes.io/unreachable");
    for (key, tolerated) in [
        ("node.kubernetes.io/not-ready", not_ready),
        ("node.kubernetes.io/unreachable", unreachable),
    ] {
        if !tolerated {
            tols.push(Toleration {
                key: Some(key.to_string()),
                operator: Some("Exists".to_string()),
                effect: Some("NoExecute".to_string()),
                toleration_seconds: Some(300),
                value: None,
            });
        }
    }

    if spec.enable_service_links.is_none() {
        spec.enable_service_links = Some(true);
    }
    Ok(())
}

/// The built-in PriorityClasses (`pkg/apis/scheduling` `SystemPriorityClasses`).
pub fn system_priority(class: &str) -> Option<i32> {
    match class {
        "system-node-critical" => Some(2_000_001_000),
        "system-cluster-critical" => Some(2_000_000_000),
        _ => None,
    }
}

/// The projected token volume the ServiceAccount admission plugin adds
/// (token expiration 3607s, `kube-root-ca.crt`, namespace via the downward API).
fn token_volume(name: &str) -> Volume {
    Volume {
        name: name.to_string(),
        projected: Some(ProjectedVolumeSource {
            default_mode: Some(420),
            sources: Some(vec![
                VolumeProjection {
                    service_account_token: Some(ServiceAccountTokenProjection {
                        expiration_seconds: Some(3607),
                        path: "token".to_string(),
                        audience: None,
                    }),
                    ..Default::default()
                },
                VolumeProjection {
                    config_map: Some(ConfigMapProjection {
                        items: Some(vec![KeyToPath {
                            key: "ca.crt".to_string(),
                            path: "ca.crt".to_string(),
                            mode: None,
                        }]),
                        name: "kube-root-ca.crt".to_string(),
                        optional: None,
                    }),
                    ..Default::default()
                },
                VolumeProjection {
                    downward_api: Some(DownwardAPIProjection {
                        items: Some(vec![DownwardAPIVolumeFile {
                            field_ref: Some(ObjectFieldSelector {
                                api_version: Some("v1".to_string()),
                                field_path: "metadata.namespace".to_string(),
                            }),
                            path: "namespace".to_string(),
                            mode: None,
                            resource_field_ref: None,
                        }]),
                    }),
                    ..Default::default()
                },
            ]),
        }),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::apps::v1::Deployment;
    use serde_json::json;

    fn deployment(v: serde_json::Value) -> Object {
        Object::from_value(crate::object::Kind::Deployment, v).expect("valid test deployment")
    }

    #[test]
    fn image_pull_policy_follows_the_tag_rule() {
        // Rows from pkg/apis/core/v1/defaults_test.go (TestSetDefaultsImagePullPolicy) and the
        // reference image grammar.
        let rows = [
            ("nginx", "Always"),
            ("nginx:latest", "Always"),
            ("nginx:1.27", "IfNotPresent"),
            ("docker.io/library/nginx", "Always"),
            ("localhost:5000/app", "Always"),
            ("localhost:5000/app:v2", "IfNotPresent"),
            ("gcr.io/project/app:latest", "Always"),
            (
                "nginx@sha256:0ad4f8c8f8c0d1d3d0a4e4f0d4b5c6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3",
                "IfNotPresent",
            ),
            (
                "nginx:latest@sha256:0ad4f8c8f8c0d1d3d0a4e4f0d4b5c6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3",
                "Always",
            ),
            (
                "nginx:1.2@sha256:0ad4f8c8f8c0d1d3d0a4e4f0d4b5c6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3",
                "IfNotPresent",
            ),
            ("NGINX", "IfNotPresent"),
            ("", "IfNotPresent"),
            ("nginx:", "IfNotPresent"),
        ];
        for (image, want) in rows {
            assert_eq!(default_pull_policy(image), want, "image {image:?}");
        }
    }

    #[test]
    fn deployment_defaults_fill_strategy_limits_and_template() {
        let mut obj = deployment(json!({
            "metadata": {"name": "web"},
            "spec": {
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{
                        "name": "web", "image": "nginx",
                        "ports": [{"containerPort": 80}],
                        "resources": {"requests": {"cpu": "0.5", "memory": "1024Mi"}},
                        "readinessProbe": {"httpGet": {"port": 80}}
                    }]}
                }
            }
        }));
        default_object(&mut obj);
        let v = obj.to_value();
        let spec = &v["spec"];
        assert_eq!(spec["replicas"], 1);
        assert_eq!(spec["revisionHistoryLimit"], 10);
        assert_eq!(spec["progressDeadlineSeconds"], 600);
        assert_eq!(
            spec["strategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}})
        );
        let ps = &spec["template"]["spec"];
        assert_eq!(ps["restartPolicy"], "Always");
        assert_eq!(ps["dnsPolicy"], "ClusterFirst");
        assert_eq!(ps["terminationGracePeriodSeconds"], 30);
        assert_eq!(ps["schedulerName"], "default-scheduler");
        assert_eq!(ps["securityContext"], json!({}));
        assert!(
            ps.get("enableServiceLinks").is_none(),
            "templates do not get SetDefaults_Pod"
        );
        let c = &ps["containers"][0];
        assert_eq!(c["imagePullPolicy"], "Always");
        assert_eq!(c["terminationMessagePath"], "/dev/termination-log");
        assert_eq!(c["terminationMessagePolicy"], "File");
        assert_eq!(c["ports"][0]["protocol"], "TCP");
        assert_eq!(
            c["resources"]["requests"],
            json!({"cpu": "500m", "memory": "1Gi"})
        );
        assert_eq!(
            c["readinessProbe"],
            json!({"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                   "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})
        );
    }

    #[test]
    fn recreate_strategy_gets_no_rolling_update_block() {
        let mut obj = deployment(json!({"spec": {"strategy": {"type": "Recreate"}}}));
        default_object(&mut obj);
        let d: &Deployment = obj.as_deployment().expect("deployment");
        let s = d
            .spec
            .as_ref()
            .and_then(|s| s.strategy.as_ref())
            .expect("strategy");
        assert!(s.rolling_update.is_none());
    }

    #[test]
    fn explicit_values_are_kept() {
        let mut obj = deployment(json!({"spec": {"replicas": 0, "revisionHistoryLimit": 0,
            "strategy": {"rollingUpdate": {"maxSurge": 1}}}}));
        default_object(&mut obj);
        let v = obj.to_value();
        assert_eq!(v["spec"]["replicas"], 0);
        assert_eq!(v["spec"]["revisionHistoryLimit"], 0);
        assert_eq!(
            v["spec"]["strategy"]["rollingUpdate"],
            json!({"maxSurge": 1, "maxUnavailable": "25%"})
        );
    }

    #[test]
    fn pods_get_requests_from_limits_and_service_links() {
        let mut obj = Object::from_value(
            crate::object::Kind::Pod,
            json!({"spec": {"containers": [{"name": "a", "image": "busybox:1.36",
                "resources": {"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "100m"}}}],
                "volumes": [{"name": "scratch"}]}}),
        )
        .expect("pod");
        default_object(&mut obj);
        let v = obj.to_value();
        let c = &v["spec"]["containers"][0];
        assert_eq!(c["imagePullPolicy"], "IfNotPresent");
        assert_eq!(
            c["resources"]["requests"],
            json!({"cpu": "100m", "memory": "128Mi"})
        );
        assert_eq!(v["spec"]["enableServiceLinks"], true);
        assert_eq!(
            v["spec"]["volumes"][0],
            json!({"name": "scratch", "emptyDir": {}})
        );
    }

    #[test]
    fn namespace_gets_name_label_finalizer_and_phase() {
        let mut obj = Object::from_value(
            crate::object::Kind::Namespace,
            json!({"metadata": {"name": "dev"}}),
        )
        .expect("ns");
        default_object(&mut obj);
        let v = obj.to_value();
        assert_eq!(
            v["metadata"]["labels"],
            json!({"kubernetes.io/metadata.name": "dev"})
        );
        assert_eq!(v["spec"]["finalizers"], json!(["kubernetes"]));
        assert_eq!(v["status"]["phase"], "Active");
    }

    #[test]
    fn node_allocatable_defaults_to_capacity() {
        let mut obj = Object::from_value(
            crate::object::Kind::Node,
            json!({"metadata": {"name": "n1"}, "status": {"capacity": {"cpu": "4", "memory": "8192Mi", "pods": "110"}}}),
        )
        .expect("node");
        default_object(&mut obj);
        let v = obj.to_value();
        assert_eq!(
            v["status"]["allocatable"],
            json!({"cpu": "4", "memory": "8Gi", "pods": "110"})
        );
    }

    #[test]
    fn admission_adds_token_volume_priority_and_tolerations() {
        let mut pod: Pod = serde_json::from_value(json!({
            "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "a", "image": "nginx"}],
                     "initContainers": [{"name": "init", "image": "busybox"}]}
        }))
        .expect("pod");
        admit_pod(&mut pod, "x7k2q").unwrap();
        let v = serde_json::to_value(&pod).expect("json");
        let spec = &v["spec"];
        assert_eq!(spec["serviceAccountName"], "default");
        assert_eq!(spec["serviceAccount"], "default");
        assert_eq!(spec["priority"], 0);
        assert_eq!(spec["preemptionPolicy"], "PreemptLowerPriority");
        assert_eq!(spec["enableServiceLinks"], true);
        assert_eq!(
            spec["volumes"][0],
            json!({"name": "kube-api-access-x7k2q", "projected": {"defaultMode": 420, "sources": [
                {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}},
                {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}
            ]}})
        );
        let mount = json!([{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-x7k2q", "readOnly": true}]);
        assert_eq!(spec["containers"][0]["volumeMounts"], mount);
        assert_eq!(spec["initContainers"][0]["volumeMounts"], mount);
        assert_eq!(
            spec["tolerations"],
            json!([
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
            ])
        );
        // Admission is idempotent.
        let before = pod.clone();
        admit_pod(&mut pod, "x7k2q").unwrap();
        assert_eq!(pod, before);
    }

    #[test]
    fn existing_tolerations_and_opt_out_are_respected() {
        let mut pod: Pod = serde_json::from_value(json!({
            "spec": {"automountServiceAccountToken": false, "serviceAccountName": "builder",
                     "containers": [{"name": "a", "image": "nginx"}],
                     "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists"}]}
        }))
        .expect("pod");
        admit_pod(&mut pod, "abcde").unwrap();
        let v = serde_json::to_value(&pod).expect("json");
        assert!(v["spec"].get("volumes").is_none());
        assert_eq!(v["spec"]["serviceAccountName"], "builder");
        let tols = v["spec"]["tolerations"].as_array().expect("tolerations");
        assert_eq!(tols.len(), 2);
        assert_eq!(tols[1]["key"], "node.kubernetes.io/not-ready");
    }
}

//! apps/v1 (`pkg/apis/apps/validation/validation.go`): Deployments, ReplicaSets, DaemonSets
//! and ControllerRevisions.

use k8s_openapi::api::apps::v1::{
    ControllerRevision, DaemonSet, DaemonSetSpec, Deployment, DeploymentSpec, ReplicaSet,
    ReplicaSetSpec,
};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::core::*;
use super::field::*;
use super::gofmt::*;
use super::meta::*;
use super::names::*;

// ---------------------------------------------------------------------------------------------
// apps/v1 (`pkg/apis/apps/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

pub(crate) fn validate_deployment(d: &Deployment, errs: &mut Vec<FieldError>) {
    validate_object_meta(&d.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = d.spec.clone().unwrap_or_default();
    validate_deployment_spec(&spec, "spec", errs);
}

/// Shared selector + template checks of `ValidateDeploymentSpec` / `ValidateReplicaSetSpec`.
pub(crate) fn validate_selector_and_template(
    selector: &LabelSelector,
    template: &PodTemplateSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if selector_is_nil(selector) {
        errs.push(FieldError::required(format!("{path}.selector"), ""));
    } else {
        validate_label_selector(selector, &format!("{path}.selector"), errs);
        if selector_is_empty(selector) {
            errs.push(FieldError::invalid(
                format!("{path}.selector"),
                go_label_selector(selector),
                "empty selector is invalid for deployment",
            ));
        }
    }
    if !selector_converts(selector) {
        errs.push(FieldError::invalid(
            format!("{path}.selector"),
            go_label_selector(selector),
            "invalid label selector",
        ));
        return;
    }
    validate_pod_template_for_replicaset(selector, template, &format!("{path}.template"), errs);
}

/// `ValidateDeploymentSpec`.
pub(crate) fn validate_deployment_spec(
    spec: &DeploymentSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    nonneg(
        i64::from(spec.replicas.unwrap_or(0)),
        &format!("{path}.replicas"),
        errs,
    );
    validate_selector_and_template(&spec.selector, &spec.template, path, errs);
    validate_deployment_strategy(spec, &format!("{path}.strategy"), errs);
    let min_ready = spec.min_ready_seconds.unwrap_or(0);
    nonneg(
        i64::from(min_ready),
        &format!("{path}.minReadySeconds"),
        errs,
    );
    if let Some(r) = spec.revision_history_limit {
        nonneg(i64::from(r), &format!("{path}.revisionHistoryLimit"), errs);
    }
    if let Some(p) = spec.progress_deadline_seconds {
        nonneg(
            i64::from(p),
            &format!("{path}.progressDeadlineSeconds"),
            errs,
        );
        if p <= min_ready {
            errs.push(FieldError::invalid(
                format!("{path}.progressDeadlineSeconds"),
                p.to_string(),
                "must be greater than minReadySeconds",
            ));
        }
    }
}

/// `ValidateDeploymentStrategy` + `ValidateRollingUpdateDeployment`.
pub(crate) fn validate_deployment_strategy(
    spec: &DeploymentSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let strategy = spec.strategy.clone().unwrap_or_default();
    let ty = strategy.type_.as_deref().unwrap_or("");
    match ty {
        "Recreate" => {
            if strategy.rolling_update.is_some() {
                errs.push(FieldError::forbidden(
                    format!("{path}.rollingUpdate"),
                    "may not be specified when strategy `type` is 'Recreate'",
                ));
            }
        }
        "RollingUpdate" => match &strategy.rolling_update {
            None => errs.push(FieldError::required(
                format!("{path}.rollingUpdate"),
                "this should be defaulted and never be nil",
            )),
            Some(ru) => {
                let p = format!("{path}.rollingUpdate");
                let zero = IntOrString::Int(0);
                let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
                let ms = ru.max_surge.as_ref().unwrap_or(&zero);
                validate_positive_int_or_percent(mu, &format!("{p}.maxUnavailable"), errs);
                validate_positive_int_or_percent(ms, &format!("{p}.maxSurge"), errs);
                if int_or_percent_value(mu) == 0 && int_or_percent_value(ms) == 0 {
                    errs.push(FieldError::invalid(
                        format!("{p}.maxUnavailable"),
                        go_int_or_string(mu),
                        "may not be 0 when `maxSurge` is 0",
                    ));
                }
                not_more_than_100_percent(mu, &format!("{p}.maxUnavailable"), errs);
            }
        },
        _ => {
            // field.NotSupported(fldPath, strategy, ...) renders the whole apps.DeploymentStrategy.
            let ru = match &strategy.rolling_update {
                None => "(*apps.RollingUpdateDeployment)(nil)".to_string(),
                Some(_) => "(*apps.RollingUpdateDeployment)(0xc000000000)".to_string(),
            };
            let v = format!(
                "apps.DeploymentStrategy{{Type:{}, RollingUpdate:{ru}}}",
                go_quote(ty)
            );
            errs.push(FieldError::not_supported(
                path,
                v,
                &["Recreate", "RollingUpdate"],
            ));
        }
    }
}

pub(crate) fn validate_positive_int_or_percent(
    v: &IntOrString,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    match v {
        IntOrString::String(s) => {
            for m in is_valid_percent(s) {
                errs.push(FieldError::invalid(path, go_int_or_string(v), m));
            }
        }
        IntOrString::Int(i) => nonneg(i64::from(*i), path, errs),
    }
}

/// `IsNotMoreThan100Percent`: a percent over 100 is refused (ints are not percents).
pub(crate) fn not_more_than_100_percent(v: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    if percent_value(v).is_some_and(|p| p > 100) {
        errs.push(FieldError::invalid(
            path,
            go_int_or_string(v),
            "must not be greater than 100%",
        ));
    }
}

pub(crate) fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) if is_valid_percent(s).is_empty() => s[..s.len() - 1].parse().ok(),
        _ => None,
    }
}

/// `getIntOrPercentValue`: percent number, else `IntValue()` (strings via Atoi, 0 on error).
pub(crate) fn int_or_percent_value(v: &IntOrString) -> i64 {
    if let Some(p) = percent_value(v) {
        return p;
    }
    match v {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) => s.parse::<i64>().unwrap_or(0),
    }
}

/// `ValidatePodTemplateSpecForReplicaSet`.
pub(crate) fn validate_pod_template_for_replicaset(
    selector: &LabelSelector,
    template: &PodTemplateSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let labels = template.metadata.as_ref().and_then(|m| m.labels.as_ref());
    // selector.Empty() is true only for a non-nil empty selector ("everything").
    let everything = !selector_is_nil(selector) && selector_is_empty(selector);
    if !everything && !selector_matches(selector, labels) {
        errs.push(FieldError::invalid(
            format!("{path}.metadata.labels"),
            go_map_string(labels),
            "`selector` does not match template `labels`",
        ));
    }
    validate_pod_template_spec(template, path, errs);
    let spec = template.spec.clone().unwrap_or_default();
    let rp = spec.restart_policy.as_deref().unwrap_or("");
    if rp != "Always" {
        errs.push(FieldError::not_supported(
            format!("{path}.spec.restartPolicy"),
            go_quote(rp),
            &["Always"],
        ));
    }
    if spec.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            format!("{path}.spec.activeDeadlineSeconds"),
            "activeDeadlineSeconds in ReplicaSet is not Supported",
        ));
    }
}

pub(crate) fn validate_replicaset(rs: &ReplicaSet, errs: &mut Vec<FieldError>) {
    validate_object_meta(&rs.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = rs.spec.clone().unwrap_or_default();
    validate_replicaset_spec(&spec, "spec", errs);
}

/// `ValidateReplicaSetSpec` (its empty-selector text says "deployment" upstream too).
pub(crate) fn validate_replicaset_spec(
    spec: &ReplicaSetSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    nonneg(
        i64::from(spec.replicas.unwrap_or(0)),
        &format!("{path}.replicas"),
        errs,
    );
    nonneg(
        i64::from(spec.min_ready_seconds.unwrap_or(0)),
        &format!("{path}.minReadySeconds"),
        errs,
    );
    let template = spec.template.clone().unwrap_or_default();
    validate_selector_and_template(&spec.selector, &template, path, errs);
}

/// `ValidateDaemonSet`: metadata (a DNS subdomain name) and `ValidateDaemonSetSpec`.
pub(crate) fn validate_daemonset(ds: &DaemonSet, errs: &mut Vec<FieldError>) {
    validate_object_meta(&ds.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = ds.spec.clone().unwrap_or_default();
    validate_daemonset_spec(&spec, "spec", errs);
}

/// `ValidateDaemonSetSpec` (pkg/apis/apps/validation/validation.go), in upstream's order.
pub(crate) fn validate_daemonset_spec(
    spec: &DaemonSetSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let sel = &spec.selector;
    validate_label_selector(sel, &format!("{path}.selector"), errs);
    let labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref());
    // LabelSelectorAsSelector: nil → Nothing (matches nothing), empty → Everything.
    let everything = !selector_is_nil(sel) && selector_is_empty(sel);
    if selector_converts(sel) && !everything && !selector_matches(sel, labels) {
        errs.push(FieldError::invalid(
            format!("{path}.template.metadata.labels"),
            go_map_string(labels),
            "`selector` does not match template `labels`",
        ));
    }
    if !selector_is_nil(sel) && selector_is_empty(sel) {
        errs.push(FieldError::invalid(
            format!("{path}.selector"),
            go_label_selector(sel),
            "empty selector is invalid for daemonset",
        ));
    }
    validate_pod_template_spec(&spec.template, &format!("{path}.template"), errs);
    let pod = spec.template.spec.clone().unwrap_or_default();
    let rp = pod.restart_policy.as_deref().unwrap_or("");
    if rp != "Always" {
        errs.push(FieldError::not_supported(
            format!("{path}.template.spec.restartPolicy"),
            go_quote(rp),
            &["Always"],
        ));
    }
    if pod.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            format!("{path}.template.spec.activeDeadlineSeconds"),
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    nonneg(
        i64::from(spec.min_ready_seconds.unwrap_or(0)),
        &format!("{path}.minReadySeconds"),
        errs,
    );
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    let sp = format!("{path}.updateStrategy");
    match strategy.type_.as_deref().unwrap_or("") {
        "OnDelete" => {}
        "RollingUpdate" => match &strategy.rolling_update {
            None => errs.push(FieldError::required(format!("{sp}.rollingUpdate"), "")),
            Some(ru) => {
                // ValidateRollingUpdateDaemonSet
                let p = format!("{sp}.rollingUpdate");
                let zero = IntOrString::Int(0);
                let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
                let ms = ru.max_surge.as_ref().unwrap_or(&zero);
                validate_positive_int_or_percent(mu, &format!("{p}.maxUnavailable"), errs);
                validate_positive_int_or_percent(ms, &format!("{p}.maxSurge"), errs);
                for (v, f) in [(mu, "maxUnavailable"), (ms, "maxSurge")] {
                    not_more_than_100_percent(v, &format!("{p}.{f}"), errs);
                }
                let has_unavailable = int_or_percent_value(mu) != 0;
                let has_surge = int_or_percent_value(ms) != 0;
                if has_unavailable && has_surge {
                    errs.push(FieldError::invalid(
                        format!("{p}.maxSurge"),
                        go_int_or_string(ms),
                        "may not be set when maxUnavailable is non-zero",
                    ));
                } else if !has_unavailable && !has_surge {
                    errs.push(FieldError::required(
                        format!("{p}.maxUnavailable"),
                        "cannot be 0 when maxSurge is 0",
                    ));
                }
            }
        },
        ty => {
            let ru = match &strategy.rolling_update {
                None => "(*apps.RollingUpdateDaemonSet)(nil)".to_string(),
                Some(_) => "(*apps.RollingUpdateDaemonSet)(0xc000000000)".to_string(),
            };
            errs.push(FieldError::not_supported(
                sp,
                format!(
                    "apps.DaemonSetUpdateStrategy{{Type:{}, RollingUpdate:{ru}}}",
                    go_quote(ty)
                ),
                &["RollingUpdate", "OnDelete"],
            ));
        }
    }
    if let Some(r) = spec.revision_history_limit {
        nonneg(i64::from(r), &format!("{path}.revisionHistoryLimit"), errs);
    }
}

/// `ValidateControllerRevision`: metadata, `data` required, a non-negative `revision`.
pub(crate) fn validate_controller_revision(cr: &ControllerRevision, errs: &mut Vec<FieldError>) {
    validate_object_meta(&cr.metadata, true, NameRule::Subdomain, "metadata", errs);
    if cr.data.is_none() {
        errs.push(FieldError::required("data", "data is mandatory"));
    }
    nonneg(cr.revision, "revision", errs);
}

// ---------------------------------------------------------------------------------------------
// apps/v1 StatefulSet
// ---------------------------------------------------------------------------------------------

/// `ValidateStatefulSet`: metadata (the name a DNS label, `ValidateStatefulSetName`) and
/// `ValidateStatefulSetSpec`.
pub(crate) fn validate_statefulset(
    sts: &k8s_openapi::api::apps::v1::StatefulSet,
    errs: &mut Vec<FieldError>,
) {
    validate_object_meta(&sts.metadata, true, NameRule::Label, "metadata", errs);
    let spec = sts.spec.clone().unwrap_or_default();
    validate_statefulset_spec(&spec, "spec", errs);
}

/// Go `%#v` of an `apps.RollingUpdateStatefulSetStrategy` (the internal type: a plain
/// `Partition int32`, a pointer `MaxUnavailable`).
fn go_sts_rolling_update(
    ru: &k8s_openapi::api::apps::v1::RollingUpdateStatefulSetStrategy,
) -> String {
    let mu = match &ru.max_unavailable {
        None => "(*intstr.IntOrString)(nil)",
        Some(_) => "(*intstr.IntOrString)(0xc000000000)",
    };
    format!(
        "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{mu}}}",
        ru.partition.unwrap_or(0)
    )
}

/// `ValidateStatefulSetSpec` (pkg/apis/apps/validation/validation.go, v1.32), in upstream's
/// order. The pod spec itself is not validated in 1.32 (`ValidatePodTemplateSpecForStatefulSet`
/// checks only the labels and annotations), nor are `serviceName` and `volumeClaimTemplates`.
pub(crate) fn validate_statefulset_spec(
    spec: &k8s_openapi::api::apps::v1::StatefulSetSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let pmp = spec.pod_management_policy.as_deref().unwrap_or("");
    match pmp {
        "" => errs.push(FieldError::required(
            format!("{path}.podManagementPolicy"),
            "",
        )),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(FieldError::invalid(
            format!("{path}.podManagementPolicy"),
            go_quote(other),
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    let sp = format!("{path}.updateStrategy");
    match strategy.type_.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(&sp, "")),
        "OnDelete" => {
            if let Some(ru) = &strategy.rolling_update {
                errs.push(FieldError::invalid(
                    format!("{sp}.rollingUpdate"),
                    go_sts_rolling_update(ru),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &strategy.rolling_update {
                // validateRollingUpdateStatefulSet
                let p = format!("{sp}.rollingUpdate");
                nonneg(
                    i64::from(ru.partition.unwrap_or(0)),
                    &format!("{p}.partition"),
                    errs,
                );
                if let Some(mu) = &ru.max_unavailable {
                    let mp = format!("{p}.maxUnavailable");
                    validate_positive_int_or_percent(mu, &mp, errs);
                    if int_or_percent_value(mu) == 0 {
                        errs.push(FieldError::invalid(
                            &mp,
                            go_int_or_string(mu),
                            "cannot be 0",
                        ));
                    }
                    not_more_than_100_percent(mu, &mp, errs);
                }
            }
        }
        ty => {
            let ru = match &strategy.rolling_update {
                None => "(*apps.RollingUpdateStatefulSetStrategy)(nil)".to_string(),
                Some(_) => "(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)".to_string(),
            };
            errs.push(FieldError::invalid(
                &sp,
                format!(
                    "apps.StatefulSetUpdateStrategy{{Type:{}, RollingUpdate:{ru}}}",
                    go_quote(ty)
                ),
                "must be 'RollingUpdate' or 'OnDelete'",
            ));
        }
    }
    if let Some(rp) = &spec.persistent_volume_claim_retention_policy {
        let pp = format!("{path}.persistentVolumeClaimRetentionPolicy");
        for (f, v) in [
            ("whenDeleted", &rp.when_deleted),
            ("whenScaled", &rp.when_scaled),
        ] {
            let v = v.as_deref().unwrap_or("");
            if v != "Retain" && v != "Delete" {
                errs.push(FieldError::not_supported(
                    format!("{pp}.{f}"),
                    go_quote(v),
                    &["Retain", "Delete"],
                ));
            }
        }
    }
    nonneg(
        i64::from(spec.replicas.unwrap_or(0)),
        &format!("{path}.replicas"),
        errs,
    );
    nonneg(
        i64::from(spec.min_ready_seconds.unwrap_or(0)),
        &format!("{path}.minReadySeconds"),
        errs,
    );
    if let Some(o) = &spec.ordinals {
        // The path is literally `Child("ordinals.start")`.
        nonneg(
            i64::from(o.start.unwrap_or(0)),
            &format!("{path}.ordinals.start"),
            errs,
        );
    }
    let sel = &spec.selector;
    if selector_is_nil(sel) {
        errs.push(FieldError::required(format!("{path}.selector"), ""));
    } else {
        validate_label_selector(sel, &format!("{path}.selector"), errs);
        if selector_is_empty(sel) {
            errs.push(FieldError::invalid(
                format!("{path}.selector"),
                go_label_selector(sel),
                "empty selector is invalid for statefulset",
            ));
        }
    }
    if !selector_converts(sel) {
        errs.push(FieldError::invalid(
            format!("{path}.selector"),
            go_label_selector(sel),
            "",
        ));
    } else {
        // ValidatePodTemplateSpecForStatefulSet: a nil selector converts to Nothing (not
        // Empty, matches nothing); an empty one to Everything (skipped).
        let tp = format!("{path}.template");
        let meta = spec.template.metadata.clone().unwrap_or_default();
        let everything = !selector_is_nil(sel) && selector_is_empty(sel);
        if !everything && !selector_matches(sel, meta.labels.as_ref()) {
            errs.push(FieldError::invalid(
                format!("{tp}.metadata.labels"),
                go_map_string(meta.labels.as_ref()),
                "`selector` does not match template `labels`",
            ));
        }
        validate_labels(meta.labels.as_ref(), &format!("{tp}.labels"), errs);
        validate_annotations(
            meta.annotations.as_ref(),
            &format!("{tp}.annotations"),
            errs,
        );
    }
    let pod = spec.template.spec.clone().unwrap_or_default();
    let rp = pod.restart_policy.as_deref().unwrap_or("");
    if rp != "Always" {
        errs.push(FieldError::not_supported(
            format!("{path}.template.spec.restartPolicy"),
            go_quote(rp),
            &["Always"],
        ));
    }
    if pod.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            format!("{path}.template.spec.activeDeadlineSeconds"),
            "activeDeadlineSeconds in StatefulSet is not Supported",
        ));
    }
}

/// `ValidateStatefulSetUpdate` (after `ValidateObjectMetaUpdate`, which the caller runs): the
/// spec rules on the new object (the name is not re-validated), then every spec field other
/// than replicas, ordinals, template, updateStrategy, the retention policy and
/// minReadySeconds must be unchanged (`apiequality.Semantic.DeepEqual`: nil and empty
/// collections are equal).
pub(crate) fn validate_statefulset_update(
    old: &k8s_openapi::api::apps::v1::StatefulSet,
    new: &k8s_openapi::api::apps::v1::StatefulSet,
    errs: &mut Vec<FieldError>,
) {
    let n = new.spec.clone().unwrap_or_default();
    let o = old.spec.clone().unwrap_or_default();
    validate_statefulset_spec(&n, "spec", errs);
    let mut clone = n.clone();
    clone.replicas = o.replicas;
    clone.template = o.template.clone();
    clone.update_strategy = o.update_strategy.clone();
    clone.min_ready_seconds = o.min_ready_seconds;
    clone.ordinals = o.ordinals.clone();
    clone.persistent_volume_claim_retention_policy =
        o.persistent_volume_claim_retention_policy.clone();
    if !super::storage::semantic_eq(&clone, &o) {
        errs.push(FieldError::forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// batch/v1 Job (`pkg/apis/batch/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

/// `ValidateHasLabel`: the label is present with the value.
fn validate_has_label(
    meta: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>,
    path: &str,
    key: &str,
    want: &str,
    errs: &mut Vec<FieldError>,
) {
    let labels = meta.and_then(|m| m.labels.as_ref());
    match labels.and_then(|l| l.get(key)) {
        None => errs.push(FieldError::required(format!("{path}.labels[{key}]"), want)),
        Some(v) if v != want => errs.push(FieldError::invalid(
            format!("{path}.labels[{key}]"),
            go_map_string(labels),
            format!("must be '{want}'"),
        )),
        Some(_) => {}
    }
}

/// `ValidateJob` on create: metadata, the generated selector and its labels
/// (`validateGeneratedSelector` with the batch.kubernetes.io/ labels required), the spec, and
/// an Indexed Job's longest pod hostname.
pub(crate) fn validate_job(j: &k8s_openapi::api::batch::v1::Job, errs: &mut Vec<FieldError>) {
    validate_object_meta(&j.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = j.spec.clone().unwrap_or_default();
    if spec.manual_selector != Some(true) && spec.selector.is_some() {
        let uid = j.metadata.uid.as_deref().unwrap_or("");
        let name = j.metadata.name.as_deref().unwrap_or("");
        if uid.is_empty() {
            errs.push(FieldError::required("metadata.uid", ""));
        }
        let tm = spec.template.metadata.as_ref();
        let p = "spec.template.metadata";
        validate_has_label(tm, p, "controller-uid", uid, errs);
        validate_has_label(tm, p, "job-name", name, errs);
        validate_has_label(tm, p, "batch.kubernetes.io/controller-uid", uid, errs);
        validate_has_label(tm, p, "batch.kubernetes.io/job-name", name, errs);
        let expected: std::collections::BTreeMap<String, String> = [
            ("batch.kubernetes.io/controller-uid", uid),
            ("batch.kubernetes.io/job-name", name),
            ("controller-uid", uid),
            ("job-name", name),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        if let Some(sel) = spec.selector.as_ref()
            && selector_converts(sel)
            && !selector_matches(sel, Some(&expected))
        {
            errs.push(FieldError::invalid(
                "spec.selector",
                go_label_selector(sel),
                "`selector` not auto-generated",
            ));
        }
    }
    validate_job_spec(&spec, "spec", errs);
    if spec.completion_mode.as_deref() == Some("Indexed")
        && let Some(c) = spec.completions.filter(|c| *c > 0)
    {
        let host = format!("{}-{}", j.metadata.name.as_deref().unwrap_or(""), c - 1);
        if !is_dns1123_label(&host).is_empty() {
            errs.push(FieldError::invalid(
                "metadata.name",
                go_quote(j.metadata.name.as_deref().unwrap_or("")),
                format!("will not able to create pod with invalid DNS label: {host}"),
            ));
        }
    }
}

/// `ValidateJobSpec`: the spec rules, a selector that matches the template's labels.
pub(crate) fn validate_job_spec(
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    job_spec_rules(spec, path, errs);
    match spec.selector.as_ref() {
        None => errs.push(FieldError::required(format!("{path}.selector"), "")),
        Some(sel) => validate_label_selector(sel, &format!("{path}.selector"), errs),
    }
    // LabelSelectorAsSelector(nil) is Nothing, which matches no labels.
    let labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref());
    let matches = spec.selector.as_ref().is_some_and(|sel| {
        (!selector_is_nil(sel) && selector_is_empty(sel)) || selector_matches(sel, labels)
    });
    if spec.selector.as_ref().is_none_or(selector_converts) && !matches {
        errs.push(FieldError::invalid(
            format!("{path}.template.metadata.labels"),
            go_map_string(labels),
            "`selector` does not match template `labels`",
        ));
    }
}

/// `validateJobSpec`: counts, completion mode, pod failure policy, success policy,
/// replacement policy, the pod template and its restart policy.
fn job_spec_rules(
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    for (v, f) in [
        (spec.parallelism, "parallelism"),
        (spec.completions, "completions"),
        (
            spec.active_deadline_seconds.map(|v| v as i32),
            "activeDeadlineSeconds",
        ),
        (spec.backoff_limit, "backoffLimit"),
        (spec.ttl_seconds_after_finished, "ttlSecondsAfterFinished"),
        (spec.backoff_limit_per_index, "backoffLimitPerIndex"),
        (spec.max_failed_indexes, "maxFailedIndexes"),
    ] {
        if let Some(v) = v {
            nonneg(i64::from(v), &format!("{path}.{f}"), errs);
        }
    }
    if spec.max_failed_indexes.is_some() && spec.backoff_limit_per_index.is_none() {
        errs.push(FieldError::required(
            format!("{path}.backoffLimitPerIndex"),
            "when maxFailedIndexes is specified",
        ));
    }
    let mode = spec.completion_mode.as_deref();
    if let Some(m) = mode {
        if m != "NonIndexed" && m != "Indexed" {
            errs.push(FieldError::not_supported(
                format!("{path}.completionMode"),
                go_quote(m),
                &["NonIndexed", "Indexed"],
            ));
        }
        if m == "Indexed" {
            if spec.completions.is_none() {
                errs.push(FieldError::required(
                    format!("{path}.completions"),
                    "when completion mode is Indexed",
                ));
            }
            if let Some(p) = spec.parallelism.filter(|p| *p > 100_000) {
                errs.push(FieldError::invalid(
                    format!("{path}.parallelism"),
                    p.to_string(),
                    "must be less than or equal to 100000 when completion mode is Indexed",
                ));
            }
            if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes)
                && m > c
            {
                errs.push(FieldError::invalid(
                    format!("{path}.maxFailedIndexes"),
                    m.to_string(),
                    "must be less than or equal to completions",
                ));
            }
        }
    }
    if mode.is_none_or(|m| m == "NonIndexed") {
        if let Some(b) = spec.backoff_limit_per_index {
            errs.push(FieldError::invalid(
                format!("{path}.backoffLimitPerIndex"),
                b.to_string(),
                "requires indexed completion mode",
            ));
        }
        if let Some(m) = spec.max_failed_indexes {
            errs.push(FieldError::invalid(
                format!("{path}.maxFailedIndexes"),
                m.to_string(),
                "requires indexed completion mode",
            ));
        }
    }
    if let Some(pfp) = &spec.pod_failure_policy {
        validate_pod_failure_policy(spec, pfp, &format!("{path}.podFailurePolicy"), errs);
    }
    if let Some(sp) = &spec.success_policy {
        if mode != Some("Indexed") {
            errs.push(FieldError::invalid(
                format!("{path}.successPolicy"),
                "batch.SuccessPolicy{...}",
                "requires indexed completion mode",
            ));
        } else {
            let rp = format!("{path}.successPolicy.rules");
            if sp.rules.is_empty() {
                errs.push(FieldError::required(
                    rp.clone(),
                    "at least one rules must be specified when the successPolicy is specified",
                ));
            }
            let completions = spec.completions.unwrap_or(0);
            for (i, r) in sp.rules.iter().enumerate() {
                let p = format!("{rp}[{i}]");
                if r.succeeded_count.is_none() && r.succeeded_indexes.is_none() {
                    errs.push(FieldError::required(
                        p.clone(),
                        "at least one of succeededCount or succeededIndexes must be specified",
                    ));
                }
                let mut total = 0;
                if let Some(ix) = &r.succeeded_indexes {
                    match crate::controller::job::parse_indexes(ix, completions) {
                        Ok(v) => total = v.len() as i32,
                        Err(e) => errs.push(FieldError::invalid(
                            format!("{p}.succeededIndexes"),
                            go_quote(ix),
                            format!("error parsing succeededIndexes: {e}"),
                        )),
                    }
                }
                if let Some(c) = r.succeeded_count {
                    let cp = format!("{p}.succeededCount");
                    nonneg(i64::from(c), &cp, errs);
                    if c > completions {
                        errs.push(FieldError::invalid(
                            cp.clone(),
                            c.to_string(),
                            format!(
                                "must be less than or equal to {completions} (the number of specified completions)"
                            ),
                        ));
                    }
                    if r.succeeded_indexes.is_some() && c > total {
                        errs.push(FieldError::invalid(
                            cp,
                            c.to_string(),
                            format!(
                                "must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"
                            ),
                        ));
                    }
                }
            }
        }
    }
    if let Some(rp) = spec.pod_replacement_policy.as_deref() {
        let p = format!("{path}.podReplacementPolicy");
        if spec.pod_failure_policy.is_some() {
            if rp != "Failed" {
                errs.push(FieldError::not_supported(p, go_quote(rp), &["Failed"]));
            }
        } else if rp != "Failed" && rp != "TerminatingOrFailed" {
            errs.push(FieldError::not_supported(
                p,
                go_quote(rp),
                &["Failed", "TerminatingOrFailed"],
            ));
        }
    }
    validate_pod_template_spec(&spec.template, &format!("{path}.template"), errs);
    let rp = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("");
    let rpp = format!("{path}.template.spec.restartPolicy");
    if rp == "Always" || rp.is_empty() {
        errs.push(FieldError::required(
            rpp,
            "valid values: \"OnFailure\", \"Never\"",
        ));
    } else if rp != "OnFailure" && rp != "Never" {
        errs.push(FieldError::not_supported(
            rpp,
            go_quote(rp),
            &["OnFailure", "Never"],
        ));
    } else if spec.pod_failure_policy.is_some() && rp != "Never" {
        errs.push(FieldError::invalid(
            rpp,
            go_quote(rp),
            "only \"Never\" is supported when podFailurePolicy is specified",
        ));
    }
}

/// `validatePodFailurePolicy` and its rules.
fn validate_pod_failure_policy(
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    pfp: &k8s_openapi::api::batch::v1::PodFailurePolicy,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let rules_path = format!("{path}.rules");
    if pfp.rules.len() > 20 {
        errs.push(FieldError::too_many(&rules_path, pfp.rules.len(), 20));
    }
    let pod = spec.template.spec.clone().unwrap_or_default();
    let names: Vec<&str> = pod
        .containers
        .iter()
        .chain(pod.init_containers.iter().flatten())
        .map(|c| c.name.as_str())
        .collect();
    const ACTIONS: [&str; 4] = ["Count", "FailIndex", "FailJob", "Ignore"];
    for (i, rule) in pfp.rules.iter().enumerate() {
        let rp = format!("{rules_path}[{i}]");
        let ap = format!("{rp}.action");
        if rule.action.is_empty() {
            errs.push(FieldError::required(
                ap,
                "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            ));
        } else if rule.action == "FailIndex" {
            if spec.backoff_limit_per_index.is_none() {
                errs.push(FieldError::invalid(
                    ap,
                    go_quote(&rule.action),
                    "requires the backoffLimitPerIndex to be set",
                ));
            }
        } else if !ACTIONS.contains(&rule.action.as_str()) {
            errs.push(FieldError::not_supported(
                ap,
                go_quote(&rule.action),
                &ACTIONS,
            ));
        }
        if let Some(oe) = &rule.on_exit_codes {
            let op = format!("{rp}.onExitCodes");
            let opp = format!("{op}.operator");
            if oe.operator.is_empty() {
                errs.push(FieldError::required(
                    opp,
                    "valid values: [\"In\" \"NotIn\"]",
                ));
            } else if oe.operator != "In" && oe.operator != "NotIn" {
                errs.push(FieldError::not_supported(
                    opp,
                    go_quote(&oe.operator),
                    &["In", "NotIn"],
                ));
            }
            if let Some(c) = &oe.container_name
                && !names.contains(&c.as_str())
            {
                errs.push(FieldError::invalid(
                    format!("{op}.containerName"),
                    go_quote(c),
                    "must be one of the container or initContainer names in the pod template",
                ));
            }
            let vp = format!("{op}.values");
            if oe.values.is_empty() {
                errs.push(FieldError::invalid(
                    vp.clone(),
                    "[]int32{}",
                    "at least one value is required",
                ));
            } else if oe.values.len() > 255 {
                errs.push(FieldError::too_many(&vp, oe.values.len(), 255));
            }
            let mut seen = std::collections::BTreeSet::new();
            let mut ordered = true;
            for (j, v) in oe.values.iter().enumerate() {
                let p = format!("{vp}[{j}]");
                if oe.operator == "In" && *v == 0 {
                    errs.push(FieldError::invalid(
                        p.clone(),
                        "0",
                        "must not be 0 for the In operator",
                    ));
                }
                if !seen.insert(*v) {
                    errs.push(FieldError::duplicate(p, v.to_string()));
                }
                if j > 0 && oe.values[j - 1] > *v {
                    ordered = false;
                }
            }
            if !ordered {
                let list: Vec<String> = oe.values.iter().map(|v| v.to_string()).collect();
                errs.push(FieldError::invalid(
                    vp,
                    format!("[]int32{{{}}}", list.join(", ")),
                    "must be ordered",
                ));
            }
        }
        let conds = rule.on_pod_conditions.as_deref().unwrap_or(&[]);
        for (j, c) in conds.iter().enumerate() {
            let pp = format!("{rp}.onPodConditions[{j}]");
            for m in is_qualified_name(&c.type_) {
                errs.push(FieldError::invalid(
                    format!("{pp}.type"),
                    go_quote(&c.type_),
                    m,
                ));
            }
            let sp = format!("{pp}.status");
            if c.status.is_empty() {
                errs.push(FieldError::required(
                    sp,
                    "valid values: [\"False\" \"True\" \"Unknown\"]",
                ));
            } else if !["False", "True", "Unknown"].contains(&c.status.as_str()) {
                errs.push(FieldError::not_supported(
                    sp,
                    go_quote(&c.status),
                    &["False", "True", "Unknown"],
                ));
            }
        }
        if rule.on_exit_codes.is_some() && !conds.is_empty() {
            errs.push(FieldError::invalid_omit(
                &rp,
                "specifying both OnExitCodes and OnPodConditions is not supported",
            ));
        }
        if rule.on_exit_codes.is_none() && conds.is_empty() {
            errs.push(FieldError::invalid_omit(
                &rp,
                "specifying one of OnExitCodes and OnPodConditions is required",
            ));
        }
    }
}

/// `ValidateJobSpecUpdate`: the spec rules, and the fields a Job keeps for life.
pub(crate) fn validate_job_update(
    old: &k8s_openapi::api::batch::v1::Job,
    new: &k8s_openapi::api::batch::v1::Job,
    errs: &mut Vec<FieldError>,
) {
    let n = new.spec.clone().unwrap_or_default();
    let o = old.spec.clone().unwrap_or_default();
    validate_job_spec(&n, "spec", errs);
    let immutable = |same: bool, path: &str, shown: String, errs: &mut Vec<FieldError>| {
        if !same {
            errs.push(FieldError::invalid(path, shown, FIELD_IMMUTABLE_ERROR_MSG));
        }
    };
    immutable(
        n.completions == o.completions,
        "spec.completions",
        n.completions.map_or("null".into(), |c| c.to_string()),
        errs,
    );
    immutable(
        n.selector
            .as_ref()
            .zip(o.selector.as_ref())
            .is_none_or(|(a, b)| crate::apiserver::validation::semantic_selector_eq(a, b))
            && n.selector.is_some() == o.selector.is_some(),
        "spec.selector",
        n.selector
            .as_ref()
            .map(go_label_selector)
            .unwrap_or_else(|| "null".into()),
        errs,
    );
    // validatePodTemplateUpdate with mutable scheduling directives: node affinity, node
    // selector, tolerations, labels, annotations and scheduling gates may change.
    let strip = |t: &k8s_openapi::api::core::v1::PodTemplateSpec| {
        let mut t = t.clone();
        if let Some(m) = t.metadata.as_mut() {
            m.labels = None;
            m.annotations = None;
        }
        if let Some(s) = t.spec.as_mut() {
            s.node_selector = None;
            s.tolerations = None;
            s.scheduling_gates = None;
            if let Some(a) = s.affinity.as_mut() {
                a.node_affinity = None;
                if *a == Default::default() {
                    s.affinity = None;
                }
            }
        }
        t
    };
    immutable(
        strip(&n.template) == strip(&o.template),
        "spec.template",
        "core.PodTemplateSpec{...}".into(),
        errs,
    );
    immutable(
        n.completion_mode == o.completion_mode,
        "spec.completionMode",
        n.completion_mode.as_deref().map_or("null".into(), go_quote),
        errs,
    );
    immutable(
        n.pod_failure_policy == o.pod_failure_policy,
        "spec.podFailurePolicy",
        "batch.PodFailurePolicy{...}".into(),
        errs,
    );
    immutable(
        n.backoff_limit_per_index == o.backoff_limit_per_index,
        "spec.backoffLimitPerIndex",
        n.backoff_limit_per_index
            .map_or("null".into(), |c| c.to_string()),
        errs,
    );
    immutable(
        n.managed_by == o.managed_by,
        "spec.managedBy",
        n.managed_by.as_deref().map_or("null".into(), go_quote),
        errs,
    );
    immutable(
        n.success_policy == o.success_policy,
        "spec.successPolicy",
        "batch.SuccessPolicy{...}".into(),
        errs,
    );
}

// ---------------------------------------------------------------------------------------------
// batch/v1 CronJob (`pkg/apis/batch/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

/// `ValidateCronJobCreate` (`old` None) and `ValidateCronJobUpdate`: metadata, the spec, and
/// on create the 52-character name limit (the Job names add 11).
pub(crate) fn validate_cronjob(
    cj: &k8s_openapi::api::batch::v1::CronJob,
    old: Option<&k8s_openapi::api::batch::v1::CronJob>,
    errs: &mut Vec<FieldError>,
) {
    if old.is_none() {
        validate_object_meta(&cj.metadata, true, NameRule::Subdomain, "metadata", errs);
    }
    let spec = cj.spec.clone().unwrap_or_default();
    let old_spec = old.map(|o| o.spec.clone().unwrap_or_default());
    validate_cronjob_spec(&spec, old_spec.as_ref(), errs);
    let name = cj.metadata.name.as_deref().unwrap_or("");
    if old.is_none() && name.len() > 52 {
        errs.push(FieldError::invalid(
            "metadata.name",
            go_quote(name),
            "must be no more than 52 characters",
        ));
    }
}

/// `validateCronJobSpec`.
fn validate_cronjob_spec(
    spec: &k8s_openapi::api::batch::v1::CronJobSpec,
    old: Option<&k8s_openapi::api::batch::v1::CronJobSpec>,
    errs: &mut Vec<FieldError>,
) {
    let schedule = spec.schedule.as_str();
    if schedule.is_empty() {
        errs.push(FieldError::required("spec.schedule", ""));
    } else {
        // validateScheduleFormat.
        let allow_tz = old.is_some_and(|o| o.schedule.contains("TZ"));
        if let Err(e) = crate::cron::parse_standard(schedule) {
            errs.push(FieldError::invalid("spec.schedule", go_quote(schedule), e));
        }
        if allow_tz && schedule.contains("TZ") && spec.time_zone.is_some() {
            errs.push(FieldError::invalid(
                "spec.schedule",
                go_quote(schedule),
                "cannot use both timeZone field and TZ or CRON_TZ in schedule",
            ));
        } else if !allow_tz && schedule.contains("TZ") {
            errs.push(FieldError::invalid(
                "spec.schedule",
                go_quote(schedule),
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ));
        }
    }
    if let Some(s) = spec.starting_deadline_seconds {
        nonneg(s, "spec.startingDeadlineSeconds", errs);
    }
    if old.is_none_or(|o| o.time_zone != spec.time_zone) {
        validate_time_zone(spec.time_zone.as_deref(), errs);
    }
    match spec.concurrency_policy.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required("spec.concurrencyPolicy", "")),
        "Allow" | "Forbid" | "Replace" => {}
        p => errs.push(FieldError::not_supported(
            "spec.concurrencyPolicy",
            go_quote(p),
            &["Allow", "Forbid", "Replace"],
        )),
    }
    // ValidateJobTemplateSpec: the Job spec rules under spec.jobTemplate.spec; the selector
    // is always generated.
    let js = spec.job_template.spec.clone().unwrap_or_default();
    job_spec_rules(&js, "spec.jobTemplate.spec", errs);
    if let Some(sel) = js.selector.as_ref() {
        errs.push(FieldError::invalid(
            "spec.jobTemplate.spec.selector",
            go_label_selector(sel),
            "`selector` will be auto-generated",
        ));
    }
    if js.manual_selector == Some(true) {
        errs.push(FieldError::not_supported(
            "spec.jobTemplate.spec.manualSelector",
            "true",
            &["nil", "false"],
        ));
    }
    if let Some(n) = spec.successful_jobs_history_limit {
        nonneg(i64::from(n), "spec.successfulJobsHistoryLimit", errs);
    }
    if let Some(n) = spec.failed_jobs_history_limit {
        nonneg(i64::from(n), "spec.failedJobsHistoryLimit", errs);
    }
}

/// `validateTimeZone`: nil or a name the IANA database knows (not `Local`).
fn validate_time_zone(tz: Option<&str>, errs: &mut Vec<FieldError>) {
    let Some(tz) = tz else { return };
    let path = "spec.timeZone";
    if tz.is_empty() {
        errs.push(FieldError::invalid(
            path,
            go_quote(tz),
            "timeZone must be nil or non-empty string",
        ));
        return;
    }
    let valid_chars = |p: &str| {
        (1..=14).contains(&p.len())
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b))
    };
    if tz
        .split('/')
        .any(|p| p == "." || p == ".." || p.starts_with('-') || !valid_chars(p))
    {
        errs.push(FieldError::invalid(
            path,
            go_quote(tz),
            format!("unknown time zone {tz}"),
        ));
        return;
    }
    if tz.eq_ignore_ascii_case("Local") {
        errs.push(FieldError::invalid(
            path,
            go_quote(tz),
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        ));
    }
    if let Err(e) = crate::cron::Zone::load(tz) {
        errs.push(FieldError::invalid(path, go_quote(tz), e));
    }
}

#[cfg(test)]
mod statefulset_tests {
    use crate::apiserver::decode::decode_strict;
    use crate::apiserver::defaults::default_object;
    use crate::apiserver::validation::{validate_create, validate_update};
    use crate::object::{Kind, Object};
    use serde_json::{Value, json};

    fn web(patch: impl FnOnce(&mut Value)) -> Object {
        let mut v = json!({
            "apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {
                "serviceName": "nginx",
                "replicas": 2,
                "selector": {"matchLabels": {"app": "nginx"}},
                "template": {
                    "metadata": {"labels": {"app": "nginx"}},
                    "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.21"}]}
                },
                "volumeClaimTemplates": [{"metadata": {"name": "www"},
                    "spec": {"accessModes": ["ReadWriteOnce"],
                             "resources": {"requests": {"storage": "1Gi"}}}}]
            }
        });
        patch(&mut v);
        let mut o = decode_strict(Kind::StatefulSet, &v).expect("decodes");
        default_object(&mut o);
        o
    }

    fn strings(errs: Vec<crate::apiserver::validation::FieldError>) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn statefulset_create_rules_produce_the_upstream_texts() {
        type Patch = Box<dyn Fn(&mut Value)>;
        let mismatch = "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\"}: `selector` does not match template `labels`";
        let rows: Vec<(&str, Patch, Vec<&str>)> = vec![
            ("valid", Box::new(|_| {}), vec![]),
            (
                "selector does not match",
                Box::new(|v| v["spec"]["selector"]["matchLabels"]["app"] = json!("x")),
                vec![mismatch],
            ),
            (
                "missing selector",
                Box::new(|v| {
                    v["spec"].as_object_mut().unwrap().remove("selector");
                }),
                vec!["spec.selector: Required value", mismatch],
            ),
            (
                // (`selector: {}` itself needs decode.rs to keep it explicit for StatefulSets.)
                "empty selector",
                Box::new(|v| v["spec"]["selector"] = json!({"matchLabels": {}})),
                vec![
                    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for statefulset",
                ],
            ),
            (
                "bad podManagementPolicy",
                Box::new(|v| v["spec"]["podManagementPolicy"] = json!("Foo")),
                vec![
                    "spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'",
                ],
            ),
            (
                "negative partition",
                Box::new(|v| {
                    v["spec"]["updateStrategy"] =
                        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": -1}})
                }),
                vec![
                    "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
                ],
            ),
            (
                "rollingUpdate under OnDelete",
                Box::new(|v| {
                    v["spec"]["updateStrategy"] =
                        json!({"type": "OnDelete", "rollingUpdate": {"partition": 1}})
                }),
                vec![
                    "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'",
                ],
            ),
            (
                "unknown strategy",
                Box::new(|v| v["spec"]["updateStrategy"] = json!({"type": "Sometimes"})),
                vec![
                    "spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be 'RollingUpdate' or 'OnDelete'",
                ],
            ),
            (
                "maxUnavailable 0",
                Box::new(|v| {
                    v["spec"]["updateStrategy"] =
                        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0}})
                }),
                vec![
                    "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: cannot be 0",
                ],
            ),
            (
                "bad retention policy",
                Box::new(|v| {
                    v["spec"]["persistentVolumeClaimRetentionPolicy"] = json!({"whenDeleted": "X"})
                }),
                vec![
                    "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"X\": supported values: \"Retain\", \"Delete\"",
                ],
            ),
            (
                "negative counts",
                Box::new(|v| {
                    v["spec"]["replicas"] = json!(-1);
                    v["spec"]["minReadySeconds"] = json!(-2);
                    v["spec"]["ordinals"] = json!({"start": -3});
                }),
                vec![
                    "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                    "spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0",
                    "spec.ordinals.start: Invalid value: -3: must be greater than or equal to 0",
                ],
            ),
            (
                "restartPolicy and activeDeadlineSeconds",
                Box::new(|v| {
                    v["spec"]["template"]["spec"]["restartPolicy"] = json!("OnFailure");
                    v["spec"]["template"]["spec"]["activeDeadlineSeconds"] = json!(5);
                }),
                vec![
                    "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
                    "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
                ],
            ),
            (
                "the pod spec is not validated",
                Box::new(|v| {
                    v["spec"]["template"]["spec"]["containers"][0]["volumeMounts"] =
                        json!([{"name": "html", "mountPath": "/x"}])
                }),
                vec![],
            ),
            (
                "name is a DNS label",
                Box::new(|v| v["metadata"]["name"] = json!("Web")),
                vec![
                    "metadata.name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                ],
            ),
            (
                "a dotted name is a subdomain, not a label",
                Box::new(|v| v["metadata"]["name"] = json!("web.v1")),
                vec!["metadata.name: Invalid value: \"web.v1\": must not contain dots"],
            ),
        ];
        for (name, patch, want) in rows {
            let got = strings(validate_create(&web(|v| patch(v))));
            assert_eq!(got, want, "row {name:?}");
        }
    }

    #[test]
    fn statefulset_updates_touch_only_the_allowed_fields() {
        let old = web(|_| {});
        let forbidden = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
        let allowed = web(|v| {
            v["spec"]["replicas"] = json!(5);
            v["spec"]["minReadySeconds"] = json!(10);
            v["spec"]["ordinals"] = json!({"start": 2});
            v["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.27");
            v["spec"]["updateStrategy"] = json!({"type": "OnDelete"});
            v["spec"]["persistentVolumeClaimRetentionPolicy"] =
                json!({"whenDeleted": "Delete", "whenScaled": "Delete"});
        });
        assert_eq!(
            strings(validate_update(&old, &allowed)),
            Vec::<String>::new()
        );
        for (name, patch) in [
            (
                "serviceName",
                Box::new(|v: &mut Value| v["spec"]["serviceName"] = json!("other"))
                    as Box<dyn Fn(&mut Value)>,
            ),
            (
                "volumeClaimTemplates",
                Box::new(|v: &mut Value| {
                    v["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"] =
                        json!("2Gi")
                }),
            ),
            (
                "podManagementPolicy",
                Box::new(|v: &mut Value| v["spec"]["podManagementPolicy"] = json!("Parallel")),
            ),
            (
                "revisionHistoryLimit",
                Box::new(|v: &mut Value| v["spec"]["revisionHistoryLimit"] = json!(3)),
            ),
        ] {
            let new = web(|v| patch(v));
            assert_eq!(
                strings(validate_update(&old, &new)),
                vec![forbidden],
                "{name}"
            );
        }
        // The spec rules run on update too, before the forbidden check.
        let both = web(|v| {
            v["spec"]["replicas"] = json!(-1);
            v["spec"]["serviceName"] = json!("other");
        });
        assert_eq!(
            strings(validate_update(&old, &both)),
            vec![
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                forbidden
            ]
        );
    }
}

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
                if let Some(v) = percent_value(mu)
                    && v > 100
                {
                    errs.push(FieldError::invalid(
                        format!("{p}.maxUnavailable"),
                        go_int_or_string(mu),
                        "must not be greater than 100%",
                    ));
                }
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
                    if percent_value(v).is_some_and(|v| v > 100) {
                        errs.push(FieldError::invalid(
                            format!("{p}.{f}"),
                            go_int_or_string(v),
                            "must not be greater than 100%",
                        ));
                    }
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

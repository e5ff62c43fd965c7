//! autoscaling/v2 HorizontalPodAutoscaler (`pkg/apis/autoscaling/validation/validation.go`).

use k8s_openapi::api::autoscaling::v2::{
    HPAScalingRules, HorizontalPodAutoscaler, MetricSpec, MetricTarget,
};

use super::field::FieldError;
use super::meta::validate_object_meta;
use super::names::NameRule;

/// `ValidateHorizontalPodAutoscaler`: metadata, then the spec (minReplicas lower bound 1:
/// `HPAScaleToZero` is off by default).
pub(crate) fn validate_hpa(h: &HorizontalPodAutoscaler, errs: &mut Vec<FieldError>) {
    validate_object_meta(&h.metadata, true, NameRule::Subdomain, "metadata", errs);
    // The internal type's spec is a struct: a missing one validates as its zero value.
    let spec = h.spec.clone().unwrap_or_default();
    if let Some(min) = spec.min_replicas
        && min < 1
    {
        errs.push(FieldError::invalid(
            "spec.minReplicas",
            min.to_string(),
            "must be greater than or equal to 1",
        ));
    }
    if spec.max_replicas < 1 {
        errs.push(FieldError::invalid(
            "spec.maxReplicas",
            spec.max_replicas.to_string(),
            "must be greater than 0",
        ));
    }
    if let Some(min) = spec.min_replicas
        && spec.max_replicas < min
    {
        errs.push(FieldError::invalid(
            "spec.maxReplicas",
            spec.max_replicas.to_string(),
            "must be greater than or equal to `minReplicas`",
        ));
    }
    // ValidateCrossVersionObjectReference.
    let r = &spec.scale_target_ref;
    if r.kind.is_empty() {
        errs.push(FieldError::required("spec.scaleTargetRef.kind", ""));
    } else {
        for m in path_segment_errors(&r.kind) {
            errs.push(FieldError::invalid(
                "spec.scaleTargetRef.kind",
                r.kind.clone(),
                m,
            ));
        }
    }
    if r.name.is_empty() {
        errs.push(FieldError::required("spec.scaleTargetRef.name", ""));
    } else {
        for m in path_segment_errors(&r.name) {
            errs.push(FieldError::invalid(
                "spec.scaleTargetRef.name",
                r.name.clone(),
                m,
            ));
        }
    }
    for (i, m) in spec.metrics.iter().flatten().enumerate() {
        validate_metric(m, &format!("spec.metrics[{}]", i), errs);
    }
    if let Some(b) = &spec.behavior {
        if let Some(up) = &b.scale_up {
            validate_rules(up, "spec.behavior.scaleUp", errs);
        }
        if let Some(down) = &b.scale_down {
            validate_rules(down, "spec.behavior.scaleDown", errs);
        }
    }
}

/// `IsValidPathSegmentName`.
fn path_segment_errors(s: &str) -> Vec<String> {
    let mut out = vec![];
    if s == "." || s == ".." {
        out.push(format!("may not be '{}'", s));
        return out;
    }
    for bad in ["/", "%"] {
        if s.contains(bad) {
            out.push(format!("may not contain '{}'", bad));
        }
    }
    out
}

const SOURCES: [&str; 5] = [
    "ContainerResource",
    "External",
    "Object",
    "Pods",
    "Resource",
];

/// `validateMetricSpec`.
fn validate_metric(m: &MetricSpec, path: &str, errs: &mut Vec<FieldError>) {
    if m.type_.is_empty() {
        errs.push(FieldError::required(
            format!("{}.type", path),
            "must specify a metric source type",
        ));
    } else if !SOURCES.contains(&m.type_.as_str()) {
        errs.push(FieldError::not_supported(
            format!("{}.type", path),
            super::gofmt::go_quote(&m.type_),
            &SOURCES,
        ));
    }
    let set = [
        ("object", m.object.is_some(), "Object"),
        ("pods", m.pods.is_some(), "Pods"),
        ("resource", m.resource.is_some(), "Resource"),
        ("external", m.external.is_some(), "External"),
        (
            "containerResource",
            m.container_resource.is_some(),
            "ContainerResource",
        ),
    ];
    for (field, present, ty) in set {
        if present && m.type_ != ty {
            errs.push(FieldError::forbidden(
                format!("{}.{}", path, field),
                "must populate the given metric source only",
            ));
        }
    }
    let own = set.iter().find(|(_, _, ty)| *ty == m.type_);
    if let Some((field, present, _)) = own
        && !present
    {
        errs.push(FieldError::required(
            format!("{}.{}", path, field),
            "must populate information for the given metric source",
        ));
    }
    match m.type_.as_str() {
        "Resource" => {
            if let Some(r) = &m.resource {
                let p = format!("{}.resource", path);
                if r.name.is_empty() {
                    errs.push(FieldError::required(
                        format!("{}.name", p),
                        "must specify a resource name",
                    ));
                }
                validate_target(&r.target, &format!("{}.target", p), errs);
                resource_target(&r.target, &format!("{}.target", p), errs);
            }
        }
        "ContainerResource" => {
            if let Some(r) = &m.container_resource {
                let p = format!("{}.containerResource", path);
                if r.name.is_empty() {
                    errs.push(FieldError::required(
                        format!("{}.name", p),
                        "must specify a resource name",
                    ));
                }
                if r.container.is_empty() {
                    errs.push(FieldError::required(
                        format!("{}.container", p),
                        "must specify a container",
                    ));
                }
                validate_target(&r.target, &format!("{}.target", p), errs);
                resource_target(&r.target, &format!("{}.target", p), errs);
            }
        }
        "Pods" => {
            if let Some(pm) = &m.pods {
                let p = format!("{}.pods", path);
                validate_target(&pm.target, &format!("{}.target", p), errs);
                if pm.target.average_value.is_none() {
                    errs.push(FieldError::required(
                        format!("{}.target.averageValue", p),
                        "must specify a positive target averageValue",
                    ));
                }
            }
        }
        "Object" => {
            if let Some(o) = &m.object {
                let p = format!("{}.object", path);
                validate_target(&o.target, &format!("{}.target", p), errs);
                if o.target.value.is_none() && o.target.average_value.is_none() {
                    errs.push(FieldError::required(
                        format!("{}.target.averageValue", p),
                        "must set either a target value or averageValue",
                    ));
                }
            }
        }
        "External" => {
            if let Some(x) = &m.external {
                let p = format!("{}.external", path);
                validate_target(&x.target, &format!("{}.target", p), errs);
                if x.target.value.is_none() && x.target.average_value.is_none() {
                    errs.push(FieldError::required(
                        format!("{}.target.averageValue", p),
                        "must set either a target value or averageValue",
                    ));
                }
            }
        }
        _ => {}
    }
}

/// A Resource target sets exactly one of averageUtilization and averageValue.
fn resource_target(t: &MetricTarget, path: &str, errs: &mut Vec<FieldError>) {
    match (&t.average_utilization, &t.average_value) {
        (None, None) => errs.push(FieldError::required(
            format!("{}.averageUtilization", path),
            "must set either a target raw value or a target utilization",
        )),
        (Some(_), Some(_)) => errs.push(FieldError::forbidden(
            format!("{}.averageValue", path),
            "may not set both a target raw value and a target utilization",
        )),
        _ => {}
    }
}

/// `validateMetricTarget`.
fn validate_target(t: &MetricTarget, path: &str, errs: &mut Vec<FieldError>) {
    if t.type_.is_empty() {
        errs.push(FieldError::required(
            format!("{}.type", path),
            "must specify a metric target type",
        ));
    } else if !["Utilization", "Value", "AverageValue"].contains(&t.type_.as_str()) {
        errs.push(FieldError::invalid(
            format!("{}.type", path),
            super::gofmt::go_quote(&t.type_),
            "must be either Utilization, Value, or AverageValue",
        ));
    }
    if let Some(u) = t.average_utilization
        && u < 1
    {
        errs.push(FieldError::invalid(
            format!("{}.averageUtilization", path),
            u.to_string(),
            "must be greater than 0",
        ));
    }
    for (field, q) in [("value", &t.value), ("averageValue", &t.average_value)] {
        if let Some(q) = q
            && !crate::quantity::ParsedQuantity::parse(&q.0).is_some_and(|p| p.is_positive())
        {
            errs.push(FieldError::invalid(
                format!("{}.{}", path, field),
                super::gofmt::go_quote(&q.0),
                "must be positive",
            ));
        }
    }
}

/// `validateScalingRules`.
fn validate_rules(r: &HPAScalingRules, path: &str, errs: &mut Vec<FieldError>) {
    if let Some(w) = r.stabilization_window_seconds {
        if w < 0 {
            errs.push(FieldError::invalid(
                format!("{}.stabilizationWindowSeconds", path),
                w.to_string(),
                "must be greater than or equal to zero",
            ));
        }
        if w > 3600 {
            errs.push(FieldError::invalid(
                format!("{}.stabilizationWindowSeconds", path),
                w.to_string(),
                "must be less than or equal to 3600",
            ));
        }
    }
    if let Some(s) = &r.select_policy
        && !["Disabled", "Max", "Min"].contains(&s.as_str())
    {
        errs.push(FieldError::not_supported(
            format!("{}.selectPolicy", path),
            super::gofmt::go_quote(s),
            &["Disabled", "Max", "Min"],
        ));
    }
    let policies = r.policies.as_deref().unwrap_or(&[]);
    if policies.is_empty() {
        errs.push(FieldError::required(
            format!("{}.policies", path),
            "must specify at least one Policy",
        ));
    }
    for (i, p) in policies.iter().enumerate() {
        let pp = format!("{}.policies[{}]", path, i);
        if !["Percent", "Pods"].contains(&p.type_.as_str()) {
            errs.push(FieldError::not_supported(
                format!("{}.type", pp),
                super::gofmt::go_quote(&p.type_),
                &["Percent", "Pods"],
            ));
        }
        if p.value <= 0 {
            errs.push(FieldError::invalid(
                format!("{}.value", pp),
                p.value.to_string(),
                "must be greater than zero",
            ));
        }
        if p.period_seconds <= 0 {
            errs.push(FieldError::invalid(
                format!("{}.periodSeconds", pp),
                p.period_seconds.to_string(),
                "must be greater than zero",
            ));
        }
        if p.period_seconds > 1800 {
            errs.push(FieldError::invalid(
                format!("{}.periodSeconds", pp),
                p.period_seconds.to_string(),
                "must be less than or equal to 1800",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(v: serde_json::Value) -> Vec<String> {
        let mut h: HorizontalPodAutoscaler = serde_json::from_value(v).unwrap();
        crate::apiserver::defaults::default_hpa(&mut h);
        let mut e = vec![];
        validate_hpa(&h, &mut e);
        e.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn upstream_texts() {
        let base = |spec: serde_json::Value| serde_json::json!({"metadata": {"name": "web", "namespace": "default"}, "spec": spec});
        assert_eq!(
            errs(base(
                serde_json::json!({"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 3, "maxReplicas": 1})
            )),
            ["spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`"]
        );
        assert_eq!(
            errs(base(
                serde_json::json!({"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 0, "maxReplicas": 0})
            )),
            [
                "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
                "spec.maxReplicas: Invalid value: 0: must be greater than 0",
            ]
        );
        assert_eq!(
            errs(base(
                serde_json::json!({"scaleTargetRef": {"name": "web"}, "maxReplicas": 2, "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 0}}}]})
            )),
            [
                "spec.scaleTargetRef.kind: Required value",
                "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
            ]
        );
        assert!(errs(base(serde_json::json!({"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5}))).is_empty());
    }
}

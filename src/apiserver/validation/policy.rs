//! policy/v1 PodDisruptionBudget (`pkg/apis/policy/validation/validation.go`).

use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::apps::{not_more_than_100_percent, validate_positive_int_or_percent};
use super::field::FieldError;
use super::meta::{validate_label_selector, validate_object_meta};
use super::names::NameRule;

/// `ValidatePodDisruptionBudget`: metadata, then `ValidatePodDisruptionBudgetSpec`.
pub(crate) fn validate_pdb(b: &PodDisruptionBudget, errs: &mut Vec<FieldError>) {
    validate_object_meta(&b.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = b.spec.clone().unwrap_or_default();
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        // The value is the internal spec printed with %#v: pointers as addresses, which
        // differ on every request upstream; kubestep prints one fixed stand-in per field.
        let ptr = |set: bool, ty: &str, addr: &str| {
            if set {
                format!("(*{ty})({addr})")
            } else {
                format!("(*{ty})(nil)")
            }
        };
        let value = format!(
            "policy.PodDisruptionBudgetSpec{{MinAvailable:{}, Selector:{}, MaxUnavailable:{}, UnhealthyPodEvictionPolicy:{}}}",
            ptr(true, "intstr.IntOrString", "0xc000a10000"),
            ptr(spec.selector.is_some(), "v1.LabelSelector", "0xc000a10020"),
            ptr(true, "intstr.IntOrString", "0xc000a10040"),
            ptr(
                spec.unhealthy_pod_eviction_policy.is_some(),
                "policy.UnhealthyPodEvictionPolicyType",
                "0xc000a10060"
            ),
        );
        errs.push(FieldError::invalid(
            "spec",
            value,
            "minAvailable and maxUnavailable cannot be both set",
        ));
    }
    let checks: [(&Option<IntOrString>, &str); 2] = [
        (&spec.min_available, "spec.minAvailable"),
        (&spec.max_unavailable, "spec.maxUnavailable"),
    ];
    for (v, path) in checks {
        if let Some(v) = v {
            validate_positive_int_or_percent(v, path, errs);
            not_more_than_100_percent(v, path, errs);
        }
    }
    if let Some(sel) = &spec.selector {
        validate_label_selector(sel, "spec.selector", errs);
    }
    if let Some(p) = &spec.unhealthy_pod_eviction_policy
        && !["AlwaysAllow", "IfHealthyBudget"].contains(&p.as_str())
    {
        errs.push(FieldError::not_supported(
            "spec.unhealthyPodEvictionPolicy",
            super::gofmt::go_quote(p),
            &["AlwaysAllow", "IfHealthyBudget"],
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(spec: serde_json::Value) -> Vec<String> {
        let b: PodDisruptionBudget = serde_json::from_value(
            serde_json::json!({"metadata": {"name": "x", "namespace": "default"}, "spec": spec}),
        )
        .unwrap();
        let mut e = vec![];
        validate_pdb(&b, &mut e);
        e.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn upstream_texts() {
        assert_eq!(
            errs(
                serde_json::json!({"minAvailable": "120%", "selector": {"matchLabels": {"app": "web"}}})
            ),
            [
                "spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than 100%"
            ]
        );
        assert_eq!(
            errs(serde_json::json!({"maxUnavailable": -1})),
            ["spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]
        );
        let both = errs(serde_json::json!({"minAvailable": 1, "maxUnavailable": 1}));
        assert_eq!(both.len(), 1);
        assert!(both[0].ends_with(": minAvailable and maxUnavailable cannot be both set"));
        assert!(both[0].starts_with("spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0x"));
        assert_eq!(
            errs(serde_json::json!({"minAvailable": 1, "unhealthyPodEvictionPolicy": "Never"})),
            [
                "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""
            ]
        );
        assert!(errs(serde_json::json!({"minAvailable": "50%", "selector": {}})).is_empty());
    }
}

//! core/v1 configuration and policy kinds: ConfigMap, Secret, ServiceAccount, ResourceQuota,
//! LimitRange (`pkg/apis/core/validation/validation.go`: `ValidateConfigMap`,
//! `ValidateSecret`, `ValidateServiceAccount`, `ValidateResourceQuota`, `ValidateLimitRange`
//! and their `…Update` forms). Go iterates maps randomly; kubestep reports in key order.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{ConfigMap, LimitRange, ResourceQuota, Secret, ServiceAccount};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::core::is_standard_container_resource;
use super::field::FieldError;
use super::gofmt::{go_quantity_struct, go_quote};
use super::meta::validate_object_meta;
use super::names::{FIELD_IMMUTABLE_ERROR_MSG, IS_NEGATIVE_ERROR_MSG, NameRule, regex_error};
use crate::quantity::{ParsedQuantity, parse_quantity};

/// `core.MaxSecretSize`: 1 MiB, for ConfigMaps and Secrets alike.
pub const MAX_SECRET_SIZE: i64 = 1024 * 1024;

const CONFIG_MAP_KEY_FMT: &str = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_ERR: &str =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const IMMUTABLE_SET: &str = "field is immutable when `immutable` is set";

/// `validation.IsConfigMapKey` (apimachinery/pkg/util/validation/validation.go): the key
/// rule of ConfigMaps and Secrets (data keys, `kubectl create configmap|secret` keys).
pub fn is_config_map_key(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 253 {
        errs.push(super::names::max_len_error(253));
    }
    let ok = !v.is_empty()
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
    if !ok {
        errs.push(regex_error(
            CONFIG_MAP_KEY_ERR,
            CONFIG_MAP_KEY_FMT,
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    // hasChDirPrefix
    if v == "." {
        errs.push("must not be '.'".into());
    } else if v == ".." {
        errs.push("must not be '..'".into());
    } else if v.starts_with("..") {
        errs.push("must not start with '..'".into());
    }
    errs
}

/// `validation.IsEnvVarName`: the rule `--from-env-file` keys meet in kubectl.
pub fn is_env_var_name(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let b = v.as_bytes();
    let ok = !b.is_empty()
        && (b[0].is_ascii_alphabetic() || matches!(b[0], b'-' | b'.' | b'_'))
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'));
    if !ok {
        errs.push(regex_error(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
            "[-._a-zA-Z][-._a-zA-Z0-9]*",
            &["my.env-name", "MY_ENV.NAME", "MyEnvName1"],
        ));
    }
    if v == "." {
        errs.push("must not be '.'".into());
    } else if v == ".." {
        errs.push("must not be '..'".into());
    } else if v.starts_with("..") {
        errs.push("must not start with '..'".into());
    }
    errs
}

/// `ValidateConfigMap`.
pub(crate) fn validate_configmap(cm: &ConfigMap, errs: &mut Vec<FieldError>) {
    validate_object_meta(&cm.metadata, true, NameRule::Subdomain, "metadata", errs);
    let mut total: i64 = 0;
    for (k, v) in cm.data.iter().flatten() {
        for m in is_config_map_key(k) {
            errs.push(FieldError::invalid(format!("data[{k}]"), go_quote(k), m));
        }
        if cm.binary_data.as_ref().is_some_and(|b| b.contains_key(k)) {
            errs.push(FieldError::invalid(
                format!("data[{k}]"),
                go_quote(k),
                "duplicate of key present in binaryData",
            ));
        }
        total += v.len() as i64;
    }
    for (k, v) in cm.binary_data.iter().flatten() {
        for m in is_config_map_key(k) {
            errs.push(FieldError::invalid(
                format!("binaryData[{k}]"),
                go_quote(k),
                m,
            ));
        }
        total += v.0.len() as i64;
    }
    if total > MAX_SECRET_SIZE {
        // field.TooLong(field.NewPath(""), …): a root path with an empty name prints `[]`.
        errs.push(FieldError::too_long("[]", MAX_SECRET_SIZE));
    }
}

/// `ValidateConfigMapUpdate`: an immutable ConfigMap keeps `immutable`, `data` and
/// `binaryData`.
pub(crate) fn validate_configmap_update(
    old: &ConfigMap,
    new: &ConfigMap,
    errs: &mut Vec<FieldError>,
) {
    if old.immutable == Some(true) {
        if new.immutable != Some(true) {
            errs.push(FieldError::forbidden("immutable", IMMUTABLE_SET));
        }
        if old.data.clone().unwrap_or_default() != new.data.clone().unwrap_or_default() {
            errs.push(FieldError::forbidden("data", IMMUTABLE_SET));
        }
        if old.binary_data.clone().unwrap_or_default()
            != new.binary_data.clone().unwrap_or_default()
        {
            errs.push(FieldError::forbidden("binaryData", IMMUTABLE_SET));
        }
    }
    validate_configmap(new, errs);
}

/// `ValidateSecret`: keys, the 1 MiB total, and the rules of the built-in types.
pub(crate) fn validate_secret(s: &Secret, errs: &mut Vec<FieldError>) {
    validate_object_meta(&s.metadata, true, NameRule::Subdomain, "metadata", errs);
    let data = s.data.clone().unwrap_or_default();
    let mut total: i64 = 0;
    for (k, v) in &data {
        for m in is_config_map_key(k) {
            errs.push(FieldError::invalid(format!("data[{k}]"), go_quote(k), m));
        }
        total += v.0.len() as i64;
    }
    if total > MAX_SECRET_SIZE {
        errs.push(FieldError::too_long("data", MAX_SECRET_SIZE));
    }
    let non_empty = |k: &str| data.get(k).is_some_and(|v| !v.0.is_empty());
    let json_key = |k: &str, errs: &mut Vec<FieldError>| match data.get(k) {
        None => errs.push(FieldError::required(format!("data[{k}]"), "")),
        Some(v) => {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&v.0) {
                errs.push(FieldError::invalid(
                    format!("data[{k}]"),
                    "\"<secret contents redacted>\"",
                    go_json_error(&e),
                ));
            }
        }
    };
    match s.type_.as_deref().unwrap_or("Opaque") {
        "kubernetes.io/service-account-token" => {
            let has = s
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubernetes.io/service-account.name"))
                .is_some_and(|v| !v.is_empty());
            if !has {
                errs.push(FieldError::required(
                    "metadata.annotations[kubernetes.io/service-account.name]",
                    "",
                ));
            }
        }
        "kubernetes.io/dockercfg" => json_key(".dockercfg", errs),
        "kubernetes.io/dockerconfigjson" => json_key(".dockerconfigjson", errs),
        "kubernetes.io/basic-auth" => {
            if !data.contains_key("username") && !data.contains_key("password") {
                errs.push(FieldError::required("data[username]", ""));
                errs.push(FieldError::required("data[password]", ""));
            }
        }
        "kubernetes.io/ssh-auth" => {
            if !non_empty("ssh-privatekey") {
                errs.push(FieldError::required("data[ssh-privatekey]", ""));
            }
        }
        "kubernetes.io/tls" => {
            for k in ["tls.crt", "tls.key"] {
                if !data.contains_key(k) {
                    errs.push(FieldError::required(format!("data[{k}]"), ""));
                }
            }
        }
        _ => {}
    }
}

/// Go's `json.Unmarshal` error for the common cases (`invalid character 'x' looking for
/// beginning of value`, `unexpected end of JSON input`).
fn go_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "unexpected end of JSON input".into(),
        _ => "invalid character looking for beginning of value".into(),
    }
}

/// `ValidateSecretUpdate`: `type` is immutable; an immutable Secret keeps its data.
pub(crate) fn validate_secret_update(old: &Secret, new: &Secret, errs: &mut Vec<FieldError>) {
    let (ot, nt) = (
        old.type_.as_deref().unwrap_or("Opaque"),
        new.type_.as_deref().unwrap_or("Opaque"),
    );
    if ot != nt {
        errs.push(FieldError::invalid(
            "type",
            go_quote(nt),
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
    if old.immutable == Some(true) {
        if new.immutable != Some(true) {
            errs.push(FieldError::forbidden("immutable", IMMUTABLE_SET));
        }
        if old.data.clone().unwrap_or_default() != new.data.clone().unwrap_or_default() {
            errs.push(FieldError::forbidden("data", IMMUTABLE_SET));
        }
    }
    validate_secret(new, errs);
}

/// `ValidateServiceAccount`: metadata (a DNS subdomain name).
pub(crate) fn validate_service_account(sa: &ServiceAccount, errs: &mut Vec<FieldError>) {
    validate_object_meta(&sa.metadata, true, NameRule::Subdomain, "metadata", errs);
}

// ---------------------------------------------------------------------------------------------
// ResourceQuota
// ---------------------------------------------------------------------------------------------

/// `standardQuotaResources` (pkg/apis/core/helper/helpers.go).
const STANDARD_QUOTA_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "services",
    "replicationcontrollers",
    "resourcequotas",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "services.nodeports",
    "services.loadbalancers",
];

/// `standardResources`: what a name without a `/` may be anywhere (`IsStandardResourceName`).
fn is_standard_resource_name(n: &str) -> bool {
    STANDARD_QUOTA_RESOURCES.contains(&n)
        || matches!(n, "storage" | "requests.storage")
        || n.starts_with("hugepages-")
        || n.starts_with("requests.hugepages-")
}

/// `IsStandardQuotaResourceName`.
pub fn is_standard_quota_resource(n: &str) -> bool {
    STANDARD_QUOTA_RESOURCES.contains(&n) || n.starts_with("requests.hugepages-")
}

/// `IsIntegerResourceName`: object counts and extended resources.
fn is_integer_resource(n: &str) -> bool {
    matches!(
        n,
        "pods"
            | "services"
            | "replicationcontrollers"
            | "resourcequotas"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || (n.contains('/') && !n.starts_with("kubernetes.io/") && !n.starts_with("requests."))
}

/// `validateResourceName`: a qualified name; without a `/`, a standard resource.
fn validate_resource_name(n: &str, path: &str, errs: &mut Vec<FieldError>) -> bool {
    let before = errs.len();
    for m in super::names::is_qualified_name(n) {
        errs.push(FieldError::invalid(path, go_quote(n), m));
    }
    if errs.len() != before {
        return false;
    }
    if !n.contains('/') && !is_standard_resource_name(n) {
        errs.push(FieldError::invalid(
            path,
            go_quote(n),
            "must be a standard resource type or fully qualified",
        ));
    }
    true
}

/// `ValidateResourceQuantityValue`: non-negative, integral for integer resources.
fn validate_quantity_value(n: &str, q: &Quantity, path: &str, errs: &mut Vec<FieldError>) {
    let Ok(pq) = parse_quantity(q.0.trim()) else {
        return;
    };
    if pq.negative && pq.mantissa != 0 {
        errs.push(FieldError::invalid(
            path,
            go_quote(&pq.canonical()),
            IS_NEGATIVE_ERROR_MSG,
        ));
    }
    if is_integer_resource(n) && pq.milli_value() % 1000 != 0 {
        errs.push(FieldError::invalid(
            path,
            go_quantity_struct(&pq),
            "must be an integer",
        ));
    }
}

/// The quota scopes of v1.32 (`IsStandardResourceQuotaScope`).
pub const QUOTA_SCOPES: &[&str] = &[
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
];

/// `ValidateResourceQuota` (and its status, as the registry validates both).
pub(crate) fn validate_resource_quota(q: &ResourceQuota, errs: &mut Vec<FieldError>) {
    validate_object_meta(&q.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = q.spec.clone().unwrap_or_default();
    for (k, v) in spec.hard.iter().flatten() {
        let p = format!("spec.hard[{k}]");
        // ValidateResourceQuotaResourceName
        validate_resource_name(k, &p, errs);
        if !k.contains('/') && !is_standard_quota_resource(k) {
            errs.push(FieldError::invalid(
                &p,
                go_quote(k),
                "must be a standard resource for quota",
            ));
        }
        validate_quantity_value(k, v, &p, errs);
    }
    // validateResourceQuotaScopes
    let scopes = spec.scopes.clone().unwrap_or_default();
    if !scopes.is_empty() {
        let value = format!(
            "[]core.ResourceQuotaScope{{{}}}",
            scopes
                .iter()
                .map(|s| go_quote(s))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let hard: BTreeSet<&String> = spec.hard.iter().flatten().map(|(k, _)| k).collect();
        for s in &scopes {
            if !QUOTA_SCOPES.contains(&s.as_str()) {
                errs.push(FieldError::invalid(
                    "spec.scopes",
                    &value,
                    "unsupported scope",
                ));
            }
            for k in &hard {
                if is_standard_quota_resource(k) && !scope_valid_for(s, k) {
                    errs.push(FieldError::invalid(
                        "spec.scopes",
                        &value,
                        "unsupported scope applied to resource",
                    ));
                }
            }
        }
        let has = |s: &str| scopes.iter().any(|x| x == s);
        for (a, b) in [
            ("BestEffort", "NotBestEffort"),
            ("Terminating", "NotTerminating"),
        ] {
            if has(a) && has(b) {
                errs.push(FieldError::invalid(
                    "spec.scopes",
                    &value,
                    "conflicting scopes",
                ));
            }
        }
    }
    if let Some(st) = &q.status {
        for (list, name) in [(&st.hard, "hard"), (&st.used, "used")] {
            for (k, v) in list.iter().flatten() {
                let p = format!("status.{name}[{k}]");
                validate_resource_name(k, &p, errs);
                validate_quantity_value(k, v, &p, errs);
            }
        }
    }
}

/// `IsResourceQuotaScopeValidForResource`: BestEffort limits only the pod count; the other
/// pod scopes limit counts and compute resources.
fn scope_valid_for(scope: &str, resource: &str) -> bool {
    const COMPUTE: &[&str] = &[
        "pods",
        "count/pods",
        "cpu",
        "memory",
        "limits.cpu",
        "limits.memory",
        "requests.cpu",
        "requests.memory",
    ];
    match scope {
        "BestEffort" => matches!(resource, "pods" | "count/pods"),
        "Terminating" | "NotTerminating" | "NotBestEffort" | "PriorityClass" => {
            COMPUTE.contains(&resource)
        }
        "CrossNamespacePodAffinity" => matches!(resource, "pods" | "count/pods"),
        _ => true,
    }
}

/// `ValidateResourceQuotaUpdate`: the scopes may not change.
pub(crate) fn validate_resource_quota_update(
    old: &ResourceQuota,
    new: &ResourceQuota,
    errs: &mut Vec<FieldError>,
) {
    validate_resource_quota(new, errs);
    let set = |q: &ResourceQuota| -> BTreeSet<String> {
        q.spec
            .as_ref()
            .and_then(|s| s.scopes.clone())
            .unwrap_or_default()
            .into_iter()
            .collect()
    };
    if set(old) != set(new) {
        let scopes = new
            .spec
            .as_ref()
            .and_then(|s| s.scopes.clone())
            .unwrap_or_default();
        errs.push(FieldError::invalid(
            "spec.scopes",
            format!(
                "[]core.ResourceQuotaScope{{{}}}",
                scopes
                    .iter()
                    .map(|s| go_quote(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// LimitRange
// ---------------------------------------------------------------------------------------------

/// `ValidateLimitRange`.
pub(crate) fn validate_limit_range(lr: &LimitRange, errs: &mut Vec<FieldError>) {
    validate_object_meta(&lr.metadata, true, NameRule::Subdomain, "metadata", errs);
    let mut types = BTreeSet::new();
    let limits = lr
        .spec
        .as_ref()
        .map(|s| s.limits.clone())
        .unwrap_or_default();
    for (i, item) in limits.iter().enumerate() {
        let idx = format!("spec.limits[{i}]");
        let ty = item.type_.as_str();
        // validateLimitRangeTypeName
        let before = errs.len();
        for m in super::names::is_qualified_name(ty) {
            errs.push(FieldError::invalid(format!("{idx}.type"), go_quote(ty), m));
        }
        if errs.len() == before
            && !ty.contains('/')
            && !matches!(ty, "Pod" | "Container" | "PersistentVolumeClaim")
        {
            errs.push(FieldError::invalid(
                format!("{idx}.type"),
                go_quote(ty),
                "must be a standard limit type or fully qualified",
            ));
        }
        if !types.insert(ty.to_string()) {
            errs.push(FieldError::duplicate(format!("{idx}.type"), go_quote(ty)));
        }
        let mut keys = BTreeSet::new();
        let mut collect = |list: &Option<BTreeMap<String, Quantity>>,
                           field: &str,
                           errs: &mut Vec<FieldError>|
         -> BTreeMap<String, ParsedQuantity> {
            let mut out = BTreeMap::new();
            for (k, q) in list.iter().flatten() {
                let p = format!("{idx}.{field}[{k}]");
                if matches!(ty, "Pod" | "Container") {
                    // validateContainerResourceName
                    if validate_resource_name(k, &p, errs)
                        && !k.contains('/')
                        && !is_standard_container_resource(k)
                    {
                        errs.push(FieldError::invalid(
                            &p,
                            go_quote(k),
                            "must be a standard resource for containers",
                        ));
                    }
                } else {
                    validate_resource_name(k, &p, errs);
                }
                keys.insert(k.clone());
                if let Some(pq) = ParsedQuantity::parse(&q.0) {
                    out.insert(k.clone(), pq);
                }
            }
            out
        };
        let max = collect(&item.max, "max", errs);
        let min = collect(&item.min, "min", errs);
        let (def, def_req) = if ty == "Pod" {
            if item.default.as_ref().is_some_and(|d| !d.is_empty()) {
                errs.push(FieldError::forbidden(
                    format!("{idx}.default"),
                    "may not be specified when `type` is 'Pod'",
                ));
            }
            if item.default_request.as_ref().is_some_and(|d| !d.is_empty()) {
                errs.push(FieldError::forbidden(
                    format!("{idx}.defaultRequest"),
                    "may not be specified when `type` is 'Pod'",
                ));
            }
            (BTreeMap::new(), BTreeMap::new())
        } else {
            (
                collect(&item.default, "default", errs),
                collect(&item.default_request, "defaultRequest", errs),
            )
        };
        if ty == "PersistentVolumeClaim"
            && !min.contains_key("storage")
            && !max.contains_key("storage")
        {
            errs.push(FieldError::required(
                format!("{idx}.limits"),
                "either minimum or maximum storage value is required, but neither was provided",
            ));
        }
        let ratio = collect(&item.max_limit_request_ratio, "maxLimitRequestRatio", errs);
        use std::cmp::Ordering::*;
        for k in &keys {
            let at = |f: &str| format!("{idx}.{f}[{k}]");
            let (mn, mx, d, dr, r) = (
                min.get(k),
                max.get(k),
                def.get(k),
                def_req.get(k),
                ratio.get(k),
            );
            let c = |q: &ParsedQuantity| q.canonical();
            if let (Some(mn), Some(mx)) = (mn, mx)
                && mn.cmp_value(mx) == Greater
            {
                errs.push(FieldError::invalid(
                    at("min"),
                    go_quantity_struct(mn),
                    format!("min value {} is greater than max value {}", c(mn), c(mx)),
                ));
            }
            if let (Some(dr), Some(mn)) = (dr, mn)
                && mn.cmp_value(dr) == Greater
            {
                errs.push(FieldError::invalid(
                    at("defaultRequest"),
                    go_quantity_struct(dr),
                    format!(
                        "min value {} is greater than default request value {}",
                        c(mn),
                        c(dr)
                    ),
                ));
            }
            if let (Some(dr), Some(mx)) = (dr, mx)
                && dr.cmp_value(mx) == Greater
            {
                errs.push(FieldError::invalid(
                    at("defaultRequest"),
                    go_quantity_struct(dr),
                    format!(
                        "default request value {} is greater than max value {}",
                        c(dr),
                        c(mx)
                    ),
                ));
            }
            if let (Some(dr), Some(d)) = (dr, d)
                && dr.cmp_value(d) == Greater
            {
                errs.push(FieldError::invalid(
                    at("defaultRequest"),
                    go_quantity_struct(dr),
                    format!(
                        "default request value {} is greater than default limit value {}",
                        c(dr),
                        c(d)
                    ),
                ));
            }
            if let (Some(d), Some(mn)) = (d, mn)
                && mn.cmp_value(d) == Greater
            {
                errs.push(FieldError::invalid(
                    at("default"),
                    go_quantity_struct(mn),
                    format!("min value {} is greater than default value {}", c(mn), c(d)),
                ));
            }
            if let (Some(d), Some(mx)) = (d, mx)
                && d.cmp_value(mx) == Greater
            {
                errs.push(FieldError::invalid(
                    at("default"),
                    go_quantity_struct(mx),
                    format!("default value {} is greater than max value {}", c(d), c(mx)),
                ));
            }
            if let Some(r) = r {
                let one = ParsedQuantity::parse("1").unwrap_or(ParsedQuantity::zero());
                if r.cmp_value(&one) == Less {
                    errs.push(FieldError::invalid(
                        at("maxLimitRequestRatio"),
                        go_quantity_struct(r),
                        format!("ratio {} is less than 1", c(r)),
                    ));
                }
                if let (Some(mn), Some(mx)) = (mn, mx) {
                    let (rv, lo, hi) = (
                        r.milli_value() as f64 / 1000.0,
                        mn.milli_value(),
                        mx.milli_value(),
                    );
                    let limit = hi as f64 / lo as f64;
                    if rv > limit {
                        errs.push(FieldError::invalid(
                            at("maxLimitRequestRatio"),
                            go_quantity_struct(r),
                            format!("ratio {} is greater than max/min = {:.6}", c(r), limit),
                        ));
                    }
                }
            }
            // Resources that cannot be overcommitted (hugepages, extended resources).
            let overcommit = !k.starts_with("hugepages-")
                && (!k.contains('/') || k.starts_with("kubernetes.io/"));
            if !overcommit
                && let (Some(d), Some(dr)) = (d, dr)
                && d.cmp_value(dr) != Equal
            {
                errs.push(FieldError::invalid(
                    at("defaultRequest"),
                    go_quantity_struct(dr),
                    format!(
                        "default value {} must equal to defaultRequest value {} in {}",
                        c(d),
                        c(dr),
                        k
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apiserver::decode::decode_strict;
    use crate::apiserver::defaults::default_object;
    use crate::apiserver::validation::validate_create;
    use crate::object::Kind;
    use serde_json::json;

    fn errs(kind: Kind, v: serde_json::Value) -> Vec<String> {
        let mut o = decode_strict(kind, &v).expect("decodes");
        default_object(&mut o);
        validate_create(&o).iter().map(|e| e.to_string()).collect()
    }

    /// `TestIsConfigMapKey` (apimachinery/pkg/util/validation/validation_test.go).
    #[test]
    fn config_map_keys_follow_upstream_table() {
        for good in [
            "good",
            "good-good",
            "still.good",
            "this.is.also.good",
            ".so.is.this",
            "THIS_IS_GOOD",
            "so_is_this_17",
        ] {
            assert!(is_config_map_key(good).is_empty(), "{good}");
        }
        for bad in [".", "..", "..bad", "b*d", "bad!&bad", "", "a b", "a/b"] {
            assert!(!is_config_map_key(bad).is_empty(), "{bad}");
        }
        assert_eq!(is_config_map_key(".."), vec!["must not be '..'"]);
        assert_eq!(is_config_map_key("..bad"), vec!["must not start with '..'"]);
        assert_eq!(
            is_config_map_key(&"a".repeat(254)),
            vec!["must be no more than 253 characters"]
        );
    }

    #[test]
    fn an_invalid_config_map_key_gets_upstreams_text() {
        let e = errs(
            Kind::ConfigMap,
            json!({"metadata": {"name": "x", "namespace": "default"}, "data": {"a b": "c"}}),
        );
        assert_eq!(
            e,
            vec![
                "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
            ]
        );
        let big = "x".repeat(1024 * 1024 + 1);
        let e = errs(
            Kind::ConfigMap,
            json!({"metadata": {"name": "big", "namespace": "default"}, "data": {"k": big}}),
        );
        assert_eq!(e, vec!["[]: Too long: may not be more than 1048576 bytes"]);
    }

    #[test]
    fn secrets_of_the_built_in_types_need_their_keys() {
        let e = errs(
            Kind::Secret,
            json!({"metadata": {"name": "t", "namespace": "default"}, "type": "kubernetes.io/tls"}),
        );
        assert_eq!(
            e,
            vec![
                "data[tls.crt]: Required value",
                "data[tls.key]: Required value"
            ]
        );
        let e = errs(
            Kind::Secret,
            json!({"metadata": {"name": "r", "namespace": "default"}, "type": "kubernetes.io/dockerconfigjson"}),
        );
        assert_eq!(e, vec!["data[.dockerconfigjson]: Required value"]);
        let e = errs(
            Kind::Secret,
            json!({"metadata": {"name": "b", "namespace": "default"}, "type": "kubernetes.io/basic-auth", "stringData": {"username": "u"}}),
        );
        assert!(e.is_empty(), "{e:?}");
        let e = errs(
            Kind::Secret,
            json!({"metadata": {"name": "o", "namespace": "default"}, "stringData": {"a/b": "x"}}),
        );
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("data[a/b]: Invalid value: \"a/b\": a valid config key"));
    }

    #[test]
    fn immutable_config_maps_and_secret_types_do_not_change() {
        let cm = |data: &str, imm: Option<bool>| -> ConfigMap {
            serde_json::from_value(json!({"metadata": {"name": "x", "namespace": "default"}, "data": {"a": data}, "immutable": imm})).unwrap()
        };
        let mut e = vec![];
        validate_configmap_update(&cm("1", Some(true)), &cm("2", Some(true)), &mut e);
        assert_eq!(
            e[0].to_string(),
            "data: Forbidden: field is immutable when `immutable` is set"
        );
        let mut e = vec![];
        validate_configmap_update(&cm("1", Some(true)), &cm("1", None), &mut e);
        assert_eq!(
            e[0].to_string(),
            "immutable: Forbidden: field is immutable when `immutable` is set"
        );
        let mut e = vec![];
        validate_configmap_update(&cm("1", None), &cm("2", Some(true)), &mut e);
        assert!(e.is_empty());
        let s = |t: &str| -> Secret {
            serde_json::from_value(json!({"metadata": {"name": "s", "namespace": "default"}, "type": t, "data": {"tls.crt": "", "tls.key": ""}})).unwrap()
        };
        let mut e = vec![];
        validate_secret_update(&s("Opaque"), &s("kubernetes.io/tls"), &mut e);
        assert_eq!(
            e[0].to_string(),
            "type: Invalid value: \"kubernetes.io/tls\": field is immutable"
        );
    }

    /// Cases of `TestValidateResourceQuota` (pkg/apis/core/validation/validation_test.go).
    #[test]
    fn resource_quota_names_values_and_scopes() {
        let q = |hard: serde_json::Value, scopes: serde_json::Value| {
            errs(
                Kind::ResourceQuota,
                json!({"metadata": {"name": "q", "namespace": "default"}, "spec": {"hard": hard, "scopes": scopes}}),
            )
        };
        assert!(q(json!({"pods": "2", "requests.cpu": "1", "limits.memory": "1Gi", "count/deployments.apps": "3"}), json!(null)).is_empty());
        assert_eq!(
            q(json!({"pods": "-1"}), json!(null)),
            vec!["spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0"]
        );
        assert_eq!(
            q(json!({"foo": "1"}), json!(null)),
            vec![
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified",
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource for quota",
            ]
        );
        let e = q(json!({"pods": "1500m"}), json!(null));
        assert_eq!(e.len(), 1);
        assert!(e[0].ends_with("must be an integer"), "{e:?}");
        assert_eq!(
            q(json!({"pods": "2"}), json!(["BestEffort", "NotBestEffort"])),
            vec![
                "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\", \"NotBestEffort\"}: conflicting scopes"
            ]
        );
        assert_eq!(
            q(json!({"cpu": "2"}), json!(["BestEffort"])),
            vec![
                "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\"}: unsupported scope applied to resource"
            ]
        );
        assert_eq!(
            q(json!({"pods": "2"}), json!(["Foo"])),
            vec![
                "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"Foo\"}: unsupported scope"
            ]
        );
    }

    /// `TestValidateLimitRange` cases and `SetDefaults_LimitRangeItem`.
    #[test]
    fn limit_ranges_default_and_validate() {
        let lr = |limits: serde_json::Value| {
            errs(
                Kind::LimitRange,
                json!({"metadata": {"name": "l", "namespace": "default"}, "spec": {"limits": limits}}),
            )
        };
        assert!(lr(json!([{"type": "Container", "max": {"cpu": "1"}, "min": {"cpu": "100m"}, "default": {"cpu": "500m"}, "defaultRequest": {"cpu": "200m"}}])).is_empty());
        assert_eq!(
            lr(json!([{"type": "Container", "max": {"cpu": "1"}, "min": {"cpu": "2"}}])),
            vec![
                "spec.limits[0].min[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"\", Format:\"DecimalSI\"}: min value 2 is greater than max value 1",
                "spec.limits[0].defaultRequest[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"\", Format:\"DecimalSI\"}: min value 2 is greater than default request value 1",
                "spec.limits[0].default[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:\"\", Format:\"DecimalSI\"}: min value 2 is greater than default value 1",
            ]
        );
        assert_eq!(
            lr(json!([{"type": "Pod", "default": {"cpu": "1"}}])),
            vec!["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]
        );
        assert_eq!(
            lr(json!([{"type": "Container"}, {"type": "Container"}])),
            vec!["spec.limits[1].type: Duplicate value: \"Container\""]
        );
        assert_eq!(
            lr(json!([{"type": "Bogus"}])),
            vec![
                "spec.limits[0].type: Invalid value: \"Bogus\": must be a standard limit type or fully qualified"
            ]
        );
        assert_eq!(
            lr(json!([{"type": "PersistentVolumeClaim"}])),
            vec![
                "spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided"
            ]
        );
        // Defaults: max → default → defaultRequest; min → defaultRequest.
        let mut o = decode_strict(Kind::LimitRange, &json!({"metadata": {"name": "l"}, "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "64Mi"}}]}})).unwrap();
        default_object(&mut o);
        let v = o.to_value();
        assert_eq!(v["spec"]["limits"][0]["default"], json!({"cpu": "1"}));
        assert_eq!(
            v["spec"]["limits"][0]["defaultRequest"],
            json!({"cpu": "1", "memory": "64Mi"})
        );
    }
}

//! Label selectors (`apimachinery/pkg/apis/meta/v1/helpers.go`, `labels/selector.go`) and
//! ObjectMeta (`apimachinery/pkg/api/validation/objectmeta.go`).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::field::*;
use super::gofmt::*;
use super::names::*;

// ---------------------------------------------------------------------------------------------
// Label selectors (`apimachinery/pkg/apis/meta/v1/helpers.go`, `labels/selector.go`)
// ---------------------------------------------------------------------------------------------

/// A selector decoded from an absent (`null`) `selector` field: both parts `None`.
/// (`decode::decode_strict` turns an explicit `selector: {}` into `matchLabels: {}` so that the
/// two cases stay distinguishable, as they are upstream.)
pub fn selector_is_nil(sel: &LabelSelector) -> bool {
    sel.match_labels.is_none() && sel.match_expressions.is_none()
}

pub(crate) fn selector_is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().map_or(0, |m| m.len())
        + sel.match_expressions.as_ref().map_or(0, |m| m.len())
        == 0
}

/// Whether `LabelSelectorAsSelector` would succeed.
pub(crate) fn selector_converts(sel: &LabelSelector) -> bool {
    for (k, v) in sel.match_labels.iter().flatten() {
        if !is_qualified_name(k).is_empty() || !is_valid_label_value(v).is_empty() {
            return false;
        }
    }
    for r in sel.match_expressions.iter().flatten() {
        let n = r.values.as_ref().map_or(0, |v| v.len());
        match r.operator.as_str() {
            "In" | "NotIn" if n == 0 => return false,
            "Exists" | "DoesNotExist" if n != 0 => return false,
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            _ => return false,
        }
        if !is_qualified_name(&r.key).is_empty() {
            return false;
        }
        if r.values
            .iter()
            .flatten()
            .any(|v| !is_valid_label_value(v).is_empty())
        {
            return false;
        }
    }
    true
}

/// Whether a selector matches a label set, with upstream nil/empty semantics: a nil selector
/// matches nothing, an empty one everything.
pub fn selector_matches(sel: &LabelSelector, labels: Option<&BTreeMap<String, String>>) -> bool {
    if selector_is_nil(sel) {
        return false;
    }
    let get = |k: &str| labels.and_then(|l| l.get(k));
    for (k, v) in sel.match_labels.iter().flatten() {
        if get(k) != Some(v) {
            return false;
        }
    }
    for r in sel.match_expressions.iter().flatten() {
        let vals = r.values.as_deref().unwrap_or(&[]);
        let ok = match r.operator.as_str() {
            "In" => get(&r.key).is_some_and(|v| vals.contains(v)),
            "NotIn" => get(&r.key).is_none_or(|v| !vals.contains(v)),
            "Exists" => get(&r.key).is_some(),
            "DoesNotExist" => get(&r.key).is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta
// ---------------------------------------------------------------------------------------------

/// `ValidateObjectMetaAccessor` (apimachinery `api/validation/objectmeta.go`).
pub(crate) fn validate_object_meta(
    meta: &ObjectMeta,
    namespaced: bool,
    rule: NameRule,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let gen_name = meta.generate_name.as_deref().unwrap_or("");
    if !gen_name.is_empty() {
        for m in name_errors(rule, gen_name, true) {
            errs.push(FieldError::invalid(
                format!("{path}.generateName"),
                go_quote(gen_name),
                m,
            ));
        }
    }
    let name = meta.name.as_deref().unwrap_or("");
    if name.is_empty() {
        errs.push(FieldError::required(
            format!("{path}.name"),
            "name or generateName is required",
        ));
    } else {
        for m in name_errors(rule, name, false) {
            errs.push(FieldError::invalid(
                format!("{path}.name"),
                go_quote(name),
                m,
            ));
        }
    }
    let ns = meta.namespace.as_deref().unwrap_or("");
    if namespaced {
        if ns.is_empty() {
            errs.push(FieldError::required(format!("{path}.namespace"), ""));
        } else {
            for m in name_is_dns_label(ns, false) {
                errs.push(FieldError::invalid(
                    format!("{path}.namespace"),
                    go_quote(ns),
                    m,
                ));
            }
        }
    } else if !ns.is_empty() {
        errs.push(FieldError::forbidden(
            format!("{path}.namespace"),
            "not allowed on this type",
        ));
    }
    if let Some(g) = meta.generation
        && g < 0
    {
        errs.push(FieldError::invalid(
            format!("{path}.generation"),
            g.to_string(),
            IS_NEGATIVE_ERROR_MSG,
        ));
    }
    validate_labels(meta.labels.as_ref(), &format!("{path}.labels"), errs);
    validate_annotations(
        meta.annotations.as_ref(),
        &format!("{path}.annotations"),
        errs,
    );
}

/// `ValidateObjectMetaUpdate`: immutable identity fields.
pub(crate) fn validate_object_meta_update(
    old: &ObjectMeta,
    new: &ObjectMeta,
    errs: &mut Vec<FieldError>,
) {
    let pairs = [
        ("metadata.name", &old.name, &new.name),
        ("metadata.namespace", &old.namespace, &new.namespace),
        ("metadata.uid", &old.uid, &new.uid),
    ];
    for (path, o, n) in pairs {
        let (o, n) = (o.as_deref().unwrap_or(""), n.as_deref().unwrap_or(""));
        if !o.is_empty() && o != n {
            errs.push(FieldError::invalid(
                path,
                go_quote(n),
                FIELD_IMMUTABLE_ERROR_MSG,
            ));
        }
    }
    validate_labels(new.labels.as_ref(), "metadata.labels", errs);
    validate_annotations(new.annotations.as_ref(), "metadata.annotations", errs);
}

/// `ValidateLabels`: note the path is the map itself (`metadata.labels`), not the key.
pub(crate) fn validate_labels(
    labels: Option<&BTreeMap<String, String>>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    for (k, v) in labels.into_iter().flatten() {
        for m in is_qualified_name(k) {
            errs.push(FieldError::invalid(path, go_quote(k), m));
        }
        for m in is_valid_label_value(v) {
            errs.push(FieldError::invalid(path, go_quote(v), m));
        }
    }
}

/// `ValidateAnnotations`: keys are qualified names (case-insensitive), total size ≤ 256 KiB.
pub(crate) fn validate_annotations(
    ann: Option<&BTreeMap<String, String>>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut total = 0usize;
    for (k, v) in ann.into_iter().flatten() {
        for m in is_qualified_name(&k.to_ascii_lowercase()) {
            errs.push(FieldError::invalid(path, go_quote(k), m));
        }
        total += k.len() + v.len();
    }
    if total > 256 * 1024 {
        errs.push(FieldError::too_long(path, 256 * 1024));
    }
}

/// `ValidateLabelSelector` (meta/v1/validation).
pub(crate) fn validate_label_selector(sel: &LabelSelector, path: &str, errs: &mut Vec<FieldError>) {
    validate_labels(
        sel.match_labels.as_ref(),
        &format!("{path}.matchLabels"),
        errs,
    );
    for (i, r) in sel.match_expressions.iter().flatten().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let n = r.values.as_ref().map_or(0, |v| v.len());
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if n == 0 {
                    errs.push(FieldError::required(
                        format!("{p}.values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    ));
                }
            }
            "Exists" | "DoesNotExist" => {
                if n > 0 {
                    errs.push(FieldError::forbidden(
                        format!("{p}.values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    ));
                }
            }
            op => errs.push(FieldError::invalid(
                format!("{p}.operator"),
                go_quote(op),
                "not a valid selector operator",
            )),
        }
        for m in is_qualified_name(&r.key) {
            errs.push(FieldError::invalid(format!("{p}.key"), go_quote(&r.key), m));
        }
        for (j, v) in r.values.iter().flatten().enumerate() {
            for m in is_valid_label_value(v) {
                errs.push(FieldError::invalid(
                    format!("{p}.values[{j}]"),
                    go_quote(v),
                    m,
                ));
            }
        }
    }
}

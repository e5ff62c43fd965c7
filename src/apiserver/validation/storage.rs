//! Storage kinds: PersistentVolumeClaim and PersistentVolume
//! (`pkg/apis/core/validation/validation.go`) and StorageClass
//! (`pkg/apis/storage/validation/validation.go`), v1.32, with the registry strategies'
//! update rules.
//!
//! Feature gates as in 1.32: `RecoverVolumeExpansionFailure` beta and on (a claim may shrink
//! down to, but not below, `status.capacity`), `VolumeAttributesClass` beta and off (the
//! class name is not validated and may not change).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeSpec,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use serde_json::Value;

use super::field::*;
use super::gofmt::*;
use super::meta::*;
use super::names::*;
use crate::quantity::*;

/// `supportedAccessModes`, as `sets.List` returns them (sorted).
const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];
/// `supportedVolumeModes` (sorted).
const VOLUME_MODES: [&str; 2] = ["Block", "Filesystem"];
/// `isNotPositiveErrorMsg`.
const NOT_POSITIVE: &str = "must be greater than zero";
const BETA_STORAGE_CLASS: &str = "volume.beta.kubernetes.io/storage-class";

// ---------------------------------------------------------------------------------------------
// Semantic equality
// ---------------------------------------------------------------------------------------------

/// Drop what `apiequality.Semantic.DeepEqual` does not tell apart from absence: nulls, empty
/// lists and empty maps / zero structs (recursively).
fn semantic_value(v: Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Array(a) => {
            let a: Vec<Value> = a
                .into_iter()
                .map(|x| semantic_value(x).unwrap_or(Value::Null))
                .collect();
            if a.is_empty() {
                None
            } else {
                Some(Value::Array(a))
            }
        }
        Value::Object(m) => {
            let m: serde_json::Map<String, Value> = m
                .into_iter()
                .filter_map(|(k, v)| semantic_value(v).map(|v| (k, v)))
                .collect();
            if m.is_empty() {
                None
            } else {
                Some(Value::Object(m))
            }
        }
        other => Some(other),
    }
}

/// `apiequality.Semantic.DeepEqual` of two API values, approximated on their JSON form
/// (quantities are compared as stored; the API server keeps them canonical).
pub(crate) fn semantic_eq<T: serde::Serialize>(a: &T, b: &T) -> bool {
    let a = serde_json::to_value(a).ok().and_then(semantic_value);
    let b = serde_json::to_value(b).ok().and_then(semantic_value);
    a == b
}

// ---------------------------------------------------------------------------------------------
// go-cmp rendering (approximate)
// ---------------------------------------------------------------------------------------------

/// A go-cmp `cmp.Diff` of two structs given as `(field, old, new)` in declaration order,
/// each value already rendered. Changed fields become `-`/`+` pairs with up to two identical
/// fields of context on each side; longer identical runs are elided as
/// `... // N identical fields`. go-cmp's exact elision and spacing are randomised on purpose
/// upstream, so this is a stand-in of the same shape, not a byte-exact copy.
fn cmp_struct_diff(type_name: &str, fields: &[(&str, String, String)]) -> String {
    const CONTEXT: usize = 2;
    let changed: Vec<bool> = fields.iter().map(|(_, o, n)| o != n).collect();
    let shown: Vec<bool> = (0..fields.len())
        .map(|i| {
            let lo = i.saturating_sub(CONTEXT);
            let hi = (i + CONTEXT).min(fields.len() - 1);
            (lo..=hi).any(|j| changed[j])
        })
        .collect();
    let width = fields
        .iter()
        .zip(&shown)
        .filter(|(_, s)| **s)
        .map(|((n, _, _), _)| n.len() + 1)
        .max()
        .unwrap_or(0);
    let mut out = format!("  {type_name}{{\n");
    let mut i = 0;
    while i < fields.len() {
        if !shown[i] {
            let start = i;
            while i < fields.len() && !shown[i] {
                i += 1;
            }
            let n = i - start;
            let what = if n == 1 { "field" } else { "fields" };
            out.push_str(&format!("  \t... // {n} identical {what}\n"));
            continue;
        }
        let (name, o, n) = &fields[i];
        let key = format!("{name}:");
        if changed[i] {
            out.push_str(&format!("- \t{key:<width$} {o},\n"));
            out.push_str(&format!("+ \t{key:<width$} {n},\n"));
        } else {
            out.push_str(&format!("  \t{key:<width$} {o},\n"));
        }
        i += 1;
    }
    out.push_str("  }\n");
    out
}

fn cmp_opt_str(v: Option<&String>) -> String {
    v.map_or_else(|| "nil".to_string(), |s| format!("&{}", go_quote(s)))
}

fn cmp_quantity(q: &Quantity) -> String {
    let format = match ParsedQuantity::parse(&q.0).map(|p| p.format) {
        Some(QuantityFormat::BinarySI) => "BinarySI",
        Some(QuantityFormat::DecimalExponent) => "DecimalExponent",
        _ => "DecimalSI",
    };
    format!(
        "{{i: {{...}}, s: {}, Format: {}}}",
        go_quote(&q.0),
        go_quote(format)
    )
}

fn cmp_resource_list(l: Option<&BTreeMap<String, Quantity>>) -> Option<String> {
    let l = l.filter(|l| !l.is_empty())?;
    let parts: Vec<String> = l
        .iter()
        .map(|(k, q)| format!("s{}: {}", go_quote(k), cmp_quantity(q)))
        .collect();
    Some(format!("{{{}}}", parts.join(", ")))
}

fn cmp_pvc_spec_fields(s: &PersistentVolumeClaimSpec) -> Vec<(&'static str, String)> {
    let modes = s
        .access_modes
        .as_ref()
        .filter(|m| !m.is_empty())
        .map_or_else(
            || "nil".to_string(),
            |m| {
                let q: Vec<String> = m.iter().map(|x| go_quote(x)).collect();
                format!("{{{}}}", q.join(", "))
            },
        );
    let res = s.resources.clone().unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(l) = cmp_resource_list(res.limits.as_ref()) {
        parts.push(format!("Limits: {l}"));
    }
    if let Some(r) = cmp_resource_list(res.requests.as_ref()) {
        parts.push(format!("Requests: {r}"));
    }
    let ptr = |present: bool| if present { "&{...}" } else { "nil" }.to_string();
    vec![
        ("AccessModes", modes),
        ("Selector", ptr(s.selector.is_some())),
        ("Resources", format!("{{{}}}", parts.join(", "))),
        (
            "VolumeName",
            go_quote(s.volume_name.as_deref().unwrap_or("")),
        ),
        (
            "StorageClassName",
            cmp_opt_str(s.storage_class_name.as_ref()),
        ),
        ("VolumeMode", cmp_opt_str(s.volume_mode.as_ref())),
        ("DataSource", ptr(s.data_source.is_some())),
        ("DataSourceRef", ptr(s.data_source_ref.is_some())),
        (
            "VolumeAttributesClassName",
            cmp_opt_str(s.volume_attributes_class_name.as_ref()),
        ),
    ]
}

fn paired(
    old: Vec<(&'static str, String)>,
    new: Vec<(&'static str, String)>,
) -> Vec<(&'static str, String, String)> {
    old.into_iter()
        .zip(new)
        .map(|((n, o), (_, v))| (n, o, v))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// PersistentVolumeClaim
// ---------------------------------------------------------------------------------------------

/// `ValidatePersistentVolumeClaim`: metadata (a DNS subdomain name) and the spec.
pub(crate) fn validate_pvc(pvc: &PersistentVolumeClaim, errs: &mut Vec<FieldError>) {
    validate_pvc_with(pvc, false, errs);
}

/// [`validate_pvc`] with `allowInvalidAPIGroupInDataSourceOrRef` (set on update when the old
/// claim already named an API group in its data source or ref).
fn validate_pvc_with(
    pvc: &PersistentVolumeClaim,
    allow_any_group: bool,
    errs: &mut Vec<FieldError>,
) {
    validate_object_meta(&pvc.metadata, true, NameRule::Subdomain, "metadata", errs);
    validate_pvc_spec(
        &pvc.spec.clone().unwrap_or_default(),
        "spec",
        allow_any_group,
        errs,
    );
}

/// `validateDataSource` / `validateDataSourceRef`: the API group, unless any is allowed, is
/// a DNS subdomain.
fn validate_data_source_group(
    group: &str,
    allow_any: bool,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if !group.is_empty() && !allow_any {
        for m in is_dns1123_subdomain(group) {
            errs.push(FieldError::invalid(
                format!("{path}.apiGroup"),
                go_quote(group),
                m,
            ));
        }
    }
}

/// `validateAccessModes`-like loop shared by claims and volumes: unsupported values, and
/// ReadWriteOncePod mixed with another mode.
fn validate_access_modes(modes: &[String], path: &str, errs: &mut Vec<FieldError>) {
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        let supported = ACCESS_MODES.contains(&m.as_str());
        if !supported {
            errs.push(FieldError::not_supported(path, go_quote(m), &ACCESS_MODES));
        }
        if m == "ReadWriteOncePod" {
            rwop = true;
        } else if supported {
            other = true;
        }
    }
    if rwop && other {
        errs.push(FieldError::forbidden(
            path,
            "may not use ReadWriteOncePod with other access modes",
        ));
    }
}

/// `ValidatePositiveQuantityValue`: `Invalid value: "<canonical>": must be greater than zero`.
fn validate_positive_quantity(q: &Quantity, path: &str, errs: &mut Vec<FieldError>) -> bool {
    let Some(p) = ParsedQuantity::parse(&q.0) else {
        return true;
    };
    if !p.is_positive() {
        errs.push(FieldError::invalid(
            path,
            go_quote(&p.canonical()),
            NOT_POSITIVE,
        ));
        return false;
    }
    true
}

/// `ValidateClassName` (a DNS subdomain) of a non-empty class name.
fn validate_class_name(name: &str, path: &str, errs: &mut Vec<FieldError>) {
    for m in name_is_dns_subdomain(name, false) {
        errs.push(FieldError::invalid(path, go_quote(name), m));
    }
}

/// `ValidatePersistentVolumeClaimSpec` (v1.32), in upstream's order.
pub(crate) fn validate_pvc_spec(
    spec: &PersistentVolumeClaimSpec,
    path: &str,
    allow_any_group: bool,
    errs: &mut Vec<FieldError>,
) {
    let modes = spec.access_modes.as_deref().unwrap_or(&[]);
    let mp = format!("{path}.accessModes");
    if modes.is_empty() {
        errs.push(FieldError::required(
            &mp,
            "at least 1 access mode is required",
        ));
    }
    if let Some(sel) = &spec.selector {
        validate_label_selector(sel, &format!("{path}.selector"), errs);
    }
    validate_access_modes(modes, &mp, errs);
    let sp = format!("{path}.resources[storage]");
    match spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
    {
        None => errs.push(FieldError::required(&sp, "")),
        // ValidateResourceQuantityValue adds nothing for a positive storage quantity.
        Some(q) => {
            validate_positive_quantity(q, &sp, errs);
        }
    }
    if let Some(c) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        validate_class_name(c, &format!("{path}.storageClassName"), errs);
    }
    if let Some(m) = spec.volume_mode.as_deref()
        && !VOLUME_MODES.contains(&m)
    {
        errs.push(FieldError::not_supported(
            format!("{path}.volumeMode"),
            go_quote(m),
            &VOLUME_MODES,
        ));
    }
    // validateDataSource / validateDataSourceRef share these rules.
    let typed_ref = |name: &str, kind: &str, group: &str, dp: &str, errs: &mut Vec<FieldError>| {
        if name.is_empty() {
            errs.push(FieldError::required(format!("{dp}.name"), ""));
        }
        if kind.is_empty() {
            errs.push(FieldError::required(format!("{dp}.kind"), ""));
        }
        if group.is_empty() && kind != "PersistentVolumeClaim" {
            errs.push(FieldError::invalid(
                dp,
                go_quote(kind),
                "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
            ));
        }
        validate_data_source_group(group, allow_any_group, dp, errs);
    };
    if let Some(ds) = &spec.data_source {
        let dp = format!("{path}.dataSource");
        let group = ds.api_group.as_deref().unwrap_or("");
        typed_ref(&ds.name, &ds.kind, group, &dp, errs);
    }
    if let Some(dr) = &spec.data_source_ref {
        let dp = format!("{path}.dataSourceRef");
        let group = dr.api_group.as_deref().unwrap_or("");
        typed_ref(&dr.name, &dr.kind, group, &dp, errs);
        if let Some(ns) = dr.namespace.as_deref().filter(|n| !n.is_empty()) {
            for m in name_is_dns_label(ns, false) {
                errs.push(FieldError::invalid(
                    format!("{dp}.namespace"),
                    go_quote(ns),
                    m,
                ));
            }
        }
    }
    let ref_ns = spec
        .data_source_ref
        .as_ref()
        .and_then(|r| r.namespace.as_deref())
        .filter(|n| !n.is_empty());
    // field.Invalid(fldPath, fldPath.Child("dataSource"), …): the value is a *field.Path,
    // a fmt.Stringer.
    if ref_ns.is_some() {
        if spec.data_source.is_some() {
            errs.push(FieldError::invalid(
                path,
                format!("{path}.dataSource"),
                "may not be specified when dataSourceRef.namespace is specified",
            ));
        }
    } else if let (Some(ds), Some(dr)) = (&spec.data_source, &spec.data_source_ref)
        && !(ds.api_group == dr.api_group && ds.kind == dr.kind && ds.name == dr.name)
    {
        errs.push(FieldError::invalid(
            path,
            format!("{path}.dataSource"),
            "must match dataSourceRef",
        ));
    }
}

fn requested_storage(pvc: &PersistentVolumeClaim) -> Option<&Quantity> {
    pvc.spec
        .as_ref()
        .and_then(|s| s.resources.as_ref())
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
}

fn parsed_or_zero(q: Option<&Quantity>) -> ParsedQuantity {
    q.and_then(|q| ParsedQuantity::parse(&q.0))
        .unwrap_or_else(ParsedQuantity::zero)
}

/// `ValidatePersistentVolumeClaimUpdate` (after `ValidateObjectMetaUpdate`, run by the
/// caller): the claim rules on the new object, then a spec that is immutable except
/// `volumeName` (settable once), a storage class set from nil (or from the beta annotation),
/// the storage request of a Bound claim and `volumeAttributesClassName`.
///
/// Upstream appends a go-cmp `cmp.Diff` of the two specs to the immutable-spec message
/// (`…for bound claims\n<diff>`). go-cmp's output is deliberately unstable (random spacing),
/// so kubestep renders a diff of the same shape with [`cmp_struct_diff`] instead of a
/// byte-exact copy; the header line is exact.
pub(crate) fn validate_pvc_update(
    old: &PersistentVolumeClaim,
    new: &PersistentVolumeClaim,
    errs: &mut Vec<FieldError>,
) {
    let o = old.spec.clone().unwrap_or_default();
    let old_has_group = o
        .data_source
        .as_ref()
        .is_some_and(|d| d.api_group.is_some())
        || o.data_source_ref
            .as_ref()
            .is_some_and(|d| d.api_group.is_some());
    validate_pvc_with(new, old_has_group, errs);
    let n = new.spec.clone().unwrap_or_default();
    let mut old_clone = o.clone();
    let mut new_clone = n.clone();
    if o.volume_name.as_deref().unwrap_or("").is_empty() {
        old_clone.volume_name = new_clone.volume_name.clone();
    }
    let old_ann = old.metadata.annotations.clone().unwrap_or_default();
    let new_ann = new.metadata.annotations.clone().unwrap_or_default();
    let old_beta = old_ann.get(BETA_STORAGE_CLASS);
    let new_beta = new_ann.get(BETA_STORAGE_CLASS);
    // validateStorageClassUpgradeFromAnnotation
    let from_annotation = old_beta.is_some()
        && o.storage_class_name.is_none()
        && n.storage_class_name.is_some()
        && n.storage_class_name.as_ref() == old_beta
        && (new_beta.is_none() || new_beta == old_beta);
    if from_annotation {
        new_clone.storage_class_name = None;
    } else {
        // ValidateImmutableAnnotation: the path is Child("annotations", key).
        let (ov, nv) = (
            old_beta.map_or("", String::as_str),
            new_beta.map_or("", String::as_str),
        );
        if ov != nv {
            errs.push(FieldError::invalid(
                format!("metadata.annotations.{BETA_STORAGE_CLASS}"),
                go_quote(nv),
                FIELD_IMMUTABLE_ERROR_MSG,
            ));
        }
        // validateStorageClassUpgradeFromNil
        if n.storage_class_name.is_some()
            && o.storage_class_name.is_none()
            && (old_beta.is_none() || n.storage_class_name.as_ref() == old_beta)
        {
            new_clone.storage_class_name = old_clone.storage_class_name.clone();
        }
    }
    let bound = new.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Bound");
    if bound
        && let Some(req) = new_clone
            .resources
            .as_mut()
            .and_then(|r| r.requests.as_mut())
    {
        match requested_storage(old) {
            Some(q) => {
                req.insert("storage".into(), q.clone());
            }
            None => {
                req.insert("storage".into(), Quantity("0".into()));
            }
        }
    }
    new_clone.volume_attributes_class_name = old_clone.volume_attributes_class_name.clone();
    if !semantic_eq(&new_clone, &old_clone) {
        let diff = cmp_struct_diff(
            "core.PersistentVolumeClaimSpec",
            &paired(
                cmp_pvc_spec_fields(&old_clone),
                cmp_pvc_spec_fields(&new_clone),
            ),
        );
        errs.push(FieldError::forbidden(
            "spec",
            format!(
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n{diff}"
            ),
        ));
    }
    let old_size = parsed_or_zero(requested_storage(old));
    let new_size = parsed_or_zero(requested_storage(new));
    let status_size = parsed_or_zero(
        old.status
            .as_ref()
            .and_then(|s| s.capacity.as_ref())
            .and_then(|c| c.get("storage")),
    );
    // RecoverVolumeExpansionFailure (beta, on in 1.32): shrinking is refused only down to
    // the recorded capacity.
    if new_size.cmp_value(&old_size).is_lt() && new_size.cmp_value(&status_size).is_le() {
        errs.push(FieldError::forbidden(
            "spec.resources.requests.storage",
            "field can not be less than status.capacity",
        ));
    }
    if n.volume_mode != o.volume_mode {
        // ValidateImmutableField(new, old, field.NewPath("volumeMode")): the path has no
        // `spec.` prefix upstream.
        errs.push(FieldError::invalid(
            "volumeMode",
            n.volume_mode.as_deref().map_or("null".into(), go_quote),
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
    if n.volume_attributes_class_name != o.volume_attributes_class_name {
        errs.push(FieldError::forbidden(
            "spec.volumeAttributesClassName",
            "update is forbidden when the VolumeAttributesClass feature gate is disabled",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// PersistentVolume
// ---------------------------------------------------------------------------------------------

/// `ValidatePersistentVolume`: metadata (cluster-scoped, a DNS subdomain name) and
/// `ValidatePersistentVolumeSpec`.
pub(crate) fn validate_pv(pv: &PersistentVolume, errs: &mut Vec<FieldError>) {
    validate_object_meta(&pv.metadata, false, NameRule::Subdomain, "metadata", errs);
    validate_pv_spec(&pv.spec.clone().unwrap_or_default(), "spec", errs);
}

/// Go `%#v` of a `core.ResourceList`.
fn go_resource_list(l: Option<&BTreeMap<String, Quantity>>) -> String {
    match l {
        None => "core.ResourceList(nil)".to_string(),
        Some(l) => {
            let parts: Vec<String> = l
                .iter()
                .map(|(k, q)| {
                    let p = ParsedQuantity::parse(&q.0).unwrap_or_else(ParsedQuantity::zero);
                    format!("{}:{}", go_quote(k), go_quantity_struct(&p))
                })
                .collect();
            format!("core.ResourceList{{{}}}", parts.join(", "))
        }
    }
}

/// `validatePathNoBacksteps`.
fn validate_no_backsteps(p: &str, path: &str, errs: &mut Vec<FieldError>) {
    if p.split('/').any(|s| s == "..") {
        errs.push(FieldError::invalid(
            path,
            go_quote(p),
            "must not contain '..'",
        ));
    }
}

/// The volume sources of a PV in the order `ValidatePersistentVolumeSpec` checks them, with
/// the path of the "more than 1 volume type" error.
fn pv_sources(s: &PersistentVolumeSpec) -> Vec<(&'static str, bool)> {
    vec![
        ("hostPath", s.host_path.is_some()),
        ("gcePersistentDisk", s.gce_persistent_disk.is_some()),
        ("awsElasticBlockStore", s.aws_elastic_block_store.is_some()),
        ("glusterfs", s.glusterfs.is_some()),
        ("flocker", s.flocker.is_some()),
        ("nfs", s.nfs.is_some()),
        ("rbd", s.rbd.is_some()),
        ("quobyte", s.quobyte.is_some()),
        ("cephFS", s.cephfs.is_some()),
        ("iscsi", s.iscsi.is_some()),
        ("cinder", s.cinder.is_some()),
        ("fc", s.fc.is_some()),
        ("flexVolume", s.flex_volume.is_some()),
        ("azureFile", s.azure_file.is_some()),
        ("vsphereVolume", s.vsphere_volume.is_some()),
        ("photonPersistentDisk", s.photon_persistent_disk.is_some()),
        ("portworxVolume", s.portworx_volume.is_some()),
        ("azureDisk", s.azure_disk.is_some()),
        ("scaleIO", s.scale_io.is_some()),
        ("local", s.local.is_some()),
        ("storageos", s.storageos.is_some()),
        ("csi", s.csi.is_some()),
    ]
}

/// `ValidatePersistentVolumeSpec` (not inline), in upstream's order. Of the sources, the
/// hostPath, nfs, local and csi rules are modelled; the node affinity's contents are not
/// validated.
pub(crate) fn validate_pv_spec(
    spec: &PersistentVolumeSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let modes = spec.access_modes.as_deref().unwrap_or(&[]);
    let mp = format!("{path}.accessModes");
    if modes.is_empty() {
        errs.push(FieldError::required(&mp, ""));
    }
    validate_access_modes(modes, &mp, errs);
    let cp = format!("{path}.capacity");
    let cap = spec.capacity.as_ref();
    if cap.is_none_or(|c| c.is_empty()) {
        errs.push(FieldError::required(&cp, ""));
    }
    if cap.is_none_or(|c| !c.contains_key("storage") || c.len() > 1) {
        errs.push(FieldError::not_supported(
            &cp,
            go_resource_list(cap),
            &["storage"],
        ));
    }
    for (r, q) in cap.into_iter().flatten() {
        let kp = format!("{cp}[{r}]");
        if let Some(p) = ParsedQuantity::parse(&q.0) {
            // validateBasicResource
            if p.value() < 0 {
                errs.push(FieldError::invalid(
                    &kp,
                    p.value().to_string(),
                    "must be a valid resource quantity",
                ));
            }
        }
        validate_positive_quantity(q, &kp, errs);
    }
    let policy = spec
        .persistent_volume_reclaim_policy
        .as_deref()
        .unwrap_or("");
    if !policy.is_empty() && !["Delete", "Recycle", "Retain"].contains(&policy) {
        errs.push(FieldError::not_supported(
            format!("{path}.persistentVolumeReclaimPolicy"),
            go_quote(policy),
            &["Delete", "Recycle", "Retain"],
        ));
    }
    let mut num = 0;
    for (name, present) in pv_sources(spec) {
        if !present {
            continue;
        }
        // FlexVolume is counted without the "more than 1" check.
        if num > 0 && name != "flexVolume" {
            errs.push(FieldError::forbidden(
                format!("{path}.{name}"),
                "may not specify more than 1 volume type",
            ));
            continue;
        }
        num += 1;
        match name {
            "hostPath" => {
                let h = spec.host_path.as_ref().expect("present");
                let pp = format!("{path}.hostPath.path");
                if h.path.is_empty() {
                    errs.push(FieldError::required(pp, ""));
                } else {
                    validate_no_backsteps(&h.path, &pp, errs);
                    const TYPES: [&str; 8] = [
                        "",
                        "BlockDevice",
                        "CharDevice",
                        "Directory",
                        "DirectoryOrCreate",
                        "File",
                        "FileOrCreate",
                        "Socket",
                    ];
                    if let Some(t) = h.type_.as_deref()
                        && !TYPES.contains(&t)
                    {
                        errs.push(FieldError::not_supported(
                            format!("{path}.hostPath.type"),
                            go_quote(t),
                            &TYPES,
                        ));
                    }
                }
            }
            "nfs" => {
                let n = spec.nfs.as_ref().expect("present");
                if n.server.is_empty() {
                    errs.push(FieldError::required(format!("{path}.nfs.server"), ""));
                }
                if n.path.is_empty() {
                    errs.push(FieldError::required(format!("{path}.nfs.path"), ""));
                }
                if !n.path.starts_with('/') {
                    errs.push(FieldError::invalid(
                        format!("{path}.nfs.path"),
                        go_quote(&n.path),
                        "must be an absolute path",
                    ));
                }
            }
            "local" => {
                let l = spec.local.as_ref().expect("present");
                let pp = format!("{path}.local.path");
                if l.path.is_empty() {
                    errs.push(FieldError::required(pp, ""));
                } else {
                    validate_no_backsteps(&l.path, &pp, errs);
                }
                let affinity = spec
                    .node_affinity
                    .as_ref()
                    .is_some_and(|a| a.required.is_some());
                if !affinity {
                    errs.push(FieldError::required(
                        format!("{path}.nodeAffinity"),
                        "Local volume requires node affinity",
                    ));
                }
            }
            "csi" => {
                let c = spec.csi.as_ref().expect("present");
                if c.driver.is_empty() {
                    errs.push(FieldError::required(format!("{path}.csi.driver"), ""));
                }
                if c.volume_handle.is_empty() {
                    errs.push(FieldError::required(format!("{path}.csi.volumeHandle"), ""));
                }
            }
            _ => {}
        }
    }
    if num == 0 {
        errs.push(FieldError::required(path, "must specify a volume type"));
    }
    if let Some(h) = &spec.host_path
        && clean_is_root(&h.path)
        && policy == "Recycle"
    {
        errs.push(FieldError::forbidden(
            format!("{path}.persistentVolumeReclaimPolicy"),
            "may not be 'recycle' for a hostPath mount of '/'",
        ));
    }
    if let Some(c) = spec.storage_class_name.as_deref().filter(|c| !c.is_empty()) {
        validate_class_name(c, &format!("{path}.storageClassName"), errs);
    }
    if let Some(m) = spec.volume_mode.as_deref()
        && !VOLUME_MODES.contains(&m)
    {
        errs.push(FieldError::not_supported(
            format!("{path}.volumeMode"),
            go_quote(m),
            &VOLUME_MODES,
        ));
    }
}

/// `path.Clean(p) == "/"`.
fn clean_is_root(p: &str) -> bool {
    p.starts_with('/') && p.split('/').all(|s| s.is_empty() || s == "." || s == "..")
}

/// The `core.PersistentVolumeSource` fields (declaration order) for the immutable-source
/// diff; only hostPath and local are rendered in full.
fn cmp_pv_source_fields(s: &PersistentVolumeSpec) -> Vec<(&'static str, String)> {
    let ptr = |present: bool| if present { "&{...}" } else { "nil" }.to_string();
    let host = s.host_path.as_ref().map_or_else(
        || "nil".to_string(),
        |h| {
            format!(
                "&{{Path: {}, Type: {}}}",
                go_quote(&h.path),
                cmp_opt_str(h.type_.as_ref())
            )
        },
    );
    let local = s.local.as_ref().map_or_else(
        || "nil".to_string(),
        |l| {
            format!(
                "&{{Path: {}, FSType: {}}}",
                go_quote(&l.path),
                cmp_opt_str(l.fs_type.as_ref())
            )
        },
    );
    vec![
        ("GCEPersistentDisk", ptr(s.gce_persistent_disk.is_some())),
        (
            "AWSElasticBlockStore",
            ptr(s.aws_elastic_block_store.is_some()),
        ),
        ("HostPath", host),
        ("Glusterfs", ptr(s.glusterfs.is_some())),
        ("NFS", ptr(s.nfs.is_some())),
        ("RBD", ptr(s.rbd.is_some())),
        ("Quobyte", ptr(s.quobyte.is_some())),
        ("ISCSI", ptr(s.iscsi.is_some())),
        ("FlexVolume", ptr(s.flex_volume.is_some())),
        ("Cinder", ptr(s.cinder.is_some())),
        ("CephFS", ptr(s.cephfs.is_some())),
        ("FC", ptr(s.fc.is_some())),
        ("Flocker", ptr(s.flocker.is_some())),
        ("AzureFile", ptr(s.azure_file.is_some())),
        ("VsphereVolume", ptr(s.vsphere_volume.is_some())),
        ("AzureDisk", ptr(s.azure_disk.is_some())),
        (
            "PhotonPersistentDisk",
            ptr(s.photon_persistent_disk.is_some()),
        ),
        ("PortworxVolume", ptr(s.portworx_volume.is_some())),
        ("ScaleIO", ptr(s.scale_io.is_some())),
        ("Local", local),
        ("StorageOS", ptr(s.storageos.is_some())),
        ("CSI", ptr(s.csi.is_some())),
    ]
}

/// Only the volume-source fields of a PV spec.
fn pv_source_only(s: &PersistentVolumeSpec) -> PersistentVolumeSpec {
    PersistentVolumeSpec {
        access_modes: None,
        capacity: None,
        claim_ref: None,
        mount_options: None,
        node_affinity: None,
        persistent_volume_reclaim_policy: None,
        storage_class_name: None,
        volume_attributes_class_name: None,
        volume_mode: None,
        ..s.clone()
    }
}

/// `ValidatePersistentVolumeUpdate` (after `ValidateObjectMetaUpdate`): the volume rules on
/// the new object; the source, `volumeMode` and a set node affinity are immutable; the
/// volume attributes class may not change (gate off). The source diff is go-cmp shaped, as
/// for claims.
pub(crate) fn validate_pv_update(
    old: &PersistentVolume,
    new: &PersistentVolume,
    errs: &mut Vec<FieldError>,
) {
    validate_pv(new, errs);
    let o = old.spec.clone().unwrap_or_default();
    let n = new.spec.clone().unwrap_or_default();
    let mut n_src = pv_source_only(&n);
    // A CSI controllerExpandSecretRef may be set once.
    if let (Some(oc), Some(nc)) = (&o.csi, n_src.csi.as_mut())
        && oc.controller_expand_secret_ref.is_none()
    {
        nc.controller_expand_secret_ref = None;
    }
    if !semantic_eq(&n_src, &pv_source_only(&o)) {
        let diff = cmp_struct_diff(
            "core.PersistentVolumeSource",
            &paired(cmp_pv_source_fields(&o), cmp_pv_source_fields(&n_src)),
        );
        errs.push(FieldError::forbidden(
            "spec.persistentvolumesource",
            format!("spec.persistentvolumesource is immutable after creation\n{diff}"),
        ));
    }
    if n.volume_mode != o.volume_mode {
        errs.push(FieldError::invalid(
            "volumeMode",
            n.volume_mode.as_deref().map_or("null".into(), go_quote),
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
    if o.node_affinity.is_some() && !semantic_eq(&n.node_affinity, &o.node_affinity) {
        let v = match &n.node_affinity {
            None => "null".to_string(),
            Some(a) => format!(
                "core.VolumeNodeAffinity{{Required:{}}}",
                if a.required.is_some() {
                    "(*core.NodeSelector)(0xc000000000)"
                } else {
                    "(*core.NodeSelector)(nil)"
                }
            ),
        };
        errs.push(FieldError::invalid(
            "nodeAffinity",
            v,
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
    if n.volume_attributes_class_name != o.volume_attributes_class_name {
        errs.push(FieldError::forbidden(
            "spec.volumeAttributesClassName",
            "update is forbidden when the VolumeAttributesClass feature gate is disabled",
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// StorageClass (`pkg/apis/storage/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

/// `maxProvisionerParameterLen` / `maxProvisionerParameterSize`.
const MAX_PARAMETERS: usize = 512;
const MAX_PARAMETERS_SIZE: usize = 256 * 1024;

/// `field.TooLong(path, "", max)` as apimachinery v0.32 words it.
fn too_long_v132(path: &str, max: usize) -> FieldError {
    FieldError {
        kind: ErrorType::TooLong,
        field: path.to_string(),
        value: None,
        detail: format!("may not be more than {max} bytes"),
    }
}

/// `ValidateStorageClass`: metadata (cluster-scoped, a DNS subdomain name), the
/// provisioner (required, a qualified name once lower-cased), the parameters, the reclaim
/// policy (`Delete` or `Retain`) and the binding mode.
pub(crate) fn validate_storage_class(sc: &StorageClass, errs: &mut Vec<FieldError>) {
    validate_object_meta(&sc.metadata, false, NameRule::Subdomain, "metadata", errs);
    if sc.provisioner.is_empty() {
        errs.push(FieldError::required("provisioner", ""));
    } else {
        let lower = sc.provisioner.to_lowercase();
        for m in is_qualified_name(&lower) {
            errs.push(FieldError::invalid("provisioner", go_quote(&lower), m));
        }
    }
    // validateParameters(params, allowEmpty=true)
    let params = sc.parameters.clone().unwrap_or_default();
    if params.len() > MAX_PARAMETERS {
        errs.push(too_long_v132("parameters", MAX_PARAMETERS));
    } else {
        let mut total = 0usize;
        for (k, v) in &params {
            if k.is_empty() {
                errs.push(FieldError::invalid(
                    "parameters",
                    go_quote(k),
                    "field can not be empty.",
                ));
            }
            total += k.len() + v.len();
        }
        if total > MAX_PARAMETERS_SIZE {
            errs.push(too_long_v132("parameters", MAX_PARAMETERS_SIZE));
        }
    }
    let rp = sc.reclaim_policy.as_deref().unwrap_or("");
    if !rp.is_empty() && rp != "Delete" && rp != "Retain" {
        errs.push(FieldError::not_supported(
            "reclaimPolicy",
            go_quote(rp),
            &["Delete", "Retain"],
        ));
    }
    match sc.volume_binding_mode.as_deref() {
        None => errs.push(FieldError::required("volumeBindingMode", "")),
        Some("Immediate" | "WaitForFirstConsumer") => {}
        Some(m) => errs.push(FieldError::not_supported(
            "volumeBindingMode",
            go_quote(m),
            &["Immediate", "WaitForFirstConsumer"],
        )),
    }
}

/// `ValidateStorageClass` + `ValidateStorageClassUpdate` (after `ValidateObjectMetaUpdate`):
/// parameters, provisioner, reclaim policy and binding mode are immutable.
pub(crate) fn validate_storage_class_update(
    old: &StorageClass,
    new: &StorageClass,
    errs: &mut Vec<FieldError>,
) {
    validate_storage_class(new, errs);
    // reflect.DeepEqual: a nil map and an empty one differ.
    if old.parameters != new.parameters {
        errs.push(FieldError::forbidden(
            "parameters",
            "updates to parameters are forbidden.",
        ));
    }
    if old.provisioner != new.provisioner {
        errs.push(FieldError::forbidden(
            "provisioner",
            "updates to provisioner are forbidden.",
        ));
    }
    if old.reclaim_policy.as_deref().unwrap_or("") != new.reclaim_policy.as_deref().unwrap_or("") {
        errs.push(FieldError::forbidden(
            "reclaimPolicy",
            "updates to reclaimPolicy are forbidden.",
        ));
    }
    if old.volume_binding_mode != new.volume_binding_mode {
        errs.push(FieldError::invalid(
            "volumeBindingMode",
            new.volume_binding_mode
                .as_deref()
                .map_or("null".into(), go_quote),
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::apiserver::decode::decode_strict;
    use crate::apiserver::defaults::default_object;
    use crate::apiserver::validation::{
        FieldError, kubectl_invalid_message, validate_create, validate_update,
    };
    use crate::object::{Kind, Object};
    use serde_json::{Value, json};

    fn build(kind: Kind, v: Value) -> Object {
        let mut o = decode_strict(kind, &v).expect("decodes");
        default_object(&mut o);
        o
    }

    fn claim(patch: impl FnOnce(&mut Value)) -> Object {
        let mut v = json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data", "namespace": "default"},
            "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                     "resources": {"requests": {"storage": "1Gi"}}}
        });
        patch(&mut v);
        build(Kind::PersistentVolumeClaim, v)
    }

    fn strings(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn claim_create_rules_produce_the_upstream_texts() {
        type Patch = Box<dyn Fn(&mut Value)>;
        let rows: Vec<(&str, Patch, Vec<&str>)> = vec![
            ("valid", Box::new(|_| {}), vec![]),
            (
                "missing access modes",
                Box::new(|v| {
                    v["spec"].as_object_mut().unwrap().remove("accessModes");
                }),
                vec!["spec.accessModes: Required value: at least 1 access mode is required"],
            ),
            (
                "missing storage request",
                Box::new(|v| {
                    v["spec"].as_object_mut().unwrap().remove("resources");
                }),
                vec!["spec.resources[storage]: Required value"],
            ),
            (
                "zero storage request",
                Box::new(|v| v["spec"]["resources"]["requests"]["storage"] = json!("0")),
                vec!["spec.resources[storage]: Invalid value: \"0\": must be greater than zero"],
            ),
            (
                "unknown access mode",
                Box::new(|v| v["spec"]["accessModes"] = json!(["ReadWriteSometimes"])),
                vec![
                    "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                ],
            ),
            (
                "RWOP with another mode",
                Box::new(|v| {
                    v["spec"]["accessModes"] = json!(["ReadWriteOncePod", "ReadWriteOnce"])
                }),
                vec![
                    "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
                ],
            ),
            (
                "bad class name",
                Box::new(|v| v["spec"]["storageClassName"] = json!("Fast_SSD")),
                vec![
                    "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                ],
            ),
            (
                "data source of another kind without a group",
                Box::new(|v| {
                    v["spec"]["dataSource"] = json!({"kind": "VolumeSnapshot", "name": "s"})
                }),
                vec![
                    "spec.dataSource: Invalid value: \"VolumeSnapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
                ],
            ),
            (
                "bad volume mode",
                Box::new(|v| v["spec"]["volumeMode"] = json!("Raw")),
                vec![
                    "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\"",
                ],
            ),
        ];
        for (name, patch, want) in rows {
            let got = strings(&validate_create(&claim(|v| patch(v))));
            assert_eq!(got, want, "row {name:?}");
        }
        // storage-spec §5.1: the kubectl rendering of both missing fields.
        let bare = claim(|v| v["spec"] = json!({}));
        assert_eq!(
            kubectl_invalid_message(Kind::PersistentVolumeClaim, "data", &validate_create(&bare)),
            "The PersistentVolumeClaim \"data\" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is required\n* spec.resources[storage]: Required value"
        );
    }

    #[test]
    fn claim_specs_are_immutable_except_volume_name_and_bound_requests() {
        let old = claim(|_| {});
        // The PV controller binds: volumeName may be set once.
        let bound = claim(|v| {
            v["spec"]["volumeName"] = json!("pvc-1");
            v["status"] = json!({"phase": "Bound"});
        });
        assert_eq!(
            strings(&validate_update(&old, &bound)),
            Vec::<String>::new()
        );
        // A bound claim may grow.
        let grown = claim(|v| {
            v["spec"]["volumeName"] = json!("pvc-1");
            v["spec"]["resources"]["requests"]["storage"] = json!("2Gi");
            v["status"] = json!({"phase": "Bound", "capacity": {"storage": "1Gi"}});
        });
        assert_eq!(
            strings(&validate_update(&bound, &grown)),
            Vec::<String>::new()
        );
        // Changing the class is refused with the exact header; the diff follows it.
        let other = claim(|v| v["spec"]["storageClassName"] = json!("fast"));
        let errs = strings(&validate_update(&old, &other));
        assert_eq!(errs.len(), 1, "{errs:?}");
        let (head, diff) = errs[0].split_once('\n').expect("a diff follows");
        assert_eq!(
            head,
            "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"
        );
        assert!(
            diff.starts_with("  core.PersistentVolumeClaimSpec{\n"),
            "{diff}"
        );
        assert!(
            diff.contains("- \tStorageClassName: &\"standard\",\n"),
            "{diff}"
        );
        assert!(
            diff.contains("+ \tStorageClassName: &\"fast\",\n"),
            "{diff}"
        );
        assert!(diff.contains("  \t... // 2 identical fields\n"), "{diff}");
        // Shrinking a bound claim below its capacity.
        let shrunk = claim(|v| {
            v["spec"]["volumeName"] = json!("pvc-1");
            v["spec"]["resources"]["requests"]["storage"] = json!("512Mi");
            v["status"] = json!({"phase": "Bound", "capacity": {"storage": "1Gi"}});
        });
        let old_bound = claim(|v| {
            v["spec"]["volumeName"] = json!("pvc-1");
            v["status"] = json!({"phase": "Bound", "capacity": {"storage": "1Gi"}});
        });
        assert_eq!(
            strings(&validate_update(&old_bound, &shrunk)),
            vec![
                "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"
            ]
        );
    }

    fn volume(patch: impl FnOnce(&mut Value)) -> Object {
        let mut v = json!({
            "apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": "pv-1"},
            "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                     "hostPath": {"path": "/data/pv-1", "type": "DirectoryOrCreate"}}
        });
        patch(&mut v);
        build(Kind::PersistentVolume, v)
    }

    #[test]
    fn volume_rules_produce_the_upstream_texts() {
        type Patch = Box<dyn Fn(&mut Value)>;
        let rows: Vec<(&str, Patch, Vec<&str>)> = vec![
            ("valid", Box::new(|_| {}), vec![]),
            (
                "no capacity, no modes, no source",
                Box::new(|v| v["spec"] = json!({})),
                vec![
                    "spec.accessModes: Required value",
                    "spec.capacity: Required value",
                    "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
                    "spec: Required value: must specify a volume type",
                ],
            ),
            (
                "two sources",
                Box::new(|v| v["spec"]["nfs"] = json!({"server": "nfs", "path": "/x"})),
                vec!["spec.nfs: Forbidden: may not specify more than 1 volume type"],
            ),
            (
                "bad reclaim policy",
                Box::new(|v| v["spec"]["persistentVolumeReclaimPolicy"] = json!("Keep")),
                vec![
                    "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"",
                ],
            ),
            (
                "namespaced",
                Box::new(|v| v["metadata"]["namespace"] = json!("default")),
                vec!["metadata.namespace: Forbidden: not allowed on this type"],
            ),
        ];
        for (name, patch, want) in rows {
            let got = strings(&validate_create(&volume(|v| patch(v))));
            assert_eq!(got, want, "row {name:?}");
        }
        // Binding (claimRef, phase) is an allowed update; the source is not.
        let old = volume(|_| {});
        let bound = volume(|v| {
            v["spec"]["claimRef"] = json!({"namespace": "default", "name": "data"});
            v["status"] = json!({"phase": "Bound"});
        });
        assert_eq!(
            strings(&validate_update(&old, &bound)),
            Vec::<String>::new()
        );
        let moved = volume(|v| v["spec"]["hostPath"]["path"] = json!("/data/elsewhere"));
        let errs = strings(&validate_update(&old, &moved));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].starts_with(
            "spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n"
        ));
    }

    fn class(patch: impl FnOnce(&mut Value)) -> Object {
        let mut v = json!({
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "standard"},
            "provisioner": "rancher.io/local-path",
            "volumeBindingMode": "WaitForFirstConsumer"
        });
        patch(&mut v);
        build(Kind::StorageClass, v)
    }

    #[test]
    fn storage_class_rules_produce_the_upstream_texts() {
        assert_eq!(
            strings(&validate_create(&class(|_| {}))),
            Vec::<String>::new()
        );
        assert_eq!(
            strings(&validate_create(&class(|v| {
                v["provisioner"] = json!("");
                v["reclaimPolicy"] = json!("Recycle");
                v["volumeBindingMode"] = json!("Later");
            }))),
            vec![
                "provisioner: Required value",
                "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
                "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"",
            ]
        );
        let old = class(|_| {});
        let new = class(|v| {
            v["provisioner"] = json!("example.com/other");
            v["parameters"] = json!({"type": "ssd"});
            v["reclaimPolicy"] = json!("Retain");
            v["volumeBindingMode"] = json!("Immediate");
        });
        assert_eq!(
            strings(&validate_update(&old, &new)),
            vec![
                "parameters: Forbidden: updates to parameters are forbidden.",
                "provisioner: Forbidden: updates to provisioner are forbidden.",
                "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
                "volumeBindingMode: Invalid value: \"Immediate\": field is immutable",
            ]
        );
        // Annotations (the default-class marker) may change.
        let marked = class(|v| {
            v["metadata"]["annotations"] =
                json!({"storageclass.kubernetes.io/is-default-class": "true"})
        });
        assert_eq!(
            strings(&validate_update(&old, &marked)),
            Vec::<String>::new()
        );
    }
}

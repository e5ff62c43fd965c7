//! API validation: the field errors the API server returns as 422 Invalid, with the exact
//! upstream texts, plus resource quantity parsing shared with the engine and scheduler.
//!
//! Mirrors `pkg/apis/apps/validation/validation.go`, `pkg/apis/core/validation/validation.go`,
//! `staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go`,
//! `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go` and
//! `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` (v1.32).
//!
//! Validation runs on *defaulted* objects (as upstream: decode → default → admit → validate);
//! fields that are still `None` are treated as Go zero values.
//!
//! Bad values are rendered as kube-apiserver v1.32 renders them (`field/errors.go`
//! `ErrorBody`): pointers dereferenced, ints plain, strings Go-quoted, other types with Go
//! `%#v` (e.g. `map[string]string{"app":"web"}`,
//! `intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}`). v1.34+ renders JSON instead.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, ReplicaSet, ReplicaSetSpec};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, Namespace, Node, Pod, PodSpec, PodTemplateSpec, Probe,
    ResourceRequirements, Toleration, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::object::{Kind, Object};
pub use crate::quantity::{
    ParsedQuantity, QUANTITY_FORMAT_ERROR, QuantityFormat, canonical_resource_quantity,
    parse_quantity, parse_quantity_bytes, parse_quantity_millis,
};

// ---------------------------------------------------------------------------------------------
// Field errors (`apimachinery/pkg/util/validation/field/errors.go`)
// ---------------------------------------------------------------------------------------------

/// Machine-readable error type of a [`FieldError`] (upstream `field.ErrorType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorType {
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}

impl ErrorType {
    /// Human text (`ErrorType.String()`): `Invalid value`, `Required value`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
            ErrorType::TypeInvalid => "Invalid value",
        }
    }

    /// The `StatusCause.reason` the API server puts in `details.causes`
    /// (`FieldValueInvalid`, `FieldValueRequired`, …).
    pub fn cause_type(self) -> &'static str {
        match self {
            ErrorType::NotFound => "FieldValueNotFound",
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::TooLong => "FieldValueTooLong",
            ErrorType::TooMany => "FieldValueTooMany",
            ErrorType::Internal => "InternalError",
            ErrorType::TypeInvalid => "FieldValueTypeInvalid",
        }
    }
}

/// One validation error. `value` is already rendered the Go way (`-1`, `"My_App"`,
/// `map[string]string{"app":"web"}`); `None` means "omit the value".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub kind: ErrorType,
    pub field: String,
    pub value: Option<String>,
    pub detail: String,
}

impl FieldError {
    /// `field.Required(path, detail)`.
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError {
            kind: ErrorType::Required,
            field: field.into(),
            value: None,
            detail: detail.into(),
        }
    }
    /// `field.Forbidden(path, detail)`.
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError {
            kind: ErrorType::Forbidden,
            field: field.into(),
            value: None,
            detail: detail.into(),
        }
    }
    /// `field.Invalid(path, value, detail)` with an already rendered value.
    pub fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        detail: impl Into<String>,
    ) -> FieldError {
        FieldError {
            kind: ErrorType::Invalid,
            field: field.into(),
            value: Some(value.into()),
            detail: detail.into(),
        }
    }
    /// `field.Duplicate(path, value)`.
    pub fn duplicate(field: impl Into<String>, value: impl Into<String>) -> FieldError {
        FieldError {
            kind: ErrorType::Duplicate,
            field: field.into(),
            value: Some(value.into()),
            detail: String::new(),
        }
    }
    /// `field.NotFound(path, value)`.
    pub fn not_found(field: impl Into<String>, value: impl Into<String>) -> FieldError {
        FieldError {
            kind: ErrorType::NotFound,
            field: field.into(),
            value: Some(value.into()),
            detail: String::new(),
        }
    }
    /// `field.NotSupported(path, value, valid)`: detail `supported values: "A", "B"`.
    pub fn not_supported(
        field: impl Into<String>,
        value: impl Into<String>,
        valid: &[&str],
    ) -> FieldError {
        let detail = if valid.is_empty() {
            String::new()
        } else {
            let q: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
            format!("supported values: {}", q.join(", "))
        };
        FieldError {
            kind: ErrorType::NotSupported,
            field: field.into(),
            value: Some(value.into()),
            detail,
        }
    }
    /// `field.TooLong(path, value, max)`: `Too long: must have at most N bytes`.
    pub fn too_long(field: impl Into<String>, max: i64) -> FieldError {
        FieldError {
            kind: ErrorType::TooLong,
            field: field.into(),
            value: None,
            detail: format!("must have at most {max} bytes"),
        }
    }

    /// The message without the field (`ErrorBody`), e.g.
    /// `Invalid value: -1: must be greater than or equal to 0`. This is the text that goes
    /// into a `StatusCause.message`.
    pub fn body(&self) -> String {
        let mut s = match (self.kind, &self.value) {
            (
                ErrorType::Required
                | ErrorType::Forbidden
                | ErrorType::TooLong
                | ErrorType::Internal,
                _,
            ) => self.kind.as_str().to_string(),
            (_, None) => self.kind.as_str().to_string(),
            (_, Some(v)) => format!("{}: {}", self.kind.as_str(), v),
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldError {
    /// `field.Error.Error()`: `<field>: <ErrorBody>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

/// What kubectl prints for a 422 Invalid response (`kubectl/pkg/cmd/util/helpers.go`
/// `checkErr` + `MultilineError`): `The <Kind> "<name>" is invalid: <cause>` for one cause,
/// or the prefix line (ending in `": "`) followed by one `* <cause>` line per cause.
/// Causes are de-duplicated by text, as `statusCausesToAggrError` does. No trailing newline.
pub fn kubectl_invalid_message(kind: Kind, name: &str, errs: &[FieldError]) -> String {
    let prefix = format!("The {} {} is invalid", kind.name(), go_quote(name));
    let causes = dedup(errs.iter().map(|e| e.to_string()));
    match causes.len() {
        0 => prefix,
        1 => format!("{prefix}: {}", causes[0]),
        _ => {
            let mut s = format!("{prefix}: ");
            for c in &causes {
                s.push_str("\n* ");
                s.push_str(c);
            }
            s
        }
    }
}

/// The raw API `Status.message` of a 422 (`apierrors.NewInvalid`), as client libraries see it:
/// `Deployment.apps "web" is invalid: [a, b]` (one error: no brackets).
pub fn api_invalid_message(kind: Kind, name: &str, errs: &[FieldError]) -> String {
    let gk = match kind.group() {
        "" => kind.name().to_string(),
        g => format!("{}.{}", kind.name(), g),
    };
    let msgs = dedup(errs.iter().map(|e| e.to_string()));
    match msgs.len() {
        0 => format!("{gk} {} is invalid", go_quote(name)),
        1 => format!("{gk} {} is invalid: {}", go_quote(name), msgs[0]),
        _ => format!("{gk} {} is invalid: [{}]", go_quote(name), msgs.join(", ")),
    }
}

fn dedup(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in it {
        if seen.insert(s.clone()) {
            out.push(s);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Go value rendering (fmt %q / %#v as used by ErrorBody in v1.32)
// ---------------------------------------------------------------------------------------------

/// Go `strconv.Quote` / `%q`: double-quoted with Go escapes.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => {
                let v = c as u32;
                if v <= 0xffff {
                    out.push_str(&format!("\\u{v:04x}"));
                } else {
                    out.push_str(&format!("\\U{v:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go `%#v` of a `map[string]string` (keys sorted, as fmt prints maps):
/// `map[string]string{"a":"b", "c":"d"}`, nil → `map[string]string(nil)`.
pub fn go_map_string(m: Option<&BTreeMap<String, String>>) -> String {
    match m {
        None => "map[string]string(nil)".to_string(),
        Some(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v)))
                .collect();
            format!("map[string]string{{{}}}", parts.join(", "))
        }
    }
}

fn go_string_slice(v: Option<&Vec<String>>) -> String {
    match v {
        None => "[]string(nil)".to_string(),
        Some(v) => {
            let parts: Vec<String> = v.iter().map(|s| go_quote(s)).collect();
            format!("[]string{{{}}}", parts.join(", "))
        }
    }
}

/// Go `%#v` of a `metav1.LabelSelector` value, e.g.
/// `v1.LabelSelector{MatchLabels:map[string]string{"app":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
pub fn go_label_selector(sel: &LabelSelector) -> String {
    let exprs = match &sel.match_expressions {
        None => "[]v1.LabelSelectorRequirement(nil)".to_string(),
        Some(list) => {
            let parts: Vec<String> = list
                .iter()
                .map(|r| {
                    format!(
                        "v1.LabelSelectorRequirement{{Key:{}, Operator:{}, Values:{}}}",
                        go_quote(&r.key),
                        go_quote(&r.operator),
                        go_string_slice(r.values.as_ref())
                    )
                })
                .collect();
            format!("[]v1.LabelSelectorRequirement{{{}}}", parts.join(", "))
        }
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{}, MatchExpressions:{}}}",
        go_map_string(sel.match_labels.as_ref()),
        exprs
    )
}

/// Go `%#v` of an `intstr.IntOrString` value: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`.
pub fn go_int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => format!("intstr.IntOrString{{Type:0, IntVal:{i}, StrVal:\"\"}}"),
        IntOrString::String(s) => {
            format!(
                "intstr.IntOrString{{Type:1, IntVal:0, StrVal:{}}}",
                go_quote(s)
            )
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Name / label syntax (`apimachinery/pkg/util/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const PERCENT_FMT: &str = "[0-9]+%";
const PERCENT_ERR: &str =
    "a valid percent string must be a numeric string followed by an ending '%'";

/// `IsNegativeErrorMsg`.
pub const IS_NEGATIVE_ERROR_MSG: &str = "must be greater than or equal to 0";
/// `FieldImmutableErrorMsg`.
pub const FIELD_IMMUTABLE_ERROR_MSG: &str = "field is immutable";

/// `RegexError(msg, fmt, examples...)` — note the upstream double space before `or`.
fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut s = format!("{msg} (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push('\'');
        s.push_str(e);
        s.push_str("', ");
    }
    s.push_str(&format!("regex used for validation is '{fmt}')"));
    s
}

fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} characters")
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn matches_dns_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_lower_alnum(b[0])
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
}

fn matches_dns_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(matches_dns_label)
}

fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.')
}

/// `IsDNS1123Label`: error strings, empty when valid.
pub fn is_dns1123_label(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !matches_dns_label(v) {
        if matches_dns_subdomain(v) {
            // A valid subdomain that is not a label (upstream since v1.27, PR #114412).
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// `IsDNS1123Subdomain`: error strings, empty when valid.
pub fn is_dns1123_subdomain(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !matches_dns_subdomain(v) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// `IsQualifiedName` (label keys, annotation keys): error strings, empty when valid.
pub fn is_qualified_name(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = v.split('/').collect();
    let name = match parts.len() {
        1 => parts[0],
        2 => {
            let prefix = parts[0];
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                for m in is_dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {m}"));
                }
            }
            parts[1]
        }
        _ => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push(format!("name part {}", max_len_error(63)));
    }
    if !matches_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_ERR,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `IsValidLabelValue`: error strings, empty when valid.
pub fn is_valid_label_value(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    if !v.is_empty() && !matches_qualified_name_part(v) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

fn is_valid_percent(v: &str) -> Vec<String> {
    let ok =
        v.len() >= 2 && v.ends_with('%') && v[..v.len() - 1].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Vec::new()
    } else {
        vec![regex_error(PERCENT_ERR, PERCENT_FMT, &["1%", "93%"])]
    }
}

pub(crate) fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

pub(crate) fn is_valid_port_name(p: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if p.len() > 15 {
        errs.push(max_len_error(15));
    }
    if p.is_empty() || !p.bytes().all(|b| is_lower_alnum(b) || b == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !p.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if p.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if p.starts_with('-') || p.ends_with('-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

/// `NameIsDNSSubdomain(name, prefix)`.
fn name_is_dns_subdomain(name: &str, prefix: bool) -> Vec<String> {
    is_dns1123_subdomain(&mask_trailing_dash(name, prefix))
}

/// `NameIsDNSLabel(name, prefix)` (namespaces).
fn name_is_dns_label(name: &str, prefix: bool) -> Vec<String> {
    is_dns1123_label(&mask_trailing_dash(name, prefix))
}

fn mask_trailing_dash(name: &str, prefix: bool) -> String {
    if prefix && name.len() > 1 && name.ends_with('-') {
        format!("{}a", &name[..name.len() - 1])
    } else {
        name.to_string()
    }
}

/// Go `%#v` of a `resource.Quantity` value (used where upstream passes the struct itself).
/// Approximate: the internal `int64Amount` is shown in kubestep's normalised form.
pub fn go_quantity_struct(q: &ParsedQuantity) -> String {
    let (mut m, mut e) = (q.mantissa, q.exp10);
    while m != 0 && m % 10 == 0 {
        m /= 10;
        e += 1;
    }
    let sign = if q.negative { "-" } else { "" };
    let fmt = match q.format {
        QuantityFormat::BinarySI => "BinarySI",
        QuantityFormat::DecimalSI => "DecimalSI",
        QuantityFormat::DecimalExponent => "DecimalExponent",
    };
    format!(
        "resource.Quantity{{i:resource.int64Amount{{value:{sign}{m}, scale:{e}}}, d:resource.infDecAmount{{Dec:(*inf.Dec)(nil)}}, s:\"\", Format:{}}}",
        go_quote(fmt)
    )
}

// ---------------------------------------------------------------------------------------------
// Label selectors (`apimachinery/pkg/apis/meta/v1/helpers.go`, `labels/selector.go`)
// ---------------------------------------------------------------------------------------------

/// A selector decoded from an absent (`null`) `selector` field: both parts `None`.
/// (`decode::decode_strict` turns an explicit `selector: {}` into `matchLabels: {}` so that the
/// two cases stay distinguishable, as they are upstream.)
pub fn selector_is_nil(sel: &LabelSelector) -> bool {
    sel.match_labels.is_none() && sel.match_expressions.is_none()
}

fn selector_is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().map_or(0, |m| m.len())
        + sel.match_expressions.as_ref().map_or(0, |m| m.len())
        == 0
}

/// Whether `LabelSelectorAsSelector` would succeed.
fn selector_converts(sel: &LabelSelector) -> bool {
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
// Entry points
// ---------------------------------------------------------------------------------------------

/// Create-time validation (`ValidateDeployment`, `ValidateReplicaSet`, `ValidatePodCreate`,
/// `ValidateNode`, `ValidateNamespace`) of a defaulted object. Empty when valid; errors are in
/// upstream order.
pub fn validate_create(obj: &Object) -> Vec<FieldError> {
    let mut errs = Vec::new();
    match obj {
        Object::Deployment(d) => validate_deployment(d, &mut errs),
        Object::ReplicaSet(rs) => validate_replicaset(rs, &mut errs),
        Object::Pod(p) => validate_pod(p, &mut errs),
        Object::Node(n) => validate_node(n, &mut errs),
        Object::Namespace(ns) => validate_namespace(ns, &mut errs),
        Object::Lease(l) => validate_object_meta(
            &l.metadata,
            true,
            NameRule::Subdomain,
            "metadata",
            &mut errs,
        ),
        Object::Event(_) | Object::EndpointSlice(_) => {}
        Object::Service(svc) => super::service::validate_service(svc, &mut errs),
        Object::Endpoints(ep) => super::service::validate_endpoints(ep, &mut errs),
    }
    errs
}

/// Warnings the API server returns with a successful create (`WarningsOnCreate` of the
/// Deployment and ReplicaSet strategies); kubectl prints each as `Warning: <text>` on stderr.
/// Pod-template deprecation warnings are not modelled.
pub fn warnings_on_create(obj: &Object) -> Vec<String> {
    match obj {
        Object::Deployment(_) | Object::ReplicaSet(_) => {
            let msgs = is_dns1123_label(obj.name());
            if msgs.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [{}]",
                    msgs.join(" ")
                )]
            }
        }
        _ => Vec::new(),
    }
}

/// Update validation (`ValidateXxxUpdate` + the registry strategy's extra checks): the create
/// rules on `new`, immutable metadata, and per kind: Deployment/ReplicaSet `spec.selector`
/// immutable (apps/v1), Pod spec immutable except the upstream allow-list.
pub fn validate_update(old: &Object, new: &Object) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta_update(old.meta(), new.meta(), &mut errs);
    match (old, new) {
        (Object::Deployment(o), Object::Deployment(n)) => {
            if let Some(spec) = &n.spec {
                validate_deployment_spec(spec, "spec", &mut errs);
            }
            let os = o.spec.as_ref().map(|s| &s.selector);
            let ns = n.spec.as_ref().map(|s| &s.selector);
            immutable_selector(os, ns, &mut errs);
        }
        (Object::ReplicaSet(o), Object::ReplicaSet(n)) => {
            if let Some(spec) = &n.spec {
                validate_replicaset_spec(spec, "spec", &mut errs);
            }
            let os = o.spec.as_ref().map(|s| &s.selector);
            let ns = n.spec.as_ref().map(|s| &s.selector);
            immutable_selector(os, ns, &mut errs);
        }
        (Object::Pod(o), Object::Pod(n)) => validate_pod_update(o, n, &mut errs),
        (Object::Node(_), Object::Node(n)) => {
            if let Some(spec) = &n.spec {
                validate_taints(
                    spec.taints.as_deref().unwrap_or(&[]),
                    "spec.taints",
                    &mut errs,
                );
            }
        }
        (Object::Service(o), Object::Service(n)) => {
            super::service::validate_service_update(o, n, &mut errs)
        }
        // Namespace, Lease, Event: metadata rules only.
        _ => {}
    }
    errs
}

fn immutable_selector(
    old: Option<&LabelSelector>,
    new: Option<&LabelSelector>,
    errs: &mut Vec<FieldError>,
) {
    let default = LabelSelector::default();
    let o = old.unwrap_or(&default);
    let n = new.unwrap_or(&default);
    if !semantic_selector_eq(o, n) {
        errs.push(FieldError::invalid(
            "spec.selector",
            go_label_selector(n),
            FIELD_IMMUTABLE_ERROR_MSG,
        ));
    }
}

/// `apiequality.Semantic.DeepEqual` on selectors: nil and empty collections are equal.
fn semantic_selector_eq(a: &LabelSelector, b: &LabelSelector) -> bool {
    let la = a.match_labels.clone().unwrap_or_default();
    let lb = b.match_labels.clone().unwrap_or_default();
    let ea = a.match_expressions.clone().unwrap_or_default();
    let eb = b.match_expressions.clone().unwrap_or_default();
    la == lb
        && ea.len() == eb.len()
        && ea.iter().zip(eb.iter()).all(|(x, y)| {
            x.key == y.key
                && x.operator == y.operator
                && x.values.clone().unwrap_or_default() == y.values.clone().unwrap_or_default()
        })
}

// ---------------------------------------------------------------------------------------------
// ObjectMeta
// ---------------------------------------------------------------------------------------------

/// How an object's name is validated.
#[derive(Clone, Copy)]
pub(crate) enum NameRule {
    Subdomain,
    Label,
    /// `NameIsDNS1035Label` (Services).
    Dns1035,
}

fn name_errors(rule: NameRule, name: &str, prefix: bool) -> Vec<String> {
    match rule {
        NameRule::Subdomain => name_is_dns_subdomain(name, prefix),
        NameRule::Label => name_is_dns_label(name, prefix),
        NameRule::Dns1035 => is_dns1035_label(&mask_trailing_dash(name, prefix)),
    }
}

/// `IsDNS1035Label`: error strings, empty when valid.
pub fn is_dns1035_label(v: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if v.len() > 63 {
        errs.push(max_len_error(63));
    }
    let b = v.as_bytes();
    let ok = !b.is_empty()
        && b[0].is_ascii_lowercase()
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-');
    if !ok {
        errs.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            "[a-z]([-a-z0-9]*[a-z0-9])?",
            &["my-name", "abc-123"],
        ));
    }
    errs
}

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
fn validate_object_meta_update(old: &ObjectMeta, new: &ObjectMeta, errs: &mut Vec<FieldError>) {
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
fn validate_annotations(
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
fn validate_label_selector(sel: &LabelSelector, path: &str, errs: &mut Vec<FieldError>) {
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

// ---------------------------------------------------------------------------------------------
// apps/v1 (`pkg/apis/apps/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

fn nonneg(v: i64, path: &str, errs: &mut Vec<FieldError>) {
    if v < 0 {
        errs.push(FieldError::invalid(
            path,
            v.to_string(),
            IS_NEGATIVE_ERROR_MSG,
        ));
    }
}

fn validate_deployment(d: &Deployment, errs: &mut Vec<FieldError>) {
    validate_object_meta(&d.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = d.spec.clone().unwrap_or_default();
    validate_deployment_spec(&spec, "spec", errs);
}

/// Shared selector + template checks of `ValidateDeploymentSpec` / `ValidateReplicaSetSpec`.
fn validate_selector_and_template(
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
fn validate_deployment_spec(spec: &DeploymentSpec, path: &str, errs: &mut Vec<FieldError>) {
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
fn validate_deployment_strategy(spec: &DeploymentSpec, path: &str, errs: &mut Vec<FieldError>) {
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

fn validate_positive_int_or_percent(v: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    match v {
        IntOrString::String(s) => {
            for m in is_valid_percent(s) {
                errs.push(FieldError::invalid(path, go_int_or_string(v), m));
            }
        }
        IntOrString::Int(i) => nonneg(i64::from(*i), path, errs),
    }
}

fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) if is_valid_percent(s).is_empty() => s[..s.len() - 1].parse().ok(),
        _ => None,
    }
}

/// `getIntOrPercentValue`: percent number, else `IntValue()` (strings via Atoi, 0 on error).
fn int_or_percent_value(v: &IntOrString) -> i64 {
    if let Some(p) = percent_value(v) {
        return p;
    }
    match v {
        IntOrString::Int(i) => i64::from(*i),
        IntOrString::String(s) => s.parse::<i64>().unwrap_or(0),
    }
}

/// `ValidatePodTemplateSpecForReplicaSet`.
fn validate_pod_template_for_replicaset(
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

fn validate_replicaset(rs: &ReplicaSet, errs: &mut Vec<FieldError>) {
    validate_object_meta(&rs.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = rs.spec.clone().unwrap_or_default();
    validate_replicaset_spec(&spec, "spec", errs);
}

/// `ValidateReplicaSetSpec` (its empty-selector text says "deployment" upstream too).
fn validate_replicaset_spec(spec: &ReplicaSetSpec, path: &str, errs: &mut Vec<FieldError>) {
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

// ---------------------------------------------------------------------------------------------
// core/v1 (`pkg/apis/core/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

/// `ValidatePodTemplateSpec`: template labels are reported at `<path>.labels` upstream.
fn validate_pod_template_spec(t: &PodTemplateSpec, path: &str, errs: &mut Vec<FieldError>) {
    let meta = t.metadata.clone().unwrap_or_default();
    validate_labels(meta.labels.as_ref(), &format!("{path}.labels"), errs);
    validate_annotations(
        meta.annotations.as_ref(),
        &format!("{path}.annotations"),
        errs,
    );
    let spec = t.spec.clone().unwrap_or_default();
    validate_pod_spec(&spec, &format!("{path}.spec"), errs);
    if spec
        .ephemeral_containers
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        errs.push(FieldError::forbidden(
            format!("{path}.spec.ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
}

fn validate_pod(p: &Pod, errs: &mut Vec<FieldError>) {
    validate_object_meta(&p.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = p.spec.clone().unwrap_or_default();
    validate_pod_spec(&spec, "spec", errs);
    if spec
        .ephemeral_containers
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        errs.push(FieldError::forbidden(
            "spec.ephemeralContainers",
            "cannot be set on create",
        ));
    }
}

/// `ValidatePodSpec` (the subset kubestep models), in upstream order.
fn validate_pod_spec(spec: &PodSpec, path: &str, errs: &mut Vec<FieldError>) {
    let volumes = validate_volumes(
        spec.volumes.as_deref().unwrap_or(&[]),
        &format!("{path}.volumes"),
        errs,
    );
    let containers = &spec.containers;
    let cpath = format!("{path}.containers");
    if containers.is_empty() {
        errs.push(FieldError::required(&cpath, ""));
    } else {
        let mut names = BTreeSet::new();
        for (i, c) in containers.iter().enumerate() {
            let p = format!("{cpath}[{i}]");
            validate_container_common(c, &volumes, &p, errs);
            if !names.insert(c.name.clone()) {
                errs.push(FieldError::duplicate(
                    format!("{p}.name"),
                    go_quote(&c.name),
                ));
            }
            if let Some(pr) = &c.liveness_probe {
                validate_probe(pr, &format!("{p}.livenessProbe"), true, errs);
            }
            if let Some(pr) = &c.readiness_probe {
                validate_probe(pr, &format!("{p}.readinessProbe"), false, errs);
                if pr.termination_grace_period_seconds.is_some() {
                    errs.push(FieldError::invalid(
                        format!("{p}.readinessProbe.terminationGracePeriodSeconds"),
                        pr.termination_grace_period_seconds.unwrap_or(0).to_string(),
                        "must not be set for readinessProbes",
                    ));
                }
            }
            if let Some(pr) = &c.startup_probe {
                validate_probe(pr, &format!("{p}.startupProbe"), true, errs);
            }
            if c.restart_policy.is_some() {
                errs.push(FieldError::forbidden(
                    format!("{p}.restartPolicy"),
                    "may not be set for non-init containers",
                ));
            }
        }
    }
    if let Some(init) = &spec.init_containers {
        let regular: BTreeSet<&str> = containers.iter().map(|c| c.name.as_str()).collect();
        let mut names = BTreeSet::new();
        for (i, c) in init.iter().enumerate() {
            let p = format!("{path}.initContainers[{i}]");
            validate_container_common(c, &volumes, &p, errs);
            if regular.contains(c.name.as_str()) || !names.insert(c.name.clone()) {
                errs.push(FieldError::duplicate(
                    format!("{p}.name"),
                    go_quote(&c.name),
                ));
            }
            match c.restart_policy.as_deref() {
                None => {
                    for (field, set) in [
                        ("lifecycle", c.lifecycle.is_some()),
                        ("livenessProbe", c.liveness_probe.is_some()),
                        ("readinessProbe", c.readiness_probe.is_some()),
                        ("startupProbe", c.startup_probe.is_some()),
                    ] {
                        if set {
                            errs.push(FieldError::forbidden(
                                format!("{p}.{field}"),
                                "may not be set for init containers without restartPolicy=Always",
                            ));
                        }
                    }
                }
                Some("Always") => {}
                Some(other) => errs.push(FieldError::not_supported(
                    format!("{p}.restartPolicy"),
                    go_quote(other),
                    &["Always"],
                )),
            }
        }
    }
    let rp = spec.restart_policy.as_deref().unwrap_or("");
    match rp {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{path}.restartPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.restartPolicy"),
            go_quote(other),
            &["Always", "OnFailure", "Never"],
        )),
    }
    let dp = spec.dns_policy.as_deref().unwrap_or("");
    match dp {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(format!("{path}.dnsPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.dnsPolicy"),
            go_quote(other),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    validate_labels(
        spec.node_selector.as_ref(),
        &format!("{path}.nodeSelector"),
        errs,
    );
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        for m in name_is_dns_subdomain(sa, false) {
            errs.push(FieldError::invalid(
                format!("{path}.serviceAccountName"),
                go_quote(sa),
                m,
            ));
        }
    }
    if let Some(n) = spec.node_name.as_deref().filter(|s| !s.is_empty()) {
        for m in name_is_dns_subdomain(n, false) {
            errs.push(FieldError::invalid(
                format!("{path}.nodeName"),
                go_quote(n),
                m,
            ));
        }
    }
    if let Some(a) = spec.active_deadline_seconds
        && (a < 1 || a > i64::from(i32::MAX))
    {
        errs.push(FieldError::invalid(
            format!("{path}.activeDeadlineSeconds"),
            a.to_string(),
            inclusive_range_error(1, i64::from(i32::MAX)),
        ));
    }
    for (field, v) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = v.as_deref().filter(|s| !s.is_empty()) {
            for m in is_dns1123_label(v) {
                errs.push(FieldError::invalid(
                    format!("{path}.{field}"),
                    go_quote(v),
                    m,
                ));
            }
        }
    }
    if let Some(t) = &spec.tolerations {
        validate_tolerations(t, &format!("{path}.tolerations"), errs);
    }
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        for m in name_is_dns_subdomain(pc, false) {
            errs.push(FieldError::invalid(
                format!("{path}.priorityClassName"),
                go_quote(pc),
                m,
            ));
        }
    }
    if let Some(pp) = spec.preemption_policy.as_deref() {
        match pp {
            "PreemptLowerPriority" | "Never" => {}
            other => errs.push(FieldError::not_supported(
                format!("{path}.preemptionPolicy"),
                go_quote(other),
                &["Never", "PreemptLowerPriority"],
            )),
        }
    }
    if let Some(o) = &spec.overhead {
        let rr = ResourceRequirements {
            limits: Some(o.clone()),
            ..Default::default()
        };
        validate_resources(&rr, &format!("{path}.overhead"), errs);
    }
}

/// `ValidateVolumes` (names only; sources are not modelled). Returns the declared names.
fn validate_volumes(vols: &[Volume], path: &str, errs: &mut Vec<FieldError>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, v) in vols.iter().enumerate() {
        let np = format!("{path}[{i}].name");
        if v.name.is_empty() {
            errs.push(FieldError::required(&np, ""));
        } else {
            for m in is_dns1123_label(&v.name) {
                errs.push(FieldError::invalid(&np, go_quote(&v.name), m));
            }
        }
        if names.contains(&v.name) {
            errs.push(FieldError::duplicate(&np, go_quote(&v.name)));
        }
        names.insert(v.name.clone());
    }
    names
}

/// `validateContainerCommon`.
fn validate_container_common(
    c: &Container,
    volumes: &BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let np = format!("{path}.name");
    if c.name.is_empty() {
        errs.push(FieldError::required(&np, ""));
    } else {
        for m in is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(&np, go_quote(&c.name), m));
        }
    }
    if c.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(format!("{path}.image"), ""));
    }
    match c.termination_message_policy.as_deref().unwrap_or("") {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(
            format!("{path}.terminationMessagePolicy"),
            "",
        )),
        other => errs.push(FieldError::not_supported(
            format!("{path}.terminationMessagePolicy"),
            go_quote(other),
            &["File", "FallbackToLogsOnError"],
        )),
    }
    validate_container_ports(
        c.ports.as_deref().unwrap_or(&[]),
        &format!("{path}.ports"),
        errs,
    );
    for (i, e) in c.env.iter().flatten().enumerate() {
        let p = format!("{path}.env[{i}].name");
        if e.name.is_empty() {
            errs.push(FieldError::required(&p, ""));
        } else if e
            .name
            .chars()
            .any(|ch| !(' '..='~').contains(&ch) || ch == '=')
        {
            errs.push(FieldError::invalid(
                &p,
                go_quote(&e.name),
                "a valid environment variable name must consist only of printable ASCII characters other than '='",
            ));
        }
    }
    let mut mount_points = BTreeSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let p = format!("{path}.volumeMounts[{i}]");
        if m.name.is_empty() {
            errs.push(FieldError::required(format!("{p}.name"), ""));
        }
        if !volumes.contains(&m.name) {
            errs.push(FieldError::not_found(
                format!("{p}.name"),
                go_quote(&m.name),
            ));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(format!("{p}.mountPath"), ""));
        }
        if !mount_points.insert(m.mount_path.clone()) {
            errs.push(FieldError::invalid(
                format!("{p}.mountPath"),
                go_quote(&m.mount_path),
                "must be unique",
            ));
        }
    }
    match c.image_pull_policy.as_deref().unwrap_or("") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{path}.imagePullPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.imagePullPolicy"),
            go_quote(other),
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    if let Some(r) = &c.resources {
        validate_resources(r, &format!("{path}.resources"), errs);
    }
}

/// `validateContainerPorts`.
fn validate_container_ports(ports: &[ContainerPort], path: &str, errs: &mut Vec<FieldError>) {
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                for m in msgs {
                    errs.push(FieldError::invalid(format!("{ip}.name"), go_quote(name), m));
                }
            } else if !names.insert(name.to_string()) {
                errs.push(FieldError::duplicate(format!("{ip}.name"), go_quote(name)));
            }
        }
        if p.container_port == 0 {
            errs.push(FieldError::required(format!("{ip}.containerPort"), ""));
        } else if !(1..=65535).contains(&p.container_port) {
            errs.push(FieldError::invalid(
                format!("{ip}.containerPort"),
                p.container_port.to_string(),
                inclusive_range_error(1, 65535),
            ));
        }
        if let Some(hp) = p.host_port.filter(|h| *h != 0)
            && !(1..=65535).contains(&hp)
        {
            errs.push(FieldError::invalid(
                format!("{ip}.hostPort"),
                hp.to_string(),
                inclusive_range_error(1, 65535),
            ));
        }
        match p.protocol.as_deref().unwrap_or("") {
            "TCP" | "UDP" | "SCTP" => {}
            "" => errs.push(FieldError::required(format!("{ip}.protocol"), "")),
            other => errs.push(FieldError::not_supported(
                format!("{ip}.protocol"),
                go_quote(other),
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
}

fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

/// `ValidateContainerResourceRequirements`: names, non-negative quantities, requests ≤ limits.
/// (Go iterates maps randomly; kubestep reports in key order.)
fn validate_resources(r: &ResourceRequirements, path: &str, errs: &mut Vec<FieldError>) {
    let lim_path = format!("{path}.limits");
    let req_path = format!("{path}.requests");
    let check_name = |name: &str, p: &str, errs: &mut Vec<FieldError>| {
        if !name.contains('/') {
            if !is_standard_container_resource(name) {
                errs.push(FieldError::invalid(
                    p,
                    go_quote(name),
                    "must be a standard resource for containers",
                ));
            }
        } else {
            for m in is_qualified_name(name) {
                errs.push(FieldError::invalid(p, go_quote(name), m));
            }
        }
    };
    let check_qty =
        |name: &str, q: &str, p: &str, errs: &mut Vec<FieldError>| -> Option<ParsedQuantity> {
            let pq = parse_quantity(q.trim()).ok()?;
            if pq.negative {
                errs.push(FieldError::invalid(
                    p,
                    go_quote(&pq.canonical()),
                    IS_NEGATIVE_ERROR_MSG,
                ));
            }
            // IsIntegerResourceName: hugepages are not, extended resources (with '/', not
            // kubernetes.io/) are integers.
            let integer = name.contains('/') && !name.starts_with("kubernetes.io/");
            if integer && pq.scaled_ceil(3).map(|m| m % 1000 != 0).unwrap_or(false) {
                errs.push(FieldError::invalid(
                    p,
                    go_quantity_struct(&pq),
                    "must be an integer",
                ));
            }
            Some(pq)
        };
    let limits = r.limits.clone().unwrap_or_default();
    let mut parsed_limits = BTreeMap::new();
    for (name, q) in &limits {
        let p = format!("{lim_path}[{name}]");
        check_name(name, &p, errs);
        if let Some(pq) = check_qty(name, &q.0, &p, errs) {
            parsed_limits.insert(name.clone(), pq);
        }
    }
    for (name, q) in r.requests.iter().flatten() {
        let p = format!("{req_path}[{name}]");
        check_name(name, &p, errs);
        let Some(pq) = check_qty(name, &q.0, &p, errs) else {
            continue;
        };
        let overcommit = !name.starts_with("hugepages-")
            && (!name.contains('/') || name.starts_with("kubernetes.io/"));
        match parsed_limits.get(name) {
            Some(lim) => {
                let cmp = pq.cmp_value(lim);
                if cmp != std::cmp::Ordering::Equal && !overcommit {
                    errs.push(FieldError::invalid(
                        &req_path,
                        go_quote(&pq.canonical()),
                        format!("must be equal to {name} limit of {}", lim.canonical()),
                    ));
                } else if cmp == std::cmp::Ordering::Greater {
                    errs.push(FieldError::invalid(
                        &req_path,
                        go_quote(&pq.canonical()),
                        format!(
                            "must be less than or equal to {name} limit of {}",
                            lim.canonical()
                        ),
                    ));
                }
            }
            None if !overcommit => {
                errs.push(FieldError::required(
                    &lim_path,
                    "Limit must be set for non overcommitable resources",
                ));
            }
            None => {}
        }
    }
}

/// `validateProbe` + handler rules (liveness/startup probes need `successThreshold` 1).
fn validate_probe(p: &Probe, path: &str, success_must_be_one: bool, errs: &mut Vec<FieldError>) {
    // validateHandler: only the first handler is validated; later ones are Forbidden.
    let mut count = 0;
    if let Some(e) = &p.exec {
        count += 1;
        if e.command.as_ref().is_none_or(|c| c.is_empty()) {
            errs.push(FieldError::required(format!("{path}.exec.command"), ""));
        }
    }
    if let Some(h) = &p.http_get {
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{path}.httpGet"),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
            if h.path.as_deref().unwrap_or("").is_empty() {
                errs.push(FieldError::required(format!("{path}.httpGet.path"), ""));
            }
            validate_port_num_or_name(&h.port, &format!("{path}.httpGet.port"), errs);
            let scheme = h.scheme.as_deref().unwrap_or("");
            if scheme != "HTTP" && scheme != "HTTPS" {
                errs.push(FieldError::not_supported(
                    format!("{path}.httpGet.scheme"),
                    go_quote(scheme),
                    &["HTTP", "HTTPS"],
                ));
            }
        }
    }
    if let Some(t) = &p.tcp_socket {
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{path}.tcpSocket"),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
            validate_port_num_or_name(&t.port, &format!("{path}.tcpSocket.port"), errs);
        }
    }
    if let Some(g) = &p.grpc {
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{path}.grpc"),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
            if !(1..=65535).contains(&g.port) {
                errs.push(FieldError::invalid(
                    format!("{path}.grpc.port"),
                    g.port.to_string(),
                    inclusive_range_error(1, 65535),
                ));
            }
        }
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
    for (field, v) in [
        ("initialDelaySeconds", p.initial_delay_seconds),
        ("timeoutSeconds", p.timeout_seconds),
        ("periodSeconds", p.period_seconds),
        ("successThreshold", p.success_threshold),
        ("failureThreshold", p.failure_threshold),
    ] {
        nonneg(i64::from(v.unwrap_or(0)), &format!("{path}.{field}"), errs);
    }
    if let Some(t) = p.termination_grace_period_seconds
        && t <= 0
    {
        errs.push(FieldError::invalid(
            format!("{path}.terminationGracePeriodSeconds"),
            t.to_string(),
            "must be greater than 0",
        ));
    }
    if success_must_be_one {
        let s = p.success_threshold.unwrap_or(0);
        if s != 1 {
            errs.push(FieldError::invalid(
                format!("{path}.successThreshold"),
                s.to_string(),
                "must be 1",
            ));
        }
    }
}

fn validate_port_num_or_name(port: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    match port {
        IntOrString::Int(i) => {
            if !(1..=65535).contains(i) {
                errs.push(FieldError::invalid(
                    path,
                    i.to_string(),
                    inclusive_range_error(1, 65535),
                ));
            }
        }
        IntOrString::String(s) => {
            for m in is_valid_port_name(s) {
                errs.push(FieldError::invalid(path, go_quote(s), m));
            }
        }
    }
}

/// `ValidateTolerations`.
fn validate_tolerations(ts: &[Toleration], path: &str, errs: &mut Vec<FieldError>) {
    for (i, t) in ts.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let key = t.key.as_deref().unwrap_or("");
        let op = t.operator.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        if !key.is_empty() {
            for m in is_qualified_name(key) {
                errs.push(FieldError::invalid(format!("{ip}.key"), go_quote(key), m));
            }
        }
        if key.is_empty() && op != "Exists" {
            errs.push(FieldError::invalid(
                format!("{ip}.operator"),
                go_quote(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                format!("{ip}.effect"),
                go_quote(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match op {
            "Equal" | "" => {
                let m = is_valid_label_value(value);
                if !m.is_empty() {
                    errs.push(FieldError::invalid(
                        format!("{ip}.operator"),
                        go_quote(value),
                        m.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    let secs = match t.toleration_seconds {
                        None => "(*int64)(nil)".to_string(),
                        Some(_) => "(*int64)(0xc000000000)".to_string(),
                    };
                    let v = format!(
                        "core.Toleration{{Key:{}, Operator:{}, Value:{}, Effect:{}, TolerationSeconds:{secs}}}",
                        go_quote(key),
                        go_quote(op),
                        go_quote(value),
                        go_quote(effect)
                    );
                    errs.push(FieldError::invalid(
                        format!("{ip}.operator"),
                        v,
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            other => errs.push(FieldError::not_supported(
                format!("{ip}.operator"),
                go_quote(other),
                &["Equal", "Exists"],
            )),
        }
        if !effect.is_empty() {
            validate_taint_effect(effect, &format!("{ip}.effect"), errs);
        }
    }
}

fn validate_taint_effect(effect: &str, path: &str, errs: &mut Vec<FieldError>) {
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        errs.push(FieldError::not_supported(
            path,
            go_quote(effect),
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        ));
    }
}

fn validate_taints(
    taints: &[k8s_openapi::api::core::v1::Taint],
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut seen = BTreeSet::new();
    for (i, t) in taints.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        for m in is_qualified_name(&t.key) {
            errs.push(FieldError::invalid(
                format!("{ip}.key"),
                go_quote(&t.key),
                m,
            ));
        }
        let v = t.value.as_deref().unwrap_or("");
        for m in is_valid_label_value(v) {
            errs.push(FieldError::invalid(format!("{ip}.value"), go_quote(v), m));
        }
        if t.effect.is_empty() {
            errs.push(FieldError::required(format!("{ip}.effect"), ""));
        } else {
            validate_taint_effect(&t.effect, &format!("{ip}.effect"), errs);
        }
        if !seen.insert((t.key.clone(), t.effect.clone())) {
            errs.push(FieldError::duplicate(
                path,
                format!(
                    "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:<nil>}}",
                    go_quote(&t.key),
                    go_quote(v),
                    go_quote(&t.effect)
                ),
            ));
            if let Some(last) = errs.last_mut() {
                last.detail = "taints must be unique by key and effect pair".into();
            }
        }
    }
}

fn validate_node(n: &Node, errs: &mut Vec<FieldError>) {
    validate_object_meta(&n.metadata, false, NameRule::Subdomain, "metadata", errs);
    if let Some(spec) = &n.spec {
        validate_taints(spec.taints.as_deref().unwrap_or(&[]), "spec.taints", errs);
    }
}

fn validate_namespace(ns: &Namespace, errs: &mut Vec<FieldError>) {
    validate_object_meta(&ns.metadata, false, NameRule::Label, "metadata", errs);
}

/// `ValidatePodUpdate`: besides metadata, only the upstream allow-list may change.
/// Upstream appends a `cmp` diff of the specs to the message; kubestep omits it.
fn validate_pod_update(old: &Pod, new: &Pod, errs: &mut Vec<FieldError>) {
    let mut o = old.spec.clone().unwrap_or_default();
    let n = new.spec.clone().unwrap_or_default();
    // Mask the mutable fields with the new values and compare the rest.
    for (oc, nc) in o.containers.iter_mut().zip(n.containers.iter()) {
        oc.image = nc.image.clone();
    }
    if let (Some(oi), Some(ni)) = (o.init_containers.as_mut(), n.init_containers.as_ref()) {
        for (oc, nc) in oi.iter_mut().zip(ni.iter()) {
            oc.image = nc.image.clone();
        }
    }
    o.active_deadline_seconds = n.active_deadline_seconds;
    // tolerations: only additions allowed
    let old_tol = o.tolerations.clone().unwrap_or_default();
    let new_tol = n.tolerations.clone().unwrap_or_default();
    let additions_only = old_tol.iter().all(|t| new_tol.contains(t));
    if additions_only {
        o.tolerations = n.tolerations.clone();
    }
    // nodeName may be set once by binding; kubestep's scheduler binds through the API.
    if o.node_name.as_deref().unwrap_or("").is_empty() {
        o.node_name = n.node_name.clone();
    }
    if o.termination_grace_period_seconds.is_some_and(|g| g < 0)
        && n.termination_grace_period_seconds == Some(1)
    {
        o.termination_grace_period_seconds = Some(1);
    }
    if o != n {
        errs.push(FieldError::forbidden(
            "spec",
            "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
        ));
    }
    if let Some(spec) = &new.spec {
        for (i, c) in spec.containers.iter().enumerate() {
            if c.image.as_deref().unwrap_or("").is_empty() {
                errs.push(FieldError::required(
                    format!("spec.containers[{i}].image"),
                    "",
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
    use serde_json::{Value, json};

    /// Decode + default + validate, like the API server's create path.
    fn create_errors(kind: Kind, v: Value) -> Vec<String> {
        let mut obj = decode_strict(kind, &v).expect("decodes");
        default_object(&mut obj);
        validate_create(&obj)
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    fn deployment(patch: impl FnOnce(&mut Value)) -> Value {
        let mut v = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {
                "replicas": 3,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}
                }
            }
        });
        patch(&mut v);
        v
    }

    fn pod(patch: impl FnOnce(&mut Value)) -> Value {
        let mut v = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p", "namespace": "default"},
            "spec": {"containers": [{"name": "a", "image": "nginx"}]}
        });
        patch(&mut v);
        v
    }

    const MY_APP: &str = r#"metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#;

    #[test]
    fn a_valid_deployment_has_no_errors() {
        assert_eq!(
            create_errors(Kind::Deployment, deployment(|_| {})),
            Vec::<String>::new()
        );
    }

    #[test]
    fn deployment_rules_produce_the_upstream_texts() {
        type Patch = Box<dyn Fn(&mut Value)>;
        let rows: Vec<(&str, Patch, Vec<&str>)> = vec![
            (
                "negative replicas",
                Box::new(|v| v["spec"]["replicas"] = json!(-1)),
                vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "bad name",
                Box::new(|v| v["metadata"]["name"] = json!("My_App")),
                vec![MY_APP],
            ),
            (
                "missing selector",
                Box::new(|v| {
                    v["spec"].as_object_mut().unwrap().remove("selector");
                }),
                vec![
                    "spec.selector: Required value",
                    "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
                ],
            ),
            (
                "selector does not match",
                Box::new(|v| v["spec"]["selector"]["matchLabels"]["app"] = json!("api")),
                vec![
                    "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
                ],
            ),
            (
                "template without labels",
                Box::new(|v| {
                    v["spec"]["template"]
                        .as_object_mut()
                        .unwrap()
                        .remove("metadata");
                }),
                vec![
                    "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`",
                ],
            ),
            (
                "restartPolicy Never",
                Box::new(|v| v["spec"]["template"]["spec"]["restartPolicy"] = json!("Never")),
                vec![
                    "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
                ],
            ),
            (
                "activeDeadlineSeconds",
                Box::new(|v| v["spec"]["template"]["spec"]["activeDeadlineSeconds"] = json!(30)),
                vec![
                    "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
                ],
            ),
            (
                "recreate with rollingUpdate",
                Box::new(|v| {
                    v["spec"]["strategy"] =
                        json!({"type": "Recreate", "rollingUpdate": {"maxSurge": 1}})
                }),
                vec![
                    "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
                ],
            ),
            (
                "both zero",
                Box::new(|v| {
                    v["spec"]["strategy"] =
                        json!({"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}})
                }),
                vec![
                    "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0",
                ],
            ),
            (
                "both zero percent",
                Box::new(|v| {
                    v["spec"]["strategy"] =
                        json!({"rollingUpdate": {"maxSurge": "0%", "maxUnavailable": "0%"}})
                }),
                vec![
                    "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0",
                ],
            ),
            (
                "over 100%",
                Box::new(|v| {
                    v["spec"]["strategy"] = json!({"rollingUpdate": {"maxUnavailable": "150%"}})
                }),
                vec![
                    "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%",
                ],
            ),
            (
                "surge may exceed 100%",
                Box::new(|v| {
                    v["spec"]["strategy"] = json!({"rollingUpdate": {"maxSurge": "200%"}})
                }),
                vec![],
            ),
            (
                "bad percent",
                Box::new(|v| v["spec"]["strategy"] = json!({"rollingUpdate": {"maxSurge": "abc"}})),
                vec![
                    "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                ],
            ),
            (
                "negative surge",
                Box::new(|v| v["spec"]["strategy"] = json!({"rollingUpdate": {"maxSurge": -1}})),
                vec![
                    "spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0",
                ],
            ),
            (
                "unknown strategy",
                Box::new(|v| v["spec"]["strategy"] = json!({"type": "BlueGreen"})),
                vec![
                    "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"",
                ],
            ),
            (
                "negative minReadySeconds",
                Box::new(|v| v["spec"]["minReadySeconds"] = json!(-1)),
                vec!["spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0"],
            ),
            (
                "negative history",
                Box::new(|v| v["spec"]["revisionHistoryLimit"] = json!(-2)),
                vec![
                    "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
                ],
            ),
            (
                "deadline below minReady",
                Box::new(|v| {
                    v["spec"]["progressDeadlineSeconds"] = json!(5);
                    v["spec"]["minReadySeconds"] = json!(10);
                }),
                vec![
                    "spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds",
                ],
            ),
            (
                "bad selector operator",
                Box::new(
                    |v| v["spec"]["selector"] = json!({"matchExpressions": [{"key": "app", "operator": "Equals", "values": ["web"]}]}),
                ),
                vec![
                    "spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator",
                    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"Equals\", Values:[]string{\"web\"}}}}: invalid label selector",
                ],
            ),
            (
                "In without values",
                Box::new(|v| {
                    v["spec"]["selector"] =
                        json!({"matchExpressions": [{"key": "app", "operator": "In"}]})
                }),
                vec![
                    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
                    "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"In\", Values:[]string(nil)}}}: invalid label selector",
                ],
            ),
            (
                "expression selector matches",
                Box::new(
                    |v| v["spec"]["selector"] = json!({"matchExpressions": [{"key": "app", "operator": "In", "values": ["web", "api"]}]}),
                ),
                vec![],
            ),
            (
                "no containers",
                Box::new(|v| v["spec"]["template"]["spec"]["containers"] = json!([])),
                vec!["spec.template.spec.containers: Required value"],
            ),
            (
                "container without name and image",
                Box::new(|v| v["spec"]["template"]["spec"]["containers"] = json!([{}])),
                vec![
                    "spec.template.spec.containers[0].name: Required value",
                    "spec.template.spec.containers[0].image: Required value",
                ],
            ),
            (
                "bad template label",
                Box::new(|v| {
                    v["spec"]["template"]["metadata"]["labels"]["tier"] = json!("front end");
                }),
                vec![
                    "spec.template.labels: Invalid value: \"front end\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                ],
            ),
        ];
        for (name, patch, want) in rows {
            let got = create_errors(Kind::Deployment, deployment(|v| patch(v)));
            assert_eq!(got, want, "row {name:?}");
        }
    }

    #[test]
    fn an_explicit_empty_selector_is_invalid_but_not_missing() {
        let got = create_errors(
            Kind::Deployment,
            deployment(|v| v["spec"]["selector"] = json!({})),
        );
        assert_eq!(
            got,
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"
            ]
        );
    }

    #[test]
    fn pod_rules_produce_the_upstream_texts() {
        type Patch = Box<dyn Fn(&mut Value)>;
        let label_err = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
        let rows: Vec<(&str, Patch, Vec<String>)> = vec![
            ("valid", Box::new(|_| {}), vec![]),
            ("bad name", Box::new(|v| v["metadata"]["name"] = json!("My_App")), vec![MY_APP.to_string()]),
            ("no containers", Box::new(|v| v["spec"]["containers"] = json!([])), vec!["spec.containers: Required value".into()]),
            ("container name", Box::new(|v| v["spec"]["containers"][0]["name"] = json!("Web_1")),
             vec![format!("spec.containers[0].name: Invalid value: \"Web_1\": {label_err}")]),
            ("container name with dot", Box::new(|v| v["spec"]["containers"][0]["name"] = json!("web.1")),
             vec!["spec.containers[0].name: Invalid value: \"web.1\": must not contain dots".into()]),
            ("duplicate names", Box::new(|v| v["spec"]["containers"] = json!([{"name": "a", "image": "x"}, {"name": "a", "image": "y"}])),
             vec!["spec.containers[1].name: Duplicate value: \"a\"".into()]),
            ("port range", Box::new(|v| v["spec"]["containers"][0]["ports"] = json!([{"containerPort": 70000}])),
             vec!["spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive".into()]),
            ("port missing", Box::new(|v| v["spec"]["containers"][0]["ports"] = json!([{"name": "http"}])),
             vec!["spec.containers[0].ports[0].containerPort: Required value".into()]),
            ("port protocol", Box::new(|v| v["spec"]["containers"][0]["ports"] = json!([{"containerPort": 80, "protocol": "HTTP"}])),
             vec!["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"".into()]),
            ("requests above limits", Box::new(|v| v["spec"]["containers"][0]["resources"] = json!({"limits": {"cpu": "1"}, "requests": {"cpu": "2"}})),
             vec!["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1".into()]),
            ("requests above limits memory", Box::new(|v| v["spec"]["containers"][0]["resources"] = json!({"limits": {"memory": "256Mi"}, "requests": {"memory": "0.5Gi"}})),
             vec!["spec.containers[0].resources.requests: Invalid value: \"512Mi\": must be less than or equal to memory limit of 256Mi".into()]),
            ("negative limit", Box::new(|v| v["spec"]["containers"][0]["resources"] = json!({"limits": {"memory": "-1Mi"}})),
             vec!["spec.containers[0].resources.limits[memory]: Invalid value: \"-1Mi\": must be greater than or equal to 0".into(),
                  "spec.containers[0].resources.requests[memory]: Invalid value: \"-1Mi\": must be greater than or equal to 0".into()]),
            ("non-standard resource", Box::new(|v| v["spec"]["containers"][0]["resources"] = json!({"requests": {"gpu": "1"}})),
             vec!["spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers".into()]),
            ("bad pull policy", Box::new(|v| v["spec"]["containers"][0]["imagePullPolicy"] = json!("Sometimes")),
             vec!["spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"".into()]),
            ("bad restart policy", Box::new(|v| v["spec"]["restartPolicy"] = json!("Sometimes")),
             vec!["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".into()]),
            ("mount without volume", Box::new(|v| v["spec"]["containers"][0]["volumeMounts"] = json!([{"name": "data", "mountPath": "/data"}])),
             vec!["spec.containers[0].volumeMounts[0].name: Not found: \"data\"".into()]),
            ("liveness success threshold", Box::new(|v| v["spec"]["containers"][0]["livenessProbe"] = json!({"tcpSocket": {"port": 80}, "successThreshold": 2})),
             vec!["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1".into()]),
            ("probe without handler", Box::new(|v| v["spec"]["containers"][0]["readinessProbe"] = json!({"periodSeconds": 5})),
             vec!["spec.containers[0].readinessProbe: Required value: must specify a handler type".into()]),
            ("toleration seconds without NoExecute", Box::new(|v| v["spec"]["tolerations"] = json!([{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 5}])),
             vec!["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set".into()]),
        ];
        for (name, patch, want) in rows {
            let got = create_errors(Kind::Pod, pod(|v| patch(v)));
            assert_eq!(got, want, "row {name:?}");
        }
    }

    #[test]
    fn names_of_namespaces_nodes_and_long_names() {
        let ns = |n: &str| create_errors(Kind::Namespace, json!({"metadata": {"name": n}}));
        assert_eq!(ns("dev"), Vec::<String>::new());
        assert_eq!(
            ns("dev.team"),
            vec!["metadata.name: Invalid value: \"dev.team\": must not contain dots"]
        );
        let node = |n: &str| create_errors(Kind::Node, json!({"metadata": {"name": n}}));
        assert_eq!(node("node-1.example.com"), Vec::<String>::new());
        let long = "a".repeat(254);
        assert_eq!(
            node(&long),
            vec![format!(
                "metadata.name: Invalid value: \"{long}\": must be no more than 253 characters"
            )]
        );
        assert_eq!(
            create_errors(
                Kind::Pod,
                pod(|v| {
                    v["metadata"].as_object_mut().unwrap().remove("name");
                })
            ),
            vec!["metadata.name: Required value: name or generateName is required"]
        );
    }

    #[test]
    fn dotted_workload_names_are_valid_but_warned_about() {
        let v = deployment(|v| v["metadata"]["name"] = json!("web.v1"));
        let mut obj = decode_strict(Kind::Deployment, &v).expect("decodes");
        default_object(&mut obj);
        assert_eq!(validate_create(&obj), vec![]);
        assert_eq!(
            warnings_on_create(&obj),
            vec![
                "metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"
            ]
        );
    }

    #[test]
    fn updates_may_not_change_the_selector() {
        let build = |v: Value| {
            let mut o = decode_strict(Kind::Deployment, &v).expect("decodes");
            default_object(&mut o);
            o
        };
        let old = build(deployment(|_| {}));
        let new = build(deployment(|v| {
            v["spec"]["selector"]["matchLabels"]["app"] = json!("b");
            v["spec"]["template"]["metadata"]["labels"]["app"] = json!("b");
        }));
        let got: Vec<String> = validate_update(&old, &new)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            got,
            vec![
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
            ]
        );
        // Scaling and image changes are fine.
        let scaled = build(deployment(|v| {
            v["spec"]["replicas"] = json!(10);
            v["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.28");
        }));
        assert_eq!(validate_update(&old, &scaled), vec![]);
    }

    #[test]
    fn pod_specs_are_mostly_immutable() {
        let build = |v: Value| {
            let mut o = decode_strict(Kind::Pod, &v).expect("decodes");
            default_object(&mut o);
            o
        };
        let old = build(pod(|_| {}));
        let image = build(pod(|v| {
            v["spec"]["containers"][0]["image"] = json!("nginx:latest")
        }));
        assert_eq!(validate_update(&old, &image), vec![]);
        let bound = build(pod(|v| v["spec"]["nodeName"] = json!("node-1")));
        assert_eq!(validate_update(&old, &bound), vec![]);
        let ports = build(pod(|v| {
            v["spec"]["containers"][0]["ports"] = json!([{"containerPort": 80}])
        }));
        let errs = validate_update(&old, &ports);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].to_string().starts_with("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"));
    }

    #[test]
    fn kubectl_prints_one_cause_inline_and_several_as_a_list() {
        let one = vec![FieldError::invalid(
            "spec.replicas",
            "-1",
            IS_NEGATIVE_ERROR_MSG,
        )];
        assert_eq!(
            kubectl_invalid_message(Kind::Deployment, "web", &one),
            "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        let v = deployment(|v| {
            v["spec"].as_object_mut().unwrap().remove("selector");
        });
        let mut obj = decode_strict(Kind::Deployment, &v).expect("decodes");
        default_object(&mut obj);
        let errs = validate_create(&obj);
        assert_eq!(
            kubectl_invalid_message(Kind::Deployment, "web", &errs),
            "The Deployment \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"
        );
        assert_eq!(
            api_invalid_message(Kind::Deployment, "web", &errs),
            "Deployment.apps \"web\" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`]"
        );
        assert_eq!(
            api_invalid_message(Kind::Pod, "p", &one),
            "Pod \"p\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        // Identical causes are printed once.
        let twice = vec![one[0].clone(), one[0].clone()];
        assert_eq!(
            kubectl_invalid_message(Kind::Deployment, "web", &twice),
            kubectl_invalid_message(Kind::Deployment, "web", &one)
        );
    }

    #[test]
    fn error_bodies_follow_the_error_type() {
        assert_eq!(
            FieldError::required("a", "").to_string(),
            "a: Required value"
        );
        assert_eq!(
            FieldError::forbidden("a", "nope").to_string(),
            "a: Forbidden: nope"
        );
        assert_eq!(
            FieldError::duplicate("a", "\"x\"").to_string(),
            "a: Duplicate value: \"x\""
        );
        assert_eq!(
            FieldError::not_found("a", "\"x\"").to_string(),
            "a: Not found: \"x\""
        );
        assert_eq!(
            FieldError::too_long("a", 10).to_string(),
            "a: Too long: must have at most 10 bytes"
        );
        assert_eq!(
            FieldError::not_supported("a", "\"x\"", &["A", "B"]).to_string(),
            "a: Unsupported value: \"x\": supported values: \"A\", \"B\""
        );
        assert_eq!(go_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn quantities_parse_like_resource_parse_quantity() {
        // (input, milli value, integer value) — rows in the spirit of quantity_test.go.
        let rows: [(&str, i64, i64); 16] = [
            ("0", 0, 0),
            ("100m", 100, 1),
            ("0.5", 500, 1),
            ("1", 1000, 1),
            ("2", 2000, 2),
            (".5", 500, 1),
            ("1.", 1000, 1),
            ("+1", 1000, 1),
            ("-1", -1000, -1),
            ("5n", 1, 1),
            ("128Mi", 134_217_728_000, 134_217_728),
            ("1G", 1_000_000_000_000, 1_000_000_000),
            ("1e3", 1_000_000, 1000),
            ("1E3", 1_000_000, 1000),
            ("1.5Gi", 1_610_612_736_000, 1_610_612_736),
            ("0.1m", 1, 1),
        ];
        for (q, milli, int) in rows {
            assert_eq!(parse_quantity_millis(q), Ok(milli), "{q} millis");
            assert_eq!(parse_quantity_bytes(q), Ok(int), "{q} bytes");
        }
        let bad: [(&str, &str); 6] = [
            ("", QUANTITY_FORMAT_ERROR),
            ("abc", QUANTITY_FORMAT_ERROR),
            ("1 Gi", QUANTITY_FORMAT_ERROR),
            ("1.1.1", QUANTITY_FORMAT_ERROR),
            ("1MM", "unable to parse quantity's suffix"),
            ("1K", "unable to parse quantity's suffix"),
        ];
        for (q, want) in bad {
            assert_eq!(
                parse_quantity(q).map(|_| ()),
                Err(want.to_string()),
                "{q:?}"
            );
        }
    }

    #[test]
    fn quantities_have_canonical_forms() {
        let rows = [
            ("0.5", "500m"),
            ("1000", "1k"),
            ("1000m", "1"),
            ("1500m", "1500m"),
            ("1024Mi", "1Gi"),
            ("1536Mi", "1536Mi"),
            ("1.5Gi", "1536Mi"),
            ("0.5Ki", "512"),
            ("1e3", "1e3"),
            ("1.1e3", "1100"),
            ("12e6", "12e6"),
            ("1000k", "1M"),
            ("0.0001", "1m"),
            ("0.1Gi", "107374182400m"),
            ("128974848", "128974848"),
            ("0", "0"),
            ("-1Mi", "-1Mi"),
        ];
        for (q, want) in rows {
            assert_eq!(canonical_resource_quantity(q), want, "{q}");
        }
    }

    #[test]
    fn selectors_match_with_nil_and_empty_semantics() {
        let labels: BTreeMap<String, String> = [
            ("app".to_string(), "web".to_string()),
            ("tier".to_string(), "fe".to_string()),
        ]
        .into();
        let sel = |v: Value| -> LabelSelector { serde_json::from_value(v).expect("selector") };
        assert!(
            !selector_matches(&sel(json!({})), Some(&labels)),
            "nil matches nothing"
        );
        assert!(
            selector_matches(&sel(json!({"matchLabels": {}})), Some(&labels)),
            "empty matches everything"
        );
        assert!(selector_matches(
            &sel(json!({"matchLabels": {"app": "web"}})),
            Some(&labels)
        ));
        assert!(!selector_matches(
            &sel(json!({"matchLabels": {"app": "api"}})),
            Some(&labels)
        ));
        assert!(selector_matches(
            &sel(
                json!({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["be"]}]})
            ),
            Some(&labels)
        ));
        assert!(selector_matches(
            &sel(json!({"matchExpressions": [{"key": "env", "operator": "DoesNotExist"}]})),
            Some(&labels)
        ));
        assert!(!selector_matches(
            &sel(json!({"matchExpressions": [{"key": "env", "operator": "Exists"}]})),
            Some(&labels)
        ));
    }
}

//! Field errors (`apimachinery/pkg/util/validation/field/errors.go`) and how kubectl and
//! the API server print them.

use std::collections::BTreeSet;
use std::fmt;

use crate::object::Kind;

use super::gofmt::*;
use super::names::IS_NEGATIVE_ERROR_MSG;

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
    /// `field.TooMany(path, actual, max)`: `Too many: N: must have at most M items`.
    pub fn too_many(field: impl Into<String>, actual: usize, max: usize) -> FieldError {
        FieldError {
            kind: ErrorType::TooMany,
            field: field.into(),
            value: Some(actual.to_string()),
            detail: format!("must have at most {max} items"),
        }
    }
    /// `field.Invalid(path, field.OmitValueType{}, detail)`: `Invalid value: DETAIL`.
    pub fn invalid_omit(field: impl Into<String>, detail: impl Into<String>) -> FieldError {
        FieldError {
            kind: ErrorType::Invalid,
            field: field.into(),
            value: None,
            detail: detail.into(),
        }
    }
    /// `field.TooLong(path, value, max)`: `Too long: may not be more than N bytes` (apimachinery
    /// v0.32.0; the "must have at most" wording is 1.33's).
    pub fn too_long(field: impl Into<String>, max: i64) -> FieldError {
        FieldError {
            kind: ErrorType::TooLong,
            field: field.into(),
            value: None,
            detail: format!("may not be more than {max} bytes"),
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

pub(crate) fn dedup(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in it {
        if seen.insert(s.clone()) {
            out.push(s);
        }
    }
    out
}

pub(crate) fn nonneg(v: i64, path: &str, errs: &mut Vec<FieldError>) {
    if v < 0 {
        errs.push(FieldError::invalid(
            path,
            v.to_string(),
            IS_NEGATIVE_ERROR_MSG,
        ));
    }
}

//! Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`.
//!
//! kubectl 1.32 has no column printers of its own; it prints the `meta.k8s.io/v1` Table the
//! server builds (`staging/src/k8s.io/apiserver/pkg/registry/rest/table.go`,
//! `pkg/printers/internalversion/printers.go`). The columns and cells come from kubestep's
//! own printers, the same ones the built-in kubectl uses, so both print the same table.
//! kubectl adds the NAMESPACE and LABELS columns itself, from each row's object metadata.

use serde_json::{Value, json};

use crate::object::{Kind, Object};
use crate::printers::PrintOptions;
use crate::printers::table::{base_columns, table_row};
use crate::time::SimTime;

/// What each row carries as `object` (`?includeObject=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IncludeObject {
    None,
    /// `PartialObjectMetadata` (the default).
    #[default]
    Metadata,
    Object,
}

impl IncludeObject {
    pub fn parse(s: Option<&str>) -> Result<IncludeObject, String> {
        match s {
            None | Some("") | Some("Metadata") => Ok(IncludeObject::Metadata),
            Some("None") => Ok(IncludeObject::None),
            Some("Object") => Ok(IncludeObject::Object),
            Some(other) => Err(format!(
                "includeObject: Unsupported value: \"{}\": supported values: \"Metadata\", \"None\", \"Object\"",
                other
            )),
        }
    }
}

/// Does the `Accept` header ask for a Table (v1 or v1beta1)?
pub fn wants_table(accept: &str) -> Option<&'static str> {
    for part in accept.split(',') {
        let p: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        if p.contains("as=Table") && p.contains("g=meta.k8s.io") {
            if p.contains("v=v1beta1") {
                return Some("v1beta1");
            }
            if p.contains("v=v1") {
                return Some("v1");
            }
        }
    }
    None
}

/// Columns the server sends as integers (`int64` cells upstream); the others are strings.
fn integer_column(kind: Kind, name: &str) -> bool {
    matches!(
        (kind, name),
        (Kind::Pod, "Restarts")
            | (Kind::Deployment, "Up-to-date" | "Available")
            | (Kind::ReplicaSet, "Desired" | "Current" | "Ready")
            | (Kind::Event, "Count")
            | (
                Kind::DaemonSet,
                "Desired" | "Current" | "Ready" | "Up-to-date" | "Available"
            )
            | (Kind::ControllerRevision, "Revision")
            | (Kind::ConfigMap | Kind::Secret, "Data")
            | (Kind::ServiceAccount, "Secrets")
    )
}

/// The column definitions of a kind: every column, the wide ones with priority 1.
pub fn columns(kind: Kind) -> Value {
    let narrow = base_columns(kind, false);
    let cols: Vec<Value> = base_columns(kind, true)
        .into_iter()
        .map(|c| {
            json!({
                "name": c,
                "type": if integer_column(kind, c) { "integer" } else { "string" },
                "format": if c == "Name" { "name" } else { "" },
                "description": column_description(c),
                "priority": if narrow.contains(&c) { 0 } else { 1 },
            })
        })
        .collect();
    Value::Array(cols)
}

fn column_description(name: &str) -> &'static str {
    match name {
        "Name" => {
            "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
        }
        "Age" => {
            "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
        }
        _ => "",
    }
}

/// One row: the cells (every column) and the object per `include`.
pub fn row(obj: &Object, now: SimTime, include: IncludeObject) -> Value {
    let kind = obj.kind();
    let opts = PrintOptions {
        wide: true,
        ..Default::default()
    };
    let names = base_columns(kind, true);
    let cells: Vec<Value> = table_row(obj, &opts, now)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            if names.get(i).is_some_and(|n| integer_column(kind, n))
                && let Ok(n) = c.parse::<i64>()
            {
                return json!(n);
            }
            Value::String(c)
        })
        .collect();
    let mut m = serde_json::Map::new();
    m.insert("cells".into(), Value::Array(cells));
    match include {
        IncludeObject::None => {}
        IncludeObject::Metadata => {
            m.insert("object".into(), partial_metadata(obj));
        }
        IncludeObject::Object => {
            m.insert("object".into(), obj.to_value());
        }
    }
    Value::Object(m)
}

/// `PartialObjectMetadata` of an object.
pub fn partial_metadata(obj: &Object) -> Value {
    let mut meta = serde_json::to_value(obj.meta()).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut meta {
        m.remove("managedFields");
    }
    json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta})
}

/// A Table of `objs`. `columns_too`: false for watch events after the first (the server
/// sends the definitions once).
pub fn table(
    kind: Kind,
    objs: &[&Object],
    now: SimTime,
    include: IncludeObject,
    resource_version: Option<String>,
    columns_too: bool,
    version: &str,
) -> Value {
    let rows: Vec<Value> = objs.iter().map(|o| row(o, now, include)).collect();
    let mut meta = serde_json::Map::new();
    if let Some(rv) = resource_version {
        meta.insert("resourceVersion".into(), json!(rv));
    }
    json!({
        "kind": "Table",
        "apiVersion": format!("meta.k8s.io/{}", version),
        "metadata": meta,
        "columnDefinitions": if columns_too { columns(kind) } else { Value::Null },
        "rows": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_columns_have_priority_one_and_name_is_formatted() {
        let c = columns(Kind::Pod);
        let names: Vec<(&str, i64)> = c
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["name"].as_str().unwrap(), c["priority"].as_i64().unwrap()))
            .collect();
        assert_eq!(names[0], ("Name", 0));
        assert_eq!(names[5], ("IP", 1));
        assert_eq!(c[0]["format"], "name");
        let ev = columns(Kind::Event);
        let wide: Vec<&str> = ev
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["priority"] == 1)
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(wide, ["Subobject", "Source", "First Seen", "Count", "Name"]);
        assert_eq!(
            wants_table(
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
            ),
            Some("v1")
        );
        assert_eq!(wants_table("application/json"), None);
    }
}

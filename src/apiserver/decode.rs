//! TEMPORARY stub (replaced by the api branch).
use crate::object::{Kind, Object};
use serde_json::Value;
pub struct Manifest {
    pub kind: Kind,
    pub value: Value,
    pub line: u32,
}
pub struct DecodeError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}
impl DecodeError {
    pub fn kubectl_message(&self, source: &str) -> String {
        format!("error: error parsing {}: {}", source, self.message)
    }
}
pub fn parse_manifests(text: &str) -> Result<Vec<Manifest>, DecodeError> {
    let mut out = vec![];
    for doc in serde_norway::Deserializer::from_str(text) {
        let v: Value = serde::Deserialize::deserialize(doc).map_err(|e| DecodeError {
            line: 0,
            column: 0,
            message: e.to_string(),
        })?;
        if v.is_null() {
            continue;
        }
        let av = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let k = v.get("kind").and_then(Value::as_str).unwrap_or("");
        let kind = Kind::from_type(av, k).ok_or(DecodeError {
            line: 0,
            column: 0,
            message: format!("no matches for kind {:?} in version {:?}", k, av),
        })?;
        out.push(Manifest {
            kind,
            value: v,
            line: 1,
        });
    }
    Ok(out)
}
pub fn decode_strict(kind: Kind, value: &Value) -> Result<Object, Vec<String>> {
    Object::from_value(kind, value.clone()).map_err(|e| vec![e])
}
pub fn strict_error_message(kind: Kind, fields: &[String], _create: bool, source: &str) -> String {
    format!(
        "Error from server (BadRequest): error when creating {:?}: {} in version \"v1\" cannot be handled as a {}: strict decoding error: {}",
        source,
        kind.name(),
        kind.name(),
        fields.join(", ")
    )
}

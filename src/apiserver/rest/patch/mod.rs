//! PATCH bodies: JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge
//! patch, applied as the API server applies them (`staging/src/k8s.io/apiserver/pkg/
//! endpoints/handlers/patch.go`, evanphx/json-patch v4 for the first two), with its status
//! codes and error texts.

pub mod smp;
pub mod smp_meta;

use serde_json::{Map, Value};

use super::status::Status;
use crate::object::Kind;

/// The patch types a built-in resource accepts (`Content-Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Json,
    Merge,
    Strategic,
    Apply,
}

impl PatchType {
    /// From a `Content-Type` (parameters such as `; charset=utf-8` are ignored).
    pub fn from_content_type(ct: &str) -> Option<PatchType> {
        match ct.split(';').next().unwrap_or("").trim() {
            "application/json-patch+json" => Some(PatchType::Json),
            "application/merge-patch+json" => Some(PatchType::Merge),
            "application/strategic-merge-patch+json" => Some(PatchType::Strategic),
            "application/apply-patch+yaml" => Some(PatchType::Apply),
            _ => None,
        }
    }
}

/// JSON merge patch (`jsonpatch.MergePatch`): objects merge, `null` deletes, everything
/// else replaces; nulls inside newly added objects are pruned.
pub fn merge_patch(doc: &Value, patch: &Value) -> Value {
    match (doc, patch) {
        (Value::Object(d), Value::Object(p)) => {
            let mut d = d.clone();
            merge_docs(&mut d, p);
            Value::Object(d)
        }
        (_, p) => {
            let mut p = p.clone();
            prune_nulls(&mut p);
            p
        }
    }
}

fn merge_docs(doc: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        if v.is_null() {
            doc.remove(k);
            continue;
        }
        match doc.get_mut(k) {
            Some(cur) if !cur.is_null() => match (cur, v) {
                (Value::Object(c), Value::Object(p)) => merge_docs(c, p),
                (c @ Value::Object(_), p) => *c = p.clone(),
                (c, p) => {
                    let mut p = p.clone();
                    prune_nulls(&mut p);
                    *c = p;
                }
            },
            _ => {
                let mut v = v.clone();
                prune_nulls(&mut v);
                doc.insert(k.clone(), v);
            }
        }
    }
}

/// `pruneNulls`: drop null members of objects, recursively (array elements stay).
fn prune_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            for x in m.values_mut() {
                prune_nulls(x);
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                prune_nulls(x);
            }
        }
        _ => {}
    }
}

/// One JSON patch operation.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonPatchOp {
    pub op: String,
    pub path: String,
    pub from: Option<String>,
    pub value: Option<Value>,
}

/// The largest JSON patch the server applies (`maxJSONPatchOperations`).
pub const MAX_JSON_PATCH_OPERATIONS: usize = 10_000;

/// Decode a JSON patch body. Errors are the 400/413 Statuses of the API server.
pub fn decode_json_patch(body: &Value) -> Result<Vec<JsonPatchOp>, Status> {
    let Value::Array(items) = body else {
        return Err(Status::bad_request(format!(
            "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
            json_type(body)
        )));
    };
    if items.len() > MAX_JSON_PATCH_OPERATIONS {
        return Err(Status::new(
            413,
            "RequestEntityTooLarge",
            format!(
                "Request entity too large: The allowed maximum operations in a JSON patch is {}, got {}",
                MAX_JSON_PATCH_OPERATIONS,
                items.len()
            ),
        ));
    }
    let mut ops = vec![];
    for it in items {
        let Value::Object(m) = it else {
            return Err(Status::bad_request(format!(
                "json: cannot unmarshal {} into Go value of type jsonpatch.Operation",
                json_type(it)
            )));
        };
        for k in m.keys() {
            if !["op", "path", "from", "value"].contains(&k.as_str()) {
                return Err(Status::bad_request(format!(
                    "error decoding patch: json patch unknown field \"{}\"",
                    k
                )));
            }
        }
        let s = |k: &str| m.get(k).and_then(Value::as_str).map(String::from);
        ops.push(JsonPatchOp {
            op: s("op").unwrap_or_default(),
            path: s("path").unwrap_or_default(),
            from: s("from"),
            value: m.get("value").cloned(),
        });
    }
    Ok(ops)
}

/// The JSON type of a value, as the API server's errors name it.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Apply a JSON patch. `Err(detail)` carries evanphx's text; the API server replaces it with
/// its generic 422 message ([`Status::invalid_generic`]).
pub fn apply_json_patch(doc: &Value, ops: &[JsonPatchOp]) -> Result<Value, String> {
    let mut doc = doc.clone();
    for op in ops {
        match op.op.as_str() {
            "add" => {
                let v = op.value.clone().ok_or("add operation has no value")?;
                add(&mut doc, &op.path, v)?;
            }
            "remove" => {
                remove(&mut doc, &op.path)?;
            }
            "replace" => {
                let v = op.value.clone().ok_or("replace operation has no value")?;
                if op.path.is_empty() {
                    doc = v;
                    continue;
                }
                let (parent, last) = split_pointer(&op.path)?;
                let target = resolve_mut(&mut doc, &parent).ok_or(format!(
                    "replace operation does not apply: doc is missing path: {}",
                    op.path
                ))?;
                match target {
                    Value::Object(m) => {
                        if !m.contains_key(&last) {
                            return Err(format!(
                                "replace operation does not apply: doc is missing key: {}",
                                op.path
                            ));
                        }
                        m.insert(last, v);
                    }
                    Value::Array(a) => {
                        let i = array_index(&last, a.len(), false)?;
                        a[i] = v;
                    }
                    _ => {
                        return Err(format!(
                            "replace operation does not apply: doc is missing path: {}",
                            op.path
                        ));
                    }
                }
            }
            "move" => {
                let from = op.from.clone().ok_or("move operation has no from")?;
                let v = remove(&mut doc, &from)?;
                add(&mut doc, &op.path, v)?;
            }
            "copy" => {
                let from = op.from.clone().ok_or("copy operation has no from")?;
                let v = get(&doc, &from).cloned().ok_or(format!(
                    "copy operation does not apply: doc is missing from path: {}",
                    from
                ))?;
                add(&mut doc, &op.path, v)?;
            }
            "test" => {
                let want = op.value.clone().unwrap_or(Value::Null);
                let got = get(&doc, &op.path).cloned().unwrap_or(Value::Null);
                if got != want {
                    return Err(format!("testing value {} failed", op.path));
                }
            }
            other => return Err(format!("Unexpected kind: {}", other)),
        }
    }
    Ok(doc)
}

/// Split `/a/b/c` into (["a","b"], "c"), unescaping `~1` and `~0`.
fn split_pointer(path: &str) -> Result<(Vec<String>, String), String> {
    if path.is_empty() {
        return Ok((vec![], String::new()));
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!("Unable to parse path: {}", path));
    };
    let mut parts: Vec<String> = rest
        .split('/')
        .map(|p| p.replace("~1", "/").replace("~0", "~"))
        .collect();
    let last = parts.pop().unwrap_or_default();
    Ok((parts, last))
}

fn resolve_mut<'a>(doc: &'a mut Value, parts: &[String]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for p in parts {
        cur = match cur {
            Value::Object(m) => m.get_mut(p)?,
            Value::Array(a) => {
                let i: usize = p.parse().ok()?;
                a.get_mut(i)?
            }
            _ => return None,
        };
    }
    Some(cur)
}

fn get<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(doc);
    }
    let (parts, last) = split_pointer(path).ok()?;
    let mut cur = doc;
    for p in parts.iter().chain(std::iter::once(&last)) {
        cur = match cur {
            Value::Object(m) => m.get(p)?,
            Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn array_index(s: &str, len: usize, for_add: bool) -> Result<usize, String> {
    let i: usize = s
        .parse()
        .map_err(|_| format!("Unable to access invalid index: {}", s))?;
    if (for_add && i > len) || (!for_add && i >= len) {
        return Err(format!("Unable to access invalid index: {}", i));
    }
    Ok(i)
}

fn add(doc: &mut Value, path: &str, v: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = v;
        return Ok(());
    }
    let (parent, last) = split_pointer(path)?;
    let target = resolve_mut(doc, &parent).ok_or(format!(
        "add operation does not apply: doc is missing path: \"{}\"",
        path
    ))?;
    match target {
        Value::Object(m) => {
            m.insert(last, v);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(v);
            } else {
                let i = array_index(&last, a.len(), true)?;
                a.insert(i, v);
            }
        }
        _ => {
            return Err(format!(
                "add operation does not apply: doc is missing path: \"{}\"",
                path
            ));
        }
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_pointer(path)?;
    let target = resolve_mut(doc, &parent).ok_or(format!(
        "remove operation does not apply: doc is missing path: \"{}\"",
        path
    ))?;
    match target {
        Value::Object(m) => m.remove(&last).ok_or(format!(
            "Unable to remove nonexistent key: {}: missing value",
            last
        )),
        Value::Array(a) => {
            let i = array_index(&last, a.len(), false)?;
            Ok(a.remove(i))
        }
        _ => Err(format!(
            "remove operation does not apply: doc is missing path: \"{}\"",
            path
        )),
    }
}

/// Apply a strategic merge patch to the JSON of an object of `kind`.
pub fn strategic(kind: Kind, doc: &Value, patch: &Value) -> Result<Value, smp::SmpError> {
    smp::strategic_merge_patch(doc, patch, schema_of(kind))
}

/// The strategic merge patch from `original` to `modified` (JSON of objects of `kind`), as
/// kubectl computes it (`CreateTwoWayMergePatch`).
pub fn create_strategic(kind: Kind, original: &Value, modified: &Value) -> Result<Value, String> {
    smp::create::create_two_way(original, modified, schema_of(kind)).map_err(|e| e.0)
}

/// The three-way patch `kubectl apply` sends (`CreateThreeWayMergePatch`, overwrite on):
/// `original` is the last-applied configuration, `modified` the new manifest, `current`
/// the live object.
pub fn create_apply_patch(
    kind: Kind,
    original: &Value,
    modified: &Value,
    current: &Value,
) -> Result<Value, String> {
    smp::create::create_three_way(original, modified, current, schema_of(kind)).map_err(|e| e.0)
}

fn schema_of(kind: Kind) -> smp::Schema {
    let root = smp_meta::KINDS
        .iter()
        .find(|(k, _)| *k == kind.name())
        .map(|(_, t)| *t)
        .unwrap_or("");
    smp::Schema::new(smp_meta::TYPES, root)
}

/// The Status for a failed strategic merge patch (`interpretStrategicMergePatchError`).
pub fn smp_error_status(e: &smp::SmpError) -> Status {
    let t = e.0.as_str();
    if [
        smp::ERR_BAD_JSON_DOC,
        smp::ERR_BAD_PATCH_FORMAT_FOR_PRIMITIVE_LIST,
        smp::ERR_BAD_PATCH_FORMAT_FOR_RETAIN_KEYS,
        smp::ERR_BAD_PATCH_FORMAT_FOR_SET_ELEMENT_ORDER_LIST,
    ]
    .contains(&t)
    {
        return Status::bad_request(t);
    }
    if t == smp::ERR_NO_LIST_OF_LISTS || t == "patch content doesn't match retainKeys list" {
        return Status::invalid_generic();
    }
    Status::new(500, "", t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// RFC 7386 appendix A, as evanphx/json-patch applies it.
    #[test]
    fn merge_patch_rfc7386_examples() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (
                json!({"a":"b","b":"c"}),
                json!({"a":null}),
                json!({"b":"c"}),
            ),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"c"}), json!({"a":["b"]}), json!({"a":["b"]})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!({"a":[{"b":"c"}]}), json!({"a":[1]}), json!({"a":[1]})),
            (json!({"e":null}), json!({"a":1}), json!({"e":null,"a":1})),
            (
                json!({}),
                json!({"a":{"bb":{"ccc":null}}}),
                json!({"a":{"bb":{}}}),
            ),
        ];
        for (doc, patch, want) in cases {
            assert_eq!(merge_patch(&doc, &patch), want, "{doc} + {patch}");
        }
    }

    #[test]
    fn json_patch_operations() {
        let doc = json!({"spec":{"replicas":2,"list":[1,2]},"metadata":{"annotations":{"a":"1"}}});
        let ops = decode_json_patch(&json!([
            {"op":"replace","path":"/spec/replicas","value":3},
            {"op":"add","path":"/spec/list/-","value":3},
            {"op":"add","path":"/spec/list/0","value":0},
            {"op":"remove","path":"/metadata/annotations/a"},
            {"op":"add","path":"/metadata/annotations/x~1y","value":"z"},
            {"op":"copy","from":"/spec/replicas","path":"/spec/copied"},
            {"op":"move","from":"/spec/copied","path":"/spec/moved"},
            {"op":"test","path":"/spec/moved","value":3}
        ]))
        .unwrap();
        let got = apply_json_patch(&doc, &ops).unwrap();
        assert_eq!(
            got,
            json!({"spec":{"replicas":3,"list":[0,1,2,3],"moved":3},"metadata":{"annotations":{"x/y":"z"}}})
        );
        let bad =
            decode_json_patch(&json!([{"op":"replace","path":"/spec/nope","value":1}])).unwrap();
        assert_eq!(
            apply_json_patch(&doc, &bad).unwrap_err(),
            "replace operation does not apply: doc is missing key: /spec/nope"
        );
        let t =
            decode_json_patch(&json!([{"op":"test","path":"/spec/replicas","value":9}])).unwrap();
        assert!(apply_json_patch(&doc, &t).is_err());
        assert_eq!(
            decode_json_patch(&json!({"op":"add"})).unwrap_err().message,
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch"
        );
    }

    #[test]
    fn smp_errors_map_to_upstream_codes() {
        assert_eq!(
            smp_error_status(&smp::SmpError(smp::ERR_BAD_JSON_DOC.into())).code,
            400
        );
        assert_eq!(
            smp_error_status(&smp::SmpError(smp::ERR_NO_LIST_OF_LISTS.into())).code,
            422
        );
        assert_eq!(
            smp_error_status(&smp::SmpError("unknown patch type: x in map: map[]".into())).code,
            500
        );
        assert_eq!(
            PatchType::from_content_type("application/merge-patch+json; charset=utf-8"),
            Some(PatchType::Merge)
        );
        assert_eq!(PatchType::from_content_type("application/json"), None);
    }
}

//! `json.MarshalIndent(obj, "", "    ")` of a typed object, as kubectl prints the objects its
//! generators (`run`, `create …`, `expose`) get back from the server: struct fields in Go's
//! declaration order (`go_order.rs`, generated from the Go types), maps with sorted keys.

use crate::sort::StableSort;
use serde_json::Value;

use super::go_order::{MAP, MSGS, NONE, ROOTS};

/// The object as Go's encoder writes its typed form; sorted keys when its kind is not one
/// of the served ones.
pub fn to_go_json(v: &Value) -> String {
    let api_version = v.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    let kind = v.get("kind").and_then(Value::as_str).unwrap_or("");
    let Some(&(_, _, root)) = ROOTS
        .iter()
        .find(|(g, k, _)| *g == api_version && *k == kind)
    else {
        return super::to_json(v);
    };
    let mut out = String::new();
    write(v, Some(root), true, 0, &mut out);
    out.push('\n');
    out
}

fn pad(n: usize, out: &mut String) {
    for _ in 0..n {
        out.push_str("    ");
    }
}

/// Write `v`, whose Go type is message `msg` (None: a map or a scalar, keys sorted).
fn write(v: &Value, msg: Option<u16>, root: bool, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(m) => {
            // (key, value, the value's message)
            let mut fields: Vec<(&str, &Value, Option<u16>)> = vec![];
            match msg {
                Some(i) if (i & MAP) != 0 => {
                    let child = Some(i & !MAP);
                    fields.extend(m.iter().map(|(k, v)| (k.as_str(), v, child)));
                    fields.stable_sort_by(|a, b| a.0.cmp(b.0));
                }
                Some(i) => {
                    let table = MSGS.get(i as usize).copied().unwrap_or(&[]);
                    // TypeMeta comes first in every kind (Kind, then APIVersion).
                    if root {
                        for k in ["kind", "apiVersion"] {
                            if let Some(v) = m.get(k) {
                                fields.push((k, v, None));
                            }
                        }
                    }
                    for (name, child) in table {
                        if let Some(v) = m.get(*name) {
                            fields.push((name, v, (*child != NONE).then_some(*child)));
                        }
                    }
                    // Anything the table does not know goes last, sorted.
                    let mut rest: Vec<(&str, &Value, Option<u16>)> = m
                        .iter()
                        .filter(|(k, _)| !fields.iter().any(|f| f.0 == k.as_str()))
                        .map(|(k, v)| (k.as_str(), v, None))
                        .collect();
                    rest.stable_sort_by(|a, b| a.0.cmp(b.0));
                    fields.extend(rest);
                }
                None => {
                    fields.extend(m.iter().map(|(k, v)| (k.as_str(), v, None)));
                    fields.stable_sort_by(|a, b| a.0.cmp(b.0));
                }
            }
            out.push_str("{\n");
            let n = fields.len();
            for (i, (k, v, child)) in fields.into_iter().enumerate() {
                pad(indent + 1, out);
                out.push_str(&crate::kubectl::jsonpath::go_json(&Value::String(
                    k.to_string(),
                )));
                out.push_str(": ");
                write(v, child, false, indent + 1, out);
                if i + 1 < n {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(indent, out);
            out.push('}');
        }
        Value::Array(a) => {
            out.push_str("[\n");
            for (i, item) in a.iter().enumerate() {
                pad(indent + 1, out);
                write(item, msg, false, indent + 1, out);
                if i + 1 < a.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            pad(indent, out);
            out.push(']');
        }
        scalar => out.push_str(&crate::kubectl::jsonpath::go_json(scalar)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// A Deployment as kubectl 1.32 prints `kubectl create deployment web --image=nginx -o
    /// json`'s answer: TypeMeta, then ObjectMeta's and the spec's fields in declaration order.
    #[test]
    fn fields_in_go_declaration_order() {
        let v = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"uid": "u", "name": "web", "labels": {"b": "2", "a": "1"}, "namespace": "default"},
            "spec": {"template": {"spec": {"containers": [{"resources": {}, "name": "nginx", "image": "nginx"}]}}, "replicas": 1},
            "status": {}
        });
        let want = r#"{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "namespace": "default",
        "uid": "u",
        "labels": {
            "a": "1",
            "b": "2"
        }
    },
    "spec": {
        "replicas": 1,
        "template": {
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "resources": {}
                    }
                ]
            }
        }
    },
    "status": {}
}
"#;
        assert_eq!(super::to_go_json(&v), want);
    }
}

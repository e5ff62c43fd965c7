//! `/openapi/v3`: what kubectl needs to validate on the server side.
//!
//! `kubectl apply|create -f|replace|edit` fetch the index and the document of the object's
//! group-version and look for a PATCH operation tagged with the object's
//! `x-kubernetes-group-version-kind` that takes a `fieldValidation` parameter
//! (`staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go`); finding it,
//! they send `fieldValidation=Strict` and leave validation to the server. The documents
//! here carry the operations of every served resource and the component schemas of the
//! served kinds (`openapi-schemas.json`, written by `tools/gen_openapi_schemas.py`), which
//! `kubectl explain` renders. Natively the schemas are compiled in; the page loads the file
//! when it is first needed and hands it over with [`install_schemas`].

use serde_json::{Value, json};

use super::route::{GROUPS, resources_in};

/// The documents' hash parameter (any stable string; kubectl caches by it).
const HASH: &str = "4B1E0A0D0F0E5C3A";

#[cfg(not(feature = "web"))]
static SCHEMAS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();

/// The component schemas (name → schema), if loaded.
#[cfg(not(feature = "web"))]
pub fn schemas() -> Option<&'static Value> {
    Some(SCHEMAS.get_or_init(|| {
        serde_json::from_str(include_str!("openapi-schemas.json")).unwrap_or(Value::Null)
    }))
}

#[cfg(feature = "web")]
static SCHEMAS: std::sync::OnceLock<Value> = std::sync::OnceLock::new();

/// The component schemas (name → schema), once the page has loaded them.
#[cfg(feature = "web")]
pub fn schemas() -> Option<&'static Value> {
    SCHEMAS.get()
}

/// Hand the schemas (the text of `openapi-schemas.json`) to the page's engine.
#[cfg(feature = "web")]
pub fn install_schemas(text: &str) {
    if let Ok(v) = serde_json::from_str(text) {
        let _ = SCHEMAS.set(v);
    }
}

/// `GET /openapi/v3`.
pub fn index() -> Value {
    let mut paths = serde_json::Map::new();
    paths.insert(
        "api/v1".into(),
        json!({"serverRelativeURL": format!("/openapi/v3/api/v1?hash={}", HASH)}),
    );
    for g in GROUPS {
        let gv = super::route::group_version(g);
        paths.insert(
            format!("apis/{}", gv),
            json!({"serverRelativeURL": format!("/openapi/v3/apis/{}?hash={}", gv, HASH)}),
        );
    }
    json!({ "paths": paths })
}

fn op(action: &str, op_id: String, group: &str, kind: &str, validation: bool) -> Value {
    let mut params = vec![
        json!({"name": "dryRun", "in": "query", "schema": {"type": "string", "uniqueItems": true}}),
    ];
    if validation {
        params.push(json!({"name": "fieldValidation", "in": "query", "schema": {"type": "string", "uniqueItems": true}}));
    }
    json!({
        "operationId": op_id,
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {"group": group, "version": super::route::version_of(group), "kind": kind},
        "parameters": params,
        "responses": {"200": {"description": "OK"}}
    })
}

/// `GET /openapi/v3/api/v1` or `/openapi/v3/apis/GROUP/v1` (`gv` = `v1`, `apps/v1`).
pub fn document(gv: &str) -> Value {
    let mut d = operations(gv);
    d["components"]["schemas"] = schemas().cloned().unwrap_or_else(|| json!({}));
    d
}

/// [`document`] without its component schemas (see [`schemas`]).
pub fn operations(gv: &str) -> Value {
    let group = super::route::group_of_version(gv).unwrap_or("");
    let prefix = if group.is_empty() {
        "/api/v1".to_string()
    } else {
        format!("/apis/{}", super::route::group_version(group))
    };
    let mut paths = serde_json::Map::new();
    for r in resources_in(group) {
        let k = r.kind;
        let kind = k.name();
        let base = if k.namespaced() {
            format!("{}/namespaces/{{namespace}}/{}", prefix, k.plural())
        } else {
            format!("{}/{}", prefix, k.plural())
        };
        let suffix = if k.namespaced() { "Namespaced" } else { "" };
        paths.insert(
            base.clone(),
            json!({
                "get": op("list", format!("list{}{}", suffix, kind), group, kind, false),
                "post": op("post", format!("create{}{}", suffix, kind), group, kind, true),
            }),
        );
        paths.insert(
            format!("{}/{{name}}", base),
            json!({
                "get": op("get", format!("read{}{}", suffix, kind), group, kind, false),
                "put": op("put", format!("replace{}{}", suffix, kind), group, kind, true),
                "patch": op("patch", format!("patch{}{}", suffix, kind), group, kind, true),
                "delete": op("delete", format!("delete{}{}", suffix, kind), group, kind, false),
            }),
        );
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.32.0"},
        "paths": paths,
        "components": {"schemas": {}}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_operations_carry_the_kind_and_field_validation() {
        let d = document("apps/v1");
        let p = &d["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"];
        assert_eq!(p["x-kubernetes-group-version-kind"]["kind"], "Deployment");
        assert!(
            p["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|x| x["name"] == "fieldValidation")
        );
        let core = document("v1");
        assert!(core["paths"]["/api/v1/nodes/{name}"]["patch"].is_object());
        assert!(index()["paths"]["apis/apps/v1"]["serverRelativeURL"].is_string());
    }
}

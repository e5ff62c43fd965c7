//! Discovery documents: `/version`, the aggregated discovery lists kubectl 1.32 asks for
//! first (`apidiscovery.k8s.io/v2`), and the legacy `/api`, `/apis`, `/apis/GROUP` and
//! group-version resource lists (which `kubectl drain` reads to find `pods/eviction`).
//! Shapes: `staging/src/k8s.io/api/apidiscovery/v2/types.go`,
//! `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go` (APIResourceList).

use serde_json::{Value, json};

use crate::profile::Profile;

use super::route::{GROUPS, Resource, group_of_version, resources_in, version_of};

/// The aggregated-discovery media type, v2 (what kubectl 1.32 prefers).
pub const AGGREGATED_V2: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
/// The beta form older clients ask for.
pub const AGGREGATED_V2BETA1: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

/// `GET /version`.
pub fn version(profile: Profile) -> Value {
    profile.version_info()
}

/// Which aggregated version the `Accept` header asks for, if any.
pub fn aggregated_version(accept: &str) -> Option<&'static str> {
    for part in accept.split(',') {
        let p: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        if p.contains("as=APIGroupDiscoveryList") && p.contains("g=apidiscovery.k8s.io") {
            if p.contains("v=v2beta1") {
                return Some("v2beta1");
            }
            if p.contains("v=v2") {
                return Some("v2");
            }
        }
    }
    None
}

/// A stable 8-byte hash for `storageVersionHash` (FNV-1a of the kind's name).
fn storage_hash(kind: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in kind.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    super::query::base64_encode(&h.to_be_bytes())
}

fn aggregated_resource(r: &Resource) -> Value {
    let k = r.kind;
    let mut m = serde_json::Map::new();
    m.insert("resource".into(), json!(k.plural()));
    m.insert(
        "responseKind".into(),
        json!({"group": r.group, "version": version_of(r.group), "kind": k.name()}),
    );
    m.insert(
        "scope".into(),
        json!(if k.namespaced() {
            "Namespaced"
        } else {
            "Cluster"
        }),
    );
    m.insert("singularResource".into(), json!(r.singular));
    m.insert("verbs".into(), json!(r.verbs));
    if !r.short_names.is_empty() {
        m.insert("shortNames".into(), json!(r.short_names));
    }
    if !r.categories.is_empty() {
        m.insert("categories".into(), json!(r.categories));
    }
    if !r.subresources.is_empty() {
        let subs: Vec<Value> = r
            .subresources
            .iter()
            .map(|s| {
                let (g, v, kind) = s.response_kind(k);
                json!({"subresource": s.name(), "responseKind": {"group": g, "version": v, "kind": kind}, "verbs": s.verbs()})
            })
            .collect();
        m.insert("subresources".into(), Value::Array(subs));
    }
    Value::Object(m)
}

fn aggregated_group(group: &str) -> Value {
    let mut resources: Vec<Value> = vec![];
    if group.is_empty() {
        resources.push(json!({
            "resource": "bindings",
            "responseKind": {"group": "", "version": "v1", "kind": "Binding"},
            "scope": "Namespaced",
            "singularResource": "binding",
            "verbs": ["create"]
        }));
    }
    resources.extend(resources_in(group).map(aggregated_resource));
    let mut versions = vec![
        json!({"version": version_of(group), "resources": resources.clone(), "freshness": "Current"}),
    ];
    if group == "autoscaling" {
        // autoscaling/v1 is served too (converted), after the preferred v2.
        let mut v1 = resources;
        for r in v1.iter_mut() {
            r["responseKind"]["version"] = json!("v1");
        }
        versions.push(json!({"version": "v1", "resources": v1, "freshness": "Current"}));
    }
    json!({
        "metadata": {"name": group, "creationTimestamp": null},
        "versions": versions
    })
}

/// `GET /api` (`core`) or `GET /apis` (every other group, and metrics.k8s.io when
/// `metrics`: its APIService is available) in aggregated form.
pub fn aggregated(core: bool, version: &str, metrics: bool) -> Value {
    let mut items: Vec<Value> = if core {
        vec![aggregated_group("")]
    } else {
        GROUPS.iter().map(|g| aggregated_group(g)).collect()
    };
    if !core && metrics {
        items.push(super::metrics::aggregated_group());
    }
    json!({
        "kind": "APIGroupDiscoveryList",
        "apiVersion": format!("apidiscovery.k8s.io/{}", version),
        "metadata": {},
        "items": items
    })
}

/// Legacy `GET /api`.
pub fn legacy_api(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]
    })
}

fn group_entry(g: &str) -> Value {
    let v = version_of(g);
    let gv = format!("{}/{}", g, v);
    let mut versions = vec![json!({"groupVersion": gv, "version": v})];
    if g == "autoscaling" {
        // autoscaling/v1 is served too (converted), after the preferred v2.
        versions.push(json!({"groupVersion": "autoscaling/v1", "version": "v1"}));
    }
    json!({
        "name": g,
        "versions": versions,
        "preferredVersion": {"groupVersion": gv, "version": v}
    })
}

/// Legacy `GET /apis` (metrics.k8s.io last, when available).
pub fn legacy_apis(metrics: bool) -> Value {
    let mut groups: Vec<Value> = GROUPS.iter().map(|g| group_entry(g)).collect();
    if metrics {
        groups.push(super::metrics::group_entry());
    }
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// `GET /apis/GROUP`.
pub fn group(g: &str) -> Value {
    let mut v = group_entry(g);
    if let Value::Object(m) = &mut v {
        m.insert("kind".into(), json!("APIGroup"));
        m.insert("apiVersion".into(), json!("v1"));
    }
    v
}

/// `GET /api/v1` or `GET /apis/GROUP/v1`: an `APIResourceList` (subresources as
/// `pods/status` entries; cross-group ones name their group and version).
pub fn resource_list(group_version: &str) -> Value {
    let group = group_of_version(group_version).unwrap_or("");
    let mut out: Vec<Value> = vec![];
    if group.is_empty() {
        out.push(json!({"name": "bindings", "singularName": "binding", "namespaced": true, "kind": "Binding", "verbs": ["create"]}));
    }
    for r in resources_in(group) {
        let k = r.kind;
        let mut m = serde_json::Map::new();
        m.insert("name".into(), json!(k.plural()));
        m.insert("singularName".into(), json!(r.singular));
        m.insert("namespaced".into(), json!(k.namespaced()));
        m.insert("kind".into(), json!(k.name()));
        m.insert("verbs".into(), json!(r.verbs));
        if !r.short_names.is_empty() {
            m.insert("shortNames".into(), json!(r.short_names));
        }
        if !r.categories.is_empty() {
            m.insert("categories".into(), json!(r.categories));
        }
        // (events.k8s.io events are stored as core/v1 events: the same hash)
        m.insert("storageVersionHash".into(), json!(storage_hash(k.name())));
        out.push(Value::Object(m));
        for s in r.subresources {
            let (g, v, kind) = s.response_kind(k);
            let mut m = serde_json::Map::new();
            m.insert("name".into(), json!(format!("{}/{}", k.plural(), s.name())));
            m.insert("singularName".into(), json!(""));
            m.insert("namespaced".into(), json!(k.namespaced()));
            if g != k.group() {
                m.insert("group".into(), json!(g));
                m.insert("version".into(), json!(v));
            }
            m.insert("kind".into(), json!(kind));
            m.insert("verbs".into(), json!(s.verbs()));
            out.push(Value::Object(m));
        }
    }
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": out})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eviction_is_advertised_in_the_policy_group() {
        let l = resource_list("v1");
        let ev = l["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "pods/eviction")
            .unwrap();
        assert_eq!(
            (ev["group"].as_str(), ev["version"].as_str()),
            (Some("policy"), Some("v1"))
        );
        assert_eq!(ev["kind"], "Eviction");
    }

    #[test]
    fn accept_selects_the_aggregated_form() {
        let a = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert_eq!(aggregated_version(a), Some("v2"));
        assert_eq!(aggregated_version("application/json, */*"), None);
        let apis = aggregated(false, "v2", false);
        let names: Vec<&str> = apis["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["metadata"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "apps",
                "events.k8s.io",
                "autoscaling",
                "batch",
                "policy",
                "storage.k8s.io",
                "coordination.k8s.io",
                "discovery.k8s.io"
            ]
        );
        assert_eq!(version(Profile::V1_26)["minor"], "26");
    }
}

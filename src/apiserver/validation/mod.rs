//! API validation: the field errors the API server returns as 422 Invalid, with the exact
//! upstream texts. One file per group: `field` (errors), `gofmt` (Go value rendering),
//! `names`, `meta` (ObjectMeta, selectors), `core`, `apps`; Services are in
//! `apiserver/service.rs`. This file dispatches by kind.
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

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

use crate::object::Object;
pub use crate::quantity::{
    ParsedQuantity, QUANTITY_FORMAT_ERROR, QuantityFormat, canonical_resource_quantity,
    parse_quantity, parse_quantity_bytes, parse_quantity_millis,
};

mod apps;
mod autoscaling;
pub mod config;
mod core;
pub mod field;
pub mod gofmt;
pub mod meta;
pub mod names;
mod policy;
mod storage;

use apps::*;
use core::*;
pub use field::*;
pub use gofmt::*;
pub use meta::*;
pub use names::*;

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
        Object::Event(ev) => validate_event_legacy(ev, &mut errs),
        Object::EndpointSlice(_) => {}
        Object::Service(svc) => super::service::validate_service(svc, &mut errs),
        Object::Endpoints(ep) => super::service::validate_endpoints(ep, &mut errs),
        Object::DaemonSet(ds) => validate_daemonset(ds, &mut errs),
        Object::ControllerRevision(cr) => validate_controller_revision(cr, &mut errs),
        Object::Job(j) => validate_job(j, &mut errs),
        Object::CronJob(cj) => validate_cronjob(cj, None, &mut errs),
        Object::StatefulSet(s) => validate_statefulset(s, &mut errs),
        Object::PersistentVolumeClaim(c) => storage::validate_pvc(c, &mut errs),
        Object::PersistentVolume(v) => storage::validate_pv(v, &mut errs),
        Object::StorageClass(c) => storage::validate_storage_class(c, &mut errs),
        Object::HorizontalPodAutoscaler(h) => autoscaling::validate_hpa(h, &mut errs),
        Object::PodDisruptionBudget(b) => policy::validate_pdb(b, &mut errs),
        Object::ConfigMap(cm) => config::validate_configmap(cm, &mut errs),
        Object::Secret(s) => config::validate_secret(s, &mut errs),
        Object::ServiceAccount(sa) => config::validate_service_account(sa, &mut errs),
        Object::ResourceQuota(q) => config::validate_resource_quota(q, &mut errs),
        Object::LimitRange(lr) => config::validate_limit_range(lr, &mut errs),
    }
    errs
}

/// `legacyValidateEvent` (`pkg/apis/core/validation/events.go`): what every Event must
/// meet, whichever API created it.
fn validate_event_legacy(ev: &k8s_openapi::api::core::v1::Event, errs: &mut Vec<FieldError>) {
    let ns = ev.metadata.namespace.as_deref().unwrap_or("");
    let io_ns = ev.involved_object.namespace.as_deref().unwrap_or("");
    let mismatch = || {
        FieldError::invalid(
            "involvedObject.namespace",
            gofmt::go_quote(io_ns),
            "does not match event.namespace",
        )
    };
    let limit = |field: &str, v: &str, max: usize, errs: &mut Vec<FieldError>| {
        if v.len() > max {
            errs.push(FieldError::invalid(
                field,
                "\"\"",
                format!("can have at most {} characters", max),
            ));
        }
    };
    if ev.event_time.is_none() {
        if io_ns.is_empty() {
            if !ns.is_empty() && ns != "default" {
                errs.push(mismatch());
            }
        } else if ns != io_ns {
            errs.push(mismatch());
        }
    } else {
        if io_ns.is_empty() && ns != "default" && ns != "kube-system" {
            errs.push(mismatch());
        }
        let rc = ev.reporting_component.as_deref().unwrap_or("");
        if rc.is_empty() {
            errs.push(FieldError::required("reportingController", ""));
        }
        for m in names::is_qualified_name(rc) {
            errs.push(FieldError::invalid(
                "reportingController",
                gofmt::go_quote(rc),
                m,
            ));
        }
        let ri = ev.reporting_instance.as_deref().unwrap_or("");
        if ri.is_empty() {
            errs.push(FieldError::required("reportingInstance", ""));
        }
        limit("reportingInstance", ri, 128, errs);
        let action = ev.action.as_deref().unwrap_or("");
        if action.is_empty() {
            errs.push(FieldError::required("action", ""));
        }
        limit("action", action, 128, errs);
        let reason = ev.reason.as_deref().unwrap_or("");
        if reason.is_empty() {
            errs.push(FieldError::required("reason", ""));
        }
        limit("reason", reason, 128, errs);
        limit("message", ev.message.as_deref().unwrap_or(""), 1024, errs);
    }
    for m in names::is_dns1123_subdomain(ns) {
        errs.push(FieldError::invalid("namespace", gofmt::go_quote(ns), m));
    }
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
        (Object::DaemonSet(o), Object::DaemonSet(n)) => {
            // ValidateDaemonSetUpdate + the strategy's immutable selector (apps/v1).
            validate_daemonset_spec(&n.spec.clone().unwrap_or_default(), "spec", &mut errs);
            let os = o.spec.as_ref().map(|s| &s.selector);
            let ns = n.spec.as_ref().map(|s| &s.selector);
            immutable_selector(os, ns, &mut errs);
        }
        (Object::ControllerRevision(o), Object::ControllerRevision(n)) => {
            validate_controller_revision(n, &mut errs);
            if o.data != n.data {
                errs.push(FieldError::invalid(
                    "data",
                    "runtime.RawExtension{...}",
                    FIELD_IMMUTABLE_ERROR_MSG,
                ));
            }
        }
        (Object::Job(o), Object::Job(n)) => validate_job_update(o, n, &mut errs),
        (Object::CronJob(o), Object::CronJob(n)) => validate_cronjob(n, Some(o), &mut errs),
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
        (Object::StatefulSet(o), Object::StatefulSet(n)) => {
            validate_statefulset_update(o, n, &mut errs)
        }
        (Object::PersistentVolumeClaim(o), Object::PersistentVolumeClaim(n)) => {
            storage::validate_pvc_update(o, n, &mut errs)
        }
        (Object::PersistentVolume(o), Object::PersistentVolume(n)) => {
            storage::validate_pv_update(o, n, &mut errs)
        }
        (Object::StorageClass(o), Object::StorageClass(n)) => {
            storage::validate_storage_class_update(o, n, &mut errs)
        }
        (Object::HorizontalPodAutoscaler(_), Object::HorizontalPodAutoscaler(n)) => {
            autoscaling::validate_hpa(n, &mut errs)
        }
        (Object::PodDisruptionBudget(_), Object::PodDisruptionBudget(n)) => {
            policy::validate_pdb(n, &mut errs)
        }
        (Object::ConfigMap(o), Object::ConfigMap(n)) => {
            config::validate_configmap_update(o, n, &mut errs)
        }
        (Object::Secret(o), Object::Secret(n)) => config::validate_secret_update(o, n, &mut errs),
        (Object::ServiceAccount(_), Object::ServiceAccount(n)) => {
            config::validate_service_account(n, &mut errs)
        }
        (Object::ResourceQuota(o), Object::ResourceQuota(n)) => {
            config::validate_resource_quota_update(o, n, &mut errs)
        }
        (Object::LimitRange(_), Object::LimitRange(n)) => {
            config::validate_limit_range(n, &mut errs)
        }
        // Namespace, Lease, Event: metadata rules only.
        _ => {}
    }
    errs
}

pub(crate) fn immutable_selector(
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
pub(crate) fn semantic_selector_eq(a: &LabelSelector, b: &LabelSelector) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apiserver::decode::decode_strict;
    use crate::apiserver::defaults::default_object;
    use crate::object::Kind;
    use serde_json::{Value, json};
    use std::collections::BTreeMap;

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
            "a: Too long: may not be more than 10 bytes"
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

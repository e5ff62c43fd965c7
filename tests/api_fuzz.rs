//! The REST layer under random input: random methods, paths, queries, content types,
//! bodies and patches against a cluster running a Deployment. The server never panics;
//! a failed request leaves the store exactly as it was; every answer is a well-formed
//! response (a `Status` with the HTTP code for errors); revisions only grow; and the
//! cluster keeps reconciling afterwards.

use kubestep::apiserver::rest::{Reply, Request};
use kubestep::{Engine, EngineConfig};
use proptest::prelude::*;

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"#;

fn cluster() -> Engine {
    let mut e = Engine::new(EngineConfig::default());
    let a: Vec<String> = ["kubectl", "apply", "-f", "-"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(e.exec(&a, Some(DEPLOYMENT), None).exit, 0);
    e.exec(&["settle".to_string()], None, None);
    e
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("default".to_string()),
        Just("kube-system".to_string()),
        Just("web".to_string()),
        Just("worker-1".to_string()),
        Just("nope".to_string()),
        Just("status".to_string()),
        Just("scale".to_string()),
        Just("log".to_string()),
        Just("eviction".to_string()),
        Just("binding".to_string()),
        Just("watch".to_string()),
        Just("%2e%2e".to_string()),
        Just("".to_string()),
        "[a-z0-9%.~-]{1,12}",
        "\\PC{0,8}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        Just("/api/v1".to_string()),
        Just("/apis/apps/v1".to_string()),
        Just("/apis/coordination.k8s.io/v1".to_string()),
        Just("/apis/discovery.k8s.io/v1".to_string()),
        Just("/apis".to_string()),
        Just("/api".to_string()),
        Just("/openapi/v3".to_string()),
        Just("/version".to_string()),
        Just("/kubestep/v1".to_string()),
        Just("".to_string()),
    ];
    let kind = prop_oneof![
        Just("namespaces/default/deployments".to_string()),
        Just("namespaces/default/replicasets".to_string()),
        Just("namespaces/default/pods".to_string()),
        Just("namespaces/default/services".to_string()),
        Just("namespaces/default/events".to_string()),
        Just("nodes".to_string()),
        Just("namespaces".to_string()),
        Just("pods".to_string()),
        Just("deployments".to_string()),
        Just("".to_string()),
    ];
    (prefix, kind, prop::collection::vec(segment(), 0..4)).prop_map(|(p, k, segs)| {
        let mut s = p;
        if !k.is_empty() {
            s.push('/');
            s.push_str(&k);
        }
        for x in segs {
            s.push('/');
            s.push_str(&x);
        }
        s
    })
}

fn query() -> impl Strategy<Value = String> {
    let pair = prop_oneof![
        Just("watch=true".to_string()),
        Just("watch=1".to_string()),
        Just("resourceVersion=0".to_string()),
        Just("resourceVersion=1".to_string()),
        Just("resourceVersion=abc".to_string()),
        Just("limit=1".to_string()),
        Just("limit=-5".to_string()),
        Just(
            "continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJ3XHUwMDAwIn0=".to_string()
        ),
        Just("continue=%%%".to_string()),
        Just("labelSelector=app%3Dweb".to_string()),
        Just("labelSelector=app+in+(".to_string()),
        Just("fieldSelector=metadata.name%3Dweb".to_string()),
        Just("fieldSelector=spec.bogus%3D1".to_string()),
        Just("fieldSelector=%3D%3D%3D".to_string()),
        Just("dryRun=All".to_string()),
        Just("dryRun=Some".to_string()),
        Just("fieldValidation=Strict".to_string()),
        Just("fieldValidation=Nope".to_string()),
        Just("includeObject=Object".to_string()),
        Just("gracePeriodSeconds=0".to_string()),
        Just("propagationPolicy=Orphan".to_string()),
        Just("timeoutSeconds=1".to_string()),
        Just("force=true".to_string()),
        "[a-zA-Z%=&+]{0,16}",
    ];
    prop::collection::vec(pair, 0..4).prop_map(|v| v.join("&"))
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        Just(Value::String("$patch".into())),
        Just(Value::String("delete".into())),
        Just(Value::String("replace".into())),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        let key = prop_oneof![
            Just("metadata".to_string()),
            Just("spec".to_string()),
            Just("status".to_string()),
            Just("replicas".to_string()),
            Just("name".to_string()),
            Just("labels".to_string()),
            Just("template".to_string()),
            Just("containers".to_string()),
            Just("image".to_string()),
            Just("$patch".to_string()),
            Just("$retainKeys".to_string()),
            Just("$setElementOrder/containers".to_string()),
            Just("$deleteFromPrimitiveList/finalizers".to_string()),
            Just("finalizers".to_string()),
            Just("op".to_string()),
            Just("path".to_string()),
            Just("value".to_string()),
            "[a-zA-Z$/]{1,10}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(key, inner, 0..5)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(vec![]),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        Just(br#"{"spec":{"replicas":3}}"#.to_vec()),
        Just(br#"[{"op":"replace","path":"/spec/replicas","value":0}]"#.to_vec()),
        Just(br#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}"#.to_vec()),
        Just(br#"{"metadata":{"name":"x","labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}"#.to_vec()),
        Just(br#"{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"web"}}"#.to_vec()),
        Just(br#"{"apiVersion":"v1","kind":"Binding","metadata":{"name":"x"},"target":{"name":"worker-1"}}"#.to_vec()),
        prop::collection::vec(any::<u8>(), 0..64),
        "\\PC{0,40}".prop_map(|s| s.into_bytes()),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    let method = prop_oneof![
        Just("GET"),
        Just("POST"),
        Just("PUT"),
        Just("PATCH"),
        Just("DELETE"),
        Just("HEAD"),
        Just("OPTIONS"),
        Just("BREW"),
    ];
    let ct = prop_oneof![
        Just(None),
        Just(Some("application/json")),
        Just(Some("application/merge-patch+json")),
        Just(Some("application/strategic-merge-patch+json")),
        Just(Some("application/json-patch+json")),
        Just(Some("application/apply-patch+yaml")),
        Just(Some("application/yaml")),
        Just(Some("application/vnd.kubernetes.protobuf")),
        Just(Some("text/plain; charset=utf-8")),
    ];
    let accept = prop_oneof![
        Just(None),
        Just(Some(
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
        )),
        Just(Some(
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
        )),
        Just(Some("application/vnd.kubernetes.protobuf")),
    ];
    (method, path(), query(), ct, accept, body()).prop_map(|(m, p, q, ct, acc, b)| Request {
        method: m.to_string(),
        path: p,
        query: q,
        content_type: ct.map(String::from),
        accept: acc.map(String::from),
        client: "fuzz".into(),
        body: b,
    })
}

fn check_reply(req: &Request, reply: &Reply) {
    if let Reply::Done(r) = reply {
        assert!((200..600).contains(&r.code), "{req:?}: code {}", r.code);
        if r.code >= 400 && r.content_type.contains("json") {
            let v: serde_json::Value = serde_json::from_slice(&r.body)
                .unwrap_or_else(|e| panic!("{req:?}: error body is not JSON ({e})"));
            assert_eq!(v["kind"], "Status", "{req:?}: {v}");
            assert_eq!(v["code"].as_u64(), Some(r.code as u64), "{req:?}: {v}");
            assert!(
                v["message"].as_str().is_some_and(|m| !m.is_empty()),
                "{req:?}: {v}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64), ..ProptestConfig::default() })]

    #[test]
    fn random_requests_never_panic_and_failures_change_nothing(reqs in prop::collection::vec(request(), 1..12)) {
        let mut e = cluster();
        let mut last_rev = e.cluster().store.revision();
        for req in &reqs {
            let before = e.cluster().store.revision();
            let (reply, _) = e.api(req);
            check_reply(req, &reply);
            let after = e.cluster().store.revision();
            prop_assert!(after >= before, "{:?}: revision went back {} -> {}", req, before, after);
            if let Reply::Done(r) = &reply
                && r.code >= 400
            {
                prop_assert_eq!(after, before, "{:?}: a failed request ({}) wrote", req, r.code);
            }
            last_rev = last_rev.max(after);
        }
        // The cluster still reconciles: the Deployment (if it survived as is) settles.
        let out = e.exec(&["settle".to_string()], None, None);
        prop_assert_eq!(out.exit, 0);
        prop_assert!(e.cluster().store.revision() >= last_rev);
    }
}

/// Each request is also a valid `api` script line that replays to the same cluster.
#[test]
fn api_writes_replay_through_rewind() {
    let mut e = cluster();
    let req = Request {
        method: "PATCH".into(),
        path: "/apis/apps/v1/namespaces/default/deployments/web/scale".into(),
        content_type: Some("application/merge-patch+json".into()),
        client: "kubectl scale".into(),
        body: br#"{"spec":{"replicas":4}}"#.to_vec(),
        ..Default::default()
    };
    let (reply, _) = e.api(&req);
    assert!(matches!(reply, Reply::Done(ref r) if r.code == 200));
    e.exec(&["settle".to_string()], None, None);
    let steps = e.history().len() as u64;
    assert_eq!(
        e.cluster()
            .store
            .list(kubestep::object::Kind::Pod, Some("default"))
            .len(),
        4
    );
    // Rewinding replays the op log from the start, the api line included.
    let mut back = e.clone();
    back.rewind_to(steps - 1).unwrap_or_else(|m| panic!("{m}"));
    let d = back
        .cluster()
        .get(kubestep::object::Kind::Deployment, "default", "web")
        .unwrap();
    assert_eq!(
        d.as_deployment().unwrap().spec.as_ref().unwrap().replicas,
        Some(4)
    );
    // The exported session replays to the same cluster.
    let script = e.session_script();
    assert!(
        script.contains("api PATCH /apis/apps/v1/namespaces/default/deployments/web/scale --content-type application/merge-patch+json --client 'kubectl scale' <<'EOF'"),
        "{script}"
    );
    let mut again = Engine::new(EngineConfig::default());
    for cmd in kubestep::script::parse_script(&script).unwrap() {
        kubestep::script::exec_command(&mut again, &cmd);
    }
    assert_eq!(again.history().len(), e.history().len());
    assert_eq!(
        again.cluster().store.revision(),
        e.cluster().store.revision()
    );
}

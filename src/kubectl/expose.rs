//! `kubectl expose (deployment|replicaset|pod) NAME --port P [--target-port T] [--type T]
//! [--name N] [--protocol P]`: create a Service selecting the resource's pods
//! (`staging/src/k8s.io/kubectl/pkg/cmd/expose`, generator `service/v2`).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::flags;
use super::generate::J;
use crate::engine::{Engine, ExecOutput};
use crate::object::{Kind, Object};

/// Run `kubectl expose`.
pub fn expose(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "port",
            "target-port",
            "type",
            "name",
            "protocol",
            "namespace",
            "selector",
            "output",
            "dry-run",
            "field-manager",
        ],
        &[
            "save-config",
            "show-managed-fields",
            "allow-missing-template-keys",
        ],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl expose -h' for help and examples",
                m
            ));
        }
    };
    let Some(pairs) = super::resource_names(&f.positional, out) else {
        return;
    };
    if pairs.is_empty() {
        // A TYPE without a name (`-l` is the new Service's selector, not a filter).
        return out.fail("error: resource(s) were provided, but no name was specified");
    }
    let [(kind, name)] = pairs.as_slice() else {
        return out.fail("error: you must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    };
    let ns = super::namespace(&f);
    let (output, dry, _) = match super::generate::common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    if !matches!(
        kind,
        Kind::Deployment | Kind::ReplicaSet | Kind::Pod | Kind::Service
    ) {
        return out.fail(format!("error: cannot expose a {}", kind.name()));
    }
    let Some(obj) = e.cluster.get(*kind, &ns, name) else {
        return out.fail(format!(
            "Error from server (NotFound): {} \"{}\" not found",
            kind.qualified_plural(),
            name
        ));
    };
    // Selector: the resource's matchLabels (pods: their labels).
    let selector: Option<BTreeMap<String, String>> = match &*obj {
        Object::Deployment(d) => d.spec.as_ref().and_then(|s| {
            if s.selector
                .match_expressions
                .as_ref()
                .is_some_and(|m| !m.is_empty())
            {
                None
            } else {
                s.selector.match_labels.clone()
            }
        }),
        Object::ReplicaSet(r) => r
            .spec
            .as_ref()
            .and_then(|s| s.selector.match_labels.clone()),
        Object::Pod(p) => p.metadata.labels.clone(),
        Object::Service(s) => s.spec.as_ref().and_then(|s| s.selector.clone()),
        _ => None,
    };
    let selector = match f.get("selector") {
        Some(s) => {
            let mut m = BTreeMap::new();
            for kv in s.split(',') {
                if let Some((k, v)) = kv.split_once('=') {
                    m.insert(k.trim().to_string(), v.trim().to_string());
                }
            }
            Some(m)
        }
        None => selector,
    };
    let Some(selector) = selector.filter(|s| !s.is_empty()) else {
        return out.fail(format!(
            "error: couldn't retrieve selectors via --selector flag or introspection: the {} has no matchLabels",
            kind.name().to_lowercase()
        ));
    };
    // Ports: --port, else the container ports of the pod template.
    let containers = match &*obj {
        Object::Deployment(d) => d
            .spec
            .as_ref()
            .and_then(|s| s.template.spec.as_ref())
            .map(|s| s.containers.clone()),
        Object::ReplicaSet(r) => r
            .spec
            .as_ref()
            .and_then(|s| s.template.as_ref())
            .and_then(|t| t.spec.as_ref())
            .map(|s| s.containers.clone()),
        Object::Pod(p) => p.spec.as_ref().map(|s| s.containers.clone()),
        _ => None,
    }
    .unwrap_or_default();
    let protocol = f.get("protocol").unwrap_or("TCP").to_string();
    let mut ports: Vec<(i32, String)> = vec![];
    match f.get("port") {
        Some(p) => {
            for one in p.split(',') {
                match one.trim().parse::<i32>() {
                    Ok(n) => ports.push((n, protocol.clone())),
                    Err(_) => {
                        return out.fail(format!(
                            "error: invalid argument {:?} for \"--port\" flag: strconv.ParseInt: parsing {:?}: invalid syntax",
                            p, p
                        ));
                    }
                }
            }
        }
        None => {
            if let Object::Service(s) = &*obj {
                for sp in s.spec.iter().flat_map(|s| s.ports.iter().flatten()) {
                    ports.push((sp.port, sp.protocol.clone().unwrap_or_else(|| "TCP".into())));
                }
            }
            for c in &containers {
                for cp in c.ports.iter().flatten() {
                    ports.push((
                        cp.container_port,
                        cp.protocol.clone().unwrap_or_else(|| "TCP".into()),
                    ));
                }
            }
        }
    }
    if ports.is_empty() {
        return out.fail("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
    }
    let target = f.get("target-port").map(|t| match t.parse::<i32>() {
        Ok(n) => IntOrString::Int(n),
        Err(_) => IntOrString::String(t.to_string()),
    });
    let many = ports.len() > 1;
    // generateService (expose.go): a v1 Service in the Go types' field order.
    let svc_ports: Vec<J> = ports
        .iter()
        .enumerate()
        .map(|(i, (p, proto))| {
            let mut sp = J::obj(vec![]);
            if many {
                sp.push("name", J::s(&format!("port-{}", i + 1)));
            }
            sp.push("protocol", J::s(proto));
            sp.push("port", J::I(i64::from(*p)));
            sp.push(
                "targetPort",
                match &target {
                    Some(IntOrString::String(t)) => J::s(t),
                    Some(IntOrString::Int(t)) => J::I(i64::from(*t)),
                    None => J::I(i64::from(*p)),
                },
            );
            sp
        })
        .collect();
    let svc_name = f.get("name").unwrap_or(name).to_string();
    let mut md = J::obj(vec![("name", J::s(&svc_name))]);
    if f.has("namespace") {
        md.push("namespace", J::s(&ns));
    }
    md.push("creationTimestamp", J::Null);
    if let Some(l) = obj.meta().labels.as_ref().filter(|l| !l.is_empty()) {
        let pairs: Vec<(String, String)> = l.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        md.push("labels", J::map(&pairs));
    }
    let sel: Vec<(String, String)> = selector.into_iter().collect();
    let mut spec = J::obj(vec![("ports", J::A(svc_ports)), ("selector", J::map(&sel))]);
    if let Some(t) = f.get("type") {
        spec.push("type", J::s(t));
    }
    let svc = J::obj(vec![
        ("kind", J::s("Service")),
        ("apiVersion", J::s("v1")),
        ("metadata", md),
        ("spec", spec),
        ("status", J::obj(vec![("loadBalancer", J::empty())])),
    ]);
    // kubectl 1.32's expose has no --validate (the server's default applies), and a
    // client dry run prints no last-applied annotation even with --save-config.
    let query = format!(
        "fieldManager={}",
        crate::apiserver::rest::query::percent_encode(
            f.get("field-manager").unwrap_or("kubectl-expose")
        )
    );
    super::generate::submit_as(
        e,
        out,
        "kubectl expose",
        Kind::Service,
        &ns,
        svc,
        query,
        output.as_deref(),
        dry,
        None,
        "exposed",
    );
}

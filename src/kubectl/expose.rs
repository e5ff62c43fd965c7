//! `kubectl expose (deployment|replicaset|pod) NAME --port P [--target-port T] [--type T]
//! [--name N] [--protocol P]`: create a Service selecting the resource's pods
//! (`staging/src/k8s.io/kubectl/pkg/cmd/expose`, generator `service/v2`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{client, flags};
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
        ],
        &[],
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
    let svc_ports: Vec<ServicePort> = ports
        .iter()
        .enumerate()
        .map(|(i, (p, proto))| ServicePort {
            name: many.then(|| format!("port-{}", i + 1)),
            port: *p,
            protocol: Some(proto.clone()),
            target_port: Some(target.clone().unwrap_or(IntOrString::Int(*p))),
            ..Default::default()
        })
        .collect();
    let svc_name = f.get("name").unwrap_or(name).to_string();
    let svc = Service {
        metadata: ObjectMeta {
            name: Some(svc_name.clone()),
            namespace: Some(ns.clone()),
            labels: obj.meta().labels.clone(),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            ports: Some(svc_ports),
            selector: Some(selector),
            type_: f.get("type").map(String::from),
            ..Default::default()
        }),
        status: None,
    };
    let path = client::path(Kind::Service, &ns, None, None);
    match client::Call::new("kubectl expose", "POST", path)
        .body("application/json", Object::from(svc).to_value())
        .send(e, out)
    {
        Ok(_) => out.out(format!("service/{} exposed\n", svc_name)),
        Err(fail) => out.fail(fail.kubectl()),
    }
}

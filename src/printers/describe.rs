//! `kubectl describe` for Deployment, ReplicaSet, Pod and Node
//! (`staging/src/k8s.io/kubectl/pkg/describe/describe.go`).
//!
//! The text is produced exactly as the Go describers write it into their
//! `PrefixWriter` (two spaces per level, tabs between label and value) and then laid out
//! with the describe tabwriter (minwidth 0, padding 2). Times are printed in UTC
//! (`time.RFC1123Z`), i.e. as kubectl shows them with `TZ=UTC`.

use crate::sort::StableSort;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{
    Container, ContainerState, ContainerStatus, Event, Node, PersistentVolume,
    PersistentVolumeClaim, Pod, PodTemplateSpec, Probe, ResourceRequirements, Toleration, Volume,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::labels::{Selector, format_label_selector};
use crate::object::{Kind, ObjKey, Object};
use crate::store::Store;
use crate::time::SimTime;

use super::events::describe_events_raw;
use super::table::{
    access_modes_string, age, is_default_storage_class, node_roles, pv_storage_class,
    pvc_storage_class, storage_quantity,
};
use super::tabwriter::TabWriter;
use crate::quantity::{ParsedQuantity as Qty, canonical};

/// `kubectl describe <kind> <name>` for `obj`, reading related objects (events, pods,
/// ReplicaSets, the node Lease) from `store`. Kinds without a describer get a generic
/// Name/Namespace/Labels/Annotations/Events rendering.
pub fn describe(obj: &Object, store: &Store, now: SimTime) -> String {
    let mut w = W::default();
    match obj {
        Object::Pod(p) => describe_pod(&mut w, p, store, now),
        Object::Deployment(d) => describe_deployment(&mut w, d, store, now),
        Object::ReplicaSet(r) => describe_replicaset(&mut w, r, store, now),
        Object::DaemonSet(d) => describe_daemonset(&mut w, d, store, now),
        Object::Job(j) => describe_job(&mut w, j, store, now),
        Object::CronJob(cj) => describe_cronjob(&mut w, cj, store, now),
        Object::Node(n) => describe_node(&mut w, n, store, now),
        Object::Service(svc) => describe_service(&mut w, svc, obj, store, now),
        Object::Endpoints(ep) => describe_endpoints(&mut w, ep, obj, store, now),
        Object::EndpointSlice(eps) => describe_endpoint_slice(&mut w, eps, obj, store, now),
        Object::StatefulSet(sts) => describe_statefulset(&mut w, sts, store, now),
        Object::PersistentVolumeClaim(pvc) => describe_pvc(&mut w, pvc, store, now),
        Object::PersistentVolume(pv) => describe_pv(&mut w, pv, store, now),
        Object::StorageClass(sc) => describe_storage_class(&mut w, sc, store, now),
        Object::HorizontalPodAutoscaler(h) => describe_hpa(&mut w, h, store, now),
        Object::PodDisruptionBudget(b) => describe_pdb(&mut w, b, store, now),
        Object::ConfigMap(cm) => describe_configmap(&mut w, cm, store, now),
        Object::Secret(sec) => describe_secret(&mut w, sec),
        Object::ServiceAccount(sa) => describe_service_account(&mut w, sa, store, now),
        Object::ResourceQuota(q) => describe_quota(&mut w, q),
        Object::LimitRange(lr) => {
            // describeLimitRange
            w.write(0, &format!("Name:\t{}\n", name_of(&lr.metadata)));
            w.write(0, &format!("Namespace:\t{}\n", ns_of(&lr.metadata)));
            w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
            w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
            limit_range_rows(&mut w, lr, "");
        }
        other => describe_generic(&mut w, other, store, now),
    }
    TabWriter::describe().write_flush(&w.buf)
}

/// `DescribePodTemplate` on its own (as `kubectl rollout history --revision=N` prints it).
/// Written straight through the `PrefixWriter`, as `printTemplate` in
/// `kubectl/pkg/polymorphichelpers/history.go` does: no tabwriter, so tabs stay tabs.
pub fn describe_template(t: &PodTemplateSpec) -> String {
    let mut w = W::default();
    describe_pod_template(&mut w, t);
    w.buf
}

/// The describers' `PrefixWriter`: level N prefixes two spaces per level.
#[derive(Default)]
struct W {
    buf: String,
}

impl W {
    fn write(&mut self, level: usize, s: &str) {
        for _ in 0..level {
            self.buf.push_str("  ");
        }
        self.buf.push_str(s);
    }
}

/// `time.RFC1123Z` in UTC; Go's zero time for an absent timestamp.
fn rfc1123z(t: Option<&Time>) -> String {
    match t {
        None => "Mon, 01 Jan 0001 00:00:00 +0000".to_string(),
        Some(t) => crate::time::Civil::from_unix(t.0.as_second()).rfc1123z(),
    }
}

fn bool_title(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

fn name_of(m: &ObjectMeta) -> &str {
    m.name.as_deref().unwrap_or("")
}

fn ns_of(m: &ObjectMeta) -> &str {
    m.namespace.as_deref().unwrap_or("")
}

/// `printLabelsMultilineWithIndent(w, "", title, "\t", labels, none)`.
fn labels_multiline(w: &mut W, title: &str, labels: Option<&BTreeMap<String, String>>) {
    w.write(0, &format!("{}:\t", title));
    let labels = match labels {
        Some(l) if !l.is_empty() => l,
        _ => {
            w.write(0, "<none>\n");
            return;
        }
    };
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        w.write(0, &format!("{}={}\n", k, v));
    }
}

const MAX_ANNOTATION_LEN: usize = 140;

/// `printAnnotationsMultiline` (skips `kubectl.kubernetes.io/last-applied-configuration`).
fn annotations_multiline(w: &mut W, title: &str, ann: Option<&BTreeMap<String, String>>) {
    w.write(0, &format!("{}:\t", title));
    let keys: Vec<(&String, &String)> = ann
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
        .collect();
    if keys.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    for (i, (k, v)) in keys.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            w.write(0, &format!("{}:\n", k));
            for s in value.split('\n') {
                w.write(0, &format!("\t  {}\n", shorten(s, MAX_ANNOTATION_LEN - 2)));
            }
        } else {
            w.write(0, &format!("{}: {}\n", k, value));
        }
    }
}

/// Go's `s[:max] + "..."` (byte slicing; kept on a char boundary here).
fn shorten(s: &str, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &s[..end])
    } else {
        s.to_string()
    }
}

/// `printTolerationsMultilineWithIndent(w, "", title, "\t", tolerations)`.
fn tolerations_multiline(w: &mut W, title: &str, tolerations: Option<&Vec<Toleration>>) {
    w.write(0, &format!("{}:\t", title));
    let mut tols: Vec<&Toleration> = tolerations.into_iter().flatten().collect();
    if tols.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    tols.stable_sort_by(|a, b| {
        a.key
            .as_deref()
            .unwrap_or("")
            .cmp(b.key.as_deref().unwrap_or(""))
    });
    for (i, t) in tols.iter().enumerate() {
        if i != 0 {
            w.write(0, "\t");
        }
        let key = t.key.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let mut s = key.to_string();
        if !value.is_empty() {
            s.push('=');
            s.push_str(value);
        }
        if !effect.is_empty() {
            s.push(':');
            s.push_str(effect);
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            if !key.is_empty() || !effect.is_empty() {
                s.push_str(" op=Exists");
            } else {
                s.push_str("op=Exists");
            }
        }
        if let Some(secs) = t.toleration_seconds {
            s.push_str(&format!(" for {}s", secs));
        }
        s.push('\n');
        w.write(0, &s);
    }
}

fn controller_of(meta: &ObjectMeta) -> Option<&OwnerReference> {
    meta.owner_references
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .find(|r| r.controller == Some(true))
}

/// Events whose involvedObject matches (`searchEvents` field selector), in list order.
fn events_for<'a>(
    events: &'a [std::sync::Arc<Object>],
    name: &str,
    namespace: &str,
    kind: Option<&str>,
    uid: Option<&str>,
) -> Vec<&'a Event> {
    events
        .iter()
        .filter_map(|o| o.as_event())
        .filter(|e| {
            let io = &e.involved_object;
            io.name.as_deref().unwrap_or("") == name
                && io.namespace.as_deref().unwrap_or("") == namespace
                && kind.is_none_or(|k| io.kind.as_deref().unwrap_or("") == k)
                && uid.is_none_or(|u| io.uid.as_deref().unwrap_or("") == u)
        })
        .collect()
}

fn object_events<'a>(
    store_events: &'a [std::sync::Arc<Object>],
    meta: &ObjectMeta,
    kind: Option<&str>,
) -> Vec<&'a Event> {
    let uid = meta.uid.as_deref().filter(|u| !u.is_empty());
    events_for(store_events, name_of(meta), ns_of(meta), kind, uid)
}

// ---------------------------------------------------------------------------------------
// Pod

fn describe_pod(w: &mut W, pod: &Pod, store: &Store, now: SimTime) {
    let meta = &pod.metadata;
    let empty_spec = Default::default();
    let spec = pod.spec.as_ref().unwrap_or(&empty_spec);
    let empty_status = Default::default();
    let status = pod.status.as_ref().unwrap_or(&empty_status);
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    if let Some(p) = spec.priority {
        w.write(0, &format!("Priority:\t{}\n", p));
    }
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(0, &format!("Priority Class Name:\t{}\n", pc));
    }
    if let Some(rc) = spec.runtime_class_name.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Runtime Class Name:\t{}\n", rc));
    }
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(0, &format!("Service Account:\t{}\n", sa));
    }
    match spec.node_name.as_deref().filter(|s| !s.is_empty()) {
        None => w.write(0, "Node:\t<none>\n"),
        Some(n) => w.write(
            0,
            &format!("Node:\t{}/{}\n", n, status.host_ip.as_deref().unwrap_or("")),
        ),
    }
    if let Some(st) = status.start_time.as_ref() {
        w.write(0, &format!("Start Time:\t{}\n", rfc1123z(Some(st))));
    }
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    let phase = status.phase.as_deref().unwrap_or("");
    if let (Some(dt), true) = (
        meta.deletion_timestamp.as_ref(),
        phase != "Failed" && phase != "Succeeded",
    ) {
        w.write(
            0,
            &format!("Status:\tTerminating (lasts {})\n", age(Some(dt), now)),
        );
        w.write(
            0,
            &format!(
                "Termination Grace Period:\t{}s\n",
                meta.deletion_grace_period_seconds.unwrap_or(0)
            ),
        );
    } else {
        w.write(0, &format!("Status:\t{}\n", phase));
    }
    if let Some(r) = status.reason.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Reason:\t{}\n", r));
    }
    if let Some(m) = status.message.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("Message:\t{}\n", m));
    }
    if let Some(sp) = spec
        .security_context
        .as_ref()
        .and_then(|s| s.seccomp_profile.as_ref())
    {
        w.write(0, &format!("SeccompProfile:\t{}\n", sp.type_));
        if sp.type_ == "Localhost" {
            w.write(
                0,
                &format!(
                    "LocalhostProfile:\t{}\n",
                    sp.localhost_profile.as_deref().unwrap_or("")
                ),
            );
        }
    }
    w.write(
        0,
        &format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or("")),
    );
    match status.pod_ips.as_deref() {
        None | Some([]) => w.write(0, "IPs:\t<none>\n"),
        Some(ips) => {
            w.write(0, "IPs:\n");
            for ip in ips {
                w.write(1, &format!("IP:\t{}\n", ip.ip));
            }
        }
    }
    if let Some(c) = controller_of(meta) {
        w.write(0, &format!("Controlled By:\t{}/{}\n", c.kind, c.name));
    }
    if let Some(n) = status
        .nominated_node_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(0, &format!("NominatedNodeName:\t{}\n", n));
    }
    let init = spec.init_containers.as_deref().unwrap_or(&[]);
    if !init.is_empty() {
        describe_containers(
            w,
            "Init Containers",
            init,
            Some(status.init_container_statuses.as_deref().unwrap_or(&[])),
            "",
            Some(pod),
        );
    }
    describe_containers(
        w,
        "Containers",
        &spec.containers,
        Some(status.container_statuses.as_deref().unwrap_or(&[])),
        "",
        Some(pod),
    );
    let conditions = status.conditions.as_deref().unwrap_or(&[]);
    if let Some(gates) = spec.readiness_gates.as_deref().filter(|g| !g.is_empty()) {
        w.write(0, "Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let st = conditions
                .iter()
                .find(|c| c.type_ == g.condition_type)
                .map_or("<none>", |c| c.status.as_str());
            w.write(1, &format!("{} \t{} \n", g.condition_type, st));
        }
    }
    if !conditions.is_empty() {
        w.write(0, "Conditions:\n  Type\tStatus\n");
        for c in conditions {
            w.write(1, &format!("{} \t{} \n", c.type_, c.status));
        }
    }
    describe_volumes(w, spec.volumes.as_deref().unwrap_or(&[]), "");
    let qos = status
        .qos_class
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| compute_qos(pod).to_string());
    w.write(0, &format!("QoS Class:\t{}\n", qos));
    labels_multiline(w, "Node-Selectors", spec.node_selector.as_ref());
    tolerations_multiline(w, "Tolerations", spec.tolerations.as_ref());
    describe_topology_spread(w, pod, "");
    let all_events = store.list(Kind::Event, Some(ns_of(meta)));
    let mut uid = meta.uid.clone();
    if let Some(mirror) = meta
        .annotations
        .as_ref()
        .and_then(|a| a.get("kubernetes.io/config.mirror"))
    {
        uid = Some(mirror.clone());
    }
    let evs = events_for(
        &all_events,
        name_of(meta),
        ns_of(meta),
        None,
        uid.as_deref().filter(|u| !u.is_empty()),
    );
    describe_events_raw(&evs, now, &mut w.buf);
}

fn describe_topology_spread(w: &mut W, pod: &Pod, space: &str) {
    let Some(tscs) = pod
        .spec
        .as_ref()
        .and_then(|s| s.topology_spread_constraints.as_ref())
        .filter(|t| !t.is_empty())
    else {
        return;
    };
    let mut tscs: Vec<_> = tscs.iter().collect();
    tscs.stable_sort_by(|a, b| a.topology_key.cmp(&b.topology_key));
    w.write(0, &format!("{}Topology Spread Constraints:\t", space));
    for (i, t) in tscs.iter().enumerate() {
        if i != 0 {
            w.write(0, space);
            w.write(0, "\t");
        }
        let mut s = format!(
            "{}:{} when max skew {} is exceeded",
            t.topology_key, t.when_unsatisfiable, t.max_skew
        );
        if t.label_selector.is_some() {
            s.push_str(&format!(
                " for selector {}",
                format_label_selector(t.label_selector.as_ref())
            ));
        }
        s.push('\n');
        w.write(0, &s);
    }
}

/// `qos.ComputePodQOS`.
fn compute_qos(pod: &Pod) -> &'static str {
    let Some(spec) = pod.spec.as_ref() else {
        return "BestEffort";
    };
    let mut requests: BTreeMap<&str, Qty> = BTreeMap::new();
    let mut limits: BTreeMap<&str, Qty> = BTreeMap::new();
    let mut guaranteed = true;
    let all = spec
        .containers
        .iter()
        .chain(spec.init_containers.as_deref().unwrap_or(&[]).iter());
    for c in all {
        let res = c.resources.as_ref();
        for (name, q) in res.and_then(|r| r.requests.as_ref()).into_iter().flatten() {
            if name != "cpu" && name != "memory" {
                continue;
            }
            if let Some(q) = Qty::parse(&q.0).filter(|q| q.is_positive()) {
                requests
                    .entry(name.as_str())
                    .or_insert_with(Qty::zero)
                    .add(q);
            }
        }
        let mut found = (false, false);
        for (name, q) in res.and_then(|r| r.limits.as_ref()).into_iter().flatten() {
            if name != "cpu" && name != "memory" {
                continue;
            }
            if let Some(q) = Qty::parse(&q.0).filter(|q| q.is_positive()) {
                if name == "cpu" {
                    found.0 = true;
                } else {
                    found.1 = true;
                }
                limits.entry(name.as_str()).or_insert_with(Qty::zero).add(q);
            }
        }
        if !(found.0 && found.1) {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed {
        for (name, req) in &requests {
            if limits
                .get(name)
                .is_none_or(|l| l.cmp_value(req) != std::cmp::Ordering::Equal)
            {
                guaranteed = false;
                break;
            }
        }
    }
    if guaranteed && requests.len() == limits.len() {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

fn describe_containers(
    w: &mut W,
    label: &str,
    containers: &[Container],
    statuses: Option<&[ContainerStatus]>,
    space: &str,
    pod: Option<&Pod>,
) {
    let none = if containers.is_empty() { " <none>" } else { "" };
    w.write(0, &format!("{}{}:{}\n", space, label, none));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in containers {
        let status = statuses.and_then(|s| s.iter().rev().find(|s| s.name == c.name));
        w.write(1, &format!("{}{}:\n", name_indent, c.name));
        if let Some(st) = status {
            w.write(
                2,
                &format!(
                    "Container ID:\t{}\n",
                    st.container_id.as_deref().unwrap_or("")
                ),
            );
        }
        w.write(
            2,
            &format!("Image:\t{}\n", c.image.as_deref().unwrap_or("")),
        );
        if let Some(st) = status {
            w.write(2, &format!("Image ID:\t{}\n", st.image_id));
        }
        let ports = c.ports.as_deref().unwrap_or(&[]);
        let port_str: Vec<String> = ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.container_port,
                    p.protocol.as_deref().unwrap_or("")
                )
            })
            .collect();
        let port_str = port_str.join(", ");
        if port_str.contains(',') {
            w.write(2, &format!("Ports:\t{}\n", port_str));
        } else {
            w.write(2, &format!("Port:\t{}\n", or_none(&port_str)));
        }
        let host_str: Vec<String> = ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.host_port.unwrap_or(0),
                    p.protocol.as_deref().unwrap_or("")
                )
            })
            .collect();
        let host_str = host_str.join(", ");
        if host_str.contains(',') {
            w.write(2, &format!("Host Ports:\t{}\n", host_str));
        } else {
            w.write(2, &format!("Host Port:\t{}\n", or_none(&host_str)));
        }
        if let Some(sp) = c
            .security_context
            .as_ref()
            .and_then(|s| s.seccomp_profile.as_ref())
        {
            w.write(2, &format!("SeccompProfile:\t{}\n", sp.type_));
            if sp.type_ == "Localhost" {
                w.write(
                    3,
                    &format!(
                        "LocalhostProfile:\t{}\n",
                        sp.localhost_profile.as_deref().unwrap_or("")
                    ),
                );
            }
        }
        if let Some(cmd) = c.command.as_deref().filter(|v| !v.is_empty()) {
            w.write(2, "Command:\n");
            for s in cmd {
                for line in s.split('\n') {
                    w.write(3, &format!("{}\n", line));
                }
            }
        }
        if let Some(args) = c.args.as_deref().filter(|v| !v.is_empty()) {
            w.write(2, "Args:\n");
            for s in args {
                for line in s.split('\n') {
                    w.write(3, &format!("{}\n", line));
                }
            }
        }
        if let Some(st) = status {
            describe_state(w, "State", st.state.as_ref());
            if let Some(last) = st.last_state.as_ref().filter(|s| s.terminated.is_some()) {
                describe_state(w, "Last State", Some(last));
            }
            w.write(2, &format!("Ready:\t{}\n", bool_title(st.ready)));
            w.write(2, &format!("Restart Count:\t{}\n", st.restart_count));
        }
        describe_resources(w, c.resources.as_ref(), 2);
        if let Some(p) = c.liveness_probe.as_ref() {
            w.write(2, &format!("Liveness:\t{}\n", describe_probe(p)));
        }
        if let Some(p) = c.readiness_probe.as_ref() {
            w.write(2, &format!("Readiness:\t{}\n", describe_probe(p)));
        }
        if let Some(p) = c.startup_probe.as_ref() {
            w.write(2, &format!("Startup:\t{}\n", describe_probe(p)));
        }
        if let Some(env_from) = c.env_from.as_deref().filter(|v| !v.is_empty()) {
            w.write(2, "Environment Variables from:\n");
            for e in env_from {
                let (from, name, optional) = if let Some(r) = e.config_map_ref.as_ref() {
                    ("ConfigMap", r.name.as_str(), r.optional == Some(true))
                } else if let Some(r) = e.secret_ref.as_ref() {
                    ("Secret", r.name.as_str(), r.optional == Some(true))
                } else {
                    ("", "", false)
                };
                match e.prefix.as_deref().filter(|p| !p.is_empty()) {
                    None => w.write(3, &format!("{}\t{}\tOptional: {}\n", name, from, optional)),
                    Some(p) => w.write(
                        3,
                        &format!(
                            "{}\t{} with prefix '{}'\tOptional: {}\n",
                            name, from, p, optional
                        ),
                    ),
                }
            }
        }
        let env = c.env.as_deref().unwrap_or(&[]);
        w.write(
            2,
            &format!(
                "Environment:{}\n",
                if env.is_empty() { "\t<none>" } else { "" }
            ),
        );
        for e in env {
            match e.value_from.as_ref() {
                None => {
                    for (i, s) in e.value.as_deref().unwrap_or("").split('\n').enumerate() {
                        if i == 0 {
                            w.write(3, &format!("{}:\t{}\n", e.name, s));
                        } else {
                            w.write(3, &format!("\t{}\n", s));
                        }
                    }
                }
                Some(vf) => {
                    if let Some(f) = vf.field_ref.as_ref() {
                        // EnvValueRetriever: only paths that are both pod field labels and
                        // extractable resolve (metadata.name / metadata.namespace).
                        let value = match (pod, f.field_path.as_str()) {
                            (Some(p), "metadata.name") => name_of(&p.metadata),
                            (Some(p), "metadata.namespace") => ns_of(&p.metadata),
                            _ => "",
                        };
                        w.write(
                            3,
                            &format!(
                                "{}:\t{} ({}:{})\n",
                                e.name,
                                value,
                                f.api_version.as_deref().unwrap_or(""),
                                f.field_path
                            ),
                        );
                    } else if let Some(r) = vf.resource_field_ref.as_ref() {
                        w.write(3, &format!("{}:\t ({})\n", e.name, r.resource));
                    } else if let Some(s) = vf.secret_key_ref.as_ref() {
                        w.write(
                            3,
                            &format!(
                                "{}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                                e.name,
                                s.key,
                                s.name,
                                s.optional == Some(true)
                            ),
                        );
                    } else if let Some(s) = vf.config_map_key_ref.as_ref() {
                        w.write(
                            3,
                            &format!(
                                "{}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                                e.name,
                                s.key,
                                s.name,
                                s.optional == Some(true)
                            ),
                        );
                    }
                }
            }
        }
        let mut mounts: Vec<_> = c.volume_mounts.iter().flatten().collect();
        w.write(
            2,
            &format!(
                "Mounts:{}\n",
                if mounts.is_empty() { "\t<none>" } else { "" }
            ),
        );
        mounts.stable_sort_by(|a, b| a.mount_path.cmp(&b.mount_path));
        for m in mounts {
            let mut flags = vec![
                if m.read_only == Some(true) {
                    "ro"
                } else {
                    "rw"
                }
                .to_string(),
            ];
            if let Some(sp) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
                flags.push(format!("path={}", crate::labels::go_quote(sp)));
            }
            w.write(
                3,
                &format!("{} from {} ({})\n", m.mount_path, m.name, flags.join(",")),
            );
        }
    }
}

/// Go's `%v` of a `*bool`: `<nil>` when unset. (A set pointer prints as a memory address
/// in real kubectl; the value is shown instead.)
fn opt_ptr(b: Option<bool>) -> String {
    match b {
        None => "<nil>".to_string(),
        Some(b) => b.to_string(),
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "<none>" } else { s }
}

fn describe_state(w: &mut W, name: &str, state: Option<&ContainerState>) {
    let state = state.cloned().unwrap_or_default();
    if let Some(r) = state.running.as_ref() {
        w.write(2, &format!("{}:\tRunning\n", name));
        w.write(
            3,
            &format!("Started:\t{}\n", rfc1123z(r.started_at.as_ref())),
        );
    } else if let Some(wt) = state.waiting.as_ref() {
        w.write(2, &format!("{}:\tWaiting\n", name));
        if let Some(r) = wt.reason.as_deref().filter(|s| !s.is_empty()) {
            w.write(3, &format!("Reason:\t{}\n", r));
        }
    } else if let Some(t) = state.terminated.as_ref() {
        w.write(2, &format!("{}:\tTerminated\n", name));
        if let Some(r) = t.reason.as_deref().filter(|s| !s.is_empty()) {
            w.write(3, &format!("Reason:\t{}\n", r));
        }
        if let Some(m) = t.message.as_deref().filter(|s| !s.is_empty()) {
            w.write(3, &format!("Message:\t{}\n", m));
        }
        w.write(3, &format!("Exit Code:\t{}\n", t.exit_code));
        if let Some(s) = t.signal.filter(|s| *s > 0) {
            w.write(3, &format!("Signal:\t{}\n", s));
        }
        w.write(
            3,
            &format!("Started:\t{}\n", rfc1123z(t.started_at.as_ref())),
        );
        w.write(
            3,
            &format!("Finished:\t{}\n", rfc1123z(t.finished_at.as_ref())),
        );
    } else {
        w.write(2, &format!("{}:\tWaiting\n", name));
    }
}

fn describe_resources(w: &mut W, res: Option<&ResourceRequirements>, level: usize) {
    let Some(res) = res else {
        return;
    };
    let limits = res.limits.as_ref().filter(|l| !l.is_empty());
    if let Some(l) = limits {
        w.write(level, "Limits:\n");
        for (name, q) in l {
            w.write(level + 1, &format!("{}:\t{}\n", name, canonical(&q.0)));
        }
    }
    let requests = res.requests.as_ref().filter(|l| !l.is_empty());
    if let Some(r) = requests {
        w.write(level, "Requests:\n");
        for (name, q) in r {
            w.write(level + 1, &format!("{}:\t{}\n", name, canonical(&q.0)));
        }
    }
}

fn int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// `DescribeProbe`.
fn describe_probe(p: &Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(0),
        p.period_seconds.unwrap_or(0),
        p.success_threshold.unwrap_or(0),
        p.failure_threshold.unwrap_or(0)
    );
    if let Some(e) = p.exec.as_ref() {
        return format!(
            "exec [{}] {}",
            e.command.as_deref().unwrap_or(&[]).join(" "),
            attrs
        );
    }
    if let Some(h) = p.http_get.as_ref() {
        let scheme = h.scheme.as_deref().unwrap_or("").to_lowercase();
        let host = h.host.as_deref().unwrap_or("");
        let port = int_or_string(&h.port);
        let host_port = if port.is_empty() {
            host.to_string()
        } else if host.contains(':') {
            format!("[{}]:{}", host, port)
        } else {
            format!("{}:{}", host, port)
        };
        let path = h.path.as_deref().unwrap_or("");
        let mut url = String::new();
        if !scheme.is_empty() {
            url.push_str(&scheme);
            url.push(':');
        }
        if !scheme.is_empty() || !host_port.is_empty() {
            url.push_str("//");
            url.push_str(&host_port);
        }
        if !path.is_empty() && !path.starts_with('/') && !host_port.is_empty() {
            url.push('/');
        }
        url.push_str(path);
        return format!("http-get {} {}", url, attrs);
    }
    if let Some(t) = p.tcp_socket.as_ref() {
        return format!(
            "tcp-socket {}:{} {}",
            t.host.as_deref().unwrap_or(""),
            int_or_string(&t.port),
            attrs
        );
    }
    if let Some(g) = p.grpc.as_ref() {
        return format!(
            "grpc <pod>:{} {} {}",
            g.port,
            g.service.as_deref().unwrap_or(""),
            attrs
        );
    }
    format!("unknown {}", attrs)
}

fn describe_volumes(w: &mut W, volumes: &[Volume], space: &str) {
    if volumes.is_empty() {
        w.write(0, &format!("{}Volumes:\t<none>\n", space));
        return;
    }
    w.write(0, &format!("{}Volumes:\n", space));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in volumes {
        w.write(1, &format!("{}{}:\n", name_indent, v.name));
        if let Some(h) = v.host_path.as_ref() {
            w.write(
                2,
                &format!(
                    "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
                    h.path,
                    h.type_.as_deref().unwrap_or("<none>")
                ),
            );
        } else if let Some(e) = v.empty_dir.as_ref() {
            let size = e
                .size_limit
                .as_ref()
                .and_then(|q| Qty::parse(&q.0))
                .filter(|q| q.is_positive())
                .map_or("<unset>".to_string(), |q| q.canonical());
            w.write(
                2,
                &format!(
                    "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{}\n",
                    e.medium.as_deref().unwrap_or(""),
                    size
                ),
            );
        } else if let Some(s) = v.secret.as_ref() {
            w.write(
                2,
                &format!(
                    "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
                    s.secret_name.as_deref().unwrap_or(""),
                    s.optional == Some(true)
                ),
            );
        } else if let Some(c) = v.config_map.as_ref() {
            w.write(
                2,
                &format!(
                    "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
                    c.name,
                    c.optional == Some(true)
                ),
            );
        } else if let Some(p) = v.projected.as_ref() {
            w.write(
                2,
                "Type:\tProjected (a volume that contains injected data from multiple sources)\n",
            );
            for s in p.sources.iter().flatten() {
                if let Some(sec) = s.secret.as_ref() {
                    // v1.32 prints the *bool pointer with %v (`<nil>` when unset).
                    w.write(
                        2,
                        &format!(
                            "SecretName:\t{}\n    SecretOptionalName:\t{}\n",
                            sec.name,
                            opt_ptr(sec.optional)
                        ),
                    );
                } else if s.downward_api.is_some() {
                    w.write(2, "DownwardAPI:\ttrue\n");
                } else if let Some(cm) = s.config_map.as_ref() {
                    w.write(
                        2,
                        &format!(
                            "ConfigMapName:\t{}\n    ConfigMapOptional:\t{}\n",
                            cm.name,
                            opt_ptr(cm.optional)
                        ),
                    );
                } else if let Some(t) = s.service_account_token.as_ref() {
                    w.write(
                        2,
                        &format!(
                            "TokenExpirationSeconds:\t{}\n",
                            t.expiration_seconds.unwrap_or(0)
                        ),
                    );
                }
            }
        } else if let Some(c) = v.persistent_volume_claim.as_ref() {
            w.write(
                2,
                &format!(
                    "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
                    c.claim_name,
                    c.read_only == Some(true)
                ),
            );
        } else {
            w.write(1, "<unknown>\n");
        }
    }
}

/// `DescribePodTemplate`.
fn describe_pod_template(w: &mut W, t: &PodTemplateSpec) {
    w.write(0, "Pod Template:\n");
    let meta = t.metadata.clone().unwrap_or_default();
    labels_multiline(w, "  Labels", meta.labels.as_ref());
    if meta.annotations.as_ref().is_some_and(|a| !a.is_empty()) {
        annotations_multiline(w, "  Annotations", meta.annotations.as_ref());
    }
    let spec = t.spec.clone().unwrap_or_default();
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(1, &format!("Service Account:\t{}\n", sa));
    }
    let init = spec.init_containers.as_deref().unwrap_or(&[]);
    if !init.is_empty() {
        describe_containers(w, "Init Containers", init, None, "  ", None);
    }
    describe_containers(w, "Containers", &spec.containers, None, "  ", None);
    describe_volumes(w, spec.volumes.as_deref().unwrap_or(&[]), "  ");
    let fake_pod = Pod {
        spec: Some(spec.clone()),
        ..Default::default()
    };
    describe_topology_spread(w, &fake_pod, "  ");
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        w.write(1, &format!("Priority Class Name:\t{}\n", pc));
    }
    labels_multiline(w, "  Node-Selectors", spec.node_selector.as_ref());
    tolerations_multiline(w, "  Tolerations", spec.tolerations.as_ref());
}

// ---------------------------------------------------------------------------------------
// Deployment / ReplicaSet

/// Template equality ignoring the `pod-template-hash` label (`EqualIgnoreHash`).
fn templates_equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    crate::controller::deployment::util::equal_ignore_hash(a, b)
}

fn rs_summary(rs: &ReplicaSet) -> String {
    format!(
        "{} ({}/{} replicas created)",
        name_of(&rs.metadata),
        rs.status.as_ref().map_or(0, |s| s.replicas),
        rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0)
    )
}

fn describe_deployment(w: &mut W, d: &Deployment, store: &Store, now: SimTime) {
    let meta = &d.metadata;
    let spec = d.spec.clone().unwrap_or_default();
    let status = d.status.clone().unwrap_or_default();
    let selector = Selector::from_label_selector(&spec.selector);
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    w.write(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(meta.creation_timestamp.as_ref())
        ),
    );
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    let sel_str = selector.as_ref().map(|s| s.to_string()).unwrap_or_default();
    w.write(0, &format!("Selector:\t{}\n", sel_str));
    w.write(
        0,
        &format!(
            "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
            spec.replicas.unwrap_or(1),
            status.updated_replicas.unwrap_or(0),
            status.replicas.unwrap_or(0),
            status.available_replicas.unwrap_or(0),
            status.unavailable_replicas.unwrap_or(0)
        ),
    );
    let strategy = spec.strategy.clone().unwrap_or_default();
    w.write(
        0,
        &format!(
            "StrategyType:\t{}\n",
            strategy.type_.as_deref().unwrap_or("")
        ),
    );
    w.write(
        0,
        &format!(
            "MinReadySeconds:\t{}\n",
            spec.min_ready_seconds.unwrap_or(0)
        ),
    );
    if let Some(ru) = strategy.rolling_update.as_ref() {
        let s = |v: Option<&IntOrString>| v.map_or("<nil>".to_string(), int_or_string);
        w.write(
            0,
            &format!(
                "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
                s(ru.max_unavailable.as_ref()),
                s(ru.max_surge.as_ref())
            ),
        );
    }
    describe_pod_template(w, &spec.template);
    let conds = status.conditions.as_deref().unwrap_or(&[]);
    if !conds.is_empty() {
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.write(1, "----\t------\t------\n");
        for c in conds {
            w.write(
                1,
                &format!(
                    "{} \t{}\t{}\n",
                    c.type_,
                    c.status,
                    c.reason.as_deref().unwrap_or("")
                ),
            );
        }
    }
    // GetAllReplicaSets: RSs matching the selector and controlled by this Deployment,
    // sorted by creation time (then name); new = first whose template matches.
    if let Ok(sel) = selector.as_ref() {
        let uid = meta.uid.as_deref().unwrap_or("");
        let all = store.list(Kind::ReplicaSet, Some(ns_of(meta)));
        let mut owned: Vec<&ReplicaSet> = all
            .iter()
            .filter_map(|o| o.as_replicaset())
            .filter(|rs| sel.matches_opt(rs.metadata.labels.as_ref()))
            .filter(|rs| controller_of(&rs.metadata).is_some_and(|c| c.uid == uid))
            .collect();
        let ts = |rs: &ReplicaSet| {
            rs.metadata
                .creation_timestamp
                .as_ref()
                .map_or(i64::MIN, |t| SimTime::from_k8s(t).0)
        };
        super::events::go_sort(&mut owned, &|a: &&ReplicaSet, b: &&ReplicaSet| {
            let (ta, tb) = (ts(a), ts(b));
            if ta == tb {
                name_of(&a.metadata) < name_of(&b.metadata)
            } else {
                ta < tb
            }
        });
        let new_rs = owned.iter().copied().find(|rs| {
            rs.spec
                .as_ref()
                .and_then(|s| s.template.as_ref())
                .is_some_and(|t| templates_equal_ignore_hash(t, &spec.template))
        });
        let old: Vec<&ReplicaSet> = owned
            .iter()
            .copied()
            .filter(|rs| new_rs.is_none_or(|n| n.metadata.uid != rs.metadata.uid))
            .collect();
        if !old.is_empty() || new_rs.is_some() {
            let list = |v: &[&ReplicaSet]| {
                if v.is_empty() {
                    "<none>".to_string()
                } else {
                    v.iter()
                        .map(|r| rs_summary(r))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            w.write(0, &format!("OldReplicaSets:\t{}\n", list(&old)));
            let new_list: Vec<&ReplicaSet> = new_rs.into_iter().collect();
            w.write(0, &format!("NewReplicaSet:\t{}\n", list(&new_list)));
        }
    }
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("Deployment"));
    describe_events_raw(&evs, now, &mut w.buf);
}

fn describe_replicaset(w: &mut W, rs: &ReplicaSet, store: &Store, now: SimTime) {
    let meta = &rs.metadata;
    let spec = rs.spec.clone().unwrap_or_default();
    let status = rs.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            format_label_selector(Some(&spec.selector))
        ),
    );
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    if let Some(c) = controller_of(meta) {
        w.write(0, &format!("Controlled By:\t{}/{}\n", c.kind, c.name));
    }
    w.write(
        0,
        &format!(
            "Replicas:\t{} current / {} desired\n",
            status.replicas,
            spec.replicas.unwrap_or(1)
        ),
    );
    let (running, waiting, succeeded, failed) = pod_status_counts(store, meta, &spec.selector);
    w.write(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            running, waiting, succeeded, failed
        ),
    );
    describe_pod_template(w, &spec.template.clone().unwrap_or_default());
    let conds = status.conditions.as_deref().unwrap_or(&[]);
    if !conds.is_empty() {
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
        w.write(1, "----\t------\t------\n");
        for c in conds {
            w.write(
                1,
                &format!(
                    "{} \t{}\t{}\n",
                    c.type_,
                    c.status,
                    c.reason.as_deref().unwrap_or("")
                ),
            );
        }
    }
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("ReplicaSet"));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `getPodStatusForController`: the phases of the pods in the owner's namespace that match
/// its selector and that it controls (running, waiting, succeeded, failed).
fn pod_status_counts(
    store: &Store,
    meta: &ObjectMeta,
    selector: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
) -> (u32, u32, u32, u32) {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    if let Ok(sel) = Selector::from_label_selector(selector) {
        let uid = meta.uid.as_deref().unwrap_or("");
        for o in store.list(Kind::Pod, Some(ns_of(meta))) {
            let Some(p) = o.as_pod() else { continue };
            if !sel.matches_opt(p.metadata.labels.as_ref()) {
                continue;
            }
            if controller_of(&p.metadata).is_none_or(|c| c.uid != uid) {
                continue;
            }
            match p.status.as_ref().and_then(|s| s.phase.as_deref()) {
                Some("Running") => running += 1,
                Some("Pending") => waiting += 1,
                Some("Succeeded") => succeeded += 1,
                Some("Failed") => failed += 1,
                _ => {}
            }
        }
    }
    (running, waiting, succeeded, failed)
}

// ---------------------------------------------------------------------------------------
// Job

/// `describeJob` (kubectl/pkg/describe/describe.go v0.32.0).
fn describe_job(w: &mut W, j: &k8s_openapi::api::batch::v1::Job, store: &Store, now: SimTime) {
    let meta = &j.metadata;
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            format_label_selector(spec.selector.as_ref())
        ),
    );
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    if let Some(c) = controller_of(meta) {
        w.write(0, &format!("Controlled By:\t{}/{}\n", c.kind, c.name));
    }
    if let Some(p) = spec.parallelism {
        w.write(0, &format!("Parallelism:\t{p}\n"));
    }
    match spec.completions {
        Some(c) => w.write(0, &format!("Completions:\t{c}\n")),
        None => w.write(0, "Completions:\t<unset>\n"),
    }
    if let Some(m) = &spec.completion_mode {
        w.write(0, &format!("Completion Mode:\t{m}\n"));
    }
    if let Some(s) = spec.suspend {
        w.write(0, &format!("Suspend:\t{s}\n"));
    }
    if let Some(b) = spec.backoff_limit {
        w.write(0, &format!("Backoff Limit:\t{b}\n"));
    }
    if let Some(t) = spec.ttl_seconds_after_finished {
        w.write(0, &format!("TTL Seconds After Finished:\t{t}\n"));
    }
    if st.start_time.is_some() {
        w.write(
            0,
            &format!("Start Time:\t{}\n", rfc1123z(st.start_time.as_ref())),
        );
    }
    if st.completion_time.is_some() {
        w.write(
            0,
            &format!("Completed At:\t{}\n", rfc1123z(st.completion_time.as_ref())),
        );
    }
    if let (Some(s), Some(c)) = (st.start_time.as_ref(), st.completion_time.as_ref()) {
        w.write(
            0,
            &format!(
                "Duration:\t{}\n",
                crate::time::human_duration(SimTime::from_k8s(c).0 - SimTime::from_k8s(s).0)
            ),
        );
    }
    if let Some(a) = spec.active_deadline_seconds {
        w.write(0, &format!("Active Deadline Seconds:\t{a}s\n"));
    }
    let (a, s, f) = (
        st.active.unwrap_or(0),
        st.succeeded.unwrap_or(0),
        st.failed.unwrap_or(0),
    );
    match st.ready {
        None => w.write(
            0,
            &format!("Pods Statuses:\t{a} Active / {s} Succeeded / {f} Failed\n"),
        ),
        Some(r) => w.write(
            0,
            &format!("Pods Statuses:\t{a} Active ({r} Ready) / {s} Succeeded / {f} Failed\n"),
        ),
    }
    if spec.completion_mode.as_deref() == Some("Indexed") {
        // capIndexesListOrNone(indexes, 50)
        let ix = st.completed_indexes.clone().unwrap_or_default();
        let shown = if ix.is_empty() {
            "<none>".to_string()
        } else {
            match ix.as_bytes().iter().skip(50).position(|b| *b == b',') {
                Some(p) => format!("{}...", &ix[..50 + p + 1]),
                None => ix,
            }
        };
        w.write(0, &format!("Completed Indexes:\t{shown}\n"));
    }
    describe_pod_template(w, &spec.template);
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("Job"));
    describe_events_raw(&evs, now, &mut w.buf);
}

// ---------------------------------------------------------------------------------------
// CronJob

/// `describeCronJob` + `describeJobTemplate` (kubectl/pkg/describe/describe.go): no time
/// zone line; the job template's selector, parallelism and completions as `<unset>` when
/// not set (SetDefaults_Job does not run on templates).
fn describe_cronjob(
    w: &mut W,
    cj: &k8s_openapi::api::batch::v1::CronJob,
    store: &Store,
    now: SimTime,
) {
    let meta = &cj.metadata;
    let spec = cj.spec.clone().unwrap_or_default();
    let st = cj.status.clone().unwrap_or_default();
    let opt = |v: Option<String>| v.unwrap_or_else(|| "<unset>".into());
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(0, &format!("Schedule:\t{}\n", spec.schedule));
    w.write(
        0,
        &format!(
            "Concurrency Policy:\t{}\n",
            spec.concurrency_policy.clone().unwrap_or_default()
        ),
    );
    let suspend = spec
        .suspend
        .map(|b| if b { "True" } else { "False" }.to_string());
    w.write(0, &format!("Suspend:\t{}\n", opt(suspend)));
    w.write(
        0,
        &format!(
            "Successful Job History Limit:\t{}\n",
            opt(spec.successful_jobs_history_limit.map(|n| n.to_string()))
        ),
    );
    w.write(
        0,
        &format!(
            "Failed Job History Limit:\t{}\n",
            opt(spec.failed_jobs_history_limit.map(|n| n.to_string()))
        ),
    );
    w.write(
        0,
        &format!(
            "Starting Deadline Seconds:\t{}\n",
            opt(spec.starting_deadline_seconds.map(|n| format!("{n}s")))
        ),
    );
    let js = spec.job_template.spec.clone().unwrap_or_default();
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            opt(js.selector.as_ref().map(|s| format_label_selector(Some(s))))
        ),
    );
    w.write(
        0,
        &format!(
            "Parallelism:\t{}\n",
            opt(js.parallelism.map(|n| n.to_string()))
        ),
    );
    w.write(
        0,
        &format!(
            "Completions:\t{}\n",
            opt(js.completions.map(|n| n.to_string()))
        ),
    );
    if let Some(a) = js.active_deadline_seconds {
        w.write(0, &format!("Active Deadline Seconds:\t{a}s\n"));
    }
    describe_pod_template(w, &js.template);
    match st.last_schedule_time.as_ref() {
        Some(t) => w.write(0, &format!("Last Schedule Time:\t{}\n", rfc1123z(Some(t)))),
        None => w.write(0, "Last Schedule Time:\t<unset>\n"),
    }
    let active: Vec<String> = st
        .active
        .iter()
        .flatten()
        .map(|r| r.name.clone().unwrap_or_default())
        .collect();
    if active.is_empty() {
        w.write(0, "Active Jobs:\t<none>\n");
    } else {
        w.write(0, &format!("Active Jobs:\t{}\n", active.join(", ")));
    }
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("CronJob"));
    describe_events_raw(&evs, now, &mut w.buf);
}

// ---------------------------------------------------------------------------------------
// DaemonSet

/// `describeDaemonSet` (kubectl/pkg/describe/describe.go): no Namespace line, the status
/// counts as sentences, the pod template and the events.
fn describe_daemonset(
    w: &mut W,
    ds: &k8s_openapi::api::apps::v1::DaemonSet,
    store: &Store,
    now: SimTime,
) {
    let meta = &ds.metadata;
    let spec = ds.spec.clone().unwrap_or_default();
    let st = ds.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            format_label_selector(Some(&spec.selector))
        ),
    );
    let node_selector = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.node_selector.as_ref());
    w.write(
        0,
        &format!(
            "Node-Selector:\t{}\n",
            crate::labels::format_labels_opt(node_selector)
        ),
    );
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    for (what, n) in [
        (
            "Desired Number of Nodes Scheduled",
            st.desired_number_scheduled,
        ),
        (
            "Current Number of Nodes Scheduled",
            st.current_number_scheduled,
        ),
        (
            "Number of Nodes Scheduled with Up-to-date Pods",
            st.updated_number_scheduled.unwrap_or(0),
        ),
        (
            "Number of Nodes Scheduled with Available Pods",
            st.number_available.unwrap_or(0),
        ),
        ("Number of Nodes Misscheduled", st.number_misscheduled),
    ] {
        w.write(0, &format!("{what}: {n}\n"));
    }
    let (running, waiting, succeeded, failed) = pod_status_counts(store, meta, &spec.selector);
    w.write(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            running, waiting, succeeded, failed
        ),
    );
    describe_pod_template(w, &spec.template);
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("DaemonSet"));
    describe_events_raw(&evs, now, &mut w.buf);
}

// ---------------------------------------------------------------------------------------
// StatefulSet

/// `printLabelsMultilineWithIndent(w, initial, title, "\t", labels, none)`: `k=v` lines,
/// continuation lines prefixed with `initial` and a tab.
fn labels_multiline_indent(
    w: &mut W,
    initial: &str,
    title: &str,
    labels: Option<&BTreeMap<String, String>>,
) {
    w.write(0, &format!("{initial}{title}:\t"));
    let labels = match labels {
        Some(l) if !l.is_empty() => l,
        _ => {
            w.write(0, "<none>\n");
            return;
        }
    };
    for (i, (k, v)) in labels.iter().enumerate() {
        if i != 0 {
            w.write(0, &format!("{initial}\t"));
        }
        w.write(0, &format!("{k}={v}\n"));
    }
}

/// Go `%s`/`%v` of a `[]string`: `[a b]`, `[]` when empty or nil.
fn go_slice(v: Option<&Vec<String>>) -> String {
    format!("[{}]", v.map(|v| v.join(" ")).unwrap_or_default())
}

/// `describeStatefulSet` (kubectl/pkg/describe/describe.go v0.32.0).
fn describe_statefulset(
    w: &mut W,
    sts: &k8s_openapi::api::apps::v1::StatefulSet,
    store: &Store,
    now: SimTime,
) {
    let meta = &sts.metadata;
    let spec = sts.spec.clone().unwrap_or_default();
    let st = sts.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    w.write(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(meta.creation_timestamp.as_ref())
        ),
    );
    let sel_str = Selector::from_label_selector(&spec.selector)
        .map(|s| s.to_string())
        .unwrap_or_default();
    w.write(0, &format!("Selector:\t{}\n", sel_str));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(
        0,
        &format!(
            "Replicas:\t{} desired | {} total\n",
            spec.replicas.unwrap_or(1),
            st.replicas
        ),
    );
    let strategy = spec.update_strategy.clone().unwrap_or_default();
    w.write(
        0,
        &format!(
            "Update Strategy:\t{}\n",
            strategy.type_.as_deref().unwrap_or("")
        ),
    );
    if let Some(ru) = strategy.rolling_update.as_ref()
        && let Some(p) = ru.partition
    {
        w.write(1, &format!("Partition:\t{}\n", p));
        if let Some(mu) = ru.max_unavailable.as_ref() {
            w.write(1, &format!("MaxUnavailable:\t{}\n", int_or_string(mu)));
        }
    }
    let (running, waiting, succeeded, failed) = pod_status_counts(store, meta, &spec.selector);
    w.write(
        0,
        &format!(
            "Pods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\n",
            running, waiting, succeeded, failed
        ),
    );
    describe_pod_template(w, &spec.template);
    describe_volume_claim_templates(w, spec.volume_claim_templates.as_deref().unwrap_or(&[]));
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("StatefulSet"));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `describeVolumeClaimTemplates`: per template its name, class, labels and annotations
/// (both as `k=v`), the requested storage (`<default>` without one) and the access modes as
/// a Go slice.
fn describe_volume_claim_templates(w: &mut W, templates: &[PersistentVolumeClaim]) {
    if templates.is_empty() {
        w.write(0, "Volume Claims:\t<none>\n");
        return;
    }
    w.write(0, "Volume Claims:\n");
    for pvc in templates {
        let spec = pvc.spec.clone().unwrap_or_default();
        w.write(1, &format!("Name:\t{}\n", name_of(&pvc.metadata)));
        w.write(1, &format!("StorageClass:\t{}\n", pvc_storage_class(pvc)));
        labels_multiline_indent(w, "  ", "Labels", pvc.metadata.labels.as_ref());
        labels_multiline_indent(w, "  ", "Annotations", pvc.metadata.annotations.as_ref());
        let capacity = spec
            .resources
            .as_ref()
            .and_then(|r| r.requests.as_ref())
            .and_then(|r| r.get("storage"))
            .map_or_else(|| "<default>".to_string(), |q| canonical(&q.0));
        w.write(1, &format!("Capacity:\t{}\n", capacity));
        w.write(
            1,
            &format!("Access Modes:\t{}\n", go_slice(spec.access_modes.as_ref())),
        );
    }
}

// ---------------------------------------------------------------------------------------
// PersistentVolumeClaim / PersistentVolume / StorageClass

/// `Status:` of a PVC or PV: `Terminating (lasts <age>)` while deleting, else the phase.
fn storage_status_line(w: &mut W, meta: &ObjectMeta, phase: Option<&str>, now: SimTime) {
    match meta.deletion_timestamp.as_ref() {
        Some(t) => w.write(
            0,
            &format!("Status:\tTerminating (lasts {})\n", age(Some(t), now)),
        ),
        None => w.write(0, &format!("Status:\t{}\n", phase.unwrap_or(""))),
    }
}

/// `getPodsForPVC`: the namespace's pods (in name order) with a volume that names the
/// claim — once per such volume, as upstream appends — then the claim's Pod owners not
/// listed yet.
fn pods_for_pvc<'a>(
    pods: &'a [std::sync::Arc<Object>],
    pvc: &PersistentVolumeClaim,
) -> Vec<&'a Pod> {
    let claim = name_of(&pvc.metadata);
    let ns_pods: Vec<&Pod> = pods.iter().filter_map(|o| o.as_pod()).collect();
    let mut out: Vec<&Pod> = Vec::new();
    for p in &ns_pods {
        for v in p
            .spec
            .as_ref()
            .and_then(|s| s.volumes.as_deref())
            .unwrap_or(&[])
        {
            if v.persistent_volume_claim
                .as_ref()
                .is_some_and(|c| c.claim_name == claim)
            {
                out.push(p);
            }
        }
    }
    for r in pvc.metadata.owner_references.as_deref().unwrap_or(&[]) {
        if r.kind != "Pod" {
            continue;
        }
        let Some(owner) = ns_pods
            .iter()
            .find(|p| p.metadata.uid.as_deref() == Some(r.uid.as_str()))
        else {
            continue;
        };
        if out.iter().any(|p| p.metadata.uid == owner.metadata.uid) {
            continue;
        }
        out.push(owner);
    }
    out
}

/// `printPersistentVolumeClaim(w, pvc, true)`, `Used By`, `Conditions` and the events
/// (`describePersistentVolumeClaim`).
fn describe_pvc(w: &mut W, pvc: &PersistentVolumeClaim, store: &Store, now: SimTime) {
    let meta = &pvc.metadata;
    let spec = pvc.spec.clone().unwrap_or_default();
    let st = pvc.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    w.write(0, &format!("StorageClass:\t{}\n", pvc_storage_class(pvc)));
    storage_status_line(w, meta, st.phase.as_deref(), now);
    let volume = spec.volume_name.clone().unwrap_or_default();
    w.write(0, &format!("Volume:\t{}\n", volume));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(
        0,
        &format!("Finalizers:\t{}\n", go_slice(meta.finalizers.as_ref())),
    );
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        (
            storage_quantity(st.capacity.as_ref()),
            access_modes_string(st.access_modes.as_deref().unwrap_or(&[])),
        )
    };
    w.write(0, &format!("Capacity:\t{}\n", capacity));
    w.write(0, &format!("Access Modes:\t{}\n", modes));
    if let Some(m) = spec.volume_mode.as_deref() {
        w.write(0, &format!("VolumeMode:\t{}\n", m));
    }
    if let Some(ds) = spec.data_source.as_ref() {
        w.write(0, "DataSource:\n");
        if let Some(g) = ds.api_group.as_deref() {
            w.write(1, &format!("APIGroup:\t{}\n", g));
        }
        w.write(1, &format!("Kind:\t{}\n", ds.kind));
        w.write(1, &format!("Name:\t{}\n", ds.name));
    }
    let pods_all = store.list(Kind::Pod, Some(ns_of(meta)));
    let mut used_by = pods_for_pvc(&pods_all, pvc);
    w.write(0, "Used By:\t");
    if used_by.is_empty() {
        w.write(0, "<none>\n");
    } else {
        used_by.stable_sort_by(|a, b| name_of(&a.metadata).cmp(name_of(&b.metadata)));
        for (i, p) in used_by.iter().enumerate() {
            if i != 0 {
                w.write(0, "\t");
            }
            w.write(0, &format!("{}\n", name_of(&p.metadata)));
        }
    }
    let conds = st.conditions.as_deref().unwrap_or(&[]);
    if !conds.is_empty() {
        w.write(0, "Conditions:\n");
        w.write(
            1,
            "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in conds {
            w.write(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_probe_time.as_ref()),
                    rfc1123z(c.last_transition_time.as_ref()),
                    c.reason.as_deref().unwrap_or(""),
                    c.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("PersistentVolumeClaim"));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `printVolumeNodeAffinity`: `Node Affinity:` and `Required Terms:` end in a tab (so
/// their padding is trailing), then one `Term N:` per node selector term.
fn describe_volume_node_affinity(
    w: &mut W,
    affinity: Option<&k8s_openapi::api::core::v1::VolumeNodeAffinity>,
) {
    w.write(0, "Node Affinity:\t");
    let Some(required) = affinity.and_then(|a| a.required.as_ref()) else {
        w.write(0, "<none>\n");
        return;
    };
    w.write(0, "\n");
    w.write(1, "Required Terms:\t");
    if required.node_selector_terms.is_empty() {
        w.write(0, "<none>\n");
        return;
    }
    w.write(0, "\n");
    for (i, term) in required.node_selector_terms.iter().enumerate() {
        w.write(2, &format!("Term {}:\t", i));
        let reqs = term.match_expressions.as_deref().unwrap_or(&[]);
        if reqs.is_empty() {
            w.write(0, "<none>\n");
            continue;
        }
        for (j, r) in reqs.iter().enumerate() {
            if j != 0 {
                w.write(2, "\t");
            }
            let mut expr = format!("{} {}", r.key, r.operator.to_lowercase());
            let vals = r.values.as_deref().unwrap_or(&[]);
            if !vals.is_empty() {
                expr = format!("{} [{}]", expr, vals.join(", "));
            }
            w.write(0, &format!("{}\n", expr));
        }
    }
}

/// `describePersistentVolume` (the hostPath, local and NFS sources; others print
/// `<unknown>`).
fn describe_pv(w: &mut W, pv: &PersistentVolume, store: &Store, now: SimTime) {
    let meta = &pv.metadata;
    let spec = pv.spec.clone().unwrap_or_default();
    let st = pv.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(
        0,
        &format!("Finalizers:\t{}\n", go_slice(meta.finalizers.as_ref())),
    );
    w.write(0, &format!("StorageClass:\t{}\n", pv_storage_class(pv)));
    storage_status_line(w, meta, st.phase.as_deref(), now);
    let claim = spec.claim_ref.as_ref().map_or_else(String::new, |r| {
        format!(
            "{}/{}",
            r.namespace.as_deref().unwrap_or(""),
            r.name.as_deref().unwrap_or("")
        )
    });
    w.write(0, &format!("Claim:\t{}\n", claim));
    w.write(
        0,
        &format!(
            "Reclaim Policy:\t{}\n",
            spec.persistent_volume_reclaim_policy
                .as_deref()
                .unwrap_or("")
        ),
    );
    w.write(
        0,
        &format!(
            "Access Modes:\t{}\n",
            access_modes_string(spec.access_modes.as_deref().unwrap_or(&[]))
        ),
    );
    if let Some(m) = spec.volume_mode.as_deref() {
        w.write(0, &format!("VolumeMode:\t{}\n", m));
    }
    w.write(
        0,
        &format!("Capacity:\t{}\n", storage_quantity(spec.capacity.as_ref())),
    );
    describe_volume_node_affinity(w, spec.node_affinity.as_ref());
    w.write(
        0,
        &format!("Message:\t{}\n", st.message.as_deref().unwrap_or("")),
    );
    w.write(0, "Source:\n");
    if let Some(h) = spec.host_path.as_ref() {
        w.write(
            2,
            &format!(
                "Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
                h.path,
                h.type_.as_deref().unwrap_or("<none>")
            ),
        );
    } else if let Some(n) = spec.nfs.as_ref() {
        w.write(
            2,
            &format!(
                "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
                n.server,
                n.path,
                n.read_only == Some(true)
            ),
        );
    } else if let Some(l) = spec.local.as_ref() {
        w.write(
            2,
            &format!(
                "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
                l.path
            ),
        );
    } else {
        w.write(1, "<unknown>\n");
    }
    let evs_all = store.list(Kind::Event, None);
    let evs = object_events(&evs_all, meta, Some("PersistentVolume"));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `describeStorageClass`. `Annotations:` and `Parameters:` are `labels.FormatLabels`
/// (sorted `k=v` joined by `,`, last-applied included): a value ending in a newline (the
/// last-applied JSON) breaks the line, which also ends the tabwriter's alignment block.
fn describe_storage_class(
    w: &mut W,
    sc: &k8s_openapi::api::storage::v1::StorageClass,
    store: &Store,
    now: SimTime,
) {
    let meta = &sc.metadata;
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(
        0,
        &format!(
            "IsDefaultClass:\t{}\n",
            if is_default_storage_class(meta) {
                "Yes"
            } else {
                "No"
            }
        ),
    );
    w.write(
        0,
        &format!(
            "Annotations:\t{}\n",
            crate::labels::format_labels_opt(meta.annotations.as_ref())
        ),
    );
    w.write(0, &format!("Provisioner:\t{}\n", sc.provisioner));
    w.write(
        0,
        &format!(
            "Parameters:\t{}\n",
            crate::labels::format_labels_opt(sc.parameters.as_ref())
        ),
    );
    w.write(
        0,
        &format!(
            "AllowVolumeExpansion:\t{}\n",
            sc.allow_volume_expansion.map_or("<unset>", bool_title)
        ),
    );
    let opts = sc.mount_options.as_deref().unwrap_or(&[]);
    if opts.is_empty() {
        w.write(0, "MountOptions:\t<none>\n");
    } else {
        w.write(0, "MountOptions:\n");
        for o in opts {
            w.write(1, &format!("{}\n", o));
        }
    }
    if let Some(r) = sc.reclaim_policy.as_deref() {
        w.write(0, &format!("ReclaimPolicy:\t{}\n", r));
    }
    if let Some(m) = sc.volume_binding_mode.as_deref() {
        w.write(0, &format!("VolumeBindingMode:\t{}\n", m));
    }
    if let Some(topologies) = sc.allowed_topologies.as_ref() {
        w.write(0, "AllowedTopologies:\t");
        if topologies.is_empty() {
            w.write(0, "<none>\n");
        } else {
            w.write(0, "\n");
            for (i, term) in topologies.iter().enumerate() {
                w.write(1, &format!("Term {}:\t", i));
                let reqs = term.match_label_expressions.as_deref().unwrap_or(&[]);
                if reqs.is_empty() {
                    w.write(0, "<none>\n");
                    continue;
                }
                for (j, r) in reqs.iter().enumerate() {
                    if j != 0 {
                        w.write(1, "\t");
                    }
                    let mut expr = format!("{} in", r.key);
                    if !r.values.is_empty() {
                        expr = format!("{} [{}]", expr, r.values.join(", "));
                    }
                    w.write(0, &format!("{}\n", expr));
                }
            }
        }
    }
    let evs_all = store.list(Kind::Event, None);
    let evs = object_events(&evs_all, meta, Some("StorageClass"));
    describe_events_raw(&evs, now, &mut w.buf);
}

// ---------------------------------------------------------------------------------------
// Node

fn describe_node(w: &mut W, n: &Node, store: &Store, now: SimTime) {
    let meta = &n.metadata;
    let name = name_of(meta);
    let spec = n.spec.clone().unwrap_or_default();
    let status = n.status.clone().unwrap_or_default();
    w.write(0, &format!("Name:\t{}\n", name));
    let roles = node_roles(n);
    w.write(
        0,
        &format!(
            "Roles:\t{}\n",
            if roles.is_empty() {
                "<none>".to_string()
            } else {
                roles.join(",")
            }
        ),
    );
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(meta.creation_timestamp.as_ref())
        ),
    );
    // Taints, sorted by "effect,key".
    w.write(0, "Taints:\t");
    let mut taints: Vec<_> = spec.taints.iter().flatten().collect();
    if taints.is_empty() {
        w.write(0, "<none>\n");
    } else {
        taints.stable_sort_by(|a, b| {
            format!("{},{}", a.effect, a.key).cmp(&format!("{},{}", b.effect, b.key))
        });
        for (i, t) in taints.iter().enumerate() {
            if i != 0 {
                w.write(0, "\t");
            }
            let v = t.value.as_deref().unwrap_or("");
            let s = match (t.effect.is_empty(), v.is_empty()) {
                (true, true) => t.key.clone(),
                (true, false) => format!("{}={}:", t.key, v),
                (false, true) => format!("{}:{}", t.key, t.effect),
                (false, false) => format!("{}={}:{}", t.key, v, t.effect),
            };
            w.write(0, &format!("{}\n", s));
        }
    }
    w.write(
        0,
        &format!("Unschedulable:\t{}\n", spec.unschedulable == Some(true)),
    );
    let lease_key = ObjKey::new(Kind::Lease, "kube-node-lease", name);
    match store.get_obj(&lease_key).and_then(|o| match o.as_ref() {
        Object::Lease(l) => Some(l.clone()),
        _ => None,
    }) {
        Some(lease) => {
            let ls = lease.spec.clone().unwrap_or_default();
            w.write(0, "Lease:\n");
            w.write(
                1,
                &format!(
                    "HolderIdentity:\t{}\n",
                    ls.holder_identity.as_deref().unwrap_or("<unset>")
                ),
            );
            let mt = |t: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::MicroTime>| {
                t.map_or("<unset>".to_string(), |t| {
                    rfc1123z(Some(&Time(SimTime::from_k8s_micro(t).to_k8s().0)))
                })
            };
            w.write(
                1,
                &format!("AcquireTime:\t{}\n", mt(ls.acquire_time.as_ref())),
            );
            w.write(1, &format!("RenewTime:\t{}\n", mt(ls.renew_time.as_ref())));
        }
        None => w.write(
            0,
            &format!(
                "Lease:\tFailed to get lease: leases.coordination.k8s.io \"{}\" not found\n",
                name
            ),
        ),
    }
    let conds = status.conditions.as_deref().unwrap_or(&[]);
    if !conds.is_empty() {
        w.write(
            0,
            "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n",
        );
        w.write(
            1,
            "----\t------\t-----------------\t------------------\t------\t-------\n",
        );
        for c in conds {
            w.write(
                1,
                &format!(
                    "{} \t{} \t{} \t{} \t{} \t{}\n",
                    c.type_,
                    c.status,
                    rfc1123z(c.last_heartbeat_time.as_ref()),
                    rfc1123z(c.last_transition_time.as_ref()),
                    c.reason.as_deref().unwrap_or(""),
                    c.message.as_deref().unwrap_or("")
                ),
            );
        }
    }
    w.write(0, "Addresses:\n");
    for a in status.addresses.iter().flatten() {
        w.write(1, &format!("{}:\t{}\n", a.type_, a.address));
    }
    let print_list = |w: &mut W, l: &BTreeMap<String, Quantity>| {
        for (k, v) in l {
            w.write(0, &format!("  {}:\t{}\n", k, canonical(&v.0)));
        }
    };
    if let Some(c) = status.capacity.as_ref().filter(|c| !c.is_empty()) {
        w.write(0, "Capacity:\n");
        print_list(w, c);
    }
    if let Some(a) = status.allocatable.as_ref().filter(|c| !c.is_empty()) {
        w.write(0, "Allocatable:\n");
        print_list(w, a);
    }
    let info = status.node_info.clone().unwrap_or_default();
    w.write(0, "System Info:\n");
    w.write(0, &format!("  Machine ID:\t{}\n", info.machine_id));
    w.write(0, &format!("  System UUID:\t{}\n", info.system_uuid));
    w.write(0, &format!("  Boot ID:\t{}\n", info.boot_id));
    w.write(0, &format!("  Kernel Version:\t{}\n", info.kernel_version));
    w.write(0, &format!("  OS Image:\t{}\n", info.os_image));
    w.write(
        0,
        &format!("  Operating System:\t{}\n", info.operating_system),
    );
    w.write(0, &format!("  Architecture:\t{}\n", info.architecture));
    w.write(
        0,
        &format!(
            "  Container Runtime Version:\t{}\n",
            info.container_runtime_version
        ),
    );
    w.write(
        0,
        &format!("  Kubelet Version:\t{}\n", info.kubelet_version),
    );
    w.write(
        0,
        &format!("  Kube-Proxy Version:\t{}\n", info.kube_proxy_version),
    );
    if let Some(c) = spec.pod_cidr.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("PodCIDR:\t{}\n", c));
    }
    if let Some(c) = spec.pod_cidrs.as_ref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("PodCIDRs:\t{}\n", c.join(",")));
    }
    if let Some(p) = spec.provider_id.as_deref().filter(|s| !s.is_empty()) {
        w.write(0, &format!("ProviderID:\t{}\n", p));
    }
    // Non-terminated pods on this node, all namespaces, in list order.
    let pods_all = store.list(Kind::Pod, None);
    let pods: Vec<&Pod> = pods_all
        .iter()
        .filter_map(|o| o.as_pod())
        .filter(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(name))
        .filter(|p| {
            !matches!(
                p.status.as_ref().and_then(|s| s.phase.as_deref()),
                Some("Succeeded") | Some("Failed")
            )
        })
        .collect();
    describe_node_resource(w, &pods, &status, now);
    let evs_all = store.list(Kind::Event, None);
    let uid = meta.uid.as_deref().filter(|u| !u.is_empty());
    let mut evs = events_for(&evs_all, name, "", Some("Node"), uid);
    evs.extend(events_for(&evs_all, name, "", Some("Node"), Some(name)));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `resourcehelper.PodRequestsAndLimits` for one resource list kind.
fn pod_resources(pod: &Pod, limits: bool) -> BTreeMap<String, Qty> {
    let mut out: BTreeMap<String, Qty> = BTreeMap::new();
    let Some(spec) = pod.spec.as_ref() else {
        return out;
    };
    let pick = |c: &Container| -> BTreeMap<String, Qty> {
        let r = c.resources.as_ref();
        let l = if limits {
            r.and_then(|r| r.limits.as_ref())
        } else {
            r.and_then(|r| r.requests.as_ref())
        };
        l.into_iter()
            .flatten()
            .filter_map(|(k, v)| Qty::parse(&v.0).map(|q| (k.clone(), q)))
            .collect()
    };
    fn add_list(dst: &mut BTreeMap<String, Qty>, src: &BTreeMap<String, Qty>) {
        for (k, v) in src {
            match dst.get_mut(k) {
                None => {
                    dst.insert(k.clone(), *v);
                }
                Some(d) => d.add(*v),
            }
        }
    }
    fn max_list(dst: &mut BTreeMap<String, Qty>, src: &BTreeMap<String, Qty>) {
        for (k, v) in src {
            match dst.get_mut(k) {
                None => {
                    dst.insert(k.clone(), *v);
                }
                Some(d) => {
                    if v.cmp_value(d) == std::cmp::Ordering::Greater {
                        *d = *v;
                    }
                }
            }
        }
    }
    for c in &spec.containers {
        add_list(&mut out, &pick(c));
    }
    let mut restartable: BTreeMap<String, Qty> = BTreeMap::new();
    let mut init_max: BTreeMap<String, Qty> = BTreeMap::new();
    for c in spec.init_containers.iter().flatten() {
        let reqs = pick(c);
        let effective = if c.restart_policy.as_deref() == Some("Always") {
            add_list(&mut out, &reqs);
            add_list(&mut restartable, &reqs);
            restartable.clone()
        } else {
            let mut tmp = BTreeMap::new();
            add_list(&mut tmp, &reqs);
            add_list(&mut tmp, &restartable);
            tmp
        };
        max_list(&mut init_max, &effective);
    }
    max_list(&mut out, &init_max);
    if let Some(oh) = spec.overhead.as_ref() {
        let oh: BTreeMap<String, Qty> = oh
            .iter()
            .filter_map(|(k, v)| Qty::parse(&v.0).map(|q| (k.clone(), q)))
            .collect();
        if limits {
            for (k, v) in oh {
                if let Some(d) = out.get_mut(&k) {
                    d.add(v);
                }
            }
        } else {
            add_list(&mut out, &oh);
        }
    }
    out
}

/// `int64(float64(a) / float64(b) * 100)` including Go's amd64 result for NaN/Inf.
fn percent(a: i64, b: i64) -> i64 {
    let f = a as f64 / b as f64 * 100.0;
    // Out of i64 range (or NaN): Go's float→int64 conversion on amd64 yields MinInt64.
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

fn describe_node_resource(
    w: &mut W,
    pods: &[&Pod],
    status: &k8s_openapi::api::core::v1::NodeStatus,
    now: SimTime,
) {
    w.write(
        0,
        &format!("Non-terminated Pods:\t({} in total)\n", pods.len()),
    );
    w.write(
        1,
        "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    w.write(
        1,
        "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let alloc_src = match status.allocatable.as_ref().filter(|a| !a.is_empty()) {
        Some(a) => a.clone(),
        None => status.capacity.clone().unwrap_or_default(),
    };
    let alloc: BTreeMap<String, Qty> = alloc_src
        .iter()
        .filter_map(|(k, v)| Qty::parse(&v.0).map(|q| (k.clone(), q)))
        .collect();
    let get = |m: &BTreeMap<String, Qty>, k: &str| m.get(k).copied().unwrap_or_else(Qty::zero);
    let alloc_cpu = get(&alloc, "cpu").milli_value();
    let alloc_mem = get(&alloc, "memory").value();
    let mut total_req: BTreeMap<String, Qty> = BTreeMap::new();
    let mut total_lim: BTreeMap<String, Qty> = BTreeMap::new();
    for p in pods {
        let req = pod_resources(p, false);
        let lim = pod_resources(p, true);
        let (cr, cl, mr, ml) = (
            get(&req, "cpu"),
            get(&lim, "cpu"),
            get(&req, "memory"),
            get(&lim, "memory"),
        );
        w.write(
            1,
            &format!(
                "{}\t{}\t\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{} ({}%)\t{}\n",
                ns_of(&p.metadata),
                name_of(&p.metadata),
                cr.canonical(),
                percent(cr.milli_value(), alloc_cpu),
                cl.canonical(),
                percent(cl.milli_value(), alloc_cpu),
                mr.canonical(),
                percent(mr.value(), alloc_mem),
                ml.canonical(),
                percent(ml.value(), alloc_mem),
                age(p.metadata.creation_timestamp.as_ref(), now)
            ),
        );
        for (k, v) in req {
            match total_req.get_mut(&k) {
                None => {
                    total_req.insert(k, v);
                }
                Some(d) => d.add(v),
            }
        }
        for (k, v) in lim {
            match total_lim.get_mut(&k) {
                None => {
                    total_lim.insert(k, v);
                }
                Some(d) => d.add(v),
            }
        }
    }
    w.write(
        0,
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    w.write(1, "Resource\tRequests\tLimits\n");
    w.write(1, "--------\t--------\t------\n");
    let frac = |v: i64, a: i64| if a != 0 { percent(v, a) } else { 0 };
    let line = |w: &mut W, name: &str, scale_milli: bool| {
        let r = get(&total_req, name);
        let l = get(&total_lim, name);
        let a = get(&alloc, name);
        let (rv, lv, av) = if scale_milli {
            (r.milli_value(), l.milli_value(), a.milli_value())
        } else {
            (r.value(), l.value(), a.value())
        };
        w.write(
            1,
            &format!(
                "{}\t{} ({}%)\t{} ({}%)\n",
                name,
                r.canonical(),
                frac(rv, av),
                l.canonical(),
                frac(lv, av)
            ),
        );
    };
    line(w, "cpu", true);
    line(w, "memory", false);
    line(w, "ephemeral-storage", false);
    let mut huge: Vec<&String> = Vec::new();
    let mut ext: Vec<&String> = Vec::new();
    for k in alloc.keys() {
        if k.starts_with("hugepages-") {
            huge.push(k);
        } else if !matches!(k.as_str(), "cpu" | "memory" | "ephemeral-storage" | "pods")
            && !k.starts_with("requests.")
            && !k.starts_with("limits.")
        {
            ext.push(k);
        }
    }
    for k in huge {
        line(w, k, false);
    }
    for k in ext {
        w.write(
            1,
            &format!(
                "{}\t{}\t{}\n",
                k,
                get(&total_req, k).canonical(),
                get(&total_lim, k).canonical()
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------

/// The head most describers share: Name, Namespace, Labels, Annotations.
fn name_namespace_labels(w: &mut W, meta: &ObjectMeta) {
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
}

/// The Events section of an object, found by its kind, name and namespace (`searchEvents`).
fn events_section(w: &mut W, obj: &Object, store: &Store, now: SimTime) {
    let meta = obj.meta();
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some(obj.kind().name()));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `genericDescriber` (kinds without a describer of their own: Lease, Event, …) and
/// `describeNamespace`.
fn describe_generic(w: &mut W, obj: &Object, store: &Store, now: SimTime) {
    let meta = obj.meta();
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    if let Object::Namespace(n) = obj {
        labels_multiline(w, "Labels", meta.labels.as_ref());
        annotations_multiline(w, "Annotations", meta.annotations.as_ref());
        // `describeNamespace`: there are no ResourceQuota or LimitRange objects.
        w.write(
            0,
            &format!(
                "Status:\t{}\n",
                n.status
                    .as_ref()
                    .and_then(|s| s.phase.as_deref())
                    .unwrap_or("")
            ),
        );
        // The deletion conditions the namespace controller writes.
        let conds = n
            .status
            .as_ref()
            .and_then(|s| s.conditions.clone())
            .unwrap_or_default();
        if !conds.is_empty() {
            w.write(0, "Conditions:\n");
            w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
            w.write(1, "----\t------\t------------------\t------\t-------\n");
            for c in conds {
                w.write(
                    1,
                    &format!(
                        "{}\t{}\t{}\t{}\t{}\n",
                        c.type_,
                        c.status,
                        rfc1123z(c.last_transition_time.as_ref()),
                        c.reason.unwrap_or_default(),
                        c.message.unwrap_or_default()
                    ),
                );
            }
        }
        // DescribeResourceQuotas and DescribeLimitRanges of the namespace.
        w.write(0, "\n");
        let mut quotas = store.list(Kind::ResourceQuota, Some(name_of(meta)));
        quotas.stable_sort_by(|a, b| a.name().cmp(b.name()));
        if quotas.is_empty() {
            w.write(0, "No resource quota.\n");
        } else {
            w.write(0, "Resource Quotas\n");
            for q in quotas.iter().filter_map(|o| o.as_resource_quota()) {
                w.write(1, &format!("Name:\t{}\n", name_of(&q.metadata)));
                let scopes = quota_scopes(q);
                if !scopes.is_empty() {
                    w.write(1, &format!("Scopes:\t{}\n", scopes.join(", ")));
                    for s in &scopes {
                        if let Some(t) = scope_help(s) {
                            w.write(1, &format!("* {}\n", t));
                        }
                    }
                }
                w.write(1, "Resource\tUsed\tHard\n");
                w.write(1, "--------\t---\t---\n");
                let st = q.status.clone().unwrap_or_default();
                let used = st.used.unwrap_or_default();
                for (k, hard) in st.hard.iter().flatten() {
                    let u = used.get(k).map_or("0".to_string(), |q| canonical(&q.0));
                    w.write(1, &format!("{}\t{}\t{}\n", k, u, canonical(&hard.0)));
                }
            }
        }
        w.write(0, "\n");
        let ranges = store.list(Kind::LimitRange, Some(name_of(meta)));
        if ranges.is_empty() {
            w.write(0, "No LimitRange resource.\n");
        } else {
            w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
            w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
            for lr in ranges.iter().filter_map(|o| o.as_limit_range()) {
                limit_range_rows(w, lr, " ");
            }
        }
        return;
    }
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    if let serde_json::Value::Object(content) = obj.to_value() {
        unstructured_content(
            w,
            0,
            &content,
            "",
            &[
                ".metadata.managedFields",
                ".metadata.name",
                ".metadata.namespace",
                ".metadata.labels",
                ".metadata.annotations",
            ],
        );
    }
    events_section(w, obj, store, now);
}

/// `printUnstructuredContent`: every field, sorted, under its smart label.
fn unstructured_content(
    w: &mut W,
    level: usize,
    content: &serde_json::Map<String, serde_json::Value>,
    prefix: &str,
    skip: &[&str],
) {
    use serde_json::Value;
    let mut fields: Vec<&String> = content.keys().collect();
    fields.stable_sort();
    for field in fields {
        let path = format!("{}.{}", prefix, field);
        if skip.contains(&path.as_str()) {
            continue;
        }
        match &content[field] {
            Value::Object(m) => {
                w.write(level, &format!("{}:\n", smart_label(field)));
                unstructured_content(w, level + 1, m, &path, skip);
            }
            Value::Array(items) => {
                w.write(level, &format!("{}:\n", smart_label(field)));
                for item in items {
                    match item {
                        Value::Object(m) => unstructured_content(w, level + 1, m, &path, skip),
                        other => w.write(
                            level + 1,
                            &format!("{}\n", crate::apiserver::rest::patch::smp::go_v(other)),
                        ),
                    }
                }
            }
            other => w.write(
                level,
                &format!(
                    "{}:\t{}\n",
                    smart_label(field),
                    crate::apiserver::rest::patch::smp::go_v(other)
                ),
            ),
        }
    }
}

/// `smartLabelFor`: `holderIdentity` → `Holder Identity`, `apiVersion` → `API Version`;
/// names with characters other than letters and `-` stay as they are.
fn smart_label(field: &str) -> String {
    // (Field names are ASCII: the ASCII case rules are Go's unicode ones for them.)
    if field.chars().any(|c| !c.is_ascii_alphabetic() && c != '-') {
        return field.to_string();
    }
    camelcase_split(field)
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            let up = p.to_ascii_uppercase();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&up.as_str()) {
                up
            } else {
                let mut t = p.clone();
                if let Some(f) = t.get_mut(0..1) {
                    f.make_ascii_uppercase();
                }
                t
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `github.com/fatih/camelcase.Split`: runs of one character class (lower, upper, digit,
/// other), an upper run giving its last letter to a following lower run (`HTMLParser` →
/// `HTML`, `Parser`).
fn camelcase_split(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_ascii_lowercase() {
            1
        } else if c.is_ascii_uppercase() {
            2
        } else if c.is_ascii_digit() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = vec![];
    let mut last = 0;
    for c in s.chars() {
        let k = class(c);
        if k == last {
            runs.last_mut().unwrap().push(c);
        } else {
            runs.push(vec![c]);
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        if runs[i].first().is_some_and(|c| c.is_ascii_uppercase())
            && runs[i + 1].first().is_some_and(|c| c.is_ascii_lowercase())
        {
            let c = runs[i].pop().unwrap();
            runs[i + 1].insert(0, c);
        }
    }
    runs.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.into_iter().collect())
        .collect()
}

/// `describeEndpointSliceV1`.
fn describe_endpoint_slice(
    w: &mut W,
    eps: &k8s_openapi::api::discovery::v1::EndpointSlice,
    obj: &Object,
    store: &Store,
    now: SimTime,
) {
    let meta = &eps.metadata;
    name_namespace_labels(w, meta);
    w.write(0, &format!("AddressType:\t{}\n", eps.address_type));
    let ports = eps.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() {
        w.write(0, "Ports: <unset>\n");
    } else {
        w.write(0, "Ports:\n");
        w.write(1, "Name\tPort\tProtocol\n");
        w.write(1, "----\t----\t--------\n");
        for p in ports {
            let name = p
                .name
                .as_deref()
                .filter(|n| !n.is_empty())
                .unwrap_or("<unset>");
            let port = p
                .port
                .map(|n| n.to_string())
                .unwrap_or_else(|| "<unset>".into());
            w.write(
                1,
                &format!(
                    "{}\t{}\t{}\n",
                    name,
                    port,
                    p.protocol.as_deref().unwrap_or("")
                ),
            );
        }
    }
    if eps.endpoints.is_empty() {
        w.write(0, "Endpoints: <none>\n");
    } else {
        w.write(0, "Endpoints:\n");
        for ep in &eps.endpoints {
            let addrs = if ep.addresses.is_empty() {
                "<none>".to_string()
            } else {
                ep.addresses.join(", ")
            };
            w.write(1, &format!("- Addresses:\t{}\n", addrs));
            w.write(2, "Conditions:\n");
            let ready = ep
                .conditions
                .as_ref()
                .and_then(|c| c.ready)
                .map(|b| b.to_string())
                .unwrap_or_else(|| "<unset>".into());
            w.write(3, &format!("Ready:\t{}\n", ready));
            w.write(
                2,
                &format!(
                    "Hostname:\t{}\n",
                    ep.hostname.as_deref().unwrap_or("<unset>")
                ),
            );
            if let Some(t) = &ep.target_ref {
                w.write(
                    2,
                    &format!(
                        "TargetRef:\t{}/{}\n",
                        t.kind.as_deref().unwrap_or(""),
                        t.name.as_deref().unwrap_or("")
                    ),
                );
            }
            w.write(
                2,
                &format!(
                    "NodeName:\t{}\n",
                    ep.node_name.as_deref().unwrap_or("<unset>")
                ),
            );
            w.write(
                2,
                &format!("Zone:\t{}\n", ep.zone.as_deref().unwrap_or("<unset>")),
            );
        }
    }
    events_section(w, obj, store, now);
}

/// `formatEndpointSlices(slices, {port name})`: ready endpoints as `ip:port`, up to 3, then
/// ` + N more...`; `<none>` without slices.
fn format_endpoint_slices(
    slices: &[&k8s_openapi::api::discovery::v1::EndpointSlice],
    port: &str,
) -> String {
    if slices.is_empty() {
        return "<none>".to_string();
    }
    let mut list: Vec<String> = vec![];
    let max = 3;
    let mut more = false;
    let mut count = 0;
    for s in slices {
        let ports = s.ports.as_deref().unwrap_or(&[]);
        let ready = |e: &k8s_openapi::api::discovery::v1::Endpoint| {
            e.conditions.as_ref().and_then(|c| c.ready) != Some(false)
        };
        if ports.is_empty() {
            for e in &s.endpoints {
                if list.len() == max {
                    more = true;
                }
                if !ready(e) {
                    continue;
                }
                if !more && let Some(a) = e.addresses.first() {
                    list.push(a.clone());
                }
                count += 1;
            }
        } else {
            for p in ports {
                if p.name.as_deref().unwrap_or("") != port {
                    continue;
                }
                for e in &s.endpoints {
                    if list.len() == max {
                        more = true;
                    }
                    if !ready(e) {
                        continue;
                    }
                    if !more && let Some(a) = e.addresses.first() {
                        list.push(format!("{}:{}", a, p.port.unwrap_or(0)));
                    }
                    count += 1;
                }
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{} + {} more...", ret, count - max)
    } else {
        ret
    }
}

/// `describeService` (kubectl v1.32, endpoints from EndpointSlices).
fn describe_service(
    w: &mut W,
    svc: &k8s_openapi::api::core::v1::Service,
    obj: &Object,
    store: &Store,
    now: SimTime,
) {
    let meta = &svc.metadata;
    let default_spec = Default::default();
    let spec = svc.spec.as_ref().unwrap_or(&default_spec);
    name_namespace_labels(w, meta);
    w.write(
        0,
        &format!(
            "Selector:\t{}\n",
            crate::labels::format_labels_opt(spec.selector.as_ref())
        ),
    );
    w.write(
        0,
        &format!("Type:\t{}\n", spec.type_.as_deref().unwrap_or("")),
    );
    if let Some(p) = &spec.ip_family_policy {
        w.write(0, &format!("IP Family Policy:\t{}\n", p));
    }
    match spec.ip_families.as_ref().filter(|f| !f.is_empty()) {
        Some(f) => w.write(0, &format!("IP Families:\t{}\n", f.join(","))),
        None => w.write(0, "IP Families:\t<none>\n"),
    }
    w.write(
        0,
        &format!("IP:\t{}\n", spec.cluster_ip.as_deref().unwrap_or("")),
    );
    match spec.cluster_ips.as_ref().filter(|f| !f.is_empty()) {
        Some(ips) => w.write(0, &format!("IPs:\t{}\n", ips.join(","))),
        None => w.write(0, "IPs:\t<none>\n"),
    }
    if let Some(ext) = spec.external_ips.as_ref().filter(|v| !v.is_empty()) {
        w.write(0, &format!("External IPs:\t{}\n", ext.join(",")));
    }
    if spec.type_.as_deref() == Some("ExternalName") {
        w.write(
            0,
            &format!(
                "External Name:\t{}\n",
                spec.external_name.as_deref().unwrap_or("")
            ),
        );
    }
    let all = store.list(Kind::EndpointSlice, Some(ns_of(meta)));
    let slices: Vec<&k8s_openapi::api::discovery::v1::EndpointSlice> = all
        .iter()
        .filter_map(|o| o.as_endpoint_slice())
        .filter(|s| {
            s.metadata
                .labels
                .as_ref()
                .and_then(|l| l.get("kubernetes.io/service-name"))
                .map(String::as_str)
                == Some(name_of(meta))
        })
        .collect();
    for sp in spec.ports.iter().flatten() {
        let pname = sp.name.as_deref().unwrap_or("");
        let name = if pname.is_empty() { "<unset>" } else { pname };
        let proto = sp.protocol.as_deref().unwrap_or("");
        w.write(0, &format!("Port:\t{}\t{}/{}\n", name, sp.port, proto));
        match &sp.target_port {
            Some(IntOrString::String(s)) => w.write(0, &format!("TargetPort:\t{}/{}\n", s, proto)),
            Some(IntOrString::Int(n)) => w.write(0, &format!("TargetPort:\t{}/{}\n", n, proto)),
            None => w.write(0, &format!("TargetPort:\t0/{}\n", proto)),
        }
        if let Some(np) = sp.node_port.filter(|n| *n != 0) {
            w.write(0, &format!("NodePort:\t{}\t{}/{}\n", name, np, proto));
        }
        w.write(
            0,
            &format!("Endpoints:\t{}\n", format_endpoint_slices(&slices, pname)),
        );
    }
    w.write(
        0,
        &format!(
            "Session Affinity:\t{}\n",
            spec.session_affinity.as_deref().unwrap_or("")
        ),
    );
    if let Some(p) = spec
        .external_traffic_policy
        .as_deref()
        .filter(|p| !p.is_empty())
    {
        w.write(0, &format!("External Traffic Policy:\t{}\n", p));
    }
    if let Some(p) = &spec.internal_traffic_policy {
        w.write(0, &format!("Internal Traffic Policy:\t{}\n", p));
    }
    events_section(w, obj, store, now);
}

/// `describeEndpoints` (kubectl v1.32): each subset's ready and not-ready IPs and its ports.
fn describe_endpoints(
    w: &mut W,
    ep: &k8s_openapi::api::core::v1::Endpoints,
    obj: &Object,
    store: &Store,
    now: SimTime,
) {
    let meta = &ep.metadata;
    name_namespace_labels(w, meta);
    w.write(0, "Subsets:\n");
    let ips = |v: Option<&Vec<k8s_openapi::api::core::v1::EndpointAddress>>| {
        let s: Vec<&str> = v.into_iter().flatten().map(|a| a.ip.as_str()).collect();
        if s.is_empty() {
            "<none>".to_string()
        } else {
            s.join(",")
        }
    };
    for ss in ep.subsets.iter().flatten() {
        w.write(1, &format!("Addresses:\t{}\n", ips(ss.addresses.as_ref())));
        w.write(
            1,
            &format!(
                "NotReadyAddresses:\t{}\n",
                ips(ss.not_ready_addresses.as_ref())
            ),
        );
        let ports = ss.ports.as_deref().unwrap_or(&[]);
        if !ports.is_empty() {
            w.write(1, "Ports:\n");
            w.write(2, "Name\tPort\tProtocol\n");
            w.write(2, "----\t----\t--------\n");
            for p in ports {
                let name = p
                    .name
                    .as_deref()
                    .filter(|n| !n.is_empty())
                    .unwrap_or("<unset>");
                w.write(
                    2,
                    &format!(
                        "{}\t{}\t{}\n",
                        name,
                        p.port,
                        p.protocol.as_deref().unwrap_or("")
                    ),
                );
            }
        }
        w.write(0, "\n");
    }
    events_section(w, obj, store, now);
}

#[cfg(test)]
mod smart_label_tests {
    use super::{camelcase_split, smart_label};

    /// `smartLabelFor` (`k8s.io/kubectl/pkg/describe/describe.go`) and the splits of
    /// `github.com/fatih/camelcase` its labels rest on.
    #[test]
    fn labels_of_unstructured_fields() {
        for (field, label) in [
            ("holderIdentity", "Holder Identity"),
            ("apiVersion", "API Version"),
            ("uid", "UID"),
            ("leaseDurationSeconds", "Lease Duration Seconds"),
            ("podIP", "Pod IP"),
            ("HTMLParser", "HTML Parser"),
            ("kind", "Kind"),
            ("self-link", "Self - Link"),
            ("field_x", "field_x"),
            ("v1beta1", "v1beta1"),
        ] {
            assert_eq!(smart_label(field), label, "{field}");
        }
        for (s, parts) in [
            ("lowercase", vec!["lowercase"]),
            ("Class", vec!["Class"]),
            ("MyClass", vec!["My", "Class"]),
            ("MyC", vec!["My", "C"]),
            ("HTML", vec!["HTML"]),
            ("PDFLoader", vec!["PDF", "Loader"]),
            ("AString", vec!["A", "String"]),
            ("SimpleXMLParser", vec!["Simple", "XML", "Parser"]),
            ("vimRPCPlugin", vec!["vim", "RPC", "Plugin"]),
            ("GL11Version", vec!["GL", "11", "Version"]),
            ("99Bottles", vec!["99", "Bottles"]),
            ("May5", vec!["May", "5"]),
            ("BFG9000", vec!["BFG", "9000"]),
        ] {
            assert_eq!(camelcase_split(s), parts, "{s}");
        }
    }
}

#[cfg(test)]
mod storage_describe_tests {
    use super::*;
    use serde_json::{Value, json};

    fn obj(kind: Kind, v: Value) -> Object {
        Object::from_value(kind, v).expect("decodes")
    }

    fn store_with(objs: Vec<Object>) -> Store {
        let mut store = Store::new();
        for o in objs {
            store.create(o).expect("create");
        }
        store
    }

    const CREATED: &str = "2024-12-03T10:00:00Z";

    fn now() -> SimTime {
        let t: Time = serde_json::from_value(json!(CREATED)).expect("time");
        SimTime::from_k8s(&t).plus(60_000)
    }

    /// storage-spec §1.5: last-applied is kept and its newline breaks the alignment block.
    #[test]
    fn describe_storage_class_matches_kind() {
        let last = "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\",\"metadata\":{\"annotations\":{\"storageclass.kubernetes.io/is-default-class\":\"true\"},\"name\":\"standard\"},\"provisioner\":\"rancher.io/local-path\",\"reclaimPolicy\":\"Delete\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}\n";
        let sc = obj(
            Kind::StorageClass,
            json!({
                "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                "metadata": {"name": "standard", "creationTimestamp": CREATED, "annotations": {
                    "kubectl.kubernetes.io/last-applied-configuration": last,
                    "storageclass.kubernetes.io/is-default-class": "true"}},
                "provisioner": "rancher.io/local-path",
                "reclaimPolicy": "Delete",
                "volumeBindingMode": "WaitForFirstConsumer"
            }),
        );
        let store = store_with(vec![]);
        let want = format!(
            "Name:            standard\n\
             IsDefaultClass:  Yes\n\
             Annotations:     kubectl.kubernetes.io/last-applied-configuration={}\n\
             ,storageclass.kubernetes.io/is-default-class=true\n\
             Provisioner:           rancher.io/local-path\n\
             Parameters:            <none>\n\
             AllowVolumeExpansion:  <unset>\n\
             MountOptions:          <none>\n\
             ReclaimPolicy:         Delete\n\
             VolumeBindingMode:     WaitForFirstConsumer\n\
             Events:                <none>\n",
            last.trim_end()
        );
        assert_eq!(describe(&sc, &store, now()), want);
    }

    /// storage-spec §4.4 (a local-path PV), without events.
    #[test]
    fn describe_persistent_volume_matches_kind() {
        let pv = obj(
            Kind::PersistentVolume,
            json!({
                "apiVersion": "v1", "kind": "PersistentVolume",
                "metadata": {"name": "pvc-1", "creationTimestamp": CREATED,
                    "annotations": {"local.path.provisioner/selected-node": "kind-worker",
                                    "pv.kubernetes.io/provisioned-by": "rancher.io/local-path"},
                    "finalizers": ["kubernetes.io/pv-protection"]},
                "spec": {"accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"},
                    "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                 "name": "www-web-0", "namespace": "default"},
                    "hostPath": {"path": "/var/local-path-provisioner/pvc-1_default_www-web-0",
                                 "type": "DirectoryOrCreate"},
                    "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                        {"key": "kubernetes.io/hostname", "operator": "In", "values": ["kind-worker"]}]}]}},
                    "persistentVolumeReclaimPolicy": "Delete",
                    "storageClassName": "standard", "volumeMode": "Filesystem"},
                "status": {"phase": "Bound"}
            }),
        );
        let store = store_with(vec![]);
        let want = "Name:              pvc-1\n\
                    Labels:            <none>\n\
                    Annotations:       local.path.provisioner/selected-node: kind-worker\n\
                    \x20                  pv.kubernetes.io/provisioned-by: rancher.io/local-path\n\
                    Finalizers:        [kubernetes.io/pv-protection]\n\
                    StorageClass:      standard\n\
                    Status:            Bound\n\
                    Claim:             default/www-web-0\n\
                    Reclaim Policy:    Delete\n\
                    Access Modes:      RWO\n\
                    VolumeMode:        Filesystem\n\
                    Capacity:          1Gi\n\
                    Node Affinity:     \n\
                    \x20 Required Terms:  \n\
                    \x20   Term 0:        kubernetes.io/hostname in [kind-worker]\n\
                    Message:           \n\
                    Source:\n\
                    \x20   Type:          HostPath (bare host directory volume)\n\
                    \x20   Path:          /var/local-path-provisioner/pvc-1_default_www-web-0\n\
                    \x20   HostPathType:  DirectoryOrCreate\n\
                    Events:            <none>\n";
        assert_eq!(describe(&pv, &store, now()), want);
    }

    fn pod(name: &str, claim: &str, owner_uid: Option<&str>, phase: &str) -> Object {
        let mut v = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}"),
                         "labels": {"app": "nginx"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx"}],
                     "volumes": [{"name": "www", "persistentVolumeClaim": {"claimName": claim}}]},
            "status": {"phase": phase}
        });
        if let Some(uid) = owner_uid {
            v["metadata"]["ownerReferences"] = json!([{"apiVersion": "apps/v1",
                "kind": "StatefulSet", "name": "web", "uid": uid, "controller": true}]);
        }
        obj(Kind::Pod, v)
    }

    /// storage-spec §4.3 (bound claim), without events; `Used By` lists the pod.
    #[test]
    fn describe_claim_matches_kind() {
        let pvc = obj(
            Kind::PersistentVolumeClaim,
            json!({
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": "www-web-0", "namespace": "default",
                    "creationTimestamp": CREATED, "labels": {"app": "nginx"},
                    "annotations": {
                        "pv.kubernetes.io/bind-completed": "yes",
                        "pv.kubernetes.io/bound-by-controller": "yes",
                        "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
                        "volume.kubernetes.io/selected-node": "kind-worker",
                        "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"},
                    "finalizers": ["kubernetes.io/pvc-protection"]},
                "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                    "resources": {"requests": {"storage": "1Gi"}},
                    "volumeMode": "Filesystem", "volumeName": "pvc-1"},
                "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"],
                           "capacity": {"storage": "1Gi"}}
            }),
        );
        let store = store_with(vec![
            pod("web-0", "www-web-0", None, "Running"),
            pod("web-1", "www-web-1", None, "Running"),
        ]);
        let want = "Name:          www-web-0\n\
                    Namespace:     default\n\
                    StorageClass:  standard\n\
                    Status:        Bound\n\
                    Volume:        pvc-1\n\
                    Labels:        app=nginx\n\
                    Annotations:   pv.kubernetes.io/bind-completed: yes\n\
                    \x20              pv.kubernetes.io/bound-by-controller: yes\n\
                    \x20              volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path\n\
                    \x20              volume.kubernetes.io/selected-node: kind-worker\n\
                    \x20              volume.kubernetes.io/storage-provisioner: rancher.io/local-path\n\
                    Finalizers:    [kubernetes.io/pvc-protection]\n\
                    Capacity:      1Gi\n\
                    Access Modes:  RWO\n\
                    VolumeMode:    Filesystem\n\
                    Used By:       web-0\n\
                    Events:        <none>\n";
        assert_eq!(describe(&pvc, &store, now()), want);

        // A pending claim: no volume, capacity or modes; nothing uses it.
        let pending = obj(
            Kind::PersistentVolumeClaim,
            json!({
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": "data", "namespace": "default", "creationTimestamp": CREATED},
                "spec": {"accessModes": ["ReadWriteOnce"],
                    "resources": {"requests": {"storage": "1Gi"}}},
                "status": {"phase": "Pending"}
            }),
        );
        let want = "Name:          data\n\
                    Namespace:     default\n\
                    StorageClass:  \n\
                    Status:        Pending\n\
                    Volume:        \n\
                    Labels:        <none>\n\
                    Annotations:   <none>\n\
                    Finalizers:    []\n\
                    Capacity:      \n\
                    Access Modes:  \n\
                    Used By:       <none>\n\
                    Events:        <none>\n";
        assert_eq!(describe(&pending, &store, now()), want);
    }

    /// sts-spec §8: the web example with two running pods, without events.
    #[test]
    fn describe_statefulset_matches_the_web_example() {
        let sts = obj(
            Kind::StatefulSet,
            json!({
                "apiVersion": "apps/v1", "kind": "StatefulSet",
                "metadata": {"name": "web", "namespace": "default", "uid": "sts-uid",
                             "creationTimestamp": CREATED},
                "spec": {
                    "replicas": 2, "serviceName": "nginx",
                    "selector": {"matchLabels": {"app": "nginx"}},
                    "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                    "template": {"metadata": {"labels": {"app": "nginx"}},
                        "spec": {"containers": [{"name": "nginx",
                            "image": "registry.k8s.io/nginx-slim:0.21",
                            "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                            "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
                    "volumeClaimTemplates": [{"metadata": {"name": "www"},
                        "spec": {"accessModes": ["ReadWriteOnce"],
                                 "resources": {"requests": {"storage": "1Gi"}}}}]
                },
                "status": {"replicas": 2, "readyReplicas": 2}
            }),
        );
        let store = store_with(vec![
            pod("web-0", "www-web-0", Some("sts-uid"), "Running"),
            pod("web-1", "www-web-1", Some("sts-uid"), "Running"),
            pod("other", "x", Some("another-uid"), "Running"),
        ]);
        let want = "Name:               web\n\
                    Namespace:          default\n\
                    CreationTimestamp:  Tue, 03 Dec 2024 10:00:00 +0000\n\
                    Selector:           app=nginx\n\
                    Labels:             <none>\n\
                    Annotations:        <none>\n\
                    Replicas:           2 desired | 2 total\n\
                    Update Strategy:    RollingUpdate\n\
                    \x20 Partition:        0\n\
                    Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n\
                    Pod Template:\n\
                    \x20 Labels:  app=nginx\n\
                    \x20 Containers:\n\
                    \x20  nginx:\n\
                    \x20   Image:        registry.k8s.io/nginx-slim:0.21\n\
                    \x20   Port:         80/TCP\n\
                    \x20   Host Port:    0/TCP\n\
                    \x20   Environment:  <none>\n\
                    \x20   Mounts:\n\
                    \x20     /usr/share/nginx/html from www (rw)\n\
                    \x20 Volumes:         <none>\n\
                    \x20 Node-Selectors:  <none>\n\
                    \x20 Tolerations:     <none>\n\
                    Volume Claims:\n\
                    \x20 Name:          www\n\
                    \x20 StorageClass:  \n\
                    \x20 Labels:        <none>\n\
                    \x20 Annotations:   <none>\n\
                    \x20 Capacity:      1Gi\n\
                    \x20 Access Modes:  [ReadWriteOnce]\n\
                    Events:          <none>\n";
        assert_eq!(describe(&sts, &store, now()), want);
    }

    /// `printPersistentVolumeClaimVolumeSource` in describe pod's Volumes block.
    #[test]
    fn pod_volumes_print_claims() {
        let vols: Vec<Volume> = serde_json::from_value(json!([
            {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-0"}},
            {"name": "data", "persistentVolumeClaim": {"claimName": "d", "readOnly": true}}
        ]))
        .expect("volumes");
        let mut w = W::default();
        describe_volumes(&mut w, &vols, "");
        assert_eq!(
            TabWriter::describe().write_flush(&w.buf),
            "Volumes:\n\
             \x20 www:\n\
             \x20   Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n\
             \x20   ClaimName:  www-web-0\n\
             \x20   ReadOnly:   false\n\
             \x20 data:\n\
             \x20   Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n\
             \x20   ClaimName:  d\n\
             \x20   ReadOnly:   true\n"
        );
    }
}

/// `describeHorizontalPodAutoscalerV2` (kubectl/pkg/describe/describe.go): the metrics as
/// `( current / target )`, min/max, the behavior when set, the target's pod counts, the
/// conditions table and the events.
fn describe_hpa(
    w: &mut W,
    h: &k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler,
    store: &Store,
    now: SimTime,
) {
    let meta = &h.metadata;
    let spec = h.spec.clone().unwrap_or_default();
    let st = h.status.clone().unwrap_or_default();
    let q = |v: &Option<k8s_openapi::apimachinery::pkg::api::resource::Quantity>| {
        v.as_ref()
            .map(|q| canonical(&q.0))
            .unwrap_or_else(|| "0".into())
    };
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(
        0,
        &format!(
            "CreationTimestamp:\t{}\n",
            rfc1123z(meta.creation_timestamp.as_ref())
        ),
    );
    w.write(
        0,
        &format!(
            "Reference:\t{}/{}\n",
            spec.scale_target_ref.kind, spec.scale_target_ref.name
        ),
    );
    w.write(0, "Metrics:\t( current / target )\n");
    let cur = st.current_metrics.clone().unwrap_or_default();
    for (i, m) in spec.metrics.iter().flatten().enumerate() {
        let c = cur.get(i);
        match m.type_.as_str() {
            "Resource" | "ContainerResource" => {
                let (label, target, current) = if m.type_ == "Resource" {
                    let r = m.resource.clone().unwrap_or_default();
                    (
                        format!("resource {} on pods", r.name),
                        r.target,
                        c.and_then(|c| c.resource.as_ref())
                            .map(|r| r.current.clone()),
                    )
                } else {
                    let r = m.container_resource.clone().unwrap_or_default();
                    (
                        format!(
                            "resource {} of container \"{}\" on pods",
                            r.name, r.container
                        ),
                        r.target,
                        c.and_then(|c| c.container_resource.as_ref())
                            .map(|r| r.current.clone()),
                    )
                };
                if target.average_value.is_some() {
                    let cv = current.map_or_else(|| "<unknown>".into(), |c| q(&c.average_value));
                    w.write(
                        1,
                        &format!("{}:\t{} / {}\n", label, cv, q(&target.average_value)),
                    );
                } else {
                    let cv = match current {
                        Some(c) if c.average_utilization.is_some() => format!(
                            "{}% ({})",
                            c.average_utilization.unwrap_or(0),
                            q(&c.average_value)
                        ),
                        _ => "<unknown>".into(),
                    };
                    let t = target
                        .average_utilization
                        .map_or_else(|| "<auto>".to_string(), |u| format!("{}%", u));
                    w.write(1, &label);
                    w.write(
                        1,
                        &format!("(as a percentage of request):\t{} / {}\n", cv, t),
                    );
                }
            }
            "Pods" => {
                let p = m.pods.clone().unwrap_or_default();
                let cv = c
                    .and_then(|c| c.pods.as_ref())
                    .map_or_else(|| "<unknown>".into(), |p| q(&p.current.average_value));
                w.write(
                    1,
                    &format!(
                        "{:?} on pods:\t{} / {}\n",
                        p.metric.name,
                        cv,
                        q(&p.target.average_value)
                    ),
                );
            }
            "Object" => {
                let o = m.object.clone().unwrap_or_default();
                w.write(
                    1,
                    &format!(
                        "\"{}\" on {}/{} ",
                        o.metric.name, o.described_object.kind, o.described_object.name
                    ),
                );
                let co = c.and_then(|c| c.object.as_ref());
                if o.target.type_ == "AverageValue" {
                    let cv = co.map_or_else(|| "<unknown>".into(), |x| q(&x.current.average_value));
                    w.write(
                        0,
                        &format!(
                            "(target average value):\t{} / {}\n",
                            cv,
                            q(&o.target.average_value)
                        ),
                    );
                } else {
                    let cv = co.map_or_else(|| "<unknown>".into(), |x| q(&x.current.value));
                    w.write(
                        0,
                        &format!("(target value):\t{} / {}\n", cv, q(&o.target.value)),
                    );
                }
            }
            "External" => {
                let x = m.external.clone().unwrap_or_default();
                let cx = c.and_then(|c| c.external.as_ref());
                if x.target.average_value.is_some() {
                    let cv = cx
                        .filter(|e| e.current.average_value.is_some())
                        .map_or_else(|| "<unknown>".into(), |e| q(&e.current.average_value));
                    w.write(
                        1,
                        &format!(
                            "{:?} (target average value):\t{} / {}\n",
                            x.metric.name,
                            cv,
                            q(&x.target.average_value)
                        ),
                    );
                } else {
                    let cv = cx.map_or_else(|| "<unknown>".into(), |e| q(&e.current.value));
                    w.write(
                        1,
                        &format!(
                            "{:?} (target value):\t{} / {}\n",
                            x.metric.name,
                            cv,
                            q(&x.target.value)
                        ),
                    );
                }
            }
            other => w.write(1, &format!("<unknown metric type {:?}>\n", other)),
        }
    }
    w.write(
        0,
        &format!(
            "Min replicas:\t{}\n",
            spec.min_replicas
                .map_or_else(|| "<unset>".to_string(), |m| m.to_string())
        ),
    );
    w.write(0, &format!("Max replicas:\t{}\n", spec.max_replicas));
    if let Some(b) = &spec.behavior {
        w.write(0, "Behavior:\n");
        for (dir, rules) in [("Scale Up", &b.scale_up), ("Scale Down", &b.scale_down)] {
            let Some(r) = rules else { continue };
            w.write(1, &format!("{}:\n", dir));
            if let Some(s) = r.stabilization_window_seconds {
                w.write(2, &format!("Stabilization Window: {} seconds\n", s));
            }
            let policies = r.policies.clone().unwrap_or_default();
            if !policies.is_empty() {
                w.write(
                    2,
                    &format!(
                        "Select Policy: {}\n",
                        r.select_policy.clone().unwrap_or_else(|| "Max".into())
                    ),
                );
                w.write(2, "Policies:\n");
                for p in policies {
                    w.write(
                        3,
                        &format!(
                            "- Type: {}\tValue: {}\tPeriod: {} seconds\n",
                            p.type_, p.value, p.period_seconds
                        ),
                    );
                }
            }
        }
    }
    w.write(
        0,
        &format!(
            "{} pods:\t{} current / {} desired\n",
            spec.scale_target_ref.kind,
            st.current_replicas.unwrap_or(0),
            st.desired_replicas
        ),
    );
    let conds = st.conditions.clone().unwrap_or_default();
    if !conds.is_empty() {
        w.write(0, "Conditions:\n");
        w.write(1, "Type\tStatus\tReason\tMessage\n");
        w.write(1, "----\t------\t------\t-------\n");
        for c in conds {
            w.write(
                1,
                &format!(
                    "{}\t{}\t{}\t{}\n",
                    c.type_,
                    c.status,
                    c.reason.unwrap_or_default(),
                    c.message.unwrap_or_default()
                ),
            );
        }
    }
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("HorizontalPodAutoscaler"));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `describePodDisruptionBudgetV1` (kubectl/pkg/describe/describe.go).
/// `describeLimitRangeSpec`: one row per item and resource (Go iterates a map; kubestep
/// sorts), `-` for what is unset.
fn limit_range_rows(w: &mut W, lr: &k8s_openapi::api::core::v1::LimitRange, prefix: &str) {
    for item in lr.spec.iter().flat_map(|s| s.limits.iter()) {
        let lists = [
            item.min.as_ref(),
            item.max.as_ref(),
            item.default_request.as_ref(),
            item.default.as_ref(),
            item.max_limit_request_ratio.as_ref(),
        ];
        let keys: std::collections::BTreeSet<&String> =
            lists.iter().flatten().flat_map(|m| m.keys()).collect();
        for k in keys {
            let cell = |m: Option<
                &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
            >| {
                m.and_then(|m| m.get(k))
                    .map_or("-".to_string(), |q| canonical(&q.0))
            };
            w.write(
                0,
                &format!(
                    "{}{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    prefix,
                    item.type_,
                    k,
                    cell(lists[0]),
                    cell(lists[1]),
                    cell(lists[2]),
                    cell(lists[3]),
                    cell(lists[4])
                ),
            );
        }
    }
}

fn quota_scopes(q: &k8s_openapi::api::core::v1::ResourceQuota) -> Vec<String> {
    let mut s = q
        .spec
        .as_ref()
        .and_then(|s| s.scopes.clone())
        .unwrap_or_default();
    s.stable_sort();
    s
}

/// `helpTextForResourceQuotaScope`.
fn scope_help(scope: &str) -> Option<&'static str> {
    Some(match scope {
        "Terminating" => {
            "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system."
        }
        "NotTerminating" => {
            "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate."
        }
        "BestEffort" => {
            "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service."
        }
        "NotBestEffort" => {
            "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service."
        }
        _ => return None,
    })
}

/// `describeQuota`: used is shown in the hard limit's format when they differ.
fn describe_quota(w: &mut W, q: &k8s_openapi::api::core::v1::ResourceQuota) {
    w.write(0, &format!("Name:\t{}\n", name_of(&q.metadata)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(&q.metadata)));
    let scopes = quota_scopes(q);
    if !scopes.is_empty() {
        w.write(0, &format!("Scopes:\t{}\n", scopes.join(", ")));
        for s in &scopes {
            if let Some(t) = scope_help(s) {
                w.write(0, &format!(" * {}\n", t));
            }
        }
    }
    w.write(0, "Resource\tUsed\tHard\n");
    w.write(0, "--------\t----\t----\n");
    let st = q.status.clone().unwrap_or_default();
    let used = st.used.unwrap_or_default();
    for (k, hard) in st.hard.iter().flatten() {
        let h = Qty::parse(&hard.0).unwrap_or(Qty::zero());
        let u = used
            .get(k)
            .and_then(|q| Qty::parse(&q.0))
            .unwrap_or(Qty::zero());
        let u = if u.format != h.format {
            Qty {
                negative: u.value() < 0,
                mantissa: u.value().unsigned_abs() as u128,
                exp10: 0,
                format: h.format,
            }
        } else {
            u
        };
        w.write(0, &format!("{}\t{}\t{}\n", k, u.canonical(), h.canonical()));
    }
}

/// The ConfigMap describer (data in key order; Go's map order is random).
fn describe_configmap(
    w: &mut W,
    cm: &k8s_openapi::api::core::v1::ConfigMap,
    store: &Store,
    now: SimTime,
) {
    let meta = &cm.metadata;
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    w.write(0, "\nData\n====\n");
    for (k, v) in cm.data.iter().flatten() {
        w.write(0, &format!("{}:\n----\n", k));
        w.write(0, &format!("{}\n", v));
        w.write(0, "\n");
    }
    w.write(0, "\nBinaryData\n====\n");
    for (k, v) in cm.binary_data.iter().flatten() {
        w.write(0, &format!("{}: {} bytes\n", k, v.0.len()));
    }
    w.write(0, "\n");
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("ConfigMap"));
    describe_events_raw(&evs, now, &mut w.buf);
}

/// `describeSecret`: sizes only (a service account token in clear); no events.
fn describe_secret(w: &mut W, s: &k8s_openapi::api::core::v1::Secret) {
    let meta = &s.metadata;
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    let ty = s.type_.clone().unwrap_or_default();
    w.write(0, &format!("\nType:\t{}\n", ty));
    w.write(0, "\nData\n====\n");
    for (k, v) in s.data.iter().flatten() {
        if k == "token" && ty == "kubernetes.io/service-account-token" {
            w.write(0, &format!("{}:\t{}\n", k, String::from_utf8_lossy(&v.0)));
        } else {
            w.write(0, &format!("{}:\t{} bytes\n", k, v.0.len()));
        }
    }
}

/// `describeServiceAccount`: the three secret lists under their padded headers, in sorted
/// header order, `(not found)` after a missing one.
fn describe_service_account(
    w: &mut W,
    sa: &k8s_openapi::api::core::v1::ServiceAccount,
    store: &Store,
    now: SimTime,
) {
    let meta = &sa.metadata;
    let ns = ns_of(meta);
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns));
    labels_multiline(w, "Labels", meta.labels.as_ref());
    annotations_multiline(w, "Annotations", meta.annotations.as_ref());
    let pull: Vec<String> = sa
        .image_pull_secrets
        .iter()
        .flatten()
        .map(|s| s.name.clone())
        .collect();
    let mount: Vec<String> = sa
        .secrets
        .iter()
        .flatten()
        .filter_map(|s| s.name.clone())
        .collect();
    let tokens: Vec<String> = store
        .list(Kind::Secret, Some(ns))
        .iter()
        .filter_map(|o| o.as_secret())
        .filter(|s| {
            s.type_.as_deref() == Some("kubernetes.io/service-account-token")
                && s.metadata
                    .annotations
                    .as_ref()
                    .and_then(|a| a.get("kubernetes.io/service-account.name"))
                    == meta.name.as_ref()
        })
        .filter_map(|s| s.metadata.name.clone())
        .collect();
    let exists = |n: &str| {
        store
            .get(&crate::object::ObjKey::new(Kind::Secret, ns, n))
            .is_some()
    };
    for (header, names) in [
        ("Image pull secrets:", &pull),
        ("Mountable secrets: ", &mount),
        ("Tokens:            ", &tokens),
    ] {
        if names.is_empty() {
            w.write(0, &format!("{}\t<none>\n", header));
            continue;
        }
        let mut prefix = header;
        for n in names {
            let missing = if exists(n) { "" } else { " (not found)" };
            w.write(0, &format!("{}\t{}{}\n", prefix, n, missing));
            prefix = "                   ";
        }
    }
    let evs_all = store.list(Kind::Event, Some(ns));
    let evs = object_events(&evs_all, meta, Some("ServiceAccount"));
    describe_events_raw(&evs, now, &mut w.buf);
}

fn describe_pdb(
    w: &mut W,
    b: &k8s_openapi::api::policy::v1::PodDisruptionBudget,
    store: &Store,
    now: SimTime,
) {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    let meta = &b.metadata;
    let spec = b.spec.clone().unwrap_or_default();
    let st = b.status.clone().unwrap_or_default();
    let show = |v: &IntOrString| match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    };
    w.write(0, &format!("Name:\t{}\n", name_of(meta)));
    w.write(0, &format!("Namespace:\t{}\n", ns_of(meta)));
    if let Some(v) = &spec.min_available {
        w.write(0, &format!("Min available:\t{}\n", show(v)));
    } else if let Some(v) = &spec.max_unavailable {
        w.write(0, &format!("Max unavailable:\t{}\n", show(v)));
    }
    let sel = match &spec.selector {
        None => "<unset>".to_string(),
        Some(s) => format_label_selector(Some(s)),
    };
    w.write(0, &format!("Selector:\t{}\n", sel));
    w.write(0, "Status:\n");
    w.write(
        2,
        &format!("Allowed disruptions:\t{}\n", st.disruptions_allowed),
    );
    w.write(2, &format!("Current:\t{}\n", st.current_healthy));
    w.write(2, &format!("Desired:\t{}\n", st.desired_healthy));
    w.write(2, &format!("Total:\t{}\n", st.expected_pods));
    let evs_all = store.list(Kind::Event, Some(ns_of(meta)));
    let evs = object_events(&evs_all, meta, Some("PodDisruptionBudget"));
    describe_events_raw(&evs, now, &mut w.buf);
}

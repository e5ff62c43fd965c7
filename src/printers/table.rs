//! Table columns and rows, as the API server's table convertor produces them
//! (`pkg/printers/internalversion/printers.go`) and kubectl decorates them
//! (NAMESPACE / LABELS columns, `kind/` name prefix:
//! `staging/src/k8s.io/cli-runtime/pkg/printers/tableprinter.go: decorateTable`).

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::coordination::v1::Lease;
use k8s_openapi::api::core::v1::{Container, Endpoints, Event, Namespace, Node, Pod, Service};
use k8s_openapi::api::discovery::v1::{EndpointPort, EndpointSlice};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, Time};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::labels::{Selector, format_label_selector, format_labels_opt};
use crate::object::{Kind, Object};
use crate::time::{SimTime, human_duration};

use super::PrintOptions;

/// `translateTimestampSince`: `<unknown>` for a zero (absent) time.
pub fn age(t: Option<&Time>, now: SimTime) -> String {
    match t {
        None => "<unknown>".to_string(),
        Some(t) => human_duration(now.0 - SimTime::from_k8s(t).0),
    }
}

/// `translateMicroTimestampSince`.
pub fn age_micro(t: Option<&MicroTime>, now: SimTime) -> String {
    match t {
        None => "<unknown>".to_string(),
        Some(t) => human_duration(now.0 - SimTime::from_k8s_micro(t).0),
    }
}

/// Column names (title case, as the server's column definitions have them) for a kind.
pub(crate) fn base_columns(kind: Kind, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match kind {
        Kind::Pod => (
            &["Name", "Ready", "Status", "Restarts", "Age"],
            &["IP", "Node", "Nominated Node", "Readiness Gates"],
        ),
        Kind::Deployment => (
            &["Name", "Ready", "Up-to-date", "Available", "Age"],
            &["Containers", "Images", "Selector"],
        ),
        Kind::ReplicaSet => (
            &["Name", "Desired", "Current", "Ready", "Age"],
            &["Containers", "Images", "Selector"],
        ),
        Kind::Node => (
            &["Name", "Status", "Roles", "Age", "Version"],
            &[
                "Internal-IP",
                "External-IP",
                "OS-Image",
                "Kernel-Version",
                "Container-Runtime",
            ],
        ),
        Kind::Event => (&["Last Seen", "Type", "Reason", "Object", "Message"], &[]),
        Kind::Namespace => (&["Name", "Status", "Age"], &[]),
        Kind::Lease => (&["Name", "Holder", "Age"], &[]),
        Kind::Service => (
            &[
                "Name",
                "Type",
                "Cluster-IP",
                "External-IP",
                "Port(s)",
                "Age",
            ],
            &["Selector"],
        ),
        Kind::EndpointSlice => (&["Name", "AddressType", "Ports", "Endpoints", "Age"], &[]),
        Kind::Endpoints => (&["Name", "Endpoints", "Age"], &[]),
        Kind::DaemonSet => (
            &[
                "Name",
                "Desired",
                "Current",
                "Ready",
                "Up-to-date",
                "Available",
                "Node Selector",
                "Age",
            ],
            &["Containers", "Images", "Selector"],
        ),
        Kind::ControllerRevision => (&["Name", "Controller", "Revision", "Age"], &[]),
        Kind::ConfigMap => (&["Name", "Data", "Age"], &[]),
        Kind::Secret => (&["Name", "Type", "Data", "Age"], &[]),
        Kind::ServiceAccount => (&["Name", "Secrets", "Age"], &[]),
        Kind::ResourceQuota => (&["Name", "Age", "Request", "Limit"], &[]),
        Kind::LimitRange => (&["Name", "Created At"], &[]),
        Kind::PodDisruptionBudget => (
            &[
                "Name",
                "Min Available",
                "Max Unavailable",
                "Allowed Disruptions",
                "Age",
            ],
            &[],
        ),
        Kind::HorizontalPodAutoscaler => (
            &[
                "Name",
                "Reference",
                "Targets",
                "MinPods",
                "MaxPods",
                "Replicas",
                "Age",
            ],
            &[],
        ),
        Kind::Job => (
            &["Name", "Status", "Completions", "Duration", "Age"],
            &["Containers", "Images", "Selector"],
        ),
        Kind::StatefulSet => (&["Name", "Ready", "Age"], &["Containers", "Images"]),
        Kind::PersistentVolumeClaim => (
            &[
                "Name",
                "Status",
                "Volume",
                "Capacity",
                "Access Modes",
                "StorageClass",
                "VolumeAttributesClass",
                "Age",
            ],
            &["VolumeMode"],
        ),
        Kind::PersistentVolume => (
            &[
                "Name",
                "Capacity",
                "Access Modes",
                "Reclaim Policy",
                "Status",
                "Claim",
                "StorageClass",
                "VolumeAttributesClass",
                "Reason",
                "Age",
            ],
            &["VolumeMode"],
        ),
        Kind::StorageClass => (
            &[
                "Name",
                "Provisioner",
                "ReclaimPolicy",
                "VolumeBindingMode",
                "AllowVolumeExpansion",
                "Age",
            ],
            &[],
        ),
        Kind::CronJob => (
            &[
                "Name",
                "Schedule",
                "Timezone",
                "Suspend",
                "Active",
                "Last Schedule",
                "Age",
            ],
            &["Containers", "Images", "Selector"],
        ),
    };
    if wide && kind == Kind::Event {
        return vec![
            "Last Seen",
            "Type",
            "Reason",
            "Object",
            "Subobject",
            "Source",
            "Message",
            "First Seen",
            "Count",
            "Name",
        ];
    }
    let mut cols = base.to_vec();
    if wide {
        cols.extend_from_slice(extra);
    }
    cols
}

/// Header cells for `kubectl get <kind>`: the column names upper-cased, `NAMESPACE` first
/// with `-A`, `LABELS` last with `--show-labels`.
pub fn table_headers(kind: Kind, opts: &PrintOptions) -> Vec<String> {
    let mut h = Vec::new();
    if opts.with_namespace {
        h.push("NAMESPACE".to_string());
    }
    for c in base_columns(kind, opts.wide) {
        h.push(c.to_uppercase());
    }
    if opts.show_labels {
        h.push("LABELS".to_string());
    }
    h
}

/// Cells of one row for an object, decorated per `opts`.
pub fn table_row(obj: &Object, opts: &PrintOptions, now: SimTime) -> Vec<String> {
    table_row_named(obj, opts, now, None)
}

/// Like [`table_row`] but with the NAME cell replaced (`kind/name` when kubectl prints
/// several resource types).
pub(crate) fn table_row_named(
    obj: &Object,
    opts: &PrintOptions,
    now: SimTime,
    name: Option<String>,
) -> Vec<String> {
    let mut cells = match obj {
        Object::Pod(p) => pod_cells(p, opts.wide, now),
        Object::Deployment(d) => deployment_cells(d, opts.wide, now),
        Object::ReplicaSet(r) => replicaset_cells(r, opts.wide, now),
        Object::Node(n) => node_cells(n, opts.wide, now),
        Object::Event(e) => event_cells(e, opts.wide, opts.events_command, now),
        Object::Namespace(n) => namespace_cells(n, now),
        Object::Lease(l) => lease_cells(l, now),
        Object::Service(svc) => service_cells(svc, opts.wide, now),
        Object::EndpointSlice(es) => endpoint_slice_cells(es, now),
        Object::Endpoints(ep) => vec![
            ep.metadata.name.clone().unwrap_or_default(),
            format_endpoints(ep),
            age(ep.metadata.creation_timestamp.as_ref(), now),
        ],
        Object::DaemonSet(ds) => daemonset_cells(ds, opts.wide, now),
        Object::Job(j) => job_cells(j, opts.wide, now),
        Object::CronJob(cj) => cronjob_cells(cj, opts.wide, now),
        Object::StatefulSet(s) => statefulset_cells(s, opts.wide, now),
        Object::PersistentVolumeClaim(c) => pvc_cells(c, opts.wide, now),
        Object::PersistentVolume(v) => pv_cells(v, opts.wide, now),
        Object::StorageClass(c) => storage_class_cells(c, now),
        Object::HorizontalPodAutoscaler(h) => hpa_cells(h, now),
        Object::ConfigMap(cm) => vec![
            cm.metadata.name.clone().unwrap_or_default(),
            (cm.data.as_ref().map_or(0, |d| d.len())
                + cm.binary_data.as_ref().map_or(0, |d| d.len()))
            .to_string(),
            age(cm.metadata.creation_timestamp.as_ref(), now),
        ],
        Object::Secret(sec) => vec![
            sec.metadata.name.clone().unwrap_or_default(),
            sec.type_.clone().unwrap_or_default(),
            sec.data.as_ref().map_or(0, |d| d.len()).to_string(),
            age(sec.metadata.creation_timestamp.as_ref(), now),
        ],
        Object::ServiceAccount(sa) => vec![
            sa.metadata.name.clone().unwrap_or_default(),
            sa.secrets.as_ref().map_or(0, |d| d.len()).to_string(),
            age(sa.metadata.creation_timestamp.as_ref(), now),
        ],
        Object::ResourceQuota(q) => {
            // printResourceQuota: status.hard in key order, `used/hard`; `limits.*` in LIMIT.
            let st = q.status.clone().unwrap_or_default();
            let used = st.used.unwrap_or_default();
            let (mut req, mut lim) = (String::new(), String::new());
            for (k, hard) in st.hard.iter().flatten() {
                let u = used.get(k).map_or("0".to_string(), |q| q.0.clone());
                let cell = format!("{}: {}/{}, ", k, u, hard.0);
                if k.split('.').next() == Some("limits") {
                    lim.push_str(&cell);
                } else {
                    req.push_str(&cell);
                }
            }
            vec![
                q.metadata.name.clone().unwrap_or_default(),
                age(q.metadata.creation_timestamp.as_ref(), now),
                req.trim_end_matches(", ").to_string(),
                lim.trim_end_matches(", ").to_string(),
            ]
        }
        Object::LimitRange(lr) => vec![
            lr.metadata.name.clone().unwrap_or_default(),
            lr.metadata
                .creation_timestamp
                .as_ref()
                .map(|t| crate::time::SimTime::from_k8s(t).rfc3339())
                .unwrap_or_default(),
        ],
        Object::PodDisruptionBudget(b) => {
            // printPodDisruptionBudget: N/A for an unset bound.
            let spec = b.spec.clone().unwrap_or_default();
            let bound = |v: Option<IntOrString>| match v {
                Some(IntOrString::Int(i)) => i.to_string(),
                Some(IntOrString::String(s)) => s,
                None => "N/A".to_string(),
            };
            vec![
                b.metadata.name.clone().unwrap_or_default(),
                bound(spec.min_available),
                bound(spec.max_unavailable),
                b.status
                    .as_ref()
                    .map_or(0, |s| s.disruptions_allowed)
                    .to_string(),
                age(b.metadata.creation_timestamp.as_ref(), now),
            ]
        }
        Object::ControllerRevision(cr) => vec![
            cr.metadata.name.clone().unwrap_or_default(),
            // printControllerRevision: formatResourceName(GroupKind, name, withKind).
            crate::podutil::controller_of(obj).map_or_else(
                || "<none>".to_string(),
                |r| {
                    let group = r.api_version.split_once('/').map_or("", |(g, _)| g);
                    let gk = if group.is_empty() {
                        r.kind.clone()
                    } else {
                        format!("{}.{}", r.kind, group)
                    };
                    format!("{}/{}", gk.to_lowercase(), r.name)
                },
            ),
            cr.revision.to_string(),
            age(cr.metadata.creation_timestamp.as_ref(), now),
        ],
    };
    if let Some(name) = name {
        // The name column is the first one, except for events (no NAME column by default).
        if obj.kind() != Kind::Event && !cells.is_empty() {
            cells[0] = name;
        }
    }
    let mut row = Vec::with_capacity(cells.len() + 2);
    if opts.with_namespace {
        row.push(obj.namespace().to_string());
    }
    row.extend(cells);
    if opts.show_labels {
        row.push(format_labels_opt(obj.meta().labels.as_ref()));
    }
    row
}

/// `layoutContainerCells`: names and images joined with commas.
fn container_cells(containers: &[Container]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = containers
        .iter()
        .map(|c| c.image.as_deref().unwrap_or(""))
        .collect();
    (names.join(","), images.join(","))
}

/// Output of `printPod`'s status logic: READY cell, STATUS, restart count and the time of
/// the last restart.
pub struct PodSummary {
    pub ready: String,
    pub status: String,
    pub restarts: i64,
    pub last_restart: Option<SimTime>,
}

fn is_restartable_init(c: Option<&Container>) -> bool {
    c.and_then(|c| c.restart_policy.as_deref()) == Some("Always")
}

/// The READY / STATUS / RESTARTS derivation of `printPod` (v1.32).
pub fn pod_summary(pod: &Pod) -> PodSummary {
    let empty_spec = Default::default();
    let spec = pod.spec.as_ref().unwrap_or(&empty_spec);
    let empty_status = Default::default();
    let status = pod.status.as_ref().unwrap_or(&empty_status);
    let mut restarts: i64 = 0;
    let mut restartable_restarts: i64 = 0;
    let mut total = spec.containers.len();
    let mut ready = 0usize;
    let mut last_restart: Option<SimTime> = None;
    let mut last_restartable_restart: Option<SimTime> = None;
    let phase = status.phase.clone().unwrap_or_default();
    let mut reason = match status.reason.as_deref() {
        Some(r) if !r.is_empty() => r.to_string(),
        _ => phase.clone(),
    };
    let conditions = status.conditions.as_deref().unwrap_or(&[]);
    for c in conditions {
        if c.type_ == "PodScheduled" && c.reason.as_deref() == Some("SchedulingGated") {
            reason = "SchedulingGated".to_string();
        }
    }
    let init_specs: BTreeMap<&str, &Container> = spec
        .init_containers
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|c| (c.name.as_str(), c))
        .collect();
    for c in spec.init_containers.as_deref().unwrap_or(&[]) {
        if is_restartable_init(Some(c)) {
            total += 1;
        }
    }
    let later = |cur: Option<SimTime>, t: Option<&Time>| -> Option<SimTime> {
        match t {
            Some(t) => {
                let t = SimTime::from_k8s(t);
                Some(cur.map_or(t, |c| c.max(t)))
            }
            None => cur,
        }
    };
    let n_init = spec.init_containers.as_ref().map_or(0, |v| v.len());
    let mut initializing = false;
    for (i, cs) in status
        .init_container_statuses
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        restarts += cs.restart_count as i64;
        let last_term = cs.last_state.as_ref().and_then(|s| s.terminated.as_ref());
        if let Some(t) = last_term {
            // A zero FinishedAt never wins the Before() comparison.
            last_restart = later(last_restart, t.finished_at.as_ref());
        }
        let restartable = is_restartable_init(init_specs.get(cs.name.as_str()).copied());
        if restartable {
            restartable_restarts += cs.restart_count as i64;
            if let Some(t) = last_term {
                last_restartable_restart = later(last_restartable_restart, t.finished_at.as_ref());
            }
        }
        let state = cs.state.as_ref();
        let term = state.and_then(|s| s.terminated.as_ref());
        let waiting = state.and_then(|s| s.waiting.as_ref());
        if term.is_some_and(|t| t.exit_code == 0) {
            continue;
        }
        if restartable && cs.started == Some(true) {
            if cs.ready {
                ready += 1;
            }
            continue;
        }
        if let Some(t) = term {
            reason = match t.reason.as_deref() {
                Some(r) if !r.is_empty() => format!("Init:{}", r),
                _ => match t.signal {
                    Some(s) if s != 0 => format!("Init:Signal:{}", s),
                    _ => format!("Init:ExitCode:{}", t.exit_code),
                },
            };
        } else if let Some(r) = waiting
            .and_then(|w| w.reason.as_deref())
            .filter(|r| !r.is_empty() && *r != "PodInitializing")
        {
            reason = format!("Init:{}", r);
        } else {
            reason = format!("Init:{}/{}", i, n_init);
        }
        initializing = true;
        break;
    }
    let initialized_true = conditions
        .iter()
        .find(|c| c.type_ == "Initialized")
        .is_some_and(|c| c.status == "True");
    if !initializing || initialized_true {
        restarts = restartable_restarts;
        last_restart = last_restartable_restart;
        let mut has_running = false;
        for cs in status
            .container_statuses
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .rev()
        {
            restarts += cs.restart_count as i64;
            if let Some(t) = cs.last_state.as_ref().and_then(|s| s.terminated.as_ref()) {
                last_restart = later(last_restart, t.finished_at.as_ref());
            }
            let state = cs.state.as_ref();
            let waiting_reason = state
                .and_then(|s| s.waiting.as_ref())
                .and_then(|w| w.reason.as_deref())
                .filter(|r| !r.is_empty());
            let term = state.and_then(|s| s.terminated.as_ref());
            if let Some(r) = waiting_reason {
                reason = r.to_string();
            } else if let Some(t) = term {
                reason = match t.reason.as_deref() {
                    Some(r) if !r.is_empty() => r.to_string(),
                    _ => match t.signal {
                        Some(s) if s != 0 => format!("Signal:{}", s),
                        _ => format!("ExitCode:{}", t.exit_code),
                    },
                };
            } else if cs.ready && state.is_some_and(|s| s.running.is_some()) {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True");
            reason = if pod_ready { "Running" } else { "NotReady" }.to_string();
        }
    }
    if pod.metadata.deletion_timestamp.is_some() {
        if status.reason.as_deref() == Some("NodeLost") {
            reason = "Unknown".to_string();
        } else if phase != "Failed" && phase != "Succeeded" {
            reason = "Terminating".to_string();
        }
    }
    PodSummary {
        ready: format!("{}/{}", ready, total),
        status: reason,
        restarts,
        last_restart,
    }
}

fn pod_cells(pod: &Pod, wide: bool, now: SimTime) -> Vec<String> {
    let s = pod_summary(pod);
    let restarts = match s.last_restart {
        Some(t) if s.restarts != 0 => {
            format!("{} ({} ago)", s.restarts, human_duration(now.0 - t.0))
        }
        _ => s.restarts.to_string(),
    };
    let mut cells = vec![
        pod.metadata.name.clone().unwrap_or_default(),
        s.ready,
        s.status,
        restarts,
        age(pod.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let status = pod.status.as_ref();
        let spec = pod.spec.as_ref();
        let ip = status
            .and_then(|s| s.pod_ips.as_ref())
            .and_then(|ips| ips.first())
            .map(|ip| ip.ip.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        let node = spec
            .and_then(|s| s.node_name.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        let nominated = status
            .and_then(|s| s.nominated_node_name.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "<none>".to_string());
        let gates = spec
            .and_then(|s| s.readiness_gates.as_deref())
            .unwrap_or(&[]);
        let readiness = if gates.is_empty() {
            "<none>".to_string()
        } else {
            let conds = status.and_then(|s| s.conditions.as_deref()).unwrap_or(&[]);
            let t = gates
                .iter()
                .filter(|g| {
                    conds
                        .iter()
                        .find(|c| c.type_ == g.condition_type)
                        .is_some_and(|c| c.status == "True")
                })
                .count();
            format!("{}/{}", t, gates.len())
        };
        cells.extend([ip, node, nominated, readiness]);
    }
    cells
}

/// Deployment SELECTOR: `LabelSelectorAsSelector(...).String()` (empty for an empty or
/// nil selector, `<invalid>` on error).
fn selector_string(
    ls: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector>,
) -> String {
    match Selector::from_opt_label_selector(ls) {
        Ok(s) => s.to_string(),
        Err(_) => "<invalid>".to_string(),
    }
}

fn deployment_cells(d: &Deployment, wide: bool, now: SimTime) -> Vec<String> {
    let spec = d.spec.as_ref();
    let status = d.status.as_ref();
    let desired = spec.and_then(|s| s.replicas).unwrap_or(1);
    let ready = status.and_then(|s| s.ready_replicas).unwrap_or(0);
    let updated = status.and_then(|s| s.updated_replicas).unwrap_or(0);
    let available = status.and_then(|s| s.available_replicas).unwrap_or(0);
    let mut cells = vec![
        d.metadata.name.clone().unwrap_or_default(),
        format!("{}/{}", ready, desired),
        updated.to_string(),
        available.to_string(),
        age(d.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let containers = spec
            .and_then(|s| s.template.spec.as_ref())
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let (n, i) = container_cells(containers);
        cells.extend([n, i, selector_string(spec.map(|s| &s.selector))]);
    }
    cells
}

fn replicaset_cells(r: &ReplicaSet, wide: bool, now: SimTime) -> Vec<String> {
    let spec = r.spec.as_ref();
    let status = r.status.as_ref();
    let mut cells = vec![
        r.metadata.name.clone().unwrap_or_default(),
        spec.and_then(|s| s.replicas).unwrap_or(1).to_string(),
        status.map_or(0, |s| s.replicas).to_string(),
        status
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0)
            .to_string(),
        age(r.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let containers = spec
            .and_then(|s| s.template.as_ref())
            .and_then(|t| t.spec.as_ref())
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let (n, i) = container_cells(containers);
        cells.extend([n, i, format_label_selector(spec.map(|s| &s.selector))]);
    }
    cells
}

/// `printJob` (pkg/printers/internalversion/printers.go, v1.32): STATUS from the
/// conditions (Complete, Failed, Terminating, Suspended, FailureTarget, else Running),
/// COMPLETIONS as `s/c`, `s/1 of p` or `s/1`, DURATION from startTime to completionTime (or
/// now).
fn job_cells(j: &k8s_openapi::api::batch::v1::Job, wide: bool, now: SimTime) -> Vec<String> {
    let spec = j.spec.clone().unwrap_or_default();
    let st = j.status.clone().unwrap_or_default();
    let has = |ty: &str| {
        st.conditions
            .iter()
            .flatten()
            .any(|c| c.type_ == ty && c.status == "True")
    };
    let status = if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if j.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    };
    let succeeded = st.succeeded.unwrap_or(0);
    let completions = match (spec.completions, spec.parallelism.unwrap_or(1)) {
        (Some(c), _) => format!("{succeeded}/{c}"),
        (None, p) if p > 1 => format!("{succeeded}/1 of {p}"),
        (None, _) => format!("{succeeded}/1"),
    };
    let duration = match (st.start_time.as_ref(), st.completion_time.as_ref()) {
        (None, _) => String::new(),
        (Some(s), None) => human_duration(now.0 - SimTime::from_k8s(s).0),
        (Some(s), Some(c)) => human_duration(SimTime::from_k8s(c).0 - SimTime::from_k8s(s).0),
    };
    let mut cells = vec![
        j.metadata.name.clone().unwrap_or_default(),
        status.to_string(),
        completions,
        duration,
        age(j.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let containers = spec
            .template
            .spec
            .as_ref()
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let (n, i) = container_cells(containers);
        cells.extend([n, i, format_label_selector(spec.selector.as_ref())]);
    }
    cells
}

/// `printHorizontalPodAutoscaler` (pkg/printers/internalversion/printers.go): the target as
/// Kind/name, the metrics as `formatHPAMetrics` writes them (v1.30+: `cpu: 50%/80%`), min
/// (`<unset>`), max and the current replicas.
fn hpa_cells(
    h: &k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler,
    now: SimTime,
) -> Vec<String> {
    let spec = h.spec.clone().unwrap_or_default();
    let st = h.status.clone().unwrap_or_default();
    vec![
        h.metadata.name.clone().unwrap_or_default(),
        format!(
            "{}/{}",
            spec.scale_target_ref.kind, spec.scale_target_ref.name
        ),
        format_hpa_metrics(
            spec.metrics.as_deref().unwrap_or(&[]),
            st.current_metrics.as_deref().unwrap_or(&[]),
        ),
        spec.min_replicas
            .map_or_else(|| "<unset>".to_string(), |m| m.to_string()),
        spec.max_replicas.to_string(),
        st.current_replicas.unwrap_or(0).to_string(),
        age(h.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// `formatHPAMetrics`: each spec metric with the status metric at the same index; two at
/// most, then ` + N more...`.
pub fn format_hpa_metrics(
    specs: &[k8s_openapi::api::autoscaling::v2::MetricSpec],
    statuses: &[k8s_openapi::api::autoscaling::v2::MetricStatus],
) -> String {
    if specs.is_empty() {
        return "<none>".into();
    }
    let q = |v: &Option<k8s_openapi::apimachinery::pkg::api::resource::Quantity>| {
        v.as_ref().map(|q| crate::quantity::canonical(&q.0))
    };
    let mut list = vec![];
    for (i, s) in specs.iter().enumerate() {
        let st = statuses.get(i);
        let item = match s.type_.as_str() {
            "Resource" | "ContainerResource" => {
                let (name, target, cur) = if s.type_ == "Resource" {
                    let r = s.resource.as_ref();
                    (
                        r.map(|r| r.name.clone()).unwrap_or_default(),
                        r.map(|r| r.target.clone()).unwrap_or_default(),
                        st.and_then(|m| m.resource.as_ref())
                            .map(|r| r.current.clone()),
                    )
                } else {
                    let r = s.container_resource.as_ref();
                    (
                        r.map(|r| r.name.clone()).unwrap_or_default(),
                        r.map(|r| r.target.clone()).unwrap_or_default(),
                        st.and_then(|m| m.container_resource.as_ref())
                            .map(|r| r.current.clone()),
                    )
                };
                if let Some(tv) = q(&target.average_value) {
                    let c = cur
                        .and_then(|c| q(&c.average_value))
                        .unwrap_or_else(|| "<unknown>".into());
                    format!("{}: {}/{}", name, c, tv)
                } else {
                    let c = cur
                        .and_then(|c| c.average_utilization)
                        .map_or_else(|| "<unknown>".to_string(), |u| format!("{}%", u));
                    let t = target
                        .average_utilization
                        .map_or_else(|| "<auto>".to_string(), |u| format!("{}%", u));
                    format!("{}: {}/{}", name, c, t)
                }
            }
            "Pods" => {
                let t = s
                    .pods
                    .as_ref()
                    .and_then(|p| q(&p.target.average_value))
                    .unwrap_or_default();
                let c = st
                    .and_then(|m| m.pods.as_ref())
                    .and_then(|p| q(&p.current.average_value))
                    .unwrap_or_else(|| "<unknown>".into());
                format!("{}/{}", c, t)
            }
            "Object" | "External" => {
                let target = if s.type_ == "Object" {
                    s.object.as_ref().map(|o| o.target.clone())
                } else {
                    s.external.as_ref().map(|o| o.target.clone())
                }
                .unwrap_or_default();
                let cur = if s.type_ == "Object" {
                    st.and_then(|m| m.object.as_ref())
                        .map(|o| o.current.clone())
                } else {
                    st.and_then(|m| m.external.as_ref())
                        .map(|o| o.current.clone())
                };
                if let Some(tv) = q(&target.average_value) {
                    let c = cur
                        .and_then(|c| q(&c.average_value))
                        .unwrap_or_else(|| "<unknown>".into());
                    format!("{}/{} (avg)", c, tv)
                } else {
                    let c = cur
                        .and_then(|c| q(&c.value))
                        .unwrap_or_else(|| "<unknown>".into());
                    format!("{}/{}", c, q(&target.value).unwrap_or_default())
                }
            }
            _ => "<unknown type>".into(),
        };
        list.push(item);
    }
    let more = list.len().saturating_sub(2);
    let mut out = list.into_iter().take(2).collect::<Vec<_>>().join(", ");
    if more > 0 {
        out.push_str(&format!(" + {} more...", more));
    }
    out
}

/// `printCronJob` (pkg/printers/internalversion/printers.go): schedule, time zone, suspend,
/// active Jobs, the last schedule's age; `-o wide` adds the job template's containers,
/// images and selector (never set: generated per Job).
fn cronjob_cells(
    cj: &k8s_openapi::api::batch::v1::CronJob,
    wide: bool,
    now: SimTime,
) -> Vec<String> {
    let spec = cj.spec.clone().unwrap_or_default();
    let st = cj.status.clone().unwrap_or_default();
    let mut cells = vec![
        cj.metadata.name.clone().unwrap_or_default(),
        spec.schedule.clone(),
        spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
        match spec.suspend {
            Some(true) => "True".into(),
            Some(false) => "False".into(),
            None => "<unset>".into(),
        },
        st.active.as_ref().map_or(0, Vec::len).to_string(),
        match st.last_schedule_time.as_ref() {
            Some(t) => age(Some(t), now),
            None => "<none>".into(),
        },
        age(cj.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let js = spec.job_template.spec.clone().unwrap_or_default();
        let containers = js
            .template
            .spec
            .as_ref()
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let (n, i) = container_cells(containers);
        cells.extend([n, i, format_label_selector(js.selector.as_ref())]);
    }
    cells
}

/// `printDaemonSet` (pkg/printers/internalversion/printers.go): the status counts, the
/// pod template's node selector, and with `-o wide` containers, images and selector.
fn daemonset_cells(
    ds: &k8s_openapi::api::apps::v1::DaemonSet,
    wide: bool,
    now: SimTime,
) -> Vec<String> {
    let spec = ds.spec.as_ref();
    let st = ds.status.clone().unwrap_or_default();
    let pod = spec.and_then(|s| s.template.spec.as_ref());
    let mut cells = vec![
        ds.metadata.name.clone().unwrap_or_default(),
        st.desired_number_scheduled.to_string(),
        st.current_number_scheduled.to_string(),
        st.number_ready.to_string(),
        st.updated_number_scheduled.unwrap_or(0).to_string(),
        st.number_available.unwrap_or(0).to_string(),
        format_labels_opt(pod.and_then(|p| p.node_selector.as_ref())),
        age(ds.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let containers = pod.map(|s| s.containers.as_slice()).unwrap_or(&[]);
        let (n, i) = container_cells(containers);
        cells.extend([n, i, format_label_selector(spec.map(|s| &s.selector))]);
    }
    cells
}

/// `printStatefulSet`: READY as `status.readyReplicas/spec.replicas`; `-o wide` adds the
/// template's containers and images (no selector column).
fn statefulset_cells(
    sts: &k8s_openapi::api::apps::v1::StatefulSet,
    wide: bool,
    now: SimTime,
) -> Vec<String> {
    let spec = sts.spec.as_ref();
    let ready = sts
        .status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0);
    let desired = spec.and_then(|s| s.replicas).unwrap_or(1);
    let mut cells = vec![
        sts.metadata.name.clone().unwrap_or_default(),
        format!("{}/{}", ready, desired),
        age(sts.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        let containers = spec
            .and_then(|s| s.template.spec.as_ref())
            .map(|s| s.containers.as_slice())
            .unwrap_or(&[]);
        let (n, i) = container_cells(containers);
        cells.extend([n, i]);
    }
    cells
}

/// `v1.BetaStorageClassAnnotation`.
pub(crate) const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

/// `GetAccessModesAsString` (`pkg/apis/core/helper`, kubectl `pkg/util/storage`): the
/// modes abbreviated, de-duplicated, always in the order RWO, ROX, RWX, RWOP; unknown modes
/// are dropped.
pub(crate) fn access_modes_string(modes: &[String]) -> String {
    let has = |m: &str| modes.iter().any(|x| x == m);
    let mut out: Vec<&str> = Vec::new();
    for (mode, short) in [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ] {
        if has(mode) {
            out.push(short);
        }
    }
    out.join(",")
}

/// `GetPersistentVolumeClaimClass` / `GetPersistentVolumeClass`: the beta annotation when
/// present (even empty), else `spec.storageClassName`, else "".
fn storage_class_of(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    spec_class: Option<&String>,
) -> String {
    meta.annotations
        .as_ref()
        .and_then(|a| a.get(BETA_STORAGE_CLASS_ANNOTATION))
        .or(spec_class)
        .cloned()
        .unwrap_or_default()
}

pub(crate) fn pvc_storage_class(pvc: &k8s_openapi::api::core::v1::PersistentVolumeClaim) -> String {
    storage_class_of(
        &pvc.metadata,
        pvc.spec
            .as_ref()
            .and_then(|s| s.storage_class_name.as_ref()),
    )
}

pub(crate) fn pv_storage_class(pv: &k8s_openapi::api::core::v1::PersistentVolume) -> String {
    storage_class_of(
        &pv.metadata,
        pv.spec.as_ref().and_then(|s| s.storage_class_name.as_ref()),
    )
}

/// `IsDefaultAnnotation` (`pkg/apis/storage/util`): the GA or the beta is-default-class
/// annotation is exactly `"true"`.
pub(crate) fn is_default_storage_class(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> bool {
    let ann = meta.annotations.as_ref();
    let get = |k: &str| ann.and_then(|a| a.get(k)).map(String::as_str);
    get("storageclass.kubernetes.io/is-default-class") == Some("true")
        || get("storageclass.beta.kubernetes.io/is-default-class") == Some("true")
}

/// `Quantity.String()` of `list[storage]`: the canonical form, `0` for a missing entry (the
/// zero Quantity).
pub(crate) fn storage_quantity(
    list: Option<&BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>,
) -> String {
    list.and_then(|l| l.get("storage"))
        .map_or_else(|| "0".to_string(), |q| crate::quantity::canonical(&q.0))
}

/// `printPersistentVolumeClaim`: STATUS `Terminating` while deleting; CAPACITY and ACCESS
/// MODES (from the status) only once `spec.volumeName` is set; VOLUMEATTRIBUTESCLASS and
/// the wide VOLUMEMODE `<unset>` when nil.
fn pvc_cells(
    pvc: &k8s_openapi::api::core::v1::PersistentVolumeClaim,
    wide: bool,
    now: SimTime,
) -> Vec<String> {
    let spec = pvc.spec.clone().unwrap_or_default();
    let status = pvc.status.clone().unwrap_or_default();
    let phase = if pvc.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        status.phase.clone().unwrap_or_default()
    };
    let volume_name = spec.volume_name.clone().unwrap_or_default();
    let (capacity, modes) = if volume_name.is_empty() {
        (String::new(), String::new())
    } else {
        (
            storage_quantity(status.capacity.as_ref()),
            access_modes_string(status.access_modes.as_deref().unwrap_or(&[])),
        )
    };
    let mut cells = vec![
        pvc.metadata.name.clone().unwrap_or_default(),
        phase,
        volume_name,
        capacity,
        modes,
        pvc_storage_class(pvc),
        spec.volume_attributes_class_name
            .clone()
            .unwrap_or_else(|| "<unset>".into()),
        age(pvc.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        cells.push(spec.volume_mode.unwrap_or_else(|| "<unset>".into()));
    }
    cells
}

/// `printPersistentVolume`: CLAIM as `namespace/name` (empty without a claimRef), STATUS
/// `Terminating` while deleting, the wide VOLUMEMODE `<unset>` when nil.
fn pv_cells(
    pv: &k8s_openapi::api::core::v1::PersistentVolume,
    wide: bool,
    now: SimTime,
) -> Vec<String> {
    let spec = pv.spec.clone().unwrap_or_default();
    let status = pv.status.clone().unwrap_or_default();
    let claim = spec.claim_ref.as_ref().map_or_else(String::new, |r| {
        format!(
            "{}/{}",
            r.namespace.as_deref().unwrap_or(""),
            r.name.as_deref().unwrap_or("")
        )
    });
    let phase = if pv.metadata.deletion_timestamp.is_some() {
        "Terminating".to_string()
    } else {
        status.phase.clone().unwrap_or_default()
    };
    let mut cells = vec![
        pv.metadata.name.clone().unwrap_or_default(),
        storage_quantity(spec.capacity.as_ref()),
        access_modes_string(spec.access_modes.as_deref().unwrap_or(&[])),
        spec.persistent_volume_reclaim_policy
            .clone()
            .unwrap_or_default(),
        phase,
        claim,
        pv_storage_class(pv),
        spec.volume_attributes_class_name
            .clone()
            .unwrap_or_else(|| "<unset>".into()),
        status.reason.clone().unwrap_or_default(),
        age(pv.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        cells.push(spec.volume_mode.unwrap_or_else(|| "<unset>".into()));
    }
    cells
}

/// `printStorageClass`: the name with ` (default)` for the default class, reclaim policy
/// (nil → `Delete`), binding mode (nil → `Immediate`), allowVolumeExpansion (nil → false).
fn storage_class_cells(
    sc: &k8s_openapi::api::storage::v1::StorageClass,
    now: SimTime,
) -> Vec<String> {
    let mut name = sc.metadata.name.clone().unwrap_or_default();
    if is_default_storage_class(&sc.metadata) {
        name.push_str(" (default)");
    }
    vec![
        name,
        sc.provisioner.clone(),
        sc.reclaim_policy.clone().unwrap_or_else(|| "Delete".into()),
        sc.volume_binding_mode
            .clone()
            .unwrap_or_else(|| "Immediate".into()),
        sc.allow_volume_expansion.unwrap_or(false).to_string(),
        age(sc.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// Node STATUS: `Ready` / `NotReady` (False or Unknown) / `Unknown` (no Ready condition),
/// plus `,SchedulingDisabled` when cordoned.
pub fn node_status(n: &Node) -> String {
    let mut status = Vec::new();
    let conds = n
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or(&[]);
    // conditionMap keeps the last condition of each type.
    if let Some(c) = conds.iter().rev().find(|c| c.type_ == "Ready") {
        if c.status == "True" {
            status.push("Ready".to_string());
        } else {
            status.push("NotReady".to_string());
        }
    }
    if status.is_empty() {
        status.push("Unknown".to_string());
    }
    if n.spec.as_ref().and_then(|s| s.unschedulable) == Some(true) {
        status.push("SchedulingDisabled".to_string());
    }
    status.join(",")
}

/// `findNodeRoles`: sorted, de-duplicated roles from `node-role.kubernetes.io/<role>` keys
/// and the `kubernetes.io/role` value.
pub fn node_roles(n: &Node) -> Vec<String> {
    let mut roles = std::collections::BTreeSet::new();
    for (k, v) in n.metadata.labels.iter().flatten() {
        if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
            if !role.is_empty() {
                roles.insert(role.to_string());
            }
        } else if k == "kubernetes.io/role" && !v.is_empty() {
            roles.insert(v.clone());
        }
    }
    roles.into_iter().collect()
}

fn node_address(n: &Node, ty: &str) -> String {
    n.status
        .as_ref()
        .and_then(|s| s.addresses.as_deref())
        .unwrap_or(&[])
        .iter()
        .find(|a| a.type_ == ty)
        .map(|a| a.address.clone())
        .unwrap_or_else(|| "<none>".to_string())
}

fn node_cells(n: &Node, wide: bool, now: SimTime) -> Vec<String> {
    let roles = node_roles(n);
    let info = n.status.as_ref().and_then(|s| s.node_info.as_ref());
    let mut cells = vec![
        n.metadata.name.clone().unwrap_or_default(),
        node_status(n),
        if roles.is_empty() {
            "<none>".to_string()
        } else {
            roles.join(",")
        },
        age(n.metadata.creation_timestamp.as_ref(), now),
        info.map(|i| i.kubelet_version.clone()).unwrap_or_default(),
    ];
    if wide {
        let unknown = |s: Option<&String>| match s {
            Some(s) if !s.is_empty() => s.clone(),
            _ => "<unknown>".to_string(),
        };
        cells.extend([
            node_address(n, "InternalIP"),
            node_address(n, "ExternalIP"),
            unknown(info.map(|i| &i.os_image)),
            unknown(info.map(|i| &i.kernel_version)),
            unknown(info.map(|i| &i.container_runtime_version)),
        ]);
    }
    cells
}

/// `formatEventSource`: `component, host` falling back to reportingController /
/// reportingInstance.
fn event_source(e: &Event) -> String {
    let src = e.source.as_ref();
    let first_non_empty = |a: Option<&String>, b: Option<&String>| -> String {
        match a {
            Some(a) if !a.is_empty() => a.clone(),
            _ => b.cloned().unwrap_or_default(),
        }
    };
    let component = first_non_empty(
        src.and_then(|s| s.component.as_ref()),
        e.reporting_component.as_ref(),
    );
    let instance = first_non_empty(
        src.and_then(|s| s.host.as_ref()),
        e.reporting_instance.as_ref(),
    );
    if instance.is_empty() {
        component
    } else {
        format!("{}, {}", component, instance)
    }
}

/// First-seen, last-seen and count of an event, as `printEvent` computes them.
fn event_times(e: &Event, now: SimTime) -> (String, String, i32) {
    let first = match e.first_timestamp.as_ref() {
        Some(t) => age(Some(t), now),
        None => age_micro(e.event_time.as_ref(), now),
    };
    let mut last = match e.last_timestamp.as_ref() {
        Some(t) => age(Some(t), now),
        None => first.clone(),
    };
    let mut count = e.count.unwrap_or(0);
    if let Some(series) = e.series.as_ref() {
        last = age_micro(series.last_observed_time.as_ref(), now);
        count = series.count.unwrap_or(0);
    } else if count == 0 {
        count = 1;
    }
    (first, last, count)
}

fn event_cells(e: &Event, wide: bool, events_command: bool, now: SimTime) -> Vec<String> {
    let (first, last, count) = event_times(e, now);
    // `get events` lowercases the kind; `kubectl events` prints it as it is.
    let kind = e.involved_object.kind.as_deref().unwrap_or("");
    let kind = if events_command {
        kind.to_string()
    } else {
        kind.to_lowercase()
    };
    let target = match e.involved_object.name.as_deref() {
        Some(n) if !n.is_empty() => format!("{}/{}", kind, n),
        _ => kind,
    };
    let message = e.message.as_deref().unwrap_or("").trim().to_string();
    let ty = e.type_.clone().unwrap_or_default();
    let reason = e.reason.clone().unwrap_or_default();
    if wide {
        vec![
            last,
            ty,
            reason,
            target,
            e.involved_object.field_path.clone().unwrap_or_default(),
            event_source(e),
            message,
            first,
            count.to_string(),
            e.metadata.name.clone().unwrap_or_default(),
        ]
    } else {
        vec![last, ty, reason, target, message]
    }
}

fn namespace_cells(n: &Namespace, now: SimTime) -> Vec<String> {
    vec![
        n.metadata.name.clone().unwrap_or_default(),
        n.status
            .as_ref()
            .and_then(|s| s.phase.clone())
            .unwrap_or_default(),
        age(n.metadata.creation_timestamp.as_ref(), now),
    ]
}

fn lease_cells(l: &Lease, now: SimTime) -> Vec<String> {
    vec![
        l.metadata.name.clone().unwrap_or_default(),
        l.spec
            .as_ref()
            .and_then(|s| s.holder_identity.clone())
            .unwrap_or_default(),
        age(l.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// `getServiceExternalIP`.
fn service_external_ip(svc: &Service) -> String {
    let spec = svc.spec.as_ref();
    let ext = spec
        .and_then(|s| s.external_ips.clone())
        .unwrap_or_default();
    match spec.and_then(|s| s.type_.as_deref()).unwrap_or("") {
        "ClusterIP" | "NodePort" => {
            if ext.is_empty() {
                "<none>".into()
            } else {
                ext.join(",")
            }
        }
        "LoadBalancer" => {
            let lb: Vec<String> = svc
                .status
                .as_ref()
                .and_then(|s| s.load_balancer.as_ref())
                .and_then(|l| l.ingress.as_ref())
                .map(|v| {
                    v.iter()
                        .filter_map(|i| i.ip.clone().or_else(|| i.hostname.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let all: Vec<String> = lb.into_iter().chain(ext).collect();
            if all.is_empty() {
                "<pending>".into()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => spec
            .and_then(|s| s.external_name.clone())
            .unwrap_or_default(),
        _ => "<unknown>".into(),
    }
}

/// `makePortString`: `80/TCP`, `80:30080/TCP`, comma-joined.
pub fn service_port_string(svc: &Service) -> String {
    svc.spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .map(|ports| {
            ports
                .iter()
                .map(|p| {
                    let proto = p.protocol.as_deref().unwrap_or("");
                    match p.node_port.filter(|n| *n > 0) {
                        Some(np) => format!("{}:{}/{}", p.port, np, proto),
                        None => format!("{}/{}", p.port, proto),
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// `printService`.
fn service_cells(svc: &Service, wide: bool, now: SimTime) -> Vec<String> {
    let spec = svc.spec.as_ref();
    let ip = spec
        .and_then(|s| s.cluster_ips.as_ref())
        .and_then(|v| v.first().cloned())
        .unwrap_or_else(|| "<none>".into());
    let mut ports = service_port_string(svc);
    if ports.is_empty() {
        ports = "<none>".into();
    }
    let mut cells = vec![
        svc.metadata.name.clone().unwrap_or_default(),
        spec.and_then(|s| s.type_.clone()).unwrap_or_default(),
        ip,
        service_external_ip(svc),
        ports,
        age(svc.metadata.creation_timestamp.as_ref(), now),
    ];
    if wide {
        cells.push(format_labels_opt(spec.and_then(|s| s.selector.as_ref())));
    }
    cells
}

/// `listWithMoreString`: up to 3 items, then ` + N more...`; `<unset>` when empty.
fn list_with_more(list: Vec<String>, count: usize) -> String {
    let ret = list.join(",");
    if count > list.len() {
        return format!("{} + {} more...", ret, count - list.len());
    }
    if ret.is_empty() {
        "<unset>".into()
    } else {
        ret
    }
}

/// `printEndpointSlice` (`formatDiscoveryPorts`, `formatDiscoveryEndpoints`).
fn endpoint_slice_cells(es: &EndpointSlice, now: SimTime) -> Vec<String> {
    let ports: Vec<&EndpointPort> = es.ports.iter().flatten().collect();
    let port_list: Vec<String> = ports
        .iter()
        .take(3)
        .map(|p| match (p.port, &p.name) {
            (Some(n), _) => n.to_string(),
            (None, Some(name)) => name.clone(),
            (None, None) => "*".into(),
        })
        .collect();
    let addrs: Vec<&String> = es
        .endpoints
        .iter()
        .flat_map(|e| e.addresses.iter())
        .collect();
    let ep_list: Vec<String> = addrs.iter().take(3).map(|a| a.to_string()).collect();
    vec![
        es.metadata.name.clone().unwrap_or_default(),
        es.address_type.clone(),
        list_with_more(port_list, ports.len()),
        list_with_more(ep_list, addrs.len()),
        age(es.metadata.creation_timestamp.as_ref(), now),
    ]
}

/// `formatEndpoints(endpoints, nil)` (`printEndpoints`): the ready addresses as `ip:port`
/// (`net.JoinHostPort`, so IPv6 in brackets) for every port of every subset, or the bare IP
/// in a subset without ports (headless); up to 3, then ` + N more...`. `<none>` without
/// subsets; empty when no address is ready.
pub fn format_endpoints(ep: &Endpoints) -> String {
    let subsets = ep.subsets.as_deref().unwrap_or(&[]);
    if subsets.is_empty() {
        return "<none>".into();
    }
    const MAX: usize = 3;
    let mut list: Vec<String> = vec![];
    let mut more = false;
    let mut count = 0usize;
    for ss in subsets {
        let addrs = ss.addresses.as_deref().unwrap_or(&[]);
        let ports = ss.ports.as_deref().unwrap_or(&[]);
        if ports.is_empty() {
            count += addrs.len();
            for a in addrs {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(a.ip.clone());
            }
            continue;
        }
        for p in ports {
            count += addrs.len();
            for a in addrs {
                if list.len() == MAX {
                    more = true;
                    break;
                }
                list.push(if a.ip.contains(':') {
                    format!("[{}]:{}", a.ip, p.port)
                } else {
                    format!("{}:{}", a.ip, p.port)
                });
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{} + {} more...", ret, count - MAX)
    } else {
        ret
    }
}

#[cfg(test)]
mod storage_printer_tests {
    use super::*;
    use serde_json::{Value, json};

    const CREATED: &str = "2025-01-01T00:00:00Z";

    fn obj(kind: Kind, v: Value) -> Object {
        Object::from_value(kind, v).expect("decodes")
    }

    /// Three seconds after [`CREATED`].
    fn now() -> SimTime {
        let t: Time = serde_json::from_value(json!(CREATED)).expect("time");
        SimTime::from_k8s(&t).plus(3_000)
    }

    fn row(o: &Object, wide: bool) -> Vec<String> {
        let opts = PrintOptions {
            wide,
            ..Default::default()
        };
        table_row(o, &opts, now())
    }

    #[test]
    fn access_modes_are_abbreviated_deduplicated_and_ordered() {
        let rows: &[(&[&str], &str)] = &[
            (&[], ""),
            (&["ReadWriteOnce"], "RWO"),
            (&["ReadWriteMany", "ReadWriteOnce"], "RWO,RWX"),
            (&["ReadWriteOnce", "ReadWriteOnce"], "RWO"),
            (
                &[
                    "ReadWriteOncePod",
                    "ReadOnlyMany",
                    "ReadWriteMany",
                    "ReadWriteOnce",
                ],
                "RWO,ROX,RWX,RWOP",
            ),
            (&["Bogus", "ReadOnlyMany"], "ROX"),
        ];
        for (modes, want) in rows {
            let modes: Vec<String> = modes.iter().map(|s| s.to_string()).collect();
            assert_eq!(access_modes_string(&modes), *want, "{modes:?}");
        }
    }

    #[test]
    fn storage_classes_mark_the_default() {
        let sc = |ann: Value, extra: Value| {
            let mut v = json!({
                "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                "metadata": {"name": "standard", "annotations": ann,
                             "creationTimestamp": CREATED},
                "provisioner": "rancher.io/local-path"
            });
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            obj(Kind::StorageClass, v)
        };
        let rows: Vec<(Value, Value, Vec<&str>)> = vec![
            (
                json!({"storageclass.kubernetes.io/is-default-class": "true"}),
                json!({"reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}),
                vec![
                    "standard (default)",
                    "rancher.io/local-path",
                    "Delete",
                    "WaitForFirstConsumer",
                    "false",
                    "3s",
                ],
            ),
            (
                json!({"storageclass.beta.kubernetes.io/is-default-class": "true"}),
                json!({"allowVolumeExpansion": true}),
                vec![
                    "standard (default)",
                    "rancher.io/local-path",
                    "Delete",
                    "Immediate",
                    "true",
                    "3s",
                ],
            ),
            (
                json!({"storageclass.kubernetes.io/is-default-class": "True"}),
                json!({"reclaimPolicy": "Retain"}),
                vec![
                    "standard",
                    "rancher.io/local-path",
                    "Retain",
                    "Immediate",
                    "false",
                    "3s",
                ],
            ),
            (
                json!({}),
                json!({}),
                vec![
                    "standard",
                    "rancher.io/local-path",
                    "Delete",
                    "Immediate",
                    "false",
                    "3s",
                ],
            ),
        ];
        for (ann, extra, want) in rows {
            assert_eq!(row(&sc(ann.clone(), extra), false), want, "{ann}");
        }
        assert_eq!(
            base_columns(Kind::StorageClass, true),
            [
                "Name",
                "Provisioner",
                "ReclaimPolicy",
                "VolumeBindingMode",
                "AllowVolumeExpansion",
                "Age"
            ]
        );
    }

    fn pvc(volume: Option<&str>, phase: &str, extra: impl FnOnce(&mut Value)) -> Object {
        let mut v = json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "www-web-0", "namespace": "default", "creationTimestamp": CREATED},
            "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                     "volumeMode": "Filesystem",
                     "resources": {"requests": {"storage": "1Gi"}}},
            "status": {"phase": phase}
        });
        if let Some(vn) = volume {
            v["spec"]["volumeName"] = json!(vn);
            v["status"]["capacity"] = json!({"storage": "1024Mi"});
            v["status"]["accessModes"] = json!(["ReadWriteOnce"]);
        }
        extra(&mut v);
        obj(Kind::PersistentVolumeClaim, v)
    }

    #[test]
    fn claims_show_capacity_and_modes_only_when_bound() {
        assert_eq!(
            row(&pvc(None, "Pending", |_| {}), true),
            [
                "www-web-0",
                "Pending",
                "",
                "",
                "",
                "standard",
                "<unset>",
                "3s",
                "Filesystem"
            ]
        );
        assert_eq!(
            row(&pvc(Some("pvc-1"), "Bound", |_| {}), false),
            [
                "www-web-0",
                "Bound",
                "pvc-1",
                "1Gi",
                "RWO",
                "standard",
                "<unset>",
                "3s"
            ]
        );
        // Bound without a recorded capacity: the zero Quantity.
        let no_cap = pvc(Some("pvc-1"), "Bound", |v| {
            v["status"].as_object_mut().unwrap().remove("capacity");
        });
        assert_eq!(row(&no_cap, false)[3], "0");
        // The beta annotation wins over the field; deletion shows Terminating; no volume
        // mode prints <unset>.
        let odd = pvc(None, "Pending", |v| {
            v["metadata"]["annotations"] =
                json!({"volume.beta.kubernetes.io/storage-class": "legacy"});
            v["metadata"]["deletionTimestamp"] = json!(CREATED);
            v["metadata"]["finalizers"] = json!(["kubernetes.io/pvc-protection"]);
            v["spec"].as_object_mut().unwrap().remove("volumeMode");
        });
        assert_eq!(
            row(&odd, true),
            [
                "www-web-0",
                "Terminating",
                "",
                "",
                "",
                "legacy",
                "<unset>",
                "3s",
                "<unset>"
            ]
        );
    }

    #[test]
    fn volumes_show_their_claim_and_modes() {
        let pv = obj(
            Kind::PersistentVolume,
            json!({
                "apiVersion": "v1", "kind": "PersistentVolume",
                "metadata": {"name": "pvc-1", "creationTimestamp": CREATED},
                "spec": {"accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"],
                         "capacity": {"storage": "1Gi"},
                         "claimRef": {"namespace": "test", "name": "www-web-0"},
                         "persistentVolumeReclaimPolicy": "Delete",
                         "storageClassName": "standard", "volumeMode": "Filesystem",
                         "hostPath": {"path": "/tmp/x"}},
                "status": {"phase": "Bound"}
            }),
        );
        assert_eq!(
            row(&pv, true),
            [
                "pvc-1",
                "1Gi",
                "RWO,RWX",
                "Delete",
                "Bound",
                "test/www-web-0",
                "standard",
                "<unset>",
                "",
                "3s",
                "Filesystem"
            ]
        );
    }

    #[test]
    fn statefulsets_show_ready_over_desired() {
        let sts = obj(
            Kind::StatefulSet,
            json!({
                "apiVersion": "apps/v1", "kind": "StatefulSet",
                "metadata": {"name": "web", "namespace": "default", "creationTimestamp": CREATED},
                "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "nginx"}},
                         "template": {"metadata": {"labels": {"app": "nginx"}},
                                      "spec": {"containers": [
                                          {"name": "nginx", "image": "nginx-slim:0.21"},
                                          {"name": "side", "image": "busybox"}]}}},
                "status": {"replicas": 2, "readyReplicas": 1}
            }),
        );
        assert_eq!(row(&sts, false), ["web", "1/3", "3s"]);
        assert_eq!(
            row(&sts, true),
            ["web", "1/3", "3s", "nginx,side", "nginx-slim:0.21,busybox"]
        );
        assert_eq!(
            table_headers(
                Kind::StatefulSet,
                &PrintOptions {
                    wide: true,
                    ..Default::default()
                }
            ),
            ["NAME", "READY", "AGE", "CONTAINERS", "IMAGES"]
        );
    }
}

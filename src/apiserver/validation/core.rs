//! core/v1 (`pkg/apis/core/validation/validation.go`): pods, containers, resources,
//! probes, tolerations, nodes, namespaces.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, Namespace, Node, Pod, PodSpec, PodTemplateSpec, Probe,
    ResourceRequirements, Toleration, Volume,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::field::*;
use super::gofmt::*;
use super::meta::*;
use super::names::*;
use crate::quantity::*;

// ---------------------------------------------------------------------------------------------
// core/v1 (`pkg/apis/core/validation/validation.go`)
// ---------------------------------------------------------------------------------------------

/// `ValidatePodTemplateSpec`: template labels are reported at `<path>.labels` upstream.
pub(crate) fn validate_pod_template_spec(
    t: &PodTemplateSpec,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let meta = t.metadata.clone().unwrap_or_default();
    validate_labels(meta.labels.as_ref(), &format!("{path}.labels"), errs);
    validate_annotations(
        meta.annotations.as_ref(),
        &format!("{path}.annotations"),
        errs,
    );
    let spec = t.spec.clone().unwrap_or_default();
    validate_pod_spec(&spec, &format!("{path}.spec"), errs);
    if spec
        .ephemeral_containers
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        errs.push(FieldError::forbidden(
            format!("{path}.spec.ephemeralContainers"),
            "ephemeral containers not allowed in pod template",
        ));
    }
}

pub(crate) fn validate_pod(p: &Pod, errs: &mut Vec<FieldError>) {
    validate_object_meta(&p.metadata, true, NameRule::Subdomain, "metadata", errs);
    let spec = p.spec.clone().unwrap_or_default();
    validate_pod_spec(&spec, "spec", errs);
    if spec
        .ephemeral_containers
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        errs.push(FieldError::forbidden(
            "spec.ephemeralContainers",
            "cannot be set on create",
        ));
    }
}

/// `ValidatePodSpec` (the subset kubestep models), in upstream order.
pub(crate) fn validate_pod_spec(spec: &PodSpec, path: &str, errs: &mut Vec<FieldError>) {
    let volumes = validate_volumes(
        spec.volumes.as_deref().unwrap_or(&[]),
        &format!("{path}.volumes"),
        errs,
    );
    let containers = &spec.containers;
    let cpath = format!("{path}.containers");
    if containers.is_empty() {
        errs.push(FieldError::required(&cpath, ""));
    } else {
        let mut names = BTreeSet::new();
        for (i, c) in containers.iter().enumerate() {
            let p = format!("{cpath}[{i}]");
            validate_container_common(c, &volumes, &p, errs);
            if !names.insert(c.name.clone()) {
                errs.push(FieldError::duplicate(
                    format!("{p}.name"),
                    go_quote(&c.name),
                ));
            }
            if let Some(pr) = &c.liveness_probe {
                validate_probe(pr, &format!("{p}.livenessProbe"), true, errs);
            }
            if let Some(pr) = &c.readiness_probe {
                validate_probe(pr, &format!("{p}.readinessProbe"), false, errs);
                if pr.termination_grace_period_seconds.is_some() {
                    errs.push(FieldError::invalid(
                        format!("{p}.readinessProbe.terminationGracePeriodSeconds"),
                        pr.termination_grace_period_seconds.unwrap_or(0).to_string(),
                        "must not be set for readinessProbes",
                    ));
                }
            }
            if let Some(pr) = &c.startup_probe {
                validate_probe(pr, &format!("{p}.startupProbe"), true, errs);
            }
            if c.restart_policy.is_some() {
                errs.push(FieldError::forbidden(
                    format!("{p}.restartPolicy"),
                    "may not be set for non-init containers",
                ));
            }
        }
    }
    if let Some(init) = &spec.init_containers {
        let regular: BTreeSet<&str> = containers.iter().map(|c| c.name.as_str()).collect();
        let mut names = BTreeSet::new();
        for (i, c) in init.iter().enumerate() {
            let p = format!("{path}.initContainers[{i}]");
            validate_container_common(c, &volumes, &p, errs);
            if regular.contains(c.name.as_str()) || !names.insert(c.name.clone()) {
                errs.push(FieldError::duplicate(
                    format!("{p}.name"),
                    go_quote(&c.name),
                ));
            }
            match c.restart_policy.as_deref() {
                None => {
                    for (field, set) in [
                        ("lifecycle", c.lifecycle.is_some()),
                        ("livenessProbe", c.liveness_probe.is_some()),
                        ("readinessProbe", c.readiness_probe.is_some()),
                        ("startupProbe", c.startup_probe.is_some()),
                    ] {
                        if set {
                            errs.push(FieldError::forbidden(
                                format!("{p}.{field}"),
                                "may not be set for init containers without restartPolicy=Always",
                            ));
                        }
                    }
                }
                Some("Always") => {}
                Some(other) => errs.push(FieldError::not_supported(
                    format!("{p}.restartPolicy"),
                    go_quote(other),
                    &["Always"],
                )),
            }
        }
    }
    let rp = spec.restart_policy.as_deref().unwrap_or("");
    match rp {
        "Always" | "OnFailure" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{path}.restartPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.restartPolicy"),
            go_quote(other),
            &["Always", "OnFailure", "Never"],
        )),
    }
    let dp = spec.dns_policy.as_deref().unwrap_or("");
    match dp {
        "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None" => {}
        "" => errs.push(FieldError::required(format!("{path}.dnsPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.dnsPolicy"),
            go_quote(other),
            &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        )),
    }
    validate_labels(
        spec.node_selector.as_ref(),
        &format!("{path}.nodeSelector"),
        errs,
    );
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        for m in name_is_dns_subdomain(sa, false) {
            errs.push(FieldError::invalid(
                format!("{path}.serviceAccountName"),
                go_quote(sa),
                m,
            ));
        }
    }
    if let Some(n) = spec.node_name.as_deref().filter(|s| !s.is_empty()) {
        for m in name_is_dns_subdomain(n, false) {
            errs.push(FieldError::invalid(
                format!("{path}.nodeName"),
                go_quote(n),
                m,
            ));
        }
    }
    if let Some(a) = spec.active_deadline_seconds
        && (a < 1 || a > i64::from(i32::MAX))
    {
        errs.push(FieldError::invalid(
            format!("{path}.activeDeadlineSeconds"),
            a.to_string(),
            inclusive_range_error(1, i64::from(i32::MAX)),
        ));
    }
    for (field, v) in [("hostname", &spec.hostname), ("subdomain", &spec.subdomain)] {
        if let Some(v) = v.as_deref().filter(|s| !s.is_empty()) {
            for m in is_dns1123_label(v) {
                errs.push(FieldError::invalid(
                    format!("{path}.{field}"),
                    go_quote(v),
                    m,
                ));
            }
        }
    }
    if let Some(t) = &spec.tolerations {
        validate_tolerations(t, &format!("{path}.tolerations"), errs);
    }
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        for m in name_is_dns_subdomain(pc, false) {
            errs.push(FieldError::invalid(
                format!("{path}.priorityClassName"),
                go_quote(pc),
                m,
            ));
        }
    }
    if let Some(pp) = spec.preemption_policy.as_deref() {
        match pp {
            "PreemptLowerPriority" | "Never" => {}
            other => errs.push(FieldError::not_supported(
                format!("{path}.preemptionPolicy"),
                go_quote(other),
                &["Never", "PreemptLowerPriority"],
            )),
        }
    }
    if let Some(o) = &spec.overhead {
        let rr = ResourceRequirements {
            limits: Some(o.clone()),
            ..Default::default()
        };
        validate_resources(&rr, &format!("{path}.overhead"), errs);
    }
}

/// `ValidateVolumes` (names only; sources are not modelled). Returns the declared names.
pub(crate) fn validate_volumes(
    vols: &[Volume],
    path: &str,
    errs: &mut Vec<FieldError>,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (i, v) in vols.iter().enumerate() {
        let np = format!("{path}[{i}].name");
        if v.name.is_empty() {
            errs.push(FieldError::required(&np, ""));
        } else {
            for m in is_dns1123_label(&v.name) {
                errs.push(FieldError::invalid(&np, go_quote(&v.name), m));
            }
        }
        if names.contains(&v.name) {
            errs.push(FieldError::duplicate(&np, go_quote(&v.name)));
        }
        names.insert(v.name.clone());
    }
    names
}

/// `validateContainerCommon`.
pub(crate) fn validate_container_common(
    c: &Container,
    volumes: &BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let np = format!("{path}.name");
    if c.name.is_empty() {
        errs.push(FieldError::required(&np, ""));
    } else {
        for m in is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(&np, go_quote(&c.name), m));
        }
    }
    if c.image.as_deref().unwrap_or("").is_empty() {
        errs.push(FieldError::required(format!("{path}.image"), ""));
    }
    match c.termination_message_policy.as_deref().unwrap_or("") {
        "File" | "FallbackToLogsOnError" => {}
        "" => errs.push(FieldError::required(
            format!("{path}.terminationMessagePolicy"),
            "",
        )),
        other => errs.push(FieldError::not_supported(
            format!("{path}.terminationMessagePolicy"),
            go_quote(other),
            &["File", "FallbackToLogsOnError"],
        )),
    }
    validate_container_ports(
        c.ports.as_deref().unwrap_or(&[]),
        &format!("{path}.ports"),
        errs,
    );
    for (i, e) in c.env.iter().flatten().enumerate() {
        let p = format!("{path}.env[{i}].name");
        if e.name.is_empty() {
            errs.push(FieldError::required(&p, ""));
        } else if e
            .name
            .chars()
            .any(|ch| !(' '..='~').contains(&ch) || ch == '=')
        {
            errs.push(FieldError::invalid(
                &p,
                go_quote(&e.name),
                "a valid environment variable name must consist only of printable ASCII characters other than '='",
            ));
        }
    }
    let mut mount_points = BTreeSet::new();
    for (i, m) in c.volume_mounts.iter().flatten().enumerate() {
        let p = format!("{path}.volumeMounts[{i}]");
        if m.name.is_empty() {
            errs.push(FieldError::required(format!("{p}.name"), ""));
        }
        if !volumes.contains(&m.name) {
            errs.push(FieldError::not_found(
                format!("{p}.name"),
                go_quote(&m.name),
            ));
        }
        if m.mount_path.is_empty() {
            errs.push(FieldError::required(format!("{p}.mountPath"), ""));
        }
        if !mount_points.insert(m.mount_path.clone()) {
            errs.push(FieldError::invalid(
                format!("{p}.mountPath"),
                go_quote(&m.mount_path),
                "must be unique",
            ));
        }
    }
    match c.image_pull_policy.as_deref().unwrap_or("") {
        "Always" | "IfNotPresent" | "Never" => {}
        "" => errs.push(FieldError::required(format!("{path}.imagePullPolicy"), "")),
        other => errs.push(FieldError::not_supported(
            format!("{path}.imagePullPolicy"),
            go_quote(other),
            &["Always", "IfNotPresent", "Never"],
        )),
    }
    if let Some(r) = &c.resources {
        validate_resources(r, &format!("{path}.resources"), errs);
    }
}

/// `validateContainerPorts`.
pub(crate) fn validate_container_ports(
    ports: &[ContainerPort],
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
            let msgs = is_valid_port_name(name);
            if !msgs.is_empty() {
                for m in msgs {
                    errs.push(FieldError::invalid(format!("{ip}.name"), go_quote(name), m));
                }
            } else if !names.insert(name.to_string()) {
                errs.push(FieldError::duplicate(format!("{ip}.name"), go_quote(name)));
            }
        }
        if p.container_port == 0 {
            errs.push(FieldError::required(format!("{ip}.containerPort"), ""));
        } else if !(1..=65535).contains(&p.container_port) {
            errs.push(FieldError::invalid(
                format!("{ip}.containerPort"),
                p.container_port.to_string(),
                inclusive_range_error(1, 65535),
            ));
        }
        if let Some(hp) = p.host_port.filter(|h| *h != 0)
            && !(1..=65535).contains(&hp)
        {
            errs.push(FieldError::invalid(
                format!("{ip}.hostPort"),
                hp.to_string(),
                inclusive_range_error(1, 65535),
            ));
        }
        match p.protocol.as_deref().unwrap_or("") {
            "TCP" | "UDP" | "SCTP" => {}
            "" => errs.push(FieldError::required(format!("{ip}.protocol"), "")),
            other => errs.push(FieldError::not_supported(
                format!("{ip}.protocol"),
                go_quote(other),
                &["SCTP", "TCP", "UDP"],
            )),
        }
    }
}

pub(crate) fn is_standard_container_resource(name: &str) -> bool {
    matches!(name, "cpu" | "memory" | "ephemeral-storage") || name.starts_with("hugepages-")
}

/// `ValidateContainerResourceRequirements`: names, non-negative quantities, requests ≤ limits.
/// (Go iterates maps randomly; kubestep reports in key order.)
pub(crate) fn validate_resources(r: &ResourceRequirements, path: &str, errs: &mut Vec<FieldError>) {
    let lim_path = format!("{path}.limits");
    let req_path = format!("{path}.requests");
    let check_name = |name: &str, p: &str, errs: &mut Vec<FieldError>| {
        if !name.contains('/') {
            if !is_standard_container_resource(name) {
                errs.push(FieldError::invalid(
                    p,
                    go_quote(name),
                    "must be a standard resource for containers",
                ));
            }
        } else {
            for m in is_qualified_name(name) {
                errs.push(FieldError::invalid(p, go_quote(name), m));
            }
        }
    };
    let check_qty =
        |name: &str, q: &str, p: &str, errs: &mut Vec<FieldError>| -> Option<ParsedQuantity> {
            let pq = parse_quantity(q.trim()).ok()?;
            if pq.negative {
                errs.push(FieldError::invalid(
                    p,
                    go_quote(&pq.canonical()),
                    IS_NEGATIVE_ERROR_MSG,
                ));
            }
            // IsIntegerResourceName: hugepages are not, extended resources (with '/', not
            // kubernetes.io/) are integers.
            let integer = name.contains('/') && !name.starts_with("kubernetes.io/");
            if integer && pq.scaled_ceil(3).map(|m| m % 1000 != 0).unwrap_or(false) {
                errs.push(FieldError::invalid(
                    p,
                    go_quantity_struct(&pq),
                    "must be an integer",
                ));
            }
            Some(pq)
        };
    let limits = r.limits.clone().unwrap_or_default();
    let mut parsed_limits = BTreeMap::new();
    for (name, q) in &limits {
        let p = format!("{lim_path}[{name}]");
        check_name(name, &p, errs);
        if let Some(pq) = check_qty(name, &q.0, &p, errs) {
            parsed_limits.insert(name.clone(), pq);
        }
    }
    for (name, q) in r.requests.iter().flatten() {
        let p = format!("{req_path}[{name}]");
        check_name(name, &p, errs);
        let Some(pq) = check_qty(name, &q.0, &p, errs) else {
            continue;
        };
        let overcommit = !name.starts_with("hugepages-")
            && (!name.contains('/') || name.starts_with("kubernetes.io/"));
        match parsed_limits.get(name) {
            Some(lim) => {
                let cmp = pq.cmp_value(lim);
                if cmp != std::cmp::Ordering::Equal && !overcommit {
                    errs.push(FieldError::invalid(
                        &req_path,
                        go_quote(&pq.canonical()),
                        format!("must be equal to {name} limit of {}", lim.canonical()),
                    ));
                } else if cmp == std::cmp::Ordering::Greater {
                    errs.push(FieldError::invalid(
                        &req_path,
                        go_quote(&pq.canonical()),
                        format!(
                            "must be less than or equal to {name} limit of {}",
                            lim.canonical()
                        ),
                    ));
                }
            }
            None if !overcommit => {
                errs.push(FieldError::required(
                    &lim_path,
                    "Limit must be set for non overcommitable resources",
                ));
            }
            None => {}
        }
    }
}

/// `validateProbe` + handler rules (liveness/startup probes need `successThreshold` 1).
pub(crate) fn validate_probe(
    p: &Probe,
    path: &str,
    success_must_be_one: bool,
    errs: &mut Vec<FieldError>,
) {
    // validateHandler: only the first handler is validated; later ones are Forbidden.
    let mut count = 0;
    if let Some(e) = &p.exec {
        count += 1;
        if e.command.as_ref().is_none_or(|c| c.is_empty()) {
            errs.push(FieldError::required(format!("{path}.exec.command"), ""));
        }
    }
    if let Some(h) = &p.http_get {
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{path}.httpGet"),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
            if h.path.as_deref().unwrap_or("").is_empty() {
                errs.push(FieldError::required(format!("{path}.httpGet.path"), ""));
            }
            validate_port_num_or_name(&h.port, &format!("{path}.httpGet.port"), errs);
            let scheme = h.scheme.as_deref().unwrap_or("");
            if scheme != "HTTP" && scheme != "HTTPS" {
                errs.push(FieldError::not_supported(
                    format!("{path}.httpGet.scheme"),
                    go_quote(scheme),
                    &["HTTP", "HTTPS"],
                ));
            }
        }
    }
    if let Some(t) = &p.tcp_socket {
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{path}.tcpSocket"),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
            validate_port_num_or_name(&t.port, &format!("{path}.tcpSocket.port"), errs);
        }
    }
    if let Some(g) = &p.grpc {
        if count > 0 {
            errs.push(FieldError::forbidden(
                format!("{path}.grpc"),
                "may not specify more than 1 handler type",
            ));
        } else {
            count += 1;
            if !(1..=65535).contains(&g.port) {
                errs.push(FieldError::invalid(
                    format!("{path}.grpc.port"),
                    g.port.to_string(),
                    inclusive_range_error(1, 65535),
                ));
            }
        }
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
    for (field, v) in [
        ("initialDelaySeconds", p.initial_delay_seconds),
        ("timeoutSeconds", p.timeout_seconds),
        ("periodSeconds", p.period_seconds),
        ("successThreshold", p.success_threshold),
        ("failureThreshold", p.failure_threshold),
    ] {
        nonneg(i64::from(v.unwrap_or(0)), &format!("{path}.{field}"), errs);
    }
    if let Some(t) = p.termination_grace_period_seconds
        && t <= 0
    {
        errs.push(FieldError::invalid(
            format!("{path}.terminationGracePeriodSeconds"),
            t.to_string(),
            "must be greater than 0",
        ));
    }
    if success_must_be_one {
        let s = p.success_threshold.unwrap_or(0);
        if s != 1 {
            errs.push(FieldError::invalid(
                format!("{path}.successThreshold"),
                s.to_string(),
                "must be 1",
            ));
        }
    }
}

pub(crate) fn validate_port_num_or_name(
    port: &IntOrString,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    match port {
        IntOrString::Int(i) => {
            if !(1..=65535).contains(i) {
                errs.push(FieldError::invalid(
                    path,
                    i.to_string(),
                    inclusive_range_error(1, 65535),
                ));
            }
        }
        IntOrString::String(s) => {
            for m in is_valid_port_name(s) {
                errs.push(FieldError::invalid(path, go_quote(s), m));
            }
        }
    }
}

/// `ValidateTolerations`.
pub(crate) fn validate_tolerations(ts: &[Toleration], path: &str, errs: &mut Vec<FieldError>) {
    for (i, t) in ts.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let key = t.key.as_deref().unwrap_or("");
        let op = t.operator.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        if !key.is_empty() {
            for m in is_qualified_name(key) {
                errs.push(FieldError::invalid(format!("{ip}.key"), go_quote(key), m));
            }
        }
        if key.is_empty() && op != "Exists" {
            errs.push(FieldError::invalid(
                format!("{ip}.operator"),
                go_quote(op),
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            ));
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            errs.push(FieldError::invalid(
                format!("{ip}.effect"),
                go_quote(effect),
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            ));
        }
        match op {
            "Equal" | "" => {
                let m = is_valid_label_value(value);
                if !m.is_empty() {
                    errs.push(FieldError::invalid(
                        format!("{ip}.operator"),
                        go_quote(value),
                        m.join(";"),
                    ));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    let secs = match t.toleration_seconds {
                        None => "(*int64)(nil)".to_string(),
                        Some(_) => "(*int64)(0xc000000000)".to_string(),
                    };
                    let v = format!(
                        "core.Toleration{{Key:{}, Operator:{}, Value:{}, Effect:{}, TolerationSeconds:{secs}}}",
                        go_quote(key),
                        go_quote(op),
                        go_quote(value),
                        go_quote(effect)
                    );
                    errs.push(FieldError::invalid(
                        format!("{ip}.operator"),
                        v,
                        "value must be empty when `operator` is 'Exists'",
                    ));
                }
            }
            other => errs.push(FieldError::not_supported(
                format!("{ip}.operator"),
                go_quote(other),
                &["Equal", "Exists"],
            )),
        }
        if !effect.is_empty() {
            validate_taint_effect(effect, &format!("{ip}.effect"), errs);
        }
    }
}

pub(crate) fn validate_taint_effect(effect: &str, path: &str, errs: &mut Vec<FieldError>) {
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        errs.push(FieldError::not_supported(
            path,
            go_quote(effect),
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        ));
    }
}

pub(crate) fn validate_taints(
    taints: &[k8s_openapi::api::core::v1::Taint],
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut seen = BTreeSet::new();
    for (i, t) in taints.iter().enumerate() {
        let ip = format!("{path}[{i}]");
        for m in is_qualified_name(&t.key) {
            errs.push(FieldError::invalid(
                format!("{ip}.key"),
                go_quote(&t.key),
                m,
            ));
        }
        let v = t.value.as_deref().unwrap_or("");
        for m in is_valid_label_value(v) {
            errs.push(FieldError::invalid(format!("{ip}.value"), go_quote(v), m));
        }
        if t.effect.is_empty() {
            errs.push(FieldError::required(format!("{ip}.effect"), ""));
        } else {
            validate_taint_effect(&t.effect, &format!("{ip}.effect"), errs);
        }
        if !seen.insert((t.key.clone(), t.effect.clone())) {
            errs.push(FieldError::duplicate(
                path,
                format!(
                    "core.Taint{{Key:{}, Value:{}, Effect:{}, TimeAdded:<nil>}}",
                    go_quote(&t.key),
                    go_quote(v),
                    go_quote(&t.effect)
                ),
            ));
            if let Some(last) = errs.last_mut() {
                last.detail = "taints must be unique by key and effect pair".into();
            }
        }
    }
}

pub(crate) fn validate_node(n: &Node, errs: &mut Vec<FieldError>) {
    validate_object_meta(&n.metadata, false, NameRule::Subdomain, "metadata", errs);
    if let Some(spec) = &n.spec {
        validate_taints(spec.taints.as_deref().unwrap_or(&[]), "spec.taints", errs);
    }
}

pub(crate) fn validate_namespace(ns: &Namespace, errs: &mut Vec<FieldError>) {
    validate_object_meta(&ns.metadata, false, NameRule::Label, "metadata", errs);
}

/// `ValidatePodUpdate`: besides metadata, only the upstream allow-list may change.
/// Upstream appends a `cmp` diff of the specs to the message; kubestep omits it.
pub(crate) fn validate_pod_update(old: &Pod, new: &Pod, errs: &mut Vec<FieldError>) {
    let mut o = old.spec.clone().unwrap_or_default();
    let n = new.spec.clone().unwrap_or_default();
    // Mask the mutable fields with the new values and compare the rest.
    for (oc, nc) in o.containers.iter_mut().zip(n.containers.iter()) {
        oc.image = nc.image.clone();
    }
    if let (Some(oi), Some(ni)) = (o.init_containers.as_mut(), n.init_containers.as_ref()) {
        for (oc, nc) in oi.iter_mut().zip(ni.iter()) {
            oc.image = nc.image.clone();
        }
    }
    o.active_deadline_seconds = n.active_deadline_seconds;
    // tolerations: only additions allowed
    let old_tol = o.tolerations.clone().unwrap_or_default();
    let new_tol = n.tolerations.clone().unwrap_or_default();
    let additions_only = old_tol.iter().all(|t| new_tol.contains(t));
    if additions_only {
        o.tolerations = n.tolerations.clone();
    }
    // nodeName may be set once by binding; kubestep's scheduler binds through the API.
    if o.node_name.as_deref().unwrap_or("").is_empty() {
        o.node_name = n.node_name.clone();
    }
    if o.termination_grace_period_seconds.is_some_and(|g| g < 0)
        && n.termination_grace_period_seconds == Some(1)
    {
        o.termination_grace_period_seconds = Some(1);
    }
    if o != n {
        errs.push(FieldError::forbidden(
            "spec",
            "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
        ));
    }
    if let Some(spec) = &new.spec {
        for (i, c) in spec.containers.iter().enumerate() {
            if c.image.as_deref().unwrap_or("").is_empty() {
                errs.push(FieldError::required(
                    format!("spec.containers[{i}].image"),
                    "",
                ));
            }
        }
    }
}

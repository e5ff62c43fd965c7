//! Services in the API server: defaulting (`pkg/apis/core/v1/defaults.go` SetDefaults_Service),
//! validation (`pkg/apis/core/validation/validation.go` ValidateService /
//! ValidateServiceUpdate), and the registry's allocation of ClusterIPs
//! (`pkg/registry/core/service/ipallocator`, bitmap allocator over 10.96.0.0/12) and
//! NodePorts (`pkg/registry/core/service/portallocator`, 30000-32767), including
//! `patchAllocatedValues` on update (`pkg/registry/core/service/strategy.go`).

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{LoadBalancerStatus, Service, ServicePort, ServiceStatus};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::validation::field::{ErrorType, FieldError};
use super::validation::gofmt::go_quote;
use super::validation::meta::{validate_labels, validate_object_meta};
use super::validation::names::{
    NameRule, inclusive_range_error, is_dns1123_label, is_valid_port_name,
};
use crate::rng::SimRng;

/// The service CIDR (`--service-cluster-ip-range`, kind's default).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
/// First address of the service CIDR as a number.
const CIDR_BASE: u32 = (10 << 24) | (96 << 16);
/// Addresses in 10.96.0.0/12.
const CIDR_SIZE: u32 = 1 << 20;
/// `calculateRangeOffset` of the IP allocator for a /12: min(max(16, size/16), 256) = 256.
/// Addresses below the offset are the "static" band, used for random allocation only when
/// the upper band is full.
const IP_OFFSET: u32 = 256;
/// `--service-node-port-range`.
pub const NODE_PORT_MIN: i32 = 30000;
pub const NODE_PORT_MAX: i32 = 32767;
/// portallocator `calculateRangeOffset`: min(max(16, 2768/32), 128) = 86.
const PORT_OFFSET: i32 = 86;

/// Service types (`supportedServiceType`).
const SERVICE_TYPES: [&str; 4] = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

/// IPv4 dotted quad → number.
pub fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v: u32 = 0;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

/// Number → dotted quad.
pub fn format_ipv4(v: u32) -> String {
    format!(
        "{}.{}.{}.{}",
        v >> 24,
        (v >> 16) & 0xff,
        (v >> 8) & 0xff,
        v & 0xff
    )
}

fn spec_type(svc: &Service) -> &str {
    svc.spec
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("")
}

/// NodePort and LoadBalancer services (with the default allocateLoadBalancerNodePorts)
/// get node ports.
pub fn needs_node_ports(svc: &Service) -> bool {
    matches!(spec_type(svc), "NodePort" | "LoadBalancer")
}

/// Headless: `clusterIP: None`.
pub fn is_headless(svc: &Service) -> bool {
    svc.spec.as_ref().and_then(|s| s.cluster_ip.as_deref()) == Some("None")
}

/// `SetDefaults_Service` plus the clusterIP ↔ clusterIPs normalisation the registry does
/// before allocating. Idempotent.
pub fn default_service(svc: &mut Service) {
    let spec = svc.spec.get_or_insert_with(Default::default);
    if spec.session_affinity.as_deref().unwrap_or("").is_empty() {
        spec.session_affinity = Some("None".into());
    }
    if spec.session_affinity.as_deref() == Some("None") {
        spec.session_affinity_config = None;
    }
    if spec.type_.as_deref().unwrap_or("").is_empty() {
        spec.type_ = Some("ClusterIP".into());
    }
    for sp in spec.ports.iter_mut().flatten() {
        if sp.protocol.as_deref().unwrap_or("").is_empty() {
            sp.protocol = Some("TCP".into());
        }
        let empty = match &sp.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            _ => false,
        };
        if empty {
            sp.target_port = Some(IntOrString::Int(sp.port));
        }
    }
    let ty = spec.type_.clone().unwrap_or_default();
    let externally_accessible = ty == "NodePort"
        || ty == "LoadBalancer"
        || (ty == "ClusterIP" && spec.external_ips.as_ref().is_some_and(|v| !v.is_empty()));
    if externally_accessible
        && spec
            .external_traffic_policy
            .as_deref()
            .unwrap_or("")
            .is_empty()
    {
        spec.external_traffic_policy = Some("Cluster".into());
    }
    if spec.internal_traffic_policy.is_none()
        && matches!(ty.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP")
    {
        spec.internal_traffic_policy = Some("Cluster".into());
    }
    if ty == "LoadBalancer" && spec.allocate_load_balancer_node_ports.is_none() {
        spec.allocate_load_balancer_node_ports = Some(true);
    }
    // v1 conversion: clusterIPs[0] mirrors clusterIP.
    let ip = spec.cluster_ip.clone().unwrap_or_default();
    if !ip.is_empty() && spec.cluster_ips.as_ref().is_none_or(|v| v.is_empty()) {
        spec.cluster_ips = Some(vec![ip]);
    } else if ip.is_empty()
        && let Some(first) = spec.cluster_ips.as_ref().and_then(|v| v.first())
    {
        spec.cluster_ip = Some(first.clone());
    }
    let status = svc.status.get_or_insert_with(Default::default);
    if status.load_balancer.is_none() {
        *status = ServiceStatus {
            load_balancer: Some(LoadBalancerStatus::default()),
            ..status.clone()
        };
    }
}

/// Go `%#v` of the key `core.ServicePort{Protocol, Port}` used in duplicate-port errors.
fn go_service_port_key(protocol: &str, port: i32) -> String {
    format!(
        "core.ServicePort{{Name:\"\", Protocol:{}, AppProtocol:(*string)(nil), Port:{}, TargetPort:intstr.IntOrString{{Type:0, IntVal:0, StrVal:\"\"}}, NodePort:0}}",
        go_quote(protocol),
        port
    )
}

fn valid_port_num(p: i64) -> bool {
    (1..=65535).contains(&p)
}

/// `validateServicePort`.
fn validate_service_port(
    sp: &ServicePort,
    require_name: bool,
    names: &mut BTreeSet<String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let name = sp.name.as_deref().unwrap_or("");
    if require_name && name.is_empty() {
        errs.push(FieldError::required(format!("{path}.name"), ""));
    } else if !name.is_empty() {
        for m in is_dns1123_label(name) {
            errs.push(FieldError::invalid(
                format!("{path}.name"),
                go_quote(name),
                m,
            ));
        }
        if !names.insert(name.to_string()) {
            errs.push(FieldError::duplicate(
                format!("{path}.name"),
                go_quote(name),
            ));
        }
    }
    if !valid_port_num(sp.port as i64) {
        errs.push(FieldError::invalid(
            format!("{path}.port"),
            sp.port.to_string(),
            inclusive_range_error(1, 65535),
        ));
    }
    match sp.protocol.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required(format!("{path}.protocol"), "")),
        "TCP" | "UDP" | "SCTP" => {}
        p => errs.push(FieldError::not_supported(
            format!("{path}.protocol"),
            go_quote(p),
            &["SCTP", "TCP", "UDP"],
        )),
    }
    // ValidatePortNumOrName.
    match &sp.target_port {
        Some(IntOrString::Int(n)) if !valid_port_num(*n as i64) => {
            errs.push(FieldError::invalid(
                format!("{path}.targetPort"),
                n.to_string(),
                inclusive_range_error(1, 65535),
            ));
        }
        Some(IntOrString::Int(_)) => {}
        Some(IntOrString::String(s)) => {
            for m in is_valid_port_name(s) {
                errs.push(FieldError::invalid(
                    format!("{path}.targetPort"),
                    go_quote(s),
                    m,
                ));
            }
        }
        None => {}
    }
}

/// `ValidateService` (create) on a defaulted Service, the rules kubestep models.
pub fn validate_service(svc: &Service, errs: &mut Vec<FieldError>) {
    validate_object_meta(&svc.metadata, true, NameRule::Dns1035, "metadata", errs);
    let default_spec = Default::default();
    let spec = svc.spec.as_ref().unwrap_or(&default_spec);
    let ty = spec.type_.as_deref().unwrap_or("");
    let ports = spec.ports.as_deref().unwrap_or(&[]);
    if ports.is_empty() && !is_headless(svc) && ty != "ExternalName" {
        errs.push(FieldError::required("spec.ports", ""));
    }
    if ty == "ExternalName" {
        let en = spec.external_name.as_deref().unwrap_or("");
        if en.is_empty() {
            errs.push(FieldError::required("spec.externalName", ""));
        }
    }
    let mut names = BTreeSet::new();
    for (i, sp) in ports.iter().enumerate() {
        validate_service_port(
            sp,
            ports.len() > 1,
            &mut names,
            &format!("spec.ports[{i}]"),
            errs,
        );
    }
    if let Some(sel) = &spec.selector {
        validate_labels(Some(sel), "spec.selector", errs);
    }
    match spec.session_affinity.as_deref().unwrap_or("") {
        "" => errs.push(FieldError::required("spec.sessionAffinity", "")),
        "None" | "ClientIP" => {}
        a => errs.push(FieldError::not_supported(
            "spec.sessionAffinity",
            go_quote(a),
            &["ClientIP", "None"],
        )),
    }
    // ValidateServiceClusterIPsRelatedFields (the single-stack IPv4 part).
    for (i, ip) in spec.cluster_ips.iter().flatten().enumerate() {
        if ip == "None" && i == 0 {
            continue;
        }
        if parse_ipv4(ip).is_none() {
            errs.push(FieldError::invalid(
                format!("spec.clusterIPs[{i}]"),
                go_quote(ip),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ));
        }
    }
    if ty.is_empty() {
        errs.push(FieldError::required("spec.type", ""));
    } else if !SERVICE_TYPES.contains(&ty) {
        errs.push(FieldError::not_supported(
            "spec.type",
            go_quote(ty),
            &SERVICE_TYPES,
        ));
    }
    if ty == "ClusterIP" {
        for (i, sp) in ports.iter().enumerate() {
            if sp.node_port.unwrap_or(0) != 0 {
                errs.push(FieldError::forbidden(
                    format!("spec.ports[{i}].nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, sp) in ports.iter().enumerate() {
        let np = sp.node_port.unwrap_or(0);
        if np == 0 {
            continue;
        }
        if !node_ports.insert((sp.protocol.clone().unwrap_or_default(), np)) {
            errs.push(FieldError::duplicate(
                format!("spec.ports[{i}].nodePort"),
                np.to_string(),
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for (i, sp) in ports.iter().enumerate() {
        let proto = sp.protocol.clone().unwrap_or_default();
        if !seen.insert((proto.clone(), sp.port)) {
            errs.push(FieldError::duplicate(
                format!("spec.ports[{i}]"),
                go_service_port_key(&proto, sp.port),
            ));
        }
    }
    match spec.external_traffic_policy.as_deref() {
        None | Some("") | Some("Cluster") | Some("Local") => {}
        Some(p) => errs.push(FieldError::not_supported(
            "spec.externalTrafficPolicy",
            go_quote(p),
            &["Cluster", "Local"],
        )),
    }
    match spec.internal_traffic_policy.as_deref() {
        None | Some("Cluster") | Some("Local") => {}
        Some(p) => errs.push(FieldError::not_supported(
            "spec.internalTrafficPolicy",
            go_quote(p),
            &["Cluster", "Local"],
        )),
    }
}

/// `ValidateServiceUpdate`: the create rules plus immutable clusterIPs
/// (`validateUpgradeDowngradeClusterIPs`).
pub fn validate_service_update(old: &Service, new: &Service, errs: &mut Vec<FieldError>) {
    validate_service(new, errs);
    let ips = |s: &Service| {
        s.spec
            .as_ref()
            .and_then(|s| s.cluster_ips.clone())
            .unwrap_or_default()
    };
    let (o, n) = (ips(old), ips(new));
    let to_or_from_external = spec_type(old) == "ExternalName" || spec_type(new) == "ExternalName";
    if !to_or_from_external && !o.is_empty() && !n.is_empty() && o[0] != n[0] {
        let shown: Vec<String> = n.iter().map(|s| go_quote(s)).collect();
        errs.push(FieldError::invalid(
            "spec.clusterIPs[0]",
            format!("[]string{{{}}}", shown.join(", ")),
            "may not change once set",
        ));
    }
}

/// What other Services already hold.
#[derive(Clone, Debug, Default)]
pub struct Allocated {
    pub ips: BTreeSet<u32>,
    pub node_ports: BTreeSet<i32>,
}

impl Allocated {
    /// Collect the ClusterIPs and NodePorts of `services`.
    pub fn from_services<'a>(services: impl Iterator<Item = &'a Service>) -> Allocated {
        let mut a = Allocated::default();
        for s in services {
            let Some(spec) = &s.spec else { continue };
            for ip in spec.cluster_ips.iter().flatten() {
                if let Some(v) = parse_ipv4(ip) {
                    a.ips.insert(v);
                }
            }
            for p in spec.ports.iter().flatten() {
                if let Some(np) = p.node_port.filter(|n| *n != 0) {
                    a.node_ports.insert(np);
                }
            }
        }
        a
    }
}

/// `randomScanStrategyWithOffset.AllocateBit`: a random free slot in `[offset, max)`, else
/// in `[0, offset)`; each band is scanned from a random start.
fn random_free(max: u32, offset: u32, used: &dyn Fn(u32) -> bool, rng: &mut SimRng) -> Option<u32> {
    for (lo, hi) in [(offset, max), (0, offset)] {
        if hi <= lo {
            continue;
        }
        let n = hi - lo;
        let start = rng.below(n as u64) as u32;
        for i in 0..n {
            let v = lo + (start + i) % n;
            if !used(v) {
                return Some(v);
            }
        }
    }
    None
}

/// The registry's allocation on create (or for ports newly needing a NodePort on update):
/// ClusterIP (unless headless, ExternalName or already set by the caller, which must be
/// free and in range), ipFamilies/ipFamilyPolicy, and NodePorts for NodePort /
/// LoadBalancer services.
pub fn allocate(
    svc: &mut Service,
    taken: &Allocated,
    rng: &mut SimRng,
    allocate_ip: bool,
) -> Result<(), Vec<FieldError>> {
    let ty = spec_type(svc).to_string();
    let headless = is_headless(svc);
    let mut errs = Vec::new();
    let Some(spec) = svc.spec.as_mut() else {
        return Ok(());
    };
    if ty != "ExternalName" {
        spec.ip_families.get_or_insert_with(|| vec!["IPv4".into()]);
        spec.ip_family_policy
            .get_or_insert_with(|| "SingleStack".into());
    }
    if allocate_ip && ty != "ExternalName" && !headless {
        let want = spec.cluster_ip.clone().unwrap_or_default();
        if want.is_empty() {
            // Offsets count from the first address after the network address.
            let used = |i: u32| taken.ips.contains(&(CIDR_BASE + 1 + i));
            match random_free(CIDR_SIZE - 2, IP_OFFSET, &used, rng) {
                Some(i) => {
                    let ip = format_ipv4(CIDR_BASE + 1 + i);
                    spec.cluster_ip = Some(ip.clone());
                    spec.cluster_ips = Some(vec![ip]);
                }
                None => errs.push(FieldError {
                    kind: ErrorType::Internal,
                    field: "spec.clusterIPs".into(),
                    value: None,
                    detail: "failed to allocate a serviceIP: range is full".into(),
                }),
            }
        } else if let Some(v) = parse_ipv4(&want) {
            let value = format!("[]string{{{}}}", go_quote(&want));
            let in_range = v > CIDR_BASE && v < CIDR_BASE + CIDR_SIZE - 1;
            if !in_range {
                errs.push(FieldError::invalid(
                    "spec.clusterIPs",
                    value,
                    format!(
                        "failed to allocate IP {want}: the provided IP ({want}) is not in the valid range. The range of valid IPs is {SERVICE_CIDR}"
                    ),
                ));
            } else if taken.ips.contains(&v) {
                errs.push(FieldError::invalid(
                    "spec.clusterIPs",
                    value,
                    format!("failed to allocate IP {want}: provided IP is already allocated"),
                ));
            }
        }
    }
    if headless {
        spec.cluster_ips = Some(vec!["None".into()]);
    }
    if ty == "NodePort" || ty == "LoadBalancer" {
        let mut mine: BTreeSet<i32> = BTreeSet::new();
        for (i, sp) in spec.ports.iter_mut().flatten().enumerate() {
            let np = sp.node_port.unwrap_or(0);
            if np != 0 {
                if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&np) {
                    errs.push(FieldError::invalid(
                        format!("spec.ports[{i}].nodePort"),
                        np.to_string(),
                        format!(
                            "provided port is not in the valid range. The range of valid ports is {NODE_PORT_MIN}-{NODE_PORT_MAX}"
                        ),
                    ));
                } else if taken.node_ports.contains(&np) {
                    errs.push(FieldError::invalid(
                        format!("spec.ports[{i}].nodePort"),
                        np.to_string(),
                        "provided port is already allocated",
                    ));
                }
                mine.insert(np);
            }
        }
        for sp in spec.ports.iter_mut().flatten() {
            if sp.node_port.unwrap_or(0) != 0 {
                continue;
            }
            let size = (NODE_PORT_MAX - NODE_PORT_MIN + 1) as u32;
            let used = |i: u32| {
                let p = NODE_PORT_MIN + i as i32;
                taken.node_ports.contains(&p) || mine.contains(&p)
            };
            match random_free(size, PORT_OFFSET as u32, &used, rng) {
                Some(i) => {
                    let p = NODE_PORT_MIN + i as i32;
                    mine.insert(p);
                    sp.node_port = Some(p);
                }
                None => {
                    errs.push(FieldError {
                        kind: ErrorType::Internal,
                        field: "spec.ports".into(),
                        value: None,
                        detail: "failed to allocate a nodePort: range is full".into(),
                    });
                    break;
                }
            }
        }
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// `patchAllocatedValues` + `dropTypeDependentFields` on update: an update that leaves the
/// ClusterIP or a port's NodePort empty keeps the allocated one; a change to ClusterIP type
/// drops NodePorts the user did not change.
pub fn patch_allocated(old: &Service, new: &mut Service) {
    let (Some(os), Some(ns)) = (old.spec.as_ref(), new.spec.as_mut()) else {
        return;
    };
    let old_ty = os.type_.as_deref().unwrap_or("");
    let new_ty = ns.type_.clone().unwrap_or_default();
    // normalizeClusterIPs: a changed clusterIP with untouched clusterIPs moves clusterIPs[0].
    let new_ip = ns.cluster_ip.clone().unwrap_or_default();
    if !new_ip.is_empty() && ns.cluster_ip != os.cluster_ip && ns.cluster_ips == os.cluster_ips {
        let mut ips = ns.cluster_ips.clone().unwrap_or_default();
        match ips.first_mut() {
            Some(first) => *first = new_ip,
            None => ips.push(new_ip),
        }
        ns.cluster_ips = Some(ips);
    }
    if old_ty != "ExternalName" && new_ty != "ExternalName" {
        if ns.cluster_ip.as_deref().unwrap_or("").is_empty() {
            ns.cluster_ip = os.cluster_ip.clone();
        }
        if ns.cluster_ips.as_ref().is_none_or(|v| v.is_empty()) {
            ns.cluster_ips = os.cluster_ips.clone();
        }
        if ns.ip_families.is_none() {
            ns.ip_families = os.ip_families.clone();
        }
        if ns.ip_family_policy.is_none() {
            ns.ip_family_policy = os.ip_family_policy.clone();
        }
    }
    let old_needs = matches!(old_ty, "NodePort" | "LoadBalancer");
    let new_needs = matches!(new_ty.as_str(), "NodePort" | "LoadBalancer");
    let old_ports = os.ports.clone().unwrap_or_default();
    for np in ns.ports.iter_mut().flatten() {
        let prev = old_ports
            .iter()
            .find(|p| p.port == np.port && p.protocol == np.protocol)
            .and_then(|p| p.node_port);
        if old_needs && new_needs && np.node_port.unwrap_or(0) == 0 {
            np.node_port = prev;
        } else if old_needs && !new_needs && np.node_port == prev {
            np.node_port = None;
        }
    }
}

/// `SetDefaults_Endpoints`: a port without a protocol gets TCP.
pub fn default_endpoints(ep: &mut k8s_openapi::api::core::v1::Endpoints) {
    for ss in ep.subsets.iter_mut().flatten() {
        for p in ss.ports.iter_mut().flatten() {
            if p.protocol.as_deref().unwrap_or("").is_empty() {
                p.protocol = Some("TCP".into());
            }
        }
    }
}

/// `ValidateEndpointsCreate` (metadata, `validateEndpointSubsets`), minimal: addresses must
/// be present and be IP addresses, ports need a name when there are several, a port number
/// in range and a supported protocol. The special-range checks of `validateEndpointAddress`
/// (loopback, link-local, multicast) and the hostname/nodeName checks are not modelled.
pub fn validate_endpoints(ep: &k8s_openapi::api::core::v1::Endpoints, errs: &mut Vec<FieldError>) {
    validate_object_meta(&ep.metadata, true, NameRule::Subdomain, "metadata", errs);
    for (i, ss) in ep.subsets.iter().flatten().enumerate() {
        let path = format!("subsets[{i}]");
        let addrs = ss.addresses.as_deref().unwrap_or(&[]);
        let not_ready = ss.not_ready_addresses.as_deref().unwrap_or(&[]);
        if addrs.is_empty() && not_ready.is_empty() {
            errs.push(FieldError::required(
                path.clone(),
                "must specify `addresses` or `notReadyAddresses`",
            ));
        }
        for (field, list) in [("addresses", addrs), ("notReadyAddresses", not_ready)] {
            for (j, a) in list.iter().enumerate() {
                if a.ip.parse::<std::net::IpAddr>().is_err() {
                    errs.push(FieldError::invalid(
                        format!("{path}.{field}[{j}].ip"),
                        go_quote(&a.ip),
                        "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                    ));
                }
            }
        }
        let ports = ss.ports.as_deref().unwrap_or(&[]);
        for (k, p) in ports.iter().enumerate() {
            let pp = format!("{path}.ports[{k}]");
            let name = p.name.as_deref().unwrap_or("");
            if ports.len() > 1 && name.is_empty() {
                errs.push(FieldError::required(format!("{pp}.name"), ""));
            } else if !name.is_empty() {
                for m in is_dns1123_label(name) {
                    errs.push(FieldError::invalid(format!("{pp}.name"), go_quote(name), m));
                }
            }
            if !(1..=65535).contains(&p.port) {
                errs.push(FieldError::invalid(
                    format!("{pp}.port"),
                    p.port.to_string(),
                    inclusive_range_error(1, 65535),
                ));
            }
            match p.protocol.as_deref().unwrap_or("") {
                "" => errs.push(FieldError::required(format!("{pp}.protocol"), "")),
                "TCP" | "UDP" | "SCTP" => {}
                other => errs.push(FieldError::not_supported(
                    format!("{pp}.protocol"),
                    go_quote(other),
                    &["SCTP", "TCP", "UDP"],
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream;
    use k8s_openapi::api::core::v1::ServiceSpec;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn svc(ty: Option<&str>, ports: Vec<ServicePort>) -> Service {
        Service {
            metadata: ObjectMeta {
                name: Some("web".into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
            spec: Some(ServiceSpec {
                type_: ty.map(String::from),
                ports: Some(ports),
                selector: Some([("app".to_string(), "web".to_string())].into()),
                ..Default::default()
            }),
            status: None,
        }
    }

    fn port(name: Option<&str>, port: i32) -> ServicePort {
        ServicePort {
            name: name.map(String::from),
            port,
            ..Default::default()
        }
    }

    fn errors(s: &Service) -> Vec<String> {
        let mut errs = vec![];
        validate_service(s, &mut errs);
        errs.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn defaulting_fills_type_affinity_protocol_target_port_and_policies() {
        let mut s = svc(None, vec![port(None, 80)]);
        default_service(&mut s);
        let spec = s.spec.as_ref().unwrap();
        assert_eq!(spec.type_.as_deref(), Some("ClusterIP"));
        assert_eq!(spec.session_affinity.as_deref(), Some("None"));
        let p = &spec.ports.as_ref().unwrap()[0];
        assert_eq!(p.protocol.as_deref(), Some("TCP"));
        assert_eq!(p.target_port, Some(IntOrString::Int(80)));
        assert_eq!(spec.internal_traffic_policy.as_deref(), Some("Cluster"));
        assert_eq!(spec.external_traffic_policy, None);

        let mut n = svc(Some("NodePort"), vec![port(None, 80)]);
        default_service(&mut n);
        let spec = n.spec.as_ref().unwrap();
        assert_eq!(spec.external_traffic_policy.as_deref(), Some("Cluster"));
        assert_eq!(spec.internal_traffic_policy.as_deref(), Some("Cluster"));
    }

    #[test]
    fn validation_reports_common_mistakes_with_upstream_texts() {
        let cases: Vec<(Service, Vec<&str>)> = vec![
            (svc(None, vec![]), vec!["spec.ports: Required value"]),
            (
                svc(None, vec![port(None, 0)]),
                vec![
                    "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                    "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                ],
            ),
            (
                svc(None, vec![port(None, 80), port(Some("b"), 81)]),
                vec!["spec.ports[0].name: Required value"],
            ),
            (
                svc(None, vec![port(Some("http"), 80), port(Some("http"), 81)]),
                vec!["spec.ports[1].name: Duplicate value: \"http\""],
            ),
            (
                svc(None, vec![port(Some("a"), 80), port(Some("b"), 80)]),
                vec![
                    "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}",
                ],
            ),
            (
                {
                    let mut s = svc(None, vec![port(None, 80)]);
                    s.spec.as_mut().unwrap().ports.as_mut().unwrap()[0].node_port = Some(30080);
                    s
                },
                vec![
                    "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
                ],
            ),
            (
                svc(Some("Foo"), vec![port(None, 80)]),
                vec![
                    "spec.type: Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
                ],
            ),
            (
                {
                    let mut s = svc(None, vec![port(None, 80)]);
                    s.spec.as_mut().unwrap().selector =
                        Some([("app".to_string(), "web app".to_string())].into());
                    s
                },
                vec![
                    "spec.selector: Invalid value: \"web app\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                ],
            ),
        ];
        for (mut s, want) in cases {
            default_service(&mut s);
            assert_eq!(errors(&s), want);
        }
        let mut bad_name = svc(None, vec![port(None, 80)]);
        bad_name.metadata.name = Some("1web".into());
        default_service(&mut bad_name);
        assert_eq!(
            errors(&bad_name),
            vec![
                "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
    }

    #[test]
    fn cluster_ips_are_random_in_the_upper_band_and_checked_when_requested() {
        let mut rng = SimRng::new(0, Stream::Services);
        let mut s = svc(None, vec![port(None, 80)]);
        default_service(&mut s);
        allocate(&mut s, &Allocated::default(), &mut rng, true).unwrap();
        let ip = s.spec.as_ref().unwrap().cluster_ip.clone().unwrap();
        let v = parse_ipv4(&ip).unwrap();
        assert!(
            (CIDR_BASE + 1 + IP_OFFSET..CIDR_BASE + CIDR_SIZE).contains(&v),
            "{ip}"
        );
        assert_eq!(
            s.spec.as_ref().unwrap().ip_families,
            Some(vec!["IPv4".to_string()])
        );
        let taken = Allocated::from_services([&s].into_iter());
        let mut t = svc(None, vec![port(None, 80)]);
        t.spec.as_mut().unwrap().cluster_ip = Some(ip.clone());
        default_service(&mut t);
        let e = allocate(&mut t, &taken, &mut rng, true).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            format!(
                "spec.clusterIPs: Invalid value: []string{{\"{ip}\"}}: failed to allocate IP {ip}: provided IP is already allocated"
            )
        );
        let mut u = svc(None, vec![port(None, 80)]);
        u.spec.as_mut().unwrap().cluster_ip = Some("10.0.0.5".into());
        default_service(&mut u);
        let e = allocate(&mut u, &taken, &mut rng, true).unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "spec.clusterIPs: Invalid value: []string{\"10.0.0.5\"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12"
        );
    }

    #[test]
    fn node_ports_are_allocated_in_range_and_conflicts_are_refused() {
        let mut rng = SimRng::new(0, Stream::Services);
        let mut s = svc(
            Some("NodePort"),
            vec![port(Some("a"), 80), port(Some("b"), 81)],
        );
        default_service(&mut s);
        allocate(&mut s, &Allocated::default(), &mut rng, true).unwrap();
        let nps: Vec<i32> = s
            .spec
            .as_ref()
            .unwrap()
            .ports
            .as_ref()
            .unwrap()
            .iter()
            .map(|p| p.node_port.unwrap())
            .collect();
        assert!(nps.iter().all(|p| (30086..=32767).contains(p)), "{nps:?}");
        assert_ne!(nps[0], nps[1]);
        let taken = Allocated::from_services([&s].into_iter());
        for (np, want) in [
            (nps[0], "provided port is already allocated".to_string()),
            (
                80,
                "provided port is not in the valid range. The range of valid ports is 30000-32767"
                    .to_string(),
            ),
        ] {
            let mut t = svc(Some("NodePort"), vec![port(None, 80)]);
            t.spec.as_mut().unwrap().ports.as_mut().unwrap()[0].node_port = Some(np);
            default_service(&mut t);
            let e = allocate(&mut t, &taken, &mut rng, true).unwrap_err();
            assert_eq!(
                e[0].to_string(),
                format!("spec.ports[0].nodePort: Invalid value: {np}: {want}")
            );
        }
    }

    #[test]
    fn updates_keep_allocated_values_and_refuse_a_new_cluster_ip() {
        let mut rng = SimRng::new(0, Stream::Services);
        let mut old = svc(Some("NodePort"), vec![port(None, 80)]);
        default_service(&mut old);
        allocate(&mut old, &Allocated::default(), &mut rng, true).unwrap();
        let mut new = svc(Some("NodePort"), vec![port(None, 80)]);
        default_service(&mut new);
        patch_allocated(&old, &mut new);
        assert_eq!(new.spec, old.spec);
        let mut moved = new.clone();
        moved.spec.as_mut().unwrap().cluster_ip = Some("10.96.0.20".into());
        patch_allocated(&old, &mut moved);
        let mut errs = vec![];
        validate_service_update(&old, &moved, &mut errs);
        assert_eq!(
            errs[0].to_string(),
            "spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.20\"}: may not change once set"
        );
    }
}

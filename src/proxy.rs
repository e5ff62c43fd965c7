//! kube-proxy in iptables mode (`pkg/proxy/iptables/proxier.go`, v1.32).
//!
//! kube-proxy is modelled as applying instantly: the rules a node holds are derived on
//! demand from the Services and EndpointSlices in the store. A real kube-proxy syncs within
//! about a second of a change (`--iptables-min-sync-period` 1s) and writes no API objects,
//! so it has no steps of its own in the story; the EndpointSlice writes that it reacts to are
//! the steps that matter.
//!
//! Chain names are upstream's: `KUBE-SVC-`/`KUBE-EXT-` + the first 16 characters of
//! base32(sha256(servicePortName + protocol)), `KUBE-SEP-` + the same over
//! servicePortName + protocol + "ip:port". Load balancing is the `statistic` match: rule i of
//! n jumps with probability 1/(n−i) (the proxier writes `%0.10f`; `iptables-save` prints the
//! kernel's fixed-point value with `%.11f`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Service;

use crate::object::{Kind, Object};
use crate::store::Store;

/// The pod network (`--cluster-cidr`, kind's default); traffic from outside it is
/// masqueraded.
pub const CLUSTER_CIDR: &str = "10.244.0.0/16";

// ---------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4) and base32 (RFC 4648, standard alphabet with padding), as Go's
// crypto/sha256 and encoding/base32.StdEncoding compute them. No crate is available.

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/// SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, v) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&v.to_be_bytes());
    }
    out
}

/// `base32.StdEncoding.EncodeToString`.
pub fn base32_std(data: &[u8]) -> String {
    const ALPHA: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let v = buf.iter().fold(0u64, |acc, b| (acc << 8) | *b as u64);
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < chars {
                out.push(ALPHA[((v >> (35 - 5 * i)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `portProtoHash`: first 16 characters of base32(sha256(s)).
fn hash16(s: &str) -> String {
    base32_std(&sha256(s.as_bytes()))[..16].to_string()
}

/// `servicePortChainName`: `KUBE-SVC-…` for `ns/name:port` + lower-case protocol.
pub fn service_chain(svc_port_name: &str, protocol: &str) -> String {
    format!("KUBE-SVC-{}", hash16(&format!("{svc_port_name}{protocol}")))
}

/// `serviceExternalChainName`: `KUBE-EXT-…`.
pub fn external_chain(svc_port_name: &str, protocol: &str) -> String {
    format!("KUBE-EXT-{}", hash16(&format!("{svc_port_name}{protocol}")))
}

/// `servicePortEndpointChainName`: `KUBE-SEP-…` for one `ip:port` endpoint.
pub fn endpoint_chain(svc_port_name: &str, protocol: &str, endpoint: &str) -> String {
    format!(
        "KUBE-SEP-{}",
        hash16(&format!("{svc_port_name}{protocol}{endpoint}"))
    )
}

/// The probability the proxier writes for the rule with `n` endpoints left: `%0.10f` of 1/n.
pub fn probability(n: u32) -> String {
    format!("{:.10}", 1.0 / n.max(1) as f64)
}

/// The same probability as `iptables-save` prints it: the kernel keeps
/// `lround(p × 2^31)` and prints `%.11f` of that over 2^31 (xt_statistic).
pub fn probability_saved(n: u32) -> String {
    let p: f64 = format!("{:.10}", 1.0 / n.max(1) as f64)
        .parse()
        .unwrap_or(1.0);
    let fixed = (p * 2147483648.0).round();
    format!("{:.11}", fixed / 2147483648.0)
}

/// `iptables-save` prints comments quoted.
fn comment(s: &str) -> String {
    format!("\"{s}\"")
}

/// One endpoint of a service port as kube-proxy sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyEndpoint {
    pub ip: String,
    pub port: i32,
    pub ready: bool,
    pub serving: bool,
    pub terminating: bool,
    pub node: Option<String>,
    /// `namespace/name` of the target pod.
    pub pod: Option<String>,
}

impl ProxyEndpoint {
    /// `ip:port`.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.ip, self.port)
    }
}

/// One port of one Service, with what kube-proxy needs to program it.
#[derive(Clone, Debug)]
pub struct ServicePortInfo {
    pub namespace: String,
    pub name: String,
    /// The port's name ("" for an unnamed port).
    pub port_name: String,
    /// `TCP`, `UDP`, `SCTP`.
    pub protocol: String,
    pub cluster_ip: String,
    pub port: i32,
    pub node_port: Option<i32>,
    /// All endpoints, sorted by `ip:port`, de-duplicated across slices.
    pub endpoints: Vec<ProxyEndpoint>,
}

impl ServicePortInfo {
    /// `ServicePortName.String()`: `ns/name` or `ns/name:port`.
    pub fn svc_port_name(&self) -> String {
        if self.port_name.is_empty() {
            format!("{}/{}", self.namespace, self.name)
        } else {
            format!("{}/{}:{}", self.namespace, self.name, self.port_name)
        }
    }

    fn proto(&self) -> String {
        self.protocol.to_ascii_lowercase()
    }

    /// `KUBE-SVC-…`.
    pub fn svc_chain(&self) -> String {
        service_chain(&self.svc_port_name(), &self.proto())
    }

    /// `KUBE-EXT-…`.
    pub fn ext_chain(&self) -> String {
        external_chain(&self.svc_port_name(), &self.proto())
    }

    /// `KUBE-SEP-…` for an endpoint.
    pub fn sep_chain(&self, ep: &ProxyEndpoint) -> String {
        endpoint_chain(&self.svc_port_name(), &self.proto(), &ep.addr())
    }

    /// The endpoints that receive traffic (Runtime traffic policy): the ready ones, or, when
    /// none is ready, those that are serving and terminating (`CategorizeEndpoints`).
    pub fn usable(&self) -> Vec<&ProxyEndpoint> {
        let ready: Vec<&ProxyEndpoint> = self.endpoints.iter().filter(|e| e.ready).collect();
        if !ready.is_empty() {
            return ready;
        }
        self.endpoints
            .iter()
            .filter(|e| e.serving && e.terminating)
            .collect()
    }
}

/// Every service port kube-proxy programs (ClusterIP, NodePort, LoadBalancer Services with
/// a ClusterIP), in namespace/name/port order.
pub fn service_ports(store: &Store) -> Vec<ServicePortInfo> {
    let mut out = vec![];
    let slices = store.list(Kind::EndpointSlice, None);
    let mut by_service: BTreeMap<(String, String), Vec<&Object>> = BTreeMap::new();
    for s in &slices {
        if let Some(svc) = s
            .meta()
            .labels
            .as_ref()
            .and_then(|l| l.get("kubernetes.io/service-name"))
        {
            by_service
                .entry((s.namespace().to_string(), svc.clone()))
                .or_default()
                .push(s);
        }
    }
    for o in store.list(Kind::Service, None) {
        let Some(svc) = o.as_service() else { continue };
        out.extend(ports_of(
            svc,
            by_service
                .get(&(o.namespace().to_string(), o.name().to_string()))
                .map(Vec::as_slice)
                .unwrap_or(&[]),
        ));
    }
    out
}

fn ports_of(svc: &Service, slices: &[&Object]) -> Vec<ServicePortInfo> {
    let Some(spec) = svc.spec.as_ref() else {
        return vec![];
    };
    let ip = spec.cluster_ip.clone().unwrap_or_default();
    if ip.is_empty() || ip == "None" || spec.type_.as_deref() == Some("ExternalName") {
        return vec![];
    }
    let mut out = vec![];
    for sp in spec.ports.iter().flatten() {
        let pname = sp.name.clone().unwrap_or_default();
        let proto = sp.protocol.clone().unwrap_or_else(|| "TCP".into());
        let mut eps: BTreeMap<String, ProxyEndpoint> = BTreeMap::new();
        for s in slices.iter().filter_map(|o| o.as_endpoint_slice()) {
            let Some(port) = s.ports.iter().flatten().find(|p| {
                p.name.as_deref().unwrap_or("") == pname
                    && p.protocol.as_deref().unwrap_or("TCP") == proto
            }) else {
                continue;
            };
            let Some(pn) = port.port else { continue };
            for e in &s.endpoints {
                let Some(addr) = e.addresses.first() else {
                    continue;
                };
                let c = e.conditions.clone().unwrap_or_default();
                let pe = ProxyEndpoint {
                    ip: addr.clone(),
                    port: pn,
                    // A nil ready condition means ready.
                    ready: c.ready != Some(false),
                    serving: c.serving.or(c.ready) != Some(false),
                    terminating: c.terminating == Some(true),
                    node: e.node_name.clone(),
                    pod: e.target_ref.as_ref().map(|r| {
                        format!(
                            "{}/{}",
                            r.namespace.clone().unwrap_or_default(),
                            r.name.clone().unwrap_or_default()
                        )
                    }),
                };
                eps.entry(pe.addr()).or_insert(pe);
            }
        }
        out.push(ServicePortInfo {
            namespace: svc.metadata.namespace.clone().unwrap_or_default(),
            name: svc.metadata.name.clone().unwrap_or_default(),
            port_name: pname,
            protocol: proto,
            cluster_ip: ip.clone(),
            port: sp.port,
            node_port: sp.node_port.filter(|n| *n != 0),
            endpoints: eps.into_values().collect(),
        });
    }
    out
}

/// The nat and filter tables kube-proxy programs on a node, as `iptables-save` prints
/// them (kube-proxy's chains only; user chains sorted by name as iptables-save lists them).
/// The rules are the same on every node for Runtime traffic policies.
pub fn rules(store: &Store) -> String {
    let ports = service_ports(store);
    let mut nat: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut filter: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in [
        "KUBE-SERVICES",
        "KUBE-NODEPORTS",
        "KUBE-POSTROUTING",
        "KUBE-MARK-MASQ",
    ] {
        nat.insert(c.into(), vec![]);
    }
    for c in ["KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS"] {
        filter.insert(c.into(), vec![]);
    }
    let add = |t: &mut BTreeMap<String, Vec<String>>, chain: &str, rule: String| {
        t.entry(chain.to_string())
            .or_default()
            .push(format!("-A {chain} {rule}"));
    };
    add(
        &mut nat,
        "KUBE-POSTROUTING",
        "-m mark ! --mark 0x4000/0x4000 -j RETURN".into(),
    );
    add(
        &mut nat,
        "KUBE-POSTROUTING",
        "-j MARK --xor-mark 0x4000".into(),
    );
    add(
        &mut nat,
        "KUBE-POSTROUTING",
        "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully".into(),
    );
    add(
        &mut nat,
        "KUBE-MARK-MASQ",
        "-j MARK --or-mark 0x4000".into(),
    );
    for sp in &ports {
        let spn = sp.svc_port_name();
        let proto = sp.proto();
        let usable = sp.usable();
        if usable.is_empty() {
            add(
                &mut filter,
                "KUBE-SERVICES",
                format!(
                    "-d {}/32 -p {proto} -m comment --comment \"{spn} has no endpoints\" -m {proto} --dport {} -j REJECT --reject-with icmp-port-unreachable",
                    sp.cluster_ip, sp.port
                ),
            );
            if let Some(np) = sp.node_port {
                add(
                    &mut filter,
                    "KUBE-EXTERNAL-SERVICES",
                    format!(
                        "-p {proto} -m comment --comment \"{spn} has no endpoints\" -m addrtype --dst-type LOCAL -m {proto} --dport {np} -j REJECT --reject-with icmp-port-unreachable"
                    ),
                );
            }
            continue;
        }
        let svc_chain = sp.svc_chain();
        add(
            &mut nat,
            "KUBE-SERVICES",
            format!(
                "-d {}/32 -p {proto} -m comment --comment {} -m {proto} --dport {} -j {svc_chain}",
                sp.cluster_ip,
                comment(&format!("{spn} cluster IP")),
                sp.port
            ),
        );
        add(
            &mut nat,
            &svc_chain,
            format!(
                "! -s {CLUSTER_CIDR} -d {}/32 -p {proto} -m comment --comment {} -m {proto} --dport {} -j KUBE-MARK-MASQ",
                sp.cluster_ip,
                comment(&format!("{spn} cluster IP")),
                sp.port
            ),
        );
        if let Some(np) = sp.node_port {
            let ext = sp.ext_chain();
            add(
                &mut nat,
                "KUBE-NODEPORTS",
                format!(
                    "-p {proto} -m comment --comment {} -m {proto} --dport {np} -j {ext}",
                    comment(&spn)
                ),
            );
            add(
                &mut nat,
                &ext,
                format!(
                    "-m comment --comment {} -j KUBE-MARK-MASQ",
                    comment(&format!(
                        "masquerade traffic for {spn} external destinations"
                    ))
                ),
            );
            add(&mut nat, &ext, format!("-j {svc_chain}"));
        }
        let n = usable.len() as u32;
        for (i, ep) in usable.iter().enumerate() {
            let sep = sp.sep_chain(ep);
            let stat = if (i as u32) < n - 1 {
                format!(
                    " -m statistic --mode random --probability {}",
                    probability_saved(n - i as u32)
                )
            } else {
                String::new()
            };
            add(
                &mut nat,
                &svc_chain,
                format!(
                    "-m comment --comment {}{stat} -j {sep}",
                    comment(&format!("{spn} -> {}", ep.addr()))
                ),
            );
            add(
                &mut nat,
                &sep,
                format!(
                    "-s {}/32 -m comment --comment {} -j KUBE-MARK-MASQ",
                    ep.ip,
                    comment(&spn)
                ),
            );
            add(
                &mut nat,
                &sep,
                format!(
                    "-p {proto} -m comment --comment {} -m {proto} -j DNAT --to-destination {}",
                    comment(&spn),
                    ep.addr()
                ),
            );
        }
    }
    add(
        &mut nat,
        "KUBE-SERVICES",
        "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS".into(),
    );
    let mut out = String::new();
    out.push_str("*filter\n");
    for c in filter.keys() {
        out.push_str(&format!(":{c} - [0:0]\n"));
    }
    for rules in filter.values() {
        for r in rules {
            out.push_str(r);
            out.push('\n');
        }
    }
    out.push_str("COMMIT\n*nat\n");
    for c in ["PREROUTING", "OUTPUT", "POSTROUTING"] {
        out.push_str(&format!(":{c} ACCEPT [0:0]\n"));
    }
    for c in nat.keys() {
        out.push_str(&format!(":{c} - [0:0]\n"));
    }
    out.push_str(
        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n",
    );
    out.push_str(
        "-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n",
    );
    out.push_str("-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n");
    for rules in nat.values() {
        for r in rules {
            out.push_str(r);
            out.push('\n');
        }
    }
    out.push_str("COMMIT\n");
    out
}

/// What `request` printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestOutcome {
    pub stdout: String,
    pub stderr: String,
    /// 0, or curl's exit code (7: could not connect).
    pub exit: i32,
}

/// A `request` to send through kube-proxy's rules.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// A Service name (in `namespace`) or `IP:PORT` (a ClusterIP or a node's IP + NodePort).
    pub target: String,
    pub namespace: String,
    /// Service port number or name (default: the first port).
    pub port: Option<String>,
    /// Node the client runs on (default: the first worker).
    pub from: Option<String>,
    /// Go through the Service's NodePort on the `from` node's IP.
    pub node_port: bool,
}

fn node_ip(c: &crate::runtime::Runtime, node: &str) -> Option<String> {
    c.get(Kind::Node, "", node)?
        .as_node()?
        .status
        .as_ref()?
        .addresses
        .as_ref()?
        .iter()
        .find(|a| a.type_ == "InternalIP")
        .map(|a| a.address.clone())
}

/// The first worker node (by name), else the first node.
pub fn default_node(c: &crate::runtime::Runtime) -> Option<String> {
    let nodes = c.store.list(Kind::Node, None);
    let is_cp = |o: &Object| {
        o.meta()
            .labels
            .as_ref()
            .is_some_and(|l| l.contains_key("node-role.kubernetes.io/control-plane"))
    };
    nodes
        .iter()
        .find(|o| !is_cp(o))
        .or(nodes.first())
        .map(|o| o.name().to_string())
}

/// Send one request the way a client on node `from` would: match it against the rules,
/// pick an endpoint as the `statistic` rules do (uniformly among the usable endpoints,
/// drawn from the seeded kube-proxy stream), and report the path taken.
pub fn request(c: &mut crate::runtime::Runtime, req: &Request) -> RequestOutcome {
    let mut out = RequestOutcome::default();
    let fail = |msg: String| RequestOutcome {
        stdout: String::new(),
        stderr: format!("{msg}\n"),
        exit: 1,
    };
    let from = match req.from.clone().or_else(|| default_node(c)) {
        Some(n) => n,
        None => return fail("request: the cluster has no nodes".into()),
    };
    let Some(from_ip) = node_ip(c, &from) else {
        return fail(format!("request: node {from:?} not found"));
    };
    let ports = service_ports(&c.store);
    // Resolve the destination and which rule it hits first.
    let (sp, dest_ip, dest_port, via_node_port) = if let Some((ip, port)) = req
        .target
        .rsplit_once(':')
        .and_then(|(ip, p)| Some((ip.to_string(), p.parse::<i32>().ok()?)))
        .filter(|(ip, _)| crate::apiserver::service::parse_ipv4(ip).is_some())
    {
        if let Some(sp) = ports.iter().find(|s| s.cluster_ip == ip && s.port == port) {
            (sp.clone(), ip, port, false)
        } else if let Some(sp) = ports
            .iter()
            .find(|s| s.node_port == Some(port))
            .filter(|_| {
                c.store
                    .list(Kind::Node, None)
                    .iter()
                    .any(|n| node_ip(c, n.name()).as_deref() == Some(ip.as_str()))
            })
        {
            (sp.clone(), ip, port, true)
        } else {
            return RequestOutcome {
                stdout: format!(
                    "request {ip}:{port} from {from}\n  no Service has ClusterIP {ip} port {port} and no node at {ip} has NodePort {port}: no rule matches, the packet is routed normally and nothing answers\n"
                ),
                stderr: format!(
                    "curl: (28) Failed to connect to {ip} port {port} after 130000 ms: Connection timed out\n"
                ),
                exit: 28,
            };
        }
    } else {
        let Some(svc) = c.get(Kind::Service, &req.namespace, &req.target) else {
            return fail(format!(
                "Error from server (NotFound): services {:?} not found",
                req.target
            ));
        };
        let mine: Vec<&ServicePortInfo> = ports
            .iter()
            .filter(|s| s.namespace == req.namespace && s.name == req.target)
            .collect();
        if mine.is_empty() {
            let ty = svc
                .as_service()
                .and_then(|s| s.spec.as_ref())
                .and_then(|s| s.type_.clone())
                .unwrap_or_default();
            return fail(format!(
                "request: service {}/{} has no ClusterIP to send to (type {ty}, clusterIP {})",
                req.namespace,
                req.target,
                svc.as_service()
                    .and_then(|s| s.spec.as_ref())
                    .and_then(|s| s.cluster_ip.clone())
                    .unwrap_or_else(|| "<none>".into())
            ));
        }
        let sp = match &req.port {
            None => mine[0],
            Some(p) => match mine
                .iter()
                .find(|s| s.port.to_string() == *p || s.port_name == *p)
            {
                Some(s) => s,
                None => {
                    return fail(format!(
                        "request: service {}/{} has no port {p}",
                        req.namespace, req.target
                    ));
                }
            },
        };
        if req.node_port {
            let Some(np) = sp.node_port else {
                return fail(format!(
                    "request: service {}/{} has no NodePort (only NodePort and LoadBalancer Services have one)",
                    req.namespace, req.target
                ));
            };
            (sp.clone(), from_ip.clone(), np, true)
        } else {
            (sp.clone(), sp.cluster_ip.clone(), sp.port, false)
        }
    };
    out.stdout.push_str(&format!(
        "request {dest_ip}:{dest_port} (service {}/{}, port {}/{}{}) from {from}\n",
        sp.namespace,
        sp.name,
        sp.port,
        sp.protocol,
        if via_node_port {
            format!(", NodePort {dest_port}")
        } else {
            String::new()
        }
    ));
    let usable = sp.usable();
    let spn = sp.svc_port_name();
    if usable.is_empty() {
        let chain = if via_node_port {
            "KUBE-EXTERNAL-SERVICES"
        } else {
            "KUBE-SERVICES"
        };
        out.stdout.push_str(&format!(
            "  {chain} (filter): REJECT \"{spn} has no endpoints\" (no ready endpoint in the Service's EndpointSlices)\n"
        ));
        out.stderr = format!(
            "curl: (7) Failed to connect to {dest_ip} port {dest_port}: Connection refused\n"
        );
        out.exit = 7;
        return out;
    }
    let n = usable.len() as u32;
    let k = c.rng_proxy.below(n as u64) as u32;
    let ep = usable[k as usize];
    let prefix = if via_node_port {
        format!("KUBE-SERVICES -> KUBE-NODEPORTS -> {} -> ", sp.ext_chain())
    } else {
        "KUBE-SERVICES -> ".to_string()
    };
    let how = if n == 1 {
        "1 of 1 endpoint".to_string()
    } else if k + 1 == n {
        format!(
            "{} of {n} endpoints, the last rule: no statistic match",
            k + 1
        )
    } else {
        format!(
            "{} of {n} endpoints, probability {}",
            k + 1,
            probability_saved(n - k)
        )
    };
    out.stdout.push_str(&format!(
        "  {prefix}{} -> {} ({how})\n",
        sp.svc_chain(),
        sp.sep_chain(ep)
    ));
    let pod = ep.pod.clone().unwrap_or_else(|| "<unknown>".into());
    if ep.pod.is_some() {
        // The endpoint names its pod `namespace/name`.
        let key = if pod.contains('/') {
            pod.clone()
        } else {
            format!("{}/{}", sp.namespace, pod)
        };
        let mut log = c.access.get(&key).cloned().unwrap_or_default();
        log.push_back(crate::logs::Access {
            at: c.now,
            client: from_ip.clone(),
        });
        c.access.insert(key, log);
    }
    let node = ep.node.clone().unwrap_or_else(|| "<unknown node>".into());
    let state = if ep.ready {
        ""
    } else {
        " (terminating, still serving)"
    };
    // `request` speaks HTTP over TCP; a UDP port (DNS) gets its datagram delivered.
    let answer = if sp.protocol.eq_ignore_ascii_case("udp") {
        "a UDP datagram, delivered"
    } else {
        "HTTP/1.1 200 OK"
    };
    out.stdout.push_str(&format!(
        "  DNAT to {} -> pod {pod} on {node}{state}: {answer}\n",
        ep.addr()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn sha256_matches_the_standard_test_vectors() {
        assert_eq!(
            hex(&sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(&sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(&sha256(
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            )),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let long = vec![b'a'; 1000];
        assert_eq!(
            hex(&sha256(&long)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }

    #[test]
    fn base32_matches_rfc_4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            assert_eq!(base32_std(i.as_bytes()), o);
        }
    }

    #[test]
    fn chain_names_match_upstream_proxier_tests() {
        // pkg/proxy/iptables/proxier_test.go expectations.
        assert_eq!(
            service_chain("ns1/svc1:p80", "tcp"),
            "KUBE-SVC-XPGD46QRK7WJZT7O"
        );
        assert_eq!(
            service_chain("ns2/svc2:p80", "tcp"),
            "KUBE-SVC-GNZBNJ2PO5MGZ6GT"
        );
        assert_eq!(
            external_chain("ns1/svc1:p80", "tcp"),
            "KUBE-EXT-XPGD46QRK7WJZT7O"
        );
        assert_eq!(
            endpoint_chain("ns1/svc1:p80", "tcp", "10.180.0.1:80"),
            "KUBE-SEP-SXIVWICOYRO3J4NJ"
        );
        assert_eq!(
            endpoint_chain("ns1/svc1:p80", "tcp", "10.180.2.1:80"),
            "KUBE-SEP-ZX7GRIZKSNUQ3LAJ"
        );
    }

    #[test]
    fn probabilities_are_formatted_like_the_proxier_and_iptables_save() {
        let cases = [
            (2, "0.5000000000", "0.50000000000"),
            (3, "0.3333333333", "0.33333333349"),
            (4, "0.2500000000", "0.25000000000"),
            (6, "0.1666666667", "0.16666666651"),
        ];
        for (n, proxier, saved) in cases {
            assert_eq!(probability(n), proxier, "n={n}");
            assert_eq!(probability_saved(n), saved, "n={n}");
        }
    }
}

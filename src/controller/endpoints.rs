//! Endpoints controller (`pkg/controller/endpoint/endpoints_controller.go`, with
//! `pkg/api/v1/endpoints/util.go` RepackSubsets and the trigger-time tracker of
//! `staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go`).
//!
//! For every Service with a selector (and not of type ExternalName) it keeps one core/v1
//! Endpoints object with the Service's name: the addresses of the selected pods that have an
//! IP, ready pods under `addresses` and the others under `notReadyAddresses` (all of them
//! under `addresses` with `publishNotReadyAddresses`), grouped into subsets by the ports they
//! serve. Terminating pods are left out unless `publishNotReadyAddresses` is set. The object
//! carries the Service's labels (plus `service.kubernetes.io/headless` for a headless
//! Service), has no ownerReference, and is deleted by this controller when the Service goes.
//! It runs next to the EndpointSlice controller with its own queue; both wake on the same
//! pod and Service events.

use crate::sort::StableSort;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    EndpointAddress, EndpointPort, EndpointSubset, Endpoints, ObjectReference, Pod, Service,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

use crate::labels::Selector;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::api::DeleteOptions;
use crate::runtime::informer::services_of_pod_event;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::SimTime;

/// `v1.EndpointsLastChangeTriggerTime`.
pub const LAST_CHANGE_TRIGGER_TIME: &str = "endpoints.kubernetes.io/last-change-trigger-time";
/// `v1.EndpointsOverCapacity`.
pub const OVER_CAPACITY: &str = "endpoints.kubernetes.io/over-capacity";
/// `maxCapacity`: addresses kept in one Endpoints object.
pub const MAX_CAPACITY: usize = 1000;
/// `v1.IsHeadlessService`.
const LABEL_HEADLESS: &str = "service.kubernetes.io/headless";
/// `discovery.LabelSkipMirror`: set on the API server's own `kubernetes` Endpoints.
pub const LABEL_SKIP_MIRROR: &str = "endpointslice.kubernetes.io/skip-mirror";

/// Controller state kept between syncs: the trigger-time tracker.
#[derive(Clone, Debug, Default)]
pub struct EndpointsController {
    /// `namespace/name` of a Service → what the last sync saw.
    trigger: BTreeMap<String, TriggerState>,
}

/// `ServiceState` of the TriggerTimeTracker (times in ms of virtual time).
#[derive(Clone, Debug, Default)]
struct TriggerState {
    last_service: i64,
    last_pods: BTreeMap<String, i64>,
}

impl EndpointsController {
    /// `ComputeEndpointLastChangeTriggerTime`: the Service's creation time for a Service not
    /// seen before, else the earliest trigger time (Ready condition transition of a pod,
    /// Service creation) that changed since the last sync; None when nothing changed.
    fn trigger_time(&mut self, key: &str, svc: &Service, pods: &[&Pod]) -> Option<i64> {
        let known = self.trigger.contains_key(key);
        let state = self.trigger.entry(key.to_string()).or_default();
        let mut min: Option<i64> = None;
        let mut seen = BTreeMap::new();
        for p in pods {
            if let Some(t) = pod_trigger_time(p) {
                let name = p.metadata.name.clone().unwrap_or_default();
                if state.last_pods.get(&name).is_none_or(|old| t > *old) {
                    min = Some(min.map_or(t, |m| m.min(t)));
                }
                seen.insert(name, t);
            }
        }
        let created = svc
            .metadata
            .creation_timestamp
            .as_ref()
            .map(|t| SimTime::from_k8s(t).0);
        if let Some(t) = created
            && (!known || t > state.last_service)
        {
            min = Some(min.map_or(t, |m| m.min(t)));
        }
        state.last_pods = seen;
        state.last_service = created.unwrap_or(0);
        if !known {
            return created;
        }
        min
    }

    /// `TriggerTimeTracker.DeleteService`.
    fn forget(&mut self, key: &str) {
        self.trigger.remove(key);
    }
}

impl Controller for EndpointsController {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "endpoint-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Service | Kind::Endpoints | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        match ev.obj.kind() {
            // onServiceUpdate / onServiceDelete: queue the Service.
            Kind::Service => c.enqueue(c.work(0, Key::Name(ev.obj.key().ns_name()))),
            // onEndpointsDelete: a deleted Endpoints object is rebuilt (or, without its
            // Service, left deleted).
            Kind::Endpoints if ev.ty == WatchType::Deleted => {
                c.enqueue(c.work(0, Key::Name(ev.obj.key().ns_name())))
            }
            // addPod / updatePod / deletePod with GetPodServiceMemberships.
            Kind::Pod => {
                for k in
                    services_of_pod_event(&c.idx, ev, |o, n| pod_projection(o) != pod_projection(n))
                {
                    c.enqueue(c.work(0, Key::Name(k)));
                }
            }
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        sync(self, c, cx, key.name());
    }
}

/// `getPodTriggerTime`: the last transition time of the pod's Ready condition.
fn pod_trigger_time(p: &Pod) -> Option<i64> {
    p.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == "Ready")?
        .last_transition_time
        .as_ref()
        .map(|t| SimTime::from_k8s(t).0)
}

/// The `kubernetes` Endpoints the API server's endpoint reconciler keeps
/// (`pkg/controlplane/reconcilers`): the API server's address on port `https` 6443, labelled
/// so that the EndpointSlice mirroring controller leaves it alone.
pub fn kubernetes_endpoints(uid: String, created: Time, ip: &str) -> Endpoints {
    Endpoints {
        metadata: ObjectMeta {
            name: Some("kubernetes".into()),
            namespace: Some("default".into()),
            labels: Some([(LABEL_SKIP_MIRROR.to_string(), "true".to_string())].into()),
            uid: Some(uid),
            creation_timestamp: Some(created),
            ..Default::default()
        },
        subsets: Some(vec![EndpointSubset {
            addresses: Some(vec![EndpointAddress {
                ip: ip.into(),
                ..Default::default()
            }]),
            not_ready_addresses: None,
            ports: Some(vec![EndpointPort {
                name: Some("https".into()),
                port: 6443,
                protocol: Some("TCP".into()),
                app_protocol: None,
            }]),
        }]),
    }
}

/// A deterministic UUID-shaped uid from a name and the seed, for objects created at cluster
/// setup that must not draw from any random stream.
pub(crate) fn setup_uid(seed: u64, what: &str) -> String {
    let h = |salt: &str| crate::rng::fnv32a(format!("{seed}/{what}/{salt}").as_bytes());
    let (a, b, c, d) = (h("a"), h("b"), h("c"), h("d"));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:04x}{:08x}",
        a,
        b >> 16,
        b & 0xfff,
        (c >> 16) & 0x3fff | 0x8000,
        c & 0xffff,
        d
    )
}

/// What of a pod its Endpoints address reflects (`podEndpointsChanged`: labels, hostname and
/// subdomain, deletion, readiness, IPs; plus a terminal phase).
fn pod_projection(p: &Pod) -> impl PartialEq + '_ {
    let spec = p.spec.as_ref();
    let st = p.status.as_ref();
    (
        p.metadata.labels.as_ref(),
        spec.and_then(|s| s.hostname.as_ref()),
        spec.and_then(|s| s.subdomain.as_ref()),
        p.metadata.deletion_timestamp.is_some(),
        crate::podutil::is_pod_ready(p),
        st.and_then(|s| s.pod_ip.as_ref()),
        st.and_then(|s| s.pod_ips.as_ref()),
        st.and_then(|s| s.phase.as_deref())
            .is_some_and(|ph| ph == "Succeeded" || ph == "Failed"),
    )
}

/// `ShouldPodBeInEndpoints`: not terminal, has an IP, and (unless `include_terminating`)
/// not being deleted.
pub fn should_pod_be_in_endpoints(p: &Pod, include_terminating: bool) -> bool {
    let st = p.status.as_ref();
    let phase = st.and_then(|s| s.phase.as_deref()).unwrap_or("");
    if phase == "Succeeded" || phase == "Failed" {
        return false;
    }
    let ip = st.and_then(|s| s.pod_ip.as_deref()).unwrap_or("");
    let ips = st
        .and_then(|s| s.pod_ips.as_ref())
        .is_some_and(|v| !v.is_empty());
    if ip.is_empty() && !ips {
        return false;
    }
    include_terminating || p.metadata.deletion_timestamp.is_none()
}

/// `podToEndpointAddressForService`: the pod's IP of the Service's (first) IP family, its
/// node and a reference to it; `hostname` when `ShouldSetHostname` (the pod's subdomain is
/// the Service's name). None when the pod has no IP of that family.
pub fn pod_to_endpoint_address(svc: &Service, p: &Pod) -> Option<EndpointAddress> {
    let spec = svc.spec.as_ref();
    let v6 = match spec
        .and_then(|s| s.ip_families.as_ref())
        .and_then(|f| f.first())
    {
        Some(f) => f == "IPv6",
        None => match spec.and_then(|s| s.cluster_ip.as_deref()) {
            Some(ip) if !ip.is_empty() && ip != "None" => ip.contains(':'),
            _ => p
                .status
                .as_ref()
                .and_then(|s| s.pod_ip.as_deref())
                .is_some_and(|ip| ip.contains(':')),
        },
    };
    let st = p.status.as_ref()?;
    let ips: Vec<&str> = match st.pod_ips.as_ref().filter(|v| !v.is_empty()) {
        Some(v) => v.iter().map(|i| i.ip.as_str()).collect(),
        // Older pods carry only status.podIP.
        None => st.pod_ip.as_deref().into_iter().collect(),
    };
    let ip = ips.into_iter().find(|ip| ip.contains(':') == v6)?;
    let pspec = p.spec.as_ref();
    let hostname = pspec
        .and_then(|s| s.hostname.clone())
        .filter(|h| !h.is_empty())
        .filter(|_| {
            pspec.and_then(|s| s.subdomain.as_deref()) == svc.metadata.name.as_deref()
                && p.metadata.namespace == svc.metadata.namespace
        });
    Some(EndpointAddress {
        ip: ip.to_string(),
        hostname,
        node_name: Some(pspec.and_then(|s| s.node_name.clone()).unwrap_or_default()),
        target_ref: Some(ObjectReference {
            kind: Some("Pod".into()),
            namespace: p.metadata.namespace.clone(),
            name: p.metadata.name.clone(),
            uid: p.metadata.uid.clone(),
            ..Default::default()
        }),
    })
}

/// `addEndpointSubset`: one subset holding one address (ready or not) and at most one port.
pub fn single_subset(
    addr: EndpointAddress,
    port: Option<EndpointPort>,
    ready: bool,
) -> EndpointSubset {
    let (a, n) = if ready {
        (Some(vec![addr]), None)
    } else {
        (None, Some(vec![addr]))
    };
    EndpointSubset {
        addresses: a,
        not_ready_addresses: n,
        ports: Some(port.into_iter().collect()),
    }
}

/// `LessEndpointAddress` as a sort key: IP bytes, then target uid (no target first).
fn addr_key(a: &EndpointAddress) -> (String, Option<String>) {
    (
        a.ip.clone(),
        a.target_ref
            .as_ref()
            .map(|r| r.uid.clone().unwrap_or_default()),
    )
}

/// A port as a sort/identity key (`v1.EndpointPort` is compared by value upstream).
type PortKey = (String, i32, String, Option<String>);

fn port_key(p: &EndpointPort) -> PortKey {
    (
        p.name.clone().unwrap_or_default(),
        p.port,
        p.protocol.clone().unwrap_or_default(),
        p.app_protocol.clone(),
    )
}

/// The port -1 stands for "no ports" (a headless Service without ports), as upstream does.
const NO_PORT: i32 = -1;

/// `RepackSubsets`: expand the subsets to (port, address, ready) and regroup them so that
/// every subset holds the addresses that serve exactly the same ports; an address that is
/// not ready for a port on any input counts as not ready for it. Addresses are de-duplicated
/// by IP and target uid and sorted by IP then uid.
///
/// Approximation: upstream orders the ports of a subset and the subsets themselves by the
/// md5 of a spew dump (effectively arbitrary for subsets, whose dumps include pointers);
/// here ports sort by (name, port, protocol) and subsets by their first address, then ports.
pub fn repack_subsets(subsets: &[EndpointSubset]) -> Vec<EndpointSubset> {
    type AddrKey = (String, Option<String>);
    let mut all_addrs: BTreeMap<AddrKey, EndpointAddress> = BTreeMap::new();
    let mut port_to_addrs: BTreeMap<PortKey, (EndpointPort, BTreeMap<AddrKey, bool>)> =
        BTreeMap::new();
    let sentinel = EndpointPort {
        port: NO_PORT,
        ..Default::default()
    };
    for ss in subsets {
        let ports: Vec<&EndpointPort> = match ss.ports.as_deref() {
            Some(p) if !p.is_empty() => p.iter().collect(),
            _ => vec![&sentinel],
        };
        for port in ports {
            let entry = port_to_addrs
                .entry(port_key(port))
                .or_insert_with(|| (port.clone(), BTreeMap::new()));
            let groups = [
                (ss.addresses.as_deref().unwrap_or(&[]), true),
                (ss.not_ready_addresses.as_deref().unwrap_or(&[]), false),
            ];
            for (addrs, ready) in groups {
                for a in addrs {
                    let k = addr_key(a);
                    all_addrs.entry(k.clone()).or_insert_with(|| a.clone());
                    // Not ready always trumps ready.
                    let r = entry.1.entry(k).or_insert(ready);
                    *r = *r && ready;
                }
            }
        }
    }
    // Group the ports by the exact (address, ready) set they map to.
    let mut by_set: BTreeMap<Vec<(AddrKey, bool)>, Vec<EndpointPort>> = BTreeMap::new();
    for (_, (port, addrs)) in port_to_addrs {
        let set: Vec<(AddrKey, bool)> = addrs.into_iter().collect();
        by_set.entry(set).or_default().push(port);
    }
    let mut out: Vec<EndpointSubset> = by_set
        .into_iter()
        .map(|(set, mut ports)| {
            let (mut ready, mut not_ready) = (vec![], vec![]);
            for (k, r) in set {
                if let Some(a) = all_addrs.get(&k) {
                    if r {
                        ready.push(a.clone());
                    } else {
                        not_ready.push(a.clone());
                    }
                }
            }
            if ports.len() == 1 && ports[0].port == NO_PORT {
                ports.clear();
            }
            ports.stable_sort_by_key(port_key);
            EndpointSubset {
                addresses: Some(ready).filter(|v| !v.is_empty()),
                not_ready_addresses: Some(not_ready).filter(|v| !v.is_empty()),
                ports: Some(ports).filter(|v| !v.is_empty()),
            }
        })
        .collect();
    out.stable_sort_by_key(|s| {
        let first = s
            .addresses
            .iter()
            .chain(s.not_ready_addresses.iter())
            .flatten()
            .map(addr_key)
            .min();
        let ports: Vec<PortKey> = s.ports.iter().flatten().map(port_key).collect();
        (first, ports)
    });
    out
}

/// `truncateEndpoints`: keep at most [`MAX_CAPACITY`] addresses, ready ones first, spread
/// over the subsets in proportion to their size. True when something was cut.
pub fn truncate_endpoints(subsets: &mut [EndpointSubset]) -> bool {
    let len = |v: &Option<Vec<EndpointAddress>>| v.as_ref().map_or(0, Vec::len);
    let total_ready: usize = subsets.iter().map(|s| len(&s.addresses)).sum();
    let total_not_ready: usize = subsets.iter().map(|s| len(&s.not_ready_addresses)).sum();
    if total_ready + total_not_ready <= MAX_CAPACITY {
        return false;
    }
    let truncate_ready = total_ready > MAX_CAPACITY;
    let (max, num_total) = if truncate_ready {
        (MAX_CAPACITY, total_ready)
    } else {
        (MAX_CAPACITY - total_ready, total_not_ready)
    };
    let mut can_be_added = max;
    for s in subsets.iter_mut() {
        let in_subset = if truncate_ready {
            len(&s.addresses)
        } else {
            len(&s.not_ready_addresses)
        };
        // ceil(in_subset / num_total * max), in integers.
        let to_add = (in_subset * max)
            .div_ceil(num_total.max(1))
            .min(can_be_added);
        if truncate_ready {
            if let Some(a) = s.addresses.as_mut() {
                a.truncate(to_add);
            }
            s.not_ready_addresses = None;
            can_be_added -= len(&s.addresses);
        } else {
            if let Some(a) = s.not_ready_addresses.as_mut() {
                a.truncate(to_add);
            }
            can_be_added -= len(&s.not_ready_addresses);
        }
        for v in [&mut s.addresses, &mut s.not_ready_addresses] {
            if v.as_ref().is_some_and(Vec::is_empty) {
                *v = None;
            }
        }
    }
    true
}

/// Per pod name: is its address ready (false if not ready for any port), and the address
/// as listed, for the step's sentence.
fn addresses_by_pod(subsets: &[EndpointSubset]) -> BTreeMap<String, (bool, String)> {
    let mut m: BTreeMap<String, (bool, String)> = BTreeMap::new();
    for s in subsets {
        let groups = [
            (s.addresses.as_deref().unwrap_or(&[]), true),
            (s.not_ready_addresses.as_deref().unwrap_or(&[]), false),
        ];
        for (addrs, ready) in groups {
            for a in addrs {
                let name = a
                    .target_ref
                    .as_ref()
                    .and_then(|r| r.name.clone())
                    .unwrap_or_else(|| a.ip.clone());
                let e = m.entry(name).or_insert((ready, a.ip.clone()));
                e.0 &= ready;
            }
        }
    }
    m
}

/// How the addresses changed, pod by pod, in the EndpointSlice controller's words.
fn change_texts(old: &[EndpointSubset], new: &[EndpointSubset]) -> Vec<EndpointChange> {
    let (o, n) = (addresses_by_pod(old), addresses_by_pod(new));
    let mut out = vec![];
    for (pod, (ready, ip)) in &n {
        match o.get(pod) {
            None => out.push(EndpointChange::Added {
                pod: pod.clone(),
                ip: ip.clone(),
                ready: *ready,
            }),
            Some((was, old_ip)) if was != ready || old_ip != ip => out.push(if old_ip != ip {
                EndpointChange::Changed { pod: pod.clone() }
            } else if *ready {
                EndpointChange::BecameReady { pod: pod.clone() }
            } else {
                EndpointChange::NoLongerReady { pod: pod.clone() }
            }),
            Some(_) => {}
        }
    }
    for pod in o.keys() {
        if !n.contains_key(pod) {
            out.push(EndpointChange::Removed { pod: pod.clone() });
        }
    }
    out
}

fn count(subsets: &[EndpointSubset]) -> (usize, usize) {
    let len = |v: &Option<Vec<EndpointAddress>>| v.as_ref().map_or(0, Vec::len);
    (
        subsets.iter().map(|s| len(&s.addresses)).sum(),
        subsets.iter().map(|s| len(&s.not_ready_addresses)).sum(),
    )
}

/// Sync one Service's Endpoints (`syncService`).
fn sync(st: &mut EndpointsController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let Some((ns, name)) = key.split_once('/') else {
        return;
    };
    let Some(svc_obj) = c.get(Kind::Service, ns, name) else {
        // The Service is gone: delete its Endpoints.
        st.forget(key);
        let k = ObjKey::new(Kind::Endpoints, ns, name);
        if c.store.get_obj(&k).is_some() && c.api_delete(cx, &k, DeleteOptions::default()).is_ok() {
            cx.say(EndpointsWhy::ServiceGone {
                name: name.to_string(),
            });
        }
        return;
    };
    let Some(svc) = svc_obj.as_service() else {
        return;
    };
    let spec = svc.spec.clone().unwrap_or_default();
    // ExternalName Services and Services without a selector get no endpoints from here.
    if spec.type_.as_deref() == Some("ExternalName") {
        return;
    }
    let Some(selector_map) = spec.selector.as_ref() else {
        return;
    };
    let selector = Selector::from_set(selector_map);
    let publish_not_ready = spec.publish_not_ready_addresses.unwrap_or(false);
    let all_pods = c.store.list(Kind::Pod, Some(ns));
    let pods: Vec<&Pod> = all_pods
        .iter()
        .filter_map(|o| o.as_pod())
        .filter(|p| selector.matches_opt(p.metadata.labels.as_ref()))
        .collect();
    let trigger = st.trigger_time(key, svc, &pods);
    let ports = spec.ports.as_deref().unwrap_or(&[]);
    let headless_ip = spec.cluster_ip.as_deref() == Some("None");
    let mut subsets: Vec<EndpointSubset> = vec![];
    let mut selected = 0usize;
    for p in &pods {
        if !should_pod_be_in_endpoints(p, publish_not_ready) {
            continue;
        }
        let Some(addr) = pod_to_endpoint_address(svc, p) else {
            continue;
        };
        selected += 1;
        let ready = publish_not_ready || crate::podutil::is_pod_ready(p);
        if ports.is_empty() {
            // A headless Service may have no ports.
            if headless_ip {
                subsets.push(single_subset(addr, None, ready));
            }
            continue;
        }
        for sp in ports {
            let Some(n) = crate::controller::endpointslice::find_port(p, sp) else {
                continue;
            };
            let epp = EndpointPort {
                name: sp.name.clone().filter(|s| !s.is_empty()),
                port: n,
                protocol: sp.protocol.clone(),
                app_protocol: sp.app_protocol.clone(),
            };
            subsets.push(single_subset(addr.clone(), Some(epp), ready));
        }
    }
    let mut subsets = repack_subsets(&subsets);
    let current = c.get(Kind::Endpoints, ns, name);
    let cur_ep = current.as_deref().and_then(Object::as_endpoints);
    let svc_labels = svc.metadata.labels.clone().unwrap_or_default();
    if let Some(cur) = cur_ep {
        let mut compare = cur.metadata.labels.clone().unwrap_or_default();
        compare.remove(LABEL_HEADLESS);
        let cur_subsets = cur.subsets.as_deref().unwrap_or(&[]);
        let (r, n) = count(cur_subsets);
        let over = cur
            .metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key(OVER_CAPACITY));
        let capacity_ok = if r + n > MAX_CAPACITY { over } else { !over };
        if strip_rv(cur_subsets) == subsets && compare == svc_labels && capacity_ok {
            return;
        }
    }
    let old_subsets: Vec<EndpointSubset> =
        cur_ep.and_then(|e| e.subsets.clone()).unwrap_or_default();
    let mut meta = match cur_ep {
        Some(e) => e.metadata.clone(),
        None => ObjectMeta {
            name: Some(name.to_string()),
            namespace: Some(ns.to_string()),
            ..Default::default()
        },
    };
    let mut annotations = meta.annotations.take().unwrap_or_default();
    match trigger {
        Some(t) => {
            annotations.insert(LAST_CHANGE_TRIGGER_TIME.into(), SimTime(t).rfc3339());
        }
        None => {
            annotations.remove(LAST_CHANGE_TRIGGER_TIME);
        }
    }
    let truncated = truncate_endpoints(&mut subsets);
    if truncated {
        annotations.insert(OVER_CAPACITY.into(), "truncated".into());
    } else {
        annotations.remove(OVER_CAPACITY);
    }
    meta.annotations = Some(annotations).filter(|a| !a.is_empty());
    let mut labels = svc_labels;
    if !crate::apiserver::service::is_headless(svc) {
        labels.remove(LABEL_HEADLESS);
    } else {
        labels.insert(LABEL_HEADLESS.into(), String::new());
    }
    meta.labels = Some(labels).filter(|l| !l.is_empty());
    let (ready, not_ready) = count(&subsets);
    let changes = change_texts(&old_subsets, &subsets);
    let ep = Object::from(Endpoints {
        metadata: meta,
        subsets: Some(subsets).filter(|s| !s.is_empty()),
    });
    let created = cur_ep.is_none();
    let written = if created {
        c.api_create(cx, ep, false).is_ok()
    } else {
        c.api_update(cx, ep, false, false).is_ok()
    };
    if !written {
        return;
    }
    cx.say(EndpointsWhy::Synced {
        name: name.to_string(),
        selected,
        changes,
        created,
        ready,
        not_ready,
    });
    if truncated {
        cx.say(EndpointsWhy::Truncated {
            name: name.to_string(),
            kept: ready + not_ready,
        });
    }
}

/// The subsets with the pods' resourceVersions cleared (`endpointSubsetsEqualIgnoreResourceVersion`).
fn strip_rv(subsets: &[EndpointSubset]) -> Vec<EndpointSubset> {
    let mut v = subsets.to_vec();
    for s in &mut v {
        for list in [&mut s.addresses, &mut s.not_ready_addresses] {
            for a in list.iter_mut().flatten() {
                if let Some(r) = a.target_ref.as_mut() {
                    r.resource_version = None;
                }
            }
        }
    }
    v
}

/// How one pod's endpoint changed in a sync (shared with the EndpointSlice controller).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointChange {
    Added {
        pod: String,
        ip: String,
        ready: bool,
    },
    Removed {
        pod: String,
    },
    Terminating {
        pod: String,
    },
    BecameReady {
        pod: String,
    },
    NoLongerReady {
        pod: String,
    },
    Changed {
        pod: String,
    },
}

impl EndpointChange {
    pub(crate) fn en(&self) -> String {
        match self {
            EndpointChange::Added { pod, ip, ready } => format!(
                "added {} ({}, {})",
                pod,
                ip,
                if *ready { "ready" } else { "not ready" }
            ),
            EndpointChange::Removed { pod } => format!("removed {}", pod),
            EndpointChange::Terminating { pod } => format!("{} is terminating", pod),
            EndpointChange::BecameReady { pod } => format!("{} became ready", pod),
            EndpointChange::NoLongerReady { pod } => format!("{} is no longer ready", pod),
            EndpointChange::Changed { pod } => format!("{} changed", pod),
        }
    }

    pub(crate) fn zh(&self) -> String {
        match self {
            EndpointChange::Added { pod, ip, ready } => format!(
                "加入了 {}（{}，{}）",
                pod,
                ip,
                if *ready { "就绪" } else { "未就绪" }
            ),
            EndpointChange::Removed { pod } => format!("移除了 {}", pod),
            EndpointChange::Terminating { pod } => format!("{} 正在终止", pod),
            EndpointChange::BecameReady { pod } => format!("{} 变为就绪", pod),
            EndpointChange::NoLongerReady { pod } => format!("{} 不再就绪", pod),
            EndpointChange::Changed { pod } => format!("{} 有变化", pod),
        }
    }
}

/// `Service web selects 3 pods with an IP: added …` in English (the start both endpoints
/// controllers share).
pub(crate) fn selects_en(name: &str, selected: usize, changes: &[EndpointChange]) -> String {
    let sel = match selected {
        0 => "no pods".to_string(),
        1 => "1 pod".to_string(),
        n => format!("{} pods", n),
    };
    let because = if changes.is_empty() {
        String::new()
    } else {
        format!(
            ": {}",
            changes
                .iter()
                .map(|c| c.en())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!("Service {} selects {} with an IP{}", name, sel, because)
}

/// The same in Chinese.
pub(crate) fn selects_zh(name: &str, selected: usize, changes: &[EndpointChange]) -> String {
    let because = if changes.is_empty() {
        String::new()
    } else {
        format!(
            "：{}",
            changes
                .iter()
                .map(|c| c.zh())
                .collect::<Vec<_>>()
                .join("，")
        )
    };
    format!(
        "Service {} 选中了 {} 个有 IP 的 Pod{}",
        name, selected, because
    )
}

/// What the endpoints controller did.
#[derive(Clone, Debug)]
pub enum EndpointsWhy {
    ServiceGone {
        name: String,
    },
    Synced {
        name: String,
        selected: usize,
        changes: Vec<EndpointChange>,
        created: bool,
        ready: usize,
        not_ready: usize,
    },
    /// Over capacity: only `kept` addresses written.
    Truncated {
        name: String,
        kept: usize,
    },
}

impl Explain for EndpointsWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            EndpointsWhy::ServiceGone { name } => w.pick(
                "Service {0} no longer exists: deleted Endpoints {0}",
                "Service {0} 已不存在：删除了 Endpoints {0}",
                [&name],
            ),
            EndpointsWhy::Synced {
                name,
                selected,
                changes,
                created,
                ready,
                not_ready,
            } => w.pick(
                "{0}; {1} Endpoints {2} ({3} ready, {4} not ready)",
                "{5}；{6}了 Endpoints {2}（{3} 个就绪地址，{4} 个未就绪地址）",
                [&selects_en(name, *selected, changes), &if *created { "created" } else { "updated" }, &name, &ready, &not_ready, &selects_zh(name, *selected, changes), &if *created { "创建" } else { "更新" }],
            ),
            EndpointsWhy::Truncated { name, kept } => w.pick(
                "Endpoints {0} would hold more than {1} addresses: kept {2}, annotated {3}=truncated",
                "Endpoints {0} 的地址将超过 {1} 个：保留了 {2} 个，并添加注解 {3}=truncated",
                [&name, &MAX_CAPACITY, &kept, &OVER_CAPACITY],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use k8s_openapi::api::core::v1::{PodCondition, PodIP, PodSpec, PodStatus, ServiceSpec};

    fn addr(ip: &str, uid: &str) -> EndpointAddress {
        EndpointAddress {
            ip: ip.into(),
            target_ref: (!uid.is_empty()).then(|| ObjectReference {
                uid: Some(uid.into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn port(name: &str, n: i32) -> EndpointPort {
        EndpointPort {
            name: (!name.is_empty()).then(|| name.to_string()),
            port: n,
            protocol: Some("TCP".into()),
            app_protocol: None,
        }
    }

    fn ss(
        ready: &[EndpointAddress],
        not: &[EndpointAddress],
        ports: &[EndpointPort],
    ) -> EndpointSubset {
        EndpointSubset {
            addresses: Some(ready.to_vec()).filter(|v| !v.is_empty()),
            not_ready_addresses: Some(not.to_vec()).filter(|v| !v.is_empty()),
            ports: Some(ports.to_vec()).filter(|v| !v.is_empty()),
        }
    }

    #[test]
    #[allow(clippy::cloned_ref_to_slice_refs)]
    fn repack_subsets_groups_addresses_by_the_ports_they_serve() {
        // Cases after pkg/api/v1/endpoints/util_test.go TestPackSubsets.
        let (a, b, c) = (
            addr("1.1.1.1", ""),
            addr("2.2.2.2", ""),
            addr("3.3.3.3", ""),
        );
        let (p1, p2) = (port("", 111), port("p", 222));
        let cases: Vec<(&str, Vec<EndpointSubset>, Vec<EndpointSubset>)> = vec![
            ("empty", vec![], vec![]),
            (
                "one set, one ip, one port",
                vec![ss(&[a.clone()], &[], &[p1.clone()])],
                vec![ss(&[a.clone()], &[], &[p1.clone()])],
            ),
            (
                "one set, one ip, no port (headless)",
                vec![ss(&[a.clone()], &[], &[])],
                vec![ss(&[a.clone()], &[], &[])],
            ),
            (
                "one set, one not-ready ip, one port",
                vec![ss(&[], &[a.clone()], &[p1.clone()])],
                vec![ss(&[], &[a.clone()], &[p1.clone()])],
            ),
            (
                "one set, dup ips, one port",
                vec![ss(&[a.clone(), a.clone()], &[], &[p1.clone()])],
                vec![ss(&[a.clone()], &[], &[p1.clone()])],
            ),
            (
                "same ip with different uids stays twice",
                vec![ss(
                    &[addr("1.1.1.1", "u2"), addr("1.1.1.1", "u1")],
                    &[],
                    &[p1.clone()],
                )],
                vec![ss(
                    &[addr("1.1.1.1", "u1"), addr("1.1.1.1", "u2")],
                    &[],
                    &[p1.clone()],
                )],
            ),
            (
                "two sets, same ip, two ports merge into one subset",
                vec![
                    ss(&[a.clone()], &[], &[p1.clone()]),
                    ss(&[a.clone()], &[], &[p2.clone()]),
                ],
                vec![ss(&[a.clone()], &[], &[p1.clone(), p2.clone()])],
            ),
            (
                "two sets, two ips, same port merge, addresses sorted",
                vec![
                    ss(&[b.clone()], &[], &[p1.clone()]),
                    ss(&[a.clone()], &[], &[p1.clone()]),
                ],
                vec![ss(&[a.clone(), b.clone()], &[], &[p1.clone()])],
            ),
            (
                "not ready trumps ready for the same port",
                vec![
                    ss(&[a.clone()], &[], &[p1.clone()]),
                    ss(&[], &[a.clone()], &[p1.clone()]),
                ],
                vec![ss(&[], &[a.clone()], &[p1.clone()])],
            ),
            (
                "ready and not-ready addresses share a subset",
                vec![
                    ss(&[a.clone()], &[], &[p1.clone()]),
                    ss(&[], &[b.clone()], &[p1.clone()]),
                ],
                vec![ss(&[a.clone()], &[b.clone()], &[p1.clone()])],
            ),
            (
                "addresses serving different ports split",
                vec![
                    ss(&[a.clone(), b.clone()], &[], &[p1.clone()]),
                    ss(&[c.clone()], &[], &[p2.clone()]),
                ],
                vec![
                    ss(&[a.clone(), b.clone()], &[], &[p1.clone()]),
                    ss(&[c.clone()], &[], &[p2.clone()]),
                ],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(repack_subsets(&input), want, "{name}");
        }
    }

    #[test]
    fn truncation_keeps_ready_addresses_first_in_proportion() {
        let many = |n: usize, base: u32| -> Vec<EndpointAddress> {
            (0..n)
                .map(|i| addr(&format!("10.{}.{}.{}", base, i / 256, i % 256), ""))
                .collect()
        };
        // (ready per subset, not ready per subset) → kept (ready, not ready) per subset.
        type Sizes = Vec<(usize, usize)>;
        let cases: Vec<(Sizes, Sizes, bool)> = vec![
            (vec![(600, 400)], vec![(600, 400)], false),
            (vec![(600, 401)], vec![(600, 400)], true),
            (vec![(1001, 0)], vec![(1000, 0)], true),
            (vec![(700, 100), (300, 100)], vec![(700, 0), (300, 0)], true),
            (
                vec![(500, 300), (300, 100)],
                vec![(500, 150), (300, 50)],
                true,
            ),
            (vec![(600, 300), (600, 100)], vec![(500, 0), (500, 0)], true),
        ];
        for (input, want, cut) in cases {
            let mut subsets: Vec<EndpointSubset> = input
                .iter()
                .enumerate()
                .map(|(i, (r, n))| {
                    ss(
                        &many(*r, i as u32 * 2),
                        &many(*n, i as u32 * 2 + 1),
                        &[port("", 80)],
                    )
                })
                .collect();
            assert_eq!(truncate_endpoints(&mut subsets), cut, "{input:?}");
            let got: Vec<(usize, usize)> = subsets
                .iter()
                .map(|s| count(std::slice::from_ref(s)))
                .collect();
            assert_eq!(got, want, "{input:?}");
        }
    }

    fn pod(name: &str, ip: Option<&str>, phase: &str, ready: bool, deleting: bool) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some("default".into()),
                uid: Some(format!("uid-{name}")),
                deletion_timestamp: deleting.then(|| SimTime(0).to_k8s()),
                ..Default::default()
            },
            spec: Some(PodSpec {
                node_name: Some("worker-1".into()),
                ..Default::default()
            }),
            status: Some(PodStatus {
                phase: Some(phase.into()),
                pod_ip: ip.map(String::from),
                pod_ips: ip.map(|i| vec![PodIP { ip: i.into() }]),
                conditions: Some(vec![PodCondition {
                    type_: "Ready".into(),
                    status: if ready { "True" } else { "False" }.into(),
                    last_transition_time: Some(SimTime(5_000).to_k8s()),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn terminating_pods_are_left_out_unless_not_ready_addresses_are_published() {
        // (ip, phase, deleting, include_terminating) → in endpoints
        let cases = [
            (Some("10.244.1.2"), "Running", false, false, true),
            (None, "Pending", false, false, false),
            (Some("10.244.1.2"), "Succeeded", false, true, false),
            (Some("10.244.1.2"), "Failed", false, true, false),
            (Some("10.244.1.2"), "Running", true, false, false),
            (Some("10.244.1.2"), "Running", true, true, true),
        ];
        for (ip, phase, deleting, incl, want) in cases {
            let p = pod("web-1", ip, phase, true, deleting);
            assert_eq!(
                should_pod_be_in_endpoints(&p, incl),
                want,
                "{ip:?} {phase} deleting={deleting} include_terminating={incl}"
            );
        }
    }

    #[test]
    fn an_address_names_the_pod_its_node_and_a_matching_ip_family() {
        let svc = Service {
            metadata: ObjectMeta {
                name: Some("web".into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
            spec: Some(ServiceSpec {
                ip_families: Some(vec!["IPv4".into()]),
                ..Default::default()
            }),
            status: None,
        };
        let mut p = pod("web-1", Some("10.244.1.2"), "Running", true, false);
        let a = pod_to_endpoint_address(&svc, &p).expect("address");
        assert_eq!(a.ip, "10.244.1.2");
        assert_eq!(a.node_name.as_deref(), Some("worker-1"));
        let r = a.target_ref.expect("targetRef");
        assert_eq!(
            (r.kind.as_deref(), r.name.as_deref(), r.uid.as_deref()),
            (Some("Pod"), Some("web-1"), Some("uid-web-1"))
        );
        assert_eq!(a.hostname, None);
        // Hostname only when the pod's subdomain is the Service.
        let s = p.spec.as_mut().unwrap();
        s.hostname = Some("h".into());
        s.subdomain = Some("web".into());
        assert_eq!(
            pod_to_endpoint_address(&svc, &p)
                .unwrap()
                .hostname
                .as_deref(),
            Some("h")
        );
        // An IPv6 Service finds no address on an IPv4-only pod.
        let mut v6 = svc.clone();
        v6.spec.as_mut().unwrap().ip_families = Some(vec!["IPv6".into()]);
        assert!(pod_to_endpoint_address(&v6, &p).is_none());
    }

    #[test]
    fn setup_uids_are_uuid_shaped_and_stable() {
        let u = setup_uid(0, "endpoints/default/kubernetes");
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'4');
        assert_eq!(u, setup_uid(0, "endpoints/default/kubernetes"));
        assert_ne!(u, setup_uid(1, "endpoints/default/kubernetes"));
    }

    fn run(e: &mut crate::Engine, line: &str, stdin: Option<&str>) -> String {
        let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
        let o = e.exec(&argv, stdin, None);
        assert_eq!(o.exit, 0, "{line}: {}", o.stderr());
        o.stdout()
    }

    fn endpoints(e: &crate::Engine, name: &str) -> Option<Endpoints> {
        e.cluster()
            .get(Kind::Endpoints, "default", name)
            .and_then(|o| o.as_endpoints().cloned())
    }

    fn ready_counts(e: &crate::Engine, name: &str) -> Option<(usize, usize)> {
        endpoints(e, name).map(|ep| count(ep.subsets.as_deref().unwrap_or(&[])))
    }

    const APP: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {tier: front}}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n";

    #[test]
    fn endpoints_follow_the_pods_and_go_with_the_service() {
        let mut e = crate::Engine::new(crate::EngineConfig::default());
        run(&mut e, "kubectl apply -f -", Some(APP));
        run(&mut e, "settle", None);
        let ep = endpoints(&e, "web").expect("created");
        assert_eq!(ready_counts(&e, "web"), Some((3, 0)));
        let meta = &ep.metadata;
        assert_eq!(meta.owner_references, None);
        assert_eq!(
            meta.labels
                .as_ref()
                .and_then(|l| l.get("tier"))
                .map(String::as_str),
            Some("front")
        );
        assert!(
            meta.annotations
                .as_ref()
                .is_some_and(|a| a.contains_key(LAST_CHANGE_TRIGGER_TIME))
        );
        let subsets = ep.subsets.unwrap();
        assert_eq!(subsets.len(), 1);
        assert_eq!(subsets[0].ports.as_ref().unwrap()[0].port, 8080);
        let out = run(&mut e, "kubectl get ep", None);
        assert!(out.starts_with("NAME         ENDPOINTS"), "{out}");
        assert!(out.contains(":8080,") && !out.contains(" more..."), "{out}");
        assert!(out.contains("kubernetes   172.18.0.2:6443"), "{out}");
        run(&mut e, "kubectl scale deployment web --replicas 0", None);
        run(&mut e, "settle", None);
        assert_eq!(ready_counts(&e, "web"), Some((0, 0)));
        assert!(endpoints(&e, "web").unwrap().subsets.is_none());
        let out = run(&mut e, "kubectl get endpoints web", None);
        assert!(out.contains("web    <none>"), "{out}");
        run(&mut e, "kubectl delete service web", None);
        run(&mut e, "settle", None);
        assert!(endpoints(&e, "web").is_none());
        assert!(endpoints(&e, "kubernetes").is_some());
    }

    #[test]
    fn not_ready_pods_are_listed_apart_unless_published() {
        let mut e = crate::Engine::new(crate::EngineConfig::default());
        let manifest = APP.replace(
            "image: nginx,",
            "image: nginx, readinessProbe: {httpGet: {path: /, port: 8080}, periodSeconds: 5},",
        );
        run(&mut e, "fault probe nginx readiness", None);
        run(&mut e, "kubectl apply -f -", Some(&manifest));
        run(&mut e, "tick 30s", None);
        assert_eq!(ready_counts(&e, "web"), Some((0, 3)));
        let out = run(&mut e, "kubectl get ep web", None);
        // Subsets with only not-ready addresses print an empty ENDPOINTS cell.
        assert!(
            out.lines()
                .nth(1)
                .unwrap()
                .starts_with("web               "),
            "{out}"
        );
        let published = manifest.replace(
            "spec:\n  selector",
            "spec:\n  publishNotReadyAddresses: true\n  selector",
        );
        run(&mut e, "kubectl apply -f -", Some(&published));
        run(&mut e, "tick 5s", None);
        assert_eq!(ready_counts(&e, "web"), Some((3, 0)));
    }

    #[test]
    fn a_deleted_endpoints_object_is_rebuilt_while_its_service_exists() {
        let mut e = crate::Engine::new(crate::EngineConfig::default());
        run(&mut e, "kubectl apply -f -", Some(APP));
        run(&mut e, "settle", None);
        let uid = endpoints(&e, "web").unwrap().metadata.uid;
        run(&mut e, "kubectl delete endpoints web", None);
        run(&mut e, "settle", None);
        let again = endpoints(&e, "web").expect("recreated");
        assert_ne!(again.metadata.uid, uid);
        assert_eq!(ready_counts(&e, "web"), Some((3, 0)));
    }
}

#[cfg(test)]
mod why_tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::runtime::step::check_all;

    #[test]
    fn every_endpoints_explanation_renders_in_both_languages() {
        let p = || "web-1".to_string();
        let changes = vec![
            EndpointChange::Added {
                pod: p(),
                ip: "10.244.1.2".into(),
                ready: true,
            },
            EndpointChange::Added {
                pod: p(),
                ip: "10.244.1.2".into(),
                ready: false,
            },
            EndpointChange::Removed { pod: p() },
            EndpointChange::Terminating { pod: p() },
            EndpointChange::BecameReady { pod: p() },
            EndpointChange::NoLongerReady { pod: p() },
            EndpointChange::Changed { pod: p() },
        ];
        let all = [
            EndpointsWhy::ServiceGone { name: "web".into() },
            EndpointsWhy::Synced {
                name: "web".into(),
                selected: 2,
                changes: changes.clone(),
                created: true,
                ready: 1,
                not_ready: 1,
            },
            EndpointsWhy::Synced {
                name: "web".into(),
                selected: 0,
                changes: vec![],
                created: false,
                ready: 0,
                not_ready: 0,
            },
            EndpointsWhy::Truncated {
                name: "web".into(),
                kept: 1000,
            },
        ];
        let index = |w: &EndpointsWhy| match w {
            EndpointsWhy::ServiceGone { .. } => 0,
            EndpointsWhy::Synced { .. } => 1,
            EndpointsWhy::Truncated { .. } => 2,
        };
        check_all(&all, index, 3);
        for c in &changes {
            assert!(!c.en().is_empty() && c.zh() != c.en());
        }
        assert_eq!(
            all[2].en(),
            "Service web selects no pods with an IP; updated Endpoints web (0 ready, 0 not ready)"
        );
    }
}

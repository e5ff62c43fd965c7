//! EndpointSlice controller (`pkg/controller/endpointslice/endpointslice_controller.go`, the
//! reconciler in `staging/src/k8s.io/endpointslice/reconciler.go` and `utils.go`).
//!
//! For every Service with a selector it keeps EndpointSlices named `<svc>-<5 random chars>`
//! (generateName `<svc>-`) listing the pods the selector matches that have an IP: one
//! endpoint per pod with conditions `ready` (pod Ready and not terminating), `serving` (pod
//! Ready) and `terminating` (deletionTimestamp set), at most 100 endpoints per slice. Slices
//! are grouped by their resolved port list; a Service with no endpoints gets one empty
//! placeholder slice. Slices are owned by the Service (controller reference), so the garbage
//! collector removes them with it.
//!
//! Also creates the built-in `kubernetes` Service, its EndpointSlice and its Endpoints at cluster setup (the
//! API server's own endpoint reconciler does this in a real cluster).

use crate::sort::StableSort;
use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{ObjectReference, Pod, Service, ServicePort, ServiceSpec};
use k8s_openapi::api::discovery::v1::{Endpoint, EndpointConditions, EndpointPort, EndpointSlice};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::controller::endpoints::{EndpointChange, selects_en, selects_zh};
use crate::labels::Selector;
use crate::lang::{Lang, s};
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::api::DeleteOptions;
use crate::runtime::informer::services_of_pod_event;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

/// `maxEndpointsPerSlice` default (`--max-endpoints-per-slice`).
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;
/// `discovery.LabelServiceName`.
pub const LABEL_SERVICE_NAME: &str = "kubernetes.io/service-name";
/// `discovery.LabelManagedBy`.
pub const LABEL_MANAGED_BY: &str = "endpointslice.kubernetes.io/managed-by";
/// The controller's managed-by value.
pub const CONTROLLER_NAME: &str = "endpointslice-controller.k8s.io";
/// `v1.IsHeadlessService` label.
const LABEL_HEADLESS: &str = "service.kubernetes.io/headless";

/// The control-plane node's InternalIP (first node registered).
pub const APISERVER_IP: &str = "172.18.0.2";

/// Create the `default/kubernetes` Service (ClusterIP 10.96.0.1, https 443→6443) and its
/// EndpointSlice, as kube-apiserver does at start-up. UIDs come from the Services stream so
/// that no other component's random draws move.
pub(crate) fn create_kubernetes_service(c: &mut Runtime, cx: &mut StepCtx) {
    let now = c.now.to_k8s();
    let labels: BTreeMap<String, String> = [
        ("component".to_string(), "apiserver".to_string()),
        ("provider".to_string(), "kubernetes".to_string()),
    ]
    .into();
    let mut svc = Service {
        metadata: ObjectMeta {
            name: Some("kubernetes".into()),
            namespace: Some("default".into()),
            labels: Some(labels),
            uid: Some(c.rng_svc.uuid()),
            creation_timestamp: Some(now.clone()),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            cluster_ip: Some("10.96.0.1".into()),
            ports: Some(vec![ServicePort {
                name: Some("https".into()),
                port: 443,
                protocol: Some("TCP".into()),
                target_port: Some(IntOrString::Int(6443)),
                ..Default::default()
            }]),
            ip_families: Some(vec!["IPv4".into()]),
            ip_family_policy: Some("SingleStack".into()),
            ..Default::default()
        }),
        status: None,
    };
    crate::apiserver::service::default_service(&mut svc);
    let slice = EndpointSlice {
        metadata: ObjectMeta {
            name: Some("kubernetes".into()),
            namespace: Some("default".into()),
            labels: Some([(LABEL_SERVICE_NAME.to_string(), "kubernetes".to_string())].into()),
            uid: Some(c.rng_svc.uuid()),
            creation_timestamp: Some(now),
            generation: Some(1),
            ..Default::default()
        },
        address_type: "IPv4".into(),
        endpoints: vec![Endpoint {
            addresses: vec![APISERVER_IP.into()],
            conditions: Some(EndpointConditions {
                ready: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }],
        ports: Some(vec![EndpointPort {
            name: Some("https".into()),
            port: Some(6443),
            protocol: Some("TCP".into()),
            app_protocol: None,
        }]),
    };
    // Its Endpoints (written by the same reconciler); the uid is derived, not drawn, so
    // that no random stream moves.
    let endpoints = crate::controller::endpoints::kubernetes_endpoints(
        crate::controller::endpoints::setup_uid(c.seed, "endpoints/default/kubernetes"),
        c.now.to_k8s(),
        APISERVER_IP,
    );
    let _ = c.store.create(Object::from(svc));
    let _ = c.store.create(Object::from(slice));
    let _ = c.store.create(Object::from(endpoints));
    let _ = cx;
}

fn selector_of(svc: &Service) -> Option<&BTreeMap<String, String>> {
    svc.spec.as_ref()?.selector.as_ref()
}

/// The EndpointSlice controller (`pkg/controller/endpointslice`). Its Service lister is
/// the runtime's selector index, so it keeps no state of its own.
#[derive(Clone, Debug, Default)]
pub struct EndpointSliceController;

impl Controller for EndpointSliceController {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "endpointslice-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Service | Kind::EndpointSlice | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        let ns = obj.namespace().to_string();
        match obj {
            // onServiceUpdate: a Service with a selector is queued; a selectorless one
            // (or a deleted one) has no slices of this controller's to keep.
            Object::Service(svc) if ev.ty != WatchType::Deleted && selector_of(svc).is_some() => {
                c.enqueue(c.work(0, Key::Name(format!("{}/{}", ns, obj.name()))));
            }
            // onEndpointSliceDelete: a managed slice deleted by someone else is recreated.
            Object::EndpointSlice(s) => {
                let labels = s.metadata.labels.as_ref();
                let managed = labels
                    .and_then(|l| l.get(LABEL_MANAGED_BY))
                    .map(String::as_str)
                    == Some(CONTROLLER_NAME);
                if ev.ty == WatchType::Deleted
                    && managed
                    && let Some(svc) = labels.and_then(|l| l.get(LABEL_SERVICE_NAME))
                    && c.idx
                        .svc_selectors
                        .get(&ns)
                        .is_some_and(|m| m.contains_key(svc))
                {
                    c.enqueue(c.work(0, Key::Name(format!("{}/{}", ns, svc))));
                }
            }
            // addPod / updatePod / deletePod.
            Object::Pod(_) => {
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
        sync(c, cx, key.name());
    }
}

/// What of a pod an EndpointSlice reflects (`podEndpointsChanged` + label changes).
fn pod_projection(p: &Pod) -> (Option<&BTreeMap<String, String>>, Option<Endpoint>) {
    let ep = should_be_in_endpoints(p).then(|| pod_to_endpoint(p, false));
    (p.metadata.labels.as_ref(), ep)
}

/// `ShouldPodBeInEndpoints(pod, includeTerminating=true)`: not terminal and has an IP.
pub fn should_be_in_endpoints(p: &Pod) -> bool {
    crate::controller::endpoints::should_pod_be_in_endpoints(p, true)
}

/// `podToEndpoint`: one endpoint for the pod's IPv4 address.
pub fn pod_to_endpoint(p: &Pod, publish_not_ready: bool) -> Endpoint {
    let serving = crate::podutil::is_pod_ready(p);
    let terminating = p.metadata.deletion_timestamp.is_some();
    let ready = (publish_not_ready || serving) && !terminating;
    let ip = p
        .status
        .as_ref()
        .and_then(|s| s.pod_ip.clone())
        .unwrap_or_default();
    Endpoint {
        addresses: vec![ip],
        conditions: Some(EndpointConditions {
            ready: Some(ready),
            serving: Some(serving),
            terminating: Some(terminating),
        }),
        node_name: p
            .spec
            .as_ref()
            .and_then(|s| s.node_name.clone())
            .filter(|n| !n.is_empty()),
        target_ref: Some(ObjectReference {
            kind: Some("Pod".into()),
            namespace: p.metadata.namespace.clone(),
            name: p.metadata.name.clone(),
            uid: p.metadata.uid.clone(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `podutil.FindPort`: a numeric targetPort as is; a named one looked up among the pod's
/// container ports with the same protocol.
pub fn find_port(p: &Pod, sp: &ServicePort) -> Option<i32> {
    match sp.target_port.as_ref() {
        Some(IntOrString::Int(n)) => Some(*n),
        None => Some(sp.port),
        Some(IntOrString::String(name)) => {
            let proto = sp.protocol.as_deref().unwrap_or("TCP");
            p.spec.as_ref()?.containers.iter().find_map(|c| {
                c.ports.iter().flatten().find_map(|cp| {
                    (cp.name.as_deref() == Some(name.as_str())
                        && cp.protocol.as_deref().unwrap_or("TCP") == proto)
                        .then_some(cp.container_port)
                })
            })
        }
    }
}

/// `getEndpointPorts`: the service's ports resolved against one pod.
pub fn endpoint_ports(svc: &Service, p: &Pod) -> Vec<EndpointPort> {
    let ports = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_deref())
        .unwrap_or(&[]);
    ports
        .iter()
        .filter_map(|sp| {
            let n = find_port(p, sp)?;
            Some(EndpointPort {
                name: Some(sp.name.clone().unwrap_or_default()),
                port: Some(n),
                protocol: Some(sp.protocol.clone().unwrap_or_else(|| "TCP".into())),
                app_protocol: sp.app_protocol.clone(),
            })
        })
        .collect()
}

fn ports_key(ports: &[EndpointPort]) -> String {
    serde_json::to_string(ports).unwrap_or_default()
}

/// `setEndpointSliceLabels`: the Service's labels plus the service-name and managed-by
/// labels (and the headless label).
fn slice_labels(svc: &Service) -> BTreeMap<String, String> {
    let mut l: BTreeMap<String, String> = svc
        .metadata
        .labels
        .clone()
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != LABEL_SERVICE_NAME && k != LABEL_MANAGED_BY && k != LABEL_HEADLESS)
        .collect();
    if crate::apiserver::service::is_headless(svc) {
        l.insert(LABEL_HEADLESS.into(), String::new());
    }
    l.insert(
        LABEL_SERVICE_NAME.into(),
        svc.metadata.name.clone().unwrap_or_default(),
    );
    l.insert(LABEL_MANAGED_BY.into(), CONTROLLER_NAME.into());
    l
}

fn pod_name_of(ep: &Endpoint) -> String {
    ep.target_ref
        .as_ref()
        .and_then(|r| r.name.clone())
        .unwrap_or_default()
}

fn is_ready(ep: &Endpoint) -> bool {
    ep.conditions.as_ref().and_then(|c| c.ready) == Some(true)
}

/// One slice being planned: an existing slice's name (None: to create) and content.
struct Planned {
    name: Option<String>,
    ports: Vec<EndpointPort>,
    endpoints: Vec<Endpoint>,
    changed: bool,
}

/// Describe how a pod's endpoint changed, for the step's sentence.
fn change_text(old: Option<&Endpoint>, new: Option<&Endpoint>) -> Option<EndpointChange> {
    let cond = |e: &Endpoint| {
        let c = e.conditions.clone().unwrap_or_default();
        (
            c.ready == Some(true),
            c.serving == Some(true),
            c.terminating == Some(true),
        )
    };
    match (old, new) {
        (None, Some(n)) => Some(EndpointChange::Added {
            pod: pod_name_of(n),
            ip: n.addresses.join(","),
            ready: is_ready(n),
        }),
        (Some(o), None) => Some(EndpointChange::Removed {
            pod: pod_name_of(o),
        }),
        (Some(o), Some(n)) if o != n => {
            let (or, _, ot) = cond(o);
            let (nr, _, nt) = cond(n);
            let pod = pod_name_of(n);
            Some(if nt && !ot {
                EndpointChange::Terminating { pod }
            } else if nr && !or {
                EndpointChange::BecameReady { pod }
            } else if !nr && or {
                EndpointChange::NoLongerReady { pod }
            } else {
                EndpointChange::Changed { pod }
            })
        }
        _ => None,
    }
}

/// Sync one Service's EndpointSlices (`syncService` + `Reconcile`).
fn sync(c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let Some((ns, name)) = key.split_once('/') else {
        return;
    };
    let Some(svc_obj) = c.get(Kind::Service, ns, name) else {
        return;
    };
    let Some(svc) = svc_obj.as_service() else {
        return;
    };
    let Some(selector_map) = selector_of(svc) else {
        return;
    };
    let selector = Selector::from_set(selector_map);
    let svc_uid = svc.metadata.uid.clone().unwrap_or_default();
    let publish_not_ready = svc
        .spec
        .as_ref()
        .and_then(|s| s.publish_not_ready_addresses)
        .unwrap_or(false);
    // Desired endpoints grouped by resolved ports, in pod-name order.
    let mut desired: BTreeMap<String, (Vec<EndpointPort>, BTreeMap<String, Endpoint>)> =
        BTreeMap::new();
    for o in c.store.list(Kind::Pod, Some(ns)) {
        let Some(p) = o.as_pod() else { continue };
        if !selector.matches_opt(p.metadata.labels.as_ref()) || !should_be_in_endpoints(p) {
            continue;
        }
        let ports = endpoint_ports(svc, p);
        let mut ep = pod_to_endpoint(p, publish_not_ready);
        // ShouldSetHostname: the pod's subdomain names this Service (a StatefulSet's pods
        // under its headless Service): the endpoint carries the pod's hostname.
        let ps = p.spec.as_ref();
        if let Some(h) = ps
            .and_then(|s| s.hostname.clone())
            .filter(|h| !h.is_empty())
            && ps.and_then(|s| s.subdomain.as_deref()) == svc.metadata.name.as_deref()
            && p.metadata.namespace == svc.metadata.namespace
        {
            ep.hostname = Some(h);
        }
        desired
            .entry(ports_key(&ports))
            .or_insert_with(|| (ports, BTreeMap::new()))
            .1
            .insert(o.name().to_string(), ep);
    }
    // Existing slices owned by this Service (its dependents), by name.
    let existing: Vec<Arc<Object>> = c
        .idx
        .dependents
        .get(&svc_uid)
        .map(|s| {
            s.iter()
                .filter(|k| k.kind == Kind::EndpointSlice)
                .filter_map(|k| c.store.get_obj(k).cloned())
                .collect()
        })
        .unwrap_or_default();
    let existing: Vec<Arc<Object>> = existing
        .into_iter()
        .filter(|o| {
            o.meta()
                .labels
                .as_ref()
                .and_then(|l| l.get(LABEL_MANAGED_BY))
                .map(String::as_str)
                == Some(CONTROLLER_NAME)
        })
        .collect();
    let old_eps: BTreeMap<String, Endpoint> = existing
        .iter()
        .filter_map(|o| o.as_endpoint_slice())
        .flat_map(|s| s.endpoints.iter().map(|e| (pod_name_of(e), e.clone())))
        .collect();
    let labels = slice_labels(svc);
    let mut plans: Vec<Planned> = vec![];
    let mut to_delete: Vec<String> = vec![];
    let mut existing_by_ports: BTreeMap<String, Vec<&EndpointSlice>> = BTreeMap::new();
    for o in &existing {
        if let Some(s) = o.as_endpoint_slice() {
            existing_by_ports
                .entry(ports_key(s.ports.as_deref().unwrap_or(&[])))
                .or_default()
                .push(s);
        }
    }
    for (pk, (ports, mut want)) in desired {
        let slices = existing_by_ports.remove(&pk).unwrap_or_default();
        let mut unchanged: Vec<Planned> = vec![];
        let mut updated: Vec<Planned> = vec![];
        // 1. Keep desired endpoints where they are; drop the rest.
        for s in slices {
            let mut eps = vec![];
            let mut changed = false;
            for e in &s.endpoints {
                if let Some(d) = want.remove(&pod_name_of(e)) {
                    changed |= d != *e;
                    eps.push(d);
                }
            }
            let labels_changed = s.metadata.labels.as_ref() != Some(&labels);
            let removed = eps.len() != s.endpoints.len();
            if (changed || removed) && eps.is_empty() {
                to_delete.push(s.metadata.name.clone().unwrap_or_default());
                continue;
            }
            let p = Planned {
                name: s.metadata.name.clone(),
                ports: ports.clone(),
                endpoints: eps,
                changed: changed || removed || labels_changed,
            };
            if p.changed {
                updated.push(p);
            } else {
                unchanged.push(p);
            }
        }
        let mut rest: Vec<Endpoint> = want.into_values().collect();
        rest.reverse(); // pop() takes pods in name order
        // 2. Fill the updated slices, fullest first.
        updated.stable_sort_by_key(|p| std::cmp::Reverse(p.endpoints.len()));
        for p in updated.iter_mut() {
            while p.endpoints.len() < MAX_ENDPOINTS_PER_SLICE
                && let Some(e) = rest.pop()
            {
                p.endpoints.push(e);
            }
        }
        // 3. Fit the remainder into an unchanged slice with room, else new slices.
        while !rest.is_empty() {
            let room = unchanged
                .iter()
                .position(|p| p.endpoints.len() + rest.len() <= MAX_ENDPOINTS_PER_SLICE)
                .filter(|_| rest.len() < MAX_ENDPOINTS_PER_SLICE);
            let mut p = match room {
                Some(i) => unchanged.remove(i),
                None => Planned {
                    name: None,
                    ports: ports.clone(),
                    endpoints: vec![],
                    changed: true,
                },
            };
            while p.endpoints.len() < MAX_ENDPOINTS_PER_SLICE
                && let Some(e) = rest.pop()
            {
                p.endpoints.push(e);
            }
            p.changed = true;
            updated.push(p);
        }
        plans.extend(updated);
    }
    // Slices whose port set is no longer wanted.
    for slices in existing_by_ports.values() {
        for s in slices {
            to_delete.push(s.metadata.name.clone().unwrap_or_default());
        }
    }
    // Placeholder: a Service without endpoints keeps one empty slice.
    let creates = plans.iter().filter(|p| p.name.is_none()).count();
    if existing.len() == to_delete.len() && creates == 0 {
        let is_placeholder = |name: &str| {
            existing.iter().any(|o| {
                o.name() == name
                    && o.as_endpoint_slice().is_some_and(|s| {
                        s.ports.as_ref().is_none_or(|p| p.is_empty())
                            && s.endpoints.is_empty()
                            && s.metadata.labels.as_ref() == Some(&labels)
                    })
            })
        };
        if to_delete.len() == 1 && is_placeholder(&to_delete[0]) {
            to_delete.clear();
        } else {
            plans.push(Planned {
                name: None,
                ports: vec![],
                endpoints: vec![],
                changed: true,
            });
        }
    }
    // finalize: turn creates into updates of slices that would be deleted.
    to_delete.stable_sort();
    for p in plans.iter_mut().rev() {
        if p.name.is_none() && !to_delete.is_empty() {
            p.name = Some(to_delete.remove(0));
        }
    }
    let deleting = svc.metadata.deletion_timestamp.is_some();
    let mut changes: Vec<EndpointChange> = vec![];
    let new_eps: BTreeMap<String, Endpoint> = plans
        .iter()
        .flat_map(|p| p.endpoints.iter().map(|e| (pod_name_of(e), e.clone())))
        .collect();
    for (pod, e) in &new_eps {
        if let Some(t) = change_text(old_eps.get(pod), Some(e)) {
            changes.push(t);
        }
    }
    for (pod, e) in &old_eps {
        if !new_eps.contains_key(pod)
            && let Some(t) = change_text(Some(e), None)
        {
            changes.push(t);
        }
    }
    let mut written: Vec<SliceWrite> = vec![];
    for p in plans.into_iter().filter(|p| p.changed) {
        let total = p.endpoints.len();
        let ready = p.endpoints.iter().filter(|e| is_ready(e)).count();
        let mut meta = ObjectMeta {
            namespace: Some(ns.to_string()),
            labels: Some(labels.clone()),
            owner_references: Some(vec![crate::podutil::owner_ref(&svc_obj, true)]),
            annotations: Some(
                [(
                    "endpoints.kubernetes.io/last-change-trigger-time".to_string(),
                    c.now.rfc3339(),
                )]
                .into(),
            ),
            ..Default::default()
        };
        let slice_of = |meta: ObjectMeta| {
            Object::from(EndpointSlice {
                metadata: meta,
                address_type: "IPv4".into(),
                endpoints: p.endpoints.clone(),
                ports: Some(p.ports.clone()),
            })
        };
        match &p.name {
            Some(n) => {
                let Some(cur) = c.get(Kind::EndpointSlice, ns, n) else {
                    continue;
                };
                let mut m = cur.meta().clone();
                m.labels = meta.labels;
                m.annotations = meta.annotations;
                if c.api_update(cx, slice_of(m), false, false).is_ok() {
                    written.push(SliceWrite::Updated {
                        name: n.clone(),
                        total,
                        ready,
                    });
                }
            }
            None if !deleting => {
                meta.generate_name = Some(slice_prefix(name));
                if let Ok(o) = c.api_create(cx, slice_of(meta), false) {
                    written.push(if total == 0 {
                        SliceWrite::CreatedPlaceholder {
                            name: o.name().to_string(),
                        }
                    } else {
                        SliceWrite::Created {
                            name: o.name().to_string(),
                            total,
                            ready,
                        }
                    });
                }
            }
            None => {}
        }
    }
    for n in to_delete {
        let k = ObjKey::new(Kind::EndpointSlice, ns, &n);
        if c.api_delete(cx, &k, DeleteOptions::default()).is_ok() {
            written.push(SliceWrite::Deleted { name: n.clone() });
        }
    }
    if !written.is_empty() {
        cx.say(EndpointSliceWhy {
            service: name.to_string(),
            selected: new_eps.len(),
            changes,
            written,
        });
    }
}

/// `getEndpointSlicePrefix`: `<svc>-`, or `endpointslice-` when that is not a valid
/// generateName.
fn slice_prefix(svc: &str) -> String {
    let p = format!("{}-", svc);
    if p.len() > 63 - 5 {
        "endpointslice-".into()
    } else {
        p
    }
}

/// One EndpointSlice written by a sync.
#[derive(Clone, Debug)]
pub enum SliceWrite {
    Updated {
        name: String,
        total: usize,
        ready: usize,
    },
    CreatedPlaceholder {
        name: String,
    },
    Created {
        name: String,
        total: usize,
        ready: usize,
    },
    Deleted {
        name: String,
    },
}

impl SliceWrite {
    fn en(&self) -> String {
        match self {
            SliceWrite::Updated { name, total, ready } => format!(
                "updated EndpointSlice {} ({} endpoint{}, {} ready)",
                name,
                total,
                s(*total as i64),
                ready
            ),
            SliceWrite::CreatedPlaceholder { name } => format!(
                "created EndpointSlice {} (a placeholder without endpoints)",
                name
            ),
            SliceWrite::Created { name, total, ready } => format!(
                "created EndpointSlice {} ({} endpoint{}, {} ready)",
                name,
                total,
                s(*total as i64),
                ready
            ),
            SliceWrite::Deleted { name } => format!("deleted EndpointSlice {}", name),
        }
    }

    fn zh(&self) -> String {
        match self {
            SliceWrite::Updated { name, total, ready } => format!(
                "更新了 EndpointSlice {}（{} 个端点，{} 个就绪）",
                name, total, ready
            ),
            SliceWrite::CreatedPlaceholder { name } => {
                format!("创建了 EndpointSlice {}（不含端点的占位切片）", name)
            }
            SliceWrite::Created { name, total, ready } => format!(
                "创建了 EndpointSlice {}（{} 个端点，{} 个就绪）",
                name, total, ready
            ),
            SliceWrite::Deleted { name } => format!("删除了 EndpointSlice {}", name),
        }
    }
}

/// What one EndpointSlice sync did: the Service's selected pods, what changed, and the
/// slices written.
#[derive(Clone, Debug)]
pub struct EndpointSliceWhy {
    pub service: String,
    pub selected: usize,
    pub changes: Vec<EndpointChange>,
    pub written: Vec<SliceWrite>,
}

impl Explain for EndpointSliceWhy {
    fn text(&self, w: Lang) -> String {
        let (head, sep, written): (String, &str, Vec<String>) = match w {
            Lang::En => (
                selects_en(&self.service, self.selected, &self.changes),
                "; ",
                self.written.iter().map(SliceWrite::en).collect(),
            ),
            Lang::Zh => (
                selects_zh(&self.service, self.selected, &self.changes),
                "；",
                self.written.iter().map(SliceWrite::zh).collect(),
            ),
        };
        format!("{}{}{}", head, sep, written.join(sep))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::time::SimTime;
    use k8s_openapi::api::core::v1::{PodCondition, PodSpec, PodStatus};

    fn pod(ip: Option<&str>, phase: &str, ready: bool, deleting: bool) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some("web-1".into()),
                namespace: Some("default".into()),
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
                conditions: Some(vec![PodCondition {
                    type_: "Ready".into(),
                    status: if ready { "True" } else { "False" }.into(),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
        }
    }

    #[test]
    fn endpoint_conditions_follow_pod_readiness_and_termination() {
        // (ready, deleting) → (ready, serving, terminating), as in utils_test.go podToEndpoint.
        let cases = [
            ((true, false), (true, true, false)),
            ((false, false), (false, false, false)),
            ((true, true), (false, true, true)),
            ((false, true), (false, false, true)),
        ];
        for ((ready, deleting), want) in cases {
            let e = pod_to_endpoint(&pod(Some("10.244.1.2"), "Running", ready, deleting), false);
            let c = e.conditions.unwrap();
            assert_eq!(
                (c.ready.unwrap(), c.serving.unwrap(), c.terminating.unwrap()),
                want,
                "ready={ready} deleting={deleting}"
            );
            assert_eq!(e.node_name.as_deref(), Some("worker-1"));
            assert_eq!(e.addresses, vec!["10.244.1.2".to_string()]);
        }
        // publishNotReadyAddresses: ready even when the pod is not.
        let e = pod_to_endpoint(&pod(Some("10.244.1.2"), "Running", false, false), true);
        assert_eq!(e.conditions.unwrap().ready, Some(true));
    }

    #[test]
    fn only_non_terminal_pods_with_an_ip_become_endpoints() {
        assert!(should_be_in_endpoints(&pod(
            Some("10.244.1.2"),
            "Running",
            true,
            false
        )));
        assert!(should_be_in_endpoints(&pod(
            Some("10.244.1.2"),
            "Running",
            true,
            true
        )));
        assert!(!should_be_in_endpoints(&pod(None, "Pending", false, false)));
        assert!(!should_be_in_endpoints(&pod(
            Some("10.244.1.2"),
            "Succeeded",
            false,
            false
        )));
        assert!(!should_be_in_endpoints(&pod(
            Some("10.244.1.2"),
            "Failed",
            false,
            false
        )));
    }

    fn run(e: &mut crate::Engine, line: &str, stdin: Option<&str>) -> String {
        let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
        let o = e.exec(&argv, stdin, None);
        assert_eq!(o.exit, 0, "{line}: {}", o.stderr());
        o.stdout()
    }

    #[test]
    fn slices_hold_at_most_100_endpoints_and_follow_scaling() {
        let mut e = crate::Engine::new(crate::EngineConfig::default());
        let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 210\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
        run(&mut e, "cluster reset --workers 2 --pods 200", None);
        run(&mut e, "kubectl apply -f -", Some(manifest));
        run(&mut e, "settle", None);
        let sizes = |e: &crate::Engine| {
            let mut v: Vec<(usize, usize)> = e
                .cluster()
                .store
                .list(Kind::EndpointSlice, Some("default"))
                .iter()
                .filter_map(|o| o.as_endpoint_slice())
                .filter(|s| s.metadata.name.as_deref() != Some("kubernetes"))
                .map(|s| {
                    (
                        s.endpoints.len(),
                        s.endpoints.iter().filter(|e| is_ready(e)).count(),
                    )
                })
                .collect();
            v.stable_sort();
            v
        };
        assert_eq!(sizes(&e), vec![(10, 10), (100, 100), (100, 100)]);
        run(&mut e, "kubectl scale deployment web --replicas 0", None);
        run(&mut e, "settle", None);
        // Every slice emptied: one placeholder remains.
        assert_eq!(sizes(&e), vec![(0, 0)]);
        run(&mut e, "kubectl scale deployment web --replicas 2", None);
        run(&mut e, "settle", None);
        assert_eq!(sizes(&e), vec![(2, 2)]);
        run(&mut e, "kubectl delete service web", None);
        run(&mut e, "settle", None);
        assert_eq!(sizes(&e), vec![]);
    }

    #[test]
    fn named_target_ports_resolve_against_container_ports() {
        let mut p = pod(Some("10.244.1.2"), "Running", true, false);
        p.spec.as_mut().unwrap().containers = vec![k8s_openapi::api::core::v1::Container {
            name: "c".into(),
            ports: Some(vec![k8s_openapi::api::core::v1::ContainerPort {
                name: Some("http".into()),
                container_port: 8080,
                protocol: Some("TCP".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }];
        let sp = |t: IntOrString| ServicePort {
            port: 80,
            protocol: Some("TCP".into()),
            target_port: Some(t),
            ..Default::default()
        };
        assert_eq!(
            find_port(&p, &sp(IntOrString::String("http".into()))),
            Some(8080)
        );
        assert_eq!(find_port(&p, &sp(IntOrString::String("grpc".into()))), None);
        assert_eq!(find_port(&p, &sp(IntOrString::Int(9000))), Some(9000));
    }
}

#[cfg(test)]
mod why_tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;
    use crate::runtime::step::check_all;

    #[test]
    fn every_endpointslice_explanation_renders_in_both_languages() {
        let w = |written| EndpointSliceWhy {
            service: "web".into(),
            selected: 2,
            changes: vec![
                EndpointChange::Added {
                    pod: "web-1".into(),
                    ip: "10.244.1.2".into(),
                    ready: true,
                },
                EndpointChange::BecameReady {
                    pod: "web-2".into(),
                },
            ],
            written,
        };
        let all = [
            w(vec![SliceWrite::Updated {
                name: "web-abcde".into(),
                total: 2,
                ready: 2,
            }]),
            w(vec![SliceWrite::CreatedPlaceholder {
                name: "web-abcde".into(),
            }]),
            w(vec![
                SliceWrite::Created {
                    name: "web-abcde".into(),
                    total: 1,
                    ready: 0,
                },
                SliceWrite::Deleted {
                    name: "web-fghij".into(),
                },
            ]),
        ];
        let index = |x: &EndpointSliceWhy| match x.written.first() {
            Some(SliceWrite::Updated { .. }) => 0,
            Some(SliceWrite::CreatedPlaceholder { .. }) => 1,
            Some(SliceWrite::Created { .. }) => 2,
            Some(SliceWrite::Deleted { .. }) | None => 3,
        };
        check_all(&all, index, 3);
        assert_eq!(
            all[0].en(),
            "Service web selects 2 pods with an IP: added web-1 (10.244.1.2, ready), web-2 became ready; updated EndpointSlice web-abcde (2 endpoints, 2 ready)"
        );
        assert_eq!(
            all[0].zh(),
            "Service web 选中了 2 个有 IP 的 Pod：加入了 web-1（10.244.1.2，就绪），web-2 变为就绪；更新了 EndpointSlice web-abcde（2 个端点，2 个就绪）"
        );
        assert!(all[2].en().ends_with("; deleted EndpointSlice web-fghij"));
    }
}

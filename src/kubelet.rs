//! One kubelet per node, with its container runtime: admits pods bound to the node, pulls
//! images by pull policy through a serial puller and a per-node image cache
//! (`pkg/kubelet/images/image_manager.go`), creates and starts containers
//! (`pkg/kubelet/kuberuntime`), reports pod status, stops containers on deletion with the
//! grace period, and renews the node's Lease.

use crate::sort::StableSort;
use std::borrow::Cow;
use std::collections::BTreeMap;

use k8s_openapi::api::coordination::v1::{Lease, LeaseSpec};
use k8s_openapi::api::core::v1::{
    ContainerImage, Node, NodeAddress, NodeCondition, NodeDaemonEndpoints, NodeSpec as K8sNodeSpec,
    NodeStatus, NodeSystemInfo, Pod, PodCondition, Taint,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::image::{Tag, hex_digest, split_image};
use crate::object::{Kind, Object};
use crate::podutil::owner_ref;
use crate::profile::Profile;
use crate::runtime::Runtime;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::StepCtx;
use crate::runtime::step::Trigger;
use crate::store::WatchEvent;
use crate::time::SimTime;
use why::KubeletWhy;

pub mod backoff;
mod pods;
pub mod probes;
pub mod reference;
pub mod why;

use pods::PodRun;
pub use pods::pull_error_text;
pub(crate) use pods::resync_pods_using;
use pods::sync_pod;

/// Parameters of `node add` / the default nodes.
#[derive(Clone, Debug)]
pub struct NodeSpec {
    pub name: String,
    pub cpu: String,
    pub memory: String,
    pub pods: u32,
    pub labels: Vec<(String, String)>,
    /// (key, value, effect)
    pub taints: Vec<(String, String, String)>,
}

/// A node's kubelet and container runtime state.
#[derive(Clone, Debug)]
pub struct Kubelet {
    pub node: String,
    /// 1-based node number, used for the node's addresses and pod CIDR.
    pub index: u32,
    /// Images present on the node, with their sizes in bytes.
    pub images: BTreeMap<String, i64>,
    /// The serial image puller is busy until this time (`serializeImagePulls: true`).
    puller_free_at: SimTime,
    /// Images with a pull queued or running, and when the first of those pulls finishes.
    pulls_done_at: BTreeMap<String, SimTime>,
    /// Persistent, so copying the kubelets (a checkpoint, then the first change after it)
    /// does not copy every pod's run.
    pods: imbl::OrdMap<String, PodRun>,
    next_ip: u32,
    lease_created: bool,
    reported_images: usize,
    /// Static pods (manifest files on the node) by `namespace/name` of their mirror pod: the
    /// kubelet runs them whatever happens to the mirror, and creates the mirror again when
    /// it is gone.
    pub(crate) static_pods: BTreeMap<String, Pod>,
}

fn cond(ty: &str, status: bool, now: SimTime) -> NodeCondition {
    let (reason, message) = match ty {
        "MemoryPressure" => (
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        "DiskPressure" => ("KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        "PIDPressure" => (
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        _ => ("KubeletReady", "kubelet is posting ready status"),
    };
    NodeCondition {
        type_: ty.into(),
        status: if status { "True" } else { "False" }.into(),
        reason: Some(reason.into()),
        message: Some(message.into()),
        last_heartbeat_time: Some(now.to_k8s()),
        last_transition_time: Some(now.to_k8s()),
    }
}

/// Every node's kubelet, as one registered component (each node's work is its own
/// component, `kubelet/<node>`).
#[derive(Clone, Debug)]
pub struct Kubelets {
    pub(crate) nodes: imbl::OrdMap<String, Kubelet>,
    /// The pod workers' jitter (`wait.Jitter` of their retry after a sync error).
    pub(crate) rng: crate::rng::SimRng,
}

impl Kubelets {
    /// No nodes yet; the pod workers' jitter drawn from the seed's kubelet stream.
    pub fn new(seed: u64) -> Kubelets {
        Kubelets {
            nodes: imbl::OrdMap::new(),
            rng: crate::rng::SimRng::new(seed, crate::rng::Stream::Kubelet),
        }
    }
}

impl Default for Kubelets {
    fn default() -> Kubelets {
        Kubelets::new(0)
    }
}

/// The kubelets' queues.
const OP_POD: u8 = 0;
const OP_NODE: u8 = 1;

/// Sync pod `key` on `node` (the pod worker).
pub(crate) fn pod_work(c: &Runtime, node: String, key: String) -> Work {
    c.work(OP_POD, Key::Pair(node, key))
}

/// Renew `node`'s Lease and post its status.
pub(crate) fn node_work(c: &Runtime, node: String) -> Work {
    c.work(OP_NODE, Key::Name(node))
}

impl Controller for Kubelets {
    /// `kubeDeps.KubeClient` (kubeAPIQPS/kubeAPIBurst) and `EventClient`
    /// (eventRecordQPS/eventBurst), cmd/kubelet/app/server.go `buildKubeletClientConfig`.
    fn clients(
        &self,
        profile: crate::profile::Profile,
    ) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients {
            api: crate::runtime::flowcontrol::kubelet_api(profile),
            events: Some(crate::runtime::flowcontrol::KUBELET_EVENTS),
        })
    }

    /// The heartbeat client (Lease renewals and node status) has no rate limit
    /// (`heartbeatClientConfig.QPS = -1`).
    fn unlimited(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Lease | Kind::Node)
    }

    fn name(&self) -> &'static str {
        "kubelet"
    }

    fn component(&self, _op: u8, key: &Key) -> Cow<'static, str> {
        Cow::Owned(format!("kubelet/{}", key.name()))
    }

    fn watches(&self, kind: Kind) -> bool {
        kind == Kind::Pod
    }

    /// The kubelet of the node the pod is (or was) bound to looks at it.
    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let node_of = |o: &Object| {
            o.as_pod()?
                .spec
                .as_ref()?
                .node_name
                .clone()
                .filter(|n| !n.is_empty())
        };
        let node = node_of(&ev.obj).or_else(|| ev.old.as_deref().and_then(node_of));
        if let Some(n) = node
            && self.nodes.contains_key(&n)
        {
            c.enqueue(pod_work(c, n, ev.obj.key().ns_name()));
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        let node = key.name();
        // A stopped kubelet does nothing (its containers keep running).
        if c.node_stopped(node) {
            return;
        }
        match op {
            OP_POD => sync_pod(self, c, cx, node, key.second()),
            _ => sync_node(self, c, cx, node),
        }
    }
}

impl Kubelets {
    /// Whether `node` has a kubelet.
    /// Record a static pod of the node (its manifest, as the mirror pod was created).
    pub(crate) fn add_static_pod(&mut self, node: &str, pod: &Pod) {
        if let Some(k) = self.nodes.get_mut(node) {
            let key = format!(
                "{}/{}",
                pod.metadata.namespace.as_deref().unwrap_or(""),
                pod.metadata.name.as_deref().unwrap_or("")
            );
            k.static_pods.insert(key, pod.clone());
        }
    }

    /// Put images in a node's cache (kind's preloaded node image).
    pub(crate) fn preload_images(&mut self, node: &str, images: &[&str]) {
        if let Some(k) = self.nodes.get_mut(node) {
            for i in images {
                k.images.insert(
                    crate::image::normalize_image(i),
                    crate::image::image_size(i),
                );
            }
        }
    }

    pub fn has(&self, node: &str) -> bool {
        self.nodes.contains_key(node)
    }

    /// The kubelet of `node`.
    pub fn get(&self, node: &str) -> Option<&Kubelet> {
        self.nodes.get(node)
    }

    /// Register a node (as its kubelet would) and start its kubelet. Call with the
    /// runtime's active controller set to this one.
    pub(crate) fn add_node(
        &mut self,
        c: &mut Runtime,
        cx: &mut StepCtx,
        spec: &NodeSpec,
    ) -> Result<(), crate::runtime::api::ApiError> {
        let kl = self;
        let this = c;
        this.node_seq += 1;
        let index = this.node_seq;
        let now = this.now;
        let mut labels: BTreeMap<String, String> = [
            ("beta.kubernetes.io/arch", "amd64"),
            ("beta.kubernetes.io/os", "linux"),
            ("kubernetes.io/arch", "amd64"),
            ("kubernetes.io/os", "linux"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        labels.insert("kubernetes.io/hostname".into(), spec.name.clone());
        for (k, v) in &spec.labels {
            labels.insert(k.clone(), v.clone());
        }
        let capacity: BTreeMap<String, Quantity> = [
            ("cpu", spec.cpu.clone()),
            ("ephemeral-storage", "100Gi".to_string()),
            ("hugepages-1Gi", "0".to_string()),
            ("hugepages-2Mi", "0".to_string()),
            ("memory", spec.memory.clone()),
            ("pods", spec.pods.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Quantity(v)))
        .collect();
        let node = Node {
            metadata: ObjectMeta {
                name: Some(spec.name.clone()),
                labels: Some(labels),
                annotations: Some(
                    [
                        // kubeadm init/join records the node's CRI socket.
                        (
                            "kubeadm.alpha.kubernetes.io/cri-socket".to_string(),
                            "unix:///run/containerd/containerd.sock".to_string(),
                        ),
                        ("node.alpha.kubernetes.io/ttl".to_string(), "0".to_string()),
                        (
                            "volumes.kubernetes.io/controller-managed-attach-detach".to_string(),
                            "true".to_string(),
                        ),
                    ]
                    .into(),
                ),
                ..Default::default()
            },
            spec: Some(K8sNodeSpec {
                pod_cidr: Some(format!("10.244.{}.0/24", index - 1)),
                pod_cidrs: Some(vec![format!("10.244.{}.0/24", index - 1)]),
                provider_id: Some(format!("kubestep://{}", spec.name)),
                taints: if spec.taints.is_empty() {
                    None
                } else {
                    Some(
                        spec.taints
                            .iter()
                            .map(|(k, v, e)| Taint {
                                key: k.clone(),
                                value: if v.is_empty() { None } else { Some(v.clone()) },
                                effect: e.clone(),
                                time_added: None,
                            })
                            .collect(),
                    )
                },
                ..Default::default()
            }),
            status: Some(NodeStatus {
                addresses: Some(vec![
                    NodeAddress {
                        type_: "InternalIP".into(),
                        address: format!("172.18.0.{}", index + 1),
                    },
                    NodeAddress {
                        type_: "Hostname".into(),
                        address: spec.name.clone(),
                    },
                ]),
                allocatable: Some(capacity.clone()),
                capacity: Some(capacity),
                conditions: Some(vec![
                    cond("MemoryPressure", false, now),
                    cond("DiskPressure", false, now),
                    cond("PIDPressure", false, now),
                    cond("Ready", true, now),
                ]),
                daemon_endpoints: Some(NodeDaemonEndpoints {
                    kubelet_endpoint: Some(k8s_openapi::api::core::v1::DaemonEndpoint {
                        port: 10250,
                    }),
                }),
                node_info: Some(NodeSystemInfo {
                    architecture: "amd64".into(),
                    boot_id: hex_digest(&format!("boot-{}", spec.name), 32),
                    container_runtime_version: "containerd://1.7.24".into(),
                    kernel_version: "6.1.0-28-amd64".into(),
                    kube_proxy_version: this.profile.version().into(),
                    kubelet_version: match this.profile {
                        Profile::V1_32 => "v1.32.0".into(),
                        Profile::V1_26 => "v1.26.15".into(),
                    },
                    machine_id: hex_digest(&format!("machine-{}", spec.name), 32),
                    operating_system: "linux".into(),
                    os_image: "Debian GNU/Linux 12 (bookworm)".into(),
                    system_uuid: hex_digest(&format!("uuid-{}", spec.name), 32),
                }),
                phase: None,
                ..Default::default()
            }),
        };
        this.api_create(cx, Object::from(node), true)?;
        kl.nodes.insert(
            spec.name.clone(),
            Kubelet {
                node: spec.name.clone(),
                index,
                images: BTreeMap::new(),
                puller_free_at: SimTime(0),
                pulls_done_at: BTreeMap::new(),
                pods: imbl::OrdMap::new(),
                next_ip: 0,
                lease_created: false,
                reported_images: 0,
                static_pods: BTreeMap::new(),
            },
        );
        this.enqueue(node_work(this, spec.name.clone()));
        Ok(())
    }
}

/// Kubelet node loop: renew the Lease; post the node status when it changed (images, or
/// conditions someone else set, such as the node controller's `Unknown`), and on the first
/// sync after the kubelet was stopped (`node start`), when it also resyncs its pods.
fn sync_node(kl: &mut Kubelets, c: &mut Runtime, cx: &mut StepCtx, node: &str) {
    // Copy only what this sync reads (not the kubelet's table of pods).
    let Some((lease_created, reported_images, images)) = kl
        .nodes
        .get(node)
        .map(|k| (k.lease_created, k.reported_images, k.images.clone()))
    else {
        return;
    };
    cx.trigger = Trigger::Timer;
    let now = c.now;
    // A kubelet that missed a Lease renewal was stopped: it is starting again.
    let last_renew = c
        .get(Kind::Lease, "kube-node-lease", node)
        .and_then(|l| match &*l {
            Object::Lease(l) => l.spec.as_ref().and_then(|s| s.renew_time.clone()),
            _ => None,
        })
        .map(|t| SimTime::from_k8s_micro(&t));
    let restarting =
        lease_created && last_renew.is_some_and(|t| now > t.plus(c.timings.lease_renew));
    if restarting {
        cx.trigger = Trigger::KubeletStart;
    }
    let lease = Lease {
        metadata: ObjectMeta {
            name: Some(node.to_string()),
            namespace: Some("kube-node-lease".into()),
            ..Default::default()
        },
        spec: Some(LeaseSpec {
            holder_identity: Some(node.to_string()),
            lease_duration_seconds: Some(40),
            renew_time: Some(now.to_k8s_micro()),
            ..Default::default()
        }),
    };
    if !lease_created {
        let mut lease = lease;
        if let Some(n) = c.get(Kind::Node, "", node) {
            lease.metadata.owner_references = Some(vec![owner_ref(&n, false)]);
        }
        if c.api_create(cx, Object::from(lease), false).is_ok() {
            cx.say(KubeletWhy::CreatedLease {
                node: node.to_string(),
            });
        }
        if let Some(k) = kl.nodes.get_mut(node) {
            k.lease_created = true;
        }
    } else if let Some(existing) = c.get(Kind::Lease, "kube-node-lease", node)
        && let Object::Lease(l) = &*existing
    {
        let mut l = l.clone();
        if let Some(s) = l.spec.as_mut() {
            s.renew_time = Some(now.to_k8s_micro());
        }
        if c.api_update(cx, Object::from(l), false, false).is_ok() {
            cx.say(match (restarting, last_renew) {
                (true, Some(t)) => KubeletWhy::RenewedLeaseAfterStop {
                    node: node.to_string(),
                    last: t,
                },
                _ => KubeletWhy::RenewedLease {
                    node: node.to_string(),
                },
            });
        }
    }
    let images_changed = images.len() != reported_images;
    // The kubelet's view of the conditions already stored: nothing to post (the common case,
    // checked without copying the node).
    let conditions_current = |n: &k8s_openapi::api::core::v1::Node| {
        let conds = n.status.as_ref().and_then(|s| s.conditions.as_deref());
        ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
            .iter()
            .all(|ty| {
                let want = cond(ty, *ty == "Ready", now);
                conds.into_iter().flatten().any(|x| {
                    x.type_ == *ty
                        && x.status == want.status
                        && x.reason == want.reason
                        && x.message == want.message
                })
            })
    };
    if let Some(n) = c.get(Kind::Node, "", node)
        && let Object::Node(n) = &*n
        && (images_changed || restarting || !conditions_current(n))
    {
        let mut n = n.clone();
        let mut conditions_changed = false;
        let mut transitions: Vec<&str> = vec![];
        if let Some(st) = n.status.as_mut() {
            if images_changed {
                let mut imgs: Vec<(&String, &i64)> = images.iter().collect();
                imgs.stable_sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                st.images = Some(
                    imgs.iter()
                        .map(|(name, size)| ContainerImage {
                            names: Some(vec![
                                format!(
                                    "{}@sha256:{}",
                                    name.split(':').next().unwrap_or(name),
                                    hex_digest(name, 64)
                                ),
                                (*name).clone(),
                            ]),
                            size_bytes: Some(**size),
                        })
                        .collect(),
                );
            }
            // The condition setters (pkg/kubelet/nodestatus/setters.go): the kubelet's view
            // of each condition; a status change gets a fresh transition time and an event.
            let conds = st.conditions.get_or_insert_with(Vec::new);
            for (ty, ok, event) in [
                ("MemoryPressure", false, "NodeHasSufficientMemory"),
                ("DiskPressure", false, "NodeHasNoDiskPressure"),
                ("PIDPressure", false, "NodeHasSufficientPID"),
                ("Ready", true, "NodeReady"),
            ] {
                let want = cond(ty, ok, now);
                match conds.iter_mut().find(|x| x.type_ == ty) {
                    Some(cur) if cur.status != want.status => {
                        *cur = want;
                        conditions_changed = true;
                        transitions.push(event);
                    }
                    Some(cur) => {
                        if cur.reason != want.reason || cur.message != want.message {
                            cur.reason = want.reason;
                            cur.message = want.message;
                            conditions_changed = true;
                        }
                    }
                    None => {
                        conds.push(want);
                        conditions_changed = true;
                        transitions.push(event);
                    }
                }
            }
            if images_changed || conditions_changed || restarting {
                for cnd in conds.iter_mut() {
                    cnd.last_heartbeat_time = Some(now.to_k8s());
                }
            }
        }
        if (images_changed || conditions_changed || restarting)
            && c.api_update_status(cx, Object::from(n)).is_ok()
        {
            if conditions_changed || restarting {
                cx.say(if transitions.is_empty() {
                    KubeletWhy::PostedStatusFresh {
                        node: node.to_string(),
                    }
                } else {
                    KubeletWhy::PostedStatusHealthy {
                        node: node.to_string(),
                        transitions: transitions.iter().map(|t| t.to_string()).collect(),
                    }
                });
            } else {
                cx.say(KubeletWhy::PostedStatusImages {
                    node: node.to_string(),
                    images: images.len(),
                });
            }
            for t in transitions {
                c.record_event(
                    cx,
                    crate::events::EventSpec {
                        involved: crate::controller::nodelifecycle::kubelet_node_ref(node),
                        ty: "Normal",
                        reason: t.into(),
                        message: format!("Node {} status is now: {}", node, t),
                        component: "kubelet".into(),
                        host: Some(node.into()),
                        action: None,
                        series_api: false,
                    },
                );
            }
        }
        if let Some(k) = kl.nodes.get_mut(node) {
            k.reported_images = k.images.len();
        }
    }
    if restarting {
        // A restarted kubelet resyncs every pod bound to it (and any it still runs whose
        // API object is gone); its status manager posts the pods' own view of Ready again,
        // replacing the node controller's Ready=False on pods whose containers kept running.
        let mut keys: std::collections::BTreeSet<String> = c
            .idx
            .pods_by_node
            .get(node)
            .map(|s| s.iter().map(|k| k.ns_name()).collect())
            .unwrap_or_default();
        if let Some(k) = kl.nodes.get(node) {
            keys.extend(k.pods.keys().cloned());
        }
        let mut restored = 0;
        for key in &keys {
            let (ns, name) = key.split_once('/').unwrap_or(("default", key));
            if let Some(obj) = c.get(Kind::Pod, ns, name)
                && let Some(p) = obj.as_pod()
                && p.metadata.deletion_timestamp.is_none()
                && p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")
                && p.status
                    .as_ref()
                    .and_then(|s| s.container_statuses.as_ref())
                    .is_some_and(|cs| !cs.is_empty() && cs.iter().all(|c| c.ready))
            {
                let mut p = p.clone();
                let mut changed = false;
                for cnd in p
                    .status
                    .as_mut()
                    .and_then(|s| s.conditions.as_mut())
                    .into_iter()
                    .flatten()
                {
                    if cnd.type_ == "Ready" && cnd.status != "True" {
                        cnd.status = "True".into();
                        cnd.reason = None;
                        cnd.message = None;
                        cnd.last_transition_time = Some(now.to_k8s());
                        changed = true;
                    }
                }
                if changed && c.api_update_status(cx, Object::from(p)).is_ok() {
                    restored += 1;
                }
            }
            c.enqueue(pod_work(c, node.to_string(), key.clone()));
        }
        if restored > 0 {
            cx.say(KubeletWhy::SetReadyAgain { pods: restored });
        }
        if !keys.is_empty() {
            cx.say(KubeletWhy::QueuedResync { pods: keys.len() });
        }
    }
    c.add_timer(
        now.plus(c.timings.lease_renew),
        node_work(c, node.to_string()),
        true,
    );
}

fn pull_policy(c: &k8s_openapi::api::core::v1::Container) -> String {
    c.image_pull_policy.clone().unwrap_or_else(|| {
        let img = c.image.as_deref().unwrap_or("");
        match split_image(img).1 {
            Tag::None => "Always".into(),
            Tag::Tag("latest") => "Always".into(),
            _ => "IfNotPresent".into(),
        }
    })
}

fn pod_cond(
    ty: &str,
    ok: bool,
    now: SimTime,
    reason: Option<&str>,
    msg: Option<String>,
) -> PodCondition {
    PodCondition {
        type_: ty.into(),
        status: if ok { "True" } else { "False" }.into(),
        last_probe_time: None,
        last_transition_time: Some(now.to_k8s()),
        reason: reason.map(String::from),
        message: msg,
    }
}

/// Keep lastTransitionTime of conditions whose status did not change.
fn merge_conditions(old: Option<&Vec<PodCondition>>, new: Vec<PodCondition>) -> Vec<PodCondition> {
    new.into_iter()
        .map(|mut n| {
            if let Some(o) = old.and_then(|o| o.iter().find(|o| o.type_ == n.type_))
                && o.status == n.status
            {
                n.last_transition_time = o.last_transition_time.clone();
            }
            n
        })
        .collect()
}

fn container_names(pod: &Pod) -> Vec<String> {
    pod.spec
        .as_ref()
        .map(|s| s.containers.iter().map(|c| c.name.clone()).collect())
        .unwrap_or_default()
}

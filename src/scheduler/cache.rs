//! The scheduler cache: incremental per-node aggregates kept up to date from watch events
//! (`pkg/scheduler/backend/cache/cache.go`, `framework/types.go NodeInfo`,
//! `backend/cache/node_tree.go`).
//!
//! Pods count on their node from the moment they carry `spec.nodeName` (assumed or bound)
//! until they are removed or reach Succeeded/Failed, terminating or not — except for
//! topology-spread counts, which skip terminating pods as `countPodsMatchSelector` does.

use super::plugins::{self, HostPort};
use super::quantity::{self, Resources};
use k8s_openapi::api::core::v1::{Node, Pod, Taint};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};

/// What the cache keeps about a node object.
#[derive(Clone, Debug)]
pub(crate) struct NodeData {
    pub labels: BTreeMap<String, String>,
    pub taints: Vec<Taint>,
    pub unschedulable: bool,
    pub allocatable: Resources,
    pub allowed_pods: i64,
    pub zone_key: String,
    /// Value of `topology.kubernetes.io/zone`, if the node has it.
    pub zone: Option<String>,
    /// Whether the node has the `kubernetes.io/hostname` label.
    pub has_hostname: bool,
}

/// Per-node aggregate (`framework.NodeInfo`). A node whose object was deleted while pods
/// still reference it stays as a "ghost" (`node == None`) until those pods are removed.
#[derive(Clone, Debug)]
pub(crate) struct NodeInfo {
    pub name: String,
    pub node: Option<NodeData>,
    /// Σ requests of the pods on the node (`Requested`).
    pub requested: Resources,
    /// Σ requests with 100m / 200Mi for missing cpu / memory (`NonZeroRequested`).
    pub non_zero_cpu: i64,
    pub non_zero_mem: i64,
    /// Keys of the pods on the node.
    pub pods: BTreeSet<String>,
    /// Host ports in use, with a use count.
    pub used_ports: BTreeMap<HostPort, u32>,
    /// Image names present on the node → size in bytes.
    pub images: BTreeMap<String, i64>,
}

/// What the cache keeps about a pod that has a node.
#[derive(Clone, Debug)]
pub(crate) struct PodRecord {
    pub slot: u32,
    pub namespace: String,
    pub labels: BTreeMap<String, String>,
    pub terminating: bool,
    pub requests: Resources,
    pub nz_cpu: i64,
    pub nz_mem: i64,
    pub ports: Vec<HostPort>,
    pub priority: i32,
}

type SelectorKey = Vec<(String, String)>;

/// Per-node counts of non-terminating pods matching one (namespace, selector) pair.
#[derive(Clone, Debug, Default)]
pub(crate) struct SelectorCounts {
    pub per_slot: BTreeMap<u32, i64>,
    pub total: i64,
}

/// Incremental scheduler state (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct SchedulerCache {
    pub(crate) slots: imbl::Vector<Option<NodeInfo>>,
    by_name: BTreeMap<String, u32>,
    pub(crate) pods: imbl::OrdMap<String, PodRecord>,
    /// Node tree: zone keys in insertion order, nodes of each zone in insertion order.
    zones: Vec<String>,
    tree: BTreeMap<String, Vec<u32>>,
    /// Slots of real nodes in node-tree order (zones round-robin), rebuilt on node changes.
    pub(crate) order: Vec<u32>,
    /// image name → (size, number of nodes that have it) (`imageStates`).
    pub(crate) image_states: BTreeMap<String, (i64, i64)>,
    /// Lazily registered topology-spread selectors, per namespace.
    selectors: RefCell<BTreeMap<String, BTreeMap<SelectorKey, SelectorCounts>>>,
    /// `nextStartNodeIndex` of `schedule_one.go`.
    pub(crate) next_start: Cell<u32>,
}

fn pod_key(pod: &Pod) -> String {
    format!(
        "{}/{}",
        pod.metadata.namespace.as_deref().unwrap_or(""),
        pod.metadata.name.as_deref().unwrap_or("")
    )
}

/// `utilnode.GetZoneKey`: region + ":\x00:" + zone, or "" when the node has neither.
fn zone_key(labels: &BTreeMap<String, String>) -> String {
    let get = |a: &str, b: &str| {
        labels
            .get(a)
            .or_else(|| labels.get(b))
            .cloned()
            .unwrap_or_default()
    };
    // The deprecated beta labels win when present, as upstream.
    let region = get(plugins::LABEL_REGION_BETA, plugins::LABEL_REGION);
    let zone = get(plugins::LABEL_ZONE_BETA, plugins::LABEL_ZONE);
    if region.is_empty() && zone.is_empty() {
        String::new()
    } else {
        format!("{}:\x00:{}", region, zone)
    }
}

fn node_data(node: &Node) -> NodeData {
    let labels = node.metadata.labels.clone().unwrap_or_default();
    let spec = node.spec.as_ref();
    let alloc = node.status.as_ref().and_then(|s| s.allocatable.as_ref());
    NodeData {
        zone_key: zone_key(&labels),
        zone: labels.get(plugins::LABEL_ZONE).cloned(),
        has_hostname: labels.contains_key(plugins::LABEL_HOSTNAME),
        labels,
        taints: spec.and_then(|s| s.taints.clone()).unwrap_or_default(),
        unschedulable: spec.and_then(|s| s.unschedulable).unwrap_or(false),
        allocatable: Resources::from_list(alloc),
        allowed_pods: alloc
            .and_then(|a| a.get("pods"))
            .map(quantity::value)
            .unwrap_or(0),
    }
}

fn node_images(node: &Node) -> Option<Vec<(String, i64)>> {
    let images = node.status.as_ref()?.images.as_ref()?;
    let mut out = Vec::new();
    for img in images {
        for name in img.names.iter().flatten() {
            out.push((name.clone(), img.size_bytes.unwrap_or(0)));
        }
    }
    Some(out)
}

fn selector_matches(sel: &SelectorKey, labels: &BTreeMap<String, String>) -> bool {
    !sel.is_empty() && sel.iter().all(|(k, v)| labels.get(k) == Some(v))
}

impl SchedulerCache {
    /// An empty cache.
    pub fn new() -> SchedulerCache {
        SchedulerCache::default()
    }

    // ----- nodes -------------------------------------------------------------------------

    fn slot_of(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    pub(crate) fn info(&self, slot: u32) -> Option<&NodeInfo> {
        self.slots.get(slot as usize).and_then(|s| s.as_ref())
    }

    fn info_mut(&mut self, slot: u32) -> Option<&mut NodeInfo> {
        self.slots.get_mut(slot as usize).and_then(|s| s.as_mut())
    }

    fn ensure_slot(&mut self, name: &str) -> u32 {
        if let Some(s) = self.slot_of(name) {
            return s;
        }
        let slot = self.slots.len() as u32;
        self.slots.push_back(Some(NodeInfo {
            name: name.to_string(),
            node: None,
            requested: Resources::default(),
            non_zero_cpu: 0,
            non_zero_mem: 0,
            pods: BTreeSet::new(),
            used_ports: BTreeMap::new(),
            images: BTreeMap::new(),
        }));
        self.by_name.insert(name.to_string(), slot);
        slot
    }

    fn tree_add(&mut self, zone: &str, slot: u32) {
        if !self.tree.contains_key(zone) {
            self.zones.push(zone.to_string());
        }
        self.tree.entry(zone.to_string()).or_default().push(slot);
    }

    fn tree_remove(&mut self, zone: &str, slot: u32) {
        let mut empty = false;
        if let Some(v) = self.tree.get_mut(zone) {
            v.retain(|s| *s != slot);
            empty = v.is_empty();
        }
        if empty {
            self.tree.remove(zone);
            self.zones.retain(|z| z != zone);
        }
    }

    /// `nodeTree.list`: one node from each zone in turn.
    fn rebuild_order(&mut self) {
        let mut out = Vec::with_capacity(self.order.len() + 1);
        let mut idx = 0usize;
        loop {
            let mut any = false;
            for z in &self.zones {
                if let Some(v) = self.tree.get(z)
                    && idx < v.len()
                {
                    out.push(v[idx]);
                    any = true;
                }
            }
            if !any {
                break;
            }
            idx += 1;
        }
        self.order = out;
    }

    fn set_images(&mut self, slot: u32, images: Vec<(String, i64)>) {
        let Some(info) = self.info_mut(slot) else {
            return;
        };
        let old = std::mem::take(&mut info.images);
        let mut new = BTreeMap::new();
        for (n, s) in images {
            new.entry(n).or_insert(s);
        }
        info.images = new.clone();
        for name in old.keys() {
            if let Some(st) = self.image_states.get_mut(name) {
                st.1 -= 1;
                if st.1 <= 0 {
                    self.image_states.remove(name);
                }
            }
        }
        for (name, size) in new {
            self.image_states.entry(name).or_insert((size, 0)).1 += 1;
        }
    }

    /// A node object appeared.
    pub fn add_node(&mut self, node: &Node) {
        let name = node.metadata.name.clone().unwrap_or_default();
        if self
            .slot_of(&name)
            .and_then(|s| self.info(s))
            .is_some_and(|i| i.node.is_some())
        {
            self.update_node(node);
            return;
        }
        let slot = self.ensure_slot(&name);
        let data = node_data(node);
        let zone = data.zone_key.clone();
        if let Some(info) = self.info_mut(slot) {
            info.node = Some(data);
        }
        if let Some(imgs) = node_images(node) {
            self.set_images(slot, imgs);
        }
        self.tree_add(&zone, slot);
        self.rebuild_order();
    }

    /// A node object changed (labels, taints, allocatable, cordon, images).
    pub fn update_node(&mut self, node: &Node) {
        let name = node.metadata.name.clone().unwrap_or_default();
        let Some(slot) = self.slot_of(&name) else {
            self.add_node(node);
            return;
        };
        let old_zone = match self.info(slot).and_then(|i| i.node.as_ref()) {
            Some(d) => d.zone_key.clone(),
            None => {
                self.add_node(node);
                return;
            }
        };
        let data = node_data(node);
        let new_zone = data.zone_key.clone();
        if let Some(info) = self.info_mut(slot) {
            info.node = Some(data);
        }
        if let Some(imgs) = node_images(node) {
            self.set_images(slot, imgs);
        }
        if old_zone != new_zone {
            self.tree_remove(&old_zone, slot);
            self.tree_add(&new_zone, slot);
            self.rebuild_order();
        }
    }

    /// A node object was deleted. Pods still bound to it keep counting on a ghost entry
    /// until they are removed.
    pub fn remove_node(&mut self, name: &str) {
        let Some(slot) = self.slot_of(name) else {
            return;
        };
        let zone = match self.info(slot).and_then(|i| i.node.as_ref()) {
            Some(d) => d.zone_key.clone(),
            None => return,
        };
        self.set_images(slot, Vec::new());
        self.tree_remove(&zone, slot);
        self.rebuild_order();
        let drop_slot = match self.info_mut(slot) {
            Some(info) => {
                info.node = None;
                info.pods.is_empty()
            }
            None => false,
        };
        if drop_slot {
            self.slots[slot as usize] = None;
            self.by_name.remove(name);
        }
    }

    /// Replace a node's image list (name, size in bytes); every name of an image counts.
    /// `add_node` / `update_node` also read `node.status.images` when it is set.
    pub fn set_node_images(&mut self, node: &str, images: Vec<(String, i64)>) {
        if let Some(slot) = self.slot_of(node)
            && self.info(slot).is_some_and(|i| i.node.is_some())
        {
            self.set_images(slot, images);
        }
    }

    /// Whether the node has the image (as written, or with `:latest` appended when untagged).
    pub fn has_image(&self, node: &str, image: &str) -> bool {
        let Some(info) = self.slot_of(node).and_then(|s| self.info(s)) else {
            return false;
        };
        info.images.contains_key(image)
            || info
                .images
                .contains_key(&plugins::normalized_image_name(image))
    }

    /// Names of the schedulable-list nodes in node-tree order (zones round-robin, then
    /// insertion order), which is the order filters visit them.
    pub fn node_names(&self) -> Vec<String> {
        self.order
            .iter()
            .filter_map(|s| self.info(*s).map(|i| i.name.clone()))
            .collect()
    }

    /// Number of nodes (ghosts excluded).
    pub fn num_nodes(&self) -> u32 {
        self.order.len() as u32
    }

    /// Number of pods the cache counts on a node (0 for an unknown node).
    pub fn pod_count(&self, node: &str) -> u32 {
        self.slot_of(node)
            .and_then(|s| self.info(s))
            .map(|i| i.pods.len() as u32)
            .unwrap_or(0)
    }

    /// Requested (milli-CPU, memory bytes) summed over a node's pods.
    pub fn requested(&self, node: &str) -> (i64, i64) {
        self.slot_of(node)
            .and_then(|s| self.info(s))
            .map(|i| (i.requested.milli_cpu, i.requested.memory))
            .unwrap_or((0, 0))
    }

    // ----- pods --------------------------------------------------------------------------

    /// A pod with `spec.nodeName` appeared (bound, or assumed by the scheduler). Pods
    /// without a node are ignored, and so are Succeeded/Failed pods: the scheduler's pod
    /// informer filters them out (`status.phase!=Succeeded,status.phase!=Failed`), so a pod
    /// turning terminal leaves the cache.
    pub fn add_pod(&mut self, pod: &Pod) {
        let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
        if matches!(phase, Some("Succeeded") | Some("Failed")) {
            return;
        }
        let Some(node) = pod
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .filter(|n| !n.is_empty())
        else {
            return;
        };
        let key = pod_key(pod);
        if self.pods.contains_key(&key) {
            self.remove_key(&key);
        }
        let slot = self.ensure_slot(node);
        let requests = quantity::pod_requests(pod, false);
        let nz = quantity::pod_requests(pod, true);
        let rec = PodRecord {
            slot,
            namespace: pod.metadata.namespace.clone().unwrap_or_default(),
            labels: pod.metadata.labels.clone().unwrap_or_default(),
            terminating: pod.metadata.deletion_timestamp.is_some(),
            requests,
            nz_cpu: nz.milli_cpu,
            nz_mem: nz.memory,
            ports: plugins::pod_host_ports(pod),
            priority: pod.spec.as_ref().and_then(|s| s.priority).unwrap_or(0),
        };
        if let Some(info) = self.info_mut(slot) {
            add_requests(&mut info.requested, &rec.requests, 1);
            info.non_zero_cpu += rec.nz_cpu;
            info.non_zero_mem += rec.nz_mem;
            info.pods.insert(key.clone());
            for p in &rec.ports {
                *info.used_ports.entry(p.clone()).or_insert(0) += 1;
            }
        }
        if !rec.terminating
            && let Some(sels) = self.selectors.get_mut().get_mut(&rec.namespace)
        {
            for (sel, counts) in sels.iter_mut() {
                if selector_matches(sel, &rec.labels) {
                    *counts.per_slot.entry(slot).or_insert(0) += 1;
                    counts.total += 1;
                }
            }
        }
        self.pods.insert(key, rec);
    }

    /// A pod with a node changed (labels, deletionTimestamp, …): remove + add, as upstream.
    pub fn update_pod(&mut self, old: &Pod, new: &Pod) {
        if self.update_is_noop(old, new) {
            return;
        }
        self.remove_pod(old);
        self.add_pod(new);
    }

    /// Whether remove + add would rebuild exactly the record already cached: everything
    /// `add_pod` reads is unchanged (most pod updates only touch the status), and the
    /// pod's node is a live node (so its slot is not recycled in between).
    fn update_is_noop(&self, old: &Pod, new: &Pod) -> bool {
        let terminal = |p: &Pod| {
            matches!(
                p.status.as_ref().and_then(|s| s.phase.as_deref()),
                Some("Succeeded") | Some("Failed")
            )
        };
        let same = terminal(old) == terminal(new)
            && old.spec == new.spec
            && old.metadata.name == new.metadata.name
            && old.metadata.namespace == new.metadata.namespace
            && old.metadata.labels == new.metadata.labels
            && old.metadata.deletion_timestamp.is_some()
                == new.metadata.deletion_timestamp.is_some();
        if !same {
            return false;
        }
        if terminal(new) {
            // Neither version is cached.
            return !self.pods.contains_key(&pod_key(new));
        }
        self.pods
            .get(&pod_key(new))
            .and_then(|rec| self.info(rec.slot))
            .is_some_and(|info| info.node.is_some())
    }

    /// A pod left its node (deleted, or an assumption was forgotten).
    pub fn remove_pod(&mut self, pod: &Pod) {
        let key = pod_key(pod);
        self.remove_key(&key);
    }

    fn remove_key(&mut self, key: &str) {
        let Some(rec) = self.pods.remove(key) else {
            return;
        };
        let slot = rec.slot;
        let mut drop_slot = None;
        if let Some(info) = self.info_mut(slot) {
            add_requests(&mut info.requested, &rec.requests, -1);
            info.non_zero_cpu -= rec.nz_cpu;
            info.non_zero_mem -= rec.nz_mem;
            info.pods.remove(key);
            for p in &rec.ports {
                if let Some(c) = info.used_ports.get_mut(p) {
                    *c -= 1;
                    if *c == 0 {
                        info.used_ports.remove(p);
                    }
                }
            }
            if info.node.is_none() && info.pods.is_empty() {
                drop_slot = Some(info.name.clone());
            }
        }
        if !rec.terminating {
            let sels = self.selectors.get_mut();
            let mut now_empty = false;
            if let Some(ns_sels) = sels.get_mut(&rec.namespace) {
                ns_sels.retain(|sel, counts| {
                    if selector_matches(sel, &rec.labels) {
                        if let Some(c) = counts.per_slot.get_mut(&slot) {
                            *c -= 1;
                            if *c <= 0 {
                                counts.per_slot.remove(&slot);
                            }
                        }
                        counts.total -= 1;
                        // Forget selectors whose pods are all gone; re-registered on use.
                        return counts.total > 0;
                    }
                    true
                });
                now_empty = ns_sels.is_empty();
            }
            if now_empty {
                sels.remove(&rec.namespace);
            }
        }
        if let Some(name) = drop_slot {
            self.slots[slot as usize] = None;
            self.by_name.remove(&name);
        }
    }

    /// Run `f` with the per-node counts of non-terminating pods in `namespace` matching
    /// `selector`, registering the selector (one scan over the cached pods) on first use.
    pub(crate) fn with_selector_counts<R>(
        &self,
        namespace: &str,
        selector: &BTreeMap<String, String>,
        f: impl FnOnce(&SelectorCounts) -> R,
    ) -> R {
        let key: SelectorKey = selector
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut sels = self.selectors.borrow_mut();
        let ns = sels.entry(namespace.to_string()).or_default();
        if !ns.contains_key(&key) {
            let mut counts = SelectorCounts::default();
            for rec in self.pods.values() {
                if rec.namespace == namespace
                    && !rec.terminating
                    && selector_matches(&key, &rec.labels)
                {
                    *counts.per_slot.entry(rec.slot).or_insert(0) += 1;
                    counts.total += 1;
                }
            }
            ns.insert(key.clone(), counts);
        }
        match ns.get(&key) {
            Some(counts) => f(counts),
            None => f(&SelectorCounts::default()),
        }
    }
}

fn add_requests(total: &mut Resources, r: &Resources, sign: i64) {
    total.milli_cpu += sign * r.milli_cpu;
    total.memory += sign * r.memory;
    total.ephemeral_storage += sign * r.ephemeral_storage;
    for (k, v) in &r.scalar {
        let e = total.scalar.entry(k.clone()).or_insert(0);
        *e += sign * v;
        if *e == 0 {
            total.scalar.remove(k);
        }
    }
}

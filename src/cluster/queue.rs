//! Work queues. Every component has its own queue of keys with client-go's workqueue
//! de-duplication (a key already waiting is not added twice); the loop merges them into one
//! FIFO by the moment each key was first added, so the component that was woken first acts
//! first.

use std::collections::{BTreeMap, HashSet};

/// A unit of work for one component.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Work {
    /// deployment-controller: sync `namespace/name`.
    Deployment(String),
    /// replicaset-controller: sync `namespace/name`.
    ReplicaSet(String),
    /// default-scheduler: schedule pod `namespace/name`.
    Schedule(String),
    /// kubelet on node: sync pod `namespace/name`.
    KubeletPod(String, String),
    /// kubelet on node: renew the Lease / post node status.
    KubeletNode(String),
    /// garbage-collector: dependents of the deleted owner with this uid.
    Gc(String),
    /// An event broadcaster posting events recorded earlier.
    EventFlush(u64),
    /// default-scheduler: move pods whose back-off ended back to the active queue.
    SchedulerQueue,
    /// endpointslice-controller: sync the EndpointSlices of Service `namespace/name`.
    EndpointSlice(String),
    /// endpoint-controller: sync the Endpoints of Service `namespace/name`.
    Endpoints(String),
    /// node-controller: one `monitorNodeHealth` pass over all nodes (every 5s).
    NodeMonitor,
    /// node-controller: taint-by-condition (`doNoScheduleTaintingPass`) for one node.
    NodeConditionTaints(String),
    /// taint-eviction-controller: a node's NoExecute taints changed (`handleNodeUpdate`).
    TaintEvictionNode(String),
    /// taint-eviction-controller: a pod's node or tolerations changed (`handlePodUpdate`).
    TaintEvictionPod(String),
    /// taint-eviction-controller: the scheduled eviction of pod `namespace/name` is due.
    TaintEvictionFire(String),
}

impl Work {
    /// The component that processes this work (as shown in step lines).
    pub fn component(&self) -> String {
        match self {
            Work::Deployment(_) => "deployment-controller".into(),
            Work::ReplicaSet(_) => "replicaset-controller".into(),
            Work::Schedule(_) | Work::SchedulerQueue => "default-scheduler".into(),
            Work::KubeletPod(n, _) | Work::KubeletNode(n) => format!("kubelet/{}", n),
            Work::Gc(_) => "garbage-collector".into(),
            Work::EventFlush(_) => "event-broadcaster".into(),
            Work::EndpointSlice(_) => "endpointslice-controller".into(),
            Work::Endpoints(_) => "endpoint-controller".into(),
            Work::NodeMonitor | Work::NodeConditionTaints(_) => "node-controller".into(),
            Work::TaintEvictionNode(_) | Work::TaintEvictionPod(_) | Work::TaintEvictionFire(_) => {
                "taint-eviction-controller".into()
            }
        }
    }
}

/// What woke a work item. Kept cheap (a shared object, no text) because it is set for
/// every watch event; it becomes text only when the item runs (see [`Cause::describe`]).
#[derive(Clone, Debug, Default)]
pub enum Cause {
    #[default]
    None,
    Watch {
        ty: crate::store::WatchType,
        obj: std::sync::Arc<crate::object::Object>,
        rev: i64,
    },
    Timer(crate::time::SimTime),
}

impl Cause {
    /// `watch: MODIFIED replicasets web-7c5d (rev 42)`, `timer due at 00:00:01.300`, or "".
    pub fn describe(&self) -> String {
        match self {
            Cause::None => String::new(),
            Cause::Watch { ty, obj, rev } => format!(
                "watch: {} {} {} (rev {})",
                ty.as_str(),
                obj.kind().plural(),
                obj.name(),
                rev
            ),
            Cause::Timer(at) => format!("timer due at {}", at.clock()),
        }
    }
}

/// The merged FIFO of all components' queues.
#[derive(Clone, Debug, Default)]
pub struct WorkQueue {
    seq: u64,
    items: BTreeMap<u64, (Work, Cause)>,
    waiting: HashSet<Work>,
}

impl WorkQueue {
    /// Add a key unless it is already waiting (client-go `Add` de-duplication).
    pub fn add(&mut self, w: Work) {
        self.add_because(w, Cause::None);
    }

    /// Add a key, remembering what woke it (the first cause wins while it waits).
    pub fn add_because(&mut self, w: Work, cause: Cause) {
        if self.waiting.contains(&w) {
            return;
        }
        self.seq += 1;
        self.waiting.insert(w.clone());
        self.items.insert(self.seq, (w, cause));
    }

    /// Take the oldest waiting item.
    pub fn pop(&mut self) -> Option<Work> {
        self.pop_with_cause().map(|(w, _)| w)
    }

    /// Take the oldest waiting item with what woke it.
    pub fn pop_with_cause(&mut self) -> Option<(Work, Cause)> {
        let (_, (w, cause)) = self.items.pop_first()?;
        self.waiting.remove(&w);
        Some((w, cause))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Waiting items per component name, for the UI's queue-depth display.
    pub fn depths(&self) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for (w, _) in self.items.values() {
            *m.entry(w.component()).or_insert(0) += 1;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_dedupe_should_keep_earlier_item() {
        let mut q = WorkQueue::default();
        q.add(Work::Deployment("default/a".into()));
        q.add(Work::ReplicaSet("default/r".into()));
        q.add(Work::Deployment("default/a".into()));
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop(), Some(Work::Deployment("default/a".into())));
        q.add(Work::Deployment("default/a".into()));
        assert_eq!(q.pop(), Some(Work::ReplicaSet("default/r".into())));
        assert_eq!(q.pop(), Some(Work::Deployment("default/a".into())));
        assert_eq!(q.pop(), None);
    }
}

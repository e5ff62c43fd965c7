//! Work queues. Every component has its own queue of keys with client-go's workqueue
//! de-duplication (a key already waiting is not added twice); the loop merges them into one
//! FIFO by the moment each key was first added, so the component that was woken first acts
//! first. The runtime knows no component: a work item names its controller by its
//! registry index ([`CtlId`]) and carries an opaque operation number and key.

use std::collections::{BTreeMap, HashMap};

use crate::time::SimTime;

use super::step::Trigger;

/// A controller's index in the registry, in registration order.
pub type CtlId = u16;

/// The key of a work item, as the controller that owns it defines it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// No key (a periodic pass over everything).
    None,
    /// One name: `namespace/name`, a node name, a uid.
    Name(String),
    /// Two names: a node and a pod key.
    Pair(String, String),
}

impl Key {
    /// The first name of the key ("" for [`Key::None`]).
    pub fn name(&self) -> &str {
        match self {
            Key::None => "",
            Key::Name(a) | Key::Pair(a, _) => a,
        }
    }

    /// The second name of a [`Key::Pair`] ("" otherwise).
    pub fn second(&self) -> &str {
        match self {
            Key::Pair(_, b) => b,
            _ => "",
        }
    }
}

/// A unit of work.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Work {
    /// A controller's work: `op` says which of its queues (a controller may have several),
    /// `key` what to look at.
    Sync { ctl: CtlId, op: u8, key: Key },
    /// An event broadcaster posting events recorded earlier (client-go's recorder).
    EventFlush(u64),
}

/// What woke a work item. Kept cheap (a shared object) because it is set for every watch
/// event; it becomes a step's [`Trigger`] only when the item runs.
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
    /// The step trigger this cause becomes.
    pub fn trigger(&self) -> Trigger {
        match self {
            Cause::None => Trigger::None,
            Cause::Watch { ty, obj, rev } => Trigger::Watch {
                ty: *ty,
                resource: obj.kind().plural(),
                name: obj.name().to_string(),
                rev: *rev,
            },
            Cause::Timer(at) => Trigger::TimerAt(*at),
        }
    }
}

/// The merged FIFO of all components' queues.
#[derive(Clone, Debug, Default)]
pub struct WorkQueue {
    seq: u64,
    items: BTreeMap<u64, (Work, Cause)>,
    /// Waiting items → (time 0, their sequence number). The same map type as the
    /// runtime's timer index (one hash map instantiation less in the page's wasm).
    waiting: HashMap<Work, (SimTime, u64)>,
}

impl WorkQueue {
    /// Add a key unless it is already waiting (client-go `Add` de-duplication).
    pub fn add(&mut self, w: Work) {
        self.add_because(w, Cause::None);
    }

    /// Add a key, remembering what woke it (the first cause wins while it waits).
    pub fn add_because(&mut self, w: Work, cause: Cause) {
        if self.waiting.contains_key(&w) {
            return;
        }
        self.seq += 1;
        self.waiting.insert(w.clone(), (SimTime(0), self.seq));
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

    /// The waiting items, oldest first.
    pub fn items(&self) -> impl Iterator<Item = &Work> {
        self.items.values().map(|(w, _)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(ctl: CtlId, k: &str) -> Work {
        Work::Sync {
            ctl,
            op: 0,
            key: Key::Name(k.into()),
        }
    }

    #[test]
    fn queue_dedupe_should_keep_earlier_item() {
        let mut q = WorkQueue::default();
        q.add(w(0, "default/a"));
        q.add(w(1, "default/r"));
        q.add(w(0, "default/a"));
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop(), Some(w(0, "default/a")));
        q.add(w(0, "default/a"));
        assert_eq!(q.pop(), Some(w(1, "default/r")));
        assert_eq!(q.pop(), Some(w(0, "default/a")));
        assert_eq!(q.pop(), None);
    }

    #[test]
    fn the_same_key_for_two_controllers_is_two_items() {
        let mut q = WorkQueue::default();
        q.add(w(0, "default/a"));
        q.add(w(1, "default/a"));
        assert_eq!(q.len(), 2);
    }
}

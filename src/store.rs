//! etcd: a versioned key-value store with one global revision.
//!
//! Every write bumps the revision; each key remembers the revision that created it and the
//! one that last modified it, and `metadata.resourceVersion` is the modification revision as a
//! decimal string (`staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go`). Every change is
//! appended to a watch log, which watchers read from a revision onward, in order.
//!
//! The maps are persistent (`imbl`), so cloning a store for a checkpoint or a read snapshot
//! costs O(1) and shares structure.

use std::sync::Arc;

use imbl::OrdMap;

use crate::object::{Kind, ObjKey, Object};

/// How many revisions before the informers' position the watch log keeps (compacted every
/// 1,024 revisions, as kube-apiserver compacts etcd periodically): a watch from an older
/// resourceVersion gets 410 Gone. Older states of objects are still reachable by
/// rewinding (`Engine::object_at`).
pub const WATCH_WINDOW: i64 = 10_000;

/// How many revisions before the informers' position a checkpoint's copy of the watch log
/// keeps: a cluster restored from it has its log compacted there.
pub const CHECKPOINT_WINDOW: i64 = 1_000;

/// A stored value with its etcd revisions.
#[derive(Clone, Debug)]
pub struct Entry {
    pub obj: Arc<Object>,
    pub create_rev: i64,
    pub mod_rev: i64,
}

/// Watch event type, as the API sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchType {
    Added,
    Modified,
    Deleted,
}

impl WatchType {
    pub fn as_str(self) -> &'static str {
        match self {
            WatchType::Added => "ADDED",
            WatchType::Modified => "MODIFIED",
            WatchType::Deleted => "DELETED",
        }
    }
}

/// One change: the revision it was committed at, its type and the object after the change
/// (for a delete, the last state with its resourceVersion set to the delete revision).
#[derive(Clone, Debug)]
pub struct WatchEvent {
    pub rev: i64,
    pub ty: WatchType,
    pub obj: Arc<Object>,
    /// The object before the change (None for ADDED).
    pub old: Option<Arc<Object>>,
}

/// Error from a store operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    AlreadyExists,
    NotFound,
    /// Compare-and-swap failed: the caller's resourceVersion is stale.
    Conflict,
    /// The requested watch revision has been compacted away.
    Compacted {
        oldest: i64,
    },
}

/// The etcd model.
#[derive(Clone, Debug, Default)]
pub struct Store {
    rev: i64,
    items: OrdMap<ObjKey, Entry>,
    /// Watch log; `log[i].rev` is strictly increasing.
    log: imbl::Vector<WatchEvent>,
    /// Number of kinds' objects, per kind, kept for cheap counts.
    counts: OrdMap<Kind, u64>,
}

impl Store {
    pub fn new() -> Store {
        Store::default()
    }

    /// The current (latest committed) revision.
    pub fn revision(&self) -> i64 {
        self.rev
    }

    pub fn get(&self, key: &ObjKey) -> Option<&Entry> {
        self.items.get(key)
    }

    pub fn get_obj(&self, key: &ObjKey) -> Option<&Arc<Object>> {
        self.items.get(key).map(|e| &e.obj)
    }

    pub fn count(&self, kind: Kind) -> u64 {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    /// All objects of a kind (optionally in one namespace), ordered by namespace then name.
    pub fn list(&self, kind: Kind, namespace: Option<&str>) -> Vec<Arc<Object>> {
        let lo = ObjKey {
            kind,
            namespace: namespace.unwrap_or("").to_string(),
            name: String::new(),
        };
        self.items
            .range(lo..)
            .take_while(|(k, _)| k.kind == kind && namespace.is_none_or(|ns| k.namespace == ns))
            .map(|(_, e)| e.obj.clone())
            .collect()
    }

    /// Objects of a kind as they were at revision `rev` (reconstructed from the watch log;
    /// fails if that part of the log was compacted).
    pub fn list_at(&self, kind: Kind, rev: i64) -> Result<Vec<Arc<Object>>, StoreError> {
        let oldest = self.log.front().map(|e| e.rev).unwrap_or(self.rev + 1);
        if rev < oldest - 1 && !(oldest == 1 && rev == 0) {
            return Err(StoreError::Compacted { oldest });
        }
        let mut state: std::collections::BTreeMap<ObjKey, Arc<Object>> = Default::default();
        for ev in self.log.iter() {
            if ev.rev > rev {
                break;
            }
            if ev.obj.kind() != kind {
                continue;
            }
            match ev.ty {
                WatchType::Deleted => {
                    state.remove(&ev.obj.key());
                }
                _ => {
                    state.insert(ev.obj.key(), ev.obj.clone());
                }
            }
        }
        Ok(state.into_values().collect())
    }

    fn commit(&mut self, ty: WatchType, obj: Arc<Object>, old: Option<Arc<Object>>) {
        self.log.push_back(WatchEvent {
            rev: self.rev,
            ty,
            obj,
            old,
        });
    }

    /// Create `obj` at a new revision; fails if the key exists.
    pub fn create(&mut self, mut obj: Object) -> Result<Arc<Object>, StoreError> {
        let key = obj.key();
        if self.items.contains_key(&key) {
            return Err(StoreError::AlreadyExists);
        }
        self.rev += 1;
        obj.meta_mut().resource_version = Some(self.rev.to_string());
        let obj = Arc::new(obj);
        self.items.insert(
            key.clone(),
            Entry {
                obj: obj.clone(),
                create_rev: self.rev,
                mod_rev: self.rev,
            },
        );
        *self.counts.entry(key.kind).or_insert(0) += 1;
        self.commit(WatchType::Added, obj.clone(), None);
        Ok(obj)
    }

    /// Replace the object at `obj`'s key. If `expect_rev` is given, the stored modification
    /// revision must equal it (optimistic concurrency), else `Conflict`.
    pub fn update(
        &mut self,
        mut obj: Object,
        expect_rev: Option<i64>,
    ) -> Result<Arc<Object>, StoreError> {
        let key = obj.key();
        let Some(entry) = self.items.get(&key) else {
            return Err(StoreError::NotFound);
        };
        if expect_rev.is_some_and(|r| r != entry.mod_rev) {
            return Err(StoreError::Conflict);
        }
        let create_rev = entry.create_rev;
        let old = entry.obj.clone();
        self.rev += 1;
        obj.meta_mut().resource_version = Some(self.rev.to_string());
        let obj = Arc::new(obj);
        self.items.insert(
            key,
            Entry {
                obj: obj.clone(),
                create_rev,
                mod_rev: self.rev,
            },
        );
        self.commit(WatchType::Modified, obj.clone(), Some(old));
        Ok(obj)
    }

    /// Remove the key; the DELETED event carries the last state at the delete revision.
    pub fn delete(&mut self, key: &ObjKey) -> Result<Arc<Object>, StoreError> {
        let Some(entry) = self.items.remove(key) else {
            return Err(StoreError::NotFound);
        };
        self.rev += 1;
        if let Some(c) = self.counts.get_mut(&key.kind) {
            *c -= 1;
        }
        let mut last = (*entry.obj).clone();
        last.meta_mut().resource_version = Some(self.rev.to_string());
        let last = Arc::new(last);
        self.commit(WatchType::Deleted, last.clone(), Some(entry.obj));
        Ok(last)
    }

    /// Every change with revision > `after`, in order.
    pub fn changes_since(&self, after: i64) -> Result<Vec<WatchEvent>, StoreError> {
        if after >= self.rev {
            // Nothing newer (the common case for a caught-up watcher).
            return Ok(vec![]);
        }
        let Some(first) = self.log.front() else {
            return Ok(vec![]);
        };
        if after + 1 < first.rev {
            return Err(StoreError::Compacted { oldest: first.rev });
        }
        let skip = (after + 1 - first.rev).max(0) as usize;
        if skip >= self.log.len() {
            return Ok(vec![]);
        }
        // Index into the log: skipping through its front item by item would cost
        // O(log length) per call.
        Ok((skip..self.log.len())
            .map(|i| self.log[i].clone())
            .collect())
    }

    /// The change committed at revision `rev`, if it is still in the watch log.
    pub fn change_at(&self, rev: i64) -> Option<&WatchEvent> {
        let first = self.log.front()?.rev;
        if rev < first {
            return None;
        }
        self.log
            .get((rev - first) as usize)
            .filter(|e| e.rev == rev)
    }

    /// The oldest revision still in the watch log (the next revision when it is empty).
    pub fn oldest(&self) -> i64 {
        self.log.front().map(|e| e.rev).unwrap_or(self.rev + 1)
    }

    /// The object at `key` right after revision `rev` (`None`: it did not exist then),
    /// going back from the current state through the watch log; `Compacted` when the log
    /// no longer reaches back to it.
    pub fn object_at(&self, key: &ObjKey, rev: i64) -> Result<Option<Arc<Object>>, StoreError> {
        let oldest = self.oldest();
        if rev + 1 < oldest {
            return Err(StoreError::Compacted { oldest });
        }
        let mut state = self.get_obj(key).cloned();
        for ev in self.log.iter().rev() {
            if ev.rev <= rev {
                break;
            }
            let o = &ev.obj;
            if o.kind() == key.kind && o.name() == key.name && o.namespace() == key.namespace {
                state = match ev.ty {
                    WatchType::Added => None,
                    _ => ev.old.clone(),
                };
            }
        }
        Ok(state)
    }

    /// Every change of `key` still in the watch log: (revision, type), oldest first.
    pub fn changes_of(&self, key: &ObjKey) -> Vec<(i64, WatchType)> {
        self.log
            .iter()
            .filter(|ev| {
                let o = &ev.obj;
                o.kind() == key.kind && o.name() == key.name && o.namespace() == key.namespace
            })
            .map(|ev| (ev.rev, ev.ty))
            .collect()
    }

    /// Drop watch-log entries at or below `rev` (etcd compaction).
    pub fn compact(&mut self, rev: i64) {
        // Revisions in the log are consecutive: cut the front in one go (O(log n)).
        let Some(first) = self.log.front().map(|e| e.rev) else {
            return;
        };
        if rev >= first {
            let n = ((rev - first + 1) as usize).min(self.log.len());
            if self.log.get(n - 1).is_some_and(|e| e.rev <= rev) {
                self.log = self.log.skip(n);
            }
        }
        while self.log.front().is_some_and(|e| e.rev <= rev) {
            self.log.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Namespace;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn ns(name: &str) -> Object {
        Object::from(Namespace {
            metadata: ObjectMeta {
                name: Some(name.into()),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    #[test]
    fn revisions_and_resource_versions() {
        let mut s = Store::new();
        let a = s.create(ns("a")).unwrap();
        assert_eq!(a.meta().resource_version.as_deref(), Some("1"));
        assert_eq!(s.create(ns("a")).unwrap_err(), StoreError::AlreadyExists);
        let b = s.update(ns("a"), Some(1)).unwrap();
        assert_eq!(b.meta().resource_version.as_deref(), Some("2"));
        assert_eq!(
            s.update(ns("a"), Some(1)).unwrap_err(),
            StoreError::Conflict
        );
        let e = s.get(&a.key()).unwrap();
        assert_eq!((e.create_rev, e.mod_rev), (1, 2));
        s.delete(&a.key()).unwrap();
        assert_eq!(s.revision(), 3);
        let ch = s.changes_since(1).unwrap();
        assert_eq!(ch.len(), 2);
        assert_eq!(ch[1].ty, WatchType::Deleted);
        assert_eq!(s.list_at(Kind::Namespace, 2).unwrap().len(), 1);
        assert_eq!(s.list_at(Kind::Namespace, 3).unwrap().len(), 0);
        s.compact(2);
        assert!(matches!(
            s.changes_since(0),
            Err(StoreError::Compacted { .. })
        ));
    }
}

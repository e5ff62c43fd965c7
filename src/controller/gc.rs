//! Garbage collector (`pkg/controller/garbagecollector`): when an owner is gone, delete its
//! dependents (background propagation); for owners being deleted with the `orphan` finalizer,
//! strip the ownerReferences from dependents; with `foregroundDeletion`, delete dependents
//! first and remove the owner when none is left.

use crate::lang::{Lang, s};
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::Runtime;
use crate::runtime::api::DeleteOptions;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};

/// The garbage collector (`garbagecollector.go`). Its dependency graph is the runtime's
/// owner index (`Indexes::dependents`), so it keeps no state of its own.
#[derive(Clone, Debug, Default)]
pub struct GarbageCollector;

fn has_finalizer(o: &Object, names: &[&str]) -> bool {
    o.meta()
        .finalizers
        .iter()
        .flatten()
        .any(|f| names.contains(&f.as_str()))
}

impl Controller for GarbageCollector {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "garbage-collector"
    }

    /// The graph builder watches every resource that can own or depend on another.
    fn watches(&self, kind: Kind) -> bool {
        !matches!(kind, Kind::Event | Kind::Lease | Kind::Namespace)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        // An owner went away, or asked for orphan/foreground handling.
        let u = obj.meta().uid.clone().unwrap_or_default();
        let wants_gc = match ev.ty {
            WatchType::Deleted => true,
            _ => {
                obj.meta().deletion_timestamp.is_some()
                    && has_finalizer(obj, &["orphan", "foregroundDeletion"])
            }
        };
        if wants_gc && (c.idx.dependents.contains_key(&u) || ev.ty != WatchType::Deleted) {
            c.enqueue(c.work(0, Key::Name(u)));
        }
        // A dependent went away: an owner waiting for its dependents (foreground deletion)
        // is looked at again (graph_builder.go processGraphChanges: owners in
        // waitingForDependentsDeletion are queued when a dependent is removed).
        if ev.ty == WatchType::Deleted {
            for r in obj.meta().owner_references.iter().flatten() {
                let waiting = c
                    .idx
                    .by_uid
                    .get(&r.uid)
                    .and_then(|k| c.store.get_obj(k))
                    .is_some_and(|o| {
                        o.meta().deletion_timestamp.is_some()
                            && has_finalizer(o, &["foregroundDeletion"])
                    });
                if waiting {
                    c.enqueue(c.work(0, Key::Name(r.uid.clone())));
                }
            }
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        process(c, cx, key.name());
    }
}

fn strip_finalizer(c: &mut Runtime, cx: &mut StepCtx, key: &ObjKey, f: &str) {
    if let Some(o) = c.store.get_obj(key).cloned() {
        let mut o = (*o).clone();
        if let Some(fs) = o.meta_mut().finalizers.as_mut() {
            fs.retain(|x| x != f);
            if fs.is_empty() {
                o.meta_mut().finalizers = None;
            }
        }
        let _ = c.api_update(cx, o, false, false);
    }
}

/// Process the dependents of the owner with `uid`.
fn process(c: &mut Runtime, cx: &mut StepCtx, uid: &str) {
    let deps: Vec<ObjKey> = c
        .idx
        .dependents
        .get(uid)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default();
    let owner_key = c.idx.by_uid.get(uid).cloned();
    let owner = owner_key.as_ref().and_then(|k| c.store.get_obj(k).cloned());
    match owner {
        // Owner still exists: only act for orphan / foreground finalizers.
        Some(o) if o.meta().deletion_timestamp.is_some() => {
            let fins = o.meta().finalizers.clone().unwrap_or_default();
            let key = o.key();
            if fins.iter().any(|f| f == "orphan") {
                let mut n = 0;
                for d in &deps {
                    if let Some(dep) = c.store.get_obj(d).cloned() {
                        let mut dep: Object = (*dep).clone();
                        if let Some(refs) = dep.meta_mut().owner_references.as_mut() {
                            refs.retain(|r| r.uid != uid);
                        }
                        if dep
                            .meta()
                            .owner_references
                            .as_ref()
                            .is_some_and(|r| r.is_empty())
                        {
                            dep.meta_mut().owner_references = None;
                        }
                        if c.api_update(cx, dep, false, false).is_ok() {
                            n += 1;
                        }
                    }
                }
                strip_finalizer(c, cx, &key, "orphan");
                cx.say(GcWhy::Orphaned {
                    kind: key.kind,
                    name: key.name.clone(),
                    dependents: n,
                });
            } else if fins.iter().any(|f| f == "foregroundDeletion") {
                let live: Vec<&ObjKey> = deps
                    .iter()
                    .filter(|d| c.store.get_obj(d).is_some())
                    .collect();
                if live.is_empty() {
                    strip_finalizer(c, cx, &key, "foregroundDeletion");
                    cx.say(GcWhy::ForegroundDone {
                        kind: key.kind,
                        name: key.name.clone(),
                    });
                } else {
                    let mut names = vec![];
                    for d in live {
                        let opts = DeleteOptions {
                            propagation: crate::runtime::api::Propagation::Foreground,
                            ..Default::default()
                        };
                        if c.store
                            .get_obj(d)
                            .is_some_and(|o| o.meta().deletion_timestamp.is_none())
                            && c.api_delete(cx, d, opts).is_ok()
                        {
                            names.push(d.name.clone());
                        }
                    }
                    if !names.is_empty() {
                        cx.say(GcWhy::Foreground {
                            kind: key.kind,
                            name: key.name.clone(),
                            dependents: names.clone(),
                        });
                    }
                }
            }
        }
        Some(_) => {}
        // Owner gone: delete dependents whose every owner is gone (attemptToDeleteItem).
        None => {
            let mut names = vec![];
            for d in &deps {
                let Some(dep) = c.store.get_obj(d).cloned() else {
                    continue;
                };
                let others_alive = dep
                    .meta()
                    .owner_references
                    .iter()
                    .flatten()
                    .any(|r| r.uid != uid && c.idx.by_uid.contains_key(&r.uid));
                if others_alive {
                    let mut n = (*dep).clone();
                    if let Some(refs) = n.meta_mut().owner_references.as_mut() {
                        refs.retain(|r| r.uid != uid);
                    }
                    let _ = c.api_update(cx, n, false, false);
                    continue;
                }
                if dep.meta().deletion_timestamp.is_some() {
                    continue;
                }
                if c.api_delete(cx, d, DeleteOptions::default()).is_ok() {
                    names.push(format!("{} {}", d.kind.name(), d.name));
                }
            }
            if !names.is_empty() {
                cx.say(GcWhy::Background {
                    owner_uid: uid.chars().take(8).collect(),
                    dependents: names.clone(),
                });
            }
        }
    }
}

/// What the garbage collector did.
#[derive(Clone, Debug)]
pub enum GcWhy {
    /// Orphan propagation: the owner's ownerReferences were removed from its dependents.
    Orphaned {
        kind: Kind,
        name: String,
        dependents: usize,
    },
    /// Foreground deletion finished: the finalizer is removed.
    ForegroundDone { kind: Kind, name: String },
    /// Foreground deletion: dependents deleted first.
    Foreground {
        kind: Kind,
        name: String,
        dependents: Vec<String>,
    },
    /// Background propagation: the owner is gone, its dependents are deleted.
    Background {
        owner_uid: String,
        dependents: Vec<String>,
    },
}

impl Explain for GcWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            GcWhy::Orphaned {
                kind,
                name,
                dependents,
            } => w.pick(
                "{0} {1} is deleted with propagation Orphan: removed its ownerReference from {2} dependent{3} and let it go",
                "{0} {1} 以 Orphan 传播策略删除：从 {2} 个附属对象中移除了指向它的 ownerReference，然后放行它的删除",
                [&kind.name(), &name, &dependents, &s(*dependents as i64)],
            ),
            GcWhy::ForegroundDone { kind, name } => w.pick(
                "every dependent of {0} {1} is gone: removed the foregroundDeletion finalizer, which deletes it",
                "{0} {1} 的附属对象都已消失：移除了 foregroundDeletion finalizer，它随即被删除",
                [&kind.name(), &name],
            ),
            GcWhy::Foreground {
                kind,
                name,
                dependents,
            } => w.pick(
                "{0} {1} is deleted in the foreground: deleting its dependents first ({2})",
                "{0} {1} 正在前台级联删除：先删除它的附属对象（{2}）",
                [&kind.name(), &name, &dependents.join(", ")],
            ),
            GcWhy::Background {
                owner_uid,
                dependents,
            } => w.pick(
                "their owner (uid {0}) no longer exists: deleted {1} dependent{2} ({3}) with background propagation",
                "它们的属主（uid {0}）已不存在：以后台级联方式删除了 {1} 个附属对象（{3}）",
                [&owner_uid, &dependents.len(), &s(dependents.len() as i64), &dependents.join(", ")],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    #[test]
    fn every_garbage_collector_explanation_renders_in_both_languages() {
        let all = [
            GcWhy::Orphaned {
                kind: Kind::ReplicaSet,
                name: "web-1".into(),
                dependents: 3,
            },
            GcWhy::ForegroundDone {
                kind: Kind::Deployment,
                name: "web".into(),
            },
            GcWhy::Foreground {
                kind: Kind::Deployment,
                name: "web".into(),
                dependents: vec!["ReplicaSet web-1".into()],
            },
            GcWhy::Background {
                owner_uid: "1234abcd".into(),
                dependents: vec!["Pod web-1".into()],
            },
        ];
        let index = |w: &GcWhy| match w {
            GcWhy::Orphaned { .. } => 0,
            GcWhy::ForegroundDone { .. } => 1,
            GcWhy::Foreground { .. } => 2,
            GcWhy::Background { .. } => 3,
        };
        crate::runtime::step::check_all(&all, index, 4);
        assert!(all[3].en().contains("deleted 1 dependent (Pod web-1)"));
    }
}

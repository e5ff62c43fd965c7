//! Watches (`?watch=true`): the events of one resource, from a resourceVersion on, as the
//! newline-delimited JSON frames the API server streams
//! (`staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go`, the watch cache's
//! filtering in `staging/src/k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go`).
//!
//! This is pure: the host (`kubestep serve`) keeps the stream open and calls
//! [`WatchStream::poll`] after every change to the cluster.

use serde_json::{Value, json};

use crate::apiserver::fields::FieldSelector;
use crate::cluster::Cluster;
use crate::labels::Selector;
use crate::object::{Kind, Object};
use crate::store::{StoreError, WatchType};

use super::status::Status;
use super::table::{self, IncludeObject};

/// An open watch.
#[derive(Clone, Debug)]
pub struct WatchStream {
    pub kind: Kind,
    /// `None`: every namespace (and cluster-scoped kinds).
    pub namespace: Option<String>,
    pub labels: Option<Selector>,
    pub fields: FieldSelector,
    /// `Some((version, include))` for Table frames.
    pub table: Option<(&'static str, IncludeObject)>,
    /// The Table's column definitions went out with the first frame.
    sent_columns: bool,
    /// Every change up to this revision has been considered.
    pub last_rev: i64,
    /// `?timeoutSeconds=`: the host closes the stream after this long (wall time).
    pub timeout_seconds: Option<u64>,
    /// Events served as events.k8s.io/v1.
    pub events_v1: bool,
    /// The stream ended (an ERROR frame was sent).
    pub ended: bool,
}

/// The first frames of a new watch and the stream to keep polling.
pub struct WatchStart {
    pub stream: WatchStream,
    pub frames: Vec<u8>,
}

impl WatchStream {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        kind: Kind,
        namespace: Option<String>,
        labels: Option<Selector>,
        fields: FieldSelector,
        table: Option<(&'static str, IncludeObject)>,
        timeout_seconds: Option<u64>,
    ) -> WatchStream {
        WatchStream {
            kind,
            namespace,
            labels,
            fields,
            table,
            sent_columns: false,
            last_rev: 0,
            timeout_seconds,
            ended: false,
            events_v1: false,
        }
    }

    fn matches(&self, o: &Object) -> bool {
        o.kind() == self.kind
            && self
                .namespace
                .as_deref()
                .is_none_or(|ns| !self.kind.namespaced() || o.namespace() == ns)
            && self
                .labels
                .as_ref()
                .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
            && self.fields.matches(o)
    }

    /// Start: with no resourceVersion or `0`, synthetic ADDED frames for the current state
    /// first; with `N`, only changes after N (an ERROR 410 frame if N was compacted).
    pub fn start(
        mut self,
        c: &Cluster,
        resource_version: Option<&str>,
    ) -> Result<WatchStart, Status> {
        let rv =
            match resource_version.filter(|s| !s.is_empty()) {
                None => None,
                Some(s) => Some(s.parse::<i64>().map_err(|_| {
                    Status::bad_request(format!("invalid resource version {:?}", s))
                })?),
            };
        let mut frames = Vec::new();
        match rv {
            None | Some(0) => {
                let ns = if self.kind.namespaced() {
                    self.namespace.clone()
                } else {
                    None
                };
                let objs = c.store.list(self.kind, ns.as_deref());
                let wanted: Vec<_> = objs.iter().filter(|o| self.matches(o)).collect();
                for o in wanted {
                    self.frame(&mut frames, "ADDED", o, c);
                }
                self.last_rev = c.store.revision();
            }
            Some(n) => {
                self.last_rev = n.min(c.store.revision());
                if let Err(StoreError::Compacted { oldest }) = c.store.changes_since(self.last_rev)
                {
                    self.error_frame(&mut frames, &Status::expired(n, oldest - 1));
                    return Ok(WatchStart {
                        stream: self,
                        frames,
                    });
                }
                frames.extend(self.poll(c));
            }
        }
        Ok(WatchStart {
            stream: self,
            frames,
        })
    }

    /// Frames for every change since the last poll.
    pub fn poll(&mut self, c: &Cluster) -> Vec<u8> {
        let mut frames = Vec::new();
        if self.ended {
            return frames;
        }
        let changes = match c.store.changes_since(self.last_rev) {
            Ok(ch) => ch,
            Err(StoreError::Compacted { oldest }) => {
                self.error_frame(&mut frames, &Status::expired(self.last_rev, oldest - 1));
                return frames;
            }
            Err(_) => return frames,
        };
        self.last_rev = c.store.revision();
        for ev in changes {
            if ev.obj.kind() != self.kind {
                continue;
            }
            let now = self.matches(&ev.obj);
            let before = ev.old.as_ref().is_some_and(|o| self.matches(o));
            match ev.ty {
                WatchType::Added if now => self.frame(&mut frames, "ADDED", &ev.obj, c),
                WatchType::Deleted if now || before => {
                    self.frame(&mut frames, "DELETED", &ev.obj, c)
                }
                WatchType::Modified => match (before, now) {
                    (true, true) => self.frame(&mut frames, "MODIFIED", &ev.obj, c),
                    (false, true) => self.frame(&mut frames, "ADDED", &ev.obj, c),
                    (true, false) => {
                        // Left the selection: DELETED with the previous state at this revision.
                        let mut old = (**ev.old.as_ref().expect("before")).clone();
                        old.meta_mut().resource_version = Some(ev.rev.to_string());
                        self.frame(&mut frames, "DELETED", &old, c);
                    }
                    (false, false) => {}
                },
                _ => {}
            }
        }
        frames
    }

    fn frame(&mut self, out: &mut Vec<u8>, ty: &str, o: &Object, c: &Cluster) {
        let object = match self.table {
            Some((version, include)) => {
                let first = !self.sent_columns;
                self.sent_columns = true;
                table::table(self.kind, &[o], c.now, include, None, first, version)
            }
            None if self.events_v1 => crate::apiserver::events_v1::to_v1(&o.to_value()),
            None => o.to_value(),
        };
        push_frame(out, &json!({"type": ty, "object": object}));
    }

    fn error_frame(&mut self, out: &mut Vec<u8>, s: &Status) {
        push_frame(out, &json!({"type": "ERROR", "object": s.to_value()}));
        self.ended = true;
    }
}

fn push_frame(out: &mut Vec<u8>, v: &Value) {
    out.extend_from_slice(serde_json::to_string(v).unwrap_or_default().as_bytes());
    out.push(b'\n');
}

//! What the views keep between frames, so that a frame reads only what changed since the
//! last one. The store's revision says whether anything did, and its watch log what:
//! [`Mark`] remembers the revision a cache was built at (and the change committed there,
//! to notice a different timeline after a rewind or a reset), and [`EventRows`] applies
//! the watch log's changes since then instead of listing and sorting every Event again.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use kubestep::cluster::Cluster;
use kubestep::object::{Kind, Object};
use kubestep::printers::{self, PrintOptions};
use kubestep::store::{WatchEvent, WatchType};
use kubestep::time::SimTime;

/// The store's revision a cache was built at, and which object was written there.
#[derive(Clone, PartialEq, Debug)]
pub struct Mark {
    rev: i64,
    at: Option<(Kind, String, String, Option<String>)>,
}

impl Mark {
    /// Where `c`'s store is now.
    pub fn of(c: &Cluster) -> Mark {
        Mark::at(c, c.store.revision())
    }

    fn at(c: &Cluster, rev: i64) -> Mark {
        Mark {
            rev,
            at: c.store.change_at(rev).map(|ev| {
                (
                    ev.obj.kind(),
                    ev.obj.namespace().to_string(),
                    ev.obj.name().to_string(),
                    ev.obj.meta().uid.clone(),
                )
            }),
        }
    }

    /// Whether `c` is this mark's timeline, at this revision or later: the same object was
    /// written at this revision (a rewound or reset cluster writes other objects, with
    /// other uids).
    pub fn leads_to(&self, c: &Cluster) -> bool {
        self.rev <= c.store.revision() && (self.rev == 0 || *self == Mark::at(c, self.rev))
    }

    pub fn rev(&self) -> i64 {
        self.rev
    }
}

/// One Event of the events pane.
pub struct EventRow {
    /// Sort key: the resourceVersion (the revision of the Event's last write), so rows
    /// come in the order a watch started before them would have printed each one last.
    /// (Not by timestamp: `lastTimestamp` has whole seconds and events.k8s.io's
    /// `eventTime` microseconds, so sorting by them interleaves wrongly.)
    pub key: i64,
    pub obj: Arc<Object>,
    /// Widths (in characters) of the TYPE, REASON and OBJECT cells, which do not change
    /// with the clock.
    widths: [usize; 3],
}

/// The Events of one namespace, sorted as the pane shows them, kept up to date from the
/// watch log.
#[derive(Default)]
pub struct EventRows {
    mark: Option<Mark>,
    ns: String,
    pub rows: Vec<Rc<EventRow>>,
    by_name: HashMap<String, i64>,
    /// The widest TYPE, REASON and OBJECT cells (header included).
    pub widths: [usize; 3],
    /// The widest LAST SEEN cell drawn so far (long lists measure only the rows in view,
    /// and a column never narrows: kubectl's tabwriter remembers widths the same way).
    pub last_seen: usize,
    widths_stale: bool,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

const HEADER: [&str; 5] = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];

impl EventRows {
    /// Bring the rows to `c`'s revision: the watch log's changes since the last call, or
    /// everything again when `c` is another timeline (a rewind, a reset) or the log was
    /// compacted.
    pub fn update(&mut self, c: &Cluster, ns: &str) {
        if let Some(m) = &self.mark
            && self.ns == ns
            && m.leads_to(c)
        {
            if m.rev() == c.store.revision() {
                return;
            }
            if let Ok(changes) = c.store.changes_since(m.rev()) {
                for ch in &changes {
                    if ch.obj.kind() == Kind::Event && ch.obj.namespace() == ns {
                        self.apply(ch);
                    }
                }
                self.finish(c);
                return;
            }
        }
        self.rows.clear();
        self.by_name.clear();
        self.ns = ns.to_string();
        self.last_seen = 0;
        let mut rows: Vec<Rc<EventRow>> = c
            .store
            .list(Kind::Event, Some(ns))
            .into_iter()
            .map(|o| Rc::new(Self::row(o)))
            .collect();
        rows.sort_unstable_by_key(|r| r.key);
        for r in &rows {
            self.by_name.insert(r.obj.name().to_string(), r.key);
        }
        self.rows = rows;
        self.widths_stale = true;
        self.finish(c);
    }

    fn finish(&mut self, c: &Cluster) {
        if self.widths_stale {
            self.widths = [chars(HEADER[1]), chars(HEADER[2]), chars(HEADER[3])];
            for r in &self.rows {
                for i in 0..3 {
                    self.widths[i] = self.widths[i].max(r.widths[i]);
                }
            }
            self.widths_stale = false;
        }
        self.mark = Some(Mark::of(c));
    }

    fn row(o: Arc<Object>) -> EventRow {
        let rv = o
            .meta()
            .resource_version
            .as_deref()
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        // The cells that do not depend on the clock, measured once.
        let cells = printers::table_row(&o, &PrintOptions::default(), SimTime(0));
        let w = |i: usize| cells.get(i).map_or(0, |s| chars(s));
        EventRow {
            key: rv,
            widths: [w(1), w(2), w(3)],
            obj: o,
        }
    }

    fn remove(&mut self, name: &str) {
        if let Some(key) = self.by_name.remove(name)
            && let Ok(i) = self.rows.binary_search_by_key(&key, |r| r.key)
        {
            self.rows.remove(i);
            self.widths_stale = true;
        }
    }

    fn apply(&mut self, ch: &WatchEvent) {
        self.remove(ch.obj.name());
        if ch.ty == WatchType::Deleted {
            return;
        }
        let r = Self::row(ch.obj.clone());
        for i in 0..3 {
            self.widths[i] = self.widths[i].max(r.widths[i]);
        }
        let i = self.rows.partition_point(|x| x.key < r.key);
        self.by_name.insert(r.obj.name().to_string(), r.key);
        self.rows.insert(i, Rc::new(r));
    }

    /// Lines `a..b` of the pane (`0` is the header), laid out as kubectl's tabwriter lays
    /// out the whole list: every column as wide as its widest cell plus 3, at least 6; the
    /// MESSAGE not padded. LAST SEEN is measured over every row when the list is short
    /// (`all`), else over the rows in view and what was drawn before.
    pub fn lines(&mut self, a: usize, b: usize, now: SimTime, all: bool) -> Vec<String> {
        let cells_of = |r: &EventRow| printers::table_row(&r.obj, &PrintOptions::default(), now);
        let b = b.min(self.rows.len() + 1);
        let body: Vec<Vec<String>> = (a.max(1)..b).map(|i| cells_of(&self.rows[i - 1])).collect();
        let mut w0 = chars(HEADER[0]);
        if all {
            for r in &self.rows {
                w0 = w0.max(cells_of(r).first().map_or(0, |s| chars(s)));
            }
        } else {
            for c in &body {
                w0 = w0.max(c.first().map_or(0, |s| chars(s)));
            }
            w0 = w0.max(self.last_seen);
            self.last_seen = w0;
        }
        let widths = [w0, self.widths[0], self.widths[1], self.widths[2]].map(|w| (w + 3).max(6));
        let layout = |cells: &[String]| {
            let mut line = String::new();
            for (i, c) in cells.iter().enumerate() {
                line.push_str(c);
                if i < 4 {
                    for _ in chars(c)..widths[i] {
                        line.push(' ');
                    }
                }
            }
            line
        };
        let mut out = Vec::with_capacity(b.saturating_sub(a));
        if a == 0 && b > 0 {
            let h: Vec<String> = HEADER.iter().map(|s| s.to_string()).collect();
            out.push(layout(&h));
        }
        out.extend(body.iter().map(|c| layout(c)));
        out
    }
}

/// The revisions at which one object was written (the objects pane's revision buttons),
/// kept up to date from the watch log.
#[derive(Default)]
pub struct ObjectRevs {
    mark: Option<Mark>,
    key: Option<kubestep::object::ObjKey>,
    pub revs: Vec<(i64, &'static str)>,
}

impl ObjectRevs {
    /// Bring the list to `e`'s revision: the watch log's changes since the last call, or
    /// every revision again ([`kubestep::Engine::object_revisions`]: the watch log keeps
    /// only recent revisions) for another object, another timeline, or a compacted log.
    pub fn update(&mut self, e: &kubestep::Engine, key: &kubestep::object::ObjKey) {
        let c = e.cluster();
        if let Some(m) = &self.mark
            && self.key.as_ref() == Some(key)
            && m.leads_to(c)
            && let Ok(changes) = c.store.changes_since(m.rev())
        {
            let is = |o: &Object| {
                o.kind() == key.kind && o.name() == key.name && o.namespace() == key.namespace
            };
            for ev in changes {
                if is(&ev.obj) {
                    self.revs.push((ev.rev, ev.ty.as_str()));
                }
            }
        } else {
            self.revs = e
                .object_revisions(key)
                .into_iter()
                .map(|(r, t)| (r, t.as_str()))
                .collect();
        }
        self.key = Some(key.clone());
        self.mark = Some(Mark::of(c));
    }
}

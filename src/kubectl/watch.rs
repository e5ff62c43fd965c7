//! `kubectl get … --watch`: a watch on the store that prints a row per change, through one
//! printer that remembers column widths (as kubectl's does).

use std::sync::Arc;

use crate::cluster::Cluster;
use crate::labels::Selector;
use crate::object::{Kind, Object};
use crate::printers::{PrintOptions, WatchPrinter};

/// A running watch.
#[derive(Clone, Debug)]
pub struct Watch {
    /// The id given by the caller (the script line that started it).
    pub id: u32,
    pub kind: Kind,
    /// Namespace filter (None = all namespaces).
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub selector: Option<Selector>,
    pub opts: PrintOptions,
    pub output: Option<String>,
    printer: WatchPrinter,
    last_rev: i64,
}

impl Watch {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: u32,
        kind: Kind,
        namespace: Option<String>,
        name: Option<String>,
        selector: Option<Selector>,
        opts: PrintOptions,
        output: Option<String>,
        c: &Cluster,
    ) -> Watch {
        Watch {
            id,
            kind,
            namespace,
            name,
            selector,
            opts,
            output,
            printer: WatchPrinter::new(kind, opts, false),
            last_rev: c.store.revision(),
        }
    }

    fn wants(&self, o: &Object) -> bool {
        o.kind() == self.kind
            && self
                .namespace
                .as_deref()
                .is_none_or(|ns| o.namespace() == ns || !self.kind.namespaced())
            && self.name.as_deref().is_none_or(|n| o.name() == n)
            && self
                .selector
                .as_ref()
                .is_none_or(|s| s.matches(o.meta().labels.as_ref().unwrap_or(&Default::default())))
    }

    fn render(&mut self, objs: &[&Object], c: &Cluster, initial: bool) -> String {
        match self.output.as_deref() {
            Some("name") => objs
                .iter()
                .map(|o| format!("{}/{}\n", o.kind().qualified_singular(), o.name()))
                .collect(),
            Some("yaml") => objs
                .iter()
                .map(|o| format!("---\n{}", crate::printers::to_yaml(&o.to_value())))
                .collect(),
            Some("json") => objs
                .iter()
                .map(|o| crate::printers::to_json(&o.to_value()))
                .collect(),
            _ if initial => self.printer.initial(objs, c.now),
            _ => objs
                .iter()
                .map(|o| self.printer.event("", o, c.now))
                .collect(),
        }
    }

    /// The current list, as the watch prints it first.
    pub fn initial(&mut self, c: &Cluster) -> Vec<String> {
        let ns = if self.kind.namespaced() {
            self.namespace.clone()
        } else {
            None
        };
        let list: Vec<Arc<Object>> = c.store.list(self.kind, ns.as_deref());
        let objs: Vec<&Object> = list
            .iter()
            .map(|o| &**o)
            .filter(|o| self.wants(o))
            .collect();
        let text = self.render(&objs, c, true);
        self.last_rev = c.store.revision();
        split_rows(&text)
    }

    /// Rows for every change since the last poll.
    pub fn poll(&mut self, c: &Cluster) -> Vec<String> {
        let Ok(changes) = c.store.changes_since(self.last_rev) else {
            self.last_rev = c.store.revision();
            return vec![];
        };
        self.last_rev = c.store.revision();
        let mut rows = vec![];
        for ev in changes {
            if self.wants(&ev.obj) {
                rows.extend(split_rows(&self.render(&[&*ev.obj], c, false)));
            }
        }
        rows
    }

    /// After a reset or rewind: continue from the cluster's current revision.
    pub fn reset(&mut self, c: &Cluster) {
        self.last_rev = c.store.revision();
    }
}

fn split_rows(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(String::from).collect()
}

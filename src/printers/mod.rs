//! kubectl output: tables (`kubectl get`), watch streams (`kubectl get -w`), event listings
//! (`kubectl get events`, `kubectl events`), `-o yaml|json`, and `kubectl describe`.
//!
//! Everything is a pure function of the objects and the virtual time `now`; kubectl v1.32
//! output is the spec, byte for byte. Submodules:
//! - [`tabwriter`]: Go `text/tabwriter` + liggitt's `RememberWidths` (kubectl's writer);
//! - [`table`]: per-kind columns and cells (`pkg/printers/internalversion/printers.go`);
//! - [`yaml`]: `-o yaml` (go-yaml v2 emitter rules) and `-o json`;
//! - [`events`]: `kubectl events` and the describe Events section;
//! - [`describe`]: `kubectl describe` for Deployment, ReplicaSet, Pod, Node.

pub mod describe;
pub mod events;
pub mod go_order;
pub mod gojson;
pub mod table;
pub mod tabwriter;
pub mod yaml;

use crate::object::{Kind, Object};
use crate::time::SimTime;

pub use describe::{describe, describe_template};
pub use events::{describe_events_section, kubectl_events, sort_events_by_time};
pub use gojson::to_go_json;
pub use table::{node_roles, node_status, pod_summary, table_headers, table_row};
pub use tabwriter::{TabWriter, tabulate};
pub use yaml::{list_value, to_json, to_yaml};

/// Table decoration flags of `kubectl get`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PrintOptions {
    /// `-o wide`: the extra (priority 1) columns.
    pub wide: bool,
    /// `--show-labels`: a trailing LABELS column.
    pub show_labels: bool,
    /// `--no-headers`.
    pub no_headers: bool,
    /// `-A` / `--all-namespaces`: a leading NAMESPACE column.
    pub with_namespace: bool,
    /// Event rows as `kubectl events` prints them (`Kind/name`, the kind as it is).
    pub events_command: bool,
}

/// `kubectl get <kind>` output for a list of objects of one kind: header (unless
/// `no_headers`) and one row per object, through a fresh kubectl tabwriter. No rows →
/// empty string (kubectl then prints `No resources found…` on stderr; not done here).
pub fn print_table(objs: &[&Object], kind: Kind, opts: &PrintOptions, now: SimTime) -> String {
    let mut tw = TabWriter::kubectl();
    let mut tp = TablePrinter::new();
    tp.print(&mut tw, objs, kind, opts, now, false)
}

/// `kubectl get a,b,c` (several resource types): one table per kind, names prefixed with
/// `kind.group/`, groups separated by a blank line; each group starts with fresh
/// remembered widths (`get.go` calls `SetRememberedWidths(nil)` per mapping). Groups
/// without objects print nothing.
pub fn print_tables(groups: &[(Kind, Vec<&Object>)], opts: &PrintOptions, now: SimTime) -> String {
    let mut out = String::new();
    let mut printed_any = false;
    for (kind, objs) in groups {
        if objs.is_empty() {
            continue;
        }
        let mut tw = TabWriter::kubectl();
        if printed_any && !opts.no_headers {
            out.push('\n');
        }
        let mut tp = TablePrinter::new();
        out.push_str(&tp.print(&mut tw, objs, *kind, opts, now, true));
        printed_any = true;
    }
    out
}

/// Header-tracking part of kubectl's table printer: the header is printed with the first
/// table that has rows, then never again for the same columns.
#[derive(Clone, Debug, Default)]
struct TablePrinter {
    printed_headers: bool,
}

impl TablePrinter {
    fn new() -> TablePrinter {
        TablePrinter::default()
    }

    fn print(
        &mut self,
        tw: &mut TabWriter,
        objs: &[&Object],
        kind: Kind,
        opts: &PrintOptions,
        now: SimTime,
        with_kind: bool,
    ) -> String {
        self.print_with_event(tw, objs, kind, opts, now, with_kind, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn print_with_event(
        &mut self,
        tw: &mut TabWriter,
        objs: &[&Object],
        kind: Kind,
        opts: &PrintOptions,
        now: SimTime,
        with_kind: bool,
        event: Option<&str>,
    ) -> String {
        if objs.is_empty() {
            return String::new();
        }
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(objs.len() + 1);
        if !opts.no_headers && !self.printed_headers {
            let mut h = table_headers(kind, opts);
            if event.is_some() {
                h.insert(0, "EVENT".to_string());
            }
            rows.push(h);
        }
        self.printed_headers = true;
        for o in objs {
            let name = if with_kind {
                Some(format!("{}/{}", kind.qualified_singular(), o.name()))
            } else {
                None
            };
            let mut row = table::table_row_named(o, opts, now, name.clone());
            if with_kind && kind == Kind::Event && opts.wide {
                // Events have a NAME column only with -o wide (the last server column).
                let idx = row.len() - 1 - usize::from(opts.show_labels);
                if let Some(n) = name {
                    row[idx] = n;
                }
            }
            if let Some(ev) = event {
                row.insert(0, ev.to_string());
            }
            rows.push(row);
        }
        tw.write_flush(&tabwriter::rows_to_text(&rows))
    }
}

/// `kubectl get <kind> -w`: one tabwriter (with remembered widths) and one header for the
/// whole stream. Each call returns what kubectl prints for one `PrintObj`+`Flush`.
///
/// Alignment: kubectl flushes after the initial list and after every event, but its
/// tabwriter remembers the widest width seen per column, so later rows line up with the
/// header unless a cell is wider than anything before (then that column shifts right from
/// that row on). If the initial list is empty, the header is printed together with the
/// first event's row.
#[derive(Clone, Debug)]
pub struct WatchPrinter {
    kind: Kind,
    opts: PrintOptions,
    output_watch_events: bool,
    tw: TabWriter,
    tp: TablePrinter,
}

impl WatchPrinter {
    /// A printer for `kind`; `output_watch_events` adds the leading EVENT column
    /// (`--output-watch-events`).
    pub fn new(kind: Kind, opts: PrintOptions, output_watch_events: bool) -> WatchPrinter {
        WatchPrinter {
            kind,
            opts,
            output_watch_events,
            tw: TabWriter::kubectl(),
            tp: TablePrinter::new(),
        }
    }

    /// The initial list (header + rows; empty string for an empty list).
    pub fn initial(&mut self, objs: &[&Object], now: SimTime) -> String {
        let ev = self.output_watch_events.then_some("ADDED");
        self.tp
            .print_with_event(&mut self.tw, objs, self.kind, &self.opts, now, false, ev)
    }

    /// One watch event (`event_type` is `ADDED`/`MODIFIED`/`DELETED`, shown only with
    /// `--output-watch-events`).
    pub fn event(&mut self, event_type: &str, obj: &Object, now: SimTime) -> String {
        let ev = self.output_watch_events.then_some(event_type);
        self.tp
            .print_with_event(&mut self.tw, &[obj], self.kind, &self.opts, now, false, ev)
    }
}

/// A single watch row with default options and no state (see [`WatchPrinter`] for the real
/// stream): the row laid out on its own, as kubectl prints an event whose cells are wider
/// than any seen before.
pub fn watch_row(obj: &Object, opts: &PrintOptions, now: SimTime) -> String {
    tabulate(&[table_row(obj, opts, now)])
}

#[cfg(test)]
mod tests;

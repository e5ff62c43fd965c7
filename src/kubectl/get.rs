//! `kubectl get`, `kubectl describe`, `kubectl events`.

use std::sync::Arc;

use super::flags;
use super::watch::Watch;
use crate::apiserver::fields::FieldSelector;
use crate::engine::{Engine, ExecOutput};
use crate::labels::Selector;
use crate::object::{Kind, Object};
use crate::printers::{self, PrintOptions};

const GET_VALUED: &[&str] = &[
    "output",
    "selector",
    "namespace",
    "sort-by",
    "field-selector",
    "chunk-size",
];
const GET_BOOL: &[&str] = &[
    "watch",
    "watch-only",
    "show-labels",
    "no-headers",
    "all-namespaces",
    "ignore-not-found",
    "show-kind",
    "output-watch-events",
];

/// `--sort-by` JSONPath (`.metadata.creationTimestamp`, `{.lastTimestamp}`) → JSON pointer.
fn sort_pointer(expr: &str) -> Result<String, String> {
    let e = expr.trim().trim_start_matches('{').trim_end_matches('}');
    let e = e.strip_prefix('.').ok_or_else(|| "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".to_string())
        .or_else(|_| if e.is_empty() { Err(String::new()) } else { Ok(e) })?;
    Ok(format!("/{}", e.replace('.', "/").replace("[0]", "/0")))
}

fn no_resources(ns: Option<&str>, kind_namespaced: bool) -> String {
    match ns {
        Some(ns) if kind_namespaced => format!("No resources found in {} namespace.\n", ns),
        _ => "No resources found\n".to_string(),
    }
}

/// `kubectl get`.
/// The text of a `-o jsonpath=…|go-template=…` template, or of its `-file` form (read from
/// the script's files), with kubectl's errors for a missing file or an empty template.
fn template_text(e: &Engine, from_file: bool, arg: &str) -> Result<String, String> {
    let text = if from_file {
        match e.files.get(arg) {
            Some(t) => t.clone(),
            None if arg.is_empty() => String::new(),
            None => {
                return Err(format!(
                    "error: error reading --template {}, open {}: no such file or directory",
                    arg, arg
                ));
            }
        }
    } else {
        arg.to_string()
    };
    if text.is_empty() {
        return Err("error: template format specified but no template given".into());
    }
    Ok(text)
}

pub fn get(e: &mut Engine, args: &[String], background: Option<u32>, out: &mut ExecOutput) {
    let f = match flags::parse(args, GET_VALUED, GET_BOOL) {
        Ok(f) => f,
        Err(m) => return out.fail(format!("error: {}\nSee 'kubectl get --help' for usage.", m)),
    };
    if f.positional.is_empty() {
        return out.fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples");
    }
    let output = f.get("output").map(String::from);
    // -o jsonpath=TEMPLATE | jsonpath-as-json=TEMPLATE | jsonpath-file=FILE, parsed before
    // any request, as kubectl's printer flags are.
    let jsonpath = match output
        .as_deref()
        .map(|o| o.split_once('=').unwrap_or((o, "")))
    {
        Some((fmt @ ("jsonpath" | "jsonpath-as-json" | "jsonpath-file"), arg)) => {
            let text = match template_text(e, fmt.ends_with("file"), arg) {
                Ok(t) => t,
                Err(m) => return out.fail(m),
            };
            match super::jsonpath::parse(&text) {
                Ok(t) => Some((t, text, fmt == "jsonpath-as-json")),
                Err(m) => {
                    return out.fail(format!("error: error parsing jsonpath {}, {}\n", text, m));
                }
            }
        }
        _ => None,
    };
    // -o custom-columns=SPEC | custom-columns-file=FILE.
    let columns = match output
        .as_deref()
        .map(|o| o.split_once('=').unwrap_or((o, "")))
    {
        Some(("custom-columns", spec)) => match super::columns::Columns::from_spec(spec) {
            Ok(c) => Some(c),
            Err(m) => return out.fail(format!("error: {}", m)),
        },
        Some(("custom-columns-file", file)) => {
            let Some(text) = e.files.get(file) else {
                return out.fail(format!(
                    "error: error reading template {}, open {}: no such file or directory",
                    file, file
                ));
            };
            match super::columns::Columns::from_template(text) {
                Ok(c) => Some(c),
                Err(m) => return out.fail(format!("error: {}", m)),
            }
        }
        _ => None,
    };
    // -o go-template=T | go-template-file=F (and their aliases template, templatefile).
    let gotemplate = match output
        .as_deref()
        .map(|o| o.split_once('=').unwrap_or((o, "")))
    {
        Some((fmt @ ("go-template" | "template" | "go-template-file" | "templatefile"), arg)) => {
            let text = match template_text(e, fmt.ends_with("file"), arg) {
                Ok(t) => t,
                Err(m) => return out.fail(m),
            };
            match super::gotemplate::parse(&text) {
                Ok(t) => Some((t, text)),
                Err(m) => {
                    return out.fail(format!("error: error parsing template {}, {}", text, m));
                }
            }
        }
        _ => None,
    };
    if let Some(o) = &output
        && jsonpath.is_none()
        && columns.is_none()
        && gotemplate.is_none()
        && !["wide", "yaml", "json", "name"].contains(&o.as_str())
    {
        return out.fail(format!(
            "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml",
            o
        ));
    }
    let all_ns = f.bool("all-namespaces");
    let ns = if all_ns {
        None
    } else {
        Some(super::namespace(&f))
    };
    let selector = match f.get("selector").map(Selector::parse) {
        Some(Ok(s)) => Some(s),
        Some(Err(m)) => return out.fail(format!("error: {}", m)),
        None => None,
    };
    // Events asked for as events.k8s.io/v1 print in that form, and select by its field
    // labels.
    let events_v1 = f.positional.first().is_some_and(|first| {
        first.split([',', '/']).any(|p| {
            let p = p.to_ascii_lowercase();
            p.strip_suffix(".events.k8s.io")
                .is_some_and(|b| ["ev", "event", "events"].contains(&b))
        })
    });
    let field_arg = match f.get("field-selector") {
        Some(sel) if events_v1 => match crate::apiserver::events_v1::core_selector(sel) {
            Ok(core) => Some(core),
            Err(label) => {
                return out.fail(format!(
                    "Error from server (BadRequest): Unable to find \"events.k8s.io/v1, Resource=events\" that match label selector \"{}\", field selector \"{}\": field label not supported: {}",
                    f.get("selector").unwrap_or(""),
                    sel,
                    label
                ));
            }
        },
        other => other.map(String::from),
    };
    let field_sel = match field_arg.as_deref().map(FieldSelector::parse) {
        Some(Ok(fs)) => Some(fs),
        Some(Err(m)) => return out.fail(format!("Error from server (BadRequest): {}", m)),
        None => None,
    };
    let sort_by = match f.get("sort-by").map(sort_pointer) {
        Some(Ok(p)) => Some(p),
        Some(Err(m)) => return out.fail(m),
        None => None,
    };
    let opts = PrintOptions {
        wide: output.as_deref() == Some("wide"),
        show_labels: f.bool("show-labels"),
        no_headers: f.bool("no-headers"),
        with_namespace: all_ns,
        events_command: false,
    };
    // Kinds and optional names.
    let mut requests: Vec<(Kind, Option<String>)> = vec![];
    let first = &f.positional[0];
    if first.contains('/') {
        let Some(pairs) = super::resource_names(&f.positional, out) else {
            return;
        };
        requests.extend(pairs.into_iter().map(|(k, n)| (k, Some(n))));
    } else {
        let mut kinds = vec![];
        for part in first.split(',') {
            if part == "all" {
                // The "all" category in discovery order (core, then apps).
                kinds.extend([
                    Kind::Pod,
                    Kind::Service,
                    Kind::DaemonSet,
                    Kind::Deployment,
                    Kind::ReplicaSet,
                    Kind::StatefulSet,
                    Kind::HorizontalPodAutoscaler,
                    Kind::CronJob,
                    Kind::Job,
                ]);
                continue;
            }
            let Some(k) = super::resolve_kind(part, out) else {
                return;
            };
            kinds.push(k);
        }
        let names = &f.positional[1..];
        if names.is_empty() {
            requests.extend(kinds.iter().map(|k| (*k, None)));
        } else {
            if kinds.len() > 1 {
                return out.fail(
                    "error: arguments in resource/name form must have a single resource and name",
                );
            }
            requests.extend(names.iter().map(|n| (kinds[0], Some(n.clone()))));
        }
    }
    let multi_kind = {
        let mut ks: Vec<Kind> = requests.iter().map(|r| r.0).collect();
        ks.dedup();
        ks.len() > 1 || first.split(',').any(|p| p == "all")
    };
    let watch = f.bool("watch") || f.bool("watch-only");
    if watch {
        if requests.len() != 1 && requests.iter().any(|r| r.0 != requests[0].0) {
            return out.fail("error: you may only specify a single resource type");
        }
        let (kind, name) = requests[0].clone();
        if let Some(n) = &name
            && e.cluster
                .get(kind, ns.as_deref().unwrap_or(""), n)
                .is_none()
        {
            return out.fail(format!(
                "Error from server (NotFound): {} \"{}\" not found",
                kind.qualified_plural(),
                n
            ));
        }
        let mut w = Watch::new(
            background.unwrap_or(0),
            kind,
            ns.clone(),
            name,
            selector,
            opts,
            output.clone().filter(|o| o != "wide"),
            &e.cluster,
        );
        let init = if f.bool("watch-only") {
            vec![]
        } else {
            w.initial(&e.cluster)
        };
        match background {
            Some(id) => {
                if !e.replaying {
                    for row in init {
                        out.chunks.push(crate::Chunk::Watch { id, text: row });
                    }
                    e.watches.push(w);
                }
            }
            None => {
                // In the foreground a watch runs until the cluster settles.
                for row in init {
                    out.out(row);
                }
                w.id = u32::MAX;
                e.watches.push(w);
                let now = e.cluster.now;
                let job = crate::waiting::WaitJob::new(
                    crate::waiting::WaitKind::Watch,
                    now,
                    now.plus(10 * 60 * 1000),
                );
                e.run_wait(job, out);
            }
        }
        return;
    }
    if let Some(fs) = &field_sel {
        for (kind, _) in &requests {
            if let Err(m) = fs.check(*kind) {
                return out.fail(format!(
                    "Error from server (BadRequest): Unable to find \"{}/{}, Resource={}\" that match label selector \"{}\", field selector \"{}\": {}",
                    kind.group(),
                    "v1",
                    kind.plural(),
                    f.get("selector").unwrap_or(""),
                    f.get("field-selector").unwrap_or(""),
                    m
                ));
            }
        }
    }
    // Collect objects per kind.
    let mut groups: Vec<(Kind, Vec<Arc<Object>>)> = vec![];
    let mut errors = vec![];
    for (kind, name) in &requests {
        let nsq = if kind.namespaced() {
            ns.as_deref()
        } else {
            None
        };
        let objs: Vec<Arc<Object>> = match name {
            Some(n) => match e.cluster.get(*kind, nsq.unwrap_or(""), n) {
                Some(o) => vec![o],
                None => {
                    if !f.bool("ignore-not-found") {
                        errors.push(format!(
                            "Error from server (NotFound): {} \"{}\" not found",
                            kind.qualified_plural(),
                            n
                        ));
                    }
                    vec![]
                }
            },
            None => e
                .cluster
                .store
                .list(*kind, nsq)
                .into_iter()
                .filter(|o| {
                    selector.as_ref().is_none_or(|s| {
                        s.matches(o.meta().labels.as_ref().unwrap_or(&Default::default()))
                    })
                })
                .filter(|o| field_sel.as_ref().is_none_or(|fs| fs.matches(o)))
                .collect(),
        };
        match groups.iter_mut().find(|g| g.0 == *kind) {
            Some(g) => g.1.extend(objs),
            None => groups.push((*kind, objs)),
        }
    }
    if let Some(ptr) = &sort_by {
        // kubectl 1.31 replaced natural string order by byte order (kubectl commit 150571ea5).
        let natural = e.cluster.rt.profile == crate::profile::Profile::V1_26;
        for (_, objs) in groups.iter_mut() {
            let keyed: Vec<(Option<serde_json::Value>, Arc<Object>)> = objs
                .iter()
                .map(|o| (as_requested(o, events_v1).pointer(ptr).cloned(), o.clone()))
                .collect();
            let mut keyed = keyed;
            // NewTableSorter fails when no row has the field ("couldn't find any field with
            // path …"), and kubectl then prints no rows: "No resources found" (checked
            // against kubectl 1.32). Only tables of two or more rows are sorted at all.
            let table = !matches!(output.as_deref(), Some("yaml" | "json" | "name"));
            if table && keyed.len() > 1 && keyed.iter().all(|k| k.0.is_none()) {
                objs.clear();
                continue;
            }
            // kubectl sorts the table with Go's sort.Sort (not stable) and this order:
            // a missing value first, numbers numerically, quantities by value, other
            // strings bytewise (naturally before 1.31) (`kubectl/pkg/cmd/get/sorter.go`).
            // A field that is absent sorts first (TableSorter.Less); one that is present but
            // null is a nil interface to isLess: nil before anything, two nils equal.
            printers::events::go_sort(&mut keyed, &|a, b| match (&a.0, &b.0) {
                (None, _) => true,
                (_, None) => false,
                (Some(serde_json::Value::Null), Some(serde_json::Value::Null)) => false,
                (Some(serde_json::Value::Null), _) => true,
                (_, Some(serde_json::Value::Null)) => false,
                (Some(x), Some(y)) => sort_less(x, y, natural),
            });
            *objs = keyed.into_iter().map(|(_, o)| o).collect();
        }
    }
    let total: usize = groups.iter().map(|g| g.1.len()).sum();
    // What -o yaml|json|jsonpath print: the one object asked for by name, else a List.
    let single = requests.len() == 1 && requests[0].1.is_some();
    let printed = || {
        let items: Vec<serde_json::Value> = groups
            .iter()
            .flat_map(|g| g.1.iter().map(|o| as_requested(o, events_v1)))
            .collect();
        if single && items.len() == 1 {
            items.into_iter().next().unwrap_or_default()
        } else {
            printers::list_value(items)
        }
    };
    if let Some((t, raw)) = &gotemplate {
        let v = printed();
        if total > 0 || !single {
            match t.execute(&v) {
                Ok(text) => out.out(text),
                Err(m) => out.fail(format!("error: error executing template {:?}: {}", raw, m)),
            }
        }
        for m in errors {
            out.fail(m);
        }
        return;
    }
    if let Some(c) = &columns {
        let v = printed();
        if total > 0 || !single {
            let (text, err) = c.print(&v, f.bool("no-headers"));
            out.out(text);
            if let Some(m) = err {
                out.fail(format!("error: {}", m));
            }
        }
        for m in errors {
            out.fail(m);
        }
        return;
    }
    if let Some((tmpl, raw, as_json)) = &jsonpath {
        let v = printed();
        if total > 0 || !single {
            match tmpl.execute(&v, *as_json) {
                Ok(text) => out.out(text),
                Err(m) => out.fail(format!(
                    "error: error executing jsonpath {:?}: Error executing template: {}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n\n",
                    raw,
                    m,
                    raw,
                    super::jsonpath::go_sharp_v(&v)
                )),
            }
        }
        for m in errors {
            out.fail(m);
        }
        return;
    }
    match output.as_deref() {
        Some("yaml") | Some("json") => {
            let v = printed();
            if total > 0 || !single {
                if output.as_deref() == Some("yaml") {
                    out.out(printers::to_yaml(&v));
                } else {
                    out.out(printers::to_json(&v));
                }
            }
        }
        Some("name") => {
            for (k, objs) in &groups {
                for o in objs {
                    let kind = if events_v1 && *k == Kind::Event {
                        "event.events.k8s.io".to_string()
                    } else {
                        k.qualified_singular()
                    };
                    out.out(format!("{}/{}\n", kind, o.name()));
                }
            }
        }
        _ => {
            let refs: Vec<(Kind, Vec<&Object>)> = groups
                .iter()
                .map(|(k, v)| (*k, v.iter().map(|o| &**o).collect()))
                .collect();
            if multi_kind {
                out.out(printers::print_tables(&refs, &opts, e.cluster.now));
            } else if let Some((k, objs)) = refs.first() {
                out.out(printers::print_table(objs, *k, &opts, e.cluster.now));
            }
        }
    }
    for m in errors {
        out.fail(m);
    }
    if total == 0 && requests.iter().all(|r| r.1.is_none()) {
        let namespaced = requests.iter().any(|r| r.0.namespaced());
        out.err(no_resources(ns.as_deref(), namespaced));
    }
}

/// `kubectl describe TYPE [NAME…]`.
pub fn describe(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &["namespace", "selector"],
        &["all-namespaces", "show-events"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl describe --help' for usage.",
                m
            ));
        }
    };
    let ns = super::namespace(&f);
    if f.positional.is_empty() {
        return out.fail("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
    }
    let mut targets: Vec<Arc<Object>> = vec![];
    if f.positional.len() == 1 && !f.positional[0].contains('/') {
        let Some(k) = super::resolve_kind(&f.positional[0], out) else {
            return;
        };
        let sel = match f.get("selector").map(Selector::parse) {
            Some(Ok(s)) => Some(s),
            Some(Err(m)) => return out.fail(format!("error: {}", m)),
            None => None,
        };
        targets = e
            .cluster
            .store
            .list(k, if k.namespaced() { Some(&ns) } else { None })
            .into_iter()
            .filter(|o| {
                sel.as_ref().is_none_or(|s| {
                    s.matches(o.meta().labels.as_ref().unwrap_or(&Default::default()))
                })
            })
            .collect();
        if targets.is_empty() {
            out.err(no_resources(Some(&ns), k.namespaced()));
            return;
        }
    } else {
        let Some(pairs) = super::resource_names(&f.positional, out) else {
            return;
        };
        for (k, n) in pairs {
            // kubectl describe also accepts a name prefix.
            match e.cluster.get(k, &ns, &n) {
                Some(o) => targets.push(o),
                None => {
                    let pref: Vec<Arc<Object>> = e
                        .cluster
                        .store
                        .list(k, if k.namespaced() { Some(&ns) } else { None })
                        .into_iter()
                        .filter(|o| o.name().starts_with(&n))
                        .collect();
                    if pref.is_empty() {
                        out.fail(format!(
                            "Error from server (NotFound): {} \"{}\" not found",
                            k.qualified_plural(),
                            n
                        ));
                    }
                    targets.extend(pref);
                }
            }
        }
    }
    let texts: Vec<String> = targets
        .iter()
        .map(|o| printers::describe(o, &e.cluster.store, e.cluster.now))
        .collect();
    // describe.go: the first text as is, every further one after "\n\n".
    out.out(texts.join("\n\n"));
}

/// `kubectl events [--for TYPE/NAME] [-w]`.
pub fn events(e: &mut Engine, args: &[String], background: Option<u32>, out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &["namespace", "for", "types", "output"],
        &["all-namespaces", "watch", "no-headers"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl events --help' for usage.",
                m
            ));
        }
    };
    let all_ns = f.bool("all-namespaces");
    let ns = super::namespace(&f);
    let mut list: Vec<Arc<Object>> = e
        .cluster
        .store
        .list(Kind::Event, if all_ns { None } else { Some(&ns) });
    if let Some(target) = f.get("for") {
        let Some((t, n)) = target.split_once('/') else {
            return out.fail("error: --for must be in resource/name form".to_string());
        };
        let Some(k) = super::resolve_kind(t, out) else {
            return;
        };
        list.retain(|o| {
            o.as_event().is_some_and(|ev| {
                ev.involved_object.kind.as_deref() == Some(k.name())
                    && ev.involved_object.name.as_deref() == Some(n)
            })
        });
    }
    if let Some(types) = f.get("types") {
        let ts: Vec<&str> = types.split(',').collect();
        list.retain(|o| {
            o.as_event()
                .is_some_and(|ev| ev.type_.as_deref().is_some_and(|t| ts.contains(&t)))
        });
    }
    if list.is_empty() {
        if all_ns {
            out.err("No events found.\n");
        } else {
            out.err(format!("No events found in {} namespace.\n", ns));
        }
        if !f.bool("watch") {
            return;
        }
    }
    let evs: Vec<&k8s_openapi::api::core::v1::Event> =
        list.iter().filter_map(|o| o.as_event()).collect();
    out.out(printers::kubectl_events(
        &evs,
        all_ns,
        f.bool("no-headers"),
        e.cluster.now,
    ));
    if f.bool("watch") {
        // `kubectl events -w` streams like `get events -w`.
        let opts = PrintOptions {
            with_namespace: all_ns,
            events_command: true,
            ..Default::default()
        };
        let w = Watch::new(
            background.unwrap_or(0),
            Kind::Event,
            if all_ns { None } else { Some(ns) },
            None,
            None,
            opts,
            None,
            &e.cluster,
        );
        if background.is_some() && !e.replaying {
            e.watches.push(w);
        }
    }
}

/// `isLess` of kubectl's sorter on two JSON values (as decoded into unstructured objects).
fn sort_less(x: &serde_json::Value, y: &serde_json::Value, natural: bool) -> bool {
    use serde_json::Value;
    match (x, y) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(p), Some(q)) => p < q,
            _ => a.as_f64().unwrap_or(0.0) < b.as_f64().unwrap_or(0.0),
        },
        (Value::String(a), Value::String(b)) => {
            match (
                crate::quantity::ParsedQuantity::parse(a),
                crate::quantity::ParsedQuantity::parse(b),
            ) {
                (Some(p), Some(q)) => p.cmp_value(&q) == std::cmp::Ordering::Less,
                _ if natural => natural_less(a, b),
                _ => a < b,
            }
        }
        _ => false,
    }
}

/// `sortorder.NaturalLess` (github.com/fvbommel/sortorder): digit runs compare as numbers
/// (fewer leading zeros first on a tie), everything else bytewise; digits sort before
/// other characters.
pub(crate) fn natural_less(s1: &str, s2: &str) -> bool {
    let (a, b) = (s1.as_bytes(), s2.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (c1, c2) = (a[i], b[j]);
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            return d1;
        }
        if !d1 {
            if c1 != c2 {
                return c1 < c2;
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let (nz1, nz2) = (i, j);
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let (l1, l2) = (i - nz1, j - nz2);
        if l1 != l2 {
            return l1 < l2;
        }
        if a[nz1..i] != b[nz2..j] {
            return a[nz1..i] < b[nz2..j];
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    a.len() < b.len()
}

/// An object as the API version the user asked for shows it (events.k8s.io/v1 Events are
/// converted from their stored core form).
fn as_requested(o: &Object, events_v1: bool) -> serde_json::Value {
    if events_v1 && o.kind() == Kind::Event {
        crate::apiserver::events_v1::to_v1(&o.to_value())
    } else {
        o.to_value()
    }
}

#[cfg(test)]
mod sort_tests {
    use super::natural_less;

    /// Cases from fvbommel/sortorder's natural_test.go.
    #[test]
    fn natural_order() {
        let ordered = [
            "", "0", "00", "000", "1", "01", "001", "2", "02", "10", "abc", "abc1", "abc01",
            "abc2", "abc10", "abd", "b",
        ];
        for w in ordered.windows(2) {
            assert!(natural_less(w[0], w[1]), "{:?} < {:?}", w[0], w[1]);
            assert!(!natural_less(w[1], w[0]), "!({:?} < {:?})", w[1], w[0]);
        }
        assert!(natural_less("2025-01-01T00:00:04Z", "2025-01-01T00:00:10Z"));
        assert!(!natural_less("a", "a"));
    }
}

#[cfg(test)]
mod sort_profile_tests {
    use crate::{Engine, EngineConfig, Profile};

    fn names(profile: Profile) -> String {
        let mut e = Engine::new(EngineConfig { seed: 0, profile });
        for n in ["ns9", "ns10"] {
            let argv: Vec<String> = ["kubectl", "create", "namespace", n]
                .map(String::from)
                .into();
            e.exec(&argv, None, None);
        }
        let argv: Vec<String> = "kubectl get ns -o name --sort-by=.metadata.name"
            .split(' ')
            .map(String::from)
            .collect();
        e.exec(&argv, None, None).stdout()
    }

    /// kubectl 1.31 sorts strings bytewise; 1.26 sorted them naturally (ns9 before ns10).
    #[test]
    fn string_order_follows_the_kubectl_version() {
        let v132 = names(Profile::V1_32);
        assert!(
            v132.find("ns10").unwrap() < v132.find("ns9").unwrap(),
            "{}",
            v132
        );
        let v126 = names(Profile::V1_26);
        assert!(
            v126.find("ns9").unwrap() < v126.find("ns10").unwrap(),
            "{}",
            v126
        );
    }
}

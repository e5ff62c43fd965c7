//! `kubectl api-versions` and `kubectl api-resources` (`pkg/cmd/apiresources`): what the
//! server's discovery advertises (`apiserver::rest::route`'s served resources).

use super::flags;
use crate::apiserver::rest::route::{GROUPS, RESOURCES};
use crate::engine::ExecOutput;
use crate::printers::tabwriter::tabulate;
use crate::sort::StableSort;

/// `kubectl api-versions`: every group/version, sorted.
pub fn api_versions(args: &[String], out: &mut ExecOutput) {
    if let Err(m) = flags::parse(args, &[], &[]) {
        return out.fail(format!(
            "error: {}\nSee 'kubectl api-versions --help' for usage.",
            m
        ));
    }
    // Every served version (autoscaling serves v2 and, converted, v1).
    let mut v: Vec<String> = GROUPS
        .iter()
        .map(|g| crate::apiserver::rest::route::group_version(g))
        .collect();
    v.push("autoscaling/v1".into());
    v.push("v1".into());
    v.stable_sort();
    for gv in v {
        out.out(format!("{}\n", gv));
    }
}

/// One row of `api-resources`.
struct Row {
    name: &'static str,
    short: Vec<&'static str>,
    group: &'static str,
    namespaced: bool,
    kind: &'static str,
    verbs: Vec<&'static str>,
    categories: Vec<&'static str>,
}

/// `kubectl api-resources [--namespaced=BOOL] [--api-group=G] [--verbs=V,…] [-o wide|name]
/// [--no-headers] [--sort-by=name|kind]`: the resources sorted by group, then name.
pub fn api_resources(args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "namespaced",
            "api-group",
            "verbs",
            "output",
            "sort-by",
            "categories",
        ],
        &["no-headers", "cached"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl api-resources --help' for usage.",
                m
            ));
        }
    };
    if let Some(o) = f.get("output").filter(|o| !["wide", "name"].contains(o)) {
        return out.fail(format!("error: --output {} is not available", o));
    }
    if let Some(s) = f.get("sort-by").filter(|s| !["name", "kind"].contains(s)) {
        return out.fail(format!(
            "error: --sort-by accepts only name or kind, got {}",
            s
        ));
    }
    let namespaced = match f.get("namespaced") {
        None => None,
        Some(v) => match v {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                return out.fail(format!(
                    "error: invalid argument {:?} for \"--namespaced\" flag: strconv.ParseBool: parsing {:?}: invalid syntax\nSee 'kubectl api-resources --help' for usage.",
                    other, other
                ));
            }
        },
    };
    let mut rows = vec![Row {
        name: "bindings",
        short: vec![],
        group: "",
        namespaced: true,
        kind: "Binding",
        verbs: vec!["create"],
        categories: vec![],
    }];
    for r in RESOURCES {
        let mut verbs = r.verbs.to_vec();
        verbs.stable_sort();
        rows.push(Row {
            name: r.kind.plural(),
            short: r.short_names.to_vec(),
            group: r.group,
            namespaced: r.kind.namespaced(),
            kind: r.kind.name(),
            verbs,
            categories: r.categories.to_vec(),
        });
    }
    let want_verbs: Vec<&str> = f
        .get("verbs")
        .map(|v| v.split(',').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let want_cats: Vec<&str> = f
        .get("categories")
        .map(|v| v.split(',').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    rows.retain(|r| {
        namespaced.is_none_or(|n| r.namespaced == n)
            && f.get("api-group").is_none_or(|g| r.group == g)
            && want_verbs.iter().all(|v| r.verbs.contains(v))
            && want_cats.iter().all(|c| r.categories.contains(c))
    });
    // sortableResource: by group, then by name (or kind).
    let by_kind = f.get("sort-by") == Some("kind");
    rows.stable_sort_by(|a, b| {
        a.group.cmp(b.group).then_with(|| {
            if by_kind {
                a.kind.cmp(b.kind)
            } else {
                a.name.cmp(b.name)
            }
        })
    });
    let version = crate::apiserver::rest::route::group_version;
    if f.get("output") == Some("name") {
        for r in &rows {
            if r.group.is_empty() {
                out.out(format!("{}\n", r.name));
            } else {
                out.out(format!("{}.{}\n", r.name, r.group));
            }
        }
        return;
    }
    let wide = f.get("output") == Some("wide");
    let mut table: Vec<Vec<String>> = vec![];
    if !f.bool("no-headers") {
        let mut h: Vec<String> = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if wide {
            h.push("VERBS".into());
            h.push("CATEGORIES".into());
        }
        table.push(h);
    }
    for r in &rows {
        let mut cells = vec![
            r.name.to_string(),
            r.short.join(","),
            version(r.group),
            r.namespaced.to_string(),
            r.kind.to_string(),
        ];
        if wide {
            cells.push(r.verbs.join(","));
            cells.push(r.categories.join(","));
        }
        table.push(cells);
    }
    out.out(tabulate(&table));
}

//! `kubectl taint NODE NAME KEY=VALUE:EFFECT … [KEY:EFFECT-] [KEY-]`
//! (`k8s.io/kubectl/pkg/cmd/taint/taint.go` and `utils.go`): add, overwrite and remove node
//! taints, sent as a two-way strategic merge patch per node.

use k8s_openapi::api::core::v1::Taint;

use super::flags;
use super::mutate::{Send, modify};
use crate::engine::{Engine, ExecOutput};
use crate::object::{Kind, Object};

/// The taint's `ToString` (`key=value:effect`, `key:effect`, `key`).
fn to_string(t: &Taint) -> String {
    match (
        t.effect.is_empty(),
        t.value.as_deref().unwrap_or("").is_empty(),
    ) {
        (true, true) => t.key.clone(),
        (true, false) => format!("{}={}:", t.key, t.value.as_deref().unwrap_or("")),
        (false, true) => format!("{}:{}", t.key, t.effect),
        (false, false) => format!(
            "{}={}:{}",
            t.key,
            t.value.as_deref().unwrap_or(""),
            t.effect
        ),
    }
}

/// Go's `%v` of a `corev1.Taint`: `{key value NoSchedule <nil>}`.
fn go_v(t: &Taint) -> String {
    format!(
        "{{{} {} {} <nil>}}",
        t.key,
        t.value.as_deref().unwrap_or(""),
        t.effect
    )
}

fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.to_string(),
        value: (!value.is_empty()).then(|| value.to_string()),
        effect: effect.to_string(),
        time_added: None,
    }
}

/// `parseTaint`: `key[=value]:effect` or `key`.
fn parse_taint(st: &str) -> Result<Taint, String> {
    let parts: Vec<&str> = st.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [k] => (*k, "", ""),
        [kv, effect] => {
            if !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) {
                return Err(format!(
                    "invalid taint effect: {}, unsupported taint effect",
                    effect
                ));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            match kv.as_slice() {
                [k] => (*k, "", *effect),
                [k, v] => {
                    let errs = crate::apiserver::validation::is_valid_label_value(v);
                    if !errs.is_empty() {
                        return Err(format!("invalid taint spec: {}, {}", st, errs.join("; ")));
                    }
                    (*k, *v, *effect)
                }
                _ => return Err(format!("invalid taint spec: {}", st)),
            }
        }
        _ => return Err(format!("invalid taint spec: {}", st)),
    };
    let errs = crate::apiserver::validation::is_qualified_name(key);
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {}, {}", st, errs.join("; ")));
    }
    Ok(taint(key, value, effect))
}

/// `parseTaints`: the taints to add and those to remove (`…-`).
fn parse_taints(spec: &[String]) -> Result<(Vec<Taint>, Vec<Taint>), String> {
    let mut add: Vec<Taint> = vec![];
    let mut remove = vec![];
    for s in spec {
        if let Some(r) = s.strip_suffix('-') {
            let t = parse_taint(r)?;
            remove.push(taint(&t.key, "", &t.effect));
        } else {
            let t = parse_taint(s)?;
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {}", s));
            }
            if add.iter().any(|a| a.key == t.key && a.effect == t.effect) {
                return Err(format!(
                    "duplicated taints with the same key and effect: {}",
                    go_v(&t)
                ));
            }
            add.push(t);
        }
    }
    Ok((add, remove))
}

/// `MatchTaint`: the same key and effect.
fn matches(a: &Taint, b: &Taint) -> bool {
    a.key == b.key && a.effect == b.effect
}

/// `reorganizeTaints`: the node's new taints (the added ones first, then the old ones not
/// replaced, less the removed), the operation kubectl reports, and the removals that found
/// nothing.
fn reorganize(
    old: &[Taint],
    overwrite: bool,
    add: &[Taint],
    remove: &[Taint],
) -> (&'static str, Vec<Taint>, Vec<String>) {
    let mut new: Vec<Taint> = add.to_vec();
    for o in old {
        if !new.iter().any(|t| matches(t, o)) {
            new.push(o.clone());
        }
    }
    let added = old.len() != new.len();
    let mut errs = vec![];
    let mut deleted = false;
    for r in remove {
        let before = new.len();
        if r.effect.is_empty() {
            new.retain(|t| t.key != r.key);
        } else {
            new.retain(|t| !matches(t, r));
        }
        deleted = new.len() != before;
        if !deleted {
            errs.push(format!("taint {:?} not found", to_string(r)));
        }
    }
    let op = if (added && deleted) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    (op, new, errs)
}

/// `kubectl taint`.
pub fn taint_cmd(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let usage = |m: &str| format!("error: {}\nSee 'kubectl taint -h' for help and examples", m);
    let f = match flags::parse(
        args,
        &["selector", "field-manager", "validate"],
        &["overwrite", "all", "dry-run"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl taint --help' for usage.",
                m
            ));
        }
    };
    // Complete: the resources come first, then the taint changes.
    let mut resources: Vec<String> = vec![];
    let mut changes: Vec<String> = vec![];
    for s in &f.positional {
        let is_taint = s.contains('=') || s.contains(':') || s.ends_with('-');
        if is_taint {
            changes.push(s.clone());
        } else if !changes.is_empty() {
            return out.fail(format!(
                "error: all resources must be specified before taint changes: {}",
                s
            ));
        } else {
            resources.push(s.clone());
        }
    }
    if resources.is_empty() {
        return out.fail("error: one or more resources must be specified as <resource> <name>");
    }
    if changes.is_empty() {
        return out.fail("error: at least one taint update is required");
    }
    let (add, remove) = match parse_taints(&changes) {
        Ok(x) => x,
        Err(m) => return out.fail(usage(&m)),
    };
    // Validate.
    let ty = resources[0].to_ascii_lowercase();
    let Some(kind) = super::resolve_kind(&ty, out) else {
        return;
    };
    if kind != Kind::Node {
        return out.fail(format!(
            "error: invalid resource type {}, only node types are supported",
            ty
        ));
    }
    let mut conflicts = vec![];
    for a in &add {
        for r in &remove {
            if a.key == r.key && (r.effect.is_empty() || a.effect == r.effect) {
                conflicts.push(format!("{}={}", r.key, r.effect));
            }
        }
    }
    if !conflicts.is_empty() {
        return out.fail(format!(
            "error: can not both modify and remove the following taint(s) in the same command: {}",
            conflicts.join(", ")
        ));
    }
    let all = f.bool("all");
    let selector = f.get("selector").filter(|s| !s.is_empty());
    if all && selector.is_some() {
        return out.fail("error: setting 'all' parameter with a non empty selector is prohibited");
    }
    if !all && selector.is_none() && resources.len() < 2 {
        return out.fail(
            "error: at least one resource name must be specified since 'all' parameter is not set",
        );
    }
    // The nodes: by name, or every node (matching the selector), in the API's order.
    let names: Vec<String> = if all || selector.is_some() {
        let sel = match selector.map(crate::labels::Selector::parse) {
            Some(Ok(s)) => Some(s),
            Some(Err(m)) => return out.fail(format!("error: {}", m)),
            None => None,
        };
        e.cluster
            .store
            .list(Kind::Node, None)
            .iter()
            .filter(|n| {
                sel.as_ref()
                    .is_none_or(|s| s.matches_opt(n.meta().labels.as_ref()))
            })
            .map(|n| n.name().to_string())
            .collect()
    } else {
        resources[1..].to_vec()
    };
    let overwrite = f.bool("overwrite");
    let dry = match flags::dry_run(&f, e.cluster.now, out) {
        Ok(d) => d != flags::DryRun::None,
        Err(m) => return out.fail(m),
    };
    let mut errors: Vec<String> = vec![];
    for name in names {
        let mut op = "";
        let mut failed = None;
        let mut apply = |o: &mut Object| -> Result<bool, String> {
            let Object::Node(node) = o else {
                return Ok(false);
            };
            let spec = node.spec.get_or_insert_with(Default::default);
            let old = spec.taints.clone().unwrap_or_default();
            if !overwrite {
                let exists: Vec<String> = add
                    .iter()
                    .flat_map(|t| {
                        old.iter()
                            .filter(|o| t.key == o.key && t.effect == o.effect)
                            .map(|_| t.key.clone())
                    })
                    .collect();
                if !exists.is_empty() {
                    failed = Some(format!(
                        "node {} already has {} taint(s) with same effect(s) and --overwrite is false",
                        name,
                        exists.join(",")
                    ));
                    return Ok(false);
                }
            }
            let (o, new, errs) = reorganize(&old, overwrite, &add, &remove);
            if !errs.is_empty() {
                failed = Some(if errs.len() == 1 {
                    errs[0].clone()
                } else {
                    format!("[{}]", errs.join(", "))
                });
                return Ok(false);
            }
            op = o;
            spec.taints = (!new.is_empty()).then_some(new);
            Ok(!dry)
        };
        let r = modify(
            e,
            "taint",
            (Kind::Node, "", &name),
            out,
            Send::Strategic,
            &mut apply,
        );
        if let Some(m) = failed {
            errors.push(m);
            continue;
        }
        if r.is_some() && !op.is_empty() {
            out.out(format!(
                "node/{} {}{}\n",
                name,
                op,
                if dry { " (dry run)" } else { "" }
            ));
        }
    }
    match errors.len() {
        0 => {}
        1 => out.fail(format!("error: {}", errors[0])),
        _ => out.fail(errors.join("\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(k: &str, v: &str, e: &str) -> Taint {
        taint(k, v, e)
    }

    /// `TestParseTaints` (kubectl `pkg/cmd/taint/utils_test.go`).
    #[test]
    fn parse_taints_table() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let ok = parse_taints(&s(&[
            "foo=abc:NoSchedule",
            "bar:PreferNoSchedule",
            "baz-",
            "qux:NoExecute-",
        ]))
        .unwrap();
        assert_eq!(
            ok.0,
            vec![
                t("foo", "abc", "NoSchedule"),
                t("bar", "", "PreferNoSchedule")
            ]
        );
        assert_eq!(ok.1, vec![t("baz", "", ""), t("qux", "", "NoExecute")]);
        for (spec, err) in [
            ("foo", "invalid taint spec: foo"),
            // One part: the whole is the key, which is no qualified name.
            (
                "foo=abc",
                "invalid taint spec: foo=abc, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ),
            (
                "foo=abc:NoWhere",
                "invalid taint effect: NoWhere, unsupported taint effect",
            ),
            (
                "foo=a=b:NoSchedule",
                "invalid taint spec: foo=a=b:NoSchedule",
            ),
            (
                "foo:bar:NoSchedule",
                "invalid taint spec: foo:bar:NoSchedule",
            ),
            (
                "-foo=abc:NoSchedule",
                "invalid taint spec: -foo=abc:NoSchedule, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ),
        ] {
            assert_eq!(parse_taints(&s(&[spec])).unwrap_err(), err, "{}", spec);
        }
        assert_eq!(
            parse_taints(&s(&["foo=a:NoSchedule", "foo=b:NoSchedule"])).unwrap_err(),
            "duplicated taints with the same key and effect: {foo b NoSchedule <nil>}"
        );
    }

    /// `TestReorganizeTaints` (utils_test.go).
    #[test]
    fn reorganize_table() {
        let old = vec![t("foo", "bar", "NoSchedule")];
        // Add a new one: tainted, the new first.
        let (op, new, errs) = reorganize(&old, false, &[t("bar", "", "NoSchedule")], &[]);
        assert_eq!((op, errs.len()), ("tainted", 0));
        assert_eq!(
            new,
            vec![t("bar", "", "NoSchedule"), t("foo", "bar", "NoSchedule")]
        );
        // Overwrite: modified.
        let (op, new, _) = reorganize(&old, true, &[t("foo", "baz", "NoSchedule")], &[]);
        assert_eq!(op, "modified");
        assert_eq!(new, vec![t("foo", "baz", "NoSchedule")]);
        // Remove by key and effect, and by key.
        let (op, new, _) = reorganize(&old, false, &[], &[t("foo", "", "NoSchedule")]);
        assert_eq!((op, new.len()), ("untainted", 0));
        let (op, new, _) = reorganize(&old, false, &[], &[t("foo", "", "")]);
        assert_eq!((op, new.len()), ("untainted", 0));
        // Add one and remove another: modified.
        let (op, new, _) = reorganize(
            &old,
            false,
            &[t("bar", "", "NoExecute")],
            &[t("foo", "", "")],
        );
        assert_eq!(op, "modified");
        assert_eq!(new, vec![t("bar", "", "NoExecute")]);
        // A removal that finds nothing.
        let (_, _, errs) = reorganize(&old, false, &[], &[t("nope", "", "NoSchedule")]);
        assert_eq!(errs, ["taint \"nope:NoSchedule\" not found"]);
    }
}

//! `kubectl wait` (`k8s.io/kubectl/pkg/cmd/wait`): `--for=delete|create|condition=NAME[=VALUE]
//! |jsonpath=EXPR[=VALUE]` on named objects, `-l` or `--all`, within `--timeout` (default
//! 30s of virtual time; 0 checks once; negative means a week). The objects are visited in
//! order, each printing `KIND/NAME condition met` when its condition holds; errors are
//! collected and printed at the end as kubectl's aggregate (one: `error: …`; several: one
//! per line).

use serde_json::Value;

use super::{flags, jsonpath};
use crate::engine::{Engine, ExecOutput};
use crate::labels::Selector;
use crate::object::{ObjKey, Object};

/// What `--for` asks.
#[derive(Clone, Debug)]
pub(crate) enum Cond {
    Delete,
    Create,
    /// `condition=NAME[=VALUE]` (VALUE defaults to `true`; both compared case-folded).
    Condition {
        name: String,
        status: String,
    },
    /// `jsonpath=EXPR[=VALUE]`: any value when VALUE is absent.
    JsonPath {
        tmpl: jsonpath::Template,
        value: Option<String>,
    },
}

/// `conditionFuncFor` (wait.go).
fn cond_for(s: &str) -> Result<Cond, String> {
    let lower = s.to_lowercase();
    if lower == "delete" {
        return Ok(Cond::Delete);
    }
    if lower == "create" {
        return Ok(Cond::Create);
    }
    if let Some(c) = s.strip_prefix("condition=") {
        let (name, status) = match c.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (c.to_string(), "true".to_string()),
        };
        return Ok(Cond::Condition { name, status });
    }
    if let Some(input) = s.strip_prefix("jsonpath=") {
        // splitJSONPathInput: split at '=' but keep '=='.
        let mut parts: Vec<String> = vec![String::new()];
        let b: Vec<char> = input.chars().collect();
        let mut i = 0;
        while i < b.len() {
            if b[i] == '=' {
                if i + 1 < b.len() && b[i + 1] == '=' {
                    parts.last_mut().map(|p| p.push_str("=="));
                    i += 2;
                    continue;
                }
                parts.push(String::new());
                i += 1;
                continue;
            }
            parts.last_mut().map(|p| p.push(b[i]));
            i += 1;
        }
        if parts.len() > 2 {
            return Err("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'".into());
        }
        let expr = jsonpath::relaxed(&parts[0])?;
        let value = match parts.get(1) {
            None => None,
            Some(v) => {
                let v = v.trim_matches(['\'', '"']).to_string();
                if v.is_empty() {
                    return Err("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3".into());
                }
                Some(v)
            }
        };
        if expr.is_empty() {
            return Err("jsonpath expression cannot be empty".into());
        }
        let tmpl = jsonpath::parse(&expr)?;
        return Ok(Cond::JsonPath { tmpl, value });
    }
    Err(format!("unrecognized condition: {:?}", s))
}

/// One object waited on.
#[derive(Clone, Debug)]
struct Target {
    key: ObjKey,
    /// For `--for=delete`: the object seen when the wait began (a new object of the same
    /// name is not it).
    uid: Option<String>,
}

/// A running `kubectl wait`: the objects left, the output so far.
#[derive(Clone)]
pub(crate) struct UntilWait {
    cond: Cond,
    targets: Vec<Target>,
    next: usize,
    errors: Vec<String>,
    output: Option<String>,
    /// `--timeout=0`: look once.
    once: bool,
    /// Whether the clock ran out (every object left then gets its timeout error).
    timed_out: bool,
}

/// `kubectl wait …`.
pub fn wait(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "for",
            "timeout",
            "selector",
            "namespace",
            "output",
            "filename",
            "field-selector",
        ],
        &["all", "all-namespaces", "local"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl wait --help' for usage.",
                m
            ));
        }
    };
    let output = f.get("output").map(String::from);
    if let Some(o) = &output
        && !["name", "yaml", "json"].contains(&o.as_str())
    {
        return out.fail(format!(
            "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: json,name,yaml",
            o
        ));
    }
    let cond = match cond_for(f.get("for").unwrap_or("")) {
        Ok(c) => c,
        Err(m) => return out.fail(format!("error: {}", m)),
    };
    let timeout_ms = match f.get("timeout") {
        None => 30_000,
        // A negative duration means a week (parse_duration reads no sign).
        Some(t) => match t.strip_prefix('-') {
            Some(pos) => -crate::time::parse_duration(pos).unwrap_or(0),
            None => crate::time::parse_duration(t).unwrap_or(30_000),
        },
    };
    let timeout_ms = if timeout_ms < 0 {
        168 * 3600 * 1000
    } else {
        timeout_ms
    };
    if f.has("filename") {
        return out.fail("error: kubestep does not implement \"kubectl wait -f\" yet: name the objects (TYPE/NAME, or TYPE with -l or --all)");
    }
    if f.positional.is_empty() {
        return out.fail("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    let ns = super::namespace(&f);
    let all_ns = f.bool("all-namespaces");
    // The objects, in the order kubectl visits them.
    let mut keys: Vec<ObjKey> = vec![];
    let mut errors: Vec<String> = vec![];
    let named = f.positional[0].contains('/') || f.positional.len() > 1;
    if named {
        let Some(pairs) = super::resource_names(&f.positional, out) else {
            return;
        };
        for (k, n) in pairs {
            keys.push(ObjKey::new(k, if k.namespaced() { &ns } else { "" }, &n));
        }
    } else {
        let Some(kind) = super::resolve_kind(&f.positional[0], out) else {
            return;
        };
        if !f.bool("all") && !f.has("selector") {
            return out.fail("error: resource(s) were provided, but no name was specified");
        }
        let sel = match f.get("selector").map(Selector::parse) {
            None => None,
            Some(Ok(s)) => Some(s),
            Some(Err(m)) => return out.fail(format!("error: {}", m)),
        };
        let list_ns = if all_ns || !kind.namespaced() {
            None
        } else {
            Some(ns.as_str())
        };
        for o in e.cluster.store.list(kind, list_ns) {
            if sel
                .as_ref()
                .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
            {
                keys.push(o.key());
            }
        }
        if keys.is_empty() && !matches!(cond, Cond::Delete) {
            return out.fail("error: no matching resources found");
        }
    }
    let start = e.cluster.now;
    let mut targets = vec![];
    for k in keys {
        match e.cluster.store.get_obj(&k) {
            Some(o) => targets.push(Target {
                uid: o.meta().uid.clone(),
                key: k,
            }),
            // --for=delete ignores what is already gone; create waits for it.
            None if matches!(cond, Cond::Delete) => {}
            None if matches!(cond, Cond::Create) => targets.push(Target { key: k, uid: None }),
            None => errors.push(not_found(&k)),
        }
    }
    let job = UntilWait {
        cond,
        targets,
        next: 0,
        errors,
        output,
        once: timeout_ms == 0,
        timed_out: false,
    };
    e.wait_until(job, start, start.plus(timeout_ms), out);
}

fn not_found_msg(k: &ObjKey) -> String {
    format!("{} {:?} not found", k.kind.qualified_plural(), k.name)
}

fn not_found(k: &ObjKey) -> String {
    format!("Error from server (NotFound): {}", not_found_msg(k))
}

/// `info.ObjectName()`: `deployments/web`.
fn object_name(k: &ObjKey) -> String {
    format!("{}/{}", k.kind.plural(), k.name)
}

impl Cond {
    /// Whether `obj` (None: it does not exist) meets the condition; an error ends this
    /// object's wait.
    fn met(&self, obj: Option<&Object>, t: &Target) -> Result<bool, String> {
        match self {
            Cond::Delete => Ok(match obj {
                None => true,
                Some(o) => t.uid.is_some() && o.meta().uid != t.uid,
            }),
            Cond::Create => Ok(obj.is_some()),
            Cond::Condition { name, status } => {
                let Some(o) = obj else { return Ok(false) };
                let v = o.to_value();
                Ok(check_condition(&v, name, status))
            }
            Cond::JsonPath { tmpl, value } => {
                let Some(o) = obj else { return Ok(false) };
                let v = o.to_value();
                let res = tmpl.find(&v)?;
                if res.is_empty() || res[0].is_empty() {
                    return Ok(false);
                }
                if res.len() > 1 {
                    return Err("given jsonpath expression matches more than one list".into());
                }
                if res[0].len() > 1 {
                    return Err("given jsonpath expression matches more than one value".into());
                }
                let Some(want) = value else { return Ok(true) };
                let r = &res[0][0];
                if r.is_object() || r.is_array() {
                    return Err(
                        "jsonpath leads to a nested object or list which is not supported".into(),
                    );
                }
                Ok(jsonpath::go_v_string(r).trim() == want.trim())
            }
        }
    }
}

/// `ConditionalWait.checkCondition` (condition.go): the first condition of that type
/// decides, unless it (or the status) observed an older generation.
fn check_condition(v: &Value, name: &str, status: &str) -> bool {
    let Some(conds) = v.pointer("/status/conditions").and_then(Value::as_array) else {
        return false;
    };
    for c in conds {
        let Some(t) = c.get("type").and_then(Value::as_str) else {
            continue;
        };
        if !t.to_lowercase().eq(&name.to_lowercase()) {
            continue;
        }
        let Some(s) = c.get("status").and_then(Value::as_str) else {
            continue;
        };
        if let Some(generation) = v.pointer("/metadata/generation").and_then(Value::as_i64) {
            let observed = c
                .get("observedGeneration")
                .and_then(Value::as_i64)
                .or_else(|| {
                    v.pointer("/status/observedGeneration")
                        .and_then(Value::as_i64)
                });
            if observed.is_some_and(|o| o < generation) {
                return false;
            }
        }
        return s.to_lowercase() == status.to_lowercase();
    }
    false
}

impl UntilWait {
    /// Look at the objects in turn as the cluster is now; true when the wait is over
    /// (everything printed). `deadline_passed`: the clock reached the timeout.
    pub(crate) fn poll(&mut self, e: &Engine, deadline_passed: bool, out: &mut ExecOutput) -> bool {
        // --for=create polls (every 500ms) until every object exists, then visits them.
        if let Cond::Create = self.cond
            && self.next == 0
            && self
                .targets
                .iter()
                .any(|t| e.cluster.store.get_obj(&t.key).is_none())
        {
            if self.once || deadline_passed {
                out.fail("error: timed out waiting for the condition");
                return true;
            }
            return false;
        }
        while self.next < self.targets.len() {
            let t = &self.targets[self.next];
            let obj = e.cluster.store.get_obj(&t.key);
            match self.cond.met(obj.map(|o| &**o), t) {
                Ok(true) => out.out(self.printed(&t.key, obj.map(|o| &**o))),
                Ok(false) if self.once => self
                    .errors
                    .push(format!("condition not met for {}", object_name(&t.key))),
                Ok(false) if deadline_passed || self.timed_out => {
                    self.timed_out = true;
                    self.errors.push(format!(
                        "timed out waiting for the condition on {}",
                        object_name(&t.key)
                    ));
                }
                Ok(false) => return false,
                Err(m) => self.errors.push(m),
            }
            self.next += 1;
        }
        match self.errors.len() {
            0 => {}
            // cmdutil.CheckErr: one error is "error: …" unless it is the server's Status;
            // several are printed one per line (MultipleErrors).
            1 if self.errors[0].starts_with("Error from server") => out.fail(&self.errors[0]),
            1 => out.fail(format!("error: {}", self.errors[0])),
            _ => out.fail(self.errors.join("\n")),
        }
        true
    }

    /// What the printer prints for a met object (`-o name|yaml|json`, default
    /// `KIND/NAME condition met`).
    fn printed(&self, k: &ObjKey, obj: Option<&Object>) -> String {
        let name = format!("{}/{}", k.kind.qualified_singular(), k.name);
        match (self.output.as_deref(), obj) {
            (Some("name"), _) => format!("{}\n", name),
            (Some("yaml"), Some(o)) => crate::printers::to_yaml(&o.to_value()),
            (Some("json"), Some(o)) => crate::printers::to_json(&o.to_value()),
            _ => format!("{} condition met\n", name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_flag_parsing() {
        assert!(matches!(cond_for("DELETE"), Ok(Cond::Delete)));
        assert!(matches!(cond_for("create"), Ok(Cond::Create)));
        match cond_for("condition=Available=False") {
            Ok(Cond::Condition { name, status }) => {
                assert_eq!((name.as_str(), status.as_str()), ("Available", "False"))
            }
            _ => panic!("condition"),
        }
        assert_eq!(
            cond_for("foo").unwrap_err(),
            "unrecognized condition: \"foo\""
        );
        assert_eq!(
            cond_for("jsonpath=").unwrap_err(),
            "jsonpath expression cannot be empty"
        );
        assert!(
            cond_for("jsonpath={.a}=")
                .unwrap_err()
                .contains("has to have a value")
        );
        assert!(
            cond_for("jsonpath={.a}=1=2")
                .unwrap_err()
                .contains("format must be")
        );
        // '==' inside a filter is not a separator.
        match cond_for("jsonpath={.status.conditions[?(@.type==\"Ready\")].status}=True") {
            Ok(Cond::JsonPath { value, .. }) => assert_eq!(value.as_deref(), Some("True")),
            other => panic!("{:?}", other.err()),
        }
    }

    #[test]
    fn conditions_respect_observed_generation() {
        let v = serde_json::json!({
            "metadata": {"generation": 2},
            "status": {"observedGeneration": 1, "conditions": [{"type": "Available", "status": "True"}]}
        });
        assert!(!check_condition(&v, "available", "true"));
        let v = serde_json::json!({
            "metadata": {"generation": 2},
            "status": {"observedGeneration": 2, "conditions": [{"type": "Available", "status": "True"}]}
        });
        assert!(check_condition(&v, "available", "TRUE"));
        assert!(!check_condition(&v, "Available", "false"));
        assert!(!check_condition(&v, "Progressing", "true"));
    }
}

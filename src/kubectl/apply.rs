//! `kubectl apply|create -f` and `kubectl delete`.

use serde_json::Value;

use super::{client, flags};
use crate::apiserver::decode;
use crate::engine::{Engine, ExecOutput};
use crate::object::{Kind, ObjKey, Object};
use crate::runtime::api::Propagation;

/// `kubectl.kubernetes.io/last-applied-configuration`.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// Read every `-f` source: (display name, text).
pub(crate) fn sources(
    e: &Engine,
    f: &flags::Flags,
    stdin: Option<&str>,
    out: &mut ExecOutput,
) -> Option<Vec<(String, String)>> {
    let files = f.all("filename");
    if files.is_empty() {
        out.fail("error: must specify one of -f and -k");
        return None;
    }
    let mut res = vec![];
    for p in files {
        if p == "-" {
            res.push(("STDIN".to_string(), stdin.unwrap_or("").to_string()));
        } else {
            match e.files.get(p) {
                Some(t) => res.push((p.to_string(), t.clone())),
                None => {
                    out.fail(format!("error: the path \"{}\" does not exist", p));
                    return None;
                }
            }
        }
    }
    Some(res)
}

/// `kubectl create|replace --raw URI -f FILE`: the file's content POSTed or PUT to the URI
/// as it is, and the server's answer printed as it comes (`RawWrite`).
fn raw_write(
    e: &mut Engine,
    f: &flags::Flags,
    stdin: Option<&str>,
    out: &mut ExecOutput,
    uri: &str,
    mode: Mode,
) {
    if f.all("filename").len() != 1 {
        return out.fail("error: --raw can only use a single local file or stdin");
    }
    let Some(srcs) = sources(e, f, stdin, out) else {
        return;
    };
    let body = srcs.into_iter().next().map(|s| s.1).unwrap_or_default();
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let req = crate::apiserver::rest::Request {
        method: if mode == Mode::Create { "POST" } else { "PUT" }.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        content_type: Some("application/json".to_string()),
        accept: Some("application/json, */*".to_string()),
        client: "kubectl".to_string(),
        body: body.into_bytes(),
    };
    match crate::apiserver::rest::handle(e, &req, out) {
        crate::apiserver::rest::Reply::Done(r) if r.code < 400 => {
            out.out(String::from_utf8_lossy(&r.body).into_owned())
        }
        crate::apiserver::rest::Reply::Done(r) => {
            let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            out.fail(client::Failure(v).kubectl())
        }
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// Which of the manifest commands runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Apply,
    Create,
    /// `kubectl replace [--force]`: PUT the manifest (`--force`: delete, wait, create).
    Replace,
}

/// `kubectl apply -f`, `create -f` or `replace -f`.
pub fn apply(
    e: &mut Engine,
    args: &[String],
    stdin: Option<&str>,
    out: &mut ExecOutput,
    mode: Mode,
) {
    let create_only = mode == Mode::Create;
    let verb = match mode {
        Mode::Apply => "apply",
        Mode::Create => "create",
        Mode::Replace => "replace",
    };
    let f = match flags::parse(
        args,
        &[
            "filename",
            "namespace",
            "output",
            "field-manager",
            "validate",
            "raw",
        ],
        &[
            "dry-run",
            "server-side",
            "record",
            "overwrite",
            "force",
            "save-config",
        ],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl {} --help' for usage.",
                m, verb
            ));
        }
    };
    if let Some(v) = f.get("validate")
        && !["strict", "warn", "ignore", "true", "false"].contains(&v)
    {
        return out.fail(format!("error: invalid - validate option {:?}; must be one of: strict (or true), warn, ignore (or false)", v));
    }
    let strict = !matches!(
        f.get("validate"),
        Some("ignore") | Some("false") | Some("warn")
    );
    if !f.positional.is_empty() {
        return out.fail(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl {} -h' for help and examples",
            f.positional.join(" "),
            verb
        ));
    }
    if let Some(uri) = f.get("raw") {
        if mode == Mode::Apply {
            return out.fail(format!(
                "error: unknown flag: --raw\nSee 'kubectl {} --help' for usage.",
                verb
            ));
        }
        return raw_write(e, &f, stdin, out, uri, mode);
    }
    let Some(srcs) = sources(e, &f, stdin, out) else {
        return;
    };
    let ns_flag = f.get("namespace").map(String::from);
    // Parse everything first: a malformed file applies nothing.
    let mut docs = vec![];
    for (name, text) in &srcs {
        match decode::parse_manifests(text) {
            Ok(ms) => {
                for m in ms {
                    docs.push((name.clone(), m));
                }
            }
            Err(err) => return out.fail(err.kubectl_message(name)),
        }
    }
    if docs.is_empty() {
        return out.fail("error: no objects passed to ".to_string() + verb);
    }
    let dry = match flags::dry_run(&f, e.cluster.now, out) {
        Ok(d) => d != flags::DryRun::None,
        Err(m) => return out.fail(m),
    };
    let cmd = format!("kubectl {}", verb);
    {
        for (src, m) in docs {
            let annotate = mode == Mode::Apply || f.bool("save-config");
            let Some(Prepared {
                kind,
                ns,
                name,
                display,
                modified,
                applied_text,
            }) = prepare(e, m, &src, &ns_flag, strict, mode, annotate, out)
            else {
                continue;
            };
            let obj_path = client::path(kind, &ns, Some(&name), None);
            if mode == Mode::Replace {
                replace_one(
                    e,
                    &cmd,
                    (kind, &ns, &name),
                    modified,
                    &src,
                    f.bool("force"),
                    out,
                );
                continue;
            }
            // apply GETs the live object first; create just POSTs.
            let live = if create_only {
                None
            } else {
                match client::Call::new(&cmd, "GET", obj_path.clone()).send(e, out) {
                    Ok(v) => Some(v),
                    Err(fail) if fail.reason() == "NotFound" => None,
                    Err(fail) => {
                        out.fail(fail.kubectl());
                        continue;
                    }
                }
            };
            match live {
                None => {
                    if dry {
                        out.out(format!("{} created (dry run)\n", display));
                        continue;
                    }
                    match client::Call::new(&cmd, "POST", client::path(kind, &ns, None, None))
                        .body("application/json", modified)
                        .send(e, out)
                    {
                        Ok(v) => out.out(format!(
                            "{}/{} created\n",
                            kind.qualified_singular(),
                            v.pointer("/metadata/name")
                                .and_then(Value::as_str)
                                .unwrap_or(&name)
                        )),
                        Err(fail) => out.fail(source_error(&fail, "creating", &src)),
                    }
                }
                Some(current) => {
                    let patch = match three_way_patch(kind, &modified, &current) {
                        Ok(p) => p,
                        Err(m) => {
                            out.fail(format!("error: {}", m));
                            continue;
                        }
                    };
                    if patch.as_object().is_some_and(|m| m.is_empty()) {
                        out.out(format!("{} unchanged\n", display));
                        continue;
                    }
                    if dry {
                        out.out(format!("{} configured (dry run)\n", display));
                        continue;
                    }
                    match client::Call::new(&cmd, "PATCH", obj_path)
                        .body(client::SMP, patch)
                        .send(e, out)
                    {
                        Ok(_) => out.out(format!("{} configured\n", display)),
                        Err(fail) if fail.reason() == "Invalid" => out.fail(fail.kubectl()),
                        Err(fail) => out.fail(format!(
                            "Error from server: error when applying patch:\n{}\nfor: {:?}: {}",
                            applied_text.trim_end(),
                            src,
                            fail.kubectl().trim_start_matches("Error from server ")
                        )),
                    }
                }
            }
        }
    }
}

/// apply/patcher.go: the three-way strategic merge patch from the last applied
/// configuration (the live object's annotation), the manifest and the live object.
pub(crate) fn three_way_patch(
    kind: Kind,
    modified: &Value,
    current: &Value,
) -> Result<Value, String> {
    let original: Value = current
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(LAST_APPLIED))
        .and_then(Value::as_str)
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null);
    crate::apiserver::rest::patch::create_apply_patch(kind, &original, modified, current)
}

/// One manifest document made ready to send, as apply/create/replace/diff do: its
/// namespace settled against `-n`, decoded (strictly unless `--validate` says otherwise),
/// and the body kubectl sends (annotated with itself when `annotate`).
pub(crate) struct Prepared {
    pub kind: Kind,
    pub ns: String,
    pub name: String,
    /// `KIND.GROUP/NAME`, as kubectl prints it.
    pub display: String,
    /// The body to send.
    pub modified: Value,
    /// The last-applied-configuration text.
    pub applied_text: String,
}

/// Prepare one parsed document of `src` (failing with kubectl's message otherwise).
pub(crate) fn prepare(
    e: &Engine,
    m: decode::Manifest,
    src: &str,
    ns_flag: &Option<String>,
    strict: bool,
    mode: Mode,
    annotate: bool,
    out: &mut ExecOutput,
) -> Option<Prepared> {
    let create_only = mode == Mode::Create;
    let kind = m.kind;
    let mut value = m.value.clone();
    // Namespace from the flag when the manifest has none; a mismatch is an error.
    if kind.namespaced() {
        let doc_ns = value
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .map(String::from);
        match (&doc_ns, &ns_flag) {
            (Some(d), Some(n)) if d != n => {
                out.fail(format!(
                    "error: the namespace from the provided object \"{}\" does not match the namespace \"{}\". You must pass '--namespace={}' to perform this operation.",
                    d, n, d
                ));
                return None;
            }
            (None, Some(n)) => {
                if let Some(md) = value.get_mut("metadata").and_then(Value::as_object_mut) {
                    md.insert("namespace".into(), Value::String(n.clone()));
                }
            }
            _ => {}
        }
    }
    let obj = if strict {
        match decode::decode_strict(kind, &value) {
            Ok(o) => o,
            Err(fields) => {
                let exists = value
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .and_then(|n| {
                        let ns = value
                            .pointer("/metadata/namespace")
                            .and_then(Value::as_str)
                            .unwrap_or("default");
                        e.cluster.get(kind, ns, n)
                    })
                    .is_some();
                out.fail(decode::strict_error_message(
                    kind,
                    &fields,
                    mode != Mode::Replace && (!exists || create_only),
                    &src,
                ));
                return None;
            }
        }
    } else {
        match Object::from_value(kind, value.clone()) {
            Ok(o) => o,
            Err(m) => {
                out.fail(format!("error: error validating {:?}: {}", src, m));
                return None;
            }
        }
    };
    let name = obj.name().to_string();
    if name.is_empty() && obj.meta().generate_name.is_none() {
        out.fail(format!(
            "error: error when retrieving current configuration of:\nResource: \"{}/{}, Resource={}\", GroupVersionKind: \"{}, Kind={}\"\nName: \"\", Namespace: \"{}\"\nfrom server for: \"{}\": resource name may not be empty",
            if kind.group().is_empty() { String::new() } else { kind.group().to_string() },
            "v1",
            kind.plural(),
            kind.api_version(),
            kind.name(),
            obj.namespace(),
            src
        ));
        return None;
    }
    let ns = if kind.namespaced() {
        if obj.namespace().is_empty() {
            "default".to_string()
        } else {
            obj.namespace().to_string()
        }
    } else {
        String::new()
    };
    let display = format!("{}/{}", kind.qualified_singular(), name);
    // last-applied-configuration: the manifest as given, compact JSON.
    // (GetModifiedConfiguration sets the annotations to an empty map, not absent.)
    let mut applied = value.clone();
    if let Some(md) = applied.get_mut("metadata").and_then(Value::as_object_mut) {
        let a = md
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(a) = a.as_object_mut() {
            a.remove(LAST_APPLIED);
        }
        if kind.namespaced() && !md.contains_key("namespace") {
            md.insert("namespace".into(), Value::String(ns.clone()));
        }
    }
    let applied_text = format!("{}\n", serde_json::to_string(&applied).unwrap_or_default());
    // What kubectl sends: the manifest as given (not a typed round trip: fields it
    // leaves out stay out), annotated with itself (GetModifiedConfiguration).
    let mut modified = applied.clone();
    if annotate && let Some(md) = modified.get_mut("metadata").and_then(Value::as_object_mut) {
        let a = md
            .entry("annotations")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(a) = a.as_object_mut() {
            a.insert(LAST_APPLIED.into(), Value::String(applied_text.clone()));
        }
    }
    Some(Prepared {
        kind,
        ns,
        name,
        display,
        modified,
        applied_text,
    })
}

/// `cmdutil.AddSourceToErr`: the Status message prefixed with `error when VERB "SOURCE"`
/// (Invalid errors print their causes instead).
/// `kubectl replace` of one manifest (`pkg/cmd/replace`): a PUT of the object as given;
/// with `--force`, a delete (a missing object is fine), the wait until it is gone, then a
/// create. Prints `KIND/NAME replaced`.
fn replace_one(
    e: &mut Engine,
    cmd: &str,
    (kind, ns, name): (Kind, &str, &str),
    body: Value,
    src: &str,
    force: bool,
    out: &mut ExecOutput,
) {
    let obj_path = client::path(kind, ns, Some(name), None);
    let done = format!("{}/{} replaced\n", kind.qualified_singular(), name);
    if !force {
        match client::Call::new(cmd, "PUT", obj_path)
            .body("application/json", body)
            .send(e, out)
        {
            Ok(_) => out.out(done),
            Err(fail) => out.fail(source_error(&fail, "replacing", src)),
        }
        return;
    }
    match client::Call::new(cmd, "DELETE", obj_path).send(e, out) {
        Ok(_) => {
            out.out(format!(
                "{} {:?} deleted\n",
                kind.qualified_singular(),
                name
            ));
            // The create follows in the same command, so this wait is never left to the
            // page's slices.
            let sliced = std::mem::replace(&mut e.sliced_waits, false);
            e.wait_for_gone(
                vec![ObjKey::new(kind, ns, name)],
                crate::waiting::GoneVerb::Delete,
                out,
            );
            e.sliced_waits = sliced;
            if out.exit != 0 {
                return;
            }
        }
        Err(fail) if fail.reason() == "NotFound" => {}
        Err(fail) => return out.fail(fail.kubectl()),
    }
    let mut body = body;
    if let Some(md) = body.get_mut("metadata").and_then(Value::as_object_mut) {
        md.remove("resourceVersion");
    }
    match client::Call::new(cmd, "POST", client::path(kind, ns, None, None))
        .body("application/json", body)
        .send(e, out)
    {
        Ok(_) => out.out(done),
        Err(fail) => out.fail(source_error(&fail, "replacing", src)),
    }
}

fn source_error(fail: &client::Failure, verb: &str, src: &str) -> String {
    if fail.reason() == "Invalid" {
        return fail.kubectl();
    }
    fail.server_error(&format!(
        "error when {} {:?}: {}",
        verb,
        src,
        fail.message()
    ))
}

/// `kubectl delete (TYPE NAME… | TYPE/NAME… | -f FILE | TYPE -l SEL | TYPE --all)`.
pub fn delete(e: &mut Engine, args: &[String], stdin: Option<&str>, out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "filename",
            "namespace",
            "selector",
            "cascade",
            "grace-period",
            "timeout",
            "output",
        ],
        &[
            "all",
            "now",
            "force",
            "wait",
            "ignore-not-found",
            "all-namespaces",
        ],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl delete --help' for usage.",
                m
            ));
        }
    };
    let ns = super::namespace(&f);
    let propagation = match f.get("cascade").unwrap_or("background") {
        "background" | "true" => Propagation::Background,
        "foreground" => Propagation::Foreground,
        "orphan" | "false" => Propagation::Orphan,
        other => {
            return out.fail(format!(
                "error: invalid cascade value ({}). Must be \"background\", \"foreground\", or \"orphan\"",
                other
            ));
        }
    };
    // delete.go Complete: --now and --grace-period are exclusive; --now is grace 1;
    // grace 0 without --force becomes 1; --force with no grace means 0.
    if f.bool("now") && f.has("grace-period") {
        return out.fail("error: --now and --grace-period cannot be specified together");
    }
    let mut grace = match f.get("grace-period") {
        Some(g) => flags::go_parse_int(g).ok().filter(|v| *v >= 0),
        None => None,
    };
    if f.bool("now") {
        grace = Some(1);
    }
    let force = f.bool("force");
    if force && grace.is_none() {
        grace = Some(0);
    }
    if grace == Some(0) && !force {
        grace = Some(1);
    }
    if force {
        out.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let deleted_word = if grace == Some(0) {
        "force deleted"
    } else {
        "deleted"
    };
    // Targets.
    let mut targets: Vec<(Kind, String, String)> = vec![];
    if f.has("filename") {
        let Some(srcs) = sources(e, &f, stdin, out) else {
            return;
        };
        for (name, text) in srcs {
            match decode::parse_manifests(&text) {
                Ok(ms) => {
                    for m in ms {
                        let n = m
                            .value
                            .pointer("/metadata/name")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string();
                        let mns = m
                            .value
                            .pointer("/metadata/namespace")
                            .and_then(Value::as_str)
                            .map(String::from)
                            .unwrap_or(ns.clone());
                        targets.push((
                            m.kind,
                            if m.kind.namespaced() {
                                mns
                            } else {
                                String::new()
                            },
                            n,
                        ));
                    }
                }
                Err(err) => return out.fail(err.kubectl_message(&name)),
            }
        }
    } else if f.bool("all") || f.has("selector") {
        let Some(t) = f.positional.first() else {
            return out.fail("error: resource(s) were provided, but no name was specified");
        };
        let mut kinds = vec![];
        for part in t.split(',') {
            let Some(k) = super::resolve_kind(part, out) else {
                return;
            };
            kinds.push(k);
        }
        let sel = match f.get("selector").map(crate::labels::Selector::parse) {
            Some(Ok(s)) => Some(s),
            Some(Err(m)) => return out.fail(format!("error: {}", m)),
            None => None,
        };
        for k in kinds {
            let ns_filter = if k.namespaced() {
                Some(ns.as_str())
            } else {
                None
            };
            for o in e.cluster.store.list(k, ns_filter) {
                let labels = o.meta().labels.clone().unwrap_or_default();
                if sel.as_ref().is_none_or(|s| s.matches(&labels)) {
                    targets.push((k, o.namespace().to_string(), o.name().to_string()));
                }
            }
        }
        if targets.is_empty() {
            out.err(if ns.is_empty() {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {} namespace.\n", ns)
            });
            return;
        }
    } else {
        if f.positional.len() == 1 && !f.positional[0].contains('/') {
            if super::resolve_kind(&f.positional[0], out).is_none() {
                return;
            }
            return out.fail("error: resource(s) were provided, but no name was specified");
        }
        let Some(pairs) = super::resource_names(&f.positional, out) else {
            return;
        };
        if pairs.is_empty() {
            return out.fail("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
        }
        for (k, n) in pairs {
            targets.push((
                k,
                if k.namespaced() {
                    ns.clone()
                } else {
                    String::new()
                },
                n,
            ));
        }
    }
    // delete.go: one DELETE per object, with DeleteOptions (propagationPolicy always set).
    let policy = match propagation {
        Propagation::Background => "Background",
        Propagation::Foreground => "Foreground",
        Propagation::Orphan => "Orphan",
    };
    let mut pending = vec![];
    for (k, tns, n) in &targets {
        let mut body = serde_json::json!({"kind": "DeleteOptions", "apiVersion": "v1"});
        if let Some(g) = grace {
            body["gracePeriodSeconds"] = g.into();
        }
        body["propagationPolicy"] = policy.into();
        match client::Call::new(
            "kubectl delete",
            "DELETE",
            client::path(*k, tns, Some(n), None),
        )
        .body("application/json", body)
        .send(e, out)
        {
            Ok(_) => {
                out.out(format!(
                    "{} \"{}\" {}\n",
                    k.qualified_singular(),
                    n,
                    deleted_word
                ));
                pending.push(ObjKey::new(*k, tns, n));
            }
            Err(fail) if fail.reason() == "NotFound" && f.bool("ignore-not-found") => {}
            Err(fail) => out.fail(fail.kubectl()),
        }
    }
    // kubectl waits until the objects are gone (--wait defaults to true).
    let wait = f.get("wait").is_none_or(|v| v != "false");
    if wait && !pending.is_empty() {
        e.wait_for_gone(pending, crate::waiting::GoneVerb::Delete, out);
    }
}

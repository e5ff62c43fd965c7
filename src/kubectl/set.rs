//! `kubectl set image|env|resources|selector|serviceaccount` (`k8s.io/kubectl/pkg/cmd/set`):
//! each GETs the object, changes its pod template (or a Service's selector) and sends the
//! difference as a strategic merge patch, as kubectl does.

use k8s_openapi::api::core::v1::{Container, EnvVar, PodSpec};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use serde_json::Value;

use super::client;
use super::flags::{self, DryRun};
use crate::engine::{Engine, ExecOutput};
use crate::object::{Kind, Object};

const SET_HELP: &str = "Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n\nUse \"kubectl set <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).";

const NO_RESOURCES: &str = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/// `kubectl set SUBCOMMAND …`.
pub fn set(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let Some(sub) = args.first() else {
        return out.fail(SET_HELP);
    };
    let rest = &args[1..];
    match sub.as_str() {
        "image" => image(e, rest, out),
        "env" => env(e, rest, out),
        "resources" => resources(e, rest, out),
        "selector" => selector(e, rest, out),
        "serviceaccount" | "sa" => service_account(e, rest, out),
        "subject" => out.fail("error: kubestep does not implement \"kubectl set subject\" yet (it has no RBAC objects)"),
        other => out.fail(format!(
            "error: unknown command {:?}\nSee 'kubectl set -h' for help and examples",
            other
        )),
    }
}

/// How a `set` subcommand reports and sends its change: `--dry-run`, `-o`, and the words
/// kubectl wraps a failed patch in.
struct Opts {
    dry: DryRun,
    output: Option<String>,
}

impl Opts {
    fn of(e: &Engine, f: &flags::Flags, out: &mut ExecOutput) -> Result<Opts, String> {
        let dry = flags::dry_run(f, e.cluster.now, out)?;
        let output = f.get("output").filter(|o| !o.is_empty()).map(String::from);
        if let Some(o) = &output
            && !["yaml", "json", "name"].contains(&o.as_str())
        {
            return Err(format!(
                "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: json,name,yaml",
                o
            ));
        }
        Ok(Opts { dry, output })
    }

    /// Print the outcome: `-o` prints the object, else `TYPE/NAME VERB` with the dry-run
    /// suffix.
    fn print(&self, out: &mut ExecOutput, kind: Kind, name: &str, verb: &str, obj: &Value) {
        match self.output.as_deref() {
            Some("name") => out.out(format!("{}/{}\n", kind.qualified_singular(), name)),
            Some("yaml") => out.out(crate::printers::to_yaml(obj)),
            Some("json") => out.out(crate::printers::to_go_json(obj)),
            _ => out.out(format!(
                "{}/{} {}{}\n",
                kind.qualified_singular(),
                name,
                verb,
                match self.dry {
                    DryRun::Client => " (dry run)",
                    DryRun::Server => " (server dry run)",
                    DryRun::None => "",
                }
            )),
        }
    }
}

/// GET the object, change it, and send the strategic merge patch (unless a client dry run);
/// the object as changed (or as the server returned it). `always`: send even an empty patch
/// (set selector, set serviceaccount). None when it failed (printed).
#[allow(clippy::too_many_arguments)]
fn change_one(
    e: &mut Engine,
    what: &str,
    (kind, ns, name): (Kind, &str, &str),
    out: &mut ExecOutput,
    opts: &Opts,
    always: bool,
    wrap: Option<&dyn Fn(&str) -> String>,
    change: impl FnOnce(&mut Object) -> Result<(), String>,
) -> Option<Value> {
    let cmd = format!("kubectl {}", what);
    let p = client::path(kind, ns, Some(name), None);
    let mut obj = super::mutate::fetch(e, &cmd, kind, &p, out)?;
    let before = obj.to_value();
    if let Err(m) = change(&mut obj) {
        out.fail(m);
        return None;
    }
    let after = obj.to_value();
    let patch = match crate::apiserver::rest::patch::create_strategic(kind, &before, &after) {
        Ok(p) => p,
        Err(m) => {
            out.fail(format!("error: {}", m));
            return None;
        }
    };
    let empty = patch.as_object().is_some_and(|m| m.is_empty());
    if empty && !always {
        return Some(Value::Null);
    }
    if opts.dry == DryRun::Client {
        return Some(after);
    }
    let q = if opts.dry == DryRun::Server {
        "dryRun=All"
    } else {
        ""
    };
    match client::Call::new(&cmd, "PATCH", p)
        .query(q)
        .body(client::SMP, patch)
        .send(e, out)
    {
        Ok(v) => Some(v),
        Err(f) => {
            match wrap {
                Some(w) => out.fail(format!("error: {}", w(f.message()))),
                None => out.fail(f.kubectl()),
            }
            None
        }
    }
}

/// The pod template's spec of a workload (or a pod's spec), or kubectl's error for a kind
/// without one (`set image|env|resources|serviceaccount` share it).
pub(crate) fn pod_spec(o: &mut Object) -> Result<&mut PodSpec, String> {
    let kind = o.kind();
    let spec = match o {
        Object::Deployment(d) => d.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
        Object::ReplicaSet(r) => r
            .spec
            .as_mut()
            .and_then(|s| s.template.as_mut())
            .and_then(|t| t.spec.as_mut()),
        Object::DaemonSet(d) => d.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
        Object::StatefulSet(d) => d.spec.as_mut().and_then(|s| s.template.spec.as_mut()),
        Object::Pod(p) => p.spec.as_mut(),
        _ => None,
    };
    spec.ok_or_else(|| {
        format!(
            "error: {} is not a resource with a pod template",
            kind.qualified_plural()
        )
    })
}

/// The objects named by `TYPE NAME…`, `TYPE/NAME…`, or `TYPE` with `-l`/`--all`.
pub(crate) fn targets(
    e: &Engine,
    f: &flags::Flags,
    res: &[String],
    ns: &str,
    out: &mut ExecOutput,
) -> Option<Vec<(Kind, String)>> {
    if res.is_empty() {
        out.fail(NO_RESOURCES);
        return None;
    }
    if res.len() == 1 && !res[0].contains('/') {
        let kind = super::resolve_kind(&res[0], out)?;
        if !f.bool("all") && !f.has("selector") {
            out.fail("error: resource(s) were provided, but no name was specified");
            return None;
        }
        let sel = match f.get("selector").map(crate::labels::Selector::parse) {
            None => None,
            Some(Ok(s)) => Some(s),
            Some(Err(m)) => {
                out.fail(format!("error: {}", m));
                return None;
            }
        };
        let list_ns = kind.namespaced().then_some(ns);
        return Some(
            e.cluster
                .store
                .list(kind, list_ns)
                .iter()
                .filter(|o| {
                    sel.as_ref()
                        .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
                })
                .map(|o| (kind, o.name().to_string()))
                .collect(),
        );
    }
    super::resource_names(res, out)
}

/// `-c` is `--containers` for `set env` and `set resources` (`-c X`, `-c=X`, `-cX`), and
/// `-e` is `--env`.
fn shorthands(args: &[String]) -> Vec<String> {
    args.iter()
        .map(|a| {
            if a == "-e" {
                return "--env".to_string();
            }
            match a.strip_prefix("-c") {
                Some("") => "--containers".to_string(),
                Some(rest) if !a.starts_with("--") => {
                    format!("--containers={}", rest.strip_prefix('=').unwrap_or(rest))
                }
                _ => a.clone(),
            }
        })
        .collect()
}

/// The flags every `set` subcommand shares.
fn parse(
    args: &[String],
    valued: &[&str],
    boolean: &[&str],
    cmd: &str,
) -> Result<flags::Flags, String> {
    let mut v = vec![
        "namespace",
        "selector",
        "output",
        "dry-run",
        "field-manager",
        "filename",
    ];
    v.extend_from_slice(valued);
    let mut b = vec![
        "all",
        "local",
        "record",
        "allow-missing-template-keys",
        "show-managed-fields",
    ];
    b.extend_from_slice(boolean);
    flags::parse(args, &v, &b)
        .map_err(|m| format!("error: {}\nSee 'kubectl set {} --help' for usage.", m, cmd))
}

/// `kubectl set image RESOURCE CONTAINER=IMAGE… [--all|-l SEL] [--dry-run] [-o FORMAT]`
/// (`k8s.io/kubectl/pkg/cmd/set/set_image.go`): one strategic merge patch per object;
/// nothing is sent (or printed) when no image changes.
fn image(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match parse(args, &[], &[], "image") {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let ns = super::namespace(&f);
    let opts = match Opts::of(e, &f, out) {
        Ok(o) => o,
        Err(m) => return out.fail(m),
    };
    let (res, pairs): (Vec<String>, Vec<String>) =
        f.positional.iter().cloned().partition(|a| !a.contains('='));
    if pairs.is_empty() {
        return out.fail("error: at least one image update is required");
    }
    let mut updates = vec![];
    for p in &pairs {
        let (c, i) = p.split_once('=').unwrap_or((p, ""));
        if i.is_empty() {
            return out.fail(format!("error: invalid image update {:?}", p));
        }
        updates.push((c.to_string(), i.to_string()));
    }
    let Some(targets) = targets(e, &f, &res, &ns, out) else {
        return;
    };
    for (kind, name) in targets {
        let ups = updates.clone();
        let wrap = |m: &str| format!("failed to patch image update to pod template: {}", m);
        let res = change_one(
            e,
            "set image",
            (kind, &ns, &name),
            out,
            &opts,
            false,
            Some(&wrap),
            move |o| {
                let spec = pod_spec(o)?;
                for (c, img) in &ups {
                    let mut found = false;
                    for ctr in spec
                        .containers
                        .iter_mut()
                        .chain(spec.init_containers.iter_mut().flatten())
                    {
                        if c == "*" || &ctr.name == c {
                            found = true;
                            ctr.image = Some(img.clone());
                        }
                    }
                    if !found {
                        return Err(format!("error: unable to find container named \"{}\"", c));
                    }
                }
                Ok(())
            },
        );
        if let Some(obj) = res.filter(|v| !v.is_null()) {
            opts.print(out, kind, &name, "image updated", &obj);
        }
    }
}

/// `kubectl set env RESOURCE KEY=VALUE… KEY-… [-c CONTAINER] [--list] [--overwrite]`.
fn env(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let args = shorthands(args);
    let f = match parse(
        &args,
        &[
            "containers",
            "container",
            "env",
            "keys",
            "prefix",
            "from",
            "resource-version",
        ],
        &["list", "overwrite", "resolve"],
        "env",
    ) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    if f.has("from") {
        return out.fail("error: kubestep does not implement \"kubectl set env --from\" yet (it has no ConfigMaps or Secrets)");
    }
    let ns = super::namespace(&f);
    let opts = match Opts::of(e, &f, out) {
        Ok(o) => o,
        Err(m) => return out.fail(m),
    };
    let (res, mut pairs): (Vec<String>, Vec<String>) = f
        .positional
        .iter()
        .cloned()
        .partition(|a| !(a.contains('=') || (a.ends_with('-') && !a.contains('/'))));
    for v in f.all("env") {
        pairs.push(v.to_string());
    }
    // Parse KEY=VALUE and KEY- (upstream: ParseEnv).
    let mut set: Vec<(String, String)> = vec![];
    let mut remove: Vec<String> = vec![];
    for p in &pairs {
        if let Some((k, v)) = p.split_once('=') {
            if !super::generate::is_env_var_name(k) {
                return out.fail(format!(
                    "error: {:?} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
                    k
                ));
            }
            set.retain(|(x, _)| x != k);
            set.push((k.to_string(), v.to_string()));
        } else if let Some(k) = p.strip_suffix('-') {
            remove.push(k.to_string());
        }
    }
    if set.iter().any(|(k, _)| remove.contains(k)) {
        return out.fail("error: can not both modify and remove the same environment variable in the same command");
    }
    let container = f
        .get("containers")
        .or(f.get("container"))
        .unwrap_or("*")
        .to_string();
    let Some(targets) = targets(e, &f, &res, &ns, out) else {
        return;
    };
    let list = f.bool("list");
    let overwrite = f.get("overwrite") != Some("false");
    for (kind, name) in targets {
        if list {
            let Some(mut o) = e.cluster.get(kind, &ns, &name).map(|o| (*o).clone()) else {
                out.fail(format!(
                    "Error from server (NotFound): {} {:?} not found",
                    kind.qualified_plural(),
                    name
                ));
                continue;
            };
            if let Ok(spec) = pod_spec(&mut o) {
                for c in spec
                    .containers
                    .iter()
                    .filter(|c| container == "*" || c.name == container)
                {
                    out.out(format!(
                        "# {} {}, container {}\n",
                        kind.name(),
                        name,
                        c.name
                    ));
                    for ev in c.env.iter().flatten() {
                        match &ev.value {
                            Some(v) => out.out(format!("{}={}\n", ev.name, v)),
                            None if ev.value_from.is_none() => out.out(format!("{}=\n", ev.name)),
                            None => out.out(format!("# {} from a reference\n", ev.name)),
                        }
                    }
                }
            }
            continue;
        }
        if set.is_empty() && remove.is_empty() {
            continue;
        }
        let (s, r, c) = (set.clone(), remove.clone(), container.clone());
        let mut warn = None;
        let mut conflict = None;
        let what = format!("{}/{}", kind.name(), name);
        let wrap = |m: &str| format!("failed to patch env update to pod template: {}", m);
        let res = change_one(
            e,
            "set env",
            (kind, &ns, &name),
            out,
            &opts,
            false,
            Some(&wrap),
            |o| {
                let spec = pod_spec(o)?;
                let mut matched = false;
                let apply = |ctr: &mut Container, conflict: &mut Option<String>| {
                    let env = ctr.env.get_or_insert_with(Vec::new);
                    for (k, v) in &s {
                        match env.iter_mut().find(|x| &x.name == k) {
                            Some(x) if !overwrite && x.value.as_deref() != Some(v) => {
                                *conflict = Some(format!(
                                    "error: '{}' already has a value ({}), and --overwrite is false",
                                    k,
                                    x.value.clone().unwrap_or_default()
                                ));
                            }
                            Some(x) => {
                                x.value = Some(v.clone());
                                x.value_from = None;
                            }
                            None => env.push(EnvVar {
                                name: k.clone(),
                                value: Some(v.clone()),
                                value_from: None,
                            }),
                        }
                    }
                    env.retain(|x| !r.contains(&x.name));
                    if env.is_empty() {
                        ctr.env = None;
                    }
                };
                for ctr in spec
                    .init_containers
                    .iter_mut()
                    .flatten()
                    .chain(spec.containers.iter_mut())
                {
                    if c == "*" || ctr.name == c {
                        matched = true;
                        apply(ctr, &mut conflict);
                    }
                }
                if !matched {
                    warn = Some(format!(
                        "Warning: {} does not have any containers matching {:?}\n",
                        what, c
                    ));
                }
                if let Some(m) = conflict.take() {
                    return Err(m);
                }
                Ok(())
            },
        );
        if let Some(w) = warn {
            out.err(w);
        }
        if let Some(obj) = res.filter(|v| !v.is_null()) {
            opts.print(out, kind, &name, "env updated", &obj);
        }
    }
}

/// `k=v,k=v` → a resource list, with `resource.ParseQuantity`'s errors.
fn resource_list(spec: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = vec![];
    for item in spec.split(',').filter(|s| !s.is_empty()) {
        let Some((k, v)) = item.split_once('=') else {
            return Err(format!(
                "Invalid argument syntax {}, expected <resource>=<value>",
                item
            ));
        };
        crate::quantity::parse_quantity(v).map_err(|m| m.to_string())?;
        out.push((k.to_string(), v.to_string()));
    }
    Ok(out)
}

/// `kubectl set resources RESOURCE [-c CONTAINER] --limits=… --requests=…`.
fn resources(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match parse(
        &shorthands(args),
        &["containers", "limits", "requests"],
        &[],
        "resources",
    ) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let ns = super::namespace(&f);
    let opts = match Opts::of(e, &f, out) {
        Ok(o) => o,
        Err(m) => return out.fail(m),
    };
    let limits = match resource_list(f.get("limits").unwrap_or("")) {
        Ok(l) => l,
        Err(m) => return out.fail(format!("error: {}", m)),
    };
    let requests = match resource_list(f.get("requests").unwrap_or("")) {
        Ok(l) => l,
        Err(m) => return out.fail(format!("error: {}", m)),
    };
    if f.bool("all") && f.has("selector") {
        return out.fail("error: cannot set --all and --selector at the same time");
    }
    if limits.is_empty() && requests.is_empty() {
        return out.fail("error: you must specify an update to requests or limits (in the form of --requests/--limits)");
    }
    let container = f.get("containers").unwrap_or("*").to_string();
    let Some(targets) = targets(e, &f, &f.positional.clone(), &ns, out) else {
        return;
    };
    for (kind, name) in targets {
        let (l, r, c) = (limits.clone(), requests.clone(), container.clone());
        let wrap = |m: &str| format!("failed to patch resources update to pod template {}", m);
        let res = change_one(
            e,
            "set resources",
            (kind, &ns, &name),
            out,
            &opts,
            false,
            Some(&wrap),
            |o| {
                let spec = pod_spec(o)?;
                let mut matched = false;
                for ctr in spec
                    .init_containers
                    .iter_mut()
                    .flatten()
                    .chain(spec.containers.iter_mut())
                {
                    if c != "*" && ctr.name != c {
                        continue;
                    }
                    matched = true;
                    let rr = ctr.resources.get_or_insert_with(Default::default);
                    for (k, v) in &l {
                        rr.limits
                            .get_or_insert_with(Default::default)
                            .insert(k.clone(), Quantity(v.clone()));
                    }
                    for (k, v) in &r {
                        rr.requests
                            .get_or_insert_with(Default::default)
                            .insert(k.clone(), Quantity(v.clone()));
                    }
                }
                if !matched {
                    return Err(format!("error: unable to find container named {}", c));
                }
                Ok(())
            },
        );
        if let Some(obj) = res.filter(|v| !v.is_null()) {
            opts.print(out, kind, &name, "resource requirements updated", &obj);
        }
    }
}

/// `kubectl set selector TYPE NAME EXPRESSIONS`: a Service's selector, replaced whole.
fn selector(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match parse(args, &["resource-version"], &[], "selector") {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let ns = super::namespace(&f);
    let opts = match Opts::of(e, &f, out) {
        Ok(o) => o,
        Err(m) => return out.fail(m),
    };
    let Some((expr, res)) = f.positional.split_last() else {
        return out.fail("error: one selector is required");
    };
    let Some(targets) = targets(e, &f, res, &ns, out) else {
        return;
    };
    let mut map = std::collections::BTreeMap::new();
    for part in expr.split(',').filter(|s| !s.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return out.fail(format!(
                "error: match expression {} not supported on this object",
                part
            ));
        };
        map.insert(k.trim_end_matches('=').to_string(), v.to_string());
    }
    for (kind, name) in targets {
        if kind != Kind::Service {
            out.fail("error: setting a selector is only supported for Services");
            continue;
        }
        let m = map.clone();
        // kubectl patches even when nothing changes, and says so.
        let rv = f.get("resource-version").map(String::from);
        let res = change_one(
            e,
            "set selector",
            (kind, &ns, &name),
            out,
            &opts,
            true,
            None,
            |o| {
                // --resource-version: a precondition the API server checks.
                if let Some(rv) = rv {
                    o.meta_mut().resource_version = Some(rv);
                }
                if let Object::Service(s) = o {
                    s.spec.get_or_insert_with(Default::default).selector =
                        (!m.is_empty()).then_some(m);
                }
                Ok(())
            },
        );
        if let Some(obj) = res {
            opts.print(out, kind, &name, "selector updated", &obj);
        }
    }
}

/// `kubectl set serviceaccount TYPE NAME SERVICE_ACCOUNT`.
fn service_account(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match parse(args, &[], &[], "serviceaccount") {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let ns = super::namespace(&f);
    let opts = match Opts::of(e, &f, out) {
        Ok(o) => o,
        Err(m) => return out.fail(m),
    };
    let Some((sa, res)) = f.positional.split_last() else {
        return out.fail("error: serviceaccount is required");
    };
    let Some(targets) = targets(e, &f, res, &ns, out) else {
        return;
    };
    for (kind, name) in targets {
        let sa = sa.clone();
        let wrap = |m: &str| format!("failed to patch ServiceAccountName {}", m);
        let res = change_one(
            e,
            "set serviceaccount",
            (kind, &ns, &name),
            out,
            &opts,
            true,
            Some(&wrap),
            |o| {
                let spec = pod_spec(o)?;
                spec.service_account_name = Some(sa);
                Ok(())
            },
        );
        if let Some(obj) = res {
            opts.print(out, kind, &name, "serviceaccount updated", &obj);
        }
    }
}

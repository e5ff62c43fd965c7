//! `kubectl scale`, `set image`, `label`, `annotate`, `cordon`, `uncordon`.

use serde_json::Value;

use super::{client, flags};
use crate::engine::{Engine, ExecOutput};
use crate::object::{Kind, Object};

/// How a command sends its change (the patch type kubectl v1.32 uses for it).
pub(crate) enum Send {
    /// A strategic merge patch from the object to the changed object
    /// (`strategicpatch.CreateTwoWayMergePatch`: set image, cordon, rollout pause/resume/restart).
    Strategic,
    /// A JSON merge patch (`jsonpatch.CreateMergePatch`: label, annotate).
    Merge,
    /// A JSON patch built from the changed object (rollout undo).
    Json(fn(&Value) -> Value),
}

/// GET an object, change it, and send the change as kubectl does: one PATCH, one
/// kube-apiserver step. `change` returns Ok(false) when there is nothing to write (then no
/// request is sent). `Some(true)` when patched.
pub(crate) fn modify(
    e: &mut Engine,
    what: &str,
    (kind, ns, name): (Kind, &str, &str),
    out: &mut ExecOutput,
    send: Send,
    change: impl FnOnce(&mut Object) -> Result<bool, String>,
) -> Option<bool> {
    let cmd = format!("kubectl {}", what);
    let p = client::path(kind, ns, Some(name), None);
    let cur = match client::Call::new(&cmd, "GET", p.clone()).send(e, out) {
        Ok(v) => v,
        Err(f) => {
            out.fail(f.kubectl());
            return None;
        }
    };
    let mut obj = match Object::from_value(kind, cur) {
        Ok(o) => o,
        Err(m) => {
            out.fail(format!("error: {}", m));
            return None;
        }
    };
    let before = obj.to_value();
    match change(&mut obj) {
        Err(m) => {
            out.fail(m);
            return None;
        }
        Ok(false) => return Some(false),
        Ok(true) => {}
    }
    let after = obj.to_value();
    let (ctype, patch) = match send {
        Send::Strategic => {
            match crate::apiserver::rest::patch::create_strategic(kind, &before, &after) {
                Ok(p) => (client::SMP, p),
                Err(m) => {
                    out.fail(format!("error: {}", m));
                    return None;
                }
            }
        }
        Send::Merge => (client::MERGE, client::create_merge_patch(&before, &after)),
        Send::Json(ops) => (client::JSON_PATCH, ops(&after)),
    };
    if patch.as_object().is_some_and(|m| m.is_empty()) {
        return Some(false);
    }
    match client::Call::new(&cmd, "PATCH", p)
        .body(ctype, patch)
        .send(e, out)
    {
        Ok(_) => Some(true),
        Err(f) => {
            out.fail(f.kubectl());
            None
        }
    }
}

/// `kubectl scale TYPE NAME --replicas=N` / `TYPE/NAME`.
pub fn scale(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "replicas",
            "namespace",
            "current-replicas",
            "resource-version",
            "timeout",
            "selector",
        ],
        &["all"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl scale --help' for usage.",
                m
            ));
        }
    };
    let Some(r) = f.get("replicas") else {
        return out.fail("error: required flag(s) \"replicas\" not set");
    };
    // (The flag parser checked the syntax; kubectl converts to int32 as Go does.)
    let replicas: i32 = match flags::go_parse_int(r) {
        Ok(n) if n >= 0 => n as i32,
        _ => return out.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
    };
    let current: Option<i32> = f
        .get("current-replicas")
        .and_then(|v| flags::go_parse_int(v).ok())
        .map(|n| n as i32)
        .filter(|n| *n != -1);
    let Some(targets) = super::resource_names(&f.positional, out) else {
        return;
    };
    if targets.is_empty() {
        return out.fail("error: resource(s) were provided, but no name was specified");
    }
    let ns = super::namespace(&f);
    // The builder fetches every target first (scale.go RunScale): with none found the
    // command fails as a whole; otherwise the missing ones are reported at the end.
    let (found, missing): (Vec<_>, Vec<_>) = targets
        .into_iter()
        .partition(|(k, n)| e.cluster.get(*k, &ns, n).is_some());
    let not_found: Vec<String> = missing
        .iter()
        .map(|(k, n)| format!("{} {:?} not found", k.qualified_plural(), n))
        .collect();
    if found.is_empty() {
        let agg = if not_found.len() == 1 {
            not_found[0].clone()
        } else {
            format!("[{}]", not_found.join(", "))
        };
        return out.fail(format!("error: no objects passed to scale {}", agg));
    }
    for (k, n) in found {
        if !matches!(k, Kind::Deployment | Kind::ReplicaSet) {
            out.fail(format!(
                "error: cannot scale {}: no scale subresource",
                k.qualified_plural()
            ));
            continue;
        }
        // kubectl/pkg/scale/scale.go ScaleSimple: with preconditions, GET the scale and
        // PUT it back; without, PATCH it with a JSON merge patch.
        let scale_path = client::path(k, &ns, Some(&n), Some("scale"));
        let res = if current.is_some() || f.get("resource-version").is_some() {
            match client::Call::new("kubectl scale", "GET", scale_path.clone()).send(e, out) {
                Err(fail) => Err(fail.kubectl()),
                Ok(mut scale) => {
                    let was = scale["spec"]["replicas"].as_i64().unwrap_or(0);
                    let rv = scale["metadata"]["resourceVersion"].as_str().unwrap_or("");
                    if let Some(cur) = current
                        && was != cur as i64
                    {
                        Err(format!(
                            "error: Expected replicas to be {}, was {}",
                            cur, was
                        ))
                    } else if let Some(want) = f.get("resource-version")
                        && want != rv
                    {
                        Err(format!(
                            "error: Expected resourceVersion to be {}, was {}",
                            want, rv
                        ))
                    } else {
                        scale["spec"]["replicas"] = replicas.into();
                        client::Call::new("kubectl scale", "PUT", scale_path)
                            .body("application/json", scale)
                            .send(e, out)
                            .map_err(|f| f.kubectl())
                    }
                }
            }
        } else {
            client::Call::new("kubectl scale", "PATCH", scale_path)
                .body(
                    client::MERGE,
                    serde_json::json!({"spec": {"replicas": replicas}}),
                )
                .send(e, out)
                .map_err(|f| f.kubectl())
        };
        match res {
            Ok(_) => out.out(format!("{}/{} scaled\n", k.qualified_singular(), n)),
            Err(m) => out.fail(m),
        }
    }
    for m in not_found {
        out.fail(format!("Error from server (NotFound): {}", m));
    }
}

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE…`.
pub fn set(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    if args.first().map(String::as_str) != Some("image") {
        return out.fail(format!(
            "error: unknown command \"{}\" for \"kubectl set\"",
            args.first().map(String::as_str).unwrap_or("")
        ));
    }
    let f = match flags::parse(&args[1..], &["namespace", "selector"], &["all", "record"]) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl set image --help' for usage.",
                m
            ));
        }
    };
    let ns = super::namespace(&f);
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
    let Some(targets) = super::resource_names(&res, out) else {
        return;
    };
    for (k, n) in targets {
        let ups = updates.clone();
        let r = modify(
            e,
            "set image",
            (k, &ns, &n),
            out,
            Send::Strategic,
            move |o| {
                let spec = match o {
                    Object::Deployment(d) => d.spec.as_mut().map(|s| &mut s.template.spec),
                    Object::ReplicaSet(r) => r
                        .spec
                        .as_mut()
                        .and_then(|s| s.template.as_mut())
                        .map(|t| &mut t.spec),
                    Object::Pod(p) => Some(&mut p.spec),
                    _ => None,
                };
                let Some(Some(spec)) = spec else {
                    return Err(format!(
                        "error: {} is not a resource with a pod template",
                        k.qualified_plural()
                    ));
                };
                let mut changed = false;
                for (c, img) in &ups {
                    let mut found = false;
                    for ctr in spec
                        .containers
                        .iter_mut()
                        .chain(spec.init_containers.iter_mut().flatten())
                    {
                        if c == "*" || &ctr.name == c {
                            found = true;
                            if ctr.image.as_deref() != Some(img) {
                                ctr.image = Some(img.clone());
                                changed = true;
                            }
                        }
                    }
                    if !found {
                        return Err(format!("error: unable to find container named \"{}\"", c));
                    }
                }
                Ok(changed)
            },
        );
        if r == Some(true) {
            out.out(format!("{}/{} image updated\n", k.qualified_singular(), n));
        }
    }
}

/// `kubectl label|annotate TYPE NAME k=v… k-… [--overwrite]`.
pub fn label(e: &mut Engine, args: &[String], out: &mut ExecOutput, labels: bool) {
    let verb = if labels { "label" } else { "annotate" };
    let f = match flags::parse(
        args,
        &["namespace", "selector", "resource-version"],
        &["overwrite", "all", "list"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl {} --help' for usage.",
                m, verb
            ));
        }
    };
    let ns = super::namespace(&f);
    let mut res: Vec<String> = vec![];
    let mut changes: Vec<String> = vec![];
    for (i, a) in f.positional.iter().enumerate() {
        if i > 0 && (a.contains('=') || a.ends_with('-')) {
            changes.push(a.clone());
        } else {
            res.push(a.clone());
        }
    }
    if changes.is_empty() {
        return out.fail(format!(
            "error: at least one {} update is required",
            if labels { "label" } else { "annotation" }
        ));
    }
    let targets: Vec<(Kind, String)> = if f.has("selector") || f.bool("all") {
        // TYPE with -l SELECTOR or --all: every matching object, in the list's order.
        if res.len() != 1 || res[0].contains('/') {
            return out.fail(format!(
                "error: at least one {} update is required",
                if labels { "label" } else { "annotation" }
            ));
        }
        let Some(k) = super::resolve_kind(&res[0], out) else {
            return;
        };
        let sel = match f.get("selector").map(crate::labels::Selector::parse) {
            Some(Ok(s)) => Some(s),
            Some(Err(m)) => return out.fail(format!("error: {}", m)),
            None => None,
        };
        let list_ns = if k.namespaced() {
            Some(ns.as_str())
        } else {
            None
        };
        let found: Vec<(Kind, String)> = e
            .cluster
            .store
            .list(k, list_ns)
            .iter()
            .filter(|o| {
                sel.as_ref()
                    .is_none_or(|s| s.matches_opt(o.meta().labels.as_ref()))
            })
            .map(|o| (k, o.name().to_string()))
            .collect();
        // (Nothing matching: kubectl label prints nothing at all.)
        found
    } else {
        let Some(t) = super::resource_names(&res, out) else {
            return;
        };
        if t.is_empty() {
            return out.fail("error: resource(s) were provided, but no name was specified");
        }
        t
    };
    let overwrite = f.bool("overwrite");
    for (k, n) in targets {
        let ch = changes.clone();
        let r = modify(e, verb, (k, &ns, &n), out, Send::Merge, move |o| {
            let meta = o.meta_mut();
            let map = if labels {
                &mut meta.labels
            } else {
                &mut meta.annotations
            };
            let m = map.get_or_insert_with(Default::default);
            let mut changed = false;
            for c in &ch {
                if let Some(key) = c.strip_suffix('-') {
                    changed |= m.remove(key).is_some();
                } else if let Some((key, v)) = c.split_once('=') {
                    if labels {
                        let errs = crate::labels::qualified_name_errors(key);
                        if !errs.is_empty() {
                            return Err(format!("error: invalid label spec: {}", c));
                        }
                    }
                    if let Some(old) = m.get(key)
                        && old != v
                        && !overwrite
                    {
                        return Err(format!(
                            "error: '{}' already has a value ({}), and --overwrite is false",
                            key, old
                        ));
                    }
                    changed |= m.insert(key.to_string(), v.to_string()).as_deref() != Some(v);
                }
            }
            if m.is_empty() {
                *map = None;
            }
            Ok(changed)
        });
        if r.is_some() {
            let all_removals = changes.iter().all(|c| c.ends_with('-'));
            let word = match (labels, all_removals) {
                (true, true) => "unlabeled",
                (true, false) => "labeled",
                (false, _) => "annotated",
            };
            if r == Some(false) && labels {
                out.out(format!("{}/{} not labeled\n", k.qualified_singular(), n));
            } else {
                out.out(format!("{}/{} {}\n", k.qualified_singular(), n, word));
            }
        }
    }
}

/// `kubectl cordon|uncordon NODE`.
pub fn cordon(e: &mut Engine, args: &[String], out: &mut ExecOutput, on: bool) {
    let verb = if on { "cordon" } else { "uncordon" };
    cordon_as(e, args, out, on, verb)
}

/// `cordon` as part of `verb` (`drain` cordons first).
fn cordon_as(e: &mut Engine, args: &[String], out: &mut ExecOutput, on: bool, cmd: &str) {
    let verb = if on { "cordon" } else { "uncordon" };
    let f = match flags::parse(args, &["selector"], &["dry-run"]) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl {} --help' for usage.",
                m, verb
            ));
        }
    };
    if f.positional.is_empty() {
        return out.fail(format!(
            "error: USAGE: {} NODE [flags]\nSee 'kubectl {} -h' for help and examples",
            verb, verb
        ));
    }
    for n in f.positional.clone() {
        let n = n
            .strip_prefix("node/")
            .or(n.strip_prefix("nodes/"))
            .unwrap_or(&n)
            .to_string();
        let r = modify(e, cmd, (Kind::Node, "", &n), out, Send::Strategic, |o| {
            let Object::Node(node) = o else {
                return Ok(false);
            };
            let spec = node.spec.get_or_insert_with(Default::default);
            let cur = spec.unschedulable.unwrap_or(false);
            if cur == on {
                return Ok(false);
            }
            // Only the field: the node lifecycle controller taints the node
            // (node.kubernetes.io/unschedulable:NoSchedule) when it sees it.
            spec.unschedulable = if on { Some(true) } else { None };
            Ok(true)
        });
        match r {
            Some(true) => out.out(format!("node/{} {}ed\n", n, verb)),
            Some(false) => out.out(format!("node/{} already {}ed\n", n, verb)),
            None => {}
        }
    }
}

/// `kubectl drain NODE` (`staging/src/k8s.io/kubectl/pkg/drain`): cordon, check what may be
/// evicted, evict (a graceful delete through the eviction API; there are no
/// PodDisruptionBudgets here), wait until the pods are gone.
pub fn drain(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &["grace-period", "timeout", "pod-selector", "selector"],
        &[
            "force",
            "ignore-daemonsets",
            "delete-emptydir-data",
            "disable-eviction",
            "dry-run",
        ],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl drain --help' for usage.",
                m
            ));
        }
    };
    let [node] = f.positional.as_slice() else {
        return out.fail(
            "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples",
        );
    };
    let node = node.strip_prefix("node/").unwrap_or(node).to_string();
    let grace: Option<i64> = f
        .get("grace-period")
        .and_then(|g| flags::go_parse_int(g).ok())
        .filter(|g| *g >= 0);
    cordon_as(e, std::slice::from_ref(&node), out, true, "drain");
    if out.exit != 0 {
        return;
    }
    // GetPodsForDeletion: every pod bound to the node, filtered.
    let keys: Vec<crate::object::ObjKey> = e
        .cluster
        .idx
        .pods_by_node
        .get(&node)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default();
    let pods: Vec<std::sync::Arc<Object>> = keys
        .iter()
        .filter_map(|k| e.cluster.store.get_obj(k).cloned())
        .collect();
    let (mut unmanaged, mut local) = (vec![], vec![]);
    for p in &pods {
        let name = format!("{}/{}", p.namespace(), p.name());
        if crate::podutil::controller_of(p).is_none() {
            unmanaged.push(name.clone());
        }
        let has_empty_dir = p
            .as_pod()
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.volumes.as_ref())
            .is_some_and(|v| v.iter().any(|v| v.empty_dir.is_some()));
        if has_empty_dir {
            local.push(name);
        }
    }
    let mut fatal = vec![];
    let mut warnings = vec![];
    if !unmanaged.is_empty() {
        if f.bool("force") {
            warnings.push(format!(
                "deleting Pods that declare no controller: {}",
                unmanaged.join(", ")
            ));
        } else {
            // GetPodsForDeletion: "cannot delete " + the filter's message (itself starting
            // with "cannot delete"), as kubectl prints it.
            fatal.push(format!(
                "cannot delete cannot delete Pods that declare no controller (use --force to override): {}",
                unmanaged.join(", ")
            ));
        }
    }
    if !local.is_empty() {
        if f.bool("delete-emptydir-data") {
            warnings.push(format!(
                "deleting Pods with local storage: {}",
                local.join(", ")
            ));
        } else {
            fatal.push(format!("cannot delete cannot delete Pods with local storage (use --delete-emptydir-data to override): {}", local.join(", ")));
        }
    }
    if !fatal.is_empty() {
        let agg = if fatal.len() == 1 {
            fatal[0].clone()
        } else {
            format!("[{}]", fatal.join(", "))
        };
        out.err(format!(
            "error: unable to drain node {:?} due to error: {}, continuing command...\n",
            node, agg
        ));
        out.err(format!(
            "There are pending nodes to be drained:\n {}\n",
            node
        ));
        return out.fail(fatal.join("\n"));
    }
    if !warnings.is_empty() {
        out.err(format!("Warning: {}\n", warnings.join("; ")));
    }
    // drain.go evictPods: one eviction per pod (kubectl sends them concurrently; the
    // built-in one in name order), printing each as it starts.
    let mut evicted = vec![];
    let mut failed = vec![];
    for p in &pods {
        let key = p.key();
        out.out(format!("evicting pod {}\n", key.ns_name()));
        let mut delete_options = serde_json::Map::new();
        if let Some(g) = grace {
            delete_options.insert("gracePeriodSeconds".into(), g.into());
        }
        let body = serde_json::json!({
            "apiVersion": "policy/v1",
            "kind": "Eviction",
            "metadata": {"name": key.name, "namespace": key.namespace},
            "deleteOptions": delete_options,
        });
        let path = client::path(Kind::Pod, &key.namespace, Some(&key.name), Some("eviction"));
        match client::Call::new("kubectl drain", "POST", path)
            .body("application/json", body)
            .send(e, out)
        {
            Ok(_) => evicted.push(key),
            Err(f) => failed.push(format!(
                "error when evicting pods/{:?} -n {:?}: {}",
                key.name,
                key.namespace,
                f.message()
            )),
        }
    }
    if !failed.is_empty() {
        for m in &failed {
            out.err(format!("{}\n", m));
        }
        out.err(format!(
            "There are pending nodes to be drained:\n {}\n",
            node
        ));
        return out.fail(format!("error: {}", failed.join("\n")));
    }
    // Wait for each pod to be gone, printing them in the order they go.
    e.wait_for_gone(
        evicted,
        crate::waiting::GoneVerb::Drain {
            node: node.to_string(),
            gone: vec![],
        },
        out,
    );
}

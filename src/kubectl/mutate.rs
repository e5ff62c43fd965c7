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

/// GET the object at `path` as command `cmd` and decode it (failures printed).
pub(crate) fn fetch(
    e: &mut Engine,
    cmd: &str,
    kind: Kind,
    path: &str,
    out: &mut ExecOutput,
) -> Option<Object> {
    let cur = match client::Call::new(cmd, "GET", path.to_string()).send(e, out) {
        Ok(v) => v,
        Err(f) => {
            out.fail(f.kubectl());
            return None;
        }
    };
    match Object::from_value(kind, cur) {
        Ok(o) => Some(o),
        Err(m) => {
            out.fail(format!("error: {}", m));
            None
        }
    }
}

/// GET an object, change it, and send the change as kubectl does: one PATCH, one
/// kube-apiserver step. `change` returns Ok(false) when there is nothing to write (then no
/// request is sent). `Some(true)` when patched.
pub(crate) fn modify(
    e: &mut Engine,
    what: &str,
    target: (Kind, &str, &str),
    out: &mut ExecOutput,
    send: Send,
    change: impl FnOnce(&mut Object) -> Result<bool, String>,
) -> Option<bool> {
    modify_with_query(e, what, target, out, send, None, change)
}

/// [`modify`] with a query on the PATCH (`dryRun=All` for `--dry-run=server`).
pub(crate) fn modify_with_query(
    e: &mut Engine,
    what: &str,
    (kind, ns, name): (Kind, &str, &str),
    out: &mut ExecOutput,
    send: Send,
    query: Option<&str>,
    change: impl FnOnce(&mut Object) -> Result<bool, String>,
) -> Option<bool> {
    let cmd = format!("kubectl {}", what);
    let p = client::path(kind, ns, Some(name), None);
    let mut obj = fetch(e, &cmd, kind, &p, out)?;
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
    let mut call = client::Call::new(&cmd, "PATCH", p).body(ctype, patch);
    if let Some(q) = query {
        call = call.query(q);
    }
    match call.send(e, out) {
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
    // An int flag (Go int): a value past int32 goes to the API server, which refuses it.
    let replicas: i64 = match flags::go_parse_int(r) {
        Ok(n) if n >= 0 => n,
        _ => return out.fail("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"),
    };
    let current: Option<i64> = f
        .get("current-replicas")
        .and_then(|v| flags::go_parse_int(v).ok())
        .filter(|n| *n != -1);
    let ns = super::namespace(&f);
    let Some(targets) = super::set::targets(e, &f, &f.positional, &ns, out) else {
        return;
    };
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
        if !matches!(k, Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet) {
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
                        // scale.Spec.Replicas = int32(newSize): Go truncates.
                        scale["spec"]["replicas"] = (replicas as i32).into();
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

/// What `kubectl drain` may do with one pod (`pkg/drain/filters.go` PodDeleteStatus):
/// evict it, pass over it silently, evict or keep it with a warning, or refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DrainStatus {
    Okay,
    Skip,
    /// (evict it, the warning)
    Warning(bool, String),
    Error(String),
}

/// drain's flags that the filters read.
pub(crate) struct DrainFilters {
    pub force: bool,
    pub ignore_daemonsets: bool,
    pub delete_emptydir_data: bool,
}

/// `makeFilters` of `k8s.io/kubectl/pkg/drain/filters.go`: daemonSet, mirrorPod,
/// localStorage, unreplicated, in that order; a filter that keeps the pod stops the chain,
/// and otherwise the next one's status replaces it — so the local-storage warning is always
/// dropped (upstream's TODO) and only `Pods that declare no controller` carries "cannot
/// delete" in its own text (hence kubectl's "cannot delete cannot delete …").
pub(crate) fn drain_filter(
    pod: &k8s_openapi::api::core::v1::Pod,
    o: &DrainFilters,
    daemonset_exists: &dyn Fn(&str) -> bool,
) -> DrainStatus {
    const DAEMONSET_FATAL: &str = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
    const DAEMONSET_WARNING: &str = "ignoring DaemonSet-managed Pods";
    const LOCAL_STORAGE_FATAL: &str =
        "Pods with local storage (use --delete-emptydir-data to override)";
    const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
    const UNMANAGED_FATAL: &str =
        "cannot delete Pods that declare no controller (use --force to override)";
    const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";
    let finished = matches!(
        pod.status.as_ref().and_then(|s| s.phase.as_deref()),
        Some("Succeeded") | Some("Failed")
    );
    let owner = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|r| r.controller == Some(true));
    let daemonset = || -> DrainStatus {
        let Some(r) = owner.filter(|r| r.kind == "DaemonSet") else {
            return DrainStatus::Okay;
        };
        if finished {
            return DrainStatus::Okay;
        }
        if !daemonset_exists(&r.name) {
            let err = format!("daemonsets.apps {:?} not found", r.name);
            return if o.force {
                DrainStatus::Warning(true, err)
            } else {
                DrainStatus::Error(err)
            };
        }
        if !o.ignore_daemonsets {
            return DrainStatus::Error(DAEMONSET_FATAL.into());
        }
        DrainStatus::Warning(false, DAEMONSET_WARNING.into())
    };
    let mirror = || -> DrainStatus {
        let mirrored = pod
            .metadata
            .annotations
            .as_ref()
            .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror"));
        if mirrored {
            DrainStatus::Skip
        } else {
            DrainStatus::Okay
        }
    };
    let local_storage = || -> DrainStatus {
        let has = pod
            .spec
            .as_ref()
            .and_then(|s| s.volumes.as_ref())
            .is_some_and(|v| v.iter().any(|v| v.empty_dir.is_some()));
        if !has || finished {
            DrainStatus::Okay
        } else if !o.delete_emptydir_data {
            DrainStatus::Error(LOCAL_STORAGE_FATAL.into())
        } else {
            DrainStatus::Warning(true, LOCAL_STORAGE_WARNING.into())
        }
    };
    let unreplicated = || -> DrainStatus {
        if finished || owner.is_some() {
            DrainStatus::Okay
        } else if o.force {
            DrainStatus::Warning(true, UNMANAGED_WARNING.into())
        } else {
            DrainStatus::Error(UNMANAGED_FATAL.into())
        }
    };
    let filters: [&dyn Fn() -> DrainStatus; 4] =
        [&daemonset, &mirror, &local_storage, &unreplicated];
    let mut status = DrainStatus::Okay;
    for filter in filters {
        status = filter();
        let keeps = match &status {
            DrainStatus::Okay => false,
            DrainStatus::Warning(evict, _) => !evict,
            DrainStatus::Skip | DrainStatus::Error(_) => true,
        };
        if keeps {
            break;
        }
    }
    status
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
    let force = f.bool("force");
    let opts = DrainFilters {
        force,
        ignore_daemonsets: f.bool("ignore-daemonsets"),
        delete_emptydir_data: f.bool("delete-emptydir-data"),
    };
    // GetPodsForDeletion: every pod through the filters; Skip drops it silently.
    let mut fatal: Vec<(String, Vec<String>)> = vec![];
    let mut warned: Vec<(String, Vec<String>)> = vec![];
    let mut to_evict = vec![];
    for p in &pods {
        let Some(pod) = p.as_pod() else { continue };
        // The DaemonSet filter GETs the owner (NotFound for a pod whose DaemonSet is gone).
        let ds_exists = |n: &str| e.cluster.get(Kind::DaemonSet, p.namespace(), n).is_some();
        let status = drain_filter(pod, &opts, &ds_exists);
        let name = format!("{}/{}", p.namespace(), p.name());
        let add = |list: &mut Vec<(String, Vec<String>)>, msg: String| match list
            .iter_mut()
            .find(|(m, _)| *m == msg)
        {
            Some((_, v)) => v.push(name.clone()),
            None => list.push((msg, vec![name.clone()])),
        };
        match status {
            DrainStatus::Okay => to_evict.push(p.clone()),
            DrainStatus::Skip => {}
            DrainStatus::Warning(true, m) => {
                add(&mut warned, m);
                to_evict.push(p.clone());
            }
            DrainStatus::Warning(false, m) => add(&mut warned, m),
            DrainStatus::Error(m) => add(&mut fatal, m),
        }
    }
    // (Go builds both lists from maps, so with several messages their order varies from
    // run to run in real kubectl; kubestep keeps the order in which pods first met them.)
    let fatal: Vec<String> = fatal
        .into_iter()
        .map(|(m, pods)| format!("cannot delete {}: {}", m, pods.join(", ")))
        .collect();
    let warnings: Vec<String> = warned
        .into_iter()
        .map(|(m, pods)| format!("{}: {}", m, pods.join(", ")))
        .collect();
    let pods = to_evict;
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
    // built-in one in name order), printing each attempt. A budget that refuses (429) is
    // tried again every 5 s while the wait runs.
    let mut evicted = vec![];
    let mut retry = vec![];
    let mut failed = vec![];
    for p in &pods {
        let key = p.key();
        match evict_once(e, &key, grace, out) {
            Evict::Done => evicted.push(key),
            Evict::Retry => retry.push((key, e.cluster.now.plus(EVICT_RETRY_MS))),
            Evict::Failed(m) => failed.push(m),
        }
    }
    if !failed.is_empty() {
        let left: Vec<String> = pods
            .iter()
            .filter(|p| e.cluster.store.get_obj(&p.key()).is_some())
            .map(|p| p.name().to_string())
            .collect();
        return drain_failed(&node, &failed, &left, out);
    }
    // --timeout: 0 (the default) is no limit.
    let timeout = f
        .get("timeout")
        .and_then(|t| crate::time::parse_duration(t).ok())
        .filter(|t| *t > 0);
    // Wait for each pod to be gone, printing them in the order they go.
    e.wait_for_gone(
        evicted,
        crate::waiting::GoneVerb::Drain {
            node: node.to_string(),
            retry,
            grace,
            timeout,
        },
        out,
    );
}

/// How `RunDrain` reports a node whose pods could not all be evicted: the pods still there,
/// the node's error, and the errors one per line (the aggregate's `MultipleErrors`), exit 1.
pub(crate) fn drain_failed(node: &str, errs: &[String], left: &[String], out: &mut ExecOutput) {
    let agg = if errs.len() == 1 {
        errs[0].clone()
    } else {
        format!("[{}]", errs.join(", "))
    };
    out.err(format!(
        "There are pending pods in node {:?} when an error occurred: {}\n",
        node, agg
    ));
    for p in left {
        out.err(format!("pod/{}\n", p));
    }
    out.err(format!(
        "error: unable to drain node {:?} due to error: {}, continuing command...\n",
        node, agg
    ));
    out.err(format!(
        "There are pending nodes to be drained:\n {}\n",
        node
    ));
    out.fail(errs.join("\n"));
}

/// How long drain waits before trying a refused eviction again (`evictPods`).
pub(crate) const EVICT_RETRY_MS: i64 = 5_000;

/// The outcome of one eviction attempt.
pub(crate) enum Evict {
    Done,
    /// 429: the disruption budget refuses it now (the retry line is printed).
    Retry,
    Failed(String),
}

/// One attempt of drain's eviction loop: `evicting pod NS/NAME`, the policy/v1 Eviction, and
/// on a 429 kubectl's retry line (stderr).
pub(crate) fn evict_once(
    e: &mut Engine,
    key: &crate::object::ObjKey,
    grace: Option<i64>,
    out: &mut ExecOutput,
) -> Evict {
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
        Ok(_) => Evict::Done,
        // NotFound: the pod is gone already (no "evicted" line, as upstream).
        Err(f) if f.reason() == "NotFound" => Evict::Done,
        Err(f) if f.reason() == "TooManyRequests" => {
            out.err(format!(
                "error when evicting pods/{:?} -n {:?} (will retry after 5s): {}\n",
                key.name,
                key.namespace,
                f.message()
            ));
            Evict::Retry
        }
        Err(f) => Evict::Failed(format!(
            "error when evicting pods/{:?} -n {:?}: {}",
            key.name,
            key.namespace,
            f.message()
        )),
    }
}

#[cfg(test)]
mod drain_filter_tests {
    use super::{DrainFilters, DrainStatus, drain_filter};
    use k8s_openapi::api::core::v1::{Pod, PodSpec, PodStatus, Volume};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference};

    fn pod(owner: Option<&str>, empty_dir: bool, mirror: bool, phase: &str) -> Pod {
        Pod {
            metadata: ObjectMeta {
                name: Some("p".into()),
                namespace: Some("default".into()),
                owner_references: owner.map(|k| {
                    vec![OwnerReference {
                        kind: k.into(),
                        name: "o".into(),
                        controller: Some(true),
                        ..Default::default()
                    }]
                }),
                annotations: mirror
                    .then(|| [("kubernetes.io/config.mirror".to_string(), "x".to_string())].into()),
                ..Default::default()
            },
            spec: Some(PodSpec {
                volumes: empty_dir.then(|| {
                    vec![Volume {
                        name: "scratch".into(),
                        empty_dir: Some(Box::default()),
                        ..Default::default()
                    }]
                }),
                ..Default::default()
            }),
            status: Some(PodStatus {
                phase: Some(phase.into()),
                ..Default::default()
            }),
        }
    }

    /// `k8s.io/kubectl/pkg/drain` filters (filters.go, the cases of drain_test.go's
    /// TestDeleteOrEvict/GetPodsForDeletion tables): which pods drain evicts, skips or
    /// refuses, and the texts it uses.
    #[test]
    fn drain_filters_table() {
        let w = |evict: bool, m: &str| DrainStatus::Warning(evict, m.to_string());
        let e = |m: &str| DrainStatus::Error(m.to_string());
        // (owner, emptyDir, mirror, phase, force, ignore-daemonsets, delete-emptydir-data, daemonset exists, want)
        let cases = [
            (
                Some("ReplicaSet"),
                false,
                false,
                "Running",
                false,
                false,
                false,
                true,
                DrainStatus::Okay,
            ),
            (
                None,
                false,
                false,
                "Running",
                false,
                false,
                false,
                true,
                e("cannot delete Pods that declare no controller (use --force to override)"),
            ),
            (
                None,
                false,
                false,
                "Running",
                true,
                false,
                false,
                true,
                w(true, "deleting Pods that declare no controller"),
            ),
            (
                None,
                false,
                false,
                "Succeeded",
                false,
                false,
                false,
                true,
                DrainStatus::Okay,
            ),
            (
                Some("DaemonSet"),
                false,
                false,
                "Running",
                false,
                false,
                false,
                true,
                e("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"),
            ),
            (
                Some("DaemonSet"),
                false,
                false,
                "Running",
                false,
                true,
                false,
                true,
                w(false, "ignoring DaemonSet-managed Pods"),
            ),
            (
                Some("DaemonSet"),
                false,
                false,
                "Failed",
                false,
                false,
                false,
                true,
                DrainStatus::Okay,
            ),
            (
                Some("DaemonSet"),
                false,
                false,
                "Running",
                false,
                true,
                false,
                false,
                e("daemonsets.apps \"o\" not found"),
            ),
            (
                Some("DaemonSet"),
                false,
                false,
                "Running",
                true,
                false,
                false,
                false,
                // An orphan with --force: evicted, its warning replaced by the next
                // filter's Okay.
                DrainStatus::Okay,
            ),
            (
                None,
                false,
                true,
                "Running",
                false,
                false,
                false,
                true,
                DrainStatus::Skip,
            ),
            (
                Some("ReplicaSet"),
                true,
                false,
                "Running",
                false,
                false,
                false,
                true,
                e("Pods with local storage (use --delete-emptydir-data to override)"),
            ),
            // The local-storage warning is replaced by the next filter's Okay (upstream TODO).
            (
                Some("ReplicaSet"),
                true,
                false,
                "Running",
                false,
                false,
                true,
                true,
                DrainStatus::Okay,
            ),
            (
                None,
                true,
                false,
                "Running",
                true,
                false,
                true,
                true,
                w(true, "deleting Pods that declare no controller"),
            ),
            // Local storage is checked before the controller: its error wins.
            (
                None,
                true,
                false,
                "Running",
                false,
                false,
                false,
                true,
                e("Pods with local storage (use --delete-emptydir-data to override)"),
            ),
        ];
        for (i, (owner, ed, mirror, phase, force, ids, ded, exists, want)) in
            cases.into_iter().enumerate()
        {
            let o = DrainFilters {
                force,
                ignore_daemonsets: ids,
                delete_emptydir_data: ded,
            };
            let got = drain_filter(&pod(owner, ed, mirror, phase), &o, &|_| exists);
            assert_eq!(got, want, "case {}", i);
        }
    }
}

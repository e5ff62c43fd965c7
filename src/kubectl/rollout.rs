//! `kubectl rollout status|history|undo|pause|resume|restart`
//! (`staging/src/k8s.io/kubectl/pkg/cmd/rollout`, `polymorphichelpers/{rollback,history,rollout_status}.go`).

use crate::sort::StableSort;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{ControllerRevision, DaemonSet, Deployment, ReplicaSet};

use super::flags;
use serde_json::{Value, json};

use super::mutate::{Send, modify};
use crate::controller::deployment::util;
use crate::engine::{Engine, ExecOutput};
use crate::object::{Kind, Object};
use crate::time::parse_duration;

/// `kubectl rollout SUBCOMMAND TYPE/NAME`.
pub fn rollout(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let Some(sub) = args.first() else {
        return out.fail("error: Required resource not specified.\nSee 'kubectl rollout -h' for help and examples");
    };
    let f = match flags::parse(
        &args[1..],
        &[
            "namespace",
            "to-revision",
            "revision",
            "timeout",
            "selector",
            "output",
        ],
        &["watch", "dry-run"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl rollout {} --help' for usage.",
                m, sub
            ));
        }
    };
    if !["status", "history", "undo", "pause", "resume", "restart"].contains(&sub.as_str()) {
        return out.fail(format!(
            "error: unknown command \"{}\" for \"kubectl rollout\"",
            sub
        ));
    }
    let ns = super::namespace(&f);
    let Some(targets) = super::resource_names(&f.positional, out) else {
        return;
    };
    if targets.is_empty() {
        return out.fail(format!(
            "error: required resource not specified\nSee 'kubectl rollout {} -h' for help and examples",
            sub
        ));
    }
    for (k, name) in targets {
        if matches!(k, Kind::DaemonSet | Kind::StatefulSet) {
            // Both keep their templates in ControllerRevisions: the history and rollback code
            // is one, over a DaemonSet view of the set (its metadata, selector and template).
            let view = e.cluster.get(k, &ns, &name).and_then(|o| match &*o {
                Object::DaemonSet(ds) => Some((**ds).clone()),
                Object::StatefulSet(sts) => Some(DaemonSet {
                    metadata: sts.metadata.clone(),
                    spec: sts
                        .spec
                        .as_ref()
                        .map(|s| k8s_openapi::api::apps::v1::DaemonSetSpec {
                            selector: s.selector.clone(),
                            template: s.template.clone(),
                            ..Default::default()
                        }),
                    status: None,
                }),
                _ => None,
            });
            let Some(view) = view else {
                out.fail(format!(
                    "Error from server (NotFound): {} {:?} not found",
                    k.qualified_plural(),
                    name
                ));
                continue;
            };
            match sub.as_str() {
                "status" => status(e, k, &ns, &name, &f, out),
                "history" => ds_history(e, k, &view, &f, out),
                "undo" => ds_undo(e, k, &view, &f, out),
                "pause" | "resume" => out.fail(format!(
                    "error: {} {:?} {} is not supported",
                    k.qualified_plural(),
                    name,
                    if sub == "pause" {
                        "pausing"
                    } else {
                        "resuming"
                    }
                )),
                "restart" => restart(e, k, &ns, &name, out),
                _ => {}
            }
            continue;
        }
        if k != Kind::Deployment {
            // The object is read first; then polymorphichelpers has nothing for its kind.
            if e.cluster.get(k, &ns, &name).is_none() {
                out.fail(format!(
                    "Error from server (NotFound): {} {:?} not found",
                    k.qualified_plural(),
                    name
                ));
                continue;
            }
            let gk = if k.group().is_empty() {
                k.name().to_string()
            } else {
                format!("{}.{}", k.name(), k.group())
            };
            let verb = |v: &str| {
                format!(
                    "error: {} {:?} {v} is not supported",
                    k.qualified_plural(),
                    name
                )
            };
            out.fail(match sub.as_str() {
                "status" => format!("error: no status viewer has been implemented for {gk}"),
                "history" => format!("error: no history viewer has been implemented for {gk:?}"),
                "undo" => format!("error: no rollbacker has been implemented for {gk:?}"),
                "pause" => verb("pausing"),
                "resume" => verb("resuming"),
                _ => verb("restarting"),
            });
            continue;
        }
        let Some(d) = e
            .cluster
            .get(k, &ns, &name)
            .and_then(|o| o.as_deployment().cloned())
        else {
            out.fail(format!(
                "Error from server (NotFound): deployments.apps \"{}\" not found",
                name
            ));
            continue;
        };
        match sub.as_str() {
            "status" => status(e, k, &ns, &name, &f, out),
            "history" => history(e, &d, &f, out),
            "undo" => undo(e, &d, &f, out),
            "pause" | "resume" => pause(e, &d, sub == "pause", out),
            "restart" => {
                if d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false) {
                    out.fail(format!("error: deployments.apps {:?} can't restart paused deployment (run rollout resume first)", name));
                } else {
                    restart(e, k, &ns, &name, out)
                }
            }
            _ => {}
        }
    }
}

/// The ReplicaSets owned by `d`, oldest first.
fn owned_rss(e: &Engine, d: &Deployment) -> Vec<ReplicaSet> {
    let uid = d.metadata.uid.clone().unwrap_or_default();
    let mut v: Vec<ReplicaSet> = e
        .cluster
        .idx
        .controlled_by(&uid, Kind::ReplicaSet)
        .iter()
        .filter_map(|k| e.cluster.store.get_obj(k))
        .filter_map(|o| o.as_replicaset().cloned())
        .collect();
    v.stable_sort_by_key(util::revision);
    v
}

/// One line of `rollout status` (`DeploymentStatusViewer.Status`); Err for a deadline.
pub fn status_line(d: &Deployment) -> Result<(String, bool), String> {
    let name = d.metadata.name.clone().unwrap_or_default();
    let st = d.status.clone().unwrap_or_default();
    if d.metadata.generation.unwrap_or(0) <= st.observed_generation.unwrap_or(0) {
        if util::get_deployment_condition(&st, util::CONDITION_PROGRESSING)
            .is_some_and(|c| c.reason.as_deref() == Some(util::TIMED_OUT_REASON))
        {
            return Err(format!(
                "error: deployment {:?} exceeded its progress deadline",
                name
            ));
        }
        let want = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
        let updated = st.updated_replicas.unwrap_or(0);
        let replicas = st.replicas.unwrap_or(0);
        let available = st.available_replicas.unwrap_or(0);
        if updated < want {
            return Ok((
                format!(
                    "Waiting for deployment {:?} rollout to finish: {} out of {} new replicas have been updated...\n",
                    name, updated, want
                ),
                false,
            ));
        }
        if replicas > updated {
            return Ok((
                format!(
                    "Waiting for deployment {:?} rollout to finish: {} old replicas are pending termination...\n",
                    name,
                    replicas - updated
                ),
                false,
            ));
        }
        if available < updated {
            return Ok((
                format!(
                    "Waiting for deployment {:?} rollout to finish: {} of {} updated replicas are available...\n",
                    name, available, updated
                ),
                false,
            ));
        }
        return Ok((
            format!("deployment {:?} successfully rolled out\n", name),
            true,
        ));
    }
    Ok((
        "Waiting for deployment spec update to be observed...\n".to_string(),
        false,
    ))
}

/// What `kubectl rollout status` sees of one Deployment: its initial state, then every
/// watch event (a step may write it more than once; kubectl prints each).
#[derive(Clone)]
pub struct RolloutWatch {
    key: crate::object::ObjKey,
    /// Changes up to this revision were seen; `None` before the initial state.
    last_rev: Option<i64>,
}

impl RolloutWatch {
    pub fn new(e: &Engine, kind: Kind, ns: &str, name: &str) -> Option<RolloutWatch> {
        e.cluster.get(kind, ns, name)?;
        Some(RolloutWatch {
            key: crate::object::ObjKey::new(kind, ns, name),
            last_rev: None,
        })
    }

    /// Status lines since the last call, and the end of the wait: `Ok` rolled out, `Err`
    /// the error kubectl exits with.
    pub fn poll(&mut self, e: &Engine) -> (Vec<String>, Option<Result<(), String>>) {
        let mut lines = vec![];
        let rev = e.cluster.store.revision();
        let versions: Vec<Option<std::sync::Arc<crate::object::Object>>> = match self.last_rev {
            None => vec![e.cluster.store.get_obj(&self.key).cloned()],
            Some(after) => match e.cluster.store.changes_since(after) {
                Ok(ch) => ch
                    .into_iter()
                    .filter(|ev| ev.obj.key() == self.key)
                    .map(|ev| (ev.ty != crate::store::WatchType::Deleted).then_some(ev.obj))
                    .collect(),
                Err(_) => vec![e.cluster.store.get_obj(&self.key).cloned()],
            },
        };
        self.last_rev = Some(rev);
        for v in versions {
            let Some(obj) = v else {
                return (lines, Some(Err("error: object has been deleted".into())));
            };
            let line = match &*obj {
                Object::Deployment(d) => status_line(d),
                Object::DaemonSet(ds) => ds_status_line(ds),
                Object::StatefulSet(s) => sts_status_line(s),
                _ => continue,
            };
            match line {
                Err(m) => return (lines, Some(Err(m))),
                Ok((line, done)) => {
                    lines.push(line);
                    if done {
                        return (lines, Some(Ok(())));
                    }
                }
            }
        }
        (lines, None)
    }
}

/// `rollout status`: print the status, and (with --watch, the default) let the cluster
/// run until the rollout finishes, printing each new status line.
fn status(
    e: &mut Engine,
    kind: Kind,
    ns: &str,
    name: &str,
    f: &flags::Flags,
    out: &mut ExecOutput,
) {
    let watch = f.get("watch").is_none_or(|v| v != "false");
    let timeout = match f.get("timeout").map(parse_duration) {
        Some(Ok(0)) | None => 3600 * 1000,
        Some(Ok(ms)) => ms,
        Some(Err(m)) => return out.fail(format!("error: {}", m)),
    };
    // kubectl prints the status for every watch event of the Deployment (even when the
    // text repeats), until the rollout is done (rollout_status.go).
    let Some(mut w) = RolloutWatch::new(e, kind, ns, name) else {
        return out.fail(format!(
            "Error from server (NotFound): {} {:?} not found",
            kind.qualified_plural(),
            name
        ));
    };
    let mut check = |e: &Engine, out: &mut ExecOutput| -> Option<bool> {
        let (lines, end) = w.poll(e);
        for l in lines {
            out.out(l);
        }
        match end? {
            Ok(()) => Some(true),
            Err(m) => {
                out.fail(m);
                Some(true)
            }
        }
    };
    if check(e, out).is_some() || !watch {
        return;
    }
    let now = e.cluster.now;
    let job =
        crate::waiting::WaitJob::new(crate::waiting::WaitKind::Rollout(w), now, now.plus(timeout));
    e.run_wait(job, out);
}

fn change_cause(rs: &ReplicaSet) -> String {
    rs.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("kubernetes.io/change-cause"))
        .cloned()
        .unwrap_or_else(|| "<none>".into())
}

/// `rollout history [--revision=N]`.
fn history(e: &mut Engine, d: &Deployment, f: &flags::Flags, out: &mut ExecOutput) {
    let name = d.metadata.name.clone().unwrap_or_default();
    let rss = owned_rss(e, d);
    let mut by_rev: BTreeMap<i64, &ReplicaSet> = BTreeMap::new();
    for rs in &rss {
        let r = util::revision(rs);
        if r > 0 {
            by_rev.insert(r, rs);
        }
    }
    if let Some(r) = f.get("revision") {
        let Ok(rev) = flags::go_parse_int(r) else {
            return out.fail(format!("error: invalid revision {:?}", r));
        };
        let Some(rs) = by_rev.get(&rev) else {
            return out.fail("error: unable to find the specified revision".to_string());
        };
        // The ReplicaSet's template as stored, pod-template-hash included, with the
        // ReplicaSet's change-cause copied into its annotations (history.go ViewHistory).
        let mut t = rs
            .spec
            .as_ref()
            .and_then(|s| s.template.clone())
            .unwrap_or_default();
        let cause = rs
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("kubernetes.io/change-cause"))
            .cloned()
            .unwrap_or_default();
        if !cause.is_empty() {
            t.metadata
                .get_or_insert_with(Default::default)
                .annotations
                .get_or_insert_with(Default::default)
                .insert("kubernetes.io/change-cause".into(), cause);
        }
        out.out(format!(
            "deployment.apps/{} with revision #{}\n{}\n",
            name,
            rev,
            crate::printers::describe_template(&t)
        ));
        return;
    }
    if by_rev.is_empty() {
        out.out(format!(
            "deployment.apps/{} \nNo rollout history found.\n",
            name
        ));
        return;
    }
    // tabbedString: tabwriter(minwidth 0, tabwidth 8, padding 2).
    let w = by_rev
        .keys()
        .map(|r| r.to_string().len())
        .max()
        .unwrap_or(1)
        .max("REVISION".len())
        + 2;
    let mut s = format!(
        "deployment.apps/{} \n{:<w$}CHANGE-CAUSE\n",
        name,
        "REVISION",
        w = w
    );
    for (r, rs) in &by_rev {
        s.push_str(&format!("{:<w$}{}\n", r, change_cause(rs), w = w));
    }
    s.push('\n');
    out.out(s);
}

/// `rollout undo [--to-revision=N]`: kubectl-side rollback (§3.12).
fn undo(e: &mut Engine, d: &Deployment, f: &flags::Flags, out: &mut ExecOutput) {
    let name = d.metadata.name.clone().unwrap_or_default();
    let to: i64 = match f.get("to-revision").map(flags::go_parse_int) {
        Some(Ok(n)) if n >= 0 => n,
        Some(_) => return out.fail("error: revision must be a non-negative number"),
        None => 0,
    };
    let dry = match flags::dry_run(f, e.cluster.now, out) {
        Ok(d) => d,
        Err(m) => return out.fail(m),
    };
    let rss = owned_rss(e, d);
    let target = if to == 0 {
        // The second-highest revision.
        let mut revs: Vec<i64> = rss.iter().map(util::revision).filter(|r| *r > 0).collect();
        revs.stable_sort();
        revs.dedup();
        if revs.len() < 2 {
            return out.fail(format!(
                "error: no rollout history found for deployment {:?}",
                name
            ));
        }
        let r = revs[revs.len() - 2];
        rss.iter().find(|rs| util::revision(rs) == r).cloned()
    } else {
        match rss.iter().find(|rs| util::revision(rs) == to) {
            Some(rs) => Some(rs.clone()),
            None => {
                return out.fail(format!(
                    "error: unable to find specified revision {} in history",
                    to
                ));
            }
        }
    };
    let Some(target) = target else { return };
    let rev = util::revision(&target);
    let t = target
        .spec
        .as_ref()
        .and_then(|s| s.template.clone())
        .unwrap_or_default();
    // rollback.go: a client dry run prints the revision's template (printTemplate) before
    // the paused check.
    if dry == flags::DryRun::Client {
        out.out(format!(
            "deployment.apps/{} {} (dry run)\n",
            name,
            crate::printers::describe_template(&t)
        ));
        return;
    }
    if d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false) {
        return out.fail("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
    }
    let cur = d
        .spec
        .as_ref()
        .map(|s| s.template.clone())
        .unwrap_or_default();
    if util::equal_ignore_hash(&t, &cur) {
        out.out(format!(
            "deployment.apps/{} skipped rollback (current template already matches revision {})\n",
            name, rev
        ));
        return;
    }
    let ns = d.metadata.namespace.clone().unwrap_or_default();
    // rollback.go getDeploymentPatch: a JSON patch replacing the template and annotations.
    let ops = Send::Json(|d| {
        let ann = match d.pointer("/metadata/annotations") {
            Some(a @ Value::Object(_)) => a.clone(),
            _ => json!({}),
        };
        json!([
            {"op": "replace", "path": "/spec/template", "value": d.pointer("/spec/template").cloned().unwrap_or(json!({}))},
            {"op": "replace", "path": "/metadata/annotations", "value": ann},
        ])
    });
    let server = dry == flags::DryRun::Server;
    let r = super::mutate::modify_with_query(
        e,
        "rollout undo",
        (Kind::Deployment, &ns, &name),
        out,
        ops,
        server.then_some("dryRun=All"),
        |o| {
            let Object::Deployment(dd) = o else {
                return Ok(false);
            };
            let mut t = t.clone();
            if let Some(l) = t.metadata.as_mut().and_then(|m| m.labels.as_mut()) {
                l.remove(util::POD_TEMPLATE_HASH_LABEL);
            }
            if let Some(s) = dd.spec.as_mut() {
                s.template = t;
            }
            util::set_deployment_annotations_to(&mut *dd, &target);
            Ok(true)
        },
    );
    if r.is_some() {
        let suffix = if server { " (server dry run)" } else { "" };
        out.out(format!("deployment.apps/{} rolled back{suffix}\n", name));
    }
}

fn pause(e: &mut Engine, d: &Deployment, on: bool, out: &mut ExecOutput) {
    let name = d.metadata.name.clone().unwrap_or_default();
    let ns = d.metadata.namespace.clone().unwrap_or_default();
    let paused = d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
    if paused == on {
        return out.fail(format!(
            "error: deployments.apps {:?} is {}",
            name,
            if on { "already paused" } else { "not paused" }
        ));
    }
    let r = modify(
        e,
        if on {
            "rollout pause"
        } else {
            "rollout resume"
        },
        (Kind::Deployment, &ns, &name),
        out,
        Send::Strategic,
        |o| {
            let Object::Deployment(dd) = o else {
                return Ok(false);
            };
            if let Some(s) = dd.spec.as_mut() {
                s.paused = if on { Some(true) } else { None };
            }
            Ok(true)
        },
    );
    if r.is_some() {
        out.out(format!(
            "deployment.apps/{} {}\n",
            name,
            if on { "paused" } else { "resumed" }
        ));
    }
}

/// `rollout restart`: the pod template's `kubectl.kubernetes.io/restartedAt` annotation set
/// to now (a Deployment or a DaemonSet).
fn restart(e: &mut Engine, kind: Kind, ns: &str, name: &str, out: &mut ExecOutput) {
    let now = e.cluster.now.rfc3339();
    let r = modify(
        e,
        "rollout restart",
        (kind, ns, name),
        out,
        Send::Strategic,
        |o| {
            let t = match o {
                Object::Deployment(d) => d.spec.as_mut().map(|s| &mut s.template),
                Object::DaemonSet(d) => d.spec.as_mut().map(|s| &mut s.template),
                Object::StatefulSet(d) => d.spec.as_mut().map(|s| &mut s.template),
                _ => None,
            };
            if let Some(t) = t {
                t.metadata
                    .get_or_insert_with(Default::default)
                    .annotations
                    .get_or_insert_with(Default::default)
                    .insert("kubectl.kubernetes.io/restartedAt".into(), now.clone());
            }
            Ok(true)
        },
    );
    if r.is_some() {
        out.out(format!(
            "{}/{} restarted\n",
            kind.qualified_singular(),
            name
        ));
    }
}

/// One line of `rollout status` for a DaemonSet (`DaemonSetStatusViewer.Status`).
pub fn ds_status_line(ds: &DaemonSet) -> Result<(String, bool), String> {
    let name = ds.metadata.name.clone().unwrap_or_default();
    let rolling = ds
        .spec
        .as_ref()
        .and_then(|s| s.update_strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        == Some("RollingUpdate");
    if !rolling {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".into(),
        );
    }
    let st = ds.status.clone().unwrap_or_default();
    if ds.metadata.generation.unwrap_or(0) <= st.observed_generation.unwrap_or(0) {
        let desired = st.desired_number_scheduled;
        let updated = st.updated_number_scheduled.unwrap_or(0);
        let available = st.number_available.unwrap_or(0);
        if updated < desired {
            return Ok((
                format!(
                    "Waiting for daemon set {:?} rollout to finish: {} out of {} new pods have been updated...\n",
                    name, updated, desired
                ),
                false,
            ));
        }
        if available < desired {
            return Ok((
                format!(
                    "Waiting for daemon set {:?} rollout to finish: {} of {} updated pods are available...\n",
                    name, available, desired
                ),
                false,
            ));
        }
        return Ok((
            format!("daemon set {:?} successfully rolled out\n", name),
            true,
        ));
    }
    Ok((
        "Waiting for daemon set spec update to be observed...\n".to_string(),
        false,
    ))
}

/// One line of `rollout status` for a StatefulSet (`StatefulSetStatusViewer.Status`).
pub fn sts_status_line(
    s: &k8s_openapi::api::apps::v1::StatefulSet,
) -> Result<(String, bool), String> {
    let spec = s.spec.clone().unwrap_or_default();
    let us = spec.update_strategy.clone().unwrap_or_default();
    if us.type_.as_deref() != Some("RollingUpdate") {
        return Err(
            "error: rollout status is only available for RollingUpdate strategy type".into(),
        );
    }
    let st = s.status.clone().unwrap_or_default();
    let observed = st.observed_generation.unwrap_or(0);
    if observed == 0 || s.metadata.generation.unwrap_or(0) > observed {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    let replicas = spec.replicas.unwrap_or(1);
    let ready = st.ready_replicas.unwrap_or(0);
    if ready < replicas {
        return Ok((
            format!("Waiting for {} pods to be ready...\n", replicas - ready),
            false,
        ));
    }
    let updated = st.updated_replicas.unwrap_or(0);
    if let Some(ru) = us.rolling_update.as_ref() {
        if let Some(partition) = ru.partition
            && updated < replicas - partition
        {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n",
                    updated,
                    replicas - partition
                ),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...\n",
                updated
            ),
            true,
        ));
    }
    if st.update_revision != st.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
                updated,
                st.update_revision.unwrap_or_default()
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            st.current_replicas.unwrap_or(0),
            st.current_revision.unwrap_or_default()
        ),
        true,
    ))
}

/// The ControllerRevisions a DaemonSet controls whose labels its selector matches, by
/// revision (`controlledHistories` as `rollout history|undo` list them).
fn ds_revisions(e: &Engine, ds: &DaemonSet) -> BTreeMap<i64, ControllerRevision> {
    let uid = ds.metadata.uid.clone().unwrap_or_default();
    let sel = ds
        .spec
        .as_ref()
        .and_then(|s| crate::labels::Selector::from_label_selector(&s.selector).ok());
    e.cluster
        .idx
        .controlled_by(&uid, Kind::ControllerRevision)
        .iter()
        .filter_map(|k| e.cluster.store.get_obj(k))
        .filter_map(|o| o.as_controller_revision().cloned())
        .filter(|r| {
            sel.as_ref()
                .is_some_and(|s| s.matches_opt(r.metadata.labels.as_ref()))
        })
        .map(|r| (r.revision, r))
        .collect()
}

/// A DaemonSet with a revision's data applied (a strategic merge of `{"spec":{"template":
/// {"$patch":"replace",…}}}`): the template that revision saved.
fn ds_at_revision(ds: &DaemonSet, r: &ControllerRevision) -> Option<DaemonSet> {
    let mut v = Object::from(ds.clone()).to_value();
    let t = r.data.as_ref()?.0.pointer("/spec/template")?.clone();
    let mut t = t;
    if let Value::Object(m) = &mut t {
        m.remove("$patch");
    }
    *v.pointer_mut("/spec/template")? = t;
    Object::from_value(Kind::DaemonSet, v)
        .ok()?
        .as_daemonset()
        .cloned()
}

/// `rollout history daemonset/NAME [--revision=N]` (`DaemonSetHistoryViewer`).
fn ds_history(e: &mut Engine, kind: Kind, ds: &DaemonSet, f: &flags::Flags, out: &mut ExecOutput) {
    let name = ds.metadata.name.clone().unwrap_or_default();
    let kn = kind.qualified_singular();
    let revs = ds_revisions(e, ds);
    let rev = match f.get("revision").map(flags::go_parse_int) {
        None => 0,
        Some(Ok(r)) if r >= 0 => r,
        Some(Ok(r)) => {
            return out.fail(format!("error: revision must be a positive integer: {}", r));
        }
        Some(Err(_)) => {
            return out.fail(format!(
                "error: invalid revision {:?}",
                f.get("revision").unwrap_or("")
            ));
        }
    };
    // The name printer's operation: "with revision #N" for one revision.
    let head = if rev > 0 {
        format!("{kn}/{} with revision #{}\n", name, rev)
    } else {
        format!("{kn}/{} \n", name)
    };
    // printHistory
    if revs.is_empty() {
        out.out(format!("{head}No rollout history found.\n"));
        return;
    }
    if rev > 0 {
        let Some(t) = revs
            .get(&rev)
            .and_then(|r| ds_at_revision(ds, r))
            .map(|d| d.spec.map(|s| s.template).unwrap_or_default())
        else {
            return out.fail("error: unable to find the specified revision".to_string());
        };
        out.out(format!(
            "{head}{}\n",
            crate::printers::describe_template(&t)
        ));
        return;
    }
    let w = revs
        .keys()
        .map(|r| r.to_string().len())
        .max()
        .unwrap_or(1)
        .max("REVISION".len())
        + 2;
    let mut s = format!("{kn}/{} \n{:<w$}CHANGE-CAUSE\n", name, "REVISION", w = w);
    for (r, cr) in &revs {
        let cause = cr
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("kubernetes.io/change-cause"))
            .cloned()
            .unwrap_or_else(|| "<none>".into());
        s.push_str(&format!("{:<w$}{}\n", r, cause, w = w));
    }
    s.push('\n');
    out.out(s);
}

/// `rollout undo daemonset/NAME [--to-revision=N]` (`DaemonSetRollbacker`): patch the
/// DaemonSet with the revision's data, unless its template already is that one.
fn ds_undo(e: &mut Engine, kind: Kind, ds: &DaemonSet, f: &flags::Flags, out: &mut ExecOutput) {
    let name = ds.metadata.name.clone().unwrap_or_default();
    let kn = kind.qualified_singular();
    let ns = ds.metadata.namespace.clone().unwrap_or_default();
    let to: i64 = match f.get("to-revision").map(flags::go_parse_int) {
        Some(Ok(n)) => n,
        Some(Err(_)) => return out.fail("error: revision must be a non-negative number"),
        None => 0,
    };
    let revs = ds_revisions(e, ds);
    if to < 0 {
        return out.fail(format!(
            "error: unable to find specified revision {} in history",
            to
        ));
    }
    if to == 0 && revs.len() <= 1 {
        return out.fail("error: no last revision to roll back to");
    }
    let target = if to == 0 {
        revs.values().rev().nth(1).cloned()
    } else {
        revs.get(&to).cloned()
    };
    let Some(target) = target else {
        return out.fail(format!(
            "error: unable to find specified revision {} in history",
            to
        ));
    };
    let dry = match flags::dry_run(f, e.cluster.now, out) {
        Ok(d) => d,
        Err(m) => return out.fail(m),
    };
    if dry == flags::DryRun::Client {
        // printPodTemplate: "will roll back to" the revision's template.
        let t = ds_at_revision(ds, &target)
            .and_then(|d| d.spec.map(|s| s.template))
            .unwrap_or_default();
        out.out(format!(
            "{kn}/{} will roll back to {} (dry run)\n",
            name,
            crate::printers::describe_template(&t)
        ));
        return;
    }
    let live = crate::controller::daemonset::revision_patch(&Object::from(ds.clone()));
    let data = target
        .data
        .as_ref()
        .map(|d| d.0.clone())
        .unwrap_or(Value::Null);
    if live == data {
        out.out(format!(
            "{kn}/{} skipped rollback (current template already matches revision {})\n",
            name, to
        ));
        return;
    }
    let path = super::client::path(kind, &ns, Some(&name), None);
    let server = dry == flags::DryRun::Server;
    let mut call = super::client::Call::new("kubectl rollout undo", "PATCH", path)
        .body(super::client::SMP, data);
    if server {
        call = call.query("dryRun=All");
    }
    match call.send(e, out) {
        Ok(_) => out.out(format!(
            "{kn}/{} rolled back{}\n",
            name,
            if server { " (server dry run)" } else { "" }
        )),
        Err(f) => out.fail(format!(
            "error: failed restoring revision {}: {}",
            target.revision,
            f.message()
        )),
    }
}

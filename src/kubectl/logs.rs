//! `kubectl logs` (`k8s.io/kubectl/pkg/cmd/logs`, `pkg/polymorphichelpers/logsforobject.go`):
//! a pod's container log, or the first pod (by `podutils.ByLogging`) of a Deployment,
//! ReplicaSet or Service, or every pod a selector matches; `-c`, `--all-containers`,
//! `-p/--previous`, `--tail`, `--since`, `--since-time`, `--timestamps`, `--limit-bytes`,
//! `--prefix`, and `-f/--follow` (which follows until the cluster settles, as a foreground
//! `get --watch` does).

use std::str::FromStr;

use k8s_openapi::api::core::v1::Pod;

use super::client::{self, Call};
use super::flags;
use crate::engine::{Engine, ExecOutput};
use crate::labels::Selector;
use crate::object::{Kind, Object};
use crate::podutil;
use crate::time::SimTime;

const USAGE: &str = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";

/// One log stream: a pod's container, and the query for it.
#[derive(Clone, Debug)]
pub(crate) struct Stream {
    namespace: String,
    pod: String,
    /// The whole log's query (container, previous, timestamps, limitBytes).
    query: String,
    /// The first request's extra options (tailLines, sinceSeconds, sinceTime).
    first: String,
    prefix: Option<String>,
    /// Lines printed so far (following prints only what is new).
    printed: usize,
}

/// `podutils.ByLogging`'s Less: assigned before unassigned, Running < Unknown < Pending,
/// ready first, ready longer first, more restarts first, older first.
fn by_logging(a: &Pod, b: &Pod) -> bool {
    let node = |p: &Pod| {
        p.spec
            .as_ref()
            .and_then(|s| s.node_name.clone())
            .unwrap_or_default()
    };
    let (na, nb) = (node(a), node(b));
    if na != nb && (na.is_empty() || nb.is_empty()) {
        return !na.is_empty();
    }
    let rank = |p: &Pod| match podutil::phase(p) {
        "Running" => 0,
        "Unknown" => 1,
        "Pending" => 2,
        _ => 3,
    };
    // Phases outside the map count as 0 in Go (a missing map key).
    let r = |p: &Pod| match rank(p) {
        3 => 0,
        x => x,
    };
    if r(a) != r(b) {
        return r(a) < r(b);
    }
    let (ra, rb) = (podutil::is_pod_ready(a), podutil::is_pod_ready(b));
    if ra != rb {
        return ra;
    }
    // afterOrZero(t1, t2): a zero time sorts last.
    let after_or_zero = |t1: Option<SimTime>, t2: Option<SimTime>| match (t1, t2) {
        (None, _) | (_, None) => t1.is_none(),
        (Some(x), Some(y)) => x > y,
    };
    if ra && rb {
        let (ta, tb) = (
            podutil::ready_transition_time(a),
            podutil::ready_transition_time(b),
        );
        if ta != tb {
            return after_or_zero(tb, ta);
        }
    }
    let restarts = |p: &Pod| {
        p.status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .map(|cs| cs.iter().map(|c| c.restart_count).max().unwrap_or(0))
            .unwrap_or(0)
    };
    if restarts(a) != restarts(b) {
        return restarts(a) > restarts(b);
    }
    let created = |p: &Pod| {
        p.metadata
            .creation_timestamp
            .as_ref()
            .map(SimTime::from_k8s)
    };
    if created(a) != created(b) {
        return after_or_zero(created(b), created(a));
    }
    false
}

/// `kubectl logs …`.
pub fn logs(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    // -f and -p mean --follow and --previous here (elsewhere -f is --filename).
    let args: Vec<String> = args
        .iter()
        .map(|a| match a.as_str() {
            "-f" => "--follow".to_string(),
            "-p" => "--previous".to_string(),
            _ => a.clone(),
        })
        .collect();
    let f = match flags::parse(
        &args,
        &[
            "container",
            "tail",
            "since",
            "since-time",
            "limit-bytes",
            "selector",
            "max-log-requests",
            "pod-running-timeout",
            "namespace",
        ],
        &[
            "previous",
            "follow",
            "timestamps",
            "all-containers",
            "prefix",
            "ignore-errors",
            "all-pods",
            "insecure-skip-tls-verify-backend",
        ],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl logs --help' for usage.",
                m
            ));
        }
    };
    let usage = |m: &str| format!("error: {}\nSee 'kubectl logs -h' for help and examples", m);
    let selector = f.get("selector").unwrap_or("");
    let (resource, inline_container) = match f.positional.as_slice() {
        [] if selector.is_empty() => return out.fail(usage(USAGE)),
        [] => (None, None),
        [r] if !selector.is_empty() => {
            let _ = r;
            return out.fail(usage("only a selector (-l) or a POD name is allowed"));
        }
        [r] => (Some(r.clone()), None),
        [r, c] => (Some(r.clone()), Some(c.clone())),
        _ => return out.fail(usage(USAGE)),
    };
    let ns = super::namespace(&f);
    // The objects (Complete's builder), before Validate.
    let mut pods: Vec<Pod> = vec![];
    let mut found_note = None;
    if let Some(r) = &resource {
        let (kind, name) = match r.split_once('/') {
            Some((t, n)) => match super::resolve_kind(t, out) {
                Some(k) => (k, n.to_string()),
                None => return,
            },
            None => (Kind::Pod, r.clone()),
        };
        let Some(obj) = e.cluster.get(kind, &ns, &name) else {
            return out.fail(format!(
                "error: error from server (NotFound): {} {:?} not found in namespace {:?}",
                kind.qualified_plural(),
                name,
                ns
            ));
        };
        match kind {
            Kind::Pod => pods.push(obj.as_pod().cloned().unwrap_or_default()),
            Kind::Deployment
            | Kind::ReplicaSet
            | Kind::DaemonSet
            | Kind::StatefulSet
            | Kind::Job
            | Kind::Service => {
                let sel = selector_of(&obj);
                let Some(sel) = sel else {
                    return out.fail(format!(
                        "error: cannot get the logs from {}: selector for {} not implemented",
                        go_type(kind),
                        go_type(kind)
                    ));
                };
                let mut matched = pods_matching(e, &ns, &sel);
                if matched.is_empty() {
                    // GetFirstPod waits for one (--pod-running-timeout) in vain.
                    return out.fail("error: timed out waiting for the condition");
                }
                crate::printers::events::go_sort(&mut matched, &by_logging);
                if matched.len() > 1 {
                    found_note = Some(format!(
                        "Found {} pods, using pod/{}\n",
                        matched.len(),
                        matched[0].metadata.name.as_deref().unwrap_or("")
                    ));
                }
                pods.push(matched.swap_remove(0));
            }
            other => {
                return out.fail(format!(
                    "error: cannot get the logs from {}: selector for {} not implemented",
                    go_type(other),
                    go_type(other)
                ));
            }
        }
    } else {
        let sel = match Selector::parse(selector) {
            Ok(s) => s,
            Err(m) => return out.fail(format!("error: {}", m)),
        };
        pods = pods_matching(e, &ns, &sel);
        if pods.is_empty() {
            out.err(format!("No resources found in {} namespace.\n", ns));
            return;
        }
    }
    // Validate.
    let container = f.get("container").map(String::from);
    if f.has("since-time") && f.has("since") {
        return out.fail("error: at most one of `sinceTime` or `sinceSeconds` may be specified");
    }
    let all_containers = f.bool("all-containers");
    if all_containers && (container.is_some() || inline_container.is_some()) {
        return out.fail(format!(
            "error: --all-containers=true should not be specified with container name {}",
            container
                .clone()
                .or(inline_container.clone())
                .unwrap_or_default()
        ));
    }
    if container.is_some() && inline_container.is_some() {
        return out.fail("error: only one of -c or an inline [CONTAINER] arg is allowed");
    }
    let mut query: Vec<String> = vec![];
    // What narrows only the first read (a follower then reads what is new).
    let mut first: Vec<String> = vec![];
    if let Some(b) = f.get("limit-bytes") {
        // 0 is the flag's default: no limit.
        let n = flags::go_parse_int(b).unwrap_or(0);
        if n < 0 {
            return out.fail("error: --limit-bytes must be greater than 0");
        }
        if n > 0 {
            query.push(format!("limitBytes={}", n));
        }
    }
    if let Some(s) = f.get("since") {
        let ms = crate::time::parse_duration(s).unwrap_or(0);
        if ms < 0 {
            return out.fail("error: --since must be greater than 0");
        }
        // 0 is the flag's default (no limit); SinceSeconds rounds up to whole seconds.
        if ms > 0 {
            first.push(format!("sinceSeconds={}", (ms + 999) / 1000));
        }
    }
    if let Some(t) = f.get("since-time") {
        if k8s_openapi::jiff::Timestamp::from_str(t).is_err() {
            // time.Parse(time.RFC3339, …)'s error for text that is no date at all.
            let head: String = t.chars().take(4).collect();
            return out.fail(format!(
                "error: parsing time {:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse {:?} as \"2006\"",
                t,
                if head.chars().all(|c| c.is_ascii_digit()) && head.len() == 4 { &t[4..] } else { t }
            ));
        }
        first.push(format!(
            "sinceTime={}",
            crate::apiserver::rest::query::percent_encode(t)
        ));
    }
    let tail = match f.get("tail") {
        Some(t) => {
            let n = flags::go_parse_int(t).unwrap_or(-1);
            if n < -1 {
                return out.fail("error: --tail must be greater than or equal to -1");
            }
            n
        }
        // With a selector, kubectl shows the last 10 lines of each pod.
        None if resource.is_none() => 10,
        None => -1,
    };
    if tail != -1 {
        first.push(format!("tailLines={}", tail));
    }
    if f.bool("previous") {
        query.push("previous=true".into());
    }
    if f.bool("timestamps") {
        query.push("timestamps=true".into());
    }
    let prefix = f.bool("prefix") || f.bool("all-pods");
    let container = container.or(inline_container);
    // The streams, in kubectl's order (per pod: the named or default container, or all).
    let mut streams = vec![];
    for pod in &pods {
        let name = pod.metadata.name.clone().unwrap_or_default();
        let spec = pod.spec.clone().unwrap_or_default();
        let names: Vec<String> = if all_containers {
            spec.init_containers
                .iter()
                .flatten()
                .chain(spec.containers.iter())
                .map(|c| c.name.clone())
                .collect()
        } else {
            let c = match &container {
                Some(c) => c.clone(),
                None => {
                    let default = pod
                        .metadata
                        .annotations
                        .as_ref()
                        .and_then(|a| a.get("kubectl.kubernetes.io/default-container"))
                        .filter(|d| spec.containers.iter().any(|c| &&c.name == d))
                        .cloned();
                    match default {
                        Some(d) => d,
                        None => {
                            let first = spec
                                .containers
                                .first()
                                .map(|c| c.name.clone())
                                .unwrap_or_default();
                            let inits = spec.init_containers.as_ref().map_or(0, Vec::len);
                            if spec.containers.len() > 1 || inits > 0 {
                                let mut all: Vec<String> =
                                    spec.containers.iter().map(|c| c.name.clone()).collect();
                                for ic in spec.init_containers.iter().flatten() {
                                    all.push(format!("{} (init)", ic.name));
                                }
                                out.err(format!(
                                    "Defaulted container {:?} out of: {}\n",
                                    first,
                                    all.join(", ")
                                ));
                            }
                            first
                        }
                    }
                }
            };
            if !spec.containers.iter().any(|x| x.name == c)
                && !spec.init_containers.iter().flatten().any(|x| x.name == c)
            {
                return out.fail(format!(
                    "error: container {} is not valid for pod {}",
                    c, name
                ));
            }
            vec![c]
        };
        for c in names {
            let mut q = vec![format!(
                "container={}",
                crate::apiserver::rest::query::percent_encode(&c)
            )];
            q.extend(query.iter().cloned());
            streams.push(Stream {
                namespace: pod.metadata.namespace.clone().unwrap_or_default(),
                pod: name.clone(),
                query: q.join("&"),
                first: first.join("&"),
                prefix: prefix.then(|| format!("[pod/{}/{}] ", name, c)),
                printed: 0,
            });
        }
    }
    if let Some(n) = found_note {
        out.err(n);
    }
    for s in streams.iter_mut() {
        if let Err(m) = s.poll(e, out) {
            if f.bool("ignore-errors") {
                continue;
            }
            return out.fail(m);
        }
    }
    if f.bool("follow") {
        e.follow_logs(streams, out);
    }
}

/// The pods of namespace `ns` that `sel` selects, in the list's (name) order.
fn pods_matching(e: &Engine, ns: &str, sel: &Selector) -> Vec<Pod> {
    e.cluster
        .store
        .list(Kind::Pod, Some(ns))
        .iter()
        .filter_map(|o| o.as_pod())
        .filter(|p| sel.matches_opt(p.metadata.labels.as_ref()))
        .cloned()
        .collect()
}

/// A Deployment's, ReplicaSet's or Service's pod selector.
fn selector_of(obj: &Object) -> Option<Selector> {
    let v = obj.to_value();
    if obj.kind() == Kind::Service {
        let m: std::collections::BTreeMap<String, String> =
            serde_json::from_value(v.pointer("/spec/selector")?.clone()).ok()?;
        return Some(Selector::from_set(&m));
    }
    let sel: k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector =
        serde_json::from_value(v.pointer("/spec/selector")?.clone()).ok()?;
    Selector::from_label_selector(&sel).ok()
}

/// The Go type kubectl names in its error (`*v1.Node`).
fn go_type(k: Kind) -> String {
    format!("*v1.{}", k.name())
}

impl Stream {
    /// Fetch the log and print the lines not printed yet (the first time, as narrowed by
    /// --tail/--since).
    pub(crate) fn poll(&mut self, e: &mut Engine, out: &mut ExecOutput) -> Result<(), String> {
        let fetch = |e: &mut Engine, out: &mut ExecOutput, q: String| {
            let path = format!(
                "{}/log",
                client::path(Kind::Pod, &self.namespace, Some(&self.pod), None)
            );
            Call::new("kubectl logs", "GET", path)
                .query(q)
                .send_text(e, out)
                .map_err(|f| f.kubectl())
        };
        let whole = fetch(e, out, self.query.clone())?;
        let lines: Vec<&str> = whole.split_inclusive('\n').collect();
        let shown: Vec<String> = if self.printed == 0 && !self.first.is_empty() {
            let narrowed = fetch(e, out, format!("{}&{}", self.query, self.first))?;
            narrowed.split_inclusive('\n').map(String::from).collect()
        } else {
            lines
                .iter()
                .skip(self.printed)
                .map(|l| l.to_string())
                .collect()
        };
        for l in shown {
            match &self.prefix {
                Some(p) => out.out(format!("{}{}", p, l)),
                None => out.out(l),
            }
        }
        self.printed = self.printed.max(lines.len());
        Ok(())
    }
}

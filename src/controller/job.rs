//! Job controller (`pkg/controller/job/job_controller.go`, `backoff_utils.go`,
//! `pod_failure_policy.go`, `success_policy.go`, `indexed_job_utils.go`, v1.32 with its
//! default feature gates): pods run to completion, counted through the
//! `batch.kubernetes.io/job-tracking` finalizer and `status.uncountedTerminatedPods`;
//! parallelism and completions (NonIndexed and Indexed), the pod-failure back-off, the
//! backoff limit, activeDeadlineSeconds, suspend, podFailurePolicy (FailJob, Ignore,
//! Count), successPolicy, podReplacementPolicy; FailureTarget before Failed and
//! SuccessCriteriaMet before Complete, as 1.31+ write them.
//!
//! backoffLimitPerIndex (beta in 1.32): each index counts its failures in its pods'
//! `job-index-failure-count` annotations, waits out its own back-off, fails on its own
//! (`status.failedIndexes`), and the Job fails with FailedIndexes or
//! MaxFailedIndexesExceeded. Not modelled: managedBy, and keeping a failed pod's finalizer
//! until its index is replaced (its pod stays in the store here anyway).

use crate::sort::StableSort;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use k8s_openapi::api::batch::v1::{Job, JobCondition, JobStatus, UncountedTerminatedPods};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::events::EventSpec;
use crate::lang::{Lang, s};
use crate::object::{Kind, ObjKey, Object};
use crate::podutil::{controller_of, is_pod_ready, phase};
use crate::runtime::Runtime;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::SimTime;

/// The finalizer that keeps a finished pod until the Job has counted it.
pub const TRACKING_FINALIZER: &str = "batch.kubernetes.io/job-tracking";
/// The annotation and label that give an Indexed Job's pod its index.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";
/// The annotations that carry an index's failures (backoffLimitPerIndex).
pub const INDEX_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-failure-count";
pub const INDEX_IGNORED_FAILURE_COUNT: &str = "batch.kubernetes.io/job-index-ignored-failure-count";
const BACKOFF_INITIAL_MS: i64 = 10_000;
const BACKOFF_MAX_MS: i64 = 600_000;
const MAX_PER_SYNC: usize = 500;
const MAX_UNCOUNTED: usize = 500;
/// Pod events reach a Job's queue batched (`syncJobBatchPeriod`).
const BATCH_MS: i64 = 1_000;
const EXPECTATIONS_TIMEOUT_MS: i64 = 5 * 60 * 1000;

#[derive(Clone, Debug, Default)]
struct Expectations {
    add: i64,
    del: i64,
    at: SimTime,
}

/// `backoffRecord`: failures since the last success, and when the last one happened.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BackoffRecord {
    pub failures: i64,
    pub last_failure: Option<SimTime>,
}

/// The Job controller: expectations and back-off records per Job.
#[derive(Clone, Debug, Default)]
pub struct JobController {
    expectations: HashMap<String, Expectations>,
    backoff: HashMap<String, BackoffRecord>,
}

fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

impl Controller for JobController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "job-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Job | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::Job => {
                let key = obj.key().ns_name();
                if ev.ty == WatchType::Deleted {
                    self.expectations.remove(&key);
                    self.backoff.remove(&key);
                    // cleanupPodFinalizers: the deleted Job's pods lose their finalizers.
                    let uid = obj.meta().uid.clone().unwrap_or_default();
                    for k in c.idx.controlled_by(&uid, Kind::Pod) {
                        if c.store
                            .get_obj(&k)
                            .and_then(|p| p.as_pod())
                            .is_some_and(has_finalizer)
                        {
                            c.enqueue(c.work(OP_ORPHAN, Key::Name(k.ns_name())));
                        }
                    }
                    return;
                }
                // A new or changed spec syncs at once; a status change after a batch period.
                let generation_changed = ev
                    .old
                    .as_deref()
                    .is_none_or(|o| o.meta().generation != obj.meta().generation);
                if ev.ty != WatchType::Modified || generation_changed {
                    c.enqueue(work(c, key));
                } else {
                    c.add_timer(c.now.plus(BATCH_MS), work(c, key), false);
                }
            }
            Kind::Pod => self.on_pod_event(c, ev),
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, op: u8, key: &Key) {
        if op == OP_ORPHAN {
            return sync_orphan_pod(c, cx, key.name());
        }
        sync(self, c, cx, key.name());
    }
}

/// The orphan-pod queue's work (`orphanQueue`).
const OP_ORPHAN: u8 = 1;

/// Whether a pod's Job is gone (by name and uid) or finished: then nobody will count it.
fn orphaned(c: &Runtime, pod: &Object) -> bool {
    let Some(r) = controller_of(pod) else {
        return true;
    };
    if r.kind != "Job" || r.api_version != "batch/v1" {
        return false;
    }
    match c.get(Kind::Job, pod.namespace(), &r.name) {
        Some(j) if j.meta().uid.as_deref() == Some(r.uid.as_str()) => {
            j.as_job().is_some_and(is_finished)
        }
        _ => true,
    }
}

/// `syncOrphanPod`: remove the tracking finalizer of a pod no Job will count.
fn sync_orphan_pod(c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(obj) = c.get(Kind::Pod, ns, name) else {
        return;
    };
    let Some(pod) = obj.as_pod() else { return };
    if !has_finalizer(pod) || !orphaned(c, &obj) {
        return;
    }
    let mut np = pod.clone();
    if let Some(f) = np.metadata.finalizers.as_mut() {
        f.retain(|x| x != TRACKING_FINALIZER);
    }
    if np
        .metadata
        .finalizers
        .as_ref()
        .is_some_and(|f| f.is_empty())
    {
        np.metadata.finalizers = None;
    }
    if c.api_update(cx, Object::from(np), false, false).is_ok() {
        cx.say(JobWhy::OrphanFinalizer {
            pod: name.to_string(),
        });
    }
}

fn owner_job_key(obj: &Object) -> Option<String> {
    let r = controller_of(obj)?;
    (r.kind == "Job").then(|| format!("{}/{}", obj.namespace(), r.name))
}

impl JobController {
    /// `addPod` / `updatePod` / `deletePod`: observe expectations; the Job is synced after
    /// the batch period (an orphan is offered to the Jobs that select it).
    fn on_pod_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let pod = &*ev.obj;
        let Some(own) = owner_job_key(pod) else {
            if ev.ty != WatchType::Deleted
                && pod.meta().deletion_timestamp.is_none()
                && controller_of(pod).is_none()
            {
                for k in super::matching_owners(c, pod, Kind::Job) {
                    c.add_timer(c.now.plus(BATCH_MS), work(c, k), false);
                }
            }
            return;
        };
        // An orphan (its Job gone or finished) still holding the tracking finalizer goes to
        // the orphan queue, which removes the finalizer (enqueueOrphanPod).
        if ev.ty != WatchType::Deleted
            && pod.as_pod().is_some_and(has_finalizer)
            && orphaned(c, pod)
        {
            c.enqueue(c.work(OP_ORPHAN, Key::Name(pod.key().ns_name())));
        }
        let newly_deleted = ev.ty == WatchType::Deleted
            || (pod.meta().deletion_timestamp.is_some()
                && ev
                    .old
                    .as_deref()
                    .is_none_or(|o| o.meta().deletion_timestamp.is_none()));
        if let Some(e) = self.expectations.get_mut(&own) {
            if ev.ty == WatchType::Added {
                e.add = (e.add - 1).max(0);
            } else if newly_deleted {
                e.del = (e.del - 1).max(0);
            }
        }
        c.add_timer(c.now.plus(BATCH_MS), work(c, own), false);
    }

    fn satisfied(&self, c: &Runtime, key: &str) -> bool {
        match self.expectations.get(key) {
            None => true,
            Some(e) => (e.add <= 0 && e.del <= 0) || c.now.0 - e.at.0 > EXPECTATIONS_TIMEOUT_MS,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------

/// `parseIndexInterval` / `validateIndexesFormat`: `"0-2,4"` to its indexes, each below
/// `completions`, intervals in increasing order; errors with upstream's texts.
pub fn parse_indexes(s: &str, completions: i32) -> Result<Vec<i32>, String> {
    let mut out: Vec<i32> = vec![];
    if s.is_empty() {
        return Ok(out);
    }
    let mut last: Option<i32> = None;
    for interval in s.split(',') {
        let parts: Vec<&str> = interval.split('-').collect();
        if parts.len() > 2 {
            return Err(format!(
                "the fragment {:?} violates the requirement that an index interval can have at most two parts separated by '-'",
                interval
            ));
        }
        let num = |p: &str| -> Result<i32, String> {
            let x: i64 = p
                .parse()
                .map_err(|_| format!("cannot convert string to integer for index: {:?}", p))?;
            if x >= i64::from(completions) {
                return Err(format!("too large index: {:?}", p));
            }
            Ok(x as i32)
        };
        let x = num(parts[0])?;
        let y = match parts.get(1) {
            Some(p) => {
                let y = num(p)?;
                if x >= y {
                    return Err(format!("non-increasing order, previous: {x}, current: {y}"));
                }
                y
            }
            None => x,
        };
        if let Some(l) = last
            && l >= x
        {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        out.extend(x..=y);
        last = Some(y);
    }
    Ok(out)
}

/// The interval string of sorted indexes (`0-2,4`; two neighbours are `1,2`).
pub fn format_indexes(idx: &BTreeSet<i32>) -> String {
    let mut parts: Vec<String> = vec![];
    let v: Vec<i32> = idx.iter().copied().collect();
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j + 1 < v.len() && v[j + 1] == v[j] + 1 {
            j += 1;
        }
        match j - i {
            0 => parts.push(v[i].to_string()),
            1 => {
                parts.push(v[i].to_string());
                parts.push(v[j].to_string());
            }
            _ => parts.push(format!("{}-{}", v[i], v[j])),
        }
        i = j + 1;
    }
    parts.join(",")
}

/// `getCompletionIndex`: the pod's index annotation, when a valid non-negative number.
pub fn pod_index(pod: &Pod) -> Option<i32> {
    pod.metadata
        .annotations
        .as_ref()?
        .get(COMPLETION_INDEX)?
        .parse::<i32>()
        .ok()
        .filter(|i| *i >= 0)
}

/// An index-failure annotation as a number: a valid int32 ≥ 0, else 0.
pub fn annotation_count(pod: &Pod, key: &str) -> i32 {
    pod.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(key))
        .and_then(|v| v.parse::<i32>().ok())
        .filter(|v| *v >= 0)
        .unwrap_or(0)
}

/// Per index (backoffLimitPerIndex): the last failed pod of each index, with whether its
/// failure counted (not Ignored by the pod failure policy) and whether it failed the index.
struct IndexFailure<'a> {
    pod: &'a Pod,
    counted: bool,
    fails_index: bool,
}

fn index_failures<'a>(
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    pods: &[&'a Pod],
    is_failed: &dyn Fn(&Pod) -> bool,
) -> BTreeMap<i32, IndexFailure<'a>> {
    let limit = spec.backoff_limit_per_index.unwrap_or(i32::MAX);
    let mut last: BTreeMap<i32, &'a Pod> = BTreeMap::new();
    for p in pods.iter().copied().filter(|p| is_failed(p)) {
        let Some(i) = pod_index(p) else { continue };
        let newer = last.get(&i).is_none_or(|q| {
            (finished_time(p), p.metadata.name.clone())
                > (finished_time(q), q.metadata.name.clone())
        });
        if newer {
            last.insert(i, p);
        }
    }
    last.into_iter()
        .map(|(i, p)| {
            let action = match_pod_failure_policy(spec.pod_failure_policy.as_ref(), p);
            let counted = !matches!(action, Some(PolicyAction::Ignore));
            // isIndexFailed: a FailIndex rule, or the counted failures reached the limit.
            let fails_index = matches!(action, Some(PolicyAction::FailIndex))
                || (counted && annotation_count(p, INDEX_FAILURE_COUNT) >= limit);
            (
                i,
                IndexFailure {
                    pod: p,
                    counted,
                    fails_index,
                },
            )
        })
        .collect()
}

/// `podGenerateNameWithIndex`: `<job>-<index>-`, the job name cut so the prefix fits 58.
pub fn generate_name_with_index(job: &str, index: i32) -> String {
    let suffix = format!("-{index}-");
    let room = 58usize.saturating_sub(suffix.len());
    let base: String = job.chars().take(room).collect();
    format!("{base}{suffix}")
}

/// `getRemainingTime` of a back-off record: 10 s doubled per failure after the first,
/// capped at 10 min, less the time since the last failure.
pub fn backoff_remaining(r: &BackoffRecord, now: SimTime, initial: i64, max: i64) -> i64 {
    let Some(last) = r.last_failure else {
        return 0;
    };
    if r.failures == 0 {
        return 0;
    }
    let mut d = initial;
    for _ in 1..r.failures {
        d = (d * 2).min(max);
        if d >= max {
            break;
        }
    }
    let d = d.min(max);
    let elapsed = now.0 - last.0;
    (d - elapsed).max(0)
}

/// `getFinishedTime`: the latest container finish (all terminated), else when Ready went
/// False, else the deletion time less the grace period, else creation.
pub fn finished_time(pod: &Pod) -> SimTime {
    let st = pod.status.as_ref();
    let statuses = st
        .and_then(|s| s.container_statuses.as_deref())
        .unwrap_or(&[]);
    if !statuses.is_empty() {
        let mut max: Option<SimTime> = None;
        let mut all = true;
        for cs in statuses {
            match cs
                .state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .and_then(|t| t.finished_at.as_ref())
            {
                Some(t) => {
                    let t = SimTime::from_k8s(t);
                    max = Some(max.map_or(t, |m| m.max(t)));
                }
                None => all = false,
            }
        }
        if all && let Some(m) = max {
            return m;
        }
    }
    if let Some(c) = st
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.type_ == "Ready" && c.status == "False")
        })
        .and_then(|c| c.last_transition_time.as_ref())
    {
        return SimTime::from_k8s(c);
    }
    if let Some(d) = pod.metadata.deletion_timestamp.as_ref() {
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(0);
        return SimTime(SimTime::from_k8s(d).0 - grace * 1000);
    }
    pod.metadata
        .creation_timestamp
        .as_ref()
        .map(SimTime::from_k8s)
        .unwrap_or_default()
}

/// `newBackoffRecord`: failures after the last success, the last failure's time.
pub fn new_backoff_record(
    old: BackoffRecord,
    succeeded: &[SimTime],
    failed: &[SimTime],
) -> BackoffRecord {
    if succeeded.is_empty() && failed.is_empty() {
        return old;
    }
    if succeeded.is_empty() {
        let last = failed.iter().copied().max();
        return BackoffRecord {
            failures: old.failures + failed.len() as i64,
            last_failure: last.or(old.last_failure),
        };
    }
    let last_success = succeeded.iter().copied().max().unwrap_or_default();
    let after: Vec<SimTime> = failed
        .iter()
        .copied()
        .filter(|t| *t > last_success)
        .collect();
    BackoffRecord {
        failures: after.len() as i64,
        last_failure: after.iter().copied().max(),
    }
}

/// What a podFailurePolicy rule says about a failed pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyAction {
    FailJob(String),
    Ignore,
    Count,
    FailIndex,
}

/// `matchPodFailurePolicy`: the first rule that matches (exit codes of terminated
/// containers other than 0, or pod conditions), None when none does.
pub fn match_pod_failure_policy(
    policy: Option<&k8s_openapi::api::batch::v1::PodFailurePolicy>,
    pod: &Pod,
) -> Option<PolicyAction> {
    let policy = policy?;
    let ns = pod.metadata.namespace.as_deref().unwrap_or("");
    let name = pod.metadata.name.as_deref().unwrap_or("");
    let st = pod.status.clone().unwrap_or_default();
    for (i, rule) in policy.rules.iter().enumerate() {
        let action = |m: Option<String>| match rule.action.as_str() {
            "FailJob" => Some(PolicyAction::FailJob(m.unwrap_or_default())),
            "Ignore" => Some(PolicyAction::Ignore),
            "Count" => Some(PolicyAction::Count),
            "FailIndex" => Some(PolicyAction::FailIndex),
            _ => None,
        };
        if !["FailJob", "Ignore", "Count", "FailIndex"].contains(&rule.action.as_str()) {
            continue;
        }
        if let Some(oe) = &rule.on_exit_codes {
            let all = st
                .container_statuses
                .iter()
                .flatten()
                .chain(st.init_container_statuses.iter().flatten());
            for cs in all {
                let Some(t) = cs.state.as_ref().and_then(|s| s.terminated.as_ref()) else {
                    continue;
                };
                if t.exit_code == 0 {
                    continue;
                }
                if oe.container_name.as_ref().is_some_and(|n| *n != cs.name) {
                    continue;
                }
                let hit = match oe.operator.as_str() {
                    "In" => oe.values.contains(&t.exit_code),
                    "NotIn" => !oe.values.contains(&t.exit_code),
                    _ => false,
                };
                if hit {
                    return action(Some(format!(
                        "Container {} for pod {}/{} failed with exit code {} matching FailJob rule at index {}",
                        cs.name, ns, name, t.exit_code, i
                    )));
                }
            }
        } else if let Some(patterns) = &rule.on_pod_conditions {
            for p in patterns {
                if let Some(c) = st
                    .conditions
                    .iter()
                    .flatten()
                    .find(|c| c.type_ == p.type_ && c.status == p.status)
                {
                    return action(Some(format!(
                        "Pod {}/{} has condition {} matching FailJob rule at index {}",
                        ns, name, c.type_, i
                    )));
                }
            }
        }
    }
    None
}

/// `matchSuccessPolicy`: the index of the first rule the succeeded indexes meet.
pub fn match_success_policy(
    policy: Option<&k8s_openapi::api::batch::v1::SuccessPolicy>,
    completions: i32,
    succeeded: &BTreeSet<i32>,
) -> Option<usize> {
    let policy = policy?;
    if succeeded.is_empty() {
        return None;
    }
    for (i, rule) in policy.rules.iter().enumerate() {
        match &rule.succeeded_indexes {
            Some(ix) => {
                // Parsed leniently against the completions; an empty parse is skipped.
                let Ok(want) = parse_indexes(ix, completions) else {
                    continue;
                };
                if want.is_empty() {
                    continue;
                }
                let contains = want.iter().filter(|x| succeeded.contains(x)).count() as i32;
                if contains == want.len() as i32
                    || rule.succeeded_count.is_some_and(|c| contains >= c)
                {
                    return Some(i);
                }
            }
            None => {
                if rule
                    .succeeded_count
                    .is_some_and(|c| succeeded.len() as i32 >= c)
                {
                    return Some(i);
                }
            }
        }
    }
    None
}

/// `firstPendingIndexes`: the lowest indexes neither succeeded nor running (nor failed).
pub fn first_pending_indexes(count: usize, completions: i32, taken: &BTreeSet<i32>) -> Vec<i32> {
    (0..completions)
        .filter(|i| !taken.contains(i))
        .take(count)
        .collect()
}

/// `controller.ActivePods` order for removal: unassigned, then Pending, Unknown,
/// Running; not ready before ready; more restarts first; newer first.
fn removal_key(
    p: &Pod,
) -> (
    bool,
    u8,
    bool,
    std::cmp::Reverse<i32>,
    std::cmp::Reverse<i64>,
    String,
) {
    let assigned = p
        .spec
        .as_ref()
        .is_some_and(|s| !s.node_name.as_deref().unwrap_or("").is_empty());
    let rank = match phase(p) {
        "Pending" => 0,
        "Unknown" => 1,
        _ => 2,
    };
    let restarts: i32 = p
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref())
        .map(|v| v.iter().map(|c| c.restart_count).sum())
        .unwrap_or(0);
    let created = p
        .metadata
        .creation_timestamp
        .as_ref()
        .map(|t| SimTime::from_k8s(t).0)
        .unwrap_or(0);
    (
        assigned,
        rank,
        is_pod_ready(p),
        std::cmp::Reverse(restarts),
        std::cmp::Reverse(created),
        p.metadata.name.clone().unwrap_or_default(),
    )
}

fn has_finalizer(p: &Pod) -> bool {
    p.metadata
        .finalizers
        .as_ref()
        .is_some_and(|f| f.iter().any(|x| x == TRACKING_FINALIZER))
}

fn condition_true(st: &JobStatus, ty: &str) -> bool {
    st.conditions
        .iter()
        .flatten()
        .any(|c| c.type_ == ty && c.status == "True")
}

/// `IsJobFinished`: Complete or Failed.
pub fn is_finished(j: &Job) -> bool {
    j.status
        .as_ref()
        .is_some_and(|s| condition_true(s, "Complete") || condition_true(s, "Failed"))
}

fn new_condition(
    ty: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: SimTime,
) -> JobCondition {
    JobCondition {
        type_: ty.into(),
        status: status.into(),
        reason: Some(reason.into()),
        message: Some(message.into()),
        last_probe_time: Some(now.to_k8s()),
        last_transition_time: Some(now.to_k8s()),
    }
}

/// `ensureJobConditionStatus`: replace a condition of that type when status, reason or
/// message differ; add one only when it is not False. True when something changed.
fn ensure_condition(
    conds: &mut Vec<JobCondition>,
    ty: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: SimTime,
) -> bool {
    if let Some(c) = conds.iter_mut().find(|c| c.type_ == ty) {
        if c.status != status
            || c.reason.as_deref() != Some(reason)
            || c.message.as_deref() != Some(message)
        {
            *c = new_condition(ty, status, reason, message, now);
            return true;
        }
        return false;
    }
    if status != "False" {
        conds.push(new_condition(ty, status, reason, message, now));
        return true;
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The sync
// ---------------------------------------------------------------------------------------------

/// The condition a sync decided on: (type, reason, message).
#[derive(Clone, Debug)]
struct Finish {
    ty: &'static str,
    reason: String,
    message: String,
}

/// `syncJob`.
fn sync(st: &mut JobController, c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(job_obj) = c.get(Kind::Job, ns, name) else {
        st.expectations.remove(key);
        st.backoff.remove(key);
        return;
    };
    let Some(job) = job_obj.as_job().cloned() else {
        return;
    };
    if is_finished(&job) {
        st.backoff.remove(key);
        return;
    }
    let spec = job.spec.clone().unwrap_or_default();
    let old_status = job.status.clone().unwrap_or_default();
    let mut status = old_status.clone();
    let uncounted = status
        .uncounted_terminated_pods
        .get_or_insert_with(UncountedTerminatedPods::default);
    let (mut unc_succ, mut unc_fail) = (
        uncounted.succeeded.clone().unwrap_or_default(),
        uncounted.failed.clone().unwrap_or_default(),
    );
    let satisfied = st.satisfied(c, key);
    let now = c.now;
    // getPodsForJob: claim, then the pods it controls.
    let selector = spec
        .selector
        .as_ref()
        .and_then(|s| crate::labels::Selector::from_label_selector(s).ok())
        .unwrap_or_else(crate::labels::Selector::nothing);
    let (adopted, released) = super::claim_changed(c, cx, &job_obj, &selector, Kind::Pod);
    if adopted + released > 0 {
        // The informer's indexes see the adoptions once they are delivered: sync again then.
        c.enqueue(work(c, key.to_string()));
        return;
    }
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let pods: Vec<Arc<Object>> = c
        .idx
        .controlled_by(&uid, Kind::Pod)
        .iter()
        .filter_map(|k| c.store.get_obj(k).cloned())
        .collect();
    let pods: Vec<&Pod> = pods.iter().filter_map(|o| o.as_pod()).collect();
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    let completions = spec.completions;
    let parallelism = spec.parallelism.unwrap_or(1);
    let only_failed = spec.pod_replacement_policy.as_deref() == Some("Failed")
        || spec.pod_failure_policy.is_some();
    let terminal = |p: &Pod| matches!(phase(p), "Succeeded" | "Failed");
    let is_failed = |p: &Pod| {
        phase(p) == "Failed"
            || (!only_failed && p.metadata.deletion_timestamp.is_some() && phase(p) != "Succeeded")
    };
    let active: Vec<&Pod> = pods
        .iter()
        .copied()
        .filter(|p| !terminal(p) && p.metadata.deletion_timestamp.is_none())
        .collect();
    let mut terminating = pods
        .iter()
        .filter(|p| !terminal(p) && p.metadata.deletion_timestamp.is_some())
        .count() as i32;
    let mut ready = active.iter().filter(|p| is_pod_ready(p)).count() as i32;
    let valid_index = |p: &Pod| pod_index(p).is_some_and(|i| completions.is_none_or(|c| i < c));
    // getNewFinishedPods
    let uid_of = |p: &Pod| p.metadata.uid.clone().unwrap_or_default();
    let tracked = |p: &&Pod| {
        has_finalizer(p)
            && !unc_succ.contains(&uid_of(p))
            && !unc_fail.contains(&uid_of(p))
            && (!indexed || valid_index(p))
    };
    let new_succeeded: Vec<&Pod> = pods
        .iter()
        .copied()
        .filter(tracked)
        .filter(|p| phase(p) == "Succeeded")
        .collect();
    let new_failed: Vec<&Pod> = pods
        .iter()
        .copied()
        .filter(tracked)
        .filter(|p| is_failed(p))
        .collect();
    let ignored = |p: &Pod| {
        matches!(
            match_pod_failure_policy(spec.pod_failure_policy.as_ref(), p),
            Some(PolicyAction::Ignore)
        )
    };
    let mut succeeded =
        old_status.succeeded.unwrap_or(0) + new_succeeded.len() as i32 + unc_succ.len() as i32;
    let failed = old_status.failed.unwrap_or(0)
        + new_failed.iter().filter(|p| !ignored(p)).count() as i32
        + unc_fail.len() as i32;
    let suspended = spec.suspend == Some(true);
    if status.start_time.is_none() && !suspended {
        status.start_time = Some(now.to_k8s());
    }
    let record = new_backoff_record(
        st.backoff.get(key).copied().unwrap_or_default(),
        &new_succeeded
            .iter()
            .map(|p| finished_time(p))
            .collect::<Vec<_>>(),
        &new_failed
            .iter()
            .filter(|p| !ignored(p))
            .map(|p| finished_time(p))
            .collect::<Vec<_>>(),
    );
    // The finish condition.
    let cond_of = |ty: &str| {
        status
            .conditions
            .iter()
            .flatten()
            .find(|c| c.type_ == ty && c.status == "True")
            .cloned()
    };
    let backoff_limit = spec.backoff_limit.unwrap_or(6);
    let mut finish: Option<Finish> = if let Some(c) = cond_of("SuccessCriteriaMet") {
        Some(Finish {
            ty: "SuccessCriteriaMet",
            reason: c.reason.unwrap_or_default(),
            message: c.message.unwrap_or_default(),
        })
    } else if let Some(c) = cond_of("FailureTarget") {
        Some(Finish {
            ty: "Failed",
            reason: c.reason.unwrap_or_default(),
            message: c.message.unwrap_or_default(),
        })
    } else if let Some(m) = pods.iter().filter(|p| is_failed(p)).find_map(|p| {
        match match_pod_failure_policy(spec.pod_failure_policy.as_ref(), p) {
            Some(PolicyAction::FailJob(m)) => Some(m),
            _ => None,
        }
    }) {
        Some(Finish {
            ty: "FailureTarget",
            reason: "PodFailurePolicy".into(),
            message: m,
        })
    } else if failed > backoff_limit || past_backoff_on_failure(&spec, &active, backoff_limit) {
        Some(Finish {
            ty: "FailureTarget",
            reason: "BackoffLimitExceeded".into(),
            message: "Job has reached the specified backoff limit".into(),
        })
    } else if past_deadline(&spec, &status, suspended, now) {
        Some(Finish {
            ty: "FailureTarget",
            reason: "DeadlineExceeded".into(),
            message: "Job was active longer than specified deadline".into(),
        })
    } else {
        if let (Some(ads), Some(start), false) = (
            spec.active_deadline_seconds,
            status.start_time.as_ref(),
            suspended,
        ) {
            let at = SimTime::from_k8s(start).plus(ads * 1000);
            c.add_timer(at, work(c, key.to_string()), false);
        }
        None
    };
    // Indexed: the succeeded indexes, and the success policy.
    let mut succeeded_indexes: BTreeSet<i32> = BTreeSet::new();
    let mut failed_indexes: BTreeSet<i32> = BTreeSet::new();
    if indexed {
        let comp = completions.unwrap_or(0);
        succeeded_indexes = parse_indexes(status.completed_indexes.as_deref().unwrap_or(""), comp)
            .unwrap_or_default()
            .into_iter()
            .collect();
        for p in pods
            .iter()
            .filter(|p| phase(p) == "Succeeded" && has_finalizer(p))
        {
            if let Some(i) = pod_index(p).filter(|i| *i < comp) {
                succeeded_indexes.insert(i);
            }
        }
        succeeded = succeeded_indexes.len() as i32;
        if spec.backoff_limit_per_index.is_some() {
            let fails = index_failures(&spec, &pods, &is_failed);
            failed_indexes = fails
                .iter()
                .filter(|(i, f)| f.fails_index && !succeeded_indexes.contains(i) && **i < comp)
                .map(|(i, _)| *i)
                .collect();
            if finish.is_none() {
                let n = failed_indexes.len() as i32;
                if spec.max_failed_indexes.is_some_and(|m| n > m) {
                    finish = Some(Finish {
                        ty: "FailureTarget",
                        reason: "MaxFailedIndexesExceeded".into(),
                        message: "Job has exceeded the specified maximal number of failed indexes"
                            .into(),
                    });
                } else if n > 0 && n + succeeded >= comp {
                    finish = Some(Finish {
                        ty: "FailureTarget",
                        reason: "FailedIndexes".into(),
                        message: "Job has failed indexes".into(),
                    });
                }
            }
        }
        if finish.is_none()
            && let Some(i) =
                match_success_policy(spec.success_policy.as_ref(), comp, &succeeded_indexes)
        {
            finish = Some(Finish {
                ty: "SuccessCriteriaMet",
                reason: "SuccessPolicy".into(),
                message: format!("Matched rules at index {i}"),
            });
        }
    }
    let mut plan = Plan::default();
    let mut active_n = active.len() as i32;
    let mut suspend_changed = false;
    let mut conds = status.conditions.clone().unwrap_or_default();
    if finish.is_some() {
        // deleteActivePods: the finish ends every running pod.
        let mut deleted = 0;
        let mut deleted_ready = 0;
        for p in &active {
            let k = ObjKey::new(Kind::Pod, ns, p.metadata.name.as_deref().unwrap_or(""));
            if c.api_delete(cx, &k, Default::default()).is_ok() {
                deleted += 1;
                if is_pod_ready(p) {
                    deleted_ready += 1;
                }
                plan.deleted.push(k.name.clone());
                cx.deferred_events.push(EventSpec::new(
                    &job_obj,
                    "Normal",
                    "SuccessfulDelete",
                    format!("Deleted pod: {}", k.name),
                    "job-controller",
                ));
            }
        }
        if deleted != active.len() || !satisfied {
            finish = None;
        }
        active_n -= deleted as i32;
        terminating += deleted as i32;
        ready -= deleted_ready;
    } else {
        if satisfied && job.metadata.deletion_timestamp.is_none() {
            active_n = manage(
                st,
                c,
                cx,
                &job_obj,
                &job,
                &active,
                &pods,
                ManageCtx {
                    key,
                    succeeded,
                    terminating,
                    only_failed,
                    record: &record,
                    succeeded_indexes: &succeeded_indexes,
                    failed_indexes: &failed_indexes,
                },
                &mut plan,
            );
            // The Suspended condition (only a True one is ever added).
            if suspended {
                if ensure_condition(
                    &mut conds,
                    "Suspended",
                    "True",
                    "JobSuspended",
                    "Job suspended",
                    now,
                ) {
                    suspend_changed = true;
                    cx.deferred_events.push(EventSpec::new(
                        &job_obj,
                        "Normal",
                        "Suspended",
                        "Job suspended".into(),
                        "job-controller",
                    ));
                }
            } else if conds.iter().any(|c| c.type_ == "Suspended")
                && ensure_condition(
                    &mut conds,
                    "Suspended",
                    "False",
                    "JobResumed",
                    "Job resumed",
                    now,
                )
            {
                suspend_changed = true;
                status.start_time = Some(now.to_k8s());
                cx.deferred_events.push(EventSpec::new(
                    &job_obj,
                    "Normal",
                    "Resumed",
                    "Job resumed".into(),
                    "job-controller",
                ));
            }
        }
        let complete = match completions {
            None => succeeded > 0 && active_n == 0,
            Some(cn) => succeeded >= cn && active_n == 0,
        };
        if complete {
            finish = Some(Finish {
                ty: "SuccessCriteriaMet",
                reason: "CompletionsReached".into(),
                message: "Reached expected number of succeeded pods".into(),
            });
        }
    }
    status.active = Some(active_n);
    status.ready = Some(ready.max(0));
    status.terminating = Some(terminating);
    status.conditions = if conds.is_empty() { None } else { Some(conds) };
    // trackJobStatusAndRemoveFinalizers
    let mut finalize: Vec<&Pod> = vec![];
    let mut new_indexes: BTreeSet<i32> = BTreeSet::new();
    let mut reached_max = false;
    for p in pods.iter().copied().filter(|p| has_finalizer(p)) {
        let u = uid_of(p);
        if unc_succ.contains(&u) || unc_fail.contains(&u) {
            // Counted already: only its finalizer is left to remove.
            finalize.push(p);
            continue;
        }
        let can_remove = job.metadata.deletion_timestamp.is_some()
            || finish.is_some()
            || phase(p) == "Succeeded"
            || is_failed(p);
        if !can_remove {
            continue;
        }
        if phase(p) == "Succeeded" {
            if indexed {
                if let Some(i) = pod_index(p).filter(|_| valid_index(p)) {
                    new_indexes.insert(i);
                }
            } else {
                unc_succ.push(u);
            }
        } else if (is_failed(p)
            || finish
                .as_ref()
                .is_some_and(|f| f.ty != "SuccessCriteriaMet"))
            && (!indexed || valid_index(p))
            && !ignored(p)
        {
            unc_fail.push(u);
        }
        finalize.push(p);
        if new_indexes.len() + unc_succ.len() + unc_fail.len() >= MAX_UNCOUNTED {
            reached_max = true;
            break;
        }
    }
    if indexed {
        let comp = completions.unwrap_or(0);
        let mut all: BTreeSet<i32> =
            parse_indexes(status.completed_indexes.as_deref().unwrap_or(""), comp)
                .unwrap_or_default()
                .into_iter()
                .collect();
        all.extend(new_indexes.iter().copied());
        status.completed_indexes = Some(format_indexes(&all));
        status.succeeded = Some(all.len() as i32);
        if spec.backoff_limit_per_index.is_some() {
            status.failed_indexes = Some(format_indexes(&failed_indexes));
        }
    }
    // The interim condition goes in with the first write.
    if let Some(f) = finish.as_mut() {
        let list = status.conditions.get_or_insert_with(Vec::new);
        match f.ty {
            "FailureTarget" => {
                ensure_condition(list, "FailureTarget", "True", &f.reason, &f.message, now);
                f.ty = "Failed";
            }
            "SuccessCriteriaMet" => {
                ensure_condition(
                    list,
                    "SuccessCriteriaMet",
                    "True",
                    &f.reason,
                    &f.message,
                    now,
                );
                f.ty = "Complete";
            }
            _ => {}
        }
    }
    let set_uncounted = |status: &mut JobStatus, s: &[String], f: &[String]| {
        status.uncounted_terminated_pods = Some(UncountedTerminatedPods {
            succeeded: (!s.is_empty()).then(|| s.to_vec()),
            failed: (!f.is_empty()).then(|| f.to_vec()),
        });
    };
    set_uncounted(&mut status, &unc_succ, &unc_fail);
    let mut wrote = false;
    let changed = |a: &JobStatus, b: &JobStatus| a != b;
    let needs_first = !finalize.is_empty() && changed(&status, &old_status);
    if needs_first || suspend_changed {
        if write_status(c, cx, &job_obj, &status).is_err() {
            return;
        }
        wrote = true;
        st.backoff.insert(key.to_string(), record);
    }
    // Remove the finalizers, then count what lost them.
    let mut removed: BTreeSet<String> = BTreeSet::new();
    for p in &finalize {
        let mut np = (*p).clone();
        if let Some(f) = np.metadata.finalizers.as_mut() {
            f.retain(|x| x != TRACKING_FINALIZER);
        }
        if np
            .metadata
            .finalizers
            .as_ref()
            .is_some_and(|f| f.is_empty())
        {
            np.metadata.finalizers = None;
        }
        let ok = match c.api_update(cx, Object::from(np), false, false) {
            Ok(_) => true,
            Err(crate::runtime::api::ApiError::NotFound { .. }) => true,
            Err(_) => false,
        };
        if ok {
            removed.insert(uid_of(p));
            plan.finalized += 1;
        }
    }
    let moved_s = unc_succ.iter().filter(|u| removed.contains(*u)).count() as i32;
    let moved_f = unc_fail.iter().filter(|u| removed.contains(*u)).count() as i32;
    if !indexed {
        status.succeeded = Some(status.succeeded.unwrap_or(0) + moved_s);
    }
    status.failed = Some(status.failed.unwrap_or(0) + moved_f);
    unc_succ.retain(|u| !removed.contains(u));
    unc_fail.retain(|u| !removed.contains(u));
    set_uncounted(&mut status, &unc_succ, &unc_fail);
    // enactJobFinished: the final condition once nothing is uncounted or terminating.
    let mut finished_now: Option<Finish> = None;
    if let Some(f) = finish.as_ref()
        && !reached_max
        && unc_succ.is_empty()
        && unc_fail.is_empty()
        && terminating == 0
    {
        let list = status.conditions.get_or_insert_with(Vec::new);
        ensure_condition(list, f.ty, "True", &f.reason, &f.message, now);
        if f.ty == "Complete" {
            status.completion_time = Some(now.to_k8s());
        }
        finished_now = Some(f.clone());
    }
    if changed(&status, &old_status) || finished_now.is_some() {
        let latest = c.get(Kind::Job, ns, name).unwrap_or(job_obj.clone());
        if write_status(c, cx, &latest, &status).is_ok() {
            wrote = true;
            st.backoff.insert(key.to_string(), record);
        }
    }
    if let Some(f) = &finished_now {
        if f.ty == "Complete" {
            if completions.is_some_and(|cn| status.succeeded.unwrap_or(0) > cn) {
                cx.deferred_events.push(EventSpec::new(
                    &job_obj,
                    "Warning",
                    "TooManySucceededPods",
                    "Too many succeeded pods running after completion count reached".into(),
                    "job-controller",
                ));
            }
            cx.deferred_events.push(EventSpec::new(
                &job_obj,
                "Normal",
                "Completed",
                "Job completed".into(),
                "job-controller",
            ));
        } else {
            cx.deferred_events.push(EventSpec::new(
                &job_obj,
                "Warning",
                &f.reason,
                f.message.clone(),
                "job-controller",
            ));
        }
    }
    if !plan.is_empty() || wrote {
        cx.say(JobWhy::Synced {
            job: name.to_string(),
            plan,
            active: active_n,
            succeeded: status.succeeded.unwrap_or(0),
            failed: status.failed.unwrap_or(0),
            completions,
            parallelism,
            finished: finished_now.map(|f| (f.ty.to_string(), f.reason)),
            interim: finish.filter(|_| wrote).map(|f| {
                if f.ty == "Complete" {
                    "SuccessCriteriaMet"
                } else {
                    "FailureTarget"
                }
                .to_string()
            }),
        });
    }
}

/// `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, the restarts of the running
/// pods' containers count against the limit.
fn past_backoff_on_failure(
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    active: &[&Pod],
    limit: i32,
) -> bool {
    let rp = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref());
    if rp != Some("OnFailure") {
        return false;
    }
    let mut sum = 0;
    for p in active {
        if !matches!(phase(p), "Running" | "Pending") {
            continue;
        }
        let st = p.status.clone().unwrap_or_default();
        for cs in st
            .container_statuses
            .iter()
            .flatten()
            .chain(st.init_container_statuses.iter().flatten())
        {
            sum += cs.restart_count;
        }
    }
    if limit == 0 { sum > 0 } else { sum >= limit }
}

/// `pastActiveDeadline`.
fn past_deadline(
    spec: &k8s_openapi::api::batch::v1::JobSpec,
    status: &JobStatus,
    suspended: bool,
    now: SimTime,
) -> bool {
    let (Some(ads), Some(start)) = (spec.active_deadline_seconds, status.start_time.as_ref())
    else {
        return false;
    };
    !suspended && now.0 - SimTime::from_k8s(start).0 >= ads * 1000
}

fn write_status(
    c: &mut Runtime,
    cx: &mut StepCtx,
    job_obj: &Object,
    status: &JobStatus,
) -> Result<(), crate::runtime::api::ApiError> {
    let Some(j) = job_obj.as_job() else {
        return Ok(());
    };
    let mut j = j.clone();
    j.status = Some(status.clone());
    c.api_update_status(cx, Object::from(j)).map(|_| ())
}

/// What one sync did to pods, for its explanation.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub created: Vec<String>,
    pub deleted: Vec<String>,
    pub finalized: usize,
    /// The creations waiting for the pod-failure back-off (ms).
    pub backoff_ms: Option<i64>,
}

impl Plan {
    fn is_empty(&self) -> bool {
        self.created.is_empty() && self.deleted.is_empty() && self.finalized == 0
    }
}

struct ManageCtx<'a> {
    key: &'a str,
    succeeded: i32,
    terminating: i32,
    only_failed: bool,
    record: &'a BackoffRecord,
    succeeded_indexes: &'a BTreeSet<i32>,
    failed_indexes: &'a BTreeSet<i32>,
}

/// `manageJob`: delete pods above the wanted number, or create the missing ones (after
/// the pod-failure back-off), in slow-start batches; returns the new active count.
#[allow(clippy::too_many_arguments)]
fn manage(
    st: &mut JobController,
    c: &mut Runtime,
    cx: &mut StepCtx,
    job_obj: &Arc<Object>,
    job: &Job,
    active: &[&Pod],
    pods: &[&Pod],
    m: ManageCtx<'_>,
    plan: &mut Plan,
) -> i32 {
    let spec = job.spec.clone().unwrap_or_default();
    let ns = job.metadata.namespace.clone().unwrap_or_default();
    let name = job.metadata.name.clone().unwrap_or_default();
    let key = m.key;
    let mut active_n = active.len() as i32;
    let delete_pods =
        |c: &mut Runtime, cx: &mut StepCtx, victims: &[&Pod], plan: &mut Plan| -> i32 {
            let mut n = 0;
            for p in victims {
                // deleteJobPods: the finalizer first, so the pod is never counted as failed.
                let mut np = (*p).clone();
                if let Some(f) = np.metadata.finalizers.as_mut() {
                    f.retain(|x| x != TRACKING_FINALIZER);
                }
                if np
                    .metadata
                    .finalizers
                    .as_ref()
                    .is_some_and(|f| f.is_empty())
                {
                    np.metadata.finalizers = None;
                }
                let _ = c.api_update(cx, Object::from(np), false, false);
                let k = ObjKey::new(Kind::Pod, &ns, p.metadata.name.as_deref().unwrap_or(""));
                if c.api_delete(cx, &k, Default::default()).is_ok() {
                    n += 1;
                    plan.deleted.push(k.name.clone());
                    cx.deferred_events.push(EventSpec::new(
                        job_obj,
                        "Normal",
                        "SuccessfulDelete",
                        format!("Deleted pod: {}", k.name),
                        "job-controller",
                    ));
                }
            }
            n
        };
    if spec.suspend == Some(true) {
        if !active.is_empty() {
            st.expectations.insert(
                key.to_string(),
                Expectations {
                    add: 0,
                    del: active.len() as i64,
                    at: c.now,
                },
            );
            active_n -= delete_pods(c, cx, active, plan);
        }
        return active_n;
    }
    let parallelism = spec.parallelism.unwrap_or(1);
    let want = match spec.completions {
        None => {
            if m.succeeded > 0 {
                active_n
            } else {
                parallelism
            }
        }
        Some(cn) => (cn - m.succeeded).clamp(0, parallelism.max(0)),
    };
    let indexed = spec.completion_mode.as_deref() == Some("Indexed");
    let rm = (active_n - want).max(0) as usize;
    let mut victims: Vec<&Pod> = vec![];
    if indexed {
        let comp = spec.completions.unwrap_or(0);
        let mut seen: BTreeMap<i32, Vec<&Pod>> = BTreeMap::new();
        for p in active {
            match pod_index(p).filter(|i| *i < comp) {
                None => victims.push(p),
                Some(i) => seen.entry(i).or_default().push(p),
            }
        }
        for (_, mut dup) in seen {
            if dup.len() > 1 {
                dup.stable_sort_by_key(|p| removal_key(p));
                victims.extend(dup[..dup.len() - 1].iter().copied());
            }
        }
    }
    if victims.len() < rm {
        let mut rest: Vec<&Pod> = active
            .iter()
            .copied()
            .filter(|p| !victims.iter().any(|v| v.metadata.uid == p.metadata.uid))
            .collect();
        rest.stable_sort_by_key(|p| removal_key(p));
        let more = rm - victims.len();
        victims.extend(rest.into_iter().take(more));
    }
    victims.truncate(MAX_PER_SYNC);
    if !victims.is_empty() {
        st.expectations.insert(
            key.to_string(),
            Expectations {
                add: 0,
                del: victims.len() as i64,
                at: c.now,
            },
        );
        active_n -= delete_pods(c, cx, &victims, plan);
        return active_n;
    }
    let terminating = if m.only_failed { m.terminating } else { 0 };
    let mut diff = want - terminating - active_n;
    if diff <= 0 {
        return active_n;
    }
    let per_index = spec.backoff_limit_per_index.is_some();
    let remaining = if per_index {
        0
    } else {
        backoff_remaining(m.record, c.now, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS)
    };
    if remaining > 0 {
        c.add_timer(
            c.now.plus(remaining.max(1000)),
            work(c, key.to_string()),
            false,
        );
        plan.backoff_ms = Some(remaining);
        return active_n;
    }
    diff = diff.min(MAX_PER_SYNC as i32);
    let mut indexes: Vec<i32> = vec![];
    let mut fails: BTreeMap<i32, IndexFailure<'_>> = BTreeMap::new();
    if indexed {
        let comp = spec.completions.unwrap_or(0);
        let mut taken: BTreeSet<i32> = m.succeeded_indexes.clone();
        for p in active {
            if let Some(i) = pod_index(p) {
                taken.insert(i);
            }
        }
        if m.only_failed {
            for p in pods.iter().filter(|p| {
                p.metadata.deletion_timestamp.is_some()
                    && !matches!(phase(p), "Succeeded" | "Failed")
            }) {
                if let Some(i) = pod_index(p) {
                    taken.insert(i);
                }
            }
        }
        taken.extend(m.failed_indexes.iter().copied());
        fails = if per_index {
            let only_failed = m.only_failed;
            let is_failed = |p: &Pod| {
                phase(p) == "Failed"
                    || (!only_failed
                        && p.metadata.deletion_timestamp.is_some()
                        && phase(p) != "Succeeded")
            };
            index_failures(&spec, pods, &is_failed)
        } else {
            BTreeMap::new()
        };
        indexes = first_pending_indexes(comp as usize, comp, &taken);
        if per_index {
            // Each index waits out its own back-off (its failures, from its last failed pod).
            let mut wait: Option<i64> = None;
            indexes.retain(|i| {
                let Some(f) = fails.get(i) else { return true };
                let failures = i64::from(
                    annotation_count(f.pod, INDEX_FAILURE_COUNT)
                        + annotation_count(f.pod, INDEX_IGNORED_FAILURE_COUNT),
                ) + 1;
                let rec = BackoffRecord {
                    failures,
                    last_failure: Some(finished_time(f.pod)),
                };
                let r = backoff_remaining(&rec, c.now, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
                if r > 0 {
                    wait = Some(wait.map_or(r, |w| w.min(r)));
                }
                r == 0
            });
            if indexes.is_empty()
                && let Some(r) = wait
            {
                c.add_timer(c.now.plus(r.max(1000)), work(c, key.to_string()), false);
                plan.backoff_ms = Some(r);
                return active_n;
            }
        }
        indexes.truncate(diff as usize);
        diff = indexes.len() as i32;
    }
    if diff <= 0 {
        return active_n;
    }
    st.expectations.insert(
        key.to_string(),
        Expectations {
            add: i64::from(diff),
            del: 0,
            at: c.now,
        },
    );
    let template = spec.template.clone();
    let mut batch = diff.min(1);
    let mut made = 0;
    let mut idx_iter = indexes.into_iter();
    'batches: while made < diff {
        for _ in 0..batch {
            let index = idx_iter.next();
            let mut pod = pod_from_template(job, job_obj, &template, index, &name);
            if per_index && let Some(i) = index {
                // The index's failures so far, from its last failed pod.
                let (mut count, mut ignored) = (0, 0);
                if let Some(f) = fails.get(&i) {
                    count = annotation_count(f.pod, INDEX_FAILURE_COUNT);
                    ignored = annotation_count(f.pod, INDEX_IGNORED_FAILURE_COUNT);
                    if f.counted {
                        count += 1;
                    } else {
                        ignored += 1;
                    }
                }
                let ann = pod
                    .metadata
                    .annotations
                    .get_or_insert_with(Default::default);
                ann.insert(INDEX_FAILURE_COUNT.into(), count.to_string());
                if ignored > 0 {
                    ann.insert(INDEX_IGNORED_FAILURE_COUNT.into(), ignored.to_string());
                }
            }
            match c.api_create(cx, Object::from(pod), true) {
                Ok(p) => {
                    made += 1;
                    active_n += 1;
                    plan.created.push(p.name().to_string());
                    cx.deferred_events.push(EventSpec::new(
                        job_obj,
                        "Normal",
                        "SuccessfulCreate",
                        format!("Created pod: {}", p.name()),
                        "job-controller",
                    ));
                }
                Err(e) => {
                    cx.deferred_events.push(EventSpec::new(
                        job_obj,
                        "Warning",
                        "FailedCreate",
                        format!("Error creating: {}", e.status_message()),
                        "job-controller",
                    ));
                    if let Some(ex) = st.expectations.get_mut(key) {
                        ex.add -= i64::from(diff - made);
                    }
                    break 'batches;
                }
            }
        }
        batch = (batch * 2).min(diff - made);
    }
    active_n
}

/// The pod of a Job (`GetPodFromTemplate` + the tracking finalizer; an Indexed Job's pod gets
/// its index as annotation, label, hostname, `JOB_COMPLETION_INDEX` and in its name).
fn pod_from_template(
    job: &Job,
    job_obj: &Object,
    t: &k8s_openapi::api::core::v1::PodTemplateSpec,
    index: Option<i32>,
    name: &str,
) -> Pod {
    let tm = t.metadata.clone().unwrap_or_default();
    let mut spec = t.spec.clone().unwrap_or_default();
    let mut labels = tm.labels.unwrap_or_default();
    let mut annotations = tm.annotations.unwrap_or_default();
    let mut finalizers = tm.finalizers.unwrap_or_default();
    if !finalizers.iter().any(|f| f == TRACKING_FINALIZER) {
        finalizers.push(TRACKING_FINALIZER.into());
    }
    let generate_name = match index {
        Some(i) => {
            annotations.insert(COMPLETION_INDEX.into(), i.to_string());
            labels.insert(COMPLETION_INDEX.into(), i.to_string());
            spec.hostname = Some(format!("{name}-{i}"));
            for ctr in spec
                .containers
                .iter_mut()
                .chain(spec.init_containers.iter_mut().flatten())
            {
                let env = ctr.env.get_or_insert_with(Vec::new);
                if !env.iter().any(|e| e.name == "JOB_COMPLETION_INDEX") {
                    env.push(k8s_openapi::api::core::v1::EnvVar {
                        name: "JOB_COMPLETION_INDEX".into(),
                        value: None,
                        value_from: Some(Box::new(k8s_openapi::api::core::v1::EnvVarSource {
                            field_ref: Some(k8s_openapi::api::core::v1::ObjectFieldSelector {
                                api_version: None,
                                field_path: format!("metadata.labels['{COMPLETION_INDEX}']"),
                            }),
                            ..Default::default()
                        })),
                    });
                }
            }
            generate_name_with_index(name, i)
        }
        None => format!("{name}-"),
    };
    Pod {
        metadata: ObjectMeta {
            generate_name: Some(generate_name),
            namespace: job.metadata.namespace.clone(),
            labels: (!labels.is_empty()).then_some(labels),
            annotations: (!annotations.is_empty()).then_some(annotations),
            finalizers: Some(finalizers),
            owner_references: Some(vec![crate::podutil::owner_ref(job_obj, true)]),
            ..Default::default()
        },
        spec: Some(spec),
        status: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Explanations
// ---------------------------------------------------------------------------------------------

/// What the Job controller did.
#[derive(Clone, Debug)]
pub enum JobWhy {
    Synced {
        job: String,
        plan: Plan,
        active: i32,
        succeeded: i32,
        failed: i32,
        completions: Option<i32>,
        parallelism: i32,
        /// The terminal condition written now (type, reason).
        finished: Option<(String, String)>,
        /// The interim condition (SuccessCriteriaMet or FailureTarget) written now.
        interim: Option<String>,
    },
    /// A pod whose Job is gone or finished lost its tracking finalizer.
    OrphanFinalizer { pod: String },
}

impl Explain for JobWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            JobWhy::OrphanFinalizer { pod } => w.pick(
                "pod {0}'s Job is gone or finished: removed its batch.kubernetes.io/job-tracking finalizer so the pod can go",
                "Pod {0} 的 Job 已不存在或已结束：移除其 batch.kubernetes.io/job-tracking finalizer，让 Pod 可以被删除",
                [pod],
            ),
            JobWhy::Synced {
                job,
                plan,
                active,
                succeeded,
                failed,
                completions,
                parallelism,
                finished,
                interim,
            } => {
                let mut parts: Vec<String> = vec![];
                let target = match completions {
                    Some(cn) => w.pick(
                        "{0} of {1} completions, parallelism {2}",
                        "完成 {0}/{1}，并行度 {2}",
                        [succeeded, cn, parallelism],
                    ),
                    None => w.pick(
                        "{0} succeeded (no completion count: the first success ends it), parallelism {1}",
                        "成功 {0} 个（未设完成数：第一个成功就结束），并行度 {1}",
                        [succeeded, parallelism],
                    ),
                };
                if !plan.created.is_empty() {
                    parts.push(w.pick(
                        "Job {0} wants more pods running ({1}): created {2} (each with the batch.kubernetes.io/job-tracking finalizer, so a finished pod stays until it is counted)",
                        "Job {0} 需要更多运行中的 Pod（{1}）：创建了 {2}（每个都带 batch.kubernetes.io/job-tracking finalizer，Pod 结束后要等被计数才会消失）",
                        [job, &target, &plan.created.join(", ")],
                    ));
                }
                if let Some(ms) = plan.backoff_ms {
                    parts.push(w.pick(
                        "Job {0}: the next pod waits {1} for the pod-failure back-off (10s doubling per failure, at most 10m)",
                        "Job {0}：下一个 Pod 要等待 {1} 的失败退避（每次失败翻倍，从 10s 起，最长 10m）",
                        [job, &crate::time::format_go_duration(ms)],
                    ));
                }
                if !plan.deleted.is_empty() {
                    parts.push(w.pick(
                        "Job {0}: deleted {1}",
                        "Job {0}：删除了 {1}",
                        [job, &plan.deleted.join(", ")],
                    ));
                }
                if plan.finalized > 0 {
                    parts.push(w.pick(
                        "counted {0} finished pod{1} (recorded in status.uncountedTerminatedPods, finalizer removed, then added to the counters): {2} active, {3} succeeded, {4} failed",
                        "统计了 {0} 个已结束的 Pod（先记入 status.uncountedTerminatedPods，移除 finalizer，再计入计数）：{2} 个活跃，{3} 个成功，{4} 个失败",
                        [&plan.finalized, &s(plan.finalized as i64), active, succeeded, failed],
                    ));
                }
                if let Some(i) = interim {
                    parts.push(w.pick(
                        "added the {0} condition: the outcome is decided, the Job finishes once no pod is left uncounted or terminating",
                        "添加了 {0} 条件：结果已确定，等没有未计数或正在终止的 Pod 时 Job 就结束",
                        [i],
                    ));
                }
                match finished {
                    Some((ty, reason)) => parts.push(w.pick(
                        "Job {0} is {1} ({2})",
                        "Job {0} 已 {1}（{2}）",
                        [job, ty, reason],
                    )),
                    None if parts.is_empty() => parts.push(w.pick(
                        "Job {0} status: {1} active, {2} succeeded, {3} failed",
                        "Job {0} 状态：{1} 个活跃，{2} 个成功，{3} 个失败",
                        [job, active, succeeded, failed],
                    )),
                    None => {}
                }
                parts.join(if w == Lang::Zh { "；" } else { "; " })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn index_strings_parse_and_format_as_upstream() {
        assert_eq!(parse_indexes("0-2,4", 10), Ok(vec![0, 1, 2, 4]));
        assert_eq!(parse_indexes("", 10), Ok(vec![]));
        assert_eq!(
            parse_indexes("1-2-3", 10),
            Err("the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'".into())
        );
        assert_eq!(
            parse_indexes("a", 10),
            Err("cannot convert string to integer for index: \"a\"".into())
        );
        assert_eq!(
            parse_indexes("10", 10),
            Err("too large index: \"10\"".into())
        );
        assert_eq!(
            parse_indexes("3,1", 10),
            Err("non-increasing order, previous: 3, current: 1".into())
        );
        assert_eq!(
            parse_indexes("3-1", 10),
            Err("non-increasing order, previous: 3, current: 1".into())
        );
        let set = |v: &[i32]| v.iter().copied().collect::<BTreeSet<i32>>();
        assert_eq!(format_indexes(&set(&[0, 1, 2, 4])), "0-2,4");
        assert_eq!(format_indexes(&set(&[1, 2])), "1,2");
        assert_eq!(format_indexes(&set(&[0, 1, 2, 4, 5, 6, 7])), "0-2,4-7");
        assert_eq!(format_indexes(&set(&[])), "");
    }

    /// TestGetRemainingBackoffTime (backoff_utils_test.go): 5 s initial, 700 s cap.
    #[test]
    fn backoff_delay_table() {
        let t = SimTime(1_000_000);
        let rec = |f: i64| BackoffRecord {
            failures: f,
            last_failure: Some(t),
        };
        let cases: &[(i64, i64, i64)] = &[
            (1, 0, 5_000),
            (1, 1_000, 4_000),
            (1, 5_000, 0),
            (1, 6_000, 0),
            (3, 0, 20_000),
            (8, 0, 640_000),
            (9, 0, 700_000),
        ];
        for (failures, after, want) in cases {
            assert_eq!(
                backoff_remaining(&rec(*failures), t.plus(*after), 5_000, 700_000),
                *want,
                "{failures} failures, {after} ms later"
            );
        }
        assert_eq!(
            backoff_remaining(&BackoffRecord::default(), t, 5_000, 700_000),
            0
        );
        // The real constants: 10 s doubling, 600 s cap.
        for (f, want) in [
            (1, 10_000),
            (2, 20_000),
            (5, 160_000),
            (6, 320_000),
            (7, 600_000),
        ] {
            assert_eq!(
                backoff_remaining(&rec(f), t, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS),
                want
            );
        }
    }

    /// TestNewBackoffRecord.
    #[test]
    fn backoff_record_table() {
        let t = SimTime(10_000_000);
        let ms = |d: i64| SimTime(t.0 - d);
        let none = BackoffRecord::default();
        let cases: Vec<(BackoffRecord, Vec<SimTime>, Vec<SimTime>, BackoffRecord)> = vec![
            (
                none,
                vec![],
                vec![t],
                BackoffRecord {
                    failures: 1,
                    last_failure: Some(t),
                },
            ),
            (
                none,
                vec![],
                vec![t, ms(1)],
                BackoffRecord {
                    failures: 2,
                    last_failure: Some(t),
                },
            ),
            (none, vec![t], vec![ms(2), ms(1)], none),
            (
                none,
                vec![ms(2)],
                vec![t, ms(4), ms(3), ms(1)],
                BackoffRecord {
                    failures: 2,
                    last_failure: Some(t),
                },
            ),
            (
                BackoffRecord {
                    failures: 2,
                    last_failure: None,
                },
                vec![],
                vec![t],
                BackoffRecord {
                    failures: 3,
                    last_failure: Some(t),
                },
            ),
            (none, vec![t], vec![t], none),
            (none, vec![], vec![], none),
            (none, vec![t], vec![], none),
        ];
        for (i, (old, s, f, want)) in cases.into_iter().enumerate() {
            assert_eq!(new_backoff_record(old, &s, &f), want, "case {i}");
        }
    }

    fn failed_pod(codes: &[(&str, i32)], conds: &[(&str, &str)]) -> Pod {
        use k8s_openapi::api::core::v1::*;
        Pod {
            metadata: ObjectMeta {
                name: Some("mypod".into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
            spec: None,
            status: Some(PodStatus {
                phase: Some("Failed".into()),
                container_statuses: Some(
                    codes
                        .iter()
                        .map(|(n, c)| ContainerStatus {
                            name: n.to_string(),
                            state: Some(ContainerState {
                                terminated: Some(ContainerStateTerminated {
                                    exit_code: *c,
                                    ..Default::default()
                                }),
                                ..Default::default()
                            }),
                            ..Default::default()
                        })
                        .collect(),
                ),
                conditions: Some(
                    conds
                        .iter()
                        .map(|(t, s)| PodCondition {
                            type_: t.to_string(),
                            status: s.to_string(),
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            }),
        }
    }

    /// TestMatchPodFailurePolicy (pod_failure_policy_test.go), condensed.
    #[test]
    fn pod_failure_policy_table() {
        use k8s_openapi::api::batch::v1::*;
        let codes = |action: &str, op: &str, v: &[i32]| PodFailurePolicyRule {
            action: action.into(),
            on_exit_codes: Some(PodFailurePolicyOnExitCodesRequirement {
                container_name: None,
                operator: op.into(),
                values: v.to_vec(),
            }),
            on_pod_conditions: None,
        };
        let cond = |action: &str, ty: &str, st: &str| PodFailurePolicyRule {
            action: action.into(),
            on_exit_codes: None,
            on_pod_conditions: Some(vec![PodFailurePolicyOnPodConditionsPattern {
                type_: ty.into(),
                status: st.into(),
            }]),
        };
        let fail_job = |i: usize, c: i32, ctr: &str| {
            Some(PolicyAction::FailJob(format!(
                "Container {ctr} for pod default/mypod failed with exit code {c} matching FailJob rule at index {i}"
            )))
        };
        let main2 = failed_pod(&[("main-container", 2)], &[]);
        let cases: Vec<(Vec<PodFailurePolicyRule>, Pod, Option<PolicyAction>)> = vec![
            (
                vec![
                    codes("UnknownAction", "In", &[1, 2]),
                    codes("FailJob", "In", &[2, 3]),
                ],
                main2.clone(),
                fail_job(1, 2, "main-container"),
            ),
            (
                vec![
                    cond("UnknownAction", "DisruptionTarget", "True"),
                    cond("Ignore", "DisruptionTarget", "True"),
                ],
                failed_pod(&[], &[("DisruptionTarget", "True")]),
                Some(PolicyAction::Ignore),
            ),
            (
                vec![
                    codes("Ignore", "UnknownOperator", &[1, 2]),
                    codes("FailJob", "In", &[2, 3]),
                ],
                main2.clone(),
                fail_job(1, 2, "main-container"),
            ),
            (
                vec![codes("Ignore", "In", &[1, 2, 3])],
                main2.clone(),
                Some(PolicyAction::Ignore),
            ),
            (
                vec![codes("FailJob", "In", &[1, 2, 3])],
                main2.clone(),
                fail_job(0, 2, "main-container"),
            ),
            (
                vec![codes("FailJob", "NotIn", &[111])],
                failed_pod(&[("init", 0), ("main-container", 111), ("support", 0)], &[]),
                None,
            ),
            (
                vec![codes("FailJob", "NotIn", &[0])],
                failed_pod(&[("main-container", 1), ("support", 0)], &[]),
                fail_job(0, 1, "main-container"),
            ),
            (
                vec![
                    codes("Count", "In", &[1, 2, 3]),
                    codes("FailJob", "In", &[4, 5, 6]),
                ],
                failed_pod(&[("main-container", 6)], &[]),
                fail_job(1, 6, "main-container"),
            ),
            (
                vec![codes("Count", "In", &[1, 2, 3])],
                main2.clone(),
                Some(PolicyAction::Count),
            ),
            (
                vec![cond("Ignore", "DisruptionTarget", "False")],
                failed_pod(&[], &[("DisruptionTarget", "False")]),
                Some(PolicyAction::Ignore),
            ),
        ];
        for (i, (rules, pod, want)) in cases.into_iter().enumerate() {
            let p = PodFailurePolicy { rules };
            assert_eq!(match_pod_failure_policy(Some(&p), &pod), want, "case {i}");
        }
        assert_eq!(match_pod_failure_policy(None, &main2), None);
    }

    /// TestMatchSuccessPolicy (success_policy_test.go), completions 10.
    #[test]
    fn success_policy_table() {
        use k8s_openapi::api::batch::v1::*;
        let set = |v: &[i32]| v.iter().copied().collect::<BTreeSet<i32>>();
        let r = |ix: Option<&str>, n: Option<i32>| SuccessPolicyRule {
            succeeded_indexes: ix.map(String::from),
            succeeded_count: n,
        };
        let cases: Vec<(BTreeSet<i32>, Vec<SuccessPolicyRule>, Option<usize>)> = vec![
            (set(&[0]), vec![r(Some("invalid-form"), None)], None),
            (
                set(&[0, 1, 2, 4, 5, 6, 7]),
                vec![r(Some("0-2"), None)],
                Some(0),
            ),
            (set(&[0, 1, 2]), vec![r(Some("3"), None)], None),
            (set(&[0, 1, 2]), vec![r(None, Some(2))], Some(0)),
            (set(&[0, 1, 2]), vec![r(None, Some(4))], None),
            (
                set(&[0, 1, 2, 4, 5, 6, 7]),
                vec![r(Some("9"), None), r(Some("4,6"), None)],
                Some(1),
            ),
            (
                set(&[0, 1, 2, 4, 5, 6, 7]),
                vec![r(Some("3-6"), Some(2))],
                Some(0),
            ),
            (set(&[0, 1, 2, 6, 7]), vec![r(Some("3-6"), Some(2))], None),
            (
                set(&[2, 3, 4, 6, 7, 8]),
                vec![r(Some("1-3,5-7"), None)],
                None,
            ),
            (
                set(&[2, 3, 4, 6, 7, 8]),
                vec![r(Some("1-3,5-7"), Some(4))],
                Some(0),
            ),
            (set(&[1, 2, 3]), vec![r(Some(""), None)], None),
        ];
        for (i, (succ, rules, want)) in cases.into_iter().enumerate() {
            let p = SuccessPolicy { rules };
            assert_eq!(match_success_policy(Some(&p), 10, &succ), want, "case {i}");
        }
    }

    #[test]
    fn first_pending_indexes_table() {
        let set = |v: &[i32]| v.iter().copied().collect::<BTreeSet<i32>>();
        assert_eq!(first_pending_indexes(5, 3, &set(&[])), vec![0, 1, 2]);
        assert_eq!(first_pending_indexes(2, 5, &set(&[])), vec![0, 1]);
        assert_eq!(first_pending_indexes(3, 10, &set(&[0, 1])), vec![2, 3, 4]);
        assert_eq!(
            first_pending_indexes(6, 6, &set(&[4, 5, 6])),
            vec![0, 1, 2, 3]
        );
        assert_eq!(
            first_pending_indexes(5, 20, &set(&[3, 5, 8, 2, 3, 4, 9])),
            vec![0, 1, 6, 7, 10]
        );
    }

    /// getIndexFailureCount (indexed_job_utils_test.go): a valid int32 ≥ 0, else 0.
    #[test]
    fn index_failure_count_annotation_table() {
        let pod = |v: Option<&str>| Pod {
            metadata: ObjectMeta {
                annotations: v.map(|v| [(INDEX_FAILURE_COUNT.to_string(), v.to_string())].into()),
                ..Default::default()
            },
            ..Default::default()
        };
        for (v, want) in [
            (Some("2"), 2),
            (Some("2147483647"), i32::MAX),
            (Some("2147483648"), 0),
            (Some("-1"), 0),
            (Some("xyz"), 0),
            (None, 0),
        ] {
            assert_eq!(
                annotation_count(&pod(v), INDEX_FAILURE_COUNT),
                want,
                "{v:?}"
            );
        }
    }

    #[test]
    fn generate_name_with_index_fits_58() {
        assert_eq!(generate_name_with_index("indexed-job", 1), "indexed-job-1-");
        let long = "hhhhhooooo".repeat(7);
        let g = generate_name_with_index(&long, 1);
        assert_eq!(g.len(), 58);
        assert_eq!(g, format!("{}-1-", &long[..55]));
    }

    #[test]
    fn every_job_explanation_renders_in_both_languages() {
        let plan = |c: bool, d: bool, f: usize, b: bool| Plan {
            created: if c { vec!["pi-x".into()] } else { vec![] },
            deleted: if d { vec!["pi-y".into()] } else { vec![] },
            finalized: f,
            backoff_ms: b.then_some(20_000),
        };
        let synced =
            |plan: Plan, completions: Option<i32>, finished: bool, interim: bool| JobWhy::Synced {
                job: "pi".into(),
                plan,
                active: 1,
                succeeded: 0,
                failed: 0,
                completions,
                parallelism: 1,
                finished: finished.then(|| ("Complete".into(), "CompletionsReached".into())),
                interim: interim.then(|| "SuccessCriteriaMet".into()),
            };
        let all = [
            synced(plan(true, false, 0, false), Some(1), false, false),
            synced(plan(false, true, 1, true), None, true, true),
            synced(plan(false, false, 0, false), Some(3), false, false),
            JobWhy::OrphanFinalizer { pod: "pi-x".into() },
        ];
        let index = |w: &JobWhy| match w {
            JobWhy::OrphanFinalizer { .. } => 3,
            JobWhy::Synced { plan, .. } if !plan.created.is_empty() => 0,
            JobWhy::Synced { plan, .. } if !plan.deleted.is_empty() => 1,
            JobWhy::Synced { .. } => 2,
        };
        check_all(&all, index, 4);
    }
}

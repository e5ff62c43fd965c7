//! CronJob controller (`pkg/controller/cronjob/cronjob_controllerv2.go` and `utils.go`,
//! v1.32): on each schedule time it creates a Job named `<cronjob>-<Unix minutes>`, keeps
//! `status.active`, `lastScheduleTime` and `lastSuccessfulTime`, applies the concurrency
//! policy (Allow, Forbid, Replace) and `startingDeadlineSeconds`, and deletes finished Jobs
//! beyond the history limits, oldest start first. Schedules are robfig/cron's
//! ([`crate::cron`]), in `spec.timeZone` or the controller's local zone (UTC).
//!
//! The next schedule time is a routine timer: `settle` does not wait for it; `tick` and
//! `sleep` run the clock through it.

use crate::sort::StableSort;
use std::sync::Arc;

use k8s_openapi::api::batch::v1::{CronJob, Job, JobSpec};
use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};

use crate::apiserver::validation::gofmt::go_quote;
use crate::cron::{Schedule, Zone, parse_standard};
use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, ObjKey, Object};
use crate::podutil::controller_of;
use crate::runtime::Runtime;
use crate::runtime::api::{ApiError, DeleteOptions, Propagation};
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::{SimTime, epoch};

const COMPONENT: &str = "cronjob-controller";
/// `nextScheduleDelta`: requeues aim 100ms past the schedule time.
const NEXT_SCHEDULE_DELTA_MS: i64 = 100;
/// The annotation with the time a Job was scheduled for (`CronJobsScheduledAnnotation`, GA).
pub const SCHEDULED_TIMESTAMP: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

/// The CronJob controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct CronJobController;

fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

/// Unix milliseconds of a virtual instant, and back.
fn unix_ms(t: SimTime) -> i64 {
    epoch() * 1000 + t.0
}
fn sim(unix_ms: i64) -> SimTime {
    SimTime(unix_ms - epoch() * 1000)
}
fn time_ms(t: &Time) -> i64 {
    t.0.as_millisecond()
}

/// `sched.Next(t)` on milliseconds (robfig moves to the next whole second first).
fn next_ms(s: &Schedule, t: i64) -> Option<i64> {
    s.next(t.div_euclid(1000)).map(|n| n * 1000)
}

/// `formatSchedule`: the schedule with `TZ=<timeZone> ` in front when a zone is set (and the
/// schedule names none itself).
fn format_schedule(cj: &CronJob) -> (String, bool) {
    let spec = cj.spec.as_ref();
    let schedule = spec.map(|s| s.schedule.clone()).unwrap_or_default();
    if schedule.contains("TZ") {
        return (schedule, true);
    }
    match spec.and_then(|s| s.time_zone.as_deref()) {
        Some(tz) if Zone::load(tz).is_ok() => (format!("TZ={tz} {schedule}"), false),
        _ => (schedule, false),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Missed {
    None,
    Few,
    Many,
}

/// `mostRecentScheduleTime` (utils.go): the earliest time considered, the most recent
/// schedule time not after `now` (found by upstream's interval estimate, which can miss it
/// for irregular schedules), and how many were missed.
fn most_recent_schedule_time(
    cj: &CronJob,
    now: i64,
    s: &Schedule,
    include_sds: bool,
) -> Result<(i64, Option<i64>, Missed), String> {
    let mut earliest = cj
        .status
        .as_ref()
        .and_then(|st| st.last_schedule_time.as_ref())
        .or(cj.metadata.creation_timestamp.as_ref())
        .map(time_ms)
        .unwrap_or(0);
    if include_sds && let Some(sds) = cj.spec.as_ref().and_then(|s| s.starting_deadline_seconds) {
        let deadline = now - sds * 1000;
        if deadline > earliest {
            earliest = deadline;
        }
    }
    let t1 = next_ms(s, earliest).unwrap_or(0);
    let t2 = next_ms(s, t1).unwrap_or(0);
    if now < t1 {
        return Ok((earliest, None, Missed::None));
    }
    if now < t2 {
        return Ok((earliest, Some(t1), Missed::None));
    }
    // Go: int64(t2.Sub(t1).Round(time.Second).Seconds()).
    let between = (t2 - t1 + 500).div_euclid(1000);
    if between < 1 {
        return Err("time difference between two schedules is less than 1 second".into());
    }
    let elapsed = (now - t1) / 1000;
    let missed = elapsed / between + 1;
    let potential = t1 + (missed - 2) * between * 1000;
    let mut most_recent = None;
    let mut t = next_ms(s, potential);
    while let Some(x) = t {
        if x > now {
            break;
        }
        most_recent = Some(x);
        t = next_ms(s, x);
    }
    let m = if missed > 100 {
        Missed::Many
    } else {
        Missed::Few
    };
    Ok((earliest, most_recent, m))
}

/// `nextScheduleTimeDuration`: how long until the next schedule time, plus 100ms.
fn next_schedule_duration(cj: &CronJob, now: i64, s: &Schedule) -> i64 {
    let most_recent = match most_recent_schedule_time(cj, now, s, false) {
        Err(_) => now,
        Ok((earliest, None, Missed::None)) => earliest,
        Ok((_, None, _)) => now,
        Ok((_, Some(t), _)) => t,
    };
    match next_ms(s, most_recent) {
        Some(n) => n + NEXT_SCHEDULE_DELTA_MS - now,
        // robfig's zero time: far in the past, so the requeue is immediate in Go; never loop.
        None => i64::MAX / 4,
    }
}

/// `getJobName`: the CronJob's name and the scheduled time in Unix minutes.
pub fn job_name(cj_name: &str, scheduled_unix_ms: i64) -> String {
    format!("{}-{}", cj_name, scheduled_unix_ms.div_euclid(1000) / 60)
}

/// Go's `time.RFC3339` of a Unix instant in a zone (`Z` for UTC, else `±hh:mm`).
fn rfc3339_in(zone: &Zone, unix: i64) -> String {
    let c = zone.civil(unix);
    let off = zone.offset_at(unix);
    let z = if off == 0 {
        "Z".to_string()
    } else {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.abs();
        format!("{sign}{:02}:{:02}", a / 3600, a / 60 % 60)
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{z}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `getJobFromTemplate2`: the Job for one scheduled time.
fn job_from_template(cj: &CronJob, scheduled: i64) -> Job {
    let spec = cj.spec.clone().unwrap_or_default();
    let tm = spec.job_template.metadata.clone().unwrap_or_default();
    let zone = spec
        .time_zone
        .as_deref()
        .and_then(|tz| Zone::load(tz).ok())
        .unwrap_or(Zone::Local);
    let mut annotations = tm.annotations.unwrap_or_default();
    annotations.insert(
        SCHEDULED_TIMESTAMP.into(),
        rfc3339_in(&zone, scheduled.div_euclid(1000)),
    );
    let name = cj.metadata.name.clone().unwrap_or_default();
    Job {
        metadata: ObjectMeta {
            name: Some(job_name(&name, scheduled)),
            namespace: cj.metadata.namespace.clone(),
            labels: Some(tm.labels.unwrap_or_default()),
            annotations: Some(annotations),
            owner_references: Some(vec![OwnerReference {
                api_version: "batch/v1".into(),
                kind: "CronJob".into(),
                name,
                uid: cj.metadata.uid.clone().unwrap_or_default(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]),
            ..Default::default()
        },
        spec: Some(
            spec.job_template
                .spec
                .clone()
                .unwrap_or_else(JobSpec::default),
        ),
        status: None,
    }
}

/// The Job's first Complete or Failed condition that is True.
fn finished(j: &Job) -> Option<&'static str> {
    j.status
        .as_ref()?
        .conditions
        .iter()
        .flatten()
        .find_map(|c| match (c.type_.as_str(), c.status.as_str()) {
            ("Complete", "True") => Some("Complete"),
            ("Failed", "True") => Some("Failed"),
            _ => None,
        })
}

impl Controller for CronJobController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "cronjob-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::CronJob | Kind::Job)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            Kind::CronJob => {
                let key = obj.key().ns_name();
                // updateCronJob: a new schedule or zone waits for its next time; any other
                // change syncs at once.
                if ev.ty == WatchType::Modified
                    && let (Some(old), Some(new)) = (
                        ev.old.as_deref().and_then(|o| o.as_cronjob()),
                        obj.as_cronjob(),
                    )
                {
                    let sched = |cj: &CronJob| {
                        cj.spec
                            .as_ref()
                            .map(|s| (s.schedule.clone(), s.time_zone.clone()))
                    };
                    if sched(old) != sched(new) {
                        if let Ok(s) = parse_standard(&format_schedule(new).0) {
                            let now = unix_ms(c.now);
                            let d = next_schedule_duration(new, now, &s);
                            c.add_timer(c.now.plus(d), work(c, key), true);
                        }
                        return;
                    }
                }
                c.enqueue(work(c, key));
            }
            Kind::Job => {
                // A Job's CronJob syncs when the Job changes (by name and uid).
                for o in [Some(obj), ev.old.as_deref()].into_iter().flatten() {
                    if let Some(r) = controller_of(o).filter(|r| r.kind == "CronJob")
                        && c.get(Kind::CronJob, o.namespace(), &r.name)
                            .is_some_and(|cj| cj.meta().uid.as_deref() == Some(r.uid.as_str()))
                    {
                        c.enqueue(work(c, format!("{}/{}", o.namespace(), r.name)));
                    }
                }
            }
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let key = key.name().to_string();
        match sync(c, cx, &key) {
            Ok(Some(after)) => {
                let at = c.now.plus(after.max(0));
                c.add_timer(at, work(c, key), true);
            }
            Ok(None) => {}
            Err(()) => c.add_rate_limited(work(c, key)),
        }
    }
}

fn event(cx: &mut StepCtx, obj: &Object, ty: &'static str, reason: &str, msg: String) {
    cx.deferred_events
        .push(EventSpec::new(obj, ty, reason, msg, COMPONENT));
}

/// `byJobStartTime`: jobs with a start time first, oldest first; ties (and no start time) by
/// name.
fn by_start_time(a: &Job, b: &Job) -> std::cmp::Ordering {
    let st = |j: &Job| {
        j.status
            .as_ref()
            .and_then(|s| s.start_time.as_ref())
            .map(time_ms)
    };
    let name = |j: &Job| j.metadata.name.clone().unwrap_or_default();
    match (st(a), st(b)) {
        (None, None) => name(a).cmp(&name(b)),
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (Some(_), None) => std::cmp::Ordering::Less,
        (Some(x), Some(y)) if x == y => name(a).cmp(&name(b)),
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// `deleteJob`: DELETE with background propagation, the `SuccessfulDelete` event, and the
/// Job out of `status.active`.
fn delete_job(
    c: &mut Runtime,
    cx: &mut StepCtx,
    cj_obj: &Object,
    cj: &mut CronJob,
    job: &Job,
) -> bool {
    let key = ObjKey {
        kind: Kind::Job,
        namespace: job.metadata.namespace.clone().unwrap_or_default(),
        name: job.metadata.name.clone().unwrap_or_default(),
    };
    let opts = DeleteOptions {
        propagation: Propagation::Background,
        ..Default::default()
    };
    match c.api_delete(cx, &key, opts) {
        Ok(_) => {
            let uid = job.metadata.uid.clone();
            if let Some(active) = cj.status.as_mut().and_then(|s| s.active.as_mut()) {
                active.retain(|r| r.uid != uid);
            }
            event(
                cx,
                cj_obj,
                "Normal",
                "SuccessfulDelete",
                format!("Deleted job {}", key.name),
            );
            true
        }
        Err(e) => {
            event(
                cx,
                cj_obj,
                "Warning",
                "FailedDelete",
                format!("Deleted job: {}", e.status_message()),
            );
            false
        }
    }
}

/// `cleanupFinishedJobs`: finished Jobs beyond the history limits go, oldest start first
/// (successful ones, then failed ones).
fn cleanup_finished(
    c: &mut Runtime,
    cx: &mut StepCtx,
    cj_obj: &Object,
    cj: &mut CronJob,
    jobs: &[Job],
    why: &mut Vec<CronWhy>,
) -> bool {
    let spec = cj.spec.clone().unwrap_or_default();
    if spec.successful_jobs_history_limit.is_none() && spec.failed_jobs_history_limit.is_none() {
        return false;
    }
    let mut changed = false;
    for (cond, limit) in [
        ("Complete", spec.successful_jobs_history_limit),
        ("Failed", spec.failed_jobs_history_limit),
    ] {
        let Some(limit) = limit else { continue };
        let mut list: Vec<&Job> = jobs.iter().filter(|j| finished(j) == Some(cond)).collect();
        let n = list.len() as i64 - i64::from(limit);
        if n <= 0 {
            continue;
        }
        list.stable_sort_by(|a, b| by_start_time(a, b));
        for j in list.into_iter().take(n as usize) {
            if delete_job(c, cx, cj_obj, cj, j) {
                changed = true;
                why.push(CronWhy::HistoryLimit {
                    job: j.metadata.name.clone().unwrap_or_default(),
                    kept: limit,
                    successful: cond == "Complete",
                });
            }
        }
    }
    changed
}

/// One sync: the cleanup, then `syncCronJob`, then one status write. `Ok(Some(ms))` asks to
/// be requeued that much later; `Err` to be retried rate-limited.
fn sync(c: &mut Runtime, cx: &mut StepCtx, key: &str) -> Result<Option<i64>, ()> {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(cj_obj) = c.get(Kind::CronJob, ns, name) else {
        return Ok(None);
    };
    let Some(mut cj) = cj_obj.as_cronjob().cloned() else {
        return Ok(None);
    };
    // getJobsToBeReconciled: every Job in the namespace whose controller is named like us.
    let jobs: Vec<Job> = c
        .store
        .list(Kind::Job, Some(ns))
        .iter()
        .filter(|o| controller_of(o).is_some_and(|r| r.name == name))
        .filter_map(|o| o.as_job().cloned())
        .collect();
    let mut why = vec![];
    let cleaned = cleanup_finished(c, cx, &cj_obj, &mut cj, &jobs, &mut why);
    // The status is written even when the sync failed (upstream writes it before returning
    // the error).
    let (result, changed) = match sync_cronjob(c, cx, &cj_obj, &mut cj, &jobs, &mut why) {
        Ok((requeue, changed)) => (Ok(requeue), changed),
        Err(changed) => (Err(()), changed),
    };
    if cleaned || changed {
        let mut n = (*cj_obj).clone();
        if let Object::CronJob(b) = &mut n {
            b.status = cj.status.clone();
        }
        if c.api_update_status(cx, n).is_err() {
            return Err(());
        }
    }
    for w in why {
        cx.say(w);
    }
    result
}

fn active_refs(cj: &CronJob) -> Vec<ObjectReference> {
    cj.status
        .as_ref()
        .and_then(|s| s.active.clone())
        .unwrap_or_default()
}

/// `syncCronJob` (cronjob_controllerv2.go), in upstream's order.
fn sync_cronjob(
    c: &mut Runtime,
    cx: &mut StepCtx,
    cj_obj: &Object,
    cj: &mut CronJob,
    jobs: &[Job],
    why: &mut Vec<CronWhy>,
) -> Result<(Option<i64>, bool), bool> {
    let now = unix_ms(c.now);
    let mut changed = false;
    let ns = cj_obj.namespace().to_string();
    let cj_name = cj_obj.name().to_string();
    let status = cj.status.get_or_insert_with(Default::default);
    // The children: unexpected ones, finished ones, the last success.
    for j in jobs {
        let uid = j.metadata.uid.clone();
        let jname = j.metadata.name.clone().unwrap_or_default();
        let in_active = status.active.iter().flatten().any(|r| r.uid == uid);
        match finished(j) {
            None if !in_active => {
                event(
                    cx,
                    cj_obj,
                    "Warning",
                    "UnexpectedJob",
                    format!("Saw a job that the controller did not create or forgot: {jname}"),
                );
            }
            None => {}
            Some(cond) => {
                if in_active {
                    if let Some(a) = status.active.as_mut() {
                        a.retain(|r| r.uid != uid);
                    }
                    event(
                        cx,
                        cj_obj,
                        "Normal",
                        "SawCompletedJob",
                        format!("Saw completed job: {jname}, condition: {cond}"),
                    );
                    why.push(CronWhy::SawCompleted {
                        job: jname.clone(),
                        condition: cond,
                    });
                    changed = true;
                }
                if cond == "Complete"
                    && let Some(done) = j.status.as_ref().and_then(|s| s.completion_time.clone())
                    && status
                        .last_successful_time
                        .as_ref()
                        .is_none_or(|t| time_ms(&done) > time_ms(t))
                {
                    status.last_successful_time = Some(done);
                    changed = true;
                }
            }
        }
    }
    // Active Jobs that are gone.
    for r in active_refs(cj) {
        if !jobs.iter().any(|j| j.metadata.uid == r.uid) {
            let rname = r.name.clone().unwrap_or_default();
            if c.get(Kind::Job, &ns, &rname).is_none() {
                event(
                    cx,
                    cj_obj,
                    "Normal",
                    "MissingJob",
                    format!("Active job went missing: {rname}"),
                );
                if let Some(a) = cj.status.as_mut().and_then(|s| s.active.as_mut()) {
                    a.retain(|x| x.uid != r.uid);
                }
                changed = true;
            }
        }
    }
    if cj.metadata.deletion_timestamp.is_some() {
        return Ok((None, changed));
    }
    let spec = cj.spec.clone().unwrap_or_default();
    if let Some(tz) = spec.time_zone.as_deref()
        && let Err(e) = Zone::load(tz)
    {
        event(
            cx,
            cj_obj,
            "Warning",
            "UnknownTimeZone",
            format!("invalid timeZone: {}: {e}", go_quote(tz)),
        );
        return Ok((None, changed));
    }
    if spec.suspend == Some(true) {
        why.push(CronWhy::Suspended);
        return Ok((None, changed));
    }
    let (formatted, has_tz) = format_schedule(cj);
    if has_tz {
        event(
            cx,
            cj_obj,
            "Warning",
            "UnsupportedSchedule",
            format!(
                "CRON_TZ or TZ used in schedule {} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details",
                go_quote(&spec.schedule)
            ),
        );
    }
    let sched = match parse_standard(&formatted) {
        Ok(s) => s,
        Err(e) => {
            event(
                cx,
                cj_obj,
                "Warning",
                "UnparseableSchedule",
                format!("unparseable schedule: {} : {e}", go_quote(&spec.schedule)),
            );
            return Ok((None, changed));
        }
    };
    // nextScheduleTime: includes startingDeadlineSeconds.
    let scheduled = match most_recent_schedule_time(cj, now, &sched, true) {
        Err(e) => {
            event(
                cx,
                cj_obj,
                "Warning",
                "InvalidSchedule",
                format!("invalid schedule: {} : {e}", spec.schedule),
            );
            return Ok((None, changed));
        }
        Ok((_, t, missed)) => {
            if missed == Missed::Many && t.is_some_and(|t| t <= now) {
                event(
                    cx,
                    cj_obj,
                    "Warning",
                    "TooManyMissedTimes",
                    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew".into(),
                );
            }
            t.filter(|t| *t <= now)
        }
    };
    let requeue = |cj: &CronJob| Some(next_schedule_duration(cj, now, &sched));
    let Some(scheduled) = scheduled else {
        why.push(CronWhy::NotYet {
            next: next_ms(&sched, now).map(|t| sim(t)),
        });
        return Ok((requeue(cj), changed));
    };
    if let Some(sds) = spec.starting_deadline_seconds
        && scheduled + sds * 1000 < now
    {
        event(
            cx,
            cj_obj,
            "Warning",
            "MissSchedule",
            format!(
                "Missed scheduled time to start a job: {}",
                crate::time::Civil::from_unix(scheduled.div_euclid(1000)).rfc1123z()
            ),
        );
        return Ok((requeue(cj), changed));
    }
    let jname = job_name(&cj_name, scheduled);
    let status = cj.status.get_or_insert_with(Default::default);
    let processed =
        status.active.iter().flatten().any(|r| {
            r.name.as_deref() == Some(jname.as_str()) && r.namespace.as_deref() == Some(&ns)
        }) || status
            .last_schedule_time
            .as_ref()
            .is_some_and(|t| time_ms(t) == scheduled);
    if processed {
        return Ok((requeue(cj), changed));
    }
    let policy = spec.concurrency_policy.as_deref().unwrap_or("Allow");
    let active_n = status.active.as_ref().map_or(0, Vec::len);
    if policy == "Forbid" && active_n > 0 {
        event(
            cx,
            cj_obj,
            "Normal",
            "JobAlreadyActive",
            "Not starting job because prior execution is running and concurrency policy is Forbid"
                .into(),
        );
        why.push(CronWhy::Forbidden {
            job: jname,
            running: active_n,
        });
        return Ok((requeue(cj), changed));
    }
    if policy == "Replace" {
        for r in active_refs(cj) {
            let rname = r.name.clone().unwrap_or_default();
            let Some(j) = c.get(Kind::Job, &ns, &rname) else {
                event(
                    cx,
                    cj_obj,
                    "Warning",
                    "FailedGet",
                    format!("Get job: jobs.batch \"{rname}\" not found"),
                );
                return Err(changed);
            };
            let Some(j) = j.as_job().cloned() else {
                continue;
            };
            if !delete_job(c, cx, cj_obj, cj, &j) {
                return Err(changed);
            }
            why.push(CronWhy::Replaced { job: rname });
            changed = true;
        }
    }
    let req = job_from_template(cj, scheduled);
    let created: Arc<Object> = match c.api_create(cx, Object::from(req), true) {
        Ok(o) => {
            event(
                cx,
                cj_obj,
                "Normal",
                "SuccessfulCreate",
                format!("Created job {jname}"),
            );
            o
        }
        Err(ApiError::AlreadyExists { .. }) => {
            let Some(o) = c.get(Kind::Job, &ns, &jname) else {
                return Ok((None, changed));
            };
            let ours = controller_of(&o)
                .is_some_and(|r| Some(r.uid.as_str()) == cj.metadata.uid.as_deref());
            let listed = active_refs(cj)
                .iter()
                .any(|r| r.uid.as_deref() == o.meta().uid.as_deref());
            if !ours || listed {
                return Ok((None, changed));
            }
            o
        }
        Err(e) => {
            event(
                cx,
                cj_obj,
                "Warning",
                "FailedCreate",
                format!("Error creating job: {}", e.status_message()),
            );
            return Err(changed);
        }
    };
    let status = cj.status.get_or_insert_with(Default::default);
    status
        .active
        .get_or_insert_with(Vec::new)
        .push(ObjectReference {
            api_version: Some("batch/v1".into()),
            kind: Some("Job".into()),
            name: Some(created.name().to_string()),
            namespace: Some(ns.clone()),
            uid: created.meta().uid.clone(),
            resource_version: created.meta().resource_version.clone(),
            field_path: None,
        });
    status.last_schedule_time = Some(sim(scheduled).to_k8s());
    why.push(CronWhy::Created {
        job: jname,
        at: sim(scheduled),
        policy: policy.to_string(),
    });
    Ok((requeue(cj), true))
}

/// What the CronJob controller did, and why.
#[derive(Clone, Debug)]
pub enum CronWhy {
    Created {
        job: String,
        at: SimTime,
        policy: String,
    },
    NotYet {
        next: Option<SimTime>,
    },
    Forbidden {
        job: String,
        running: usize,
    },
    Replaced {
        job: String,
    },
    SawCompleted {
        job: String,
        condition: &'static str,
    },
    HistoryLimit {
        job: String,
        kept: i32,
        successful: bool,
    },
    Suspended,
}

impl Explain for CronWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            CronWhy::Created { job, at, policy } => w.pick(
                "the schedule's time {1} has come: created Job {0} (named after the scheduled time in Unix minutes; concurrencyPolicy {2})",
                "到了调度时间 {1}：创建了 Job {0}（名字取自调度时间的 Unix 分钟数；concurrencyPolicy {2}）",
                [job, &at.rfc3339(), policy],
            ),
            CronWhy::NotYet { next } => match next {
                Some(t) => w.pick(
                    "no schedule time has come yet: the next is {0}, when the controller looks again",
                    "还没到调度时间：下一次是 {0}，届时控制器再来检查",
                    [&t.rfc3339()],
                ),
                None => w.pick(
                    "the schedule has no time in the next five years",
                    "该调度在未来五年内没有可触发的时间",
                    [],
                ),
            },
            CronWhy::Forbidden { job, running } => w.pick(
                "concurrencyPolicy Forbid and {1} Job(s) still running: did not create {0}; it runs when they finish (lastScheduleTime stays)",
                "concurrencyPolicy 为 Forbid 且仍有 {1} 个 Job 在运行：没有创建 {0}；它们结束后再运行（lastScheduleTime 不变）",
                [job, running],
            ),
            CronWhy::Replaced { job } => w.pick(
                "concurrencyPolicy Replace: deleted the running Job {0} (background propagation) to start the new one",
                "concurrencyPolicy 为 Replace：删除了仍在运行的 Job {0}（后台级联），以启动新的 Job",
                [job],
            ),
            CronWhy::SawCompleted { job, condition } => w.pick(
                "Job {0} finished ({1}): removed it from status.active",
                "Job {0} 已结束（{1}）：从 status.active 中移除",
                [job, condition],
            ),
            CronWhy::HistoryLimit {
                job,
                kept,
                successful,
            } => {
                if *successful {
                    w.pick(
                        "successfulJobsHistoryLimit is {1}: deleted the oldest successful Job {0}",
                        "successfulJobsHistoryLimit 为 {1}：删除了最早的成功 Job {0}",
                        [job, kept],
                    )
                } else {
                    w.pick(
                        "failedJobsHistoryLimit is {1}: deleted the oldest failed Job {0}",
                        "failedJobsHistoryLimit 为 {1}：删除了最早的失败 Job {0}",
                        [job, kept],
                    )
                }
            }
            CronWhy::Suspended => w.pick(
                "the CronJob is suspended: no Jobs are created until spec.suspend is false",
                "CronJob 已暂停：在 spec.suspend 变为 false 之前不创建 Job",
                [],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    /// 2016-05-19T10:00:00Z, upstream's T0 (a Thursday), in Unix ms.
    const T0: i64 = 1_463_652_000_000;
    const M: i64 = 60_000;
    const H: i64 = 60 * M;

    fn cj(created: i64, last: Option<i64>, schedule: &str, sds: Option<i64>) -> CronJob {
        let t = |ms: i64| Time(k8s_openapi::jiff::Timestamp::from_millisecond(ms).unwrap());
        CronJob {
            metadata: ObjectMeta {
                name: Some("mycronjob".into()),
                creation_timestamp: Some(t(created)),
                ..Default::default()
            },
            spec: Some(k8s_openapi::api::batch::v1::CronJobSpec {
                schedule: schedule.into(),
                starting_deadline_seconds: sds,
                ..Default::default()
            }),
            status: Some(k8s_openapi::api::batch::v1::CronJobStatus {
                last_schedule_time: last.map(t),
                ..Default::default()
            }),
        }
    }

    /// utils_test.go TestMostRecentScheduleTime.
    #[test]
    fn most_recent_schedule_time_matches_upstream() {
        const NO: Missed = Missed::None;
        const FEW: Missed = Missed::Few;
        const MANY: Missed = Missed::Many;
        let table: &[(
            i64,
            Option<i64>,
            &str,
            Option<i64>,
            bool,
            i64,
            Result<(i64, Option<i64>, Missed), ()>,
        )] = &[
            (
                T0,
                None,
                "0 * * * *",
                None,
                false,
                T0 + 30_000,
                Ok((T0, None, NO)),
            ),
            (
                T0,
                None,
                "0 * * * *",
                None,
                false,
                T0 + 61 * M,
                Ok((T0, Some(T0 + H), NO)),
            ),
            (
                T0 + 10_000,
                None,
                "0 * * * *",
                None,
                false,
                T0 + 301 * M,
                Ok((T0 + 10_000, Some(T0 + 300 * M), FEW)),
            ),
            (
                T0,
                Some(T0 + 30 * M),
                "30 6-16/4 * * 1-5",
                None,
                false,
                T0 + 24 * H + 31 * M,
                Ok((T0 + 30 * M, Some(T0 + 24 * H + 30 * M), FEW)),
            ),
            (
                T0,
                Some(T0 + 30 * M),
                "30 10,11,12 * * 1-5",
                None,
                false,
                T0 + 30 * H + 30 * M,
                Ok((T0 + 30 * M, None, FEW)),
            ),
            (
                T0,
                Some(T0 + 30 * M),
                "30 6-16/4 * * 1-5",
                None,
                false,
                T0 + 96 * H + 31 * M,
                Ok((T0 + 30 * M, Some(T0 + 96 * H + 30 * M), FEW)),
            ),
            (
                T0,
                None,
                "30 6-16/4 * * 1-5",
                None,
                false,
                T0 + 24 * H + 31 * M,
                Ok((T0, Some(T0 + 24 * H + 30 * M), FEW)),
            ),
            (
                T0 - 59 * M,
                Some(T0 + M),
                "@every 1h",
                Some(10),
                false,
                T0 + 7 * 24 * H,
                Ok((T0 + M, Some(T0 + 6 * 24 * H + 23 * H + M), MANY)),
            ),
            (
                T0 + 10_000,
                None,
                "59 23 31 2 *",
                None,
                false,
                T0 + H,
                Err(()),
            ),
            (
                T0,
                Some(T0),
                "0 * * * *",
                None,
                false,
                T0 + 30_000,
                Ok((T0, None, NO)),
            ),
            (
                T0,
                Some(T0 + 30 * M),
                "*/5 * * * *",
                None,
                false,
                T0 + 31 * M,
                Ok((T0 + 30 * M, None, NO)),
            ),
            (
                T0,
                Some(T0 + 30 * M),
                "*/5 * * * *",
                Some(60),
                false,
                T0 + 31 * M,
                Ok((T0 + 30 * M, None, NO)),
            ),
            (
                T0,
                Some(T0 + 30 * M),
                "*/5 * * * *",
                Some(60),
                true,
                T0 + 32 * M,
                Ok((T0 + 31 * M, None, NO)),
            ),
        ];
        for (i, (created, last, schedule, sds, include, now, want)) in table.iter().enumerate() {
            let s = parse_standard(schedule).unwrap();
            let got =
                most_recent_schedule_time(&cj(*created, *last, schedule, *sds), *now, &s, *include)
                    .map_err(|_| ());
            assert_eq!(got, *want, "row {} ({schedule})", i + 1);
        }
    }

    /// utils_test.go TestNextScheduleTimeDuration.
    #[test]
    fn next_schedule_durations_match_upstream() {
        let d = NEXT_SCHEDULE_DELTA_MS;
        let table = [
            (
                "30 6-16/4 * * 1-5",
                Some(T0 + 30 * M),
                T0 + 24 * H + 31 * M,
                3 * H + 59 * M + d,
            ),
            (
                "30 10,11,12 * * 1-5",
                Some(T0 + 30 * M),
                T0 + 30 * H + 30 * M,
                66 * H + d,
            ),
            (
                "0 12 * * 4",
                Some(T0 + 2 * H),
                T0 + 19 * 24 * H + H + 30 * M,
                48 * H + 30 * M + d,
            ),
            ("0 12 * * 5", None, T0 + 6 * H, 20 * H + d),
        ];
        for (schedule, last, now, want) in table {
            let s = parse_standard(schedule).unwrap();
            assert_eq!(
                next_schedule_duration(&cj(T0, last, schedule, None), now, &s),
                want,
                "{schedule}"
            );
        }
    }

    #[test]
    fn job_names_and_scheduled_annotations() {
        // 2025-01-01T00:00:00Z is Unix minute 28928160.
        let t = 1_735_689_600_000;
        assert_eq!(job_name("hello", t), "hello-28928160");
        assert_eq!(rfc3339_in(&Zone::Local, t / 1000), "2025-01-01T00:00:00Z");
        let ny = Zone::load("America/New_York").unwrap();
        assert_eq!(rfc3339_in(&ny, t / 1000), "2024-12-31T19:00:00-05:00");
        let mut c = cj(T0, None, "* * * * *", None);
        c.metadata.uid = Some("u1".into());
        let j = job_from_template(&c, t);
        assert_eq!(j.metadata.name.as_deref(), Some("mycronjob-28928160"));
        let owner = &j.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(
            (owner.controller, owner.block_owner_deletion),
            (Some(true), Some(true))
        );
        assert_eq!(j.metadata.annotations.as_ref().unwrap().len(), 1);
    }

    /// utils_test.go TestByJobStartTime.
    #[test]
    fn jobs_sort_by_start_time_then_name() {
        let job = |name: &str, start: Option<i64>| Job {
            metadata: ObjectMeta {
                name: Some(name.into()),
                ..Default::default()
            },
            status: start.map(|s| k8s_openapi::api::batch::v1::JobStatus {
                start_time: Some(Time(
                    k8s_openapi::jiff::Timestamp::from_millisecond(s).unwrap(),
                )),
                ..Default::default()
            }),
            ..Default::default()
        };
        use std::cmp::Ordering::*;
        assert_eq!(by_start_time(&job("a", None), &job("b", None)), Less);
        assert_eq!(by_start_time(&job("a", None), &job("b", Some(T0))), Greater);
        assert_eq!(by_start_time(&job("a", Some(T0)), &job("b", None)), Less);
        assert_eq!(
            by_start_time(&job("a", Some(T0)), &job("b", Some(T0))),
            Less
        );
        assert_eq!(
            by_start_time(&job("a", Some(T0 + H)), &job("b", Some(T0))),
            Greater
        );
    }

    #[test]
    fn every_cronjob_explanation_renders_in_both_languages() {
        let all = [
            CronWhy::Created {
                job: "hello-1".into(),
                at: SimTime(0),
                policy: "Allow".into(),
            },
            CronWhy::NotYet {
                next: Some(SimTime(60_000)),
            },
            CronWhy::NotYet { next: None },
            CronWhy::Forbidden {
                job: "hello-1".into(),
                running: 1,
            },
            CronWhy::Replaced {
                job: "hello-1".into(),
            },
            CronWhy::SawCompleted {
                job: "hello-1".into(),
                condition: "Complete",
            },
            CronWhy::HistoryLimit {
                job: "hello-1".into(),
                kept: 3,
                successful: true,
            },
            CronWhy::HistoryLimit {
                job: "hello-1".into(),
                kept: 1,
                successful: false,
            },
            CronWhy::Suspended,
        ];
        check_all(
            &all,
            |w| match w {
                CronWhy::Created { .. } => 0,
                CronWhy::NotYet { .. } => 1,
                CronWhy::Forbidden { .. } => 2,
                CronWhy::Replaced { .. } => 3,
                CronWhy::SawCompleted { .. } => 4,
                CronWhy::HistoryLimit { .. } => 5,
                CronWhy::Suspended => 6,
            },
            7,
        );
    }
}

//! `progress.go`: the Progressing condition, progress deadlines, and pause conditions.
//! The arithmetic lives in `util` (table-tested); this file applies it through the API.

use k8s_openapi::api::apps::v1::ReplicaSet;

use super::Ctx;
use super::sync::update_deployment_status;
use super::util;
use super::why::DeploymentWhy;
use crate::runtime::Runtime;
use crate::runtime::api::ApiError;
use crate::runtime::step::StepCtx;

/// `checkPausedConditions`: Progressing Unknown DeploymentPaused / DeploymentResumed.
pub(crate) fn check_paused_conditions(c: &mut Runtime, cx: &mut StepCtx, ctx: &mut Ctx) {
    let Some(status) = util::paused_condition_update(&ctx.d, c.now) else {
        return;
    };
    let paused = ctx.d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
    let mut d = ctx.d.clone();
    d.status = Some(status);
    if update_deployment_status(c, cx, ctx, d).is_ok() {
        cx.say(if paused {
            DeploymentWhy::Paused
        } else {
            DeploymentWhy::Resumed
        });
    }
}

/// `syncRolloutStatus`: status plus the Progressing condition and deadline bookkeeping.
pub(crate) fn sync_rollout_status(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    new: Option<&ReplicaSet>,
) -> Result<(), ApiError> {
    let all: Vec<&ReplicaSet> = ctx.rss.iter().collect();
    let status = util::rollout_status(&ctx.d, &all, new, c.now);
    let key = format!(
        "{}/{}",
        ctx.d.metadata.namespace.as_deref().unwrap_or("default"),
        ctx.name()
    );
    let timed_out = |s: &k8s_openapi::api::apps::v1::DeploymentStatus| {
        util::get_deployment_condition(s, util::CONDITION_PROGRESSING)
            .is_some_and(|c| c.reason.as_deref() == Some(util::TIMED_OUT_REASON))
    };
    let newly_timed_out = timed_out(&status) && !ctx.d.status.as_ref().is_some_and(timed_out);
    // A rollout that completed (NewReplicaSetAvailable) never times out (DeploymentTimedOut),
    // so the deadline check of a Deployment that merely lost available pods changes
    // nothing: a routine timer, which `settle` does not wait for.
    let routine = util::get_deployment_condition(&status, util::CONDITION_PROGRESSING)
        .is_some_and(|c| c.reason.as_deref() == Some(util::NEW_RS_AVAILABLE_REASON));
    // requeueStuckDeployment: look again when the deadline would pass.
    if ctx.d.status.as_ref() == Some(&status) {
        match util::requeue_stuck_after(&ctx.d, &status, c.now) {
            // "now, rate-limited" (`enqueueRateLimited`), or after the deadline.
            Some(0) => c.add_rate_limited(super::work(c, key)),
            Some(ms) => c.add_timer(c.now.plus(ms), super::work(c, key), routine),
            None => c.cancel_timer(&super::work(c, key)),
        }
        return Ok(());
    }
    if util::deployment_complete(&ctx.d, &status) {
        c.cancel_timer(&super::work(c, key));
    } else if let Some(p) = util::get_deployment_condition(&status, util::CONDITION_PROGRESSING)
        && p.reason.as_deref() != Some(util::TIMED_OUT_REASON)
        && let Some(t) = &p.last_update_time
    {
        let secs = ctx
            .d
            .spec
            .as_ref()
            .and_then(|s| s.progress_deadline_seconds)
            .unwrap_or(600) as i64;
        let at = crate::time::SimTime::from_k8s(t).plus(secs * 1000 + 1000);
        c.add_timer(at, super::work(c, key), routine);
    }
    let mut d = ctx.d.clone();
    d.status = Some(status);
    update_deployment_status(c, cx, ctx, d)?;
    if newly_timed_out {
        cx.say(DeploymentWhy::DeadlineExceeded { name: ctx.name() });
    } else if cx.why.is_empty() {
        let s = ctx.d.status.clone().unwrap_or_default();
        cx.say(DeploymentWhy::Status {
            name: ctx.name(),
            replicas: s.replicas.unwrap_or(0),
            updated: s.updated_replicas.unwrap_or(0),
            ready: Some(s.ready_replicas.unwrap_or(0)),
            available: s.available_replicas.unwrap_or(0),
        });
    }
    Ok(())
}

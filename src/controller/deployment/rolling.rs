//! `rolling.go`: the RollingUpdate strategy.

use k8s_openapi::api::apps::v1::ReplicaSet;

use super::progress::sync_rollout_status;
use super::sync::{cleanup, get_new_replica_set, scale_replica_set_and_record_event, split};
use super::util;
use super::why::DeploymentWhy;
use super::{Ctx, d_replicas, rs_name, spec_replicas};
use crate::runtime::Runtime;
use crate::runtime::step::StepCtx;

/// `rolloutRolling`.
pub(crate) fn rollout_rolling(c: &mut Runtime, cx: &mut StepCtx, ctx: &mut Ctx) {
    let Ok(new) = get_new_replica_set(c, cx, ctx, true) else {
        return;
    };
    let (_, old) = split(ctx);
    // Scale up, if we can.
    if let Some(new) = &new {
        match reconcile_new_replica_set(c, cx, ctx, new) {
            Ok(true) => {
                let (new, _) = split(ctx);
                let _ = sync_rollout_status(c, cx, ctx, new.as_ref());
                return;
            }
            Ok(false) => {}
            Err(_) => return,
        }
    }
    // Scale down, if we can.
    let (new, _) = split(ctx);
    let active_old: Vec<ReplicaSet> = old
        .iter()
        .filter(|r| spec_replicas(r) > 0)
        .cloned()
        .collect();
    if !active_old.is_empty() {
        let all: Vec<&ReplicaSet> = ctx.rss.iter().collect();
        let old_refs: Vec<&ReplicaSet> = active_old.iter().collect();
        let Some(new_rs) = new.as_ref() else { return };
        let (ops, explanation) =
            util::reconcile_old_replica_sets_plan(&ctx.d, &all, &old_refs, new_rs);
        let mut scaled = false;
        for (name, size) in &ops {
            let Some(rs) = ctx.rss.iter().find(|r| &rs_name(r) == name).cloned() else {
                continue;
            };
            match scale_replica_set_and_record_event(c, cx, ctx, &rs, *size) {
                Ok(ch) => scaled |= ch,
                Err(_) => return,
            }
        }
        if scaled {
            cx.say(DeploymentWhy::OldScaledDown(explanation));
            let (new, _) = split(ctx);
            let _ = sync_rollout_status(c, cx, ctx, new.as_ref());
            return;
        }
    }
    let (new, old) = split(ctx);
    if util::deployment_complete(
        &ctx.d,
        &super::sync::calculate_status(ctx, new.as_ref(), c.now),
    ) {
        cleanup(c, cx, ctx, &old);
    }
    let (new, _) = split(ctx);
    let _ = sync_rollout_status(c, cx, ctx, new.as_ref());
}

/// `reconcileNewReplicaSet`: scale the new RS toward spec.replicas within maxSurge.
fn reconcile_new_replica_set(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    new: &ReplicaSet,
) -> Result<bool, crate::runtime::api::ApiError> {
    let want = d_replicas(&ctx.d);
    let cur = spec_replicas(new);
    if cur == want {
        return Ok(false);
    }
    if cur > want {
        let ch = scale_replica_set_and_record_event(c, cx, ctx, new, want)?;
        cx.say(DeploymentWhy::NewScaledDown {
            rs: rs_name(new),
            has: cur,
            want,
        });
        return Ok(ch);
    }
    let all: Vec<&ReplicaSet> = ctx.rss.iter().collect();
    let n = util::new_rs_new_replicas(&ctx.d, &all, new)
        .map_err(crate::runtime::api::ApiError::BadRequest)?;
    let total: i32 = ctx.rss.iter().map(spec_replicas).sum();
    let surge = util::max_surge(&ctx.d);
    let ch = scale_replica_set_and_record_event(c, cx, ctx, new, n)?;
    if ch {
        cx.say(DeploymentWhy::ScaledNewUp {
            rs: rs_name(new),
            from: cur,
            to: n,
            surge,
            want,
            total,
        });
    }
    Ok(ch)
}

//! `recreate.go`: the Recreate strategy — scale every old ReplicaSet to zero, wait until no
//! old pod is left, then create the new ReplicaSet at full size.

use k8s_openapi::api::apps::v1::ReplicaSet;

use super::progress::sync_rollout_status;
use super::sync::{cleanup, get_new_replica_set, scale_replica_set_and_record_event, split};
use super::util;
use super::why::DeploymentWhy;
use super::{Ctx, d_replicas, rs_name, spec_replicas};
use crate::object::Kind;
use crate::runtime::Runtime;
use crate::runtime::step::StepCtx;

/// `rolloutRecreate`.
pub(crate) fn rollout_recreate(c: &mut Runtime, cx: &mut StepCtx, ctx: &mut Ctx) {
    let Ok(new) = get_new_replica_set(c, cx, ctx, false) else {
        return;
    };
    let (_, old) = split(ctx);
    // Scale down old replica sets.
    let mut scaled = false;
    let mut names = vec![];
    for rs in old.iter().filter(|r| spec_replicas(r) > 0) {
        match scale_replica_set_and_record_event(c, cx, ctx, rs, 0) {
            Ok(true) => {
                scaled = true;
                names.push(rs_name(rs));
            }
            Ok(false) => {}
            Err(_) => return,
        }
    }
    if scaled {
        cx.say(DeploymentWhy::RecreateScaledDown {
            names: names.clone(),
        });
        let (new, _) = split(ctx);
        let _ = sync_rollout_status(c, cx, ctx, new.as_ref());
        return;
    }
    // Wait for all old pods to be gone (terminating pods still count).
    if old_pods_running(c, ctx, new.as_ref(), &old) {
        let (new, _) = split(ctx);
        let _ = sync_rollout_status(c, cx, ctx, new.as_ref());
        if cx.why.is_empty() && cx.did_something() {
            cx.say(DeploymentWhy::RecreateWaiting);
        }
        return;
    }
    // Create the new RS at full size (NewRSNewReplicas = spec.replicas for Recreate).
    let new = match new {
        Some(n) => Some(n),
        None => match get_new_replica_set(c, cx, ctx, true) {
            Ok(n) => n,
            Err(_) => return,
        },
    };
    if let Some(new) = &new {
        let want = d_replicas(&ctx.d);
        if spec_replicas(new) != want {
            let from = spec_replicas(new);
            if scale_replica_set_and_record_event(c, cx, ctx, new, want).is_err() {
                return;
            }
            cx.say(DeploymentWhy::RecreateScaledUp {
                rs: rs_name(new),
                from,
                to: want,
            });
        }
    }
    let (new, old) = split(ctx);
    if util::deployment_complete(
        &ctx.d,
        &super::sync::calculate_status(ctx, new.as_ref(), c.now),
    ) {
        cleanup(c, cx, ctx, &old);
    }
    let _ = sync_rollout_status(c, cx, ctx, new.as_ref());
}

/// `oldPodsRunning`: any old RS still reporting pods, or any pod outside the new RS in a
/// phase other than Succeeded/Failed.
fn old_pods_running(c: &Runtime, ctx: &Ctx, new: Option<&ReplicaSet>, old: &[ReplicaSet]) -> bool {
    if old
        .iter()
        .any(|r| r.status.as_ref().map(|s| s.replicas).unwrap_or(0) > 0)
    {
        return true;
    }
    let new_uid = new.and_then(|n| n.metadata.uid.clone());
    for rs in &ctx.rss {
        if rs.metadata.uid == new_uid {
            continue;
        }
        let uid = rs.metadata.uid.clone().unwrap_or_default();
        for k in c.idx.controlled_by(&uid, Kind::Pod) {
            if let Some(p) = c.store.get_obj(&k).and_then(|o| o.as_pod()) {
                let phase = p
                    .status
                    .as_ref()
                    .and_then(|s| s.phase.as_deref())
                    .unwrap_or("");
                if phase != "Succeeded" && phase != "Failed" {
                    return true;
                }
            }
        }
    }
    false
}

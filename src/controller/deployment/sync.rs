//! `sync.go`: finding or creating the new ReplicaSet, scaling (proportional), history
//! cleanup, and status.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DeploymentStatus, ReplicaSet, ReplicaSetSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::util;
use super::why::{DeploymentWhy, SurgeRoom};
use super::{Ctx, d_replicas, event, rs_name, spec_replicas};
use crate::object::{Kind, ObjKey, Object};
use crate::profile::Profile;
use crate::runtime::Runtime;
use crate::runtime::api::ApiError;
use crate::runtime::step::StepCtx;

pub(crate) const POD_TEMPLATE_HASH: &str = "pod-template-hash";

/// Is any active ReplicaSet's desired-replicas annotation different from spec.replicas?
pub(crate) fn is_scaling_event(ctx: &Ctx) -> bool {
    let want = d_replicas(&ctx.d);
    ctx.rss.iter().filter(|r| spec_replicas(r) > 0).any(|rs| {
        rs.metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(util::DESIRED_REPLICAS_ANNOTATION))
            .and_then(|v| v.parse::<i32>().ok())
            .is_some_and(|v| v != want)
    })
}

/// Split the owned ReplicaSets into (new, old).
pub(crate) fn split(ctx: &Ctx) -> (Option<ReplicaSet>, Vec<ReplicaSet>) {
    let refs: Vec<&ReplicaSet> = ctx.rss.iter().collect();
    let new_idx = util::find_new_replica_set(&ctx.d, &refs);
    let new = new_idx.map(|i| ctx.rss[i].clone());
    let old = ctx
        .rss
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != new_idx)
        .map(|(_, r)| r.clone())
        .collect();
    (new, old)
}

fn scaling_message(profile: Profile, rs: &str, from: i32, to: i32) -> String {
    let dir = if to > from { "up" } else { "down" };
    match profile {
        Profile::V1_32 => format!("Scaled {} replica set {} from {} to {}", dir, rs, from, to),
        Profile::V1_26 => format!("Scaled {} replica set {} to {}", dir, rs, to),
    }
}

/// `scaleReplicaSet`: set spec.replicas and the desired/max annotations; event when the
/// size changed. Returns whether the size changed.
pub(crate) fn scale_replica_set(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    rs: &ReplicaSet,
    new_size: i32,
) -> Result<bool, ApiError> {
    scale_replica_set_inner(c, cx, ctx, rs, new_size, true)
}

/// `scaleReplicaSetAndRecordEvent` (the rollout paths): nothing at all when the size is
/// already right — unlike `scaleReplicaSet`, which also refreshes the annotations.
pub(crate) fn scale_replica_set_and_record_event(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    rs: &ReplicaSet,
    new_size: i32,
) -> Result<bool, ApiError> {
    if spec_replicas(rs) == new_size {
        return Ok(false);
    }
    scale_replica_set_inner(c, cx, ctx, rs, new_size, false)
}

fn scale_replica_set_inner(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    rs: &ReplicaSet,
    new_size: i32,
    _refresh_annotations: bool,
) -> Result<bool, ApiError> {
    let old_size = spec_replicas(rs);
    let size_changed = old_size != new_size;
    let want = d_replicas(&ctx.d);
    let max = want + util::max_surge(&ctx.d);
    let mut n = rs.clone();
    let ann_changed = util::set_replicas_annotations(&mut n, want, max);
    if !size_changed && !ann_changed {
        return Ok(false);
    }
    if let Some(s) = n.spec.as_mut() {
        s.replicas = Some(new_size);
    }
    let stored = c.api_update(cx, Object::from(n), false, false)?;
    if let Some(updated) = stored.as_replicaset() {
        for r in ctx.rss.iter_mut() {
            if r.metadata.name == updated.metadata.name {
                *r = updated.clone();
            }
        }
    }
    if size_changed {
        let msg = scaling_message(c.profile, &rs_name(rs), old_size, new_size);
        event(cx, &ctx.d_obj, "Normal", "ScalingReplicaSet", msg);
    }
    Ok(size_changed)
}

/// `getNewReplicaSet`: the RS whose template matches the Deployment's, updating its
/// annotations; or, with `create`, a new one sized by `NewRSNewReplicas`.
pub(crate) fn get_new_replica_set(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    create: bool,
) -> Result<Option<ReplicaSet>, ApiError> {
    let (existing, old) = split(ctx);
    let old_refs: Vec<&ReplicaSet> = old.iter().collect();
    let max_old = util::max_revision(&old_refs);
    let new_revision = (max_old + 1).to_string();
    if let Some(existing) = existing {
        let mut rs = existing.clone();
        let ann = util::set_new_replica_set_annotations(&ctx.d, &mut rs, &new_revision, true, 2000);
        let d_min = ctx.d.spec.as_ref().and_then(|s| s.min_ready_seconds);
        let min_changed = rs.spec.as_ref().and_then(|s| s.min_ready_seconds) != d_min;
        if ann || min_changed {
            if let Some(s) = rs.spec.as_mut() {
                s.min_ready_seconds = d_min;
            }
            let stored = c.api_update(cx, Object::from(rs), false, false)?;
            let updated = stored.as_replicaset().cloned();
            if let Some(u) = &updated {
                for r in ctx.rss.iter_mut() {
                    if r.metadata.name == u.metadata.name {
                        *r = u.clone();
                    }
                }
                cx.say(DeploymentWhy::RevisionSet {
                    rs: rs_name(u),
                    revision: util::revision(u),
                });
            }
            return Ok(updated);
        }
        // The Deployment's revision follows the new RS's.
        let rev = existing
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(util::REVISION_ANNOTATION))
            .cloned()
            .unwrap_or_default();
        let mut d = ctx.d.clone();
        let mut needs = util::set_deployment_revision(&mut d, &rev);
        if util::has_progress_deadline(&d)
            && d.status
                .as_ref()
                .and_then(|s| util::get_deployment_condition(s, "Progressing"))
                .is_none()
        {
            let cond = util::new_deployment_condition(
                "Progressing",
                "True",
                util::FOUND_NEW_RS_REASON,
                &format!("Found new replica set {:?}", rs_name(&existing)),
                c.now,
            );
            util::set_deployment_condition(d.status.get_or_insert_with(Default::default), cond);
            needs = true;
        }
        if needs {
            update_deployment_status(c, cx, ctx, d)?;
        }
        return Ok(Some(existing));
    }
    if !create {
        return Ok(None);
    }
    // Create a new ReplicaSet.
    let collision = ctx.d.status.as_ref().and_then(|s| s.collision_count);
    let spec = ctx.d.spec.clone().unwrap_or_default();
    let hash = util::compute_hash(&spec.template, collision);
    let mut template = spec.template.clone();
    template
        .metadata
        .get_or_insert_with(Default::default)
        .labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH.into(), hash.clone());
    let mut selector = spec.selector.clone();
    selector
        .match_labels
        .get_or_insert_with(BTreeMap::new)
        .insert(POD_TEMPLATE_HASH.into(), hash.clone());
    let d_name = ctx.name();
    let mut new_rs = ReplicaSet {
        metadata: ObjectMeta {
            name: Some(format!("{}-{}", d_name, hash)),
            namespace: ctx.d.metadata.namespace.clone(),
            owner_references: Some(vec![crate::podutil::owner_ref(&ctx.d_obj, true)]),
            labels: template.metadata.as_ref().and_then(|m| m.labels.clone()),
            ..Default::default()
        },
        spec: Some(ReplicaSetSpec {
            replicas: Some(0),
            min_ready_seconds: spec.min_ready_seconds,
            selector,
            template: Some(template),
        }),
        status: None,
    };
    let mut all: Vec<&ReplicaSet> = old.iter().collect();
    all.push(&new_rs);
    let new_count =
        util::new_rs_new_replicas(&ctx.d, &all, &new_rs).map_err(ApiError::BadRequest)?;
    if let Some(s) = new_rs.spec.as_mut() {
        s.replicas = Some(new_count);
    }
    util::set_new_replica_set_annotations(&ctx.d, &mut new_rs, &new_revision, false, 2000);
    let name = rs_name(&new_rs);
    let created = match c.api_create(cx, Object::from(new_rs.clone()), false) {
        Ok(o) => o.as_replicaset().cloned(),
        Err(ApiError::AlreadyExists { .. }) => {
            // Hash collision or a stale cache (sync.go): reuse it if it is ours and equal.
            let ours = c
                .get(
                    Kind::ReplicaSet,
                    &ctx.d.metadata.namespace.clone().unwrap_or_default(),
                    &name,
                )
                .and_then(|o| o.as_replicaset().cloned())
                .filter(|rs| {
                    crate::podutil::controller_of(&Object::from(rs.clone()))
                        .is_some_and(|r| Some(&r.uid) == ctx.d.metadata.uid.as_ref())
                        && util::equal_ignore_hash(
                            rs.spec
                                .as_ref()
                                .and_then(|s| s.template.as_ref())
                                .unwrap_or(&Default::default()),
                            &spec.template,
                        )
                });
            if ours.is_some() {
                return Ok(ours);
            }
            let mut d = ctx.d.clone();
            let st = d.status.get_or_insert_with(Default::default);
            st.collision_count = Some(st.collision_count.unwrap_or(0) + 1);
            update_deployment_status(c, cx, ctx, d)?;
            cx.say(DeploymentWhy::HashCollision { name: name.clone() });
            return Ok(None);
        }
        Err(e) => {
            let msg = format!(
                "Failed to create new replica set {:?}: {}",
                name,
                e.kubectl()
            );
            event(
                cx,
                &ctx.d_obj,
                "Warning",
                "ReplicaSetCreateError",
                msg.clone(),
            );
            if util::has_progress_deadline(&ctx.d) {
                let mut d = ctx.d.clone();
                let cond = util::new_deployment_condition(
                    "Progressing",
                    "False",
                    util::FAILED_RS_CREATE_REASON,
                    &msg,
                    c.now,
                );
                util::set_deployment_condition(d.status.get_or_insert_with(Default::default), cond);
                update_deployment_status(c, cx, ctx, d)?;
            }
            return Err(e);
        }
    };
    let Some(created) = created else {
        return Ok(None);
    };
    ctx.rss.push(created.clone());
    if new_count > 0 {
        let msg = match c.profile {
            Profile::V1_32 => format!("Scaled up replica set {} from 0 to {}", name, new_count),
            Profile::V1_26 => format!("Scaled up replica set {} to {}", name, new_count),
        };
        event(cx, &ctx.d_obj, "Normal", "ScalingReplicaSet", msg);
    }
    let surge = util::max_surge(&ctx.d);
    cx.say(DeploymentWhy::CreatedReplicaSet {
        name: name.clone(),
        hash: hash.clone(),
        revision: new_revision.clone(),
        replicas: new_count,
        surge: util::is_rolling_update(&ctx.d).then(|| SurgeRoom {
            surge,
            replicas: d_replicas(&ctx.d),
        }),
    });
    let mut d = ctx.d.clone();
    let mut needs = util::set_deployment_revision(&mut d, &new_revision);
    if util::has_progress_deadline(&d) {
        let cond = util::new_deployment_condition(
            "Progressing",
            "True",
            util::NEW_REPLICA_SET_REASON,
            &format!("Created new replica set {:?}", name),
            c.now,
        );
        util::set_deployment_condition(d.status.get_or_insert_with(Default::default), cond);
        needs = true;
    }
    if needs {
        update_deployment_status(c, cx, ctx, d)?;
    }
    Ok(Some(created))
}

/// Write the Deployment's status (and revision annotation) through the status subresource.
pub(crate) fn update_deployment_status(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    d: k8s_openapi::api::apps::v1::Deployment,
) -> Result<(), ApiError> {
    let stored = c.api_update_status(cx, Object::from(d))?;
    if let Some(nd) = stored.as_deployment() {
        ctx.d = nd.clone();
        ctx.d_obj = stored.clone();
    }
    Ok(())
}

/// `sync`: scale (for scaling events and paused Deployments), clean up, update status.
pub(crate) fn sync(c: &mut Runtime, cx: &mut StepCtx, ctx: &mut Ctx) {
    let new = match get_new_replica_set(c, cx, ctx, false) {
        Ok(n) => n,
        Err(_) => return,
    };
    let (_, old) = split(ctx);
    if scale(c, cx, ctx, new.as_ref(), &old).is_err() {
        return;
    }
    let paused = ctx.d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
    let (new, old) = split(ctx);
    if paused && let Some(n) = &new {
        // Paused: clean up only when there is no rollback pending.
        let _ = n;
        cleanup(c, cx, ctx, &old);
    }
    let _ = sync_deployment_status(c, cx, ctx, new.as_ref());
}

/// `scale`: proportional scaling of all active ReplicaSets.
pub(crate) fn scale(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    new: Option<&ReplicaSet>,
    old: &[ReplicaSet],
) -> Result<(), ApiError> {
    let old_refs: Vec<&ReplicaSet> = old.iter().collect();
    let calls = util::plan_scale_calls(&ctx.d, new, &old_refs);
    let want = d_replicas(&ctx.d);
    let surge = util::max_surge(&ctx.d);
    let mut changes = vec![];
    for (name, size) in &calls {
        let Some(rs) = ctx.rss.iter().find(|r| &rs_name(r) == name).cloned() else {
            continue;
        };
        let from = spec_replicas(&rs);
        if scale_replica_set(c, cx, ctx, &rs, *size)? {
            changes.push((name.clone(), from, *size));
        }
    }
    if !changes.is_empty() {
        cx.say(DeploymentWhy::ScaledProportionally {
            want,
            surge,
            changes,
        });
    }
    Ok(())
}

/// `cleanupDeployment`: delete old, idle ReplicaSets beyond revisionHistoryLimit.
pub(crate) fn cleanup(c: &mut Runtime, cx: &mut StepCtx, ctx: &mut Ctx, old: &[ReplicaSet]) {
    let refs: Vec<&ReplicaSet> = old.iter().collect();
    let victims = util::cleanup_plan(&ctx.d, &refs);
    for name in victims {
        let key = ObjKey::new(
            Kind::ReplicaSet,
            ctx.d.metadata.namespace.as_deref().unwrap_or(""),
            &name,
        );
        if c.api_delete(cx, &key, Default::default()).is_ok() {
            cx.say(DeploymentWhy::DeletedOldReplicaSet {
                name: name.clone(),
                limit: ctx
                    .d
                    .spec
                    .as_ref()
                    .and_then(|s| s.revision_history_limit)
                    .unwrap_or(10),
            });
            ctx.rss.retain(|r| rs_name(r) != name);
        }
    }
}

/// `calculateStatus` (arithmetic in `util::calculate_status`).
pub(crate) fn calculate_status(
    ctx: &Ctx,
    new: Option<&ReplicaSet>,
    now: crate::time::SimTime,
) -> DeploymentStatus {
    let all: Vec<&ReplicaSet> = ctx.rss.iter().collect();
    util::calculate_status(&all, new, &ctx.d, now)
}

/// `syncDeploymentStatus`: write the calculated status when it differs.
pub(crate) fn sync_deployment_status(
    c: &mut Runtime,
    cx: &mut StepCtx,
    ctx: &mut Ctx,
    new: Option<&ReplicaSet>,
) -> Result<(), ApiError> {
    let status = calculate_status(ctx, new, c.now);
    if ctx.d.status.as_ref() == Some(&status) {
        return Ok(());
    }
    let mut d = ctx.d.clone();
    d.status = Some(status);
    update_deployment_status(c, cx, ctx, d)?;
    if cx.why.is_empty() {
        let s = ctx.d.status.clone().unwrap_or_default();
        cx.say(DeploymentWhy::Status {
            name: ctx.name(),
            replicas: s.replicas.unwrap_or(0),
            updated: s.updated_replicas.unwrap_or(0),
            ready: None,
            available: s.available_replicas.unwrap_or(0),
        });
    }
    Ok(())
}

/// `syncStatusOnly`.
pub(crate) fn sync_status_only(c: &mut Runtime, cx: &mut StepCtx, ctx: &mut Ctx) {
    let new = get_new_replica_set(c, cx, ctx, false).ok().flatten();
    let _ = sync_deployment_status(c, cx, ctx, new.as_ref());
}

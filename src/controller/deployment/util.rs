//! Pure arithmetic and bookkeeping of the Deployment controller.
//!
//! Mirrors `pkg/controller/deployment/util/deployment_util.go` (fenceposts, proportions,
//! revision and replica annotations, conditions, completeness/progress/timeout checks),
//! plus the decision parts of `sync.go` (`scale`, `cleanupDeployment`, `calculateStatus`),
//! `rolling.go` (`reconcileNewReplicaSet`, `reconcileOldReplicaSets`,
//! `cleanupUnhealthyReplicas`, `scaleDownOldReplicaSetsForRollingUpdate`) and `progress.go`
//! (`syncRolloutStatus`, `requeueStuckDeployment`), written as planners: they return the
//! scale calls upstream would issue, in upstream order, and the controller performs them.
//!
//! Conventions: an unset `spec.replicas` counts as 1 and an unset strategy type as
//! `RollingUpdate` (the API server's defaults); unset status counters count as 0.

use crate::sort::StableSort;
use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetCondition,
};
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

use super::why::{ScaleDownRest, ScaleDownWhy};
use crate::controller::replicaset::ranking::go_sort_by;
use crate::rng::{fnv32a, safe_encode};
use crate::time::{Millis, SimTime};

// ---------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------

/// Revision of a Deployment's ReplicaSet (its rollout sequence number).
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
/// Earlier revisions a reused (rolled-back-to) ReplicaSet has served, comma separated.
pub const REVISION_HISTORY_ANNOTATION: &str = "deployment.kubernetes.io/revision-history";
/// `spec.replicas` of the Deployment when the RS was last scaled by the controller.
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
/// `spec.replicas + maxSurge` of the Deployment when the RS was last scaled.
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
/// kubectl's last-applied configuration (never copied to ReplicaSets).
pub const LAST_APPLIED_CONFIG_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";
/// Legacy rollback request annotation (`apps.DeprecatedRollbackTo`).
pub const DEPRECATED_ROLLBACK_TO_ANNOTATION: &str = "deprecated.deployment.rollback.to";
/// `apps.DefaultDeploymentUniqueLabelKey`.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";
/// `maxRevHistoryLengthInChars` in `sync.go`.
pub const MAX_REV_HISTORY_LENGTH_IN_CHARS: usize = 2000;

/// Annotations that are never copied from a Deployment to its ReplicaSets (`annotationsToSkip`).
pub const ANNOTATIONS_TO_SKIP: [&str; 6] = [
    LAST_APPLIED_CONFIG_ANNOTATION,
    REVISION_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    DEPRECATED_ROLLBACK_TO_ANNOTATION,
];

/// Condition type `Available`.
pub const CONDITION_AVAILABLE: &str = "Available";
/// Condition type `Progressing`.
pub const CONDITION_PROGRESSING: &str = "Progressing";
/// Condition type `ReplicaFailure`.
pub const CONDITION_REPLICA_FAILURE: &str = "ReplicaFailure";

/// Progressing reason: a replica set was scaled as part of the rollout.
pub const REPLICA_SET_UPDATED_REASON: &str = "ReplicaSetUpdated";
/// Progressing reason: creating the new replica set failed.
pub const FAILED_RS_CREATE_REASON: &str = "ReplicaSetCreateError";
/// Progressing reason: the new replica set was created.
pub const NEW_REPLICA_SET_REASON: &str = "NewReplicaSetCreated";
/// Progressing reason: an existing replica set matches the template.
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
/// Progressing reason: the rollout completed.
pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
/// Progressing reason: no progress within progressDeadlineSeconds.
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
/// Progressing reason while paused.
pub const PAUSED_DEPLOY_REASON: &str = "DeploymentPaused";
/// Progressing reason after resume.
pub const RESUMED_DEPLOY_REASON: &str = "DeploymentResumed";
/// Available reason: enough replicas available.
pub const MINIMUM_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
/// Available reason: too few replicas available.
pub const MINIMUM_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";

/// Message of Available=True.
pub const MSG_MIN_AVAILABLE: &str = "Deployment has minimum availability.";
/// Message of Available=False.
pub const MSG_MIN_UNAVAILABLE: &str = "Deployment does not have minimum availability.";
/// Message of Progressing=Unknown DeploymentPaused.
pub const MSG_PAUSED: &str = "Deployment is paused";
/// Message of Progressing=Unknown DeploymentResumed.
pub const MSG_RESUMED: &str = "Deployment is resumed";

/// Event reason of every scale of a ReplicaSet by the deployment controller.
pub const SCALING_REPLICA_SET_REASON: &str = "ScalingReplicaSet";

// ---------------------------------------------------------------------------------------
// Small accessors
// ---------------------------------------------------------------------------------------

fn d_replicas(d: &Deployment) -> i32 {
    d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

fn rs_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

fn rs_name(rs: &ReplicaSet) -> &str {
    rs.metadata.name.as_deref().unwrap_or("")
}

fn rs_status_replicas(rs: &ReplicaSet) -> i32 {
    rs.status.as_ref().map(|s| s.replicas).unwrap_or(0)
}

fn rs_available(rs: &ReplicaSet) -> i32 {
    rs.status
        .as_ref()
        .and_then(|s| s.available_replicas)
        .unwrap_or(0)
}

fn rs_ready(rs: &ReplicaSet) -> i32 {
    rs.status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0)
}

fn created(rs: &ReplicaSet) -> Option<SimTime> {
    rs.metadata
        .creation_timestamp
        .as_ref()
        .map(SimTime::from_k8s)
}

fn annotation<'a>(rs: &'a ReplicaSet, key: &str) -> Option<&'a str> {
    rs.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(key))
        .map(String::as_str)
}

fn status_of(d: &Deployment) -> DeploymentStatus {
    d.status.clone().unwrap_or_default()
}

fn n(v: Option<i32>) -> i32 {
    v.unwrap_or(0)
}

/// Go `omitempty` for status counters: 0 is written as absent.
fn nz(v: i32) -> Option<i32> {
    if v == 0 { None } else { Some(v) }
}

/// Go `strconv.Quote` (one implementation, in `apiserver::validation`).
pub use crate::apiserver::validation::go_quote;

/// `controller.ReplicaSetsByCreationTimestamp.Less`: older first, ties by name.
pub fn rs_created_before(a: &ReplicaSet, b: &ReplicaSet) -> bool {
    let (ta, tb) = (created(a), created(b));
    if ta == tb {
        rs_name(a) < rs_name(b)
    } else {
        ta < tb
    }
}

fn sort_by_creation(v: &mut [&ReplicaSet]) {
    go_sort_by(v, |a, b| rs_created_before(a, b));
}

// ---------------------------------------------------------------------------------------
// Fenceposts
// ---------------------------------------------------------------------------------------

/// `intstr.GetScaledValueFromIntOrPercent`: an int as is, or `"N%"` of `total` rounded up
/// or down. Errors with upstream's texts for nil, non-percent strings and bad numbers.
pub fn get_scaled_value_from_int_or_percent(
    v: Option<&IntOrString>,
    total: i32,
    round_up: bool,
) -> Result<i32, String> {
    let Some(v) = v else {
        return Err("nil value for IntOrString".to_string());
    };
    match v {
        IntOrString::Int(i) => Ok(*i),
        IntOrString::String(s) => {
            let Some(num) = s.strip_suffix('%') else {
                return Err(
                    "invalid value for IntOrString: invalid type: string is not a percentage"
                        .to_string(),
                );
            };
            let p: i64 = num.parse().map_err(|_| {
                format!(
                    "invalid value for IntOrString: invalid value {}: strconv.Atoi: parsing {}: invalid syntax",
                    go_quote(s),
                    go_quote(num)
                )
            })?;
            let prod = p.saturating_mul(i64::from(total));
            let v = if round_up {
                -((-prod).div_euclid(100))
            } else {
                prod.div_euclid(100)
            };
            Ok(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        }
    }
}

/// `ResolveFenceposts`: (maxSurge rounded up, maxUnavailable rounded down) of `desired`;
/// nil counts as 0; if both come out 0, maxUnavailable becomes 1.
/// `"39%"/"39%"` of 10 → (4, 3); `"0%"/"0%"` of 0 → (0, 1).
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let zero = IntOrString::Int(0);
    let surge =
        get_scaled_value_from_int_or_percent(Some(max_surge.unwrap_or(&zero)), desired, true)?;
    let mut unavailable = get_scaled_value_from_int_or_percent(
        Some(max_unavailable.unwrap_or(&zero)),
        desired,
        false,
    )?;
    if surge == 0 && unavailable == 0 {
        // Rounding down can make both zero; then allow one unavailable pod (surge might be
        // blocked by quota).
        unavailable = 1;
    }
    Ok((surge, unavailable))
}

/// `IsRollingUpdate` (an unset type counts as the default, RollingUpdate).
pub fn is_rolling_update(d: &Deployment) -> bool {
    d.spec
        .as_ref()
        .and_then(|s| s.strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        .is_none_or(|t| t == "RollingUpdate")
}

fn rolling_params(d: &Deployment) -> (Option<&IntOrString>, Option<&IntOrString>) {
    let ru = d
        .spec
        .as_ref()
        .and_then(|s| s.strategy.as_ref())
        .and_then(|s| s.rolling_update.as_ref());
    (
        ru.and_then(|r| r.max_surge.as_ref()),
        ru.and_then(|r| r.max_unavailable.as_ref()),
    )
}

/// `MaxUnavailable(d)`: 0 unless RollingUpdate with replicas > 0; else the resolved value
/// clamped to `spec.replicas` (10 replicas, maxUnavailable 10 → 10; 5 replicas → 5).
pub fn max_unavailable(d: &Deployment) -> i32 {
    let replicas = d_replicas(d);
    if !is_rolling_update(d) || replicas == 0 {
        return 0;
    }
    let (s, u) = rolling_params(d);
    // Errors are caught by validation; upstream ignores them (zero values).
    let (_, mu) = resolve_fenceposts(s, u, replicas).unwrap_or((0, 0));
    mu.min(replicas)
}

/// `MinAvailable(d)`: `spec.replicas − MaxUnavailable(d)` for RollingUpdate, else 0.
pub fn min_available(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    d_replicas(d) - max_unavailable(d)
}

/// `MaxSurge(d)`: the resolved maxSurge for RollingUpdate, else 0.
pub fn max_surge(d: &Deployment) -> i32 {
    if !is_rolling_update(d) {
        return 0;
    }
    let (s, u) = rolling_params(d);
    resolve_fenceposts(s, u, d_replicas(d))
        .map(|r| r.0)
        .unwrap_or(0)
}

/// `NewRSNewReplicas`: the size the new RS should have now. RollingUpdate: scale up by at
/// most `replicas + maxSurge − Σ spec.replicas(all)`, never beyond `replicas`
/// (d=1/new=5/surge=1 → 5; d=6/new=2/surge=10 → 6). Recreate: `replicas`.
pub fn new_rs_new_replicas(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> Result<i32, String> {
    let replicas = d_replicas(d);
    let strategy = d
        .spec
        .as_ref()
        .and_then(|s| s.strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate");
    match strategy {
        "RollingUpdate" => {
            let (s, _) = rolling_params(d);
            let surge = get_scaled_value_from_int_or_percent(s, replicas, true)?;
            let current = get_replica_count_for_replica_sets(all_rss);
            let max_total = replicas.saturating_add(surge);
            let new_spec = rs_replicas(new_rs);
            if current >= max_total {
                return Ok(new_spec);
            }
            let up = (max_total - current).min(replicas - new_spec);
            Ok(new_spec + up)
        }
        "Recreate" => Ok(replicas),
        other => Err(format!("deployment type {other} isn't supported")),
    }
}

// ---------------------------------------------------------------------------------------
// Templates: equality and hash
// ---------------------------------------------------------------------------------------

/// Drop nulls, empty arrays and empty objects (bottom-up): the k8s `Semantic.DeepEqual`
/// treats nil and empty slices/maps alike, and unset optional fields serialise as absent.
/// Array elements that vanish are kept as `null` so lengths still count.
fn normalize(v: Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Array(a) => {
            if a.is_empty() {
                return None;
            }
            Some(Value::Array(
                a.into_iter()
                    .map(|x| normalize(x).unwrap_or(Value::Null))
                    .collect(),
            ))
        }
        Value::Object(m) => {
            let m: serde_json::Map<String, Value> = m
                .into_iter()
                .filter_map(|(k, v)| normalize(v).map(|v| (k, v)))
                .collect();
            if m.is_empty() {
                None
            } else {
                Some(Value::Object(m))
            }
        }
        other => Some(other),
    }
}

fn template_value(t: &PodTemplateSpec, drop_hash: bool) -> Option<Value> {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    if drop_hash
        && let Some(labels) = v
            .get_mut("metadata")
            .and_then(|m| m.get_mut("labels"))
            .and_then(Value::as_object_mut)
    {
        labels.remove(POD_TEMPLATE_HASH_LABEL);
    }
    normalize(v)
}

/// `EqualIgnoreHash`: the two templates are semantically equal once the
/// `pod-template-hash` label is removed from both. Nil and empty maps/lists compare equal;
/// quantities compare as written (no canonicalisation).
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    typed_equal_ignore_hash(a, b) || template_value(a, true) == template_value(b, true)
}

/// A cheap sufficient test for [`equal_ignore_hash`]: the same spec and the same metadata
/// once the hash label is dropped, field for field. Equal values serialize equally, so this
/// never says equal where the full test would not; it may miss (an empty list against an
/// unset one), and the full test then decides. A ReplicaSet's template is its Deployment's
/// plus the hash label, so the usual comparison ends here without serializing either.
fn typed_equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    if a.spec != b.spec {
        return false;
    }
    match (&a.metadata, &b.metadata) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            fn unhashed(m: &ObjectMeta) -> Option<Vec<(&String, &String)>> {
                m.labels.as_ref().map(|l| {
                    l.iter()
                        .filter(|(k, _)| k.as_str() != POD_TEMPLATE_HASH_LABEL)
                        .collect()
                })
            }
            unhashed(x) == unhashed(y)
                && ObjectMeta {
                    labels: None,
                    ..x.clone()
                } == ObjectMeta {
                    labels: None,
                    ..y.clone()
                }
        }
        _ => false,
    }
}

fn canonical_write(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.stable_sort();
            out.push(b'{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(Value::String((*k).clone()).to_string().as_bytes());
                out.push(b':');
                if let Some(x) = m.get(*k) {
                    canonical_write(x, out);
                }
            }
            out.push(b'}');
        }
        Value::Array(a) => {
            out.push(b'[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical_write(x, out);
            }
            out.push(b']');
        }
        other => out.extend_from_slice(other.to_string().as_bytes()),
    }
}

/// `controller.ComputeHash`: FNV-32a over a canonical dump of the template (JSON with sorted
/// keys, unset/empty fields dropped — the value cannot equal Go's deep-dump hash), then, if
/// set, the collision count as 8 bytes (uint32 little-endian + 4 zero bytes); the uint32 is
/// printed in decimal and every digit mapped through `SafeEncodeString`, so the result is
/// 1–10 chars from `456789bcdf`.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut bytes = Vec::new();
    if let Some(v) = template_value(template, false) {
        canonical_write(&v, &mut bytes);
    }
    if let Some(c) = collision_count {
        let mut b = [0u8; 8];
        b[..4].copy_from_slice(&(c as u32).to_le_bytes());
        bytes.extend_from_slice(&b);
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

// ---------------------------------------------------------------------------------------
// Revisions and annotations
// ---------------------------------------------------------------------------------------

/// `Revision(rs)`: the revision annotation as int64; absent → Ok(0); unparsable → Err.
pub fn try_revision(rs: &ReplicaSet) -> Result<i64, String> {
    match annotation(rs, REVISION_ANNOTATION) {
        None => Ok(0),
        Some(v) => v
            .parse::<i64>()
            .map_err(|_| format!("strconv.ParseInt: parsing {}: invalid syntax", go_quote(v))),
    }
}

/// The revision annotation, 0 when absent or unparsable.
pub fn revision(rs: &ReplicaSet) -> i64 {
    try_revision(rs).unwrap_or(0)
}

/// `MaxRevision`: highest revision (unparsable ones skipped), 0 for none.
pub fn max_revision(rss: &[&ReplicaSet]) -> i64 {
    rss.iter()
        .filter_map(|rs| try_revision(rs).ok())
        .fold(0, i64::max)
}

/// `LastRevision`: the second-highest revision (what `rollout undo` targets by default).
pub fn last_revision(rss: &[&ReplicaSet]) -> i64 {
    let (mut max, mut sec) = (0i64, 0i64);
    for rs in rss {
        if let Ok(v) = try_revision(rs) {
            if v >= max {
                sec = max;
                max = v;
            } else if v > sec {
                sec = v;
            }
        }
    }
    sec
}

/// `skipCopyAnnotation`.
pub fn skip_copy_annotation(key: &str) -> bool {
    ANNOTATIONS_TO_SKIP.contains(&key)
}

fn copy_deployment_annotations_to_replica_set(d: &Deployment, rs: &mut ReplicaSet) -> bool {
    let mut changed = false;
    let target = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    if let Some(src) = d.metadata.annotations.as_ref() {
        for (k, v) in src {
            if skip_copy_annotation(k) || target.get(k) == Some(v) {
                continue;
            }
            target.insert(k.clone(), v.clone());
            changed = true;
        }
    }
    changed
}

/// `SetNewReplicaSetAnnotations`: copy the Deployment's annotations (minus the skip list),
/// raise the revision to `new_revision` if it is higher (integer compare), remember the
/// replaced revision in `revision-history` (oldest entries dropped to stay within
/// `rev_history_limit_in_chars`), and for a not-yet-created RS (`exists == false`) set
/// desired/max replicas. Returns whether annotations changed. Like upstream it returns
/// false early (keeping copied annotations) if either revision is not an integer.
pub fn set_new_replica_set_annotations(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: &str,
    exists: bool,
    rev_history_limit_in_chars: usize,
) -> bool {
    let mut changed = copy_deployment_annotations_to_replica_set(d, rs);
    let annotations = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    let old_revision = annotations.get(REVISION_ANNOTATION).cloned();
    let had = old_revision.is_some();
    let old_revision = old_revision.unwrap_or_default();
    let old_int = match old_revision.parse::<i64>() {
        Ok(v) => v,
        Err(_) if old_revision.is_empty() => 0,
        Err(_) => return false,
    };
    let Ok(new_int) = new_revision.parse::<i64>() else {
        return false;
    };
    if old_int < new_int {
        annotations.insert(REVISION_ANNOTATION.to_string(), new_revision.to_string());
        changed = true;
    }
    if had && old_int < new_int {
        let history = annotations
            .get(REVISION_HISTORY_ANNOTATION)
            .cloned()
            .unwrap_or_default();
        if history.is_empty() {
            annotations.insert(REVISION_HISTORY_ANNOTATION.to_string(), old_revision);
        } else {
            let parts: Vec<&str> = history.split(',').collect();
            let mut total = history.len() + old_revision.len() + 1;
            let mut start = 0;
            while total > rev_history_limit_in_chars && start < parts.len() {
                total -= parts[start].len() + 1;
                start += 1;
            }
            if total <= rev_history_limit_in_chars {
                let mut kept: Vec<&str> = parts[start..].to_vec();
                kept.push(&old_revision);
                let joined = kept.join(",");
                annotations.insert(REVISION_HISTORY_ANNOTATION.to_string(), joined);
            }
        }
    }
    if !exists {
        let replicas = d_replicas(d);
        if set_replicas_annotations(rs, replicas, replicas.saturating_add(max_surge(d))) {
            changed = true;
        }
    }
    changed
}

/// `SetReplicasAnnotations`: write desired/max replicas; true if either changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let a = rs.metadata.annotations.get_or_insert_with(BTreeMap::new);
    let mut updated = false;
    for (k, v) in [
        (DESIRED_REPLICAS_ANNOTATION, desired.to_string()),
        (MAX_REPLICAS_ANNOTATION, max.to_string()),
    ] {
        if a.get(k) != Some(&v) {
            a.insert(k.to_string(), v);
            updated = true;
        }
    }
    updated
}

/// `ReplicasAnnotationsNeedUpdate`.
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    annotation(rs, DESIRED_REPLICAS_ANNOTATION) != Some(desired.to_string().as_str())
        || annotation(rs, MAX_REPLICAS_ANNOTATION) != Some(max.to_string().as_str())
}

/// The desired/max annotation values a scale by the controller writes now:
/// `(spec.replicas, spec.replicas + MaxSurge(d))`.
pub fn replicas_annotation_values(d: &Deployment) -> (i32, i32) {
    let r = d_replicas(d);
    (r, r.saturating_add(max_surge(d)))
}

fn int_annotation(rs: &ReplicaSet, key: &str) -> Option<i32> {
    annotation(rs, key).and_then(|v| v.parse::<i32>().ok())
}

/// `GetDesiredReplicasAnnotation`.
pub fn get_desired_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    int_annotation(rs, DESIRED_REPLICAS_ANNOTATION)
}

/// `getMaxReplicasAnnotation`.
pub fn get_max_replicas_annotation(rs: &ReplicaSet) -> Option<i32> {
    int_annotation(rs, MAX_REPLICAS_ANNOTATION)
}

/// `SetDeploymentRevision`: true if the Deployment's revision annotation changed.
pub fn set_deployment_revision(d: &mut Deployment, revision: &str) -> bool {
    let a = d.metadata.annotations.get_or_insert_with(BTreeMap::new);
    if a.get(REVISION_ANNOTATION).map(String::as_str) != Some(revision) {
        a.insert(REVISION_ANNOTATION.to_string(), revision.to_string());
        true
    } else {
        false
    }
}

/// `SetDeploymentAnnotationsTo` (rollback): keep only the Deployment's skip-list
/// annotations, then copy every non-skipped annotation of the target RS.
pub fn set_deployment_annotations_to(d: &mut Deployment, rollback_to: &ReplicaSet) {
    let mut a: BTreeMap<String, String> = d
        .metadata
        .annotations
        .take()
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| skip_copy_annotation(k))
        .collect();
    if let Some(src) = rollback_to.metadata.annotations.as_ref() {
        for (k, v) in src {
            if !skip_copy_annotation(k) {
                a.insert(k.clone(), v.clone());
            }
        }
    }
    d.metadata.annotations = Some(a);
}

// ---------------------------------------------------------------------------------------
// Finding and counting ReplicaSets
// ---------------------------------------------------------------------------------------

/// `FindNewReplicaSet`: index (into `rss`) of the RS whose template equals the Deployment's
/// ignoring the hash label; if several do, the oldest (creationTimestamp, then name).
pub fn find_new_replica_set(d: &Deployment, rss: &[&ReplicaSet]) -> Option<usize> {
    let empty = PodTemplateSpec::default();
    let want = d.spec.as_ref().map_or(&empty, |s| &s.template);
    // The Deployment's template as a value, made only if a typed comparison misses.
    let mut want_value = None;
    let mut order: Vec<usize> = (0..rss.len()).collect();
    go_sort_by(&mut order, |a, b| rs_created_before(rss[*a], rss[*b]));
    order.into_iter().find(|&i| {
        let have = rss[i]
            .spec
            .as_ref()
            .and_then(|s| s.template.as_ref())
            .unwrap_or(&empty);
        if d.spec.is_some() && typed_equal_ignore_hash(want, have) {
            return true;
        }
        let want_value = want_value.get_or_insert_with(|| {
            d.spec
                .as_ref()
                .and_then(|s| template_value(&s.template, true))
        });
        template_value(have, true) == *want_value
    })
}

/// `FindOldReplicaSets`: (active old RSes, all old RSes) as indices into `rss`, both in
/// creation order (upstream sorts the list in place while finding the new RS).
pub fn find_old_replica_sets(d: &Deployment, rss: &[&ReplicaSet]) -> (Vec<usize>, Vec<usize>) {
    let new = find_new_replica_set(d, rss);
    let mut order: Vec<usize> = (0..rss.len()).collect();
    go_sort_by(&mut order, |a, b| rs_created_before(rss[*a], rss[*b]));
    let all: Vec<usize> = order.into_iter().filter(|i| Some(*i) != new).collect();
    let required = all
        .iter()
        .copied()
        .filter(|i| rs_replicas(rss[*i]) != 0)
        .collect();
    (required, all)
}

/// `controller.FilterActiveReplicaSets`: those with `spec.replicas > 0`.
pub fn filter_active_replica_sets<'a>(rss: &[&'a ReplicaSet]) -> Vec<&'a ReplicaSet> {
    rss.iter()
        .copied()
        .filter(|rs| rs_replicas(rs) > 0)
        .collect()
}

/// `GetReplicaCountForReplicaSets`: Σ spec.replicas.
pub fn get_replica_count_for_replica_sets(rss: &[&ReplicaSet]) -> i32 {
    rss.iter()
        .map(|rs| rs_replicas(rs))
        .fold(0, i32::saturating_add)
}

/// `GetActualReplicaCountForReplicaSets`: Σ status.replicas.
pub fn get_actual_replica_count_for_replica_sets(rss: &[&ReplicaSet]) -> i32 {
    rss.iter()
        .map(|rs| rs_status_replicas(rs))
        .fold(0, i32::saturating_add)
}

/// `GetReadyReplicaCountForReplicaSets`: Σ status.readyReplicas.
pub fn get_ready_replica_count_for_replica_sets(rss: &[&ReplicaSet]) -> i32 {
    rss.iter()
        .map(|rs| rs_ready(rs))
        .fold(0, i32::saturating_add)
}

/// `GetAvailableReplicaCountForReplicaSets`: Σ status.availableReplicas.
pub fn get_available_replica_count_for_replica_sets(rss: &[&ReplicaSet]) -> i32 {
    rss.iter()
        .map(|rs| rs_available(rs))
        .fold(0, i32::saturating_add)
}

/// `IsSaturated`: the RS has all desired replicas, its desired-replicas annotation agrees,
/// and all of them are available.
pub fn is_saturated(d: &Deployment, rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = rs else { return false };
    let Some(desired) = get_desired_replicas_annotation(rs) else {
        return false;
    };
    let r = d_replicas(d);
    rs_replicas(rs) == r && desired == r && rs_available(rs) == r
}

/// `HasProgressDeadline`: set and not MaxInt32.
pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec
        .as_ref()
        .and_then(|s| s.progress_deadline_seconds)
        .is_some_and(|p| p != i32::MAX)
}

/// `HasRevisionHistoryLimit`: set and not MaxInt32.
pub fn has_revision_history_limit(d: &Deployment) -> bool {
    d.spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .is_some_and(|p| p != i32::MAX)
}

/// `DeploymentComplete`: updated == replicas == available == spec.replicas and
/// observedGeneration ≥ generation.
pub fn deployment_complete(d: &Deployment, new_status: &DeploymentStatus) -> bool {
    let r = d_replicas(d);
    n(new_status.updated_replicas) == r
        && n(new_status.replicas) == r
        && n(new_status.available_replicas) == r
        && new_status.observed_generation.unwrap_or(0) >= d.metadata.generation.unwrap_or(0)
}

/// `DeploymentProgressing`: compared with `d.status`, more updated replicas, fewer old
/// replicas, more ready, or more available.
pub fn deployment_progressing(d: &Deployment, new_status: &DeploymentStatus) -> bool {
    let old = status_of(d);
    let old_old = n(old.replicas) - n(old.updated_replicas);
    let new_old = n(new_status.replicas) - n(new_status.updated_replicas);
    n(new_status.updated_replicas) > n(old.updated_replicas)
        || new_old < old_old
        || n(new_status.ready_replicas) > n(old.ready_replicas)
        || n(new_status.available_replicas) > n(old.available_replicas)
}

/// `DeploymentTimedOut`: with a progress deadline and a Progressing condition in
/// `new_status` that is not `NewReplicaSetAvailable`: already `ProgressDeadlineExceeded`, or
/// `lastUpdateTime + progressDeadlineSeconds` strictly before `now`.
pub fn deployment_timed_out(d: &Deployment, new_status: &DeploymentStatus, now: SimTime) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(c) = get_deployment_condition(new_status, CONDITION_PROGRESSING) else {
        return false;
    };
    match c.reason.as_deref() {
        Some(NEW_RS_AVAILABLE_REASON) => return false,
        Some(TIMED_OUT_REASON) => return true,
        _ => {}
    }
    let pds = d
        .spec
        .as_ref()
        .and_then(|s| s.progress_deadline_seconds)
        .unwrap_or(0);
    let from = c
        .last_update_time
        .as_ref()
        .map(SimTime::from_k8s)
        .unwrap_or(SimTime(i64::MIN / 4));
    from.plus(i64::from(pds) * 1000) < now
}

// ---------------------------------------------------------------------------------------
// Proportional scaling (sync.go: scale)
// ---------------------------------------------------------------------------------------

/// `FindActiveOrLatest`: with at most one active RS among new + old, that RS — or, with
/// none active, the new RS, else the newest old one. `None` when ≥ 2 are active (then the
/// caller scales proportionally).
pub fn find_active_or_latest<'a>(
    new_rs: Option<&'a ReplicaSet>,
    old_rss: &[&'a ReplicaSet],
) -> Option<&'a ReplicaSet> {
    if new_rs.is_none() && old_rss.is_empty() {
        return None;
    }
    let olds = old_newest_first(old_rss);
    let mut all: Vec<&ReplicaSet> = olds.clone();
    all.extend(new_rs);
    let active = filter_active_replica_sets(&all);
    match active.len() {
        0 => new_rs.or_else(|| olds.first().copied()),
        1 => Some(active[0]),
        _ => None,
    }
}

/// Old RSes sorted newest first (`sort.Reverse(ReplicaSetsByCreationTimestamp)`).
fn old_newest_first<'a>(old_rss: &[&'a ReplicaSet]) -> Vec<&'a ReplicaSet> {
    let mut v = old_rss.to_vec();
    go_sort_by(&mut v, |a, b| rs_created_before(b, a));
    v
}

/// `getReplicaSetFraction`: `round_half_away(spec · (replicas + maxSurge) / maxBefore) − spec`
/// where maxBefore is the RS's max-replicas annotation (fallback: `d.status.replicas`; 0
/// fraction if that is 0 too). Scaling to 0 gives `−spec`.
pub fn get_replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    let spec = rs_replicas(rs);
    if d_replicas(d) == 0 {
        return -spec;
    }
    let new_max = d_replicas(d).saturating_add(max_surge(d));
    let before = match get_max_replicas_annotation(rs) {
        Some(v) if v != 0 => v,
        _ => {
            let s = n(d.status.as_ref().and_then(|s| s.replicas));
            if s == 0 {
                return 0;
            }
            s
        }
    };
    let size = (i64::from(spec) * i64::from(new_max)) as f64 / f64::from(before);
    // integer.RoundToInt32: math.Round, i.e. half away from zero.
    let rounded = size.round();
    let rounded = if rounded.is_finite() {
        rounded.clamp(f64::from(i32::MIN), f64::from(i32::MAX)) as i32
    } else {
        0
    };
    rounded.saturating_sub(spec)
}

/// `GetReplicaSetProportion`: the RS's share of `to_add`, bounded by what is left
/// (`min` when scaling up, `max` when down); 0 for an empty RS or nothing left.
pub fn get_replica_set_proportion(rs: &ReplicaSet, d: &Deployment, to_add: i32, added: i32) -> i32 {
    if rs_replicas(rs) == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = get_replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// Every `scaleReplicaSet` call `scale()` makes, in order, as (RS name, new size) — also
/// calls that keep the size (upstream then only refreshes the desired/max annotations if
/// [`replicas_annotations_need_update`], and records no event).
pub fn plan_scale_calls(
    d: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
) -> Vec<(String, i32)> {
    let replicas = d_replicas(d);
    // 1. At most one active RS: scale it (or the latest) straight to spec.replicas
    //    (scaleReplicaSetAndRecordEvent: no call at all when the size already matches).
    if let Some(rs) = find_active_or_latest(new_rs, old_rss) {
        if rs_replicas(rs) == replicas {
            return Vec::new();
        }
        return vec![(rs_name(rs).to_string(), replicas)];
    }
    let olds = old_newest_first(old_rss);
    // 2. Saturated new RS: every active old RS goes to 0 (newest first).
    if is_saturated(d, new_rs) {
        return filter_active_replica_sets(&olds)
            .into_iter()
            .filter(|rs| rs_replicas(rs) != 0)
            .map(|rs| (rs_name(rs).to_string(), 0))
            .collect();
    }
    if !is_rolling_update(d) {
        return Vec::new();
    }
    // 3. Proportional: distribute allowedSize − Σ spec over the active RSes.
    let mut all: Vec<&ReplicaSet> = olds.clone();
    all.extend(new_rs);
    let mut all = filter_active_replica_sets(&all);
    let total = get_replica_count_for_replica_sets(&all);
    let allowed_size = if replicas > 0 {
        replicas.saturating_add(max_surge(d))
    } else {
        0
    };
    let to_add = allowed_size - total;
    if to_add > 0 {
        // ReplicaSetsBySizeNewer: larger first, ties newer first.
        go_sort_by(&mut all, |a, b| {
            if rs_replicas(a) == rs_replicas(b) {
                rs_created_before(b, a)
            } else {
                rs_replicas(a) > rs_replicas(b)
            }
        });
    } else if to_add < 0 {
        // ReplicaSetsBySizeOlder: larger first, ties older first.
        go_sort_by(&mut all, |a, b| {
            if rs_replicas(a) == rs_replicas(b) {
                rs_created_before(a, b)
            } else {
                rs_replicas(a) > rs_replicas(b)
            }
        });
    }
    let mut added = 0i32;
    let mut sizes: Vec<i32> = Vec::with_capacity(all.len());
    for rs in &all {
        if to_add != 0 {
            let p = get_replica_set_proportion(rs, d, to_add, added);
            sizes.push(rs_replicas(rs).saturating_add(p));
            added = added.saturating_add(p);
        } else {
            sizes.push(rs_replicas(rs));
        }
    }
    if to_add != 0
        && let Some(first) = sizes.first_mut()
    {
        // Leftovers (rounding) go to the first RS in sorted order.
        *first = first.saturating_add(to_add - added).max(0);
    }
    all.iter()
        .zip(sizes)
        .map(|(rs, s)| (rs_name(rs).to_string(), s))
        .collect()
}

/// `scale()` as a planner: the (RS name, new size) of every RS whose size changes, in the
/// order upstream issues the updates (each gets a `ScalingReplicaSet` event; direction from
/// the RS's own old → new size). Follows `sync.go` exactly: single active/latest RS straight
/// to `spec.replicas`; saturated new RS → old ones to 0; otherwise (RollingUpdate only)
/// proportional shares by max-replicas annotation with round-half-away, leftovers to the
/// first RS. See [`plan_scale_calls`] for the annotation-only refreshes.
pub fn plan_scale(
    d: &Deployment,
    new_rs: Option<&ReplicaSet>,
    old_rss: &[&ReplicaSet],
) -> Vec<(String, i32)> {
    let mut current: BTreeMap<&str, i32> = BTreeMap::new();
    for rs in old_rss.iter().copied().chain(new_rs) {
        current.insert(rs_name(rs), rs_replicas(rs));
    }
    plan_scale_calls(d, new_rs, old_rss)
        .into_iter()
        .filter(|(name, size)| current.get(name.as_str()) != Some(size))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Rolling update (rolling.go)
// ---------------------------------------------------------------------------------------

/// `reconcileNewReplicaSet`: the new size for the new RS, or None if it stays
/// (equal to spec.replicas → stay; above → down to spec.replicas; below → NewRSNewReplicas).
pub fn plan_reconcile_new_replica_set(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> Result<Option<i32>, String> {
    let replicas = d_replicas(d);
    let spec = rs_replicas(new_rs);
    if spec == replicas {
        return Ok(None);
    }
    if spec > replicas {
        return Ok(Some(replicas));
    }
    let target = new_rs_new_replicas(d, all_rss, new_rs)?;
    Ok(if target == spec { None } else { Some(target) })
}

/// Result of [`plan_cleanup_unhealthy`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CleanupUnhealthyPlan {
    /// (RS name, new size), oldest RS first.
    pub steps: Vec<(String, i32)>,
    /// Replicas removed in total.
    pub cleaned: i32,
    /// Upstream's error when an RS reports more available than desired replicas
    /// (stale status after a scale-down); the steps before it still happen, but
    /// `reconcileOldReplicaSets` then reports no scaling and skips the second phase.
    pub error: Option<String>,
}

/// `cleanupUnhealthyReplicas`: walking old RSes oldest first, scale each with
/// `spec ≠ available` down by `min(max_cleanup − cleaned, spec − available)`.
pub fn plan_cleanup_unhealthy(old_rss: &[&ReplicaSet], max_cleanup: i32) -> CleanupUnhealthyPlan {
    let mut olds = old_rss.to_vec();
    sort_by_creation(&mut olds);
    let mut plan = CleanupUnhealthyPlan::default();
    for rs in olds {
        if plan.cleaned >= max_cleanup {
            break;
        }
        let spec = rs_replicas(rs);
        let avail = rs_available(rs);
        if spec == 0 || spec == avail {
            continue;
        }
        let down = (max_cleanup - plan.cleaned).min(spec - avail);
        let new = spec - down;
        if new > spec {
            plan.error = Some(format!(
                "when cleaning up unhealthy replicas, got invalid request to scale down {}/{} {} -> {}",
                rs.metadata.namespace.as_deref().unwrap_or(""),
                rs_name(rs),
                spec,
                new
            ));
            return plan;
        }
        plan.steps.push((rs_name(rs).to_string(), new));
        plan.cleaned += down;
    }
    plan
}

/// `scaleDownOldReplicaSetsForRollingUpdate`: if Σ available(all) > minAvailable, take
/// `available − minAvailable` replicas from the old RSes, oldest first.
pub fn plan_scale_down_old_for_rolling(
    all_rss: &[&ReplicaSet],
    old_rss: &[&ReplicaSet],
    d: &Deployment,
) -> Vec<(String, i32)> {
    let min_avail = d_replicas(d) - max_unavailable(d);
    let available = get_available_replica_count_for_replica_sets(all_rss);
    if available <= min_avail {
        return Vec::new();
    }
    let mut olds = old_rss.to_vec();
    sort_by_creation(&mut olds);
    let total = available - min_avail;
    let mut done = 0;
    let mut out = Vec::new();
    for rs in olds {
        if done >= total {
            break;
        }
        let spec = rs_replicas(rs);
        if spec == 0 {
            continue;
        }
        let down = spec.min(total - done);
        out.push((rs_name(rs).to_string(), spec - down));
        done += down;
    }
    out
}

/// `reconcileOldReplicaSets` as a planner, given all RSes, the old ones (filtered to active
/// here, as upstream's caller does) and the new RS. Returns the scale calls in order (an RS
/// may appear twice: once for unhealthy cleanup, once for the availability-bounded
/// scale-down) and one sentence with the numbers, e.g.
/// `maxScaledDown = allPods 13 − minAvailable 8 − newUnavailable 3 = 2; available 10 − minAvailable 8 = 2, so 2 old replicas are scaled down.`
pub fn reconcile_old_replica_sets_plan(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    old_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> (Vec<(String, i32)>, ScaleDownWhy) {
    let olds = filter_active_replica_sets(old_rss);
    let old_pods = get_replica_count_for_replica_sets(&olds);
    if old_pods == 0 {
        return (Vec::new(), ScaleDownWhy::NoneLeft);
    }
    let all_pods = get_replica_count_for_replica_sets(all_rss);
    let min_avail = d_replicas(d) - max_unavailable(d);
    let new_unavailable = rs_replicas(new_rs) - rs_available(new_rs);
    let max_scaled_down = all_pods - min_avail - new_unavailable;
    if max_scaled_down <= 0 {
        return (
            Vec::new(),
            ScaleDownWhy::Blocked {
                all_pods,
                min_available: min_avail,
                new_unavailable,
                max_scaled_down,
            },
        );
    }
    let cleanup = plan_cleanup_unhealthy(&olds, max_scaled_down);
    let mut steps = cleanup.steps.clone();
    let why = |rest| ScaleDownWhy::Scaled {
        all_pods,
        min_available: min_avail,
        new_unavailable,
        max_scaled_down,
        cleaned: cleanup.cleaned,
        rest,
    };
    if let Some(err) = cleanup.error.clone() {
        return (steps, why(ScaleDownRest::CleanupStopped(err)));
    }
    // Apply the cleanup to the old RSes, then recompute with all = old (active) + new.
    let sizes: BTreeMap<&str, i32> = cleanup
        .steps
        .iter()
        .map(|(name, s)| (name.as_str(), *s))
        .collect();
    let updated: Vec<ReplicaSet> = olds
        .iter()
        .map(|rs| {
            let mut rs = (*rs).clone();
            if let Some(s) = sizes.get(rs_name(&rs)) {
                rs.spec.get_or_insert_with(Default::default).replicas = Some(*s);
            }
            rs
        })
        .collect();
    let updated_refs: Vec<&ReplicaSet> = updated.iter().collect();
    let mut all_after = updated_refs.clone();
    all_after.push(new_rs);
    let available = get_available_replica_count_for_replica_sets(&all_after);
    let down = plan_scale_down_old_for_rolling(&all_after, &updated_refs, d);
    let rest = if available <= min_avail {
        ScaleDownRest::NoneAvailable {
            available,
            min_available: min_avail,
        }
    } else {
        let by_name: BTreeMap<&str, i32> = updated_refs
            .iter()
            .map(|rs| (rs_name(rs), rs_replicas(rs)))
            .collect();
        let removed: i32 = down
            .iter()
            .map(|(name, s)| by_name.get(name.as_str()).copied().unwrap_or(*s) - s)
            .sum();
        ScaleDownRest::Removed {
            available,
            min_available: min_avail,
            removed,
        }
    };
    steps.extend(down);
    (steps, why(rest))
}

// ---------------------------------------------------------------------------------------
// History cleanup (sync.go: cleanupDeployment)
// ---------------------------------------------------------------------------------------

/// `deploymentutil.ReplicaSetsByRevision.Less`: lower revision first; if either revision
/// is unparsable or they are equal, by creation time.
fn rs_revision_less(a: &ReplicaSet, b: &ReplicaSet) -> bool {
    match (try_revision(a), try_revision(b)) {
        (Ok(x), Ok(y)) if x != y => x < y,
        _ => rs_created_before(a, b),
    }
}

/// `cleanupDeployment`: names of old RSes to delete so at most `revisionHistoryLimit`
/// remain. Skipped with no limit (or MaxInt32). Candidates are old RSes without a
/// deletionTimestamp, sorted by revision; of the first `len − limit` only idle ones
/// (`status.replicas == 0`, `spec.replicas == 0`, `generation ≤ status.observedGeneration`)
/// are deleted — busy ones are skipped, not replaced.
pub fn cleanup_plan(d: &Deployment, old_rss: &[&ReplicaSet]) -> Vec<String> {
    if !has_revision_history_limit(d) {
        return Vec::new();
    }
    let limit = d
        .spec
        .as_ref()
        .and_then(|s| s.revision_history_limit)
        .unwrap_or(0);
    let mut cands: Vec<&ReplicaSet> = old_rss
        .iter()
        .copied()
        .filter(|rs| rs.metadata.deletion_timestamp.is_none())
        .collect();
    let diff = i64::try_from(cands.len()).unwrap_or(i64::MAX) - i64::from(limit);
    if diff <= 0 {
        return Vec::new();
    }
    go_sort_by(&mut cands, |a, b| rs_revision_less(a, b));
    cands
        .into_iter()
        .take(usize::try_from(diff).unwrap_or(usize::MAX))
        .filter(|rs| {
            let observed = rs
                .status
                .as_ref()
                .and_then(|s| s.observed_generation)
                .unwrap_or(0);
            rs_status_replicas(rs) == 0
                && rs_replicas(rs) == 0
                && rs.metadata.generation.unwrap_or(0) <= observed
        })
        .map(|rs| rs_name(rs).to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------

/// `NewDeploymentCondition` at virtual time `now` (both timestamps = now).
pub fn new_deployment_condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: SimTime,
) -> DeploymentCondition {
    DeploymentCondition {
        type_: type_.to_string(),
        status: status.to_string(),
        reason: Some(reason.to_string()),
        message: Some(message.to_string()),
        last_update_time: Some(now.to_k8s()),
        last_transition_time: Some(now.to_k8s()),
    }
}

/// `GetDeploymentCondition`.
pub fn get_deployment_condition<'a>(
    status: &'a DeploymentStatus,
    type_: &str,
) -> Option<&'a DeploymentCondition> {
    status
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == type_)
}

/// `SetDeploymentCondition`: no-op if a condition of that type has the same status and
/// reason; keeps lastTransitionTime if only the reason changed; otherwise the old one is
/// removed and the new one **appended**.
pub fn set_deployment_condition(status: &mut DeploymentStatus, mut cond: DeploymentCondition) {
    if let Some(cur) = get_deployment_condition(status, &cond.type_) {
        let same_reason =
            cur.reason.as_deref().unwrap_or("") == cond.reason.as_deref().unwrap_or("");
        if cur.status == cond.status && same_reason {
            return;
        }
        if cur.status == cond.status {
            cond.last_transition_time = cur.last_transition_time.clone();
        }
    }
    remove_deployment_condition(status, &cond.type_);
    status.conditions.get_or_insert_with(Vec::new).push(cond);
}

/// `RemoveDeploymentCondition` (an emptied list becomes absent, like Go's nil slice).
pub fn remove_deployment_condition(status: &mut DeploymentStatus, type_: &str) {
    if let Some(cs) = status.conditions.as_mut() {
        cs.retain(|c| c.type_ != type_);
        if cs.is_empty() {
            status.conditions = None;
        }
    }
}

/// `ReplicaSetToDeploymentCondition`.
pub fn replica_set_to_deployment_condition(c: &ReplicaSetCondition) -> DeploymentCondition {
    DeploymentCondition {
        type_: c.type_.clone(),
        status: c.status.clone(),
        last_transition_time: c.last_transition_time.clone(),
        last_update_time: c.last_transition_time.clone(),
        reason: c.reason.clone(),
        message: c.message.clone(),
    }
}

// ---------------------------------------------------------------------------------------
// Status (sync.go: calculateStatus; progress.go)
// ---------------------------------------------------------------------------------------

/// `calculateStatus`: counters summed over `all_rss` (which should include the new RS),
/// `updatedReplicas` from `new_rs`, conditions copied from `d.status` with `Available`
/// set. Zero counters are left unset (Go `omitempty`).
pub fn calculate_status(
    all_rss: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    d: &Deployment,
    now: SimTime,
) -> DeploymentStatus {
    let available = get_available_replica_count_for_replica_sets(all_rss);
    let total = get_replica_count_for_replica_sets(all_rss);
    let unavailable = (total - available).max(0);
    let old = status_of(d);
    let mut status = DeploymentStatus {
        observed_generation: d.metadata.generation.filter(|g| *g != 0),
        replicas: nz(get_actual_replica_count_for_replica_sets(all_rss)),
        updated_replicas: nz(new_rs.map(rs_status_replicas).unwrap_or(0)),
        ready_replicas: nz(get_ready_replica_count_for_replica_sets(all_rss)),
        available_replicas: nz(available),
        unavailable_replicas: nz(unavailable),
        collision_count: old.collision_count,
        conditions: old.conditions.clone(),
    };
    let cond = if available >= d_replicas(d) - max_unavailable(d) {
        new_deployment_condition(
            CONDITION_AVAILABLE,
            "True",
            MINIMUM_REPLICAS_AVAILABLE,
            MSG_MIN_AVAILABLE,
            now,
        )
    } else {
        new_deployment_condition(
            CONDITION_AVAILABLE,
            "False",
            MINIMUM_REPLICAS_UNAVAILABLE,
            MSG_MIN_UNAVAILABLE,
            now,
        )
    };
    set_deployment_condition(&mut status, cond);
    status
}

fn subject(d: &Deployment, new_rs: Option<&ReplicaSet>) -> String {
    match new_rs {
        Some(rs) => format!("ReplicaSet {}", go_quote(rs_name(rs))),
        None => format!(
            "Deployment {}",
            go_quote(d.metadata.name.as_deref().unwrap_or(""))
        ),
    }
}

/// `syncRolloutStatus` minus the write: the status the controller would store
/// (compare with `d.status` and UpdateStatus only if different). Progressing becomes
/// `NewReplicaSetAvailable` when complete, `ReplicaSetUpdated` (fresh lastUpdateTime) on
/// progress, `ProgressDeadlineExceeded` on timeout; `ReplicaFailure` is copied from the new
/// RS (else any RS) or removed.
pub fn rollout_status(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    now: SimTime,
) -> DeploymentStatus {
    let mut st = calculate_status(all_rss, new_rs, d, now);
    if !has_progress_deadline(d) {
        remove_deployment_condition(&mut st, CONDITION_PROGRESSING);
    }
    let old = status_of(d);
    let current = get_deployment_condition(&old, CONDITION_PROGRESSING).cloned();
    let is_complete = n(st.replicas) == n(st.updated_replicas)
        && current
            .as_ref()
            .is_some_and(|c| c.reason.as_deref() == Some(NEW_RS_AVAILABLE_REASON));
    if has_progress_deadline(d) && !is_complete {
        let who = subject(d, new_rs);
        if deployment_complete(d, &st) {
            let c = new_deployment_condition(
                CONDITION_PROGRESSING,
                "True",
                NEW_RS_AVAILABLE_REASON,
                &format!("{who} has successfully progressed."),
                now,
            );
            set_deployment_condition(&mut st, c);
        } else if deployment_progressing(d, &st) {
            let mut c = new_deployment_condition(
                CONDITION_PROGRESSING,
                "True",
                REPLICA_SET_UPDATED_REASON,
                &format!("{who} is progressing."),
                now,
            );
            if let Some(cur) = current.as_ref() {
                if cur.status == "True" {
                    c.last_transition_time = cur.last_transition_time.clone();
                }
                remove_deployment_condition(&mut st, CONDITION_PROGRESSING);
            }
            set_deployment_condition(&mut st, c);
        } else if deployment_timed_out(d, &st, now) {
            let c = new_deployment_condition(
                CONDITION_PROGRESSING,
                "False",
                TIMED_OUT_REASON,
                &format!("{who} has timed out progressing."),
                now,
            );
            set_deployment_condition(&mut st, c);
        }
    }
    let failure = new_rs
        .and_then(replica_failure)
        .or_else(|| all_rss.iter().find_map(|rs| replica_failure(rs)));
    match failure {
        Some(c) => set_deployment_condition(&mut st, c),
        None => remove_deployment_condition(&mut st, CONDITION_REPLICA_FAILURE),
    }
    st
}

fn replica_failure(rs: &ReplicaSet) -> Option<DeploymentCondition> {
    rs.status
        .as_ref()?
        .conditions
        .as_ref()?
        .iter()
        .find(|c| c.type_ == CONDITION_REPLICA_FAILURE)
        .map(replica_set_to_deployment_condition)
}

/// `requeueStuckDeployment`: when the status did not change, the delay after which the
/// deployment must be re-checked for a timeout — `Some(0)` for "now, rate-limited",
/// `Some(lastUpdate + deadline − now + 1s)` otherwise; `None` when no re-check is needed
/// (no deadline, no Progressing condition, complete, or already timed out).
pub fn requeue_stuck_after(
    d: &Deployment,
    new_status: &DeploymentStatus,
    now: SimTime,
) -> Option<Millis> {
    let old = status_of(d);
    let cur = get_deployment_condition(&old, CONDITION_PROGRESSING)?;
    if !has_progress_deadline(d) {
        return None;
    }
    if deployment_complete(d, new_status) || cur.reason.as_deref() == Some(TIMED_OUT_REASON) {
        return None;
    }
    let pds = d
        .spec
        .as_ref()
        .and_then(|s| s.progress_deadline_seconds)
        .unwrap_or(0);
    let last = cur.last_update_time.as_ref().map(SimTime::from_k8s)?;
    let after = last.0 + i64::from(pds) * 1000 - now.0;
    if after < 1000 {
        Some(0)
    } else {
        Some(after + 1000)
    }
}

/// `checkPausedConditions`: the status with Progressing=Unknown `DeploymentPaused` /
/// `DeploymentResumed` set when `spec.paused` changed, or None if nothing to write
/// (no deadline set, already timed out, or already matching).
pub fn paused_condition_update(d: &Deployment, now: SimTime) -> Option<DeploymentStatus> {
    d.spec.as_ref()?.progress_deadline_seconds?;
    let mut st = status_of(d);
    let cond = get_deployment_condition(&st, CONDITION_PROGRESSING);
    if cond.is_some_and(|c| c.reason.as_deref() == Some(TIMED_OUT_REASON)) {
        return None;
    }
    let paused_exists = cond.is_some_and(|c| c.reason.as_deref() == Some(PAUSED_DEPLOY_REASON));
    let paused = d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
    let c = if paused && !paused_exists {
        new_deployment_condition(
            CONDITION_PROGRESSING,
            "Unknown",
            PAUSED_DEPLOY_REASON,
            MSG_PAUSED,
            now,
        )
    } else if !paused && paused_exists {
        new_deployment_condition(
            CONDITION_PROGRESSING,
            "Unknown",
            RESUMED_DEPLOY_REASON,
            MSG_RESUMED,
            now,
        )
    } else {
        return None;
    };
    set_deployment_condition(&mut st, c);
    Some(st)
}

// ---------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------

/// v1.32 `ScalingReplicaSet` event text: `Scaled up replica set web-7c5d from 3 to 5`
/// (creation: `from 0 to N`).
pub fn scaling_replica_set_message(rs_name: &str, from: i32, to: i32) -> String {
    let dir = if from < to { "up" } else { "down" };
    format!("Scaled {dir} replica set {rs_name} from {from} to {to}")
}

/// Progressing message `Created new replica set "<rs>"`.
pub fn msg_created_new_rs(rs_name: &str) -> String {
    format!("Created new replica set {}", go_quote(rs_name))
}

/// Progressing message `Found new replica set "<rs>"`.
pub fn msg_found_new_rs(rs_name: &str) -> String {
    format!("Found new replica set {}", go_quote(rs_name))
}

/// `Failed to create new replica set "<rs>": <err>` (event and Progressing message).
pub fn msg_failed_create_rs(rs_name: &str, err: &str) -> String {
    format!(
        "Failed to create new replica set {}: {}",
        go_quote(rs_name),
        err
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::ExplainText;
    use k8s_openapi::api::apps::v1::{
        DeploymentSpec, DeploymentStrategy, ReplicaSetSpec, ReplicaSetStatus,
        RollingUpdateDeployment,
    };
    use k8s_openapi::api::core::v1::{Container, PodSpec};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use proptest::prelude::*;

    fn int(i: i32) -> IntOrString {
        IntOrString::Int(i)
    }
    fn pct(s: &str) -> IntOrString {
        IntOrString::String(s.to_string())
    }

    fn deployment(
        replicas: i32,
        surge: Option<IntOrString>,
        unavailable: Option<IntOrString>,
    ) -> Deployment {
        Deployment {
            metadata: ObjectMeta {
                name: Some("foo".into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
            spec: Some(DeploymentSpec {
                replicas: Some(replicas),
                strategy: Some(DeploymentStrategy {
                    type_: Some("RollingUpdate".into()),
                    rolling_update: Some(RollingUpdateDeployment {
                        max_surge: Some(surge.unwrap_or(int(0))),
                        max_unavailable: Some(unavailable.unwrap_or(int(0))),
                    }),
                }),
                template: template("foo/bar"),
                ..Default::default()
            }),
            status: None,
        }
    }

    fn template(image: &str) -> PodTemplateSpec {
        PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(
                    [("app".to_string(), "foo".to_string())]
                        .into_iter()
                        .collect(),
                ),
                ..Default::default()
            }),
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "c".into(),
                    image: Some(image.into()),
                    ..Default::default()
                }],
                ..Default::default()
            }),
        }
    }

    fn rs(name: &str, replicas: i32, created_s: i64) -> ReplicaSet {
        ReplicaSet {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some("default".into()),
                creation_timestamp: Some(SimTime(created_s * 1000).to_k8s()),
                ..Default::default()
            },
            spec: Some(ReplicaSetSpec {
                replicas: Some(replicas),
                ..Default::default()
            }),
            status: Some(ReplicaSetStatus::default()),
        }
    }

    fn with_available(mut r: ReplicaSet, available: i32) -> ReplicaSet {
        r.status
            .get_or_insert_with(Default::default)
            .available_replicas = Some(available);
        r
    }

    fn with_annotations(mut r: ReplicaSet, desired: i32, max: i32) -> ReplicaSet {
        set_replicas_annotations(&mut r, desired, max);
        r
    }

    /// (maxSurge, maxUnavailable, desired, expected (surge, unavailable) or error).
    type FencepostRow = (
        Option<IntOrString>,
        Option<IntOrString>,
        i32,
        Result<(i32, i32), ()>,
    );

    #[test]
    fn fenceposts_follow_upstream_table() {
        let rows: &[FencepostRow] = &[
            (Some(pct("0%")), Some(pct("0%")), 0, Ok((0, 1))),
            (Some(pct("39%")), Some(pct("39%")), 10, Ok((4, 3))),
            (Some(pct("oops")), Some(pct("39%")), 10, Err(())),
            (Some(pct("55%")), Some(pct("urg")), 10, Err(())),
            (None, Some(pct("39%")), 10, Ok((0, 3))),
            (Some(pct("39%")), None, 10, Ok((4, 0))),
            (None, None, 10, Ok((0, 1))),
            (Some(pct("25%")), Some(pct("25%")), 1, Ok((1, 0))),
            (Some(pct("25%")), Some(pct("25%")), 3, Ok((1, 0))),
            (Some(pct("25%")), Some(pct("25%")), 4, Ok((1, 1))),
            (Some(pct("25%")), Some(pct("25%")), 10, Ok((3, 2))),
            (Some(pct("25%")), Some(pct("25%")), 100, Ok((25, 25))),
            (Some(int(3)), Some(int(2)), 10, Ok((3, 2))),
        ];
        for (s, u, desired, want) in rows {
            let got = resolve_fenceposts(s.as_ref(), u.as_ref(), *desired).map_err(|_| ());
            assert_eq!(&got, want, "{s:?}/{u:?} of {desired}");
        }
        assert_eq!(
            resolve_fenceposts(Some(&pct("oops")), None, 10).unwrap_err(),
            "invalid value for IntOrString: invalid type: string is not a percentage"
        );
    }

    #[test]
    fn max_unavailable_follows_upstream_table() {
        let rows = [
            (10, int(5), 5),
            (10, int(10), 10),
            (5, int(10), 5),
            (0, int(10), 0),
            (10, pct("50%"), 5),
            (10, pct("100%"), 10),
            (5, pct("100%"), 5),
        ];
        for (replicas, mu, want) in rows {
            let d = deployment(replicas, Some(int(1)), Some(mu.clone()));
            assert_eq!(max_unavailable(&d), want, "{replicas} {mu:?}");
        }
        let mut d = deployment(10, None, None);
        d.spec.as_mut().unwrap().strategy = Some(DeploymentStrategy {
            type_: Some("Recreate".into()),
            rolling_update: None,
        });
        assert_eq!(max_unavailable(&d), 0);
        assert_eq!(max_surge(&d), 0);
    }

    #[test]
    fn new_rs_new_replicas_follows_upstream_table() {
        // (strategy, d replicas, new RS replicas, maxSurge, expected); the other RS has 5.
        let rows = [
            ("RollingUpdate", 1, 5, 1, 5),
            ("RollingUpdate", 6, 2, 10, 6),
            ("Recreate", 3, 1, 1, 3),
        ];
        for (strategy, dr, nr, surge, want) in rows {
            let mut d = deployment(dr, Some(int(surge)), Some(int(1)));
            d.spec.as_mut().unwrap().strategy.as_mut().unwrap().type_ = Some(strategy.into());
            let new = rs("new", nr, 1);
            let other = rs("rs5", 5, 0);
            assert_eq!(
                new_rs_new_replicas(&d, &[&other], &new),
                Ok(want),
                "{strategy} {dr}"
            );
        }
        // 10 replicas, 25% surge: new RS created with 3 next to a full old RS.
        let d = deployment(10, Some(pct("25%")), Some(pct("25%")));
        let old = rs("old", 10, 0);
        let new = rs("new", 0, 1);
        assert_eq!(new_rs_new_replicas(&d, &[&old, &new], &new), Ok(3));
    }

    struct ScaleRow {
        name: &'static str,
        d: Deployment,
        old_d: Deployment,
        new_rs: Option<(&'static str, i32, i64)>,
        old_rss: Vec<(&'static str, i32, i64)>,
        desired_override: Vec<(&'static str, i32)>,
        new_available: Option<i32>,
        want: Vec<(&'static str, i32)>,
    }

    const NEW_TS: i64 = 7200;
    const OLD_TS: i64 = 3600;
    const OLDER_TS: i64 = 0;

    fn scale_rows() -> Vec<ScaleRow> {
        let d = |r| deployment(r, None, None);
        let ds = |r, s| deployment(r, Some(int(s)), None);
        let mut updated = deployment(14, None, None);
        updated
            .spec
            .as_mut()
            .unwrap()
            .template
            .metadata
            .as_mut()
            .unwrap()
            .labels
            .as_mut()
            .unwrap()
            .insert("another".into(), "label".into());
        let row = |name, dn: Deployment, od: Deployment, new_rs, old_rss, want| ScaleRow {
            name,
            d: dn,
            old_d: od,
            new_rs,
            old_rss,
            desired_override: vec![],
            new_available: None,
            want,
        };
        vec![
            row(
                "normal 10 -> 12",
                d(12),
                d(10),
                Some(("foo-v1", 10, NEW_TS)),
                vec![],
                vec![("foo-v1", 12)],
            ),
            row(
                "normal 10 -> 5",
                d(5),
                d(10),
                Some(("foo-v1", 10, NEW_TS)),
                vec![],
                vec![("foo-v1", 5)],
            ),
            row(
                "proportional 5 -> 10",
                d(10),
                d(5),
                Some(("foo-v2", 2, NEW_TS)),
                vec![("foo-v1", 3, OLD_TS)],
                vec![("foo-v2", 4), ("foo-v1", 6)],
            ),
            row(
                "proportional 5 -> 3",
                d(3),
                d(5),
                Some(("foo-v2", 2, NEW_TS)),
                vec![("foo-v1", 3, OLD_TS)],
                vec![("foo-v2", 1), ("foo-v1", 2)],
            ),
            row(
                "proportional 9 -> 4",
                d(4),
                d(9),
                Some(("foo-v2", 8, NEW_TS)),
                vec![("foo-v1", 1, OLD_TS)],
                vec![("foo-v2", 4), ("foo-v1", 0)],
            ),
            row(
                "proportional 7 -> 10",
                d(10),
                d(7),
                Some(("foo-v3", 2, NEW_TS)),
                vec![("foo-v2", 3, OLD_TS), ("foo-v1", 2, OLDER_TS)],
                vec![("foo-v3", 3), ("foo-v2", 4), ("foo-v1", 3)],
            ),
            row(
                "proportional 13 -> 8",
                d(8),
                d(13),
                Some(("foo-v3", 2, NEW_TS)),
                vec![("foo-v2", 8, OLD_TS), ("foo-v1", 3, OLDER_TS)],
                vec![("foo-v3", 1), ("foo-v2", 5), ("foo-v1", 2)],
            ),
            row(
                "leftover 3 -> 4",
                d(4),
                d(3),
                Some(("foo-v3", 1, NEW_TS)),
                vec![("foo-v2", 1, OLD_TS), ("foo-v1", 1, OLDER_TS)],
                vec![("foo-v3", 2), ("foo-v2", 1), ("foo-v1", 1)],
            ),
            row(
                "leftover 3 -> 2",
                d(2),
                d(3),
                Some(("foo-v3", 1, NEW_TS)),
                vec![("foo-v2", 1, OLD_TS), ("foo-v1", 1, OLDER_TS)],
                vec![("foo-v3", 1), ("foo-v2", 1), ("foo-v1", 0)],
            ),
            row(
                "no new rs 4 -> 5",
                d(5),
                d(4),
                None,
                vec![("foo-v2", 2, OLD_TS), ("foo-v1", 2, OLDER_TS)],
                vec![("foo-v2", 3), ("foo-v1", 2)],
            ),
            row(
                "6 -> 0",
                d(0),
                d(6),
                Some(("foo-v3", 3, NEW_TS)),
                vec![("foo-v2", 2, OLD_TS), ("foo-v1", 1, OLDER_TS)],
                vec![("foo-v3", 0), ("foo-v2", 0), ("foo-v1", 0)],
            ),
            row(
                "0 -> 6",
                d(6),
                d(6),
                Some(("foo-v3", 0, NEW_TS)),
                vec![("foo-v2", 0, OLD_TS), ("foo-v1", 0, OLDER_TS)],
                vec![("foo-v3", 6), ("foo-v2", 0), ("foo-v1", 0)],
            ),
            ScaleRow {
                desired_override: vec![("foo-v2", 3)],
                ..row(
                    "failed rs update",
                    d(5),
                    d(5),
                    Some(("foo-v3", 2, NEW_TS)),
                    vec![("foo-v2", 1, OLD_TS), ("foo-v1", 1, OLDER_TS)],
                    vec![("foo-v3", 2), ("foo-v2", 2), ("foo-v1", 1)],
                )
            },
            row(
                "surge 10 -> 20",
                ds(20, 2),
                ds(10, 2),
                Some(("foo-v2", 6, NEW_TS)),
                vec![("foo-v1", 6, OLD_TS)],
                vec![("foo-v2", 11), ("foo-v1", 11)],
            ),
            row(
                "surge and size",
                ds(50, 6),
                ds(10, 3),
                Some(("foo-v2", 5, NEW_TS)),
                vec![("foo-v1", 8, OLD_TS)],
                vec![("foo-v2", 22), ("foo-v1", 34)],
            ),
            row(
                "size and template",
                updated,
                d(10),
                None,
                vec![("foo-v2", 7, NEW_TS), ("foo-v1", 3, OLD_TS)],
                vec![("foo-v2", 10), ("foo-v1", 4)],
            ),
            ScaleRow {
                new_available: Some(0),
                ..row(
                    "saturated but broken new RS",
                    deployment(2, Some(int(1)), Some(int(1))),
                    deployment(2, Some(int(1)), Some(int(1))),
                    Some(("foo-v2", 2, NEW_TS)),
                    vec![("foo-v1", 1, OLD_TS)],
                    vec![("foo-v2", 2), ("foo-v1", 1)],
                )
            },
        ]
    }

    #[test]
    fn proportional_scaling_follows_upstream_test_scale_table() {
        for row in scale_rows() {
            let annotate = |name: &str, r: ReplicaSet| {
                let desired = row
                    .desired_override
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|x| x.1)
                    .unwrap_or(d_replicas(&row.old_d));
                with_annotations(r, desired, desired + max_surge(&row.old_d))
            };
            let new_rs = row.new_rs.map(|(name, r, ts)| {
                let x = annotate(name, rs(name, r, ts));
                match row.new_available {
                    Some(a) => with_available(x, a),
                    None => x,
                }
            });
            let olds: Vec<ReplicaSet> = row
                .old_rss
                .iter()
                .map(|(name, r, ts)| annotate(name, rs(name, *r, *ts)))
                .collect();
            let old_refs: Vec<&ReplicaSet> = olds.iter().collect();
            let plan = plan_scale(&row.d, new_rs.as_ref(), &old_refs);
            let mut sizes: BTreeMap<String, i32> = BTreeMap::new();
            for r in old_refs.iter().copied().chain(new_rs.as_ref()) {
                sizes.insert(rs_name(r).to_string(), rs_replicas(r));
            }
            for (name, s) in &plan {
                sizes.insert(name.clone(), *s);
            }
            for (name, want) in &row.want {
                assert_eq!(sizes[*name], *want, "{}: {}", row.name, name);
            }
        }
    }

    #[test]
    fn proportional_scaling_issues_calls_in_upstream_order() {
        // 13 -> 8: BySizeOlder order is v2 (8), v1 (3), v3 (2).
        let d = deployment(8, None, None);
        let v3 = with_annotations(rs("foo-v3", 2, NEW_TS), 13, 13);
        let v2 = with_annotations(rs("foo-v2", 8, OLD_TS), 13, 13);
        let v1 = with_annotations(rs("foo-v1", 3, OLDER_TS), 13, 13);
        assert_eq!(
            plan_scale(&d, Some(&v3), &[&v1, &v2]),
            vec![
                ("foo-v2".to_string(), 5),
                ("foo-v1".to_string(), 2),
                ("foo-v3".to_string(), 1)
            ]
        );
        // Docs example: stuck rollout (maxSurge 3, maxUnavailable 2), old 8 / new 5, scale to 15.
        let d = deployment(15, Some(int(3)), Some(int(2)));
        let old = with_annotations(rs("old", 8, OLD_TS), 10, 13);
        let new = with_annotations(rs("new", 5, NEW_TS), 10, 13);
        assert_eq!(
            plan_scale(&d, Some(&new), &[&old]),
            vec![("old".to_string(), 11), ("new".to_string(), 7)]
        );
        // A size-neutral scaling event still refreshes every RS's annotations.
        let d = deployment(5, None, None);
        let a = with_annotations(rs("a", 3, OLD_TS), 4, 4);
        let b = with_annotations(rs("b", 2, NEW_TS), 4, 4);
        assert!(plan_scale(&d, Some(&b), &[&a]).is_empty());
        assert_eq!(plan_scale_calls(&d, Some(&b), &[&a]).len(), 2);
    }

    #[test]
    fn saturated_new_rs_scales_old_ones_to_zero_newest_first() {
        let d = deployment(3, Some(int(1)), Some(int(0)));
        let new = with_available(with_annotations(rs("new", 3, NEW_TS), 3, 4), 3);
        let a = rs("a", 1, OLDER_TS);
        let b = rs("b", 2, OLD_TS);
        assert_eq!(
            plan_scale(&d, Some(&new), &[&a, &b]),
            vec![("b".to_string(), 0), ("a".to_string(), 0)]
        );
    }

    fn reconcile_old(
        replicas: i32,
        mu: IntOrString,
        old: i32,
        new: i32,
        old_avail: i32,
        new_avail: i32,
    ) -> (Vec<(String, i32)>, ScaleDownWhy) {
        let d = deployment(replicas, Some(int(0)), Some(mu));
        let old_rs = with_available(rs("foo-old", old, 0), old_avail);
        let new_rs = with_available(rs("foo-new", new, 1), new_avail);
        reconcile_old_replica_sets_plan(&d, &[&old_rs, &new_rs], &[&old_rs], &new_rs)
    }

    #[test]
    fn reconcile_old_replica_sets_follows_upstream_rolling_test_rows() {
        let s = |v: &[(&str, i32)]| {
            v.iter()
                .map(|(a, b)| (a.to_string(), *b))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            reconcile_old(10, int(0), 10, 0, 10, 0).0,
            s(&[("foo-old", 9)])
        );
        assert_eq!(
            reconcile_old(10, int(2), 10, 0, 10, 0).0,
            s(&[("foo-old", 8)])
        );
        // 2 unhealthy replicas cleaned up, nothing else.
        assert_eq!(
            reconcile_old(10, int(2), 10, 0, 8, 0).0,
            s(&[("foo-old", 8)])
        );
        // 1 unhealthy cleaned, then 1 available scaled down: two calls.
        assert_eq!(
            reconcile_old(10, int(2), 10, 0, 9, 0).0,
            s(&[("foo-old", 9), ("foo-old", 8)])
        );
        // Unavailable new pods block further scale-down.
        let (steps, why) = reconcile_old(10, int(2), 8, 2, 8, 0);
        assert!(steps.is_empty());
        assert_eq!(
            why.en(),
            "maxScaledDown = allPods 10 − minAvailable 8 − newUnavailable 2 = 0, so no old replica can be scaled down yet."
        );
    }

    #[test]
    fn reconcile_old_explains_the_first_rollout_step() {
        // 10 replicas, 25%/25%: new RS at 3 (none available), old at 10 all available.
        let d = deployment(10, Some(pct("25%")), Some(pct("25%")));
        let old = with_available(rs("old", 10, 0), 10);
        let new = rs("new", 3, 1);
        let (steps, why) = reconcile_old_replica_sets_plan(&d, &[&old, &new], &[&old], &new);
        assert_eq!(steps, vec![("old".to_string(), 8)]);
        assert_eq!(
            why.en(),
            "maxScaledDown = allPods 13 − minAvailable 8 − newUnavailable 3 = 2; available 10 − minAvailable 8 = 2, so 2 old replicas are scaled down."
        );
    }

    #[test]
    fn stale_available_count_stops_the_old_scale_down() {
        // Old RS already scaled to 8 but its status still says 10 available.
        let d = deployment(10, Some(pct("25%")), Some(pct("25%")));
        let old = with_available(rs("old", 8, 0), 10);
        // New RS at 5 with 3 available: maxScaledDown = 13 − 8 − 2 = 3 > 0.
        let new = with_available(rs("new", 5, 1), 3);
        let (steps, why) = reconcile_old_replica_sets_plan(&d, &[&old, &new], &[&old], &new);
        assert!(steps.is_empty(), "{steps:?}");
        assert!(
            why.en()
                .contains("got invalid request to scale down default/old 8 -> 10"),
            "{why:?}"
        );
    }

    #[test]
    fn cleanup_unhealthy_follows_upstream_rows() {
        let rows = [(10, 8, 1, 1), (10, 8, 3, 2), (10, 8, 0, 0), (10, 10, 3, 0)];
        for (old, ready, max, want) in rows {
            let r = with_available(rs("foo-v2", old, 0), ready);
            let plan = plan_cleanup_unhealthy(&[&r], max);
            assert_eq!(plan.cleaned, want, "{old}/{ready}/{max}");
            assert!(plan.error.is_none());
        }
    }

    #[test]
    fn scale_down_old_for_rolling_follows_upstream_rows() {
        // (replicas, maxUnavailable, ready, old, expected new size or None)
        let rows = [
            (10, 0, 10, 10, Some(9)),
            (10, 2, 10, 10, Some(8)),
            (10, 2, 8, 10, None),
            (10, 2, 10, 0, None),
            (10, 2, 1, 10, None),
        ];
        for (replicas, mu, ready, old, want) in rows {
            let d = deployment(replicas, Some(int(0)), Some(int(mu)));
            let r = with_available(rs("foo-v2", old, 0), ready);
            let plan = plan_scale_down_old_for_rolling(&[&r], &[&r], &d);
            assert_eq!(
                plan.first().map(|x| x.1),
                want,
                "{replicas}/{mu}/{ready}/{old}"
            );
        }
    }

    fn history_rs(name: &str, spec: i32, status: i32, rev: &str) -> ReplicaSet {
        let mut r = rs(name, spec, 0);
        r.status.as_mut().unwrap().replicas = status;
        r.metadata.annotations = Some(
            [(REVISION_ANNOTATION.to_string(), rev.to_string())]
                .into_iter()
                .collect(),
        );
        r
    }

    #[test]
    fn history_cleanup_follows_upstream_rows() {
        let with_limit = |limit: i32| {
            let mut d = deployment(1, None, None);
            d.spec.as_mut().unwrap().revision_history_limit = Some(limit);
            d
        };
        let idle = |n, rev| history_rs(n, 0, 0, rev);
        let (a, b, c) = (idle("foo-1", "1"), idle("foo-2", "2"), idle("foo-3", "3"));
        assert_eq!(
            cleanup_plan(&with_limit(1), &[&c, &a, &b]),
            vec!["foo-1", "foo-2"]
        );
        let rows = [
            history_rs("foo-1", 0, 0, "1"),
            history_rs("foo-2", 0, 1, "2"),
            history_rs("foo-3", 1, 0, "3"),
            history_rs("foo-4", 1, 1, "4"),
        ];
        let refs: Vec<&ReplicaSet> = rows.iter().collect();
        assert_eq!(cleanup_plan(&with_limit(0), &refs), vec!["foo-1"]);
        assert_eq!(cleanup_plan(&with_limit(0), &[&a, &b]).len(), 2);
        let busy = [
            history_rs("foo-1", 1, 1, "1"),
            history_rs("foo-2", 1, 1, "2"),
        ];
        assert!(cleanup_plan(&with_limit(0), &[&busy[0], &busy[1]]).is_empty());
        let mut deleted = idle("foo-1", "1");
        deleted.metadata.deletion_timestamp = Some(SimTime(0).to_k8s());
        assert!(cleanup_plan(&with_limit(0), &[&deleted]).is_empty());
        assert!(cleanup_plan(&with_limit(i32::MAX), &[&a, &b, &c]).is_empty());
        assert!(cleanup_plan(&deployment(1, None, None), &[&a, &b, &c]).is_empty());
        // Not yet observed generation is kept.
        let mut unobserved = idle("foo-9", "9");
        unobserved.metadata.generation = Some(2);
        assert!(cleanup_plan(&with_limit(0), &[&unobserved]).is_empty());
    }

    #[test]
    fn new_replica_set_is_the_oldest_with_an_equal_template_ignoring_hash() {
        let d = deployment(1, None, None);
        let mut new = rs("new", 1, 60);
        new.spec.as_mut().unwrap().template = Some(template("foo/bar"));
        new.spec
            .as_mut()
            .unwrap()
            .template
            .as_mut()
            .unwrap()
            .metadata
            .as_mut()
            .unwrap()
            .labels
            .as_mut()
            .unwrap()
            .insert(POD_TEMPLATE_HASH_LABEL.into(), "hash".into());
        let mut dup = new.clone();
        dup.metadata.name = Some("dup".into());
        dup.metadata.creation_timestamp = Some(SimTime(0).to_k8s());
        dup.spec
            .as_mut()
            .unwrap()
            .template
            .as_mut()
            .unwrap()
            .metadata
            .as_mut()
            .unwrap()
            .labels
            .as_mut()
            .unwrap()
            .insert(POD_TEMPLATE_HASH_LABEL.into(), "different-hash".into());
        let mut old = rs("old", 0, 30);
        old.spec.as_mut().unwrap().template = Some(template("foo/old"));
        assert_eq!(find_new_replica_set(&d, &[&new, &old]), Some(0));
        assert_eq!(find_new_replica_set(&d, &[&new, &old, &dup]), Some(2));
        assert_eq!(find_new_replica_set(&d, &[&old]), None);
        assert_eq!(
            find_old_replica_sets(&d, &[&old, &new, &dup]),
            (vec![1], vec![0, 1])
        );
        assert_eq!(find_old_replica_sets(&d, &[&new]), (vec![], vec![]));
    }

    #[test]
    fn equal_ignore_hash_follows_upstream_table() {
        let t = |name: &str, node: &str, ann: &[(&str, &str)], labels: &[(&str, &str)]| {
            PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    name: Some(name.into()),
                    annotations: Some(
                        ann.iter()
                            .map(|(a, b)| (a.to_string(), b.to_string()))
                            .collect(),
                    ),
                    labels: Some(
                        labels
                            .iter()
                            .map(|(a, b)| (a.to_string(), b.to_string()))
                            .collect(),
                    ),
                    ..Default::default()
                }),
                spec: Some(PodSpec {
                    node_name: Some(node.into()),
                    ..Default::default()
                }),
            }
        };
        let h = POD_TEMPLATE_HASH_LABEL;
        let rows = [
            (
                t("foo", "n", &[], &[(h, "v1"), ("something", "else")]),
                t("foo", "n", &[], &[(h, "v1"), ("something", "else")]),
                true,
            ),
            (
                t("foo", "n", &[], &[(h, "v1"), ("something", "else")]),
                t("foo", "n", &[], &[(h, "v2"), ("something", "else")]),
                true,
            ),
            (
                t("foo", "n", &[], &[("something", "else")]),
                t("foo", "n", &[], &[(h, "v2"), ("something", "else")]),
                true,
            ),
            (
                t("foo", "n", &[], &[(h, "v1")]),
                t("foo", "n", &[], &[(h, "v1"), ("something", "else")]),
                false,
            ),
            (
                t("foo", "n", &[("former", "value")], &[(h, "v1")]),
                t("foo", "n", &[("latter", "value")], &[(h, "v1")]),
                false,
            ),
            (
                t("foo-1", "n", &[], &[(h, "v1")]),
                t("foo-2", "n", &[], &[(h, "v2")]),
                false,
            ),
            (
                t("foo", "n1", &[], &[("something", "else")]),
                t("foo", "n2", &[], &[("nothing", "else")]),
                false,
            ),
        ];
        for (i, (a, b, want)) in rows.iter().enumerate() {
            assert_eq!(equal_ignore_hash(a, b), *want, "row {i}");
            assert_eq!(equal_ignore_hash(b, a), *want, "row {i} reversed");
        }
        // nil and empty maps are the same.
        let mut x = template("img");
        let y = template("img");
        x.metadata.as_mut().unwrap().annotations = Some(BTreeMap::new());
        assert!(equal_ignore_hash(&x, &y));
    }

    #[test]
    fn template_hash_uses_the_safe_digit_alphabet_and_collision_count() {
        let t = template("nginx:1.27");
        let h0 = compute_hash(&t, None);
        let h1 = compute_hash(&t, Some(1));
        let h2 = compute_hash(&t, Some(2));
        let hmax = compute_hash(&t, Some(i32::MAX));
        for h in [&h0, &h1, &h2, &hmax] {
            assert!((1..=10).contains(&h.len()), "{h}");
            assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
        }
        assert_ne!(h1, h2);
        assert_ne!(h0, hmax);
        assert_eq!(h0, compute_hash(&t.clone(), None));
        assert_ne!(h0, compute_hash(&template("nginx:1.28"), None));
    }

    #[test]
    fn revision_helpers_parse_and_rank() {
        let r = |rev: &str| history_rs("x", 0, 0, rev);
        let (a, b, c, bad) = (r("3"), r("10"), r("7"), r("nope"));
        assert_eq!(revision(&b), 10);
        assert!(try_revision(&bad).is_err());
        assert_eq!(revision(&rs("none", 0, 0)), 0);
        assert_eq!(max_revision(&[&a, &b, &c, &bad]), 10);
        assert_eq!(last_revision(&[&a, &b, &c, &bad]), 7);
    }

    #[test]
    fn new_replica_set_annotations_copy_and_keep_revision_history() {
        let mut d = deployment(10, Some(int(3)), Some(int(2)));
        d.metadata.annotations = Some(
            [
                ("kubernetes.io/change-cause", "v2"),
                (REVISION_ANNOTATION, "1"),
                (LAST_APPLIED_CONFIG_ANNOTATION, "{}"),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        );
        let mut new = rs("new", 0, 0);
        assert!(set_new_replica_set_annotations(
            &d,
            &mut new,
            "2",
            false,
            MAX_REV_HISTORY_LENGTH_IN_CHARS
        ));
        let a = new.metadata.annotations.clone().unwrap();
        assert_eq!(
            a.get("kubernetes.io/change-cause").map(String::as_str),
            Some("v2")
        );
        assert_eq!(a.get(REVISION_ANNOTATION).map(String::as_str), Some("2"));
        assert_eq!(
            a.get(DESIRED_REPLICAS_ANNOTATION).map(String::as_str),
            Some("10")
        );
        assert_eq!(
            a.get(MAX_REPLICAS_ANNOTATION).map(String::as_str),
            Some("13")
        );
        assert!(!a.contains_key(LAST_APPLIED_CONFIG_ANNOTATION));
        assert!(!a.contains_key(REVISION_HISTORY_ANNOTATION));
        // Nothing new: unchanged.
        assert!(!set_new_replica_set_annotations(
            &d,
            &mut new,
            "2",
            true,
            MAX_REV_HISTORY_LENGTH_IN_CHARS
        ));
        // Lower revision never lowers it ("10" vs "9": integer compare).
        let mut r = history_rs("r", 0, 0, "10");
        assert!(!set_new_replica_set_annotations(
            &deployment(1, None, None),
            &mut r,
            "9",
            true,
            2000
        ));
        assert_eq!(revision(&r), 10);
        // Rollback reuse: 2 -> 4, then 4 -> 6 keeps "2,4"; a tight limit drops the oldest.
        let mut r = history_rs("r", 0, 0, "2");
        let plain = deployment(1, None, None);
        assert!(set_new_replica_set_annotations(
            &plain, &mut r, "4", true, 2000
        ));
        assert!(set_new_replica_set_annotations(
            &plain, &mut r, "6", true, 2000
        ));
        assert_eq!(annotation(&r, REVISION_HISTORY_ANNOTATION), Some("2,4"));
        assert!(set_new_replica_set_annotations(
            &plain, &mut r, "8", true, 3
        ));
        assert_eq!(annotation(&r, REVISION_HISTORY_ANNOTATION), Some("4,6"));
        // Upstream TestAnnotationUtils: revisions 1..20 in turn.
        let mut r = rs("t", 1, 0);
        for i in 1..=20 {
            set_new_replica_set_annotations(&plain, &mut r, &i.to_string(), true, 2000);
            assert_eq!(revision(&r), i);
        }
    }

    #[test]
    fn replicas_annotations_and_saturation() {
        let mut r = rs("t", 1, 0);
        assert!(set_replicas_annotations(&mut r, 10, 11));
        assert!(!set_replicas_annotations(&mut r, 10, 11));
        assert!(!replicas_annotations_need_update(&r, 10, 11));
        assert!(replicas_annotations_need_update(&r, 10, 12));
        assert_eq!(get_desired_replicas_annotation(&r), Some(10));
        assert_eq!(get_max_replicas_annotation(&r), Some(11));
        let d = deployment(1, None, None);
        let sat = with_available(with_annotations(rs("t", 1, 0), 1, 1), 1);
        assert!(is_saturated(&d, Some(&sat)));
        assert!(!is_saturated(&d, Some(&with_available(sat.clone(), 0))));
        assert!(!is_saturated(&d, Some(&rs("t", 1, 0))));
        assert!(!is_saturated(&d, None));
        let mut dd = d.clone();
        assert!(set_deployment_revision(&mut dd, "3"));
        assert!(!set_deployment_revision(&mut dd, "3"));
    }

    fn status(replicas: i32, updated: i32, ready: i32, available: i32) -> DeploymentStatus {
        DeploymentStatus {
            replicas: Some(replicas),
            updated_replicas: Some(updated),
            ready_replicas: Some(ready),
            available_replicas: Some(available),
            ..Default::default()
        }
    }

    #[test]
    fn completeness_follows_upstream_table() {
        // (desired, current, updated, available, maxUnavailable, maxSurge, complete)
        let rows = [
            (5, 5, 5, 4, 1, 0, false),
            (5, 5, 5, 3, 1, 0, false),
            (5, 5, 5, 5, 0, 0, true),
            (5, 5, 4, 5, 0, 0, false),
            (1, 2, 1, 1, 0, 1, false),
            (1, 1, 1, 0, 1, 1, false),
        ];
        for (desired, cur, upd, avail, mu, ms, want) in rows {
            let d = deployment(desired, Some(int(ms)), Some(int(mu)));
            assert_eq!(deployment_complete(&d, &status(cur, upd, 0, avail)), want);
        }
    }

    #[test]
    fn progress_follows_upstream_table() {
        let rows = [
            ((10, 4, 4, 4), (10, 6, 4, 4), true),
            ((10, 4, 4, 4), (10, 4, 4, 4), false),
            ((10, 4, 6, 6), (8, 4, 6, 6), true),
            ((10, 7, 3, 3), (10, 6, 3, 3), false),
            ((10, 4, 7, 7), (8, 8, 5, 5), true),
            ((10, 10, 9, 8), (10, 10, 10, 8), true),
            ((10, 10, 10, 9), (10, 10, 10, 10), true),
        ];
        for (old, new, want) in rows {
            let mut d = deployment(10, None, None);
            d.status = Some(status(old.0, old.1, old.2, old.3));
            assert_eq!(
                deployment_progressing(&d, &status(new.0, new.1, new.2, new.3)),
                want,
                "{old:?}->{new:?}"
            );
        }
    }

    #[test]
    fn timeout_follows_upstream_table() {
        let at = |m: i64, s: i64| SimTime((m * 60 + s) * 1000);
        let mk = |pds: Option<i32>, reason: &str, from: SimTime| {
            let mut d = deployment(1, None, None);
            d.spec.as_mut().unwrap().progress_deadline_seconds = pds;
            let mut c = new_deployment_condition(CONDITION_PROGRESSING, "True", reason, "", from);
            if reason.is_empty() {
                c.reason = None;
            }
            d.status = Some(DeploymentStatus {
                conditions: Some(vec![c]),
                ..Default::default()
            });
            d
        };
        let check = |d: &Deployment, now| deployment_timed_out(d, d.status.as_ref().unwrap(), now);
        assert!(!check(&mk(None, "", at(1, 9)), at(1, 20)));
        assert!(check(&mk(Some(10), "", at(1, 9)), at(1, 20)));
        assert!(!check(&mk(Some(10), "", at(1, 11)), at(1, 20)));
        assert!(
            !check(&mk(Some(10), "", at(1, 10)), at(1, 20)),
            "exactly at the deadline is not yet late"
        );
        assert!(!check(
            &mk(Some(10), NEW_RS_AVAILABLE_REASON, at(0, 0)),
            at(9, 0)
        ));
        assert!(check(&mk(Some(10), TIMED_OUT_REASON, at(1, 19)), at(1, 20)));
    }

    #[test]
    fn conditions_append_and_keep_transition_time() {
        let t0 = SimTime(0);
        let t1 = SimTime(5000);
        let mut st = DeploymentStatus::default();
        set_deployment_condition(
            &mut st,
            new_deployment_condition(CONDITION_PROGRESSING, "False", "ForSomeReason", "", t0),
        );
        set_deployment_condition(
            &mut st,
            new_deployment_condition(CONDITION_AVAILABLE, "True", "AwesomeController", "", t0),
        );
        let types: Vec<&str> = st
            .conditions
            .as_ref()
            .unwrap()
            .iter()
            .map(|c| c.type_.as_str())
            .collect();
        assert_eq!(types, vec!["Progressing", "Available"]);
        // Same status + reason: no-op (lastUpdateTime not refreshed).
        set_deployment_condition(
            &mut st,
            new_deployment_condition(CONDITION_AVAILABLE, "True", "AwesomeController", "x", t1),
        );
        assert_eq!(
            get_deployment_condition(&st, CONDITION_AVAILABLE)
                .unwrap()
                .message
                .as_deref(),
            Some("")
        );
        // Same status, new reason: moved to the end, transition time kept.
        set_deployment_condition(
            &mut st,
            new_deployment_condition(CONDITION_PROGRESSING, "False", "Other", "", t1),
        );
        let c = st.conditions.as_ref().unwrap().last().unwrap();
        assert_eq!(c.type_, "Progressing");
        assert_eq!(c.last_transition_time, Some(t0.to_k8s()));
        assert_eq!(c.last_update_time, Some(t1.to_k8s()));
        // New status: new transition time.
        set_deployment_condition(
            &mut st,
            new_deployment_condition(CONDITION_PROGRESSING, "True", "BecauseItIs", "", t1),
        );
        assert_eq!(
            get_deployment_condition(&st, CONDITION_PROGRESSING)
                .unwrap()
                .last_transition_time,
            Some(t1.to_k8s())
        );
        remove_deployment_condition(&mut st, CONDITION_REPLICA_FAILURE);
        assert_eq!(st.conditions.as_ref().unwrap().len(), 2);
        remove_deployment_condition(&mut st, CONDITION_PROGRESSING);
        remove_deployment_condition(&mut st, CONDITION_AVAILABLE);
        assert!(st.conditions.is_none());
    }

    #[test]
    fn rollout_status_reports_progress_then_completion() {
        let now = SimTime(60_000);
        let mut d = deployment(2, Some(int(1)), Some(int(0)));
        d.metadata.generation = Some(2);
        d.spec.as_mut().unwrap().progress_deadline_seconds = Some(600);
        let mut st0 = DeploymentStatus::default();
        set_deployment_condition(
            &mut st0,
            new_deployment_condition(
                CONDITION_PROGRESSING,
                "True",
                NEW_REPLICA_SET_REASON,
                &msg_created_new_rs("foo-abc"),
                SimTime(0),
            ),
        );
        d.status = Some(st0);
        let mut new = with_available(rs("foo-abc", 2, 1), 1);
        new.status.as_mut().unwrap().replicas = 2;
        new.status.as_mut().unwrap().ready_replicas = Some(1);
        let st = rollout_status(&d, &[&new], Some(&new), now);
        let p = get_deployment_condition(&st, CONDITION_PROGRESSING).unwrap();
        assert_eq!(p.reason.as_deref(), Some(REPLICA_SET_UPDATED_REASON));
        assert_eq!(
            p.message.as_deref(),
            Some("ReplicaSet \"foo-abc\" is progressing.")
        );
        assert_eq!(p.last_transition_time, Some(SimTime(0).to_k8s()));
        assert_eq!(p.last_update_time, Some(now.to_k8s()));
        let a = get_deployment_condition(&st, CONDITION_AVAILABLE).unwrap();
        assert_eq!(
            (a.status.as_str(), a.reason.as_deref()),
            ("False", Some(MINIMUM_REPLICAS_UNAVAILABLE))
        );
        d.status = Some(st);
        let done = with_available(new.clone(), 2);
        let mut done = done;
        done.status.as_mut().unwrap().ready_replicas = Some(2);
        let st = rollout_status(&d, &[&done], Some(&done), now.plus(1000));
        let p = get_deployment_condition(&st, CONDITION_PROGRESSING).unwrap();
        assert_eq!(p.reason.as_deref(), Some(NEW_RS_AVAILABLE_REASON));
        assert_eq!(
            p.message.as_deref(),
            Some("ReplicaSet \"foo-abc\" has successfully progressed.")
        );
        let order: Vec<&str> = st
            .conditions
            .as_ref()
            .unwrap()
            .iter()
            .map(|c| c.type_.as_str())
            .collect();
        assert_eq!(order, vec!["Available", "Progressing"]);
        assert_eq!(requeue_stuck_after(&d, &st, now), None);
    }

    #[test]
    fn stuck_rollout_times_out_and_is_requeued_before() {
        let mut d = deployment(2, Some(int(1)), Some(int(0)));
        d.spec.as_mut().unwrap().progress_deadline_seconds = Some(600);
        let mut st0 = DeploymentStatus::default();
        set_deployment_condition(
            &mut st0,
            new_deployment_condition(
                CONDITION_PROGRESSING,
                "True",
                REPLICA_SET_UPDATED_REASON,
                "x",
                SimTime(0),
            ),
        );
        d.status = Some(st0);
        let new = rs("foo-abc", 1, 1);
        let st = rollout_status(&d, &[&new], Some(&new), SimTime(180_000));
        assert_eq!(
            requeue_stuck_after(&d, &st, SimTime(180_000)),
            Some(421_000)
        );
        let st = rollout_status(&d, &[&new], Some(&new), SimTime(600_001));
        let p = get_deployment_condition(&st, CONDITION_PROGRESSING).unwrap();
        assert_eq!(p.reason.as_deref(), Some(TIMED_OUT_REASON));
        assert_eq!(p.status, "False");
        assert_eq!(
            p.message.as_deref(),
            Some("ReplicaSet \"foo-abc\" has timed out progressing.")
        );
    }

    #[test]
    fn pause_and_resume_set_unknown_progressing() {
        let mut d = deployment(1, None, None);
        d.spec.as_mut().unwrap().progress_deadline_seconds = Some(600);
        d.spec.as_mut().unwrap().paused = Some(true);
        let st = paused_condition_update(&d, SimTime(0)).unwrap();
        let c = get_deployment_condition(&st, CONDITION_PROGRESSING).unwrap();
        assert_eq!(
            (c.status.as_str(), c.reason.as_deref(), c.message.as_deref()),
            ("Unknown", Some(PAUSED_DEPLOY_REASON), Some(MSG_PAUSED))
        );
        d.status = Some(st);
        assert!(paused_condition_update(&d, SimTime(1)).is_none());
        d.spec.as_mut().unwrap().paused = Some(false);
        let st = paused_condition_update(&d, SimTime(2)).unwrap();
        assert_eq!(
            get_deployment_condition(&st, CONDITION_PROGRESSING)
                .unwrap()
                .reason
                .as_deref(),
            Some(RESUMED_DEPLOY_REASON)
        );
    }

    #[test]
    fn messages_match_upstream_wording() {
        assert_eq!(
            scaling_replica_set_message("web-1", 0, 3),
            "Scaled up replica set web-1 from 0 to 3"
        );
        assert_eq!(
            scaling_replica_set_message("web-1", 10, 8),
            "Scaled down replica set web-1 from 10 to 8"
        );
        assert_eq!(
            msg_created_new_rs("web-1"),
            "Created new replica set \"web-1\""
        );
        assert_eq!(msg_found_new_rs("web-1"), "Found new replica set \"web-1\"");
        assert_eq!(
            msg_failed_create_rs("web-1", "boom"),
            "Failed to create new replica set \"web-1\": boom"
        );
    }

    #[test]
    fn active_or_latest_picks_single_active_or_newest() {
        let a = rs("a", 0, 0);
        let b = rs("b", 0, 10);
        let c = rs("c", 2, 5);
        assert_eq!(
            find_active_or_latest(None, &[&a, &b]).map(rs_name),
            Some("b")
        );
        assert_eq!(
            find_active_or_latest(Some(&a), &[&b]).map(rs_name),
            Some("a")
        );
        assert_eq!(
            find_active_or_latest(None, &[&a, &c]).map(rs_name),
            Some("c")
        );
        let d2 = rs("d", 1, 1);
        assert!(find_active_or_latest(Some(&c), &[&d2]).is_none());
        assert!(find_active_or_latest(None, &[]).is_none());
    }

    proptest! {
        #[test]
        fn plan_scale_never_goes_negative_nor_above_replicas_plus_surge(
            old_replicas in 0i32..60,
            old_surge in 0i32..10,
            new_replicas in 0i32..80,
            new_surge in 0i32..10,
            sizes in proptest::collection::vec(0i32..20, 1..5),
            saturated_avail in proptest::bool::ANY,
        ) {
            // A state the controller could have left: every RS annotated with the old
            // deployment's desired/max and Σ sizes within the old max.
            let old_max = old_replicas + old_surge;
            let mut sizes = sizes;
            let mut total: i32 = sizes.iter().sum();
            let mut i = 0;
            while total > old_max {
                let k = i % sizes.len();
                if sizes[k] > 0 {
                    sizes[k] -= 1;
                    total -= 1;
                }
                i += 1;
            }
            let d = deployment(new_replicas, Some(int(new_surge)), Some(int(1)));
            let rss: Vec<ReplicaSet> = sizes
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let r = with_annotations(rs(&format!("rs-{i}"), *s, i as i64), old_replicas, old_max);
                    if saturated_avail { with_available(r, *s) } else { r }
                })
                .collect();
            let (new, olds) = rss.split_last().unwrap();
            let old_refs: Vec<&ReplicaSet> = olds.iter().collect();
            let mut final_sizes: BTreeMap<String, i32> =
                rss.iter().map(|r| (rs_name(r).to_string(), rs_replicas(r))).collect();
            for (name, s) in plan_scale(&d, Some(new), &old_refs) {
                prop_assert!(s >= 0, "{name} -> {s}");
                final_sizes.insert(name, s);
            }
            let sum: i32 = final_sizes.values().sum();
            prop_assert!(sum <= new_replicas + new_surge, "sum {sum} sizes {final_sizes:?}");
        }

        #[test]
        fn plan_scale_never_panics_on_arbitrary_annotations(
            d_replicas in 0i32..50,
            surge in 0i32..5,
            status_replicas in 0i32..50,
            rss in proptest::collection::vec((0i32..30, -5i32..60, proptest::bool::ANY), 0..5),
        ) {
            let mut d = deployment(d_replicas, Some(int(surge)), Some(int(0)));
            d.status = Some(DeploymentStatus { replicas: Some(status_replicas), ..Default::default() });
            let v: Vec<ReplicaSet> = rss
                .iter()
                .enumerate()
                .map(|(i, (s, m, annotated))| {
                    let r = rs(&format!("rs-{i}"), *s, i as i64);
                    if *annotated { with_annotations(r, *m, *m) } else { r }
                })
                .collect();
            let refs: Vec<&ReplicaSet> = v.iter().collect();
            let _ = plan_scale(&d, refs.last().copied(), &refs[..refs.len().saturating_sub(1)]);
        }
    }
}

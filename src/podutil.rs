//! Helpers several components share about pods and owner references (upstream's
//! `pkg/api/v1/pod` podutil, `pkg/controller` IsPodActive, and apimachinery's
//! `metav1.GetControllerOf` / `NewControllerRef`). A leaf: it imports only object and time.

use k8s_openapi::api::core::v1::{Pod, PodCondition};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

use crate::object::Object;
use crate::time::SimTime;

/// The pod's first `Ready` condition (`GetPodReadyCondition`).
pub fn ready_condition(pod: &Pod) -> Option<&PodCondition> {
    pod.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
}

/// The pod's phase, or "" when unset.
pub fn phase(pod: &Pod) -> &str {
    pod.status
        .as_ref()
        .and_then(|s| s.phase.as_deref())
        .unwrap_or("")
}

/// The `lastTransitionTime` of the pod's first `Ready` condition, if any.
pub fn ready_transition_time(pod: &Pod) -> Option<SimTime> {
    ready_condition(pod)
        .and_then(|c| c.last_transition_time.as_ref())
        .map(SimTime::from_k8s)
}

/// `podutil.IsPodReady`: the first `Ready` condition has status `True`.
pub fn is_pod_ready(pod: &Pod) -> bool {
    ready_condition(pod).is_some_and(|c| c.status == "True")
}

/// `podutil.IsPodAvailable`: Ready, and either `min_ready_seconds` is 0 or the Ready
/// condition's `lastTransitionTime + minReadySeconds` is strictly before `now`
/// (a missing transition time never becomes available when `min_ready_seconds > 0`).
pub fn is_pod_available(pod: &Pod, min_ready_seconds: i32, now: SimTime) -> bool {
    if !is_pod_ready(pod) {
        return false;
    }
    if min_ready_seconds == 0 {
        return true;
    }
    match ready_condition(pod).and_then(|c| c.last_transition_time.as_ref()) {
        Some(t) => SimTime::from_k8s(t).plus(i64::from(min_ready_seconds) * 1000) < now,
        None => false,
    }
}

/// `controller.IsPodActive` (pkg/controller/controller_utils.go): not Succeeded, not
/// Failed, and no deletionTimestamp.
pub fn is_pod_active(pod: &Pod) -> bool {
    let p = phase(pod);
    p != "Succeeded" && p != "Failed" && pod.metadata.deletion_timestamp.is_none()
}

/// The controllerRef of an object (`metav1.GetControllerOf`).
pub fn controller_of(obj: &Object) -> Option<&OwnerReference> {
    obj.meta()
        .owner_references
        .as_ref()?
        .iter()
        .find(|r| r.controller == Some(true))
}

/// An owner reference to `obj`; with `controller`, a controllerRef that blocks the owner's
/// deletion (`metav1.NewControllerRef`).
pub fn owner_ref(obj: &Object, controller: bool) -> OwnerReference {
    OwnerReference {
        api_version: obj.kind().api_version().to_string(),
        kind: obj.kind().name().to_string(),
        name: obj.name().to_string(),
        uid: obj.meta().uid.clone().unwrap_or_default(),
        controller: if controller { Some(true) } else { None },
        block_owner_deletion: if controller { Some(true) } else { None },
    }
}

/// The pod's QoS class (`pkg/apis/core/v1/helper/qos`).
pub fn qos_class(pod: &Pod) -> String {
    let Some(spec) = &pod.spec else {
        return "BestEffort".into();
    };
    let mut any = false;
    let mut guaranteed = true;
    for c in &spec.containers {
        let req = c
            .resources
            .as_ref()
            .and_then(|r| r.requests.clone())
            .unwrap_or_default();
        let lim = c
            .resources
            .as_ref()
            .and_then(|r| r.limits.clone())
            .unwrap_or_default();
        if !req.is_empty() || !lim.is_empty() {
            any = true;
        }
        for r in ["cpu", "memory"] {
            match (req.get(r), lim.get(r)) {
                (_, None) => guaranteed = false,
                (Some(a), Some(b)) if a != b => guaranteed = false,
                _ => {}
            }
        }
    }
    if !any {
        "BestEffort".into()
    } else if guaranteed {
        "Guaranteed".into()
    } else {
        "Burstable".into()
    }
}

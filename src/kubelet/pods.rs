//! The kubelet's pod worker for one pod: admission, image pulls, container starts and
//! restarts with back-off, probes, and the pod status it reports
//! (`pkg/kubelet/kubelet.go` SyncPod, `pkg/kubelet/kuberuntime/kuberuntime_manager.go`
//! computePodActions/SyncPod/doBackOff, `pkg/kubelet/images/image_manager.go`,
//! `pkg/kubelet/kubelet_pods.go` generateAPIPodStatus/getPhase).
//!
//! Each pod has one timer (a `Work::KubeletPod` item), set after every sync to the earliest
//! moment something is due: a pull finishing, a probe tick, a container exiting, the relist
//! that notices an exit, the end of a back-off.
//!
//! **Routine timers.** `settle` runs until only routine timers remain. A timer is
//! *not* routine when it moves the pod towards a new state that a rollout or a user waits
//! for: the first pull, the start, the first readiness success, a probe result that flips
//! readiness, and the first rounds of a failure (the first crash, the first failed pull,
//! up to the moment the status first shows `CrashLoopBackOff` / `ImagePullBackOff`). Once
//! a container has shown a back-off state while its fault is still configured, everything
//! it does is a repeating failure loop and its timers are routine, as are periodic probes
//! that change nothing. So `settle` ends on a crash-looping cluster (showing the back-off),
//! `tick 5m` shows the back-off growing, and after `fault clear` the pending retry is not
//! routine again, so `settle` runs until the pod has recovered.
//!
//! **Sync timing (approximated).** Upstream the pod worker re-syncs a pod after a failed
//! sync after `backOffPeriod` (10s, jittered by up to 50%) and the PLEG relist (every 1s)
//! wakes it when a container exits or a sandbox appears. Here: a container exit is noticed
//! 1s later (`Timings::pleg_relist`); the first failed pull of a container is followed by
//! a sync 1s later (the new sandbox's PLEG event), later ones after 10s
//! (`Timings::error_resync`); while in back-off the pod is re-synced every 10s (each sync
//! records the `BackOff` event again, which the event recorder aggregates) and exactly
//! when the back-off ends, when the retry happens (as the kubelet does since it
//! propagates back-off expiry to the pod worker; in v1.32 the retry lands on the next
//! jittered re-sync instead).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting,
    ContainerStatus, Pod, PodIP, PodStatus,
};

use super::backoff::{self, Backoff};
use super::probes::{ProbeRun, failure_output, probe_specs};
use super::why::{KubeletWhy, ProbeWord, RemoveWhy};
use super::{Kubelets, container_names, merge_conditions, pod_cond, pod_work, pull_policy};
use crate::events::{EventSpec, object_ref};
use crate::faults::{ImageFaults, ProbeKind};
use crate::image::{hex_digest, image_size, normalize_image};
use crate::object::{Kind, ObjKey, Object};
use crate::profile::Profile;
use crate::runtime::Runtime;
use crate::runtime::step::StepCtx;
use crate::time::{SimTime, format_go_duration};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Stage {
    /// Bound to the node; the first sync happens after sandbox and volume setup.
    Admitted { ready_at: SimTime },
    /// Sandbox running; containers are pulled, started and restarted one by one.
    Active,
    /// SIGTERM sent; containers exit at `until`.
    Killing { until: SimTime },
}

#[derive(Clone, Debug)]
pub(crate) struct Pull {
    image: String,
    requested: SimTime,
    took: i64,
    done: SimTime,
    /// The pull fails (an image-pull fault was configured when it started).
    fails: bool,
}

/// A finished container instance (`state.terminated` / `lastState.terminated`).
#[derive(Clone, Debug)]
struct Term {
    exit_code: i32,
    reason: String,
    started_at: SimTime,
    finished_at: SimTime,
    id: String,
}

#[derive(Clone, Debug)]
enum CState {
    /// No container instance runs: not created yet, or waiting for a retry (`reason`).
    Waiting,
    Pulling(Pull),
    /// Image ready; created together with the pod's other ready containers.
    Pulled(Option<Pull>),
    Running {
        since: SimTime,
    },
    /// Being stopped after a failed liveness or startup probe.
    Stopping {
        since: SimTime,
        until: SimTime,
    },
    /// Exited; the kubelet notices it at the relist.
    Exited {
        relist: SimTime,
    },
    /// Exited and not restarted (restartPolicy).
    Done,
}

#[derive(Clone, Debug)]
struct Ctr {
    name: String,
    image: String,
    state: CState,
    restart_count: i32,
    /// The latest finished instance.
    term: Option<Term>,
    /// The one before it (`lastState` while the latest is shown as terminated).
    prev_term: Option<Term>,
    /// The current (or last) instance's container ID.
    id: Option<String>,
    ready: bool,
    started: bool,
    probes: BTreeMap<ProbeKind, ProbeRun>,
    /// The readiness probe run that the kubelet triggers when it first reports the container.
    manual_ready_at: Option<SimTime>,
    crash_bo: Option<Backoff>,
    pull_bo: Option<Backoff>,
    /// `ErrImagePull: <runtime error>` of the last failed pull (`prevPullErrMsg`).
    pull_err: Option<String>,
    /// The kubelet's reason cache: the waiting reason and message of the last failed start.
    reason: Option<(String, String)>,
    /// When the pod worker syncs this waiting container again.
    resync_at: Option<SimTime>,
    /// The status has shown a back-off state: further failures are a routine loop.
    looped: bool,
}

impl Ctr {
    fn new(name: &str, image: &str) -> Ctr {
        Ctr {
            name: name.to_string(),
            image: image.to_string(),
            state: CState::Waiting,
            restart_count: 0,
            term: None,
            prev_term: None,
            id: None,
            ready: false,
            started: false,
            probes: BTreeMap::new(),
            manual_ready_at: None,
            crash_bo: None,
            pull_bo: None,
            pull_err: None,
            reason: None,
            resync_at: None,
            looped: false,
        }
    }
}

/// The kubelet's record of one pod it runs.
#[derive(Clone, Debug)]
pub(crate) struct PodRun {
    pub(crate) uid: String,
    pub(crate) stage: Stage,
    pub(crate) ip: String,
    /// When the kubelet admitted the pod (its probe workers tick from here).
    admitted: SimTime,
    /// When the first container started.
    pub(crate) started: Option<SimTime>,
    ctrs: Vec<Ctr>,
    /// Failed attempts to set up the pod's volumes (their back-off; 0 once mounted).
    mount_failures: u32,
}

impl PodRun {
    fn any_running(&self) -> bool {
        self.ctrs
            .iter()
            .any(|c| matches!(c.state, CState::Running { .. } | CState::Stopping { .. }))
    }
}

/// The `Failed` event `Error: REASON` the kubelet records when a container cannot start
/// (kuberuntime's `recordContainerEvent(…, "Failed", "Error: %v", …)`).
fn failed_event(
    c: &mut Runtime,
    cx: &mut StepCtx,
    pod: &Object,
    node: &str,
    ctr: &str,
    reason: &str,
) {
    ctr_event(
        c,
        cx,
        pod,
        node,
        ctr,
        "Warning",
        "Failed",
        format!("Error: {}", reason),
    );
}

/// An event about one container of the pod, from the kubelet on `node`.
#[allow(clippy::too_many_arguments)]
fn ctr_event(
    c: &mut Runtime,
    cx: &mut StepCtx,
    pod: &Object,
    node: &str,
    ctr: &str,
    ty: &'static str,
    reason: &str,
    msg: String,
) {
    let mut e = EventSpec::new(pod, ty, reason, msg, "kubelet");
    e.involved = object_ref(pod, Some(format!("spec.containers{{{}}}", ctr)));
    e.host = Some(node.into());
    c.record_event(cx, e);
}

fn pod_full_name(pod: &Pod) -> String {
    format!(
        "{}_{}({})",
        pod.metadata.name.as_deref().unwrap_or(""),
        pod.metadata.namespace.as_deref().unwrap_or(""),
        pod.metadata.uid.as_deref().unwrap_or("")
    )
}

/// The container's mounts as the v1.32 kubelet reports them in its status
/// (`convertToAPIContainerStatuses`, RecursiveReadOnlyMounts beta since v1.31, on by
/// default): each mount of the spec in order; a read-only one says whether it is
/// recursively read-only (`Disabled` unless the spec asks for it).
fn mount_statuses(
    pod: &Pod,
    names: &[String],
    i: usize,
) -> Option<Vec<k8s_openapi::api::core::v1::VolumeMountStatus>> {
    let name = names.get(i)?;
    let spec = pod.spec.as_ref()?;
    let ctr = spec
        .init_containers
        .iter()
        .flatten()
        .chain(spec.containers.iter())
        .find(|ct| &ct.name == name)?;
    let mounts = ctr.volume_mounts.as_ref()?;
    Some(
        mounts
            .iter()
            .map(|m| {
                let ro = m.read_only == Some(true);
                k8s_openapi::api::core::v1::VolumeMountStatus {
                    name: m.name.clone(),
                    mount_path: m.mount_path.clone(),
                    read_only: ro.then_some(true),
                    recursive_read_only: ro.then(|| {
                        match m.recursive_read_only.as_deref() {
                            // containerd 2.0 on a recent kernel can, so IfPossible is Enabled.
                            Some("Enabled") | Some("IfPossible") => "Enabled",
                            _ => "Disabled",
                        }
                        .to_string()
                    }),
                }
            })
            .collect(),
    )
}

/// The runtime's error for a pull of a missing image (containerd's wording).
pub fn pull_error_text(image: &str) -> String {
    let norm = normalize_image(image);
    format!(
        "rpc error: code = NotFound desc = failed to pull and unpack image \"{n}\": failed to resolve reference \"{n}\": {n}: not found",
        n = norm
    )
}

fn pulled_msg(profile: Profile, p: &Pull) -> String {
    let size = image_size(&p.image);
    match profile {
        Profile::V1_32 => format!(
            "Successfully pulled image {:?} in {} ({} including waiting). Image size: {} bytes.",
            p.image,
            format_go_duration(p.took),
            format_go_duration(p.done.0 - p.requested.0),
            size
        ),
        Profile::V1_26 => format!(
            "Successfully pulled image {:?} in {} ({} including waiting)",
            p.image,
            format_go_duration(p.took),
            format_go_duration(p.done.0 - p.requested.0)
        ),
    }
}

/// Queue a pull of `image` on the node's serial puller; returns the pull and a note for
/// the step's summary.
fn queue_pull(
    kl: &mut Kubelets,
    c: &mut Runtime,
    node: &str,
    image: &str,
    policy: &str,
) -> (Pull, Option<KubeletWhy>) {
    let now = c.now;
    let norm = normalize_image(image);
    let fails = c.faults.for_image(image).pull;
    let t = c.timings.clone();
    let Some(k) = kl.nodes.get_mut(node) else {
        let p = Pull {
            image: image.into(),
            requested: now,
            took: 0,
            done: now,
            fails,
        };
        return (p, None);
    };
    let present = k.images.contains_key(&norm);
    let size = image_size(image);
    let start = now.max(k.puller_free_at);
    // Layers already on the node (or pulled by an earlier pull in the serial queue)
    // make the pull a quick manifest check.
    let layers_there = present || k.pulls_done_at.get(&norm).is_some_and(|d| *d <= start);
    let took = if layers_there {
        t.cached_pull
    } else {
        t.pull_overhead + size * 1000 / t.pull_bytes_per_sec.max(1)
    };
    // A missing image fails when the reference is resolved, before any layer is fetched.
    let real_took = if fails { t.pull_overhead } else { took };
    let done = start.plus(real_took);
    if !fails {
        k.pulls_done_at.entry(norm).or_insert(done);
    }
    k.puller_free_at = done;
    let note = if start > now {
        KubeletWhy::PullQueued {
            image: image.into(),
            policy: policy.into(),
            wait: start.0 - now.0,
        }
    } else {
        KubeletWhy::Pulling {
            image: image.into(),
            policy: policy.into(),
            took,
        }
    };
    (
        Pull {
            image: image.into(),
            requested: now,
            took: real_took,
            done,
            fails,
        },
        Some(note),
    )
}

/// Kubelet pod worker: one sync of one pod (`syncPod` / `syncTerminatingPod`).
pub(crate) fn sync_pod(
    kl: &mut Kubelets,
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    key: &str,
) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    // The stored object is shared, not copied: the helpers borrow the pod from it.
    let pod_obj = c.get(Kind::Pod, ns, name);
    let Some(k) = kl.nodes.get(node) else {
        return;
    };
    let state = k.pods.get(key).cloned();
    let now = c.now;
    let work = pod_work(c, node.into(), key.into());
    let Some(pod_object) = pod_obj.filter(|o| {
        o.as_pod()
            .is_some_and(|p| p.spec.as_ref().and_then(|s| s.node_name.as_deref()) == Some(node))
    }) else {
        // A static pod's mirror is gone (force-deleted, or its Node's garbage): the static
        // pod runs on, and the kubelet creates the mirror again (kubelet.go syncPod).
        if let Some(manifest) = kl
            .nodes
            .get(node)
            .and_then(|k| k.static_pods.get(key))
            .cloned()
            && state.is_some()
        {
            if let Ok(o) = c.api_create(cx, Object::from(manifest), true) {
                let uid = o.meta().uid.clone().unwrap_or_default();
                if let Some(s) = kl.nodes.get_mut(node).and_then(|k| k.pods.get_mut(key)) {
                    s.uid = uid;
                }
                if let Some(p) = o.as_pod() {
                    write_status(kl, c, cx, node, key, p);
                }
                cx.say(KubeletWhy::MirrorRecreated {
                    pod: name.to_string(),
                    removed_by_kubelet: false,
                });
            }
            return;
        }
        if let Some(k) = kl.nodes.get_mut(node) {
            k.pods.remove(key);
        }
        return;
    };
    let Some(pod) = pod_object.as_pod() else {
        return;
    };
    let uid = pod.metadata.uid.clone().unwrap_or_default();
    let state = state.filter(|s| s.uid == uid);
    let terminating = pod.metadata.deletion_timestamp.is_some();
    match state {
        None if terminating => {
            // Never started here: nothing to stop.
            remove_pod(kl, c, cx, pod, RemoveWhy::NeverStarted);
        }
        None => {
            let ready_at = now.plus(c.timings.pod_startup);
            let Some(k) = kl.nodes.get_mut(node) else {
                return;
            };
            // A host-network pod has the node's address; others take the next one of the
            // node's pod CIDR.
            let host_network = pod.spec.as_ref().and_then(|s| s.host_network) == Some(true);
            let ip = if host_network {
                format!("172.18.0.{}", k.index + 1)
            } else {
                k.next_ip += 1;
                format!("10.244.{}.{}", k.index - 1, k.next_ip + 1)
            };
            let ctrs = pod
                .spec
                .as_ref()
                .map(|s| {
                    s.containers
                        .iter()
                        .map(|ct| Ctr::new(&ct.name, ct.image.as_deref().unwrap_or("")))
                        .collect()
                })
                .unwrap_or_default();
            k.pods.insert(
                key.to_string(),
                PodRun {
                    uid,
                    stage: Stage::Admitted { ready_at },
                    ip,
                    admitted: now,
                    started: None,
                    ctrs,
                    mount_failures: 0,
                },
            );
            c.add_timer(ready_at, work, false);
        }
        // A mirror pod deleted in the API: the static pod it mirrors runs on
        // (kubelet.go syncPod: a mirror pod being deleted is removed and created anew).
        Some(st)
            if terminating
                && st.stage == Stage::Active
                && pod
                    .metadata
                    .annotations
                    .as_ref()
                    .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror")) =>
        {
            let okey = ObjKey::new(
                Kind::Pod,
                pod.metadata.namespace.as_deref().unwrap_or(""),
                name,
            );
            let opts = crate::runtime::api::DeleteOptions {
                grace_seconds: Some(0),
                ..Default::default()
            };
            if c.api_delete(cx, &okey, opts).is_err() {
                return;
            }
            let mut fresh = pod.clone();
            fresh.status = None;
            let m = &mut fresh.metadata;
            m.uid = None;
            m.resource_version = None;
            m.creation_timestamp = None;
            m.deletion_timestamp = None;
            m.deletion_grace_period_seconds = None;
            m.managed_fields = None;
            if let Ok(o) = c.api_create(cx, Object::from(fresh), true) {
                let uid = o.meta().uid.clone().unwrap_or_default();
                if let Some(k) = kl.nodes.get_mut(node)
                    && let Some(s) = k.pods.get_mut(key)
                {
                    s.uid = uid;
                }
                // The status manager reports the running static pod on its new mirror.
                if let Some(p) = o.as_pod() {
                    write_status(kl, c, cx, node, key, p);
                }
            }
            cx.say(KubeletWhy::MirrorRecreated {
                pod: name.to_string(),
                removed_by_kubelet: true,
            });
        }
        Some(st) if terminating => match st.stage {
            Stage::Killing { until } if now >= until => {
                remove_pod(kl, c, cx, pod, RemoveWhy::Exited);
            }
            Stage::Killing { until } => c.add_timer(until, work, false),
            Stage::Active if st.any_running() => {
                let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30) * 1000;
                // Each running container stops when its main process exits on SIGTERM, or
                // is killed when the grace period ends if PID 1 ignores SIGTERM.
                let mut stop = 0;
                let mut ignoring: Option<(String, String)> = None;
                for ct in &st.ctrs {
                    if matches!(ct.state, CState::Running { .. } | CState::Stopping { .. }) {
                        let spec = container_spec(pod, &ct.name);
                        stop = stop.max(stop_of(c, spec, grace).0);
                        if ignoring.is_none()
                            && let Some(p) = spec.and_then(pid1_ignoring)
                        {
                            ignoring = Some((ct.name.clone(), p));
                        }
                    }
                }
                let until = now.plus(stop);
                for ct in &st.ctrs {
                    if matches!(ct.state, CState::Running { .. } | CState::Stopping { .. }) {
                        ctr_event(
                            c,
                            cx,
                            &pod_object,
                            node,
                            &ct.name,
                            "Normal",
                            "Killing",
                            format!("Stopping container {}", ct.name),
                        );
                    }
                }
                match ignoring {
                    Some((container, program)) => cx.say(KubeletWhy::TerminatingIgnored {
                        pod: name.to_string(),
                        grace_s: grace / 1000,
                        container,
                        program,
                    }),
                    None => cx.say(KubeletWhy::Terminating {
                        pod: name.to_string(),
                        grace_s: grace / 1000,
                        stop,
                    }),
                }
                if let Some(k) = kl.nodes.get_mut(node)
                    && let Some(s) = k.pods.get_mut(key)
                {
                    s.stage = Stage::Killing { until };
                }
                c.cancel_timer(&work);
                c.add_timer(until, work, false);
            }
            Stage::Active if st.started.is_some() => {
                remove_pod(kl, c, cx, pod, RemoveWhy::NoneRunning);
            }
            Stage::Admitted { .. } | Stage::Active => {
                remove_pod(kl, c, cx, pod, RemoveWhy::NoneStartedYet);
            }
        },
        Some(st) => match st.stage {
            Stage::Admitted { ready_at } if now >= ready_at => {
                start_pulls(kl, c, cx, node, key, &pod_object, st)
            }
            // Woken early (another change to the pod): wait for the pending moment again.
            Stage::Admitted { ready_at: t } => c.add_timer(t, work, false),
            Stage::Active => sync_active(kl, c, cx, node, key, &pod_object, st),
            Stage::Killing { .. } => {}
        },
    }
}

fn container_spec<'a>(
    pod: &'a Pod,
    name: &str,
) -> Option<&'a k8s_openapi::api::core::v1::Container> {
    pod.spec
        .as_ref()?
        .containers
        .iter()
        .find(|c| c.name == name)
}

/// PID 1's program when it ignores SIGTERM (see [`crate::image::pid1_ignoring_sigterm`]).
fn pid1_ignoring(spec: &k8s_openapi::api::core::v1::Container) -> Option<String> {
    crate::image::pid1_ignoring_sigterm(
        spec.image.as_deref().unwrap_or(""),
        spec.command.as_deref().unwrap_or(&[]),
        spec.args.as_deref().unwrap_or(&[]),
    )
}

/// When a running container exits on its own: (after, exit code) — a `fault crash` (code
/// 1), or a main process whose command ends ([`crate::image::natural_exit`]).
fn exit_of(
    f: &crate::faults::ImageFaults,
    spec: Option<&k8s_openapi::api::core::v1::Container>,
) -> Option<(crate::time::Millis, i32)> {
    if let Some(after) = f.crash_after {
        return Some((after, 1));
    }
    let s = spec?;
    crate::image::natural_exit(
        s.image.as_deref().unwrap_or(""),
        s.command.as_deref().unwrap_or(&[]),
        s.args.as_deref().unwrap_or(&[]),
        s.stdin.unwrap_or(false),
        s.tty.unwrap_or(false),
    )
}

/// How a container meets SIGTERM with a grace period of `grace` ms: (time until it has
/// exited, exit code, reason). A main process that handles SIGTERM exits (the runtime
/// reports it at the next relist, `container_stop`); one that ignores it is killed with
/// SIGKILL when the grace period ends: 137, `Error`.
fn stop_of(
    c: &Runtime,
    spec: Option<&k8s_openapi::api::core::v1::Container>,
    grace: crate::time::Millis,
) -> (crate::time::Millis, i32, &'static str) {
    if spec.and_then(pid1_ignoring).is_some() || c.timings.container_stop >= grace {
        return (grace, 137, "Error");
    }
    (c.timings.container_stop, 0, "Completed")
}

fn remove_pod(kl: &mut Kubelets, c: &mut Runtime, cx: &mut StepCtx, pod: &Pod, why: RemoveWhy) {
    let key = ObjKey::new(
        Kind::Pod,
        pod.metadata.namespace.as_deref().unwrap_or(""),
        pod.metadata.name.as_deref().unwrap_or(""),
    );
    let node = pod
        .spec
        .as_ref()
        .and_then(|s| s.node_name.clone())
        .unwrap_or_default();
    // Final status: containers terminated.
    if let Some(st) = kl
        .nodes
        .get(&node)
        .and_then(|k| k.pods.get(&key.ns_name()))
        .cloned()
        && st.started.is_some()
    {
        let mut p = pod.clone();
        let grace = pod.metadata.deletion_grace_period_seconds.unwrap_or(30) * 1000;
        let mut code = 0;
        if let Some(s) = p.status.as_mut() {
            for cs in s.container_statuses.iter_mut().flatten() {
                let (_, ccode, reason) = stop_of(c, container_spec(pod, &cs.name), grace);
                if ccode != 0 {
                    code = ccode;
                }
                let started = cs
                    .state
                    .as_ref()
                    .and_then(|s| s.running.as_ref())
                    .and_then(|r| r.started_at.clone());
                cs.state = Some(ContainerState {
                    terminated: Some(ContainerStateTerminated {
                        exit_code: ccode,
                        reason: Some(reason.into()),
                        started_at: started,
                        finished_at: Some(c.now.to_k8s()),
                        container_id: cs.container_id.clone(),
                        ..Default::default()
                    }),
                    ..Default::default()
                });
                cs.ready = false;
                cs.started = Some(false);
            }
            let conds = s.conditions.clone();
            s.conditions = Some(merge_conditions(
                conds.as_ref(),
                conds
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|mut cnd| {
                        if cnd.type_ == "Ready"
                            || cnd.type_ == "ContainersReady"
                            || cnd.type_ == "PodReadyToStartContainers"
                        {
                            cnd.status = "False".into();
                            if cnd.type_ != "PodReadyToStartContainers" {
                                // Succeeded pods report PodCompleted; failed ones ContainersNotReady.
                                cnd.reason = Some(
                                    if code == 0 {
                                        "PodCompleted"
                                    } else {
                                        "ContainersNotReady"
                                    }
                                    .into(),
                                );
                            }
                        }
                        cnd
                    })
                    .collect(),
            ));
            s.phase = Some(if code == 0 { "Succeeded" } else { "Failed" }.into());
        }
        let _ = c.api_update_status(cx, Object::from(p));
    }
    let _ = c.api_delete(
        cx,
        &key,
        crate::runtime::api::DeleteOptions {
            grace_seconds: Some(0),
            ..Default::default()
        },
    );
    if let Some(k) = kl.nodes.get_mut(&node) {
        k.pods.remove(&key.ns_name());
    }
    c.cancel_timer(&pod_work(c, node.clone(), key.ns_name()));
    cx.say(KubeletWhy::Removed {
        why,
        pod: key.name.clone(),
    });
}

/// The first sync after admission: check or pull every container's image.
fn start_pulls(
    kl: &mut Kubelets,
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    key: &str,
    pod_object: &Object,
    mut run: PodRun,
) {
    let Some(pod) = pod_object.as_pod() else {
        return;
    };
    // The volume manager mounts the pod's volumes before the sandbox and containers
    // (WaitForAttachAndMount); a ConfigMap or Secret volume whose object is missing fails.
    let failures = volume_errors(c, pod);
    if !failures.is_empty() {
        let now = c.now;
        // exponentialbackoff: 500ms after the first failure, doubling, at most 2m2s.
        let delay = (500i64 << run.mount_failures.min(16)).min(122_000);
        run.mount_failures += 1;
        let mut names = vec![];
        for (vol, err) in &failures {
            let mut e = EventSpec::new(
                pod_object,
                "Warning",
                "FailedMount",
                format!("MountVolume.SetUp failed for volume {:?} : {}", vol, err),
                "kubelet",
            );
            e.host = Some(node.into());
            c.record_event(cx, e);
            names.push(vol.clone());
        }
        cx.say(KubeletWhy::MountFailed {
            pod: pod.metadata.name.clone().unwrap_or_default(),
            volumes: names,
            error: failures[0].1.clone(),
            retry: delay,
        });
        let ready_at = now.plus(delay);
        run.stage = Stage::Admitted { ready_at };
        store_run(kl, node, key, run);
        write_status(kl, c, cx, node, key, pod);
        let work = pod_work(c, node.into(), key.into());
        c.add_timer(ready_at, work, false);
        return;
    }
    run.mount_failures = 0;
    let mut notes = vec![];
    let n = pod.spec.as_ref().map_or(0, |s| s.containers.len());
    let mut any_pull = false;
    for i in 0..n {
        ensure_image(kl, c, cx, node, pod_object, &mut run, i, &mut notes, true);
        any_pull |= run
            .ctrs
            .get(i)
            .is_some_and(|ct| matches!(ct.state, CState::Pulling(_)));
    }
    run.stage = Stage::Active;
    for n in notes {
        cx.say(n);
    }
    if any_pull {
        store_run(kl, node, key, run.clone());
        write_status(kl, c, cx, node, key, pod);
        set_timer(c, node, key, &run, pod);
    } else {
        sync_active(kl, c, cx, node, key, pod_object, run);
    }
}

fn store_run(kl: &mut Kubelets, node: &str, key: &str, run: PodRun) {
    if let Some(k) = kl.nodes.get_mut(node) {
        k.pods.insert(key.to_string(), run);
    }
}

fn should_restart(pod: &Pod, exit_code: i32) -> bool {
    match pod.spec.as_ref().and_then(|s| s.restart_policy.as_deref()) {
        Some("Never") => false,
        Some("OnFailure") => exit_code != 0,
        _ => true,
    }
}

/// Everything the pod worker does for an admitted pod: finish pulls, create containers,
/// run probes, notice exits, restart with back-off, then report the status.
fn sync_active(
    kl: &mut Kubelets,
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    key: &str,
    pod_object: &Object,
    mut run: PodRun,
) {
    let Some(pod) = pod_object.as_pod() else {
        return;
    };
    let now = c.now;
    let relist = c.timings.pleg_relist;
    let resync = c.timings.error_resync;
    let pname = pod.metadata.name.clone().unwrap_or_default();
    let empty = vec![];
    let specs = pod.spec.as_ref().map(|s| &s.containers).unwrap_or(&empty);
    let mut says: Vec<KubeletWhy> = vec![];

    // 1. Pulls that finished.
    for i in 0..run.ctrs.len() {
        let CState::Pulling(p) = &run.ctrs[i].state else {
            continue;
        };
        if p.done > now {
            continue;
        }
        let p = p.clone();
        let cname = run.ctrs[i].name.clone();
        if p.fails {
            let err = pull_error_text(&p.image);
            ctr_event(
                c,
                cx,
                pod_object,
                node,
                &cname,
                "Warning",
                "Failed",
                format!("Failed to pull image {:?}: {}", p.image, err),
            );
            failed_event(c, cx, pod_object, node, &cname, "ErrImagePull");
            let ct = &mut run.ctrs[i];
            let bo = backoff::next(ct.pull_bo, now, now);
            let first = ct.pull_bo.is_none();
            ct.pull_bo = Some(bo);
            ct.pull_err = Some(format!("ErrImagePull: {}", err));
            ct.reason = Some(("ErrImagePull".into(), err));
            ct.state = CState::Waiting;
            ct.resync_at = Some(now.plus(if first { relist } else { resync }));
            says.push(KubeletWhy::PullFailed {
                image: p.image.clone(),
                container: cname.to_string(),
                backoff: bo.delay,
            });
        } else {
            let norm = normalize_image(&p.image);
            if let Some(k) = kl.nodes.get_mut(node) {
                k.images.insert(norm, image_size(&p.image));
            }
            run.ctrs[i].state = CState::Pulled(Some(p));
        }
    }

    // 2. Running containers: exits (crash faults) and probes.
    for i in 0..run.ctrs.len() {
        let CState::Running { since } = run.ctrs[i].state else {
            continue;
        };
        let f = c.faults.for_image(&run.ctrs[i].image).clone();
        if let Some((after, code)) = exit_of(&f, specs.get(i))
            && since.plus(after) <= now
        {
            let ct = &mut run.ctrs[i];
            ct.prev_term = ct.term.take();
            ct.term = Some(Term {
                exit_code: code,
                reason: if code == 0 { "Completed" } else { "Error" }.into(),
                started_at: since,
                finished_at: now,
                id: ct.id.clone().unwrap_or_default(),
            });
            ct.ready = false;
            ct.started = false;
            ct.state = CState::Exited {
                relist: now.plus(relist),
            };
            says.push(KubeletWhy::Exited {
                container: ct.name.clone(),
                pod: pname.to_string(),
                code,
                ran: now.0 - since.0,
            });
            continue;
        }
        let Some(spec) = specs.get(i) else { continue };
        run_probes(
            c, cx, node, pod_object, &mut run, i, spec, since, &f, &mut says,
        );
    }

    // 3. Containers stopped after a failed liveness/startup probe: restarted in the same
    //    sync; the back-off check sees the status from before the kill, i.e. the previous
    //    exited instance (none for the first restart, which is never delayed).
    for i in 0..run.ctrs.len() {
        let CState::Stopping { since, until } = run.ctrs[i].state else {
            continue;
        };
        if until > now {
            continue;
        }
        let tgp = pod
            .spec
            .as_ref()
            .and_then(|s| s.termination_grace_period_seconds)
            .unwrap_or(30)
            * 1000;
        let spec = pod.spec.as_ref().and_then(|s| s.containers.get(i));
        let (_, code, reason) = stop_of(c, spec, tgp);
        let ct = &mut run.ctrs[i];
        let prev_finish = ct.term.as_ref().map(|t| t.finished_at);
        ct.prev_term = ct.term.take();
        ct.term = Some(Term {
            exit_code: code,
            reason: reason.into(),
            started_at: since,
            finished_at: now,
            id: ct.id.clone().unwrap_or_default(),
        });
        ct.state = CState::Waiting;
        if !should_restart(pod, code) {
            ct.state = CState::Done;
            continue;
        }
        match prev_finish {
            None => {
                says.push(KubeletWhy::ContainerStopped {
                    container: ct.name.clone(),
                });
                ensure_image(kl, c, cx, node, pod_object, &mut run, i, &mut says, false);
            }
            Some(ts) => {
                restart_or_back_off(kl, c, cx, node, pod_object, &mut run, i, ts, &mut says)
            }
        }
    }

    // 4. Exits noticed by the relist, and 5. waiting containers whose retry is due.
    for i in 0..run.ctrs.len() {
        match run.ctrs[i].state {
            CState::Exited { relist: at } if at <= now => {
                let Some(t) = run.ctrs[i].term.clone() else {
                    continue;
                };
                if !should_restart(pod, t.exit_code) {
                    run.ctrs[i].state = CState::Done;
                    if run.ctrs.iter().all(|c| matches!(c.state, CState::Done)) {
                        let failed = run
                            .ctrs
                            .iter()
                            .any(|c| c.term.as_ref().is_some_and(|t| t.exit_code != 0));
                        says.push(KubeletWhy::PodFinished {
                            pod: pod.metadata.name.clone().unwrap_or_default(),
                            phase: if failed { "Failed" } else { "Succeeded" }.into(),
                            policy: pod
                                .spec
                                .as_ref()
                                .and_then(|s| s.restart_policy.clone())
                                .unwrap_or_else(|| "Always".into()),
                        });
                    }
                    continue;
                }
                run.ctrs[i].state = CState::Waiting;
                restart_or_back_off(
                    kl,
                    c,
                    cx,
                    node,
                    pod_object,
                    &mut run,
                    i,
                    t.finished_at,
                    &mut says,
                );
            }
            CState::Waiting if run.ctrs[i].resync_at.is_some_and(|t| t <= now) => {
                run.ctrs[i].resync_at = None;
                let crashed = run.ctrs[i]
                    .reason
                    .as_ref()
                    .is_some_and(|r| r.0 == "CrashLoopBackOff");
                match run.ctrs[i].term.clone() {
                    Some(t) if crashed => restart_or_back_off(
                        kl,
                        c,
                        cx,
                        node,
                        pod_object,
                        &mut run,
                        i,
                        t.finished_at,
                        &mut says,
                    ),
                    _ => ensure_image(kl, c, cx, node, pod_object, &mut run, i, &mut says, false),
                }
            }
            _ => {}
        }
    }

    // 6. Create and start the containers whose images are ready, once no successful pull
    //    of the pod is still running (all Pulled events come first, as in a real start).
    let pulling = run
        .ctrs
        .iter()
        .any(|ct| matches!(&ct.state, CState::Pulling(p) if !p.fails));
    let ready_to_create: Vec<usize> = (0..run.ctrs.len())
        .filter(|&i| matches!(run.ctrs[i].state, CState::Pulled(_)))
        .collect();
    if !pulling && !ready_to_create.is_empty() {
        let profile = c.profile;
        for &i in &ready_to_create {
            if let CState::Pulled(Some(p)) = &run.ctrs[i].state {
                let msg = pulled_msg(profile, p);
                let n = run.ctrs[i].name.clone();
                ctr_event(c, cx, pod_object, node, &n, "Normal", "Pulled", msg);
            }
        }
        let first_start = run.started.is_none();
        let mut started_names = vec![];
        let mut restarted = vec![];
        let mut waits_for_probe = vec![];
        for &i in &ready_to_create {
            let n = run.ctrs[i].name.clone();
            // generateContainerConfig → makeEnvironmentVariables: a missing ConfigMap,
            // Secret or key fails the start (kuberuntime_container.go startContainer).
            if let Some(err) = specs.get(i).and_then(|spec| env_error(c, pod, spec)) {
                failed_event(c, cx, pod_object, node, &n, &err);
                // pod_workers.go completeWork: a sync error is retried after
                // wait.Jitter(backOffPeriod, 0.5), 10 s plus up to 5 s, in whole ms here.
                let retry = resync + kl.rng.below((resync / 2) as u64) as i64;
                let ct = &mut run.ctrs[i];
                ct.state = CState::Waiting;
                ct.reason = Some(("CreateContainerConfigError".into(), err.clone()));
                ct.resync_at = Some(now.plus(retry));
                says.push(KubeletWhy::ConfigError {
                    container: n,
                    error: err,
                    retry,
                });
                continue;
            }
            let created = match profile {
                Profile::V1_32 => format!("Created container: {}", n),
                Profile::V1_26 => format!("Created container {}", n),
            };
            ctr_event(c, cx, pod_object, node, &n, "Normal", "Created", created);
            ctr_event(
                c,
                cx,
                pod_object,
                node,
                &n,
                "Normal",
                "Started",
                format!("Started container {}", n),
            );
            let uid = run.uid.clone();
            let ct = &mut run.ctrs[i];
            if ct.id.is_some() {
                ct.restart_count += 1;
                restarted.push((n.clone(), ct.restart_count));
            } else {
                started_names.push(n.clone());
            }
            // The new instance's ID: the first one keeps the historic derivation.
            ct.id = Some(format!(
                "containerd://{}",
                if ct.restart_count == 0 {
                    hex_digest(&format!("{}/{}/{}", uid, n, now.0), 64)
                } else {
                    hex_digest(&format!("{}/{}/{}#{}", uid, n, now.0, ct.restart_count), 64)
                }
            ));
            ct.state = CState::Running { since: now };
            ct.reason = None;
            ct.resync_at = None;
            ct.probes.clear();
            let spec = specs.get(i);
            let has = |k: ProbeKind| {
                spec.is_some_and(|s| probe_specs(s).iter().any(|(p, _)| p.kind == k))
            };
            ct.started = !has(ProbeKind::Startup);
            ct.ready = !has(ProbeKind::Readiness);
            ct.manual_ready_at = if has(ProbeKind::Readiness) {
                Some(now.plus(relist))
            } else {
                None
            };
            if has(ProbeKind::Readiness) || has(ProbeKind::Startup) {
                waits_for_probe.push(n.clone());
            }
        }
        if !started_names.is_empty() || !restarted.is_empty() {
            run.started.get_or_insert(now);
        }
        let all_ready = run.ctrs.iter().all(|ct| ct.ready);
        if !started_names.is_empty() {
            says.push(KubeletWhy::ContainersStarted {
                count: started_names.len(),
                pod: pname.to_string(),
                all_ready: first_start && restarted.is_empty() && all_ready,
                waiting: waits_for_probe.clone(),
            });
        }
        if !restarted.is_empty() {
            says.push(KubeletWhy::Restarted {
                containers: restarted.clone(),
                pod: pname.to_string(),
            });
        }
    }

    for w in says {
        cx.say(w);
    }
    store_run(kl, node, key, run.clone());
    write_status(kl, c, cx, node, key, pod);
    set_timer(c, node, key, &run, pod);
}

/// Run the probes of running container `i` that are due.
#[allow(clippy::too_many_arguments)]
fn run_probes(
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    pod_object: &Object,
    run: &mut PodRun,
    i: usize,
    spec: &k8s_openapi::api::core::v1::Container,
    since: SimTime,
    f: &ImageFaults,
    says: &mut Vec<KubeletWhy>,
) {
    let now = c.now;
    let origin = run.admitted;
    let ip = run.ip.clone();
    for (ps, probe) in probe_specs(spec) {
        let kind = ps.kind;
        let ct = &mut run.ctrs[i];
        if !matches!(ct.state, CState::Running { .. }) {
            return;
        }
        let mut due = false;
        {
            let pr = ct.probes.entry(kind).or_default();
            // Ticks that passed (normally exactly one: the pod's timer fires at each).
            loop {
                let t = ps.next_probe(origin, since, pr.last_tick);
                if t > now {
                    break;
                }
                pr.last_tick = Some(t);
                due = true;
            }
        }
        if kind == ProbeKind::Readiness
            && let Some(m) = ct.manual_ready_at
            && m <= now
        {
            ct.manual_ready_at = None;
            if ps.delay_passed(since, now) {
                due = true;
            }
        }
        if !due {
            continue;
        }
        let on_hold = ct.probes.get(&kind).is_some_and(|p| p.on_hold);
        // Startup gates the others; a started container no longer runs its startup probe.
        let gated = match kind {
            ProbeKind::Startup => ct.started,
            _ => !ct.started,
        };
        if on_hold || gated {
            continue;
        }
        let ok = !f.probe_fails(kind);
        let name = ct.name.clone();
        if !ok {
            let out = failure_output(probe, spec, &ip);
            ctr_event(
                c,
                cx,
                pod_object,
                node,
                &name,
                "Warning",
                "Unhealthy",
                format!("{} probe failed: {}", kind.title(), out),
            );
        }
        let ct = &mut run.ctrs[i];
        let pr = ct.probes.entry(kind).or_default();
        let result = pr.record(ok, &ps);
        let run_len = pr.result_run;
        match (kind, result) {
            (ProbeKind::Readiness, Some(r)) if r != ct.ready => {
                ct.ready = r;
                says.push(if r {
                    KubeletWhy::ReadinessPassed {
                        container: name.clone(),
                    }
                } else {
                    KubeletWhy::ReadinessFailed {
                        container: name.clone(),
                        threshold: ps.failure_threshold,
                    }
                });
            }
            (ProbeKind::Startup, Some(true)) => {
                ct.started = true;
                ct.ready = !specs_has_readiness(spec);
                says.push(KubeletWhy::StartupPassed {
                    container: name.clone(),
                });
            }
            (ProbeKind::Liveness | ProbeKind::Startup, Some(false)) => {
                let tgp = pod_object
                    .as_pod()
                    .and_then(|p| p.spec.as_ref())
                    .and_then(|s| s.termination_grace_period_seconds)
                    .unwrap_or(30)
                    * 1000;
                let stop = stop_of(c, Some(spec), tgp).0;
                ctr_event(
                    c,
                    cx,
                    pod_object,
                    node,
                    &name,
                    "Normal",
                    "Killing",
                    format!(
                        "Container {} failed {} probe, will be restarted",
                        name,
                        kind.title().to_ascii_lowercase()
                    ),
                );
                let ct = &mut run.ctrs[i];
                ct.ready = false;
                ct.state = CState::Stopping {
                    since,
                    until: now.plus(stop),
                };
                says.push(KubeletWhy::ProbeKilled {
                    probe: probe_word(kind),
                    container: name.clone(),
                    threshold: ps.failure_threshold,
                });
                return;
            }
            _ if !ok => says.push(KubeletWhy::ProbeFailed {
                probe: probe_word(kind),
                container: name.clone(),
                count: run_len.max(1),
                threshold: ps.failure_threshold,
            }),
            _ => {}
        }
    }
}

fn specs_has_readiness(spec: &k8s_openapi::api::core::v1::Container) -> bool {
    spec.readiness_probe.is_some()
}

/// `doBackOff` for exited container `i` whose last instance finished at `ts`: restart it
/// now, or record `CrashLoopBackOff` and come back when the back-off ends.
#[allow(clippy::too_many_arguments)]
fn restart_or_back_off(
    kl: &mut Kubelets,
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    pod_object: &Object,
    run: &mut PodRun,
    i: usize,
    ts: SimTime,
    says: &mut Vec<KubeletWhy>,
) {
    let Some(pod) = pod_object.as_pod() else {
        return;
    };
    let now = c.now;
    let ct = &mut run.ctrs[i];
    if backoff::in_backoff_since(ct.crash_bo, ts, now) {
        let delay = ct.crash_bo.map(|b| b.delay).unwrap_or(backoff::INITIAL);
        let full = pod_full_name(pod);
        let name = ct.name.clone();
        let msg = format!(
            "back-off {} restarting failed container={} pod={}",
            format_go_duration(delay),
            name,
            full
        );
        let first_show = ct.reason.as_ref().is_none_or(|r| r.0 != "CrashLoopBackOff");
        ct.reason = Some(("CrashLoopBackOff".into(), msg));
        ct.looped = true;
        let retry = ts.plus(delay);
        ct.resync_at = Some(retry.min(now.plus(c.timings.error_resync)));
        ctr_event(
            c,
            cx,
            pod_object,
            node,
            &name,
            "Warning",
            "BackOff",
            format!(
                "Back-off restarting failed container {} in pod {}",
                name, full
            ),
        );
        if first_show {
            says.push(KubeletWhy::CrashLoopBackOff {
                container: name.clone(),
                backoff: delay,
                retry,
            });
        } else {
            says.push(KubeletWhy::RestartBackingOff {
                backoff: delay,
                container: name.clone(),
                pod: pod.metadata.name.clone().unwrap_or_default(),
                retry,
            });
        }
        return;
    }
    let bo = backoff::next(ct.crash_bo, ts, now);
    ct.crash_bo = Some(bo);
    says.push(KubeletWhy::Restarting {
        container: ct.name.clone(),
        pod: pod.metadata.name.clone().unwrap_or_default(),
        next_backoff: bo.delay,
    });
    ensure_image(kl, c, cx, node, pod_object, run, i, says, false);
}

/// `EnsureImageExists` failed without a pull to back off from: the image manager's Warning
/// event (`event_reason`, `msg`), then startContainer's `Failed` "Error: <error>"; the
/// container waits with `error` and the kubelet syncs the pod again after the error resync.
#[allow(clippy::too_many_arguments)]
fn image_error(
    c: &mut Runtime,
    cx: &mut StepCtx,
    pod_object: &Object,
    node: &str,
    run: &mut PodRun,
    i: usize,
    event_reason: &str,
    error: &str,
    msg: String,
) {
    let name = run.ctrs[i].name.clone();
    ctr_event(
        c,
        cx,
        pod_object,
        node,
        &name,
        "Warning",
        event_reason,
        msg.clone(),
    );
    failed_event(c, cx, pod_object, node, &name, error);
    let resync = c.now.plus(c.timings.error_resync);
    let ct = &mut run.ctrs[i];
    ct.reason = Some((error.into(), msg));
    ct.state = CState::Waiting;
    ct.resync_at = Some(resync);
    ct.looped = true;
}

/// `EnsureImageExists` (`pkg/kubelet/images/image_manager.go`) before creating container
/// `i` on the pod's first sync (`first`: also say that the image is present, or missing
/// with pull policy Never) or re-creating it: use the image on the node, or pull it
/// (unless the pull is backing off).
#[allow(clippy::too_many_arguments)]
fn ensure_image(
    kl: &mut Kubelets,
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    pod_object: &Object,
    run: &mut PodRun,
    i: usize,
    says: &mut Vec<KubeletWhy>,
    first: bool,
) {
    let Some(pod) = pod_object.as_pod() else {
        return;
    };
    let Some(spec) = pod.spec.as_ref().and_then(|s| s.containers.get(i)) else {
        return;
    };
    if i >= run.ctrs.len() {
        return;
    }
    let now = c.now;
    let image = spec.image.clone().unwrap_or_default();
    // applyDefaultImageTag: a reference that does not parse is not pulled at all.
    if let Err(err) = super::reference::parse_normalized_named(&image) {
        let msg = format!(
            "Failed to apply default image tag {:?}: couldn't parse image name {:?}: {}",
            image, image, err
        );
        if first {
            says.push(KubeletWhy::InvalidImageName {
                image: image.clone(),
                error: err,
            });
        }
        image_error(
            c,
            cx,
            pod_object,
            node,
            run,
            i,
            "InspectFailed",
            "InvalidImageName",
            msg,
        );
        return;
    }
    let policy = pull_policy(spec);
    let present = kl
        .nodes
        .get(node)
        .is_some_and(|k| k.images.contains_key(&normalize_image(&image)));
    let name = spec.name.clone();
    if policy == "Never" || (policy == "IfNotPresent" && present) {
        if present {
            ctr_event(
                c,
                cx,
                pod_object,
                node,
                &name,
                "Normal",
                "Pulled",
                format!("Container image {:?} already present on machine", image),
            );
            if first {
                says.push(KubeletWhy::ImagePresent {
                    image: image.clone(),
                    policy: policy.clone(),
                });
            }
            run.ctrs[i].state = CState::Pulled(None);
        } else {
            let msg = format!(
                "Container image {:?} is not present with pull policy of Never",
                image
            );
            if first {
                says.push(KubeletWhy::ImageNeverPull {
                    image: image.clone(),
                });
            }
            image_error(
                c,
                cx,
                pod_object,
                node,
                run,
                i,
                "ErrImageNeverPull",
                "ErrImageNeverPull",
                msg,
            );
        }
        return;
    }
    let ct = &mut run.ctrs[i];
    if backoff::in_backoff_since_update(ct.pull_bo, now) {
        let bo = ct.pull_bo.unwrap_or(Backoff {
            delay: backoff::INITIAL,
            last_update: now,
        });
        let ev_msg = format!("Back-off pulling image {:?}", image);
        let msg = match &ct.pull_err {
            Some(e) => format!("{}: {}", ev_msg, e),
            None => ev_msg.clone(),
        };
        let first_show = ct.reason.as_ref().is_none_or(|r| r.0 != "ImagePullBackOff");
        ct.reason = Some(("ImagePullBackOff".into(), msg));
        ct.looped = true;
        ct.state = CState::Waiting;
        let retry = bo.last_update.plus(bo.delay);
        ct.resync_at = Some(retry.min(now.plus(c.timings.error_resync)));
        ctr_event(c, cx, pod_object, node, &name, "Normal", "BackOff", ev_msg);
        failed_event(c, cx, pod_object, node, &name, "ImagePullBackOff");
        says.push(if first_show {
            KubeletWhy::ImagePullBackOff {
                container: name.clone(),
                image: image.clone(),
                retry,
                backoff: bo.delay,
            }
        } else {
            KubeletWhy::PullBackingOff {
                backoff: bo.delay,
                image: image.clone(),
                container: name.clone(),
                retry,
            }
        });
        return;
    }
    let (pull, note) = queue_pull(kl, c, node, &image, &policy);
    ctr_event(
        c,
        cx,
        pod_object,
        node,
        &name,
        "Normal",
        "Pulling",
        format!("Pulling image {:?}", image),
    );
    says.extend(note);
    let ct = &mut run.ctrs[i];
    ct.state = CState::Pulling(pull);
    ct.resync_at = None;
}

/// Set the pod's one timer to the next moment something is due.
fn set_timer(c: &mut Runtime, node: &str, key: &str, run: &PodRun, pod: &Pod) {
    let work = pod_work(c, node.into(), key.into());
    c.cancel_timer(&work);
    if run.stage != Stage::Active {
        return;
    }
    let empty = vec![];
    let specs = pod.spec.as_ref().map(|s| &s.containers).unwrap_or(&empty);
    let mut next: Option<SimTime> = None;
    let mut routine = true;
    let mut add = |t: SimTime, r: bool| {
        next = Some(next.map_or(t, |n| n.min(t)));
        if !r {
            routine = false;
        }
    };
    for (i, ct) in run.ctrs.iter().enumerate() {
        let f = c.faults.for_image(&ct.image);
        // A container that exits on its own loops like a crash fault once it has looped.
        let exit = exit_of(f, specs.get(i));
        let natural = exit.is_some() && f.crash_after.is_none();
        let looping = ct.looped && (f.loops() || natural);
        match &ct.state {
            CState::Pulling(p) => add(p.done, p.fails && looping),
            CState::Stopping { until, .. } => add(*until, looping),
            CState::Exited { relist } => add(*relist, looping),
            CState::Waiting => {
                if let Some(t) = ct.resync_at {
                    let pull_loop = ct.looped && f.pull;
                    let crash_loop = looping
                        && ct
                            .reason
                            .as_ref()
                            .is_some_and(|r| r.0 == "CrashLoopBackOff");
                    let never = ct
                        .reason
                        .as_ref()
                        .is_some_and(|r| r.0 == "ErrImageNeverPull" || r.0 == "InvalidImageName");
                    add(t, pull_loop || crash_loop || never);
                }
            }
            CState::Running { since } => {
                if let Some((after, _)) = exit {
                    // A long natural run (`sleep 3600`) is quiet until it ends.
                    let far = natural && after > crate::image::SETTLE_EXIT_HORIZON;
                    add(since.plus(after).max(c.now), looping || far);
                }
                let Some(spec) = specs.get(i) else { continue };
                for (ps, _) in probe_specs(spec) {
                    let pr = ct.probes.get(&ps.kind);
                    if pr.is_some_and(|p| p.on_hold) {
                        continue;
                    }
                    let runs = match ps.kind {
                        ProbeKind::Startup => !ct.started,
                        _ => ct.started,
                    };
                    if !runs {
                        continue;
                    }
                    let ok = !f.probe_fails(ps.kind);
                    let changes = match ps.kind {
                        ProbeKind::Readiness => ok != ct.ready,
                        ProbeKind::Startup => true,
                        ProbeKind::Liveness => !ok,
                    };
                    let t = ps.next_probe(run.admitted, *since, pr.and_then(|p| p.last_tick));
                    add(t, !changes || looping);
                    if ps.kind == ProbeKind::Readiness
                        && let Some(m) = ct.manual_ready_at
                    {
                        add(m, !changes || looping);
                    }
                }
            }
            CState::Pulled(_) | CState::Done => {}
        }
    }
    if let Some(t) = next {
        c.add_timer(t, work, routine);
    }
}

/// Report the pod's status as the kubelet's status manager does (only when it changed).
/// `makeEnvironmentVariables`' failures for one container (pkg/kubelet/kubelet_pods.go):
/// `envFrom` sources in order, then `env` references. The kubelet's ConfigMap and Secret
/// managers name the resource in the singular (`configmap "x" not found`). `optional: true`
/// skips a missing object or key.
fn env_error(
    c: &Runtime,
    pod: &Pod,
    spec: &k8s_openapi::api::core::v1::Container,
) -> Option<String> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    for src in spec.env_from.iter().flatten() {
        if let Some(r) = &src.config_map_ref
            && c.get(Kind::ConfigMap, ns, &r.name).is_none()
            && r.optional != Some(true)
        {
            return Some(format!("configmap {:?} not found", r.name));
        }
        if let Some(r) = &src.secret_ref
            && c.get(Kind::Secret, ns, &r.name).is_none()
            && r.optional != Some(true)
        {
            return Some(format!("secret {:?} not found", r.name));
        }
    }
    for env in spec.env.iter().flatten() {
        let Some(from) = &env.value_from else {
            continue;
        };
        if let Some(r) = &from.config_map_key_ref {
            let optional = r.optional == Some(true);
            match c.get(Kind::ConfigMap, ns, &r.name) {
                None if !optional => return Some(format!("configmap {:?} not found", r.name)),
                Some(o) => {
                    let has = o.as_configmap().is_some_and(|cm| {
                        cm.data.as_ref().is_some_and(|d| d.contains_key(&r.key))
                            || cm
                                .binary_data
                                .as_ref()
                                .is_some_and(|d| d.contains_key(&r.key))
                    });
                    if !has && !optional {
                        return Some(format!(
                            "couldn't find key {} in ConfigMap {}/{}",
                            r.key, ns, r.name
                        ));
                    }
                }
                None => {}
            }
        }
        if let Some(r) = &from.secret_key_ref {
            let optional = r.optional == Some(true);
            match c.get(Kind::Secret, ns, &r.name) {
                None if !optional => return Some(format!("secret {:?} not found", r.name)),
                Some(o) => {
                    let has = o
                        .as_secret()
                        .is_some_and(|s| s.data.as_ref().is_some_and(|d| d.contains_key(&r.key)));
                    if !has && !optional {
                        return Some(format!(
                            "couldn't find key {} in Secret {}/{}",
                            r.key, ns, r.name
                        ));
                    }
                }
                None => {}
            }
        }
    }
    None
}

/// The pod's volumes whose SetUp fails (`pkg/volume/configmap`, `…/secret`,
/// `…/projected`): (volume name, error). A projected volume's source errors are
/// aggregated (`[a, b]` when there are several).
fn volume_errors(c: &Runtime, pod: &Pod) -> Vec<(String, String)> {
    let ns = pod.metadata.namespace.as_deref().unwrap_or("default");
    let cm_error = |name: &str,
                    items: Option<&Vec<k8s_openapi::api::core::v1::KeyToPath>>,
                    optional: bool|
     -> Option<String> {
        match c.get(Kind::ConfigMap, ns, name) {
            None if optional => None,
            None => Some(format!("configmap {:?} not found", name)),
            Some(o) => {
                let cm = o.as_configmap()?;
                for it in items.into_iter().flatten() {
                    let has = cm.data.as_ref().is_some_and(|d| d.contains_key(&it.key))
                        || cm
                            .binary_data
                            .as_ref()
                            .is_some_and(|d| d.contains_key(&it.key));
                    if !has && !optional {
                        return Some(format!(
                            "configmap references non-existent config key: {}",
                            it.key
                        ));
                    }
                }
                None
            }
        }
    };
    let secret_error = |name: &str,
                        items: Option<&Vec<k8s_openapi::api::core::v1::KeyToPath>>,
                        optional: bool|
     -> Option<String> {
        match c.get(Kind::Secret, ns, name) {
            None if optional => None,
            None => Some(format!("secret {:?} not found", name)),
            Some(o) => {
                let s = o.as_secret()?;
                for it in items.into_iter().flatten() {
                    let has = s.data.as_ref().is_some_and(|d| d.contains_key(&it.key));
                    if !has && !optional {
                        return Some(format!("references non-existent secret key: {}", it.key));
                    }
                }
                None
            }
        }
    };
    let mut out = vec![];
    for v in pod.spec.iter().flat_map(|s| s.volumes.iter().flatten()) {
        let err = if let Some(cm) = &v.config_map {
            cm_error(&cm.name, cm.items.as_ref(), cm.optional == Some(true))
        } else if let Some(sv) = &v.secret {
            secret_error(
                sv.secret_name.as_deref().unwrap_or(""),
                sv.items.as_ref(),
                sv.optional == Some(true),
            )
        } else if let Some(p) = &v.projected {
            let errs: Vec<String> = p
                .sources
                .iter()
                .flatten()
                .filter_map(|src| {
                    if let Some(cm) = &src.config_map {
                        cm_error(&cm.name, cm.items.as_ref(), cm.optional == Some(true))
                    } else if let Some(sv) = &src.secret {
                        secret_error(&sv.name, sv.items.as_ref(), sv.optional == Some(true))
                    } else {
                        None
                    }
                })
                .collect();
            match errs.len() {
                0 => None,
                1 => errs.into_iter().next(),
                _ => Some(format!("[{}]", errs.join(", "))),
            }
        } else {
            None
        };
        if let Some(e) = err {
            out.push((v.name.clone(), e));
        }
    }
    out
}

fn write_status(
    kl: &mut Kubelets,
    c: &mut Runtime,
    cx: &mut StepCtx,
    node: &str,
    key: &str,
    pod: &Pod,
) {
    let Some(run) = kl.nodes.get(node).and_then(|k| k.pods.get(key)) else {
        return;
    };
    let now = c.now;
    let host_ip = kl
        .nodes
        .get(node)
        .map(|k| format!("172.18.0.{}", k.index + 1))
        .unwrap_or_default();
    let names = container_names(pod);
    let default_status = PodStatus::default();
    let old = pod.status.as_ref().unwrap_or(&default_status);
    let term_state = |t: &Term| ContainerState {
        terminated: Some(ContainerStateTerminated {
            exit_code: t.exit_code,
            reason: Some(t.reason.clone()),
            started_at: Some(t.started_at.to_k8s()),
            finished_at: Some(t.finished_at.to_k8s()),
            container_id: Some(t.id.clone()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut statuses = vec![];
    let (mut running, mut waiting, mut stopped, mut succeeded) = (0, 0, 0, 0);
    for (i, ct) in run.ctrs.iter().enumerate() {
        let name = names.get(i).cloned().unwrap_or_else(|| ct.name.clone());
        let norm = normalize_image(&ct.image);
        let image_id = format!(
            "{}@sha256:{}",
            norm.split(':').next().unwrap_or(&norm),
            hex_digest(&norm, 64)
        );
        let created = ct.id.is_some();
        let mut cs = ContainerStatus {
            name,
            // The spec's image until the runtime reports the resolved reference.
            image: if created {
                norm.clone()
            } else {
                ct.image.clone()
            },
            image_id: if created { image_id } else { String::new() },
            container_id: ct.id.clone(),
            ready: false,
            started: Some(false),
            restart_count: ct.restart_count,
            volume_mounts: (c.profile == Profile::V1_32)
                .then(|| mount_statuses(pod, &names, i))
                .flatten(),
            ..Default::default()
        };
        match &ct.state {
            CState::Running { since } | CState::Stopping { since, .. } => {
                running += 1;
                cs.ready = ct.ready;
                cs.started = Some(ct.started);
                cs.state = Some(ContainerState {
                    running: Some(ContainerStateRunning {
                        started_at: Some(since.to_k8s()),
                    }),
                    ..Default::default()
                });
                cs.last_state = ct.term.as_ref().map(term_state);
            }
            CState::Exited { .. } | CState::Done => {
                stopped += 1;
                if ct.term.as_ref().is_some_and(|t| t.exit_code == 0) {
                    succeeded += 1;
                }
                cs.state = ct.term.as_ref().map(term_state);
                cs.last_state = ct.prev_term.as_ref().map(term_state);
            }
            CState::Waiting | CState::Pulling(_) | CState::Pulled(_) => {
                if ct.term.is_some() {
                    stopped += 1;
                } else {
                    waiting += 1;
                }
                let (reason, message) = match &ct.reason {
                    Some((r, m)) => (r.clone(), Some(m.clone())),
                    None => ("ContainerCreating".to_string(), None),
                };
                cs.state = Some(ContainerState {
                    waiting: Some(ContainerStateWaiting {
                        reason: Some(reason),
                        message,
                    }),
                    ..Default::default()
                });
                cs.last_state = ct.term.as_ref().map(term_state);
            }
        }
        statuses.push(cs);
    }
    // getPhase (pkg/kubelet/kubelet_pods.go), regular containers only.
    let always = !matches!(
        pod.spec.as_ref().and_then(|s| s.restart_policy.as_deref()),
        Some("Never") | Some("OnFailure")
    );
    let phase = if waiting > 0 {
        "Pending"
    } else if running > 0 || (stopped > 0 && always) {
        "Running"
    } else if stopped > 0 && stopped == succeeded {
        "Succeeded"
    } else if stopped > 0 {
        let restarting = run.ctrs.iter().any(|ct| !matches!(ct.state, CState::Done));
        if restarting { "Running" } else { "Failed" }
    } else {
        "Pending"
    };
    let unready: Vec<&str> = statuses
        .iter()
        .filter(|s| !s.ready)
        .map(|s| s.name.as_str())
        .collect();
    let all_ready = unready.is_empty();
    let not_ready_msg = format!("containers with unready status: [{}]", unready.join(" "));
    // No sandbox while the volumes fail to mount: no IP, PodReadyToStartContainers False.
    let sandbox = !(run.mount_failures > 0 && matches!(run.stage, Stage::Admitted { .. }));
    let mut conditions = vec![
        pod_cond("PodReadyToStartContainers", sandbox, now, None, None),
        pod_cond("Initialized", true, now, None, None),
        if all_ready {
            pod_cond("Ready", true, now, None, None)
        } else {
            pod_cond(
                "Ready",
                false,
                now,
                Some("ContainersNotReady"),
                Some(not_ready_msg.clone()),
            )
        },
        if all_ready {
            pod_cond("ContainersReady", true, now, None, None)
        } else {
            pod_cond(
                "ContainersReady",
                false,
                now,
                Some("ContainersNotReady"),
                Some(not_ready_msg),
            )
        },
        pod_cond("PodScheduled", true, now, None, None),
    ];
    // The PodReadyToStartContainersCondition gate is on by default only since v1.29.
    if c.profile == Profile::V1_26 {
        conditions.remove(0);
    }
    let status = PodStatus {
        phase: Some(phase.into()),
        conditions: Some(merge_conditions(old.conditions.as_ref(), conditions)),
        host_ip: Some(host_ip.clone()),
        host_ips: Some(vec![k8s_openapi::api::core::v1::HostIP { ip: host_ip }]),
        pod_ip: sandbox.then(|| run.ip.clone()),
        pod_ips: sandbox.then(|| vec![PodIP { ip: run.ip.clone() }]),
        start_time: old.start_time.clone().or(Some(now.to_k8s())),
        container_statuses: Some(statuses),
        qos_class: old.qos_class.clone(),
        ..Default::default()
    };
    if pod.status.as_ref() == Some(&status) {
        return;
    }
    let p = Pod {
        metadata: pod.metadata.clone(),
        spec: pod.spec.clone(),
        status: Some(status),
    };
    let _ = c.api_update_status(cx, Object::from(p));
}

/// Make the kubelets look again at the pods that run one of `images` (after `fault`
/// changed what happens to them), so their timers follow the new faults.
pub(crate) fn resync_pods_using(kl: &mut Kubelets, c: &mut Runtime, images: &[String]) {
    if images.is_empty() {
        return;
    }
    let norms: Vec<String> = images.iter().map(|i| normalize_image(i)).collect();
    let mut todo = vec![];
    for (node, k) in &kl.nodes {
        for (key, run) in &k.pods {
            if run
                .ctrs
                .iter()
                .any(|ct| norms.contains(&normalize_image(&ct.image)))
            {
                todo.push(pod_work(c, node.clone(), key.clone()));
            }
        }
    }
    for w in todo {
        c.enqueue(w);
    }
}

fn probe_word(kind: ProbeKind) -> ProbeWord {
    match kind {
        ProbeKind::Readiness => ProbeWord::Readiness,
        ProbeKind::Liveness => ProbeWord::Liveness,
        ProbeKind::Startup => ProbeWord::Startup,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printers::table::pod_summary;
    use crate::{Engine, EngineConfig};

    fn run(e: &mut Engine, line: &str) -> String {
        let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
        e.exec(&argv, None, None).stdout()
    }

    fn apply(e: &mut Engine, image: &str, extra: &str) {
        let y = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: {}\n{}",
            image, extra
        );
        let argv: Vec<String> = ["kubectl", "apply", "-f", "-"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        e.exec(&argv, Some(&y), None);
    }

    fn pod(e: &Engine) -> Pod {
        e.cluster()
            .get(Kind::Pod, "default", "p")
            .and_then(|o| o.as_pod().cloned())
            .expect("pod p")
    }

    /// (status column, ready column, restarts) of pod p.
    fn summary(e: &Engine) -> (String, String, i64) {
        let s = pod_summary(&pod(e));
        (s.status, s.ready, s.restarts)
    }

    #[test]
    fn a_failing_pull_shows_err_image_pull_then_image_pull_back_off_then_recovers() {
        let mut e = Engine::new(EngineConfig::default());
        run(&mut e, "fault image-pull nginx:9");
        apply(&mut e, "nginx:9", "");
        run(&mut e, "tick 900ms");
        assert_eq!(summary(&e).0, "ErrImagePull");
        let cs = pod(&e).status.unwrap().container_statuses.unwrap()[0].clone();
        let w = cs.state.unwrap().waiting.unwrap();
        assert!(w.message.unwrap().starts_with("rpc error: code = NotFound"));
        assert_eq!(pod(&e).status.unwrap().phase.as_deref(), Some("Pending"));
        run(&mut e, "tick 1s");
        assert_eq!(summary(&e).0, "ImagePullBackOff");
        let cs = pod(&e).status.unwrap().container_statuses.unwrap()[0].clone();
        assert!(
            cs.state
                .unwrap()
                .waiting
                .unwrap()
                .message
                .unwrap()
                .starts_with(
                    "Back-off pulling image \"nginx:9\": ErrImagePull: rpc error: code = NotFound"
                )
        );
        run(&mut e, "fault clear");
        run(&mut e, "settle");
        assert_eq!(summary(&e), ("Running".into(), "1/1".into(), 0));
    }

    #[test]
    fn a_crashing_container_restarts_at_once_then_backs_off() {
        let mut e = Engine::new(EngineConfig::default());
        run(&mut e, "fault crash busybox:1.36 --after 2s");
        apply(&mut e, "busybox:1.36", "");
        run(&mut e, "settle");
        // Rows: (time after apply, STATUS, RESTARTS).
        let mut rows = vec![];
        for _ in 0..60 {
            run(&mut e, "tick 1s");
            let (st, _, r) = summary(&e);
            if rows
                .last()
                .is_none_or(|(_, s, rr): &(i64, String, i64)| *s != st || *rr != r)
            {
                rows.push((e.cluster().now.0 / 1000, st, r));
            }
        }
        let statuses: Vec<(&str, i64)> = rows.iter().map(|(_, s, r)| (s.as_str(), *r)).collect();
        assert!(statuses.contains(&("CrashLoopBackOff", 2)), "{:?}", rows);
        assert!(statuses.contains(&("Error", 3)), "{:?}", rows);
        let p = pod(&e);
        let cs = p
            .status
            .as_ref()
            .unwrap()
            .container_statuses
            .as_ref()
            .unwrap()[0]
            .clone();
        let last = cs.last_state.unwrap().terminated.unwrap();
        assert_eq!((last.exit_code, last.reason.as_deref()), (1, Some("Error")));
        assert_eq!(p.status.unwrap().phase.as_deref(), Some("Running"));
    }

    #[test]
    fn crash_loop_back_off_message_names_the_delay_container_and_pod() {
        let mut e = Engine::new(EngineConfig::default());
        run(&mut e, "fault crash busybox:1.36 --after 0s");
        apply(&mut e, "busybox:1.36", "");
        run(&mut e, "tick 30s");
        let p = pod(&e);
        let uid = p.metadata.uid.clone().unwrap();
        let cs = p.status.unwrap().container_statuses.unwrap()[0].clone();
        let w = cs.state.unwrap().waiting.unwrap();
        assert_eq!(w.reason.as_deref(), Some("CrashLoopBackOff"));
        assert!(w.message.unwrap().ends_with(&format!(
            "restarting failed container=c pod=p_default({})",
            uid
        )));
    }

    #[test]
    fn readiness_probe_gates_ready_until_its_first_success() {
        let mut e = Engine::new(EngineConfig::default());
        apply(
            &mut e,
            "nginx:1.27",
            "    readinessProbe:\n      httpGet:\n        port: 80\n      initialDelaySeconds: 15\n",
        );
        run(&mut e, "tick 10s");
        assert_eq!(summary(&e), ("Running".into(), "0/1".into(), 0));
        let ready = pod(&e)
            .status
            .unwrap()
            .conditions
            .unwrap()
            .into_iter()
            .find(|c| c.type_ == "Ready")
            .unwrap();
        assert_eq!(
            ready.message.as_deref(),
            Some("containers with unready status: [c]")
        );
        // Admitted at ~0s: ticks every 10s; the first one after 15s of running is at 20s.
        run(&mut e, "tick 9s");
        assert_eq!(summary(&e).1, "0/1");
        run(&mut e, "tick 2s");
        assert_eq!(summary(&e).1, "1/1");
        run(&mut e, "fault probe nginx:1.27 readiness");
        run(&mut e, "tick 31s");
        assert_eq!(summary(&e), ("Running".into(), "0/1".into(), 0));
    }

    #[test]
    fn a_failing_liveness_probe_restarts_the_container() {
        let mut e = Engine::new(EngineConfig::default());
        apply(
            &mut e,
            "nginx:1.27",
            "    livenessProbe:\n      tcpSocket:\n        port: 80\n      periodSeconds: 5\n      failureThreshold: 2\n",
        );
        run(&mut e, "settle");
        run(&mut e, "fault probe nginx:1.27 liveness");
        run(&mut e, "tick 12s");
        let (st, ready, restarts) = summary(&e);
        assert_eq!(
            (st.as_str(), ready.as_str(), restarts),
            ("Running", "1/1", 1)
        );
    }
}

#[cfg(test)]
mod mount_status_tests {
    use super::mount_statuses;
    use k8s_openapi::api::core::v1::{Container, Pod, PodSpec, VolumeMount};

    /// What v1.32 kubelets print under `containerStatuses[].volumeMounts` (real
    /// `kubectl get pod -o yaml` output: the service-account mount is
    /// `readOnly: true, recursiveReadOnly: Disabled`; a writable mount has neither).
    #[test]
    fn mounts_are_reported_in_spec_order_with_their_recursive_read_only_mode() {
        let mount = |name: &str, path: &str, ro: Option<bool>, rro: Option<&str>| VolumeMount {
            name: name.into(),
            mount_path: path.into(),
            read_only: ro,
            recursive_read_only: rro.map(String::from),
            ..Default::default()
        };
        let pod = Pod {
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "web".into(),
                    volume_mounts: Some(vec![
                        mount("data", "/var/www/html", None, None),
                        mount("cfg", "/etc/cfg", Some(true), Some("Enabled")),
                        mount("ro", "/ro", Some(true), Some("IfPossible")),
                        mount(
                            "kube-api-access-x",
                            "/var/run/secrets/kubernetes.io/serviceaccount",
                            Some(true),
                            None,
                        ),
                    ]),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        };
        let got = mount_statuses(&pod, &["web".to_string()], 0).unwrap();
        let rows: Vec<(String, Option<bool>, Option<String>)> = got
            .into_iter()
            .map(|m| (m.name, m.read_only, m.recursive_read_only))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("data".into(), None, None),
                ("cfg".into(), Some(true), Some("Enabled".into())),
                ("ro".into(), Some(true), Some("Enabled".into())),
                (
                    "kube-api-access-x".into(),
                    Some(true),
                    Some("Disabled".into())
                ),
            ]
        );
        // A container without mounts reports none.
        assert!(mount_statuses(&pod, &["other".to_string()], 0).is_none());
    }
}

//! The horizontal-pod-autoscaler controller (`pkg/controller/podautoscaler/horizontal.go`):
//! every 15 s per HPA (a fixed-interval rate limiter: the first pass 15 s after creation),
//! read the target's scale, compute a proposal per metric from metrics-server's
//! `metrics.k8s.io` (the replica calculator), normalize it (stabilization, rate limits,
//! bounds), scale the target, and write the status and its conditions.
//!
//! Stabilization windows and scale events live in the controller's memory, as upstream
//! (the registry is cloned into checkpoints, so rewinding restores them).

pub mod behavior;
pub mod replicas;

use std::collections::BTreeMap;

use k8s_openapi::api::autoscaling::v2::{
    HPAScalingRules, HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricSpec,
    MetricStatus, MetricValueStatus, ResourceMetricStatus,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::{Kind, Object};
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::{Millis, SimTime};

use behavior::{Recommendation, Rules, ScaleEvent};
use replicas::{PodInfo, PodMetric};

const COMPONENT: &str = "horizontal-pod-autoscaler";
/// `--horizontal-pod-autoscaler-sync-period`.
pub const SYNC_PERIOD_MS: Millis = 15_000;

/// The controller's memory, per HPA key.
#[derive(Clone, Debug, Default)]
pub struct HpaController {
    recommendations: BTreeMap<String, Vec<Recommendation>>,
    scale_up_events: BTreeMap<String, Vec<ScaleEvent>>,
    scale_down_events: BTreeMap<String, Vec<ScaleEvent>>,
}

fn event(cx: &mut StepCtx, obj: &Object, ty: &'static str, reason: &str, msg: String) {
    cx.deferred_events
        .push(EventSpec::new(obj, ty, reason, msg, COMPONENT));
}

/// `setCondition`: update in place (the transition time moves only with the status) or
/// append.
fn set_condition(
    st: &mut HorizontalPodAutoscalerStatus,
    ty: &str,
    status: bool,
    reason: &str,
    message: String,
    now: SimTime,
) {
    let conds = st.conditions.get_or_insert_with(Vec::new);
    let s = if status { "True" } else { "False" };
    let i = match conds.iter().position(|c| c.type_ == ty) {
        Some(i) => i,
        None => {
            conds.push(HorizontalPodAutoscalerCondition {
                type_: ty.to_string(),
                ..Default::default()
            });
            conds.len() - 1
        }
    };
    let c = &mut conds[i];
    if c.status != s {
        c.last_transition_time = Some(now.to_k8s());
    }
    c.status = s.to_string();
    c.reason = Some(reason.to_string());
    c.message = Some(message);
}

/// The scale a target exposes: (spec replicas, selector), or the GET's error text.
fn target_scale(
    c: &Runtime,
    ns: &str,
    kind: &str,
    name: &str,
) -> Result<(i32, String, Object), String> {
    let k = match kind {
        "Deployment" => Kind::Deployment,
        "ReplicaSet" => Kind::ReplicaSet,
        "StatefulSet" => Kind::StatefulSet,
        other => {
            return Err(format!(
                "no matches for kind \"{}\" in group \"apps\"",
                other
            ));
        }
    };
    let Some(o) = c.get(k, ns, name) else {
        return Err(format!("{} \"{}\" not found", k.qualified_plural(), name));
    };
    let (replicas, sel) = match o.as_ref() {
        Object::Deployment(d) => (
            d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
            d.spec.as_ref().map(|s| &s.selector),
        ),
        Object::ReplicaSet(r) => (
            r.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
            r.spec.as_ref().map(|s| &s.selector),
        ),
        Object::StatefulSet(s) => (
            s.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
            s.spec.as_ref().map(|s| &s.selector),
        ),
        _ => (0, None),
    };
    let sel = sel
        .and_then(|s| crate::labels::Selector::from_label_selector(s).ok())
        .map(|s| s.to_string())
        .unwrap_or_default();
    Ok((replicas, sel, (*o).clone()))
}

/// The rules of one direction with the defaults filled in (the controller's copy: the
/// scale-down window defaults to `--horizontal-pod-autoscaler-downscale-stabilization`).
fn rules(r: Option<&HPAScalingRules>, up: bool) -> Rules {
    let mut d = if up {
        behavior::default_up()
    } else {
        behavior::default_down()
    };
    if let Some(r) = r {
        if let Some(w) = r.stabilization_window_seconds {
            d.window_s = w;
        }
        if let Some(s) = &r.select_policy {
            d.select = s.clone();
        }
        if let Some(p) = &r.policies {
            d.policies = p
                .iter()
                .map(|p| (p.type_.clone(), p.value, p.period_seconds))
                .collect();
        }
    }
    d
}

/// One metric's proposal: (replicas, metric name, status, timestamp, incomplete).
type MetricOutcome = (i32, String, MetricStatus, SimTime, bool);

/// What the replica calculator needs of the selected pods.
fn pod_infos(
    c: &Runtime,
    ns: &str,
    sel: &crate::labels::Selector,
    resource: &str,
    container: Option<&str>,
) -> Vec<PodInfo> {
    let mut out = vec![];
    for o in c.store.list(Kind::Pod, Some(ns)) {
        let Some(p) = o.as_pod() else { continue };
        if !sel.matches_opt(p.metadata.labels.as_ref()) {
            continue;
        }
        let ready = crate::podutil::ready_condition(p).map(|c| {
            (
                c.status == "True",
                c.last_transition_time
                    .as_ref()
                    .map(SimTime::from_k8s)
                    .unwrap_or(SimTime(0)),
            )
        });
        let spec = p.spec.as_ref();
        let mut requests = vec![];
        for ct in spec.map(|s| s.containers.as_slice()).unwrap_or(&[]) {
            if container.is_some_and(|x| x != ct.name) {
                continue;
            }
            let q = ct
                .resources
                .as_ref()
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get(resource))
                .map(|q| crate::quantity::parse_quantity_millis(&q.0).unwrap_or(0));
            requests.push((ct.name.clone(), q));
        }
        out.push(PodInfo {
            name: p.metadata.name.clone().unwrap_or_default(),
            deleting: p.metadata.deletion_timestamp.is_some(),
            phase: crate::podutil::phase(p).to_string(),
            start_time: p
                .status
                .as_ref()
                .and_then(|s| s.start_time.as_ref())
                .map(SimTime::from_k8s),
            ready,
            requests,
        });
    }
    out
}

/// `GetResourceMetric`: the served PodMetrics of the selected pods, each pod's sum over its
/// containers (one container's with `container`).
fn resource_metrics(
    c: &Runtime,
    ns: &str,
    sel: &crate::labels::Selector,
    resource: &str,
    container: Option<&str>,
) -> Result<BTreeMap<String, PodMetric>, String> {
    if !crate::metrics::api_available(c) {
        return Err(format!(
            "unable to get metrics for resource {}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)",
            resource
        ));
    }
    let mut out = BTreeMap::new();
    for ((pns, name), s) in &c.metrics.pods {
        if pns != ns {
            continue;
        }
        let labels = c
            .get(Kind::Pod, pns, name)
            .and_then(|o| o.meta().labels.clone());
        if !sel.matches_opt(labels.as_ref()) {
            continue;
        }
        let mut v = 0i64;
        let mut found = false;
        for (cn, u) in &s.containers {
            if container.is_some_and(|x| x != cn) {
                continue;
            }
            found = true;
            v += if resource == "cpu" {
                u.cpu_milli
            } else {
                u.memory * 1000
            };
        }
        if found {
            out.insert(
                name.clone(),
                PodMetric {
                    value: v,
                    timestamp: s.timestamp,
                    window: s.window,
                },
            );
        }
    }
    if out.is_empty() {
        return Err(format!(
            "unable to get metrics for resource {}: no metrics returned from resource metrics API",
            resource
        ));
    }
    Ok(out)
}

/// `computeReplicasForMetric` for Resource and ContainerResource metrics; other types
/// need a custom or external metrics API, which kubestep does not serve. Errors are
/// (condition reason, error text, wrapped text for FailedComputeMetricsReplicas).
fn compute_metric(
    c: &Runtime,
    ns: &str,
    sel: &crate::labels::Selector,
    current: i32,
    spec: &MetricSpec,
) -> Result<MetricOutcome, (String, String, String)> {
    let (resource, container, target) = match spec.type_.as_str() {
        "Resource" => match &spec.resource {
            Some(r) => (r.name.clone(), None, &r.target),
            None => return Err(invalid_source()),
        },
        "ContainerResource" => match &spec.container_resource {
            Some(r) => (r.name.clone(), Some(r.container.clone()), &r.target),
            None => return Err(invalid_source()),
        },
        "Pods" => {
            let e = "unable to get metric: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered".to_string();
            return Err((
                "FailedGetPodsMetric".into(),
                e.clone(),
                format!("failed to get pods metric value: {}", e),
            ));
        }
        "Object" => {
            let e = "unable to get metric: unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered".to_string();
            return Err((
                "FailedGetObjectMetric".into(),
                e.clone(),
                format!("failed to get object metric value: {}", e),
            ));
        }
        "External" => {
            let name = spec
                .external
                .as_ref()
                .map(|x| x.metric.name.clone())
                .unwrap_or_default();
            let e = "unable to get external metric: unable to fetch metrics from external metrics API: no external metrics API (external.metrics.k8s.io) registered".to_string();
            return Err((
                "FailedGetExternalMetric".into(),
                e.clone(),
                format!("failed to get {} external metric value: {}", name, e),
            ));
        }
        _ => return Err(invalid_source()),
    };
    let is_container = container.is_some();
    let reason = if is_container {
        "FailedGetContainerResourceMetric"
    } else {
        "FailedGetResourceMetric"
    };
    let wrap = |e: String| {
        if let Some(cn) = &container {
            format!("failed to get {} container metric value: {}", cn, e)
        } else {
            format!("failed to get {} resource metric value: {}", resource, e)
        }
    };
    let (utilization, target_v) = match (target.average_utilization, &target.average_value) {
        (Some(u), _) => (true, u as i64),
        (None, Some(q)) => (
            false,
            crate::quantity::parse_quantity_millis(&q.0).unwrap_or(0),
        ),
        (None, None) => {
            let e = "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set".to_string();
            return Err((reason.into(), e.clone(), wrap(e)));
        }
    };
    let what = if utilization { "utilization" } else { "usage" };
    let fail = |e: String| {
        let e = format!("failed to get {} {}: {}", resource, what, e);
        (reason.to_string(), e.clone(), wrap(e))
    };
    let metrics = resource_metrics(c, ns, sel, &resource, container.as_deref()).map_err(fail)?;
    let pods = pod_infos(c, ns, sel, &resource, container.as_deref());
    let p = replicas::resource_replicas(
        current,
        &pods,
        metrics,
        &resource,
        container.as_deref(),
        utilization,
        target_v,
        c.now,
    )
    .map_err(fail)?;
    let name = match (&container, utilization) {
        (None, true) => format!("{} resource utilization (percentage of request)", resource),
        (None, false) => format!("{} resource", resource),
        (Some(_), true) => format!(
            "{} container resource utilization (percentage of request)",
            resource
        ),
        (Some(_), false) => format!("{} container resource", resource),
    };
    // NewMilliQuantity(raw): the replica calculator works in milli-units for every resource.
    let raw = crate::quantity::canonical(&format!("{}m", p.raw));
    let current_v = MetricValueStatus {
        average_utilization: p.utilization,
        average_value: Some(Quantity(raw)),
        value: None,
    };
    let status = if let Some(cn) = container {
        MetricStatus {
            type_: "ContainerResource".into(),
            container_resource: Some(
                k8s_openapi::api::autoscaling::v2::ContainerResourceMetricStatus {
                    container: cn,
                    current: current_v,
                    name: resource.clone(),
                },
            ),
            ..Default::default()
        }
    } else {
        MetricStatus {
            type_: "Resource".into(),
            resource: Some(ResourceMetricStatus {
                current: current_v,
                name: resource.clone(),
            }),
            ..Default::default()
        }
    };
    Ok((p.replicas, name, status, p.timestamp, p.incomplete))
}

fn invalid_source() -> (String, String, String) {
    let e = "invalid metric source type".to_string();
    ("InvalidMetricSourceType".into(), e.clone(), e)
}

impl Controller for HpaController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        COMPONENT
    }

    fn watches(&self, kind: Kind) -> bool {
        kind == Kind::HorizontalPodAutoscaler
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let key = ev.obj.key().ns_name();
        let w = c.work(0, Key::Name(key.clone()));
        if ev.ty == WatchType::Deleted {
            c.cancel_timer(&w);
            self.recommendations.remove(&key);
            self.scale_up_events.remove(&key);
            self.scale_down_events.remove(&key);
            return;
        }
        // AddRateLimited with a fixed 15 s interval: a waiting key is not moved.
        c.add_timer(c.now.plus(SYNC_PERIOD_MS), w, false);
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let key = key.name().to_string();
        let (ns, name) = key.split_once('/').unwrap_or(("default", &key));
        let Some(obj) = c.get(Kind::HorizontalPodAutoscaler, ns, name) else {
            self.recommendations.remove(&key);
            self.scale_up_events.remove(&key);
            self.scale_down_events.remove(&key);
            return;
        };
        let settled = self.reconcile(c, cx, &obj);
        let w = c.work(0, Key::Name(key));
        c.add_timer(c.now.plus(SYNC_PERIOD_MS), w, settled);
    }
}

impl HpaController {
    /// `reconcileAutoscaler`. Returns whether the HPA is at rest (its next pass is routine
    /// for `settle`): nothing scaled, no window or limit holding a change back, and its
    /// metrics complete and newer than the last change of load.
    fn reconcile(&mut self, c: &mut Runtime, cx: &mut StepCtx, obj: &Object) -> bool {
        let Some(hpa) = obj.as_hpa() else { return true };
        let now = c.now;
        let key = obj.key().ns_name();
        let ns = obj.namespace().to_string();
        let name = obj.name().to_string();
        let spec = hpa.spec.clone().unwrap_or_default();
        let original = hpa.status.clone().unwrap_or_default();
        let mut st = original.clone();
        let target = spec.scale_target_ref.clone();
        let reference = format!("{}/{}", target.kind, target.name);
        let write_status =
            |c: &mut Runtime, cx: &mut StepCtx, st: &HorizontalPodAutoscalerStatus| {
                if *st != original {
                    let mut h = hpa.clone();
                    h.status = Some(st.clone());
                    let _ = c.api_update_status(cx, Object::from(h));
                }
            };
        let (current, selector, target_obj) = match target_scale(c, &ns, &target.kind, &target.name)
        {
            Ok(x) => x,
            Err(e) => {
                event(cx, obj, "Warning", "FailedGetScale", e.clone());
                set_condition(
                    &mut st,
                    "AbleToScale",
                    false,
                    "FailedGetScale",
                    format!(
                        "the HPA controller was unable to get the target's current scale: {}",
                        e
                    ),
                    now,
                );
                write_status(c, cx, &st);
                cx.say(HpaWhy::NoScale {
                    hpa: name,
                    target: reference,
                    error: e,
                });
                return true;
            }
        };
        set_condition(
            &mut st,
            "AbleToScale",
            true,
            "SucceededGetScale",
            "the HPA controller was able to get the target's current scale".into(),
            now,
        );
        self.recommendations.entry(key.clone()).or_insert_with(|| {
            vec![Recommendation {
                replicas: current,
                at: now,
            }]
        });
        let min = spec.min_replicas.unwrap_or(1);
        let max = spec.max_replicas;
        let mut rescale = true;
        let mut desired;
        let mut reason = String::new();
        let mut statuses: Vec<MetricStatus> = vec![];
        let mut settled = true;
        let mut detail = HoldWhy::Within;
        let mut util: Option<(i32, i32)> = None;
        if current == 0 && min != 0 {
            desired = 0;
            rescale = false;
            set_condition(
                &mut st,
                "ScalingActive",
                false,
                "ScalingDisabled",
                "scaling is disabled since the replica count of the target is zero".into(),
                now,
            );
            detail = HoldWhy::Disabled;
        } else if current > max {
            reason = "Current number of replicas above Spec.MaxReplicas".into();
            desired = max;
        } else if current < min {
            reason = "Current number of replicas below Spec.MinReplicas".into();
            desired = min;
        } else {
            let sel = if selector.is_empty() {
                event(
                    cx,
                    obj,
                    "Warning",
                    "SelectorRequired",
                    "selector is required".into(),
                );
                set_condition(
                    &mut st,
                    "ScalingActive",
                    false,
                    "InvalidSelector",
                    "the HPA target's scale is missing a selector".into(),
                    now,
                );
                write_status(c, cx, &st);
                return true;
            } else {
                crate::labels::Selector::parse(&selector)
                    .unwrap_or_else(|_| crate::labels::Selector::nothing())
            };
            // computeReplicasForMetrics: the largest proposal over the metrics.
            let mut best: Option<(i32, String, SimTime)> = None;
            let mut invalid = 0;
            let mut first_err: Option<(String, String, String)> = None;
            statuses = vec![MetricStatus::default(); spec.metrics.as_ref().map_or(0, |m| m.len())];
            for (i, m) in spec.metrics.iter().flatten().enumerate() {
                match compute_metric(c, &ns, &sel, current, m) {
                    Ok((r, mname, ms, ts, incomplete)) => {
                        if let Some(res) = ms.resource.as_ref()
                            && let (Some(cur), Some(t)) = (
                                res.current.average_utilization,
                                m.resource
                                    .as_ref()
                                    .and_then(|r| r.target.average_utilization),
                            )
                        {
                            util.get_or_insert((cur, t));
                        }
                        statuses[i] = ms;
                        if incomplete || ts < c.load.settled_at() {
                            settled = false;
                        }
                        if best.as_ref().is_none_or(|(b, _, _)| r > *b) {
                            best = Some((r, mname, ts));
                        }
                    }
                    Err(e) => {
                        // getUnableComputeReplicaCountCondition records each metric's failure.
                        event(cx, obj, "Warning", &e.0, e.1.clone());
                        invalid += 1;
                        first_err.get_or_insert(e);
                    }
                }
            }
            let n = statuses.len();
            let proposal = best.as_ref().map_or(0, |b| b.0);
            if let Some((reason_c, err, wrapped)) = &first_err {
                // Nothing can be trusted (all failed, or a failure on the way down): the
                // first failure's condition and the aggregate event.
                if invalid >= n || proposal < current {
                    set_condition(
                        &mut st,
                        "ScalingActive",
                        false,
                        reason_c,
                        format!("the HPA was unable to compute the replica count: {}", err),
                        now,
                    );
                    st.current_replicas = Some(current);
                    st.current_metrics = Some(statuses);
                    let msg = format!(
                        "invalid metrics ({} invalid out of {}), first error is: {}",
                        invalid, n, wrapped
                    );
                    event(cx, obj, "Warning", "FailedComputeMetricsReplicas", msg);
                    write_status(c, cx, &st);
                    // `settle` waits only when the next scrape brings news: metrics-server
                    // runs and the load changed since its last scrape. A missing API, or
                    // pods that never run, would keep it waiting for nothing.
                    let waiting = c.metrics.running
                        && c.load.settled_at() >= c.metrics.last_scrape.unwrap_or(SimTime(0));
                    cx.say(HpaWhy::NoMetrics {
                        hpa: name,
                        error: err.clone(),
                    });
                    return !waiting;
                }
            }
            let (_, mname, _) = best.clone().unwrap_or((0, String::new(), now));
            set_condition(
                &mut st,
                "ScalingActive",
                true,
                "ValidMetricFound",
                format!(
                    "the HPA was able to successfully calculate a replica count from {}",
                    mname
                ),
                now,
            );
            desired = proposal;
            if desired > current {
                reason = format!("{} above target", mname);
            }
            if desired < current {
                reason = "All metrics below target".into();
            }
            let recs = self.recommendations.entry(key.clone()).or_default();
            let n = match &spec.behavior {
                None => behavior::normalize_legacy(recs, current, desired, min, max, now),
                Some(b) => {
                    let up = rules(b.scale_up.as_ref(), true);
                    let down = rules(b.scale_down.as_ref(), false);
                    let ue = self.scale_up_events.get(&key).cloned().unwrap_or_default();
                    let de = self
                        .scale_down_events
                        .get(&key)
                        .cloned()
                        .unwrap_or_default();
                    behavior::normalize_with_behaviors(
                        recs, &ue, &de, current, desired, min, max, &up, &down, now,
                    )
                }
            };
            set_condition(&mut st, "AbleToScale", true, n.able.0, n.able.1.into(), now);
            set_condition(
                &mut st,
                "ScalingLimited",
                n.limited,
                n.limit.0,
                n.limit.1.into(),
                now,
            );
            detail = if n.stabilized != proposal {
                settled = false;
                HoldWhy::Stabilized {
                    proposal,
                    held: n.stabilized,
                }
            } else if n.limited {
                if n.limit.0 == "ScaleUpLimit" || n.limit.0 == "ScaleDownLimit" {
                    settled = false;
                }
                HoldWhy::Limited {
                    proposal,
                    reason: n.limit.0,
                }
            } else {
                HoldWhy::Within
            };
            desired = n.replicas;
            rescale = desired != current;
        }
        if rescale {
            let mut t = target_obj.clone();
            match &mut t {
                Object::Deployment(d) => {
                    d.spec.get_or_insert_with(Default::default).replicas = Some(desired)
                }
                Object::ReplicaSet(r) => {
                    r.spec.get_or_insert_with(Default::default).replicas = Some(desired)
                }
                Object::StatefulSet(s) => {
                    s.spec.get_or_insert_with(Default::default).replicas = Some(desired)
                }
                _ => {}
            }
            if let Err(e) = c.api_update(cx, t, false, false) {
                let e = e.status_message();
                event(
                    cx,
                    obj,
                    "Warning",
                    "FailedRescale",
                    format!("New size: {}; reason: {}; error: {}", desired, reason, e),
                );
                set_condition(
                    &mut st,
                    "AbleToScale",
                    false,
                    "FailedUpdateScale",
                    format!(
                        "the HPA controller was unable to update the target scale: {}",
                        e
                    ),
                    now,
                );
                // setCurrentReplicasAndMetricsInStatus.
                st.current_replicas = Some(current);
                st.current_metrics = if statuses.is_empty() {
                    None
                } else {
                    Some(statuses)
                };
                write_status(c, cx, &st);
                return true;
            }
            set_condition(
                &mut st,
                "AbleToScale",
                true,
                "SucceededRescale",
                format!(
                    "the HPA controller was able to update the target scale to {}",
                    desired
                ),
                now,
            );
            event(
                cx,
                obj,
                "Normal",
                "SuccessfulRescale",
                format!("New size: {}; reason: {}", desired, reason),
            );
            if let Some(b) = &spec.behavior {
                if desired > current {
                    let up = rules(b.scale_up.as_ref(), true);
                    let longest = up.policies.iter().map(|p| p.2).max().unwrap_or(0);
                    behavior::store_scale_event(
                        self.scale_up_events.entry(key.clone()).or_default(),
                        desired - current,
                        longest,
                        now,
                    );
                } else {
                    let down = rules(b.scale_down.as_ref(), false);
                    let longest = down.policies.iter().map(|p| p.2).max().unwrap_or(0);
                    behavior::store_scale_event(
                        self.scale_down_events.entry(key.clone()).or_default(),
                        current - desired,
                        longest,
                        now,
                    );
                }
            }
            settled = false;
        } else {
            desired = current;
        }
        st.current_replicas = Some(current);
        st.desired_replicas = desired;
        st.current_metrics = if statuses.is_empty() {
            None
        } else {
            Some(statuses)
        };
        if rescale {
            st.last_scale_time = Some(now.to_k8s());
        }
        write_status(c, cx, &st);
        if rescale {
            cx.say(HpaWhy::Rescaled {
                hpa: name,
                target: reference,
                from: current,
                to: desired,
                reason,
                util,
            });
        } else {
            cx.say(HpaWhy::Held {
                hpa: name,
                target: reference,
                replicas: current,
                util,
                detail,
            });
        }
        settled
    }
}

/// Why a pass left the replica count as it was.
#[derive(Clone, Debug)]
pub enum HoldWhy {
    /// The proposal equals the count (or is within the 10 % tolerance).
    Within,
    /// The target has 0 replicas: autoscaling is off.
    Disabled,
    /// A stabilization window holds a higher (or lower) recent recommendation.
    Stabilized { proposal: i32, held: i32 },
    /// min/max or a rate limit clamped the proposal.
    Limited { proposal: i32, reason: &'static str },
}

/// What the horizontal-pod-autoscaler did.
#[derive(Clone, Debug)]
pub enum HpaWhy {
    Rescaled {
        hpa: String,
        target: String,
        from: i32,
        to: i32,
        reason: String,
        /// (current %, target %) of the first utilization metric.
        util: Option<(i32, i32)>,
    },
    Held {
        hpa: String,
        target: String,
        replicas: i32,
        util: Option<(i32, i32)>,
        detail: HoldWhy,
    },
    NoMetrics {
        hpa: String,
        error: String,
    },
    NoScale {
        hpa: String,
        target: String,
        error: String,
    },
}

impl Explain for HpaWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            HpaWhy::Rescaled { hpa, target, from, to, reason, .. } if reason.is_empty() => w.pick(
                "HPA {0}: the metrics alone would keep {1} at {2}, but a recommendation of the last 5 minutes was {3} or more (the legacy window keeps the highest): scaled {1} from {2} to {3}",
                "HPA {0}：单看指标 {1} 会保持 {2}，但过去 5 分钟内有不低于 {3} 的建议值（旧版窗口取最高值）：把 {1} 从 {2} 调到 {3}",
                [hpa, target, from, to],
            ),
            HpaWhy::Rescaled { hpa, target, from, to, reason, util } => match util {
                Some((cur, t)) => w.pick(
                    "HPA {0}: the pods use {4}% of their CPU request against a target of {5}%, so desired = ceil({4}/{5} × ready pods); scaled {1} from {2} to {3} ({6})",
                    "HPA {0}：Pod 用了 CPU 请求的 {4}%，目标是 {5}%，所以期望副本数 = ceil({4}/{5} × 就绪 Pod 数)；把 {1} 从 {2} 调到 {3}（{6}）",
                    [hpa, target, from, to, cur, t, reason],
                ),
                None => w.pick(
                    "HPA {0}: scaled {1} from {2} to {3} ({4})",
                    "HPA {0}：把 {1} 从 {2} 调到 {3}（{4}）",
                    [hpa, target, from, to, reason],
                ),
            },
            HpaWhy::Held { hpa, target, replicas, util, detail } => {
                let u = match util {
                    Some((c, t)) => w.pick(" ({0}% of request against {1}%)", "（请求的 {0}%，目标 {1}%）", [c, t]),
                    None => String::new(),
                };
                match detail {
                    HoldWhy::Within => w.pick(
                        "HPA {0}: {1} stays at {2}{3}: the usage is within 10% of the target, or already matches it",
                        "HPA {0}：{1} 保持 {2}{3}：用量与目标相差不到 10%，或已经匹配",
                        [hpa, target, replicas, &u],
                    ),
                    HoldWhy::Disabled => w.pick(
                        "HPA {0}: {1} has 0 replicas, so autoscaling is disabled",
                        "HPA {0}：{1} 的副本数为 0，自动扩缩已停用",
                        [hpa, target],
                    ),
                    HoldWhy::Stabilized { proposal, held } => w.pick(
                        "HPA {0}: the metrics ask for {3} but {1} stays at {4}{2}: a recommendation of the last 5 minutes (the scale-down stabilization window) was higher",
                        "HPA {0}：指标要求 {3}，但 {1} 保持 {4}{2}：过去 5 分钟（缩容稳定窗口）内有更高的建议值",
                        [hpa, target, &u, proposal, held],
                    ),
                    HoldWhy::Limited { proposal, reason } => w.pick(
                        "HPA {0}: the metrics ask for {3} but {1} stays at {2} ({4})",
                        "HPA {0}：指标要求 {3}，但 {1} 保持 {2}（{4}）",
                        [hpa, target, replicas, proposal, reason],
                    ),
                }
            }
            HpaWhy::NoMetrics { hpa, error } => w.pick(
                "HPA {0}: no usable metrics, so no scaling: {1}",
                "HPA {0}：没有可用的指标，不扩缩：{1}",
                [hpa, error],
            ),
            HpaWhy::NoScale { hpa, target, error } => w.pick(
                "HPA {0}: cannot read the scale of {1}: {2}",
                "HPA {0}：读不到 {1} 的 scale：{2}",
                [hpa, target, error],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_hpa_explanation_renders_in_both_languages() {
        let all = [
            HpaWhy::Rescaled {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                from: 1,
                to: 4,
                reason: "cpu resource utilization (percentage of request) above target".into(),
                util: Some((250, 50)),
            },
            HpaWhy::Rescaled {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                from: 1,
                to: 4,
                reason: "x".into(),
                util: None,
            },
            HpaWhy::Held {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                replicas: 3,
                util: Some((48, 50)),
                detail: HoldWhy::Within,
            },
            HpaWhy::Held {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                replicas: 0,
                util: None,
                detail: HoldWhy::Disabled,
            },
            HpaWhy::Held {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                replicas: 4,
                util: Some((10, 50)),
                detail: HoldWhy::Stabilized {
                    proposal: 1,
                    held: 4,
                },
            },
            HpaWhy::Held {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                replicas: 4,
                util: None,
                detail: HoldWhy::Limited {
                    proposal: 9,
                    reason: "TooManyReplicas",
                },
            },
            HpaWhy::NoMetrics {
                hpa: "web".into(),
                error: "e".into(),
            },
            HpaWhy::NoScale {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                error: "e".into(),
            },
            HpaWhy::Rescaled {
                hpa: "web".into(),
                target: "Deployment/web".into(),
                from: 4,
                to: 8,
                reason: String::new(),
                util: None,
            },
        ];
        check_all(
            &all,
            |w| match w {
                HpaWhy::Rescaled { reason, .. } if reason.is_empty() => 8,
                HpaWhy::Rescaled { util: Some(_), .. } => 0,
                HpaWhy::Rescaled { .. } => 1,
                HpaWhy::Held {
                    detail: HoldWhy::Within,
                    ..
                } => 2,
                HpaWhy::Held {
                    detail: HoldWhy::Disabled,
                    ..
                } => 3,
                HpaWhy::Held {
                    detail: HoldWhy::Stabilized { .. },
                    ..
                } => 4,
                HpaWhy::Held { .. } => 5,
                HpaWhy::NoMetrics { .. } => 6,
                HpaWhy::NoScale { .. } => 7,
            },
            9,
        );
    }
}

//! Deployment controller (`pkg/controller/deployment`). `sync` reads top to bottom as
//! upstream's `syncDeployment`: selector check, owned ReplicaSets, deletion, pause,
//! scaling event, then the strategy's rollout.

pub mod progress;
pub mod recreate;
pub mod rolling;
pub mod sync;
pub mod util;
pub mod why;

use crate::sort::StableSort;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};

use crate::events::EventSpec;
use crate::object::{Kind, Object};
use crate::podutil::controller_of;
use crate::runtime::Runtime;
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::StepCtx;
use crate::store::{WatchEvent, WatchType};
use why::DeploymentWhy;

/// The deployment controller (`deployment_controller.go`). It keeps no state of its own
/// between syncs: everything it needs is in the informers.
#[derive(Clone, Debug, Default)]
pub struct DeploymentController;

/// The controller's one queue: Deployments by `namespace/name`.
pub(crate) fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

impl Controller for DeploymentController {
    /// Its own clientset from kube-controller-manager's client builder, events included.
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "deployment-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::Pod)
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        let obj = &*ev.obj;
        match obj.kind() {
            // addDeployment / updateDeployment / deleteDeployment.
            Kind::Deployment => c.enqueue(work(c, obj.key().ns_name())),
            Kind::ReplicaSet => {
                // addReplicaSet / updateReplicaSet: an orphan is offered to every
                // Deployment whose selector matches it (getDeploymentsForReplicaSet) …
                if ev.ty != WatchType::Deleted
                    && controller_of(obj).is_none()
                    && obj.meta().deletion_timestamp.is_none()
                {
                    for k in super::matching_owners(c, obj, Kind::Deployment) {
                        c.enqueue(work(c, k));
                    }
                }
                // … and an owned one wakes its Deployment (old and new owner on a change).
                for o in [Some(obj), ev.old.as_deref()].into_iter().flatten() {
                    if let Some(r) = controller_of(o)
                        && r.kind == "Deployment"
                    {
                        c.enqueue(work(c, format!("{}/{}", o.namespace(), r.name)));
                    }
                }
            }
            Kind::Pod => on_pod_event(c, ev),
            _ => {}
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        sync(c, cx, key.name());
    }
}

/// `deletePod`: a Recreate rollout waits for every old pod to be gone, so the deletion of
/// a pod of one of its ReplicaSets wakes the Deployment.
fn on_pod_event(c: &mut Runtime, ev: &WatchEvent) {
    let obj = &*ev.obj;
    if ev.ty == WatchType::Deleted
        && let Some(r) = controller_of(obj)
        && r.kind == "ReplicaSet"
        && let Some(rs) = c.get(Kind::ReplicaSet, obj.namespace(), &r.name)
        && let Some(dr) = controller_of(&rs)
        && dr.kind == "Deployment"
    {
        let recreate = c
            .get(Kind::Deployment, obj.namespace(), &dr.name)
            .and_then(|d| {
                d.as_deployment()
                    .and_then(|d| d.spec.as_ref())
                    .and_then(|s| s.strategy.as_ref())
                    .and_then(|s| s.type_.clone())
            })
            .is_some_and(|t| t == "Recreate");
        if recreate {
            let dkey = format!("{}/{}", obj.namespace(), dr.name);
            c.enqueue(work(c, dkey));
        }
    }
}

/// The Deployment plus its ReplicaSets as one sync sees them.
pub(crate) struct Ctx {
    pub d: Deployment,
    pub d_obj: Arc<Object>,
    /// Every ReplicaSet controlled by the Deployment, oldest first.
    pub rss: Vec<ReplicaSet>,
}

impl Ctx {
    pub fn name(&self) -> String {
        self.d.metadata.name.clone().unwrap_or_default()
    }
}

pub(crate) fn rs_name(rs: &ReplicaSet) -> String {
    rs.metadata.name.clone().unwrap_or_default()
}

pub(crate) fn spec_replicas(rs: &ReplicaSet) -> i32 {
    rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(0)
}

pub(crate) fn d_replicas(d: &Deployment) -> i32 {
    d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1)
}

/// Record a deployment-controller event (posted after the API call that caused it returns).
pub(crate) fn event(cx: &mut StepCtx, d_obj: &Object, ty: &'static str, reason: &str, msg: String) {
    cx.deferred_events.push(EventSpec::new(
        d_obj,
        ty,
        reason,
        msg,
        "deployment-controller",
    ));
}

/// `syncDeployment` for one key.
pub(crate) fn sync(c: &mut Runtime, cx: &mut StepCtx, key: &str) {
    let (ns, name) = key.split_once('/').unwrap_or(("default", key));
    let Some(d_obj) = c.get(Kind::Deployment, ns, name) else {
        return;
    };
    let Some(d) = d_obj.as_deployment().cloned() else {
        return;
    };
    // 1. A selector that selects everything is refused (SelectingAll).
    let sel = d
        .spec
        .as_ref()
        .map(|s| s.selector.clone())
        .unwrap_or_default();
    let everything = sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty());
    if everything {
        let mut ev = EventSpec::new(
            &d_obj,
            "Warning",
            "SelectingAll",
            "This deployment is selecting all pods. A non-empty selector is required.".into(),
            "deployment-controller",
        );
        ev.involved = crate::events::object_ref(&d_obj, None);
        c.record_event(cx, ev);
        let mut nd = d.clone();
        let st = nd.status.get_or_insert_with(Default::default);
        if st.observed_generation < d.metadata.generation {
            st.observed_generation = d.metadata.generation;
            let _ = c.api_update_status(cx, Object::from(nd));
        }
        cx.say(DeploymentWhy::SelectsAll {
            name: name.to_string(),
        });
        return;
    }
    // 2. Owned ReplicaSets (ControllerRef: adopt matching orphans, release mismatches),
    //    oldest first.
    let selector = crate::labels::Selector::from_label_selector(&sel)
        .unwrap_or_else(|_| crate::labels::Selector::nothing());
    let mut rss: Vec<ReplicaSet> = super::claim(c, cx, &d_obj, &selector, Kind::ReplicaSet)
        .iter()
        .filter_map(|o| o.as_replicaset().cloned())
        .collect();
    rss.stable_sort_by(|a, b| {
        let ta = a.metadata.creation_timestamp.as_ref().map(|t| t.0);
        let tb = b.metadata.creation_timestamp.as_ref().map(|t| t.0);
        ta.cmp(&tb).then(a.metadata.name.cmp(&b.metadata.name))
    });
    let mut ctx = Ctx { d, d_obj, rss };
    // 3. Being deleted: status only.
    if ctx.d.metadata.deletion_timestamp.is_some() {
        sync::sync_status_only(c, cx, &mut ctx);
        return;
    }
    // 4. Pause conditions.
    progress::check_paused_conditions(c, cx, &mut ctx);
    let paused = ctx.d.spec.as_ref().and_then(|s| s.paused).unwrap_or(false);
    // 5. Paused: scale only.
    if paused {
        sync::sync(c, cx, &mut ctx);
        return;
    }
    // 7. Scaling event: proportional scaling.
    if sync::is_scaling_event(&ctx) {
        sync::sync(c, cx, &mut ctx);
        return;
    }
    // 8. Rollout by strategy.
    let recreate = ctx
        .d
        .spec
        .as_ref()
        .and_then(|s| s.strategy.as_ref())
        .and_then(|s| s.type_.as_deref())
        == Some("Recreate");
    if recreate {
        recreate::rollout_recreate(c, cx, &mut ctx);
    } else {
        rolling::rollout_rolling(c, cx, &mut ctx);
    }
}

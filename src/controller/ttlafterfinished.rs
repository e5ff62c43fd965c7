//! ttl-after-finished controller (`pkg/controller/ttlafterfinished/ttlafterfinished_controller.go`):
//! a finished Job with `ttlSecondsAfterFinished` is deleted that long after it finished
//! (the first Complete/Failed condition's time), with foreground propagation so its pods
//! go first. It records no events.

use crate::lang::Lang;
use crate::object::Kind;
use crate::runtime::Runtime;
use crate::runtime::api::{DeleteOptions, Propagation};
use crate::runtime::queue::{Key, Work};
use crate::runtime::registry::Controller;
use crate::runtime::step::{Explain, StepCtx};
use crate::store::{WatchEvent, WatchType};
use crate::time::SimTime;

/// The ttl-after-finished controller (no state between syncs).
#[derive(Clone, Debug, Default)]
pub struct TtlAfterFinishedController;

fn work(c: &Runtime, key: String) -> Work {
    c.work(0, Key::Name(key))
}

/// When the Job finished (the first terminal condition's lastTransitionTime) and when it
/// expires; None while it has not finished or has no TTL.
fn expiry(j: &k8s_openapi::api::batch::v1::Job) -> Option<(SimTime, SimTime, i32)> {
    let ttl = j.spec.as_ref()?.ttl_seconds_after_finished?;
    let finished = j
        .status
        .as_ref()?
        .conditions
        .iter()
        .flatten()
        .find(|c| (c.type_ == "Complete" || c.type_ == "Failed") && c.status == "True")?
        .last_transition_time
        .as_ref()
        .map(SimTime::from_k8s)?;
    Some((finished, finished.plus(i64::from(ttl) * 1000), ttl))
}

impl Controller for TtlAfterFinishedController {
    fn clients(&self, _: crate::profile::Profile) -> Option<crate::runtime::flowcontrol::Clients> {
        Some(crate::runtime::flowcontrol::Clients::KUBE_CONTROLLER_MANAGER)
    }

    fn name(&self) -> &'static str {
        "ttl-after-finished-controller"
    }

    fn watches(&self, kind: Kind) -> bool {
        kind == Kind::Job
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if ev.ty == WatchType::Deleted || ev.obj.meta().deletion_timestamp.is_some() {
            return;
        }
        if let Some(j) = ev.obj.as_job()
            && expiry(j).is_some()
        {
            c.enqueue(work(c, ev.obj.key().ns_name()));
        }
    }

    fn sync(&mut self, c: &mut Runtime, cx: &mut StepCtx, _op: u8, key: &Key) {
        let key = key.name();
        let (ns, name) = key.split_once('/').unwrap_or(("default", key));
        let Some(obj) = c.get(Kind::Job, ns, name) else {
            return;
        };
        if obj.meta().deletion_timestamp.is_some() {
            return;
        }
        let Some((finished, at, ttl)) = obj.as_job().and_then(expiry) else {
            return;
        };
        if c.now < at {
            c.add_timer(at, work(c, key.to_string()), false);
            return;
        }
        let opts = DeleteOptions {
            propagation: Propagation::Foreground,
            ..Default::default()
        };
        if c.api_delete(cx, &obj.key(), opts).is_ok() {
            cx.say(TtlWhy::Deleted {
                job: name.to_string(),
                ttl,
                finished,
            });
        }
    }
}

/// What the ttl-after-finished controller did.
#[derive(Clone, Debug)]
pub enum TtlWhy {
    Deleted {
        job: String,
        ttl: i32,
        finished: SimTime,
    },
}

impl Explain for TtlWhy {
    fn text(&self, w: Lang) -> String {
        match self {
            TtlWhy::Deleted { job, ttl, finished } => w.pick(
                "Job {0} finished at {1} and its ttlSecondsAfterFinished ({2}s) has passed: deleted it with foreground propagation (its pods go first)",
                "Job {0} 在 {1} 结束，ttlSecondsAfterFinished（{2}s）已过：以前台级联方式删除了它（先删它的 Pod）",
                [job, &finished.clock(), ttl],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::step::check_all;

    #[test]
    fn every_ttl_explanation_renders_in_both_languages() {
        let all = [TtlWhy::Deleted {
            job: "pi".into(),
            ttl: 100,
            finished: SimTime(5_000),
        }];
        check_all(&all, |_| 0, 1);
    }
}

//! `/apis/autoscaling/v1/…/horizontalpodautoscalers`: the stored autoscaling/v2 objects
//! served as autoscaling/v1 ([`crate::apiserver::autoscaling_v1`] converts), which is what
//! `kubectl autoscale` v1.32 posts.

use super::convert::Served;
use super::*;
use crate::apiserver::autoscaling_v1::{to_v1, to_v2};

/// autoscaling/v1 HorizontalPodAutoscalers, stored as autoscaling/v2 ones.
const HPA_V1: Served = Served {
    api_version: "autoscaling/v1",
    kind: "HorizontalPodAutoscaler",
    to_served: to_v1,
    to_stored: to_v2,
    smp_kind: Kind::HorizontalPodAutoscaler,
};

/// Handle a request to the autoscaling/v1 resource.
pub(super) fn handle(
    e: &mut Engine,
    req: &Request,
    q: &Query,
    accept: &str,
    rp: ResourcePath,
    out: &mut ExecOutput,
) -> Reply {
    let reply = match (req.method.as_str(), rp.name.is_some()) {
        ("POST", false) | ("PUT", true) => {
            let v = match body_value(req, "HorizontalPodAutoscaler") {
                Ok(v) => v,
                Err(s) => return s.into(),
            };
            if let Some(s) = HPA_V1.mismatch(&v) {
                return s.into();
            }
            resource_core(e, &HPA_V1.stored_request(req, &v), q, accept, rp, out)
        }
        ("PATCH", true) => return HPA_V1.patch(e, req, q, accept, rp, out, |_| Ok(vec![])),
        _ => resource_core(e, req, q, accept, rp, out),
    };
    HPA_V1.convert_reply(reply)
}

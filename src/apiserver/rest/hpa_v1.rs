//! `/apis/autoscaling/v1/…/horizontalpodautoscalers`: the stored autoscaling/v2 objects
//! served as autoscaling/v1 (`pkg/apis/autoscaling/v1/conversion.go`), which is what
//! `kubectl autoscale` v1.32 posts. The v1 form has one CPU target
//! (`targetCPUUtilizationPercentage`, 80 when absent) and the current CPU utilization;
//! conditions travel in the `autoscaling.alpha.kubernetes.io/conditions` annotation.

use serde_json::{Value, json};

use super::*;

const CONDITIONS: &str = "autoscaling.alpha.kubernetes.io/conditions";

/// v1 JSON → v2 JSON (the request side).
pub fn to_v2(v: &Value) -> Value {
    let mut out = v.clone();
    out["apiVersion"] = json!("autoscaling/v2");
    if let Some(spec) = out.get_mut("spec").and_then(Value::as_object_mut) {
        let cpu = spec
            .remove("targetCPUUtilizationPercentage")
            .and_then(|x| x.as_i64())
            .unwrap_or(80);
        spec.insert(
            "metrics".into(),
            json!([{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": cpu}}}]),
        );
    }
    if let Some(a) = out
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        a.remove(CONDITIONS);
        if a.is_empty() {
            out["metadata"]
                .as_object_mut()
                .map(|m| m.remove("annotations"));
        }
    }
    if let Some(st) = out.get_mut("status").and_then(Value::as_object_mut) {
        st.remove("currentCPUUtilizationPercentage");
    }
    out
}

/// v2 JSON → v1 JSON (the answer side).
pub fn to_v1(v: &Value) -> Value {
    let mut out = v.clone();
    out["apiVersion"] = json!("autoscaling/v1");
    let metrics = v.pointer("/spec/metrics").cloned().unwrap_or(Value::Null);
    let cpu_target = metrics.as_array().and_then(|ms| {
        ms.iter().find_map(|m| {
            (m["type"] == "Resource" && m["resource"]["name"] == "cpu")
                .then(|| m["resource"]["target"]["averageUtilization"].as_i64())
                .flatten()
        })
    });
    if let Some(spec) = out.get_mut("spec").and_then(Value::as_object_mut) {
        spec.remove("metrics");
        spec.remove("behavior");
        if let Some(t) = cpu_target {
            spec.insert("targetCPUUtilizationPercentage".into(), json!(t));
        }
    }
    let st = v.get("status").cloned().unwrap_or(json!({}));
    let cur_cpu = st["currentMetrics"].as_array().and_then(|ms| {
        ms.iter().find_map(|m| {
            (m["type"] == "Resource" && m["resource"]["name"] == "cpu")
                .then(|| m["resource"]["current"]["averageUtilization"].as_i64())
                .flatten()
        })
    });
    let mut s1 = serde_json::Map::new();
    for k in ["observedGeneration", "lastScaleTime"] {
        if let Some(x) = st.get(k) {
            s1.insert(k.into(), x.clone());
        }
    }
    s1.insert(
        "currentReplicas".into(),
        st.get("currentReplicas").cloned().unwrap_or(json!(0)),
    );
    s1.insert(
        "desiredReplicas".into(),
        st.get("desiredReplicas").cloned().unwrap_or(json!(0)),
    );
    if let Some(c) = cur_cpu {
        s1.insert("currentCPUUtilizationPercentage".into(), json!(c));
    }
    out["status"] = Value::Object(s1);
    if let Some(conds) = st
        .get("conditions")
        .filter(|c| c.as_array().is_some_and(|a| !a.is_empty()))
    {
        let md = out["metadata"].as_object_mut();
        if let Some(md) = md {
            let ann = md.entry("annotations").or_insert_with(|| json!({}));
            ann[CONDITIONS] = json!(conds.to_string());
        }
    }
    out
}

/// Convert a JSON answer about HPAs to v1 (Tables and Statuses stay).
#[allow(irrefutable_let_patterns)]
fn convert_reply(reply: Reply) -> Reply {
    let Reply::Done(mut r) = reply else {
        return reply;
    };
    let Ok(mut v) = serde_json::from_slice::<Value>(&r.body) else {
        return Reply::Done(r);
    };
    match v.get("kind").and_then(Value::as_str) {
        Some("HorizontalPodAutoscaler") => v = to_v1(&v),
        Some("HorizontalPodAutoscalerList") => {
            if let Some(items) = v.get_mut("items").and_then(Value::as_array_mut) {
                for it in items.iter_mut() {
                    *it = to_v1(it);
                }
            }
            v["apiVersion"] = json!("autoscaling/v1");
        }
        _ => return Reply::Done(r),
    }
    r.body = v.to_string().into_bytes();
    Reply::Done(r)
}

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
            if let Some(av) = v.get("apiVersion").and_then(Value::as_str)
                && av != "autoscaling/v1"
            {
                return Status::bad_request(format!(
                    "the API version in the data ({}) does not match the expected API version (autoscaling/v1)",
                    av
                ))
                .into();
            }
            let mut v2 = req.clone();
            v2.content_type = Some("application/json".into());
            v2.body = to_v2(&v).to_string().into_bytes();
            resource_core(e, &v2, q, accept, rp, out)
        }
        _ => resource_core(e, req, q, accept, rp, out),
    };
    convert_reply(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_and_v2_convert_both_ways() {
        let v1 = json!({"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "web"},
            "spec": {"maxReplicas": 5, "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}}});
        let v2 = to_v2(&v1);
        assert_eq!(
            v2["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"],
            80
        );
        let mut stored = v2.clone();
        stored["status"] = json!({"currentReplicas": 2, "desiredReplicas": 2,
            "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 40, "averageValue": "40m"}}}],
            "conditions": [{"type": "AbleToScale", "status": "True"}]});
        let back = to_v1(&stored);
        assert_eq!(back["spec"]["targetCPUUtilizationPercentage"], 80);
        assert_eq!(back["status"]["currentCPUUtilizationPercentage"], 40);
        assert!(back["metadata"]["annotations"][CONDITIONS].is_string());
        assert!(back["spec"].get("metrics").is_none());
    }
}

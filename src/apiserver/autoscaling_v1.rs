//! autoscaling/v1 ↔ autoscaling/v2 HorizontalPodAutoscalers (`pkg/apis/autoscaling/v1/conversion.go`):
//! v1 has one CPU target (`targetCPUUtilizationPercentage`, 80 when absent) and the current
//! CPU utilization; the conditions travel in the `autoscaling.alpha.kubernetes.io/conditions`
//! annotation. Upstream also carries the other metrics, the current metrics and the behavior
//! in `autoscaling.alpha.kubernetes.io/{metrics,current-metrics,behavior}` annotations (in
//! the old v2beta1 shapes); kubestep leaves those out, so a v1 read shows the CPU target and
//! utilization only, and a v1 write replaces the metrics with that one target.

use serde_json::{Value, json};

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

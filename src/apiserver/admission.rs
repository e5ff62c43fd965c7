//! The admission plugins that read other objects: LimitRanger
//! (`plugin/pkg/admission/limitranger/admission.go`) and ResourceQuota
//! (`staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go` with the
//! evaluators of `pkg/quota/v1/evaluator/core`), plus the usage arithmetic the
//! resourcequota controller shares with them. Pure functions: the caller lists the
//! namespace's LimitRanges and ResourceQuotas and writes what comes back.

use crate::sort::StableSort;
use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, LimitRange, Pod, ResourceQuota};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::object::{Kind, Object};
use crate::quantity::ParsedQuantity;

/// A resource list with exact quantities (`v1.ResourceList`).
pub type Usage = BTreeMap<String, ParsedQuantity>;

fn parse(q: &Quantity) -> Option<ParsedQuantity> {
    ParsedQuantity::parse(&q.0)
}

fn add_to(u: &mut Usage, k: &str, q: ParsedQuantity) {
    match u.get_mut(k) {
        Some(v) => v.add(q),
        None => {
            u.insert(k.to_string(), q);
        }
    }
}

fn one() -> ParsedQuantity {
    ParsedQuantity::parse("1").unwrap_or(ParsedQuantity::zero())
}

// ---------------------------------------------------------------------------------------------
// LimitRanger
// ---------------------------------------------------------------------------------------------

/// `PodMutateLimitFunc`: fill each container's missing requests and limits from the
/// `type: Container` items' `defaultRequest` and `default`, and return the
/// `kubernetes.io/limit-ranger` annotation text (None when nothing was set).
pub fn limit_ranger_mutate(pod: &mut Pod, ranges: &[&LimitRange]) -> Option<String> {
    let mut def_req: BTreeMap<String, Quantity> = BTreeMap::new();
    let mut def_lim: BTreeMap<String, Quantity> = BTreeMap::new();
    // defaultContainerResourceRequirements: the last item of each LimitRange wins per key.
    for lr in ranges {
        for item in lr.spec.iter().flat_map(|s| s.limits.iter()) {
            if item.type_ != "Container" {
                continue;
            }
            for (k, v) in item.default_request.iter().flatten() {
                def_req.insert(k.clone(), v.clone());
            }
            for (k, v) in item.default.iter().flatten() {
                def_lim.insert(k.clone(), v.clone());
            }
        }
    }
    if def_req.is_empty() && def_lim.is_empty() {
        return None;
    }
    let spec = pod.spec.as_mut()?;
    let mut parts: Vec<String> = Vec::new();
    let mut fill = |c: &mut Container, what: &str| {
        let r = c.resources.get_or_insert_with(Default::default);
        let mut set_req: Vec<&str> = Vec::new();
        let mut set_lim: Vec<&str> = Vec::new();
        for (k, v) in &def_lim {
            let lim = r.limits.get_or_insert_with(BTreeMap::new);
            if !lim.contains_key(k) {
                lim.insert(k.clone(), v.clone());
                set_lim.push(k);
            }
        }
        for (k, v) in &def_req {
            let req = r.requests.get_or_insert_with(BTreeMap::new);
            if !req.contains_key(k) {
                req.insert(k.clone(), v.clone());
                set_req.push(k);
            }
        }
        if r.limits.as_ref().is_some_and(|l| l.is_empty()) {
            r.limits = None;
        }
        if r.requests.as_ref().is_some_and(|l| l.is_empty()) {
            r.requests = None;
        }
        set_req.stable_sort();
        set_lim.stable_sort();
        if !set_req.is_empty() {
            parts.push(format!(
                "{} request for {} {}",
                set_req.join(", "),
                what,
                c.name
            ));
        }
        if !set_lim.is_empty() {
            parts.push(format!(
                "{} limit for {} {}",
                set_lim.join(", "),
                what,
                c.name
            ));
        }
    };
    for c in spec.containers.iter_mut() {
        fill(c, "container");
    }
    for c in spec.init_containers.iter_mut().flatten() {
        fill(c, "init container");
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("LimitRanger plugin set: {}", parts.join("; ")))
}

/// `PodValidateLimitFunc`: min, max and ratio per container (`type: Container`) and for the
/// pod's sums (`type: Pod`). Err is the aggregate text (one error bare, several `[a, b]`).
pub fn limit_ranger_validate(pod: &Pod, ranges: &[&LimitRange]) -> Result<(), String> {
    let mut errs: Vec<String> = Vec::new();
    let Some(spec) = pod.spec.as_ref() else {
        return Ok(());
    };
    for lr in ranges {
        for item in lr.spec.iter().flat_map(|s| s.limits.iter()) {
            let ty = item.type_.as_str();
            if ty != "Container" && ty != "Pod" {
                continue;
            }
            let check = |req: &Usage, lim: &Usage, errs: &mut Vec<String>| {
                for (k, min) in item.min.iter().flatten() {
                    let Some(min) = parse(min) else { continue };
                    min_constraint(ty, k, &min, req, lim, errs);
                }
                for (k, max) in item.max.iter().flatten() {
                    let Some(max) = parse(max) else { continue };
                    max_constraint(ty, k, &max, req, lim, errs);
                }
                for (k, ratio) in item.max_limit_request_ratio.iter().flatten() {
                    let Some(ratio) = parse(ratio) else { continue };
                    ratio_constraint(ty, k, &ratio, req, lim, errs);
                }
            };
            if ty == "Container" {
                for c in spec
                    .containers
                    .iter()
                    .chain(spec.init_containers.iter().flatten())
                {
                    let r = c.resources.as_ref();
                    let req = list(r.and_then(|r| r.requests.as_ref()));
                    let lim = list(r.and_then(|r| r.limits.as_ref()));
                    check(&req, &lim, &mut errs);
                }
            } else {
                let req = pod_resources(pod, Side::Requests);
                let lim = pod_resources(pod, Side::Limits);
                check(&req, &lim, &mut errs);
            }
        }
    }
    match errs.len() {
        0 => Ok(()),
        1 => Err(errs.remove(0)),
        _ => Err(format!("[{}]", errs.join(", "))),
    }
}

fn list(l: Option<&BTreeMap<String, Quantity>>) -> Usage {
    l.iter()
        .flat_map(|m| m.iter())
        .filter_map(|(k, v)| parse(v).map(|p| (k.clone(), p)))
        .collect()
}

fn min_constraint(
    ty: &str,
    k: &str,
    min: &ParsedQuantity,
    req: &Usage,
    lim: &Usage,
    errs: &mut Vec<String>,
) {
    // minConstraint: the first failing check only.
    let m = min.canonical();
    match (req.get(k), lim.get(k)) {
        (None, _) => errs.push(format!(
            "minimum {k} usage per {ty} is {m}.  No request is specified"
        )),
        (Some(r), _) if r.cmp_value(min).is_lt() => errs.push(format!(
            "minimum {k} usage per {ty} is {m}, but request is {}",
            r.canonical()
        )),
        (_, Some(l)) if l.cmp_value(min).is_lt() => errs.push(format!(
            "minimum {k} usage per {ty} is {m}, but limit is {}",
            l.canonical()
        )),
        _ => {}
    }
}

fn max_constraint(
    ty: &str,
    k: &str,
    max: &ParsedQuantity,
    req: &Usage,
    lim: &Usage,
    errs: &mut Vec<String>,
) {
    // maxConstraint: the first failing check only.
    let m = max.canonical();
    match (lim.get(k), req.get(k)) {
        (None, _) => errs.push(format!(
            "maximum {k} usage per {ty} is {m}.  No limit is specified"
        )),
        (Some(l), _) if l.cmp_value(max).is_gt() => errs.push(format!(
            "maximum {k} usage per {ty} is {m}, but limit is {}",
            l.canonical()
        )),
        (_, Some(r)) if r.cmp_value(max).is_gt() => errs.push(format!(
            "maximum {k} usage per {ty} is {m}, but request is {}",
            r.canonical()
        )),
        _ => {}
    }
}

fn ratio_constraint(
    ty: &str,
    k: &str,
    ratio: &ParsedQuantity,
    req: &Usage,
    lim: &Usage,
    errs: &mut Vec<String>,
) {
    let m = ratio.canonical();
    let (r, l) = (req.get(k), lim.get(k));
    let zero = |q: Option<&ParsedQuantity>| q.is_none_or(|q| q.mantissa == 0);
    if zero(r) {
        errs.push(format!("{k} max limit to request ratio per {ty} is {m}, but no request is specified or request is 0"));
        return;
    }
    if zero(l) {
        errs.push(format!("{k} max limit to request ratio per {ty} is {m}, but no limit is specified or limit is 0"));
        return;
    }
    let (r, l) = (
        r.map_or(0, |q| q.milli_value()),
        l.map_or(0, |q| q.milli_value()),
    );
    let observed = l as f64 / r as f64;
    let max = ratio.milli_value() as f64 / 1000.0;
    if observed > max {
        errs.push(format!(
            "{k} max limit to request ratio per {ty} is {m}, but provided ratio is {observed:.6}"
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// ResourceQuota
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Requests,
    Limits,
}

/// `PodRequests` / `PodLimits` (component-helpers/resource): containers and sidecars summed,
/// the larger of that and each init container (with the sidecars started before it).
fn pod_resources(pod: &Pod, side: Side) -> Usage {
    let Some(spec) = pod.spec.as_ref() else {
        return Usage::new();
    };
    let of = |c: &Container| {
        let r = c.resources.as_ref();
        list(match side {
            Side::Requests => r.and_then(|r| r.requests.as_ref()),
            Side::Limits => r.and_then(|r| r.limits.as_ref()),
        })
    };
    let mut sum = Usage::new();
    for c in &spec.containers {
        for (k, v) in of(c) {
            add_to(&mut sum, &k, v);
        }
    }
    let mut sidecars = Usage::new();
    let mut init_max = Usage::new();
    let max_into = |m: &mut Usage, u: &Usage| {
        for (k, v) in u {
            match m.get(k) {
                Some(cur) if cur.cmp_value(v).is_ge() => {}
                _ => {
                    m.insert(k.clone(), *v);
                }
            }
        }
    };
    for c in spec.init_containers.iter().flatten() {
        let u = of(c);
        if c.restart_policy.as_deref() == Some("Always") {
            for (k, v) in &u {
                add_to(&mut sum, k, *v);
                add_to(&mut sidecars, k, *v);
            }
            max_into(&mut init_max, &sidecars.clone());
        } else {
            let mut t = u;
            for (k, v) in &sidecars {
                add_to(&mut t, k, *v);
            }
            max_into(&mut init_max, &t);
        }
    }
    max_into(&mut sum, &init_max);
    if side == Side::Requests {
        for (k, v) in spec.overhead.iter().flatten() {
            if let Some(q) = parse(v) {
                add_to(&mut sum, k, q);
            }
        }
    }
    sum
}

/// `QuotaV1Pod`: a pod counts against compute quota unless it is terminal (or past its
/// deletion grace period, which a simulated pod never outlives).
pub fn pod_counts(pod: &Pod) -> bool {
    !matches!(crate::podutil::phase(pod), "Succeeded" | "Failed")
}

/// The object-count resource name of a kind (`ObjectCountQuotaResourceNameFor`):
/// `count/pods`, `count/deployments.apps`.
pub fn count_name(kind: Kind) -> String {
    match kind.group() {
        "" => format!("count/{}", kind.plural()),
        g => format!("count/{}.{}", kind.plural(), g),
    }
}

/// What one object uses (the evaluators' `Usage`): its `count/<resource>`, the legacy counts
/// of core kinds, a pod's compute resources, a claim's storage.
pub fn usage(obj: &Object) -> Usage {
    let mut u = Usage::new();
    u.insert(count_name(obj.kind()), one());
    match obj {
        Object::Pod(p) => {
            if pod_counts(p) {
                u.insert("pods".into(), one());
                let req = pod_resources(p, Side::Requests);
                let lim = pod_resources(p, Side::Limits);
                for r in ["cpu", "memory", "ephemeral-storage"] {
                    if let Some(q) = req.get(r) {
                        u.insert(r.into(), *q);
                        u.insert(format!("requests.{r}"), *q);
                    }
                    if let Some(q) = lim.get(r) {
                        u.insert(format!("limits.{r}"), *q);
                    }
                }
                for (k, q) in &req {
                    if k.starts_with("hugepages-")
                        || crate::scheduler::quantity::is_scalar_resource_name(k)
                    {
                        u.insert(format!("requests.{k}"), *q);
                    }
                }
            }
        }
        Object::ConfigMap(_) => {
            u.insert("configmaps".into(), one());
        }
        Object::Secret(_) => {
            u.insert("secrets".into(), one());
        }
        Object::ResourceQuota(_) => {
            u.insert("resourcequotas".into(), one());
        }
        Object::Service(s) => {
            u.insert("services".into(), one());
            let spec = s.spec.clone().unwrap_or_default();
            let ty = spec.type_.as_deref().unwrap_or("ClusterIP");
            let ports = spec.ports.as_ref().map_or(0, |p| p.len()) as i64;
            if ty == "LoadBalancer" {
                u.insert("services.loadbalancers".into(), one());
            }
            if ty == "NodePort" || ty == "LoadBalancer" {
                if let Some(q) = ParsedQuantity::parse(&ports.to_string()) {
                    u.insert("services.nodeports".into(), q);
                }
            }
        }
        Object::PersistentVolumeClaim(c) => {
            u.insert("persistentvolumeclaims".into(), one());
            if let Some(q) = c
                .spec
                .as_ref()
                .and_then(|s| s.resources.as_ref())
                .and_then(|r| r.requests.as_ref())
                .and_then(|r| r.get("storage"))
                .and_then(parse)
            {
                u.insert("requests.storage".into(), q);
            }
        }
        _ => {}
    }
    u
}

/// Whether a quota's scopes select the object (`matchesScopeFunc`): the pod scopes look at
/// `activeDeadlineSeconds` and the QoS class; other kinds match only unscoped quotas.
pub fn scopes_match(q: &ResourceQuota, obj: &Object) -> bool {
    let scopes = q
        .spec
        .as_ref()
        .and_then(|s| s.scopes.clone())
        .unwrap_or_default();
    if scopes.is_empty() {
        return true;
    }
    let Some(p) = obj.as_pod() else {
        return false;
    };
    let terminating = p
        .spec
        .as_ref()
        .and_then(|s| s.active_deadline_seconds)
        .is_some_and(|d| d >= 0);
    let best_effort = crate::podutil::qos_class(p) == "BestEffort";
    scopes.iter().all(|s| match s.as_str() {
        "Terminating" => terminating,
        "NotTerminating" => !terminating,
        "BestEffort" => best_effort,
        "NotBestEffort" => !best_effort,
        _ => true,
    })
}

/// The resources a quota can track for this object's kind (`MatchingResources`).
fn tracked(kind: Kind, name: &str) -> bool {
    if name == count_name(kind) {
        return true;
    }
    match kind {
        Kind::Pod => {
            matches!(
                name,
                "pods"
                    | "cpu"
                    | "memory"
                    | "ephemeral-storage"
                    | "requests.cpu"
                    | "requests.memory"
                    | "requests.ephemeral-storage"
                    | "limits.cpu"
                    | "limits.memory"
                    | "limits.ephemeral-storage"
            ) || name.starts_with("requests.hugepages-")
                || (name.starts_with("requests.") && name.contains('/'))
        }
        Kind::ConfigMap => name == "configmaps",
        Kind::Secret => name == "secrets",
        Kind::ResourceQuota => name == "resourcequotas",
        Kind::Service => matches!(
            name,
            "services" | "services.nodeports" | "services.loadbalancers"
        ),
        Kind::PersistentVolumeClaim => {
            matches!(name, "persistentvolumeclaims" | "requests.storage")
        }
        _ => false,
    }
}

fn pretty(u: &Usage, keys: &[String]) -> String {
    keys.iter()
        .filter_map(|k| u.get(k).map(|q| format!("{}={}", k, q.canonical())))
        .collect::<Vec<_>>()
        .join(",")
}

/// ResourceQuota admission for a create (`checkRequest`): each quota of the namespace whose
/// scopes match and that tracks what the object uses. Ok gives the quotas' new
/// `status.used` (name → used), to be written with the object; Err the refusal text
/// (`exceeded quota: …`, `failed quota: …: must specify …`, `status unknown for quota: …`).
pub fn quota_admit(
    obj: &Object,
    quotas: &[&ResourceQuota],
) -> Result<Vec<(String, BTreeMap<String, Quantity>)>, String> {
    let kind = obj.kind();
    let delta = usage(obj);
    let mut out = Vec::new();
    for q in quotas {
        if !scopes_match(q, obj) {
            continue;
        }
        let name = q.metadata.name.clone().unwrap_or_default();
        let st = q.status.clone().unwrap_or_default();
        let hard: Usage = list(st.hard.as_ref());
        let restricted: Vec<String> = hard.keys().filter(|k| tracked(kind, k)).cloned().collect();
        if restricted.is_empty() {
            continue;
        }
        // Constraints (the pod evaluator): every container states each tracked compute
        // resource.
        if let Object::Pod(p) = obj {
            let mut missing: Vec<String> = Vec::new();
            for r in [
                "cpu",
                "memory",
                "requests.cpu",
                "requests.memory",
                "limits.cpu",
                "limits.memory",
            ] {
                if !restricted.iter().any(|x| x == r) {
                    continue;
                }
                let (side, base) = match r.split_once('.') {
                    Some(("limits", b)) => (Side::Limits, b),
                    Some((_, b)) => (Side::Requests, b),
                    None => (Side::Requests, r),
                };
                let mut without: Vec<String> = p
                    .spec
                    .iter()
                    .flat_map(|s| {
                        s.containers
                            .iter()
                            .chain(s.init_containers.iter().flatten())
                    })
                    .filter(|c| {
                        let rr = c.resources.as_ref();
                        let l = match side {
                            Side::Requests => rr.and_then(|r| r.requests.as_ref()),
                            Side::Limits => rr.and_then(|r| r.limits.as_ref()),
                        };
                        !l.is_some_and(|l| l.contains_key(base))
                    })
                    .map(|c| c.name.clone())
                    .collect();
                if !without.is_empty() {
                    without.stable_sort();
                    missing.push(format!("{} for: {}", r, without.join(",")));
                }
            }
            if !missing.is_empty() {
                missing.stable_sort();
                return Err(format!(
                    "failed quota: {}: must specify {}",
                    name,
                    missing.join("; ")
                ));
            }
        }
        let used: Usage = list(st.used.as_ref());
        let mut unknown: Vec<String> = restricted
            .iter()
            .filter(|k| !used.contains_key(*k))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            unknown.stable_sort();
            return Err(format!(
                "status unknown for quota: {}, resources: {}",
                name,
                unknown.join(",")
            ));
        }
        let requested: Usage = delta
            .iter()
            .filter(|(k, _)| hard.contains_key(*k))
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        if requested.is_empty() {
            continue;
        }
        let mut new_used = used.clone();
        for (k, v) in &requested {
            add_to(&mut new_used, k, *v);
        }
        let exceeded: Vec<String> = requested
            .keys()
            .filter(|k| {
                let (Some(n), Some(h)) = (new_used.get(*k), hard.get(*k)) else {
                    return false;
                };
                n.cmp_value(h).is_gt()
            })
            .cloned()
            .collect();
        if !exceeded.is_empty() {
            return Err(format!(
                "exceeded quota: {}, requested: {}, used: {}, limited: {}",
                name,
                pretty(&requested, &exceeded),
                pretty(&used, &exceeded),
                pretty(&hard, &exceeded)
            ));
        }
        let mut status_used: BTreeMap<String, Quantity> = st.used.clone().unwrap_or_default();
        for k in requested.keys() {
            if let Some(v) = new_used.get(k) {
                status_used.insert(k.clone(), Quantity(v.canonical()));
            }
        }
        out.push((name, status_used));
    }
    Ok(out)
}

/// The resourcequota controller's `CalculateUsage`: what the namespace's objects use of each
/// resource the quota limits (a zero for each limited resource nothing uses).
pub fn calculate_usage<'a>(
    q: &ResourceQuota,
    objects: impl Iterator<Item = &'a Object>,
) -> BTreeMap<String, Quantity> {
    let hard: Vec<String> = q
        .spec
        .as_ref()
        .and_then(|s| s.hard.as_ref())
        .map(|h| h.keys().cloned().collect())
        .unwrap_or_default();
    let mut total = Usage::new();
    for o in objects {
        if !scopes_match(q, o) {
            continue;
        }
        for (k, v) in usage(o) {
            if hard.contains(&k) {
                add_to(&mut total, &k, v);
            }
        }
    }
    hard.into_iter()
        .map(|k| {
            let v = total.get(&k).map_or("0".to_string(), |q| q.canonical());
            (k, Quantity(v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pod(v: serde_json::Value) -> Pod {
        serde_json::from_value(v).unwrap()
    }
    fn lr(v: serde_json::Value) -> LimitRange {
        serde_json::from_value(json!({"metadata": {"name": "l"}, "spec": {"limits": v}})).unwrap()
    }
    fn quota(hard: serde_json::Value, used: serde_json::Value) -> ResourceQuota {
        serde_json::from_value(json!({"metadata": {"name": "q"}, "spec": {"hard": hard}, "status": {"hard": hard, "used": used}})).unwrap()
    }

    #[test]
    fn limit_ranger_fills_missing_requests_and_limits_and_says_so() {
        let l = lr(
            json!([{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}, "defaultRequest": {"cpu": "200m", "memory": "128Mi"}}]),
        );
        let mut p = pod(
            json!({"spec": {"containers": [{"name": "web"}, {"name": "side", "resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "1"}}}]}}),
        );
        let ann = limit_ranger_mutate(&mut p, &[&l]).unwrap();
        assert_eq!(
            ann,
            "LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web; memory request for container side; memory limit for container side"
        );
        let c = &p.spec.as_ref().unwrap().containers[0];
        assert_eq!(
            c.resources.as_ref().unwrap().requests.as_ref().unwrap()["cpu"].0,
            "200m"
        );
        assert_eq!(
            c.resources.as_ref().unwrap().limits.as_ref().unwrap()["memory"].0,
            "256Mi"
        );
        let mut full = pod(
            json!({"spec": {"containers": [{"name": "web", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}}]}}),
        );
        assert_eq!(limit_ranger_mutate(&mut full, &[&l]), None);
    }

    /// Cases of `TestPodLimitFunc` (limitranger/admission_test.go).
    #[test]
    fn limit_ranger_validates_min_max_and_ratio() {
        let l = lr(
            json!([{"type": "Container", "max": {"cpu": "1", "memory": "1Gi"}, "min": {"memory": "64Mi"}, "maxLimitRequestRatio": {"cpu": "4"}}]),
        );
        let p = |res: serde_json::Value| {
            pod(json!({"spec": {"containers": [{"name": "web", "resources": res}]}}))
        };
        assert_eq!(
            limit_ranger_validate(
                &p(
                    json!({"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "500m", "memory": "128Mi"}})
                ),
                &[&l]
            ),
            Ok(())
        );
        assert_eq!(
            limit_ranger_validate(
                &p(
                    json!({"limits": {"cpu": "2", "memory": "128Mi"}, "requests": {"cpu": "1", "memory": "128Mi"}})
                ),
                &[&l]
            ),
            Err("maximum cpu usage per Container is 1, but limit is 2".into())
        );
        assert_eq!(
            limit_ranger_validate(
                &p(
                    json!({"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "1", "memory": "32Mi"}})
                ),
                &[&l]
            ),
            Err("minimum memory usage per Container is 64Mi, but request is 32Mi".into())
        );
        assert_eq!(limit_ranger_validate(&p(json!({"limits": {"cpu": "1", "memory": "128Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}})), &[&l]), Err("cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000".into()));
        assert_eq!(limit_ranger_validate(&p(json!({})), &[&l]), Err("[minimum memory usage per Container is 64Mi.  No request is specified, maximum cpu usage per Container is 1.  No limit is specified, maximum memory usage per Container is 1Gi.  No limit is specified, cpu max limit to request ratio per Container is 4, but no request is specified or request is 0]".into()));
    }

    #[test]
    fn quota_refuses_what_exceeds_and_counts_what_it_admits() {
        let q = quota(
            json!({"pods": "2", "requests.cpu": "1"}),
            json!({"pods": "2", "requests.cpu": "500m"}),
        );
        let p = Object::from(pod(
            json!({"metadata": {"name": "x"}, "spec": {"containers": [{"name": "web", "resources": {"requests": {"cpu": "500m"}}}]}}),
        ));
        assert_eq!(
            quota_admit(&p, &[&q]),
            Err("exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2".into())
        );
        let q = quota(
            json!({"pods": "2", "requests.cpu": "1"}),
            json!({"pods": "1", "requests.cpu": "500m"}),
        );
        let ok = quota_admit(&p, &[&q]).unwrap();
        assert_eq!(ok[0].1["pods"].0, "2");
        assert_eq!(ok[0].1["requests.cpu"].0, "1");
        let big = Object::from(pod(
            json!({"metadata": {"name": "x"}, "spec": {"containers": [{"name": "web", "resources": {"requests": {"cpu": "600m"}}}]}}),
        ));
        assert_eq!(quota_admit(&big, &[&q]), Err("exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1".into()));
        let bare = Object::from(pod(
            json!({"metadata": {"name": "x"}, "spec": {"containers": [{"name": "web"}]}}),
        ));
        let q = quota(
            json!({"requests.cpu": "1", "limits.cpu": "2"}),
            json!({"requests.cpu": "0", "limits.cpu": "0"}),
        );
        assert_eq!(
            quota_admit(&bare, &[&q]),
            Err("failed quota: q: must specify limits.cpu for: web; requests.cpu for: web".into())
        );
        // Before the controller's first sync, a quota has no status and limits nothing.
        let fresh: ResourceQuota = serde_json::from_value(
            json!({"metadata": {"name": "q"}, "spec": {"hard": {"pods": "0"}}}),
        )
        .unwrap();
        assert!(quota_admit(&bare, &[&fresh]).unwrap().is_empty());
        let cm = Object::from(k8s_openapi::api::core::v1::ConfigMap::default());
        let q = quota(json!({"configmaps": "2"}), json!({"configmaps": "2"}));
        assert_eq!(quota_admit(&cm, &[&q]), Err("exceeded quota: q, requested: configmaps=1, used: configmaps=2, limited: configmaps=2".into()));
    }

    #[test]
    fn usage_sums_the_namespace_and_skips_finished_pods() {
        let q: ResourceQuota = serde_json::from_value(json!({"metadata": {"name": "q"}, "spec": {"hard": {"pods": "5", "requests.memory": "1Gi", "count/pods": "9"}}})).unwrap();
        let running = Object::from(pod(
            json!({"spec": {"containers": [{"name": "a", "resources": {"requests": {"memory": "128Mi"}}}]}}),
        ));
        let done = Object::from(pod(
            json!({"spec": {"containers": [{"name": "a", "resources": {"requests": {"memory": "128Mi"}}}]}, "status": {"phase": "Succeeded"}}),
        ));
        let used = calculate_usage(&q, [&running, &running, &done].into_iter());
        assert_eq!(used["pods"].0, "2");
        assert_eq!(used["count/pods"].0, "3");
        assert_eq!(used["requests.memory"].0, "256Mi");
    }
}

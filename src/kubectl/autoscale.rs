//! `kubectl autoscale` (kubectl v0.32.0 `pkg/cmd/autoscale/autoscale.go`): an
//! autoscaling/v1 HorizontalPodAutoscaler for a Deployment, ReplicaSet or StatefulSet,
//! posted to autoscaling/v1 as kubectl 1.32 does.

use super::client::{self, Call};
use super::flags::DryRun;
use super::generate::{J, common, meta, parse, save_config, submit_at};
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;

const CMD: &str = "kubectl autoscale";

/// `kubectl autoscale (TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]`.
pub fn autoscale(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match parse(args, &["min", "max", "cpu-percent", "name"], &[], CMD) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    // cobra's MarkFlagRequired is checked before the command runs.
    if f.get("max").is_none() {
        return out.fail("error: required flag(s) \"max\" not set");
    }
    let int = |flag: &str| -> Result<i64, String> {
        match f.get(flag) {
            None => Ok(-1),
            Some(v) => v.parse::<i32>().map(i64::from).map_err(|_| {
                format!(
                    "error: invalid argument {:?} for \"--{}\" flag: strconv.ParseInt: parsing {:?}: invalid syntax\nSee '{} --help' for usage.",
                    v, flag, v, CMD
                )
            }),
        }
    };
    let (min, max, cpu) = match (int("min"), int("max"), int("cpu-percent")) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(m), _, _) | (_, Err(m), _) | (_, _, Err(m)) => return out.fail(m),
    };
    if max < 1 {
        return out.fail(format!(
            "error: --max=MAXPODS is required and must be at least 1, max: {}",
            max
        ));
    }
    if max < min {
        return out.fail(format!(
            "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: {}, min: {}",
            max, min
        ));
    }
    let (output, dry, _) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    // autoscale has no --validate: only the field manager goes with the POST.
    let query = format!(
        "fieldManager={}",
        crate::apiserver::rest::query::percent_encode(
            f.get("field-manager").unwrap_or("kubectl-autoscale")
        )
    );
    let ns = super::namespace(&f);
    let Some(targets) = super::resource_names(&f.positional, out) else {
        return;
    };
    if targets.is_empty() {
        return out.fail("error: no objects passed to autoscale");
    }
    for (kind, name) in targets {
        // The builder GETs the object first (even for a client dry run).
        let obj =
            match Call::new(CMD, "GET", client::path(kind, &ns, Some(&name), None)).send(e, out) {
                Ok(v) => v,
                Err(fail) => return out.fail(fail.kubectl()),
            };
        if !matches!(
            kind,
            Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet
        ) {
            return out.fail(format!(
                "error: cannot autoscale a {}: could not find scale subresource for {} in discovery information",
                kind.name(),
                kind.qualified_plural()
            ));
        }
        let hpa_name = f
            .get("name")
            .filter(|n| !n.is_empty())
            .unwrap_or(&name)
            .to_string();
        let mut spec = J::obj(vec![("maxReplicas", J::I(max))]);
        if min > 0 {
            spec.push("minReplicas", J::I(min));
        }
        spec.push(
            "scaleTargetRef",
            J::obj(vec![
                (
                    "apiVersion",
                    J::s(obj["apiVersion"].as_str().unwrap_or("apps/v1")),
                ),
                ("kind", J::s(kind.name())),
                ("name", J::s(&name)),
            ]),
        );
        if cpu >= 0 {
            spec.push("targetCPUUtilizationPercentage", J::I(cpu));
        }
        let mut hpa = J::obj(vec![
            ("kind", J::s("HorizontalPodAutoscaler")),
            ("apiVersion", J::s("autoscaling/v1")),
            ("metadata", meta(&hpa_name, None, None, None)),
            ("spec", spec),
            (
                "status",
                J::obj(vec![
                    ("currentReplicas", J::I(0)),
                    ("desiredReplicas", J::I(0)),
                ]),
            ),
        ]);
        if f.bool("save-config") {
            save_config(&mut hpa);
        }
        let path = format!(
            "/apis/autoscaling/v1/namespaces/{}/horizontalpodautoscalers",
            ns
        );
        // autoscale.go: a client dry run prints through ToPrinter("created"), else "autoscaled".
        let verb = if dry == DryRun::Client {
            "created"
        } else {
            "autoscaled"
        };
        if !submit_at(
            e,
            out,
            CMD,
            Kind::HorizontalPodAutoscaler,
            path,
            hpa,
            query.clone(),
            output.as_deref(),
            dry,
            None,
            verb,
        ) {
            return;
        }
    }
}

//! `kubectl top pod|node` (kubectl v0.32.0 `pkg/cmd/top/`, `pkg/metricsutil/metrics_printer.go`):
//! the metrics.k8s.io API's PodMetrics / NodeMetrics through the REST layer, printed as
//! kubectl prints them (CPU as `%dm` of the rounded-up milli-value, memory as `%dMi`
//! rounded down, the node percentages of allocatable).

use crate::sort::StableSort;
use serde_json::Value;

use super::client::Call;
use super::flags;
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;
use crate::printers::tabwriter::TabWriter;
use crate::time::SimTime;

/// `metricsCreationDelay`: a pod younger than this may have no metrics yet.
const METRICS_CREATION_DELAY_MS: i64 = 120_000;

fn milli(q: &Value) -> i64 {
    q.as_str()
        .and_then(crate::quantity::ParsedQuantity::parse)
        .map_or(0, |p| p.milli_value())
}

fn bytes(q: &Value) -> i64 {
    q.as_str()
        .and_then(crate::quantity::ParsedQuantity::parse)
        .map_or(0, |p| p.value())
}

/// `kubectl top SUBCOMMAND`.
pub fn top(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let Some(i) = args.iter().position(|a| !a.starts_with('-')) else {
        return out.fail("Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse \"kubectl top <command> --help\" for more information about a command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).");
    };
    let mut rest: Vec<String> = args[..i].to_vec();
    rest.extend_from_slice(&args[i + 1..]);
    match args[i].as_str() {
        "pod" | "pods" | "po" => top_pod(e, &rest, out),
        "node" | "nodes" | "no" => top_node(e, &rest, out),
        other => out.fail(format!(
            "error: unknown command \"{}\" for \"kubectl top\"",
            other
        )),
    }
}

fn usage_error(cmd: &str, m: String, out: &mut ExecOutput) {
    out.fail(format!(
        "error: {}\nSee 'kubectl top {} --help' for usage.",
        m, cmd
    ));
}

fn top_pod(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &["namespace", "selector", "field-selector", "sort-by"],
        &[
            "all-namespaces",
            "containers",
            "no-headers",
            "sum",
            "use-protocol-buffers",
        ],
    ) {
        Ok(f) => f,
        Err(m) => return usage_error("pod", m, out),
    };
    let ns = super::namespace(&f);
    let all = f.bool("all-namespaces");
    let sort_by = f.get("sort-by").unwrap_or("").to_string();
    let selector = f.get("selector").unwrap_or("").to_string();
    let field_selector = f.get("field-selector").unwrap_or("").to_string();
    let name = f.positional.first().cloned();
    if !sort_by.is_empty() && sort_by != "cpu" && sort_by != "memory" {
        return out.fail("error: --sort-by accepts only cpu or memory");
    }
    if name.is_some() && (!selector.is_empty() || !field_selector.is_empty()) {
        return out.fail("error: only one of NAME or selector can be provided");
    }
    if let Err(m) = crate::labels::Selector::parse(&selector) {
        return out.fail(format!("error: {}", m));
    }
    if !crate::metrics::api_available(&e.cluster) {
        return out.fail("error: Metrics API not available");
    }
    let base = "/apis/metrics.k8s.io/v1beta1";
    let items: Vec<Value> = if let Some(n) = &name {
        match Call::new(
            "top",
            "GET",
            format!("{}/namespaces/{}/pods/{}", base, ns, n),
        )
        .send(e, out)
        {
            Ok(v) => vec![v],
            Err(f) => return out.fail(f.kubectl()),
        }
    } else {
        let path = if all {
            format!("{}/pods", base)
        } else {
            format!("{}/namespaces/{}/pods", base, ns)
        };
        let mut q = String::new();
        if !selector.is_empty() {
            q = format!(
                "labelSelector={}",
                crate::apiserver::rest::query::percent_encode(&selector)
            );
        }
        match Call::new("top", "GET", path).query(q).send(e, out) {
            Ok(v) => v["items"].as_array().cloned().unwrap_or_default(),
            Err(f) => return out.fail(f.kubectl()),
        }
    };
    if items.is_empty() {
        // verifyEmptyMetrics: new pods may simply not have been scraped twice yet.
        let now = e.cluster.now;
        let sel = crate::labels::Selector::parse(&selector)
            .unwrap_or_else(|_| crate::labels::Selector::everything());
        let mut pods: Vec<_> = e
            .cluster
            .store
            .list(Kind::Pod, Some(&ns))
            .into_iter()
            .filter(|o| sel.matches_opt(o.meta().labels.as_ref()))
            .collect();
        pods.stable_sort_by(|a, b| a.name().cmp(b.name()));
        if !pods.is_empty() {
            for p in &pods {
                let created = p
                    .meta()
                    .creation_timestamp
                    .as_ref()
                    .map(SimTime::from_k8s)
                    .unwrap_or(now);
                let age = now.0 - created.0;
                if age > METRICS_CREATION_DELAY_MS {
                    return out.fail(format!(
                        "error: Metrics not available for pod {}/{}, age: {}",
                        p.namespace(),
                        p.name(),
                        crate::time::format_go_duration(age)
                    ));
                }
            }
            return out.fail("error: metrics not available yet");
        }
        if all {
            out.err("No resources found\n");
        } else {
            out.err(format!("No resources found in {} namespace.\n", ns));
        }
        return;
    }
    let containers = f.bool("containers");
    let mut rows: Vec<(String, String, Vec<(String, i64, i64)>)> = items
        .iter()
        .map(|m| {
            let cs = m["containers"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or("").to_string(),
                        milli(&c["usage"]["cpu"]),
                        bytes(&c["usage"]["memory"]),
                    )
                })
                .collect();
            (
                m["metadata"]["namespace"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                m["metadata"]["name"].as_str().unwrap_or("").to_string(),
                cs,
            )
        })
        .collect();
    let total = |cs: &[(String, i64, i64)]| -> (i64, i64) {
        cs.iter().fold((0, 0), |(a, b), c| (a + c.1, b + c.2))
    };
    // PodMetricsSorter: by cpu or memory, highest first; else by (namespace,) name.
    rows.stable_sort_by(|a, b| match sort_by.as_str() {
        "cpu" => total(&b.2).0.cmp(&total(&a.2).0),
        "memory" => total(&b.2).1.cmp(&total(&a.2).1),
        _ if all => (&a.0, &a.1).cmp(&(&b.0, &b.1)),
        _ => a.1.cmp(&b.1),
    });
    let mut t = String::new();
    let mut width = 3;
    if !f.bool("no-headers") {
        if all {
            t.push_str("NAMESPACE\t");
        }
        if containers {
            t.push_str("POD\t");
        }
        t.push_str("NAME\tCPU(cores)\tMEMORY(bytes)\t\n");
    }
    if all {
        width += 1;
    }
    if containers {
        width += 1;
    }
    let cell = |cpu: i64, mem: i64| format!("{}m\t{}Mi\t", cpu, mem / (1024 * 1024));
    let (mut sum_cpu, mut sum_mem) = (0, 0);
    for (pns, pname, cs) in &rows {
        let (c, m) = total(cs);
        sum_cpu += c;
        sum_mem += m;
        if containers {
            let mut cs = cs.clone();
            match sort_by.as_str() {
                "cpu" => cs.stable_sort_by(|a, b| b.1.cmp(&a.1)),
                "memory" => cs.stable_sort_by(|a, b| b.2.cmp(&a.2)),
                _ => {}
            }
            for (cn, cpu, mem) in cs {
                if all {
                    t.push_str(&format!("{}\t", pns));
                }
                t.push_str(&format!("{}\t{}\t{}\n", pname, cn, cell(cpu, mem)));
            }
        } else {
            if all {
                t.push_str(&format!("{}\t", pns));
            }
            t.push_str(&format!("{}\t{}\n", pname, cell(c, m)));
        }
    }
    if f.bool("sum") {
        t.push_str(&"\t".repeat(width - 2));
        t.push_str("________\t________\t\n");
        t.push_str(&"\t".repeat(width - 3));
        t.push_str(&format!("\t{}\n", cell(sum_cpu, sum_mem)));
    }
    out.out(TabWriter::kubectl().write_flush(&t));
}

fn top_node(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &["selector", "sort-by"],
        &["no-headers", "show-capacity", "use-protocol-buffers"],
    ) {
        Ok(f) => f,
        Err(m) => return usage_error("node", m, out),
    };
    let sort_by = f.get("sort-by").unwrap_or("").to_string();
    let selector = f.get("selector").unwrap_or("").to_string();
    let name = f.positional.first().cloned();
    if !sort_by.is_empty() && sort_by != "cpu" && sort_by != "memory" {
        return out.fail("error: --sort-by accepts only cpu or memory");
    }
    if name.is_some() && !selector.is_empty() {
        return out.fail("error: only one of NAME or selector can be provided");
    }
    if !crate::metrics::api_available(&e.cluster) {
        return out.fail("error: Metrics API not available");
    }
    let base = "/apis/metrics.k8s.io/v1beta1/nodes";
    let items: Vec<Value> = if let Some(n) = &name {
        match Call::new("top", "GET", format!("{}/{}", base, n)).send(e, out) {
            Ok(v) => vec![v],
            Err(f) => return out.fail(f.kubectl()),
        }
    } else {
        let q = if selector.is_empty() {
            String::new()
        } else {
            format!(
                "labelSelector={}",
                crate::apiserver::rest::query::percent_encode(&selector)
            )
        };
        match Call::new("top", "GET", base.to_string())
            .query(q)
            .send(e, out)
        {
            Ok(v) => v["items"].as_array().cloned().unwrap_or_default(),
            Err(f) => return out.fail(f.kubectl()),
        }
    };
    if items.is_empty() {
        return out.fail("error: metrics not available yet");
    }
    // The nodes' allocatable (or capacity) resources, by name.
    let field = if f.bool("show-capacity") {
        "capacity"
    } else {
        "allocatable"
    };
    let sel = crate::labels::Selector::parse(&selector)
        .unwrap_or_else(|_| crate::labels::Selector::everything());
    let mut available: std::collections::BTreeMap<String, (i64, i64)> = e
        .cluster
        .store
        .list(Kind::Node, None)
        .iter()
        .filter(|o| name.as_ref().is_none_or(|n| o.name() == n))
        .filter(|o| sel.matches_opt(o.meta().labels.as_ref()))
        .map(|o| {
            let v = o.to_value();
            (
                o.name().to_string(),
                (
                    milli(&v["status"][field]["cpu"]),
                    milli(&v["status"][field]["memory"]),
                ),
            )
        })
        .collect();
    let mut rows: Vec<(String, i64, i64)> = items
        .iter()
        .map(|m| {
            (
                m["metadata"]["name"].as_str().unwrap_or("").to_string(),
                milli(&m["usage"]["cpu"]),
                bytes(&m["usage"]["memory"]),
            )
        })
        .collect();
    rows.stable_sort_by(|a, b| match sort_by.as_str() {
        "cpu" => b.1.cmp(&a.1),
        "memory" => b.2.cmp(&a.2),
        _ => a.0.cmp(&b.0),
    });
    let mut t = String::new();
    if !f.bool("no-headers") {
        t.push_str("NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n");
    }
    for (n, cpu, mem) in rows {
        t.push_str(&format!("{}\t{}m\t", n, cpu));
        if let Some((acpu, amem)) = available.get(&n).copied() {
            t.push_str(&format!("{}%\t", pct(cpu, acpu)));
            t.push_str(&format!(
                "{}Mi\t{}%\t",
                mem / (1024 * 1024),
                pct(mem * 1000, amem)
            ));
        } else {
            t.push_str(&format!("{}Mi\t", mem / (1024 * 1024)));
        }
        t.push('\n');
        available.remove(&n);
    }
    // Nodes without metrics come last as <unknown> (upstream ranges over a Go map: in
    // random order; here in name order).
    for n in available.keys() {
        t.push_str(&format!(
            "{}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n",
            n
        ));
    }
    out.out(TabWriter::kubectl().write_flush(&t));
}

/// `int64(float64(used.MilliValue()) / float64(available.MilliValue()) * 100)`.
fn pct(used_milli: i64, avail_milli: i64) -> i64 {
    if avail_milli == 0 {
        return 0;
    }
    (used_milli as f64 / avail_milli as f64 * 100.0) as i64
}

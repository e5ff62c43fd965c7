//! `kubectl diff -f`: the live objects against what applying the manifests would make of
//! them, as the server computes it (a dry run), printed as `diff -u -N` of two directories
//! (`k8s.io/kubectl/pkg/cmd/diff/diff.go`).
//!
//! kubectl writes each object's YAML to `/tmp/LIVE-N/NAME` and `/tmp/MERGED-N/NAME`
//! (`NAME` = `[GROUP.]VERSION.KIND.NAMESPACE.NAME`) and runs GNU diff on the two
//! directories. kubestep prints what that diff prints: the directories' numbers and the
//! files' times are derived from the virtual clock (never from the seeded generator, so a
//! diff changes nothing that follows). Exit codes are kubectl's: 0 without differences, 1
//! with, and errors exit 2 (`cmdutil.CheckDiffErr`).

use crate::sort::StableSort;
use serde_json::Value;

use super::apply::{self, Mode, Prepared};
use super::{client, flags};
use crate::apiserver::decode;
use crate::engine::{Engine, ExecOutput};
use crate::time::Civil;

/// Print a kubectl diff error (exit 2).
fn fail2(out: &mut ExecOutput, msg: impl Into<String>) {
    out.fail(msg);
    out.exit = 2;
}

/// `kubectl diff ARGS…`.
pub fn diff(
    e: &mut Engine,
    args: &[String],
    env: &[(String, String)],
    stdin: Option<&str>,
    out: &mut ExecOutput,
) {
    let f = match flags::parse(
        args,
        &[
            "filename",
            "namespace",
            "selector",
            "field-manager",
            "concurrency",
            "prune-allowlist",
            "kustomize",
        ],
        &[
            "server-side",
            "force-conflicts",
            "show-managed-fields",
            "prune",
            "recursive",
        ],
    ) {
        Ok(f) => f,
        // diff's flag errors go through UsageErrorf (its SetFlagErrorFunc), exit 2.
        Err(m) => {
            return fail2(
                out,
                format!("error: {}\nSee 'kubectl diff -h' for help and examples", m),
            );
        }
    };
    if !f.positional.is_empty() {
        return fail2(
            out,
            format!(
                "error: Unexpected args: [{}]\nSee 'kubectl diff -h' for help and examples",
                f.positional.join(" ")
            ),
        );
    }
    if f.has("kustomize") {
        return fail2(
            out,
            "error: kubestep does not implement \"kubectl diff -k\" yet",
        );
    }
    if f.all("filename").is_empty() {
        return fail2(out, "error: must specify one of -f and -k");
    }
    let server_side = f.bool("server-side");
    if f.bool("force-conflicts") && !server_side {
        return fail2(
            out,
            "error: --force-conflicts only works with --server-side",
        );
    }
    if f.bool("prune") {
        return fail2(
            out,
            "error: kubestep does not implement \"kubectl diff --prune\" yet",
        );
    }
    if env
        .iter()
        .any(|(k, v)| k == "KUBECTL_EXTERNAL_DIFF" && !v.is_empty())
    {
        return fail2(
            out,
            "error: kubestep runs only kubectl's default diff program (diff -u -N), not KUBECTL_EXTERNAL_DIFF",
        );
    }
    let selector = match f.get("selector") {
        Some(s) => match crate::labels::Selector::parse(s) {
            Ok(sel) => Some(sel),
            Err(m) => return fail2(out, format!("error: {}", m)),
        },
        None => None,
    };
    let Some(srcs) = apply::sources(e, &f, stdin, out) else {
        out.exit = 2;
        return;
    };
    let mut docs = vec![];
    for (name, text) in &srcs {
        match decode::parse_manifests(text) {
            Ok(ms) => docs.extend(ms.into_iter().map(|m| (name.clone(), m))),
            Err(err) => return fail2(out, err.kubectl_message(name)),
        }
    }
    let ns_flag = f.get("namespace").map(String::from);
    let cmd = "kubectl diff";
    // (file name, live YAML, merged YAML), in the order the manifests give them.
    let mut files: Vec<(String, String, String)> = vec![];
    for (src, m) in docs {
        if let Some(sel) = &selector {
            let labels: std::collections::BTreeMap<String, String> = m
                .value
                .pointer("/metadata/labels")
                .and_then(|l| serde_json::from_value(l.clone()).ok())
                .unwrap_or_default();
            if !sel.matches(&labels) {
                continue;
            }
        }
        // GetModifiedConfiguration(obj, annotate=false): the manifest, not annotated.
        let Some(p) = apply::prepare(e, m, &src, &ns_flag, false, Mode::Apply, false, out) else {
            out.exit = 2;
            return;
        };
        let obj_path = client::path(p.kind, &p.ns, Some(&p.name), None);
        let live = match client::Call::new(cmd, "GET", obj_path.clone()).send(e, out) {
            Ok(v) => Some(v),
            Err(fail) if fail.reason() == "NotFound" => None,
            Err(fail) => return fail2(out, fail.kubectl()),
        };
        let merged = match merged(e, cmd, &p, live.as_ref(), server_side, &f, out) {
            Ok(v) => v,
            Err(msg) => return fail2(out, msg),
        };
        if live
            .as_ref()
            .and_then(|l| l.pointer("/metadata/deletionTimestamp"))
            .is_some_and(|t| !t.is_null())
        {
            out.err(format!(
                "Warning: Detected changes to resource {} which is currently being deleted.\n",
                p.name
            ));
        }
        let show_managed = f.bool("show-managed-fields");
        let yaml = |v: Option<&Value>| -> String {
            let Some(v) = v else {
                return String::new();
            };
            let mut v = v.clone();
            if !show_managed && let Some(md) = v.get_mut("metadata").and_then(Value::as_object_mut)
            {
                md.remove("managedFields");
            }
            crate::printers::to_yaml(&v)
        };
        let group = match p.kind.group() {
            "" => String::new(),
            g => format!("{}.", g),
        };
        let version = p.kind.api_version().rsplit('/').next().unwrap_or("v1");
        let name = format!("{}{}.{}.{}.{}", group, version, p.kind.name(), p.ns, p.name);
        // A second document for the same object overwrites the first's files.
        files.retain(|(n, _, _)| *n != name);
        files.push((name, yaml(live.as_ref()), yaml(Some(&merged))));
    }
    // GNU diff walks both directories in name order (C locale).
    files.stable_sort_by(|a, b| a.0.cmp(&b.0));
    let now = e.cluster.now;
    let (live_dir, merged_dir) = (temp_dir("LIVE", now.0), temp_dir("MERGED", now.0));
    let stamp = file_time(now.0);
    let mut differ = false;
    for (name, a, b) in &files {
        let hunks = crate::textdiff::unified_hunks(a, b);
        if hunks.is_empty() {
            continue;
        }
        differ = true;
        let (from, to) = (
            format!("{}/{}", live_dir, name),
            format!("{}/{}", merged_dir, name),
        );
        out.out(format!(
            "diff -u -N {from} {to}\n--- {from}\t{stamp}\n+++ {to}\t{stamp}\n{hunks}"
        ));
    }
    if differ {
        // diff's exit status 1 (differences) is kubectl's, without a message.
        out.exit = 1;
    }
}

/// What the object would become (`InfoObject.Merged`): a dry-run create of the manifest
/// when there is no live object, else the dry-run three-way patch apply would send
/// (none at all when that patch is empty), or a dry-run server-side apply.
fn merged(
    e: &mut Engine,
    cmd: &str,
    p: &Prepared,
    live: Option<&Value>,
    server_side: bool,
    f: &flags::Flags,
    out: &mut ExecOutput,
) -> Result<Value, String> {
    let obj_path = client::path(p.kind, &p.ns, Some(&p.name), None);
    let manager = f.get("field-manager").unwrap_or(if server_side {
        "kubectl"
    } else {
        "kubectl-client-side-apply"
    });
    let dry = format!("dryRun=All&fieldManager={}", manager);
    if server_side {
        let force = if f.bool("force-conflicts") {
            "&force=true"
        } else {
            "&force=false"
        };
        return client::Call::new(cmd, "PATCH", obj_path)
            .query(format!("{}{}", dry, force))
            .body("application/apply-patch+yaml", p.modified.clone())
            .send(e, out)
            .map_err(|fail| fail.kubectl());
    }
    let Some(current) = live else {
        return client::Call::new(cmd, "POST", client::path(p.kind, &p.ns, None, None))
            .query(dry)
            .body("application/json", p.modified.clone())
            .send(e, out)
            .map_err(|fail| fail.kubectl());
    };
    let mut patch = apply::three_way_patch(p.kind, &p.modified, current)
        .map_err(|m| format!("error: {}", m))?;
    if patch.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(current.clone());
    }
    // patcher.go addResourceVersion: the patch applies only to the object that was read.
    if let Some(rv) = current.pointer("/metadata/resourceVersion").cloned()
        && let Some(obj) = patch.as_object_mut()
    {
        let md = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(md) = md.as_object_mut() {
            md.insert("resourceVersion".into(), rv);
        }
    }
    client::Call::new(cmd, "PATCH", obj_path)
        .query(dry)
        .body(client::SMP, patch)
        .send(e, out)
        .map_err(|fail| {
            if fail.reason() == "Invalid" {
                fail.kubectl()
            } else {
                format!(
                    "error: error when applying patch:\n{}\nfor: {:?}: {}",
                    p.applied_text.trim_end(),
                    p.display,
                    fail.kubectl().trim_start_matches("Error from server ")
                )
            }
        })
}

/// `os.MkdirTemp("", PREFIX+"-")`: `/tmp/PREFIX-` and a number, here derived from the
/// virtual time (FNV-1a), not from the simulation's random generator.
fn temp_dir(prefix: &str, now_ms: i64) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in prefix.bytes().chain(now_ms.to_le_bytes()) {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("/tmp/{}-{}", prefix, h)
}

/// GNU diff's file time in a unified header: `2025-01-01 00:00:05.000000000 +0000`.
fn file_time(now_ms: i64) -> String {
    let ms = crate::time::epoch() * 1000 + now_ms;
    let c = Civil::from_unix(ms.div_euclid(1000));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:09} +0000",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        ms.rem_euclid(1000) * 1_000_000
    )
}

//! kubectl: the commands a user types, with kubectl v1.32's flags, output, errors and exit
//! codes. Mutating commands are one API-server step each; read commands do not step.

pub mod apply;
pub mod autoscale;
pub mod client;
pub mod columns;
pub mod create_config;
pub mod diff;
pub mod discovery;
pub mod explain;
pub mod expose;
pub mod flags;
pub mod generate;
pub mod get;
pub mod gotemplate;
pub mod help;
pub mod info;
pub mod jsonpath;
pub mod logs;
pub mod mutate;
pub mod patch;
pub mod rollout;
pub mod set;
pub mod taint;
pub mod top;
pub mod wait;
pub mod watch;

use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;

/// Run `kubectl ARGS…`.
pub fn run(
    e: &mut Engine,
    args: &[String],
    env: &[(String, String)],
    stdin: Option<&str>,
    background: Option<u32>,
    out: &mut ExecOutput,
) {
    if help::maybe_help(args, env, out) {
        return;
    }
    let Some(verb) = args.first() else {
        return;
    };
    let rest = &args[1..];
    match verb.as_str() {
        "apply" => apply::apply(e, rest, stdin, out, apply::Mode::Apply),
        "create" => {
            // `create SUBCOMMAND …` generators; `create -f` otherwise.
            let handled = match rest.first() {
                Some(sub) if !sub.starts_with('-') => generate::create(e, sub, &rest[1..], out),
                _ => false,
            };
            if !handled {
                apply::apply(e, rest, stdin, out, apply::Mode::Create)
            }
        }
        "run" => generate::run(e, rest, out),
        "explain" => explain::explain(e, rest, out),
        "diff" => diff::diff(e, rest, env, stdin, out),
        "replace" => apply::apply(e, rest, stdin, out, apply::Mode::Replace),
        "delete" => apply::delete(e, rest, stdin, out),
        "get" => get::get(e, rest, background, out),
        "describe" => get::describe(e, rest, out),
        "expose" => expose::expose(e, rest, out),
        "events" => get::events(e, rest, background, out),
        "scale" => mutate::scale(e, rest, out),
        "set" => set::set(e, rest, out),
        "label" => mutate::label(e, rest, out, true),
        "annotate" => mutate::label(e, rest, out, false),
        "cordon" => mutate::cordon(e, rest, out, true),
        "uncordon" => mutate::cordon(e, rest, out, false),
        "drain" => mutate::drain(e, rest, out),
        "taint" => taint::taint_cmd(e, rest, out),
        "wait" => wait::wait(e, rest, out),
        "logs" => logs::logs(e, rest, out),
        "api-versions" => discovery::api_versions(rest, out),
        "api-resources" => discovery::api_resources(rest, out),
        "patch" => patch::patch(e, rest, out),
        "edit" => patch::edit(e, rest, env, out),
        "rollout" => rollout::rollout(e, rest, out),
        "version" => info::version(e, rest, out),
        "cluster-info" => info::cluster_info(e, rest, out),
        "top" => top::top(e, rest, out),
        "autoscale" => autoscale::autoscale(e, rest, out),
        // kubectl v1.32's other commands: named, not mistaken for typos.
        other if COMMANDS.contains(&other) => out.fail(format!(
            "error: kubestep does not implement \"kubectl {}\" yet",
            other
        )),
        other => {
            // cobra suggests every command within Levenshtein distance 2 or sharing the
            // prefix, in name order (`SuggestionsFor`).
            let s = suggest(other);
            if s.is_empty() {
                out.fail(format!(
                    "error: unknown command \"{}\" for \"kubectl\"",
                    other
                ))
            } else {
                let lines: String = s.iter().map(|c| format!("\t{}\n", c)).collect();
                out.fail(format!(
                    "error: unknown command \"{}\" for \"kubectl\"\n\nDid you mean this?\n{}",
                    other, lines
                ))
            }
        }
    }
}

/// kubectl v1.32's available commands, in name order (cobra's). Those the dispatch above
/// does not handle are the ones kubestep does not implement yet.
const COMMANDS: [&str; 44] = [
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "help",
    "kustomize",
    "label",
    "logs",
    "options",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

/// Whether `name` is one of kubectl v1.32's commands.
pub(crate) fn is_kubectl_command(name: &str) -> bool {
    COMMANDS.contains(&name)
}

fn suggest(cmd: &str) -> Vec<&'static str> {
    let lower = cmd.to_ascii_lowercase();
    COMMANDS
        .iter()
        .filter(|c| edit_distance(c, &lower) <= 2 || c.starts_with(lower.as_str()))
        .copied()
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 1 };
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Resolve a resource type argument or fail with kubectl's message.
pub(crate) fn resolve_kind(arg: &str, out: &mut ExecOutput) -> Option<Kind> {
    match Kind::from_resource(arg) {
        Some(k) => {
            // client-go's warning handler prints each warning once per command.
            for w in crate::apiserver::rest::route::shortcut_warnings(arg) {
                let line = format!("Warning: {}\n", w);
                if !out.stderr().contains(&line) {
                    out.err(line);
                }
            }
            Some(k)
        }
        None => {
            out.fail(format!(
                "error: the server doesn't have a resource type \"{}\"",
                arg
            ));
            None
        }
    }
}

/// The namespace a command works in (`-n`, default `default`).
pub(crate) fn namespace(f: &flags::Flags) -> String {
    f.get("namespace").unwrap_or("default").to_string()
}

/// `TYPE NAME…` or `TYPE/NAME…` arguments → (kind, name) pairs.
pub(crate) fn resource_names(pos: &[String], out: &mut ExecOutput) -> Option<Vec<(Kind, String)>> {
    let mut res = vec![];
    if pos.is_empty() {
        out.fail("error: you must specify the type of resource");
        return None;
    }
    if pos[0].contains('/') {
        for p in pos {
            let Some((t, n)) = p.split_once('/') else {
                out.fail("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'".to_string());
                return None;
            };
            let k = resolve_kind(t, out)?;
            res.push((k, n.to_string()));
        }
    } else {
        let k = resolve_kind(&pos[0], out)?;
        for n in &pos[1..] {
            if n.contains('/') {
                out.fail("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'");
                return None;
            }
            res.push((k, n.clone()));
        }
    }
    Some(res)
}

#[cfg(test)]
mod command_tests {
    use crate::{Engine, EngineConfig};

    fn run(line: &str) -> crate::ExecOutput {
        let mut e = Engine::new(EngineConfig::default());
        let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
        e.exec(&argv, None, None)
    }

    /// kubectl's own commands that kubestep lacks say so; typos get cobra's suggestions
    /// (every command within distance 2 or sharing the prefix, in name order).
    #[test]
    fn missing_commands_and_typos() {
        let o = run("kubectl exec web -- ls");
        assert_eq!(o.exit, 1);
        assert_eq!(
            o.stderr(),
            "error: kubestep does not implement \"kubectl exec\" yet\n"
        );
        let o = run("kubectl ge pods");
        assert_eq!(
            o.stderr(),
            "error: unknown command \"ge\" for \"kubectl\"\n\nDid you mean this?\n\tcp\n\tget\n\tset\n"
        );
        let o = run("kubectl frobnicate");
        assert_eq!(
            o.stderr(),
            "error: unknown command \"frobnicate\" for \"kubectl\"\n"
        );
    }
}

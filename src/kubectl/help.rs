//! `--help`, `-h`, `kubectl help CMD…`, bare `kubectl` and `kubectl options`: kubectl v1.32's
//! own help texts, for every command path kubestep implements.
//!
//! The texts are data (`kubectl-help.txt`, written by `tools/gen_help.sh` from the real
//! kubectl 1.32): each follows a line `=== kubectl PATH ===`. Natively they are compiled in;
//! the page loads the same file when it starts (it is 140 KB of text the page would
//! otherwise always carry) and hands it over with [`install`].
//!
//! Paths are found as cobra's `Find` does: the words after `kubectl` that name a
//! subcommand (or one of its aliases) lead down the tree; flags are skipped; the first word
//! that is not a subcommand ends the walk.

use crate::engine::ExecOutput;

#[cfg(not(feature = "web"))]
fn bundle() -> Option<&'static str> {
    Some(include_str!("kubectl-help.txt"))
}

#[cfg(feature = "web")]
static BUNDLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(feature = "web")]
fn bundle() -> Option<&'static str> {
    BUNDLE.get().map(String::as_str)
}

/// Hand the help texts (the contents of `kubectl-help.txt`) to the page's engine.
#[cfg(feature = "web")]
pub fn install(text: String) {
    let _ = BUNDLE.set(text);
}

/// The text under `=== HEADER ===`.
fn section(header: &str) -> Option<&'static str> {
    let b = bundle()?;
    let mark = format!("=== {} ===\n", header);
    let start = if b.starts_with(&mark) {
        mark.len()
    } else {
        b.find(&format!("\n{}", mark))? + 1 + mark.len()
    };
    // The next header ends it (an empty text is followed by one directly).
    let end = b[start - 1..].find("\n=== ").map_or(b.len(), |i| start + i);
    Some(&b[start..end])
}

/// The command's names (its own and its aliases), from its help text's `Aliases:` block.
fn names(path: &str) -> Vec<String> {
    let Some(text) = section(&format!("kubectl {}", path)) else {
        return vec![];
    };
    match text.split_once("Aliases:\n") {
        Some((_, rest)) => rest
            .lines()
            .next()
            .unwrap_or("")
            .split(", ")
            .map(|n| n.trim().to_string())
            .collect(),
        None => path
            .rsplit(' ')
            .next()
            .map(String::from)
            .into_iter()
            .collect(),
    }
}

/// Subcommands of kubectl 1.32's command groups that kubestep does not implement: asking
/// for their help must not print the parent's.
const UNIMPLEMENTED_SUBCOMMANDS: [(&str, &[&str]); 5] = [
    (
        "create",
        &[
            "clusterrole",
            "clusterrolebinding",
            "ingress",
            "ing",
            "priorityclass",
            "pc",
            "role",
            "rolebinding",
            "token",
        ],
    ),
    ("set", &["subject"]),
    ("rollout", &[]),
    ("cluster-info", &[]),
    ("create service", &[]),
];

/// The implemented subcommands of `parent` (full paths), from the bundle's headers.
fn children(parent: &str) -> Vec<&'static str> {
    let Some(b) = bundle() else {
        return vec![];
    };
    let prefix = if parent.is_empty() {
        "=== kubectl ".to_string()
    } else {
        format!("=== kubectl {} ", parent)
    };
    b.lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .filter_map(|rest| rest.strip_suffix(" ==="))
        .filter(|rest| !rest.contains(' '))
        .collect()
}

enum Walk {
    /// The help text's path ("" is kubectl itself).
    Path(String),
    /// A path kubestep does not implement (its full name): the command's own dispatch
    /// says so.
    Missing(String),
}

fn join(path: &str, word: &str) -> String {
    if path.is_empty() {
        word.to_string()
    } else {
        format!("{} {}", path, word)
    }
}

/// Follow the subcommand words of `words` from `start`.
fn walk(start: &str, words: &[&str]) -> Walk {
    let mut path = start.to_string();
    for w in words {
        if w.starts_with('-') {
            continue;
        }
        let found = children(&path)
            .into_iter()
            .find(|c| names(&join(&path, c)).iter().any(|n| n == w));
        match found {
            Some(c) => path = join(&path, c),
            None => {
                let missing = UNIMPLEMENTED_SUBCOMMANDS
                    .iter()
                    .any(|(p, subs)| *p == path && subs.contains(w));
                if missing {
                    return Walk::Missing(join(&path, w));
                }
                break;
            }
        }
    }
    Walk::Path(path)
}

/// Whether `arg` turns cobra's help flag on.
fn is_help_flag(arg: &str) -> bool {
    match arg.split_once('=') {
        None => arg == "--help" || arg == "-h",
        // strconv.ParseBool's true forms.
        Some((f, v)) => {
            (f == "--help" || f == "-h") && matches!(v, "1" | "t" | "T" | "true" | "TRUE" | "True")
        }
    }
}

fn print(path: &str, out: &mut ExecOutput) -> bool {
    let header = if path.is_empty() {
        "kubectl".to_string()
    } else {
        format!("kubectl {}", path)
    };
    match section(&header) {
        Some(t) => {
            out.out(t);
            true
        }
        None if bundle().is_none() => {
            out.fail("error: kubectl's help texts have not loaded yet: try again in a moment");
            true
        }
        None => false,
    }
}

/// If `args` (the words after `kubectl`) ask for help, print it and return true.
pub fn maybe_help(args: &[String], env: &[(String, String)], out: &mut ExecOutput) -> bool {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.first() {
        None => return print("", out),
        Some(&"help") if bundle().is_none() => return print("", out),
        Some(&"help") => {
            // `kubectl help TOPIC…`: an unknown topic is said, then kubectl's own help.
            let topic = &words[1..];
            let first = topic.iter().find(|w| !w.starts_with('-'));
            return match walk("", topic) {
                Walk::Path(p) if p.is_empty() && first.is_some() => {
                    if crate::kubectl::is_kubectl_command(first.unwrap_or(&"")) {
                        out.fail(format!(
                            "error: kubestep does not implement \"kubectl {}\" yet",
                            first.unwrap_or(&"")
                        ));
                        return true;
                    }
                    // cobra prints the root's usage (its help without the description)
                    // to stderr, and exits 0.
                    let Some(root) = section("kubectl") else {
                        return print("", out);
                    };
                    let usage = root.splitn(5, '\n').nth(4).unwrap_or("");
                    // Every word of the topic, each in backquotes.
                    let words: Vec<String> = topic.iter().map(|w| format!("`{}`", w)).collect();
                    out.err(format!(
                        "Unknown help topic [{}]\n\n\n{}",
                        words.join(" "),
                        usage
                    ));
                    true
                }
                Walk::Path(p) => print(&p, out),
                Walk::Missing(p) => {
                    out.fail(format!(
                        "error: kubestep does not implement \"kubectl {}\" yet",
                        p
                    ));
                    true
                }
            };
        }
        Some(&"options") if !words[1..].iter().any(|w| is_help_flag(w)) => {
            let Some(t) = section("(options)") else {
                return print("options", out);
            };
            // --cache-dir's default: $KUBECACHEDIR, else $HOME/.kube/cache.
            let var = |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
            let dir = var("KUBECACHEDIR").unwrap_or_else(|| {
                format!(
                    "{}/.kube/cache",
                    var("HOME").unwrap_or_else(|| "/root".into())
                )
            });
            out.out(t.replace("'/HOME/.kube/cache'", &format!("'{}'", dir)));
            return true;
        }
        _ => {}
    }
    let before_dash = words.iter().position(|w| *w == "--").unwrap_or(words.len());
    if !words[..before_dash].iter().any(|w| is_help_flag(w)) {
        return false;
    }
    if bundle().is_none() {
        return print("", out);
    }
    match walk("", &words[..before_dash]) {
        Walk::Path(p) if p.is_empty() => {
            // `kubectl --help`, or help asked of a command kubestep lacks: the latter is
            // left to the dispatch, which names it.
            match words[..before_dash].iter().find(|w| !w.starts_with('-')) {
                Some(_) => false,
                None => print("", out),
            }
        }
        Walk::Path(p) => print(&p, out),
        Walk::Missing(_) => false,
    }
}

#[cfg(all(test, not(feature = "web")))]
mod tests {
    use crate::{Engine, EngineConfig};

    fn run(line: &str) -> crate::ExecOutput {
        let mut e = Engine::new(EngineConfig::default());
        let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
        e.exec(&argv, None, None)
    }

    fn first_line(o: &crate::ExecOutput) -> String {
        o.stdout().lines().next().unwrap_or("").to_string()
    }

    /// Each form of asking finds the command path cobra finds, aliases included.
    #[test]
    fn help_paths() {
        let table: [(&str, &str); 12] = [
            (
                "kubectl",
                "kubectl controls the Kubernetes cluster manager.",
            ),
            (
                "kubectl --help",
                "kubectl controls the Kubernetes cluster manager.",
            ),
            ("kubectl get --help", "Display one or many resources."),
            ("kubectl get pods -h", "Display one or many resources."),
            ("kubectl help get", "Display one or many resources."),
            (
                "kubectl create deploy web --image=nginx --help",
                "Create a deployment with the specified name.",
            ),
            (
                "kubectl create service nodeport --help",
                "Create a NodePort service with the specified name.",
            ),
            (
                "kubectl create svc clusterip -h",
                "Create a ClusterIP service with the specified name.",
            ),
            (
                "kubectl rollout status deploy/web -h",
                "Show the status of the rollout.",
            ),
            (
                "kubectl set env --help",
                "Update environment variables on a pod template.",
            ),
            (
                "kubectl cluster-info dump --help",
                "Dump cluster information out suitable for debugging and diagnosing cluster problems.  By default, dumps everything to stdout. You can optionally specify a directory with --output-directory.  If you specify a directory, Kubernetes will build a set of files in that directory.  By default, only dumps things in the current namespace and 'kube-system' namespace, but you can switch to a different namespace with the --namespaces flag, or specify --all-namespaces to dump all namespaces.",
            ),
            (
                "kubectl help create service",
                "Create a service using a specified subcommand.",
            ),
        ];
        for (line, want) in table {
            let o = run(line);
            assert_eq!(o.exit, 0, "{}: {}", line, o.stderr());
            assert_eq!(first_line(&o), want, "{}", line);
        }
    }

    /// Help of what kubestep lacks says so; `--help` after `--` is an argument.
    #[test]
    fn help_of_missing_commands() {
        let o = run("kubectl create role --help");
        assert_eq!(
            o.stderr(),
            "error: kubestep does not implement \"kubectl create role\" yet\n"
        );
        let o = run("kubectl exec --help");
        assert_eq!(
            o.stderr(),
            "error: kubestep does not implement \"kubectl exec\" yet\n"
        );
        let o = run("kubectl help exec");
        assert_eq!(
            o.stderr(),
            "error: kubestep does not implement \"kubectl exec\" yet\n"
        );
        let o = run("kubectl help bogus");
        assert_eq!(o.exit, 0);
        assert!(
            o.stderr()
                .starts_with("Unknown help topic [`bogus`]\n\n\nBasic Commands (Beginner):\n")
        );
        let o = run("kubectl run web --image=busybox -- sh --help");
        assert_eq!(o.exit, 0, "{}", o.stderr());
        assert_eq!(o.stdout(), "pod/web created\n");
    }

    /// Every text in the bundle is what `kubectl PATH --help` prints.
    #[test]
    fn every_path_is_reachable() {
        let b = super::bundle().unwrap();
        let headers: Vec<&str> = b
            .lines()
            .filter(|l| *l != "=== kubectl ===")
            .filter_map(|l| l.strip_prefix("=== kubectl "))
            .collect();
        assert!(headers.len() > 40);
        for h in headers {
            let path = h.strip_suffix(" ===").unwrap();
            let o = run(&format!("kubectl {} --help", path));
            assert_eq!(
                o.stdout(),
                super::section(&format!("kubectl {}", path)).unwrap(),
                "{}",
                path
            );
        }
    }

    /// `kubectl options` prints the global flags, with the cache under $HOME.
    #[test]
    fn options() {
        let o = run("kubectl options");
        assert!(
            o.stdout()
                .starts_with("The following options can be passed to any command:\n")
        );
        assert!(o.stdout().contains("--cache-dir='/root/.kube/cache':\n"));
        // kubectl 1.32 prints nothing at all for `kubectl options --help`.
        let o = run("kubectl options --help");
        assert_eq!(
            (o.exit, o.stdout(), o.stderr()),
            (0, "".to_string(), "".to_string())
        );
    }
}

//! The scenario format (parser and transcripts) and the `kubestep` binary's exit codes.

use kubestep::script::{
    ParseStatus, ScriptCommand, ScriptError, Transcript, parse_incremental, parse_script,
    split_words,
};
use kubestep::{Chunk, ExecOutput};
use std::io::Write;
use std::process::{Command, Stdio};

fn words(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn one(script: &str) -> ScriptCommand {
    let mut cmds = parse_script(script).unwrap_or_else(|e| panic!("{script:?}: {e}"));
    assert_eq!(cmds.len(), 1, "{script:?} gave {cmds:?}");
    cmds.remove(0)
}

fn err(script: &str) -> ScriptError {
    match parse_script(script) {
        Ok(c) => panic!("{script:?} parsed as {c:?}"),
        Err(e) => e,
    }
}

#[test]
fn words_split_like_sh_for_a_table_of_lines() {
    let cases: &[(&str, &[&str])] = &[
        ("kubectl get pods", &["kubectl", "get", "pods"]),
        ("  kubectl\tget   pods  ", &["kubectl", "get", "pods"]),
        ("echo 'a b'  c", &["echo", "a b", "c"]),
        ("echo 'it''s'", &["echo", "its"]),
        ("echo 'a\\nb'", &["echo", "a\\nb"]),
        ("echo '$HOME \"x\"'", &["echo", "$HOME \"x\""]),
        ("echo \"a b\"", &["echo", "a b"]),
        ("echo \"q\\\" b\\\\ d\\$ t\\`\"", &["echo", "q\" b\\ d$ t`"]),
        ("echo \"a\\nb\"", &["echo", "a\\nb"]),
        ("echo a\\ b", &["echo", "a b"]),
        ("echo \\'x\\\"", &["echo", "'x\""]),
        ("echo a\"b c\"'d e'f", &["echo", "ab cd ef"]),
        ("echo '' \"\"", &["echo", "", ""]),
        ("echo a#b", &["echo", "a#b"]),
        ("echo a #b c", &["echo", "a"]),
        ("echo '#x' \"#y\"", &["echo", "#x", "#y"]),
        ("echo $ a$ 5$", &["echo", "$", "a$", "5$"]),
        (
            "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
            &[
                "kubectl",
                "get",
                "pods",
                "-o",
                "jsonpath={.items[*].metadata.name}",
            ],
        ),
        (
            "kubectl get pods -l 'app in (a,b)'",
            &["kubectl", "get", "pods", "-l", "app in (a,b)"],
        ),
        (
            "kubectl set image deploy/web nginx=nginx:1.27",
            &["kubectl", "set", "image", "deploy/web", "nginx=nginx:1.27"],
        ),
    ];
    for (line, want) in cases {
        assert_eq!(
            split_words(line).as_deref(),
            Ok(words(want).as_slice()),
            "{line:?}"
        );
    }
}

#[test]
fn split_words_gives_nothing_for_blank_and_comment_lines() {
    assert_eq!(split_words(""), Ok(vec![]));
    assert_eq!(split_words("   "), Ok(vec![]));
    assert_eq!(split_words("# just a comment"), Ok(vec![]));
}

#[test]
fn split_words_rejects_unterminated_quotes_and_script_only_syntax() {
    assert_eq!(
        split_words("echo 'abc"),
        Err("unterminated quote".to_string())
    );
    assert_eq!(
        split_words("echo \"abc"),
        Err("unterminated quote".to_string())
    );
    assert!(split_words("kubectl get events -w &").is_err());
    assert!(split_words("kubectl apply -f - <<EOF").is_err());
}

#[test]
fn comments_and_blank_lines_are_skipped_and_lines_are_counted_from_one() {
    let cmds = parse_script(
        "# setup\n\nkubectl create ns demo\n   # indented comment\n\t\nkubectl get ns  # trailing\n",
    )
    .unwrap();
    assert_eq!(cmds.len(), 2);
    assert_eq!(cmds[0].line, 3);
    assert_eq!(cmds[0].argv, words(&["kubectl", "create", "ns", "demo"]));
    assert_eq!(cmds[0].text, "kubectl create ns demo");
    assert_eq!(cmds[1].line, 6);
    assert_eq!(cmds[1].argv, words(&["kubectl", "get", "ns"]));
    assert_eq!(cmds[1].text, "kubectl get ns  # trailing");
    assert!(!cmds[1].background);
    assert_eq!(cmds[1].stdin, None);
}

#[test]
fn crlf_line_endings_are_accepted() {
    let cmds = parse_script("kubectl get pods\r\nkubectl get rs\r\n").unwrap();
    assert_eq!(cmds[0].argv, words(&["kubectl", "get", "pods"]));
    assert_eq!(cmds[1].argv, words(&["kubectl", "get", "rs"]));
    assert_eq!(cmds[1].line, 2);
}

#[test]
fn a_trailing_backslash_continues_the_command_on_the_next_line() {
    let cmds = parse_script(
        "kubectl create deployment web \\\n  --image=nginx \\\n  --replicas=3\nkubectl get pods\n",
    )
    .unwrap();
    assert_eq!(cmds.len(), 2);
    assert_eq!(
        cmds[0].argv,
        words(&[
            "kubectl",
            "create",
            "deployment",
            "web",
            "--image=nginx",
            "--replicas=3"
        ])
    );
    assert_eq!(cmds[0].line, 1);
    assert_eq!(
        cmds[0].text,
        "kubectl create deployment web \\\n  --image=nginx \\\n  --replicas=3"
    );
    assert_eq!(cmds[1].line, 4);
}

#[test]
fn a_backslash_newline_inside_a_word_joins_it() {
    assert_eq!(one("echo ab\\\ncd\n").argv, words(&["echo", "abcd"]));
    assert_eq!(one("echo \"ab\\\ncd\"\n").argv, words(&["echo", "abcd"]));
}

#[test]
fn a_comment_ending_in_backslash_does_not_continue() {
    let cmds = parse_script("echo a # note \\\necho b\n").unwrap();
    assert_eq!(cmds.len(), 2);
}

#[test]
fn quotes_may_span_lines() {
    let c = one("kubectl annotate pod p note='line one\nline two'\n");
    assert_eq!(
        c.argv,
        words(&["kubectl", "annotate", "pod", "p", "note=line one\nline two"])
    );
}

#[test]
fn heredoc_variants_feed_the_following_lines_as_stdin() {
    let body = "apiVersion: v1\nkind: Namespace\n";
    let cases: &[(&str, &str)] = &[
        (
            "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nEOF\n",
            body,
        ),
        (
            "kubectl apply -f - << EOF\napiVersion: v1\nkind: Namespace\nEOF\n",
            body,
        ),
        (
            "kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Namespace\nEOF\n",
            body,
        ),
        (
            "kubectl apply -f - <<\"EOF\"\napiVersion: v1\nkind: Namespace\nEOF\n",
            body,
        ),
        (
            "kubectl apply -f -<<EOF\napiVersion: v1\nkind: Namespace\nEOF",
            body,
        ),
        (
            "kubectl apply -f - <<-EOF\n\tapiVersion: v1\n\t\tkind: Namespace\n\tEOF\n",
            body,
        ),
        ("kubectl apply -f - <<EOF\nEOF\n", ""),
    ];
    for (script, want) in cases {
        let c = one(script);
        assert_eq!(
            c.argv,
            words(&["kubectl", "apply", "-f", "-"]),
            "{script:?}"
        );
        assert_eq!(c.stdin.as_deref(), Some(*want), "{script:?}");
        assert_eq!(c.line, 1);
    }
}

#[test]
fn heredoc_text_excludes_the_body_and_later_commands_keep_their_line_numbers() {
    let cmds = parse_script(
        "kubectl apply -f - <<EOF\nkind: Namespace\n  # not a comment\n\nEOF\nkubectl get ns\n",
    )
    .unwrap();
    assert_eq!(cmds[0].text, "kubectl apply -f - <<EOF");
    assert_eq!(
        cmds[0].stdin.as_deref(),
        Some("kind: Namespace\n  # not a comment\n\n")
    );
    assert_eq!(cmds[1].line, 6);
}

#[test]
fn a_heredoc_terminator_must_match_the_whole_line() {
    let c = one("cat <<EOF\n EOF\nEOF \nEOFX\nEOF\n");
    assert_eq!(c.stdin.as_deref(), Some(" EOF\nEOF \nEOFX\n"));
}

#[test]
fn an_unquoted_heredoc_processes_backslash_escapes_and_a_quoted_one_keeps_them() {
    let c = one("cat <<EOF\na\\$b \\\\ c\\\nd \\n $ e$\nEOF\n");
    assert_eq!(c.stdin.as_deref(), Some("a$b \\ cd \\n $ e$\n"));
    let c = one("cat <<'EOF'\na\\$b $HOME `x`\nEOF\n");
    assert_eq!(c.stdin.as_deref(), Some("a\\$b $HOME `x`\n"));
    let c = one("cat <<\\EOF\n$HOME\nEOF\n");
    assert_eq!(c.stdin.as_deref(), Some("$HOME\n"));
}

#[test]
fn an_unquoted_heredoc_rejects_variables_with_the_body_line() {
    let e = err("kubectl get ns\ncat <<EOF\nok\nname: $NAME\nEOF\n");
    assert_eq!(e.line, 4);
    assert!(e.message.contains("$NAME"), "{}", e.message);
}

#[test]
fn a_trailing_ampersand_runs_the_command_in_the_background() {
    let cmds = parse_script(
        "kubectl get events --watch &\nkubectl get pods -w&\nkubectl get rs '&'\nkubectl get rs \\&\nkubectl get x & # note\n",
    )
    .unwrap();
    assert!(cmds[0].background);
    assert_eq!(
        cmds[0].argv,
        words(&["kubectl", "get", "events", "--watch"])
    );
    assert_eq!(cmds[0].text, "kubectl get events --watch &");
    assert!(cmds[1].background);
    assert_eq!(cmds[1].argv, words(&["kubectl", "get", "pods", "-w"]));
    assert!(!cmds[2].background);
    assert_eq!(cmds[2].argv, words(&["kubectl", "get", "rs", "&"]));
    assert!(!cmds[3].background);
    assert_eq!(cmds[3].argv, words(&["kubectl", "get", "rs", "&"]));
    assert!(cmds[4].background);
}

#[test]
fn a_heredoc_command_can_run_in_the_background() {
    let c = one("kubectl apply -f - <<EOF &\nkind: Namespace\nEOF\n");
    assert!(c.background);
    assert_eq!(c.stdin.as_deref(), Some("kind: Namespace\n"));
}

#[test]
fn malformed_scripts_report_the_line_and_reason() {
    let cases: &[(&str, u32, &str)] = &[
        ("kubectl get pods\necho 'abc\n", 2, "unterminated quote"),
        (
            "kubectl get pods\n\necho \"abc\nmore\n",
            3,
            "unterminated quote",
        ),
        (
            "kubectl get pods\ncat <<EOF\nbody\n",
            2,
            "unterminated heredoc <<EOF",
        ),
        ("cat <<'END'\nbody\nEND \n", 1, "<<END"),
        ("cat <<\n", 1, "missing heredoc delimiter"),
        ("&\n", 1, "missing command"),
        ("<<EOF\nx\nEOF\n", 1, "missing command"),
        (
            "a\nkubectl get pods & kubectl get rs\n",
            2,
            "`&` must end the command",
        ),
        ("kubectl get pods && echo ok\n", 1, "`&&`"),
        ("kubectl get pods | grep web\n", 1, "pipes"),
        ("kubectl get pods; kubectl get rs\n", 1, "`;`"),
        ("kubectl get pods > out.txt\n", 1, "redirection"),
        ("kubectl apply -f - < x.yaml\n", 1, "redirection `<`"),
        ("cat <<< word\n", 1, "here-strings"),
        ("cat <<A <<B\nA\nB\n", 1, "one heredoc"),
        ("echo $HOME\n", 1, "$HOME"),
        ("echo \"${NS}\"\n", 1, "$NS"),
        ("echo $(date)\n", 1, "command substitution"),
        ("echo `date`\n", 1, "backquotes"),
        ("echo $?\n", 1, "$?"),
        ("\n\necho (x)\n", 3, "unexpected `(`"),
    ];
    for (script, line, needle) in cases {
        let e = err(script);
        assert_eq!(e.line, *line, "{script:?}: {e:?}");
        assert!(e.message.contains(needle), "{script:?}: {e:?}");
    }
    assert_eq!(err("echo 'abc").message, "unterminated quote");
}

#[test]
fn incremental_parsing_asks_for_more_until_the_input_is_complete() {
    assert!(matches!(
        parse_incremental("echo 'abc\n"),
        ParseStatus::Incomplete(_)
    ));
    assert!(matches!(
        parse_incremental("echo a \\\n"),
        ParseStatus::Incomplete(_)
    ));
    assert!(matches!(
        parse_incremental("echo a \\"),
        ParseStatus::Incomplete(_)
    ));
    assert!(matches!(
        parse_incremental("cat <<EOF\n"),
        ParseStatus::Incomplete(_)
    ));
    assert!(matches!(
        parse_incremental("cat <<EOF\nbody\n"),
        ParseStatus::Incomplete(_)
    ));
    assert!(matches!(
        parse_incremental("echo a | b\n"),
        ParseStatus::Error(_)
    ));
    match parse_incremental("cat <<EOF\nbody\nEOF\n") {
        ParseStatus::Complete(cmds) => assert_eq!(cmds[0].stdin.as_deref(), Some("body\n")),
        other => panic!("{other:?}"),
    }
    match parse_incremental("echo a \\\n b\n") {
        ParseStatus::Complete(cmds) => assert_eq!(cmds[0].argv, words(&["echo", "a", "b"])),
        other => panic!("{other:?}"),
    }
    // A finished script may end with a continuation.
    assert_eq!(one("echo a \\\n").argv, words(&["echo", "a"]));
}

fn cmd(line: u32, text: &str) -> ScriptCommand {
    ScriptCommand {
        line,
        text: text.to_string(),
        argv: text.split_whitespace().map(String::from).collect(),
        stdin: None,
        background: text.ends_with('&'),
    }
}

fn out(exit: i32, chunks: Vec<Chunk>) -> ExecOutput {
    ExecOutput { exit, chunks }
}

fn stdout(s: &str) -> Chunk {
    Chunk::Stdout(s.to_string())
}

fn stderr(s: &str) -> Chunk {
    Chunk::Stderr(s.to_string())
}

fn watch(id: u32, s: &str) -> Chunk {
    Chunk::Watch {
        id,
        text: s.to_string(),
    }
}

/// A run of three commands: a background watch, a command during which the watch prints,
/// and a failing command.
fn sample() -> Transcript {
    let mut t = Transcript::new();
    t.push(
        &cmd(2, "kubectl get events --watch &"),
        out(
            0,
            vec![watch(2, "LAST SEEN   TYPE   REASON   OBJECT   MESSAGE\n")],
        ),
    );
    t.push(
        &cmd(3, "kubectl create deployment web --image=nginx"),
        out(
            0,
            vec![
                stdout("deployment.apps/web created\n"),
                watch(
                    2,
                    "0s   Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-7d4b9c5f6 from 0 to 1\n0s   Normal   SuccessfulCreate   replicaset/web-7d4b9c5f6   Created pod: web-7d4b9c5f6-abcde\n",
                ),
            ],
        ),
    );
    t.push(
        &cmd(5, "kubectl get pod \"nope\""),
        out(
            1,
            vec![stderr(
                "Error from server (NotFound): pods \"nope\" not found\n",
            )],
        ),
    );
    t
}

#[test]
fn the_text_transcript_echoes_each_command_then_its_output_in_order() {
    assert_eq!(
        sample().to_text(),
        "\
$ kubectl get events --watch &
LAST SEEN   TYPE   REASON   OBJECT   MESSAGE
$ kubectl create deployment web --image=nginx
deployment.apps/web created
0s   Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-7d4b9c5f6 from 0 to 1
0s   Normal   SuccessfulCreate   replicaset/web-7d4b9c5f6   Created pod: web-7d4b9c5f6-abcde
$ kubectl get pod \"nope\"
Error from server (NotFound): pods \"nope\" not found
"
    );
}

#[test]
fn the_json_transcript_puts_watch_rows_before_the_command_they_appeared_during() {
    let want = concat!(
        r#"{"watch":2,"stdout":"LAST SEEN   TYPE   REASON   OBJECT   MESSAGE\n"}"#,
        "\n",
        r#"{"line":2,"command":"kubectl get events --watch &","exit":0,"stdout":"","stderr":""}"#,
        "\n",
        r#"{"watch":2,"stdout":"0s   Normal   ScalingReplicaSet   deployment/web   Scaled up replica set web-7d4b9c5f6 from 0 to 1\n"}"#,
        "\n",
        r#"{"watch":2,"stdout":"0s   Normal   SuccessfulCreate   replicaset/web-7d4b9c5f6   Created pod: web-7d4b9c5f6-abcde\n"}"#,
        "\n",
        r#"{"line":3,"command":"kubectl create deployment web --image=nginx","exit":0,"stdout":"deployment.apps/web created\n","stderr":""}"#,
        "\n",
        r#"{"line":5,"command":"kubectl get pod \"nope\"","exit":1,"stdout":"","stderr":"Error from server (NotFound): pods \"nope\" not found\n"}"#,
        "\n",
    );
    assert_eq!(sample().to_json_lines(), want);
    for l in want.lines() {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
}

#[test]
fn multi_line_commands_echo_continuations_with_a_ps2_prompt() {
    let mut t = Transcript::new();
    let c = one("kubectl create deployment web \\\n  --image=nginx\n");
    t.push(&c, out(0, vec![stdout("deployment.apps/web created")]));
    assert_eq!(
        t.to_text(),
        "$ kubectl create deployment web \\\n>   --image=nginx\ndeployment.apps/web created\n"
    );
    assert_eq!(
        t.to_json_lines(),
        "{\"line\":1,\"command\":\"kubectl create deployment web \\\\\\n  --image=nginx\",\"exit\":0,\"stdout\":\"deployment.apps/web created\",\"stderr\":\"\"}\n"
    );
}

#[test]
fn a_watch_row_without_a_newline_gets_one() {
    let mut t = Transcript::new();
    t.push(&cmd(1, "x"), out(0, vec![watch(7, "row")]));
    assert_eq!(t.to_text(), "$ x\nrow\n");
    assert_eq!(
        t.to_json_lines(),
        "{\"watch\":7,\"stdout\":\"row\\n\"}\n{\"line\":1,\"command\":\"x\",\"exit\":0,\"stdout\":\"\",\"stderr\":\"\"}\n"
    );
}

#[test]
fn an_empty_transcript_prints_nothing() {
    assert_eq!(Transcript::new().to_text(), "");
    assert_eq!(Transcript::new().to_json_lines(), "");
}

fn kubestep(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kubestep");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_binary_rejects_a_malformed_script_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("kubestep-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.sh");
    std::fs::write(&path, "# demo\nkubectl get pods\necho 'oops\n").unwrap();
    let path_str = path.to_str().unwrap();
    let o = kubestep(&["run", path_str], "");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        format!("{path_str}:3: unterminated quote\n")
    );
    assert!(
        o.stdout.is_empty(),
        "nothing runs before the parse succeeds"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let o = kubestep(&["run", "-"], "cat <<EOF\nno end\n");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "<stdin>:1: unterminated heredoc <<EOF: no line `EOF` before end of input\n"
    );
}

#[test]
fn the_binary_runs_a_script_to_its_end_and_rejects_bad_flags() {
    // The outputs depend on the engine; the echo lines and the exit code do not.
    let o = kubestep(
        &["run", "-", "--seed", "7"],
        "kubectl get pods\n\nkubectl get rs\n",
    );
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("$ kubectl get pods\n"), "{text}");
    assert!(text.contains("$ kubectl get rs\n"), "{text}");

    let o = kubestep(&["run", "-", "--transcript=json"], "kubectl get pods\n");
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["line"], 1);
    assert_eq!(last["command"], "kubectl get pods");

    for bad in [
        &["run"][..],
        &["run", "-", "--seed", "x"],
        &["run", "-", "--kube-version", "1.20"],
        &["run", "-", "--transcript", "yaml"],
        &["run", "-", "--bogus"],
        &["shell", "--transcript", "json"],
        &["frobnicate"],
        &[],
    ] {
        let o = kubestep(bad, "");
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("Usage:"),
            "{bad:?}"
        );
    }

    let o = kubestep(&["--version"], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("kubestep "));
    let o = kubestep(&["--help"], "");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn the_shell_reads_commands_with_heredocs_until_exit() {
    let o = kubestep(
        &["shell", "--kube-version", "1.26"],
        "kubectl get pods\nkubectl apply -f - <<EOF\nkind: Namespace\nEOF\nexit 3\nkubectl never runs\n",
    );
    assert_eq!(o.status.code(), Some(3));
    // Not a terminal: no prompt.
    assert!(!String::from_utf8_lossy(&o.stdout).contains("kubestep>"));

    let o = kubestep(&["shell"], "echo 'unterminated\n");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "<stdin>:1: unterminated quote\n"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsing_never_panics_on_arbitrary_input(s in "[a-z \\t\\n'\"\\\\#&<>|;$`(){}-]{0,60}") {
            let _ = parse_script(&s);
            let _ = parse_incremental(&s);
            let _ = split_words(&s);
        }

        #[test]
        fn single_quoted_words_round_trip(ws in proptest::collection::vec("[^'\\r]{0,12}", 1..5)) {
            let line: Vec<String> = ws.iter().map(|w| format!("'{w}'")).collect();
            let line = format!("cmd {}", line.join(" "));
            let mut want = vec!["cmd".to_string()];
            want.extend(ws.iter().cloned());
            prop_assert_eq!(parse_script(&line).map(|c| c[0].argv.clone()), Ok(want));
        }
    }
}

/// Waits that cannot finish: with the only worker's kubelet stopped, `kubectl delete` and
/// `kubectl drain` wait for pods that stay Terminating forever. kubestep runs the cluster
/// until nothing but routine heartbeats is due, then stops with its own message and a
/// non-zero exit (kubectl would wait until its --timeout).
#[test]
fn waits_that_cannot_finish_stop_with_kubesteps_message() {
    let script = "cluster reset --workers 1
kubectl apply -f - <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
Y
settle
node stop worker-1
tick 10m
kubectl delete pod -l app=web
kubectl drain worker-1 --force --ignore-daemonsets
kubectl delete deployment web --wait=false
";
    let mut e = kubestep::Engine::new(kubestep::EngineConfig::default());
    let cmds = parse_script(script).unwrap();
    let outs: Vec<ExecOutput> = cmds
        .iter()
        .map(|c| kubestep::script::exec_command(&mut e, c))
        .collect();
    let n = outs.len();
    for (i, verb) in [(n - 3, "delete"), (n - 2, "drain")] {
        let o = &outs[i];
        assert_eq!(o.exit, 1, "{}: {}", cmds[i].text, o.stderr());
        let err = o.stderr();
        assert!(
            err.lines()
                .any(|l| l.starts_with("kubestep: stopped waiting at "))
                && err.contains("nothing more will happen in the cluster")
                && err.contains(&format!("kubectl {verb} would wait until its --timeout")),
            "{err}"
        );
    }
    assert!(
        outs[n - 3].stdout().contains("deleted"),
        "{}",
        outs[n - 3].stdout()
    );
    assert_eq!(outs[n - 1].exit, 0, "{}", outs[n - 1].stderr());
    // Settling, not an hour of heartbeats: a few hundred steps at most.
    assert!(e.history().len() < 600, "{} steps", e.history().len());
}

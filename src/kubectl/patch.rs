//! `kubectl patch` and `kubectl edit` (`k8s.io/kubectl/pkg/cmd/patch`, `…/cmd/edit` and
//! `…/cmd/util/editor`): the patch is sent as kubectl sends it, through the REST layer.
//!
//! kubestep runs no programs, so `edit` takes its editor from `KUBE_EDITOR` (or `EDITOR`)
//! as a script line sets it — `KUBE_EDITOR="sed -i s/nginx:1.25/nginx:1.26/" kubectl edit
//! deploy/web` — and understands `sed -i` with `s` commands, the way people script edits.
//! Real kubectl run with the same line runs the real sed, so the two can be compared.

use serde_json::Value;

use super::{client, flags};
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;

/// `kubectl patch (TYPE NAME | TYPE/NAME) (-p PATCH | --patch-file FILE) [--type …]`.
pub fn patch(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "patch",
            "patch-file",
            "type",
            "namespace",
            "subresource",
            "output",
            "field-manager",
            "filename",
        ],
        &["local", "record", "allow-missing-template-keys"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl patch --help' for usage.",
                m
            ));
        }
    };
    let ptype = f.get("type").unwrap_or("strategic");
    let ctype = match ptype {
        "strategic" => client::SMP,
        "merge" => client::MERGE,
        "json" => client::JSON_PATCH,
        other => {
            return out.fail(format!(
                "error: --type must be one of [json merge strategic], not {:?}",
                other
            ));
        }
    };
    let text = match (f.get("patch"), f.get("patch-file")) {
        (Some(_), Some(_)) => {
            return out.fail("error: --patch and --patch-file are mutually exclusive");
        }
        (None, None) => {
            return out.fail(
                "error: must specify --patch or --patch-file containing the contents of the patch",
            );
        }
        (Some(p), None) => p.to_string(),
        (None, Some(file)) => match e.files.get(file) {
            Some(t) => t.clone(),
            None => {
                return out.fail(format!("error: open {}: no such file or directory", file));
            }
        },
    };
    let sub = match f.get("subresource") {
        None => None,
        Some(s @ ("status" | "scale")) => Some(s.to_string()),
        Some(other) => {
            return out.fail(format!(
                "error: invalid subresource value: {:?}. Must be one of [status scale]",
                other
            ));
        }
    };
    // yaml.ToJSON: the patch may be YAML or JSON.
    let body: Value = match crate::apiserver::decode::yaml_value(&text) {
        Ok(v) => v,
        Err(err) => {
            return out.fail(format!("error: unable to parse {:?}: yaml: {}", text, err));
        }
    };
    if f.positional.len() == 1
        && !f.positional[0].contains('/')
        && super::resolve_kind(&f.positional[0], out).is_some()
    {
        return out.fail("error: resource(s) were provided, but no name was specified");
    }
    if out.exit != 0 {
        return;
    }
    let Some(targets) = super::resource_names(&f.positional, out) else {
        return;
    };
    if targets.is_empty() {
        return out.fail("error: you must specify the type of resource");
    }
    let ns = super::namespace(&f);
    for (kind, name) in targets {
        let ns = if kind.namespaced() { ns.as_str() } else { "" };
        let path = client::path(kind, ns, Some(&name), sub.as_deref());
        // The builder GETs the object first; "no change" is judged against it.
        let before = match client::Call::new("kubectl patch", "GET", path.clone()).send(e, out) {
            Ok(v) => v,
            Err(fail) => {
                out.fail(fail.kubectl());
                continue;
            }
        };
        match client::Call::new("kubectl patch", "PATCH", path)
            .body(ctype, body.clone())
            .send(e, out)
        {
            Ok(after) => {
                let word = if after == before {
                    "patched (no change)"
                } else {
                    "patched"
                };
                // Named after what the server returned (a Scale for --subresource scale).
                let k = after.get("kind").and_then(Value::as_str).unwrap_or("");
                let group = after
                    .get("apiVersion")
                    .and_then(Value::as_str)
                    .and_then(|v| v.split_once('/'))
                    .map(|(g, _)| g)
                    .unwrap_or("");
                let shown = match (k, group) {
                    ("", _) => kind.qualified_singular(),
                    (k, "") => k.to_lowercase(),
                    (k, g) => format!("{}.{}", k.to_lowercase(), g),
                };
                out.out(format!("{}/{} {}\n", shown, name, word));
            }
            Err(fail) => out.fail(fail.kubectl()),
        }
    }
}

/// The comment kubectl puts above the object it opens in the editor.
const EDIT_HEADER: &str = "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/// What `kubectl edit` opens for an object: its header comment and the object as the API
/// server returns it (YAML), resourceVersion included. The page's editor edits this and
/// saves it with a PUT (`kubectl replace -f -`), so a change made meanwhile is a conflict.
pub fn edit_text(e: &mut Engine, kind: Kind, ns: &str, name: &str) -> Result<String, String> {
    let path = client::path(kind, ns, Some(name), None);
    let mut sink = ExecOutput::default();
    let v = client::Call::new("kubectl edit", "GET", path)
        .send(e, &mut sink)
        .map_err(|f| f.kubectl())?;
    Ok(format!("{}{}", EDIT_HEADER, crate::printers::to_yaml(&v)))
}

/// `kubectl edit (TYPE NAME | TYPE/NAME)` with an editor from `env`.
pub fn edit(e: &mut Engine, args: &[String], env: &[(String, String)], out: &mut ExecOutput) {
    let f = match flags::parse(
        args,
        &[
            "namespace",
            "output",
            "subresource",
            "field-manager",
            "filename",
        ],
        &["windows-line-endings", "save-config", "validate", "record"],
    ) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl edit --help' for usage.",
                m
            ));
        }
    };
    let json = match f.get("output").unwrap_or("yaml") {
        "yaml" => false,
        "json" => true,
        other => {
            return out.fail(format!(
                "error: the flag 'output' must be one of yaml|json, not {:?}",
                other
            ));
        }
    };
    let editor_var = env
        .iter()
        .rev()
        .find(|(k, _)| k == "KUBE_EDITOR")
        .or_else(|| env.iter().rev().find(|(k, _)| k == "EDITOR"))
        .map(|(_, v)| v.clone());
    let Some(editor_line) = editor_var else {
        return out.fail("error: kubestep runs no interactive editor; script the edit with KUBE_EDITOR, e.g. KUBE_EDITOR=\"sed -i s/nginx:1.25/nginx:1.26/\" kubectl edit deployment/web");
    };
    let editor = match Sed::parse(&editor_line) {
        Ok(s) => s,
        Err(m) => return out.fail(format!("error: {}", m)),
    };
    if f.positional.is_empty() {
        return out.fail("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    }
    let Some(targets) = super::resource_names(&f.positional, out) else {
        return;
    };
    if targets.is_empty() {
        return out.fail("error: resource(s) were provided, but no name was specified");
    }
    let ns = super::namespace(&f);
    for (kind, name) in targets {
        let ns = if kind.namespaced() { ns.as_str() } else { "" };
        edit_one(e, kind, ns, &name, json, &editor, out);
    }
}

fn edit_one(
    e: &mut Engine,
    kind: Kind,
    ns: &str,
    name: &str,
    json: bool,
    editor: &Sed,
    out: &mut ExecOutput,
) {
    let path = client::path(kind, ns, Some(name), None);
    let original = match client::Call::new("kubectl edit", "GET", path.clone()).send(e, out) {
        Ok(v) => v,
        Err(fail) => return out.fail(fail.kubectl()),
    };
    let shown = if json {
        crate::printers::to_json(&original)
    } else {
        crate::printers::to_yaml(&original)
    };
    let file = format!("{}{}", EDIT_HEADER, shown);
    let edited_text = editor.run(&file);
    // cmdutil.StripComments, then compare.
    let stripped: String = edited_text
        .split_inclusive('\n')
        .filter(|l| {
            let t = l.trim();
            !t.starts_with('#') || t.starts_with("#!")
        })
        .collect();
    if stripped.trim() == shown.trim() {
        out.err("Edit cancelled, no changes made.\n");
        return;
    }
    if stripped.trim().is_empty() {
        out.err("Edit cancelled, saved file was empty.\n");
        return;
    }
    let edited: Value = match crate::apiserver::decode::yaml_value(&stripped) {
        Ok(v) => v,
        Err(err) => {
            out.err(format!(
                "error: the edited file had a syntax error: {}\n",
                err
            ));
            return out.fail("error: Edit cancelled, no valid changes were saved.");
        }
    };
    if edited == original {
        out.out(format!("{}/{} skipped\n", kind.qualified_singular(), name));
        return;
    }
    // The preconditions of visitToPatch.
    let same = |p: &str| original.pointer(p) == edited.pointer(p);
    if !same("/apiVersion") || !same("/kind") || !same("/metadata/name") {
        out.err("error: At least one of apiVersion, kind and name was changed\n");
        return out.fail("error: Edit cancelled, no valid changes were saved.");
    }
    let patch = match crate::apiserver::rest::patch::create_strategic(kind, &original, &edited) {
        Ok(p) => p,
        Err(m) => return out.fail(format!("error: {}", m)),
    };
    match client::Call::new("kubectl edit", "PATCH", path)
        .body(client::SMP, patch)
        .send(e, out)
    {
        Ok(_) => out.out(format!("{}/{} edited\n", kind.qualified_singular(), name)),
        Err(fail) => {
            // kubectl reopens the file with the error on top; the scripted editor leaves it
            // as it is, so kubectl gives up.
            out.err(format!("{}\n", fail.kubectl()));
            out.fail("error: Edit cancelled, no valid changes were saved.");
        }
    }
}

/// `sed -i` with `s` commands: what a scripted `KUBE_EDITOR` can be.
#[derive(Clone, Debug, PartialEq)]
struct Sed {
    cmds: Vec<Subst>,
}

/// `s/PATTERN/REPLACEMENT/[g]`: a pattern of literal text and `.` (any character).
#[derive(Clone, Debug, PartialEq)]
struct Subst {
    pattern: Vec<Option<char>>,
    replacement: String,
    global: bool,
}

const SED_HELP: &str = "kubestep's editor is `sed -i` with s commands (literal text and `.`), e.g. KUBE_EDITOR=\"sed -i s/nginx:1.25/nginx:1.26/\"";

impl Sed {
    /// Split `KUBE_EDITOR` as kubectl does (on spaces, or by the shell when it holds quotes)
    /// and read the sed program.
    fn parse(line: &str) -> Result<Sed, String> {
        let words: Vec<String> = if line.contains(['"', '\'', '\\']) {
            crate::script::split_words(line)?
        } else {
            line.split(' ')
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        let mut it = words.iter();
        if it.next().map(String::as_str) != Some("sed") {
            return Err(format!("cannot run editor {:?}: {}", line, SED_HELP));
        }
        let mut in_place = false;
        let mut exprs = vec![];
        while let Some(w) = it.next() {
            match w.as_str() {
                "-i" | "--in-place" => in_place = true,
                "-e" | "--expression" => match it.next() {
                    Some(x) => exprs.push(x.clone()),
                    None => {
                        return Err(format!(
                            "sed: option requires an argument -- 'e'; {}",
                            SED_HELP
                        ));
                    }
                },
                x if x.starts_with('-') => {
                    return Err(format!("sed option {:?} is not supported; {}", x, SED_HELP));
                }
                x => exprs.push(x.to_string()),
            }
        }
        if !in_place {
            return Err(format!(
                "sed without -i leaves the file unchanged; {}",
                SED_HELP
            ));
        }
        if exprs.is_empty() {
            return Err(format!("sed has no script; {}", SED_HELP));
        }
        let mut cmds = vec![];
        for x in exprs {
            for part in x.split(';').filter(|p| !p.trim().is_empty()) {
                cmds.push(Subst::parse(part.trim())?);
            }
        }
        Ok(Sed { cmds })
    }

    /// Run the program over a file, line by line.
    fn run(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let (body, nl) = match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            };
            let mut l = body.to_string();
            for c in &self.cmds {
                l = c.apply(&l);
            }
            out.push_str(&l);
            out.push_str(nl);
        }
        out
    }
}

impl Subst {
    fn parse(s: &str) -> Result<Subst, String> {
        let mut chars = s.chars();
        if chars.next() != Some('s') {
            return Err(format!(
                "sed command {:?} is not supported; {}",
                s, SED_HELP
            ));
        }
        let Some(delim) = chars.next() else {
            return Err(format!("sed: unterminated `s' command in {:?}", s));
        };
        // The three delimited parts, with `\DELIM` as the delimiter itself.
        let mut parts: Vec<Vec<(char, bool)>> = vec![vec![]];
        let mut escaped = false;
        for c in chars {
            if escaped {
                parts.last_mut().unwrap().push((c, true));
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == delim && parts.len() < 3 {
                parts.push(vec![]);
            } else {
                parts.last_mut().unwrap().push((c, false));
            }
        }
        if parts.len() < 3 {
            return Err(format!("sed: unterminated `s' command in {:?}", s));
        }
        let mut pattern = vec![];
        for (c, esc) in &parts[0] {
            match (c, esc) {
                ('.', false) => pattern.push(None),
                ('*' | '[' | ']' | '^' | '$', false)
                | ('(' | ')' | '{' | '}' | '+' | '?' | '|', true) => {
                    return Err(format!(
                        "sed pattern {:?} uses regular expressions beyond literal text and `.`; {}",
                        s, SED_HELP
                    ));
                }
                (c, _) => pattern.push(Some(*c)),
            }
        }
        if pattern.is_empty() {
            return Err("sed: no previous regular expression".to_string());
        }
        let mut replacement = String::new();
        for (c, esc) in &parts[1] {
            match (c, esc) {
                ('&', false) => {
                    return Err(format!(
                        "sed replacement `&` is not supported; {}",
                        SED_HELP
                    ));
                }
                ('n', true) => replacement.push('\n'),
                (c, _) => replacement.push(*c),
            }
        }
        let flags: String = parts[2].iter().map(|(c, _)| *c).collect();
        let global = match flags.as_str() {
            "" => false,
            "g" => true,
            other => {
                return Err(format!(
                    "sed: unknown option to `s': {:?}; {}",
                    other, SED_HELP
                ));
            }
        };
        Ok(Subst {
            pattern,
            replacement,
            global,
        })
    }

    fn matches_at(&self, line: &[char], i: usize) -> bool {
        i + self.pattern.len() <= line.len()
            && self
                .pattern
                .iter()
                .zip(&line[i..])
                .all(|(p, c)| p.is_none_or(|p| p == *c))
    }

    fn apply(&self, line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::with_capacity(line.len());
        let mut i = 0;
        let mut done = false;
        while i < chars.len() {
            if !done && self.matches_at(&chars, i) {
                out.push_str(&self.replacement);
                i += self.pattern.len();
                done = !self.global;
            } else {
                out.push(chars[i]);
                i += 1;
            }
        }
        out
    }
}

/// Is `w` a shell variable assignment (`NAME=value`) that may precede a command?
pub fn is_assignment(w: &str) -> bool {
    match w.split_once('=') {
        Some((n, _)) => {
            let mut cs = n.chars();
            cs.next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sed_programs() {
        let s = Sed::parse("sed -i s/nginx:1.25/nginx:1.26/").unwrap();
        assert_eq!(
            s.run("image: nginx:1.25\nx: nginx:1.25 nginx:1.25\n"),
            "image: nginx:1.26\nx: nginx:1.26 nginx:1.25\n"
        );
        let g = Sed::parse("sed -i -e 's|a.c|X|g' -e s/q/r/").unwrap();
        assert_eq!(g.run("abc aXc q\n"), "X X r\n");
        let esc = Sed::parse(r"sed -i 's/replicas: 3/replicas: 5/;s/\./-/'").unwrap();
        assert_eq!(esc.run("replicas: 3\na.b"), "replicas: 5\na-b");
        for bad in [
            "vim",
            "sed s/a/b/",
            "sed -i 's/a*/b/'",
            "sed -i 's/a/&b/'",
            "sed -i s/a/b",
            "sed -i y/a/b/",
            "sed -i s/a/b/x",
            "sed -n -i s/a/b/",
        ] {
            assert!(Sed::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn assignments() {
        assert!(is_assignment("KUBE_EDITOR=sed -i s/a/b/"));
        assert!(is_assignment("_X="));
        assert!(!is_assignment("kubectl"));
        assert!(!is_assignment("--replicas=3"));
        assert!(!is_assignment("1A=b"));
    }
}

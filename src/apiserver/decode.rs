//! Turning user text into objects, with kubectl's and the API server's error texts.
//!
//! Two stages, as in a real `kubectl apply -f`:
//! 1. **kubectl side** ([`parse_manifests`]): the stream is split into YAML documents on
//!    `---` lines (`apimachinery/pkg/util/yaml/decoder.go` `YAMLReader`), or read as a stream
//!    of JSON objects when it starts with `{`; each document is converted to JSON, empty
//!    documents are skipped, `apiVersion`/`kind` are checked (`kubectl/pkg/validation`
//!    `getObjectKind`) and mapped to a served kind (`resource mapping not found …`).
//!    `kind: List` documents are expanded into their items.
//! 2. **API server side** ([`decode_strict`]): the JSON is decoded into the typed object the way
//!    `sigs.k8s.io/json` does with `fieldValidation=Strict` (kubectl's default): the first type
//!    error wins (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas
//!    of type int32`), otherwise every unknown field is reported
//!    (`strict decoding error: unknown field "spec.replica"`).
//!
//! kubectl re-encodes every document from a Go map before sending it, so object keys arrive at
//! the server sorted and duplicate keys have already collapsed (last one wins, like go-yaml v2
//! non-strict). Errors are therefore reported in sorted-key document order, and duplicate
//! fields can only be seen in raw JSON bodies ([`duplicate_fields_json`]).

// DecodeError carries kubectl's whole context; it is returned once per command.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::validation::go_quote;
use crate::object::{Kind, Object};
use crate::quantity::parse_quantity;

/// One decoded document of a manifest stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub kind: Kind,
    /// The document as JSON, `apiVersion` and `kind` included.
    pub value: Value,
    /// 1-based line where the document starts in the source text.
    pub line: u32,
}

/// What went wrong while reading a manifest stream (kubectl-side errors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// YAML or JSON syntax error; `message` is the text after `error parsing <source>: `.
    Syntax,
    /// A `---` line followed by something other than a comment.
    Separator,
    /// Client-side schema check failures (`apiVersion not set`, `kind not set`, …).
    Validation(Vec<String>),
    /// No served kind for `apiVersion`/`kind`.
    NoMatch {
        name: String,
        namespace: String,
        kind: String,
        group_version: String,
    },
}

/// A manifest stream error with its position (1-based line and column in the whole text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub line: u32,
    pub column: u32,
    /// Inner message, e.g. `error converting YAML to JSON: yaml: line 5: mapping values are not
    /// allowed in this context`.
    pub message: String,
    pub kind: DecodeErrorKind,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl DecodeError {
    /// The line kubectl prints (no trailing newline). `source` is `STDIN` for `-f -`, else the
    /// file name as given:
    /// - `error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: …`
    /// - `error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false`
    /// - `error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"`
    ///   + newline + `ensure CRDs are installed first`
    pub fn kubectl_message(&self, source: &str) -> String {
        match &self.kind {
            DecodeErrorKind::Syntax | DecodeErrorKind::Separator => {
                format!("error: error parsing {source}: {}", self.message)
            }
            DecodeErrorKind::Validation(_) => {
                format!(
                    "error: error validating {}: {}",
                    go_quote(source),
                    self.message
                )
            }
            DecodeErrorKind::NoMatch {
                name, namespace, ..
            } => format!(
                "error: resource mapping not found for name: {} namespace: {} from {}: {}\nensure CRDs are installed first",
                go_quote(name),
                go_quote(namespace),
                go_quote(source),
                self.message
            ),
        }
    }
}

const STOP_VALIDATE_MESSAGE: &str =
    "if you choose to ignore these errors, turn validation off with --validate=false";

/// Parse a manifest stream (multi-document YAML, or JSON objects, or a `kind: List`).
/// All-or-nothing; see [`parse_manifests_partial`] for kubectl's streaming behaviour.
pub fn parse_manifests(text: &str) -> Result<Vec<Manifest>, DecodeError> {
    let (docs, err) = parse_manifests_partial(text);
    match err {
        Some(e) => Err(e),
        None => Ok(docs),
    }
}

/// Like [`parse_manifests`], but also returns the documents read before the first error:
/// kubectl applies those before printing the error (its visitor stops at the first bad one).
pub fn parse_manifests_partial(text: &str) -> (Vec<Manifest>, Option<DecodeError>) {
    let mut out = Vec::new();
    let docs = if text.trim_start().starts_with('{') {
        match split_json(text) {
            Ok(d) => d,
            Err(e) => return (out, Some(e)),
        }
    } else {
        let mut docs = Vec::new();
        for chunk in split_yaml(text) {
            match chunk {
                Err(e) => return (out, Some(e)),
                Ok((line, body)) => match yaml_to_json(&body, line) {
                    Err(e) => {
                        // Documents before this one are still delivered.
                        for (l, v) in docs {
                            if let Err(e) = push_manifest(&mut out, v, l) {
                                return (out, Some(e));
                            }
                        }
                        return (out, Some(e));
                    }
                    Ok(Some(v)) => docs.push((line, v)),
                    Ok(None) => {}
                },
            }
        }
        docs
    };
    for (line, v) in docs {
        if let Err(e) = push_manifest(&mut out, v, line) {
            return (out, Some(e));
        }
    }
    (out, None)
}

/// Client-side checks of one document (`getObjectKind`), List expansion and kind mapping.
fn push_manifest(out: &mut Vec<Manifest>, v: Value, line: u32) -> Result<(), DecodeError> {
    let (api_version, kind) = object_kind(&v, line)?;
    if kind == "List" && (api_version == "v1" || api_version.is_empty()) {
        let items = v
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for item in items {
            push_manifest(out, item, line)?;
        }
        return Ok(());
    }
    // autoscaling/v1 is served too: kubestep's kubectl sends such a manifest in its stored
    // autoscaling/v2 form (real kubectl posts v1, which `serve` converts the same way).
    if api_version == "autoscaling/v1" && kind == "HorizontalPodAutoscaler" {
        out.push(Manifest {
            kind: Kind::HorizontalPodAutoscaler,
            value: crate::apiserver::autoscaling_v1::to_v2(&v),
            line,
        });
        return Ok(());
    }
    match Kind::from_type(&api_version, &kind) {
        Some(k) => {
            out.push(Manifest {
                kind: k,
                value: v,
                line,
            });
            Ok(())
        }
        None => {
            let meta = v.get("metadata");
            let field = |f: &str| {
                meta.and_then(|m| m.get(f))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            Err(DecodeError {
                line,
                column: 1,
                message: format!(
                    "no matches for kind {} in version {}",
                    go_quote(&kind),
                    go_quote(&api_version)
                ),
                kind: DecodeErrorKind::NoMatch {
                    name: field("name"),
                    namespace: field("namespace"),
                    kind,
                    group_version: api_version,
                },
            })
        }
    }
}

/// `getObjectKind` from `kubectl/pkg/validation/schema.go`.
fn object_kind(v: &Value, line: u32) -> Result<(String, String), DecodeError> {
    let fail = |errs: Vec<String>| {
        let agg = if errs.len() == 1 {
            errs[0].clone()
        } else {
            format!("[{}]", errs.join(", "))
        };
        DecodeError {
            line,
            column: 1,
            message: format!("error validating data: {agg}; {STOP_VALIDATE_MESSAGE}"),
            kind: DecodeErrorKind::Validation(errs),
        }
    };
    let Some(m) = v.as_object() else {
        return Err(fail(vec!["invalid object to validate".to_string()]));
    };
    let mut errs = Vec::new();
    let mut api_version = String::new();
    match m.get("apiVersion") {
        None | Some(Value::Null) => errs.push("apiVersion not set".to_string()),
        Some(Value::String(s)) => {
            if s.matches('/').count() > 1 {
                errs.push(format!("unexpected GroupVersion string: {s}"));
            } else {
                api_version = s.clone();
            }
        }
        Some(_) => errs.push("apiVersion isn't string type".to_string()),
    }
    let mut kind = String::new();
    match m.get("kind") {
        None | Some(Value::Null) => errs.push("kind not set".to_string()),
        Some(Value::String(s)) => kind = s.clone(),
        Some(_) => errs.push("kind isn't string type".to_string()),
    }
    if errs.is_empty() {
        Ok((api_version, kind))
    } else {
        Err(fail(errs))
    }
}

/// Split a YAML stream into documents like kubectl's `YAMLReader`: a line starting with `---`
/// ends the current document; only a comment may follow the marker on that line.
/// Yields `(first line number, document text)`.
fn split_yaml(text: &str) -> Vec<Result<(u32, String), DecodeError>> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut start: u32 = 1;
    let mut lineno: u32 = 0;
    for line in text.split_inclusive('\n') {
        lineno += 1;
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                out.push(Err(DecodeError {
                    line: lineno,
                    column: 1,
                    message: format!("invalid Yaml document separator: {trimmed}"),
                    kind: DecodeErrorKind::Separator,
                }));
                return out;
            }
            if !buf.is_empty() {
                out.push(Ok((start, std::mem::take(&mut buf))));
            }
            start = lineno + 1;
            continue;
        }
        buf.push_str(line);
    }
    if !buf.is_empty() {
        out.push(Ok((start, buf)));
    }
    out
}

/// libyaml problems raised by the parser (not the scanner). go-yaml v2 reports parser errors
/// with the 0-based line of the problem mark, scanner errors with the 1-based line.
const PARSER_PROBLEMS: [&str; 10] = [
    "did not find expected <document start>",
    "did not find expected node content",
    "did not find expected '-' indicator",
    "did not find expected key",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "found duplicate %YAML directive",
    "found incompatible YAML document",
    "found duplicate %TAG directive",
    "found undefined tag handle",
];

/// Convert one YAML document to JSON (`sigs.k8s.io/yaml.YAMLToJSON`). `Ok(None)` for an
/// empty document (only comments/whitespace, or `null`).
/// Nesting the YAML decoder refuses (its recursion limit) but would take long to find: the
/// parser walks a flow collection nested 100,000 deep for most of a minute before the
/// decoder gets to refuse it. Deeper flow nesting than this is refused before parsing.
const MAX_FLOW_DEPTH: usize = 1000;

/// The 1-based line where flow collections (`[`, `{`) first nest deeper than the decoder's
/// recursion limit (128), if they go on to nest deeper than [`MAX_FLOW_DEPTH`]. Quoted
/// scalars and comments are skipped; a bracket inside a block plain scalar (`a[b`) does
/// not open anything.
fn too_deep_flow(doc: &str) -> Option<u32> {
    let (mut depth, mut line, mut first_deep) = (0usize, 1u32, None);
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    let mut opened = false;
    let mut chars = doc.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match quote {
            Some('"') if c == '\\' => {
                chars.next();
                continue;
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if !prev.is_alphanumeric() => quote = Some(c),
                '#' if prev.is_whitespace() => {
                    while chars.peek().is_some_and(|&n| n != '\n') {
                        chars.next();
                    }
                }
                '[' | '{' if matches!(prev, '\n' | ' ' | ':' | '-' | ',' | '[' | '{') => {
                    opened = true;
                    depth += 1;
                    if depth == 129 {
                        first_deep = Some(line);
                    }
                    if depth > MAX_FLOW_DEPTH {
                        return first_deep;
                    }
                }
                ']' | '}' if depth > 0 => depth -= 1,
                _ => {}
            },
        }
        if matches!(c, '[' | '{') && !std::mem::take(&mut opened) {
            // Part of a scalar: it opens nothing, and nothing after it opens either.
            prev = 'a';
        } else if !c.is_whitespace() || c == '\n' {
            prev = c;
        } else if prev != '\n' {
            prev = ' ';
        }
    }
    None
}

/// A YAML (or JSON) text as a value, refusing deep flow nesting at once (as
/// `yaml_to_json` does); the error is the decoder's text.
pub fn yaml_value(text: &str) -> Result<Value, String> {
    if too_deep_flow(text).is_some() {
        return Err("recursion limit exceeded".to_string());
    }
    serde_norway::from_str::<Value>(text).map_err(|e| e.to_string())
}

fn yaml_to_json(doc: &str, first_line: u32) -> Result<Option<Value>, DecodeError> {
    if let Some(rel_line) = too_deep_flow(doc) {
        // What the decoder reports for it, without the wait.
        let where_ = if rel_line > 1 {
            format!("line {rel_line}: ")
        } else {
            String::new()
        };
        return Err(DecodeError {
            line: first_line + rel_line - 1,
            column: 1,
            message: format!(
                "error converting YAML to JSON: yaml: {where_}recursion limit exceeded"
            ),
            kind: DecodeErrorKind::Syntax,
        });
    }
    match serde_norway::from_str::<Value>(doc) {
        Ok(Value::Null) => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            let shown = e.to_string();
            // "<problem> at line L column C[, <context> at line L2 column C2]"
            let problem = shown
                .split(" at line ")
                .next()
                .unwrap_or(&shown)
                .to_string();
            let problem = problem
                .split(" at position ")
                .next()
                .unwrap_or(&problem)
                .to_string();
            let (rel_line, col) = e
                .location()
                .map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
            let context_line = shown
                .split(", ")
                .nth(1)
                .and_then(|ctx| ctx.split(" at line ").nth(1))
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse::<u32>().ok());
            let is_parser = PARSER_PROBLEMS.contains(&problem.as_str());
            // go-yaml v2 `parser.fail()`: problem_mark.line (0-based) if non-zero, +1 for
            // scanner errors; else context_mark.line (0-based); no prefix when 0.
            let problem0 = rel_line.saturating_sub(1);
            let go_line = if problem0 != 0 {
                if is_parser { problem0 } else { problem0 + 1 }
            } else {
                context_line.map_or(0, |l| l.saturating_sub(1))
            };
            let where_ = if go_line != 0 {
                format!("line {go_line}: ")
            } else {
                String::new()
            };
            Err(DecodeError {
                line: first_line + rel_line - 1,
                column: col,
                message: format!("error converting YAML to JSON: yaml: {where_}{problem}"),
                kind: DecodeErrorKind::Syntax,
            })
        }
    }
}

/// A stream of JSON objects (kubectl's JSON branch of `YAMLOrJSONDecoder`).
/// Syntax error texts are approximations of Go's `encoding/json` ones.
fn split_json(text: &str) -> Result<Vec<(u32, Value)>, DecodeError> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut offset = 0usize;
    loop {
        let start = offset + text[offset..].len() - text[offset..].trim_start().len();
        let line = text[..start].matches('\n').count() as u32 + 1;
        match stream.next() {
            None => break,
            Some(Ok(v)) => {
                offset = stream.byte_offset();
                if !v.is_null() {
                    out.push((line, v));
                }
            }
            Some(Err(e)) => {
                let msg = if e.is_eof() {
                    "unexpected EOF".to_string()
                } else {
                    let full = e.to_string();
                    full.split(" at line ").next().unwrap_or(&full).to_string()
                };
                return Err(DecodeError {
                    line: e.line() as u32,
                    column: e.column() as u32,
                    message: msg,
                    kind: DecodeErrorKind::Syntax,
                });
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Server-side strict decoding
// ---------------------------------------------------------------------------------------------

/// A JSON path segment; derives document order (keys sorted, indices ascending).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Key(String),
    Index(usize),
}

fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Decode a request body as the API server does with `fieldValidation=Strict`.
///
/// On failure returns the complete error items, in upstream order:
/// - a single decode error when a value has the wrong type or a quantity does not parse
///   (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type
///   int32`, `quantities must match the regular expression …`);
/// - otherwise one `unknown field "<path>"` item per unknown field
///   (`spec.template.spec.containers[0].imagePullPolicyy`).
///
/// `null` values are treated as absent. An explicit empty `selector: {}` of a Deployment or
/// ReplicaSet is kept distinguishable from a missing one by decoding it as `matchLabels: {}`
/// (see `validation::selector_is_nil`).
pub fn decode_strict(kind: Kind, value: &Value) -> Result<Object, Vec<String>> {
    match decode_fields(kind, value)? {
        (obj, unknown) if unknown.is_empty() => Ok(obj),
        (_, unknown) => Err(unknown),
    }
}

/// Like [`decode_strict`], but unknown fields do not fail the decode: they come back as
/// `unknown field "<path>"` items beside the object (what `fieldValidation=Warn` turns into
/// warnings and `Ignore` drops). Type and quantity errors still fail.
pub fn decode_fields(kind: Kind, value: &Value) -> Result<(Object, Vec<String>), Vec<String>> {
    let mut v = value.clone();
    if let Value::Object(m) = &mut v {
        m.remove("apiVersion");
        m.remove("kind");
    }
    strip_nulls(&mut v);
    crate::object::strip_go_encoding(kind, &mut v);

    // Quantities: custom unmarshaler, aborts decoding on the first bad one.
    let mut qerr: Option<(Vec<Seg>, String)> = None;
    for_each_quantity(kind, &mut v, &mut |path, q| {
        let text = match &*q {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            other => other.to_string(),
        };
        match parse_quantity(&text) {
            Ok(_) => *q = Value::String(text),
            Err(e) => {
                if qerr.as_ref().is_none_or(|(p, _)| path < p.as_slice()) {
                    qerr = Some((path.to_vec(), e));
                }
                *q = Value::String("0".to_string());
            }
        }
    });
    // One decode; only a failed one is searched for the field at fault.
    let decoded = Object::from_value(kind, v.clone());
    let terr = match &decoded {
        Ok(_) => None,
        Err(_) => find_type_error(kind, &v),
    };
    match (qerr, terr) {
        (Some((qp, _)), Some(t)) if t.custom && t.path < qp => return Err(vec![t.message]),
        (Some((_, q)), _) => return Err(vec![q]),
        (None, Some(t)) => return Err(vec![t.message]),
        (None, None) => {}
    }

    let mut obj = decoded.map_err(|e| vec![e])?;
    let out = each_serialized(&obj);
    let mut unknown = Vec::new();
    diff_unknown(&v, &out, &mut Vec::new(), &mut unknown);
    let unknown: Vec<String> = unknown
        .iter()
        .map(|p| format!("unknown field {}", go_quote(p)))
        .collect();

    // Keep an explicit `selector: {}` distinguishable from a missing selector.
    let explicit_selector = v
        .get("spec")
        .and_then(|s| s.get("selector"))
        .is_some_and(Value::is_object);
    if explicit_selector {
        let sel = match &mut obj {
            Object::Deployment(d) => d.spec.as_mut().map(|s| &mut s.selector),
            Object::ReplicaSet(r) => r.spec.as_mut().map(|s| &mut s.selector),
            Object::DaemonSet(d) => d.spec.as_mut().map(|s| &mut s.selector),
            Object::StatefulSet(d) => d.spec.as_mut().map(|s| &mut s.selector),
            _ => None,
        };
        if let Some(sel) = sel
            && sel.match_labels.is_none()
            && sel.match_expressions.is_none()
        {
            sel.match_labels = Some(BTreeMap::new());
        }
    }
    Ok((obj, unknown))
}

fn each_serialized(obj: &Object) -> Value {
    let mut v = obj.to_value();
    if let Value::Object(m) = &mut v {
        m.remove("apiVersion");
        m.remove("kind");
    }
    v
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, x| !x.is_null());
            for x in m.values_mut() {
                strip_nulls(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// Input keys that the typed round trip dropped are unknown fields (not descended into).
fn diff_unknown(input: &Value, output: &Value, path: &mut Vec<Seg>, out: &mut Vec<String>) {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => {
            for (k, iv) in i {
                path.push(Seg::Key(k.clone()));
                match o.get(k) {
                    None => out.push(path_string(path)),
                    Some(ov) => diff_unknown(iv, ov, path, out),
                }
                path.pop();
            }
        }
        (Value::Array(i), Value::Array(o)) => {
            for (idx, (iv, ov)) in i.iter().zip(o.iter()).enumerate() {
                path.push(Seg::Index(idx));
                diff_unknown(iv, ov, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Visit every resource quantity position of a kind (resource lists, overhead, node
/// capacity/allocatable, emptyDir sizeLimit, env resourceFieldRef divisor).
fn for_each_quantity(kind: Kind, v: &mut Value, f: &mut dyn FnMut(&[Seg], &mut Value)) {
    let key = |s: &str| Seg::Key(s.to_string());
    let mut path = Vec::new();
    match kind {
        Kind::Pod => {
            if let Some(spec) = v.get_mut("spec") {
                path.push(key("spec"));
                pod_spec_quantities(spec, &mut path, f);
            }
        }
        Kind::Deployment | Kind::ReplicaSet | Kind::DaemonSet => {
            if let Some(spec) = v.pointer_mut("/spec/template/spec") {
                path.extend([key("spec"), key("template"), key("spec")]);
                pod_spec_quantities(spec, &mut path, f);
            }
        }
        Kind::Node => {
            if let Some(status) = v.get_mut("status") {
                path.push(key("status"));
                for list in ["allocatable", "capacity"] {
                    if let Some(Value::Object(m)) = status.get_mut(list) {
                        path.push(key(list));
                        list_quantities(m, &mut path, f);
                        path.pop();
                    }
                }
            }
        }
        _ => {}
    }
}

fn list_quantities(
    m: &mut Map<String, Value>,
    path: &mut Vec<Seg>,
    f: &mut dyn FnMut(&[Seg], &mut Value),
) {
    for (k, q) in m.iter_mut() {
        path.push(Seg::Key(k.clone()));
        f(path, q);
        path.pop();
    }
}

fn resources_quantities(r: &mut Value, path: &mut Vec<Seg>, f: &mut dyn FnMut(&[Seg], &mut Value)) {
    for list in ["limits", "requests"] {
        if let Some(Value::Object(m)) = r.get_mut(list) {
            path.push(Seg::Key(list.to_string()));
            list_quantities(m, path, f);
            path.pop();
        }
    }
}

fn pod_spec_quantities(
    spec: &mut Value,
    path: &mut Vec<Seg>,
    f: &mut dyn FnMut(&[Seg], &mut Value),
) {
    let Value::Object(spec) = spec else { return };
    for (field, value) in spec.iter_mut() {
        path.push(Seg::Key(field.clone()));
        match (field.as_str(), value) {
            ("containers" | "initContainers" | "ephemeralContainers", Value::Array(cs)) => {
                for (i, c) in cs.iter_mut().enumerate() {
                    path.push(Seg::Index(i));
                    if let Value::Object(cm) = c {
                        for (cf, cv) in cm.iter_mut() {
                            path.push(Seg::Key(cf.clone()));
                            match (cf.as_str(), cv) {
                                ("resources", r) => resources_quantities(r, path, f),
                                ("env", Value::Array(envs)) => {
                                    for (j, e) in envs.iter_mut().enumerate() {
                                        path.push(Seg::Index(j));
                                        if let Some(d) =
                                            e.pointer_mut("/valueFrom/resourceFieldRef/divisor")
                                        {
                                            path.extend(
                                                ["valueFrom", "resourceFieldRef", "divisor"]
                                                    .map(|s| Seg::Key(s.to_string())),
                                            );
                                            f(path, d);
                                            path.truncate(path.len() - 3);
                                        }
                                        path.pop();
                                    }
                                }
                                _ => {}
                            }
                            path.pop();
                        }
                    }
                    path.pop();
                }
            }
            ("overhead", Value::Object(m)) => list_quantities(m, path, f),
            ("resources", r) => resources_quantities(r, path, f),
            ("volumes", Value::Array(vols)) => {
                for (i, vol) in vols.iter_mut().enumerate() {
                    path.push(Seg::Index(i));
                    if let Some(q) = vol.pointer_mut("/emptyDir/sizeLimit") {
                        path.extend(["emptyDir", "sizeLimit"].map(|s| Seg::Key(s.to_string())));
                        f(path, q);
                        path.truncate(path.len() - 2);
                    }
                    path.pop();
                }
            }
            _ => {}
        }
        path.pop();
    }
}

/// The first type error found by the typed decoder, rendered the Go way.
struct TypeError {
    path: Vec<Seg>,
    message: String,
    /// Raised by a custom unmarshaler (IntOrString, Time): aborts decoding upstream.
    custom: bool,
}

fn try_decode(kind: Kind, v: &Value) -> Result<(), String> {
    Object::from_value(kind, v.clone()).map(|_| ())
}

/// A document holding only the branch `path`, with `leaf` at its end.
fn minimal(path: &[Seg], leaf: Value) -> Value {
    let mut v = leaf;
    for seg in path.iter().rev() {
        v = match seg {
            Seg::Key(k) => {
                let mut m = Map::new();
                m.insert(k.clone(), v);
                Value::Object(m)
            }
            Seg::Index(_) => Value::Array(vec![v]),
        };
    }
    v
}

fn get_path<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    let mut v = root;
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.get(k)?,
            Seg::Index(i) => v.get(*i)?,
        };
    }
    Some(v)
}

/// What the typed decoder expected at a position, from its error text.
fn expected_of(err: &str) -> String {
    err.rsplit_once(", expected ")
        .map(|(_, e)| e.to_string())
        .unwrap_or_default()
}

/// Go type name for a serde "expected …" text.
fn go_type(expected: &str) -> String {
    match expected {
        "i32" => "int32".into(),
        "i64" => "int64".into(),
        "a boolean" => "bool".into(),
        "a string" => "string".into(),
        "a map" => "map[string]string".into(),
        "IntOrString" => "int32".into(),
        // metav1.Time unmarshals into a string first.
        "a timestamp string" => "string".into(),
        "" => "string".into(),
        s if s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            format!("v1.{s}")
        }
        s => s.to_string(),
    }
}

fn find_type_error(kind: Kind, root: &Value) -> Option<TypeError> {
    try_decode(kind, root).err()?;
    let probe = |path: &[Seg], leaf: Value| try_decode(kind, &minimal(path, leaf));
    let mut path: Vec<Seg> = Vec::new();
    loop {
        let node = get_path(root, &path)?;
        let next = match node {
            Value::Object(m) if !m.is_empty() => {
                if !path.is_empty() && probe(&path, Value::Object(Map::new())).is_err() {
                    None
                } else {
                    m.iter()
                        .find(|(k, v)| {
                            let mut one = Map::new();
                            one.insert((*k).clone(), (*v).clone());
                            probe(&path, Value::Object(one)).is_err()
                        })
                        .map(|(k, _)| Seg::Key(k.clone()))
                }
            }
            Value::Array(a) if !a.is_empty() => {
                if probe(&path, Value::Array(Vec::new())).is_err() {
                    None
                } else {
                    a.iter()
                        .enumerate()
                        .find(|(_, v)| probe(&path, Value::Array(vec![(*v).clone()])).is_err())
                        .map(|(i, _)| Seg::Index(i))
                }
            }
            _ => None,
        };
        match next {
            Some(seg) => path.push(seg),
            None => break,
        }
    }
    let node = get_path(root, &path)?.clone();
    let err = probe(&path, node.clone()).err()?;

    // Struct vs map containers, by asking the decoder what it expects there.
    let container_expect = |prefix: &[Seg]| -> String {
        if prefix.is_empty() {
            return kind.name().to_string();
        }
        probe(prefix, Value::Bool(true))
            .err()
            .map(|e| expected_of(&e))
            .unwrap_or_default()
    };
    let mut fields = Vec::new();
    let mut struct_name = kind.name().to_string();
    for (i, seg) in path.iter().enumerate() {
        if let Seg::Key(k) = seg {
            let c = container_expect(&path[..i]);
            if c != "a map" {
                fields.push(k.clone());
                struct_name = c;
            }
        }
    }
    let expected = expected_of(&err);
    // IntOrString and Time have their own UnmarshalJSON, whose errors abort decoding.
    let custom = expected == "IntOrString" || expected == "a timestamp string";
    if path.is_empty() {
        return Some(TypeError {
            path,
            message: err,
            custom,
        });
    }
    if !err.starts_with("invalid type") && !err.starts_with("invalid value") {
        // metav1.Time: the string did not parse as RFC 3339 (Go's time.ParseError, approximate).
        if let Value::String(s) = &node {
            return Some(TypeError {
                path,
                message: format!(
                    "parsing time {} as \"2006-01-02T15:04:05Z07:00\": cannot parse {} as \"2006\"",
                    go_quote(s),
                    go_quote(s)
                ),
                custom: true,
            });
        }
    }
    let mut ty = go_type(&expected);
    if expected == "a sequence" {
        let elem = probe(&path, Value::Array(vec![Value::Bool(true)]))
            .err()
            .map(|e| expected_of(&e))
            .unwrap_or_default();
        ty = format!("[]{}", go_type(&elem));
    }
    let int_target = matches!(expected.as_str(), "i32" | "i64" | "IntOrString");
    let what = match &node {
        Value::String(_) => "string".to_string(),
        Value::Bool(_) => "bool".to_string(),
        Value::Array(_) => "array".to_string(),
        Value::Object(_) => "object".to_string(),
        Value::Null => "null".to_string(),
        Value::Number(n) => {
            if int_target && (n.is_f64() || err.starts_with("invalid value")) {
                format!("number {n}")
            } else {
                "number".to_string()
            }
        }
    };
    let message = format!(
        "json: cannot unmarshal {what} into Go struct field {struct_name}.{} of type {ty}",
        fields.join(".")
    );
    Some(TypeError {
        path,
        message,
        custom,
    })
}

/// kubectl's line for a 400 from strict decoding (`transformDecodeError` +
/// `AddSourceToErr` + `StandardErrorMessage`), e.g.
/// `Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"`.
///
/// `fields` may hold the items returned by [`decode_strict`] (complete messages) or bare
/// field paths (`spec.replica`, turned into `unknown field "spec.replica"`). A type/decode
/// error item is printed on its own, unknown/duplicate field items are joined with `, ` after
/// `strict decoding error: `. `verb_create`: `creating`, else `replacing`.
pub fn strict_error_message(
    kind: Kind,
    fields: &[String],
    verb_create: bool,
    source: &str,
) -> String {
    let verb = if verb_create { "creating" } else { "replacing" };
    format!(
        "Error from server (BadRequest): error when {verb} {}: {}",
        go_quote(source),
        strict_error_server_message(kind, fields)
    )
}

/// The API server's 400 message for a body that does not decode:
/// `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: …`.
pub fn strict_error_server_message(kind: Kind, fields: &[String]) -> String {
    let version = kind.api_version().rsplit('/').next().unwrap_or("v1");
    let items: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.starts_with("unknown field ")
                || f.starts_with("duplicate field ")
                || f.starts_with("json: ")
                || f.starts_with("quantities ")
                || f.starts_with("unable to parse quantity")
                || f.starts_with("parsing time ")
            {
                f.clone()
            } else {
                format!("unknown field {}", go_quote(f))
            }
        })
        .collect();
    let is_strict =
        |s: &String| s.starts_with("unknown field ") || s.starts_with("duplicate field ");
    let body = match items.iter().find(|s| !is_strict(s)) {
        Some(decode_err) => decode_err.clone(),
        None => format!("strict decoding error: {}", items.join(", ")),
    };
    format!(
        "{} in version {} cannot be handled as a {}: {body}",
        kind.name(),
        go_quote(version),
        kind.name()
    )
}

// ---------------------------------------------------------------------------------------------
// Duplicate fields in raw JSON bodies
// ---------------------------------------------------------------------------------------------

/// `duplicate field "<path>"` items for a raw JSON body, in document order
/// (`sigs.k8s.io/json` `DisallowDuplicateFields`). kubectl never sends duplicates (it
/// re-encodes documents from maps), so this only matters for raw API requests.
pub fn duplicate_fields_json(text: &str) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    DupSeed {
        path: Vec::new(),
        found: &mut found,
    }
    .deserialize(&mut de)
    .map_err(|e| e.to_string())?;
    let mut seen = BTreeSet::new();
    Ok(found
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .map(|p| format!("duplicate field {}", go_quote(&p)))
        .collect())
}

struct DupSeed<'a> {
    path: Vec<Seg>,
    found: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for DupSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DupSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        loop {
            let mut path = self.path.clone();
            path.push(Seg::Index(i));
            if seq
                .next_element_seed(DupSeed {
                    path,
                    found: self.found,
                })?
                .is_none()
            {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = BTreeSet::new();
        while let Some(k) = map.next_key::<String>()? {
            let mut path = self.path.clone();
            path.push(Seg::Key(k.clone()));
            if !keys.insert(k) {
                self.found.push(path_string(&path));
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(DupSeed {
                    path,
                    found: self.found,
                })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DEPLOY: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
";

    fn deploy_value(extra: Value) -> Value {
        let mut v: Value = serde_norway::from_str(DEPLOY).expect("fixture");
        merge(&mut v, extra);
        v
    }

    fn merge(base: &mut Value, extra: Value) {
        match (base, extra) {
            (Value::Object(b), Value::Object(e)) => {
                for (k, v) in e {
                    match b.get_mut(&k) {
                        Some(bv) if bv.is_object() && v.is_object() => merge(bv, v),
                        _ => {
                            b.insert(k, v);
                        }
                    }
                }
            }
            (b, e) => *b = e,
        }
    }

    #[test]
    fn a_multi_document_stream_yields_each_object_with_its_line() {
        let text = format!(
            "# leading comment\n---\n{DEPLOY}---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n"
        );
        let docs = parse_manifests(&text).expect("parses");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].kind, Kind::Deployment);
        assert_eq!(docs[0].line, 3);
        assert_eq!(docs[1].kind, Kind::Namespace);
        assert_eq!(docs[1].line, 23);
        assert_eq!(docs[1].value["metadata"]["name"], "dev");
    }

    #[test]
    fn json_objects_and_lists_are_expanded() {
        let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}},
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}}]}
            {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n"}}"#;
        let docs = parse_manifests(text).expect("parses");
        let kinds: Vec<Kind> = docs.iter().map(|d| d.kind).collect();
        assert_eq!(kinds, vec![Kind::Namespace, Kind::Pod, Kind::Node]);
        assert_eq!(docs[2].line, 4);
    }

    #[test]
    fn yaml_scanner_errors_report_the_one_based_line() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: a: b\n";
        let e = parse_manifests(text).expect_err("bad yaml");
        assert_eq!((e.line, e.column), (5, 12));
        assert_eq!(
            e.kubectl_message("STDIN"),
            "error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context"
        );
    }

    #[test]
    fn yaml_parser_errors_keep_go_yaml_v2_zero_based_line() {
        // go-yaml v2 reports parser errors with problem_mark.line unadjusted (0-based).
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels: {}\n";
        let e = parse_manifests(text).expect_err("bad yaml");
        assert_eq!(e.line, 5);
        assert_eq!(
            e.kubectl_message("pod.yaml"),
            "error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key"
        );
    }

    #[test]
    fn yaml_error_lines_count_from_the_document_start() {
        let text = format!("{DEPLOY}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x: y\n");
        let (docs, err) = parse_manifests_partial(&text);
        assert_eq!(
            docs.len(),
            1,
            "the document before the bad one is still delivered"
        );
        let e = err.expect("error");
        assert_eq!(e.line, 22);
        assert!(
            e.message
                .ends_with("yaml: line 4: mapping values are not allowed in this context"),
            "{}",
            e.message
        );
    }

    #[test]
    fn an_error_on_the_first_line_has_no_line_prefix() {
        let e = parse_manifests("a: b: c\n").expect_err("bad yaml");
        assert_eq!(
            e.message,
            "error converting YAML to JSON: yaml: mapping values are not allowed in this context"
        );
    }

    #[test]
    fn a_bad_separator_line_is_rejected() {
        let e = parse_manifests("apiVersion: v1\nkind: Namespace\n--- foo\n")
            .expect_err("bad separator");
        assert_eq!(
            e.kubectl_message("STDIN"),
            "error: error parsing STDIN: invalid Yaml document separator: foo"
        );
    }

    #[test]
    fn missing_api_version_and_kind_are_reported_like_kubectl() {
        let e = parse_manifests("metadata:\n  name: x\n").expect_err("no type");
        assert_eq!(
            e.kubectl_message("STDIN"),
            "error: error validating \"STDIN\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false"
        );
        let e = parse_manifests("apiVersion: v1\nmetadata:\n  name: x\n").expect_err("no kind");
        assert_eq!(
            e.kubectl_message("ns.yaml"),
            "error: error validating \"ns.yaml\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false"
        );
    }

    #[test]
    fn unknown_kinds_and_versions_have_no_mapping() {
        let e = parse_manifests("apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n")
            .expect_err("unknown");
        assert_eq!(
            e.kubectl_message("STDIN"),
            "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Foo\" in version \"v1\"\nensure CRDs are installed first"
        );
        let e = parse_manifests("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n")
            .expect_err("old version");
        assert_eq!(
            e.kubectl_message("d.yaml"),
            "error: resource mapping not found for name: \"web\" namespace: \"prod\" from \"d.yaml\": no matches for kind \"Deployment\" in version \"apps/v1beta1\"\nensure CRDs are installed first"
        );
    }

    #[test]
    fn a_valid_manifest_decodes_strictly() {
        let obj = decode_strict(Kind::Deployment, &deploy_value(json!({}))).expect("valid");
        assert_eq!(obj.name(), "web");
    }

    #[test]
    fn unknown_fields_are_reported_with_their_paths() {
        let rows: Vec<(Value, Vec<&str>)> = vec![
            (json!({"specs": 1}), vec![r#"unknown field "specs""#]),
            (
                json!({"spec": {"replica": 3}}),
                vec![r#"unknown field "spec.replica""#],
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx", "imagePullPolicyy": "Always"}]}}}}),
                vec![r#"unknown field "spec.template.spec.containers[0].imagePullPolicyy""#],
            ),
            (
                json!({"metadata": {"lables": {"a": "b"}}, "spec": {"template": {"metadata": {"containers": []}}}}),
                vec![
                    r#"unknown field "metadata.lables""#,
                    r#"unknown field "spec.template.metadata.containers""#,
                ],
            ),
        ];
        for (extra, want) in rows {
            let got =
                decode_strict(Kind::Deployment, &deploy_value(extra.clone())).expect_err("unknown");
            assert_eq!(got, want, "{extra}");
        }
    }

    #[test]
    fn strict_errors_format_like_kubectl() {
        let errs = decode_strict(
            Kind::Deployment,
            &deploy_value(json!({"spec": {"replica": 3, "foo": 1}})),
        )
        .expect_err("unknown");
        assert_eq!(
            strict_error_message(Kind::Deployment, &errs, true, "STDIN"),
            r#"Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.foo", unknown field "spec.replica""#
        );
        assert_eq!(
            strict_error_message(
                Kind::Pod,
                &["spec.containers[0].ports[0].port".to_string()],
                false,
                "pod.yaml"
            ),
            r#"Error from server (BadRequest): error when replacing "pod.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].ports[0].port""#
        );
    }

    #[test]
    fn type_errors_name_the_go_struct_field_and_type() {
        let rows: Vec<(Value, &str)> = vec![
            (
                json!({"spec": {"replicas": "3"}}),
                "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
            ),
            (
                json!({"spec": {"replicas": 1.5}}),
                "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32",
            ),
            (
                json!({"spec": {"replicas": 3000000000u64}}),
                "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32",
            ),
            (
                json!({"metadata": {"labels": {"version": 1}}}),
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": {"name": "x"}}}}}),
                "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx", "args": "x"}]}}}}),
                "json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.args of type []string",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": 5}]}}}}),
                "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string",
            ),
            (
                json!({"spec": {"paused": "yes"}}),
                "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool",
            ),
            (
                json!({"spec": {"strategy": "Recreate"}}),
                "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.strategy of type v1.DeploymentStrategy",
            ),
            (
                json!({"spec": {"strategy": {"rollingUpdate": {"maxSurge": true}}}}),
                "json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": "80"}]}]}}}}),
                "json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
            ),
            (
                json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx", "env": [{"name": "X", "value": 1}]}]}}}}),
                "json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string",
            ),
            (
                json!({"spec": {"selector": {"matchLabels": ["a"]}}}),
                "json: cannot unmarshal array into Go struct field LabelSelector.spec.selector.matchLabels of type map[string]string",
            ),
            (
                json!({"metadata": "x"}),
                "json: cannot unmarshal string into Go struct field Deployment.metadata of type v1.ObjectMeta",
            ),
            (
                json!({"metadata": {"creationTimestamp": 5}}),
                "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string",
            ),
        ];
        for (extra, want) in rows {
            let got = decode_strict(Kind::Deployment, &deploy_value(extra.clone()))
                .expect_err("type error");
            assert_eq!(got, vec![want.to_string()], "{extra}");
        }
        // A type error wins over unknown fields, and only the first one is reported.
        let got = decode_strict(
            Kind::Deployment,
            &deploy_value(json!({"spec": {"replicas": "3", "foo": 1, "paused": "x"}})),
        )
        .expect_err("both");
        assert_eq!(got, vec!["json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool".to_string()]);
        assert_eq!(
            strict_error_message(Kind::Deployment, &got, true, "STDIN"),
            "Error from server (BadRequest): error when creating \"STDIN\": Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool"
        );
    }

    #[test]
    fn bad_quantities_fail_decoding_and_numbers_are_accepted() {
        let bad = json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx",
            "resources": {"limits": {"cpu": "1 core"}}}]}}}});
        let got = decode_strict(Kind::Deployment, &deploy_value(bad)).expect_err("quantity");
        assert_eq!(got, vec!["quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".to_string()]);
        let num = json!({"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx",
            "resources": {"limits": {"cpu": 2, "memory": "1Gi"}}}]}}}});
        let obj =
            decode_strict(Kind::Deployment, &deploy_value(num)).expect("numbers are quantities");
        let v = obj.to_value();
        assert_eq!(
            v["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"],
            "2"
        );
    }

    #[test]
    fn nulls_are_absent_and_empty_selectors_stay_explicit() {
        let obj = decode_strict(
            Kind::Deployment,
            &deploy_value(json!({"spec": {"replicas": null}})),
        )
        .expect("null ok");
        assert_eq!(
            obj.as_deployment()
                .and_then(|d| d.spec.as_ref())
                .and_then(|s| s.replicas),
            None
        );
        let mut v = deploy_value(json!({}));
        v["spec"]["selector"] = json!({});
        let obj = decode_strict(Kind::Deployment, &v).expect("decodes");
        let sel = &obj
            .as_deployment()
            .and_then(|d| d.spec.as_ref())
            .expect("spec")
            .selector;
        assert!(!crate::apiserver::validation::selector_is_nil(sel));
        v.as_object_mut()
            .expect("obj")
            .get_mut("spec")
            .and_then(Value::as_object_mut)
            .expect("spec")
            .remove("selector");
        let obj = decode_strict(Kind::Deployment, &v).expect("decodes");
        let sel = &obj
            .as_deployment()
            .and_then(|d| d.spec.as_ref())
            .expect("spec")
            .selector;
        assert!(crate::apiserver::validation::selector_is_nil(sel));
    }

    #[test]
    fn duplicate_yaml_keys_collapse_like_kubectl_but_raw_json_reports_them() {
        let docs =
            parse_manifests("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n")
                .expect("parses");
        assert_eq!(docs[0].value["metadata"]["name"], "b");
        let raw = r#"{"spec": {"replicas": 1, "replicas": 2, "template": {"spec": {"containers": [{"name": "a", "name": "b"}]}}}}"#;
        assert_eq!(
            duplicate_fields_json(raw).expect("valid json"),
            vec![
                r#"duplicate field "spec.replicas""#.to_string(),
                r#"duplicate field "spec.template.spec.containers[0].name""#.to_string()
            ]
        );
    }
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    fn pod_with_labels(labels: &str) -> String {
        format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {labels}\n")
    }

    /// Deep flow nesting is refused with the decoder's own message, found before parsing.
    #[test]
    fn deep_flow_nesting_is_refused_as_the_decoder_refuses_it() {
        // Deep enough for the pre-check, shallow enough for the decoder to answer quickly:
        // both must say the same.
        let d = 1500;
        let doc = pod_with_labels(&format!("{}{}", "[".repeat(d), "]".repeat(d)));
        let ours = yaml_to_json(&doc, 1).unwrap_err();
        assert_eq!(too_deep_flow(&doc), Some(5));
        let theirs = serde_norway::from_str::<Value>(&doc)
            .unwrap_err()
            .to_string();
        assert!(theirs.starts_with("recursion limit exceeded"), "{theirs}");
        assert_eq!(
            ours.message,
            "error converting YAML to JSON: yaml: line 5: recursion limit exceeded"
        );
        // Not deep enough, or brackets that open nothing: left to the decoder.
        for ok in [
            pod_with_labels(&format!("{}{}", "[".repeat(500), "]".repeat(500))),
            pod_with_labels(&format!("{{a: \"{}\"}}", "[".repeat(5000))),
            pod_with_labels(&format!("{{a: '{}'}}", "{".repeat(5000))),
            pod_with_labels(&format!("{{a: b}} # {}", "[".repeat(5000))),
            pod_with_labels(&format!("{{a: x{}}}", "[".repeat(5000))),
        ] {
            assert_eq!(too_deep_flow(&ok), None, "{}", &ok[..80]);
        }
    }
}

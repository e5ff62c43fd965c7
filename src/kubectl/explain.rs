//! `kubectl explain TYPE[.FIELD…]`: kubectl v1.32's `plaintext` explain, rendered from the
//! served OpenAPI v3 document as its template does
//! (`k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl`, with the functions of
//! `funcs.go`). Each template is one function here, named after it.

use crate::sort::StableSort;
use serde_json::Value;

use super::flags;
use crate::apiserver::rest::openapi;
use crate::engine::{Engine, ExecOutput};

/// A group-version-resource.
struct Gvr {
    group: String,
    version: String,
    resource: String,
}

/// `kubectl explain ARGS…`.
pub fn explain(_e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(args, &["api-version", "output"], &["recursive"]) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl explain --help' for usage.",
                m
            ));
        }
    };
    let Some(schemas) = openapi::schemas() else {
        return out
            .fail("error: kubectl explain's schemas have not loaded yet: try again in a moment");
    };
    match f.positional.len() {
        0 => {
            return out.fail("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n");
        }
        1 => {}
        _ => return out.fail("error: We accept only this format: explain RESOURCE\n"),
    }
    let arg = &f.positional[0];
    let (mut gvr, fields) = match split_resource(arg, f.has("api-version"), out) {
        Ok(r) => r,
        Err(None) => return,
        Err(Some(m)) => return out.fail(format!("error: {}", m)),
    };
    let format = f.get("output").unwrap_or("plaintext");
    match format {
        "plaintext" => {}
        "plaintext-openapiv2" => {
            return out.fail("error: kubestep does not implement \"kubectl explain -o plaintext-openapiv2\" yet (it serves OpenAPI v3 only)");
        }
        other => return out.fail(format!("error: unrecognized format: {}", other)),
    }
    if let Some(av) = f.get("api-version") {
        let (g, v) = match av.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", av),
        };
        if av.matches('/').count() > 1 {
            return out.fail(format!("error: unexpected GroupVersion string: {}", av));
        }
        gvr.group = g.to_string();
        gvr.version = v.to_string();
    }
    let gv = if gvr.group.is_empty() {
        gvr.version.clone()
    } else {
        format!("{}/{}", gvr.group, gvr.version)
    };
    let served =
        crate::apiserver::rest::route::GROUPS.contains(&gvr.group.as_str()) || gvr.group.is_empty();
    if !served || gvr.version != "v1" {
        return out.fail(format!(
            "error: couldn't find resource for \"{}/{}, Resource={}\"",
            gvr.group, gvr.version, gvr.resource
        ));
    }
    let doc = Doc {
        paths: openapi::operations(&gv),
        schemas,
    };
    // The template streams: what it printed before an error stays printed.
    let (text, err) = render(&doc, &gvr, &fields, f.bool("recursive"));
    out.out(text);
    if let Some(m) = err {
        out.fail(m);
    }
}

/// `SplitAndParseResourceRequest[WithMatchingPrefix]`: the resource and the field path.
/// `Err(None)`: the failure is printed already.
fn split_resource(
    arg: &str,
    exact: bool,
    out: &mut ExecOutput,
) -> Result<(Gvr, Vec<String>), Option<String>> {
    let nodes = super::jsonpath::explain_nodes(arg).map_err(Some)?;
    let Some(Some(resource)) = nodes.first() else {
        return Err(Some(
            "invalid jsonpath syntax, first node must be field node".into(),
        ));
    };
    // The mapper's candidates, in priority order: core events come before events.k8s.io's.
    // The mapper's error prints without kubectl's "error: " prefix here.
    if crate::object::Kind::from_resource(resource).is_none() {
        out.fail(format!(
            "the server doesn't have a resource type {:?}",
            resource
        ));
        return Err(None);
    }
    let kind = super::resolve_kind(resource, out).ok_or(None)?;
    let plural = kind.plural();
    let mut candidates = vec![Gvr {
        group: kind.group().to_string(),
        version: "v1".into(),
        resource: plural.to_string(),
    }];
    if kind == crate::object::Kind::Event {
        candidates.push(Gvr {
            group: "events.k8s.io".into(),
            version: "v1".into(),
            resource: "events".into(),
        });
    }
    let fields = |nodes: &[Option<String>], msg: &str| -> Result<Vec<String>, Option<String>> {
        nodes
            .iter()
            .map(|n| n.clone().ok_or_else(|| Some(msg.to_string())))
            .collect()
    };
    if exact {
        let f = fields(
            &nodes[1..],
            "invalid jsonpath syntax, all nodes must be field nodes",
        )?;
        return Ok((candidates.remove(0), f));
    }
    for c in &candidates {
        let group_resource = if c.group.is_empty() {
            c.resource.clone()
        } else {
            format!("{}.{}", c.resource, c.group)
        };
        if let Some(suffix) = arg.strip_prefix(group_resource.as_str()) {
            let mut f = vec![];
            if !suffix.is_empty() {
                let nodes = super::jsonpath::explain_nodes(suffix).map_err(Some)?;
                if !nodes.is_empty() {
                    f = fields(
                        &nodes[1..],
                        "invalid jsonpath syntax, first node must be field node",
                    )?;
                }
            }
            let c = Gvr {
                group: c.group.clone(),
                version: c.version.clone(),
                resource: c.resource.clone(),
            };
            return Ok((c, f));
        }
    }
    let f = fields(
        &nodes[1..],
        "invalid jsonpath syntax, first node must be field node",
    )?;
    Ok((candidates.remove(0), f))
}

/// The document the template reads: the group-version's operations and the schemas.
struct Doc<'a> {
    paths: Value,
    schemas: &'a Value,
}

impl Doc<'_> {
    /// `resolveRef`: a `#/components/schemas/NAME` reference's schema.
    fn resolve(&self, schema: &Value) -> Option<&Value> {
        let r = schema.get("$ref")?.as_str()?;
        let name = r.strip_prefix("#/components/schemas/")?;
        self.schemas.get(name).filter(|s| s.is_object())
    }
}

/// Go template truthiness of an optional JSON value (`if .x`).
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
    }
}

/// `additionalProperties` when it is a schema (not a boolean), as the template checks it.
fn additional(schema: &Value) -> Option<&Value> {
    schema
        .get("additionalProperties")
        .filter(|a| truthy(Some(a)) && !a.is_boolean())
}

fn items(schema: &Value) -> Option<&Value> {
    schema.get("items").filter(|i| truthy(Some(i)))
}

/// The `indent` function.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{}{}", pad, s.replace('\n', &format!("\n{}", pad)))
}

/// `wordwrap.WrapString` (github.com/mitchellh/go-wordwrap v1.0.1): breaks at white space
/// only, lengths in characters; a word longer than the limit stays whole.
pub fn wrap(lim: usize, s: &str) -> String {
    let mut buf = String::with_capacity(s.len());
    let mut current = 0usize;
    let (mut word, mut space) = (String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for c in s.chars() {
        if c == '\n' {
            // Trailing space is kept only when it fits; the line ends either way.
            if !word.is_empty() || current + space_len <= lim {
                buf.push_str(&space);
                buf.push_str(&word);
            }
            space.clear();
            word.clear();
            space_len = 0;
            word_len = 0;
            buf.push(c);
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                buf.push_str(&space);
                space.clear();
                space_len = 0;
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + space_len + word_len > lim && word_len < lim {
                buf.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

/// The template's entry: the kind's header and the `schema` template, or its errors.
fn render(
    doc: &Doc,
    gvr: &Gvr,
    field_path: &[String],
    recursive: bool,
) -> (String, Option<String>) {
    let prefix = if gvr.group.is_empty() {
        "/api".to_string()
    } else {
        format!("/apis/{}", gvr.group)
    };
    let (v, r) = (&gvr.version, &gvr.resource);
    let searches = [
        format!("{}/{}/{}", prefix, v, r),
        format!("{}/{}/{}/{{name}}", prefix, v, r),
        format!("{}/{}/namespaces/{{namespace}}/{}", prefix, v, r),
        format!("{}/{}/namespaces/{{namespace}}/{}/{{name}}", prefix, v, r),
    ];
    let mut gvk: Option<&Value> = None;
    for p in &searches {
        if let Some(el) = doc.paths.get("paths").and_then(|ps| ps.get(p)) {
            for m in ["get", "post", "put", "patch", "delete"] {
                if let Some(g) = el
                    .get(m)
                    .and_then(|o| o.get("x-kubernetes-group-version-kind"))
                {
                    gvk = Some(g);
                    break;
                }
            }
        }
    }
    let Some(gvk) = gvk.filter(|g| truthy(Some(g))) else {
        let m = format!(
            "error: GVR ({}/{}, Resource={}) not found in OpenAPI schema",
            gvr.group, gvr.version, gvr.resource
        );
        return (String::new(), Some(m));
    };
    let s = |k: &str| gvk.get(k).and_then(Value::as_str).unwrap_or("");
    let mut out = String::new();
    if !s("group").is_empty() {
        out.push_str(&format!("GROUP:      {}\n", s("group")));
    }
    out.push_str(&format!(
        "KIND:       {}\nVERSION:    {}\n\n",
        s("kind"),
        s("version")
    ));
    // The "schema" template: the first schema (in name order) of this kind.
    let found = doc.schemas.as_object().and_then(|m| {
        m.values().find(|sch| {
            sch.get("x-kubernetes-group-version-kind")
                .and_then(Value::as_array)
                .is_some_and(|l| l.iter().any(|x| x == gvk))
        })
    });
    let Some(schema) = found else {
        let m = format!(
            "error: GVK map[group:{} kind:{} version:{}] not found in OpenAPI schema",
            s("group"),
            s("kind"),
            s("version")
        );
        return (out, Some(m));
    };
    let body = output(doc, schema, &[], field_path, recursive);
    if body.is_empty() {
        let m = format!(
            "error: field \"{}\" does not exist",
            field_path.last().map(String::as_str).unwrap_or("")
        );
        return (out, Some(m));
    }
    out.push_str(&body);
    out.push('\n');
    (out, None)
}

/// The `output` template: follow the field path, then print the description and fields.
fn output(
    doc: &Doc,
    schema: &Value,
    history: &[String],
    path: &[String],
    recursive: bool,
) -> String {
    let ref_string = schema
        .get("$ref")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let mut next_history = history.to_vec();
    next_history.push(ref_string.clone());
    let resolved = doc.resolve(schema).unwrap_or(schema);
    let mut out = String::new();
    if path.is_empty() {
        out.push_str("DESCRIPTION:\n");
        let d = description(doc, resolved);
        let d = if d.is_empty() {
            "<empty>".to_string()
        } else {
            d
        };
        out.push_str(&indent(4, &wrap(76, &d)));
        out.push('\n');
        let fields = field_list(doc, resolved, 1, &[], recursive);
        if !fields.is_empty() {
            out.push_str("FIELDS:\n");
            out.push_str(&fields);
        }
    } else if !ref_string.is_empty() && history.contains(&ref_string) {
        // A cycle: nothing.
    } else if let Some(sub) = resolved
        .get("properties")
        .filter(|p| truthy(Some(p)))
        .and_then(|p| p.get(&path[0]))
        .filter(|s| truthy(Some(s)))
    {
        if path.len() == 1 {
            out.push_str(&format!("FIELD: {} <{}>\n", path[0], type_guess(doc, sub)));
            out.push_str(&extract_enum(sub, true, -1, 0));
            out.push_str("\n\n");
        }
        out.push_str(&output(doc, sub, &[], &path[1..], recursive));
    } else if let Some(i) = items(resolved) {
        out.push_str(&output(doc, i, &next_history, path, recursive));
    } else if let Some(a) = additional(resolved) {
        out.push_str(&output(doc, a, &next_history, path, recursive));
    } else if let Some(all) = resolved.get("allOf").and_then(Value::as_array) {
        for sub in all {
            let o = output(doc, sub, &next_history, path, recursive);
            if !o.is_empty() {
                out.push_str(&o);
                break;
            }
        }
    }
    out
}

/// The `fieldList` template: each property (in name order), recursively with `--recursive`.
fn field_list(
    doc: &Doc,
    schema: &Value,
    level: usize,
    history: &[String],
    recursive: bool,
) -> String {
    let ref_string = schema
        .get("$ref")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if !ref_string.is_empty() && history.contains(&ref_string) {
        return String::new();
    }
    let mut next = history.to_vec();
    next.push(ref_string);
    let resolved = doc.resolve(schema).unwrap_or(schema);
    let mut out = String::new();
    if let Some(props) = resolved.get("properties").and_then(Value::as_object) {
        let mut names: Vec<&String> = props.keys().collect();
        names.stable_sort();
        for k in names {
            out.push_str(&field_detail(doc, k, resolved, recursive, level));
            if recursive {
                out.push_str(&field_list(doc, &props[k], level + 1, &next, recursive));
            }
        }
    }
    if let Some(all) = resolved.get("allOf").and_then(Value::as_array) {
        for sub in all {
            out.push_str(&field_list(doc, sub, level, &next, recursive));
        }
    }
    if let Some(i) = items(resolved) {
        out.push_str(&field_list(doc, i, level, &next, recursive));
    }
    if let Some(a) = additional(resolved) {
        out.push_str(&field_list(doc, a, level, &next, recursive));
    }
    out
}

/// The `fieldDetail` template: `name <type> -required-`, its enum and (unless `short`)
/// its description.
fn field_detail(doc: &Doc, name: &str, schema: &Value, short: bool, level: usize) -> String {
    let indent_amount = level * 2;
    let field = &schema["properties"][name];
    let mut out = format!(
        "{}\t<{}>",
        indent(indent_amount, name),
        type_guess(doc, field)
    );
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|x| x == name));
    if required {
        out.push_str(" -required-");
    }
    out.push_str(&extract_enum(field, false, 4, indent_amount));
    out.push('\n');
    if !short {
        let d = field
            .get("description")
            .and_then(Value::as_str)
            .filter(|d| !d.is_empty())
            .unwrap_or("<no description>");
        out.push_str(&indent(indent_amount + 2, &wrap(78 - indent_amount, d)));
        out.push_str("\n\n");
    }
    out
}

/// The `description` template: the schema's description and those of what it wraps.
fn description(doc: &Doc, schema: &Value) -> String {
    let s = doc.resolve(schema).unwrap_or(schema);
    let mut out = String::new();
    if let Some(d) = s
        .get("description")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
    {
        out.push_str(d);
        out.push('\n');
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for sub in all {
            out.push_str(&description(doc, sub));
        }
    }
    if let Some(i) = items(s) {
        out.push_str(&description(doc, i));
    }
    if let Some(a) = additional(s) {
        out.push_str(&description(doc, a));
    }
    out
}

/// The `typeGuess` template: `string`, `Object`, `[]Container`, `map[string]string`, …
fn type_guess(doc: &Doc, schema: &Value) -> String {
    let ty = |s: &Value| {
        s.get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if let Some(i) = items(schema) {
        return format!("[]{}", type_guess(doc, i));
    }
    if let Some(a) = additional(schema) {
        return format!("map[string]{}", type_guess(doc, a));
    }
    let all = schema.get("allOf").and_then(Value::as_array);
    if let Some(all) = all
        && !all.is_empty()
        && !truthy(schema.get("properties"))
        && all.len() == 1
    {
        return type_guess(doc, &all[0]);
    }
    if let Some(r) = schema.get("$ref").filter(|r| truthy(Some(r))) {
        let target = doc.resolve(schema);
        let target_type = target.map(ty).unwrap_or_default();
        if target.is_none() || target_type.is_empty() || target_type == "object" {
            let r = r.as_str().unwrap_or("");
            let name = r.rsplit('/').next().unwrap_or("");
            let last = name.rsplit('.').next().unwrap_or("");
            return if last.is_empty() {
                "Object".into()
            } else {
                last.into()
            };
        }
        return target_type;
    }
    match ty(schema).as_str() {
        "object" | "" => "Object".into(),
        t => t.into(),
    }
}

/// The `extractEnum` template.
fn extract_enum(schema: &Value, long_view: bool, limit: i64, indent_amount: usize) -> String {
    let Some(values) = schema
        .get("enum")
        .and_then(Value::as_array)
        .filter(|v| !v.is_empty())
    else {
        return String::new();
    };
    let mut out = if long_view {
        "ENUM:".to_string()
    } else {
        format!("\n{}enum: ", " ".repeat(indent_amount))
    };
    for (i, v) in values.iter().enumerate() {
        if limit > -1 && i as i64 >= limit {
            out.push_str(", ....");
            break;
        }
        if i > 0 && !long_view {
            out.push_str(", ");
        } else if long_view {
            out.push_str("\n    ");
        }
        match v {
            Value::String(s) if s.is_empty() => out.push_str("\"\""),
            Value::String(s) => out.push_str(s),
            other => out.push_str(&super::jsonpath::go_v_string(other)),
        }
    }
    out
}

#[cfg(all(test, not(feature = "web")))]
mod tests {
    use super::wrap;

    /// go-wordwrap's own test table (wordwrap_test.go), but for its "fo sop" and tab-list
    /// cases: the stored copy of the test is of another version than kubectl's v1.0.1.
    #[test]
    fn wrap_as_go_wordwrap() {
        let table: [(&str, &str, usize); 6] = [
            ("foo", "foo", 4),
            ("foobarbaz", "foobarbaz", 4),
            ("foo bar baz", "foo\nbar\nbaz", 4),
            ("foo\nb ar\nbaz", "foo\nb ar\nbaz", 4),
            ("foo       \nb ar\nbaz", "foo\nb ar\nbaz", 4),
            ("foo       \nb ar\nbaz", "foo\nb ar\nbaz", 4),
        ];
        for (input, want, lim) in table {
            assert_eq!(wrap(lim, input), want, "{:?} at {}", input, lim);
        }
    }
}

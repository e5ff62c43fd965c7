//! `-o go-template=…` / `go-template-file=…`: the part of Go's `text/template` that kubectl
//! users write, over the object as unstructured JSON (`k8s.io/cli-runtime/pkg/printers/
//! template.go`): text and `{{ }}` actions with trim markers and comments; field chains
//! (`.metadata.name`, `$.x`, `$var.y`), variables (`$x := …`), pipelines with `|`;
//! `if`/`else if`/`else`, `range` (with `$i, $e :=` and `else`), `with`; the functions
//! `index`, `len`, `printf`, `print`, `println`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `and`,
//! `or`, `not`, `base64decode` and kubectl's `exists`. Anything else (`define`, `template`,
//! `block`, other functions) is an error naming it.

use crate::sort::StableSort;
use serde_json::Value;

/// A parsed template.
#[derive(Clone, Debug)]
pub struct GoTemplate {
    nodes: Vec<Node>,
}

#[derive(Clone, Debug)]
enum Node {
    Text(String),
    /// `{{pipeline}}` (printed unless it declares a variable).
    Action(Pipe),
    If(Vec<(Pipe, Vec<Node>)>, Vec<Node>),
    Range(Pipe, Vec<Node>, Vec<Node>),
    With(Pipe, Vec<Node>, Vec<Node>),
}

#[derive(Clone, Debug)]
struct Pipe {
    /// `$x :=` / `$i, $e :=` / `$x =`.
    decl: Vec<String>,
    cmds: Vec<Vec<Arg>>,
}

#[derive(Clone, Debug)]
enum Arg {
    /// `.a.b` (empty: `.`).
    Field(Vec<String>),
    /// `$x.a.b` (`$` alone: the root).
    Var(String, Vec<String>),
    Str(String),
    Num(Value),
    Bool(bool),
    Nil,
    Func(String),
    Sub(Box<Pipe>, Vec<String>),
}

// ---------------------------------------------------------------------------------------
// Lexing and parsing

/// Split into text and action pieces (`{{- ` / ` -}}` trim the neighbouring text).
fn pieces(src: &str) -> Result<Vec<(bool, String)>, String> {
    let mut out: Vec<(bool, String)> = vec![];
    let mut rest = src;
    let mut trim_next = false;
    while let Some(i) = rest.find("{{") {
        let mut text = rest[..i].to_string();
        if trim_next {
            text = text.trim_start().to_string();
        }
        let mut inner = &rest[i + 2..];
        if inner.starts_with("- ") || inner.starts_with("-\t") || inner.starts_with("-\n") {
            text = text.trim_end().to_string();
            inner = &inner[1..];
        }
        out.push((false, text));
        // The action ends at the first "}}" outside a quoted string.
        let bytes = inner.as_bytes();
        let mut j = 0;
        let mut quote: Option<u8> = None;
        let end = loop {
            if j + 1 >= bytes.len() {
                return Err("unclosed action".into());
            }
            let b = bytes[j];
            match quote {
                Some(q) if b == b'\\' && q == b'"' => j += 1,
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'`' => quote = Some(b),
                None if b == b'}' && bytes[j + 1] == b'}' => break j,
                None => {}
            }
            j += 1;
        };
        let mut action = &inner[..end];
        trim_next = false;
        if action.ends_with(" -") || action.ends_with("\t-") || action.ends_with("\n-") {
            action = &action[..action.len() - 1];
            trim_next = true;
        }
        out.push((true, action.trim().to_string()));
        rest = &inner[end + 2..];
    }
    let mut text = rest.to_string();
    if trim_next {
        text = text.trim_start().to_string();
    }
    out.push((false, text));
    Ok(out)
}

/// Words of an action: strings, parentheses and `|` are tokens of their own.
fn tokens(s: &str) -> Result<Vec<String>, String> {
    let mut out = vec![];
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '"' || c == '`' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                if c == '"' && chars[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err("unterminated quoted string".into());
            }
            out.push(chars[i..=j].iter().collect());
            i = j + 1;
            continue;
        }
        if c == '(' || c == ')' || c == '|' || c == ',' {
            out.push(c.to_string());
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && !chars[j].is_whitespace() && !"()|,".contains(chars[j]) {
            j += 1;
        }
        let w: String = chars[i..j].iter().collect();
        // `.x` after `)` belongs to the parenthesised value: keep it as its own token.
        out.push(w);
        i = j;
    }
    Ok(out)
}

fn unquote(t: &str) -> Result<String, String> {
    if let Some(raw) = t.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        return Ok(raw.to_string());
    }
    serde_json::from_str::<String>(t).map_err(|_| format!("bad string syntax: {}", t))
}

fn chain(s: &str) -> Vec<String> {
    s.split('.')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

/// The functions this subset knows (others fail at parse time, as Go's do).
const FUNCS: &[&str] = &[
    "and",
    "or",
    "not",
    "len",
    "index",
    "print",
    "printf",
    "println",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "base64decode",
    "exists",
];

fn parse_pipe(toks: &[String]) -> Result<Pipe, String> {
    let mut toks = toks;
    let mut decl = vec![];
    if let Some(p) = toks.iter().position(|t| t == ":=" || t == "=")
        && toks[..p].iter().all(|t| t.starts_with('$') || t == ",")
    {
        decl = toks[..p].iter().filter(|t| *t != ",").cloned().collect();
        toks = &toks[p + 1..];
    }
    let mut cmds = vec![];
    let mut cur: Vec<Arg> = vec![];
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].as_str();
        match t {
            "|" => {
                if cur.is_empty() {
                    return Err("missing command".into());
                }
                cmds.push(std::mem::take(&mut cur));
            }
            "(" => {
                let mut depth = 1;
                let mut j = i + 1;
                while j < toks.len() && depth > 0 {
                    match toks[j].as_str() {
                        "(" => depth += 1,
                        ")" => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth != 0 {
                    return Err("unclosed left paren".into());
                }
                let inner = parse_pipe(&toks[i + 1..j - 1])?;
                // A field chain right after `)`: `(index .x 0).name`.
                let mut fields = vec![];
                if let Some(next) = toks.get(j)
                    && next.starts_with('.')
                {
                    fields = chain(next);
                    i = j;
                } else {
                    i = j - 1;
                }
                cur.push(Arg::Sub(Box::new(inner), fields));
            }
            ")" => return Err("unexpected right paren".into()),
            _ if t.starts_with('.') && t.contains('[') => {
                return Err("bad character U+005B '['".into());
            }
            _ if t.starts_with('.') => cur.push(Arg::Field(chain(t))),
            _ if t.starts_with('$') => {
                let (name, rest) = match t.find('.') {
                    Some(d) => (&t[..d], &t[d..]),
                    None => (t, ""),
                };
                cur.push(Arg::Var(name.to_string(), chain(rest)));
            }
            _ if t.starts_with('"') || t.starts_with('`') => cur.push(Arg::Str(unquote(t)?)),
            "true" | "false" => cur.push(Arg::Bool(t == "true")),
            "nil" => cur.push(Arg::Nil),
            _ if t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') => {
                let v: Value = serde_json::from_str(t.trim_start_matches('+'))
                    .map_err(|_| format!("bad number syntax: {:?}", t))?;
                cur.push(Arg::Num(v));
            }
            _ if t.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                if !FUNCS.contains(&t) {
                    return Err(format!("function {:?} not defined", t));
                }
                cur.push(Arg::Func(t.to_string()))
            }
            _ => return Err(format!("unexpected {:?} in command", t)),
        }
        i += 1;
    }
    if !cur.is_empty() {
        cmds.push(cur);
    }
    if cmds.is_empty() {
        return Err("missing value for command".into());
    }
    Ok(Pipe { decl, cmds })
}

/// Parse nodes until one of `stops` (returns which stopped it and its rest).
fn parse_nodes(
    items: &[(bool, String)],
    i: &mut usize,
    stops: &[&str],
) -> Result<(Vec<Node>, Option<String>), String> {
    let mut nodes = vec![];
    while *i < items.len() {
        let (action, text) = &items[*i];
        *i += 1;
        if !action {
            if !text.is_empty() {
                nodes.push(Node::Text(text.clone()));
            }
            continue;
        }
        if text.starts_with("/*") {
            if !text.ends_with("*/") {
                return Err("unclosed comment".into());
            }
            continue;
        }
        let kw = text.split_whitespace().next().unwrap_or("");
        if stops.contains(&kw) {
            return Ok((nodes, Some(text.clone())));
        }
        let rest = text[kw.len()..].trim();
        match kw {
            "if" | "range" | "with" if rest.is_empty() => {
                return Err(format!("missing value for {}", kw));
            }
            "if" => {
                let mut branches = vec![(parse_pipe(&tokens(rest)?)?, vec![])];
                let mut else_nodes = vec![];
                loop {
                    let (body, stop) = parse_nodes(items, i, &["else", "end"])?;
                    branches.last_mut().map(|b| b.1 = body);
                    match stop.as_deref() {
                        Some("end") => break,
                        Some(s) if s.starts_with("else if ") => {
                            branches.push((parse_pipe(&tokens(&s[8..])?)?, vec![]));
                        }
                        Some(_) => {
                            let (body, stop) = parse_nodes(items, i, &["end"])?;
                            if stop.is_none() {
                                return Err("unexpected EOF".into());
                            }
                            else_nodes = body;
                            break;
                        }
                        None => return Err("unexpected EOF".into()),
                    }
                }
                nodes.push(Node::If(branches, else_nodes));
            }
            "range" | "with" => {
                let pipe = parse_pipe(&tokens(rest)?)?;
                let (body, stop) = parse_nodes(items, i, &["else", "end"])?;
                let else_nodes = match stop.as_deref() {
                    Some("end") => vec![],
                    Some(_) => {
                        let (b, s) = parse_nodes(items, i, &["end"])?;
                        if s.is_none() {
                            return Err("unexpected EOF".into());
                        }
                        b
                    }
                    None => return Err("unexpected EOF".into()),
                };
                nodes.push(if kw == "range" {
                    Node::Range(pipe, body, else_nodes)
                } else {
                    Node::With(pipe, body, else_nodes)
                });
            }
            "end" | "else" => return Err(format!("unexpected {{{{{}}}}}", kw)),
            "define" | "template" | "block" | "break" | "continue" => {
                return Err(format!(
                    "kubestep's go-template does not support {{{{{}}}}} yet",
                    kw
                ));
            }
            _ => nodes.push(Node::Action(parse_pipe(&tokens(text)?)?)),
        }
    }
    if stops.is_empty() {
        Ok((nodes, None))
    } else {
        Err("unexpected EOF".into())
    }
}

/// Parse a template (errors as `template: output:…` says them, without positions).
pub fn parse(src: &str) -> Result<GoTemplate, String> {
    let items = pieces(src).map_err(|m| format!("template: output:1: {}", m))?;
    let mut i = 0;
    let (nodes, _) =
        parse_nodes(&items, &mut i, &[]).map_err(|m| format!("template: output:1: {}", m))?;
    Ok(GoTemplate { nodes })
}

// ---------------------------------------------------------------------------------------
// Execution

/// What an expression evaluates to: a value, or a missing map key (`<no value>`).
#[derive(Clone, Debug)]
enum V {
    Val(Value),
    Missing,
}

impl V {
    fn value(&self) -> Value {
        match self {
            V::Val(v) => v.clone(),
            V::Missing => Value::Null,
        }
    }
}

fn truth(v: &V) -> bool {
    match v {
        V::Missing => false,
        V::Val(v) => match v {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(m) => !m.is_empty(),
        },
    }
}

fn printed(v: &V) -> String {
    match v {
        V::Missing => "<no value>".into(),
        V::Val(Value::Null) => "<no value>".into(),
        V::Val(v) => super::jsonpath::go_v_string(v),
    }
}

struct Ctx<'a> {
    root: &'a Value,
    vars: Vec<(String, V)>,
    out: String,
}

fn field(mut v: V, names: &[String]) -> Result<V, String> {
    for n in names {
        v = match v {
            V::Val(Value::Object(m)) => m.get(n).cloned().map(V::Val).unwrap_or(V::Missing),
            // A missing key's value is invalid: fields of it are too (text/template's
            // evalField returns zero); a JSON null is a nil interface, an error.
            V::Missing => V::Missing,
            V::Val(Value::Null) => {
                return Err(format!("nil pointer evaluating interface {{}}.{}", n));
            }
            V::Val(other) => {
                return Err(format!(
                    "can't evaluate field {} in type {}",
                    n,
                    go_type(&other)
                ));
            }
        };
    }
    Ok(v)
}

fn go_type(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "string",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::Bool(_) => "bool",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
        Value::Null => "interface {}",
    }
}

impl<'a> Ctx<'a> {
    fn var(&self, name: &str) -> Result<V, String> {
        if name == "$" {
            return Ok(V::Val(self.root.clone()));
        }
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("undefined variable: {}", name))
    }

    fn arg(&mut self, a: &Arg, dot: &V) -> Result<V, String> {
        Ok(match a {
            Arg::Field(f) => field(dot.clone(), f)?,
            Arg::Var(n, f) => field(self.var(n)?, f)?,
            Arg::Str(s) => V::Val(Value::String(s.clone())),
            Arg::Num(n) => V::Val(n.clone()),
            Arg::Bool(b) => V::Val(Value::Bool(*b)),
            Arg::Nil => V::Val(Value::Null),
            Arg::Func(f) => self.call(f, &[], None, dot)?,
            Arg::Sub(p, f) => field(self.pipe(p, dot)?, f)?,
        })
    }

    fn pipe(&mut self, p: &Pipe, dot: &V) -> Result<V, String> {
        let mut prev: Option<V> = None;
        for cmd in &p.cmds {
            let v = match &cmd[0] {
                Arg::Func(f) => self.call(f, &cmd[1..], prev.take(), dot)?,
                first => {
                    if cmd.len() > 1 {
                        return Err(format!("can't give argument to non-function {:?}", first));
                    }
                    if prev.is_some() {
                        return Err("can't give argument to non-function".into());
                    }
                    self.arg(first, dot)?
                }
            };
            prev = Some(v);
        }
        Ok(prev.unwrap_or(V::Missing))
    }

    fn call(&mut self, f: &str, args: &[Arg], piped: Option<V>, dot: &V) -> Result<V, String> {
        // `and`/`or` short-circuit.
        if f == "and" || f == "or" {
            let mut last = V::Missing;
            let n = args.len() + usize::from(piped.is_some());
            if n == 0 {
                return Err(format!(
                    "wrong number of args for {}: want at least 1 got 0",
                    f
                ));
            }
            for a in args {
                last = self.arg(a, dot)?;
                if truth(&last) != (f == "and") {
                    return Ok(last);
                }
            }
            if let Some(p) = piped {
                last = p;
            }
            return Ok(last);
        }
        let mut vals: Vec<V> = vec![];
        for a in args {
            vals.push(self.arg(a, dot)?);
        }
        if let Some(p) = piped {
            vals.push(p);
        }
        let want = |n: usize| -> Result<(), String> {
            if vals.len() != n {
                Err(format!(
                    "wrong number of args for {}: want {} got {}",
                    f,
                    n,
                    vals.len()
                ))
            } else {
                Ok(())
            }
        };
        Ok(match f {
            "not" => {
                want(1)?;
                V::Val(Value::Bool(!truth(&vals[0])))
            }
            "len" => {
                want(1)?;
                V::Val(Value::from(match vals[0].value() {
                    Value::String(s) => s.len(),
                    Value::Array(a) => a.len(),
                    Value::Object(m) => m.len(),
                    other => {
                        return Err(format!(
                            "error calling len: len of type {}",
                            go_type(&other)
                        ));
                    }
                }))
            }
            "index" => {
                if vals.is_empty() {
                    return Err("wrong number of args for index: want at least 1 got 0".into());
                }
                let mut cur = vals[0].clone();
                for k in &vals[1..] {
                    cur = match (cur.value(), k.value()) {
                        (Value::Object(m), Value::String(s)) => m
                            .get(&s)
                            .cloned()
                            .map(V::Val)
                            .unwrap_or(V::Val(Value::Null)),
                        (Value::Array(a), Value::Number(n)) => {
                            let i = n.as_i64().unwrap_or(-1);
                            match usize::try_from(i).ok().and_then(|i| a.get(i)) {
                                Some(v) => V::Val(v.clone()),
                                None => {
                                    return Err(format!(
                                        "error calling index: index out of range: {}",
                                        i
                                    ));
                                }
                            }
                        }
                        (Value::Null, _) => {
                            return Err("error calling index: index of untyped nil".into());
                        }
                        (c, _) => {
                            return Err(format!(
                                "error calling index: can't index item of type {}",
                                go_type(&c)
                            ));
                        }
                    };
                }
                cur
            }
            "print" | "println" | "printf" => {
                let strs: Vec<Value> = vals.iter().map(V::value).collect();
                let s = match f {
                    "printf" => {
                        let Some(Value::String(fmt)) = strs.first() else {
                            return Err("wrong type for value; expected string".into());
                        };
                        go_sprintf(fmt, &strs[1..])
                    }
                    "println" => {
                        let p: Vec<String> = vals.iter().map(printed_plain).collect();
                        format!("{}\n", p.join(" "))
                    }
                    _ => {
                        // fmt.Sprint: spaces between operands when neither is a string.
                        let mut s = String::new();
                        for (i, v) in vals.iter().enumerate() {
                            let is_str = |v: &V| matches!(v, V::Val(Value::String(_)));
                            if i > 0 && !is_str(v) && !is_str(&vals[i - 1]) {
                                s.push(' ');
                            }
                            s.push_str(&printed_plain(v));
                        }
                        s
                    }
                };
                V::Val(Value::String(s))
            }
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                if vals.len() < 2 {
                    return Err(format!(
                        "wrong number of args for {}: want 2 got {}",
                        f,
                        vals.len()
                    ));
                }
                let a = vals[0].value();
                let res = if f == "eq" {
                    vals[1..]
                        .iter()
                        .any(|b| a == b.value() || num_eq(&a, &b.value()))
                } else {
                    want(2)?;
                    let b = vals[1].value();
                    match f {
                        "ne" => !(a == b || num_eq(&a, &b)),
                        _ => {
                            let ord = match (&a, &b) {
                                (Value::Number(x), Value::Number(y)) => {
                                    x.as_f64().partial_cmp(&y.as_f64())
                                }
                                (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
                                _ => {
                                    return Err(format!(
                                        "error calling {}: incompatible types for comparison",
                                        f
                                    ));
                                }
                            };
                            let Some(o) = ord else {
                                return Ok(V::Val(Value::Bool(false)));
                            };
                            match f {
                                "lt" => o.is_lt(),
                                "le" => o.is_le(),
                                "gt" => o.is_gt(),
                                _ => o.is_ge(),
                            }
                        }
                    }
                };
                V::Val(Value::Bool(res))
            }
            "base64decode" => {
                want(1)?;
                let Value::String(s) = vals[0].value() else {
                    return Err("error calling base64decode: expected a string".into());
                };
                let bytes: k8s_openapi::ByteString =
                    serde_json::from_value(Value::String(s.clone())).map_err(|e| {
                        format!("error calling base64decode: base64 decode failed: {}", e)
                    })?;
                V::Val(Value::String(
                    String::from_utf8_lossy(&bytes.0).into_owned(),
                ))
            }
            "exists" => {
                if vals.is_empty() {
                    return Err("wrong number of args for exists: want at least 1 got 0".into());
                }
                let mut cur = vals[0].value();
                let mut found = true;
                for k in &vals[1..] {
                    cur = match (&cur, k.value()) {
                        (Value::Object(m), Value::String(s)) if m.contains_key(&s) => m[&s].clone(),
                        (Value::Array(a), Value::Number(n))
                            if n.as_u64().is_some_and(|i| (i as usize) < a.len()) =>
                        {
                            a[n.as_u64().unwrap_or(0) as usize].clone()
                        }
                        _ => {
                            found = false;
                            break;
                        }
                    };
                }
                V::Val(Value::Bool(found))
            }
            other => return Err(format!("function {:?} not defined", other)),
        })
    }

    fn run(&mut self, nodes: &[Node], dot: &V) -> Result<(), String> {
        for n in nodes {
            match n {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(p) => {
                    let v = self.pipe(p, dot)?;
                    if p.decl.is_empty() {
                        self.out.push_str(&printed(&v));
                    } else {
                        self.declare(&p.decl, v);
                    }
                }
                Node::If(branches, els) => {
                    let mut done = false;
                    for (p, body) in branches {
                        let v = self.pipe(p, dot)?;
                        if truth(&v) {
                            let mark = self.vars.len();
                            self.run(body, dot)?;
                            self.vars.truncate(mark);
                            done = true;
                            break;
                        }
                    }
                    if !done {
                        self.run(els, dot)?;
                    }
                }
                Node::With(p, body, els) => {
                    let v = self.pipe(p, dot)?;
                    let mark = self.vars.len();
                    if truth(&v) {
                        self.declare(&p.decl, v.clone());
                        self.run(body, &v)?;
                    } else {
                        self.run(els, dot)?;
                    }
                    self.vars.truncate(mark);
                }
                Node::Range(p, body, els) => {
                    let v = self.pipe(p, dot)?;
                    let items: Vec<(Value, Value)> = match v.value() {
                        Value::Array(a) => a
                            .into_iter()
                            .enumerate()
                            .map(|(i, x)| (Value::from(i), x))
                            .collect(),
                        // A map ranges in key order.
                        Value::Object(m) => {
                            let mut kv: Vec<(String, Value)> = m.into_iter().collect();
                            kv.stable_sort_by(|a, b| a.0.cmp(&b.0));
                            kv.into_iter().map(|(k, x)| (Value::String(k), x)).collect()
                        }
                        Value::Null => vec![],
                        Value::Number(n) if n.as_i64().is_some() => (0..n.as_i64().unwrap_or(0))
                            .map(|i| (Value::from(i), Value::from(i)))
                            .collect(),
                        other => {
                            return Err(format!(
                                "range can't iterate over {}",
                                super::jsonpath::go_v_string(&other)
                            ));
                        }
                    };
                    if items.is_empty() {
                        self.run(els, dot)?;
                        continue;
                    }
                    for (k, x) in items {
                        let mark = self.vars.len();
                        match p.decl.as_slice() {
                            [e] => self.vars.push((e.clone(), V::Val(x.clone()))),
                            [i, e] => {
                                self.vars.push((i.clone(), V::Val(k)));
                                self.vars.push((e.clone(), V::Val(x.clone())));
                            }
                            _ => {}
                        }
                        self.run(body, &V::Val(x))?;
                        self.vars.truncate(mark);
                    }
                }
            }
        }
        Ok(())
    }

    fn declare(&mut self, names: &[String], v: V) {
        if let Some(n) = names.first() {
            match self.vars.iter_mut().rev().find(|(x, _)| x == n) {
                Some(slot) => slot.1 = v,
                None => self.vars.push((n.clone(), v)),
            }
        }
    }
}

fn num_eq(a: &Value, b: &Value) -> bool {
    matches!((a, b), (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64())
}

/// `fmt.Sprint` of one operand (a missing value prints `<nil>` there).
fn printed_plain(v: &V) -> String {
    match v {
        V::Missing | V::Val(Value::Null) => "<nil>".into(),
        V::Val(v) => super::jsonpath::go_v_string(v),
    }
}

/// Go's `fmt.Sprintf` for the verbs templates use: `%s %v %d %q %f %x %t %%`, with `-`, `0`,
/// width and precision.
fn go_sprintf(fmt: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    let mut next = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let (mut minus, mut zero) = (false, false);
        while i < chars.len()
            && (chars[i] == '-' || chars[i] == '0' || chars[i] == '+' || chars[i] == ' ')
        {
            minus |= chars[i] == '-';
            zero |= chars[i] == '0';
            i += 1;
        }
        let mut width = String::new();
        while i < chars.len() && chars[i].is_ascii_digit() {
            width.push(chars[i]);
            i += 1;
        }
        let mut prec: Option<usize> = None;
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            let mut p = String::new();
            while i < chars.len() && chars[i].is_ascii_digit() {
                p.push(chars[i]);
                i += 1;
            }
            prec = Some(p.parse().unwrap_or(0));
        }
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{}(MISSING)", verb));
            continue;
        };
        next += 1;
        let s = match (verb, arg) {
            ('d', Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            ('s' | 'v', v) => super::jsonpath::go_v_string(v),
            ('q', Value::String(s)) => serde_json::to_string(s).unwrap_or_default(),
            ('t', Value::Bool(b)) => b.to_string(),
            ('f', Value::Number(n)) => {
                format!("{:.*}", prec.unwrap_or(6), n.as_f64().unwrap_or(0.0))
            }
            ('x', Value::Number(n)) if n.is_i64() => format!("{:x}", n.as_i64().unwrap_or(0)),
            ('x', Value::String(s)) => s.bytes().map(|b| format!("{:02x}", b)).collect(),
            (v, a) => format!(
                "%!{}({}={})",
                v,
                go_type(a),
                super::jsonpath::go_v_string(a)
            ),
        };
        let s = match (verb, prec) {
            ('s' | 'v', Some(p)) => s.chars().take(p).collect(),
            _ => s,
        };
        let w: usize = width.parse().unwrap_or(0);
        let len = s.chars().count();
        if len < w {
            let pad = w - len;
            if minus {
                out.push_str(&s);
                out.push_str(&" ".repeat(pad));
            } else if zero && matches!(verb, 'd' | 'f' | 'x') {
                out.push_str(&"0".repeat(pad));
                out.push_str(&s);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&s);
            }
        } else {
            out.push_str(&s);
        }
    }
    if next < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|a| format!("{}={}", go_type(a), super::jsonpath::go_v_string(a)))
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

impl GoTemplate {
    /// Execute over `data`: the text, or the error (`template: output:…: executing …`).
    pub fn execute(&self, data: &Value) -> Result<String, String> {
        let mut c = Ctx {
            root: data,
            vars: vec![("$".into(), V::Val(data.clone()))],
            out: String::new(),
        };
        c.run(&self.nodes, &V::Val(data.clone()))
            .map_err(|m| format!("template: output: executing \"output\": {}", m))?;
        Ok(c.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, data: &Value) -> Result<String, String> {
        parse(t)?.execute(data)
    }

    /// In the spirit of text/template's exec_test.go, on unstructured data.
    #[test]
    fn the_subset_kubectl_users_write() {
        let d = json!({
            "kind": "List",
            "items": [
                {"metadata": {"name": "a", "labels": {"app": "web"}}, "spec": {"replicas": 3}},
                {"metadata": {"name": "b"}, "spec": {"replicas": 0}}
            ]
        });
        for (t, want) in [
            ("{{.kind}}", "List"),
            (
                "{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}",
                "a\nb\n",
            ),
            (
                "{{range .items}}{{.metadata.name}} {{.spec.replicas}};{{end}}",
                "a 3;b 0;",
            ),
            (
                "{{range $i, $e := .items}}{{$i}}={{$e.metadata.name}} {{end}}",
                "0=a 1=b ",
            ),
            ("{{(index .items 0).metadata.name}}", "a"),
            ("{{index .items 0 \"metadata\" \"labels\" \"app\"}}", "web"),
            (
                "{{range .items}}{{if .spec.replicas}}{{.metadata.name}} up{{else}}{{.metadata.name}} down{{end}} {{end}}",
                "a up b down ",
            ),
            ("{{len .items}}", "2"),
            (
                "{{printf \"%-4s|%3d|%q\" \"ab\" 7 \"x\"}}",
                "ab  |  7|\"x\"",
            ),
            ("{{.nope}}", "<no value>"),
            (
                "{{range .items}}{{.metadata.labels.app}},{{end}}",
                "web,<no value>,",
            ),
            (
                "{{- range .items }} {{ .metadata.name -}} {{ end }}",
                " a b",
            ),
            ("{{range .items -}} {{ .metadata.name -}} {{ end }}", "ab"),
            ("{{/* a comment */}}x", "x"),
            ("{{$n := len .items}}{{if eq $n 2}}two{{end}}", "two"),
            (
                "{{range .items}}{{if and .spec.replicas (gt .spec.replicas 1)}}{{.metadata.name}}{{end}}{{end}}",
                "a",
            ),
            ("{{with .items}}{{len .}}{{end}}", "2"),
            ("{{range .missing}}x{{else}}none{{end}}", "none"),
            ("{{.kind | printf \"%s!\"}}", "List!"),
            ("{{if exists . \"items\" 1 \"metadata\"}}yes{{end}}", "yes"),
            ("{{not .kind}}", "false"),
            ("{{print 1 2 \"a\" 3}}", "1 2a3"),
        ] {
            assert_eq!(run(t, &d).as_deref(), Ok(want), "{t}");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let d = json!({"a": null, "s": "x"});
        assert!(
            run("{{.a.b}}", &d)
                .unwrap_err()
                .contains("nil pointer evaluating interface {}.b")
        );
        assert!(run("{{.x", &d).unwrap_err().contains("unclosed action"));
        assert!(run("{{if .s}}", &d).unwrap_err().contains("unexpected EOF"));
        assert!(
            run("{{end}}", &d)
                .unwrap_err()
                .contains("unexpected {{end}}")
        );
        assert!(
            run("{{nope .s}}", &d)
                .unwrap_err()
                .contains("function \"nope\" not defined")
        );
        assert!(
            run("{{template \"x\"}}", &d)
                .unwrap_err()
                .contains("does not support {{template}}")
        );
        assert!(
            run("{{index .s 1}}", &d)
                .unwrap_err()
                .contains("can't index item of type string")
        );
        assert_eq!(go_sprintf("%d %s", &[json!(1)]), "1 %!s(MISSING)");
        assert_eq!(
            go_sprintf("%s", &[json!("a"), json!(2)]),
            "a%!(EXTRA int64=2)"
        );
    }
}

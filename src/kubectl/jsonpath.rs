//! kubectl's JSONPath dialect (`k8s.io/client-go/util/jsonpath`: parser.go and jsonpath.go),
//! as `kubectl get -o jsonpath=…` runs it on the unstructured object: text and `{…}` actions,
//! fields, `[i]` / `[a:b:c]` / `[*]` / unions, `..` recursion, `[?(@.x == "y")]` filters,
//! `{range …}{end}`, quoted literals (`{"\n"}`), missing keys allowed. Maps and lists print
//! as compact JSON (Go's `json.Marshal`), scalars as Go's `fmt.Fprint` prints them, several
//! results of one action separated by a space.
//!
//! One difference, from Go's maps: `*` and `..` over an object visit its keys in sorted
//! order here; upstream's order is random from run to run.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Node {
    List(Vec<Node>),
    Text(String),
    Field(String),
    Identifier(String),
    Array([Param; 3]),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Wildcard,
    Recursive,
    Union(Vec<Vec<Node>>),
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Param {
    value: i64,
    known: bool,
    derived: bool,
}

/// A parsed template (`Parser`).
#[derive(Clone, Debug)]
pub struct Template {
    root: Vec<Node>,
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    width: usize,
    root: Vec<Node>,
}

/// End of input (U+10FFFF, a noncharacter, stands for Go's -1).
const EOF: char = '\u{10FFFF}';

fn is_terminator(r: char) -> bool {
    r == EOF
        || matches!(
            r,
            ' ' | '\t' | '\r' | '\n' | '.' | ',' | '[' | ']' | '$' | '@' | '{' | '}'
        )
}

fn is_alphanumeric(r: char) -> bool {
    r != EOF && (r == '_' || r.is_alphabetic() || r.is_numeric())
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Parser<'a> {
        Parser {
            input,
            pos: 0,
            start: 0,
            width: 0,
            root: vec![],
        }
    }

    fn next(&mut self) -> char {
        match self.input[self.pos..].chars().next() {
            None => {
                self.width = 0;
                EOF
            }
            Some(c) => {
                self.width = c.len_utf8();
                self.pos += self.width;
                c
            }
        }
    }

    fn backup(&mut self) {
        self.pos -= self.width;
    }

    fn peek(&mut self) -> char {
        let r = self.next();
        self.backup();
        r
    }

    fn consume(&mut self) -> String {
        let v = self.input[self.start..self.pos].to_string();
        self.start = self.pos;
        v
    }

    fn rest(&self) -> &str {
        &self.input[self.pos..]
    }

    /// `parseText`: text up to the next `{`, then an action.
    fn parse_text(&mut self) -> Result<(), String> {
        loop {
            if self.rest().starts_with('{') {
                if self.pos > self.start {
                    let t = self.consume();
                    self.root.push(Node::Text(t));
                }
                // parseLeftDelim
                self.pos += 1;
                self.consume();
                let mut cur = vec![];
                let r = self.parse_inside(&mut cur);
                self.root.push(Node::List(cur));
                return r.and_then(|again| if again { self.parse_text() } else { Ok(()) });
            }
            if self.next() == EOF {
                break;
            }
        }
        if self.pos > self.start {
            let t = self.consume();
            self.root.push(Node::Text(t));
        }
        Ok(())
    }

    /// `parseInsideAction`, iteratively; Ok(true) when the action closed and text follows.
    fn parse_inside(&mut self, cur: &mut Vec<Node>) -> Result<bool, String> {
        loop {
            if self.rest().starts_with('}') {
                self.pos += 1;
                self.consume();
                return Ok(true);
            }
            if self.rest().starts_with("[?(") {
                self.parse_filter(cur)?;
                continue;
            }
            if self.rest().starts_with("..") {
                if matches!(cur.last(), Some(Node::Recursive)) {
                    return Err("invalid multiple recursive descent".into());
                }
                self.pos += 2;
                self.consume();
                cur.push(Node::Recursive);
                if is_alphanumeric(self.peek()) {
                    self.parse_field(cur);
                }
                continue;
            }
            let r = self.next();
            match r {
                EOF | '\r' | '\n' => return Err("unclosed action".into()),
                ' ' | '@' | '$' => {
                    self.consume();
                }
                '[' => self.parse_array(cur)?,
                '"' | '\'' => self.parse_quote(cur, r)?,
                '.' => self.parse_field(cur),
                '+' | '-' => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                c if c.is_numeric() => {
                    self.backup();
                    self.parse_number(cur)?;
                }
                c if is_alphanumeric(c) => {
                    self.backup();
                    loop {
                        if is_terminator(self.next()) {
                            self.backup();
                            break;
                        }
                    }
                    let v = self.consume();
                    match v.as_str() {
                        "true" => cur.push(Node::Bool(true)),
                        "false" => cur.push(Node::Bool(false)),
                        _ => cur.push(Node::Identifier(v)),
                    }
                }
                c => return Err(format!("unrecognized character in action: {}", go_u(c))),
            }
        }
    }

    fn parse_number(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        let r = self.peek();
        if r == '+' || r == '-' {
            self.next();
        }
        loop {
            let r = self.next();
            if r != '.' && !(r != EOF && r.is_ascii_digit()) {
                self.backup();
                break;
            }
        }
        let v = self.consume();
        if let Ok(i) = v.parse::<i64>() {
            cur.push(Node::Int(i));
            return Ok(());
        }
        if let Ok(f) = v.parse::<f64>() {
            cur.push(Node::Float(f));
            return Ok(());
        }
        Err(format!("cannot parse number {}", v))
    }

    fn parse_field(&mut self, cur: &mut Vec<Node>) {
        self.consume();
        loop {
            let r = self.next();
            if r == '\\' {
                self.next();
            } else if is_terminator(r) {
                self.backup();
                break;
            }
        }
        let v = self.consume();
        if v == "*" {
            cur.push(Node::Wildcard);
        } else {
            cur.push(Node::Field(v.replace('\\', "")));
        }
    }

    fn parse_quote(&mut self, cur: &mut Vec<Node>, end: char) -> Result<(), String> {
        loop {
            match self.next() {
                EOF | '\n' => return Err("unterminated quoted string".into()),
                c if c == end && self.input.as_bytes()[self.pos - 2] != b'\\' => break,
                _ => {}
            }
        }
        let v = self.consume();
        let s = unquote_extend(&v).map_err(|e| format!("unquote string {} error {}", v, e))?;
        cur.push(Node::Text(s));
        Ok(())
    }

    fn parse_array(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        loop {
            match self.next() {
                EOF | '\n' => return Err("unterminated array".into()),
                ']' => break,
                _ => {}
            }
        }
        let text = self.consume();
        let mut text = text[1..text.len() - 1].to_string();
        if text == "*" {
            text = ":".into();
        }
        let parts: Vec<&str> = text.split(',').collect();
        if parts.len() > 1 {
            let mut union = vec![];
            for p in parts {
                union.push(parse_action(&format!("[{}]", p.trim_matches(' ')))?);
            }
            cur.push(Node::Union(union));
            return Ok(());
        }
        // ['key']
        if text.len() >= 2
            && text.starts_with('\'')
            && text.ends_with('\'')
            && !text[1..text.len() - 1].contains('\'')
        {
            let nodes = parse_action(&format!(".{}", &text[1..text.len() - 1]))?;
            cur.extend(nodes);
            return Ok(());
        }
        // ^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$
        let groups = slice_groups(&text).ok_or_else(|| format!("invalid array index {}", text))?;
        let mut params = [Param::default(); 3];
        for i in 0..3 {
            match &groups[i] {
                Some(g) if !g.is_empty() => {
                    let v = if i > 0 { &g[1..] } else { g.as_str() };
                    if i > 0 && v.is_empty() {
                        params[i].known = false;
                    } else {
                        params[i].known = true;
                        params[i].value = v
                            .parse::<i64>()
                            .map_err(|_| format!("array index {} is not a number", v))?;
                    }
                }
                _ => {
                    if i == 1 {
                        params[i].known = true;
                        params[i].value = params[0].value + 1;
                        params[i].derived = true;
                    }
                }
            }
        }
        cur.push(Node::Array(params));
        Ok(())
    }

    fn parse_filter(&mut self, cur: &mut Vec<Node>) -> Result<(), String> {
        self.pos += 3;
        self.consume();
        let (mut begin, mut end) = (false, false);
        let mut pair = '\0';
        loop {
            let r = self.next();
            match r {
                EOF | '\n' => return Err("unterminated filter".into()),
                '"' | '\'' => {
                    if !begin {
                        begin = true;
                        pair = r;
                        continue;
                    }
                    if self.input.as_bytes()[self.pos - 2] != b'\\' && r == pair {
                        end = true;
                    }
                }
                ')' if begin == end => break,
                _ => {}
            }
        }
        if self.next() != ']' {
            return Err("unclosed array expect ]".into());
        }
        let text = self.consume();
        let text = &text[..text.len() - 2];
        // ^([^!<>=]+)([!<>=]+)(.+?)$
        let split = text
            .find(['!', '<', '>', '='])
            .filter(|&i| i > 0)
            .and_then(|i| {
                let op_len = text[i..]
                    .find(|c: char| !"!<>=".contains(c))
                    .unwrap_or(text.len() - i);
                let rest = &text[i + op_len..];
                (!rest.is_empty()).then(|| (&text[..i], &text[i..i + op_len], rest))
            });
        match split {
            None => cur.push(Node::Filter {
                left: parse_action(text)?,
                right: vec![],
                op: "exists".into(),
            }),
            Some((l, op, r)) => cur.push(Node::Filter {
                left: parse_action(l)?,
                right: parse_action(r)?,
                op: op.to_string(),
            }),
        }
        Ok(())
    }
}

/// Go's `%#U` of a rune: `U+0025 '%'`.
fn go_u(c: char) -> String {
    format!("U+{:04X} '{}'", c as u32, c)
}

/// The groups of `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`.
fn slice_groups(text: &str) -> Option<[Option<String>; 3]> {
    let b = text.as_bytes();
    let mut i = 0;
    let take_num = |i: &mut usize| {
        let s = *i;
        if *i < b.len() && b[*i] == b'-' {
            *i += 1;
        }
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        text[s..*i].to_string()
    };
    let g0 = take_num(&mut i);
    let mut rest = [None, None];
    for slot in rest.iter_mut() {
        if i < b.len() && b[i] == b':' {
            let s = i;
            i += 1;
            take_num(&mut i);
            *slot = Some(text[s..i].to_string());
        }
    }
    (i == b.len()).then(|| [Some(g0), rest[0].clone(), rest[1].clone()])
}

/// `parseAction`: `{text}` parsed, its one action's nodes.
fn parse_action(text: &str) -> Result<Vec<Node>, String> {
    let t = parse(&format!("{{{}}}", text))?;
    match t.root.into_iter().next() {
        Some(Node::List(n)) => Ok(n),
        _ => Ok(vec![]),
    }
}

/// `UnquoteExtend`: a Go string literal in double or single quotes.
fn unquote_extend(s: &str) -> Result<String, String> {
    let bad = || "invalid syntax".to_string();
    if s.len() < 2 {
        return Err(bad());
    }
    let q = s.as_bytes()[0];
    if q != s.as_bytes()[s.len() - 1] || (q != b'"' && q != b'\'') {
        return Err(bad());
    }
    let body = &s[1..s.len() - 1];
    let mut out = String::new();
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if c == q as char {
            return Err(bad());
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = it.next().ok_or_else(bad)?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' | '\'' if e as u32 == q as u32 => out.push(e),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = (0..n).filter_map(|_| it.next()).collect();
                let v = u32::from_str_radix(&hex, 16).map_err(|_| bad())?;
                out.push(char::from_u32(v).ok_or_else(bad)?);
            }
            _ => return Err(bad()),
        }
    }
    Ok(out)
}

/// Parse a template (`jsonpath.Parse`).
pub fn parse(text: &str) -> Result<Template, String> {
    let mut p = Parser::new(text);
    p.parse_text()?;
    Ok(Template { root: p.root })
}

/// `kubectl explain`'s `jsonPathParse` (`k8s.io/kubectl/pkg/explain/explain.go`): the nodes
/// of `{.INPUT}` (a trailing `.` dropped), each `Some(name)` when it is a field node.
pub fn explain_nodes(input: &str) -> Result<Vec<Option<String>>, String> {
    let t = parse(&format!(
        "{{.{}}}",
        input.strip_suffix('.').unwrap_or(input)
    ))?;
    match t.root.as_slice() {
        [Node::List(nodes)] => Ok(nodes
            .iter()
            .map(|n| match n {
                Node::Field(f) => Some(f.clone()),
                _ => None,
            })
            .collect()),
        _ => Err("must pass in 1 jsonpath string".into()),
    }
}

/// The evaluator's range bookkeeping (`JSONPath`'s beginRange/inRange/endRange).
#[derive(Default)]
struct Run {
    begin: usize,
    in_range: usize,
    end: usize,
    /// Index (in the top-level node list) of the `end` that closed the last range.
    last_end: Option<usize>,
}

impl Template {
    /// `Execute` with missing keys allowed (kubectl's setting): the text it prints. With
    /// `as_json` (`-o jsonpath-as-json`), each action's results as one indented JSON array.
    pub fn execute(&self, data: &Value, as_json: bool) -> Result<String, String> {
        let mut run = Run::default();
        let results = find_results(&mut run, &self.root, 0, Some(data))?;
        let mut out = String::new();
        for r in results {
            if as_json {
                out.push_str(&go_json_indent(&Value::Array(r)));
                out.push('\n');
            } else {
                print_results(&r, &mut out)?;
            }
        }
        Ok(out)
    }
}

impl Template {
    /// `FindResults`: each top-level action's results (kubectl wait looks at these).
    pub fn find(&self, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        let mut run = Run::default();
        find_results(&mut run, &self.root, 0, Some(data))
    }
}

/// `fmt.Sprintf("%v", v)` of one result, as kubectl wait compares it.
pub fn go_v_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => go_v(other),
    }
}

/// `RelaxedJSONPathExpression` (`k8s.io/kubectl/pkg/cmd/get/customcolumn.go`): `a.b`,
/// `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}`.
pub fn relaxed(expr: &str) -> Result<String, String> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    // ^\{\.?([^{}]+)\}$|^\.?([^{}]+)$
    let inner = expr
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(expr);
    // `\.?` is optional: a lone "." is the field spec itself.
    let inner = inner
        .strip_prefix('.')
        .filter(|s| !s.is_empty())
        .unwrap_or(inner);
    let braced = expr.starts_with('{') && expr.ends_with('}') && expr.len() >= 2;
    let ok =
        !inner.is_empty() && !inner.contains(['{', '}']) && (braced || !expr.contains(['{', '}']));
    if !ok {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{}}}", inner))
}

/// Go's `json.MarshalIndent(v, "", "    ")`.
fn go_json_indent(v: &Value) -> String {
    use serde::Serialize;
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if v.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Go's `%#v` of an unstructured value, as kubectl's jsonpath error shows the object:
/// `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}` (keys sorted).
pub fn go_sharp_v(v: &Value) -> String {
    match v {
        Value::Null => "interface {}(nil)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(_) => go_v(v),
        Value::String(s) => go_quote(s),
        Value::Array(a) => format!(
            "[]interface {{}}{{{}}}",
            a.iter().map(go_sharp_v).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(m) => format!(
            "map[string]interface {{}}{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}:{}", go_quote(k), go_sharp_v(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Go's `%q` / `strconv.Quote`.
fn go_quote(s: &str) -> String {
    crate::apiserver::validation::go_quote(s)
}

/// `FindResults` over `nodes[from..]` (range bodies recurse with the rest of the list).
fn find_results(
    run: &mut Run,
    nodes: &[Node],
    from: usize,
    data: Option<&Value>,
) -> Result<Vec<Vec<Value>>, String> {
    let cur: Vec<Value> = vec![data.cloned().unwrap_or(Value::Null)];
    let mut full = vec![];
    let mut i = from;
    while i < nodes.len() {
        let results = walk(run, &cur, &nodes[i])?;
        if run.end > 0 && run.end <= run.in_range {
            run.end -= 1;
            run.last_end = Some(i);
            break;
        }
        if run.begin > 0 {
            run.begin -= 1;
            run.in_range += 1;
            if !results.is_empty() {
                for v in &results {
                    full.extend(find_results(run, nodes, i + 1, Some(v))?);
                }
            } else {
                find_results(run, nodes, i + 1, None)?;
            }
            run.in_range -= 1;
            if let Some(k) = run.last_end.filter(|k| *k > i) {
                i = k;
            }
            i += 1;
            continue;
        }
        full.push(results);
        i += 1;
    }
    Ok(full)
}

fn walk(run: &mut Run, input: &[Value], node: &Node) -> Result<Vec<Value>, String> {
    Ok(match node {
        Node::List(nodes) => {
            let mut cur = input.to_vec();
            for n in nodes {
                cur = walk(run, &cur, n)?;
            }
            cur
        }
        Node::Text(t) => vec![Value::String(t.clone())],
        Node::Field(name) => {
            let mut out = vec![];
            for v in input {
                if let Value::Object(m) = v
                    && let Some(x) = m.get(name)
                {
                    out.push(x.clone());
                }
            }
            out
        }
        Node::Int(n) => input.iter().map(|_| Value::from(*n)).collect(),
        Node::Float(f) => input.iter().map(|_| Value::from(*f)).collect(),
        Node::Bool(b) => input.iter().map(|_| Value::Bool(*b)).collect(),
        Node::Identifier(name) => match name.as_str() {
            "range" => {
                run.begin += 1;
                input.to_vec()
            }
            "end" => {
                if run.in_range > 0 {
                    run.end += 1;
                    vec![]
                } else {
                    return Err("not in range, nothing to end".into());
                }
            }
            other => return Err(format!("unrecognized identifier {}", other)),
        },
        Node::Array(params) => {
            let mut out = vec![];
            for v in input {
                if v.is_null() {
                    continue;
                }
                let Value::Array(a) = v else {
                    return Err(format!("{} is not array or slice", go_type(v)));
                };
                let len = a.len() as i64;
                let mut p = *params;
                if !p[0].known {
                    p[0].value = 0;
                }
                if p[0].value < 0 {
                    p[0].value += len;
                }
                if !p[1].known {
                    p[1].value = len;
                }
                if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
                    p[1].value += len;
                }
                if p[1].value == p[0].value {
                    return Ok(out);
                }
                if p[0].value >= len || p[0].value < 0 {
                    return Err(format!(
                        "array index out of bounds: index {}, length {}",
                        p[0].value, len
                    ));
                }
                if p[1].value > len || p[1].value < 0 {
                    return Err(format!(
                        "array index out of bounds: index {}, length {}",
                        p[1].value - 1,
                        len
                    ));
                }
                if p[0].value > p[1].value {
                    return Err(format!(
                        "starting index {} is greater than ending index {}",
                        p[0].value, p[1].value
                    ));
                }
                let step = if p[2].known {
                    if p[2].value <= 0 {
                        return Err("step must be > 0".into());
                    }
                    p[2].value as usize
                } else {
                    1
                };
                let slice = &a[p[0].value as usize..p[1].value as usize];
                out.extend(slice.iter().step_by(step).cloned());
            }
            out
        }
        Node::Union(lists) => {
            let mut out = vec![];
            for l in lists {
                out.extend(walk(run, input, &Node::List(l.clone()))?);
            }
            out
        }
        Node::Wildcard => {
            let mut out = vec![];
            for v in input {
                out.extend(children(v));
            }
            out
        }
        Node::Recursive => recursive(input),
        Node::Filter { left, right, op } => {
            let mut out = vec![];
            for v in input {
                let Value::Array(items) = v else {
                    return Err(format!(
                        "{} is not array or slice and cannot be filtered",
                        go_v(v)
                    ));
                };
                for item in items {
                    let one = [item.clone()];
                    let lefts = walk(run, &one, &Node::List(left.clone()));
                    if op == "exists" {
                        if lefts.as_ref().is_ok_and(|l| !l.is_empty()) {
                            out.push(item.clone());
                        }
                        continue;
                    }
                    let lefts = lefts?;
                    match lefts.len() {
                        0 => continue,
                        1 => {}
                        _ => return Err("can only compare one element at a time".into()),
                    }
                    let rights = walk(run, &one, &Node::List(right.clone()))?;
                    match rights.len() {
                        0 => continue,
                        1 => {}
                        _ => return Err("can only compare one element at a time".into()),
                    }
                    if compare(&lefts[0], &rights[0], op)? {
                        out.push(item.clone());
                    }
                }
            }
            out
        }
    })
}

/// What `*` visits: an object's values (keys sorted), an array's items, a string's bytes.
fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Object(m) => m.values().cloned().collect(),
        Value::Array(a) => a.clone(),
        Value::String(s) => s.bytes().map(|b| Value::from(b as i64)).collect(),
        _ => vec![],
    }
}

/// `evalRecursive`: every value with children, then (depth first) its descendants.
fn recursive(input: &[Value]) -> Vec<Value> {
    let mut out = vec![];
    for v in input {
        if v.is_null() {
            continue;
        }
        let kids = children(v);
        if !kids.is_empty() {
            out.push(v.clone());
            out.extend(recursive(&kids));
        }
    }
    out
}

/// A value's class for the template comparison functions.
#[derive(PartialEq)]
enum Class<'a> {
    Int(i64),
    Float(f64),
    Str(&'a str),
    Bool(bool),
    Other,
}

fn class(v: &Value) -> Class<'_> {
    match v {
        Value::Number(n) if n.is_i64() => Class::Int(n.as_i64().unwrap_or(0)),
        Value::Number(n) if n.is_u64() => Class::Int(n.as_u64().unwrap_or(0) as i64),
        Value::Number(n) => Class::Float(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => Class::Str(s),
        Value::Bool(b) => Class::Bool(*b),
        _ => Class::Other,
    }
}

/// The forked text/template `eq`/`ne`/`lt`/`le`/`gt`/`ge` on two values.
fn compare(a: &Value, b: &Value, op: &str) -> Result<bool, String> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (class(a), class(b)) {
        (Class::Int(x), Class::Int(y)) => Some(x.cmp(&y)),
        (Class::Float(x), Class::Float(y)) => x.partial_cmp(&y),
        (Class::Str(x), Class::Str(y)) => Some(x.cmp(y)),
        (Class::Bool(x), Class::Bool(y)) => {
            return match op {
                "==" => Ok(x == y),
                "!=" => Ok(x != y),
                _ => Err("invalid type for comparison".into()),
            };
        }
        (Class::Other, _) | (_, Class::Other) => {
            return Err("invalid type for comparison".into());
        }
        _ => return Err("incompatible types for comparison".into()),
    };
    let Some(o) = ord else {
        return Ok(op == "!=");
    };
    Ok(match op {
        "<" => o == Ordering::Less,
        ">" => o == Ordering::Greater,
        "==" => o == Ordering::Equal,
        "!=" => o != Ordering::Equal,
        "<=" => o != Ordering::Greater,
        ">=" => o != Ordering::Less,
        other => return Err(format!("unrecognized filter operator {}", other)),
    })
}

/// `PrintResults`: objects and arrays as compact JSON, scalars as `fmt.Fprint` prints
/// them (null as `null`), separated by a space.
fn print_results(results: &[Value], out: &mut String) -> Result<(), String> {
    for (i, r) in results.iter().enumerate() {
        match r {
            Value::Object(_) | Value::Array(_) => out.push_str(&go_json(r)),
            Value::String(s) => out.push_str(s),
            Value::Null => out.push_str("null"),
            other => out.push_str(&go_v(other)),
        }
        if i + 1 != results.len() {
            out.push(' ');
        }
    }
    Ok(())
}

/// Go's `json.Marshal`: compact, `<`, `>` and `&` escaped as `\u003c` …
pub(crate) fn go_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Go's `%v` of an unstructured value (`map[a:1 b:x]`, `[1 2]`, `<nil>`).
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match class(v) {
            Class::Int(i) => i.to_string(),
            _ => go_float(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{}:{}", k, go_v(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits, in
/// exponent form when the exponent is below -4 or at least 6 (`1e+06`, `1.5e-05`, `8.95`).
fn go_float(f: f64) -> String {
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let e = format!("{:e}", f);
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        return format!(
            "{}e{}{:02}",
            mant,
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
    }
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let s = if exp >= 0 {
        let point = exp as usize + 1;
        if digits.len() <= point {
            format!("{}{}", digits, "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    } else {
        format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
    };
    if neg { format!("-{}", s) } else { s }
}

/// The Go type of an unstructured value, as `%v` of `reflect.Type` prints it.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "map[string]interface {}",
        Value::Array(_) => "[]interface {}",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Number(_) if matches!(class(v), Class::Int(_)) => "int64",
        Value::Number(_) => "float64",
        Value::Null => "<nil>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(tmpl: &str, data: &Value) -> Result<String, String> {
        parse(tmpl)?.execute(data, false)
    }

    /// Cases of client-go `util/jsonpath/jsonpath_test.go` (TestStructInput's store data,
    /// as unstructured JSON) with kubectl's missing-keys setting.
    #[test]
    fn upstream_store_cases() {
        let store = json!({
            "book": [
                {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
                {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
                {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "price": 8.99}
            ],
            "bicycle": [{"Color": "red", "Price": 19.95, "IsNew": true}, {"Color": "green", "Price": 20.01, "IsNew": false}],
            "Labels": {"engieer": 10, "web/html": 15, "k8s-app": 20},
            "Employees": {"jason": "manager", "dan": "clerk"}
        });
        let cases: &[(&str, &str)] = &[
            ("hello jsonpath", "hello jsonpath"),
            ("{.book[0].title}", "Sayings of the Century"),
            ("{.book[0:2].author}", "Nigel Rees Evelyn Waugh"),
            (
                "{.book[*].author}",
                "Nigel Rees Evelyn Waugh Herman Melville",
            ),
            ("{.book[-1].title}", "Moby Dick"),
            ("{.book[1:].title}", "Sword of Honour Moby Dick"),
            ("{.book[0:3:2].title}", "Sayings of the Century Moby Dick"),
            (
                "{.book[?(@.price<10.0)].title}",
                "Sayings of the Century Moby Dick",
            ),
            ("{...price}", "8.95 12.99 8.99"),
            (
                "{.book[?(@.category==\"fiction\")].author}",
                "Evelyn Waugh Herman Melville",
            ),
            ("{.bicycle[?(@.IsNew==true)].Color}", "red"),
            ("{.bicycle[?(@.IsNew)].Color}", "red green"),
            ("{.Labels.web/html}", "15"),
            ("{.Labels.k8s-app}", "20"),
            ("{.Employees.jason}", "manager"),
            ("{.book[0].price}", "8.95"),
            ("{.book[0,2].title}", "Sayings of the Century Moby Dick"),
            (
                "{range .book[*]}[{.title}]{end}",
                "[Sayings of the Century][Sword of Honour][Moby Dick]",
            ),
            ("{range .bicycle[*]}{.Color}{\"\\n\"}{end}", "red\ngreen\n"),
            ("{.nothing}", ""),
            ("{.book[0].nothing}", ""),
            ("{$.Employees.dan}", "clerk"),
            ("{['Employees']['dan']}", "clerk"),
            (
                "{.bicycle[0]}",
                "{\"Color\":\"red\",\"IsNew\":true,\"Price\":19.95}",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(run(t, &store).as_deref(), Ok(*want), "{}", t);
        }
    }

    /// Errors, with upstream's texts (parser_test.go, jsonpath_test.go failure cases).
    #[test]
    fn upstream_error_cases() {
        let d = json!({"a": [1, 2], "b": "x"});
        for (t, want) in [
            ("{.a", "unclosed action"),
            ("{.a[}", "unterminated array"),
            ("{.a[1:x]}", "invalid array index 1:x"),
            ("{%}", "unrecognized character in action: U+0025 '%'"),
            ("{.a....b}", "invalid multiple recursive descent"),
            ("{.a[?(@.x==1}", "unterminated filter"),
            ("{'abc}", "unterminated quoted string"),
        ] {
            assert_eq!(run(t, &d).unwrap_err(), want, "{}", t);
        }
        for (t, want) in [
            ("{.a[5]}", "array index out of bounds: index 5, length 2"),
            ("{.b[0]}", "string is not array or slice"),
            ("{end}", "not in range, nothing to end"),
            ("{.a[0:1:0]}", "step must be > 0"),
            ("{foo}", "unrecognized identifier foo"),
            // An int and a float do not compare (the forked text/template's lt).
            ("{.a[?(@<1.5)]}", "incompatible types for comparison"),
        ] {
            assert_eq!(run(t, &d).unwrap_err(), want, "{}", t);
        }
    }

    #[test]
    fn floats_print_as_go_prints_them() {
        for (f, want) in [
            (8.95, "8.95"),
            (100.0, "100"),
            (1e6, "1e+06"),
            (1234567.0, "1.234567e+06"),
            (123456.0, "123456"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(go_float(f), want);
        }
    }

    /// What learners run: names, conditions, nested ranges.
    #[test]
    fn kubectl_style_templates() {
        let list = json!({"apiVersion": "v1", "kind": "List", "items": [
            {"metadata": {"name": "a", "labels": {"app": "web"}}, "status": {"conditions": [{"type": "Ready", "status": "True"}], "podIP": "10.0.0.1"}},
            {"metadata": {"name": "b"}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}
        ], "metadata": {"resourceVersion": ""}});
        let cases: &[(&str, &str)] = &[
            ("{.items[*].metadata.name}", "a b"),
            (
                "{range .items[*]}{.metadata.name}{\"\\t\"}{.status.podIP}{\"\\n\"}{end}",
                "a\t10.0.0.1\nb\t\n",
            ),
            (
                "{.items[?(@.status.conditions[0].status==\"True\")].metadata.name}",
                "a",
            ),
            ("{.items[0].metadata.labels}", "{\"app\":\"web\"}"),
            (
                "{.items[*].status.conditions[?(@.type==\"Ready\")].status}",
                "True False",
            ),
            ("{..name}", "a b"),
            (
                "{range .items[*]}{range .status.conditions[*]}{.type}={.status} {end}{end}",
                "Ready=True Ready=False ",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(run(t, &list).as_deref(), Ok(*want), "{}", t);
        }
    }
}

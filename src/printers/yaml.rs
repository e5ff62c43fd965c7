//! `kubectl -o yaml` / `-o json` output.
//!
//! YAML: kubectl marshals the (unstructured) object to JSON and converts it with
//! `sigs.k8s.io/yaml.JSONToYAML`, which re-encodes through go-yaml v2. So the output has
//! go-yaml v2's conventions, reproduced here:
//! - mapping keys sorted with go-yaml's `keyList.Less` (a "natural" order: runs of digits
//!   compare numerically, letters sort after non-letters);
//! - 2-space indentation; block sequences inside a mapping are not indented (`- ` at the
//!   key's column); empty maps/lists print as `{}` / `[]`;
//! - strings that would resolve to another type (`"true"`, `"1.5"`, `""`, timestamps…) are
//!   double-quoted; strings that cannot be plain (leading `-`/`*`/`'`…, `: `, ` #`…) are
//!   single-quoted; strings with line breaks use literal style `|`/`|-`/`|+`;
//!   non-printable characters force double quotes with escapes;
//! - long plain/quoted scalars are folded at spaces once the line passes column 80
//!   (`best_width`), continuation lines indented one level deeper.
//!
//! JSON: `json.MarshalIndent(obj, "", "    ")` over an unstructured map: keys sorted
//! bytewise, HTML-unsafe `<`, `>`, `&` and U+2028/U+2029 escaped as `\u003c` etc.

use crate::sort::StableSort;
use std::cmp::Ordering;

use serde_json::{Map, Value};

/// Render a value as `kubectl -o yaml` does (ends with a newline).
pub fn to_yaml(value: &Value) -> String {
    let mut e = Emitter::new();
    e.emit_node(value, Ctx::Root);
    // Document end: write_indent at indent 0 puts the final line break.
    if e.column > 0 {
        e.put_break();
    }
    e.out
}

/// Render a value as `kubectl -o json` does (4-space indent, ends with a newline).
pub fn to_json(value: &Value) -> String {
    let mut out = String::new();
    json_value(value, 0, &mut out);
    out.push('\n');
    out
}

/// The `List` wrapper kubectl prints for several objects in `-o yaml|json`:
/// `{apiVersion: v1, items: [...], kind: List, metadata: {resourceVersion: ""}}`.
pub fn list_value(items: Vec<Value>) -> Value {
    let mut meta = Map::new();
    meta.insert("resourceVersion".into(), Value::String(String::new()));
    let mut m = Map::new();
    m.insert("apiVersion".into(), Value::String("v1".into()));
    m.insert("items".into(), Value::Array(items));
    m.insert("kind".into(), Value::String("List".into()));
    m.insert("metadata".into(), Value::Object(meta));
    Value::Object(m)
}

// ---------------------------------------------------------------------------------------
// JSON

fn json_value(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&json_number(n)),
        Value::String(s) => json_string(s, out),
        Value::Array(a) => {
            if a.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('\n');
                push_indent(out, indent + 1);
                json_value(x, indent + 1, out);
            }
            out.push('\n');
            push_indent(out, indent);
            out.push(']');
        }
        Value::Object(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            let mut keys: Vec<&String> = m.keys().collect();
            keys.stable_sort();
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push('\n');
                push_indent(out, indent + 1);
                json_string(k, out);
                out.push_str(": ");
                json_value(&m[*k], indent + 1, out);
            }
            out.push('\n');
            push_indent(out, indent);
            out.push('}');
        }
    }
}

fn push_indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("    ");
    }
}

fn json_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    go_json_float(f)
}

/// encoding/json float formatting: `'f'` for 1e-6 <= |f| < 1e21, else `'e'` with a
/// two-digit minimum exponent.
fn go_json_float(f: f64) -> String {
    if f == f.trunc() && f.abs() < 1e21 {
        return format!("{}", f as i128);
    }
    let a = f.abs();
    if (1e-6..1e21).contains(&a) {
        format!("{}", f)
    } else {
        let s = format!("{:e}", f);
        go_exponent(&s)
    }
}

/// Rust `1.5e-7` → Go `1.5e-07`.
fn go_exponent(s: &str) -> String {
    match s.split_once('e') {
        Some((m, e)) => {
            let (sign, digits) = match e.strip_prefix('-') {
                Some(d) => ("-", d),
                None => ("+", e),
            };
            let digits = if digits.len() < 2 {
                format!("0{}", digits)
            } else {
                digits.to_string()
            };
            format!("{}e{}{}", m, sign, digits)
        }
        None => s.to_string(),
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------
// YAML key order (go-yaml v2 sorter.go keyList.Less, for string keys).

/// go-yaml v2's ordering of mapping keys.
pub fn yaml_key_cmp(a: &str, b: &str) -> Ordering {
    if yaml_key_less(a, b) {
        Ordering::Less
    } else if yaml_key_less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

fn yaml_key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

// ---------------------------------------------------------------------------------------
// YAML emitter (a transcription of the parts of go-yaml v2 emitterc.go that JSONToYAML
// output exercises: block mappings/sequences, empty flow collections, scalars).

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    /// Value of a block mapping entry.
    MapValue,
    /// Item of a block sequence.
    SeqItem,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

const BEST_WIDTH: usize = 80;
const BEST_INDENT: i64 = 2;

struct Emitter {
    out: String,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    whitespace: bool,
    indention: bool,
}

struct Analysis {
    multiline: bool,
    flow_plain: bool,
    block_plain: bool,
    single_quoted: bool,
    block: bool,
}

impl Emitter {
    fn new() -> Emitter {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_str(&mut self, s: &str) {
        for c in s.chars() {
            self.put(c);
        }
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        self.put_str(ind);
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn emit_node(&mut self, v: &Value, ctx: Ctx) {
        match v {
            Value::Object(m) if !m.is_empty() => self.emit_block_mapping(m, ctx),
            Value::Array(a) if !a.is_empty() => self.emit_block_sequence(a, ctx),
            Value::Object(_) => self.emit_empty_flow("{", "}"),
            Value::Array(_) => self.emit_empty_flow("[", "]"),
            Value::Null => self.emit_scalar("null", false, false),
            Value::Bool(b) => self.emit_scalar(if *b { "true" } else { "false" }, false, false),
            Value::Number(n) => {
                let s = yaml_number(n);
                self.emit_scalar(&s, false, false)
            }
            Value::String(s) => self.emit_scalar(s, true, false),
        }
    }

    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn emit_block_mapping(&mut self, m: &Map<String, Value>, _ctx: Ctx) {
        self.increase_indent(false, false);
        let mut keys: Vec<&String> = m.keys().collect();
        keys.stable_sort_by(|a, b| yaml_key_cmp(a, b));
        for k in keys {
            self.write_indent();
            // Simple key (go-yaml switches to "? " complex keys above 128 characters).
            self.emit_scalar(k, true, true);
            self.write_indicator(":", false, false, false);
            self.emit_node(&m[k], Ctx::MapValue);
        }
        self.pop_indent();
    }

    fn emit_block_sequence(&mut self, a: &[Value], ctx: Ctx) {
        let indentless = ctx == Ctx::MapValue && !self.indention;
        self.increase_indent(false, indentless);
        for item in a {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.emit_node(item, Ctx::SeqItem);
        }
        self.pop_indent();
    }

    /// `is_str`: the value is a YAML string (quote it if it would resolve to another type).
    fn emit_scalar(&mut self, s: &str, is_str: bool, simple_key: bool) {
        let mut style = if is_str {
            if s.contains('\n') {
                Style::Literal
            } else if resolves_to_str(s) {
                Style::Plain
            } else {
                Style::Double
            }
        } else {
            Style::Plain
        };
        let an = analyze(s);
        // yaml_emitter_select_scalar_style (flow_level is always 0 here).
        if style == Style::Plain
            && (!an.block_plain || (s.is_empty() && simple_key) || (simple_key && an.multiline))
        {
            style = Style::Single;
        }
        if style == Style::Single && !an.single_quoted {
            style = Style::Double;
        }
        if style == Style::Literal && (!an.block || simple_key) {
            style = Style::Double;
        }
        let _ = an.flow_plain;
        self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(s, allow_breaks),
            Style::Single => self.write_single(s, allow_breaks),
            Style::Double => self.write_double(s, allow_breaks),
            Style::Literal => self.write_literal(s),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, s: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == ' ' {
                let next_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
            i += 1;
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        let n = chars.len();
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < n - 1
                    && chars[i + 1] != ' '
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
            i += 1;
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double(&mut self, s: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let mut spaces = false;
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{7}' => self.put('a'),
                    '\u{8}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{b}' => self.put('v'),
                    '\u{c}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1b}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{a0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    c => {
                        let v = c as u32;
                        let (p, w) = if v <= 0xff {
                            ('x', 2)
                        } else if v <= 0xffff {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(p);
                        let hex = format!("{:0width$X}", v, width = w);
                        self.put_str(&hex);
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < n - 1 {
                    self.write_indent();
                    if chars[i + 1] == ' ' {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, s: &str) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints.
        let chars: Vec<char> = s.chars().collect();
        if chars.first().is_some_and(|c| *c == ' ' || is_break(*c)) {
            self.put_str(&BEST_INDENT.to_string());
        }
        let chomp = match chars.last() {
            None => Some('-'),
            Some(c) if !is_break(*c) => Some('-'),
            Some(_) if chars.len() == 1 => Some('+'),
            Some(_) if is_break(chars[chars.len() - 2]) => Some('+'),
            Some(_) => None,
        };
        if let Some(c) = chomp {
            self.put(c);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in chars {
            if is_break(c) {
                self.put_break();
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                    breaks = false;
                }
                self.put(c);
                self.indention = false;
            }
        }
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_printable(c: char) -> bool {
    let v = c as u32;
    v == 0x0a
        || (0x20..=0x7e).contains(&v)
        || v == 0x85
        || (0xa0..=0xd7ff).contains(&v)
        || ((0xe000..=0xfffd).contains(&v) && v != 0xfeff)
        || (0x10000..=0x10ffff).contains(&v)
}

/// `yaml_emitter_analyze_scalar` (structure kept close to the C/Go original).
#[allow(clippy::collapsible_match, clippy::collapsible_if)]
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis {
            multiline: false,
            flow_plain: false,
            block_plain: true,
            single_quoted: true,
            block: false,
        };
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut block_ind = false;
    let mut flow_ind = false;
    let mut line_breaks = false;
    let mut special = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut prev_space = false;
    let mut prev_break = false;
    if s.starts_with("---") || s.starts_with("...") {
        block_ind = true;
        flow_ind = true;
    }
    let mut preceded_by_ws = true;
    for i in 0..n {
        let c = chars[i];
        let followed_by_ws =
            i + 1 >= n || matches!(chars[i + 1], ' ' | '\t') || is_break(chars[i + 1]);
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => {
                    flow_ind = true;
                    block_ind = true;
                }
                '?' | ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '-' => {
                    if followed_by_ws {
                        flow_ind = true;
                        block_ind = true;
                    }
                }
                _ => {}
            }
        } else {
            match c {
                ',' | '?' | '[' | ']' | '{' | '}' => flow_ind = true,
                ':' => {
                    flow_ind = true;
                    if followed_by_ws {
                        block_ind = true;
                    }
                }
                '#' => {
                    if preceded_by_ws {
                        flow_ind = true;
                        block_ind = true;
                    }
                }
                _ => {}
            }
        }
        if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if prev_break {
                break_space = true;
            }
            prev_space = true;
            prev_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if prev_space {
                space_break = true;
            }
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = matches!(c, ' ' | '\t' | '\0') || is_break(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        flow_plain: true,
        block_plain: true,
        single_quoted: true,
        block: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.flow_plain = false;
        a.block_plain = false;
        a.single_quoted = false;
    }
    if space_break || special {
        a.flow_plain = false;
        a.block_plain = false;
        a.single_quoted = false;
        a.block = false;
    }
    if line_breaks {
        a.flow_plain = false;
        a.block_plain = false;
    }
    if flow_ind {
        a.flow_plain = false;
    }
    if block_ind {
        a.block_plain = false;
    }
    a
}

#[allow(clippy::collapsible_if, clippy::collapsible_match)]
/// go-yaml v2 `resolve("", s)` yields `!!str` (so a plain scalar reads back as the same
/// string); also rejects base-60 floats like `1:20`.
fn resolves_to_str(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false; // "" resolves to null
    };
    const MAP: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf",
        "-.Inf", "-.INF", "<<",
    ];
    let hinted = first.is_ascii_digit()
        || matches!(
            first,
            '+' | '-' | '.' | 'y' | 'Y' | 'n' | 'N' | 't' | 'T' | 'f' | 'F' | 'o' | 'O' | '~'
        )
        || first == '<';
    if !hinted {
        return true;
    }
    if MAP.contains(&s) {
        return false;
    }
    match first {
        '.' => {
            if s.parse::<f64>().is_ok() && go_parse_float_ok(s) {
                return false;
            }
        }
        c if c.is_ascii_digit() || c == '+' || c == '-' => {
            if is_timestamp(s) {
                return false;
            }
            let plain = s.replace('_', "");
            if go_parse_int(&plain) {
                return false;
            }
            if is_yaml_style_float(&plain) {
                return false;
            }
            if let Some(r) = plain
                .strip_prefix("0b")
                .or_else(|| plain.strip_prefix("-0b"))
            {
                if !r.is_empty() && r.chars().all(|c| c == '0' || c == '1') {
                    return false;
                }
            }
        }
        _ => {}
    }
    !is_base60_float(s)
}

fn go_parse_float_ok(s: &str) -> bool {
    // Go's ParseFloat accepts ".5", "1e5", "inf"/"nan" words (only reachable via the map).
    let t = s.trim_start_matches(['+', '-']);
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-' | '_'))
}

/// `strconv.ParseInt(s, 0, 64)` / `ParseUint` acceptance (base prefixes 0x, 0o, 0b, 0).
fn go_parse_int(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    if t.is_empty() {
        return false;
    }
    let (digits, radix) = if let Some(r) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (r, 16)
    } else if let Some(r) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (r, 8)
    } else if let Some(r) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (r, 2)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    !digits.is_empty() && u128::from_str_radix(digits, radix).is_ok_and(|v| v <= u64::MAX as u128)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let start = i;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let d = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == d {
            return false;
        }
    } else {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let d = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == d {
            return false;
        }
    }
    i == b.len()
}

/// go-yaml v2 `parseTimestamp`: formats `2006-1-2T15:4:5.999999999Z07:00` (also with `t`),
/// `2006-1-2 15:4:5.999999999` and `2006-1-2`.
fn is_timestamp(s: &str) -> bool {
    fn num(b: &[u8], i: &mut usize, min: usize, max: usize) -> Option<u32> {
        let st = *i;
        while *i < b.len() && *i - st < max && b[*i].is_ascii_digit() {
            *i += 1;
        }
        if *i - st < min {
            return None;
        }
        std::str::from_utf8(&b[st..*i]).ok()?.parse().ok()
    }
    fn lit(b: &[u8], i: &mut usize, c: u8) -> bool {
        if *i < b.len() && b[*i] == c {
            *i += 1;
            true
        } else {
            false
        }
    }
    let b = s.as_bytes();
    let mut i = 0;
    let Some(year) = num(b, &mut i, 4, 4) else {
        return false;
    };
    if !lit(b, &mut i, b'-') {
        return false;
    }
    let (Some(month), true) = (num(b, &mut i, 1, 2), lit(b, &mut i, b'-')) else {
        return false;
    };
    let Some(day) = num(b, &mut i, 1, 2) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let mdays = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day < 1 || day > mdays[month as usize - 1] {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let sep = b[i];
    if sep != b'T' && sep != b't' && sep != b' ' {
        return false;
    }
    i += 1;
    let (Some(h), true) = (num(b, &mut i, 1, 2), lit(b, &mut i, b':')) else {
        return false;
    };
    let (Some(m), true) = (num(b, &mut i, 1, 2), lit(b, &mut i, b':')) else {
        return false;
    };
    let Some(sec) = num(b, &mut i, 1, 2) else {
        return false;
    };
    if h > 23 || m > 59 || sec > 59 {
        return false;
    }
    if lit(b, &mut i, b'.') {
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            return false;
        }
    }
    if sep == b' ' {
        return i == b.len();
    }
    if lit(b, &mut i, b'Z') {
        return i == b.len();
    }
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
        let ok = num(b, &mut i, 2, 2).is_some()
            && lit(b, &mut i, b':')
            && num(b, &mut i, 2, 2).is_some();
        return ok && i == b.len();
    }
    false
}

#[allow(clippy::collapsible_if)]
fn is_base60_float(s: &str) -> bool {
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (head, frac) = match t.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (t, None),
    };
    if let Some(f) = frac {
        if !f.bytes().all(|c| c.is_ascii_digit() || c == b'_') {
            return false;
        }
    }
    let mut parts = head.split(':');
    let Some(first) = parts.next() else {
        return false;
    };
    let fb = first.as_bytes();
    if fb.is_empty()
        || !fb[0].is_ascii_digit()
        || !fb.iter().all(|c| c.is_ascii_digit() || *c == b'_')
    {
        return false;
    }
    let mut count = 0;
    for p in parts {
        count += 1;
        let pb = p.as_bytes();
        let ok = match pb.len() {
            1 => pb[0].is_ascii_digit(),
            2 => (b'0'..=b'5').contains(&pb[0]) && pb[1].is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    count > 0
}

/// go-yaml v2 number output after JSON → YAML: ints in decimal, floats with
/// `strconv.FormatFloat(f, 'g', -1, 64)`.
fn yaml_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    // JSON written by Go has no ".0" for integral floats, so they come back as ints.
    if f == f.trunc() && f.abs() < 1e21 {
        return format!("{}", f as i128);
    }
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+.inf".into()
        } else {
            "-.inf".into()
        };
    }
    // 'g' with shortest precision: exponent form when exp < -4 || exp >= 21.
    let e = f.abs().log10().floor() as i32;
    if !(-4..21).contains(&e) {
        go_exponent(&format!("{:e}", f))
    } else {
        format!("{}", f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deployment_prints_like_kubectl_get_o_yaml() {
        let v = json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {
                "annotations": {"deployment.kubernetes.io/revision": "1"},
                "creationTimestamp": "2025-01-01T00:00:00Z",
                "generation": 1,
                "labels": {"app": "web"},
                "name": "web",
                "namespace": "default",
                "resourceVersion": "42",
                "uid": "0b1c2d3e-0000-4000-8000-000000000001"
            },
            "spec": {
                "progressDeadlineSeconds": 600,
                "replicas": 3,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": {"app": "web"}},
                "strategy": {
                    "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                    "type": "RollingUpdate"
                },
                "template": {
                    "metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
                    "spec": {
                        "containers": [{
                            "image": "nginx:1.25",
                            "imagePullPolicy": "IfNotPresent",
                            "name": "nginx",
                            "ports": [{"containerPort": 80, "protocol": "TCP"}],
                            "resources": {},
                            "terminationMessagePath": "/dev/termination-log",
                            "terminationMessagePolicy": "File"
                        }],
                        "dnsPolicy": "ClusterFirst",
                        "restartPolicy": "Always",
                        "schedulerName": "default-scheduler",
                        "securityContext": {},
                        "terminationGracePeriodSeconds": 30
                    }
                }
            },
            "status": {
                "availableReplicas": 3,
                "conditions": [{
                    "lastTransitionTime": "2025-01-01T00:00:10Z",
                    "lastUpdateTime": "2025-01-01T00:00:10Z",
                    "message": "Deployment has minimum availability.",
                    "reason": "MinimumReplicasAvailable",
                    "status": "True",
                    "type": "Available"
                }],
                "observedGeneration": 1,
                "readyReplicas": 3,
                "replicas": 3,
                "updatedReplicas": 3
            }
        });
        let want = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
  creationTimestamp: "2025-01-01T00:00:00Z"
  generation: 1
  labels:
    app: web
  name: web
  namespace: default
  resourceVersion: "42"
  uid: 0b1c2d3e-0000-4000-8000-000000000001
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 25%
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx:1.25
        imagePullPolicy: IfNotPresent
        name: nginx
        ports:
        - containerPort: 80
          protocol: TCP
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 3
  conditions:
  - lastTransitionTime: "2025-01-01T00:00:10Z"
    lastUpdateTime: "2025-01-01T00:00:10Z"
    message: Deployment has minimum availability.
    reason: MinimumReplicasAvailable
    status: "True"
    type: Available
  observedGeneration: 1
  readyReplicas: 3
  replicas: 3
  updatedReplicas: 3
"#;
        assert_eq!(to_yaml(&v), want);
    }

    #[test]
    fn scalars_are_quoted_like_go_yaml_v2() {
        let cases: &[(&str, &str)] = &[
            ("", "k: \"\"\n"),
            ("true", "k: \"true\"\n"),
            ("yes", "k: \"yes\"\n"),
            ("y", "k: \"y\"\n"),
            ("null", "k: \"null\"\n"),
            ("123", "k: \"123\"\n"),
            ("0x1F", "k: \"0x1F\"\n"),
            ("1.5", "k: \"1.5\"\n"),
            ("1e3", "k: \"1e3\"\n"),
            ("25%", "k: 25%\n"),
            ("nginx:1.25", "k: nginx:1.25\n"),
            ("*", "k: '*'\n"),
            ("-x", "k: -x\n"),
            ("- x", "k: '- x'\n"),
            ("a: b", "k: 'a: b'\n"),
            ("a #b", "k: 'a #b'\n"),
            ("it's", "k: it's\n"),
            ("'q'", "k: '''q'''\n"),
            (" lead", "k: ' lead'\n"),
            ("tab\there", "k: \"tab\\there\"\n"),
            ("line1\nline2", "k: |-\n  line1\n  line2\n"),
            ("line1\n", "k: |\n  line1\n"),
            ("10:20", "k: \"10:20\"\n"),
            ("v1.32.0", "k: v1.32.0\n"),
            ("{\"a\":1}", "k: '{\"a\":1}'\n"),
        ];
        for (s, want) in cases {
            let v = json!({ "k": s });
            assert_eq!(to_yaml(&v), *want, "for {:?}", s);
        }
    }

    #[test]
    fn long_plain_scalars_fold_after_column_eighty() {
        let msg = "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available.";
        let v = json!({"status": {"conditions": [{"message": msg, "type": "PodScheduled"}]}});
        let out = to_yaml(&v);
        assert_eq!(
            out,
            "status:\n  conditions:\n  - message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:\n      }, 2 Insufficient cpu. preemption: 0/3 nodes are available.'\n    type: PodScheduled\n"
        );
    }

    #[test]
    fn keys_sort_in_go_yaml_natural_order() {
        let mut keys = vec!["b", "a10", "a9", "A", "_x", "a", "a-b", "ab"];
        keys.stable_sort_by(|a, b| yaml_key_cmp(a, b));
        assert_eq!(keys, vec!["_x", "A", "a", "a-b", "a9", "a10", "ab", "b"]);
    }

    #[test]
    fn nested_lists_and_empty_collections_render_compactly() {
        let v = json!({"a": [[1, 2], {}, []], "b": {}, "c": []});
        assert_eq!(to_yaml(&v), "a:\n- - 1\n  - 2\n- {}\n- []\nb: {}\nc: []\n");
    }

    #[test]
    fn json_output_sorts_keys_and_escapes_html() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "m": {"x": "<none> & more"}, "e": {}, "l": []});
        assert_eq!(
            to_json(&v),
            "{\n    \"apiVersion\": \"v1\",\n    \"e\": {},\n    \"kind\": \"Pod\",\n    \"l\": [],\n    \"m\": {\n        \"x\": \"\\u003cnone\\u003e \\u0026 more\"\n    }\n}\n"
        );
    }

    #[test]
    fn list_wrapper_has_empty_resource_version() {
        let v = list_value(vec![]);
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"
        );
    }
}

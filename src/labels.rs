//! Label selectors: the `kubectl -l` string syntax, `metav1.LabelSelector`, matching and the
//! canonical string form kubectl prints in SELECTOR columns.
//!
//! Mirrors `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (lexer, parser,
//! `Requirement.String`, `internalSelector.Add` sorting by key) and
//! `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go` (`LabelSelectorAsSelector`,
//! `FormatLabelSelector`). Error texts are the apimachinery ones, including the
//! `field.Error` rendering (`<path>: Invalid value: "<v>": <detail>`).

use crate::sort::StableSort;
use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;

/// A selector operator (`k8s.io/apimachinery/pkg/selection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Equals,
    /// `==`
    DoubleEquals,
    /// `!=`
    NotEquals,
    /// `in (…)`
    In,
    /// `notin (…)`
    NotIn,
    /// bare key
    Exists,
    /// `!key`
    DoesNotExist,
    /// `>` (`gt`)
    GreaterThan,
    /// `<` (`lt`)
    LessThan,
}

/// One term of a selector: a key, an operator and its values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    op: Op,
    values: Vec<String>,
}

impl Requirement {
    /// Build a requirement, validating key and values exactly like `labels.NewRequirement`
    /// (the error is the aggregated `field.ErrorList` text).
    pub fn new(key: &str, op: Op, values: Vec<String>) -> Result<Requirement, String> {
        let mut errs: Vec<String> = Vec::new();
        let key_errs = qualified_name_errors(key);
        if !key_errs.is_empty() {
            errs.push(field_invalid("key", key, &key_errs.join("; ")));
        }
        match op {
            Op::In | Op::NotIn => {
                if values.is_empty() {
                    errs.push(field_invalid_list(
                        "values",
                        &values,
                        "for 'in', 'notin' operators, values set can't be empty",
                    ));
                }
            }
            Op::Equals | Op::DoubleEquals | Op::NotEquals => {
                if values.len() != 1 {
                    errs.push(field_invalid_list(
                        "values",
                        &values,
                        "exact-match compatibility requires one single value",
                    ));
                }
            }
            Op::Exists | Op::DoesNotExist => {
                if !values.is_empty() {
                    errs.push(field_invalid_list(
                        "values",
                        &values,
                        "values set must be empty for exists and does not exist",
                    ));
                }
            }
            Op::GreaterThan | Op::LessThan => {
                if values.len() != 1 {
                    errs.push(field_invalid_list(
                        "values",
                        &values,
                        "for 'Gt', 'Lt' operators, exactly one value is required",
                    ));
                }
                for (i, v) in values.iter().enumerate() {
                    if v.parse::<i64>().is_err() {
                        errs.push(field_invalid(
                            &format!("values[{}]", i),
                            v,
                            "for 'Gt', 'Lt' operators, the value must be an integer",
                        ));
                    }
                }
            }
        }
        for (i, v) in values.iter().enumerate() {
            let v_errs = label_value_errors(v);
            if !v_errs.is_empty() {
                errs.push(field_invalid(
                    &format!("values[{}][{}]", i, key),
                    v,
                    &v_errs.join("; "),
                ));
            }
        }
        if !errs.is_empty() {
            return Err(aggregate(&errs));
        }
        Ok(Requirement {
            key: key.to_string(),
            op,
            values,
        })
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn op(&self) -> Op {
        self.op
    }

    /// Values as given (unsorted).
    pub fn values(&self) -> &[String] {
        &self.values
    }

    fn has_value(&self, v: &str) -> bool {
        self.values.iter().any(|x| x == v)
    }

    /// `Requirement.Matches`.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self.op {
            Op::In | Op::Equals | Op::DoubleEquals => {
                labels.get(&self.key).is_some_and(|v| self.has_value(v))
            }
            Op::NotIn | Op::NotEquals => labels.get(&self.key).is_none_or(|v| !self.has_value(v)),
            Op::Exists => labels.contains_key(&self.key),
            Op::DoesNotExist => !labels.contains_key(&self.key),
            Op::GreaterThan | Op::LessThan => {
                let Some(v) = labels.get(&self.key) else {
                    return false;
                };
                let Ok(lv) = v.parse::<i64>() else {
                    return false;
                };
                if self.values.len() != 1 {
                    return false;
                }
                let Ok(rv) = self.values[0].parse::<i64>() else {
                    return false;
                };
                (self.op == Op::GreaterThan && lv > rv) || (self.op == Op::LessThan && lv < rv)
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// `Requirement.String()`: values of multi-valued requirements are shown sorted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.op == Op::DoesNotExist {
            f.write_str("!")?;
        }
        f.write_str(&self.key)?;
        let op = match self.op {
            Op::Equals => "=",
            Op::DoubleEquals => "==",
            Op::NotEquals => "!=",
            Op::In => " in ",
            Op::NotIn => " notin ",
            Op::GreaterThan => ">",
            Op::LessThan => "<",
            Op::Exists | Op::DoesNotExist => return Ok(()),
        };
        f.write_str(op)?;
        let paren = matches!(self.op, Op::In | Op::NotIn);
        if paren {
            f.write_str("(")?;
        }
        if self.values.len() == 1 {
            f.write_str(&self.values[0])?;
        } else {
            let mut vals = self.values.clone();
            vals.stable_sort();
            f.write_str(&vals.join(","))?;
        }
        if paren {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// A label selector: either "nothing" (matches no object; what a nil `metav1.LabelSelector`
/// converts to) or a conjunction of requirements (empty = everything).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    nothing: bool,
    reqs: Vec<Requirement>,
}

impl Selector {
    /// `labels.Everything()`: matches every label set.
    pub fn everything() -> Selector {
        Selector {
            nothing: false,
            reqs: Vec::new(),
        }
    }

    /// `labels.Nothing()`: matches no label set.
    pub fn nothing() -> Selector {
        Selector {
            nothing: true,
            reqs: Vec::new(),
        }
    }

    /// Parse the `kubectl -l` / `labelSelector=` syntax (`labels.Parse`). Requirements are
    /// sorted by key (stably) as upstream does.
    pub fn parse(s: &str) -> Result<Selector, String> {
        let mut p = Parser::new(s);
        let mut reqs = p.parse()?;
        reqs.stable_sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Selector {
            nothing: false,
            reqs,
        })
    }

    /// `metav1.LabelSelectorAsSelector` for a present selector: empty → everything.
    pub fn from_label_selector(ls: &LabelSelector) -> Result<Selector, String> {
        let ml = ls.match_labels.as_ref();
        let me = ls.match_expressions.as_ref();
        if ml.map_or(0, |m| m.len()) + me.map_or(0, |m| m.len()) == 0 {
            return Ok(Selector::everything());
        }
        let mut reqs = Vec::new();
        for (k, v) in ml.into_iter().flatten() {
            reqs.push(Requirement::new(k, Op::Equals, vec![v.clone()])?);
        }
        for expr in me.into_iter().flatten() {
            let op = match expr.operator.as_str() {
                "In" => Op::In,
                "NotIn" => Op::NotIn,
                "Exists" => Op::Exists,
                "DoesNotExist" => Op::DoesNotExist,
                other => {
                    return Err(format!(
                        "{} is not a valid label selector operator",
                        go_quote(other)
                    ));
                }
            };
            reqs.push(Requirement::new(
                &expr.key,
                op,
                expr.values.clone().unwrap_or_default(),
            )?);
        }
        reqs.stable_sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Selector {
            nothing: false,
            reqs,
        })
    }

    /// `LabelSelectorAsSelector` on an optional selector: `None` → [`Selector::nothing`].
    pub fn from_opt_label_selector(ls: Option<&LabelSelector>) -> Result<Selector, String> {
        match ls {
            None => Ok(Selector::nothing()),
            Some(ls) => Selector::from_label_selector(ls),
        }
    }

    /// `labels.SelectorFromSet`: equality on every pair (empty set → everything). No
    /// validation.
    pub fn from_set(set: &BTreeMap<String, String>) -> Selector {
        Selector {
            nothing: false,
            reqs: set
                .iter()
                .map(|(k, v)| Requirement {
                    key: k.clone(),
                    op: Op::Equals,
                    values: vec![v.clone()],
                })
                .collect(),
        }
    }

    /// Does this selector select an object with these labels?
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        !self.nothing && self.reqs.iter().all(|r| r.matches(labels))
    }

    /// [`Selector::matches`] for an object's optional label map.
    pub fn matches_opt(&self, labels: Option<&BTreeMap<String, String>>) -> bool {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.matches(labels.unwrap_or(&EMPTY))
    }

    /// `Selector.Empty()`: true when it does not restrict (everything). `nothing()` is not
    /// empty.
    pub fn is_empty(&self) -> bool {
        !self.nothing && self.reqs.is_empty()
    }

    /// True for [`Selector::nothing`].
    pub fn is_nothing(&self) -> bool {
        self.nothing
    }

    pub fn requirements(&self) -> &[Requirement] {
        &self.reqs
    }

    /// `RequiresExactMatch`: the single value a key must have, if the selector pins it.
    pub fn requires_exact_match(&self, key: &str) -> Option<&str> {
        let r = self.reqs.iter().find(|r| r.key == key)?;
        match r.op {
            Op::Equals | Op::DoubleEquals | Op::In if r.values.len() == 1 => Some(&r.values[0]),
            _ => None,
        }
    }
}

impl fmt::Display for Selector {
    /// Canonical form, e.g. `app=web,tier in (a,b)`; both everything and nothing print "".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.reqs.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{}", r)?;
        }
        Ok(())
    }
}

/// `metav1.FormatLabelSelector`: the selector string, `<none>` when it is empty and
/// `<error>` when it does not convert (nil selector prints `<none>` as well).
pub fn format_label_selector(ls: Option<&LabelSelector>) -> String {
    match Selector::from_opt_label_selector(ls) {
        Err(_) => "<error>".to_string(),
        Ok(s) => {
            let out = s.to_string();
            if out.is_empty() {
                "<none>".to_string()
            } else {
                out
            }
        }
    }
}

/// `labels.FormatLabels`: `a=b,c=d` in key order, `<none>` when empty.
pub fn format_labels(labels: &BTreeMap<String, String>) -> String {
    if labels.is_empty() {
        return "<none>".to_string();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{}={}", k, v))
        .collect::<Vec<_>>()
        .join(",")
}

/// [`format_labels`] for an optional map.
pub fn format_labels_opt(labels: Option<&BTreeMap<String, String>>) -> String {
    match labels {
        Some(l) => format_labels(l),
        None => "<none>".to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Validation messages (`apimachinery/pkg/util/validation/validation.go`).

/// `validation.IsQualifiedName` (one implementation, in `apiserver::validation`).
pub fn qualified_name_errors(value: &str) -> Vec<String> {
    crate::apiserver::validation::is_qualified_name(value)
}

/// `validation.IsValidLabelValue` (one implementation, in `apiserver::validation`).
pub fn label_value_errors(value: &str) -> Vec<String> {
    crate::apiserver::validation::is_valid_label_value(value)
}

/// Go `strconv.Quote` (one implementation, in `apiserver::validation`).
pub use crate::apiserver::validation::go_quote;

/// `field.Invalid(path, value, detail).Error()` for a string value.
fn field_invalid(path: &str, value: &str, detail: &str) -> String {
    format!("{}: Invalid value: {}: {}", path, go_quote(value), detail)
}

/// `field.Invalid` with a `[]string` bad value (`%#v` rendering).
fn field_invalid_list(path: &str, values: &[String], detail: &str) -> String {
    let inner: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!(
        "{}: Invalid value: []string{{{}}}: {}",
        path,
        inner.join(", "),
        detail
    )
}

/// `utilerrors.NewAggregate(errs).Error()`.
fn aggregate(errs: &[String]) -> String {
    if errs.len() == 1 {
        errs[0].clone()
    } else {
        format!("[{}]", errs.join(", "))
    }
}

// ---------------------------------------------------------------------------------------
// Lexer and parser (`labels.Lexer`, `labels.Parser`).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Error,
    End,
    ClosedPar,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenPar,
}

fn string_to_token(s: &str) -> Option<Tok> {
    Some(match s {
        ")" => Tok::ClosedPar,
        "," => Tok::Comma,
        "!" => Tok::DoesNotExist,
        "==" => Tok::DoubleEquals,
        "=" => Tok::Equals,
        ">" => Tok::GreaterThan,
        "in" => Tok::In,
        "<" => Tok::LessThan,
        "!=" => Tok::NotEquals,
        "notin" => Tok::NotIn,
        "(" => Tok::OpenPar,
        _ => return None,
    })
}

fn is_whitespace(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r' || b == b'\n'
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

struct Lexer<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn read(&mut self) -> u8 {
        if self.pos < self.s.len() {
            let b = self.s[self.pos];
            self.pos += 1;
            b
        } else {
            // Go's read() returns 0 without advancing at the end.
            0
        }
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    fn scan_id_or_keyword(&mut self) -> (Tok, String) {
        let mut buf = Vec::new();
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special(ch) || is_whitespace(ch) {
                self.unread();
                break;
            }
            buf.push(ch);
        }
        let s = String::from_utf8_lossy(&buf).into_owned();
        match string_to_token(&s) {
            Some(t) => (t, s),
            None => (Tok::Identifier, s),
        }
    }

    fn scan_special(&mut self) -> (Tok, String) {
        let mut last: Option<(Tok, String)> = None;
        let mut buf = Vec::new();
        loop {
            let ch = self.read();
            if ch == 0 {
                break;
            }
            if is_special(ch) {
                buf.push(ch);
                let s = String::from_utf8_lossy(&buf).into_owned();
                if let Some(t) = string_to_token(&s) {
                    last = Some((t, s));
                } else if last.is_some() {
                    self.unread();
                    break;
                }
            } else {
                self.unread();
                break;
            }
        }
        match last {
            Some(t) => t,
            None => (
                Tok::Error,
                format!(
                    "error expected: keyword found '{}'",
                    String::from_utf8_lossy(&buf)
                ),
            ),
        }
    }

    fn lex(&mut self) -> (Tok, String) {
        let mut ch = self.read();
        while is_whitespace(ch) {
            ch = self.read();
        }
        if ch == 0 {
            return (Tok::End, String::new());
        }
        self.unread();
        if is_special(ch) {
            self.scan_special()
        } else {
            self.scan_id_or_keyword()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    KeyAndOperator,
    Values,
}

struct Parser {
    items: Vec<(Tok, String)>,
    pos: usize,
}

const BINARY_OPERATORS: &str = "in, notin, =, ==, !=, gt, lt";

impl Parser {
    fn new(s: &str) -> Parser {
        let mut lx = Lexer {
            s: s.as_bytes(),
            pos: 0,
        };
        let mut items = Vec::new();
        loop {
            let (t, l) = lx.lex();
            items.push((t, l));
            if t == Tok::End {
                break;
            }
            // Guard against a lexer that makes no progress (cannot happen, but never loop).
            if items.len() > s.len() + 2 {
                items.push((Tok::End, String::new()));
                break;
            }
        }
        Parser { items, pos: 0 }
    }

    fn item(&self, i: usize, ctx: Ctx) -> (Tok, String) {
        let (mut t, l) = self
            .items
            .get(i)
            .cloned()
            .unwrap_or((Tok::End, String::new()));
        if ctx == Ctx::Values && matches!(t, Tok::In | Tok::NotIn) {
            t = Tok::Identifier;
        }
        (t, l)
    }

    fn lookahead(&self, ctx: Ctx) -> (Tok, String) {
        self.item(self.pos, ctx)
    }

    fn consume(&mut self, ctx: Ctx) -> (Tok, String) {
        let r = self.item(self.pos, ctx);
        if self.pos < self.items.len() {
            self.pos += 1;
        }
        r
    }

    fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut reqs = Vec::new();
        loop {
            let (tok, lit) = self.lookahead(Ctx::Values);
            match tok {
                Tok::Identifier | Tok::DoesNotExist => {
                    let r = self
                        .parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {}", e))?;
                    reqs.push(r);
                    let (t, l) = self.consume(Ctx::Values);
                    match t {
                        Tok::End => return Ok(reqs),
                        Tok::Comma => {
                            let (t2, l2) = self.lookahead(Ctx::Values);
                            if t2 != Tok::Identifier && t2 != Tok::DoesNotExist {
                                return Err(format!(
                                    "found '{}', expected: identifier after ','",
                                    l2
                                ));
                            }
                        }
                        _ => {
                            return Err(format!("found '{}', expected: ',' or 'end of string'", l));
                        }
                    }
                }
                Tok::End => return Ok(reqs),
                _ => {
                    return Err(format!(
                        "found '{}', expected: !, identifier, or 'end of string'",
                        lit
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, op) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Op::Exists | Op::DoesNotExist)) = op {
            return Requirement::new(&key, op, vec![]);
        }
        let op = self.parse_operator()?;
        let values = match op {
            Op::In | Op::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        Requirement::new(&key, op, values)
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Op>), String> {
        let mut op = None;
        let (mut tok, mut lit) = self.consume(Ctx::Values);
        if tok == Tok::DoesNotExist {
            op = Some(Op::DoesNotExist);
            (tok, lit) = self.consume(Ctx::Values);
        }
        if tok != Tok::Identifier {
            return Err(format!("found '{}', expected: identifier", lit));
        }
        let errs = qualified_name_errors(&lit);
        if !errs.is_empty() {
            // The parser validates with a nil field path, which renders as "<nil>".
            return Err(field_invalid("<nil>", &lit, &errs.join("; ")));
        }
        let (t, _) = self.lookahead(Ctx::Values);
        if (t == Tok::End || t == Tok::Comma) && op != Some(Op::DoesNotExist) {
            op = Some(Op::Exists);
        }
        Ok((lit, op))
    }

    fn parse_operator(&mut self) -> Result<Op, String> {
        let (tok, lit) = self.consume(Ctx::KeyAndOperator);
        Ok(match tok {
            Tok::In => Op::In,
            Tok::Equals => Op::Equals,
            Tok::DoubleEquals => Op::DoubleEquals,
            Tok::GreaterThan => Op::GreaterThan,
            Tok::LessThan => Op::LessThan,
            Tok::NotIn => Op::NotIn,
            Tok::NotEquals => Op::NotEquals,
            _ => {
                return Err(format!("found '{}', expected: {}", lit, BINARY_OPERATORS));
            }
        })
    }

    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.consume(Ctx::Values);
        if tok != Tok::OpenPar {
            return Err(format!("found '{}' expected: '('", lit));
        }
        let (tok, lit) = self.lookahead(Ctx::Values);
        match tok {
            Tok::Identifier | Tok::Comma => {
                let s = self.parse_identifiers_list()?;
                let (t, _) = self.consume(Ctx::Values);
                if t != Tok::ClosedPar {
                    return Err(format!("found '{}', expected: ')'", lit));
                }
                Ok(s)
            }
            Tok::ClosedPar => {
                self.consume(Ctx::Values);
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{}', expected: ',', ')' or identifier", lit)),
        }
    }

    /// Returns the value set sorted and de-duplicated (`sets.String.List()`).
    fn parse_identifiers_list(&mut self) -> Result<Vec<String>, String> {
        let mut s = std::collections::BTreeSet::new();
        loop {
            let (tok, lit) = self.consume(Ctx::Values);
            match tok {
                Tok::Identifier => {
                    s.insert(lit);
                    let (t2, l2) = self.lookahead(Ctx::Values);
                    match t2 {
                        Tok::Comma => continue,
                        Tok::ClosedPar => return Ok(s.into_iter().collect()),
                        _ => return Err(format!("found '{}', expected: ',' or ')'", l2)),
                    }
                }
                Tok::Comma => {
                    if s.is_empty() {
                        s.insert(String::new());
                    }
                    let (t2, _) = self.lookahead(Ctx::Values);
                    if t2 == Tok::ClosedPar {
                        s.insert(String::new());
                        return Ok(s.into_iter().collect());
                    }
                    if t2 == Tok::Comma {
                        s.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{}', expected: ',', or identifier", lit)),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.lookahead(Ctx::Values);
        if tok == Tok::End || tok == Tok::Comma {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.consume(Ctx::Values);
        if tok == Tok::Identifier {
            return Ok(vec![lit]);
        }
        Err(format!("found '{}', expected: identifier", lit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn valid_selectors_parse_and_print_canonically() {
        // From selector_test.go TestSelectorParse (input, canonical String()).
        let table: &[(&str, &str)] = &[
            ("", ""),
            ("x=a,y=b,z=c", "x=a,y=b,z=c"),
            ("x!=a,y=b", "x!=a,y=b"),
            ("x=,z= ", "x=,z="),
            ("x= ,z= ", "x=,z="),
            ("!x", "!x"),
            ("x>1", "x>1"),
            ("x>1,z<5", "x>1,z<5"),
            ("x==a", "x==a"),
            ("z in (b,a),x", "x,z in (a,b)"),
            ("x notin ( a , b )", "x notin (a,b)"),
            ("app = web , tier in (fe)", "app=web,tier in (fe)"),
            ("a in (in), b", "a in (in),b"),
            (
                "x in (foo,,baz),y,z notin ()",
                "x in (,baz,foo),y,z notin ()",
            ),
        ];
        for (input, want) in table {
            let s = Selector::parse(input).unwrap_or_else(|e| panic!("{}: {}", input, e));
            assert_eq!(s.to_string(), *want, "for {:?}", input);
        }
    }

    #[test]
    fn invalid_selectors_fail_with_apimachinery_messages() {
        let table: &[(&str, &str)] = &[
            ("x==a==b", "found '==', expected: ',' or 'end of string'"),
            ("!x=a", "found '=', expected: ',' or 'end of string'"),
            (
                "a b",
                "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt",
            ),
            (
                "x in a",
                "unable to parse requirement: found 'a' expected: '('",
            ),
            (
                ",x",
                "found ',', expected: !, identifier, or 'end of string'",
            ),
            ("x,", "found '', expected: identifier after ','"),
        ];
        for (input, want) in table {
            assert_eq!(
                Selector::parse(input).unwrap_err(),
                *want,
                "for {:?}",
                input
            );
        }
        // '|' is not special: "x=a||y" lexes "a||y" as one identifier → value error.
        let e = Selector::parse("x=a||y").unwrap_err();
        assert!(
            e.starts_with("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string"),
            "{}",
            e
        );
        let e = Selector::parse("x y=a").unwrap_err();
        assert_eq!(
            e,
            "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"
        );
        let e = Selector::parse("-x=a").unwrap_err();
        assert_eq!(
            e,
            "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
    }

    #[test]
    fn selectors_match_label_sets_like_upstream() {
        // From selector_test.go TestEverything/TestSelectorMatches/TestSetMatches.
        let labels = set(&[("x", "y"), ("z", "w"), ("n", "5")]);
        let yes = [
            "",
            "x=y",
            "x==y",
            "x=y,z=w",
            "x!=z",
            "notin!=y",
            "x in (y,a)",
            "w notin (y)",
            "x notin (z)",
            "x",
            "!q",
            "n>4",
            "n<6",
            "x in (y),z in (w)",
        ];
        let no = [
            "x=z",
            "x=y,z=z",
            "x!=y",
            "x in (a,b)",
            "x notin (y)",
            "q",
            "!x",
            "n>5",
            "n<5",
            "x>1",
        ];
        for s in yes {
            assert!(Selector::parse(s).unwrap().matches(&labels), "{}", s);
        }
        for s in no {
            assert!(!Selector::parse(s).unwrap().matches(&labels), "{}", s);
        }
    }

    #[test]
    fn nil_selector_matches_nothing_and_empty_matches_everything() {
        let l = set(&[("a", "b")]);
        assert!(!Selector::nothing().matches(&l));
        assert!(!Selector::nothing().is_empty());
        assert!(Selector::everything().matches(&l));
        assert!(Selector::everything().is_empty());
        assert!(
            Selector::from_opt_label_selector(None)
                .unwrap()
                .is_nothing()
        );
        let empty = LabelSelector::default();
        assert!(Selector::from_label_selector(&empty).unwrap().is_empty());
        assert_eq!(format_label_selector(Some(&empty)), "<none>");
        assert_eq!(format_label_selector(None), "<none>");
    }

    #[test]
    fn label_selector_converts_with_sorted_keys_and_sorted_values() {
        let ls = LabelSelector {
            match_labels: Some(set(&[("tier", "fe"), ("app", "web")])),
            match_expressions: Some(vec![
                LabelSelectorRequirement {
                    key: "env".into(),
                    operator: "In".into(),
                    values: Some(vec!["prod".into(), "dev".into()]),
                },
                LabelSelectorRequirement {
                    key: "canary".into(),
                    operator: "DoesNotExist".into(),
                    values: None,
                },
                LabelSelectorRequirement {
                    key: "zone".into(),
                    operator: "Exists".into(),
                    values: None,
                },
            ]),
        };
        let s = Selector::from_label_selector(&ls).unwrap();
        assert_eq!(
            s.to_string(),
            "app=web,!canary,env in (dev,prod),tier=fe,zone"
        );
        assert!(s.matches(&set(&[
            ("app", "web"),
            ("tier", "fe"),
            ("env", "dev"),
            ("zone", "a")
        ])));
        assert!(!s.matches(&set(&[
            ("app", "web"),
            ("tier", "fe"),
            ("env", "dev"),
            ("zone", "a"),
            ("canary", "1")
        ])));
        let bad = LabelSelector {
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "a".into(),
                operator: "Foo".into(),
                values: None,
            }]),
            ..Default::default()
        };
        assert_eq!(
            Selector::from_label_selector(&bad).unwrap_err(),
            "\"Foo\" is not a valid label selector operator"
        );
        let empty_in = LabelSelector {
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "a".into(),
                operator: "In".into(),
                values: Some(vec![]),
            }]),
            ..Default::default()
        };
        assert_eq!(
            Selector::from_label_selector(&empty_in).unwrap_err(),
            "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"
        );
    }

    #[test]
    fn labels_format_as_sorted_pairs_or_none() {
        assert_eq!(format_labels(&BTreeMap::new()), "<none>");
        assert_eq!(format_labels(&set(&[("b", "2"), ("a", "1")])), "a=1,b=2");
        assert_eq!(format_labels_opt(None), "<none>");
    }

    #[test]
    fn qualified_names_validate_prefix_and_name() {
        assert!(qualified_name_errors("app.kubernetes.io/name").is_empty());
        assert!(qualified_name_errors("a").is_empty());
        assert_eq!(
            qualified_name_errors("/a"),
            vec!["prefix part must be non-empty".to_string()]
        );
        assert_eq!(qualified_name_errors("a/b/c").len(), 1);
        assert_eq!(qualified_name_errors(&"a".repeat(64)).len(), 1);
        assert_eq!(qualified_name_errors("Bad_Prefix/a").len(), 1);
        assert!(label_value_errors("").is_empty());
        assert_eq!(label_value_errors("-a").len(), 1);
    }

    #[test]
    fn exact_match_is_reported_for_pinned_keys() {
        let s = Selector::parse("a=b,c in (d),e in (f,g),h!=i").unwrap();
        assert_eq!(s.requires_exact_match("a"), Some("b"));
        assert_eq!(s.requires_exact_match("c"), Some("d"));
        assert_eq!(s.requires_exact_match("e"), None);
        assert_eq!(s.requires_exact_match("h"), None);
        assert_eq!(s.requires_exact_match("z"), None);
    }
}

//! Field selectors (`?fieldSelector=spec.nodeName=worker-1,status.phase!=Failed`):
//! the syntax of `staging/src/k8s.io/apimachinery/pkg/fields/selector.go` and the fields
//! each registry supports (`pkg/registry/*/strategy.go` GetAttrs and the
//! `AddFieldLabelConversionFunc`s of `pkg/apis/*/v1/conversion.go`).

use crate::object::{Kind, Object};

/// A parsed field selector: every term must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector {
    /// (field, value, `true` for `=`/`==`, `false` for `!=`).
    pub terms: Vec<(String, String, bool)>,
}

/// Fields the API server can select on, per kind.
pub fn supported_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Pod => &[
            "metadata.name",
            "metadata.namespace",
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        Kind::Event => &[
            "metadata.name",
            "metadata.namespace",
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        Kind::Node => &["metadata.name", "spec.unschedulable"],
        Kind::ReplicaSet => &["metadata.name", "metadata.namespace", "status.replicas"],
        _ => &["metadata.name", "metadata.namespace"],
    }
}

impl FieldSelector {
    /// Parse `a=b,c!=d` (`fields.ParseSelector`); `\,` `\=` `\!` and `\\` escape.
    pub fn parse(s: &str) -> Result<FieldSelector, String> {
        let mut terms = vec![];
        for term in split_unescaped(s, ',') {
            if term.is_empty() {
                continue;
            }
            let (k, v, eq) = if let Some(i) = find_unescaped(&term, "!=") {
                (&term[..i], &term[i + 2..], false)
            } else if let Some(i) = find_unescaped(&term, "==") {
                (&term[..i], &term[i + 2..], true)
            } else if let Some(i) = find_unescaped(&term, "=") {
                (&term[..i], &term[i + 1..], true)
            } else {
                return Err(format!(
                    "invalid selector: '{}'; can't understand '{}'",
                    s, term
                ));
            };
            terms.push((unescape(k.trim()), unescape(v.trim()), eq));
        }
        Ok(FieldSelector { terms })
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The value of `metadata.name=X` when the selector pins one name (a single-object watch).
    pub fn name(&self) -> Option<&str> {
        self.terms
            .iter()
            .find(|(k, _, eq)| k == "metadata.name" && *eq)
            .map(|(_, v, _)| v.as_str())
    }

    /// `Err(message)` when a term names a field the kind's registry does not support.
    pub fn check(&self, kind: Kind) -> Result<(), String> {
        let allowed = supported_fields(kind);
        match self
            .terms
            .iter()
            .find(|(k, _, _)| !allowed.contains(&k.as_str()))
        {
            None => Ok(()),
            Some((bad, _, _)) => Err(format!(
                "\"{}\" is not a known field selector: only \"{}\"",
                bad,
                allowed.join("\", \"")
            )),
        }
    }

    pub fn matches(&self, o: &Object) -> bool {
        self.terms
            .iter()
            .all(|(k, v, eq)| (field_value(o, k) == *v) == *eq)
    }
}

impl std::fmt::Display for FieldSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .terms
            .iter()
            .map(|(k, v, eq)| format!("{}{}{}", k, if *eq { "=" } else { "!=" }, v))
            .collect();
        f.write_str(&parts.join(","))
    }
}

fn split_unescaped(s: &str, sep: char) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut esc = false;
    for c in s.chars() {
        if esc {
            cur.push('\\');
            cur.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if c == sep {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    if esc {
        cur.push('\\');
    }
    out.push(cur);
    out
}

fn find_unescaped(s: &str, pat: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if s[i..].starts_with(pat) {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut esc = false;
    for c in s.chars() {
        if esc {
            out.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// The value a field selector compares (`GetAttrs`): strings as-is, booleans and numbers
/// as Go formats them, absent fields as "".
pub fn field_value(o: &Object, field: &str) -> String {
    match (o, field) {
        (_, "metadata.name") => return o.name().to_string(),
        (_, "metadata.namespace") => return o.namespace().to_string(),
        // Booleans the registries format with strconv.FormatBool (false when unset).
        (Object::Node(n), "spec.unschedulable") => {
            return n
                .spec
                .as_ref()
                .and_then(|s| s.unschedulable)
                .unwrap_or(false)
                .to_string();
        }
        (Object::Pod(p), "spec.hostNetwork") => {
            return p
                .spec
                .as_ref()
                .and_then(|s| s.host_network)
                .unwrap_or(false)
                .to_string();
        }
        (Object::Event(e), "source") => {
            return e
                .source
                .as_ref()
                .and_then(|s| s.component.clone())
                .unwrap_or_default();
        }
        _ => {}
    }
    let v = o.to_value();
    let ptr = format!("/{}", field.replace('.', "/"));
    match v.pointer(&ptr) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_terms_and_escapes() {
        let s = FieldSelector::parse("spec.nodeName=worker-1,status.phase!=Failed").unwrap();
        assert_eq!(
            s.terms,
            vec![
                ("spec.nodeName".into(), "worker-1".into(), true),
                ("status.phase".into(), "Failed".into(), false)
            ]
        );
        let s = FieldSelector::parse("metadata.name==a\\,b").unwrap();
        assert_eq!(s.terms, vec![("metadata.name".into(), "a,b".into(), true)]);
        assert_eq!(s.name(), Some("a,b"));
        assert_eq!(
            FieldSelector::parse("foo").unwrap_err(),
            "invalid selector: 'foo'; can't understand 'foo'"
        );
        assert!(FieldSelector::parse("").unwrap().is_empty());
    }

    #[test]
    fn unknown_fields_are_named_with_the_supported_ones() {
        let s = FieldSelector::parse("foo=bar").unwrap();
        assert_eq!(
            s.check(Kind::Deployment).unwrap_err(),
            "\"foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        );
        assert!(
            FieldSelector::parse("spec.nodeName=x")
                .unwrap()
                .check(Kind::Pod)
                .is_ok()
        );
    }
}

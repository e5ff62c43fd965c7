//! YAML syntax highlighting for the editor: splits each line into classed spans.
//! Pure text processing (no DOM), so it is unit-testable.

/// A highlighted piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub class: &'static str,
    pub text: String,
}

fn span(class: &'static str, text: &str) -> Span {
    Span {
        class,
        text: text.to_string(),
    }
}

fn value_class(v: &str) -> &'static str {
    let t = v.trim();
    if t.starts_with('"') || t.starts_with('\'') {
        "y-str"
    } else if t.parse::<f64>().is_ok() {
        "y-num"
    } else if matches!(t, "true" | "false" | "null" | "~") {
        "y-bool"
    } else if t.starts_with('{') || t.starts_with('[') || t.starts_with('|') || t.starts_with('>') {
        "y-punct"
    } else {
        "y-val"
    }
}

/// Highlight one line of YAML.
pub fn highlight_line(line: &str) -> Vec<Span> {
    let mut out = vec![];
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if !indent.is_empty() {
        out.push(span("", indent));
    }
    if trimmed.starts_with('#') {
        out.push(span("y-comment", trimmed));
        return out;
    }
    if trimmed == "---" || trimmed == "..." {
        out.push(span("y-doc", trimmed));
        return out;
    }
    let mut rest = trimmed;
    while let Some(r) = rest.strip_prefix("- ") {
        out.push(span("y-punct", "- "));
        rest = r;
    }
    if rest == "-" {
        out.push(span("y-punct", "-"));
        return out;
    }
    // key: value (a colon followed by space or end, outside quotes)
    let key_end = if rest.starts_with('"') || rest.starts_with('\'') {
        None
    } else {
        rest.char_indices()
            .find(|(i, c)| {
                *c == ':' && (rest[i + 1..].is_empty() || rest[i + 1..].starts_with(' '))
            })
            .map(|(i, _)| i)
    };
    match key_end {
        Some(i) => {
            out.push(span("y-key", &rest[..i]));
            out.push(span("y-punct", ":"));
            let v = &rest[i + 1..];
            if !v.is_empty() {
                let (val, comment) = match v.find(" #") {
                    Some(ci) => (&v[..ci], &v[ci..]),
                    None => (v, ""),
                };
                out.push(span(value_class(val), val));
                if !comment.is_empty() {
                    out.push(span("y-comment", comment));
                }
            }
        }
        None if !rest.is_empty() => out.push(span(value_class(rest), rest)),
        None => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn keys_values_and_comments_get_classes() {
        let s = highlight_line("  replicas: 5 # five");
        assert_eq!(s[1], span("y-key", "replicas"));
        assert_eq!(s[3], span("y-num", " 5"));
        assert_eq!(s[4], span("y-comment", " # five"));
        let s = highlight_line("- name: nginx");
        assert_eq!(s[0], span("y-punct", "- "));
        assert_eq!(s[1], span("y-key", "name"));
        assert_eq!(highlight_line("# hi")[0].class, "y-comment");
        assert_eq!(highlight_line("image: \"a:b\"")[2].class, "y-str");
        let joined: String = highlight_line("  - image: nginx:1.27")
            .iter()
            .map(|s| s.text.clone())
            .collect();
        assert_eq!(joined, "  - image: nginx:1.27");
    }
}

//! A line diff (longest common subsequence) for the step view's before/after YAML.

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Added(String),
    Removed(String),
}

/// Diff `a` against `b` line by line. Inputs are object YAML (hundreds of lines at most).
pub fn diff(a: &str, b: &str) -> Vec<Line> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let (n, m) = (a.len(), b.len());
    // lcs[i][j] = LCS length of a[i..] and b[j..]
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = vec![];
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(Line::Same(a[i].to_string()));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removals first, as unified diffs print them.
            out.push(Line::Removed(a[i].to_string()));
            i += 1;
        } else {
            out.push(Line::Added(b[j].to_string()));
            j += 1;
        }
    }
    out
}

/// Keep only changed lines and `context` unchanged lines around them; `None` marks a gap.
pub fn hunks(lines: &[Line], context: usize) -> Vec<Option<Line>> {
    let changed: Vec<bool> = lines.iter().map(|l| !matches!(l, Line::Same(_))).collect();
    let keep: Vec<bool> = (0..lines.len())
        .map(|i| {
            let lo = i.saturating_sub(context);
            let hi = (i + context + 1).min(lines.len());
            changed[lo..hi].iter().any(|c| *c)
        })
        .collect();
    let mut out = vec![];
    let mut gap = false;
    for (i, l) in lines.iter().enumerate() {
        if keep[i] {
            if gap && !out.is_empty() {
                out.push(None);
            }
            gap = false;
            out.push(Some(l.clone()));
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_changed_line_is_removed_then_added() {
        let d = diff("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 5\nc: 3\n");
        assert_eq!(
            d,
            vec![
                Line::Same("a: 1".into()),
                Line::Removed("b: 2".into()),
                Line::Added("b: 5".into()),
                Line::Same("c: 3".into()),
            ]
        );
    }

    #[wasm_bindgen_test]
    fn hunks_keep_context_and_mark_gaps() {
        let a: String = (0..20).map(|i| format!("k{}: v\n", i)).collect();
        let b = a.replace("k10: v", "k10: w");
        let h = hunks(&diff(&a, &b), 1);
        assert_eq!(h.first(), Some(&Some(Line::Same("k9: v".into()))));
        assert_eq!(h.iter().filter(|l| l.is_some()).count(), 4);
        assert!(h.contains(&Some(Line::Added("k10: w".into()))));
    }
}

//! `-o custom-columns=HEADER:PATH,…` and `-o custom-columns-file=FILE`
//! (`k8s.io/kubectl/pkg/cmd/get/customcolumn.go`): one column per relaxed JSONPath, values
//! joined with `,`, `<none>` when nothing matches, laid out by kubectl's tabwriter.

use serde_json::Value;

use super::jsonpath::{self, Template};

/// A parsed custom-columns printer.
#[derive(Clone, Debug)]
pub struct Columns {
    cols: Vec<(String, Template)>,
}

fn column(header: &str, path: &str) -> Result<(String, Template), String> {
    let spec = jsonpath::relaxed(path)?;
    let t = jsonpath::parse(&spec)?;
    Ok((header.to_string(), t))
}

impl Columns {
    /// `NewCustomColumnsPrinterFromSpec`.
    pub fn from_spec(spec: &str) -> Result<Columns, String> {
        if spec.is_empty() {
            return Err("custom-columns format specified but no custom columns given".into());
        }
        let mut cols = vec![];
        for part in spec.split(',') {
            let Some((h, p)) = part.split_once(':') else {
                return Err(format!(
                    "unexpected custom-columns spec: {}, expected <header>:<json-path-expr>",
                    part
                ));
            };
            cols.push(column(h, p)?);
        }
        Ok(Columns { cols })
    }

    /// `NewCustomColumnsPrinterFromTemplate`: a line of headers, a line of paths.
    pub fn from_template(text: &str) -> Result<Columns, String> {
        let mut lines = text.lines();
        let Some(h) = lines.next() else {
            return Err("invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.".into());
        };
        let Some(s) = lines.next() else {
            return Err("invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.".into());
        };
        let headers: Vec<&str> = h.split_whitespace().collect();
        let specs: Vec<&str> = s.split_whitespace().collect();
        if headers.len() != specs.len() {
            return Err(format!(
                "number of headers ({}) and field specifications ({}) don't match",
                headers.len(),
                specs.len()
            ));
        }
        let cols = headers
            .iter()
            .zip(specs.iter())
            .map(|(h, p)| column(h, p))
            .collect::<Result<_, _>>()?;
        Ok(Columns { cols })
    }

    /// The rows for `v` (an object, or a List whose items each make a row). On an error
    /// the rows before it are still written (kubectl's deferred tabwriter flush): the text
    /// and the error.
    pub fn print(&self, v: &Value, no_headers: bool) -> (String, Option<String>) {
        let mut rows: Vec<Vec<String>> = vec![];
        if !no_headers {
            rows.push(self.cols.iter().map(|(h, _)| h.clone()).collect());
        }
        let items: Vec<&Value> = match v.get("items").and_then(Value::as_array) {
            Some(items)
                if v.get("kind")
                    .and_then(Value::as_str)
                    .is_some_and(|k| k.ends_with("List")) =>
            {
                items.iter().collect()
            }
            _ => vec![v],
        };
        for item in items {
            let mut row = vec![];
            for (_, t) in &self.cols {
                let found = match t.find(item) {
                    Ok(f) => f,
                    Err(m) => return (crate::printers::tabwriter::tabulate(&rows), Some(m)),
                };
                let values: Vec<String> =
                    found.iter().flatten().map(jsonpath::go_v_string).collect();
                row.push(if values.is_empty() {
                    "<none>".to_string()
                } else {
                    values.join(",")
                });
            }
            rows.push(row);
        }
        (crate::printers::tabwriter::tabulate(&rows), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Upstream's customcolumn_test.go cases, as far as they apply to unstructured data.
    #[test]
    fn specs_and_rows() {
        for (spec, err) in [
            (
                "",
                Some("custom-columns format specified but no custom columns given"),
            ),
            (
                "NAME",
                Some("unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"),
            ),
            (
                "N:{{.x}}",
                Some(
                    "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
                ),
            ),
            ("NAME:metadata.name,API_VERSION:apiVersion", None),
            ("NAME:{.metadata.name}", None),
        ] {
            match (Columns::from_spec(spec), err) {
                (Ok(_), None) => {}
                (Err(m), Some(want)) => assert_eq!(m, want, "{spec}"),
                (r, want) => panic!("{spec}: {:?} vs {want:?}", r.err()),
            }
        }
        let c = Columns::from_spec(
            "NAME:.metadata.name,IMG:.spec.containers[*].image,X:.nope,L:.metadata.labels",
        )
        .unwrap();
        let list = json!({"kind": "List", "items": [
            {"metadata": {"name": "a", "labels": {"app": "web", "x": "1"}}, "spec": {"containers": [{"image": "nginx"}, {"image": "redis"}]}},
            {"metadata": {"name": "bb"}, "spec": {"containers": []}}
        ]});
        assert_eq!(
            c.print(&list, false).0,
            "NAME   IMG           X        L\na      nginx,redis   <none>   map[app:web x:1]\nbb     <none>        <none>   <none>\n"
        );
        assert_eq!(
            c.print(&list["items"][1], true).0,
            "bb    <none>   <none>   <none>\n"
        );
        let t = Columns::from_template("NAME   RV\nmetadata.name {.metadata.resourceVersion}\n")
            .unwrap();
        assert_eq!(
            t.print(
                &json!({"metadata": {"name": "a", "resourceVersion": "7"}}),
                false
            )
            .0,
            "NAME   RV\na      7\n"
        );
        // A runtime error still flushes the header (and rows before it).
        let bad = Columns::from_spec("C:.spec.containers[5].image").unwrap();
        let (text, err) = bad.print(&list, false);
        assert_eq!(text, "C\n");
        assert!(err.is_some());
        assert_eq!(
            Columns::from_template("A B\nx\n").unwrap_err(),
            "number of headers (2) and field specifications (1) don't match"
        );
    }
}

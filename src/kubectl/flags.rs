//! kubectl-style flag parsing (pflag rules): `--flag value`, `--flag=value`, `-f value`,
//! `-fvalue`, boolean flags, `--` ends flags; unknown flags are errors.

use std::collections::BTreeMap;

/// Parsed arguments.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub positional: Vec<String>,
    values: BTreeMap<String, Vec<String>>,
}

impl Flags {
    /// Last value of a flag.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// Every value of a repeatable flag.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values
            .get(name)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// A boolean flag's value (`--watch`, `--watch=true`, `--watch=false`).
    pub fn bool(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v != "false")
    }
}

/// Short aliases kubectl defines.
fn long_name(short: char) -> Option<&'static str> {
    Some(match short {
        'f' => "filename",
        'o' => "output",
        'l' => "selector",
        'w' => "watch",
        'n' => "namespace",
        'A' => "all-namespaces",
        'R' => "recursive",
        'c' => "container",
        'p' => "patch",
        _ => return None,
    })
}

/// Parse `args` given the names of flags that take a value and of boolean flags.
pub fn parse(args: &[String], valued: &[&str], boolean: &[&str]) -> Result<Flags, String> {
    let mut f = Flags::default();
    let mut i = 0;
    let mut only_pos = false;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if only_pos || a == "-" || !a.starts_with('-') {
            f.positional.push(a.clone());
            continue;
        }
        if a == "--" {
            only_pos = true;
            continue;
        }
        let (name, inline): (String, Option<String>) = if let Some(rest) = a.strip_prefix("--") {
            match rest.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (rest.to_string(), None),
            }
        } else {
            let mut chars = a[1..].chars();
            let c = chars.next().unwrap_or('-');
            // A shorthand exists only where the command defines its long flag.
            let Some(long) = long_name(c).filter(|l| valued.contains(l) || boolean.contains(l))
            else {
                return Err(format!("unknown shorthand flag: '{}' in {}", c, a));
            };
            let rest: String = chars.collect();
            let rest = rest.strip_prefix('=').map(String::from).unwrap_or(rest);
            (
                long.to_string(),
                if rest.is_empty() { None } else { Some(rest) },
            )
        };
        if valued.contains(&name.as_str()) {
            let v = match inline {
                Some(v) => v,
                None => {
                    let Some(v) = args.get(i) else {
                        return Err(format!("flag needs an argument: --{}", name));
                    };
                    i += 1;
                    v.clone()
                }
            };
            f.values.entry(name).or_default().push(v);
        } else if boolean.contains(&name.as_str()) {
            let v = inline.unwrap_or_else(|| "true".into());
            if v != "true" && v != "false" {
                return Err(format!(
                    "invalid argument {:?} for \"--{}\" flag: strconv.ParseBool: parsing {:?}: invalid syntax",
                    v, name, v
                ));
            }
            f.values.entry(name).or_default().push(v);
        } else {
            return Err(format!("unknown flag: --{}", name));
        }
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn flags_parse_like_pflag() {
        let f = parse(
            &s(&[
                "deploy",
                "-o",
                "wide",
                "--replicas=3",
                "-lapp=web",
                "--watch",
                "x",
            ]),
            &["output", "replicas", "selector"],
            &["watch"],
        )
        .unwrap();
        assert_eq!(f.positional, s(&["deploy", "x"]));
        assert_eq!(f.get("output"), Some("wide"));
        assert_eq!(f.get("replicas"), Some("3"));
        assert_eq!(f.get("selector"), Some("app=web"));
        assert!(f.bool("watch"));
        assert_eq!(
            parse(&s(&["--bogus"]), &[], &[]).unwrap_err(),
            "unknown flag: --bogus"
        );
        assert_eq!(
            parse(&s(&["-o"]), &["output"], &[]).unwrap_err(),
            "flag needs an argument: --output"
        );
    }
}

//! kubectl-style flag parsing (pflag rules): `--flag value`, `--flag=value`, `-f value`,
//! `-fvalue`, boolean flags, `--` ends flags; unknown flags are errors.

use std::collections::BTreeMap;

/// Parsed arguments.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub positional: Vec<String>,
    /// `ArgsLenAtDash`: how many positional arguments came before `--` (None: no `--`).
    pub dash_at: Option<usize>,
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

/// `--dry-run`'s strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DryRun {
    None,
    Client,
    Server,
}

/// `GetDryRunStrategy` (`k8s.io/kubectl/pkg/cmd/util/helpers.go`): `client`, `server`,
/// `none`; the bare flag and Go booleans are deprecated spellings, warned about on stderr
/// as klog does (stamped with the virtual clock).
pub fn dry_run(
    f: &Flags,
    now: crate::time::SimTime,
    out: &mut crate::engine::ExecOutput,
) -> Result<DryRun, String> {
    let Some(v) = f.get("dry-run") else {
        return Ok(DryRun::None);
    };
    let warn = |line: u32, msg: String, out: &mut crate::engine::ExecOutput| {
        let t = now.rfc3339(); // 2025-01-01T00:00:05Z
        let (date, time) = (&t[5..10], &t[11..19]);
        out.err(format!(
            "W{}{} {}.{:06}       1 helpers.go:{}] {}\n",
            &date[..2],
            &date[3..],
            time,
            (now.0.rem_euclid(1000)) * 1000,
            line,
            msg
        ));
    };
    match v {
        "unchanged" => {
            warn(
                702,
                "--dry-run is deprecated and can be replaced with --dry-run=client.".into(),
                out,
            );
            Ok(DryRun::Client)
        }
        "client" => Ok(DryRun::Client),
        "server" => Ok(DryRun::Server),
        "none" => Ok(DryRun::None),
        "1" | "t" | "T" | "TRUE" | "true" | "True" => {
            warn(
                716,
                format!(
                    "--dry-run={} is deprecated (boolean value) and can be replaced with --dry-run=client.",
                    v
                ),
                out,
            );
            Ok(DryRun::Client)
        }
        "0" | "f" | "F" | "FALSE" | "false" | "False" => {
            warn(
                719,
                format!(
                    "--dry-run={} is deprecated (boolean value) and can be replaced with --dry-run=none.",
                    v
                ),
                out,
            );
            Ok(DryRun::None)
        }
        other => Err(format!(
            "error: Invalid dry-run value ({}). Must be \"none\", \"server\", or \"client\".",
            other
        )),
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
        'r' => "replicas",
        'i' => "stdin",
        't' => "tty",
        'q' => "quiet",
        _ => return None,
    })
}

/// The Go type of a valued flag, where pflag checks the value while parsing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagType {
    Int,
    Duration,
    Str,
}

fn flag_type(name: &str) -> FlagType {
    match name {
        "replicas"
        | "current-replicas"
        | "grace-period"
        | "to-revision"
        | "revision"
        | "tail"
        | "chunk-size"
        | "limit-bytes"
        | "skip-wait-for-delete-timeout" => FlagType::Int,
        "timeout" | "request-timeout" | "since" => FlagType::Duration,
        _ => FlagType::Str,
    }
}

/// How pflag names a flag in its errors: `-w, --watch` when it has a shorthand.
fn display_name(name: &str) -> String {
    const SHORTS: &str = "folwnARcpitq"; // -r (create deployment's --replicas) is not shown: scale has no -r
    match SHORTS.chars().find(|c| long_name(*c) == Some(name)) {
        Some(c) => format!("-{}, --{}", c, name),
        None => format!("--{}", name),
    }
}

/// `strconv.ParseInt(s, 0, 64)`'s verdict: Go integer syntax (sign, `0x`/`0o`/`0b`/`0`
/// prefixes, `_` separators with a prefix), or "invalid syntax" / "value out of range".
pub fn go_parse_int(s: &str) -> Result<i64, &'static str> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return Err("invalid syntax");
    }
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string(), true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string(), true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string(), true)
    } else {
        (10, lower.clone(), false)
    };
    // Underscores only between digits (or after a prefix), and only with base 0.
    if digits.contains('_') {
        let ok_underscores = {
            let b = digits.as_bytes();
            let starts_ok = prefixed || b.first() != Some(&b'_');
            starts_ok && b.last() != Some(&b'_') && !digits.contains("__")
        };
        if !ok_underscores {
            return Err("invalid syntax");
        }
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() || !clean.chars().all(|c| c.is_digit(radix)) {
        return Err("invalid syntax");
    }
    let mut v: i128 = 0;
    for c in clean.chars() {
        v = v * radix as i128 + c.to_digit(radix).unwrap_or(0) as i128;
        if v > i64::MAX as i128 + 1 {
            return Err("value out of range");
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).map_err(|_| "value out of range")
}

/// Check a valued flag's value as pflag does for its type.
fn check_value(name: &str, v: &str) -> Result<(), String> {
    let bad = |why: String| {
        Err(format!(
            "invalid argument {:?} for {:?} flag: {}",
            v,
            display_name(name),
            why
        ))
    };
    match flag_type(name) {
        FlagType::Int => match go_parse_int(v) {
            Ok(_) => Ok(()),
            Err(e) => bad(format!("strconv.ParseInt: parsing {:?}: {}", v, e)),
        },
        FlagType::Duration => match crate::time::parse_duration(v.strip_prefix('-').unwrap_or(v)) {
            Ok(_) => Ok(()),
            Err(e) => bad(format!("time: {}", e)),
        },
        FlagType::Str => Ok(()),
    }
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
        if a == "--" && !only_pos {
            f.dash_at = Some(f.positional.len());
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
            check_value(&name, &v)?;
            f.values.entry(name).or_default().push(v);
        } else if name == "dry-run" && boolean.contains(&name.as_str()) {
            // A string flag whose bare form means "unchanged" (NoOptDefVal): see dry_run.
            f.values
                .entry(name)
                .or_default()
                .push(inline.unwrap_or_else(|| "unchanged".into()));
        } else if boolean.contains(&name.as_str()) {
            let v = inline.unwrap_or_else(|| "true".into());
            // strconv.ParseBool.
            let v = match v.as_str() {
                "1" | "t" | "T" | "TRUE" | "true" | "True" => "true".to_string(),
                "0" | "f" | "F" | "FALSE" | "false" | "False" => "false".to_string(),
                _ => {
                    return Err(format!(
                        "invalid argument {:?} for {:?} flag: strconv.ParseBool: parsing {:?}: invalid syntax",
                        v,
                        display_name(&name),
                        v
                    ));
                }
            };
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

    /// `strconv.ParseInt(s, 0, 64)` (`strconv/atoi_test.go` parseInt64BaseTests, base 0).
    #[test]
    fn go_integers() {
        for (s, want) in [
            ("0", Ok(0)),
            ("-0", Ok(0)),
            ("1", Ok(1)),
            ("-1", Ok(-1)),
            ("12345", Ok(12345)),
            ("012345", Ok(0o12345)),
            ("-012345", Ok(-0o12345)),
            ("0x12345", Ok(0x12345)),
            ("-0X12345", Ok(-0x12345)),
            ("12345x", Err("invalid syntax")),
            ("-12345x", Err("invalid syntax")),
            ("98765432100", Ok(98765432100)),
            ("9223372036854775807", Ok(i64::MAX)),
            ("-9223372036854775808", Ok(i64::MIN)),
            ("9223372036854775808", Err("value out of range")),
            ("-9223372036854775809", Err("value out of range")),
            ("0b1010", Ok(10)),
            ("0o17", Ok(15)),
            ("1_000", Ok(1000)),
            ("1__000", Err("invalid syntax")),
            ("_1", Err("invalid syntax")),
            ("0x_1f", Ok(31)),
            ("0b_1_0", Ok(2)),
            ("0x__1", Err("invalid syntax")),
            ("", Err("invalid syntax")),
            ("-", Err("invalid syntax")),
            ("3.5", Err("invalid syntax")),
            ("99999999999999999999", Err("value out of range")),
        ] {
            assert_eq!(go_parse_int(s), want, "{s:?}");
        }
    }

    #[test]
    fn typed_values_are_checked_as_pflag_checks_them() {
        assert_eq!(
            parse(&s(&["--grace-period=abc"]), &["grace-period"], &[]).unwrap_err(),
            "invalid argument \"abc\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            parse(&s(&["--timeout", "5"]), &["timeout"], &[]).unwrap_err(),
            "invalid argument \"5\" for \"--timeout\" flag: time: missing unit in duration \"5\""
        );
        assert_eq!(
            parse(&s(&["--watch=maybe"]), &[], &["watch"]).unwrap_err(),
            "invalid argument \"maybe\" for \"-w, --watch\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
        assert!(
            parse(&s(&["--watch=T"]), &[], &["watch"])
                .unwrap()
                .bool("watch")
        );
        assert!(
            !parse(&s(&["--watch=0"]), &[], &["watch"])
                .unwrap()
                .bool("watch")
        );
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

//! `kubectl create configmap|secret generic|secret docker-registry|secret tls|serviceaccount|
//! quota` (`staging/src/k8s.io/kubectl/pkg/cmd/create/create_configmap.go`,
//! `create_secret.go`, `create_secret_docker.go`, `create_secret_tls.go`,
//! `create_serviceaccount.go`, `create_quota.go` @v0.32.0), with their client-side checks and
//! texts. Files come from the engine's file table (the CLI loads what a command names).

use std::collections::BTreeMap;

use super::generate::{J, common, meta, one_name, parse, save_config, submit};
use crate::apiserver::rest::query::base64_encode;
use crate::apiserver::validation::config::{is_config_map_key, is_env_var_name};
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;

/// `--from-file` values: a StringSlice, so commas split.
fn slice_values<'a>(f: &'a super::flags::Flags, name: &str) -> Vec<&'a str> {
    f.all(name)
        .into_iter()
        .flat_map(|v| v.split(','))
        .filter(|v| !v.is_empty())
        .collect()
}

/// `ParseLiteralSource`: `key=value`, split at the first `=`.
fn parse_literal(src: &str) -> Result<(String, String), String> {
    match src.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!(
            "error: invalid literal source {}, expected key=value",
            src
        )),
    }
}

/// `ParseFileSource`: `[key=]path`.
fn parse_file_source(src: &str) -> Result<(Option<String>, String), String> {
    match src.split_once('=') {
        None => Ok((None, src.to_string())),
        Some((k, p)) if !k.is_empty() && !p.is_empty() && !p.contains('=') => {
            Ok((Some(k.to_string()), p.to_string()))
        }
        Some(_) => Err(format!("error: key names or file paths cannot contain '='")),
    }
}

fn basename(p: &str) -> String {
    p.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(p)
        .to_string()
}

/// The files of a `--from-file` source: one file, or every file directly in a directory
/// (the file table's paths under `path/`).
fn read_source(
    e: &Engine,
    key: Option<String>,
    path: &str,
) -> Result<Vec<(String, String)>, String> {
    if let Some(text) = e.files.get(path) {
        return Ok(vec![(key.unwrap_or_else(|| basename(path)), text.clone())]);
    }
    let dir = format!("{}/", path.trim_end_matches('/'));
    let in_dir: Vec<(String, String)> = e
        .files
        .iter()
        .filter_map(|(p, t)| {
            let rest = p.strip_prefix(&dir)?;
            (!rest.contains('/')).then(|| (rest.to_string(), t.clone()))
        })
        .collect();
    if in_dir.is_empty() {
        return Err(format!(
            "error: error reading {}: no such file or directory",
            path
        ));
    }
    if key.is_some() {
        return Err("error: cannot give a key name for a directory path".into());
    }
    Ok(in_dir)
}

/// `--from-env-file` (`cmdutil.AddFromEnvFile`): `KEY=value` lines; blank lines and `#`
/// comments skipped; keys are environment variable names.
fn env_file_entries(
    e: &Engine,
    path: &str,
    dir_error: &str,
) -> Result<Vec<(String, String)>, String> {
    let Some(text) = e.files.get(path) else {
        let dir = format!("{}/", path.trim_end_matches('/'));
        if e.files.keys().any(|p| p.starts_with(&dir)) {
            return Err(format!("error: {}", dir_error));
        }
        return Err(format!("error: open {}: no such file or directory", path));
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (k, v) = match line.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            // A bare name takes its value from the environment (none here).
            None => (line.to_string(), String::new()),
        };
        let errs = is_env_var_name(&k);
        if !errs.is_empty() {
            return Err(format!(
                "error: {:?} is not a valid key name: {}",
                k,
                errs.join(",")
            ));
        }
        out.push((k, v));
    }
    Ok(out)
}

/// Gather the sources in kubectl's order: files, literals, env files.
fn gather(
    e: &Engine,
    f: &super::flags::Flags,
    add: &mut dyn FnMut(&str, String) -> Result<(), String>,
    env_dir_error: &str,
) -> Result<(), String> {
    for src in slice_values(f, "from-file") {
        let (key, path) = parse_file_source(src)?;
        for (k, v) in read_source(e, key, &path)? {
            add(&k, v)?;
        }
    }
    for src in f.all("from-literal") {
        let (k, v) = parse_literal(src)?;
        add(&k, v)?;
    }
    for path in slice_values(f, "from-env-file") {
        for (k, v) in env_file_entries(e, path, env_dir_error)? {
            add(&k, v)?;
        }
    }
    Ok(())
}

const SOURCE_FLAGS: [&str; 3] = ["from-file", "from-literal", "from-env-file"];

/// The flags and NAME of a command that takes key sources (configmap, secret generic), with
/// its checks: one NAME, env files alone, no `--append-hash` (not implemented).
fn source_command(
    args: &[String],
    extra: &[&'static str],
    cmd: &str,
) -> Result<(super::flags::Flags, String), String> {
    let mut valued = SOURCE_FLAGS.to_vec();
    valued.push("validate");
    valued.extend_from_slice(extra);
    let f = parse(args, &valued, &["append-hash"], cmd)?;
    let name = one_name(&f, cmd)?;
    if f.has("from-env-file") && (f.has("from-file") || f.has("from-literal")) {
        return Err(
            "error: from-env-file cannot be combined with from-file or from-literal".into(),
        );
    }
    if f.bool("append-hash") {
        return Err("error: kubestep does not implement --append-hash yet".into());
    }
    Ok((f, name))
}

/// `kubectl create configmap NAME [--from-file] [--from-literal] [--from-env-file]`.
pub fn create_configmap(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create configmap";
    let (f, name) = match source_command(args, &[], CMD) {
        Ok(x) => x,
        Err(m) => return out.fail(m),
    };
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |k: &str, v: String| -> Result<(), String> {
        // validateNewConfigMap
        let errs = is_config_map_key(k);
        if !errs.is_empty() {
            return Err(format!(
                "error: {:?} is not a valid key name for a ConfigMap: {}",
                k,
                errs.join(",")
            ));
        }
        if data.contains_key(k) {
            return Err(format!(
                "error: cannot add key {:?}, another key by that name already exists in Data for ConfigMap {:?}",
                k, name
            ));
        }
        data.insert(k.to_string(), v);
        Ok(())
    };
    if let Err(m) = gather(e, &f, &mut add, "env config file cannot be a directory") {
        return out.fail(m);
    }
    let pairs: Vec<(String, String)> = data.into_iter().collect();
    let mut obj = J::obj(vec![
        ("kind", J::s("ConfigMap")),
        ("apiVersion", J::s("v1")),
        ("metadata", meta(&name, f.get("namespace"), None, None)),
    ]);
    if !pairs.is_empty() {
        obj.push("data", J::map(&pairs));
    }
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create configmap: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::ConfigMap,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// `kubectl create secret (generic | docker-registry | tls)`.
pub fn create_secret(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    match args.first().map(String::as_str) {
        Some("generic") => secret_generic(e, &args[1..], out),
        Some("docker-registry") => secret_docker(e, &args[1..], out),
        Some("tls") => secret_tls(e, &args[1..], out),
        _ => out.fail(
            "Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]\n\nUse \"kubectl create secret <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).",
        ),
    }
}

/// The Secret a subcommand built, posted with the secret commands' error wording (no colon:
/// `failed to create secret %v`).
#[allow(clippy::too_many_arguments)]
fn post_secret(
    e: &mut Engine,
    out: &mut ExecOutput,
    cmd: &str,
    f: &super::flags::Flags,
    name: &str,
    ty: Option<&str>,
    data: Vec<(String, String)>,
) {
    let (output, dry, query) = match common(e, f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let mut obj = J::obj(vec![
        ("kind", J::s("Secret")),
        ("apiVersion", J::s("v1")),
        ("metadata", meta(name, f.get("namespace"), None, None)),
    ]);
    if !data.is_empty() {
        let enc: Vec<(String, String)> = data
            .into_iter()
            .map(|(k, v)| (k, base64_encode(v.as_bytes())))
            .collect();
        obj.push("data", J::map(&enc));
    }
    if let Some(t) = ty.filter(|t| !t.is_empty()) {
        obj.push("type", J::s(t));
    }
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(f);
    let wrap = |m: &str| format!("failed to create secret {}", m);
    submit(
        e,
        out,
        cmd,
        Kind::Secret,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

fn secret_generic(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create secret generic";
    let (f, name) = match source_command(args, &["type"], CMD) {
        Ok(x) => x,
        Err(m) => return out.fail(m),
    };
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |k: &str, v: String| -> Result<(), String> {
        // addKeyFromLiteralToSecret
        let errs = is_config_map_key(k);
        if !errs.is_empty() {
            return Err(format!(
                "error: {:?} is not valid key name for a Secret {}",
                k,
                errs.join(";")
            ));
        }
        if data.contains_key(k) {
            return Err(format!(
                "error: cannot add key {}, another key by that name already exists",
                k
            ));
        }
        data.insert(k.to_string(), v);
        Ok(())
    };
    if let Err(m) = gather(e, &f, &mut add, "env secret file cannot be a directory") {
        return out.fail(m);
    }
    let ty = f.get("type").map(str::to_string);
    post_secret(
        e,
        out,
        CMD,
        &f,
        &name,
        ty.as_deref(),
        data.into_iter().collect(),
    );
}

fn secret_docker(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create secret docker-registry";
    let f = match parse(
        args,
        &[
            "validate",
            "docker-username",
            "docker-password",
            "docker-email",
            "docker-server",
            "from-file",
        ],
        &["append-hash"],
        CMD,
    ) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    if f.bool("append-hash") {
        return out.fail("error: kubestep does not implement --append-hash yet");
    }
    let files = slice_values(&f, "from-file");
    let user = f.get("docker-username").unwrap_or("");
    let pass = f.get("docker-password").unwrap_or("");
    let server = f
        .get("docker-server")
        .unwrap_or("https://index.docker.io/v1/");
    if files.is_empty() && (user.is_empty() || pass.is_empty() || server.is_empty()) {
        return out.fail("error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required");
    }
    let mut data: BTreeMap<String, String> = BTreeMap::new();
    for src in files {
        let (key, path) = match parse_file_source(src) {
            Ok(x) => x,
            Err(m) => return out.fail(m),
        };
        let key = key.unwrap_or_else(|| ".dockerconfigjson".into());
        match read_source(e, Some(key), &path) {
            Ok(entries) => {
                for (k, v) in entries {
                    data.insert(k, v);
                }
            }
            Err(m) => return out.fail(m),
        }
    }
    if !user.is_empty() {
        // DockerConfigJSON, marshalled in Go field order with omitempty.
        let email = f.get("docker-email").unwrap_or("");
        let mut entry = vec![
            ("username", serde_json::json!(user)),
            ("password", serde_json::json!(pass)),
        ];
        if !email.is_empty() {
            entry.push(("email", serde_json::json!(email)));
        }
        entry.push((
            "auth",
            serde_json::json!(base64_encode(format!("{}:{}", user, pass).as_bytes())),
        ));
        let fields: Vec<String> = entry
            .iter()
            .map(|(k, v)| format!("{:?}:{}", k, v))
            .collect();
        let json = format!(
            "{{\"auths\":{{{}:{{{}}}}}}}",
            serde_json::json!(server),
            fields.join(",")
        );
        data.insert(".dockerconfigjson".into(), json);
    }
    post_secret(
        e,
        out,
        CMD,
        &f,
        &name,
        Some("kubernetes.io/dockerconfigjson"),
        data.into_iter().collect(),
    );
}

fn secret_tls(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create secret tls";
    let f = match parse(args, &["validate", "cert", "key"], &["append-hash"], CMD) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    let (cert, key) = (f.get("cert").unwrap_or(""), f.get("key").unwrap_or(""));
    if cert.is_empty() || key.is_empty() {
        return out.fail("error: key and cert must be specified");
    }
    let read = |p: &str| {
        e.files.get(p).cloned().ok_or_else(|| {
            format!(
                "error: Cannot read file {}, open {}: no such file or directory",
                p, p
            )
        })
    };
    let (c, k) = match (read(cert), read(key)) {
        (Ok(c), Ok(k)) => (c, k),
        (Err(m), _) | (_, Err(m)) => return out.fail(m),
    };
    // tls.X509KeyPair: the PEM blocks must be a certificate and a private key.
    if !c.contains("-----BEGIN CERTIFICATE-----") {
        return out.fail("error: tls: failed to find any PEM data in certificate input");
    }
    if k.contains("-----BEGIN CERTIFICATE-----") && !k.contains("PRIVATE KEY-----") {
        return out.fail(
            "error: tls: found a certificate rather than a key in the PEM for the private key",
        );
    }
    if !k.contains("PRIVATE KEY-----") {
        return out.fail("error: tls: failed to find any PEM data in key input");
    }
    post_secret(
        e,
        out,
        CMD,
        &f,
        &name,
        Some("kubernetes.io/tls"),
        vec![("tls.crt".into(), c), ("tls.key".into(), k)],
    );
}

/// `kubectl create serviceaccount NAME`.
pub fn create_serviceaccount(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create serviceaccount";
    let f = match parse(args, &["validate"], &[], CMD) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let mut obj = J::obj(vec![
        ("kind", J::s("ServiceAccount")),
        ("apiVersion", J::s("v1")),
        ("metadata", meta(&name, f.get("namespace"), None, None)),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create serviceaccount: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::ServiceAccount,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// `kubectl create quota NAME [--hard=key1=value1,key2=value2] [--scopes=Scope1,Scope2]`.
pub fn create_quota(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create quota";
    let f = match parse(args, &["validate", "hard", "scopes"], &[], CMD) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let mut spec = J::obj(vec![]);
    let hard = f.get("hard").unwrap_or("");
    if !hard.is_empty() {
        let mut list: BTreeMap<String, String> = BTreeMap::new();
        for kv in hard.split(',') {
            let Some((k, v)) = kv.split_once('=') else {
                return out.fail(format!(
                    "error: Invalid argument syntax {}, expected <resource>=<value>",
                    kv
                ));
            };
            let Some(q) = crate::quantity::ParsedQuantity::parse(v) else {
                return out.fail("error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
            };
            list.insert(k.to_string(), q.canonical());
        }
        let pairs: Vec<(String, String)> = list.into_iter().collect();
        spec.push("hard", J::map(&pairs));
    }
    let scopes = f.get("scopes").unwrap_or("");
    if !scopes.is_empty() {
        let mut list = Vec::new();
        for s in scopes.split(',') {
            if s.is_empty() {
                return out.fail(format!("error: invalid resource quota scope \"{}\"", s));
            }
            list.push(J::s(s));
        }
        spec.push("scopes", J::A(list));
    }
    let mut obj = J::obj(vec![
        ("kind", J::s("ResourceQuota")),
        ("apiVersion", J::s("v1")),
        ("metadata", meta(&name, f.get("namespace"), None, None)),
        ("spec", spec),
        ("status", J::empty()),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create quota: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::ResourceQuota,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

//! kubectl's object generators: `kubectl run` (`k8s.io/kubectl/pkg/cmd/run/run.go`, the
//! `run-pod/v1` generator in `pkg/generate/versioned/run.go`) and `kubectl create
//! deployment|namespace|service …` (`pkg/cmd/create/create_*.go`), with `--dry-run=
//! client|server|none` and `-o yaml|json|name`.
//!
//! Each builds the object as its Go struct marshals (`creationTimestamp: null`,
//! `resources: {}`, `status: {}` …) in Go's field order ([`J`]), so `-o json` of a client
//! dry run prints what kubectl prints; `-o yaml` sorts the keys anyway.

use serde_json::Value;

use super::client::{self, Call};
use super::flags::{self, DryRun, Flags};
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;
use crate::printers;

/// A JSON value whose object keys keep the order they were built in (a Go struct's field
/// order); maps are built sorted, as Go marshals them.
#[derive(Clone, Debug)]
pub(crate) enum J {
    S(String),
    I(i64),
    B(bool),
    Null,
    O(Vec<(String, J)>),
    A(Vec<J>),
}

impl J {
    pub(crate) fn obj(fields: Vec<(&str, J)>) -> J {
        J::O(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    pub(crate) fn s(v: &str) -> J {
        J::S(v.to_string())
    }

    pub(crate) fn empty() -> J {
        J::O(vec![])
    }

    /// A Go map: keys sorted.
    pub(crate) fn map(pairs: &[(String, String)]) -> J {
        let mut m: std::collections::BTreeMap<&str, &str> = Default::default();
        for (k, v) in pairs {
            m.insert(k, v);
        }
        J::O(
            m.into_iter()
                .map(|(k, v)| (k.to_string(), J::s(v)))
                .collect(),
        )
    }

    pub(crate) fn push(&mut self, k: &str, v: J) {
        if let J::O(f) = self {
            f.push((k.to_string(), v));
        }
    }

    /// From a JSON value (its key order kept).
    pub(crate) fn from_value(v: &Value) -> J {
        match v {
            Value::String(s) => J::S(s.clone()),
            Value::Number(n) => J::I(n.as_i64().unwrap_or(0)),
            Value::Bool(b) => J::B(*b),
            Value::Null => J::Null,
            Value::Object(m) => J::O(
                m.iter()
                    .map(|(k, v)| (k.clone(), J::from_value(v)))
                    .collect(),
            ),
            Value::Array(a) => J::A(a.iter().map(J::from_value).collect()),
        }
    }

    /// As an unordered JSON value (what is sent, and what `-o yaml` sorts).
    pub(crate) fn to_value(&self) -> Value {
        match self {
            J::S(s) => Value::String(s.clone()),
            J::I(i) => Value::from(*i),
            J::B(b) => Value::Bool(*b),
            J::Null => Value::Null,
            J::O(f) => Value::Object(f.iter().map(|(k, v)| (k.clone(), v.to_value())).collect()),
            J::A(a) => Value::Array(a.iter().map(J::to_value).collect()),
        }
    }

    /// `json.Marshal` in field order (compact).
    fn to_compact(&self) -> String {
        match self {
            J::O(f) => {
                let parts: Vec<String> = f
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{}:{}",
                            super::jsonpath::go_json(&Value::String(k.clone())),
                            v.to_compact()
                        )
                    })
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
            J::A(a) => format!(
                "[{}]",
                a.iter().map(J::to_compact).collect::<Vec<_>>().join(",")
            ),
            other => super::jsonpath::go_json(&other.to_value()),
        }
    }

    /// `json.MarshalIndent(obj, "", "    ")` in field order, with a final newline.
    pub(crate) fn to_go_json(&self) -> String {
        let mut out = String::new();
        self.write(0, &mut out);
        out.push('\n');
        out
    }

    fn write(&self, indent: usize, out: &mut String) {
        let pad = |n: usize, out: &mut String| out.push_str(&"    ".repeat(n));
        match self {
            J::O(f) if f.is_empty() => out.push_str("{}"),
            J::A(a) if a.is_empty() => out.push_str("[]"),
            J::O(f) => {
                out.push_str("{\n");
                for (i, (k, v)) in f.iter().enumerate() {
                    pad(indent + 1, out);
                    out.push_str(&super::jsonpath::go_json(&Value::String(k.clone())));
                    out.push_str(": ");
                    v.write(indent + 1, out);
                    if i + 1 < f.len() {
                        out.push(',');
                    }
                    out.push('\n');
                }
                pad(indent, out);
                out.push('}');
            }
            J::A(a) => {
                out.push_str("[\n");
                for (i, v) in a.iter().enumerate() {
                    pad(indent + 1, out);
                    v.write(indent + 1, out);
                    if i + 1 < a.len() {
                        out.push(',');
                    }
                    out.push('\n');
                }
                pad(indent, out);
                out.push(']');
            }
            other => out.push_str(&super::jsonpath::go_json(&other.to_value())),
        }
    }
}

/// `metadata` as the generators fill it: name, the namespace only when `-n` was given
/// (`EnforceNamespace`), `creationTimestamp: null`, labels, annotations.
pub(crate) fn meta(name: &str, ns: Option<&str>, labels: Option<J>, annotations: Option<J>) -> J {
    let mut m = J::obj(vec![("name", J::s(name))]);
    if let Some(ns) = ns {
        m.push("namespace", J::s(ns));
    }
    m.push("creationTimestamp", J::Null);
    if let Some(l) = labels {
        m.push("labels", l);
    }
    if let Some(a) = annotations {
        m.push("annotations", a);
    }
    m
}

/// The print flags of the generators: `-o` (json, yaml, name; the templates kubectl also
/// accepts are not offered by kubestep's printers here).
fn check_output(f: &Flags) -> Result<Option<String>, String> {
    match f.get("output") {
        None | Some("") => Ok(None),
        Some(o @ ("yaml" | "json" | "name")) => Ok(Some(o.to_string())),
        Some(o) if o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") => {
            let t = o.split_once('=').map(|x| x.1).unwrap_or("");
            super::jsonpath::parse(t)
                .map_err(|m| format!("error: error parsing jsonpath {}, {}\n", t, m))?;
            Ok(Some(o.to_string()))
        }
        Some(o) if o.starts_with("go-template=") || o.starts_with("template=") => {
            let t = o.split_once('=').map(|x| x.1).unwrap_or("");
            super::gotemplate::parse(t)
                .map_err(|m| format!("error: error parsing template {}, {}", t, m))?;
            Ok(Some(o.to_string()))
        }
        Some(o) => Err(format!(
            "error: unable to match a printer suitable for the output format \"{}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml",
            o
        )),
    }
}

/// `--validate` → the `fieldValidation` query value.
fn field_validation(f: &Flags) -> Result<&'static str, String> {
    match f.get("validate").unwrap_or("strict") {
        "strict" | "true" => Ok("Strict"),
        "warn" => Ok("Warn"),
        "ignore" | "false" => Ok("Ignore"),
        v => Err(format!(
            "error: invalid - validate option {:?}; must be one of: strict (or true), warn, ignore (or false)",
            v
        )),
    }
}

/// What a generator prints for the object it made (or the server returned).
fn print_result(
    out: &mut ExecOutput,
    kind: Kind,
    name: &str,
    output: Option<&str>,
    dry: DryRun,
    shown: Shown,
    verb: &str,
) {
    match output {
        Some("name") => out.out(format!("{}/{}\n", kind.qualified_singular(), name)),
        Some("yaml") => out.out(printers::to_yaml(&shown.value())),
        Some("json") => out.out(match &shown {
            Shown::Built(j) => j.to_go_json(),
            Shown::Server(v) => printers::to_go_json(v),
        }),
        Some(o) if o.starts_with("jsonpath") => {
            let (fmt, t) = o.split_once('=').unwrap_or((o, ""));
            let r = super::jsonpath::parse(t)
                .and_then(|tp| tp.execute(&shown.value(), fmt == "jsonpath-as-json"));
            match r {
                Ok(text) => out.out(text),
                Err(m) => out.fail(format!("error: error executing jsonpath {:?}: {}", t, m)),
            }
        }
        Some(o) if o.contains("template=") => {
            let t = o.split_once('=').map(|x| x.1).unwrap_or("");
            match super::gotemplate::parse(t).and_then(|tp| tp.execute(&shown.value())) {
                Ok(text) => out.out(text),
                Err(m) => out.fail(format!("error: error executing template {:?}: {}", t, m)),
            }
        }
        _ => out.out(format!(
            "{}/{} {}{}\n",
            kind.qualified_singular(),
            name,
            verb,
            match dry {
                DryRun::Client => " (dry run)",
                DryRun::Server => " (server dry run)",
                DryRun::None => "",
            }
        )),
    }
}

/// The object a generator prints: the one it built (client dry run), or the server's.
enum Shown {
    Built(J),
    Server(Value),
}

impl Shown {
    fn value(&self) -> Value {
        match self {
            Shown::Built(j) => j.to_value(),
            Shown::Server(v) => v.clone(),
        }
    }
}

/// POST `obj` (unless a client dry run) and print the outcome. `wrap` is how the command
/// words a failure (`failed to create deployment: %v`), or None for kubectl's own
/// rendering of the server's Status.
#[allow(clippy::too_many_arguments)]
pub(crate) fn submit(
    e: &mut Engine,
    out: &mut ExecOutput,
    cmd: &str,
    kind: Kind,
    ns: &str,
    obj: J,
    query: String,
    output: Option<&str>,
    dry: DryRun,
    wrap: Option<&dyn Fn(&str) -> String>,
) -> bool {
    submit_as(
        e, out, cmd, kind, ns, obj, query, output, dry, wrap, "created",
    )
}

/// [`submit`], printing `KIND/NAME VERB` (`exposed` for kubectl expose).
#[allow(clippy::too_many_arguments)]
pub(crate) fn submit_as(
    e: &mut Engine,
    out: &mut ExecOutput,
    cmd: &str,
    kind: Kind,
    ns: &str,
    obj: J,
    query: String,
    output: Option<&str>,
    dry: DryRun,
    wrap: Option<&dyn Fn(&str) -> String>,
    verb: &str,
) -> bool {
    let path = client::path(kind, ns, None, None);
    submit_at(e, out, cmd, kind, path, obj, query, output, dry, wrap, verb)
}

/// [`submit_as`] to an explicit collection path (`kubectl autoscale` posts autoscaling/v1).
#[allow(clippy::too_many_arguments)]
pub(crate) fn submit_at(
    e: &mut Engine,
    out: &mut ExecOutput,
    cmd: &str,
    kind: Kind,
    path: String,
    obj: J,
    query: String,
    output: Option<&str>,
    dry: DryRun,
    wrap: Option<&dyn Fn(&str) -> String>,
    verb: &str,
) -> bool {
    let name = match &obj {
        J::O(f) => f
            .iter()
            .find(|(k, _)| k == "metadata")
            .and_then(|(_, m)| {
                m.to_value()
                    .get("name")
                    .and_then(Value::as_str)
                    .map(String::from)
            })
            .unwrap_or_default(),
        _ => String::new(),
    };
    if dry == DryRun::Client {
        print_result(out, kind, &name, output, dry, Shown::Built(obj), verb);
        return true;
    }
    let q = if dry == DryRun::Server {
        format!("dryRun=All&{}", query)
    } else {
        query
    };
    match Call::new(cmd, "POST", path)
        .query(q)
        .body("application/json", obj.to_value())
        .send(e, out)
    {
        Ok(v) => {
            let n = v
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or(&name)
                .to_string();
            print_result(out, kind, &n, output, dry, Shown::Server(v), verb);
            true
        }
        Err(fail) => {
            match wrap {
                Some(w) => out.fail(format!("error: {}", w(fail.message()))),
                None => out.fail(fail.kubectl()),
            }
            false
        }
    }
}

/// `kubectl create SUBCOMMAND …` for the generators kubestep has (deployment, namespace,
/// service …). Returns false when `sub` is not a generator (the caller handles `-f`).
pub fn create(e: &mut Engine, sub: &str, args: &[String], out: &mut ExecOutput) -> bool {
    match sub {
        "deployment" | "deploy" => create_deployment(e, args, out),
        "namespace" | "ns" => create_namespace(e, args, out),
        "service" | "svc" => create_service(e, args, out),
        "job" => create_job(e, args, out),
        "cronjob" | "cj" => create_cronjob(e, args, out),
        "poddisruptionbudget" | "pdb" => create_pdb(e, args, out),
        "configmap" | "cm" => super::create_config::create_configmap(e, args, out),
        "secret" => super::create_config::create_secret(e, args, out),
        "serviceaccount" | "sa" => super::create_config::create_serviceaccount(e, args, out),
        "quota" | "resourcequota" => super::create_config::create_quota(e, args, out),
        "priorityclass" | "pc" | "role" | "rolebinding" | "clusterrole" | "clusterrolebinding"
        | "ingress" | "ing" | "token" => out.fail(format!(
            "error: kubestep does not implement \"kubectl create {}\" yet",
            sub
        )),
        _ => return false,
    }
    true
}

/// Parse a generator's flags, with cobra's usage tail on errors.
pub(crate) fn parse(
    args: &[String],
    valued: &[&str],
    boolean: &[&str],
    cmd: &str,
) -> Result<Flags, String> {
    let mut v: Vec<&str> = vec!["output", "field-manager", "namespace", "dry-run"];
    v.extend_from_slice(valued);
    let mut b: Vec<&str> = vec![
        "save-config",
        "show-managed-fields",
        "allow-missing-template-keys",
    ];
    b.extend_from_slice(boolean);
    flags::parse(args, &v, &b).map_err(|m| format!("error: {}\nSee '{} --help' for usage.", m, cmd))
}

/// `NameFromCommandArgs` (create.go): exactly one NAME before any `--`.
pub(crate) fn one_name(f: &Flags, cmd: &str) -> Result<String, String> {
    let n = f.dash_at.unwrap_or(f.positional.len());
    if n != 1 {
        return Err(format!(
            "error: exactly one NAME is required, got {}\nSee '{} -h' for help and examples",
            n, cmd
        ));
    }
    Ok(f.positional[0].clone())
}

/// The shared steps of the create generators: -o, --dry-run, --validate.
pub(crate) fn common(
    e: &Engine,
    f: &Flags,
    out: &mut ExecOutput,
) -> Result<(Option<String>, DryRun, String), String> {
    let dry = flags::dry_run(f, e.cluster.now, out)?;
    let output = check_output(f)?;
    let fv = field_validation(f)?;
    let query = format!(
        "fieldManager={}&fieldValidation={}",
        crate::apiserver::rest::query::percent_encode(
            f.get("field-manager").unwrap_or("kubectl-create")
        ),
        fv
    );
    Ok((output, dry, query))
}

/// The `--save-config` annotation: the object's compact JSON (field order) and a newline.
pub(crate) fn save_config(obj: &mut J) {
    let text = format!("{}\n", obj.to_compact());
    if let J::O(f) = obj
        && let Some((_, m)) = f.iter_mut().find(|(k, _)| k == "metadata")
    {
        let ann = J::map(&[(super::apply::LAST_APPLIED.to_string(), text)]);
        if let J::O(mf) = m {
            mf.push(("annotations".into(), ann));
        }
    }
}

fn create_deployment(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create deployment";
    let f = match parse(args, &["image", "port", "replicas", "validate"], &[], CMD) {
        Ok(f) => f,
        // Here --replicas has the shorthand -r, which pflag names in its errors.
        Err(m) => return out.fail(m.replace("\"--replicas\" flag", "\"-r, --replicas\" flag")),
    };
    if !f.has("image") {
        return out.fail("error: required flag(s) \"image\" not set");
    }
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    // --image is a StringSlice: repeatable, and commas split it.
    let images: Vec<String> = f
        .all("image")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let command: Vec<String> = match f.dash_at {
        Some(d) => f.positional[d..].to_vec(),
        None => vec![],
    };
    let replicas = match f.get("replicas") {
        None => 1,
        Some(r) => match int32_flag(r, "-r, --replicas", CMD) {
            Ok(v) => v,
            Err(m) => return out.fail(m),
        },
    };
    let port = match f.get("port") {
        None => -1,
        Some(p) => match int32_flag(p, "--port", CMD) {
            Ok(v) => v,
            Err(m) => return out.fail(m),
        },
    };
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    if images.len() > 1 && !command.is_empty() {
        return out.fail("error: cannot specify multiple --image options and command");
    }
    let ns_flag = f.get("namespace");
    let labels = vec![("app".to_string(), name.clone())];
    let seed = e.config.seed ^ e.cluster.steps;
    let containers: Vec<J> = images
        .iter()
        .enumerate()
        .map(|(i, img)| {
            let mut c = J::obj(vec![
                (
                    "name",
                    J::S(container_name(img, seed.wrapping_add(i as u64))),
                ),
                ("image", J::s(img)),
            ]);
            if !command.is_empty() {
                c.push("command", J::A(command.iter().map(|s| J::s(s)).collect()));
            }
            if i == 0 && port >= 0 {
                c.push(
                    "ports",
                    J::A(vec![J::obj(vec![("containerPort", J::I(port.into()))])]),
                );
            }
            c.push("resources", J::empty());
            c
        })
        .collect();
    let mut obj = J::obj(vec![
        ("kind", J::s("Deployment")),
        ("apiVersion", J::s("apps/v1")),
        (
            "metadata",
            meta(&name, ns_flag, Some(J::map(&labels)), None),
        ),
        (
            "spec",
            J::obj(vec![
                ("replicas", J::I(replicas.into())),
                ("selector", J::obj(vec![("matchLabels", J::map(&labels))])),
                (
                    "template",
                    J::obj(vec![
                        (
                            "metadata",
                            J::obj(vec![
                                ("creationTimestamp", J::Null),
                                ("labels", J::map(&labels)),
                            ]),
                        ),
                        ("spec", J::obj(vec![("containers", J::A(containers))])),
                    ]),
                ),
                ("strategy", J::empty()),
            ]),
        ),
        ("status", J::empty()),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create deployment: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::Deployment,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// `kubectl create job NAME --image=I [-- COMMAND…]` (create_job.go): one container named
/// after the Job with the command, `restartPolicy: Never`; the server adds the rest.
/// `--from=cronjob/NAME` instantiates the CronJob's job template (createJobFromCronJob).
fn create_job(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create job";
    let f = match parse(args, &["image", "from", "validate"], &[], CMD) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    let command: Vec<String> = match f.dash_at {
        Some(d) => f.positional[d..].to_vec(),
        None => vec![],
    };
    if f.has("image") == f.has("from") {
        return out.fail("error: either --image or --from must be specified");
    }
    if let Some(from) = f.get("from") {
        if !command.is_empty() {
            return out.fail("error: cannot specify --from and command");
        }
        return create_job_from(e, &f, &name, from, out);
    }
    let image = f.get("image").unwrap_or("").to_string();
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let obj = J::obj(vec![
        ("kind", J::s("Job")),
        ("apiVersion", J::s("batch/v1")),
        ("metadata", meta(&name, f.get("namespace"), None, None)),
        (
            "spec",
            J::obj(vec![(
                "template",
                one_container_template(&name, &image, &command, "Never"),
            )]),
        ),
        ("status", J::empty()),
    ]);
    let mut obj = obj;
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create job: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::Job,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// The pod template of `create job` and `create cronjob`: one container named after the
/// object, running `command` (the words after `--`), with the restart policy.
fn one_container_template(name: &str, image: &str, command: &[String], restart: &str) -> J {
    let mut c = J::obj(vec![("name", J::s(name)), ("image", J::s(image))]);
    if !command.is_empty() {
        c.push("command", J::A(command.iter().map(|s| J::s(s)).collect()));
    }
    c.push("resources", J::empty());
    J::obj(vec![
        ("metadata", J::obj(vec![("creationTimestamp", J::Null)])),
        (
            "spec",
            J::obj(vec![
                ("containers", J::A(vec![c])),
                ("restartPolicy", J::s(restart)),
            ]),
        ),
    ])
}

/// `kubectl create job NAME --from=cronjob/CJ`: the job template's spec, labels and
/// annotations (plus `cronjob.kubernetes.io/instantiate: manual`) and a controller reference
/// to the CronJob without blockOwnerDeletion.
fn create_job_from(e: &mut Engine, f: &Flags, name: &str, from: &str, out: &mut ExecOutput) {
    const CMD: &str = "kubectl create job";
    let Some((res, src)) = from
        .split_once('/')
        .filter(|(r, n)| !r.is_empty() && !n.is_empty())
    else {
        return out.fail(format!(
            "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'"
        ));
    };
    let Some(kind) = super::resolve_kind(res, out) else {
        return;
    };
    let ns = super::namespace(f);
    let (output, dry, query) = match common(e, f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let path = super::client::path(kind, &ns, Some(src), None);
    let Some(obj) = super::mutate::fetch(e, CMD, kind, &path, out) else {
        return;
    };
    let Some(cj) = obj.as_cronjob() else {
        let go_kind = format!(
            "*{}.{}",
            obj.kind().api_version().rsplit('/').next().unwrap_or("v1"),
            obj.kind().name()
        );
        return out.fail(format!("error: unknown object type {go_kind}"));
    };
    let spec = cj.spec.clone().unwrap_or_default();
    let tm = spec.job_template.metadata.clone().unwrap_or_default();
    let mut ann = vec![(
        "cronjob.kubernetes.io/instantiate".to_string(),
        "manual".to_string(),
    )];
    for (k, v) in tm.annotations.clone().unwrap_or_default() {
        ann.retain(|(a, _)| *a != k);
        ann.push((k, v));
    }
    let labels: Vec<(String, String)> = tm.labels.clone().unwrap_or_default().into_iter().collect();
    let owner = J::obj(vec![
        ("apiVersion", J::s("batch/v1")),
        ("kind", J::s("CronJob")),
        ("name", J::s(cj.metadata.name.as_deref().unwrap_or(""))),
        ("uid", J::s(cj.metadata.uid.as_deref().unwrap_or(""))),
        ("controller", J::B(true)),
    ]);
    let mut md = J::obj(vec![("name", J::s(name))]);
    if f.has("namespace") {
        md.push("namespace", J::s(&ns));
    }
    md.push("creationTimestamp", J::Null);
    if !labels.is_empty() {
        md.push("labels", J::map(&labels));
    }
    md.push("annotations", J::map(&ann));
    md.push("ownerReferences", J::A(vec![owner]));
    let js = serde_json::to_value(spec.job_template.spec.clone().unwrap_or_default())
        .unwrap_or(Value::Null);
    let mut obj = J::obj(vec![
        ("kind", J::s("Job")),
        ("apiVersion", J::s("batch/v1")),
        ("metadata", md),
        ("spec", J::from_value(&js)),
        ("status", J::empty()),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let wrap = |m: &str| format!("failed to create job: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::Job,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// `kubectl create cronjob NAME --image=I --schedule=S [--restart=R] [-- COMMAND…]`
/// (create_cronjob.go): the job template named after the CronJob, one container named after
/// it with the command, `restartPolicy` OnFailure unless given; nothing checked client-side.
fn create_cronjob(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create cronjob";
    let f = match parse(
        args,
        &["image", "schedule", "restart", "validate"],
        &[],
        CMD,
    ) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    let missing: Vec<String> = ["image", "schedule"]
        .iter()
        .filter(|k| !f.has(k))
        .map(|k| format!("{k:?}"))
        .collect();
    if !missing.is_empty() {
        return out.fail(format!(
            "error: required flag(s) {} not set",
            missing.join(", ")
        ));
    }
    let name = match one_name(&f, CMD) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    let command: Vec<String> = match f.dash_at {
        Some(d) => f.positional[d..].to_vec(),
        None => vec![],
    };
    let image = f.get("image").unwrap_or("").to_string();
    let schedule = f.get("schedule").unwrap_or("").to_string();
    let restart = match f.get("restart").unwrap_or("") {
        "" => "OnFailure".to_string(),
        r => r.to_string(),
    };
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let template = one_container_template(&name, &image, &command, &restart);
    let obj = J::obj(vec![
        ("kind", J::s("CronJob")),
        ("apiVersion", J::s("batch/v1")),
        ("metadata", meta(&name, f.get("namespace"), None, None)),
        (
            "spec",
            J::obj(vec![
                ("schedule", J::s(&schedule)),
                (
                    "jobTemplate",
                    J::obj(vec![
                        (
                            "metadata",
                            J::obj(vec![("name", J::s(&name)), ("creationTimestamp", J::Null)]),
                        ),
                        ("spec", J::obj(vec![("template", template)])),
                    ]),
                ),
            ]),
        ),
        ("status", J::empty()),
    ]);
    let mut obj = obj;
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create cronjob: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::CronJob,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// pflag's int32 flag: `strconv.ParseInt(s, 0, 32)`.
fn int32_flag(v: &str, display: &str, cmd: &str) -> Result<i32, String> {
    match flags::go_parse_int(v) {
        Ok(n) if i32::try_from(n).is_ok() => Ok(n as i32),
        r => Err(format!(
            "error: invalid argument {:?} for {:?} flag: strconv.ParseInt: parsing {:?}: {}\nSee '{} --help' for usage.",
            v,
            display,
            v,
            r.err().unwrap_or("value out of range"),
            cmd
        )),
    }
}

/// `buildPodSpec`'s container name (create_deployment.go): the image's last path segment,
/// cut at `:` then `@`; with `.` or `_` in it, those become `-` and a random 5-character
/// suffix is added (`utilrand.String(5)`, here from the seed).
fn container_name(image: &str, seed: u64) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split(':').next().unwrap_or(last);
    let last = last.split('@').next().unwrap_or(last);
    if last.contains(['.', '_']) {
        let mut rng = crate::rng::SimRng::new(seed, crate::rng::Stream::Kubectl);
        format!("{}-{}", last.replace(['.', '_'], "-"), rng.safe_string(5))
    } else {
        last.to_string()
    }
}

/// `kubectl create poddisruptionbudget NAME --selector=SEL --min-available=N|N%`
/// (`create_pdb.go`): its client-side checks in order, the selector as
/// `metav1.ParseToLabelSelector` builds it, server failures wrapped.
fn create_pdb(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create poddisruptionbudget";
    let f = match parse(
        args,
        &["validate", "selector", "min-available", "max-unavailable"],
        &[],
        CMD,
    ) {
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
    let sel = f.get("selector").unwrap_or("");
    let min = f.get("min-available").unwrap_or("");
    let max = f.get("max-unavailable").unwrap_or("");
    if sel.is_empty() {
        return out.fail("error: a selector must be specified");
    }
    if min.is_empty() && max.is_empty() {
        return out.fail("error: one of min-available or max-unavailable must be specified");
    }
    if !min.is_empty() && !max.is_empty() {
        return out.fail("error: min-available and max-unavailable cannot be both specified");
    }
    // `^[0-9]+%?$`: an int or a percent.
    let well_formed = |v: &str| {
        let d = v.strip_suffix('%').unwrap_or(v);
        !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
    };
    for (flag, v) in [("min-available", min), ("max-unavailable", max)] {
        if !v.is_empty() && !well_formed(v) {
            return out.fail(format!("error: invalid format specified for {}", flag));
        }
    }
    let selector = match parse_to_label_selector(sel) {
        Ok(s) => s,
        Err(m) => return out.fail(format!("error: {}", m)),
    };
    // intstr.Parse: a number is an int, anything else a string.
    let int_or_string = |v: &str| match v.parse::<i64>() {
        Ok(n) if n <= i32::MAX as i64 => J::I(n),
        _ => J::s(v),
    };
    let mut spec = J::obj(vec![]);
    if !min.is_empty() {
        spec.push("minAvailable", int_or_string(min));
    }
    spec.push("selector", selector);
    if !max.is_empty() {
        spec.push("maxUnavailable", int_or_string(max));
    }
    let ns = super::namespace(&f);
    let mut obj = J::obj(vec![
        ("kind", J::s("PodDisruptionBudget")),
        ("apiVersion", J::s("policy/v1")),
        ("metadata", meta(&name, f.get("namespace"), None, None)),
        ("spec", spec),
        (
            "status",
            J::obj(vec![
                ("disruptionsAllowed", J::I(0)),
                ("currentHealthy", J::I(0)),
                ("desiredHealthy", J::I(0)),
                ("expectedPods", J::I(0)),
            ]),
        ),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let wrap = |m: &str| format!("failed to create poddisruptionbudgets: {}", m);
    submit(
        e,
        out,
        CMD,
        Kind::PodDisruptionBudget,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// `metav1.ParseToLabelSelector`: equality into matchLabels, set and existence operators
/// into matchExpressions, in the selector's order.
fn parse_to_label_selector(s: &str) -> Result<J, String> {
    use crate::labels::{Op, Selector};
    let sel = Selector::parse(s)?;
    let mut labels = vec![];
    let mut exprs = vec![];
    for r in sel.requirements() {
        let op = match r.op() {
            Op::Equals | Op::DoubleEquals => {
                labels.push((
                    r.key().to_string(),
                    r.values().first().cloned().unwrap_or_default(),
                ));
                continue;
            }
            Op::In => "In",
            Op::NotIn => "NotIn",
            Op::Exists => "Exists",
            Op::DoesNotExist => "DoesNotExist",
            Op::NotEquals => return Err("\"!=\" is not a valid label selector operator".into()),
            #[allow(unreachable_patterns)]
            _ => return Err("not a valid label selector operator".into()),
        };
        let mut req = J::obj(vec![("key", J::s(r.key())), ("operator", J::s(op))]);
        if !r.values().is_empty() {
            req.push("values", J::A(r.values().iter().map(|v| J::s(v)).collect()));
        }
        exprs.push(req);
    }
    let mut out = J::obj(vec![]);
    if !labels.is_empty() {
        out.push("matchLabels", J::map(&labels));
    }
    if !exprs.is_empty() {
        out.push("matchExpressions", J::A(exprs));
    }
    Ok(out)
}

fn create_namespace(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl create namespace";
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
    if name.is_empty() {
        return out.fail("error: name must be specified");
    }
    let mut obj = J::obj(vec![
        ("kind", J::s("Namespace")),
        ("apiVersion", J::s("v1")),
        ("metadata", meta(&name, None, None, None)),
        ("spec", J::empty()),
        ("status", J::empty()),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    submit(
        e,
        out,
        CMD,
        Kind::Namespace,
        "",
        obj,
        query,
        output.as_deref(),
        dry,
        None,
    );
}

fn create_service(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let Some(sub) = args.iter().position(|a| !a.starts_with('-')) else {
        return out.fail("Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n\nUse \"kubectl create service <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).");
    };
    let (ty, extra): (&str, &[&str]) = match args[sub].as_str() {
        "clusterip" => ("ClusterIP", &["clusterip"]),
        "nodeport" => ("NodePort", &["node-port"]),
        "loadbalancer" => ("LoadBalancer", &[]),
        "externalname" => ("ExternalName", &["external-name"]),
        _ => {
            // cobra names every argument left: `unknown command "frob s4"`.
            let words: Vec<&str> = args[sub..]
                .iter()
                .filter(|a| !a.starts_with('-'))
                .map(String::as_str)
                .collect();
            return out.fail(format!(
                "error: unknown command {:?}\nSee 'kubectl create service -h' for help and examples",
                words.join(" ")
            ));
        }
    };
    let cmd = format!("kubectl create service {}", args[sub]);
    let mut rest: Vec<String> = args[..sub].to_vec();
    rest.extend_from_slice(&args[sub + 1..]);
    let mut valued = vec!["tcp", "validate"];
    valued.extend_from_slice(extra);
    let f = match parse(&rest, &valued, &[], &cmd) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    if ty == "ExternalName" && !f.has("external-name") {
        return out.fail("error: required flag(s) \"external-name\" not set");
    }
    let name = match one_name(&f, &cmd) {
        Ok(n) => n,
        Err(m) => return out.fail(m),
    };
    let node_port = match f.get("node-port") {
        None => 0,
        Some(v) => match flags::go_parse_int(v) {
            Ok(n) => n,
            Err(why) => {
                return out.fail(format!(
                    "error: invalid argument {:?} for \"--node-port\" flag: strconv.ParseInt: parsing {:?}: {}\nSee '{} --help' for usage.",
                    v, v, why, cmd
                ));
            }
        },
    };
    let (output, dry, query) = match common(e, &f, out) {
        Ok(c) => c,
        Err(m) => return out.fail(m),
    };
    let cluster_ip = f.get("clusterip").unwrap_or("");
    let tcp: Vec<String> = f
        .all("tcp")
        .iter()
        .flat_map(|v| v.split(','))
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    // Validate (create_service.go).
    if cluster_ip != "None" && tcp.is_empty() && ty != "ExternalName" {
        return out.fail("error: at least one tcp port specifier must be provided");
    }
    let external = f.get("external-name").unwrap_or("");
    if ty == "ExternalName"
        && !crate::apiserver::validation::names::is_dns1123_subdomain(external).is_empty()
    {
        return out.fail(format!("error: invalid service external name {}", external));
    }
    let mut ports = vec![];
    for spec in &tcp {
        match parse_port(spec) {
            Ok((port, target)) => {
                let mut p = J::obj(vec![
                    ("name", J::S(spec.replace(':', "-"))),
                    ("protocol", J::s("TCP")),
                    ("port", J::I(port)),
                    ("targetPort", target),
                ]);
                if node_port > 0 {
                    p.push("nodePort", J::I(node_port));
                }
                ports.push(p);
            }
            Err(m) => return out.fail(format!("error: {}", m)),
        }
    }
    let selector = vec![("app".to_string(), name.clone())];
    let mut spec = J::empty();
    if !ports.is_empty() {
        spec.push("ports", J::A(ports));
    }
    spec.push("selector", J::map(&selector));
    if !cluster_ip.is_empty() {
        spec.push("clusterIP", J::s(cluster_ip));
    }
    spec.push("type", J::s(ty));
    if ty == "ExternalName" {
        spec.push("externalName", J::s(external));
    }
    let ns_flag = f.get("namespace");
    let mut obj = J::obj(vec![
        ("kind", J::s("Service")),
        ("apiVersion", J::s("v1")),
        (
            "metadata",
            meta(&name, ns_flag, Some(J::map(&selector)), None),
        ),
        ("spec", spec),
        ("status", J::obj(vec![("loadBalancer", J::empty())])),
    ]);
    if f.bool("save-config") {
        save_config(&mut obj);
    }
    let ns = super::namespace(&f);
    let wrap = |m: &str| format!("failed to create {} service: {}", ty, m);
    submit(
        e,
        out,
        &cmd,
        Kind::Service,
        &ns,
        obj,
        query,
        output.as_deref(),
        dry,
        Some(&wrap),
    );
}

/// `parsePorts` (create_service.go): `PORT[:TARGET]`; the port is a uint16, the target an
/// int in 1..65535 or a port name.
fn parse_port(spec: &str) -> Result<(i64, J), String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let port = parts[0]
        .parse::<u16>()
        .map_err(|_| parse_uint_error(parts[0]))?;
    if parts.len() == 1 {
        return Ok((port.into(), J::I(port.into())));
    }
    let t = parts[1];
    match t.parse::<i64>() {
        Ok(n) => {
            if !(1..=65535).contains(&n) {
                return Err("must be between 1 and 65535, inclusive".into());
            }
            Ok((port.into(), J::I(n)))
        }
        Err(_) => {
            let errs = crate::apiserver::validation::names::is_valid_port_name(t);
            if !errs.is_empty() {
                return Err(errs.join(","));
            }
            Ok((port.into(), J::s(t)))
        }
    }
}

/// `strconv.ParseUint(s, 10, 16)`'s error.
fn parse_uint_error(s: &str) -> String {
    let why = if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        "value out of range"
    } else {
        "invalid syntax"
    };
    format!("strconv.ParseUint: parsing {:?}: {}", s, why)
}

/// `kubectl run NAME --image=IMAGE …` (the `run-pod/v1` generator).
pub fn run(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    const CMD: &str = "kubectl run";
    // -l is --labels here.
    let args: Vec<String> = args
        .iter()
        .map(|a| match a.strip_prefix("-l") {
            Some("") => "--labels".to_string(),
            Some(rest) if !a.starts_with("--") => {
                format!("--labels={}", rest.strip_prefix('=').unwrap_or(rest))
            }
            _ => a.clone(),
        })
        .collect();
    let args = args.as_slice();
    let f = match parse(
        args,
        &[
            "image",
            "port",
            "labels",
            "env",
            "annotations",
            "restart",
            "image-pull-policy",
            "overrides",
            "pod-running-timeout",
        ],
        &[
            "command",
            "privileged",
            "expose",
            "stdin",
            "tty",
            "attach",
            "rm",
            "quiet",
            "leave-stdin-open",
        ],
        CMD,
    ) {
        Ok(f) => f,
        Err(m) => return out.fail(m),
    };
    if !f.has("image") {
        return out.fail("error: required flag(s) \"image\" not set");
    }
    let dry = match flags::dry_run(&f, e.cluster.now, out) {
        Ok(d) => d,
        Err(m) => return out.fail(m),
    };
    let output = match check_output(&f) {
        Ok(o) => o,
        Err(m) => return out.fail(m),
    };
    let usage = |m: &str| format!("error: {}\nSee 'kubectl run -h' for help and examples", m);
    // RecordFlags re-parses the whole command line, so a NAME after `--` still counts
    // (`kubectl run --image=nginx -- foo bar` makes pod foo): only no argument at all fails.
    if f.positional.is_empty() {
        return out.fail(usage("NAME is required for run"));
    }
    let name = f.positional[0].clone();
    let image = f.get("image").unwrap_or("");
    if image.is_empty() {
        return out.fail("error: --image is required");
    }
    if crate::kubelet::reference::parse_normalized_named(image).is_err() {
        return out.fail(format!(
            "error: Invalid image name {:?}: invalid reference format",
            image
        ));
    }
    if f.bool("tty") && !f.bool("stdin") {
        return out.fail(usage(
            "-i/--stdin is required for containers with -t/--tty=true",
        ));
    }
    if f.bool("expose") && f.get("port").unwrap_or("").is_empty() {
        return out.fail(usage("--port must be set when exposing a service"));
    }
    let restart = f.get("restart").unwrap_or("Always");
    if !["Always", "OnFailure", "Never", ""].contains(&restart) {
        return out.fail(usage(&format!("invalid restart policy: {}", restart)));
    }
    let attach = f.bool("attach") || (f.bool("stdin") && f.get("attach") != Some("false"));
    if f.bool("rm") && !attach {
        return out.fail(usage("--rm should only be used for attached containers"));
    }
    if attach && dry != DryRun::None {
        return out.fail(usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)"));
    }
    let pull = f.get("image-pull-policy").unwrap_or("");
    if !["Always", "IfNotPresent", "Never", ""].contains(&pull) {
        return out.fail(usage(&format!("invalid image pull policy: {}", pull)));
    }
    if attach {
        return out.fail("error: kubestep does not implement attaching to a container yet (kubectl run with --attach, -i or --rm): run it detached and read it with kubectl logs");
    }
    // The generator's checks, in its order: env, annotations, labels, port.
    let mut env = vec![];
    for v in f.all("env") {
        match v.split_once('=') {
            Some((k, val)) if is_env_var_name(k) => {
                let mut ev = J::obj(vec![("name", J::s(k))]);
                if !val.is_empty() {
                    ev.push("value", J::s(val));
                }
                env.push(ev);
            }
            _ => return out.fail(format!("error: invalid env: {}", v)),
        }
    }
    let mut annotations = vec![];
    let mut bad = vec![];
    for a in f.all("annotations") {
        match a.split_once('=') {
            Some((k, v)) if !k.is_empty() => annotations.push((k.to_string(), v.to_string())),
            _ => bad.push(a.to_string()),
        }
    }
    if !bad.is_empty() {
        return out.fail(format!(
            "error: invalid annotations format: {}",
            bad.join(", ")
        ));
    }
    let labels = match f.get("labels").filter(|l| !l.is_empty()) {
        None => vec![("run".to_string(), name.clone())],
        Some(spec) => {
            let mut ls = vec![];
            for item in spec.split(',') {
                let kv: Vec<&str> = item.split('=').collect();
                if kv.len() != 2 {
                    return out.fail(format!("error: unexpected label spec: {}", item));
                }
                if kv[0].is_empty() {
                    return out.fail("error: unexpected empty label key");
                }
                ls.retain(|(k, _): &(String, String)| k != kv[0]);
                ls.push((kv[0].to_string(), kv[1].to_string()));
            }
            ls
        }
    };
    let port = match f.get("port").filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => match p.parse::<i64>() {
            Ok(n) => Some(n as i32),
            Err(_) => {
                return out.fail(format!(
                    "error: strconv.Atoi: parsing {:?}: invalid syntax",
                    p
                ));
            }
        },
    };
    if f.has("overrides") {
        return out.fail("error: kubestep does not implement \"kubectl run --overrides\" yet");
    }
    let extra: Vec<J> = f.positional[1..].iter().map(|s| J::s(s)).collect();
    let mut c = J::obj(vec![("name", J::s(&name)), ("image", J::s(image))]);
    if !extra.is_empty() {
        c.push(
            if f.bool("command") { "command" } else { "args" },
            J::A(extra),
        );
    }
    if let Some(p) = port {
        c.push(
            "ports",
            J::A(vec![J::obj(vec![("containerPort", J::I(p.into()))])]),
        );
    }
    if !env.is_empty() {
        c.push("env", J::A(env));
    }
    c.push("resources", J::empty());
    if !pull.is_empty() {
        c.push("imagePullPolicy", J::s(pull));
    }
    if f.bool("privileged") {
        c.push("securityContext", J::obj(vec![("privileged", J::B(true))]));
    }
    let restart = if restart.is_empty() {
        "Always"
    } else {
        restart
    };
    let ns_flag = f.get("namespace");
    let mut pod = J::obj(vec![
        ("kind", J::s("Pod")),
        ("apiVersion", J::s("v1")),
        (
            "metadata",
            meta(
                &name,
                ns_flag,
                Some(J::map(&labels)),
                (!annotations.is_empty()).then(|| J::map(&annotations)),
            ),
        ),
        (
            "spec",
            J::obj(vec![
                ("containers", J::A(vec![c])),
                ("restartPolicy", J::s(restart)),
                ("dnsPolicy", J::s("ClusterFirst")),
            ]),
        ),
        ("status", J::empty()),
    ]);
    if f.bool("save-config") {
        save_config(&mut pod);
    }
    let ns = super::namespace(&f);
    let query = format!(
        "fieldManager={}",
        crate::apiserver::rest::query::percent_encode(
            f.get("field-manager").unwrap_or("kubectl-run")
        )
    );
    if f.bool("expose") {
        // generateService: a ClusterIP Service selecting the pod's labels, printed first.
        let port = i64::from(port.unwrap_or(0));
        let mut md = J::obj(vec![("name", J::s(&name))]);
        if let Some(n) = ns_flag {
            md.push("namespace", J::s(n));
        }
        md.push("creationTimestamp", J::Null);
        if f.get("labels").is_some_and(|l| !l.is_empty()) {
            md.push("labels", J::map(&labels));
        }
        let svc = J::obj(vec![
            ("kind", J::s("Service")),
            ("apiVersion", J::s("v1")),
            ("metadata", md),
            (
                "spec",
                J::obj(vec![
                    (
                        "ports",
                        J::A(vec![J::obj(vec![
                            ("protocol", J::s("TCP")),
                            ("port", J::I(port)),
                            ("targetPort", J::I(port)),
                        ])]),
                    ),
                    ("selector", J::map(&labels)),
                ]),
            ),
            ("status", J::obj(vec![("loadBalancer", J::empty())])),
        ]);
        if !submit(
            e,
            out,
            CMD,
            Kind::Service,
            &ns,
            svc,
            query.clone(),
            output.as_deref(),
            dry,
            None,
        ) {
            return;
        }
        if matches!(output.as_deref(), Some("yaml")) {
            out.out("---\n");
        }
    }
    submit(
        e,
        out,
        CMD,
        Kind::Pod,
        &ns,
        pod,
        query,
        output.as_deref(),
        dry,
        None,
    );
}

/// `validation.IsEnvVarName`: `[-._a-zA-Z][-._a-zA-Z0-9]*`.
pub(crate) fn is_env_var_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || "-._".contains(c))
        && chars.all(|c| c.is_ascii_alphanumeric() || "-._".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_names_from_images() {
        assert_eq!(container_name("nginx", 0), "nginx");
        assert_eq!(container_name("nginx:1.27", 0), "nginx");
        assert_eq!(container_name("registry:5000/img", 0), "img");
        assert_eq!(container_name("localhost:5000/a:b", 0), "a");
        assert_eq!(container_name("busybox@sha256:abc", 0), "busybox");
        let n = container_name("gcr.io/x/my_app.v2", 7);
        assert!(
            n.starts_with("my-app-v2-") && n.len() == "my-app-v2-".len() + 5,
            "{n}"
        );
        assert_eq!(n, container_name("gcr.io/x/my_app.v2", 7), "seeded");
    }

    #[test]
    fn tcp_port_specs() {
        assert!(matches!(parse_port("80"), Ok((80, J::I(80)))));
        assert!(matches!(parse_port("5678:8080"), Ok((5678, J::I(8080)))));
        assert!(matches!(parse_port("80:http"), Ok((80, J::S(_)))));
        assert_eq!(
            parse_port("abc").unwrap_err(),
            "strconv.ParseUint: parsing \"abc\": invalid syntax"
        );
        assert_eq!(
            parse_port("70000").unwrap_err(),
            "strconv.ParseUint: parsing \"70000\": value out of range"
        );
        assert_eq!(
            parse_port(":80").unwrap_err(),
            "strconv.ParseUint: parsing \"\": invalid syntax"
        );
        assert_eq!(
            parse_port("80:0").unwrap_err(),
            "must be between 1 and 65535, inclusive"
        );
    }

    #[test]
    fn env_names() {
        for ok in ["A", "a.b-c", "_x", "-y", ".z9"] {
            assert!(is_env_var_name(ok), "{ok}");
        }
        for bad in ["", "1A", "a b", "a=b"] {
            assert!(!is_env_var_name(bad), "{bad}");
        }
    }

    #[test]
    fn ordered_json_prints_as_go_does() {
        let j = J::obj(vec![
            ("kind", J::s("Pod")),
            ("metadata", J::obj(vec![("creationTimestamp", J::Null)])),
            (
                "spec",
                J::obj(vec![(
                    "containers",
                    J::A(vec![J::obj(vec![("resources", J::empty())])]),
                )]),
            ),
            ("status", J::empty()),
        ]);
        assert_eq!(
            j.to_go_json(),
            "{\n    \"kind\": \"Pod\",\n    \"metadata\": {\n        \"creationTimestamp\": null\n    },\n    \"spec\": {\n        \"containers\": [\n            {\n                \"resources\": {}\n            }\n        ]\n    },\n    \"status\": {}\n}\n"
        );
    }
}

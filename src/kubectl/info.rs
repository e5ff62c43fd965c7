//! `kubectl version` (`k8s.io/kubectl/pkg/cmd/version`) and `kubectl cluster-info`
//! (`pkg/cmd/clusterinfo/clusterinfo.go`).

use serde_json::{Map, Value};

use super::client::Call;
use super::flags;
use crate::engine::{Engine, ExecOutput};
use crate::object::Kind;

/// The API server's address as the built-in kubectl's kubeconfig names it: where
/// `kubestep serve` listens by default.
pub const SERVER: &str = "http://127.0.0.1:6443";

/// `version.Info` in its Go field order (9 strings, no omitempty).
const INFO_FIELDS: [&str; 9] = [
    "major",
    "minor",
    "gitVersion",
    "gitCommit",
    "gitTreeState",
    "buildDate",
    "goVersion",
    "compiler",
    "platform",
];

/// `json.MarshalIndent(v, "", "  ")` of `{clientVersion, kustomizeVersion, serverVersion}`.
fn version_json(client: &Value, server: Option<&Value>) -> String {
    let info = |v: &Value| {
        let lines: Vec<String> = INFO_FIELDS
            .iter()
            .map(|k| {
                format!(
                    "    {:?}: {}",
                    k,
                    super::jsonpath::go_json(v.get(*k).unwrap_or(&Value::String(String::new())))
                )
            })
            .collect();
        format!("{{\n{}\n  }}", lines.join(",\n"))
    };
    let mut s = format!(
        "{{\n  \"clientVersion\": {},\n  \"kustomizeVersion\": \"v5.5.0\"",
        info(client)
    );
    if let Some(sv) = server {
        s.push_str(&format!(",\n  \"serverVersion\": {}", info(sv)));
    }
    s.push_str("\n}\n");
    s
}

/// `kubectl version [--client] [-o json|yaml]`.
pub fn version(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    let f = match flags::parse(args, &["output"], &["client"]) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl version --help' for usage.",
                m
            ));
        }
    };
    let client_only = f.bool("client");
    if !client_only && !f.positional.is_empty() {
        return out.fail(format!(
            "error: extra arguments: [{}]",
            f.positional.join(" ")
        ));
    }
    let output = f.get("output").unwrap_or("");
    if !["", "yaml", "json"].contains(&output) {
        return out.fail("error: --output must be 'yaml' or 'json'");
    }
    // The built-in kubectl is the cluster's own version; the server's is what
    // `GET /version` answers (the same data: the page has no discovery routes).
    let client = e.config.profile.version_info();
    let server = (!client_only).then(|| e.config.profile.version_info());
    let git = |v: &Value| {
        v.get("gitVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    match output {
        "json" => out.out(version_json(&client, server.as_ref())),
        "yaml" => {
            let strip = |v: &Value| -> Value {
                let mut m = Map::new();
                for k in INFO_FIELDS {
                    m.insert(
                        k.into(),
                        v.get(k).cloned().unwrap_or(Value::String(String::new())),
                    );
                }
                Value::Object(m)
            };
            let mut m = Map::new();
            m.insert("clientVersion".into(), strip(&client));
            m.insert("kustomizeVersion".into(), Value::String("v5.5.0".into()));
            if let Some(sv) = &server {
                m.insert("serverVersion".into(), strip(sv));
            }
            // sigs.k8s.io/yaml, then Fprintln: a blank line at the end.
            out.out(format!("{}\n", crate::printers::to_yaml(&Value::Object(m))));
        }
        _ => {
            let mut s = format!(
                "Client Version: {}\nKustomize Version: v5.5.0\n",
                git(&client)
            );
            if let Some(sv) = &server {
                s.push_str(&format!("Server Version: {}\n", git(sv)));
            }
            out.out(s);
        }
    }
}

/// `JoinSchemeNamePort`: `[scheme:]name[:port]`, as the proxy path names a service port.
fn scheme_name_port(scheme: &str, name: &str, port: &str) -> String {
    match (scheme.is_empty(), port.is_empty()) {
        (true, true) => name.to_string(),
        (true, false) => format!("{}:{}", name, port),
        (false, _) => format!("{}:{}:{}", scheme, name, port),
    }
}

/// `kubectl cluster-info`: the control plane's address, then each service labelled
/// `kubernetes.io/cluster-service=true` in kube-system (or `-n`) with its proxy URL.
pub fn cluster_info(e: &mut Engine, args: &[String], out: &mut ExecOutput) {
    if args.first().map(String::as_str) == Some("dump") {
        return out.fail("error: kubestep does not implement \"kubectl cluster-info dump\" yet");
    }
    let f = match flags::parse(args, &["namespace"], &[]) {
        Ok(f) => f,
        Err(m) => {
            return out.fail(format!(
                "error: {}\nSee 'kubectl cluster-info --help' for usage.",
                m
            ));
        }
    };
    let ns = f.get("namespace").unwrap_or("kube-system");
    let hint =
        "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
    let path = super::client::path(Kind::Service, ns, None, None);
    let list = match Call::new("kubectl cluster-info", "GET", path)
        .query("labelSelector=kubernetes.io%2Fcluster-service%3Dtrue")
        .send(e, out)
    {
        Ok(v) => v,
        Err(fail) => {
            out.out(hint);
            return out.fail(fail.kubectl());
        }
    };
    let mut s = format!("Kubernetes control plane is running at {}\n", SERVER);
    for svc in list
        .get("items")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        let name = svc
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        let title = svc
            .pointer("/metadata/labels/kubernetes.io~1name")
            .and_then(Value::as_str)
            .unwrap_or(name);
        let ingress = svc
            .pointer("/status/loadBalancer/ingress")
            .and_then(Value::as_array)
            .filter(|a| !a.is_empty());
        let ports = svc
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let link = match ingress {
            Some(ing) => {
                let host = ing[0]
                    .get("ip")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                    .or_else(|| ing[0].get("hostname").and_then(Value::as_str))
                    .unwrap_or("");
                ports
                    .iter()
                    .map(|p| {
                        format!(
                            "http://{}:{} ",
                            host,
                            p.get("port").and_then(Value::as_i64).unwrap_or(0)
                        )
                    })
                    .collect::<String>()
            }
            None => {
                let seg = match ports.first() {
                    None => name.to_string(),
                    Some(p) => {
                        let pname = p.get("name").and_then(Value::as_str).unwrap_or("");
                        let https =
                            pname == "https" || p.get("port").and_then(Value::as_i64) == Some(443);
                        scheme_name_port(if https { "https" } else { "" }, name, pname)
                    }
                };
                format!("{}/api/v1/namespaces/{}/services/{}/proxy", SERVER, ns, seg)
            }
        };
        s.push_str(&format!("{} is running at {}\n", title, link));
    }
    s.push_str(hint);
    out.out(s);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_path_segments() {
        assert_eq!(scheme_name_port("", "kube-dns", "dns"), "kube-dns:dns");
        assert_eq!(scheme_name_port("", "noports", ""), "noports");
        assert_eq!(scheme_name_port("https", "s", ""), "https:s:");
        assert_eq!(scheme_name_port("https", "s", "web"), "https:s:web");
    }

    #[test]
    fn version_json_keeps_go_field_order() {
        let v = serde_json::json!({"platform": "p", "major": "1", "extra": "dropped"});
        let s = version_json(&v, None);
        assert!(
            s.starts_with("{\n  \"clientVersion\": {\n    \"major\": \"1\",\n    \"minor\": \"\",")
        );
        assert!(s.contains("\"platform\": \"p\"\n  },\n  \"kustomizeVersion\": \"v5.5.0\"\n}\n"));
        assert!(!s.contains("extra"));
    }
}

//! `kubestep ctl`: run one script line that is not kubectl (`settle`, `tick 30s`,
//! `node stop worker-2`, `fault crash IMAGE`, `rewind 40`, `api GET /version`, …) against a
//! running `kubestep serve`, printing what `kubestep run` prints for it.
//!
//! The line goes to `POST /kubestep/v1/exec` on the server, a path of kubestep's own. The
//! client is a few lines of HTTP/1.1 over a loopback socket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

/// Where the server is: `--server URL`, else the kubeconfig's current cluster.
pub fn server_url(server: Option<&str>, kubeconfig: Option<&str>) -> Result<String, String> {
    if let Some(s) = server {
        return Ok(s.to_string());
    }
    let path = kubeconfig
        .map(String::from)
        .or_else(|| {
            std::env::var("KUBECONFIG")
                .ok()
                .filter(|s| !s.is_empty() && !s.contains(':'))
        })
        .unwrap_or_else(|| "kubestep.kubeconfig".to_string());
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read kubeconfig {path}: {e} (start `kubestep serve` first, or pass --server URL)"))?;
    let v: Value =
        serde_norway::from_str(&text).map_err(|e| format!("invalid kubeconfig {path}: {e}"))?;
    let ctx_name = v
        .get("current-context")
        .and_then(Value::as_str)
        .unwrap_or("");
    let cluster_name = v
        .get("contexts")
        .and_then(Value::as_array)
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(ctx_name))
        })
        .and_then(|c| c.pointer("/context/cluster"))
        .and_then(Value::as_str)
        .unwrap_or("");
    v.get("clusters")
        .and_then(Value::as_array)
        .and_then(|cs| {
            cs.iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(cluster_name))
                .or_else(|| cs.first())
        })
        .and_then(|c| c.pointer("/cluster/server"))
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| format!("kubeconfig {path} names no cluster server"))
}

/// One HTTP/1.1 request to `url` (http only); returns (status, body).
pub fn http(url: &str, method: &str, path: &str, body: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("only http:// servers are supported, not {url:?}"))?;
    let hostport = rest.trim_end_matches('/');
    let mut s =
        TcpStream::connect(hostport).map_err(|e| format!("cannot connect to {url}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(120))).ok();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {hostport}\r\nUser-Agent: kubestep-ctl\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())
        .and_then(|_| s.write_all(body))
        .map_err(|e| format!("cannot send to {url}: {e}"))?;
    let mut raw = vec![];
    s.read_to_end(&mut raw)
        .map_err(|e| format!("cannot read from {url}: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("malformed HTTP response")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or("malformed HTTP status line")?;
    if head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("transfer-encoding:")
            && l.to_ascii_lowercase().contains("chunked")
    }) {
        body = dechunk(&body);
    }
    Ok((status, body))
}

fn dechunk(b: &[u8]) -> Vec<u8> {
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        let Some(eol) = b[i..].windows(2).position(|w| w == b"\r\n") else {
            break;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&b[i..i + eol]).trim(), 16).unwrap_or(0);
        i += eol + 2;
        if size == 0 || i + size > b.len() {
            break;
        }
        out.extend_from_slice(&b[i..i + size]);
        i += size + 2;
    }
    out
}

/// Run `argv` on the server; print its output; return its exit code.
pub fn ctl(url: &str, argv: &[String], stdin: Option<String>) -> Result<i32, String> {
    let req = json!({"argv": argv, "stdin": stdin});
    let (code, body) = http(url, "POST", "/kubestep/v1/exec", req.to_string().as_bytes())?;
    let v: Value = serde_json::from_slice(&body).map_err(|_| {
        format!(
            "unexpected answer from {url} (HTTP {code}): {}",
            String::from_utf8_lossy(&body)
        )
    })?;
    if code != 200 {
        return Err(format!(
            "{} (HTTP {code})",
            v.get("message")
                .and_then(Value::as_str)
                .unwrap_or("request failed")
        ));
    }
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    for c in v
        .get("chunks")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
    {
        if let Some(s) = c.get("stdout").and_then(Value::as_str) {
            let _ = out.write_all(s.as_bytes());
        } else if let Some(s) = c.get("stderr").and_then(Value::as_str) {
            let _ = out.flush();
            let _ = err.write_all(s.as_bytes());
        } else if let Some(s) = c.get("text").and_then(Value::as_str) {
            let _ = out.write_all(s.as_bytes());
        }
    }
    let _ = out.flush();
    Ok(v.get("exit").and_then(Value::as_i64).unwrap_or(1) as i32)
}

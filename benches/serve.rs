//! `cargo bench --bench serve`: `kubestep serve` with 1,000 running pods, measured over
//! loopback HTTP/1.1 with keep-alive, as kubectl talks to it:
//! - requests per second for `GET /api/v1/namespaces/default/pods` as JSON (a client-go
//!   list) and as a Table (what `kubectl get pods` asks for);
//! - the time from a write (a PATCH of a Deployment's labels) to its watch event arriving
//!   on an open watch, median and 95th percentile.
//!
//! `SERVE_BENCH_PODS=N` sets the number of pods (default 1,000).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One keep-alive connection; requests answered with Content-Length or chunked bodies.
struct Conn {
    r: BufReader<TcpStream>,
    w: TcpStream,
    host: String,
}

impl Conn {
    fn new(host: &str) -> Conn {
        let s = TcpStream::connect(host).expect("connect");
        s.set_nodelay(true).ok();
        Conn {
            r: BufReader::new(s.try_clone().unwrap()),
            w: s,
            host: host.to_string(),
        }
    }

    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) {
        let mut h = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (k, v) in headers {
            h.push_str(&format!("{k}: {v}\r\n"));
        }
        h.push_str("\r\n");
        self.w.write_all(h.as_bytes()).unwrap();
        self.w.write_all(body).unwrap();
    }

    /// Status code and headers of the next response.
    fn head(&mut self) -> (u16, Vec<(String, String)>) {
        let mut line = String::new();
        self.r.read_line(&mut line).unwrap();
        let code = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        let mut hs = vec![];
        loop {
            let mut l = String::new();
            self.r.read_line(&mut l).unwrap();
            let l = l.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                hs.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        (code, hs)
    }

    fn chunk(&mut self) -> Vec<u8> {
        let mut l = String::new();
        self.r.read_line(&mut l).unwrap();
        let n = usize::from_str_radix(l.trim(), 16).unwrap();
        let mut buf = vec![0; n + 2];
        self.r.read_exact(&mut buf).unwrap();
        buf.truncate(n);
        buf
    }

    fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Vec<u8>) {
        self.send(method, path, headers, body);
        let (code, hs) = self.head();
        let get = |k: &str| hs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let body = if let Some(n) = get("content-length") {
            let mut b = vec![0; n.parse().unwrap()];
            self.r.read_exact(&mut b).unwrap();
            b
        } else {
            let mut b = vec![];
            loop {
                let c = self.chunk();
                if c.is_empty() {
                    break;
                }
                b.extend(c);
            }
            b
        };
        (code, body)
    }
}

fn main() {
    let pods: u32 = std::env::var("SERVE_BENCH_PODS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = std::env::temp_dir().join(format!("kubestep-bench-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("setup.kss");
    let workers = pods.div_ceil(100).max(2);
    std::fs::write(
        &script,
        format!(
            "cluster reset --workers {workers} --pods 110\nkubectl apply -f - <<'EOF'\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {pods}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\nEOF\nsettle\n"
        ),
    )
    .unwrap();
    let t0 = Instant::now();
    let mut server = Command::new(env!("CARGO_BIN_EXE_kubestep"))
        .arg("serve")
        .arg(&script)
        .args(["--addr", "127.0.0.1:0", "--kubeconfig"])
        .arg(dir.join("kubeconfig"))
        .stdout(Stdio::piped())
        .spawn()
        .expect("kubestep serve");
    let mut host = String::new();
    for line in BufReader::new(server.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("kubestep serve: Kubernetes API at http://") {
            host = rest.split_whitespace().next().unwrap().to_string();
            break;
        }
    }
    println!(
        "serve: {} pods on {} workers ready in {:.2?}",
        pods,
        workers,
        t0.elapsed()
    );

    let mut c = Conn::new(&host);
    let path = "/api/v1/namespaces/default/pods";
    for (what, accept) in [
        ("JSON PodList", "application/json"),
        (
            "Table (kubectl get pods)",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json",
        ),
    ] {
        let (code, body) = c.request("GET", path, &[("Accept", accept)], b"");
        assert_eq!(code, 200);
        let n = 30;
        let t = Instant::now();
        for _ in 0..n {
            let (code, _) = c.request("GET", path, &[("Accept", accept)], b"");
            assert_eq!(code, 200);
        }
        let el = t.elapsed();
        println!(
            "GET {path} ({what}, {} KiB): {:.1} requests/s ({:.1} ms each)",
            body.len() / 1024,
            n as f64 / el.as_secs_f64(),
            el.as_secs_f64() * 1000.0 / n as f64
        );
    }

    // Write → watch event latency.
    let (_, dep) = c.request(
        "GET",
        "/apis/apps/v1/namespaces/default/deployments/web",
        &[],
        b"",
    );
    let rv: serde_json::Value = serde_json::from_slice(&dep).unwrap();
    let rv = rv["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let mut w = Conn::new(&host);
    w.send(
        "GET",
        &format!("/apis/apps/v1/namespaces/default/deployments?watch=true&resourceVersion={rv}"),
        &[],
        b"",
    );
    let (code, _) = w.head();
    assert_eq!(code, 200);
    let mut lat = vec![];
    for i in 0..100 {
        let body = format!("{{\"metadata\":{{\"labels\":{{\"n\":\"{i}\"}}}}}}");
        let t = Instant::now();
        let (code, _) = c.request(
            "PATCH",
            "/apis/apps/v1/namespaces/default/deployments/web",
            &[("Content-Type", "application/merge-patch+json")],
            body.as_bytes(),
        );
        assert_eq!(code, 200);
        // Frames until the one carrying this label.
        let want = format!("\"n\":\"{i}\"");
        loop {
            let f = w.chunk();
            if String::from_utf8_lossy(&f).contains(&want) {
                break;
            }
        }
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "write → watch event: median {:.2?}, p95 {:.2?} (PATCH answered and the event received, 100 writes)",
        lat[lat.len() / 2],
        lat[lat.len() * 95 / 100]
    );
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = Duration::ZERO;
}

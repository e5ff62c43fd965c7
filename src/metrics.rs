//! metrics-server: scrapes every kubelet's resource metrics on its own period and serves
//! them as the `metrics.k8s.io/v1beta1` API (what `kubectl top` and the HPA read).
//!
//! kind does not ship metrics-server; the `addon metrics-server` command applies its
//! manifest (kubernetes-sigs/metrics-server v0.7.2 `components.yaml`, with
//! `--kubelet-insecure-tls` as kind needs). This component is what the container of that
//! Deployment does: while a `k8s-app=metrics-server` pod in kube-system runs, it scrapes
//! every `--metric-resolution` (15 s); while one is Ready, the API is available (the
//! APIService's availability follows the Service's endpoints).
//!
//! CPU is a cumulative counter on the kubelet, so metrics-server reports a rate between two
//! scrapes: a container appears in the API only from its second scrape while running
//! (`pkg/storage/pod.go`: a pod needs two points), and its usage is the mean over the window
//! between them. Memory is the working set at the last scrape. A pod is served only when
//! every container has a rate. Scrapes write nothing to the API, so they are not steps.

use std::collections::BTreeMap;

use crate::load::Usage;
use crate::object::Kind;
use crate::runtime::Runtime;
use crate::runtime::queue::Key;
use crate::runtime::registry::Controller;
use crate::runtime::step::StepCtx;
use crate::store::WatchEvent;
use crate::time::{Millis, SimTime};

/// What `addon metrics-server` applies: the ServiceAccount, Service and Deployment of
/// metrics-server v0.7.2's `components.yaml` (kustomize's rendering of `manifests/base`: the
/// `k8s-app: metrics-server` common label, the release image) plus the
/// `--kubelet-insecure-tls` flag kind's self-signed kubelet certificates need. Its RBAC and
/// APIService are kinds kubestep does not serve yet.
pub const MANIFEST: &str = r#"apiVersion: v1
kind: ServiceAccount
metadata:
  labels:
    k8s-app: metrics-server
  name: metrics-server
  namespace: kube-system
---
apiVersion: v1
kind: Service
metadata:
  labels:
    k8s-app: metrics-server
  name: metrics-server
  namespace: kube-system
spec:
  ports:
  - name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    k8s-app: metrics-server
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    k8s-app: metrics-server
  name: metrics-server
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: metrics-server
  strategy:
    rollingUpdate:
      maxUnavailable: 0
  template:
    metadata:
      labels:
        k8s-app: metrics-server
    spec:
      containers:
      - args:
        - --cert-dir=/tmp
        - --secure-port=10250
        - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
        - --kubelet-use-node-status-port
        - --metric-resolution=15s
        - --kubelet-insecure-tls
        image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 3
          httpGet:
            path: /livez
            port: https
            scheme: HTTPS
          periodSeconds: 10
        name: metrics-server
        ports:
        - containerPort: 10250
          name: https
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /readyz
            port: https
            scheme: HTTPS
          initialDelaySeconds: 20
          periodSeconds: 10
        resources:
          requests:
            cpu: 100m
            memory: 200Mi
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop:
            - ALL
          readOnlyRootFilesystem: true
          runAsNonRoot: true
          runAsUser: 1000
          seccompProfile:
            type: RuntimeDefault
        volumeMounts:
        - mountPath: /tmp
          name: tmp-dir
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      serviceAccountName: metrics-server
      volumes:
      - emptyDir: {}
        name: tmp-dir
"#;

/// `--metric-resolution` in metrics-server's components.yaml.
pub const RESOLUTION_MS: Millis = 15_000;

/// A node's own idle use (kubelet, containerd, systemd), besides its pods.
pub const NODE_IDLE: Usage = Usage {
    cpu_milli: 60,
    memory: 420 * 1024 * 1024,
};

/// One pod's metrics as served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSample {
    pub uid: String,
    /// When the second point was taken.
    pub timestamp: SimTime,
    /// The span between the two points.
    pub window: Millis,
    pub containers: Vec<(String, Usage)>,
}

impl PodSample {
    /// The pod's total.
    pub fn total(&self) -> Usage {
        let mut u = Usage::default();
        for (_, c) in &self.containers {
            u.cpu_milli += c.cpu_milli;
            u.memory += c.memory;
        }
        u
    }
}

/// One node's metrics as served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSample {
    pub timestamp: SimTime,
    pub window: Millis,
    pub usage: Usage,
}

/// What metrics-server holds (part of the runtime's state, so rewinding restores it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// A metrics-server pod is Ready: the API is available.
    pub available: bool,
    /// A metrics-server container runs: scrapes happen.
    pub running: bool,
    /// When the last scrape happened.
    pub last_scrape: Option<SimTime>,
    /// The previous point of each running pod (by uid) and node: when it was taken.
    prev_pods: BTreeMap<String, SimTime>,
    prev_nodes: BTreeMap<String, SimTime>,
    /// Served pod metrics by (namespace, name).
    pub pods: BTreeMap<(String, String), PodSample>,
    /// Served node metrics by name.
    pub nodes: BTreeMap<String, NodeSample>,
}

/// The metrics-server component.
#[derive(Clone, Debug, Default)]
pub struct MetricsServer;

const SCRAPE: u8 = 0;

fn is_metrics_server_pod(o: &crate::object::Object) -> bool {
    o.namespace() == "kube-system"
        && o.meta()
            .labels
            .as_ref()
            .and_then(|l| l.get("k8s-app"))
            .is_some_and(|v| v == "metrics-server")
}

/// Whether a metrics-server container runs, and whether one is Ready.
fn server_state(c: &Runtime) -> (bool, bool) {
    let mut running = false;
    let mut ready = false;
    for o in c.store.list(Kind::Pod, Some("kube-system")) {
        if !is_metrics_server_pod(&o) || o.meta().deletion_timestamp.is_some() {
            continue;
        }
        let Some(p) = o.as_pod() else { continue };
        let node = p.spec.as_ref().and_then(|s| s.node_name.as_deref());
        if node.is_none_or(|n| c.node_stopped(n)) {
            continue;
        }
        if crate::podutil::phase(p) == "Running" {
            running = true;
            ready |= crate::podutil::is_pod_ready(p);
        }
    }
    (running, ready)
}

/// Whether every container of a pod is running (the kubelet reports no stats otherwise).
fn all_running(p: &k8s_openapi::api::core::v1::Pod) -> bool {
    let n = p.spec.as_ref().map_or(0, |s| s.containers.len());
    let st = p
        .status
        .as_ref()
        .and_then(|s| s.container_statuses.as_ref());
    crate::podutil::phase(p) == "Running"
        && st.is_some_and(|cs| {
            cs.len() == n
                && cs
                    .iter()
                    .all(|c| c.state.as_ref().is_some_and(|s| s.running.is_some()))
        })
}

/// One scrape at `now`: every reachable node's running pods.
pub fn scrape(c: &mut Runtime) {
    let now = c.now;
    let pods = c.store.list(Kind::Pod, None);
    let nodes = c.store.list(Kind::Node, None);
    let running: Vec<&k8s_openapi::api::core::v1::Pod> = pods
        .iter()
        .filter_map(|o| o.as_pod())
        .filter(|p| {
            p.spec
                .as_ref()
                .and_then(|s| s.node_name.as_deref())
                .is_some_and(|n| !c.node_stopped(n))
                && all_running(p)
        })
        .collect();
    let sharing = crate::load::sharing(&c.load, &running);
    let m = &mut c.metrics;
    let mut prev_pods = BTreeMap::new();
    let mut served = BTreeMap::new();
    let mut per_node: BTreeMap<String, Usage> = BTreeMap::new();
    for p in &running {
        let uid = p.metadata.uid.clone().unwrap_or_default();
        let ns = p.metadata.namespace.clone().unwrap_or_default();
        let name = p.metadata.name.clone().unwrap_or_default();
        let node = p
            .spec
            .as_ref()
            .and_then(|s| s.node_name.clone())
            .unwrap_or_default();
        prev_pods.insert(uid.clone(), now);
        // A container started 10s to one resolution ago counts from its start with a zero
        // counter (`pkg/storage/pod.go`: the fresh-container shortcut).
        let started = p
            .status
            .as_ref()
            .and_then(|s| s.container_statuses.as_ref())
            .and_then(|cs| {
                cs.iter()
                    .filter_map(|c| c.state.as_ref()?.running.as_ref()?.started_at.as_ref())
                    .map(SimTime::from_k8s)
                    .max()
            });
        let fresh = started.filter(|s| {
            let age = now.0 - s.0;
            (10_000..RESOLUTION_MS).contains(&age)
        });
        let Some(since) = m.prev_pods.get(&uid).copied().or(fresh) else {
            continue;
        };
        let usage = c.load.pod_usage(p, since, now, &sharing);
        let containers: Vec<(String, Usage)> = p
            .spec
            .as_ref()
            .map(|s| s.containers.iter().map(|ct| ct.name.clone()).collect())
            .unwrap_or_else(Vec::new)
            .into_iter()
            .zip(usage)
            .collect();
        let sample = PodSample {
            uid,
            timestamp: now,
            window: now.0 - since.0,
            containers,
        };
        let t = sample.total();
        let n = per_node.entry(node).or_default();
        n.cpu_milli += t.cpu_milli;
        n.memory += t.memory;
        served.insert((ns, name), sample);
    }
    let mut prev_nodes = BTreeMap::new();
    let mut node_samples = BTreeMap::new();
    for o in &nodes {
        let name = o.name().to_string();
        if c.stopped_nodes.contains(&name) {
            continue;
        }
        prev_nodes.insert(name.clone(), now);
        let Some(&since) = m.prev_nodes.get(&name) else {
            continue;
        };
        let pods = per_node.get(&name).copied().unwrap_or_default();
        node_samples.insert(
            name,
            NodeSample {
                timestamp: now,
                window: now.0 - since.0,
                usage: Usage {
                    cpu_milli: NODE_IDLE.cpu_milli + pods.cpu_milli,
                    memory: NODE_IDLE.memory + pods.memory,
                },
            },
        );
    }
    m.prev_pods = prev_pods;
    m.prev_nodes = prev_nodes;
    m.pods = served;
    m.nodes = node_samples;
    m.last_scrape = Some(now);
}

impl Controller for MetricsServer {
    fn name(&self) -> &'static str {
        "metrics-server"
    }

    fn watches(&self, kind: Kind) -> bool {
        kind == Kind::Pod
    }

    fn on_event(&mut self, c: &mut Runtime, ev: &WatchEvent) {
        if is_metrics_server_pod(&ev.obj) {
            let w = c.work(SCRAPE, Key::Name("start".into()));
            c.enqueue(w);
        }
    }

    fn sync(&mut self, c: &mut Runtime, _cx: &mut StepCtx, _op: u8, key: &Key) {
        let (running, ready) = server_state(c);
        c.metrics.available = ready;
        let tick = c.work(SCRAPE, Key::Name("scrape".into()));
        if !running {
            // The container is gone: its in-memory store goes with it.
            let available = c.metrics.available;
            c.metrics = Metrics {
                available,
                ..Default::default()
            };
            c.cancel_timer(&tick);
            return;
        }
        let started = !c.metrics.running;
        c.metrics.running = true;
        // A pod event between scrapes only updates availability; the scrape loop runs on
        // its own ticker (the first scrape when the container starts).
        if key.name() == "scrape" || started {
            scrape(c);
            c.add_timer(c.now.plus(RESOLUTION_MS), tick, true);
        }
    }
}

/// Whether the metrics API answers (for discovery and `kubectl top`).
pub fn api_available(c: &Runtime) -> bool {
    c.metrics.available
}

/// Canonical CPU quantity of millicores as metrics-server's nanocore quantity prints.
pub fn cpu_quantity(milli: i64) -> String {
    crate::quantity::canonical(&format!("{}m", milli))
}

/// Canonical memory quantity of bytes (BinarySI).
pub fn memory_quantity(bytes: i64) -> String {
    if bytes % 1024 == 0 {
        crate::quantity::canonical(&format!("{}Ki", bytes / 1024))
    } else {
        bytes.to_string()
    }
}

/// The window as metrics-server writes it (a Go duration: `15s`).
pub fn window(ms: Millis) -> String {
    crate::time::format_go_duration(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_canonical() {
        assert_eq!(cpu_quantity(300), "300m");
        assert_eq!(cpu_quantity(2000), "2");
        assert_eq!(memory_quantity(3 * 1024 * 1024), "3Mi");
        assert_eq!(window(15_000), "15s");
    }
}

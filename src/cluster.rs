//! The composition root: a [`Runtime`] plus the [`Registry`] of every component, built in
//! one place ([`controllers`]). This is the only module that names the controllers
//! together; the runtime never does.

use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};

use crate::controller::cronjob::CronJobController;
use crate::controller::daemonset::DaemonSetController;
use crate::controller::deployment::DeploymentController;
use crate::controller::endpoints::EndpointsController;
use crate::controller::endpointslice::{self, EndpointSliceController};
use crate::controller::gc::GarbageCollector;
use crate::controller::job::JobController;
use crate::controller::localpath::LocalPathProvisioner;
use crate::controller::nodelifecycle::NodeLifecycleController;
use crate::controller::persistentvolume::PersistentVolumeController;
use crate::controller::podautoscaler::HpaController;
use crate::controller::replicaset::ReplicaSetController;
use crate::controller::statefulset::StatefulSetController;
use crate::controller::tainteviction::TaintEvictionController;
use crate::controller::ttlafterfinished::TtlAfterFinishedController;
use crate::controller::volumeprotection::VolumeProtectionController;
use crate::kubelet::{Kubelets, NodeSpec};
use crate::profile::Profile;
use crate::runtime::Runtime;
use crate::runtime::api::ApiError;
use crate::runtime::registry::{Controller, Registry};
use crate::scheduler::component::Scheduler;
use crate::time::SimTime;

pub use crate::runtime::step::{EventRec, Explain, StepCtx, StepRecord, Trigger, Why, WriteRec};
pub use crate::runtime::{Timer, Timings};

/// The shape of a fresh cluster (`cluster reset` flags).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterShape {
    pub workers: u32,
    pub cpu: String,
    pub memory: String,
    pub pods: u32,
    /// kube-system as kubeadm leaves it (`cluster reset --bare` leaves it out).
    pub kube_system: bool,
}

impl Default for ClusterShape {
    fn default() -> ClusterShape {
        ClusterShape {
            workers: 2,
            cpu: "4".into(),
            memory: "8Gi".into(),
            pods: 110,
            kube_system: true,
        }
    }
}

/// How long before the story starts kubeadm begins (`kubeadm init` on the control plane,
/// then the workers joining): the cluster is this old when the user's first command runs.
/// A whole number of the kubelets' 10 s heartbeats and the node controller's 5 s passes, so
/// their phases are the same with or without kube-system.
pub const BOOTSTRAP_MS: i64 = 60_000;

/// Every component, in the order their informer handlers run for one watch event (and so
/// the order in which the keys they add join the FIFO).
///
/// Upstream registers kube-controller-manager's controllers in `NewControllerDescriptors`
/// (cmd/kube-controller-manager/app/controller_descriptor.go: endpoints, endpointslice,
/// garbagecollector, deployment, replicaset, …, nodelifecycle, …, taint-eviction) but
/// starts them from a Go map and runs each one's handlers on its own goroutine, so no
/// handler order exists there. kubestep's is: the workload controllers (replicaset before
/// deployment: a pod's owner hears of it first; then daemonset, job, cronjob and statefulset), the scheduler, node lifecycle and taint
/// eviction, the kubelets, the endpoints controllers, and the garbage collector last.
pub fn controllers(seed: u64) -> Registry {
    let mut r = Registry::default();
    let all: Vec<Box<dyn Controller>> = vec![
        Box::new(ReplicaSetController::default()),
        Box::new(DeploymentController),
        Box::new(DaemonSetController::default()),
        Box::new(JobController::default()),
        Box::new(CronJobController),
        Box::new(StatefulSetController),
        Box::new(PersistentVolumeController),
        Box::new(VolumeProtectionController),
        Box::new(Scheduler::new(seed)),
        Box::new(NodeLifecycleController::default()),
        Box::new(TaintEvictionController::default()),
        Box::new(Kubelets::new(seed)),
        Box::new(EndpointSliceController),
        Box::new(EndpointsController::default()),
        Box::new(TtlAfterFinishedController),
        Box::new(LocalPathProvisioner::default()),
        Box::new(HpaController::default()),
        Box::new(crate::controller::disruption::DisruptionController),
        Box::new(crate::controller::namespace::NamespaceController),
        Box::new(crate::controller::serviceaccount::ServiceAccountsController),
        Box::new(crate::controller::serviceaccount::RootCaCertPublisher),
        Box::new(crate::controller::resourcequota::ResourceQuotaController),
        Box::new(crate::metrics::MetricsServer),
        Box::new(GarbageCollector),
    ];
    for c in all {
        r.register(c);
    }
    r
}

/// The whole simulated cluster. Cloning it is the checkpoint used for rewinding. It
/// dereferences to its [`Runtime`] (store, clock, queues).
#[derive(Clone)]
pub struct Cluster {
    pub rt: Runtime,
    pub(crate) reg: Registry,
    /// Built by kubeadm (kube-system and kind's preloaded images on every node).
    kubeadm: bool,
    /// The API server's random stream while the cluster sets itself up (see
    /// [`Runtime::bootstrapping`]).
    setup_rng: crate::rng::SimRng,
}

impl Deref for Cluster {
    type Target = Runtime;
    fn deref(&self) -> &Runtime {
        &self.rt
    }
}

impl DerefMut for Cluster {
    fn deref_mut(&mut self) -> &mut Runtime {
        &mut self.rt
    }
}

impl Cluster {
    /// Free the cluster's parts one at a time (see [`Runtime::free_parts`]).
    #[doc(hidden)]
    pub fn free_parts(&mut self, freed: &mut dyn FnMut(&str)) {
        self.reg.free_each(freed);
        self.rt.free_parts(freed);
    }

    /// A fresh cluster: namespaces, a control-plane node and `shape.workers` workers, and
    /// (unless `shape.kube_system` is off) kube-system as kubeadm leaves it, built before
    /// virtual time zero (see [`Cluster::bootstrap_kube_system`]).
    pub fn new(seed: u64, profile: Profile, shape: &ClusterShape) -> Cluster {
        let mut c = Cluster {
            rt: Runtime::new(seed, profile),
            reg: controllers(seed),
            kubeadm: shape.kube_system,
            setup_rng: crate::rng::SimRng::new(seed, crate::rng::Stream::Setup),
        };
        c.rt.bootstrapping = true;
        if shape.kube_system {
            c.rt.now = SimTime(-BOOTSTRAP_MS);
        }
        let mut cx = StepCtx::new("cluster", Trigger::Reset);
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let _ = c.rt.api_create_namespace(&mut cx, ns);
        }
        let _ = c.add_node(
            &mut cx,
            &NodeSpec {
                name: "control-plane".into(),
                cpu: shape.cpu.clone(),
                memory: shape.memory.clone(),
                pods: shape.pods,
                labels: crate::kubeadm::CONTROL_PLANE_LABELS
                    .iter()
                    .map(|l| (l.to_string(), String::new()))
                    .collect(),
                taints: vec![(
                    "node-role.kubernetes.io/control-plane".into(),
                    String::new(),
                    "NoSchedule".into(),
                )],
            },
        );
        for i in 1..=shape.workers {
            let _ = c.add_node(
                &mut cx,
                &NodeSpec {
                    name: format!("worker-{}", i),
                    cpu: shape.cpu.clone(),
                    memory: shape.memory.clone(),
                    pods: shape.pods,
                    labels: vec![],
                    taints: vec![],
                },
            );
        }
        endpointslice::create_kubernetes_service(&mut c.rt, &mut cx);
        c.deliver();
        // Setup work (node registration) is not part of the story the user steps through.
        while let Some(w) = c.rt.queue.pop() {
            let mut cx = StepCtx::new("", Trigger::None);
            c.rt.process(&mut c.reg, &w, &mut cx);
            c.deliver();
        }
        c.fill_namespaces(&["default", "kube-node-lease", "kube-public", "kube-system"]);
        if shape.kube_system {
            c.bootstrap_kube_system(seed);
        }
        c.rt.bootstrapping = false;
        c
    }

    /// Create `objs` with the API server drawing from the setup stream.
    fn create_with_setup_rng(&mut self, cx: &mut StepCtx, objs: Vec<crate::object::Object>) {
        std::mem::swap(&mut self.rt.rng_api, &mut self.setup_rng);
        for o in objs {
            let _ = self.rt.api_create(cx, o, true);
        }
        std::mem::swap(&mut self.rt.rng_api, &mut self.setup_rng);
        self.deliver();
    }

    /// Give new namespaces their ServiceAccount `default` and root CA ConfigMap during the
    /// cluster's setup: the two controllers' keys are queued and run at once, with the API
    /// server drawing from the setup stream (so the user's objects keep their names).
    fn fill_namespaces(&mut self, namespaces: &[&str]) {
        use crate::controller::serviceaccount::{RootCaCertPublisher, ServiceAccountsController};
        use crate::runtime::queue::Key;
        for ns in namespaces {
            self.with(|_: &mut ServiceAccountsController, rt| {
                let w = rt.work(0, Key::Name(ns.to_string()));
                rt.enqueue(w);
            });
            self.with(|_: &mut RootCaCertPublisher, rt| {
                let w = rt.work(0, Key::Name(ns.to_string()));
                rt.enqueue(w);
            });
        }
        std::mem::swap(&mut self.rt.rng_api, &mut self.setup_rng);
        while let Some(w) = self.rt.queue.pop() {
            let mut cx = StepCtx::new("", Trigger::None);
            self.rt.process(&mut self.reg, &w, &mut cx);
            self.deliver();
        }
        std::mem::swap(&mut self.rt.rng_api, &mut self.setup_rng);
    }

    /// kubeadm's part, run before time zero and recorded nowhere: the control plane's
    /// static pods (mirrored by its kubelet), the kube-proxy DaemonSet, CoreDNS and the
    /// kube-dns Service, reconciled by the real controllers, scheduler and kubelets until
    /// everything runs. The workers are held unschedulable meanwhile — in a kubeadm cluster
    /// they join after `kubeadm init`, so CoreDNS lands on the control plane and the workers
    /// start with only their kube-proxy. The API server draws from its own random stream
    /// here, and the scheduler's stream starts afresh afterwards, so the user's objects get
    /// the same names and placements as in a bare cluster.
    fn bootstrap_kube_system(&mut self, seed: u64) {
        use crate::rng::{SimRng, Stream};
        let api_rng = std::mem::replace(&mut self.rt.rng_api, SimRng::new(seed, Stream::Kubeadm));
        let nodes: Vec<String> = self
            .rt
            .store
            .list(crate::object::Kind::Node, None)
            .iter()
            .map(|n| n.name().to_string())
            .collect();
        let workers: Vec<String> = nodes
            .iter()
            .filter(|n| *n != "control-plane")
            .cloned()
            .collect();
        let mut cx = StepCtx::new("kubeadm", Trigger::Reset);
        self.set_unschedulable(&mut cx, &workers, true);
        if let Some(cp) = self.rt.get(crate::object::Kind::Node, "", "control-plane") {
            let ip = cp
                .as_node()
                .map(crate::kubeadm::node_ip)
                .unwrap_or_default();
            let seen = self.rt.now.rfc3339_nanos();
            for p in crate::kubeadm::mirror_pods(&cp, &ip, &seen) {
                self.with(|k: &mut Kubelets, _| k.add_static_pod("control-plane", &p));
                let _ = self.rt.api_create(&mut cx, p.into(), true);
            }
        }
        // kube-controller-manager's controllers, as they start, make their accounts.
        self.create_with_setup_rng(&mut cx, crate::kubeadm::controller_accounts());
        let (accounts, workloads): (Vec<_>, Vec<_>) =
            crate::kubeadm::addons().into_iter().partition(|o| {
                matches!(
                    o.kind(),
                    crate::object::Kind::ServiceAccount | crate::object::Kind::ConfigMap
                )
            });
        self.create_with_setup_rng(&mut cx, accounts);
        for o in workloads {
            let _ = self.rt.api_create(&mut cx, o, true);
        }
        self.rt.run_unrecorded(&mut self.reg, None, 100_000);
        // kind installs its storage next: the local-path provisioner and `standard`.
        let mut cx = StepCtx::new("kind", Trigger::Reset);
        let _ = self.rt.api_create_namespace(&mut cx, "local-path-storage");
        self.deliver();
        self.fill_namespaces(&["local-path-storage"]);
        let (accounts, workloads): (Vec<_>, Vec<_>) =
            crate::kubeadm::storage().into_iter().partition(|o| {
                matches!(
                    o.kind(),
                    crate::object::Kind::ServiceAccount | crate::object::Kind::ConfigMap
                )
            });
        self.create_with_setup_rng(&mut cx, accounts);
        for o in workloads {
            let _ = self.rt.api_create(&mut cx, o, true);
        }
        self.rt.run_unrecorded(&mut self.reg, None, 100_000);
        // The workers join.
        let mut cx = StepCtx::new("kubeadm", Trigger::Reset);
        self.set_unschedulable(&mut cx, &workers, false);
        self.rt.run_unrecorded(&mut self.reg, None, 100_000);
        self.rt.rng_api = api_rng;
        self.with(|s: &mut Scheduler, _| s.reseed(seed));
        // Time runs on to zero (heartbeats, probes), still outside the story.
        self.rt
            .run_unrecorded(&mut self.reg, Some(SimTime(0)), 1_000_000);
        self.rt.steps = 0;
    }

    /// Mark nodes (un)schedulable directly (the bootstrap's stand-in for nodes that have
    /// not joined yet).
    fn set_unschedulable(&mut self, cx: &mut StepCtx, nodes: &[String], on: bool) {
        for n in nodes {
            let Some(node) = self.rt.get(crate::object::Kind::Node, "", n) else {
                continue;
            };
            let mut node = (*node).clone();
            if let crate::object::Object::Node(nd) = &mut node {
                nd.spec.get_or_insert_with(Default::default).unschedulable =
                    if on { Some(true) } else { None };
            }
            let _ = self.rt.api_update(cx, node, false, false);
        }
        self.deliver();
    }

    /// Deliver every store change since the last delivery to the informers.
    pub(crate) fn deliver(&mut self) {
        self.rt.deliver(&mut self.reg);
    }

    /// Run queued work until one recorded step happens, without moving the clock.
    /// Returns `None` when the queue is empty.
    pub fn run_one_now(&mut self) -> Option<StepRecord> {
        self.rt.run_one_now(&mut self.reg)
    }

    /// One recorded step: run queued work, or advance the clock to the next timer when
    /// nothing is queued; gives up (None) if nothing happens before `limit`.
    pub fn step_until(&mut self, limit: SimTime) -> Option<StepRecord> {
        self.rt.step_until(&mut self.reg, limit)
    }

    /// Turn a finished context into a step record (or nothing for a no-op).
    pub(crate) fn finish_step(&mut self, cx: StepCtx) -> Option<StepRecord> {
        self.rt.finish_step(&mut self.reg, cx)
    }

    /// Work waiting per component (`deployment-controller` → 2, `kubelet/worker-1` → 1).
    pub fn queue_depths(&self) -> BTreeMap<String, u64> {
        let mut m = BTreeMap::new();
        for w in self.rt.queue.items() {
            *m.entry(self.rt.component(&self.reg, w)).or_insert(0) += 1;
        }
        m
    }

    /// The components waiting for their client's rate limiter: for each, the time its next
    /// token comes, how many work items wait, and the client's limits.
    pub fn throttled(
        &self,
    ) -> BTreeMap<
        String,
        (
            crate::time::SimTime,
            usize,
            crate::runtime::flowcontrol::ClientLimits,
        ),
    > {
        self.rt.throttled_components(&self.reg)
    }

    /// The registered components' names, in registry order.
    pub fn controller_names(&self) -> Vec<&'static str> {
        self.reg.names()
    }

    /// Run `f` on the controller of type `T` with the runtime's active controller set to
    /// it, so that work items it builds are its own.
    pub(crate) fn with<T: 'static, R>(
        &mut self,
        f: impl FnOnce(&mut T, &mut Runtime) -> R,
    ) -> Option<R> {
        let id = self.reg.id_of::<T>()?;
        let prev = self.rt.active;
        self.rt.active = id;
        let ctl = self.reg.get_mut::<T>()?;
        let r = f(ctl, &mut self.rt);
        self.rt.active = prev;
        Some(r)
    }

    /// The kubelets (per-node pod workers and image caches), if registered.
    pub fn kubelets(&self) -> Option<&Kubelets> {
        self.reg.get::<Kubelets>()
    }

    /// Register a node (as its kubelet would) and start its kubelet.
    /// In a kubeadm cluster the node has kind's preloaded images.
    pub(crate) fn add_node(&mut self, cx: &mut StepCtx, spec: &NodeSpec) -> Result<(), ApiError> {
        let preload = self.kubeadm;
        self.with(|k: &mut Kubelets, rt| {
            k.add_node(rt, cx, spec)?;
            if preload {
                k.preload_images(&spec.name, crate::kubeadm::PRELOADED_IMAGES);
            }
            Ok(())
        })
        .unwrap_or(Ok(()))
    }

    /// `node stop`: the kubelet drops its work; the node controller's next pass counts.
    pub(crate) fn stop_kubelet(&mut self, node: &str) {
        self.rt.stopped_nodes.insert(node.to_string());
        self.with(|_: &mut Kubelets, rt| {
            let w = crate::kubelet::node_work(rt, node.to_string());
            rt.cancel_timer(&w);
        });
        self.with(|n: &mut NodeLifecycleController, rt| n.wake(rt));
    }

    /// `node start`: the kubelet syncs its node next; the node controller's next pass
    /// counts (it has taints to take off once the node reports Ready).
    pub(crate) fn start_kubelet(&mut self, node: &str) {
        self.rt.stopped_nodes.remove(node);
        self.with(|n: &mut NodeLifecycleController, rt| n.wake(rt));
    }

    /// Queue the node sync of `node`'s kubelet.
    pub(crate) fn enqueue_node_sync(&mut self, node: &str) {
        self.with(|_: &mut Kubelets, rt| {
            let w = crate::kubelet::node_work(rt, node.to_string());
            rt.enqueue(w);
        });
    }

    /// Make the kubelets look again at the pods that run one of `images`.
    pub(crate) fn resync_pods_using(&mut self, images: &[String]) {
        self.with(|k: &mut Kubelets, rt| crate::kubelet::resync_pods_using(k, rt, images));
    }
}

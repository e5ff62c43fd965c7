//! The scenario menu: a manifest for the editor and a line saying what to try.

/// One entry of the scenario menu.
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub manifest: &'static str,
    /// Console commands run when the scenario loads (a line may carry stdin after a
    /// newline, for `kubectl apply -f -`).
    pub setup: &'static [&'static str],
}

pub const CLASSIC: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: newkubia
spec:
  replicas: 5
  selector:
    matchLabels:
      app: newkubia
  template:
    metadata:
      labels:
        app: newkubia
    spec:
      containers:
      - name: newkubia
        image: luksa/kubia:v2
        ports:
        - containerPort: 8080
";

/// The HPA scenario's Deployment: in the editor and applied by its setup (one text, so
/// Apply from the editor changes nothing). No `replicas`: the autoscaler owns them.
macro_rules! hpa_manifest {
    () => {
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  # No replicas here: the autoscaler sets them,
  # and applying a count would undo its scaling.
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests:
            cpu: 200m
"
    };
}

/// The PDB scenario's Deployment: in the editor and applied by its setup.
macro_rules! pdb_manifest {
    () => {
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
"
    };
}

/// The namespace scenario's objects (scenarios/namespace.kss as a manifest): in the editor
/// and applied by its setup, so Apply brings shop back once it is gone.
macro_rules! namespace_manifest {
    () => {
        "apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: slow
  template:
    metadata:
      labels:
        app: slow
    spec:
      containers:
      # sh as PID 1 ignores SIGTERM: the pod takes
      # its whole 30s grace period to stop.
      - name: busybox
        image: busybox:1.36
        command: [sh, -c, 'sleep 3600']
"
    };
}

/// The missing-ConfigMap scenario's Deployment: its container's COLOR comes from the key
/// color of the ConfigMap app-config, which does not exist yet. In the editor and applied
/// by its setup.
macro_rules! configmap_manifest {
    () => {
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        env:
        # Read once, when the container starts.
        - name: COLOR
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: color
"
    };
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "classic",
        title: "Classic demo: scale newkubia 5 → 3",
        hint: "Apply, Play until the 5 pods run, then change replicas to 3 and Apply again: watch ScalingReplicaSet → Killing ×2 → SuccessfulDelete ×2.",
        manifest: CLASSIC,
        setup: &[],
    },
    Scenario {
        id: "edit",
        title: "Edit the live Deployment: replicas 5 → 3",
        hint: "newkubia runs 5 pods. In Objects, select deployment newkubia and press ✎ Edit: the editor holds the live object, resourceVersion included. Change replicas: 5 to 3 and Apply (a PUT, as kubectl replace): ScalingReplicaSet → Killing ×2 → SuccessfulDelete ×2. Edit again, then scale it from the console before you Apply: the stale edit gets 409 Conflict.",
        manifest: CLASSIC,
        setup: &[
            "kubectl apply -f -\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: newkubia\nspec:\n  replicas: 5\n  selector:\n    matchLabels:\n      app: newkubia\n  template:\n    metadata:\n      labels:\n        app: newkubia\n    spec:\n      containers:\n      - name: newkubia\n        image: luksa/kubia:v2\n        ports:\n        - containerPort: 8080\n",
            "settle",
        ],
    },
    Scenario {
        id: "rolling",
        title: "Rolling update",
        hint: "Apply and let it settle, then change the image to nginx:1.28 and Apply: maxSurge 25% and maxUnavailable 25% pace the new ReplicaSet up and the old one down.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
",
        setup: &[],
    },
    Scenario {
        id: "rollback",
        title: "Rollback",
        hint: "Apply, change the image and Apply, then type `kubectl rollout undo deployment/web` in the console: the old ReplicaSet is reused with a new revision.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    kubernetes.io/change-cause: first release
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
",
        setup: &[],
    },
    Scenario {
        id: "unschedulable",
        title: "Unschedulable pod",
        hint: "The pod asks for 6 CPUs; workers have 4. Read the FailedScheduling message, then run `node add big --cpu 16` in the console.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: 1
  selector:
    matchLabels:
      app: big
  template:
    metadata:
      labels:
        app: big
    spec:
      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests:
            cpu: \"6\"
            memory: 1Gi
",
        setup: &[],
    },
    Scenario {
        id: "recreate",
        title: "Recreate strategy",
        hint: "Apply, then change the image and Apply: every old pod stops before any new pod starts.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
spec:
  replicas: 2
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: redis
        image: redis:7.2
",
        setup: &[],
    },
    Scenario {
        id: "node-failure",
        title: "Node failure: stop worker-2",
        hint: "Apply and let it settle (Play), then press “stop” on worker-2: after the 50s grace period the node-controller marks it NotReady and taints it unreachable; 300s later (the default toleration) its pods are evicted and replaced on worker-1, the old ones stuck Terminating. Press “start” to bring it back.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
",
        setup: &[],
    },
    Scenario {
        id: "image-pull",
        title: "Image that cannot be pulled",
        hint: "The tag nginx:1.277 does not exist (a fault is armed for it). Apply and step: ErrImagePull, then ImagePullBackOff with the back-off doubling 10s → 5m. Fix the tag to 1.27 and Apply, or run `fault clear`.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.277
",
        setup: &["fault image-pull nginx:1.277"],
    },
    Scenario {
        id: "crashloop",
        title: "CrashLoopBackOff",
        hint: "The container's script exits with code 1 two seconds after it starts (kubestep runs sleep and exit as written). Apply, then Tick or Play: RESTARTS grows and the kubelet waits 10s, 20s, 40s … up to 5m between restarts.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: busybox:1.36
        command: [\"sh\", \"-c\", \"echo starting; sleep 2; exit 1\"]
",
        setup: &[],
    },
    Scenario {
        id: "probes",
        title: "Readiness and liveness probes",
        hint: "Apply: READY stays 0/1 until the first readiness probe passes at 5s, and minReadySeconds keeps pods unavailable 10s more. Then inject “probe readiness” for nginx:1.27: Unhealthy events, pods NotReady, the Deployment loses availability.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  minReadySeconds: 10
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        readinessProbe:
          httpGet:
            path: /
            port: 80
          initialDelaySeconds: 5
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /
            port: 80
          periodSeconds: 10
",
        setup: &[],
    },
    Scenario {
        id: "service",
        title: "Service, EndpointSlices and kube-proxy",
        hint: "Apply: as each pod turns Ready the endpointslice-controller adds its IP, and every kube-proxy rewrites its rules. Press “send request” (or run `request web`), and `proxy rules worker-1` in the console. Scale to 0 and the request is refused.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
",
        setup: &[],
    },
    Scenario {
        id: "stalled-rollout",
        title: "Stalled rollout: progress deadline",
        hint: "web runs nginx:1.27. The editor changes it to nginx:1.277, which cannot be pulled. Apply and Play: the new pods stay in ImagePullBackOff, the old ones keep serving (maxUnavailable), and 30s later Progressing turns False with ProgressDeadlineExceeded (see the Deployment in Objects). Then try `kubectl rollout undo deployment/web`.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  progressDeadlineSeconds: 30
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.277
",
        setup: &[
            "kubectl apply -f -\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  progressDeadlineSeconds: 30\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n",
            "settle",
            "fault image-pull nginx:1.277",
        ],
    },
    Scenario {
        id: "daemonset",
        title: "DaemonSet: one pod per node",
        hint: "Apply and Play: the daemonset-controller creates one log-agent pod per worker, each pinned to its node by node affinity (the control plane's taint keeps it off there; kube-proxy tolerates everything). Then run `node add worker-3`: a pod follows the new node. `kubectl set image ds/log-agent agent=fluent/fluent-bit:3.2.4` replaces the pods one node at a time (maxUnavailable 1); `kubectl rollout history ds/log-agent` lists its ControllerRevisions.",
        manifest: "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.2
",
        setup: &[],
    },
    Scenario {
        id: "drain-daemonset",
        title: "Drain a node with DaemonSet pods",
        hint: "web runs 4 pods on the two workers, next to each worker's kube-proxy. Run `kubectl drain worker-1`: kubectl refuses, because the DaemonSet would put kube-proxy straight back. Then `kubectl drain worker-1 --ignore-daemonsets`: the web pods are evicted and come back on worker-2; kube-proxy stays (it tolerates the unschedulable taint). `kubectl uncordon worker-1` ends it.",
        manifest: "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
",
        setup: &[
            "kubectl apply -f -\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n",
            "settle",
        ],
    },
    Scenario {
        id: "job",
        title: "Job: run to completion, then a Job that fails and backs off",
        hint: "Apply and Play: the job-controller keeps 2 pods running until 3 succeeded (each counted through the batch.kubernetes.io/job-tracking finalizer), then adds SuccessCriteriaMet and Complete. Then rename the Job to flaky, change the command to `sleep 2; exit 1` and Apply: each failed pod doubles the wait before the next one (10s, 20s), and the third failure passes backoffLimit 2 (BackoffLimitExceeded).",
        manifest: "apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 3
  parallelism: 2
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: busybox:1.36
        command: [sh, -c, 'sleep 5; echo 3.14159']
",
        setup: &[],
    },
    Scenario {
        id: "cronjob",
        title: "A CronJob over a day: a backup every hour",
        hint: "Apply, then run `tick 24h` in the console: the virtual clock runs through a day, and at the top of each hour the cronjob-controller creates a Job named after its scheduled time in Unix minutes (backup-28928220 is 2025-01-01T01:00Z: 1735693200 s ÷ 60). `kubectl get cronjobs,jobs` then shows only 3 Jobs: successfulJobsHistoryLimit 3 deletes the older ones. `kubectl get events --field-selector involvedObject.kind=CronJob` tells the story: SuccessfulCreate, SawCompletedJob, SuccessfulDelete. The next schedule time is a routine timer: `settle` does not wait for it, `tick` runs through it.",
        manifest: "apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: \"@hourly\"
  successfulJobsHistoryLimit: 3
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: busybox:1.36
            command: [sh, -c, 'date; echo backup done']
",
        setup: &[],
    },
    Scenario {
        id: "statefulset",
        title: "StatefulSet: ordered start and scale-down",
        hint: "Apply, then Play or Step: the statefulset-controller creates web-0 first, and web-1 only once web-0 is Running and Ready (podManagementPolicy OrderedReady). Each pod gets its own claim www-web-N from volumeClaimTemplates; kind's StorageClass standard binds WaitForFirstConsumer, so the scheduler picks the node first and the local-path provisioner then makes the volume on that node. Each pod's stable DNS name, web-N.nginx.default.svc.cluster.local, comes from its hostname and subdomain and the headless Service nginx (`kubectl get endpointslices -o yaml` shows each endpoint's hostname). Then run `kubectl scale sts web --replicas=1`: web-2 goes first, then web-1 (highest ordinal first), and their claims stay (`kubectl get pvc`).",
        manifest: "apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: \"nginx\"
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ \"ReadWriteOnce\" ]
      resources:
        requests:
          storage: 1Gi
",
        setup: &[],
    },
    Scenario {
        id: "hpa",
        title: "HPA under load: scale up, then down after 5 minutes",
        hint: "web asks for 200m CPU per pod. metrics-server is installed (`addon metrics-server`) and `kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10` has run: see the HorizontalPodAutoscaler under the cluster. Raise the load: set 900m as the total CPU load there, or type `load deployment/web --cpu 900m --total` in the console, then Play or run `settle`. Every 15s the horizontal-pod-autoscaler reads the pods' CPU from metrics-server and scales up at once, at most to max(2×current, 4) per pass: 1 → 4 → 8 → 9, until 9 pods share 900m at 50% of their request. Then drop the load (50m, or clear it) and run `tick 4m`: still 9, because a scale-down waits out the 5-minute stabilization window; `tick 2m` more and it is back to 1. The chart draws the replicas and the utilization over virtual time.",
        manifest: hpa_manifest!(),
        setup: &[
            concat!("kubectl apply -f -\n", hpa_manifest!()),
            "addon metrics-server",
            "settle",
            "kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10",
            "tick 20s",
        ],
    },
    Scenario {
        id: "pdb-drain",
        title: "Drain blocked by a PodDisruptionBudget",
        hint: "web runs 3 pods, two of them on worker-2, and `kubectl create pdb web --selector=app=web --min-available=2` has run: 3 pods are healthy and 2 must stay so, so the disruption-controller allows 1 disruption (`kubectl get pdb`). Run `kubectl drain worker-2 --ignore-daemonsets`: it cordons the node and evicts the two web pods there. The first eviction takes the one allowed disruption; the second is refused with 429 Too Many Requests, “Cannot evict pod as it would violate the pod's disruption budget.”, and kubectl drain tries it again every 5s. Meanwhile the replicaset-controller replaces the evicted pod on worker-1; once the replacement is Ready the disruption-controller allows 1 disruption again, the next retry succeeds, and the drain ends with node/worker-2 drained. All of that happens within the one command. To stop at the blocked moment, run the drain with `--timeout=200ms` instead: it gives up while the budget is at 0, worker-2's second pod still Running and its replacement Pending on worker-1. Step until the replacement is Ready and the budget (under Objects) allows 1 disruption again, then drain once more. `kubectl uncordon worker-2` ends it.",
        manifest: pdb_manifest!(),
        setup: &[
            concat!("kubectl apply -f -\n", pdb_manifest!()),
            "settle",
            "kubectl create pdb web --selector=app=web --min-available=2",
            "settle",
        ],
    },
    Scenario {
        id: "namespace",
        title: "A namespace that won't go away",
        hint: "The namespace shop holds two Deployments: web (nginx, 2 pods) and slow, whose busybox container runs `sh -c 'sleep 3600'`: sh is PID 1 and ignores SIGTERM, so that pod takes its whole 30s grace period to stop. Run `kubectl delete namespace shop --wait=false`: shop is not removed but marked Terminating (`kubectl get ns`), and stays while the `kubernetes` finalizer is in its spec.finalizers. `kubectl run p --image=nginx -n shop` is refused: NamespaceLifecycle admission takes no new content in a namespace being terminated. Step (or `tick 6s`): 5s after the delete the namespace-controller deletes everything in shop and writes why it cannot finish yet; `kubectl describe namespace shop` shows NamespaceContentRemaining (pods). Then Play or `settle`: web's pods stop within a second, slow's is killed when its grace period ends, the controller removes the finalizer and shop is gone. Apply brings it back.",
        manifest: namespace_manifest!(),
        setup: &[
            concat!("kubectl apply -f -\n", namespace_manifest!()),
            "settle",
        ],
    },
    Scenario {
        id: "missing-configmap",
        title: "Missing ConfigMap",
        hint: "web's container takes its environment variable COLOR from the key color of the ConfigMap app-config, and there is no app-config. Step or Play: the pods are scheduled and nginx:1.27 is pulled, but the kubelet cannot build the container's environment: each pod waits in CreateContainerConfigError, with the Warning event Failed: `Error: configmap \"app-config\" not found`. The kubelet tries again 10–15s later each time (its pod worker's jittered back-off; `kubectl describe pods` counts the attempts), for as long as it takes, so `settle` would wait in vain. Create it: `kubectl create configmap app-config --from-literal=color=blue` (it shows under Objects), then Step or Play: the next retry creates and starts the containers, with COLOR=blue. Now change the value: `kubectl patch configmap app-config -p '{\"data\":{\"color\":\"green\"}}'`, and Play or `settle`: nothing restarts, the same two pods keep running with COLOR=blue, because a container reads its environment only when it starts. `kubectl rollout restart deployment/web` picks up green: it stamps the pod template with a kubectl.kubernetes.io/restartedAt annotation, and the Deployment rolls out two new pods whose containers start with COLOR=green.",
        manifest: configmap_manifest!(),
        setup: &[concat!("kubectl apply -f -\n", configmap_manifest!())],
    },
];

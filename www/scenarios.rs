//! The scenario menu: a manifest for the editor and a line saying what to try.

/// One entry of the scenario menu.
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
    pub manifest: &'static str,
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

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        id: "classic",
        title: "Classic demo: scale newkubia 5 → 3",
        hint: "Apply, Play until the 5 pods run, then change replicas to 3 and Apply again: watch ScalingReplicaSet → Killing ×2 → SuccessfulDelete ×2.",
        manifest: CLASSIC,
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
    },
];

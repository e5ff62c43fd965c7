//! kube-system as `kubeadm init` v1.32 leaves it (as kind creates it): the control-plane
//! components as static pods mirrored into the API, the `kube-proxy` DaemonSet, and CoreDNS
//! (the `coredns` Deployment and the `kube-dns` Service). Pure data; `cluster.rs` creates it.
//!
//! Upstream: `cmd/kubeadm/app/phases/controlplane/manifests.go`, `phases/etcd/local.go`,
//! `util/staticpod/utils.go` (the static pods), `phases/addons/proxy/manifests.go`
//! (kube-proxy), `phases/addons/dns/manifests.go` (CoreDNS), `constants/constants.go` (image
//! versions: etcd 3.5.16-0, CoreDNS v1.11.3 for v1.32.0). The mirror pods' annotations and
//! owner are the kubelet's (`pkg/kubelet/config/common.go`, `pkg/kubelet/pod/mirror_client.go`).
//! Command lines keep kubeadm's flags in its (sorted) order, certificates included.

use k8s_openapi::api::core::v1::{Node, Pod, Toleration};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

use crate::object::{Kind, Object};

/// The Kubernetes version kubeadm deploys (the control-plane images' tag).
pub const VERSION: &str = "v1.32.0";

/// Images every kind node has preloaded (kind's node image).
pub const PRELOADED_IMAGES: &[&str] = &[
    "registry.k8s.io/etcd:3.5.16-0",
    "registry.k8s.io/kube-apiserver:v1.32.0",
    "registry.k8s.io/kube-controller-manager:v1.32.0",
    "registry.k8s.io/kube-scheduler:v1.32.0",
    "registry.k8s.io/kube-proxy:v1.32.0",
    "registry.k8s.io/coredns/coredns:v1.11.3",
    "registry.k8s.io/pause:3.10",
    "docker.io/kindest/local-path-provisioner:v20241212-8ac705d0",
    "docker.io/kindest/local-path-helper:v20241212-8ac705d0",
];

/// The label and the taint `kubeadm init` puts on the control-plane node
/// (`phases/markcontrolplane`).
pub const CONTROL_PLANE_LABELS: &[&str] = &[
    "node-role.kubernetes.io/control-plane",
    "node.kubernetes.io/exclude-from-external-load-balancers",
];

const ETCD: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://{IP}:2379
  labels:
    component: etcd
    tier: control-plane
  name: etcd
  namespace: kube-system
spec:
  containers:
  - command:
    - etcd
    - --advertise-client-urls=https://{IP}:2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth=true
    - --data-dir=/var/lib/etcd
    - --experimental-initial-corrupt-check=true
    - --experimental-watch-progress-notify-interval=5s
    - --initial-advertise-peer-urls=https://{IP}:2380
    - --initial-cluster={NODE}=https://{IP}:2380
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://127.0.0.1:2379,https://{IP}:2379
    - --listen-metrics-urls=http://127.0.0.1:2381
    - --listen-peer-urls=https://{IP}:2380
    - --name={NODE}
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-client-cert-auth=true
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    - --snapshot-count=10000
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    image: registry.k8s.io/etcd:3.5.16-0
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 127.0.0.1
        path: /livez
        port: 2381
        scheme: HTTP
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: etcd
    readinessProbe:
      failureThreshold: 3
      httpGet:
        host: 127.0.0.1
        path: /readyz
        port: 2381
        scheme: HTTP
      periodSeconds: 1
      timeoutSeconds: 15
    resources:
      requests:
        cpu: 100m
        memory: 100Mi
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: 127.0.0.1
        path: /readyz
        port: 2381
        scheme: HTTP
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /var/lib/etcd
      name: etcd-data
    - mountPath: /etc/kubernetes/pki/etcd
      name: etcd-certs
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/pki/etcd
      type: DirectoryOrCreate
    name: etcd-certs
  - hostPath:
      path: /var/lib/etcd
      type: DirectoryOrCreate
    name: etcd-data
"#;

const APISERVER: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: {IP}:6443
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address={IP}
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    - --etcd-servers=https://127.0.0.1:2379
    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
    - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
    - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
    - --requestheader-allowed-names=front-proxy-client
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --requestheader-extra-headers-prefix=X-Remote-Extra-
    - --requestheader-group-headers=X-Remote-Group
    - --requestheader-username-headers=X-Remote-User
    - --secure-port=6443
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/16
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:v1.32.0
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: {IP}
        path: /livez
        port: 6443
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: kube-apiserver
    readinessProbe:
      failureThreshold: 3
      httpGet:
        host: {IP}
        path: /readyz
        port: 6443
        scheme: HTTPS
      periodSeconds: 1
      timeoutSeconds: 15
    resources:
      requests:
        cpu: 250m
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: {IP}
        path: /livez
        port: 6443
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /etc/ssl/certs
      name: ca-certs
      readOnly: true
    - mountPath: /etc/ca-certificates
      name: etc-ca-certificates
      readOnly: true
    - mountPath: /etc/kubernetes/pki
      name: k8s-certs
      readOnly: true
    - mountPath: /usr/local/share/ca-certificates
      name: usr-local-share-ca-certificates
      readOnly: true
    - mountPath: /usr/share/ca-certificates
      name: usr-share-ca-certificates
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/ssl/certs
      type: DirectoryOrCreate
    name: ca-certs
  - hostPath:
      path: /etc/ca-certificates
      type: DirectoryOrCreate
    name: etc-ca-certificates
  - hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate
    name: k8s-certs
  - hostPath:
      path: /usr/local/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-local-share-ca-certificates
  - hostPath:
      path: /usr/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-share-ca-certificates
"#;

const CONTROLLER_MANAGER: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  labels:
    component: kube-controller-manager
    tier: control-plane
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-controller-manager
    - --allocate-node-cidrs=true
    - --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --bind-address=127.0.0.1
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --cluster-cidr=10.244.0.0/16
    - --cluster-name=kind
    - --cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt
    - --cluster-signing-key-file=/etc/kubernetes/pki/ca.key
    - --controllers=*,bootstrapsigner,tokencleaner
    - --kubeconfig=/etc/kubernetes/controller-manager.conf
    - --leader-elect=true
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --root-ca-file=/etc/kubernetes/pki/ca.crt
    - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/16
    - --use-service-account-credentials=true
    image: registry.k8s.io/kube-controller-manager:v1.32.0
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10257
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: kube-controller-manager
    resources:
      requests:
        cpu: 200m
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10257
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /etc/ssl/certs
      name: ca-certs
      readOnly: true
    - mountPath: /etc/ca-certificates
      name: etc-ca-certificates
      readOnly: true
    - mountPath: /usr/libexec/kubernetes/kubelet-plugins/volume/exec
      name: flexvolume-dir
    - mountPath: /etc/kubernetes/pki
      name: k8s-certs
      readOnly: true
    - mountPath: /etc/kubernetes/controller-manager.conf
      name: kubeconfig
      readOnly: true
    - mountPath: /usr/local/share/ca-certificates
      name: usr-local-share-ca-certificates
      readOnly: true
    - mountPath: /usr/share/ca-certificates
      name: usr-share-ca-certificates
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/ssl/certs
      type: DirectoryOrCreate
    name: ca-certs
  - hostPath:
      path: /etc/ca-certificates
      type: DirectoryOrCreate
    name: etc-ca-certificates
  - hostPath:
      path: /usr/libexec/kubernetes/kubelet-plugins/volume/exec
      type: DirectoryOrCreate
    name: flexvolume-dir
  - hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate
    name: k8s-certs
  - hostPath:
      path: /etc/kubernetes/controller-manager.conf
      type: FileOrCreate
    name: kubeconfig
  - hostPath:
      path: /usr/local/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-local-share-ca-certificates
  - hostPath:
      path: /usr/share/ca-certificates
      type: DirectoryOrCreate
    name: usr-share-ca-certificates
"#;

const SCHEDULER: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  labels:
    component: kube-scheduler
    tier: control-plane
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf
    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf
    - --bind-address=127.0.0.1
    - --kubeconfig=/etc/kubernetes/scheduler.conf
    - --leader-elect=true
    image: registry.k8s.io/kube-scheduler:v1.32.0
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10259
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    name: kube-scheduler
    resources:
      requests:
        cpu: 100m
    startupProbe:
      failureThreshold: 24
      httpGet:
        host: 127.0.0.1
        path: /healthz
        port: 10259
        scheme: HTTPS
      initialDelaySeconds: 10
      periodSeconds: 10
      timeoutSeconds: 15
    volumeMounts:
    - mountPath: /etc/kubernetes/scheduler.conf
      name: kubeconfig
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/scheduler.conf
      type: FileOrCreate
    name: kubeconfig
"#;

// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const KUBE_PROXY: &str = r#"
apiVersion: apps/v1
kind: DaemonSet
metadata:
  labels:
    k8s-app: kube-proxy
  name: kube-proxy
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      containers:
      - command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        image: registry.k8s.io/kube-proxy:v1.32.0
        imagePullPolicy: IfNotPresent
        name: kube-proxy
        securityContext:
          privileged: true
        volumeMounts:
        - mountPath: /var/lib/kube-proxy
          name: kube-proxy
        - mountPath: /run/xtables.lock
          name: xtables-lock
        - mountPath: /lib/modules
          name: lib-modules
          readOnly: true
      hostNetwork: true
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-node-critical
      serviceAccountName: kube-proxy
      tolerations:
      - operator: Exists
      volumes:
      - configMap:
          name: kube-proxy
        name: kube-proxy
      - hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
        name: xtables-lock
      - hostPath:
          path: /lib/modules
        name: lib-modules
  updateStrategy:
    type: RollingUpdate
"#;

// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const COREDNS: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    k8s-app: kube-dns
  name: coredns
  namespace: kube-system
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
  strategy:
    rollingUpdate:
      maxUnavailable: 1
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values:
                  - kube-dns
              topologyKey: kubernetes.io/hostname
            weight: 100
      containers:
      - args:
        - -conf
        - /etc/coredns/Corefile
        image: registry.k8s.io/coredns/coredns:v1.11.3
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 5
          httpGet:
            path: /health
            port: 8080
            scheme: HTTP
          initialDelaySeconds: 60
          successThreshold: 1
          timeoutSeconds: 5
        name: coredns
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        readinessProbe:
          httpGet:
            path: /ready
            port: 8181
            scheme: HTTP
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
          readOnlyRootFilesystem: true
        volumeMounts:
        - mountPath: /etc/coredns
          name: config-volume
          readOnly: true
      dnsPolicy: Default
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
      volumes:
      - configMap:
          items:
          - key: Corefile
            path: Corefile
          name: coredns
        name: config-volume
"#;

// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const KUBE_DNS: &str = r#"
apiVersion: v1
kind: Service
metadata:
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: CoreDNS
  name: kube-dns
  namespace: kube-system
spec:
  clusterIP: 10.96.0.10
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    k8s-app: kube-dns
"#;

/// kind's default storage (kind v0.26 `const_storage.go`, installed after `kubeadm init`,
/// before the workers join): the local-path provisioner's Deployment.
// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const LOCAL_PATH_PROVISIONER: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: local-path-provisioner
  namespace: local-path-storage
spec:
  replicas: 1
  selector:
    matchLabels:
      app: local-path-provisioner
  template:
    metadata:
      labels:
        app: local-path-provisioner
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Equal
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Equal
        effect: NoSchedule
      serviceAccountName: local-path-provisioner-service-account
      containers:
        - name: local-path-provisioner
          image: docker.io/kindest/local-path-provisioner:v20241212-8ac705d0
          imagePullPolicy: IfNotPresent
          command:
            - local-path-provisioner
            - --debug
            - start
            - --helper-image
            - docker.io/kindest/local-path-helper:v20241212-8ac705d0
            - --config
            - /etc/config/config.json
          volumeMounts:
            - name: config-volume
              mountPath: /etc/config/
          env:
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: CONFIG_MOUNT_PATH
              value: /etc/config/
      volumes:
        - name: config-volume
          configMap:
            name: local-path-config
"#;

/// The ServiceAccounts and ConfigMaps kubeadm's addon phase creates with kube-proxy and
/// CoreDNS (`cmd/kubeadm/app/phases/addons/proxy/manifests.go`, `…/dns/manifests.go`):
/// the pods name the accounts and mount the ConfigMaps, so they come first.
// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const ADDON_ACCOUNTS_AND_CONFIG: &str = r#"
apiVersion: v1
kind: ServiceAccount
metadata:
  name: kube-proxy
  namespace: kube-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app: kube-proxy
  name: kube-proxy
  namespace: kube-system
data:
  config.conf: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    bindAddress: 0.0.0.0
    bindAddressHardFail: false
    clientConnection:
      acceptContentTypes: ""
      burst: 0
      contentType: ""
      kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
      qps: 0
    clusterCIDR: 10.244.0.0/16
    configSyncPeriod: 0s
    conntrack:
      maxPerCore: 0
      min: null
      tcpBeLiberal: false
      tcpCloseWaitTimeout: null
      tcpEstablishedTimeout: null
      udpStreamTimeout: 0s
      udpTimeout: 0s
    detectLocal:
      bridgeInterface: ""
      interfaceNamePrefix: ""
    detectLocalMode: ""
    enableProfiling: false
    healthzBindAddress: ""
    hostnameOverride: ""
    iptables:
      localhostNodePorts: null
      masqueradeAll: false
      masqueradeBit: null
      minSyncPeriod: 1s
      syncPeriod: 0s
    ipvs:
      excludeCIDRs: null
      minSyncPeriod: 0s
      scheduler: ""
      strictARP: false
      syncPeriod: 0s
      tcpFinTimeout: 0s
      tcpTimeout: 0s
      udpTimeout: 0s
    kind: KubeProxyConfiguration
    logging:
      flushFrequency: 0
      options:
        json:
          infoBufferSize: "0"
        text:
          infoBufferSize: "0"
      verbosity: 0
    metricsBindAddress: ""
    mode: iptables
    nftables:
      masqueradeAll: false
      masqueradeBit: null
      minSyncPeriod: 0s
      syncPeriod: 0s
    nodePortAddresses: null
    oomScoreAdj: null
    portRange: ""
    showHiddenMetricsForVersion: ""
    winkernel:
      enableDSR: false
      forwardHealthCheckVip: false
      networkName: ""
      rootHnsEndpointName: ""
      sourceVip: ""
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: https://control-plane:6443
      name: default
    contexts:
    - context:
        cluster: default
        namespace: default
        user: default
      name: default
    current-context: default
    users:
    - name: default
      user:
        tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
        health {
           lameduck 5s
        }
        ready
        kubernetes cluster.local in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
           ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf {
           max_concurrent 1000
        }
        cache 30 {
           disable success cluster.local
           disable denial cluster.local
        }
        loop
        reload
        loadbalance
    }
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: coredns
  namespace: kube-system
"#;

/// The ServiceAccounts kube-controller-manager makes in kube-system as its controllers start:
/// kubeadm runs it with `--use-service-account-credentials=true`, so each controller's
/// client (`ClientOrDie(NAME)` in `cmd/kube-controller-manager/app`) gets or creates the
/// account NAME (v1.32 default controllers plus kubeadm's bootstrapsigner and tokencleaner;
/// several controllers share `node-controller` and `certificate-controller`).
pub const CONTROLLER_ACCOUNTS: &[&str] = &[
    "attachdetach-controller",
    "bootstrap-signer",
    "certificate-controller",
    "clusterrole-aggregation-controller",
    "cronjob-controller",
    "daemon-set-controller",
    "deployment-controller",
    "disruption-controller",
    "endpoint-controller",
    "endpointslice-controller",
    "endpointslicemirroring-controller",
    "ephemeral-volume-controller",
    "expand-controller",
    "generic-garbage-collector",
    "horizontal-pod-autoscaler",
    "job-controller",
    "legacy-service-account-token-cleaner",
    "namespace-controller",
    "node-controller",
    "persistent-volume-binder",
    "pod-garbage-collector",
    "pv-protection-controller",
    "pvc-protection-controller",
    "replicaset-controller",
    "replication-controller",
    "resourcequota-controller",
    "root-ca-cert-publisher",
    "service-account-controller",
    "statefulset-controller",
    "token-cleaner",
    "ttl-after-finished-controller",
    "ttl-controller",
    "validatingadmissionpolicy-status-controller",
];

/// [`CONTROLLER_ACCOUNTS`] as objects.
pub fn controller_accounts() -> Vec<Object> {
    CONTROLLER_ACCOUNTS
        .iter()
        .map(|n| {
            Object::from(k8s_openapi::api::core::v1::ServiceAccount {
                metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                    name: Some(n.to_string()),
                    namespace: Some("kube-system".into()),
                    ..Default::default()
                },
                ..Default::default()
            })
        })
        .collect()
}

/// The local-path provisioner's ServiceAccount and its ConfigMap (kind's
/// `local-path-storage.yaml`: where volumes go, and the helper pod that makes and removes
/// their directories).
// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const LOCAL_PATH_ACCOUNT_AND_CONFIG: &str = r#"
apiVersion: v1
kind: ServiceAccount
metadata:
  name: local-path-provisioner-service-account
  namespace: local-path-storage
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-path-config
  namespace: local-path-storage
data:
  config.json: |-
    {
            "nodePathMap":[
            {
                    "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                    "paths":["/var/local-path-provisioner"]
            }
            ]
    }
  setup: |-
    #!/bin/sh
    set -eu
    mkdir -m 0777 -p "$VOL_DIR"
  teardown: |-
    #!/bin/sh
    set -eu
    rm -rf "$VOL_DIR"
  helperPod.yaml: |-
    apiVersion: v1
    kind: Pod
    metadata:
      name: helper-pod
    spec:
      containers:
      - name: helper-pod
        image: docker.io/kindest/local-path-helper:v20241212-8ac705d0
        imagePullPolicy: IfNotPresent
"#;

/// kind's `standard` StorageClass, as `kubectl apply` left it (the last-applied annotation).
// The source of src/kubeadm.json (the test kubeadm_json_is_current).
#[cfg(test)]
const STANDARD_CLASS: &str = r#"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"annotations":{"storageclass.kubernetes.io/is-default-class":"true"},"name":"standard"},"provisioner":"rancher.io/local-path","reclaimPolicy":"Delete","volumeBindingMode":"WaitForFirstConsumer"}
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
"#;

/// kind's storage: the namespace is made by the caller; the provisioner and the class.
pub fn storage() -> Vec<Object> {
    let mut out = decode_all("LOCAL_PATH_ACCOUNT_AND_CONFIG");
    out.extend([
        decode(Kind::Deployment, "LOCAL_PATH_PROVISIONER"),
        decode(Kind::StorageClass, "STANDARD_CLASS"),
    ]);
    out
}

/// Every manifest above, by name (`ETCD`, `KUBE_PROXY`, …), as the JSON values of its
/// `---`-separated documents: `src/kubeadm.json`, generated from the YAML by the test
/// `kubeadm_json_is_current` (`BLESS=1 cargo test --lib kubeadm_json` rewrites it). Parsing
/// JSON is several times cheaper than YAML, and these manifests are most of what a fresh
/// cluster decodes: a tenth of the page's first frame.
fn manifests() -> &'static serde_json::Map<String, serde_json::Value> {
    static M: std::sync::OnceLock<serde_json::Map<String, serde_json::Value>> =
        std::sync::OnceLock::new();
    M.get_or_init(|| serde_json::from_str(include_str!("kubeadm.json")).expect("kubeadm.json"))
}

/// The documents of manifest `name`, with the placeholders (`{IP}` and `{NODE}` in the
/// YAML, `__IP__` and `__NODE__` in the JSON) replaced in every string.
fn manifest_docs(name: &str, subst: &[(&str, &str)]) -> Vec<serde_json::Value> {
    fn replace(v: &mut serde_json::Value, subst: &[(&str, &str)]) {
        match v {
            serde_json::Value::String(s) => {
                for (from, to) in subst {
                    if s.contains(from) {
                        *s = s.replace(from, to);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| replace(x, subst)),
            serde_json::Value::Object(m) => m.values_mut().for_each(|x| replace(x, subst)),
            _ => {}
        }
    }
    let mut docs: Vec<serde_json::Value> = manifests()
        .get(name)
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    if !subst.is_empty() {
        docs.iter_mut().for_each(|d| replace(d, subst));
    }
    docs
}

/// Decode the documents of a list of ServiceAccounts and ConfigMaps.
fn decode_all(name: &str) -> Vec<Object> {
    manifest_docs(name, &[])
        .into_iter()
        .map(|doc| {
            let kind = match doc.get("kind").and_then(|k| k.as_str()) {
                Some("ServiceAccount") => Kind::ServiceAccount,
                _ => Kind::ConfigMap,
            };
            decode_value(kind, doc)
        })
        .collect()
}

/// Decode manifest `name` (one document) as a `kind`.
fn decode(kind: Kind, name: &str) -> Object {
    let doc = manifest_docs(name, &[])
        .into_iter()
        .next()
        .unwrap_or_default();
    decode_value(kind, doc)
}

fn decode_value(kind: Kind, v: serde_json::Value) -> Object {
    // The manifests are kubestep's own, known to decode strictly (a test checks it), so
    // the bootstrap skips the strict decoder's unknown-field search (a second encode and
    // a walk of both trees per object).
    Object::from_value(kind, v).expect("kubeadm manifests decode")
}

/// The control-plane static pods as the kubelet mirrors them into the API: named
/// `<component>-<node>`, bound to the node, owned by the Node object, with the kubelet's
/// `kubernetes.io/config.*` annotations and its `:NoExecute op=Exists` toleration.
pub fn mirror_pods(node: &Object, node_ip: &str, seen: &str) -> Vec<Pod> {
    let name = node.name().to_string();
    let owner = OwnerReference {
        api_version: "v1".into(),
        kind: "Node".into(),
        name: name.clone(),
        uid: node.meta().uid.clone().unwrap_or_default(),
        controller: Some(true),
        block_owner_deletion: None,
    };
    [
        ("ETCD", ETCD),
        ("APISERVER", APISERVER),
        ("CONTROLLER_MANAGER", CONTROLLER_MANAGER),
        ("SCHEDULER", SCHEDULER),
    ]
    .iter()
    .filter_map(|(key, m)| {
        // The manifest file's text, for the pod's UID below.
        let text = m.replace("{IP}", node_ip).replace("{NODE}", &name);
        let doc = manifest_docs(key, &[("__IP__", node_ip), ("__NODE__", &name)]);
        let Object::Pod(mut p) = decode_value(Kind::Pod, doc.into_iter().next()?) else {
            return None;
        };
        let component = p.metadata.name.clone().unwrap_or_default();
        // The static pod's UID: a hash of the node, the manifest path and the pod.
        let hash = crate::image::hex_digest(&format!("{name}/{component}/{text}"), 32);
        p.metadata.name = Some(format!("{}-{}", component, name.to_lowercase()));
        let ann = p.metadata.annotations.get_or_insert_with(Default::default);
        ann.insert("kubernetes.io/config.hash".into(), hash.clone());
        ann.insert("kubernetes.io/config.mirror".into(), hash);
        ann.insert("kubernetes.io/config.seen".into(), seen.to_string());
        ann.insert("kubernetes.io/config.source".into(), "file".into());
        p.metadata.owner_references = Some(vec![owner.clone()]);
        let spec = p.spec.get_or_insert_with(Default::default);
        spec.node_name = Some(name.clone());
        spec.tolerations = Some(vec![Toleration {
            operator: Some("Exists".into()),
            effect: Some("NoExecute".into()),
            ..Default::default()
        }]);
        Some(*p)
    })
    .collect()
}

/// kubeadm's addons: the ServiceAccounts and ConfigMaps they use, the kube-proxy DaemonSet,
/// the coredns Deployment and the kube-dns Service, in the order kubeadm applies them.
pub fn addons() -> Vec<Object> {
    let mut out = decode_all("ADDON_ACCOUNTS_AND_CONFIG");
    out.extend([
        decode(Kind::DaemonSet, "KUBE_PROXY"),
        decode(Kind::Deployment, "COREDNS"),
        decode(Kind::Service, "KUBE_DNS"),
    ]);
    out
}

/// The node's InternalIP.
pub fn node_ip(node: &Node) -> String {
    node.status
        .as_ref()
        .and_then(|s| s.addresses.as_ref())
        .and_then(|a| a.iter().find(|a| a.type_ == "InternalIP"))
        .map(|a| a.address.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apiserver::decode::yaml_value;

    /// The bootstrap decodes without the strict decoder: every manifest must be one it
    /// accepts as it is (no unknown fields, no type or quantity errors), and decode to
    /// the same object.
    #[test]
    fn every_manifest_decodes_strictly() {
        let docs = |kind: Kind, text: &str| -> Vec<(Kind, String)> {
            text.split("\n---\n")
                .map(|d| (kind, d.to_string()))
                .collect()
        };
        let mut all = vec![
            (Kind::Pod, ETCD.to_string()),
            (Kind::Pod, APISERVER.to_string()),
            (Kind::Pod, CONTROLLER_MANAGER.to_string()),
            (Kind::Pod, SCHEDULER.to_string()),
            (Kind::DaemonSet, KUBE_PROXY.to_string()),
            (Kind::Deployment, COREDNS.to_string()),
            (Kind::Service, KUBE_DNS.to_string()),
            (Kind::Deployment, LOCAL_PATH_PROVISIONER.to_string()),
            (Kind::StorageClass, STANDARD_CLASS.to_string()),
        ];
        for text in [ADDON_ACCOUNTS_AND_CONFIG, LOCAL_PATH_ACCOUNT_AND_CONFIG] {
            for (_, d) in docs(Kind::ConfigMap, text) {
                let kind = if d.lines().any(|l| l == "kind: ServiceAccount") {
                    Kind::ServiceAccount
                } else {
                    Kind::ConfigMap
                };
                all.push((kind, d));
            }
        }
        for (kind, text) in all {
            let text = text
                .replace("{IP}", "172.18.0.2")
                .replace("{NODE}", "control-plane");
            let v = yaml_value(&text).unwrap();
            let strict = crate::apiserver::decode::decode_strict(kind, &v)
                .unwrap_or_else(|e| panic!("{kind:?} does not decode strictly: {e:?}\n{text}"));
            assert_eq!(strict, decode_value(kind, v), "{kind:?}:\n{text}");
        }
    }

    /// `src/kubeadm.json` holds exactly the YAML manifests above, parsed (with the
    /// placeholders as `__IP__` and `__NODE__`, plain strings in YAML). `BLESS=1` rewrites it.
    #[test]
    fn kubeadm_json_is_current() {
        let all = [
            ("ETCD", ETCD),
            ("APISERVER", APISERVER),
            ("CONTROLLER_MANAGER", CONTROLLER_MANAGER),
            ("SCHEDULER", SCHEDULER),
            ("KUBE_PROXY", KUBE_PROXY),
            ("COREDNS", COREDNS),
            ("KUBE_DNS", KUBE_DNS),
            ("LOCAL_PATH_PROVISIONER", LOCAL_PATH_PROVISIONER),
            ("ADDON_ACCOUNTS_AND_CONFIG", ADDON_ACCOUNTS_AND_CONFIG),
            (
                "LOCAL_PATH_ACCOUNT_AND_CONFIG",
                LOCAL_PATH_ACCOUNT_AND_CONFIG,
            ),
            ("STANDARD_CLASS", STANDARD_CLASS),
        ];
        let mut map = serde_json::Map::new();
        for (name, text) in all {
            let text = text.replace("{IP}", "__IP__").replace("{NODE}", "__NODE__");
            let docs: Vec<serde_json::Value> = text
                .split("\n---\n")
                .map(|d| yaml_value(d).unwrap())
                .collect();
            map.insert(name.to_string(), serde_json::Value::Array(docs));
        }
        crate::generated::assert_current(
            "src/kubeadm.json",
            (serde_json::to_string(&map).unwrap() + "\n").as_bytes(),
            "BLESS=1 cargo test --lib kubeadm_json",
        );
        // And the bootstrap's decoding gives what decoding the YAML itself gives.
        let node = [("__IP__", "172.18.0.2"), ("__NODE__", "control-plane")];
        for (name, text) in all {
            let text = text
                .replace("{IP}", "172.18.0.2")
                .replace("{NODE}", "control-plane");
            let docs: Vec<serde_json::Value> = text
                .split("\n---\n")
                .map(|d| yaml_value(d).unwrap())
                .collect();
            assert_eq!(manifest_docs(name, &node), docs, "{name}");
        }
    }

    #[test]
    fn manifests_decode_and_validate() {
        let node = Object::from(Node {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("control-plane".into()),
                uid: Some("u".into()),
                ..Default::default()
            },
            ..Default::default()
        });
        let pods = mirror_pods(&node, "172.18.0.2", "2025-01-01T00:00:00Z");
        let names: Vec<_> = pods
            .iter()
            .map(|p| p.metadata.name.clone().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "etcd-control-plane",
                "kube-apiserver-control-plane",
                "kube-controller-manager-control-plane",
                "kube-scheduler-control-plane"
            ]
        );
        for p in pods {
            let mut o = Object::from(p);
            crate::apiserver::defaults::default_object(&mut o);
            let errs = crate::apiserver::validation::validate_create(&o);
            assert!(errs.is_empty(), "{}: {:?}", o.name(), errs);
        }
        for mut o in addons().into_iter().chain(storage()) {
            crate::apiserver::defaults::default_object(&mut o);
            let errs = crate::apiserver::validation::validate_create(&o);
            assert!(errs.is_empty(), "{}: {:?}", o.name(), errs);
        }
    }
}

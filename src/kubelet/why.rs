//! What a kubelet did and why, as data (rendered per language by [`Explain`]).

use crate::lang::{Lang, plural};
use crate::runtime::step::Explain;
use crate::time::{Millis, SimTime, format_go_duration as dur};

/// Why a kubelet removed a pod from the API once it was gone from the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoveWhy {
    NeverStarted,
    Exited,
    NoneRunning,
    NoneStartedYet,
}

impl RemoveWhy {
    fn en(self) -> &'static str {
        match self {
            RemoveWhy::NeverStarted => "its containers never started",
            RemoveWhy::Exited => "its containers exited",
            RemoveWhy::NoneRunning => "none of its containers was running",
            RemoveWhy::NoneStartedYet => "no container had started yet",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            RemoveWhy::NeverStarted => "它的容器从未启动",
            RemoveWhy::Exited => "它的容器已经退出",
            RemoveWhy::NoneRunning => "它没有正在运行的容器",
            RemoveWhy::NoneStartedYet => "还没有任何容器启动过",
        }
    }
}

/// A probe kind as a word of an explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProbeWord {
    Readiness,
    Liveness,
    Startup,
}

impl ProbeWord {
    fn en(self) -> &'static str {
        match self {
            ProbeWord::Readiness => "readiness",
            ProbeWord::Liveness => "liveness",
            ProbeWord::Startup => "startup",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            ProbeWord::Readiness => "就绪",
            ProbeWord::Liveness => "存活",
            ProbeWord::Startup => "启动",
        }
    }
}

/// One thing a kubelet did.
#[derive(Clone, Debug)]
pub enum KubeletWhy {
    /// `node add`: the new node's kubelet registered its Node.
    Registered {
        node: String,
    },
    /// `node start`: the kubelet runs again.
    KubeletStarted {
        node: String,
    },
    CreatedLease {
        node: String,
    },
    /// The first renewal after `node start`.
    RenewedLeaseAfterStop {
        node: String,
        last: SimTime,
    },
    RenewedLease {
        node: String,
    },
    PostedStatusFresh {
        node: String,
    },
    /// Conditions back to healthy, with the kubelet events recorded for them.
    PostedStatusHealthy {
        node: String,
        transitions: Vec<String>,
    },
    PostedStatusImages {
        node: String,
        images: usize,
    },
    /// After a restart: pods whose containers kept running are Ready again.
    SetReadyAgain {
        pods: usize,
    },
    QueuedResync {
        pods: usize,
    },
    /// Graceful deletion where a container's PID 1 ignores SIGTERM: it is killed when the
    /// grace period ends.
    TerminatingIgnored {
        pod: String,
        grace_s: i64,
        container: String,
        program: String,
    },
    /// A static pod's mirror pod was deleted (the kubelet removed it at once) or is gone:
    /// the kubelet created it again; the static pod's containers never stopped.
    MirrorRecreated {
        pod: String,
        removed_by_kubelet: bool,
    },
    /// Graceful deletion: SIGTERM with the grace period; containers exit after `stop`.
    Terminating {
        pod: String,
        grace_s: i64,
        stop: Millis,
    },
    /// The pod's containers are gone: its API object is removed.
    Removed {
        why: RemoveWhy,
        pod: String,
    },
    ImagePresent {
        image: String,
        policy: String,
    },
    /// A volume's ConfigMap or Secret is missing: the mount fails and is retried with
    /// exponential back-off; the pod stays ContainerCreating.
    MountFailed {
        pod: String,
        volumes: Vec<String>,
        error: String,
        retry: i64,
    },
    /// A container's environment names a missing ConfigMap, Secret or key:
    /// CreateContainerConfigError, retried by the pod worker.
    ConfigError {
        container: String,
        error: String,
        retry: i64,
    },
    ImageNeverPull {
        image: String,
    },
    /// The image reference does not parse (`InvalidImageName`).
    InvalidImageName {
        image: String,
        error: String,
    },
    /// A pull waiting behind another (serialized image pulls).
    PullQueued {
        image: String,
        policy: String,
        wait: Millis,
    },
    Pulling {
        image: String,
        policy: String,
        took: Millis,
    },
    PullFailed {
        image: String,
        container: String,
        backoff: Millis,
    },
    /// The first sync that shows ImagePullBackOff.
    ImagePullBackOff {
        container: String,
        image: String,
        retry: SimTime,
        backoff: Millis,
    },
    PullBackingOff {
        backoff: Millis,
        image: String,
        container: String,
        retry: SimTime,
    },
    /// Containers created and started; `waiting` are those gated by a probe.
    ContainersStarted {
        count: usize,
        pod: String,
        all_ready: bool,
        waiting: Vec<String>,
    },
    /// Containers restarted (name, restart count).
    Restarted {
        containers: Vec<(String, i32)>,
        pod: String,
    },
    Exited {
        container: String,
        pod: String,
        code: i32,
        ran: Millis,
    },
    ContainerStopped {
        container: String,
    },
    /// Every container ended for good (restartPolicy does not restart it): the pod is
    /// Succeeded or Failed.
    PodFinished {
        pod: String,
        phase: String,
        policy: String,
    },
    /// The first sync that shows CrashLoopBackOff.
    CrashLoopBackOff {
        container: String,
        backoff: Millis,
        retry: SimTime,
    },
    RestartBackingOff {
        backoff: Millis,
        container: String,
        pod: String,
        retry: SimTime,
    },
    Restarting {
        container: String,
        pod: String,
        next_backoff: Millis,
    },
    ReadinessPassed {
        container: String,
    },
    ReadinessFailed {
        container: String,
        threshold: i32,
    },
    StartupPassed {
        container: String,
    },
    /// A liveness or startup probe reached its failure threshold.
    ProbeKilled {
        probe: ProbeWord,
        container: String,
        threshold: i32,
    },
    ProbeFailed {
        probe: ProbeWord,
        container: String,
        count: i32,
        threshold: i32,
    },
}

impl Explain for KubeletWhy {
    fn text(&self, w: Lang) -> String {
        use KubeletWhy::*;
        match self {
            Registered { node } => w.pick(
                "the kubelet on {0} registered its Node object",
                "{0} 上的 kubelet 注册了它的 Node 对象",
                [&node],
            ),
            KubeletStarted { node } => w.pick(
                "the kubelet on {0} started again; it renews its Lease, posts its node status and resyncs its pods next",
                "{0} 上的 kubelet 重新启动；接下来它会续约 Lease、上报节点状态，并重新同步它的 Pod",
                [&node],
            ),
            CreatedLease { node } => w.pick(
                "created Lease kube-node-lease/{0}",
                "创建了 Lease kube-node-lease/{0}",
                [&node],
            ),
            RenewedLeaseAfterStop { node, last } => w.pick(
                "renewed its Lease kube-node-lease/{0} (last renewed at {1}, before the kubelet stopped)",
                "续约了它的 Lease kube-node-lease/{0}（上次续约在 {1}，即 kubelet 停止之前）",
                [&node, &last.clock()],
            ),
            RenewedLease { node } => w.pick(
                "renewed its Lease kube-node-lease/{0} (heartbeat every 10s; the node is considered lost after 50s without one)",
                "续约了它的 Lease kube-node-lease/{0}（每 10s 一次心跳；超过 50s 没有心跳，节点就被视为失联）",
                [&node],
            ),
            PostedStatusFresh { node } => w.pick(
                "posted the node status of {0} with fresh heartbeats",
                "上报了 {0} 的节点状态，带有最新的心跳",
                [&node],
            ),
            PostedStatusHealthy { node, transitions } => w.pick(
                "posted the node status of {0}: its conditions are healthy again ({1}; Ready: KubeletReady \"kubelet is posting ready status\")",
                "上报了 {0} 的节点状态：各项状况重新恢复健康（{1}；Ready: KubeletReady \"kubelet is posting ready status\"）",
                [&node, &transitions.join(", ")],
            ),
            PostedStatusImages { node, images } => w.pick(
                "posted node status of {0} with {1} cached images",
                "上报了 {0} 的节点状态，其中有 {1} 个已缓存的镜像",
                [&node, &images],
            ),
            SetReadyAgain { pods } => w.pick(
                "set Ready=True again on {0} running {1} (their containers kept running while the kubelet was stopped)",
                "重新把 {0} 个运行中的 Pod 设为 Ready=True（kubelet 停止期间，它们的容器一直在运行）",
                [&pods, &plural(*pods as i64, "pod", "pods")],
            ),
            QueuedResync { pods } => w.pick(
                "queued a resync of its {0} {1}",
                "把它的 {0} 个 Pod 加入重新同步队列",
                [&pods, &plural(*pods as i64, "pod", "pods")],
            ),
            MirrorRecreated {
                pod,
                removed_by_kubelet: true,
            } => w.pick(
                "pod {0} is the mirror of a static pod (a manifest file on the node, not an API object): deleting it in the API does not stop it; the kubelet removed the mirror pod at once (grace period 0) and created it again, and its containers keep running",
                "Pod {0} 是静态 Pod 的镜像（静态 Pod 来自节点上的清单文件，而非 API 对象）：在 API 中删除它并不会停止它；kubelet 立即移除了镜像 Pod（宽限期 0）并重新创建，它的容器一直在运行",
                [&pod],
            ),
            MirrorRecreated { pod, .. } => w.pick(
                "the mirror pod {0} of a static pod (a manifest file on the node) is gone from the API, but the static pod runs on: the kubelet created the mirror again, and its containers keep running",
                "静态 Pod（节点上的清单文件）的镜像 Pod {0} 已从 API 中消失，但静态 Pod 仍在运行：kubelet 重新创建了镜像，它的容器一直在运行",
                [&pod],
            ),
            TerminatingIgnored {
                pod,
                grace_s,
                container,
                program,
            } => w.pick(
                "pod {0} is being deleted: sent SIGTERM to its containers (grace period {1}s); container {2} runs {3} as PID 1, which ignores SIGTERM, so it is killed (SIGKILL, exit code 137) when the grace period ends and the pod stays Terminating until then",
                "Pod {0} 正在被删除：向它的容器发送了 SIGTERM（宽限期 {1}s）；容器 {2} 的 PID 1 是 {3}，它忽略 SIGTERM，所以要等宽限期结束才被杀死（SIGKILL，退出码 137），在此之前 Pod 一直处于 Terminating",
                [&pod, &grace_s, &container, &program],
            ),
            Terminating { pod, grace_s, stop } => w.pick(
                "pod {0} is being deleted: sent SIGTERM to its containers (grace period {1}s); they exit after {2}",
                "Pod {0} 正在被删除：向它的容器发送了 SIGTERM（宽限期 {1}s）；容器将在 {2} 后退出",
                [&pod, &grace_s, &dur(*stop)],
            ),
            Removed { why, pod } => w.pick(
                "{0}; deleted pod {1} from the API with grace period 0, which removes it",
                "{2}；以宽限期 0 从 API 中删除了 Pod {1}，这会将它彻底移除",
                [&why.en(), &pod, &why.zh()],
            ),
            ImagePresent { image, policy } => w.pick(
                "image {0} is already on the node (pull policy {1})",
                "镜像 {0} 已经在节点上（拉取策略 {1}）",
                [&image, &policy],
            ),
            MountFailed { pod, volumes, error, retry } => w.pick(
                "pod {0}: cannot set up volume(s) {1} ({2}); the volume manager tries again in {3} (0.5s, doubling up to 2m2s), and the pod stays ContainerCreating — creating the object lets the next try succeed",
                "Pod {0}：无法准备卷 {1}（{2}）；卷管理器 {3} 后重试（从 0.5 秒起翻倍，最多 2 分 2 秒），Pod 保持 ContainerCreating——创建该对象后下一次重试即可成功",
                [&pod, &volumes.join(", "), &error, &crate::time::format_go_duration(*retry)],
            ),
            ConfigError { container, error, retry } => w.pick(
                "container {0} cannot be created: {1}, so it waits with CreateContainerConfigError; the pod worker tries again in {2} (editing the ConfigMap or Secret does not restart anything — the next try reads it)",
                "容器 {0} 无法创建：{1}，因此以 CreateContainerConfigError 等待；Pod worker {2} 后重试（不会因 ConfigMap 或 Secret 变化而立即重启——下次重试时读取）",
                [&container, &error, &crate::time::format_go_duration(*retry)],
            ),
            ImageNeverPull { image } => w.pick(
                "image {0} is missing and pull policy is Never",
                "镜像 {0} 不存在，而拉取策略是 Never",
                [&image],
            ),
            InvalidImageName { image, error } => w.pick(
                "image {0} is not a valid image reference ({1}): the container waits with InvalidImageName until the Pod is changed",
                "镜像 {0} 不是合法的镜像引用（{1}）：容器以 InvalidImageName 等待，直到 Pod 被修改",
                [&image, &error],
            ),
            PullQueued {
                image,
                policy,
                wait,
            } => w.pick(
                "pulling image {0} (pull policy {1}); image pulls are serialized, so it waits {2} for the pull ahead of it",
                "正在拉取镜像 {0}（拉取策略 {1}）；镜像拉取是串行的，所以它要等前面的拉取 {2}",
                [&image, &policy, &dur(*wait)],
            ),
            Pulling {
                image,
                policy,
                took,
            } => w.pick(
                "pulling image {0} (pull policy {1}, about {2})",
                "正在拉取镜像 {0}（拉取策略 {1}，约需 {2}）",
                [&image, &policy, &dur(*took)],
            ),
            PullFailed {
                image,
                container,
                backoff,
            } => w.pick(
                "pulling image {0} for container {1} failed (the registry has no such image): ErrImagePull; the kubelet backs off {2} before pulling it again",
                "为容器 {1} 拉取镜像 {0} 失败（镜像仓库中没有这个镜像）：ErrImagePull；kubelet 回退 {2} 后再重新拉取",
                [&image, &container, &dur(*backoff)],
            ),
            ImagePullBackOff {
                container,
                image,
                retry,
                backoff,
            } => w.pick(
                "container {0} is in ImagePullBackOff: the kubelet pulls image {1} again at {2} (back-off {3})",
                "容器 {0} 处于 ImagePullBackOff：kubelet 将在 {2} 再次拉取镜像 {1}（回退 {3}）",
                [&container, &image, &retry.clock(), &dur(*backoff)],
            ),
            PullBackingOff {
                backoff,
                image,
                container,
                retry,
            } => w.pick(
                "back-off {0}: image {1} for container {2} is pulled again at {3}",
                "回退 {0}：容器 {2} 的镜像 {1} 将在 {3} 再次拉取",
                [&dur(*backoff), &image, &container, &retry.clock()],
            ),
            Restarted { containers, pod } => w.pick(
                "restarted container {0} of pod {1}",
                "重启了 Pod {1} 的容器 {2}",
                [&containers
                    .iter()
                    .map(|(n, k)| format!("{} (restart {})", n, k))
                    .collect::<Vec<_>>()
                    .join(", "), &pod, &containers
                    .iter()
                    .map(|(n, k)| format!("{}（第 {} 次重启）", n, k))
                    .collect::<Vec<_>>()
                    .join("、")],
            ),
            Exited {
                container,
                pod,
                code,
                ran,
            } => w.pick(
                "container {0} of pod {1} exited with code {2} after running {3}",
                "Pod {1} 的容器 {0} 运行 {3} 后以退出码 {2} 退出",
                [&container, &pod, &code, &dur(*ran)],
            ),
            PodFinished { pod, phase, policy } => w.pick(
                "every container of pod {0} has ended and restartPolicy {2} does not restart it: the pod's phase is {1} (its containers are not started again)",
                "Pod {0} 的所有容器都已结束，restartPolicy {2} 不会重启它们：Pod 的阶段变为 {1}（容器不会再启动）",
                [&pod, &phase, &policy],
            ),
            ContainerStopped { container } => w.pick(
                "container {0} stopped; restarting it",
                "容器 {0} 已停止；正在重启它",
                [&container],
            ),
            CrashLoopBackOff {
                container,
                backoff,
                retry,
            } => w.pick(
                "container {0} is in CrashLoopBackOff: back-off {1}, so it is restarted at {2}",
                "容器 {0} 处于 CrashLoopBackOff：回退 {1}，因此将在 {2} 重启",
                [&container, &dur(*backoff), &retry.clock()],
            ),
            RestartBackingOff {
                backoff,
                container,
                pod,
                retry,
            } => w.pick(
                "back-off {0}: container {1} of pod {2} waits until {3} to restart",
                "回退 {0}：Pod {2} 的容器 {1} 要等到 {3} 才重启",
                [&dur(*backoff), &container, &pod, &retry.clock()],
            ),
            Restarting {
                container,
                pod,
                next_backoff,
            } => w.pick(
                "restarting container {0} of pod {1} (the next failure backs off {2})",
                "正在重启 Pod {1} 的容器 {0}（下次失败将回退 {2}）",
                [&container, &pod, &dur(*next_backoff)],
            ),
            ReadinessPassed { container } => w.pick(
                "readiness probe of container {0} passed; it is Ready",
                "容器 {0} 的就绪探针通过；它已就绪",
                [&container],
            ),
            ReadinessFailed {
                container,
                threshold,
            } => w.pick(
                "readiness probe of container {0} failed {1} times in a row (failureThreshold {1}); it is no longer Ready",
                "容器 {0} 的就绪探针连续失败 {1} 次（failureThreshold {1}）；它不再就绪",
                [&container, &threshold],
            ),
            StartupPassed { container } => w.pick(
                "startup probe of container {0} passed",
                "容器 {0} 的启动探针通过",
                [&container],
            ),
            ProbeKilled {
                probe,
                container,
                threshold,
            } => w.pick(
                "{0} probe of container {1} failed {2} times in a row (failureThreshold {2}): the kubelet kills it and will restart it",
                "容器 {1} 的{3}探针连续失败 {2} 次（failureThreshold {2}）：kubelet 会杀死它，然后重启",
                [&probe.en(), &container, &threshold, &probe.zh()],
            ),
            ProbeFailed {
                probe,
                container,
                count,
                threshold,
            } => w.pick(
                "{0} probe of container {1} failed ({2} of failureThreshold {3})",
                "容器 {1} 的{4}探针失败（第 {2} 次，failureThreshold {3}）",
                [&probe.en(), &container, &count, &threshold, &probe.zh()],
            ),
            // MANUAL
            ContainersStarted {
                count,
                pod,
                all_ready,
                waiting,
            } => w.pick2(
                || {
                let what = plural(*count as i64, "container", "containers");
                if *all_ready {
                    format!(
                        "created and started {} {} of pod {}; the pod is Running and Ready",
                        count, what, pod
                    )
                } else if waiting.is_empty() {
                    format!("created and started {} {} of pod {}", count, what, pod)
                } else {
                    format!(
                        "created and started {} {} of pod {}; {} not Ready until {} probe passes",
                        count,
                        what,
                        pod,
                        waiting.join(", "),
                        plural(waiting.len() as i64, "its", "their")
                    )
                }
            },
                || {
                if *all_ready {
                    format!(
                        "创建并启动了 Pod {} 的 {} 个容器；Pod 处于 Running 并且已就绪",
                        pod, count
                    )
                } else if waiting.is_empty() {
                    format!("创建并启动了 Pod {} 的 {} 个容器", pod, count)
                } else {
                    format!(
                        "创建并启动了 Pod {} 的 {} 个容器；{} 在探针通过之前不会就绪",
                        pod,
                        count,
                        waiting.join(", ")
                    )
                }
            },
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    /// One value of every variant (the match below fails to compile when a variant is
    /// added, and the count check fails when its sample is missing).
    fn samples() -> Vec<KubeletWhy> {
        use KubeletWhy::*;
        let n = || "worker-1".to_string();
        let p = || "web-1".to_string();
        let ct = || "nginx".to_string();
        let img = || "nginx:1.27".to_string();
        vec![
            Registered { node: n() },
            KubeletStarted { node: n() },
            CreatedLease { node: n() },
            RenewedLeaseAfterStop {
                node: n(),
                last: SimTime(61_000),
            },
            RenewedLease { node: n() },
            PostedStatusFresh { node: n() },
            PostedStatusHealthy {
                node: n(),
                transitions: vec!["NodeReady".into()],
            },
            PostedStatusImages {
                node: n(),
                images: 2,
            },
            SetReadyAgain { pods: 2 },
            QueuedResync { pods: 1 },
            Terminating {
                pod: p(),
                grace_s: 30,
                stop: 1000,
            },
            Removed {
                why: RemoveWhy::Exited,
                pod: p(),
            },
            ImagePresent {
                image: img(),
                policy: "IfNotPresent".into(),
            },
            MountFailed {
                pod: p(),
                volumes: vec!["cfg".into()],
                error: "configmap \"x\" not found".into(),
                retry: 500,
            },
            ConfigError {
                container: "web".into(),
                error: "configmap \"x\" not found".into(),
                retry: 10_000,
            },
            InvalidImageName {
                image: "Nginx".into(),
                error: "invalid reference format".into(),
            },
            MirrorRecreated {
                pod: p(),
                removed_by_kubelet: true,
            },
            MirrorRecreated {
                pod: p(),
                removed_by_kubelet: false,
            },
            PodFinished {
                pod: p(),
                phase: "Succeeded".into(),
                policy: "Never".into(),
            },
            TerminatingIgnored {
                pod: p(),
                grace_s: 30,
                container: "main".into(),
                program: "sleep".into(),
            },
            ImageNeverPull { image: img() },
            PullQueued {
                image: img(),
                policy: "Always".into(),
                wait: 2500,
            },
            Pulling {
                image: img(),
                policy: "IfNotPresent".into(),
                took: 2750,
            },
            PullFailed {
                image: img(),
                container: ct(),
                backoff: 10_000,
            },
            ImagePullBackOff {
                container: ct(),
                image: img(),
                retry: SimTime(20_000),
                backoff: 10_000,
            },
            PullBackingOff {
                backoff: 20_000,
                image: img(),
                container: ct(),
                retry: SimTime(40_000),
            },
            ContainersStarted {
                count: 2,
                pod: p(),
                all_ready: false,
                waiting: vec![ct()],
            },
            Restarted {
                containers: vec![(ct(), 1)],
                pod: p(),
            },
            Exited {
                container: ct(),
                pod: p(),
                code: 1,
                ran: 2000,
            },
            ContainerStopped { container: ct() },
            CrashLoopBackOff {
                container: ct(),
                backoff: 10_000,
                retry: SimTime(30_000),
            },
            RestartBackingOff {
                backoff: 20_000,
                container: ct(),
                pod: p(),
                retry: SimTime(50_000),
            },
            Restarting {
                container: ct(),
                pod: p(),
                next_backoff: 10_000,
            },
            ReadinessPassed { container: ct() },
            ReadinessFailed {
                container: ct(),
                threshold: 3,
            },
            StartupPassed { container: ct() },
            ProbeKilled {
                probe: ProbeWord::Liveness,
                container: ct(),
                threshold: 3,
            },
            ProbeFailed {
                probe: ProbeWord::Readiness,
                container: ct(),
                count: 1,
                threshold: 3,
            },
        ]
    }

    fn index(w: &KubeletWhy) -> usize {
        use KubeletWhy::*;
        match w {
            Registered { .. } => 0,
            KubeletStarted { .. } => 1,
            CreatedLease { .. } => 2,
            RenewedLeaseAfterStop { .. } => 3,
            RenewedLease { .. } => 4,
            PostedStatusFresh { .. } => 5,
            PostedStatusHealthy { .. } => 6,
            PostedStatusImages { .. } => 7,
            SetReadyAgain { .. } => 8,
            QueuedResync { .. } => 9,
            Terminating { .. } => 10,
            Removed { .. } => 11,
            ImagePresent { .. } => 12,
            ImageNeverPull { .. } => 13,
            PullQueued { .. } => 14,
            Pulling { .. } => 15,
            PullFailed { .. } => 16,
            ImagePullBackOff { .. } => 17,
            PullBackingOff { .. } => 18,
            ContainersStarted { .. } => 19,
            MountFailed { .. } => 36,
            ConfigError { .. } => 37,
            InvalidImageName { .. } => 31,
            TerminatingIgnored { .. } => 32,
            MirrorRecreated {
                removed_by_kubelet: true,
                ..
            } => 33,
            MirrorRecreated { .. } => 35,
            PodFinished { .. } => 34,
            Restarted { .. } => 20,
            Exited { .. } => 21,
            ContainerStopped { .. } => 22,
            CrashLoopBackOff { .. } => 23,
            RestartBackingOff { .. } => 24,
            Restarting { .. } => 25,
            ReadinessPassed { .. } => 26,
            ReadinessFailed { .. } => 27,
            StartupPassed { .. } => 28,
            ProbeKilled { .. } => 29,
            ProbeFailed { .. } => 30,
        }
    }

    #[test]
    fn every_kubelet_explanation_renders_in_both_languages() {
        crate::runtime::step::check_all(&samples(), index, 38);
        let removed = |why| KubeletWhy::Removed {
            why,
            pod: "p".into(),
        };
        for w in [
            RemoveWhy::NeverStarted,
            RemoveWhy::Exited,
            RemoveWhy::NoneRunning,
            RemoveWhy::NoneStartedYet,
        ] {
            crate::runtime::step::check_renders(&[removed(w)]);
        }
        for p in [
            ProbeWord::Readiness,
            ProbeWord::Liveness,
            ProbeWord::Startup,
        ] {
            let w = KubeletWhy::ProbeFailed {
                probe: p,
                container: "c".into(),
                count: 1,
                threshold: 3,
            };
            assert!(w.en().starts_with(p.en()));
        }
        assert_eq!(
            KubeletWhy::ProbeKilled {
                probe: ProbeWord::Liveness,
                container: "nginx".into(),
                threshold: 3
            }
            .zh(),
            "容器 nginx 的存活探针连续失败 3 次（failureThreshold 3）：kubelet 会杀死它，然后重启"
        );
    }

    #[test]
    fn plurals_follow_the_count() {
        let one = KubeletWhy::QueuedResync { pods: 1 }.en();
        assert_eq!(one, "queued a resync of its 1 pod");
    }
}

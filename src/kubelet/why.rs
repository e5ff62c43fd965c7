//! What a kubelet did and why, as data (rendered per language by [`Explain`]).

use crate::lang::plural;
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
    ImageNeverPull {
        image: String,
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
    fn en(&self) -> String {
        use KubeletWhy::*;
        match self {
            Registered { node } => format!("the kubelet on {} registered its Node object", node),
            KubeletStarted { node } => format!(
                "the kubelet on {} started again; it renews its Lease, posts its node status and resyncs its pods next",
                node
            ),
            CreatedLease { node } => format!("created Lease kube-node-lease/{}", node),
            RenewedLeaseAfterStop { node, last } => format!(
                "renewed its Lease kube-node-lease/{} (last renewed at {}, before the kubelet stopped)",
                node,
                last.clock()
            ),
            RenewedLease { node } => format!(
                "renewed its Lease kube-node-lease/{} (heartbeat every 10s; the node is considered lost after 50s without one)",
                node
            ),
            PostedStatusFresh { node } => {
                format!("posted the node status of {} with fresh heartbeats", node)
            }
            PostedStatusHealthy { node, transitions } => format!(
                "posted the node status of {}: its conditions are healthy again ({}; Ready: KubeletReady \"kubelet is posting ready status\")",
                node,
                transitions.join(", ")
            ),
            PostedStatusImages { node, images } => format!(
                "posted node status of {} with {} cached images",
                node, images
            ),
            SetReadyAgain { pods } => format!(
                "set Ready=True again on {} running {} (their containers kept running while the kubelet was stopped)",
                pods,
                plural(*pods as i64, "pod", "pods")
            ),
            QueuedResync { pods } => format!(
                "queued a resync of its {} {}",
                pods,
                plural(*pods as i64, "pod", "pods")
            ),
            Terminating { pod, grace_s, stop } => format!(
                "pod {} is being deleted: sent SIGTERM to its containers (grace period {}s); they exit after {}",
                pod,
                grace_s,
                dur(*stop)
            ),
            Removed { why, pod } => format!(
                "{}; deleted pod {} from the API with grace period 0, which removes it",
                why.en(),
                pod
            ),
            ImagePresent { image, policy } => format!(
                "image {} is already on the node (pull policy {})",
                image, policy
            ),
            ImageNeverPull { image } => {
                format!("image {} is missing and pull policy is Never", image)
            }
            PullQueued {
                image,
                policy,
                wait,
            } => format!(
                "pulling image {} (pull policy {}); image pulls are serialized, so it waits {} for the pull ahead of it",
                image,
                policy,
                dur(*wait)
            ),
            Pulling {
                image,
                policy,
                took,
            } => format!(
                "pulling image {} (pull policy {}, about {})",
                image,
                policy,
                dur(*took)
            ),
            PullFailed {
                image,
                container,
                backoff,
            } => format!(
                "pulling image {} for container {} failed (the registry has no such image): ErrImagePull; the kubelet backs off {} before pulling it again",
                image,
                container,
                dur(*backoff)
            ),
            ImagePullBackOff {
                container,
                image,
                retry,
                backoff,
            } => format!(
                "container {} is in ImagePullBackOff: the kubelet pulls image {} again at {} (back-off {})",
                container,
                image,
                retry.clock(),
                dur(*backoff)
            ),
            PullBackingOff {
                backoff,
                image,
                container,
                retry,
            } => format!(
                "back-off {}: image {} for container {} is pulled again at {}",
                dur(*backoff),
                image,
                container,
                retry.clock()
            ),
            ContainersStarted {
                count,
                pod,
                all_ready,
                waiting,
            } => {
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
            }
            Restarted { containers, pod } => format!(
                "restarted container {} of pod {}",
                containers
                    .iter()
                    .map(|(n, k)| format!("{} (restart {})", n, k))
                    .collect::<Vec<_>>()
                    .join(", "),
                pod
            ),
            Exited {
                container,
                pod,
                code,
                ran,
            } => format!(
                "container {} of pod {} exited with code {} after running {}",
                container,
                pod,
                code,
                dur(*ran)
            ),
            ContainerStopped { container } => {
                format!("container {} stopped; restarting it", container)
            }
            CrashLoopBackOff {
                container,
                backoff,
                retry,
            } => format!(
                "container {} is in CrashLoopBackOff: back-off {}, so it is restarted at {}",
                container,
                dur(*backoff),
                retry.clock()
            ),
            RestartBackingOff {
                backoff,
                container,
                pod,
                retry,
            } => format!(
                "back-off {}: container {} of pod {} waits until {} to restart",
                dur(*backoff),
                container,
                pod,
                retry.clock()
            ),
            Restarting {
                container,
                pod,
                next_backoff,
            } => format!(
                "restarting container {} of pod {} (the next failure backs off {})",
                container,
                pod,
                dur(*next_backoff)
            ),
            ReadinessPassed { container } => format!(
                "readiness probe of container {} passed; it is Ready",
                container
            ),
            ReadinessFailed {
                container,
                threshold,
            } => format!(
                "readiness probe of container {} failed {} times in a row (failureThreshold {}); it is no longer Ready",
                container, threshold, threshold
            ),
            StartupPassed { container } => {
                format!("startup probe of container {} passed", container)
            }
            ProbeKilled {
                probe,
                container,
                threshold,
            } => format!(
                "{} probe of container {} failed {} times in a row (failureThreshold {}): the kubelet kills it and will restart it",
                probe.en(),
                container,
                threshold,
                threshold
            ),
            ProbeFailed {
                probe,
                container,
                count,
                threshold,
            } => format!(
                "{} probe of container {} failed ({} of failureThreshold {})",
                probe.en(),
                container,
                count,
                threshold
            ),
        }
    }

    fn zh(&self) -> String {
        use KubeletWhy::*;
        match self {
            Registered { node } => format!("{} 上的 kubelet 注册了它的 Node 对象", node),
            KubeletStarted { node } => format!(
                "{} 上的 kubelet 重新启动；接下来它会续约 Lease、上报节点状态，并重新同步它的 Pod",
                node
            ),
            CreatedLease { node } => format!("创建了 Lease kube-node-lease/{}", node),
            RenewedLeaseAfterStop { node, last } => format!(
                "续约了它的 Lease kube-node-lease/{}（上次续约在 {}，即 kubelet 停止之前）",
                node,
                last.clock()
            ),
            RenewedLease { node } => format!(
                "续约了它的 Lease kube-node-lease/{}（每 10s 一次心跳；超过 50s 没有心跳，节点就被视为失联）",
                node
            ),
            PostedStatusFresh { node } => format!("上报了 {} 的节点状态，带有最新的心跳", node),
            PostedStatusHealthy { node, transitions } => format!(
                "上报了 {} 的节点状态：各项状况重新恢复健康（{}；Ready: KubeletReady \"kubelet is posting ready status\"）",
                node,
                transitions.join(", ")
            ),
            PostedStatusImages { node, images } => format!(
                "上报了 {} 的节点状态，其中有 {} 个已缓存的镜像",
                node, images
            ),
            SetReadyAgain { pods } => format!(
                "重新把 {} 个运行中的 Pod 设为 Ready=True（kubelet 停止期间，它们的容器一直在运行）",
                pods
            ),
            QueuedResync { pods } => format!("把它的 {} 个 Pod 加入重新同步队列", pods),
            Terminating { pod, grace_s, stop } => format!(
                "Pod {} 正在被删除：向它的容器发送了 SIGTERM（宽限期 {}s）；容器将在 {} 后退出",
                pod,
                grace_s,
                dur(*stop)
            ),
            Removed { why, pod } => format!(
                "{}；以宽限期 0 从 API 中删除了 Pod {}，这会将它彻底移除",
                why.zh(),
                pod
            ),
            ImagePresent { image, policy } => {
                format!("镜像 {} 已经在节点上（拉取策略 {}）", image, policy)
            }
            ImageNeverPull { image } => format!("镜像 {} 不存在，而拉取策略是 Never", image),
            PullQueued {
                image,
                policy,
                wait,
            } => format!(
                "正在拉取镜像 {}（拉取策略 {}）；镜像拉取是串行的，所以它要等前面的拉取 {}",
                image,
                policy,
                dur(*wait)
            ),
            Pulling {
                image,
                policy,
                took,
            } => format!(
                "正在拉取镜像 {}（拉取策略 {}，约需 {}）",
                image,
                policy,
                dur(*took)
            ),
            PullFailed {
                image,
                container,
                backoff,
            } => format!(
                "为容器 {} 拉取镜像 {} 失败（镜像仓库中没有这个镜像）：ErrImagePull；kubelet 回退 {} 后再重新拉取",
                container,
                image,
                dur(*backoff)
            ),
            ImagePullBackOff {
                container,
                image,
                retry,
                backoff,
            } => format!(
                "容器 {} 处于 ImagePullBackOff：kubelet 将在 {} 再次拉取镜像 {}（回退 {}）",
                container,
                retry.clock(),
                image,
                dur(*backoff)
            ),
            PullBackingOff {
                backoff,
                image,
                container,
                retry,
            } => format!(
                "回退 {}：容器 {} 的镜像 {} 将在 {} 再次拉取",
                dur(*backoff),
                container,
                image,
                retry.clock()
            ),
            ContainersStarted {
                count,
                pod,
                all_ready,
                waiting,
            } => {
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
            }
            Restarted { containers, pod } => format!(
                "重启了 Pod {} 的容器 {}",
                pod,
                containers
                    .iter()
                    .map(|(n, k)| format!("{}（第 {} 次重启）", n, k))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            Exited {
                container,
                pod,
                code,
                ran,
            } => format!(
                "Pod {} 的容器 {} 运行 {} 后以退出码 {} 退出",
                pod,
                container,
                dur(*ran),
                code
            ),
            ContainerStopped { container } => format!("容器 {} 已停止；正在重启它", container),
            CrashLoopBackOff {
                container,
                backoff,
                retry,
            } => format!(
                "容器 {} 处于 CrashLoopBackOff：回退 {}，因此将在 {} 重启",
                container,
                dur(*backoff),
                retry.clock()
            ),
            RestartBackingOff {
                backoff,
                container,
                pod,
                retry,
            } => format!(
                "回退 {}：Pod {} 的容器 {} 要等到 {} 才重启",
                dur(*backoff),
                pod,
                container,
                retry.clock()
            ),
            Restarting {
                container,
                pod,
                next_backoff,
            } => format!(
                "正在重启 Pod {} 的容器 {}（下次失败将回退 {}）",
                pod,
                container,
                dur(*next_backoff)
            ),
            ReadinessPassed { container } => format!("容器 {} 的就绪探针通过；它已就绪", container),
            ReadinessFailed {
                container,
                threshold,
            } => format!(
                "容器 {} 的就绪探针连续失败 {} 次（failureThreshold {}）；它不再就绪",
                container, threshold, threshold
            ),
            StartupPassed { container } => format!("容器 {} 的启动探针通过", container),
            ProbeKilled {
                probe,
                container,
                threshold,
            } => format!(
                "容器 {} 的{}探针连续失败 {} 次（failureThreshold {}）：kubelet 会杀死它，然后重启",
                container,
                probe.zh(),
                threshold,
                threshold
            ),
            ProbeFailed {
                probe,
                container,
                count,
                threshold,
            } => format!(
                "容器 {} 的{}探针失败（第 {} 次，failureThreshold {}）",
                container,
                probe.zh(),
                count,
                threshold
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        crate::runtime::step::check_all(&samples(), index, 31);
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

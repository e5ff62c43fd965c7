//! The page's words in English and Simplified Chinese (简体中文): a catalogue of every fixed
//! string ([`ui`] over [`Ui`]), a few functions for strings with parameters ([`looking_at`],
//! [`woken_by`], …), and the scenario menu ([`scenario_title`], [`scenario_hint`]). Step
//! explanations are not here: the engine records them as data and renders them per
//! language (`StepRecord::summary_in`).
//!
//! kubectl output and event messages are never translated: they are what Kubernetes prints.

use kubestep::lang::Lang;

// ---------------------------------------------------------------------------------------
// UI catalog
// ---------------------------------------------------------------------------------------

/// Every fixed string of the page (labels, titles, hints, placeholders, aria labels).
/// The English text is exactly what the page showed before translation (trailing spaces
/// included), so wiring it in changes nothing for English readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ui {
    /// `<title>` of the document.
    PageTitle,
    /// After the brand name in the header.
    Tagline,
    /// Label of the scenario menu.
    ScenarioLabel,
    /// Label of the Kubernetes version menu.
    KubernetesLabel,
    /// Label of the language menu.
    LanguageLabel,
    /// aria-label of the transport toolbar.
    TransportLabel,
    /// Back button.
    Back,
    /// Back button tooltip.
    BackTitle,
    /// Step button.
    Step,
    /// Step button tooltip.
    StepTitle,
    /// Tick button.
    Tick,
    /// Tick button tooltip.
    TickTitle,
    /// Play button (not playing).
    Play,
    /// Play button (playing).
    Pause,
    /// Play button tooltip.
    PlayTitle,
    /// Label of the speed slider.
    Speed,
    /// Reset button.
    Reset,
    /// aria-label of the history scrubber.
    HistoryLabel,
    /// Editor pane title.
    Manifest,
    /// Apply button.
    Apply,
    /// aria-label of the editor pane.
    EditorLabel,
    /// aria-label of the editor textarea.
    YamlLabel,
    /// Suffix of the console entry for an Apply from the editor.
    FromTheEditor,
    /// The objects pane's button that opens the live object in the editor.
    EditObject,
    /// Its tooltip.
    EditObjectTitle,
    /// The editor's button that leaves an edit without saving.
    CancelEdit,
    /// Architecture pane title.
    Cluster,
    /// aria-label of the architecture pane.
    ArchitectureLabel,
    /// Title of the control-plane box.
    ControlPlane,
    /// Tooltip of a component's queue depth.
    QueueDepthTitle,
    Stop,
    StopTitle,
    /// Node button: stop the kubelet.
    NodeStop,
    /// Node button: start the kubelet.
    NodeStart,
    /// Tooltip of the stop button.
    NodeStopTitle,
    /// Tooltip of the start button.
    NodeStartTitle,
    /// Badge on a stopped node.
    KubeletStopped,
    /// Box of pods without a node.
    NotScheduled,
    /// Tooltip of a node's system pods (kube-system, local-path-storage).
    SystemPodsTitle,
    /// Tooltip of the architecture view's box around kind's local-path provisioner.
    LocalPathTitle,
    /// Title of the Services box.
    ServicesTitle,
    /// Button sending a request to a Service.
    SendRequest,
    /// A Service without endpoints.
    NoEndpoints,
    /// Endpoint state (tooltip).
    EndpointReady,
    /// Endpoint state (tooltip).
    EndpointNotReady,
    /// Endpoint state (tooltip).
    EndpointTerminating,
    /// Title of the failure form.
    InjectFailure,
    /// aria-label of the failure kind menu.
    FailureKindLabel,
    /// Failure kind `crash`.
    FaultCrash,
    /// Failure kind `image-pull`.
    FaultImagePull,
    /// Failure kind `probe readiness`.
    FaultReadiness,
    /// Failure kind `probe liveness`.
    FaultLiveness,
    /// aria-label of the image field.
    ImageLabel,
    /// Placeholder of the image field.
    ImagePlaceholder,
    /// Inject button.
    Inject,
    /// Clear-all-faults button.
    ClearAll,
    /// Path line before the first step.
    ApplyThenStep,
    /// Step pane title before any step.
    StepPane,
    /// aria-label of the step pane.
    StepLabel,
    /// Step pane text before any step.
    NoStepYet,
    /// Events pane title (a command: the same in every language).
    EventsTitle,
    /// aria-label of the events pane.
    EventsLabel,
    /// Events pane text without events.
    NoEventsYet,
    /// Objects pane title.
    Objects,
    /// aria-label of the objects pane.
    ObjectsLabel,
    /// Label before an object's revision buttons.
    Revisions,
    /// Revision button for the current state.
    Now,
    /// Objects pane text without a selection.
    ClickObject,
    /// Suffix of a paused Deployment's state in the tree.
    Paused,
    /// Console pane title.
    Console,
    /// aria-label of the console pane.
    ConsoleLabel,
    /// aria-label of the console input.
    CommandLabel,
    /// Placeholder of the console input (commands: the same in every language).
    ConsolePlaceholder,
    /// Embedded player: the line shown before the first step.
    EmbedIntro,
    /// Embedded player: the link to the full page.
    OpenFull,
    /// Embedded player: the reset button's title.
    StartOver,
    /// Title of the autoscaling panel (one block per HorizontalPodAutoscaler).
    AutoscalersTitle,
    /// Label of the load control's quantity input.
    TotalCpuLoad,
    /// The load control's button.
    SetLoad,
    /// The button that removes the target's load rule.
    ClearLoad,
    /// Placeholder of the load control's input.
    LoadPlaceholder,
    /// The target's load when no rule covers it.
    NoLoad,
    /// Chart legend: the Deployment's spec.replicas.
    ChartReplicas,
    /// Chart legend: the Deployment's ready replicas.
    ChartReady,
    /// Chart legend: the CPU utilization the HPA last read.
    ChartUtilization,
    /// Chart legend: the HPA's target utilization.
    ChartTarget,
    /// aria-label of the chart.
    ChartLabel,
    /// Title of metrics-server's box in the architecture view.
    MetricsServerTitle,
}

impl Ui {
    /// Every key, for completeness tests.
    #[cfg(test)]
    pub const ALL: &'static [Ui] = &[
        Ui::PageTitle,
        Ui::Tagline,
        Ui::ScenarioLabel,
        Ui::KubernetesLabel,
        Ui::LanguageLabel,
        Ui::TransportLabel,
        Ui::Back,
        Ui::BackTitle,
        Ui::Step,
        Ui::StepTitle,
        Ui::Tick,
        Ui::TickTitle,
        Ui::Play,
        Ui::Pause,
        Ui::PlayTitle,
        Ui::Speed,
        Ui::Reset,
        Ui::HistoryLabel,
        Ui::Manifest,
        Ui::Apply,
        Ui::EditorLabel,
        Ui::YamlLabel,
        Ui::FromTheEditor,
        Ui::EditObject,
        Ui::EditObjectTitle,
        Ui::CancelEdit,
        Ui::Cluster,
        Ui::ArchitectureLabel,
        Ui::ControlPlane,
        Ui::QueueDepthTitle,
        Ui::Stop,
        Ui::StopTitle,
        Ui::NodeStop,
        Ui::NodeStart,
        Ui::NodeStopTitle,
        Ui::NodeStartTitle,
        Ui::KubeletStopped,
        Ui::NotScheduled,
        Ui::SystemPodsTitle,
        Ui::LocalPathTitle,
        Ui::ServicesTitle,
        Ui::SendRequest,
        Ui::NoEndpoints,
        Ui::EndpointReady,
        Ui::EndpointNotReady,
        Ui::EndpointTerminating,
        Ui::InjectFailure,
        Ui::FailureKindLabel,
        Ui::FaultCrash,
        Ui::FaultImagePull,
        Ui::FaultReadiness,
        Ui::FaultLiveness,
        Ui::ImageLabel,
        Ui::ImagePlaceholder,
        Ui::Inject,
        Ui::ClearAll,
        Ui::ApplyThenStep,
        Ui::StepPane,
        Ui::StepLabel,
        Ui::NoStepYet,
        Ui::EventsTitle,
        Ui::EventsLabel,
        Ui::NoEventsYet,
        Ui::Objects,
        Ui::ObjectsLabel,
        Ui::Revisions,
        Ui::Now,
        Ui::ClickObject,
        Ui::Paused,
        Ui::Console,
        Ui::ConsoleLabel,
        Ui::CommandLabel,
        Ui::ConsolePlaceholder,
        Ui::EmbedIntro,
        Ui::OpenFull,
        Ui::StartOver,
        Ui::AutoscalersTitle,
        Ui::TotalCpuLoad,
        Ui::SetLoad,
        Ui::ClearLoad,
        Ui::LoadPlaceholder,
        Ui::NoLoad,
        Ui::ChartReplicas,
        Ui::ChartReady,
        Ui::ChartUtilization,
        Ui::ChartTarget,
        Ui::ChartLabel,
        Ui::MetricsServerTitle,
    ];
}

/// The text of `key` in `lang`.
pub fn ui(lang: Lang, key: Ui) -> &'static str {
    let (en, zh) = ui_pair(key);
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn ui_pair(key: Ui) -> (&'static str, &'static str) {
    match key {
        Ui::PageTitle => (
            "kubestep — step through the Kubernetes control plane",
            "kubestep — 单步执行 Kubernetes 控制平面",
        ),
        Ui::Tagline => (
            " a Kubernetes control plane you can step through",
            " 可以单步执行的 Kubernetes 控制平面",
        ),
        Ui::ScenarioLabel => ("Scenario ", "场景 "),
        Ui::KubernetesLabel => ("Kubernetes ", "Kubernetes "),
        Ui::LanguageLabel => ("Language ", "语言 "),
        Ui::TransportLabel => ("transport", "播放控制"),
        Ui::Back => ("◀ Back", "◀ 后退"),
        Ui::BackTitle => ("Back one step (←)", "后退一步（←）"),
        Ui::Step => ("Step ▶", "单步 ▶"),
        Ui::StepTitle => ("One component action (→)", "执行一个组件动作（→）"),
        Ui::Tick => ("Tick +1s", "时钟 +1s"),
        Ui::TickTitle => ("Advance the clock 1s (Shift+→)", "时钟前进 1s（Shift+→）"),
        Ui::Play => ("▶▶ Play", "▶▶ 播放"),
        Ui::Pause => ("❚❚ Pause", "❚❚ 暂停"),
        Ui::PlayTitle => ("Play / pause (Space)", "播放 / 暂停（空格键）"),
        Ui::Speed => ("speed ", "速度 "),
        Ui::Reset => ("Reset", "重置"),
        Ui::HistoryLabel => ("history", "历史"),
        Ui::Manifest => ("Manifest", "清单"),
        Ui::Apply => ("Apply", "应用"),
        Ui::EditorLabel => ("manifest editor", "清单编辑器"),
        Ui::YamlLabel => ("YAML", "YAML"),
        Ui::FromTheEditor => ("(from the editor)", "（来自编辑器）"),
        Ui::EditObject => ("✎ Edit", "✎ 编辑"),
        Ui::EditObjectTitle => (
            "Open the live object in the editor, as kubectl edit does; Apply then saves it with a PUT carrying the resourceVersion it read",
            "像 kubectl edit 一样在编辑器中打开当前对象；之后点“应用”会带着读到的 resourceVersion 以 PUT 保存",
        ),
        Ui::CancelEdit => ("Cancel edit", "取消编辑"),
        Ui::Cluster => ("Cluster", "集群"),
        Ui::ArchitectureLabel => ("architecture", "架构"),
        Ui::ControlPlane => ("control plane", "控制平面"),
        Ui::QueueDepthTitle => ("work queue depth", "工作队列深度"),
        Ui::Stop => ("Stop", "停止"),
        Ui::StopTitle => (
            "interrupt the running command, as Ctrl-C would",
            "中断正在运行的命令（如同按下 Ctrl-C）",
        ),
        Ui::NodeStop => ("stop", "停止"),
        Ui::NodeStart => ("start", "启动"),
        Ui::NodeStopTitle => (
            "Stop the kubelet: no more Lease renewals or status",
            "停止 kubelet：不再续约 Lease，也不再上报节点状态",
        ),
        Ui::NodeStartTitle => ("Start the kubelet again", "重新启动 kubelet"),
        Ui::KubeletStopped => ("kubelet stopped", "kubelet 已停止"),
        Ui::NotScheduled => ("not scheduled", "未调度"),
        Ui::SystemPodsTitle => (
            "system pods on this node (kube-system: kubeadm's control plane, kube-proxy, CoreDNS; local-path-storage: kind's local-path provisioner)",
            "此节点上的系统 Pod（kube-system：kubeadm 的控制平面、kube-proxy、CoreDNS；local-path-storage：kind 的 local-path provisioner）",
        ),
        Ui::LocalPathTitle => (
            "kind's storage add-on, not part of kube-controller-manager: the local-path-provisioner pod in namespace local-path-storage, the external provisioner (rancher.io/local-path) of the default StorageClass standard",
            "kind 的存储插件，不属于 kube-controller-manager：命名空间 local-path-storage 中的 local-path-provisioner Pod，是默认 StorageClass standard 的外部供应程序（rancher.io/local-path）",
        ),
        Ui::ServicesTitle => (
            "Services (kube-proxy routes to Ready endpoints only)",
            "Service（kube-proxy 只把请求路由到就绪的端点）",
        ),
        Ui::SendRequest => ("send request", "发送请求"),
        Ui::NoEndpoints => ("no endpoints", "没有端点"),
        Ui::EndpointReady => ("ready", "就绪"),
        Ui::EndpointNotReady => ("not ready", "未就绪"),
        Ui::EndpointTerminating => ("terminating", "正在终止"),
        Ui::InjectFailure => ("inject a failure ", "注入故障 "),
        Ui::FailureKindLabel => ("failure kind", "故障类型"),
        Ui::FaultCrash => ("container crashes", "容器崩溃"),
        Ui::FaultImagePull => ("image pull fails", "镜像拉取失败"),
        Ui::FaultReadiness => ("readiness probe fails", "就绪探针失败"),
        Ui::FaultLiveness => ("liveness probe fails", "存活探针失败"),
        Ui::ImageLabel => ("image", "镜像"),
        Ui::ImagePlaceholder => ("image, e.g. nginx:1.27", "镜像，例如 nginx:1.27"),
        Ui::Inject => ("inject", "注入"),
        Ui::ClearAll => ("clear all", "全部清除"),
        Ui::ApplyThenStep => (
            "Apply a manifest, then Step.",
            "先应用一个清单，然后单步执行。",
        ),
        Ui::StepPane => ("Step", "步骤"),
        Ui::StepLabel => ("step", "步骤"),
        Ui::NoStepYet => ("No step yet.", "还没有步骤。"),
        Ui::EventsTitle => ("kubectl get events --watch", "kubectl get events --watch"),
        Ui::EventsLabel => ("events", "事件"),
        Ui::NoEventsYet => ("No events yet.", "还没有事件。"),
        Ui::Objects => ("Objects", "对象"),
        Ui::ObjectsLabel => ("objects", "对象"),
        Ui::Revisions => ("revisions: ", "修订版本："),
        Ui::Now => ("now", "当前"),
        Ui::ClickObject => (
            "Click an object to see its YAML.",
            "点击一个对象，查看它的 YAML。",
        ),
        Ui::Paused => (", paused", "，已暂停"),
        Ui::Console => ("Console", "控制台"),
        Ui::ConsoleLabel => ("console", "控制台"),
        Ui::CommandLabel => ("command", "命令"),
        Ui::ConsolePlaceholder => (
            "kubectl get pods -o wide   ·   step 5   ·   tick 30s",
            "kubectl get pods -o wide   ·   step 5   ·   tick 30s",
        ),
        Ui::EmbedIntro => (
            "Press Step: one component acts at a time.",
            "按“单步”：每次只有一个组件执行一个动作。",
        ),
        Ui::OpenFull => ("open in full sandbox ↗", "在完整沙盒中打开 ↗"),
        Ui::StartOver => ("Start over", "从头开始"),
        Ui::AutoscalersTitle => (
            "HorizontalPodAutoscalers (replicas and the CPU utilization they read, over virtual time)",
            "HorizontalPodAutoscaler（副本数和它读到的 CPU 利用率随虚拟时间的变化）",
        ),
        Ui::TotalCpuLoad => ("total CPU load ", "总 CPU 负载 "),
        Ui::SetLoad => ("set load", "设置负载"),
        Ui::ClearLoad => ("clear load", "清除负载"),
        Ui::LoadPlaceholder => ("e.g. 900m", "例如 900m"),
        Ui::NoLoad => ("no load rule: idle", "没有负载规则：空闲"),
        Ui::ChartReplicas => ("replicas", "副本数"),
        Ui::ChartReady => ("ready", "就绪"),
        Ui::ChartUtilization => ("CPU utilization", "CPU 利用率"),
        Ui::ChartTarget => ("target", "目标"),
        Ui::MetricsServerTitle => (
            "an add-on (addon metrics-server), not part of kube-controller-manager: every 15s it scrapes each kubelet's resource metrics, and it serves metrics.k8s.io (kubectl top, the autoscalers) while its pod is Ready",
            "一个插件（addon metrics-server），不属于 kube-controller-manager：每 15s 抓取每个 kubelet 的资源指标，并在它的 Pod 就绪时提供 metrics.k8s.io（kubectl top 和自动扩缩器使用）",
        ),
        Ui::ChartLabel => (
            "chart of replicas and CPU utilization over virtual time",
            "副本数和 CPU 利用率随虚拟时间变化的图表",
        ),
    }
}

// ----- strings with parameters ---------------------------------------------------------

/// The banner while looking at an earlier step: `Looking at step 3 of 9: acting here …`.
pub fn looking_at(lang: Lang, k: u64, total: u64) -> String {
    match lang {
        Lang::En => format!(
            "Looking at step {} of {}: acting here (Apply, Tick, console) forks a new future from this point.",
            k, total
        ),
        Lang::Zh => format!(
            "正在查看第 {} 步（共 {} 步）：在这里操作（应用、时钟、控制台）会从这一点分叉出新的未来。",
            k, total
        ),
    }
}

/// The step counter in the header: `step 3 / 9`.
pub fn step_counter(lang: Lang, cur: u64, total: u64) -> String {
    match lang {
        Lang::En => format!("step {} / {}", cur, total),
        Lang::Zh => format!("第 {} / {} 步", cur, total),
    }
}

/// The step pane title: `Step 3`.
pub fn step_title(lang: Lang, k: u64) -> String {
    match lang {
        Lang::En => format!("Step {}", k),
        Lang::Zh => format!("第 {} 步", k),
    }
}

/// What woke the component: `woken by watch: …` (`trigger` already in `lang`).
pub fn woken_by(lang: Lang, trigger: &str) -> String {
    match lang {
        Lang::En => format!("woken by {}", trigger),
        Lang::Zh => format!("唤醒原因：{}", trigger),
    }
}

/// The components queued next: `notified next: a, b`.
pub fn notified_next(lang: Lang, names: &[String]) -> String {
    match lang {
        Lang::En => format!("notified next: {}", names.join(", ")),
        Lang::Zh => format!("接下来被通知：{}", names.join("、")),
    }
}

/// A component's work queue depth badge: `queue 3`.
pub fn queue_depth(lang: Lang, depth: u64) -> String {
    match lang {
        Lang::En => format!("queue {}", depth),
        Lang::Zh => format!("队列 {}", depth),
    }
}

/// A component held back by its client's rate limiter: `throttled 0.05s`.
pub fn throttled(lang: Lang, wait_ms: i64) -> String {
    let s = kubestep::runtime::flowcontrol::seconds(wait_ms);
    match lang {
        Lang::En => format!("throttled {}", s),
        Lang::Zh => format!("限流 {}", s),
    }
}

/// The throttled badge's tooltip.
pub fn throttled_title(lang: Lang, wait_ms: i64, items: usize, qps: i64, burst: i64) -> String {
    let s = kubestep::runtime::flowcontrol::seconds(wait_ms);
    match lang {
        Lang::En => format!(
            "waiting {} for its client's rate limiter ({} QPS, burst {}); {} work item{} held back",
            s,
            qps,
            burst,
            items,
            if items == 1 { "" } else { "s" }
        ),
        Lang::Zh => format!(
            "等待客户端限流器 {}（每秒 {} 个请求，突发 {}）；{} 个工作项在等待",
            s, qps, burst, items
        ),
    }
}

/// The etcd box's revision: `rev 42`.
pub fn etcd_rev(lang: Lang, rev: i64) -> String {
    match lang {
        Lang::En => format!("rev {}", rev),
        Lang::Zh => format!("修订版本 {}", rev),
    }
}

/// A pod chip's restart count: `1 restart`, `3 restarts`.
pub fn restarts(lang: Lang, n: i64) -> String {
    match lang {
        Lang::En => format!("{} {}", n, if n == 1 { "restart" } else { "restarts" }),
        Lang::Zh => format!("重启 {} 次", n),
    }
}

/// The path line of a step that wrote nothing: `kubelet/worker-1 acted without writing`.
pub fn acted_without_writing(lang: Lang, component: &str) -> String {
    match lang {
        Lang::En => format!("{} acted without writing", component),
        Lang::Zh => format!("{} 执行了动作，但没有写入", component),
    }
}

/// The path line of a step: `C → kube-apiserver: w1, w2, w3 and 2 more → etcd revision 42`.
/// `writes` are the first writes as the page prints them (`update pods/x (rev 41)`, API
/// verbs kept), `more` how many are left out.
pub fn write_path(lang: Lang, component: &str, writes: &[String], more: usize, rev: i64) -> String {
    match lang {
        Lang::En => format!(
            "{} → kube-apiserver: {}{} → etcd revision {}",
            component,
            writes.join(", "),
            if more > 0 {
                format!(" and {} more", more)
            } else {
                String::new()
            },
            rev
        ),
        Lang::Zh => format!(
            "{} → kube-apiserver：{}{} → etcd 修订版本 {}",
            component,
            writes.join("，"),
            if more > 0 {
                format!(" 等另外 {} 项", more)
            } else {
                String::new()
            },
            rev
        ),
    }
}

/// The title of a change in the step pane: `update Pod web-1 → revision 42` (API verb and
/// kind kept).
pub fn change_title(lang: Lang, verb: &str, kind: &str, name: &str, rev: i64) -> String {
    match lang {
        Lang::En => format!("{} {} {} → revision {}", verb, kind, name, rev),
        Lang::Zh => format!("{} {} {} → 修订版本 {}", verb, kind, name, rev),
    }
}

/// A Deployment's or StatefulSet's readiness in the objects tree: `2/3 ready`.
pub fn deployment_ready(lang: Lang, ready: i32, want: i32) -> String {
    match lang {
        Lang::En => format!("{}/{} ready", ready, want),
        Lang::Zh => format!("{}/{} 就绪", ready, want),
    }
}

/// A CronJob in the objects tree: its schedule, `suspended` when it is, the number of
/// active Jobs and the age of the last schedule (`kubectl get cronjobs`' SCHEDULE, SUSPEND,
/// ACTIVE and LAST SCHEDULE columns): `@hourly, 0 active, last schedule 60m ago`.
pub fn cronjob_state(
    lang: Lang,
    schedule: &str,
    suspended: bool,
    active: usize,
    last_schedule: Option<&str>,
) -> String {
    match lang {
        Lang::En => format!(
            "{}{}, {} active, {}",
            schedule,
            if suspended { ", suspended" } else { "" },
            active,
            match last_schedule {
                Some(age) => format!("last schedule {} ago", age),
                None => "never scheduled".to_string(),
            }
        ),
        Lang::Zh => format!(
            "{}{}，{} 个运行中，{}",
            schedule,
            if suspended { "，已挂起" } else { "" },
            active,
            match last_schedule {
                Some(age) => format!("上次调度于 {} 前", age),
                None => "尚未调度".to_string(),
            }
        ),
    }
}

/// A PersistentVolume's node in the objects tree (a local volume's node affinity):
/// `on worker-1`.
pub fn volume_node(lang: Lang, node: &str) -> String {
    match lang {
        Lang::En => format!("on {}", node),
        Lang::Zh => format!("位于 {}", node),
    }
}

/// A PodDisruptionBudget in the objects tree: its bound and `kubectl get pdb`'s ALLOWED
/// DISRUPTIONS (`min available 2, allowed disruptions 1`); `min` or `max` is `N/A`.
pub fn pdb_state(lang: Lang, min: &str, max: &str, allowed: &str) -> String {
    let (bound, n) = match (lang, min) {
        (Lang::En, "N/A") => ("max unavailable", max),
        (Lang::En, _) => ("min available", min),
        (Lang::Zh, "N/A") => ("最多不可用", max),
        (Lang::Zh, _) => ("最少可用", min),
    };
    match lang {
        Lang::En => format!("{} {}, allowed disruptions {}", bound, n, allowed),
        Lang::Zh => format!("{} {}，允许干扰 {}", bound, n, allowed),
    }
}

/// A ConfigMap in the objects tree: `kubectl get configmaps`' DATA, the number of keys in
/// data and binaryData (`1 key`).
pub fn configmap_keys(lang: Lang, n: usize) -> String {
    match lang {
        Lang::En => format!("{} {}", n, if n == 1 { "key" } else { "keys" }),
        Lang::Zh => format!("{} 个键", n),
    }
}

/// The objects tree's folded group of a system namespace: `kube-system (9 pods)`.
pub fn namespace_group(lang: Lang, ns: &str, pods: usize) -> String {
    match lang {
        Lang::En => format!(
            "{} ({} {})",
            ns,
            pods,
            if pods == 1 { "pod" } else { "pods" }
        ),
        Lang::Zh => format!("{}（{} 个 Pod）", ns, pods),
    }
}

/// A state in the pod grid's legend and tooltips.
pub fn cell_state(lang: Lang, s: crate::grid::CellState) -> &'static str {
    use crate::grid::CellState::*;
    match (lang, s) {
        (Lang::En, Ready) => "ready",
        (Lang::En, NotReady) => "running, not ready",
        (Lang::En, Creating) => "creating",
        (Lang::En, Unscheduled) => "not scheduled",
        (Lang::En, Error) => "failing (back-off, pull or config error)",
        (Lang::En, Terminating) => "terminating",
        (Lang::En, Completed) => "completed",
        (Lang::En, Failed) => "failed",
        (Lang::Zh, Ready) => "就绪",
        (Lang::Zh, NotReady) => "运行中，未就绪",
        (Lang::Zh, Creating) => "创建中",
        (Lang::Zh, Unscheduled) => "未调度",
        (Lang::Zh, Error) => "出错（退避、拉取或配置错误）",
        (Lang::Zh, Terminating) => "终止中",
        (Lang::Zh, Completed) => "已完成",
        (Lang::Zh, Failed) => "失败",
    }
}

/// The pod grid's line for the cell under the pointer.
pub fn grid_pod(lang: Lang, pod: &str, state: &str, node: &str) -> String {
    match (lang, node.is_empty()) {
        (Lang::En, false) => format!("{} on {}: {} (click to open)", pod, node, state),
        (Lang::En, true) => format!("{}: {} (click to open)", pod, state),
        (Lang::Zh, false) => format!("{}（{} 上）：{}（点击打开）", pod, node, state),
        (Lang::Zh, true) => format!("{}：{}（点击打开）", pod, state),
    }
}

/// The pod grid's line for a node's box under the pointer.
pub fn grid_node(lang: Lang, node: &str, pods: usize) -> String {
    match (lang, node.is_empty()) {
        (Lang::En, false) => format!(
            "node {}: {} {} (click to open)",
            node,
            pods,
            if pods == 1 { "pod" } else { "pods" }
        ),
        (Lang::En, true) => format!(
            "{} {} not scheduled",
            pods,
            if pods == 1 { "pod" } else { "pods" }
        ),
        (Lang::Zh, false) => format!("节点 {}：{} 个 Pod（点击打开）", node, pods),
        (Lang::Zh, true) => format!("{} 个 Pod 未调度", pods),
    }
}

/// The pod grid's line when the pointer is elsewhere.
pub fn grid_hint(lang: Lang, pods: usize, nodes: usize) -> String {
    match lang {
        Lang::En => format!(
            "{} {} on {} {}, one cell per pod; point at a cell to name it, click to open it",
            pods,
            if pods == 1 { "pod" } else { "pods" },
            nodes,
            if nodes == 1 { "node" } else { "nodes" }
        ),
        Lang::Zh => format!(
            "{} 个节点上的 {} 个 Pod，每格一个 Pod；指向格子显示名称，点击打开",
            nodes, pods
        ),
    }
}

/// An owner's collapsed pods in the objects tree: `1000 pods: 950 Running, 50 Pending`.
pub fn pod_group(lang: Lang, total: usize, by_status: &[(String, usize)]) -> String {
    let parts: Vec<String> = by_status
        .iter()
        .map(|(s, n)| format!("{} {}", n, s))
        .collect();
    match lang {
        Lang::En => format!(
            "{} {}: {}",
            total,
            if total == 1 { "pod" } else { "pods" },
            parts.join(", ")
        ),
        Lang::Zh => format!("{} 个 Pod：{}", total, parts.join("，")),
    }
}

/// The editor's banner while it holds a live object: what, at which resourceVersion, and
/// what Apply does with it.
pub fn editing_banner(lang: Lang, what: &str, rv: &str) -> String {
    match lang {
        Lang::En => format!(
            "Editing {} (resourceVersion {}). Apply saves it with a PUT (kubectl replace -f -): if the object changed since it was opened, the API server answers 409 Conflict.",
            what, rv
        ),
        Lang::Zh => format!(
            "正在编辑 {}（resourceVersion {}）。点“应用”以 PUT 保存（kubectl replace -f -）：如果打开后对象已被修改，API 服务器会返回 409 Conflict。",
            what, rv
        ),
    }
}

/// The console entry's suffix for an edit saved from the editor.
pub fn from_an_edit(lang: Lang, what: &str) -> String {
    match lang {
        Lang::En => format!("(edit of {})", what),
        Lang::Zh => format!("（编辑 {}）", what),
    }
}

/// An editor error with its position: `line 3, column 5: msg` (`msg` is kubectl's text,
/// kept as is).
pub fn editor_error(lang: Lang, line: Option<u32>, column: Option<u32>, msg: &str) -> String {
    match (lang, line, column) {
        (Lang::En, Some(l), Some(c)) => format!("line {}, column {}: {}", l, c, msg),
        (Lang::En, Some(l), None) => format!("line {}: {}", l, msg),
        (Lang::Zh, Some(l), Some(c)) => format!("第 {} 行，第 {} 列：{}", l, c, msg),
        (Lang::Zh, Some(l), None) => format!("第 {} 行：{}", l, msg),
        (_, None, _) => msg.to_string(),
    }
}

/// The console line while `settle` runs in slices: `… 120 steps so far, t = 00:01:00.000`
/// (with its newline).
pub fn settling(lang: Lang, steps: u64, clock: &str) -> String {
    match lang {
        Lang::En => format!("… {} steps so far, t = {}\n", steps, clock),
        Lang::Zh => format!("… 目前已执行 {} 步，t = {}\n", steps, clock),
    }
}

/// An HPA in the objects tree and its panel: `kubectl get hpa`'s TARGETS and REPLICAS,
/// and MINPODS–MAXPODS: `cpu: 50%/50%, 9 replicas (1–10)`.
pub fn hpa_state(lang: Lang, targets: &str, replicas: &str, min: &str, max: &str) -> String {
    match lang {
        Lang::En => format!(
            "{}, {} {} ({}–{})",
            targets,
            replicas,
            if replicas == "1" {
                "replica"
            } else {
                "replicas"
            },
            min,
            max
        ),
        Lang::Zh => format!("{}，{} 个副本（{}–{}）", targets, replicas, min, max),
    }
}

/// The load control's title: the command its button runs.
pub fn load_title(lang: Lang, command: &str) -> String {
    match lang {
        Lang::En => format!(
            "Runs `{}` in the console: the target's Ready pods share this much CPU",
            command
        ),
        Lang::Zh => format!("在控制台运行 `{}`：目标的就绪 Pod 平分这么多 CPU", command),
    }
}

/// The target's load rule as the panel shows it: `load now: 900m, shared by the Ready pods`.
pub fn load_now(lang: Lang, cpu: &str, total: bool) -> String {
    match (lang, total) {
        (Lang::En, true) => format!("load now: {} in total, shared by the Ready pods", cpu),
        (Lang::En, false) => format!("load now: {} per pod", cpu),
        (Lang::Zh, true) => format!("当前负载：共 {}，由就绪 Pod 平分", cpu),
        (Lang::Zh, false) => format!("当前负载：每个 Pod {}", cpu),
    }
}

// ----- scenario menu -------------------------------------------------------------------

/// `(id, title, hint)` in Chinese for each scenario of the page's menu.
const SCENARIOS_ZH: &[(&str, &str, &str)] = &[
    (
        "classic",
        "经典演示：把 newkubia 从 5 个缩到 3 个",
        "点击“应用”，再“播放”到 5 个 Pod 都运行起来；然后把 replicas 改成 3，再次“应用”：观察 ScalingReplicaSet → Killing ×2 → SuccessfulDelete ×2。",
    ),
    (
        "edit",
        "编辑运行中的 Deployment：副本数 5 → 3",
        "newkubia 正运行 5 个 Pod。在“对象”中选中 deployment newkubia，按“✎ 编辑”：编辑器里是当前对象（包括 resourceVersion）。把 replicas: 5 改成 3 并“应用”（以 PUT 保存，同 kubectl replace）：观察 ScalingReplicaSet → Killing ×2 → SuccessfulDelete ×2。再编辑一次，在“应用”之前先在控制台里缩放它：过期的编辑会得到 409 Conflict。",
    ),
    (
        "rolling",
        "滚动更新",
        "点击“应用”并等待集群稳定，然后把镜像改成 nginx:1.28 并“应用”：maxSurge 25% 和 maxUnavailable 25% 控制着新 ReplicaSet 扩容、旧 ReplicaSet 缩容的节奏。",
    ),
    (
        "rollback",
        "回滚",
        "点击“应用”，修改镜像后再次“应用”，然后在控制台输入 `kubectl rollout undo deployment/web`：旧的 ReplicaSet 会被重新使用，并获得一个新的修订版本。",
    ),
    (
        "unschedulable",
        "无法调度的 Pod",
        "这个 Pod 请求 6 个 CPU，而工作节点只有 4 个。阅读 FailedScheduling 消息，然后在控制台运行 `node add big --cpu 16`。",
    ),
    (
        "recreate",
        "Recreate 策略",
        "点击“应用”，然后修改镜像并“应用”：所有旧 Pod 都停止之后，新 Pod 才会启动。",
    ),
    (
        "node-failure",
        "节点故障：停止 worker-2",
        "点击“应用”并等待稳定（播放），然后在 worker-2 上按“停止”：50s 宽限期过后，node-controller 把它标记为 NotReady 并加上 unreachable 污点；300s 后（默认的容忍时长）它上面的 Pod 被驱逐，并在 worker-1 上重建，旧 Pod 卡在 Terminating。按“启动”让它恢复。",
    ),
    (
        "image-pull",
        "无法拉取的镜像",
        "标签 nginx:1.277 不存在（已为它设置了故障）。点击“应用”并单步执行：先是 ErrImagePull，然后是 ImagePullBackOff，回退时间从 10s 起翻倍，最长 5m。把标签改回 1.27 并“应用”，或者运行 `fault clear`。",
    ),
    (
        "crashloop",
        "CrashLoopBackOff",
        "容器的脚本在启动两秒后以退出码 1 退出（kubestep 按原样执行 sleep 和 exit）。点击“应用”，然后点“时钟 +1s”或“播放”：RESTARTS 不断增加，kubelet 在两次重启之间等待 10s、20s、40s……最长 5m。",
    ),
    (
        "probes",
        "就绪探针和存活探针",
        "点击“应用”：第一次就绪探针在 5s 时通过之前，READY 一直是 0/1；minReadySeconds 又让 Pod 多保持 10s 不可用。然后为 nginx:1.27 注入“就绪探针失败”：出现 Unhealthy 事件，Pod 变为 NotReady，Deployment 失去可用性。",
    ),
    (
        "service",
        "Service、EndpointSlice 和 kube-proxy",
        "点击“应用”：每个 Pod 变为就绪时，endpointslice-controller 会加入它的 IP，每个 kube-proxy 都会重写自己的规则。按“发送请求”（或运行 `request web`），并在控制台运行 `proxy rules worker-1`。缩容到 0 之后，请求会被拒绝。",
    ),
    (
        "daemonset",
        "DaemonSet：每个节点一个 Pod",
        "点击“应用”并“播放”：daemonset-controller 在每个工作节点上创建一个 log-agent Pod，节点亲和性把每个 Pod 固定到它的节点（控制平面的污点把它挡在外面；kube-proxy 容忍一切）。然后运行 `node add worker-3`：新节点上也会出现一个 Pod。`kubectl set image ds/log-agent agent=fluent/fluent-bit:3.2.4` 会一个节点一个节点地替换 Pod（maxUnavailable 1）；`kubectl rollout history ds/log-agent` 列出它的 ControllerRevision。",
    ),
    (
        "drain-daemonset",
        "排空有 DaemonSet Pod 的节点",
        "web 在两个工作节点上运行 4 个 Pod，每个工作节点上还有 kube-proxy。运行 `kubectl drain worker-1`：kubectl 会拒绝，因为 DaemonSet 会立刻把 kube-proxy 放回来。然后运行 `kubectl drain worker-1 --ignore-daemonsets`：web 的 Pod 被驱逐并在 worker-2 上重建；kube-proxy 留下（它容忍 unschedulable 污点）。`kubectl uncordon worker-1` 收尾。",
    ),
    (
        "job",
        "Job：运行到完成，再看一个失败并退避的 Job",
        "点击“应用”并“播放”：job-controller 保持 2 个 Pod 运行，直到 3 个成功（每个都通过 batch.kubernetes.io/job-tracking finalizer 计数），然后添加 SuccessCriteriaMet 和 Complete 条件。然后把 Job 改名为 flaky，把命令改成 `sleep 2; exit 1` 并“应用”：每个失败的 Pod 都让下一个 Pod 的等待时间翻倍（10s、20s），第三次失败超过 backoffLimit 2（BackoffLimitExceeded）。",
    ),
    (
        "cronjob",
        "CronJob 的一天：每小时一次备份",
        "点击“应用”，然后在控制台运行 `tick 24h`：虚拟时钟走过一整天，每到整点 cronjob-controller 就创建一个 Job，以它的计划时间（Unix 分钟数）命名（backup-28928220 即 2025-01-01T01:00Z：1735693200 秒 ÷ 60）。之后 `kubectl get cronjobs,jobs` 只显示 3 个 Job：successfulJobsHistoryLimit 3 删除了更早的 Job。`kubectl get events --field-selector involvedObject.kind=CronJob` 记录了整个过程：SuccessfulCreate、SawCompletedJob、SuccessfulDelete。下一次计划时间是一个例行定时器：`settle` 不会等它，`tick` 会让时钟走过它。",
    ),
    (
        "statefulset",
        "StatefulSet：按序启动，按序缩容",
        "点击“应用”，然后“播放”或“单步”：statefulset-controller 先创建 web-0，等 web-0 处于 Running 且就绪之后才创建 web-1（podManagementPolicy OrderedReady）。每个 Pod 都从 volumeClaimTemplates 得到自己的 PVC www-web-N；kind 的 StorageClass standard 使用 WaitForFirstConsumer 绑定模式，所以先由调度器选定节点，再由 local-path provisioner 在那个节点上创建卷。每个 Pod 稳定的 DNS 名称 web-N.nginx.default.svc.cluster.local 来自它的 hostname 和 subdomain 以及无头 Service nginx（`kubectl get endpointslices -o yaml` 会显示每个端点的 hostname）。然后运行 `kubectl scale sts web --replicas=1`：先删除 web-2，再删除 web-1（从最大序号开始），它们的 PVC 保留下来（`kubectl get pvc`）。",
    ),
    (
        "hpa",
        "HPA 负载测试：先扩容，5 分钟后再缩容",
        "web 的每个 Pod 请求 200m CPU。metrics-server 已经安装（`addon metrics-server`），并且已经运行了 `kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10`：在集群下方可以看到这个 HorizontalPodAutoscaler。提高负载：在那里把总 CPU 负载设为 900m，或者在控制台输入 `load deployment/web --cpu 900m --total`，然后“播放”或运行 `settle`。horizontal-pod-autoscaler 每 15s 从 metrics-server 读取 Pod 的 CPU 用量，并立即扩容，每次最多扩到 max(2×当前副本数, 4)：1 → 4 → 8 → 9，直到 9 个 Pod 平分 900m，正好是请求量的 50%。然后降低负载（设为 50m，或清除它）并运行 `tick 4m`：仍然是 9 个，因为缩容要等过 5 分钟的稳定窗口；再运行 `tick 2m`，就回到 1 个。图表画出了副本数和利用率随虚拟时间的变化。",
    ),
    (
        "pdb-drain",
        "被 PodDisruptionBudget 阻塞的排空",
        "web 运行 3 个 Pod，其中两个在 worker-2 上，并且已经运行了 `kubectl create pdb web --selector=app=web --min-available=2`：3 个 Pod 健康，其中 2 个必须保持健康，所以 disruption-controller 允许 1 次干扰（`kubectl get pdb`）。运行 `kubectl drain worker-2 --ignore-daemonsets`：它封锁节点，并驱逐那里的两个 web Pod。第一次驱逐用掉了唯一允许的那次干扰；第二次被拒绝，返回 429 Too Many Requests：“Cannot evict pod as it would violate the pod's disruption budget.”，kubectl drain 每 5s 重试一次。与此同时，replicaset-controller 在 worker-1 上为被驱逐的 Pod 创建替代 Pod；替代 Pod 就绪后，disruption-controller 重新允许 1 次干扰，下一次重试成功，drain 以 node/worker-2 drained 结束。这一切都发生在这一条命令之内。想停在被阻塞的那一刻，就改用 `--timeout=200ms` 运行 drain：它在预算为 0 时放弃，此时 worker-2 上的第二个 Pod 仍在运行，它的替代 Pod 在 worker-1 上处于 Pending。单步执行，直到替代 Pod 就绪、预算（在“对象”中）重新允许 1 次干扰，然后再次 drain。`kubectl uncordon worker-2` 收尾。",
    ),
    (
        "namespace",
        "删不掉的命名空间",
        "命名空间 shop 里有两个 Deployment：web（nginx，2 个 Pod）和 slow，slow 的 busybox 容器运行 `sh -c 'sleep 3600'`：sh 是 1 号进程，会忽略 SIGTERM，所以这个 Pod 要等满 30s 的宽限期才会停止。运行 `kubectl delete namespace shop --wait=false`：shop 没有被删除，而是被标记为 Terminating（`kubectl get ns`），只要 spec.finalizers 里还有 `kubernetes` 这个 finalizer，它就一直留着。`kubectl run p --image=nginx -n shop` 会被拒绝：NamespaceLifecycle 准入控制不接受在正在终止的命名空间里创建新内容。单步执行（或运行 `tick 6s`）：删除 5s 后，namespace-controller 删除 shop 里的所有内容，并写下它为什么还不能完成；`kubectl describe namespace shop` 显示 NamespaceContentRemaining（pods）。然后“播放”或运行 `settle`：web 的 Pod 一秒内停止，slow 的 Pod 在宽限期结束时被杀死，控制器移除 finalizer，shop 就消失了。点击“应用”可以把它重新创建出来。",
    ),
    (
        "missing-configmap",
        "缺失的 ConfigMap",
        "web 的容器从 ConfigMap app-config 的键 color 读取环境变量 COLOR，可是 app-config 并不存在。单步执行或“播放”：Pod 被调度，nginx:1.27 也拉取好了，但 kubelet 生成不了容器的环境变量：每个 Pod 都停在 CreateContainerConfigError，并带有 Warning 事件 Failed：`Error: configmap \"app-config\" not found`。kubelet 每次隔 10–15 秒重试（Pod worker 带随机抖动的退避；`kubectl describe pods` 会统计次数），多久都会一直重试下去，所以 `settle` 只会白等。创建它：`kubectl create configmap app-config --from-literal=color=blue`（它会出现在“对象”中），然后单步执行或“播放”：下一次重试就会创建并启动容器，COLOR=blue。现在修改这个值：`kubectl patch configmap app-config -p '{\"data\":{\"color\":\"green\"}}'`，然后“播放”或运行 `settle`：什么都没有重启，原来的两个 Pod 继续以 COLOR=blue 运行，因为容器只在启动时读取环境变量。`kubectl rollout restart deployment/web` 让 green 生效：它给 Pod 模板加上 kubectl.kubernetes.io/restartedAt 注解，Deployment 随即滚动出两个新 Pod，它们的容器启动时 COLOR=green。",
    ),
    (
        "stalled-rollout",
        "停滞的上线：进度期限",
        "web 运行的是 nginx:1.27。编辑器把它改成了无法拉取的 nginx:1.277。点击“应用”并“播放”：新 Pod 停留在 ImagePullBackOff，旧 Pod 继续提供服务（maxUnavailable），30s 后 Progressing 变为 False，原因是 ProgressDeadlineExceeded（在“对象”中查看该 Deployment）。然后试试 `kubectl rollout undo deployment/web`。",
    ),
];

/// The menu title of scenario `id`; `en` (the scenario's own title) for English or for a
/// scenario without a translation.
pub fn scenario_title(lang: Lang, id: &str, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => SCENARIOS_ZH
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, t, _)| *t)
            .unwrap_or(en),
    }
}

/// The hint of scenario `id`; `en` (the scenario's own hint) for English or for a scenario
/// without a translation.
pub fn scenario_hint(lang: Lang, id: &str, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => SCENARIOS_ZH
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, _, h)| *h)
            .unwrap_or(en),
    }
}

/// The scenario ids with a Chinese title and hint.
#[cfg(test)]
pub fn translated_scenarios() -> Vec<&'static str> {
    SCENARIOS_ZH.iter().map(|(i, _, _)| *i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn every_ui_string_exists_in_both_languages_and_every_scenario_has_a_chinese_title() {
        for k in Ui::ALL {
            let (en, zh) = (ui(Lang::En, *k), ui(Lang::Zh, *k));
            assert!(!en.is_empty() && !zh.is_empty(), "{:?}", k);
        }
        let zh = translated_scenarios();
        for s in crate::scenarios::SCENARIOS {
            assert!(zh.contains(&s.id), "scenario {} has no Chinese title", s.id);
            assert!(!scenario_hint(Lang::Zh, s.id, s.hint).is_empty());
        }
    }

    #[wasm_bindgen_test]
    fn ui_strings_with_parameters_read_naturally() {
        assert_eq!(
            looking_at(Lang::En, 3, 9),
            "Looking at step 3 of 9: acting here (Apply, Tick, console) forks a new future from this point."
        );
        assert_eq!(
            looking_at(Lang::Zh, 3, 9),
            "正在查看第 3 步（共 9 步）：在这里操作（应用、时钟、控制台）会从这一点分叉出新的未来。"
        );
        assert_eq!(step_counter(Lang::Zh, 3, 9), "第 3 / 9 步");
        assert_eq!(restarts(Lang::En, 1), "1 restart");
        assert_eq!(restarts(Lang::En, 2), "2 restarts");
        assert_eq!(restarts(Lang::Zh, 2), "重启 2 次");
        assert_eq!(
            write_path(
                Lang::En,
                "kubelet/worker-1",
                &["update pods/a (rev 4)".into()],
                2,
                6
            ),
            "kubelet/worker-1 → kube-apiserver: update pods/a (rev 4) and 2 more → etcd revision 6"
        );
        assert_eq!(
            editor_error(Lang::Zh, Some(3), Some(5), "error: x"),
            "第 3 行，第 5 列：error: x"
        );
        assert_eq!(woken_by(Lang::Zh, "定时器"), "唤醒原因：定时器");
        assert_eq!(woken_by(Lang::En, "timer"), "woken by timer");
        assert_eq!(
            cronjob_state(Lang::En, "@hourly", false, 0, Some("60m")),
            "@hourly, 0 active, last schedule 60m ago"
        );
        assert_eq!(
            cronjob_state(Lang::Zh, "@hourly", true, 1, None),
            "@hourly，已挂起，1 个运行中，尚未调度"
        );
        assert_eq!(
            namespace_group(Lang::En, "kube-system", 9),
            "kube-system (9 pods)"
        );
        assert_eq!(
            namespace_group(Lang::En, "local-path-storage", 1),
            "local-path-storage (1 pod)"
        );
        assert_eq!(
            namespace_group(Lang::Zh, "kube-system", 9),
            "kube-system（9 个 Pod）"
        );
        assert_eq!(
            pdb_state(Lang::En, "2", "N/A", "1"),
            "min available 2, allowed disruptions 1"
        );
        assert_eq!(
            pdb_state(Lang::Zh, "N/A", "0", "0"),
            "最多不可用 0，允许干扰 0"
        );
        assert_eq!(configmap_keys(Lang::En, 1), "1 key");
        assert_eq!(configmap_keys(Lang::En, 0), "0 keys");
        assert_eq!(configmap_keys(Lang::Zh, 2), "2 个键");
        assert_eq!(volume_node(Lang::En, "worker-1"), "on worker-1");
        assert_eq!(volume_node(Lang::Zh, "worker-1"), "位于 worker-1");
        assert_eq!(ui(Lang::En, Ui::Back), "◀ Back");
        assert_eq!(ui(Lang::Zh, Ui::KubeletStopped), "kubelet 已停止");
        assert_eq!(
            scenario_title(Lang::Zh, "rolling", "Rolling update"),
            "滚动更新"
        );
        assert_eq!(
            scenario_title(Lang::Zh, "not-a-scenario", "Something new"),
            "Something new"
        );
        assert_eq!(
            scenario_hint(Lang::En, "rolling", "English hint"),
            "English hint"
        );
    }
}

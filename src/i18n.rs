//! Languages of the page: English and Simplified Chinese (简体中文).
//!
//! Three parts, none of them touching the web:
//! - [`Lang`]: which language, from a code or from `navigator.languages`.
//! - The UI catalog: [`ui`] over [`Ui`] (every fixed string the page shows) and a few
//!   functions for strings with parameters ([`looking_at`], [`woken_by`], …), plus the
//!   scenario menu ([`scenario_title`], [`scenario_hint`]).
//! - Step explanations: [`explain`] translates the English summary the engine writes for a
//!   step (sentences joined with `"; "`), and [`trigger`] the line saying what woke the
//!   component. Both work by a table of anchored templates; names, numbers, durations,
//!   images, taints, plugin names and Kubernetes message texts are captured and kept
//!   verbatim. A fragment no template matches stays in English ([`untranslated`] lists
//!   them; `tests/i18n.rs` runs every scenario and requires the list to be empty).
//!
//! kubectl output and event messages are never translated: they are what Kubernetes prints.
//! Terminology follows the kubernetes.io/zh-cn documentation (节点, 控制平面, 污点, 容忍度,
//! 探针, 就绪, 存活, 滚动更新, 状况, 属主/附属, 选择算符, …); object kinds and field
//! names stay in English as they do there.

use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------
// Lang
// ---------------------------------------------------------------------------------------

/// A language of the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// English (the engine's own language).
    #[default]
    En,
    /// Simplified Chinese (简体中文).
    Zh,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// Parse a language tag: `en`, `en-US`, `zh`, `zh-CN`, `zh-Hans`, `zh_CN`, … (case
    /// insensitive). Any `zh*` is Chinese (Simplified is the only Chinese offered).
    pub fn parse(s: &str) -> Option<Lang> {
        let t = s.trim().to_ascii_lowercase();
        let primary = t.split(['-', '_']).next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The BCP 47 tag: `en` or `zh-CN` (for `<html lang>` and share links).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's name in itself, for the menu: `English`, `简体中文`.
    pub fn label(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// Pick from `navigator.languages` (preference order): the first tag that is English or
    /// Chinese decides; nothing recognised means English.
    pub fn from_browser(langs: &[String]) -> Lang {
        langs
            .iter()
            .find_map(|l| Lang::parse(l))
            .unwrap_or_default()
    }
}

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
    /// Architecture pane title.
    Cluster,
    /// aria-label of the architecture pane.
    ArchitectureLabel,
    /// Title of the control-plane box.
    ControlPlane,
    /// Tooltip of a component's queue depth.
    QueueDepthTitle,
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
}

impl Ui {
    /// Every key, for completeness tests and catalogs.
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
        Ui::Cluster,
        Ui::ArchitectureLabel,
        Ui::ControlPlane,
        Ui::QueueDepthTitle,
        Ui::NodeStop,
        Ui::NodeStart,
        Ui::NodeStopTitle,
        Ui::NodeStartTitle,
        Ui::KubeletStopped,
        Ui::NotScheduled,
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
        Ui::Cluster => ("Cluster", "集群"),
        Ui::ArchitectureLabel => ("architecture", "架构"),
        Ui::ControlPlane => ("control plane", "控制平面"),
        Ui::QueueDepthTitle => ("work queue depth", "工作队列深度"),
        Ui::NodeStop => ("stop", "停止"),
        Ui::NodeStart => ("start", "启动"),
        Ui::NodeStopTitle => (
            "Stop the kubelet: no more Lease renewals or status",
            "停止 kubelet：不再续约 Lease，也不再上报节点状态",
        ),
        Ui::NodeStartTitle => ("Start the kubelet again", "重新启动 kubelet"),
        Ui::KubeletStopped => ("kubelet stopped", "kubelet 已停止"),
        Ui::NotScheduled => ("not scheduled", "未调度"),
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

/// What woke the component, from the step's raw (English) trigger: `woken by watch: …`.
/// The trigger is translated with [`trigger`].
pub fn woken_by(lang: Lang, raw_trigger: &str) -> String {
    match lang {
        Lang::En => format!("woken by {}", raw_trigger),
        Lang::Zh => format!("唤醒原因：{}", trigger(lang, raw_trigger)),
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

/// A Deployment's readiness in the objects tree: `2/3 ready`.
pub fn deployment_ready(lang: Lang, ready: i32, want: i32) -> String {
    match lang {
        Lang::En => format!("{}/{} ready", ready, want),
        Lang::Zh => format!("{}/{} 就绪", ready, want),
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

// ----- scenario menu -------------------------------------------------------------------

/// `(id, title, hint)` in Chinese for each scenario of the page's menu.
const SCENARIOS_ZH: &[(&str, &str, &str)] = &[
    (
        "classic",
        "经典演示：把 newkubia 从 5 个缩到 3 个",
        "点击“应用”，再“播放”到 5 个 Pod 都运行起来；然后把 replicas 改成 3，再次“应用”：观察 ScalingReplicaSet → Killing ×2 → SuccessfulDelete ×2。",
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
        "容器启动两秒后以退出码 1 退出（已为 busybox:1.36 设置了故障）。点击“应用”，然后点“时钟 +1s”或“播放”：RESTARTS 不断增加，kubelet 在两次重启之间等待 10s、20s、40s……最长 5m。",
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
pub fn translated_scenarios() -> Vec<&'static str> {
    SCENARIOS_ZH.iter().map(|(i, _, _)| *i).collect()
}

// ---------------------------------------------------------------------------------------
// Step explanations
// ---------------------------------------------------------------------------------------

/// Translate a step summary (the engine's English sentences joined with `"; "`). English
/// returns the input unchanged; a fragment no template matches stays in English.
pub fn explain(lang: Lang, summary: &str) -> String {
    match lang {
        Lang::En => summary.to_string(),
        Lang::Zh => translate_seq(T_MAIN, summary).0,
    }
}

/// Translate a step's trigger (`watch: MODIFIED replicasets web-7c5d (rev 42)`,
/// `timer due at 00:00:01.300`, `kubectl apply`, …). English returns it unchanged.
pub fn trigger(lang: Lang, raw: &str) -> String {
    match lang {
        Lang::En => raw.to_string(),
        Lang::Zh => {
            if raw.is_empty() {
                return String::new();
            }
            translate_seq(T_TRIGGER, raw).0
        }
    }
}

/// The `"; "`-separated fragments of `summary` that no template translates (empty when
/// [`explain`] translates all of it).
pub fn untranslated(summary: &str) -> Vec<String> {
    translate_seq(T_MAIN, summary).1
}

/// True when [`trigger`] translates `raw` fully.
pub fn trigger_translated(raw: &str) -> bool {
    raw.is_empty() || translate_seq(T_TRIGGER, raw).1.is_empty()
}

/// How many templates the explanation tables hold (all tables, for the report).
pub fn pattern_count() -> usize {
    TABLES
        .iter()
        .flat_map(|t| t.rows.iter())
        .map(|r| r.len())
        .sum()
}

// ----- the matcher ----------------------------------------------------------------------
//
// A template is literal text with placeholders:
//   {}        any non-empty text without "; " (kept verbatim)
//   {w}       a word: non-empty, no space (kept verbatim)
//   {n}       a number: digits and dots
//   {t:NAME}  text translated by sub-table NAME (which may split it again)
//   {a|b|c}   one of the literals (no capture); {s?} is {s|}
// Captures are numbered from 1 in order and placed by {1}, {2}, … in the Chinese text.
// Matching is anchored at both ends, with captures as short as possible (backtracking).

/// One table of templates: the separator it splits its input by (fragments that no
/// single template covers are re-joined, longest run first) and what joins the output.
struct TableDef {
    name: &'static str,
    sep: &'static str,
    zh_sep: &'static str,
    rows: &'static [&'static [(&'static str, &'static str)]],
}

#[derive(Debug)]
enum Tok {
    Lit(&'static str),
    Alt(Vec<&'static str>),
    Cap(Cap),
}

#[derive(Debug, Clone, Copy)]
enum Cap {
    Any,
    Word,
    Num,
    Table(usize),
}

struct Pattern {
    toks: Vec<Tok>,
    /// The longest literal of the template: text without it cannot match.
    key: &'static str,
    /// Literal text the template starts and ends with ("" if a capture).
    prefix: &'static str,
    suffix: &'static str,
    /// How many separator-delimited fragments the template spans, when fixed (None when a
    /// sub-table capture may hold separators itself).
    frags: Option<usize>,
    zh: &'static str,
}

/// Longest run of fragments tried as one sentence.
const WINDOW: usize = 16;

fn parse_template(t: &'static str) -> Vec<Tok> {
    let mut toks = vec![];
    let mut rest = t;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(i) => {
                if i > 0 {
                    toks.push(Tok::Lit(&rest[..i]));
                }
                let after = &rest[i + 1..];
                let Some(j) = after.find('}') else {
                    toks.push(Tok::Lit(&rest[i..]));
                    break;
                };
                let inner = &after[..j];
                toks.push(match inner {
                    "" => Tok::Cap(Cap::Any),
                    "w" => Tok::Cap(Cap::Word),
                    "n" => Tok::Cap(Cap::Num),
                    "s?" => Tok::Alt(vec!["s", ""]),
                    _ if inner.starts_with("t:") => {
                        Tok::Cap(Cap::Table(table_index(&inner[2..]).unwrap_or(T_CATCH_ALL)))
                    }
                    _ => Tok::Alt(inner.split('|').collect()),
                });
                rest = &after[j + 1..];
            }
            None => {
                toks.push(Tok::Lit(rest));
                break;
            }
        }
    }
    toks
}

fn table_index(name: &str) -> Option<usize> {
    TABLES.iter().position(|t| t.name == name)
}

fn parsed() -> &'static [Vec<Pattern>] {
    static P: OnceLock<Vec<Vec<Pattern>>> = OnceLock::new();
    P.get_or_init(|| {
        TABLES
            .iter()
            .map(|t| {
                t.rows
                    .iter()
                    .flat_map(|r| r.iter())
                    .map(|(en, zh)| {
                        let toks = parse_template(en);
                        let key = toks
                            .iter()
                            .filter_map(|t| match t {
                                Tok::Lit(l) => Some(*l),
                                _ => None,
                            })
                            .max_by_key(|l| l.len())
                            .unwrap_or("");
                        let lit = |t: Option<&Tok>| match t {
                            Some(Tok::Lit(l)) => *l,
                            _ => "",
                        };
                        let prefix = lit(toks.first());
                        let suffix = lit(toks.last());
                        let frags = if toks.iter().any(|t| matches!(t, Tok::Cap(Cap::Table(_)))) {
                            None
                        } else {
                            Some(en.matches(t.sep).count() + 1)
                        };
                        Pattern {
                            toks,
                            key,
                            prefix,
                            suffix,
                            frags,
                            zh,
                        }
                    })
                    .collect()
            })
            .collect()
    })
}

fn cap_ok(cap: Cap, piece: &str) -> Option<String> {
    if piece.is_empty() {
        return None;
    }
    match cap {
        Cap::Any => (!piece.contains("; ")).then(|| piece.to_string()),
        Cap::Word => (!piece.contains(' ')).then(|| piece.to_string()),
        Cap::Num => piece
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
            .then(|| piece.to_string()),
        Cap::Table(t) => {
            let (s, missing) = translate_seq(t, piece);
            missing.is_empty().then_some(s)
        }
    }
}

fn match_toks(toks: &[Tok], text: &str, caps: &mut Vec<String>) -> bool {
    let Some(first) = toks.first() else {
        return text.is_empty();
    };
    let rest = &toks[1..];
    match first {
        Tok::Lit(l) => text
            .strip_prefix(l)
            .is_some_and(|r| match_toks(rest, r, caps)),
        Tok::Alt(opts) => opts.iter().any(|o| {
            text.strip_prefix(o)
                .is_some_and(|r| match_toks(rest, r, caps))
        }),
        Tok::Cap(cap) => {
            // The furthest a verbatim capture can reach: a word stops at a space, a number
            // at its first non-digit, any text at "; ".
            let limit = match cap {
                Cap::Word => text.find(' ').unwrap_or(text.len()),
                Cap::Num => text
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(text.len()),
                Cap::Any => text.find("; ").unwrap_or(text.len()),
                Cap::Table(_) => text.len(),
            };
            let try_end = |end: usize, caps: &mut Vec<String>| -> bool {
                let Some(v) = cap_ok(*cap, &text[..end]) else {
                    return false;
                };
                caps.push(v);
                if match_toks(rest, &text[end..], caps) {
                    return true;
                }
                caps.pop();
                false
            };
            match rest.first() {
                None => limit == text.len() && try_end(text.len(), caps),
                Some(Tok::Lit(l)) => {
                    let mut from = 1;
                    while from <= limit {
                        let Some(off) = text.get(from..).and_then(|s| s.find(l)) else {
                            return false;
                        };
                        let end = from + off;
                        if end > limit {
                            return false;
                        }
                        if try_end(end, caps) {
                            return true;
                        }
                        from = end + 1;
                        while from < text.len() && !text.is_char_boundary(from) {
                            from += 1;
                        }
                    }
                    false
                }
                Some(_) => {
                    for (end, _) in text.char_indices().skip(1) {
                        if end > limit {
                            return false;
                        }
                        if try_end(end, caps) {
                            return true;
                        }
                    }
                    limit == text.len() && try_end(text.len(), caps)
                }
            }
        }
    }
}

fn fill(zh: &str, caps: &[String]) -> String {
    let mut out = String::with_capacity(zh.len() + 32);
    let mut rest = zh;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with('}') {
            let n: usize = digits.parse().unwrap_or(0);
            if let Some(v) = n.checked_sub(1).and_then(|k| caps.get(k)) {
                out.push_str(v);
            }
            rest = &after[digits.len() + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Translate `s`, a run of `frags` fragments, by the first template of `table` matching
/// all of it.
fn translate_one(table: usize, s: &str, frags: usize) -> Option<String> {
    let mut caps = Vec::new();
    for p in &parsed()[table] {
        if p.frags.is_some_and(|f| f != frags)
            || !s.starts_with(p.prefix)
            || !s.ends_with(p.suffix)
            || !s.contains(p.key)
        {
            continue;
        }
        caps.clear();
        if match_toks(&p.toks, s, &mut caps) {
            return Some(fill(p.zh, &caps));
        }
    }
    None
}

/// Translate `text` by `table`: split it by the table's separator, translate the longest
/// run of fragments a template covers, and so on. Returns the translation and the
/// fragments left in English.
fn translate_seq(table: usize, text: &str) -> (String, Vec<String>) {
    let def = &TABLES[table];
    // Byte ranges of the fragments.
    let mut spans: Vec<(usize, usize)> = vec![];
    let mut start = 0;
    for (i, _) in text.match_indices(def.sep) {
        spans.push((start, i));
        start = i + def.sep.len();
    }
    spans.push((start, text.len()));
    let mut out: Vec<String> = vec![];
    let mut missing = vec![];
    let mut i = 0;
    'outer: while i < spans.len() {
        let last = (i + WINDOW).min(spans.len());
        for j in (i + 1..=last).rev() {
            let s = &text[spans[i].0..spans[j - 1].1];
            if let Some(t) = translate_one(table, s, j - i) {
                out.push(t);
                i = j;
                continue 'outer;
            }
        }
        let s = &text[spans[i].0..spans[i].1];
        missing.push(s.to_string());
        out.push(s.to_string());
        i += 1;
    }
    (out.join(def.zh_sep), missing)
}

// ----- the tables -----------------------------------------------------------------------

const T_MAIN: usize = 0;
const T_TRIGGER: usize = 1;
const T_CATCH_ALL: usize = 2;

/// Every table; the first three are fixed (see the `T_*` indexes).
///
/// Sentence inventory (grep `cx.say(`, `says.push(`, `notes.push(`, `parts.push(` and the
/// helpers building their parts in src/):
/// - kubectl/apply.rs, kubectl/mutate.rs, kubectl/expose.rs, engine.rs (node add/start)
/// - cluster/mod.rs (event broadcaster, `no change`)
/// - controller/mod.rs (adopt/release), controller/deployment/{mod,sync,rolling,recreate,
///   progress,util}.rs (incl. the maxScaledDown arithmetic), controller/replicaset/mod.rs
///   and ranking.rs (deletion ranking), controller/gc.rs
/// - cluster/sched.rs with scheduler/mod.rs (`explanation` of a result and of a FitError)
/// - kubelet.rs (Lease, node status), kubelet/pods.rs (pulls, starts, probes, back-off,
///   termination)
/// - controller/nodelifecycle.rs, controller/tainteviction.rs, controller/endpointslice.rs,
///   controller/endpoints.rs
const TABLES: &[TableDef] = &[
    TableDef {
        name: "main",
        sep: "; ",
        zh_sep: "；",
        rows: &[MAIN, OLD_RS],
    },
    TableDef {
        name: "trigger",
        sep: "; ",
        zh_sep: "；",
        rows: &[TRIGGER],
    },
    TableDef {
        name: "any",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("{}", "{1}")]],
    },
    TableDef {
        name: "sched",
        sep: "; ",
        zh_sep: "；",
        rows: &[SCHED],
    },
    TableDef {
        name: "fit",
        sep: "; ",
        zh_sep: "；",
        rows: &[FIT],
    },
    TableDef {
        name: "fitparts",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("and {n} more", "以及另外 {1} 个节点"), ("{}", "{1}")]],
    },
    TableDef {
        name: "nodes",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("{} and {w}", "{1} 和 {2}"), ("{}", "{1}")]],
    },
    TableDef {
        name: "and",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("{} and {}", "{1} 和 {2}"), ("{}", "{1}")]],
    },
    TableDef {
        name: "rank",
        sep: "; ",
        zh_sep: "；",
        rows: &[RANK],
    },
    TableDef {
        name: "subj",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            ("{t:names} goes first: it", "最先删除 {1}：它"),
            (
                "{t:names} go first; {w}, the closest call,",
                "最先删除 {1}；其中最接近被保留的 {2} ",
            ),
        ]],
    },
    TableDef {
        name: "names",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            ("{w}, {w} and {n} more", "{1}、{2} 及另外 {3} 个"),
            ("{w} and {w}", "{1} 和 {2}"),
            ("{w}, {t:names}", "{1}、{2}"),
            ("{w}", "{1}"),
        ]],
    },
    TableDef {
        name: "ctx",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            ("all {w} and Ready", "全部为 {1} 且就绪"),
            ("all {w} and not Ready", "全部为 {1} 且未就绪"),
            ("{w} and Ready like {w}", "与 {2} 一样为 {1} 且就绪"),
            ("{w} and not Ready like {w}", "与 {2} 一样为 {1} 且未就绪"),
        ]],
    },
    TableDef {
        name: "ago",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("{w} ago", "{1} 前"), ("at an unset time", "未设置的时间")]],
    },
    TableDef {
        name: "probe",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            ("readiness", "就绪"),
            ("liveness", "存活"),
            ("startup", "启动"),
        ]],
    },
    TableDef {
        name: "rmwhy",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            ("its containers never started", "它的容器从未启动"),
            ("its containers exited", "它的容器已经退出"),
            ("none of its containers was running", "它没有正在运行的容器"),
            ("no container had started yet", "还没有任何容器启动过"),
        ]],
    },
    TableDef {
        name: "condwhy",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            ("the {w} condition is {w}", "{1} 状况为 {2}"),
            (
                "it is cordoned (spec.unschedulable)",
                "它已被封锁（spec.unschedulable）",
            ),
        ]],
    },
    TableDef {
        name: "leasetxt",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            (
                "its Lease was last renewed at {w}",
                "它的 Lease 最后一次续约是在 {1}",
            ),
            ("it has no Lease", "它没有 Lease"),
        ]],
    },
    TableDef {
        name: "cancelwhy",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            (
                "{w} has no NoExecute taints any more",
                "{1} 已经没有 NoExecute 污点",
            ),
            ("it is deleted right away instead", "改为立即删除它"),
            (
                "it tolerates the taints of {w} forever",
                "它永久容忍 {1} 的污点",
            ),
            ("its toleration time changed", "它的容忍时长变了"),
            ("the pod is gone", "该 Pod 已不存在"),
        ]],
    },
    TableDef {
        name: "evictwhy",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            (
                "it does not tolerate the NoExecute taint {} of {w}",
                "它不容忍 {2} 的 NoExecute 污点 {1}",
            ),
            (
                "it tolerated the NoExecute taint {} of {w} for {w} (tolerationSeconds), which ran out",
                "它对 {2} 的 NoExecute 污点 {1} 的容忍时长 {3}（tolerationSeconds）已经用完",
            ),
        ]],
    },
    TableDef {
        name: "selected",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("no pods", "0"), ("{n} pod{s?}", "{1}")]],
    },
    TableDef {
        name: "changes",
        sep: ", ",
        zh_sep: "，",
        rows: &[&[
            ("added {w} ({w}, ready)", "加入了 {1}（{2}，就绪）"),
            ("added {w} ({w}, not ready)", "加入了 {1}（{2}，未就绪）"),
            ("removed {w}", "移除了 {1}"),
            ("{w} is terminating", "{1} 正在终止"),
            ("{w} became ready", "{1} 变为就绪"),
            ("{w} is no longer ready", "{1} 不再就绪"),
            ("{w} changed", "{1} 有变化"),
        ]],
    },
    TableDef {
        name: "written",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[
            (
                "updated EndpointSlice {w} ({n} endpoint{s?}, {n} ready)",
                "更新了 EndpointSlice {1}（{2} 个端点，{3} 个就绪）",
            ),
            (
                "created EndpointSlice {w} (a placeholder without endpoints)",
                "创建了 EndpointSlice {1}（不含端点的占位切片）",
            ),
            (
                "created EndpointSlice {w} ({n} endpoint{s?}, {n} ready)",
                "创建了 EndpointSlice {1}（{2} 个端点，{3} 个就绪）",
            ),
            ("deleted EndpointSlice {w}", "删除了 EndpointSlice {1}"),
            // controller/endpoints.rs
            (
                "created Endpoints {w} ({n} ready, {n} not ready)",
                "创建了 Endpoints {1}（{2} 个就绪地址，{3} 个未就绪地址）",
            ),
            (
                "updated Endpoints {w} ({n} ready, {n} not ready)",
                "更新了 Endpoints {1}（{2} 个就绪地址，{3} 个未就绪地址）",
            ),
        ]],
    },
    TableDef {
        name: "restarted",
        sep: "; ",
        zh_sep: "；",
        rows: &[&[("{w} (restart {n})", "{1}（第 {2} 次重启）"), ("{}", "{1}")]],
    },
];

/// What woke a component (cluster/queue.rs `Cause::describe`, kubectl/mod.rs,
/// kubelet.rs, cluster/mod.rs, engine.rs).
const TRIGGER: &[(&str, &str)] = &[
    (
        "watch: {w} {w} {w} (rev {n})",
        "watch 事件：{1} {2} {3}（修订版本 {4}）",
    ),
    ("timer due at {w}", "定时器到期（{1}）"),
    ("timer", "定时器"),
    ("event broadcaster", "事件广播器"),
    ("kubelet start", "kubelet 启动"),
    ("reset", "重置集群"),
    ("node add", "命令 node add"),
    ("node start", "命令 node start"),
    ("kubectl {}", "命令 kubectl {1}"),
];

/// Scheduler results (scheduler/mod.rs `schedule_pod` explanation).
const SCHED: &[(&str, &str)] = &[
    (
        "only {w} passed the filters (filtered out: {})",
        "只有 {1} 通过了过滤（被过滤掉的：{2}）",
    ),
    ("only {w} passed the filters", "只有 {1} 通过了过滤"),
    (
        "picked {w}: tied with {n} other nodes at score {n}, chosen by the seeded tie-break",
        "选择了 {1}：它与其他 {2} 个节点并列最高分 {3}，由带种子的随机决胜选出",
    ),
    (
        "picked {w}: tied with {t:nodes} at score {n}, chosen by the seeded tie-break",
        "选择了 {1}：它与 {2} 并列最高分 {3}，由带种子的随机决胜选出",
    ),
    (
        "picked {w} (score {n} vs {w} {n}: {}; {t:and} on both; {n} of {n} nodes checked passed the filters)",
        "选择了 {1}（得分 {2}，{3} 为 {4}：{5}；两者的 {6} 相同；检查的 {8} 个节点中有 {7} 个通过了过滤）",
    ),
    (
        "picked {w} (score {n} vs {w} {n}: {}; {n} of {n} nodes checked passed the filters)",
        "选择了 {1}（得分 {2}，{3} 为 {4}：{5}；检查的 {7} 个节点中有 {6} 个通过了过滤）",
    ),
];

/// Why a pod fits nowhere (scheduler/mod.rs `FitError::explanation`; the per-node filter
/// reasons are the scheduler's own message texts and stay as they are).
const FIT: &[(&str, &str)] = &[
    (
        "there are no nodes to place the pod on",
        "没有可以放置该 Pod 的节点",
    ),
    (
        "none of the {n} nodes passed the filters ({t:fitparts}), but evicting {n} lower-priority pod(s) on {w} would make room",
        "{1} 个节点都没有通过过滤（{2}），但驱逐 {4} 上 {3} 个优先级较低的 Pod 可以腾出空间",
    ),
    (
        "none of the {n} nodes passed the filters ({t:fitparts})",
        "{1} 个节点都没有通过过滤（{2}）",
    ),
];

/// Why these pods are deleted first (controller/replicaset/ranking.rs `explain`).
const RANK: &[(&str, &str)] = &[
    ("No pod needs to go.", "没有 Pod 需要删除。"),
    (
        "{t:names} goes: it is the only active pod, so no ranking is needed",
        "删除 {1}：它是唯一的活跃 Pod，因此无需排序",
    ),
    (
        "{t:names} go: every active pod is removed, so no ranking is needed",
        "删除 {1}：所有活跃 Pod 都要删除，因此无需排序",
    ),
    (
        "{t:subj} is not yet scheduled to a node, while the others are",
        "{1}还没有被调度到节点上，而其他 Pod 都已调度",
    ),
    (
        "{t:subj} is not yet scheduled to a node, while {w} is",
        "{1}还没有被调度到节点上，而 {2} 已调度",
    ),
    (
        "{t:subj} is {w}, while the others are {w}",
        "{1}处于 {2}，而其他 Pod 处于 {3}",
    ),
    (
        "{t:subj} is {w}, while {w} is {w}",
        "{1}处于 {2}，而 {3} 处于 {4}",
    ),
    (
        "{t:subj} is not Ready while the others are",
        "{1}未就绪，而其他 Pod 都已就绪",
    ),
    (
        "{t:subj} is not Ready while {w} is",
        "{1}未就绪，而 {2} 已就绪",
    ),
    (
        "{t:subj} has the lower pod-deletion-cost ({} vs {} for {w}); {t:ctx}",
        "{1}的 pod-deletion-cost 更低（{2}，而 {4} 为 {3}）；{5}",
    ),
    (
        "{t:subj} was picked by rank ({t:ctx}): {n} related pod{s?} share its node {}, {n} on {w}'s node {}",
        "{1}按排名被选中（{2}）：它所在的节点 {4} 上有 {3} 个相关 Pod，而 {6} 所在的节点 {7} 上有 {5} 个",
    ),
    (
        "{t:subj} became Ready {t:ago} and {w} {t:ago}, the same power-of-two age bucket, so the pod UID order decided ({t:ctx}, equally busy nodes)",
        "{1}在 {2}就绪，{3} 在 {4}就绪，属于同一个 2 的幂时长区间，因此由 Pod UID 的顺序决定（{5}，所在节点同样繁忙）",
    ),
    (
        "{t:subj} became Ready more recently ({t:ago} vs {t:ago} for {w}; {t:ctx}, equally busy nodes)",
        "{1}就绪得更晚（{2}就绪，而 {4} 在 {3}就绪；{5}，所在节点同样繁忙）",
    ),
    (
        "{t:subj} has more container restarts ({n} vs {n} for {w}; {t:ctx})",
        "{1}的容器重启次数更多（{2} 次，而 {4} 为 {3} 次；{5}）",
    ),
    (
        "{t:subj} was created {t:ago} and {w} {t:ago}, the same power-of-two age bucket, so the pod UID order decided ({t:ctx})",
        "{1}创建于 {2}，{3} 创建于 {4}，属于同一个 2 的幂时长区间，因此由 Pod UID 的顺序决定（{5}）",
    ),
    (
        "{t:subj} is newer (created {t:ago} vs {t:ago} for {w}; {t:ctx})",
        "{1}较新（创建于 {2}，而 {4} 创建于 {3}；{5}）",
    ),
    (
        "{t:subj} ties with {w} on every ranking rule, so list order decided ({t:ctx})",
        "{1}与 {2} 在每条排序规则上都相同，因此由列表顺序决定（{3}）",
    ),
];

/// The arithmetic of a rolling update's scale-down (controller/deployment/util.rs
/// `reconcile_old_replica_sets_plan`), one `"; "`-part at a time.
const OLD_RS: &[(&str, &str)] = &[
    (
        "No old replicas are left to scale down.",
        "没有需要缩容的旧副本了。",
    ),
    (
        "maxScaledDown = allPods {n} − minAvailable {n} − newUnavailable {n} = {n}, so no old replica can be scaled down yet.",
        "maxScaledDown = allPods {1} − minAvailable {2} − newUnavailable {3} = {4}，因此暂时还不能缩容任何旧副本。",
    ),
    (
        "maxScaledDown = allPods {n} − minAvailable {n} − newUnavailable {n} = {n}",
        "maxScaledDown = allPods {1} − minAvailable {2} − newUnavailable {3} = {4}",
    ),
    (
        "{n} unhealthy old replica{ is|s are} removed first",
        "先移除 {1} 个不健康的旧副本",
    ),
    (
        "then the cleanup stopped ({}), so nothing else is scaled this pass.",
        "随后清理停止（{1}），因此本轮不再扩缩其他副本。",
    ),
    (
        "available {n} ≤ minAvailable {n}, so no available old replica can go.",
        "available {1} ≤ minAvailable {2}，因此不能移除任何可用的旧副本。",
    ),
    (
        "available {n} − minAvailable {n} = {n}, so {n} old replica{s?} {is|are} scaled down.",
        "available {1} − minAvailable {2} = {3}，因此缩容 {4} 个旧副本。",
    ),
];

/// Every sentence the components say (see [`TABLES`] for where they come from).
const MAIN: &[(&str, &str)] = &[
    // ----- cluster/mod.rs
    ("no change", "无变化"),
    (
        "event broadcaster posted {n} Event{s?} ({})",
        "事件广播器发布了 {1} 个事件（{2}）",
    ),
    // ----- kubectl, engine.rs
    (
        "kubectl delete: marked for deletion {w} {w}",
        "kubectl delete：将 {1} {2} 标记为删除",
    ),
    (
        "kubectl delete: removed {w} {w}",
        "kubectl delete：移除了 {1} {2}",
    ),
    (
        "kubectl drain: evicted pod {w} from {w}",
        "kubectl drain：从 {2} 驱逐了 Pod {1}",
    ),
    ("kubectl {}: created {w} {w}", "kubectl {1}：创建了 {2} {3}"),
    ("kubectl {}: updated {w} {w}", "kubectl {1}：更新了 {2} {3}"),
    (
        "created Service {w} (kubectl expose)",
        "创建了 Service {1}（kubectl expose）",
    ),
    (
        "the kubelet on {w} registered its Node object",
        "{1} 上的 kubelet 注册了它的 Node 对象",
    ),
    (
        "the kubelet on {w} started again; it renews its Lease, posts its node status and resyncs its pods next",
        "{1} 上的 kubelet 重新启动；接下来它会续约 Lease、上报节点状态，并重新同步它的 Pod",
    ),
    // ----- controller/mod.rs
    (
        "released {w} {w}: its labels no longer match the selector {}",
        "释放了 {1} {2}：它的标签不再匹配选择算符 {3}",
    ),
    (
        "adopted orphan {w} {w}: its labels match the selector {}",
        "收养了孤立的 {1} {2}：它的标签匹配选择算符 {3}",
    ),
    // ----- controller/deployment
    (
        "Deployment {w} selects all pods; refusing to act",
        "Deployment {1} 的选择算符会选中所有 Pod；拒绝执行任何操作",
    ),
    (
        "the Deployment is paused: Progressing=Unknown (DeploymentPaused); only scaling happens while paused",
        "Deployment 已暂停：Progressing=Unknown（DeploymentPaused）；暂停期间只会进行扩缩容",
    ),
    (
        "the Deployment was resumed: Progressing=Unknown (DeploymentResumed)",
        "Deployment 已恢复：Progressing=Unknown（DeploymentResumed）",
    ),
    (
        "Deployment {w} made no progress for progressDeadlineSeconds: Progressing=False (ProgressDeadlineExceeded)",
        "Deployment {1} 在 progressDeadlineSeconds 内没有任何进展：Progressing=False（ProgressDeadlineExceeded）",
    ),
    (
        "Deployment {w} status: {n} replicas, {n} updated, {n} ready, {n} available",
        "Deployment {1} 状态：{2} 个副本，{3} 个已更新，{4} 个就绪，{5} 个可用",
    ),
    (
        "Deployment {w} status: {n} replicas, {n} updated, {n} available",
        "Deployment {1} 状态：{2} 个副本，{3} 个已更新，{4} 个可用",
    ),
    (
        "ReplicaSet {w} matches the pod template: set its revision to {n}",
        "ReplicaSet {1} 与 Pod 模板一致：把它的修订版本设为 {2}",
    ),
    (
        "ReplicaSet name {w} is taken by another template (hash collision): raised collisionCount to get a new hash",
        "ReplicaSet 名称 {1} 已被另一个模板占用（哈希冲突）：增大 collisionCount 以得到新的哈希",
    ),
    (
        "the pod template has no ReplicaSet yet: created {w} (pod-template-hash {w}, revision {n}) with {n} replica{s?} (maxSurge {n}: at most {n} + {n} = {n} pods in total)",
        "该 Pod 模板还没有 ReplicaSet：创建了 {1}（pod-template-hash {2}，修订版本 {3}），副本数 {4}（maxSurge {5}：总共最多 {6} + {7} = {8} 个 Pod）",
    ),
    (
        "the pod template has no ReplicaSet yet: created {w} (pod-template-hash {w}, revision {n}) with {n} replica{s?}",
        "该 Pod 模板还没有 ReplicaSet：创建了 {1}（pod-template-hash {2}，修订版本 {3}），副本数 {4}",
    ),
    (
        "spec.replicas changed to {n}: scaled proportionally within {n} + maxSurge {n} = {n} ({})",
        "spec.replicas 改为 {1}：在 {2} + maxSurge {3} = {4} 的范围内按比例扩缩（{5}）",
    ),
    (
        "deleted old ReplicaSet {w} (revisionHistoryLimit {n})",
        "删除了旧的 ReplicaSet {1}（revisionHistoryLimit {2}）",
    ),
    (
        "Recreate strategy: scaled old ReplicaSet{s?} {} to 0 before creating any new pod",
        "Recreate 策略：在创建任何新 Pod 之前，先把旧的 ReplicaSet {1} 缩容到 0",
    ),
    (
        "Recreate strategy: waiting for the old pods to terminate",
        "Recreate 策略：等待旧 Pod 终止",
    ),
    (
        "Recreate strategy: old pods are gone, scaled {w} from {n} to {n}",
        "Recreate 策略：旧 Pod 都已消失，把 {1} 从 {2} 扩容到 {3}",
    ),
    (
        "new ReplicaSet {w} has {n} replicas but the Deployment wants {n}: scaled it down",
        "新的 ReplicaSet {1} 有 {2} 个副本，但 Deployment 只需要 {3} 个：将它缩容",
    ),
    (
        "scaled new ReplicaSet {w} from {n} to {n}: maxSurge {n} allows {n} + {n} = {n} pods in total and {n} exist (scale-up waits only for surge room, never for readiness)",
        "把新的 ReplicaSet {1} 从 {2} 扩容到 {3}：maxSurge {4} 允许总共 {5} + {6} = {7} 个 Pod，现有 {8} 个（扩容只等待 maxSurge 留出的余量，从不等待 Pod 就绪）",
    ),
    // ----- controller/replicaset
    (
        "ReplicaSet {w} wants {n} replica{s?} and has {n} active pod{s?}: created {n} pod{s?} (slow-start batches {}, at most {n} per sync)",
        "ReplicaSet {1} 需要 {2} 个副本，现有 {3} 个活跃 Pod：创建了 {4} 个 Pod（慢启动批次 {5}，每次同步最多 {6} 个）",
    ),
    (
        "ReplicaSet {w} wants {n} replica{s?} and has {n} active pods: deleted {} ({t:rank})",
        "ReplicaSet {1} 需要 {2} 个副本，现有 {3} 个活跃 Pod：删除了 {4}（{5}）",
    ),
    (
        "ReplicaSet {w} status: {n} replicas, {n} ready, {n} available",
        "ReplicaSet {1} 状态：{2} 个副本，{3} 个就绪，{4} 个可用",
    ),
    // ----- controller/gc.rs
    (
        "{w} {w} is deleted with propagation Orphan: removed its ownerReference from {n} dependent{s?} and let it go",
        "{1} {2} 以 Orphan 传播策略删除：从 {3} 个附属对象中移除了指向它的 ownerReference，然后放行它的删除",
    ),
    (
        "every dependent of {w} {w} is gone: removed the foregroundDeletion finalizer, which deletes it",
        "{1} {2} 的附属对象都已消失：移除了 foregroundDeletion finalizer，它随即被删除",
    ),
    (
        "{w} {w} is deleted in the foreground: deleting its dependents first ({})",
        "{1} {2} 正在前台级联删除：先删除它的附属对象（{3}）",
    ),
    (
        "their owner (uid {w}) no longer exists: deleted {n} dependent{s?} ({}) with background propagation",
        "它们的属主（uid {1}）已不存在：以后台级联方式删除了 {2} 个附属对象（{3}）",
    ),
    // ----- cluster/sched.rs
    (
        "bound pod {w} to {w}: {t:sched}",
        "把 Pod {1} 绑定到 {2}：{3}",
    ),
    ("binding pod {w} failed: {}", "绑定 Pod {1} 失败：{2}"),
    (
        "pod {w} does not fit anywhere: {t:fit}; it waits in the unschedulable queue until the cluster changes (or {n} minutes pass)",
        "Pod {1} 无处可放：{2}；它在不可调度队列中等待，直到集群发生变化（或过了 {3} 分钟）",
    ),
    // ----- kubelet.rs
    (
        "created Lease kube-node-lease/{w}",
        "创建了 Lease kube-node-lease/{1}",
    ),
    (
        "renewed its Lease kube-node-lease/{w} (last renewed at {w}, before the kubelet stopped)",
        "续约了它的 Lease kube-node-lease/{1}（上次续约在 {2}，即 kubelet 停止之前）",
    ),
    (
        "renewed its Lease kube-node-lease/{w} (heartbeat every {w}; the node is considered lost after {w} without one)",
        "续约了它的 Lease kube-node-lease/{1}（每 {2} 一次心跳；超过 {3} 没有心跳，节点就被视为失联）",
    ),
    (
        "posted the node status of {w} with fresh heartbeats",
        "上报了 {1} 的节点状态，带有最新的心跳",
    ),
    (
        "posted the node status of {w}: its conditions are healthy again ({}; Ready: KubeletReady \"kubelet is posting ready status\")",
        "上报了 {1} 的节点状态：各项状况重新恢复健康（{2}；Ready: KubeletReady \"kubelet is posting ready status\"）",
    ),
    (
        "posted node status of {w} with {n} cached images",
        "上报了 {1} 的节点状态，其中有 {2} 个已缓存的镜像",
    ),
    (
        "set Ready=True again on {n} running {pod|pods} (their containers kept running while the kubelet was stopped)",
        "重新把 {1} 个运行中的 Pod 设为 Ready=True（kubelet 停止期间，它们的容器一直在运行）",
    ),
    (
        "queued a resync of its {n} pod{s?}",
        "把它的 {1} 个 Pod 加入重新同步队列",
    ),
    // ----- kubelet/pods.rs: termination
    (
        "pod {w} is being deleted: sent SIGTERM to its containers (grace period {n}s); they exit after {w}",
        "Pod {1} 正在被删除：向它的容器发送了 SIGTERM（宽限期 {2}s）；容器将在 {3} 后退出",
    ),
    (
        "{t:rmwhy}; deleted pod {w} from the API with grace period 0, which removes it",
        "{1}；以宽限期 0 从 API 中删除了 Pod {2}，这会将它彻底移除",
    ),
    // ----- kubelet/pods.rs: images
    (
        "image {w} is already on the node (pull policy {w})",
        "镜像 {1} 已经在节点上（拉取策略 {2}）",
    ),
    (
        "image {w} is missing and pull policy is Never",
        "镜像 {1} 不存在，而拉取策略是 Never",
    ),
    (
        "pulling image {w} (pull policy {w}); image pulls are serialized, so it waits {w} for the pull ahead of it",
        "正在拉取镜像 {1}（拉取策略 {2}）；镜像拉取是串行的，所以它要等前面的拉取 {3}",
    ),
    (
        "pulling image {w} (pull policy {w}, about {w})",
        "正在拉取镜像 {1}（拉取策略 {2}，约需 {3}）",
    ),
    (
        "pulling image {w} for container {w} failed (the registry has no such image): ErrImagePull; the kubelet backs off {w} before pulling it again",
        "为容器 {2} 拉取镜像 {1} 失败（镜像仓库中没有这个镜像）：ErrImagePull；kubelet 回退 {3} 后再重新拉取",
    ),
    (
        "container {w} is in ImagePullBackOff: the kubelet pulls image {w} again at {w} (back-off {w})",
        "容器 {1} 处于 ImagePullBackOff：kubelet 将在 {3} 再次拉取镜像 {2}（回退 {4}）",
    ),
    (
        "back-off {w}: image {w} for container {w} is pulled again at {w}",
        "回退 {1}：容器 {3} 的镜像 {2} 将在 {4} 再次拉取",
    ),
    // ----- kubelet/pods.rs: containers
    (
        "created and started {n} container{s?} of pod {w}; the pod is Running and Ready",
        "创建并启动了 Pod {2} 的 {1} 个容器；Pod 处于 Running 并且已就绪",
    ),
    (
        "created and started {n} container{s?} of pod {w}; {} not Ready until {its|their} probe passes",
        "创建并启动了 Pod {2} 的 {1} 个容器；{3} 在探针通过之前不会就绪",
    ),
    (
        "created and started {n} container{s?} of pod {w}",
        "创建并启动了 Pod {2} 的 {1} 个容器",
    ),
    (
        "restarted container {t:restarted} of pod {w}",
        "重启了 Pod {2} 的容器 {1}",
    ),
    (
        "container {w} of pod {w} exited with code {n} after running {w}",
        "Pod {2} 的容器 {1} 运行 {4} 后以退出码 {3} 退出",
    ),
    (
        "container {w} stopped; restarting it",
        "容器 {1} 已停止；正在重启它",
    ),
    (
        "container {w} is in CrashLoopBackOff: back-off {w}, so it is restarted at {w}",
        "容器 {1} 处于 CrashLoopBackOff：回退 {2}，因此将在 {3} 重启",
    ),
    (
        "back-off {w}: container {w} of pod {w} waits until {w} to restart",
        "回退 {1}：Pod {3} 的容器 {2} 要等到 {4} 才重启",
    ),
    (
        "restarting container {w} of pod {w} (the next failure backs off {w})",
        "正在重启 Pod {2} 的容器 {1}（下次失败将回退 {3}）",
    ),
    // ----- kubelet/pods.rs: probes
    (
        "readiness probe of container {w} passed; it is Ready",
        "容器 {1} 的就绪探针通过；它已就绪",
    ),
    (
        "readiness probe of container {w} failed {n} times in a row (failureThreshold {n}); it is no longer Ready",
        "容器 {1} 的就绪探针连续失败 {2} 次（failureThreshold {3}）；它不再就绪",
    ),
    (
        "startup probe of container {w} passed",
        "容器 {1} 的启动探针通过",
    ),
    (
        "{t:probe} probe of container {w} failed {n} times in a row (failureThreshold {n}): the kubelet kills it and will restart it",
        "容器 {2} 的{1}探针连续失败 {3} 次（failureThreshold {4}）：kubelet 会杀死它，然后重启",
    ),
    (
        "{t:probe} probe of container {w} failed ({n} of failureThreshold {n})",
        "容器 {2} 的{1}探针失败（第 {3} 次，failureThreshold {4}）",
    ),
    // ----- controller/nodelifecycle.rs
    (
        "{w}: {t:condwhy}, so added taint {w} (taint by condition)",
        "{1}：{2}，因此添加了污点 {3}（基于状况的污点）",
    ),
    (
        "{w}: the condition behind taint {w} is gone, so removed the taint",
        "{1}：污点 {2} 对应的状况已不存在，因此移除了该污点",
    ),
    (
        "the scheduler places no new pods there that do not tolerate it",
        "调度器不会再把不容忍该污点的新 Pod 放到那里",
    ),
    (
        "{w} is Ready again: removed taint {}, which cancels the taint-based evictions still pending there",
        "{1} 重新就绪：移除了污点 {2}，这会取消那里仍在等待的基于污点的驱逐",
    ),
    (
        "{w}'s Ready condition is {w}: replaced taint {w}:NoExecute by {w}:NoExecute",
        "{1} 的 Ready 状况为 {2}：把污点 {3}:NoExecute 替换为 {4}:NoExecute",
    ),
    (
        "{w}'s Ready condition is {w}: added taint {w}:NoExecute (the zone's tainting rate limiter, one node per {n}s, let it through); the taint-eviction-controller now evicts the pods there that do not tolerate it, and the others when their tolerationSeconds run out",
        "{1} 的 Ready 状况为 {2}：添加了污点 {3}:NoExecute（该区域的污点速率限制器每 {4}s 放行一个节点，这次放行了它）；taint-eviction-controller 现在会驱逐那里不容忍该污点的 Pod，其他 Pod 则在各自的 tolerationSeconds 用完时被驱逐",
    ),
    (
        "every node is not ready: entering full disruption mode, in which no pods are evicted (the control plane is more likely cut off than all nodes dead)",
        "所有节点都未就绪：进入完全中断模式，此模式下不驱逐任何 Pod（更可能是控制平面与节点失去了联系，而不是所有节点都宕机了）",
    ),
    (
        "{w}: {t:leasetxt} and the node controller last saw a heartbeat at {w}; the {n}s grace period (--node-monitor-grace-period) has passed: set its conditions Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown (NodeStatusUnknown: \"Kubelet stopped posting node status.\")",
        "{1}：{2}，节点控制器最后一次看到心跳是在 {3}；{4}s 的宽限期（--node-monitor-grace-period）已过：把它的 Ready、MemoryPressure、DiskPressure 和 PIDPressure 状况设为 Unknown（NodeStatusUnknown: \"Kubelet stopped posting node status.\"）",
    ),
    (
        "marked the {n} pod{s?} on {w} not ready (pod condition Ready=False), so controllers stop counting {it|them} as available",
        "把 {2} 上的 {1} 个 Pod 标记为未就绪（Pod 状况 Ready=False），控制器因此不再把它们算作可用",
    ),
    // ----- controller/tainteviction.rs
    (
        "cancelled the scheduled deletion of pod {w}: {t:cancelwhy}",
        "取消了对 Pod {1} 的计划删除：{2}",
    ),
    (
        "pod {w} tolerates the NoExecute taint {} of {w} for {w}: its deletion is scheduled for {w}",
        "Pod {1} 对 {3} 的 NoExecute 污点 {2} 的容忍时长为 {4}：计划在 {5} 删除它",
    ),
    (
        "pod {w}: {t:evictwhy}; added condition DisruptionTarget (DeletionByTaintManager) and deleted it with its {n}s grace period",
        "Pod {1}：{2}；添加了状况 DisruptionTarget（DeletionByTaintManager），并以它的 {3}s 宽限期删除了它",
    ),
    // ----- controller/endpointslice.rs
    (
        "Service {w} selects {t:selected} with an IP: {t:changes}; {t:written}",
        "Service {1} 选中了 {2} 个有 IP 的 Pod：{3}；{4}",
    ),
    (
        "Service {w} selects {t:selected} with an IP; {t:written}",
        "Service {1} 选中了 {2} 个有 IP 的 Pod；{3}",
    ),
    // ----- controller/endpoints.rs (the sync sentences above are shared)
    (
        "Service {w} no longer exists: deleted Endpoints {w}",
        "Service {1} 已不存在：删除了 Endpoints {2}",
    ),
    (
        "Endpoints {w} would hold more than {n} addresses: kept {n}, annotated {w}=truncated",
        "Endpoints {1} 的地址将超过 {2} 个：保留了 {3} 个，并添加注解 {4}=truncated",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(s: &str) -> String {
        explain(Lang::Zh, s)
    }

    #[test]
    fn every_table_reference_names_a_table() {
        for t in TABLES {
            for (en, zh) in t.rows.iter().flat_map(|r| r.iter()) {
                let mut rest = *en;
                let mut caps = 0;
                while let Some(i) = rest.find('{') {
                    let after = &rest[i + 1..];
                    let j = after.find('}').expect("closed placeholder");
                    let inner = &after[..j];
                    if let Some(name) = inner.strip_prefix("t:") {
                        assert!(
                            table_index(name).is_some(),
                            "{}: unknown table {}",
                            en,
                            name
                        );
                    }
                    if inner.is_empty() || matches!(inner, "w" | "n") || inner.starts_with("t:") {
                        caps += 1;
                    }
                    rest = &after[j + 1..];
                }
                for k in 1..=caps {
                    assert!(
                        zh.contains(&format!("{{{}}}", k)),
                        "{}: capture {} unused in {}",
                        en,
                        k,
                        zh
                    );
                }
                assert!(
                    !zh.contains(&format!("{{{}}}", caps + 1)),
                    "{}: {} refers to a capture that does not exist",
                    en,
                    zh
                );
            }
        }
    }

    #[test]
    fn english_is_returned_unchanged() {
        let s = "bound pod web-1 to worker-1: only worker-1 passed the filters; whatever else";
        assert_eq!(explain(Lang::En, s), s);
        assert_eq!(
            trigger(Lang::En, "timer due at 00:00:01.300"),
            "timer due at 00:00:01.300"
        );
    }

    #[test]
    fn an_unknown_fragment_stays_in_english_and_is_reported() {
        let s = "no change; something the tables never heard of";
        assert_eq!(zh(s), "无变化；something the tables never heard of");
        assert_eq!(untranslated(s), vec!["something the tables never heard of"]);
    }

    #[test]
    fn captures_are_as_short_as_possible_but_the_match_is_anchored() {
        let toks = parse_template("{} of {}");
        let mut caps = vec![];
        assert!(match_toks(&toks, "a of b of c", &mut caps));
        assert_eq!(caps, vec!["a", "b of c"]);
        let toks = parse_template("({})");
        caps.clear();
        assert!(match_toks(&toks, "(x (y))", &mut caps));
        assert_eq!(caps, vec!["x (y)"]);
    }

    #[test]
    fn alternatives_match_without_capturing() {
        let toks = parse_template("{n} pod{s?} on {w}");
        let mut caps = vec![];
        assert!(match_toks(&toks, "1 pod on n1", &mut caps));
        assert_eq!(caps, vec!["1", "n1"]);
        caps.clear();
        assert!(match_toks(&toks, "3 pods on n1", &mut caps));
        caps.clear();
        assert!(!match_toks(&toks, "3 podz on n1", &mut caps));
    }

    #[test]
    fn fill_places_captures_by_number() {
        assert_eq!(fill("{2} 和 {1}", &["a".into(), "b".into()]), "b 和 a");
        assert_eq!(fill("{x} {9}", &["a".into()]), "{x} ");
    }

    #[test]
    fn multibyte_text_never_splits_a_character() {
        // "−" and "≤" are multi-byte; captures must land on char boundaries.
        let s = "maxScaledDown = allPods 4 − minAvailable 2 − newUnavailable 1 = 1; available 3 − minAvailable 2 = 1, so 1 old replica is scaled down.";
        assert_eq!(
            zh(s),
            "maxScaledDown = allPods 4 − minAvailable 2 − newUnavailable 1 = 1；available 3 − minAvailable 2 = 1，因此缩容 1 个旧副本。"
        );
        assert!(untranslated("… ≤ ≥ 中文").len() == 1);
    }

    #[test]
    fn a_long_summary_of_many_fragments_is_translated_in_time() {
        let one = "marked the 3 pods on worker-1 not ready (pod condition Ready=False), so controllers stop counting them as available";
        let s = vec![one; 300].join("; ");
        let out = zh(&s);
        assert!(untranslated(&s).is_empty());
        assert_eq!(out.matches("标记为未就绪").count(), 300);
    }

    /// Sentences the scenarios do not reach, written from the format strings in src/ (one
    /// per format or branch), so a template typo cannot hide behind the coverage test.
    const RARE: &[&str] = &[
        // kubectl / engine
        "kubectl create: created Pod default/p",
        "kubectl delete: marked for deletion ReplicaSet default/web-1",
        // deployment
        "Deployment web selects all pods; refusing to act",
        "ReplicaSet name web-5d4f is taken by another template (hash collision): raised collisionCount to get a new hash",
        "Recreate strategy: scaled old ReplicaSets web-1, web-2 to 0 before creating any new pod",
        "Recreate strategy: waiting for the old pods to terminate",
        "Recreate strategy: old pods are gone, scaled web-2 from 0 to 3",
        "new ReplicaSet web-2 has 5 replicas but the Deployment wants 3: scaled it down",
        "No old replicas are left to scale down.",
        "maxScaledDown = allPods 4 − minAvailable 3 − newUnavailable 1 = 0, so no old replica can be scaled down yet.",
        "maxScaledDown = allPods 6 − minAvailable 3 − newUnavailable 1 = 2; 1 unhealthy old replica is removed first; available 3 ≤ minAvailable 3, so no available old replica can go.",
        "maxScaledDown = allPods 6 − minAvailable 3 − newUnavailable 1 = 2; 2 unhealthy old replicas are removed first; then the cleanup stopped (when cleaning up unhealthy replicas, got invalid request to scale down default/web-1 2 -> 3), so nothing else is scaled this pass.",
        "available 5 − minAvailable 3 = 2, so 2 old replicas are scaled down.",
        // replicaset ranking: every rule
        "ReplicaSet web-1 wants 0 replicas and has 0 active pods: deleted a (No pod needs to go.)",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it is not yet scheduled to a node, while the others are)",
        "ReplicaSet web-1 wants 1 replica and has 3 active pods: deleted a (a goes first: it is not yet scheduled to a node, while b is)",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it is Pending, while the others are Running)",
        "ReplicaSet web-1 wants 1 replica and has 3 active pods: deleted a (a goes first: it is Pending, while b is Unknown)",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it is not Ready while the others are)",
        "ReplicaSet web-1 wants 1 replica and has 3 active pods: deleted a (a goes first: it is not Ready while b is)",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it has the lower pod-deletion-cost (-5 vs 0 for b); Running and Ready like b)",
        "ReplicaSet web-1 wants 2 replicas and has 4 active pods: deleted a, b (a and b go first; b, the closest call, was picked by rank (all Running and not Ready): 2 related pods share its node worker-1, 1 on c's node worker-2)",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it became Ready 3s ago and b 2s ago, the same power-of-two age bucket, so the pod UID order decided (all Running and Ready, equally busy nodes))",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it has more container restarts (4 vs 0 for b; all Running and Ready))",
        "ReplicaSet web-1 wants 1 replica and has 2 active pods: deleted a (a goes first: it was created at an unset time and b 2s ago, the same power-of-two age bucket, so the pod UID order decided (Running and not Ready like b))",
        "ReplicaSet web-1 wants 1 replica and has 9 active pods: deleted a, b, c, d, e (a, b and 3 more go first; e, the closest call, is newer (created 1s ago vs 2m ago for f; all Running and Ready))",
        "ReplicaSet web-1 wants 1 replica and has 9 active pods: deleted a, b, c (a, b and c go first; c, the closest call, is newer (created 1s ago vs 2m ago for f; all Running and Ready))",
        // gc
        "Deployment web is deleted with propagation Orphan: removed its ownerReference from 2 dependents and let it go",
        "their owner (uid 1a2b3c4d) no longer exists: deleted 2 dependents (web-1-a, web-1-b) with background propagation",
        // scheduler
        "binding pod web-1 failed: Operation cannot be fulfilled on pods/binding \"web-1\": pod web-1 is already assigned to node \"worker-1\"",
        "bound pod web-1 to worker-1: picked worker-1: tied with worker-2 and worker-3 at score 200, chosen by the seeded tie-break",
        "bound pod web-1 to worker-1: picked worker-1: tied with 7 other nodes at score 200, chosen by the seeded tie-break",
        "bound pod web-1 to worker-1: picked worker-1 (score 270 vs worker-2 262: NodeResourcesFit 88 vs 80, TaintToleration 300 vs 292; 2 of 3 nodes checked passed the filters)",
        "bound pod web-1 to worker-1: picked worker-1 (score 270 vs worker-2 262: NodeResourcesFit 88 vs 80; ImageLocality 0 on both; 2 of 3 nodes checked passed the filters)",
        "bound pod web-1 to worker-1: only worker-1 passed the filters",
        "pod web-1 does not fit anywhere: there are no nodes to place the pod on; it waits in the unschedulable queue until the cluster changes (or 5 minutes pass)",
        "pod web-1 does not fit anywhere: none of the 20 nodes passed the filters (n1: Insufficient cpu; n2: Insufficient cpu, Insufficient memory; and 18 more), but evicting 2 lower-priority pod(s) on n1 would make room; it waits in the unschedulable queue until the cluster changes (or 5 minutes pass)",
        // kubelet
        "created Lease kube-node-lease/worker-1",
        "posted the node status of worker-1 with fresh heartbeats",
        "set Ready=True again on 1 running pod (their containers kept running while the kubelet was stopped)",
        "set Ready=True again on 3 running pods (their containers kept running while the kubelet was stopped)",
        "queued a resync of its 1 pod",
        "its containers never started; deleted pod web-1 from the API with grace period 0, which removes it",
        "none of its containers was running; deleted pod web-1 from the API with grace period 0, which removes it",
        "no container had started yet; deleted pod web-1 from the API with grace period 0, which removes it",
        "image nginx:1.27 is missing and pull policy is Never",
        "image nginx:1.27 is already on the node (pull policy Never); pulling image redis:7 (pull policy Always, about 3.2s)",
        "created and started 2 containers of pod web-1",
        "created and started 2 containers of pod web-1; a, b not Ready until their probe passes",
        "restarted container a (restart 1), b (restart 2) of pod web-1",
        "startup probe of container app passed",
        "startup probe of container app failed 3 times in a row (failureThreshold 3): the kubelet kills it and will restart it",
        "startup probe of container app failed (1 of failureThreshold 3)",
        "container app of pod web-1 exited with code 1 after running 2s",
        // node lifecycle
        "worker-1: it is cordoned (spec.unschedulable), so added taint node.kubernetes.io/unschedulable:NoSchedule (taint by condition); worker-1: the condition behind taint node.kubernetes.io/not-ready:NoSchedule is gone, so removed the taint; the scheduler places no new pods there that do not tolerate it",
        "worker-1's Ready condition is False: replaced taint node.kubernetes.io/unreachable:NoExecute by node.kubernetes.io/not-ready:NoExecute",
        "every node is not ready: entering full disruption mode, in which no pods are evicted (the control plane is more likely cut off than all nodes dead)",
        "worker-1: it has no Lease and the node controller last saw a heartbeat at 00:00:10.000; the 50s grace period (--node-monitor-grace-period) has passed: set its conditions Ready, MemoryPressure, DiskPressure and PIDPressure to Unknown (NodeStatusUnknown: \"Kubelet stopped posting node status.\")",
        "marked the 1 pod on worker-1 not ready (pod condition Ready=False), so controllers stop counting it as available",
        "worker-1 is Ready again: removed taint node.kubernetes.io/unreachable:NoExecute, node.kubernetes.io/not-ready:NoExecute, which cancels the taint-based evictions still pending there",
        // taint eviction
        "cancelled the scheduled deletion of pod web-1: worker-2 has no NoExecute taints any more",
        "cancelled the scheduled deletion of pod web-1: it is deleted right away instead; pod web-1: it does not tolerate the NoExecute taint dedicated=x:NoExecute, node.kubernetes.io/unreachable:NoExecute of worker-2; added condition DisruptionTarget (DeletionByTaintManager) and deleted it with its 30s grace period",
        "cancelled the scheduled deletion of pod web-1: it tolerates the taints of worker-2 forever",
        "cancelled the scheduled deletion of pod web-1: its toleration time changed",
        "cancelled the scheduled deletion of pod web-1: the pod is gone",
        "pod web-1 tolerates the NoExecute taint node.kubernetes.io/unreachable:NoExecute of worker-2 for 5m0s: its deletion is scheduled for 00:06:00.000",
        // endpoint slices
        "Service web selects 1 pod with an IP: web-1 is no longer ready, web-2 changed; created EndpointSlice web-abcde (1 endpoint, 0 ready); deleted EndpointSlice web-fghij",
        // endpoints
        "Service web selects 2 pods with an IP: added web-1 (10.244.1.2, ready), removed web-3; updated Endpoints web (1 ready, 1 not ready)",
        "Service web selects no pods with an IP; created Endpoints web (0 ready, 0 not ready)",
        "Service web no longer exists: deleted Endpoints web",
        "Endpoints web would hold more than 1000 addresses: kept 1000, annotated endpoints.kubernetes.io/over-capacity=truncated",
    ];

    #[test]
    fn every_sentence_format_in_src_has_a_template() {
        for s in RARE {
            assert_eq!(
                untranslated(s),
                Vec::<String>::new(),
                "\n  {}\n  → {}",
                s,
                zh(s)
            );
        }
    }

    #[test]
    fn lists_of_pod_names_read_with_chinese_separators() {
        assert_eq!(
            zh(
                "ReplicaSet web-1 wants 1 replica and has 9 active pods: deleted a, b, c (a, b and c go first; c, the closest call, ties with d on every ranking rule, so list order decided (all Running and Ready))"
            ),
            "ReplicaSet web-1 需要 1 个副本，现有 9 个活跃 Pod：删除了 a, b, c（最先删除 a、b 和 c；其中最接近被保留的 c 与 d 在每条排序规则上都相同，因此由列表顺序决定（全部为 Running 且就绪））"
        );
    }

    #[test]
    fn ui_strings_exist_in_both_languages_and_differ_where_they_should() {
        for k in Ui::ALL {
            assert!(!ui(Lang::En, *k).is_empty());
            assert!(!ui(Lang::Zh, *k).is_empty());
        }
        assert_eq!(ui(Lang::Zh, Ui::Apply), "应用");
        assert_eq!(ui(Lang::Zh, Ui::EventsTitle), "kubectl get events --watch");
    }
}

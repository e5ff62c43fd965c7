//! What a step records: the writes and events a component made, what woke it, and why. A
//! leaf of the runtime (no `Runtime` here), so every module can name these types without a
//! cycle.
//!
//! Explanations are data: each component records values of its own `…Why` enum, which
//! implements [`Explain`] with one exhaustive `match` per language. Sentences are rendered
//! when shown, never parsed back.

use std::fmt::{Debug, Display};
use std::sync::Arc;

use crate::events::EventSpec;
use crate::lang::Lang;
use crate::object::Kind;
use crate::store::WatchType;
use crate::time::SimTime;

impl Lang {
    /// One message's English and Chinese templates side by side, where `{0}` … `{9}` stand
    /// for `args` (`{{` and `}}` are braces), rendered in this language. Each language's
    /// template uses the arguments it needs, in its own order.
    pub fn pick<const N: usize>(self, en: &str, zh: &str, args: [&dyn Display; N]) -> String {
        fill(
            match self {
                Lang::En => en,
                Lang::Zh => zh,
            },
            &args,
        )
    }

    /// A message whose texts are computed (lists, alternatives).
    pub fn pick2(self, en: impl FnOnce() -> String, zh: impl FnOnce() -> String) -> String {
        match self {
            Lang::En => en(),
            Lang::Zh => zh(),
        }
    }

    /// A nested explanation as an argument, rendered in this language.
    pub fn nested<'a>(self, e: &'a dyn Explain) -> impl Display + 'a {
        struct InLang<'a>(&'a dyn Explain, Lang);
        impl Display for InLang<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0.text(self.1))
            }
        }
        InLang(e, self)
    }
}

/// Substitute `{0}`…`{9}` in `template` by `args` (Display); `{{`/`}}` are braces.
pub fn fill(template: &str, args: &[&dyn Display]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let b = template.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        let c = b[i];
        if (c == b'{' || c == b'}') && b.get(i + 1) == Some(&c) {
            out.push_str(&template[last..=i]);
            i += 2;
            last = i;
        } else if c == b'{'
            && b.get(i + 2) == Some(&b'}')
            && let Some(d) = b.get(i + 1).filter(|d| d.is_ascii_digit())
        {
            out.push_str(&template[last..i]);
            if let Some(a) = args.get(usize::from(d - b'0')) {
                let _ = write!(out, "{}", a);
            }
            i += 3;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&template[last..]);
    out
}

/// What explanations need besides their texts: `Debug` on native builds (the message id
/// is derived from it, for tests and tools), nothing in the page's wasm (so no Debug code
/// ships there).
#[cfg(not(target_arch = "wasm32"))]
pub trait ExplainBase: Debug + Send + Sync {
    /// The explanation type's name (`kubestep::kubelet::why::KubeletWhy`).
    fn type_name(&self) -> &'static str;
}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Debug + Send + Sync> ExplainBase for T {
    fn type_name(&self) -> &'static str {
        std::any::type_name::<T>()
    }
}
/// What explanations need besides their texts (nothing in the page's wasm).
#[cfg(target_arch = "wasm32")]
pub trait ExplainBase: Send + Sync {}
#[cfg(target_arch = "wasm32")]
impl<T: Send + Sync + ?Sized> ExplainBase for T {}

/// One explanation of a step. Implement it on an enum whose variants carry the values a
/// sentence needs: [`Explain::text`] is one exhaustive `match`, each arm giving the
/// English and the Chinese text together ([`Lang::pick`]), so a variant without a
/// translation does not compile.
pub trait Explain: ExplainBase {
    /// The explanation in `lang`.
    fn text(&self, lang: Lang) -> String;
}

/// The texts of an explanation (for every [`Explain`], including `dyn Explain`).
pub trait ExplainText {
    /// The sentence in `lang`.
    fn render(&self, lang: Lang) -> String;
    /// The sentence in English.
    fn en(&self) -> String;
    /// The sentence in Simplified Chinese.
    fn zh(&self) -> String;
    /// The message id: the enum and variant (`KubeletWhy::RenewedLease`), or the struct.
    #[cfg(not(target_arch = "wasm32"))]
    fn id(&self) -> String;
}

impl<T: Explain + ?Sized> ExplainText for T {
    fn render(&self, lang: Lang) -> String {
        self.text(lang)
    }
    fn en(&self) -> String {
        self.text(Lang::En)
    }
    fn zh(&self) -> String {
        self.text(Lang::Zh)
    }
    #[cfg(not(target_arch = "wasm32"))]
    fn id(&self) -> String {
        let dbg = format!("{:?}", self);
        let head: String = dbg
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let ty = self.type_name();
        let ty = ty.rsplit("::").next().unwrap_or(ty);
        if head == ty {
            head
        } else {
            format!("{}::{}", ty, head)
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Debug for dyn Explain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// A recorded explanation.
pub type Why = Arc<dyn Explain>;

/// What woke a component for a step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Trigger {
    /// Nothing recorded (setup work).
    #[default]
    None,
    /// A watch event: `watch: MODIFIED replicasets web-7c5d (rev 42)`.
    Watch {
        ty: WatchType,
        /// The resource (plural).
        resource: &'static str,
        name: String,
        rev: i64,
    },
    /// A timer that came due.
    TimerAt(SimTime),
    /// The kubelet's periodic node sync.
    Timer,
    /// A component's event broadcaster posting what it recorded.
    Broadcaster,
    /// A kubelet starting again (`node start`).
    KubeletStart,
    /// `cluster reset`.
    Reset,
    /// `node add`.
    NodeAdd,
    /// `node start`.
    NodeStart,
    /// A request to the REST API (`kubestep serve`, the `api` command): who sent it
    /// (`kubectl scale`, or "" when unknown), the method and the path.
    Api {
        client: String,
        method: String,
        path: String,
    },
}

impl Trigger {
    /// True for [`Trigger::None`].
    pub fn is_none(&self) -> bool {
        *self == Trigger::None
    }

    /// The trigger in `lang` ("" for none).
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Trigger::None => String::new(),
            Trigger::Watch {
                ty,
                resource,
                name,
                rev,
            } => lang.pick(
                "watch: {0} {1} {2} (rev {3})",
                "watch 事件：{0} {1} {2}（修订版本 {3}）",
                [&ty.as_str(), resource, name, rev],
            ),
            Trigger::TimerAt(at) => {
                lang.pick("timer due at {0}", "定时器到期（{0}）", [&at.clock()])
            }
            Trigger::Timer => lang.pick("timer", "定时器", []),
            Trigger::Broadcaster => lang.pick("event broadcaster", "事件广播器", []),
            Trigger::KubeletStart => lang.pick("kubelet start", "kubelet 启动", []),
            Trigger::Reset => lang.pick("reset", "重置集群", []),
            Trigger::NodeAdd => lang.pick("node add", "命令 node add", []),
            Trigger::NodeStart => lang.pick("node start", "命令 node start", []),
            Trigger::Api {
                client,
                method,
                path,
            } if client.is_empty() => lang.pick("{0} {1}", "API 请求 {0} {1}", [method, path]),
            Trigger::Api {
                client,
                method,
                path,
            } => lang.pick(
                "{0}: {1} {2}",
                "{0} 发出的请求：{1} {2}",
                [client, method, path],
            ),
        }
    }
}

impl std::fmt::Display for Trigger {
    /// The English form.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// One API write made during a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteRec {
    /// `create`, `update`, `update status`, `bind`, `delete` (graceful: marks), `remove`.
    pub verb: &'static str,
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub rev: i64,
}

/// An event emitted during a step (as written, after aggregation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRec {
    /// `Normal` or `Warning`.
    pub ty: &'static str,
    pub reason: String,
    pub object: String,
    pub message: String,
}

/// The record of one step: who did what, why, and what it wrote.
#[derive(Clone, Debug)]
pub struct StepRecord {
    /// 1-based step number since the cluster was reset.
    pub index: u64,
    pub time: SimTime,
    /// `deployment-controller`, `kubelet/worker-1`, …
    pub component: String,
    /// What woke the component.
    pub trigger: Trigger,
    /// What the component did and why, one explanation per decision.
    pub why: Vec<Why>,
    pub writes: Vec<WriteRec>,
    pub events: Vec<EventRec>,
    /// Store revision after the step.
    pub revision: i64,
}

impl StepRecord {
    /// What the component did and why, in `lang`: the explanations joined with "; " (English)
    /// or "；" (Chinese); `no change` when there are none.
    pub fn summary_in(&self, lang: Lang) -> String {
        if self.why.is_empty() {
            return match lang {
                Lang::En => "no change".into(),
                Lang::Zh => "无变化".into(),
            };
        }
        let sep = match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        };
        self.why
            .iter()
            .map(|w| w.render(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The summary in English (what the CLI prints).
    pub fn summary(&self) -> String {
        self.summary_in(Lang::En)
    }

    /// `[00:00:01.300] kubelet/worker-1: …` as `step` prints it.
    pub fn line(&self) -> String {
        format!(
            "[{}] {}: {}",
            self.time.clock(),
            self.component,
            self.summary()
        )
    }
}

/// Per-step scratch: the writes and events collected while a component works.
#[derive(Debug, Default)]
pub struct StepCtx {
    pub component: String,
    pub trigger: Trigger,
    pub writes: Vec<WriteRec>,
    pub events: Vec<EventRec>,
    pub why: Vec<Why>,
    /// Events the component records after its API calls return; they are posted by the
    /// component's event broadcaster in a later step (client-go's recorder is asynchronous).
    pub deferred_events: Vec<EventSpec>,
    /// The kinds of the API calls made so far, one entry per request (what the component's
    /// client rate limiter is charged for).
    pub calls: Vec<Kind>,
    /// The controller whose work this step is (none for kube-apiserver's own steps).
    pub ctl: Option<crate::runtime::queue::CtlId>,
    /// The component's client (its bucket's name), when it has one.
    pub client: Option<String>,
    /// Tokens already taken from that client during the step ([`crate::runtime::Runtime::client_try_take`]).
    pub prepaid: i64,
    /// Of those, tokens not spent yet (the one a held step reserved before it ran).
    pub spare: i64,
}

impl StepCtx {
    pub fn new(component: impl Into<String>, trigger: Trigger) -> StepCtx {
        StepCtx {
            component: component.into(),
            trigger,
            ..Default::default()
        }
    }

    /// Record one explanation of what this step did.
    pub fn say(&mut self, why: impl Explain + 'static) {
        self.why.push(Arc::new(why));
    }

    pub fn did_something(&self) -> bool {
        !self.writes.is_empty() || !self.events.is_empty() || !self.deferred_events.is_empty()
    }
}

/// Test helper: every explanation renders a non-empty sentence in each language, the
/// Chinese one in Chinese, with no unfilled placeholder.
#[cfg(test)]
pub(crate) fn check_renders<E: Explain + Debug>(all: &[E]) {
    for w in all {
        let (en, zh) = (w.en(), w.zh());
        assert!(!en.is_empty() && !zh.is_empty(), "{:?}", w);
        assert!(
            !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "Chinese in English: {}",
            en
        );
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese in {:?}: {}",
            w,
            zh
        );
        for t in [&en, &zh] {
            assert!(
                !t.contains("{}") && !t.contains("{:"),
                "placeholder left: {}",
                t
            );
        }
        assert!(!w.id().is_empty());
    }
}

/// Test helper: `samples` hold one value of every variant of an explanation enum
/// (`index` maps each to its variant number; a non-exhaustive `match` there does not
/// compile, and a missing sample fails here), and every one renders in both languages.
#[cfg(test)]
pub(crate) fn check_all<E: Explain + Debug>(
    samples: &[E],
    index: impl Fn(&E) -> usize,
    variants: usize,
) {
    let seen: std::collections::BTreeSet<usize> = samples.iter().map(index).collect();
    let want: std::collections::BTreeSet<usize> = (0..variants).collect();
    assert_eq!(seen, want, "variants without a sample");
    check_renders(samples);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    #[test]
    fn every_trigger_renders_in_both_languages() {
        let all = [
            Trigger::None,
            Trigger::Watch {
                ty: WatchType::Modified,
                resource: "replicasets",
                name: "web-7c5d".into(),
                rev: 42,
            },
            Trigger::TimerAt(SimTime(1300)),
            Trigger::Timer,
            Trigger::Broadcaster,
            Trigger::KubeletStart,
            Trigger::Reset,
            Trigger::NodeAdd,
            Trigger::NodeStart,
            Trigger::Api {
                client: "kubectl scale".into(),
                method: "PATCH".into(),
                path: "/apis/apps/v1/namespaces/default/deployments/web/scale".into(),
            },
            Trigger::Api {
                client: String::new(),
                method: "GET".into(),
                path: "/api/v1/pods".into(),
            },
        ];
        let index = |t: &Trigger| match t {
            Trigger::None => 0,
            Trigger::Watch { .. } => 1,
            Trigger::TimerAt(_) => 2,
            Trigger::Timer => 3,
            Trigger::Broadcaster => 4,
            Trigger::KubeletStart => 5,
            Trigger::Reset => 6,
            Trigger::NodeAdd => 7,
            Trigger::NodeStart => 8,
            Trigger::Api { client, .. } if !client.is_empty() => 9,
            Trigger::Api { .. } => 10,
        };
        assert_eq!(
            all.iter().map(index).collect::<Vec<_>>(),
            (0..11).collect::<Vec<_>>()
        );
        let zh: Vec<String> = all.iter().map(|t| t.render(Lang::Zh)).collect();
        assert_eq!(zh[0], "");
        assert_eq!(
            zh[1],
            "watch 事件：MODIFIED replicasets web-7c5d（修订版本 42）"
        );
        assert_eq!(zh[2], "定时器到期（00:00:01.300）");
        assert_eq!(
            zh[9],
            "kubectl scale 发出的请求：PATCH /apis/apps/v1/namespaces/default/deployments/web/scale"
        );
        assert_eq!(zh[10], "API 请求 GET /api/v1/pods");
        assert_eq!(
            all[9].to_string(),
            "kubectl scale: PATCH /apis/apps/v1/namespaces/default/deployments/web/scale"
        );
        assert_eq!(
            all[1].to_string(),
            "watch: MODIFIED replicasets web-7c5d (rev 42)"
        );
        for (t, z) in all.iter().zip(&zh).skip(1) {
            assert_ne!(&t.render(Lang::En), z, "{:?}", t);
        }
    }

    #[derive(Debug)]
    enum Sample {
        One,
    }

    impl Explain for Sample {
        fn text(&self, w: Lang) -> String {
            match self {
                Sample::One => w.pick("one {0}", "一 {0}", [&1]),
            }
        }
    }

    #[test]
    fn a_step_without_explanations_says_no_change_and_ids_name_the_variant() {
        let mut r = StepRecord {
            index: 1,
            time: SimTime(0),
            component: "c".into(),
            trigger: Trigger::None,
            why: vec![],
            writes: vec![],
            events: vec![],
            revision: 1,
        };
        assert_eq!(r.summary(), "no change");
        assert_eq!(r.summary_in(Lang::Zh), "无变化");
        r.why = vec![Arc::new(Sample::One), Arc::new(Sample::One)];
        assert_eq!(r.summary(), "one 1; one 1");
        assert_eq!(r.summary_in(Lang::Zh), "一 1；一 1");
        assert_eq!(Sample::One.id(), "Sample::One");
    }
}

#[cfg(test)]
mod fill_tests {
    use super::*;
    #[allow(unused_imports)]
    use crate::runtime::step::ExplainText;

    #[test]
    fn templates_fill_positional_arguments_and_keep_other_braces() {
        assert_eq!(fill("{1} then {0}", &[&"a", &2]), "2 then a");
        assert_eq!(fill("{{0}} is {0}", &[&"x"]), "{0} is x");
        assert_eq!(
            fill("taint {node-role.kubernetes.io/control-plane: } {0}", &[&1]),
            "taint {node-role.kubernetes.io/control-plane: } 1"
        );
        assert_eq!(fill("missing {3}", &[&1]), "missing ");
        assert_eq!(fill("中文 {0}：{1}", &[&"a", &"b"]), "中文 a：b");
    }
}

//! Languages: English and Simplified Chinese (简体中文), and the small helpers explanations
//! share (plurals, lists). A leaf module: step explanations render through it, the page's
//! UI catalogue (in `www/`) too.
//!
//! kubectl output and event messages are never translated: they are what Kubernetes prints.
//! Terminology follows the kubernetes.io/zh-cn documentation (节点, 控制平面, 污点, 容忍度,
//! 探针, 就绪, 存活, 滚动更新, 状况, 属主/附属, 选择算符, …); object kinds and field
//! names stay in English as they do there.

/// A language of explanations and of the page.
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

/// `word` or `words` by `n` (English plurals of explanations).
pub fn plural(n: impl Into<i64>, one: &'static str, many: &'static str) -> &'static str {
    if n.into() == 1 { one } else { many }
}

/// The English plural suffix: "" for 1, "s" otherwise.
pub fn s(n: impl Into<i64>) -> &'static str {
    plural(n, "", "s")
}

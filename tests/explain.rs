//! Explanations are data rendered per language: every step of every scenario (both
//! profiles, including steps later undone by `rewind`) renders in English and in Chinese;
//! language tags parse. Each component's module also renders one sample of every variant of
//! its explanations (`every_…_explanation_renders_in_both_languages`).

use std::collections::BTreeMap;
use std::path::Path;

use kubestep::lang::Lang;
use kubestep::runtime::step::ExplainText;
use kubestep::script::{exec_command, parse_script};
use kubestep::{Engine, EngineConfig, Profile};

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[test]
fn every_step_of_every_scenario_renders_in_both_languages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("scenarios dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "kss"))
        .collect();
    paths.sort();
    // Message id → how many steps used it, to show that the scenarios exercise many.
    let mut ids: BTreeMap<String, u32> = BTreeMap::new();
    let mut steps = 0;
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("scenario readable");
        let cmds = parse_script(&text).unwrap_or_else(|e| panic!("{}: {}", p.display(), e));
        for profile in [Profile::V1_32, Profile::V1_26] {
            let mut e = Engine::new(EngineConfig { seed: 0, profile });
            let mut seen = 0usize;
            for c in &cmds {
                let _ = exec_command(&mut e, c);
                let h = e.history();
                for r in h.iter().skip(seen.min(h.len())) {
                    steps += 1;
                    let (en, zh) = (r.summary(), r.summary_in(Lang::Zh));
                    assert!(!en.chars().any(is_cjk), "{}: {}", p.display(), en);
                    assert!(
                        zh.chars().any(is_cjk),
                        "{}: not Chinese: {}",
                        p.display(),
                        zh
                    );
                    let (te, tz) = (r.trigger.render(Lang::En), r.trigger.render(Lang::Zh));
                    assert_eq!(te.is_empty(), tz.is_empty(), "{}", te);
                    if !te.is_empty() {
                        assert!(tz.chars().any(is_cjk), "trigger not Chinese: {}", tz);
                    }
                    for w in &r.why {
                        *ids.entry(w.id()).or_default() += 1;
                    }
                }
                seen = h.len();
            }
        }
    }
    assert!(steps > 1000, "too few steps: {}", steps);
    assert!(
        ids.len() > 60,
        "the scenarios use only {} messages: {:?}",
        ids.len(),
        ids
    );
}

#[test]
fn language_tags_parse_and_the_browser_preference_decides() {
    for (tag, want) in [
        ("zh", Some(Lang::Zh)),
        ("zh-CN", Some(Lang::Zh)),
        ("zh-Hans", Some(Lang::Zh)),
        ("zh_TW", Some(Lang::Zh)),
        ("ZH-cn", Some(Lang::Zh)),
        ("en", Some(Lang::En)),
        ("en-GB", Some(Lang::En)),
        (" en-US ", Some(Lang::En)),
        ("fr", None),
        ("", None),
        ("zhx", None),
    ] {
        assert_eq!(Lang::parse(tag), want, "{:?}", tag);
    }
    assert_eq!(Lang::Zh.code(), "zh-CN");
    assert_eq!(Lang::En.code(), "en");
    assert_eq!(Lang::parse(Lang::Zh.code()), Some(Lang::Zh));
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(Lang::from_browser(&v(&["zh-CN", "en"])), Lang::Zh);
    assert_eq!(Lang::from_browser(&v(&["en-US", "zh-CN"])), Lang::En);
    assert_eq!(
        Lang::from_browser(&v(&["fr-FR", "zh-Hans", "en"])),
        Lang::Zh
    );
    assert_eq!(Lang::from_browser(&v(&["fr-FR", "de"])), Lang::En);
    assert_eq!(Lang::from_browser(&[]), Lang::En);
}

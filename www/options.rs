//! Page options from the query string: `?embed`, `panes=`, `autoplay`, `step=`, `lang=`,
//! `theme=`, `demo=`, `speed=`, `apply=`. Unknown keys are ignored; bad values fall back to
//! the defaults (a URL is data, never code).

/// A pane the embedded player can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Arch,
    Events,
    Step,
    Editor,
    Console,
    Objects,
}

impl Pane {
    fn parse(s: &str) -> Option<Pane> {
        Some(match s {
            "arch" | "cluster" => Pane::Arch,
            "events" => Pane::Events,
            "step" => Pane::Step,
            "editor" => Pane::Editor,
            "console" => Pane::Console,
            "objects" => Pane::Objects,
            _ => return None,
        })
    }
}

/// What the query string asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlOptions {
    /// Compact player for an iframe.
    pub embed: bool,
    /// Panes of the embedded player, in order (default: architecture and events).
    pub panes: Vec<Pane>,
    /// Start playing once loaded.
    pub autoplay: bool,
    /// Steps to take right after loading.
    pub step: u64,
    /// `en` / `zh` (None: the browser's language).
    pub lang: Option<String>,
    /// `light` / `dark` (None: the system's).
    pub theme: Option<String>,
    /// A scenario of the menu, by id (`classic`, `node-failure`, …).
    pub demo: Option<String>,
    /// Play speed, steps per second (1–30).
    pub speed: Option<u32>,
    /// Apply the scenario's manifest at once (default: on in embed mode).
    pub apply: bool,
}

impl Default for UrlOptions {
    fn default() -> UrlOptions {
        UrlOptions {
            embed: false,
            panes: vec![Pane::Arch, Pane::Events],
            autoplay: false,
            step: 0,
            lang: None,
            theme: None,
            demo: None,
            speed: None,
            apply: false,
        }
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn truthy(v: &str) -> bool {
    !matches!(v, "0" | "false" | "no" | "off")
}

impl UrlOptions {
    /// Parse `?a=b&c` (with or without the leading `?`). Long or odd input is cut, not
    /// trusted: at most 2 KB and 32 parameters are read.
    pub fn parse(query: &str) -> UrlOptions {
        let q = query.strip_prefix('?').unwrap_or(query);
        let q = if q.len() > 2048 {
            let mut end = 2048;
            while !q.is_char_boundary(end) {
                end -= 1;
            }
            &q[..end]
        } else {
            q
        };
        let mut o = UrlOptions::default();
        let mut apply = None;
        for part in q.split('&').filter(|p| !p.is_empty()).take(32) {
            let (k, v) = match part.split_once('=') {
                Some((k, v)) => (decode(k), decode(v)),
                None => (decode(part), String::new()),
            };
            match k.as_str() {
                "embed" => o.embed = v.is_empty() || truthy(&v),
                "panes" => {
                    let ps: Vec<Pane> = v.split(',').filter_map(Pane::parse).take(6).collect();
                    if !ps.is_empty() {
                        o.panes = ps;
                    }
                }
                "autoplay" => o.autoplay = v.is_empty() || truthy(&v),
                "step" => o.step = v.parse::<u64>().unwrap_or(0).min(10_000),
                "lang" if v.len() <= 16 => o.lang = Some(v),
                "theme" if v == "light" || v == "dark" => o.theme = Some(v),
                "demo" if v.len() <= 64 => o.demo = Some(v),
                "speed" => o.speed = v.parse::<u32>().ok().map(|s| s.clamp(1, 30)),
                "apply" => apply = Some(v.is_empty() || truthy(&v)),
                _ => {}
            }
        }
        o.apply = apply.unwrap_or(o.embed);
        o
    }

    /// The same page as a full sandbox (for "open in full sandbox"): the query without the
    /// embed-only keys.
    pub fn full_sandbox_query(query: &str) -> String {
        let q = query.strip_prefix('?').unwrap_or(query);
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                let k = p.split('=').next().unwrap_or("");
                !p.is_empty() && !matches!(k, "embed" | "panes" | "autoplay")
            })
            .take(32)
            .collect();
        if kept.is_empty() {
            String::new()
        } else {
            format!("?{}", kept.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    #[wasm_bindgen_test]
    fn embed_options_are_read_and_bad_values_ignored() {
        let o = UrlOptions::parse(
            "?embed&panes=arch,bogus,events,editor&autoplay=1&step=12&lang=zh&theme=dark&demo=node-failure&speed=99",
        );
        assert!(o.embed && o.autoplay && o.apply);
        assert_eq!(o.panes, vec![Pane::Arch, Pane::Events, Pane::Editor]);
        assert_eq!(o.step, 12);
        assert_eq!(o.lang.as_deref(), Some("zh"));
        assert_eq!(o.theme.as_deref(), Some("dark"));
        assert_eq!(o.demo.as_deref(), Some("node-failure"));
        assert_eq!(o.speed, Some(30));
        let o = UrlOptions::parse("?theme=<script>&step=-4&panes=&embed=0&demo=%3Cb%3E");
        assert_eq!(
            o,
            UrlOptions {
                demo: Some("<b>".into()),
                ..UrlOptions::default()
            }
        );
        assert_eq!(
            UrlOptions::parse(&"a".repeat(1 << 20)),
            UrlOptions::default()
        );
        assert_eq!(
            UrlOptions::full_sandbox_query("?embed&demo=classic&panes=arch&lang=zh"),
            "?demo=classic&lang=zh"
        );
    }
}

//! Sharing and saving a session: share links (`#v1.<deflated, base64url JSON>`), the
//! autosave in localStorage (the same encoding), scenario scripts loaded from a file or a
//! same-origin `?scenario=path.kss`, and the export of the session as a `kubestep run`
//! script. A link or a file is data only: it is decoded with size caps, validated, and
//! replayed in slices with a work budget; anything wrong shows a message and the demo.

use crate::{App, ConsoleEntry, Msg, scenarios};
use gloo::events::EventListener;
use kubestep::lang::Lang;
use kubestep::script::{ScriptCommand, parse_script};
use kubestep::{Chunk, ExecOutput, Profile};
use serde::{Deserialize, Serialize};
use yew::prelude::*;

/// The prefix of this version of the encoding (in links: `#v1.<data>`).
pub const VERSION: &str = "v1";
/// The longest fragment (or autosave) accepted, in characters.
pub const MAX_ENCODED: usize = 64 * 1024;
/// The most bytes the deflated payload may inflate to (a decompression bomb stops here).
pub const MAX_INFLATED: usize = 1024 * 1024;
/// The longest script or editor text a session may carry.
pub const MAX_TEXT: usize = 256 * 1024;
/// The most commands a replayed script may have.
pub const MAX_COMMANDS: usize = 3000;
/// A replay stops when the cluster has recorded this many steps…
pub const MAX_REPLAY_STEPS: u64 = 200_000;
/// …or its virtual clock passes this (48 h).
pub const MAX_REPLAY_MS: i64 = 48 * 3600 * 1000;
/// Where the autosave lives in localStorage.
pub const AUTOSAVE_KEY: &str = "kubestep.session";
const AUTOSAVE_ORIGIN: &str = "your autosaved session";
/// The autosave a loaded link or file replaced (offered back in the notice).
pub const PREVIOUS_KEY: &str = "kubestep.session.previous";

/// Everything a share link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    /// The commands run so far, as a `kubestep run` script (no header line needed).
    pub script: String,
    pub seed: u64,
    pub profile: Profile,
    /// The scenario menu entry (`classic`, …); unknown ids fall back to the first.
    pub scenario: String,
    /// The editor text.
    pub editor: String,
    /// The step being looked at (None: the newest).
    pub step: Option<u64>,
    /// The UI language (`en`, `de`, …).
    pub lang: String,
}

/// The JSON inside the deflate stream (short keys keep links short).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    /// Script.
    s: String,
    #[serde(default)]
    seed: u64,
    /// Kubernetes version (`1.32`, `1.26`).
    k: String,
    #[serde(default)]
    sc: String,
    /// Editor text.
    #[serde(default)]
    e: String,
    #[serde(default)]
    st: Option<u64>,
    #[serde(default = "default_lang")]
    lang: String,
}

fn default_lang() -> String {
    "en".into()
}

fn profile_name(p: Profile) -> &'static str {
    match p {
        Profile::V1_32 => "1.32",
        Profile::V1_26 => "1.26",
    }
}

/// `#v1.<base64url(deflate(json))>` without the `#`.
pub fn encode(s: &Session) -> String {
    let script = strip_header(&s.script);
    let wire = Wire {
        s: script.to_string(),
        seed: s.seed,
        k: profile_name(s.profile).into(),
        sc: s.scenario.clone(),
        e: s.editor.clone(),
        st: s.step,
        lang: s.lang.clone(),
    };
    let json = serde_json::to_vec(&wire).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 10);
    format!("{}.{}", VERSION, b64url_encode(&packed))
}

/// The script without the `# kubestep session: …` line that `Engine::session_script`
/// starts with (seed and version travel as their own fields).
fn strip_header(script: &str) -> &str {
    if script.starts_with("# kubestep session:") {
        script.split_once('\n').map(|(_, rest)| rest).unwrap_or("")
    } else {
        script
    }
}

/// Decode a fragment (with or without `#`). Every failure is a sentence for the page.
pub fn decode(fragment: &str) -> Result<Session, String> {
    let f = fragment.strip_prefix('#').unwrap_or(fragment);
    if f.len() > MAX_ENCODED {
        return Err(format!(
            "it is too long ({} characters; a session link has at most {})",
            f.len(),
            MAX_ENCODED
        ));
    }
    let Some((version, data)) = f.split_once('.') else {
        return Err("it is not a kubestep session link (it should start with #v1.)".into());
    };
    if version != VERSION {
        let looks_versioned = version.len() <= 6
            && version.starts_with('v')
            && version[1..].chars().all(|c| c.is_ascii_digit())
            && version.len() > 1;
        return Err(if looks_versioned {
            format!(
                "it uses format {} and this page reads only {}",
                version, VERSION
            )
        } else {
            "it is not a kubestep session link (it should start with #v1.)".into()
        });
    }
    let packed = b64url_decode(data).ok_or("its data is not valid base64url")?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
            match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    format!("it unpacks to more than {} KiB", MAX_INFLATED / 1024)
                }
                _ => "its data is not a valid deflate stream".to_string(),
            }
        })?;
    let w: Wire =
        serde_json::from_slice(&json).map_err(|e| format!("its contents are malformed ({})", e))?;
    let profile = Profile::parse(&w.k)
        .ok_or_else(|| format!("it names an unknown Kubernetes version {:?}", w.k))?;
    if w.s.len() > MAX_TEXT || w.e.len() > MAX_TEXT {
        return Err("its script or editor text is too long".into());
    }
    if !valid_lang(&w.lang) {
        return Err(format!("it names an invalid language {:?}", w.lang));
    }
    if w.sc.len() > 64 {
        return Err("its scenario id is too long".into());
    }
    if w.st.is_some_and(|k| k > MAX_REPLAY_STEPS) {
        return Err("it points at a step beyond what can be replayed".into());
    }
    Ok(Session {
        script: w.s,
        seed: w.seed,
        profile,
        scenario: w.sc,
        editor: w.e,
        step: w.st,
        lang: w.lang,
    })
}

/// `en`, `de`, `pt-BR`, `zh-Hans`: a BCP 47-ish tag, nothing else.
fn valid_lang(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
        && s.len() <= 16
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url (RFC 4648 §5) without padding.
pub fn b64url_encode(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            s.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    s
}

/// Decode base64url without padding; `None` on any other character or a bad length.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero (canonical encoding).
    (acc == 0).then_some(out)
}

/// Parse a script to replay and refuse what a session never contains or what would take
/// too long: unknown commands, huge counts, replica numbers or clusters.
pub fn check_script(text: &str) -> Result<Vec<ScriptCommand>, String> {
    if text.len() > MAX_TEXT {
        return Err(format!(
            "the script is too long ({} KiB; at most {} KiB)",
            text.len() / 1024,
            MAX_TEXT / 1024
        ));
    }
    let cmds = parse_script(text).map_err(|e| format!("the script is malformed: {}", e))?;
    if cmds.len() > MAX_COMMANDS {
        return Err(format!(
            "the script has {} commands (at most {})",
            cmds.len(),
            MAX_COMMANDS
        ));
    }
    const KNOWN: [&str; 12] = [
        "kubectl", "node", "fault", "tick", "step", "settle", "request", "proxy", "cluster",
        "rewind", "load", "addon",
    ];
    for c in &cmds {
        let at = |m: String| format!("line {}: {}", c.line, m);
        let cmd = c.argv.first().map(String::as_str).unwrap_or("");
        if !KNOWN.contains(&cmd) {
            return Err(at(format!(
                "unknown command {:?} (a session runs only {})",
                cmd.chars().take(40).collect::<String>(),
                KNOWN.join(", ")
            )));
        }
        if cmd == "step"
            && let Some(n) = c.argv.get(1)
            && n.parse::<u64>().ok().is_none_or(|n| n > 20_000)
        {
            return Err(at(format!("step {} is more than 20000 steps", n)));
        }
        if cmd == "cluster"
            && let Some(n) = flag_value(&c.argv, "--workers")
            && n.parse::<u32>().ok().is_none_or(|n| n > 100)
        {
            return Err(at(format!("--workers {} is more than 100 nodes", n)));
        }
        if let Some(n) = flag_value(&c.argv, "--replicas")
            && n.parse::<u64>().ok().is_none_or(|n| n > 1000)
        {
            return Err(at(format!("--replicas {} is more than 1000", n)));
        }
        if let Some(body) = &c.stdin {
            for l in body.lines() {
                let l = l.trim().trim_start_matches('"');
                if let Some(v) = l
                    .strip_prefix("replicas")
                    .map(|r| r.trim_start_matches('"'))
                {
                    let v = v.trim_start_matches(':').trim().trim_end_matches(',');
                    if v.parse::<u64>().is_ok_and(|n| n > 1000) {
                        return Err(at(format!("replicas: {} is more than 1000", v)));
                    }
                }
            }
        }
    }
    Ok(cmds)
}

fn flag_value<'a>(argv: &'a [String], flag: &str) -> Option<&'a str> {
    let mut it = argv.iter();
    while let Some(a) = it.next() {
        if a == flag {
            return it.next().map(String::as_str);
        }
        if let Some(v) = a.strip_prefix(flag).and_then(|v| v.strip_prefix('=')) {
            return Some(v);
        }
    }
    None
}

/// Seed and version from an exported script's header comment
/// (`# kubestep session: kubestep run FILE --seed 7 --kube-version 1.26`).
pub fn header_config(script: &str) -> (u64, Option<Profile>) {
    let first = script.lines().next().unwrap_or("");
    let Some(rest) = first.strip_prefix("# kubestep session:") else {
        return (0, None);
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let get = |f: &str| {
        words
            .iter()
            .position(|w| *w == f)
            .and_then(|i| words.get(i + 1))
    };
    let seed = get("--seed").and_then(|s| s.parse().ok()).unwrap_or(0);
    (seed, get("--kube-version").and_then(|v| Profile::parse(v)))
}

/// The manifest of the last `kubectl apply -f -` heredoc (what the editor should show
/// after a scenario file is loaded).
pub fn last_manifest(cmds: &[ScriptCommand]) -> Option<String> {
    cmds.iter()
        .rev()
        .find(|c| {
            c.argv
                .get(..2)
                .is_some_and(|a| a[0] == "kubectl" && a[1] == "apply")
                && c.stdin.is_some()
        })
        .and_then(|c| c.stdin.clone())
}

/// A `?scenario=` value that names a same-origin file: a relative path of plain
/// characters ending in `.kss`. Returns why not otherwise.
pub fn check_scenario_path(p: &str) -> Result<(), String> {
    if p.contains("://") || p.starts_with("//") || p.starts_with('/') || p.contains(':') {
        return Err(format!(
            "?scenario= must be a relative path on this site (like scenarios/drain.kss), not {:?}",
            p.chars().take(80).collect::<String>()
        ));
    }
    if p.is_empty()
        || p.len() > 200
        || !p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        || p.split('/').any(|seg| seg == ".." || seg.is_empty())
        || !p.ends_with(".kss")
    {
        return Err(format!(
            "?scenario= must name a .kss file by a plain relative path (letters, digits, - _ . /), not {:?}",
            p.chars().take(80).collect::<String>()
        ));
    }
    Ok(())
}

/// A script being replayed in slices.
pub struct Replay {
    cmds: Vec<ScriptCommand>,
    next: usize,
    settle: Option<(kubestep::engine::SettleJob, ExecOutput)>,
    /// A waiting command being run in slices: its line and its output so far.
    wait: Option<(String, ExecOutput)>,
    step: Option<u64>,
    /// `a shared link`, `scenario file drain.kss`, `your autosaved session`.
    origin: String,
}

impl Replay {
    /// `12 / 40 commands`.
    pub fn progress(&self) -> String {
        format!("{} / {} commands", self.next, self.cmds.len())
    }
}

pub(crate) fn now_ms() -> f64 {
    gloo::utils::window()
        .performance()
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The page runs embedded (`?embed`): no autosave, the URL stays as it is.
pub fn is_embed() -> bool {
    query_param("embed").is_some()
}

fn query_param(name: &str) -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The page's address without fragment and without `?scenario=`/`?embed` (the base of links).
fn page_base() -> String {
    let loc = gloo::utils::window().location();
    format!(
        "{}{}",
        loc.origin().unwrap_or_default(),
        loc.pathname().unwrap_or_default()
    )
}

/// Drop the fragment and `?scenario=` from the address bar, so a reload restores the
/// autosave (with the user's later work) instead of loading the link again.
fn clean_url() {
    if is_embed() {
        return;
    }
    let w = gloo::utils::window();
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page_base()));
    }
}

/// Listen for a pasted link in the same tab (only the fragment changes: no reload).
pub fn listen_hash(ctx: &Context<App>) -> EventListener {
    let link = ctx.link().clone();
    EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
        link.send_message(Msg::Share(ShareMsg::HashChanged))
    })
}

/// What the share dialog, the loaders and the replay tell the app.
pub enum ShareMsg {
    Open,
    Close,
    /// The fragment changed in the address bar.
    HashChanged,
    /// Run the next slice of the replay.
    ReplaySlice,
    /// A scenario script arrived (from a file or `?scenario=`): its name and text.
    LoadScript(String, String),
    /// A load failed: the message to show.
    Failed(String),
    /// Forget the autosave, start the classic demo.
    ResetDemo,
    /// Restore the autosave that a link or file replaced.
    RestorePrevious,
    DismissNotice,
    Copy(String),
    Download,
    /// A file was picked in the file input.
    PickFile(web_sys::File),
}

impl App {
    /// The session as it is shown now.
    pub fn session(&self) -> Session {
        let script = {
            let mut cache = self.script_cache.borrow_mut();
            cache
                .get_or_insert_with(|| self.head.session_script())
                .clone()
        };
        Session {
            script,
            seed: self.head.config.seed,
            profile: self.profile,
            scenario: scenarios::SCENARIOS
                .get(self.scenario)
                .map(|s| s.id.to_string())
                .unwrap_or_default(),
            editor: self.editor.clone(),
            step: self.view.as_ref().map(|v| v.history().len() as u64),
            lang: self.lang.code().to_string(),
        }
    }

    /// Choose what the page opens with: the URL fragment, then `?scenario=`, then the
    /// autosave, then the classic demo (already loaded by `create`).
    pub fn boot(&mut self, ctx: &Context<App>) {
        let hash = gloo::utils::window().location().hash().unwrap_or_default();
        if hash.len() > 1 {
            self.keep_previous();
            clean_url();
            self.open_encoded(ctx, &hash, "this shared link".into());
            return;
        }
        if let Some(p) = query_param("scenario") {
            self.keep_previous();
            clean_url();
            self.fetch_scenario(ctx, p);
            return;
        }
        if is_embed() {
            return;
        }
        if let Some(saved) = local_storage().and_then(|s| s.get_item(AUTOSAVE_KEY).ok().flatten()) {
            self.saved = saved.clone();
            self.open_encoded(ctx, &saved, AUTOSAVE_ORIGIN.into());
        }
    }

    /// A link or file is about to replace the autosave: keep it, to offer it back.
    fn keep_previous(&mut self) {
        if is_embed() {
            return;
        }
        if let Some(st) = local_storage()
            && let Ok(Some(saved)) = st.get_item(AUTOSAVE_KEY)
            // An untouched demo is not worth offering back.
            && decode(&saved).is_ok_and(|s| {
                !(s.script.is_empty() && s.editor == scenarios::SCENARIOS[0].manifest)
            })
        {
            let _ = st.set_item(PREVIOUS_KEY, &saved);
            self.has_previous = true;
        }
    }

    fn open_encoded(&mut self, ctx: &Context<App>, encoded: &str, origin: String) {
        match decode(encoded) {
            Ok(s) => self.start_session(ctx, s, origin),
            Err(e) => self.refuse(format!("Could not open {}: {}.", origin, e)),
        }
    }

    /// Show a refusal and the classic demo.
    fn refuse(&mut self, message: String) {
        self.replay = None;
        self.profile = Profile::V1_32;
        self.load_scenario(0);
        self.script_cache.replace(None);
        self.notice = Some((
            format!("{} Showing the classic demo instead.", message),
            true,
        ));
    }

    /// Start replaying a session (its script first, then the step it looked at).
    pub fn start_session(&mut self, ctx: &Context<App>, s: Session, origin: String) {
        let cmds = match check_script(&s.script) {
            Ok(c) => c,
            Err(e) => return self.refuse(format!("Could not open {}: {}.", origin, e)),
        };
        self.scenario = scenarios::SCENARIOS
            .iter()
            .position(|x| x.id == s.scenario)
            .unwrap_or(0);
        self.reset_session(s.seed, s.profile, s.editor);
        if let Some(l) = kubestep::lang::Lang::parse(&s.lang) {
            self.lang = l;
            self.set_document_lang();
        }
        self.notice = None;
        self.replay = Some(Replay {
            cmds,
            next: 0,
            settle: None,
            wait: None,
            step: s.step,
            origin,
        });
        ctx.link().send_message(Msg::Share(ShareMsg::ReplaySlice));
    }

    fn push_console(&mut self, command: String, out: &ExecOutput) {
        let text: String = out
            .chunks
            .iter()
            .map(|c| match c {
                Chunk::Stdout(s) | Chunk::Stderr(s) => s.as_str(),
                Chunk::Watch { text, .. } => text.as_str(),
                Chunk::Step { .. } => "",
            })
            .collect();
        self.console.push(ConsoleEntry {
            command,
            output: text,
            error: out.exit != 0,
        });
        if self.console.len() > 200 {
            self.console.remove(0);
        }
    }

    /// Run commands of the replay for about 25 ms, then yield to the browser.
    fn replay_slice(&mut self, ctx: &Context<App>) {
        // A session may schedule CronJobs in a time zone: wait for the time-zone database
        // the page fetches at start (www/main.rs), so a replay right after loading gives
        // what it gave when recorded.
        if !crate::TZDB_FETCHED.load(std::sync::atomic::Ordering::Relaxed) {
            let link = ctx.link().clone();
            gloo::timers::callback::Timeout::new(20, move || {
                link.send_message(Msg::Share(ShareMsg::ReplaySlice))
            })
            .forget();
            return;
        }
        let Some(mut r) = self.replay.take() else {
            return;
        };
        let start = now_ms();
        loop {
            if let Some((cmd, mut out)) = r.wait.take() {
                let mut part = ExecOutput::default();
                let done = self.head.wait_slice(300, &mut part);
                out.chunks.extend(part.chunks);
                if part.exit != 0 {
                    out.exit = part.exit;
                }
                if done {
                    self.push_console(cmd, &out);
                } else {
                    r.wait = Some((cmd, out));
                }
            } else if let Some((job, mut out)) = r.settle.take() {
                match self.head.settle_slice(&job, 300, &mut out) {
                    Some(line) => {
                        out.chunks.push(Chunk::Stdout(line));
                        let cmd = r.cmds[r.next - 1].text.clone();
                        self.push_console(cmd, &out);
                    }
                    None => r.settle = Some((job, out)),
                }
            } else if r.next < r.cmds.len() {
                let cmd = r.cmds[r.next].clone();
                r.next += 1;
                if cmd.argv.first().map(String::as_str) == Some("settle") {
                    match self.head.start_settle(&cmd.argv) {
                        Ok(job) => r.settle = Some((job, ExecOutput::default())),
                        Err(e) => self.console.push(ConsoleEntry {
                            command: cmd.text.clone(),
                            output: format!("{}\n", e),
                            error: true,
                        }),
                    }
                } else {
                    let out = kubestep::script::exec_command(&mut self.head, &cmd);
                    if self.head.waiting() {
                        r.wait = Some((cmd.text.clone(), out));
                    } else {
                        self.push_console(cmd.text.clone(), &out);
                    }
                }
            } else {
                return self.finish_replay(r);
            }
            let steps = self.head.history().len() as u64;
            if steps > MAX_REPLAY_STEPS || self.head.cluster().now.0 > MAX_REPLAY_MS {
                return self.refuse(format!(
                    "Could not open {}: replaying it takes more than {} steps or {} hours of virtual time.",
                    r.origin,
                    MAX_REPLAY_STEPS,
                    MAX_REPLAY_MS / 3_600_000
                ));
            }
            if now_ms() - start > 25.0 {
                break;
            }
        }
        self.replay = Some(r);
        let link = ctx.link().clone();
        gloo::timers::callback::Timeout::new(0, move || {
            link.send_message(Msg::Share(ShareMsg::ReplaySlice))
        })
        .forget();
    }

    fn finish_replay(&mut self, r: Replay) {
        self.replay = None;
        self.script_cache.replace(None);
        let total = self.head.history().len() as u64;
        let mut msg = if r.origin == AUTOSAVE_ORIGIN {
            format!(
                "Restored {} ({} commands, {} steps); Share › Reset to demo starts over.",
                r.origin,
                r.cmds.len(),
                total
            )
        } else {
            format!(
                "Opened {}: {} commands replayed, {} steps.",
                r.origin,
                r.cmds.len(),
                total
            )
        };
        if let Some(k) = r.step {
            if k < total {
                self.show_step(k);
                msg.push_str(&format!(" Showing step {}.", k));
            } else if k > total {
                msg.push_str(&format!(
                    " It pointed at step {}, which the replay did not reach.",
                    k
                ));
            }
        }
        // A restored autosave of an untouched demo needs no message.
        self.notice = (!(r.origin == AUTOSAVE_ORIGIN && r.cmds.is_empty())).then_some((msg, false));
    }

    fn fetch_scenario(&mut self, ctx: &Context<App>, path: String) {
        if let Err(e) = check_scenario_path(&path) {
            return self.refuse(format!("Could not load the scenario: {}.", e));
        }
        let loc = gloo::utils::window().location();
        let href = loc.href().unwrap_or_default();
        let origin = loc.origin().unwrap_or_default();
        let url = match web_sys::Url::new_with_base(&path, &href) {
            Ok(u) if u.origin() == origin => u.href(),
            _ => {
                return self.refuse(format!(
                    "Could not load the scenario: {:?} is not on this site.",
                    path
                ));
            }
        };
        self.notice = Some((format!("Loading scenario {} …", path), false));
        let link = ctx.link().clone();
        yew::platform::spawn_local(async move {
            let msg = match gloo::net::http::Request::get(&url).send().await {
                Ok(resp) if resp.ok() => match resp.text().await {
                    Ok(t) if t.len() <= MAX_TEXT => ShareMsg::LoadScript(path, t),
                    Ok(_) => ShareMsg::Failed(format!(
                        "Could not load the scenario {}: it is larger than {} KiB.",
                        path,
                        MAX_TEXT / 1024
                    )),
                    Err(e) => {
                        ShareMsg::Failed(format!("Could not load the scenario {}: {}.", path, e))
                    }
                },
                Ok(resp) => ShareMsg::Failed(format!(
                    "Could not load the scenario {}: the server answered {} {}.",
                    path,
                    resp.status(),
                    resp.status_text()
                )),
                Err(e) => ShareMsg::Failed(format!("Could not load the scenario {}: {}.", path, e)),
            };
            link.send_message(Msg::Share(msg));
        });
    }

    /// Load a scenario script (the `kubestep run` format) as a session.
    fn load_script(&mut self, ctx: &Context<App>, name: String, text: String) {
        if text.contains("explain") {
            crate::load_explain_schemas();
        }
        if text.trim_start().starts_with('<') {
            return self.refuse(format!(
                "Could not load the scenario {}: it is an HTML page, not a script.",
                name
            ));
        }
        let (seed, profile) = header_config(&text);
        let editor = parse_script(&text)
            .ok()
            .and_then(|c| last_manifest(&c))
            .unwrap_or_else(|| self.editor.clone());
        let s = Session {
            script: text,
            seed,
            profile: profile.unwrap_or(self.profile),
            scenario: String::new(),
            editor,
            step: None,
            lang: self.lang.code().to_string(),
        };
        self.start_session(ctx, s, format!("scenario {}", name));
    }

    /// Save the session in localStorage when it changed (not while replaying, not embedded).
    pub fn autosave(&mut self) {
        if self.replay.is_some() || self.settling.is_some() || self.head.waiting() || is_embed() {
            return;
        }
        let enc = encode(&self.session());
        if enc != self.saved
            && let Some(st) = local_storage()
        {
            // A full storage (quota) keeps the old save; nothing else to do.
            let _ = st.set_item(AUTOSAVE_KEY, &enc);
            self.saved = enc;
        }
    }

    /// Handle a [`ShareMsg`]; returns whether to re-render.
    pub fn share_update(&mut self, ctx: &Context<App>, msg: ShareMsg) -> bool {
        match msg {
            ShareMsg::Open => {
                self.share_open = true;
                self.share_copied = None;
            }
            ShareMsg::Close => self.share_open = false,
            ShareMsg::HashChanged => {
                let hash = gloo::utils::window().location().hash().unwrap_or_default();
                if hash.len() > 1 {
                    self.keep_previous();
                    clean_url();
                    self.open_encoded(ctx, &hash, "this shared link".into());
                } else {
                    return false;
                }
            }
            ShareMsg::ReplaySlice => self.replay_slice(ctx),
            ShareMsg::LoadScript(name, text) => {
                self.share_open = false;
                self.load_script(ctx, name, text);
            }
            ShareMsg::Failed(m) => self.refuse(m),
            ShareMsg::ResetDemo => {
                if let Some(st) = local_storage() {
                    let _ = st.remove_item(AUTOSAVE_KEY);
                }
                self.saved.clear();
                self.share_open = false;
                self.replay = None;
                self.settling = None;
                self.profile = Profile::V1_32;
                self.load_scenario(0);
                self.script_cache.replace(None);
                self.notice = None;
            }
            ShareMsg::RestorePrevious => {
                let prev = local_storage().and_then(|s| s.get_item(PREVIOUS_KEY).ok().flatten());
                self.has_previous = false;
                if let Some(p) = prev {
                    self.open_encoded(ctx, &p, "your previous session".into());
                }
            }
            ShareMsg::DismissNotice => self.notice = None,
            ShareMsg::Copy(id) => {
                let text = share_texts(self)
                    .into_iter()
                    .find(|(k, _)| *k == id)
                    .map(|(_, t)| t)
                    .unwrap_or_default();
                let _ = gloo::utils::window()
                    .navigator()
                    .clipboard()
                    .write_text(&text);
                self.share_copied = Some(id);
            }
            ShareMsg::Download => {
                let script = self.session().script;
                let blob = gloo::file::Blob::new_with_options(script.as_str(), Some("text/plain"));
                let url = gloo::file::ObjectUrl::from(blob);
                if let Ok(a) = gloo::utils::document().create_element("a") {
                    let _ = a.set_attribute("href", &url);
                    let _ = a.set_attribute("download", "kubestep-session.kss");
                    if let Ok(a) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a) {
                        a.click();
                    }
                }
                // Let the download start before the URL is revoked.
                gloo::timers::callback::Timeout::new(1000, move || drop(url)).forget();
            }
            ShareMsg::PickFile(file) => {
                let name = file.name();
                if file.size() > MAX_TEXT as f64 {
                    self.notice = Some((
                        format!(
                            "Could not load {}: it is larger than {} KiB.",
                            name,
                            MAX_TEXT / 1024
                        ),
                        true,
                    ));
                    return true;
                }
                let link = ctx.link().clone();
                let file = gloo::file::File::from(file);
                yew::platform::spawn_local(async move {
                    let msg = match gloo::file::futures::read_as_text(&file).await {
                        Ok(t) => ShareMsg::LoadScript(name, t),
                        Err(e) => ShareMsg::Failed(format!("Could not read {}: {}.", name, e)),
                    };
                    link.send_message(Msg::Share(msg));
                });
            }
        }
        true
    }
}

/// The texts the dialog offers: (id, text).
fn share_texts(app: &App) -> Vec<(String, String)> {
    let s = app.session();
    let enc = encode(&s);
    let base = page_base();
    let link = format!("{}#{}", base, enc);
    let iframe = format!(
        "<iframe src=\"{}?embed#{}\" width=\"700\" height=\"450\" style=\"border:1px solid #ccc\" title=\"kubestep\" loading=\"lazy\"></iframe>",
        base, enc
    );
    vec![
        ("share-link".into(), link),
        ("share-embed".into(), iframe),
        ("share-script".into(), s.script),
    ]
}

/// `en` or its Simplified Chinese translation, by the page's language.
fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The Share button for the header.
pub fn button(app: &App, ctx: &Context<App>) -> Html {
    let l = app.lang;
    html! {
        <button id="share" title={tr(l, "Share this session as a link, an embed or a script file", "把当前会话分享为链接、嵌入代码或场景脚本")} onclick={ctx.link().callback(|_| Msg::Share(ShareMsg::Open))}>{ tr(l, "Share", "分享") }</button>
    }
}

/// The notice line, the replay overlay and the share dialog (rendered from the header).
pub fn overlays(app: &App, ctx: &Context<App>) -> Html {
    let link = ctx.link();
    let l = app.lang;
    let notice = match &app.notice {
        Some((m, err)) => html! {
            <div id="notice" class={classes!("notice", err.then_some("error"))} role={if *err {"alert"} else {"status"}}>
                <span>{ m.clone() }</span>
                { if app.has_previous { html!{ <button id="restore-previous" onclick={link.callback(|_| Msg::Share(ShareMsg::RestorePrevious))}>{ tr(l, "Restore my previous session", "恢复我之前的会话") }</button> } } else { html!{} } }
                <button class="close" aria-label="dismiss" onclick={link.callback(|_| Msg::Share(ShareMsg::DismissNotice))}>{"×"}</button>
            </div>
        },
        None => html! {},
    };
    let replay = match &app.replay {
        Some(r) => html! {
            <div class="share-backdrop" id="replaying"><div class="share-dialog small">{ match l { Lang::En => format!("Replaying {} … {}", r.origin, r.progress()), Lang::Zh => format!("正在重放 {} … {}", r.origin, r.progress()) } }</div></div>
        },
        None => html! {},
    };
    html! { <>{ notice }{ replay }{ if app.share_open { dialog(app, ctx) } else { html!{} } }</> }
}

fn dialog(app: &App, ctx: &Context<App>) -> Html {
    let link = ctx.link();
    let l = app.lang;
    let texts = share_texts(app);
    let text = |id: &str| {
        texts
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let (url, iframe, script) = (
        text("share-link"),
        text("share-embed"),
        text("share-script"),
    );
    let copy = |id: &'static str| {
        let copied = app.share_copied.as_deref() == Some(id);
        html! {
            <button class="copy" data-for={id} onclick={link.callback(move |_| Msg::Share(ShareMsg::Copy(id.to_string())))}>{ if copied { tr(l, "Copied ✓", "已复制 ✓") } else { tr(l, "Copy", "复制") } }</button>
        }
    };
    let on_file = link.batch_callback(|ev: Event| {
        let input: web_sys::HtmlInputElement = ev.target_unchecked_into();
        let f = input.files().and_then(|l| l.get(0));
        input.set_value("");
        f.map(|f| Msg::Share(ShareMsg::PickFile(f)))
    });
    let select_all = Callback::from(|ev: FocusEvent| {
        if let Some(t) = ev.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
            t.select();
        } else if let Some(i) = ev.target_dyn_into::<web_sys::HtmlInputElement>() {
            i.select();
        }
    });
    let step = app.shown().history().len();
    html! {
        <div class="share-backdrop" onclick={link.callback(|_| Msg::Share(ShareMsg::Close))}>
            <div class="share-dialog" id="share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <h2 id="share-title">{ tr(l, "Share this session", "分享当前会话") }</h2>
                <p class="hint">{ match l {
                    Lang::En => format!("The link replays every command run so far and opens at step {}. Everything is in the link itself ({} characters); nothing is uploaded.", step, url.len()),
                    Lang::Zh => format!("打开链接会重放到目前为止执行过的所有命令，并停在第 {} 步。全部内容都在链接本身之中（{} 个字符），不会上传任何数据。", step, url.len()),
                } }</p>
                <div class="row"><input id="share-link" readonly=true value={url} onfocus={select_all.clone()} />{ copy("share-link") }</div>
                <h3>{ tr(l, "Embed", "嵌入") }</h3>
                <div class="row"><textarea id="share-embed" readonly=true rows="3" value={iframe} onfocus={select_all.clone()} />{ copy("share-embed") }</div>
                <h3>{ tr(l, "Scenario script", "场景脚本") }</h3>
                <p class="hint">{ tr(l, "The same session as a script: ", "同一会话的脚本形式：") }<code>{"kubestep run kubestep-session.kss"}</code>{ tr(l, " reproduces it.", " 可以完全重现它。") }</p>
                <textarea id="share-script" readonly=true rows="8" value={script} onfocus={select_all} />
                <div class="row buttons">
                    { copy("share-script") }
                    <button id="download-script" onclick={link.callback(|_| Msg::Share(ShareMsg::Download))}>{ tr(l, "Download .kss", "下载 .kss") }</button>
                    <label class="file">{ tr(l, "Load a scenario file… ", "加载场景文件… ") }<input id="scenario-file" type="file" accept=".kss,.sh,.txt,text/plain" onchange={on_file} /></label>
                </div>
                <div class="row buttons end">
                    <button id="reset-demo" title={tr(l, "Forget the autosaved session and start the classic demo again", "丢弃自动保存的会话，重新开始经典演示")} onclick={link.callback(|_| Msg::Share(ShareMsg::ResetDemo))}>{ tr(l, "Reset to demo", "重置为演示") }</button>
                    <button id="share-close" onclick={link.callback(|_| Msg::Share(ShareMsg::Close))}>{ tr(l, "Close", "关闭") }</button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    fn sample() -> Session {
        Session {
            script: "# kubestep session: kubestep run FILE --seed 3 --kube-version 1.26\nkubectl apply -f - <<'EOF'\nkind: Namespace\nEOF\nstep\n".into(),
            seed: 3,
            profile: Profile::V1_26,
            scenario: "classic".into(),
            editor: "kind: Namespace\n".into(),
            step: Some(1),
            lang: "en".into(),
        }
    }

    #[wasm_bindgen_test]
    fn base64url_round_trips_every_length_and_rejects_other_characters() {
        for n in 0..40u8 {
            let data: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            let s = b64url_encode(&data);
            assert!(!s.contains('='));
            assert_eq!(b64url_decode(&s), Some(data));
        }
        assert_eq!(b64url_encode(b"\xfb\xff"), "-_8");
        for bad in ["a+b", "ab/c", "abc=", "a", "<script>", "ab c"] {
            assert_eq!(b64url_decode(bad), None, "{}", bad);
        }
    }

    #[wasm_bindgen_test]
    fn a_session_round_trips_through_a_link_without_its_header_line() {
        let s = sample();
        let enc = encode(&s);
        assert!(enc.starts_with("v1."));
        let back = decode(&format!("#{}", enc)).unwrap();
        assert_eq!(
            back.script,
            "kubectl apply -f - <<'EOF'\nkind: Namespace\nEOF\nstep\n"
        );
        assert_eq!(
            Session {
                script: s.script.clone(),
                ..back
            },
            s
        );
    }

    #[wasm_bindgen_test]
    fn hostile_fragments_are_refused_with_a_reason() {
        let cases: Vec<(String, &str)> = vec![
            (
                "#<script>alert(1)</script>".into(),
                "not a kubestep session link",
            ),
            (format!("#v1.{}", "A".repeat(10 << 20)), "too long"),
            ("#v1.***".into(), "base64url"),
            ("#v2.AAAA".into(), "format v2"),
            ("#v1.AAAA".into(), "deflate"),
            (
                format!(
                    "#v1.{}",
                    b64url_encode(&miniz_oxide::deflate::compress_to_vec(b"{\"s\":1}", 6))
                ),
                "malformed",
            ),
            (
                format!(
                    "#v1.{}",
                    b64url_encode(&miniz_oxide::deflate::compress_to_vec(
                        b"{\"s\":\"\",\"k\":\"1.99\"}",
                        6
                    ))
                ),
                "unknown Kubernetes version",
            ),
            (
                format!(
                    "#v1.{}",
                    b64url_encode(&miniz_oxide::deflate::compress_to_vec(
                        b"{\"s\":\"\",\"k\":\"1.32\",\"lang\":\"<b>\"}",
                        6
                    ))
                ),
                "invalid language",
            ),
        ];
        for (frag, want) in cases {
            let e = decode(&frag).unwrap_err();
            assert!(e.contains(want), "{} → {}", &frag[..frag.len().min(40)], e);
        }
    }

    #[wasm_bindgen_test]
    fn a_decompression_bomb_stops_at_the_output_cap() {
        let zeros = vec![b' '; 20 << 20];
        let packed = miniz_oxide::deflate::compress_to_vec(&zeros, 10);
        let enc = format!("v1.{}", b64url_encode(&packed));
        assert!(enc.len() < MAX_ENCODED, "{}", enc.len());
        let e = decode(&enc).unwrap_err();
        assert!(e.contains("unpacks to more than"), "{}", e);
    }

    #[wasm_bindgen_test]
    fn scripts_with_unknown_commands_or_absurd_values_are_refused() {
        for (script, want) in [
            ("rm -rf /\n", "unknown command \"rm\""),
            ("kubectl get pods\nalert 1\n", "line 2: unknown command"),
            ("step 99999999\n", "more than 20000"),
            ("cluster reset --workers 5000\n", "more than 100 nodes"),
            (
                "kubectl scale deploy/x --replicas=100000\n",
                "more than 1000",
            ),
            (
                "kubectl apply -f - <<'EOF'\nspec:\n  replicas: 50000\nEOF\n",
                "replicas: 50000",
            ),
            ("kubectl 'unterminated\n", "malformed"),
        ] {
            let e = check_script(script).unwrap_err();
            assert!(e.contains(want), "{} → {}", script, e);
        }
        // The autoscaling scenario's commands (the environment's load, an add-on).
        assert!(
            check_script("addon metrics-server\nload deployment/web --cpu 900m --total\n").is_ok()
        );
        assert_eq!(
            check_script(&"step\n".repeat(MAX_COMMANDS)).unwrap().len(),
            MAX_COMMANDS
        );
        assert!(check_script(&"step\n".repeat(MAX_COMMANDS + 1)).is_err());
    }

    #[wasm_bindgen_test]
    fn only_plain_relative_kss_paths_are_fetched() {
        assert!(check_scenario_path("scenarios/drain.kss").is_ok());
        for bad in [
            "https://evil.example/x.kss",
            "//evil.example/x.kss",
            "/etc/x.kss",
            "javascript:alert(1)",
            "../secret.kss",
            "scenarios/x.txt",
            "a b.kss",
            "",
        ] {
            assert!(check_scenario_path(bad).is_err(), "{}", bad);
        }
    }

    #[wasm_bindgen_test]
    fn an_exported_header_gives_seed_and_version() {
        assert_eq!(
            header_config(
                "# kubestep session: kubestep run FILE --seed 7 --kube-version 1.26\nstep\n"
            ),
            (7, Some(Profile::V1_26))
        );
        assert_eq!(header_config("step\n"), (0, None));
    }

    /// The classic demo session (apply + a few steps) makes a short link.
    #[wasm_bindgen_test]
    fn the_classic_demo_link_is_short() {
        let mut e = kubestep::Engine::new(kubestep::EngineConfig::default());
        let cmds = parse_script(&format!(
            "kubectl apply -f - <<'EOF'\n{}EOF\nstep\nstep\nstep\nstep\nstep\n",
            scenarios::CLASSIC
        ))
        .unwrap();
        kubestep::script::run_script(&mut e, &cmds);
        let s = Session {
            script: e.session_script(),
            seed: 0,
            profile: Profile::V1_32,
            scenario: "classic".into(),
            editor: scenarios::CLASSIC.into(),
            step: Some(4),
            lang: "en".into(),
        };
        let enc = encode(&s);
        assert!(enc.len() < 500, "{} characters", enc.len());
        assert_eq!(decode(&enc).unwrap().step, Some(4));
    }
}

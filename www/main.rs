//! The kubestep browser sandbox: a Yew page over the engine. All control-plane behaviour
//! lives in the engine (`kubestep` library); this crate only shows it and forwards input.

mod cache;
mod diff;
mod grid;
mod hpa;
mod i18n;
mod options;
mod scenarios;
mod share;
mod views;
mod vlist;
mod yaml_view;

/// The page's allocator (see Cargo.toml).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use kubestep::object::ObjKey;
use kubestep::{Chunk, Engine, EngineConfig, ExecOutput, Profile};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// One entry of the console's scrollback.
#[derive(Clone, PartialEq)]
pub struct ConsoleEntry {
    pub command: String,
    pub output: String,
    pub error: bool,
}

/// An apply error placed in the editor.
#[derive(Clone, PartialEq)]
pub struct EditorError {
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

pub enum Msg {
    /// Continue a console `settle` running in slices between frames.
    SettleSlice,
    /// Run the next slice of a waiting command.
    WaitSlice,
    /// Interrupt a running `settle` or waiting command (the console's Stop button).
    Stop,
    EditorInput(String),
    Apply,
    Step,
    Back,
    Tick,
    TogglePlay,
    PlayTick,
    Speed(u32),
    Scrub(u64),
    Reset,
    LoadScenario(usize),
    SetProfile(Profile),
    ConsoleInput(String),
    ConsoleRun,
    ConsoleHistory(i32),
    Select(ObjKey),
    /// Show the selected object as it was at this revision (None: as it is now).
    SelectRev(Option<i64>),
    Key(KeyboardEvent),
    /// Run a command line as if typed in the console (buttons: node stop, faults, request).
    Run(String),
    /// Switch the page's language.
    SetLang(kubestep::lang::Lang),
    /// Fault form: kind and image.
    FaultKind(String),
    FaultImage(String),
    /// Share links, autosave, scenario files (www/share.rs).
    Share(share::ShareMsg),
    /// Open the live object in the editor (kubectl edit); Apply then PUTs it.
    EditObject(ObjKey),
    /// The autoscaling panel's total CPU load input.
    LoadCpu(String),
    /// Leave the edit without saving (the editor keeps the text).
    CancelEdit,
    /// Fold or unfold a group of the objects tree (an owner's uid, or `ns:NAME`).
    Toggle(String),
}

pub struct App {
    /// The cluster with its whole history.
    head: Engine,
    /// A rewound copy of `head` being looked at (Back / scrubber); acting on it forks.
    view: Option<Engine>,
    profile: Profile,
    scenario: usize,
    editor: String,
    editor_error: Option<EditorError>,
    apply_result: Option<String>,
    /// The live object the editor holds (`kubectl edit`): its key, `TYPE/NAME` as kubectl
    /// names it, and the resourceVersion it was read at.
    editing: Option<(ObjKey, String, String)>,
    console: Vec<ConsoleEntry>,
    console_input: String,
    console_hist: Vec<String>,
    console_pos: usize,
    /// The console's size when last drawn (entries, bytes): when it changes, its newest
    /// output is scrolled into view, as a terminal does.
    console_drawn: (usize, usize),
    selected: Option<ObjKey>,
    selected_rev: Option<i64>,
    /// The selected object at `selected_rev`, read once when chosen
    /// (`Engine::object_at`: from the watch log, or by rewinding a clone).
    selected_at: Option<(i64, std::sync::Arc<kubestep::object::Object>)>,
    /// A console `settle` in progress: its job and output so far.
    settling: Option<(kubestep::engine::SettleJob, ExecOutput)>,
    play: Option<Interval>,
    speed: u32,
    /// The failure form: `image-pull`, `crash`, `probe readiness`, `probe liveness`.
    fault_kind: String,
    fault_image: String,
    /// Output of the last `request` (shown under the Services).
    last_request: Option<(String, bool)>,
    /// The autoscaling panel's total CPU load (a quantity for `load … --cpu Q --total`).
    load_cpu: String,
    /// The autoscaling charts' series, read incrementally from the head's history
    /// (www/hpa.rs).
    hpa_series: std::cell::RefCell<hpa::Series>,
    /// Query-string options (`?embed`, `panes=`, `autoplay`, `step=`, `theme=`, `demo=` …).
    pub opts: options::UrlOptions,
    /// The page's language (UI strings and step explanations; kubectl output stays as is).
    pub lang: kubestep::lang::Lang,
    _keys: Option<EventListener>,
    // Sharing (www/share.rs).
    /// `head.session_script()`, computed once per change of the op log.
    script_cache: std::cell::RefCell<Option<String>>,
    /// A message line (text, is an error) above the page.
    notice: Option<(String, bool)>,
    share_open: bool,
    /// Which dialog text was just copied.
    share_copied: Option<String>,
    /// A shared session or scenario file being replayed in slices.
    replay: Option<share::Replay>,
    /// The last autosave written (to skip identical writes).
    saved: String,
    /// A link or file replaced an autosave, which can be restored.
    has_previous: bool,
    _hash: Option<EventListener>,
    // What the views keep between frames (www/cache.rs), so a frame reads only what
    // changed.
    /// The events pane's rows.
    pub events_cache: std::rc::Rc<std::cell::RefCell<cache::EventRows>>,
    /// The pod grid's model, with the revision and stopped kubelets it was built for, and
    /// when (ms).
    pub grid_cache:
        std::cell::RefCell<Option<(cache::Mark, Vec<String>, std::rc::Rc<grid::GridModel>, f64)>>,
    /// The objects tree's rows, with the revision and unfolded groups they were built for,
    /// and when (ms).
    pub tree_cache: std::cell::RefCell<
        Option<(
            cache::Mark,
            std::collections::BTreeSet<String>,
            std::rc::Rc<Vec<views::TreeRow>>,
            f64,
        )>,
    >,
    /// The selected object's revisions.
    pub revs_cache: std::cell::RefCell<cache::ObjectRevs>,
    /// Unfolded groups of the objects tree (owner uids, `ns:NAME`).
    pub expanded: std::collections::BTreeSet<String>,
}

impl App {
    fn engine(profile: Profile) -> Engine {
        let mut e = fresh_engine(0, profile);
        // Waiting commands (rollout status, delete, drain, get -w) run in slices.
        e.set_sliced_waits(true);
        e
    }

    /// The engine being shown.
    pub fn shown(&self) -> &Engine {
        self.view.as_ref().unwrap_or(&self.head)
    }

    /// Acting while looking at an earlier step forks a new future from there.
    fn fork(&mut self) {
        self.interrupt();
        self.script_cache.replace(None);
        if let Some(v) = self.view.take() {
            self.head = v;
            self.hpa_series.borrow_mut().rewound(&self.head);
        }
    }

    fn exec(&mut self, line: &str, stdin: Option<&str>) -> ExecOutput {
        self.fork();
        match kubestep::script::split_words(line) {
            Ok(argv) => self.head.exec(&argv, stdin, None),
            Err(e) => ExecOutput {
                exit: 2,
                chunks: vec![Chunk::Stderr(format!("{}\n", e))],
            },
        }
    }

    /// Show step `k` (0..=head's last step).
    fn show_step(&mut self, k: u64) {
        let total = self.head.history().len() as u64;
        if k >= total {
            self.view = None;
            return;
        }
        let mut v = self.head.clone();
        if v.rewind_to(k).is_ok() {
            self.view = Some(v);
        }
    }

    fn step_forward(&mut self) -> bool {
        let cur = self.shown().history().len() as u64;
        let total = self.head.history().len() as u64;
        if cur < total {
            self.show_step(cur + 1);
            return true;
        }
        // Through `exec`, so the step is in the op log (rewinds and share links replay it).
        let before = self.head.history().len();
        self.exec("step", None);
        self.head.history().len() > before
    }

    /// Open the live object in the editor, as `kubectl edit` shows it.
    fn edit_object(&mut self, key: ObjKey) {
        self.view = None;
        let ns = key.namespace.clone();
        match kubestep::kubectl::patch::edit_text(&mut self.head, key.kind, &ns, &key.name) {
            Ok(text) => {
                let rv = self
                    .head
                    .cluster()
                    .store
                    .get_obj(&key)
                    .and_then(|o| o.meta().resource_version.clone())
                    .unwrap_or_default();
                let what = format!("{}/{}", key.kind.qualified_singular(), key.name);
                self.editor = text;
                self.editor_error = None;
                self.apply_result = None;
                self.editing = Some((key, what, rv));
            }
            Err(m) => {
                self.editor_error = Some(EditorError {
                    line: None,
                    column: None,
                    message: m,
                })
            }
        }
    }

    /// Save the edited live object: a PUT with the resourceVersion it was read at.
    fn save_edit(&mut self, what: String) {
        let mut text = self.editor.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let out = self.exec("kubectl replace -f -", Some(&text));
        let stderr = out.stderr();
        self.editor_error = if stderr.is_empty() {
            self.editing = None;
            None
        } else {
            Some(EditorError {
                line: views::line_of_field(&self.editor, &stderr),
                column: None,
                message: stderr.trim_end().to_string(),
            })
        };
        self.apply_result = Some(out.stdout().trim_end().to_string());
        self.console.push(ConsoleEntry {
            command: format!(
                "kubectl replace -f -   {}",
                crate::i18n::from_an_edit(self.lang, &what)
            ),
            output: format!("{}{}", out.stdout(), stderr),
            error: out.exit != 0,
        });
    }

    fn apply(&mut self) {
        if let Some((_, what, _)) = self.editing.clone() {
            if kubestep::apiserver::decode::parse_manifests(&self.editor).is_ok() {
                return self.save_edit(what);
            }
        }
        // Syntax errors are placed at their line and column; nothing is applied.
        if let Err(e) = kubestep::apiserver::decode::parse_manifests(&self.editor) {
            self.editor_error = Some(EditorError {
                line: (e.line > 0).then_some(e.line),
                column: (e.column > 0).then_some(e.column),
                message: e.kubectl_message("STDIN"),
            });
            self.apply_result = None;
            return;
        }
        let mut text = self.editor.clone();
        // As a heredoc would feed it (so the exported script replays it byte for byte).
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let out = self.exec("kubectl apply -f -", Some(&text));
        let stderr = out.stderr();
        self.editor_error = if stderr.is_empty() {
            None
        } else {
            let line = views::line_of_field(&self.editor, &stderr);
            Some(EditorError {
                line,
                column: None,
                message: stderr.trim_end().to_string(),
            })
        };
        self.apply_result = Some(out.stdout().trim_end().to_string());
        self.console.push(ConsoleEntry {
            command: format!(
                "kubectl apply -f -   {}",
                crate::i18n::ui(self.lang, crate::i18n::Ui::FromTheEditor)
            ),
            output: format!("{}{}", out.stdout(), stderr),
            error: out.exit != 0,
        });
    }

    /// Start over with a fresh engine (`seed`, `profile`) and `editor` in the editor:
    /// everything a session holds is dropped, including a sliced `settle` in progress (its
    /// next slice finds nothing to do) and playback.
    pub(crate) fn reset_session(&mut self, seed: u64, profile: Profile, editor: String) {
        self.profile = profile;
        self.head = fresh_engine(seed, profile);
        self.head.set_sliced_waits(true);
        self.script_cache.replace(None);
        self.hpa_series.replace(Default::default());
        self.view = None;
        self.editor = editor;
        self.editor_error = None;
        self.editing = None;
        self.apply_result = None;
        self.console.clear();
        self.selected = None;
        self.selected_rev = None;
        self.settling = None;
        self.play = None;
        self.last_request = None;
        self.fault_image = views::first_image(&self.editor).unwrap_or_default();
    }

    fn load_scenario(&mut self, i: usize) {
        let i = i.min(scenarios::SCENARIOS.len() - 1);
        self.scenario = i;
        self.reset_session(
            0,
            self.profile,
            scenarios::SCENARIOS[i].manifest.to_string(),
        );
        // Some scenarios start from a prepared cluster (a fault armed, a Service applied).
        for line in scenarios::SCENARIOS[i].setup {
            let (cmd, stdin) = match line.split_once('\n') {
                Some((c, body)) => (c, Some(body)),
                None => (*line, None),
            };
            let out = self.exec(cmd, stdin);
            self.console.push(ConsoleEntry {
                command: cmd.to_string(),
                output: format!("{}{}", out.stdout(), out.stderr()),
                error: out.exit != 0,
            });
        }
    }
}

impl App {
    /// `<html lang>` and the document title follow the page's language.
    fn set_document_lang(&self) {
        let doc = gloo::utils::document();
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", self.lang.code());
        }
        doc.set_title(crate::i18n::ui(self.lang, crate::i18n::Ui::PageTitle));
    }

    /// Stop a sliced `settle` or waiting command (as Ctrl-C would) before anything else
    /// acts on the engine; its console entry says so.
    fn interrupt(&mut self) {
        let mut out = ExecOutput::default();
        if let Some((job, _)) = self.settling.take() {
            self.head.stop_settle(&job, &mut out);
        } else if self.head.waiting() {
            self.head.stop_wait(&mut out);
        } else {
            return;
        }
        if let Some(last) = self.console.last_mut() {
            if !last.output.is_empty() && !last.output.ends_with('\n') {
                last.output.push('\n');
            }
            last.output.push_str(&crate::views::chunk_text(&out));
            last.error = true;
        }
    }

    /// Run one console line: `settle` and waiting commands in slices between frames,
    /// anything else at once.
    fn run_line(&mut self, ctx: &Context<Self>, line: String) {
        let argv = kubestep::script::split_words(&line).unwrap_or_default();
        // `settle` can be long: run it in slices so the page keeps drawing.
        if argv.first().map(String::as_str) == Some("settle") {
            self.fork();
            match self.head.start_settle(&argv) {
                Ok(job) => {
                    self.console.push(ConsoleEntry {
                        command: line,
                        output: String::new(),
                        error: false,
                    });
                    self.settling = Some((job, ExecOutput::default()));
                    ctx.link().send_message(Msg::SettleSlice);
                }
                Err(e) => self.console.push(ConsoleEntry {
                    command: line,
                    output: format!("{}\n", e),
                    error: true,
                }),
            }
            return;
        }
        let out = self.exec(&line, None);
        let text: String = out
            .chunks
            .iter()
            .map(|c| match c {
                Chunk::Stdout(s) | Chunk::Stderr(s) => s.as_str(),
                Chunk::Watch { text, .. } => text.as_str(),
                Chunk::Step { .. } => "",
            })
            .collect();
        if argv.first().map(String::as_str) == Some("request") {
            self.last_request = Some((text.clone(), out.exit != 0));
        }
        self.console.push(ConsoleEntry {
            command: line,
            output: text,
            error: out.exit != 0,
        });
        if self.console.len() > 200 {
            self.console.remove(0);
        }
        if self.head.waiting() {
            ctx.link().send_message(Msg::WaitSlice);
        }
    }
}

/// The time-zone database's fetch has ended (installed, or failed: then zones stay
/// unknown).
pub static TZDB_FETCHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

thread_local! {
    /// Freshly built engines by seed and profile: building one bootstraps kube-system (a
    /// tenth of a second in wasm), and the page needs one at start, at every scenario load
    /// and Reset; a clone of the cluster's persistent maps costs next to nothing.
    static FRESH: std::cell::RefCell<Vec<(u64, Profile, Engine)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A new engine for `seed` and `profile`, as `Engine::new` makes it.
fn fresh_engine(seed: u64, profile: Profile) -> Engine {
    FRESH.with(|f| {
        let mut f = f.borrow_mut();
        if let Some((_, _, e)) = f.iter().find(|(s, p, _)| *s == seed && *p == profile) {
            return e.clone();
        }
        let e = Engine::new(EngineConfig { seed, profile });
        // A few are enough (the seeds of shared links vary; the default is 0).
        if f.len() >= 4 {
            f.remove(0);
        }
        f.push((seed, profile, e.clone()));
        e
    })
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let profile = Profile::V1_32;
        let mut app = App {
            head: App::engine(profile),
            view: None,
            profile,
            scenario: 0,
            editor: String::new(),
            editor_error: None,
            editing: None,
            apply_result: None,
            console: vec![],
            console_input: String::new(),
            console_hist: vec![],
            console_pos: 0,
            console_drawn: (0, 0),
            selected: None,
            selected_rev: None,
            selected_at: None,
            settling: None,
            play: None,
            speed: 4,
            fault_kind: "crash".into(),
            fault_image: String::new(),
            last_request: None,
            load_cpu: "900m".into(),
            hpa_series: Default::default(),
            opts: options::UrlOptions::parse(
                &gloo::utils::window()
                    .location()
                    .search()
                    .unwrap_or_default(),
            ),
            lang: kubestep::lang::Lang::En,
            _keys: None,
            script_cache: Default::default(),
            notice: None,
            share_open: false,
            share_copied: None,
            replay: None,
            saved: String::new(),
            has_previous: false,
            _hash: None,
            events_cache: Default::default(),
            grid_cache: Default::default(),
            tree_cache: Default::default(),
            revs_cache: Default::default(),
            expanded: Default::default(),
        };
        // kubectl's help texts are a file of their own (kubestep::kubectl::help): fetched
        // once, in the background, so the page does not carry them in its wasm.
        yew::platform::spawn_local(async {
            if let Ok(resp) = gloo::net::http::Request::get("kubectl-help.txt")
                .send()
                .await
            {
                if resp.ok() {
                    if let Ok(text) = resp.text().await {
                        kubestep::kubectl::help::install(text);
                    }
                }
            }
        });
        // The IANA time-zone database for CronJobs' `timeZone` (kubestep::tzdata), a file
        // of its own like the help texts; replays wait for it (TZDB_FETCHED).
        yew::platform::spawn_local(async {
            if let Ok(resp) = gloo::net::http::Request::get("tzdb.bin").send().await
                && resp.ok()
                && let Ok(bytes) = resp.binary().await
                && let Err(e) = kubestep::tzdata::install(bytes)
            {
                gloo::console::warn!(e);
            }
            TZDB_FETCHED.store(true, std::sync::atomic::Ordering::Relaxed);
        });
        // ?lang= first, else the browser's languages.
        app.lang = match app
            .opts
            .lang
            .as_deref()
            .and_then(kubestep::lang::Lang::parse)
        {
            Some(l) => l,
            None => {
                let langs: Vec<String> = gloo::utils::window()
                    .navigator()
                    .languages()
                    .iter()
                    .filter_map(|v| v.as_string())
                    .collect();
                kubestep::lang::Lang::from_browser(&langs)
            }
        };
        app.set_document_lang();
        let first = app
            .opts
            .demo
            .as_deref()
            .and_then(|id| scenarios::SCENARIOS.iter().position(|s| s.id == id))
            .unwrap_or(0);
        app.load_scenario(first);
        if let Some(theme) = &app.opts.theme
            && let Some(root) = gloo::utils::document().document_element()
        {
            let _ = root.set_attribute("data-theme", theme);
        }
        if let Some(s) = app.opts.speed {
            app.speed = s;
        }
        // A share link or ?scenario= replaces the demo; so does the autosave, unless the URL
        // names a demo (a blog's player) or this is an embed.
        let loc = gloo::utils::window().location();
        let linked = loc.hash().unwrap_or_default().len() > 1
            || loc.search().unwrap_or_default().contains("scenario=");
        if linked || (app.opts.demo.is_none() && !app.opts.embed) {
            app.boot(ctx);
        } else {
            if app.opts.apply {
                app.apply();
            }
            for _ in 0..app.opts.step {
                if !app.step_forward() {
                    break;
                }
            }
        }
        app
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render && self.opts.autoplay {
            ctx.link().send_message(Msg::TogglePlay);
        }
        if first_render {
            let link = ctx.link().clone();
            let doc = gloo::utils::document();
            self._keys = Some(EventListener::new(&doc, "keydown", move |e| {
                if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                    link.send_message(Msg::Key(k.clone()));
                }
            }));
            self._hash = Some(share::listen_hash(ctx));
        }
        // A new entry, or a drain or settle still writing to the last one: scroll to the end.
        let drawn = (
            self.console.len(),
            self.console
                .iter()
                .map(|c| c.command.len() + c.output.len())
                .sum(),
        );
        if drawn != self.console_drawn {
            self.console_drawn = drawn;
            if let Some(el) = gloo::utils::document().get_element_by_id("console-output") {
                el.set_scroll_top(el.scroll_height());
            }
        }
        self.autosave();
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        // While a shared session replays, only its own messages run.
        if self.replay.is_some() && !matches!(msg, Msg::Share(_)) {
            return false;
        }
        match msg {
            Msg::Share(m) => return self.share_update(ctx, m),
            Msg::EditorInput(s) => {
                self.editor = s;
                self.editor_error = None;
            }
            Msg::Apply => self.apply(),
            Msg::Step => {
                self.step_forward();
            }
            Msg::Back => {
                let cur = self.shown().history().len() as u64;
                if cur > 0 {
                    self.show_step(cur - 1);
                }
            }
            Msg::Tick => {
                self.exec("tick 1s", None);
            }
            Msg::TogglePlay => {
                if self.play.is_some() {
                    self.play = None;
                } else {
                    let link = ctx.link().clone();
                    let ms = 1000 / self.speed.max(1);
                    self.play = Some(Interval::new(ms, move || link.send_message(Msg::PlayTick)));
                }
            }
            Msg::PlayTick => {
                if !self.step_forward() {
                    self.play = None;
                }
            }
            Msg::Speed(s) => {
                self.speed = s.clamp(1, 60);
                if self.play.is_some() {
                    let link = ctx.link().clone();
                    let ms = 1000 / self.speed;
                    self.play = Some(Interval::new(ms, move || link.send_message(Msg::PlayTick)));
                }
            }
            Msg::Scrub(k) => self.show_step(k),
            Msg::Reset => self.load_scenario(self.scenario),
            Msg::LoadScenario(i) => self.load_scenario(i),
            Msg::SetProfile(p) => {
                self.profile = p;
                self.load_scenario(self.scenario);
            }
            Msg::ConsoleInput(s) => {
                // kubectl explain's schemas (63 KB gzip) load when a command starts to
                // name explain, so that no other visit pays for them.
                if s.contains("explain") {
                    load_explain_schemas();
                }
                self.console_input = s;
            }
            Msg::ConsoleRun => {
                let line = self.console_input.trim().to_string();
                if line.is_empty() {
                    return false;
                }
                self.console_hist.push(line.clone());
                self.console_pos = self.console_hist.len();
                self.console_input.clear();
                self.run_line(ctx, line);
            }
            Msg::Run(line) => self.run_line(ctx, line),
            Msg::SetLang(l) => {
                self.lang = l;
                self.set_document_lang();
            }
            Msg::FaultKind(k) => self.fault_kind = k,
            Msg::FaultImage(i) => self.fault_image = i,
            Msg::LoadCpu(q) => self.load_cpu = q,
            Msg::SettleSlice => {
                let Some((job, mut out)) = self.settling.take() else {
                    return false;
                };
                // About 150 ms of steps per slice (the page draws between slices, and a
                // frame costs what is visible, so drawing stays a small part of a settle).
                let start = crate::share::now_ms();
                let mut result = self.head.settle_slice(&job, 500, &mut out);
                while result.is_none() && crate::share::now_ms() - start < 150.0 {
                    result = self.head.settle_slice(&job, 500, &mut out);
                }
                match result {
                    Some(line) => {
                        if let Some(last) = self.console.last_mut() {
                            last.output = line;
                        }
                    }
                    None => {
                        if let Some(last) = self.console.last_mut() {
                            last.output = crate::i18n::settling(
                                self.lang,
                                self.head.history().len() as u64,
                                &self.head.cluster().now.clock(),
                            );
                        }
                        self.settling = Some((job, out));
                        // Yield to the browser so it can paint, then continue.
                        let link = ctx.link().clone();
                        gloo::timers::callback::Timeout::new(0, move || {
                            link.send_message(Msg::SettleSlice)
                        })
                        .forget();
                    }
                }
            }
            Msg::WaitSlice => {
                if !self.head.waiting() {
                    return false;
                }
                // About a frame's worth of steps, then let the browser paint.
                let mut out = ExecOutput::default();
                let start = crate::share::now_ms();
                let mut done = false;
                while !done && crate::share::now_ms() - start < 12.0 {
                    done = self.head.wait_slice(50, &mut out);
                }
                if let Some(last) = self.console.last_mut() {
                    last.output.push_str(&crate::views::chunk_text(&out));
                    if out.exit != 0 {
                        last.error = true;
                    }
                }
                if !done {
                    // Yield to the browser so it can paint (and take a Stop), then go on.
                    let link = ctx.link().clone();
                    gloo::timers::callback::Timeout::new(0, move || {
                        link.send_message(Msg::WaitSlice)
                    })
                    .forget();
                }
            }
            Msg::Stop => self.interrupt(),
            Msg::ConsoleHistory(d) => {
                let n = self.console_hist.len() as i32;
                let p = (self.console_pos as i32 + d).clamp(0, n);
                self.console_pos = p as usize;
                self.console_input = self
                    .console_hist
                    .get(p as usize)
                    .cloned()
                    .unwrap_or_default();
            }
            Msg::Select(k) => {
                // A pod chosen in the grid unfolds its owner's pods in the tree.
                if let Some(o) = self.shown().cluster().store.get_obj(&k).cloned() {
                    for r in o.meta().owner_references.iter().flatten() {
                        self.expanded.insert(r.uid.clone());
                    }
                    if crate::views::is_system(o.namespace()) {
                        self.expanded.insert(format!("ns:{}", o.namespace()));
                    }
                }
                self.selected = Some(k);
                self.selected_rev = None;
            }
            Msg::Toggle(g) => {
                if !self.expanded.remove(&g) {
                    self.expanded.insert(g);
                }
            }
            Msg::SelectRev(r) => {
                self.selected_rev = r;
                self.selected_at = match (r, &self.selected) {
                    (Some(rev), Some(k)) => self.shown().object_at(k, rev).map(|o| (rev, o)),
                    _ => None,
                };
            }
            Msg::EditObject(k) => self.edit_object(k),
            Msg::CancelEdit => self.editing = None,
            Msg::Key(e) => {
                let tag = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|el| el.tag_name())
                    .unwrap_or_default();
                if matches!(tag.as_str(), "TEXTAREA" | "INPUT" | "SELECT") {
                    return false;
                }
                match (e.key().as_str(), e.shift_key()) {
                    (" ", _) => {
                        e.prevent_default();
                        return Component::update(self, ctx, Msg::TogglePlay);
                    }
                    ("ArrowRight", true) => return Component::update(self, ctx, Msg::Tick),
                    ("ArrowRight", false) => return Component::update(self, ctx, Msg::Step),
                    ("ArrowLeft", _) => return Component::update(self, ctx, Msg::Back),
                    _ => return false,
                }
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        views::page(self, ctx)
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    async fn settle_render() {
        gloo::timers::future::sleep(std::time::Duration::from_millis(50)).await;
    }

    #[wasm_bindgen_test]
    async fn the_page_opens_on_the_classic_demo_and_applies_it() {
        let doc = gloo::utils::document();
        let root = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<App>::with_root(root.clone()).render();
        settle_render().await;
        let editor: web_sys::HtmlTextAreaElement =
            doc.get_element_by_id("editor").unwrap().dyn_into().unwrap();
        assert!(editor.value().contains("name: newkubia"));
        let apply: web_sys::HtmlElement =
            doc.get_element_by_id("apply").unwrap().dyn_into().unwrap();
        apply.click();
        settle_render().await;
        let result = doc
            .get_element_by_id("apply-result")
            .unwrap()
            .text_content()
            .unwrap();
        assert!(
            result.contains("deployment.apps/newkubia created"),
            "{}",
            result
        );
        let step: web_sys::HtmlElement = doc.get_element_by_id("step").unwrap().dyn_into().unwrap();
        step.click();
        settle_render().await;
        let explain = doc
            .get_element_by_id("explain")
            .unwrap()
            .text_content()
            .unwrap();
        assert!(explain.contains("deployment-controller"), "{}", explain);
        root.remove();
    }

    fn transcript(script: &str, profile: Profile) -> String {
        let cmds = kubestep::script::parse_script(script).unwrap();
        let mut e = Engine::new(EngineConfig { seed: 0, profile });
        e.set_step_lines(true);
        kubestep::script::run_script(&mut e, &cmds).to_text()
    }

    /// Reset (or loading a scenario) while a console `settle` runs in slices stops it: the
    /// fresh session stays at step 0 and the console shows no settle output.
    #[wasm_bindgen_test]
    async fn loading_a_scenario_stops_a_settle_in_progress() {
        let doc = gloo::utils::document();
        let root = doc.create_element("div").unwrap();
        doc.body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<App>::with_root(root.clone()).render();
        settle_render().await;
        let click = |id: &str| {
            let b: web_sys::HtmlElement = doc.get_element_by_id(id).unwrap().dyn_into().unwrap();
            b.click();
        };
        click("apply");
        settle_render().await;
        let input: web_sys::HtmlInputElement = doc
            .get_element_by_id("console")
            .unwrap()
            .dyn_into()
            .unwrap();
        input.set_value("settle --timeout 24h");
        input
            .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
            .unwrap();
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        let enter =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        input.dispatch_event(&enter).unwrap();
        // The first slice runs; reset before the settle can finish.
        click("reset");
        gloo::timers::future::sleep(std::time::Duration::from_millis(400)).await;
        let stepno = doc
            .get_element_by_id("stepno")
            .unwrap()
            .text_content()
            .unwrap();
        assert!(stepno.contains("0 / 0"), "{}", stepno);
        let body = root.text_content().unwrap();
        assert!(!body.contains("settled in"), "the settle went on: {}", body);
        root.remove();
    }

    /// Same script and seed ⇒ byte-identical transcript natively (the golden files are
    /// written by native runs) and here in wasm32.
    #[wasm_bindgen_test]
    fn wasm_transcripts_equal_the_native_golden_files() {
        // What the page fetches at start (cronjob.kss runs a CronJob in Asia/Tokyo).
        kubestep::tzdata::install(include_bytes!("tzdb.bin").to_vec()).unwrap();
        let cases = [
            (
                include_str!("../scenarios/classic-demo.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/classic-demo.txt"),
            ),
            (
                include_str!("../scenarios/classic-demo.kss"),
                Profile::V1_26,
                include_str!("../tests/golden/classic-demo.v1.26.txt"),
            ),
            (
                include_str!("../scenarios/rolling-update.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/rolling-update.txt"),
            ),
            (
                include_str!("../scenarios/unschedulable.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/unschedulable.txt"),
            ),
            (
                include_str!("../scenarios/node-failure.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/node-failure.txt"),
            ),
            (
                include_str!("../scenarios/crashloop.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/crashloop.txt"),
            ),
            (
                include_str!("../scenarios/service.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/service.txt"),
            ),
            (
                include_str!("../scenarios/cronjob.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/cronjob.txt"),
            ),
            (
                include_str!("../scenarios/statefulset.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/statefulset.txt"),
            ),
            (
                include_str!("../scenarios/hpa.kss"),
                Profile::V1_32,
                include_str!("../tests/golden/hpa.txt"),
            ),
        ];
        for (script, profile, golden) in cases {
            assert_eq!(transcript(script, profile), golden);
        }
    }

    #[wasm_bindgen_test]
    fn validation_errors_point_at_the_field_line() {
        let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: -1\n";
        let err = "The Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0";
        assert_eq!(views::line_of_field(yaml, err), Some(6));
        let err = "strict decoding error: unknown field \"metadata.nmae\"";
        assert_eq!(views::line_of_field("metadata:\n  nmae: x\n", err), Some(2));
    }
}

/// Fetch `openapi-schemas.json` (the served kinds' OpenAPI schemas, for kubectl explain)
/// once, in the background, and hand it to the engine.
fn load_explain_schemas() {
    static STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if STARTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    yew::platform::spawn_local(async {
        let mut loaded = false;
        if let Ok(resp) = gloo::net::http::Request::get("openapi-schemas.json")
            .send()
            .await
        {
            if resp.ok() {
                if let Ok(text) = resp.text().await {
                    kubestep::apiserver::rest::openapi::install_schemas(&text);
                    loaded = true;
                }
            }
        }
        // A failed fetch (offline before the first use) is tried again next time.
        if !loaded {
            STARTED.store(false, std::sync::atomic::Ordering::Relaxed);
        }
    });
}

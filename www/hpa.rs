//! The autoscaling panel: for each HorizontalPodAutoscaler, `kubectl get hpa`'s line, a
//! control that sets its Deployment's total CPU load (the console's `load` command, so it
//! lands in the op log like anything typed), and a chart of the Deployment's replicas and
//! the CPU utilization the HPA read, over virtual time.
//!
//! The chart's series come from the step records: every write to an HPA or a Deployment,
//! read back from the store's watch log. [`Series`] reads each step once (it keeps how far
//! it got and checks that the history it read is still the head's), so a render costs the
//! steps recorded since the last one, not the whole history. Looking back at an earlier
//! step shows the points up to that step.

use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use kubestep::Engine;
use kubestep::lang::Lang;
use kubestep::object::{Kind, Object};
use kubestep::runtime::step::StepRecord;
use kubestep::store::WatchType;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{self, Ui};
use crate::{App, Msg};

/// One point of an HPA's chart: the values from step `step` (at `t`, virtual ms) on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub t: i64,
    pub step: u64,
    /// The Deployment's spec.replicas and status.readyReplicas.
    pub replicas: Option<i32>,
    pub ready: Option<i32>,
    /// The CPU utilization (percent of request) in the HPA's status.
    pub util: Option<i32>,
}

impl Point {
    fn same_values(&self, o: &Point) -> bool {
        (self.replicas, self.ready, self.util) == (o.replicas, o.ready, o.util)
    }
}

/// Points kept per HPA; past it, every other older point is dropped.
const CAP: usize = 400;

#[derive(Clone, Debug, Default)]
struct Track {
    /// The HPA's namespace and name.
    ns: String,
    name: String,
    /// The Deployment the HPA scales (None for another kind).
    target: Option<String>,
    util: Option<i32>,
    points: Vec<Point>,
}

/// The chart series of every HPA, read incrementally from the head's step records.
#[derive(Clone, Debug, Default)]
pub struct Series {
    /// Steps read, and the identity of the last one (index, time, revision).
    read: usize,
    last: Option<(u64, i64, i64)>,
    /// Every Deployment's namespace, name and (spec.replicas, status.readyReplicas) as of
    /// the steps read. (Vectors searched in order rather than maps: a cluster has few, and
    /// the page's code stays smaller.)
    deployments: Vec<(String, String, (i32, i32))>,
    tracks: Vec<Track>,
}

fn sig(r: &StepRecord) -> (u64, i64, i64) {
    (r.index, r.time.0, r.revision)
}

/// The CPU utilization an HPA last read (`status.currentMetrics`, Resource cpu).
pub fn cpu_utilization(h: &HorizontalPodAutoscaler) -> Option<i32> {
    h.status
        .as_ref()?
        .current_metrics
        .as_ref()?
        .iter()
        .filter(|m| m.type_ == "Resource")
        .filter_map(|m| m.resource.as_ref())
        .find(|r| r.name == "cpu")?
        .current
        .average_utilization
}

/// The HPA's CPU target (`spec.metrics`, Resource cpu, Utilization).
pub fn cpu_target(h: &HorizontalPodAutoscaler) -> Option<i32> {
    h.spec
        .as_ref()?
        .metrics
        .as_ref()?
        .iter()
        .filter(|m| m.type_ == "Resource")
        .filter_map(|m| m.resource.as_ref())
        .find(|r| r.name == "cpu")?
        .target
        .average_utilization
}

/// The Deployment an HPA scales.
fn target_deployment(h: &HorizontalPodAutoscaler) -> Option<String> {
    let r = &h.spec.as_ref()?.scale_target_ref;
    (r.kind == "Deployment").then(|| r.name.clone())
}

fn deployment_counts(o: &Object) -> Option<(i32, i32)> {
    let d = o.as_deployment()?;
    Some((
        d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1),
        d.status
            .as_ref()
            .and_then(|s| s.ready_replicas)
            .unwrap_or(0),
    ))
}

impl Series {
    /// Read the steps `e` (the head) recorded since the last call. A history that is no
    /// longer the one read (a new session) is read again from its start.
    pub fn catch_up(&mut self, e: &Engine) {
        let h = e.history();
        let same =
            self.read <= h.len() && (self.read == 0 || h.get(self.read - 1).map(sig) == self.last);
        if !same {
            *self = Series::default();
        }
        let store = &e.cluster().store;
        // Only the records added since the last call (indexing the persistent vector is
        // O(log n); skipping through an iterator would walk the whole history).
        for rec in (self.read..h.len()).filter_map(|i| h.get(i)) {
            for w in &rec.writes {
                if !matches!(w.kind, Kind::HorizontalPodAutoscaler | Kind::Deployment) {
                    continue;
                }
                // Compacted away (only in very long sessions): the point is skipped.
                let Some(ev) = store.change_at(w.rev) else {
                    continue;
                };
                let (ns, name) = (&w.namespace, &w.name);
                let gone = ev.ty == WatchType::Deleted;
                if w.kind == Kind::Deployment {
                    self.deployments.retain(|d| (&d.0, &d.1) != (ns, name));
                    if let Some(c) = deployment_counts(&ev.obj).filter(|_| !gone) {
                        self.deployments.push((ns.clone(), name.clone(), c));
                    }
                    for i in 0..self.tracks.len() {
                        let t = &self.tracks[i];
                        if &t.ns == ns && t.target.as_ref() == Some(name) {
                            self.record(i, rec, e);
                        }
                    }
                } else if let Some(hpa) = ev.obj.as_hpa().filter(|_| !gone) {
                    let i = match self
                        .tracks
                        .iter()
                        .position(|t| (&t.ns, &t.name) == (ns, name))
                    {
                        Some(i) => i,
                        None => {
                            self.tracks.push(Track {
                                ns: ns.clone(),
                                name: name.clone(),
                                ..Track::default()
                            });
                            self.tracks.len() - 1
                        }
                    };
                    let t = &mut self.tracks[i];
                    // A new object of that name starts a new chart.
                    if ev.ty == WatchType::Added {
                        t.points.clear();
                    }
                    t.target = target_deployment(hpa);
                    t.util = cpu_utilization(hpa);
                    self.record(i, rec, e);
                }
            }
        }
        self.read = h.len();
        self.last = h.last().map(sig);
    }

    /// A point for track `i` at step `rec`, unless nothing changed since the last one.
    fn record(&mut self, i: usize, rec: &StepRecord, e: &Engine) {
        let t = &mut self.tracks[i];
        let counts = t.target.as_ref().and_then(|d| {
            self.deployments
                .iter()
                .find(|x| x.0 == t.ns && &x.1 == d)
                .map(|x| x.2)
                // A Deployment no step has written yet (made before the history began).
                .or_else(|| deployment_counts(&*e.cluster().get(Kind::Deployment, &t.ns, d)?))
        });
        let p = Point {
            t: rec.time.0,
            step: rec.index,
            replicas: counts.map(|c| c.0),
            ready: counts.map(|c| c.1),
            util: t.util,
        };
        if t.points.last().is_some_and(|l| l.same_values(&p)) {
            return;
        }
        t.points.push(p);
        if t.points.len() > CAP {
            let last = t.points[t.points.len() - 1];
            let mut i = 0;
            t.points.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            if t.points.last() != Some(&last) {
                t.points.push(last);
            }
        }
    }

    /// The head was rewound to an earlier step and acted from there (a fork): keep the
    /// points up to that step and take the rest of the state from its store.
    pub fn rewound(&mut self, e: &Engine) {
        let k = e.history().len();
        if k > self.read {
            *self = Series::default();
            return;
        }
        let c = e.cluster();
        self.deployments = c
            .store
            .list(Kind::Deployment, None)
            .iter()
            .filter_map(|o| {
                Some((
                    o.namespace().to_string(),
                    o.name().to_string(),
                    deployment_counts(o)?,
                ))
            })
            .collect();
        for t in self.tracks.iter_mut() {
            t.points.retain(|p| p.step <= k as u64);
            if let Some(o) = c.get(Kind::HorizontalPodAutoscaler, &t.ns, &t.name)
                && let Some(h) = o.as_hpa()
            {
                t.target = target_deployment(h);
                t.util = cpu_utilization(h);
            }
        }
        self.read = k;
        self.last = e.history().last().map(sig);
    }

    /// HPA `key`'s points up to step `upto`.
    pub fn points(&self, ns: &str, name: &str, upto: u64) -> Vec<Point> {
        self.tracks
            .iter()
            .find(|t| t.ns == ns && t.name == name)
            .map(|t| {
                let n = t.points.partition_point(|p| p.step <= upto);
                t.points[..n].to_vec()
            })
            .unwrap_or_default()
    }
}

/// The panel: one block per HorizontalPodAutoscaler of the shown state.
pub fn panel(app: &App, ctx: &Context<App>) -> Html {
    let e = app.shown();
    let c = e.cluster();
    let hpas = c.store.list(Kind::HorizontalPodAutoscaler, None);
    if hpas.is_empty() {
        return html! {};
    }
    app.hpa_series.borrow_mut().catch_up(&app.head);
    let series = app.hpa_series.borrow();
    let upto = e.history().len() as u64;
    let link = ctx.link();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    let on_cpu = link.callback(|ev: InputEvent| {
        Msg::LoadCpu(ev.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <div class="hpas" id="hpas">
            <div class="gtitle">{ t(Ui::AutoscalersTitle) }</div>
            { for hpas.iter().filter_map(|o| Some((o, o.as_hpa()?))).map(|(o, h)| {
                let ns = o.namespace().to_string();
                let name = o.name().to_string();
                let cells = kubestep::printers::table_row(o, &Default::default(), c.now);
                let state = i18n::hpa_state(lang, &cells[2], &cells[5], &cells[3], &cells[4]);
                let target = target_deployment(h);
                let dep = target.as_ref().and_then(|d| c.get(Kind::Deployment, &ns, d));
                let counts = dep.as_deref().and_then(deployment_counts);
                let mut pts = series.points(&ns, &name, upto);
                // The shown state itself, at the shown time.
                let now = Point {
                    t: c.now.0,
                    step: upto,
                    replicas: counts.map(|c| c.0),
                    ready: counts.map(|c| c.1),
                    util: cpu_utilization(h),
                };
                pts.push(now);
                let max_replicas = h.spec.as_ref().map_or(1, |s| s.max_replicas);
                let controls = match &target {
                    Some(d) => {
                        let nsflag = if ns == "default" { String::new() } else { format!(" -n {}", ns) };
                        let rule_name = format!("deployment/{}", d);
                        let rule = c.load.rules.iter().rev().find(|r| r.name == rule_name && r.namespace == ns);
                        let current = match rule.and_then(|r| Some((r.cpu.as_ref()?, r.total))) {
                            Some((cpu, total)) => i18n::load_now(lang, &kubestep::load::fmt_milli(cpu.at(c.now)), total),
                            None => t(Ui::NoLoad).to_string(),
                        };
                        let q = app.load_cpu.trim().to_string();
                        let set = format!("load {}{} --cpu {} --total", rule_name, nsflag, q);
                        let clear = format!("load clear {}{}", rule_name, nsflag);
                        let title = i18n::load_title(lang, &format!("load {}{} --cpu Q --total", rule_name, nsflag));
                        html! {
                            <div class="loadctl">
                                <label title={title.clone()}>{ t(Ui::TotalCpuLoad) }
                                    <input class="load-cpu" type="text" size="6" value={app.load_cpu.clone()} oninput={on_cpu.clone()} placeholder={t(Ui::LoadPlaceholder)} />
                                </label>
                                <button class="small load-set" title={title} disabled={q.is_empty()} onclick={link.callback(move |_| Msg::Run(set.clone()))}>{ t(Ui::SetLoad) }</button>
                                <button class="small load-clear" disabled={rule.is_none()} onclick={link.callback(move |_| Msg::Run(clear.clone()))}>{ t(Ui::ClearLoad) }</button>
                                <span class="loadnow">{ current }</span>
                            </div>
                        }
                    }
                    None => html! {},
                };
                html! {
                    <div class="hpa" data-hpa={name.clone()}
                        data-replicas={counts.map(|c| c.0.to_string()).unwrap_or_default()}
                        data-ready={counts.map(|c| c.1.to_string()).unwrap_or_default()}
                        data-utilization={cpu_utilization(h).map(|u| u.to_string()).unwrap_or_default()}>
                        <div class="hpahead">
                            <span class="svcname">{ format!("hpa/{}", name) }</span>
                            <span class="svcip">{ format!("→ {} · {}", cells[1], state) }</span>
                        </div>
                        { controls }
                        { chart(&pts, cpu_target(h), max_replicas, lang) }
                    </div>
                }
            }) }
        </div>
    }
}

const W: f64 = 480.0;
const H: f64 = 130.0;
const X0: f64 = 34.0;
const X1: f64 = W - 26.0;
const Y0: f64 = 8.0;
const Y1: f64 = H - 18.0;

/// A step line through `pts` for the values `f` gives (None breaks the line).
fn step_path(
    pts: &[Point],
    x: &dyn Fn(i64) -> f64,
    y: &dyn Fn(i32) -> f64,
    f: fn(&Point) -> Option<i32>,
) -> String {
    let mut d = String::new();
    let mut on = false;
    for p in pts {
        let px = x(p.t);
        match (on, f(p)) {
            (true, Some(v)) => d.push_str(&format!("H{:.1}V{:.1}", px, y(v))),
            (false, Some(v)) => d.push_str(&format!("M{:.1} {:.1}", px, y(v))),
            (true, None) => d.push_str(&format!("H{:.1}", px)),
            (false, None) => {}
        }
        on = f(p).is_some();
    }
    d
}

/// `&`, `<`, `>` and `"` escaped, for text put in the chart's markup.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart: replicas (right axis) and CPU utilization with its target (left axis) from
/// the first point to the last (the shown time), and its legend. Written as markup (one
/// raw node: far less code in the page than a virtual-DOM node per line and label).
fn chart(pts: &[Point], target: Option<i32>, max_replicas: i32, lang: Lang) -> Html {
    use std::fmt::Write;
    let t = |k| esc(i18n::ui(lang, k));
    let (Some(first), Some(last)) = (pts.first(), pts.last()) else {
        return html! {};
    };
    let t0 = first.t;
    let t1 = last.t.max(t0 + 60_000);
    let x = |v: i64| X0 + (v - t0) as f64 / (t1 - t0) as f64 * (X1 - X0);
    let max_util = pts.iter().filter_map(|p| p.util).max().unwrap_or(0);
    let umax = (max_util.max(target.unwrap_or(50) * 2).max(100) + 49) / 50 * 50;
    let yu = |v: i32| Y1 - v.clamp(0, umax) as f64 / umax as f64 * (Y1 - Y0);
    let rmax = pts
        .iter()
        .filter_map(|p| p.replicas.max(p.ready))
        .max()
        .unwrap_or(0)
        .max(max_replicas)
        .max(1);
    let yr = |v: i32| Y1 - v.clamp(0, rmax) as f64 / rmax as f64 * (Y1 - Y0);
    // The virtual clock to the second (the chart's ends).
    let clock = |ms: i64| {
        let c = kubestep::time::SimTime(ms).clock();
        c.split('.').next().unwrap_or(&c).to_string()
    };
    let num = |v: Option<i32>| v.map_or("-".to_string(), |v| v.to_string());
    let pct = |v: Option<i32>| v.map_or("&lt;unknown&gt;".to_string(), |v| format!("{}%", v));
    let legend = [
        (
            "rep",
            format!("{} {}", t(Ui::ChartReplicas), num(last.replicas)),
        ),
        (
            "ready",
            format!("{} {}", t(Ui::ChartReady), num(last.ready)),
        ),
        (
            "util",
            format!("{} {}", t(Ui::ChartUtilization), pct(last.util)),
        ),
    ];
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<div class="hpachart"><svg viewBox="0 0 {W} {H}" role="img" aria-label="{}" data-points="{}"><title>{} · {} · {}</title>"#,
        t(Ui::ChartLabel),
        pts.len(),
        legend[0].1,
        legend[1].1,
        legend[2].1,
    );
    let line = |s: &mut String, class: &str, x1: f64, y1: f64, x2: f64, y2: f64| {
        let _ = write!(
            s,
            r#"<line class="{class}" x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}"/>"#
        );
    };
    let text = |s: &mut String, class: &str, x: f64, y: f64, v: &str| {
        let _ = write!(
            s,
            r#"<text class="{class}" x="{x:.1}" y="{y:.1}">{v}</text>"#
        );
    };
    line(&mut s, "ch-axis", X0, Y1, X1, Y1);
    line(&mut s, "ch-axis", X0, Y0, X0, Y1);
    line(&mut s, "ch-axis", X1, Y0, X1, Y1);
    if let Some(tv) = target {
        line(&mut s, "ch-target", X0, yu(tv), X1, yu(tv));
        // Its label, unless it would overlap the axis's top label.
        if yu(tv) - (Y0 + 7.0) > 9.0 {
            text(
                &mut s,
                "ch-lbl ch-l",
                X0 - 3.0,
                yu(tv) + 3.0,
                &format!("{}%", tv),
            );
        }
    }
    text(
        &mut s,
        "ch-lbl ch-l",
        X0 - 3.0,
        Y0 + 7.0,
        &format!("{}%", umax),
    );
    if target.is_none_or(|tv| Y1 - yu(tv) > 9.0) {
        text(&mut s, "ch-lbl ch-l", X0 - 3.0, Y1, "0%");
    }
    text(&mut s, "ch-lbl ch-r", X1 + 3.0, Y0 + 7.0, &rmax.to_string());
    text(&mut s, "ch-lbl ch-r", X1 + 3.0, Y1, "0");
    text(&mut s, "ch-lbl", X0, H - 4.0, &clock(t0));
    text(&mut s, "ch-lbl ch-l", X1, H - 4.0, &clock(t1));
    for (class, f) in [
        ("ch-util", (|p: &Point| p.util) as fn(&Point) -> Option<i32>),
        ("ch-ready", |p: &Point| p.ready),
        ("ch-rep", |p: &Point| p.replicas),
    ] {
        let y: &dyn Fn(i32) -> f64 = if class == "ch-util" { &yu } else { &yr };
        let _ = write!(
            s,
            r#"<path class="{class}" d="{}"/>"#,
            step_path(pts, &x, y, f)
        );
    }
    s.push_str(r#"</svg><div class="legend">"#);
    for (class, label) in &legend {
        let _ = write!(s, r#"<span class="lg lg-{class}">{label}</span>"#);
    }
    if let Some(tv) = target {
        let _ = write!(
            s,
            r#"<span class="lg lg-target">{} {}%</span>"#,
            t(Ui::ChartTarget),
            tv
        );
    }
    s.push_str("</div></div>");
    Html::from_html_unchecked(AttrValue::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubestep::EngineConfig;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    fn run(e: &mut Engine, script: &str) {
        let cmds = kubestep::script::parse_script(script).unwrap();
        kubestep::script::run_script(e, &cmds);
    }

    /// Read in pieces (as renders read it) or at once, the series is the same; after a
    /// fork it keeps the points up to the fork and goes on as a fresh read of the new
    /// history would.
    #[wasm_bindgen_test]
    fn the_series_read_in_pieces_equals_one_read_and_a_fork_keeps_the_earlier_points() {
        let all = u64::MAX;
        let mut e = Engine::new(EngineConfig::default());
        let mut pieces = Series::default();
        run(
            &mut e,
            "kubectl create deployment web --image=nginx:1.27\n\
             kubectl set resources deployment web --requests=cpu=200m\n\
             addon metrics-server\nsettle\n\
             kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10\ntick 20s\n",
        );
        pieces.catch_up(&e);
        let k = e.history().len() as u64;
        run(&mut e, "load deployment/web --cpu 900m --total\nsettle\n");
        pieces.catch_up(&e);
        let mut whole = Series::default();
        whole.catch_up(&e);
        let pts = whole.points("default", "web", all);
        assert_eq!(pieces.points("default", "web", all), pts);
        let mut replicas: Vec<i32> = pts.iter().filter_map(|p| p.replicas).collect();
        replicas.dedup();
        assert_eq!(replicas, [1, 4, 8, 9]);
        assert_eq!(pts.last().and_then(|p| p.util), Some(50));
        // A fork from step k.
        let mut f = e.clone();
        f.rewind_to(k).unwrap();
        pieces.rewound(&f);
        assert_eq!(
            pieces.points("default", "web", all),
            whole.points("default", "web", k)
        );
        run(&mut f, "load deployment/web --cpu 300m --total\nsettle\n");
        pieces.catch_up(&f);
        let mut fresh = Series::default();
        fresh.catch_up(&f);
        let forked = fresh.points("default", "web", all);
        assert_eq!(pieces.points("default", "web", all), forked);
        assert_eq!(forked.last().and_then(|p| p.replicas), Some(3));
    }
}

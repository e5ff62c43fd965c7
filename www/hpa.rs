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

use std::collections::BTreeMap;

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
    /// Every Deployment's (spec.replicas, status.readyReplicas) as of the steps read.
    deployments: BTreeMap<(String, String), (i32, i32)>,
    tracks: BTreeMap<(String, String), Track>,
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
        for rec in &h[self.read..] {
            for w in &rec.writes {
                if !matches!(w.kind, Kind::HorizontalPodAutoscaler | Kind::Deployment) {
                    continue;
                }
                // Compacted away (only in very long sessions): the point is skipped.
                let Some(ev) = store.change_at(w.rev) else {
                    continue;
                };
                let key = (w.namespace.clone(), w.name.clone());
                let gone = ev.ty == WatchType::Deleted;
                if w.kind == Kind::Deployment {
                    match deployment_counts(&ev.obj).filter(|_| !gone) {
                        Some(c) => self.deployments.insert(key.clone(), c),
                        None => self.deployments.remove(&key),
                    };
                    let hpas: Vec<(String, String)> = self
                        .tracks
                        .iter()
                        .filter(|(k, t)| k.0 == key.0 && t.target.as_deref() == Some(&key.1))
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in hpas {
                        self.record(&k, rec, e);
                    }
                } else if let Some(hpa) = ev.obj.as_hpa().filter(|_| !gone) {
                    let t = self.tracks.entry(key.clone()).or_default();
                    // A new object of that name starts a new chart.
                    if ev.ty == WatchType::Added {
                        t.points.clear();
                    }
                    t.target = target_deployment(hpa);
                    t.util = cpu_utilization(hpa);
                    self.record(&key, rec, e);
                }
            }
        }
        self.read = h.len();
        self.last = h.last().map(sig);
    }

    /// A point for HPA `key` at step `rec`, unless nothing changed since the last one.
    fn record(&mut self, key: &(String, String), rec: &StepRecord, e: &Engine) {
        let Some(t) = self.tracks.get_mut(key) else {
            return;
        };
        let counts = t.target.as_ref().and_then(|d| {
            let dk = (key.0.clone(), d.clone());
            // A Deployment no step has written yet (made before the history began).
            self.deployments.get(&dk).copied().or_else(|| {
                e.cluster()
                    .store
                    .get_obj(&kubestep::object::ObjKey {
                        kind: Kind::Deployment,
                        namespace: dk.0,
                        name: dk.1,
                    })
                    .and_then(|o| deployment_counts(o))
            })
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
        let store = &e.cluster().store;
        self.deployments = store
            .list(Kind::Deployment, None)
            .iter()
            .filter_map(|o| {
                Some((
                    (o.namespace().to_string(), o.name().to_string()),
                    deployment_counts(o)?,
                ))
            })
            .collect();
        for ((ns, name), t) in self.tracks.iter_mut() {
            t.points.retain(|p| p.step <= k as u64);
            if let Some(h) = store
                .get_obj(&kubestep::object::ObjKey {
                    kind: Kind::HorizontalPodAutoscaler,
                    namespace: ns.clone(),
                    name: name.clone(),
                })
                .and_then(|o| o.as_hpa())
            {
                t.target = target_deployment(h);
                t.util = cpu_utilization(h);
            }
        }
        self.read = k;
        self.last = e.history().last().map(sig);
    }

    /// HPA `key`'s points up to step `upto`.
    pub fn points(&self, key: &(String, String), upto: u64) -> Vec<Point> {
        self.tracks
            .get(key)
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
                let mut pts = series.points(&(ns.clone(), name.clone()), upto);
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
    x: impl Fn(i64) -> f64,
    y: impl Fn(i32) -> f64,
    f: impl Fn(&Point) -> Option<i32>,
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

/// The chart: replicas (right axis) and CPU utilization with its target (left axis) from
/// the first point to the last (the shown time).
fn chart(pts: &[Point], target: Option<i32>, max_replicas: i32, lang: Lang) -> Html {
    let t = |k| i18n::ui(lang, k);
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
    let rep = step_path(pts, x, yr, |p| p.replicas);
    let ready = step_path(pts, x, yr, |p| p.ready);
    let util = step_path(pts, x, yu, |p| p.util);
    // The virtual clock to the second (the chart's ends).
    let clock = |ms: i64| {
        let c = kubestep::time::SimTime(ms).clock();
        c.split('.').next().unwrap_or(&c).to_string()
    };
    // The target's label, unless it would overlap the axis's ends.
    let target_label = target.filter(|&tv| yu(tv) - (Y0 + 7.0) > 9.0);
    let zero_label = target.is_none_or(|tv| Y1 - yu(tv) > 9.0);
    let summary = format!(
        "{} {} · {} {} · {} {}",
        t(Ui::ChartReplicas),
        last.replicas.map_or("-".into(), |v| v.to_string()),
        t(Ui::ChartReady),
        last.ready.map_or("-".into(), |v| v.to_string()),
        t(Ui::ChartUtilization),
        last.util.map_or("<unknown>".into(), |v| format!("{}%", v)),
    );
    html! {
        <div class="hpachart">
            <svg viewBox={format!("0 0 {} {}", W, H)} role="img" aria-label={t(Ui::ChartLabel)} data-points={pts.len().to_string()}>
                <title>{ summary }</title>
                <line class="ch-axis" x1={X0.to_string()} y1={Y1.to_string()} x2={X1.to_string()} y2={Y1.to_string()} />
                <line class="ch-axis" x1={X0.to_string()} y1={Y0.to_string()} x2={X0.to_string()} y2={Y1.to_string()} />
                <line class="ch-axis" x1={X1.to_string()} y1={Y0.to_string()} x2={X1.to_string()} y2={Y1.to_string()} />
                { match target { Some(tv) => html!{ <>
                    <line class="ch-target" x1={X0.to_string()} y1={format!("{:.1}", yu(tv))} x2={X1.to_string()} y2={format!("{:.1}", yu(tv))} />
                </> }, None => html!{} } }
                { match target_label { Some(tv) => html!{
                    <text class="ch-lbl ch-l" x={(X0 - 3.0).to_string()} y={format!("{:.1}", yu(tv) + 3.0)}>{ format!("{}%", tv) }</text>
                }, None => html!{} } }
                <text class="ch-lbl ch-l" x={(X0 - 3.0).to_string()} y={(Y0 + 7.0).to_string()}>{ format!("{}%", umax) }</text>
                { if zero_label { html!{ <text class="ch-lbl ch-l" x={(X0 - 3.0).to_string()} y={Y1.to_string()}>{"0%"}</text> } } else { html!{} } }
                <text class="ch-lbl ch-r" x={(X1 + 3.0).to_string()} y={(Y0 + 7.0).to_string()}>{ rmax.to_string() }</text>
                <text class="ch-lbl ch-r" x={(X1 + 3.0).to_string()} y={Y1.to_string()}>{"0"}</text>
                <text class="ch-lbl" x={X0.to_string()} y={(H - 4.0).to_string()}>{ clock(t0) }</text>
                <text class="ch-lbl ch-l" x={X1.to_string()} y={(H - 4.0).to_string()}>{ clock(t1) }</text>
                <path class="ch-util" d={util} />
                <path class="ch-ready" d={ready} />
                <path class="ch-rep" d={rep} />
            </svg>
            <div class="legend">
                <span class="lg lg-rep">{ format!("{} {}", t(Ui::ChartReplicas), last.replicas.map_or("-".into(), |v| v.to_string())) }</span>
                <span class="lg lg-ready">{ format!("{} {}", t(Ui::ChartReady), last.ready.map_or("-".into(), |v| v.to_string())) }</span>
                <span class="lg lg-util">{ format!("{} {}", t(Ui::ChartUtilization), last.util.map_or("<unknown>".into(), |v| format!("{}%", v))) }</span>
                { match target { Some(tv) => html!{ <span class="lg lg-target">{ format!("{} {}%", t(Ui::ChartTarget), tv) }</span> }, None => html!{} } }
            </div>
        </div>
    }
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
        let key = ("default".to_string(), "web".to_string());
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
        let pts = whole.points(&key, all);
        assert_eq!(pieces.points(&key, all), pts);
        let mut replicas: Vec<i32> = pts.iter().filter_map(|p| p.replicas).collect();
        replicas.dedup();
        assert_eq!(replicas, [1, 4, 8, 9]);
        assert_eq!(pts.last().and_then(|p| p.util), Some(50));
        // A fork from step k.
        let mut f = e.clone();
        f.rewind_to(k).unwrap();
        pieces.rewound(&f);
        assert_eq!(pieces.points(&key, all), whole.points(&key, k));
        run(&mut f, "load deployment/web --cpu 300m --total\nsettle\n");
        pieces.catch_up(&f);
        let mut fresh = Series::default();
        fresh.catch_up(&f);
        let forked = fresh.points(&key, all);
        assert_eq!(pieces.points(&key, all), forked);
        assert_eq!(forked.last().and_then(|p| p.replicas), Some(3));
    }
}

//! Rendering of the page: header with transport, editor, architecture view, step details,
//! events, objects, console. Reads the engine; never changes it.

use kubestep::sort::StableSort;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use kubestep::Engine;
use kubestep::object::{Kind, Object};
use kubestep::printers;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::diff::{self, Line};
use crate::i18n::{self, Ui};
use crate::scenarios::SCENARIOS;
use crate::yaml_view::highlight_line;
use crate::{App, Msg};
use kubestep::lang::Lang;

/// Find the editor line of the first field an API error names
/// (`spec.replicas: Invalid value…`, `unknown field "spec.replica"`).
pub fn line_of_field(yaml: &str, err: &str) -> Option<u32> {
    let path = if let Some(i) = err.find("unknown field \"") {
        let rest = &err[i + 15..];
        rest[..rest.find('"')?].to_string()
    } else {
        let markers = [
            ": Invalid value",
            ": Required value",
            ": Unsupported value",
            ": Forbidden",
            ": Duplicate value",
            ": Too long",
        ];
        let (pos, _) = markers
            .iter()
            .filter_map(|m| err.find(m).map(|p| (p, m)))
            .min()?;
        let before = &err[..pos];
        let start = before.rfind([' ', '\n']).map(|i| i + 1).unwrap_or(0);
        before[start..].to_string()
    };
    let segs: Vec<String> = path
        .split('.')
        .map(|s| s.split('[').next().unwrap_or(s).to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let lines: Vec<&str> = yaml.lines().collect();
    let mut from = 0usize;
    let mut min_indent = 0usize;
    let mut found = None;
    for seg in &segs {
        let mut hit = None;
        for (i, l) in lines.iter().enumerate().skip(from) {
            let t = l.trim_start_matches([' ', '-']);
            let indent = l.len() - t.len();
            if found.is_some() && indent < min_indent && !l.trim().is_empty() {
                break;
            }
            if t.starts_with(&format!("{}:", seg)) {
                hit = Some((i, indent));
                break;
            }
        }
        match hit {
            Some((i, ind)) => {
                found = Some(i);
                from = i + 1;
                min_indent = ind + 1;
            }
            None => break,
        }
    }
    found.map(|i| i as u32 + 1)
}

fn pod_class(status: &str) -> &'static str {
    match status {
        "Running" => "pod running",
        "Pending" | "ContainerCreating" | "PodInitializing" => "pod pending",
        "Terminating" => "pod terminating",
        "NotReady" => "pod pending",
        "Completed" | "Succeeded" => "pod done",
        _ => "pod failed",
    }
}

fn header(app: &App, ctx: &Context<App>) -> Html {
    let e = app.shown();
    let cur = e.history().len() as u64;
    let total = app.head.history().len() as u64;
    let link = ctx.link();
    let on_scenario = link.callback(|ev: Event| {
        Msg::LoadScenario(
            ev.target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(0),
        )
    });
    let on_profile = link.callback(|ev: Event| {
        let v = ev.target_unchecked_into::<HtmlSelectElement>().value();
        Msg::SetProfile(kubestep::Profile::parse(&v).unwrap_or_default())
    });
    let on_scrub = link.callback(|ev: InputEvent| {
        Msg::Scrub(
            ev.target_unchecked_into::<HtmlInputElement>()
                .value()
                .parse()
                .unwrap_or(0),
        )
    });
    let on_speed = link.callback(|ev: InputEvent| {
        Msg::Speed(
            ev.target_unchecked_into::<HtmlInputElement>()
                .value()
                .parse()
                .unwrap_or(4),
        )
    });
    let playing = app.play.is_some();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    let on_lang = link.callback(|ev: Event| {
        let v = ev.target_unchecked_into::<HtmlSelectElement>().value();
        Msg::SetLang(Lang::parse(&v).unwrap_or_default())
    });
    html! {
        <header class="top">
            <div class="brand"><b>{"kubestep"}</b><span class="sub">{ t(Ui::Tagline) }</span></div>
            <div class="menus">
                <label>{ t(Ui::ScenarioLabel) }
                    <select id="scenario" onchange={on_scenario}>
                        { for SCENARIOS.iter().enumerate().map(|(i, s)| html!{ <option value={i.to_string()} data-id={s.id} selected={i == app.scenario}>{ i18n::scenario_title(lang, s.id, s.title) }</option> }) }
                    </select>
                </label>
                <label>{ t(Ui::LanguageLabel) }
                    <select id="lang" onchange={on_lang}>
                        { for Lang::ALL.iter().map(|l| html!{ <option value={l.code()} selected={*l == lang}>{ l.label() }</option> }) }
                    </select>
                </label>
                <label>{ t(Ui::KubernetesLabel) }
                    <select id="version" onchange={on_profile}>
                        <option value="1.32" selected={app.profile == kubestep::Profile::V1_32}>{"v1.32"}</option>
                        <option value="1.26" selected={app.profile == kubestep::Profile::V1_26}>{"v1.26"}</option>
                    </select>
                </label>
                { crate::share::button(app, ctx) }
            </div>
            <div class="transport" role="toolbar" aria-label={t(Ui::TransportLabel)}>
                <button id="back" title={t(Ui::BackTitle)} onclick={link.callback(|_| Msg::Back)} disabled={cur == 0}>{ t(Ui::Back) }</button>
                <button id="step" title={t(Ui::StepTitle)} onclick={link.callback(|_| Msg::Step)}>{ t(Ui::Step) }</button>
                <button id="tick" title={t(Ui::TickTitle)} onclick={link.callback(|_| Msg::Tick)}>{ t(Ui::Tick) }</button>
                <button id="play" title={t(Ui::PlayTitle)} onclick={link.callback(|_| Msg::TogglePlay)}>{ if playing { t(Ui::Pause) } else { t(Ui::Play) } }</button>
                <label class="speed">{ t(Ui::Speed) }<input id="speed" type="range" min="1" max="30" value={app.speed.to_string()} oninput={on_speed} /></label>
                <button id="reset" onclick={link.callback(|_| Msg::Reset)}>{ t(Ui::Reset) }</button>
                <span class="clock" id="clock">{ format!("t = {}", e.cluster().now.clock()) }</span>
                <span class="stepno" id="stepno">{ i18n::step_counter(lang, cur, total) }</span>
            </div>
            <input id="scrubber" class="scrubber" type="range" min="0" max={total.to_string()} value={cur.to_string()} oninput={on_scrub} aria-label={t(Ui::HistoryLabel)} />
            { crate::share::overlays(app, ctx) }
        </header>
    }
}

fn editor(app: &App, ctx: &Context<App>) -> Html {
    let link = ctx.link();
    let on_input = link.callback(|ev: InputEvent| {
        Msg::EditorInput(ev.target_unchecked_into::<HtmlTextAreaElement>().value())
    });
    let err_line = app.editor_error.as_ref().and_then(|e| e.line);
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    let sc = &SCENARIOS[app.scenario];
    let lines: Vec<&str> = app.editor.split('\n').collect();
    html! {
        <section class="pane editor-pane" aria-label={t(Ui::EditorLabel)}>
            <h2>{ t(Ui::Manifest) }<button id="apply" class="primary" onclick={link.callback(|_| Msg::Apply)}>{ t(Ui::Apply) }</button></h2>
            { match &app.editing {
                Some((_, what, rv)) => html!{ <p class="hint editing" id="editing-banner">
                    { i18n::editing_banner(lang, what, rv) }
                    {" "}<button id="cancel-edit" onclick={link.callback(|_| Msg::CancelEdit)}>{ t(Ui::CancelEdit) }</button>
                </p> },
                None => html!{ <p class="hint">{ i18n::scenario_hint(lang, sc.id, sc.hint) }</p> },
            } }
            <div class="editor">
                <div class="gutter" aria-hidden="true">
                    { for (1..=lines.len()).map(|n| html!{ <div class={ if Some(n as u32) == err_line { "ln err" } else { "ln" } }>{n}</div> }) }
                </div>
                <div class="code">
                    <pre class="hl" aria-hidden="true">
                        { for lines.iter().enumerate().map(|(i, l)| html!{
                            <div class={ if Some(i as u32 + 1) == err_line { "line err" } else { "line" } }>
                                { for highlight_line(l).into_iter().map(|s| html!{ <span class={s.class}>{s.text}</span> }) }
                                {"\u{200b}"}
                            </div>
                        }) }
                    </pre>
                    <textarea id="editor" spellcheck="false" value={app.editor.clone()} oninput={on_input} aria-label={t(Ui::YamlLabel)} />
                </div>
            </div>
            { match &app.editor_error {
                Some(e) => html!{ <pre class="error" id="editor-error" role="alert">{
                    i18n::editor_error(lang, e.line, e.column, &e.message)
                }</pre> },
                None => match &app.apply_result {
                    Some(r) if !r.is_empty() => html!{ <pre class="ok" id="apply-result">{r}</pre> },
                    _ => html!{},
                }
            } }
        </section>
    }
}

/// The first `image:` in a manifest (the failure form's default).
pub fn first_image(yaml: &str) -> Option<String> {
    yaml.lines().find_map(|l| {
        let t = l.trim_start_matches([' ', '-']);
        t.strip_prefix("image:")
            .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    })
}

/// `key=value:Effect` of each taint on a node.
fn taints_of(n: &Object) -> Vec<String> {
    n.as_node()
        .and_then(|n| n.spec.as_ref())
        .and_then(|s| s.taints.as_ref())
        .map(|ts| {
            ts.iter()
                .map(|t| match &t.value {
                    Some(v) if !v.is_empty() => format!("{}={}:{}", t.key, v, t.effect),
                    _ => format!("{}:{}", t.key, t.effect),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The namespaces of the cluster's own pods: kubeadm's `kube-system` and kind's
/// `local-path-storage` (its storage provisioner). Their pods are a node's small chips and
/// folded groups of the objects tree, apart from the user's.
pub const SYSTEM_NAMESPACES: &[&str] = &["kube-system", "local-path-storage"];

pub fn is_system(ns: &str) -> bool {
    SYSTEM_NAMESPACES.contains(&ns)
}

/// `web-10` after `web-9`: a name compared by what comes before its last `-`, then by the
/// number after it (a StatefulSet pod's ordinal, its claims' too), numerically.
pub fn ordinal_key(name: &str) -> (&str, Option<u64>, &str) {
    match name
        .rsplit_once('-')
        .map(|(base, n)| (base, n.parse::<u64>()))
    {
        Some((base, Ok(n))) => (base, Some(n), name),
        _ => (name, None, name),
    }
}

/// A node's system pods as one compact row: a short name per pod (the static pod's
/// component, the DaemonSet's or Deployment's name), coloured by phase, the full name and
/// status in the tooltip; the node's own pods stay the big chips below.
fn sys_pods(pods: &[Arc<Object>], title: &str) -> Html {
    let sys: Vec<&Arc<Object>> = pods.iter().filter(|p| is_system(p.namespace())).collect();
    if sys.is_empty() {
        return html! {};
    }
    html! {
        <div class="syspods" title={title.to_string()}>
            { for sys.iter().map(|p| {
                let s = p.as_pod().map(printers::pod_summary);
                let status = s.as_ref().map(|s| s.status.clone()).unwrap_or_default();
                let ready = s.as_ref().map(|s| s.ready.clone()).unwrap_or_default();
                let labels = p.meta().labels.clone().unwrap_or_default();
                let short = labels
                    .get("component")
                    .cloned()
                    .or_else(|| {
                        let g = p.meta().generate_name.clone()?;
                        let g = g.trim_end_matches('-').to_string();
                        Some(match labels.get("pod-template-hash") {
                            Some(h) => g.trim_end_matches(h.as_str()).trim_end_matches('-').to_string(),
                            None => g,
                        })
                    })
                    .unwrap_or_else(|| p.name().to_string());
                let class = format!("syspod {}", pod_class(&status).trim_start_matches("pod").trim());
                html! { <span class={class} data-pod={p.name().to_string()} title={format!("{}/{} {} {}", p.namespace(), p.name(), ready, status)}>{ short }</span> }
            }) }
        </div>
    }
}

/// Services with their ClusterIP, ports and endpoints (from the EndpointSlices), and the
/// "send request" button.
fn services(app: &App, ctx: &Context<App>) -> Html {
    let c = app.shown().cluster();
    let svcs = c.store.list(Kind::Service, None);
    if svcs.is_empty() {
        return html! {};
    }
    let slices = c.store.list(Kind::EndpointSlice, None);
    let link = ctx.link();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    html! {
        <div class="services" id="services">
            <div class="gtitle">{ t(Ui::ServicesTitle) }</div>
            { for svcs.iter().map(|s| {
                let v = s.to_value();
                let ns = s.meta().namespace.clone().unwrap_or_default();
                let name = s.name().to_string();
                let ip = v["spec"]["clusterIP"].as_str().unwrap_or("").to_string();
                let ty = v["spec"]["type"].as_str().unwrap_or("ClusterIP").to_string();
                let ports: Vec<String> = v["spec"]["ports"].as_array().into_iter().flatten().map(|p| {
                    match p["nodePort"].as_i64() {
                        Some(np) => format!("{}:{}/{}", p["port"], np, p["protocol"].as_str().unwrap_or("TCP")),
                        None => format!("{}/{}", p["port"], p["protocol"].as_str().unwrap_or("TCP")),
                    }
                }).collect();
                let mut eps: Vec<(String, bool, bool, String)> = vec![];
                for sl in slices.iter().filter(|sl| sl.meta().namespace.as_deref() == Some(ns.as_str())
                    && sl.meta().labels.as_ref().and_then(|l| l.get("kubernetes.io/service-name")) == Some(&name)) {
                    let sv = sl.to_value();
                    for e in sv["endpoints"].as_array().into_iter().flatten() {
                        let addr = e["addresses"][0].as_str().unwrap_or("").to_string();
                        let ready = e["conditions"]["ready"].as_bool().unwrap_or(false);
                        let term = e["conditions"]["terminating"].as_bool().unwrap_or(false);
                        let pod = e["targetRef"]["name"].as_str().unwrap_or("").to_string();
                        eps.push((addr, ready, term, pod));
                    }
                }
                eps.stable_sort();
                let target = if ns == "default" { name.clone() } else { format!("{} -n {}", name, ns) };
                let is_api = ns == "default" && name == "kubernetes";
                html! {
                    <div class="svc" data-service={name.clone()}>
                        <div class="svchead">
                            <span class="svcname">{ format!("svc/{}", name) }</span>
                            <span class="svcip">{ format!("{} {} {}", ty, ip, ports.join(",")) }</span>
                            { if is_api { html!{} } else { html!{
                                <button class="small" data-request={name.clone()} onclick={link.callback(move |_| Msg::Run(format!("request {}", target)))}>{ t(Ui::SendRequest) }</button>
                            } } }
                        </div>
                        <div class="eps">
                            { if eps.is_empty() { html!{ <span class="ep none">{ t(Ui::NoEndpoints) }</span> } } else { html!{} } }
                            { for eps.iter().map(|(addr, ready, term, pod)| {
                                let class = if *term { "ep terminating" } else if *ready { "ep ready" } else { "ep notready" };
                                let state = t(if *term { Ui::EndpointTerminating } else if *ready { Ui::EndpointReady } else { Ui::EndpointNotReady });
                                html!{ <span class={class} title={format!("{} ({})", pod, state)}>{ addr.clone() }</span> }
                            }) }
                        </div>
                    </div>
                }
            }) }
            { match &app.last_request {
                Some((text, err)) => html!{ <pre id="request-result" class={ if *err { "reqout err" } else { "reqout" } }>{ text.clone() }</pre> },
                None => html!{},
            } }
        </div>
    }
}

/// The failure form: arm `fault image-pull|crash|probe` for an image, or clear them.
fn failures(app: &App, ctx: &Context<App>) -> Html {
    let link = ctx.link();
    let on_kind = link.callback(|ev: Event| {
        Msg::FaultKind(ev.target_unchecked_into::<HtmlSelectElement>().value())
    });
    let on_image = link.callback(|ev: InputEvent| {
        Msg::FaultImage(ev.target_unchecked_into::<HtmlInputElement>().value())
    });
    let kind = app.fault_kind.clone();
    let image = app.fault_image.trim().to_string();
    let cmd = match kind.split_once(' ') {
        Some((k, which)) => format!("fault {} {} {}", k, image, which),
        None if kind == "crash" => format!("fault crash {} --after 2s", image),
        None => format!("fault {} {}", kind, image),
    };
    let faults = app.shown().cluster().fault_list();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    html! {
        <div class="failures" id="failures">
            <span class="gtitle">{ t(Ui::InjectFailure) }</span>
            <select id="fault-kind" onchange={on_kind} aria-label={t(Ui::FailureKindLabel)}>
                { for [("crash", Ui::FaultCrash), ("image-pull", Ui::FaultImagePull), ("probe readiness", Ui::FaultReadiness), ("probe liveness", Ui::FaultLiveness)].iter().map(|(v, l)| html!{
                    <option value={*v} selected={kind == *v}>{ t(*l) }</option>
                }) }
            </select>
            <input id="fault-image" type="text" value={app.fault_image.clone()} oninput={on_image} aria-label={t(Ui::ImageLabel)} placeholder={t(Ui::ImagePlaceholder)} />
            <button id="fault-inject" class="small" disabled={image.is_empty()} onclick={link.callback(move |_| Msg::Run(cmd.clone()))}>{ t(Ui::Inject) }</button>
            <button id="fault-clear" class="small" disabled={faults.is_empty()} onclick={link.callback(|_| Msg::Run("fault clear".into()))}>{ t(Ui::ClearAll) }</button>
            { for faults.iter().map(|f| html!{ <span class="fault">{ f.clone() }</span> }) }
        </div>
    }
}

/// The architecture view: control plane and nodes, the current step's path lit.
fn architecture(app: &App, ctx: &Context<App>) -> Html {
    let e = app.shown();
    let link = ctx.link();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    let c = e.cluster();
    let rec = e.history().last();
    let depths = e.queue_depths();
    let throttled = e.cluster().throttled();
    let actor = rec.map(|r| r.component.clone()).unwrap_or_default();
    let wrote = rec.is_some_and(|r| !r.writes.is_empty());
    let comp = |name: &str, label: &str| -> Html {
        let d = depths.get(name).copied().unwrap_or(0);
        let mut class = "comp".to_string();
        if actor == name {
            class.push_str(" active");
        }
        let held = throttled.get(name).map(|(until, n, limits)| {
            let wait = (until.0 - c.now.0).max(0);
            (
                i18n::throttled(lang, wait),
                i18n::throttled_title(lang, wait, *n, limits.qps, limits.burst),
            )
        });
        if held.is_some() {
            class.push_str(" throttled");
        }
        html! {
            <div class={class} data-component={name.to_string()}>
                <span class="cname">{label.to_string()}</span>
                { if d > 0 { html!{ <span class="qdepth" title={t(Ui::QueueDepthTitle)}>{ i18n::queue_depth(lang, d) }</span> } } else { html!{} } }
                { match held { Some((badge, title)) => html!{ <span class="throttle" title={title}>{ badge }</span> }, None => html!{} } }
            </div>
        }
    };
    let api_class = if wrote { "comp api active" } else { "comp api" };
    let etcd_class = if wrote {
        "comp etcd active"
    } else {
        "comp etcd"
    };
    let grid = crate::grid::wanted(c);
    let nodes = if grid {
        vec![]
    } else {
        c.store.list(Kind::Node, None)
    };
    let pods = if grid {
        vec![]
    } else {
        c.store.list(Kind::Pod, None)
    };
    let mut by_node: BTreeMap<String, Vec<Arc<Object>>> = BTreeMap::new();
    for p in &pods {
        let n = p
            .as_pod()
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.node_name.clone())
            .unwrap_or_default();
        by_node.entry(n).or_default().push(p.clone());
    }
    let pod_chip = |p: &Arc<Object>| {
        let s = p.as_pod().map(printers::pod_summary);
        let status = s.as_ref().map(|s| s.status.clone()).unwrap_or_default();
        let ready = s.as_ref().map(|s| s.ready.clone()).unwrap_or_default();
        let restarts = s.as_ref().map(|s| s.restarts).unwrap_or(0);
        // The kubelet's current back-off (`back-off 40s restarting failed container=…`).
        let backoff = p
            .as_pod()
            .and_then(|p| p.status.as_ref())
            .and_then(|s| s.container_statuses.as_ref())
            .into_iter()
            .flatten()
            .filter_map(|c| c.state.as_ref()?.waiting.as_ref()?.message.as_deref())
            .find_map(|m| {
                let rest = m.strip_prefix("back-off ")?;
                Some(format!("back-off {}", rest.split(' ').next()?))
            });
        // Running but not every container ready (a readiness probe not passed yet).
        let not_ready = status == "Running" && ready.split_once('/').is_some_and(|(a, b)| a != b);
        let class = if not_ready {
            "pod pending"
        } else {
            pod_class(&status)
        };
        html! { <div class={class} title={p.name().to_string()}><span class="pname">{p.name().to_string()}</span><span class="pstat">{format!("{} {}", ready, status)}</span>
            { if restarts > 0 { html!{ <span class="prestarts">{ format!("{}{}", i18n::restarts(lang, restarts), backoff.map(|b| format!(" · {}", b)).unwrap_or_default()) }</span> } } else { html!{} } }
        </div> }
    };
    let path = rec.map(|r| {
        let writes: Vec<String> = r
            .writes
            .iter()
            .take(3)
            .map(|w| format!("{} {}/{} (rev {})", w.verb, w.kind.plural(), w.name, w.rev))
            .collect();
        let more = r.writes.len().saturating_sub(3);
        if writes.is_empty() {
            i18n::acted_without_writing(lang, &r.component)
        } else {
            i18n::write_path(lang, &r.component, &writes, more, r.revision)
        }
    });
    let next: Vec<String> = depths.keys().cloned().collect();
    let metrics_server = c
        .get(Kind::Deployment, "kube-system", "metrics-server")
        .is_some();
    html! {
        <section class="pane arch-pane" aria-label={t(Ui::ArchitectureLabel)}>
            <h2>{ t(Ui::Cluster) }</h2>
            <div class="controlplane">
                <div class="cp-title">{ t(Ui::ControlPlane) }</div>
                <div class="cp-row">
                    <div class={api_class} data-component="kube-apiserver"><span class="cname">{"kube-apiserver"}</span></div>
                    <div class={etcd_class} data-component="etcd"><span class="cname">{"etcd"}</span><span class="qdepth">{ i18n::etcd_rev(lang, c.store.revision()) }</span></div>
                </div>
                <div class="cp-row">
                    <div class="group"><div class="gtitle">{"kube-controller-manager"}</div>
                        { comp("deployment-controller", "deployment-controller") }
                        { comp("replicaset-controller", "replicaset-controller") }
                        { comp("daemonset-controller", "daemonset-controller") }
                        { comp("statefulset-controller", "statefulset-controller") }
                        { comp("job-controller", "job-controller") }
                        { comp("cronjob-controller", "cronjob-controller") }
                        { comp("ttl-after-finished-controller", "ttl-after-finished-controller") }
                        { comp("garbage-collector", "garbage-collector") }
                        { comp("node-controller", "node-lifecycle-controller") }
                        { comp("taint-eviction-controller", "taint-eviction-controller") }
                        { comp("endpoint-controller", "endpoints-controller") }
                        { comp("endpointslice-controller", "endpointslice-controller") }
                        { comp("persistentvolume-controller", "persistentvolume-controller") }
                        { comp("pvc-protection-controller", "pvc-protection-controller") }
                        { comp("horizontal-pod-autoscaler", "horizontal-pod-autoscaler") }
                        { comp("disruption-controller", "disruption-controller") }
                        { comp("namespace-controller", "namespace-controller") }
                    </div>
                    { comp("default-scheduler", "kube-scheduler") }
                    // kind's storage add-on: a pod, not part of kube-controller-manager.
                    <div class="group addon" title={t(Ui::LocalPathTitle)}><div class="gtitle">{"local-path-storage"}</div>
                        { comp("local-path-provisioner", "local-path-provisioner") }
                    </div>
                    // metrics-server, once `addon metrics-server` installed it.
                    { if metrics_server { html!{
                        <div class="group addon" title={t(Ui::MetricsServerTitle)}><div class="gtitle">{"metrics-server"}</div>
                            { comp("metrics-server", "metrics-server") }
                        </div>
                    } } else { html!{} } }
                </div>
            </div>
            { if grid { pod_grid(app, ctx, rec) } else { html!{ <div class="nodes">
                { for nodes.iter().map(|n| {
                    let name = n.name().to_string();
                    let kubelet = format!("kubelet/{}", name);
                    let proxy = format!("kube-proxy/{}", name);
                    let status = n.as_node().map(printers::node_status).unwrap_or_default();
                    let stopped = c.node_stopped(&name);
                    let action = format!("node {} {}", if stopped { "start" } else { "stop" }, name);
                    let taints = taints_of(n);
                    let class = if status.starts_with("Ready") { "node" } else { "node notready" };
                    html! {
                        <div class={class} data-node={name.clone()}>
                            <div class="ntitle">
                                <span>{ format!("{} ({})", name, status) }</span>
                                <button class="small nodebtn" data-node-action={if stopped { "start" } else { "stop" }}
                                    title={ t(if stopped { Ui::NodeStartTitle } else { Ui::NodeStopTitle }) }
                                    onclick={link.callback(move |_| Msg::Run(action.clone()))}>{ t(if stopped { Ui::NodeStart } else { Ui::NodeStop }) }</button>
                            </div>
                            { if stopped { html!{ <div class="stopped">{ t(Ui::KubeletStopped) }</div> } } else { html!{} } }
                            { if taints.is_empty() { html!{} } else { html!{ <div class="taints">{ for taints.iter().map(|t| html!{ <span class="taint">{ t.clone() }</span> }) }</div> } } }
                            <div class="nrow">{ comp(&kubelet, "kubelet") }{ comp(&proxy, "kube-proxy") }<div class="comp runtime"><span class="cname">{"containerd"}</span></div></div>
                            { sys_pods(by_node.get(&name).map(|v| v.as_slice()).unwrap_or(&[]), t(Ui::SystemPodsTitle)) }
                            <div class="pods">{ for by_node.get(&name).into_iter().flatten().filter(|p| !is_system(p.namespace())).map(pod_chip) }</div>
                        </div>
                    }
                }) }
                { match by_node.get("") {
                    Some(ps) if !ps.is_empty() => html!{ <div class="node unscheduled"><div class="ntitle">{ t(Ui::NotScheduled) }</div><div class="pods">{ for ps.iter().map(pod_chip) }</div></div> },
                    _ => html!{},
                } }
            </div> } } }
            { services(app, ctx) }
            { crate::hpa::panel(app, ctx) }
            { failures(app, ctx) }
            <div class="path" id="path">{ path.unwrap_or_else(|| t(Ui::ApplyThenStep).into()) }</div>
            { if next.is_empty() { html!{} } else { html!{ <div class="next">{ i18n::notified_next(lang, &next) }</div> } } }
        </section>
    }
}

/// The dense grid of a big cluster (www/grid.rs), its model rebuilt only when the store's
/// revision (or a kubelet's running state) changed since the last frame.
fn pod_grid(
    app: &App,
    ctx: &Context<App>,
    rec: Option<&kubestep::runtime::step::StepRecord>,
) -> Html {
    let c = app.shown().cluster();
    let stopped: Vec<String> = c
        .store
        .list(Kind::Node, None)
        .iter()
        .filter(|n| c.node_stopped(n.name()))
        .map(|n| n.name().to_string())
        .collect();
    let model = {
        let mut cache = app.grid_cache.borrow_mut();
        let now = crate::share::now_ms();
        let mark = crate::cache::Mark::of(c);
        match cache.as_ref() {
            Some((m, s, model, _)) if *m == mark && *s == stopped => model.clone(),
            // While a settle runs in slices, the grid is redrawn once a second, not after
            // every slice (a rebuild walks every pod).
            Some((_, _, model, built)) if app.settling.is_some() && now - built < 1000.0 => {
                model.clone()
            }
            cached => {
                // From the cached model when the store only moved on (a Step, a Back
                // that rewinds a clone is a different timeline: rebuilt).
                let updated = cached.and_then(|(m, s, model, _)| {
                    (*s == stopped && m.leads_to(c))
                        .then(|| crate::grid::update(model, c, m.rev()))
                        .flatten()
                });
                let model = Rc::new(updated.unwrap_or_else(|| crate::grid::build(c)));
                *cache = Some((mark, stopped, model.clone(), now));
                model
            }
        }
    };
    let lit_node = rec.and_then(|r| r.component.strip_prefix("kubelet/").map(str::to_string));
    let lit_pods: Vec<String> = rec
        .map(|r| {
            r.writes
                .iter()
                .filter(|w| w.kind == Kind::Pod)
                .map(|w| w.name.clone())
                .collect()
        })
        .unwrap_or_default();
    html! {
        <crate::grid::PodGrid model={crate::grid::Model(model)} {lit_node} lit_pods={Rc::new(lit_pods)}
            onselect={ctx.link().callback(Msg::Select)} lang={app.lang} />
    }
}

fn yaml_of(o: &Object) -> String {
    printers::to_yaml(&o.to_value())
}

fn step_details(e: &Engine, lang: Lang) -> Html {
    let t = |k| i18n::ui(lang, k);
    let Some(rec) = e.history().last() else {
        return html! { <section class="pane step-pane" aria-label={t(Ui::StepLabel)}><h2>{ t(Ui::StepPane) }</h2><p class="muted">{ t(Ui::NoStepYet) }</p></section> };
    };
    let changes = e.step_changes(rec);
    html! {
        <section class="pane step-pane" aria-label={t(Ui::StepLabel)}>
            <h2>{ i18n::step_title(lang, rec.index) }</h2>
            <p class="explain" id="explain"><span class="when">{ format!("[{}] ", rec.time.clock()) }</span><b>{ rec.component.clone() }</b>{": "}{ rec.summary_in(lang) }</p>
            { if rec.trigger.is_none() { html!{} } else { html!{ <p class="trigger" id="trigger">{ i18n::woken_by(lang, &rec.trigger.render(lang)) }</p> } } }
            { if rec.events.is_empty() { html!{} } else { html!{
                <ul class="evlist">{ for rec.events.iter().map(|ev| html!{ <li>{ format!("{} {} {}: {}", ev.ty, ev.reason, ev.object, ev.message) }</li> }) }</ul>
            } } }
            { for changes.iter().filter(|ch| ch.write.kind != Kind::Event).take(2).map(|ch| {
                let before = ch.before.as_deref().map(yaml_of).unwrap_or_default();
                let after = ch.after.as_deref().map(yaml_of).unwrap_or_default();
                let d = diff::hunks(&diff::diff(&before, &after), 2);
                html! {
                    <details class="diff" open=true>
                        <summary>{ i18n::change_title(lang, &ch.write.verb, ch.write.kind.name(), &ch.write.name, ch.write.rev) }</summary>
                        <pre>{ for d.into_iter().take(60).map(|l| match l {
                            Some(Line::Same(s)) => html!{ <div class="d-same">{ format!("  {}", s) }</div> },
                            Some(Line::Added(s)) => html!{ <div class="d-add">{ format!("+ {}", s) }</div> },
                            Some(Line::Removed(s)) => html!{ <div class="d-del">{ format!("- {}", s) }</div> },
                            None => html!{ <div class="d-gap">{"  …"}</div> },
                        }) }</pre>
                    </details>
                }
            }) }
        </section>
    }
}

/// `kubectl get events --watch` as the stream would have printed it by now. The rows come
/// from the page's [`crate::cache::EventRows`] (kept up to date from the watch log); a long
/// list puts only the lines in view in the DOM, and follows the newest line while the
/// reader is at the bottom.
fn events(app: &App, lang: Lang) -> Html {
    let t = |k| i18n::ui(lang, k);
    let c = app.shown().cluster();
    // The command in the title watches the default namespace (kube-system's own events
    // stay out, as they do in a terminal).
    app.events_cache.borrow_mut().update(c, "default");
    let count = app.events_cache.borrow().rows.len();
    let now = c.now;
    let cache = app.events_cache.clone();
    let render = Callback::from(move |(a, b): (usize, usize)| {
        let all = count + 1 <= crate::vlist::VIRTUAL_ABOVE;
        let lines = cache.borrow_mut().lines(a, b, now, all);
        lines
            .into_iter()
            .map(|l| html! { <div class="evrow">{ l }{"\n"}</div> })
            .collect::<Html>()
    });
    html! {
        <section class="pane events-pane" aria-label={t(Ui::EventsLabel)}>
            <h2>{ t(Ui::EventsTitle) }</h2>
            { if count == 0 {
                html!{ <pre id="events" class="term">{ t(Ui::NoEventsYet) }</pre> }
            } else {
                html!{ <crate::vlist::VirtualList tag="div" id="events" class="term evlines" count={count + 1} row_px={EVENT_ROW_PX} {render} follow_tail=true /> }
            } }
        </section>
    }
}

/// The events pane's line height (www/style.css: `.evlines .evrow`).
const EVENT_ROW_PX: f64 = 16.0;

/// `2/3 ready`, plus what is wrong: paused, `ProgressDeadlineExceeded`, unavailable.
fn deployment_state(d: &k8s_openapi::api::apps::v1::Deployment, lang: Lang) -> String {
    let want = d.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
    let ready = d
        .status
        .as_ref()
        .and_then(|s| s.ready_replicas)
        .unwrap_or(0);
    let mut s = i18n::deployment_ready(lang, ready, want);
    if d.spec.as_ref().and_then(|s| s.paused) == Some(true) {
        s.push_str(i18n::ui(lang, Ui::Paused));
    }
    for c in d
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
    {
        if c.status == "False" {
            s.push_str(&format!(
                ", {}={}: {}",
                c.type_,
                c.status,
                c.reason.as_deref().unwrap_or("")
            ));
        }
    }
    s
}

/// `@hourly, 0 active, last schedule 60m ago`: `kubectl get cronjobs`' SCHEDULE, SUSPEND
/// (shown only when suspended), ACTIVE and LAST SCHEDULE columns.
fn cronjob_state(
    cj: &k8s_openapi::api::batch::v1::CronJob,
    now: kubestep::time::SimTime,
    lang: Lang,
) -> String {
    let spec = cj.spec.as_ref();
    let st = cj.status.as_ref();
    let last = st
        .and_then(|s| s.last_schedule_time.as_ref())
        .map(|t| printers::table::age(Some(t), now));
    i18n::cronjob_state(
        lang,
        spec.map(|s| s.schedule.as_str()).unwrap_or(""),
        spec.and_then(|s| s.suspend) == Some(true),
        st.and_then(|s| s.active.as_ref()).map_or(0, Vec::len),
        last.as_deref(),
    )
}

/// An object's line in the objects tree: its name and what `kubectl get` would say of it.
fn label_of(o: &Object, now: kubestep::time::SimTime, lang: Lang) -> String {
    match (o.as_pod(), o.as_deployment(), o.as_daemonset()) {
        (Some(p), _, _) => format!("{} ({})", o.name(), printers::pod_summary(p).status),
        (_, Some(d), _) => format!("{} ({})", o.name(), deployment_state(d, lang)),
        (_, _, Some(ds)) => {
            let st = ds.status.clone().unwrap_or_default();
            format!(
                "{} ({}/{})",
                o.name(),
                st.number_ready,
                st.desired_number_scheduled
            )
        }
        // `kubectl get jobs`' STATUS and COMPLETIONS columns.
        _ if o.as_job().is_some() => {
            let cells = printers::table_row(o, &Default::default(), now);
            format!("{} ({}, {})", o.name(), cells[1], cells[2])
        }
        _ => {
            if let Some(cj) = o.as_cronjob() {
                format!("{} ({})", o.name(), cronjob_state(cj, now, lang))
            } else if let Some(s) = o.as_statefulset() {
                // `kubectl get statefulsets`' READY: readyReplicas/replicas.
                let want = s.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1);
                let ready = s
                    .status
                    .as_ref()
                    .and_then(|s| s.ready_replicas)
                    .unwrap_or(0);
                format!(
                    "{} ({})",
                    o.name(),
                    i18n::deployment_ready(lang, ready, want)
                )
            } else if o.as_hpa().is_some() {
                // `kubectl get hpa`'s TARGETS, REPLICAS, MINPODS and MAXPODS.
                let cells = printers::table_row(o, &Default::default(), now);
                format!(
                    "{} ({})",
                    o.name(),
                    i18n::hpa_state(lang, &cells[2], &cells[5], &cells[3], &cells[4])
                )
            } else if let Some(ns) = o.as_namespace() {
                let phase = ns.status.as_ref().and_then(|s| s.phase.as_deref());
                format!("{} ({})", o.name(), phase.unwrap_or("Active"))
            } else if o.as_pdb().is_some() {
                // `kubectl get pdb`'s MIN AVAILABLE or MAX UNAVAILABLE, and ALLOWED
                // DISRUPTIONS.
                let cells = printers::table_row(o, &Default::default(), now);
                format!(
                    "{} ({})",
                    o.name(),
                    i18n::pdb_state(lang, &cells[1], &cells[2], &cells[3])
                )
            } else if let Some(cm) = o.as_configmap() {
                // `kubectl get configmaps`' DATA: how many keys.
                let n = cm.data.as_ref().map_or(0, |d| d.len())
                    + cm.binary_data.as_ref().map_or(0, |d| d.len());
                format!("{} ({})", o.name(), i18n::configmap_keys(lang, n))
            } else if o.as_pvc().is_some() {
                // `kubectl get pvc`' STATUS and CAPACITY (the latter once bound); the
                // volume is the item below.
                let cells = printers::table_row(o, &Default::default(), now);
                if cells[3].is_empty() {
                    format!("{} ({})", o.name(), cells[1])
                } else {
                    format!("{} ({}, {})", o.name(), cells[1], cells[3])
                }
            } else if o.as_pv().is_some() {
                // `kubectl get pv`' STATUS, and the node a local volume lives on.
                let cells = printers::table_row(o, &Default::default(), now);
                let v = o.to_value();
                let node = v["spec"]["nodeAffinity"]["required"]["nodeSelectorTerms"][0]
                    ["matchExpressions"][0]["values"][0]
                    .as_str()
                    .map(|n| i18n::volume_node(lang, n));
                match node {
                    Some(n) => format!("{} ({}, {})", o.name(), cells[4], n),
                    None => format!("{} ({})", o.name(), cells[4]),
                }
            } else {
                o.name().to_string()
            }
        }
    }
}

/// One line of the objects tree (flattened, so that a long tree can be virtualised).
pub enum TreeRow {
    /// An object, indented `depth` levels.
    Obj { depth: u8, obj: Arc<Object> },
    /// An owner's pods, folded into one line with their states; `open` lists them below.
    Pods {
        depth: u8,
        owner: String,
        total: usize,
        counts: [usize; 8],
        open: bool,
    },
    /// A system namespace's objects, folded.
    Ns {
        ns: &'static str,
        pods: usize,
        open: bool,
    },
}

/// An owner with more pods than this shows them folded into one line until opened.
const FOLD_PODS_ABOVE: usize = 20;
/// The objects tree's row height when virtualised (www/style.css: `.tree.virtual li`).
const TREE_ROW_PX: f64 = 22.0;

/// The objects tree as rows: the user's namespaces, then each system namespace (folded),
/// volumes no claim holds, the user's Namespaces and the Nodes.
fn tree_rows(
    c: &kubestep::cluster::Cluster,
    expanded: &std::collections::BTreeSet<String>,
) -> Vec<TreeRow> {
    let deployments = c.store.list(Kind::Deployment, None);
    let rss = c.store.list(Kind::ReplicaSet, None);
    let pods = c.store.list(Kind::Pod, None);
    let slices = c.store.list(Kind::EndpointSlice, None);
    // Pods by owner uid, in one pass (an owner's pods are then a lookup, not a scan).
    let mut pods_of: std::collections::HashMap<&str, Vec<Arc<Object>>> = Default::default();
    for p in &pods {
        for r in p.meta().owner_references.iter().flatten() {
            pods_of.entry(r.uid.as_str()).or_default().push(p.clone());
        }
    }
    let owned = |owner: &Object, list: &[Arc<Object>]| -> Vec<Arc<Object>> {
        let uid = owner.meta().uid.clone();
        list.iter()
            .filter(|o| {
                o.meta()
                    .owner_references
                    .iter()
                    .flatten()
                    .any(|r| Some(&r.uid) == uid.as_ref())
            })
            .cloned()
            .collect()
    };
    let owned_pods = |owner: &Object| -> Vec<Arc<Object>> {
        owner
            .meta()
            .uid
            .as_deref()
            .and_then(|u| pods_of.get(u))
            .cloned()
            .unwrap_or_default()
    };
    let daemonsets = c.store.list(Kind::DaemonSet, None);
    let jobs = c.store.list(Kind::Job, None);
    let cronjobs = c.store.list(Kind::CronJob, None);
    // A Job owned by a listed CronJob shows under it, not on its own.
    let of_cronjob = |j: &Arc<Object>| {
        j.meta().owner_references.iter().flatten().any(|r| {
            r.kind == "CronJob"
                && cronjobs
                    .iter()
                    .any(|cj| cj.meta().uid.as_ref() == Some(&r.uid))
        })
    };
    let statefulsets = c.store.list(Kind::StatefulSet, None);
    let mut claims = c.store.list(Kind::PersistentVolumeClaim, None);
    claims.stable_sort_by(|a, b| ordinal_key(a.name()).cmp(&ordinal_key(b.name())));
    let volumes = c.store.list(Kind::PersistentVolume, None);
    // A volume's claim: the one its claimRef names (the same uid, when the ref has one).
    let binds = |pv: &Object, claim: &Object| {
        pv.as_pv()
            .and_then(|v| v.spec.as_ref())
            .and_then(|s| s.claim_ref.as_ref())
            .is_some_and(|r| {
                r.namespace.as_deref() == Some(claim.namespace())
                    && r.name.as_deref() == Some(claim.name())
                    && r.uid
                        .as_ref()
                        .is_none_or(|u| claim.meta().uid.as_ref() == Some(u))
            })
    };
    let services = c.store.list(Kind::Service, None);
    let hpas = c.store.list(Kind::HorizontalPodAutoscaler, None);
    let pdbs = c.store.list(Kind::PodDisruptionBudget, None);
    // The user's ConfigMaps; not kube-root-ca.crt, which the root CA publisher puts in
    // every namespace, nor the system namespaces' own.
    let configmaps: Vec<Arc<Object>> = c
        .store
        .list(Kind::ConfigMap, None)
        .into_iter()
        .filter(|o| !is_system(o.namespace()) && o.name() != "kube-root-ca.crt")
        .collect();
    let live: std::collections::HashSet<&str> = rss
        .iter()
        .chain(&daemonsets)
        .chain(&statefulsets)
        .chain(&jobs)
        .filter_map(|o| o.meta().uid.as_deref())
        .collect();
    let live_owner = |uid: &str| live.contains(uid);
    let mut rows = vec![];
    // An owner's pods: listed, or folded into one line when there are many.
    let push_pods = |rows: &mut Vec<TreeRow>,
                     owner: &Object,
                     mut ps: Vec<Arc<Object>>,
                     depth: u8,
                     ordinal: bool| {
        if ordinal {
            ps.stable_sort_by(|a, b| ordinal_key(a.name()).cmp(&ordinal_key(b.name())));
        }
        let uid = owner.meta().uid.clone().unwrap_or_default();
        let mut depth = depth;
        if ps.len() > FOLD_PODS_ABOVE {
            let mut counts = [0; 8];
            for p in &ps {
                let st = crate::grid::CellState::of(p);
                counts[crate::grid::STATES
                    .iter()
                    .position(|s| *s == st)
                    .unwrap_or(0)] += 1;
            }
            let open = expanded.contains(&uid);
            rows.push(TreeRow::Pods {
                depth,
                owner: uid,
                total: ps.len(),
                counts,
                open,
            });
            if !open {
                return;
            }
            depth += 1;
        }
        rows.extend(ps.into_iter().map(|obj| TreeRow::Obj { depth, obj }));
    };
    // One side of the tree (the user's namespaces, or one system namespace): Deployments
    // with their ReplicaSets and pods, DaemonSets with their pods, StatefulSets with their
    // pods in ordinal order, CronJobs with their Jobs and pods, the other Jobs with their
    // pods, HorizontalPodAutoscalers, PodDisruptionBudgets, pods no controller owns (and
    // mirror pods, owned by their Node), Services with their EndpointSlices,
    // PersistentVolumeClaims with their volumes, ConfigMaps.
    let side = |rows: &mut Vec<TreeRow>, group: Option<&str>, base: u8| {
        let mine = |o: &&Arc<Object>| match group {
            Some(ns) => o.namespace() == ns,
            None => !is_system(o.namespace()),
        };
        let obj = |rows: &mut Vec<TreeRow>, o: &Arc<Object>, d: u8| {
            rows.push(TreeRow::Obj {
                depth: base + d,
                obj: o.clone(),
            })
        };
        for d in deployments.iter().filter(mine) {
            obj(rows, d, 0);
            for rs in owned(d, &rss) {
                obj(rows, &rs, 1);
                push_pods(rows, &rs, owned_pods(&rs), base + 2, false);
            }
        }
        for d in daemonsets.iter().filter(mine) {
            obj(rows, d, 0);
            push_pods(rows, d, owned_pods(d), base + 1, false);
        }
        for s in statefulsets.iter().filter(mine) {
            obj(rows, s, 0);
            push_pods(rows, s, owned_pods(s), base + 1, true);
        }
        for cj in cronjobs.iter().filter(mine) {
            obj(rows, cj, 0);
            for j in owned(cj, &jobs) {
                obj(rows, &j, 1);
                push_pods(rows, &j, owned_pods(&j), base + 2, false);
            }
        }
        for j in jobs.iter().filter(mine).filter(|j| !of_cronjob(j)) {
            obj(rows, j, 0);
            push_pods(rows, j, owned_pods(j), base + 1, false);
        }
        for h in hpas.iter().filter(mine) {
            obj(rows, h, 0);
        }
        for p in pdbs.iter().filter(mine) {
            obj(rows, p, 0);
        }
        // Pods no listed owner holds: none, a mirror pod's Node, or an owner already gone
        // (a namespace or a cascade being deleted leaves its pods terminating).
        for p in pods.iter().filter(mine) {
            if p.meta()
                .owner_references
                .iter()
                .flatten()
                .all(|r| !live_owner(&r.uid))
            {
                obj(rows, p, 0);
            }
        }
        for svc in services.iter().filter(mine) {
            obj(rows, svc, 0);
            for sl in owned(svc, &slices) {
                obj(rows, &sl, 1);
            }
        }
        for pvc in claims.iter().filter(mine) {
            obj(rows, pvc, 0);
            for pv in volumes.iter().filter(|pv| binds(pv, pvc)) {
                obj(rows, pv, 1);
            }
        }
        for cm in configmaps.iter().filter(mine) {
            obj(rows, cm, 0);
        }
    };
    side(&mut rows, None, 0);
    let mut per_ns = [0usize; SYSTEM_NAMESPACES.len()];
    for p in &pods {
        if let Some(i) = SYSTEM_NAMESPACES.iter().position(|ns| *ns == p.namespace()) {
            per_ns[i] += 1;
        }
    }
    for (ns, &count) in SYSTEM_NAMESPACES.iter().zip(&per_ns) {
        if count > 0 {
            let open = expanded.contains(&format!("ns:{}", ns));
            rows.push(TreeRow::Ns {
                ns,
                pods: count,
                open,
            });
            if open {
                side(&mut rows, Some(ns), 1);
            }
        }
    }
    // Volumes no listed claim holds (Available, or Released once their claim is gone):
    // cluster-scoped, next to the Nodes.
    for pv in volumes
        .iter()
        .filter(|pv| !claims.iter().any(|pvc| binds(pv, pvc)))
    {
        rows.push(TreeRow::Obj {
            depth: 0,
            obj: pv.clone(),
        });
    }
    // Namespaces the user made (Active, or Terminating while being deleted).
    for n in c.store.list(Kind::Namespace, None) {
        if !is_system(n.name())
            && !["default", "kube-public", "kube-node-lease"].contains(&n.name())
        {
            rows.push(TreeRow::Obj { depth: 0, obj: n });
        }
    }
    let mut nodes = c.store.list(Kind::Node, None);
    nodes.stable_sort_by(|a, b| ordinal_key(a.name()).cmp(&ordinal_key(b.name())));
    for n in nodes {
        rows.push(TreeRow::Obj { depth: 0, obj: n });
    }
    rows
}

fn objects(app: &App, ctx: &Context<App>) -> Html {
    let e = app.shown();
    let c = e.cluster();
    let link = ctx.link();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    // The rows, rebuilt when the store or what is unfolded changed.
    let rows = {
        let mut cache = app.tree_cache.borrow_mut();
        let mark = crate::cache::Mark::of(c);
        let now = crate::share::now_ms();
        match cache.as_ref() {
            Some((m, x, rows, _)) if *m == mark && *x == app.expanded => rows.clone(),
            // Once a second while a settle runs in slices, as the pod grid.
            Some((_, x, rows, built))
                if app.settling.is_some() && *x == app.expanded && now - built < 1000.0 =>
            {
                rows.clone()
            }
            _ => {
                let rows = Rc::new(tree_rows(c, &app.expanded));
                *cache = Some((mark, app.expanded.clone(), rows.clone(), now));
                rows
            }
        }
    };
    let selected = app
        .selected
        .as_ref()
        .and_then(|k| c.store.get_obj(k).cloned());
    let reveal = app.selected.as_ref().and_then(|k| {
        rows.iter().position(|r| match r {
            TreeRow::Obj { obj, .. } => {
                obj.kind() == k.kind && obj.name() == k.name && obj.namespace() == k.namespace
            }
            _ => false,
        })
    });
    let history: Vec<(i64, &str)> = match &app.selected {
        Some(k) => {
            let mut revs = app.revs_cache.borrow_mut();
            revs.update(e, k);
            revs.revs.clone()
        }
        None => vec![],
    };
    let render = {
        let rows = rows.clone();
        let link = link.clone();
        let sel = app.selected.clone();
        let now = c.now;
        Callback::from(move |(a, b): (usize, usize)| -> Html {
            rows[a..b].iter().map(|r| match r {
                TreeRow::Obj { depth, obj } => {
                    let key = obj.key();
                    let class = if sel.as_ref() == Some(&key) { format!("obj d{} sel", depth) } else { format!("obj d{}", depth) };
                    let k2 = key.clone();
                    html! {
                        <li class={class}>
                            <button onclick={link.callback(move |_| Msg::Select(k2.clone()))}>
                                <span class="kind">{ key.kind.name() }</span>{" "}{ label_of(obj, now, lang) }
                            </button>
                        </li>
                    }
                }
                TreeRow::Pods { depth, owner, total, counts, open } => {
                    let by: Vec<(String, usize)> = crate::grid::STATES
                        .iter()
                        .zip(counts.iter())
                        .filter(|(_, n)| **n > 0)
                        .map(|(s, n)| (i18n::cell_state(lang, *s).to_string(), *n))
                        .collect();
                    let owner = owner.clone();
                    html! {
                        <li class={format!("obj d{} podgroup", depth)}>
                            <button aria-expanded={open.to_string()} onclick={link.callback(move |_| Msg::Toggle(owner.clone()))}>
                                { if *open { "▾ " } else { "▸ " } }{ i18n::pod_group(lang, *total, &by) }
                            </button>
                        </li>
                    }
                }
                TreeRow::Ns { ns, pods, open } => {
                    let key = format!("ns:{}", ns);
                    html! {
                        <li class="obj nsgroup" data-namespace={*ns}>
                            <button aria-expanded={open.to_string()} onclick={link.callback(move |_| Msg::Toggle(key.clone()))}>
                                { if *open { "▾ " } else { "▸ " } }{ i18n::namespace_group(lang, ns, *pods) }
                            </button>
                        </li>
                    }
                }
            }).collect::<Html>()
        })
    };
    html! {
        <section class="pane objects-pane" aria-label={t(Ui::ObjectsLabel)}>
            <h2>{ t(Ui::Objects) }</h2>
            <div class="objects">
                <crate::vlist::VirtualList tag="ul" id="tree" class="tree" count={rows.len()} row_px={TREE_ROW_PX} {render} {reveal} />
                <div class="objyaml">
                    { match selected {
                        Some(o) => {
                            let shown = app
                                .selected_at
                                .as_ref()
                                .filter(|(r, _)| Some(*r) == app.selected_rev)
                                .map(|(_, o)| o.clone())
                                .or_else(|| app.selected_rev.and_then(|r| c.store.change_at(r)).map(|ev| ev.obj.clone()))
                                .unwrap_or(o);
                            html!{ <>
                                <div class="revs">{ t(Ui::Revisions) }
                                    { for history.iter().map(|(r, t)| {
                                        let rev = *r;
                                        let sel = app.selected_rev == Some(rev);
                                        html!{ <button class={ if sel { "rev sel" } else { "rev" } } title={t.to_string()}
                                            onclick={link.callback(move |_| Msg::SelectRev(Some(rev)))}>{ format!("{} {}", rev, t) }</button> }
                                    }) }
                                    <button class={ if app.selected_rev.is_none() { "rev sel" } else { "rev" } } onclick={link.callback(|_| Msg::SelectRev(None))}>{ t(Ui::Now) }</button>
                                    { match app.selected.clone() {
                                        Some(k) if k.kind != Kind::Event => html!{
                                            <button id="edit-object" class="edit" title={t(Ui::EditObjectTitle)}
                                                onclick={link.callback(move |_| Msg::EditObject(k.clone()))}>{ t(Ui::EditObject) }</button>
                                        },
                                        _ => html!{},
                                    } }
                                </div>
                                <pre id="object-yaml">{ yaml_of(&shown) }</pre>
                            </> }
                        }
                        None => html!{ <p class="muted">{ t(Ui::ClickObject) }</p> },
                    } }
                </div>
            </div>
        </section>
    }
}

/// The text of a command's output as the console shows it (stdout, stderr and watch rows
/// in order).
pub fn chunk_text(out: &kubestep::ExecOutput) -> String {
    out.chunks
        .iter()
        .map(|c| match c {
            kubestep::Chunk::Stdout(s) | kubestep::Chunk::Stderr(s) => s.as_str(),
            kubestep::Chunk::Watch { text, .. } => text.as_str(),
            kubestep::Chunk::Step { .. } => "",
        })
        .collect()
}

fn console(app: &App, ctx: &Context<App>) -> Html {
    let link = ctx.link();
    let t = |k| i18n::ui(app.lang, k);
    let on_input = link.callback(|ev: InputEvent| {
        Msg::ConsoleInput(ev.target_unchecked_into::<HtmlInputElement>().value())
    });
    let on_key = link.batch_callback(|ev: KeyboardEvent| match ev.key().as_str() {
        "Enter" => Some(Msg::ConsoleRun),
        "ArrowUp" => {
            ev.prevent_default();
            Some(Msg::ConsoleHistory(-1))
        }
        "ArrowDown" => {
            ev.prevent_default();
            Some(Msg::ConsoleHistory(1))
        }
        _ => None,
    });
    html! {
        <section class="pane console-pane" aria-label={t(Ui::ConsoleLabel)}>
            <h2>{ t(Ui::Console) }</h2>
            <div class="term" id="console-output">
                { for app.console.iter().map(|c| html!{ <div class="centry">
                    <div class="cmd">{ format!("$ {}", c.command) }</div>
                    <pre class={ if c.error { "out err" } else { "out" } }>{ c.output.clone() }</pre>
                </div> }) }
            </div>
            <div class="prompt"><span>{"$ "}</span>
                <input id="console" type="text" placeholder={t(Ui::ConsolePlaceholder)} value={app.console_input.clone()} oninput={on_input} onkeydown={on_key} aria-label={t(Ui::CommandLabel)} autocomplete="off" />
                { if app.head.waiting() || app.settling.is_some() {
                    html!{ <button id="stop" class="small" title={t(Ui::StopTitle)} onclick={link.callback(|_| Msg::Stop)}>{ t(Ui::Stop) }</button> }
                } else { html!{} } }
            </div>
        </section>
    }
}

/// The compact player for an iframe (`?embed`): transport, the current step's sentence, the
/// chosen panes, and a link to the full sandbox.
fn embed_page(app: &App, ctx: &Context<App>) -> Html {
    use crate::options::{Pane, UrlOptions};
    let e = app.shown();
    let link = ctx.link();
    let lang = app.lang;
    let t = |k| i18n::ui(lang, k);
    let cur = e.history().len() as u64;
    let total = app.head.history().len() as u64;
    let loc = gloo::utils::window().location();
    let full = format!(
        "{}{}{}",
        loc.pathname().unwrap_or_default(),
        UrlOptions::full_sandbox_query(&loc.search().unwrap_or_default()),
        loc.hash().unwrap_or_default()
    );
    let playing = app.play.is_some();
    let line = e
        .history()
        .last()
        .map(|r| {
            format!(
                "[{}] {}: {}",
                r.time.clock(),
                r.component,
                r.summary_in(lang)
            )
        })
        .unwrap_or_else(|| t(Ui::EmbedIntro).into());
    let panes = &app.opts.panes;
    let class = format!("embed-grid panes-{}", panes.len().min(4));
    html! {
        <div class="app embed">
            <header class="embed-top" role="toolbar" aria-label="transport">
                <button id="back" title={t(Ui::BackTitle)} onclick={link.callback(|_| Msg::Back)} disabled={cur == 0}>{"◀"}</button>
                <button id="step" title={t(Ui::StepTitle)} onclick={link.callback(|_| Msg::Step)}>{ t(Ui::Step) }</button>
                <button id="play" title={t(Ui::PlayTitle)} onclick={link.callback(|_| Msg::TogglePlay)}>{ if playing { "❚❚" } else { "▶▶" } }</button>
                <button id="reset" title={t(Ui::StartOver)} onclick={link.callback(|_| Msg::Reset)}>{"↺"}</button>
                <span class="clock" id="clock">{ format!("t = {}", e.cluster().now.clock()) }</span>
                <span class="stepno" id="stepno">{ i18n::step_counter(lang, cur, total) }</span>
                <a class="full" id="open-full" href={full} target="_blank" rel="noopener">{ t(Ui::OpenFull) }</a>
            </header>
            <p class="embed-explain" id="explain">{ line }</p>
            <main class={class}>
                { for panes.iter().map(|p| match p {
                    Pane::Arch => architecture(app, ctx),
                    Pane::Events => events(app, lang),
                    Pane::Step => step_details(e, lang),
                    Pane::Editor => editor(app, ctx),
                    Pane::Console => console(app, ctx),
                    Pane::Objects => objects(app, ctx),
                }) }
            </main>
        </div>
    }
}

/// The whole page.
pub fn page(app: &App, ctx: &Context<App>) -> Html {
    if app.opts.embed {
        return embed_page(app, ctx);
    }
    let e = app.shown();
    html! {
        <div class="app">
            { header(app, ctx) }
            { if app.view.is_some() { html!{ <div class="viewing" id="viewing">{ i18n::looking_at(app.lang, e.history().len() as u64, app.head.history().len() as u64) }</div> } } else { html!{} } }
            <main class="grid">
                { editor(app, ctx) }
                { architecture(app, ctx) }
                { step_details(e, app.lang) }
                { events(app, app.lang) }
                { objects(app, ctx) }
                { console(app, ctx) }
            </main>
        </div>
    }
}

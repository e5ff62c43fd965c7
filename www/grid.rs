//! The dense view of a big cluster: one canvas, one cell per pod, grouped by node and
//! coloured by phase and readiness. It replaces the node boxes of DOM chips above
//! [`GRID_ABOVE_PODS`] pods or [`GRID_ABOVE_NODES`] nodes, so a Step costs what is
//! visible, not what exists. The cell under the pointer names its pod; a click selects it
//! in the objects pane.
//!
//! The model ([`GridModel`]) is built from the store once per revision (the page keeps it
//! while the revision stays); the canvas is redrawn only when the model or the width
//! changes.

use kubestep::sort::StableSort;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use kubestep::cluster::Cluster;
use kubestep::lang::Lang;
use kubestep::object::{Kind, ObjKey, Object};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MouseEvent};
use yew::prelude::*;

/// Draw the grid when the user's pods are more than this.
pub const GRID_ABOVE_PODS: usize = 150;
/// Or when there are more nodes than this.
pub const GRID_ABOVE_NODES: usize = 24;

/// What one cell says about its pod.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CellState {
    /// Running, every container ready.
    Ready,
    /// Running, not every container ready (a readiness probe not passed yet).
    NotReady,
    /// Bound to a node, containers not started yet (ContainerCreating, image pulls).
    Creating,
    /// Not bound to a node.
    Unscheduled,
    /// A container waiting for a bad reason (CrashLoopBackOff, ErrImagePull,
    /// ImagePullBackOff, CreateContainerConfigError, InvalidImageName …).
    Error,
    /// Being deleted (deletionTimestamp set).
    Terminating,
    /// Phase Succeeded.
    Completed,
    /// Phase Failed.
    Failed,
}

/// Every state, in legend order.
pub const STATES: [CellState; 8] = [
    CellState::Ready,
    CellState::NotReady,
    CellState::Creating,
    CellState::Unscheduled,
    CellState::Error,
    CellState::Terminating,
    CellState::Completed,
    CellState::Failed,
];

impl CellState {
    /// The cell's colour (legible on the light and the dark theme).
    pub fn color(self) -> &'static str {
        match self {
            CellState::Ready => "#2e9e53",
            CellState::NotReady => "#e0892a",
            CellState::Creating => "#e9c046",
            CellState::Unscheduled => "#9aa3b2",
            CellState::Error => "#d93b30",
            CellState::Terminating => "#9060b0",
            CellState::Completed => "#5b7fa6",
            CellState::Failed => "#8b1a1a",
        }
    }

    /// The legend's CSS class (the same colour in www/style.css).
    pub fn class(self) -> &'static str {
        match self {
            CellState::Ready => "c-ready",
            CellState::NotReady => "c-notready",
            CellState::Creating => "c-creating",
            CellState::Unscheduled => "c-unscheduled",
            CellState::Error => "c-error",
            CellState::Terminating => "c-terminating",
            CellState::Completed => "c-completed",
            CellState::Failed => "c-failed",
        }
    }

    /// Its position in [`STATES`] (and in the models' counts).
    pub fn index(self) -> usize {
        STATES.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// A pod's state, read from its fields without formatting anything.
    pub fn of(o: &Object) -> CellState {
        let Some(p) = o.as_pod() else {
            return CellState::Failed;
        };
        if p.metadata.deletion_timestamp.is_some() {
            return CellState::Terminating;
        }
        let st = p.status.as_ref();
        let phase = st.and_then(|s| s.phase.as_deref());
        match phase {
            Some("Succeeded") => return CellState::Completed,
            Some("Failed") => return CellState::Failed,
            _ => {}
        }
        let bad_wait = st
            .and_then(|s| s.container_statuses.as_ref())
            .into_iter()
            .flatten()
            .filter_map(|c| c.state.as_ref()?.waiting.as_ref()?.reason.as_deref())
            .any(|r| r != "ContainerCreating" && r != "PodInitializing");
        if bad_wait {
            return CellState::Error;
        }
        if p.spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .is_none()
        {
            return CellState::Unscheduled;
        }
        if phase != Some("Running") {
            return CellState::Creating;
        }
        let ready = st
            .and_then(|s| s.conditions.as_ref())
            .into_iter()
            .flatten()
            .any(|c| c.type_ == "Ready" && c.status == "True");
        if ready {
            CellState::Ready
        } else {
            CellState::NotReady
        }
    }
}

/// One node's box (or the last box, of pods not scheduled).
#[derive(Clone)]
pub struct NodeBox {
    /// The node's name; empty for the pods not scheduled.
    pub name: String,
    /// Not Ready, or its kubelet stopped.
    pub bad: bool,
    /// Cordoned (spec.unschedulable).
    pub cordoned: bool,
    /// The box's pods in the store's order (namespace, name).
    pub pods: Vec<(CellState, Arc<Object>)>,
}

/// The grid's content: what the store holds at one revision. Boxes are shared between
/// successive models, so bringing one up to date copies only the boxes that changed.
#[derive(Clone)]
pub struct GridModel {
    pub boxes: Vec<Rc<NodeBox>>,
    /// Pods per state, in [`STATES`] order.
    pub counts: [usize; 8],
    pub pods: usize,
    /// Node name → its box.
    index: Rc<std::collections::HashMap<String, usize>>,
}

impl GridModel {
    /// How many nodes (boxes, less the one of pods not scheduled).
    pub fn nodes(&self) -> usize {
        self.boxes.iter().filter(|b| !b.name.is_empty()).count()
    }
}

/// Whether the architecture view should draw the grid for this cluster: counts, and the
/// system namespaces' pods listed (a few), never a walk of every pod.
pub fn wanted(c: &Cluster) -> bool {
    let nodes = c.store.count(Kind::Node) as usize;
    let system: usize = crate::views::SYSTEM_NAMESPACES
        .iter()
        .map(|ns| c.store.list(Kind::Pod, Some(ns)).len())
        .sum();
    nodes > GRID_ABOVE_NODES || c.store.count(Kind::Pod) as usize - system > GRID_ABOVE_PODS
}

/// Build the model: the user's pods (not the system namespaces') by node.
pub fn build(c: &Cluster) -> GridModel {
    let mut nodes = c.store.list(Kind::Node, None);
    nodes.stable_sort_by(|a, b| {
        crate::views::ordinal_key(a.name()).cmp(&crate::views::ordinal_key(b.name()))
    });
    let mut index = std::collections::HashMap::new();
    let mut boxes: Vec<NodeBox> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            index.insert(n.name().to_string(), i);
            let (bad, cordoned) = node_flags(c, n);
            NodeBox {
                name: n.name().to_string(),
                bad,
                cordoned,
                pods: vec![],
            }
        })
        .collect();
    let mut loose = NodeBox {
        name: String::new(),
        bad: false,
        cordoned: false,
        pods: vec![],
    };
    let mut counts = [0; 8];
    let mut total = 0;
    for p in c.store.list(Kind::Pod, None) {
        if crate::views::is_system(p.namespace()) {
            continue;
        }
        let st = CellState::of(&p);
        counts[st.index()] += 1;
        total += 1;
        let node = p
            .as_pod()
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.node_name.as_deref());
        match node.and_then(|n| index.get(n)) {
            Some(&i) => boxes[i].pods.push((st, p)),
            None => loose.pods.push((st, p)),
        }
    }
    if !loose.pods.is_empty() {
        boxes.push(loose);
    }
    GridModel {
        boxes: boxes.into_iter().map(Rc::new).collect(),
        counts,
        pods: total,
        index: Rc::new(index),
    }
}

/// At most this many store changes are applied to a model; beyond, it is rebuilt.
const UPDATE_AT_MOST: usize = 20_000;

/// `m`, built at store revision `from`, brought up to `c` from the watch log: only what
/// changed since is read (a Step at 100,000 pods moves a handful of cells instead of
/// listing every pod). None when a rebuild is simpler or needed: a node added, removed or
/// changed, the box of pods not scheduled appearing or emptying, many changes, or the
/// log compacted past `from`.
pub fn update(m: &GridModel, c: &Cluster, from: i64) -> Option<GridModel> {
    let changes = c.store.changes_since(from).ok()?;
    if changes.len() > UPDATE_AT_MOST {
        return None;
    }
    let mut m = m.clone();
    // The box a pod is drawn in: its node's, or the last one, of pods not scheduled (made
    // when its first pod comes, as `build` makes it only when there are some).
    fn box_of(m: &mut GridModel, o: &Object, make: bool) -> Option<usize> {
        let node = o
            .as_pod()
            .and_then(|p| p.spec.as_ref())
            .and_then(|s| s.node_name.as_deref());
        if let Some(&i) = node.and_then(|n| m.index.get(n)) {
            return Some(i);
        }
        if !m.boxes.last().is_some_and(|b| b.name.is_empty()) {
            if !make {
                return None;
            }
            m.boxes.push(Rc::new(NodeBox {
                name: String::new(),
                bad: false,
                cordoned: false,
                pods: vec![],
            }));
        }
        Some(m.boxes.len() - 1)
    }
    let order = |o: &Object, ns: &str, name: &str| (o.namespace(), o.name()).cmp(&(ns, name));
    for ch in &changes {
        match ch.obj.kind() {
            // A node's flags change in place; a node added or removed moves boxes.
            Kind::Node if ch.ty == kubestep::store::WatchType::Modified => {
                let &b = m.index.get(ch.obj.name())?;
                let (bad, cordoned) = node_flags(c, &ch.obj);
                let bx = &mut m.boxes[b];
                if (bx.bad, bx.cordoned) != (bad, cordoned) {
                    let bx = Rc::make_mut(bx);
                    bx.bad = bad;
                    bx.cordoned = cordoned;
                }
                continue;
            }
            Kind::Node => return None,
            Kind::Pod if !crate::views::is_system(ch.obj.namespace()) => {}
            _ => continue,
        }
        let (ns, name) = (ch.obj.namespace(), ch.obj.name());
        if let Some(old) = &ch.old {
            let b = box_of(&mut m, old, false)?;
            let bx = Rc::make_mut(&mut m.boxes[b]);
            let i = bx.pods.binary_search_by(|(_, p)| order(p, ns, name)).ok()?;
            let (st, _) = bx.pods.remove(i);
            m.counts[st.index()] -= 1;
            m.pods -= 1;
            if bx.name.is_empty() && bx.pods.is_empty() {
                m.boxes.pop();
            }
        }
        if ch.ty != kubestep::store::WatchType::Deleted {
            let b = box_of(&mut m, &ch.obj, true)?;
            let bx = Rc::make_mut(&mut m.boxes[b]);
            let st = CellState::of(&ch.obj);
            match bx.pods.binary_search_by(|(_, p)| order(p, ns, name)) {
                Ok(_) => return None,
                Err(i) => bx.pods.insert(i, (st, ch.obj.clone())),
            }
            m.counts[st.index()] += 1;
            m.pods += 1;
        }
    }
    Some(m)
}

/// A node box's flags: (not Ready or its kubelet stopped, cordoned).
fn node_flags(c: &Cluster, n: &Object) -> (bool, bool) {
    let node = n.as_node();
    let ready = node
        .and_then(|n| n.status.as_ref())
        .and_then(|s| s.conditions.as_ref())
        .into_iter()
        .flatten()
        .any(|c| c.type_ == "Ready" && c.status == "True");
    let cordoned = node
        .and_then(|n| n.spec.as_ref())
        .and_then(|s| s.unschedulable)
        == Some(true);
    (!ready || c.node_stopped(n.name()), cordoned)
}

/// The model, compared by identity: the page hands the same `Rc` while the store's
/// revision stays, so the canvas is not redrawn.
#[derive(Clone)]
pub struct Model(pub Rc<GridModel>);

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub model: Model,
    /// The node whose kubelet acted in the current step.
    #[prop_or_default]
    pub lit_node: Option<String>,
    /// Pods the current step wrote (outlined).
    #[prop_or_default]
    pub lit_pods: Rc<Vec<String>>,
    pub onselect: Callback<ObjKey>,
    pub lang: Lang,
}

/// Where things are on the canvas (CSS pixels).
#[derive(Clone, Copy, Default)]
struct Layout {
    /// A cell's pitch (cell + gap).
    cell: f64,
    cols: usize,
    box_w: f64,
    box_h: f64,
    per_row: usize,
    width: f64,
}

const LABEL_H: f64 = 13.0;
const PAD: f64 = 3.0;
const GAP: f64 = 4.0;
const LABEL_W: f64 = 64.0;

impl Layout {
    fn new(m: &GridModel, width: f64) -> Layout {
        let most = m
            .boxes
            .iter()
            .map(|b| b.pods.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let cell = if m.pods <= 3_000 {
            8.0
        } else if m.pods <= 30_000 {
            5.0
        } else {
            3.0
        };
        let cols = ((most as f64).sqrt().ceil() as usize).max((LABEL_W / cell).ceil() as usize);
        let rows = most.div_ceil(cols);
        let box_w = cols as f64 * cell + 2.0 * PAD;
        let box_h = LABEL_H + rows as f64 * cell + 2.0 * PAD;
        let per_row = (((width + GAP) / (box_w + GAP)).floor() as usize).max(1);
        Layout {
            cell,
            cols,
            box_w,
            box_h,
            per_row,
            width,
        }
    }

    fn height(&self, boxes: usize) -> f64 {
        boxes.div_ceil(self.per_row) as f64 * (self.box_h + GAP)
    }

    fn origin(&self, b: usize) -> (f64, f64) {
        (
            (b % self.per_row) as f64 * (self.box_w + GAP),
            (b / self.per_row) as f64 * (self.box_h + GAP),
        )
    }

    fn cell_xy(&self, b: usize, i: usize) -> (f64, f64) {
        let (x, y) = self.origin(b);
        (
            x + PAD + (i % self.cols) as f64 * self.cell,
            y + PAD + LABEL_H + (i / self.cols) as f64 * self.cell,
        )
    }

    /// The box and pod under a point, if any.
    fn hit(&self, m: &GridModel, x: f64, y: f64) -> Option<(usize, Option<usize>)> {
        let col = (x / (self.box_w + GAP)).floor();
        let row = (y / (self.box_h + GAP)).floor();
        if col < 0.0 || row < 0.0 || col as usize >= self.per_row {
            return None;
        }
        let b = row as usize * self.per_row + col as usize;
        let bx = m.boxes.get(b)?;
        let (ox, oy) = self.origin(b);
        let (cx, cy) = (x - ox - PAD, y - oy - PAD - LABEL_H);
        if cx < 0.0 || cy < 0.0 || cx >= self.cols as f64 * self.cell {
            return Some((b, None));
        }
        let i = (cy / self.cell).floor() as usize * self.cols + (cx / self.cell).floor() as usize;
        Some((b, (i < bx.pods.len()).then_some(i)))
    }
}

pub enum GridMsg {
    Hover(f64, f64),
    Leave,
    Click(f64, f64),
    /// The window was resized: lay the cells out again for the new width.
    Resize,
}

pub struct PodGrid {
    canvas: NodeRef,
    layout: RefCell<Layout>,
    /// (model, width, lit node, lit pods) last drawn.
    drawn: RefCell<Option<(Model, f64, Option<String>, Rc<Vec<String>>)>>,
    /// The box and pod under the pointer.
    hover: Option<(usize, Option<usize>)>,
    /// The window's `resize` listener (redraws when the grid's width changed).
    _resize: gloo::events::EventListener,
}

impl Component for PodGrid {
    type Message = GridMsg;
    type Properties = GridProps;

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        PodGrid {
            canvas: NodeRef::default(),
            layout: RefCell::new(Layout::default()),
            drawn: RefCell::new(None),
            hover: None,
            _resize: gloo::events::EventListener::new(
                &gloo::utils::window(),
                "resize",
                move |_| link.send_message(GridMsg::Resize),
            ),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: GridMsg) -> bool {
        let m = &ctx.props().model.0;
        let layout = *self.layout.borrow();
        match msg {
            GridMsg::Hover(x, y) => {
                let h = layout.hit(m, x, y);
                if h == self.hover {
                    return false;
                }
                self.hover = h;
                true
            }
            GridMsg::Leave => self.hover.take().is_some(),
            GridMsg::Resize => {
                // `draw` redraws only when the width (or the model) changed.
                self.draw(ctx);
                false
            }
            GridMsg::Click(x, y) => {
                if let Some((b, Some(i))) = layout.hit(m, x, y) {
                    ctx.props().onselect.emit(m.boxes[b].pods[i].1.key());
                } else if let Some((b, None)) = layout.hit(m, x, y)
                    && !m.boxes[b].name.is_empty()
                {
                    ctx.props().onselect.emit(ObjKey {
                        kind: Kind::Node,
                        namespace: String::new(),
                        name: m.boxes[b].name.clone(),
                    });
                }
                false
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let m = &p.model.0;
        let link = ctx.link();
        let xy = |e: &MouseEvent| (e.offset_x() as f64, e.offset_y() as f64);
        let onmousemove = link.callback(move |e: MouseEvent| {
            let (x, y) = xy(&e);
            GridMsg::Hover(x, y)
        });
        let onclick = link.callback(move |e: MouseEvent| {
            let (x, y) = xy(&e);
            GridMsg::Click(x, y)
        });
        let onmouseleave = link.callback(|_| GridMsg::Leave);
        let info = match self.hover {
            Some((b, Some(i))) => {
                let (st, pod) = &m.boxes[b].pods[i];
                let node = &m.boxes[b].name;
                crate::i18n::grid_pod(
                    p.lang,
                    pod.name(),
                    crate::i18n::cell_state(p.lang, *st),
                    node,
                )
            }
            Some((b, None)) => {
                crate::i18n::grid_node(p.lang, &m.boxes[b].name, m.boxes[b].pods.len())
            }
            None => crate::i18n::grid_hint(p.lang, m.pods, m.nodes()),
        };
        html! {
            <div class="podgrid-wrap">
                <div class="podgrid" id="podgrid">
                    <canvas ref={self.canvas.clone()} {onmousemove} {onclick} {onmouseleave}
                        role="img" aria-label={crate::i18n::grid_hint(p.lang, m.pods, m.nodes())}></canvas>
                </div>
                <div class="gridinfo" id="gridinfo">{ info }</div>
                <div class="legend">{ for STATES.iter().filter(|s| m.counts[s.index()] > 0).map(|s| html!{
                    <span class="gl"><span class={classes!("sw", s.class())}></span>{ format!("{} {}", m.counts[s.index()], crate::i18n::cell_state(p.lang, *s)) }</span>
                }) }</div>
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, _first: bool) {
        self.draw(ctx);
    }
}

impl PodGrid {
    /// Draw the model, unless what is on the canvas is already it.
    fn draw(&self, ctx: &Context<Self>) {
        let p = ctx.props();
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let width = canvas
            .parent_element()
            .map(|e| e.client_width() as f64)
            .unwrap_or(600.0)
            .max(120.0);
        let key = (
            p.model.clone(),
            width,
            p.lit_node.clone(),
            p.lit_pods.clone(),
        );
        {
            let drawn = self.drawn.borrow();
            if let Some((m, w, n, l)) = drawn.as_ref()
                && *m == key.0
                && *w == key.1
                && *n == key.2
                && **l == *key.3
            {
                return;
            }
        }
        let m = &p.model.0;
        let layout = Layout::new(m, width);
        *self.layout.borrow_mut() = layout;
        let height = layout.height(m.boxes.len()).max(1.0);
        let dpr = gloo::utils::window().device_pixel_ratio().clamp(1.0, 2.0);
        canvas.set_width((layout.width * dpr) as u32);
        canvas.set_height((height * dpr) as u32);
        let style = canvas.style();
        let _ = style.set_property("width", &format!("{}px", layout.width));
        let _ = style.set_property("height", &format!("{}px", height));
        let Some(g) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = g.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        g.clear_rect(0.0, 0.0, layout.width, height);
        // The theme's colours, from the stylesheet's variables.
        let css = gloo::utils::window()
            .get_computed_style(&canvas)
            .ok()
            .flatten();
        let var = |name: &str, dflt: &str| {
            css.as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| dflt.to_string())
        };
        let (line, muted, bad, accent, bg) = (
            var("--line", "#d9dde5"),
            var("--muted", "#5b6477"),
            var("--bad", "#b3261e"),
            var("--accent", "#2457d6"),
            var("--bg", "#f7f8fa"),
        );
        g.set_font("10px ui-monospace, monospace");
        g.set_text_baseline("top");
        let lit_pods: std::collections::HashSet<&str> =
            p.lit_pods.iter().map(String::as_str).collect();
        for (b, bx) in m.boxes.iter().enumerate() {
            let (x, y) = layout.origin(b);
            g.set_fill_style_str(&bg);
            g.fill_rect(x, y, layout.box_w, layout.box_h);
            let lit = p.lit_node.as_deref() == Some(bx.name.as_str()) && !bx.name.is_empty();
            g.set_stroke_style_str(if lit {
                &accent
            } else if bx.bad {
                &bad
            } else {
                &line
            });
            g.set_line_width(if lit || bx.bad { 2.0 } else { 1.0 });
            if bx.name.is_empty() || bx.cordoned {
                g.set_line_dash(&js_dash()).ok();
            }
            g.stroke_rect(x + 0.5, y + 0.5, layout.box_w - 1.0, layout.box_h - 1.0);
            g.set_line_dash(&js_sys::Array::new()).ok();
            g.set_fill_style_str(if bx.bad { &bad } else { &muted });
            let label = if bx.name.is_empty() {
                crate::i18n::ui(p.lang, crate::i18n::Ui::NotScheduled).to_string()
            } else {
                bx.name.clone()
            };
            let _ = g.fill_text_with_max_width(&label, x + PAD, y + PAD, layout.box_w - 2.0 * PAD);
            let mut fill = "";
            let size = (layout.cell - 1.0).max(1.0);
            for (i, (st, pod)) in bx.pods.iter().enumerate() {
                let c = st.color();
                if c != fill {
                    g.set_fill_style_str(c);
                    fill = c;
                }
                let (cx, cy) = layout.cell_xy(b, i);
                g.fill_rect(cx, cy, size, size);
                if !lit_pods.is_empty() && lit_pods.contains(pod.name()) {
                    g.set_stroke_style_str(&accent);
                    g.set_line_width(1.5);
                    g.stroke_rect(cx - 0.5, cy - 0.5, size + 1.0, size + 1.0);
                }
            }
        }
        // Where the first pod's cell is, for tests and benchmarks to click.
        if let Some(b) = m.boxes.iter().position(|b| !b.pods.is_empty()) {
            let (x, y) = layout.cell_xy(b, 0);
            let _ = canvas.set_attribute("data-first-pod", &format!("{},{}", x + 1.0, y + 1.0));
        }
        *self.drawn.borrow_mut() = Some(key);
    }
}

fn js_dash() -> js_sys::Array {
    let a = js_sys::Array::new();
    a.push(&3.into());
    a.push(&2.into());
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use kubestep::{Engine, EngineConfig};
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    /// What a model draws: each box's name, flags and pods (state, name), and the counts.
    fn drawn(
        m: &GridModel,
    ) -> (
        Vec<(String, bool, bool, Vec<(usize, String)>)>,
        [usize; 8],
        usize,
    ) {
        let boxes = m
            .boxes
            .iter()
            .map(|b| {
                let pods = b
                    .pods
                    .iter()
                    .map(|(s, p)| (s.index(), format!("{}/{}", p.namespace(), p.name())))
                    .collect();
                (b.name.clone(), b.bad, b.cordoned, pods)
            })
            .collect();
        (boxes, m.counts, m.pods)
    }

    fn run(e: &mut Engine, line: &str) {
        let out = e.exec(&kubestep::script::split_words(line).unwrap(), None, None);
        assert_eq!(out.exit, 0, "{line}: {:?}", out);
    }

    /// Brought up to date step after step (a rollout, a scale-down, deletions), the model
    /// is always what a rebuild at that revision gives; most steps need no rebuild.
    #[wasm_bindgen_test]
    fn updating_the_model_gives_what_a_rebuild_gives() {
        let mut e = Engine::new(EngineConfig::default());
        run(&mut e, "cluster reset --workers 12 --pods 110");
        run(
            &mut e,
            "kubectl create deployment web --image=nginx:1.27 --replicas=60",
        );
        let mut m = build(e.cluster());
        let mut rev = e.cluster().store.revision();
        let (mut updated, mut rebuilt) = (0, 0);
        for i in 0..700 {
            match i {
                250 => run(&mut e, "kubectl set image deployment/web nginx=nginx:1.28"),
                450 => run(&mut e, "kubectl scale deployment web --replicas=20"),
                600 => run(&mut e, "kubectl delete pods -l app=web --wait=false"),
                _ => run(&mut e, "step"),
            }
            let c = e.cluster();
            let want = build(c);
            match update(&m, c, rev) {
                Some(u) => {
                    assert_eq!(drawn(&u), drawn(&want), "after step {i}");
                    updated += 1;
                    m = u;
                }
                None => {
                    rebuilt += 1;
                    m = want;
                }
            }
            rev = c.store.revision();
        }
        assert!(rebuilt == 0, "updated {updated}, rebuilt {rebuilt}");
    }
}

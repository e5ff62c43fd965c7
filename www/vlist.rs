//! A virtualised list: a scrolling container that puts only the rows in view (plus a few
//! either side) in the DOM, with two spacers standing in for the rest. Rows have one fixed
//! height, so the window is arithmetic on `scrollTop`. Lists of at most [`VIRTUAL_ABOVE`]
//! rows are drawn whole, as before, so small clusters look and read the same.
//!
//! Spacer heights are set through the CSSOM (`element.style`), which the page's CSP allows;
//! a `style` attribute would be refused (`style-src 'self'`).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// Lists longer than this are virtualised.
pub const VIRTUAL_ABOVE: usize = 300;
/// Rows drawn beyond each edge of the view.
const OVERSCAN: usize = 20;

#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    /// The scrolling element's tag (`ul` or `div`); rows and spacers use `li` or `div` to
    /// match.
    pub tag: &'static str,
    pub id: AttrValue,
    pub class: AttrValue,
    /// How many rows there are.
    pub count: usize,
    /// Every row's height in CSS pixels (the stylesheet fixes it for `.virtual` rows).
    pub row_px: f64,
    /// Draw rows `a..b`.
    pub render: Callback<(usize, usize), Html>,
    /// Keep the newest (last) row in view while the reader is at the bottom, as a
    /// terminal running `kubectl get events --watch` does.
    #[prop_or_default]
    pub follow_tail: bool,
    /// Bring this row into view when it changes (e.g. the selected object).
    #[prop_or_default]
    pub reveal: Option<usize>,
}

/// The window of rows to draw: `(first, end)` for a view `view_px` tall scrolled to
/// `scroll_px`, or the last rows when following the tail.
pub fn window(
    count: usize,
    row_px: f64,
    scroll_px: f64,
    view_px: f64,
    tail: bool,
) -> (usize, usize) {
    if count <= VIRTUAL_ABOVE {
        return (0, count);
    }
    let visible = (view_px / row_px).ceil().max(1.0) as usize;
    let first = if tail {
        count.saturating_sub(visible)
    } else {
        ((scroll_px / row_px).floor().max(0.0) as usize).min(count.saturating_sub(visible))
    };
    let a = first.saturating_sub(OVERSCAN);
    let b = (first + visible + OVERSCAN).min(count);
    (a, b)
}

#[function_component(VirtualList)]
pub fn virtual_list(p: &VirtualListProps) -> Html {
    let node = use_node_ref();
    let top_ref = use_node_ref();
    let bottom_ref = use_node_ref();
    // (scrollTop, clientHeight) as last seen; whether the reader is at the bottom.
    let scroll = use_state(|| (0.0f64, 300.0f64));
    let at_tail = use_mut_ref(|| true);
    let last_reveal = use_mut_ref(|| None::<usize>);
    let virtual_ = p.count > VIRTUAL_ABOVE;
    let tail = p.follow_tail && *at_tail.borrow();
    let (a, b) = window(p.count, p.row_px, scroll.0, scroll.1, tail);
    {
        // After every draw: size the spacers, then keep the tail or the revealed row in
        // view.
        let node = node.clone();
        let (top_ref, bottom_ref) = (top_ref.clone(), bottom_ref.clone());
        let (count, row_px, follow, reveal) = (p.count, p.row_px, p.follow_tail, p.reveal);
        let at_tail = at_tail.clone();
        let last_reveal = last_reveal.clone();
        use_effect(move || {
            let set_h = |r: &NodeRef, px: f64| {
                if let Some(el) = r.cast::<HtmlElement>() {
                    let _ = el.style().set_property("height", &format!("{}px", px));
                }
            };
            if virtual_ {
                set_h(&top_ref, a as f64 * row_px);
                set_h(&bottom_ref, (count - b) as f64 * row_px);
            }
            if let Some(el) = node.cast::<HtmlElement>() {
                if follow && *at_tail.borrow() {
                    el.set_scroll_top(el.scroll_height());
                } else if reveal.is_some() && reveal != *last_reveal.borrow() {
                    let r = reveal.unwrap_or(0) as f64 * row_px;
                    let (top, h) = (el.scroll_top() as f64, el.client_height() as f64);
                    if r < top || r + row_px > top + h {
                        el.set_scroll_top((r - h / 2.0).max(0.0) as i32);
                    }
                }
            }
            *last_reveal.borrow_mut() = reveal;
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        let at_tail = at_tail.clone();
        let row_px = p.row_px;
        Callback::from(move |e: Event| {
            let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
                return;
            };
            let (top, h) = (el.scroll_top() as f64, el.client_height() as f64);
            *at_tail.borrow_mut() = top + h >= el.scroll_height() as f64 - row_px;
            // Redraw only when the window would move by a row or more.
            if (top - scroll.0).abs() >= row_px || (h - scroll.1).abs() >= row_px {
                scroll.set((top, h));
            }
        })
    };
    let class = if virtual_ {
        classes!(p.class.to_string(), "virtual")
    } else {
        classes!(p.class.to_string())
    };
    let spacer = if p.tag == "ul" { "li" } else { "div" };
    html! {
        <@{p.tag} id={p.id.clone()} class={class} ref={node} onscroll={onscroll}>
            { if virtual_ { html!{ <@{spacer} class="vspace" aria-hidden="true" ref={top_ref}></@> } } else { html!{} } }
            { p.render.emit((a, b)) }
            { if virtual_ { html!{ <@{spacer} class="vspace" aria-hidden="true" ref={bottom_ref}></@> } } else { html!{} } }
        </@>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn small_lists_are_drawn_whole() {
        assert_eq!(window(10, 16.0, 0.0, 100.0, false), (0, 10));
        assert_eq!(
            window(VIRTUAL_ABOVE, 16.0, 500.0, 100.0, true),
            (0, VIRTUAL_ABOVE)
        );
    }

    #[wasm_bindgen_test]
    fn long_lists_draw_the_view_and_the_overscan() {
        // 10,000 rows of 16 px, a 160 px view scrolled to row 1,000.
        assert_eq!(window(10_000, 16.0, 16_000.0, 160.0, false), (980, 1030));
        // At the top.
        assert_eq!(window(10_000, 16.0, 0.0, 160.0, false), (0, 30));
        // Following the tail: the last 10 rows and 20 above them.
        assert_eq!(window(10_000, 16.0, 0.0, 160.0, true), (9970, 10_000));
        // Scrolled past the end (a shrinking list): clamped to the last rows.
        assert_eq!(window(1000, 16.0, 1e9, 160.0, false), (970, 1000));
    }
}

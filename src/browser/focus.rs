//! The keyboard's focus and the caret: where they are, putting them on an
//! element (now, or once the DOM has caught up), and keeping them, with
//! the scroll position, across a part of the page replaced by an equal one.

use wasm_bindgen::JsCast;

use super::dom::{courtesy, document, html_element, window};

const FOCUS_REFUSED: &str = "The focus could not be moved:";

/// The id of the element with the keyboard focus, if it has one.
pub fn focused_id() -> Option<String> {
    let id = document()?.active_element()?.id();
    (!id.is_empty()).then_some(id)
}

/// Where the keyboard and the view are, to put them back after the page's
/// elements were replaced by equal ones.
pub struct FocusMemo {
    id: Option<String>,
    selection: Option<(u32, u32)>,
    scroll: (f64, f64),
}

impl FocusMemo {
    pub fn take() -> Self {
        let id = focused_id();
        let selection = id.as_deref().and_then(selection_of);
        let scroll = window()
            .map(|w| (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0)))
            .unwrap_or_default();
        Self {
            id,
            selection,
            scroll,
        }
    }

    /// Puts the view back if replacing the page moved it. Called at once,
    /// in the same task: a smooth scroll the browser has under way (to a
    /// fragment, say) goes on undisturbed.
    pub fn restore_scroll(&self) {
        let Some(window) = window() else { return };
        let now = (
            window.scroll_x().unwrap_or(0.0),
            window.scroll_y().unwrap_or(0.0),
        );
        if now != self.scroll {
            let options = web_sys::ScrollToOptions::new();
            options.set_left(self.scroll.0);
            options.set_top(self.scroll.1);
            // Not the stylesheet's smooth scrolling: the reader stays put.
            options.set_behavior(web_sys::ScrollBehavior::Instant);
            window.scroll_to_with_scroll_to_options(&options);
        }
    }

    /// Gives the keyboard back to the element that had it, and its caret.
    /// Called once the new page's effects have set its boxes' values. Only
    /// when the focus was lost with the replaced element: a box that was
    /// not replaced keeps the caret where the reader has moved it since.
    pub fn restore_focus(&self) {
        if !focus_is_lost() {
            return;
        }
        if let Some(element) = self.id.as_deref().and_then(html_element) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            courtesy(FOCUS_REFUSED, element.focus_with_options(&options));
            if let Some((start, end)) = self.selection {
                set_selection(&element, start, end);
            }
        }
    }
}

fn selection_of(id: &str) -> Option<(u32, u32)> {
    let element = document()?.get_element_by_id(id)?;
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some((input.selection_start().ok()??, input.selection_end().ok()??));
    }
    let area = element.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
    Some((area.selection_start().ok()??, area.selection_end().ok()??))
}

fn set_selection(element: &web_sys::HtmlElement, start: u32, end: u32) {
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        courtesy(FOCUS_REFUSED, input.set_selection_range(start, end));
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        courtesy(FOCUS_REFUSED, area.set_selection_range(start, end));
    }
}

/// Focuses the element with `id`, scrolling only if it is out of view.
pub fn focus_in_view(id: &str) {
    let Some(element) = html_element(id) else {
        return;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    courtesy(FOCUS_REFUSED, element.focus_with_options(&options));
    let height = window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let rect = element.get_bounding_client_rect();
    if rect.bottom() < 0.0 || rect.top() > height {
        element.scroll_into_view();
    }
}

/// After the next render, gives the focus back to the element with `id` if
/// a re-render dropped it to <body> (the element was replaced).
pub fn keep_focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if focus_is_lost() {
            if let Some(element) = html_element(&id) {
                courtesy(FOCUS_REFUSED, element.focus());
            }
        }
    });
}

/// Whether nothing has the keyboard: it is on `<body>`, where it falls
/// when the focused element is removed.
fn focus_is_lost() -> bool {
    document()
        .and_then(|d| {
            d.active_element()
                .map(|a| Some(a) == d.body().map(Into::into))
        })
        .unwrap_or(true)
}

/// Scrolls to and focuses the element with `id`, if present.
pub fn focus_element(id: &str) -> bool {
    let Some(element) = html_element(id) else {
        return false;
    };
    element.scroll_into_view();
    courtesy(FOCUS_REFUSED, element.focus());
    true
}

/// Focuses `id` once the DOM has caught up, so an action that removes the
/// focused control (a closed form, a deleted comment) never drops focus.
pub fn focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        focus_element(&id);
    });
}

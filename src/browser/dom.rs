//! What every browser service here starts from: the window, the document,
//! an element by its id, and the console note for a step the browser
//! refused that the page can do without. A leaf: it imports none of its
//! neighbours.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub(super) fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub(super) fn document() -> Option<web_sys::Document> {
    window()?.document()
}

pub(super) fn html_element(id: &str) -> Option<web_sys::HtmlElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// Says in the console that the browser refused a step the page can do
/// without: moving the focus or the caret, writing the address bar or the
/// description, marking the start, releasing a download's address, the
/// update's reload. The reader has nothing to do about any of them, so
/// nothing is shown; a developer still sees why.
pub(super) fn courtesy(what: &str, result: Result<(), JsValue>) {
    if let Err(error) = result {
        web_sys::console::warn_2(&what.into(), &error);
    }
}

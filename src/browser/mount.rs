//! Putting a part of the page (a Leptos view) into the page: in place of
//! its built markup, into an element, or at an element's end; and the one
//! way to keep a part alive for the page's life.

use wasm_bindgen::JsCast;

use super::dom::{courtesy, document, html_element};

/// Keeps `part` alive until the page unloads: it is never dropped. The one
/// way the app keeps a part of the page for good (a mounted view, the
/// reactive [`Owner`](leptos::prelude::Owner) of state the page's parts
/// share, a callback the browser holds).
///
/// Leaking is right here: such a part lives as long as the page, and the
/// browser frees the whole heap when the page unloads. Dropping it would
/// end it early: a mounted view would be unmounted, an `Owner` would
/// dispose of its signals, and a callback the browser still holds would
/// throw when called. Each call keeps its part for good, so it is for
/// what is made a bounded number of times (at the start, once per new
/// version of the app), never per keystroke or per render.
pub fn keep_for_page_life<T: 'static>(part: T) {
    std::mem::forget(part);
}

/// A view mounted by [`replace_element`] or [`fill_element`]: dropping it
/// unmounts the view and ends its reactive scope; [`Mounted::keep`] keeps
/// it for the page's life.
#[must_use = "dropping it unmounts the view at once; keep it, or call Mounted::keep"]
pub struct Mounted(Option<Box<dyn std::any::Any>>);

impl Mounted {
    /// Keeps the view for the page's life ([`keep_for_page_life`]).
    pub fn keep(self) {
        keep_for_page_life(self.0);
    }
}

/// Renders `view` (whose root element has the id `id`) and puts it in
/// place of the element with that id, in one step: no frame shows the
/// page without either. Without such an element it goes at the body's end.
pub fn replace_element<F, N>(id: &str, view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView + 'static,
{
    let Some(document) = document() else {
        return Mounted(None);
    };
    let holder = document
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(holder) = holder else {
        return Mounted(None);
    };
    let mounted = Mounted(Some(Box::new(leptos::mount::mount_to(
        holder.clone(),
        view,
    ))));
    let Some(fresh) = holder.first_element_child() else {
        return mounted;
    };
    let replaced = document
        .get_element_by_id(id)
        .is_some_and(|old| old.replace_with_with_node_1(&fresh).is_ok());
    if !replaced {
        if let Some(body) = document.body() {
            // Nothing else to put it: the page is at least shown.
            courtesy(
                "A part of the page could not be shown:",
                body.append_child(&fresh).map(drop),
            );
        }
    }
    mounted
}

/// Renders `view` into the element with the id `id` (or the body).
pub fn fill_element<F, N>(id: &str, view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView + 'static,
{
    let parent = html_element(id).or_else(|| document().and_then(|d| d.body()));
    match parent {
        Some(parent) => Mounted(Some(Box::new(leptos::mount::mount_to(parent, view)))),
        None => Mounted(None),
    }
}

/// Renders `view` at the end of the element with the id `id`, if the page
/// has one.
pub fn append_to_element<F, N>(id: &str, view: F) -> Option<Mounted>
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView + 'static,
{
    let parent = html_element(id)?;
    Some(Mounted(Some(Box::new(leptos::mount::mount_to(
        parent, view,
    )))))
}

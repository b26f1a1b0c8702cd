//! Putting a part of the page (a Leptos view) into the page: in place of
//! its built markup, into an element, or at an element's end.

use wasm_bindgen::JsCast;

use super::dom::{courtesy, document, html_element};

/// A view mounted by [`replace_element`] or [`fill_element`]: dropping it
/// unmounts the view and ends its reactive scope; [`Mounted::keep`] keeps
/// it for the page's life.
pub struct Mounted(Option<Box<dyn std::any::Any>>);

impl Mounted {
    pub fn keep(mut self) {
        if let Some(handle) = self.0.take() {
            std::mem::forget(handle);
        }
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

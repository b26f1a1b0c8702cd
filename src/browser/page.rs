//! The page as a document: its title and description, the start's mark
//! on `<html>`, an element's class, and what an element or a text box
//! says.

use wasm_bindgen::JsCast;

use super::dom::{courtesy, document};

/// Adds `class` to the element with the id `id`, or takes it away.
pub fn set_class(id: &str, class: &str, on: bool) {
    let Some(element) = document().and_then(|d| d.get_element_by_id(id)) else {
        return;
    };
    let current = element.class_name();
    let mut classes: Vec<&str> = current.split_whitespace().filter(|c| *c != class).collect();
    if on {
        classes.push(class);
    }
    element.set_class_name(&classes.join(" "));
}

/// Says on `<html data-app>` how the app's start went (`ready`, `failed`):
/// for tests and tools waiting for the app to take the page over.
pub fn mark_start(outcome: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        courtesy(
            "The app's start could not be marked:",
            root.set_attribute("data-app", outcome),
        );
    }
}

/// The attribute `name` of the element with the id `id`.
pub fn attribute(id: &str, name: &str) -> Option<String> {
    document()?.get_element_by_id(id)?.get_attribute(name)
}

/// What a text box (`input` or `textarea`) with the id `id` holds.
pub fn typed_value(id: &str) -> Option<String> {
    let element = document()?.get_element_by_id(id)?;
    match element.dyn_into::<web_sys::HtmlInputElement>() {
        Ok(input) => Some(input.value()),
        Err(element) => element
            .dyn_into::<web_sys::HtmlTextAreaElement>()
            .ok()
            .map(|area| area.value()),
    }
}

pub fn set_title_and_description(title: &str, description: &str) {
    let Some(document) = document() else { return };
    document.set_title(title);
    if let Ok(Some(meta)) = document.query_selector("meta[name=description]") {
        courtesy(
            "The description could not be updated:",
            meta.set_attribute("content", description),
        );
    }
}

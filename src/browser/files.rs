//! Files in and out: offering text as a download, and reading a file the
//! reader picked.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::dom::{courtesy, document, window};

/// Offers `text` as a file download.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), JsValue> {
    let document = document().ok_or_else(|| JsValue::from_str("no document"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Revoked a moment later, not at once: some browsers start the download
    // after `click()` returns.
    let revoke = Closure::once_into_js(move || {
        courtesy(
            "The download's address could not be released:",
            web_sys::Url::revoke_object_url(&url),
        );
    });
    // The download has started: a refused timer only leaves the URL alive.
    if let Some(window) = window() {
        let timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000);
        courtesy(
            "The download's address could not be released:",
            timer.map(drop),
        );
    }
    Ok(())
}

/// Clicks `element` (a hidden file input, say), if it is there.
pub fn click(element: Option<impl AsRef<web_sys::HtmlElement>>) {
    if let Some(element) = element {
        element.as_ref().click();
    }
}

/// The file picked in a file input's `change` event. The input is reset,
/// so that the same file can be picked again later.
pub fn take_picked_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    Some(file)
}

/// Reads a picked file as text.
pub async fn read_file_text(file: web_sys::File) -> Result<String, ()> {
    let text = JsFuture::from(file.text()).await.map_err(drop)?;
    text.as_string().ok_or(())
}

//! The page's address: the app's base URL and what resolves against it,
//! the query and the fragment, writing them into the address bar and the
//! history, and reloading the page.

use wasm_bindgen::prelude::*;

use super::dom::{courtesy, document, window};

/// The app's base URL (`<base href>` as Trunk wrote it for `--public-url`).
pub fn base_url() -> String {
    document()
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_string())
}

/// `relative` resolved against the app's base URL.
pub fn resolve(relative: &str) -> String {
    web_sys::Url::new_with_base(relative, &base_url())
        .map(|url| url.href())
        .unwrap_or_else(|_| relative.to_string())
}

pub fn location_search() -> String {
    window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

pub fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Writes `search` (e.g. `?focus=a`) into the address bar, keeping the path.
/// `push` adds a history entry; otherwise the current one is replaced.
pub fn set_location_search(search: &str, push: bool) {
    let Some(window) = window() else { return };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    // The fragment (`#event-…`) stays: a filter change is not a navigation away.
    let hash = location.hash().unwrap_or_default();
    let url = format!("{path}{search}{hash}");
    if let Ok(history) = window.history() {
        let written = if push {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
        // Refused (WebKit throttles a flood of replaceState): the filter
        // still applies, only the address bar lags behind it.
        courtesy("The address could not be updated:", written);
    }
}

/// Sets `location.hash` (a history entry, like following a link) without
/// resolving against `<base>`, which would drop the query.
pub fn set_location_hash(fragment: &str) {
    if let Some(window) = window() {
        courtesy(
            "The address could not be updated:",
            window.location().set_hash(fragment),
        );
    }
}

/// Reloads the page: the last step of an update.
pub fn reload() {
    if let Some(window) = window() {
        courtesy(
            "The page could not be reloaded:",
            window.location().reload(),
        );
    }
}

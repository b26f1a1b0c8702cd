//! `localStorage` as the comments' [`Storage`], its refusals as typed
//! [`StorageError`]s, and the `storage` events of other tabs.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::window;
use super::events::Listener;
use crate::comments::{Storage, StorageError};

/// `localStorage`, where the browser allows it.
pub struct WebStorage;

impl WebStorage {
    fn storage() -> Result<web_sys::Storage, StorageError> {
        window()
            .ok_or(StorageError::Unavailable)?
            .local_storage()
            .ok()
            .flatten()
            .ok_or(StorageError::Unavailable)
    }
}

fn storage_error(error: JsValue) -> StorageError {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    match name.as_str() {
        "QuotaExceededError" | "NS_ERROR_DOM_QUOTA_REACHED" => StorageError::QuotaExceeded,
        "SecurityError" => StorageError::Unavailable,
        _ => StorageError::Other(
            error
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
                .unwrap_or_else(|| "the browser refused".to_string()),
        ),
    }
}

impl Storage for WebStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Self::storage()?.get_item(key).map_err(storage_error)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        Self::storage()?.set_item(key, value).map_err(storage_error)
    }
}

/// A `storage` event: another tab changed `key` to `new_value`. No key
/// means the whole storage was cleared.
pub struct StorageNotice {
    pub key: Option<String>,
    pub new_value: Option<String>,
}

/// Calls `on_change` for every change another tab makes to storage.
pub fn on_storage(on_change: impl Fn(StorageNotice) + 'static) -> Listener {
    Listener(leptos::prelude::window_event_listener(
        leptos::ev::storage,
        move |event: web_sys::StorageEvent| {
            on_change(StorageNotice {
                key: event.key(),
                new_value: event.new_value(),
            })
        },
    ))
}

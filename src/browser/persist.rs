//! Whether the browser keeps this site's storage (`navigator.storage`):
//! asking it to, and reading whether it agreed. A browser without the API,
//! or one that refuses or fails to answer, is simply not keeping it: never
//! an error, never a console message.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::dom::window;

/// Whether the browser has agreed to keep this site's storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// Kept until the reader clears it: not evicted when the disk runs low.
    Persistent,
    /// The browser may clear it (after a week unvisited, when disk is low).
    NotPersistent,
}

/// `navigator.storage.persisted()`: whether the browser keeps the storage.
pub async fn persisted() -> Persistence {
    ask("persisted").await
}

/// `navigator.storage.persist()`: asks the browser to keep the storage.
/// Some browsers ask the reader: call it only after the reader did
/// something.
pub async fn persist() -> Persistence {
    ask("persist").await
}

/// Calls `navigator.storage[method]()` and reads its promised boolean.
async fn ask(method: &str) -> Persistence {
    let Some(promise) = promise_of(method) else {
        return Persistence::NotPersistent;
    };
    match JsFuture::from(promise).await {
        Ok(answer) if answer.as_bool() == Some(true) => Persistence::Persistent,
        _ => Persistence::NotPersistent,
    }
}

/// The promise `navigator.storage[method]()` returns, if the browser has
/// the method and it returned one without throwing.
fn promise_of(method: &str) -> Option<js_sys::Promise> {
    let navigator: JsValue = window()?.navigator().into();
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    if !storage.is_object() {
        return None;
    }
    let function: js_sys::Function = js_sys::Reflect::get(&storage, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    function.call0(&storage).ok()?.dyn_into().ok()
}

//! The network: whether the browser is online, its changes, and a time
//! limit for a request.

use super::dom::window;
use super::events::Listener;

/// Calls `on_change` with whether the browser is online, when that changes.
pub fn on_connectivity(on_change: impl Fn(bool) + Clone + 'static) -> [Listener; 2] {
    let offline = on_change.clone();
    [
        Listener(leptos::prelude::window_event_listener(
            leptos::ev::online,
            move |_| on_change(true),
        )),
        Listener(leptos::prelude::window_event_listener(
            leptos::ev::offline,
            move |_| offline(false),
        )),
    ]
}

/// A signal that aborts a request after `timeout`, if the browser can make
/// one (without it the request simply has no time limit). Aborting a
/// finished request does nothing.
pub fn abort_signal_after(timeout: std::time::Duration) -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    leptos::prelude::set_timeout(move || controller.abort(), timeout);
    Some(signal)
}

pub fn is_online() -> bool {
    window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

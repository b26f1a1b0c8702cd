//! Listening to the window: a listener the caller removes, and Back,
//! Forward and fragment changes.

/// A window listener, removed by [`Listener::remove`] (on cleanup).
pub struct Listener(pub(super) leptos::prelude::WindowListenerHandle);

impl Listener {
    pub fn remove(self) {
        self.0.remove();
    }
}

/// Calls `on_navigate` on Back, Forward and fragment changes.
pub fn on_popstate(on_navigate: impl Fn() + 'static) -> Listener {
    Listener(leptos::prelude::window_event_listener(
        leptos::ev::popstate,
        move |_| on_navigate(),
    ))
}

//! Page-wide notices: offline, and a new version ready to load.

use leptos::ev;
use leptos::prelude::*;

use crate::browser;

#[component]
pub fn AppStatus() -> impl IntoView {
    let online = RwSignal::new(browser::is_online());
    window_event_listener(ev::online, move |_| online.set(true));
    window_event_listener(ev::offline, move |_| online.set(false));

    // The waiting worker is a JS object: kept on this thread only.
    let waiting = RwSignal::new_local(None::<web_sys::ServiceWorker>);
    browser::register_service_worker(move |worker| waiting.set(Some(worker)));
    let reload = move |_| {
        if let Some(worker) = waiting.get_untracked() {
            browser::activate_update(&worker);
        }
    };

    view! {
        <div class="app-status">
            <p role="status" class="notice notice-offline" class:is-empty=move || online.get()>
                {move || (!online.get()).then_some("Offline: showing the saved copy")}
            </p>
            <div role="status" class="notice notice-update" class:is-empty=move || waiting.with(Option::is_none)>
                {move || {
                    waiting
                        .with(Option::is_some)
                        .then(|| {
                            view! {
                                <span>"Update available. "</span>
                                <button type="button" class="button" on:click=reload>
                                    "Reload to update"
                                </button>
                            }
                        })
                }}
            </div>
        </div>
    }
}

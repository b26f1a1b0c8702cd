//! Page-wide notices: offline, and a new version ready to load; and the
//! update's rule of when the page reloads.

use std::cell::Cell;

use leptos::prelude::*;

use crate::browser;

#[component]
pub fn AppStatus(
    /// Whether the browser was online when the page started.
    online: bool,
) -> impl IntoView {
    let online = RwSignal::new(online);
    // The waiting worker is a JS object: kept on this thread only.
    let waiting = RwSignal::new_local(None::<browser::WaitingWorker>);
    Effect::new(move |_| {
        let listeners = browser::on_connectivity(move |now| online.set(now));
        on_cleanup(move || listeners.into_iter().for_each(browser::Listener::remove));
        browser::register_service_worker(move |worker| waiting.set(Some(worker)));
    });
    let reload = move |_| {
        if let Some(worker) = waiting.get_untracked() {
            load_update(&worker);
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

/// Starts the waiting version and reloads once it controls the page, so
/// the page never runs one version's code against another's files. The
/// reload happens at most once, however many times the control changes.
fn load_update(worker: &browser::WaitingWorker) {
    // Another tab already took this update: the worker is active and its
    // controllerchange has been and gone here. Only the reload is left.
    if worker.is_activating_or_active() {
        browser::reload();
        return;
    }
    let reloaded = Cell::new(false);
    browser::on_controller_change(move || {
        if !reloaded.replace(true) {
            browser::reload();
        }
    });
    worker.skip_waiting();
}

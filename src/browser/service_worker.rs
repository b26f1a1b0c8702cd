//! The service worker: registering it at the app's base, noticing a new
//! version installed and waiting behind this page's, asking it to take
//! over, and hearing when it has.

use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::dom::{courtesy, window};
use super::mount::keep_for_page_life;
use super::url::{base_url, resolve};

/// A new version's service worker, installed and waiting behind this page's.
/// When the page reloads for it is the app's rule, beside the update's
/// notice (`views::status`); here is only the browser's side.
#[derive(Clone)]
pub struct WaitingWorker(web_sys::ServiceWorker);

impl WaitingWorker {
    /// Whether it is activating or active already: another tab took this
    /// update, and its `controllerchange` has been and gone here.
    pub fn is_activating_or_active(&self) -> bool {
        matches!(
            self.0.state(),
            web_sys::ServiceWorkerState::Activating | web_sys::ServiceWorkerState::Activated
        )
    }

    /// Asks it to stop waiting and take over (`SKIP_WAITING`, as `sw.js`
    /// expects). It then controls the page: see [`on_controller_change`].
    pub fn skip_waiting(&self) {
        let message = Object::new();
        let sent = Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into())
            .and_then(|_| self.0.post_message(&message));
        courtesy("The new version could not be started:", sent);
    }
}

/// Registers the service worker at the app's base and calls `on_update`
/// with the new worker once one is installed and waiting behind this page's.
pub fn register_service_worker(on_update: impl Fn(WaitingWorker) + 'static) {
    let on_update = move |worker| on_update(WaitingWorker(worker));
    let Some(window) = window() else { return };
    let navigator = window.navigator();
    // Absent on insecure origins and in some private modes.
    if !Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(&base_url());
    options.set_update_via_cache(web_sys::ServiceWorkerUpdateViaCache::None);
    let promise = container.register_with_options(&resolve("sw.js"), &options);
    let on_update = Rc::new(on_update);
    wasm_bindgen_futures::spawn_local(async move {
        let registration: web_sys::ServiceWorkerRegistration = match JsFuture::from(promise).await {
            Ok(registration) => match registration.dyn_into() {
                Ok(registration) => registration,
                // Some embedders stub `register` out; there is then nothing to watch.
                Err(_) => return,
            },
            Err(error) => {
                web_sys::console::warn_2(&"Offline support is unavailable:".into(), &error);
                return;
            }
        };
        let watch = {
            let on_update = on_update.clone();
            move |worker: web_sys::ServiceWorker| watch_installing(worker, on_update.clone())
        };
        if let Some(waiting) = registration.waiting() {
            if has_controller() {
                on_update(waiting);
            }
        }
        if let Some(installing) = registration.installing() {
            watch(installing);
        }
        let found_registration = registration.clone();
        let on_found = Closure::<dyn Fn()>::new(move || {
            if let Some(installing) = found_registration.installing() {
                watch(installing);
            }
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        // The registration calls it for as long as the page lives.
        keep_for_page_life(on_found);
    });
}

fn has_controller() -> bool {
    window()
        .map(|w| w.navigator().service_worker().controller().is_some())
        .unwrap_or(false)
}

fn watch_installing(worker: web_sys::ServiceWorker, on_update: Rc<dyn Fn(web_sys::ServiceWorker)>) {
    let watched = worker.clone();
    let on_state = Closure::<dyn Fn()>::new(move || {
        // Installed behind an existing controller: a new version is waiting.
        // Without a controller it is the first install, not an update.
        if watched.state() == web_sys::ServiceWorkerState::Installed && has_controller() {
            on_update(watched.clone());
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    // The worker may call it until the page unloads.
    keep_for_page_life(on_state);
}

/// Calls `on_change` whenever a new service worker takes control of the
/// page. The callback lives as long as the page.
pub fn on_controller_change(on_change: impl Fn() + 'static) {
    let Some(window) = window() else { return };
    let container = window.navigator().service_worker();
    let on_change = Closure::<dyn Fn()>::new(on_change);
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    keep_for_page_life(on_change);
}

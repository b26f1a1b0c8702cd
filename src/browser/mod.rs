//! The few browser services the app needs, each wrapped so that a refusal
//! (no storage, no service worker, a thrown exception) becomes a typed error
//! or a quiet no-op rather than a panic.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::comments::{Storage, StorageError};

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

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

/// Says in the console that the browser refused a step the page can do
/// without: moving the focus or the caret, writing the address bar or the
/// description, marking the start, releasing a download's address, the
/// update's reload. The reader has nothing to do about any of them, so
/// nothing is shown; a developer still sees why.
fn courtesy(what: &str, result: Result<(), JsValue>) {
    if let Err(error) = result {
        web_sys::console::warn_2(&what.into(), &error);
    }
}

const FOCUS_REFUSED: &str = "The focus could not be moved:";
const RELOAD_REFUSED: &str = "The page could not be reloaded:";

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

/// The id of the element with the keyboard focus, if it has one.
pub fn focused_id() -> Option<String> {
    let id = document()?.active_element()?.id();
    (!id.is_empty()).then_some(id)
}

/// A view mounted by [`replace_element`] or [`fill_element`]: dropping it
/// unmounts the view and ends its reactive scope; [`Mounted::keep`] keeps
/// it for the page's life.
pub struct Mounted(Option<Box<dyn std::any::Any>>);

impl Mounted {
    pub fn keep(mut self) {
        if let Some(handle) = self.0.take() {
            std::mem::forget(handle);
        }
    }
}

/// Renders `view` (whose root element has the id `id`) and puts it in
/// place of the element with that id, in one step: no frame shows the
/// page without either. Without such an element it goes at the body's end.
pub fn replace_element<F, N>(id: &str, view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView + 'static,
{
    let Some(document) = document() else {
        return Mounted(None);
    };
    let holder = document
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let Some(holder) = holder else {
        return Mounted(None);
    };
    let mounted = Mounted(Some(Box::new(leptos::mount::mount_to(
        holder.clone(),
        view,
    ))));
    let Some(fresh) = holder.first_element_child() else {
        return mounted;
    };
    let replaced = document
        .get_element_by_id(id)
        .is_some_and(|old| old.replace_with_with_node_1(&fresh).is_ok());
    if !replaced {
        if let Some(body) = document.body() {
            // Nothing else to put it: the page is at least shown.
            courtesy(
                "A part of the page could not be shown:",
                body.append_child(&fresh).map(drop),
            );
        }
    }
    mounted
}

/// Renders `view` into the element with the id `id` (or the body).
pub fn fill_element<F, N>(id: &str, view: F) -> Mounted
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView + 'static,
{
    let parent = html_element(id).or_else(|| document().and_then(|d| d.body()));
    match parent {
        Some(parent) => Mounted(Some(Box::new(leptos::mount::mount_to(parent, view)))),
        None => Mounted(None),
    }
}

/// Renders `view` at the end of the element with the id `id`, if the page
/// has one.
pub fn append_to_element<F, N>(id: &str, view: F) -> Option<Mounted>
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView + 'static,
{
    let parent = html_element(id)?;
    Some(Mounted(Some(Box::new(leptos::mount::mount_to(
        parent, view,
    )))))
}

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

/// Where the keyboard and the view are, to put them back after the page's
/// elements were replaced by equal ones.
pub struct FocusMemo {
    id: Option<String>,
    selection: Option<(u32, u32)>,
    scroll: (f64, f64),
}

impl FocusMemo {
    pub fn take() -> Self {
        let id = focused_id();
        let selection = id.as_deref().and_then(selection_of);
        let scroll = window()
            .map(|w| (w.scroll_x().unwrap_or(0.0), w.scroll_y().unwrap_or(0.0)))
            .unwrap_or_default();
        Self {
            id,
            selection,
            scroll,
        }
    }

    /// Puts the view back if replacing the page moved it. Called at once,
    /// in the same task: a smooth scroll the browser has under way (to a
    /// fragment, say) goes on undisturbed.
    pub fn restore_scroll(&self) {
        let Some(window) = window() else { return };
        let now = (
            window.scroll_x().unwrap_or(0.0),
            window.scroll_y().unwrap_or(0.0),
        );
        if now != self.scroll {
            let options = web_sys::ScrollToOptions::new();
            options.set_left(self.scroll.0);
            options.set_top(self.scroll.1);
            // Not the stylesheet's smooth scrolling: the reader stays put.
            options.set_behavior(web_sys::ScrollBehavior::Instant);
            window.scroll_to_with_scroll_to_options(&options);
        }
    }

    /// Gives the keyboard back to the element that had it, and its caret.
    /// Called once the new page's effects have set its boxes' values. Only
    /// when the focus was lost with the replaced element: a box that was
    /// not replaced keeps the caret where the reader has moved it since.
    pub fn restore_focus(&self) {
        if !focus_is_lost() {
            return;
        }
        if let Some(element) = self.id.as_deref().and_then(html_element) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            courtesy(FOCUS_REFUSED, element.focus_with_options(&options));
            if let Some((start, end)) = self.selection {
                set_selection(&element, start, end);
            }
        }
    }
}

fn selection_of(id: &str) -> Option<(u32, u32)> {
    let element = document()?.get_element_by_id(id)?;
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some((input.selection_start().ok()??, input.selection_end().ok()??));
    }
    let area = element.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
    Some((area.selection_start().ok()??, area.selection_end().ok()??))
}

fn set_selection(element: &web_sys::HtmlElement, start: u32, end: u32) {
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        courtesy(FOCUS_REFUSED, input.set_selection_range(start, end));
    } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        courtesy(FOCUS_REFUSED, area.set_selection_range(start, end));
    }
}

/// Focuses the element with `id`, scrolling only if it is out of view.
pub fn focus_in_view(id: &str) {
    let Some(element) = html_element(id) else {
        return;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    courtesy(FOCUS_REFUSED, element.focus_with_options(&options));
    let height = window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let rect = element.get_bounding_client_rect();
    if rect.bottom() < 0.0 || rect.top() > height {
        element.scroll_into_view();
    }
}

/// After the next render, gives the focus back to the element with `id` if
/// a re-render dropped it to <body> (the element was replaced).
pub fn keep_focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if focus_is_lost() {
            if let Some(element) = html_element(&id) {
                courtesy(FOCUS_REFUSED, element.focus());
            }
        }
    });
}

/// Whether nothing has the keyboard: it is on `<body>`, where it falls
/// when the focused element is removed.
fn focus_is_lost() -> bool {
    document()
        .and_then(|d| {
            d.active_element()
                .map(|a| Some(a) == d.body().map(Into::into))
        })
        .unwrap_or(true)
}

fn html_element(id: &str) -> Option<web_sys::HtmlElement> {
    document()?.get_element_by_id(id)?.dyn_into().ok()
}

/// Scrolls to and focuses the element with `id`, if present.
pub fn focus_element(id: &str) -> bool {
    let Some(element) = html_element(id) else {
        return false;
    };
    element.scroll_into_view();
    courtesy(FOCUS_REFUSED, element.focus());
    true
}

/// Focuses `id` once the DOM has caught up, so an action that removes the
/// focused control (a closed form, a deleted comment) never drops focus.
pub fn focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        focus_element(&id);
    });
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

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A comment id: time plus randomness, unique across tabs in practice.
pub fn new_id() -> String {
    let random = (js_sys::Math::random() * 2_f64.powi(48)) as u64;
    format!("c{:x}{random:012x}", js_sys::Date::now() as u64)
}

/// This page's id in the comments' stamps: 40 random bits, in base 36.
pub fn new_tab_id() -> String {
    let mut n = (js_sys::Math::random() * 2_f64.powi(40)) as u64;
    let mut id = String::new();
    while n > 0 || id.is_empty() {
        let digit = (n % 36) as u32;
        id.push(char::from_digit(digit, 36).unwrap_or('0'));
        n /= 36;
    }
    id
}

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

/// A window listener, removed by [`Listener::remove`] (on cleanup).
pub struct Listener(leptos::prelude::WindowListenerHandle);

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

/// A new version's service worker, installed and waiting behind this page's.
#[derive(Clone)]
pub struct WaitingWorker(web_sys::ServiceWorker);

impl WaitingWorker {
    /// Activates it and reloads once it controls the page.
    pub fn activate(&self) {
        activate_update(&self.0);
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
        // Lives as long as the page.
        on_found.forget();
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
    on_state.forget();
}

/// Activates `waiting` and reloads once it controls the page, so the page
/// never runs one version's code against another's files.
fn activate_update(waiting: &web_sys::ServiceWorker) {
    let Some(window) = window() else { return };
    // Another tab already took this update: the worker is active and its
    // controllerchange has been and gone here. Only the reload is left.
    if matches!(
        waiting.state(),
        web_sys::ServiceWorkerState::Activating | web_sys::ServiceWorkerState::Activated
    ) {
        courtesy(RELOAD_REFUSED, window.location().reload());
        return;
    }
    let container = window.navigator().service_worker();
    let reloaded = Rc::new(Cell::new(false));
    let on_change = Closure::<dyn Fn()>::new(move || {
        if !reloaded.replace(true) {
            if let Some(window) = web_sys::window() {
                courtesy(RELOAD_REFUSED, window.location().reload());
            }
        }
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    let message = Object::new();
    let sent = Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into())
        .and_then(|_| waiting.post_message(&message));
    courtesy("The new version could not be started:", sent);
}

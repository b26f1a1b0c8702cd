//! The comments section's way to the browser: its storage, the clock, new
//! ids, focus, timers, downloads, picked files, and whether the browser
//! keeps the storage. The state's actions go through a [`CommentsPort`],
//! so that they run natively in tests with a fake one
//! (`tests/native/comment_actions.rs`); [`BrowserPort`] is the page's, and
//! the only one the wasm holds.

use std::time::Duration;

use crate::browser::{self, WebStorage};
use crate::comments::{self, ImportError, Storage};

pub use crate::browser::{Persistence, StorageNotice};

/// The browser would not offer a file for download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadRefused;

/// What the comments' actions need from the browser. `Copy`, as the state
/// that holds it is (the browser's is a unit struct).
pub trait CommentsPort: Copy + 'static {
    /// Where the comments, the draft and the name are kept.
    type Storage: Storage + 'static;
    /// A file the reader picked to import.
    type File: 'static;

    fn storage(&self) -> Self::Storage;
    /// The clock: milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// A new comment's id (the browser's: [`comments::comment_id`]).
    fn new_id(&self) -> String;
    /// This page's id in the comments' stamps ([`comments::tab_id`]).
    fn new_tab_id(&self) -> String;

    /// Focuses `id` once the DOM has caught up with a change, so that an
    /// action removing the focused control never drops the focus.
    fn focus_after_render(&self, id: String);
    /// After the next render, gives the focus back to `id` if the render
    /// dropped it (the element was replaced).
    fn keep_focus_after_render(&self, id: String);
    /// The id of the element with the keyboard focus, if it has one.
    fn focused_id(&self) -> Option<String>;
    /// Focuses `id` now, if it is there.
    fn focus_element(&self, id: &str);

    /// Runs `run` once `delay` has passed.
    fn after(&self, delay: Duration, run: impl FnOnce() + 'static);
    /// Runs `run` at the next frame.
    fn next_frame(&self, run: impl FnOnce() + 'static);

    /// Offers `text` as a file download of type `mime`.
    fn download(&self, file_name: &str, text: &str, mime: &str) -> Result<(), DownloadRefused>;
    /// Reads a picked file's text, then calls `then` with it.
    fn read_file(&self, file: Self::File, then: impl FnOnce(Result<String, ImportError>) + 'static);

    /// Reads whether the browser keeps the storage, then calls `then`.
    fn persisted(&self, then: impl FnOnce(Persistence) + 'static);
    /// Asks the browser to keep the storage, then calls `then` with its
    /// answer. Only after something the reader did: it may show a prompt.
    fn persist(&self, then: impl FnOnce(Persistence) + 'static);
}

/// The page's port: `localStorage`, `Date`, the DOM and its timers.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserPort;

impl CommentsPort for BrowserPort {
    type Storage = WebStorage;
    type File = web_sys::File;

    fn storage(&self) -> WebStorage {
        WebStorage
    }

    fn now_ms(&self) -> f64 {
        browser::now_ms()
    }

    fn new_id(&self) -> String {
        comments::comment_id(browser::now_ms() as u64, browser::random_bits(48))
    }

    fn new_tab_id(&self) -> String {
        comments::tab_id(browser::random_bits(40))
    }

    fn focus_after_render(&self, id: String) {
        browser::focus_after_render(id);
    }

    fn keep_focus_after_render(&self, id: String) {
        browser::keep_focus_after_render(id);
    }

    fn focused_id(&self) -> Option<String> {
        browser::focused_id()
    }

    fn focus_element(&self, id: &str) {
        browser::focus_element(id);
    }

    fn after(&self, delay: Duration, run: impl FnOnce() + 'static) {
        leptos::prelude::set_timeout(run, delay);
    }

    fn next_frame(&self, run: impl FnOnce() + 'static) {
        leptos::prelude::request_animation_frame(run);
    }

    fn download(&self, file_name: &str, text: &str, mime: &str) -> Result<(), DownloadRefused> {
        browser::download(file_name, text, mime).map_err(|_| DownloadRefused)
    }

    fn read_file(
        &self,
        file: web_sys::File,
        then: impl FnOnce(Result<String, ImportError>) + 'static,
    ) {
        leptos::task::spawn_local(async move {
            let text = browser::read_file_text(file).await;
            then(text.map_err(|()| ImportError::FileUnreadable));
        });
    }

    fn persisted(&self, then: impl FnOnce(Persistence) + 'static) {
        leptos::task::spawn_local(async move { then(browser::persisted().await) });
    }

    fn persist(&self, then: impl FnOnce(Persistence) + 'static) {
        leptos::task::spawn_local(async move { then(browser::persist().await) });
    }
}

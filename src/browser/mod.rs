//! The few browser services the app needs, each wrapped so that a refusal
//! (no storage, no service worker, a thrown exception) becomes a typed error
//! or a quiet no-op rather than a panic.
//!
//! One service a file, all re-exported here, so a caller writes
//! `browser::focus_after_render(..)` whichever file holds it:
//!
//! - `url`: the base URL, the query and the fragment, history writes, the
//!   reload;
//! - `mount`: putting a view into the page, and keeping a part for the
//!   page's life;
//! - `page`: title and description, the start's mark, classes, attributes,
//!   what a text box holds;
//! - `focus`: the keyboard's focus and caret, kept across a re-render;
//! - `clock`: the time, and randomness (the ids made from them are
//!   `comments::id`'s rule);
//! - `storage`: `localStorage` and other tabs' changes to it;
//! - `persist`: whether the browser keeps the site's storage, and asking
//!   it to;
//! - `events`: window listeners, Back and Forward;
//! - `network`: online or not, a request's time limit;
//! - `files`: a download, a picked file;
//! - `service_worker`: offline support, and the browser's side of the
//!   update (when to reload is `views::status`'s rule).
//!
//! What they share (the window, the document, the console note for a
//! refused courtesy) is in `dom`, a leaf: no file here imports from one
//! that imports it back.

mod clock;
mod dom;
mod events;
mod files;
mod focus;
mod mount;
mod network;
mod page;
mod persist;
mod service_worker;
mod storage;
mod url;

pub use clock::{now_ms, random_bits};
pub use events::{on_popstate, Listener};
pub use files::{click, download, read_file_text, take_picked_file};
pub use focus::{
    focus_after_render, focus_element, focus_in_view, focused_id, keep_focus_after_render,
    FocusMemo,
};
pub use mount::{append_to_element, fill_element, keep_for_page_life, replace_element, Mounted};
pub use network::{abort_signal_after, is_online, on_connectivity};
pub use page::{attribute, mark_start, set_class, set_title_and_description, typed_value};
pub use persist::{persist, persisted, Persistence};
pub use service_worker::{on_controller_change, register_service_worker, WaitingWorker};
pub use storage::{on_storage, StorageNotice, WebStorage};
pub use url::{
    base_url, location_hash, location_search, reload, resolve, set_location_hash,
    set_location_search,
};

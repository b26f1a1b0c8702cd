//! The comments section's state and all its actions, provided by context:
//! the components render these signals and bind the reader's events to
//! these methods. The actions reach the browser only through the state's
//! [`CommentsPort`], in event handlers or the section's effects, never
//! while rendering. What the reader writes (forms, the draft, edits) is in
//! `state/writing.rs`; what the section starts from in `state/start.rs`.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::port::{BrowserPort, CommentsPort, Persistence, StorageNotice};
use crate::comments::{
    readable_copy, readable_file_name, Action, CommentDocument, CommentError, CommentStore,
    DraftKind, ErrorKind, ExportRecord, ImportError, Order, Removed, StorageChange, StoredProblem,
};
use crate::views::ids;

mod keeping;
mod start;
mod writing;

pub use start::CommentsStart;

/// How many conversations (a comment and its replies) a page shows.
pub const THREADS_PER_PAGE: usize = 50;
/// The type of an export, and of the unreadable comments' download.
const JSON: &str = "application/json";
/// How long Undo stays offered after a delete.
const UNDO_WINDOW: Duration = Duration::from_secs(10);

/// A delete whose Undo is on offer; `token` tells one offer from the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoOffer {
    pub removed: Removed,
    token: u64,
}

/// One comment form, for a new comment or for a reply: its text, its own
/// alert, and when it last posted.
#[derive(Clone)]
pub struct PostForm {
    /// The comment a reply answers; `None` for a new comment.
    pub parent: Option<String>,
    /// The state's draft, or its reply text.
    pub text: RwSignal<String>,
    pub alert: RwSignal<Option<String>>,
    /// The second click of a double click finds the box emptied by the
    /// first and must not call it empty.
    posted_at: StoredValue<f64>,
}

pub struct CommentsState<P: CommentsPort = BrowserPort> {
    port: P,
    store: StoredValue<Rc<CommentStore<P::Storage>>, LocalStorage>,
    pub document: RwSignal<CommentDocument>,
    /// The clock relative times are shown against.
    pub now: RwSignal<f64>,
    pub order: RwSignal<Order>,
    /// How many threads are rendered; "Show more comments" adds a page.
    pub shown_threads: RwSignal<usize>,
    pub replying_to: RwSignal<Option<String>>,
    pub editing: RwSignal<Option<String>>,
    /// The text of the new-comment box, the open editor and the open reply
    /// form. Kept here, not in the rows, so a re-rendered row loses nothing.
    pub draft: RwSignal<String>,
    pub edit_text: RwSignal<String>,
    pub reply_text: RwSignal<String>,
    pub name: RwSignal<String>,
    /// The article's headline, for the readable copy.
    headline: StoredValue<String>,
    pub undo: RwSignal<Option<UndoOffer>>,
    /// The section's messages: the outcome of the last import (`status`),
    /// and the last failure of any action (`alert`). One at a time.
    pub status: RwSignal<Option<String>>,
    pub alert: RwSignal<Option<String>>,
    pub problem: RwSignal<Option<StoredProblem>>,
    /// Whether a failed save of the draft or the name was said already.
    save_failure_said: StoredValue<bool>,
    pub prebuilt: bool,
    /// See [`CommentsStart::typed`].
    pub typed: bool,
    /// See [`CommentsStart::stale_drafts`].
    pub stale_drafts: bool,
    /// Whether the browser keeps the storage; `None` until it says.
    pub persistence: RwSignal<Option<Persistence>>,
    /// `navigator.storage.persist()` is asked once a page load.
    persist_asked: StoredValue<bool>,
    /// What the exports held, for the count of comments none holds.
    pub exported: RwSignal<ExportRecord>,
}

// By hand: a derive would ask the storage to be `Copy` too.
impl<P: CommentsPort> Clone for CommentsState<P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P: CommentsPort> Copy for CommentsState<P> {}

impl<P: CommentsPort> CommentsState<P> {
    pub fn new(store: Rc<CommentStore<P::Storage>>, start: CommentsStart<P>) -> Self {
        Self {
            port: start.port,
            store: StoredValue::new_local(store),
            document: RwSignal::new(start.document),
            now: RwSignal::new(start.now_ms),
            order: RwSignal::new(Order::NewestFirst),
            shown_threads: RwSignal::new(THREADS_PER_PAGE),
            replying_to: RwSignal::new(start.open_drafts.reply.as_ref().map(|d| d.id.clone())),
            editing: RwSignal::new(start.open_drafts.edit.as_ref().map(|d| d.id.clone())),
            draft: RwSignal::new(start.draft),
            edit_text: RwSignal::new(start.open_drafts.edit.map(|d| d.text).unwrap_or_default()),
            reply_text: RwSignal::new(start.open_drafts.reply.map(|d| d.text).unwrap_or_default()),
            name: RwSignal::new(start.name),
            headline: StoredValue::new(start.headline),
            undo: RwSignal::new(None),
            status: RwSignal::new(None),
            alert: RwSignal::new(None),
            problem: RwSignal::new(start.problem),
            save_failure_said: StoredValue::new(false),
            prebuilt: start.prebuilt,
            typed: start.typed,
            stale_drafts: start.stale_drafts,
            persistence: RwSignal::new(None),
            persist_asked: StoredValue::new(false),
            exported: RwSignal::new(start.exported),
        }
    }

    fn store(&self) -> Rc<CommentStore<P::Storage>> {
        self.store.get_value()
    }

    pub fn article(&self) -> String {
        self.store.with_value(|s| s.article().to_string())
    }

    /// Shows an outcome in the section's status, in place of any alert.
    fn say(&self, message: String) {
        self.alert.set(None);
        self.status.set(Some(message));
    }

    /// Clears the section's messages: an action succeeded.
    fn clear(&self) {
        self.status.set(None);
        self.alert.set(None);
    }

    /// Shows a failure in the section's alert, in place of any status.
    pub fn warn(&self, message: String) {
        self.status.set(None);
        self.announce(self.alert, message);
    }

    /// Shows `message` in an alert region. The same message again is
    /// cleared first and shown a frame later: a screen reader announces a
    /// change, and an unchanged text is none.
    pub fn announce(&self, alert: RwSignal<Option<String>>, message: String) {
        if alert.with_untracked(|shown| shown.as_deref() == Some(message.as_str())) {
            alert.set(None);
            self.port.next_frame(move || alert.set(Some(message)));
        } else {
            alert.set(Some(message));
        }
    }

    /// The clock relative times are shown against moves on.
    pub fn tick(&self) {
        self.now.set(self.port.now_ms());
    }

    fn now(&self) -> u64 {
        self.port.now_ms() as u64
    }

    /// Makes sure the thread holding `id` is rendered, e.g. one just posted.
    fn reveal(&self, id: &str) {
        let position = self
            .document
            .with_untracked(|d| d.thread_position(id, self.order.get_untracked()));
        if let Some(position) = position {
            let needed = (position / THREADS_PER_PAGE + 1) * THREADS_PER_PAGE;
            if needed > self.shown_threads.get_untracked() {
                self.shown_threads.set(needed);
            }
        }
    }

    pub fn show_more(&self) {
        let first_new = self.shown_threads.get_untracked();
        self.shown_threads.set(first_new + THREADS_PER_PAGE);
        let first = self.document.with_untracked(|d| {
            d.threads(self.order.get_untracked())
                .get(first_new)
                .map(|t| t.comment.id.clone())
        });
        if let Some(id) = first {
            self.port.focus_after_render(ids::comment(&id));
        }
    }

    pub fn toggle_order(&self) {
        self.order.update(|order| {
            *order = match order {
                Order::NewestFirst => Order::OldestFirst,
                Order::OldestFirst => Order::NewestFirst,
            }
        });
    }

    pub fn delete(&self, id: &str) {
        let outcome = self.store().delete(id, self.now());
        let (removed, fresh) = match outcome {
            Ok(done) => done,
            Err(error) => return self.warn(error.to_string()),
        };
        let token = self.now();
        // A delete while an earlier one's Undo stands joins it: one Undo
        // puts both back, and stays for the full window.
        let removed = match self.undo.get_untracked() {
            Some(earlier) => removed.after(earlier.removed),
            None => removed,
        };
        let ids: Vec<String> = removed.ids().map(str::to_string).collect();
        self.undo.set(Some(UndoOffer { removed, token }));
        self.clear();
        self.document.set(fresh);
        self.keep_open_drafts_if_open(ids.into_iter());
        // The deleted comment's buttons are gone: keep focus on Undo.
        self.port.focus_after_render(ids::UNDO_DELETE.to_string());
        let state = *self;
        self.port
            .after(UNDO_WINDOW, move || state.close_undo(token));
    }

    /// Undo's window is over, unless a later delete opened another.
    fn close_undo(&self, token: u64) {
        let current = self.undo.with_untracked(|u| u.as_ref().map(|u| u.token));
        if current == Some(token) {
            // Focus on the vanishing Undo would fall to <body>.
            let had_focus = self.port.focused_id().as_deref() == Some(ids::UNDO_DELETE);
            self.undo.set(None);
            if had_focus {
                self.port.focus_element(ids::COMMENTS_HEADING);
            }
        }
    }

    pub fn undo(&self) {
        let Some(offer) = self.undo.get_untracked() else {
            return;
        };
        match self.store().restore(&offer.removed, self.now()) {
            Ok(restored) => {
                self.document.set(restored.document);
                self.keep_open_drafts_if_open(offer.removed.ids().map(str::to_string));
                self.undo.set(None);
                self.clear();
                if let Some(first) = offer.removed.first_id() {
                    self.port.focus_after_render(ids::comment(first));
                }
                if !restored.all_back {
                    self.warn(
                        CommentError::new(Action::Undo, ErrorKind::UnknownComment).to_string(),
                    );
                }
            }
            Err(error) => self.warn(error.to_string()),
        }
    }

    pub fn export(&self) {
        let name = format!("kosovo-briefing-comments-{}.json", self.article());
        let json = self.store().export();
        match self.port.download(&name, &json, JSON) {
            Ok(()) => self.note_export(),
            Err(_) => self.warn(CommentError::new(Action::Export, ErrorKind::Refused).to_string()),
        }
    }

    /// Saves the comments, as the page shows them, in one HTML file a
    /// reader can read, keep and print.
    pub fn save_readable_copy(&self) {
        let now = self.port.now_ms() as i64;
        let threads = self
            .document
            .with_untracked(|d| d.threads(Order::OldestFirst));
        let html = self
            .headline
            .with_value(|headline| readable_copy(&threads, headline, now));
        let name = readable_file_name(&self.article(), now);
        if self.port.download(&name, &html, "text/html").is_err() {
            self.warn(CommentError::new(Action::ReadableCopy, ErrorKind::Refused).to_string());
        }
    }

    /// Imports a file the reader picked: reads it, then joins it in.
    pub fn import_file(&self, file: P::File) {
        let state = *self;
        self.port.read_file(file, move |text| state.import(text));
    }

    /// Imports a picked file's text (or says why it could not be read).
    fn import(&self, file: Result<String, ImportError>) {
        let outcome = file.and_then(|text| self.store().import(&text, self.now()));
        match outcome {
            Ok((report, fresh)) => {
                self.document.set(fresh);
                self.say(report.to_string());
                self.ask_to_keep();
            }
            Err(error) => self.warn(error.to_string()),
        }
    }

    /// Offers the set-aside unreadable comments as a file.
    pub fn download_unreadable(&self, raw: &str) {
        let name = "kosovo-briefing-unreadable-comments.json";
        if self.port.download(name, raw, JSON).is_err() {
            self.warn(
                CommentError::new(Action::DownloadUnreadable, ErrorKind::Refused).to_string(),
            );
        }
    }

    /// Follows another tab's change to storage.
    pub fn follow(&self, notice: StorageNotice) {
        let store = self.store();
        let change = match (&notice.key, &notice.new_value) {
            (None, _) => StorageChange::Cleared,
            (Some(key), value) if *key == store.exported_key() => {
                return self.follow_exported(value.as_deref())
            }
            (Some(key), _) if *key != store.comments_key() => return,
            (Some(_), None) => StorageChange::Cleared,
            (Some(_), Some(value)) => StorageChange::Written(value),
        };
        let followed = store.follow(change);
        // An open editor or reply form whose comment went in the other tab
        // closes with the row: say so, not silently.
        let gone =
            |id: Option<String>| id.is_some_and(|id| followed.document.comment(&id).is_none());
        let closed = if gone(self.editing.get_untracked()) {
            self.editing.set(None);
            self.warn(CommentError::new(Action::Edit, ErrorKind::UnknownComment).to_string());
            Some(DraftKind::Edit)
        } else if gone(self.replying_to.get_untracked()) {
            self.replying_to.set(None);
            self.warn(CommentError::new(Action::Reply, ErrorKind::UnknownComment).to_string());
            Some(DraftKind::Reply)
        } else {
            None
        };
        if let Some(error) = followed.unsaved {
            self.warn(error.to_string());
        }
        // The other tab's change re-renders rows: a box or button the
        // reader is in here keeps the keyboard.
        let focused = self.port.focused_id();
        self.document.set(followed.document);
        if let Some(kind) = closed {
            // Its kept text goes with it.
            self.keep_open_drafts(kind);
        }
        if let Some(id) = focused {
            self.port.keep_focus_after_render(id);
        }
        if followed.problem.is_some() {
            self.problem.set(followed.problem);
        }
    }
}

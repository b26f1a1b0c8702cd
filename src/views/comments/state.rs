//! The comments section's state and its actions, provided by context: the
//! components render these signals and bind the reader's events to these
//! methods. Everything that touches the browser happens in the actions
//! (event handlers) or in the section's effects, never while rendering.

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::browser::{self, StorageNotice, WebStorage};
use crate::comments::{
    Action, CommentDocument, CommentError, CommentStore, ErrorKind, ImportError, NewComment, Order,
    Removed, StorageChange, StoredProblem,
};
use crate::views::ids;

pub type Store = CommentStore<WebStorage>;

/// How many conversations (a comment and its replies) a page shows.
pub const THREADS_PER_PAGE: usize = 50;
/// How long Undo stays offered after a delete.
const UNDO_WINDOW: Duration = Duration::from_secs(10);

/// What the comments section starts from.
pub struct CommentsStart {
    /// `None`: this browser's storage cannot be reached at all.
    pub store: Option<Rc<Store>>,
    pub document: CommentDocument,
    pub problem: Option<StoredProblem>,
    pub draft: String,
    pub name: String,
    pub now_ms: f64,
    /// Rendered into the built page, before the app runs: nothing can be
    /// posted until it does.
    pub prebuilt: bool,
    /// The draft was typed into the built page before the app ran: it is
    /// kept for a reload once the section starts.
    pub typed: bool,
}

impl CommentsStart {
    /// The section as a new reader first sees it, in the built page.
    pub fn first_html(article: &str) -> Self {
        Self {
            store: Some(Rc::new(Store::new(WebStorage, article, ""))),
            document: CommentDocument::new(article),
            problem: None,
            draft: String::new(),
            name: String::new(),
            now_ms: 0.0,
            prebuilt: true,
            typed: false,
        }
    }

    /// Takes the text a reader typed into the built page's Comment box
    /// over the stored draft.
    pub fn keep_typed_draft(&mut self, text: String) {
        self.draft = text;
        self.typed = true;
    }

    /// This reader's comments, from this browser's storage. Called before
    /// the section renders, never while.
    pub fn load(article: &str) -> Self {
        let now_ms = browser::now_ms();
        let store = Store::new(WebStorage, article, &browser::new_tab_id());
        match store.load() {
            Err(_) => Self {
                store: None,
                prebuilt: false,
                ..Self::first_html(article)
            },
            Ok(loaded) => Self {
                draft: store.load_text(&store.draft_key()),
                name: store.load_text(&store.name_key()),
                store: Some(Rc::new(store)),
                document: loaded.document,
                problem: loaded.problem,
                now_ms,
                prebuilt: false,
                typed: false,
            },
        }
    }
}

/// A delete whose Undo is on offer; `token` tells one offer from the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoOffer {
    pub removed: Removed,
    token: u64,
}

#[derive(Clone, Copy)]
pub struct CommentsState {
    store: StoredValue<Rc<Store>, LocalStorage>,
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
}

impl CommentsState {
    pub fn new(store: Rc<Store>, start: CommentsStart) -> Self {
        Self {
            store: StoredValue::new_local(store),
            document: RwSignal::new(start.document),
            now: RwSignal::new(start.now_ms),
            order: RwSignal::new(Order::NewestFirst),
            shown_threads: RwSignal::new(THREADS_PER_PAGE),
            replying_to: RwSignal::new(None),
            editing: RwSignal::new(None),
            draft: RwSignal::new(start.draft),
            edit_text: RwSignal::new(String::new()),
            reply_text: RwSignal::new(String::new()),
            name: RwSignal::new(start.name),
            undo: RwSignal::new(None),
            status: RwSignal::new(None),
            alert: RwSignal::new(None),
            problem: RwSignal::new(start.problem),
            save_failure_said: StoredValue::new(false),
            prebuilt: start.prebuilt,
            typed: start.typed,
        }
    }

    fn store(&self) -> Rc<Store> {
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
        announce(self.alert, message);
    }

    fn now(&self) -> u64 {
        browser::now_ms() as u64
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
            browser::focus_after_render(ids::comment(&id));
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

    /// Posts `text` as a new comment, or as a reply to `parent`; returns
    /// the new comment's id.
    pub fn post(&self, parent: Option<String>, text: String) -> Result<String, CommentError> {
        let id = browser::new_id();
        let new = NewComment {
            id: id.clone(),
            parent: parent.clone(),
            author: self.name.get_untracked(),
            text,
            now: browser::now_iso(),
        };
        let store = self.store();
        let fresh = store.post(new, self.now())?;
        self.document.set(fresh);
        self.reveal(parent.as_deref().unwrap_or(&id));
        self.clear();
        if parent.is_none() {
            self.draft.set(String::new());
            self.keep_text(&store.draft_key(), "", Action::SaveDraft);
        }
        let name = self.name.get_untracked();
        self.keep_text(&store.name_key(), name.trim(), Action::SaveName);
        Ok(id)
    }

    /// The new comment's text as typed, kept so a reload loses nothing.
    pub fn set_draft(&self, value: String) {
        let store = self.store();
        self.keep_text(&store.draft_key(), &value, Action::SaveDraft);
        self.draft.set(value);
    }

    /// Keeps the text typed into the built page before the app ran, as the
    /// draft. (Not through the signal: that would set the box's value again
    /// and move the caret.)
    pub fn keep_typed_draft(&self) {
        if self.typed {
            let store = self.store();
            let draft = self.draft.get_untracked();
            self.keep_text(&store.draft_key(), &draft, Action::SaveDraft);
        }
    }

    /// Saves small reader state; a failure is said once, not at every key.
    fn keep_text(&self, key: &str, value: &str, action: Action) {
        match self.store().save_text(key, value) {
            Ok(()) => self.save_failure_said.set_value(false),
            Err(error) => {
                if !self.save_failure_said.get_value() {
                    self.save_failure_said.set_value(true);
                    self.warn(CommentError::new(action, error.into()).to_string());
                }
            }
        }
    }

    pub fn start_edit(&self, id: &str, text: &str) {
        if self.editing.with_untracked(|e| e.as_deref() != Some(id)) {
            self.edit_text.set(text.to_string());
            self.editing.set(Some(id.to_string()));
        }
        browser::focus_after_render(ids::EDIT_TEXT.to_string());
    }

    pub fn cancel_edit(&self, id: &str) {
        self.editing.set(None);
        browser::focus_after_render(ids::edit_button(id));
    }

    pub fn save_edit(&self, id: &str) -> Result<(), CommentError> {
        let text = self.edit_text.get_untracked();
        let fresh = self
            .store()
            .edit(id, &text, &browser::now_iso(), self.now())?;
        self.editing.set(None);
        self.document.set(fresh);
        browser::focus_after_render(ids::edit_button(id));
        Ok(())
    }

    pub fn start_reply(&self, id: &str) {
        if self
            .replying_to
            .with_untracked(|r| r.as_deref() != Some(id))
        {
            self.reply_text.set(String::new());
            self.replying_to.set(Some(id.to_string()));
        }
        browser::focus_after_render(ids::FormIds::of(Some(id)).text);
    }

    /// Closes the reply form, the keyboard back on the Reply button.
    pub fn close_reply(&self, parent: &str) {
        self.replying_to.set(None);
        browser::focus_after_render(ids::reply_button(parent));
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
        self.undo.set(Some(UndoOffer { removed, token }));
        self.clear();
        self.document.set(fresh);
        // The deleted comment's buttons are gone: keep focus on Undo.
        browser::focus_after_render(ids::UNDO_DELETE.to_string());
        let state = *self;
        set_timeout(
            move || {
                let current = state.undo.with_untracked(|u| u.as_ref().map(|u| u.token));
                if current == Some(token) {
                    // Focus on the vanishing Undo would fall to <body>.
                    let had_focus = browser::focused_id().as_deref() == Some(ids::UNDO_DELETE);
                    state.undo.set(None);
                    if had_focus {
                        browser::focus_element(ids::COMMENTS_HEADING);
                    }
                }
            },
            UNDO_WINDOW,
        );
    }

    pub fn undo(&self) {
        let Some(offer) = self.undo.get_untracked() else {
            return;
        };
        match self.store().restore(&offer.removed, self.now()) {
            Ok(restored) => {
                self.document.set(restored.document);
                self.undo.set(None);
                self.clear();
                if let Some(first) = offer.removed.first_id() {
                    browser::focus_after_render(ids::comment(first));
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
        if browser::download(&name, &json, "application/json").is_err() {
            self.warn(CommentError::new(Action::Export, ErrorKind::Refused).to_string());
        }
    }

    /// Imports a picked file's text (or says why it could not be read).
    pub fn import(&self, file: Result<String, ImportError>) {
        let outcome = file.and_then(|text| self.store().import(&text, self.now()));
        match outcome {
            Ok((report, fresh)) => {
                self.document.set(fresh);
                self.say(report.to_string());
            }
            Err(error) => self.warn(error.to_string()),
        }
    }

    /// Offers the set-aside unreadable comments as a file.
    pub fn download_unreadable(&self, raw: &str) {
        let name = "kosovo-briefing-unreadable-comments.json";
        if browser::download(name, raw, "application/json").is_err() {
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
            (Some(key), _) if *key != store.comments_key() => return,
            (Some(_), None) => StorageChange::Cleared,
            (Some(_), Some(value)) => StorageChange::Written(value),
        };
        let followed = store.follow(change);
        // An open editor or reply form whose comment went in the other tab
        // closes with the row: say so, not silently.
        let gone =
            |id: Option<String>| id.is_some_and(|id| followed.document.comment(&id).is_none());
        if gone(self.editing.get_untracked()) {
            self.editing.set(None);
            self.warn(CommentError::new(Action::Edit, ErrorKind::UnknownComment).to_string());
        } else if gone(self.replying_to.get_untracked()) {
            self.replying_to.set(None);
            self.warn(CommentError::new(Action::Reply, ErrorKind::UnknownComment).to_string());
        }
        if let Some(error) = followed.unsaved {
            self.warn(error.to_string());
        }
        // The other tab's change re-renders rows: a box or button the
        // reader is in here keeps the keyboard.
        let focused = browser::focused_id();
        self.document.set(followed.document);
        if let Some(id) = focused {
            browser::keep_focus_after_render(id);
        }
        if followed.problem.is_some() {
            self.problem.set(followed.problem);
        }
    }
}

/// Shows `message` in an alert region. The same message again is cleared
/// first and shown a frame later: a screen reader announces a change, and
/// an unchanged text is none.
pub fn announce(alert: RwSignal<Option<String>>, message: String) {
    if alert.with_untracked(|shown| shown.as_deref() == Some(message.as_str())) {
        alert.set(None);
        request_animation_frame(move || alert.set(Some(message)));
    } else {
        alert.set(Some(message));
    }
}

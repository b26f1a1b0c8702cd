//! What the reader writes: the comment forms (a new comment, a reply),
//! the draft kept for a reload, and edits in place.

use leptos::prelude::*;

use super::{CommentsPort, CommentsState, PostForm};
use crate::comments::{
    iso_from_unix_ms, validate_text, Action, CommentError, DraftKind, ErrorKind, NewComment,
};
use crate::views::ids;

/// A submit this soon after a post, on the emptied box, is the second
/// click of a double click, not a request to post nothing.
const DOUBLE_CLICK_MS: f64 = 1000.0;

impl<P: CommentsPort> CommentsState<P> {
    /// The form for a new comment (`parent` None) or a reply to `parent`.
    pub fn form(&self, parent: Option<String>) -> PostForm {
        PostForm {
            text: if parent.is_some() {
                self.reply_text
            } else {
                self.draft
            },
            parent,
            alert: RwSignal::new(None),
            posted_at: StoredValue::new(f64::NEG_INFINITY),
        }
    }

    /// What the reader types into a form: a new comment's text is kept as
    /// the draft, a reply's with the open boxes' texts.
    pub fn type_text(&self, form: &PostForm, value: String) {
        if form.parent.is_some() {
            form.text.set(value);
            self.keep_open_drafts(DraftKind::Reply);
        } else {
            self.set_draft(value);
        }
    }

    /// Posts what the form holds, or says in its alert why not.
    pub fn submit(&self, form: &PostForm) {
        let action = match form.parent {
            Some(_) => Action::Reply,
            None => Action::Post,
        };
        let typed = form.text.get_untracked();
        if let Err(kind) = validate_text(&typed) {
            let double_click = self.port.now_ms() - form.posted_at.get_value() < DOUBLE_CLICK_MS;
            if !(double_click && kind == ErrorKind::Empty) {
                self.announce(form.alert, CommentError::new(action, kind).to_string());
            }
            return;
        }
        match self.post(form.parent.clone(), typed) {
            Ok(id) => {
                form.alert.set(None);
                form.posted_at.set_value(self.port.now_ms());
                form.text.set(String::new());
                if form.parent.is_some() {
                    // The form goes away: keep the reader at the reply they wrote.
                    self.close_reply_to(ids::comment(&id));
                }
            }
            Err(error) => self.announce(form.alert, error.to_string()),
        }
    }

    /// Posts `text` as a new comment, or as a reply to `parent`; returns
    /// the new comment's id.
    fn post(&self, parent: Option<String>, text: String) -> Result<String, CommentError> {
        let id = self.port.new_id();
        let now_ms = self.port.now_ms();
        let new = NewComment {
            id: id.clone(),
            parent: parent.clone(),
            author: self.name.get_untracked(),
            text,
            now: iso_from_unix_ms(now_ms as i64),
        };
        let store = self.store();
        let fresh = store.post(new, now_ms as u64)?;
        self.document.set(fresh);
        self.reveal(parent.as_deref().unwrap_or(&id));
        self.clear();
        if parent.is_none() {
            self.draft.set(String::new());
            self.keep_text(&store.draft_key(), "", Action::SaveDraft);
        }
        let name = self.name.get_untracked();
        self.keep_text(&store.name_key(), name.trim(), Action::SaveName);
        self.ask_to_keep();
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
    pub(super) fn keep_text(&self, key: &str, value: &str, action: Action) {
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
            self.keep_open_drafts(DraftKind::Edit);
        }
        self.port.focus_after_render(ids::EDIT_TEXT.to_string());
    }

    pub fn cancel_edit(&self, id: &str) {
        self.editing.set(None);
        self.keep_open_drafts(DraftKind::Edit);
        self.port.focus_after_render(ids::edit_button(id));
    }

    pub fn save_edit(&self, id: &str) -> Result<(), CommentError> {
        let text = self.edit_text.get_untracked();
        let now_ms = self.port.now_ms();
        let fresh =
            self.store()
                .edit(id, &text, &iso_from_unix_ms(now_ms as i64), now_ms as u64)?;
        self.editing.set(None);
        self.document.set(fresh);
        self.keep_open_drafts(DraftKind::Edit);
        self.ask_to_keep();
        self.port.focus_after_render(ids::edit_button(id));
        Ok(())
    }

    pub fn start_reply(&self, id: &str) {
        if self
            .replying_to
            .with_untracked(|r| r.as_deref() != Some(id))
        {
            self.reply_text.set(String::new());
            self.replying_to.set(Some(id.to_string()));
            self.keep_open_drafts(DraftKind::Reply);
        }
        self.port
            .focus_after_render(ids::FormIds::of(Some(id)).text);
    }

    /// Closes a reply form, the keyboard back on its Reply button.
    pub fn cancel_reply(&self, form: &PostForm) {
        if let Some(parent) = &form.parent {
            self.close_reply_to(ids::reply_button(parent));
        }
    }

    /// Closes the reply form, the keyboard then on `focus`.
    fn close_reply_to(&self, focus: String) {
        self.replying_to.set(None);
        self.keep_open_drafts(DraftKind::Reply);
        self.port.focus_after_render(focus);
    }
}

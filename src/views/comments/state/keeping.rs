//! What the section keeps beyond the comments themselves: the text of an
//! open Reply or Edit box for a reload, the browser's promise (or not) to
//! keep the storage, and what the exports held, for the notice beside
//! "Export comments".

use leptos::prelude::*;

use super::{CommentsPort, CommentsState};
use crate::comments::{Action, DraftKind, ExportRecord, OpenDraft, OpenDrafts};
use crate::views::comments::port::Persistence;

impl<P: CommentsPort> CommentsState<P> {
    /// The open boxes' texts, as they are now.
    fn open_drafts(&self) -> OpenDrafts {
        let draft = |kind, id: Option<String>, text: RwSignal<String>| {
            id.map(|id| OpenDraft {
                kind,
                id,
                text: text.get_untracked(),
            })
        };
        let drafts = OpenDrafts {
            reply: draft(
                DraftKind::Reply,
                self.replying_to.get_untracked(),
                self.reply_text,
            ),
            edit: draft(
                DraftKind::Edit,
                self.editing.get_untracked(),
                self.edit_text,
            ),
        };
        self.document.with_untracked(|d| drafts.within(d))
    }

    /// Keeps the open boxes' texts for a reload: a box opened, typed in or
    /// closed, or its comment gone.
    pub(super) fn keep_open_drafts(&self) {
        let key = self.store().open_drafts_key();
        self.keep_text(&key, &self.open_drafts().to_stored(), Action::SaveDraft);
    }

    /// The stored drafts named a comment that is gone: they are dropped
    /// from storage too, once the section is up.
    pub fn keep_restored_drafts(&self) {
        if self.stale_drafts {
            self.keep_open_drafts();
        }
    }

    /// Keeps the open drafts if a change to `ids` touched an open box.
    pub(super) fn keep_open_drafts_if_open(&self, mut ids: impl Iterator<Item = String>) {
        let (replying, editing) = (
            self.replying_to.get_untracked(),
            self.editing.get_untracked(),
        );
        if ids.any(|id| Some(&id) == replying.as_ref() || Some(&id) == editing.as_ref()) {
            self.keep_open_drafts();
        }
    }

    /// What the reader types into the open editor.
    pub fn type_edit(&self, value: String) {
        self.edit_text.set(value);
        self.keep_open_drafts();
    }

    /// Reads, at start, whether the browser keeps the storage.
    pub fn check_persistence(&self) {
        let persistence = self.persistence;
        self.port
            .persisted(move |answer| persistence.set(Some(answer)));
    }

    /// After the reader's post, edit or import: asks the browser to keep
    /// the storage, once a page load.
    pub(super) fn ask_to_keep(&self) {
        if self.persist_asked.get_value() {
            return;
        }
        self.persist_asked.set_value(true);
        let persistence = self.persistence;
        self.port
            .persist(move |answer| persistence.set(Some(answer)));
    }

    /// Whether to warn that the browser may clear the comments: it said it
    /// does not keep them (a missing API says so too).
    pub fn may_be_cleared(&self) -> bool {
        self.persistence.get() == Some(Persistence::NotPersistent)
    }

    /// How many comments no export holds as they are now.
    pub fn unexported(&self) -> usize {
        let record = self.exported;
        self.document.with(|d| record.with(|r| r.unexported(d)))
    }

    /// An export held the comments as they are: recorded, joined with what
    /// other tabs' exports held.
    pub(super) fn note_export(&self) {
        let store = self.store();
        let key = store.exported_key();
        let mut record = ExportRecord::of(&store.document());
        record.join(&ExportRecord::parse(&store.load_text(&key)));
        self.exported.update(|mine| {
            mine.join(&record);
        });
        let stored = self.exported.with_untracked(ExportRecord::to_stored);
        if store.save_text(&key, &stored).is_err() {
            // Refused: the count here is still right; a reload or another
            // tab counts these comments again, which errs on the safe side.
        }
    }

    /// Another tab exported: what it held is joined in.
    pub(super) fn follow_exported(&self, stored: Option<&str>) {
        let theirs = ExportRecord::parse(stored.unwrap_or_default());
        if self
            .exported
            .with_untracked(|mine| mine.clone().join(&theirs))
        {
            self.exported.update(|mine| {
                mine.join(&theirs);
            });
        }
    }
}

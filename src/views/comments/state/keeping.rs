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

    /// Keeps the text of this tab's `kind` of box for a reload: the box
    /// opened, typed in or closed, or its comment gone. Only that kind is
    /// written: the other kind's kept text, which another tab may have
    /// typed, stays as stored.
    pub(super) fn keep_open_drafts(&self, kind: DraftKind) {
        let store = self.store();
        let key = store.open_drafts_key();
        let mine = self.open_drafts();
        let mut kept = OpenDrafts::parse(&store.load_text(&key));
        match kind {
            DraftKind::Reply => kept.reply = mine.reply,
            DraftKind::Edit => kept.edit = mine.edit,
        }
        let kept = self.document.with_untracked(|d| kept.within(d));
        self.keep_text(&key, &kept.to_stored(), Action::SaveDraft);
    }

    /// Once the section is up: the restored boxes are shown (their thread
    /// may lie beyond the first page), and stored drafts that named a
    /// comment now gone are dropped from storage too.
    pub fn keep_restored_drafts(&self) {
        for id in [self.replying_to, self.editing]
            .iter()
            .filter_map(|open| open.get_untracked())
        {
            self.reveal(&id);
        }
        if self.stale_drafts {
            self.keep_open_drafts(DraftKind::Reply);
            self.keep_open_drafts(DraftKind::Edit);
        }
    }

    /// Keeps the open drafts whose box a change to `ids` touched.
    pub(super) fn keep_open_drafts_if_open(&self, ids: impl Iterator<Item = String>) {
        let (replying, editing) = (
            self.replying_to.get_untracked(),
            self.editing.get_untracked(),
        );
        let (mut reply, mut edit) = (false, false);
        for id in ids {
            reply |= Some(&id) == replying.as_ref();
            edit |= Some(&id) == editing.as_ref();
        }
        if reply {
            self.keep_open_drafts(DraftKind::Reply);
        }
        if edit {
            self.keep_open_drafts(DraftKind::Edit);
        }
    }

    /// What the reader types into the open editor.
    pub fn type_edit(&self, value: String) {
        self.edit_text.set(value);
        self.keep_open_drafts(DraftKind::Edit);
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
        // Refused: the count here is still right, and it is said once; a
        // reload or another tab counts these comments again, which errs on
        // the safe side.
        self.keep_text(&key, &stored, Action::Export);
    }

    /// Another tab wrote the record: what it held is joined in, and what
    /// it left out (two exports at once, each tab's copy of storage behind
    /// the other's) is written back, so that every tab and a reload count
    /// the same, as the comments themselves converge.
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
        let joined = self.exported.with_untracked(Clone::clone);
        if joined != theirs {
            let key = self.store().exported_key();
            self.keep_text(&key, &joined.to_stored(), Action::Export);
        }
    }
}

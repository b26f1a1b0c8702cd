//! One article's comments in a [`Storage`], as one tab holds them.
//!
//! Each tab keeps a replica of the document. A change is applied to the
//! replica joined with what storage holds, and written. Another tab's write
//! arrives as a `storage` event: its new value is joined into the replica,
//! and when the replica then knows more (this tab's copy of storage lagged,
//! and that write left something out), the join is written back. Joins only
//! add, so the tabs converge whatever order their writes and events come in.

use std::cell::{Cell, RefCell};

use super::document::{CommentDocument, Entry, NewComment, Removed};
use super::error::{
    Action, CommentError, ErrorKind, ImportError, ReadProblem, StorageError, StoredProblem,
};
use super::stamp::Clock;
use super::storage::Storage;

const KEY_PREFIX: &str = "kosovo-briefing";
/// How many unreadable values are kept aside per article; a new one takes
/// the place of the oldest.
pub const MAX_BACKUPS: usize = 3;

/// What loading found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub document: CommentDocument,
    pub problem: Option<StoredProblem>,
}

/// A change to the comments key that another tab made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageChange<'a> {
    /// `localStorage.clear()`, or the key removed.
    Cleared,
    Written(&'a str),
}

/// What following another tab's change found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    pub document: CommentDocument,
    pub problem: Option<StoredProblem>,
    /// A write-back that failed, said the first time only; the next change
    /// writes it again.
    pub unsaved: Option<CommentError>,
}

/// What Undo did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub document: CommentDocument,
    /// False when another tab deleted one of the comments again since.
    pub all_back: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Comments the file adds.
    pub added: usize,
    /// Comments the file holds a later edit of.
    pub updated: usize,
    /// Comments the file deletes (deleted where it was made).
    pub removed: usize,
    /// The file's other comments: already here, or deleted here since.
    pub unchanged: usize,
}

impl std::fmt::Display for MergeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "Imported {} new comment{}; {} already here",
            self.added,
            plural(self.added),
            self.updated + self.unchanged
        )?;
        if self.updated > 0 {
            write!(f, " ({} with a later edit)", self.updated)?;
        }
        if self.removed > 0 {
            write!(
                f,
                "; {} removed, as deleted where the file was made",
                self.removed
            )?;
        }
        write!(f, ".")
    }
}

/// A reader's change: from the replica and the clock, the entries to add.
type Change<'a> = dyn FnMut(&CommentDocument, &mut Clock) -> Result<Vec<Entry>, ErrorKind> + 'a;

pub struct CommentStore<S: Storage> {
    storage: S,
    article: String,
    replica: RefCell<CommentDocument>,
    clock: RefCell<Clock>,
    /// Set while the stored comments come from a newer version of the
    /// page: nothing is written over them.
    newer: Cell<Option<u64>>,
    /// Whether the replica holds what a failed write-back could not store.
    unsaved: Cell<bool>,
    /// The stored value last read or written, already joined in: the same
    /// text again needs no parsing.
    seen: RefCell<Option<String>>,
}

impl<S: Storage> CommentStore<S> {
    /// A store for `article`, for the tab `tab` (distinct per open tab).
    pub fn new(storage: S, article: &str, tab: &str) -> Self {
        Self {
            storage,
            article: article.to_string(),
            replica: RefCell::new(CommentDocument::new(article)),
            clock: RefCell::new(Clock::new(tab)),
            newer: Cell::new(None),
            unsaved: Cell::new(false),
            seen: RefCell::new(None),
        }
    }

    pub fn storage(&self) -> &S {
        &self.storage
    }

    pub fn article(&self) -> &str {
        &self.article
    }

    pub fn comments_key(&self) -> String {
        format!("{KEY_PREFIX}:comments:{}", self.article)
    }

    pub fn draft_key(&self) -> String {
        format!("{KEY_PREFIX}:draft:{}", self.article)
    }

    /// The unsent text of an open Reply or Edit box ([`super::kept`]).
    pub fn open_drafts_key(&self) -> String {
        format!("{KEY_PREFIX}:open-drafts:{}", self.article)
    }

    /// What the exports held ([`super::exported`]).
    pub fn exported_key(&self) -> String {
        format!("{KEY_PREFIX}:exported:{}", self.article)
    }

    pub fn name_key(&self) -> String {
        format!("{KEY_PREFIX}:name")
    }

    /// What this tab shows.
    pub fn document(&self) -> CommentDocument {
        self.replica.borrow().clone()
    }

    /// The comments as an export file holds them.
    pub fn export(&self) -> String {
        self.replica.borrow().to_json()
    }

    /// Reads the stored comments into this tab's replica.
    pub fn load(&self) -> Result<Loaded, StorageError> {
        let raw = self.storage.get(&self.comments_key())?;
        let problem = self.absorb(raw.as_deref()).err();
        Ok(Loaded {
            document: self.document(),
            problem,
        })
    }

    /// Joins a stored value into the replica and returns it as read; an
    /// unreadable one is set aside first, a newer one left alone.
    fn absorb(&self, raw: Option<&str>) -> Result<Option<CommentDocument>, StoredProblem> {
        let Some(raw) = raw else {
            self.newer.set(None);
            return Ok(None);
        };
        match CommentDocument::parse(raw, &self.article) {
            Ok(stored) => {
                self.newer.set(None);
                self.join(&stored);
                *self.seen.borrow_mut() = Some(raw.to_string());
                Ok(Some(stored))
            }
            Err(ReadProblem::Newer(version)) => {
                self.newer.set(Some(version));
                Err(StoredProblem::Newer(version))
            }
            Err(problem) => Err(StoredProblem::Unreadable {
                problem,
                backup_key: self.set_aside(raw).ok(),
                raw: raw.to_string(),
            }),
        }
    }

    /// [`Self::absorb`], skipping a value this tab already joined in.
    fn absorb_unless_seen(&self, raw: Option<&str>) -> Result<(), StoredProblem> {
        if raw.is_some() && self.seen.borrow().as_deref() == raw {
            return Ok(());
        }
        self.absorb(raw).map(drop)
    }

    fn join(&self, other: &CommentDocument) -> bool {
        let mut clock = self.clock.borrow_mut();
        for entry in other.entries() {
            clock.observe(&entry.stamp);
        }
        let mut replica = self.replica.borrow_mut();
        let changed = replica.join(other);
        replica.forget_unneeded_times();
        changed
    }

    /// Keeps an unreadable value under a backup key, so nothing written
    /// later loses it. The keys are [`MAX_BACKUPS`] slots used in turn:
    /// the same value is kept once, and a new one takes the oldest's place.
    fn set_aside(&self, raw: &str) -> Result<String, StorageError> {
        let slot = |n: usize| format!("{KEY_PREFIX}:backup:{}:{n}", self.article);
        for n in 1..=MAX_BACKUPS {
            if self.storage.get(&slot(n))?.as_deref() == Some(raw) {
                return Ok(slot(n));
            }
        }
        let next_key = format!("{KEY_PREFIX}:next-backup:{}", self.article);
        let next = self
            .storage
            .get(&next_key)?
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..=MAX_BACKUPS).contains(n))
            .unwrap_or(1);
        // The turn moves on first: if this backup then fails, its slot keeps
        // what it had, and no later backup writes over this one.
        self.storage
            .set(&next_key, &(next % MAX_BACKUPS + 1).to_string())?;
        self.storage.set(&slot(next), raw)?;
        Ok(slot(next))
    }

    /// Applies a change the reader made: `change` turns the replica (joined
    /// with what storage holds) and the clock into the entries to add.
    /// (A `dyn` closure: one copy of this in the wasm for every action.)
    fn change(
        &self,
        action: Action,
        now_ms: u64,
        change: &mut Change,
    ) -> Result<CommentDocument, CommentError> {
        let fail = |kind: ErrorKind| CommentError::new(action, kind);
        let key = self.comments_key();
        let raw = self.storage.get(&key).map_err(|e| fail(e.into()))?;
        match self.absorb_unless_seen(raw.as_deref()) {
            Err(StoredProblem::Newer(_)) => return Err(fail(ErrorKind::NewerFormat)),
            Err(StoredProblem::Unreadable {
                backup_key: None, ..
            }) => return Err(fail(ErrorKind::BackupFailed)),
            _ => {}
        }
        let entries = {
            let replica = self.replica.borrow();
            change(&replica, &mut self.clock.borrow_mut()).map_err(fail)?
        };
        let mut next = self.document();
        for entry in entries {
            next.insert(entry);
        }
        next.compact(now_ms);
        if next.thread_problem().is_some() {
            return Err(fail(ErrorKind::BreaksThread));
        }
        let json = next.to_json();
        if raw.as_deref() != Some(json.as_str()) {
            self.storage.set(&key, &json).map_err(|e| fail(e.into()))?;
        }
        *self.seen.borrow_mut() = Some(json);
        self.unsaved.set(false);
        *self.replica.borrow_mut() = next.clone();
        Ok(next)
    }

    /// Follows another tab's write of the comments (a `storage` event).
    pub fn follow(&self, change: StorageChange) -> Followed {
        let text = match change {
            // Someone cleared the site's storage: that is the reader's say.
            StorageChange::Cleared => {
                *self.replica.borrow_mut() = CommentDocument::new(&self.article);
                *self.seen.borrow_mut() = None;
                self.newer.set(None);
                self.unsaved.set(false);
                return self.followed(None, None);
            }
            StorageChange::Written(text) => text,
        };
        let stored = match self.absorb(Some(text)) {
            Ok(stored) => stored,
            Err(problem) => return self.followed(Some(problem), None),
        };
        // The event's value is the truth; this tab writes back only what
        // that value left out.
        if stored.is_some_and(|stored| stored.covers(&self.replica.borrow())) {
            return self.followed(None, None);
        }
        let json = self.replica.borrow().to_json();
        match self.storage.set(&self.comments_key(), &json) {
            Ok(()) => {
                *self.seen.borrow_mut() = Some(json);
                self.unsaved.set(false);
                self.followed(None, None)
            }
            Err(error) => {
                let first = !self.unsaved.replace(true);
                let said = first.then(|| CommentError::new(Action::Sync, error.into()));
                self.followed(None, said)
            }
        }
    }

    fn followed(&self, problem: Option<StoredProblem>, unsaved: Option<CommentError>) -> Followed {
        Followed {
            document: self.document(),
            problem,
            unsaved,
        }
    }

    pub fn post(&self, new: NewComment, now_ms: u64) -> Result<CommentDocument, CommentError> {
        let action = if new.parent.is_some() {
            Action::Reply
        } else {
            Action::Post
        };
        let mut new = Some(new);
        self.change(action, now_ms, &mut |doc, clock| {
            let new = new.take().ok_or(ErrorKind::DuplicateId)?;
            Ok(vec![doc.post(new, clock.tick(now_ms))?])
        })
    }

    pub fn edit(
        &self,
        id: &str,
        text: &str,
        now_iso: &str,
        now_ms: u64,
    ) -> Result<CommentDocument, CommentError> {
        self.change(Action::Edit, now_ms, &mut |doc, clock| {
            let entry = doc.edit(id, text, now_iso, clock.tick(now_ms))?;
            Ok(entry.into_iter().collect())
        })
    }

    pub fn delete(
        &self,
        id: &str,
        now_ms: u64,
    ) -> Result<(Removed, CommentDocument), CommentError> {
        let mut removed = None;
        let document = self.change(Action::Delete, now_ms, &mut |doc, clock| {
            let (tombstone, taken) = doc.delete(id, clock.tick(now_ms))?;
            removed = Some(taken);
            Ok(vec![tombstone])
        })?;
        let removed =
            removed.ok_or(CommentError::new(Action::Delete, ErrorKind::UnknownComment))?;
        Ok((removed, document))
    }

    /// Undoes a delete: each comment comes back as it was deleted, unless
    /// another tab deleted it again since (a newer version). The result
    /// says whether every one came back.
    pub fn restore(&self, removed: &Removed, now_ms: u64) -> Result<Restored, CommentError> {
        let document = self.change(Action::Undo, now_ms, &mut |_, clock| {
            Ok(removed.restored(|| clock.tick(now_ms)))
        })?;
        let all_back = removed.ids().all(|id| document.comment(id).is_some());
        Ok(Restored { document, all_back })
    }

    /// Merges an export file. A file that is not a valid export changes
    /// nothing; a comment the file puts in another thread keeps its place.
    pub fn import(
        &self,
        file_text: &str,
        now_ms: u64,
    ) -> Result<(MergeReport, CommentDocument), ImportError> {
        let incoming =
            CommentDocument::parse(file_text, &self.article).map_err(ImportError::Unreadable)?;
        let mut report = MergeReport::default();
        let document = self
            .change(Action::Import, now_ms, &mut |doc, clock| {
                report = MergeReport::default();
                let mut entries = Vec::new();
                for entry in incoming.entries() {
                    clock.observe(&entry.stamp);
                    let here = doc.entry(&entry.id);
                    let same_thread = here.is_none_or(|h| h.parent == entry.parent);
                    let wins = same_thread && here.is_none_or(|h| entry.outranks(h));
                    let live_here = here.is_some_and(Entry::is_live);
                    match (wins, live_here, entry.is_live()) {
                        (true, false, true) => report.added += 1,
                        (true, true, true) => report.updated += 1,
                        (true, true, false) => report.removed += 1,
                        (_, _, true) => report.unchanged += 1,
                        _ => {}
                    }
                    if wins {
                        entries.push(entry.clone());
                    }
                }
                Ok(entries)
            })
            .map_err(ImportError::Save)?;
        Ok((report, document))
    }

    /// Small reader state (the draft, the name); empty if unreadable.
    pub fn load_text(&self, key: &str) -> String {
        self.storage.get(key).ok().flatten().unwrap_or_default()
    }

    pub fn save_text(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.storage.set(key, value)
    }
}

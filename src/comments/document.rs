//! The comments of one article as a replicated document: one entry per
//! comment id, live or deleted, and a join that merges two replicas.
//!
//! The join keeps, per id, the entry that ranks higher: by its text's
//! version, then by the stamp of the change that wrote it, then a delete
//! before a live entry. That makes it commutative, associative and
//! idempotent, so tabs that exchange documents in any order, late or
//! twice, end with the same one. What the ranks decide:
//! - two edits of one comment: the later stamp wins;
//! - an edit against a delete: the delete names the version it deleted, so
//!   an edit the deleting tab had not seen (a newer version) outlives it,
//!   and an edit it had seen does not;
//! - Undo puts the deleted version back with a newer stamp: it beats its
//!   own delete, but never an edit made meanwhile (that is a newer version);
//! - a reply whose comment is deleted stays, under a placeholder worked out
//!   when the threads are listed.

use std::cmp::Ordering;

use super::error::{ErrorKind, MAX_COMMENT_CHARS};
use super::stamp::{Stamp, MAX_STAMP_MS};
use super::time::iso_from_unix_ms;

/// Checks comment text the way the form does: trimmed, not empty, not too
/// long. Returns the trimmed text.
pub fn validate_text(text: &str) -> Result<String, ErrorKind> {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        Err(ErrorKind::Empty)
    } else if chars > MAX_COMMENT_CHARS {
        Err(ErrorKind::TooLong { chars })
    } else {
        Ok(trimmed.to_string())
    }
}

/// A comment's latest known state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Identity, fixed at posting: the id, the top-level comment a reply
    /// answers, and when it was posted (ISO 8601, UTC).
    pub id: String,
    pub parent: Option<String>,
    pub created_at: String,
    /// The version of the text: the stamp of the post or edit that wrote it
    /// (for a delete, of the text it deleted).
    pub version: Stamp,
    /// The change that wrote this entry: a post, edit, delete or Undo.
    pub stamp: Stamp,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Body {
    Live {
        /// As typed; empty shows as "Anonymous".
        author: String,
        text: String,
        edited_at: Option<String>,
    },
    /// Deleted: the text is gone, the identity and stamps stay.
    Deleted,
}

impl Entry {
    /// A delete version 3 recorded by id alone (its `removed` list): no
    /// text, no time, and a version above any text, so nothing revives it.
    pub fn migrated_delete(id: String) -> Self {
        Self {
            id,
            parent: None,
            created_at: iso_from_unix_ms(0),
            version: Stamp::new(MAX_STAMP_MS, 0, ""),
            stamp: Stamp::default(),
            body: Body::Deleted,
        }
    }

    /// Whether this is a [`Entry::migrated_delete`]: it has no time to
    /// age from.
    fn is_migrated_delete(&self) -> bool {
        self.version.ms == MAX_STAMP_MS
    }

    pub fn is_live(&self) -> bool {
        matches!(self.body, Body::Live { .. })
    }

    fn rank(&self) -> (&Stamp, &Stamp, bool) {
        (&self.version, &self.stamp, !self.is_live())
    }

    /// Whether the join keeps `self` over `other` (same id). The entries
    /// themselves break a tie, so the order is total even for hand-made data.
    pub fn outranks(&self, other: &Entry) -> bool {
        self.rank().cmp(&other.rank()).then_with(|| self.cmp(other)) == Ordering::Greater
    }
}

/// A comment as the reader sees it: live, or the placeholder of a deleted
/// comment that still has replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub parent: Option<String>,
    pub author: String,
    pub text: String,
    pub created_at: String,
    pub edited_at: Option<String>,
    pub deleted: bool,
}

impl Comment {
    fn of(entry: &Entry) -> Self {
        let (author, text, edited_at, deleted) = match &entry.body {
            Body::Live {
                author,
                text,
                edited_at,
            } => (author.clone(), text.clone(), edited_at.clone(), false),
            Body::Deleted => (String::new(), String::new(), None, true),
        };
        Self {
            id: entry.id.clone(),
            parent: entry.parent.clone(),
            author,
            text,
            created_at: entry.created_at.clone(),
            edited_at,
            deleted,
        }
    }

    pub fn display_author(&self) -> &str {
        let name = self.author.trim();
        if name.is_empty() {
            "Anonymous"
        } else {
            name
        }
    }

    pub fn is_reply(&self) -> bool {
        self.parent.is_some()
    }
}

/// A top-level comment (or its placeholder) and its replies, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// A comment as the reader submits it; the caller supplies id and clock.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub id: String,
    pub parent: Option<String>,
    pub author: String,
    pub text: String,
    pub now: String,
}

/// What a delete took away, as it was, so Undo can put it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    entries: Vec<Entry>,
}

impl Removed {
    /// This delete and an `earlier` one whose Undo is still offered, as one.
    pub fn after(mut self, earlier: Removed) -> Removed {
        self.entries.extend(earlier.entries);
        self
    }

    /// How many comments the reader saw go.
    pub fn count(&self) -> usize {
        self.entries.len()
    }

    /// The id of the comment deleted last.
    pub fn first_id(&self) -> Option<&str> {
        self.entries.first().map(|e| e.id.as_str())
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    /// The entries that put each comment back: its deleted version, with
    /// a new stamp each.
    pub fn restored(&self, mut stamp: impl FnMut() -> Stamp) -> Vec<Entry> {
        self.entries
            .iter()
            .map(|entry| Entry {
                stamp: stamp(),
                ..entry.clone()
            })
            .collect()
    }
}

/// How long a deleted comment's entry is kept: long enough that a tab left
/// open, or an export file, from before the delete cannot bring it back.
pub const TOMBSTONE_LIFETIME_MS: u64 = 365 * 24 * 60 * 60 * 1000;

/// One article's comments, as stored, exported and held by each tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentDocument {
    article: String,
    /// Sorted by id, one entry per id: a sorted list costs the wasm far
    /// less than a map, and stored documents are read in this order.
    entries: Vec<Entry>,
}

/// One comparator type for every sort of entries, so the wasm carries one
/// copy of the sort code.
type EntryOrder = fn(&&Entry, &&Entry) -> Ordering;

/// Creation time, then id for a stable tie-break.
fn oldest_first(a: &&Entry, b: &&Entry) -> Ordering {
    (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id))
}

/// Replies grouped by the comment they answer, each group oldest first.
fn by_parent(a: &&Entry, b: &&Entry) -> Ordering {
    a.parent.cmp(&b.parent).then_with(|| oldest_first(a, b))
}

impl CommentDocument {
    pub fn new(article: &str) -> Self {
        Self {
            article: article.to_string(),
            entries: Vec::new(),
        }
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|e| e.id.as_str().cmp(id))
    }

    pub fn article(&self) -> &str {
        &self.article
    }

    /// Every entry, live or deleted, by id.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter()
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.find(id).ok().map(|at| &self.entries[at])
    }

    /// Joins `entry` in; returns whether the document changed.
    pub fn insert(&mut self, entry: Entry) -> bool {
        self.insert_with(&entry, || entry.clone())
    }

    /// Puts `entry` in if it outranks what is there; `owned` makes the copy.
    fn insert_with(&mut self, entry: &Entry, owned: impl FnOnce() -> Entry) -> bool {
        match self.find(&entry.id) {
            Ok(at) if entry.outranks(&self.entries[at]) => self.entries[at] = owned(),
            Ok(_) => return false,
            Err(at) => self.entries.insert(at, owned()),
        }
        true
    }

    /// Joins every entry of `other` in; returns whether this changed.
    pub fn join(&mut self, other: &CommentDocument) -> bool {
        let mut changed = false;
        for entry in &other.entries {
            changed |= self.insert_with(entry, || entry.clone());
        }
        changed
    }

    /// Whether `other` adds nothing to this document.
    pub fn covers(&self, other: &CommentDocument) -> bool {
        other.entries.iter().all(|entry| {
            self.entry(&entry.id)
                .is_some_and(|mine| mine == entry || mine.outranks(entry))
        })
    }

    /// The live comment `id`.
    pub fn comment(&self, id: &str) -> Option<Comment> {
        self.live(id).map(Comment::of)
    }

    fn live(&self, id: &str) -> Option<&Entry> {
        self.entry(id).filter(|e| e.is_live())
    }

    /// Comments a reader sees (placeholders not counted).
    pub fn visible_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_live()).count()
    }

    /// The entry a post adds.
    pub fn post(&self, new: NewComment, stamp: Stamp) -> Result<Entry, ErrorKind> {
        let text = validate_text(&new.text)?;
        if let Some(parent) = &new.parent {
            let parent = self.live(parent).ok_or(ErrorKind::UnknownComment)?;
            if parent.parent.is_some() {
                return Err(ErrorKind::ReplyToReply);
            }
        }
        if self.find(&new.id).is_ok() {
            return Err(ErrorKind::DuplicateId);
        }
        Ok(Entry {
            id: new.id,
            parent: new.parent,
            created_at: new.now,
            version: stamp.clone(),
            stamp,
            body: Body::Live {
                author: new.author.trim().to_string(),
                text,
                edited_at: None,
            },
        })
    }

    /// The entry an edit writes, or `None` if the text is unchanged.
    pub fn edit(
        &self,
        id: &str,
        text: &str,
        now: &str,
        stamp: Stamp,
    ) -> Result<Option<Entry>, ErrorKind> {
        let text = validate_text(text)?;
        let current = self.live(id).ok_or(ErrorKind::UnknownComment)?;
        let Body::Live {
            author, text: old, ..
        } = &current.body
        else {
            return Err(ErrorKind::UnknownComment);
        };
        if *old == text {
            return Ok(None);
        }
        Ok(Some(Entry {
            version: stamp.clone(),
            stamp,
            body: Body::Live {
                author: author.clone(),
                text,
                edited_at: Some(now.to_string()),
            },
            ..current.clone()
        }))
    }

    /// The entry a delete writes, and what Undo needs to put it back. The
    /// replies of a deleted comment stay, under its placeholder.
    pub fn delete(&self, id: &str, stamp: Stamp) -> Result<(Entry, Removed), ErrorKind> {
        let current = self.live(id).ok_or(ErrorKind::UnknownComment)?;
        let tombstone = Entry {
            stamp,
            body: Body::Deleted,
            ..current.clone()
        };
        let removed = Removed {
            entries: vec![current.clone()],
        };
        Ok((tombstone, removed))
    }

    /// Forgets deleted comments older than [`TOMBSTONE_LIFETIME_MS`] that no
    /// reply needs as a placeholder; returns how many went. Deletes migrated
    /// from version 3's `removed` list (at most 500, their version above any
    /// text) have no time to age from, so they are kept.
    pub fn compact(&mut self, now_ms: u64) -> usize {
        let keep: Vec<bool> = {
            let replies = self.live_replies();
            self.entries
                .iter()
                .map(|e| {
                    e.is_live()
                        || e.is_migrated_delete()
                        || e.stamp.ms.saturating_add(TOMBSTONE_LIFETIME_MS) >= now_ms
                        || !replies_of(&replies, &e.id).is_empty()
                })
                .collect()
        };
        let mut kept = keep.iter();
        self.entries
            .retain(|_| kept.next().copied().unwrap_or(true));
        self.forget_unneeded_times();
        keep.iter().filter(|k| !**k).count()
    }

    /// Forgets the creation time of each deleted comment that no live
    /// reply answers: only a placeholder's place needs it, and version 5
    /// does not store it. A reply that comes later (posted in a tab that had
    /// not seen the delete) dates its placeholder itself, as when the entry
    /// is gone. Every tab forgets alike, so replicas equal what they store.
    pub fn forget_unneeded_times(&mut self) {
        let forget = self.unneeded_times();
        for (entry, forget) in self.entries.iter_mut().zip(forget) {
            if forget {
                entry.created_at.clear();
            }
        }
    }

    /// Per entry, by id: whether it is deleted and no live reply needs its
    /// creation time.
    pub fn unneeded_times(&self) -> Vec<bool> {
        let replies = self.live_replies();
        self.entries
            .iter()
            .map(|e| !e.is_live() && replies_of(&replies, &e.id).is_empty())
            .collect()
    }

    /// Top-level comments in `order`, each with its live replies oldest
    /// first. A deleted comment with live replies is listed as a
    /// placeholder; so is one whose entry is gone altogether.
    pub fn threads(&self, order: Order) -> Vec<Thread> {
        let replies = self.live_replies();
        let placeholders = self.missing_parents(&replies);
        self.heads(&replies, &placeholders, order)
            .into_iter()
            .map(|head| Thread {
                comment: Comment::of(head),
                replies: replies_of(&replies, &head.id)
                    .iter()
                    .map(|r| Comment::of(r))
                    .collect(),
            })
            .collect()
    }

    /// Where the thread holding comment `id` stands in `order`.
    pub fn thread_position(&self, id: &str, order: Order) -> Option<usize> {
        let entry = self.entry(id)?;
        let top = entry.parent.as_deref().unwrap_or(id);
        let replies = self.live_replies();
        let placeholders = self.missing_parents(&replies);
        self.heads(&replies, &placeholders, order)
            .iter()
            .position(|head| head.id == top)
    }

    /// The live replies, grouped by the comment they answer.
    fn live_replies(&self) -> Vec<&Entry> {
        let mut replies: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.is_live() && e.parent.is_some())
            .collect();
        replies.sort_by(by_parent as EntryOrder);
        replies
    }

    /// Stand-ins for the comments that live replies answer but that this
    /// document has no entry for at all, or no time for.
    fn missing_parents(&self, replies: &[&Entry]) -> Vec<Entry> {
        let mut missing: Vec<Entry> = Vec::new();
        for reply in replies {
            let parent = reply.parent.as_deref().unwrap_or_default();
            // A deleted comment whose time is forgotten is dated the same way.
            let dated = self.entry(parent).is_some_and(|e| !e.created_at.is_empty());
            let known = dated || missing.last().is_some_and(|m| m.id == parent);
            if !known {
                // The group's first reply (oldest) dates the thread.
                missing.push(Entry {
                    id: parent.to_string(),
                    parent: None,
                    body: Body::Deleted,
                    ..(*reply).clone()
                });
            }
        }
        missing
    }

    /// The threads' first comments in `order`: live top-level comments, and
    /// deleted (or missing) ones that have live replies.
    fn heads<'a>(
        &'a self,
        replies: &[&'a Entry],
        placeholders: &'a [Entry],
        order: Order,
    ) -> Vec<&'a Entry> {
        let mut heads: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| {
                e.parent.is_none()
                    && (e.is_live()
                        || !e.created_at.is_empty() && !replies_of(replies, &e.id).is_empty())
            })
            .chain(placeholders)
            .collect();
        heads.sort_by(oldest_first as EntryOrder);
        if order == Order::NewestFirst {
            heads.reverse();
        }
        heads
    }

    /// What breaks the rule that replies go one level deep, if anything.
    pub fn thread_problem(&self) -> Option<String> {
        self.entries.iter().find_map(|entry| {
            let parent = entry.parent.as_deref().and_then(|p| self.entry(p))?;
            parent
                .parent
                .is_some()
                .then(|| format!("the comment “{}” replies to a reply", entry.id))
        })
    }

    /// A document of `entries` for `article`, as read from storage or a
    /// file; the id of the first repeated entry, if one is.
    pub(super) fn from_entries(
        article: &str,
        entries: Vec<Entry>,
    ) -> Result<Self, (usize, String)> {
        let mut document = Self::new(article);
        for (index, entry) in entries.into_iter().enumerate() {
            match document.find(&entry.id) {
                Ok(_) => return Err((index, entry.id)),
                Err(at) => document.entries.insert(at, entry),
            }
        }
        Ok(document)
    }
}

/// The replies to `parent`, oldest first, from [`CommentDocument::live_replies`].
fn replies_of<'a>(replies: &'a [&'a Entry], parent: &str) -> &'a [&'a Entry] {
    let start = replies.partition_point(|r| r.parent.as_deref() < Some(parent));
    let end = start + replies[start..].partition_point(|r| r.parent.as_deref() == Some(parent));
    &replies[start..end]
}

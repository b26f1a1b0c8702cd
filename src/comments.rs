//! Reader comments: a versioned document kept in the browser's storage,
//! the operations on it, and everything that can go wrong on the way.
//!
//! Pure Rust behind the small [`Storage`] trait, so native tests
//! (`tests/comments.rs`) run it against a [`MemoryStorage`] that can be made
//! full, unreadable or absent.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use serde_json::Value;

use crate::json::{Object, ShapeError};

/// The document version this build writes.
pub const DOCUMENT_VERSION: u64 = 3;
/// How many conversations (a comment and its replies) a page shows.
pub const THREADS_PER_PAGE: usize = 50;
/// The longest comment, in characters after trimming.
pub const MAX_COMMENT_CHARS: usize = 2000;
const KEY_PREFIX: &str = "kosovo-briefing";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: String,
    /// The top-level comment this replies to. Replies are one level deep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// As typed; empty shows as "Anonymous".
    pub author: String,
    pub text: String,
    /// ISO 8601 in UTC, as `Date.prototype.toISOString` writes it.
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<String>,
    /// A deleted comment whose replies keep it as a placeholder; its text is gone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Comment {
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

/// What `localStorage` holds for one article, and what an export file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentDocument {
    pub version: u64,
    pub article: String,
    pub comments: Vec<Comment>,
    /// Ids of comments deleted outright (newest last, the latest
    /// [`REMEMBERED_DELETES`]): a comment missing from a tab's write was
    /// deleted only if it is listed here, not merely because that tab's copy
    /// of storage never had it. New in version 3.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// Which write this is: the writing tab's id and its count of writes.
    /// Every stored value is then unique, so a tab can tell its own writes
    /// from another's that happen to hold the same comments. New in version 3.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub revision: String,
}

/// How many deletions a document remembers.
pub const REMEMBERED_DELETES: usize = 500;

/// A comment as the reader submits it; the caller supplies id and clock.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub id: String,
    pub parent: Option<String>,
    pub author: String,
    pub text: String,
    pub now: String,
}

/// Comments taken out by a delete, as they were, so Undo can put them back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    pub comments: Vec<Comment>,
}

impl Removed {
    /// This delete and an `earlier` one whose Undo is still offered, as one:
    /// undoing it puts each comment back as it was before the earlier delete
    /// (restore applies them in order, so the earlier states come last).
    pub fn after(mut self, earlier: Removed) -> Removed {
        self.comments.extend(earlier.comments);
        self
    }

    /// How many comments a reader saw go (placeholders not counted).
    pub fn count(&self) -> usize {
        // A handful of comments: a scan, not a sort (one less sort in the wasm).
        let seen: Vec<&str> = self
            .comments
            .iter()
            .filter(|c| !c.deleted)
            .map(|c| c.id.as_str())
            .collect();
        seen.iter()
            .enumerate()
            .filter(|&(i, id)| !seen[..i].contains(id))
            .count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// A top-level comment and its replies (oldest first, as a conversation reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// Creation time, then id for a stable tie-break. One named comparator for
/// every comment sort, so the wasm carries one copy of the sort code.
fn oldest_first(a: &&Comment, b: &&Comment) -> Ordering {
    (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Checks comment text the way the form does: trimmed, not empty, not too long.
pub fn validate_text(text: &str) -> Result<String, CommentError> {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        Err(CommentError::Empty)
    } else if chars > MAX_COMMENT_CHARS {
        Err(CommentError::TooLong { chars })
    } else {
        Ok(trimmed.to_string())
    }
}

impl CommentDocument {
    pub fn new(article: &str) -> Self {
        Self {
            version: DOCUMENT_VERSION,
            article: article.to_string(),
            comments: Vec::new(),
            removed: Vec::new(),
            revision: String::new(),
        }
    }

    fn note_removed(&mut self, id: &str) {
        self.note_back(id);
        // `>=`, not `==`: a stored list can be longer (an older build, an import).
        let excess = (self.removed.len() + 1).saturating_sub(REMEMBERED_DELETES);
        self.removed.drain(..excess);
        self.removed.push(id.to_string());
    }

    /// `id` is in the document again (restored, re-added): no longer removed.
    fn note_back(&mut self, id: &str) {
        self.removed.retain(|r| r != id);
    }

    /// Removes placeholders left without replies; returns whether any went.
    fn drop_orphan_placeholders(&mut self) -> bool {
        let orphans: Vec<String> = self
            .comments
            .iter()
            .filter(|c| c.deleted && !self.has_replies(&c.id))
            .map(|c| c.id.clone())
            .collect();
        self.comments.retain(|c| !orphans.contains(&c.id));
        for id in &orphans {
            self.note_removed(id);
        }
        !orphans.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.comments.iter().position(|c| c.id == id)
    }

    fn has_replies(&self, id: &str) -> bool {
        self.comments
            .iter()
            .any(|c| c.parent.as_deref() == Some(id))
    }

    /// Comments a reader sees (placeholders left by deletes excluded).
    pub fn visible_count(&self) -> usize {
        self.comments.iter().filter(|c| !c.deleted).count()
    }

    pub fn post(&mut self, new: NewComment) -> Result<(), CommentError> {
        let text = validate_text(&new.text)?;
        if let Some(parent) = &new.parent {
            match self.get(parent) {
                None => return Err(CommentError::UnknownComment),
                Some(p) if p.is_reply() => return Err(CommentError::ReplyToReply),
                Some(_) => {}
            }
        }
        if self.get(&new.id).is_some() {
            return Err(CommentError::DuplicateId);
        }
        self.comments.push(Comment {
            id: new.id,
            parent: new.parent,
            author: new.author.trim().to_string(),
            text,
            created_at: new.now,
            edited_at: None,
            deleted: false,
        });
        Ok(())
    }

    pub fn edit(&mut self, id: &str, text: &str, now: &str) -> Result<(), CommentError> {
        let text = validate_text(text)?;
        let comment = self
            .comments
            .iter_mut()
            .find(|c| c.id == id && !c.deleted)
            .ok_or(CommentError::UnknownComment)?;
        if comment.text != text {
            comment.text = text;
            comment.edited_at = Some(now.to_string());
        }
        Ok(())
    }

    /// Deletes a comment. One with replies stays as a placeholder so its
    /// replies keep their place; a placeholder left without replies goes.
    pub fn delete(&mut self, id: &str) -> Result<Removed, CommentError> {
        let at = self.position(id).ok_or(CommentError::UnknownComment)?;
        let original = self.comments[at].clone();
        if original.deleted {
            return Err(CommentError::UnknownComment);
        }
        let mut removed = vec![original.clone()];
        if self.has_replies(id) {
            let placeholder = &mut self.comments[at];
            placeholder.deleted = true;
            placeholder.text.clear();
        } else {
            self.comments.remove(at);
            self.note_removed(id);
            if let Some(parent) = &original.parent {
                if let Some(p) = self.position(parent) {
                    if self.comments[p].deleted && !self.has_replies(parent) {
                        removed.push(self.comments.remove(p));
                        self.note_removed(parent);
                    }
                }
            }
        }
        Ok(Removed { comments: removed })
    }

    /// Undoes a delete: puts each comment back as it was before it. A reply
    /// whose comment is gone meanwhile (deleted in another tab) cannot come
    /// back: nothing changes.
    pub fn restore(&mut self, removed: &Removed) -> Result<(), CommentError> {
        let parent_is_back = |parent: &str| {
            self.get(parent).is_some() || removed.comments.iter().any(|c| c.id == parent)
        };
        if removed
            .comments
            .iter()
            .any(|c| c.parent.as_deref().is_some_and(|p| !parent_is_back(p)))
        {
            return Err(CommentError::UnknownComment);
        }
        for comment in &removed.comments {
            self.note_back(&comment.id);
            match self.position(&comment.id) {
                Some(at) => self.comments[at] = comment.clone(),
                None => self.comments.push(comment.clone()),
            }
        }
        Ok(())
    }

    /// Adds the comments of `other` this document lacks (by id); where both
    /// have one, the later edit wins, in the thread it is in here. Never
    /// duplicates; a placeholder with no replies left is not kept.
    pub fn merge(&mut self, other: &CommentDocument) -> MergeReport {
        let mut report = MergeReport::default();
        for incoming in &other.comments {
            if incoming.deleted && !other.has_replies(&incoming.id) {
                continue;
            }
            match self.position(&incoming.id) {
                None => {
                    self.note_back(&incoming.id);
                    self.comments.push(incoming.clone());
                    report.added += 1;
                }
                Some(at) => {
                    let current = &self.comments[at];
                    if current != incoming
                        && incoming.edited_at > current.edited_at
                        && incoming.parent == current.parent
                        && !current.deleted
                    {
                        self.comments[at] = incoming.clone();
                        report.updated += 1;
                    } else {
                        report.unchanged += 1;
                    }
                }
            }
        }
        self.drop_orphan_placeholders();
        report
    }

    /// Replays onto this document what another tab's write changed, from
    /// `before` to `after`: comments it added or changed, and comments it
    /// deleted. A comment changed here since `before` keeps this tab's
    /// version. Returns whether anything changed.
    pub fn replay(&mut self, before: &CommentDocument, after: &CommentDocument) -> bool {
        let mut changed = false;
        // Top-level comments first, so a reply finds a parent added with it.
        let (top, replies): (Vec<&Comment>, Vec<&Comment>) =
            after.comments.iter().partition(|c| !c.is_reply());
        for comment in top.into_iter().chain(replies) {
            let previous = before.get(&comment.id);
            if previous == Some(comment) {
                continue;
            }
            match (self.position(&comment.id), previous) {
                // Added by the other tab, and then deleted here.
                (None, None)
                    if self.removed.contains(&comment.id)
                        && !before.removed.contains(&comment.id) => {}
                // Added (or restored) by the other tab, and missing here.
                (None, None) => {
                    if let Some(parent) = comment.parent.as_deref() {
                        if self.get(parent).is_none() {
                            // Deleted here while the other tab replied to it:
                            // a placeholder, as a delete with replies leaves.
                            let Some(parent) = after.get(parent) else {
                                continue;
                            };
                            self.comments.push(Comment {
                                deleted: true,
                                text: String::new(),
                                ..parent.clone()
                            });
                        }
                    }
                    self.note_back(&comment.id);
                    self.comments.push(comment.clone());
                    changed = true;
                }
                // Changed by the other tab, untouched here since.
                (Some(at), Some(previous)) if self.comments[at] == *previous => {
                    self.comments[at] = comment.clone();
                    changed = true;
                }
                // Present here already, or changed or deleted here since.
                _ => {}
            }
        }
        // Deleted there: listed as removed, not merely missing (a tab that
        // wrote from a stale copy never had the comments it missed).
        for previous in &before.comments {
            let deleted_there =
                after.get(&previous.id).is_none() && after.removed.contains(&previous.id);
            if deleted_there && self.get(&previous.id) == Some(previous) {
                changed |= self.delete(&previous.id).is_ok();
            }
        }
        // A placeholder whose last reply went in the other tab goes too.
        changed |= self.drop_orphan_placeholders();
        changed
    }

    /// Where the thread holding comment `id` (a top-level comment or a
    /// reply) stands in `order`.
    pub fn thread_position(&self, id: &str, order: Order) -> Option<usize> {
        let comment = self.get(id)?;
        let top = self.get(comment.parent.as_deref().unwrap_or(id))?;
        // Count the threads that come before it, as `threads` orders them,
        // without building (and cloning) them all.
        fn key(c: &Comment) -> (&str, &str) {
            (&c.created_at, &c.id)
        }
        let before = self
            .comments
            .iter()
            .filter(|c| !c.is_reply())
            .filter(|c| match order {
                Order::NewestFirst => key(c) > key(top),
                Order::OldestFirst => key(c) < key(top),
            })
            .count();
        Some(before)
    }

    /// Top-level comments in `order`, each with its replies oldest first.
    pub fn threads(&self, order: Order) -> Vec<Thread> {
        let mut replies: FxHashMap<&str, Vec<&Comment>> = FxHashMap::default();
        for comment in &self.comments {
            if let Some(parent) = &comment.parent {
                replies.entry(parent.as_str()).or_default().push(comment);
            }
        }
        let mut top: Vec<&Comment> = self.comments.iter().filter(|c| !c.is_reply()).collect();
        top.sort_by(oldest_first);
        if order == Order::NewestFirst {
            top.reverse();
        }
        top.into_iter()
            .map(|comment| {
                let mut own = replies.remove(comment.id.as_str()).unwrap_or_default();
                own.sort_by(oldest_first);
                Thread {
                    comment: comment.clone(),
                    replies: own.into_iter().cloned().collect(),
                }
            })
            .collect()
    }

    /// Reads a stored or exported document of any known version, checking
    /// that it is for `article` and consistent.
    pub fn parse(text: &str, article: &str) -> Result<Self, ReadProblem> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| ReadProblem::NotJson(e.to_string()))?;
        let version = value
            .get("version")
            .ok_or_else(|| ReadProblem::WrongShape("the field “version” is missing".into()))?
            .as_u64()
            .ok_or_else(|| ReadProblem::WrongShape("“version” is not a whole number".into()))?;
        let document = match version {
            1 => read_v1(&value, article),
            // Version 3 adds `removed` and `revision` to version 2.
            2 | DOCUMENT_VERSION => read_v2(&value),
            other => return Err(ReadProblem::UnknownVersion(other)),
        }
        .map_err(|e| ReadProblem::WrongShape(e.to_string()))?;
        if document.article != article {
            return Err(ReadProblem::OtherArticle(document.article));
        }
        document.check()?;
        Ok(document)
    }

    /// Compact JSON, as stored and exported: every post rewrites the whole
    /// document, so its size is time (and one formatter in the wasm, not two).
    pub fn to_json(&self) -> String {
        // Serializing plain strings and numbers cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    fn check(&self) -> Result<(), ReadProblem> {
        // Top-level ids and reply ids, for parent checks in one pass rather
        // than a search per reply (sets of &str, as `ids`: no new hash code).
        let mut replies = FxHashSet::default();
        let mut top = FxHashSet::default();
        for comment in &self.comments {
            let set = if comment.is_reply() {
                &mut replies
            } else {
                &mut top
            };
            set.insert(comment.id.as_str());
        }
        let mut ids = FxHashSet::default();
        for (i, comment) in self.comments.iter().enumerate() {
            let at = |what: &str| ReadProblem::Invalid(format!("comments[{i}] {what}"));
            if comment.id.trim().is_empty() {
                return Err(at("has an empty id"));
            }
            if !ids.insert(comment.id.as_str()) {
                return Err(at(&format!("repeats the id “{}”", comment.id)));
            }
            if !is_iso_timestamp(&comment.created_at) {
                return Err(at("has a created_at that is not an ISO 8601 time"));
            }
            if comment
                .edited_at
                .as_deref()
                .is_some_and(|t| !is_iso_timestamp(t))
            {
                return Err(at("has an edited_at that is not an ISO 8601 time"));
            }
            if !comment.deleted {
                validate_text(&comment.text).map_err(|e| at(&format!("has a text that {e}")))?;
            }
            if let Some(parent) = &comment.parent {
                if replies.contains(parent.as_str()) {
                    return Err(at("replies to a reply"));
                } else if !top.contains(parent.as_str()) {
                    return Err(at(&format!(
                        "replies to “{parent}”, which is not in the file"
                    )));
                }
            }
        }
        Ok(())
    }
}

fn read_v2(value: &Value) -> Result<CommentDocument, ShapeError> {
    let fields = ["version", "article", "comments", "removed", "revision"];
    let document = Object::new(value, "", &fields)?;
    Ok(CommentDocument {
        revision: document.optional_string("revision")?.unwrap_or_default(),
        removed: document.array("removed", true, |value, path| {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| ShapeError::WrongType {
                    path: path.to_string(),
                    expected: "a string",
                })
        })?,
        version: DOCUMENT_VERSION,
        article: document.string("article")?,
        comments: document.array("comments", false, |value, path| {
            let fields = [
                "id",
                "parent",
                "author",
                "text",
                "created_at",
                "edited_at",
                "deleted",
            ];
            let comment = Object::new(value, path, &fields)?;
            Ok(Comment {
                id: comment.string("id")?,
                parent: comment.optional_string("parent")?,
                author: comment.string("author")?,
                text: comment.string("text")?,
                created_at: comment.string("created_at")?,
                edited_at: comment.optional_string("edited_at")?,
                deleted: comment.flag("deleted")?,
            })
        })?,
    })
}

/// Version 1 kept a flat list: `{version: 1, article?, comments: [{id, name,
/// body, posted_ms}]}`, with no replies or edits.
fn read_v1(value: &Value, article: &str) -> Result<CommentDocument, ShapeError> {
    let document = Object::new(value, "", &["version", "article", "comments"])?;
    Ok(CommentDocument {
        revision: String::new(),
        removed: Vec::new(),
        version: DOCUMENT_VERSION,
        article: document
            .optional_string("article")?
            .unwrap_or_else(|| article.to_string()),
        comments: document.array("comments", false, |value, path| {
            let comment = Object::new(value, path, &["id", "name", "body", "posted_ms"])?;
            Ok(Comment {
                id: comment.string("id")?,
                parent: None,
                author: comment.string("name")?,
                text: comment.string("body")?,
                created_at: iso_from_unix_ms(comment.integer("posted_ms")?),
                edited_at: None,
                deleted: false,
            })
        })?,
    })
}

/// `YYYY-MM-DDTHH:MM:SS.sssZ`, the one shape the store writes and sorts by.
pub fn is_iso_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.into_iter().all(|i| b[i].is_ascii_digit());
    b.len() == 24
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..23)
        && b[23] == b'Z'
}

/// Formats milliseconds since the Unix epoch as `is_iso_timestamp` expects.
pub fn iso_from_unix_ms(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

/// A span of time in the largest unit that fits, for "3 minutes ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ago {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

pub fn ago(then_ms: f64, now_ms: f64) -> Ago {
    let seconds = ((now_ms - then_ms) / 1000.0).max(0.0) as i64;
    match seconds {
        s if s < 45 => Ago::JustNow,
        s if s < 3600 => Ago::Minutes(((s + 30) / 60).max(1)),
        s if s < 86_400 => Ago::Hours(s / 3600),
        s if s < 30 * 86_400 => Ago::Days(s / 86_400),
        s if s < 365 * 86_400 => Ago::Months(s / (30 * 86_400)),
        s => Ago::Years(s / (365 * 86_400)),
    }
}

/// Why a stored value or an import file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    NotJson(String),
    UnknownVersion(u64),
    WrongShape(String),
    Invalid(String),
    OtherArticle(String),
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(detail) => write!(f, "it is not valid JSON ({detail})"),
            Self::UnknownVersion(v) => write!(
                f,
                "it is version {v} of the comments format, newer than this page reads ({DOCUMENT_VERSION})"
            ),
            Self::WrongShape(detail) => write!(f, "it is not shaped like a comments document ({detail})"),
            Self::Invalid(detail) => write!(f, "{detail}"),
            Self::OtherArticle(id) => write!(f, "it holds comments for another article (“{id}”)"),
        }
    }
}

/// Why a comment action failed; each becomes a sentence for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentError {
    Empty,
    TooLong {
        chars: usize,
    },
    UnknownComment,
    ReplyToReply,
    DuplicateId,
    StorageUnavailable,
    StorageFull,
    /// Unreadable stored data could not be set aside, so nothing was written over it.
    BackupFailed,
    /// The change would leave the comments unable to be read back (a reply
    /// whose comment is gone, or a reply to a reply), so it was not saved.
    Inconsistent,
    Storage(String),
}

impl fmt::Display for CommentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "is empty: write something before posting"),
            Self::TooLong { chars } => write!(
                f,
                "is {chars} characters long; the limit is {MAX_COMMENT_CHARS}"
            ),
            Self::UnknownComment => write!(f, "refers to a comment that no longer exists"),
            Self::ReplyToReply => write!(f, "replies to a reply; replies go one level deep"),
            Self::DuplicateId => write!(f, "has an id that is already taken; please try again"),
            Self::StorageUnavailable => write!(f, "could not be saved: this browser does not allow storage here"),
            Self::StorageFull => write!(f, "could not be saved: this browser’s storage is full"),
            Self::BackupFailed => write!(
                f,
                "could not be saved: the unreadable comments already stored could not be set aside first"
            ),
            Self::Inconsistent => write!(
                f,
                "could not be saved: that would break a reply’s link to its comment"
            ),
            Self::Storage(detail) => write!(f, "could not be saved ({detail})"),
        }
    }
}

/// Why a storage call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all: blocked, or it throws on access.
    Unavailable,
    QuotaExceeded,
    Other(String),
}

impl From<StorageError> for CommentError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Unavailable => Self::StorageUnavailable,
            StorageError::QuotaExceeded => Self::StorageFull,
            StorageError::Other(detail) => Self::Storage(detail),
        }
    }
}

/// The little of `localStorage` the store needs.
pub trait Storage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
}

/// Two stores over one storage stand for two tabs over one `localStorage`.
impl<S: Storage + ?Sized> Storage for &S {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        (**self).get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        (**self).set(key, value)
    }
}

/// An in-memory [`Storage`] for tests, with a byte quota and an off switch.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    entries: RefCell<BTreeMap<String, String>>,
    quota: Cell<Option<usize>>,
    unavailable: Cell<bool>,
    writes: Cell<usize>,
}

impl MemoryStorage {
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuses writes that would take the total of keys and values over `bytes`.
    pub fn set_quota(&self, bytes: Option<usize>) {
        self.quota.set(bytes);
    }

    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.set(unavailable);
    }

    /// Empties it, as `localStorage.clear()` does.
    pub fn clear(&self) {
        self.entries.borrow_mut().clear();
    }

    /// How many writes succeeded: an identical rewrite counts too.
    pub fn writes(&self) -> usize {
        self.writes.get()
    }

    pub fn keys(&self) -> Vec<String> {
        self.entries.borrow().keys().cloned().collect()
    }

    fn used_without(&self, key: &str) -> usize {
        self.entries
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        if self.unavailable.get() {
            return Err(StorageError::Unavailable);
        }
        Ok(self.entries.borrow().get(key).cloned())
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if self.unavailable.get() {
            return Err(StorageError::Unavailable);
        }
        if let Some(quota) = self.quota.get() {
            if self.used_without(key) + key.len() + value.len() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        self.entries
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        self.writes.set(self.writes.get() + 1);
        Ok(())
    }
}

/// What loading found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub document: CommentDocument,
    /// Set when the stored value could not be read; it was set aside first.
    pub unreadable: Option<Unreadable>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub problem: ReadProblem,
    /// Where the raw value now also lives; `None` if setting it aside failed
    /// (then it is still only under the comments key, which is not written).
    pub backup_key: Option<String>,
    pub raw: String,
}

/// One article's comments in a [`Storage`]. Every change reads what storage
/// holds at that moment and writes the result back, and [`Self::follow`]
/// repairs a write this tab made from a copy that missed another tab's, so
/// two tabs writing close together never drop each other's comments.
pub struct CommentStore<S: Storage> {
    storage: S,
    article: String,
    /// What [`Self::follow`] needs to tell a change this tab wrote over
    /// without seeing it from one it had seen.
    writes: Mutex<WriteMemory>,
    /// This tab's id, in each write's revision.
    tab: String,
}

/// Distinct tab ids for stores made without one (native tests).
static STORES_MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many values [`WriteMemory`] keeps of each kind.
const REMEMBERED_WRITES: usize = 16;

/// This tab's recent writes and what they overwrote unseen, as fingerprints.
#[derive(Debug, Default)]
struct WriteMemory {
    /// Writes made, for revisions.
    count: u64,
    /// This tab's writes no other tab has yet shown it saw: (built on, wrote).
    unseen: Vec<(u64, u64)>,
    /// Values other tabs wrote that this tab then wrote over unseen.
    overwritten: Vec<u64>,
}

impl WriteMemory {
    fn wrote(&mut self, base: u64, written: u64) {
        if self.unseen.len() == REMEMBERED_WRITES {
            self.unseen.remove(0);
        }
        self.unseen.push((base, written));
    }

    /// Whether another tab's change from `old` to `new` is one this tab
    /// wrote over without seeing it: `old` is a value a write of ours was
    /// built on, or the new value of a change so missed (a chain of them).
    ///
    /// Events come in the order of the writes, and `old` is what storage
    /// held just before the change. So a change made over one of our writes
    /// came after it (if it missed ours, its tab repairs); that write and
    /// older ones cannot be written over unseen any more, and are forgotten.
    /// A value can recur (a post, then its delete): the latest of our writes
    /// that read or wrote `old` decides.
    fn missed(&mut self, old: u64, new: u64) -> bool {
        let last_read = self.unseen.iter().rposition(|&(base, _)| base == old);
        let last_wrote = self.unseen.iter().rposition(|&(_, wrote)| wrote == old);
        if let Some(at) = last_wrote {
            if last_read.is_none_or(|read| read <= at) {
                self.unseen.drain(..=at);
                self.overwritten.clear();
                return false;
            }
        }
        if last_read.is_some() || self.overwritten.contains(&old) {
            if self.overwritten.len() == REMEMBERED_WRITES {
                self.overwritten.remove(0);
            }
            self.overwritten.push(new);
            return true;
        }
        false
    }

    /// Storage was cleared: nothing written before can be missed any more.
    fn forget(&mut self) {
        self.unseen.clear();
        self.overwritten.clear();
    }
}

/// FNV-1a: stable across builds and platforms, unlike `DefaultHasher`.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A stored value's fingerprint; no value at all has its own.
fn value_fingerprint(value: Option<&str>) -> u64 {
    value.map_or(0, fingerprint)
}

impl<S: Storage> CommentStore<S> {
    pub fn new(storage: S, article: &str) -> Self {
        Self {
            storage,
            article: article.to_string(),
            writes: Mutex::new(WriteMemory::default()),
            tab: format!(
                "s{}",
                STORES_MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            ),
        }
    }

    /// Names this tab in its writes; tabs of one browser need distinct ids.
    pub fn with_tab_id(mut self, tab: String) -> Self {
        self.tab = tab;
        self
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

    pub fn name_key(&self) -> String {
        format!("{KEY_PREFIX}:name")
    }

    /// A key per distinct unreadable value: setting one aside twice is
    /// harmless, and two different ones never overwrite each other.
    pub fn backup_key(&self, raw: &str) -> String {
        let hash = fingerprint(raw);
        format!("{KEY_PREFIX}:backup:{}:{hash:016x}", self.article)
    }

    /// Saves `document`, built on the stored value `base`, and remembers
    /// that. A document that equals `base` is not written again: a rewrite
    /// from a stale copy would undo another tab's change for nothing. Nor is
    /// one that would not read back (a reply whose comment went meanwhile):
    /// every write, a reader's action or a cross-tab repair, passes here.
    fn save(&self, base: Option<&str>, document: &mut CommentDocument) -> Result<(), CommentError> {
        if base == Some(document.to_json().as_str()) {
            return Ok(());
        }
        document.check().map_err(|_| CommentError::Inconsistent)?;
        let Ok(mut writes) = self.writes.lock() else {
            return Err(CommentError::Storage("the store is in use".into()));
        };
        writes.count += 1;
        document.revision = format!("{}.{}", self.tab, writes.count);
        let json = document.to_json();
        self.storage.set(&self.comments_key(), &json)?;
        writes.wrote(value_fingerprint(base), fingerprint(&json));
        Ok(())
    }

    /// Reads the stored document. An unreadable value is set aside under a
    /// backup key and reported; an empty document stands in for it.
    pub fn load(&self) -> Result<Loaded, CommentError> {
        self.read_stored().map(|(_, loaded)| loaded)
    }

    /// [`Self::load`], with the stored value it read: the base of a write.
    fn read_stored(&self) -> Result<(Option<String>, Loaded), CommentError> {
        let raw = self.storage.get(&self.comments_key())?;
        let loaded = match raw
            .as_deref()
            .map(|raw| CommentDocument::parse(raw, &self.article))
        {
            None => Loaded {
                document: CommentDocument::new(&self.article),
                unreadable: None,
            },
            Some(Ok(document)) => Loaded {
                document,
                unreadable: None,
            },
            Some(Err(problem)) => {
                let raw = raw.clone().unwrap_or_default();
                Loaded {
                    document: CommentDocument::new(&self.article),
                    unreadable: Some(Unreadable {
                        problem,
                        backup_key: self.set_aside(&raw).ok(),
                        raw,
                    }),
                }
            }
        };
        Ok((raw, loaded))
    }

    fn set_aside(&self, raw: &str) -> Result<String, CommentError> {
        let key = self.backup_key(raw);
        if self.storage.get(&key)?.as_deref() != Some(raw) {
            self.storage
                .set(&key, raw)
                .map_err(|_| CommentError::BackupFailed)?;
        }
        Ok(key)
    }

    /// Applies `change` to what storage holds now and saves the result.
    /// Unreadable stored data is set aside before anything is written over it.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut CommentDocument) -> Result<T, CommentError>,
    ) -> Result<(T, CommentDocument), CommentError> {
        let (raw, loaded) = self.read_stored()?;
        if loaded.unreadable.is_some_and(|u| u.backup_key.is_none()) {
            return Err(CommentError::BackupFailed);
        }
        let mut document = loaded.document;
        let outcome = change(&mut document)?;
        self.save(raw.as_deref(), &mut document)?;
        Ok((outcome, document))
    }

    /// Follows another tab's write of `new` over `old` (a `storage` event)
    /// and returns what to show.
    ///
    /// Each tab reads its own copy of `localStorage`, which can lag behind
    /// another tab's write by a moment, and a write from that stale copy
    /// drops the other tab's change. The sign is an event whose `old` value
    /// is one this tab's own write was built on (or the value of such an
    /// event): the other tab wrote first, and this tab wrote over it unseen.
    /// Only then is the event's change replayed onto what storage holds now,
    /// and saved if that restores anything. Any other event is already in
    /// what storage holds, so replaying it could only undo later changes.
    pub fn follow(&self, old: Option<&str>, new: Option<&str>) -> Result<Loaded, CommentError> {
        let missed = self.writes.lock().is_ok_and(|mut writes| {
            if old.is_none() && new.is_none() {
                // `localStorage.clear()`: the event names no key and no values.
                writes.forget();
                return false;
            }
            writes.missed(value_fingerprint(old), value_fingerprint(new))
        });
        let (current, loaded) = self.read_stored()?;
        if loaded.unreadable.is_some() || !missed {
            return Ok(loaded);
        }
        let read = |text: Option<&str>| match text {
            None => Some(CommentDocument::new(&self.article)),
            Some(text) => CommentDocument::parse(text, &self.article).ok(),
        };
        let (Some(before), Some(after)) = (read(old), read(new)) else {
            return Ok(loaded);
        };
        let mut document = loaded.document.clone();
        // `replay` keeps documents valid; `save` checks what it writes.
        if !document.replay(&before, &after) {
            return Ok(loaded);
        }
        // If the repair cannot be saved, show what storage holds: the truth.
        match self.save(current.as_deref(), &mut document) {
            Ok(()) => Ok(Loaded {
                document,
                unreadable: None,
            }),
            Err(_) => Ok(loaded),
        }
    }

    pub fn post(&self, new: NewComment) -> Result<CommentDocument, CommentError> {
        self.update(|doc| doc.post(new)).map(|(_, doc)| doc)
    }

    pub fn edit(&self, id: &str, text: &str, now: &str) -> Result<CommentDocument, CommentError> {
        self.update(|doc| doc.edit(id, text, now))
            .map(|(_, doc)| doc)
    }

    pub fn delete(&self, id: &str) -> Result<(Removed, CommentDocument), CommentError> {
        self.update(|doc| doc.delete(id))
    }

    pub fn restore(&self, removed: &Removed) -> Result<CommentDocument, CommentError> {
        self.update(|doc| doc.restore(removed)).map(|(_, doc)| doc)
    }

    /// Merges an export file. A file that is not a valid export changes nothing.
    pub fn import(&self, file_text: &str) -> Result<(MergeReport, CommentDocument), ImportError> {
        let incoming =
            CommentDocument::parse(file_text, &self.article).map_err(ImportError::Unreadable)?;
        self.update(|doc| Ok(doc.merge(&incoming)))
            .map_err(ImportError::Save)
    }

    pub fn load_text(&self, key: &str) -> String {
        self.storage.get(key).ok().flatten().unwrap_or_default()
    }

    /// Saves small reader state (draft, name). An empty value is stored as
    /// empty rather than removed, to keep the trait small.
    pub fn save_text(&self, key: &str, value: &str) -> Result<(), CommentError> {
        Ok(self.storage.set(key, value)?)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Unreadable(ReadProblem),
    Save(CommentError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable(problem) => write!(
                f,
                "That file is not a comments export of this article: {problem}. Nothing was changed."
            ),
            Self::Save(error) => write!(f, "The imported comments {error}. Nothing was changed."),
        }
    }
}

//! Version 5 of the stored document, the one this build writes.
//!
//! Compact where version 4 repeated itself: a stamp is one short string
//! ([`Stamp::compact`]: base-36 milliseconds, the counter only when not 0,
//! the tab), times are base-36 milliseconds (`at` the post, `edited` the
//! last edit), `v` (the text's version) is left out where it equals `s`
//! (the stamp), `at` where a live comment was posted at the time of `s`,
//! an empty author is left out, and a deleted comment keeps its creation
//! time only while a live reply needs it for its placeholder's place:
//!
//! ```json
//! {"version": 5, "article": "…", "comments": [
//!   {"id": "c19…", "s": "mivx3h2r.k3j2", "author": "Ana", "text": "…"},
//!   {"id": "c1a…", "parent": "c19…", "at": "mivx9a0b", "s": "mivxa1c4.2.k3j2",
//!    "text": "…", "edited": "mivxa1c4"},
//!   {"id": "c1b…", "s": "mivxb7d0.u81", "v": "mivx4f1e.k3j2", "deleted": true},
//!   {"id": "c1c…", "at": "mivx5c2d", "s": "mivxb9e1.u81", "deleted": true}
//! ]}
//! ```
//! A time before 1970 (hand-made data only) stays an ISO 8601 string; a
//! base-36 number never has a `-`, so the two cannot be confused.

use serde::Serialize;
use serde_json::Value;

use super::super::document::{Body, CommentDocument, Entry};
use super::super::stamp::{base36, from_base36, Stamp, MAX_STAMP_MS};
use super::super::time::{is_iso_timestamp, iso_from_unix_ms, unix_ms_from_iso};
use crate::json::{Object, ShapeError};

#[derive(Serialize)]
pub(super) struct Stored<'a> {
    version: u64,
    article: &'a str,
    comments: Vec<StoredEntry<'a>>,
}

#[derive(Serialize)]
struct StoredEntry<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<String>,
    s: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    v: Option<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    author: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edited: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
}

/// The time of a stamp's milliseconds.
fn stamp_time(stamp: &Stamp) -> String {
    iso_from_unix_ms(stamp.ms as i64)
}

/// An ISO time as base-36 milliseconds; as it is before 1970, or if
/// milliseconds would not give it back exactly.
fn compact_time(iso: &str) -> String {
    match unix_ms_from_iso(iso) {
        Some(ms) if ms >= 0 && iso_from_unix_ms(ms) == iso => base36(ms as u64),
        _ => iso.to_string(),
    }
}

impl<'a> StoredEntry<'a> {
    /// `unneeded`: whether the entry is deleted and no reply needs its time.
    fn of(entry: &'a Entry, unneeded: bool) -> Self {
        let (author, text, edited) = match &entry.body {
            Body::Live {
                author,
                text,
                edited_at,
            } => (
                author.as_str(),
                Some(text.as_str()),
                edited_at.as_deref().map(compact_time),
            ),
            Body::Deleted => ("", None, None),
        };
        // A comment posted at its stamp's time needs no `at`.
        let at_stamp = entry.is_live() && stamp_time(&entry.stamp) == entry.created_at;
        let no_at = unneeded || at_stamp || entry.created_at.is_empty();
        Self {
            id: &entry.id,
            parent: entry.parent.as_deref(),
            at: (!no_at).then(|| compact_time(&entry.created_at)),
            s: entry.stamp.compact(),
            v: (entry.version != entry.stamp).then(|| entry.version.compact()),
            author,
            text,
            edited,
            deleted: !entry.is_live(),
        }
    }
}

impl<'a> Stored<'a> {
    pub(super) fn of(document: &'a CommentDocument, version: u64) -> Self {
        let unneeded = document.unneeded_times();
        Self {
            version,
            article: document.article(),
            comments: document
                .entries()
                .zip(unneeded)
                .map(|(e, unneeded)| StoredEntry::of(e, unneeded))
                .collect(),
        }
    }
}

const FIELDS: &[&str] = &[
    "id", "parent", "at", "s", "v", "author", "text", "edited", "deleted",
];

fn read_stamp(object: &Object, name: &str) -> Result<Option<Stamp>, ShapeError> {
    object
        .optional_string(name)?
        .map(|text| {
            Stamp::parse_compact(&text).ok_or_else(|| ShapeError::WrongType {
                path: object.path_of(name),
                expected: "a stamp (“ms.tab” or “ms.counter.tab”, numbers in base 36)",
            })
        })
        .transpose()
}

/// A time: base-36 milliseconds, or an ISO 8601 string.
fn read_time(object: &Object, name: &str) -> Result<Option<String>, ShapeError> {
    object
        .optional_string(name)?
        .map(|text| {
            if is_iso_timestamp(&text) {
                return Ok(text);
            }
            from_base36(&text)
                .filter(|ms| *ms <= MAX_STAMP_MS)
                .map(|ms| iso_from_unix_ms(ms as i64))
                .ok_or_else(|| ShapeError::WrongType {
                    path: object.path_of(name),
                    expected: "a time (milliseconds in base 36)",
                })
        })
        .transpose()
}

fn read_entry(value: &Value, path: &str) -> Result<Entry, ShapeError> {
    let entry = Object::new(value, path, FIELDS)?;
    let deleted = entry.flag("deleted")?;
    let stamp = read_stamp(&entry, "s")?.ok_or_else(|| ShapeError::Missing {
        path: entry.path_of("s"),
    })?;
    let created_at = match read_time(&entry, "at")? {
        Some(at) => at,
        // A deleted comment no reply needs keeps no time.
        None if deleted => String::new(),
        None => stamp_time(&stamp),
    };
    let body = if !deleted {
        Body::Live {
            author: entry.optional_string("author")?.unwrap_or_default(),
            text: entry.string("text")?,
            edited_at: read_time(&entry, "edited")?,
        }
    } else if let Some(gone) = ["author", "text", "edited"]
        .into_iter()
        .find(|gone| entry.optional(gone).is_some())
    {
        return Err(ShapeError::UnknownField {
            path: entry.path_of(gone),
        });
    } else {
        Body::Deleted
    };
    Ok(Entry {
        id: entry.string("id")?,
        parent: entry.optional_string("parent")?,
        created_at,
        version: read_stamp(&entry, "v")?.unwrap_or_else(|| stamp.clone()),
        stamp,
        body,
    })
}

/// The article and the entries of a version 5 document.
pub(super) fn read_document(value: &Value) -> Result<(String, Vec<Entry>), ShapeError> {
    let document = Object::new(value, "", &["version", "article", "comments"])?;
    let entries = document.array("comments", false, read_entry)?;
    Ok((document.string("article")?, entries))
}

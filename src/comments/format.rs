//! The stored and exported JSON of a comment document (version 4), and the
//! migrations from versions 1 to 3.
//!
//! ```json
//! {"version": 4, "article": "…", "comments": [
//!   {"id": "…", "created_at": "…Z", "stamp": "1764695439123.0.k3j2", "author": "Ana", "text": "…"},
//!   {"id": "…", "parent": "…", "created_at": "…Z", "stamp": "…", "version": "…",
//!    "author": "", "text": "…", "edited_at": "…Z"},
//!   {"id": "…", "created_at": "…Z", "stamp": "…", "version": "…", "deleted": true}
//! ]}
//! ```
//! `version` is left out where it equals `stamp`; a deleted comment keeps
//! no author or text.

use serde::Serialize;
use serde_json::Value;

use super::document::{validate_text, Body, CommentDocument, Entry};
use super::error::{ErrorKind, ReadProblem, MAX_COMMENT_CHARS};
use super::stamp::{Stamp, MAX_STAMP_MS};
use super::time::{is_iso_timestamp, iso_from_unix_ms, unix_ms_from_iso};
use crate::json::{Object, ShapeError};

/// The document version this build writes.
pub const DOCUMENT_VERSION: u64 = 4;

#[derive(Serialize)]
struct Stored<'a> {
    version: u64,
    article: &'a str,
    comments: Vec<StoredEntry<'a>>,
}

#[derive(Serialize)]
struct StoredEntry<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    created_at: &'a str,
    stamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edited_at: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
}

impl<'a> StoredEntry<'a> {
    fn of(entry: &'a Entry) -> Self {
        let (author, text, edited_at) = match &entry.body {
            Body::Live {
                author,
                text,
                edited_at,
            } => (
                Some(author.as_str()),
                Some(text.as_str()),
                edited_at.as_deref(),
            ),
            Body::Deleted => (None, None, None),
        };
        Self {
            id: &entry.id,
            parent: entry.parent.as_deref(),
            created_at: &entry.created_at,
            stamp: entry.stamp.to_string(),
            version: (entry.version != entry.stamp).then(|| entry.version.to_string()),
            author,
            text,
            edited_at,
            deleted: !entry.is_live(),
        }
    }
}

impl CommentDocument {
    /// Compact JSON, as stored and exported.
    pub fn to_json(&self) -> String {
        let stored = Stored {
            version: DOCUMENT_VERSION,
            article: self.article(),
            comments: self.entries().map(StoredEntry::of).collect(),
        };
        // Serializing plain strings and numbers cannot fail.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads a stored or exported document of any version up to this one,
    /// checking that it is for `article` and consistent.
    pub fn parse(text: &str, article: &str) -> Result<Self, ReadProblem> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| ReadProblem::NotJson(e.to_string()))?;
        let version = value
            .get("version")
            .ok_or_else(|| ReadProblem::WrongShape("the field “version” is missing".into()))?
            .as_u64()
            .ok_or_else(|| ReadProblem::WrongShape("“version” is not a whole number".into()))?;
        if version > DOCUMENT_VERSION {
            return Err(ReadProblem::Newer(version));
        }
        if version == 0 {
            return Err(ReadProblem::WrongShape(
                "there is no version 0 of the comments format".into(),
            ));
        }
        let (found_article, entries) = read_document(&value, version, article)
            .map_err(|e| ReadProblem::WrongShape(e.to_string()))?;
        if found_article != article {
            return Err(ReadProblem::OtherArticle(found_article));
        }
        for (i, entry) in entries.iter().enumerate() {
            check_entry(entry).map_err(|what| invalid(i, &what))?;
        }
        let document = Self::from_entries(article, entries)
            .map_err(|(i, id)| invalid(i, &format!("repeats the id “{id}”")))?;
        match document.thread_problem() {
            Some(problem) => Err(ReadProblem::Invalid(problem)),
            None => Ok(document),
        }
    }
}

fn invalid(index: usize, what: &str) -> ReadProblem {
    ReadProblem::Invalid(format!("comments[{index}] {what}"))
}

fn check_entry(entry: &Entry) -> Result<(), String> {
    if entry.id.trim().is_empty() {
        return Err("has an empty id".into());
    }
    if !is_iso_timestamp(&entry.created_at) {
        return Err("has a created_at that is not an ISO 8601 time".into());
    }
    if entry.parent.as_deref() == Some(entry.id.as_str()) {
        return Err("replies to itself".into());
    }
    if let Body::Live {
        text, edited_at, ..
    } = &entry.body
    {
        if edited_at.as_deref().is_some_and(|t| !is_iso_timestamp(t)) {
            return Err("has an edited_at that is not an ISO 8601 time".into());
        }
        match validate_text(text) {
            Ok(_) => {}
            Err(ErrorKind::TooLong { chars }) => {
                return Err(format!(
                    "has a text of {chars} characters, over the limit of {MAX_COMMENT_CHARS}"
                ))
            }
            Err(_) => return Err("has an empty text".into()),
        }
    }
    Ok(())
}

fn read_stamp(object: &Object, name: &str) -> Result<Option<Stamp>, ShapeError> {
    object
        .optional_string(name)?
        .map(|text| {
            Stamp::parse(&text).ok_or_else(|| ShapeError::WrongType {
                path: object.path_of(name),
                expected: "a stamp (“milliseconds.counter.tab”)",
            })
        })
        .transpose()
}

/// The fields an entry may have, by format version.
const V4_FIELDS: &[&str] = &[
    "id",
    "parent",
    "created_at",
    "stamp",
    "version",
    "author",
    "text",
    "edited_at",
    "deleted",
];
const V2_FIELDS: &[&str] = &[
    "id",
    "parent",
    "author",
    "text",
    "created_at",
    "edited_at",
    "deleted",
];

/// One comment of version 2 to 4. Versions 2 and 3 had no stamps: theirs
/// is the time of the last edit (or of the post), the same in every tab
/// that migrates it, so tabs still agree.
fn read_entry(value: &Value, path: &str, stamped: bool) -> Result<Entry, ShapeError> {
    let entry = Object::new(value, path, if stamped { V4_FIELDS } else { V2_FIELDS })?;
    let created_at = entry.string("created_at")?;
    let edited_at = entry.optional_string("edited_at")?;
    let deleted = entry.flag("deleted")?;
    let stamp = if stamped {
        read_stamp(&entry, "stamp")?.ok_or_else(|| ShapeError::Missing {
            path: entry.path_of("stamp"),
        })?
    } else {
        legacy_stamp(edited_at.as_deref().unwrap_or(&created_at))
    };
    let body = if !deleted {
        Body::Live {
            author: entry.string("author")?,
            text: entry.string("text")?,
            edited_at,
        }
    } else if let Some(gone) = ["author", "text", "edited_at"]
        .into_iter()
        .find(|gone| stamped && entry.optional(gone).is_some())
    {
        // A deleted comment keeps no text in version 4.
        return Err(ShapeError::UnknownField {
            path: entry.path_of(gone),
        });
    } else {
        Body::Deleted
    };
    let version = match stamped {
        true => read_stamp(&entry, "version")?,
        false => None,
    };
    Ok(Entry {
        id: entry.string("id")?,
        parent: entry.optional_string("parent")?,
        created_at,
        version: version.unwrap_or_else(|| stamp.clone()),
        stamp,
        body,
    })
}

/// The article and the entries of a document of `version` (1 to 4).
fn read_document(
    value: &Value,
    version: u64,
    article: &str,
) -> Result<(String, Vec<Entry>), ShapeError> {
    let fields: &[&str] = match version {
        1 => &["version", "article", "comments"],
        // Version 3 added `removed` and `revision` to version 2.
        2 | 3 => &["version", "article", "comments", "removed", "revision"],
        _ => &["version", "article", "comments"],
    };
    let document = Object::new(value, "", fields)?;
    let mut entries = document.array("comments", false, |value, path| match version {
        1 => read_v1_comment(value, path),
        2 | 3 => read_entry(value, path, false),
        _ => read_entry(value, path, true),
    })?;
    if matches!(version, 2 | 3) {
        add_removed(&document, &mut entries)?;
    }
    // Version 1 named no article: it was the page's own.
    let found = match version {
        1 => document.optional_string("article")?,
        _ => Some(document.string("article")?),
    };
    Ok((found.unwrap_or_else(|| article.to_string()), entries))
}

fn legacy_stamp(iso: &str) -> Stamp {
    let ms = unix_ms_from_iso(iso).unwrap_or_default().max(0) as u64;
    Stamp::new(ms.min(MAX_STAMP_MS), 0, "")
}

/// Version 3 listed the ids of comments deleted outright in `removed`
/// (one with replies stayed as a placeholder, `deleted: true`). They were
/// deleted before stamps existed: their entries get a version no text can
/// outrank, as there is no Undo left for them. The post time is not known.
fn add_removed(document: &Object, entries: &mut Vec<Entry>) -> Result<(), ShapeError> {
    let removed = document.array("removed", true, |value, path| {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| ShapeError::WrongType {
                path: path.to_string(),
                expected: "a string",
            })
    })?;
    for id in removed {
        if !entries.iter().any(|e| e.id == id) {
            entries.push(Entry::migrated_delete(id));
        }
    }
    Ok(())
}

/// Version 1 kept a flat list: `{version: 1, article?, comments: [{id,
/// name, body, posted_ms}]}`, with no replies or edits.
fn read_v1_comment(value: &Value, path: &str) -> Result<Entry, ShapeError> {
    let comment = Object::new(value, path, &["id", "name", "body", "posted_ms"])?;
    let created_at = iso_from_unix_ms(comment.integer("posted_ms")?);
    let stamp = legacy_stamp(&created_at);
    Ok(Entry {
        id: comment.string("id")?,
        parent: None,
        created_at,
        version: stamp.clone(),
        stamp,
        body: Body::Live {
            author: comment.string("name")?,
            text: comment.string("body")?,
            edited_at: None,
        },
    })
}

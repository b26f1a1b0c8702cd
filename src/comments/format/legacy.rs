//! Reading versions 1 to 4 of the stored document, which this build
//! migrates and no longer writes.

use serde_json::Value;

use super::super::document::{Body, Entry};
use super::super::stamp::{Stamp, MAX_STAMP_MS};
use super::super::time::{iso_from_unix_ms, unix_ms_from_iso};
use crate::json::{Object, ShapeError};

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

/// The article and the entries of a document of `version` (1 to 4), as
/// version 4 held them: a deleted comment still has its creation time.
pub(super) fn read_document(
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

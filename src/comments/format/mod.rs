//! The stored and exported JSON of a comment document: version 5, which
//! this build writes ([`v5`]), and the migrations from versions 1 to 4
//! ([`legacy`]).

mod legacy;
mod v5;

use serde_json::Value;

use super::document::{validate_text, Body, CommentDocument, Entry};
use super::error::{ErrorKind, ReadProblem, MAX_COMMENT_CHARS};
use super::time::is_iso_timestamp;

/// The document version this build writes.
pub const DOCUMENT_VERSION: u64 = 5;

impl CommentDocument {
    /// Compact JSON, as stored and exported.
    pub fn to_json(&self) -> String {
        let stored = v5::Stored::of(self, DOCUMENT_VERSION);
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
        let read = match version {
            DOCUMENT_VERSION => v5::read_document(&value),
            _ => legacy::read_document(&value, version, article),
        };
        let (found_article, entries) = read.map_err(|e| ReadProblem::WrongShape(e.to_string()))?;
        if found_article != article {
            return Err(ReadProblem::OtherArticle(found_article));
        }
        for (i, entry) in entries.iter().enumerate() {
            check_entry(entry).map_err(|what| invalid(i, &what))?;
        }
        let mut document = Self::from_entries(article, entries)
            .map_err(|(i, id)| invalid(i, &format!("repeats the id “{id}”")))?;
        // What version 4 kept and version 5 does not, gone as if read from 5.
        document.forget_unneeded_times();
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
    // Version 5 keeps no time for a deleted comment that no reply needs.
    let timeless = entry.created_at.is_empty() && !entry.is_live();
    if !timeless && !is_iso_timestamp(&entry.created_at) {
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

//! What the exports held: per comment id, the version of its text that an
//! export last carried. A comment is in an export when one held it as it
//! is now; an edit since counts it again, a deleted comment not at all.
//!
//! Kept in storage, and joined like the document (per id, the later
//! version), so that every tab converges on the same count whatever order
//! their exports are seen in.

use serde::{Serialize, Serializer};
use serde_json::Value;

use super::document::{Body, CommentDocument};
use super::stamp::Stamp;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportRecord {
    /// Sorted by id. (A sorted list, not a map: less code in the wasm.)
    held: Vec<(String, Stamp)>,
}

impl ExportRecord {
    /// What an export of `document` holds: its live comments, as they are.
    pub fn of(document: &CommentDocument) -> Self {
        let mut record = Self::default();
        for entry in document.entries() {
            if matches!(entry.body, Body::Live { .. }) {
                record.put(&entry.id, &entry.version);
            }
        }
        record
    }

    fn held(&self, id: &str) -> Option<&Stamp> {
        let at = self
            .held
            .binary_search_by(|(held, _)| held.as_str().cmp(id));
        at.ok().map(|at| &self.held[at].1)
    }

    /// Records that an export held `id` at `version`, unless one held a
    /// later version; whether this changed the record.
    fn put(&mut self, id: &str, version: &Stamp) -> bool {
        match self
            .held
            .binary_search_by(|(held, _)| held.as_str().cmp(id))
        {
            Ok(at) if self.held[at].1 >= *version => false,
            Ok(at) => {
                self.held[at].1 = version.clone();
                true
            }
            Err(at) => {
                self.held.insert(at, (id.to_string(), version.clone()));
                true
            }
        }
    }

    /// Joins `other` in (per id, the later version); whether this changed.
    pub fn join(&mut self, other: &ExportRecord) -> bool {
        let mut changed = false;
        for (id, version) in &other.held {
            changed |= self.put(id, version);
        }
        changed
    }

    /// How many live comments of `document` no export holds as they are.
    pub fn unexported(&self, document: &CommentDocument) -> usize {
        document
            .entries()
            .filter(|e| matches!(e.body, Body::Live { .. }))
            .filter(|e| self.held(&e.id).is_none_or(|held| *held < e.version))
            .count()
    }

    /// Reads the stored record; what cannot be read holds nothing.
    pub fn parse(stored: &str) -> Self {
        let mut record = Self::default();
        if let Ok(Value::Object(held)) = serde_json::from_str::<Value>(stored) {
            for (id, version) in &held {
                if let Some(version) = version.as_str().and_then(Stamp::parse) {
                    record.put(id, &version);
                }
            }
        }
        record
    }

    /// The stored record: a JSON object, id to version.
    pub fn to_stored(&self) -> String {
        // A map of strings always serializes.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for ExportRecord {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let held = self.held.iter();
        serializer.collect_map(held.map(|(id, version)| (id, version.to_string())))
    }
}

/// The sentence the notice shows for `count` comments in no export.
pub fn unexported_sentence(count: usize) -> Option<String> {
    match count {
        0 => None,
        1 => Some("1 comment is not in any export.".to_string()),
        n => Some(format!("{n} comments are not in any export.")),
    }
}

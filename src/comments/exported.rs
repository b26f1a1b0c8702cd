//! What the exports held: per comment id, the version of its text that an
//! export last carried. A comment is in an export when one held it as it
//! is now; an edit since counts it again, a deleted comment not at all.
//!
//! Kept in storage, and joined like the document (per id, the later
//! version), so that every tab converges on the same count whatever order
//! their exports are seen in.

use std::collections::BTreeMap;

use super::document::{Body, CommentDocument};
use super::stamp::Stamp;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportRecord {
    held: BTreeMap<String, Stamp>,
}

impl ExportRecord {
    /// What an export of `document` holds: its live comments, as they are.
    pub fn of(document: &CommentDocument) -> Self {
        let held = document
            .entries()
            .filter(|e| matches!(e.body, Body::Live { .. }))
            .map(|e| (e.id.clone(), e.version.clone()))
            .collect();
        Self { held }
    }

    /// Joins `other` in (per id, the later version); whether this changed.
    pub fn join(&mut self, other: &ExportRecord) -> bool {
        let mut changed = false;
        for (id, version) in &other.held {
            match self.held.get(id) {
                Some(mine) if mine >= version => {}
                _ => {
                    self.held.insert(id.clone(), version.clone());
                    changed = true;
                }
            }
        }
        changed
    }

    /// How many live comments of `document` no export holds as they are.
    pub fn unexported(&self, document: &CommentDocument) -> usize {
        document
            .entries()
            .filter(|e| matches!(e.body, Body::Live { .. }))
            .filter(|e| self.held.get(&e.id).is_none_or(|held| *held < e.version))
            .count()
    }

    /// Reads the stored record; what cannot be read holds nothing.
    pub fn parse(stored: &str) -> Self {
        let raw: BTreeMap<String, String> = serde_json::from_str(stored).unwrap_or_default();
        let held = raw
            .into_iter()
            .filter_map(|(id, stamp)| Stamp::parse(&stamp).map(|stamp| (id, stamp)))
            .collect();
        Self { held }
    }

    /// The stored record: a JSON object, id to version.
    pub fn to_stored(&self) -> String {
        let raw: BTreeMap<&str, String> = self
            .held
            .iter()
            .map(|(id, stamp)| (id.as_str(), stamp.to_string()))
            .collect();
        // A map of strings always serializes.
        serde_json::to_string(&raw).unwrap_or_default()
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

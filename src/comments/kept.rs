//! The unsent text of an open Reply or Edit box, kept so that a reload
//! loses nothing: at most one of each, as the section opens at most one
//! reply form and one editor. Stored beside the Comment box's draft and,
//! like it, shared by the tabs (`localStorage`): a reload in any tab
//! finds what was typed last. A tab writes only the kind of box it
//! touched, so its editor never clears another tab's reply, and the other
//! way round.

use serde::Serialize;
use serde_json::Value;

use super::document::CommentDocument;

/// Which box a kept text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DraftKind {
    Reply,
    Edit,
}

/// The text typed into the Reply box under `id`, or the Edit box of `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenDraft {
    pub kind: DraftKind,
    pub id: String,
    pub text: String,
}

/// The kept texts of the open boxes: what is stored, and what a load
/// opens again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenDrafts {
    pub reply: Option<OpenDraft>,
    pub edit: Option<OpenDraft>,
}

impl OpenDrafts {
    /// Reads the stored value; anything unreadable keeps nothing. (Read
    /// as a `Value`, as the stored document is: a typed deserializer would
    /// cost the wasm several kilobytes.)
    pub fn parse(stored: &str) -> Self {
        let mut drafts = Self::default();
        let Ok(Value::Array(list)) = serde_json::from_str::<Value>(stored) else {
            return drafts;
        };
        for item in &list {
            let field = |name| item.get(name).and_then(Value::as_str);
            let (Some(kind), Some(id), Some(text)) = (field("kind"), field("id"), field("text"))
            else {
                continue;
            };
            let draft = |kind| {
                Some(OpenDraft {
                    kind,
                    id: id.to_string(),
                    text: text.to_string(),
                })
            };
            match kind {
                "reply" => drafts.reply = draft(DraftKind::Reply),
                "edit" => drafts.edit = draft(DraftKind::Edit),
                _ => {}
            }
        }
        drafts
    }

    /// The stored value: empty when there is nothing to keep.
    pub fn to_stored(&self) -> String {
        let list: Vec<&OpenDraft> = self.reply.iter().chain(self.edit.iter()).collect();
        if list.is_empty() {
            return String::new();
        }
        serde_json::to_string(&list).unwrap_or_default()
    }

    /// Without the drafts whose comment is gone (deleted, or never here),
    /// or that hold no text.
    pub fn within(self, document: &CommentDocument) -> Self {
        let kept = |draft: Option<OpenDraft>| {
            draft.filter(|d| {
                !d.text.is_empty()
                    && document
                        .comment(&d.id)
                        .is_some_and(|c| d.kind == DraftKind::Edit || !c.is_reply())
            })
        };
        Self {
            reply: kept(self.reply),
            edit: kept(self.edit),
        }
    }
}

//! Reading a dataset from JSON text: `Briefing::from_json`, the version
//! first, then the shape of each object (with the path of every mistake, over
//! `crate::json`), then the semantic checks of `check`.
//!
//! The field lists here are what the reader accepts; the JSON Schema for
//! editors must agree (tests/native/dataset_schema.rs). Uses `types`,
//! `error` and `check`.

use serde_json::Value;

use super::error::{DatasetError, Problem, ProblemKind};
use super::types::{
    Article, Briefing, Event, FocusArea, Image, Paragraph, Section, SectionKind, DEFAULT_LANGUAGE,
    DEFAULT_SITE_NAME, SCHEMA_VERSION,
};
use crate::json::{Object, ShapeError};

impl Briefing {
    /// Parses and validates a dataset document.
    pub fn from_json(text: &str) -> Result<Self, DatasetError> {
        // A byte-order mark (some editors save one) is not part of the JSON;
        // the browser drops it too, so a file reads the same here and there.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|error| DatasetError::Syntax {
            line: error.line(),
            column: error.column(),
            message: strip_position(&error.to_string()),
        })?;
        check_version(&value)?;
        let briefing = read_briefing(&value)?;
        let problems = briefing.problems();
        if problems.is_empty() {
            Ok(briefing)
        } else {
            Err(DatasetError::Invalid(problems))
        }
    }
}

/// Reads the version first so a future document is refused as such, not as
/// a confusing list of shape errors.
fn check_version(value: &Value) -> Result<(), DatasetError> {
    match value.get("schema_version") {
        None | Some(Value::Null) => Err(DatasetError::Missing {
            path: "schema_version".into(),
        }),
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(SCHEMA_VERSION)) => Ok(()),
        Some(other) => {
            // Integers as written; anything else briefly (printing any JSON
            // value would bring serde_json's printer into the wasm for this).
            let found = match (other.as_u64(), other.as_i64()) {
                (Some(number), _) => number.to_string(),
                (None, Some(number)) => number.to_string(),
                (None, None) => "not a whole number".to_string(),
            };
            Err(DatasetError::Invalid(vec![Problem::new(
                "schema_version",
                ProblemKind::UnsupportedVersion(found),
            )]))
        }
    }
}

fn read_briefing(value: &Value) -> Result<Briefing, ShapeError> {
    let root = Object::new(
        value,
        "",
        &[
            "schema_version",
            "site_name",
            "article",
            "focus_areas",
            "events",
        ],
    )?;
    Ok(Briefing {
        schema_version: SCHEMA_VERSION,
        site_name: root
            .optional_string("site_name")?
            .unwrap_or_else(|| DEFAULT_SITE_NAME.to_string()),
        article: read_article(root.required("article")?, &root.path_of("article"))?,
        focus_areas: root.array("focus_areas", false, read_focus_area)?,
        events: root.array("events", false, read_event)?,
    })
}

fn read_article(value: &Value, path: &str) -> Result<Article, ShapeError> {
    let fields = [
        "id",
        "headline",
        "standfirst",
        "description",
        "attribution",
        "language",
        "date_published",
        "image",
        "lede",
        "sections",
    ];
    let article = Object::new(value, path, &fields)?;
    let image = match article.optional("image") {
        Some(image) => Some(read_image(image, &article.path_of("image"))?),
        None => None,
    };
    Ok(Article {
        id: article.string("id")?,
        headline: article.string("headline")?,
        standfirst: article.string("standfirst")?,
        description: article.string("description")?,
        attribution: article.string("attribution")?,
        language: article
            .optional_string("language")?
            .unwrap_or_else(|| DEFAULT_LANGUAGE.to_string()),
        date_published: article.optional_string("date_published")?,
        image,
        lede: article.array("lede", false, read_paragraph)?,
        sections: article.array("sections", false, read_section)?,
    })
}

fn read_image(value: &Value, path: &str) -> Result<Image, ShapeError> {
    let image = Object::new(value, path, &["url", "alt"])?;
    Ok(Image {
        url: image.string("url")?,
        alt: image.string("alt")?,
    })
}

fn read_paragraph(value: &Value, path: &str) -> Result<Paragraph, ShapeError> {
    let paragraph = Object::new(value, path, &["id", "text"])?;
    Ok(Paragraph {
        id: paragraph.string("id")?,
        text: paragraph.string("text")?,
    })
}

fn read_section(value: &Value, path: &str) -> Result<Section, ShapeError> {
    let section = Object::new(value, path, &["id", "heading", "kind", "paragraphs"])?;
    let kind = match section.string("kind")?.as_str() {
        "text" => SectionKind::Text,
        "timeline" => SectionKind::Timeline,
        _ => {
            return Err(ShapeError::WrongType {
                path: section.path_of("kind"),
                expected: "“text” or “timeline”",
            })
        }
    };
    Ok(Section {
        id: section.string("id")?,
        heading: section.string("heading")?,
        kind,
        paragraphs: section.array("paragraphs", true, read_paragraph)?,
    })
}

fn read_focus_area(value: &Value, path: &str) -> Result<FocusArea, ShapeError> {
    let area = Object::new(value, path, &["slug", "label", "description"])?;
    Ok(FocusArea {
        slug: area.string("slug")?,
        label: area.string("label")?,
        description: area.string("description")?,
    })
}

fn read_event(value: &Value, path: &str) -> Result<Event, ShapeError> {
    let fields = [
        "id",
        "title",
        "focus_area",
        "date",
        "sort_key",
        "significance",
        "paragraph",
    ];
    let event = Object::new(value, path, &fields)?;
    Ok(Event {
        id: event.string("id")?,
        title: event.string("title")?,
        focus_area: event.string("focus_area")?,
        date: event.optional_string("date")?,
        sort_key: event.integer("sort_key")?,
        significance: event.string("significance")?,
        paragraph: event.string("paragraph")?,
    })
}

/// serde_json appends " at line L column C"; the path says where already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

//! The briefing dataset: typed data, parsing with located errors, and the
//! semantic checks an editor needs when swapping `data/briefing.json`.
//!
//! Pure Rust, no browser: tested natively in `tests/native/dataset.rs`.

use std::fmt;

use serde_json::Value;

use crate::json::{Object, ShapeError};
use crate::text::slugify;

/// The only `schema_version` this build understands.
pub const SCHEMA_VERSION: u32 = 1;

/// The site's name when the dataset gives none: the app's.
pub const DEFAULT_SITE_NAME: &str = "Kosovo Briefing";
/// The article's language when the dataset gives none.
pub const DEFAULT_LANGUAGE: &str = "en";

#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    pub schema_version: u32,
    /// The publication's name, in link previews (`og:site_name`).
    pub site_name: String,
    pub article: Article,
    pub focus_areas: Vec<FocusArea>,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id; also keys the reader's comments in `localStorage`.
    pub id: String,
    pub headline: String,
    pub standfirst: String,
    /// The page's `<meta name="description">`.
    pub description: String,
    pub attribution: String,
    /// A BCP 47 language tag (`en`, `en-GB`): `inLanguage`, `og:locale`.
    pub language: String,
    /// When the article was published (ISO 8601), if the editor says.
    pub date_published: Option<String>,
    /// The link preview's image, if the article has one of its own.
    pub image: Option<Image>,
    /// Paragraphs before the first section heading.
    pub lede: Vec<Paragraph>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Absolute, or relative to the site (`images/pristina.jpg`).
    pub url: String,
    /// What the image shows, for readers who cannot see it.
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// Heading and paragraphs.
    Text,
    /// Heading, then the interactive timeline in place of the seed's table.
    Timeline,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub kind: SectionKind,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FocusArea {
    /// `slugify(label)`: the value used in `?focus=`.
    pub slug: String,
    /// As the seed spells it, e.g. "Security/Justice".
    pub label: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: String,
    pub title: String,
    /// The slug of one of `focus_areas`.
    pub focus_area: String,
    /// The date exactly as the text writes it; `None` where the text gives none.
    pub date: Option<String>,
    /// Chronological rank; ties keep file order.
    pub sort_key: i64,
    pub significance: String,
    /// The id of the article paragraph this milestone comes from.
    pub paragraph: String,
}

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

    /// Every paragraph of the article, in reading order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.article.lede.iter().chain(
            self.article
                .sections
                .iter()
                .flat_map(|s| s.paragraphs.iter()),
        )
    }

    pub fn focus_area(&self, slug: &str) -> Option<&FocusArea> {
        self.focus_areas.iter().find(|area| area.slug == slug)
    }

    /// The semantic problems of an already well-shaped document.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let article = &self.article;
        for (path, value) in [
            ("article.id", &article.id),
            ("article.headline", &article.headline),
            ("article.standfirst", &article.standfirst),
            ("article.description", &article.description),
            ("article.attribution", &article.attribution),
        ] {
            require_text(&mut problems, path.to_string(), value);
        }
        if !is_identifier(&article.id) {
            problems.push(Problem::new("article.id", ProblemKind::BadIdentifier));
        }
        require_text(&mut problems, "site_name".into(), &self.site_name);
        if !is_language_tag(&article.language) {
            problems.push(Problem::new("article.language", ProblemKind::BadLanguage));
        }
        if let Some(date) = &article.date_published {
            if !is_iso_date(date) {
                problems.push(Problem::new("article.date_published", ProblemKind::BadDate));
            }
        }
        if let Some(image) = &article.image {
            require_text(&mut problems, "article.image.url".into(), &image.url);
            require_text(&mut problems, "article.image.alt".into(), &image.alt);
        }

        let mut paragraph_ids = IdRegistry::default();
        for (i, paragraph) in article.lede.iter().enumerate() {
            check_paragraph(
                &mut problems,
                &mut paragraph_ids,
                format!("article.lede[{i}]"),
                paragraph,
            );
        }
        let mut section_ids = IdRegistry::default();
        let mut timeline_sections = 0;
        for (s, section) in article.sections.iter().enumerate() {
            let path = format!("article.sections[{s}]");
            section_ids.check(&mut problems, format!("{path}.id"), &section.id);
            require_text(&mut problems, format!("{path}.heading"), &section.heading);
            if section.kind == SectionKind::Timeline {
                timeline_sections += 1;
            }
            for (i, paragraph) in section.paragraphs.iter().enumerate() {
                let path = format!("{path}.paragraphs[{i}]");
                check_paragraph(&mut problems, &mut paragraph_ids, path, paragraph);
            }
        }
        if timeline_sections != 1 {
            problems.push(Problem::new(
                "article.sections",
                ProblemKind::TimelineSectionCount(timeline_sections),
            ));
        }

        let mut slugs = IdRegistry::default();
        for (i, area) in self.focus_areas.iter().enumerate() {
            let path = format!("focus_areas[{i}]");
            require_text(&mut problems, format!("{path}.label"), &area.label);
            require_text(
                &mut problems,
                format!("{path}.description"),
                &area.description,
            );
            // A slug is checked against its label, not the id alphabet: a
            // label with "é" has a slug with "é", percent-encoded in URLs.
            let expected = slugify(&area.label);
            if area.slug == expected && !expected.is_empty() {
                slugs.check_unique(&mut problems, format!("{path}.slug"), &area.slug);
            } else {
                problems.push(Problem::new(
                    format!("{path}.slug"),
                    ProblemKind::SlugMismatch { expected },
                ));
            }
        }

        let mut event_ids = IdRegistry::default();
        for (i, event) in self.events.iter().enumerate() {
            let path = format!("events[{i}]");
            event_ids.check(&mut problems, format!("{path}.id"), &event.id);
            require_text(&mut problems, format!("{path}.title"), &event.title);
            require_text(
                &mut problems,
                format!("{path}.significance"),
                &event.significance,
            );
            if let Some(date) = &event.date {
                require_text(&mut problems, format!("{path}.date"), date);
            }
            if self.focus_area(&event.focus_area).is_none() {
                problems.push(Problem::new(
                    format!("{path}.focus_area"),
                    ProblemKind::UnknownFocusArea(event.focus_area.clone()),
                ));
            }
            if !paragraph_ids.contains(&event.paragraph) {
                problems.push(Problem::new(
                    format!("{path}.paragraph"),
                    ProblemKind::UnknownParagraph(event.paragraph.clone()),
                ));
            }
        }
        problems
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

fn check_paragraph(
    problems: &mut Vec<Problem>,
    ids: &mut IdRegistry,
    path: String,
    paragraph: &Paragraph,
) {
    ids.check(problems, format!("{path}.id"), &paragraph.id);
    require_text(problems, format!("{path}.text"), &paragraph.text);
}

fn require_text(problems: &mut Vec<Problem>, path: String, value: &str) {
    // Invisible characters (zero-width spaces and joiners, a stray
    // byte-order mark) show nothing either.
    let invisible = |c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    };
    if value.chars().all(invisible) {
        problems.push(Problem::new(path, ProblemKind::Empty));
    }
}

/// `en`, `en-GB`, `sr-Latn`: letters, then subtags of letters and digits.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `YYYY-MM-DD`, or that date with a time (`2026-03-14T10:00:00Z`), as
/// schema.org's `datePublished` takes it.
fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    let date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    date && (b.len() == 10 || (b[10] == b'T' && b.len() > 11 && text.is_char_boundary(11)))
}

/// Ids end up in URL fragments (`#event-<id>`) and element ids.
fn is_identifier(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Remembers where each id was first seen, to report duplicates precisely.
#[derive(Default)]
struct IdRegistry {
    first_seen: rustc_hash::FxHashMap<String, String>,
}

impl IdRegistry {
    fn check(&mut self, problems: &mut Vec<Problem>, path: String, id: &str) {
        if !is_identifier(id) {
            problems.push(Problem::new(path, ProblemKind::BadIdentifier));
            return;
        }
        self.check_unique(problems, path, id);
    }

    fn check_unique(&mut self, problems: &mut Vec<Problem>, path: String, id: &str) {
        match self.first_seen.get(id) {
            Some(first) => problems.push(Problem::new(
                path,
                ProblemKind::DuplicateId {
                    id: id.to_string(),
                    first: first.clone(),
                },
            )),
            None => {
                self.first_seen.insert(id.to_string(), path);
            }
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.first_seen.contains_key(id)
    }
}

/// One thing wrong with a dataset, located by a path such as `events[3].focus_area`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub kind: ProblemKind,
}

impl Problem {
    fn new(path: impl Into<String>, kind: ProblemKind) -> Self {
        Self {
            path: path.into(),
            kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    UnsupportedVersion(String),
    Empty,
    BadIdentifier,
    DuplicateId { id: String, first: String },
    UnknownFocusArea(String),
    UnknownParagraph(String),
    SlugMismatch { expected: String },
    TimelineSectionCount(usize),
    BadLanguage,
    BadDate,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &self.kind {
            ProblemKind::UnsupportedVersion(found) => write!(
                f,
                "{path} is {found}, but this app reads version {SCHEMA_VERSION}"
            ),
            ProblemKind::Empty => write!(f, "{path} is empty"),
            ProblemKind::BadIdentifier => {
                write!(
                    f,
                    "{path} must use only letters A–Z and a–z, digits, “-” and “_”"
                )
            }
            ProblemKind::DuplicateId { id, first } => {
                write!(f, "{path} repeats the id “{id}” already used at {first}")
            }
            ProblemKind::UnknownFocusArea(slug) => {
                write!(f, "{path} names an unknown focus area “{slug}”")
            }
            ProblemKind::UnknownParagraph(id) => {
                write!(
                    f,
                    "{path} refers to a paragraph “{id}” that the article does not have"
                )
            }
            ProblemKind::SlugMismatch { expected } => {
                write!(f, "{path} should be “{expected}”, the slug of its label")
            }
            ProblemKind::BadLanguage => write!(
                f,
                "{path} should be a language tag such as “en” or “en-GB”"
            ),
            ProblemKind::BadDate => write!(
                f,
                "{path} should be a date such as “2026-03-14”, or a date and time such as “2026-03-14T10:00:00Z”"
            ),
            ProblemKind::TimelineSectionCount(n) => write!(
                f,
                "{path} must have exactly one section of kind “timeline”, not {n}"
            ),
        }
    }
}

/// Why a dataset was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatasetError {
    /// Not JSON at all.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but a required field is absent.
    Missing { path: String },
    /// JSON, but a field has the wrong type or an unexpected name.
    Shape { path: String, message: String },
    /// Well shaped, but inconsistent.
    Invalid(Vec<Problem>),
}

impl From<ShapeError> for DatasetError {
    fn from(error: ShapeError) -> Self {
        match error {
            ShapeError::Missing { path } => Self::Missing { path },
            ShapeError::WrongType { path, expected } => Self::Shape {
                path,
                message: format!("should be {expected}"),
            },
            ShapeError::UnknownField { path } => Self::Shape {
                message: format!(
                    "“{}” is not a field of this format (a typo?)",
                    path.rsplit('.').next().unwrap_or(&path)
                ),
                path,
            },
        }
    }
}

/// serde_json appends " at line L column C"; the path says where already.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax {
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "it is not valid JSON ({message} at line {line}, column {column})"
                )
            }
            Self::Missing { path } => write!(f, "the required field {path} is missing"),
            Self::Shape { path, message } => write!(f, "{path}: {message}"),
            Self::Invalid(problems) => {
                const SHOWN: usize = 5;
                let listed: Vec<String> = problems
                    .iter()
                    .take(SHOWN)
                    .map(Problem::to_string)
                    .collect();
                write!(f, "{}", listed.join("; "))?;
                if problems.len() > SHOWN {
                    write!(f, "; and {} more", problems.len() - SHOWN)?;
                }
                Ok(())
            }
        }
    }
}

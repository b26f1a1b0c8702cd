//! The semantic checks an editor needs when swapping `data/briefing.json`:
//! `Briefing::problems()`, for a document that is already well shaped
//! (texts not blank, ids well formed and unique, references that resolve).
//!
//! Kept apart from the reader: it works on the typed data, not on JSON.
//! Uses `types` and `error`.

use super::error::{Problem, ProblemKind};
use super::types::{Briefing, Paragraph, SectionKind};
use crate::text::slugify;

impl Briefing {
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

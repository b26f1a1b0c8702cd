//! The dataset's typed data: the briefing, its article and its events, as
//! the app uses them once read, and the constants of the format.
//!
//! The leaf of `dataset`: it imports nothing from its siblings, so the
//! reader, the checks and the errors can all use it.

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
}

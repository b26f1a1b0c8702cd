//! The briefing dataset: typed data, parsing with located errors, and the
//! semantic checks an editor needs when swapping `data/briefing.json`.
//!
//! Pure Rust, no browser: tested natively in `tests/native/dataset.rs`.
//!
//! One concern a file, dependencies pointing one way (each file uses only
//! those before it):
//!
//! - `types`: the typed data and the format's constants (a leaf);
//! - `error`: `Problem`, `ProblemKind`, `DatasetError`, the sentences;
//! - `check`: `Briefing::problems()`, the semantic checks;
//! - `read`: `Briefing::from_json`, reading JSON with located errors.
//!
//! This file only declares them and re-exports their public items, so
//! `crate::dataset::X` is the path for everything.

mod check;
mod error;
mod read;
mod types;

pub use error::{DatasetError, Problem, ProblemKind};
pub use types::{
    Article, Briefing, Event, FocusArea, Image, Paragraph, Section, SectionKind, DEFAULT_LANGUAGE,
    DEFAULT_SITE_NAME, SCHEMA_VERSION,
};

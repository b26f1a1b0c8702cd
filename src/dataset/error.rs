//! Why a dataset is refused: each semantic `Problem` located by its path,
//! and the `DatasetError` the app shows; their `Display` is the sentence
//! the reader sees.
//!
//! Used by the checks and the reader; uses only `types` (for the version).

use std::fmt;

use super::types::SCHEMA_VERSION;
use crate::json::ShapeError;

/// One thing wrong with a dataset, located by a path such as `events[3].focus_area`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub kind: ProblemKind,
}

impl Problem {
    pub(super) fn new(path: impl Into<String>, kind: ProblemKind) -> Self {
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

//! Typed reading of parsed JSON, with the path of every value, so a mistake
//! is reported where it is: `events[3].significance`.
//!
//! Written by hand over `serde_json::Value` instead of `#[derive(Deserialize)]`
//! with serde_path_to_error: the same errors for a fraction of the wasm
//! (the derives and the path tracker were about 50 kB of a 500 kB binary).

use std::fmt;

use serde_json::{Map, Value};

/// Where a JSON value fails the shape the app reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    Missing {
        path: String,
    },
    WrongType {
        path: String,
        expected: &'static str,
    },
    UnknownField {
        path: String,
    },
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { path } => write!(f, "the required field {path} is missing"),
            Self::WrongType { path, expected } => write!(f, "{path} should be {expected}"),
            Self::UnknownField { path } => {
                write!(f, "{path} is not a field of this format (a typo?)")
            }
        }
    }
}

/// `parent.name`, or `name` at the root.
fn child_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// A JSON object being read, with its path and the fields it may have.
pub struct Object<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Object<'a> {
    /// Reads `value` as an object whose fields are all among `fields`.
    pub fn new(value: &'a Value, path: &str, fields: &[&str]) -> Result<Self, ShapeError> {
        let map = value.as_object().ok_or_else(|| ShapeError::WrongType {
            path: if path.is_empty() {
                "the document".into()
            } else {
                path.to_string()
            },
            expected: "an object",
        })?;
        if let Some(unknown) = map.keys().find(|key| !fields.contains(&key.as_str())) {
            return Err(ShapeError::UnknownField {
                path: child_path(path, unknown),
            });
        }
        Ok(Self {
            map,
            path: path.to_string(),
        })
    }

    pub fn path_of(&self, name: &str) -> String {
        child_path(&self.path, name)
    }

    /// The field, if present and not null.
    pub fn optional(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    pub fn required(&self, name: &str) -> Result<&'a Value, ShapeError> {
        self.optional(name).ok_or_else(|| ShapeError::Missing {
            path: self.path_of(name),
        })
    }

    fn wrong(&self, name: &str, expected: &'static str) -> ShapeError {
        ShapeError::WrongType {
            path: self.path_of(name),
            expected,
        }
    }

    pub fn string(&self, name: &str) -> Result<String, ShapeError> {
        self.required(name)?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| self.wrong(name, "a string"))
    }

    pub fn optional_string(&self, name: &str) -> Result<Option<String>, ShapeError> {
        self.optional(name)
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| self.wrong(name, "a string or null"))
            })
            .transpose()
    }

    pub fn integer(&self, name: &str) -> Result<i64, ShapeError> {
        self.required(name)?
            .as_i64()
            .ok_or_else(|| self.wrong(name, "a whole number"))
    }

    pub fn flag(&self, name: &str) -> Result<bool, ShapeError> {
        self.optional(name)
            .map(|v| v.as_bool().ok_or_else(|| self.wrong(name, "true or false")))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    /// Reads each element of an array field with `read(element, its path)`.
    /// An absent field is an error unless `optional`, then it is empty.
    pub fn array<T>(
        &self,
        name: &str,
        optional: bool,
        mut read: impl FnMut(&'a Value, &str) -> Result<T, ShapeError>,
    ) -> Result<Vec<T>, ShapeError> {
        let Some(value) = self.optional(name) else {
            return if optional {
                Ok(Vec::new())
            } else {
                Err(ShapeError::Missing {
                    path: self.path_of(name),
                })
            };
        };
        let items = value.as_array().ok_or_else(|| self.wrong(name, "a list"))?;
        let path = self.path_of(name);
        // A plain loop: collecting into a Result costs an iterator adapter
        // per element type in the wasm.
        let mut read_items = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            read_items.push(read(item, &format!("{path}[{i}]"))?);
        }
        Ok(read_items)
    }
}

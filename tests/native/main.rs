//! The native tests: one test program, a module per topic (as ripgrep's
//! `tests/tests.rs`), so the crate and its dependencies link once.
//!
//!   cargo test --test native                  # all of them
//!   cargo test --test native comments_races   # one topic
//!   KB_DATASET=path/to/briefing.json cargo test --test native dataset_file
//!
//! What lives in the browser is tested in a real one: `tests/e2e/` and
//! `tests/engines/`.

/// The comments section's browser, faked: focus, timers and frames the
/// tests inspect and run.
mod fake_browser;
/// What the comment topics share: an in-memory storage and a tab's lagging
/// copy of it.
mod support;

mod comment_actions;
mod comment_ids;
mod comment_keeping;
mod comments;
mod comments_document;
mod comments_format;
mod comments_races;
mod comments_readable;
mod comments_simulation;
mod dataset;
mod dataset_file;
mod dataset_schema;
mod module_graph;
mod prerender;
mod timeline;

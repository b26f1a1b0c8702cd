//! Reader comments, kept in the browser: a replicated document that any
//! number of open tabs change at once and that converges by construction.
//!
//! - [`stamp`]: the hybrid logical clock that orders every change;
//! - [`document`]: one entry per comment, live or deleted, their join, and
//!   the threads a reader sees;
//! - [`format`]: the stored JSON (version 5) and migrations from 1 to 4;
//! - [`readable`]: the readable copy, one self-contained HTML file;
//! - [`store`]: one article's comments in a [`Storage`], as a tab holds them;
//! - [`storage`]: the little of `localStorage` the store needs;
//! - [`kept`]: the unsent text of an open Reply or Edit box;
//! - [`exported`]: what the exports held, and how many comments none holds;
//! - [`error`]: what can go wrong, each as the sentence the reader sees;
//! - [`time`]: ISO timestamps, and "3 minutes ago".
//!
//! Pure Rust: tested natively (`tests/native/comments*.rs`) against an in-memory
//! storage that can lag, fill up or refuse (`tests/native/support.rs`).

pub mod document;
pub mod error;
pub mod exported;
pub mod format;
pub mod id;
pub mod kept;
pub mod readable;
pub mod stamp;
pub mod storage;
pub mod store;
pub mod time;

pub use document::{
    validate_text, Body, Comment, CommentDocument, Entry, NewComment, Order, Removed, Thread,
    TOMBSTONE_LIFETIME_MS,
};
pub use error::{
    with_thousands, Action, CommentError, ErrorKind, ImportError, ReadProblem, StorageError,
    StoredProblem, MAX_COMMENT_CHARS,
};
pub use exported::{unexported_sentence, ExportRecord};
pub use format::DOCUMENT_VERSION;
pub use id::{comment_id, tab_id};
pub use kept::{DraftKind, OpenDraft, OpenDrafts};
pub use readable::{readable_copy, readable_file_name};
pub use stamp::{Clock, Stamp};
pub use storage::Storage;
pub use store::{
    CommentStore, Followed, Loaded, MergeReport, Restored, StorageChange, MAX_BACKUPS,
};
pub use time::{ago, full_date, is_iso_timestamp, iso_from_unix_ms, relative_time, Ago};

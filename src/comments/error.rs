//! What can go wrong with the comments. Each error's `Display` is the whole
//! sentence the reader sees, written here and nowhere else.

use std::fmt;

/// The longest comment, in characters after trimming: the rule is applied
/// in `document` and `format`, and said here.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// What the reader (or another tab) was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Post,
    Reply,
    Edit,
    Delete,
    Undo,
    Import,
    Export,
    /// Saving what another tab's write left out (a write-back).
    Sync,
    /// Keeping the unsent comment, or the name, for next time.
    SaveDraft,
    SaveName,
    /// Downloading unreadable comments that were set aside.
    DownloadUnreadable,
    /// Saving the comments as a readable HTML file.
    ReadableCopy,
}

/// Why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    Empty,
    TooLong {
        chars: usize,
    },
    /// The comment is gone (deleted, perhaps in another tab).
    UnknownComment,
    ReplyToReply,
    DuplicateId,
    StorageUnavailable,
    StorageFull,
    /// Unreadable stored comments could not be set aside first.
    BackupFailed,
    /// The stored comments were written by a newer version of the page.
    NewerFormat,
    /// The change would leave a reply answering a reply.
    BreaksThread,
    /// The browser refused (a download, say).
    Refused,
    Storage(String),
}

/// A comment action that failed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentError {
    action: Action,
    kind: ErrorKind,
}

impl CommentError {
    pub fn new(action: Action, kind: ErrorKind) -> Self {
        Self { action, kind }
    }

    pub fn action(&self) -> Action {
        self.action
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Whether the reader's typed text was kept for another try.
    fn keeps_text(&self) -> bool {
        matches!(self.action, Action::Post | Action::Reply | Action::Edit)
    }
}

/// "2,000": a count as the reader reads it.
pub fn with_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

impl fmt::Display for CommentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Action::*;
        use ErrorKind::*;
        let noun = match self.action {
            Reply => "reply",
            _ => "comment",
        };
        // What could not be done, for the failures every action shares.
        let subject = match self.action {
            Post | Reply => format!("Your {noun} could not be saved"),
            Edit => "Your changes could not be saved".to_string(),
            Delete => "The comment could not be deleted".to_string(),
            Undo => "The comment could not be restored".to_string(),
            Import => "The imported comments could not be saved".to_string(),
            Export => "The export could not be started".to_string(),
            Sync => "Comments from another tab could not be saved here".to_string(),
            SaveDraft => "Your unsent comment could not be kept for later".to_string(),
            SaveName => "Your name could not be kept for next time".to_string(),
            DownloadUnreadable => "The unreadable comments could not be downloaded".to_string(),
            ReadableCopy => "The readable copy could not be saved".to_string(),
        };
        let after = if self.keeps_text() {
            " Your text is still in the box; nothing saved before was changed."
        } else if self.action == Import {
            " Nothing was changed."
        } else if self.action == Sync {
            " They are kept in this tab and saved with your next change."
        } else if self.action == SaveDraft {
            " It stays in the box while this page is open."
        } else {
            ""
        };
        match (&self.kind, self.action) {
            (Empty, _) => write!(f, "Your {noun} is empty: write something before posting."),
            (TooLong { chars }, _) => write!(
                f,
                "Your {noun} is {} characters long; the limit is {}.",
                with_thousands(*chars),
                with_thousands(MAX_COMMENT_CHARS)
            ),
            (UnknownComment, Reply) => write!(
                f,
                "The comment you were replying to was deleted in another tab, so your reply could not be posted."
            ),
            (UnknownComment, Edit) => write!(
                f,
                "The comment you were editing was deleted in another tab, so your changes could not be saved."
            ),
            (UnknownComment, Undo) => write!(
                f,
                "The comment could not be restored: another tab deleted it again since."
            ),
            (UnknownComment, _) => write!(f, "{subject}: it no longer exists."),
            (ReplyToReply, _) => write!(
                f,
                "That comment is itself a reply, and replies go one level deep."
            ),
            (DuplicateId, _) => write!(
                f,
                "{subject}: its id was already taken. Please try again.{after}"
            ),
            (StorageUnavailable, _) => write!(
                f,
                "{subject}: this browser does not allow storage here.{after}"
            ),
            (StorageFull, _) => write!(f, "{subject}: this browser’s storage is full.{after}"),
            (BackupFailed, _) => write!(
                f,
                "{subject}: the unreadable comments already stored could not be set aside first.{after}"
            ),
            (NewerFormat, _) => write!(
                f,
                "{subject}: the comments here were saved by a newer version of this page. Reload the page to use it.{after}"
            ),
            (Refused, _) => write!(f, "{subject}: this browser refused it.{after}"),
            (BreaksThread, _) => write!(
                f,
                "{subject}: that would break a reply’s link to its comment.{after}"
            ),
            (Storage(detail), _) => write!(f, "{subject} ({detail}).{after}"),
        }
    }
}

/// Why a storage call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// No storage at all: blocked, or it throws on access.
    Unavailable,
    QuotaExceeded,
    Other(String),
}

impl From<StorageError> for ErrorKind {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::Unavailable => Self::StorageUnavailable,
            StorageError::QuotaExceeded => Self::StorageFull,
            StorageError::Other(detail) => Self::Storage(detail),
        }
    }
}

/// Why a stored value or an import file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    NotJson(String),
    /// A version of the format newer than this page writes.
    Newer(u64),
    WrongShape(String),
    Invalid(String),
    OtherArticle(String),
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson(detail) => write!(f, "it is not valid JSON ({detail})"),
            Self::Newer(v) => write!(
                f,
                "it was made by a newer version of this page (comments format {v})"
            ),
            Self::WrongShape(detail) => {
                write!(f, "it is not shaped like a comments document ({detail})")
            }
            Self::Invalid(detail) => write!(f, "{detail}"),
            Self::OtherArticle(id) => write!(f, "it holds comments for another article (“{id}”)"),
        }
    }
}

/// Why an import changed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The browser could not read the picked file.
    FileUnreadable,
    Unreadable(ReadProblem),
    Save(CommentError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FileUnreadable => write!(
                f,
                "That file could not be imported: this browser could not read it. Nothing was changed."
            ),
            Self::Unreadable(problem) => write!(
                f,
                "That file is not a comments export of this article: {problem}. Nothing was changed."
            ),
            Self::Save(error) => write!(f, "{error}"),
        }
    }
}

/// What is wrong with the stored comments, found on loading them or on
/// another tab's write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredProblem {
    /// Unreadable: set aside under `backup_key` (`None` if that failed, and
    /// then nothing is written over it).
    Unreadable {
        problem: ReadProblem,
        backup_key: Option<String>,
        raw: String,
    },
    /// Written by a newer version of the page: left untouched, and this
    /// page writes nothing over it.
    Newer(u64),
}

impl fmt::Display for StoredProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable {
                problem,
                backup_key: Some(key),
                ..
            } => write!(
                f,
                "Your saved comments could not be read: {problem}. They are kept, untouched, in this browser’s storage under “{key}”."
            ),
            Self::Unreadable { problem, .. } => write!(
                f,
                "Your saved comments could not be read: {problem}. They are still stored, untouched; new comments cannot be saved until they can be set aside."
            ),
            Self::Newer(_) => write!(
                f,
                "Your comments were saved by a newer version of this page, so this one leaves them untouched and cannot save new ones. Reload the page to get the newer version."
            ),
        }
    }
}

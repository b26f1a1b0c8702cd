//! What the comments section starts from: the stored comments, drafts,
//! name and export record, read before the section renders.

use std::rc::Rc;

use crate::comments::{CommentDocument, CommentStore, ExportRecord, OpenDrafts, StoredProblem};
use crate::views::comments::port::{BrowserPort, CommentsPort};

/// What the comments section starts from.
pub struct CommentsStart<P: CommentsPort = BrowserPort> {
    pub port: P,
    /// `None`: this browser's storage cannot be reached at all.
    pub store: Option<Rc<CommentStore<P::Storage>>>,
    pub document: CommentDocument,
    pub problem: Option<StoredProblem>,
    pub draft: String,
    pub name: String,
    /// The article's headline (the dataset's), for the readable copy.
    pub headline: String,
    pub now_ms: f64,
    /// Rendered into the built page, before the app runs: nothing can be
    /// posted until it does.
    pub prebuilt: bool,
    /// The draft was typed into the built page before the app ran: it is
    /// kept for a reload once the section starts.
    pub typed: bool,
    /// The Reply and Edit boxes open at the last reload, with their text.
    pub open_drafts: OpenDrafts,
    /// The stored open drafts named a comment that is gone: they are
    /// dropped from storage once the section is up.
    pub stale_drafts: bool,
    /// What the exports held.
    pub exported: ExportRecord,
}

impl CommentsStart {
    /// The section as a new reader first sees it, in the built page.
    pub fn first_html(article: &str) -> Self {
        Self::empty(BrowserPort, article)
    }
}

impl<P: CommentsPort> CommentsStart<P> {
    fn empty(port: P, article: &str) -> Self {
        Self {
            store: Some(Rc::new(CommentStore::new(port.storage(), article, ""))),
            port,
            document: CommentDocument::new(article),
            problem: None,
            draft: String::new(),
            name: String::new(),
            headline: String::new(),
            now_ms: 0.0,
            prebuilt: true,
            typed: false,
            open_drafts: OpenDrafts::default(),
            stale_drafts: false,
            exported: ExportRecord::default(),
        }
    }

    /// The article's headline, for the readable copy.
    pub fn with_headline(self, headline: &str) -> Self {
        Self {
            headline: headline.to_string(),
            ..self
        }
    }

    /// Takes the text a reader typed into the built page's Comment box
    /// over the stored draft.
    pub fn keep_typed_draft(&mut self, text: String) {
        self.draft = text;
        self.typed = true;
    }

    /// This reader's comments, from this browser's storage. Called before
    /// the section renders, never while.
    pub fn load(port: P, article: &str) -> Self {
        let now_ms = port.now_ms();
        let store = CommentStore::new(port.storage(), article, &port.new_tab_id());
        match store.load() {
            Err(_) => Self {
                store: None,
                prebuilt: false,
                ..Self::empty(port, article)
            },
            Ok(loaded) => {
                let stored = OpenDrafts::parse(&store.load_text(&store.open_drafts_key()));
                let open_drafts = stored.clone().within(&loaded.document);
                Self {
                    // Unreadable or newer stored comments read as none: the
                    // drafts are then kept as they are, not dropped.
                    stale_drafts: loaded.problem.is_none() && open_drafts != stored,
                    open_drafts,
                    exported: ExportRecord::parse(&store.load_text(&store.exported_key())),
                    draft: store.load_text(&store.draft_key()),
                    name: store.load_text(&store.name_key()),
                    headline: String::new(),
                    port,
                    store: Some(Rc::new(store)),
                    document: loaded.document,
                    problem: loaded.problem,
                    now_ms,
                    prebuilt: false,
                    typed: false,
                }
            }
        }
    }
}

//! A fake browser for the comments section's state: the port the native
//! tests drive its actions through (`comment_actions`).

use std::cell::{Cell, RefCell};
use std::time::Duration;

use crate::support::{MemoryStorage, ARTICLE, T0_MS};

use kosovo_briefing::comments::{CommentStore, ImportError};
use kosovo_briefing::views::comments::port::{CommentsPort, DownloadRefused, Persistence};
use kosovo_briefing::views::comments::state::{CommentsStart, CommentsState};

/// The article's headline, as the dataset gives it to the section.
pub const HEADLINE: &str = "France & the UN's mission";

/// A timer's or a frame's work.
type Task = Box<dyn FnOnce()>;

/// A focus the state asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Focus {
    AfterRender(String),
    KeepAfterRender(String),
    Now(String),
}

/// One tab's browser, as the state sees it: a storage, a clock the test
/// moves, the focus requests it records, and timers and frames that run
/// only when the test says so.
#[derive(Default)]
pub struct FakeBrowser {
    pub name: &'static str,
    pub storage: MemoryStorage,
    pub now_ms: Cell<f64>,
    pub ids: Cell<u32>,
    pub focused: RefCell<Option<String>>,
    pub focus: RefCell<Vec<Focus>>,
    pub timers: RefCell<Vec<(Duration, Task)>>,
    pub frames: RefCell<Vec<Task>>,
    pub downloads: RefCell<Vec<Download>>,
    /// The browser refuses every download.
    pub refuse_downloads: Cell<bool>,
    /// What `navigator.storage` answers; how often each was asked.
    pub persistence: Cell<Option<Persistence>>,
    pub persisted_calls: Cell<u32>,
    pub persist_calls: Cell<u32>,
}

/// A file the state offered for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub mime: String,
    pub text: String,
}

/// Leaked: the port is `Copy`, as the state that holds it.
pub type Port = &'static FakeBrowser;

impl CommentsPort for Port {
    type Storage = &'static MemoryStorage;
    /// The picked file's text, or the browser's refusal to read it.
    type File = Result<String, ImportError>;

    fn storage(&self) -> &'static MemoryStorage {
        let browser: &'static FakeBrowser = self;
        &browser.storage
    }

    fn now_ms(&self) -> f64 {
        self.now_ms.get()
    }

    fn new_id(&self) -> String {
        self.ids.set(self.ids.get() + 1);
        format!("{}{}", self.name, self.ids.get())
    }

    fn new_tab_id(&self) -> String {
        self.name.to_string()
    }

    fn focus_after_render(&self, id: String) {
        self.focus.borrow_mut().push(Focus::AfterRender(id));
    }

    fn keep_focus_after_render(&self, id: String) {
        self.focus.borrow_mut().push(Focus::KeepAfterRender(id));
    }

    fn focused_id(&self) -> Option<String> {
        self.focused.borrow().clone()
    }

    fn focus_element(&self, id: &str) {
        self.focus.borrow_mut().push(Focus::Now(id.to_string()));
        *self.focused.borrow_mut() = Some(id.to_string());
    }

    fn after(&self, delay: Duration, run: impl FnOnce() + 'static) {
        self.timers.borrow_mut().push((delay, Box::new(run)));
    }

    fn next_frame(&self, run: impl FnOnce() + 'static) {
        self.frames.borrow_mut().push(Box::new(run));
    }

    fn download(&self, file_name: &str, text: &str, mime: &str) -> Result<(), DownloadRefused> {
        if self.refuse_downloads.get() {
            return Err(DownloadRefused);
        }
        self.downloads.borrow_mut().push(Download {
            name: file_name.to_string(),
            mime: mime.to_string(),
            text: text.to_string(),
        });
        Ok(())
    }

    fn read_file(
        &self,
        file: Self::File,
        then: impl FnOnce(Result<String, ImportError>) + 'static,
    ) {
        then(file);
    }

    fn persisted(&self, then: impl FnOnce(Persistence) + 'static) {
        self.persisted_calls.set(self.persisted_calls.get() + 1);
        then(self.persistence.get().unwrap_or(Persistence::NotPersistent));
    }

    fn persist(&self, then: impl FnOnce(Persistence) + 'static) {
        self.persist_calls.set(self.persist_calls.get() + 1);
        then(self.persistence.get().unwrap_or(Persistence::NotPersistent));
    }
}

impl FakeBrowser {
    /// The clock moves on by `ms`.
    pub fn wait(&self, ms: u32) {
        self.now_ms.set(self.now_ms.get() + f64::from(ms));
    }

    /// Runs the oldest pending timer; returns its delay.
    pub fn fire_timer(&self) -> Duration {
        let (delay, run) = self.timers.borrow_mut().remove(0);
        run();
        delay
    }

    pub fn run_frames(&self) {
        let frames = std::mem::take(&mut *self.frames.borrow_mut());
        frames.into_iter().for_each(|run| run());
    }

    pub fn last_focus(&self) -> Option<Focus> {
        self.focus.borrow().last().cloned()
    }

    pub fn draft_stored(&self) -> Option<String> {
        let key = CommentStore::new(&self.storage, ARTICLE, "x").draft_key();
        self.storage.value(&key)
    }
}

/// A tab with its own browser and storage, its section started.
pub fn tab(name: &'static str) -> (Port, CommentsState<Port>) {
    let browser: Port = Box::leak(Box::new(FakeBrowser {
        name,
        now_ms: Cell::new(T0_MS as f64),
        ..FakeBrowser::default()
    }));
    (browser, reload(browser))
}

/// The section started afresh over `browser`'s storage, as after a reload
/// (or in another tab of the same browser).
pub fn reload(browser: Port) -> CommentsState<Port> {
    let start = CommentsStart::load(browser, ARTICLE).with_headline(HEADLINE);
    let store = start.store.clone().expect("the fake storage is available");
    let state = CommentsState::new(store, start);
    state.keep_restored_drafts();
    state.check_persistence();
    state
}

//! Regression tests for issue 13's six defects: races between tabs whose
//! copies of `localStorage` lag, imports, and Undo. Each scenario is written
//! once against the small tab harness below. Written before the fix,
//! each failed on the store of that day (commit a87e84a).

use crate::support;

use kosovo_briefing::comments::{
    CommentDocument, CommentStore, NewComment, Order, Removed, StorageChange,
};
use support::{at, ms_at, MemoryStorage, TabCopy, ARTICLE, COMMENTS_KEY};

/// Tabs over one storage, each with the writes it has yet to hear of (the
/// new values of `storage` events), in order.
struct Tabs<'a> {
    shared: &'a MemoryStorage,
    copies: &'a [TabCopy<'a>],
    stores: Vec<CommentStore<&'a TabCopy<'a>>>,
    queues: Vec<Vec<Option<String>>>,
    /// Each tab's Undo offer.
    undo: Vec<Option<Removed>>,
    last: Option<String>,
    minute: u32,
}

fn copies(shared: &MemoryStorage) -> [TabCopy<'_>; 2] {
    std::array::from_fn(|_| TabCopy::new(shared))
}

impl<'a> Tabs<'a> {
    fn new(shared: &'a MemoryStorage, copies: &'a [TabCopy<'a>]) -> Self {
        Self {
            shared,
            copies,
            stores: copies
                .iter()
                .enumerate()
                .map(|(i, c)| CommentStore::new(c, ARTICLE, &format!("tab{i}")))
                .collect(),
            queues: vec![Vec::new(); copies.len()],
            undo: vec![None; copies.len()],
            last: None,
            minute: 0,
        }
    }

    fn tick(&mut self) -> (String, u64) {
        self.minute += 1;
        (at(self.minute), ms_at(self.minute))
    }

    /// Queues the new value of `by`'s write, if storage changed, for the others.
    fn sent(&mut self, by: usize) {
        let now = self.shared.value(COMMENTS_KEY);
        if now != self.last {
            self.last = now.clone();
            for (tab, queue) in self.queues.iter_mut().enumerate() {
                if tab != by {
                    queue.push(now.clone());
                }
            }
        }
    }

    fn lag(&self, tab: usize) {
        self.copies[tab].lag();
    }

    fn post(&mut self, tab: usize, id: &str, text: &str) {
        let (now, ms) = self.tick();
        let new = NewComment {
            id: id.into(),
            parent: None,
            author: format!("tab {tab}"),
            text: text.into(),
            now,
        };
        self.stores[tab].post(new, ms).unwrap();
        self.sent(tab);
    }

    fn edit(&mut self, tab: usize, id: &str, text: &str) {
        let (now, ms) = self.tick();
        self.stores[tab].edit(id, text, &now, ms).unwrap();
        self.sent(tab);
    }

    fn delete(&mut self, tab: usize, id: &str) {
        let (_, ms) = self.tick();
        let (removed, _) = self.stores[tab].delete(id, ms).unwrap();
        self.undo[tab] = Some(removed);
        self.sent(tab);
    }

    fn undo(&mut self, tab: usize) {
        let (_, ms) = self.tick();
        let removed = self.undo[tab].take().expect("an Undo offer");
        self.stores[tab].restore(&removed, ms).unwrap();
        self.sent(tab);
    }

    fn export(&self, tab: usize) -> String {
        self.stores[tab].export()
    }

    fn import(&mut self, tab: usize, file: &str) {
        let (_, ms) = self.tick();
        self.stores[tab].import(file, ms).unwrap();
        self.sent(tab);
    }

    /// Tab `tab` hears every write queued for it; its lag ends.
    fn hear(&mut self, tab: usize) {
        self.copies[tab].catch_up();
        while !self.queues[tab].is_empty() {
            let value = self.queues[tab].remove(0);
            let change = match &value {
                Some(text) => StorageChange::Written(text),
                None => StorageChange::Cleared,
            };
            self.tick();
            self.stores[tab].follow(change);
            self.sent(tab);
        }
    }

    /// Every tab hears every write, in turn, until none is left.
    fn settle(&mut self) {
        for _ in 0..100 {
            if self.queues.iter().all(Vec::is_empty) {
                return;
            }
            for tab in 0..self.stores.len() {
                self.hear(tab);
            }
        }
        panic!("the tabs never stopped writing");
    }

    /// (id, text) of each comment a tab shows, oldest first.
    fn comments(&self, tab: usize) -> Vec<(String, String)> {
        listed(&self.stores[tab].document())
    }

    /// What a tab opened now would show.
    fn reloaded(&self) -> Vec<(String, String)> {
        let fresh = CommentStore::new(self.shared, ARTICLE, "reloaded");
        listed(&fresh.load().unwrap().document)
    }

    /// Every tab and a reload show exactly `expected`.
    fn all_show(&self, expected: &[(&str, &str)]) {
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(id, text)| (id.to_string(), text.to_string()))
            .collect();
        for tab in 0..self.stores.len() {
            assert_eq!(self.comments(tab), expected, "tab {tab} shows");
        }
        assert_eq!(self.reloaded(), expected, "a reload shows");
    }
}

fn listed(document: &CommentDocument) -> Vec<(String, String)> {
    document
        .threads(Order::OldestFirst)
        .into_iter()
        .flat_map(|t| std::iter::once(t.comment).chain(t.replies))
        .filter(|c| !c.deleted)
        .map(|c| (c.id, c.text))
        .collect()
}

// 1. A delete comes back, with two tabs.
#[test]
fn a_delete_made_while_the_other_tab_wrote_from_a_stale_copy_stays_deleted() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    let (a, b) = (0, 1);
    tabs.lag(a);
    tabs.post(b, "x", "X");
    tabs.lag(b);
    tabs.post(a, "y", "Y");
    tabs.delete(b, "x");
    tabs.post(a, "z", "Z");
    tabs.settle();
    tabs.all_show(&[("y", "Y"), ("z", "Z")]);
}

// 2. An edit is lost.
#[test]
fn an_edit_made_while_the_other_tab_wrote_from_a_stale_copy_is_kept() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    let (a, b) = (0, 1);
    tabs.lag(a);
    tabs.post(b, "x", "X");
    tabs.lag(b);
    tabs.post(a, "y", "Y");
    tabs.edit(b, "x", "X, edited");
    tabs.post(a, "z", "Z");
    tabs.settle();
    tabs.all_show(&[("x", "X, edited"), ("y", "Y"), ("z", "Z")]);
}

// 3. An Undo the reader saw work is reverted.
#[test]
fn an_undo_the_reader_saw_work_is_not_reverted_by_a_stale_tab() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    let (a, b) = (0, 1);
    tabs.post(a, "x", "X");
    tabs.settle();
    tabs.delete(b, "x");
    tabs.undo(b);
    tabs.settle();
    tabs.lag(b);
    tabs.delete(a, "x");
    tabs.post(b, "w", "W");
    tabs.hear(a);
    tabs.undo(a);
    assert_eq!(
        tabs.comments(a),
        [("x".into(), "X".into()), ("w".into(), "W".into())]
    );
    tabs.settle();
    tabs.all_show(&[("x", "X"), ("w", "W")]);
}

// 4. A comment is lost when a tab writes more than 16 times in one lag.
#[test]
fn many_writes_from_a_stale_copy_lose_no_comment() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    let (a, b) = (0, 1);
    tabs.lag(b);
    tabs.post(a, "x", "X");
    let mut expected = vec![("x".to_string(), "X".to_string())];
    for i in 0..20 {
        let id = format!("b{i:02}");
        tabs.post(b, &id, "B");
        expected.push((id, "B".into()));
    }
    tabs.settle();
    let expected: Vec<(&str, &str)> = expected
        .iter()
        .map(|(id, text)| (id.as_str(), text.as_str()))
        .collect();
    tabs.all_show(&expected);
}

// 4, second half: a repair that meets a full storage is not dropped.
#[test]
fn a_repair_refused_by_a_full_storage_is_made_by_the_next_change() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    let (a, b) = (0, 1);
    tabs.lag(b);
    tabs.post(a, "x", "X");
    tabs.post(b, "y", "Y");
    // Room for what is stored now, not for anything larger.
    shared.fill_up();
    tabs.settle();
    shared.set_quota(None);
    tabs.post(b, "z", "Z");
    tabs.settle();
    tabs.all_show(&[("x", "X"), ("y", "Y"), ("z", "Z")]);
}

// 5. Import revives deletes.
#[test]
fn importing_an_export_made_before_a_delete_does_not_bring_it_back() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    tabs.post(0, "x", "X");
    tabs.post(0, "y", "Y");
    let export = tabs.export(0);
    tabs.delete(0, "x");
    tabs.import(0, &export);
    tabs.settle();
    tabs.all_show(&[("y", "Y")]);
}

// 5, second half: old deletes are not forgotten after 500 more.
#[test]
fn a_delete_is_remembered_after_five_hundred_more() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    tabs.post(0, "x", "X");
    for i in 0..500 {
        tabs.post(0, &format!("n{i:03}"), "N");
    }
    let export = tabs.export(0);
    tabs.delete(0, "x");
    for i in 0..500 {
        tabs.delete(0, &format!("n{i:03}"));
    }
    tabs.import(0, &export);
    tabs.all_show(&[]);
}

// 6. Undo overwrites an edit made meanwhile in another tab.
#[test]
fn undo_keeps_an_edit_made_meanwhile_in_another_tab() {
    let shared = MemoryStorage::new();
    let copies = copies(&shared);
    let mut tabs = Tabs::new(&shared, &copies);
    let (a, b) = (0, 1);
    tabs.post(a, "x", "X");
    tabs.settle();
    tabs.lag(a);
    tabs.delete(b, "x");
    tabs.edit(a, "x", "X, edited in A");
    tabs.hear(b);
    tabs.undo(b);
    tabs.settle();
    tabs.all_show(&[("x", "X, edited in A")]);
}

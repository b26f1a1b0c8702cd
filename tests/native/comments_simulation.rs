//! A seeded random simulation of tabs sharing one `localStorage`: 2 to 4
//! tabs whose copies of storage lag, whose `storage` events arrive late,
//! out of order and twice, and whose storage is sometimes full, posting,
//! replying, editing, deleting, undoing and importing earlier exports.
//!
//! After each session every event is delivered, and:
//! - settling terminates;
//! - every tab shows what storage holds;
//! - every stored entry is the highest-ranked one any successful change
//!   wrote for its id (a deleted comment's creation time aside), so no
//!   write is lost and no delete comes back.
//!
//! `KB_SIM_SESSIONS` sets the number of sessions (10,000 by default);
//! `KB_SIM_SEED` replays one session.

use crate::support;

use std::collections::BTreeMap;

use kosovo_briefing::comments::{
    iso_from_unix_ms, CommentDocument, CommentStore, Entry, NewComment, Removed, StorageChange,
};
use support::{MemoryStorage, TabCopy, ARTICLE, COMMENTS_KEY, T0_MS};

/// SplitMix64: small, seedable, good enough to shuffle a session.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

struct Session<'a> {
    shared: &'a MemoryStorage,
    copies: &'a [TabCopy<'a>],
    stores: Vec<CommentStore<&'a TabCopy<'a>>>,
    /// The writes each tab has yet to hear of: new values, any order.
    inbox: Vec<Vec<Option<String>>>,
    undo: Vec<Option<Removed>>,
    exports: Vec<String>,
    /// Per id, the highest-ranked entry a successful change wrote.
    oracle: BTreeMap<String, Entry>,
    /// Each tab's clock is off by this much (ms).
    skew: Vec<i64>,
    now: u64,
    last_stored: Option<String>,
    made: usize,
    log: Vec<String>,
}

impl<'a> Session<'a> {
    fn new(shared: &'a MemoryStorage, copies: &'a [TabCopy<'a>], rng: &mut Rng) -> Self {
        Self {
            shared,
            copies,
            stores: copies
                .iter()
                .enumerate()
                .map(|(i, copy)| CommentStore::new(copy, ARTICLE, &format!("t{i}")))
                .collect(),
            inbox: vec![Vec::new(); copies.len()],
            undo: vec![None; copies.len()],
            exports: Vec::new(),
            oracle: BTreeMap::new(),
            skew: copies
                .iter()
                .map(|_| rng.below(4001) as i64 - 2000)
                .collect(),
            now: T0_MS,
            last_stored: None,
            made: 0,
            log: Vec::new(),
        }
    }

    fn clock(&mut self, tab: usize, rng: &mut Rng) -> u64 {
        self.now += rng.below(4) as u64;
        self.now.saturating_add_signed(self.skew[tab])
    }

    /// Queues the new value for the other tabs, if `by` changed storage.
    fn sent(&mut self, by: usize) {
        let value = self.shared.value(COMMENTS_KEY);
        if value != self.last_stored {
            self.last_stored = value.clone();
            for (tab, inbox) in self.inbox.iter_mut().enumerate() {
                if tab != by {
                    inbox.push(value.clone());
                }
            }
        }
    }

    /// Records what a successful change left for `ids` in tab `tab`.
    fn wrote(&mut self, tab: usize, ids: &[String]) {
        let document = self.stores[tab].document();
        for id in ids {
            if let Some(entry) = document.entry(id) {
                let wins = self
                    .oracle
                    .get(id)
                    .is_none_or(|known| entry.outranks(known));
                if wins {
                    self.oracle.insert(id.clone(), entry.clone());
                }
            }
        }
    }

    fn live_ids(&self, tab: usize, top_level_only: bool) -> Vec<String> {
        self.stores[tab]
            .document()
            .entries()
            .filter(|e| e.is_live() && !(top_level_only && e.parent.is_some()))
            .map(|e| e.id.clone())
            .collect()
    }

    fn post(&mut self, tab: usize, parent: Option<String>, rng: &mut Rng) {
        self.made += 1;
        let id = format!("c{}", self.made);
        let ms = self.clock(tab, rng);
        let new = NewComment {
            id: id.clone(),
            parent: parent.clone(),
            author: format!("tab {tab}"),
            text: format!("comment {} from tab {tab}", self.made),
            now: iso_from_unix_ms(ms as i64),
        };
        let outcome = self.stores[tab].post(new, ms);
        self.log.push(format!(
            "tab {tab} posts {id} (reply to {parent:?}): {:?}",
            outcome.as_ref().err()
        ));
        if outcome.is_ok() {
            self.wrote(tab, &[id]);
        }
        self.sent(tab);
    }

    fn step(&mut self, rng: &mut Rng) {
        let tab = rng.below(self.stores.len());
        match rng.below(100) {
            0..=19 => self.post(tab, None, rng),
            20..=29 => {
                let parents = self.live_ids(tab, true);
                if let Some(parent) = rng.pick(&parents).cloned() {
                    self.post(tab, Some(parent), rng);
                }
            }
            30..=39 => {
                let ids = self.live_ids(tab, false);
                if let Some(id) = rng.pick(&ids).cloned() {
                    let ms = self.clock(tab, rng);
                    let text = format!("edit {} of {id}", rng.next() % 1000);
                    let outcome =
                        self.stores[tab].edit(&id, &text, &iso_from_unix_ms(ms as i64), ms);
                    self.log.push(format!(
                        "tab {tab} edits {id}: {:?}",
                        outcome.as_ref().err()
                    ));
                    if outcome.is_ok() {
                        self.wrote(tab, &[id]);
                    }
                    self.sent(tab);
                }
            }
            40..=49 => {
                let ids = self.live_ids(tab, false);
                if let Some(id) = rng.pick(&ids).cloned() {
                    let ms = self.clock(tab, rng);
                    let outcome = self.stores[tab].delete(&id, ms);
                    self.log.push(format!(
                        "tab {tab} deletes {id}: {:?}",
                        outcome.as_ref().err()
                    ));
                    if let Ok((removed, _)) = outcome {
                        self.undo[tab] = Some(match self.undo[tab].take() {
                            Some(earlier) if rng.chance(50) => removed.after(earlier),
                            _ => removed,
                        });
                        self.wrote(tab, &[id]);
                    }
                    self.sent(tab);
                }
            }
            50..=54 => {
                if let Some(removed) = self.undo[tab].take() {
                    let ms = self.clock(tab, rng);
                    let outcome = self.stores[tab].restore(&removed, ms);
                    self.log.push(format!(
                        "tab {tab} undoes {:?}: {:?}",
                        removed.ids().collect::<Vec<_>>(),
                        outcome.as_ref().err()
                    ));
                    match outcome {
                        Ok(_) => {
                            let ids: Vec<String> = removed.ids().map(str::to_string).collect();
                            self.wrote(tab, &ids);
                        }
                        Err(_) => self.undo[tab] = Some(removed),
                    }
                    self.sent(tab);
                }
            }
            55..=59 => {
                self.exports.push(self.stores[tab].export());
                self.log.push(format!("tab {tab} exports"));
            }
            60..=63 => {
                if let Some(file) = rng.pick(&self.exports).cloned() {
                    let ms = self.clock(tab, rng);
                    let outcome = self.stores[tab].import(&file, ms);
                    self.log
                        .push(format!("tab {tab} imports: {:?}", outcome.as_ref().err()));
                    self.sent(tab);
                }
            }
            64..=71 => {
                self.copies[tab].lag();
                self.log.push(format!("tab {tab} lags"));
            }
            72..=77 => {
                self.copies[tab].catch_up();
                self.log.push(format!("tab {tab} catches up"));
            }
            78..=81 => {
                if rng.chance(50) {
                    self.shared.fill_up();
                    self.log.push("storage is full".into());
                } else {
                    self.shared.set_quota(None);
                    self.log.push("storage has room".into());
                }
            }
            _ => {
                self.hear_one(tab, rng);
            }
        }
    }

    /// Tab `tab` hears one of its pending writes, picked at random; now
    /// and then the same write is heard again later.
    fn hear_one(&mut self, tab: usize, rng: &mut Rng) -> bool {
        if self.inbox[tab].is_empty() {
            return false;
        }
        let at = rng.below(self.inbox[tab].len());
        let value = if rng.chance(10) {
            self.inbox[tab][at].clone()
        } else {
            self.inbox[tab].remove(at)
        };
        self.clock(tab, rng);
        let change = match &value {
            Some(text) => StorageChange::Written(text),
            None => StorageChange::Cleared,
        };
        let followed = self.stores[tab].follow(change);
        self.log.push(format!(
            "tab {tab} hears a write ({} entries); unsaved: {:?}",
            value.as_deref().map_or(0, |v| v.matches("\"id\"").count()),
            followed.unsaved.map(|e| e.kind().clone())
        ));
        self.sent(tab);
        true
    }

    /// Room again, every tab makes one more change (which retries what a
    /// full storage refused), then every write is heard. Returns how many
    /// deliveries that took, or None if the tabs never stop writing.
    fn settle(&mut self, rng: &mut Rng) -> Option<usize> {
        self.shared.set_quota(None);
        for tab in 0..self.stores.len() {
            self.copies[tab].catch_up();
            self.post(tab, None, rng);
        }
        let mut heard = 0;
        while self.inbox.iter().any(|inbox| !inbox.is_empty()) {
            if heard > 2_000 {
                return None;
            }
            let tab = rng.below(self.stores.len());
            // No duplicates now: they are harmless, but could go on forever.
            if !self.inbox[tab].is_empty() {
                let at = rng.below(self.inbox[tab].len());
                let value = self.inbox[tab].remove(at);
                self.clock(tab, rng);
                let change = match &value {
                    Some(text) => StorageChange::Written(text),
                    None => StorageChange::Cleared,
                };
                self.stores[tab].follow(change);
                self.sent(tab);
                heard += 1;
            }
        }
        Some(heard)
    }
}

/// An entry with a deleted comment's creation time left out: version 5
/// forgets it once no reply needs it, and that loses no write.
fn timeless(entry: &Entry) -> Entry {
    let mut entry = entry.clone();
    if !entry.is_live() {
        entry.created_at.clear();
    }
    entry
}

fn run_session(seed: u64) {
    let mut rng = Rng(seed);
    let shared = MemoryStorage::new();
    let tabs = 2 + rng.below(3);
    let copies: Vec<TabCopy> = (0..tabs).map(|_| TabCopy::new(&shared)).collect();
    let mut session = Session::new(&shared, &copies, &mut rng);
    let steps = 10 + rng.below(30);
    for _ in 0..steps {
        session.step(&mut rng);
    }
    let fail = |session: &Session, what: String| -> ! {
        panic!(
            "session with seed {seed} (KB_SIM_SEED={seed}): {what}\nits steps:\n  {}",
            session.log.join("\n  ")
        )
    };
    if session.settle(&mut rng).is_none() {
        fail(&session, "the tabs kept writing".into());
    }
    let raw = shared.value(COMMENTS_KEY).unwrap_or_default();
    let stored = match CommentDocument::parse(&raw, ARTICLE) {
        Ok(stored) => stored,
        Err(problem) => fail(
            &session,
            format!("storage holds an unreadable value: {problem}"),
        ),
    };
    for (tab, store) in session.stores.iter().enumerate() {
        if store.document() != stored {
            fail(
                &session,
                format!("tab {tab} does not show what storage holds"),
            );
        }
    }
    let stored_entries: BTreeMap<String, Entry> = stored
        .entries()
        .map(|e| (e.id.clone(), timeless(e)))
        .collect();
    let oracle: BTreeMap<String, Entry> = session
        .oracle
        .iter()
        .map(|(id, e)| (id.clone(), timeless(e)))
        .collect();
    if stored_entries != oracle {
        let lost: Vec<&String> = oracle
            .iter()
            .filter(|(id, entry)| stored_entries.get(*id) != Some(entry))
            .map(|(id, _)| id)
            .collect();
        fail(
            &session,
            format!("storage lost or changed the latest write of {lost:?}"),
        );
    }
}

#[test]
fn tabs_converge_and_lose_nothing_whatever_order_their_writes_arrive_in() {
    if let Some(seed) = std::env::var("KB_SIM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        run_session(seed);
        return;
    }
    let sessions: u64 = std::env::var("KB_SIM_SESSIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    for session in 0..sessions {
        run_session(0x5EED_0000 + session);
    }
}

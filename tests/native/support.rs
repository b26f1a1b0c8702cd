//! What the native comment tests share: an in-memory storage that can fill
//! up or refuse, and one tab's lagging copy of it.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use kosovo_briefing::comments::{iso_from_unix_ms, Storage, StorageError};

pub const ARTICLE: &str = "france-unsc-unmik";
pub const COMMENTS_KEY: &str = "kosovo-briefing:comments:france-unsc-unmik";

/// 2026-11-27T10:00:00Z, in milliseconds.
pub const T0_MS: u64 = 1_795_773_600_000;

/// `minute` minutes after [`T0_MS`], in milliseconds.
pub fn ms_at(minute: u32) -> u64 {
    T0_MS + u64::from(minute) * 60_000
}

/// `minute` minutes after [`T0_MS`], as the browser writes times.
pub fn at(minute: u32) -> String {
    iso_from_unix_ms(ms_at(minute) as i64)
}

/// An in-memory [`Storage`], with a byte quota and an off switch.
#[derive(Debug, Default)]
pub struct MemoryStorage {
    entries: RefCell<BTreeMap<String, String>>,
    quota: Cell<Option<usize>>,
    unavailable: Cell<bool>,
    writes: Cell<usize>,
}

impl MemoryStorage {
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuses writes that would take the total of keys and values over `bytes`.
    pub fn set_quota(&self, bytes: Option<usize>) {
        self.quota.set(bytes);
    }

    /// A quota of exactly what is stored now: any larger write fails.
    pub fn fill_up(&self) {
        self.set_quota(Some(self.used_without("")));
    }

    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.set(unavailable);
    }

    /// Empties it, as `localStorage.clear()` does.
    pub fn clear(&self) {
        self.entries.borrow_mut().clear();
    }

    /// How many writes succeeded: an identical rewrite counts too.
    pub fn writes(&self) -> usize {
        self.writes.get()
    }

    pub fn value(&self, key: &str) -> Option<String> {
        self.entries.borrow().get(key).cloned()
    }

    pub fn all_keys(&self) -> Vec<String> {
        self.entries.borrow().keys().cloned().collect()
    }

    fn used_without(&self, key: &str) -> usize {
        self.entries
            .borrow()
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        if self.unavailable.get() {
            return Err(StorageError::Unavailable);
        }
        Ok(self.value(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if self.unavailable.get() {
            return Err(StorageError::Unavailable);
        }
        if let Some(quota) = self.quota.get() {
            if self.used_without(key) + key.len() + value.len() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        self.entries
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        self.writes.set(self.writes.get() + 1);
        Ok(())
    }
}

/// One tab's copy of a shared storage. While it lags, it reads the
/// comments as they were when the lag began, plus its own writes, as a
/// browser tab's cached copy of `localStorage` can for a moment.
pub struct TabCopy<'a> {
    shared: &'a MemoryStorage,
    frozen: RefCell<Option<Option<String>>>,
}

impl<'a> TabCopy<'a> {
    pub fn new(shared: &'a MemoryStorage) -> Self {
        Self {
            shared,
            frozen: RefCell::new(None),
        }
    }

    pub fn lag(&self) {
        *self.frozen.borrow_mut() = Some(self.shared.value(COMMENTS_KEY));
    }

    pub fn catch_up(&self) {
        *self.frozen.borrow_mut() = None;
    }
}

impl Storage for TabCopy<'_> {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        match self.frozen.borrow().as_ref() {
            Some(frozen) if key == COMMENTS_KEY => Ok(frozen.clone()),
            _ => self.shared.get(key),
        }
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.shared.set(key, value)?;
        if let Some(frozen) = self.frozen.borrow_mut().as_mut() {
            if key == COMMENTS_KEY {
                *frozen = Some(value.to_string());
            }
        }
        Ok(())
    }
}

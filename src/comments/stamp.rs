//! Stamps that order every change to the comments, and the clock that makes
//! them: a hybrid logical clock (milliseconds and a counter) per tab.
//!
//! A stamp is never behind any stamp its tab has seen, so a change made
//! after seeing another is always ordered after it, whatever the two tabs'
//! wall clocks say; the tab's id breaks ties between tabs.

use std::fmt;

/// Milliseconds since the Unix epoch, a counter for changes within one
/// millisecond, and the writing tab's id. Ordered in that order.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    pub ms: u64,
    pub counter: u32,
    pub tab: String,
}

/// Milliseconds a stamp may name: what a JavaScript number holds exactly.
pub const MAX_STAMP_MS: u64 = (1 << 53) - 1;

impl Stamp {
    pub fn new(ms: u64, counter: u32, tab: &str) -> Self {
        Self {
            ms,
            counter,
            tab: tab.to_string(),
        }
    }

    /// Reads `ms.counter.tab`, as [`fmt::Display`] writes it.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '.');
        let ms = whole_number(parts.next()?)?;
        let counter = u32::try_from(whole_number(parts.next()?)?).ok()?;
        let tab = parts.next()?;
        (ms <= MAX_STAMP_MS && tab_ok(tab)).then(|| Self::new(ms, counter, tab))
    }
}

/// Version 5's compact form: the milliseconds in base 36, the counter in
/// base 36 only when it is not 0, and the tab, joined by dots:
/// `mivx3h2r.k3j2` (counter 0) or `mivx3h2r.1a.k3j2`. A tab has no dot, so
/// two parts or three say which form it is; base-36 digits are `0-9a-z`.
impl Stamp {
    pub fn compact(&self) -> String {
        match self.counter {
            0 => format!("{}.{}", base36(self.ms), self.tab),
            n => format!("{}.{}.{}", base36(self.ms), base36(u64::from(n)), self.tab),
        }
    }

    /// Reads [`Stamp::compact`]'s form.
    pub fn parse_compact(text: &str) -> Option<Self> {
        let (rest, tab) = text.rsplit_once('.')?;
        let (ms, counter) = match rest.split_once('.') {
            Some((ms, counter)) => (ms, u32::try_from(from_base36(counter)?).ok()?),
            None => (rest, 0),
        };
        let ms = from_base36(ms)?;
        (ms <= MAX_STAMP_MS && tab_ok(tab)).then(|| Self::new(ms, counter, tab))
    }
}

/// `n` in base 36, most significant digit first (`0-9a-z`).
pub fn base36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// Reads [`base36`]'s digits (lower case, at most 11: up to 36^11).
pub fn from_base36(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 11 {
        return None;
    }
    digits.chars().try_fold(0_u64, |n, d| {
        let digit = d.to_digit(36).filter(|_| !d.is_ascii_uppercase())?;
        Some(n * 36 + u64::from(digit))
    })
}

fn tab_ok(tab: &str) -> bool {
    tab.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Decimal digits, as a number: one parser for both parts of a stamp.
fn whole_number(digits: &str) -> Option<u64> {
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    digits.bytes().try_fold(0_u64, |n, d| {
        d.is_ascii_digit().then(|| n * 10 + u64::from(d - b'0'))
    })
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.ms, self.counter, self.tab)
    }
}

/// One tab's hybrid logical clock.
#[derive(Debug, Clone)]
pub struct Clock {
    tab: String,
    ms: u64,
    counter: u32,
}

impl Clock {
    pub fn new(tab: &str) -> Self {
        Self {
            tab: tab.to_string(),
            ms: 0,
            counter: 0,
        }
    }

    pub fn tab(&self) -> &str {
        &self.tab
    }

    /// Moves the clock up to `stamp`, so the next tick comes after it.
    pub fn observe(&mut self, stamp: &Stamp) {
        if (stamp.ms, stamp.counter) > (self.ms, self.counter) {
            self.ms = stamp.ms;
            self.counter = stamp.counter;
        }
    }

    /// A new stamp, after every one seen and at least `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Stamp {
        let now_ms = now_ms.min(MAX_STAMP_MS);
        if now_ms > self.ms {
            self.ms = now_ms;
            self.counter = 0;
        } else if self.counter == u32::MAX {
            // Only a stamp from the far future pins the clock this long.
            self.ms = (self.ms + 1).min(MAX_STAMP_MS);
            self.counter = 0;
        } else {
            self.counter += 1;
        }
        Stamp::new(self.ms, self.counter, &self.tab)
    }
}

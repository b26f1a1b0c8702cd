//! The timeline's logic: slugs, the URL state (`?focus=a,b&q=text`), search
//! matching and highlighting, and which events a query shows.
//!
//! Pure Rust, no browser: tested natively in `tests/native/timeline.rs`. The view
//! in `views/timeline.rs` only renders what this module decides.

use crate::dataset::{Briefing, Event};
use crate::text::{fold, fold_for_search, normalize_needle};

/// Where the timeline starts: the page URL's query, and the event its
/// fragment (`#event-<id>`) links to. The built page starts from neither.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineStart {
    pub query: TimelineQuery,
    pub linked_event: Option<String>,
    /// Every event rendered at once, not a page of them: the built page,
    /// which must be whole for a reader without the app.
    pub every_event: bool,
    /// Newest events first: as the reader left the built page's order.
    pub newest_first: bool,
}

/// What the reader asked the timeline for; the page URL holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimelineQuery {
    /// Selected focus-area slugs, in dataset order, without repeats. Empty: all.
    pub focus: Vec<String>,
    /// The search text as typed.
    pub search: String,
}

impl TimelineQuery {
    /// Reads `location.search` (with or without the leading `?`). Unknown
    /// slugs and parameters are ignored; `known_slugs` gives the canonical order.
    pub fn from_url_search(search: &str, known_slugs: &[&str]) -> Self {
        let mut requested: Vec<String> = Vec::new();
        let mut text = String::new();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match percent_decode(key).as_str() {
                "focus" => requested.extend(percent_decode(value).split(',').map(str::to_string)),
                "q" => text = percent_decode(value),
                _ => {}
            }
        }
        let focus = known_slugs
            .iter()
            .filter(|slug| requested.iter().any(|r| r == *slug))
            .map(|slug| slug.to_string())
            .collect();
        Self {
            focus,
            search: text,
        }
    }

    /// The query string for this state: `""`, or `?focus=a,b&q=text`.
    pub fn to_url_search(&self) -> String {
        let mut params = Vec::new();
        if !self.focus.is_empty() {
            let slugs: Vec<String> = self.focus.iter().map(|s| percent_encode(s)).collect();
            params.push(format!("focus={}", slugs.join(",")));
        }
        if !self.search.is_empty() {
            params.push(format!("q={}", percent_encode(&self.search)));
        }
        if params.is_empty() {
            String::new()
        } else {
            format!("?{}", params.join("&"))
        }
    }

    pub fn is_focused(&self, slug: &str) -> bool {
        self.focus.iter().any(|s| s == slug)
    }

    /// This query with `slug` switched on or off, focus kept in `known_slugs` order.
    pub fn toggled(&self, slug: &str, known_slugs: &[&str]) -> Self {
        let now_on = !self.is_focused(slug);
        let focus = known_slugs
            .iter()
            .filter(|known| {
                if **known == slug {
                    now_on
                } else {
                    self.is_focused(known)
                }
            })
            .map(|s| s.to_string())
            .collect();
        Self {
            focus,
            search: self.search.clone(),
        }
    }

    pub fn without_focus(&self) -> Self {
        Self {
            focus: Vec::new(),
            search: self.search.clone(),
        }
    }

    pub fn with_search(&self, search: &str) -> Self {
        Self {
            focus: self.focus.clone(),
            search: search.to_string(),
        }
    }
}

/// The events in chronological order with their search text prepared once,
/// so a keystroke over thousands of events is one `contains` each.
#[derive(Debug, Clone)]
pub struct TimelineIndex {
    /// Indices into `Briefing::events`, by `sort_key` (ties keep file order).
    order: Vec<usize>,
    /// Per event (dataset order): its focus area's index.
    area_of: Vec<usize>,
    /// Per event (dataset order): title, focus label and significance, lowercased.
    haystack: Vec<String>,
    area_count: usize,
}

impl TimelineIndex {
    pub fn new(briefing: &Briefing) -> Self {
        let mut order: Vec<usize> = (0..briefing.events.len()).collect();
        order.sort_by_key(|&i| briefing.events[i].sort_key);
        let area_of = briefing
            .events
            .iter()
            .map(|event| {
                briefing
                    .focus_areas
                    .iter()
                    .position(|area| area.slug == event.focus_area)
                    .unwrap_or(usize::MAX)
            })
            .collect::<Vec<_>>();
        let haystack = briefing
            .events
            .iter()
            .zip(&area_of)
            .map(|(event, &area)| {
                let label = briefing
                    .focus_areas
                    .get(area)
                    .map_or("", |a| a.label.as_str());
                // U+001F keeps a match from spanning two fields.
                fold(&format!(
                    "{}\u{1f}{}\u{1f}{}",
                    event.title, label, event.significance
                ))
            })
            .collect();
        Self {
            order,
            area_of,
            haystack,
            area_count: briefing.focus_areas.len(),
        }
    }

    /// Dataset indices of the events, oldest first.
    pub fn chronological(&self) -> &[usize] {
        &self.order
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether each event (dataset order) matches the search: the one
    /// pass over the text per keystroke; focus changes reuse it.
    pub fn matching(&self, search: &str) -> Vec<bool> {
        let needle = normalize_needle(search);
        self.haystack
            .iter()
            .map(|text| needle.is_empty() || text.contains(&needle))
            .collect()
    }

    /// Whether each event (dataset order) is shown: any selected area (OR),
    /// and the search (AND).
    pub fn visibility(&self, query: &TimelineQuery, slugs: &[&str]) -> Vec<bool> {
        self.visibility_of(&self.matching(&query.search), query, slugs)
    }

    fn visibility_of(&self, matching: &[bool], query: &TimelineQuery, slugs: &[&str]) -> Vec<bool> {
        let selected: Vec<bool> = slugs.iter().map(|slug| query.is_focused(slug)).collect();
        let any_selected = selected.iter().any(|on| *on);
        matching
            .iter()
            .zip(&self.area_of)
            .map(|(&matches, &area)| {
                matches && (!any_selected || selected.get(area).copied().unwrap_or(false))
            })
            .collect()
    }

    /// Dataset indices of the events `query` shows, in display order.
    pub fn shown(&self, query: &TimelineQuery, slugs: &[&str], newest_first: bool) -> Vec<usize> {
        self.shown_of(&self.matching(&query.search), query, slugs, newest_first)
    }

    /// [`Self::shown`] from an already computed [`Self::matching`].
    pub fn shown_of(
        &self,
        matching: &[bool],
        query: &TimelineQuery,
        slugs: &[&str],
        newest_first: bool,
    ) -> Vec<usize> {
        let visible = self.visibility_of(matching, query, slugs);
        let mut shown: Vec<usize> = self.order.iter().copied().filter(|&i| visible[i]).collect();
        if newest_first {
            shown.reverse();
        }
        shown
    }

    /// Per focus area (dataset order): how many events toggling it on would
    /// add under the current search, i.e. its events that match the search.
    pub fn counts_by_area(&self, search: &str) -> Vec<usize> {
        self.counts_of(&self.matching(search))
    }

    /// [`Self::counts_by_area`] from an already computed [`Self::matching`].
    pub fn counts_of(&self, matching: &[bool]) -> Vec<usize> {
        let mut counts = vec![0; self.area_count];
        for (&matches, &area) in matching.iter().zip(&self.area_of) {
            if matches && area < self.area_count {
                counts[area] += 1;
            }
        }
        counts
    }
}

/// How many events the list renders at first, and adds per "Show more": a
/// long timeline stays quick to filter because the page never holds
/// thousands of rows.
pub const PAGE_SIZE: usize = 50;

/// How many rows to render so that the event at `position` (in display
/// order) is among them: whole pages, at least one.
pub fn rows_to_include(position: Option<usize>) -> usize {
    position.map_or(PAGE_SIZE, |p| (p / PAGE_SIZE + 1) * PAGE_SIZE)
}

/// A run of text, marked when it matches the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub marked: bool,
}

/// Splits `text` into runs, marking each case-insensitive occurrence of
/// `search` (trimmed).
pub fn highlight(text: &str, search: &str) -> Vec<Segment> {
    let needle = normalize_needle(search);
    let plain = || {
        vec![Segment {
            text: text.to_string(),
            marked: false,
        }]
    };
    if needle.is_empty() {
        return plain();
    }
    // Folding can change a character's length (’ becomes '): `starts[i]` is
    // where, in `text`, the character behind byte `i` of `folded` starts.
    let mut folded = String::with_capacity(text.len());
    let mut starts = Vec::with_capacity(text.len() + 1);
    for (at, c) in text.char_indices() {
        folded.push(fold_for_search(c));
        starts.resize(folded.len(), at);
    }
    starts.push(text.len());
    let mut segments = Vec::new();
    let mut cursor = 0;
    for (found, matched) in folded.match_indices(&needle) {
        let (start, end) = (starts[found], starts[found + matched.len()]);
        if start > cursor {
            segments.push(Segment {
                text: text[cursor..start].to_string(),
                marked: false,
            });
        }
        segments.push(Segment {
            text: text[start..end].to_string(),
            marked: true,
        });
        cursor = end;
    }
    if segments.is_empty() {
        return plain();
    }
    if cursor < text.len() {
        segments.push(Segment {
            text: text[cursor..].to_string(),
            marked: false,
        });
    }
    segments
}

/// The text shown for an event's date: as written, or a plain note.
pub fn date_label(event: &Event) -> &str {
    event.date.as_deref().unwrap_or("Date not given")
}

const UNRESERVED: &[u8] = b"-_.~";

/// Encodes a query value: unreserved bytes stay, space becomes `+`.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || UNRESERVED.contains(&b) => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes a query value: `+` is a space, `%XX` a byte; a malformed escape
/// is kept literally and invalid UTF-8 is replaced, never an error.
pub fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                    .and_then(|h| std::str::from_utf8(h).ok());
                if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

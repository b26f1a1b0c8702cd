//! The timeline's state and its actions, provided by context: the query
//! (focus areas and search, mirrored in the URL), the order, how many rows
//! are rendered, and the paragraph a reader jumped to. Which events show,
//! and their counts, are decided in `crate::timeline`; the components bind
//! the reader's events to these methods.

use std::sync::Arc;

use leptos::prelude::*;

use crate::browser;
use crate::dataset::Briefing;
use crate::text::normalize_needle;
use crate::timeline::{rows_to_include, TimelineIndex, TimelineQuery, TimelineStart, PAGE_SIZE};
use crate::views::cross_link::{self, CrossLink};
use crate::views::ids;

#[derive(Clone, Copy)]
pub struct TimelineState {
    pub briefing: StoredValue<Arc<Briefing>>,
    pub query: RwSignal<TimelineQuery>,
    /// How many of the matching events are rendered; a new query starts a page.
    pub rows: RwSignal<usize>,
    pub newest_first: RwSignal<bool>,
    /// The search as folded by `normalize_needle`; marks its matches.
    pub needle: Memo<String>,
    /// The matching events, in display order.
    pub shown: Memo<Vec<usize>>,
    pub shown_count: Memo<usize>,
    /// Per focus area, how many events match the search.
    pub area_counts: Memo<Vec<usize>>,
    /// The rendered rows. Keyed by event: a change adds and removes only
    /// the rows that come and go; the rows kept update their marks.
    pub page: Memo<Vec<usize>>,
    /// The paragraph a reader jumped to from an event, marked in the article.
    pub cross_link: RwSignal<Option<CrossLink>>,
    pub total: usize,
}

impl TimelineState {
    /// The state for `briefing`, from `start`; it follows Back and Forward
    /// for as long as the current reactive owner lives.
    pub fn new(briefing: Arc<Briefing>, start: TimelineStart) -> Self {
        let index = Arc::new(TimelineIndex::new(&briefing));
        let total = index.len();
        let query = RwSignal::new(start.query);
        let newest_first = RwSignal::new(start.newest_first);
        let needle = Memo::new(move |_| query.with(|q| normalize_needle(&q.search)));
        // The text search runs once per change of the search; focus changes
        // and the counts reuse its result.
        let matching = {
            let index = index.clone();
            Memo::new(move |_| index.matching(&needle.get()))
        };
        let shown = {
            let (index, briefing) = (index.clone(), briefing.clone());
            Memo::new(move |_| {
                let known = known_slugs(&briefing);
                matching.with(|m| query.with(|q| index.shown_of(m, q, &known, newest_first.get())))
            })
        };
        let area_counts = {
            let index = index.clone();
            Memo::new(move |_| matching.with(|m| index.counts_of(m)))
        };
        let rows = RwSignal::new(if start.every_event {
            total.max(PAGE_SIZE)
        } else {
            PAGE_SIZE
        });
        let page = Memo::new(move |_| {
            shown.with(|s| s.iter().take(rows.get()).copied().collect::<Vec<_>>())
        });
        let cross_link = RwSignal::new(None::<CrossLink>);
        cross_link::follow(cross_link);

        let state = Self {
            briefing: StoredValue::new(briefing),
            query,
            rows,
            newest_first,
            needle,
            shown,
            shown_count: Memo::new(move |_| shown.with(Vec::len)),
            area_counts,
            page,
            cross_link,
            total,
        };
        state.include_linked_event(start.linked_event.as_deref());
        state.follow_history();
        state
    }

    /// The reader's changes go to the URL here: a focus change is a new
    /// history entry, typing replaces the current one.
    fn apply(&self, next: TimelineQuery, push: bool) {
        browser::set_location_search(&next.to_url_search(), push);
        self.query.set(next);
        self.rows.set(PAGE_SIZE);
    }

    /// `f` of the dataset's focus-area slugs.
    fn with_known<T>(&self, f: impl FnOnce(&[&str]) -> T) -> T {
        self.briefing.with_value(|b| f(&known_slugs(b)))
    }

    pub fn toggle_focus(&self, slug: &str) {
        let next = self.with_known(|known| self.query.with_untracked(|q| q.toggled(slug, known)));
        self.apply(next, true);
    }

    pub fn clear_focus(&self) {
        if !self.query.with_untracked(|q| q.focus.is_empty()) {
            self.apply(
                self.query.with_untracked(TimelineQuery::without_focus),
                true,
            );
        }
    }

    pub fn clear_all(&self) {
        self.apply(TimelineQuery::default(), true);
        browser::focus_element(ids::TIMELINE_SEARCH);
    }

    pub fn search(&self, text: &str) {
        self.apply(self.query.with_untracked(|q| q.with_search(text)), false);
    }

    /// Escape in the search box: whether there was a search to clear.
    pub fn clear_search(&self) -> bool {
        if self.query.with_untracked(|q| q.search.is_empty()) {
            return false;
        }
        self.search("");
        true
    }

    pub fn toggle_order(&self) {
        self.newest_first.set(!self.newest_first.get_untracked());
    }

    pub fn show_more(&self) {
        let first_new = self.rows.get_untracked();
        self.rows.set(first_new + PAGE_SIZE);
        // Keep the reader's place: focus the first event just added.
        let first = self.shown.with_untracked(|s| s.get(first_new).copied());
        let id = first.and_then(|i| {
            self.briefing
                .with_value(|b| b.events.get(i).map(|e| e.id.clone()))
        });
        if let Some(id) = id {
            browser::focus_after_render(ids::event(&id));
        }
    }

    /// "Read in article" on the event at `event_index`.
    pub fn read_in_article(&self, event_index: usize) {
        let link = self.briefing.with_value(|b| {
            b.events.get(event_index).map(|event| CrossLink {
                paragraph: event.paragraph.clone(),
                event_id: event.id.clone(),
                event_title: event.title.clone(),
            })
        });
        let Some(link) = link else { return };
        let paragraph_id = ids::paragraph(&link.paragraph);
        self.cross_link.set(Some(link));
        browser::set_location_hash(&paragraph_id);
        browser::focus_element(&paragraph_id);
    }

    /// A link to an event (`#event-<id>`) renders enough pages to include
    /// it; returns whether that took more rows.
    fn include_linked_event(&self, linked: Option<&str>) -> bool {
        let linked_event = linked.and_then(|id| {
            self.briefing
                .with_value(|b| b.events.iter().position(|e| e.id == id))
        });
        let position = linked_event.and_then(|event| {
            self.shown
                .with_untracked(|s| s.iter().position(|&i| i == event))
        });
        let Some(position) = position else {
            return false;
        };
        let needed = rows_to_include(Some(position));
        let more = needed > self.rows.get_untracked();
        if more {
            self.rows.set(needed);
        }
        more
    }

    /// Back and Forward restore the filter the URL held, from its first
    /// page. A fragment change (reading in the article and back) fires this
    /// too, and keeps the rows: the event the reader came from stays
    /// rendered.
    fn follow_history(self) {
        Effect::new(move |_| {
            let listener = browser::on_popstate(move || {
                let search = browser::location_search();
                let next = self.with_known(|known| TimelineQuery::from_url_search(&search, known));
                if self.query.with_untracked(|q| *q != next) {
                    self.query.set(next);
                    self.rows.set(PAGE_SIZE);
                }
                let hash = browser::location_hash();
                if self.include_linked_event(hash.strip_prefix(ids::EVENT_FRAGMENT)) {
                    browser::focus_after_render(hash.trim_start_matches('#').to_string());
                }
            });
            on_cleanup(move || listener.remove());
        });
    }

    pub fn area_count(&self, area: usize) -> usize {
        self.area_counts.with(|c| c.get(area).copied().unwrap_or(0))
    }
}

/// The dataset's focus-area slugs, in its order.
pub fn known_slugs(briefing: &Briefing) -> Vec<&str> {
    briefing
        .focus_areas
        .iter()
        .map(|a| a.slug.as_str())
        .collect()
}

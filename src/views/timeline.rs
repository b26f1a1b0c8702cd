//! The timeline: focus toggles, search, status, and the events. Which events
//! show, counts, highlighting and URL state are decided in `crate::timeline`.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use crate::browser;
use crate::dataset::{Briefing, Paragraph};
use crate::text::normalize_needle;
use crate::timeline::{
    date_label, highlight, rows_to_include, Segment, TimelineIndex, TimelineQuery, TimelineStart,
    PAGE_SIZE,
};
use crate::views::cross_link::{self, CrossLink};
use crate::views::ids;
use crate::views::paragraph::ArticleParagraph;

#[component]
pub fn TimelineSection(
    briefing: Arc<Briefing>,
    heading: String,
    /// Paragraphs under the heading, before the timeline itself.
    intro: Vec<Paragraph>,
    /// The URL's query and linked event, read before rendering.
    start: TimelineStart,
) -> impl IntoView {
    let slugs: Arc<Vec<String>> = Arc::new(
        briefing
            .focus_areas
            .iter()
            .map(|a| a.slug.clone())
            .collect(),
    );
    let index = Arc::new(TimelineIndex::new(&briefing));
    let total = index.len();

    let from_url = {
        let slugs = slugs.clone();
        move || {
            let known: Vec<&str> = slugs.iter().map(String::as_str).collect();
            TimelineQuery::from_url_search(&browser::location_search(), &known)
        }
    };
    // The paragraph a reader jumped to from an event, marked in the article.
    let cross_link = RwSignal::new(None::<CrossLink>);
    cross_link::follow(cross_link);
    let query = RwSignal::new(start.query);
    // How many of the matching events are rendered; a new query starts a page.
    let rows = RwSignal::new(PAGE_SIZE);

    // The reader's changes go to the URL here, in the handlers: a focus change
    // is a new history entry, typing replaces the current one.
    let apply = move |next: TimelineQuery, push: bool| {
        browser::set_location_search(&next.to_url_search(), push);
        query.set(next);
        rows.set(PAGE_SIZE);
    };

    let newest_first = RwSignal::new(false);
    let needle = Memo::new(move |_| query.with(|q| normalize_needle(&q.search)));
    // The text search runs once per change of the search; focus changes and
    // the counts reuse its result.
    let matching = {
        let index = index.clone();
        Memo::new(move |_| index.matching(&needle.get()))
    };
    let shown = {
        let (index, slugs) = (index.clone(), slugs.clone());
        Memo::new(move |_| {
            let known: Vec<&str> = slugs.iter().map(String::as_str).collect();
            matching.with(|m| query.with(|q| index.shown_of(m, q, &known, newest_first.get())))
        })
    };
    let shown_count = Memo::new(move |_| shown.with(Vec::len));
    let area_counts = {
        let index = index.clone();
        Memo::new(move |_| matching.with(|m| index.counts_of(m)))
    };

    // A link to an event (`#event-<id>`) renders enough pages to include it;
    // returns whether that took more rows.
    let include_linked_event = {
        let briefing = briefing.clone();
        move |linked: Option<&str>| {
            let linked_event =
                linked.and_then(|id| briefing.events.iter().position(|e| e.id == id));
            let position = linked_event
                .and_then(|event| shown.with_untracked(|s| s.iter().position(|&i| i == event)))?;
            let needed = rows_to_include(Some(position));
            (needed > rows.get_untracked()).then(|| rows.set(needed))
        }
    };
    include_linked_event(start.linked_event.as_deref());
    // Back and Forward restore the filter the URL held, from its first page.
    // A fragment change (reading in the article and back) fires this too,
    // and keeps the rows: the event the reader came from stays rendered.
    Effect::new(move |_| {
        let from_url = from_url.clone();
        let include_linked_event = include_linked_event.clone();
        let listener = browser::on_popstate(move || {
            let next = from_url();
            if query.with_untracked(|q| *q != next) {
                query.set(next);
                rows.set(PAGE_SIZE);
            }
            let hash = browser::location_hash();
            if include_linked_event(hash.strip_prefix(ids::EVENT_FRAGMENT)).is_some() {
                browser::focus_after_render(hash.trim_start_matches('#').to_string());
            }
        });
        on_cleanup(move || listener.remove());
    });
    // Keyed by event: a change adds and removes only the rows that come and
    // go; the rows kept update their marks.
    let page =
        Memo::new(move |_| shown.with(|s| s.iter().take(rows.get()).copied().collect::<Vec<_>>()));

    let toggles = briefing
        .focus_areas
        .iter()
        .enumerate()
        .map(|(i, area)| {
            let slug = area.slug.clone();
            let slugs = slugs.clone();
            let pressed = {
                let slug = slug.clone();
                Memo::new(move |_| query.with(|q| q.is_focused(&slug)))
            };
            let toggle = move |_| {
                let known: Vec<&str> = slugs.iter().map(String::as_str).collect();
                apply(query.with_untracked(|q| q.toggled(&slug, &known)), true);
            };
            view! {
                <li>
                    <button
                        type="button"
                        class=format!("focus-toggle area-{}", i % 6)
                        aria-pressed=move || pressed.get().to_string()
                        title=area.description.clone()
                        on:click=toggle
                    >
                        {area.label.clone()}
                        " "
                        <span class="count">{move || area_counts.with(|c| c.get(i).copied().unwrap_or(0))}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    let clear_focus = move |_| {
        if !query.with_untracked(|q| q.focus.is_empty()) {
            apply(query.with_untracked(TimelineQuery::without_focus), true);
        }
    };
    let clear_all = move |_| {
        apply(TimelineQuery::default(), true);
        browser::focus_element(ids::TIMELINE_SEARCH);
    };
    let on_search = move |ev: ev::Event| {
        let value = event_target_value(&ev);
        apply(query.with_untracked(|q| q.with_search(&value)), false);
    };
    let on_search_key = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Escape" && !query.with_untracked(|q| q.search.is_empty()) {
            ev.prevent_default();
            apply(query.with_untracked(|q| q.with_search("")), false);
        }
    };

    let events = briefing.clone();
    let events_for_focus = briefing.clone();
    let row = move |event_index: usize| {
        view! { <EventItem briefing=events.clone() event_index needle cross_link/> }
    };
    let show_more = move |_| {
        let first_new = rows.get_untracked();
        rows.set(first_new + PAGE_SIZE);
        // Keep the reader's place: focus the first event just added.
        let first = shown.with_untracked(|s| s.get(first_new).copied());
        if let Some(event) = first.and_then(|i| events_for_focus.events.get(i)) {
            browser::focus_after_render(ids::event(&event.id));
        }
    };

    view! {
        <section id=ids::TIMELINE_SECTION class="timeline" aria-labelledby=ids::TIMELINE_HEADING>
            <h2 id=ids::TIMELINE_HEADING>{heading}</h2>
            {intro.into_iter().map(|p| view! { <ArticleParagraph paragraph=p/> }).collect_view()}
            <div class="timeline-controls needs-js">
                <fieldset class="focus-filter">
                    <legend>"Filter by focus area"</legend>
                    <ul class="focus-toggles">
                        <li>
                            <button
                                type="button"
                                class="focus-toggle focus-all"
                                aria-pressed=move || query.with(|q| q.focus.is_empty()).to_string()
                                on:click=clear_focus
                            >
                                "All focus areas"
                            </button>
                        </li>
                        {toggles}
                    </ul>
                </fieldset>
                <div class="timeline-tools">
                    <div class="search">
                        <label for=ids::TIMELINE_SEARCH>"Search timeline"</label>
                        <input
                            id=ids::TIMELINE_SEARCH
                            type="search"
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || query.with(|q| q.search.clone())
                            on:input=on_search
                            on:keydown=on_search_key
                        />
                    </div>
                    <button
                        type="button"
                        class="button button-quiet"
                        aria-pressed=move || newest_first.get().to_string()
                        on:click=move |_| newest_first.set(!newest_first.get_untracked())
                    >
                        "Newest first"
                    </button>
                </div>
            </div>
            <p class="timeline-status" role="status">
                {move || format!("{} of {} events", shown_count.get(), total)}
            </p>
            <div class="timeline-empty" class:is-empty=move || { shown_count.get() > 0 }>
                {move || {
                    (shown_count.get() == 0)
                        .then(|| {
                            view! {
                                <p>"No events match."</p>
                                <button type="button" class="button" on:click=clear_all>
                                    "Clear filters and search"
                                </button>
                            }
                        })
                }}
            </div>
            <ol class="timeline-events" aria-label="Timeline events">
                <For each=move || page.get() key=|event| *event children=row/>
            </ol>
            {move || {
                let (rendered, matching) = (rows.get().min(shown_count.get()), shown_count.get());
                (rendered < matching)
                    .then(|| {
                        view! {
                            <p class="timeline-more">
                                <span>{format!("Showing {rendered} of {matching} events. ")}</span>
                                <button type="button" class="button button-quiet" on:click=show_more.clone()>
                                    {format!("Show {} more", PAGE_SIZE.min(matching - rendered))}
                                </button>
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn EventItem(
    briefing: Arc<Briefing>,
    event_index: usize,
    /// The search as folded by `normalize_needle`; marks its matches.
    needle: Memo<String>,
    cross_link: RwSignal<Option<CrossLink>>,
) -> impl IntoView {
    let Some(event) = briefing.events.get(event_index) else {
        return ().into_any();
    };
    let area_index = briefing
        .focus_areas
        .iter()
        .position(|a| a.slug == event.focus_area);
    let area_label = area_index
        .and_then(|i| briefing.focus_areas.get(i))
        .map(|a| a.label.as_str())
        .unwrap_or_default();
    let area_class = format!("event-area area-{}", area_index.unwrap_or(0) % 6);
    let marked = move |text: String| move || render_segments(highlight(&text, &needle.get()));
    let dom_id = ids::event(&event.id);
    let link = CrossLink {
        paragraph: event.paragraph.clone(),
        event_id: event.id.clone(),
        event_title: event.title.clone(),
    };
    let paragraph_id = ids::paragraph(&event.paragraph);
    let read_in_article = {
        let paragraph_id = paragraph_id.clone();
        move |ev: ev::MouseEvent| {
            ev.prevent_default();
            cross_link.set(Some(link.clone()));
            browser::set_location_hash(&paragraph_id);
            browser::focus_element(&paragraph_id);
        }
    };

    view! {
        <li id=dom_id class="event" tabindex="-1">
            <p class="event-date">{date_label(event).to_string()}</p>
            <h3 class="event-title">{marked(event.title.clone())}</h3>
            <p class=area_class>{marked(area_label.to_string())}</p>
            <p class="event-significance">{marked(event.significance.clone())}</p>
            <a class="event-link" href=format!("#{paragraph_id}") on:click=read_in_article>
                "Read in article"
                <span class="visually-hidden">{format!(": {}", event.title)}</span>
            </a>
        </li>
    }
    .into_any()
}

fn render_segments(segments: Vec<Segment>) -> impl IntoView {
    segments
        .into_iter()
        .map(|segment| {
            if segment.marked {
                view! { <mark>{segment.text}</mark> }.into_any()
            } else {
                segment.text.into_any()
            }
        })
        .collect_view()
}

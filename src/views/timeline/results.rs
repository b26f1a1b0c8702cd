//! What the timeline shows: its status, the note when nothing matches, the
//! list "Timeline events" (a page of it) and the way to the next page.

use leptos::ev;
use leptos::prelude::*;

use crate::timeline::{date_label, highlight, Segment, PAGE_SIZE};
use crate::views::ids;
use crate::views::timeline::state::TimelineState;

#[component]
pub fn TimelineResults() -> impl IntoView {
    let state = expect_context::<TimelineState>();
    let (shown_count, rows, total) = (state.shown_count, state.rows, state.total);
    view! {
        <div id=ids::TIMELINE_RESULTS class="timeline-results">
            <p class="timeline-status" role="status">
                {move || format!("{} of {} events", shown_count.get(), total)}
            </p>
            <div class="timeline-empty" class:is-empty=move || { shown_count.get() > 0 }>
                {move || {
                    (shown_count.get() == 0)
                        .then(|| {
                            view! {
                                <p>"No events match."</p>
                                <button type="button" class="button" on:click=move |_| state.clear_all()>
                                    "Clear filters and search"
                                </button>
                            }
                        })
                }}
            </div>
            <ol class="timeline-events" aria-label="Timeline events">
                <For each=move || state.page.get() key=|event| *event children=|event_index| view! { <EventItem event_index/> }/>
            </ol>
            {move || {
                let (rendered, matching) = (rows.get().min(shown_count.get()), shown_count.get());
                (rendered < matching)
                    .then(|| {
                        view! {
                            <p class="timeline-more">
                                <span>{format!("Showing {rendered} of {matching} events. ")}</span>
                                <button type="button" class="button button-quiet" on:click=move |_| state.show_more()>
                                    {format!("Show {} more", PAGE_SIZE.min(matching - rendered))}
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn EventItem(event_index: usize) -> impl IntoView {
    let state = expect_context::<TimelineState>();
    let needle = state.needle;
    let briefing = state.briefing.get_value();
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
    let paragraph_id = ids::paragraph(&event.paragraph);
    let read_in_article = move |ev: ev::MouseEvent| {
        ev.prevent_default();
        state.read_in_article(event_index);
    };

    view! {
        <li id=ids::event(&event.id) class="event" tabindex="-1" data-focus=event.focus_area.clone()>
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

//! The timeline's controls: a toggle per focus area and "All", the search
//! box and the order. They need the app, so the built page hides them
//! until it runs (`needs-js`).

use leptos::ev;
use leptos::prelude::*;

use crate::views::ids;
use crate::views::timeline::state::TimelineState;

#[component]
pub fn TimelineControls() -> impl IntoView {
    let state = expect_context::<TimelineState>();
    let query = state.query;
    let toggles = state.briefing.with_value(|briefing| {
        briefing
            .focus_areas
            .iter()
            .enumerate()
            .map(|(i, area)| {
                let slug = area.slug.clone();
                let pressed = {
                    let slug = slug.clone();
                    Memo::new(move |_| query.with(|q| q.is_focused(&slug)))
                };
                view! {
                    <li>
                        <button
                            type="button"
                            class=format!("focus-toggle area-{}", i % 6)
                            data-focus=slug.clone()
                            aria-pressed=move || pressed.get().to_string()
                            title=area.description.clone()
                            on:click=move |_| state.toggle_focus(&slug)
                        >
                            {area.label.clone()}
                            " "
                            <span class="count">{move || state.area_count(i)}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    });
    let on_search = move |ev: ev::Event| state.search(&event_target_value(&ev));
    let on_search_key = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Escape" && state.clear_search() {
            ev.prevent_default();
        }
    };

    view! {
        <div id=ids::TIMELINE_CONTROLS class="timeline-controls needs-js">
            <fieldset class="focus-filter">
                <legend>"Filter by focus area"</legend>
                <ul class="focus-toggles">
                    <li>
                        <button
                            type="button"
                            class="focus-toggle focus-all"
                            aria-pressed=move || query.with(|q| q.focus.is_empty()).to_string()
                            on:click=move |_| state.clear_focus()
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
                    id=ids::TIMELINE_ORDER
                    type="button"
                    class="button button-quiet"
                    aria-pressed=move || state.newest_first.get().to_string()
                    on:click=move |_| state.toggle_order()
                >
                    "Newest first"
                </button>
            </div>
        </div>
    }
}

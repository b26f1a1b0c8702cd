//! The timeline: focus toggles, search, status, and the events. Which events
//! show, counts, highlighting and URL state are decided in `crate::timeline`;
//! the state and its actions are `TimelineState`, provided by context to
//! the controls and the results.

mod controls;
mod results;
pub mod state;

use std::sync::Arc;

use leptos::prelude::*;

use crate::dataset::{Briefing, Paragraph};
use crate::timeline::TimelineStart;
use crate::views::ids;
use crate::views::paragraph::ArticleParagraph;

pub use controls::TimelineControls;
pub use results::TimelineResults;
use state::TimelineState;

#[component]
pub fn TimelineSection(
    briefing: Arc<Briefing>,
    heading: String,
    /// Paragraphs under the heading, before the timeline itself.
    intro: Vec<Paragraph>,
    /// The URL's query and linked event, read before rendering.
    start: TimelineStart,
) -> impl IntoView {
    provide_context(TimelineState::new(briefing, start));
    view! {
        <section id=ids::TIMELINE_SECTION class="timeline" aria-labelledby=ids::TIMELINE_HEADING>
            <h2 id=ids::TIMELINE_HEADING>{heading}</h2>
            {intro.into_iter().map(|p| view! { <ArticleParagraph paragraph=p/> }).collect_view()}
            <TimelineControls/>
            <TimelineResults/>
        </section>
    }
}

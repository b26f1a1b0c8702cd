//! The page's main part: the article, its timeline and the comments, as
//! built into index.html and as the app renders it once started.

use std::sync::Arc;

use leptos::prelude::*;

use crate::dataset::Briefing;
use crate::timeline::TimelineStart;
use crate::views::article::ArticleView;
use crate::views::comments::state::CommentsStart;
use crate::views::ids;

#[component]
pub fn Page(
    briefing: Arc<Briefing>,
    /// A fingerprint of the dataset text this page shows.
    dataset: String,
    comments: CommentsStart,
    timeline: TimelineStart,
) -> impl IntoView {
    view! {
        <main id=ids::MAIN class="page" tabindex="-1" data-dataset=dataset>
            // Where the app says why the briefing could not be loaded.
            <div id=ids::LOAD_ALERT></div>
            <ArticleView briefing comments timeline/>
        </main>
    }
}

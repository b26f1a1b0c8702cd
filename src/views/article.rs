//! The article: headline, standfirst, lede and sections in reading order,
//! with the timeline in place of the seed's table and comments at the end.

use std::sync::Arc;

use leptos::prelude::*;

use crate::dataset::{Briefing, SectionKind};
use crate::timeline::TimelineStart;
use crate::views::comments::{state::CommentsStart, CommentsSection};
use crate::views::ids;
use crate::views::paragraph::ArticleParagraph;
use crate::views::timeline::TimelineSection;

#[component]
pub fn ArticleView(
    briefing: Arc<Briefing>,
    comments: CommentsStart,
    timeline: TimelineStart,
) -> impl IntoView {
    let article = &briefing.article;

    let lede = article
        .lede
        .iter()
        .map(|p| view! { <ArticleParagraph paragraph=p.clone()/> })
        .collect_view();

    let sections = article
        .sections
        .iter()
        .map(|section| match section.kind {
            SectionKind::Timeline => view! {
                <TimelineSection
                    briefing=briefing.clone()
                    heading=section.heading.clone()
                    intro=section.paragraphs.clone()
                    start=timeline.clone()
                />
            }
            .into_any(),
            SectionKind::Text => {
                let heading_id = ids::section_heading(&section.id);
                let paragraphs = section
                    .paragraphs
                    .iter()
                    .map(|p| view! { <ArticleParagraph paragraph=p.clone()/> })
                    .collect_view();
                view! {
                    <section class="article-section" aria-labelledby=heading_id.clone()>
                        <h2 id=heading_id.clone()>{section.heading.clone()}</h2>
                        {paragraphs}
                    </section>
                }
                .into_any()
            }
        })
        .collect_view();

    view! {
        <article class="article">
            <header class="article-header">
                <p class="kicker">"United Nations Security Council · Kosovo"</p>
                <h1>{article.headline.clone()}</h1>
                <p class="standfirst">{article.standfirst.clone()}</p>
                <p class="attribution">{article.attribution.clone()}</p>
            </header>
            <div class="article-body">
                {lede}
                {sections}
            </div>
        </article>
        <CommentsSection start=comments/>
    }
}

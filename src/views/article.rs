//! The article: headline, standfirst, lede and sections in reading order,
//! with the timeline in place of the seed's table and comments at the end.

use std::sync::Arc;

use leptos::prelude::*;

use crate::browser;
use crate::dataset::{Briefing, Paragraph, SectionKind};
use crate::views::comments::{state::CommentsStart, CommentsSection};
use crate::views::timeline::TimelineSection;

/// The paragraph a reader jumped to from a timeline event, and the way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossLink {
    pub paragraph: String,
    pub event_id: String,
    pub event_title: String,
}

pub fn paragraph_dom_id(paragraph: &str) -> String {
    format!("para-{paragraph}")
}

pub fn event_dom_id(event: &str) -> String {
    format!("event-{event}")
}

#[component]
pub fn ArticleView(briefing: Arc<Briefing>, comments: CommentsStart) -> impl IntoView {
    let cross_link = RwSignal::new(None::<CrossLink>);
    let article = &briefing.article;
    // Opening the page at `#<id>` (an event, a paragraph, a section) brings
    // that element into view and focus, once the article is in the page.
    Effect::new(move |_| {
        let hash = browser::location_hash();
        if let Some(target) = hash.strip_prefix('#').filter(|id| !id.is_empty()) {
            browser::focus_element(target);
        }
    });

    let lede = article
        .lede
        .iter()
        .map(|p| view! { <ArticleParagraph paragraph=p.clone() cross_link/> })
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
                    cross_link
                />
            }
            .into_any(),
            SectionKind::Text => {
                let heading_id = format!("section-{}", section.id);
                let paragraphs = section
                    .paragraphs
                    .iter()
                    .map(|p| view! { <ArticleParagraph paragraph=p.clone() cross_link/> })
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

#[component]
pub fn ArticleParagraph(
    paragraph: Paragraph,
    cross_link: RwSignal<Option<CrossLink>>,
) -> impl IntoView {
    let id = paragraph.id.clone();
    let is_target = {
        let id = id.clone();
        Memo::new(move |_| cross_link.with(|link| link.as_ref().is_some_and(|l| l.paragraph == id)))
    };
    let back_link = move || {
        if !is_target.get() {
            return None;
        }
        // Tracked: another event citing this paragraph changes the way back.
        let link = cross_link.get()?;
        let dom_id = event_dom_id(&link.event_id);
        let href = format!("#{dom_id}");
        let go_back = move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            cross_link.set(None);
            browser::set_location_hash(&dom_id);
            browser::focus_element(&dom_id);
        };
        Some(view! {
            <a class="back-link" href=href on:click=go_back>
                "Back to the timeline: " {link.event_title}
            </a>
        })
    };
    view! {
        <p id=paragraph_dom_id(&id) tabindex="-1" class="paragraph" class:highlighted=is_target>
            {paragraph.text}
            {back_link}
        </p>
    }
}

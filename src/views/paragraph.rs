//! An article paragraph, and the way back to the timeline event a reader
//! jumped from. Shared by the article and the timeline's introduction.

use leptos::prelude::*;

use crate::browser;
use crate::dataset::Paragraph;
use crate::views::ids;

/// The paragraph a reader jumped to from a timeline event, and the way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossLink {
    pub paragraph: String,
    pub event_id: String,
    pub event_title: String,
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
        let event_id = ids::event(&link.event_id);
        let href = format!("#{event_id}");
        let go_back = move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            cross_link.set(None);
            browser::set_location_hash(&event_id);
            browser::focus_element(&event_id);
        };
        Some(view! {
            <a class="back-link" href=href on:click=go_back>
                "Back to the timeline: " {link.event_title}
            </a>
        })
    };
    view! {
        <p id=ids::paragraph(&id) tabindex="-1" class="paragraph" class:highlighted=is_target>
            {paragraph.text}
            {back_link}
        </p>
    }
}

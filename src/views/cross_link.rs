//! The paragraph a reader jumped to from a timeline event: highlighted,
//! with a link back to the event. The paragraphs are static (the built
//! page's, kept), so this marks them from outside, by their DOM id, in an
//! effect: the same on a built page taken over and on a fresh render.

use leptos::prelude::*;

use crate::browser::{self, Mounted};
use crate::views::ids;

/// The class that highlights the paragraph jumped to.
const HIGHLIGHTED: &str = "highlighted";

/// The paragraph a reader jumped to from a timeline event, and the way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossLink {
    pub paragraph: String,
    pub event_id: String,
    pub event_title: String,
}

/// Keeps the paragraph named by `cross_link` highlighted, with its way
/// back, for the life of the calling component.
pub fn follow(cross_link: RwSignal<Option<CrossLink>>) {
    Effect::new(move |marked: Option<Option<MarkedParagraph>>| {
        // Unmarked first: the next link may name the same paragraph.
        drop(marked);
        cross_link
            .get()
            .map(|link| MarkedParagraph::mark(link, cross_link))
    });
}

/// A paragraph marked as jumped to; dropping it takes the marks away.
struct MarkedParagraph {
    id: String,
    /// The back link, unmounted on drop.
    _back_link: Option<Mounted>,
}

impl MarkedParagraph {
    fn mark(link: CrossLink, cross_link: RwSignal<Option<CrossLink>>) -> Self {
        let id = ids::paragraph(&link.paragraph);
        browser::set_class(&id, HIGHLIGHTED, true);
        let back_link = browser::append_to_element(&id, move || {
            view! { <BackLink link cross_link/> }
        });
        Self {
            id,
            _back_link: back_link,
        }
    }
}

impl Drop for MarkedParagraph {
    fn drop(&mut self) {
        browser::set_class(&self.id, HIGHLIGHTED, false);
    }
}

#[component]
fn BackLink(link: CrossLink, cross_link: RwSignal<Option<CrossLink>>) -> impl IntoView {
    let event_id = ids::event(&link.event_id);
    let href = format!("#{event_id}");
    let go_back = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        cross_link.set(None);
        browser::set_location_hash(&event_id);
        browser::focus_element(&event_id);
    };
    view! {
        <a class="back-link" href=href on:click=go_back>
            "Back to the timeline: " {link.event_title}
        </a>
    }
}

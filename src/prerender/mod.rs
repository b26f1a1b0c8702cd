//! The page as the build writes it into index.html: the app's own
//! components, rendered natively (Leptos `ssr`) from the shipped dataset,
//! with no query, no stored comments and no browser at all. The app takes
//! this page over when it starts (`crate::app`).
//!
//! Native only: `src/bin/render-page.rs` runs it for the post-build hook
//! and for the editors' publish command.

mod meta;

use std::sync::Arc;

use leptos::prelude::*;

use crate::dataset::{Briefing, DatasetError};
use crate::text::fingerprint;
use crate::timeline::TimelineStart;
use crate::views::chrome::Chrome;
use crate::views::comments::state::CommentsStart;
use crate::views::page::Page;

pub use meta::Site;

/// What the build puts into index.html.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerendered {
    /// The title, description, link preview and structured data, for `<head>`.
    pub head: String,
    /// The skip link, the notices and the page, for `<body>`.
    pub body: String,
    /// The fingerprint of the dataset text the page was built from.
    pub dataset: String,
}

/// Renders the page for the dataset `text`, or says what is wrong with it.
pub fn prerender(text: &str, site: &Site) -> Result<Prerendered, DatasetError> {
    let briefing = Briefing::from_json(text)?;
    let dataset = fingerprint(text);
    let head = meta::head(&briefing, site);
    let body = body(briefing, dataset.clone());
    Ok(Prerendered {
        head,
        body,
        dataset,
    })
}

fn body(briefing: Briefing, dataset: String) -> String {
    let comments =
        CommentsStart::first_html(&briefing.article.id).with_headline(&briefing.article.headline);
    let briefing = Arc::new(briefing);
    let owner = Owner::new();
    let html = owner.with(move || {
        view! {
            <Chrome online=true/>
            <Page briefing dataset comments timeline=TimelineStart { every_event: true, ..TimelineStart::default() }/>
        }
        .to_html()
    });
    owner.cleanup();
    without_placeholders(&html)
}

/// Leptos marks the place of an empty view (`None`, an empty list) with
/// `<!>`, for hydration. The app renders over the built page rather than
/// hydrating it, and `<!>` is not valid HTML (a bogus comment). Text and
/// attribute values are escaped (`&lt;`), so every `<!>` is a marker.
fn without_placeholders(html: &str) -> String {
    html.replace("<!>", "")
}

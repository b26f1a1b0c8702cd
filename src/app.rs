//! The app's start in the browser: it takes over the page the build wrote
//! into index.html. The skip link and the notices come alive at once; the
//! dataset is fetched, and the page is rendered from it and put in place of
//! the built one in one step, keeping what the reader typed, the focus and
//! the scroll position. If the dataset cannot be had, the built page stays
//! and an alert says why.

use std::fmt;
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::{self, Mounted};
use crate::dataset::{Briefing, DatasetError};
use crate::text::fingerprint;
use crate::timeline::{TimelineQuery, TimelineStart};
use crate::views::chrome::Chrome;
use crate::views::comments::state::CommentsStart;
use crate::views::ids::{self, FormIds};
use crate::views::page::Page;

/// Where the dataset lives, relative to the app's base URL.
const DATASET_PATH: &str = "data/briefing.json";
/// How long the dataset may take before the reader is offered Retry: a
/// request that never answers must not leave the page waiting for ever.
const LOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Why the briefing could not be loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The request did not complete (offline, refused, blocked).
    Network,
    Http(u16),
    Dataset(DatasetError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network => write!(
                f,
                "The briefing could not be loaded: the network did not answer. Check your connection and try again."
            ),
            Self::Http(status) => write!(
                f,
                "The briefing could not be loaded: the server answered with HTTP status {status}. Try again in a moment."
            ),
            Self::Dataset(error) => write!(f, "The briefing data is invalid: {error}."),
        }
    }
}

impl LoadError {
    /// Only transport failures are worth retrying; bad data stays bad.
    fn can_retry(&self) -> bool {
        !matches!(self, Self::Dataset(_))
    }
}

/// The dataset and the fingerprint of its text.
async fn fetch_briefing() -> Result<(Briefing, String), LoadError> {
    let controller = web_sys::AbortController::new().ok();
    if let Some(controller) = controller.clone() {
        // Aborting a finished request does nothing.
        set_timeout(move || controller.abort(), LOAD_TIMEOUT);
    }
    let signal = controller.map(|c| c.signal());
    let response = gloo_net::http::Request::get(&browser::resolve(DATASET_PATH))
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|_| LoadError::Network)?;
    if !response.ok() {
        return Err(LoadError::Http(response.status()));
    }
    let text = response.text().await.map_err(|_| LoadError::Network)?;
    let briefing = Briefing::from_json(&text).map_err(LoadError::Dataset)?;
    Ok((briefing, fingerprint(&text)))
}

thread_local! {
    /// The alert of a failed load, while it is shown.
    static FAILURE: std::cell::RefCell<Option<Mounted>> = const { std::cell::RefCell::new(None) };
}

/// Starts the app on the built page.
pub fn start() {
    let online = browser::is_online();
    browser::replace_element(ids::CHROME, move || view! { <Chrome online/> }).keep();
    load();
}

fn load() {
    leptos::task::spawn_local(async {
        let outcome = fetch_briefing().await;
        // A Retry's alert goes, whatever comes next.
        FAILURE.with(|failure| failure.borrow_mut().take());
        match outcome {
            Ok((briefing, dataset)) => take_over(briefing, dataset),
            Err(error) => show_failure(error),
        }
    });
}

/// Renders the page from `briefing` and puts it in place of the built one.
fn take_over(briefing: Briefing, dataset: String) {
    let article = &briefing.article;
    if browser::attribute(ids::MAIN, "data-dataset").as_deref() != Some(dataset.as_str()) {
        // An editor replaced the dataset after the build: the page tells.
        browser::set_title_and_description(&article.headline, &article.description);
    }
    let form = FormIds::of(None);
    let typed_comment = browser::typed_value(&form.text).filter(|t| !t.is_empty());
    let typed_name = browser::typed_value(&form.name).filter(|t| !t.is_empty());
    let typed_search = browser::typed_value(ids::TIMELINE_SEARCH).filter(|t| !t.is_empty());

    let mut comments = CommentsStart::load(&article.id);
    if let Some(text) = typed_comment {
        comments.keep_typed_draft(text);
    }
    if let Some(name) = typed_name {
        comments.name = name;
    }
    let known: Vec<&str> = briefing
        .focus_areas
        .iter()
        .map(|a| a.slug.as_str())
        .collect();
    let mut query = TimelineQuery::from_url_search(&browser::location_search(), &known);
    if let Some(search) = typed_search {
        query.search = search;
        browser::set_location_search(&query.to_url_search(), false);
    }
    let hash = browser::location_hash();
    let timeline = TimelineStart {
        query,
        linked_event: hash.strip_prefix(ids::EVENT_FRAGMENT).map(str::to_string),
    };

    let focus = browser::FocusMemo::take();
    let briefing = Arc::new(briefing);
    browser::replace_element(ids::MAIN, move || {
        view! { <Page briefing dataset comments timeline/> }
    })
    .keep();
    focus.restore_scroll();
    // After the new page's effects have set its fields (a box's value, then
    // its caret). A timer, not the next frame: a tab in the background
    // paints no frames, and its page must still count as started.
    set_timeout(
        move || {
            focus.restore_focus();
            // Opening the page at `#<id>` (an event, a paragraph, a section)
            // puts the keyboard there, unless the reader is somewhere already.
            if let Some(target) = hash.strip_prefix('#').filter(|id| !id.is_empty()) {
                if !focus.had_focus() {
                    browser::focus_in_view(target);
                }
            }
            browser::mark_start("ready");
        },
        std::time::Duration::ZERO,
    );
}

fn show_failure(error: LoadError) {
    let retry = error.can_retry().then(|| {
        view! {
            <button type="button" class="button" on:click=move |_| retry()>
                "Retry"
            </button>
        }
    });
    let alert = browser::fill_element(ids::LOAD_ALERT, move || {
        view! {
            <div class="load-error" role="alert">
                <p>{error.to_string()}</p>
                {retry}
            </div>
        }
    });
    FAILURE.with(|failure| *failure.borrow_mut() = Some(alert));
    browser::mark_start("failed");
}

/// The Retry button goes with its alert: the keyboard waits on <main>.
fn retry() {
    FAILURE.with(|failure| failure.borrow_mut().take());
    load();
    browser::focus_after_render(ids::MAIN.to_string());
}

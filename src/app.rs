//! The page: loads the dataset, then renders the article, the timeline and
//! the comments; or says clearly why it cannot.

use std::fmt;
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser;
use crate::dataset::{Briefing, DatasetError};
use crate::views::{article::ArticleView, status::AppStatus};

/// Where the dataset lives, relative to the app's base URL.
const DATASET_PATH: &str = "data/briefing.json";
/// How long the dataset may take before the reader is offered Retry: a
/// request that never answers must not leave the page loading for ever.
const LOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Why the briefing is not on screen.
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

#[derive(Debug, Clone)]
enum LoadState {
    Loading,
    Failed(LoadError),
    Ready(Arc<Briefing>),
}

async fn fetch_briefing() -> Result<Briefing, LoadError> {
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
    Briefing::from_json(&text).map_err(LoadError::Dataset)
}

#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new(LoadState::Loading);
    let load = move || {
        state.set(LoadState::Loading);
        leptos::task::spawn_local(async move {
            let next = match fetch_briefing().await {
                Ok(briefing) => {
                    let article = &briefing.article;
                    browser::set_title_and_description(&article.headline, &article.description);
                    LoadState::Ready(Arc::new(briefing))
                }
                Err(error) => LoadState::Failed(error),
            };
            state.set(next);
        });
    };
    load();
    // The Retry button goes with its alert: the keyboard waits on <main>.
    let retry_load = move || {
        load();
        browser::focus_after_render("main".to_string());
    };

    let body = move || match state.get() {
        LoadState::Loading => view! { <ArticlePlaceholder/> }.into_any(),
        LoadState::Failed(error) => {
            let retry = error.can_retry().then(|| {
                view! {
                    <button type="button" class="button" on:click=move |_| retry_load()>
                        "Retry"
                    </button>
                }
            });
            view! {
                <div class="load-error" role="alert">
                    <p>{error.to_string()}</p>
                    {retry}
                </div>
            }
            .into_any()
        }
        LoadState::Ready(briefing) => {
            let comments = crate::views::comments::state::CommentsStart::load(&briefing.article.id);
            view! { <ArticleView briefing comments/> }.into_any()
        }
    };

    // The page's <base href> would resolve "#main" to the base URL, a new
    // page load that drops the query: the skip link moves focus itself.
    let skip_to_main = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        browser::focus_element("main");
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>
            "Skip to the article"
        </a>
        <AppStatus/>
        <main id="main" class="page" tabindex="-1">
            {body}
        </main>
    }
}

/// Grey blocks in the article's shape, so nothing jumps when it arrives.
#[component]
fn ArticlePlaceholder() -> impl IntoView {
    view! {
        <div class="placeholder" aria-busy="true">
            <p class="visually-hidden" role="status">"Loading the briefing…"</p>
            <div class="ph ph-kicker"></div>
            <div class="ph ph-headline"></div>
            <div class="ph ph-headline ph-short"></div>
            <div class="ph ph-standfirst"></div>
            <div class="ph ph-line"></div>
            <div class="ph ph-line"></div>
            <div class="ph ph-line ph-short"></div>
        </div>
    }
}

//! The app's start in the browser, on the page the build wrote into
//! index.html. The skip link and the notices come alive at once; the
//! dataset is fetched, and the page is taken over from it
//! (`crate::takeover`). If the dataset cannot be had, the built page stays
//! readable and an alert says why.

use std::fmt;

use leptos::prelude::*;

use crate::browser::{self, Mounted};
use crate::dataset::{Briefing, DatasetError};
use crate::takeover;
use crate::text::fingerprint;
use crate::views::chrome::Chrome;
use crate::views::ids;

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
    let signal = browser::abort_signal_after(LOAD_TIMEOUT);
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
            // In a task of its own: reading the dataset was work enough.
            Ok((briefing, dataset)) => set_timeout(
                move || takeover::take_over(briefing, dataset),
                std::time::Duration::ZERO,
            ),
            Err(error) => show_failure(error),
        }
    });
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

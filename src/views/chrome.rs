//! What frames every page: the skip link and the page-wide notices. It
//! works whether or not the briefing loads.

use leptos::prelude::*;

use crate::browser;
use crate::views::ids;
use crate::views::status::AppStatus;

#[component]
pub fn Chrome(
    /// Whether the browser was online when the page started.
    online: bool,
) -> impl IntoView {
    // The page's <base href> would resolve "#main" to the base URL, a new
    // page load that drops the query: the skip link moves focus itself.
    let skip_to_main = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        browser::focus_element(ids::MAIN);
    };
    view! {
        <div id=ids::CHROME>
            <a class="skip-link" href="#main" on:click=skip_to_main>
                "Skip to the article"
            </a>
            <AppStatus online/>
        </div>
    }
}

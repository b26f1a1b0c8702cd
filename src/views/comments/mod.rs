//! Reader comments, kept in this browser only. The document, its rules and
//! its failure modes live in `crate::comments`; the section's state and
//! actions in [`state`], its way to the browser in [`port`]; this renders
//! them.

mod form;
pub mod port;
mod row;
pub mod state;

use std::time::Duration;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::browser;
use crate::comments::{unexported_sentence, CommentDocument, Order, StoredProblem};
use crate::views::ids;
use form::CommentForm;
use row::{thread_key, ThreadView};
use state::{CommentsStart, CommentsState};

/// How often relative times ("3 minutes ago") are refreshed.
const CLOCK_TICK: Duration = Duration::from_secs(30);

#[component]
pub fn CommentsSection(start: CommentsStart) -> impl IntoView {
    match start.store.clone() {
        None => view! { <CommentsUnavailable/> }.into_any(),
        Some(store) => {
            provide_context(CommentsState::new(store, start));
            view! { <CommentsAvailable/> }.into_any()
        }
    }
}

#[component]
fn CommentsUnavailable() -> impl IntoView {
    view! {
        <section id=ids::COMMENTS_SECTION class="comments" aria-labelledby=ids::COMMENTS_HEADING>
            <h2 id=ids::COMMENTS_HEADING>"Comments"</h2>
            <p class="notice-box">
                "Comments cannot be saved in this browser: its storage is blocked or unavailable here "
                "(a private mode or a privacy setting may be the cause). The article and the timeline work as usual."
            </p>
        </section>
    }
}

#[component]
fn CommentsAvailable() -> impl IntoView {
    let state = expect_context::<CommentsState>();
    // Another tab changed the comments, and the clock moves on: both only
    // while the section is on the page.
    Effect::new(move |_| {
        let listener = browser::on_storage(move |notice| state.follow(notice));
        on_cleanup(move || listener.remove());
    });
    Effect::new(move |_| {
        state.keep_typed_draft();
        state.keep_restored_drafts();
        state.check_persistence();
        state.tick();
        if let Ok(handle) = set_interval_with_handle(move || state.tick(), CLOCK_TICK) {
            on_cleanup(move || handle.clear());
        }
    });

    let document = state.document;
    let order = state.order;
    let threads = Memo::new(move |_| document.with(|d| d.threads(order.get())));
    let thread_count = Memo::new(move |_| threads.with(Vec::len));
    // Only a page of threads is in the DOM, so thousands of stored comments
    // neither delay the page nor slow a post.
    let page = Memo::new(move |_| {
        threads.with(|t| {
            t.iter()
                .take(state.shown_threads.get())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let count = Memo::new(move |_| document.with(CommentDocument::visible_count));

    let file_input = NodeRef::<html::Input>::new();
    let pick_file = move |_| browser::click(file_input.get());
    let on_file = move |ev: ev::Event| {
        if let Some(file) = browser::take_picked_file(&ev) {
            state.import_file(file);
        }
    };

    view! {
        <section id=ids::COMMENTS_SECTION class="comments" aria-labelledby=ids::COMMENTS_HEADING>
            <h2 id=ids::COMMENTS_HEADING tabindex="-1">
                "Comments " <span class="comment-count needs-js">{move || format!("({})", count.get())}</span>
            </h2>
            <p class="comments-note">"Comments are kept in this browser only; nobody else sees them."</p>
            <noscript>
                <p class="notice-box">"Comments need JavaScript: turn it on to read and write them."</p>
            </noscript>
            {move || state.problem.get().map(|problem| view! { <StoredProblemNotice problem/> })}
            <CommentForm parent=None/>
            <div class="comments-toolbar needs-js">
                <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed=move || (order.get() == Order::OldestFirst).to_string()
                    on:click=move |_| state.toggle_order()
                >
                    "Oldest first"
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| state.export()>
                    "Export comments"
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| state.save_readable_copy()>
                    "Save a readable copy"
                </button>
                <button type="button" class="button button-quiet" on:click=pick_file>
                    "Import comments"
                </button>
                <input
                    node_ref=file_input
                    class="visually-hidden"
                    type="file"
                    accept="application/json,.json"
                    tabindex="-1"
                    aria-hidden="true"
                    on:change=on_file
                />
            </div>
            {move || {
                state
                    .may_be_cleared()
                    .then(|| {
                        view! {
                            <p class="comments-note comments-keep">
                                "This browser may clear these comments: it has not agreed to keep this site's storage. "
                                {move || unexported_sentence(state.unexported())}
                            </p>
                        }
                    })
            }}
            <div role="status" class="comments-status">
                {move || state.status.get()}
                {move || {
                    state
                        .undo
                        .get()
                        .map(|offer| {
                            let said = match offer.removed.count() {
                                1 => "Comment deleted. ".to_string(),
                                n => format!("{n} comments deleted. "),
                            };
                            view! {
                                <span>{said}</span>
                                <button type="button" class="button" id=ids::UNDO_DELETE on:click=move |_| state.undo()>
                                    "Undo"
                                </button>
                            }
                        })
                }}
            </div>
            <div role="alert" class="comments-alert">
                {move || state.alert.get()}
            </div>
            <ol class="comment-list" aria-label="Comments">
                <For each=move || page.get() key=thread_key let:thread>
                    <ThreadView thread/>
                </For>
            </ol>
            {move || {
                let (rendered, all) = (state.shown_threads.get().min(thread_count.get()), thread_count.get());
                (rendered < all)
                    .then(|| {
                        view! {
                            <p class="comments-more">
                                <span>{format!("Showing {rendered} of {all} conversations. ")}</span>
                                <button type="button" class="button button-quiet" on:click=move |_| state.show_more()>
                                    "Show more comments"
                                </button>
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn StoredProblemNotice(problem: StoredProblem) -> impl IntoView {
    let state = expect_context::<CommentsState>();
    let download = match &problem {
        StoredProblem::Unreadable { raw, .. } => {
            let raw = raw.clone();
            Some(view! {
                <button type="button" class="button" on:click=move |_| state.download_unreadable(&raw)>
                    "Download the unreadable data"
                </button>
            })
        }
        StoredProblem::Newer(_) => None,
    };
    view! {
        <div role="alert" class="notice-box notice-error">
            <p>{problem.to_string()}</p>
            {download}
        </div>
    }
}

//! A conversation: a comment (or the placeholder of a deleted one), its
//! replies, and its reply form; each comment with its editor in place.

use leptos::ev;
use leptos::prelude::*;

use super::form::CommentForm;
use super::state::CommentsState;
use crate::comments::{full_date, relative_time, Comment, Thread};
use crate::views::ids;

/// A thread re-renders when it, or one of its replies, changes.
pub fn thread_key(thread: &Thread) -> String {
    let mut key = comment_key(&thread.comment);
    for reply in &thread.replies {
        key.push('|');
        key.push_str(&comment_key(reply));
    }
    key
}

fn comment_key(comment: &Comment) -> String {
    format!(
        "{}:{}:{}",
        comment.id,
        comment.edited_at.as_deref().unwrap_or(""),
        comment.deleted
    )
}

#[component]
pub fn ThreadView(thread: Thread) -> impl IntoView {
    let state = expect_context::<CommentsState>();
    let reply_parent = thread.comment.clone();
    let parent_id = thread.comment.id.clone();
    let replies = thread
        .replies
        .into_iter()
        .map(|reply| view! { <li><CommentView comment=reply/></li> })
        .collect_view();
    let is_replying = Memo::new(move |_| {
        state
            .replying_to
            .with(|r| r.as_deref() == Some(parent_id.as_str()))
    });
    let reply_form = move || {
        is_replying
            .get()
            .then(|| view! { <CommentForm parent=Some(reply_parent.clone())/> })
    };
    view! {
        <li class="thread">
            <CommentView comment=thread.comment/>
            {reply_form}
            <ol class="replies" aria-label="Replies">{replies}</ol>
        </li>
    }
}

#[component]
fn CommentView(comment: Comment) -> impl IntoView {
    if comment.deleted {
        return view! {
            <article class="comment comment-deleted">
                <p>"Comment deleted."</p>
            </article>
        }
        .into_any();
    }
    let state = expect_context::<CommentsState>();
    let id = comment.id.clone();
    let author = comment.display_author().to_string();
    let created_at = comment.created_at.clone();
    let relative = move || relative_time(&created_at, state.now.get());
    let is_editing = {
        let id = id.clone();
        Memo::new(move |_| state.editing.with(|e| e.as_deref() == Some(id.as_str())))
    };
    let start_edit = {
        let (id, text) = (id.clone(), comment.text.clone());
        move |_| state.start_edit(&id, &text)
    };
    let delete = {
        let id = id.clone();
        move |_| state.delete(&id)
    };
    let is_top_level = !comment.is_reply();
    let reply_button = is_top_level.then(|| {
        let id = id.clone();
        view! {
            <button
                type="button"
                class="link-button"
                id=ids::reply_button(&id)
                on:click=move |_| state.start_reply(&id)
            >
                {format!("Reply to {author}")}
            </button>
        }
    });
    let edited = comment.edited_at.as_ref().map(|at| {
        view! { <span class="edited" title=full_date(at)>" · edited"</span> }
    });
    let body = {
        let (id, text) = (id.clone(), comment.text.clone());
        move || {
            if is_editing.get() {
                view! { <EditForm id=id.clone()/> }.into_any()
            } else {
                view! { <p class="comment-text" dir="auto">{text.clone()}</p> }.into_any()
            }
        }
    };
    view! {
        <article
            class="comment"
            class:reply=!is_top_level
            id=ids::comment(&id)
            tabindex="-1"
            aria-label=format!("Comment by {author}")
        >
            <header class="comment-meta">
                <span class="comment-author" dir="auto">{author.clone()}</span>
                " · "
                <time datetime=comment.created_at.clone() title=full_date(&comment.created_at)>
                    {relative}
                </time>
                {edited}
            </header>
            {body}
            <div class="comment-actions">
                {reply_button}
                <button type="button" class="link-button" id=ids::edit_button(&id) on:click=start_edit>
                    {format!("Edit comment by {author}")}
                </button>
                <button type="button" class="link-button" on:click=delete>
                    {format!("Delete comment by {author}")}
                </button>
            </div>
        </article>
    }
    .into_any()
}

/// A comment's text opened in place, with Save and Cancel.
#[component]
fn EditForm(id: String) -> impl IntoView {
    let state = expect_context::<CommentsState>();
    let alert = RwSignal::new(None::<String>);
    let save = {
        let id = id.clone();
        move || {
            if let Err(error) = state.save_edit(&id) {
                state.announce(alert, error.to_string());
            }
        }
    };
    let cancel = move || state.cancel_edit(&id);
    let (save_on_submit, save_on_key) = (save.clone(), save);
    let (cancel_on_key, cancel_on_click) = (cancel.clone(), cancel);
    view! {
        <form
            class="edit-form"
            novalidate
            on:submit=move |ev: ev::SubmitEvent| {
                ev.prevent_default();
                save_on_submit();
            }
        >
            <label class="visually-hidden" for=ids::EDIT_TEXT>"Edit comment"</label>
            <textarea
                id=ids::EDIT_TEXT
                dir="auto"
                rows="4"
                prop:value=move || state.edit_text.get()
                on:input=move |ev| state.type_edit(event_target_value(&ev))
                on:keydown=move |ev: ev::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        cancel_on_key();
                    } else if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        save_on_key();
                    }
                }
            ></textarea>
            <div role="alert" class="form-alert">{move || alert.get()}</div>
            <div class="form-actions">
                <button type="submit" class="button">"Save"</button>
                <button type="button" class="button button-quiet" on:click=move |_| cancel_on_click()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

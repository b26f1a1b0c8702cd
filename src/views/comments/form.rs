//! The form for a new comment, or for a reply to one.

use leptos::ev;
use leptos::prelude::*;

use super::state::{announce, CommentsState};
use crate::browser;
use crate::comments::MAX_COMMENT_CHARS;
use crate::comments::{validate_text, with_thousands, Action, Comment, CommentError, ErrorKind};
use crate::views::ids::{self, FormIds};

/// A submit this soon after a post, on the emptied box, is the second
/// click of a double click, not a request to post nothing.
const DOUBLE_CLICK_MS: f64 = 1000.0;

/// The form for a new comment (`parent` None) or a reply to `parent`.
#[component]
pub fn CommentForm(parent: Option<Comment>) -> impl IntoView {
    let state = expect_context::<CommentsState>();
    let is_reply = parent.is_some();
    let text = if is_reply {
        state.reply_text
    } else {
        state.draft
    };
    let alert = RwSignal::new(None::<String>);
    // When this form last posted: the second click of a double click finds
    // the box emptied by the first and must not call it empty.
    let posted_at = StoredValue::new(f64::NEG_INFINITY);
    let chars = Memo::new(move |_| text.with(|t| t.trim().chars().count()));
    let parent_id = parent.as_ref().map(|p| p.id.clone());
    let field_ids = FormIds::of(parent_id.as_deref());
    let action = if is_reply {
        Action::Reply
    } else {
        Action::Post
    };
    let form_label = parent
        .as_ref()
        .map(|p| format!("Reply to {}", p.display_author()));

    let close = {
        let parent_id = parent_id.clone();
        move || {
            if let Some(parent) = &parent_id {
                state.close_reply(parent);
            }
        }
    };
    let submit = {
        let parent_id = parent_id.clone();
        move || {
            let typed = text.get_untracked();
            if let Err(kind) = validate_text(&typed) {
                let double_click = browser::now_ms() - posted_at.get_value() < DOUBLE_CLICK_MS;
                if !(double_click && kind == ErrorKind::Empty) {
                    announce(alert, CommentError::new(action, kind).to_string());
                }
                return;
            }
            match state.post(parent_id.clone(), typed) {
                Ok(id) => {
                    alert.set(None);
                    posted_at.set_value(browser::now_ms());
                    text.set(String::new());
                    if is_reply {
                        // The form goes away: keep the reader at the reply they wrote.
                        state.replying_to.set(None);
                        browser::focus_after_render(ids::comment(&id));
                    }
                }
                Err(error) => announce(alert, error.to_string()),
            }
        }
    };
    let on_submit = {
        let submit = submit.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            submit();
        }
    };
    let on_text_key = {
        let close = close.clone();
        move |ev: ev::KeyboardEvent| {
            if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                ev.prevent_default();
                submit();
            } else if ev.key() == "Escape" && is_reply {
                close();
            }
        }
    };
    let on_text_input = move |ev: ev::Event| {
        let value = event_target_value(&ev);
        if is_reply {
            text.set(value);
        } else {
            state.set_draft(value);
        }
    };

    let text_label = if is_reply { "Reply" } else { "Comment" };
    let button_label = if is_reply {
        "Post reply"
    } else {
        "Post comment"
    };
    let cancel = is_reply.then(|| {
        view! {
            <button type="button" class="button button-quiet" on:click=move |_| close()>
                "Cancel"
            </button>
        }
    });

    view! {
        <form
            class="comment-form needs-js"
            class:reply-form=is_reply
            aria-label=form_label
            novalidate
            on:submit=on_submit
        >
            <div class="field">
                <label for=field_ids.name.clone()>"Name"</label>
                <input
                    id=field_ids.name
                    type="text"
                    dir="auto"
                    autocomplete="nickname"
                    maxlength="80"
                    placeholder="Anonymous"
                    prop:value=move || state.name.get()
                    on:input=move |ev| state.name.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for=field_ids.text.clone()>{text_label}</label>
                <textarea
                    id=field_ids.text
                    dir="auto"
                    rows=if is_reply { "3" } else { "5" }
                    aria-describedby=field_ids.counter.clone()
                    prop:value=move || text.get()
                    on:input=on_text_input
                    on:keydown=on_text_key
                ></textarea>
                <p id=field_ids.counter class="counter" class:over=move || { chars.get() > MAX_COMMENT_CHARS }>
                    {move || format!("{} / {} characters", chars.get(), with_thousands(MAX_COMMENT_CHARS))}
                    <span class="hint">" · Ctrl+Enter to post"</span>
                </p>
            </div>
            <div role="alert" class="form-alert">{move || alert.get()}</div>
            <div class="form-actions">
                // In the built page, a click must not submit before the app runs.
                <button type="submit" class="button" disabled=state.prebuilt>{button_label}</button>
                {cancel}
            </div>
        </form>
    }
}

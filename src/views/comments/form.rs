//! The form for a new comment, or for a reply to one.

use leptos::ev;
use leptos::prelude::*;

use super::state::CommentsState;
use crate::comments::{with_thousands, Comment, MAX_COMMENT_CHARS};
use crate::views::ids::FormIds;

/// The form for a new comment (`parent` None) or a reply to `parent`.
#[component]
pub fn CommentForm(parent: Option<Comment>) -> impl IntoView {
    let state = expect_context::<CommentsState>();
    let is_reply = parent.is_some();
    let form = state.form(parent.as_ref().map(|p| p.id.clone()));
    let (text, alert) = (form.text, form.alert);
    let chars = Memo::new(move |_| text.with(|t| t.trim().chars().count()));
    let field_ids = FormIds::of(form.parent.as_deref());
    let form_label = parent
        .as_ref()
        .map(|p| format!("Reply to {}", p.display_author()));

    let on_submit = {
        let form = form.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            state.submit(&form);
        }
    };
    let on_text_key = {
        let form = form.clone();
        move |ev: ev::KeyboardEvent| {
            if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                ev.prevent_default();
                state.submit(&form);
            } else if ev.key() == "Escape" {
                state.cancel_reply(&form);
            }
        }
    };
    let on_text_input = {
        let form = form.clone();
        move |ev: ev::Event| state.type_text(&form, event_target_value(&ev))
    };

    let text_label = if is_reply { "Reply" } else { "Comment" };
    let button_label = if is_reply {
        "Post reply"
    } else {
        "Post comment"
    };
    let cancel = is_reply.then(|| {
        view! {
            <button type="button" class="button button-quiet" on:click=move |_| state.cancel_reply(&form)>
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

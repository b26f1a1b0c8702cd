//! Reader comments, kept in this browser only. The document, its rules and
//! its failure modes live in `crate::comments`; this renders them.

use std::sync::Arc;
use std::time::Duration;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{self, LocalStorage};
use crate::comments::{
    ago, validate_text, Ago, Comment, CommentDocument, CommentError, CommentStore, NewComment,
    Order, Removed, Thread, Unreadable, MAX_COMMENT_CHARS, THREADS_PER_PAGE,
};

type Store = Arc<CommentStore<LocalStorage>>;

/// How long Undo stays offered after a delete.
const UNDO_WINDOW: Duration = Duration::from_secs(10);
/// A submit this soon after a post, on the emptied box, is the second
/// click of a double click, not a request to post nothing.
const DOUBLE_CLICK_MS: f64 = 1000.0;
const GONE_WHILE_EDITING: &str =
    "The comment you were editing was deleted in another tab, so your changes could not be saved.";
const GONE_WHILE_REPLYING: &str =
    "The comment you were replying to was deleted in another tab, so your reply could not be posted.";
/// How often relative times ("3 minutes ago") are refreshed.
const CLOCK_TICK: Duration = Duration::from_secs(30);

/// "2,000": the limit as the reader reads it.
fn limit_text() -> String {
    let digits = MAX_COMMENT_CHARS.to_string();
    let (head, tail) = digits.split_at(digits.len().saturating_sub(3));
    if head.is_empty() {
        tail.to_string()
    } else {
        format!("{head},{tail}")
    }
}

fn post_error_sentence(error: &CommentError, noun: &str) -> String {
    match error {
        CommentError::StorageFull
        | CommentError::StorageUnavailable
        | CommentError::BackupFailed => {
            format!("Your {noun} {error}. Your text is still in the box; nothing saved before was changed.")
        }
        CommentError::TooLong { chars } => {
            format!(
                "Your {noun} is {chars} characters long; the limit is {}.",
                limit_text()
            )
        }
        _ => format!("Your {noun} {error}."),
    }
}

/// Shows `message` in an alert region. The same message again is cleared
/// first and shown a frame later: a screen reader announces a change, and
/// an unchanged text is none.
fn announce(alert: RwSignal<Option<String>>, message: String) {
    if alert.with_untracked(|shown| shown.as_deref() == Some(message.as_str())) {
        alert.set(None);
        request_animation_frame(move || alert.set(Some(message)));
    } else {
        alert.set(Some(message));
    }
}

fn comment_dom_id(id: &str) -> String {
    format!("comment-{id}")
}

fn reply_button_id(id: &str) -> String {
    format!("reply-{id}")
}

/// Shared state of the section, handed to each row.
#[derive(Clone, Copy)]
struct Ctx {
    store: StoredValue<Store>,
    document: RwSignal<CommentDocument>,
    now: RwSignal<f64>,
    replying_to: RwSignal<Option<String>>,
    editing: RwSignal<Option<String>>,
    undo: RwSignal<Option<(Removed, u64)>>,
    /// The section's messages: the outcome of the last import or export
    /// (`status`), and the last failure of any action (`alert`). One
    /// message at a time: a new one clears the other, so they never disagree.
    status: RwSignal<Option<String>>,
    alert: RwSignal<Option<String>>,
    order: RwSignal<Order>,
    /// How many threads are rendered; "Show more comments" adds a page.
    shown_threads: RwSignal<usize>,
    /// The text of the open editor and the open reply form. Kept here, not
    /// in the row, so a row re-rendered by another change loses nothing.
    edit_text: RwSignal<String>,
    reply_text: RwSignal<String>,
}

impl Ctx {
    /// Shows an outcome in the section's status, in place of any alert.
    fn say(&self, message: String) {
        self.alert.set(None);
        self.status.set(Some(message));
    }

    /// Clears the section's messages: an action succeeded, so an earlier
    /// outcome or failure no longer describes the comments.
    fn clear(&self) {
        self.status.set(None);
        self.alert.set(None);
    }

    /// Shows a failure in the section's alert, in place of any status.
    fn warn(&self, message: String) {
        self.status.set(None);
        announce(self.alert, message);
    }

    fn store(&self) -> Store {
        self.store.get_value()
    }

    /// Makes sure the thread holding `id` is rendered, e.g. one just posted.
    fn reveal(&self, id: &str) {
        let position = self
            .document
            .with_untracked(|d| d.thread_position(id, self.order.get_untracked()));
        if let Some(position) = position {
            let needed = (position / THREADS_PER_PAGE + 1) * THREADS_PER_PAGE;
            if needed > self.shown_threads.get_untracked() {
                self.shown_threads.set(needed);
            }
        }
    }
}

#[component]
pub fn CommentsSection(article_id: String) -> impl IntoView {
    let store: Store =
        Arc::new(CommentStore::new(LocalStorage, &article_id).with_tab_id(browser::new_id()));
    match store.load() {
        Err(_) => view! { <CommentsUnavailable/> }.into_any(),
        Ok(loaded) => view! { <CommentsAvailable store document=loaded.document unreadable=loaded.unreadable/> }
            .into_any(),
    }
}

#[component]
fn CommentsUnavailable() -> impl IntoView {
    view! {
        <section class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading">"Comments"</h2>
            <p class="notice-box">
                "Comments cannot be saved in this browser: its storage is blocked or unavailable here "
                "(a private mode or a privacy setting may be the cause). The article and the timeline work as usual."
            </p>
        </section>
    }
}

#[component]
fn CommentsAvailable(
    store: Store,
    document: CommentDocument,
    unreadable: Option<Unreadable>,
) -> impl IntoView {
    let ctx = Ctx {
        store: StoredValue::new(store.clone()),
        document: RwSignal::new(document),
        now: RwSignal::new(browser::now_ms()),
        replying_to: RwSignal::new(None),
        editing: RwSignal::new(None),
        undo: RwSignal::new(None),
        status: RwSignal::new(None),
        alert: RwSignal::new(None),
        order: RwSignal::new(Order::NewestFirst),
        shown_threads: RwSignal::new(THREADS_PER_PAGE),
        edit_text: RwSignal::new(String::new()),
        reply_text: RwSignal::new(String::new()),
    };
    let document = ctx.document;
    let order = ctx.order;
    let unreadable = RwSignal::new(unreadable);
    let report = move |outcome: Result<String, String>| match outcome {
        Ok(message) => ctx.say(message),
        Err(message) => ctx.warn(message),
    };

    // Another tab changed the comments: follow its change (the store repairs
    // a write of ours that missed it) and show the result.
    let comments_key = store.comments_key();
    {
        let store = store.clone();
        window_event_listener(ev::storage, move |event: web_sys::StorageEvent| {
            let ours = event.key().is_none_or(|key| key == comments_key);
            if ours {
                let (old, new) = (event.old_value(), event.new_value());
                if let Ok(loaded) = store.follow(old.as_deref(), new.as_deref()) {
                    // An open editor or reply form whose comment went in the
                    // other tab closes with the row: say so, not silently.
                    let gone = |id: Option<String>| {
                        id.is_some_and(|id| loaded.document.get(&id).is_none_or(|c| c.deleted))
                    };
                    if gone(ctx.editing.get_untracked()) {
                        ctx.editing.set(None);
                        ctx.warn(GONE_WHILE_EDITING.into());
                    } else if gone(ctx.replying_to.get_untracked()) {
                        ctx.replying_to.set(None);
                        ctx.warn(GONE_WHILE_REPLYING.into());
                    }
                    // The other tab's change re-renders rows: a box or button
                    // the reader is in here keeps the keyboard.
                    let focused = browser::focused_id();
                    document.set(loaded.document);
                    if let Some(id) = focused {
                        browser::keep_focus_after_render(id);
                    }
                    if loaded.unreadable.is_some() {
                        unreadable.set(loaded.unreadable);
                    }
                }
            }
        });
    }
    if let Ok(handle) = set_interval_with_handle(move || ctx.now.set(browser::now_ms()), CLOCK_TICK)
    {
        on_cleanup(move || handle.clear());
    }

    let threads = Memo::new(move |_| document.with(|d| d.threads(order.get())));
    let thread_count = Memo::new(move |_| threads.with(Vec::len));
    // Only a page of threads is in the DOM, so thousands of stored comments
    // neither delay the page nor slow a post.
    let page = Memo::new(move |_| {
        threads.with(|t| {
            t.iter()
                .take(ctx.shown_threads.get())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let show_more = move |_| {
        let first_new = ctx.shown_threads.get_untracked();
        ctx.shown_threads.set(first_new + THREADS_PER_PAGE);
        if let Some(id) = threads.with_untracked(|t| t.get(first_new).map(|t| t.comment.id.clone()))
        {
            browser::focus_after_render(comment_dom_id(&id));
        }
    };
    let count = Memo::new(move |_| document.with(CommentDocument::visible_count));

    let export = {
        let store = store.clone();
        move |_| {
            let name = format!("kosovo-briefing-comments-{}.json", store.article());
            let json = document.with_untracked(CommentDocument::to_json);
            if browser::download(&name, &json, "application/json").is_err() {
                report(Err(
                    "The export could not be started by this browser.".into()
                ));
            }
        }
    };
    let file_input = NodeRef::<html::Input>::new();
    let pick_file = move |_| {
        if let Some(input) = file_input.get() {
            input.click();
        }
    };
    let on_file = {
        let store = store.clone();
        move |ev: ev::Event| {
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Let the same file be picked again later.
            input.set_value("");
            let store = store.clone();
            leptos::task::spawn_local(async move {
                let message = match browser::read_file_text(file).await {
                    Err(reason) => Err(format!(
                        "That file could not be imported: {reason}. Nothing was changed."
                    )),
                    Ok(text) => match store.import(&text) {
                        Ok((report, fresh)) => {
                            document.set(fresh);
                            Ok(format!(
                                "Imported {} new comment{}; {} already here.",
                                report.added,
                                if report.added == 1 { "" } else { "s" },
                                report.unchanged + report.updated
                            ))
                        }
                        Err(error) => Err(error.to_string()),
                    },
                };
                report(message);
            });
        }
    };

    let undo_action = {
        let store = store.clone();
        move |_| {
            if let Some((removed, _)) = ctx.undo.get_untracked() {
                match store.restore(&removed) {
                    Ok(fresh) => {
                        document.set(fresh);
                        ctx.undo.set(None);
                        ctx.clear();
                        if let Some(first) = removed.comments.first() {
                            browser::focus_after_render(comment_dom_id(&first.id));
                        }
                    }
                    Err(error) => {
                        ctx.warn(format!("The comment could not be restored: it {error}."))
                    }
                }
            }
        }
    };

    view! {
        <section class="comments" aria-labelledby="comments-heading">
            <h2 id="comments-heading" tabindex="-1">
                "Comments " <span class="comment-count">{move || format!("({})", count.get())}</span>
            </h2>
            <p class="comments-note">"Comments are kept in this browser only; nobody else sees them."</p>
            {move || unreadable.get().map(|u| view! { <UnreadableNotice unreadable=u/> })}
            <CommentForm ctx parent=None/>
            <div class="comments-toolbar">
                <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed=move || (order.get() == Order::OldestFirst).to_string()
                    on:click=move |_| {
                        order.set(if order.get_untracked() == Order::NewestFirst { Order::OldestFirst } else { Order::NewestFirst })
                    }
                >
                    "Oldest first"
                </button>
                <button type="button" class="button button-quiet" on:click=export>
                    "Export comments"
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
            <div role="status" class="comments-status">
                {move || ctx.status.get()}
                {move || {
                    ctx.undo
                        .get()
                        .map(|(removed, _)| {
                            let said = match removed.count() {
                                1 => "Comment deleted. ".to_string(),
                                n => format!("{n} comments deleted. "),
                            };
                            view! {
                                <span>{said}</span>
                                <button type="button" class="button" id="undo-delete" on:click=undo_action.clone()>
                                    "Undo"
                                </button>
                            }
                        })
                }}
            </div>
            <div role="alert" class="comments-alert">
                {move || ctx.alert.get()}
            </div>
            <ol class="comment-list" aria-label="Comments">
                <For each=move || page.get() key=thread_key let:thread>
                    <ThreadView ctx thread/>
                </For>
            </ol>
            {move || {
                let (rendered, all) = (ctx.shown_threads.get().min(thread_count.get()), thread_count.get());
                (rendered < all)
                    .then(|| {
                        view! {
                            <p class="comments-more">
                                <span>{format!("Showing {rendered} of {all} conversations. ")}</span>
                                <button type="button" class="button button-quiet" on:click=show_more>
                                    "Show more comments"
                                </button>
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// A thread re-renders when it, or one of its replies, changes.
fn thread_key(thread: &Thread) -> String {
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
fn UnreadableNotice(unreadable: Unreadable) -> impl IntoView {
    let kept = match &unreadable.backup_key {
        Some(key) => format!("They are kept, untouched, in this browser’s storage under “{key}”."),
        None => "They are still stored, untouched; new comments cannot be saved until they can be set aside.".into(),
    };
    let raw = unreadable.raw.clone();
    let download = move |_| {
        let _ = browser::download(
            "kosovo-briefing-unreadable-comments.json",
            &raw,
            "application/json",
        );
    };
    view! {
        <div role="alert" class="notice-box notice-error">
            <p>{format!("Your saved comments could not be read: {}. ", unreadable.problem)} {kept}</p>
            <button type="button" class="button" on:click=download>
                "Download the unreadable data"
            </button>
        </div>
    }
}

/// The form for a new comment (`parent` None) or a reply.
#[component]
fn CommentForm(ctx: Ctx, parent: Option<Comment>) -> impl IntoView {
    let store = ctx.store();
    let is_reply = parent.is_some();
    let draft_key = (!is_reply).then(|| store.draft_key());
    let name_key = store.name_key();
    let name = RwSignal::new(store.load_text(&name_key));
    let text = match &draft_key {
        Some(key) => RwSignal::new(store.load_text(key)),
        None => ctx.reply_text,
    };
    let alert = RwSignal::new(None::<String>);
    // When this form last posted: the second click of a double click finds
    // the box emptied by the first and must not call it empty.
    let posted_at = StoredValue::new(f64::NEG_INFINITY);
    let chars = Memo::new(move |_| text.with(|t| t.trim().chars().count()));
    let suffix = parent
        .as_ref()
        .map(|p| p.id.clone())
        .unwrap_or_else(|| "new".into());
    let (name_id, text_id, counter_id) = (
        format!("name-{suffix}"),
        format!("text-{suffix}"),
        format!("counter-{suffix}"),
    );
    let noun = if is_reply { "reply" } else { "comment" };
    let form_label = parent
        .as_ref()
        .map(|p| format!("Reply to {}", p.display_author()));
    let parent_id = parent.map(|p| p.id);
    // Closing a reply form puts the keyboard back on the Reply button it
    // came from, not on <body>.
    let close_reply = {
        let reply_button = parent_id.as_ref().map(|id| reply_button_id(id));
        move || {
            ctx.replying_to.set(None);
            if let Some(id) = reply_button.clone() {
                browser::focus_after_render(id);
            }
        }
    };

    let submit = {
        let store = store.clone();
        let draft_key = draft_key.clone();
        move || {
            let typed = text.get_untracked();
            if let Err(error) = validate_text(&typed) {
                let double_click = browser::now_ms() - posted_at.get_value() < DOUBLE_CLICK_MS;
                if !(double_click && error == CommentError::Empty) {
                    announce(alert, post_error_sentence(&error, noun));
                }
                return;
            }
            let id = browser::new_id();
            let new = NewComment {
                id: id.clone(),
                parent: parent_id.clone(),
                author: name.get_untracked(),
                text: typed,
                now: browser::now_iso(),
            };
            match store.post(new) {
                Ok(fresh) => {
                    ctx.document.set(fresh);
                    ctx.reveal(parent_id.as_deref().unwrap_or(&id));
                    ctx.clear();
                    alert.set(None);
                    posted_at.set_value(browser::now_ms());
                    text.set(String::new());
                    if let Some(key) = &draft_key {
                        let _ = store.save_text(key, "");
                    }
                    let _ = store.save_text(&store.name_key(), name.get_untracked().trim());
                    if is_reply {
                        // The form goes away: keep the reader at the reply they wrote.
                        ctx.replying_to.set(None);
                        browser::focus_after_render(comment_dom_id(&id));
                    }
                }
                Err(error) => announce(alert, post_error_sentence(&error, noun)),
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
        let close_reply = close_reply.clone();
        move |ev: ev::KeyboardEvent| {
            if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                ev.prevent_default();
                submit();
            } else if ev.key() == "Escape" && is_reply {
                close_reply();
            }
        }
    };
    let on_text_input = {
        let store = store.clone();
        move |ev: ev::Event| {
            let value = event_target_value(&ev);
            // The draft is kept as typed, so a reload loses nothing.
            if let Some(key) = &draft_key {
                let _ = store.save_text(key, &value);
            }
            text.set(value);
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
            <button type="button" class="button button-quiet" on:click=move |_| close_reply()>
                "Cancel"
            </button>
        }
    });

    view! {
        <form
            class="comment-form"
            class:reply-form=is_reply
            aria-label=form_label
            novalidate
            on:submit=on_submit
        >
            <div class="field">
                <label for=name_id.clone()>"Name"</label>
                <input
                    id=name_id
                    type="text"
                    dir="auto"
                    autocomplete="nickname"
                    maxlength="80"
                    placeholder="Anonymous"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for=text_id.clone()>{text_label}</label>
                <textarea
                    id=text_id
                    dir="auto"
                    rows=if is_reply { "3" } else { "5" }
                    aria-describedby=counter_id.clone()
                    prop:value=move || text.get()
                    on:input=on_text_input
                    on:keydown=on_text_key
                ></textarea>
                <p id=counter_id class="counter" class:over=move || { chars.get() > MAX_COMMENT_CHARS }>
                    {move || format!("{} / {} characters", chars.get(), limit_text())}
                    <span class="hint">" · Ctrl+Enter to post"</span>
                </p>
            </div>
            <div role="alert" class="form-alert">{move || alert.get()}</div>
            <div class="form-actions">
                <button type="submit" class="button">{button_label}</button>
                {cancel}
            </div>
        </form>
    }
}

#[component]
fn ThreadView(ctx: Ctx, thread: Thread) -> impl IntoView {
    let reply_parent = thread.comment.clone();
    let parent_id = thread.comment.id.clone();
    let replies = thread
        .replies
        .into_iter()
        .map(|reply| view! { <li><CommentView ctx comment=reply/></li> })
        .collect_view();
    let is_replying = Memo::new(move |_| {
        ctx.replying_to
            .with(|r| r.as_deref() == Some(parent_id.as_str()))
    });
    let reply_form = move || {
        is_replying
            .get()
            .then(|| view! { <CommentForm ctx parent=Some(reply_parent.clone())/> })
    };
    view! {
        <li class="thread">
            <CommentView ctx comment=thread.comment/>
            {reply_form}
            <ol class="replies" aria-label="Replies">{replies}</ol>
        </li>
    }
}

#[component]
fn CommentView(ctx: Ctx, comment: Comment) -> impl IntoView {
    if comment.deleted {
        return view! {
            <article class="comment comment-deleted">
                <p>"Comment deleted."</p>
            </article>
        }
        .into_any();
    }
    let id = comment.id.clone();
    let author = comment.display_author().to_string();
    let created_ms = browser::parse_iso_ms(&comment.created_at);
    let relative = move || match ago(created_ms, ctx.now.get()) {
        Ago::JustNow => "just now".to_string(),
        Ago::Minutes(n) => browser::format_ago(n, "minute"),
        Ago::Hours(n) => browser::format_ago(n, "hour"),
        Ago::Days(n) => browser::format_ago(n, "day"),
        Ago::Months(n) => browser::format_ago(n, "month"),
        Ago::Years(n) => browser::format_ago(n, "year"),
    };
    let is_editing = {
        let id = id.clone();
        Memo::new(move |_| ctx.editing.with(|e| e.as_deref() == Some(id.as_str())))
    };
    let edit_text = ctx.edit_text;
    let edit_alert = RwSignal::new(None::<String>);

    let start_edit = {
        let (id, text) = (id.clone(), comment.text.clone());
        move |_| {
            if !is_editing.get_untracked() {
                edit_text.set(text.clone());
                edit_alert.set(None);
                ctx.editing.set(Some(id.clone()));
            }
            browser::focus_after_render("edit-text".to_string());
        }
    };
    let edit_button_id = format!("edit-{id}");
    let cancel_edit = {
        let edit_button_id = edit_button_id.clone();
        move || {
            ctx.editing.set(None);
            browser::focus_after_render(edit_button_id.clone());
        }
    };
    let save_edit = {
        let id = id.clone();
        let edit_button_id_after_save = edit_button_id.clone();
        move || {
            let typed = edit_text.get_untracked();
            if let Err(error) = validate_text(&typed) {
                announce(edit_alert, post_error_sentence(&error, "comment"));
                return;
            }
            match ctx.store().edit(&id, &typed, &browser::now_iso()) {
                Ok(fresh) => {
                    ctx.editing.set(None);
                    ctx.document.set(fresh);
                    browser::focus_after_render(edit_button_id_after_save.clone());
                }
                Err(error) => announce(edit_alert, post_error_sentence(&error, "comment")),
            }
        }
    };
    let delete = {
        let id = id.clone();
        move |_| match ctx.store().delete(&id) {
            Ok((removed, fresh)) => {
                let token = browser::now_ms() as u64;
                // A delete while an earlier one's Undo stands joins it: one
                // Undo puts both back, and stays for the full window.
                let removed = match ctx.undo.get_untracked() {
                    Some((earlier, _)) => removed.after(earlier),
                    None => removed,
                };
                ctx.undo.set(Some((removed, token)));
                ctx.clear();
                ctx.document.set(fresh);
                // The deleted comment's buttons are gone: keep focus on Undo.
                browser::focus_after_render("undo-delete".to_string());
                set_timeout(
                    move || {
                        if ctx
                            .undo
                            .with_untracked(|u| u.as_ref().is_some_and(|(_, t)| *t == token))
                        {
                            // Focus on the vanishing Undo would fall to <body>.
                            let had_focus = browser::focused_id().as_deref() == Some("undo-delete");
                            ctx.undo.set(None);
                            if had_focus {
                                browser::focus_element("comments-heading");
                            }
                        }
                    },
                    UNDO_WINDOW,
                );
            }
            Err(error) => ctx.warn(format!("The comment could not be deleted: it {error}.")),
        }
    };
    let is_top_level = !comment.is_reply();
    let reply_button = is_top_level.then(|| {
        let id = id.clone();
        let label = format!("Reply to {author}");
        view! {
            <button
                type="button"
                class="link-button"
                id=reply_button_id(&id)
                on:click=move |_| {
                    if ctx.replying_to.get_untracked().as_deref() != Some(id.as_str()) {
                        ctx.reply_text.set(String::new());
                        ctx.replying_to.set(Some(id.clone()));
                    }
                    browser::focus_after_render(format!("text-{id}"));
                }
            >
                {label}
            </button>
        }
    });
    let edited = comment.edited_at.as_ref().map(|at| {
        view! { <span class="edited" title=browser::format_full_date(at)>" · edited"</span> }
    });
    let body_text = comment.text.clone();
    let edit_label = format!("Edit comment by {author}");
    let delete_label = format!("Delete comment by {author}");
    let body = move || {
        if is_editing.get() {
            let save = save_edit.clone();
            let save_on_submit = save_edit.clone();
            let (cancel_on_escape, cancel_on_click) = (cancel_edit.clone(), cancel_edit.clone());
            view! {
                <form
                    class="edit-form"
                    novalidate
                    on:submit=move |ev: ev::SubmitEvent| {
                        ev.prevent_default();
                        save_on_submit();
                    }
                >
                    <label class="visually-hidden" for="edit-text">"Edit comment"</label>
                    <textarea
                        id="edit-text"
                        dir="auto"
                        rows="4"
                        prop:value=move || edit_text.get()
                        on:input=move |ev| edit_text.set(event_target_value(&ev))
                        on:keydown=move |ev: ev::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                cancel_on_escape();
                            } else if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                                ev.prevent_default();
                                save();
                            }
                        }
                    ></textarea>
                    <div role="alert" class="form-alert">{move || edit_alert.get()}</div>
                    <div class="form-actions">
                        <button type="submit" class="button">"Save"</button>
                        <button type="button" class="button button-quiet" on:click=move |_| cancel_on_click()>
                            "Cancel"
                        </button>
                    </div>
                </form>
            }
            .into_any()
        } else {
            view! { <p class="comment-text" dir="auto">{body_text.clone()}</p> }.into_any()
        }
    };
    view! {
        <article
            class="comment"
            class:reply=!is_top_level
            id=comment_dom_id(&id)
            tabindex="-1"
            aria-label=format!("Comment by {author}")
        >
            <header class="comment-meta">
                <span class="comment-author" dir="auto">{author.clone()}</span>
                " · "
                <time datetime=comment.created_at.clone() title=browser::format_full_date(&comment.created_at)>
                    {relative}
                </time>
                {edited}
            </header>
            {body}
            <div class="comment-actions">
                {reply_button}
                <button type="button" class="link-button" id=edit_button_id on:click=start_edit>
                    {edit_label}
                </button>
                <button type="button" class="link-button" on:click=delete>
                    {delete_label}
                </button>
            </div>
        </article>
    }
    .into_any()
}

//! The comments section's actions (`views::comments::state`), driven
//! natively through a fake port: what a post, a reply, a delete and its
//! Undo, the draft and an import decide, and where they send the focus.
//! The browser suites (`tests/e2e/comments*.test.mjs`) check the same
//! rules in a real page.

use std::time::Duration;

use crate::fake_browser::{tab, Focus, Port};
use crate::support::ARTICLE;

use kosovo_briefing::comments::{Body, ImportError};
use kosovo_briefing::views::comments::state::{CommentsStart, CommentsState, PostForm};
use kosovo_briefing::views::ids;
use leptos::prelude::{GetUntracked, Set, WithUntracked};

/// Types `text` into the new-comment form and submits it; returns the form.
fn post(state: CommentsState<Port>, text: &str) -> PostForm {
    let form = state.form(None);
    state.type_text(&form, text.to_string());
    state.submit(&form);
    form
}

/// The live comments' texts, sorted.
fn texts(state: CommentsState<Port>) -> Vec<String> {
    let mut texts: Vec<String> = state.document.with_untracked(|d| {
        d.entries()
            .filter_map(|e| match &e.body {
                Body::Live { text, .. } => Some(text.clone()),
                Body::Deleted => None,
            })
            .collect()
    });
    texts.sort();
    texts
}

/// The id of the live comment with `text`.
fn id_of(state: CommentsState<Port>, text: &str) -> String {
    state.document.with_untracked(|d| {
        d.entries()
            .find(|e| matches!(&e.body, Body::Live { text: t, .. } if t == text))
            .map(|e| e.id.clone())
            .expect("the comment is there")
    })
}

// Posts and replies

#[test]
fn a_reply_posted_closes_its_form_and_focuses_the_new_comment() {
    let (browser, state) = tab("a");
    post(state, "A comment");
    let parent = id_of(state, "A comment");
    state.start_reply(&parent);
    let form = state.form(Some(parent.clone()));
    state.type_text(&form, "A reply".into());
    state.submit(&form);

    let reply = id_of(state, "A reply");
    assert_eq!(
        state.replying_to.get_untracked(),
        None,
        "the reply form is closed"
    );
    assert_eq!(
        browser.last_focus(),
        Some(Focus::AfterRender(ids::comment(&reply)))
    );
    assert_eq!(state.reply_text.get_untracked(), "");
    let parent_of_reply = state
        .document
        .with_untracked(|d| d.comment(&reply).and_then(|c| c.parent));
    assert_eq!(parent_of_reply, Some(parent));
}

#[test]
fn a_cancelled_reply_gives_the_keyboard_back_to_its_reply_button() {
    let (browser, state) = tab("a");
    post(state, "A comment");
    let parent = id_of(state, "A comment");
    state.start_reply(&parent);
    let form = state.form(Some(parent.clone()));
    state.cancel_reply(&form);
    assert_eq!(state.replying_to.get_untracked(), None);
    assert_eq!(
        browser.last_focus(),
        Some(Focus::AfterRender(ids::reply_button(&parent)))
    );
}

#[test]
fn empty_or_too_long_text_is_refused_with_the_alert_and_the_text_kept() {
    let (_, state) = tab("a");
    let form = post(state, "   ");
    assert_eq!(
        form.alert.get_untracked().as_deref(),
        Some("Your comment is empty: write something before posting.")
    );
    assert_eq!(form.text.get_untracked(), "   ");

    let long = "x".repeat(2001);
    state.type_text(&form, long.clone());
    state.submit(&form);
    assert_eq!(
        form.alert.get_untracked().as_deref(),
        Some("Your comment is 2,001 characters long; the limit is 2,000.")
    );
    assert_eq!(form.text.get_untracked(), long);
    assert!(texts(state).is_empty(), "nothing was posted");

    let reply = state.form(Some("gone".into()));
    state.submit(&reply);
    assert_eq!(
        reply.alert.get_untracked().as_deref(),
        Some("Your reply is empty: write something before posting.")
    );
}

#[test]
fn the_same_alert_again_is_cleared_and_said_anew_a_frame_later() {
    let (browser, state) = tab("a");
    let form = post(state, "");
    let said = form.alert.get_untracked();
    assert!(said.is_some());
    state.submit(&form);
    assert_eq!(
        form.alert.get_untracked(),
        None,
        "cleared, so that it is a change"
    );
    browser.run_frames();
    assert_eq!(form.alert.get_untracked(), said);
}

#[test]
fn a_double_click_posts_once_and_raises_no_alert() {
    let (browser, state) = tab("a");
    let form = post(state, "Posted by a double click");
    browser.wait(150);
    state.submit(&form);
    assert_eq!(texts(state), ["Posted by a double click"]);
    assert_eq!(
        form.alert.get_untracked(),
        None,
        "the second click is no empty post"
    );

    // Later, an empty box is the reader's doing: say so.
    browser.wait(1000);
    state.submit(&form);
    assert!(form.alert.get_untracked().is_some());
}

// The draft

#[test]
fn a_typed_draft_is_kept_and_cleared_once_posted() {
    let (browser, state) = tab("a");
    let form = state.form(None);
    state.type_text(&form, "Half a thought".into());
    assert_eq!(browser.draft_stored().as_deref(), Some("Half a thought"));
    let reloaded = CommentsStart::load(browser, ARTICLE);
    assert_eq!(reloaded.draft, "Half a thought", "a reload finds it");

    state.submit(&form);
    assert_eq!(browser.draft_stored().as_deref(), Some(""));
    assert_eq!(state.draft.get_untracked(), "");
    assert_eq!(texts(state), ["Half a thought"]);
}

#[test]
fn a_reply_leaves_the_draft_alone() {
    let (browser, state) = tab("a");
    post(state, "A comment");
    let parent = id_of(state, "A comment");
    let new_comment = state.form(None);
    state.type_text(&new_comment, "Still drafting".into());

    state.start_reply(&parent);
    let reply = state.form(Some(parent));
    state.type_text(&reply, "A reply".into());
    assert_eq!(browser.draft_stored().as_deref(), Some("Still drafting"));
    state.submit(&reply);
    assert_eq!(browser.draft_stored().as_deref(), Some("Still drafting"));
    assert_eq!(state.draft.get_untracked(), "Still drafting");
}

// Delete and Undo

#[test]
fn undo_is_offered_after_a_delete_for_its_window_only() {
    let (browser, state) = tab("a");
    post(state, "Deleted");
    state.delete(&id_of(state, "Deleted"));
    assert!(texts(state).is_empty());
    let offer = state.undo.get_untracked().expect("Undo is offered");
    assert_eq!(offer.removed.count(), 1);
    assert_eq!(
        browser.last_focus(),
        Some(Focus::AfterRender(ids::UNDO_DELETE.into()))
    );

    assert_eq!(browser.fire_timer(), Duration::from_secs(10));
    assert_eq!(state.undo.get_untracked(), None, "gone when its time is up");
}

#[test]
fn a_second_delete_within_the_window_joins_the_first_and_restarts_it() {
    let (browser, state) = tab("a");
    post(state, "First");
    browser.wait(1000);
    post(state, "Second");
    state.delete(&id_of(state, "First"));
    browser.wait(5000);
    state.delete(&id_of(state, "Second"));
    assert_eq!(
        state.undo.get_untracked().map(|u| u.removed.count()),
        Some(2)
    );

    browser.fire_timer();
    assert!(
        state.undo.get_untracked().is_some(),
        "the first delete's time is not the window's"
    );
    browser.fire_timer();
    assert_eq!(state.undo.get_untracked(), None);
}

#[test]
fn one_undo_puts_both_deletes_back() {
    let (browser, state) = tab("a");
    post(state, "First");
    browser.wait(1000);
    post(state, "Second");
    state.delete(&id_of(state, "First"));
    browser.wait(1000);
    state.delete(&id_of(state, "Second"));
    browser.wait(1000);
    state.undo();
    assert_eq!(texts(state), ["First", "Second"]);
    assert_eq!(state.undo.get_untracked(), None);
}

#[test]
fn focus_on_the_vanishing_undo_goes_to_the_comments_heading() {
    let (browser, state) = tab("a");
    post(state, "Deleted");
    state.delete(&id_of(state, "Deleted"));
    *browser.focused.borrow_mut() = Some(ids::UNDO_DELETE.into());
    browser.fire_timer();
    assert_eq!(
        browser.last_focus(),
        Some(Focus::Now(ids::COMMENTS_HEADING.into()))
    );
}

#[test]
fn focus_elsewhere_stays_when_undo_vanishes() {
    let (browser, state) = tab("a");
    post(state, "Deleted");
    state.delete(&id_of(state, "Deleted"));
    *browser.focused.borrow_mut() = Some(ids::FormIds::of(None).text);
    let asked = browser.focus.borrow().len();
    browser.fire_timer();
    assert_eq!(browser.focus.borrow().len(), asked, "no focus moved");
}

// Import

/// What `state` exports, as the file a reader would pick.
fn exported(browser: Port, state: CommentsState<Port>) -> Result<String, ImportError> {
    state.export();
    let file = browser
        .downloads
        .borrow()
        .last()
        .cloned()
        .expect("a download");
    assert_eq!(
        file.name,
        format!("kosovo-briefing-comments-{ARTICLE}.json")
    );
    assert_eq!(file.mime, "application/json");
    Ok(file.text)
}

#[test]
fn an_import_says_what_it_added_updated_and_already_had() {
    let (other, elsewhere) = tab("b");
    post(elsewhere, "One");
    other.wait(1000);
    post(elsewhere, "Two");
    let (browser, state) = tab("a");

    state.import_file(exported(other, elsewhere));
    assert_eq!(
        state.status.get_untracked().as_deref(),
        Some("Imported 2 new comments; 0 already here.")
    );
    assert_eq!(texts(state), ["One", "Two"]);

    state.import_file(exported(other, elsewhere));
    assert_eq!(
        state.status.get_untracked().as_deref(),
        Some("Imported 0 new comments; 2 already here.")
    );

    other.wait(60_000);
    let one = id_of(elsewhere, "One");
    elsewhere.start_edit(&one, "One");
    elsewhere.edit_text.set("One, edited".into());
    elsewhere.save_edit(&one).expect("the edit is saved");
    browser.wait(120_000);
    state.import_file(exported(other, elsewhere));
    assert_eq!(
        state.status.get_untracked().as_deref(),
        Some("Imported 0 new comments; 2 already here (1 with a later edit).")
    );
    assert_eq!(texts(state), ["One, edited", "Two"]);
    assert_eq!(state.alert.get_untracked(), None);
}

#[test]
fn a_bad_file_gets_an_alert_and_changes_nothing() {
    let (browser, state) = tab("a");
    post(state, "Kept through bad imports");
    let stored = browser
        .storage
        .all_keys()
        .iter()
        .map(|k| browser.storage.value(k))
        .collect::<Vec<_>>();

    state.import_file(Ok("not json".into()));
    let alert = state.alert.get_untracked().expect("an alert");
    assert!(
        alert.starts_with("That file is not a comments export of this article: "),
        "{alert}"
    );
    assert!(alert.ends_with(" Nothing was changed."), "{alert}");

    state.import_file(Err(ImportError::FileUnreadable));
    assert_eq!(
        state.alert.get_untracked().as_deref(),
        Some(
            "That file could not be imported: this browser could not read it. Nothing was changed."
        )
    );
    assert_eq!(state.status.get_untracked(), None);
    assert_eq!(texts(state), ["Kept through bad imports"]);
    let after = browser
        .storage
        .all_keys()
        .iter()
        .map(|k| browser.storage.value(k))
        .collect::<Vec<_>>();
    assert_eq!(after, stored, "storage untouched");
}

// The readable copy

#[test]
fn a_readable_copy_is_an_html_file_of_the_day_with_every_comment() {
    let (browser, state) = tab("a");
    post(state, "A comment");
    state.start_reply(&id_of(state, "A comment"));
    let form = state.form(Some(id_of(state, "A comment")));
    state.type_text(&form, "A <b>reply</b>".into());
    state.submit(&form);

    state.save_readable_copy();
    let file = browser.downloads.borrow().last().cloned();
    let file = file.expect("a download");
    let day = "2026-11-27";
    assert_eq!(
        file.name,
        format!("kosovo-briefing-comments-{ARTICLE}-{day}.html")
    );
    assert_eq!(file.mime, "text/html");
    // fake_browser::HEADLINE is "France & the UN's mission".
    let html = file.text;
    assert!(
        html.contains("<h1>France &amp; the UN&#39;s mission</h1>"),
        "{html}"
    );
    assert!(html.contains(">A comment</p>") && html.contains(">A &lt;b&gt;reply&lt;/b&gt;</p>"));
    assert_eq!(state.alert.get_untracked(), None);
}

#[test]
fn a_refused_readable_copy_says_so() {
    let (browser, state) = tab("a");
    post(state, "A comment");
    browser.refuse_downloads.set(true);
    state.save_readable_copy();
    assert!(browser.downloads.borrow().is_empty());
    let alert = state.alert.get_untracked();
    let said = "The readable copy could not be saved: this browser refused it.";
    assert_eq!(alert.as_deref(), Some(said));
}

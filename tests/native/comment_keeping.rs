//! What the comments section keeps beyond the comments (issue 17): the
//! unsent text of an open Reply or Edit box across a reload, the request
//! that the browser keep the storage, and the count of comments that no
//! export holds, converging across tabs. The browser suite
//! `tests/e2e/comments-drafts.test.mjs` checks the same in a real page.

use crate::fake_browser::{reload, tab, Port};
use crate::support::{at, ms_at, MemoryStorage, ARTICLE};

use kosovo_briefing::comments::{
    unexported_sentence, Body, CommentStore, ExportRecord, NewComment, OpenDrafts, Storage,
};
use kosovo_briefing::views::comments::port::{Persistence, StorageNotice};
use kosovo_briefing::views::comments::state::CommentsState;
use leptos::prelude::{GetUntracked, WithUntracked};

fn post(state: CommentsState<Port>, text: &str) -> String {
    let form = state.form(None);
    state.type_text(&form, text.to_string());
    state.submit(&form);
    state.document.with_untracked(|d| {
        d.entries()
            .find(|e| matches!(&e.body, Body::Live { text: t, .. } if t == text))
            .map(|e| e.id.clone())
            .expect("the comment is there")
    })
}

/// Opens the reply form under `parent` and types `text` into it.
fn reply_typed(state: CommentsState<Port>, parent: &str, text: &str) {
    state.start_reply(parent);
    let form = state.form(Some(parent.to_string()));
    state.type_text(&form, text.to_string());
}

/// An open box after a reload: its comment's id and its text.
type Open = Option<(String, String)>;

/// What a reload restores: the open reply, the open edit.
fn restored(browser: Port) -> (Open, Open) {
    let state = reload(browser);
    let reply = state
        .replying_to
        .get_untracked()
        .map(|id| (id, state.reply_text.get_untracked()));
    let edit = state
        .editing
        .get_untracked()
        .map(|id| (id, state.edit_text.get_untracked()));
    (reply, edit)
}

fn open_drafts_stored(browser: Port) -> OpenDrafts {
    let key = CommentStore::new(&browser.storage, ARTICLE, "x").open_drafts_key();
    OpenDrafts::parse(&browser.storage.value(&key).unwrap_or_default())
}

// Drafts of the Reply and Edit boxes

#[test]
fn a_reply_draft_survives_a_fresh_load_and_goes_once_posted() {
    let (browser, state) = tab("a");
    let parent = post(state, "A comment");
    reply_typed(state, &parent, "Half a reply");
    let reply = Some((parent.clone(), "Half a reply".to_string()));
    assert_eq!(restored(browser), (reply, None));

    let form = state.form(Some(parent));
    state.submit(&form);
    assert_eq!(restored(browser), (None, None));
    assert_eq!(open_drafts_stored(browser), OpenDrafts::default());
}

#[test]
fn a_cancelled_reply_leaves_no_draft() {
    let (browser, state) = tab("a");
    let parent = post(state, "A comment");
    reply_typed(state, &parent, "Never mind");
    state.cancel_reply(&state.form(Some(parent)));
    assert_eq!(restored(browser), (None, None));
}

#[test]
fn an_edit_draft_survives_a_fresh_load_and_goes_once_saved_or_cancelled() {
    let (browser, state) = tab("a");
    let id = post(state, "A comment");
    state.start_edit(&id, "A comment");
    state.type_edit("A comment, better".into());
    let edit = Some((id.clone(), "A comment, better".to_string()));
    assert_eq!(restored(browser), (None, edit));

    assert_eq!(state.save_edit(&id), Ok(()));
    assert_eq!(restored(browser), (None, None));

    state.start_edit(&id, "A comment, better");
    state.type_edit("Again".into());
    state.cancel_edit(&id);
    assert_eq!(restored(browser), (None, None));
}

#[test]
fn a_draft_whose_comment_is_gone_is_dropped() {
    // Deleted here: the draft goes with the comment.
    let (browser, state) = tab("a");
    let parent = post(state, "A comment");
    reply_typed(state, &parent, "Half a reply");
    state.delete(&parent);
    assert_eq!(restored(browser), (None, None));

    // Deleted while this page was closed: a load drops it, from storage too.
    let (browser, state) = tab("b");
    let id = post(state, "Another");
    state.start_edit(&id, "Another");
    state.type_edit("Another, edited".into());
    let elsewhere = reload(browser);
    elsewhere.cancel_edit(&id);
    elsewhere.delete(&id);
    assert_eq!(restored(browser), (None, None));
    assert_eq!(open_drafts_stored(browser), OpenDrafts::default());
}

// Asking the browser to keep the storage

#[test]
fn persistence_is_asked_after_the_first_post_not_on_load_and_once() {
    let (browser, state) = tab("a");
    assert_eq!(browser.persist_calls.get(), 0, "not asked on load");
    assert_eq!(browser.persisted_calls.get(), 1, "read at start");
    let id = post(state, "One");
    assert_eq!(browser.persist_calls.get(), 1, "asked after the first post");
    post(state, "Two");
    state.start_edit(&id, "One");
    state.type_edit("One, edited".into());
    assert_eq!(state.save_edit(&id), Ok(()));
    assert_eq!(browser.persist_calls.get(), 1, "once a page load");
}

#[test]
fn no_warning_where_the_browser_keeps_the_storage() {
    let (browser, state) = tab("a");
    assert!(state.may_be_cleared(), "a browser that has not agreed");
    browser.persistence.set(Some(Persistence::Persistent));
    post(state, "One");
    assert!(!state.may_be_cleared(), "it agreed when asked");
    assert!(!reload(browser).may_be_cleared());
}

// Comments in no export

#[test]
fn the_count_goes_with_an_export_and_comes_back_with_an_edit() {
    let (_, state) = tab("a");
    let one = post(state, "One");
    post(state, "Two");
    assert_eq!(state.unexported(), 2);
    state.export();
    assert_eq!(state.unexported(), 0);
    state.start_edit(&one, "One");
    state.type_edit("One, edited".into());
    assert_eq!(state.save_edit(&one), Ok(()));
    assert_eq!(
        state.unexported(),
        1,
        "an edit after the export counts again"
    );
    state.delete(&one);
    assert_eq!(state.unexported(), 0, "a deleted comment does not count");
}

/// What another tab's write of `key` tells this one.
fn notice(
    browser: Port,
    key: fn(&CommentStore<&'static MemoryStorage>) -> String,
) -> StorageNotice {
    let key = key(&CommentStore::new(&browser.storage, ARTICLE, "x"));
    StorageNotice {
        new_value: browser.storage.value(&key),
        key: Some(key),
    }
}

#[test]
fn two_tabs_exporting_at_different_moments_converge() {
    let (browser, first) = tab("a");
    let second = reload(browser);
    let comments = || notice(browser, CommentStore::comments_key);
    let exports = || notice(browser, CommentStore::exported_key);
    let one = post(first, "One");
    second.follow(comments());
    first.export();
    second.follow(exports());
    browser.wait(1000);
    post(second, "Two");
    first.follow(comments());
    assert_eq!((first.unexported(), second.unexported()), (1, 1));

    second.start_edit(&one, "One");
    second.type_edit("One, edited".into());
    assert_eq!(second.save_edit(&one), Ok(()));
    first.follow(comments());
    assert_eq!((first.unexported(), second.unexported()), (2, 2));
    second.export();
    first.follow(exports());
    assert_eq!((first.unexported(), second.unexported()), (0, 0));
    assert_eq!(reload(browser).unexported(), 0, "a reload counts the same");
}

fn new_comment(id: &str, text: &str) -> NewComment {
    NewComment {
        id: id.to_string(),
        parent: None,
        author: String::new(),
        text: text.to_string(),
        now: at(0),
    }
}

#[test]
fn the_export_record_joins_per_id_to_the_later_version() {
    let storage = MemoryStorage::default();
    let (a, b) = (
        CommentStore::new(&storage, ARTICLE, "a"),
        CommentStore::new(&storage, ARTICLE, "b"),
    );
    let first = a.post(new_comment("c1", "One"), ms_at(1)).expect("posted");
    let exported_by_a = ExportRecord::of(&first);
    assert!(b.load().is_ok());
    let both = b.post(new_comment("c2", "Two"), ms_at(2)).expect("posted");
    let exported_by_b = ExportRecord::of(&both);
    assert!(a.load().is_ok());
    let edited = a
        .edit("c1", "One, edited", &at(3), ms_at(3))
        .expect("edited");

    // Either order, and either tab's view: the same record.
    let mut ab = exported_by_a.clone();
    ab.join(&exported_by_b);
    let mut ba = exported_by_b.clone();
    ba.join(&exported_by_a);
    assert_eq!(ab, ba);
    assert!(
        !ab.clone().join(&exported_by_a),
        "joining again changes nothing"
    );
    assert_eq!(ab.unexported(&both), 0);
    assert_eq!(
        ab.unexported(&edited),
        1,
        "an edit after the export counts again"
    );
    assert_eq!(
        exported_by_a.unexported(&both),
        1,
        "a's export did not hold c2"
    );

    // An older export seen later does not take the newer one back.
    let mut latest = ExportRecord::of(&edited);
    assert!(!latest.join(&ab));
    assert_eq!(latest.unexported(&edited), 0);
    assert_eq!(ExportRecord::parse(&latest.to_stored()), latest);
    assert_eq!(ExportRecord::parse("not json"), ExportRecord::default());
}

#[test]
fn the_sentence_counts_in_full() {
    assert_eq!(unexported_sentence(0), None);
    assert_eq!(
        unexported_sentence(1).as_deref(),
        Some("1 comment is not in any export.")
    );
    assert_eq!(
        unexported_sentence(3).as_deref(),
        Some("3 comments are not in any export.")
    );
}

// What the review of issue 17 found: each test fails without its fix.

#[test]
fn a_record_written_without_this_tabs_export_is_written_back_whole() {
    let (browser, state) = tab("a");
    post(state, "One");
    state.export();
    assert_eq!(state.unexported(), 0);
    // Another tab, its copy of storage behind this one's, writes the record
    // it had: without this tab's export.
    let key = CommentStore::new(&browser.storage, ARTICLE, "x").exported_key();
    browser
        .storage
        .set(&key, "[]")
        .expect("the fake storage takes it");
    state.follow(notice(browser, CommentStore::exported_key));
    assert_eq!(state.unexported(), 0, "this tab still counts its export");
    assert_eq!(
        reload(browser).unexported(),
        0,
        "the record this tab knows was written back, so a reload counts the same"
    );
}

#[test]
fn a_restored_reply_box_beyond_the_first_page_is_shown() {
    let (browser, state) = tab("a");
    let oldest = post(state, "Comment 0");
    for n in 1..60 {
        browser.wait(1000);
        post(state, &format!("Comment {n}"));
    }
    reply_typed(state, &oldest, "Half a reply");
    let again = reload(browser);
    assert_eq!(again.replying_to.get_untracked(), Some(oldest));
    assert!(
        again.shown_threads.get_untracked() >= 60,
        "the oldest thread, 60th newest first, is rendered with its open box"
    );
}

#[test]
fn drafts_are_kept_while_the_stored_comments_cannot_be_read() {
    let (browser, state) = tab("a");
    let one = post(state, "One");
    reply_typed(state, &one, "Half a reply");
    let comments = CommentStore::new(&browser.storage, ARTICLE, "x").comments_key();
    browser
        .storage
        .set(&comments, "{not json")
        .expect("the fake storage takes it");
    let (reply, _) = restored(browser);
    assert_eq!(reply, None, "no comment to reply to is shown");
    assert_eq!(
        open_drafts_stored(browser).reply.map(|d| d.text),
        Some("Half a reply".to_string()),
        "the kept text is not dropped for want of a readable document"
    );
}

#[test]
fn another_tab_opening_and_closing_an_editor_keeps_this_tabs_reply_draft() {
    let (browser, first) = tab("a");
    let one = post(first, "One");
    let second = reload(browser);
    reply_typed(first, &one, "Half a reply");
    second.start_edit(&one, "One");
    second.cancel_edit(&one);
    assert_eq!(
        open_drafts_stored(browser).reply.map(|d| d.text),
        Some("Half a reply".to_string())
    );
}

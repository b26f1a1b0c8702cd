//! The comment store: posting, replies, edits, deletes and Undo, imports,
//! and every storage failure, against an in-memory storage.

use crate::support;

use kosovo_briefing::comments::{
    validate_text, Action, CommentDocument, CommentStore, ErrorKind, ImportError, MergeReport,
    NewComment, Order, ReadProblem, StorageChange, StoredProblem, DOCUMENT_VERSION, MAX_BACKUPS,
};
use support::{at, ms_at, MemoryStorage, ARTICLE, COMMENTS_KEY};

fn new(id: &str, text: &str, minute: u32) -> NewComment {
    NewComment {
        id: id.into(),
        parent: None,
        author: "Ana".into(),
        text: text.into(),
        now: at(minute),
    }
}

fn reply(id: &str, parent: &str, minute: u32) -> NewComment {
    NewComment {
        parent: Some(parent.into()),
        ..new(id, "a reply", minute)
    }
}

fn store() -> CommentStore<MemoryStorage> {
    CommentStore::new(MemoryStorage::new(), ARTICLE, "t1")
}

/// Posts `comment` at its own minute.
fn post<S: kosovo_briefing::comments::Storage>(
    store: &CommentStore<S>,
    comment: NewComment,
) -> CommentDocument {
    let minute = minute_of(&comment.now);
    store.post(comment, ms_at(minute)).unwrap()
}

fn minute_of(iso: &str) -> u32 {
    let ms = kosovo_briefing::comments::time::unix_ms_from_iso(iso).unwrap() as u64;
    ((ms - support::T0_MS) / 60_000) as u32
}

fn ids(doc: &CommentDocument, order: Order) -> Vec<String> {
    doc.threads(order)
        .into_iter()
        .map(|t| t.comment.id)
        .collect()
}

fn kind<T: std::fmt::Debug>(
    result: Result<T, kosovo_briefing::comments::CommentError>,
) -> ErrorKind {
    result.unwrap_err().kind().clone()
}

fn stored(store: &CommentStore<MemoryStorage>) -> Option<String> {
    store.storage().value(COMMENTS_KEY)
}

#[test]
fn text_is_trimmed_and_bounded() {
    assert_eq!(validate_text("  hi \n"), Ok("hi".into()));
    assert_eq!(validate_text(" \n\t "), Err(ErrorKind::Empty));
    assert_eq!(validate_text(&"é".repeat(2000)), Ok("é".repeat(2000)));
    assert_eq!(
        validate_text(&format!("  {}  ", "x".repeat(2001))),
        Err(ErrorKind::TooLong { chars: 2001 })
    );
    // Line breaks inside are kept.
    assert_eq!(validate_text("a\n\nb"), Ok("a\n\nb".into()));
}

#[test]
fn posts_survive_a_reload_and_show_newest_first() {
    let store = store();
    post(&store, new("a", "first", 1));
    post(&store, new("b", "second", 2));
    let reloaded = CommentStore::new(store.storage(), ARTICLE, "t2")
        .load()
        .unwrap();
    assert_eq!(reloaded.problem, None);
    assert_eq!(ids(&reloaded.document, Order::NewestFirst), ["b", "a"]);
    assert_eq!(ids(&reloaded.document, Order::OldestFirst), ["a", "b"]);
}

#[test]
fn an_empty_name_reads_anonymous() {
    let store = store();
    let doc = post(
        &store,
        NewComment {
            author: "   ".into(),
            ..new("a", "x", 1)
        },
    );
    assert_eq!(doc.comment("a").unwrap().display_author(), "Anonymous");
}

#[test]
fn replies_go_one_level_deep_under_their_parent() {
    let store = store();
    post(&store, new("a", "top", 1));
    post(&store, reply("r2", "a", 5));
    post(&store, reply("r1", "a", 3));
    assert_eq!(
        kind(store.post(reply("rr", "r1", 6), ms_at(6))),
        ErrorKind::ReplyToReply
    );
    let error = store.post(reply("x", "missing", 6), ms_at(6)).unwrap_err();
    assert_eq!(
        (error.action(), error.kind()),
        (Action::Reply, &ErrorKind::UnknownComment)
    );
    let threads = store.document().threads(Order::NewestFirst);
    assert_eq!(threads.len(), 1);
    let replies: Vec<&str> = threads[0].replies.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(replies, ["r1", "r2"]);
}

#[test]
fn edit_changes_text_and_marks_edited() {
    let store = store();
    post(&store, new("a", "first", 1));
    let doc = store.edit("a", "  better  ", &at(9), ms_at(9)).unwrap();
    let comment = doc.comment("a").unwrap();
    assert_eq!(comment.text, "better");
    assert_eq!(comment.edited_at.as_deref(), Some(at(9).as_str()));
    assert_eq!(
        kind(store.edit("a", " ", &at(10), ms_at(10))),
        ErrorKind::Empty
    );
    assert_eq!(
        kind(store.edit("missing", "x", &at(10), ms_at(10))),
        ErrorKind::UnknownComment
    );
    // Saving the same text again is no edit, and writes nothing.
    let writes = store.storage().writes();
    store.edit("a", "better", &at(11), ms_at(11)).unwrap();
    assert_eq!(store.storage().writes(), writes);
}

#[test]
fn delete_keeps_no_text_and_undo_restores_exactly() {
    let store = store();
    post(&store, new("a", "first words", 1));
    let before = store.document().comment("a");
    let (removed, after) = store.delete("a", ms_at(2)).unwrap();
    assert_eq!(after.visible_count(), 0);
    assert!(
        !stored(&store).unwrap().contains("first words"),
        "the text is gone from storage"
    );
    let restored = store.restore(&removed, ms_at(3)).unwrap();
    assert!(restored.all_back);
    assert_eq!(restored.document.comment("a"), before);
}

#[test]
fn a_deleted_comment_with_replies_stays_as_a_placeholder_while_they_do() {
    let store = store();
    post(&store, new("a", "top", 1));
    post(&store, reply("r", "a", 2));
    let (removed, doc) = store.delete("a", ms_at(3)).unwrap();
    let threads = doc.threads(Order::NewestFirst);
    assert_eq!(threads.len(), 1);
    assert!(threads[0].comment.deleted);
    assert!(threads[0].comment.text.is_empty());
    assert_eq!(threads[0].replies.len(), 1);
    assert_eq!(doc.visible_count(), 1);
    // Its last reply gone, the placeholder goes; Undo brings each back.
    let (removed_reply, doc) = store.delete("r", ms_at(4)).unwrap();
    assert!(doc.threads(Order::NewestFirst).is_empty());
    let doc = store.restore(&removed_reply, ms_at(5)).unwrap().document;
    assert!(doc.threads(Order::NewestFirst)[0].comment.deleted);
    let doc = store.restore(&removed, ms_at(6)).unwrap().document;
    assert_eq!(doc.comment("a").unwrap().text, "top");
}

#[test]
fn one_undo_after_several_deletes_restores_them_all() {
    let store = store();
    post(&store, new("a", "top", 1));
    post(&store, reply("r", "a", 2));
    post(&store, new("b", "other", 3));
    let before = store.document();
    let (first, _) = store.delete("a", ms_at(4)).unwrap();
    let (second, _) = store.delete("r", ms_at(5)).unwrap();
    let (third, doc) = store.delete("b", ms_at(6)).unwrap();
    assert_eq!(doc.visible_count(), 0);
    let all = third.after(second.after(first));
    assert_eq!(all.count(), 3);
    let restored = store.restore(&all, ms_at(7)).unwrap().document;
    assert_eq!(
        restored.threads(Order::OldestFirst),
        before.threads(Order::OldestFirst)
    );
}

#[test]
fn a_change_joins_what_storage_holds() {
    let storage = MemoryStorage::new();
    let tab_a = CommentStore::new(&storage, ARTICLE, "a");
    let tab_b = CommentStore::new(&storage, ARTICLE, "b");
    tab_b.load().unwrap();
    post(&tab_a, new("from-a", "A", 1));
    let doc = post(&tab_b, new("from-b", "B", 2));
    assert_eq!(ids(&doc, Order::OldestFirst), ["from-a", "from-b"]);
}

#[test]
fn following_a_write_that_left_something_out_writes_it_back() {
    let storage = MemoryStorage::new();
    let tab_a = CommentStore::new(&storage, ARTICLE, "a");
    let tab_b = CommentStore::new(&storage, ARTICLE, "b");
    post(&tab_a, new("a", "A", 1));
    // Tab B's write never saw "a" (a stale copy).
    let other = CommentStore::new(MemoryStorage::new(), ARTICLE, "b");
    post(&other, new("b", "B", 2));
    let b_wrote = other.export();
    kosovo_briefing::comments::Storage::set(&storage, COMMENTS_KEY, &b_wrote).unwrap();
    let followed = tab_a.follow(StorageChange::Written(&b_wrote));
    assert_eq!(ids(&followed.document, Order::OldestFirst), ["a", "b"]);
    let now_stored =
        CommentDocument::parse(&storage.value(COMMENTS_KEY).unwrap(), ARTICLE).unwrap();
    assert_eq!(
        ids(&now_stored, Order::OldestFirst),
        ["a", "b"],
        "written back"
    );
    // A tab that hears a value holding all it knows writes nothing: no echo.
    let writes = storage.writes();
    let joined = storage.value(COMMENTS_KEY).unwrap();
    let followed = tab_b.follow(StorageChange::Written(&joined));
    assert_eq!(ids(&followed.document, Order::OldestFirst), ["a", "b"]);
    assert_eq!(storage.writes(), writes);
}

#[test]
fn a_failed_write_back_is_said_once_and_made_by_the_next_change() {
    let storage = MemoryStorage::new();
    let tab = CommentStore::new(&storage, ARTICLE, "a");
    post(&tab, new("a", "A", 1));
    let other = CommentStore::new(MemoryStorage::new(), ARTICLE, "b");
    post(&other, new("b", "B", 2));
    let stale = other.export();
    kosovo_briefing::comments::Storage::set(&storage, COMMENTS_KEY, &stale).unwrap();
    storage.fill_up();
    let first = tab.follow(StorageChange::Written(&stale));
    let said = first.unsaved.expect("said");
    assert_eq!(said.kind(), &ErrorKind::StorageFull);
    assert_eq!(
        said.to_string(),
        "Comments from another tab could not be saved here: this browser’s storage is full. They are kept in this tab and saved with your next change."
    );
    assert!(
        tab.follow(StorageChange::Written(&stale)).unsaved.is_none(),
        "said once"
    );
    assert_eq!(
        ids(&tab.document(), Order::OldestFirst),
        ["a", "b"],
        "kept in the tab"
    );
    storage.set_quota(None);
    post(&tab, new("c", "C", 5));
    let now_stored =
        CommentDocument::parse(&storage.value(COMMENTS_KEY).unwrap(), ARTICLE).unwrap();
    assert_eq!(ids(&now_stored, Order::OldestFirst), ["a", "b", "c"]);
}

#[test]
fn storage_cleared_in_another_tab_clears_this_tab_too() {
    let storage = MemoryStorage::new();
    let tab = CommentStore::new(&storage, ARTICLE, "a");
    post(&tab, new("a", "A", 1));
    storage.clear();
    let followed = tab.follow(StorageChange::Cleared);
    assert_eq!(followed.document.visible_count(), 0);
    let writes = storage.writes();
    post(&tab, new("b", "B", 3));
    assert_eq!(storage.writes(), writes + 1);
    assert_eq!(ids(&tab.document(), Order::OldestFirst), ["b"]);
}

#[test]
fn following_an_unreadable_value_sets_it_aside_and_writes_nothing_over_it() {
    let storage = MemoryStorage::new();
    let tab = CommentStore::new(&storage, ARTICLE, "a");
    post(&tab, new("a", "A", 1));
    kosovo_briefing::comments::Storage::set(&storage, COMMENTS_KEY, "{oops").unwrap();
    let followed = tab.follow(StorageChange::Written("{oops"));
    assert!(matches!(
        followed.problem,
        Some(StoredProblem::Unreadable {
            backup_key: Some(_),
            ..
        })
    ));
    assert_eq!(
        ids(&followed.document, Order::OldestFirst),
        ["a"],
        "the tab still shows its comments"
    );
    assert_eq!(storage.value(COMMENTS_KEY).as_deref(), Some("{oops"));
}

#[test]
fn export_then_import_twice_adds_nothing_twice() {
    let source = store();
    post(&source, new("a", "one", 1));
    post(&source, reply("r", "a", 2));
    let export = source.export();

    let target = CommentStore::new(MemoryStorage::new(), ARTICLE, "t2");
    post(&target, new("mine", "local", 3));
    let (first, _) = target.import(&export, ms_at(4)).unwrap();
    assert_eq!((first.added, first.unchanged), (2, 0));
    let (second, doc) = target.import(&export, ms_at(5)).unwrap();
    assert_eq!(
        second,
        MergeReport {
            unchanged: 2,
            ..MergeReport::default()
        }
    );
    assert_eq!(doc.visible_count(), 3);
}

#[test]
fn import_keeps_the_later_edit_and_the_later_delete() {
    let source = store();
    post(&source, new("a", "one", 1));
    post(&source, new("b", "two", 2));
    let target = CommentStore::new(MemoryStorage::new(), ARTICLE, "t2");
    target.import(&source.export(), ms_at(3)).unwrap();
    source.edit("a", "one, edited", &at(5), ms_at(5)).unwrap();
    source.delete("b", ms_at(6)).unwrap();
    let (report, doc) = target.import(&source.export(), ms_at(7)).unwrap();
    assert_eq!((report.updated, report.removed), (1, 1));
    assert_eq!(doc.comment("a").unwrap().text, "one, edited");
    assert_eq!(doc.comment("b"), None);
}

/// A version 2 export holding `comments` (JSON objects).
fn export_of(comments: &[String]) -> String {
    format!(
        r#"{{"version": 2, "article": "{ARTICLE}", "comments": [{}]}}"#,
        comments.join(",")
    )
}

fn comment_json(id: &str, parent: Option<&str>, minute: u32, edited: Option<u32>) -> String {
    let parent = parent.map_or("null".to_string(), |p| format!(r#""{p}""#));
    let edited = edited.map_or("null".to_string(), |m| format!(r#""{}""#, at(m)));
    format!(
        r#"{{"id": "{id}", "parent": {parent}, "author": "", "text": "t", "created_at": "{}", "edited_at": {edited}}}"#,
        at(minute)
    )
}

#[test]
fn an_import_never_moves_a_comment_to_another_thread() {
    // Here: "a", with the reply "b". The file: a new "c", and "a" as a reply
    // to "c", edited later.
    let store = store();
    post(&store, new("a", "top", 1));
    post(&store, reply("b", "a", 2));
    let file = export_of(&[
        comment_json("c", None, 3, None),
        comment_json("a", Some("c"), 1, Some(9)),
    ]);
    let (report, doc) = store.import(&file, ms_at(10)).unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (1, 0, 1));
    assert_eq!(doc.comment("a").unwrap().parent, None);
    assert_eq!(store.load().unwrap().problem, None);
}

#[test]
fn an_import_that_would_break_a_thread_is_refused_and_changes_nothing() {
    // Here "b" replies to "a"; the file has only a reply "x" to "b".
    let store = store();
    post(&store, new("a", "top", 1));
    post(&store, reply("b", "a", 2));
    let before = stored(&store);
    let file = export_of(&[
        comment_json("b", None, 2, None),
        comment_json("x", Some("b"), 3, None),
    ]);
    let error = store.import(&file, ms_at(4)).unwrap_err();
    let ImportError::Save(error) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(error.kind(), &ErrorKind::BreaksThread);
    assert_eq!(
        error.to_string(),
        "The imported comments could not be saved: that would break a reply’s link to its comment. Nothing was changed."
    );
    assert_eq!(stored(&store), before);
}

#[test]
fn a_bad_import_changes_nothing() {
    let store = store();
    post(&store, new("a", "one", 1));
    let before = stored(&store);
    let bad_files = [
        "not json".to_string(),
        "[]".to_string(),
        r#"{"version": 2, "article": "france-unsc-unmik"}"#.to_string(),
        r#"{"version": 99, "article": "france-unsc-unmik", "comments": []}"#.to_string(),
        r#"{"version": 0, "article": "france-unsc-unmik", "comments": []}"#.to_string(),
        r#"{"version": 2, "article": "another", "comments": []}"#.to_string(),
        format!(
            r#"{{"version": 2, "article": "{ARTICLE}", "comments": [{{"id": "x", "author": "", "text": " ", "created_at": "{}"}}]}}"#,
            at(1)
        ),
        format!(
            r#"{{"version": 2, "article": "{ARTICLE}", "comments": [{{"id": "x", "author": "", "text": "t", "created_at": "yesterday"}}]}}"#
        ),
        format!(
            r#"{{"version": 4, "article": "{ARTICLE}", "comments": [{{"id": "x", "created_at": "{}", "stamp": "soon", "author": "", "text": "t"}}]}}"#,
            at(1)
        ),
        format!(
            r#"{{"version": 4, "article": "{ARTICLE}", "comments": [{{"id": "x", "created_at": "{}", "stamp": "1.0.a", "deleted": true, "text": "kept?"}}]}}"#,
            at(1)
        ),
    ];
    for file in bad_files {
        let error = store.import(&file, ms_at(2)).unwrap_err();
        assert!(
            matches!(error, ImportError::Unreadable(_)),
            "{file}: {error:?}"
        );
        assert!(
            error.to_string().ends_with("Nothing was changed."),
            "{error}"
        );
        assert_eq!(stored(&store), before, "{file}");
    }
}

#[test]
fn version_1_documents_are_migrated() {
    let store = store();
    let v1 = r#"{"version": 1, "comments": [{"id": "old", "name": "Bo", "body": "from v1", "posted_ms": 1700000000000}]}"#;
    kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, v1).unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(loaded.problem, None);
    let comment = loaded.document.comment("old").unwrap();
    assert_eq!(
        (comment.author.as_str(), comment.text.as_str()),
        ("Bo", "from v1")
    );
    assert_eq!(comment.created_at, "2023-11-14T22:13:20.000Z");
    // The next write stores the current version.
    post(&store, new("new", "now", 1));
    let stored: serde_json::Value = serde_json::from_str(&stored(&store).unwrap()).unwrap();
    assert_eq!(stored["version"], DOCUMENT_VERSION);
}

/// A version 3 document: a placeholder with a reply, an edited comment,
/// and a comment deleted outright (listed in `removed`).
fn version_3() -> String {
    format!(
        r#"{{"version": 3, "article": "{ARTICLE}", "revision": "s1.4", "removed": ["gone"], "comments": [
            {{"id": "p", "author": "", "text": "", "created_at": "{}", "deleted": true}},
            {{"id": "r", "parent": "p", "author": "Ana", "text": "a reply", "created_at": "{}"}},
            {{"id": "e", "author": "Bo", "text": "edited", "created_at": "{}", "edited_at": "{}"}}
        ]}}"#,
        at(1),
        at(2),
        at(3),
        at(4)
    )
}

#[test]
fn versions_2_and_3_are_migrated_the_same_way_in_every_tab() {
    let first = CommentDocument::parse(&version_3(), ARTICLE).unwrap();
    let second = CommentDocument::parse(&version_3(), ARTICLE).unwrap();
    assert_eq!(first, second, "two tabs migrating one document agree");
    let threads = first.threads(Order::OldestFirst);
    assert_eq!(ids(&first, Order::OldestFirst), ["p", "e"]);
    assert!(threads[0].comment.deleted);
    assert_eq!(threads[0].replies[0].id, "r");
    assert_eq!(first.comment("e").unwrap().edited_at, Some(at(4)));
    assert_eq!(first.comment("gone"), None);
}

#[test]
fn an_old_export_cannot_bring_back_what_version_3_had_deleted() {
    let store = store();
    kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, &version_3()).unwrap();
    store.load().unwrap();
    // An export from before those deletes.
    let file = export_of(&[
        comment_json("gone", None, 1, None),
        comment_json("p", None, 1, None),
    ]);
    let (report, doc) = store.import(&file, ms_at(6)).unwrap();
    assert_eq!(report.added, 0);
    assert_eq!(doc.comment("gone"), None);
    assert_eq!(doc.comment("p"), None);
}

#[test]
fn what_version_3_had_deleted_stays_deleted_after_later_changes() {
    let store = store();
    kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, &version_3()).unwrap();
    store.load().unwrap();
    // A change compacts old tombstones; version 3's deletes have no time.
    post(&store, new("later", "a later comment", 5));
    let file = export_of(&[comment_json("gone", None, 1, None)]);
    let (report, doc) = store.import(&file, ms_at(7)).unwrap();
    assert_eq!(report.added, 0);
    assert_eq!(doc.comment("gone"), None);
}

#[test]
fn unreadable_storage_is_set_aside_never_overwritten() {
    for raw in [
        "{not json".to_string(),
        r#"{"version": 2, "comments": "wrong"}"#.to_string(),
        format!(r#"{{"version": 4, "article": "{ARTICLE}", "comments": [{{"id": "x"}}]}}"#),
    ] {
        let store = store();
        kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, &raw).unwrap();
        let Some(StoredProblem::Unreadable {
            backup_key: Some(backup),
            ..
        }) = store.load().unwrap().problem
        else {
            panic!("{raw}: reported and set aside");
        };
        assert_eq!(
            store.storage().value(&backup).as_deref(),
            Some(raw.as_str())
        );
        assert_eq!(
            stored(&store).as_deref(),
            Some(raw.as_str()),
            "loading writes nothing over it"
        );
        // Posting starts a new document; the old value stays in its backup.
        let doc = post(&store, new("a", "fresh", 1));
        assert_eq!(doc.visible_count(), 1);
        assert_eq!(
            store.storage().value(&backup).as_deref(),
            Some(raw.as_str())
        );
    }
}

#[test]
fn backups_are_kept_once_each_and_bounded() {
    let store = store();
    let backups = |store: &CommentStore<MemoryStorage>| {
        store
            .storage()
            .all_keys()
            .into_iter()
            .filter(|k| k.contains(":backup:"))
            .count()
    };
    for i in 0..MAX_BACKUPS + 2 {
        let raw = format!("{{broken {i}");
        kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, &raw).unwrap();
        store.load().unwrap();
        store.load().unwrap();
    }
    assert_eq!(backups(&store), MAX_BACKUPS);
    let newest = format!("{{broken {}", MAX_BACKUPS + 1);
    let kept: Vec<String> = store
        .storage()
        .all_keys()
        .into_iter()
        .filter(|k| k.contains(":backup:"))
        .filter_map(|k| store.storage().value(&k))
        .collect();
    assert!(kept.contains(&newest), "{kept:?}");
    assert!(
        !kept.contains(&"{broken 0".to_string()),
        "the oldest went first"
    );
}

#[test]
fn comments_from_a_newer_version_are_left_untouched() {
    let store = store();
    let newer = format!(r#"{{"version": 6, "article": "{ARTICLE}", "entries": {{}}}}"#);
    kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, &newer).unwrap();
    let problem = store.load().unwrap().problem.unwrap();
    assert_eq!(problem, StoredProblem::Newer(6));
    assert!(problem.to_string().contains("a newer version of this page"));
    let error = store.post(new("a", "x", 1), ms_at(1)).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::NewerFormat);
    assert!(error.to_string().contains("Your text is still in the box"));
    assert_eq!(stored(&store), Some(newer));
    assert!(
        store
            .storage()
            .all_keys()
            .iter()
            .all(|k| !k.contains(":backup:")),
        "a newer document is not unreadable data"
    );
}

#[test]
fn when_the_backup_cannot_be_written_nothing_is_overwritten() {
    let store = store();
    let raw = "{broken";
    kosovo_briefing::comments::Storage::set(store.storage(), COMMENTS_KEY, raw).unwrap();
    store.storage().fill_up();
    let Some(StoredProblem::Unreadable { backup_key, .. }) = store.load().unwrap().problem else {
        panic!("reported");
    };
    assert_eq!(backup_key, None);
    assert_eq!(
        kind(store.post(new("a", "x", 1), ms_at(1))),
        ErrorKind::BackupFailed
    );
    assert_eq!(stored(&store).as_deref(), Some(raw));
}

#[test]
fn a_full_storage_refuses_the_post_and_keeps_what_was_saved() {
    let store = store();
    post(&store, new("a", "kept", 1));
    let saved = stored(&store);
    store.storage().fill_up();
    let error = store.post(new("b", "too much", 2), ms_at(2)).unwrap_err();
    assert_eq!(error.kind(), &ErrorKind::StorageFull);
    assert_eq!(
        error.to_string(),
        "Your comment could not be saved: this browser’s storage is full. Your text is still in the box; nothing saved before was changed."
    );
    assert_eq!(stored(&store), saved);
    assert_eq!(store.document().comment("b"), None, "not shown as posted");
}

#[test]
fn no_storage_at_all_is_reported_as_unavailable() {
    let store = store();
    store.storage().set_unavailable(true);
    assert!(store.load().is_err());
    assert_eq!(
        kind(store.post(new("a", "x", 1), ms_at(1))),
        ErrorKind::StorageUnavailable
    );
}

#[test]
fn drafts_and_names_are_kept() {
    let store = store();
    assert_eq!(store.load_text(&store.draft_key()), "");
    store
        .save_text(&store.draft_key(), "half a thought")
        .unwrap();
    assert_eq!(store.load_text(&store.draft_key()), "half a thought");
    assert_ne!(store.draft_key(), store.comments_key());
}

#[test]
fn every_error_is_a_whole_sentence() {
    use kosovo_briefing::comments::CommentError;
    let sentences = [
        (Action::Post, ErrorKind::Empty, "Your comment is empty: write something before posting."),
        (Action::Reply, ErrorKind::TooLong { chars: 2345 }, "Your reply is 2,345 characters long; the limit is 2,000."),
        (Action::Reply, ErrorKind::UnknownComment, "The comment you were replying to was deleted in another tab, so your reply could not be posted."),
        (Action::Edit, ErrorKind::UnknownComment, "The comment you were editing was deleted in another tab, so your changes could not be saved."),
        (Action::Delete, ErrorKind::StorageFull, "The comment could not be deleted: this browser’s storage is full."),
        (Action::Undo, ErrorKind::UnknownComment, "The comment could not be restored: another tab deleted it again since."),
        (Action::Import, ErrorKind::StorageUnavailable, "The imported comments could not be saved: this browser does not allow storage here. Nothing was changed."),
    ];
    for (action, kind, sentence) in sentences {
        assert_eq!(CommentError::new(action, kind).to_string(), sentence);
    }
    assert_eq!(
        ReadProblem::Newer(5).to_string(),
        "it was made by a newer version of this page (comments format 5)"
    );
}

#[test]
fn a_reply_is_found_in_its_parents_thread() {
    let store = store();
    post(&store, new("a", "first", 1));
    post(&store, new("b", "second", 2));
    let doc = post(&store, reply("r", "a", 3));
    assert_eq!(doc.thread_position("r", Order::NewestFirst), Some(1));
    assert_eq!(doc.thread_position("r", Order::OldestFirst), Some(0));
    assert_eq!(doc.thread_position("b", Order::NewestFirst), Some(0));
    assert_eq!(doc.thread_position("zz", Order::NewestFirst), None);
}

//! The stored document's version 5: its compact stamps and times, a
//! deleted comment's time kept only while a reply needs it, the migration
//! from version 4 that keeps every entry's rank, and its size.

use crate::support;

use kosovo_briefing::comments::{
    comment_id, iso_from_unix_ms, tab_id, Body, CommentDocument, CommentStore, Entry, NewComment,
    ReadProblem, Stamp, Storage, StoredProblem, DOCUMENT_VERSION,
};
use serde_json::{json, Map, Value};
use support::{MemoryStorage, ARTICLE, COMMENTS_KEY, T0_MS};

/// Version 4 as the last build wrote it, for documents to migrate.
fn v4_json(document: &CommentDocument) -> String {
    let comments: Vec<Value> = document
        .entries()
        .map(|e| {
            let mut o = Map::new();
            o.insert("id".into(), json!(e.id));
            if let Some(parent) = &e.parent {
                o.insert("parent".into(), json!(parent));
            }
            o.insert("created_at".into(), json!(e.created_at));
            o.insert("stamp".into(), json!(e.stamp.to_string()));
            if e.version != e.stamp {
                o.insert("version".into(), json!(e.version.to_string()));
            }
            match &e.body {
                Body::Live {
                    author,
                    text,
                    edited_at,
                } => {
                    o.insert("author".into(), json!(author));
                    o.insert("text".into(), json!(text));
                    if let Some(edited) = edited_at {
                        o.insert("edited_at".into(), json!(edited));
                    }
                }
                Body::Deleted => {
                    o.insert("deleted".into(), json!(true));
                }
            }
            Value::Object(o)
        })
        .collect();
    json!({"version": 4, "article": document.article(), "comments": comments}).to_string()
}

/// A tab's store with `n` comments of 100 characters, one a second.
fn with_comments(n: u64, tab: &str) -> CommentStore<MemoryStorage> {
    let store = CommentStore::new(MemoryStorage::new(), ARTICLE, tab);
    for i in 0..n {
        let ms = T0_MS + i * 1000;
        let new = NewComment {
            id: comment_id(ms, 0x5EED_0000_0000 + i * 7919),
            parent: None,
            author: "Ana".into(),
            text: format!("{i:03} {}", "x".repeat(96)),
            now: iso_from_unix_ms(ms as i64),
        };
        store.post(new, ms).unwrap();
    }
    store
}

fn ranks(document: &CommentDocument) -> Vec<(String, Stamp, Stamp, bool)> {
    document
        .entries()
        .map(|e| {
            (
                e.id.clone(),
                e.version.clone(),
                e.stamp.clone(),
                e.is_live(),
            )
        })
        .collect()
}

/// A document with every kind of entry: comments, a reply, an edit, a
/// deleted comment a reply needs, one no reply needs, a deleted reply.
fn every_kind() -> CommentDocument {
    let store = with_comments(4, "k3j2");
    let ids: Vec<String> = store.document().entries().map(|e| e.id.clone()).collect();
    let reply = |parent: &str, id: &str, minute: u64| NewComment {
        id: id.into(),
        parent: Some(parent.into()),
        author: String::new(),
        text: "a reply".into(),
        now: iso_from_unix_ms((T0_MS + minute * 60_000) as i64),
    };
    let later = |minute: u64| T0_MS + minute * 60_000;
    store.post(reply(&ids[0], "r1", 10), later(10)).unwrap();
    store.post(reply(&ids[1], "r2", 11), later(11)).unwrap();
    let edited_at = iso_from_unix_ms(later(12) as i64);
    store
        .edit(&ids[2], "edited text", &edited_at, later(12))
        .unwrap();
    store.delete(&ids[0], later(13)).unwrap();
    store.delete(&ids[3], later(14)).unwrap();
    store.delete("r2", later(15)).unwrap();
    store.document()
}

#[test]
fn version_4_migrates_to_5_keeping_every_entrys_rank() {
    let document = every_kind();
    let v4 = v4_json(&document);
    let migrated = CommentDocument::parse(&v4, ARTICLE).unwrap();
    assert_eq!(ranks(&migrated), ranks(&document));
    let v5 = migrated.to_json();
    assert!(v5.starts_with(&format!(r#"{{"version":{DOCUMENT_VERSION},"#)));
    let again = CommentDocument::parse(&v5, ARTICLE).unwrap();
    assert_eq!(ranks(&again), ranks(&document));
    assert_eq!(again, migrated, "version 4 read is version 5 read");
    assert_eq!(
        again.threads(Default::default()),
        document.threads(Default::default())
    );

    // A deleted comment keeps its time while a reply needs it, not after.
    let timed = |doc: &CommentDocument, id: &str| !doc.entry(id).unwrap().created_at.is_empty();
    let ids: Vec<&Entry> = document.entries().filter(|e| !e.is_live()).collect();
    assert_eq!(ids.len(), 3, "three deletes");
    let needed = ids.iter().filter(|e| timed(&again, &e.id)).count();
    assert_eq!(
        needed, 1,
        "only the comment with a live reply keeps its time"
    );
}

#[test]
fn version_5_read_written_and_read_again_is_the_same() {
    let v5 = every_kind().to_json();
    let read = CommentDocument::parse(&v5, ARTICLE).unwrap();
    assert_eq!(read.to_json(), v5, "written back byte for byte");
    assert_eq!(
        CommentDocument::parse(&read.to_json(), ARTICLE).unwrap(),
        read
    );
    assert!(
        !v5.contains("created_at") && !v5.contains("\"stamp\""),
        "{v5}"
    );
}

#[test]
fn stamps_and_times_are_compact_and_unambiguous() {
    let stamp = Stamp::new(T0_MS, 0, "k3j2");
    assert_eq!(stamp.compact(), "mwyt8hs0.k3j2");
    let counted = Stamp::new(T0_MS, 37, "");
    assert_eq!(counted.compact(), "mwyt8hs0.11.");
    for s in [stamp, counted, Stamp::new(0, u32::MAX, "a-Z9")] {
        assert_eq!(Stamp::parse_compact(&s.compact()), Some(s));
    }
    for bad in [
        "",
        "mie26qo0",
        "MIE26QO0.k",
        "a.b.c.d",
        "x.y z",
        "zzzzzzzzzzz.k",
    ] {
        assert_eq!(Stamp::parse_compact(bad), None, "{bad}");
    }
    let entry = r#"{"id":"x","at":"mwyt8hs0","s":"mwyt8hs0.t","author":"A","text":"t","edited":"2026-11-27T10:00:00.000Z"}"#;
    let doc = format!(r#"{{"version":5,"article":"{ARTICLE}","comments":[{entry}]}}"#);
    let read = CommentDocument::parse(&doc, ARTICLE).unwrap();
    assert_eq!(
        read.entry("x").unwrap().created_at,
        iso_from_unix_ms(T0_MS as i64)
    );
}

#[test]
fn a_comment_posted_at_its_stamps_time_is_stored_without_at() {
    let doc =
        |entry: &str| format!(r#"{{"version":5,"article":"{ARTICLE}","comments":[{entry}]}}"#);
    let at_stamp = doc(r#"{"id":"x","at":"mwyt8hs0","s":"mwyt8hs0.t","text":"t"}"#);
    let written = CommentDocument::parse(&at_stamp, ARTICLE)
        .unwrap()
        .to_json();
    assert_eq!(written, doc(r#"{"id":"x","s":"mwyt8hs0.t","text":"t"}"#));
    let earlier = doc(r#"{"id":"x","at":"mwyt8hr0","s":"mwyt8hs0.t","text":"t"}"#);
    let read = CommentDocument::parse(&earlier, ARTICLE).unwrap();
    assert_eq!(read.to_json(), earlier, "a post time of its own is kept");
}

#[test]
fn an_unreadable_version_5_goes_to_a_backup_key() {
    let bad = [
        r#"{"id":"x","at":"mie26qo0","s":"1764695439123.0.t","text":"t"}"#,
        r#"{"id":"x","at":"2026-13","s":"mwyt8hs0.t","text":"a bad time"}"#,
        r#"{"id":"x","at":"mwyt8hs0","text":"no stamp"}"#,
        r#"{"id":"x","s":"mwyt8hs0.t","deleted":true,"text":"kept?"}"#,
        r#"{"id":"x","at":"mwyt8hs0","s":"mwyt8hs0.t","text":"t","created_at":"2026-11-27T10:00:00.000Z"}"#,
    ];
    for entry in bad {
        let raw = format!(r#"{{"version":5,"article":"{ARTICLE}","comments":[{entry}]}}"#);
        assert!(matches!(
            CommentDocument::parse(&raw, ARTICLE),
            Err(ReadProblem::WrongShape(_))
        ));
        let store = CommentStore::new(MemoryStorage::new(), ARTICLE, "t1");
        store.storage().set(COMMENTS_KEY, &raw).unwrap();
        let problem = store.load().unwrap().problem;
        let Some(StoredProblem::Unreadable {
            backup_key: Some(key),
            ..
        }) = problem
        else {
            panic!("{entry}: {problem:?}");
        };
        assert_eq!(store.storage().value(&key), Some(raw));
    }
}

/// Bytes a comment and a tombstone take, stored: 500 comments of 100
/// characters, then all deleted.
fn bytes_each(json: impl Fn(&CommentDocument) -> String) -> (usize, usize) {
    let store = with_comments(500, &tab_id(0xAB_CDEF_1234));
    let empty = json(&CommentDocument::new(ARTICLE)).len();
    let live = json(&store.document()).len() - empty;
    let ids: Vec<String> = store.document().entries().map(|e| e.id.clone()).collect();
    for (i, id) in ids.iter().enumerate() {
        store.delete(id, T0_MS + 600_000 + i as u64).unwrap();
    }
    let deleted = json(&store.document()).len() - empty;
    (live / 500, deleted / 500)
}

#[test]
fn version_5_takes_fewer_bytes_a_comment_and_a_tombstone() {
    let (v4_comment, v4_tombstone) = bytes_each(v4_json);
    let (v5_comment, v5_tombstone) = bytes_each(CommentDocument::to_json);
    println!("bytes each, 500 comments of 100 characters: version 4 {v4_comment} a comment, {v4_tombstone} a tombstone; version 5 {v5_comment}, {v5_tombstone}");
    assert!(v5_comment <= 185, "{v5_comment} B a comment");
    assert!(v5_tombstone <= 100, "{v5_tombstone} B a tombstone");
    assert!(v5_comment < v4_comment && v5_tombstone < v4_tombstone);
}

/// A tab of the last build writes version 4 (its copy of storage lagged
/// behind this tab's version 5 write): this tab joins it in and writes
/// back what it left out, so neither tab's comment is lost. The old tab,
/// once it reads version 5, sees a newer document and writes nothing.
#[test]
fn a_version_4_write_from_an_older_tab_loses_nothing() {
    let new_tab = with_comments(1, "new");
    let old_tab = with_comments(0, "old");
    let ms = T0_MS + 5_000;
    let theirs = NewComment {
        id: "from-the-old-build".into(),
        parent: None,
        author: "Bo".into(),
        text: "written as version 4".into(),
        now: iso_from_unix_ms(ms as i64),
    };
    old_tab.post(theirs, ms).unwrap();
    let v4 = v4_json(&old_tab.document());
    let followed = new_tab.follow(kosovo_briefing::comments::StorageChange::Written(&v4));
    assert_eq!(followed.problem, None);
    let stored = new_tab.storage().value(COMMENTS_KEY).unwrap();
    assert!(stored.starts_with(r#"{"version":5,"#), "{stored}");
    let stored = CommentDocument::parse(&stored, ARTICLE).unwrap();
    assert_eq!(stored.visible_count(), 2, "both tabs' comments");
    assert_eq!(stored, new_tab.document());
}

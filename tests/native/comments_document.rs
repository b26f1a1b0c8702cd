//! The comment document on its own: the join's laws, the rules it decides
//! (edit against delete, Undo against a later edit, replies of a deleted
//! comment), stamps, compaction, and the times the comments show.

use kosovo_briefing::comments::{
    full_date, is_iso_timestamp, iso_from_unix_ms, relative_time, time::unix_ms_from_iso, Body,
    Clock, CommentDocument, Entry, NewComment, Order, Stamp, TOMBSTONE_LIFETIME_MS,
};

const ARTICLE: &str = "france-unsc-unmik";
const T0: u64 = 1_795_773_600_000;

fn entry(id: &str, version: (u64, u32), stamp: (u64, u32), live: bool) -> Entry {
    Entry {
        id: id.into(),
        parent: None,
        created_at: iso_from_unix_ms(T0 as i64),
        version: Stamp::new(version.0, version.1, "a"),
        stamp: Stamp::new(stamp.0, stamp.1, "a"),
        body: if live {
            Body::Live {
                author: String::new(),
                text: format!("text of {version:?}"),
                edited_at: None,
            }
        } else {
            Body::Deleted
        },
    }
}

fn doc(entries: &[Entry]) -> CommentDocument {
    let mut doc = CommentDocument::new(ARTICLE);
    for e in entries {
        doc.insert(e.clone());
    }
    doc
}

fn joined(a: &CommentDocument, b: &CommentDocument) -> CommentDocument {
    let mut out = a.clone();
    out.join(b);
    out
}

#[test]
fn the_join_is_commutative_associative_and_idempotent() {
    // Every small document over two ids and a few ranks, each against each.
    let mut pool = Vec::new();
    for id in ["x", "y"] {
        for version in [(1, 0), (2, 0), (2, 1)] {
            for stamp in [(2, 0), (3, 0)] {
                for live in [true, false] {
                    pool.push(entry(id, version, stamp, live));
                }
            }
        }
    }
    let docs: Vec<CommentDocument> = (0..pool.len())
        .step_by(3)
        .map(|i| doc(&[pool[i].clone(), pool[(i * 7 + 5) % pool.len()].clone()]))
        .collect();
    for a in &docs {
        assert_eq!(&joined(a, a), a, "idempotent");
        for b in &docs {
            assert_eq!(joined(a, b), joined(b, a), "commutative");
            assert!(
                joined(a, b).covers(a) && joined(a, b).covers(b),
                "only adds"
            );
            for c in &docs {
                assert_eq!(
                    joined(&joined(a, b), c),
                    joined(a, &joined(b, c)),
                    "associative"
                );
            }
        }
    }
}

fn posted(doc: &mut CommentDocument, clock: &mut Clock, id: &str, now: u64) {
    let new = NewComment {
        id: id.into(),
        parent: None,
        author: "Ana".into(),
        text: "first".into(),
        now: iso_from_unix_ms(now as i64),
    };
    let entry = doc.post(new, clock.tick(now)).unwrap();
    doc.insert(entry);
}

#[test]
fn an_edit_outlives_a_delete_that_did_not_see_it() {
    let (mut a, mut b) = (Clock::new("a"), Clock::new("b"));
    let mut base = CommentDocument::new(ARTICLE);
    posted(&mut base, &mut a, "x", T0);
    b.observe(&base.entry("x").unwrap().stamp);
    // Tab B deletes; tab A edits without having seen the delete, earlier
    // by the wall clock.
    let (tombstone, _) = base.delete("x", b.tick(T0 + 2000)).unwrap();
    let edit = base
        .edit("x", "edited", "", a.tick(T0 + 1000))
        .unwrap()
        .unwrap();
    let result = doc(&[tombstone.clone(), edit.clone()]);
    assert_eq!(result.comment("x").unwrap().text, "edited");
    // A delete made after seeing the edit wins.
    b.observe(&edit.stamp);
    let (later, _) = result.delete("x", b.tick(T0 + 3000)).unwrap();
    assert_eq!(doc(&[edit, tombstone, later]).comment("x"), None);
}

#[test]
fn undo_brings_back_its_own_delete_but_never_undoes_a_later_edit() {
    let (mut a, mut b) = (Clock::new("a"), Clock::new("b"));
    let mut base = CommentDocument::new(ARTICLE);
    posted(&mut base, &mut a, "x", T0);
    b.observe(&base.entry("x").unwrap().stamp);
    let (tombstone, removed) = base.delete("x", b.tick(T0 + 10)).unwrap();
    let undo = removed.restored(|| b.tick(T0 + 20));
    let mut after_undo = doc(std::slice::from_ref(&tombstone));
    after_undo.join(&doc(&undo));
    assert_eq!(after_undo.comment("x").unwrap().text, "first");
    // Another tab edited meanwhile, before the Undo by the wall clock or
    // after it: the edit stays either way.
    for edited_at in [T0 + 15, T0 + 25] {
        let mut a = a.clone();
        let edit = base
            .edit("x", "edited", "", a.tick(edited_at))
            .unwrap()
            .unwrap();
        let mut all = doc(&[tombstone.clone(), edit]);
        all.join(&doc(&undo));
        assert_eq!(all.comment("x").unwrap().text, "edited");
    }
}

#[test]
fn a_reply_to_a_comment_deleted_meanwhile_shows_under_a_placeholder() {
    let mut clock = Clock::new("a");
    let mut base = CommentDocument::new(ARTICLE);
    posted(&mut base, &mut clock, "p", T0);
    let reply = base
        .post(
            NewComment {
                id: "r".into(),
                parent: Some("p".into()),
                author: String::new(),
                text: "reply".into(),
                now: iso_from_unix_ms(T0 as i64 + 5),
            },
            clock.tick(T0 + 5),
        )
        .unwrap();
    let (tombstone, _) = base.delete("p", clock.tick(T0 + 6)).unwrap();
    let result = doc(&[tombstone, reply.clone()]);
    let threads = result.threads(Order::NewestFirst);
    assert_eq!(threads.len(), 1);
    assert!(threads[0].comment.deleted && threads[0].comment.text.is_empty());
    assert_eq!(threads[0].replies[0].id, "r");
    // With no entry for the comment at all, the reply still has its thread.
    let orphan = doc(&[reply]);
    assert_eq!(orphan.threads(Order::NewestFirst)[0].comment.id, "p");
}

#[test]
fn a_clock_is_never_behind_what_it_has_seen() {
    let mut clock = Clock::new("a");
    let first = clock.tick(T0);
    assert!(
        clock.tick(T0) > first,
        "same millisecond: the counter moves"
    );
    assert!(clock.tick(T0 - 5_000) > first, "a wall clock set back");
    clock.observe(&Stamp::new(T0 + 60_000, 7, "b"));
    let next = clock.tick(T0);
    assert!(next > Stamp::new(T0 + 60_000, 7, "b"));
    assert_eq!(Stamp::parse(&next.to_string()), Some(next));
    for bad in ["", "1.2", "x.0.a", "1.0.a b", "9007199254740992.0.a"] {
        assert_eq!(Stamp::parse(bad), None, "{bad}");
    }
}

#[test]
fn deleted_comments_are_forgotten_after_a_year_unless_a_reply_needs_them() {
    let mut clock = Clock::new("a");
    let mut d = CommentDocument::new(ARTICLE);
    posted(&mut d, &mut clock, "old", T0);
    posted(&mut d, &mut clock, "parent", T0);
    let reply = d
        .post(
            NewComment {
                id: "r".into(),
                parent: Some("parent".into()),
                author: String::new(),
                text: "reply".into(),
                now: iso_from_unix_ms(T0 as i64),
            },
            clock.tick(T0),
        )
        .unwrap();
    d.insert(reply);
    for id in ["old", "parent"] {
        let (tombstone, _) = d.delete(id, clock.tick(T0 + 1)).unwrap();
        d.insert(tombstone);
    }
    assert_eq!(d.compact(T0 + TOMBSTONE_LIFETIME_MS), 0, "not yet");
    assert_eq!(d.compact(T0 + TOMBSTONE_LIFETIME_MS + 2), 1);
    assert!(d.entry("old").is_none());
    assert!(
        d.entry("parent").is_some(),
        "its reply still needs its placeholder"
    );
}

#[test]
fn timestamps_are_formatted_parsed_and_checked() {
    assert_eq!(iso_from_unix_ms(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(
        iso_from_unix_ms(951_782_400_123),
        "2000-02-29T00:00:00.123Z"
    );
    assert_eq!(iso_from_unix_ms(-1), "1969-12-31T23:59:59.999Z");
    for ms in [0_i64, 951_782_400_123, 1_795_773_600_000, 4_102_444_799_999] {
        assert_eq!(unix_ms_from_iso(&iso_from_unix_ms(ms)), Some(ms));
    }
    assert!(is_iso_timestamp("2026-11-27T10:00:00.000Z"));
    for bad in [
        "2026-11-27T10:00:00Z",
        "2026-11-27 10:00:00.000Z",
        "2026-02-30T10:00:00.000Z",
        "2026-13-01T10:00:00.000Z",
        "2026-11-27T24:00:00.000Z",
    ] {
        assert!(!is_iso_timestamp(bad), "{bad}");
    }
    assert_eq!(
        full_date("2026-11-27T10:01:00.000Z"),
        "27 November 2026, 10:01 UTC"
    );
}

#[test]
fn relative_times_read_as_the_browser_says_them() {
    let then = "2026-11-27T10:00:00.000Z";
    let at = |seconds: i64| (unix_ms_from_iso(then).unwrap() + seconds * 1000) as f64;
    let cases = [
        (10, "just now"),
        (-30, "just now"),
        (60, "1 minute ago"),
        (3 * 60, "3 minutes ago"),
        (90 * 60, "1 hour ago"),
        (5 * 3600, "5 hours ago"),
        (30 * 3600, "yesterday"),
        (3 * 86_400, "3 days ago"),
        (40 * 86_400, "last month"),
        (100 * 86_400, "3 months ago"),
        (400 * 86_400, "last year"),
        (800 * 86_400, "2 years ago"),
    ];
    for (seconds, said) in cases {
        assert_eq!(relative_time(then, at(seconds)), said, "{seconds} s");
    }
}

//! The readable copy (`comments::readable`): one HTML file from the
//! document's threads, in which nothing a reader typed can run or fetch.
//! The browser suite (`tests/e2e/comments-readable.test.mjs`) opens one
//! with JavaScript off.

use kosovo_briefing::comments::{
    iso_from_unix_ms, readable_copy, readable_file_name, Body, CommentDocument, Entry, Order, Stamp,
};
use kosovo_briefing::text::escape_html as escape;

const ARTICLE: &str = "france-unsc-unmik";
const T0: u64 = 1_795_773_600_000;

/// The hostile texts the browser suite posts (`tests/e2e/comments.test.mjs`).
const HOSTILE: [&str; 3] = [
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=1</script>",
    "<svg onload=window.__xss=1>",
];

/// A comment (`text` Some) or a tombstone (`text` None), `minute` after T0.
fn entry(id: &str, parent: Option<&str>, minute: u64, author: &str, text: Option<&str>) -> Entry {
    let at = T0 + minute * 60_000;
    Entry {
        id: id.into(),
        parent: parent.map(str::to_string),
        created_at: iso_from_unix_ms(at as i64),
        version: Stamp::new(at, 0, "a"),
        stamp: Stamp::new(at, 0, "a"),
        body: match text {
            Some(text) => Body::Live {
                author: author.into(),
                text: text.into(),
                edited_at: None,
            },
            None => Body::Deleted,
        },
    }
}

fn copy_of(entries: &[Entry]) -> String {
    let mut doc = CommentDocument::new(ARTICLE);
    for e in entries {
        doc.insert(e.clone());
    }
    readable_copy(
        &doc.threads(Order::OldestFirst),
        "France & the UN",
        T0 as i64,
    )
}

/// The text between `from` and the first `to` after it.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).map_or(html.len(), |i| i + from.len());
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn hostile_texts_and_names_are_written_as_text() {
    let entries: Vec<Entry> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, p)| {
            entry(
                &format!("c{i}"),
                None,
                i as u64,
                p,
                Some(&format!("payload {p}")),
            )
        })
        .collect();
    let html = copy_of(&entries);
    for p in HOSTILE {
        assert!(
            html.contains(&format!("payload {}", escape(p))),
            "{p} escaped"
        );
    }
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    for tag in tags(&html) {
        let lower = tag.to_lowercase();
        let name = lower.trim_start_matches('/');
        let name = name.split([' ', '>']).next().unwrap_or_default();
        assert!(
            ALLOWED_TAGS.contains(&name),
            "no <{name}> in the copy: {tag}"
        );
        for never in ["src=", "href=", " on", "url(", "style="] {
            assert!(!lower.contains(never), "no {never} in a tag: {tag}");
        }
    }
    assert!(!html.contains("url(") && !html.contains("@import"));
}

/// The elements the copy is made of; anything else came from a reader.
const ALLOWED_TAGS: [&str; 16] = [
    "!doctype", "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "p",
    "ol", "li", "article", "span", "time",
];

/// Every tag in `html`: from each `<` to its `>`.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .collect()
}

#[test]
fn every_string_is_escaped_in_text_and_attributes() {
    assert_eq!(
        escape(r#"a & b < c > d " e ' f"#),
        "a &amp; b &lt; c &gt; d &quot; e &#39; f"
    );
    let html = readable_copy(&[], "\"><script>x</script>", T0 as i64);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<h1>&quot;&gt;&lt;script&gt;x&lt;/script&gt;</h1>"));
}

#[test]
fn it_holds_the_headline_the_date_authors_and_times() {
    let html = copy_of(&[entry("c1", None, 0, "  ", Some("Unsigned"))]);
    assert!(html.contains("<h1>France &amp; the UN</h1>"));
    assert!(html.contains("<title>Comments: France &amp; the UN</title>"));
    assert!(html.contains(
        "<time datetime=\"2026-11-27T10:00:00.000Z\">27 November 2026, 10:00 UTC</time>"
    ));
    assert!(html.contains("<span class=\"author\">Anonymous</span>"));
    assert!(html.contains("default-src 'none'; style-src 'unsafe-inline'"));
    assert!(html.contains("@media print") && html.contains("prefers-color-scheme:dark"));
    assert_eq!(
        readable_file_name(ARTICLE, T0 as i64),
        "kosovo-briefing-comments-france-unsc-unmik-2026-11-27.html"
    );
}

#[test]
fn line_breaks_are_kept() {
    let html = copy_of(&[entry("c1", None, 0, "Lin", Some("first\nsecond\n\nfourth"))]);
    assert!(html.contains(">first\nsecond\n\nfourth</p>"), "{html}");
    assert!(html.contains("white-space:pre-wrap"));
}

#[test]
fn replies_are_nested_under_their_parent() {
    let html = copy_of(&[
        entry("c1", None, 0, "Ana", Some("First comment")),
        entry("c2", None, 1, "Ben", Some("Second comment")),
        entry("r1", Some("c1"), 2, "Cy", Some("Reply to the first")),
    ]);
    let first = between(&html, "First comment", "</li>\n<li>");
    assert!(first.contains("<ol class=\"replies\">"), "{html}");
    assert!(first.contains("Reply to the first"), "{html}");
    assert!(!first.contains("Second comment"), "{html}");
    let second = between(&html, "Second comment", "</ol>\n</main>");
    assert!(!second.contains("replies"), "{html}");
}

#[test]
fn a_placeholder_stands_for_a_deleted_comment_only_while_it_has_replies() {
    let with_reply = copy_of(&[
        entry("c1", None, 0, "Ana", None),
        entry("r1", Some("c1"), 1, "Cy", Some("An orphan's reply")),
    ]);
    let placeholder = between(&with_reply, "Comment deleted.", "</li>\n</ol>");
    assert!(
        placeholder.contains("An orphan&#39;s reply"),
        "{with_reply}"
    );

    let alone = copy_of(&[
        entry("c1", None, 0, "Ana", None),
        entry("c2", None, 1, "Ben", Some("Still here")),
    ]);
    assert!(!alone.contains("Comment deleted."), "{alone}");
    assert!(alone.contains("Still here"));
}

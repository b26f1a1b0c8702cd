//! Slugs, URL state, search and filtering of the timeline.

use kosovo_briefing::dataset::Briefing;
use kosovo_briefing::text::{fold, fold_case, slugify};
use kosovo_briefing::timeline::{
    highlight, percent_decode, percent_encode, rows_to_include, Segment, TimelineIndex,
    TimelineQuery, PAGE_SIZE,
};

const SHIPPED: &str = include_str!("../../public/data/briefing.json");
const SLUGS: [&str; 5] = [
    "normalization-framework",
    "security-justice",
    "governance",
    "legal-border-control",
    "representation",
];

fn briefing() -> Briefing {
    Briefing::from_json(SHIPPED).expect("valid")
}

fn query(focus: &[&str], search: &str) -> TimelineQuery {
    TimelineQuery {
        focus: focus.iter().map(|s| s.to_string()).collect(),
        search: search.to_string(),
    }
}

fn shown_titles(briefing: &Briefing, q: &TimelineQuery) -> Vec<String> {
    let index = TimelineIndex::new(briefing);
    let visible = index.visibility(q, &SLUGS);
    index
        .chronological()
        .iter()
        .filter(|&&i| visible[i])
        .map(|&i| briefing.events[i].title.clone())
        .collect()
}

#[test]
fn slugs_follow_the_contract() {
    assert_eq!(slugify("Security/Justice"), "security-justice");
    assert_eq!(slugify("Legal/Border Control"), "legal-border-control");
    assert_eq!(
        slugify("  --Normalization   Framework!! "),
        "normalization-framework"
    );
    assert_eq!(slugify("Çà et là"), "çà-et-là");
    assert_eq!(slugify("///"), "");
}

#[test]
fn url_state_round_trips() {
    for q in [
        query(&[], ""),
        query(&["security-justice"], ""),
        query(&["security-justice", "governance"], "local elections"),
        query(&[], "100% & more, = yes? #1 +plus"),
        query(&[], "Sørensen “quoted”"),
    ] {
        let search = q.to_url_search();
        assert_eq!(
            TimelineQuery::from_url_search(&search, &SLUGS),
            q,
            "{search}"
        );
    }
    assert_eq!(query(&[], "").to_url_search(), "");
    assert_eq!(
        query(&["security-justice", "governance"], "a b").to_url_search(),
        "?focus=security-justice,governance&q=a+b"
    );
}

#[test]
fn odd_urls_are_read_without_errors() {
    let read = |s: &str| TimelineQuery::from_url_search(s, &SLUGS);
    assert_eq!(read(""), query(&[], ""));
    assert_eq!(read("?"), query(&[], ""));
    assert_eq!(read("?focus="), query(&[], ""));
    assert_eq!(read("?focus=,,governance,,"), query(&["governance"], ""));
    // Unknown slugs are ignored; order and repeats are normalised.
    assert_eq!(
        read("?focus=governance,nope,security-justice,governance"),
        query(&["security-justice", "governance"], "")
    );
    assert_eq!(
        read("?q=%E2%80%9Cmomentum%E2%80%9D"),
        query(&[], "“momentum”")
    );
    assert_eq!(read("?q=50%"), query(&[], "50%"));
    assert_eq!(read("?q=%zz%4"), query(&[], "%zz%4"));
    assert_eq!(read("?q=%FF"), query(&[], "\u{FFFD}"));
    assert_eq!(read("?utm=x&q=due&other"), query(&[], "due"));
    assert_eq!(read("focus=governance"), query(&["governance"], ""));
    assert_eq!(read("?%66ocus=governance"), query(&["governance"], ""));
}

#[test]
fn percent_coding_is_symmetric() {
    for s in ["", "a b", "+", "%", "ü", "a,b", "x=y&z"] {
        assert_eq!(percent_decode(&percent_encode(s)), s);
    }
    assert_eq!(percent_decode("%+1"), "% 1");
}

#[test]
fn toggling_keeps_dataset_order_and_search() {
    let q = query(&[], "x");
    let q = q.toggled("governance", &SLUGS);
    let q = q.toggled("security-justice", &SLUGS);
    assert_eq!(q, query(&["security-justice", "governance"], "x"));
    let q = q.toggled("governance", &SLUGS);
    assert_eq!(q, query(&["security-justice"], "x"));
    assert_eq!(q.without_focus(), query(&[], "x"));
}

#[test]
fn events_are_in_chronological_order() {
    let b = briefing();
    let all = shown_titles(&b, &query(&[], ""));
    assert_eq!(all.len(), 9);
    let position = |t: &str| all.iter().position(|x| x == t).unwrap();
    assert!(position("Banjska Incident") < position("Local Elections"));
    // The seed table's own order for its dated rows.
    assert!(position("Local Elections") < position("Law on Foreigners"));
    assert!(position("Law on Foreigners") < position("Legislative Elections"));
    assert!(
        position("Legislative Elections") < position("Election of a President and Vice-Presidents")
    );
    assert_eq!(
        all.last().unwrap(),
        "Review of the Law on Foreigners’ implementation"
    );
}

#[test]
fn several_focus_areas_combine_with_or() {
    let b = briefing();
    let shown = shown_titles(&b, &query(&["governance", "legal-border-control"], ""));
    assert_eq!(
        shown,
        [
            "Local Elections",
            "Law on Foreigners",
            "Review of the Law on Foreigners’ implementation"
        ]
    );
}

#[test]
fn search_narrows_the_focus_with_and() {
    let b = briefing();
    let shown = shown_titles(
        &b,
        &query(&["legal-border-control", "representation"], "review"),
    );
    assert_eq!(shown, ["Review of the Law on Foreigners’ implementation"]);
}

#[test]
fn search_is_case_insensitive_over_title_area_and_significance() {
    let b = briefing();
    assert_eq!(
        shown_titles(&b, &query(&[], "BANJSKA")),
        ["Banjska Incident"]
    );
    // Focus area label.
    assert_eq!(
        shown_titles(&b, &query(&[], "governance")),
        ["Local Elections"]
    );
    // Significance only.
    assert_eq!(
        shown_titles(&b, &query(&[], "perpetrator")),
        ["Banjska Incident"]
    );
    // Surrounding spaces do not matter.
    assert_eq!(
        shown_titles(&b, &query(&[], "  banjska  ")),
        ["Banjska Incident"]
    );
    assert!(shown_titles(&b, &query(&[], "zzz")).is_empty());
    // A match never spans two fields.
    assert!(shown_titles(&b, &query(&[], "incidentsecurity")).is_empty());
}

#[test]
fn counts_by_area_follow_the_search() {
    let b = briefing();
    let index = TimelineIndex::new(&b);
    assert_eq!(index.counts_by_area(""), vec![2, 2, 1, 2, 2]);
    assert_eq!(index.counts_by_area("law"), vec![0, 0, 0, 2, 0]);
}

#[test]
fn case_folding_keeps_lengths_and_covers_european_scripts() {
    assert_eq!(
        fold("ÉCOLE Ørsted ŁÓDŹ ΑΘΗΝΑ МОСКВА Ÿ"),
        "école ørsted łódź αθηνα москва ÿ"
    );
    assert_eq!(fold("İ×÷ß"), "İ×÷ß");
    for c in ('\u{0}'..='\u{52F}').chain(['İ', 'ẞ']) {
        let folded = fold_case(c);
        assert_eq!(folded.len_utf8(), c.len_utf8(), "{c:?}");
        // Where Rust's full lowercase is one character, folding agrees or leaves c alone.
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next()) {
            assert!(
                folded == l || folded == c,
                "{c:?} folds to {folded:?}, lowercase is {l:?}"
            );
        }
    }
}

#[test]
fn typographic_apostrophes_and_quotes_match_what_a_keyboard_types() {
    let b = briefing();
    // The shipped text writes “Law on Foreigners’ implementation”.
    assert_eq!(
        shown_titles(&b, &query(&[], "foreigners' implementation")),
        ["Review of the Law on Foreigners’ implementation"]
    );
    let seg = |t: &str, m: bool| Segment {
        text: t.to_string(),
        marked: m,
    };
    // The mark covers the text as written, typographic characters and all.
    assert_eq!(
        highlight("the “active participation” of Serbs", "\"active"),
        vec![
            seg("the ", false),
            seg("“active", true),
            seg(" participation” of Serbs", false)
        ]
    );
    assert_eq!(
        highlight("Foreigners’ law, foreigners' law", "FOREIGNERS'"),
        vec![
            seg("Foreigners’", true),
            seg(" law, ", false),
            seg("foreigners'", true),
            seg(" law", false)
        ]
    );
}

#[test]
fn highlight_marks_every_match_case_insensitively() {
    let seg = |t: &str, m: bool| Segment {
        text: t.to_string(),
        marked: m,
    };
    assert_eq!(
        highlight("Law on Foreigners", ""),
        vec![seg("Law on Foreigners", false)]
    );
    assert_eq!(
        highlight("Law on law", "LAW"),
        vec![seg("Law", true), seg(" on ", false), seg("law", true)]
    );
    assert_eq!(highlight("abc", "zz"), vec![seg("abc", false)]);
    // Characters outside the folded scripts are kept as they are.
    assert_eq!(
        highlight("İstanbul and Kosovo", "kosovo"),
        vec![seg("İstanbul and ", false), seg("Kosovo", true)]
    );
    assert_eq!(
        highlight("Sørensen", "SØR"),
        vec![seg("Sør", true), seg("ensen", false)]
    );
}

#[test]
fn shown_lists_matches_in_display_order() {
    let b = briefing();
    let index = TimelineIndex::new(&b);
    let titles = |ids: Vec<usize>| {
        ids.into_iter()
            .map(|i| b.events[i].title.clone())
            .collect::<Vec<_>>()
    };
    let q = query(&["governance", "legal-border-control"], "");
    let oldest = titles(index.shown(&q, &SLUGS, false));
    let mut newest = titles(index.shown(&q, &SLUGS, true));
    assert_eq!(oldest, shown_titles(&b, &q));
    newest.reverse();
    assert_eq!(newest, oldest);
}

#[test]
fn a_deep_linked_event_is_rendered_with_whole_pages() {
    assert_eq!(rows_to_include(None), PAGE_SIZE);
    assert_eq!(rows_to_include(Some(0)), PAGE_SIZE);
    assert_eq!(rows_to_include(Some(PAGE_SIZE - 1)), PAGE_SIZE);
    assert_eq!(rows_to_include(Some(PAGE_SIZE)), 2 * PAGE_SIZE);
}

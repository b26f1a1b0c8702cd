//! The shipped dataset validates, and each kind of editor mistake is refused
//! with a message that names the field and where it is.

use kosovo_briefing::dataset::{Briefing, DatasetError, ProblemKind, SectionKind};
use serde_json::{json, Value};

const SHIPPED: &str = include_str!("../../public/data/briefing.json");

fn shipped() -> Value {
    serde_json::from_str(SHIPPED).expect("the shipped dataset is JSON")
}

fn parse(value: &Value) -> Result<Briefing, DatasetError> {
    Briefing::from_json(&value.to_string())
}

fn problems(value: &Value) -> Vec<(String, ProblemKind)> {
    match parse(value) {
        Err(DatasetError::Invalid(problems)) => {
            problems.into_iter().map(|p| (p.path, p.kind)).collect()
        }
        other => panic!("expected validation problems, got {other:?}"),
    }
}

#[test]
fn shipped_dataset_is_valid() {
    let briefing = Briefing::from_json(SHIPPED).expect("valid");
    assert_eq!(briefing.article.sections.len(), 4);
    let timeline_sections = briefing
        .article
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::Timeline)
        .count();
    assert_eq!(timeline_sections, 1);
    // The seed's five table rows are all there, with their dates as written.
    for (title, date) in [
        ("Brussels-Ohrid Agreements", None),
        ("Banjska Incident", Some("Sept 2023")),
        ("Local Elections", Some("Oct/Nov")),
        ("Law on Foreigners", Some("March 14")),
        ("Legislative Elections", Some("Dec")),
    ] {
        let event = briefing
            .events
            .iter()
            .find(|e| e.title == title)
            .expect(title);
        assert_eq!(event.date.as_deref(), date, "{title}");
    }
    let labels: Vec<&str> = briefing
        .focus_areas
        .iter()
        .map(|a| a.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Normalization Framework",
            "Security/Justice",
            "Governance",
            "Legal/Border Control",
            "Representation"
        ]
    );
}

#[test]
fn every_seed_paragraph_is_in_the_article_in_order() {
    // The seed lives beside the repository (../shared), as in CI.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_5cb80abc51999013.txt"
    );
    let Ok(seed) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} is absent here; the seed comparison did not run");
        return;
    };
    let briefing = Briefing::from_json(SHIPPED).expect("valid");
    let ours: Vec<&str> = briefing.paragraphs().map(|p| p.text.as_str()).collect();
    let headings: Vec<&str> = briefing
        .article
        .sections
        .iter()
        .map(|s| s.heading.as_str())
        .collect();
    let seed_paragraphs: Vec<&str> = seed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|') && !headings.contains(l))
        .collect();
    assert_eq!(ours, seed_paragraphs);
    for heading in headings {
        assert!(
            seed.lines().any(|l| l.trim() == heading),
            "heading from the seed: {heading}"
        );
    }
}

#[test]
fn not_json_is_a_syntax_error_with_a_position() {
    match Briefing::from_json("{\"schema_version\": 1,") {
        Err(DatasetError::Syntax { line, .. }) => assert_eq!(line, 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_field_is_named_with_its_path() {
    let mut data = shipped();
    data["events"][3]
        .as_object_mut()
        .unwrap()
        .remove("significance");
    let error = parse(&data).unwrap_err();
    assert_eq!(
        error,
        DatasetError::Missing {
            path: "events[3].significance".into()
        }
    );
    assert!(error.to_string().contains("events[3].significance"));
}

#[test]
fn a_missing_top_level_field_is_named() {
    let mut data = shipped();
    data.as_object_mut().unwrap().remove("focus_areas");
    assert_eq!(
        parse(&data).unwrap_err(),
        DatasetError::Missing {
            path: "focus_areas".into()
        }
    );
}

#[test]
fn a_wrong_type_is_named_with_its_path() {
    let mut data = shipped();
    data["events"][1]["sort_key"] = json!("soon");
    match parse(&data).unwrap_err() {
        DatasetError::Shape { path, .. } => assert_eq!(path, "events[1].sort_key"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_field_is_refused_so_typos_do_not_pass_silently() {
    let mut data = shipped();
    data["events"][0]["signifcance"] = json!("typo");
    match parse(&data).unwrap_err() {
        DatasetError::Shape { path, message } => {
            assert_eq!(path, "events[0].signifcance");
            assert!(message.contains("signifcance"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_focus_area_is_refused() {
    let mut data = shipped();
    data["events"][2]["focus_area"] = json!("economy");
    let found = problems(&data);
    assert_eq!(
        found,
        vec![(
            "events[2].focus_area".to_string(),
            ProblemKind::UnknownFocusArea("economy".into())
        )]
    );
}

#[test]
fn duplicate_event_ids_are_refused_naming_both_places() {
    let mut data = shipped();
    data["events"][4]["id"] = data["events"][1]["id"].clone();
    let found = problems(&data);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "events[4].id");
    match &found[0].1 {
        ProblemKind::DuplicateId { first, .. } => assert_eq!(first, "events[1].id"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicate_paragraph_ids_are_refused_across_sections() {
    let mut data = shipped();
    data["article"]["sections"][0]["paragraphs"][0]["id"] = json!("p1");
    let found = problems(&data);
    assert_eq!(found[0].0, "article.sections[0].paragraphs[0].id");
}

#[test]
fn a_dangling_paragraph_reference_is_refused() {
    let mut data = shipped();
    data["events"][0]["paragraph"] = json!("p99");
    assert_eq!(
        problems(&data),
        vec![(
            "events[0].paragraph".to_string(),
            ProblemKind::UnknownParagraph("p99".into())
        )]
    );
}

#[test]
fn a_slug_must_follow_the_contract_rule() {
    let mut data = shipped();
    data["focus_areas"][1]["slug"] = json!("security");
    let found = problems(&data);
    assert_eq!(
        found[0],
        (
            "focus_areas[1].slug".to_string(),
            ProblemKind::SlugMismatch {
                expected: "security-justice".into()
            }
        )
    );
    // Its events now point at a slug that no longer exists: said too.
    assert!(found[1..]
        .iter()
        .all(|(_, kind)| matches!(kind, ProblemKind::UnknownFocusArea(_))));
}

#[test]
fn a_slug_may_carry_the_letters_of_its_label() {
    let mut data = shipped();
    data["focus_areas"][2]["label"] = json!("Gouvernance locale é");
    data["focus_areas"][2]["slug"] = json!("gouvernance-locale-é");
    for event in data["events"].as_array_mut().unwrap() {
        if event["focus_area"] == "governance" {
            event["focus_area"] = json!("gouvernance-locale-é");
        }
    }
    parse(&data).expect("valid");
}

#[test]
fn empty_text_is_refused() {
    for blank in ["   ", "\u{200B}", " \u{FEFF}\u{2060} "] {
        let mut data = shipped();
        data["article"]["headline"] = json!(blank);
        assert_eq!(
            problems(&data),
            vec![("article.headline".to_string(), ProblemKind::Empty)],
            "{blank:?}"
        );
    }
}

#[test]
fn a_byte_order_mark_before_the_json_is_read_as_the_browser_reads_it() {
    let with_bom = format!("\u{FEFF}{SHIPPED}");
    assert_eq!(Briefing::from_json(&with_bom), Briefing::from_json(SHIPPED));
}

#[test]
fn ids_must_be_fragment_safe() {
    let mut data = shipped();
    data["events"][0]["id"] = json!("has space");
    assert_eq!(
        problems(&data),
        vec![("events[0].id".to_string(), ProblemKind::BadIdentifier)]
    );
}

#[test]
fn exactly_one_timeline_section() {
    let mut data = shipped();
    data["article"]["sections"][1]["kind"] = json!("text");
    assert_eq!(
        problems(&data),
        vec![(
            "article.sections".to_string(),
            ProblemKind::TimelineSectionCount(0)
        )]
    );
}

#[test]
fn a_future_schema_version_is_refused_before_its_shape() {
    let data = json!({ "schema_version": 2, "something": "new" });
    let error = parse(&data).unwrap_err();
    assert!(error.to_string().contains("schema_version is 2"), "{error}");
    let data = json!({ "schema_version": "1" });
    let error = parse(&data).unwrap_err().to_string();
    assert!(
        error.contains("schema_version is not a whole number"),
        "{error}"
    );
}

#[test]
fn a_missing_schema_version_is_named() {
    let mut data = shipped();
    data.as_object_mut().unwrap().remove("schema_version");
    assert_eq!(
        parse(&data).unwrap_err(),
        DatasetError::Missing {
            path: "schema_version".into()
        }
    );
}

#[test]
fn many_problems_are_all_reported_and_the_message_stays_short() {
    let mut data = shipped();
    for event in data["events"].as_array_mut().unwrap() {
        event["focus_area"] = json!("nowhere");
    }
    let events = data["events"].as_array().unwrap().len();
    let error = parse(&data).unwrap_err();
    let DatasetError::Invalid(problems) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(problems.len(), events);
    assert!(
        error
            .to_string()
            .ends_with(&format!("and {} more", events - 5)),
        "{error}"
    );
}

/// Language tags and dates as the reader takes them; the same samples are
/// checked against the schema's patterns in tests/tooling/dataset-schema.test.mjs.
pub const LANGUAGES: &[(&str, bool)] = &[
    ("en", true),
    ("en-GB", true),
    ("sr-Latn-RS", true),
    ("fra", true),
    ("e", false),
    ("en_GB", false),
    ("en-", false),
    ("not a language", false),
];
pub const DATES: &[(&str, bool)] = &[
    ("2026-03-14", true),
    ("2026-03-14T10:00:00Z", true),
    ("2026-03-14T10:00+01:00", true),
    ("14 March 2026", false),
    ("2026-3-14", false),
    ("2026-03-14 10:00", false),
];

/// The problems of a document, none if it is valid.
fn problems_or_none(value: &Value) -> Vec<(String, ProblemKind)> {
    match parse(value) {
        Ok(_) => Vec::new(),
        Err(_) => problems(value),
    }
}

#[test]
fn the_optional_metadata_fields_are_read_and_checked() {
    let data = shipped();
    let briefing = parse(&data).unwrap();
    assert_eq!(briefing.site_name, "Kosovo Briefing");
    assert_eq!(briefing.article.language, "en");
    assert_eq!(
        (briefing.article.date_published, briefing.article.image),
        (None, None)
    );

    let mut bare = shipped();
    bare.as_object_mut().unwrap().remove("site_name");
    bare["article"].as_object_mut().unwrap().remove("language");
    let briefing = parse(&bare).unwrap();
    assert_eq!(
        briefing.site_name,
        kosovo_briefing::dataset::DEFAULT_SITE_NAME
    );
    assert_eq!(
        briefing.article.language,
        kosovo_briefing::dataset::DEFAULT_LANGUAGE
    );

    for &(tag, ok) in LANGUAGES {
        let mut data = shipped();
        data["article"]["language"] = json!(tag);
        let refused = problems_or_none(&data)
            .contains(&("article.language".into(), ProblemKind::BadLanguage));
        assert_eq!(!refused, ok, "{tag}");
    }
    for &(date, ok) in DATES {
        let mut data = shipped();
        data["article"]["date_published"] = json!(date);
        let refused = problems_or_none(&data)
            .contains(&("article.date_published".into(), ProblemKind::BadDate));
        assert_eq!(!refused, ok, "{date}");
    }
    let mut data = shipped();
    data["article"]["image"] = json!({"url": " ", "alt": "Pristina"});
    assert_eq!(
        problems_or_none(&data),
        [("article.image.url".into(), ProblemKind::Empty)]
    );
}

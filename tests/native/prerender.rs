//! The first HTML, as the build writes it: the page the app's components
//! render natively for a dataset (`kosovo_briefing::prerender`).

use kosovo_briefing::dataset::Briefing;
use kosovo_briefing::prerender::{prerender, Prerendered, Site};

const SHIPPED: &str = include_str!("../../public/data/briefing.json");

fn site() -> Site {
    Site {
        url: None,
        base: "/".to_string(),
    }
}

fn page(text: &str) -> Prerendered {
    match prerender(text, &site()) {
        Ok(page) => page,
        Err(error) => panic!("the page was not rendered: {error}"),
    }
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_page_holds_the_article_every_event_and_the_comment_form() {
    let briefing = Briefing::from_json(SHIPPED).expect("the shipped dataset loads");
    let body = page(SHIPPED).body;
    assert_eq!(count(&body, "<h1"), 1, "exactly one h1");
    let article = &briefing.article;
    let paragraphs = article
        .lede
        .iter()
        .chain(article.sections.iter().flat_map(|s| &s.paragraphs));
    for paragraph in paragraphs {
        assert!(
            body.contains(&format!("id=\"para-{}\"", paragraph.id)),
            "paragraph {} is in the page",
            paragraph.id
        );
    }
    for section in &article.sections {
        assert!(body.contains(&section.heading), "{}", section.heading);
    }
    for event in &briefing.events {
        assert!(
            body.contains(&format!("id=\"event-{}\"", event.id)),
            "event {} is in the page",
            event.id
        );
    }
    assert!(body.contains("aria-label=\"Timeline events\""));
    assert!(body.contains("id=\"text-new\""), "the comment box");
    assert!(body.contains("Comments need JavaScript"));
}

#[test]
fn the_page_is_stamped_with_the_dataset_it_was_built_from() {
    let built = page(SHIPPED);
    let stamp = format!("data-dataset=\"{}\"", built.dataset);
    assert!(built.body.contains(&stamp));
    let edited = SHIPPED.replacen("Kosovo", "Kosova", 1);
    assert_ne!(page(&edited).dataset, built.dataset);
}

// `<!>` is how Leptos marks an empty view for hydration: a bogus comment
// to an HTML validator.
#[test]
fn the_page_has_no_placeholder_markers() {
    let body = page(SHIPPED).body;
    assert!(!body.contains("<!>"), "a <!> marker is left in the page");
}

#[test]
fn dataset_text_is_escaped_in_the_page_and_the_head() {
    let hostile = SHIPPED
        .replacen(
            "\"headline\": \"",
            "\"headline\": \"<!> </title><script>x</script> & \\\"q\\\" ",
            1,
        )
        .replacen("\"text\": \"", "\"text\": \"<!> <b>bold</b> ", 1);
    assert_ne!(hostile, SHIPPED, "the test changed the dataset");
    let built = page(&hostile);
    for part in [&built.head, &built.body] {
        assert!(!part.contains("<script>x"), "markup from the data: {part}");
        assert!(!part.contains("<b>bold"), "markup from the data");
    }
    assert!(built.body.contains("&lt;!&gt; &lt;b&gt;bold&lt;/b&gt;"));
    assert!(built.head.contains("<title>&lt;!&gt; &lt;/title&gt;"));
    // Inside JSON-LD, `<` is written `\u003c`: the script cannot be closed.
    assert!(built.head.contains("\\u003c/title>\\u003cscript>"));
}

#[test]
fn a_bad_dataset_is_refused_with_its_field() {
    let mut bad: serde_json::Value = serde_json::from_str(SHIPPED).expect("JSON");
    bad["article"]["headline"] = serde_json::json!(7);
    let bad = bad.to_string();
    match prerender(&bad, &site()) {
        Ok(_) => panic!("a headline that is a number was accepted"),
        Err(error) => assert!(error.to_string().contains("headline"), "{error}"),
    }
}

#[test]
fn absolute_links_only_with_the_sites_address() {
    let without = page(SHIPPED).head;
    assert!(!without.contains("og:url"));
    assert!(!without.contains("rel=\"canonical\""));
    assert!(without.contains("content=\"/icons/icon-512.png\""));

    let site = Site {
        url: Some("https://example.org/kosovo/".to_string()),
        base: "/kosovo/".to_string(),
    };
    let with = prerender(SHIPPED, &site).expect("renders").head;
    assert!(with.contains("<meta property=\"og:url\" content=\"https://example.org/kosovo/\">"));
    assert!(with.contains("<link rel=\"canonical\" href=\"https://example.org/kosovo/\">"));
    assert!(with.contains("content=\"https://example.org/kosovo/icons/icon-512.png\""));
}

#[test]
fn a_dataset_of_more_than_a_page_of_events_is_built_whole() {
    // The app shows 50 events at a time; the built page is read without it.
    let mut data: serde_json::Value = serde_json::from_str(SHIPPED).expect("the shipped JSON");
    let real = data["events"].as_array().cloned().unwrap_or_default();
    let events: Vec<serde_json::Value> = (0..120)
        .map(|k| {
            let mut event = real[k % real.len()].clone();
            event["id"] = format!("many-{k}").into();
            event["sort_key"] = (k + 1).into();
            event
        })
        .collect();
    data["events"] = events.into();
    let body = page(&data.to_string()).body;
    for k in 0..120 {
        assert!(
            body.contains(&format!("id=\"event-many-{k}\"")),
            "event {k} is in the page"
        );
    }
    assert!(
        !body.contains("Show 50 more"),
        "no way to more rows is needed"
    );
}

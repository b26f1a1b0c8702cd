//! Taking over the page the build wrote into index.html, once the dataset
//! is in.
//!
//! If the page was built from that very dataset (its stamp, `<main
//! data-dataset>`, says so), the article stays as built: it is static, and
//! rendering it again would only repeat the build's work. The timeline's
//! controls, its results and then the comments are rendered anew, each
//! over its built markup, in a task of its own, so that no single long
//! task holds up the reader's input. Otherwise (an editor replaced the dataset after the build) the
//! whole page is rendered from it, in one step.
//!
//! Each step keeps what the reader did to the built page: text typed into
//! a box, read at the moment that box is replaced; the focus and its
//! caret; the scroll position.

use std::collections::VecDeque;
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::{self, FocusMemo};
use crate::dataset::{Briefing, SectionKind};
use crate::timeline::{TimelineQuery, TimelineStart};
use crate::views::comments::port::BrowserPort;
use crate::views::comments::state::CommentsStart;
use crate::views::comments::CommentsSection;
use crate::views::ids::{self, FormIds};
use crate::views::page::Page;
use crate::views::timeline::state::{known_slugs, TimelineState};
use crate::views::timeline::{TimelineControls, TimelineResults};

/// One part of the page rendered over its built markup.
type Step = Box<dyn FnOnce()>;

/// Renders what the page shows from `briefing` (whose text has the
/// fingerprint `dataset`) in place of the built markup.
pub fn take_over(briefing: Briefing, dataset: String) {
    let built_from_it =
        browser::attribute(ids::MAIN, "data-dataset").as_deref() == Some(dataset.as_str());
    let briefing = Arc::new(briefing);
    let hash = browser::location_hash();
    let mut steps: VecDeque<Step> = VecDeque::new();
    if built_from_it {
        // Made now, in the first step's task: the search typed into the
        // built box is read at the moment that box is replaced.
        if let Some(timeline) = live_timeline(briefing.clone(), &hash) {
            steps.push_back(Box::new(move || render_timeline_controls(timeline)));
            steps.push_back(Box::new(move || render_timeline_results(timeline)));
        }
        steps.push_back(Box::new(move || {
            render_comments(&briefing.article.id, &briefing.article.headline)
        }));
    } else {
        let fragment = hash.clone();
        steps.push_back(Box::new(move || render_page(briefing, dataset, &fragment)));
    }
    run(steps, hash);
}

/// Runs `steps`, each in a task of its own. A timer between them, not the
/// next frame: a tab in the background paints no frames, and its page
/// must still count as started.
fn run(mut steps: VecDeque<Step>, hash: String) {
    let Some(step) = steps.pop_front() else {
        finish(&hash);
        return;
    };
    let focus = FocusMemo::take();
    step();
    focus.restore_scroll();
    set_timeout(
        move || {
            // After the new part's effects have set its fields (a box's
            // value, then its caret).
            focus.restore_focus();
            run(steps, hash);
        },
        std::time::Duration::ZERO,
    );
}

fn finish(hash: &str) {
    // Opening the page at `#<id>` (an event, a paragraph, a section) puts
    // the keyboard there, unless the reader is somewhere already.
    if let Some(target) = hash.strip_prefix('#').filter(|id| !id.is_empty()) {
        if browser::focused_id().is_none() {
            browser::focus_in_view(target);
        }
    }
    browser::mark_start("ready");
}

/// The timeline's state, if the briefing has a timeline. It lives as long
/// as the page: both of the timeline's parts are bound to it.
fn live_timeline(briefing: Arc<Briefing>, hash: &str) -> Option<TimelineState> {
    let has_timeline = briefing
        .article
        .sections
        .iter()
        .any(|s| s.kind == SectionKind::Timeline);
    if !has_timeline {
        return None;
    }
    let start = timeline_start(&briefing, hash);
    let owner = Owner::new();
    let state = owner.with(|| TimelineState::new(briefing, start));
    // Never dropped: dropping the owner would dispose of the state.
    browser::keep_for_page_life(owner);
    Some(state)
}

fn render_timeline_controls(state: TimelineState) {
    browser::replace_element(ids::TIMELINE_CONTROLS, move || {
        provide_context(state);
        view! { <TimelineControls/> }
    })
    .keep();
}

fn render_timeline_results(state: TimelineState) {
    browser::replace_element(ids::TIMELINE_RESULTS, move || {
        provide_context(state);
        view! { <TimelineResults/> }
    })
    .keep();
}

fn render_comments(article: &str, headline: &str) {
    let start = comments_start(article, headline);
    browser::replace_element(ids::COMMENTS_SECTION, move || {
        view! { <CommentsSection start/> }
    })
    .keep();
}

fn render_page(briefing: Arc<Briefing>, dataset: String, hash: &str) {
    let article = &briefing.article;
    // The page tells what it now shows.
    browser::set_title_and_description(&article.headline, &article.description);
    let timeline = timeline_start(&briefing, hash);
    let comments = comments_start(&article.id, &article.headline);
    browser::replace_element(ids::MAIN, move || {
        view! { <Page briefing dataset comments timeline/> }
    })
    .keep();
}

/// The timeline's start: the URL's query (which the built page's controls
/// keep up to date before the app runs: `public/start.js`), with what the
/// reader typed into the built search box (also put in the URL), the order
/// chosen there, and the linked event.
fn timeline_start(briefing: &Briefing, hash: &str) -> TimelineStart {
    let known = known_slugs(briefing);
    let mut query = TimelineQuery::from_url_search(&browser::location_search(), &known);
    let typed_search = browser::typed_value(ids::TIMELINE_SEARCH).filter(|t| !t.is_empty());
    if let Some(search) = typed_search {
        query.search = search;
        browser::set_location_search(&query.to_url_search(), false);
    }
    TimelineStart {
        query,
        linked_event: hash.strip_prefix(ids::EVENT_FRAGMENT).map(str::to_string),
        // A page at a time: the list grows as the reader asks.
        every_event: false,
        newest_first: browser::attribute(ids::TIMELINE_ORDER, "aria-pressed").as_deref()
            == Some("true"),
    }
}

/// The comments' start: what is stored, with what the reader typed into
/// the built form.
fn comments_start(article: &str, headline: &str) -> CommentsStart {
    let form = FormIds::of(None);
    let mut start = CommentsStart::load(BrowserPort, article).with_headline(headline);
    if let Some(text) = browser::typed_value(&form.text).filter(|t| !t.is_empty()) {
        start.keep_typed_draft(text);
    }
    if let Some(name) = browser::typed_value(&form.name).filter(|t| !t.is_empty()) {
        start.name = name;
    }
    start
}

//! Every element id the views give and look up, in one leaf module: the
//! page's fragments (`#event-…`), focus targets, and label targets.

/// The page's main landmark: the skip link and Retry move focus here.
pub const MAIN: &str = "main";
/// The skip link and the page-wide notices.
pub const CHROME: &str = "chrome";
/// The place in `main` for the alert a failed load shows.
pub const LOAD_ALERT: &str = "load-alert";

pub fn paragraph(id: &str) -> String {
    format!("para-{id}")
}

pub fn section_heading(id: &str) -> String {
    format!("section-{id}")
}

pub fn event(id: &str) -> String {
    format!("event-{id}")
}

/// The prefix of [`event`] ids, as a URL fragment starts.
pub const EVENT_FRAGMENT: &str = "#event-";

/// The timeline section, a fragment to link to.
pub const TIMELINE_SECTION: &str = "timeline";
/// The comments section: rendered anew over the built one when the app starts.
pub const COMMENTS_SECTION: &str = "comments";

/// The timeline's controls, and what it shows: taken over one after the
/// other, each in a task of its own.
pub const TIMELINE_CONTROLS: &str = "timeline-controls";
pub const TIMELINE_RESULTS: &str = "timeline-results";

pub const TIMELINE_HEADING: &str = "timeline-heading";
pub const TIMELINE_SEARCH: &str = "timeline-search";
/// The order toggle ("Newest first"): the app starts in the order the
/// reader chose on the built page.
pub const TIMELINE_ORDER: &str = "timeline-order";

pub const COMMENTS_HEADING: &str = "comments-heading";
pub const UNDO_DELETE: &str = "undo-delete";
/// The one open editor's text box.
pub const EDIT_TEXT: &str = "edit-text";

pub fn comment(id: &str) -> String {
    format!("comment-{id}")
}

pub fn reply_button(comment: &str) -> String {
    format!("reply-{comment}")
}

pub fn edit_button(comment: &str) -> String {
    format!("edit-{comment}")
}

/// The fields of the form for a new comment (`None`) or a reply to `parent`.
pub struct FormIds {
    pub name: String,
    pub text: String,
    pub counter: String,
}

impl FormIds {
    pub fn of(parent: Option<&str>) -> Self {
        let suffix = parent.unwrap_or("new");
        Self {
            name: format!("name-{suffix}"),
            text: format!("text-{suffix}"),
            counter: format!("counter-{suffix}"),
        }
    }
}

//! A readable copy of the comments: one self-contained HTML file a reader
//! keeps, reads offline and prints. Inline CSS only, no script, nothing
//! fetched, and every string it writes escaped, whatever a reader typed.

use super::document::{Comment, Thread};
use super::time::{full_date, iso_from_unix_ms};
use crate::text::escape_html as escape;

/// The copy's file name: the briefing's comments, and the day (UTC).
pub fn readable_file_name(article: &str, copied_at_ms: i64) -> String {
    let day = iso_from_unix_ms(copied_at_ms);
    let day = day.get(..10).unwrap_or_default();
    format!("kosovo-briefing-comments-{article}-{day}.html")
}

/// The copy of `threads` (as the page shows them), under `headline`, as
/// made at `copied_at_ms`.
pub fn readable_copy(threads: &[Thread], headline: &str, copied_at_ms: i64) -> String {
    let copied_at = iso_from_unix_ms(copied_at_ms);
    let count: usize = threads
        .iter()
        .map(|t| usize::from(!t.comment.deleted) + t.replies.len())
        .sum();
    let mut html = String::with_capacity(2048 + 256 * count);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" \
         content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    html.push_str(&format!(
        "<title>Comments: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(headline)
    ));
    html.push_str(&format!(
        "<header>\n<p class=\"kicker\">Reader comments on</p>\n<h1>{}</h1>\n",
        escape(headline)
    ));
    html.push_str(&format!(
        "<p class=\"meta\">A copy of the comments kept in this browser, made {}. {}.</p>\n</header>\n",
        time(&copied_at),
        match count {
            0 => "No comments".to_string(),
            1 => "1 comment".to_string(),
            n => format!("{n} comments"),
        }
    ));
    if !threads.is_empty() {
        html.push_str("<ol class=\"comments\">\n");
        for thread in threads {
            html.push_str("<li>");
            comment(&mut html, &thread.comment);
            if !thread.replies.is_empty() {
                html.push_str("\n<ol class=\"replies\">\n");
                for reply in &thread.replies {
                    html.push_str("<li>");
                    comment(&mut html, reply);
                    html.push_str("</li>\n");
                }
                html.push_str("</ol>\n");
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// One comment: its author, its time and its text; a deleted one's
/// placeholder, as the page shows it.
fn comment(html: &mut String, comment: &Comment) {
    if comment.deleted {
        html.push_str("<article class=\"deleted\"><p>Comment deleted.</p></article>");
        return;
    }
    let edited = comment
        .edited_at
        .as_deref()
        .map(|at| format!(" <span class=\"edited\">· edited {}</span>", time(at)))
        .unwrap_or_default();
    html.push_str(&format!(
        "<article>\n<p class=\"byline\"><span class=\"author\">{}</span> · {}{edited}</p>\n\
         <p class=\"text\" dir=\"auto\">{}</p>\n</article>",
        escape(comment.display_author()),
        time(&comment.created_at),
        escape(&comment.text),
    ));
}

/// A `time` element: the ISO time for machines, the full date for readers.
fn time(iso: &str) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        escape(iso),
        escape(&full_date(iso))
    )
}

const STYLE: &str = "
:root{color-scheme:light dark;--ink:#1b1b1b;--paper:#fff;--muted:#555;--rule:#ddd}
@media (prefers-color-scheme:dark){:root{--ink:#eee;--paper:#161616;--muted:#aaa;--rule:#444}}
body{margin:0;background:var(--paper);color:var(--ink);font:1rem/1.55 system-ui,sans-serif}
main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font:700 1.6rem/1.25 Georgia,serif;margin:.2rem 0 .6rem}
.kicker,.meta,.byline{color:var(--muted);font-size:.9rem;margin:0}
ol{list-style:none;margin:0;padding:0}
.comments>li{border-top:1px solid var(--rule);padding:1rem 0}
.replies{margin:.75rem 0 0 1.25rem;padding-left:1rem;border-left:3px solid var(--rule)}
.replies>li+li{margin-top:.75rem}
article{break-inside:avoid}
.author{font-weight:700;color:var(--ink)}
.text{margin:.3rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.deleted p{margin:0;color:var(--muted);font-style:italic}
@media print{:root{--ink:#000;--paper:#fff;--muted:#444;--rule:#999}
body{font-size:11pt}main{max-width:none;padding:0}}
";

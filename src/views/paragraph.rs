//! An article paragraph, shared by the article and the timeline's
//! introduction. It is static: the page built into index.html keeps its
//! paragraphs when the app starts, so a paragraph never needs rendering
//! again. Its highlight and way back, when a reader jumps to it from the
//! timeline, are put on it by `crate::views::cross_link`.

use leptos::prelude::*;

use crate::dataset::Paragraph;
use crate::views::ids;

#[component]
pub fn ArticleParagraph(paragraph: Paragraph) -> impl IntoView {
    view! {
        <p id=ids::paragraph(&paragraph.id) tabindex="-1" class="paragraph">
            {paragraph.text}
        </p>
    }
}

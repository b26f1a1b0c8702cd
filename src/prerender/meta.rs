//! The built page's `<head>` from the dataset: title and description, Open
//! Graph and Twitter tags for link previews, and one schema.org
//! `NewsArticle` as JSON-LD. Nothing the dataset lacks is made up: no
//! author, no date, no image but the app's icon.

use serde_json::{json, Map, Value};

use crate::dataset::Briefing;
use crate::text::escape_html as escape;

/// Where the built site lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// The site's absolute URL, ending in `/`, when the build was told it
    /// (`scripts/build.sh --site-url`). Without it, `og:url` and the
    /// canonical link are left out rather than guessed.
    pub url: Option<String>,
    /// The path the site is served under, ending in `/` (`--public-url`).
    pub base: String,
}

/// The app's icon, the link preview's image when the dataset names none.
const ICON: &str = "icons/icon-512.png";

impl Site {
    /// `path` (relative to the site) as an absolute URL if the site's is
    /// known, else from the host's root.
    fn address(&self, path: &str) -> String {
        if path.contains("://") {
            return path.to_string();
        }
        match &self.url {
            Some(url) => format!("{url}{path}"),
            None => format!("{}{path}", self.base),
        }
    }
}

pub fn head(briefing: &Briefing, site: &Site) -> String {
    let article = &briefing.article;
    let (image, image_alt) = match &article.image {
        Some(image) => (site.address(&image.url), image.alt.clone()),
        None => (site.address(ICON), briefing.site_name.clone()),
    };
    let mut tags = vec![
        format!("<title>{}</title>", escape(&article.headline)),
        meta("name", "description", &article.description),
        meta("property", "og:type", "article"),
        meta("property", "og:title", &article.headline),
        meta("property", "og:description", &article.description),
        meta("property", "og:site_name", &briefing.site_name),
        meta("property", "og:locale", &article.language.replace('-', "_")),
        meta("property", "og:image", &image),
        meta("property", "og:image:alt", &image_alt),
    ];
    if let Some(url) = &site.url {
        tags.push(meta("property", "og:url", url));
        tags.push(format!("<link rel=\"canonical\" href=\"{}\">", escape(url)));
    }
    if let Some(date) = &article.date_published {
        tags.push(meta("property", "article:published_time", date));
    }
    // A large image card only for an image of the article's own.
    let card = if article.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    tags.push(meta("name", "twitter:card", card));
    tags.push(format!(
        "<script type=\"application/ld+json\">{}</script>",
        json_ld(briefing, site, &image)
    ));
    tags.join("\n  ")
}

fn json_ld(briefing: &Briefing, site: &Site, image: &str) -> String {
    let article = &briefing.article;
    let mut ld = Map::new();
    ld.insert("@context".into(), json!("https://schema.org"));
    ld.insert("@type".into(), json!("NewsArticle"));
    ld.insert("headline".into(), json!(article.headline));
    ld.insert("description".into(), json!(article.description));
    ld.insert("inLanguage".into(), json!(article.language));
    ld.insert("isAccessibleForFree".into(), json!(true));
    ld.insert("image".into(), json!([image]));
    if let Some(url) = &site.url {
        ld.insert("url".into(), json!(url));
        ld.insert("mainEntityOfPage".into(), json!(url));
    }
    if let Some(date) = &article.date_published {
        ld.insert("datePublished".into(), json!(date));
    }
    // `<` only occurs in strings, where `\u003c` means the same: the
    // script can then never be closed early by the data.
    Value::Object(ld).to_string().replace('<', "\\u003c")
}

fn meta(kind: &str, name: &str, content: &str) -> String {
    format!("<meta {kind}=\"{name}\" content=\"{}\">", escape(content))
}

//! Text as the app compares and writes it: case folding for search, the
//! slugs of focus areas, and HTML escaping for the pages it writes as text
//! (the readable copy, the built page's metadata). A leaf module: the
//! dataset, the timeline and the comments use it.

/// "Security/Justice" -> "security-justice": lowercased, each run of
/// non-alphanumerics made one `-`, trimmed of `-`.
pub fn slugify(label: &str) -> String {
    let mut slug = String::with_capacity(label.len());
    let mut pending_dash = false;
    for c in label.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(fold_case(c));
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Lowercases one character for matching: ASCII, Latin-1, Latin
/// Extended-A, Greek and Cyrillic capitals, each to its small letter. Every
/// mapping keeps the UTF-8 length, so offsets in folded text are offsets in
/// the original. (Rust's full `to_lowercase` brings ~12 kB of Unicode tables
/// into the wasm and can change lengths: "İ" becomes two characters.)
pub fn fold_case(c: char) -> char {
    let code = c as u32;
    let folded = match code {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            code + 0x20
        }
        0x400..=0x40F => code + 0x50,
        // Latin Extended-A: capitals at even code points, then at odd ones.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if code.is_multiple_of(2) => code + 1,
        0x139..=0x148 | 0x179..=0x17E if !code.is_multiple_of(2) => code + 1,
        0x178 => 0xFF,
        _ => code,
    };
    char::from_u32(folded).unwrap_or(c)
}

/// A character as search compares it: its case folded by [`fold_case`],
/// and typographic apostrophes and quotes as a keyboard types them, so
/// `foreigners'` finds “Foreigners’”.
pub fn fold_for_search(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        _ => fold_case(c),
    }
}

/// `text` with every character folded by [`fold_for_search`].
pub fn fold(text: &str) -> String {
    text.chars().map(fold_for_search).collect()
}

/// The needle a search box value means: trimmed and lowercased.
pub fn normalize_needle(search: &str) -> String {
    fold(search.trim())
}

/// A stable fingerprint of `text` (FNV-1a, 64 bits, in hex): the same on
/// every platform and build, unlike `DefaultHasher`. Tells the dataset a
/// page was built from from the one fetched.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// `text`, safe in HTML text and in a quoted attribute value.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

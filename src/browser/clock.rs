//! The browser's clock, and its randomness. How ids are made from them is
//! the comments' rule (`crate::comments::id`).

use crate::comments;

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// `bits` random bits (up to 53, what `Math.random` gives), as a number
/// below 2^`bits`. Not for secrets: `Math.random` is not cryptographic.
pub fn random_bits(bits: i32) -> u64 {
    (js_sys::Math::random() * 2_f64.powi(bits)) as u64
}

/// A new comment id, by [`comments::comment_id`]. Kept for its callers
/// until they call that with [`now_ms`] and [`random_bits`] themselves.
pub fn new_id() -> String {
    comments::comment_id(now_ms() as u64, random_bits(48))
}

/// This page's id in the comments' stamps, by [`comments::tab_id`]. Kept
/// for its caller until it calls that with [`random_bits`] itself.
pub fn new_tab_id() -> String {
    comments::tab_id(random_bits(40))
}

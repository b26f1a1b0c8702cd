//! The browser's clock, and its randomness. How ids are made from them is
//! the comments' rule (`crate::comments::id`).

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `bits` random bits (up to 53, what `Math.random` gives), as a number
/// below 2^`bits`. Not for secrets: `Math.random` is not cryptographic.
pub fn random_bits(bits: i32) -> u64 {
    (js_sys::Math::random() * 2_f64.powi(bits)) as u64
}

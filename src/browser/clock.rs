//! The browser's clock, and the ids made from it and from randomness.

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A comment id: time plus randomness, unique across tabs in practice.
pub fn new_id() -> String {
    let random = (js_sys::Math::random() * 2_f64.powi(48)) as u64;
    format!("c{:x}{random:012x}", js_sys::Date::now() as u64)
}

/// This page's id in the comments' stamps: 40 random bits, in base 36.
pub fn new_tab_id() -> String {
    let mut n = (js_sys::Math::random() * 2_f64.powi(40)) as u64;
    let mut id = String::new();
    while n > 0 || id.is_empty() {
        let digit = (n % 36) as u32;
        id.push(char::from_digit(digit, 36).unwrap_or('0'));
        n /= 36;
    }
    id
}

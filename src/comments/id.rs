//! How a comment's id and a tab's id are made, from the time and from
//! random bits the caller draws (`browser::random_bits` in the browser).
//! A leaf: pure, so the exact strings are tested natively.

/// A comment id: `c`, the time in milliseconds in hex, then `random` (48
/// random bits) as 12 hex digits. Unique across tabs in practice: two tabs
/// would have to post in the same millisecond and draw the same bits.
pub fn comment_id(now_ms: u64, random: u64) -> String {
    format!("c{now_ms:x}{random:012x}")
}

/// A tab's id in the comments' stamps: `random` (40 random bits) in base
/// 36, lowest digit first, so at most 8 characters of `0-9a-z` (a stamp's
/// tab is alphanumeric). Zero is `0`.
pub fn tab_id(random: u64) -> String {
    let mut n = random;
    let mut id = String::new();
    while n > 0 || id.is_empty() {
        let digit = (n % 36) as u32;
        id.push(char::from_digit(digit, 36).unwrap_or('0'));
        n /= 36;
    }
    id
}

//! How comment ids and tab ids are made (`comments::id`): the exact
//! strings the browser has always written, so ids already stored and ids
//! made from now on look alike.

use kosovo_briefing::comments::{comment_id, tab_id, Stamp};

#[test]
fn a_comment_id_is_c_then_the_time_in_hex_then_12_hex_digits_of_randomness() {
    // 6 December 2024, 00:00 UTC.
    assert_eq!(comment_id(1_733_443_200_000, 0), "c19399442400000000000000");
    assert_eq!(
        comment_id(1_733_443_200_000, 0xabc),
        "c19399442400000000000abc"
    );
    assert_eq!(
        comment_id(1_733_443_200_000, (1 << 48) - 1),
        "c19399442400ffffffffffff"
    );
    assert_eq!(comment_id(0, 1), "c0000000000001");
}

#[test]
fn comment_ids_of_the_same_millisecond_differ_by_their_random_bits() {
    assert_ne!(comment_id(1_000, 1), comment_id(1_000, 2));
}

#[test]
fn a_tab_id_is_its_random_bits_in_base_36_lowest_digit_first() {
    assert_eq!(tab_id(0), "0");
    assert_eq!(tab_id(35), "z");
    assert_eq!(tab_id(36), "01");
    assert_eq!(tab_id(36 * 36 + 2 * 36 + 3), "321");
    // The largest of 40 bits: 8 characters.
    assert_eq!(tab_id((1 << 40) - 1), "fo1uw31e");
}

/// The browser's tab id as it was made before it moved here, given the
/// same random bits.
fn tab_id_as_before(random: u64) -> String {
    let mut n = random;
    let mut id = String::new();
    while n > 0 || id.is_empty() {
        let digit = (n % 36) as u32;
        id.push(char::from_digit(digit, 36).unwrap_or('0'));
        n /= 36;
    }
    id
}

#[test]
fn tab_ids_are_as_before_and_fit_in_a_stamp() {
    let samples = (0..2_000u64).chain((0..2_000u64).map(|i| (1 << 40) - 1 - i * 7_919));
    for random in samples {
        let id = tab_id(random);
        assert_eq!(id, tab_id_as_before(random));
        assert!(!id.is_empty() && id.len() <= 8, "{id}");
        let stamp = Stamp::parse(&format!("1.0.{id}")).expect("a stamp with this tab");
        assert_eq!(stamp.tab, id);
    }
}

//! Times as the comments store them (ISO 8601 in UTC, as
//! `Date.prototype.toISOString` writes them) and as the reader reads them.
//! Pure Rust, so a page renders the same on the server and in the browser.

/// `YYYY-MM-DDTHH:MM:SS.sssZ`, the one shape the store writes and sorts by.
pub fn is_iso_timestamp(text: &str) -> bool {
    unix_ms_from_iso(text).is_some()
}

/// Milliseconds since the Unix epoch of an [`is_iso_timestamp`] time.
pub fn unix_ms_from_iso(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let shape = b.len() == 24
        && [4, 7].iter().all(|&i| b[i] == b'-')
        && b[10] == b'T'
        && [13, 16].iter().all(|&i| b[i] == b':')
        && b[19] == b'.'
        && b[23] == b'Z';
    if !shape {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<i64> {
        b[from..to].iter().try_fold(0_i64, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second, milli) = (
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
        number(20, 23)?,
    );
    let in_range = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    in_range.then(|| {
        let days = days_from_civil(year, month, day);
        days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli
    })
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Formats milliseconds since the Unix epoch as [`is_iso_timestamp`] expects.
pub fn iso_from_unix_ms(ms: i64) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    let in_day = ms.rem_euclid(86_400_000);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000
    )
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "27 November 2026, 10:01 UTC": the full time, said in the zone it is
/// stored in rather than guessed into the reader's.
pub fn full_date(iso: &str) -> String {
    let Some(ms) = unix_ms_from_iso(iso) else {
        return iso.to_string();
    };
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    let in_day = ms.rem_euclid(86_400_000);
    let month = MONTHS[(month - 1).clamp(0, 11) as usize];
    format!(
        "{day} {month} {year}, {:02}:{:02} UTC",
        in_day / 3_600_000,
        in_day / 60_000 % 60
    )
}

/// A span of time in the largest unit that fits, for "3 minutes ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ago {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

pub fn ago(then_ms: f64, now_ms: f64) -> Ago {
    let seconds = ((now_ms - then_ms) / 1000.0).max(0.0) as i64;
    match seconds {
        s if s < 45 => Ago::JustNow,
        s if s < 3600 => Ago::Minutes(((s + 30) / 60).max(1)),
        s if s < 86_400 => Ago::Hours(s / 3600),
        s if s < 30 * 86_400 => Ago::Days(s / 86_400),
        s if s < 365 * 86_400 => Ago::Months(s / (30 * 86_400)),
        s => Ago::Years(s / (365 * 86_400)),
    }
}

/// How long ago `iso` was at `now_ms`, in words: "3 minutes ago",
/// "yesterday".
pub fn relative_time(iso: &str, now_ms: f64) -> String {
    let Some(then) = unix_ms_from_iso(iso) else {
        return String::new();
    };
    let (n, unit, last) = match ago(then as f64, now_ms) {
        Ago::JustNow => return "just now".to_string(),
        Ago::Minutes(n) => (n, "minute", None),
        Ago::Hours(n) => (n, "hour", None),
        Ago::Days(n) => (n, "day", Some("yesterday")),
        Ago::Months(n) => (n, "month", Some("last month")),
        Ago::Years(n) => (n, "year", Some("last year")),
    };
    match (n, last) {
        (1, Some(word)) => word.to_string(),
        (1, None) => format!("1 {unit} ago"),
        (n, _) => format!("{n} {unit}s ago"),
    }
}

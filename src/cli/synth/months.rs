//! Months as indexes (`year * 12 + month - 1`), so that series are ranges of integers. Dates,
//! month lengths and the spelling of a month come from the library's calendar.

use bulletin::{Date, Period};

/// The last month of every synthetic series (December 2025).
pub(super) const LAST_MONTH: i32 = 2025 * 12 + 11;

pub(super) fn month_index(year: i32, month: i32) -> i32 {
    year * 12 + month - 1
}

pub(super) fn year_of(m: i32) -> i32 {
    m.div_euclid(12)
}

pub(super) fn month_of(m: i32) -> i32 {
    m.rem_euclid(12) + 1
}

/// The month as the library's period.
pub(super) fn period(m: i32) -> Period {
    Period::Month(year_of(m), month_of(m) as u8)
}

/// The month as data files write it: `2025-07`.
pub(super) fn month_code(m: i32) -> String {
    period(m).to_string()
}

/// A date and the index of its month.
fn parse_day(text: &str) -> Option<(Date, Period, i32)> {
    let date = Date::parse(text).ok()?;
    let month = Period::Month(date.year, date.month);
    Some((date, month, month_index(date.year, i32::from(date.month))))
}

/// First whole month on or after a date.
pub(super) fn first_month(text: &str) -> Option<i32> {
    let (date, month, index) = parse_day(text)?;
    Some(index + i32::from(date != month.start()))
}

/// Last whole month on or before a date.
pub(super) fn last_month(text: &str) -> Option<i32> {
    let (date, month, index) = parse_day(text)?;
    Some(index - i32::from(date != month.end()))
}

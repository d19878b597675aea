//! Period and date cells. Spreadsheets show dates the local way (`30/06/2022` in Vietnam),
//! as a serial number (`44742`) or with a time; the messages quote the whole cell and spell
//! out the form to write instead.

use crate::common::diagnostics::quote;
use crate::common::messages::msg;
use crate::common::period::{Date, Period, PeriodError, PERIOD_HELP};

/// Why a cell is not a period or a date, and what to write.
pub(crate) struct CellError {
    pub message: String,
    pub help: String,
}

pub(crate) fn period_from_cell(cell: &str) -> Result<Period, CellError> {
    Period::parse(cell).map_err(|error| CellError {
        message: whole_cell_message(cell, &error, Wanted::Period),
        help: period_hint(cell).unwrap_or_else(|| PERIOD_HELP.to_string()),
    })
}

pub(crate) fn date_from_cell(cell: &str) -> Result<Date, CellError> {
    Date::parse(cell).map_err(|error| CellError {
        message: whole_cell_message(cell, &error, Wanted::Date),
        help: match spreadsheet_date(cell) {
            Some(Reading::Day(date)) => msg!("model.dates.write_date", date = date),
            Some(Reading::Either(day_first, month_first)) => msg!(
                "model.dates.write_either_date",
                day_first = day_first,
                month_first = month_first
            ),
            Some(Reading::Month(year, month)) => {
                let last_day = crate::common::period::days_in_month(year, month);
                let example = Date::new(year, month, last_day)
                    .map_or_else(|_| "2025-06-30".to_string(), |d| d.to_string());
                msg!("model.dates.date_needs_day", example = example)
            }
            None => msg!("model.dates.date_form"),
        },
    })
}

/// What a cell should have held.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Period,
    Date,
}

/// The parsers' messages quote the part they failed on (`30` of `30/06/2022`); the officer
/// needs to see the whole cell.
fn whole_cell_message(cell: &str, error: &PeriodError, wanted: Wanted) -> String {
    let message = error.to_string();
    let cell = cell.trim();
    let quoted = quote(cell);
    // A period cell holding a date the parser refused: "not a date" would mislead.
    let other_kind = wanted == Wanted::Period && matches!(error, PeriodError::NotADate { .. });
    if quoted.len() == cell.len() + 2 && message.contains(&quoted) && !other_kind {
        return message;
    }
    // A message quoting only a part of the cell adds nothing once the whole cell is quoted.
    let reason = (!message.contains('`')).then_some(message);
    match (wanted, reason) {
        (Wanted::Period, None) => msg!("model.dates.not_a_period", cell = quoted),
        (Wanted::Date, None) => msg!("model.dates.not_a_date", cell = quoted),
        (Wanted::Period, Some(reason)) => {
            msg!(
                "model.dates.not_a_period_because",
                cell = quoted,
                reason = reason
            )
        }
        (Wanted::Date, Some(reason)) => {
            msg!(
                "model.dates.not_a_date_because",
                cell = quoted,
                reason = reason
            )
        }
    }
}

/// What a date-like cell most likely means.
#[derive(Debug, PartialEq)]
enum Reading {
    Day(Date),
    /// Both numbers could be the day: day first, then month first.
    Either(Date, Date),
    Month(i32, u8),
}

/// Help for a period written the way a spreadsheet or a report shows it.
fn period_hint(cell: &str) -> Option<String> {
    if let Some(period) = quarter_or_half(cell) {
        return Some(msg!("model.dates.write_period", period = period));
    }
    let month_of = |year: i32, month: u8| format!("{year:04}-{month:02}");
    Some(match spreadsheet_date(cell)? {
        Reading::Day(date) => msg!(
            "model.dates.write_day_or_month",
            date = date,
            month = month_of(date.year, date.month)
        ),
        Reading::Either(day_first, month_first) => msg!(
            "model.dates.write_either_day_or_month",
            day_first = day_first,
            month_first = month_first,
            month = month_of(day_first.year, day_first.month)
        ),
        Reading::Month(year, month) => {
            msg!("model.dates.write_month", month = month_of(year, month))
        }
    })
}

/// `Q2 2022`, `Q2/2022`, `quý 2/2022`, `2022Q2`, `H1 2022` -> `2022-Q2`, `2022-H1`.
fn quarter_or_half(cell: &str) -> Option<String> {
    let lower = cell.trim().to_lowercase().replace("quý", "q");
    let compact: String = lower
        .chars()
        .filter(|c| !matches!(c, ' ' | '/' | '-' | '.'))
        .collect();
    let (year, rest) = if compact.len() >= 4 && compact.is_char_boundary(4) {
        match (
            compact[..4].parse::<i32>(),
            compact.get(compact.len() - 4..),
        ) {
            (Ok(year), _) => (year, compact[4..].to_string()),
            (Err(_), Some(tail)) => (
                tail.parse::<i32>().ok()?,
                compact[..compact.len() - 4].to_string(),
            ),
            _ => return None,
        }
    } else {
        return None;
    };
    let (kind, number) = rest.split_at(rest.find(|c: char| c.is_ascii_digit())?);
    let n: u8 = number.parse().ok()?;
    match kind {
        "q" if (1..=4).contains(&n) => Some(format!("{year}-Q{n}")),
        "h" if (1..=2).contains(&n) => Some(format!("{year}-H{n}")),
        _ => None,
    }
}

/// Reads `30/06/2022`, `30.06.2022`, `6/30/2022`, `2022/06/30`, `2022-6-30`, `06/2022`,
/// `tháng 6/2022`, `2022-06-30 00:00:00` and Excel serial numbers such as `44742`.
fn spreadsheet_date(cell: &str) -> Option<Reading> {
    let lower = cell.trim().to_lowercase();
    let text = lower
        .strip_prefix("tháng")
        .or_else(|| lower.strip_prefix('t'))
        .unwrap_or(&lower)
        .trim();
    // A time after the date: `2022-06-30 00:00:00`, `2022-06-30T00:00`.
    let text = text.split([' ', 't']).next().unwrap_or(text);
    if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) {
        return excel_serial(text.parse().ok()?).map(Reading::Day);
    }
    let parts: Vec<&str> = text.split(['/', '.', '-']).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let number = |s: &str| s.parse::<i32>().ok();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => day(number(y)?, number(m)?, number(d)?).map(Reading::Day),
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => {
            let (a, b, y) = (number(a)?, number(b)?, number(y)?);
            match (day(y, b, a), day(y, a, b)) {
                (Some(first), Some(second)) if first != second => {
                    Some(Reading::Either(first, second))
                }
                (Some(date), _) | (None, Some(date)) => Some(Reading::Day(date)),
                (None, None) => None,
            }
        }
        [m, y] if y.len() == 4 && m.len() <= 2 => month(number(y)?, number(m)?),
        [y, m] if y.len() == 4 && m.len() <= 2 => month(number(y)?, number(m)?),
        _ => None,
    }
}

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Date::new(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?).ok()
}

fn month(year: i32, month: i32) -> Option<Reading> {
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    Some(Reading::Month(year, month))
}

/// Excel counts days from 1899-12-30; 20000 to 80000 covers 1954 to 2119.
fn excel_serial(serial: i64) -> Option<Date> {
    if !(20_000..=80_000).contains(&serial) {
        return None;
    }
    let epoch = Date::new(1899, 12, 30).ok()?.day_number();
    let target = epoch + serial;
    let mut year = 1954;
    while Date::new(year + 1, 1, 1).ok()?.day_number() <= target {
        year += 1;
    }
    let mut month = 1;
    while month < 12 && Date::new(year, month + 1, 1).ok()?.day_number() <= target {
        month += 1;
    }
    let first = Date::new(year, month, 1).ok()?.day_number();
    Date::new(year, month, u8::try_from(target - first + 1).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period_error(cell: &str) -> CellError {
        period_from_cell(cell).err().unwrap()
    }

    #[test]
    fn day_month_year_periods_quote_the_whole_cell_and_suggest_iso() {
        let err = period_error("30/06/2022");
        assert_eq!(err.message, "`30/06/2022` is not a period");
        assert!(
            err.help.contains("2022-06-30") && err.help.contains("2022-06 for the month"),
            "{}",
            err.help
        );
        let err = period_error("05/06/2022");
        assert!(
            err.help.contains("2022-06-05") && err.help.contains("2022-05-06"),
            "{}",
            err.help
        );
        assert!(period_error("6/30/2022").help.contains("2022-06-30"));
        assert!(period_error("30.06.2022").help.contains("2022-06-30"));
        assert!(period_error("06/2022")
            .help
            .contains("2022-06 for the month"));
        assert!(period_error("tháng 6/2022").help.contains("2022-06"));
        assert!(period_error("2022-6").help.contains("2022-06"));
        assert!(period_error("2022/06/30").help.contains("2022-06-30"));
        assert!(period_error("2022-06-30 00:00:00")
            .help
            .contains("2022-06-30"));
        assert!(period_error("44742").help.contains("2022-06-30"));
    }

    #[test]
    fn quarters_and_halves_written_otherwise() {
        assert_eq!(period_error("Q2 2022").help, "write 2022-Q2");
        assert_eq!(period_error("quý 2/2022").help, "write 2022-Q2");
        assert_eq!(period_error("H1/2022").help, "write 2022-H1");
        assert_eq!(period_error("2022Q3").help, "write 2022-Q3");
        assert_eq!(period_error("nonsense").help, PERIOD_HELP);
    }

    #[test]
    fn parser_messages_that_quote_the_whole_cell_are_kept() {
        assert_eq!(
            period_error("2022-Q5").message,
            "`2022-Q5`: a year has quarters Q1 to Q4"
        );
        let err = period_error("2023-02-30");
        assert!(
            err.message.contains("`2023-02-30` is not a period")
                && err.message.contains("has no day 30"),
            "{}",
            err.message
        );
    }

    #[test]
    fn dates_suggest_the_iso_form() {
        let err = date_from_cell("10/07/2022").err().unwrap();
        assert!(
            err.message.contains("`10/07/2022` is not a date"),
            "{}",
            err.message
        );
        assert!(
            err.help.contains("2022-07-10") && err.help.contains("YYYY-MM-DD"),
            "{}",
            err.help
        );
        assert!(date_from_cell("31/5/2023")
            .err()
            .unwrap()
            .help
            .starts_with("write 2023-05-31"));
        assert!(date_from_cell("06/2022")
            .err()
            .unwrap()
            .help
            .contains("2022-06-30"));
        assert!(date_from_cell("x")
            .err()
            .unwrap()
            .help
            .contains("YYYY-MM-DD"));
    }

    #[test]
    fn excel_serial_numbers() {
        assert_eq!(excel_serial(44742), Date::new(2022, 6, 30).ok());
        assert_eq!(excel_serial(45000), Date::new(2023, 3, 15).ok());
        assert_eq!(excel_serial(5), None);
    }

    #[test]
    fn cell_errors_speak_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let err = period_error("30/06/2022");
            assert_eq!(err.message, "`30/06/2022` không phải là kỳ báo cáo");
            assert_eq!(
                err.help,
                "ghi 2022-06-30 nếu là một ngày, hoặc 2022-06 nếu là cả tháng"
            );
            assert_eq!(period_error("quý 2/2022").help, "ghi 2022-Q2");
            // The message of a date cell is the date parser's own (src/common/period.rs).
            let err = date_from_cell("10/07/2022").err().unwrap();
            assert!(
                err.help.starts_with(
                    "ghi 2022-07-10 nếu ngày đứng trước (như cách viết ở Việt Nam), hoặc 2022-10-07"
                ),
                "{}",
                err.help
            );
        });
    }
}

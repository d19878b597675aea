//! Calendar dates and reporting periods (`2024`, `2022-H1`, `2022-Q2`, `2022-06`,
//! `2023-05-31`, `2023-01/2023-05`, `2021-2022`).

use std::cmp::Ordering;
use std::fmt;

use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::messages::msg;

/// A valid Gregorian date. Small on purpose: the site needs parsing, validation and order only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, PeriodError> {
        if !(1..=12).contains(&month) {
            return Err(PeriodError::NoSuchMonth {
                month,
                period: None,
            });
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(PeriodError::NoSuchDay { year, month, day });
        }
        Ok(Date { year, month, day })
    }

    fn end_of_month(year: i32, month: u8) -> Date {
        Date {
            year,
            month,
            day: days_in_month(year, month),
        }
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, PeriodError> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => Date::new(
                parse_year(y)?,
                parse_number(m, DatePart::Month)?,
                parse_number(d, DatePart::Day)?,
            ),
            _ => Err(PeriodError::NotADate {
                text: text.to_string(),
            }),
        }
    }

    /// Days since 0000-03-01, for measuring spans; only differences are meaningful.
    pub fn day_number(&self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year as i64 - 1, self.month as i64 + 12)
        } else {
            (self.year as i64, self.month as i64)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + self.day as i64
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse_year(text: &str) -> Result<i32, PeriodError> {
    let not_a_year = || PeriodError::NotAFourDigitYear {
        text: text.to_string(),
    };
    if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_year());
    }
    let year: i32 = text.parse().map_err(|_| not_a_year())?;
    if !(1900..=2200).contains(&year) {
        return Err(PeriodError::YearOutOfRange { year });
    }
    Ok(year)
}

/// The month or day of a date: one or two digits (callers check the length).
fn parse_number(text: &str, part: DatePart) -> Result<u8, PeriodError> {
    let not_a_number = || PeriodError::NotANumber {
        part,
        text: text.to_string(),
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_number());
    }
    text.parse().map_err(|_| not_a_number())
}

/// The part of a date a number was read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Month,
    Day,
}

/// Why a text is not a date or a period: what is wrong, with the part of the text it is in (the
/// year, month or day, a half or quarter, one end of a range) or the whole text when no part is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// Not written `YYYY-MM-DD`.
    NotADate {
        text: String,
    },
    /// Not written as any kind of period.
    NotAPeriod {
        text: String,
    },
    /// The year of a date is not four digits.
    NotAFourDigitYear {
        text: String,
    },
    YearOutOfRange {
        year: i32,
    },
    /// The month or the day of a date is not a number.
    NotANumber {
        part: DatePart,
        text: String,
    },
    /// A month number outside 1 to 12, with the period written when there is one (`2023-13`).
    NoSuchMonth {
        month: u8,
        period: Option<String>,
    },
    /// A day the month does not have (`2023-02-30`).
    NoSuchDay {
        year: i32,
        month: u8,
        day: u8,
    },
    NoSuchHalf {
        text: String,
    },
    NoSuchQuarter {
        text: String,
    },
    /// Two years that do not follow each other (`2021-2023`).
    SchoolYearNotConsecutive {
        text: String,
    },
    /// A range whose ends are not both months (`2022/2023`).
    RangeNotMonthToMonth {
        text: String,
    },
    /// A range whose end month comes before its start month.
    EndsBeforeStart {
        text: String,
    },
    /// A run of months of two years or more.
    RangeTooLong {
        text: String,
    },
}

impl PeriodError {
    /// The finding for a date or period written at `location`; the caller adds the help, which
    /// depends on where it is written (a cell, the front matter, a shortcode).
    pub fn diagnostic(&self, location: Location) -> Diagnostic {
        Diagnostic::error(self.to_string()).at(location)
    }
}

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PeriodError::NotADate { text } => msg!("common.period.not_a_date", text = text),
            PeriodError::NotAPeriod { text } => msg!("common.period.not_a_period", text = text),
            PeriodError::NotAFourDigitYear { text } => {
                msg!("common.period.not_a_four_digit_year", text = text)
            }
            PeriodError::YearOutOfRange { year } => {
                msg!("common.period.year_out_of_range", year = year)
            }
            PeriodError::NotANumber {
                part: DatePart::Month,
                text,
            } => msg!("common.period.month_not_a_number", text = text),
            PeriodError::NotANumber {
                part: DatePart::Day,
                text,
            } => msg!("common.period.day_not_a_number", text = text),
            PeriodError::NoSuchMonth {
                month,
                period: Some(text),
            } => msg!("common.period.no_such_month_in", text = text, month = month),
            PeriodError::NoSuchMonth {
                month,
                period: None,
            } => msg!("common.period.no_such_month", month = month),
            PeriodError::NoSuchDay { year, month, day } => msg!(
                "common.period.no_such_day",
                year_month = format!("{year:04}-{month:02}"),
                day = day,
                days = days_in_month(*year, *month)
            ),
            PeriodError::NoSuchHalf { text } => msg!("common.period.no_such_half", text = text),
            PeriodError::NoSuchQuarter { text } => {
                msg!("common.period.no_such_quarter", text = text)
            }
            PeriodError::SchoolYearNotConsecutive { text } => {
                msg!("common.period.school_year_not_consecutive", text = text)
            }
            PeriodError::RangeNotMonthToMonth { text } => {
                msg!("common.period.range_not_month_to_month", text = text)
            }
            PeriodError::EndsBeforeStart { text } => {
                msg!("common.period.ends_before_start", text = text)
            }
            PeriodError::RangeTooLong { text } => msg!("common.period.range_too_long", text = text),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for PeriodError {}

/// A reporting period. Counts of people refer to the end of the period; flows (money collected,
/// visits) to the whole of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Day(Date),
    /// A run of whole months, first and last inclusive: `2023-01/2023-05`.
    Months {
        from: (i32, u8),
        to: (i32, u8),
    },
    /// A school year starting in the autumn of the given year: `2021-2022`.
    SchoolYear(i32),
}

/// Periods that can be compared with each other: same kind and same length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodClass {
    Year,
    Half,
    Quarter,
    Month,
    Day,
    Months { first_month: u8, length: u8 },
    SchoolYear,
}

/// How to write a period, as the help of a finding: `.help(PERIOD_HELP)`, `PERIOD_HELP.to_string()`.
/// A value rather than a text so that it reads in the language of the moment it is used.
pub const PERIOD_HELP: PeriodHelp = PeriodHelp;

/// See [`PERIOD_HELP`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodHelp;

impl fmt::Display for PeriodHelp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&msg!("common.period.help"))
    }
}

impl From<PeriodHelp> for String {
    fn from(help: PeriodHelp) -> String {
        help.to_string()
    }
}

impl PartialEq<PeriodHelp> for String {
    fn eq(&self, _: &PeriodHelp) -> bool {
        *self == msg!("common.period.help")
    }
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let text = text.trim();
        if let Some((from, to)) = text.split_once('/') {
            return Period::parse_months(text, Period::parse(from)?, Period::parse(to)?);
        }
        let owned = || text.to_string();
        let not_a_period = || PeriodError::NotAPeriod { text: owned() };
        let parts: Vec<&str> = text.split('-').collect();
        let (y, rest) = match parts.as_slice() {
            [y] => return Ok(Period::Year(parse_year(y).map_err(|_| not_a_period())?)),
            [y, rest] => (y, *rest),
            [_, _, _] => return Date::parse(text).map(Period::Day),
            _ => return Err(not_a_period()),
        };
        let year = parse_year(y).map_err(|_| not_a_period())?;
        let upper = rest.to_ascii_uppercase();
        if let Some(h) = upper.strip_prefix('H') {
            match h {
                "1" | "2" => Ok(Period::Half(year, h.parse().unwrap_or(1))),
                _ => Err(PeriodError::NoSuchHalf { text: owned() }),
            }
        } else if let Some(q) = upper.strip_prefix('Q') {
            match q {
                "1" | "2" | "3" | "4" => Ok(Period::Quarter(year, q.parse().unwrap_or(1))),
                _ => Err(PeriodError::NoSuchQuarter { text: owned() }),
            }
        } else if rest.len() == 4 {
            let second = parse_year(rest).map_err(|_| not_a_period())?;
            if second != year + 1 {
                return Err(PeriodError::SchoolYearNotConsecutive { text: owned() });
            }
            Ok(Period::SchoolYear(year))
        } else if rest.len() == 2 {
            let month = parse_number(rest, DatePart::Month).map_err(|_| not_a_period())?;
            if !(1..=12).contains(&month) {
                return Err(PeriodError::NoSuchMonth {
                    month,
                    period: Some(owned()),
                });
            }
            Ok(Period::Month(year, month))
        } else {
            Err(not_a_period())
        }
    }

    /// `from/to`, both parsed: a run of months of less than two years.
    fn parse_months(text: &str, from: Period, to: Period) -> Result<Period, PeriodError> {
        let text = text.to_string();
        let (Period::Month(fy, fm), Period::Month(ty, tm)) = (from, to) else {
            return Err(PeriodError::RangeNotMonthToMonth { text });
        };
        if (ty, tm) < (fy, fm) {
            Err(PeriodError::EndsBeforeStart { text })
        } else if (ty, tm) == (fy, fm) {
            Ok(Period::Month(fy, fm))
        } else if (ty - fy) * 12 + tm as i32 - fm as i32 >= 24 {
            Err(PeriodError::RangeTooLong { text })
        } else {
            Ok(Period::Months {
                from: (fy, fm),
                to: (ty, tm),
            })
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> Date {
        let first = |y: i32, m: u8| Date {
            year: y,
            month: m,
            day: 1,
        };
        match *self {
            Period::Year(y) => first(y, 1),
            Period::Half(y, h) => first(y, (h - 1) * 6 + 1),
            Period::Quarter(y, q) => first(y, (q - 1) * 3 + 1),
            Period::Month(y, m) => first(y, m),
            Period::Day(d) => d,
            Period::Months { from, .. } => first(from.0, from.1),
            Period::SchoolYear(y) => first(y, 9),
        }
    }

    /// The last day of the period.
    pub fn end(&self) -> Date {
        match *self {
            Period::Year(y) => Date::end_of_month(y, 12),
            Period::Half(y, h) => Date::end_of_month(y, h * 6),
            Period::Quarter(y, q) => Date::end_of_month(y, q * 3),
            Period::Month(y, m) => Date::end_of_month(y, m),
            Period::Day(d) => d,
            Period::Months { to, .. } => Date::end_of_month(to.0, to.1),
            Period::SchoolYear(y) => Date::end_of_month(y + 1, 5),
        }
    }

    pub fn class(&self) -> PeriodClass {
        match *self {
            Period::Year(_) => PeriodClass::Year,
            Period::Half(..) => PeriodClass::Half,
            Period::Quarter(..) => PeriodClass::Quarter,
            Period::Month(..) => PeriodClass::Month,
            Period::Day(_) => PeriodClass::Day,
            Period::Months { from, to } => PeriodClass::Months {
                first_month: from.1,
                length: ((to.0 - from.0) * 12 + to.1 as i32 - from.1 as i32 + 1) as u8,
            },
            Period::SchoolYear(_) => PeriodClass::SchoolYear,
        }
    }

    /// The year a period is counted in (for a school year, the year it ends).
    pub fn year(&self) -> i32 {
        self.end().year
    }
}

/// Chronological order: by end, then the longer period first.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.end()
            .cmp(&other.end())
            .then_with(|| self.start().cmp(&other.start()))
            // End, start and kind identify a period, so this order is total without allocating.
            .then_with(|| self.class().cmp(&other.class()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The canonical spelling, as written in data files.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Half(y, h) => write!(f, "{y:04}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Day(d) => write!(f, "{d}"),
            Period::Months { from, to } => {
                write!(f, "{:04}-{:02}/{:04}-{:02}", from.0, from.1, to.0, to.1)
            }
            Period::SchoolYear(y) => write!(f, "{y:04}-{:04}", y + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_and_round_trips() {
        for text in [
            "2024",
            "2022-H1",
            "2022-Q2",
            "2022-06",
            "2023-05-31",
            "2023-01/2023-05",
            "2021-07/2022-06",
            "2021-2022",
        ] {
            let period = Period::parse(text).unwrap();
            assert_eq!(period.to_string(), text);
        }
        assert_eq!(Period::parse("2022-h1").unwrap(), Period::Half(2022, 1));
    }

    #[test]
    fn rejects_impossible_periods() {
        assert!(Period::parse("2023-02-30")
            .unwrap_err()
            .to_string()
            .contains("no day 30"));
        assert!(Period::parse("2024-02-29").is_ok());
        assert!(Period::parse("2023-13").is_err());
        assert!(Period::parse("2022-H3").is_err());
        assert!(Period::parse("2022-Q5").is_err());
        assert!(Period::parse("2021-2023").is_err());
        assert!(Period::parse("2023-05/2023-01").is_err());
        assert!(Period::parse("22").is_err());
        assert!(Period::parse("").is_err());
        assert!(Period::parse("Q2 2022").is_err());
    }

    #[test]
    fn spans_and_order() {
        let h1 = Period::parse("2022-H1").unwrap();
        assert_eq!(h1.start(), Date::new(2022, 1, 1).unwrap());
        assert_eq!(h1.end(), Date::new(2022, 6, 30).unwrap());
        let june = Period::parse("2022-06").unwrap();
        assert!(
            h1 < june,
            "longer period ending on the same day sorts first"
        );
        assert!(Period::parse("2021-12").unwrap() < Period::parse("2022-04").unwrap());
        assert_eq!(Period::parse("2021-2022").unwrap().year(), 2022);
    }

    #[test]
    fn classes_group_comparable_periods() {
        let a = Period::parse("2022-01/2022-04").unwrap();
        let b = Period::parse("2023-01/2023-04").unwrap();
        let c = Period::parse("2023-01/2023-05").unwrap();
        assert_eq!(a.class(), b.class());
        assert_ne!(a.class(), c.class());
    }

    #[test]
    fn day_numbers_measure_spans() {
        let a = Date::new(2024, 2, 28).unwrap();
        let b = Date::new(2024, 3, 1).unwrap();
        assert_eq!(b.day_number() - a.day_number(), 2);
    }

    #[test]
    fn errors_say_what_is_wrong_and_in_which_part() {
        let message = |text: &str| Period::parse(text).unwrap_err().to_string();
        assert_eq!(
            message("2023-02-30"),
            "2023-02 has no day 30 (it has 28 days)"
        );
        assert_eq!(message("2023-13"), "`2023-13`: month 13 does not exist");
        assert_eq!(message("2022-H3"), "`2022-H3`: a year has halves H1 and H2");
        assert_eq!(
            message("2022-Q5"),
            "`2022-Q5`: a year has quarters Q1 to Q4"
        );
        assert_eq!(
            message("2023-05/2023-01"),
            "`2023-05/2023-01` ends before it starts"
        );
        assert_eq!(message(" Q2 2022 "), "`Q2 2022` is not a period");
        assert_eq!(
            Period::parse("2022-06/2023").unwrap_err(),
            PeriodError::RangeNotMonthToMonth {
                text: "2022-06/2023".into()
            }
        );
        assert_eq!(
            Date::parse("2023-ab-01").unwrap_err(),
            PeriodError::NotANumber {
                part: DatePart::Month,
                text: "ab".into()
            }
        );
        assert_eq!(
            Date::parse("2023-05-3x").unwrap_err().to_string(),
            "the day `3x` is not a number"
        );
        assert_eq!(
            Date::parse("1800-01-01").unwrap_err().to_string(),
            "year 1800 is out of range (1900-2200)"
        );
        assert_eq!(
            Date::new(2023, 0, 1).unwrap_err().to_string(),
            "month 0 does not exist"
        );
    }

    #[test]
    fn errors_become_located_diagnostics() {
        let at = Location::line("content/bulletins/a.vi.md", 6).with_label("front matter `period`");
        let diagnostic = Period::parse("06/2022").unwrap_err().diagnostic(at.clone());
        assert!(diagnostic.is_error());
        assert_eq!(diagnostic.message, "`06` is not a period");
        assert_eq!(diagnostic.location.as_deref(), Some(&at));
    }

    #[test]
    fn errors_read_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let message =
            |text: &str| with_lang(Lang::Vi, || Period::parse(text).unwrap_err().to_string());
        assert_eq!(
            message("2023-02-30"),
            "tháng 2023-02 không có ngày 30 (tháng này có 28 ngày)"
        );
        assert_eq!(
            message("2022-Q5"),
            "`2022-Q5`: một năm chỉ có các quý từ Q1 đến Q4"
        );
        assert_eq!(message(" Q2 2022 "), "`Q2 2022` không phải là kỳ báo cáo");
        assert_eq!(
            with_lang(Lang::Vi, || Date::parse("2023-05-3x")
                .unwrap_err()
                .to_string()),
            "ngày `3x` không phải là số"
        );
        let help: String = with_lang(Lang::Vi, || PERIOD_HELP.into());
        assert!(help.starts_with("hãy viết một năm (2024)"), "{help}");
        assert_eq!(help, with_lang(Lang::Vi, || PERIOD_HELP.to_string()));
    }
}

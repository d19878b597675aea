//! How figures, periods and dates read in each language (CLDR conventions for vi and en).

use serde::Serialize;
use std::fmt;

use crate::common::figure::{Figure, Qualifier};
use crate::common::period::{Date, Period};

/// A language of the site: Vietnamese or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text for this language from a (vi, en) pair.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    fn separators(self) -> (char, char) {
        match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Units of measure an indicator can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Persons,
    /// A share of a whole, 0 to 100.
    Percent,
    /// A relative change, may be negative.
    PercentChange,
    VndBillion,
    Establishments,
    Count,
    Rank,
}

impl Unit {
    pub const NAMES: &'static [&'static str] = &[
        "persons",
        "percent",
        "percent_change",
        "vnd_billion",
        "establishments",
        "count",
        "rank",
    ];

    pub fn parse(text: &str) -> Option<Unit> {
        Some(match text.trim() {
            "persons" => Unit::Persons,
            "percent" => Unit::Percent,
            "percent_change" => Unit::PercentChange,
            "vnd_billion" => Unit::VndBillion,
            "establishments" => Unit::Establishments,
            "count" => Unit::Count,
            "rank" => Unit::Rank,
            _ => return None,
        })
    }

    /// Whole things that cannot be negative.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Unit::Persons | Unit::Establishments | Unit::Count | Unit::Rank
        )
    }

    pub fn is_percent(self) -> bool {
        matches!(self, Unit::Percent | Unit::PercentChange)
    }

    /// The interface-string key of the unit's word, as it reads in a column heading or after a
    /// chart title (`unit.persons`).
    pub fn key(self) -> &'static str {
        match self {
            Unit::Persons => "unit.persons",
            Unit::Percent => "unit.percent",
            Unit::PercentChange => "unit.percent_change",
            Unit::VndBillion => "unit.vnd_billion",
            Unit::Establishments => "unit.establishments",
            Unit::Count => "unit.count",
            Unit::Rank => "unit.rank",
        }
    }
}

/// `1144762.0, 0` -> `1.144.762` (vi) / `1,144,762` (en).
pub fn format_number(value: f64, decimals: u8, lang: Lang) -> String {
    let (group, decimal) = lang.separators();
    let text = format!("{:.*}", decimals as usize, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    let rounds_to_zero = text.bytes().all(|b| b == b'0' || b == b'.');
    if value < 0.0 && !rounds_to_zero {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

pub fn qualifier_word(qualifier: Qualifier, lang: Lang) -> &'static str {
    match (qualifier, lang) {
        (Qualifier::Over, Lang::Vi) => "hơn",
        (Qualifier::Over, Lang::En) => "over",
        (Qualifier::Under, Lang::Vi) => "dưới",
        (Qualifier::Under, Lang::En) => "under",
        (Qualifier::Nearly, Lang::Vi) => "gần",
        (Qualifier::Nearly, Lang::En) => "nearly",
        (Qualifier::About, Lang::Vi) => "khoảng",
        (Qualifier::About, Lang::En) => "about",
    }
}

/// A round hedged figure in the millions reads as the source said it: "over 2 million".
fn compact_millions(figure: &Figure, lang: Lang) -> Option<String> {
    let v = figure.value.abs();
    if figure.decimals == 0 && v >= 1_000_000.0 && (v % 100_000.0) == 0.0 {
        let millions = v / 1_000_000.0;
        let decimals = if millions.fract() == 0.0 { 0 } else { 1 };
        let word = lang.pick("triệu", "million");
        return Some(format!(
            "{} {word}",
            format_number(millions, decimals, lang)
        ));
    }
    None
}

/// The bare number of a figure, without hedge or unit, in the language's format.
pub fn format_amount(figure: &Figure, lang: Lang) -> String {
    compact_millions(figure, lang)
        .unwrap_or_else(|| format_number(figure.value, figure.decimals, lang))
}

/// A figure as it reads in running text: hedge, number, and the unit where the number alone
/// would be ambiguous (percentages, money, ranks). Counts of people stay bare so prose can name them.
pub fn format_figure(figure: &Figure, unit: Unit, lang: Lang) -> String {
    let number = format_amount(figure, lang);
    let with_unit = match (unit, lang) {
        (Unit::Percent | Unit::PercentChange, _) => format!("{number}%"),
        (Unit::VndBillion, Lang::Vi) => format!("{number} tỷ đồng"),
        (Unit::VndBillion, Lang::En) => format!("VND {number} billion"),
        (Unit::Rank, Lang::Vi) => format!("thứ {number}"),
        (Unit::Rank, Lang::En) => format!("{number}{}", english_ordinal_suffix(figure.value)),
        _ => number,
    };
    match figure.qualifier {
        Some(q) => format!("{} {with_unit}", qualifier_word(q, lang)),
        None => with_unit,
    }
}

fn english_ordinal_suffix(value: f64) -> &'static str {
    let n = value.abs() as u64;
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Direction of a change, for wording and for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    Flat,
}

/// A change between two figures as words: `tăng 44.729` / `up 44,729`.
/// `difference` carries the hedge and precision of the result; `unit` is the unit of the
/// change itself (for shares, an absolute change is in percentage points).
pub fn format_change(
    difference: &Figure,
    unit: Unit,
    points: bool,
    lang: Lang,
) -> (String, Direction) {
    let rounded = format_number(difference.value, difference.decimals, lang);
    let direction = if rounded
        .trim_start_matches('-')
        .chars()
        .all(|c| !c.is_ascii_digit() || c == '0')
    {
        Direction::Flat
    } else if difference.value > 0.0 {
        Direction::Up
    } else {
        Direction::Down
    };
    if direction == Direction::Flat {
        return (lang.pick("không đổi", "unchanged").to_string(), direction);
    }
    let magnitude = Figure {
        value: difference.value.abs(),
        ..*difference
    };
    let amount = if points {
        let number = format_amount(&magnitude, lang);
        let qualified = match magnitude.qualifier {
            Some(q) => format!("{} {number}", qualifier_word(q, lang)),
            None => number,
        };
        format!(
            "{qualified} {}",
            lang.pick("điểm phần trăm", "percentage points")
        )
    } else {
        format_figure(&magnitude, unit, lang)
    };
    let verb = match (direction, lang) {
        (Direction::Up, Lang::Vi) => "tăng",
        (Direction::Up, Lang::En) => "up",
        (_, Lang::Vi) => "giảm",
        (_, Lang::En) => "down",
    };
    (format!("{verb} {amount}"), direction)
}

const EN_MONTHS: [&str; 12] = [
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

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

pub fn format_date(date: &Date, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{}/{}/{}", date.day, date.month, date.year),
        Lang::En => format!(
            "{} {} {}",
            date.day,
            EN_MONTHS[date.month as usize - 1],
            date.year
        ),
    }
}

/// A period in words, as a page's prose names it (`tháng 6/2025`, `June 2025`).
pub fn format_period(period: &Period, lang: Lang) -> String {
    match (*period, lang) {
        (Period::Year(y), Lang::Vi) => format!("năm {y}"),
        (Period::Year(y), Lang::En) => y.to_string(),
        (Period::Half(y, 1), Lang::Vi) => format!("6 tháng đầu năm {y}"),
        (Period::Half(y, _), Lang::Vi) => format!("6 tháng cuối năm {y}"),
        (Period::Half(y, 1), Lang::En) => format!("first half of {y}"),
        (Period::Half(y, _), Lang::En) => format!("second half of {y}"),
        (Period::Quarter(y, q), Lang::Vi) => format!("quý {}/{y}", ROMAN[q as usize - 1]),
        (Period::Quarter(y, q), Lang::En) => format!("Q{q} {y}"),
        (Period::Month(y, m), Lang::Vi) => format!("tháng {m}/{y}"),
        (Period::Month(y, m), Lang::En) => format!("{} {y}", EN_MONTHS[m as usize - 1]),
        (Period::Day(d), _) => format_date(&d, lang),
        (Period::Months { from, to }, Lang::Vi) => {
            if from.0 == to.0 && from.1 == 1 {
                format!("{} tháng đầu năm {}", to.1, to.0)
            } else if from.0 == to.0 {
                format!("tháng {}-{}/{}", from.1, to.1, to.0)
            } else {
                format!("từ tháng {}/{} đến tháng {}/{}", from.1, from.0, to.1, to.0)
            }
        }
        (Period::Months { from, to }, Lang::En) => {
            let name = |m: u8| EN_MONTHS[m as usize - 1];
            if from.0 == to.0 {
                format!("{}–{} {}", name(from.1), name(to.1), to.0)
            } else {
                format!("{} {} – {} {}", name(from.1), from.0, name(to.1), to.0)
            }
        }
        (Period::SchoolYear(y), Lang::Vi) => format!("năm học {y}-{}", y + 1),
        (Period::SchoolYear(y), Lang::En) => format!("{y}-{} school year", y + 1),
    }
}

const EN_MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A compact period for chart axes, where space is short.
pub fn format_period_short(period: &Period, lang: Lang) -> String {
    match (*period, lang) {
        (Period::Half(y, h), Lang::Vi) => {
            format!("{} {y}", if h == 1 { "6T đầu" } else { "6T cuối" })
        }
        (Period::Half(y, h), Lang::En) => format!("H{h} {y}"),
        (Period::Month(y, m), Lang::Vi) => format!("{m}/{y}"),
        (Period::Month(y, m), Lang::En) => format!("{} {y}", EN_MONTHS_SHORT[m as usize - 1]),
        (Period::Day(d), Lang::En) => format!(
            "{} {} {}",
            d.day,
            EN_MONTHS_SHORT[d.month as usize - 1],
            d.year
        ),
        (Period::Months { from, to }, Lang::Vi) if from.0 == to.0 => {
            format!("T{}-{}/{}", from.1, to.1, to.0)
        }
        (Period::Months { from, to }, Lang::En) if from.0 == to.0 => {
            format!(
                "{}–{} {}",
                EN_MONTHS_SHORT[from.1 as usize - 1],
                EN_MONTHS_SHORT[to.1 as usize - 1],
                to.0
            )
        }
        (Period::SchoolYear(y), _) => format!("{y}-{:02}", (y + 1) % 100),
        _ => format_period(period, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::figure::parse_figure;

    fn fig(cell: &str) -> Figure {
        parse_figure(cell).unwrap()
    }

    #[test]
    fn numbers_follow_cldr() {
        assert_eq!(format_number(1144762.0, 0, Lang::Vi), "1.144.762");
        assert_eq!(format_number(1144762.0, 0, Lang::En), "1,144,762");
        assert_eq!(format_number(2.77, 2, Lang::Vi), "2,77");
        assert_eq!(format_number(2.77, 2, Lang::En), "2.77");
        assert_eq!(format_number(-3.2, 1, Lang::Vi), "-3,2");
        assert_eq!(format_number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(format_number(999.0, 0, Lang::En), "999");
        assert_eq!(format_number(1000.0, 0, Lang::En), "1,000");
    }

    #[test]
    fn figures_carry_hedge_and_unit() {
        assert_eq!(
            format_figure(&fig("99.2"), Unit::Percent, Lang::Vi),
            "99,2%"
        );
        assert_eq!(
            format_figure(&fig("99.2"), Unit::Percent, Lang::En),
            "99.2%"
        );
        assert_eq!(
            format_figure(&fig("over 693"), Unit::VndBillion, Lang::Vi),
            "hơn 693 tỷ đồng"
        );
        assert_eq!(
            format_figure(&fig("over 693"), Unit::VndBillion, Lang::En),
            "over VND 693 billion"
        );
        assert_eq!(
            format_figure(&fig("2990"), Unit::VndBillion, Lang::Vi),
            "2.990 tỷ đồng"
        );
        assert_eq!(
            format_figure(&fig("nearly 34800"), Unit::Persons, Lang::En),
            "nearly 34,800"
        );
        assert_eq!(
            format_figure(&fig("over 2000000"), Unit::Persons, Lang::Vi),
            "hơn 2 triệu"
        );
        assert_eq!(
            format_figure(&fig("over 2000000"), Unit::Persons, Lang::En),
            "over 2 million"
        );
        assert_eq!(
            format_figure(&fig("1144762"), Unit::Persons, Lang::En),
            "1,144,762"
        );
        assert_eq!(format_figure(&fig("3"), Unit::Rank, Lang::En), "3rd");
        assert_eq!(format_figure(&fig("3"), Unit::Rank, Lang::Vi), "thứ 3");
        assert_eq!(format_figure(&fig("12"), Unit::Rank, Lang::En), "12th");
    }

    #[test]
    fn changes_read_as_words() {
        let up = Figure::exact(44729.0, 0);
        assert_eq!(
            format_change(&up, Unit::Persons, false, Lang::Vi).0,
            "tăng 44.729"
        );
        assert_eq!(
            format_change(&up, Unit::Persons, false, Lang::En).0,
            "up 44,729"
        );
        let down = Figure::exact(-3.2, 1);
        let (text, direction) = format_change(&down, Unit::PercentChange, false, Lang::En);
        assert_eq!((text.as_str(), direction), ("down 3.2%", Direction::Down));
        let points = Figure::exact(1.25, 2);
        assert_eq!(
            format_change(&points, Unit::Percent, true, Lang::Vi).0,
            "tăng 1,25 điểm phần trăm"
        );
        let hedged = Figure {
            qualifier: Some(Qualifier::Over),
            ..Figure::exact(10400.0, 0)
        };
        assert_eq!(
            format_change(&hedged, Unit::Persons, false, Lang::En).0,
            "up over 10,400"
        );
        assert_eq!(
            format_change(&Figure::exact(0.0, 0), Unit::Persons, false, Lang::En).0,
            "unchanged"
        );
    }

    #[test]
    fn periods_in_both_languages() {
        let p = |t: &str| Period::parse(t).unwrap();
        assert_eq!(format_period(&p("2022-06"), Lang::Vi), "tháng 6/2022");
        assert_eq!(format_period(&p("2022-06"), Lang::En), "June 2022");
        assert_eq!(
            format_period(&p("2022-H1"), Lang::Vi),
            "6 tháng đầu năm 2022"
        );
        assert_eq!(format_period(&p("2022-H1"), Lang::En), "first half of 2022");
        assert_eq!(format_period(&p("2022-Q2"), Lang::Vi), "quý II/2022");
        assert_eq!(format_period(&p("2022-Q2"), Lang::En), "Q2 2022");
        assert_eq!(format_period(&p("2023-05-31"), Lang::Vi), "31/5/2023");
        assert_eq!(format_period(&p("2023-05-31"), Lang::En), "31 May 2023");
        assert_eq!(
            format_period(&p("2023-01/2023-05"), Lang::Vi),
            "5 tháng đầu năm 2023"
        );
        assert_eq!(
            format_period(&p("2023-01/2023-05"), Lang::En),
            "January–May 2023"
        );
        assert_eq!(
            format_period(&p("2021-07/2022-06"), Lang::Vi),
            "từ tháng 7/2021 đến tháng 6/2022"
        );
        assert_eq!(
            format_period(&p("2021-2022"), Lang::Vi),
            "năm học 2021-2022"
        );
        assert_eq!(format_period(&p("2024"), Lang::Vi), "năm 2024");
        assert_eq!(format_period_short(&p("2022-H1"), Lang::Vi), "6T đầu 2022");
        assert_eq!(format_period_short(&p("2022-H1"), Lang::En), "H1 2022");
        assert_eq!(format_period_short(&p("2022-06"), Lang::Vi), "6/2022");
        assert_eq!(
            format_period_short(&p("2023-01/2023-05"), Lang::En),
            "Jan–May 2023"
        );
        assert_eq!(format_period_short(&p("2021-2022"), Lang::Vi), "2021-22");
    }
}

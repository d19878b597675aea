//! A figure as a source gives it: a value, the precision it was given with, and the hedge
//! ("over", "nearly") that came with it.

use std::fmt;

use crate::common::messages::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Qualifier {
    /// The true value is above the figure ("over 693 billion").
    Over,
    /// The true value is below the figure.
    Under,
    /// A little below ("nearly 34,800").
    Nearly,
    /// Rounded either way ("about 80%").
    About,
}

impl Qualifier {
    /// Which side of the figure the true value lies on: +1 above, -1 below, 0 unknown.
    fn direction(self) -> i8 {
        match self {
            Qualifier::Over => 1,
            Qualifier::Under | Qualifier::Nearly => -1,
            Qualifier::About => 0,
        }
    }

    /// The qualifier of `to - from`, following each operand's hedge to where the true difference lies.
    pub fn of_difference(to: Option<Qualifier>, from: Option<Qualifier>) -> Option<Qualifier> {
        let signs = [to.map(Qualifier::direction), from.map(|q| -q.direction())];
        let present: Vec<i8> = signs.iter().flatten().copied().collect();
        if present.is_empty() {
            None
        } else if present.iter().all(|s| *s == 1) {
            Some(Qualifier::Over)
        } else if present.iter().all(|s| *s == -1) {
            Some(Qualifier::Under)
        } else {
            Some(Qualifier::About)
        }
    }

    /// The hedge of a ratio or other derived figure: any hedge makes the result approximate,
    /// except where both sides agree on a direction that the operation preserves.
    pub fn of_derived(values: &[Option<Qualifier>]) -> Option<Qualifier> {
        if values.iter().all(Option::is_none) {
            None
        } else {
            Some(Qualifier::About)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// Decimals the source gave; the figure is printed with exactly these.
    pub decimals: u8,
    pub qualifier: Option<Qualifier>,
}

impl Figure {
    pub fn exact(value: f64, decimals: u8) -> Figure {
        Figure {
            value,
            decimals,
            qualifier: None,
        }
    }

    /// The largest gap from the true value that rounding alone can explain.
    pub fn rounding_tolerance(&self) -> f64 {
        0.5 * 10f64.powi(-(self.decimals as i32))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.qualifier {
            Some(Qualifier::Over) => "over ",
            Some(Qualifier::Under) => "under ",
            Some(Qualifier::Nearly) => "nearly ",
            Some(Qualifier::About) => "about ",
            None => "",
        };
        write!(f, "{word}{:.*}", self.decimals as usize, self.value)
    }
}

const QUALIFIER_WORDS: &[(&str, Qualifier)] = &[
    ("over", Qualifier::Over),
    ("more than", Qualifier::Over),
    ("hơn", Qualifier::Over),
    ("trên", Qualifier::Over),
    (">", Qualifier::Over),
    ("under", Qualifier::Under),
    ("less than", Qualifier::Under),
    ("dưới", Qualifier::Under),
    ("<", Qualifier::Under),
    ("nearly", Qualifier::Nearly),
    ("almost", Qualifier::Nearly),
    ("gần", Qualifier::Nearly),
    ("about", Qualifier::About),
    ("around", Qualifier::About),
    ("approximately", Qualifier::About),
    ("khoảng", Qualifier::About),
    ("~", Qualifier::About),
    ("≈", Qualifier::About),
];

/// Why a cell is not a figure, and how to write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureError {
    pub message: String,
    pub help: String,
}

fn figure_error(message: String, help: String) -> FigureError {
    FigureError { message, help }
}

/// Why digits and separators could not be read as a number.
enum SeparatorProblem {
    NotANumber,
    /// One separator followed by three digits: a thousands separator or a decimal mark.
    Ambiguous {
        whole: String,
        decimal: String,
    },
    Mixed,
}

impl SeparatorProblem {
    /// The finding about `cell`, the text as written.
    fn error(self, cell: &str) -> FigureError {
        match self {
            SeparatorProblem::NotANumber => not_a_number(cell),
            SeparatorProblem::Ambiguous { whole, decimal } => figure_error(
                msg!(
                    "common.figure.ambiguous",
                    cell = cell,
                    whole = whole,
                    decimal = decimal
                ),
                msg!(
                    "common.figure.ambiguous_help",
                    whole = whole,
                    decimal = decimal
                ),
            ),
            SeparatorProblem::Mixed => figure_error(
                msg!("common.figure.mixed_separators", cell = cell),
                msg!("common.figure.mixed_separators_help"),
            ),
        }
    }
}

fn not_a_number(cell: &str) -> FigureError {
    figure_error(
        msg!("common.figure.not_a_number", cell = cell),
        msg!("common.figure.not_a_number_help"),
    )
}

/// Parses a spreadsheet cell such as `1144762`, `1,144,762`, `99,2`, `over 693`, `gần 34800`.
///
/// Thousands separators are accepted only where they cannot be read as a decimal mark:
/// `34,800` and `34.800` are rejected because a reader cannot tell 34800 from 34.8.
pub fn parse_figure(cell: &str) -> Result<Figure, FigureError> {
    let original = cell.trim();
    let normalized = crate::common::text::nfc(original);
    let mut rest = normalized.as_str();
    let mut qualifier = None;
    let lower = rest.to_lowercase();
    for (word, q) in QUALIFIER_WORDS {
        if let Some(after) = lower.strip_prefix(word) {
            let symbol = !word.chars().next().is_some_and(char::is_alphabetic);
            if symbol || after.starts_with(char::is_whitespace) {
                // Lowercasing Vietnamese keeps byte lengths for these words, so the cut is valid.
                rest = rest.get(word.len()..).unwrap_or("").trim_start();
                qualifier = Some(*q);
                break;
            }
        }
    }
    let (negative, digits) = match rest.strip_prefix('-').or_else(|| rest.strip_prefix('−')) {
        Some(after) => (true, after.trim_start()),
        None => (false, rest),
    };
    let lowered = digits.to_ascii_lowercase();
    if ["nan", "inf", "infinity", "+inf", "-inf"].contains(&lowered.as_str()) {
        return Err(figure_error(
            msg!("common.figure.not_a_figure", cell = original),
            msg!("common.figure.not_a_figure_help"),
        ));
    }
    if digits.is_empty() {
        return Err(figure_error(
            msg!("common.figure.qualifier_without_number", cell = original),
            msg!("common.figure.qualifier_without_number_help"),
        ));
    }
    let plain = normalize_separators(digits).map_err(|problem| problem.error(original))?;
    // Digits a figure is written with: the integer part without leading zeros, and every decimal.
    let (int_part, frac_part) = plain.split_once('.').unwrap_or((&plain, ""));
    let significant = int_part.trim_start_matches('0').len() + frac_part.len();
    if significant > 15 {
        return Err(figure_error(
            msg!("common.figure.too_many_digits", cell = original),
            msg!("common.figure.too_many_digits_help"),
        ));
    }
    let value: f64 = plain.parse().map_err(|_| not_a_number(original))?;
    let decimals = plain.split_once('.').map_or(0, |(_, frac)| frac.len()) as u8;
    Ok(Figure {
        value: if negative { -value } else { value },
        decimals,
        qualifier,
    })
}

/// Turns the accepted separator styles into plain `1234.5` text, or says why it cannot.
fn normalize_separators(text: &str) -> Result<String, SeparatorProblem> {
    let not_number = || SeparatorProblem::NotANumber;
    if text.is_empty() || !text.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return Err(not_number());
    }
    // Spaces (including no-break ones) are only ever thousands separators.
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if compact
        .chars()
        .any(|c| !(c.is_ascii_digit() || c == '.' || c == ','))
    {
        return Err(not_number());
    }
    let dots = compact.matches('.').count();
    let commas = compact.matches(',').count();
    let grouped = |s: &str, sep: char| {
        let mut groups = s.split(sep);
        let head = groups.next().unwrap_or("");
        !head.is_empty() && head.len() <= 3 && groups.all(|g| g.len() == 3)
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty();
    match (dots, commas) {
        (0, 0) => Ok(compact),
        (1, 0) | (0, 1) => {
            let sep = if dots == 1 { '.' } else { ',' };
            let (int, frac) = compact.split_once(sep).unwrap_or((&compact, ""));
            if !digits_only(int) || !digits_only(frac) {
                return Err(not_number());
            }
            if frac.len() == 3 {
                return Err(SeparatorProblem::Ambiguous {
                    whole: format!("{int}{frac}"),
                    decimal: format!("{int}.{frac}"),
                });
            }
            Ok(format!("{int}.{frac}"))
        }
        (_, 0) if dots >= 2 && grouped(&compact, '.') => Ok(compact.replace('.', "")),
        (0, _) if commas >= 2 && grouped(&compact, ',') => Ok(compact.replace(',', "")),
        (1, _) if commas >= 1 => {
            // 1,144,762.5
            let (int, frac) = compact.split_once('.').unwrap_or((&compact, ""));
            if grouped(int, ',') && digits_only(frac) {
                Ok(format!("{}.{frac}", int.replace(',', "")))
            } else {
                Err(not_number())
            }
        }
        (_, 1) if dots >= 1 => {
            // 1.144.762,5
            let (int, frac) = compact.split_once(',').unwrap_or((&compact, ""));
            if grouped(int, '.') && digits_only(frac) {
                Ok(format!("{}.{frac}", int.replace('.', "")))
            } else {
                Err(not_number())
            }
        }
        _ => Err(SeparatorProblem::Mixed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(cell: &str) -> f64 {
        parse_figure(cell).unwrap().value
    }

    #[test]
    fn plain_and_grouped_numbers() {
        assert_eq!(value("1144762"), 1144762.0);
        assert_eq!(value("1,144,762"), 1144762.0);
        assert_eq!(value("1.144.762"), 1144762.0);
        assert_eq!(value("1 144 762"), 1144762.0);
        assert_eq!(value("1,144,762.5"), 1144762.5);
        assert_eq!(value("1.144.762,5"), 1144762.5);
        assert_eq!(value("2,77"), 2.77);
        assert_eq!(value("99.2"), 99.2);
        assert_eq!(value(" 42 "), 42.0);
        assert_eq!(value("-3.2"), -3.2);
    }

    #[test]
    fn precision_is_kept() {
        assert_eq!(parse_figure("233.96").unwrap().decimals, 2);
        assert_eq!(parse_figure("259.2").unwrap().decimals, 1);
        assert_eq!(parse_figure("1,144,762").unwrap().decimals, 0);
        assert_eq!(parse_figure("99,2").unwrap().decimals, 1);
    }

    #[test]
    fn ambiguous_separators_are_rejected_with_both_readings() {
        let err = parse_figure("34,800").unwrap_err();
        assert!(err.message.contains("ambiguous"), "{err:?}");
        assert!(err.message.contains("34800") && err.message.contains("34.8"));
        assert!(parse_figure("1.144").is_err());
        assert!(parse_figure("1,14,762").is_err());
        assert!(parse_figure("1.144,762.5").is_err());
    }

    #[test]
    fn errors_read_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let err = with_lang(Lang::Vi, || parse_figure("34,800").unwrap_err());
        assert_eq!(
            err.message,
            "`34,800` không rõ nghĩa: có thể là 34800 hoặc 34.800"
        );
        assert_eq!(
            err.help,
            "hãy viết không có dấu phân cách hàng nghìn: 34800, hoặc 34.800 nếu đó là số thập phân"
        );
        let err = with_lang(Lang::Vi, || parse_figure("12a").unwrap_err());
        assert_eq!(err.message, "`12a` không phải là số");
        let err = with_lang(Lang::Vi, || parse_figure("~").unwrap_err());
        assert_eq!(err.message, "`~` có từ chỉ mức ước lượng nhưng không có số");
    }

    #[test]
    fn garbage_is_rejected() {
        for cell in [
            "NaN",
            "inf",
            "-inf",
            "abc",
            "12a",
            "1e5",
            "",
            "over",
            "1234567890123456",
        ] {
            assert!(parse_figure(cell).is_err(), "{cell} should be rejected");
        }
    }

    #[test]
    fn hedges_in_both_languages() {
        let over = parse_figure("over 693").unwrap();
        assert_eq!((over.value, over.qualifier), (693.0, Some(Qualifier::Over)));
        assert_eq!(
            parse_figure("hơn 693").unwrap().qualifier,
            Some(Qualifier::Over)
        );
        assert_eq!(
            parse_figure("Gần 34800").unwrap().qualifier,
            Some(Qualifier::Nearly)
        );
        assert_eq!(
            parse_figure("~80").unwrap().qualifier,
            Some(Qualifier::About)
        );
        assert_eq!(
            parse_figure(">2000000").unwrap().qualifier,
            Some(Qualifier::Over)
        );
        assert_eq!(
            parse_figure("khoảng 80").unwrap().qualifier,
            Some(Qualifier::About)
        );
        assert!(
            parse_figure("overall 5").is_err(),
            "a word must stand alone"
        );
    }

    #[test]
    fn hedges_follow_subtraction() {
        use Qualifier::*;
        assert_eq!(Qualifier::of_difference(None, None), None);
        assert_eq!(Qualifier::of_difference(Some(Over), None), Some(Over));
        assert_eq!(Qualifier::of_difference(None, Some(Under)), Some(Over));
        assert_eq!(Qualifier::of_difference(Some(Nearly), None), Some(Under));
        assert_eq!(
            Qualifier::of_difference(Some(Over), Some(Over)),
            Some(About)
        );
        assert_eq!(Qualifier::of_difference(Some(About), None), Some(About));
    }
}

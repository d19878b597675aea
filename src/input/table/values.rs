//! From a workbook cell's stored value to the text a CSV cell would hold, so the rest of the
//! program reads workbooks and CSV alike: numbers as their exact value in plain digits, dates as
//! `YYYY-MM-DD` (or `YYYY-MM` and `YYYY` when the cell's number format shows only month and
//! year, or only the year), booleans as `true`/`false`. Error values and cells whose meaning is
//! unclear are refused with a message and a fix.

use calamine::{CellErrorType, Data, ExcelDateTime};

use crate::common::messages::msg;

/// Why a cell cannot be read, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CellError {
    pub message: String,
    pub help: String,
}

fn refused(message: String, help: String) -> CellError {
    CellError { message, help }
}

/// The parts of a date the number format shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// Day, month and year (or a format that is not known: the whole date is kept).
    Date,
    MonthYear,
    Year,
}

/// The cell as text. `format` is the cell's number format code when the workbook tells it
/// (`.xlsx`); without it a date is taken whole.
pub(super) fn cell_text(data: &Data, format: Option<&str>) -> Result<String, CellError> {
    match data {
        Data::Empty => Ok(String::new()),
        // OpenDocument keeps a formula's error as its text.
        Data::String(text) => match ERROR_VALUES.iter().find(|(shown, _)| shown == text) {
            Some((_, error)) => Err(error_value(error)),
            None => Ok(text.clone()),
        },
        // A percentage format shows the stored fraction times 100 ("96.4%" holds 0.964): read
        // what the officer typed and sees, with its sign, so the figure is checked as a share.
        Data::Int(i) if format.is_some_and(shows_percent) => Ok(percent_text(&i.to_string())),
        Data::Float(f) if format.is_some_and(shows_percent) => Ok(percent_text(&number_text(*f))),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) => Ok(number_text(*f)),
        Data::Bool(b) => Ok(b.to_string()),
        Data::DateTime(date) => excel_date_text(date, format.map_or(Shown::Date, shown_parts)),
        Data::DateTimeIso(iso) => iso_date_text(iso),
        Data::DurationIso(_) => Err(duration_error()),
        Data::Error(e) => Err(error_value(e)),
    }
}

/// The shortest text that reads back as exactly this number, never with an exponent or a
/// thousands separator (`1144762`, `99.2`, `0.30000000000000004`).
pub(super) fn number_text(value: f64) -> String {
    if value == 0.0 {
        // -0 is 0 to a reader.
        return "0".to_string();
    }
    // Rust prints the shortest round-trip digits and spells out large and small numbers.
    format!("{value}")
}

/// Whether a number format code shows the value as a percentage (`0.0%`, `0%`), outside quoted
/// text and `[...]` sections.
fn shows_percent(format: &str) -> bool {
    format_codes(format).contains('%')
}

/// A number in plain digits times 100, with a percent sign, by moving the decimal point so the
/// digits stay exact (`0.964` is `96.4%`, not `96.39999999999999%`).
fn percent_text(number: &str) -> String {
    let (sign, digits) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut fraction = fraction.to_string();
    while fraction.len() < 2 {
        fraction.push('0');
    }
    let (moved, rest) = fraction.split_at(2);
    let whole = format!("{whole}{moved}");
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let rest = rest.trim_end_matches('0');
    match rest.is_empty() {
        true => format!("{sign}{whole}%"),
        false => format!("{sign}{whole}.{rest}%"),
    }
}

/// The first section of a number format code with quoted text, `[...]` sections (colours,
/// locales) and escaped characters left out, lower-cased.
fn format_codes(format: &str) -> String {
    let section = format.split(';').next().unwrap_or("");
    let mut letters = String::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c => letters.push(c.to_ascii_lowercase()),
        }
    }
    letters
}

/// Which parts of a date a number format code shows (`mm/yyyy`, `mmm-yy`: month and year); `m`
/// next to hours or seconds is minutes.
pub(super) fn shown_parts(format: &str) -> Shown {
    let letters = format_codes(format);
    let has = |c: char| letters.contains(c);
    if has('d') || has('h') || has('s') || !has('y') {
        Shown::Date
    } else if has('m') {
        Shown::MonthYear
    } else {
        Shown::Year
    }
}

fn excel_date_text(date: &ExcelDateTime, shown: Shown) -> Result<String, CellError> {
    if date.is_duration() {
        return Err(duration_error());
    }
    let (year, month, day, hour, minute, second, milli) = date.to_ymd_hms_milli();
    if (hour, minute, second, milli) != (0, 0, 0, 0) {
        return Err(time_of_day_error(&format!(
            "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}"
        )));
    }
    match shown {
        Shown::Date => Ok(format!("{year:04}-{month:02}-{day:02}")),
        Shown::MonthYear if day == 1 => Ok(format!("{year:04}-{month:02}")),
        Shown::Year if (month, day) == (1, 1) => Ok(format!("{year:04}")),
        Shown::MonthYear | Shown::Year => {
            let date = format!("{year:04}-{month:02}-{day:02}");
            let message = match shown {
                Shown::Year => msg!("input.table.cell.part_of_date_year", date = date),
                _ => msg!("input.table.cell.part_of_date_month", date = date),
            };
            Err(refused(message, msg!("input.table.cell.part_of_date_help")))
        }
    }
}

/// OpenDocument stores dates as `2023-08-01` or `2023-08-01T00:00:00`.
fn iso_date_text(iso: &str) -> Result<String, CellError> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    let midnight = time
        .trim_end_matches('Z')
        .trim_start_matches("00:00:00")
        .trim_start_matches('.')
        .bytes()
        .all(|b| b == b'0');
    if !midnight {
        return Err(time_of_day_error(&iso.replace('T', " ")));
    }
    Ok(date.to_string())
}

fn time_of_day_error(shown: &str) -> CellError {
    refused(
        msg!("input.table.cell.time_of_day", value = shown),
        msg!("input.table.cell.time_of_day_help"),
    )
}

fn duration_error() -> CellError {
    refused(
        msg!("input.table.cell.duration"),
        msg!("input.table.cell.duration_help"),
    )
}

const ERROR_VALUES: &[(&str, CellErrorType)] = &[
    ("#N/A", CellErrorType::NA),
    ("#DIV/0!", CellErrorType::Div0),
    ("#REF!", CellErrorType::Ref),
    ("#NAME?", CellErrorType::Name),
    ("#VALUE!", CellErrorType::Value),
    ("#NUM!", CellErrorType::Num),
    ("#NULL!", CellErrorType::Null),
];

/// An error value that a formula left in the cell (or that was typed there).
fn error_value(error: &CellErrorType) -> CellError {
    let why = match error {
        CellErrorType::NA => msg!("input.table.cell.error_value.na"),
        CellErrorType::Div0 => msg!("input.table.cell.error_value.div0"),
        CellErrorType::Ref => msg!("input.table.cell.error_value.ref"),
        CellErrorType::Name => msg!("input.table.cell.error_value.name"),
        CellErrorType::Value => msg!("input.table.cell.error_value.value"),
        CellErrorType::Num => msg!("input.table.cell.error_value.num"),
        CellErrorType::Null => msg!("input.table.cell.error_value.null"),
        CellErrorType::GettingData => msg!("input.table.cell.error_value.getting_data"),
    };
    refused(
        msg!(
            "input.table.cell.error_value.message",
            error = error,
            why = why
        ),
        msg!("input.table.cell.error_value.help"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn date(serial: f64) -> Data {
        Data::DateTime(ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            false,
        ))
    }

    #[test]
    fn numbers_keep_their_exact_value_in_plain_digits() {
        assert_eq!(number_text(1144762.0), "1144762");
        assert_eq!(number_text(99.2), "99.2");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(0.000001), "0.000001");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(-12.5), "-12.5");
        assert_eq!(cell_text(&Data::Int(42), None).unwrap(), "42");
        assert_eq!(cell_text(&Data::Float(3.0), Some("#,##0")).unwrap(), "3");
    }

    #[test]
    fn text_booleans_and_empty_cells() {
        assert_eq!(
            cell_text(&Data::String("Yên Bái".into()), None).unwrap(),
            "Yên Bái"
        );
        assert_eq!(cell_text(&Data::Bool(true), None).unwrap(), "true");
        assert_eq!(cell_text(&Data::Bool(false), None).unwrap(), "false");
        assert_eq!(cell_text(&Data::Empty, None).unwrap(), "");
    }

    #[test]
    fn number_formats_tell_which_parts_of_a_date_are_shown() {
        assert_eq!(shown_parts("mm/yyyy"), Shown::MonthYear);
        assert_eq!(shown_parts("mmm-yy"), Shown::MonthYear);
        assert_eq!(shown_parts("[$-42A]mmmm yyyy"), Shown::MonthYear);
        assert_eq!(shown_parts("\"Tháng\" m/yyyy"), Shown::MonthYear);
        assert_eq!(shown_parts("yyyy"), Shown::Year);
        assert_eq!(shown_parts("dd/mm/yyyy"), Shown::Date);
        assert_eq!(shown_parts("yyyy-mm-dd"), Shown::Date);
        assert_eq!(shown_parts("m/d/yy h:mm"), Shown::Date);
        assert_eq!(shown_parts("General"), Shown::Date);
    }

    #[test]
    fn percentage_cells_read_as_the_percentage_they_show() {
        let percent = |value: f64, format: &str| cell_text(&Data::Float(value), Some(format));
        assert_eq!(percent(0.964, "0.0%").unwrap(), "96.4%");
        assert_eq!(percent(0.07, "0%").unwrap(), "7%");
        assert_eq!(percent(1.0, "0%").unwrap(), "100%");
        assert_eq!(percent(-0.0125, "0.00%").unwrap(), "-1.25%");
        assert_eq!(percent(0.9999, "0.00%").unwrap(), "99.99%");
        assert_eq!(cell_text(&Data::Int(2), Some("0%")).unwrap(), "200%");
        // A percent sign in quoted text or a plain number format changes nothing.
        assert_eq!(percent(0.5, "0.0\"%\"").unwrap(), "0.5");
        assert_eq!(percent(0.5, "#,##0.00").unwrap(), "0.5");
        assert_eq!(percent_text("12345.678"), "1234567.8%");
    }

    #[test]
    fn dates_become_periods() {
        // 45139 is 2023-08-01, 45153 is 2023-08-15, 44927 is 2023-01-01.
        assert_eq!(cell_text(&date(45139.0), None).unwrap(), "2023-08-01");
        assert_eq!(
            cell_text(&date(45139.0), Some("yyyy-mm-dd")).unwrap(),
            "2023-08-01"
        );
        assert_eq!(
            cell_text(&date(45139.0), Some("mm/yyyy")).unwrap(),
            "2023-08"
        );
        assert_eq!(
            cell_text(&date(45139.0), Some("mmm-yy")).unwrap(),
            "2023-08"
        );
        assert_eq!(cell_text(&date(44927.0), Some("yyyy")).unwrap(), "2023");
        let unclear = cell_text(&date(45153.0), Some("mm/yyyy")).unwrap_err();
        assert!(unclear.message.contains("2023-08-15"), "{unclear:?}");
        assert!(unclear.help.contains("2023-08"));
        let timed = cell_text(&date(45139.5), None).unwrap_err();
        assert!(timed.message.contains("12:00"), "{timed:?}");
    }

    #[test]
    fn opendocument_dates() {
        let iso = |s: &str| cell_text(&Data::DateTimeIso(s.into()), None);
        assert_eq!(iso("2023-08-01").unwrap(), "2023-08-01");
        assert_eq!(iso("2023-08-01T00:00:00").unwrap(), "2023-08-01");
        assert!(iso("2023-08-01T09:30:00").is_err());
        assert!(cell_text(&Data::DurationIso("PT12H".into()), None).is_err());
    }

    #[test]
    fn error_values_say_what_went_wrong() {
        let na = cell_text(&Data::Error(CellErrorType::NA), None).unwrap_err();
        assert!(na.message.contains("#N/A"), "{na:?}");
        assert!(na.help.contains("formula"));
        let div = cell_text(&Data::Error(CellErrorType::Div0), None).unwrap_err();
        assert!(div.message.contains("#DIV/0!"), "{div:?}");
        let ods = cell_text(&Data::String("#REF!".into()), None).unwrap_err();
        assert!(ods.message.contains("deleted"), "{ods:?}");
    }

    #[test]
    fn refusals_speak_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let na = cell_text(&Data::Error(CellErrorType::NA), None).unwrap_err();
            assert_eq!(
                na.message,
                "ô hiển thị giá trị lỗi #N/A: hàm tra cứu không tìm thấy gì (#N/A)"
            );
            assert!(na.help.starts_with("sửa công thức trong ô này"), "{na:?}");
            let unclear = cell_text(&date(45153.0), Some("mm/yyyy")).unwrap_err();
            assert_eq!(
                unclear.message,
                "ô chỉ hiển thị một phần của ngày 2023-08-15, nên không rõ ý là ngày đó hay cả tháng"
            );
            assert!(
                unclear.help.contains("2023-08 cho một tháng"),
                "{unclear:?}"
            );
        });
    }
}

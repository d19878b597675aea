//! Figure cells as officers fill them in: the marks statistics offices type for "no data",
//! per cent signs, Excel's error values, and the limits of the indicator's unit.

use crate::common::diagnostics::quote;
use crate::common::figure::{parse_figure, Figure, FigureError};
use crate::common::locale::Unit;
use crate::common::messages::msg;

/// What statistical tables print for "no figure": dashes, dots, `x`, `n/a`. A cell holding only
/// one of these counts as empty (compared ignoring case).
pub(crate) const NO_DATA_MARKS: &[&str] = &[
    "-", "--", "–", "—", "−", ".", "..", "...", "…", "x", "n/a", "na", "n.a.", "n.a",
];

/// Error values a spreadsheet shows when a formula fails; exported as text, they are not data.
const EXCEL_ERRORS: &[&str] = &[
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
];

pub(crate) fn is_no_data(cell: &str) -> bool {
    let cell = cell.trim();
    NO_DATA_MARKS.iter().any(|m| m.eq_ignore_ascii_case(cell))
}

/// The figure in a cell, `None` for an empty cell or a no-data mark. `unit` is `None` when the
/// indicator is not known (its definitions have errors): the cell is then checked as a number only.
pub(crate) fn read_figure(
    cell: &str,
    unit: Option<Unit>,
    indicator: &str,
) -> Result<Option<Figure>, FigureError> {
    let cell = cell.trim();
    if cell.is_empty() || is_no_data(cell) {
        return Ok(None);
    }
    if let Some(error) = EXCEL_ERRORS.iter().find(|e| e.eq_ignore_ascii_case(cell)) {
        return Err(FigureError {
            message: msg!("model.figures.error_value", value = error),
            help: msg!("model.figures.error_value_help"),
        });
    }
    let (number, percent_sign) = match cell.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (cell, false),
    };
    if percent_sign && unit.is_some_and(|u| !u.is_percent()) {
        let lang = crate::common::messages::lang();
        let unit = unit.map_or("", |u| crate::input::i18n::builtin(lang).get(u.key()));
        return Err(FigureError {
            message: msg!(
                "model.figures.percent_sign",
                cell = quote(cell),
                indicator = indicator,
                unit = unit
            ),
            help: msg!("model.figures.percent_sign_help"),
        });
    }
    let figure = match parse_figure(number) {
        Ok(figure) => figure,
        Err(e) => match decimal_reading(number, unit) {
            Some(figure) => figure,
            None => {
                return Err(FigureError {
                    message: requote(&e.message, number, cell),
                    help: requote(&e.help, number, cell),
                })
            }
        },
    };
    check_unit(&figure, cell, unit)?;
    Ok(Some(figure))
}

/// A share cannot exceed 100, so in a share column `99,250` or `99.250` can only be a decimal:
/// the reading as thousands is out of range. Counts keep the ambiguity rule.
fn decimal_reading(number: &str, unit: Option<Unit>) -> Option<Figure> {
    if unit != Some(Unit::Percent) {
        return None;
    }
    let separators = number.matches(['.', ',']).count();
    let (_, fraction) = number.rsplit_once(['.', ','])?;
    if separators != 1 || fraction.len() != 3 {
        return None;
    }
    let whole = parse_figure(&number.replace([',', '.'], "")).ok()?;
    let decimal = Figure {
        value: whole.value / 1000.0,
        decimals: 3,
        ..whole
    };
    (whole.value > 100.0 && (0.0..=100.0).contains(&decimal.value)).then_some(decimal)
}

fn check_unit(figure: &Figure, cell: &str, unit: Option<Unit>) -> Result<(), FigureError> {
    let Some(unit) = unit else {
        return Ok(());
    };
    if unit.is_count() && figure.value < 0.0 {
        return Err(FigureError {
            message: msg!("model.figures.negative_count", cell = quote(cell)),
            help: msg!("model.figures.negative_count_help"),
        });
    }
    if unit == Unit::Percent && !(0.0..=100.0).contains(&figure.value) {
        return Err(FigureError {
            message: msg!("model.figures.percent_out_of_range", cell = quote(cell)),
            help: msg!("model.figures.percent_out_of_range_help"),
        });
    }
    Ok(())
}

/// The figure parser quotes the number it was given; show the cell as typed instead (with its
/// % sign), shortened and with invisible characters visible.
fn requote(text: &str, number: &str, cell: &str) -> String {
    text.replace(&format!("`{number}`"), &quote(cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(cell: &str, unit: Unit) -> Option<f64> {
        read_figure(cell, Some(unit), "x").unwrap().map(|f| f.value)
    }

    fn error(cell: &str, unit: Option<Unit>) -> FigureError {
        read_figure(cell, unit, "hi_participants").unwrap_err()
    }

    #[test]
    fn no_data_marks_are_empty_cells() {
        for mark in [
            "-", "–", "—", "..", "...", "x", "X", "n/a", "N/A", "NA", " - ",
        ] {
            assert_eq!(value(mark, Unit::Persons), None, "{mark}");
        }
        assert_eq!(value("", Unit::Persons), None);
        assert_eq!(value("-5", Unit::PercentChange), Some(-5.0));
    }

    #[test]
    fn per_cent_signs_in_share_columns() {
        assert_eq!(value("99,2%", Unit::Percent), Some(99.2));
        assert_eq!(value("99.2%", Unit::Percent), Some(99.2));
        assert_eq!(value("99,2 %", Unit::Percent), Some(99.2));
        assert_eq!(value("hơn 95%", Unit::Percent), Some(95.0));
        assert_eq!(value("105,3%", Unit::PercentChange), Some(105.3));
        assert_eq!(
            read_figure("99.2%", None, "x").unwrap().unwrap().value,
            99.2
        );
        let err = error("99.2%", Some(Unit::Persons));
        assert!(
            err.message.contains("has a % sign") && err.message.contains("persons"),
            "{err:?}"
        );
    }

    #[test]
    fn share_columns_read_three_decimals_that_cannot_be_thousands() {
        assert_eq!(value("99,250", Unit::Percent), Some(99.25));
        assert_eq!(value("99.250%", Unit::Percent), Some(99.25));
        assert!(error("0,100", Some(Unit::Percent))
            .message
            .contains("ambiguous"));
        assert!(error("34,800", Some(Unit::Persons))
            .message
            .contains("ambiguous"));
        assert!(error("34,800", Some(Unit::PercentChange))
            .message
            .contains("ambiguous"));
    }

    #[test]
    fn messages_quote_the_cell_as_typed() {
        let err = error("1,144%", Some(Unit::PercentChange));
        assert!(err.message.starts_with("`1,144%` is ambiguous"), "{err:?}");
        assert_eq!(value("1,144%", Unit::Percent), Some(1.144));
        let err = error("12\u{200b}a", Some(Unit::Persons));
        assert!(err.message.contains("`12\\u{200b}a`"), "{err:?}");
        let err = error("#DIV/0!", Some(Unit::Persons));
        assert!(err.message.contains("spreadsheet error value"), "{err:?}");
        assert!(error("-3", Some(Unit::Persons))
            .message
            .contains("negative"));
        assert!(error("992", Some(Unit::Percent))
            .message
            .contains("outside 0-100"));
    }

    #[test]
    fn errors_speak_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let err = error("99.2%", Some(Unit::Persons));
            assert_eq!(
                err.message,
                "`99.2%` có dấu %, nhưng chỉ tiêu `hi_participants` không tính bằng phần trăm (đơn vị của nó là người)"
            );
            assert_eq!(
                err.help,
                "bỏ dấu %, hoặc kiểm tra xem số liệu này có đúng là thuộc cột này không"
            );
            let err = error("-3", Some(Unit::Persons));
            assert_eq!(err.message, "`-3` là số âm, nhưng số đếm thì không thể âm");
            let err = error("#DIV/0!", Some(Unit::Persons));
            assert_eq!(
                err.message,
                "`#DIV/0!` là giá trị lỗi của bảng tính, không phải là số liệu"
            );
            let err = error("992", Some(Unit::Percent));
            assert!(err.message.contains("nằm ngoài khoảng 0-100"), "{err:?}");
        });
    }
}

//! Reading the sheets of a workbook (`.xlsx`, `.ods`) as tables, with the `calamine` crate.
//! Each sheet is one table: its first row that is not blank is the header, blank rows are
//! skipped and empty columns at the right are not part of it. Formulas give the value saved
//! with the workbook. Sheets whose names start with `_` (notes, lookups) are not read.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, SheetType, StyleRange, Xlsx};

use super::{cells, check_header, control_error, values, Origin, Row, Table, TableKind};
use crate::common::diagnostics::{column_letter, Diagnostic, Location};
use crate::common::listing::Listing;

type Bytes = Cursor<Vec<u8>>;

/// The tables of the workbook's sheets, in the workbook's order.
pub(super) fn read_workbook(
    bytes: Vec<u8>,
    kind: TableKind,
    shown_as: &Path,
) -> Result<Vec<Table>, Diagnostic> {
    // A malformed file must not stop the program, whatever the reader makes of it.
    crate::common::panics::catch(|| match kind {
        TableKind::Ods => {
            match calamine::open_workbook_from_rs::<Ods<Bytes>, _>(Cursor::new(bytes)) {
                Ok(book) => read_sheets(book, shown_as, |_, _| None),
                Err(e) => Err(unreadable(&e, shown_as)),
            }
        }
        _ => match calamine::open_workbook_from_rs::<Xlsx<Bytes>, _>(Cursor::new(bytes)) {
            Ok(book) => read_sheets(book, shown_as, |book, name| book.worksheet_style(name).ok()),
            Err(e) => Err(unreadable(&e, shown_as)),
        },
    })
    .unwrap_or_else(|panic| Err(unreadable(&panic, shown_as)))
}

fn unreadable(error: &dyn std::fmt::Display, shown_as: &Path) -> Diagnostic {
    Diagnostic::error(format!("the workbook cannot be read: {error}"))
        .at(Location::file(shown_as))
        .help("open it in Excel or LibreOffice and save it again (without a password); or save the sheet as CSV UTF-8")
}

/// Reads every worksheet to read; `styles` gives a sheet's cell formats where the format
/// keeps them (`.xlsx`), so that a date shown as month and year is read as that month.
fn read_sheets<R>(
    mut book: R,
    shown_as: &Path,
    styles: fn(&mut R, &str) -> Option<StyleRange>,
) -> Result<Vec<Table>, Diagnostic>
where
    R: Reader<Bytes>,
    R::Error: std::fmt::Display,
{
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet && !sheet.name.starts_with('_'))
        .map(|sheet| sheet.name.clone())
        .collect();
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let range = book.worksheet_range(&name).map_err(|e| {
            unreadable(&e, shown_as).at(Location::file(shown_as).on_sheet(name.as_str()))
        })?;
        // Formats matter only for dates; reading them parses the sheet again.
        let has_dates = range
            .used_cells()
            .any(|(_, _, cell)| matches!(cell, Data::DateTime(_)));
        let formats = has_dates.then(|| styles(&mut book, &name)).flatten();
        let origin = Origin {
            path: shown_as,
            sheet: Some(&name),
            first_column: range.start().map_or(0, |(_, column)| column as usize),
        };
        if let Some(table) = sheet_table(origin, &range, formats.as_ref())? {
            tables.push(table);
        }
    }
    Ok(tables)
}

/// The sheet's cells as text, row by row (with the sheet's row numbers), noting cells that
/// cannot be read.
fn sheet_text(
    origin: Origin<'_>,
    range: &Range<Data>,
    formats: Option<&StyleRange>,
    problems: &mut Listing,
) -> Vec<(usize, Vec<String>)> {
    let Some((top, left)) = range.start() else {
        return Vec::new();
    };
    let mut grid = Vec::with_capacity(range.height());
    for (r, values) in range.rows().enumerate() {
        let line = top as usize + r + 1;
        let texts = values
            .iter()
            .enumerate()
            .map(|(c, data)| {
                let format = formats
                    .and_then(|f| f.get((top + r as u32, left + c as u32)))
                    .and_then(|style| style.number_format.as_ref())
                    .map(|n| n.format_code.as_str());
                let text = match values::cell_text(data, format) {
                    Ok(text) => text,
                    Err(e) => {
                        problems.push(
                            "cells that cannot be read",
                            Diagnostic::error(e.message)
                                .at(origin.cell(line, c))
                                .help(e.help),
                        );
                        return String::new();
                    }
                };
                let cleaned = cells::clean(&text);
                if let Some(control) = cleaned.control {
                    problems.push(
                        "cells with control characters",
                        control_error(control, "the cell").at(origin.cell(line, c)),
                    );
                }
                cleaned.text
            })
            .collect();
        grid.push((line, texts));
    }
    grid
}

/// The sheet as a table, or `None` when nothing is on it.
fn sheet_table(
    origin: Origin<'_>,
    range: &Range<Data>,
    formats: Option<&StyleRange>,
) -> Result<Option<Table>, Diagnostic> {
    let mut problems = Listing::default();
    let grid = sheet_text(origin, range, formats, &mut problems);
    let blank = |cells: &[String]| cells.iter().all(|c| cells::is_blank(c));
    let mut filled = grid.into_iter().filter(|(_, cells)| !blank(cells));
    let Some((header_row, header_cells)) = filled.next() else {
        return Ok(None);
    };
    let header_cells = header_cells
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    let (headers, by_name, by_key) = check_header(header_cells, origin, header_row)?;
    let width = headers.len();
    let mut rows = Vec::new();
    for (line, mut cells) in filled {
        if let Some(beyond) = cells.iter().skip(width).position(|c| !cells::is_blank(c)) {
            let column = width + beyond;
            problems.push(
                "cells right of the last named column",
                Diagnostic::error(format!(
                    "this row has a value in column {}, right of the last named column",
                    column_letter(origin.first_column + column + 1)
                ))
                .at(origin.cell(line, column))
                .help("name the column in the header row, or delete the value"),
            );
        }
        cells.resize(width, String::new());
        // A row with nothing but such a value is not a record.
        if !blank(&cells) {
            rows.push(Row { line, cells });
        }
    }
    let labels = headers
        .iter()
        .enumerate()
        .map(|(i, name)| super::column_label(i, name))
        .collect();
    Ok(Some(Table {
        path: origin.path.to_path_buf(),
        labels,
        headers,
        rows,
        problems: problems.finish(origin.path),
        sheet: origin.sheet.map(str::to_string),
        first_column: origin.first_column,
        header_row,
        by_name,
        by_key,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::CellErrorType;

    /// A sheet whose table starts at B3 below a blank area: header, a blank row, two rows.
    fn sheet() -> Range<Data> {
        let mut range = Range::new((2, 1), (6, 4));
        let text = |s: &str| Data::String(s.to_string());
        for (c, name) in ["region", "period", " hi_coverage "].iter().enumerate() {
            range.set_value((2, 1 + c as u32), text(name));
        }
        range.set_value((4, 1), text("ha-tinh"));
        range.set_value((4, 2), Data::Float(2024.0));
        range.set_value((4, 3), Data::Float(99.2));
        range.set_value((5, 1), text("an-giang"));
        range.set_value((5, 2), text("2024"));
        range.set_value((5, 3), Data::Error(CellErrorType::NA));
        range.set_value((6, 4), text("stray"));
        range
    }

    fn table() -> Table {
        let origin = Origin {
            path: Path::new("data/observations/x.xlsx"),
            sheet: Some("Số liệu"),
            first_column: 1,
        };
        sheet_table(origin, &sheet(), None).unwrap().unwrap()
    }

    #[test]
    fn a_sheet_is_read_from_its_first_filled_row_with_sheet_rows() {
        let table = table();
        assert_eq!(table.headers, ["region", "period", "hi_coverage"]);
        let rows: Vec<(usize, &[String])> =
            table.rows.iter().map(|r| (r.line, &r.cells[..])).collect();
        assert_eq!(
            rows[0],
            (5, &["ha-tinh", "2024", "99.2"].map(String::from)[..])
        );
        assert_eq!(rows[1].0, 6);
        // The row holding only a value right of the table is not a record.
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn locations_name_the_sheet_and_the_cell_as_excel_shows_it() {
        let table = table();
        let at = table.location(&table.rows[0], 2).to_string();
        assert_eq!(
            at,
            "data/observations/x.xlsx, sheet \"Số liệu\", cell D5 (`hi_coverage`)"
        );
        let header = table.header_location(0).to_string();
        assert_eq!(
            header,
            "data/observations/x.xlsx, sheet \"Số liệu\", cell B3"
        );
        let row = table.row_location(&table.rows[1]).to_string();
        assert_eq!(row, "data/observations/x.xlsx, sheet \"Số liệu\", row 6");
    }

    #[test]
    fn unreadable_cells_and_values_outside_the_table_are_problems() {
        let problems: Vec<String> = table().problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("#N/A") && problems[0].contains("cell D6"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("column E") && problems[1].contains("cell E7"),
            "{problems:?}"
        );
    }
}

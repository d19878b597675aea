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
        let formats = styles(&mut book, &name);
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
        rows.push(Row { line, cells });
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

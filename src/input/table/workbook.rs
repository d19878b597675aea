//! Reading the sheets of a workbook (`.xlsx`, `.ods`) as tables, with the `calamine` crate.
//! Each sheet is one table: its first row that is not blank is the header, blank rows are
//! skipped and empty columns at the right are not part of it. Formulas give the value saved
//! with the workbook. Sheets whose names start with `_` (notes, lookups) are not read.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Reader, SheetType, StyleRange, Xlsx};

use super::{cells, check_header, control_error, values, ControlIn, Origin, Row, Table, TableKind};
use crate::common::diagnostics::{column_letter, Diagnostic, Location};
use crate::common::listing::Listing;
use crate::common::messages::{msg, msg_key};

type Bytes = Cursor<Vec<u8>>;

/// The cells of a sheet that hold something, by (row, column) from 0 as on the sheet. Kept
/// sparse: a stray value in a far corner (XFD1048576) must not make a grid of every cell between.
type Cells = Vec<((u32, u32), Data)>;

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
                Ok(book) => read_sheets(book, shown_as, ods_cells, |_, _| None),
                Err(e) => Err(unreadable(&e, shown_as)),
            }
        }
        _ => match calamine::open_workbook_from_rs::<Xlsx<Bytes>, _>(Cursor::new(bytes)) {
            Ok(book) => read_sheets(book, shown_as, xlsx_cells, |book, name| {
                book.worksheet_style(name).ok()
            }),
            Err(e) => Err(unreadable(&e, shown_as)),
        },
    })
    .unwrap_or_else(|panic| Err(unreadable(&panic, shown_as)))
}

fn unreadable(error: &dyn std::fmt::Display, shown_as: &Path) -> Diagnostic {
    // The workbook reader's own words stay in English: they are filled in as {reason}.
    Diagnostic::error(msg!("input.table.workbook_unreadable", reason = error))
        .at(Location::file(shown_as))
        .help(msg!("input.table.workbook_unreadable_help"))
}

/// The cells of an Excel sheet, streamed from the file.
fn xlsx_cells(book: &mut Xlsx<Bytes>, name: &str) -> Result<Cells, String> {
    let mut reader = book
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let value = Data::from(cell.get_value().clone());
        if value != Data::Empty {
            cells.push((cell.get_position(), value));
        }
    }
    Ok(cells)
}

/// The cells of an OpenDocument sheet (the reader makes the whole grid itself).
fn ods_cells(book: &mut Ods<Bytes>, name: &str) -> Result<Cells, String> {
    let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
    let (top, left) = range.start().unwrap_or((0, 0));
    Ok(range
        .used_cells()
        .map(|(r, c, value)| ((top + r as u32, left + c as u32), value.clone()))
        .collect())
}

/// Reads every worksheet to read; `styles` gives a sheet's cell formats where the format
/// keeps them (`.xlsx`), so that a date shown as month and year is read as that month.
fn read_sheets<R: Reader<Bytes>>(
    mut book: R,
    shown_as: &Path,
    cells_of: fn(&mut R, &str) -> Result<Cells, String>,
    styles: fn(&mut R, &str) -> Option<StyleRange>,
) -> Result<Vec<Table>, Diagnostic> {
    let names: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet && !sheet.name.starts_with('_'))
        .map(|sheet| sheet.name.clone())
        .collect();
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        let mut cells = cells_of(&mut book, &name).map_err(|e| {
            unreadable(&e, shown_as).at(Location::file(shown_as).on_sheet(name.as_str()))
        })?;
        cells.sort_by_key(|(at, _)| *at);
        // Formats matter for dates (month-year) and numbers (percentages); reading them parses
        // the sheet again, so a sheet of text only is not read twice.
        let formatted = cells
            .iter()
            .any(|(_, v)| matches!(v, Data::DateTime(_) | Data::Float(_) | Data::Int(_)));
        let formats = formatted.then(|| styles(&mut book, &name)).flatten();
        let origin = Origin {
            path: shown_as,
            sheet: Some(&name),
            first_column: cells
                .iter()
                .map(|((_, c), _)| *c as usize)
                .min()
                .unwrap_or(0),
        };
        if let Some(table) = sheet_table(origin, &cells, formats.as_ref())? {
            tables.push(table);
        }
    }
    Ok(tables)
}

/// The sheet's cells as text, row by row: the sheet's row number and each cell's table column
/// (from the origin's first column). Notes cells that cannot be read.
fn sheet_text(
    origin: Origin<'_>,
    sheet: &Cells,
    formats: Option<&StyleRange>,
    problems: &mut Listing,
) -> Vec<(usize, Vec<(usize, String)>)> {
    let mut rows: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
    for (at, data) in sheet {
        let (line, column) = (at.0 as usize + 1, at.1 as usize - origin.first_column);
        let format = formats
            .and_then(|f| f.get(*at))
            .and_then(|style| style.number_format.as_ref())
            .map(|n| n.format_code.as_str());
        let text = match values::cell_text(data, format) {
            Ok(text) => text,
            Err(e) => {
                let at = origin.cell(line, column);
                problems.push(
                    msg_key!("input.listing.unreadable_cells"),
                    Diagnostic::error(e.message).at(at).help(e.help),
                );
                continue;
            }
        };
        let cleaned = cells::clean(&text);
        if let Some(control) = cleaned.control {
            problems.push(
                msg_key!("input.listing.control_cells"),
                control_error(control, ControlIn::Cell).at(origin.cell(line, column)),
            );
        }
        if cells::is_blank(&cleaned.text) {
            continue;
        }
        match rows.last_mut() {
            Some((last, cells)) if *last == line => cells.push((column, cleaned.text)),
            _ => rows.push((line, vec![(column, cleaned.text)])),
        }
    }
    rows
}

/// The sheet as a table, or `None` when nothing is on it. The first row with something in it
/// is the header; a value right of the last named column is a problem.
fn sheet_table(
    origin: Origin<'_>,
    sheet: &Cells,
    formats: Option<&StyleRange>,
) -> Result<Option<Table>, Diagnostic> {
    let mut problems = Listing::default();
    let mut filled = sheet_text(origin, sheet, formats, &mut problems).into_iter();
    let Some((header_row, header_cells)) = filled.next() else {
        return Ok(None);
    };
    let width = header_cells.last().map_or(0, |(c, _)| c + 1);
    let mut names = vec![String::new(); width];
    for (column, text) in header_cells {
        names[column] = text.trim().to_string();
    }
    let (headers, by_name, by_key) = check_header(names, origin, header_row)?;
    let mut rows = Vec::new();
    for (line, filled_cells) in filled {
        let mut cells = vec![String::new(); width];
        let mut beyond = None;
        for (column, text) in filled_cells {
            match cells.get_mut(column) {
                Some(cell) => *cell = text,
                None => beyond = beyond.or(Some(column)),
            }
        }
        if let Some(column) = beyond {
            problems.push(
                msg_key!("input.listing.cells_beyond_header"),
                Diagnostic::error(msg!(
                    "input.table.value_beyond_header",
                    letter = column_letter(origin.first_column + column + 1)
                ))
                .at(origin.cell(line, column))
                .help(msg!("input.table.value_beyond_header_help")),
            );
        }
        // A row with nothing but such a value is not a record.
        if cells.iter().any(|c| !c.is_empty()) {
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

    /// A sheet whose table starts at B3 below a blank area: header, a blank row, two rows, a
    /// value right of the table and one in the sheet's far corner.
    fn sheet() -> Cells {
        let text = |s: &str| Data::String(s.to_string());
        let mut cells: Cells = ["region", "period", " hi_coverage "]
            .iter()
            .enumerate()
            .map(|(c, name)| ((2, 1 + c as u32), text(name)))
            .collect();
        cells.extend([
            ((3, 2), text(" ")),
            ((4, 1), text("ha-tinh")),
            ((4, 2), Data::Float(2024.0)),
            ((4, 3), Data::Float(99.2)),
            ((5, 1), text("an-giang")),
            ((5, 2), text("2024")),
            ((5, 3), Data::Error(CellErrorType::NA)),
            ((6, 4), text("stray")),
            ((1_048_575, 16_383), text("far away")),
        ]);
        cells
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
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].contains("#N/A") && problems[0].contains("cell D6"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("column E") && problems[1].contains("cell E7"),
            "{problems:?}"
        );
        assert!(problems[2].contains("cell XFD1048576"), "{problems:?}");
    }

    #[test]
    fn problems_speak_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let problems: Vec<String> = with_lang(Lang::Vi, || {
            table().problems.iter().map(|p| p.to_string()).collect()
        });
        assert_eq!(
            problems[1],
            "lỗi: dòng này có giá trị ở cột E, nằm bên phải cột cuối cùng có tên\n  \
             --> data/observations/x.xlsx, trang tính \"Số liệu\", ô E7\n  \
             cách sửa: đặt tên cho cột này trong dòng tiêu đề cột, hoặc xóa giá trị đó"
        );
        assert!(problems[0].contains("giá trị lỗi #N/A"), "{problems:?}");
    }
}

//! Reading a spreadsheet-like table into header + rows of text cells that remember where they
//! came from. Everything above this module sees only [`Table`]: a CSV file is one table, each
//! sheet of a workbook (`.xlsx`, `.ods`) another, and locations name the line and column of a CSV
//! file or the sheet and cell of a workbook without the readers knowing which.

mod cells;
mod decode;
mod files;
mod values;
mod workbook;

pub use files::{is_spreadsheet_clutter, table_kind, TableKind, TABLE_EXTENSIONS};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::diagnostics::{column_letter, quote, Diagnostic, Location};
use crate::common::listing::Listing;
use crate::common::messages::{msg, msg_key};

/// A table as read: its header and its rows of text cells, each cell findable by column name.
#[derive(Debug, Clone)]
pub struct Table {
    /// The path shown to the user (relative to the site root).
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    /// Mistakes that spoil single rows or cells, not the table: rows with the wrong number of
    /// cells (left out of `rows`), control characters (removed from the cell). Readers report
    /// them with their own findings.
    pub problems: Vec<Diagnostic>,
    /// The sheet of a workbook the table was read from; `None` for CSV.
    pub sheet: Option<String>,
    /// The sheet column (0-based) of the table's first column: a table on a sheet may start
    /// right of column A. 0 for CSV.
    first_column: usize,
    /// The spreadsheet row of the header (1 unless blank rows come first).
    header_row: usize,
    /// Each column's label in locations (`column C, `hi_coverage``), made once.
    labels: Vec<String>,
    by_name: HashMap<String, usize>,
    by_key: HashMap<String, usize>,
}

/// One row of a [`Table`].
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based row as a spreadsheet shows it: the header is row 1, each record one row (however
    /// many lines its quoted cells span), blank lines count. In a workbook, the sheet's row.
    pub line: usize,
    pub cells: Vec<String>,
}

/// The key under which column names match: case, surrounding spaces, and spaces or dashes
/// instead of `_` do not matter (`Region`, ` PERIOD `, `Hi Participants`).
pub(crate) fn header_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    let bytes = lower.as_bytes();
    if !bytes.contains(&b' ') && !bytes.contains(&b'-') {
        return lower;
    }
    lower.replace([' ', '-'], "_")
}

impl Table {
    /// The column with this name, matched exactly or else by `header_key`.
    pub fn column(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_name.get(name) {
            return Some(i);
        }
        // Names the program asks for are their own keys; only others need the key made.
        let is_key = name
            .bytes()
            .all(|b| !b.is_ascii_uppercase() && b != b' ' && b != b'-' && b.is_ascii());
        match is_key {
            true => self.by_key.get(name).copied(),
            false => self.by_key.get(&header_key(name)).copied(),
        }
    }

    /// Renames columns written in another case or spacing to the names the reader expects,
    /// so the rest of the program sees `region` where the sheet says `Region`.
    pub fn adopt_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            let Some(&i) = self.by_key.get(&header_key(name)) else {
                continue;
            };
            if self.headers[i] != name {
                self.by_name.remove(&self.headers[i]);
                self.headers[i] = name.to_string();
                self.by_name.insert(name.to_string(), i);
                self.labels[i] = column_label(i, name);
            }
        }
    }

    fn origin(&self) -> Origin<'_> {
        Origin {
            path: &self.path,
            sheet: self.sheet.as_deref(),
            first_column: self.first_column,
        }
    }

    /// A cell's location: `file:line:column (column C, `name`)` in a CSV file,
    /// `file, sheet "name", cell C4 (`name`)` in a workbook.
    pub fn location(&self, row: &Row, column: usize) -> Location {
        let at = self.origin().cell(row.line, column);
        match (&self.sheet, self.labels.get(column)) {
            (None, Some(label)) => at.with_label(label.clone()),
            (None, None) => at.with_label(column_label(column, "")),
            (Some(_), _) => {
                let name = self.headers.get(column).map(String::as_str).unwrap_or("");
                at.with_label(quote(name))
            }
        }
    }

    pub fn row_location(&self, row: &Row) -> Location {
        self.origin().row(row.line)
    }

    pub fn header_location(&self, column: usize) -> Location {
        self.origin().header_cell(self.header_row, column)
    }

    /// The table as a whole: its file, and its sheet in a workbook.
    pub fn file_location(&self) -> Location {
        self.origin().on_sheet(Location::file(&self.path))
    }

    /// The header row as a whole, for a column that is missing from it.
    pub fn header_row_location(&self) -> Location {
        self.origin().row(self.header_row)
    }

    /// The trimmed cell, or `None` when it is empty.
    pub fn cell<'a>(&self, row: &'a Row, column: Option<usize>) -> Option<&'a str> {
        let text = row.cells.get(column?)?.trim();
        (!text.is_empty()).then_some(text)
    }
}

fn column_label(column: usize, name: &str) -> String {
    msg!(
        "input.table.column_label",
        letter = column_letter(column + 1),
        name = quote(name)
    )
}

/// Where a table lies: its file and, in a workbook, its sheet and the sheet column of the
/// table's first column. Makes every location of the table.
#[derive(Debug, Clone, Copy)]
struct Origin<'a> {
    path: &'a Path,
    sheet: Option<&'a str>,
    first_column: usize,
}

impl Origin<'_> {
    fn csv(path: &Path) -> Origin<'_> {
        Origin {
            path,
            sheet: None,
            first_column: 0,
        }
    }

    fn on_sheet(&self, location: Location) -> Location {
        match self.sheet {
            Some(sheet) => location.on_sheet(sheet),
            None => location,
        }
    }

    /// The cell of table column `column` (0-based) on spreadsheet row `row`.
    fn cell(&self, row: usize, column: usize) -> Location {
        self.on_sheet(Location::at(self.path, row, self.first_column + column + 1))
    }

    fn row(&self, row: usize) -> Location {
        self.on_sheet(Location::line(self.path, row))
    }

    /// A cell of the header: a CSV location says which column letter it is.
    fn header_cell(&self, row: usize, column: usize) -> Location {
        match self.sheet {
            None => self.cell(row, column).with_label(msg!(
                "input.table.column_letter_label",
                letter = column_letter(column + 1)
            )),
            Some(_) => self.cell(row, column),
        }
    }
}

/// Reads a table from a file, choosing the reader by extension. A workbook must hold exactly
/// one sheet to read (sheets whose names start with `_` are not read).
pub fn read_table(root: &Path, path: &Path, shown_as: &Path) -> Result<Table, Diagnostic> {
    let mut tables = read_tables(root, path, shown_as)?;
    match tables.len() {
        1 => Ok(tables.remove(0)),
        0 => Err(Diagnostic::error(msg!("input.table.no_sheet"))
            .at(Location::file(shown_as))
            .help(msg!("input.table.no_sheet_help"))),
        count => {
            let sheets = tables
                .iter()
                .filter_map(|t| t.sheet.as_deref())
                .map(quote)
                .collect::<Vec<_>>()
                .join(", ");
            Err(Diagnostic::error(msg!(
                "input.table.several_sheets",
                count = count,
                sheets = sheets
            ))
            .at(Location::file(shown_as))
            .help(msg!("input.table.several_sheets_help")))
        }
    }
}

/// Reads the tables of a file: a CSV file is one table, a workbook one per sheet (sheets whose
/// names start with `_`, and sheets with nothing on them, are not read).
pub fn read_tables(root: &Path, path: &Path, shown_as: &Path) -> Result<Vec<Table>, Diagnostic> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let kind = table_kind(name);
    let bytes = match kind {
        Some(_) => crate::common::walk::read(root, path)?,
        None => Vec::new(),
    };
    match kind {
        Some(TableKind::Csv) => read_csv(&bytes, shown_as).map(|(t, _)| vec![t]),
        Some(kind) => workbook::read_workbook(bytes, kind, shown_as),
        None => Err(Diagnostic::error(msg!("input.table.not_a_table_file"))
            .at(Location::file(shown_as))
            .help(msg!("input.table.not_a_table_file_help"))),
    }
}

/// Parses CSV text: UTF-8 with or without BOM, CRLF, LF or CR, a header row first, separated by
/// commas (or by semicolons or tabs when the header shows that, or as a `sep=` line says).
///
/// A row that does not fit the header is an error here, the first one found; `read_table`
/// instead reports every such row among the table's `problems` and keeps the others.
pub fn parse_csv(bytes: &[u8], shown_as: &Path) -> Result<Table, Diagnostic> {
    match read_csv(bytes, shown_as)? {
        (_, Some(misshapen)) => Err(misshapen),
        (table, None) => Ok(table),
    }
}

/// The table, with every problem in `problems`, and the first row that does not fit the header.
fn read_csv(bytes: &[u8], shown_as: &Path) -> Result<(Table, Option<Diagnostic>), Diagnostic> {
    let decoded = decode::decode(bytes, shown_as)?;
    let text = decoded.text.as_str();
    if text.trim().is_empty() {
        return Err(Diagnostic::error(msg!("input.table.empty"))
            .at(Location::file(shown_as))
            .help(msg!("input.table.empty_help")));
    }
    let mut rows_of = RowCounter::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(decoded.delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let csv_error = |e: csv::Error, rows_of: &RowCounter| {
        let row = e
            .position()
            .map_or(1, |p| rows_of.row_of(p.byte() as usize));
        // The csv reader's own words stay in English: they are filled in as {reason}.
        Diagnostic::error(msg!("input.table.csv_unreadable", reason = e))
            .at(Location::line(shown_as, row.max(1)))
            .help(msg!("input.table.csv_unreadable_help"))
    };
    let header = match records.next() {
        Some(record) => record.map_err(|e| csv_error(e, &rows_of))?,
        None => {
            return Err(Diagnostic::error(msg!("input.table.empty")).at(Location::file(shown_as)))
        }
    };
    let header_row = rows_of.record(&header);
    let origin = Origin::csv(shown_as);
    let mut problems = Listing::default();
    let header_cells: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(column, raw)| {
            let cleaned = cells::clean(raw);
            if let Some(control) = cleaned.control {
                problems.push(
                    msg_key!("input.listing.control_cells"),
                    control_error(control, ControlIn::Header).at(origin.cell(header_row, column)),
                );
            }
            let mut text = cleaned.text;
            if text.trim().len() != text.len() {
                text = text.trim().to_string();
            }
            text
        })
        .collect();
    let (headers, by_name, by_key) = check_header(header_cells, origin, header_row)?;
    let mut reader = RowReader {
        shown_as,
        headers: &headers,
        delimiter: decoded.delimiter,
        problems,
        misshapen: None,
    };
    let mut rows = Vec::new();
    let mut last_spans_lines = false;
    for record in records {
        let record = record.map_err(|e| csv_error(e, &rows_of))?;
        let line = rows_of.record(&record);
        last_spans_lines = record.iter().any(|cell| cell.contains('\n'));
        rows.extend(reader.row(&record, line));
    }
    let (mut problems, mut misshapen) = (reader.problems, reader.misshapen);
    // Quotes come in pairs (an inner quote is doubled), so an odd count means one was never
    // closed: the csv reader then takes the rest of the file as one cell, and rows vanish. A lone
    // quote that swallowed no line (`12" pipe`) is left alone.
    if last_spans_lines && text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        let line = rows_of.last_record_row;
        let unclosed = Diagnostic::error(msg!("input.table.unclosed_quote"))
            .at(Location::line(shown_as, line))
            .help(msg!("input.table.unclosed_quote_help"));
        misshapen.get_or_insert_with(|| unclosed.clone());
        problems.push_always(unclosed);
    }
    let labels = headers
        .iter()
        .enumerate()
        .map(|(i, name)| column_label(i, name))
        .collect();
    let table = Table {
        path: shown_as.to_path_buf(),
        labels,
        headers,
        rows,
        problems: problems.finish(shown_as),
        sheet: None,
        first_column: 0,
        header_row,
        by_name,
        by_key,
    };
    Ok((table, misshapen))
}

/// Turns the records after the header into rows, noting rows and cells that are spoilt.
struct RowReader<'a> {
    shown_as: &'a Path,
    headers: &'a [String],
    delimiter: u8,
    problems: Listing,
    /// The first row that does not fit the header.
    misshapen: Option<Diagnostic>,
}

impl RowReader<'_> {
    /// The row, or `None` for a blank row or one with the wrong number of cells (reported).
    /// Empty cells to the right of the table are what spreadsheets write for formatted columns.
    fn row(&mut self, record: &csv::StringRecord, line: usize) -> Option<Row> {
        if record.iter().all(cells::is_blank) {
            return None;
        }
        let width = self.headers.len();
        if record.len() < width || record.iter().skip(width).any(|c| !cells::is_blank(c)) {
            let wrong = Diagnostic::error(msg!(
                "input.table.wrong_width",
                cells = record.len(),
                columns = width
            ))
            .at(Location::line(self.shown_as, line))
            .help(wrong_width_help(self.delimiter));
            self.misshapen.get_or_insert_with(|| wrong.clone());
            self.problems
                .push(msg_key!("input.listing.wrong_width_rows"), wrong);
            return None;
        }
        let cells = record
            .iter()
            .take(width)
            .enumerate()
            .map(|(column, raw)| self.cell(raw, line, column))
            .collect();
        Some(Row { line, cells })
    }

    fn cell(&mut self, raw: &str, line: usize, column: usize) -> String {
        let cleaned = cells::clean(raw);
        if let Some(control) = cleaned.control {
            let at = Location::at(self.shown_as, line, column + 1)
                .with_label(column_label(column, &self.headers[column]));
            self.problems.push(
                msg_key!("input.listing.control_cells"),
                control_error(control, ControlIn::Cell).at(at),
            );
        }
        cleaned.text
    }
}

type HeaderIndex = (Vec<String>, HashMap<String, usize>, HashMap<String, usize>);

/// Checks that every column has a name, once. Unnamed columns at the right end are dropped:
/// spreadsheets write them for cells that were formatted but left empty.
fn check_header(
    mut headers: Vec<String>,
    origin: Origin<'_>,
    row: usize,
) -> Result<HeaderIndex, Diagnostic> {
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    if headers.is_empty() {
        return Err(
            Diagnostic::error(msg!("input.table.empty_header", row = row))
                .at(origin.row(row))
                .help(msg!("input.table.empty_header_help")),
        );
    }
    let mut by_name = HashMap::with_capacity(headers.len());
    let mut by_key: HashMap<String, usize> = HashMap::with_capacity(headers.len());
    for (i, h) in headers.iter().enumerate() {
        let at = origin.header_cell(row, i);
        if h.is_empty() {
            return Err(Diagnostic::error(msg!("input.table.unnamed_column"))
                .at(at)
                .help(msg!("input.table.unnamed_column_help")));
        }
        if let Some(first) = by_key.insert(header_key(h), i) {
            return Err(Diagnostic::error(msg!(
                "input.table.duplicate_column",
                name = quote(h),
                first = column_letter(origin.first_column + first + 1),
                second = column_letter(origin.first_column + i + 1)
            ))
            .at(at)
            .help(msg!("input.table.duplicate_column_help")));
        }
        by_name.insert(h.clone(), i);
    }
    Ok((headers, by_name, by_key))
}

fn wrong_width_help(delimiter: u8) -> String {
    match delimiter {
        b';' => msg!("input.table.wrong_width_help.semicolon"),
        b'\t' => msg!("input.table.wrong_width_help.tab"),
        b'|' => msg!("input.table.wrong_width_help.bar"),
        _ => msg!("input.table.wrong_width_help.comma"),
    }
}

/// Where a control character was found: the header names a column, other rows hold cells.
#[derive(Clone, Copy)]
enum ControlIn {
    Header,
    Cell,
}

fn control_error(control: char, found_in: ControlIn) -> Diagnostic {
    let character = control.escape_unicode();
    let message = match found_in {
        ControlIn::Header => msg!("input.table.control_in_header", character = character),
        ControlIn::Cell => msg!("input.table.control_in_cell", character = character),
    };
    Diagnostic::error(message).help(msg!("input.table.control_character_help"))
}

/// Turns byte offsets of records into spreadsheet rows: the file line, less the line breaks
/// inside quoted cells of earlier records (a spreadsheet shows such a record as one row).
struct RowCounter<'a> {
    text: &'a str,
    newlines: Vec<usize>,
    /// Line breaks inside the cells of the records read so far.
    inside_cells: usize,
    last_record_row: usize,
}

impl<'a> RowCounter<'a> {
    fn new(text: &'a str) -> Self {
        RowCounter {
            text,
            newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
            inside_cells: 0,
            last_record_row: 1,
        }
    }

    /// The row of the next record, given its position; counts its inner line breaks.
    fn record(&mut self, record: &csv::StringRecord) -> usize {
        let row = record
            .position()
            .map_or(1, |p| self.row_of(p.byte() as usize));
        self.inside_cells += record
            .iter()
            .map(|cell| cell.matches('\n').count())
            .sum::<usize>();
        self.last_record_row = row;
        row
    }

    /// The row of the first non-blank character at or after `offset` (record positions point
    /// at the end of the previous record).
    fn row_of(&self, offset: usize) -> usize {
        let skipped = self.text.as_bytes()[offset.min(self.text.len())..]
            .iter()
            .take_while(|b| **b == b'\n')
            .count();
        let start = offset + skipped;
        let line = self.newlines.partition_point(|&n| n < start) + 1;
        line.saturating_sub(self.inside_cells).max(1)
    }
}

#[cfg(test)]
mod tests;

//! Reading a spreadsheet-like table into header + rows of text cells that remember where they
//! came from. Everything above this module sees only [`Table`], so Excel files can join CSV later
//! by adding one more reader here.

use std::path::{Path, PathBuf};

use crate::diagnostics::{column_letter, Diagnostic, Location};

#[derive(Debug, Clone)]
pub struct Table {
    /// The path shown to the user (relative to the site root).
    pub path: PathBuf,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line of the row in the file.
    pub line: usize,
    pub cells: Vec<String>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// A cell's location as `file:line:column (column C, `name`)`.
    pub fn location(&self, row: &Row, column: usize) -> Location {
        let name = self.headers.get(column).map(String::as_str).unwrap_or("");
        Location::at(&self.path, row.line, column + 1)
            .with_label(format!("column {}, `{name}`", column_letter(column + 1)))
    }

    pub fn row_location(&self, row: &Row) -> Location {
        Location::line(&self.path, row.line)
    }

    pub fn header_location(&self, column: usize) -> Location {
        Location::at(&self.path, 1, column + 1)
            .with_label(format!("column {}", column_letter(column + 1)))
    }

    /// The trimmed cell, or `None` when it is empty.
    pub fn cell<'a>(&self, row: &'a Row, column: Option<usize>) -> Option<&'a str> {
        let text = row.cells.get(column?)?.trim();
        (!text.is_empty()).then_some(text)
    }
}

/// Reads a table from a file, choosing the reader by extension.
pub fn read_table(root: &Path, path: &Path, shown_as: &Path) -> Result<Table, Diagnostic> {
    let bytes = crate::walk::read(root, path)?;
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("csv") => parse_csv(&bytes, shown_as),
        _ => Err(
            Diagnostic::error("this kind of file cannot be read as a table")
                .at(Location::file(shown_as))
                .help("save the sheet as CSV (UTF-8), comma-separated"),
        ),
    }
}

/// Parses CSV text: UTF-8 with or without BOM, CRLF or LF, a header row first.
pub fn parse_csv(bytes: &[u8], shown_as: &Path) -> Result<Table, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        Diagnostic::error("the file is not valid UTF-8 text")
            .at(Location::line(shown_as, line))
            .help("save it as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8; in LibreOffice: character set Unicode (UTF-8))")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The csv crate's line numbers drift with CRLF and blank lines; count lines ourselves on
    // LF-only text from the byte offsets it reports.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines = LineIndex::new(&text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error("the file is empty")
            .at(Location::file(shown_as))
            .help("a table needs a header row naming its columns, then one row per record"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| lines.line_of(p.byte() as usize));
        Diagnostic::error(format!("the CSV cannot be read: {e}"))
            .at(Location::line(shown_as, line.max(1)))
            .help("check the quotes on this line: a field that contains a comma or a quote must be wrapped in \"...\", with inner quotes doubled")
    };
    let header = match records.next() {
        Some(record) => record.map_err(csv_error)?,
        None => return Err(Diagnostic::error("the file is empty").at(Location::file(shown_as))),
    };
    let headers: Vec<String> = header.iter().map(|h| crate::text::nfc(h.trim())).collect();
    for (i, h) in headers.iter().enumerate() {
        if h.is_empty() {
            return Err(Diagnostic::error("a column has no name in the header row")
                .at(Location::at(shown_as, 1, i + 1)
                    .with_label(format!("column {}", column_letter(i + 1))))
                .help("give every column a name, or delete the empty column"));
        }
        if let Some(first) = headers[..i].iter().position(|other| other == h) {
            return Err(Diagnostic::error(format!(
                "the column `{h}` appears twice (columns {} and {})",
                column_letter(first + 1),
                column_letter(i + 1)
            ))
            .at(Location::at(shown_as, 1, i + 1))
            .help("delete or rename one of them"));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = record
            .position()
            .map_or(0, |p| lines.line_of(p.byte() as usize));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            return Err(Diagnostic::error(format!(
                "this row has {} cells but the header has {} columns",
                record.len(),
                headers.len()
            ))
            .at(Location::line(shown_as, line))
            .help("a comma inside a value needs quotes around the value (\"1,144,762\"); otherwise add or remove cells so every row matches the header"));
        }
        rows.push(Row {
            line,
            cells: record.iter().map(crate::text::nfc).collect(),
        });
    }
    // Quotes come in pairs (an inner quote is doubled), so an odd count means one was never
    // closed: the csv reader then takes the rest of the file as one cell, and rows vanish. A lone
    // quote that swallowed no line (`12" pipe`) is left alone.
    let swallowed = rows
        .last()
        .is_some_and(|r| r.cells.iter().any(|c| c.contains('\n')));
    if swallowed && text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        let line = rows.last().map_or(1, |r| r.line);
        return Err(Diagnostic::error("a quoted value is never closed, so the rest of the file was read as one cell")
            .at(Location::line(shown_as, line))
            .help("add the closing quote (\") to the value that starts on this line, or remove the stray quote"));
    }
    Ok(Table {
        path: shown_as.to_path_buf(),
        headers,
        rows,
    })
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex<'a> {
    text: &'a str,
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            newlines: text.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }

    /// The line of the first non-blank character at or after `offset` (record positions point
    /// at the end of the previous record).
    fn line_of(&self, offset: usize) -> usize {
        let skipped = self.text.as_bytes()[offset.min(self.text.len())..]
            .iter()
            .take_while(|b| **b == b'\n')
            .count();
        let start = offset + skipped;
        self.newlines.partition_point(|&n| n < start) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<Table, Diagnostic> {
        parse_csv(text, Path::new("data/t.csv"))
    }

    #[test]
    fn bom_crlf_and_blank_lines() {
        let table =
            parse(b"\xEF\xBB\xBFregion,period\r\nha-tinh,2022\r\n\r\nquang-ninh,2023\r\n").unwrap();
        assert_eq!(table.headers, ["region", "period"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].line, 2);
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn quoted_fields_keep_commas_and_report_true_lines() {
        let table = parse(b"a,b\n\"x, y\",\"multi\nline\"\nz,w\n").unwrap();
        assert_eq!(table.rows[0].cells[0], "x, y");
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn wrong_cell_count_names_the_line() {
        let err = parse(b"a,b\n1,2\n1,144,762\n").unwrap_err();
        assert!(err.message.contains("3 cells"), "{err}");
        assert_eq!(err.location.unwrap().line, Some(3));
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = parse(b"a,b\n1,2\n\xff,3\n").unwrap_err();
        assert!(err.message.contains("UTF-8"));
        assert_eq!(err.location.unwrap().line, Some(3));
    }

    #[test]
    fn unclosed_quotes_that_swallow_rows_are_errors() {
        let err = parse(b"region,source\nhue,\"VSS\nhue,x\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
        assert_eq!(err.location.unwrap().line, Some(2));
        let table = parse(b"item,note\npipe,12\" wide\n").unwrap();
        assert_eq!(table.rows[0].cells[1], "12\" wide");
    }

    #[test]
    fn empty_and_header_problems() {
        assert!(parse(b"").unwrap_err().message.contains("empty"));
        assert!(parse(b"  \n").unwrap_err().message.contains("empty"));
        assert!(parse(b"a,,b\n").unwrap_err().message.contains("no name"));
        assert!(parse(b"a,b,a\n").unwrap_err().message.contains("twice"));
    }

    #[test]
    fn cell_locations_use_spreadsheet_letters() {
        let table = parse(b"region,period,hi_coverage\nhue,2022,99.2\n").unwrap();
        let loc = table.location(&table.rows[0], 2);
        assert_eq!(loc.to_string(), "data/t.csv:2:3 (column C, `hi_coverage`)");
    }
}

//! Findings about the user's input: where they are, what is wrong and how to fix it.
//!
//! Every stage reports into a [`Diagnostics`] collection instead of stopping at the first
//! problem, so a communications officer sees all mistakes in a spreadsheet at once.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::common::messages::msg;

use super::suggest::suggestion;
pub use super::suggest::{did_you_mean_or, suggest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a finding points: a file, and when known a line, a column and a label for that column
/// (a CSV column name, a front-matter key, a shortcode). In a workbook, `sheet` names the sheet
/// and `line` and `column` are the cell's row and column as the sheet shows them (`E2`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub label: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line: None,
            column: None,
            label: None,
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line: Some(line),
            column: Some(column),
            label: None,
        }
    }

    pub fn line(file: impl Into<PathBuf>, line: usize) -> Self {
        Location {
            file: file.into(),
            sheet: None,
            line: Some(line),
            column: None,
            label: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// The same place on a sheet of a workbook: shown as `file, sheet "name", cell E2`.
    pub fn on_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", {}", msg!("common.location.sheet", sheet = sheet))?;
            match (self.line, self.column) {
                (Some(row), Some(column)) => {
                    let cell = format!("{}{row}", column_letter(column));
                    write!(f, ", {}", msg!("common.location.cell", cell = cell))?
                }
                (Some(row), None) => write!(f, ", {}", msg!("common.location.row", row = row))?,
                _ => {}
            }
        } else if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(label) = &self.label {
            write!(f, " ({label})")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Boxed so a `Result<_, Diagnostic>` stays small on the happy path.
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" when a candidate is close to what was written.
    pub fn did_you_mean<'a>(
        self,
        wanted: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        match suggest(wanted, candidates) {
            Some(s) => self.help(suggestion(s)),
            None => self,
        }
    }

    /// Like [`Diagnostic::did_you_mean`], with `otherwise` as the help when nothing is close.
    pub fn did_you_mean_or<'a>(
        self,
        wanted: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        otherwise: impl Into<String>,
    ) -> Self {
        self.help(did_you_mean_or(wanted, candidates, || otherwise.into()))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Every part is capped (see `shown`), so a message that quotes a huge input by mistake
    /// still prints as a few lines instead of megabytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => msg!("common.severity.error"),
            Severity::Warning => msg!("common.severity.warning"),
        };
        write!(f, "{kind}: {}", shown(&self.message))?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {}", shown(&location.to_string()))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  {}: {}", msg!("common.severity.help"), shown(help))?;
        }
        Ok(())
    }
}

/// The findings of one or more stages.
///
/// At most [`Diagnostics::PER_FILE`] findings are kept for one file; the rest are counted and
/// summed up in one line, so a file of a million mistakes (a pasted megabyte of `{{`) gives a
/// readable report instead of gigabytes of messages.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Per file: findings kept, and errors and warnings left out.
    per_file: HashMap<PathBuf, FileCount>,
    /// Findings kept per file; [`Diagnostics::PER_FILE`] unless set.
    per_file_limit: Option<usize>,
}

#[derive(Debug, Default, Clone, Copy)]
struct FileCount {
    kept: usize,
    errors_left_out: usize,
    warnings_left_out: usize,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Findings kept for one file before the rest are only counted.
    pub const PER_FILE: usize = 100;

    /// Keeps at most `limit` findings per file and counts the others.
    #[cfg(test)]
    pub(crate) fn with_file_limit(limit: usize) -> Self {
        Diagnostics {
            per_file_limit: Some(limit),
            ..Self::default()
        }
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        let limit = self.per_file_limit.unwrap_or(Self::PER_FILE);
        if let Some(location) = &diagnostic.location {
            let count = match self.per_file.get_mut(&location.file) {
                Some(count) => count,
                None => self.per_file.entry(location.file.clone()).or_default(),
            };
            if count.kept >= limit {
                match diagnostic.severity {
                    Severity::Error => count.errors_left_out += 1,
                    Severity::Warning => count.warnings_left_out += 1,
                }
                return;
            }
            count.kept += 1;
        }
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic);
        }
        // What the other left out stays counted, to be summed up once per file.
        for (file, left_out) in other.per_file {
            let count = self.per_file.entry(file).or_default();
            count.errors_left_out += left_out.errors_left_out;
            count.warnings_left_out += left_out.warnings_left_out;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn error_count(&self) -> usize {
        let kept = self.items.iter().filter(|d| d.is_error()).count();
        kept + self
            .per_file
            .values()
            .map(|c| c.errors_left_out)
            .sum::<usize>()
    }

    pub fn warning_count(&self) -> usize {
        let kept = self.items.iter().filter(|d| !d.is_error()).count();
        kept + self
            .per_file
            .values()
            .map(|c| c.warnings_left_out)
            .sum::<usize>()
    }

    /// One finding per file whose findings were not all kept, saying how many were left out.
    fn left_out_summaries(&self) -> Vec<Diagnostic> {
        let mut summaries: Vec<Diagnostic> = self
            .per_file
            .iter()
            .filter(|(_, c)| c.errors_left_out + c.warnings_left_out > 0)
            .map(|(file, c)| {
                let mut kinds = Vec::new();
                if c.errors_left_out > 0 {
                    kinds.push(msg!("common.left_out.errors", count = c.errors_left_out));
                }
                if c.warnings_left_out > 0 {
                    kinds.push(msg!(
                        "common.left_out.warnings",
                        count = c.warnings_left_out
                    ));
                }
                let message = msg!(
                    "common.left_out.message",
                    count = c.errors_left_out + c.warnings_left_out,
                    kinds = kinds.join(", ")
                );
                let summary = if c.errors_left_out > 0 {
                    Diagnostic::error(message)
                } else {
                    Diagnostic::warning(message)
                };
                summary
                    .at(Location::file(file))
                    .help(msg!("common.left_out.help"))
            })
            .collect();
        summaries.sort_by(|a, b| a.location.cmp(&b.location));
        summaries
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
            && self
                .per_file
                .values()
                .all(|c| c.errors_left_out + c.warnings_left_out == 0)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file and line so the report reads top to bottom; stable for equal positions.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        let left_out = self.left_out_summaries();
        self.items
            .sort_by(|a, b| (&a.location, a.severity).cmp(&(&b.location, b.severity)));
        // Each file's summary goes after that file's findings (a stable sort by file alone).
        self.items.extend(left_out);
        let file = |d: &Diagnostic| d.location.as_ref().map(|l| l.file.clone());
        self.items.sort_by_key(file);
        self.items
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        let mut diagnostics = Diagnostics::new();
        for diagnostic in iter {
            diagnostics.push(diagnostic);
        }
        diagnostics
    }
}

/// Spreadsheet-style column letter for a 1-based column number (1 -> A, 27 -> AA).
pub fn column_letter(column: usize) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A path as shown to the user: relative to the site root when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Characters of user text shown in a message before it is shortened.
const QUOTED_CHARS: usize = 60;
/// Of those, how many come from the end of the text (a typo is as likely at the end).
const QUOTED_TAIL: usize = 15;
/// The most characters of a message, location or help that are printed.
const PRINTED_CHARS: usize = 2_000;

/// User text as a message quotes it: in backticks, shortened to about 60 characters with an
/// ellipsis, and with invisible characters (control characters, zero-width spaces, byte-order
/// marks, no-break spaces) written as `\u{200b}` so the reader can see what is wrong.
pub fn quote(text: &str) -> String {
    let count = text.chars().count();
    let mut out = String::with_capacity(text.len().min(4 * QUOTED_CHARS) + 2);
    out.push('`');
    if count <= QUOTED_CHARS {
        push_visible(&mut out, text);
    } else {
        // Cut by byte offsets found from each end, so a huge text is not walked char by char.
        let head_end = text
            .char_indices()
            .nth(QUOTED_CHARS - QUOTED_TAIL - 1)
            .map_or(text.len(), |(i, _)| i);
        let tail_start = text
            .char_indices()
            .rev()
            .nth(QUOTED_TAIL - 1)
            .map_or(0, |(i, _)| i);
        push_visible(&mut out, &text[..head_end]);
        out.push('…');
        push_visible(&mut out, &text[tail_start..]);
    }
    out.push('`');
    if count > QUOTED_CHARS {
        out.push_str(&format!(
            " ({})",
            msg!("common.quote.characters", count = count)
        ));
    }
    out
}

fn push_visible(out: &mut String, text: &str) {
    for c in text.chars() {
        if crate::common::text::is_hidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
}

/// The safety net behind [`quote`]: any part of a printed diagnostic is cut to
/// [`PRINTED_CHARS`] characters, and invisible characters other than line breaks are made visible.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let needs_escape = text
        .chars()
        .any(|c| c != '\n' && crate::common::text::is_hidden(c));
    let long = text.len() > PRINTED_CHARS;
    if !needs_escape && !long {
        return text.into();
    }
    let mut out = String::new();
    let mut chars = text.chars();
    for c in chars.by_ref().take(PRINTED_CHARS) {
        if c != '\n' && crate::common::text::is_hidden(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    let rest = chars.count();
    if rest > 0 {
        out.push_str(&format!(
            "… ({})",
            msg!("common.quote.more_characters", count = rest)
        ));
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_reads_in_the_language_of_the_thread() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let finding = || {
            Diagnostic::error(msg!("common.left_out.help"))
                .at(Location::at("data/regions.xlsx", 2, 5).on_sheet("Số liệu"))
                .help(msg!("common.did_you_mean", name = "yen-bai"))
                .to_string()
        };
        assert_eq!(
            with_lang(Lang::En, finding),
            "error: fix the mistakes shown above and build again; the same mistake repeated is \
             often one cause\n  --> data/regions.xlsx, sheet \"Số liệu\", cell E2\n  \
             help: did you mean `yen-bai`?"
        );
        assert_eq!(
            with_lang(Lang::Vi, finding),
            "lỗi: sửa các lỗi nêu ở trên rồi dựng lại trang; cùng một lỗi lặp lại nhiều lần \
             thường chỉ có một nguyên nhân\n  --> data/regions.xlsx, trang tính \"Số liệu\", ô E2\n  \
             cách sửa: có phải ý bạn là `yen-bai`?"
        );
    }

    #[test]
    fn findings_beyond_the_limit_are_counted_not_kept() {
        let mut d = Diagnostics::new();
        for line in 0..Diagnostics::PER_FILE * 3 {
            d.push(Diagnostic::error("x").at(Location::line("a.md", line + 1)));
        }
        d.push(Diagnostic::warning("y").at(Location::line("b.md", 1)));
        assert_eq!(d.error_count(), Diagnostics::PER_FILE * 3);
        let shown = d.sorted();
        assert_eq!(shown.len(), Diagnostics::PER_FILE + 2);
        let summary = &shown[Diagnostics::PER_FILE];
        assert!(
            summary.message.contains("200 more findings"),
            "{}",
            summary.message
        );
        assert!(summary.is_error());
        assert_eq!(shown.last().unwrap().message, "y");
    }

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(27), "AA");
        assert_eq!(column_letter(53), "BA");
    }

    #[test]
    fn workbook_locations_name_the_sheet_and_cell() {
        let cell = Location::at("data/2023-08-yen-bai.xlsx", 2, 5).on_sheet("Số liệu");
        let shown = "data/2023-08-yen-bai.xlsx, sheet \"Số liệu\", cell E2";
        assert_eq!(cell.to_string(), shown);
        let row = Location::line("a.ods", 7).on_sheet("S").with_label("x");
        assert_eq!(row.to_string(), "a.ods, sheet \"S\", row 7 (x)");
    }

    #[test]
    fn display_shows_location_and_help() {
        let d = Diagnostic::error("bad number")
            .at(Location::at("data/x.csv", 4, 3).with_label("column C, `hi_participants`"))
            .help("write 1144");
        assert_eq!(
            d.to_string(),
            "error: bad number\n  --> data/x.csv:4:3 (column C, `hi_participants`)\n  help: write 1144"
        );
    }

    #[test]
    fn suggestions_ignore_diacritics_and_reject_far_names() {
        let names = ["thua-thien-hue", "ha-tinh", "quang-ninh"];
        assert_eq!(suggest("thua-thien-hu", names), Some("thua-thien-hue"));
        assert_eq!(suggest("Hà Tình", names), Some("ha-tinh"));
        assert_eq!(suggest("zzzz", names), None);
    }

    #[test]
    fn quotes_are_short_and_show_invisible_characters() {
        assert_eq!(quote("hi_coverage"), "`hi_coverage`");
        assert_eq!(quote("region\u{200b}"), "`region\\u{200b}`");
        assert_eq!(quote("\u{feff}a\u{a0}b\u{7}"), "`\\u{feff}a\\u{a0}b\\u{7}`");
        let long = "x".repeat(1_000_000) + "END";
        let quoted = quote(&long);
        assert!(quoted.len() < 100, "{quoted}");
        assert!(quoted.ends_with("END` (1000003 characters)"), "{quoted}");
        assert!(quoted.contains('…'));
        assert_eq!(quote("Hà Tĩnh"), "`Hà Tĩnh`");
    }

    #[test]
    fn printing_caps_every_part() {
        let huge = "y".repeat(10_000_000);
        let d = Diagnostic::error(format!("unknown column `{huge}`"))
            .at(Location::at("data/x.csv", 1, 1).with_label(huge.clone()))
            .help(huge.clone());
        let printed = d.to_string();
        assert!(printed.len() < 3 * PRINTED_CHARS + 300, "{}", printed.len());
        assert!(printed.contains("more characters"));
        let hidden = Diagnostic::error("bad `a\u{200b}`").to_string();
        assert_eq!(hidden, "error: bad `a\\u{200b}`");
    }

    #[test]
    fn a_file_limit_counts_the_errors_it_does_not_keep() {
        let mut diagnostics = Diagnostics::with_file_limit(3);
        for row in 1..=10 {
            diagnostics.push(Diagnostic::error("bad").at(Location::line("data/a.csv", row)));
        }
        diagnostics.push(Diagnostic::error("bad").at(Location::line("data/b.csv", 1)));
        diagnostics.push(Diagnostic::warning("note").at(Location::line("data/a.csv", 11)));
        assert!(diagnostics.has_errors());
        assert_eq!(
            diagnostics.error_count(),
            11,
            "every error counts, listed or not"
        );
        let sorted = diagnostics.sorted();
        assert_eq!(sorted.len(), 5);
        let summary = sorted.iter().find(|d| d.message.contains("more")).unwrap();
        assert_eq!(
            summary.message,
            "8 more findings in this file are not shown (7 errors, 1 warning)"
        );
        assert_eq!(summary.location.as_ref().unwrap().to_string(), "data/a.csv");
        let mut all = Diagnostics::new();
        let mut limited = Diagnostics::with_file_limit(1);
        limited.push(Diagnostic::error("x").at(Location::file("f")));
        limited.push(Diagnostic::error("y").at(Location::file("f")));
        all.extend(limited);
        assert_eq!(all.error_count(), 2, "the count travels as an error");
    }

    #[test]
    fn suggestions_skip_huge_texts() {
        let huge = "a".repeat(10_000_000);
        assert_eq!(suggest(&huge, ["a", "b"]), None);
        assert_eq!(
            suggest("region", [huge.as_str(), "regions"]),
            Some("regions")
        );
    }
}

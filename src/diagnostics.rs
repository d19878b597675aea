//! Findings about the user's input: where they are, what is wrong and how to fix it.
//!
//! Every stage reports into a [`Diagnostics`] collection instead of stopping at the first
//! problem, so a communications officer sees all mistakes in a spreadsheet at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// Where a finding points: a file, and when known a line, a column and a label for that column
/// (a CSV column name, a front-matter key, a shortcode).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub label: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: None,
            column: None,
            label: None,
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            label: None,
        }
    }

    pub fn line(file: impl Into<PathBuf>, line: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: None,
            label: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
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
            Some(s) => self.help(format!("did you mean `{s}`?")),
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
        match suggest(wanted, candidates) {
            Some(s) => self.help(format!("did you mean `{s}`?")),
            None => self.help(otherwise),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.message)?;
        if let Some(location) = &self.location {
            write!(f, "\n  --> {location}")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
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
    per_file: std::collections::HashMap<PathBuf, FileCount>,
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

    pub fn push(&mut self, diagnostic: Diagnostic) {
        if let Some(location) = &diagnostic.location {
            let count = self.per_file.entry(location.file.clone()).or_default();
            if count.kept >= Self::PER_FILE {
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
        let left_out = other.left_out_summaries();
        for diagnostic in other.items.into_iter().chain(left_out) {
            self.push(diagnostic);
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
                let message = format!(
                    "{} more findings in this file are not shown ({} errors, {} warnings)",
                    c.errors_left_out + c.warnings_left_out,
                    c.errors_left_out,
                    c.warnings_left_out
                );
                let summary = if c.errors_left_out > 0 {
                    Diagnostic::error(message)
                } else {
                    Diagnostic::warning(message)
                };
                summary
                    .at(Location::file(file))
                    .help("fix the mistakes shown above and build again; the same mistake repeated is often one cause")
            })
            .collect();
        summaries.sort_by(|a, b| a.location.cmp(&b.location));
        summaries
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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

/// "did you mean" for a misspelt identifier, by edit distance on ASCII-folded text.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_key = crate::text::fold(wanted);
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_key, &crate::text::fold(c)), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

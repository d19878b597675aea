//! Findings of one file, listed up to a limit per kind and then counted: the per-file cap that
//! keeps a report readable when a spreadsheet is wrong on every row.

use std::path::Path;

use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::messages::{msg, text};

/// How many findings of one kind in one file are listed one by one; the rest are counted.
pub const LISTED_PER_KIND: usize = 20;

/// Findings of one file, listed up to [`LISTED_PER_KIND`] per kind and then counted, so a file
/// that is wrong on every row or in every column still gives a report one can read (and the
/// cost of explaining each one, such as a "did you mean" search, is paid a bounded number of times).
#[derive(Debug, Default)]
pub struct Listing {
    listed: Vec<Diagnostic>,
    /// Per kind (a catalog key naming the findings in the plural): how many were pushed.
    counts: Vec<(&'static str, usize)>,
}

impl Listing {
    /// Lists the finding made by `make` if fewer than the limit of this kind were listed.
    /// `kind` is the catalog key of the findings' name in the plural
    /// (`msg_key!("input.listing.wrong_width_rows")`): its words are made once, by `finish`,
    /// however many findings a file has.
    pub fn push_with(&mut self, kind: &'static str, make: impl FnOnce() -> Diagnostic) {
        let count = match self.counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => n,
            None => {
                self.counts.push((kind, 0));
                &mut self.counts.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        if *count <= LISTED_PER_KIND {
            self.listed.push(make());
        }
    }

    pub fn push(&mut self, kind: &'static str, diagnostic: Diagnostic) {
        self.push_with(kind, || diagnostic);
    }

    /// A finding that is always listed (there is at most one of its kind).
    pub fn push_always(&mut self, diagnostic: Diagnostic) {
        self.listed.push(diagnostic);
    }

    /// The listed findings, then one error per kind that counts those not listed.
    pub fn finish(mut self, file: &Path) -> Vec<Diagnostic> {
        for (kind, count) in self.counts {
            if count > LISTED_PER_KIND {
                self.listed.push(
                    Diagnostic::error(msg!(
                        "common.listing.not_listed",
                        count = count - LISTED_PER_KIND,
                        kind = text(kind, &[])
                    ))
                    .at(Location::file(file))
                    .help(msg!("common.listing.not_listed_help")),
                );
            }
        }
        self.listed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_count_what_they_do_not_list() {
        let mut listing = Listing::default();
        for i in 0..LISTED_PER_KIND + 5 {
            listing.push(
                "input.listing.wrong_width_rows",
                Diagnostic::error(format!("row {i}")),
            );
        }
        listing.push_with("model.listing.unknown_columns", || {
            Diagnostic::error("column x")
        });
        listing.push_always(Diagnostic::error("once"));
        let found = listing.finish(Path::new("data/x.csv"));
        assert_eq!(found.len(), LISTED_PER_KIND + 3);
        assert_eq!(
            found.last().unwrap().message,
            "5 more rows with the wrong number of cells are not listed"
        );
    }

    #[test]
    fn the_count_reads_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let mut listing = Listing::default();
        for i in 0..LISTED_PER_KIND + 2 {
            listing.push(
                "input.listing.wrong_width_rows",
                Diagnostic::error(format!("row {i}")),
            );
        }
        let found = with_lang(Lang::Vi, || listing.finish(Path::new("data/x.csv")));
        let last = found.last().unwrap();
        assert_eq!(
            last.message,
            "còn 2 dòng có số ô không đúng khác không được liệt kê"
        );
        assert_eq!(
            last.help.as_deref(),
            Some("hãy sửa những chỗ đã nêu; những chỗ còn lại mắc cùng một lỗi")
        );
    }
}

//! References from one row of a table to another row of the same table (a province's parent, a
//! share's denominator), read as written and resolved once every row has been read.

use std::collections::{HashMap, HashSet};

use crate::common::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::input::table::{Row, Table};

/// A reference as written: the key of another row, and the cell it was written in.
pub(crate) type Link = (String, Location);

/// The reference in an optional column, with its cell's location.
pub(crate) fn optional_link(table: &Table, row: &Row, name: &str) -> Option<Link> {
    let column = table.column(name)?;
    table
        .cell(row, Some(column))
        .map(|s| (s.to_string(), table.location(row, column)))
}

/// The rows that were kept, by their key, for resolving [`Link`]s.
pub(crate) struct Keys<'t> {
    index: HashMap<String, u32>,
    /// Keys of rows left out for their own errors: a reference to one is not a second mistake.
    written: HashSet<&'t str>,
}

impl<'t> Keys<'t> {
    /// `kept` are the keys of the rows kept, in order; `column` names the key column of `table`.
    pub(crate) fn new<'k>(
        table: &'t Table,
        column: &str,
        kept: impl Iterator<Item = &'k str>,
    ) -> Keys<'t> {
        Keys {
            index: kept
                .enumerate()
                .map(|(i, key)| (key.to_string(), i as u32))
                .collect(),
            written: table
                .rows
                .iter()
                .filter_map(|row| table.cell(row, table.column(column)))
                .collect(),
        }
    }

    /// The position among the kept rows of the row `link` names. A key no row has is reported
    /// with the message `unknown` writes for it, and a suggestion.
    pub(crate) fn resolve(
        &self,
        (key, location): &Link,
        unknown: impl FnOnce(&str) -> String,
        diagnostics: &mut Diagnostics,
    ) -> Option<u32> {
        let found = self.index.get(key).copied();
        if found.is_none() && !self.written.contains(key.as_str()) {
            diagnostics.push(
                Diagnostic::error(unknown(key))
                    .at(location.clone())
                    .did_you_mean(key, self.index.keys().map(String::as_str)),
            );
        }
        found
    }
}

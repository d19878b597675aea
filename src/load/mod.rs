//! Stage 1: reading the site's files. `table` reads spreadsheets, `data` turns them into the
//! dataset (with `regions`, `indicators` and `records` for each kind of table, and `figures` and
//! `dates` for the cells), `content` reads the Markdown bulletins.

pub mod content;
pub mod data;
mod dates;
mod figures;
mod indicators;
pub mod maps;
mod records;
mod regions;
pub mod table;

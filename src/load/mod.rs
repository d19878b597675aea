//! Stage 1: reading the site's files. `table` reads spreadsheets, `data` turns them into the
//! dataset, `content` reads the Markdown bulletins.

pub mod content;
pub mod data;
pub mod maps;
pub mod table;

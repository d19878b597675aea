//! Stage 1, input: the site's files as read, before any cross-file meaning. `config` reads
//! `bulletin.toml`, `table` reads spreadsheets, `content` the Markdown bulletins, `i18n` the
//! interface-string tables and `geo` boundary files.

pub mod config;
pub mod content;
pub mod geo;
pub mod i18n;
pub mod table;

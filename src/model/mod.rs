//! Stage 2, model: the dataset the tables describe. `build` turns tables into regions,
//! indicators, sources and observations (with `regions`, `indicators` and `records` for each kind
//! of table, and `figures` and `dates` for the cells); `validate` checks rules across records;
//! `facts` derives changes, progress and assessments; `maps` matches boundaries to regions.

pub mod build;
mod dataset;
pub mod facts;
pub mod maps;
pub mod validate;

pub use dataset::*;

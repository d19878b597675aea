//! What every stage shares: located diagnostics, text and address policies, the one file walker,
//! the panic boundary, and the vocabulary of the data (periods, figures, languages and their
//! number formats). Nothing here knows about sites, pages or charts.

pub mod diagnostics;
pub mod figure;
pub mod fingerprint;
pub mod listing;
pub mod locale;
pub mod messages;
pub mod panics;
pub mod period;
pub mod suggest;
pub mod text;
pub mod url;
pub mod walk;

//! `bulletin` turns data files (CSV) and Markdown commentary into a bilingual static website
//! whose every figure comes from the data.
//!
//! The stages, one folder each, data flowing one way (a module uses only its own stage and
//! earlier ones):
//!
//! 1. `common`: what every stage shares: located diagnostics, the one file walker (nothing outside
//!    the site, no special files), the one address policy, periods, figures and number formats;
//! 2. `input`: `bulletin.toml`, spreadsheets, bulletins, interface strings, boundary files, as read;
//! 3. `model`: the dataset the tables describe, checked across records, with derived facts;
//! 4. `site`: which pages exist under which stable ids, what each shows and reads, bulletins with
//!    their shortcodes resolved, and the charts each page wants;
//! 5. `draw`: the charts as SVG (pure: specs in, drawings out), through a content-keyed cache;
//! 6. `output`: templates rendered into a [`Sink`] (the staging folder swapped in only when
//!    everything succeeded, memory, or nowhere), charts embedded, links checked.
//!
//! [`Project`] holds it together for as long as a caller needs: it loads a site, renders any
//! page by its [`PageId`], and after an edit reloads only what the changed paths touch and names
//! the pages to render again. [`build`], [`check`] and [`build_in_memory`] are single uses of it.

#![forbid(unsafe_code)]

mod common;
mod draw;
mod input;
mod model;
mod output;
mod project;
mod site;

pub use output::pages::Sink;
pub use output::{MemorySink, NullSink};
pub use project::{Project, Reloaded};
pub use site::{PageId, PageKey};

pub use common::diagnostics::{Diagnostic, Diagnostics, Location};
pub use common::figure::parse_figure;
pub use common::locale::{format_number, format_period, Lang, Unit};
pub use common::panics::install_quiet_hook;
pub use common::period::{Date, Period};
pub use common::text::escape_html;
pub use output::{install_signal_handlers, MARKER_FILE as STAGING_MARKER_FILE};

/// A built-in interface string (`templates/i18n/<lang>.toml`) by key, for the words a program
/// shows around the site before it has loaded (the preview's error overlay); a missing key comes
/// back as itself. [`Project::interface_string`] gives a loaded site's, with its overrides.
pub fn builtin_interface_string(lang: Lang, key: &str) -> &str {
    input::i18n::builtin(lang).get(key)
}

/// The tool's own words (diagnostics, hints, summaries, help) in Vietnamese and English, from
/// the catalogs of `src/common/messages/`: the language is chosen once for the process.
pub mod messages {
    pub use crate::common::diagnostics::quote;
    pub use crate::common::messages::{keys_under, lang, set_lang, text, text_in, with_lang};
    pub use crate::input::config::default_language_of as site_language;
}

/// The readers of each input format on their own, for fuzzing and for tools that write sites
/// (`bulletin synth`).
pub mod parse {
    pub use crate::input::content::{parse_bulletin, BulletinSource};
    pub use crate::input::table::{parse_csv, Row, Table};
    pub use crate::model::build::{load_dataset, INDICATOR_COLUMNS};
    pub use crate::site::markdown::{render as render_markdown, BodySource, ShortcodeError};
    pub use crate::site::shortcode::find_calls;
}

/// Charts on their own: what a chart shows and its drawing, for benchmarks and fuzzing.
pub mod charts {
    pub use crate::draw::{render, svg_element, to_csv, DrawError, Drawing, Rendered};
    pub use crate::site::charts::spec::*;
}

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Defaults to `ROOT/output` (or the path set in bulletin.toml).
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub include_drafts: bool,
}

/// A successful build or check.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub bulletins: usize,
    pub observations: usize,
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// A build or check that found errors; nothing was written.
#[derive(Debug)]
pub struct Failure {
    /// Errors and warnings, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many errors there were, including those a long report only counts.
    pub error_count: usize,
}

impl Failure {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

fn fail(diagnostics: Diagnostics) -> Failure {
    Failure {
        error_count: diagnostics.error_count(),
        diagnostics: diagnostics.sorted(),
    }
}

/// A bug that escaped the page and chart boundaries, as a diagnostic.
fn internal_error(message: &str) -> Diagnostic {
    Diagnostic::error(common::messages::msg!(
        "project.internal_error",
        message = message
    ))
    .help(common::panics::help())
}

/// `bulletin build`: generates the site and replaces the output directory with it.
pub fn build(options: &Options) -> Result<Report, Failure> {
    project::run(options, project::Mode::Build).map(|(report, _)| report)
}

/// `bulletin check`: everything `build` verifies, writing nothing.
pub fn check(options: &Options) -> Result<Report, Failure> {
    project::run(options, project::Mode::Check).map(|(report, _)| report)
}

/// Everything `build` does, with the site's files kept in memory (by path relative to the
/// site) instead of written to the output folder, which is never touched.
pub fn build_in_memory(options: &Options) -> Result<(Report, BTreeMap<String, Vec<u8>>), Failure> {
    let (report, memory) = project::run(options, project::Mode::Memory)?;
    Ok((
        report,
        memory.map(MemorySink::into_files).unwrap_or_default(),
    ))
}

//! `bulletin` turns data files (CSV) and Markdown commentary into a bilingual static website
//! whose every figure comes from the data.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`config`] and [`load`]: read `bulletin.toml`, the tables in `data/` and the bulletins in `content/`;
//! 2. [`validate`]: rules across records (parts and totals, shares, province lifetimes);
//! 3. [`site`]: the model of the site — which pages exist and what each shows, with bulletin
//!    shortcodes resolved against the data;
//! 4. [`render`]: templates, in parallel; [`links`] checks the result;
//! 5. [`output`]: the finished site replaces the previous one only when everything succeeded.
//!
//! Every file is read through [`walk`] (nothing outside the site, no special files) and every
//! address that reaches a page passes [`url`]'s one policy.

#![forbid(unsafe_code)]

mod common;
mod draw;
mod input;
mod model;
mod output;
mod site;

pub use common::diagnostics::{Diagnostic, Diagnostics, Location};
pub use common::figure::parse_figure;
pub use common::locale::{format_period, Lang, Unit};
pub use common::panics::install_quiet_hook;
pub use common::period::{Date, Period};
pub use output::{install_signal_handlers, MARKER_FILE as STAGING_MARKER_FILE};

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

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::diagnostics;
use input::config::Config;
use model::RegionIndex;
use site::{PageKind, Site};

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

/// What a successful run made.
struct Generated {
    /// The files of the site, when it was built into memory.
    memory: Option<output::MemorySink>,
    pages: usize,
    files: usize,
    charts: usize,
    bulletins: usize,
    observations: usize,
    output: Option<PathBuf>,
}

/// Whether a run writes the site or only checks it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Build,
    Check,
    /// Everything a build does, into memory instead of the output folder.
    Memory,
}

fn fail(diagnostics: Diagnostics) -> Failure {
    Failure {
        error_count: diagnostics.error_count(),
        diagnostics: diagnostics.sorted(),
    }
}

fn output_dir(options: &Options, config: &Config) -> PathBuf {
    match &options.output {
        Some(path) => path.clone(),
        None => options.root.join(&config.paths.output),
    }
}

/// Reads, checks and renders the whole site without writing anything.
fn generate(options: &Options, mode: Mode, diagnostics: &mut Diagnostics) -> Option<Generated> {
    let root = &options.root;
    let config = load_config(options, diagnostics)?;
    let paths = &config.paths;
    let output = output_dir(options, &config);
    if mode == Mode::Build {
        diagnostics.extend(output::recover_interrupted_swap(&output));
    }
    let (sources, dataset, maps) = load_inputs(options, &config, diagnostics)?;
    let region_index = RegionIndex::new(&dataset.regions);
    let urls = site::urls::Urls::new(&config.base_path, config.default_language);
    let templates_dir = root.join(&paths.templates);
    let strings = load_strings(root, &config, diagnostics);
    let mut chart_registry = site::charts::ChartRegistry::default();
    let context = site::bulletins::Context {
        dataset: &dataset,
        region_index: &region_index,
        maps: &maps,
        urls: &urls,
        strings: &strings,
    };
    let bulletins =
        site::bulletins::resolve_bulletins(sources, &context, &mut chart_registry, diagnostics);

    let renderer = output::pages::Renderer::new(root, &templates_dir, diagnostics);
    let statics: Vec<(String, PathBuf)> =
        common::walk::files(root, &root.join(&paths.static_files), diagnostics)
            .into_iter()
            .map(|found| (found.relative, found.path))
            .collect();
    if diagnostics.has_errors() {
        return None;
    }
    let site = Site::plan(
        &config,
        &dataset,
        &maps,
        &bulletins,
        &strings,
        chart_registry,
        diagnostics,
    );
    if diagnostics.has_errors() {
        return None;
    }
    let drawings = match draw::draw_all(&site.charts, &mut draw::DrawCache::default()) {
        Ok(drawings) => drawings,
        Err(d) => {
            diagnostics.extend(d);
            return None;
        }
    };
    let csv_files = output::chart_data::files(&site.charts, &drawings);
    let generated_paths = declared_paths(&site, &csv_files);
    check_collisions(
        &generated_paths,
        &statics,
        root,
        &paths.static_files,
        diagnostics,
    );
    if diagnostics.has_errors() {
        return None;
    }
    // Only now, with every input checked, is anything written: into a staging folder that
    // replaces the output at the very end, or is removed.
    let staging = match mode {
        Mode::Check | Mode::Memory => None,
        Mode::Build => match open_staging(root, &config, &output) {
            Ok(staging) => Some(staging),
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        },
    };
    let memory = (mode == Mode::Memory).then(output::MemorySink::default);
    let sink = sink_of(&staging, &memory);
    let pages = match render_into(&renderer?, &site, &drawings, &csv_files, sink) {
        Ok(pages) => pages,
        Err(d) => {
            diagnostics.extend(d);
            return None;
        }
    };
    check_site_links(&site, &pages, &generated_paths, &statics, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let finished = match (staging, &memory) {
        (Some(staging), _) => staging.commit(&statics),
        (None, Some(memory)) => copy_statics(root, &statics, memory),
        (None, None) => Ok(()),
    };
    if let Err(d) = finished {
        diagnostics.push(d);
        return None;
    }
    Some(Generated {
        pages: site.pages.len(),
        files: generated_paths.len() + statics.len(),
        charts: site.charts.len(),
        bulletins: bulletins.len(),
        observations: dataset.observations.len(),
        output: (mode == Mode::Build).then_some(output),
        memory,
    })
}

/// Every page, the stylesheet and the charts' data files, into `sink`; what the link check
/// needs comes back.
fn render_into(
    renderer: &output::pages::Renderer,
    site: &Site,
    drawings: &draw::Drawings,
    csv_files: &[(String, String)],
    sink: &dyn output::pages::Sink,
) -> Result<Vec<output::links::PageLinks>, Diagnostics> {
    let pages = renderer.render(site, drawings, sink)?;
    for (path, csv) in csv_files {
        sink.write(path, csv.as_bytes())
            .map_err(|d| Diagnostics::from_iter([d]))?;
    }
    Ok(pages)
}

/// The bulletins, the checked data and the map layers. Bulletins are read before the data so
/// that front-matter mistakes are reported in the same run as data mistakes; their references
/// are resolved once the data is known.
fn load_inputs(
    options: &Options,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Option<(
    Vec<input::content::BulletinSource>,
    model::Dataset,
    model::maps::MapLayers,
)> {
    let root = &options.root;
    let paths = &config.paths;
    let sources = input::content::load_bulletins(
        root,
        &root.join(&paths.content),
        &config.languages,
        options.include_drafts,
        diagnostics,
    );
    let dataset = model::build::load_dataset(root, &root.join(&paths.data), diagnostics)?;
    model::validate::validate(&dataset, diagnostics);
    let maps = model::maps::load_maps(
        root,
        &root.join(&paths.data),
        &config.maps,
        &dataset,
        &RegionIndex::new(&dataset.regions),
        diagnostics,
    );
    Some((sources, dataset, maps))
}

/// Where a run writes: the staging folder of a build, memory, or nowhere (`check`).
fn sink_of<'a>(
    staging: &'a Option<output::Staging>,
    memory: &'a Option<output::MemorySink>,
) -> &'a dyn output::pages::Sink {
    match (staging, memory) {
        (Some(staging), _) => staging,
        (None, Some(memory)) => memory,
        (None, None) => &output::NullSink,
    }
}

/// Every path the generated site writes: pages, the stylesheet and the charts' data files.
fn declared_paths(site: &Site, csv_files: &[(String, String)]) -> HashSet<String> {
    let mut paths: HashSet<String> = site.pages.iter().map(|p| p.output.clone()).collect();
    paths.insert(output::pages::STYLESHEET_FILE.to_string());
    paths.extend(csv_files.iter().map(|(path, _)| path.clone()));
    paths
}

/// `bulletin.toml`, with the `--base-url` override.
fn load_config(options: &Options, diagnostics: &mut Diagnostics) -> Option<Config> {
    let loaded = Config::load(&options.root).and_then(|mut config| {
        if let Some(url) = &options.base_url {
            config.set_base_url(url)?;
        }
        Ok(config)
    });
    loaded.map_err(|d| diagnostics.push(d)).ok()
}

/// The interface strings of every language of the site, with the site's overrides.
fn load_strings(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<common::locale::Lang, input::i18n::Strings> {
    let templates_dir = root.join(&config.paths.templates);
    let shown = diagnostics::display_path(root, &templates_dir);
    let mut strings = BTreeMap::new();
    for &lang in &config.languages {
        match input::i18n::load(lang, root, &templates_dir, &shown) {
            Ok(s) => {
                strings.insert(lang, s);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    strings
}

/// A staging folder beside an output that is safe to replace.
fn open_staging(
    root: &Path,
    config: &Config,
    output: &Path,
) -> Result<output::Staging, Diagnostic> {
    let paths = &config.paths;
    let protected = [
        ("data", root.join(&paths.data)),
        ("content", root.join(&paths.content)),
        ("templates", root.join(&paths.templates)),
        ("static", root.join(&paths.static_files)),
    ];
    output::check_output_dir(output, root, &protected)?;
    output::Staging::create(output)
}

/// Static files into a sink that is not a folder (a build copies them when it commits).
fn copy_statics(
    root: &Path,
    statics: &[(String, PathBuf)],
    sink: &dyn output::pages::Sink,
) -> Result<(), Diagnostic> {
    for (relative, path) in statics {
        sink.write(relative, &common::walk::read(root, path)?)?;
    }
    Ok(())
}

/// A static file must not silently replace a generated page.
fn check_collisions(
    generated: &HashSet<String>,
    statics: &[(String, PathBuf)],
    root: &Path,
    static_dir: &Path,
    diagnostics: &mut Diagnostics,
) {
    for (relative, _) in statics {
        if generated.contains(relative) {
            diagnostics.push(
                Diagnostic::error(format!("the static file `{relative}` has the same address as a generated page"))
                    .at(diagnostics::Location::file(diagnostics::display_path(root, &root.join(static_dir).join(relative))))
                    .help("rename or move the file; to change the look of generated pages, edit templates/ instead"),
            );
        }
    }
}

fn check_site_links(
    site: &Site,
    pages: &[output::links::PageLinks],
    generated: &HashSet<String>,
    statics: &[(String, PathBuf)],
    diagnostics: &mut Diagnostics,
) {
    let others: HashSet<String> = generated
        .iter()
        .filter(|p| !p.ends_with(".html"))
        .cloned()
        .chain(statics.iter().map(|(p, _)| p.clone()))
        .collect();
    for broken in output::links::check_links(pages, &others, site.urls.base_path()) {
        let source = site
            .pages
            .iter()
            .find(|p| p.output == broken.page)
            .and_then(|p| match p.kind {
                PageKind::Bulletin(i) => Some(site.bulletins[i].source.file.as_path()),
                _ => None,
            });
        diagnostics.push(broken.diagnostic(source));
    }
}

fn run(options: &Options, mode: Mode) -> Result<Report, Failure> {
    run_keeping_files(options, mode).map(|(report, _)| report)
}

fn run_keeping_files(
    options: &Options,
    mode: Mode,
) -> Result<(Report, Option<output::MemorySink>), Failure> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::new();
    // Last resort: a bug that escapes the page and chart boundaries still ends in a diagnostic,
    // and unwinding removes the staging folder.
    let generated = common::panics::catch(|| generate(options, mode, &mut diagnostics))
        .unwrap_or_else(|message| {
            diagnostics.push(
                Diagnostic::error(format!("internal error while building the site: {message}"))
                    .help(common::panics::HELP),
            );
            None
        });
    let Some(generated) = generated else {
        return Err(fail(diagnostics));
    };
    let report = Report {
        pages: generated.pages,
        charts: generated.charts,
        files: generated.files,
        bulletins: generated.bulletins,
        observations: generated.observations,
        output: generated.output,
        elapsed: started.elapsed(),
        warnings: diagnostics.sorted(),
    };
    Ok((report, generated.memory))
}

/// `bulletin build`: generates the site and replaces the output directory with it.
pub fn build(options: &Options) -> Result<Report, Failure> {
    run(options, Mode::Build)
}

/// `bulletin check`: everything `build` verifies, writing nothing.
pub fn check(options: &Options) -> Result<Report, Failure> {
    run(options, Mode::Check)
}

/// Everything `build` does, with the site's files kept in memory (by path relative to the
/// site) instead of written to the output folder, which is never touched.
pub fn build_in_memory(options: &Options) -> Result<(Report, BTreeMap<String, Vec<u8>>), Failure> {
    let (report, memory) = run_keeping_files(options, Mode::Memory)?;
    Ok((
        report,
        memory
            .map(output::MemorySink::into_files)
            .unwrap_or_default(),
    ))
}

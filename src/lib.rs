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

pub mod charts;
pub mod config;
pub mod diagnostics;
pub mod facts;
pub mod figure;
pub mod geo;
pub mod i18n;
pub mod links;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod output;
pub mod period;
pub mod render;
pub mod shortcode;
pub mod site;
pub mod synth;
pub mod text;
pub mod validate;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use config::Config;
use diagnostics::{Diagnostic, Diagnostics};
use model::RegionIndex;
use render::OutputFile;
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
}

impl Failure {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }
}

/// The site, generated in memory.
struct Generated {
    files: Vec<OutputFile>,
    charts: usize,
    statics: Vec<(String, PathBuf)>,
    pages: usize,
    bulletins: usize,
    observations: usize,
}

fn fail(diagnostics: Diagnostics) -> Failure {
    Failure {
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
fn generate(options: &Options, diagnostics: &mut Diagnostics) -> Option<(Config, Generated)> {
    let root = &options.root;
    let mut config = match Config::load(root) {
        Ok(config) => config,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    if let Some(url) = &options.base_url {
        if let Err(d) = config.set_base_url(url) {
            diagnostics.push(d);
            return None;
        }
    }
    let paths = &config.paths;
    // Bulletins are read before the data so that front-matter mistakes are reported in the
    // same run as data mistakes; their references are resolved once the data is known.
    let sources = load::content::load_bulletins(
        root,
        &root.join(&paths.content),
        &config.languages,
        options.include_drafts,
        diagnostics,
    );
    let dataset = load::data::load_dataset(root, &root.join(&paths.data), diagnostics)?;
    validate::validate(&dataset, diagnostics);
    let region_index = RegionIndex::new(&dataset.regions);
    let maps = load::maps::load_maps(
        root,
        &root.join(&paths.data),
        &config.maps,
        &dataset,
        &region_index,
        diagnostics,
    );
    let urls = site::urls::Urls::new(&config.base_path, config.default_language);
    let mut chart_registry = site::charts::ChartRegistry::default();
    let context = site::bulletins::Context {
        dataset: &dataset,
        region_index: &region_index,
        maps: &maps,
        urls: &urls,
    };
    let bulletins =
        site::bulletins::resolve_bulletins(sources, &context, &mut chart_registry, diagnostics);

    let templates_dir = root.join(&paths.templates);
    let mut strings = BTreeMap::new();
    for &lang in &config.languages {
        match i18n::load(
            lang,
            &templates_dir,
            &diagnostics::display_path(root, &templates_dir),
        ) {
            Ok(s) => {
                strings.insert(lang, s);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let renderer = match render::Renderer::new(root, &templates_dir) {
        Ok(r) => Some(r),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    let statics = match output::static_files(&root.join(&paths.static_files)) {
        Ok(s) => s,
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    };
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
    let mut files = match renderer?.render(&site) {
        Ok(files) => files,
        Err(d) => {
            diagnostics.extend(d);
            return None;
        }
    };
    files.extend(
        site.charts
            .csv_files()
            .into_iter()
            .map(|(path, csv)| OutputFile {
                path,
                contents: csv.into_bytes(),
            }),
    );
    check_collisions(&files, &statics, root, &paths.static_files, diagnostics);
    check_site_links(&site, &files, &statics, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let generated = Generated {
        charts: site.charts.len(),
        pages: site.pages.len(),
        bulletins: bulletins.len(),
        observations: dataset.observations.len(),
        files,
        statics,
    };
    Some((config, generated))
}

/// A static file must not silently replace a generated page.
fn check_collisions(
    files: &[OutputFile],
    statics: &[(String, PathBuf)],
    root: &Path,
    static_dir: &Path,
    diagnostics: &mut Diagnostics,
) {
    let generated: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for (relative, _) in statics {
        if generated.contains(relative.as_str()) {
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
    files: &[OutputFile],
    statics: &[(String, PathBuf)],
    diagnostics: &mut Diagnostics,
) {
    let pages: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                std::str::from_utf8(&f.contents).unwrap_or(""),
            )
        })
        .collect();
    let others: HashSet<String> = files
        .iter()
        .filter(|f| !f.path.ends_with(".html"))
        .map(|f| f.path.clone())
        .chain(statics.iter().map(|(p, _)| p.clone()))
        .collect();
    for broken in links::check_links(&pages, &others, site.urls.base_path()) {
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

/// `bulletin build`: generates the site and replaces the output directory with it.
pub fn build(options: &Options) -> Result<Report, Failure> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::new();
    let Some((config, generated)) = generate(options, &mut diagnostics) else {
        return Err(fail(diagnostics));
    };
    let output = output_dir(options, &config);
    let paths = &config.paths;
    let root = &options.root;
    let protected = [
        ("data", root.join(&paths.data)),
        ("content", root.join(&paths.content)),
        ("templates", root.join(&paths.templates)),
        ("static", root.join(&paths.static_files)),
    ];
    if let Err(d) = output::check_output_dir(&output, root, &protected) {
        diagnostics.push(d);
        return Err(fail(diagnostics));
    }
    if let Err(d) = output::write_site(&output, &generated.files, &generated.statics) {
        diagnostics.push(d);
        return Err(fail(diagnostics));
    }
    Ok(Report {
        charts: generated.charts,
        pages: generated.pages,
        files: generated.files.len() + generated.statics.len(),
        bulletins: generated.bulletins,
        observations: generated.observations,
        output: Some(output),
        elapsed: started.elapsed(),
        warnings: diagnostics.sorted(),
    })
}

/// `bulletin check`: everything `build` verifies, writing nothing.
pub fn check(options: &Options) -> Result<Report, Failure> {
    let started = Instant::now();
    let mut diagnostics = Diagnostics::new();
    let Some((_, generated)) = generate(options, &mut diagnostics) else {
        return Err(fail(diagnostics));
    };
    Ok(Report {
        charts: generated.charts,
        pages: generated.pages,
        files: generated.files.len() + generated.statics.len(),
        bulletins: generated.bulletins,
        observations: generated.observations,
        output: None,
        elapsed: started.elapsed(),
        warnings: diagnostics.sorted(),
    })
}

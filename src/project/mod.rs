//! The project: one long-lived value that owns everything loaded from a site folder (settings,
//! interface strings, data, map layers, bulletins, templates, static files, the plan of pages
//! and the drawn charts) and renders any page by its stable id into any sink.
//!
//! `build`, `check` and the in-memory build are thin uses of it (see `publish`); a preview
//! keeps one project, calls [`Project::reload`] with the paths that changed and renders only the
//! pages it returns. Charts are drawn through a cache keyed by their content, so a chart whose
//! numbers and words did not change is never drawn again.

mod changes;
mod load;
mod outputs;
mod publish;
mod reload;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::common::diagnostics::{Diagnostic, Diagnostics};
use crate::common::locale::Lang;
use crate::draw::{self, DrawCache, Drawings};
use crate::input::config::Config;
use crate::input::i18n::Strings;
use crate::model::maps::MapLayers;
use crate::model::Dataset;
use crate::output::chart_data;
use crate::output::links::PageLinks;
use crate::output::pages::{Renderer, Sink, ROBOTS_FILE};
use crate::site::bulletins::Bulletin;
use crate::site::charts::ChartRegistry;
use crate::site::{Inputs, PageId, Plan, Site};
use crate::{Failure, Options};
use changes::{DataPrints, Prints};
use load::BulletinParts;

pub(crate) use publish::{run, Mode};
pub use reload::Reloaded;

/// Everything loaded from the site folder, and what was made of it.
struct Loaded {
    config: Config,
    strings: BTreeMap<Lang, Strings>,
    /// Shared with the state before a reload that did not touch the data.
    dataset: Arc<Dataset>,
    maps: Arc<MapLayers>,
    bulletins: Vec<Bulletin>,
    /// The charts and findings of each bulletin, beside it.
    bulletin_parts: Vec<BulletinParts>,
    /// Shared with the state before a reload that did not touch the templates.
    renderer: Arc<Renderer>,
    statics: Vec<(String, PathBuf)>,
    plan: Plan,
    drawings: Drawings,
}

/// The plan and drawings of a state made from the same data, strings and settings, to reuse.
#[derive(Clone, Copy)]
struct SameInputs<'a> {
    plan: &'a Plan,
    drawings: &'a Drawings,
}

/// A site folder, loaded and ready to render.
pub struct Project {
    options: Options,
    loaded: Loaded,
    draw_cache: DrawCache,
    /// The fingerprint of every page, made at the first reload (a single build never needs it).
    prints: Option<Prints>,
    /// Pages rendered since the project was loaded.
    renders: AtomicUsize,
    warnings: Vec<Diagnostic>,
}

impl Project {
    /// Reads and checks every input of the site in `options.root` and plans its pages; nothing
    /// is rendered or written.
    pub fn load(options: &Options) -> Result<Project, Failure> {
        Project::load_after(options, DrawCache::keeping(), |_, _| {})
    }

    /// Like `load`, running `first` once the settings are known (a build recovers an
    /// interrupted swap there, even when the inputs then turn out to have errors).
    fn load_after(
        options: &Options,
        mut draw_cache: DrawCache,
        first: impl FnOnce(&Config, &mut Diagnostics),
    ) -> Result<Project, Failure> {
        let (loaded, warnings) = Loaded::load(options, &mut draw_cache, first)?;
        Ok(Project {
            options: options.clone(),
            prints: None,
            loaded,
            draw_cache,
            renders: AtomicUsize::new(0),
            warnings,
        })
    }

    /// Every page, by id, in build order.
    pub fn pages(&self) -> impl Iterator<Item = &PageId> {
        self.loaded.plan.pages().map(|(id, _)| id)
    }

    /// The address of a page's file, relative to the output folder.
    pub fn page_path(&self, id: &PageId) -> Option<&str> {
        self.loaded.plan.page(id).map(|page| page.output.as_str())
    }

    /// Renders some pages into `sink`, in parallel; what the link check needs comes back.
    pub fn render_pages(
        &self,
        ids: &[PageId],
        sink: &dyn Sink,
    ) -> Result<Vec<PageLinks>, Diagnostics> {
        let plan = &self.loaded.plan;
        let pages: Vec<_> = ids.iter().filter_map(|id| plan.page(id)).collect();
        self.renders.fetch_add(pages.len(), Ordering::Relaxed);
        let site = self.loaded.site();
        self.loaded
            .renderer
            .render_pages(&site, &pages, &self.loaded.drawings, sink)
    }

    /// Renders one page into `sink`.
    pub fn render_page(&self, id: &PageId, sink: &dyn Sink) -> Result<(), Diagnostics> {
        self.render_pages(std::slice::from_ref(id), sink).map(drop)
    }

    /// Every file the project makes (pages, the stylesheet, the charts' data files), into
    /// `sink`; static files are the sink's to copy.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<Vec<PageLinks>, Diagnostics> {
        let ids: Vec<PageId> = self.pages().cloned().collect();
        let links = self.render_pages(&ids, sink)?;
        self.write_assets(sink)?;
        Ok(links)
    }

    /// The feeds, the sitemap and robots.txt, into `sink`.
    fn write_syndication(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let site = self.loaded.site();
        let feeds = site.feeds();
        self.loaded.renderer.render_syndication(
            &site,
            (&feeds, self.has_own_robots()),
            &self.loaded.drawings,
            sink,
        )
    }

    /// Whether the site's static files hold a robots.txt, which then replaces the generated one
    /// (it may have rules of its own).
    fn has_own_robots(&self) -> bool {
        self.statics().iter().any(|(path, _)| path == ROBOTS_FILE)
    }

    /// The files that are not pages: the theme's (stylesheet, favicons), the charts' data, the
    /// feeds, the sitemap and robots.txt. Static files are the sink's to copy.
    pub fn write_assets(&self, sink: &dyn Sink) -> Result<(), Diagnostics> {
        let write = |path: &str, bytes: &[u8]| {
            sink.write(path, bytes)
                .map_err(|d| Diagnostics::from_iter([d]))
        };
        for asset in self.loaded.renderer.assets().iter() {
            write(&asset.file, &asset.bytes)?;
        }
        for (path, csv) in self.chart_data() {
            write(&path, csv.as_bytes())?;
        }
        self.write_syndication(sink)
    }

    fn chart_data(&self) -> Vec<(String, &str)> {
        chart_data::files(self.loaded.plan.charts(), &self.loaded.drawings)
    }

    /// The static files, by address, with where they are read from.
    pub fn statics(&self) -> &[(String, PathBuf)] {
        &self.loaded.statics
    }

    /// How many pages this project has rendered, to check that a reload renders only what
    /// it must.
    pub fn renders(&self) -> usize {
        self.renders.load(Ordering::Relaxed)
    }

    /// How many charts this project has drawn since it was loaded (a reload draws only the
    /// charts whose content changed).
    pub fn charts_drawn(&self) -> usize {
        self.draw_cache.drawn()
    }

    /// An interface string of the site (its `templates/i18n/<lang>.toml` over the built-in
    /// table) by key, for the words a program shows around the pages (the preview's overlay).
    pub fn interface_string<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        match self.loaded.strings.get(&lang) {
            Some(strings) => strings.get(key),
            None => crate::input::i18n::builtin(lang).get(key),
        }
    }

    /// Warnings of the last load or reload.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The folder a build writes to (`--output`, or the one bulletin.toml names): a preview
    /// does not watch it.
    pub fn output_dir(&self) -> PathBuf {
        publish::output_dir(&self.options, &self.loaded.config)
    }
}

impl Loaded {
    /// Everything, from the settings on; warnings come back with the state.
    fn load(
        options: &Options,
        draw_cache: &mut DrawCache,
        first: impl FnOnce(&Config, &mut Diagnostics),
    ) -> Result<(Loaded, Vec<Diagnostic>), Failure> {
        let mut diagnostics = Diagnostics::new();
        let loaded = crate::common::panics::catch(|| {
            let config = load::config(options, &mut diagnostics)?;
            first(&config, &mut diagnostics);
            Loaded::read(options, config, draw_cache, &mut diagnostics)
        })
        .unwrap_or_else(|message| {
            diagnostics.push(crate::internal_error(&message));
            None
        });
        match loaded {
            Some(loaded) if !diagnostics.has_errors() => Ok((loaded, diagnostics.sorted())),
            _ => Err(crate::fail(diagnostics)),
        }
    }

    /// Every input, then the plan and the drawings, stopping at the first stage with errors.
    fn read(
        options: &Options,
        config: Config,
        draw_cache: &mut DrawCache,
        diagnostics: &mut Diagnostics,
    ) -> Option<Loaded> {
        let root = &options.root;
        // Bulletins are read before the data so that front-matter mistakes are reported in
        // the same run as data mistakes; their references are resolved once the data is known.
        let sources = load::bulletin_sources(options, &config, &|_| None, diagnostics);
        let (dataset, maps) = load::data(root, &config, diagnostics)?;
        let strings = load::strings(root, &config, diagnostics);
        let (bulletins, bulletin_parts) =
            load::resolve(sources, &config, (&dataset, &maps), &strings, (&[], &[]));
        load::report_findings(&bulletin_parts, diagnostics);
        let renderer = load::templates(root, &config, diagnostics);
        let statics = load::statics(root, &config, diagnostics);
        if diagnostics.has_errors() {
            return None;
        }
        let mut loaded = Loaded {
            renderer: Arc::new(renderer?),
            plan: Plan::empty(),
            drawings: Drawings::default(),
            config,
            strings,
            dataset: Arc::new(dataset),
            maps: Arc::new(maps),
            bulletins,
            bulletin_parts,
            statics,
        };
        loaded.replan(draw_cache, None, diagnostics);
        (!diagnostics.has_errors()).then_some(loaded)
    }

    /// Plans the pages again from the loaded inputs and draws what changed.
    fn replan(
        &mut self,
        draw_cache: &mut DrawCache,
        same_inputs: Option<SameInputs>,
        diagnostics: &mut Diagnostics,
    ) {
        let mut bulletin_charts = ChartRegistry::default();
        for parts in &self.bulletin_parts {
            bulletin_charts.merge(&parts.charts);
        }
        let inputs = Inputs {
            config: &self.config,
            dataset: &self.dataset,
            maps: &self.maps,
            bulletins: &self.bulletins,
            strings: &self.strings,
        };
        let same_plan = same_inputs.map(|same| same.plan);
        self.plan = Plan::new(&inputs, bulletin_charts, same_plan, diagnostics);
        if diagnostics.has_errors() {
            return;
        }
        let same_drawings = same_inputs.map(|same| same.drawings);
        match draw::draw_all(self.plan.charts(), draw_cache, same_drawings) {
            Ok(drawings) => self.drawings = drawings,
            Err(d) => diagnostics.extend(d),
        }
    }

    fn site(&self) -> Site<'_> {
        Site::new(
            &self.config,
            &self.dataset,
            &self.bulletins,
            &self.strings,
            &self.plan,
        )
        .with_theme_files(self.renderer.assets().files())
    }

    /// The fingerprints of this state; `data` from the state before when the data did not
    /// change.
    fn prints(&self, data: Option<&Arc<DataPrints>>) -> Prints {
        changes::page_prints(
            &self.site(),
            &self.plan,
            &self.drawings,
            self.renderer.sources(),
            data,
        )
    }
}

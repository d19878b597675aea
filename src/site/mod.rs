//! The model of the site: which pages exist, at which URLs, and what each one shows (the page
//! views, in `views/`, are plain serialisable structs handed to the templates).

pub mod bulletins;
pub mod charts;
pub mod markdown;
mod plan;
mod reads;
pub mod shortcode;
pub mod syndication;
pub mod urls;
mod views;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::common::locale::Lang;
use crate::input::config::Config;
use crate::input::i18n::Strings;
use crate::model::{Dataset, IndicatorId, RegionId};
use bulletins::Bulletin;
use charts::{ChartRegistry, Placer};
use urls::Urls;
use views::{headline_indicators, newest_first, PageView};

use plan::PageCharts;
pub use plan::{Inputs, PageId, PageKey, Plan};
pub use reads::Input;

/// The templates pages are drawn with, one per page kind; the others are shared.
pub const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "provinces.html",
    "province.html",
    "indicators.html",
    "indicator.html",
    "bulletins.html",
    "bulletin.html",
    "404.html",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Provinces,
    Province(RegionId),
    Indicators,
    Indicator(IndicatorId),
    Bulletins,
    Bulletin(usize),
    NotFound,
}

#[derive(Debug, Clone)]
pub struct PageSpec {
    pub kind: PageKind,
    pub lang: Lang,
    pub url: String,
    /// Path of the output file, relative to the output directory.
    pub output: String,
}

impl PageSpec {
    pub fn template(&self) -> &'static str {
        match self.kind {
            PageKind::Home => "index.html",
            PageKind::Provinces => "provinces.html",
            PageKind::Province(_) => "province.html",
            PageKind::Indicators => "indicators.html",
            PageKind::Indicator(_) => "indicator.html",
            PageKind::Bulletins => "bulletins.html",
            PageKind::Bulletin(_) => "bulletin.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// Everything the page views need: the loaded inputs and the plan made from them. Cheap to
/// make; the project makes one whenever it renders.
pub struct Site<'a> {
    pub config: &'a Config,
    pub dataset: &'a Dataset,
    pub bulletins: &'a [Bulletin],
    pub strings: &'a BTreeMap<Lang, Strings>,
    pub urls: Urls,
    pub pages: &'a [PageSpec],
    province_pages: &'a HashSet<RegionId>,
    headline: &'a [IndicatorId],
    /// Region -> bulletins about it, newest first.
    bulletins_by_region: &'a BTreeMap<RegionId, Vec<usize>>,
    /// Names shared by regions that existed at different times (An Giang): these get their dates.
    shared_names: &'a HashSet<String>,
    /// Every chart the pages show, by id, to be drawn by the draw stage.
    pub charts: &'a ChartRegistry,
    /// Chart ids per page (by output path), decided in the plan.
    page_charts: &'a HashMap<String, PageCharts>,
    /// The theme's files by name (`style.css`) -> the name written, with its content hash.
    theme_files: Option<&'a BTreeMap<String, String>>,
}

impl<'a> Site<'a> {
    pub fn new(
        config: &'a Config,
        dataset: &'a Dataset,
        bulletins: &'a [Bulletin],
        strings: &'a BTreeMap<Lang, Strings>,
        plan: &'a Plan,
    ) -> Site<'a> {
        Site {
            config,
            dataset,
            bulletins,
            strings,
            urls: Urls::new(&config.base_path, config.default_language),
            pages: &plan.pages,
            province_pages: &plan.province_pages,
            headline: &plan.headline,
            bulletins_by_region: &plan.bulletins_by_region,
            shared_names: &plan.shared_names,
            charts: &plan.charts,
            page_charts: &plan.page_charts,
            theme_files: None,
        }
    }

    /// The names the theme's files are written under; without them, pages link to the names
    /// themselves (`/style.css`).
    pub fn with_theme_files(mut self, files: &'a BTreeMap<String, String>) -> Site<'a> {
        self.theme_files = Some(files);
        self
    }

    /// The address of a theme file (`style.css`) as written, with its content hash.
    fn theme_file(&self, name: &str) -> String {
        let file = self
            .theme_files
            .and_then(|files| files.get(name))
            .map_or(name, String::as_str);
        self.urls.asset(file)
    }

    fn charts_of(&self, page: &PageSpec) -> &PageCharts {
        static NONE: PageCharts = PageCharts {
            figures: Vec::new(),
            map: None,
            progress: Vec::new(),
            sparks: Vec::new(),
        };
        self.page_charts.get(&page.output).unwrap_or(&NONE)
    }

    /// The bulletin a page (by its file) was made from, to locate mistakes found in the page.
    pub fn source_file(&self, output: &str) -> Option<&std::path::Path> {
        let page = self.pages.iter().find(|p| p.output == output)?;
        match page.kind {
            PageKind::Bulletin(i) => Some(self.bulletins[i].source.file.as_path()),
            _ => None,
        }
    }

    /// Places the charts of one page view.
    fn placer(&self) -> Placer {
        Placer::default()
    }

    /// The values a page's template sees.
    pub fn context(&self, page: &PageSpec) -> tera::Context {
        let view = PageView {
            site: self.chrome(page),
            page: self.page_view(page),
        };
        tera::Context::from_serialize(view).unwrap_or_default()
    }
}

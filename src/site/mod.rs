//! The model of the site: which pages exist, at which URLs, and what each one shows (the page
//! views, in `views/`, are plain serialisable structs handed to the templates).

pub mod bulletins;
pub mod charts;
pub mod markdown;
pub mod shortcode;
pub mod urls;
mod views;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::common::diagnostics::Diagnostics;
use crate::common::locale::Lang;
use crate::common::period::Period;
use crate::input::config::Config;
use crate::input::i18n::Strings;
use crate::model::maps::MapLayers;
use crate::model::{Dataset, IndicatorId, RegionId};
use crate::site::charts::spec::Chart;
use bulletins::Bulletin;
use charts::{ChartRegistry, Charts, Placer};
use urls::Urls;
use views::{headline_indicators, newest_first, PageView};

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

/// Everything the page views need, computed once.
pub struct Site<'a> {
    pub config: &'a Config,
    pub dataset: &'a Dataset,
    pub bulletins: &'a [Bulletin],
    pub strings: &'a BTreeMap<Lang, Strings>,
    pub urls: Urls,
    pub pages: Vec<PageSpec>,
    province_pages: HashSet<RegionId>,
    headline: Vec<IndicatorId>,
    /// Region -> bulletins about it, newest first.
    bulletins_by_region: BTreeMap<RegionId, Vec<usize>>,
    /// Names shared by regions that existed at different times (An Giang): these get their dates.
    shared_names: HashSet<String>,
    /// Every chart the pages show, by id, to be drawn by the draw stage.
    pub charts: ChartRegistry,
    /// Chart ids per page (by output path), decided in `plan`.
    page_charts: HashMap<String, PageCharts>,
}

/// The charts a page shows, as ids into the chart store.
#[derive(Default)]
struct PageCharts {
    figures: Vec<String>,
    map: Option<String>,
    progress: Vec<(IndicatorId, Period, String)>,
    sparks: Vec<(IndicatorId, String)>,
}

impl<'a> Site<'a> {
    /// Decides the pages and draws every chart they show (`charts` already holds the bulletins').
    pub fn plan(
        config: &'a Config,
        dataset: &'a Dataset,
        maps: &'a MapLayers,
        bulletins: &'a [Bulletin],
        strings: &'a BTreeMap<Lang, Strings>,
        mut charts: ChartRegistry,
        diagnostics: &mut Diagnostics,
    ) -> Site<'a> {
        let urls = Urls::new(&config.base_path, config.default_language);
        let mut bulletins_by_region: BTreeMap<RegionId, Vec<usize>> = BTreeMap::new();
        let mut order: Vec<usize> = (0..bulletins.len()).collect();
        order.sort_by(|a, b| newest_first(&bulletins[*a], &bulletins[*b]));
        for i in order {
            for region in &bulletins[i].regions {
                bulletins_by_region.entry(*region).or_default().push(i);
            }
        }
        let province_pages: HashSet<RegionId> = dataset
            .region_ids()
            .filter(|r| dataset.has_data(*r) || bulletins_by_region.contains_key(r))
            .collect();
        let headline = headline_indicators(config, dataset, diagnostics);
        let mut name_count: BTreeMap<&str, usize> = BTreeMap::new();
        for region in &dataset.regions {
            *name_count.entry(region.name_vi.as_str()).or_default() += 1;
        }
        let shared_names = name_count
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(name, _)| name.to_string())
            .collect();

        let mut pages = Vec::new();
        for &lang in &config.languages {
            let mut add = |kind: PageKind, url: String| {
                let output = urls.output_path(&url);
                pages.push(PageSpec {
                    kind,
                    lang,
                    url,
                    output,
                });
            };
            add(PageKind::Home, urls.home(lang));
            add(PageKind::Provinces, urls.provinces(lang));
            let mut regions: Vec<RegionId> = province_pages.iter().copied().collect();
            regions.sort();
            for region in regions {
                add(
                    PageKind::Province(region),
                    urls.province(lang, &dataset.region(region).slug),
                );
            }
            add(PageKind::Indicators, urls.indicators(lang));
            for indicator in dataset.indicator_ids() {
                add(
                    PageKind::Indicator(indicator),
                    urls.indicator(lang, &dataset.indicator(indicator).id),
                );
            }
            add(PageKind::Bulletins, urls.bulletins(lang));
            for (i, bulletin) in bulletins.iter().enumerate() {
                if bulletin.source.lang == lang {
                    add(
                        PageKind::Bulletin(i),
                        urls.bulletin(lang, &bulletin.source.slug),
                    );
                }
            }
        }
        // Every page's charts are built once, in parallel; views look them up by id.
        let built: Vec<(String, PageCharts, Vec<Chart>)> = pages
            .par_iter()
            .filter_map(|page| {
                let builder = Charts {
                    dataset,
                    lang: page.lang,
                    maps,
                    urls: &urls,
                    strings: strings
                        .get(&page.lang)
                        .unwrap_or_else(|| crate::input::i18n::builtin(page.lang)),
                };
                let mut list = Vec::new();
                let mut ids = PageCharts::default();
                let keep = |chart: Chart, list: &mut Vec<Chart>| {
                    let id = chart.id();
                    list.push(chart);
                    id
                };
                match page.kind {
                    PageKind::Province(region) => {
                        let charts = builder.for_province(region);
                        for c in charts.compositions.into_iter().chain(charts.trends) {
                            ids.figures.push(keep(c, &mut list));
                        }
                        for (indicator, period, c) in charts.progress {
                            ids.progress.push((indicator, period, keep(c, &mut list)));
                        }
                        for (indicator, c) in charts.sparks {
                            ids.sparks.push((indicator, keep(c, &mut list)));
                        }
                        ids.map = builder
                            .locator_map(region, &headline)
                            .map(|c| keep(c, &mut list));
                    }
                    PageKind::Home => {
                        ids.map = headline
                            .iter()
                            .find_map(|i| builder.map(*i, None, None))
                            .map(|c| keep(c, &mut list));
                    }
                    PageKind::Indicator(indicator) => {
                        for c in builder.for_indicator(indicator) {
                            ids.figures.push(keep(c, &mut list));
                        }
                    }
                    _ => return None,
                }
                Some((page.output.clone(), ids, list))
            })
            .collect();
        let mut page_charts = HashMap::new();
        for (output, ids, list) in built {
            for chart in list {
                charts.add(chart);
            }
            page_charts.insert(output, ids);
        }
        pages.push(PageSpec {
            kind: PageKind::NotFound,
            lang: config.default_language,
            url: urls.asset("404.html"),
            output: "404.html".to_string(),
        });
        Site {
            config,
            dataset,
            bulletins,
            strings,
            urls,
            pages,
            province_pages,
            headline,
            bulletins_by_region,
            shared_names,
            charts,
            page_charts,
        }
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

    /// Places the charts of one page view.
    fn embedder(&self, _lang: Lang) -> Placer {
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

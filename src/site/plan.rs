//! The plan of a site: which pages exist, at which addresses, under which stable ids, and which
//! charts each one shows. Made once per load of the project and kept until an input changes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::Arc;

use rayon::prelude::*;

use super::bulletins::Bulletin;
use super::charts::spec::Chart;
use super::charts::{ChartRegistry, Charts};
use super::urls::Urls;
use super::{headline_indicators, newest_first, PageKind, PageSpec};
use crate::common::diagnostics::Diagnostics;
use crate::common::locale::Lang;
use crate::common::period::Period;
use crate::input::config::Config;
use crate::input::i18n::Strings;
use crate::model::maps::MapLayers;
use crate::model::{Dataset, IndicatorId, RegionId};

/// A page by what it shows, not by its place in a list: stable across reloads, so a preview can
/// ask for "the Vietnamese page of Hà Nội" after the data changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId {
    pub lang: Lang,
    pub key: PageKey,
}

/// What a page shows; regions by slug, indicators by id, bulletins by slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Provinces,
    Province(String),
    Indicators,
    Indicator(String),
    Bulletins,
    Bulletin(String),
    NotFound,
}

impl fmt::Display for PageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = self.lang.code();
        match &self.key {
            PageKey::Home => write!(f, "{lang}/home"),
            PageKey::Provinces => write!(f, "{lang}/provinces"),
            PageKey::Province(slug) => write!(f, "{lang}/province/{slug}"),
            PageKey::Indicators => write!(f, "{lang}/indicators"),
            PageKey::Indicator(id) => write!(f, "{lang}/indicator/{id}"),
            PageKey::Bulletins => write!(f, "{lang}/bulletins"),
            PageKey::Bulletin(slug) => write!(f, "{lang}/bulletin/{slug}"),
            PageKey::NotFound => write!(f, "{lang}/404"),
        }
    }
}

/// The charts a page shows, as ids into the chart registry.
#[derive(Default, Clone)]
pub(super) struct PageCharts {
    pub(super) figures: Vec<String>,
    pub(super) map: Option<String>,
    pub(super) progress: Vec<(IndicatorId, Period, String)>,
    pub(super) sparks: Vec<(IndicatorId, String)>,
}

/// Which pages exist and what they show, decided once from the loaded inputs.
pub struct Plan {
    pub(super) pages: Vec<PageSpec>,
    pub(super) ids: Vec<PageId>,
    /// Position of each page by id.
    by_id: HashMap<PageId, usize>,
    pub(super) province_pages: HashSet<RegionId>,
    pub(super) headline: Vec<IndicatorId>,
    pub(super) bulletins_by_region: BTreeMap<RegionId, Vec<usize>>,
    pub(super) shared_names: HashSet<String>,
    pub(super) charts: ChartRegistry,
    pub(super) page_charts: HashMap<String, PageCharts>,
}

/// The loaded inputs a plan is made from.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub dataset: &'a Dataset,
    pub maps: &'a MapLayers,
    pub bulletins: &'a [Bulletin],
    pub strings: &'a BTreeMap<Lang, Strings>,
}

impl Plan {
    /// Decides the pages and the charts they show (`charts` already holds the bulletins').
    ///
    /// `same_data` is a plan made from the same data, strings and settings (only bulletins,
    /// templates or static files changed since): its pages' charts are taken as they were.
    pub fn new(
        inputs: &Inputs,
        mut charts: ChartRegistry,
        same_data: Option<&Plan>,
        diagnostics: &mut Diagnostics,
    ) -> Plan {
        let Inputs {
            config,
            dataset,
            bulletins,
            ..
        } = *inputs;
        let urls = Urls::new(&config.base_path, config.default_language);
        let bulletins_by_region = bulletins_by_region(bulletins);
        let province_pages: HashSet<RegionId> = dataset
            .region_ids()
            .filter(|r| dataset.has_data(*r) || bulletins_by_region.contains_key(r))
            .collect();
        let headline = headline_indicators(config, dataset, diagnostics);
        let mut pages = page_list(inputs, &urls, &province_pages);
        let page_charts = chart_plan(inputs, &urls, &pages, &headline, same_data, &mut charts);
        pages.push(PageSpec {
            kind: PageKind::NotFound,
            lang: config.default_language,
            url: urls.asset("404.html"),
            output: "404.html".to_string(),
        });
        let ids: Vec<PageId> = pages
            .iter()
            .map(|page| page_id(page, dataset, bulletins))
            .collect();
        let by_id = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect();
        Plan {
            pages,
            ids,
            by_id,
            province_pages,
            headline,
            bulletins_by_region,
            shared_names: shared_names(dataset),
            charts,
            page_charts,
        }
    }

    /// A plan with no pages, before the first one is made.
    pub fn empty() -> Plan {
        Plan {
            pages: Vec::new(),
            ids: Vec::new(),
            by_id: HashMap::new(),
            province_pages: HashSet::new(),
            headline: Vec::new(),
            bulletins_by_region: BTreeMap::new(),
            shared_names: HashSet::new(),
            charts: ChartRegistry::default(),
            page_charts: HashMap::new(),
        }
    }

    /// Every page with its id, in build order.
    pub fn pages(&self) -> impl Iterator<Item = (&PageId, &PageSpec)> {
        self.ids.iter().zip(&self.pages)
    }

    pub fn page(&self, id: &PageId) -> Option<&PageSpec> {
        self.pages.get(*self.by_id.get(id)?)
    }

    /// The charts the pages show.
    pub fn charts(&self) -> &ChartRegistry {
        &self.charts
    }

    pub fn headline(&self) -> &[IndicatorId] {
        &self.headline
    }
}

fn page_id(page: &PageSpec, dataset: &Dataset, bulletins: &[Bulletin]) -> PageId {
    let key = match page.kind {
        PageKind::Home => PageKey::Home,
        PageKind::Provinces => PageKey::Provinces,
        PageKind::Province(r) => PageKey::Province(dataset.region(r).slug.clone()),
        PageKind::Indicators => PageKey::Indicators,
        PageKind::Indicator(i) => PageKey::Indicator(dataset.indicator(i).id.clone()),
        PageKind::Bulletins => PageKey::Bulletins,
        PageKind::Bulletin(b) => PageKey::Bulletin(bulletins[b].source.slug.clone()),
        PageKind::NotFound => PageKey::NotFound,
    };
    PageId {
        lang: page.lang,
        key,
    }
}

/// Region -> bulletins about it, newest first.
fn bulletins_by_region(bulletins: &[Bulletin]) -> BTreeMap<RegionId, Vec<usize>> {
    let mut by_region: BTreeMap<RegionId, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<usize> = (0..bulletins.len()).collect();
    order.sort_by(|a, b| newest_first(&bulletins[*a], &bulletins[*b]));
    for i in order {
        for region in &bulletins[i].regions {
            by_region.entry(*region).or_default().push(i);
        }
    }
    by_region
}

/// Names shared by regions that existed at different times (An Giang): these get their dates.
fn shared_names(dataset: &Dataset) -> HashSet<String> {
    let mut name_count: BTreeMap<&str, usize> = BTreeMap::new();
    for region in &dataset.regions {
        *name_count.entry(region.name_vi.as_str()).or_default() += 1;
    }
    name_count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// Every page of every language (the 404 page comes last, added by the caller).
fn page_list(inputs: &Inputs, urls: &Urls, province_pages: &HashSet<RegionId>) -> Vec<PageSpec> {
    let (dataset, bulletins) = (inputs.dataset, inputs.bulletins);
    let mut pages = Vec::new();
    for &lang in &inputs.config.languages {
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
            let slug = &dataset.region(region).slug;
            add(PageKind::Province(region), urls.province(lang, slug));
        }
        add(PageKind::Indicators, urls.indicators(lang));
        for indicator in dataset.indicator_ids() {
            let id = &dataset.indicator(indicator).id;
            add(PageKind::Indicator(indicator), urls.indicator(lang, id));
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
    pages
}

/// Every page's charts, built once in parallel and registered by identity; views look them up
/// by id.
fn chart_plan(
    inputs: &Inputs,
    urls: &Urls,
    pages: &[PageSpec],
    headline: &[IndicatorId],
    same_data: Option<&Plan>,
    charts: &mut ChartRegistry,
) -> HashMap<String, PageCharts> {
    let built: Vec<(String, PageCharts, PlannedCharts)> = pages
        .par_iter()
        .filter_map(|page| {
            if let Some((output, ids, kept)) = same_data.and_then(|plan| plan.kept_charts(page)) {
                return Some((output, ids, PlannedCharts::Kept(kept)));
            }
            let builder = Charts {
                dataset: inputs.dataset,
                lang: page.lang,
                maps: inputs.maps,
                urls,
                strings: inputs
                    .strings
                    .get(&page.lang)
                    .unwrap_or_else(|| crate::input::i18n::builtin(page.lang)),
            };
            let (ids, list) = page_charts(&builder, page.kind, headline)?;
            Some((page.output.clone(), ids, PlannedCharts::Built(list)))
        })
        .collect();
    let mut page_charts = HashMap::new();
    for (output, ids, list) in built {
        match list {
            PlannedCharts::Built(list) => {
                for chart in list {
                    charts.add(chart);
                }
            }
            PlannedCharts::Kept(list) => {
                for (id, chart) in list {
                    charts.keep(&id, chart);
                }
            }
        }
        page_charts.insert(output, ids);
    }
    page_charts
}

/// A page's charts: built now, or shared with the plan before (same data, same charts).
enum PlannedCharts {
    Built(Vec<Chart>),
    Kept(SharedCharts),
}

/// Charts of an earlier plan with their ids, shared rather than copied.
type SharedCharts = Vec<(String, Arc<Chart>)>;

impl Plan {
    /// A page's charts as this plan has them, for a plan made from the same data.
    fn kept_charts(&self, page: &PageSpec) -> Option<(String, PageCharts, SharedCharts)> {
        let ids = self.page_charts.get(&page.output)?;
        let all = ids
            .figures
            .iter()
            .chain(&ids.map)
            .chain(ids.progress.iter().map(|(_, _, id)| id))
            .chain(ids.sparks.iter().map(|(_, id)| id));
        let list = all
            .map(|id| Some((id.clone(), self.charts.shared(id)?)))
            .collect::<Option<Vec<_>>>()?;
        Some((page.output.clone(), ids.clone(), list))
    }
}

/// The charts of one page, in the order the page shows them; `None` for pages without charts.
fn page_charts(
    builder: &Charts,
    kind: PageKind,
    headline: &[IndicatorId],
) -> Option<(PageCharts, Vec<Chart>)> {
    let mut list = Vec::new();
    let mut ids = PageCharts::default();
    let mut keep = |chart: Chart| {
        let id = chart.id();
        list.push(chart);
        id
    };
    match kind {
        PageKind::Province(region) => {
            let charts = builder.for_province(region);
            for c in charts.compositions.into_iter().chain(charts.trends) {
                ids.figures.push(keep(c));
            }
            for (indicator, period, c) in charts.progress {
                ids.progress.push((indicator, period, keep(c)));
            }
            for (indicator, c) in charts.sparks {
                ids.sparks.push((indicator, keep(c)));
            }
            ids.map = builder.locator_map(region, headline).map(&mut keep);
        }
        PageKind::Home => {
            ids.map = headline
                .iter()
                .find_map(|i| builder.map(*i, None, None))
                .map(&mut keep);
        }
        PageKind::Indicator(indicator) => {
            for c in builder.for_indicator(indicator) {
                ids.figures.push(keep(c));
            }
        }
        _ => return None,
    }
    Some((ids, list))
}

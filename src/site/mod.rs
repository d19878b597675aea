//! The model of the site: which pages exist, at which URLs, and what each one shows.
//! Views are plain serialisable structs handed to the templates; all formatting for the page's
//! language happens here, so templates only lay things out.

pub mod bulletins;
pub mod charts;
pub mod markdown;
mod plan;
mod reads;
pub mod shortcode;
pub mod urls;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::common::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::common::locale::{format_date, format_figure, format_period, Lang, Unit};
use crate::input::config::Config;
use crate::input::i18n::Strings;
use crate::model::facts::{assessment, progress, Change};
use crate::model::{Dataset, IndicatorId, Observation, RegionId, RegionKind, SourceId};
use bulletins::Bulletin;
use charts::{ChartRegistry, Placer};
use urls::Urls;

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

    /// The bulletin a page (by its file) was made from, to locate mistakes found in the page.
    pub fn source_file(&self, output: &str) -> Option<&std::path::Path> {
        let page = self.pages.iter().find(|p| p.output == output)?;
        match page.kind {
            PageKind::Bulletin(i) => Some(self.bulletins[i].source.file.as_path()),
            _ => None,
        }
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

    fn t(&self, lang: Lang, key: &'a str) -> &str {
        self.strings.get(&lang).map_or(key, |s| s.get(key))
    }

    fn chrome(&self, page: &PageSpec) -> Chrome<'_> {
        let lang = page.lang;
        let section = |kind: PageKind| match kind {
            PageKind::Home | PageKind::NotFound => 0,
            PageKind::Provinces | PageKind::Province(_) => 1,
            PageKind::Indicators | PageKind::Indicator(_) => 2,
            PageKind::Bulletins | PageKind::Bulletin(_) => 3,
        };
        let nav = [
            (1, "nav.provinces", self.urls.provinces(lang)),
            (2, "nav.indicators", self.urls.indicators(lang)),
            (3, "nav.bulletins", self.urls.bulletins(lang)),
        ]
        .into_iter()
        .map(|(s, key, url)| NavLink {
            label: self.t(lang, key).to_string(),
            url,
            current: section(page.kind) == s,
        })
        .collect();
        let languages = self
            .config
            .languages
            .iter()
            .filter_map(|&other| {
                let url = self.translation_url(page, other)?;
                Some(LangLink {
                    code: other.code(),
                    label: self.t(other, "language.name").to_string(),
                    url,
                    current: other == lang,
                })
            })
            .collect();
        Chrome {
            lang: lang.code(),
            site_title: self.config.title.get(lang),
            site_description: self.config.description.get(lang),
            organisation: self.config.organisation.name.get(lang),
            organisation_url: self.config.organisation.url.as_deref(),
            canonical_url: format!(
                "{}{}",
                self.config.base_url,
                page.url
                    .strip_prefix(self.urls.base_path())
                    .unwrap_or(&page.url)
            ),
            base_path: self.urls.base_path(),
            stylesheet: self.urls.asset("style.css"),
            home_url: self.urls.home(lang),
            nav,
            languages,
            t: &self.strings[&lang],
        }
    }

    /// The same page in another language, when it exists there.
    fn translation_url(&self, page: &PageSpec, lang: Lang) -> Option<String> {
        let dataset = self.dataset;
        Some(match page.kind {
            PageKind::Home | PageKind::NotFound => self.urls.home(lang),
            PageKind::Provinces => self.urls.provinces(lang),
            PageKind::Province(r) => self.urls.province(lang, &dataset.region(r).slug),
            PageKind::Indicators => self.urls.indicators(lang),
            PageKind::Indicator(i) => self.urls.indicator(lang, &dataset.indicator(i).id),
            PageKind::Bulletins => self.urls.bulletins(lang),
            PageKind::Bulletin(i) => {
                let bulletin = &self.bulletins[i];
                if bulletin.source.lang == lang {
                    self.urls.bulletin(lang, &bulletin.source.slug)
                } else {
                    let key = bulletin.source.front.translation.as_ref()?;
                    let other = self.bulletins.iter().find(|b| {
                        b.source.lang == lang && b.source.front.translation.as_ref() == Some(key)
                    })?;
                    self.urls.bulletin(lang, &other.source.slug)
                }
            }
        })
    }

    fn page_view(&self, page: &PageSpec) -> PageContent {
        let lang = page.lang;
        match page.kind {
            PageKind::Home => PageContent::Home(self.home(lang, self.charts_of(page))),
            PageKind::Provinces => PageContent::Provinces(self.provinces(lang)),
            PageKind::Province(r) => {
                PageContent::Province(Box::new(self.province(r, lang, self.charts_of(page))))
            }
            PageKind::Indicators => PageContent::Indicators(self.indicators(lang)),
            PageKind::Indicator(i) => {
                PageContent::Indicator(Box::new(self.indicator(i, lang, self.charts_of(page))))
            }
            PageKind::Bulletins => PageContent::Bulletins(BulletinsView {
                title: self.t(lang, "bulletins.title").to_string(),
                bulletins: self.bulletin_cards(lang, usize::MAX),
            }),
            PageKind::Bulletin(i) => PageContent::Bulletin(Box::new(self.bulletin(i, lang))),
            PageKind::NotFound => PageContent::NotFound(NotFoundView {
                title: self.t(lang, "notfound.title").to_string(),
                other_home: self
                    .config
                    .languages
                    .iter()
                    .filter(|l| **l != lang)
                    .map(|l| LangLink {
                        code: l.code(),
                        label: self.t(*l, "notfound.go_home").to_string(),
                        url: self.urls.home(*l),
                        current: false,
                    })
                    .collect(),
            }),
        }
    }

    // ----- shared pieces -----

    fn region_label(&self, region: RegionId, lang: Lang) -> String {
        let r = self.dataset.region(region);
        let name = r.name(lang);
        if !self.shared_names.contains(&r.name_vi) {
            return name.to_string();
        }
        match (r.valid_from, r.valid_until) {
            (_, Some(until)) => format!(
                "{name} ({} {})",
                self.t(lang, "region.until"),
                format_date(&until, lang)
            ),
            (Some(from), None) => format!(
                "{name} ({} {})",
                self.t(lang, "region.since"),
                format_date(&from, lang)
            ),
            _ => name.to_string(),
        }
    }

    /// A link showing the plain name, for places that show the region's dates beside it.
    fn region_link_plain(&self, region: RegionId, lang: Lang) -> RegionLink {
        RegionLink {
            name: self.dataset.region(region).name(lang).to_string(),
            ..self.region_link(region, lang)
        }
    }

    fn region_link(&self, region: RegionId, lang: Lang) -> RegionLink {
        RegionLink {
            name: self.region_label(region, lang),
            url: self
                .province_pages
                .contains(&region)
                .then(|| self.urls.province(lang, &self.dataset.region(region).slug)),
        }
    }

    fn indicator_link(&self, indicator: IndicatorId, lang: Lang) -> Link {
        Link {
            label: self.dataset.indicator(indicator).name(lang).to_string(),
            url: self
                .urls
                .indicator(lang, &self.dataset.indicator(indicator).id),
        }
    }

    fn cited_sources(&self, cites: Citations, lang: Lang) -> Vec<SourceView> {
        cites
            .order
            .into_inner()
            .into_iter()
            .map(|s| self.source_view(s, lang))
            .collect()
    }

    fn source_view(&self, source: SourceId, lang: Lang) -> SourceView {
        let s = self.dataset.source(source);
        SourceView {
            publication: s.publication.clone(),
            date: s.date.map(|d| format_date(&d, lang)),
            url: s.url.clone(),
        }
    }

    fn figure_view(&self, observation: &Observation, lang: Lang, cites: &Citations) -> FigureView {
        let unit = self.dataset.indicator(observation.indicator).unit;
        FigureView {
            cite: cites.cite(observation.source),
            text: format_figure(&observation.figure, unit, lang),
            value: observation.figure.value,
            period: format_period(&observation.period, lang),
            period_code: observation.period.to_string(),
            source: self.source_view(observation.source, lang),
            note: observation.note.get(lang).map(str::to_string),
        }
    }

    fn change_view(&self, observation: &Observation, lang: Lang) -> Option<ChangeView> {
        let previous = self.dataset.previous_comparable(observation)?;
        let indicator = self.dataset.indicator(observation.indicator);
        let change = Change::between(previous, observation, indicator.unit, false)?;
        let (text, direction) = change.describe(indicator.unit, lang);
        Some(ChangeView {
            text,
            direction: format!("{direction:?}").to_lowercase(),
            assessment: assessment(direction, indicator.higher_is_better),
            since: format_period(&previous.period, lang),
            previous: format_figure(&previous.figure, indicator.unit, lang),
        })
    }

    fn bulletin_card(&self, index: usize) -> BulletinCard {
        let b = &self.bulletins[index];
        let lang = b.source.lang;
        BulletinCard {
            title: b.source.front.title.clone(),
            url: self.urls.bulletin(lang, &b.source.slug),
            date: format_date(&b.source.date, lang),
            date_iso: b.source.date.to_string(),
            summary: b.source.front.summary.clone(),
            regions: b
                .regions
                .iter()
                .map(|r| self.region_link(*r, lang))
                .collect(),
            period: b.period.map(|p| format_period(&p, lang)),
        }
    }

    fn bulletin_cards(&self, lang: Lang, limit: usize) -> Vec<BulletinCard> {
        let mut indexes: Vec<usize> = (0..self.bulletins.len())
            .filter(|i| self.bulletins[*i].source.lang == lang)
            .collect();
        indexes.sort_by(|a, b| newest_first(&self.bulletins[*a], &self.bulletins[*b]));
        indexes
            .into_iter()
            .take(limit)
            .map(|i| self.bulletin_card(i))
            .collect()
    }

    /// Provinces (and the country) that have a page, sorted by name.
    fn regions_with_pages(&self, lang: Lang) -> Vec<RegionId> {
        let mut regions: Vec<RegionId> = self.province_pages.iter().copied().collect();
        regions.sort_by_cached_key(|r| {
            let region = self.dataset.region(*r);
            (
                region.kind != RegionKind::Country,
                crate::common::text::fold(region.name(lang)),
                region.valid_from,
            )
        });
        regions
    }

    // ----- pages -----

    fn home(&self, lang: Lang, charts: &PageCharts) -> HomeView {
        let cites = Citations::default();
        let headlines = self
            .headline
            .iter()
            .filter_map(|&indicator| {
                let latest = self.dataset.observations_of(indicator).max_by(|a, b| {
                    let country =
                        |o: &Observation| self.dataset.region(o.region).kind == RegionKind::Country;
                    (a.period, country(a), std::cmp::Reverse(a.region)).cmp(&(
                        b.period,
                        country(b),
                        std::cmp::Reverse(b.region),
                    ))
                })?;
                Some(HeadlineView {
                    indicator: self.indicator_link(indicator, lang),
                    region: self.region_link(latest.region, lang),
                    figure: self.figure_view(latest, lang, &cites),
                })
            })
            .collect();
        let embed = self.embedder(lang);
        let map = charts.map.as_ref().map(|id| embed.figure(id));
        HomeView {
            map,
            headlines,
            bulletins: self.bulletin_cards(lang, 6),
            regions: self
                .regions_with_pages(lang)
                .into_iter()
                .map(|r| self.region_link(r, lang))
                .collect(),
        }
    }

    fn provinces(&self, lang: Lang) -> ProvincesView {
        let cites = Citations::default();
        let columns: Vec<IndicatorId> = self.headline.to_vec();
        let rows = self
            .regions_with_pages(lang)
            .into_iter()
            .map(|region| ProvinceRow {
                region: self.region_link_plain(region, lang),
                status: self.region_status(region, lang),
                cells: columns
                    .iter()
                    .map(|&i| {
                        self.dataset
                            .latest(region, i)
                            .map(|o| self.figure_view(o, lang, &cites))
                    })
                    .collect(),
            })
            .collect();
        let list = |current: bool| {
            let mut ids: Vec<RegionId> = self
                .dataset
                .region_ids()
                .filter(|r| {
                    let region = self.dataset.region(*r);
                    region.kind == RegionKind::Province && region.is_current() == current
                })
                .collect();
            ids.sort_by_cached_key(|r| {
                crate::common::text::fold(self.dataset.region(*r).name(lang))
            });
            ids.into_iter()
                .map(|r| RegionListItem {
                    link: self.region_link_plain(r, lang),
                    code: self.dataset.region(r).code.clone(),
                    status: self.region_status(r, lang),
                })
                .collect()
        };
        ProvincesView {
            columns: columns
                .iter()
                .map(|i| self.indicator_link(*i, lang))
                .collect(),
            rows,
            sources: self.cited_sources(cites, lang),
            current: list(true),
            former: list(false),
        }
    }

    fn region_status(&self, region: RegionId, lang: Lang) -> Option<String> {
        let r = self.dataset.region(region);
        match (r.valid_from, r.valid_until) {
            (_, Some(until)) => Some(format!(
                "{} {}",
                self.t(lang, "region.until"),
                format_date(&until, lang)
            )),
            (Some(from), None) => Some(format!(
                "{} {}",
                self.t(lang, "region.since"),
                format_date(&from, lang)
            )),
            _ => None,
        }
    }

    fn province(&self, region: RegionId, lang: Lang, charts: &PageCharts) -> ProvinceView {
        let dataset = self.dataset;
        let r = dataset.region(region);
        let cites = Citations::default();
        let embed = self.embedder(lang);
        let sparks: BTreeMap<IndicatorId, String> = charts
            .sparks
            .iter()
            .map(|(i, id)| (*i, embed.spark(id)))
            .collect();
        let mut groups: Vec<GroupView> = Vec::new();
        for indicator in dataset.indicator_ids() {
            let Some(latest) = dataset.latest(region, indicator) else {
                continue;
            };
            let ind = dataset.indicator(indicator);
            let row = IndicatorRow {
                spark: sparks.get(&indicator).cloned(),
                indicator: self.indicator_link(indicator, lang),
                unit: self.t(lang, ind.unit.key()).to_string(),
                latest: self.figure_view(latest, lang, &cites),
                change: self.change_view(latest, lang),
                // The last twelve; the trend chart's table and CSV hold the whole series.
                history: dataset
                    .series(region, indicator)
                    .rev()
                    .skip(1)
                    .take(12)
                    .map(|o| self.figure_view(o, lang, &cites))
                    .collect(),
            };
            let group_name = self.t(lang, &ind.group.string_key()).to_string();
            match groups.iter_mut().find(|g| g.id == ind.group.id()) {
                Some(group) => group.rows.push(row),
                None => groups.push(GroupView {
                    id: ind.group.id().to_string(),
                    name: group_name,
                    rows: vec![row],
                }),
            }
        }
        groups.sort_by_key(|g| group_rank(&g.id));
        let targets = dataset
            .targets_of(region)
            .map(|target| {
                let ind = dataset.indicator(target.indicator);
                let p = progress(dataset, target);
                TargetView {
                    chart: charts
                        .progress
                        .iter()
                        .find(|(i, period, _)| *i == target.indicator && *period == target.period)
                        .map(|(_, _, id)| embed.figure(id)),
                    indicator: self.indicator_link(target.indicator, lang),
                    period: format_period(&target.period, lang),
                    target: target.target.map(|v| format_figure(&v, ind.unit, lang)),
                    actual: p
                        .and_then(|p| p.actual)
                        .map(|o| self.figure_view(o, lang, &cites)),
                    cite: cites.cite(target.source),
                    progress: p.map(|p| format_figure(&p.percent, Unit::Percent, lang)),
                    progress_value: p.map(|p| p.percent.value.clamp(0.0, 100.0)),
                    reported: p.is_some_and(|p| p.reported),
                    as_of: p.and_then(|p| p.as_of).map(|a| format_period(&a, lang)),
                    source: self.source_view(target.source, lang),
                    note: target.note.get(lang).map(str::to_string),
                }
            })
            .collect();
        let successor = r.successor.map(|s| {
            let next = dataset.region(s);
            let same_name = next.name_vi == r.name_vi;
            SuccessorView {
                // The date follows in the sentence, so the plain name reads best, unless the new
                // province has the old one's name ("merged into An Giang (from 1 July 2025)").
                region: if same_name {
                    self.region_link(s, lang)
                } else {
                    self.region_link_plain(s, lang)
                },
                // The label of a same-named successor already gives its date.
                date: next
                    .valid_from
                    .filter(|_| !same_name)
                    .map(|d| format_date(&d, lang)),
                renamed: next.predecessors.len() == 1,
            }
        });
        let locator = charts.map.as_ref().map(|id| embed.figure(id));
        let figures = charts.figures.iter().map(|id| embed.figure(id)).collect();
        ProvinceView {
            map: locator,
            charts: figures,
            name: r.name(lang).to_string(),
            label: self.region_label(region, lang),
            code: r.code.clone(),
            is_country: r.kind == RegionKind::Country,
            status: self.region_status(region, lang),
            successor,
            predecessors: r
                .predecessors
                .iter()
                .map(|p| self.region_link(*p, lang))
                .collect(),
            formed_on: r
                .valid_from
                .filter(|_| !r.predecessors.is_empty())
                .map(|d| format_date(&d, lang)),
            groups,
            targets,
            bulletins: self
                .bulletins_by_region
                .get(&region)
                .map(|list| {
                    list.iter()
                        .filter(|i| self.bulletins[**i].source.lang == lang)
                        .map(|i| self.bulletin_card(*i))
                        .collect()
                })
                .unwrap_or_default(),
            sources: self.cited_sources(cites, lang),
        }
    }

    fn indicators(&self, lang: Lang) -> IndicatorsView {
        let mut groups: Vec<IndicatorGroupView> = Vec::new();
        for indicator in self.dataset.indicator_ids() {
            let ind = self.dataset.indicator(indicator);
            let observations: Vec<&Observation> = self.dataset.observations_of(indicator).collect();
            let mut regions: Vec<RegionId> = observations.iter().map(|o| o.region).collect();
            regions.sort();
            regions.dedup();
            let item = IndicatorListItem {
                link: self.indicator_link(indicator, lang),
                unit: self.t(lang, ind.unit.key()).to_string(),
                definition: ind.definition(lang).to_string(),
                regions: regions.len(),
                latest_period: observations.last().map(|o| format_period(&o.period, lang)),
            };
            match groups.iter_mut().find(|g| g.id == ind.group.id()) {
                Some(group) => group.indicators.push(item),
                None => groups.push(IndicatorGroupView {
                    id: ind.group.id().to_string(),
                    name: self.t(lang, &ind.group.string_key()).to_string(),
                    indicators: vec![item],
                }),
            }
        }
        groups.sort_by_key(|g| group_rank(&g.id));
        IndicatorsView { groups }
    }

    fn indicator(&self, indicator: IndicatorId, lang: Lang, charts: &PageCharts) -> IndicatorView {
        let dataset = self.dataset;
        let ind = dataset.indicator(indicator);
        let cites = Citations::default();
        let observations: Vec<&Observation> = dataset
            .observations_of(indicator)
            .filter(|o| dataset.region(o.region).kind == RegionKind::Province)
            .collect();
        let descending = ind.higher_is_better != Some(false);
        let rank = |mut list: Vec<&'a Observation>| {
            list.sort_by(|a, b| {
                let order = a.figure.value.total_cmp(&b.figure.value);
                let order = if descending { order.reverse() } else { order };
                order.then_with(|| a.region.cmp(&b.region))
            });
            list
        };
        let ranking = observations.last().map(|latest| {
            let period = latest.period;
            let rows = rank(
                observations
                    .iter()
                    .copied()
                    .filter(|o| o.period == period)
                    .collect(),
            );
            RankingView {
                period: format_period(&period, lang),
                rows: rows
                    .iter()
                    .enumerate()
                    .map(|(i, o)| RankedRow {
                        rank: i + 1,
                        region: self.region_link(o.region, lang),
                        figure: self.figure_view(o, lang, &cites),
                    })
                    .collect(),
            }
        });
        let province = |o: &Observation| dataset.region(o.region).kind == RegionKind::Province;
        let latest = rank(dataset.latest_per_region(indicator, province))
            .into_iter()
            .enumerate()
            .map(|(i, o)| RankedRow {
                rank: i + 1,
                region: self.region_link(o.region, lang),
                figure: self.figure_view(o, lang, &cites),
            })
            .collect();
        let national = dataset
            .observations_of(indicator)
            .filter(|o| dataset.region(o.region).kind == RegionKind::Country)
            .map(|o| self.figure_view(o, lang, &cites))
            .collect();
        let embed = self.embedder(lang);
        IndicatorView {
            charts: charts.figures.iter().map(|id| embed.figure(id)).collect(),
            id: ind.id.clone(),
            name: ind.name(lang).to_string(),
            definition: ind.definition(lang).to_string(),
            unit: self.t(lang, ind.unit.key()).to_string(),
            group: self.t(lang, &ind.group.string_key()).to_string(),
            better: match ind.higher_is_better {
                Some(true) => Some(self.t(lang, "indicator.higher_better").to_string()),
                Some(false) => Some(self.t(lang, "indicator.lower_better").to_string()),
                None => None,
            },
            part_of: ind.part_of.map(|i| self.indicator_link(i, lang)),
            parts: ind
                .parts
                .iter()
                .map(|i| self.indicator_link(*i, lang))
                .collect(),
            numerator: ind.numerator.map(|i| self.indicator_link(i, lang)),
            denominator: ind.denominator.map(|i| self.indicator_link(i, lang)),
            ranking,
            latest,
            national,
            sources: self.cited_sources(cites, lang),
        }
    }

    fn bulletin(&self, index: usize, lang: Lang) -> BulletinView {
        let b = &self.bulletins[index];
        let translation = self
            .config
            .languages
            .iter()
            .filter(|l| **l != lang)
            .filter_map(|l| {
                let spec = PageSpec {
                    kind: PageKind::Bulletin(index),
                    lang,
                    url: String::new(),
                    output: String::new(),
                };
                let url = self.translation_url(&spec, *l)?;
                Some(LangLink {
                    code: l.code(),
                    label: self.t(*l, "bulletin.read_in").to_string(),
                    url,
                    current: false,
                })
            })
            .collect();
        BulletinView {
            card: self.bulletin_card(index),
            html: self.embedder(lang).bulletin_body(&b.html),
            tags: b.source.front.tags.clone(),
            sources: b.cited.iter().map(|s| self.source_view(*s, lang)).collect(),
            translation,
        }
    }
}

/// Groups appear in [`IndicatorGroup::ALL`]'s order, whatever the order of indicators.csv.
fn group_rank(id: &str) -> usize {
    crate::model::IndicatorGroup::parse(id).map_or(usize::MAX, |g| g as usize)
}

fn newest_first(a: &Bulletin, b: &Bulletin) -> std::cmp::Ordering {
    b.source
        .date
        .cmp(&a.source.date)
        .then_with(|| a.source.slug.cmp(&b.source.slug))
}

/// The indicators shown first on the home and province-list pages: the configured ones,
/// or else the four with the most figures.
fn headline_indicators(
    config: &Config,
    dataset: &Dataset,
    diagnostics: &mut Diagnostics,
) -> Vec<IndicatorId> {
    if !config.headline_indicators.is_empty() {
        return config
            .headline_indicators
            .iter()
            .filter_map(|id| {
                let found = dataset.indicator_by_id(id);
                if found.is_none() {
                    diagnostics.push(
                        Diagnostic::error(format!("`{id}` is not an indicator"))
                            .at(Location::file(crate::input::config::CONFIG_FILE)
                                .with_label("key `headline_indicators`"))
                            .did_you_mean(id, dataset.indicators.iter().map(|i| i.id.as_str())),
                    );
                }
                found
            })
            .collect();
    }
    let mut counted: Vec<(usize, IndicatorId)> = dataset
        .indicator_ids()
        .map(|i| (dataset.observations_of(i).count(), i))
        .filter(|(n, _)| *n > 0)
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    counted.into_iter().take(4).map(|(_, i)| i).collect()
}

/// Numbers the sources a page cites, in order of first citation.
#[derive(Default)]
struct Citations {
    order: std::cell::RefCell<Vec<SourceId>>,
}

impl Citations {
    fn cite(&self, source: SourceId) -> usize {
        let mut order = self.order.borrow_mut();
        match order.iter().position(|s| *s == source) {
            Some(i) => i + 1,
            None => {
                order.push(source);
                order.len()
            }
        }
    }
}

// ----- views -----

#[derive(Serialize)]
struct PageView<'a> {
    site: Chrome<'a>,
    page: PageContent,
}

#[derive(Serialize)]
struct Chrome<'a> {
    lang: &'static str,
    site_title: &'a str,
    site_description: &'a str,
    organisation: &'a str,
    organisation_url: Option<&'a str>,
    canonical_url: String,
    base_path: &'a str,
    stylesheet: String,
    home_url: String,
    nav: Vec<NavLink>,
    languages: Vec<LangLink>,
    t: &'a Strings,
}

#[derive(Serialize)]
#[serde(untagged)]
enum PageContent {
    Home(HomeView),
    Provinces(ProvincesView),
    Province(Box<ProvinceView>),
    Indicators(IndicatorsView),
    Indicator(Box<IndicatorView>),
    Bulletins(BulletinsView),
    Bulletin(Box<BulletinView>),
    NotFound(NotFoundView),
}

#[derive(Serialize)]
struct NavLink {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct LangLink {
    code: &'static str,
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Link {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct RegionLink {
    name: String,
    /// Only regions with a page are linked.
    url: Option<String>,
}

#[derive(Serialize)]
struct SourceView {
    publication: String,
    date: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct FigureView {
    /// Number of the source in the page's list of sources.
    cite: usize,
    text: String,
    value: f64,
    period: String,
    period_code: String,
    source: SourceView,
    note: Option<String>,
}

#[derive(Serialize)]
struct ChangeView {
    text: String,
    direction: String,
    assessment: &'static str,
    since: String,
    previous: String,
}

#[derive(Serialize)]
struct BulletinCard {
    title: String,
    url: String,
    date: String,
    date_iso: String,
    summary: Option<String>,
    regions: Vec<RegionLink>,
    period: Option<String>,
}

#[derive(Serialize)]
struct HeadlineView {
    indicator: Link,
    region: RegionLink,
    figure: FigureView,
}

#[derive(Serialize)]
struct HomeView {
    /// Map of the first headline indicator with provincial figures.
    map: Option<String>,
    headlines: Vec<HeadlineView>,
    bulletins: Vec<BulletinCard>,
    regions: Vec<RegionLink>,
}

#[derive(Serialize)]
struct ProvinceRow {
    region: RegionLink,
    status: Option<String>,
    cells: Vec<Option<FigureView>>,
}

#[derive(Serialize)]
struct RegionListItem {
    link: RegionLink,
    code: String,
    status: Option<String>,
}

#[derive(Serialize)]
struct ProvincesView {
    columns: Vec<Link>,
    rows: Vec<ProvinceRow>,
    sources: Vec<SourceView>,
    current: Vec<RegionListItem>,
    former: Vec<RegionListItem>,
}

#[derive(Serialize)]
struct IndicatorRow {
    /// Inline SVG of the trend, when there are two or more comparable figures.
    spark: Option<String>,
    indicator: Link,
    unit: String,
    latest: FigureView,
    change: Option<ChangeView>,
    /// Earlier figures, newest first.
    history: Vec<FigureView>,
}

#[derive(Serialize)]
struct GroupView {
    id: String,
    name: String,
    rows: Vec<IndicatorRow>,
}

#[derive(Serialize)]
struct TargetView {
    /// Figure with the progress chart.
    chart: Option<String>,
    cite: usize,
    indicator: Link,
    period: String,
    target: Option<String>,
    actual: Option<FigureView>,
    progress: Option<String>,
    progress_value: Option<f64>,
    reported: bool,
    as_of: Option<String>,
    source: SourceView,
    note: Option<String>,
}

#[derive(Serialize)]
struct SuccessorView {
    region: RegionLink,
    date: Option<String>,
    renamed: bool,
}

#[derive(Serialize)]
struct ProvinceView {
    /// Map of a headline indicator with this province outlined.
    map: Option<String>,
    /// Figures with charts (composition, trends), as HTML.
    charts: Vec<String>,
    name: String,
    label: String,
    code: String,
    is_country: bool,
    status: Option<String>,
    successor: Option<SuccessorView>,
    predecessors: Vec<RegionLink>,
    formed_on: Option<String>,
    groups: Vec<GroupView>,
    targets: Vec<TargetView>,
    bulletins: Vec<BulletinCard>,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct IndicatorListItem {
    link: Link,
    unit: String,
    definition: String,
    regions: usize,
    latest_period: Option<String>,
}

#[derive(Serialize)]
struct IndicatorGroupView {
    id: String,
    name: String,
    indicators: Vec<IndicatorListItem>,
}

#[derive(Serialize)]
struct IndicatorsView {
    groups: Vec<IndicatorGroupView>,
}

#[derive(Serialize)]
struct RankedRow {
    rank: usize,
    region: RegionLink,
    figure: FigureView,
}

#[derive(Serialize)]
struct RankingView {
    period: String,
    rows: Vec<RankedRow>,
}

#[derive(Serialize)]
struct IndicatorView {
    charts: Vec<String>,
    id: String,
    name: String,
    definition: String,
    unit: String,
    group: String,
    better: Option<String>,
    part_of: Option<Link>,
    parts: Vec<Link>,
    numerator: Option<Link>,
    denominator: Option<Link>,
    ranking: Option<RankingView>,
    latest: Vec<RankedRow>,
    national: Vec<FigureView>,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct BulletinsView {
    title: String,
    bulletins: Vec<BulletinCard>,
}

#[derive(Serialize)]
struct BulletinView {
    card: BulletinCard,
    html: String,
    tags: Vec<String>,
    sources: Vec<SourceView>,
    translation: Vec<LangLink>,
}

#[derive(Serialize)]
struct NotFoundView {
    title: String,
    other_home: Vec<LangLink>,
}

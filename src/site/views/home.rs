//! The home page: headline figures, a map, the newest bulletins, the regions.

use serde::Serialize;

use super::bulletins::BulletinCard;
use super::shared::{Citations, FigureView, Link, RegionLink};
use crate::common::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::common::locale::Lang;
use crate::common::messages::msg;
use crate::input::config::Config;
use crate::model::{Dataset, IndicatorId, Observation, RegionKind};
use crate::site::{PageCharts, Site};

#[derive(Serialize)]
struct HeadlineView {
    indicator: Link,
    region: RegionLink,
    figure: FigureView,
}

#[derive(Serialize)]
pub(in crate::site) struct HomeView {
    /// Map of the first headline indicator with provincial figures.
    map: Option<String>,
    headlines: Vec<HeadlineView>,
    bulletins: Vec<BulletinCard>,
    regions: Vec<RegionLink>,
}

/// The indicators shown first on the home and province-list pages: the configured ones,
/// or else the four with the most figures.
pub(in crate::site) fn headline_indicators(
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
                        Diagnostic::error(msg!("site.indicator.unknown", id = id))
                            .at(Location::file(crate::input::config::CONFIG_FILE)
                                .with_label(msg!("common.label.key", key = "headline_indicators")))
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

impl Site<'_> {
    pub(super) fn home(&self, lang: Lang, charts: &PageCharts) -> HomeView {
        let cites = Citations::default();
        let headlines = self
            .headline
            .iter()
            .filter_map(|&indicator| {
                let latest = self.headline_figure(indicator)?;
                Some(HeadlineView {
                    indicator: self.indicator_link(indicator, lang),
                    region: self.region_link(latest.region, lang),
                    figure: self.figure_view(latest, lang, &cites),
                })
            })
            .collect();
        let embed = self.placer();
        let map = charts.map.as_ref().map(|id| embed.figure(id));
        HomeView {
            map,
            headlines,
            bulletins: self.bulletin_cards(lang, 6),
            regions: self.region_links(&self.regions_with_pages(lang), lang),
        }
    }

    /// The newest figure of an indicator: the country's when it has one for that period,
    /// else the first region's.
    fn headline_figure(&self, indicator: IndicatorId) -> Option<&Observation> {
        let country = |o: &Observation| self.dataset.region(o.region).kind == RegionKind::Country;
        self.dataset.observations_of(indicator).max_by(|a, b| {
            (a.period, country(a), std::cmp::Reverse(a.region)).cmp(&(
                b.period,
                country(b),
                std::cmp::Reverse(b.region),
            ))
        })
    }
}

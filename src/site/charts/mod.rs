//! What to chart, and the words around each chart: title, one-sentence description, data table
//! and source line, in the page's language. Charts are registered once per build by identity
//! and drawn in parallel; pages then embed the drawings.
//!
//! - `spec`: what a chart shows, for the draw stage;
//! - `registry`: the charts of a build by identity, so each is drawn once;
//! - `place`: the markers views leave where a chart goes;
//! - `selection` and `by_province`: which data each chart shows;
//! - `wording`: the sentences, from the interface-string tables (`chart.*` keys);

mod by_province;
pub mod place;
pub mod registry;
mod selection;
pub mod spec;
mod wording;

use crate::common::locale::Lang;
use crate::common::period::Period;
use crate::input::i18n::Strings;
use crate::model::maps::MapLayers;
use crate::model::{Dataset, IndicatorId, RegionId, RegionKind};
use crate::site::charts::spec::Chart;
use crate::site::urls::Urls;

pub use place::{Placer, MARKER_CLOSE, MARKER_OPEN};
pub use registry::ChartRegistry;
use wording::Wording;

/// Builds charts from the data, in one language.
pub struct Charts<'a> {
    pub dataset: &'a Dataset,
    pub lang: Lang,
    pub maps: &'a MapLayers,
    pub urls: &'a Urls,
    /// The interface strings of `lang`, the chart sentences among them.
    pub strings: &'a Strings,
}

impl<'a> Charts<'a> {
    fn words(&self) -> Wording<'a> {
        Wording::new(self.strings, self.lang)
    }

    fn region_name(&self, region: RegionId) -> &'a str {
        self.dataset.region(region).name(self.lang)
    }

    /// The map of the first headline indicator the region has figures for, with the region outlined.
    pub fn locator_map(&self, region: RegionId, headline: &[IndicatorId]) -> Option<Chart> {
        let indicator = headline
            .iter()
            .find(|i| self.dataset.latest(region, **i).is_some())?;
        self.map(*indicator, None, Some(region))
    }

    /// The charts of a province page: composition of totals, trends, then progress to targets.
    pub fn for_province(&self, region: RegionId) -> ProvinceCharts {
        let dataset = self.dataset;
        let mut trends = Vec::new();
        let mut compositions = Vec::new();
        for indicator in dataset.indicator_ids() {
            if let Some(chart) = self.trend(&[region], indicator, None) {
                trends.push(chart);
            }
            if !dataset.indicator(indicator).parts.is_empty() {
                if let Some(chart) = self.composition(region, indicator, None) {
                    compositions.push(chart);
                }
            }
        }
        let progress = dataset
            .targets_of(region)
            .filter_map(|t| self.progress(t).map(|c| (t.indicator, t.period, c)))
            .collect();
        let sparks = dataset
            .indicator_ids()
            .filter_map(|i| self.spark(region, i).map(|c| (i, c)))
            .collect();
        ProvinceCharts {
            trends,
            compositions,
            progress,
            sparks,
        }
    }

    /// The charts of an indicator page: the ranking and, when the country has figures, its trend.
    pub fn for_indicator(&self, indicator: IndicatorId) -> Vec<Chart> {
        let mut list = Vec::new();
        let provinces_with_data = self
            .dataset
            .observations_of(indicator)
            .any(|o| self.dataset.region(o.region).kind == RegionKind::Province);
        if provinces_with_data {
            list.extend(self.ranking(indicator, None, None));
            list.extend(self.map(indicator, None, None));
        }
        let country = self
            .dataset
            .region_ids()
            .find(|r| self.dataset.region(*r).kind == RegionKind::Country);
        if let Some(country) = country {
            list.extend(self.trend(&[country], indicator, None));
        }
        list
    }
}

/// A province page's charts, in the order they appear.
pub struct ProvinceCharts {
    pub trends: Vec<Chart>,
    pub compositions: Vec<Chart>,
    pub progress: Vec<(IndicatorId, Period, Chart)>,
    pub sparks: Vec<(IndicatorId, Chart)>,
}

//! An indicator's page: its definition, the provinces ranked, the national series.

use serde::Serialize;

use super::shared::{placed_figures, Citations, FigureView, Link, RegionLink, SourceView};
use crate::common::locale::{format_period, Lang};
use crate::model::{Indicator, IndicatorId, Observation, RegionKind};
use crate::site::{PageCharts, Site};

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
pub(in crate::site) struct IndicatorView {
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

/// Sorts figures best first (highest, unless lower is better); the region breaks ties.
fn best_first(list: &mut [&Observation], higher_is_better: Option<bool>) {
    let descending = higher_is_better != Some(false);
    list.sort_by(|a, b| {
        let order = a.figure.value.total_cmp(&b.figure.value);
        let order = if descending { order.reverse() } else { order };
        order.then_with(|| a.region.cmp(&b.region))
    });
}

impl Site<'_> {
    pub(super) fn indicator(
        &self,
        indicator: IndicatorId,
        lang: Lang,
        charts: &PageCharts,
    ) -> IndicatorView {
        let dataset = self.dataset;
        let ind = dataset.indicator(indicator);
        let cites = Citations::default();
        let ranking = self.latest_period_ranking(indicator, lang, &cites);
        let is_province = |o: &Observation| dataset.region(o.region).kind == RegionKind::Province;
        let latest = self.ranked_rows(
            ind,
            dataset.latest_per_region(indicator, is_province),
            lang,
            &cites,
        );
        let national = dataset
            .observations_of(indicator)
            .filter(|o| dataset.region(o.region).kind == RegionKind::Country)
            .map(|o| self.figure_view(o, lang, &cites))
            .collect();
        let embed = self.placer();
        IndicatorView {
            charts: placed_figures(&charts.figures, &embed),
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
            parts: self.indicator_links(&ind.parts, lang),
            numerator: ind.numerator.map(|i| self.indicator_link(i, lang)),
            denominator: ind.denominator.map(|i| self.indicator_link(i, lang)),
            ranking,
            latest,
            national,
            sources: self.cited_sources(cites, lang),
        }
    }

    /// The provinces ranked by their figures for the newest period of the indicator.
    fn latest_period_ranking(
        &self,
        indicator: IndicatorId,
        lang: Lang,
        cites: &Citations,
    ) -> Option<RankingView> {
        let dataset = self.dataset;
        let observations: Vec<&Observation> = dataset
            .observations_of(indicator)
            .filter(|o| dataset.region(o.region).kind == RegionKind::Province)
            .collect();
        let period = observations.last()?.period;
        let of_period = observations
            .iter()
            .copied()
            .filter(|o| o.period == period)
            .collect();
        Some(RankingView {
            period: format_period(&period, lang),
            rows: self.ranked_rows(dataset.indicator(indicator), of_period, lang, cites),
        })
    }

    /// Rows of figures, best first, numbered from 1.
    fn ranked_rows(
        &self,
        indicator: &Indicator,
        mut figures: Vec<&Observation>,
        lang: Lang,
        cites: &Citations,
    ) -> Vec<RankedRow> {
        best_first(&mut figures, indicator.higher_is_better);
        figures
            .iter()
            .enumerate()
            .map(|(i, o)| RankedRow {
                rank: i + 1,
                region: self.region_link(o.region, lang),
                figure: self.figure_view(o, lang, cites),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::Location;
    use crate::common::figure::parse_figure;
    use crate::common::period::Period;
    use crate::model::{RegionId, SourceId};

    fn obs(region: u32, cell: &str) -> Observation {
        Observation {
            region: RegionId(region),
            indicator: IndicatorId(0),
            period: Period::parse("2024").unwrap(),
            figure: parse_figure(cell).unwrap(),
            source: SourceId(0),
            note: Default::default(),
            origin: Location::file("x.csv"),
        }
    }

    fn regions(list: &[&Observation]) -> Vec<u32> {
        list.iter().map(|o| o.region.0).collect()
    }

    #[test]
    fn highest_first_unless_lower_is_better() {
        let (a, b, c) = (obs(1, "5"), obs(2, "9"), obs(3, "7"));
        for higher_is_better in [Some(true), None] {
            let mut list = vec![&a, &b, &c];
            best_first(&mut list, higher_is_better);
            assert_eq!(regions(&list), [2, 3, 1]);
        }
        let mut list = vec![&a, &b, &c];
        best_first(&mut list, Some(false));
        assert_eq!(regions(&list), [1, 3, 2]);
    }

    #[test]
    fn equal_figures_rank_by_region() {
        let (a, b, c) = (obs(4, "5"), obs(2, "5"), obs(3, "5"));
        for higher_is_better in [Some(true), Some(false)] {
            let mut list = vec![&a, &b, &c];
            best_first(&mut list, higher_is_better);
            assert_eq!(regions(&list), [2, 3, 4]);
        }
    }
}

//! The indicator list, by group.

use serde::Serialize;

use super::shared::{in_group_order, Link};
use crate::common::locale::{format_period, Lang};
use crate::model::{IndicatorId, Observation, RegionId};
use crate::site::Site;

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
pub(in crate::site) struct IndicatorsView {
    groups: Vec<IndicatorGroupView>,
}

impl Site<'_> {
    pub(super) fn indicators(&self, lang: Lang) -> IndicatorsView {
        let items = self.dataset.indicator_ids().map(|indicator| {
            let group = self.dataset.indicator(indicator).group;
            (group, self.indicator_item(indicator, lang))
        });
        let groups = in_group_order(items)
            .into_iter()
            .map(|(group, indicators)| IndicatorGroupView {
                id: group.id().to_string(),
                name: self.t(lang, &group.string_key()).to_string(),
                indicators,
            })
            .collect();
        IndicatorsView { groups }
    }

    fn indicator_item(&self, indicator: IndicatorId, lang: Lang) -> IndicatorListItem {
        let ind = self.dataset.indicator(indicator);
        let observations: Vec<&Observation> = self.dataset.observations_of(indicator).collect();
        let mut regions: Vec<RegionId> = observations.iter().map(|o| o.region).collect();
        regions.sort();
        regions.dedup();
        IndicatorListItem {
            link: self.indicator_link(indicator, lang),
            unit: self.t(lang, ind.unit.key()).to_string(),
            definition: ind.definition(lang).to_string(),
            regions: regions.len(),
            latest_period: observations.last().map(|o| format_period(&o.period, lang)),
        }
    }
}

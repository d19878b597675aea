//! Pieces several pages show: links to regions and indicators, figures with their citations,
//! changes, sources.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::common::locale::{format_date, format_figure, format_period, Lang};
use crate::model::facts::{assessment, Change};
use crate::model::{IndicatorGroup, IndicatorId, Observation, RegionId, RegionKind, SourceId};
use crate::site::charts::Placer;
use crate::site::Site;

#[derive(Serialize)]
pub(super) struct Link {
    label: String,
    url: String,
}

#[derive(Serialize)]
pub(super) struct RegionLink {
    name: String,
    /// Only regions with a page are linked.
    url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct SourceView {
    publication: String,
    date: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct FigureView {
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
pub(super) struct ChangeView {
    text: String,
    direction: String,
    assessment: &'static str,
    since: String,
    previous: String,
}

/// Numbers the sources a page cites, in order of first citation.
#[derive(Default)]
pub(super) struct Citations {
    order: RefCell<Vec<SourceId>>,
}

impl Citations {
    pub(super) fn cite(&self, source: SourceId) -> usize {
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

/// Items gathered by indicator group, the groups in [`IndicatorGroup::ALL`]'s order whatever
/// the order of the items (that is, of indicators.csv); items keep their order within a group.
pub(super) fn in_group_order<T>(
    items: impl IntoIterator<Item = (IndicatorGroup, T)>,
) -> Vec<(IndicatorGroup, Vec<T>)> {
    let mut groups: BTreeMap<IndicatorGroup, Vec<T>> = BTreeMap::new();
    for (group, item) in items {
        groups.entry(group).or_default().push(item);
    }
    groups.into_iter().collect()
}

/// Figure charts (compositions, trends), placed in order.
pub(super) fn placed_figures(ids: &[String], embed: &Placer) -> Vec<String> {
    ids.iter().map(|id| embed.figure(id)).collect()
}

impl<'a> Site<'a> {
    /// The interface string `key` in `lang`.
    pub(super) fn t(&self, lang: Lang, key: &'a str) -> &str {
        self.strings.get(&lang).map_or(key, |s| s.get(key))
    }

    /// When a region existed, for regions that did not always: "until 30 June 2025".
    pub(super) fn region_status(&self, region: RegionId, lang: Lang) -> Option<String> {
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

    /// The region's name, with its dates when another region had the same name.
    pub(super) fn region_label(&self, region: RegionId, lang: Lang) -> String {
        let r = self.dataset.region(region);
        let name = r.name(lang);
        if !self.shared_names.contains(&r.name_vi) {
            return name.to_string();
        }
        match self.region_status(region, lang) {
            Some(status) => format!("{name} ({status})"),
            None => name.to_string(),
        }
    }

    /// A link showing the plain name, for places that show the region's dates beside it.
    pub(super) fn region_link_plain(&self, region: RegionId, lang: Lang) -> RegionLink {
        RegionLink {
            name: self.dataset.region(region).name(lang).to_string(),
            ..self.region_link(region, lang)
        }
    }

    pub(super) fn region_link(&self, region: RegionId, lang: Lang) -> RegionLink {
        RegionLink {
            name: self.region_label(region, lang),
            url: self
                .province_pages
                .contains(&region)
                .then(|| self.urls.province(lang, &self.dataset.region(region).slug)),
        }
    }

    pub(super) fn region_links(&self, regions: &[RegionId], lang: Lang) -> Vec<RegionLink> {
        regions.iter().map(|r| self.region_link(*r, lang)).collect()
    }

    pub(super) fn indicator_link(&self, indicator: IndicatorId, lang: Lang) -> Link {
        Link {
            label: self.dataset.indicator(indicator).name(lang).to_string(),
            url: self
                .urls
                .indicator(lang, &self.dataset.indicator(indicator).id),
        }
    }

    pub(super) fn indicator_links(&self, indicators: &[IndicatorId], lang: Lang) -> Vec<Link> {
        indicators
            .iter()
            .map(|i| self.indicator_link(*i, lang))
            .collect()
    }

    /// The sources a page cited, numbered as they were cited.
    pub(super) fn cited_sources(&self, cites: Citations, lang: Lang) -> Vec<SourceView> {
        cites
            .order
            .into_inner()
            .into_iter()
            .map(|s| self.source_view(s, lang))
            .collect()
    }

    pub(super) fn source_view(&self, source: SourceId, lang: Lang) -> SourceView {
        let s = self.dataset.source(source);
        SourceView {
            publication: s.publication.clone(),
            date: s.date.map(|d| format_date(&d, lang)),
            url: s.url.clone(),
        }
    }

    pub(super) fn figure_view(
        &self,
        observation: &Observation,
        lang: Lang,
        cites: &Citations,
    ) -> FigureView {
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

    /// The change since the previous comparable figure, when there is one.
    pub(super) fn change_view(&self, observation: &Observation, lang: Lang) -> Option<ChangeView> {
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

    /// Provinces (and the country) that have a page, sorted by name.
    pub(super) fn regions_with_pages(&self, lang: Lang) -> Vec<RegionId> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_follow_the_page_order_and_items_keep_theirs() {
        let items = [
            (IndicatorGroup::Context, "population"),
            (IndicatorGroup::SocialInsurance, "si_participants"),
            (IndicatorGroup::Context, "gdp"),
            (IndicatorGroup::HealthInsurance, "hi_coverage"),
            (IndicatorGroup::SocialInsurance, "si_coverage"),
        ];
        assert_eq!(
            in_group_order(items),
            vec![
                (
                    IndicatorGroup::SocialInsurance,
                    vec!["si_participants", "si_coverage"]
                ),
                (IndicatorGroup::HealthInsurance, vec!["hi_coverage"]),
                (IndicatorGroup::Context, vec!["population", "gdp"]),
            ]
        );
    }

    #[test]
    fn no_items_no_groups() {
        assert!(in_group_order(Vec::<(IndicatorGroup, ())>::new()).is_empty());
    }
}

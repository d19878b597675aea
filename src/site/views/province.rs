//! A province's (or the country's) page: its figures by group, its targets, its history, the
//! bulletins about it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::bulletins::BulletinCard;
use super::shared::{
    in_group_order, placed_figures, ChangeView, Citations, FigureView, Link, RegionLink, SourceView,
};
use crate::common::locale::{format_date, format_figure, format_period, Lang, Unit};
use crate::model::facts::progress;
use crate::model::{IndicatorId, RegionId, RegionKind, Target};
use crate::site::charts::Placer;
use crate::site::{PageCharts, Site};

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
pub(in crate::site) struct ProvinceView {
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

/// What every part of one province page shares: sources are numbered, and charts placed, in
/// the order the parts are built.
struct PageParts<'p> {
    region: RegionId,
    lang: Lang,
    charts: &'p PageCharts,
    embed: Placer,
    cites: Citations,
}

impl Site<'_> {
    pub(super) fn province(
        &self,
        region: RegionId,
        lang: Lang,
        charts: &PageCharts,
    ) -> ProvinceView {
        let r = self.dataset.region(region);
        let parts = PageParts {
            region,
            lang,
            charts,
            embed: self.placer(),
            cites: Citations::default(),
        };
        let groups = self.indicator_groups(&parts);
        let targets = self.targets(&parts);
        let successor = self.successor(region, lang);
        let map = charts.map.as_ref().map(|id| parts.embed.figure(id));
        ProvinceView {
            map,
            charts: placed_figures(&charts.figures, &parts.embed),
            name: r.name(lang).to_string(),
            label: self.region_label(region, lang),
            code: r.code.clone(),
            is_country: r.kind == RegionKind::Country,
            status: self.region_status(region, lang),
            successor,
            predecessors: self.region_links(&r.predecessors, lang),
            formed_on: r
                .valid_from
                .filter(|_| !r.predecessors.is_empty())
                .map(|d| format_date(&d, lang)),
            groups,
            targets,
            bulletins: self.region_bulletins(region, lang),
            sources: self.cited_sources(parts.cites, lang),
        }
    }

    /// A row per indicator with a figure for the region, by group.
    fn indicator_groups(&self, parts: &PageParts) -> Vec<GroupView> {
        let sparks: BTreeMap<IndicatorId, String> = parts
            .charts
            .sparks
            .iter()
            .map(|(i, id)| (*i, parts.embed.spark(id)))
            .collect();
        let rows = self.dataset.indicator_ids().filter_map(|indicator| {
            let row = self.indicator_row(indicator, sparks.get(&indicator).cloned(), parts)?;
            Some((self.dataset.indicator(indicator).group, row))
        });
        in_group_order(rows)
            .into_iter()
            .map(|(group, rows)| GroupView {
                id: group.id().to_string(),
                name: self.t(parts.lang, &group.string_key()).to_string(),
                rows,
            })
            .collect()
    }

    fn indicator_row(
        &self,
        indicator: IndicatorId,
        spark: Option<String>,
        parts: &PageParts,
    ) -> Option<IndicatorRow> {
        let (dataset, lang, cites) = (self.dataset, parts.lang, &parts.cites);
        let latest = dataset.latest(parts.region, indicator)?;
        Some(IndicatorRow {
            spark,
            indicator: self.indicator_link(indicator, lang),
            unit: self
                .t(lang, dataset.indicator(indicator).unit.key())
                .to_string(),
            latest: self.figure_view(latest, lang, cites),
            change: self.change_view(latest, lang),
            // The last twelve; the trend chart's table and CSV hold the whole series.
            history: dataset
                .series(parts.region, indicator)
                .rev()
                .skip(1)
                .take(12)
                .map(|o| self.figure_view(o, lang, cites))
                .collect(),
        })
    }

    fn targets(&self, parts: &PageParts) -> Vec<TargetView> {
        self.dataset
            .targets_of(parts.region)
            .map(|target| self.target_view(target, parts))
            .collect()
    }

    fn target_view(&self, target: &Target, parts: &PageParts) -> TargetView {
        let (lang, cites) = (parts.lang, &parts.cites);
        let unit = self.dataset.indicator(target.indicator).unit;
        let p = progress(self.dataset, target);
        TargetView {
            chart: parts
                .charts
                .progress
                .iter()
                .find(|(i, period, _)| *i == target.indicator && *period == target.period)
                .map(|(_, _, id)| parts.embed.figure(id)),
            indicator: self.indicator_link(target.indicator, lang),
            period: format_period(&target.period, lang),
            target: target.target.map(|v| format_figure(&v, unit, lang)),
            actual: p
                .and_then(|p| p.actual)
                .map(|o| self.figure_view(o, lang, cites)),
            cite: cites.cite(target.source),
            progress: p.map(|p| format_figure(&p.percent, Unit::Percent, lang)),
            progress_value: p.map(|p| p.percent.value.clamp(0.0, 100.0)),
            reported: p.is_some_and(|p| p.reported),
            as_of: p.and_then(|p| p.as_of).map(|a| format_period(&a, lang)),
            source: self.source_view(target.source, lang),
            note: target.note.get(lang).map(str::to_string),
        }
    }

    /// The province that took this one over, for a former province.
    fn successor(&self, region: RegionId, lang: Lang) -> Option<SuccessorView> {
        let r = self.dataset.region(region);
        r.successor.map(|s| {
            let next = self.dataset.region(s);
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
        })
    }
}

//! Charts with one figure per province: the ranking and the map. Both rank the latest figures
//! the same way and share their title, highest/lowest sentence, source line and table.

use std::collections::BTreeMap;

use super::spec::{Bar, Body, Chart, DataTable, Emphasis, Geometry, MapArea};
use crate::common::figure::Figure;
use crate::common::locale::Unit;
use crate::common::period::{Date, Period};
use crate::model::maps::MAP_WIDTH;
use crate::model::{Indicator, IndicatorId, Observation, RegionId, RegionKind};

use super::wording::Extremes;
use super::Charts;

/// Places drawn on a map (region, tile label, shape), its extent and its boundaries' credit.
type Places = (
    Vec<(RegionId, String, Geometry)>,
    (f64, f64),
    Option<String>,
);

/// The words of a by-province chart.
struct ByProvince {
    title: String,
    description: String,
    source: String,
    table: DataTable,
}

/// Latest figures highest first (lowest first when not `descending`), ties in region order.
fn rank(mut list: Vec<&Observation>, descending: bool) -> Vec<&Observation> {
    list.sort_by(|a, b| {
        let order = b.figure.value.total_cmp(&a.figure.value);
        let order = if descending { order } else { order.reverse() };
        order.then(a.region.cmp(&b.region))
    });
    list
}

/// Whether the figures are from different periods.
fn mixed(list: &[&Observation]) -> bool {
    list.iter().any(|o| o.period != list[0].period)
}

impl<'a> Charts<'a> {
    /// Title, description, source and table of a ranked list of latest figures. `reversed` when
    /// the list runs from the lowest figure to the highest.
    fn by_province(
        &self,
        ind: &Indicator,
        ranked: &[&Observation],
        reversed: bool,
        (kind, period): (Extremes, Option<Period>),
    ) -> ByProvince {
        let words = self.words();
        let name = ind.name(self.lang);
        let description = words.extremes(kind, self.dataset, (name, ind.unit), ranked, reversed);
        // One period for all: name it; periods that differ are given per province.
        let title = words.by_province_title(
            name,
            ind.unit,
            period.or((!mixed(ranked)).then(|| ranked[0].period)),
        );
        ByProvince {
            title,
            description,
            source: words.sources_line(self.dataset, ranked.iter().map(|o| o.source)),
            table: self.by_province_table(ranked, name, ind.unit),
        }
    }

    /// Every province's latest figure, sorted; the subject and the country stand out.
    pub fn ranking(
        &self,
        indicator: IndicatorId,
        subject: Option<RegionId>,
        period: Option<Period>,
    ) -> Option<Chart> {
        let dataset = self.dataset;
        let lang = self.lang;
        let words = self.words();
        let ind = dataset.indicator(indicator);
        let latest = dataset.latest_per_region(indicator, |o| period.is_none_or(|p| o.period == p));
        if latest.is_empty() {
            return None;
        }
        let descending = ind.higher_is_better != Some(false);
        let list = rank(latest, descending);
        let mixed = mixed(&list);
        let bars: Vec<Bar> = list
            .iter()
            .map(|o| Bar {
                label: self.region_name(o.region).to_string(),
                value: o.figure.value,
                text: if mixed {
                    words.observation(o, ind.unit)
                } else {
                    words.figure(&o.figure, ind.unit)
                },
                emphasis: if Some(o.region) == subject {
                    Emphasis::Subject
                } else if dataset.region(o.region).kind == RegionKind::Country {
                    Emphasis::National
                } else {
                    Emphasis::Normal
                },
            })
            .collect();
        let words = self.by_province(ind, &list, !descending, (Extremes::Ranking, period));
        Some(Chart {
            key: format!(
                "ranking {lang} {} {:?} {period:?}",
                ind.id,
                subject.map(|r| &dataset.region(r).slug)
            ),
            body: Body::Ranking { bars },
            lang,
            unit: ind.unit,
            title: words.title,
            description: words.description,
            source: words.source,
            axis: self.words().axis_words(),
            table: words.table,
        })
    }

    /// Province, figure and period, one row per province: the table behind rankings and maps.
    fn by_province_table(&self, list: &[&Observation], name: &str, unit: Unit) -> DataTable {
        let words = self.words();
        DataTable {
            headers: vec![
                words.word("chart.province"),
                name.to_string(),
                words.word("chart.period"),
            ],
            rows: list
                .iter()
                .map(|o| {
                    vec![
                        self.region_name(o.region).to_string(),
                        words.figure(&o.figure, unit),
                        words.period(&o.period),
                    ]
                })
                .collect(),
            raw: list
                .iter()
                .map(|o| {
                    vec![
                        self.region_name(o.region).to_string(),
                        o.figure.to_string(),
                        o.period.to_string(),
                    ]
                })
                .collect(),
        }
    }

    /// A choropleth of every province's figure: the boundary file or tile layout that matches the
    /// figures' date, classes from bulletin.toml or quantiles, the subject outlined.
    pub fn map(
        &self,
        indicator: IndicatorId,
        period: Option<Period>,
        subject: Option<RegionId>,
    ) -> Option<Chart> {
        let dataset = self.dataset;
        let lang = self.lang;
        let words = self.words();
        let ind = dataset.indicator(indicator);
        let latest = self.map_latest(indicator, period, subject);
        let date = period
            .map(|p| p.end())
            .or_else(|| latest.values().map(|o| o.period.end()).max())?;
        let (places, extent, attribution) = self.map_places(date)?;
        let placed: Vec<(RegionId, String, Geometry)> = places
            .into_iter()
            .filter_map(|(region, label, geometry)| {
                dataset.as_of(region, date).map(|r| (r, label, geometry))
            })
            .collect();
        let shown: Vec<&Observation> = placed
            .iter()
            .filter_map(|(r, _, _)| latest.get(r).copied())
            .collect();
        if shown.is_empty() {
            return None;
        }
        let mut values: Vec<f64> = shown.iter().map(|o| o.figure.value).collect();
        values.sort_by(f64::total_cmp);
        let breaks = match self.maps.breaks.get(&ind.id) {
            Some(fixed) => fixed.clone(),
            None => quantile_breaks(&values, 5),
        };
        let areas: Vec<MapArea> = placed
            .iter()
            .map(|(region, label, geometry)| {
                let observation = latest.get(region);
                MapArea {
                    name: self.region_name(*region).to_string(),
                    label: label.clone(),
                    url: dataset
                        .has_data(*region)
                        .then(|| self.urls.province(lang, &dataset.region(*region).slug)),
                    value_text: observation.map(|o| words.observation(o, ind.unit)),
                    class: observation
                        .map(|o| breaks.iter().filter(|b| o.figure.value >= **b).count()),
                    subject: Some(*region) == subject,
                    geometry: geometry.clone(),
                }
            })
            .collect();
        let classes = self.map_classes(ind, &shown, &breaks);
        let ranked = rank(shown, true);
        let text = self.by_province(ind, &ranked, false, (Extremes::Map, period));
        let source = words.fill(
            "chart.map_source",
            &[
                ("sources", &text.source),
                ("date", &crate::common::locale::format_date(&date, lang)),
            ],
        );
        Some(Chart {
            key: format!(
                "map {lang} {} {:?} {period:?} {}",
                ind.id,
                subject.map(|r| &dataset.region(r).slug),
                self.urls.base_path()
            ),
            body: Body::Map {
                areas,
                classes,
                no_data: words.word("chart.map_no_data"),
                extent,
                attribution,
            },
            lang,
            unit: ind.unit,
            title: text.title,
            description: text.description,
            source,
            axis: self.words().axis_words(),
            table: text.table,
        })
    }

    /// Each province's latest figure for a map. A province's own map is drawn as of its latest
    /// figure, so the province is on it even when others have figures from after a merger.
    fn map_latest(
        &self,
        indicator: IndicatorId,
        period: Option<Period>,
        subject: Option<RegionId>,
    ) -> BTreeMap<RegionId, &'a Observation> {
        let dataset = self.dataset;
        let cutoff = match (period, subject) {
            (None, Some(region)) => dataset.latest(region, indicator).map(|o| o.period.end()),
            _ => None,
        };
        dataset
            .latest_per_region(indicator, |o| {
                dataset.region(o.region).kind == RegionKind::Province
                    && period.is_none_or(|p| o.period == p)
                    && cutoff.is_none_or(|c| o.period.end() <= c)
            })
            .into_iter()
            .map(|o| (o.region, o))
            .collect()
    }

    /// The boundaries valid on `date`, or else the tile layout with the most regions then.
    fn map_places(&self, date: Date) -> Option<Places> {
        let boundary = self.maps.boundaries.iter().find(|layer| {
            layer.valid_from.is_none_or(|from| from <= date)
                && layer.valid_until.is_none_or(|until| date <= until)
        });
        if let Some(layer) = boundary {
            let places = layer
                .shapes
                .iter()
                .map(|(region, rings)| {
                    let dots = layer
                        .dots
                        .iter()
                        .filter(|(r, _)| r == region)
                        .map(|(_, p)| *p)
                        .collect();
                    let shapes = Geometry::Shapes {
                        rings: rings.clone(),
                        dots,
                    };
                    (*region, String::new(), shapes)
                })
                .collect();
            return Some((places, (MAP_WIDTH, layer.height), layer.attribution.clone()));
        }
        let layout = self.maps.tiles.iter().max_by_key(|l| {
            l.tiles
                .iter()
                .filter(|t| self.dataset.as_of(t.region, date).is_some())
                .count()
        })?;
        let places = layout
            .tiles
            .iter()
            .map(|t| {
                let tile = Geometry::Tile {
                    row: t.row,
                    column: t.column,
                };
                (t.region, t.label.clone(), tile)
            })
            .collect();
        Some((places, (0.0, 0.0), None))
    }

    /// The legend: one entry per class between the breaks.
    fn map_classes(&self, ind: &Indicator, shown: &[&Observation], breaks: &[f64]) -> Vec<String> {
        let words = self.words();
        let decimals = shown
            .iter()
            .map(|o| o.figure.decimals)
            .max()
            .unwrap_or(ind.decimals)
            .max(ind.decimals.min(1));
        let bound = |b: f64| words.figure(&Figure::exact(b, decimals), ind.unit);
        (0..=breaks.len())
            .map(
                |i| match (i.checked_sub(1).map(|j| breaks[j]), breaks.get(i)) {
                    (None, Some(high)) => {
                        words.fill("chart.map_class_below", &[("high", &bound(*high))])
                    }
                    (Some(low), Some(high)) => words.fill(
                        "chart.map_class_between",
                        &[("low", &bound(low)), ("high", &bound(*high))],
                    ),
                    (Some(low), None) => {
                        words.fill("chart.map_class_above", &[("low", &bound(low))])
                    }
                    (None, None) => words.word("chart.map_class_all"),
                },
            )
            .collect()
    }
}

/// Class breaks at the quantiles of the values (at most `classes` classes, never two equal breaks).
pub fn quantile_breaks(sorted: &[f64], classes: usize) -> Vec<f64> {
    let mut distinct = sorted.to_vec();
    distinct.dedup();
    let k = classes.min(distinct.len());
    let mut breaks: Vec<f64> = (1..k)
        .map(|i| {
            let position = (i as f64 / k as f64) * (sorted.len() as f64);
            sorted[(position.ceil() as usize).min(sorted.len() - 1)]
        })
        .collect();
    breaks.dedup();
    breaks.retain(|b| *b > sorted[0]);
    breaks
}

#[cfg(test)]
mod tests {
    use super::quantile_breaks;

    #[test]
    fn quantile_breaks_split_values_into_classes() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quantile_breaks(&values, 5), vec![3.0, 5.0, 7.0, 9.0]);
        assert_eq!(
            quantile_breaks(&[85.0, 88.7, 93.0, 99.2], 5),
            vec![88.7, 93.0, 99.2]
        );
        assert!(
            quantile_breaks(&[5.0, 5.0, 5.0], 5).is_empty(),
            "one class when all are equal"
        );
        assert!(quantile_breaks(&[42.0], 5).is_empty());
    }
}

//! Charts over time for one province: trends (alone or beside others), sparklines, progress
//! towards a target and the composition of a total.

use super::spec::{Body, Chart, DataTable, Part, Point, Series, TargetLine};
use crate::common::locale::{format_number, format_period_short, Unit};
use crate::common::period::Period;
use crate::model::facts::{progress, Change};
use crate::model::{Indicator, IndicatorId, Observation, RegionId, Target};

use super::wording::lowercase_first;
use super::Charts;

/// A region and its observations in a chart's range.
type RegionSeries<'a> = (RegionId, Vec<&'a Observation>);

impl<'a> Charts<'a> {
    /// Observations of a region's indicator that can share a time axis with the latest one.
    pub fn comparable_series(
        &self,
        region: RegionId,
        indicator: IndicatorId,
    ) -> Vec<&'a Observation> {
        let Some(latest) = self.dataset.latest(region, indicator) else {
            return Vec::new();
        };
        let class = latest.period.class();
        self.dataset
            .series(region, indicator)
            .filter(|o| o.period.class() == class)
            .collect()
    }

    fn point(&self, observation: &Observation, unit: Unit) -> Point {
        Point {
            x: observation.period.end().day_number(),
            x_label: format_period_short(&observation.period, self.lang),
            value: observation.figure.value,
            text: self.words().figure(&observation.figure, unit),
            hedged: observation.figure.qualifier.is_some(),
        }
    }

    /// A time series of one or more regions, with the subject's target when there is one.
    pub fn trend(
        &self,
        regions: &[RegionId],
        indicator: IndicatorId,
        range: Option<(Period, Period)>,
    ) -> Option<Chart> {
        let dataset = self.dataset;
        let lang = self.lang;
        let ind = dataset.indicator(indicator);
        let in_range =
            |o: &&Observation| range.is_none_or(|(from, to)| o.period >= from && o.period <= to);
        let per_region: Vec<RegionSeries> = regions
            .iter()
            .map(|r| {
                let obs = self.comparable_series(*r, indicator);
                (*r, obs.into_iter().filter(in_range).collect::<Vec<_>>())
            })
            .filter(|(_, obs)| !obs.is_empty())
            .collect();
        let (subject, subject_obs) = per_region.first()?;
        if per_region.len() == 1 && subject_obs.len() < 2 {
            return None;
        }
        let series: Vec<Series> = per_region
            .iter()
            .enumerate()
            .map(|(i, (r, obs))| Series {
                label: self.region_name(*r).to_string(),
                points: obs.iter().map(|o| self.point(o, ind.unit)).collect(),
                highlight: i == 0,
            })
            .collect();
        let target = self.target_line(*subject, indicator, subject_obs[0]);
        let (title, description) = self.trend_words(ind, &per_region)?;
        let sources = per_region
            .iter()
            .flat_map(|(_, obs)| obs.iter().map(|o| o.source));
        Some(Chart {
            key: format!(
                "trend {lang} {} {:?} {range:?}",
                ind.id,
                regions
                    .iter()
                    .map(|r| &dataset.region(*r).slug)
                    .collect::<Vec<_>>()
            ),
            body: Body::Line { series, target },
            lang,
            unit: ind.unit,
            title,
            description,
            source: self.words().sources_line(dataset, sources),
            axis: self.words().axis_words(),
            table: self.trend_table(ind, &per_region),
        })
    }

    /// The subject's latest target for the indicator that ends within the chart's time.
    fn target_line(
        &self,
        subject: RegionId,
        indicator: IndicatorId,
        first: &Observation,
    ) -> Option<TargetLine> {
        let words = self.words();
        let ind = self.dataset.indicator(indicator);
        self.dataset
            .targets_of(subject)
            .filter(|t| t.indicator == indicator && t.target.is_some())
            .filter(|t| t.period.end() >= first.period.end())
            .max_by_key(|t| t.period)
            .map(|t| TargetLine {
                value: t.target.map_or(0.0, |v| v.value),
                label: words.fill(
                    "chart.target_line",
                    &[
                        ("period", &words.period(&t.period)),
                        (
                            "value",
                            &t.target
                                .map(|v| words.figure(&v, ind.unit))
                                .unwrap_or_default(),
                        ),
                    ],
                ),
            })
    }

    /// Title and description: the subject's change over the series, or, with one figure, the
    /// subject beside the other regions.
    fn trend_words(
        &self,
        ind: &Indicator,
        per_region: &[RegionSeries],
    ) -> Option<(String, String)> {
        let words = self.words();
        let (subject, obs) = &per_region[0];
        let (first, last) = (obs[0], obs[obs.len() - 1]);
        let name = ind.name(self.lang);
        let region = self.region_name(*subject);
        if obs.len() >= 2 {
            let change = Change::between(first, last, ind.unit, false)?;
            let (change_text, _) = change.describe(ind.unit, self.lang);
            let values: &[(&str, &str)] = &[
                ("name", name),
                ("region", region),
                ("change", &change_text),
                ("from", &words.period(&first.period)),
                ("to", &words.period(&last.period)),
                ("first", &words.figure(&first.figure, ind.unit)),
                ("last", &words.figure(&last.figure, ind.unit)),
            ];
            return Some((
                words.title("chart.trend_title", values, ind.unit),
                words.fill("chart.trend_description", values),
            ));
        }
        let others: Vec<String> = per_region[1..]
            .iter()
            .filter_map(|(r, obs)| {
                obs.last().map(|o| {
                    words.fill(
                        "chart.compare_other",
                        &[
                            ("region", self.region_name(*r)),
                            ("value", &words.figure(&o.figure, ind.unit)),
                        ],
                    )
                })
            })
            .collect();
        let values: &[(&str, &str)] = &[
            ("name", name),
            ("region", region),
            ("value", &words.figure(&last.figure, ind.unit)),
            ("period", &words.period(&last.period)),
            ("others", &others.join(", ")),
        ];
        Some((
            words.title("chart.compare_title", values, ind.unit),
            words.fill("chart.compare_description", values),
        ))
    }

    /// One row per period, one column per region.
    fn trend_table(&self, ind: &Indicator, per_region: &[RegionSeries]) -> DataTable {
        let words = self.words();
        let mut headers = vec![words.word("chart.period")];
        headers.extend(
            per_region
                .iter()
                .map(|(r, _)| self.region_name(*r).to_string()),
        );
        let mut periods: Vec<Period> = per_region
            .iter()
            .flat_map(|(_, obs)| obs.iter().map(|o| o.period))
            .collect();
        periods.sort();
        periods.dedup();
        let mut rows = Vec::new();
        let mut raw = Vec::new();
        for period in &periods {
            let mut row = vec![words.period(period)];
            let mut raw_row = vec![period.to_string()];
            for (_, obs) in per_region {
                let found = obs.iter().find(|o| o.period == *period);
                row.push(found.map_or_else(|| words.none(), |o| words.figure(&o.figure, ind.unit)));
                raw_row.push(found.map_or_else(String::new, |o| o.figure.to_string()));
            }
            rows.push(row);
            raw.push(raw_row);
        }
        DataTable { headers, rows, raw }
    }

    /// A sparkline of a region's comparable figures, when there are two or more.
    pub fn spark(&self, region: RegionId, indicator: IndicatorId) -> Option<Chart> {
        let series = self.comparable_series(region, indicator);
        if series.len() < 2 {
            return None;
        }
        let ind = self.dataset.indicator(indicator);
        let lang = self.lang;
        let words = self.words();
        let (first, last) = (series[0], series[series.len() - 1]);
        let (change, _) = Change::between(first, last, ind.unit, false)?.describe(ind.unit, lang);
        Some(Chart {
            key: format!(
                "spark {lang} {} {}",
                ind.id,
                self.dataset.region(region).slug
            ),
            body: Body::Spark {
                points: series
                    .iter()
                    .map(|o| (o.period.end().day_number(), o.figure.value))
                    .collect(),
            },
            lang,
            unit: ind.unit,
            title: words.fill("chart.spark_title", &[("name", ind.name(lang))]),
            description: words.fill(
                "chart.spark_description",
                &[
                    ("from", &words.period(&first.period)),
                    ("to", &words.period(&last.period)),
                    ("change", &change),
                ],
            ),
            source: words.sources_line(self.dataset, series.iter().map(|o| o.source)),
            axis: self.words().axis_words(),
            table: DataTable {
                headers: vec![],
                rows: vec![],
                raw: vec![],
            },
        })
    }

    /// Progress towards one target, when it is known.
    pub fn progress(&self, target: &Target) -> Option<Chart> {
        let dataset = self.dataset;
        let lang = self.lang;
        let words = self.words();
        let p = progress(dataset, target)?;
        let ind = dataset.indicator(target.indicator);
        let percent_text = words.figure(&p.percent, Unit::Percent);
        let period = words.period(&target.period);
        let actual_text = match (p.actual, p.as_of) {
            (Some(o), _) => words.observation(o, ind.unit),
            (None, Some(as_of)) => {
                words.fill("chart.progress_as_of", &[("period", &words.period(&as_of))])
            }
            (None, None) => String::new(),
        };
        let target_text = match target.target {
            Some(value) => words.fill(
                "chart.progress_target",
                &[("value", &words.figure(&value, ind.unit))],
            ),
            None => words.fill("chart.progress_target_period", &[("period", &period)]),
        };
        let name = ind.name(lang);
        let values: &[(&str, &str)] = &[
            ("name", name),
            ("region", self.region_name(target.region)),
            ("percent", &percent_text),
            ("period", &period),
            ("actual", &actual_text),
        ];
        let description = if actual_text.is_empty() {
            words.fill("chart.progress_description", values)
        } else {
            words.fill("chart.progress_description_actual", values)
        };
        let title = words.fill("chart.progress_title", values);
        let mut sources = vec![target.source];
        sources.extend(p.actual.map(|o| o.source));
        let headers = [
            "chart.indicator",
            "chart.target",
            "chart.achieved",
            "chart.percent_of_target",
        ]
        .map(|key| words.word(key))
        .to_vec();
        let target_cell = target
            .target
            .map(|v| words.figure(&v, ind.unit))
            .unwrap_or_else(|| words.none());
        let actual_cell = if actual_text.is_empty() {
            words.none()
        } else {
            actual_text.clone()
        };
        Some(Chart {
            key: format!(
                "progress {lang} {} {} {}",
                ind.id,
                dataset.region(target.region).slug,
                target.period
            ),
            body: Body::Bullet {
                percent: p.percent.value,
                percent_text: percent_text.clone(),
                actual_text,
                target_text,
            },
            lang,
            unit: Unit::Percent,
            title,
            description,
            source: words.sources_line(dataset, sources),
            axis: self.words().axis_words(),
            table: DataTable {
                headers,
                rows: vec![vec![
                    name.to_string(),
                    target_cell,
                    actual_cell,
                    percent_text,
                ]],
                raw: vec![vec![
                    ind.id.clone(),
                    target.target.map(|v| v.to_string()).unwrap_or_default(),
                    p.actual.map(|o| o.figure.to_string()).unwrap_or_default(),
                    p.percent.to_string(),
                ]],
            },
        })
    }

    /// The parts of a total, one stacked column per period where two or more parts are known.
    pub fn composition(
        &self,
        region: RegionId,
        total: IndicatorId,
        range: Option<(Period, Period)>,
    ) -> Option<Chart> {
        let dataset = self.dataset;
        let lang = self.lang;
        let words = self.words();
        let ind = dataset.indicator(total);
        let periods = self.composition_periods(region, ind, range);
        if periods.is_empty() {
            return None;
        }
        let parts = self.composition_parts(region, ind, &periods);
        let totals = self.composition_totals(region, total, &periods, &parts);
        let last = periods.len() - 1;
        let name = ind.name(lang);
        let breakdown: Vec<String> = parts
            .iter()
            .filter(|p| p.values[last].is_some())
            .map(|p| {
                words.fill(
                    "chart.composition_part",
                    &[
                        ("part", &lowercase_first(&p.label)),
                        ("value", &p.texts[last]),
                    ],
                )
            })
            .collect();
        let values: &[(&str, &str)] = &[
            ("name", name),
            ("name_lower", &lowercase_first(name)),
            ("region", self.region_name(region)),
            ("period", &words.period(&periods[last])),
            ("total", &totals[last]),
            ("parts", &breakdown.join(", ")),
        ];
        let description = words.fill("chart.composition_description", values);
        let title = words.title("chart.composition_title", values, ind.unit);
        let table = self.composition_table(region, total, &periods, &parts, &totals);
        let sources = periods.iter().flat_map(|period| {
            ind.parts
                .iter()
                .chain(std::iter::once(&total))
                .filter_map(|p| dataset.observation(region, *p, period).map(|o| o.source))
                .collect::<Vec<_>>()
        });
        Some(Chart {
            key: format!(
                "composition {lang} {} {} {range:?}",
                ind.id,
                dataset.region(region).slug
            ),
            body: Body::Stacked {
                columns: periods
                    .iter()
                    .map(|p| format_period_short(p, lang))
                    .collect(),
                totals,
                parts,
            },
            lang,
            unit: ind.unit,
            title,
            description,
            source: words.sources_line(dataset, sources),
            axis: self.words().axis_words(),
            table,
        })
    }

    /// The periods in range where two or more parts of the total are known.
    fn composition_periods(
        &self,
        region: RegionId,
        ind: &Indicator,
        range: Option<(Period, Period)>,
    ) -> Vec<Period> {
        let dataset = self.dataset;
        let mut periods: Vec<Period> = ind
            .parts
            .iter()
            .flat_map(|p| dataset.series(region, *p).map(|o| o.period))
            .filter(|p| range.is_none_or(|(from, to)| *p >= from && *p <= to))
            .collect();
        periods.sort();
        periods.dedup();
        periods.retain(|period| {
            ind.parts
                .iter()
                .filter(|p| dataset.observation(region, **p, period).is_some())
                .count()
                >= 2
        });
        periods
    }

    /// The parts known in at least one of the periods.
    fn composition_parts(
        &self,
        region: RegionId,
        ind: &Indicator,
        periods: &[Period],
    ) -> Vec<Part> {
        let dataset = self.dataset;
        let words = self.words();
        ind.parts
            .iter()
            .filter(|p| {
                periods
                    .iter()
                    .any(|period| dataset.observation(region, **p, period).is_some())
            })
            .map(|p| {
                let obs: Vec<Option<&Observation>> = periods
                    .iter()
                    .map(|period| dataset.observation(region, *p, period))
                    .collect();
                Part {
                    label: dataset.indicator(*p).name(self.lang).to_string(),
                    values: obs.iter().map(|o| o.map(|o| o.figure.value)).collect(),
                    texts: obs
                        .iter()
                        .map(|o| {
                            o.map(|o| words.figure(&o.figure, ind.unit))
                                .unwrap_or_default()
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The total of each period: the published figure, or the sum of the parts.
    fn composition_totals(
        &self,
        region: RegionId,
        total: IndicatorId,
        periods: &[Period],
        parts: &[Part],
    ) -> Vec<String> {
        let words = self.words();
        let unit = self.dataset.indicator(total).unit;
        periods
            .iter()
            .map(
                |period| match self.dataset.observation(region, total, period) {
                    Some(o) => words.figure(&o.figure, unit),
                    None => {
                        let sum: f64 = parts
                            .iter()
                            .filter_map(|p| {
                                p.values[periods.iter().position(|x| x == period).unwrap_or(0)]
                            })
                            .sum();
                        words.fill(
                            "chart.composition_sum",
                            &[("value", &format_number(sum, 1, self.lang))],
                        )
                    }
                },
            )
            .collect()
    }

    /// One row per period: the parts, then the total.
    fn composition_table(
        &self,
        region: RegionId,
        total: IndicatorId,
        periods: &[Period],
        parts: &[Part],
        totals: &[String],
    ) -> DataTable {
        let dataset = self.dataset;
        let words = self.words();
        let ind = dataset.indicator(total);
        let mut headers = vec![words.word("chart.period")];
        headers.extend(parts.iter().map(|p| p.label.clone()));
        headers.push(ind.name(self.lang).to_string());
        let rows = periods
            .iter()
            .enumerate()
            .map(|(i, period)| {
                let mut row = vec![words.period(period)];
                row.extend(parts.iter().map(|p| {
                    if p.texts[i].is_empty() {
                        words.none()
                    } else {
                        p.texts[i].clone()
                    }
                }));
                row.push(totals[i].clone());
                row
            })
            .collect();
        let figure = |p: IndicatorId, period: &Period| {
            dataset
                .observation(region, p, period)
                .map(|o| o.figure.to_string())
                .unwrap_or_default()
        };
        let raw = periods
            .iter()
            .map(|period| {
                let mut row = vec![period.to_string()];
                for p in &ind.parts {
                    let label = dataset.indicator(*p).name(self.lang);
                    if parts.iter().any(|part| part.label == label) {
                        row.push(figure(*p, period));
                    }
                }
                row.push(figure(total, period));
                row
            })
            .collect();
        DataTable { headers, rows, raw }
    }
}

//! What to chart, and the words around each chart: title, one-sentence description, data table
//! and source line, in the page's language. Charts are registered once per build by identity
//! and drawn in parallel; pages then embed the drawings.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::charts::{
    self, Bar, Body, Chart, DataTable, Emphasis, Part, Point, Rendered, Series, TargetLine,
};
use crate::charts::{Geometry, MapArea};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::facts::{progress, Change};
use crate::figure::Figure;
use crate::i18n::Strings;
use crate::load::maps::{MapLayers, MAP_WIDTH};
use crate::locale::{format_figure, format_period, format_period_short, Lang, Unit};
use crate::model::{Dataset, IndicatorId, Observation, RegionId, RegionKind, SourceId, Target};
use crate::period::Period;
use crate::site::urls::Urls;
use crate::text::escape_html;

/// Marks where a bulletin's chart goes until the drawings exist.
pub const MARKER_OPEN: char = '\u{E002}';
pub const MARKER_CLOSE: char = '\u{E003}';

/// Charts wanted by the pages, by identity.
#[derive(Default)]
pub struct ChartRegistry {
    charts: BTreeMap<String, Chart>,
}

impl ChartRegistry {
    pub fn add(&mut self, chart: Chart) -> String {
        let id = chart.id();
        self.charts.entry(id.clone()).or_insert(chart);
        id
    }

    pub fn len(&self) -> usize {
        self.charts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.charts.is_empty()
    }

    /// Draws every registered chart once, in parallel.
    pub fn render(self) -> Result<ChartStore, Diagnostics> {
        type Drawn = Result<Result<Rendered, String>, String>;
        let results: Vec<(String, Chart, Drawn)> = self
            .charts
            .into_par_iter()
            .map(|(id, chart)| {
                // A bug in drawing one chart is reported against that chart.
                let rendered = crate::panics::catch(|| charts::render(&chart));
                (id, chart, rendered)
            })
            .collect();
        let mut store = ChartStore::default();
        let mut diagnostics = Diagnostics::new();
        for (id, chart, rendered) in results {
            match rendered {
                Ok(Ok(r)) => {
                    store.charts.insert(id, (chart, r));
                }
                Ok(Err(message)) => diagnostics.push(Diagnostic::error(format!(
                    "the chart “{}” could not be drawn: {message}",
                    chart.title
                ))),
                Err(message) => diagnostics.push(
                    Diagnostic::error(format!(
                        "internal error while drawing the chart {id} (“{}”): {message}",
                        chart.title
                    ))
                    .help(format!(
                        "this is a bug in bulletin; please report it with the chart named here \
                         (it shows {})",
                        chart.key
                    )),
                ),
            }
        }
        if diagnostics.has_errors() {
            Err(diagnostics)
        } else {
            Ok(store)
        }
    }
}

/// The drawn charts of a build.
#[derive(Default)]
pub struct ChartStore {
    charts: HashMap<String, (Chart, Rendered)>,
}

impl ChartStore {
    pub fn get(&self, id: &str) -> Option<&(Chart, Rendered)> {
        self.charts.get(id)
    }

    /// The downloadable data of every chart, sorted by path.
    pub fn csv_files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = self
            .charts
            .values()
            .filter(|(chart, _)| !matches!(chart.body, Body::Spark { .. }))
            .map(|(_, r)| (csv_path(&r.id), r.csv.clone()))
            .collect();
        files.sort();
        files
    }

    pub fn len(&self) -> usize {
        self.charts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.charts.is_empty()
    }
}

/// Rows of a chart's table shown on the page.
const TABLE_ROWS: usize = 24;

pub fn csv_path(id: &str) -> String {
    format!("charts/{id}.csv")
}

/// Writes chart HTML into pages, giving every chart on a page its own element ids.
pub struct Embedder<'a> {
    pub store: &'a ChartStore,
    pub strings: &'a Strings,
    pub base_path: &'a str,
    count: Cell<usize>,
}

impl<'a> Embedder<'a> {
    pub fn new(store: &'a ChartStore, strings: &'a Strings, base_path: &'a str) -> Self {
        Embedder {
            store,
            strings,
            base_path,
            count: Cell::new(0),
        }
    }

    fn instance(&self, id: &str) -> String {
        let n = self.count.get() + 1;
        self.count.set(n);
        format!("c{n}-{}", &id[id.len().saturating_sub(8)..])
    }

    /// A complete `<figure>`: title, drawing (wide and narrow), source, data table, CSV link.
    pub fn figure(&self, id: &str) -> String {
        let Some((chart, rendered)) = self.store.get(id) else {
            return String::new();
        };
        let instance = self.instance(id);
        let mut html = format!(
            "<figure class=\"chart chart-{}\" id=\"{instance}\">",
            rendered.kind
        );
        html.push_str(&format!(
            "<p class=\"chart-title\">{}</p>",
            escape_html(&chart.title)
        ));
        // A chart with one drawing for every screen is never hidden by the wide/narrow switch.
        let first = if rendered.narrow.is_some() {
            "wide"
        } else {
            "single"
        };
        html.push_str(&charts::svg_element(
            &rendered.wide,
            &instance,
            first,
            &chart.title,
            &chart.description,
        ));
        if let Some(narrow) = &rendered.narrow {
            html.push_str(&charts::svg_element(
                narrow,
                &instance,
                "narrow",
                &chart.title,
                &chart.description,
            ));
        }
        html.push_str(&format!(
            "<figcaption><p class=\"chart-source\">{}</p>",
            escape_html(&chart.source)
        ));
        html.push_str(&format!(
            "<details class=\"chart-data\"><summary>{}</summary><div class=\"table-scroll\"><table class=\"data-table\"><thead><tr>",
            escape_html(self.strings.get("chart.table"))
        ));
        for (i, header) in chart.table.headers.iter().enumerate() {
            let class = if i > 0 { " class=\"num\"" } else { "" };
            html.push_str(&format!(
                "<th scope=\"col\"{class}>{}</th>",
                escape_html(header)
            ));
        }
        html.push_str("</tr></thead><tbody>");
        // Long series show their latest rows; the CSV below has every row.
        let skipped = chart.table.rows.len().saturating_sub(TABLE_ROWS);
        if skipped > 0 {
            html.push_str(&format!(
                "<tr><td colspan=\"{}\" class=\"more-rows\">{}</td></tr>",
                chart.table.headers.len().max(1),
                escape_html(
                    &self
                        .strings
                        .get("chart.more_rows")
                        .replace("{n}", &skipped.to_string())
                )
            ));
        }
        for row in &chart.table.rows[skipped..] {
            html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    html.push_str(&format!("<th scope=\"row\">{}</th>", escape_html(cell)));
                } else {
                    html.push_str(&format!("<td class=\"num\">{}</td>", escape_html(cell)));
                }
            }
            html.push_str("</tr>");
        }
        html.push_str(&format!(
            "</tbody></table></div><p><a href=\"{}/{}\" download>{}</a></p></details></figcaption></figure>",
            self.base_path,
            csv_path(&rendered.id),
            escape_html(self.strings.get("chart.csv"))
        ));
        html
    }

    /// A sparkline, inline beside a figure.
    pub fn spark(&self, id: &str) -> String {
        let Some((chart, rendered)) = self.store.get(id) else {
            return String::new();
        };
        let instance = self.instance(id);
        format!(
            "<span class=\"spark\">{}</span>",
            charts::svg_element(
                &rendered.wide,
                &instance,
                "spark",
                &chart.title,
                &chart.description
            )
        )
    }

    /// Replaces the chart markers of a bulletin body with the figures.
    pub fn fill_markers(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(open) = rest.find(MARKER_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + MARKER_OPEN.len_utf8()..];
            let Some(close) = after.find(MARKER_CLOSE) else {
                break;
            };
            out.push_str(&self.figure(&after[..close]));
            rest = &after[close + MARKER_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        // A figure cannot sit inside a paragraph; a chart shortcode alone on its line becomes one.
        out.replace("<p><figure", "<figure")
            .replace("</figure></p>", "</figure>")
    }
}

/// Builds charts from the data, in one language.
pub struct Charts<'a> {
    pub dataset: &'a Dataset,
    pub lang: Lang,
    pub maps: &'a MapLayers,
    pub urls: &'a Urls,
}

fn sources_line(
    dataset: &Dataset,
    lang: Lang,
    sources: impl IntoIterator<Item = SourceId>,
) -> String {
    let mut ids: Vec<SourceId> = sources.into_iter().collect();
    ids.sort();
    ids.dedup();
    let names: Vec<String> = ids
        .iter()
        .map(|s| {
            let source = dataset.source(*s);
            match source.date {
                Some(date) => format!(
                    "{}, {}",
                    source.publication,
                    crate::locale::format_date(&date, lang)
                ),
                None => source.publication.clone(),
            }
        })
        .collect();
    format!("{}: {}", lang.pick("Nguồn", "Source"), names.join("; "))
}

fn point(observation: &Observation, unit: Unit, lang: Lang) -> Point {
    Point {
        x: observation.period.end().day_number(),
        x_label: format_period_short(&observation.period, lang),
        value: observation.figure.value,
        text: format_figure(&observation.figure, unit, lang),
        hedged: observation.figure.qualifier.is_some(),
    }
}

fn unit_suffix(unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Percent | Unit::PercentChange => " (%)".to_string(),
        other => format!(" ({})", other.label(lang)),
    }
}

impl<'a> Charts<'a> {
    fn region_name(&self, region: RegionId) -> &'a str {
        self.dataset.region(region).name(self.lang)
    }

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
        let per_region: Vec<(RegionId, Vec<&Observation>)> = regions
            .iter()
            .map(|r| {
                (
                    *r,
                    self.comparable_series(*r, indicator)
                        .into_iter()
                        .filter(in_range)
                        .collect::<Vec<_>>(),
                )
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
                points: obs.iter().map(|o| point(o, ind.unit, lang)).collect(),
                highlight: i == 0,
            })
            .collect();
        let target = dataset
            .targets_of(*subject)
            .filter(|t| t.indicator == indicator && t.target.is_some())
            .filter(|t| t.period.end() >= subject_obs[0].period.end())
            .max_by_key(|t| t.period)
            .map(|t| TargetLine {
                value: t.target.map_or(0.0, |v| v.value),
                label: format!(
                    "{} {}: {}",
                    lang.pick("Mục tiêu", "Target"),
                    format_period(&t.period, lang),
                    t.target
                        .map(|v| format_figure(&v, ind.unit, lang))
                        .unwrap_or_default()
                ),
            });
        let first = subject_obs[0];
        let last = subject_obs[subject_obs.len() - 1];
        let name = ind.name(lang);
        let region = self.region_name(*subject);
        let (title, description) = if subject_obs.len() >= 2 {
            let change = Change::between(first, last, ind.unit, false)?;
            let (change_text, _) = change.describe(ind.unit, lang);
            (
                match lang {
                    Lang::Vi => format!(
                        "{name} tại {region} {change_text} từ {} đến {}",
                        format_period(&first.period, lang),
                        format_period(&last.period, lang)
                    ),
                    Lang::En => format!(
                        "{name} in {region}: {change_text} from {} to {}",
                        format_period(&first.period, lang),
                        format_period(&last.period, lang)
                    ),
                },
                match lang {
                    Lang::Vi => format!(
                        "{name} tại {region} đạt {} vào {}, {change_text} so với {} ({}).",
                        format_figure(&last.figure, ind.unit, lang),
                        format_period(&last.period, lang),
                        format_period(&first.period, lang),
                        format_figure(&first.figure, ind.unit, lang)
                    ),
                    Lang::En => format!(
                        "{name} in {region} reached {} in {}, {change_text} on {} ({}).",
                        format_figure(&last.figure, ind.unit, lang),
                        format_period(&last.period, lang),
                        format_period(&first.period, lang),
                        format_figure(&first.figure, ind.unit, lang)
                    ),
                },
            )
        } else {
            let others: Vec<String> = per_region[1..]
                .iter()
                .filter_map(|(r, obs)| {
                    obs.last().map(|o| {
                        format!(
                            "{} {}",
                            self.region_name(*r),
                            format_figure(&o.figure, ind.unit, lang)
                        )
                    })
                })
                .collect();
            (
                match lang {
                    Lang::Vi => format!("{name}: {region} so với các địa phương khác"),
                    Lang::En => format!("{name}: {region} compared with other provinces"),
                },
                match lang {
                    Lang::Vi => format!(
                        "{name} tại {region} là {} vào {}; {}.",
                        format_figure(&last.figure, ind.unit, lang),
                        format_period(&last.period, lang),
                        others.join(", ")
                    ),
                    Lang::En => format!(
                        "{name} in {region} was {} in {}; {}.",
                        format_figure(&last.figure, ind.unit, lang),
                        format_period(&last.period, lang),
                        others.join(", ")
                    ),
                },
            )
        };
        let observations: Vec<&Observation> = per_region
            .iter()
            .flat_map(|(_, obs)| obs.iter().copied())
            .collect();
        let mut headers = vec![lang.pick("Kỳ", "Period").to_string()];
        headers.extend(
            per_region
                .iter()
                .map(|(r, _)| self.region_name(*r).to_string()),
        );
        let mut periods: Vec<Period> = observations.iter().map(|o| o.period).collect();
        periods.sort();
        periods.dedup();
        let mut rows = Vec::new();
        let mut raw = Vec::new();
        for period in &periods {
            let mut row = vec![format_period(period, lang)];
            let mut raw_row = vec![period.to_string()];
            for (_, obs) in &per_region {
                let found = obs.iter().find(|o| o.period == *period);
                row.push(found.map_or_else(
                    || "–".to_string(),
                    |o| format_figure(&o.figure, ind.unit, lang),
                ));
                raw_row.push(found.map_or_else(String::new, |o| o.figure.to_string()));
            }
            rows.push(row);
            raw.push(raw_row);
        }
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
            title: format!("{title}{}", unit_suffix(ind.unit, lang)),
            description,
            source: sources_line(dataset, lang, observations.iter().map(|o| o.source)),
            table: DataTable { headers, rows, raw },
        })
    }

    /// A sparkline of a region's comparable figures, when there are two or more.
    pub fn spark(&self, region: RegionId, indicator: IndicatorId) -> Option<Chart> {
        let series = self.comparable_series(region, indicator);
        if series.len() < 2 {
            return None;
        }
        let ind = self.dataset.indicator(indicator);
        let lang = self.lang;
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
            title: format!("{}: {}", ind.name(lang), lang.pick("xu hướng", "trend")),
            description: format!(
                "{} → {}: {change}.",
                format_period(&first.period, lang),
                format_period(&last.period, lang)
            ),
            source: sources_line(self.dataset, lang, series.iter().map(|o| o.source)),
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
        let p = progress(dataset, target)?;
        let ind = dataset.indicator(target.indicator);
        let region = self.region_name(target.region);
        let percent_text = format_figure(&p.percent, Unit::Percent, lang);
        let period = format_period(&target.period, lang);
        let actual_text = match p.actual {
            Some(o) => format!(
                "{} ({})",
                format_figure(&o.figure, ind.unit, lang),
                format_period(&o.period, lang)
            ),
            None => match p.as_of {
                Some(as_of) => format!(
                    "{} {}",
                    lang.pick("tại", "as of"),
                    format_period(&as_of, lang)
                ),
                None => String::new(),
            },
        };
        let target_text = match target.target {
            Some(value) => format!(
                "{}: {}",
                lang.pick("Mục tiêu", "Target"),
                format_figure(&value, ind.unit, lang)
            ),
            None => format!("{} {period}", lang.pick("Mục tiêu", "Target")),
        };
        let name = ind.name(lang);
        let description = match lang {
            Lang::Vi => format!(
                "{name} tại {region} đạt {percent_text} mục tiêu {period}{}.",
                if actual_text.is_empty() {
                    String::new()
                } else {
                    format!(", với {actual_text}")
                }
            ),
            Lang::En => format!(
                "{name} in {region} reached {percent_text} of the {period} target{}.",
                if actual_text.is_empty() {
                    String::new()
                } else {
                    format!(", with {actual_text}")
                }
            ),
        };
        let mut sources = vec![target.source];
        sources.extend(p.actual.map(|o| o.source));
        let headers = vec![
            lang.pick("Chỉ tiêu", "Indicator").to_string(),
            lang.pick("Mục tiêu", "Target").to_string(),
            lang.pick("Thực hiện", "Achieved").to_string(),
            lang.pick("Tỷ lệ đạt", "% of target").to_string(),
        ];
        let target_cell = target
            .target
            .map(|v| format_figure(&v, ind.unit, lang))
            .unwrap_or_else(|| "–".to_string());
        let actual_cell = if actual_text.is_empty() {
            "–".to_string()
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
            title: match lang {
                Lang::Vi => format!("{name}: {percent_text} mục tiêu {period}"),
                Lang::En => format!("{name}: {percent_text} of the {period} target"),
            },
            description,
            source: sources_line(dataset, lang, sources),
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
        let ind = dataset.indicator(total);
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
        if periods.is_empty() {
            return None;
        }
        let parts: Vec<Part> = ind
            .parts
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
                    label: dataset.indicator(*p).name(lang).to_string(),
                    values: obs.iter().map(|o| o.map(|o| o.figure.value)).collect(),
                    texts: obs
                        .iter()
                        .map(|o| {
                            o.map(|o| format_figure(&o.figure, ind.unit, lang))
                                .unwrap_or_default()
                        })
                        .collect(),
                }
            })
            .collect();
        let totals: Vec<String> = periods
            .iter()
            .map(|period| match dataset.observation(region, total, period) {
                Some(o) => format_figure(&o.figure, ind.unit, lang),
                None => {
                    let sum: f64 = parts
                        .iter()
                        .filter_map(|p| {
                            p.values[periods.iter().position(|x| x == period).unwrap_or(0)]
                        })
                        .sum();
                    format!("Σ {}", crate::locale::format_number(sum, 1, lang))
                }
            })
            .collect();
        let last = periods.len() - 1;
        let region_name = self.region_name(region);
        let name = ind.name(lang);
        let breakdown: Vec<String> = parts
            .iter()
            .filter(|p| p.values[last].is_some())
            .map(|p| format!("{} {}", lowercase_first(&p.label), p.texts[last]))
            .collect();
        let description = match lang {
            Lang::Vi => format!(
                "{name} tại {region_name} vào {} là {}, gồm {}.",
                format_period(&periods[last], lang),
                totals[last],
                breakdown.join(", ")
            ),
            Lang::En => format!(
                "{name} in {region_name} in {} was {}: {}.",
                format_period(&periods[last], lang),
                totals[last],
                breakdown.join(", ")
            ),
        };
        let mut headers = vec![lang.pick("Kỳ", "Period").to_string()];
        headers.extend(parts.iter().map(|p| p.label.clone()));
        headers.push(name.to_string());
        let rows = periods
            .iter()
            .enumerate()
            .map(|(i, period)| {
                let mut row = vec![format_period(period, lang)];
                row.extend(parts.iter().map(|p| {
                    if p.texts[i].is_empty() {
                        "–".to_string()
                    } else {
                        p.texts[i].clone()
                    }
                }));
                row.push(totals[i].clone());
                row
            })
            .collect();
        let raw = periods
            .iter()
            .map(|period| {
                let mut row = vec![period.to_string()];
                for p in &ind.parts {
                    if parts
                        .iter()
                        .any(|part| part.label == dataset.indicator(*p).name(lang))
                    {
                        row.push(
                            dataset
                                .observation(region, *p, period)
                                .map(|o| o.figure.to_string())
                                .unwrap_or_default(),
                        );
                    }
                }
                row.push(
                    dataset
                        .observation(region, total, period)
                        .map(|o| o.figure.to_string())
                        .unwrap_or_default(),
                );
                row
            })
            .collect();
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
            title: match lang {
                Lang::Vi => format!(
                    "Cơ cấu {} tại {region_name}{}",
                    lowercase_first(name),
                    unit_suffix(ind.unit, lang)
                ),
                Lang::En => format!(
                    "{name} in {region_name}, by component{}",
                    unit_suffix(ind.unit, lang)
                ),
            },
            description,
            source: sources_line(dataset, lang, sources),
            table: DataTable { headers, rows, raw },
        })
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
        let ind = dataset.indicator(indicator);
        let latest = dataset.latest_per_region(indicator, |o| period.is_none_or(|p| o.period == p));
        if latest.is_empty() {
            return None;
        }
        let mut list = latest;
        let descending = ind.higher_is_better != Some(false);
        list.sort_by(|a, b| {
            let order = b.figure.value.total_cmp(&a.figure.value);
            let order = if descending { order } else { order.reverse() };
            order.then(a.region.cmp(&b.region))
        });
        let mixed = list.iter().any(|o| o.period != list[0].period);
        let bars: Vec<Bar> = list
            .iter()
            .map(|o| Bar {
                label: self.region_name(o.region).to_string(),
                value: o.figure.value,
                text: if mixed {
                    format!(
                        "{} ({})",
                        format_figure(&o.figure, ind.unit, lang),
                        format_period(&o.period, lang)
                    )
                } else {
                    format_figure(&o.figure, ind.unit, lang)
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
        let name = ind.name(lang);
        let figure = |o: &Observation| {
            format!(
                "{} ({})",
                format_figure(&o.figure, ind.unit, lang),
                format_period(&o.period, lang)
            )
        };
        let (top, bottom) = (list[0], list[list.len() - 1]);
        let description = if list.len() == 1 {
            match lang {
                Lang::Vi => format!(
                    "Chỉ {} có số liệu {}: {}.",
                    self.region_name(top.region),
                    lowercase_first(name),
                    figure(top)
                ),
                Lang::En => format!(
                    "Only {} has a figure for {}: {}.",
                    self.region_name(top.region),
                    lowercase_first(name),
                    figure(top)
                ),
            }
        } else {
            let (high, low) = if ind.higher_is_better == Some(false) {
                (bottom, top)
            } else {
                (top, bottom)
            };
            match lang {
                Lang::Vi => format!(
                    "Trong {} địa phương có số liệu, {} cao nhất ở {}: {}, và thấp nhất ở {}: {}.",
                    list.len(),
                    lowercase_first(name),
                    self.region_name(high.region),
                    figure(high),
                    self.region_name(low.region),
                    figure(low)
                ),
                Lang::En => format!(
                    "Of {} provinces with a figure, {} is highest in {}: {}, and lowest in {}: {}.",
                    list.len(),
                    lowercase_first(name),
                    self.region_name(high.region),
                    figure(high),
                    self.region_name(low.region),
                    figure(low)
                ),
            }
        };
        // One period for all: name it; periods that differ are given per province.
        let title = by_province_title(
            name,
            ind.unit,
            lang,
            period.or((!mixed).then(|| list[0].period)),
        );
        Some(Chart {
            key: format!(
                "ranking {lang} {} {:?} {period:?}",
                ind.id,
                subject.map(|r| &dataset.region(r).slug)
            ),
            body: Body::Ranking { bars },
            lang,
            unit: ind.unit,
            title,
            description,
            source: sources_line(dataset, lang, list.iter().map(|o| o.source)),
            table: self.by_province_table(&list, name, ind.unit),
        })
    }

    /// Province, figure and period, one row per province: the table behind rankings and maps.
    fn by_province_table(&self, list: &[&Observation], name: &str, unit: Unit) -> DataTable {
        let lang = self.lang;
        DataTable {
            headers: vec![
                lang.pick("Địa phương", "Province").to_string(),
                name.to_string(),
                lang.pick("Kỳ", "Period").to_string(),
            ],
            rows: list
                .iter()
                .map(|o| {
                    vec![
                        self.region_name(o.region).to_string(),
                        format_figure(&o.figure, unit, lang),
                        format_period(&o.period, lang),
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
        let ind = dataset.indicator(indicator);
        // A province's own map is drawn as of its latest figure, so the province is on it
        // even when others have figures from after a merger.
        let cutoff = match (period, subject) {
            (None, Some(region)) => dataset.latest(region, indicator).map(|o| o.period.end()),
            _ => None,
        };
        let latest: BTreeMap<RegionId, &Observation> = dataset
            .latest_per_region(indicator, |o| {
                dataset.region(o.region).kind == RegionKind::Province
                    && period.is_none_or(|p| o.period == p)
                    && cutoff.is_none_or(|c| o.period.end() <= c)
            })
            .into_iter()
            .map(|o| (o.region, o))
            .collect();
        let date = period
            .map(|p| p.end())
            .or_else(|| latest.values().map(|o| o.period.end()).max())?;
        let places: Vec<(RegionId, String, Geometry)>;
        let mut extent = (0.0, 0.0);
        let mut attribution = None;
        let boundary = self.maps.boundaries.iter().find(|layer| {
            layer.valid_from.is_none_or(|from| from <= date)
                && layer.valid_until.is_none_or(|until| date <= until)
        });
        if let Some(layer) = boundary {
            extent = (MAP_WIDTH, layer.height);
            attribution = layer.attribution.clone();
            places = layer
                .shapes
                .iter()
                .map(|(region, rings)| {
                    let dots = layer
                        .dots
                        .iter()
                        .filter(|(r, _)| r == region)
                        .map(|(_, p)| *p)
                        .collect();
                    (
                        *region,
                        String::new(),
                        Geometry::Shapes {
                            rings: rings.clone(),
                            dots,
                        },
                    )
                })
                .collect();
        } else {
            let layout = self.maps.tiles.iter().max_by_key(|l| {
                l.tiles
                    .iter()
                    .filter(|t| dataset.as_of(t.region, date).is_some())
                    .count()
            })?;
            places = layout
                .tiles
                .iter()
                .map(|t| {
                    (
                        t.region,
                        t.label.clone(),
                        Geometry::Tile {
                            row: t.row,
                            column: t.column,
                        },
                    )
                })
                .collect();
        }
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
        let decimals = shown
            .iter()
            .map(|o| o.figure.decimals)
            .max()
            .unwrap_or(ind.decimals)
            .max(ind.decimals.min(1));
        let bound = |b: f64| format_figure(&Figure::exact(b, decimals), ind.unit, lang);
        let mut classes = Vec::new();
        for i in 0..=breaks.len() {
            classes.push(match (i.checked_sub(1).map(|j| breaks[j]), breaks.get(i)) {
                (None, Some(high)) => format!("< {}", bound(*high)),
                (Some(low), Some(high)) => format!("{} – {}", bound(low), bound(*high)),
                (Some(low), None) => format!("≥ {}", bound(low)),
                (None, None) => lang.pick("Có số liệu", "With data").to_string(),
            });
        }
        let mixed = shown.iter().any(|o| o.period != shown[0].period);
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
                    value_text: observation.map(|o| {
                        format!(
                            "{} ({})",
                            format_figure(&o.figure, ind.unit, lang),
                            format_period(&o.period, lang)
                        )
                    }),
                    class: observation
                        .map(|o| breaks.iter().filter(|b| o.figure.value >= **b).count()),
                    subject: Some(*region) == subject,
                    geometry: geometry.clone(),
                }
            })
            .collect();
        let name = ind.name(lang);
        let figure = |o: &Observation| {
            format!(
                "{} ({})",
                format_figure(&o.figure, ind.unit, lang),
                format_period(&o.period, lang)
            )
        };
        let mut ranked = shown.clone();
        ranked.sort_by(|a, b| {
            b.figure
                .value
                .total_cmp(&a.figure.value)
                .then(a.region.cmp(&b.region))
        });
        let (top, bottom) = (ranked[0], ranked[ranked.len() - 1]);
        let description = if ranked.len() == 1 {
            match lang {
                Lang::Vi => format!(
                    "Bản đồ {}: chỉ {} có số liệu, {}.",
                    lowercase_first(name),
                    self.region_name(top.region),
                    figure(top)
                ),
                Lang::En => format!(
                    "Map of {}: only {} has a figure, {}.",
                    lowercase_first(name),
                    self.region_name(top.region),
                    figure(top)
                ),
            }
        } else {
            match lang {
                Lang::Vi => format!(
                    "Bản đồ {} của {} tỉnh, thành phố có số liệu: cao nhất ở {}, {}, và thấp nhất ở {}, {}.",
                    lowercase_first(name),
                    ranked.len(),
                    self.region_name(top.region),
                    figure(top),
                    self.region_name(bottom.region),
                    figure(bottom)
                ),
                Lang::En => format!(
                    "Map of {} in the {} provinces with a figure: highest in {}, {}, and lowest in {}, {}.",
                    lowercase_first(name),
                    ranked.len(),
                    self.region_name(top.region),
                    figure(top),
                    self.region_name(bottom.region),
                    figure(bottom)
                ),
            }
        };
        let as_of = crate::locale::format_date(&date, lang);
        // One period for all: name it; periods that differ are given per province.
        let title = by_province_title(
            name,
            ind.unit,
            lang,
            period.or((!mixed).then(|| shown[0].period)),
        );
        let mut source = sources_line(dataset, lang, shown.iter().map(|o| o.source));
        source.push_str(&match lang {
            Lang::Vi => format!(". Địa giới hành chính tại ngày {as_of}."),
            Lang::En => format!(". Provinces as they were on {as_of}."),
        });
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
                no_data: lang.pick("Không có số liệu", "No data").to_string(),
                extent,
                attribution,
            },
            lang,
            unit: ind.unit,
            title,
            description,
            source,
            table: self.by_province_table(&ranked, name, ind.unit),
        })
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

impl ProvinceCharts {
    pub fn all(self) -> impl Iterator<Item = Chart> {
        self.compositions
            .into_iter()
            .chain(self.trends)
            .chain(self.progress.into_iter().map(|(_, _, c)| c))
            .chain(self.sparks.into_iter().map(|(_, c)| c))
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

/// "Coverage, June 2022 (%)", or "Coverage: latest figure by province (%)" without one period.
fn by_province_title(name: &str, unit: Unit, lang: Lang, period: Option<Period>) -> String {
    match period {
        Some(p) => format!(
            "{name}, {}{}",
            format_period(&p, lang),
            unit_suffix(unit, lang)
        ),
        None => format!(
            "{name}: {}{}",
            lang.pick(
                "số liệu mới nhất của từng tỉnh",
                "latest figure by province"
            ),
            unit_suffix(unit, lang)
        ),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        // Keep abbreviations (BHXH, HI) as written.
        Some(first) if chars.clone().next().is_some_and(|c| c.is_lowercase()) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
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

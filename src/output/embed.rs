//! Drawn charts put where the page's views placed their markers, through the `chart.html` and
//! `spark.html` partials (built-in templates a site may override like any other).
//!
//! A chart may be placed on many pages: each partial is rendered once per chart and language,
//! with stand-ins for the element id and the drawings, which every placement then fills in.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tera::{Context, Tera};

use crate::common::locale::Lang;
use crate::draw::{self, Drawings, Rendered};
use crate::input::i18n::Strings;
use crate::site::charts::place::{read_marker, Placed, Placement, MARKER_CLOSE, MARKER_OPEN};
use crate::site::charts::registry::ChartRegistry;
use crate::site::charts::spec::Chart;

use super::chart_data::csv_path;

/// The templates of a figure and of a sparkline.
const CHART_TEMPLATE: &str = "chart.html";
const SPARK_TEMPLATE: &str = "spark.html";

/// Rows of a chart's table shown on the page.
const TABLE_ROWS: usize = 24;

/// Stand-ins in a rendered partial for what differs from one placement of a chart to the next
/// (its element id, which its drawings carry too) and for the drawings themselves, which are too
/// big to pass through Tera for nothing: they are put in after rendering. Each is one private-use
/// character, which the inputs do not hold (a chart or template that holds it anyway is rendered
/// for each placement, drawings and all), and a letter saying what it stands for.
const STAND_IN: char = '\u{E004}';
const INSTANCE: &str = "\u{E004}i";
const WIDE: &str = "\u{E004}w";
const NARROW: &str = "\u{E004}n";

/// What `chart.html` and `spark.html` see.
#[derive(Serialize)]
struct ChartView<'a> {
    instance: String,
    kind: &'a str,
    title: &'a str,
    source: &'a str,
    /// The `<svg>` elements, built by the draw stage; `narrow` is empty when there is one.
    wide: String,
    narrow: String,
    table: TableView<'a>,
    csv: String,
    t: ChartStrings<'a>,
}

#[derive(Serialize)]
struct TableView<'a> {
    headers: &'a [String],
    rows: Vec<RowView<'a>>,
    columns: usize,
    /// How many earlier rows only the CSV file has, as a sentence; empty when none.
    more_rows: String,
}

/// A row of the data table: its period (or province) and its figures.
#[derive(Serialize)]
struct RowView<'a> {
    label: &'a str,
    values: &'a [String],
}

#[derive(Serialize)]
struct ChartStrings<'a> {
    #[serde(rename = "chart.table")]
    table: &'a str,
    #[serde(rename = "chart.csv")]
    csv: &'a str,
}

impl ChartView<'_> {
    /// Whether a text the template may write holds a stand-in.
    fn holds_stand_in(&self) -> bool {
        let table = &self.table;
        [self.title, self.source, self.t.table, self.t.csv]
            .into_iter()
            .chain([self.csv.as_str(), table.more_rows.as_str()])
            .chain(table.headers.iter().map(String::as_str))
            .chain(table.rows.iter().map(|r| r.label))
            .chain(table.rows.iter().flat_map(|r| r.values).map(String::as_str))
            .any(|s| s.contains(STAND_IN))
    }
}

/// A partial that failed to render: its template and Tera's error.
pub struct PartialError {
    pub template: &'static str,
    pub error: tera::Error,
}

/// A rendered partial's language, template and chart.
type PartialKey = (Lang, &'static str, String);

/// The partials rendered in one build, with stand-ins.
pub struct Partials<'t> {
    tera: &'t Tera,
    /// False when a template holds a stand-in.
    cacheable: bool,
    rendered: Mutex<HashMap<PartialKey, Arc<str>>>,
}

impl<'t> Partials<'t> {
    pub fn new<'s>(tera: &'t Tera, templates: impl IntoIterator<Item = &'s str>) -> Self {
        Partials {
            tera,
            cacheable: !templates.into_iter().any(|t| t.contains(STAND_IN)),
            rendered: Mutex::new(HashMap::new()),
        }
    }
}

/// A chart as placed on a page.
struct Placing<'v> {
    template: &'static str,
    placement: Placement,
    instance: &'v str,
    chart: &'v Chart,
    rendered: &'v Rendered,
}

impl Placing<'_> {
    /// The `<svg>` elements of the drawings, with the element ids of this placement.
    fn drawings(&self) -> (String, String) {
        let (chart, rendered) = (self.chart, self.rendered);
        let svg = |drawing, variant| {
            draw::svg_element(
                drawing,
                self.instance,
                variant,
                &chart.title,
                &chart.description,
            )
        };
        match (self.placement, &rendered.narrow) {
            (Placement::Spark, _) => (svg(&rendered.wide, "spark"), String::new()),
            // A chart with one drawing for every screen is never hidden by the wide/narrow switch.
            (Placement::Figure, None) => (svg(&rendered.wide, "single"), String::new()),
            (Placement::Figure, Some(narrow)) => {
                (svg(&rendered.wide, "wide"), svg(narrow, "narrow"))
            }
        }
    }
}

/// Writes the drawn charts into pages in one language.
pub struct Embedder<'a> {
    pub partials: &'a Partials<'a>,
    pub charts: &'a ChartRegistry,
    pub drawings: &'a Drawings,
    pub lang: Lang,
    pub strings: &'a Strings,
    pub base_path: &'a str,
}

impl<'a> Embedder<'a> {
    /// Replaces every chart marker in a finished page with its chart.
    pub fn fill<'h>(&self, html: &'h str) -> Result<Cow<'h, str>, PartialError> {
        if !html.contains(MARKER_OPEN) {
            return Ok(Cow::Borrowed(html));
        }
        let mut out = String::with_capacity(html.len() * 2);
        let mut rest = html;
        while let Some(open) = rest.find(MARKER_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + MARKER_OPEN.len_utf8()..];
            let Some(close) = after.find(MARKER_CLOSE) else {
                break;
            };
            let inside = &after[..close];
            match read_marker(inside) {
                Some(placed) => self.place(&placed, &mut out)?,
                None => {
                    out.push(MARKER_OPEN);
                    out.push_str(inside);
                    out.push(MARKER_CLOSE);
                }
            }
            rest = &after[close + MARKER_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        Ok(Cow::Owned(out))
    }

    /// Writes a placed chart: its partial, rendered once, with this placement's element id and
    /// drawings put in.
    fn place(&self, placed: &Placed, out: &mut String) -> Result<(), PartialError> {
        let (Some(chart), Some(rendered)) = (
            self.charts.get(placed.chart),
            self.drawings.get(placed.chart),
        ) else {
            return Ok(());
        };
        let placing = Placing {
            template: match placed.placement {
                Placement::Figure => CHART_TEMPLATE,
                Placement::Spark => SPARK_TEMPLATE,
            },
            placement: placed.placement,
            instance: placed.instance,
            chart,
            rendered,
        };
        let partials = self.partials;
        let key = (self.lang, placing.template, placed.chart.to_string());
        let cached = partials
            .rendered
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned());
        let partial = match cached {
            Some(partial) => partial,
            None => {
                let view = self.view(&placing, false);
                if !partials.cacheable || view.holds_stand_in() {
                    out.push_str(&self.render(placing.template, &self.view(&placing, true))?);
                    return Ok(());
                }
                let partial: Arc<str> = self.render(placing.template, &view)?.into();
                if let Ok(mut cache) = partials.rendered.lock() {
                    cache.insert(key, partial.clone());
                }
                partial
            }
        };
        let (wide, narrow) = placing.drawings();
        let mut rest = &*partial;
        while let Some(at) = rest.find(STAND_IN) {
            out.push_str(&rest[..at]);
            let after = &rest[at + STAND_IN.len_utf8()..];
            let (put, letter) = match after.as_bytes().first() {
                Some(b'i') => (placed.instance, 1),
                Some(b'w') => (wide.as_str(), 1),
                Some(b'n') => (narrow.as_str(), 1),
                // A filter changed the letter: the stand-in stays as it was written.
                _ => ("\u{E004}", 0),
            };
            out.push_str(put);
            rest = &after[letter..];
        }
        out.push_str(rest);
        Ok(())
    }

    fn render(&self, template: &'static str, view: &ChartView) -> Result<String, PartialError> {
        let error = |error| PartialError { template, error };
        let context = Context::from_serialize(view).map_err(error)?;
        self.partials.tera.render(template, &context).map_err(error)
    }

    /// What the partial sees: this placement's element id and drawings when `complete`, stand-ins
    /// for them otherwise.
    fn view<'v>(&self, placing: &Placing<'v>, complete: bool) -> ChartView<'v>
    where
        'a: 'v,
    {
        let (chart, rendered) = (placing.chart, placing.rendered);
        let (instance, wide, narrow) = if complete {
            let (wide, narrow) = placing.drawings();
            (placing.instance.to_string(), wide, narrow)
        } else {
            let narrow = match (placing.placement, &rendered.narrow) {
                (Placement::Figure, Some(_)) => NARROW.to_string(),
                _ => String::new(),
            };
            (INSTANCE.to_string(), WIDE.to_string(), narrow)
        };
        let table = &chart.table;
        // Long series show their latest rows; the CSV file has every row.
        let skipped = table.rows.len().saturating_sub(TABLE_ROWS);
        let more_rows = if skipped > 0 {
            self.strings
                .fill("chart.more_rows", &[("n", &skipped.to_string())])
        } else {
            String::new()
        };
        ChartView {
            instance,
            kind: rendered.kind,
            title: &chart.title,
            source: &chart.source,
            wide,
            narrow,
            table: TableView {
                headers: &table.headers,
                rows: table.rows[skipped..]
                    .iter()
                    .map(|row| match row.split_first() {
                        Some((label, values)) => RowView { label, values },
                        None => RowView {
                            label: "",
                            values: &[],
                        },
                    })
                    .collect(),
                columns: table.headers.len().max(1),
                more_rows,
            },
            csv: format!("{}/{}", self.base_path, csv_path(&rendered.id)),
            t: ChartStrings {
                table: self.strings.get("chart.table"),
                csv: self.strings.get("chart.csv"),
            },
        }
    }
}

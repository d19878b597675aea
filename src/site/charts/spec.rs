//! What a chart shows, as the site decides it: numbers and texts already written in the page's
//! language. The draw stage turns these into SVG; nothing here knows how.

use serde::Serialize;

use crate::common::locale::{Lang, Unit};

/// One point of a time series; `x` is the day number of the end of its period.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: i64,
    pub x_label: String,
    pub value: f64,
    pub text: String,
    /// A hedged figure ("over", "nearly") is drawn as an open marker.
    pub hedged: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<Point>,
    pub highlight: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetLine {
    pub value: f64,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    Normal,
    /// The page's own province.
    Subject,
    National,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub emphasis: Emphasis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub label: String,
    /// One value per column; `None` where the part has no figure.
    pub values: Vec<Option<f64>>,
    pub texts: Vec<String>,
}

/// Where a map area is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// A square in a tile grid (1-based row and column).
    Tile { row: u32, column: u32 },
    /// Outer rings in map units, and islands too small to draw as shapes.
    Shapes {
        rings: Vec<Vec<(f64, f64)>>,
        dots: Vec<(f64, f64)>,
    },
}

/// One province on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    pub name: String,
    /// Short label written on a tile.
    pub label: String,
    pub url: Option<String>,
    /// The figure, shown in the area's tooltip; `None` when there is no data.
    pub value_text: Option<String>,
    /// Class index into the legend; `None` when there is no data.
    pub class: Option<usize>,
    /// The page's own province, outlined.
    pub subject: bool,
    pub geometry: Geometry,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A choropleth: tiles or boundaries coloured by class.
    Map {
        areas: Vec<MapArea>,
        /// Legend labels, one per class, lowest first.
        classes: Vec<String>,
        no_data: String,
        /// Extent of shape geometry in map units (tiles compute their own).
        extent: (f64, f64),
        attribution: Option<String>,
    },
    /// Values over time, with an optional target.
    Line {
        series: Vec<Series>,
        target: Option<TargetLine>,
    },
    /// Sorted horizontal bars.
    Ranking { bars: Vec<Bar> },
    /// Progress towards a target, on a scale where the target is 100%.
    Bullet {
        percent: f64,
        percent_text: String,
        actual_text: String,
        target_text: String,
    },
    /// Parts of a whole, one stacked column per period.
    Stacked {
        columns: Vec<String>,
        totals: Vec<String>,
        parts: Vec<Part>,
    },
    /// A small trend line beside a figure.
    Spark { points: Vec<(i64, f64)> },
}

impl Body {
    pub fn kind(&self) -> &'static str {
        match self {
            Body::Line { .. } => "line",
            Body::Ranking { .. } => "ranking",
            Body::Bullet { .. } => "bullet",
            Body::Stacked { .. } => "stacked",
            Body::Spark { .. } => "spark",
            Body::Map { .. } => "map",
        }
    }
}

/// The numbers behind a chart, as shown in its table and CSV file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Raw values for the CSV file, row by row (text cells where a value is not a number).
    #[serde(skip)]
    pub raw: Vec<Vec<String>>,
}

/// The words a value axis writes besides numbers, in the chart's language (`chart.scale_*` and
/// `chart.axis_not_from_zero` in the interface strings), so drawing needs no word of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisWords {
    /// After a tick value shortened to millions: "2 million".
    pub million: String,
    pub billion: String,
    pub trillion: String,
    /// Under a line chart whose value axis does not start at zero.
    pub not_from_zero: String,
}

impl AxisWords {
    /// The built-in words of `lang`, for charts drawn outside a site (benchmarks, tests).
    pub fn builtin(lang: Lang) -> AxisWords {
        super::wording::Wording::new(crate::input::i18n::builtin(lang), lang).axis_words()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What the chart is of (kind, language, indicator, regions, periods): two charts with the
    /// same key are the same chart. Cheap to hash, unlike the drawing data.
    pub key: String,
    pub body: Body,
    pub lang: Lang,
    pub unit: Unit,
    /// One message, stated as the title.
    pub title: String,
    /// The generated one-sentence summary (SVG `<desc>`).
    pub description: String,
    /// "Nguồn: ..." line shown under the chart.
    pub source: String,
    pub table: DataTable,
    pub axis: AxisWords,
}

impl Chart {
    /// A stable identifier from the chart's key, so identical charts are drawn once and their
    /// data files keep their names from build to build.
    pub fn id(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in self.key.bytes() {
            hash ^= byte as u64;
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{}-{hash:016x}", self.body.kind())
    }
}

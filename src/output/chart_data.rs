//! The charts' data files: one CSV per drawn chart (sparklines have none; their figures are in
//! the page's own text), linked from the chart's data table.

use crate::draw::Drawings;
use crate::site::charts::registry::ChartRegistry;
use crate::site::charts::spec::Body;

/// Where a chart's data file is written, relative to the site root.
pub fn csv_path(id: &str) -> String {
    format!("charts/{id}.csv")
}

/// The downloadable data of every drawn chart, sorted by path, borrowed from the drawings.
pub fn files<'d>(charts: &ChartRegistry, drawings: &'d Drawings) -> Vec<(String, &'d str)> {
    let mut files: Vec<(String, &str)> = charts
        .iter()
        .filter(|(_, chart)| !matches!(chart.body, Body::Spark { .. }))
        .filter_map(|(id, _)| drawings.get(id))
        .map(|rendered| (csv_path(&rendered.id), rendered.csv.as_str()))
        .collect();
    files.sort();
    files
}

//! The charts of a build by identity: a chart asked for by several pages is registered once,
//! drawn once (in parallel) and its data written to one CSV file.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::charts::{self, Body, Chart, Rendered};
use crate::diagnostics::{Diagnostic, Diagnostics};

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

/// Where a chart's data file is written, relative to the site root.
pub fn csv_path(id: &str) -> String {
    format!("charts/{id}.csv")
}

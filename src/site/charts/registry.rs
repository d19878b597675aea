//! The charts a build wants, by identity: a chart asked for by several pages is registered once,
//! so it is drawn once and its data written to one file.

use std::collections::BTreeMap;

use super::spec::Chart;

/// Charts wanted by the pages, by identity.
#[derive(Default, Clone)]
pub struct ChartRegistry {
    charts: BTreeMap<String, Chart>,
}

impl ChartRegistry {
    pub fn add(&mut self, chart: Chart) -> String {
        let id = chart.id();
        self.charts.entry(id.clone()).or_insert(chart);
        id
    }

    /// Adds the charts of `other` this registry does not have yet.
    pub fn merge(&mut self, other: &ChartRegistry) {
        for (id, chart) in &other.charts {
            self.charts
                .entry(id.clone())
                .or_insert_with(|| chart.clone());
        }
    }

    pub fn get(&self, id: &str) -> Option<&Chart> {
        self.charts.get(id)
    }

    /// Every chart with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Chart)> {
        self.charts.iter()
    }

    pub fn len(&self) -> usize {
        self.charts.len()
    }
}

//! The charts a build wants, by identity: a chart asked for by several pages is registered once,
//! so it is drawn once and its data written to one file.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::spec::Chart;

/// Charts wanted by the pages, by identity. Shared, so a plan made again from the same data
/// keeps the charts of the plan before without copying them.
#[derive(Default, Clone)]
pub struct ChartRegistry {
    charts: BTreeMap<String, Arc<Chart>>,
}

impl ChartRegistry {
    pub fn add(&mut self, chart: Chart) -> String {
        let id = chart.id();
        self.charts
            .entry(id.clone())
            .or_insert_with(|| Arc::new(chart));
        id
    }

    /// A chart already known by its id (from an earlier plan), shared.
    pub fn keep(&mut self, id: &str, chart: Arc<Chart>) {
        if !self.charts.contains_key(id) {
            self.charts.insert(id.to_string(), chart);
        }
    }

    /// The chart `id`, shared.
    pub fn shared(&self, id: &str) -> Option<Arc<Chart>> {
        self.charts.get(id).cloned()
    }

    /// Adds the charts of `other` this registry does not have yet.
    pub fn merge(&mut self, other: &ChartRegistry) {
        for (id, chart) in &other.charts {
            self.charts
                .entry(id.clone())
                .or_insert_with(|| Arc::clone(chart));
        }
    }

    pub fn get(&self, id: &str) -> Option<&Chart> {
        self.charts.get(id).map(Arc::as_ref)
    }

    /// Every chart with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Chart)> {
        self.charts.iter().map(|(id, chart)| (id, chart.as_ref()))
    }

    pub fn len(&self) -> usize {
        self.charts.len()
    }
}

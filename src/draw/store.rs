//! Drawing every chart a build wants, in parallel, keyed by content: a chart whose numbers and
//! words did not change since the last build of the same project is not drawn again.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::{render, Rendered};
use crate::common::diagnostics::{Diagnostic, Diagnostics};
use crate::common::panics;
use crate::site::charts::registry::ChartRegistry;
use crate::site::charts::spec::Chart;

/// The drawn charts of one build, by chart id.
#[derive(Default)]
pub struct Drawings {
    by_id: HashMap<String, Arc<Rendered>>,
}

impl Drawings {
    pub fn get(&self, id: &str) -> Option<&Rendered> {
        self.by_id.get(id).map(|r| r.as_ref())
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Drawings kept between builds of one project, by the content of the chart they show.
#[derive(Default)]
pub struct DrawCache {
    by_content: HashMap<u64, Arc<Rendered>>,
    /// How many charts this cache has drawn, for tests and the preview's report.
    drawn: usize,
}

impl DrawCache {
    pub fn drawn(&self) -> usize {
        self.drawn
    }
}

/// Everything a chart shows (numbers, words, language, unit), as one number. `Debug` writes every
/// field, floats included, exactly, so two charts with the same fingerprint draw the same.
fn fingerprint(chart: &Chart) -> u64 {
    struct Hashing(DefaultHasher);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(DefaultHasher::new());
    let _ = write!(hashing, "{chart:?}");
    hashing.0.finish()
}

/// Draws the charts of `wanted` that `cache` does not hold yet, in parallel; the cache then holds
/// exactly the drawings of `wanted`.
pub fn draw_all(wanted: &ChartRegistry, cache: &mut DrawCache) -> Result<Drawings, Diagnostics> {
    type Drawn = Result<Result<Rendered, String>, String>;
    let charts: Vec<(&String, &Chart)> = wanted.iter().collect();
    // Writing out every chart to fingerprint it is a tenth of a build's work: in parallel too.
    let keyed: Vec<(&String, &Chart, u64)> = charts
        .par_iter()
        .map(|&(id, chart)| (id, chart, fingerprint(chart)))
        .collect();
    let fresh: Vec<(&String, &Chart, u64, Drawn)> = keyed
        .par_iter()
        .filter(|(_, _, key)| !cache.by_content.contains_key(key))
        // A bug in drawing one chart is reported against that chart.
        .map(|&(id, chart, key)| (id, chart, key, panics::catch(|| render(chart))))
        .collect();
    let mut diagnostics = Diagnostics::new();
    let mut kept: HashMap<u64, Arc<Rendered>> = HashMap::with_capacity(keyed.len());
    for (id, chart, key, drawn) in fresh {
        cache.drawn += 1;
        match drawn {
            Ok(Ok(rendered)) => {
                kept.insert(key, Arc::new(rendered));
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
    let mut drawings = Drawings::default();
    for (id, _, key) in keyed {
        let rendered = kept
            .get(&key)
            .or_else(|| cache.by_content.get(&key))
            .cloned();
        if let Some(rendered) = rendered {
            kept.insert(key, rendered.clone());
            drawings.by_id.insert(id.clone(), rendered);
        }
    }
    cache.by_content = kept;
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(drawings)
    }
}

//! Drawing every chart a build wants, in parallel, keyed by content: a chart whose numbers and
//! words did not change since the last build of the same project is not drawn again.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::{render, DrawError, Rendered};
use crate::common::diagnostics::{Diagnostic, Diagnostics};
use crate::common::fingerprint::fingerprint;
use crate::common::messages::msg;
use crate::common::panics;
use crate::site::charts::registry::ChartRegistry;
use crate::site::charts::spec::Chart;

/// The drawn charts of one build, by chart id.
#[derive(Default)]
pub struct Drawings {
    by_id: HashMap<String, (u64, Arc<Rendered>)>,
}

impl Drawings {
    pub fn get(&self, id: &str) -> Option<&Rendered> {
        self.by_id.get(id).map(|(_, r)| r.as_ref())
    }

    /// The fingerprint of what a chart shows, for a cache that keeps drawings (for a single
    /// build, a number that only tells the charts of that build apart).
    pub fn content_key(&self, id: &str) -> Option<u64> {
        self.by_id.get(id).map(|(key, _)| *key)
    }
}

/// Drawings kept between builds of one project, by the content of the chart they show.
pub struct DrawCache {
    by_content: HashMap<u64, Arc<Rendered>>,
    /// How many charts this cache has drawn, for tests and the preview's report.
    drawn: usize,
    /// Whether drawings are kept: a single build has no use for them, and skips the
    /// fingerprint of every chart's data.
    keeps: bool,
}

impl DrawCache {
    /// For a project that lives on (a preview): drawings are kept by content between builds.
    pub fn keeping() -> DrawCache {
        DrawCache {
            by_content: HashMap::new(),
            drawn: 0,
            keeps: true,
        }
    }

    /// For one build: nothing is kept.
    pub fn single_use() -> DrawCache {
        DrawCache {
            keeps: false,
            ..DrawCache::keeping()
        }
    }

    pub fn drawn(&self) -> usize {
        self.drawn
    }
}

/// The diagnostic for a chart that plotters could not draw, naming the chart and the part.
fn undrawable(chart: &Chart, error: &DrawError) -> Diagnostic {
    Diagnostic::error(msg!("draw.undrawable", title = chart.title, error = error))
}

/// Draws the charts of `wanted` that `cache` does not hold yet, in parallel; the cache then holds
/// exactly the drawings of `wanted`. `same_inputs` are the drawings of a build from the same
/// data, strings and settings: a chart with the same id there shows the same thing, so its
/// content key is taken from it instead of being computed again.
pub fn draw_all(
    wanted: &ChartRegistry,
    cache: &mut DrawCache,
    same_inputs: Option<&Drawings>,
) -> Result<Drawings, Diagnostics> {
    type Drawn = Result<Result<Rendered, DrawError>, String>;
    let charts: Vec<(&String, &Chart)> = wanted.iter().collect();
    // A single build needs no fingerprints; a long-lived project writes out every chart to
    // fingerprint it, a tenth of a build's work: in parallel.
    let keyed: Vec<(&String, &Chart, u64)> = charts
        .par_iter()
        .enumerate()
        .map(|(n, &(id, chart))| {
            let known = same_inputs.and_then(|d| d.content_key(id));
            let key = match known {
                _ if !cache.keeps => n as u64,
                Some(key) => key,
                None => fingerprint(chart),
            };
            (id, chart, key)
        })
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
            Ok(Err(error)) => diagnostics.push(undrawable(chart, &error)),
            Err(message) => diagnostics.push(
                Diagnostic::error(msg!(
                    "draw.internal_error",
                    id = id,
                    title = chart.title,
                    message = message
                ))
                .help(msg!("draw.internal_error_help", key = chart.key)),
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
            drawings.by_id.insert(id.clone(), (key, rendered));
        }
    }
    if cache.keeps {
        cache.by_content = kept;
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(drawings)
    }
}

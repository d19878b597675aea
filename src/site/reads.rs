//! What each page reads, so that after an edit only the pages that read the edited input are
//! made again. Inputs are named by what they are (slugs and ids, not positions), so the names
//! stay comparable from one load of the project to the next.
//!
//! The lists are deliberately generous: a page that reads a little of an input is listed as
//! reading all of it. A missing entry would leave a stale page in the preview; an extra one
//! costs one render.

use super::charts::{MARKER_CLOSE, MARKER_OPEN};
use super::plan::{PageId, Plan};
use super::{PageKind, Site};
use crate::common::locale::Lang;

/// One input a page reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// The settings, interface strings, and the lists every page's frame and links use: regions
    /// and indicators with their names, sources, the set of pages.
    Global,
    /// The page's own template (and, through it, the templates every page shares).
    Template(&'static str),
    /// Every figure and target of one region, by slug.
    Region(String),
    /// Every figure and target of one indicator, by id.
    Indicator(String),
    /// One bulletin as resolved against the data, by language and slug.
    Bulletin(Lang, String),
    /// What the lists of bulletins show of every bulletin: title, date, summary, places.
    BulletinCards,
}

impl Plan {
    /// The inputs a page reads.
    pub fn reads(&self, site: &Site, id: &PageId) -> Vec<Input> {
        let Some(page) = self.page(id) else {
            return Vec::new();
        };
        let mut reads = vec![Input::Global, Input::Template(page.template())];
        let dataset = site.dataset;
        let headline = || {
            self.headline
                .iter()
                .map(|i| Input::Indicator(dataset.indicator(*i).id.clone()))
        };
        match page.kind {
            PageKind::Home => {
                reads.extend(headline());
                reads.push(Input::BulletinCards);
            }
            PageKind::Provinces => reads.extend(headline()),
            PageKind::Province(region) => {
                reads.push(Input::Region(dataset.region(region).slug.clone()));
                // The locator map colours every province by a headline indicator.
                reads.extend(headline());
                reads.push(Input::BulletinCards);
            }
            PageKind::Indicators => reads.extend(
                dataset
                    .indicator_ids()
                    .map(|i| Input::Indicator(dataset.indicator(i).id.clone())),
            ),
            PageKind::Indicator(indicator) => {
                reads.push(Input::Indicator(dataset.indicator(indicator).id.clone()));
            }
            PageKind::Bulletins => reads.push(Input::BulletinCards),
            PageKind::Bulletin(index) => {
                let source = &site.bulletins[index].source;
                reads.push(Input::Bulletin(source.lang, source.slug.clone()));
                // The language switch links to the translation, wherever it is.
                reads.push(Input::BulletinCards);
            }
            PageKind::NotFound => {}
        }
        reads
    }
}

impl Plan {
    /// The ids of the charts a page shows, its bulletin's included.
    pub fn charts_on(&self, site: &Site, id: &PageId) -> Vec<String> {
        let Some(page) = self.page(id) else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        if let Some(charts) = self.page_charts.get(&page.output) {
            ids.extend(charts.figures.iter().cloned());
            ids.extend(charts.map.iter().cloned());
            ids.extend(charts.progress.iter().map(|(_, _, id)| id.clone()));
            ids.extend(charts.sparks.iter().map(|(_, id)| id.clone()));
        }
        if let PageKind::Bulletin(index) = page.kind {
            ids.extend(
                marked_charts(&site.bulletins[index].html)
                    .into_iter()
                    .map(str::to_string),
            );
        }
        ids
    }
}

/// The chart ids a bulletin body names.
fn marked_charts(html: &str) -> Vec<&str> {
    html.split(MARKER_OPEN)
        .skip(1)
        .filter_map(|rest| rest.split_once(MARKER_CLOSE).map(|(id, _)| id))
        .collect()
}

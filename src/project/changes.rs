//! Which pages an edit touches. Every input a page reads (see `site::reads`) gets a fingerprint
//! of its content, and every page one made of the fingerprints of what it reads and of the
//! charts it shows. After a reload, a page is made again only when its fingerprint changed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::common::fingerprint::{fingerprint, Fingerprinter};
use rayon::prelude::*;

use crate::draw::Drawings;
use crate::site::bulletins::Bulletin;
use crate::site::{Input, PageId, Plan, Site};

/// The fingerprint of every page of a loaded project.
pub(super) type PagePrints = BTreeMap<PageId, u64>;

/// What a reload compares: every page's fingerprint, and the data's, to reuse when only
/// bulletins, templates or static files changed.
pub(super) struct Prints {
    pub(super) pages: PagePrints,
    pub(super) data: Arc<DataPrints>,
}

/// Fingerprints of the inputs pages read.
struct InputPrints {
    global: u64,
    data: Arc<DataPrints>,
    bulletins: HashMap<(crate::Lang, String), u64>,
    cards: u64,
    /// Page template name -> its source and the sources of every template pages share.
    templates: HashMap<String, u64>,
}

impl InputPrints {
    fn of(
        site: &Site,
        plan: &Plan,
        templates: &[(String, String)],
        data: Option<&Arc<DataPrints>>,
    ) -> InputPrints {
        let dataset = site.dataset;
        let mut global = Fingerprinter::default();
        global
            .add(site.config)
            .add(site.strings)
            .add(&dataset.regions)
            .add(&dataset.indicators)
            .add(&dataset.sources)
            .add(plan.headline());
        for (id, page) in plan.pages() {
            global.add(id).add(&page.url);
        }
        let data = match data {
            Some(data) => Arc::clone(data),
            None => Arc::new(DataPrints::of(dataset)),
        };
        let mut cards = Fingerprinter::default();
        let mut bulletins = HashMap::new();
        let bulletin_prints: Vec<u64> = site.bulletins.par_iter().map(bulletin_print).collect();
        for (bulletin, print) in site.bulletins.iter().zip(bulletin_prints) {
            let source = &bulletin.source;
            cards
                .add(&source.lang)
                .add(&source.slug)
                .add(&source.date)
                .add(&source.front)
                .add(&bulletin.regions)
                .add(&bulletin.period);
            bulletins.insert((source.lang, source.slug.clone()), print);
        }
        InputPrints {
            global: global.finish(),
            data,
            bulletins,
            cards: cards.finish(),
            templates: template_prints(templates),
        }
    }

    fn get(&self, input: &Input) -> u64 {
        let missing = 0;
        match input {
            Input::Global => self.global,
            Input::Template(name) => self.templates.get(*name).copied().unwrap_or(missing),
            Input::Region(slug) => self.data.regions.get(slug).copied().unwrap_or(missing),
            Input::Indicator(id) => self.data.indicators.get(id).copied().unwrap_or(missing),
            Input::Bulletin(lang, slug) => self
                .bulletins
                .get(&(*lang, slug.clone()))
                .copied()
                .unwrap_or(missing),
            Input::BulletinCards => self.cards,
        }
    }
}

/// Fingerprints of every region's and every indicator's figures and targets: the costly part,
/// kept from one reload to the next while the data does not change.
pub(super) struct DataPrints {
    regions: HashMap<String, u64>,
    indicators: HashMap<String, u64>,
}

impl DataPrints {
    fn of(dataset: &crate::model::Dataset) -> DataPrints {
        let mut regions: HashMap<String, Fingerprinter> = HashMap::new();
        let mut indicators: HashMap<String, Fingerprinter> = HashMap::new();
        // Each figure and target is written out once, then counted for its region and indicator.
        let figures = dataset
            .observations
            .par_iter()
            .map(|o| (o.region, o.indicator, fingerprint(o)));
        let targets = dataset
            .targets
            .par_iter()
            .map(|t| (t.region, t.indicator, fingerprint(t)));
        let prints: Vec<_> = figures.chain(targets).collect();
        for (region, indicator, print) in prints {
            let region = &dataset.region(region).slug;
            let indicator = &dataset.indicator(indicator).id;
            regions.entry(region.clone()).or_default().add(&print);
            indicators.entry(indicator.clone()).or_default().add(&print);
        }
        DataPrints {
            regions: finish(regions),
            indicators: finish(indicators),
        }
    }
}

/// Everything a bulletin is, its long texts (the Markdown, the front matter and the HTML) added
/// as they are.
fn bulletin_print(bulletin: &Bulletin) -> u64 {
    let source = &bulletin.source;
    let mut print = Fingerprinter::default();
    print
        .add(&source.file)
        .add(&source.slug)
        .add(&source.lang)
        .add(&source.date)
        .add(&source.body_first_line)
        .add_text(&source.front_text)
        .add_text(&source.body)
        .add(&bulletin.regions)
        .add(&bulletin.period)
        .add(&bulletin.cited)
        .add_text(&bulletin.html);
    print.finish()
}

fn finish(prints: HashMap<String, Fingerprinter>) -> HashMap<String, u64> {
    prints.into_iter().map(|(k, p)| (k, p.finish())).collect()
}

/// A page template reads itself and, through `extends`, `include` and `import`, possibly any
/// template that is not itself a page's: those count for every page.
fn template_prints(templates: &[(String, String)]) -> HashMap<String, u64> {
    let is_page = |name: &str| crate::site::PAGE_TEMPLATES.contains(&name);
    let mut shared = Fingerprinter::default();
    for (name, source) in templates.iter().filter(|(n, _)| !is_page(n)) {
        shared.add(name).add(source);
    }
    let shared = shared.finish();
    templates
        .iter()
        .filter(|(n, _)| is_page(n))
        .map(|(name, source)| {
            let mut print = Fingerprinter::default();
            print.add(&shared).add(source);
            (name.clone(), print.finish())
        })
        .collect()
}

/// The fingerprint of every page: what it reads and the content of the charts it shows (the
/// draw stage's content keys, so no chart is written out again).
pub(super) fn page_prints(
    site: &Site,
    plan: &Plan,
    drawings: &Drawings,
    templates: &[(String, String)],
    data: Option<&Arc<DataPrints>>,
) -> Prints {
    let inputs = InputPrints::of(site, plan, templates, data);
    let chart_print = |id: &str| drawings.content_key(id).unwrap_or(0);
    let pages: Vec<&PageId> = plan.pages().map(|(id, _)| id).collect();
    let pages = pages
        .par_iter()
        .map(|&id| {
            let mut print = Fingerprinter::default();
            for input in plan.reads(site, id) {
                print.add(&inputs.get(&input));
            }
            for chart in plan.charts_on(site, id) {
                print.add(&chart_print(&chart));
            }
            (id.clone(), print.finish())
        })
        .collect();
    Prints {
        pages,
        data: inputs.data,
    }
}

/// The pages of `new` to make again after a reload, and the pages that no longer exist.
pub(super) fn changed_pages(old: &PagePrints, new: &PagePrints) -> (Vec<PageId>, Vec<PageId>) {
    let changed = new
        .iter()
        .filter(|(id, print)| old.get(*id) != Some(*print))
        .map(|(id, _)| id.clone())
        .collect();
    let removed = old
        .keys()
        .filter(|id| !new.contains_key(*id))
        .cloned()
        .collect();
    (changed, removed)
}

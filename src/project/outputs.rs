//! Every file of the finished site, declared by its kind before anything is written: the
//! collision check and the link check work from this one list, and a new kind of output (a feed,
//! a sitemap, a search index) joins it by declaring its paths here and writing through the sink.

use std::collections::BTreeMap;
use std::path::Path;

use super::Project;
use crate::common::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;
use crate::output::pages::{ROBOTS_FILE, SITEMAP_FILE};

/// The kinds of file a site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Page,
    /// The stylesheet and the favicons, under names carrying their content's hash.
    Theme,
    ChartData,
    /// An Atom feed beside its page.
    Feed,
    /// The sitemap and robots.txt, for search engines.
    Sitemap,
    /// A file of `static/`, copied as it is.
    Static,
}

impl OutputKind {
    /// Files a link may point at without being a page.
    pub fn is_file(self) -> bool {
        self != OutputKind::Page
    }
}

/// Every path of the site with the kind of file written there.
pub struct Declared {
    paths: BTreeMap<String, OutputKind>,
}

impl Declared {
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, OutputKind)> {
        self.paths.iter().map(|(path, kind)| (path, *kind))
    }
}

impl Project {
    /// Every file the site will have, by kind. A static file at the address of a generated
    /// file is an error: it would silently replace a page.
    pub(super) fn declare_outputs(&self, diagnostics: &mut Diagnostics) -> Declared {
        let mut paths = BTreeMap::new();
        let plan = &self.loaded.plan;
        for (_, page) in plan.pages() {
            paths.insert(page.output.clone(), OutputKind::Page);
        }
        for asset in self.loaded.renderer.assets().iter() {
            paths.insert(asset.file.clone(), OutputKind::Theme);
        }
        let site = self.loaded.site();
        for feed in site.feeds() {
            paths.insert(feed.path, OutputKind::Feed);
        }
        paths.insert(SITEMAP_FILE.to_string(), OutputKind::Sitemap);
        if !self.has_own_robots() {
            paths.insert(ROBOTS_FILE.to_string(), OutputKind::Sitemap);
        }
        for (path, _) in self.chart_data() {
            paths.insert(path, OutputKind::ChartData);
        }
        let root = &self.options.root;
        let static_dir = root.join(&self.loaded.config.paths.static_files);
        for (relative, _) in self.statics() {
            match paths.get(relative) {
                Some(_) => diagnostics.push(collision(root, &static_dir, relative)),
                None => {
                    paths.insert(relative.clone(), OutputKind::Static);
                }
            }
        }
        Declared { paths }
    }
}

fn collision(root: &Path, static_dir: &Path, relative: &str) -> Diagnostic {
    Diagnostic::error(msg!("project.static_collision", file = relative))
        .at(Location::file(display_path(
            root,
            &static_dir.join(relative),
        )))
        .help(msg!("project.static_collision_help"))
}

//! Rendering the files read away from the site: the Atom feeds, the sitemap and robots.txt,
//! through their templates (`atom.xml`, `sitemap.xml`, `robots.txt`), which a site may override.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use super::{error_chain_parts, Renderer, Sink};
use crate::common::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;
use crate::draw::Drawings;
use crate::output::embed::{Embedder, Partials};
use crate::output::relative::{absolute_links, without_drawings};
use crate::site::syndication::Feed;
use crate::site::Site;

pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";

impl Renderer {
    /// Writes every feed, the sitemap and, unless the site has its own, robots.txt into `sink`.
    pub fn render_syndication(
        &self,
        site: &Site,
        (feeds, own_robots): (&[Feed], bool),
        drawings: &Drawings,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostics> {
        let contents = self.feed_contents(site, feeds, drawings)?;
        let content = |index: usize| contents.get(&index).cloned().unwrap_or_default();
        let written: Vec<Result<(), Diagnostic>> = feeds
            .par_iter()
            .map(|feed| {
                let context = site.feed_context(feed, &content);
                self.render_file("atom.xml", &context, &feed.path, sink)
            })
            .collect();
        let mut diagnostics: Diagnostics = written.into_iter().filter_map(Result::err).collect();
        let mut files = vec![("sitemap.xml", site.sitemap_context(), SITEMAP_FILE)];
        if !own_robots {
            files.push(("robots.txt", site.robots_context(), ROBOTS_FILE));
        }
        for (template, context, path) in files {
            if let Err(d) = self.render_file(template, &context, path, sink) {
                diagnostics.push(d);
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(())
    }

    /// Each bulletin in any feed, as its page shows it: charts in place but without their
    /// drawings, every link absolute. Made once, however many feeds list the bulletin.
    fn feed_contents(
        &self,
        site: &Site,
        feeds: &[Feed],
        drawings: &Drawings,
    ) -> Result<HashMap<usize, String>, Diagnostics> {
        let partials = Partials::new(&self.tera, self.templates.iter().map(|(_, t)| t.as_str()));
        let bulletins: BTreeSet<usize> = feeds.iter().flat_map(|f| f.entries.clone()).collect();
        let made: Vec<Result<(usize, String), Diagnostic>> = bulletins
            .into_par_iter()
            .map(|index| {
                let lang = site.bulletins[index].source.lang;
                let embedder = Embedder {
                    partials: &partials,
                    charts: site.charts,
                    drawings,
                    lang,
                    strings: &site.strings[&lang],
                    base_path: site.urls.base_path(),
                };
                let body = site.bulletin_body(index);
                let filled = embedder.fill(&body).map_err(|partial| {
                    self.template_failure(partial.template, &error_chain_parts(&partial.error))
                })?;
                let html = without_drawings(&filled);
                let html = absolute_links(&html, &site.config.base_url, site.urls.base_path());
                Ok((index, html))
            })
            .collect();
        let mut contents = HashMap::new();
        let mut diagnostics = Diagnostics::new();
        for result in made {
            match result {
                Ok((index, html)) => {
                    contents.insert(index, html);
                }
                Err(d) => diagnostics.push(d),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(contents)
    }

    fn render_file(
        &self,
        template: &str,
        context: &tera::Context,
        path: &str,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        let text = self
            .tera
            .render(template, context)
            .map_err(|error| self.template_failure(template, &error_chain_parts(&error)))?;
        sink.write(path, text.as_bytes())
    }

    /// A template of a feed, the sitemap or robots.txt that failed to render.
    fn template_failure(&self, template: &str, chain: &[String]) -> Diagnostic {
        let shown = display_path(&self.root, &self.templates_dir.join(template));
        Diagnostic::error(msg!(
            "output.template.file_failed",
            template = template,
            problem = chain.join(": ")
        ))
        .at(Location::file(shown))
        .help(msg!(
            "output.template.file_failed_help",
            template = template
        ))
    }
}

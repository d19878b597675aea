//! Templates: the built-in theme (compiled into the binary from `templates/`), overridden file by
//! file by the site's own `templates/` folder, rendered in parallel.

mod failures;
mod functions;
mod graph;
mod syndication;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Tera;

use crate::common::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;
use crate::common::panics;
use crate::draw::Drawings;
use crate::output::assets::Assets;
use crate::output::embed::{Embedder, Partials};
use crate::output::links::PageLinks;
use crate::output::relative::relative_links;
use crate::site::{PageKind, PageSpec, Site};
use failures::PageFailure;
pub use syndication::{ROBOTS_FILE, SITEMAP_FILE};

/// The built-in theme. The repository's `templates/` folder is this theme, so the reference site
/// and a site with no templates of its own look the same.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../../templates/base.html")),
    (
        "macros.html",
        include_str!("../../../templates/macros.html"),
    ),
    ("index.html", include_str!("../../../templates/index.html")),
    (
        "provinces.html",
        include_str!("../../../templates/provinces.html"),
    ),
    (
        "province.html",
        include_str!("../../../templates/province.html"),
    ),
    (
        "indicators.html",
        include_str!("../../../templates/indicators.html"),
    ),
    (
        "indicator.html",
        include_str!("../../../templates/indicator.html"),
    ),
    (
        "bulletins.html",
        include_str!("../../../templates/bulletins.html"),
    ),
    (
        "bulletin.html",
        include_str!("../../../templates/bulletin.html"),
    ),
    ("404.html", include_str!("../../../templates/404.html")),
    ("chart.html", include_str!("../../../templates/chart.html")),
    ("spark.html", include_str!("../../../templates/spark.html")),
    ("atom.xml", include_str!("../../../templates/atom.xml")),
    (
        "sitemap.xml",
        include_str!("../../../templates/sitemap.xml"),
    ),
    ("robots.txt", include_str!("../../../templates/robots.txt")),
];

/// Where finished files go (a path relative to the site, with `/`, and its bytes), from many
/// threads at once. The output stage provides the staging folder of a build, memory for a
/// preview and nowhere for `check`; rendering never knows which.
pub trait Sink: Sync {
    fn write(&self, path: &str, contents: &[u8]) -> Result<(), Diagnostic>;
}

pub struct Renderer {
    tera: Tera,
    assets: Assets,
    /// Every template by name with its source, to say where a rendering error is.
    templates: Vec<(String, String)>,
    templates_dir: PathBuf,
    root: PathBuf,
}

impl Renderer {
    /// Reads the site's templates over the built-in theme. Findings go to `diagnostics`; `None`
    /// when any of them is an error.
    pub fn new(
        root: &Path,
        templates_dir: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Option<Renderer> {
        // Judged on its own findings: mistakes in the data must not hide a template's.
        let mut own = Diagnostics::new();
        let renderer = Renderer::load(root, templates_dir, &mut own);
        diagnostics.extend(own);
        renderer
    }

    fn load(root: &Path, templates_dir: &Path, diagnostics: &mut Diagnostics) -> Option<Renderer> {
        let mut templates: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut assets = Assets::default();
        let mut site_templates = HashSet::new();
        for found in crate::common::walk::files(root, templates_dir, diagnostics) {
            let name = found.relative;
            if Assets::is_theme_file(&name) {
                match read_theme_file(root, &found.path, &name) {
                    Ok(bytes) => {
                        assets.replace(&name, bytes);
                    }
                    Err(d) => diagnostics.push(d),
                }
                continue;
            }
            if !name.ends_with(".html") && !BUILTIN_TEMPLATES.iter().any(|(n, _)| *n == name) {
                continue;
            }
            match crate::common::walk::read_text(root, &found.path) {
                Ok(text) => {
                    site_templates.insert(name.clone());
                    match templates.iter_mut().find(|(n, _)| *n == name) {
                        Some(slot) => slot.1 = text,
                        None => templates.push((name, text)),
                    }
                }
                Err(d) => diagnostics.push(d),
            }
        }
        // Tera would recurse forever on a loop of uses: find them before Tera sees them. A
        // template Tera cannot parse is left to Tera to report, below.
        if let Ok(graph) = graph::Graph::new(&templates) {
            let is_site_file = |file: usize| site_templates.contains(graph.names[file]);
            for cycle in graph::cycles(&graph, &is_site_file) {
                diagnostics.push(cycle_diagnostic(&graph, &cycle, templates_dir, root));
            }
        }
        if diagnostics.has_errors() {
            return None;
        }
        let mut tera = Tera::default();
        // Tera's default escaper also rewrites `/` as `&#x2F;`, which mangles every URL.
        tera.set_escape_fn(crate::common::text::escape_html_str);
        functions::harden(&mut tera);
        if let Err(error) =
            tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            // Tera names the failing template in its message; find which one it was.
            let text = error_chain(&error);
            let name = templates
                .iter()
                .map(|(n, _)| n.as_str())
                .find(|n| text.contains(&format!("'{n}'")) || text.contains(&format!("\"{n}\"")))
                .unwrap_or("");
            diagnostics.push(template_diagnostic(&error, name, templates_dir, root));
        }
        if diagnostics.has_errors() {
            return None;
        }
        Some(Renderer {
            tera,
            assets,
            templates,
            templates_dir: templates_dir.to_path_buf(),
            root: root.to_path_buf(),
        })
    }

    /// Renders pages in parallel, handing each file to `sink` as soon as it is made (the build
    /// writes it; `check` drops it). Returns what the link check needs, in page order. A
    /// mistake in a template shared by many pages is reported once.
    pub fn render_pages(
        &self,
        site: &Site,
        pages: &[&PageSpec],
        drawings: &Drawings,
        sink: &dyn Sink,
    ) -> Result<Vec<PageLinks>, Diagnostics> {
        let partials = Partials::new(&self.tera, self.templates.iter().map(|(_, t)| t.as_str()));
        let results: Vec<Result<PageLinks, PageFailure>> = pages
            .par_iter()
            .map(|page| {
                let source = match page.kind {
                    PageKind::Bulletin(i) => Some(site.bulletins[i].source.file.clone()),
                    _ => None,
                };
                // A bug anywhere in rendering one page is reported against that page.
                panics::catch(|| self.render_page(site, drawings, &partials, page, sink, &source))
                    .unwrap_or_else(|message| {
                        Err(PageFailure::Panic {
                            template: page.template().to_string(),
                            message,
                            url: page.url.clone(),
                            source: source.clone(),
                        })
                    })
            })
            .collect();
        let mut links = Vec::with_capacity(results.len());
        let mut failed = Vec::new();
        for result in results {
            match result {
                Ok(page_links) => links.push(page_links),
                Err(failure) => failed.push(failure),
            }
        }
        let diagnostics: Diagnostics =
            failures::report(failed, &self.templates, &self.templates_dir, &self.root)
                .into_iter()
                .collect();
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(links)
    }

    /// The theme's files (stylesheet, favicons): the site's own where its `templates/` folder
    /// has them, the built-in ones otherwise.
    pub fn assets(&self) -> &Assets {
        &self.assets
    }

    /// Every template by name, with its source.
    pub fn sources(&self) -> &[(String, String)] {
        &self.templates
    }

    fn render_page(
        &self,
        site: &Site,
        drawings: &Drawings,
        partials: &Partials,
        page: &PageSpec,
        sink: &dyn Sink,
        source: &Option<PathBuf>,
    ) -> Result<PageLinks, PageFailure> {
        let context = site.context(page);
        let html = self
            .tera
            .render(page.template(), &context)
            .map_err(|error| PageFailure::Template {
                template: page.template().to_string(),
                chain: error_chain_parts(&error),
                url: page.url.clone(),
                source: source.clone(),
            })?;
        let embedder = Embedder {
            partials,
            charts: site.charts,
            drawings,
            lang: page.lang,
            strings: &site.strings[&page.lang],
            base_path: site.urls.base_path(),
        };
        let html = embedder
            .fill(&html)
            .map_err(|partial| PageFailure::Template {
                template: partial.template.to_string(),
                chain: error_chain_parts(&partial.error),
                url: page.url.clone(),
                source: source.clone(),
            })?;
        let links = PageLinks::of(&page.output, &html);
        // The 404 page is served at any missing address, at any depth: its links stay rooted.
        let html = match page.kind {
            PageKind::NotFound => html.into_owned(),
            _ => relative_links(&html, &page.output, site.urls.base_path()),
        };
        sink.write(&page.output, html.as_bytes())
            .map_err(PageFailure::Other)?;
        Ok(links)
    }
}

/// A theme file of the site: the stylesheet must be text (a browser reads it as UTF-8).
fn read_theme_file(root: &Path, path: &Path, name: &str) -> Result<Vec<u8>, Diagnostic> {
    if name.ends_with(".css") || name.ends_with(".svg") {
        crate::common::walk::read_text(root, path).map(String::into_bytes)
    } else {
        crate::common::walk::read(root, path)
    }
}

/// A loop of template uses, located at the first use written in a site template.
fn cycle_diagnostic(
    graph: &graph::Graph,
    cycle: &graph::Cycle,
    templates_dir: &Path,
    root: &Path,
) -> Diagnostic {
    let Some(first) = cycle.first() else {
        return Diagnostic::error(msg!("output.template.cycle"));
    };
    let file = graph::Graph::file_of(&first.from);
    let shown = display_path(root, &templates_dir.join(graph.names[file]));
    let location = match first.position {
        Some((line, column)) => Location::at(shown, line, column),
        None => Location::file(shown),
    };
    let kinds: Vec<graph::Use> = cycle.iter().map(|e| e.kind).collect();
    let chain = graph::describe_cycle(graph, cycle);
    let (message, help) = if kinds.contains(&graph::Use::Calls) {
        (
            msg!("output.template.recursive_macro", chain = chain),
            msg!("output.template.recursive_macro_help"),
        )
    } else if kinds.contains(&graph::Use::Extends) {
        (
            msg!("output.template.extends_loop", chain = chain),
            msg!("output.template.extends_loop_help"),
        )
    } else if kinds.contains(&graph::Use::Imports) {
        (
            msg!("output.template.imports_loop", chain = chain),
            msg!("output.template.imports_loop_help"),
        )
    } else {
        (
            msg!("output.template.includes_loop", chain = chain),
            msg!("output.template.includes_loop_help"),
        )
    };
    Diagnostic::error(message).at(location).help(help)
}

fn error_chain(error: &tera::Error) -> String {
    error_chain_parts(error).join(": ")
}

/// Tera's error and its causes, outermost first.
fn error_chain_parts(error: &tera::Error) -> Vec<String> {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts
}

/// Tera reports syntax errors as ` --> LINE:COLUMN`; turn that into a location.
fn template_diagnostic(
    error: &tera::Error,
    name: &str,
    templates_dir: &Path,
    root: &Path,
) -> Diagnostic {
    let text = error_chain(error);
    let shown = display_path(root, &templates_dir.join(name));
    let position = text.split("--> ").nth(1).and_then(|rest| {
        let mut numbers = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((numbers.next()?.parse().ok()?, numbers.next()?.parse().ok()?))
    });
    let location = match position {
        Some((line, column)) => Location::at(shown, line, column),
        None => Location::file(shown),
    };
    let details = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Diagnostic::error(msg!(
        "output.template.unreadable",
        problem = text.lines().next().unwrap_or("")
    ))
    .at(location)
    .help(msg!("output.template.unreadable_help", details = details))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loop_of_templates_is_described_in_vietnamese() {
        let site = tempfile::tempdir().unwrap();
        let templates = site.path().join("templates");
        std::fs::create_dir(&templates).unwrap();
        std::fs::write(
            templates.join("base.html"),
            "<html>{% include \"header.html\" %}{% block content %}{% endblock content %}</html>",
        )
        .unwrap();
        std::fs::write(
            templates.join("header.html"),
            "<header>{% include \"base.html\" %}</header>",
        )
        .unwrap();
        let mut diagnostics = Diagnostics::new();
        let renderer = crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
            Renderer::new(site.path(), &templates, &mut diagnostics)
        });
        assert!(renderer.is_none());
        let found = diagnostics.iter().next().unwrap();
        assert_eq!(
            found.message,
            "các mẫu trang chèn lẫn nhau thành vòng lặp, nên trang sẽ dài vô tận: \
             base.html chèn header.html, mẫu này lại chèn base.html"
        );
        assert!(found
            .help
            .as_deref()
            .unwrap()
            .starts_with("hãy bỏ một trong các lệnh include này"));
    }
}

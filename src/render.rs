//! Templates: the built-in theme (compiled into the binary from `templates/`), overridden file by
//! file by the site's own `templates/` folder, rendered in parallel.

use std::path::Path;

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::links::PageLinks;
use crate::site::{PageKind, Site};

/// The built-in theme. The repository's `templates/` folder is this theme, so the reference site
/// and a site with no templates of its own look the same.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("index.html", include_str!("../templates/index.html")),
    (
        "provinces.html",
        include_str!("../templates/provinces.html"),
    ),
    ("province.html", include_str!("../templates/province.html")),
    (
        "indicators.html",
        include_str!("../templates/indicators.html"),
    ),
    (
        "indicator.html",
        include_str!("../templates/indicator.html"),
    ),
    (
        "bulletins.html",
        include_str!("../templates/bulletins.html"),
    ),
    ("bulletin.html", include_str!("../templates/bulletin.html")),
    ("404.html", include_str!("../templates/404.html")),
];

pub const BUILTIN_STYLESHEET: &str = include_str!("../templates/style.css");
pub const STYLESHEET_FILE: &str = "style.css";

/// Receives each finished file (path relative to the site, bytes); called from many threads.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// A file of the finished site, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub contents: Vec<u8>,
}

pub struct Renderer {
    tera: Tera,
    stylesheet: String,
}

impl Renderer {
    /// Reads the site's templates over the built-in theme. Findings go to `diagnostics`; `None`
    /// when any of them is an error.
    pub fn new(
        root: &Path,
        templates_dir: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Option<Renderer> {
        let mut templates: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut stylesheet = BUILTIN_STYLESHEET.to_string();
        for found in crate::walk::files(root, templates_dir, diagnostics) {
            let name = found.relative;
            let is_html = name.ends_with(".html");
            if !is_html && name != STYLESHEET_FILE {
                continue;
            }
            match crate::walk::read_text(root, &found.path) {
                Ok(text) if is_html => match templates.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => templates.push((name, text)),
                },
                Ok(text) => stylesheet = text,
                Err(d) => diagnostics.push(d),
            }
        }
        let mut tera = Tera::default();
        // Tera's default escaper also rewrites `/` as `&#x2F;`, which mangles every URL.
        tera.set_escape_fn(crate::text::escape_html_str);
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
        Some(Renderer { tera, stylesheet })
    }

    /// Renders every page of the site in parallel, handing each file to `sink` as soon as it is
    /// made (the build writes it; `check` drops it). Returns what the link check needs, in page order.
    pub fn render(&self, site: &Site, sink: &Sink) -> Result<Vec<PageLinks>, Diagnostics> {
        let results: Vec<Result<PageLinks, Diagnostic>> = site
            .pages
            .par_iter()
            .map(|page| {
                let context = site.context(page);
                let html = self.tera.render(page.template(), &context).map_err(|error| {
                    let mut d = Diagnostic::error(format!(
                        "the template `{}` failed on the page {}: {}",
                        page.template(),
                        page.url,
                        error_chain(&error)
                    ))
                    .at(Location::file(format!("templates/{}", page.template())))
                    .help("check the variable names used in the template; a missing interface string is added to templates/i18n/");
                    if let PageKind::Bulletin(i) = page.kind {
                        d = d.help(format!("the page comes from {}", site.bulletins[i].source.file.display()));
                    }
                    d
                })?;
                let links = PageLinks::of(&page.output, &html);
                sink(&page.output, html.as_bytes())?;
                Ok(links)
            })
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        let mut diagnostics = Diagnostics::new();
        for result in results {
            match result {
                Ok(links) => pages.push(links),
                Err(d) => diagnostics.push(d),
            }
        }
        if let Err(d) = sink(STYLESHEET_FILE, self.stylesheet.as_bytes()) {
            diagnostics.push(d);
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(pages)
    }
}

fn error_chain(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.join(": ")
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
    Diagnostic::error(format!(
        "the template cannot be read: {}",
        text.lines().next().unwrap_or("")
    ))
    .at(location)
    .help(format!(
        "fix the template syntax ({{{{ value }}}}, {{% if %}}...{{% endif %}}); details: {}",
        text.replace('\n', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    ))
}

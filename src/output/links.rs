//! Internal link check over the finished pages: every `href`/`src` into the site must reach a
//! file of the output, and every `#fragment` an element id on that page.

use std::collections::{HashMap, HashSet};

use crate::common::diagnostics::{Diagnostic, Location};

/// One broken link: where it is and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub page: String,
    pub link: String,
    pub reason: String,
}

impl BrokenLink {
    pub fn diagnostic(&self, source_file: Option<&std::path::Path>) -> Diagnostic {
        let location = match source_file {
            Some(file) => Location::file(file).with_label(format!("page {}", self.page)),
            None => Location::file(format!("output/{}", self.page)),
        };
        Diagnostic::error(format!("broken link `{}` on {}: {}", self.link, self.page, self.reason))
            .at(location)
            .help("fix the address; site pages are /provinces/<slug>/, /indicators/<id>/, /bulletins/<slug>/ (with /en/ in front for English)")
    }
}

/// Attribute values of `href="..."` and `src="..."` in an HTML page.
fn link_targets(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            let preceded_by_space = rest[..start].ends_with(|c: char| c.is_whitespace());
            let after = &rest[start + attribute.len()..];
            let Some(end) = after.find('"') else { break };
            if preceded_by_space {
                links.push(unescape(&after[..end]));
            }
            rest = &after[end..];
        }
    }
    links
}

fn unescape(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
}

fn element_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(start) = rest.find(" id=\"") {
        let after = &rest[start + 5..];
        let Some(end) = after.find('"') else { break };
        ids.insert(unescape(&after[..end]));
        rest = &after[end..];
    }
    ids
}

/// What the link check needs of a page: its links and its element ids, not its HTML.
#[derive(Debug, Clone)]
pub struct PageLinks {
    pub page: String,
    pub links: Vec<String>,
    pub ids: HashSet<String>,
}

impl PageLinks {
    pub fn of(page: &str, html: &str) -> PageLinks {
        PageLinks {
            page: page.to_string(),
            links: link_targets(html),
            ids: element_ids(html),
        }
    }
}

/// Checks all links between `pages`. `other_files` are non-HTML outputs (stylesheet, static
/// files). `base_path` is the site's path prefix (`` or `/sub`).
pub fn check_links(
    pages: &[PageLinks],
    other_files: &HashSet<String>,
    base_path: &str,
) -> Vec<BrokenLink> {
    let ids: HashMap<&str, &HashSet<String>> =
        pages.iter().map(|p| (p.page.as_str(), &p.ids)).collect();
    let exists = |path: &str| ids.contains_key(path) || other_files.contains(path);
    let mut broken = Vec::new();
    for page in pages {
        for link in &page.links {
            let (address, fragment) = match link.split_once('#') {
                Some((a, f)) => (a, Some(f)),
                None => (link.as_str(), None),
            };
            let address = address.split('?').next().unwrap_or("");
            let report = |reason: &str| BrokenLink {
                page: page.page.clone(),
                link: link.clone(),
                reason: reason.to_string(),
            };
            if address.is_empty() {
                if let Some(fragment) = fragment {
                    if !fragment.is_empty() && !page.ids.contains(fragment) {
                        broken.push(report("no element on this page has that id"));
                    }
                }
                continue;
            }
            if !address.starts_with('/') || address.starts_with("//") {
                // External (http:, mailto:) or relative links are not the site's own addresses.
                continue;
            }
            let Some(inside) = address
                .strip_prefix(base_path)
                .filter(|r| r.is_empty() || r.starts_with('/'))
            else {
                broken.push(report(&format!(
                    "it is outside the site's base path `{base_path}/`"
                )));
                continue;
            };
            let inside = inside.trim_start_matches('/');
            let target = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else if exists(inside) {
                inside.to_string()
            } else {
                format!("{inside}/index.html")
            };
            if !exists(&target) {
                broken.push(report("no such page"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                if ids
                    .get(target.as_str())
                    .is_some_and(|page_ids| !page_ids.contains(fragment))
                {
                    broken.push(report("the page has no element with that id"));
                }
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_pages_and_fragments() {
        let pages = [
            (
                "index.html",
                r##"<a href="/provinces/">a</a> <a href="/nope/">b</a> <a href="#top">c</a> <a href="https://x.vn/">d</a> <link href="/style.css">"##,
            ),
            (
                "provinces/index.html",
                r##"<h1 id="top">x</h1><a href="/#top">home</a><a href="/provinces/#missing">m</a>"##,
            ),
        ];
        let others: HashSet<String> = ["style.css".to_string()].into();
        let pages: Vec<PageLinks> = pages.iter().map(|(p, h)| PageLinks::of(p, h)).collect();
        let broken = check_links(&pages, &others, "");
        let links: Vec<&str> = broken.iter().map(|b| b.link.as_str()).collect();
        assert_eq!(links, ["/nope/", "#top", "/#top", "/provinces/#missing"]);
    }

    #[test]
    fn respects_the_base_path() {
        let pages = [(
            "index.html",
            r#"<a href="/sub/">ok</a><a href="/other/">out</a>"#,
        )];
        let pages: Vec<PageLinks> = pages.iter().map(|(p, h)| PageLinks::of(p, h)).collect();
        let broken = check_links(&pages, &HashSet::new(), "/sub");
        assert_eq!(broken.len(), 1);
        assert!(broken[0].reason.contains("base path"));
    }

    #[test]
    fn ignores_look_alike_attributes() {
        let pages = [("index.html", r#"<a data-href="/x/" href="/">ok</a>"#)];
        let pages: Vec<PageLinks> = pages.iter().map(|(p, h)| PageLinks::of(p, h)).collect();
        assert!(check_links(&pages, &HashSet::new(), "").is_empty());
    }
}

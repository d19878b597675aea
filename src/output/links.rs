//! Internal link check over the finished pages: every `href`/`src` into the site must reach a
//! file of the output, and every `#fragment` an element id on that page.

use std::collections::{HashMap, HashSet};

use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::messages::msg;

/// One broken link: where it is and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub page: String,
    pub link: String,
    pub reason: Reason,
}

/// Why a link of the site leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A `#fragment` of the page itself that no element has.
    NoIdHere,
    /// An address that does not start with the site's base path (given).
    OutsideBase(String),
    NoPage,
    /// A page that exists, without the element the `#fragment` names.
    NoIdThere,
}

impl Reason {
    fn words(&self) -> String {
        match self {
            Reason::NoIdHere => msg!("output.links.no_id_here"),
            Reason::OutsideBase(base) => msg!("output.links.outside_base", base = base),
            Reason::NoPage => msg!("output.links.no_page"),
            Reason::NoIdThere => msg!("output.links.no_id_there"),
        }
    }
}

impl BrokenLink {
    pub fn diagnostic(&self, source_file: Option<&std::path::Path>) -> Diagnostic {
        let location = match source_file {
            Some(file) => {
                Location::file(file).with_label(msg!("output.links.page", page = self.page))
            }
            None => Location::file(format!("output/{}", self.page)),
        };
        Diagnostic::error(msg!(
            "output.links.broken",
            link = self.link,
            page = self.page,
            reason = self.reason.words()
        ))
        .at(location)
        .help(msg!("output.links.broken_help"))
    }
}

/// The link targets (`href` and `src` values) and element ids of an HTML page, in one pass:
/// every `="` is found with a vectorised search and its attribute name read backwards.
fn links_and_ids(html: &str) -> (Vec<String>, HashSet<String>) {
    // Links in the order the check has always reported them: every `href`, then every `src`.
    let (mut links, mut sources) = (Vec::new(), Vec::new());
    let mut ids = HashSet::new();
    let bytes = html.as_bytes();
    let mut values_end = 0;
    for equals in memchr::memmem::find_iter(bytes, b"=\"") {
        let value_start = equals + 2;
        // `="` inside a value just read (impossible in escaped HTML, but cheap to skip).
        if equals < values_end {
            continue;
        }
        let Some(length) = memchr::memchr(b'"', &bytes[value_start..]) else {
            break;
        };
        values_end = value_start + length;
        // Most attributes are drawing ones (`x`, `fill`, `points`): skip them by their last letter.
        if !matches!(
            equals.checked_sub(1).map(|i| bytes[i]),
            Some(b'f' | b'c' | b'd')
        ) {
            continue;
        }
        let value = &html[value_start..values_end];
        let before = &html[..equals];
        if ends_with_space(before, "href") {
            links.push(unescape(value));
        } else if ends_with_space(before, "src") {
            sources.push(unescape(value));
        } else if before.ends_with(" id") {
            ids.insert(unescape(value));
        }
    }
    links.append(&mut sources);
    (links, ids)
}

/// Whether `text` ends with `name` after any whitespace (a newline or tab before an attribute).
fn ends_with_space(text: &str, name: &str) -> bool {
    text.strip_suffix(name)
        .is_some_and(|rest| rest.ends_with(|c: char| c.is_whitespace()))
}

fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
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
        let (links, ids) = links_and_ids(html);
        PageLinks {
            page: page.to_string(),
            links,
            ids,
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
            let report = |reason: Reason| BrokenLink {
                page: page.page.clone(),
                link: link.clone(),
                reason,
            };
            if address.is_empty() {
                if let Some(fragment) = fragment {
                    if !fragment.is_empty() && !page.ids.contains(fragment) {
                        broken.push(report(Reason::NoIdHere));
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
                broken.push(report(Reason::OutsideBase(base_path.to_string())));
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
                broken.push(report(Reason::NoPage));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                if ids
                    .get(target.as_str())
                    .is_some_and(|page_ids| !page_ids.contains(fragment))
                {
                    broken.push(report(Reason::NoIdThere));
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
        assert_eq!(broken[0].reason, Reason::OutsideBase("/sub".into()));
        let english = broken[0].diagnostic(None);
        assert_eq!(
            english.message,
            "broken link `/other/` on index.html: it is outside the site's base path `/sub/`"
        );
        let vietnamese =
            crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
                broken[0].diagnostic(Some(std::path::Path::new("content/a.vi.md")))
            });
        assert_eq!(
            vietnamese.message,
            "liên kết hỏng `/other/` trên trang index.html: địa chỉ nằm ngoài đường dẫn gốc `/sub/` của trang web"
        );
        assert_eq!(
            vietnamese.location.unwrap().label.as_deref(),
            Some("trang index.html")
        );
    }

    #[test]
    fn ignores_look_alike_attributes() {
        let pages = [("index.html", r#"<a data-href="/x/" href="/">ok</a>"#)];
        let pages: Vec<PageLinks> = pages.iter().map(|(p, h)| PageLinks::of(p, h)).collect();
        assert!(check_links(&pages, &HashSet::new(), "").is_empty());
    }
}

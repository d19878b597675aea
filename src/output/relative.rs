//! Pages link to each other relatively, so the same output works opened from disk (`file://`),
//! under any sub-path and on any host, without a rebuild.
//!
//! Everything before this stage writes site addresses (`/sub/provinces/hue/`): templates, Markdown
//! links, charts and maps, shortcodes; the link check reads them in that form. This one pass over
//! a finished page turns each `href`, `src` and `action` that starts with the base path into the
//! shortest path from the page, naming the `index.html` of a folder: a browser opening files from
//! disk shows a folder's listing, not its index. Addresses meant to be read away from the site
//! (canonical, `hreflang`, feeds, the sitemap, share cards) carry the scheme and host and are
//! left as they are.

/// The attributes whose value is an address.
const ADDRESS_ATTRIBUTES: &[&str] = &["href", "src", "action"];

/// `html` of the page written at `page` (`en/provinces/hue/index.html`) with every address inside
/// the site (those starting with `base_path`, `` or `/sub`) made relative to it.
pub fn relative_links(html: &str, page: &str, base_path: &str) -> String {
    let page_folder: Vec<&str> = match page.rsplit_once('/') {
        Some((folder, _)) => folder.split('/').collect(),
        None => Vec::new(),
    };
    rewrite_addresses(html, |value| {
        relative_address(value, &page_folder, base_path)
    })
}

/// `html` with every address inside the site made absolute (`https://host/sub/...`), for what
/// is read away from the site: a feed's entries.
pub fn absolute_links(html: &str, base_url: &str, base_path: &str) -> String {
    rewrite_addresses(html, |value| {
        let inside = value.strip_prefix(base_path)?;
        (inside.starts_with('/') && !inside.starts_with("//"))
            .then(|| format!("{base_url}{inside}"))
    })
}

/// `html` with the value of each address attribute replaced where `rewrite` gives a new one.
fn rewrite_addresses(html: &str, rewrite: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 50);
    let bytes = html.as_bytes();
    let mut copied = 0;
    let mut value_end = 0;
    for equals in memchr::memmem::find_iter(bytes, b"=\"") {
        let value_start = equals + 2;
        if equals < value_end {
            continue;
        }
        let Some(length) = memchr::memchr(b'"', &bytes[value_start..]) else {
            break;
        };
        value_end = value_start + length;
        if !is_address_attribute(&html[..equals]) {
            continue;
        }
        if let Some(new) = rewrite(&html[value_start..value_end]) {
            out.push_str(&html[copied..value_start]);
            out.push_str(&new);
            copied = value_end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// `html` without its drawings (`<svg>` elements): feed readers drop or mangle them, and the
/// chart's title, source and data table around them say what they showed.
pub fn without_drawings(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</svg>") {
            Some(end) => rest = &rest[start + end + "</svg>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the text before `="` ends with an address attribute's name after white space.
fn is_address_attribute(before: &str) -> bool {
    ADDRESS_ATTRIBUTES.iter().any(|name| {
        before
            .strip_suffix(name)
            .is_some_and(|rest| rest.ends_with(|c: char| c.is_ascii_whitespace()))
    })
}

/// The relative form of `value`, when it is an address inside the site.
fn relative_address(value: &str, page_folder: &[&str], base_path: &str) -> Option<String> {
    let inside = value.strip_prefix(base_path)?.strip_prefix('/')?;
    if inside.starts_with('/') {
        // `//host/...`: another site, whatever the base path.
        return None;
    }
    let split = inside.find(['?', '#']).unwrap_or(inside.len());
    let (path, rest) = inside.split_at(split);
    let mut target: Vec<&str> = path.split('/').collect();
    let index = if path.is_empty() || path.ends_with('/') {
        target.pop();
        "index.html"
    } else {
        target.pop().unwrap_or_default()
    };
    let shared = page_folder
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = "../".repeat(page_folder.len() - shared);
    for part in &target[shared..] {
        relative.push_str(part);
        relative.push('/');
    }
    relative.push_str(index);
    relative.push_str(rest);
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_relative_to_the_page() {
        let page = "en/provinces/hue/index.html";
        let html = r##"<a href="/en/provinces/">up</a><a href="/en/provinces/hue/#top">self</a><link rel="stylesheet" href="/style.1a.css"><a href="/">home</a><a href="/en/provinces/hue/map/">down</a><img src="/charts/a.csv?x=1"><a href="#here">x</a>"##;
        assert_eq!(
            relative_links(html, page, ""),
            r##"<a href="../index.html">up</a><a href="index.html#top">self</a><link rel="stylesheet" href="../../../style.1a.css"><a href="../../../index.html">home</a><a href="map/index.html">down</a><img src="../../../charts/a.csv?x=1"><a href="#here">x</a>"##
        );
        assert_eq!(
            relative_links(r#"<a href="/">home</a>"#, "index.html", ""),
            r#"<a href="index.html">home</a>"#
        );
        assert_eq!(
            relative_links(r#"<a href="/provinces/hue/">x</a>"#, "index.html", ""),
            r#"<a href="provinces/hue/index.html">x</a>"#
        );
    }

    #[test]
    fn other_addresses_stay_as_they_are() {
        let html = r#"<link rel="canonical" href="https://x.vn/a/"><a href="//cdn.x/a">c</a><a href="mailto:a@b.vn">m</a><a data-href="/a/">d</a><a title="/a/" href="../b/">r</a><meta content="/a/">"#;
        assert_eq!(relative_links(html, "a/index.html", ""), html);
    }

    #[test]
    fn the_base_path_is_left_behind() {
        let html = r#"<a href="/bhxh/en/">en</a><a href="/bhxhx/">other site</a><a href="/other/">outside</a>"#;
        assert_eq!(
            relative_links(html, "provinces/index.html", "/bhxh"),
            r#"<a href="../en/index.html">en</a><a href="/bhxhx/">other site</a><a href="/other/">outside</a>"#
        );
    }

    #[test]
    fn feeds_get_absolute_addresses_without_drawings() {
        let html = r#"<a href="/sub/en/provinces/">p</a><figure><svg role="img"><a href="/sub/x/"><path d="M0"/></a></svg><table></table></figure><a href="https://x.vn/">x</a>"#;
        let absolute = absolute_links(&without_drawings(html), "https://b.vn/sub", "/sub");
        assert_eq!(
            absolute,
            r#"<a href="https://b.vn/sub/en/provinces/">p</a><figure><table></table></figure><a href="https://x.vn/">x</a>"#
        );
    }

    #[test]
    fn attributes_on_new_lines_and_svg_links_count() {
        let html = "<a\nhref=\"/p/\"><svg><a href=\"/q/\"></a></svg>";
        assert_eq!(
            relative_links(html, "index.html", ""),
            "<a\nhref=\"p/index.html\"><svg><a href=\"q/index.html\"></a></svg>"
        );
    }
}

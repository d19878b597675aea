//! What the reference site says to the world beyond its pages, read with real parsers: the Atom
//! feeds and the sitemap with an XML parser, the structured data with a JSON parser, the share
//! metadata of every page; and links that work from any folder.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const BASE: &str = "https://bulletin.example.vn";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// The reference site, built once for every test here.
fn site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, output) = BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("site");
        build_ok(&options(&repo_root(), &output));
        (dir, output)
    });
    output
}

fn pages(output: &Path) -> Vec<String> {
    snapshot(output)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with(".html"))
        .collect()
}

/// The value of an attribute of the first element that has `marker` in its start tag.
fn attribute_after(html: &str, marker: &str, attribute: &str) -> Option<String> {
    let at = html.find(marker)?;
    let tag_end = at + html[at..].find('>')?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_end];
    let key = format!("{attribute}=\"");
    let value = &tag[tag.find(&key)? + key.len()..];
    Some(value[..value.find('"')?].replace("&amp;", "&"))
}

fn meta(html: &str, property: &str) -> Option<String> {
    attribute_after(html, &format!("property=\"{property}\""), "content")
}

fn canonical(html: &str) -> String {
    attribute_after(html, "rel=\"canonical\"", "href").expect("a canonical link")
}

/// The page's JSON-LD, parsed.
fn structured_data(html: &str) -> Option<serde_json::Value> {
    let open = r#"<script type="application/ld+json">"#;
    let start = html.find(open)? + open.len();
    let end = start + html[start..].find("</script>")?;
    Some(serde_json::from_str(&html[start..end]).expect("structured data is JSON"))
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, namespace: &str, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((namespace, name)))
        .and_then(|c| c.text())
}

#[test]
fn every_feed_is_atom_with_absolute_addresses_and_the_bulletins_it_promises() {
    let output = site();
    let feeds: Vec<String> = snapshot(output)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path.ends_with("feed.xml"))
        .collect();
    // Both languages' bulletin lists, every province page and every indicator page.
    let province_pages = pages(output)
        .iter()
        .filter(|p| p.contains("provinces/") && !p.ends_with("provinces/index.html"))
        .count();
    let indicator_pages = pages(output)
        .iter()
        .filter(|p| p.contains("indicators/") && !p.ends_with("indicators/index.html"))
        .count();
    assert_eq!(feeds.len(), 2 + province_pages + indicator_pages);
    for path in &feeds {
        let text = read(output, path);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let feed = doc.root_element();
        assert!(feed.has_tag_name((ATOM, "feed")), "{path}");
        let id = child_text(feed, ATOM, "id").unwrap();
        assert_eq!(id, format!("{BASE}/{path}"), "a feed's id is its address");
        let updated = child_text(feed, ATOM, "updated").unwrap();
        assert!(is_timestamp(updated), "{path}: updated {updated}");
        assert!(!child_text(feed, ATOM, "title").unwrap().is_empty());
        let page = path.replace("feed.xml", "index.html");
        let html = read(output, &page);
        assert!(
            html.contains(&format!(
                "type=\"application/atom+xml\" title=\"{}\"",
                child_text(feed, ATOM, "title").unwrap()
            )),
            "{page} links to its feed"
        );
        for entry in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
            let entry_id = child_text(entry, ATOM, "id").unwrap();
            assert!(entry_id.starts_with(&format!("{BASE}/")), "{entry_id}");
            assert!(is_timestamp(child_text(entry, ATOM, "published").unwrap()));
            let content = child_text(entry, ATOM, "content").unwrap();
            assert!(
                !content.contains("href=\"/"),
                "{path}: relative link in content"
            );
            assert!(
                !content.contains("<svg"),
                "{path}: drawings stay on the page"
            );
            // The figures read as on the bulletin's own page.
            let bulletin = entry_id.strip_prefix(&format!("{BASE}/")).unwrap();
            let page = read(output, &format!("{bulletin}index.html"));
            for figure in content.split("<data class=\"fig\"").skip(1) {
                let shown = &figure[figure.find('>').unwrap() + 1..figure.find("</data>").unwrap()];
                assert!(
                    page.contains(&format!(">{shown}</data>")),
                    "{bulletin}: {shown}"
                );
            }
        }
    }
    // The Vietnamese list's feed holds the Vietnamese bulletins, newest first.
    let text = read(output, "bulletins/feed.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let published: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((ATOM, "published")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(published.len(), 5);
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "{published:?}");
    assert_eq!(
        doc.root_element()
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("vi")
    );
    // A province's feed holds the bulletins about it.
    let hue = read(output, "en/provinces/thua-thien-hue/feed.xml");
    assert!(hue.contains(&format!(
        "<id>{BASE}/en/bulletins/2022-07-thua-thien-hue/</id>"
    )));
    assert!(
        !hue.contains("yen-bai"),
        "only bulletins about the province"
    );
}

/// `2022-07-10T00:00:00+07:00`: RFC 3339 as Atom requires.
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() == 25
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && (text.ends_with("+07:00") || text.ends_with('Z'))
}

#[test]
fn the_sitemap_lists_every_page_with_its_languages_and_dates() {
    let output = site();
    let text = read(output, "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
    let mut listed = HashSet::new();
    for url in doc.root_element().children().filter(|c| c.is_element()) {
        let loc = child_text(url, SITEMAP, "loc").unwrap();
        let path = loc
            .strip_prefix(BASE)
            .expect("absolute")
            .trim_start_matches('/');
        assert!(output.join(path).join("index.html").is_file(), "{loc}");
        listed.insert(format!("{path}index.html"));
        let alternates: BTreeMap<&str, &str> = url
            .children()
            .filter(|c| c.has_tag_name((XHTML, "link")))
            .map(|c| {
                (
                    c.attribute("hreflang").unwrap(),
                    c.attribute("href").unwrap(),
                )
            })
            .collect();
        assert!(
            alternates.values().any(|href| *href == loc),
            "{loc} is among its alternates"
        );
        if alternates.contains_key("en") {
            assert!(alternates.contains_key("vi") && alternates.contains_key("x-default"));
            assert_eq!(alternates["x-default"], alternates["vi"]);
        }
        if let Some(lastmod) = child_text(url, SITEMAP, "lastmod") {
            assert_eq!(lastmod.len(), 10, "{loc}: {lastmod}");
        }
    }
    let mut expected: HashSet<String> = pages(output).into_iter().collect();
    expected.remove("404.html");
    assert_eq!(listed, expected);
    // A bulletin was last changed on its date; a province when its newest source was published.
    let bulletin = url_entry(&doc, &format!("{BASE}/bulletins/2022-07-thua-thien-hue/"));
    assert_eq!(child_text(bulletin, SITEMAP, "lastmod"), Some("2022-07-10"));
    let robots = read(output, "robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")));
}

fn url_entry<'a>(doc: &'a roxmltree::Document, loc: &str) -> roxmltree::Node<'a, 'a> {
    doc.root_element()
        .children()
        .find(|u| child_text(*u, SITEMAP, "loc") == Some(loc))
        .unwrap_or_else(|| panic!("{loc} not in the sitemap"))
}

#[test]
fn pages_carry_share_metadata_and_structured_data() {
    let output = site();
    for page in pages(output) {
        let html = read(output, &page);
        let canonical = canonical(&html);
        assert_eq!(
            meta(&html, "og:url").as_deref(),
            Some(canonical.as_str()),
            "{page}"
        );
        for property in ["og:title", "og:description", "og:type", "og:site_name"] {
            assert!(
                meta(&html, property).is_some_and(|v| !v.is_empty()),
                "{page}: {property}"
            );
        }
        let locale = meta(&html, "og:locale").unwrap();
        let english = page.starts_with("en/");
        assert_eq!(locale, if english { "en_GB" } else { "vi_VN" }, "{page}");
        for link in html.split("hreflang=\"").skip(1) {
            let tag = &link[..link.find('>').unwrap()];
            if let Some(href) = tag.split("href=\"").nth(1) {
                if html.contains("<link rel=\"alternate\" hreflang") && tag.contains("href=\"http")
                {
                    assert!(href.starts_with(BASE), "{page}: hreflang {href}");
                }
            }
        }
    }
    let bulletin = read(output, "en/bulletins/2022-07-thua-thien-hue/index.html");
    let article = structured_data(&bulletin).unwrap();
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["datePublished"], "2022-07-10");
    assert_eq!(article["inLanguage"], "en");
    assert_eq!(article["url"], canonical(&bulletin));
    assert_eq!(
        article["headline"].as_str().unwrap(),
        meta(&bulletin, "og:title").unwrap()
    );
    assert_eq!(article["about"][0]["name"], "Thừa Thiên Huế");
    assert_eq!(
        article["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert!(article["publisher"]["name"].is_string());

    let province = read(output, "provinces/thua-thien-hue/index.html");
    let data = structured_data(&province).unwrap();
    assert_eq!(data["@type"], "Dataset");
    assert_eq!(data["name"], "Thừa Thiên Huế");
    for property in [
        "description",
        "temporalCoverage",
        "spatialCoverage",
        "creator",
        "license",
    ] {
        assert!(!data[property].is_null(), "Dataset without {property}");
    }
    assert_eq!(data["temporalCoverage"], "2022-01-01/2022-07-10");
    assert!(data["variableMeasured"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["name"] == "Tỷ lệ bao phủ BHYT" && v["unitText"] == "%"));
    let indicator = read(output, "en/indicators/hi_coverage/index.html");
    let data = structured_data(&indicator).unwrap();
    assert_eq!(data["@type"], "Dataset");
    assert_eq!(data["inLanguage"], "en");
    assert!(data["spatialCoverage"].as_array().unwrap().len() > 1);
    assert!(structured_data(&read(output, "index.html")).is_none());
}

#[test]
fn links_are_relative_and_reach_files_from_any_folder() {
    let output = site();
    let all: HashSet<String> = snapshot(output).into_iter().map(|(p, _)| p).collect();
    for page in pages(output) {
        let html = read(output, &page);
        let folder = Path::new(&page).parent().unwrap().to_path_buf();
        for link in html
            .split(" href=\"")
            .skip(1)
            .chain(html.split(" src=\"").skip(1))
        {
            let link = &link[..link.find('"').unwrap()];
            if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with('#') {
                continue;
            }
            if page == "404.html" {
                // Served at any missing address, at any depth: its links stay rooted.
                assert!(link.starts_with('/'), "404.html: {link}");
                continue;
            }
            assert!(!link.starts_with('/'), "{page}: rooted link {link}");
            let path = link.split(['#', '?']).next().unwrap();
            let target = normalize(&folder.join(path));
            assert!(
                all.contains(&target),
                "{page}: {link} -> {target} is not a file"
            );
        }
    }
}

/// `a/b/../c/index.html` -> `a/c/index.html`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn theme_files_are_named_by_their_content() {
    let output = site();
    let home = read(output, "index.html");
    let stylesheet = attribute_after(&home, "rel=\"stylesheet\"", "href").unwrap();
    assert!(
        stylesheet.starts_with("style.") && stylesheet.ends_with(".css"),
        "{stylesheet}"
    );
    assert!(!output.join("style.css").exists());
    for icon in ["image/svg+xml", "image/png"] {
        let href = attribute_after(&home, &format!("type=\"{icon}\""), "href").unwrap();
        assert!(output.join(&href).is_file(), "{href}");
    }
    // A site that changes its stylesheet gets a new address for it.
    let site_dir = copy_site(&fixture("minimal"));
    let templates = site_dir.path().join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(templates.join("style.css"), "body { color: #111; }\n").unwrap();
    let own = site_dir.path().join("output");
    build_ok(&options(site_dir.path(), &own));
    let page = read(&own, "index.html");
    let own_sheet = attribute_after(&page, "rel=\"stylesheet\"", "href").unwrap();
    assert_ne!(own_sheet, stylesheet);
    assert_eq!(read(&own, &own_sheet), "body { color: #111; }\n");
}

#[test]
fn the_not_found_page_speaks_every_language_and_is_not_indexed() {
    let html = read(site(), "404.html");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(html.contains("<section class=\"notfound-other\" lang=\"en\">"));
    assert!(html.contains("Page not found") && html.contains("Không tìm thấy trang"));
}

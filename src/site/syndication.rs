//! What is read away from the site: Atom feeds (every bulletin in a language, and the bulletins
//! about a province or citing an indicator, each beside its page as `feed.xml`) and the sitemap
//! with its language alternates. The views here hold absolute addresses only; the output stage
//! renders them through the `atom.xml`, `sitemap.xml` and `robots.txt` templates.

use std::collections::HashMap;

use serde::Serialize;

use crate::common::period::Date;
use crate::model::{IndicatorId, RegionId};
use crate::site::views::newest_first;
use crate::site::{PageKind, PageSpec, Site};

/// The file name of a page's feed, in the page's folder.
const FEED_FILE: &str = "feed.xml";

/// One feed of the site: the page it belongs to and the bulletins it holds, newest first.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The output path of the feed file (`en/provinces/hue/feed.xml`).
    pub path: String,
    /// The page the feed belongs to, by its index in the site's pages.
    pub page: usize,
    /// Bulletins, by index, newest first, at most the site's `feed_entries`.
    pub entries: Vec<usize>,
}

#[derive(Serialize)]
struct FeedView<'a> {
    lang: &'static str,
    title: String,
    subtitle: &'a str,
    /// The feed's own address, which is also its id.
    self_url: String,
    page_url: String,
    updated: String,
    author: &'a str,
    author_url: Option<&'a str>,
    rights: Option<&'a str>,
    generator: &'static str,
    entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    title: &'a str,
    url: String,
    published: String,
    summary: Option<&'a str>,
    /// The bulletin as on its page, with its charts' tables and absolute links.
    content: String,
    categories: Vec<String>,
}

#[derive(Serialize)]
struct SitemapView {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<Alternate>,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: &'static str,
    href: String,
}

/// The newest source date of the figures about each region and each indicator, and the
/// newest date of all: when the data behind a page last changed, as far as the data tells.
struct DataDates {
    by_region: HashMap<RegionId, Date>,
    by_indicator: HashMap<IndicatorId, Date>,
    newest: Option<Date>,
}

impl Site<'_> {
    /// Every feed of the site: the bulletin list's, each province page's and each indicator
    /// page's, in each language.
    pub fn feeds(&self) -> Vec<Feed> {
        let limit = self.config.feed_entries;
        let mut newest: Vec<usize> = (0..self.bulletins.len()).collect();
        newest.sort_by(|a, b| newest_first(&self.bulletins[*a], &self.bulletins[*b]));
        self.pages
            .iter()
            .enumerate()
            .filter_map(|(index, page)| {
                let path = self.feed_path(page)?;
                let entries = newest
                    .iter()
                    .copied()
                    .filter(|i| self.bulletins[*i].source.lang == page.lang)
                    .filter(|i| self.belongs_to_feed(page.kind, *i))
                    .take(limit)
                    .collect();
                Some(Feed {
                    path,
                    page: index,
                    entries,
                })
            })
            .collect()
    }

    /// The output path of the feed a page has, if it has one.
    pub(in crate::site) fn feed_path(&self, page: &PageSpec) -> Option<String> {
        match page.kind {
            PageKind::Bulletins | PageKind::Province(_) | PageKind::Indicator(_) => {
                let folder = page.output.strip_suffix("index.html")?;
                Some(format!("{folder}{FEED_FILE}"))
            }
            _ => None,
        }
    }

    /// The feed a page points readers to: its own, or the bulletin list's of its language.
    pub(in crate::site) fn feed_of(&self, page: &PageSpec) -> Option<String> {
        let own = self.feed_path(page);
        let path = own.or_else(|| {
            let list = self
                .pages
                .iter()
                .find(|p| p.kind == PageKind::Bulletins && p.lang == page.lang)?;
            self.feed_path(list)
        })?;
        Some(self.urls.asset(&path))
    }

    fn belongs_to_feed(&self, kind: PageKind, bulletin: usize) -> bool {
        let b = &self.bulletins[bulletin];
        match kind {
            PageKind::Province(region) => b.regions.contains(&region),
            PageKind::Indicator(indicator) => b.indicators.contains(&indicator),
            _ => true,
        }
    }

    /// The title of a page's feed, from the interface strings.
    pub(in crate::site) fn feed_title(&self, page: &PageSpec) -> String {
        let lang = page.lang;
        let name = match page.kind {
            PageKind::Province(r) => self.dataset.region(r).name(lang),
            PageKind::Indicator(i) => self.dataset.indicator(i).name(lang),
            _ => "",
        };
        let key = match page.kind {
            PageKind::Province(_) => "feed.province",
            PageKind::Indicator(_) => "feed.indicator",
            _ => "feed.all",
        };
        let strings = &self.strings[&lang];
        let title = strings.fill(key, &[("name", name)]);
        strings.fill(
            "feed.title",
            &[("site", self.config.title.get(lang)), ("feed", &title)],
        )
    }

    /// What `atom.xml` sees for a feed; `content` gives the finished HTML of a bulletin.
    pub fn feed_context(&self, feed: &Feed, content: &dyn Fn(usize) -> String) -> tera::Context {
        let page = &self.pages[feed.page];
        let lang = page.lang;
        let entries: Vec<EntryView> = feed
            .entries
            .iter()
            .map(|&i| self.feed_entry(i, content(i)))
            .collect();
        let updated = feed
            .entries
            .first()
            .map(|&i| self.bulletins[i].source.date)
            .or_else(|| self.data_dates().newest);
        let organisation = self.config.organisation.name.get(lang);
        let license = self.config.license.as_ref();
        let view = FeedView {
            lang: lang.code(),
            title: self.feed_title(page),
            subtitle: self.config.description.get(lang),
            self_url: self.absolute_url(&self.urls.asset(&feed.path)),
            page_url: self.absolute_url(&page.url),
            updated: updated.map(timestamp).unwrap_or_else(|| timestamp(EPOCH)),
            author: if organisation.is_empty() {
                self.config.title.get(lang)
            } else {
                organisation
            },
            author_url: self.config.organisation.url.as_deref(),
            rights: license.map(|l| l.name.get(lang)).filter(|n| !n.is_empty()),
            generator: "bulletin",
            entries,
        };
        tera::Context::from_serialize(view).unwrap_or_default()
    }

    fn feed_entry(&self, index: usize, content: String) -> EntryView<'_> {
        let b = &self.bulletins[index];
        let lang = b.source.lang;
        let mut categories: Vec<String> = b
            .regions
            .iter()
            .map(|r| self.dataset.region(*r).name(lang).to_string())
            .collect();
        categories.extend(b.source.front.tags.iter().cloned());
        EntryView {
            title: &b.source.front.title,
            url: self.absolute_url(&self.urls.bulletin(lang, &b.source.slug)),
            published: timestamp(b.source.date),
            summary: b.source.front.summary.as_deref(),
            content,
            categories,
        }
    }

    /// A bulletin's text as its page shows it, with markers where its charts go.
    pub fn bulletin_body(&self, index: usize) -> String {
        self.placer().bulletin_body(&self.bulletins[index].html)
    }

    /// What `sitemap.xml` sees: every page but the 404, with its language alternates and the
    /// date its content last changed.
    pub fn sitemap_context(&self) -> tera::Context {
        let dates = self.data_dates();
        let urls = self
            .pages
            .iter()
            .filter(|page| page.kind != PageKind::NotFound)
            .map(|page| SitemapUrl {
                loc: self.absolute_url(&page.url),
                lastmod: self.last_modified(page, &dates).map(|d| d.to_string()),
                alternates: self.alternates(page),
            })
            .collect();
        tera::Context::from_serialize(SitemapView { urls }).unwrap_or_default()
    }

    /// What `robots.txt` sees: the sitemap's address.
    pub fn robots_context(&self) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert(
            "sitemap_url",
            &self.absolute_url(&self.urls.asset("sitemap.xml")),
        );
        context
    }

    /// The page in every language it exists in, and `x-default` for the default language's.
    fn alternates(&self, page: &PageSpec) -> Vec<Alternate> {
        let mut alternates: Vec<Alternate> = self
            .config
            .languages
            .iter()
            .filter_map(|&lang| {
                Some(Alternate {
                    hreflang: lang.code(),
                    href: self.absolute_url(&self.translation_url(page, lang)?),
                })
            })
            .collect();
        if alternates.len() > 1 {
            if let Some(default) = self.translation_url(page, self.config.default_language) {
                alternates.push(Alternate {
                    hreflang: "x-default",
                    href: self.absolute_url(&default),
                });
            }
        } else {
            alternates.clear();
        }
        alternates
    }

    /// When what a page shows last changed: a bulletin's date; for a page of figures, the newest
    /// source date of its figures or of the bulletins it lists.
    fn last_modified(&self, page: &PageSpec, dates: &DataDates) -> Option<Date> {
        let newest_bulletin = |keep: &dyn Fn(usize) -> bool| {
            (0..self.bulletins.len())
                .filter(|i| self.bulletins[*i].source.lang == page.lang && keep(*i))
                .map(|i| self.bulletins[i].source.date)
                .max()
        };
        let (data, bulletins) = match page.kind {
            PageKind::Bulletin(i) => return Some(self.bulletins[i].source.date),
            PageKind::Province(r) => (
                dates.by_region.get(&r).copied(),
                newest_bulletin(&|i| self.bulletins[i].regions.contains(&r)),
            ),
            PageKind::Indicator(ind) => (
                dates.by_indicator.get(&ind).copied(),
                newest_bulletin(&|i| self.bulletins[i].indicators.contains(&ind)),
            ),
            PageKind::Bulletins => (None, newest_bulletin(&|_| true)),
            _ => (dates.newest, newest_bulletin(&|_| true)),
        };
        data.max(bulletins)
    }

    fn data_dates(&self) -> DataDates {
        let mut dates = DataDates {
            by_region: HashMap::new(),
            by_indicator: HashMap::new(),
            newest: None,
        };
        let dataset = self.dataset;
        let sourced = dataset
            .observations
            .iter()
            .map(|o| (o.region, o.indicator, o.source))
            .chain(
                dataset
                    .targets
                    .iter()
                    .map(|t| (t.region, t.indicator, t.source)),
            );
        for (region, indicator, source) in sourced {
            let Some(date) = dataset.source(source).date else {
                continue;
            };
            let newer = |slot: &mut Date| *slot = (*slot).max(date);
            newer(dates.by_region.entry(region).or_insert(date));
            newer(dates.by_indicator.entry(indicator).or_insert(date));
            dates.newest = dates.newest.max(Some(date));
        }
        dates
    }
}

/// Feeds need a date even when nothing in the site has one.
const EPOCH: Date = Date {
    year: 1970,
    month: 1,
    day: 1,
};

/// An Atom timestamp for a day: bulletins and sources are dated to the day, in Vietnam's time.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+07:00")
}

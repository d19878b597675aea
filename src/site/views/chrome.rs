//! The parts every page shares: site title, navigation, links to the page in other languages.

use serde::Serialize;

use super::share::ShareView;
use crate::common::locale::Lang;
use crate::input::i18n::Strings;
use crate::site::{PageKind, PageSpec, Site};

#[derive(Serialize)]
pub(in crate::site) struct Chrome<'a> {
    lang: &'static str,
    site_title: &'a str,
    site_description: &'a str,
    organisation: &'a str,
    organisation_url: Option<&'a str>,
    canonical_url: String,
    base_path: &'a str,
    stylesheet: String,
    favicon_svg: String,
    favicon_png: String,
    /// The page in the site's default language, for search engines' `x-default`.
    default_language_url: Option<String>,
    /// The Atom feed readers of this page can follow, with its title.
    feed_url: Option<String>,
    feed_title: String,
    share: ShareView,
    home_url: String,
    nav: Vec<NavLink>,
    languages: Vec<LangLink>,
    t: &'a Strings,
}

#[derive(Serialize)]
struct NavLink {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
pub(super) struct LangLink {
    code: &'static str,
    label: String,
    url: String,
    /// The address with the site's scheme and host, as search engines require for `hreflang`.
    absolute_url: String,
    current: bool,
}

/// The navigation section a page belongs to, to mark its link as current (0: none).
fn section(kind: PageKind) -> usize {
    match kind {
        PageKind::Home | PageKind::NotFound => 0,
        PageKind::Provinces | PageKind::Province(_) => 1,
        PageKind::Indicators | PageKind::Indicator(_) => 2,
        PageKind::Bulletins | PageKind::Bulletin(_) => 3,
    }
}

impl<'a> Site<'a> {
    pub(in crate::site) fn chrome(&self, page: &PageSpec) -> Chrome<'_> {
        let lang = page.lang;
        let nav = [
            (1, "nav.provinces", self.urls.provinces(lang)),
            (2, "nav.indicators", self.urls.indicators(lang)),
            (3, "nav.bulletins", self.urls.bulletins(lang)),
        ]
        .into_iter()
        .map(|(s, key, url)| NavLink {
            label: self.t(lang, key).to_string(),
            url,
            current: section(page.kind) == s,
        })
        .collect();
        let languages = self
            .config
            .languages
            .iter()
            .filter_map(|&other| {
                let url = self.translation_url(page, other)?;
                Some(LangLink {
                    code: other.code(),
                    label: self.t(other, "language.name").to_string(),
                    absolute_url: self.absolute_url(&url),
                    url,
                    current: other == lang,
                })
            })
            .collect();
        Chrome {
            lang: lang.code(),
            site_title: self.config.title.get(lang),
            site_description: self.config.description.get(lang),
            organisation: self.config.organisation.name.get(lang),
            organisation_url: self.config.organisation.url.as_deref(),
            canonical_url: self.absolute_url(&page.url),
            base_path: self.urls.base_path(),
            stylesheet: self.theme_file("style.css"),
            favicon_svg: self.theme_file("favicon.svg"),
            favicon_png: self.theme_file("favicon.png"),
            default_language_url: self
                .translation_url(page, self.config.default_language)
                .map(|url| self.absolute_url(&url)),
            feed_url: self.feed_of(page),
            feed_title: self.feed_title(page),
            share: self.share(page),
            home_url: self.urls.home(lang),
            nav,
            languages,
            t: &self.strings[&lang],
        }
    }

    /// A page's address (`/sub/en/provinces/`) with the site's scheme and host, for what is read
    /// away from the site: canonical links, feeds, the sitemap, share cards.
    pub(in crate::site) fn absolute_url(&self, url: &str) -> String {
        let inside = url.strip_prefix(self.urls.base_path()).unwrap_or(url);
        format!("{}{}", self.config.base_url, inside)
    }

    /// The same page in another language, when it exists there.
    pub(in crate::site) fn translation_url(&self, page: &PageSpec, lang: Lang) -> Option<String> {
        let dataset = self.dataset;
        Some(match page.kind {
            PageKind::Home | PageKind::NotFound => self.urls.home(lang),
            PageKind::Provinces => self.urls.provinces(lang),
            PageKind::Province(r) => self.urls.province(lang, &dataset.region(r).slug),
            PageKind::Indicators => self.urls.indicators(lang),
            PageKind::Indicator(i) => self.urls.indicator(lang, &dataset.indicator(i).id),
            PageKind::Bulletins => self.urls.bulletins(lang),
            PageKind::Bulletin(i) => {
                let bulletin = &self.bulletins[i];
                if bulletin.source.lang == lang {
                    self.urls.bulletin(lang, &bulletin.source.slug)
                } else {
                    let key = bulletin.source.front.translation.as_ref()?;
                    let other = self.bulletins.iter().find(|b| {
                        b.source.lang == lang && b.source.front.translation.as_ref() == Some(key)
                    })?;
                    self.urls.bulletin(lang, &other.source.slug)
                }
            }
        })
    }

    /// Links to the languages other than `lang` where `url` finds a page, each labelled with
    /// the string `key` in its own language.
    pub(super) fn other_languages(
        &self,
        lang: Lang,
        key: &'a str,
        url: impl Fn(Lang) -> Option<String>,
    ) -> Vec<LangLink> {
        self.config
            .languages
            .iter()
            .filter(|l| **l != lang)
            .filter_map(|&other| {
                let url = url(other)?;
                Some(LangLink {
                    code: other.code(),
                    label: self.t(other, key).to_string(),
                    absolute_url: self.absolute_url(&url),
                    url,
                    current: false,
                })
            })
            .collect()
    }
}

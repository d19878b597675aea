//! The parts every page shares: site title, navigation, links to the page in other languages.

use serde::Serialize;

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
            canonical_url: format!(
                "{}{}",
                self.config.base_url,
                page.url
                    .strip_prefix(self.urls.base_path())
                    .unwrap_or(&page.url)
            ),
            base_path: self.urls.base_path(),
            stylesheet: self.urls.asset("style.css"),
            home_url: self.urls.home(lang),
            nav,
            languages,
            t: &self.strings[&lang],
        }
    }

    /// The same page in another language, when it exists there.
    pub(super) fn translation_url(&self, page: &PageSpec, lang: Lang) -> Option<String> {
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
                Some(LangLink {
                    code: other.code(),
                    label: self.t(other, key).to_string(),
                    url: url(other)?,
                    current: false,
                })
            })
            .collect()
    }
}

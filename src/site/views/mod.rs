//! The page views: plain serialisable structs handed to the templates, one module per page kind.
//! All formatting for the page's language happens here, so templates only lay things out.
//! Each module adds an `impl Site` block with the methods that build its page.

mod bulletins;
mod chrome;
mod home;
mod indicator;
mod indicators;
mod province;
mod provinces;
mod share;
mod shared;

use serde::Serialize;

use super::{PageKind, PageSpec, Site};
use crate::common::locale::Lang;
use bulletins::{BulletinView, BulletinsView};
use chrome::{Chrome, LangLink};
use home::HomeView;
use indicator::IndicatorView;
use indicators::IndicatorsView;
use province::ProvinceView;
use provinces::ProvincesView;

pub(super) use bulletins::newest_first;
pub(super) use home::headline_indicators;

/// What a page's template sees: the parts every page shares, and the page's own.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) site: Chrome<'a>,
    pub(super) page: PageContent,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum PageContent {
    Home(HomeView),
    Provinces(ProvincesView),
    Province(Box<ProvinceView>),
    Indicators(IndicatorsView),
    Indicator(Box<IndicatorView>),
    Bulletins(BulletinsView),
    Bulletin(Box<BulletinView>),
    NotFound(NotFoundView),
}

#[derive(Serialize)]
pub(super) struct NotFoundView {
    title: String,
    other_home: Vec<LangLink>,
    /// The page's words in each other language: a host serves one 404 page for every address,
    /// whatever the reader's language.
    other_languages: Vec<NotFoundWords>,
}

#[derive(Serialize)]
struct NotFoundWords {
    code: &'static str,
    title: String,
    text: String,
    go_home: String,
    home_url: String,
}

impl Site<'_> {
    pub(super) fn page_view(&self, page: &PageSpec) -> PageContent {
        let lang = page.lang;
        match page.kind {
            PageKind::Home => PageContent::Home(self.home(lang, self.charts_of(page))),
            PageKind::Provinces => PageContent::Provinces(self.provinces(lang)),
            PageKind::Province(r) => {
                PageContent::Province(Box::new(self.province(r, lang, self.charts_of(page))))
            }
            PageKind::Indicators => PageContent::Indicators(self.indicators(lang)),
            PageKind::Indicator(i) => {
                PageContent::Indicator(Box::new(self.indicator(i, lang, self.charts_of(page))))
            }
            PageKind::Bulletins => PageContent::Bulletins(self.bulletin_list(lang)),
            PageKind::Bulletin(i) => PageContent::Bulletin(Box::new(self.bulletin(i, lang))),
            PageKind::NotFound => PageContent::NotFound(self.not_found(lang)),
        }
    }

    fn not_found(&self, lang: Lang) -> NotFoundView {
        NotFoundView {
            title: self.t(lang, "notfound.title").to_string(),
            other_home: self.other_languages(lang, "notfound.go_home", |l| Some(self.urls.home(l))),
            other_languages: self
                .config
                .languages
                .iter()
                .filter(|other| **other != lang)
                .map(|&other| NotFoundWords {
                    code: other.code(),
                    title: self.t(other, "notfound.title").to_string(),
                    text: self.t(other, "notfound.text").to_string(),
                    go_home: self.t(other, "notfound.go_home").to_string(),
                    home_url: self.urls.home(other),
                })
                .collect(),
        }
    }
}

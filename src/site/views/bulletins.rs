//! The bulletin list, a bulletin's page, and the bulletin cards other pages show.

use serde::Serialize;

use super::chrome::LangLink;
use super::shared::{RegionLink, SourceView};
use crate::common::locale::{format_date, format_period, Lang};
use crate::model::RegionId;
use crate::site::bulletins::Bulletin;
use crate::site::{PageKind, PageSpec, Site};

#[derive(Serialize)]
pub(super) struct BulletinCard {
    title: String,
    url: String,
    date: String,
    date_iso: String,
    summary: Option<String>,
    regions: Vec<RegionLink>,
    period: Option<String>,
}

#[derive(Serialize)]
pub(in crate::site) struct BulletinsView {
    title: String,
    bulletins: Vec<BulletinCard>,
}

#[derive(Serialize)]
pub(in crate::site) struct BulletinView {
    card: BulletinCard,
    html: String,
    tags: Vec<String>,
    sources: Vec<SourceView>,
    translation: Vec<LangLink>,
}

/// Newest date first; the slug orders bulletins of the same day.
pub(in crate::site) fn newest_first(a: &Bulletin, b: &Bulletin) -> std::cmp::Ordering {
    b.source
        .date
        .cmp(&a.source.date)
        .then_with(|| a.source.slug.cmp(&b.source.slug))
}

impl Site<'_> {
    /// The card of a bulletin, in the bulletin's language.
    fn bulletin_card(&self, index: usize) -> BulletinCard {
        let b = &self.bulletins[index];
        let lang = b.source.lang;
        BulletinCard {
            title: b.source.front.title.clone(),
            url: self.urls.bulletin(lang, &b.source.slug),
            date: format_date(&b.source.date, lang),
            date_iso: b.source.date.to_string(),
            summary: b.source.front.summary.clone(),
            regions: self.region_links(&b.regions, lang),
            period: b.period.map(|p| format_period(&p, lang)),
        }
    }

    /// The newest `limit` bulletins written in `lang`.
    pub(super) fn bulletin_cards(&self, lang: Lang, limit: usize) -> Vec<BulletinCard> {
        let mut indexes: Vec<usize> = (0..self.bulletins.len())
            .filter(|i| self.bulletins[*i].source.lang == lang)
            .collect();
        indexes.sort_by(|a, b| newest_first(&self.bulletins[*a], &self.bulletins[*b]));
        indexes
            .into_iter()
            .take(limit)
            .map(|i| self.bulletin_card(i))
            .collect()
    }

    /// The bulletins in `lang` about a region, newest first.
    pub(super) fn region_bulletins(&self, region: RegionId, lang: Lang) -> Vec<BulletinCard> {
        self.bulletins_by_region
            .get(&region)
            .map(|list| {
                list.iter()
                    .filter(|i| self.bulletins[**i].source.lang == lang)
                    .map(|i| self.bulletin_card(*i))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn bulletin_list(&self, lang: Lang) -> BulletinsView {
        BulletinsView {
            title: self.t(lang, "bulletins.title").to_string(),
            bulletins: self.bulletin_cards(lang, usize::MAX),
        }
    }

    pub(super) fn bulletin(&self, index: usize, lang: Lang) -> BulletinView {
        let b = &self.bulletins[index];
        let spec = PageSpec {
            kind: PageKind::Bulletin(index),
            lang,
            url: String::new(),
            output: String::new(),
        };
        let translation =
            self.other_languages(lang, "bulletin.read_in", |l| self.translation_url(&spec, l));
        BulletinView {
            card: self.bulletin_card(index),
            html: self.placer().bulletin_body(&b.html),
            tags: b.source.front.tags.clone(),
            sources: b.cited.iter().map(|s| self.source_view(*s, lang)).collect(),
            translation,
        }
    }
}

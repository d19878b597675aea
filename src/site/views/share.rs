//! What a page says about itself to whoever reads it away from the site: the title, description
//! and image a shared link shows (Open Graph, read by Facebook, Zalo and most others; Twitter's
//! card), and the structured data search engines read (JSON-LD: `NewsArticle` for a bulletin,
//! `Dataset` for a province's or an indicator's figures).

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::common::locale::Lang;
use crate::model::{IndicatorId, RegionId};
use crate::site::{PageKind, PageSpec, Site};

#[derive(Serialize)]
pub(super) struct ShareView {
    /// `article` for a bulletin, `website` otherwise.
    kind: &'static str,
    title: String,
    description: String,
    url: String,
    locale: String,
    alternate_locales: Vec<String>,
    image: Option<ShareImage>,
    /// A bulletin's date, for `article:published_time`.
    published: Option<String>,
    /// JSON-LD, ready to write inside `<script type="application/ld+json">` as it is.
    structured_data: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ShareImage {
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

impl Site<'_> {
    pub(super) fn share(&self, page: &PageSpec) -> ShareView {
        let lang = page.lang;
        let url = self.absolute_url(&page.url);
        let title = self.page_title(page);
        let description = self.page_description(page);
        let image = self.share_image(page);
        let published = match page.kind {
            PageKind::Bulletin(i) => Some(self.bulletins[i].source.date.to_string()),
            _ => None,
        };
        let data = match page.kind {
            PageKind::Bulletin(i) => Some(self.news_article(i, &url, &description, &image)),
            PageKind::Province(r) => self.dataset_about(Scope::Region(r), lang, &url, &title),
            PageKind::Indicator(i) => self.dataset_about(Scope::Indicator(i), lang, &url, &title),
            _ => None,
        };
        ShareView {
            kind: if published.is_some() {
                "article"
            } else {
                "website"
            },
            title,
            description,
            url,
            locale: self.t(lang, "share.locale").to_string(),
            alternate_locales: self
                .config
                .languages
                .iter()
                .filter(|l| **l != lang && self.translation_url(page, **l).is_some())
                .map(|l| self.t(*l, "share.locale").to_string())
                .collect(),
            image,
            published,
            structured_data: data.map(|value| script_safe(&value)),
        }
    }

    /// The page's title as its `<h1>` says it.
    fn page_title(&self, page: &PageSpec) -> String {
        let lang = page.lang;
        match page.kind {
            PageKind::Home => self.config.title.get(lang).to_string(),
            PageKind::Provinces => self.t(lang, "provinces.title").to_string(),
            PageKind::Province(r) => self.region_label(r, lang),
            PageKind::Indicators => self.t(lang, "indicators.title").to_string(),
            PageKind::Indicator(i) => self.dataset.indicator(i).name(lang).to_string(),
            PageKind::Bulletins => self.t(lang, "bulletins.title").to_string(),
            PageKind::Bulletin(i) => self.bulletins[i].source.front.title.clone(),
            PageKind::NotFound => self.t(lang, "notfound.title").to_string(),
        }
    }

    /// A sentence about the page: a bulletin's summary, an indicator's definition, a generated
    /// sentence for a province, the site's description otherwise.
    fn page_description(&self, page: &PageSpec) -> String {
        let lang = page.lang;
        let site = self.config.description.get(lang);
        let own = match page.kind {
            PageKind::Bulletin(i) => self.bulletins[i].source.front.summary.clone(),
            PageKind::Indicator(i) => Some(self.dataset.indicator(i).definition(lang).to_string()),
            PageKind::Province(r) => Some(self.strings[&lang].fill(
                "share.province_description",
                &[("name", &self.region_label(r, lang))],
            )),
            _ => None,
        };
        own.filter(|text| !text.trim().is_empty())
            .unwrap_or_else(|| site.to_string())
    }

    /// The page's share card, when the site draws one for it.
    fn share_image(&self, _page: &PageSpec) -> Option<ShareImage> {
        None
    }

    fn publisher(&self, lang: Lang) -> Value {
        let name = self.config.organisation.name.get(lang);
        let name = if name.is_empty() {
            self.config.title.get(lang)
        } else {
            name
        };
        let mut organisation = json!({ "@type": "Organization", "name": name });
        if let Some(url) = &self.config.organisation.url {
            organisation["url"] = json!(url);
        }
        organisation
    }

    fn license(&self, lang: Lang) -> Option<Value> {
        let license = self.config.license.as_ref()?;
        match &license.url {
            Some(url) => Some(json!(url)),
            None => {
                Some(json!(license.name.get(lang))).filter(|_| !license.name.get(lang).is_empty())
            }
        }
    }

    fn news_article(
        &self,
        index: usize,
        url: &str,
        description: &str,
        image: &Option<ShareImage>,
    ) -> Value {
        let b = &self.bulletins[index];
        let lang = b.source.lang;
        let mut article = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": b.source.front.title,
            "description": description,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": lang.code(),
            "datePublished": b.source.date.to_string(),
            "dateModified": b.source.date.to_string(),
            "author": self.publisher(lang),
            "publisher": self.publisher(lang),
            "isAccessibleForFree": true,
            "about": b.regions.iter().map(|r| place(self.dataset.region(*r).name(lang))).collect::<Vec<_>>(),
        });
        let fields = article.as_object_mut().expect("a JSON object");
        if let Some(image) = image {
            fields.insert("image".into(), json!([image.url]));
        }
        if !b.source.front.tags.is_empty() {
            fields.insert("keywords".into(), json!(b.source.front.tags.join(", ")));
        }
        insert_some(fields, "license", self.license(lang));
        article
    }

    /// A `Dataset` for the figures of a province or an indicator; none when it has no figures.
    fn dataset_about(&self, scope: Scope, lang: Lang, url: &str, title: &str) -> Option<Value> {
        let dataset = self.dataset;
        let observations: Vec<_> = match scope {
            Scope::Region(r) => dataset
                .observations
                .iter()
                .filter(|o| o.region == r)
                .collect(),
            Scope::Indicator(i) => dataset.observations_of(i).collect(),
        };
        let first = observations.iter().map(|o| o.period.start()).min()?;
        let last = observations.iter().map(|o| o.period.end()).max()?;
        let mut indicators: Vec<IndicatorId> = observations.iter().map(|o| o.indicator).collect();
        indicators.sort();
        indicators.dedup();
        let mut regions: Vec<RegionId> = observations.iter().map(|o| o.region).collect();
        regions.sort();
        regions.dedup();
        let description = match scope {
            Scope::Region(r) => self.strings[&lang].fill(
                "share.province_description",
                &[("name", &self.region_label(r, lang))],
            ),
            Scope::Indicator(i) => dataset.indicator(i).definition(lang).to_string(),
        };
        let mut data = json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": title,
            "description": description,
            "url": url,
            "inLanguage": lang.code(),
            "temporalCoverage": format!("{first}/{last}"),
            "spatialCoverage": regions.iter().map(|r| place(&self.region_label(*r, lang))).collect::<Vec<_>>(),
            "variableMeasured": indicators.iter().map(|i| {
                let indicator = dataset.indicator(*i);
                json!({
                    "@type": "PropertyValue",
                    "name": indicator.name(lang),
                    "unitText": self.t(lang, indicator.unit.key()),
                })
            }).collect::<Vec<_>>(),
            "creator": self.publisher(lang),
            "isAccessibleForFree": true,
        });
        let fields = data.as_object_mut().expect("a JSON object");
        insert_some(fields, "license", self.license(lang));
        Some(data)
    }
}

/// What a `Dataset` is about.
#[derive(Clone, Copy)]
enum Scope {
    Region(RegionId),
    Indicator(IndicatorId),
}

fn place(name: &str) -> Value {
    json!({ "@type": "Place", "name": name })
}

fn insert_some(fields: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        fields.insert(key.to_string(), value);
    }
}

/// JSON that cannot end, or change the parsing of, the `<script>` element it is written in (a
/// `</script>` or `<!--` in a title would): `<`, `>` and `&` written as JSON escapes, as browsers'
/// own serialisers and Go's templates do.
fn script_safe(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::period::Period;

    #[test]
    fn json_cannot_close_its_script() {
        let value = json!({ "headline": "</script><!--<script>alert(1)</script> & co" });
        let text = script_safe(&value);
        assert!(!text.contains(['<', '>', '&']), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn periods_give_an_iso_interval() {
        let period = Period::parse("2023").unwrap();
        assert_eq!(
            format!("{}/{}", period.start(), period.end()),
            "2023-01-01/2023-12-31"
        );
    }
}

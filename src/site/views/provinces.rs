//! The province list: a table of the headline indicators, and the current and former provinces.

use serde::Serialize;

use super::shared::{Citations, FigureView, Link, RegionLink, SourceView};
use crate::common::locale::Lang;
use crate::model::{RegionId, RegionKind};
use crate::site::Site;

#[derive(Serialize)]
struct ProvinceRow {
    region: RegionLink,
    status: Option<String>,
    cells: Vec<Option<FigureView>>,
}

#[derive(Serialize)]
struct RegionListItem {
    link: RegionLink,
    code: String,
    status: Option<String>,
}

#[derive(Serialize)]
pub(in crate::site) struct ProvincesView {
    columns: Vec<Link>,
    rows: Vec<ProvinceRow>,
    sources: Vec<SourceView>,
    current: Vec<RegionListItem>,
    former: Vec<RegionListItem>,
}

impl Site<'_> {
    pub(super) fn provinces(&self, lang: Lang) -> ProvincesView {
        let cites = Citations::default();
        let columns: &[_] = self.headline;
        let rows = self
            .regions_with_pages(lang)
            .into_iter()
            .map(|region| ProvinceRow {
                region: self.region_link_plain(region, lang),
                status: self.region_status(region, lang),
                cells: columns
                    .iter()
                    .map(|&i| {
                        self.dataset
                            .latest(region, i)
                            .map(|o| self.figure_view(o, lang, &cites))
                    })
                    .collect(),
            })
            .collect();
        ProvincesView {
            columns: self.indicator_links(columns, lang),
            rows,
            sources: self.cited_sources(cites, lang),
            current: self.province_list(true, lang),
            former: self.province_list(false, lang),
        }
    }

    /// The provinces that exist today (`current`) or no longer do, sorted by name.
    fn province_list(&self, current: bool, lang: Lang) -> Vec<RegionListItem> {
        let mut ids: Vec<RegionId> = self
            .dataset
            .region_ids()
            .filter(|r| {
                let region = self.dataset.region(*r);
                region.kind == RegionKind::Province && region.is_current() == current
            })
            .collect();
        ids.sort_by_cached_key(|r| crate::common::text::fold(self.dataset.region(*r).name(lang)));
        ids.into_iter()
            .map(|r| RegionListItem {
                link: self.region_link_plain(r, lang),
                code: self.dataset.region(r).code.clone(),
                status: self.region_status(r, lang),
            })
            .collect()
    }
}

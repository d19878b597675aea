//! The validated data: regions with their history, indicators, sourced observations and targets,
//! with the indexes every later stage queries. Built once per build by `load::data`.

use std::collections::HashMap;

use crate::common::diagnostics::Location;
use crate::common::figure::Figure;
use crate::common::locale::{Lang, Unit};
use crate::common::period::{Date, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionKind {
    Country,
    Province,
}

#[derive(Debug, Clone)]
pub struct Region {
    pub slug: String,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub kind: RegionKind,
    pub parent: Option<RegionId>,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub successor: Option<RegionId>,
    pub aliases: Vec<String>,
    /// Regions whose successor this one is (derived).
    pub predecessors: Vec<RegionId>,
}

impl Region {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }

    /// Whether the region existed on the given day.
    pub fn exists_on(&self, date: Date) -> bool {
        self.valid_from.is_none_or(|from| from <= date)
            && self.valid_until.is_none_or(|until| date <= until)
    }

    pub fn is_current(&self) -> bool {
        self.valid_until.is_none()
    }
}

/// The theme an indicator belongs to; pages list the groups in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndicatorGroup {
    SocialInsurance,
    UnemploymentInsurance,
    HealthInsurance,
    Revenue,
    Benefits,
    Operations,
    Context,
}

impl IndicatorGroup {
    /// Every group, in page order.
    pub const ALL: [IndicatorGroup; 7] = [
        IndicatorGroup::SocialInsurance,
        IndicatorGroup::UnemploymentInsurance,
        IndicatorGroup::HealthInsurance,
        IndicatorGroup::Revenue,
        IndicatorGroup::Benefits,
        IndicatorGroup::Operations,
        IndicatorGroup::Context,
    ];

    /// The id written in data/indicators.csv (and used in page anchors).
    pub fn id(self) -> &'static str {
        match self {
            IndicatorGroup::SocialInsurance => "social_insurance",
            IndicatorGroup::UnemploymentInsurance => "unemployment_insurance",
            IndicatorGroup::HealthInsurance => "health_insurance",
            IndicatorGroup::Revenue => "revenue",
            IndicatorGroup::Benefits => "benefits",
            IndicatorGroup::Operations => "operations",
            IndicatorGroup::Context => "context",
        }
    }

    pub fn parse(id: &str) -> Option<IndicatorGroup> {
        IndicatorGroup::ALL.into_iter().find(|g| g.id() == id)
    }

    /// The interface string naming the group (`group.<id>` in templates/i18n/).
    pub fn string_key(self) -> String {
        format!("group.{}", self.id())
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub group: IndicatorGroup,
    pub name_vi: String,
    pub name_en: String,
    pub unit: Unit,
    pub decimals: u8,
    pub higher_is_better: Option<bool>,
    pub part_of: Option<IndicatorId>,
    pub numerator: Option<IndicatorId>,
    pub denominator: Option<IndicatorId>,
    pub definition_vi: String,
    pub definition_en: String,
    /// Indicators that are `part_of` this one (derived).
    pub parts: Vec<IndicatorId>,
}

impl Indicator {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_vi, &self.name_en)
    }

    pub fn definition(&self, lang: Lang) -> &str {
        lang.pick(&self.definition_vi, &self.definition_en)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub publication: String,
    pub date: Option<Date>,
    pub url: Option<String>,
}

/// A remark on how a figure was obtained, per language; `any` is written in either and shown
/// where the page's own language has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Note {
    pub vi: Option<String>,
    pub en: Option<String>,
    pub any: Option<String>,
}

impl Note {
    pub fn get(&self, lang: Lang) -> Option<&str> {
        let (own, other) = match lang {
            Lang::Vi => (&self.vi, &self.en),
            Lang::En => (&self.en, &self.vi),
        };
        own.as_deref().or(self.any.as_deref()).or(other.as_deref())
    }
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub region: RegionId,
    pub indicator: IndicatorId,
    pub period: Period,
    pub figure: Figure,
    pub source: SourceId,
    pub note: Note,
    pub origin: Location,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub region: RegionId,
    pub indicator: IndicatorId,
    pub period: Period,
    pub target: Option<Figure>,
    pub achieved_percent: Option<Figure>,
    pub achieved_as_of: Option<Period>,
    pub source: SourceId,
    pub note: Note,
    pub origin: Location,
}

/// All the data of a site, immutable once built.
#[derive(Debug, Default)]
pub struct Dataset {
    pub regions: Vec<Region>,
    pub indicators: Vec<Indicator>,
    pub sources: Vec<Source>,
    pub observations: Vec<Observation>,
    pub targets: Vec<Target>,
    region_by_slug: HashMap<String, RegionId>,
    indicator_by_id: HashMap<String, IndicatorId>,
    /// Observation indexes per region and indicator, in period order.
    series: HashMap<(RegionId, IndicatorId), Vec<usize>>,
    /// Observation indexes per indicator, in period order.
    by_indicator: Vec<Vec<usize>>,
    targets_by_region: HashMap<RegionId, Vec<usize>>,
}

impl Dataset {
    /// Builds the indexes. Observations and targets must already be free of duplicates.
    pub fn new(
        mut regions: Vec<Region>,
        mut indicators: Vec<Indicator>,
        sources: Vec<Source>,
        mut observations: Vec<Observation>,
        mut targets: Vec<Target>,
    ) -> Dataset {
        for i in 0..regions.len() {
            if let Some(successor) = regions[i].successor {
                regions[successor.0 as usize]
                    .predecessors
                    .push(RegionId(i as u32));
            }
        }
        for i in 0..indicators.len() {
            if let Some(total) = indicators[i].part_of {
                indicators[total.0 as usize]
                    .parts
                    .push(IndicatorId(i as u32));
            }
        }
        // A total order makes every later listing deterministic whatever the file order was.
        observations.sort_by(|a, b| {
            (a.region, a.indicator, a.period).cmp(&(b.region, b.indicator, b.period))
        });
        targets.sort_by(|a, b| {
            (a.region, a.indicator, a.period).cmp(&(b.region, b.indicator, b.period))
        });
        let region_by_slug = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.slug.clone(), RegionId(i as u32)))
            .collect();
        let indicator_by_id = indicators
            .iter()
            .enumerate()
            .map(|(i, ind)| (ind.id.clone(), IndicatorId(i as u32)))
            .collect();
        let mut series: HashMap<(RegionId, IndicatorId), Vec<usize>> = HashMap::new();
        let mut by_indicator = vec![Vec::new(); indicators.len()];
        for (i, obs) in observations.iter().enumerate() {
            series
                .entry((obs.region, obs.indicator))
                .or_default()
                .push(i);
            by_indicator[obs.indicator.0 as usize].push(i);
        }
        for list in &mut by_indicator {
            list.sort_by(|a, b| {
                let (a, b) = (&observations[*a], &observations[*b]);
                (a.period, a.region).cmp(&(b.period, b.region))
            });
        }
        let mut targets_by_region: HashMap<RegionId, Vec<usize>> = HashMap::new();
        for (i, target) in targets.iter().enumerate() {
            targets_by_region.entry(target.region).or_default().push(i);
        }
        Dataset {
            regions,
            indicators,
            sources,
            observations,
            targets,
            region_by_slug,
            indicator_by_id,
            series,
            by_indicator,
            targets_by_region,
        }
    }

    pub fn region(&self, id: RegionId) -> &Region {
        &self.regions[id.0 as usize]
    }

    pub fn indicator(&self, id: IndicatorId) -> &Indicator {
        &self.indicators[id.0 as usize]
    }

    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    pub fn region_ids(&self) -> impl Iterator<Item = RegionId> {
        (0..self.regions.len() as u32).map(RegionId)
    }

    pub fn indicator_ids(&self) -> impl Iterator<Item = IndicatorId> {
        (0..self.indicators.len() as u32).map(IndicatorId)
    }

    pub fn region_by_slug(&self, slug: &str) -> Option<RegionId> {
        self.region_by_slug.get(slug).copied()
    }

    pub fn indicator_by_id(&self, id: &str) -> Option<IndicatorId> {
        self.indicator_by_id.get(id).copied()
    }

    /// The observations of one indicator in one region, oldest first.
    pub fn series(
        &self,
        region: RegionId,
        indicator: IndicatorId,
    ) -> impl DoubleEndedIterator<Item = &Observation> + '_ {
        self.series
            .get(&(region, indicator))
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|i| &self.observations[*i])
    }

    pub fn has_series(&self, region: RegionId) -> bool {
        self.indicator_ids()
            .any(|i| self.series.contains_key(&(region, i)))
    }

    pub fn observation(
        &self,
        region: RegionId,
        indicator: IndicatorId,
        period: &Period,
    ) -> Option<&Observation> {
        let indexes = self.series.get(&(region, indicator))?;
        indexes
            .binary_search_by(|i| self.observations[*i].period.cmp(period))
            .ok()
            .map(|pos| &self.observations[indexes[pos]])
    }

    pub fn latest(&self, region: RegionId, indicator: IndicatorId) -> Option<&Observation> {
        self.series(region, indicator).next_back()
    }

    /// The latest earlier observation of the same kind and length of period.
    pub fn previous_comparable(&self, observation: &Observation) -> Option<&Observation> {
        let class = observation.period.class();
        self.series(observation.region, observation.indicator)
            .rev()
            .filter(|o| o.period < observation.period && o.period.end() < observation.period.end())
            .find(|o| o.period.class() == class)
    }

    /// All observations of one indicator, in period order.
    pub fn observations_of(
        &self,
        indicator: IndicatorId,
    ) -> impl DoubleEndedIterator<Item = &Observation> + '_ {
        self.by_indicator[indicator.0 as usize]
            .iter()
            .map(|i| &self.observations[*i])
    }

    /// Each region's latest observation of an indicator among those `keep` accepts, in region order.
    pub fn latest_per_region(
        &self,
        indicator: IndicatorId,
        keep: impl Fn(&Observation) -> bool,
    ) -> Vec<&Observation> {
        let mut latest: std::collections::BTreeMap<RegionId, &Observation> =
            std::collections::BTreeMap::new();
        // Observations come in period order, so the last one kept per region is its latest.
        for o in self.observations_of(indicator).filter(|o| keep(o)) {
            latest.insert(o.region, o);
        }
        latest.into_values().collect()
    }

    pub fn targets_of(&self, region: RegionId) -> impl Iterator<Item = &Target> + '_ {
        self.targets_by_region
            .get(&region)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|i| &self.targets[*i])
    }

    pub fn target(
        &self,
        region: RegionId,
        indicator: IndicatorId,
        period: &Period,
    ) -> Option<&Target> {
        self.targets_of(region)
            .find(|t| t.indicator == indicator && t.period == *period)
    }

    /// The region that stood for `region` on `date`, following renames (one predecessor or one
    /// successor of a single predecessor) but never merges: Thừa Thiên Huế for Huế in 2022.
    pub fn as_of(&self, region: RegionId, date: crate::common::period::Date) -> Option<RegionId> {
        let mut current = region;
        for _ in 0..8 {
            let r = self.region(current);
            if r.exists_on(date) {
                return Some(current);
            }
            let next = if r.valid_from.is_some_and(|from| date < from) {
                match r.predecessors.as_slice() {
                    [only] => Some(*only),
                    _ => None,
                }
            } else {
                r.successor
                    .filter(|s| self.region(*s).predecessors.len() == 1)
            };
            current = next?;
        }
        None
    }

    /// Whether a region has observations or targets (and so a page).
    pub fn has_data(&self, region: RegionId) -> bool {
        self.has_series(region) || self.targets_by_region.contains_key(&region)
    }
}

/// Finds a region from what a person typed: its slug, its name or an alias, with or without
/// diacritics or an administrative prefix. Names shared by two regions (An Giang before and after
/// the 2025 merger) are told apart by the date the figure refers to.
#[derive(Debug, Default)]
pub struct RegionIndex {
    by_slug: HashMap<String, RegionId>,
    by_name: HashMap<String, Vec<RegionId>>,
}

/// Why a region reference did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionLookupError {
    Unknown,
    /// The name fits several regions and the date does not single one out.
    Ambiguous(Vec<RegionId>),
    /// The name is known but no region of that name existed on the date.
    NotOnDate(Vec<RegionId>),
}

impl RegionIndex {
    pub fn new(regions: &[Region]) -> RegionIndex {
        let mut index = RegionIndex::default();
        for (i, region) in regions.iter().enumerate() {
            let id = RegionId(i as u32);
            index.by_slug.insert(region.slug.clone(), id);
            let names = [&region.name_vi, &region.name_en, &region.slug]
                .into_iter()
                .chain(region.aliases.iter());
            for name in names {
                let ids = index
                    .by_name
                    .entry(crate::common::text::name_key(name))
                    .or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        index
    }

    pub fn resolve(
        &self,
        regions: &[Region],
        text: &str,
        on: Option<Date>,
    ) -> Result<RegionId, RegionLookupError> {
        if let Some(id) = self.by_slug.get(text.trim()) {
            return Ok(*id);
        }
        let candidates = self
            .by_name
            .get(&crate::common::text::name_key(text))
            .ok_or(RegionLookupError::Unknown)?;
        if let [only] = candidates.as_slice() {
            return Ok(*only);
        }
        let Some(date) = on else {
            return Err(RegionLookupError::Ambiguous(candidates.clone()));
        };
        let existing: Vec<RegionId> = candidates
            .iter()
            .copied()
            .filter(|id| regions[id.0 as usize].exists_on(date))
            .collect();
        match existing.as_slice() {
            [only] => Ok(*only),
            [] => Err(RegionLookupError::NotOnDate(candidates.clone())),
            _ => Err(RegionLookupError::Ambiguous(existing)),
        }
    }

    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.by_slug.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_groups_round_trip_and_are_named_in_both_languages() {
        for group in IndicatorGroup::ALL {
            assert_eq!(IndicatorGroup::parse(group.id()), Some(group));
            for lang in [
                crate::common::locale::Lang::Vi,
                crate::common::locale::Lang::En,
            ] {
                let strings = crate::input::i18n::load(
                    lang,
                    std::path::Path::new("."),
                    std::path::Path::new("/nowhere"),
                    std::path::Path::new("templates"),
                )
                .expect("built-in strings");
                assert_ne!(
                    strings.get(&group.string_key()),
                    group.string_key(),
                    "{group:?} {lang:?}"
                );
            }
        }
        assert_eq!(IndicatorGroup::parse("Social_Insurance"), None);
        assert!(
            IndicatorGroup::ALL.windows(2).all(|w| w[0] < w[1]),
            "page order"
        );
    }

    fn region(
        slug: &str,
        from: Option<Date>,
        until: Option<Date>,
        successor: Option<u32>,
    ) -> Region {
        Region {
            slug: slug.into(),
            code: "46".into(),
            name_vi: slug.into(),
            name_en: slug.into(),
            kind: RegionKind::Province,
            parent: None,
            valid_from: from,
            valid_until: until,
            successor: successor.map(RegionId),
            aliases: vec![],
            predecessors: vec![],
        }
    }

    #[test]
    fn renamed_regions_stand_for_each_other_across_time_but_merged_ones_do_not() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let regions = vec![
            region("thua-thien-hue", None, Some(d(2024, 12, 31)), Some(1)),
            region("hue", Some(d(2025, 1, 1)), None, None),
            region("yen-bai", None, Some(d(2025, 6, 30)), Some(4)),
            region("lao-cai", None, Some(d(2025, 6, 30)), Some(4)),
            region("lao-cai-2025", Some(d(2025, 7, 1)), None, None),
        ];
        let dataset = Dataset::new(regions, vec![], vec![], vec![], vec![]);
        assert_eq!(
            dataset.as_of(RegionId(1), d(2022, 6, 30)),
            Some(RegionId(0)),
            "Huế in 2022 is Thừa Thiên Huế"
        );
        assert_eq!(
            dataset.as_of(RegionId(0), d(2025, 3, 1)),
            Some(RegionId(1)),
            "and the other way round"
        );
        assert_eq!(
            dataset.as_of(RegionId(4), d(2024, 1, 1)),
            None,
            "a merged province has no single predecessor"
        );
        assert_eq!(
            dataset.as_of(RegionId(2), d(2025, 9, 1)),
            None,
            "nor a dissolved one a single successor"
        );
    }
}

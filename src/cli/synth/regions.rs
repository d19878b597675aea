//! The repository's real map: the country, the 63 provinces before the 1 July 2025 merger and the
//! 34 after it, followed through renames and merges.

use std::collections::HashMap;
use std::path::Path;

use bulletin::parse::parse_csv;

use super::months::{first_month, last_month};

/// The repository's real regions: the country, the 63 provinces before July 2025 and the 34 after.
pub(super) const REGIONS_CSV: &str = include_str!("../../../data/regions.csv");

#[derive(Debug, Clone)]
pub(super) struct RegionRow {
    pub(super) slug: String,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    country: bool,
    from: Option<i32>,
    until: Option<i32>,
    successor: Option<String>,
}

/// The rows of data/regions.csv, read by the library's table reader.
fn read_regions() -> Vec<RegionRow> {
    let Ok(table) = parse_csv(REGIONS_CSV.as_bytes(), Path::new("data/regions.csv")) else {
        return Vec::new();
    };
    let col = |name: &str| table.column(name);
    let (slug, name_vi, name_en, kind, from, until, successor) = (
        col("slug"),
        col("name_vi"),
        col("name_en"),
        col("kind"),
        col("valid_from"),
        col("valid_until"),
        col("successor"),
    );
    let cell = |row, c| table.cell(row, c).map(str::to_string);
    table
        .rows
        .iter()
        .filter_map(|r| {
            Some(RegionRow {
                slug: cell(r, slug)?,
                name_vi: cell(r, name_vi)?,
                name_en: cell(r, name_en)?,
                country: table.cell(r, kind) == Some("country"),
                from: table.cell(r, from).and_then(first_month),
                until: table.cell(r, until).and_then(last_month),
                successor: cell(r, successor),
            })
        })
        .collect()
}

/// One region's stretch of existence, as month indexes (inclusive).
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) row: usize,
    pub(super) from: i32,
    pub(super) until: i32,
}

/// A province of the old map followed through renames (Thừa Thiên Huế -> Huế).
#[derive(Debug, Clone)]
pub(super) struct Unit {
    pub(super) spans: Vec<Span>,
    /// Still exists at the end of 2025 (the merger did not touch it).
    pub(super) current: bool,
}

/// A province created by the 2025 merger, the sum of old-map units.
#[derive(Debug, Clone)]
pub(super) struct Merged {
    pub(super) span: Span,
    pub(super) units: Vec<usize>,
}

#[derive(Debug)]
pub(super) struct Map {
    pub(super) rows: Vec<RegionRow>,
    pub(super) country: usize,
    pub(super) units: Vec<Unit>,
    pub(super) merged: Vec<Merged>,
}

impl Map {
    pub(super) fn new() -> Map {
        let rows = read_regions();
        let index: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.slug.as_str(), i))
            .collect();
        let mut predecessors: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if let Some(s) = r.successor.as_deref().and_then(|s| index.get(s)) {
                predecessors.entry(*s).or_default().push(i);
            }
        }
        let continues = |i: usize| predecessors.get(&i).is_some_and(|p| p.len() == 1);
        let span = |i: usize| Span {
            row: i,
            from: rows[i].from.unwrap_or(i32::MIN),
            until: rows[i].until.unwrap_or(i32::MAX),
        };
        let country = rows.iter().position(|r| r.country).unwrap_or(0);
        let mut units = Vec::new();
        let mut ends: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if r.country || r.from.is_some() {
                continue;
            }
            let mut spans = vec![span(i)];
            let mut last = i;
            while let Some(&next) = rows[last].successor.as_deref().and_then(|s| index.get(s)) {
                if !continues(next) {
                    ends.entry(next).or_default().push(units.len());
                    break;
                }
                spans.push(span(next));
                last = next;
            }
            units.push(Unit {
                spans,
                current: rows[last].until.is_none(),
            });
        }
        let mut merged: Vec<Merged> = ends
            .into_iter()
            .map(|(row, units)| Merged {
                span: span(row),
                units,
            })
            .collect();
        merged.sort_by_key(|m| m.span.row);
        Map {
            rows,
            country,
            units,
            merged,
        }
    }
}

/// The count of each kind of region in the repository's map, for tests.
#[cfg(test)]
pub(super) fn map_counts() -> std::collections::BTreeMap<&'static str, usize> {
    let map = Map::new();
    let mut counts = std::collections::BTreeMap::new();
    counts.insert("old", map.units.len());
    counts.insert(
        "current",
        map.units.iter().filter(|u| u.current).count() + map.merged.len(),
    );
    counts.insert("merged", map.merged.len());
    counts
}

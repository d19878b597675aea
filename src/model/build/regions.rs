//! data/regions.csv: the country and its provinces with their history (slugs, codes, names,
//! lifetimes, successors).

use std::collections::{HashMap, HashSet};

use crate::common::diagnostics::{quote, Diagnostic, Diagnostics, Location};
use crate::input::table::Table;
use crate::model::build::{check_columns, parse_date_cell, required_cell, REGION_COLUMNS};
use crate::model::{Region, RegionId, RegionKind};

struct RawRegionLinks {
    parent: Option<(String, Location)>,
    successor: Option<(String, Location)>,
}

pub(crate) fn parse_regions(table: &Table, diagnostics: &mut Diagnostics) -> Option<Vec<Region>> {
    if !check_columns(table, REGION_COLUMNS, &REGION_COLUMNS[..5], diagnostics) {
        return None;
    }
    let mut regions = Vec::new();
    let mut links = Vec::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let (Some(slug), Some(code), Some(name_vi), Some(name_en), Some(kind)) = (
            required_cell(table, row, "slug", diagnostics),
            required_cell(table, row, "code", diagnostics),
            required_cell(table, row, "name_vi", diagnostics),
            required_cell(table, row, "name_en", diagnostics),
            required_cell(table, row, "kind", diagnostics),
        ) else {
            continue;
        };
        let slug_column = table.column("slug").unwrap_or(0);
        if !crate::common::text::is_valid_slug(slug) {
            diagnostics.push(
                Diagnostic::error(format!("{} is not a valid slug", quote(slug)))
                    .at(table.location(row, slug_column))
                    .help(format!(
                        "use lowercase ASCII letters, digits and single dashes, e.g. `{}`",
                        crate::common::text::slugify(name_vi)
                    )),
            );
            continue;
        }
        if let Some(first_line) = slugs.insert(slug.to_string(), row.line) {
            diagnostics.push(
                Diagnostic::error(format!("the slug {} is used twice (first on row {first_line})", quote(slug)))
                    .at(table.location(row, slug_column))
                    .help("two regions cannot share a URL; add the year of creation to the newer one, e.g. `an-giang-2025`"),
            );
            continue;
        }
        let kind = match kind {
            "country" => RegionKind::Country,
            "province" => RegionKind::Province,
            other => {
                diagnostics.push(
                    Diagnostic::error(format!("{} is not a kind of region", quote(other)))
                        .at(table.location(row, table.column("kind").unwrap_or(0)))
                        .help("write `country` or `province`"),
                );
                continue;
            }
        };
        let valid_from = parse_date_cell(table, row, "valid_from", diagnostics);
        let valid_until = parse_date_cell(table, row, "valid_until", diagnostics);
        if let (Some(from), Some(until)) = (valid_from, valid_until) {
            if until < from {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the region ends ({until}) before it begins ({from})"
                    ))
                    .at(table.location(row, table.column("valid_until").unwrap_or(0)))
                    .help("valid_until is the last day the region existed"),
                );
            }
        }
        let link = |name: &str| {
            let column = table.column(name)?;
            table
                .cell(row, Some(column))
                .map(|s| (s.to_string(), table.location(row, column)))
        };
        let successor = link("successor");
        // The cell, not the parsed date: a mistyped date is reported once, above.
        let has_end = table.cell(row, table.column("valid_until")).is_some();
        if has_end != successor.is_some() {
            let column = table
                .column("successor")
                .or(table.column("valid_until"))
                .unwrap_or(0);
            diagnostics.push(
                Diagnostic::error("`valid_until` and `successor` go together")
                    .at(table.location(row, column))
                    .help("a region that ceased to exist names the region it became part of (or was renamed to); a region that still exists has neither"),
            );
        }
        links.push(RawRegionLinks {
            parent: link("parent"),
            successor,
        });
        regions.push(Region {
            slug: slug.to_string(),
            code: code.to_string(),
            name_vi: name_vi.to_string(),
            name_en: name_en.to_string(),
            kind,
            parent: None,
            valid_from,
            valid_until,
            successor: None,
            aliases: table
                .cell(row, table.column("aliases"))
                .map(|a| {
                    a.split('|')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            predecessors: Vec::new(),
        });
    }
    let ids: HashMap<String, RegionId> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.slug.clone(), RegionId(i as u32)))
        .collect();
    // Slugs of rows left out for their own errors: a reference to one is not a second mistake.
    let written: HashSet<&str> = table
        .rows
        .iter()
        .filter_map(|row| table.cell(row, table.column("slug")))
        .collect();
    let resolve =
        |(slug, location): &(String, Location), what: &str, diagnostics: &mut Diagnostics| {
            let found = ids.get(slug).copied();
            if found.is_none() && !written.contains(slug.as_str()) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the {what} {} is not a region in this file",
                        quote(slug)
                    ))
                    .at(location.clone())
                    .did_you_mean(slug, ids.keys().map(String::as_str)),
                );
            }
            found
        };
    for (i, link) in links.iter().enumerate() {
        regions[i].parent = link
            .parent
            .as_ref()
            .and_then(|p| resolve(p, "parent", diagnostics));
        regions[i].successor = link
            .successor
            .as_ref()
            .and_then(|s| resolve(s, "successor", diagnostics));
        if regions[i].kind == RegionKind::Province
            && regions[i].parent.is_none()
            && link.parent.is_none()
        {
            diagnostics.push(
                Diagnostic::error(format!("the province `{}` has no parent", regions[i].slug))
                    .at(Location::file(&table.path)
                        .with_label(format!("region `{}`", regions[i].slug)))
                    .help("write the country's slug in the `parent` column"),
            );
        }
    }
    check_successors(&regions, table, diagnostics);
    (!diagnostics.has_errors()).then_some(regions)
}

/// A successor must exist after its predecessor ends, and succession must not loop.
fn check_successors(regions: &[Region], table: &Table, diagnostics: &mut Diagnostics) {
    for region in regions {
        let (Some(until), Some(successor)) = (region.valid_until, region.successor) else {
            continue;
        };
        let next = &regions[successor.0 as usize];
        let at = Location::file(&table.path).with_label(format!("region `{}`", region.slug));
        if next.slug == region.slug {
            diagnostics.push(Diagnostic::error("a region cannot succeed itself").at(at));
            continue;
        }
        if next
            .valid_until
            .is_some_and(|next_until| next_until <= until)
        {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` ends on {until} but its successor `{}` ends no later",
                    region.slug, next.slug
                ))
                .at(at)
                .help("check valid_until and successor: the successor must outlive the region it replaced"),
            );
        }
    }
}

//! data/regions.csv: the country and its provinces with their history (slugs, codes, names,
//! lifetimes, successors).

use std::collections::HashMap;

use crate::common::diagnostics::{quote, Diagnostic, Diagnostics};
use crate::common::messages::msg;
use crate::common::period::Date;
use crate::input::table::{Row, Table};
use crate::model::build::links::{optional_link, Keys, Link};
use crate::model::build::{
    cell_location, check_columns, parse_date_cell, required_cells, REGION_COLUMNS,
};
use crate::model::{Region, RegionId, RegionKind};

struct RawRegionLinks {
    parent: Option<Link>,
    successor: Option<Link>,
}

pub(crate) fn parse_regions(table: &Table, diagnostics: &mut Diagnostics) -> Option<Vec<Region>> {
    if !check_columns(table, REGION_COLUMNS, &REGION_COLUMNS[..5], diagnostics) {
        return None;
    }
    let mut regions = Vec::new();
    let mut links = Vec::new();
    let mut slugs: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if let Some((region, link)) = read_region(table, row, &mut slugs, diagnostics) {
            regions.push(region);
            links.push(link);
        }
    }
    resolve_links(table, &mut regions, &links, diagnostics);
    check_successors(&regions, table, diagnostics);
    (!diagnostics.has_errors()).then_some(regions)
}

/// One row, checked cell by cell, with its parent and successor still unresolved. `slugs` holds
/// the slugs read so far and their rows.
fn read_region(
    table: &Table,
    row: &Row,
    slugs: &mut HashMap<String, usize>,
    diagnostics: &mut Diagnostics,
) -> Option<(Region, RawRegionLinks)> {
    let [slug, code, name_vi, name_en, kind] = required_cells(
        table,
        row,
        &["slug", "code", "name_vi", "name_en", "kind"],
        diagnostics,
    )?;
    let at = |name: &str| cell_location(table, row, name);
    if !crate::common::text::is_valid_slug(slug) {
        diagnostics.push(
            Diagnostic::error(msg!("model.regions.invalid_slug", slug = quote(slug)))
                .at(at("slug"))
                .help(msg!(
                    "model.regions.invalid_slug_help",
                    example = crate::common::text::slugify(name_vi)
                )),
        );
        return None;
    }
    if let Some(first_line) = slugs.insert(slug.to_string(), row.line) {
        diagnostics.push(
            Diagnostic::error(msg!(
                "model.regions.slug_twice",
                slug = quote(slug),
                first = first_line
            ))
            .at(at("slug"))
            .help(msg!("model.regions.slug_twice_help")),
        );
        return None;
    }
    let kind = match kind {
        "country" => RegionKind::Country,
        "province" => RegionKind::Province,
        other => {
            diagnostics.push(
                Diagnostic::error(msg!("model.regions.not_a_kind", kind = quote(other)))
                    .at(at("kind"))
                    .help(msg!("model.regions.not_a_kind_help")),
            );
            return None;
        }
    };
    let (valid_from, valid_until) = lifetime(table, row, diagnostics);
    let successor = optional_link(table, row, "successor");
    check_end_has_successor(table, row, successor.is_some(), diagnostics);
    let links = RawRegionLinks {
        parent: optional_link(table, row, "parent"),
        successor,
    };
    let region = Region {
        slug: slug.to_string(),
        code: code.to_string(),
        name_vi: name_vi.to_string(),
        name_en: name_en.to_string(),
        kind,
        parent: None,
        valid_from,
        valid_until,
        successor: None,
        aliases: aliases(table, row),
        predecessors: Vec::new(),
    };
    Some((region, links))
}

/// The first and last day of a region, when written, checked to be in order.
fn lifetime(
    table: &Table,
    row: &Row,
    diagnostics: &mut Diagnostics,
) -> (Option<Date>, Option<Date>) {
    let valid_from = parse_date_cell(table, row, "valid_from", diagnostics);
    let valid_until = parse_date_cell(table, row, "valid_until", diagnostics);
    if let (Some(from), Some(until)) = (valid_from, valid_until) {
        if until < from {
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.regions.ends_before_it_begins",
                    until = until,
                    from = from
                ))
                .at(cell_location(table, row, "valid_until"))
                .help(msg!("model.regions.ends_before_it_begins_help")),
            );
        }
    }
    (valid_from, valid_until)
}

/// A region that ended names its successor, and only such a region does.
fn check_end_has_successor(
    table: &Table,
    row: &Row,
    has_successor: bool,
    diagnostics: &mut Diagnostics,
) {
    // The cell, not the parsed date: a mistyped date is reported once, above.
    let has_end = table.cell(row, table.column("valid_until")).is_some();
    if has_end != has_successor {
        let column = table
            .column("successor")
            .or(table.column("valid_until"))
            .unwrap_or(0);
        diagnostics.push(
            Diagnostic::error(msg!("model.regions.end_without_successor"))
                .at(table.location(row, column))
                .help(msg!("model.regions.end_without_successor_help")),
        );
    }
}

/// Other names of the region, `|`-separated.
fn aliases(table: &Table, row: &Row) -> Vec<String> {
    table
        .cell(row, table.column("aliases"))
        .map(|a| {
            a.split('|')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Turns the written parents and successors into region ids; a province needs a parent.
fn resolve_links(
    table: &Table,
    regions: &mut [Region],
    links: &[RawRegionLinks],
    diagnostics: &mut Diagnostics,
) {
    let keys = Keys::new(table, "slug", regions.iter().map(|r| r.slug.as_str()));
    let resolve =
        |link: &Option<Link>, unknown: fn(String) -> String, diagnostics: &mut Diagnostics| {
            let not_region = |slug: &str| unknown(quote(slug));
            let found = keys.resolve(link.as_ref()?, not_region, diagnostics);
            found.map(RegionId)
        };
    for (region, link) in regions.iter_mut().zip(links) {
        region.parent = resolve(
            &link.parent,
            |slug| msg!("model.regions.unknown_parent", slug = slug),
            diagnostics,
        );
        region.successor = resolve(
            &link.successor,
            |slug| msg!("model.regions.unknown_successor", slug = slug),
            diagnostics,
        );
        if region.kind == RegionKind::Province && region.parent.is_none() && link.parent.is_none() {
            diagnostics.push(
                Diagnostic::error(msg!("model.regions.no_parent", slug = region.slug))
                    .at(region_location(table, &region.slug))
                    .help(msg!("model.regions.no_parent_help")),
            );
        }
    }
}

/// A successor must exist after its predecessor ends, and succession must not loop.
fn check_successors(regions: &[Region], table: &Table, diagnostics: &mut Diagnostics) {
    for region in regions {
        let (Some(until), Some(successor)) = (region.valid_until, region.successor) else {
            continue;
        };
        let next = &regions[successor.0 as usize];
        let at = region_location(table, &region.slug);
        if next.slug == region.slug {
            diagnostics.push(Diagnostic::error(msg!("model.regions.succeeds_itself")).at(at));
            continue;
        }
        if next
            .valid_until
            .is_some_and(|next_until| next_until <= until)
        {
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.regions.successor_ends_first",
                    slug = region.slug,
                    until = until,
                    successor = next.slug
                ))
                .at(at)
                .help(msg!("model.regions.successor_ends_first_help")),
            );
        }
    }
}

/// A region of the file as a whole, for findings about its relations to other rows.
fn region_location(table: &Table, slug: &str) -> crate::common::diagnostics::Location {
    table
        .file_location()
        .with_label(msg!("model.regions.label", slug = slug))
}

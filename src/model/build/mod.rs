//! Turns the tables in `data/` into a [`Dataset`], checking every cell on the way.
//! Rules that need the whole dataset (parts and totals, shares, lifetimes) live in `validate`.
//!
//! Each table is read and checked on its own first (`regions`, `indicators`, `records`), so a
//! mistake in one file never hides the mistakes in another; checks across files (is this
//! region listed? is this column an indicator?) run only against files that are free of errors,
//! so one mistake is never reported again as a cascade of others.

mod dates;
mod figures;
mod indicators;
mod links;
mod records;
mod regions;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::common::diagnostics::{display_path, quote, suggest, Diagnostic, Diagnostics, Location};
use crate::common::listing::Listing;
use crate::common::messages::{msg, msg_key};
use crate::common::period::{Date, Period};
use crate::input::table::{
    is_spreadsheet_clutter, read_tables, table_kind, Row, Table, TABLE_EXTENSIONS,
};
use crate::model::build::dates::date_from_cell;
use crate::model::build::indicators::parse_indicators;
use crate::model::build::records::RecordBuilder;
use crate::model::build::regions::parse_regions;
use crate::model::{Dataset, IndicatorId, Region, RegionId, RegionIndex, RegionLookupError};

/// The names of the tables in `data/`, each a CSV file or a workbook (`regions.csv`,
/// `regions.xlsx` or `regions.ods`).
pub const REGIONS_FILE: &str = "regions";
pub const INDICATORS_FILE: &str = "indicators";
pub const OBSERVATIONS_DIR: &str = "observations";
pub const TARGETS_FILE: &str = "targets";

pub(crate) const REGION_COLUMNS: &[&str] = &[
    "slug",
    "code",
    "name_vi",
    "name_en",
    "kind",
    "parent",
    "valid_from",
    "valid_until",
    "successor",
    "aliases",
];
/// The columns of data/indicators.csv, in the order `bulletin` writes them.
pub const INDICATOR_COLUMNS: &[&str] = &[
    "id",
    "group",
    "name_vi",
    "name_en",
    "unit",
    "decimals",
    "higher_is_better",
    "part_of",
    "numerator",
    "denominator",
    "definition_vi",
    "definition_en",
];
pub(crate) const SOURCE_COLUMNS: &[&str] = &[
    "source",
    "source_date",
    "source_url",
    "note",
    "note_vi",
    "note_en",
];
pub(crate) const TARGET_COLUMNS: &[&str] = &[
    "region",
    "indicator",
    "period",
    "target",
    "achieved_percent",
    "achieved_as_of",
    "source",
    "source_date",
    "source_url",
    "note",
    "note_vi",
    "note_en",
];

/// Reads and checks everything under `data_dir`. Returns `None` when an error makes the data unusable;
/// all findings go to `diagnostics`.
pub fn load_dataset(
    root: &Path,
    data_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Dataset> {
    // The steps below stop on their own errors only, not on findings of earlier stages.
    let mut own = Diagnostics::new();
    let dataset = read_dataset(root, data_dir, &mut own);
    diagnostics.extend(own);
    dataset
}

/// Reads a table, reporting why it cannot be read or which of its rows and cells are spoilt.
/// The second value is true when the table is whole (no row or cell had to be left out).
pub(crate) fn open_table(
    root: &Path,
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(Table, bool)> {
    match crate::input::table::read_table(root, path, &display_path(root, path)) {
        Ok(table) => Some(report_problems(table, diagnostics)),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

/// The tables of a file (one per sheet of a workbook), with their spoilt rows and cells
/// reported.
fn open_tables(root: &Path, path: &Path, diagnostics: &mut Diagnostics) -> Vec<Table> {
    match read_tables(root, path, &display_path(root, path)) {
        Ok(tables) if tables.is_empty() => {
            diagnostics.push(
                Diagnostic::warning(msg!("model.data.workbook_without_table"))
                    .at(Location::file(display_path(root, path)))
                    .help(msg!("input.table.no_sheet_help")),
            );
            Vec::new()
        }
        Ok(tables) => tables
            .into_iter()
            .map(|t| report_problems(t, diagnostics).0)
            .collect(),
        Err(d) => {
            diagnostics.push(d);
            Vec::new()
        }
    }
}

fn report_problems(mut table: Table, diagnostics: &mut Diagnostics) -> (Table, bool) {
    let whole = table.problems.is_empty();
    for problem in std::mem::take(&mut table.problems) {
        diagnostics.push(problem);
    }
    (table, whole)
}

/// The file of the table `name` in `dir`: `name.csv`, `name.xlsx` or `name.ods`, whichever
/// exists (`name.csv` when none does). Two of them is an error: `None`.
pub(crate) fn table_file(
    root: &Path,
    dir: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<PathBuf> {
    let found: Vec<PathBuf> = TABLE_EXTENSIONS
        .iter()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .filter(|p| crate::common::walk::exists(p))
        .collect();
    match found.as_slice() {
        [] => Some(dir.join(format!("{name}.csv"))),
        [one] => Some(one.clone()),
        [first, second, ..] => {
            let shown = |p: &Path| format!("`{}`", display_path(root, p).display());
            let changed = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
            let (keep, remove) = match (changed(first), changed(second)) {
                (Some(a), Some(b)) if b > a => (second, first),
                _ => (first, second),
            };
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.data.two_files_for_table",
                    first = shown(first),
                    second = shown(second),
                    table = name
                ))
                .at(Location::file(display_path(root, remove)))
                .help(msg!(
                    "model.data.two_files_for_table_help",
                    remove = shown(remove),
                    keep = shown(keep)
                )),
            );
            None
        }
    }
}

/// Runs `check` with its own findings, so that success means "this table is free of errors"
/// whatever other tables held.
fn checked<T>(
    diagnostics: &mut Diagnostics,
    check: impl FnOnce(&mut Diagnostics) -> Option<T>,
) -> Option<T> {
    let mut own = Diagnostics::new();
    let result = check(&mut own);
    let clean = !own.has_errors();
    diagnostics.extend(own);
    result.filter(|_| clean)
}

fn read_dataset(root: &Path, data_dir: &Path, diagnostics: &mut Diagnostics) -> Option<Dataset> {
    let regions_table = table_file(root, data_dir, REGIONS_FILE, diagnostics)
        .and_then(|path| open_table(root, &path, diagnostics));
    let indicators_table = table_file(root, data_dir, INDICATORS_FILE, diagnostics)
        .and_then(|path| open_table(root, &path, diagnostics));
    let mut observation_tables: Vec<Table> = observation_files(data_dir, diagnostics, root)
        .iter()
        .flat_map(|p| open_tables(root, p, diagnostics))
        .collect();
    let targets_table = table_file(root, data_dir, TARGETS_FILE, diagnostics)
        .filter(|path| crate::common::walk::exists(path))
        .and_then(|path| open_table(root, &path, diagnostics));

    let regions = regions_table.and_then(|(mut table, whole)| {
        table.adopt_names(REGION_COLUMNS.iter().copied());
        checked(diagnostics, |d| parse_regions(&table, d)).filter(|_| whole)
    });
    let indicators = indicators_table.and_then(|(mut table, whole)| {
        table.adopt_names(INDICATOR_COLUMNS.iter().copied());
        checked(diagnostics, |d| parse_indicators(&table, d)).filter(|_| whole)
    });
    let region_index = regions.as_deref().map(RegionIndex::new);
    let indicator_ids: Option<HashMap<&str, IndicatorId>> = indicators.as_deref().map(|list| {
        list.iter()
            .enumerate()
            .map(|(i, ind)| (ind.id.as_str(), IndicatorId(i as u32)))
            .collect()
    });

    let mut builder = RecordBuilder::new(
        regions.as_deref().zip(region_index.as_ref()),
        indicators.as_deref().zip(indicator_ids.as_ref()),
        diagnostics,
    );
    let mut observations = Vec::new();
    let mut seen: HashMap<(RegionId, IndicatorId, Period), Location> = HashMap::new();
    for table in &mut observation_tables {
        builder.observations(table, &mut observations, &mut seen);
    }
    let mut targets = Vec::new();
    if let Some((mut table, _)) = targets_table {
        builder.targets(&mut table, &mut targets);
    }
    let sources = builder.into_sources();
    if diagnostics.has_errors() {
        return None;
    }
    Some(Dataset::new(
        regions?,
        indicators?,
        sources,
        observations,
        targets,
    ))
}

fn observation_files(
    data_dir: &Path,
    diagnostics: &mut Diagnostics,
    root: &Path,
) -> Vec<std::path::PathBuf> {
    let dir = data_dir.join(OBSERVATIONS_DIR);
    if !crate::common::walk::exists(&dir) {
        diagnostics.push(
            Diagnostic::warning(msg!("model.data.no_observations_folder"))
                .at(Location::file(display_path(root, &dir)))
                .help(msg!("model.data.no_observations_folder_help")),
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    for found in crate::common::walk::files(root, &dir, diagnostics) {
        let name = found.relative.rsplit('/').next().unwrap_or("");
        // Spreadsheet lock files, backups and hidden files are not data; nor are subfolders.
        if found.relative.contains('/') || is_spreadsheet_clutter(name) {
            continue;
        }
        if table_kind(name).is_some() {
            files.push(found.path);
        } else {
            diagnostics.push(
                Diagnostic::warning(msg!("model.data.not_a_table_file"))
                    .at(Location::file(display_path(root, &found.path)))
                    .help(msg!("model.data.not_a_table_file_help")),
            );
        }
    }
    files
}

/// Reports columns that are missing or not recognised. Returns false when a required one is missing.
pub(crate) fn check_columns(
    table: &Table,
    allowed: &[&str],
    required: &[&str],
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for name in required {
        if table.column(name).is_none() {
            ok = false;
            diagnostics.push(
                Diagnostic::error(msg!("model.data.missing_column", column = name))
                    .at(table.header_row_location())
                    .help(msg!(
                        "model.data.missing_column_help",
                        columns = required.join(", ")
                    )),
            );
        }
    }
    let mut unknown = Listing::default();
    for (i, header) in table.headers.iter().enumerate() {
        if !allowed.contains(&header.as_str()) {
            unknown.push_with(msg_key!("model.listing.unknown_columns"), || {
                Diagnostic::error(msg!("model.data.unknown_column", column = quote(header)))
                    .at(table.header_location(i))
                    .did_you_mean_or(
                        header,
                        allowed.iter().copied(),
                        msg!("model.data.allowed_columns", columns = allowed.join(", ")),
                    )
            });
        }
    }
    for finding in unknown.finish(&table.path) {
        diagnostics.push(finding);
    }
    ok
}

pub(crate) fn required_cell<'a>(
    table: &Table,
    row: &'a Row,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'a str> {
    required_at(table, row, table.column(name), name, diagnostics)
}

/// The cells of several required columns, all reported when empty; `None` if any is.
pub(crate) fn required_cells<'a, const N: usize>(
    table: &Table,
    row: &'a Row,
    names: &[&str; N],
    diagnostics: &mut Diagnostics,
) -> Option<[&'a str; N]> {
    let mut cells = [""; N];
    let mut whole = true;
    for (cell, name) in cells.iter_mut().zip(names) {
        match required_cell(table, row, name, diagnostics) {
            Some(text) => *cell = text,
            None => whole = false,
        }
    }
    whole.then_some(cells)
}

/// Where the cell of column `name` is on `row` (the row's first cell if the sheet lacks it).
pub(crate) fn cell_location(table: &Table, row: &Row, name: &str) -> Location {
    table.location(row, table.column(name).unwrap_or(0))
}

/// [`required_cell`] for a column already looked up (`None`: the sheet lacks it).
pub(crate) fn required_at<'a>(
    table: &Table,
    row: &'a Row,
    column: Option<usize>,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'a str> {
    let cell = table.cell(row, column);
    if cell.is_none() {
        let location = match column {
            Some(c) => table.location(row, c),
            None => table.row_location(row),
        };
        diagnostics.push(
            Diagnostic::error(msg!("model.data.empty_cell", column = name))
                .at(location)
                .help(msg!("model.data.empty_cell_help", column = name)),
        );
    }
    cell
}

/// The date in an optional date column, reporting a cell that is not one.
pub(crate) fn parse_date_cell(
    table: &Table,
    row: &Row,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Date> {
    date_at(table, row, table.column(name), diagnostics)
}

/// [`parse_date_cell`] for a column already looked up.
pub(crate) fn date_at(
    table: &Table,
    row: &Row,
    column: Option<usize>,
    diagnostics: &mut Diagnostics,
) -> Option<Date> {
    let column = column?;
    let cell = table.cell(row, Some(column))?;
    match date_from_cell(cell) {
        Ok(date) => Some(date),
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(e.message)
                    .at(table.location(row, column))
                    .help(e.help),
            );
            None
        }
    }
}

/// The slug of the region whose slug or Vietnamese name is closest to `text`, if one is close.
fn closest_region<'a>(
    regions: &'a [Region],
    index: &'a RegionIndex,
    text: &str,
) -> Option<&'a str> {
    let names = regions
        .iter()
        .flat_map(|r| [r.slug.as_str(), r.name_vi.as_str()])
        .chain(index.slugs());
    let closest = suggest(text, names)?;
    let region = regions
        .iter()
        .find(|r| r.slug == closest || r.name_vi == closest);
    Some(region.map_or(closest, |r| r.slug.as_str()))
}

/// Explains a failed region lookup and suggests the likely intended region.
pub fn region_error(
    regions: &[Region],
    index: &RegionIndex,
    written: &str,
    period: Option<Period>,
    error: RegionLookupError,
) -> Diagnostic {
    let describe = |ids: &[RegionId]| {
        ids.iter()
            .map(|id| {
                let r = &regions[id.0 as usize];
                let span = match (r.valid_from, r.valid_until) {
                    (Some(f), Some(u)) => msg!("model.region.span.between", from = f, until = u),
                    (Some(f), None) => msg!("model.region.span.from", from = f),
                    (None, Some(u)) => msg!("model.region.span.until", until = u),
                    (None, None) => msg!("model.region.span.always"),
                };
                format!("{} ({span})", quote(&r.slug))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = quote(written);
    match error {
        RegionLookupError::Unknown => {
            let intended = closest_region(regions, index, written);
            // The closest region is found by its names too, but the help offers its slug, the
            // one candidate left to suggest.
            Diagnostic::error(msg!("model.region.unknown", region = text)).did_you_mean_or(
                intended.unwrap_or(written),
                intended,
                msg!("model.region.unknown_help"),
            )
        }
        RegionLookupError::Ambiguous(ids) => Diagnostic::error(msg!(
            "model.region.ambiguous",
            region = text,
            candidates = describe(&ids)
        ))
        .help(msg!("model.region.ambiguous_help")),
        RegionLookupError::NotOnDate(ids) => {
            let message = match period {
                Some(period) => msg!(
                    "model.region.not_in_period",
                    region = text,
                    period = period,
                    candidates = describe(&ids)
                ),
                None => msg!(
                    "model.region.not_then",
                    region = text,
                    candidates = describe(&ids)
                ),
            };
            Diagnostic::error(message).help(msg!("model.region.not_on_date_help"))
        }
    }
}

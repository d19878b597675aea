//! Map layers: tile-grid layouts from `data/maps/` (CSV files or workbooks) and boundary files declared in
//! bulletin.toml, each joined to the regions and checked that no feature or province is left out.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;
use crate::common::period::Date;
use crate::input::config::{key_location, BoundaryConfig, MapsConfig};
use crate::input::geo::{self, Projection, Ring};
use crate::input::table::{is_spreadsheet_clutter, table_kind, Row, Table};
use crate::model::build::{open_table, region_error};
use crate::model::{Dataset, RegionId, RegionIndex, RegionKind};

pub const MAPS_DIR: &str = "maps";

/// The width boundary maps are simplified for; narrower drawings simply have spare detail.
pub const MAP_WIDTH: f64 = 540.0;
/// Points closer than this (in map units at MAP_WIDTH) to their neighbours' line are dropped.
const SIMPLIFY_TOLERANCE: f64 = 0.45;

#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub region: RegionId,
    pub row: u32,
    pub column: u32,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct TileLayout {
    pub tiles: Vec<Tile>,
}

/// A boundary file joined to regions, projected to map units and simplified.
#[derive(Debug, Clone)]
pub struct BoundaryLayer {
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    pub attribution: Option<String>,
    /// Map height for MAP_WIDTH.
    pub height: f64,
    /// Per region, its polygons' outer rings (holes are dropped: provinces have none that matter
    /// at this scale) in map units.
    pub shapes: Vec<(RegionId, Vec<Ring>)>,
    /// Parts that simplify to a dot (small islands), drawn as points so they stay visible.
    pub dots: Vec<(RegionId, (f64, f64))>,
}

#[derive(Debug, Clone, Default)]
pub struct MapLayers {
    pub tiles: Vec<TileLayout>,
    pub boundaries: Vec<BoundaryLayer>,
    pub breaks: BTreeMap<String, Vec<f64>>,
}

pub fn load_maps(
    root: &Path,
    data_dir: &Path,
    config: &MapsConfig,
    dataset: &Dataset,
    index: &RegionIndex,
    diagnostics: &mut Diagnostics,
) -> MapLayers {
    let mut layers = MapLayers {
        breaks: config.breaks.clone(),
        ..Default::default()
    };
    for (indicator, breaks) in &config.breaks {
        let at = key_location(&format!("maps.breaks.{indicator}"));
        if dataset.indicator_by_id(indicator).is_none() {
            diagnostics.push(
                Diagnostic::error(msg!("model.maps.not_an_indicator", id = indicator))
                    .at(at.clone())
                    .did_you_mean(indicator, dataset.indicators.iter().map(|i| i.id.as_str())),
            );
        }
        if breaks.is_empty()
            || breaks.windows(2).any(|w| w[0] >= w[1])
            || breaks.iter().any(|b| !b.is_finite())
        {
            diagnostics.push(
                Diagnostic::error(msg!("model.maps.breaks_not_increasing"))
                    .at(at)
                    .help(msg!("model.maps.breaks_not_increasing_help")),
            );
        }
    }
    let dir = data_dir.join(MAPS_DIR);
    for found in crate::common::walk::files(root, &dir, diagnostics) {
        let name = found.relative.as_str();
        let is_table = table_kind(name).is_some() && !is_spreadsheet_clutter(name);
        if is_table && !found.relative.contains('/') {
            if let Some(layout) = load_tiles(root, &found.path, dataset, index, diagnostics) {
                layers.tiles.push(layout);
            }
        }
    }
    for boundary in &config.boundaries {
        if let Some(layer) = load_boundaries(root, boundary, dataset, index, diagnostics) {
            layers.boundaries.push(layer);
        }
    }
    layers
}

fn load_tiles(
    root: &Path,
    file: &Path,
    dataset: &Dataset,
    index: &RegionIndex,
    diagnostics: &mut Diagnostics,
) -> Option<TileLayout> {
    let (table, _) = open_table(root, file, diagnostics)?;
    for name in ["region", "row", "column"] {
        if table.column(name).is_none() {
            diagnostics.push(
                Diagnostic::error(msg!("model.data.missing_column", column = name))
                    .at(table.header_row_location())
                    .help(msg!("model.maps.tile_columns_help")),
            );
            return None;
        }
    }
    let mut tiles: Vec<Tile> = Vec::new();
    let mut cells: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for row in &table.rows {
        let Some((tile, text)) = read_tile(&table, row, dataset, index, diagnostics) else {
            continue;
        };
        if let Some(first) = cells.insert((tile.row, tile.column), row.line) {
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.maps.tile_taken",
                    row = tile.row,
                    column = tile.column,
                    first = first
                ))
                .at(table.row_location(row))
                .help(msg!("model.maps.tile_taken_help")),
            );
            continue;
        }
        if tiles.iter().any(|t| t.region == tile.region) {
            diagnostics.push(
                Diagnostic::error(msg!("model.maps.placed_twice", region = text))
                    .at(table.location(row, table.column("region").unwrap_or(0)))
                    .help(msg!("model.maps.placed_twice_help")),
            );
            continue;
        }
        tiles.push(tile);
    }
    Some(TileLayout { tiles })
}

/// One row of a tile layout: its region (and the text naming it) and its cell, each checked.
fn read_tile<'a>(
    table: &Table,
    row: &'a Row,
    dataset: &Dataset,
    index: &RegionIndex,
    diagnostics: &mut Diagnostics,
) -> Option<(Tile, &'a str)> {
    let region_col = table.column("region").unwrap_or(0);
    let text = table.cell(row, Some(region_col))?;
    let region = match index.resolve(&dataset.regions, text, None) {
        Ok(r) => r,
        Err(e) => {
            diagnostics.push(
                region_error(&dataset.regions, index, text, None, e)
                    .at(table.location(row, region_col)),
            );
            return None;
        }
    };
    let number = |name: &str, diagnostics: &mut Diagnostics| {
        let column = table.column(name).unwrap_or(0);
        let n = table
            .cell(row, Some(column))
            .and_then(|c| c.parse::<u32>().ok())
            .filter(|n| (1..=200).contains(n));
        if n.is_none() {
            diagnostics.push(
                Diagnostic::error(msg!("model.maps.not_a_tile_number", column = name))
                    .at(table.location(row, column))
                    .help(msg!("model.maps.not_a_tile_number_help")),
            );
        }
        n
    };
    let (Some(r), Some(c)) = (number("row", diagnostics), number("column", diagnostics)) else {
        return None;
    };
    let label = table
        .cell(row, table.column("label"))
        .map(str::to_string)
        .unwrap_or_else(|| initials(dataset.region(region).name_vi.as_str()));
    let tile = Tile {
        region,
        row: r,
        column: c,
        label,
    };
    Some((tile, text))
}

fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn load_boundaries(
    root: &Path,
    config: &BoundaryConfig,
    dataset: &Dataset,
    index: &RegionIndex,
    diagnostics: &mut Diagnostics,
) -> Option<BoundaryLayer> {
    let path = root.join(&config.file);
    let shown = display_path(root, &path);
    let date = |text: &Option<String>, key: &str, diagnostics: &mut Diagnostics| {
        text.as_deref().and_then(|t| match Date::parse(t) {
            Ok(d) => Some(d),
            Err(error) => {
                diagnostics.push(error.diagnostic(key_location(key)));
                None
            }
        })
    };
    let valid_from = date(
        &config.valid_from,
        "maps.boundaries.valid_from",
        diagnostics,
    );
    let valid_until = date(
        &config.valid_until,
        "maps.boundaries.valid_until",
        diagnostics,
    );
    let by_code = joins_by_code(config, diagnostics)?;
    let features = read_features(root, &path, &shown, diagnostics)?;
    if !check_degrees(&features, &config.property, &shown, diagnostics) {
        return None;
    }
    // The date the file's provinces are checked against.
    let on = valid_until.or(valid_from).unwrap_or(Date {
        year: 2100,
        month: 1,
        day: 1,
    });
    let joined = join_features(&features, config, by_code, on, dataset, index);
    report_unjoined(&joined, on, dataset, &shown, diagnostics);
    let projection = Projection::fit(joined.rings.values().flatten(), MAP_WIDTH);
    let (shapes, dots) = project(joined.rings, &projection);
    Some(BoundaryLayer {
        valid_from,
        valid_until,
        attribution: config.attribution.clone(),
        height: projection.height,
        shapes,
        dots,
    })
}

/// Whether features are joined to regions by code (else by name); `None` when the key is wrong.
fn joins_by_code(config: &BoundaryConfig, diagnostics: &mut Diagnostics) -> Option<bool> {
    match config.join.as_deref() {
        None | Some("name") => Some(false),
        Some("code") => Some(true),
        Some(other) => {
            diagnostics.push(
                Diagnostic::error(msg!("model.maps.unknown_join", join = other))
                    .at(key_location("maps.boundaries"))
                    .help(msg!("model.maps.unknown_join_help")),
            );
            None
        }
    }
}

fn read_features(
    root: &Path,
    path: &Path,
    shown: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<geo::Feature>> {
    let text = match crate::common::walk::read_text(root, path) {
        Ok(t) => t,
        Err(d) => {
            let d = d.help(msg!("model.maps.boundary_file_help"));
            diagnostics.push(d);
            return None;
        }
    };
    match geo::parse(&text) {
        Ok(f) => Some(f),
        Err(error) => {
            diagnostics.push(error.diagnostic(Location::file(shown)));
            None
        }
    }
}

/// Features joined to the regions existing on one date: each region's outer rings, and the
/// features that match none (by their key, or a note that they have none).
struct Joined {
    rings: BTreeMap<RegionId, Vec<Ring>>,
    unmatched: Vec<String>,
}

fn join_features(
    features: &[geo::Feature],
    config: &BoundaryConfig,
    by_code: bool,
    on: Date,
    dataset: &Dataset,
    index: &RegionIndex,
) -> Joined {
    let mut joined = Joined {
        rings: BTreeMap::new(),
        unmatched: Vec::new(),
    };
    for feature in features {
        let Some(key) = feature.property(&config.property) else {
            joined.unmatched.push(msg!(
                "model.maps.feature_without_key",
                key = config.property
            ));
            continue;
        };
        let region = if by_code {
            dataset
                .region_ids()
                .find(|r| dataset.region(*r).code == key && dataset.region(*r).exists_on(on))
        } else {
            index.resolve(&dataset.regions, &key, Some(on)).ok()
        };
        match region {
            Some(r) => joined
                .rings
                .entry(r)
                .or_default()
                .extend(feature.polygons.iter().filter_map(|p| p.first().cloned())),
            None => joined.unmatched.push(key),
        }
    }
    joined
}

/// Reports features that match no region and provinces that no feature matched.
fn report_unjoined(
    joined: &Joined,
    on: Date,
    dataset: &Dataset,
    shown: &Path,
    diagnostics: &mut Diagnostics,
) {
    let unmatched = &joined.unmatched;
    if !unmatched.is_empty() {
        diagnostics.push(
            Diagnostic::error(msg!(
                "model.maps.unmatched_features",
                count = unmatched.len(),
                date = on,
                features = unmatched.join(", ")
            ))
            .at(Location::file(shown))
            .help(msg!("model.maps.unmatched_features_help")),
        );
    }
    let missing: Vec<&str> = dataset
        .regions
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            r.kind == RegionKind::Province
                && r.exists_on(on)
                && !joined.rings.contains_key(&RegionId(*i as u32))
        })
        .map(|(_, r)| r.name_vi.as_str())
        .collect();
    if !missing.is_empty() {
        diagnostics.push(
            Diagnostic::error(msg!(
                "model.maps.provinces_without_boundary",
                count = missing.len(),
                date = on,
                provinces = missing.join(", ")
            ))
            .at(Location::file(shown))
            .help(msg!("model.maps.provinces_without_boundary_help")),
        );
    }
}

/// Per region, its outer rings in map units.
type RegionShapes = Vec<(RegionId, Vec<Ring>)>;
/// Per region, the centres of its parts too small to draw as shapes.
type RegionDots = Vec<(RegionId, (f64, f64))>;

/// Regions' rings projected to map units and simplified; parts too small to draw as shapes
/// become dots.
fn project(
    joined: BTreeMap<RegionId, Vec<Ring>>,
    projection: &Projection,
) -> (RegionShapes, RegionDots) {
    let mut shapes = Vec::new();
    let mut dots = Vec::new();
    for (region, rings) in joined {
        let mut kept = Vec::new();
        for ring in rings {
            let projected: Ring = ring.iter().map(|p| projection.project(*p)).collect();
            let simple = geo::simplify(&projected, SIMPLIFY_TOLERANCE);
            if simple.len() >= 4 && geo::area(&simple).abs() >= 0.5 {
                kept.push(simple);
            } else if !projected.is_empty() {
                // Islands too small to draw as shapes stay visible as dots.
                let (sx, sy) = projected
                    .iter()
                    .fold((0.0, 0.0), |(a, b), p| (a + p.0, b + p.1));
                let n = projected.len() as f64;
                dots.push((region, (sx / n, sy / n)));
            }
        }
        shapes.push((region, kept));
    }
    (shapes, dots)
}

/// Boundary files must be in longitude and latitude (WGS 84). One exported in metres would
/// otherwise be projected into a map where every province collapses to a point.
fn check_degrees(
    features: &[geo::Feature],
    property: &str,
    shown: &Path,
    diagnostics: &mut Diagnostics,
) -> bool {
    let mut offending = Vec::new();
    let mut first = None;
    for (i, feature) in features.iter().enumerate() {
        if let Some(position) = geo::first_non_degree_position(feature) {
            first.get_or_insert(position);
            let name = feature
                .property(property)
                .unwrap_or_else(|| msg!("model.maps.feature_number", number = i + 1));
            offending.push(crate::common::url::shown(&name));
        }
    }
    let Some((x, y)) = first else {
        return true;
    };
    let count = offending.len();
    offending.truncate(5);
    let mut features = offending.join(", ");
    if count > 5 {
        features.push_str(&msg!("model.maps.and_more", count = count - 5));
    }
    diagnostics.push(
        Diagnostic::error(msg!(
            "model.maps.not_degrees",
            count = count,
            x = x,
            y = y,
            features = features
        ))
        .at(Location::file(shown))
        .help(msg!("model.maps.not_degrees_help")),
    );
    false
}

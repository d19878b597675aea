//! Turns the tables in `data/` into a [`Dataset`], checking every cell on the way.
//! Rules that need the whole dataset (parts and totals, shares, lifetimes) live in `validate`.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{display_path, suggest, Diagnostic, Diagnostics, Location};
use crate::figure::{parse_figure, Figure};
use crate::load::table::{read_table, Row, Table};
use crate::locale::Unit;
use crate::model::{
    Dataset, Indicator, IndicatorId, Note, Observation, Region, RegionId, RegionIndex, RegionKind,
    RegionLookupError, Source, SourceId, Target,
};
use crate::period::{Date, Period, PERIOD_HELP};

pub const REGIONS_FILE: &str = "regions.csv";
pub const INDICATORS_FILE: &str = "indicators.csv";
pub const OBSERVATIONS_DIR: &str = "observations";
pub const TARGETS_FILE: &str = "targets.csv";

const REGION_COLUMNS: &[&str] = &[
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
const SOURCE_COLUMNS: &[&str] = &[
    "source",
    "source_date",
    "source_url",
    "note",
    "note_vi",
    "note_en",
];
const TARGET_COLUMNS: &[&str] = &[
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
pub const INDICATOR_GROUPS: &[&str] = &[
    "social_insurance",
    "unemployment_insurance",
    "health_insurance",
    "revenue",
    "benefits",
    "operations",
    "context",
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

fn read_dataset(root: &Path, data_dir: &Path, diagnostics: &mut Diagnostics) -> Option<Dataset> {
    let shown = |p: &Path| display_path(root, p);
    let mut open = |path: &Path| match read_table(root, path, &shown(path)) {
        Ok(table) => Some(table),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let regions_table = open(&data_dir.join(REGIONS_FILE));
    let indicators_table = open(&data_dir.join(INDICATORS_FILE));
    let observation_tables: Vec<Table> = observation_files(data_dir, diagnostics, root)
        .iter()
        .filter_map(|p| match read_table(root, p, &shown(p)) {
            Ok(t) => Some(t),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        })
        .collect();
    let targets_path = data_dir.join(TARGETS_FILE);
    let targets_table = if crate::walk::exists(&targets_path) {
        match read_table(root, &targets_path, &shown(&targets_path)) {
            Ok(t) => Some(t),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        }
    } else {
        None
    };

    let regions = parse_regions(&regions_table?, diagnostics)?;
    let indicators = parse_indicators(&indicators_table?, diagnostics)?;
    let region_index = RegionIndex::new(&regions);
    let indicator_ids: HashMap<&str, IndicatorId> = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.as_str(), IndicatorId(i as u32)))
        .collect();

    let mut builder = RecordBuilder {
        regions: &regions,
        region_index: &region_index,
        indicators: &indicators,
        indicator_ids: &indicator_ids,
        sources: Vec::new(),
        source_ids: HashMap::new(),
        diagnostics,
    };
    let mut observations = Vec::new();
    let mut seen: HashMap<(RegionId, IndicatorId, Period), Location> = HashMap::new();
    for table in &observation_tables {
        builder.observations(table, &mut observations, &mut seen);
    }
    let mut targets = Vec::new();
    if let Some(table) = &targets_table {
        builder.targets(table, &mut targets);
    }
    let sources = builder.sources;
    if diagnostics.has_errors() {
        return None;
    }
    Some(Dataset::new(
        regions,
        indicators,
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
    if !crate::walk::exists(&dir) {
        diagnostics.push(
            Diagnostic::warning("there is no observations folder, so the site has no figures")
                .at(Location::file(display_path(root, &dir)))
                .help("put CSV files with one row per region and period into data/observations/"),
        );
        return Vec::new();
    }
    let mut files = Vec::new();
    for found in crate::walk::files(root, &dir, diagnostics) {
        let name = found.relative.rsplit('/').next().unwrap_or("");
        // Spreadsheet lock files, backups and hidden files are not data; nor are subfolders.
        if found.relative.contains('/') || name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if name.to_ascii_lowercase().ends_with(".csv") {
            files.push(found.path);
        } else {
            diagnostics.push(
                Diagnostic::warning("this file is not a CSV file and is ignored")
                    .at(Location::file(display_path(root, &found.path)))
                    .help("save observation sheets as CSV UTF-8"),
            );
        }
    }
    files
}

/// Reports columns that are missing or not recognised. Returns false when a required one is missing.
fn check_columns(
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
                Diagnostic::error(format!("the required column `{name}` is missing"))
                    .at(Location::line(&table.path, 1))
                    .help(format!(
                        "the header row must name these columns: {}",
                        required.join(", ")
                    )),
            );
        }
    }
    for (i, header) in table.headers.iter().enumerate() {
        if !allowed.contains(&header.as_str()) {
            diagnostics.push(
                Diagnostic::error(format!("unknown column `{header}`"))
                    .at(table.header_location(i))
                    .did_you_mean_or(
                        header,
                        allowed.iter().copied(),
                        format!("the columns allowed here are: {}", allowed.join(", ")),
                    ),
            );
        }
    }
    ok
}

fn required_cell<'a>(
    table: &Table,
    row: &'a Row,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'a str> {
    let column = table.column(name);
    let cell = table.cell(row, column);
    if cell.is_none() {
        let location = match column {
            Some(c) => table.location(row, c),
            None => table.row_location(row),
        };
        diagnostics.push(
            Diagnostic::error(format!("`{name}` is empty"))
                .at(location)
                .help(format!("every row needs a `{name}`")),
        );
    }
    cell
}

fn parse_date_cell(
    table: &Table,
    row: &Row,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Date> {
    let column = table.column(name);
    let cell = table.cell(row, column)?;
    match Date::parse(cell) {
        Ok(date) => Some(date),
        Err(message) => {
            diagnostics.push(
                Diagnostic::error(message)
                    .at(table.location(row, column.unwrap_or(0)))
                    .help("write dates as YYYY-MM-DD, e.g. 2025-06-30"),
            );
            None
        }
    }
}

struct RawRegionLinks {
    parent: Option<(String, Location)>,
    successor: Option<(String, Location)>,
}

fn parse_regions(table: &Table, diagnostics: &mut Diagnostics) -> Option<Vec<Region>> {
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
        if !crate::text::is_valid_slug(slug) {
            diagnostics.push(
                Diagnostic::error(format!("`{slug}` is not a valid slug"))
                    .at(table.location(row, slug_column))
                    .help(format!(
                        "use lowercase ASCII letters, digits and single dashes, e.g. `{}`",
                        crate::text::slugify(name_vi)
                    )),
            );
            continue;
        }
        if let Some(first_line) = slugs.insert(slug.to_string(), row.line) {
            diagnostics.push(
                Diagnostic::error(format!("the slug `{slug}` is used twice (first on line {first_line})"))
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
                    Diagnostic::error(format!("`{other}` is not a kind of region"))
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
        if valid_until.is_some() != successor.is_some() {
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
    let resolve =
        |(slug, location): &(String, Location), what: &str, diagnostics: &mut Diagnostics| {
            let found = ids.get(slug).copied();
            if found.is_none() {
                diagnostics.push(
                    Diagnostic::error(format!("the {what} `{slug}` is not a region in this file"))
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

fn parse_indicators(table: &Table, diagnostics: &mut Diagnostics) -> Option<Vec<Indicator>> {
    let required = [
        "id",
        "group",
        "name_vi",
        "name_en",
        "unit",
        "decimals",
        "definition_vi",
        "definition_en",
    ];
    if !check_columns(table, INDICATOR_COLUMNS, &required, diagnostics) {
        return None;
    }
    let mut indicators = Vec::new();
    let mut relations = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cells: Vec<Option<&str>> = required
            .iter()
            .map(|name| required_cell(table, row, name, diagnostics))
            .collect();
        let [Some(id), Some(group), Some(name_vi), Some(name_en), Some(unit), Some(decimals), Some(definition_vi), Some(definition_en)] =
            cells[..]
        else {
            continue;
        };
        let at = |name: &str| table.location(row, table.column(name).unwrap_or(0));
        if id.is_empty()
            || !id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            diagnostics.push(
                Diagnostic::error(format!("`{id}` is not a valid indicator id"))
                    .at(at("id"))
                    .help("use lowercase ASCII letters, digits and `_`, e.g. `hi_coverage`"),
            );
            continue;
        }
        if let Some(first) = seen.insert(id.to_string(), row.line) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the indicator `{id}` is defined twice (first on line {first})"
                ))
                .at(at("id"))
                .help("keep one row per indicator"),
            );
            continue;
        }
        if !INDICATOR_GROUPS.contains(&group) {
            diagnostics.push(
                Diagnostic::error(format!("`{group}` is not an indicator group"))
                    .at(at("group"))
                    .did_you_mean_or(
                        group,
                        INDICATOR_GROUPS.iter().copied(),
                        format!("use one of: {}", INDICATOR_GROUPS.join(", ")),
                    ),
            );
        }
        let Some(unit) = Unit::parse(unit) else {
            diagnostics.push(
                Diagnostic::error(format!("`{unit}` is not a unit"))
                    .at(at("unit"))
                    .did_you_mean_or(
                        unit,
                        Unit::NAMES.iter().copied(),
                        format!("use one of: {}", Unit::NAMES.join(", ")),
                    ),
            );
            continue;
        };
        let decimals = match decimals.parse::<u8>() {
            Ok(d) if d <= 6 => d,
            _ => {
                diagnostics.push(
                    Diagnostic::error(format!("`{decimals}` is not a number of decimals"))
                        .at(at("decimals"))
                        .help("write a whole number from 0 to 6"),
                );
                continue;
            }
        };
        let higher_is_better = match table.cell(row, table.column("higher_is_better")) {
            None => None,
            Some("yes") | Some("true") | Some("có") => Some(true),
            Some("no") | Some("false") | Some("không") => Some(false),
            Some(other) => {
                diagnostics.push(
                    Diagnostic::error(format!("`{other}` is not yes or no"))
                        .at(at("higher_is_better"))
                        .help("write `yes`, `no`, or leave the cell empty when neither is better"),
                );
                None
            }
        };
        let relation = |name: &str| {
            let column = table.column(name)?;
            table
                .cell(row, Some(column))
                .map(|s| (s.to_string(), table.location(row, column)))
        };
        relations.push([
            relation("part_of"),
            relation("numerator"),
            relation("denominator"),
        ]);
        indicators.push(Indicator {
            id: id.to_string(),
            group: group.to_string(),
            name_vi: name_vi.to_string(),
            name_en: name_en.to_string(),
            unit,
            decimals,
            higher_is_better,
            part_of: None,
            numerator: None,
            denominator: None,
            definition_vi: definition_vi.to_string(),
            definition_en: definition_en.to_string(),
            parts: Vec::new(),
        });
    }
    let ids: HashMap<String, IndicatorId> = indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.clone(), IndicatorId(i as u32)))
        .collect();
    for (i, [part_of, numerator, denominator]) in relations.iter().enumerate() {
        let mut resolve = |link: &Option<(String, Location)>| {
            let (id, location) = link.as_ref()?;
            let found = ids.get(id).copied();
            match found {
                Some(found) if found.0 as usize == i => {
                    diagnostics.push(
                        Diagnostic::error(format!("`{id}` refers to itself")).at(location.clone()),
                    );
                    None
                }
                Some(found) => Some(found),
                None => {
                    diagnostics.push(
                        Diagnostic::error(format!("`{id}` is not an indicator in this file"))
                            .at(location.clone())
                            .did_you_mean(id, ids.keys().map(String::as_str)),
                    );
                    None
                }
            }
        };
        indicators[i].part_of = resolve(part_of);
        indicators[i].numerator = resolve(numerator);
        indicators[i].denominator = resolve(denominator);
        if indicators[i].numerator.is_some() != indicators[i].denominator.is_some() {
            let location = numerator
                .as_ref()
                .or(denominator.as_ref())
                .map(|(_, l)| l.clone());
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` has a numerator or a denominator but not both",
                    indicators[i].id
                ))
                .at(location.unwrap_or_else(|| Location::file(&table.path)))
                .help("a share names both: numerator = the part, denominator = the whole"),
            );
        }
        if indicators[i].numerator.is_some() && indicators[i].unit != Unit::Percent {
            diagnostics.push(
                Diagnostic::error(format!(
                    "`{}` is a share, so its unit must be `percent`",
                    indicators[i].id
                ))
                .at(table
                    .location(&table.rows[0], table.column("unit").unwrap_or(0))
                    .with_label(format!("indicator `{}`", indicators[i].id))),
            );
        }
    }
    for (i, indicator) in indicators.iter().enumerate() {
        if let Some(total) = indicator.part_of {
            let total = &indicators[total.0 as usize];
            if total.unit != indicator.unit {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "`{}` ({:?}) is part of `{}`, which has another unit",
                        indicator.id, indicator.unit, total.id
                    ))
                    .at(relations[i][0]
                        .as_ref()
                        .map_or_else(|| Location::file(&table.path), |(_, l)| l.clone()))
                    .help("parts and their total must be in the same unit"),
                );
            }
        }
    }
    (!diagnostics.has_errors()).then_some(indicators)
}

/// Shared by observation and target rows: region, period and source resolution.
struct RecordBuilder<'a> {
    regions: &'a [Region],
    region_index: &'a RegionIndex,
    indicators: &'a [Indicator],
    indicator_ids: &'a HashMap<&'a str, IndicatorId>,
    sources: Vec<Source>,
    source_ids: HashMap<Source, SourceId>,
    diagnostics: &'a mut Diagnostics,
}

impl RecordBuilder<'_> {
    fn period(&mut self, table: &Table, row: &Row, name: &str) -> Option<Period> {
        let column = table.column(name)?;
        let cell = table.cell(row, Some(column))?;
        match Period::parse(cell) {
            Ok(p) => Some(p),
            Err(message) => {
                self.diagnostics.push(
                    Diagnostic::error(message)
                        .at(table.location(row, column))
                        .help(PERIOD_HELP),
                );
                None
            }
        }
    }

    fn region(&mut self, table: &Table, row: &Row, period: Option<Period>) -> Option<RegionId> {
        let column = table.column("region")?;
        let text = table.cell(row, Some(column))?;
        let at = table.location(row, column);
        match self
            .region_index
            .resolve(self.regions, text, period.map(|p| p.end()))
        {
            Ok(id) => Some(id),
            Err(error) => {
                self.diagnostics.push(
                    region_error(self.regions, self.region_index, text, period, error).at(at),
                );
                None
            }
        }
    }

    fn source(&mut self, table: &Table, row: &Row) -> Option<SourceId> {
        let publication = required_cell(table, row, "source", self.diagnostics)?;
        let date = parse_date_cell(table, row, "source_date", self.diagnostics);
        let url = table
            .cell(row, table.column("source_url"))
            .map(str::to_string);
        if let Some(url) = &url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.diagnostics.push(
                    Diagnostic::error(format!("`{url}` is not a web address"))
                        .at(table.location(row, table.column("source_url").unwrap_or(0)))
                        .help("write the full address, starting with https://"),
                );
                return None;
            }
        }
        let source = Source {
            publication: publication.to_string(),
            date,
            url,
        };
        let next = SourceId(self.sources.len() as u32);
        let id = *self.source_ids.entry(source.clone()).or_insert(next);
        if id == next {
            self.sources.push(source);
        }
        Some(id)
    }

    fn figure(&mut self, table: &Table, row: &Row, column: usize, unit: Unit) -> Option<Figure> {
        let cell = table.cell(row, Some(column))?;
        let at = table.location(row, column);
        let figure = match parse_figure(cell) {
            Ok(f) => f,
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::error(e.message).at(at).help(e.help));
                return None;
            }
        };
        if unit.is_count() && figure.value < 0.0 {
            self.diagnostics.push(
                Diagnostic::error(format!("`{cell}` is negative, but a count cannot be"))
                    .at(at)
                    .help("check the sign; a fall belongs in a change indicator, not in a count"),
            );
            return None;
        }
        if unit == Unit::Percent && !(0.0..=100.0).contains(&figure.value) {
            self.diagnostics.push(
                Diagnostic::error(format!("`{cell}` is outside 0-100, but this indicator is a percentage"))
                    .at(at)
                    .help("write the percentage itself (99.2 for 99.2%), not a fraction (0.992) or a count"),
            );
            return None;
        }
        Some(figure)
    }

    fn observations(
        &mut self,
        table: &Table,
        out: &mut Vec<Observation>,
        seen: &mut HashMap<(RegionId, IndicatorId, Period), Location>,
    ) {
        let mut ok = true;
        for name in ["region", "period", "source"] {
            if table.column(name).is_none() {
                ok = false;
                self.diagnostics.push(
                    Diagnostic::error(format!("the required column `{name}` is missing"))
                        .at(Location::line(&table.path, 1))
                        .help("an observation sheet has the columns region, period, source, then one column per indicator id"),
                );
            }
        }
        let mut indicator_columns = Vec::new();
        for (i, header) in table.headers.iter().enumerate() {
            if ["region", "period"].contains(&header.as_str())
                || SOURCE_COLUMNS.contains(&header.as_str())
            {
                continue;
            }
            match self.indicator_ids.get(header.as_str()) {
                Some(id) => indicator_columns.push((i, *id)),
                None => {
                    let mut d = Diagnostic::error(format!("`{header}` is not an indicator"))
                        .at(table.header_location(i));
                    let known = self
                        .indicator_ids
                        .keys()
                        .copied()
                        .chain(SOURCE_COLUMNS.iter().copied());
                    d = d.help(match suggest(header, known) {
                        Some(s) => format!("did you mean `{s}`? Otherwise add `{header}` to data/indicators.csv"),
                        None => format!("add `{header}` to data/indicators.csv, or rename the column to an indicator id"),
                    });
                    self.diagnostics.push(d);
                }
            }
        }
        if !ok {
            return;
        }
        if indicator_columns.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning("this sheet has no indicator columns")
                    .at(Location::line(&table.path, 1))
                    .help("add a column named after an indicator id, e.g. hi_participants"),
            );
        }
        for row in &table.rows {
            let period_cell = required_cell(table, row, "period", self.diagnostics);
            let region_cell = required_cell(table, row, "region", self.diagnostics);
            let period = period_cell.and_then(|_| self.period(table, row, "period"));
            let region = region_cell.and_then(|_| self.region(table, row, period));
            let source = self.source(table, row);
            let note = read_note(table, row);
            let (Some(period), Some(region), Some(source)) = (period, region, source) else {
                continue;
            };
            for &(column, indicator) in &indicator_columns {
                let unit = self.indicators[indicator.0 as usize].unit;
                let Some(figure) = self.figure(table, row, column, unit) else {
                    continue;
                };
                let origin = table.location(row, column);
                if let Some(first) = seen.get(&(region, indicator, period)) {
                    self.diagnostics.push(
                        Diagnostic::error(format!(
                            "`{}` for {} in {period} is given twice; first at {first}",
                            self.indicators[indicator.0 as usize].id,
                            self.regions[region.0 as usize].slug
                        ))
                        .at(origin)
                        .help("keep one figure per region, period and indicator: delete one, or correct its period or region"),
                    );
                    continue;
                }
                seen.insert((region, indicator, period), origin.clone());
                out.push(Observation {
                    region,
                    indicator,
                    period,
                    figure,
                    source,
                    note: note.clone(),
                    origin,
                });
            }
        }
    }

    fn targets(&mut self, table: &Table, out: &mut Vec<Target>) {
        if !check_columns(
            table,
            TARGET_COLUMNS,
            &["region", "indicator", "period", "source"],
            self.diagnostics,
        ) {
            return;
        }
        let mut seen: HashMap<(RegionId, IndicatorId, Period), usize> = HashMap::new();
        for row in &table.rows {
            let period = required_cell(table, row, "period", self.diagnostics)
                .and_then(|_| self.period(table, row, "period"));
            let region = required_cell(table, row, "region", self.diagnostics)
                .and_then(|_| self.region(table, row, period));
            let indicator_column = table.column("indicator").unwrap_or(0);
            let indicator =
                required_cell(table, row, "indicator", self.diagnostics).and_then(|id| {
                    let found = self.indicator_ids.get(id).copied();
                    if found.is_none() {
                        self.diagnostics.push(
                            Diagnostic::error(format!("`{id}` is not an indicator"))
                                .at(table.location(row, indicator_column))
                                .did_you_mean(id, self.indicator_ids.keys().copied()),
                        );
                    }
                    found
                });
            let source = self.source(table, row);
            let (Some(period), Some(region), Some(indicator), Some(source)) =
                (period, region, indicator, source)
            else {
                continue;
            };
            let unit = self.indicators[indicator.0 as usize].unit;
            let target = table
                .column("target")
                .and_then(|c| self.figure(table, row, c, unit));
            let achieved_percent = table
                .column("achieved_percent")
                .and_then(|c| self.figure(table, row, c, Unit::PercentChange));
            let achieved_as_of = self.period(table, row, "achieved_as_of");
            let at = table.row_location(row);
            if target.is_none()
                && achieved_percent.is_none()
                && table.cell(row, table.column("target")).is_none()
            {
                self.diagnostics.push(
                    Diagnostic::error("a target row needs a `target` value or an `achieved_percent`")
                        .at(at.clone())
                        .help("write the target value, or the progress the source reports in % of the target"),
                );
                continue;
            }
            if achieved_percent.is_some() != achieved_as_of.is_some()
                && table.cell(row, table.column("achieved_as_of")).is_none()
            {
                self.diagnostics.push(
                    Diagnostic::error("`achieved_percent` needs `achieved_as_of`: the period of the figure the progress refers to")
                        .at(at.clone())
                        .help("write the period of the reported figure, e.g. 2023-05-31"),
                );
                continue;
            }
            if let Some(first) = seen.insert((region, indicator, period), row.line) {
                self.diagnostics.push(
                    Diagnostic::error(format!(
                        "this target is given twice (first on line {first})"
                    ))
                    .at(at)
                    .help("keep one row per region, indicator and period"),
                );
                continue;
            }
            out.push(Target {
                region,
                indicator,
                period,
                target,
                achieved_percent,
                achieved_as_of,
                source,
                note: read_note(table, row),
                origin: at,
            });
        }
    }
}

fn read_note(table: &Table, row: &Row) -> Note {
    let cell = |name: &str| table.cell(row, table.column(name)).map(str::to_string);
    Note {
        vi: cell("note_vi"),
        en: cell("note_en"),
        any: cell("note"),
    }
}

/// Explains a failed region lookup and suggests the likely intended region.
pub fn region_error(
    regions: &[Region],
    index: &RegionIndex,
    text: &str,
    period: Option<Period>,
    error: RegionLookupError,
) -> Diagnostic {
    let describe = |ids: &[RegionId]| {
        ids.iter()
            .map(|id| {
                let r = &regions[id.0 as usize];
                let span = match (r.valid_from, r.valid_until) {
                    (Some(f), Some(u)) => format!("{f} to {u}"),
                    (Some(f), None) => format!("from {f}"),
                    (None, Some(u)) => format!("until {u}"),
                    (None, None) => "no end".to_string(),
                };
                format!("`{}` ({span})", r.slug)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match error {
        RegionLookupError::Unknown => {
            let d = Diagnostic::error(format!("`{text}` is not a region in data/regions.csv"));
            let names = regions
                .iter()
                .flat_map(|r| [r.slug.as_str(), r.name_vi.as_str()])
                .chain(index.slugs());
            match suggest(text, names) {
                Some(s) => {
                    let slug = regions
                        .iter()
                        .find(|r| r.slug == s || r.name_vi == s)
                        .map_or(s, |r| r.slug.as_str());
                    d.help(format!("did you mean `{slug}`?"))
                }
                None => d.help("write the region's slug as listed in data/regions.csv"),
            }
        }
        RegionLookupError::Ambiguous(ids) => Diagnostic::error(format!(
            "`{text}` could be several regions: {}",
            describe(&ids)
        ))
        .help("write the slug of the one you mean"),
        RegionLookupError::NotOnDate(ids) => Diagnostic::error(format!(
            "no region called `{text}` existed {}: {}",
            period.map_or("then".to_string(), |p| format!("in {p}")),
            describe(&ids)
        ))
        .help("check the period, or write the slug of the region you mean"),
    }
}

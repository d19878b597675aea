//! data/indicators.csv: what is measured, its unit and its relations (parts of a total,
//! numerator and denominator of a share).

use std::collections::{HashMap, HashSet};

use crate::common::diagnostics::{quote, Diagnostic, Diagnostics, Location};
use crate::common::locale::Unit;
use crate::input::table::Table;
use crate::model::build::{check_columns, required_cell, INDICATOR_COLUMNS};
use crate::model::{Indicator, IndicatorGroup, IndicatorId};

pub(crate) fn parse_indicators(
    table: &Table,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Indicator>> {
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
                Diagnostic::error(format!("{} is not a valid indicator id", quote(id)))
                    .at(at("id"))
                    .help("use lowercase ASCII letters, digits and `_`, e.g. `hi_coverage`"),
            );
            continue;
        }
        if let Some(first) = seen.insert(id.to_string(), row.line) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "the indicator `{id}` is defined twice (first on row {first})"
                ))
                .at(at("id"))
                .help("keep one row per indicator"),
            );
            continue;
        }
        let parsed_group = IndicatorGroup::parse(group);
        if parsed_group.is_none() {
            diagnostics.push(
                Diagnostic::error(format!("{} is not an indicator group", quote(group)))
                    .at(at("group"))
                    .did_you_mean_or(
                        group,
                        IndicatorGroup::ALL.iter().map(|g| g.id()),
                        format!(
                            "use one of: {}",
                            IndicatorGroup::ALL.map(IndicatorGroup::id).join(", ")
                        ),
                    ),
            );
        }
        let Some(unit) = Unit::parse(unit) else {
            diagnostics.push(
                Diagnostic::error(format!("{} is not a unit", quote(unit)))
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
                    Diagnostic::error(format!("{} is not a number of decimals", quote(decimals)))
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
                    Diagnostic::error(format!("{} is not yes or no", quote(other)))
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
            group: parsed_group.unwrap_or(IndicatorGroup::Context),
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
    // Ids of rows left out for their own errors: a reference to one is not a second mistake.
    let written: HashSet<&str> = table
        .rows
        .iter()
        .filter_map(|row| table.cell(row, table.column("id")))
        .collect();
    for (i, [part_of, numerator, denominator]) in relations.iter().enumerate() {
        let mut resolve = |link: &Option<(String, Location)>| {
            let (id, location) = link.as_ref()?;
            let found = ids.get(id).copied();
            match found {
                None if written.contains(id.as_str()) => None,
                Some(found) if found.0 as usize == i => {
                    diagnostics.push(
                        Diagnostic::error(format!("`{id}` refers to itself")).at(location.clone()),
                    );
                    None
                }
                Some(found) => Some(found),
                None => {
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "{} is not an indicator in this file",
                            quote(id)
                        ))
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

//! data/indicators.csv: what is measured, its unit and its relations (parts of a total,
//! numerator and denominator of a share).

use std::collections::HashMap;

use crate::common::diagnostics::{quote, Diagnostic, Diagnostics};
use crate::common::locale::Unit;
use crate::common::messages::msg;
use crate::input::table::{Row, Table};
use crate::model::build::links::{optional_link, Keys, Link};
use crate::model::build::{cell_location, check_columns, required_cells, INDICATOR_COLUMNS};
use crate::model::{Indicator, IndicatorGroup, IndicatorId};

const REQUIRED: [&str; 8] = [
    "id",
    "group",
    "name_vi",
    "name_en",
    "unit",
    "decimals",
    "definition_vi",
    "definition_en",
];

/// An indicator's references as written: part_of, numerator, denominator.
type Relations = [Option<Link>; 3];

pub(crate) fn parse_indicators(
    table: &Table,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<Indicator>> {
    if !check_columns(table, INDICATOR_COLUMNS, &REQUIRED, diagnostics) {
        return None;
    }
    let mut indicators = Vec::new();
    let mut relations = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if let Some((indicator, links)) = read_indicator(table, row, &mut seen, diagnostics) {
            indicators.push(indicator);
            relations.push(links);
        }
    }
    resolve_relations(table, &mut indicators, &relations, diagnostics);
    check_part_units(table, &indicators, &relations, diagnostics);
    (!diagnostics.has_errors()).then_some(indicators)
}

/// One row, checked cell by cell, with its references still unresolved. `seen` holds the ids
/// read so far and their rows.
fn read_indicator(
    table: &Table,
    row: &Row,
    seen: &mut HashMap<String, usize>,
    diagnostics: &mut Diagnostics,
) -> Option<(Indicator, Relations)> {
    let [id, group, name_vi, name_en, unit, decimals, definition_vi, definition_en] =
        required_cells(table, row, &REQUIRED, diagnostics)?;
    let at = |name: &str| cell_location(table, row, name);
    if !is_indicator_id(id) {
        diagnostics.push(
            Diagnostic::error(msg!("model.indicators.invalid_id", id = quote(id)))
                .at(at("id"))
                .help(msg!("model.indicators.invalid_id_help")),
        );
        return None;
    }
    if let Some(first) = seen.insert(id.to_string(), row.line) {
        diagnostics.push(
            Diagnostic::error(msg!(
                "model.indicators.defined_twice",
                id = id,
                first = first
            ))
            .at(at("id"))
            .help(msg!("model.indicators.defined_twice_help")),
        );
        return None;
    }
    let parsed_group = IndicatorGroup::parse(group);
    if parsed_group.is_none() {
        diagnostics.push(not_a_group(group).at(at("group")));
    }
    let Some(unit) = Unit::parse(unit) else {
        diagnostics.push(not_a_unit(unit).at(at("unit")));
        return None;
    };
    let decimals = match decimals.parse::<u8>() {
        Ok(d) if d <= 6 => d,
        _ => {
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.indicators.bad_decimals",
                    cell = quote(decimals)
                ))
                .at(at("decimals"))
                .help(msg!("model.indicators.bad_decimals_help")),
            );
            return None;
        }
    };
    let higher_is_better = match table.cell(row, table.column("higher_is_better")) {
        None => None,
        Some(cell) => yes_or_no(cell).or_else(|| {
            diagnostics.push(
                Diagnostic::error(msg!("model.indicators.not_yes_or_no", cell = quote(cell)))
                    .at(at("higher_is_better"))
                    .help(msg!("model.indicators.not_yes_or_no_help")),
            );
            None
        }),
    };
    let relations = ["part_of", "numerator", "denominator"].map(|n| optional_link(table, row, n));
    let indicator = Indicator {
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
    };
    Some((indicator, relations))
}

fn is_indicator_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn not_a_group(group: &str) -> Diagnostic {
    Diagnostic::error(msg!("model.indicators.not_a_group", group = quote(group))).did_you_mean_or(
        group,
        IndicatorGroup::ALL.iter().map(|g| g.id()),
        msg!(
            "model.indicators.use_one_of",
            names = IndicatorGroup::ALL.map(IndicatorGroup::id).join(", ")
        ),
    )
}

fn not_a_unit(unit: &str) -> Diagnostic {
    Diagnostic::error(msg!("model.indicators.not_a_unit", unit = quote(unit))).did_you_mean_or(
        unit,
        Unit::NAMES.iter().copied(),
        msg!(
            "model.indicators.use_one_of",
            names = Unit::NAMES.join(", ")
        ),
    )
}

/// A yes-or-no cell in either language.
fn yes_or_no(cell: &str) -> Option<bool> {
    match cell {
        "yes" | "true" | "có" => Some(true),
        "no" | "false" | "không" => Some(false),
        _ => None,
    }
}

/// Turns the written relations into indicator ids, and checks that a share has both ends and
/// is a percentage.
fn resolve_relations(
    table: &Table,
    indicators: &mut [Indicator],
    relations: &[Relations],
    diagnostics: &mut Diagnostics,
) {
    let keys = Keys::new(table, "id", indicators.iter().map(|i| i.id.as_str()));
    for (i, [part_of, numerator, denominator]) in relations.iter().enumerate() {
        let mut resolve = |link: &Option<Link>| {
            let link = link.as_ref()?;
            let not_indicator =
                |id: &str| msg!("model.indicators.unknown_relation", id = quote(id));
            let found = keys.resolve(link, not_indicator, diagnostics)?;
            if found as usize == i {
                let (id, location) = link;
                diagnostics.push(
                    Diagnostic::error(msg!("model.indicators.refers_to_itself", id = id))
                        .at(location.clone()),
                );
                return None;
            }
            Some(IndicatorId(found))
        };
        let indicator = &mut indicators[i];
        indicator.part_of = resolve(part_of);
        indicator.numerator = resolve(numerator);
        indicator.denominator = resolve(denominator);
        check_share(table, indicator, numerator, denominator, diagnostics);
    }
}

fn check_share(
    table: &Table,
    indicator: &Indicator,
    numerator: &Option<Link>,
    denominator: &Option<Link>,
    diagnostics: &mut Diagnostics,
) {
    if indicator.numerator.is_some() != indicator.denominator.is_some() {
        let location = numerator
            .as_ref()
            .or(denominator.as_ref())
            .map(|(_, l)| l.clone());
        diagnostics.push(
            Diagnostic::error(msg!("model.indicators.half_a_share", id = indicator.id))
                .at(location.unwrap_or_else(|| table.file_location()))
                .help(msg!("model.indicators.half_a_share_help")),
        );
    }
    if indicator.numerator.is_some() && indicator.unit != Unit::Percent {
        diagnostics.push(
            Diagnostic::error(msg!(
                "model.indicators.share_not_percent",
                id = indicator.id
            ))
            .at(cell_location(table, &table.rows[0], "unit")
                .with_label(msg!("model.indicators.label", id = indicator.id))),
        );
    }
}

/// A part must be in its total's unit.
fn check_part_units(
    table: &Table,
    indicators: &[Indicator],
    relations: &[Relations],
    diagnostics: &mut Diagnostics,
) {
    for (indicator, [part_of, ..]) in indicators.iter().zip(relations) {
        let Some(total) = indicator.part_of else {
            continue;
        };
        let total = &indicators[total.0 as usize];
        if total.unit != indicator.unit {
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.indicators.part_in_other_unit",
                    id = indicator.id,
                    unit = unit_name(indicator.unit),
                    total = total.id
                ))
                .at(part_of
                    .as_ref()
                    .map_or_else(|| table.file_location(), |(_, l)| l.clone()))
                .help(msg!("model.indicators.part_in_other_unit_help")),
            );
        }
    }
}

/// The unit as indicators.csv writes it (`persons`).
fn unit_name(unit: Unit) -> &'static str {
    Unit::NAMES
        .iter()
        .copied()
        .find(|name| Unit::parse(name) == Some(unit))
        .unwrap_or("")
}

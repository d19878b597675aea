//! Observation sheets and data/targets.csv: rows of figures for a region, a period and a source.
//!
//! Regions and indicators are `None` when their own files have errors: every cell is then still
//! checked on its own (periods, numbers, dates, sources), but nothing is looked up in them.

use std::collections::HashMap;

use crate::common::diagnostics::{quote, Diagnostic, Diagnostics, Location};
use crate::common::figure::Figure;
use crate::common::listing::Listing;
use crate::common::locale::Unit;
use crate::common::messages::{msg, msg_key};
use crate::common::period::Period;
use crate::input::table::{Row, Table};
use crate::model::build::dates::period_from_cell;
use crate::model::build::figures::read_figure;
use crate::model::build::{
    check_columns, date_at, region_error, required_at, SOURCE_COLUMNS, TARGET_COLUMNS,
};
use crate::model::{
    Indicator, IndicatorId, Note, Observation, Region, RegionId, RegionIndex, Source, SourceId,
    Target,
};

type Key = (RegionId, IndicatorId, Period);

/// A column of figures in an observation sheet: its indicator, when indicators are known.
struct FigureColumn {
    column: usize,
    indicator: Option<(IndicatorId, Unit)>,
}

/// A sheet of records and where its usual columns are, looked up once instead of on every row.
struct Sheet<'t> {
    table: &'t Table,
    region: Option<usize>,
    period: Option<usize>,
    indicator: Option<usize>,
    source: Option<usize>,
    source_date: Option<usize>,
    source_url: Option<usize>,
    /// `note_vi`, `note_en`, `note`.
    notes: [Option<usize>; 3],
    target: Option<usize>,
    achieved_percent: Option<usize>,
    achieved_as_of: Option<usize>,
}

impl<'t> Sheet<'t> {
    fn new(table: &'t Table) -> Self {
        let column = |name: &str| table.column(name);
        Sheet {
            table,
            region: column("region"),
            period: column("period"),
            indicator: column("indicator"),
            source: column("source"),
            source_date: column("source_date"),
            source_url: column("source_url"),
            notes: [column("note_vi"), column("note_en"), column("note")],
            target: column("target"),
            achieved_percent: column("achieved_percent"),
            achieved_as_of: column("achieved_as_of"),
        }
    }

    fn note(&self, row: &Row) -> Note {
        let cell = |column: Option<usize>| self.table.cell(row, column).map(str::to_string);
        let [vi, en, any] = self.notes;
        Note {
            vi: cell(vi),
            en: cell(en),
            any: cell(any),
        }
    }
}

/// Shared by observation and target rows: region, period and source resolution.
pub(crate) struct RecordBuilder<'a> {
    regions: Option<(&'a [Region], &'a RegionIndex)>,
    indicators: Option<(&'a [Indicator], &'a HashMap<&'a str, IndicatorId>)>,
    sources: Vec<Source>,
    source_ids: HashMap<Source, SourceId>,
    /// Failed region lookups by text and period: a sheet that repeats one unknown region on
    /// every row searches the regions for a suggestion once.
    region_errors: HashMap<(String, Option<Period>), Diagnostic>,
    diagnostics: &'a mut Diagnostics,
}

impl<'a> RecordBuilder<'a> {
    pub(crate) fn new(
        regions: Option<(&'a [Region], &'a RegionIndex)>,
        indicators: Option<(&'a [Indicator], &'a HashMap<&'a str, IndicatorId>)>,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        RecordBuilder {
            regions,
            indicators,
            sources: Vec::new(),
            source_ids: HashMap::new(),
            region_errors: HashMap::new(),
            diagnostics,
        }
    }

    pub(crate) fn into_sources(self) -> Vec<Source> {
        self.sources
    }

    fn period(&mut self, table: &Table, row: &Row, column: Option<usize>) -> Option<Period> {
        let column = column?;
        let cell = table.cell(row, Some(column))?;
        match period_from_cell(cell) {
            Ok(p) => Some(p),
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::error(e.message)
                        .at(table.location(row, column))
                        .help(e.help),
                );
                None
            }
        }
    }

    /// The row's region; `Err` when the cell is empty or names no region, `Ok(None)` when
    /// regions are not known.
    fn region(
        &mut self,
        sheet: &Sheet,
        row: &Row,
        period: Option<Period>,
    ) -> Result<Option<RegionId>, ()> {
        let text =
            required_at(sheet.table, row, sheet.region, "region", self.diagnostics).ok_or(())?;
        let Some((regions, index)) = self.regions else {
            return Ok(None);
        };
        let at = sheet.table.location(row, sheet.region.unwrap_or(0));
        match index.resolve(regions, text, period.map(|p| p.end())) {
            Ok(id) => Ok(Some(id)),
            Err(error) => {
                let found = self
                    .region_errors
                    .entry((text.to_string(), period))
                    .or_insert_with(|| region_error(regions, index, text, period, error));
                self.diagnostics.push(found.clone().at(at));
                Err(())
            }
        }
    }

    fn source(&mut self, sheet: &Sheet, row: &Row) -> Option<SourceId> {
        let table = sheet.table;
        let publication = required_at(table, row, sheet.source, "source", self.diagnostics);
        let date = date_at(table, row, sheet.source_date, self.diagnostics);
        let url = table.cell(row, sheet.source_url).map(str::to_string);
        if let Some(url) = &url {
            if let Err(why) = crate::common::url::check_web_address(url) {
                self.diagnostics.push(
                    Diagnostic::error(msg!(
                        "model.records.not_a_web_address",
                        address = quote(url),
                        why = why
                    ))
                    .at(table.location(row, sheet.source_url.unwrap_or(0)))
                    .help(msg!("model.records.not_a_web_address_help")),
                );
                return None;
            }
        }
        let source = Source {
            publication: publication?.to_string(),
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

    /// The figure in a cell: `Ok(None)` when there is none (empty, or a no-data mark), `Err`
    /// when the cell is wrong (reported).
    fn figure(
        &mut self,
        table: &Table,
        row: &Row,
        column: usize,
        unit: Option<Unit>,
    ) -> Result<Option<Figure>, ()> {
        let Some(cell) = table.cell(row, Some(column)) else {
            return Ok(None);
        };
        read_figure(cell, unit, &table.headers[column]).map_err(|e| {
            self.diagnostics.push(
                Diagnostic::error(e.message)
                    .at(table.location(row, column))
                    .help(e.help),
            );
        })
    }

    /// Which columns hold figures, reporting those that name no indicator.
    fn figure_columns(&mut self, table: &Table) -> Vec<FigureColumn> {
        let mut columns = Vec::new();
        let mut unknown = Listing::default();
        for (i, header) in table.headers.iter().enumerate() {
            if ["region", "period"].contains(&header.as_str())
                || SOURCE_COLUMNS.contains(&header.as_str())
            {
                continue;
            }
            let Some((indicators, ids)) = self.indicators else {
                columns.push(FigureColumn {
                    column: i,
                    indicator: None,
                });
                continue;
            };
            match ids.get(header.as_str()) {
                Some(&id) => columns.push(FigureColumn {
                    column: i,
                    indicator: Some((id, indicators[id.0 as usize].unit)),
                }),
                None => unknown.push_with(msg_key!("model.listing.not_indicator_columns"), || {
                    let known = ids.keys().copied().chain(SOURCE_COLUMNS.iter().copied());
                    let shown = quote(header);
                    let unknown =
                        Diagnostic::error(msg!("model.records.not_an_indicator", id = shown))
                            .at(table.header_location(i))
                            .did_you_mean(header, known);
                    // A close name may still be a new indicator: say how to add it either way.
                    let help = match &unknown.help {
                        Some(suggestion) => msg!(
                            "model.records.suggestion_or_new_indicator",
                            suggestion = suggestion,
                            column = shown
                        ),
                        None => msg!("model.records.new_indicator", column = shown),
                    };
                    unknown.help(help)
                }),
            }
        }
        for finding in unknown.finish(&table.path) {
            self.diagnostics.push(finding);
        }
        columns
    }

    pub(crate) fn observations(
        &mut self,
        table: &mut Table,
        out: &mut Vec<Observation>,
        seen: &mut HashMap<Key, Location>,
    ) {
        let fixed = ["region", "period"]
            .into_iter()
            .chain(SOURCE_COLUMNS.iter().copied());
        let ids = self.indicators.map(|(_, ids)| ids);
        table.adopt_names(fixed.chain(ids.into_iter().flat_map(|ids| ids.keys().copied())));
        let table = &*table;
        let mut ok = true;
        for name in ["region", "period", "source"] {
            if table.column(name).is_none() {
                ok = false;
                self.diagnostics.push(
                    Diagnostic::error(msg!("model.data.missing_column", column = name))
                        .at(table.header_row_location())
                        .help(msg!("model.records.observation_columns_help")),
                );
            }
        }
        let figure_columns = self.figure_columns(table);
        if !ok {
            return;
        }
        if figure_columns.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(msg!("model.records.no_indicator_columns"))
                    .at(table.header_row_location())
                    .help(msg!("model.records.no_indicator_columns_help")),
            );
        } else if table.rows.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(msg!("model.records.no_rows"))
                    .at(table.header_row_location())
                    .help(msg!("model.records.no_rows_help")),
            );
        }
        let sheet = Sheet::new(table);
        for row in &table.rows {
            self.observation_row(&sheet, row, &figure_columns, out, seen);
        }
    }

    fn observation_row(
        &mut self,
        sheet: &Sheet,
        row: &Row,
        figure_columns: &[FigureColumn],
        out: &mut Vec<Observation>,
        seen: &mut HashMap<Key, Location>,
    ) {
        let table = sheet.table;
        let period = required_at(table, row, sheet.period, "period", self.diagnostics)
            .and_then(|_| self.period(table, row, sheet.period));
        let region = self.region(sheet, row, period);
        let source = self.source(sheet, row);
        let note = sheet.note(row);
        for column in figure_columns {
            let unit = column.indicator.map(|(_, unit)| unit);
            let Ok(Some(figure)) = self.figure(table, row, column.column, unit) else {
                continue;
            };
            let (Some(period), Ok(Some(region)), Some(source), Some((indicator, _))) =
                (period, region, source, column.indicator)
            else {
                continue;
            };
            let origin = table.location(row, column.column);
            if let Some(first) = seen.get(&(region, indicator, period)) {
                // Both are known here: their ids were resolved from them.
                let slug = self
                    .regions
                    .map_or("", |(regions, _)| regions[region.0 as usize].slug.as_str());
                let id = self
                    .indicators
                    .map_or("", |(list, _)| list[indicator.0 as usize].id.as_str());
                self.diagnostics.push(
                    Diagnostic::error(msg!(
                        "model.records.figure_twice",
                        id = id,
                        region = slug,
                        period = period,
                        first = first
                    ))
                    .at(origin)
                    .help(msg!("model.records.figure_twice_help")),
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

    /// The row's indicator; `Err` when the cell is empty or names no indicator, `Ok(None)` when
    /// indicators are not known.
    fn indicator(&mut self, sheet: &Sheet, row: &Row) -> Result<Option<(IndicatorId, Unit)>, ()> {
        let table = sheet.table;
        let id =
            required_at(table, row, sheet.indicator, "indicator", self.diagnostics).ok_or(())?;
        let Some((indicators, ids)) = self.indicators else {
            return Ok(None);
        };
        // Ids are lowercase, so `HI_Coverage` can only mean `hi_coverage`.
        match ids
            .get(id)
            .or_else(|| ids.get(id.to_ascii_lowercase().as_str()))
        {
            Some(&found) => Ok(Some((found, indicators[found.0 as usize].unit))),
            None => {
                self.diagnostics.push(
                    Diagnostic::error(msg!("model.records.not_an_indicator", id = quote(id)))
                        .at(table.location(row, sheet.indicator.unwrap_or(0)))
                        .did_you_mean(id, ids.keys().copied()),
                );
                Err(())
            }
        }
    }

    pub(crate) fn targets(&mut self, table: &mut Table, out: &mut Vec<Target>) {
        table.adopt_names(TARGET_COLUMNS.iter().copied());
        let table = &*table;
        if !check_columns(
            table,
            TARGET_COLUMNS,
            &["region", "indicator", "period", "source"],
            self.diagnostics,
        ) {
            return;
        }
        let mut seen: HashMap<Key, usize> = HashMap::new();
        let sheet = Sheet::new(table);
        for row in &table.rows {
            if let Some(target) = self.target_row(&sheet, row, &mut seen) {
                out.push(target);
            }
        }
    }

    fn target_row(
        &mut self,
        sheet: &Sheet,
        row: &Row,
        seen: &mut HashMap<Key, usize>,
    ) -> Option<Target> {
        let table = sheet.table;
        let period = required_at(table, row, sheet.period, "period", self.diagnostics)
            .and_then(|_| self.period(table, row, sheet.period));
        let region = self.region(sheet, row, period);
        let indicator = self.indicator(sheet, row);
        let source = self.source(sheet, row);
        let unit = indicator.ok().flatten().map(|(_, unit)| unit);
        let mut figure = |column: Option<usize>, unit: Option<Unit>| match column {
            Some(column) => self.figure(table, row, column, unit),
            None => Ok(None),
        };
        let target = figure(sheet.target, unit);
        let achieved_percent = figure(sheet.achieved_percent, Some(Unit::PercentChange));
        let achieved_as_of = self.period(table, row, sheet.achieved_as_of);
        let (
            Some(period),
            Ok(Some(region)),
            Ok(Some((indicator, _))),
            Some(source),
            Ok(target),
            Ok(achieved_percent),
        ) = (period, region, indicator, source, target, achieved_percent)
        else {
            return None;
        };
        let at = table.row_location(row);
        if target.is_none() && achieved_percent.is_none() {
            self.diagnostics.push(
                Diagnostic::error(msg!("model.records.target_without_value"))
                    .at(at)
                    .help(msg!("model.records.target_without_value_help")),
            );
            return None;
        }
        if achieved_percent.is_some() && table.cell(row, sheet.achieved_as_of).is_none() {
            self.diagnostics.push(
                Diagnostic::error(msg!("model.records.progress_without_period"))
                    .at(at)
                    .help(msg!("model.records.progress_without_period_help")),
            );
            return None;
        }
        if let Some(first) = seen.insert((region, indicator, period), row.line) {
            self.diagnostics.push(
                Diagnostic::error(msg!("model.records.target_twice", first = first))
                    .at(at)
                    .help(msg!("model.records.target_twice_help")),
            );
            return None;
        }
        Some(Target {
            region,
            indicator,
            period,
            target,
            achieved_percent,
            achieved_as_of,
            source,
            note: sheet.note(row),
            origin: at,
        })
    }
}

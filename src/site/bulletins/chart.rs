//! The `chart` and `map` shortcodes: they check their arguments, build the chart spec and leave
//! a marker the page replaces with the drawn chart.

use super::{fail, ordered, Scope};
use crate::common::diagnostics::did_you_mean_or;
use crate::common::messages::msg;
use crate::common::period::Period;
use crate::model::{IndicatorId, RegionId};
use crate::site::charts::spec::Chart;
use crate::site::charts::{Charts, MARKER_CLOSE, MARKER_OPEN};
use crate::site::markdown::ShortcodeError;
use crate::site::shortcode::Call;

const CHART_TYPES: &[&str] = &["line", "ranking", "progress", "composition", "map"];

/// A `from`–`to` range of periods, `None` for all the data.
type Range = Option<(Period, Period)>;

impl Scope<'_> {
    /// `{{ chart(type="line", indicator="...", regions="a, b", from="...", to="...") }}`: a marker the
    /// page replaces with the drawn chart.
    pub(super) fn chart(
        &mut self,
        call: &Call,
        fixed_kind: Option<&str>,
    ) -> Result<String, ShortcodeError> {
        let kind = self.chart_kind(call, fixed_kind)?;
        let indicator = self.indicator(call)?;
        let range = self.range(call)?;
        let chart = match kind {
            "line" => self.line_chart(call, indicator, range)?,
            "ranking" => self.ranking_chart(call, indicator)?,
            "map" => self.map_chart(call, indicator)?,
            "progress" => self.progress_chart(call, indicator)?,
            _ => self.composition_chart(call, indicator, range)?,
        };
        let id = self.charts.add(chart);
        Ok(format!("{MARKER_OPEN}{id}{MARKER_CLOSE}"))
    }

    /// The chart type: the shortcode's (`map`) or the `type` argument, one of [`CHART_TYPES`].
    fn chart_kind<'c>(
        &self,
        call: &'c Call,
        fixed_kind: Option<&'c str>,
    ) -> Result<&'c str, ShortcodeError> {
        let kind = match fixed_kind {
            Some(kind) => kind,
            None => self.text_arg(call, "type")?.ok_or_else(|| {
                fail(
                    msg!("site.chart.no_type"),
                    msg!("site.chart.no_type_help", types = CHART_TYPES.join(", ")),
                )
            })?,
        };
        if !CHART_TYPES.contains(&kind) {
            return Err(fail(
                msg!("site.chart.unknown_type", kind = kind),
                did_you_mean_or(kind, CHART_TYPES.iter().copied(), || {
                    msg!(
                        "site.chart.unknown_type_help",
                        types = CHART_TYPES.join(", ")
                    )
                }),
            ));
        }
        Ok(kind)
    }

    /// The optional `from` and `to` arguments, which go together.
    fn range(&self, call: &Call) -> Result<Range, ShortcodeError> {
        match (self.text_arg(call, "from")?, self.text_arg(call, "to")?) {
            (None, None) => Ok(None),
            (Some(_), Some(_)) => {
                let (from, to) = (self.period(call, "from")?, self.period(call, "to")?);
                ordered(from, to).map(Some)
            }
            _ => Err(fail(
                msg!("site.chart.half_range"),
                msg!("site.chart.half_range_help"),
            )),
        }
    }

    fn builder(&self) -> Charts<'_> {
        Charts {
            dataset: self.dataset,
            lang: self.lang,
            maps: self.maps,
            urls: self.urls,
            strings: self.strings,
        }
    }

    fn indicator_id(&self, indicator: IndicatorId) -> &str {
        &self.dataset.indicator(indicator).id
    }

    fn line_chart(
        &self,
        call: &Call,
        indicator: IndicatorId,
        range: Range,
    ) -> Result<Chart, ShortcodeError> {
        let regions = self.line_regions(call, range)?;
        let id = self.indicator_id(indicator);
        self.builder()
            .trend(&regions, indicator, range)
            .ok_or_else(|| {
                fail(
                    msg!("site.chart.too_few_for_line", id = id),
                    msg!("site.chart.too_few_for_line_help"),
                )
            })
    }

    /// The regions of a line: the `regions` list, else the `region` argument or the front
    /// matter's only region, else all the front matter's regions.
    fn line_regions(&self, call: &Call, range: Range) -> Result<Vec<RegionId>, ShortcodeError> {
        match self.text_arg(call, "regions")? {
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|name| {
                    self.region_index
                        .resolve(&self.dataset.regions, name, range.map(|(_, to)| to.end()))
                        .map_err(|error| self.region_fail(name, None, error))
                })
                .collect(),
            None if call.args.contains_key("region") || self.regions.len() == 1 => {
                Ok(vec![self.region(call, None)?])
            }
            None => Ok(self.regions.to_vec()),
        }
    }

    fn ranking_chart(&self, call: &Call, indicator: IndicatorId) -> Result<Chart, ShortcodeError> {
        let (period, subject) = self.period_and_subject(call)?;
        self.builder()
            .ranking(indicator, subject, period)
            .ok_or_else(|| {
                fail(
                    msg!(
                        "site.chart.nothing_to_rank",
                        id = self.indicator_id(indicator)
                    ),
                    msg!("site.chart.nothing_to_rank_help"),
                )
            })
    }

    fn map_chart(&self, call: &Call, indicator: IndicatorId) -> Result<Chart, ShortcodeError> {
        let (period, subject) = self.period_and_subject(call)?;
        self.builder()
            .map(indicator, period, subject)
            .ok_or_else(|| {
                fail(
                    msg!(
                        "site.chart.nothing_to_map",
                        id = self.indicator_id(indicator)
                    ),
                    msg!("site.chart.nothing_to_map_help"),
                )
            })
    }

    /// The optional `period` of a ranking or map, and the region to highlight: the `region`
    /// argument, or the front matter's region when there is exactly one.
    fn period_and_subject(
        &self,
        call: &Call,
    ) -> Result<(Option<Period>, Option<RegionId>), ShortcodeError> {
        let period = match self.text_arg(call, "period")? {
            Some(_) => Some(self.period(call, "period")?),
            None => None,
        };
        let subject = match (call.args.contains_key("region"), self.regions) {
            (true, _) => Some(self.region(call, period)?),
            (false, [only]) => Some(*only),
            _ => None,
        };
        Ok((period, subject))
    }

    fn progress_chart(&self, call: &Call, indicator: IndicatorId) -> Result<Chart, ShortcodeError> {
        let period = self.period(call, "period")?;
        let region = self.region(call, Some(period))?;
        let target = self
            .dataset
            .target(region, indicator, &period)
            .ok_or_else(|| {
                fail(
                    msg!(
                        "site.shortcode.no_target",
                        indicator = self.indicator_id(indicator),
                        region = self.dataset.region(region).slug,
                        period = period
                    ),
                    msg!("site.chart.no_target_help"),
                )
            })?;
        self.builder().progress(target).ok_or_else(|| {
            fail(
                msg!("site.chart.unknown_progress"),
                msg!("site.chart.unknown_progress_help"),
            )
        })
    }

    fn composition_chart(
        &self,
        call: &Call,
        indicator: IndicatorId,
        range: Range,
    ) -> Result<Chart, ShortcodeError> {
        let region = self.region(call, range.map(|(_, to)| to))?;
        let id = self.indicator_id(indicator);
        if self.dataset.indicator(indicator).parts.is_empty() {
            return Err(fail(
                msg!("site.chart.no_parts", id = id),
                msg!("site.chart.no_parts_help"),
            ));
        }
        self.builder()
            .composition(region, indicator, range)
            .ok_or_else(|| {
                fail(
                    msg!("site.chart.parts_not_comparable", id = id),
                    msg!("site.chart.parts_not_comparable_help"),
                )
            })
    }
}

//! Resolves a bulletin against the data: its regions and period, and every shortcode in its
//! prose, which becomes the figure formatted for the bulletin's language and cited to its source.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::common::diagnostics::{did_you_mean_or, Diagnostics};
use crate::common::locale::{format_figure, format_period, Lang};
use crate::common::messages::msg;
use crate::common::period::{Period, PERIOD_HELP};
use crate::common::text::escape_html;
use crate::input::content::BulletinSource;
use crate::input::i18n::Strings;
use crate::model::build::region_error;
use crate::model::facts::{progress, Change};
use crate::model::maps::MapLayers;
use crate::model::{
    Dataset, IndicatorId, Observation, RegionId, RegionIndex, RegionLookupError, SourceId,
};
use crate::site::charts::ChartRegistry;
use crate::site::markdown::{render, BodySource, ShortcodeError};
use crate::site::shortcode::{ArgValue, Call};
use crate::site::urls::Urls;

mod chart;

/// A bulletin ready to be placed on pages.
#[derive(Debug, Clone)]
pub struct Bulletin {
    pub source: BulletinSource,
    pub regions: Vec<RegionId>,
    pub period: Option<Period>,
    pub html: String,
    /// Sources cited by the figures in the prose, in order of first use.
    pub cited: Vec<SourceId>,
    /// Indicators the prose's figures and charts are about, in order of first use: the bulletin
    /// is listed in their feeds.
    pub indicators: Vec<IndicatorId>,
}

const SHORTCODES: &[(&str, &[&str])] = &[
    ("value", &["indicator", "region", "period"]),
    ("change", &["indicator", "region", "from", "to", "relative"]),
    ("target", &["indicator", "region", "period"]),
    ("progress", &["indicator", "region", "period"]),
    ("region", &["region"]),
    ("period", &["period"]),
    (
        "chart",
        &[
            "type",
            "indicator",
            "region",
            "regions",
            "from",
            "to",
            "period",
        ],
    ),
];

/// What bulletins are resolved against.
pub struct Context<'a> {
    pub dataset: &'a Dataset,
    pub region_index: &'a RegionIndex,
    pub maps: &'a MapLayers,
    pub urls: &'a Urls,
    /// Interface strings per language: chart sentences come from them.
    pub strings: &'a BTreeMap<Lang, Strings>,
}

/// One bulletin resolved on its own, with the charts its prose asks for and what was found in
/// it: a project keeps all three, and reuses them while neither the bulletin nor the data change.
#[derive(Clone)]
pub struct Resolved {
    pub bulletin: Bulletin,
    pub charts: ChartRegistry,
    pub findings: Diagnostics,
}

/// Resolves bulletins, in parallel.
pub fn resolve_bulletins(sources: Vec<BulletinSource>, context: &Context) -> Vec<Resolved> {
    sources
        .into_par_iter()
        .map(|source| {
            let mut charts = ChartRegistry::default();
            let mut findings = Diagnostics::new();
            let bulletin = resolve_bulletin(source, context, &mut charts, &mut findings);
            Resolved {
                bulletin,
                charts,
                findings,
            }
        })
        .collect()
}

fn resolve_bulletin(
    source: BulletinSource,
    context: &Context,
    charts: &mut ChartRegistry,
    diagnostics: &mut Diagnostics,
) -> Bulletin {
    let (dataset, region_index) = (context.dataset, context.region_index);
    let period = source
        .front
        .period
        .as_deref()
        .and_then(|text| match Period::parse(text) {
            Ok(p) => Some(p),
            Err(error) => {
                diagnostics.push(
                    error
                        .diagnostic(source.key_location("period"))
                        .help(PERIOD_HELP),
                );
                None
            }
        });
    let on = period.map(|p| p.end()).unwrap_or(source.date);
    let mut regions = Vec::new();
    for text in &source.front.regions {
        match region_index.resolve(&dataset.regions, text, Some(on)) {
            Ok(id) if !regions.contains(&id) => regions.push(id),
            Ok(_) => {}
            Err(error) => diagnostics.push(
                region_error(&dataset.regions, region_index, text, period, error)
                    .at(source.key_location("regions")),
            ),
        }
    }
    let mut scope = Scope {
        dataset,
        region_index,
        maps: context.maps,
        urls: context.urls,
        strings: context
            .strings
            .get(&source.lang)
            .unwrap_or_else(|| crate::input::i18n::builtin(source.lang)),
        lang: source.lang,
        regions: &regions,
        period,
        cited: BTreeMap::new(),
        indicators: Vec::new(),
        charts,
    };
    let body = BodySource {
        file: &source.file,
        text: &source.body,
        first_line: source.body_first_line,
        base_path: context.urls.base_path(),
    };
    let html = render(&body, &mut |call| scope.resolve(call), diagnostics);
    // The Markdown stays with the bulletin: a project resolves it again when the data changes.
    let mut cited: Vec<(usize, SourceId)> = scope
        .cited
        .into_iter()
        .map(|(id, order)| (order, id))
        .collect();
    cited.sort();
    let indicators = scope.indicators;
    Bulletin {
        regions,
        period,
        html,
        cited: cited.into_iter().map(|(_, id)| id).collect(),
        indicators,
        source,
    }
}

struct Scope<'a> {
    dataset: &'a Dataset,
    region_index: &'a RegionIndex,
    maps: &'a MapLayers,
    urls: &'a Urls,
    strings: &'a Strings,
    lang: Lang,
    regions: &'a [RegionId],
    period: Option<Period>,
    /// Source -> order of first citation.
    cited: BTreeMap<SourceId, usize>,
    indicators: Vec<IndicatorId>,
    charts: &'a mut ChartRegistry,
}

fn fail(message: impl Into<String>, help: impl Into<String>) -> ShortcodeError {
    ShortcodeError {
        message: message.into(),
        help: help.into(),
    }
}

/// `from` and `to` when `from` comes first.
fn ordered(from: Period, to: Period) -> Result<(Period, Period), ShortcodeError> {
    if from >= to {
        return Err(fail(
            msg!("site.shortcode.from_after_to", from = from, to = to),
            msg!("site.shortcode.from_after_to_help"),
        ));
    }
    Ok((from, to))
}

impl Scope<'_> {
    fn resolve(&mut self, call: &Call) -> Result<String, ShortcodeError> {
        let Some((_, allowed)) = SHORTCODES.iter().find(|(name, _)| *name == call.name) else {
            let names = SHORTCODES.iter().map(|(n, _)| *n);
            return Err(fail(
                msg!("site.shortcode.unknown", name = call.name),
                did_you_mean_or(&call.name, names, || {
                    let all: Vec<&str> = SHORTCODES.iter().map(|(n, _)| *n).collect();
                    msg!("site.shortcode.unknown_help", names = all.join(", "))
                }),
            ));
        };
        for key in call.args.keys() {
            if !allowed.contains(&key.as_str()) {
                return Err(fail(
                    msg!(
                        "site.shortcode.unknown_argument",
                        name = call.name,
                        key = key
                    ),
                    did_you_mean_or(key, allowed.iter().copied(), || {
                        msg!(
                            "site.shortcode.unknown_argument_help",
                            name = call.name,
                            keys = allowed.join(", ")
                        )
                    }),
                ));
            }
        }
        match call.name.as_str() {
            "value" => self.value(call),
            "change" => self.change(call),
            "target" => self.target(call, false),
            "progress" => self.target(call, true),
            "chart" => self.chart(call, None),
            "map" => self.chart(call, Some("map")),
            "region" => {
                let region = self.region(call, None)?;
                Ok(escape_html(self.dataset.region(region).name(self.lang)))
            }
            _ => {
                let period = self.period(call, "period")?;
                Ok(escape_html(&format_period(&period, self.lang)))
            }
        }
    }

    fn text_arg<'c>(&self, call: &'c Call, key: &str) -> Result<Option<&'c str>, ShortcodeError> {
        match call.args.get(key) {
            None => Ok(None),
            Some(ArgValue::Text(text)) => Ok(Some(text)),
            Some(_) => Err(fail(
                msg!("site.shortcode.not_text", key = key),
                msg!("site.shortcode.not_text_help", key = key),
            )),
        }
    }

    fn indicator(&mut self, call: &Call) -> Result<IndicatorId, ShortcodeError> {
        let id = self.text_arg(call, "indicator")?.ok_or_else(|| {
            fail(
                msg!("site.shortcode.no_indicator", name = call.name),
                msg!("site.shortcode.no_indicator_help"),
            )
        })?;
        let found = self.dataset.indicator_by_id(id).ok_or_else(|| {
            let ids = self.dataset.indicators.iter().map(|i| i.id.as_str());
            fail(
                msg!("site.indicator.unknown", id = id),
                did_you_mean_or(id, ids, || msg!("site.indicator.unknown_help")),
            )
        })?;
        if !self.indicators.contains(&found) {
            self.indicators.push(found);
        }
        Ok(found)
    }

    fn period(&self, call: &Call, key: &str) -> Result<Period, ShortcodeError> {
        match self.text_arg(call, key)? {
            Some(text) => Period::parse(text).map_err(|error| fail(error.to_string(), PERIOD_HELP)),
            None if key == "period" => self.period.ok_or_else(|| {
                fail(
                    msg!("site.shortcode.no_period", name = call.name),
                    msg!("site.shortcode.no_period_help"),
                )
            }),
            None => Err(fail(
                msg!("site.shortcode.missing", name = call.name, key = key),
                msg!("site.shortcode.missing_help", key = key),
            )),
        }
    }

    fn region(&self, call: &Call, period: Option<Period>) -> Result<RegionId, ShortcodeError> {
        match self.text_arg(call, "region")? {
            Some(text) => self
                .region_index
                .resolve(&self.dataset.regions, text, period.map(|p| p.end()))
                .map_err(|error| self.region_fail(text, period, error)),
            None => match self.regions {
                [only] => Ok(*only),
                [] => Err(fail(
                    msg!("site.shortcode.no_region", name = call.name),
                    msg!("site.shortcode.no_region_help"),
                )),
                _ => Err(fail(
                    msg!("site.shortcode.several_regions", name = call.name),
                    msg!("site.shortcode.several_regions_help"),
                )),
            },
        }
    }

    /// The error of a region argument that names no region (or several).
    fn region_fail(
        &self,
        text: &str,
        period: Option<Period>,
        error: RegionLookupError,
    ) -> ShortcodeError {
        let d = region_error(
            &self.dataset.regions,
            self.region_index,
            text,
            period,
            error,
        );
        fail(d.message, d.help.unwrap_or_default())
    }

    fn observation(
        &self,
        region: RegionId,
        indicator: IndicatorId,
        period: &Period,
    ) -> Result<&Observation, ShortcodeError> {
        self.dataset
            .observation(region, indicator, period)
            .ok_or_else(|| {
                let available: Vec<String> = self
                    .dataset
                    .series(region, indicator)
                    .map(|o| o.period.to_string())
                    .collect();
                fail(
                    msg!(
                        "site.shortcode.no_figure",
                        indicator = self.dataset.indicator(indicator).id,
                        region = self.dataset.region(region).slug,
                        period = period
                    ),
                    if self.dataset.target(region, indicator, period).is_some() {
                        msg!("site.shortcode.no_figure_but_target")
                    } else if available.is_empty() {
                        msg!("site.shortcode.no_figure_at_all")
                    } else {
                        msg!(
                            "site.shortcode.no_figure_then",
                            periods = available.join(", ")
                        )
                    },
                )
            })
    }

    fn cite(&mut self, source: SourceId) {
        let next = self.cited.len();
        self.cited.entry(source).or_insert(next);
    }

    /// A figure in prose: machine-readable value, hover text with period and source.
    fn figure_html(
        &mut self,
        text: &str,
        raw_value: f64,
        period: &Period,
        source: SourceId,
    ) -> String {
        self.cite(source);
        let publication = &self.dataset.source(source).publication;
        format!(
            "<data class=\"fig\" value=\"{raw_value}\" title=\"{} · {}\">{}</data>",
            escape_html(&format_period(period, self.lang)),
            escape_html(publication),
            escape_html(text)
        )
    }

    fn value(&mut self, call: &Call) -> Result<String, ShortcodeError> {
        let indicator = self.indicator(call)?;
        let period = self.period(call, "period")?;
        let region = self.region(call, Some(period))?;
        let observation = self.observation(region, indicator, &period)?;
        let unit = self.dataset.indicator(indicator).unit;
        // A reported change reads as words in prose ("giảm 3,2%"), never as a bare "-3,2%".
        let text = if unit == crate::common::locale::Unit::PercentChange {
            crate::common::locale::format_change(&observation.figure, unit, false, self.lang).0
        } else {
            format_figure(&observation.figure, unit, self.lang)
        };
        let (value, source) = (observation.figure.value, observation.source);
        Ok(self.figure_html(&text, value, &period, source))
    }

    fn change(&mut self, call: &Call) -> Result<String, ShortcodeError> {
        let indicator = self.indicator(call)?;
        let from = self.period(call, "from")?;
        let to = self.period(call, "to")?;
        let relative = match call.args.get("relative") {
            None => false,
            Some(ArgValue::Bool(b)) => *b,
            Some(_) => {
                return Err(fail(
                    msg!("site.shortcode.relative_not_bool"),
                    msg!("site.shortcode.relative_not_bool_help"),
                ))
            }
        };
        let (from, to) = ordered(from, to)?;
        let region = self.region(call, Some(to))?;
        let unit = self.dataset.indicator(indicator).unit;
        let (from_obs, to_obs) = (
            self.observation(region, indicator, &from)?,
            self.observation(region, indicator, &to)?,
        );
        let change = Change::between(from_obs, to_obs, unit, relative).ok_or_else(|| {
            fail(
                msg!("site.shortcode.relative_from_zero"),
                msg!("site.shortcode.relative_from_zero_help"),
            )
        })?;
        let (text, _) = change.describe(unit, self.lang);
        let (sources, value) = ([from_obs.source, to_obs.source], change.difference.value);
        self.cite(sources[0]);
        Ok(self.figure_html(&text, value, &to, sources[1]))
    }

    fn target(&mut self, call: &Call, as_progress: bool) -> Result<String, ShortcodeError> {
        let indicator = self.indicator(call)?;
        let period = self.period(call, "period")?;
        let region = self.region(call, Some(period))?;
        let dataset = self.dataset;
        let target = dataset.target(region, indicator, &period).ok_or_else(|| {
            let available: Vec<String> = dataset
                .targets_of(region)
                .filter(|t| t.indicator == indicator)
                .map(|t| t.period.to_string())
                .collect();
            fail(
                msg!(
                    "site.shortcode.no_target",
                    indicator = dataset.indicator(indicator).id,
                    region = dataset.region(region).slug,
                    period = period
                ),
                if available.is_empty() {
                    msg!("site.shortcode.no_target_help")
                } else {
                    msg!(
                        "site.shortcode.no_target_then",
                        periods = available.join(", ")
                    )
                },
            )
        })?;
        let unit = dataset.indicator(indicator).unit;
        if as_progress {
            let progress = progress(dataset, target).ok_or_else(|| {
                fail(
                    msg!("site.shortcode.no_progress"),
                    msg!("site.shortcode.no_progress_help"),
                )
            })?;
            let text = format_figure(
                &progress.percent,
                crate::common::locale::Unit::Percent,
                self.lang,
            );
            Ok(self.figure_html(&text, progress.percent.value, &period, target.source))
        } else {
            let value = target.target.ok_or_else(|| {
                fail(
                    msg!("site.shortcode.only_progress"),
                    msg!("site.shortcode.only_progress_help"),
                )
            })?;
            let text = format_figure(&value, unit, self.lang);
            Ok(self.figure_html(&text, value.value, &period, target.source))
        }
    }
}

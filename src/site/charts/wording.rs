//! The words around charts, from the interface-string tables (`chart.*` and `unit.*` keys in
//! `templates/i18n/<lang>.toml`, which a site may override): titles, descriptions, table headings,
//! source lines. Numbers, periods and dates are formatted by `locale`.

use crate::common::figure::Figure;
use crate::common::locale::{format_date, format_figure, format_period, Lang, Unit};
use crate::common::period::Period;
use crate::input::i18n::Strings;
use crate::model::{Dataset, Observation, SourceId};

use super::spec::AxisWords;

/// Chart words in one language.
#[derive(Clone, Copy)]
pub(crate) struct Wording<'a> {
    strings: &'a Strings,
    lang: Lang,
}

/// Which sentence names a by-province chart's highest and lowest figures.
#[derive(Clone, Copy)]
pub(crate) enum Extremes {
    Ranking,
    Map,
}

impl<'a> Wording<'a> {
    pub(crate) fn new(strings: &'a Strings, lang: Lang) -> Self {
        Wording { strings, lang }
    }

    /// A word as it is in the table (a table heading, a legend entry).
    pub(crate) fn word(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    /// A sentence from the table with its placeholders filled.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.strings.fill(key, values)
    }

    /// A sentence that names a chart, followed by its unit: "… (%)".
    pub(crate) fn title(&self, key: &str, values: &[(&str, &str)], unit: Unit) -> String {
        format!("{}{}", self.fill(key, values), self.unit_suffix(unit))
    }

    pub(crate) fn figure(&self, figure: &Figure, unit: Unit) -> String {
        format_figure(figure, unit, self.lang)
    }

    pub(crate) fn period(&self, period: &Period) -> String {
        format_period(period, self.lang)
    }

    /// A figure with its period: "95,2% (2024)".
    pub(crate) fn figure_at(&self, figure: &Figure, unit: Unit, period: &Period) -> String {
        self.fill(
            "chart.figure_at",
            &[
                ("value", &self.figure(figure, unit)),
                ("period", &self.period(period)),
            ],
        )
    }

    /// An observation with its period.
    pub(crate) fn observation(&self, observation: &Observation, unit: Unit) -> String {
        self.figure_at(&observation.figure, unit, &observation.period)
    }

    /// The words of a value axis.
    pub(crate) fn axis_words(&self) -> AxisWords {
        AxisWords {
            million: self.word("chart.scale_million"),
            billion: self.word("chart.scale_billion"),
            trillion: self.word("chart.scale_trillion"),
            not_from_zero: self.word("chart.axis_not_from_zero"),
        }
    }

    /// The mark of a cell without a figure.
    pub(crate) fn none(&self) -> String {
        self.word("chart.none")
    }

    fn unit_suffix(&self, unit: Unit) -> String {
        self.fill(
            "chart.unit_suffix",
            &[("unit", self.strings.get(unit.key()))],
        )
    }

    /// "Source: publication, date; other publication", each source once.
    pub(crate) fn sources_line(
        &self,
        dataset: &Dataset,
        sources: impl IntoIterator<Item = SourceId>,
    ) -> String {
        let mut ids: Vec<SourceId> = sources.into_iter().collect();
        ids.sort();
        ids.dedup();
        let names: Vec<String> = ids
            .iter()
            .map(|s| {
                let source = dataset.source(*s);
                match source.date {
                    Some(date) => self.fill(
                        "chart.source_dated",
                        &[
                            ("publication", &source.publication),
                            ("date", &format_date(&date, self.lang)),
                        ],
                    ),
                    None => source.publication.clone(),
                }
            })
            .collect();
        self.fill("chart.source", &[("sources", &names.join("; "))])
    }

    /// "Coverage, June 2022 (%)", or "Coverage: latest figure by province (%)" without one period.
    pub(crate) fn by_province_title(
        &self,
        name: &str,
        unit: Unit,
        period: Option<Period>,
    ) -> String {
        match period {
            Some(p) => self.title(
                "chart.by_province_title",
                &[("name", name), ("period", &self.period(&p))],
                unit,
            ),
            None => self.title("chart.by_province_title_latest", &[("name", name)], unit),
        }
    }

    /// The sentence naming where a by-province chart's figure is highest and lowest, or the only
    /// province with one. `ranked` is in the chart's order; `reversed` when it runs from the
    /// lowest figure to the highest.
    pub(crate) fn extremes(
        &self,
        kind: Extremes,
        dataset: &Dataset,
        (name, unit): (&str, Unit),
        ranked: &[&Observation],
        reversed: bool,
    ) -> String {
        let (only, range) = match kind {
            Extremes::Ranking => ("chart.ranking_only", "chart.ranking_range"),
            Extremes::Map => ("chart.map_only", "chart.map_range"),
        };
        let region = |o: &Observation| dataset.region(o.region).name(self.lang);
        let name_lower = lowercase_first(name);
        let (top, bottom) = (ranked[0], ranked[ranked.len() - 1]);
        if ranked.len() == 1 {
            return self.fill(
                only,
                &[
                    ("name", name),
                    ("name_lower", &name_lower),
                    ("region", region(top)),
                    ("value", &self.observation(top, unit)),
                ],
            );
        }
        let (high, low) = if reversed {
            (bottom, top)
        } else {
            (top, bottom)
        };
        self.fill(
            range,
            &[
                ("name", name),
                ("name_lower", &name_lower),
                ("count", &ranked.len().to_string()),
                ("high", region(high)),
                ("high_value", &self.observation(high, unit)),
                ("low", region(low)),
                ("low_value", &self.observation(low, unit)),
            ],
        )
    }
}

/// The name as it reads inside a sentence: "Số người tham gia" -> "số người tham gia", keeping
/// abbreviations (BHXH, HI) as written.
pub(crate) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(|c| c.is_lowercase()) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

//! Figures derived from the data: changes between periods and progress against targets.
//! Province pages and bulletin shortcodes both use these, so a figure reads the same everywhere.

use crate::common::figure::{Figure, Qualifier};
use crate::common::locale::{format_change, Direction, Lang, Unit};
use crate::common::period::Period;
use crate::model::{Dataset, Observation, Target};

/// The change from one observation to a later one.
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub difference: Figure,
    /// In percentage points (an absolute change of a share).
    pub points: bool,
    /// Relative change in per cent rather than an absolute difference.
    pub relative: bool,
}

impl Change {
    pub fn between(
        from: &Observation,
        to: &Observation,
        unit: Unit,
        relative: bool,
    ) -> Option<Change> {
        let qualifier = Qualifier::of_difference(to.figure.qualifier, from.figure.qualifier);
        if relative {
            if from.figure.value == 0.0 {
                return None;
            }
            let value = (to.figure.value / from.figure.value - 1.0) * 100.0;
            return Some(Change {
                difference: Figure {
                    value,
                    decimals: 1,
                    qualifier: Qualifier::of_derived(&[to.figure.qualifier, from.figure.qualifier]),
                },
                points: false,
                relative: true,
            });
        }
        Some(Change {
            difference: Figure {
                value: to.figure.value - from.figure.value,
                decimals: to.figure.decimals.max(from.figure.decimals),
                qualifier,
            },
            points: unit == Unit::Percent,
            relative: false,
        })
    }

    /// `tăng 44.729` / `up 44,729`, and which way it went.
    pub fn describe(&self, unit: Unit, lang: Lang) -> (String, Direction) {
        let unit = if self.relative {
            Unit::PercentChange
        } else {
            unit
        };
        format_change(&self.difference, unit, self.points, lang)
    }
}

/// Whether a move in this direction is good news for the indicator.
pub fn assessment(direction: Direction, higher_is_better: Option<bool>) -> &'static str {
    match (direction, higher_is_better) {
        (Direction::Flat, _) | (_, None) => "neutral",
        (Direction::Up, Some(true)) | (Direction::Down, Some(false)) => "good",
        _ => "bad",
    }
}

/// Progress against a target, as reported by the source or computed from the data.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub percent: Figure,
    /// True when the percentage is the source's own, false when computed here.
    pub reported: bool,
    /// The figure the progress refers to, when the data has it.
    pub actual: Option<&'a Observation>,
    pub as_of: Option<Period>,
}

pub fn progress<'a>(dataset: &'a Dataset, target: &Target) -> Option<Progress<'a>> {
    let actual = match target.achieved_as_of {
        Some(as_of) => dataset.observation(target.region, target.indicator, &as_of),
        None => dataset
            .series(target.region, target.indicator)
            .rev()
            .find(|o| {
                o.period.end() <= target.period.end() && o.period.end() >= target.period.start()
            }),
    };
    if let Some(reported) = target.achieved_percent {
        return Some(Progress {
            percent: reported,
            reported: true,
            actual,
            as_of: target.achieved_as_of,
        });
    }
    let (value, actual) = (target.target?, actual?);
    if value.value == 0.0 {
        return None;
    }
    Some(Progress {
        percent: Figure {
            value: actual.figure.value / value.value * 100.0,
            decimals: 1,
            qualifier: Qualifier::of_derived(&[actual.figure.qualifier, value.qualifier]),
        },
        reported: false,
        actual: Some(actual),
        as_of: Some(actual.period),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::diagnostics::Location;
    use crate::common::figure::parse_figure;
    use crate::model::{IndicatorId, RegionId, SourceId};

    fn obs(period: &str, cell: &str) -> Observation {
        Observation {
            region: RegionId(0),
            indicator: IndicatorId(0),
            period: Period::parse(period).unwrap(),
            figure: parse_figure(cell).unwrap(),
            source: SourceId(0),
            note: Default::default(),
            origin: Location::file("x.csv"),
        }
    }

    #[test]
    fn absolute_change_keeps_precision_and_hedge() {
        let change = Change::between(
            &obs("2021-06", "under 258435"),
            &obs("2022-06", "268835"),
            Unit::Persons,
            false,
        )
        .unwrap();
        assert_eq!(change.difference.value, 10400.0);
        assert_eq!(change.difference.qualifier, Some(Qualifier::Over));
        assert_eq!(change.describe(Unit::Persons, Lang::En).0, "up over 10,400");
    }

    #[test]
    fn shares_change_in_points_and_relative_in_percent() {
        let points = Change::between(
            &obs("2023", "93"),
            &obs("2024", "95.5"),
            Unit::Percent,
            false,
        )
        .unwrap();
        assert_eq!(
            points.describe(Unit::Percent, Lang::En).0,
            "up 2.5 percentage points"
        );
        let relative = Change::between(
            &obs("2021-H1", "2937"),
            &obs("2022-H1", "2990"),
            Unit::VndBillion,
            true,
        )
        .unwrap();
        assert_eq!(relative.describe(Unit::VndBillion, Lang::Vi).0, "tăng 1,8%");
        assert!(
            Change::between(&obs("2021", "0"), &obs("2022", "5"), Unit::Persons, true).is_none()
        );
    }

    #[test]
    fn assessments() {
        assert_eq!(assessment(Direction::Up, Some(true)), "good");
        assert_eq!(assessment(Direction::Up, Some(false)), "bad");
        assert_eq!(assessment(Direction::Down, None), "neutral");
    }
}

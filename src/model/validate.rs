//! Rules that look across records: parts against totals, shares against their numerator and
//! denominator, figures against the lifetime of their province, reported progress against targets.
//!
//! Hedged figures are checked as intervals: "over 693" is anything from 693 up, so a rule only
//! fails when no reading of the figures could satisfy it.

use crate::common::diagnostics::{Diagnostic, Diagnostics};
use crate::common::figure::{Figure, Qualifier};
use crate::common::locale::Unit;
use crate::model::{Dataset, Observation};

/// The range of true values a figure allows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// How far "about" and "nearly" may stray from the figure.
const HEDGE_SLACK: f64 = 0.05;

impl Interval {
    pub fn of(figure: &Figure) -> Interval {
        let v = figure.value;
        let tol = figure.rounding_tolerance();
        match figure.qualifier {
            None => Interval {
                low: v - tol,
                high: v + tol,
            },
            Some(Qualifier::Over) => Interval {
                low: v,
                high: f64::INFINITY,
            },
            Some(Qualifier::Under) => Interval {
                low: f64::NEG_INFINITY,
                high: v,
            },
            Some(Qualifier::Nearly) => Interval {
                low: v - v.abs() * HEDGE_SLACK,
                high: v + tol,
            },
            Some(Qualifier::About) => Interval {
                low: v - v.abs() * HEDGE_SLACK - tol,
                high: v + v.abs() * HEDGE_SLACK + tol,
            },
        }
    }

    fn overlaps(&self, other: &Interval) -> bool {
        self.low <= other.high + 1e-9 && other.low <= self.high + 1e-9
    }
}

pub fn validate(dataset: &Dataset, diagnostics: &mut Diagnostics) {
    for observation in &dataset.observations {
        check_lifetime(dataset, observation, diagnostics);
        check_parts(dataset, observation, diagnostics);
        check_share(dataset, observation, diagnostics);
    }
    check_targets(dataset, diagnostics);
}

fn check_lifetime(dataset: &Dataset, observation: &Observation, diagnostics: &mut Diagnostics) {
    let region = dataset.region(observation.region);
    let period = observation.period;
    if let Some(until) = region.valid_until {
        let successor = region
            .successor
            .map(|s| dataset.region(s).slug.as_str())
            .unwrap_or("its successor");
        if period.start() > until {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{} ceased to exist on {until}, but this figure is for {period}",
                    region.slug
                ))
                .at(observation.origin.clone())
                .help(format!(
                    "figures after {until} belong to `{successor}`; check the region or the period"
                )),
            );
        } else if period.end() > until {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{} ceased to exist on {until}, during the period {period}",
                    region.slug
                ))
                .at(observation.origin.clone())
                .help("make sure the figure covers only the time before the province was merged"),
            );
        }
    }
    if let Some(from) = region.valid_from {
        if period.end() < from {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{} was created on {from}, after the period {period}",
                    region.slug
                ))
                .at(observation.origin.clone())
                .help(match region.predecessors.first() {
                    Some(p) => format!(
                        "figures before {from} belong to the former provinces, e.g. `{}`",
                        dataset.region(*p).slug
                    ),
                    None => "check the region or the period".to_string(),
                }),
            );
        } else if period.start() < from {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{} was created on {from}, during the period {period}",
                    region.slug
                ))
                .at(observation.origin.clone()),
            );
        }
    }
}

/// A total is checked once, from the point of view of its own observation.
fn check_parts(dataset: &Dataset, total: &Observation, diagnostics: &mut Diagnostics) {
    let indicator = dataset.indicator(total.indicator);
    if indicator.parts.is_empty() {
        return;
    }
    let parts: Vec<&Observation> = indicator
        .parts
        .iter()
        .filter_map(|p| dataset.observation(total.region, *p, &total.period))
        .collect();
    if parts.is_empty() {
        return;
    }
    let lowest_sum: f64 = parts
        .iter()
        .map(|p| Interval::of(&p.figure).low.max(0.0))
        .sum();
    let total_interval = Interval::of(&total.figure);
    if lowest_sum > total_interval.high + 1e-9 {
        let listing = parts
            .iter()
            .map(|p| format!("{} = {}", dataset.indicator(p.indicator).id, p.figure))
            .collect::<Vec<_>>()
            .join(" + ");
        diagnostics.push(
            Diagnostic::error(format!(
                "the parts of `{}` add up to more than the total for {} in {}: {listing} > {}",
                indicator.id,
                dataset.region(total.region).slug,
                total.period,
                total.figure
            ))
            .at(total.origin.clone())
            .help(format!(
                "check the total and its parts (first part at {})",
                parts[0].origin
            )),
        );
    }
}

fn check_share(dataset: &Dataset, share: &Observation, diagnostics: &mut Diagnostics) {
    let indicator = dataset.indicator(share.indicator);
    let (Some(numerator), Some(denominator)) = (indicator.numerator, indicator.denominator) else {
        return;
    };
    let (Some(num), Some(den)) = (
        dataset.observation(share.region, numerator, &share.period),
        dataset.observation(share.region, denominator, &share.period),
    ) else {
        return;
    };
    let (n, d) = (Interval::of(&num.figure), Interval::of(&den.figure));
    if d.low <= 0.0 {
        return;
    }
    let computed = Interval {
        low: n.low / d.high * 100.0,
        high: n.high / d.low * 100.0,
    };
    if !computed.overlaps(&Interval::of(&share.figure)) {
        let exact = num.figure.value / den.figure.value * 100.0;
        diagnostics.push(
            Diagnostic::error(format!(
                "`{}` is {}%, but {} / {} = {} / {} = {exact:.2}% for {} in {}",
                indicator.id,
                share.figure,
                dataset.indicator(numerator).id,
                dataset.indicator(denominator).id,
                num.figure,
                den.figure,
                dataset.region(share.region).slug,
                share.period
            ))
            .at(share.origin.clone())
            .help(format!(
                "one of the three figures is wrong: check this cell, {} and {}",
                num.origin, den.origin
            )),
        );
    }
}

fn check_targets(dataset: &Dataset, diagnostics: &mut Diagnostics) {
    for target in &dataset.targets {
        let region = dataset.region(target.region);
        let indicator = dataset.indicator(target.indicator);
        if let Some(until) = region.valid_until {
            if target.period.start() > until {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "{} ceased to exist on {until}, before the target period {}",
                        region.slug, target.period
                    ))
                    .at(target.origin.clone())
                    .help("set the target for the province that succeeded it"),
                );
            }
        }
        if let (Some(value), Some(reported), Some(as_of)) = (
            target.target,
            target.achieved_percent,
            target.achieved_as_of,
        ) {
            if let Some(actual) = dataset.observation(target.region, target.indicator, &as_of) {
                let (a, t) = (Interval::of(&actual.figure), Interval::of(&value));
                if t.low > 0.0 {
                    let computed = Interval {
                        low: a.low / t.high * 100.0,
                        high: a.high / t.low * 100.0,
                    };
                    if !computed.overlaps(&Interval::of(&reported)) {
                        diagnostics.push(
                            Diagnostic::error(format!(
                                "the reported progress ({reported}%) disagrees with {} / target {} = {:.1}%",
                                actual.figure,
                                value,
                                actual.figure.value / value.value * 100.0
                            ))
                            .at(target.origin.clone())
                            .help(format!("check the target, the reported percentage and the figure at {}", actual.origin)),
                        );
                    }
                }
            }
        }
        if let Some(as_of) = target.achieved_as_of {
            if dataset
                .observation(target.region, target.indicator, &as_of)
                .is_none()
                && indicator.unit != Unit::Percent
            {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the progress is reported as of {as_of}, but there is no `{}` figure for {} then",
                        indicator.id, region.slug
                    ))
                    .at(target.origin.clone())
                    .help("add the figure to an observation sheet so readers see what the percentage refers to"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::figure::parse_figure;

    fn interval(cell: &str) -> Interval {
        Interval::of(&parse_figure(cell).unwrap())
    }

    #[test]
    fn intervals_follow_hedges() {
        assert_eq!(
            interval("99.2"),
            Interval {
                low: 99.15,
                high: 99.25
            }
        );
        assert_eq!(interval("over 693").high, f64::INFINITY);
        assert_eq!(interval("under 10").low, f64::NEG_INFINITY);
        let nearly = interval("nearly 100");
        assert!(nearly.low < 100.0 && nearly.high <= 100.5);
    }

    #[test]
    fn overlap_is_inclusive() {
        let a = Interval {
            low: 0.0,
            high: 1.0,
        };
        let b = Interval {
            low: 1.0,
            high: 2.0,
        };
        assert!(a.overlaps(&b));
        assert!(!a.overlaps(&Interval {
            low: 1.1,
            high: 2.0
        }));
    }
}

//! Rules that look across records: parts against totals, shares against their numerator and
//! denominator, figures against the lifetime of their province, reported progress against targets.
//!
//! Hedged figures are checked as intervals: "over 693" is anything from 693 up, so a rule only
//! fails when no reading of the figures could satisfy it.

use crate::common::diagnostics::{Diagnostic, Diagnostics};
use crate::common::figure::{Figure, Qualifier};
use crate::common::locale::Unit;
use crate::common::messages::msg;
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
    let slug = &region.slug;
    let at = || observation.origin.clone();
    if let Some(until) = region.valid_until {
        if period.start() > until {
            let help = match region.successor {
                Some(s) => msg!(
                    "model.validate.after_end_help",
                    until = until,
                    successor = dataset.region(s).slug
                ),
                None => msg!("model.validate.after_end_no_successor_help", until = until),
            };
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.validate.after_end",
                    region = slug,
                    until = until,
                    period = period
                ))
                .at(at())
                .help(help),
            );
        } else if period.end() > until {
            diagnostics.push(
                Diagnostic::warning(msg!(
                    "model.validate.ends_during",
                    region = slug,
                    until = until,
                    period = period
                ))
                .at(at())
                .help(msg!("model.validate.ends_during_help")),
            );
        }
    }
    if let Some(from) = region.valid_from {
        if period.end() < from {
            diagnostics.push(
                Diagnostic::error(msg!(
                    "model.validate.before_start",
                    region = slug,
                    from = from,
                    period = period
                ))
                .at(at())
                .help(match region.predecessors.first() {
                    Some(p) => msg!(
                        "model.validate.before_start_help",
                        from = from,
                        predecessor = dataset.region(*p).slug
                    ),
                    None => msg!("model.validate.check_region_or_period"),
                }),
            );
        } else if period.start() < from {
            diagnostics.push(
                Diagnostic::warning(msg!(
                    "model.validate.starts_during",
                    region = slug,
                    from = from,
                    period = period
                ))
                .at(at()),
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
            Diagnostic::error(msg!(
                "model.validate.parts_exceed_total",
                id = indicator.id,
                region = dataset.region(total.region).slug,
                period = total.period,
                parts = listing,
                total = total.figure
            ))
            .at(total.origin.clone())
            .help(msg!(
                "model.validate.parts_exceed_total_help",
                first = parts[0].origin
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
            Diagnostic::error(msg!(
                "model.validate.share_disagrees",
                id = indicator.id,
                share = share.figure,
                numerator = dataset.indicator(numerator).id,
                denominator = dataset.indicator(denominator).id,
                numerator_figure = num.figure,
                denominator_figure = den.figure,
                computed = format!("{exact:.2}"),
                region = dataset.region(share.region).slug,
                period = share.period
            ))
            .at(share.origin.clone())
            .help(msg!(
                "model.validate.share_disagrees_help",
                numerator_at = num.origin,
                denominator_at = den.origin
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
                    Diagnostic::error(msg!(
                        "model.validate.target_after_end",
                        region = region.slug,
                        until = until,
                        period = target.period
                    ))
                    .at(target.origin.clone())
                    .help(msg!("model.validate.target_after_end_help")),
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
                        let percent = actual.figure.value / value.value * 100.0;
                        diagnostics.push(
                            Diagnostic::error(msg!(
                                "model.validate.progress_disagrees",
                                reported = reported,
                                figure = actual.figure,
                                target = value,
                                computed = format!("{percent:.1}")
                            ))
                            .at(target.origin.clone())
                            .help(msg!(
                                "model.validate.progress_disagrees_help",
                                figure_at = actual.origin
                            )),
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
                    Diagnostic::warning(msg!(
                        "model.validate.progress_without_figure",
                        period = as_of,
                        id = indicator.id,
                        region = region.slug
                    ))
                    .at(target.origin.clone())
                    .help(msg!("model.validate.progress_without_figure_help")),
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

    /// Yên Bái until its merger into Lào Cai on 1 July 2025, with one figure from either side.
    fn merged_province() -> Dataset {
        use crate::common::diagnostics::Location;
        use crate::common::period::{Date, Period};
        use crate::model::{
            Indicator, IndicatorGroup, IndicatorId, Note, Region, RegionId, RegionKind, SourceId,
        };
        let region = |slug: &str, from, until, successor| Region {
            slug: slug.into(),
            code: "15".into(),
            name_vi: slug.into(),
            name_en: slug.into(),
            kind: RegionKind::Province,
            parent: None,
            valid_from: from,
            valid_until: until,
            successor,
            aliases: vec![],
            predecessors: vec![],
        };
        let indicator = Indicator {
            id: "hi_participants".into(),
            group: IndicatorGroup::Context,
            name_vi: String::new(),
            name_en: String::new(),
            unit: Unit::Persons,
            decimals: 0,
            higher_is_better: None,
            part_of: None,
            numerator: None,
            denominator: None,
            definition_vi: String::new(),
            definition_en: String::new(),
            parts: vec![],
        };
        let observation = |region, period| Observation {
            region: RegionId(region),
            indicator: IndicatorId(0),
            period: Period::parse(period).unwrap(),
            figure: parse_figure("1000").unwrap(),
            source: SourceId(0),
            note: Note::default(),
            origin: Location::at("data/observations/2025.csv", 2, 3),
        };
        let day = |y, m, d| Some(Date::new(y, m, d).unwrap());
        Dataset::new(
            vec![
                region("yen-bai", None, day(2025, 6, 30), Some(RegionId(1))),
                region("lao-cai-2025", day(2025, 7, 1), None, None),
            ],
            vec![indicator],
            vec![],
            vec![observation(0, "2025-Q4"), observation(1, "2025-Q1")],
            vec![],
        )
    }

    #[test]
    fn lifetime_findings_speak_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let found = with_lang(Lang::Vi, || {
            let mut diagnostics = Diagnostics::new();
            validate(&merged_province(), &mut diagnostics);
            diagnostics.sorted()
        });
        let messages: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert!(
            messages.contains(&(
                "yen-bai đã không còn tồn tại từ sau ngày 2025-06-30, nhưng số liệu này là của kỳ 2025-Q4",
                Some("số liệu sau ngày 2025-06-30 thuộc về `lao-cai-2025`; kiểm tra lại địa phương hoặc kỳ báo cáo"),
            )),
            "{messages:?}"
        );
        assert!(
            messages.contains(&(
                "lao-cai-2025 được thành lập ngày 2025-07-01, sau kỳ báo cáo 2025-Q1",
                Some("số liệu trước ngày 2025-07-01 thuộc về các tỉnh cũ, ví dụ `yen-bai`"),
            )),
            "{messages:?}"
        );
    }
}

//! Chart drawing from arbitrary figures (any f64 bit pattern: NaN, infinities, subnormals,
//! 15-digit counts) and arbitrary texts, through the public `charts::render`: it must never
//! panic, and every coordinate it writes must be a finite number.
#![no_main]

use bulletin::charts::{
    self, AxisWords, Bar, Body, Chart, DataTable, Emphasis, Geometry, MapArea, Part, Point, Series,
    TargetLine,
};
use bulletin::{Lang, Unit};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// Lists stay short enough that one input draws in well under libFuzzer's timeout.
const MAX_ITEMS: usize = 40;

fn figure(u: &mut Unstructured) -> Result<f64> {
    Ok(f64::from_bits(u.arbitrary::<u64>()?))
}

fn text(u: &mut Unstructured) -> Result<String> {
    let text: String = u.arbitrary()?;
    Ok(text.chars().take(2000).collect())
}

fn count(u: &mut Unstructured) -> Result<usize> {
    u.int_in_range(0..=MAX_ITEMS)
}

fn list<T>(u: &mut Unstructured, item: impl Fn(&mut Unstructured) -> Result<T>) -> Result<Vec<T>> {
    (0..count(u)?).map(|_| item(u)).collect()
}

fn point(u: &mut Unstructured) -> Result<Point> {
    Ok(Point {
        x: u.arbitrary()?,
        x_label: text(u)?,
        value: figure(u)?,
        text: text(u)?,
        hedged: u.arbitrary()?,
    })
}

fn body(u: &mut Unstructured) -> Result<Body> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => Body::Line {
            series: list(u, |u| {
                Ok(Series {
                    label: text(u)?,
                    points: list(u, point)?,
                    highlight: u.arbitrary()?,
                })
            })?,
            target: if u.arbitrary()? {
                Some(TargetLine {
                    value: figure(u)?,
                    label: text(u)?,
                })
            } else {
                None
            },
        },
        1 => Body::Ranking {
            bars: list(u, |u| {
                Ok(Bar {
                    label: text(u)?,
                    value: figure(u)?,
                    text: text(u)?,
                    emphasis: *u.choose(&[
                        Emphasis::Normal,
                        Emphasis::Subject,
                        Emphasis::National,
                    ])?,
                })
            })?,
        },
        2 => Body::Bullet {
            percent: figure(u)?,
            percent_text: text(u)?,
            actual_text: text(u)?,
            target_text: text(u)?,
        },
        3 => Body::Stacked {
            columns: list(u, text)?,
            totals: list(u, text)?,
            parts: list(u, |u| {
                Ok(Part {
                    label: text(u)?,
                    values: list(u, |u| {
                        Ok(if u.arbitrary()? {
                            Some(figure(u)?)
                        } else {
                            None
                        })
                    })?,
                    texts: list(u, text)?,
                })
            })?,
        },
        4 => Body::Spark {
            points: list(u, |u| Ok((u.arbitrary()?, figure(u)?)))?,
        },
        _ => Body::Map {
            areas: list(u, |u| {
                Ok(MapArea {
                    name: text(u)?,
                    label: text(u)?,
                    url: None,
                    value_text: Some(text(u)?),
                    class: if u.arbitrary()? {
                        Some(u.int_in_range(0..=9)?)
                    } else {
                        None
                    },
                    subject: u.arbitrary()?,
                    geometry: if u.arbitrary()? {
                        Geometry::Tile {
                            row: u.int_in_range(0..=200)?,
                            column: u.int_in_range(0..=200)?,
                        }
                    } else {
                        Geometry::Shapes {
                            rings: vec![list(u, |u| Ok((figure(u)?, figure(u)?)))?],
                            dots: list(u, |u| Ok((figure(u)?, figure(u)?)))?,
                        }
                    },
                })
            })?,
            classes: list(u, text)?,
            no_data: text(u)?,
            extent: (figure(u)?, figure(u)?),
            attribution: Some(text(u)?),
        },
    })
}

fn chart(u: &mut Unstructured) -> Result<Chart> {
    Ok(Chart {
        key: text(u)?,
        body: body(u)?,
        lang: if u.arbitrary()? { Lang::Vi } else { Lang::En },
        unit: *u.choose(&[
            Unit::Persons,
            Unit::Percent,
            Unit::PercentChange,
            Unit::VndBillion,
        ])?,
        title: text(u)?,
        description: text(u)?,
        source: text(u)?,
        table: DataTable {
            headers: list(u, text)?,
            rows: Vec::new(),
            raw: Vec::new(),
        },
        // A site may rewrite these words in its interface strings: any text must fit.
        axis: AxisWords {
            million: text(u)?,
            billion: text(u)?,
            trillion: text(u)?,
            not_from_zero: text(u)?,
        },
    })
}

/// Every numeric attribute of the drawing's elements parses as a finite number.
fn assert_finite_geometry(svg: &str) {
    for piece in svg.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        for key in [
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height",
        ] {
            let Some(value) = tag
                .split(&format!(" {key}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
            else {
                continue;
            };
            let number: f64 = value
                .parse()
                .unwrap_or_else(|_| panic!("{key}=\"{value}\" in <{tag}>"));
            assert!(number.is_finite(), "{key}={value} in <{tag}>");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(chart) = chart(&mut u) else {
        return;
    };
    if let Ok(rendered) = charts::render(&chart) {
        assert_finite_geometry(&rendered.wide.inner);
        if let Some(narrow) = &rendered.narrow {
            assert_finite_geometry(&narrow.inner);
        }
    }
});

//! Charts rendered per second, by type, with the build's real renderer.
//!
//! Run with `cargo bench --bench charts`. Machines are shared and noisy, so besides absolute
//! rates the report gives each type's cost as a ratio to a baseline measured in the same run:
//! writing the same chart's CSV file, the cheapest output a chart has.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bulletin::charts::{
    self, AxisWords, Bar, Body, Chart, DataTable, Emphasis, Part, Point, Series, TargetLine,
};
use bulletin::{Lang, Unit};

fn table(rows: usize) -> DataTable {
    DataTable {
        headers: vec!["Kỳ".into(), "Giá trị".into()],
        rows: (0..rows)
            .map(|i| vec![format!("{i}"), format!("{}", i * 1000)])
            .collect(),
        raw: (0..rows)
            .map(|i| vec![format!("2022-{:02}", i % 12 + 1), format!("{}", i * 1000)])
            .collect(),
    }
}

fn chart(body: Body, rows: usize) -> Chart {
    Chart {
        key: format!("{body:?}"),
        body,
        lang: Lang::Vi,
        unit: Unit::Persons,
        title: "Người tham gia BHXH bắt buộc".into(),
        description: "Mô tả.".into(),
        source: "Nguồn: VSS".into(),
        table: table(rows),
        axis: AxisWords::builtin(Lang::Vi),
    }
}

fn samples() -> Vec<(&'static str, Chart)> {
    let points = |n: usize, base: f64| -> Vec<Point> {
        (0..n)
            .map(|i| Point {
                x: 738_000 + 30 * i as i64,
                x_label: format!("{}/2022", i % 12 + 1),
                value: base + (i as f64 * 7919.0) % 50_000.0,
                text: format!("{}", base as i64 + i as i64),
                hedged: i % 5 == 0,
            })
            .collect()
    };
    vec![
        (
            "line (3 series x 24 months)",
            chart(
                Body::Line {
                    series: (0..3)
                        .map(|s| Series {
                            label: format!("Tỉnh {s}"),
                            points: points(24, 900_000.0 + s as f64 * 10_000.0),
                            highlight: s == 0,
                        })
                        .collect(),
                    target: Some(TargetLine {
                        value: 1_000_000.0,
                        label: "Mục tiêu".into(),
                    }),
                },
                24,
            ),
        ),
        (
            "ranking (34 provinces)",
            chart(
                Body::Ranking {
                    bars: (0..34)
                        .map(|i| Bar {
                            label: format!("Tỉnh số {i}"),
                            value: 80.0 + i as f64 * 0.5,
                            text: format!("{}%", 80 + i),
                            emphasis: if i == 3 {
                                Emphasis::Subject
                            } else {
                                Emphasis::Normal
                            },
                        })
                        .collect(),
                },
                34,
            ),
        ),
        (
            "bullet",
            chart(
                Body::Bullet {
                    percent: 96.4,
                    percent_text: "96,4%".into(),
                    actual_text: "54.800".into(),
                    target_text: "Mục tiêu".into(),
                },
                1,
            ),
        ),
        (
            "stacked (12 columns x 4 parts)",
            chart(
                Body::Stacked {
                    columns: (1..=12).map(|m| format!("{m}/2024")).collect(),
                    totals: (1..=12).map(|m| format!("{}", m * 100)).collect(),
                    parts: (0..4)
                        .map(|p| Part {
                            label: format!("Phần {p}"),
                            values: (1..=12).map(|m| Some((m * (p + 1)) as f64)).collect(),
                            texts: (1..=12).map(|m| format!("{}", m * (p + 1))).collect(),
                        })
                        .collect(),
                },
                12,
            ),
        ),
        (
            "sparkline (24 points)",
            chart(
                Body::Spark {
                    points: (0..24)
                        .map(|i| (738_000 + 30 * i, (i * i) as f64))
                        .collect(),
                },
                0,
            ),
        ),
    ]
}

/// Runs `f` repeatedly for at least `budget`, returning operations per second.
fn rate(budget: Duration, mut f: impl FnMut()) -> f64 {
    f(); // warm-up: font registration, allocations
    let start = Instant::now();
    let mut count = 0u64;
    while start.elapsed() < budget {
        f();
        count += 1;
    }
    count as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let budget = Duration::from_millis(if std::env::var_os("BENCH_QUICK").is_some() {
        200
    } else {
        1500
    });
    println!(
        "{:<32} {:>12} {:>14} {:>10}",
        "chart", "charts/s", "baseline ops/s", "cost ×"
    );
    for (name, chart) in samples() {
        let baseline = rate(budget, || {
            black_box(charts::to_csv(black_box(&chart.table)));
        });
        let charts_per_second = rate(budget, || {
            black_box(charts::render(black_box(&chart)).expect("renders"));
        });
        println!(
            "{name:<32} {charts_per_second:>12.0} {baseline:>14.0} {:>10.1}",
            baseline / charts_per_second
        );
    }
}

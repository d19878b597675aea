//! No input crashes the build: charts are drawn for any figure and any name (through the whole
//! site, and as a seeded property test of the public drawing function), and a bug that does
//! panic becomes one located diagnostic, never an abort, with the previous output kept.

mod common;

use bulletin::charts::{
    self, AxisWords, Bar, Body, Chart, DataTable, Emphasis, Geometry, MapArea, Part, Point, Series,
    TargetLine,
};
use bulletin::{Lang, Unit};
use common::*;
use std::fs;
use std::path::Path;

/// Every number in a drawing's geometry is finite, and every text is anchored inside it.
fn check_drawing(svg: &str, width: f64, height: f64, context: &str) {
    for piece in svg.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        let name = tag.split_whitespace().next().unwrap_or("");
        if matches!(name, "title" | "desc" | "a" | "/a") || name.starts_with('/') {
            continue;
        }
        let attr = |key: &str| {
            tag.split(&format!(" {key}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
        };
        for key in [
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height",
        ] {
            if let Some(value) = attr(key) {
                let number: f64 = value
                    .parse()
                    .unwrap_or_else(|_| panic!("{context}: {key}=\"{value}\" in <{tag}>"));
                assert!(number.is_finite(), "{context}: {key}={value} in <{tag}>");
            }
        }
        for key in ["points", "d"] {
            if let Some(value) = attr(key) {
                let lower = value.to_ascii_lowercase();
                assert!(
                    !lower.contains("nan") && !lower.contains("inf"),
                    "{context}: {key}=\"{value}\""
                );
            }
        }
        if name == "text" {
            let at = |key| attr(key).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            let (x, y) = (at("x"), at("y"));
            assert!(
                (0.0..=width).contains(&x) && (0.0..=height).contains(&y),
                "{context}: text at ({x}, {y}) outside {width}×{height}: <{tag}>"
            );
        }
    }
}

/// Checks every chart drawing embedded in the built pages.
fn check_site_drawings(output: &Path) -> usize {
    let mut drawings = 0;
    for (path, bytes) in snapshot(output) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for svg in html.split("<svg class=\"chart-svg").skip(1) {
            let svg = svg.split("</svg>").next().unwrap();
            let view: Vec<f64> = svg
                .split("viewBox=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .unwrap()
                .split(' ')
                .map(|n| n.parse().unwrap())
                .collect();
            check_drawing(svg, view[2], view[3], &path);
            drawings += 1;
        }
    }
    drawings
}

/// A name made of everything that trips text measuring: Vietnamese, decomposed marks, emoji
/// sequences, right-to-left scripts; 10,000 characters long.
fn monster_name() -> String {
    "Thừa Thiên Huế e\u{301}\u{323} 👨\u{200d}👩\u{200d}👧 مرحبا שלום 北京 ".repeat(250)
}

#[test]
fn extreme_figures_and_names_build_through_the_whole_site() {
    let site = copy_site(&repo_root());
    let root = site.path();
    let regions = fs::read_to_string(root.join("data/regions.csv")).unwrap();
    let name = monster_name();
    let regions = regions.replacen(
        "Quảng Ninh,Quảng Ninh",
        &format!("Quảng Ninh {name},Quảng Ninh {name}"),
        1,
    );
    fs::write(root.join("data/regions.csv"), regions).unwrap();
    // The report: a 15-digit hedged figure at the end of a line made layout call `clamp` with
    // its bounds crossed, inside rayon.
    let binh_duong = root.join("data/observations/2022-05-binh-duong.csv");
    let text = fs::read_to_string(&binh_duong).unwrap();
    let edited = text.replacen(
        "binh-duong,2022-04,972566,",
        "binh-duong,2022-04,over 972566000000000,",
        1,
    );
    assert_ne!(text, edited, "the reference data changed");
    fs::write(&binh_duong, edited).unwrap();
    let mut csv =
        String::from("region,period,hi_payments_change,hi_visits,si_voluntary_new,source\n");
    // A long monthly series (50 years), of 15-digit counts, some hedged.
    for month in 0..600 {
        let (year, m) = (1975 + month / 12, month % 12 + 1);
        let hedge = if month % 7 == 0 { "over " } else { "" };
        let visits = 100_000_000_000_000u64 + month as u64 * 1_234_567_891;
        csv.push_str(&format!(
            "quang-ninh,{year}-{m:02},,{hedge}{visits},,Extreme test\n"
        ));
    }
    // Negative and zero changes; all-equal figures; a single 15-digit hedged point.
    for (m, change) in [(1, "-5.2"), (2, "0"), (3, "-0.1"), (4, "-99.9")] {
        csv.push_str(&format!(
            "ha-tinh,2024-{m:02},{change},,1000,Extreme test\n"
        ));
    }
    csv.push_str("yen-bai,2024-01,,nearly 999999999999999,,Extreme test\n");
    csv.push_str("binh-duong,2024-01,0,0,0,Extreme test\n");
    fs::write(root.join("data/observations/2099-extreme.csv"), csv).unwrap();
    let output = root.join("output");
    build_ok(&options(root, &output));
    let drawings = check_site_drawings(&output);
    assert!(drawings > 100, "{drawings} drawings");
    let province = read(&output, "provinces/quang-ninh/index.html");
    assert!(province.contains("chart-svg"));
}

/// xorshift64*, seeded: the failing seed is in the message.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn figure(&mut self) -> f64 {
        const SPECIAL: [f64; 11] = [
            0.0,
            -1.0,
            99.2,
            123_456_789_012_345.0,
            -123_456_789_012_345.0,
            1e-300,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        if self.below(3) == 0 {
            SPECIAL[self.below(SPECIAL.len())]
        } else {
            (self.next() % 2_000_000) as f64 - 500_000.0
        }
    }

    fn text(&mut self) -> String {
        const PIECES: [&str; 8] = [
            "Hà Tĩnh",
            "hơn 123.456.789.012.345",
            "\u{301}\u{302}",
            "👍🏽",
            "مرحبا",
            "",
            " ",
            "<&>\"",
        ];
        let count = if self.below(10) == 0 {
            400
        } else {
            self.below(4)
        };
        (0..count)
            .map(|_| PIECES[self.below(PIECES.len())])
            .collect()
    }

    fn count(&mut self) -> usize {
        match self.below(10) {
            0 => 0,
            1 => 1,
            2 => 300 + self.below(300),
            _ => self.below(8),
        }
    }

    fn point(&mut self) -> Point {
        let x = if self.below(8) == 0 {
            self.next() as i64
        } else {
            739_000 + self.below(4000) as i64
        };
        Point {
            x,
            x_label: self.text(),
            value: self.figure(),
            text: self.text(),
            hedged: self.below(3) == 0,
        }
    }
}

fn random_body(rng: &mut Rng) -> Body {
    match rng.below(6) {
        0 => Body::Line {
            series: (0..rng.count().min(40))
                .map(|i| Series {
                    label: rng.text(),
                    points: (0..rng.count()).map(|_| rng.point()).collect(),
                    highlight: i == 0,
                })
                .collect(),
            target: (rng.below(2) == 0).then(|| TargetLine {
                value: rng.figure(),
                label: rng.text(),
            }),
        },
        1 => Body::Ranking {
            bars: (0..rng.count())
                .map(|i| Bar {
                    label: rng.text(),
                    value: rng.figure(),
                    text: rng.text(),
                    emphasis: [Emphasis::Normal, Emphasis::Subject, Emphasis::National][i % 3],
                })
                .collect(),
        },
        2 => Body::Bullet {
            percent: rng.figure(),
            percent_text: rng.text(),
            actual_text: rng.text(),
            target_text: rng.text(),
        },
        3 => {
            let columns: Vec<String> = (0..rng.count()).map(|_| rng.text()).collect();
            // Parts may have fewer or more figures and texts than there are columns.
            let parts = (0..rng.count().min(30))
                .map(|_| Part {
                    label: rng.text(),
                    values: (0..rng.count())
                        .map(|_| (rng.below(4) != 0).then(|| rng.figure()))
                        .collect(),
                    texts: (0..rng.count()).map(|_| rng.text()).collect(),
                })
                .collect();
            Body::Stacked {
                totals: (0..rng.count()).map(|_| rng.text()).collect(),
                columns,
                parts,
            }
        }
        4 => Body::Spark {
            points: (0..rng.count())
                .map(|_| (rng.point().x, rng.figure()))
                .collect(),
        },
        _ => random_map(rng),
    }
}

fn random_map(rng: &mut Rng) -> Body {
    let areas = (0..rng.count())
        .map(|i| MapArea {
            name: rng.text(),
            label: rng.text(),
            url: (rng.below(2) == 0).then(|| "/x/".to_string()),
            value_text: (rng.below(2) == 0).then(|| rng.text()),
            class: (rng.below(3) != 0).then(|| rng.below(7)),
            subject: i == 0,
            geometry: if rng.below(2) == 0 {
                Geometry::Tile {
                    row: rng.below(30) as u32,
                    column: rng.below(30) as u32,
                }
            } else {
                Geometry::Shapes {
                    rings: vec![(0..rng.count())
                        .map(|_| (rng.figure(), rng.figure()))
                        .collect()],
                    dots: vec![(rng.figure(), rng.figure())],
                }
            },
        })
        .collect();
    Body::Map {
        areas,
        classes: (0..rng.below(7)).map(|_| rng.text()).collect(),
        no_data: rng.text(),
        extent: (rng.figure(), rng.figure()),
        attribution: (rng.below(2) == 0).then(|| rng.text()),
    }
}

#[test]
fn any_chart_data_draws_inside_its_canvas() {
    for seed in 1..=250u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let unit = [Unit::Persons, Unit::Percent, Unit::PercentChange][rng.below(3)];
        let mut chart = Chart {
            key: format!("property {seed}"),
            body: random_body(&mut rng),
            lang: if rng.below(2) == 0 {
                Lang::Vi
            } else {
                Lang::En
            },
            unit,
            title: rng.text(),
            description: rng.text(),
            source: rng.text(),
            table: DataTable {
                headers: vec![rng.text()],
                rows: vec![],
                raw: vec![vec![rng.text()]],
            },
            axis: AxisWords::builtin(Lang::Vi),
        };
        chart.axis = AxisWords::builtin(chart.lang);
        let rendered = std::panic::catch_unwind(|| charts::render(&chart))
            .unwrap_or_else(|_| {
                let body: String = format!("{:?}", chart.body).chars().take(600).collect();
                panic!("seed {seed}: drawing panicked for {body}")
            })
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for drawing in std::iter::once(&rendered.wide).chain(rendered.narrow.as_ref()) {
            check_drawing(
                &drawing.inner,
                drawing.width as f64,
                drawing.height as f64,
                &format!("seed {seed}"),
            );
        }
    }
}

/// A template whose arithmetic overflows: Tera itself panics (`Number::from_f64(inf).unwrap()`).
fn panicking_province_template() -> String {
    let huge = format!("1{}.0", "0".repeat(308));
    format!(
        "{{% extends \"base.html\" %}}\n{{% block content %}}{{{{ {huge} + {huge} }}}}{{% endblock content %}}\n"
    )
}

#[test]
fn a_panic_while_rendering_is_one_diagnostic_and_the_output_survives() {
    let site = copy_site(&fixture("minimal"));
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let before = snapshot(&output);
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/province.html"),
        panicking_province_template(),
    )
    .unwrap();
    let failure = bulletin::build(&options(site.path(), &output))
        .expect_err("a panicking template must fail the build");
    let errors: Vec<&bulletin::Diagnostic> = failure.errors().collect();
    assert_eq!(
        errors.len(),
        1,
        "one error for all province pages: {errors:#?}"
    );
    let error = errors[0];
    assert!(
        error
            .message
            .starts_with("internal error while rendering the page /provinces/")
            && error.message.contains("with the template `province.html`"),
        "{}",
        error.message
    );
    assert_eq!(
        error.location.as_ref().unwrap().to_string(),
        "templates/province.html"
    );
    assert!(error
        .help
        .as_deref()
        .unwrap()
        .contains("this is a bug in bulletin"));
    assert!(snapshot(&output) == before, "the previous output changed");
    let staging: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("building"))
        .collect();
    assert!(staging.is_empty(), "staging folder left behind");
}

#[test]
fn the_command_line_shows_the_diagnostic_without_a_backtrace() {
    let site = copy_site(&fixture("minimal"));
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/province.html"),
        panicking_province_template(),
    )
    .unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["build", "--lang", "en", "--root"])
        .arg(site.path())
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: internal error while rendering the page"),
        "{stderr}"
    );
    assert!(
        stderr.contains("processor.rs"),
        "where the bug is: {stderr}"
    );
    assert!(
        !stderr.contains("panicked at") && !stderr.contains("stack backtrace"),
        "{stderr}"
    );
    assert!(!site.path().join("output").exists());
}

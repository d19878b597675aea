//! Charts: their structure, the words around them in both languages, escaping, number formats,
//! and that every page that should have a chart has one.

mod common;

use bulletin::charts::{
    self, AxisWords, Bar, Body, Chart, DataTable, Emphasis, Point, Series, TargetLine,
};
use bulletin::{Lang, Unit};
use common::*;
use std::fs;

fn sample_line(lang: Lang) -> Chart {
    let point = |x: i64, label: &str, value: f64, text: &str, hedged: bool| Point {
        x,
        x_label: label.into(),
        value,
        text: text.into(),
        hedged,
    };
    Chart {
        key: format!("sample line {lang}"),
        body: Body::Line {
            series: vec![
                Series {
                    label: "Bình Dương".into(),
                    points: vec![
                        point(738_880, "12/2021", 927_837.0, "927.837", false),
                        point(739_000, "4/2022", 972_566.0, "972.566", false),
                    ],
                    highlight: true,
                },
                Series {
                    label: "<script>alert(1)</script>".into(),
                    points: vec![point(739_000, "4/2022", 954_699.0, "gần 954.699", true)],
                    highlight: false,
                },
            ],
            target: Some(TargetLine {
                value: 1_000_000.0,
                label: "Mục tiêu năm 2022: 1.000.000".into(),
            }),
        },
        lang,
        unit: Unit::Persons,
        title: "Người tham gia BHXH bắt buộc".into(),
        description: "Tăng 44.729 & hơn.".into(),
        source: "Nguồn: VSS".into(),
        table: DataTable {
            headers: vec!["Kỳ".into()],
            rows: vec![],
            raw: vec![],
        },
        axis: AxisWords::builtin(lang),
    }
}

/// Element names, fills and texts in document order: the shape of a drawing without its coordinates.
fn structure(svg: &str) -> String {
    let mut out = Vec::new();
    for piece in svg.split('<').skip(1) {
        let (tag, rest) = piece.split_once('>').unwrap_or((piece, ""));
        if tag.starts_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        let attr = |key: &str| {
            tag.split(&format!("{key}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .map(str::to_string)
        };
        let mut line = name.to_string();
        for key in ["fill", "stroke", "font-weight", "text-anchor"] {
            if let Some(value) = attr(key) {
                line.push_str(&format!(" {key}={value}"));
            }
        }
        let text = rest.trim();
        if name == "text" && !text.is_empty() {
            line.push_str(&format!(" “{text}”"));
        }
        out.push(line);
    }
    out.join("\n") + "\n"
}

#[test]
fn line_chart_structure_snapshot() {
    let rendered = charts::render(&sample_line(Lang::Vi)).unwrap();
    let actual = structure(&rendered.wide.inner);
    let path = repo_root().join("tests/snapshots/chart-line.txt");
    if std::env::var_os("BULLETIN_UPDATE_SNAPSHOTS").is_some() {
        fs::write(&path, &actual).unwrap();
    }
    let expected =
        fs::read_to_string(&path).expect("snapshot; run with BULLETIN_UPDATE_SNAPSHOTS=1");
    assert_eq!(
        expected, actual,
        "chart structure changed; review and update the snapshot"
    );
}

#[test]
fn chart_text_is_escaped_and_formatted_for_the_language() {
    let rendered = charts::render(&sample_line(Lang::Vi)).unwrap();
    let svg = charts::svg_element(
        &rendered.wide,
        "c1",
        "wide",
        "A <b> title",
        "Tăng 44.729 & hơn.",
    );
    assert!(!svg.contains("<script>"), "series names are escaped");
    assert!(svg.contains("&lt;script&gt;"));
    assert!(svg.contains("<title id=\"c1-wide-t\">A &lt;b&gt; title</title>"));
    assert!(svg.contains("<desc id=\"c1-wide-d\">Tăng 44.729 &amp; hơn.</desc>"));
    assert!(
        svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"c1-wide-t c1-wide-d\"")
    );
    assert!(
        svg.contains("viewBox=\"0 0 540 "),
        "scales with its container: {}",
        &svg[..200]
    );
    assert!(!svg.contains(" width=\""), "no fixed pixel width");
    // Vietnamese axis ticks use a dot for thousands; English a comma.
    assert!(rendered.wide.inner.contains("900.000"), "vi ticks");
    let english = charts::render(&sample_line(Lang::En)).unwrap();
    assert!(english.wide.inner.contains("900,000"), "en ticks");
    // The narrow variant is a separate, smaller drawing.
    assert_eq!(rendered.narrow.as_ref().unwrap().width, 330);
}

#[test]
fn identical_charts_share_an_id_and_bytes() {
    let a = charts::render(&sample_line(Lang::Vi)).unwrap();
    let b = charts::render(&sample_line(Lang::Vi)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.id, charts::render(&sample_line(Lang::En)).unwrap().id);
}

#[test]
fn ranking_highlights_the_subject() {
    let bar = |label: &str, value: f64, emphasis| Bar {
        label: label.into(),
        value,
        text: value.to_string(),
        emphasis,
    };
    let chart = Chart {
        key: "ranking test".into(),
        body: Body::Ranking {
            bars: vec![
                bar("Huế", 99.2, Emphasis::Subject),
                bar("Việt Nam", 93.0, Emphasis::National),
                bar("Yên Bái", 88.7, Emphasis::Normal),
            ],
        },
        lang: Lang::Vi,
        unit: Unit::Percent,
        title: "t".into(),
        description: "d".into(),
        source: "s".into(),
        table: DataTable {
            headers: vec![],
            rows: vec![],
            raw: vec![],
        },
        axis: AxisWords::builtin(Lang::Vi),
    };
    let svg = charts::render(&chart).unwrap().wide.inner;
    assert!(
        svg.contains("fill=\"#0072B2\""),
        "subject in the highlight colour"
    );
    assert!(
        svg.contains("fill=\"#333333\""),
        "national figure in dark grey"
    );
    assert!(svg.contains("fill=\"#A6A6A6\""), "others in grey");
}

#[test]
fn reference_pages_carry_accessible_charts_in_both_languages() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    bulletin::build(&options(&repo_root(), &output)).expect("reference site builds");

    // Province with two periods: a trend with a generated summary in each language.
    let vi = read(&output, "provinces/binh-duong/index.html");
    assert!(vi.contains("<desc id=\""), "charts have descriptions");
    assert!(
        vi.contains("Người tham gia BHXH bắt buộc tại Bình Dương đạt 972.566 vào tháng 4/2022, tăng 44.729 so với tháng 12/2021 (927.837)."),
        "vi summary sentence"
    );
    let en = read(&output, "en/provinces/binh-duong/index.html");
    assert!(
        en.contains("Compulsory social insurance participants in Bình Dương reached 972,566 in April 2022, up 44,729 on December 2021 (927,837)."),
        "en summary sentence"
    );
    assert!(
        en.contains("<summary>Data table</summary>")
            && vi.contains("<summary>Bảng số liệu</summary>")
    );
    assert!(
        en.contains("<td class=\"num\">972,566</td>")
            && vi.contains("<td class=\"num\">972.566</td>")
    );

    // Every chart links to its data, and the file exists.
    for page in [
        "provinces/binh-duong/index.html",
        "en/indicators/hi_coverage/index.html",
    ] {
        let html = read(&output, page);
        // The CSV link, relative to the page: `../../charts/<id>.csv`.
        let link = html
            .split("href=\"")
            .skip(1)
            .map(|after| &after[..after.find('"').unwrap()])
            .find(|href| href.ends_with(".csv"))
            .expect("a CSV link");
        let link = link.rsplit("charts/").next().unwrap();
        let csv = fs::read_to_string(output.join("charts").join(link)).unwrap();
        assert!(csv.starts_with('\u{feff}'), "Excel-friendly BOM");
    }

    // Every province page with two or more comparable periods of an indicator has a chart.
    for slug in ["binh-duong", "quang-ninh"] {
        for prefix in ["", "en/"] {
            let html = read(&output, &format!("{prefix}provinces/{slug}/index.html"));
            assert!(
                html.contains("class=\"chart chart-line\""),
                "{prefix}{slug} has a trend"
            );
        }
    }
    // Targets get progress charts; totals with parts get compositions.
    assert!(read(&output, "provinces/yen-bai/index.html").contains("chart-bullet"));
    assert!(read(&output, "provinces/yen-bai/index.html").contains("chart-stacked"));
    assert!(read(&output, "provinces/thua-thien-hue/index.html").contains("chart-stacked"));
    // Every indicator page with provincial figures has a ranking.
    for entry in fs::read_dir(output.join("indicators")).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let html = fs::read_to_string(dir.join("index.html")).unwrap();
        let has_figures = html.contains("id=\"by-province\"") || html.contains("id=\"ranking\"");
        if has_figures {
            assert!(
                html.contains("chart-ranking"),
                "{} lacks its ranking chart",
                dir.display()
            );
        }
    }
}

#[test]
fn single_drawing_charts_are_never_hidden_on_phones() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    bulletin::build(&options(&repo_root(), &output)).unwrap();
    let html = read(&output, "bulletins/2023-08-yen-bai/index.html");
    let bullet = html
        .split("class=\"chart chart-bullet\"")
        .nth(1)
        .expect("a bullet chart");
    let figure = bullet.split("</figure>").next().unwrap();
    assert!(
        figure.contains("chart-svg chart-single"),
        "bullets have one drawing, shown everywhere"
    );
    assert!(!figure.contains("chart-wide"));
}

//! Maps: boundary files joined to the regions (the real 63- and 34-province files from
//! `../shared/geo`, read in place and never copied), their size, and the tile-grid maps of the
//! reference site.

mod common;

use common::*;
use std::fs;
use std::path::PathBuf;

fn shared_geo() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/geo");
    if dir.join("provinces-63.topojson").is_file() && dir.join("provinces-34.topojson").is_file() {
        return Some(dir.canonicalize().unwrap());
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "../shared/geo is missing: with CI=true the boundary-file tests must not skip"
    );
    eprintln!("\n*** SKIPPED boundary-file map tests: ../shared/geo/provinces-{{63,34}}.topojson not found ***\n");
    None
}

/// The map figure on a page, and the byte size of its wide drawing.
fn map_svg(html: &str) -> (String, usize) {
    let figure = html
        .split("class=\"chart chart-map\"")
        .nth(1)
        .expect("a map on the page");
    let figure = figure.split("</figure>").next().unwrap().to_string();
    let svg = figure
        .split("<svg")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    let size = svg.len() + "<svg</svg>".len();
    (figure, size)
}

#[test]
fn boundary_files_join_every_province_and_stay_small() {
    let Some(geo) = shared_geo() else { return };
    let site = copy_site(&repo_root());
    // bulletin reads nothing outside the site, so the boundary files are copied into this
    // temporary site (never into the repository: their licence is CC BY-SA).
    let geo_in_site = site.path().join("data/geo-test");
    fs::create_dir_all(&geo_in_site).unwrap();
    for name in ["provinces-63.topojson", "provinces-34.topojson"] {
        fs::copy(geo.join(name), geo_in_site.join(name)).unwrap();
    }
    let geo = std::path::Path::new("data/geo-test");
    let config = site.path().join("bulletin.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        r#"
[[maps.boundaries]]
file = "{}"
property = "ten_tinh"
valid_until = "2025-06-30"
attribution = "Boundaries: Open Development Vietnam, CC BY-SA 4.0"

[[maps.boundaries]]
file = "{}"
property = "ten_tinh"
valid_from = "2025-07-01"
attribution = "Boundaries: Open Development Vietnam, CC BY-SA 4.0"
"#,
        geo.join("provinces-63.topojson").display(),
        geo.join("provinces-34.topojson").display()
    ));
    fs::write(&config, text).unwrap();
    // A figure after the merger, so the 34-province boundaries are drawn too.
    fs::write(
        site.path().join("data/observations/2025-q3-test.csv"),
        "region,period,hi_coverage,source\nan-giang-2025,2025-09,94.1,Test source\nhue,2025-09,99.3,Test source\n",
    )
    .unwrap();
    let output = site.path().join("output");
    // Loading both files fails the build when a feature or a province is left unmatched.
    let report = build_ok(&options(site.path(), &output));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);

    // The latest figures are from after 1 July 2025: the 34-province boundaries.
    let (figure, size) = map_svg(&read(&output, "en/indicators/hi_coverage/index.html"));
    assert_eq!(
        figure.matches("<title>").count(),
        2 * 34,
        "34 provinces in each of the two drawings: {}",
        figure
            .split("<title>")
            .skip(1)
            .map(|t| t.split(':').next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(
        figure.contains("<polygon"),
        "drawn from boundaries, not tiles"
    );
    assert!(figure.contains("Boundaries: Open Development Vietnam, CC BY-SA 4.0"));
    assert!(size < 150 * 1024, "34-province map is {size} bytes");

    // A period before the merger uses the 63 provinces, with Thừa Thiên Huế in place of Huế.
    let (figure, size) = map_svg(&read(&output, "provinces/yen-bai/index.html"));
    assert_eq!(
        figure.matches("<title>").count(),
        2 * 63,
        "63 provinces in each drawing"
    );
    assert!(
        figure.contains("<title>Thừa Thiên Huế: 99,2% (tháng 6/2022)</title>"),
        "renamed province joined by lineage"
    );
    assert!(
        figure.contains("stroke=\"#1a1a1a\""),
        "the page's province is outlined"
    );
    assert!(size < 150 * 1024, "63-province map is {size} bytes");
    // The islands are part of the drawing (Hoàng Sa with Đà Nẵng, Trường Sa with Khánh Hòa).
    assert!(
        figure.contains("<circle") || figure.matches("<polygon").count() > 63,
        "small islands drawn"
    );
}

#[test]
fn an_unmatched_feature_is_reported_by_name() {
    let Some(geo) = shared_geo() else { return };
    let site = copy_site(&repo_root());
    let topo = fs::read_to_string(geo.join("provinces-63.topojson"))
        .unwrap()
        .replacen("\"Cao Bằng\"", "\"Cao Bằngg\"", 1);
    let file = site.path().join("boundaries.topojson");
    fs::write(&file, topo).unwrap();
    let config = site.path().join("bulletin.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("\n[[maps.boundaries]]\nfile = \"boundaries.topojson\"\nproperty = \"ten_tinh\"\nvalid_until = \"2025-06-30\"\n");
    fs::write(&config, text).unwrap();
    let failure = bulletin::check(&options(site.path(), &site.path().join("output"))).unwrap_err();
    let messages: Vec<String> = failure.errors().map(|d| d.to_string()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("match no region") && m.contains("Cao Bằngg")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("have no boundary") && m.contains("Cao Bằng")),
        "{messages:?}"
    );
}

#[test]
fn reference_site_shows_tile_maps_on_home_and_indicator_pages() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    bulletin::build(&options(&repo_root(), &output)).unwrap();
    for page in [
        "index.html",
        "en/index.html",
        "indicators/hi_coverage/index.html",
        "en/indicators/si_participants/index.html",
    ] {
        let html = read(&output, page);
        let (figure, _) = map_svg(&html);
        assert!(
            figure.contains("role=\"group\" aria-labelledby="),
            "a map with links is a labelled group: {page}"
        );
        assert!(figure.contains("<desc id="), "{page}");
        // Figures before July 2025: the 63-province grid.
        assert_eq!(figure.matches("<title>").count(), 2 * 63, "{page}");
    }
    let home = read(&output, "en/index.html");
    assert!(home.contains("Map of health insurance coverage in the 4 provinces with a figure: highest in Thừa Thiên Huế, 99.2% (June 2022), and lowest in Bình Dương, nearly 85% (April 2022)."));
    // Every province with data links to its page; the others say there is no data.
    assert!(home.contains("<a href=\"provinces/yen-bai/index.html\"><g"));
    assert!(home.contains("<title>Cao Bằng: No data</title>"));
    // No-data tiles are hatched with a pattern whose id is unique to this chart instance.
    assert!(home.contains("fill=\"url(#c1-") && home.contains("-hatch)\""));
    assert!(!home.contains("__CHART_ID__"));
}

/// A boundary file exported in metres (Web Mercator) instead of degrees is refused by name,
/// never drawn as a map collapsed to a point.
#[test]
fn a_boundary_file_in_metres_is_refused_naming_its_features() {
    let Some(geo) = shared_geo() else { return };
    let site = copy_site(&repo_root());
    let mut topo: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(geo.join("provinces-34.topojson")).unwrap())
            .unwrap();
    // Degrees to metres at the equator: the order of magnitude of EPSG:3857.
    const METRES_PER_DEGREE: f64 = 111_319.49;
    for key in ["scale", "translate"] {
        for axis in topo["transform"][key].as_array_mut().unwrap() {
            *axis = serde_json::json!(axis.as_f64().unwrap() * METRES_PER_DEGREE);
        }
    }
    fs::write(site.path().join("data/metres.topojson"), topo.to_string()).unwrap();
    let config = site.path().join("bulletin.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("\n[[maps.boundaries]]\nfile = \"data/metres.topojson\"\nproperty = \"ten_tinh\"\nvalid_from = \"2025-07-01\"\n");
    fs::write(&config, text).unwrap();
    let output = site.path().join("output");
    let failure = bulletin::build(&options(site.path(), &output)).unwrap_err();
    let error = failure
        .errors()
        .find(|d| d.message.contains("not longitude and latitude"))
        .unwrap_or_else(|| panic!("{:?}", failure.diagnostics));
    assert!(
        error.message.starts_with("34 feature(s)"),
        "{}",
        error.message
    );
    assert!(error.message.contains("and 29 more"), "{}", error.message);
    assert!(
        error.to_string().contains("data/metres.topojson"),
        "{error}"
    );
    assert!(error.help.as_deref().unwrap_or("").contains("EPSG:4326"));
    assert!(!output.exists(), "nothing written");
}

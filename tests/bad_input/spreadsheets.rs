//! What spreadsheets really write, beyond single mistakes: accepted variants that must build
//! the same site, mistakes in several files at once, and inputs big enough that quadratic work
//! or unbounded messages would show.

use std::fs;

use super::common::*;
use super::{apply, Edit, Edit::*, OBS};

/// The fixture's observation sheet as Excel saves it in a decimal-comma locale (Vietnamese
/// Windows): `;` between cells, `99,2` for 99.2; with one mistyped figure at row 3, column F.
pub const SEMICOLON_SHEET: &[u8] = "region;period;si_participants;si_compulsory;si_voluntary;hi_participants;population;hi_coverage;revenue_total;source;source_date;source_url;note\r
ha-tinh;2021-06;140000;125000;15000;;;;;Test source A;2021-07-10;;\r
ha-tinh;2022-06;146210;127749;18461;1144a762;1154000;99,2;over 693;Test source B;2022-07-10;https://example.org/b;\r
An Giang;2024;;;;;;93;;Test source C;2025-04-02;;\r
".as_bytes();

/// The same with the `sep=;` line Excel honours (and hides) above the header.
pub const SEPARATOR_LINE_SHEET: &[u8] = "sep=;\r
region;period;si_participants;si_compulsory;si_voluntary;hi_participants;population;hi_coverage;revenue_total;source;source_date;source_url;note\r
ha-tinh;2021-06;140000;125000;15000;;;;;Test source A;2021-07-10;;\r
ha-tinh;2022-06;146210;127749;18461;1144a762;1154000;99,2;over 693;Test source B;2022-07-10;https://example.org/b;\r
An Giang;2024;;;;;;93;;Test source C;2025-04-02;;\r
".as_bytes();

/// Old Mac line endings: carriage returns only.
pub const CR_SHEET: &[u8] = b"region,period,si_participants,si_compulsory,si_voluntary,hi_participants,population,hi_coverage,revenue_total,source,source_date,source_url,note\rha-tinh,2021-06,140000,125000,15000,,,,,Test source A,2021-07-10,,\rha-tinh,2022-06,146210,127749,18461,1144a762,1154000,99.2,over 693,Test source B,2022-07-10,https://example.org/b,\rAn Giang,2024,,,,,,93,,Test source C,2025-04-02,,\r";

/// What spreadsheets write that means the same as the fixture: each variant must build, with no
/// error and no warning, a site byte for byte the same as the fixture's.
const SAME_AS_THE_FIXTURE: &[(&str, &[Edit])] = &[
    (
        "`;` separators and decimal commas",
        &[
            Write(OBS, SEMICOLON_SHEET),
            Replace(OBS, "1144a762", "1144762"),
        ],
    ),
    (
        "`sep=;` line",
        &[
            Write(OBS, SEPARATOR_LINE_SHEET),
            Replace(OBS, "1144a762", "1144762"),
        ],
    ),
    (
        "carriage returns only",
        &[Write(OBS, CR_SHEET), Replace(OBS, "1144a762", "1144762")],
    ),
    (
        "headers in other case",
        &[
            Replace(OBS, "region,period,", "Region,PERIOD,"),
            Replace(OBS, ",hi_participants,", ", Hi_Participants ,"),
            Replace("data/targets.csv", "region,indicator,", "REGION,Indicator,"),
            Replace("data/indicators.csv", "id,group,", "ID,Group,"),
        ],
    ),
    (
        "invisible characters",
        &[
            Replace(
                OBS,
                "region,period,",
                "\u{feff}region\u{200b},period\u{2060},",
            ),
            Replace(
                OBS,
                "ha-tinh,2022-06",
                "ha-tinh\u{200b},\u{a0}2022-06\u{feff}",
            ),
            Replace(OBS, "1144762", "1\u{a0}144\u{a0}762"),
            Replace("data/regions.csv", "ha-tinh,42,", "ha-tinh\u{2060},42,"),
        ],
    ),
    (
        "per cent signs",
        &[
            Replace(OBS, ",99.2,", ",\"99,2 %\","),
            Replace(OBS, ",93,", ",93%,"),
        ],
    ),
    (
        "no-data marks",
        &[
            Replace(
                OBS,
                "15000,,,,,Test source A",
                "15000,-,–,n/a,..,Test source A",
            ),
            Replace(
                OBS,
                "An Giang,2024,,,,,,93,",
                "An Giang,2024,x,N/A,—,...,-,93,",
            ),
        ],
    ),
    (
        "spreadsheet padding",
        &[
            Replace(OBS, "source_url,note\n", "source_url,note,,\n"),
            Replace(OBS, "2021-07-10,,\n", "2021-07-10,,,,,\n"),
        ],
    ),
];

#[test]
fn spreadsheet_variants_build_the_same_site() {
    let clean = copy_site(&fixture("minimal"));
    build_ok(&options(clean.path(), &clean.path().join("output")));
    let expected = snapshot(&clean.path().join("output"));
    for (name, edits) in SAME_AS_THE_FIXTURE {
        let site = copy_site(&fixture("minimal"));
        for edit in *edits {
            apply(site.path(), edit);
        }
        let output = site.path().join("output");
        let report = bulletin::build(&options(site.path(), &output))
            .unwrap_or_else(|f| panic!("{name}: {:#?}", f.diagnostics));
        assert!(report.warnings.is_empty(), "{name}: {:?}", report.warnings);
        assert!(snapshot(&output) == expected, "{name}: the site differs");
    }
}

#[test]
fn mistakes_in_every_data_file_are_reported_in_one_run() {
    let site = copy_site(&fixture("minimal"));
    apply(
        site.path(),
        &Replace("data/regions.csv", "ha-tinh,42", "Hà Tĩnh,42"),
    );
    apply(
        site.path(),
        &Replace(
            "data/indicators.csv",
            "persons,0,yes,,,,Tổng",
            "people,0,yes,,,,Tổng",
        ),
    );
    apply(site.path(), &Replace(OBS, "1144762", "1144a762"));
    apply(
        site.path(),
        &Replace(OBS, "ha-tinh,2021-06", "ha-tinh,30/06/2021"),
    );
    apply(
        site.path(),
        &Replace("data/targets.csv", "2022,130000,", "2022,13O000,"),
    );
    let failure = bulletin::build(&options(site.path(), &site.path().join("output"))).unwrap_err();
    let found: Vec<String> = failure
        .errors()
        .map(|d| format!("{} at {}", d.message, d.location.as_ref().unwrap()))
        .collect();
    for (message, location) in [
        ("`Hà Tĩnh` is not a valid slug", "data/regions.csv:3:1"),
        ("`people` is not a unit", "data/indicators.csv:2:5"),
        (
            "`1144a762` is not a number",
            "data/observations/2022.csv:3:6",
        ),
        (
            "`30/06/2021` is not a period",
            "data/observations/2022.csv:2:2",
        ),
        ("`13O000` is not a number", "data/targets.csv:2:4"),
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.contains(message) && f.contains(location)),
            "missing {message} at {location} in:\n{}",
            found.join("\n")
        );
    }
    // With regions.csv and indicators.csv in error, nothing is looked up in them: no cascade of
    // "not a region" for the region whose slug was mistyped, no "not an indicator" columns.
    assert_eq!(found.len(), 5, "{}", found.join("\n"));
}

#[test]
fn a_huge_header_name_prints_a_short_message() {
    let site = copy_site(&fixture("minimal"));
    let mut sheet = b"region,period,".to_vec();
    sheet.extend(std::iter::repeat_n(b'h', 5_000_000));
    sheet.extend("\u{200b},source\nha-tinh,2022-06,1,S\n".as_bytes());
    fs::write(site.path().join(OBS), &sheet).unwrap();
    let (ok, stderr) = check_command(site.path(), Some("en"));
    assert!(!ok);
    assert!(
        stderr.contains("is not an indicator"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(
        stderr.contains("(5000000 characters)"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 2_000, "{} bytes of messages", stderr.len());

    // The site's own language (Vietnamese) says the same, as briefly.
    let (_, stderr) = check_command(site.path(), None);
    assert!(
        stderr.contains("(5000000 ký tự) không phải là chỉ tiêu"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    assert!(stderr.len() < 2_000, "{} bytes of messages", stderr.len());
}

/// Quadratic work on wide or long sheets (per-column scans of the header, nested loops over
/// rows) would take minutes here; linear loading takes a few seconds in a debug build. (The
/// table reader alone is held to 100,000 columns and 200,000 rows in `load::table`'s tests.)
#[test]
fn wide_and_long_sheets_load_in_linear_time() {
    let site = copy_site(&fixture("minimal"));
    let data = site.path().join("data");
    let load = |diagnostics: &mut bulletin::Diagnostics| {
        bulletin::parse::load_dataset(site.path(), &data, diagnostics)
    };
    let mut wide = String::from("region,period,source");
    for i in 0..100_000 {
        wide.push_str(&format!(",hi_participants_{i}"));
    }
    wide.push_str("\nha-tinh,2022-06,S");
    wide.push_str(&",1".repeat(100_000));
    wide.push('\n');
    fs::write(data.join("observations/wide.csv"), wide).unwrap();
    let mut diagnostics = bulletin::Diagnostics::new();
    assert!(load(&mut diagnostics).is_none());
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.message.clone())
        .collect();
    // The first columns are listed, the rest counted.
    assert_eq!(errors.len(), 21, "{:?}", &errors[..3.min(errors.len())]);
    assert!(errors[0].contains("is not an indicator"), "{}", errors[0]);
    assert!(
        errors[20].contains("99980 more columns that are not indicators"),
        "{}",
        errors[20]
    );
    fs::remove_file(data.join("observations/wide.csv")).unwrap();

    let mut long = String::from("region,period,hi_participants,source\n");
    let mut day = (1901, 1, 1);
    for i in 0..50_000 {
        let region = if i % 2 == 0 { "ha-tinh" } else { "viet-nam" };
        long.push_str(&format!(
            "{region},{:04}-{:02}-{:02},{i},S\n",
            day.0, day.1, day.2
        ));
        if i % 2 == 1 {
            day = next_day(day);
        }
    }
    fs::write(data.join("observations/long.csv"), long).unwrap();
    let mut diagnostics = bulletin::Diagnostics::new();
    let dataset = load(&mut diagnostics)
        .unwrap_or_else(|| panic!("{:?}", diagnostics.iter().take(3).collect::<Vec<_>>()));
    assert!(dataset.observations.len() > 50_000);
}

#[test]
fn a_sheet_wrong_on_every_row_gives_a_short_report() {
    let site = copy_site(&fixture("minimal"));
    let mut sheet = String::from("region,period,hi_participants,source\n");
    for i in 0..20_000 {
        sheet.push_str(&format!("ha-tinh,2022-06,{i}x,S\n"));
    }
    fs::write(site.path().join("data/observations/bad.csv"), sheet).unwrap();
    let failure = bulletin::build(&options(site.path(), &site.path().join("output"))).unwrap_err();
    let in_sheet: Vec<&bulletin::Diagnostic> = failure
        .errors()
        .filter(|d| d.location.as_ref().unwrap().file.ends_with("bad.csv"))
        .collect();
    assert_eq!(in_sheet.len(), bulletin::Diagnostics::PER_FILE + 1);
    assert!(in_sheet
        .iter()
        .any(|d| d.message.contains("`0x` is not a number")));
    assert!(in_sheet
        .iter()
        .any(|d| d.message == "19900 more findings in this file are not shown (19900 errors)"));
}

fn next_day((year, month, day): (i32, u8, u8)) -> (i32, u8, u8) {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    match (day < last, month < 12) {
        (true, _) => (year, month, day + 1),
        (false, true) => (year, month + 1, 1),
        (false, false) => (year + 1, 1, 1),
    }
}

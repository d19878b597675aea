//! Inputs from fuzzing (`fuzz/`, `scripts/fuzz.sh`) and hand-picked nasty inputs for the parsers
//! that read what authors write. Each must give a sensible `Ok` or `Err`, never a panic.
//! A crash the fuzzer finds is fixed in the library and its input added here.

use std::path::Path;

use bulletin::parse::find_calls;
use bulletin::parse::{parse_bulletin, BulletinSource};
use bulletin::parse::{parse_csv, Table};
use bulletin::parse::{render_markdown as render, BodySource};
use bulletin::parse_figure;
use bulletin::Diagnostics;
use bulletin::Lang;
use bulletin::Period;

/// What the `csv_table` fuzz target does.
fn csv(bytes: &[u8]) -> Result<Table, String> {
    let table = parse_csv(bytes, Path::new("data/x.csv")).map_err(|d| d.to_string())?;
    for cell in table.rows.iter().flat_map(|r| r.cells.iter()) {
        let _ = parse_figure(cell);
        let _ = Period::parse(cell);
    }
    Ok(table)
}

/// What the `front_matter` fuzz target does.
fn bulletin(bytes: &[u8]) -> Result<BulletinSource, String> {
    let text = String::from_utf8_lossy(bytes);
    parse_bulletin(
        Path::new("content/bulletins/x.vi.md"),
        &text,
        &[Lang::Vi, Lang::En],
    )
    .map_err(|d| d.to_string())
}

/// What the `shortcodes` fuzz target does: scan, then render with a resolver that always succeeds.
fn shortcodes(text: &str) -> (usize, usize, String, Diagnostics) {
    let (calls, errors) = find_calls(text, &[]);
    for call in &calls {
        assert!(text.get(call.span.clone()).is_some(), "{text:?}: {call:?}");
    }
    for error in &errors {
        assert!(text.is_char_boundary(error.offset), "{text:?}: {error:?}");
    }
    let source = BodySource {
        file: Path::new("content/bulletins/x.vi.md"),
        text,
        first_line: 12,
        base_path: "/sub",
    };
    let mut diagnostics = Diagnostics::new();
    let html = render(
        &source,
        &mut |_| Ok("<b>x</b>".to_string()),
        &mut diagnostics,
    );
    (calls.len(), errors.len(), html, diagnostics)
}

/// What the `period` fuzz target does: a parsed period prints back to itself.
fn period(text: &str) -> Result<Period, String> {
    let parsed = Period::parse(text).map_err(|e| e.to_string())?;
    assert_eq!(
        Period::parse(&parsed.to_string()),
        Ok(parsed),
        "{text:?} does not round-trip"
    );
    assert!(parsed.start() <= parsed.end());
    Ok(parsed)
}

// ---- CSV tables

#[test]
fn csv_unterminated_quote_never_panics() {
    // The csv crate reads an unclosed quote to the end of the input, so the rest of the file
    // becomes one cell; whatever comes back, it is one row, not rows invented from the remainder.
    for bytes in [
        &b"region,period,source\nhue,2022,\"VSS\nhue,2023,x\n"[..],
        b"a,b\n1,\"never closed\n",
        b"a,b\n1,\"",
        b"\"",
        b"\"a,b\n1,2\n",
        b"a,b\n\"x\"y\",2\n",
    ] {
        if let Ok(table) = csv(bytes) {
            assert!(table.rows.len() <= 1, "{bytes:?}: {table:?}");
        }
    }
}

#[test]
fn csv_lone_bom_and_blank_files_are_empty() {
    for bytes in [
        &b"\xEF\xBB\xBF"[..],
        b"\xEF\xBB\xBF\r\n\r\n",
        b"\r",
        b"\n\n\n",
        b"\xEF\xBB\xBF\xEF\xBB\xBF",
    ] {
        let err = csv(bytes).unwrap_err();
        assert!(
            err.contains("empty") || err.contains("no name"),
            "{bytes:?}: {err}"
        );
    }
}

#[test]
fn csv_broken_utf8_inside_a_character_names_its_line() {
    // `ả` is E1 BA A3; cut after its first byte, and a lone continuation byte.
    let err = csv(b"a,b\nx,\xE1\xBA\n").unwrap_err();
    assert!(
        err.contains("UTF-8") && err.contains("data/x.csv:2"),
        "{err}"
    );
    let err = csv(b"\xA3").unwrap_err();
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn csv_odd_cells_never_panic() {
    let table = csv("region,period,v\n\
         hue,2022-H1/2022-H2,99999999999999999999999999999\n\
         hue,2022-01/2023-12,1e308\n\
         hue,\0,\u{feff}\n\
         hue,\"\"\"\",\"a\rb\"\n\
         hue,\u{212A}hoảng 5,İ 5\n"
        .as_bytes())
    .unwrap();
    assert_eq!(table.rows.len(), 5);
    assert!(parse_figure(&table.rows[0].cells[2]).is_err());
    assert!(parse_figure(&table.rows[1].cells[2]).is_err());
}

#[test]
fn csv_many_columns_and_lines_report_sensible_positions() {
    let mut text = (0..800)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    text.push_str(&"\r\n".repeat(1000));
    text.push_str("only,three,cells\n");
    let err = csv(text.as_bytes()).unwrap_err();
    assert!(err.contains("data/x.csv:1002"), "{err}");
}

// ---- figures and periods

#[test]
fn huge_and_odd_numbers_are_rejected_not_panicking() {
    for cell in [
        "9".repeat(400).as_str(),
        "1,000,000,000,000,000,000",
        "1.000.000.000.000.000.000,5",
        "0.0000000000000000000000001",
        "1e308",
        "over -",
        "−",
        "over",
        ".",
        ",",
        "5.",
        ".5",
        "1,,000",
        "1..000",
        "1,000.000,5",
        "İ 5",
        "\u{feff}",
        "> \u{a0}",
        "~~5",
    ] {
        assert!(parse_figure(cell).is_err(), "{cell:?} should be rejected");
    }
    assert_eq!(
        parse_figure("999999999999999").unwrap().value,
        999999999999999.0
    );
    assert_eq!(parse_figure("−5").unwrap().value, -5.0);
    assert_eq!(parse_figure("0.00000000000001").unwrap().decimals, 14);
}

#[test]
fn odd_periods_are_rejected_or_round_trip() {
    for text in [
        "",
        "-",
        "--",
        "/",
        "//",
        "2022-",
        "-2022",
        "2022-H",
        "2022-Q",
        "2022-H0",
        "2022-Q0",
        "2022-1",
        "2022-001",
        "2022-00",
        "2022-13",
        "2022-99-99",
        "2022-02-29",
        "1899",
        "2201",
        "2200-2201",
        "2022-H1/2022-H2",
        "2023-01/2023-05/2023-06",
        "2020-01/2022-01",
        "2023-05/2023-01",
        "２０２２",
        "2022-٠١",
        "+202",
        "2022-06-1",
        "2022/06",
    ] {
        assert!(period(text).is_err(), "{text:?} should be rejected");
    }
    for (text, printed) in [
        ("2199-2200", "2199-2200"),
        ("1900", "1900"),
        ("2022-q4", "2022-Q4"),
        (" 2022-h2\t", "2022-H2"),
        ("2022-06/2022-06", "2022-06"),
        ("2022-01 / 2023-12", "2022-01/2023-12"),
        ("2024-02-29", "2024-02-29"),
    ] {
        assert_eq!(period(text).unwrap().to_string(), printed, "{text:?}");
    }
}

// ---- bulletins: front matter

#[test]
fn front_matter_edge_cases_are_errors() {
    for (bytes, expected) in [
        (&b""[..], "no front matter"),
        (b"\xEF\xBB\xBF", "no front matter"),
        (b"+++", "not closed"),
        (b"+++\n", "not closed"),
        (b"+++\n+++", "missing field"),
        (b"+++\r\n+++\r\n", "missing field"),
        (b"+++\ntitle = \"x\"\ndate = 07:32:00\n+++\n", "needs a day"),
        (
            b"+++\ntitle = \"x\"\ndate = 2022-07-10\nlanguage = \"vi\"\nslug = \"\"\n+++\n",
            "not a valid slug",
        ),
        (b"+++\ntitle = \"\xE1\xBA\n+++\n", "x.vi.md"),
        (b"+++\nti\xC3\xAAu = 1\n+++\n", "x.vi.md"),
        (
            b"+++\ntitle = \"x\"\ndate = 2022-07-10\nregions = \"hue\"\n+++\n",
            "x.vi.md",
        ),
        (
            b"+++\ntitle = \"x\"\ndate = 2022-07-10\ndate = 2022-07-11\n+++\n",
            "x.vi.md",
        ),
    ] {
        let err = bulletin(bytes).unwrap_err();
        assert!(err.contains(expected), "{bytes:?}: {err}");
    }
}

#[test]
fn front_matter_deeply_nested_toml_is_an_error() {
    for depth in [100, 10_000] {
        let text = format!(
            "+++\ntitle = \"x\"\ndate = 2022-07-10\nregions = {}{}\n+++\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert!(bulletin(text.as_bytes()).is_err(), "depth {depth}");
        let text = format!(
            "+++\ntitle = \"x\"\ndate = 2022-07-10\nsummary = {}1{}\n+++\n",
            "{a=".repeat(depth),
            "}".repeat(depth)
        );
        assert!(bulletin(text.as_bytes()).is_err(), "depth {depth}");
    }
}

#[test]
fn front_matter_accepts_odd_but_valid_dates_and_strips_placeholders() {
    let b = bulletin(b"+++\r\ntitle = \"x\"\r\ndate = 9999-12-31T23:59:59Z\r\n+++").unwrap();
    assert_eq!(b.date.year, 9999);
    assert_eq!(b.body, "");
    let b = bulletin(
        "\u{feff}+++\ntitle = \"\u{E000}x\"\ndate = \"2022-07-10\"\n+++\n\u{E000}0\u{E001}"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(b.body, "0");
}

// ---- bulletins: shortcodes and Markdown

#[test]
fn unfinished_shortcodes_at_the_end_of_the_input() {
    for text in [
        "{{",
        "x {{",
        "{{{{",
        "{{ ",
        "{{ a",
        "{{ a(",
        "{{ a(b",
        "{{ a(b=",
        "{{ a(b=\"",
        "{{ a(b=\"\\",
        "{{ a(b='x'",
        "{{ a(b='x')",
        "{{ a(b='x') }",
        "{{ ả(",
        "{{ a(b=“",
        "}}{{",
        "{{ a() }}{{",
    ] {
        let (_, errors, _, diagnostics) = shortcodes(text);
        assert!(errors >= 1, "{text:?}");
        assert!(diagnostics.has_errors(), "{text:?}");
    }
}

#[test]
fn odd_shortcode_arguments() {
    let (calls, errors, _, _) =
        shortcodes("{{ a(n=1e999) }} {{ a(n=NaN) }} {{ a(n=9999999999999999999999) }}");
    assert_eq!((calls, errors), (1, 2));
    let (calls, errors, html, _) = shortcodes("{{ a(t=\"}}\") }} {{ a(t='\u{E000}0\u{E001}') }}");
    assert_eq!((calls, errors), (2, 0));
    assert_eq!(html.matches("<b>x</b>").count(), 2, "{html}");
}

#[test]
fn deeply_nested_markdown_and_brackets() {
    for text in [
        "[".repeat(50_000),
        format!("{}x{}", "[".repeat(5_000), "](/a)".repeat(5_000)),
        "> ".repeat(5_000) + "{{ a() }}",
        format!("{}{{{{ a() }}}}{}", "*".repeat(5_000), "*".repeat(5_000)),
        "{".repeat(10_001),
        "{{ a(".to_string() + &"(".repeat(10_000) + ") }}",
        "- ".repeat(2_000) + "`{{ a() }}`",
        "\u{E000}99\u{E001}\u{E000}\u{E001}\u{E001}\u{E000}".to_string(),
    ] {
        let _ = shortcodes(&text);
    }
}

#[test]
fn placeholders_typed_into_the_body_stay_text() {
    let (calls, _, html, _) = shortcodes("\u{E000}0\u{E001} {{ a() }}");
    assert_eq!(calls, 1);
    assert!(html.contains("<b>x</b>"), "{html}");
}

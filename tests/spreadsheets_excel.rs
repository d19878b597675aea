//! Excel workbooks wherever a CSV file is read: the fixture site with its tables saved as
//! workbooks builds the same site; mistakes in a workbook are located by file, sheet and cell;
//! lock files of spreadsheet programs are ignored; `;`-separated CSV is read. The workbooks are
//! written here with `rust_xlsxwriter`, as Excel would save them.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

const OBS_CSV: &str = "data/observations/2022.csv";
const OBS_XLSX: &str = "data/observations/2022.xlsx";

/// `2023-08-15` as year, month, day.
fn ymd(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || parts.next().is_some() {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

/// Writes a CSV cell as Excel would hold it once typed: numbers as numbers, dates as dates
/// (`yyyy-mm-dd`), months in the period column as a date formatted `mm/yyyy`, the rest as text.
fn write_cell(sheet: &mut Worksheet, row: u32, column: u16, header: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Ok(n) = text.parse::<f64>() {
        if n.to_string() == text {
            sheet.write_number(row, column, n).unwrap();
            return;
        }
    }
    if let Some((y, m, d)) = ymd(text) {
        let date = ExcelDateTime::from_ymd(y, m, d).unwrap();
        let format = Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_datetime_with_format(row, column, &date, &format)
            .unwrap();
        return;
    }
    if header == "period" {
        if let Some((y, m, _)) = ymd(&format!("{text}-01")) {
            let date = ExcelDateTime::from_ymd(y, m, 1).unwrap();
            let format = Format::new().set_num_format("mm/yyyy");
            sheet
                .write_datetime_with_format(row, column, &date, &format)
                .unwrap();
            return;
        }
    }
    sheet.write_string(row, column, text).unwrap();
}

/// Header and rows of a CSV file.
fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A sheet of the workbook: its name, the CSV rows it holds, and its top-left cell.
struct Sheet<'a> {
    name: &'a str,
    rows: std::ops::Range<usize>,
    at: (u32, u16),
}

/// The CSV file as a workbook with the given sheets, plus a `_notes` sheet that is not a table;
/// `tweak` then changes the first sheet.
fn workbook(csv: &Path, sheets: &[Sheet], tweak: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let (header, rows) = csv_rows(csv);
    let mut book = Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name).unwrap();
        let (top, left) = sheet.at;
        for (c, name) in header.iter().enumerate() {
            ws.write_string(top, left + c as u16, name).unwrap();
        }
        for (r, row) in rows[sheet.rows.clone()].iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                write_cell(ws, top + 1 + r as u32, left + c as u16, &header[c], text);
            }
        }
    }
    let notes = book.add_worksheet();
    notes.set_name("_notes").unwrap();
    notes
        .write_string(0, 0, "Ghi chú: not a table, never read")
        .unwrap();
    notes
        .write_formula(1, 3, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    if let Ok(first) = book.worksheet_from_index(0) {
        tweak(first);
    }
    book.save_to_buffer().unwrap()
}

/// The whole CSV file on one sheet at A1.
fn one_sheet(name: &str, csv: &Path) -> Vec<u8> {
    let rows = csv_rows(csv).1.len();
    workbook(
        csv,
        &[Sheet {
            name,
            rows: 0..rows,
            at: (0, 0),
        }],
        |_| {},
    )
}

/// The fixture with its observations as a workbook whose first sheet is changed by `tweak`.
fn observations_workbook(tweak: impl FnOnce(&mut Worksheet)) -> tempfile::TempDir {
    let site = copy_site(&fixture("minimal"));
    let csv = site.path().join(OBS_CSV);
    let rows = csv_rows(&csv).1.len();
    let sheet = Sheet {
        name: "Số liệu",
        rows: 0..rows,
        at: (0, 0),
    };
    fs::write(site.path().join(OBS_XLSX), workbook(&csv, &[sheet], tweak)).unwrap();
    fs::remove_file(csv).unwrap();
    site
}

/// The findings of a build that must fail, as text.
fn build_errors(site: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    match bulletin::build(&options(site, &out.path().join("site"))) {
        Ok(_) => panic!("the build should fail"),
        Err(failure) => failure.diagnostics.iter().map(|d| d.to_string()).collect(),
    }
}

fn finding<'a>(errors: &'a [String], message: &str) -> &'a str {
    errors
        .iter()
        .find(|e| e.contains(message))
        .unwrap_or_else(|| panic!("no finding says {message:?}:\n{}", errors.join("\n\n")))
}

/// Every file under `dir`, relative, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((relative, fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

fn build_to(site: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let report = build_ok(&options(site, out));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    files(out)
}

fn assert_same_site(expected: &[(String, Vec<u8>)], got: &[(String, Vec<u8>)]) {
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(expected), names(got));
    for ((name, a), (_, b)) in expected.iter().zip(got) {
        assert!(a == b, "{name} differs");
    }
}

#[test]
fn workbooks_build_the_same_site_as_their_csv_files() {
    let out = tempfile::tempdir().unwrap();
    let csv_site = copy_site(&fixture("minimal"));
    let expected = build_to(csv_site.path(), &out.path().join("csv"));

    let site = copy_site(&fixture("minimal"));
    let data = site.path().join("data");
    for (table, sheet) in [
        ("regions", "Regions"),
        ("indicators", "Chỉ tiêu"),
        ("targets", "Kế hoạch"),
    ] {
        let csv = data.join(format!("{table}.csv"));
        fs::write(data.join(format!("{table}.xlsx")), one_sheet(sheet, &csv)).unwrap();
        fs::remove_file(csv).unwrap();
    }
    // The observations on two sheets, the second starting at B3 below a blank area.
    let csv = site.path().join(OBS_CSV);
    let rows = csv_rows(&csv).1.len();
    let sheets = [
        Sheet {
            name: "Số liệu",
            rows: 0..2,
            at: (0, 0),
        },
        Sheet {
            name: "2024",
            rows: 2..rows,
            at: (2, 1),
        },
    ];
    fs::write(site.path().join(OBS_XLSX), workbook(&csv, &sheets, |_| {})).unwrap();
    fs::remove_file(csv).unwrap();
    let got = build_to(site.path(), &out.path().join("xlsx"));
    assert_same_site(&expected, &got);
}

#[test]
fn text_in_a_number_cell_is_located_by_sheet_and_cell() {
    let site = observations_workbook(|sheet| {
        sheet.write_string(2, 2, "146a210").unwrap();
    });
    let errors = build_errors(site.path());
    let error = finding(&errors, "`146a210` is not a number");
    assert!(
        error.contains("data/observations/2022.xlsx, sheet \"Số liệu\", cell C3"),
        "{error}"
    );
}

#[test]
fn a_percentage_cell_reads_as_the_percentage_it_shows() {
    let out = tempfile::tempdir().unwrap();
    let expected = build_to(
        copy_site(&fixture("minimal")).path(),
        &out.path().join("csv"),
    );
    // Ha Tinh's coverage in June 2022, 99.2 in the CSV, typed as 99.2% in a percentage cell:
    // Excel stores 0.992.
    let site = observations_workbook(|sheet| {
        let percent = Format::new().set_num_format("0.0%");
        sheet
            .write_number_with_format(2, 7, 0.992, &percent)
            .unwrap();
    });
    let got = build_to(site.path(), &out.path().join("xlsx"));
    assert_same_site(&expected, &got);

    // The same format on a count is a mistake, located at its cell.
    let site = observations_workbook(|sheet| {
        let percent = Format::new().set_num_format("0%");
        sheet
            .write_number_with_format(2, 2, 1.4621, &percent)
            .unwrap();
    });
    let errors = build_errors(site.path());
    let error = finding(&errors, "`146.21%`");
    assert!(
        error.contains("2022.xlsx, sheet \"Số liệu\", cell C3"),
        "{error}"
    );
}

#[test]
fn an_error_value_is_located_at_its_cell() {
    let site = observations_workbook(|sheet| {
        let na = Formula::new("=VLOOKUP(\"x\",A1:A2,1,FALSE)").set_result("#N/A");
        sheet.write_formula(2, 5, na).unwrap();
    });
    let errors = build_errors(site.path());
    let error = finding(&errors, "error value #N/A");
    assert!(
        error.contains("2022.xlsx, sheet \"Số liệu\", cell F3"),
        "{error}"
    );
    assert!(error.contains("help: fix the formula"), "{error}");
}

#[test]
fn a_period_shown_as_month_and_year_but_not_on_the_first_is_an_error() {
    let site = observations_workbook(|sheet| {
        let date = ExcelDateTime::from_ymd(2022, 6, 15).unwrap();
        let format = Format::new().set_num_format("mm/yyyy");
        sheet
            .write_datetime_with_format(2, 1, &date, &format)
            .unwrap();
    });
    let errors = build_errors(site.path());
    let error = finding(&errors, "only part of the date 2022-06-15");
    assert!(error.contains("cell B3"), "{error}");
}

#[test]
fn a_date_formatted_period_gives_its_month() {
    // The fixture's periods 2021-06 and 2022-06 are dates formatted `mm/yyyy` in the workbook;
    // the same figures in the built site show they were read as those months.
    let out = tempfile::tempdir().unwrap();
    let expected = build_to(&fixture("minimal"), &out.path().join("csv"));
    let site = observations_workbook(|_| {});
    let got = build_to(site.path(), &out.path().join("xlsx"));
    assert_same_site(&expected, &got);
}

#[test]
fn a_table_in_two_files_is_an_error_naming_both() {
    let site = copy_site(&fixture("minimal"));
    let csv = site.path().join("data/regions.csv");
    fs::write(
        site.path().join("data/regions.xlsx"),
        one_sheet("Regions", &csv),
    )
    .unwrap();
    let errors = build_errors(site.path());
    let error = finding(
        &errors,
        "both `data/regions.csv` and `data/regions.xlsx` hold the table `regions`",
    );
    assert!(error.contains("help: remove `data/regions."), "{error}");
}

#[test]
fn lock_files_and_backups_are_ignored() {
    let site = observations_workbook(|_| {});
    let dir = site.path().join("data/observations");
    fs::write(dir.join("~$2022.xlsx"), b"\x00\x01owner name").unwrap();
    fs::write(dir.join(".~lock.2022.xlsx#"), b"owner,host,date").unwrap();
    fs::write(dir.join("2022.xlsx.bak"), b"PK\x03\x04broken").unwrap();
    fs::write(dir.join("2022.csv~"), b"region;x\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    build_to(site.path(), &out.path().join("site"));
}

#[test]
fn sheets_to_read_must_be_one_for_a_single_table() {
    let site = copy_site(&fixture("minimal"));
    let csv = site.path().join("data/targets.csv");
    let sheets = [
        Sheet {
            name: "A",
            rows: 0..1,
            at: (0, 0),
        },
        Sheet {
            name: "B",
            rows: 1..2,
            at: (0, 0),
        },
    ];
    fs::write(
        site.path().join("data/targets.xlsx"),
        workbook(&csv, &sheets, |_| {}),
    )
    .unwrap();
    fs::remove_file(csv).unwrap();
    let errors = build_errors(site.path());
    let error = finding(&errors, "the workbook has 2 sheets to read (`A`, `B`)");
    assert!(
        error.contains("start the names of the other sheets with `_`"),
        "{error}"
    );
}

#[test]
fn a_semicolon_separated_csv_is_read() {
    let out = tempfile::tempdir().unwrap();
    let expected = build_to(&fixture("minimal"), &out.path().join("csv"));
    let site = copy_site(&fixture("minimal"));
    let path = site.path().join(OBS_CSV);
    let text = fs::read_to_string(&path).unwrap();
    // Excel in a decimal-comma locale: `;` between cells and `99,2` for 99.2.
    let semicolons = text.replace(',', ";").replace(";99.2;", ";99,2;");
    fs::write(&path, semicolons).unwrap();
    let got = build_to(site.path(), &out.path().join("semicolons"));
    assert_same_site(&expected, &got);
}

/// An OpenDocument cell as LibreOffice writes it: numbers and dates typed, the rest as text.
fn ods_cell(text: &str) -> String {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
    if text.is_empty() {
        "<table:table-cell/>".to_string()
    } else if text.parse::<f64>().is_ok_and(|n| n.to_string() == text) {
        format!(
            r#"<table:table-cell office:value-type="float" office:value="{text}"><text:p>{text}</text:p></table:table-cell>"#
        )
    } else if ymd(text).is_some() {
        format!(
            r#"<table:table-cell office:value-type="date" office:date-value="{text}T00:00:00"><text:p>{text}</text:p></table:table-cell>"#
        )
    } else {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{escaped}</text:p></table:table-cell>"#
        )
    }
}

/// The CSV file as an OpenDocument spreadsheet with one sheet, and `cells` changed by
/// (row, column) from 0.
fn ods(csv: &Path, sheet: &str, changed: &[((usize, usize), &str)]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let (header, mut rows) = csv_rows(csv);
    rows.insert(0, header);
    for ((r, c), text) in changed {
        rows[*r][*c] = text.to_string();
    }
    let table: String = rows
        .iter()
        .map(|row| {
            let cells: String = row.iter().map(|t| ods_cell(t)).collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0""#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{table}</table:table><table:table table:name="_notes"><table:table-row>{}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        ods_cell("not a table")
    );
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {ns} manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest.as_str()),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn opendocument_spreadsheets_are_read_too() {
    let out = tempfile::tempdir().unwrap();
    let expected = build_to(&fixture("minimal"), &out.path().join("csv"));
    let site = copy_site(&fixture("minimal"));
    let csv = site.path().join(OBS_CSV);
    let ods_path = site.path().join("data/observations/2022.ods");
    fs::write(&ods_path, ods(&csv, "Số liệu", &[])).unwrap();
    fs::remove_file(&csv).unwrap();
    let got = build_to(site.path(), &out.path().join("ods"));
    assert_same_site(&expected, &got);

    // LibreOffice keeps a formula's error as text; it is still an error at its cell.
    let copy = copy_site(&fixture("minimal"));
    let csv = copy.path().join(OBS_CSV);
    let broken = ods(&csv, "Số liệu", &[((2, 5), "#DIV/0!")]);
    fs::write(copy.path().join("data/observations/2022.ods"), broken).unwrap();
    fs::remove_file(&csv).unwrap();
    let errors = build_errors(copy.path());
    let error = finding(&errors, "error value #DIV/0!");
    assert!(
        error.contains("2022.ods, sheet \"Số liệu\", cell F3"),
        "{error}"
    );
}

/// Every CSV file under `dir` saved as a workbook with one sheet, the CSV file removed.
fn csv_to_workbooks(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            csv_to_workbooks(&path);
        } else if path.extension().is_some_and(|e| e == "csv") {
            fs::write(path.with_extension("xlsx"), one_sheet("Sheet1", &path)).unwrap();
            fs::remove_file(&path).unwrap();
        }
    }
}

#[test]
fn the_reference_site_from_workbooks_is_the_same_site() {
    // Regions, indicators, targets, every observation file and the tile-map layouts.
    let out = tempfile::tempdir().unwrap();
    let expected = build_to(&repo_root(), &out.path().join("csv"));
    let site = copy_site(&repo_root());
    csv_to_workbooks(&site.path().join("data"));
    assert!(site.path().join("data/maps/tiles-63.xlsx").exists());
    let got = build_to(site.path(), &out.path().join("xlsx"));
    assert_same_site(&expected, &got);
}

#[test]
fn a_workbook_of_notes_only_gives_a_warning() {
    let site = copy_site(&fixture("minimal"));
    let csv = site.path().join(OBS_CSV);
    fs::write(
        site.path().join("data/observations/notes.xlsx"),
        workbook(&csv, &[], |_| {}),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let report = build_ok(&options(site.path(), &out.path().join("site")));
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("no sheet with a table"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("data/observations/notes.xlsx"),
        "{warnings:?}"
    );
}

#[test]
fn a_value_in_the_far_corner_of_a_sheet_is_located_not_a_grid_of_every_cell() {
    // Excel's last cell: reading must not make the 17 billion cells between it and A1.
    let site = observations_workbook(|sheet| {
        sheet.write_string(1_048_575, 16_383, "x").unwrap();
    });
    let errors = build_errors(site.path());
    let error = finding(&errors, "right of the last named column");
    assert!(error.contains("cell XFD1048576"), "{error}");
}

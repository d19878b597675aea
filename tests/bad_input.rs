//! Every validation rule, fed a mistake a communications officer could make. Each case asserts
//! the message, where it points (file and line), that the build fails, and that the previous
//! output is left byte for byte as it was.

mod common;
#[path = "bad_input/spreadsheets.rs"]
mod spreadsheets;

use common::*;
use spreadsheets::{CR_SHEET, SEMICOLON_SHEET, SEPARATOR_LINE_SHEET};
use std::fs;
use std::path::Path;

enum Edit {
    /// Replace the first occurrence of a text in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Write a whole file.
    Write(&'static str, &'static [u8]),
    /// Append to a file.
    Append(&'static str, &'static str),
}

struct Case {
    name: &'static str,
    edits: &'static [Edit],
    /// Substring of the error message.
    message: &'static str,
    /// Substring of the error's location (`file:line:column (label)`).
    location: &'static str,
    /// Substring of the help text, when it matters.
    help: Option<&'static str>,
}

use Edit::*;

const OBS: &str = "data/observations/2022.csv";
const VI: &str = "content/bulletins/ha-tinh.vi.md";

const CASES: &[Case] = &[
    // ----- observation cells -----
    Case { name: "unknown region", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tnh,2022-06")], message: "`ha-tnh` is not a region", location: "data/observations/2022.csv:3:1", help: Some("did you mean `ha-tinh`?") },
    Case { name: "unknown region name", edits: &[Replace(OBS, "An Giang,2024", "Ang Giang,2024")], message: "`Ang Giang` is not a region", location: "2022.csv:4:1", help: Some("an-giang") },
    Case { name: "misspelt indicator column", edits: &[Replace(OBS, ",hi_participants,", ",hi_particpants,")], message: "`hi_particpants` is not an indicator", location: "2022.csv:1:6", help: Some("did you mean `hi_participants`?") },
    Case { name: "not a number", edits: &[Replace(OBS, "1144762", "1144a762")], message: "`1144a762` is not a number", location: "2022.csv:3:6 (column F, `hi_participants`)", help: None },
    Case { name: "ambiguous thousands separator", edits: &[Replace(OBS, ",1154000,", ",\"1,154\",")], message: "ambiguous: it could mean 1154 or 1.154", location: "2022.csv:3:7", help: Some("without a thousands separator") },
    Case { name: "mixed separators", edits: &[Replace(OBS, ",1154000,", ",\"1.154,000.5\",")], message: "`1.154,000.5` is not a number", location: "2022.csv:3:7", help: None },
    Case { name: "NaN", edits: &[Replace(OBS, "1144762", "NaN")], message: "`NaN` is not a figure", location: "2022.csv:3:6", help: Some("leave the cell empty") },
    Case { name: "infinity", edits: &[Replace(OBS, "1144762", "inf")], message: "`inf` is not a figure", location: "2022.csv:3:6", help: None },
    Case { name: "huge number", edits: &[Replace(OBS, "1144762", "1144762000000000000")], message: "more digits than a figure can hold", location: "2022.csv:3:6", help: None },
    Case { name: "negative count", edits: &[Replace(OBS, "1144762", "-1144762")], message: "negative, but a count cannot be", location: "2022.csv:3:6", help: None },
    Case { name: "hedge without number", edits: &[Replace(OBS, "over 693", "over")], message: "not a number", location: "2022.csv:3:9", help: None },
    Case { name: "percentage above 100", edits: &[Replace(OBS, ",99.2,", ",992,")], message: "outside 0-100", location: "2022.csv:3:8 (column H, `hi_coverage`)", help: Some("not a fraction") },
    Case { name: "impossible date as period", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,2023-02-30")], message: "has no day 30", location: "2022.csv:3:2", help: None },
    Case { name: "unreadable period", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,Q2 2022")], message: "`Q2 2022` is not a period", location: "2022.csv:3:2", help: Some("2022-Q2") },
    Case { name: "empty region", edits: &[Replace(OBS, "ha-tinh,2022-06", ",2022-06")], message: "`region` is empty", location: "2022.csv:3:1", help: None },
    Case { name: "missing source", edits: &[Replace(OBS, "Test source B", "")], message: "`source` is empty", location: "2022.csv:3", help: None },
    Case { name: "bad source date", edits: &[Replace(OBS, "2022-07-10", "10/07/2022")], message: "is not a date", location: "2022.csv:3", help: Some("YYYY-MM-DD") },
    Case { name: "bad source url", edits: &[Replace(OBS, "https://example.org/b", "javascript:alert(1)")], message: "not a web address", location: "2022.csv:3", help: None },
    // ----- observation rules across rows -----
    Case { name: "duplicate in one file", edits: &[Append(OBS, "ha-tinh,2022-06,,,,1144763,,,,Test source D,,,\n")], message: "given twice; first at data/observations/2022.csv:3:6", location: "2022.csv:5:6", help: None },
    Case { name: "duplicate across files", edits: &[Write("data/observations/2023.csv", b"region,period,hi_participants,source\nha-tinh,2022-06,1144762,Other\n")], message: "`hi_participants` for ha-tinh in 2022-06 is given twice", location: "data/observations/2023.csv:2:3", help: None },
    Case { name: "parts exceed total", edits: &[Replace(OBS, "146210,127749", "100000,127749")], message: "the parts of `si_participants` add up to more than the total", location: "2022.csv:3:3", help: None },
    Case { name: "share disagrees with its parts", edits: &[Replace(OBS, ",99.2,", ",89.2,")], message: "hi_participants / population", location: "2022.csv:3:8", help: None },
    Case { name: "figure after a province ceased", edits: &[Append(OBS, "an-giang,2025-Q4,,,,,,94,,Test source C,,,\n")], message: "an-giang ceased to exist on 2025-06-30", location: "2022.csv:5:8", help: Some("an-giang-2025") },
    Case { name: "figure before a province existed", edits: &[Append(OBS, "an-giang-2025,2024,,,,,,94,,Test source C,,,\n")], message: "was created on 2025-07-01, after the period 2024", location: "2022.csv:5:8", help: Some("former provinces") },
    Case { name: "name of a dissolved province after the merger", edits: &[Append(OBS, "Kiên Giang,2026,,,,,,94,,Test source C,,,\n")], message: "kien-giang ceased to exist on 2025-06-30, but this figure is for 2026", location: "2022.csv:5:8", help: Some("an-giang-2025") },
    // ----- file shape -----
    Case { name: "wrong number of cells", edits: &[Replace(OBS, "over 693,Test source B", "over 693,1,144,Test source B")], message: "this row has 15 cells but the header has 13 columns", location: "2022.csv:3", help: Some("quotes") },
    Case { name: "unclosed quote", edits: &[Replace(OBS, "Test source A", "\"Test source A")], message: "cells but the header has", location: "2022.csv:2", help: Some("quotes") },
    Case { name: "not UTF-8", edits: &[Write(OBS, b"region,period,hi_participants,source\nha-tinh,2022-06,1,Ngu\xf4n\n")], message: "not valid UTF-8", location: "2022.csv:2", help: Some("CSV UTF-8") },
    Case { name: "empty file", edits: &[Write(OBS, b"")], message: "the file is empty", location: "data/observations/2022.csv", help: None },
    Case { name: "missing region column", edits: &[Write(OBS, b"place,period,hi_participants,source\nha-tinh,2022-06,1,S\n")], message: "required column `region` is missing", location: "2022.csv:1", help: None },
    Case { name: "duplicate column", edits: &[Write(OBS, b"region,period,hi_participants,hi_participants,source\nha-tinh,2022-06,1,2,S\n")], message: "appears twice", location: "2022.csv:1:4", help: None },
    // ----- regions and indicators -----
    Case { name: "invalid region slug", edits: &[Replace("data/regions.csv", "ha-tinh,42", "Hà Tĩnh,42")], message: "`Hà Tĩnh` is not a valid slug", location: "data/regions.csv:3:1", help: Some("ha-tinh") },
    Case { name: "duplicate region slug", edits: &[Replace("data/regions.csv", "kien-giang,91", "an-giang,91")], message: "the slug `an-giang` is used twice", location: "data/regions.csv:5:1", help: Some("an-giang-2025") },
    Case { name: "unknown successor", edits: &[Replace("data/regions.csv", "2025-06-30,an-giang-2025,\nkien", "2025-06-30,an-giang-2026,\nkien")], message: "the successor `an-giang-2026` is not a region", location: "data/regions.csv:4:9", help: Some("an-giang-2025") },
    Case { name: "end without successor", edits: &[Replace("data/regions.csv", "2025-06-30,an-giang-2025,\nkien", "2025-06-30,,\nkien")], message: "`valid_until` and `successor` go together", location: "data/regions.csv:4", help: None },
    Case { name: "unknown unit", edits: &[Replace("data/indicators.csv", "persons,0,yes,,,,Tổng", "people,0,yes,,,,Tổng")], message: "`people` is not a unit", location: "data/indicators.csv:2:5", help: Some("persons") },
    Case { name: "unknown part_of", edits: &[Replace("data/indicators.csv", "yes,si_participants,,,Bắt", "yes,si_participant,,,Bắt")], message: "`si_participant` is not an indicator", location: "data/indicators.csv:3:8", help: Some("did you mean `si_participants`?") },
    Case { name: "unknown indicator header", edits: &[Replace("data/indicators.csv", ",decimals,", ",decimal,")], message: "unknown column `decimal`", location: "data/indicators.csv:1:6", help: Some("did you mean `decimals`?") },
    // ----- targets -----
    Case { name: "target for unknown indicator", edits: &[Replace("data/targets.csv", "ha-tinh,si_compulsory", "ha-tinh,si_compulsary")], message: "`si_compulsary` is not an indicator", location: "data/targets.csv:2:2", help: Some("si_compulsory") },
    Case { name: "target without value", edits: &[Replace("data/targets.csv", "2022,130000,", "2022,,")], message: "needs a `target` value or an `achieved_percent`", location: "data/targets.csv:2", help: None },
    Case { name: "reported progress contradicts the data", edits: &[Replace("data/targets.csv", "2022,130000,,,", "2025,130000,50,2022-06,")], message: "reported progress (50%) disagrees", location: "data/targets.csv:2", help: None },
    Case { name: "duplicate target", edits: &[Append("data/targets.csv", "ha-tinh,si_compulsory,2022,140000,,,S,,,\n")], message: "this target is given twice", location: "data/targets.csv:4", help: None },
    // ----- spreadsheet reality: what Excel and LibreOffice write -----
    Case { name: "semicolon-separated sheet from a decimal-comma locale", edits: &[Write(OBS, SEMICOLON_SHEET)], message: "`1144a762` is not a number", location: "2022.csv:3:6 (column F, `hi_participants`)", help: None },
    Case { name: "Excel separator line above the header", edits: &[Write(OBS, SEPARATOR_LINE_SHEET)], message: "`1144a762` is not a number", location: "2022.csv:3:6 (column F, `hi_participants`)", help: None },
    Case { name: "header with both separators", edits: &[Replace(OBS, "region,period,", "region;period,")], message: "both `,` and `;`", location: "data/observations/2022.csv:1", help: Some("sep=;") },
    Case { name: "headers in another case and with spaces", edits: &[Replace(OBS, "region,period,si_participants,", "Region,PERIOD, Si_Participants ,"), Replace(OBS, ",hi_participants,", ",HI_PARTICIPANTS,"), Replace(OBS, "1144762", "1144a762")], message: "`1144a762` is not a number", location: "2022.csv:3:6 (column F, `hi_participants`)", help: None },
    Case { name: "misspelt header in another case", edits: &[Replace(OBS, ",hi_participants,", ",Hi_Particpants,")], message: "`Hi_Particpants` is not an indicator", location: "2022.csv:1:6", help: Some("did you mean `hi_participants`?") },
    Case { name: "invisible characters in header cells", edits: &[Replace(OBS, "region,period,", "\u{feff}\u{feff}region,period\u{200b},"), Replace(OBS, ",hi_participants,", ",hi_participants\u{2060}\u{a0},"), Replace(OBS, "1144762", "1144a762")], message: "`1144a762` is not a number", location: "2022.csv:3:6 (column F, `hi_participants`)", help: None },
    Case { name: "invisible character left in a misspelt header", edits: &[Replace(OBS, ",hi_participants,", ",hi_particpants\u{200b},")], message: "`hi_particpants` is not an indicator", location: "2022.csv:1:6", help: Some("hi_participants") },
    Case { name: "control character in a cell", edits: &[Replace(OBS, "Test source B", "Test\u{7} source B")], message: "invisible control character (\\u{7})", location: "2022.csv:3:10 (column J, `source`)", help: Some("delete the character") },
    Case { name: "control character in a header", edits: &[Replace(OBS, ",hi_participants,", ",hi_participants\u{1b},")], message: "the column name holds an invisible control character (\\u{1b})", location: "2022.csv:1:6", help: None },
    Case { name: "invisible characters in a figure are shown", edits: &[Replace(OBS, "1144762", "1144\u{200b}a762")], message: "`1144a762` is not a number", location: "2022.csv:3:6", help: None },
    Case { name: "spreadsheet error value", edits: &[Replace(OBS, "1144762", "#DIV/0!")], message: "`#DIV/0!` is a spreadsheet error value", location: "2022.csv:3:6", help: Some("fix it and export again") },
    Case { name: "lookup error value", edits: &[Replace(OBS, "1144762", "#N/A")], message: "`#N/A` is a spreadsheet error value", location: "2022.csv:3:6", help: Some("leave the cell empty") },
    Case { name: "per cent sign in a count column", edits: &[Replace(OBS, "1144762", "1144762%")], message: "`1144762%` has a % sign, but `hi_participants` is not a percentage", location: "2022.csv:3:6 (column F, `hi_participants`)", help: Some("remove the % sign") },
    Case { name: "per cent sign above 100", edits: &[Replace(OBS, ",99.2,", ",\"992 %\",")], message: "`992 %` is outside 0-100", location: "2022.csv:3:8", help: None },
    Case { name: "decimal comma per cent that is not a share", edits: &[Replace(OBS, ",99.2,", ",\"99,2,5%\",")], message: "`99,2,5%` mixes separators", location: "2022.csv:3:8", help: None },
    Case { name: "day/month/year in a period column", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,30/06/2022")], message: "`30/06/2022` is not a period", location: "2022.csv:3:2 (column B, `period`)", help: Some("write 2022-06-30 for the day, or 2022-06 for the month") },
    Case { name: "day/month/year that could be either way", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,05/06/2022")], message: "`05/06/2022` is not a period", location: "2022.csv:3:2", help: Some("2022-06-05 if the day comes first") },
    Case { name: "month/year in a period column", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,06/2022")], message: "`06/2022` is not a period", location: "2022.csv:3:2", help: Some("write 2022-06 for the month") },
    Case { name: "Vietnamese month in a period column", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,tháng 6/2022")], message: "`tháng 6/2022` is not a period", location: "2022.csv:3:2", help: Some("write 2022-06 for the month") },
    Case { name: "spreadsheet date number in a period column", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,44742")], message: "`44742` is not a period", location: "2022.csv:3:2", help: Some("2022-06-30") },
    Case { name: "date and time in a period column", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,2022-06-30 00:00:00")], message: "`2022-06-30 00:00:00` is not a period", location: "2022.csv:3:2", help: Some("write 2022-06-30") },
    Case { name: "quarter as reports write it", edits: &[Replace(OBS, "ha-tinh,2022-06", "ha-tinh,quý 2/2022")], message: "`quý 2/2022` is not a period", location: "2022.csv:3:2", help: Some("write 2022-Q2") },
    Case { name: "day/month/year source date", edits: &[Replace(OBS, "2022-07-10", "10/07/2022")], message: "`10/07/2022` is not a date", location: "2022.csv:3:11 (column K, `source_date`)", help: Some("write 2022-07-10") },
    Case { name: "day/month/year in regions.csv", edits: &[Replace("data/regions.csv", "2025-06-30,an-giang-2025,\nkien", "30/06/2025,an-giang-2025,\nkien")], message: "`30/06/2025` is not a date", location: "data/regions.csv:4:8 (column H, `valid_until`)", help: Some("write 2025-06-30") },
    Case { name: "multi-line cell is one spreadsheet row", edits: &[Replace(OBS, "2021-07-10,,\n", "2021-07-10,,\"first line\nsecond line\"\n"), Replace(OBS, "1144762", "1144a762")], message: "`1144a762` is not a number", location: "2022.csv:3:6", help: None },
    Case { name: "multi-line cells before a wrong row", edits: &[Replace(OBS, "2021-07-10,,\n", "2021-07-10,,\"a\r\nb\r\nc\"\n"), Replace(OBS, "over 693,Test source B", "over 693,1,144,Test source B")], message: "this row has 15 cells but the header has 13 columns", location: "2022.csv:3", help: None },
    Case { name: "carriage-return line endings", edits: &[Write(OBS, CR_SHEET)], message: "`1144a762` is not a number", location: "2022.csv:3:6", help: None },
    Case { name: "UTF-16 text from Excel", edits: &[Write(OBS, b"\xFF\xFEr\x00e\x00g\x00i\x00o\x00n\x00\r\x00\n\x00")], message: "UTF-16", location: "data/observations/2022.csv", help: Some("CSV UTF-8") },
    Case { name: "UTF-16 text without a byte-order mark", edits: &[Write(OBS, b"r\x00e\x00g\x00i\x00o\x00n\x00")], message: "NUL bytes", location: "data/observations/2022.csv", help: Some("CSV UTF-8") },
    Case { name: "Excel workbook renamed to .csv", edits: &[Write(OBS, b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")], message: "Excel workbook", location: "data/observations/2022.csv", help: Some("CSV UTF-8") },
    Case { name: "old Excel workbook renamed to .csv", edits: &[Write(OBS, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00")], message: ".xls", location: "data/observations/2022.csv", help: Some("CSV UTF-8") },
    Case { name: "Windows-1258 text", edits: &[Write("data/regions.csv", b"slug,code,name_vi,name_en,kind\nviet-nam,VN,Vi\xD2t Nam,Viet Nam,country\n")], message: "not valid UTF-8", location: "data/regions.csv:2", help: Some("CSV UTF-8") },
    Case { name: "only a byte-order mark and blank lines", edits: &[Write(OBS, b"\xEF\xBB\xBF \r\n\r\n")], message: "the file is empty", location: "data/observations/2022.csv", help: None },
    Case { name: "header row of empty cells", edits: &[Write(OBS, b",,,,\nha-tinh,2022-06,1,S\n")], message: "the header row (row 1) is empty", location: "data/observations/2022.csv:1", help: Some("delete any title or blank rows") },
    Case { name: "value outside the named columns", edits: &[Replace(OBS, "https://example.org/b,\n", "https://example.org/b,,,x\n")], message: "this row has 15 cells but the header has 13 columns", location: "2022.csv:3", help: None },
    Case { name: "headers that differ only in case", edits: &[Replace(OBS, ",note\n", ",Source\n")], message: "the column `Source` appears twice (columns J and M)", location: "2022.csv:1:13", help: None },
    Case { name: "no-data mark in a target is no target", edits: &[Replace("data/targets.csv", "2022,130000,", "2022,-,")], message: "needs a `target` value or an `achieved_percent`", location: "data/targets.csv:2", help: None },
    Case { name: "per cent sign in a target count", edits: &[Replace("data/targets.csv", "2022,130000,", "2022,130000%,")], message: "has a % sign", location: "data/targets.csv:2:4 (column D, `target`)", help: None },
    Case { name: "target indicator in another case", edits: &[Replace("data/targets.csv", "ha-tinh,si_compulsory,2022,130000,", "ha-tinh,SI_Compulsory,2022,130000%,")], message: "`130000%` has a % sign, but `target` is not a percentage (its unit is persons)", location: "data/targets.csv:2:4", help: None },
    Case { name: "regions header in another case with a bad slug", edits: &[Replace("data/regions.csv", "slug,code,", "SLUG,Code,"), Replace("data/regions.csv", "ha-tinh,42", "Hà Tĩnh,42")], message: "`Hà Tĩnh` is not a valid slug", location: "data/regions.csv:3:1 (column A, `slug`)", help: Some("ha-tinh") },
    // ----- configuration -----
    Case { name: "unknown config key", edits: &[Replace("bulletin.toml", "languages =", "langauges = [\"vi\"]\nlanguages =")], message: "unknown field `langauges`", location: "bulletin.toml:3:1", help: None },
    Case { name: "unsupported language", edits: &[Replace("bulletin.toml", "[\"vi\", \"en\"]", "[\"vi\", \"fr\"]")], message: "`fr` is not a supported language", location: "bulletin.toml", help: None },
    Case { name: "bad base url", edits: &[Replace("bulletin.toml", "https://example.org/", "example.org")], message: "not an http(s) address", location: "bulletin.toml (key `base_url`)", help: None },
    Case { name: "unknown headline indicator", edits: &[Replace("bulletin.toml", "[title]", "headline_indicators = [\"hi_coverge\"]\n[title]")], message: "`hi_coverge` is not an indicator", location: "bulletin.toml", help: Some("hi_coverage") },
    // ----- bulletins: front matter -----
    Case { name: "unknown front matter key", edits: &[Replace(VI, "summary =", "sumary =")], message: "unknown field `sumary`", location: "ha-tinh.vi.md:4", help: None },
    Case { name: "broken TOML", edits: &[Replace(VI, "title = \"Hà Tĩnh", "title = Hà Tĩnh")], message: "ha-tinh.vi.md", location: "ha-tinh.vi.md:2", help: None },
    Case { name: "front matter not closed", edits: &[Write(VI, b"+++\ntitle = \"x\"\ndate = 2022-01-01\n")], message: "not closed", location: "ha-tinh.vi.md:1", help: None },
    Case { name: "no front matter", edits: &[Write(VI, b"# Just text\n")], message: "no front matter", location: "ha-tinh.vi.md:1", help: None },
    Case { name: "impossible bulletin date", edits: &[Replace(VI, "2022-07-10", "2022-02-30")], message: "out of range", location: "ha-tinh.vi.md:3", help: None },
    Case { name: "unknown region in front matter", edits: &[Replace(VI, "regions = [\"ha-tinh\"]", "regions = [\"ha-tihn\"]")], message: "`ha-tihn` is not a region", location: "ha-tinh.vi.md:5 (front matter `regions`)", help: Some("ha-tinh") },
    Case { name: "bad front matter period", edits: &[Replace(VI, "period = \"2022-06\"", "period = \"06/2022\"")], message: "not a period", location: "ha-tinh.vi.md:6 (front matter `period`)", help: None },
    Case { name: "path-like slug", edits: &[Replace(VI, "translation =", "slug = \"../../etc\"\ntranslation =")], message: "`../../etc` is not a valid slug", location: "front matter `slug`", help: None },
    Case { name: "colliding slugs", edits: &[Write("content/bulletins/other.vi.md", b"+++\ntitle = \"x\"\ndate = 2022-01-01\nslug = \"ha-tinh\"\n+++\nx\n")], message: "two vi bulletins have the slug `ha-tinh`", location: "content/bulletins", help: None },
    Case { name: "shared translation key", edits: &[Write("content/bulletins/other.vi.md", b"+++\ntitle = \"x\"\ndate = 2022-01-01\ntranslation = \"ha-tinh\"\n+++\nx\n")], message: "share the translation key `ha-tinh`", location: "front matter `translation`", help: None },
    // ----- bulletins: shortcodes and links -----
    Case { name: "unknown shortcode", edits: &[Replace(VI, "{{ value(indicator=\"hi_participants\") }}", "{{ vaule(indicator=\"hi_participants\") }}")], message: "unknown shortcode `vaule`", location: "ha-tinh.vi.md:10:", help: Some("did you mean `value`?") },
    Case { name: "unclosed shortcode", edits: &[Replace(VI, "{{ value(indicator=\"hi_participants\") }}", "{{ value(indicator=\"hi_participants\")")], message: "expected `}}` after the arguments", location: "ha-tinh.vi.md:10:", help: None },
    Case { name: "unquoted shortcode argument", edits: &[Replace(VI, "indicator=\"hi_participants\"", "indicator=hi_participants")], message: "needs quotes", location: "ha-tinh.vi.md:10:", help: None },
    Case { name: "unknown indicator in shortcode", edits: &[Replace(VI, "indicator=\"hi_participants\"", "indicator=\"hi_participant\"")], message: "`hi_participant` is not an indicator", location: "ha-tinh.vi.md:10:", help: Some("hi_participants") },
    Case { name: "unknown shortcode argument", edits: &[Replace(VI, "indicator=\"hi_participants\"", "indicator=\"hi_participants\", year=\"2022\"")], message: "`value` has no argument `year`", location: "ha-tinh.vi.md:10:", help: None },
    Case { name: "figure missing from the data", edits: &[Replace(VI, "value(indicator=\"hi_participants\")", "value(indicator=\"hi_participants\", period=\"2021-06\")")], message: "no `hi_participants` figure for ha-tinh in 2021-06", location: "ha-tinh.vi.md:10:", help: Some("2022-06") },
    Case { name: "unknown region in shortcode", edits: &[Replace(VI, "value(indicator=\"hi_participants\")", "value(indicator=\"hi_participants\", region=\"quang-nam\")")], message: "`quang-nam` is not a region", location: "ha-tinh.vi.md:10:", help: None },
    Case { name: "change backwards", edits: &[Replace(VI, "from=\"2021-06\", to=\"2022-06\"", "from=\"2022-06\", to=\"2021-06\"")], message: "must come before", location: "ha-tinh.vi.md:12:", help: None },
    Case { name: "missing target", edits: &[Replace(VI, "target(indicator=\"si_compulsory\", period=\"2022\")", "target(indicator=\"si_compulsory\", period=\"2023\")")], message: "no `si_compulsory` target for ha-tinh in 2023", location: "ha-tinh.vi.md:12:", help: Some("2022") },
    Case { name: "script link", edits: &[Append(VI, "\n[click](javascript:alert(1))\n")], message: "the link `javascript:alert(1)` is not allowed", location: "ha-tinh.vi.md:14:", help: None },
    Case { name: "broken internal link", edits: &[Append(VI, "\n[Quảng Nam](/provinces/quang-nam/)\n")], message: "broken link `/provinces/quang-nam/`", location: "ha-tinh.vi.md", help: None },
    // ----- templates and static files -----
    Case { name: "template syntax error", edits: &[Write("templates/province.html", b"{% extends \"base.html\" %}\n{% block content %}\n{{ page.name \n{% endblock content %}\n")], message: "the template cannot be read", location: "templates/province.html:4:1", help: None },
    Case { name: "template unknown variable", edits: &[Write("templates/province.html", b"{% extends \"base.html\" %}\n{% block content %}{{ page.nmae }}{% endblock content %}\n")], message: "failed on the page", location: "templates/province.html", help: None },
    Case { name: "unknown interface string override", edits: &[Write("templates/i18n/vi.toml", b"\"nav.provinc\" = \"x\"\n")], message: "`nav.provinc` is not an interface string", location: "templates/i18n/vi.toml", help: Some("nav.provinces") },
    Case { name: "static file shadows a page", edits: &[Write("static/provinces/index.html", b"<p>mine</p>")], message: "has the same address as a generated page", location: "static/provinces/index.html", help: None },
];

fn apply(root: &Path, edit: &Edit) {
    match edit {
        Replace(file, from, to) => {
            let path = root.join(file);
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "fixture {file} lacks {from:?}");
            fs::write(&path, text.replacen(from, to, 1)).unwrap();
        }
        Write(file, bytes) => {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        Append(file, text) => {
            let path = root.join(file);
            let mut content = fs::read_to_string(&path).unwrap();
            content.push_str(text);
            fs::write(path, content).unwrap();
        }
    }
}

#[test]
fn the_minimal_fixture_builds_cleanly() {
    let site = copy_site(&fixture("minimal"));
    let report = bulletin::build(&options(site.path(), &site.path().join("output"))).unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let page = text(&read(
        &site.path().join("output"),
        "bulletins/ha-tinh/index.html",
    ));
    assert!(
        page.contains("1.144.762") && page.contains("tăng 2.749") && page.contains("98,3%"),
        "{page}"
    );
}

#[test]
fn every_bad_input_gets_a_located_actionable_error() {
    assert!(CASES.len() >= 40, "the corpus keeps at least 40 cases");
    let mut failures = Vec::new();
    for case in CASES {
        let site = copy_site(&fixture("minimal"));
        let output = site.path().join("output");
        bulletin::build(&options(site.path(), &output))
            .unwrap_or_else(|_| panic!("{}: fixture must build first", case.name));
        let before = snapshot(&output);
        for edit in case.edits {
            apply(site.path(), edit);
        }
        let result = std::panic::catch_unwind(|| bulletin::build(&options(site.path(), &output)));
        let failure = match result {
            Err(_) => {
                failures.push(format!("{}: panicked", case.name));
                continue;
            }
            Ok(Ok(_)) => {
                failures.push(format!("{}: the build succeeded", case.name));
                continue;
            }
            Ok(Err(failure)) => failure,
        };
        let matched = failure.errors().any(|d| {
            d.message.contains(case.message)
                && d.location
                    .as_ref()
                    .is_some_and(|l| l.to_string().contains(case.location))
                && case
                    .help
                    .is_none_or(|h| d.help.as_deref().is_some_and(|text| text.contains(h)))
        });
        if !matched {
            let got: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
            failures.push(format!(
                "{}: expected {:?} at {:?}, got:\n{}",
                case.name,
                case.message,
                case.location,
                got.join("\n")
            ));
        }
        if snapshot(&output) != before {
            failures.push(format!("{}: the previous output changed", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_check_command_fails_on_a_bad_site_and_writes_nothing() {
    let site = copy_site(&fixture("minimal"));
    apply(site.path(), &Replace(OBS, "1144762", "\"1,144\""));
    let (ok, stderr) = check_command(site.path(), Some("en"));
    assert!(!ok);
    assert!(stderr.contains("error: `1,144` is ambiguous"), "{stderr}");
    assert!(
        stderr.contains("--> data/observations/2022.csv:3:6"),
        "{stderr}"
    );
    assert!(stderr.contains("The check found 1 error"), "{stderr}");

    // Without --lang, the site's default language (Vietnamese) speaks.
    let (_, stderr) = check_command(site.path(), None);
    assert!(stderr.contains("lỗi: `1,144` không rõ nghĩa"), "{stderr}");
    assert!(stderr.contains("cách sửa: "), "{stderr}");
    assert!(stderr.contains("Kiểm tra thấy 1 lỗi"), "{stderr}");
    assert!(!site.path().join("output").exists());
}

#[test]
fn dangerous_output_directories_are_refused() {
    let site = copy_site(&fixture("minimal"));
    for output in ["data", "data/out", "content", "templates", "."] {
        let failure =
            bulletin::build(&options(site.path(), &site.path().join(output))).unwrap_err();
        assert!(
            failure
                .errors()
                .any(|d| d.message.contains("output directory")),
            "{output}: {:?}",
            failure.diagnostics
        );
    }
    let foreign = site.path().join("documents");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("report.docx"), "keep me").unwrap();
    let failure = bulletin::build(&options(site.path(), &foreign)).unwrap_err();
    assert!(failure
        .errors()
        .any(|d| d.message.contains("not made by bulletin")));
    assert_eq!(
        fs::read_to_string(foreign.join("report.docx")).unwrap(),
        "keep me"
    );
    assert!(
        fs::read_dir(site.path().join("data")).unwrap().count() >= 3,
        "data untouched"
    );
}

#[test]
fn injected_markup_is_shown_as_text() {
    let site = copy_site(&fixture("minimal"));
    apply(
        site.path(),
        &Replace(
            "data/regions.csv",
            "ha-tinh,42,Hà Tĩnh,Hà Tĩnh",
            "ha-tinh,42,\"Hà Tĩnh<script>alert(1)</script>\",\"<img src=x onerror=alert(2)>\"",
        ),
    );
    apply(
        site.path(),
        &Replace(OBS, "Test source B", "\"Source <script>alert(3)</script>\""),
    );
    apply(
        site.path(),
        &Replace(
            VI,
            "title = \"Hà Tĩnh: bảo hiểm y tế gần như toàn dân\"",
            "title = \"<script>alert(4)</script>\"",
        ),
    );
    apply(
        site.path(),
        &Append(
            VI,
            "\n<script>alert(5)</script>\n\nText <b onclick=\"x()\">bold</b>\n",
        ),
    );
    let output = site.path().join("output");
    let report = bulletin::build(&options(site.path(), &output)).unwrap();
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("raw HTML")));
    for (path, bytes) in snapshot(&output) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        // Structured data is the one script element a page has, and it is data, not code.
        let data = r#"<script type="application/ld+json">"#;
        for (at, _) in html.match_indices("<script") {
            assert!(html[at..].starts_with(data), "{path} contains a script tag");
            let json = &html[at + data.len()..];
            let json = &json[..json.find("</script>").expect("closed")];
            serde_json::from_str::<serde_json::Value>(json)
                .unwrap_or_else(|e| panic!("{path}: structured data is not JSON: {e}"));
        }
        assert!(
            !html.contains("<img src=x"),
            "{path} contains injected markup"
        );
        assert!(
            !html.contains("<b onclick"),
            "{path} contains an element with an event handler"
        );
    }
    let page = read(&output, "bulletins/ha-tinh/index.html");
    assert!(page.contains("&lt;script&gt;alert(4)&lt;/script&gt;"));
    assert!(page.contains("&lt;script&gt;alert(5)&lt;/script&gt;"));
}

#[test]
fn data_and_front_matter_mistakes_are_reported_in_one_run() {
    let site = copy_site(&fixture("minimal"));
    apply(site.path(), &Replace(OBS, "1144762", "\"1,144\""));
    apply(site.path(), &Replace(VI, "2022-07-10", "2022-07-32"));
    let failure = bulletin::build(&options(site.path(), &site.path().join("output"))).unwrap_err();
    let files: Vec<String> = failure
        .errors()
        .filter_map(|d| d.location.as_ref())
        .map(|l| l.file.display().to_string())
        .collect();
    assert!(files.iter().any(|f| f.ends_with("2022.csv")), "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("ha-tinh.vi.md")),
        "{files:?}"
    );
}

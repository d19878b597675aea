use super::*;

fn parse(text: &[u8]) -> Result<Table, Diagnostic> {
    parse_csv(text, Path::new("data/t.csv"))
}

/// The table as `read_table` sees it: every row problem listed, the other rows kept.
fn read(text: &[u8]) -> Table {
    read_csv(text, Path::new("data/t.csv")).unwrap().0
}

fn problems(text: &[u8]) -> Vec<Diagnostic> {
    read(text).problems
}

#[test]
fn bom_crlf_and_blank_lines() {
    let table =
        parse(b"\xEF\xBB\xBFregion,period\r\nha-tinh,2022\r\n\r\nquang-ninh,2023\r\n").unwrap();
    assert_eq!(table.headers, ["region", "period"]);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[0].line, 2);
    assert_eq!(table.rows[1].line, 4);
}

#[test]
fn quoted_fields_keep_commas_and_report_spreadsheet_rows() {
    // A record whose quoted cell spans two lines is one spreadsheet row.
    let table = parse(b"a,b\n\"x, y\",\"multi\nline\"\nz,w\n").unwrap();
    assert_eq!(table.rows[0].cells[0], "x, y");
    assert_eq!(table.rows[0].cells[1], "multi\nline");
    assert_eq!(table.rows[1].line, 3);
    let table = parse(b"a,b\n\"1\n2\n3\",x\n\nz,\"w\r\nv\"\nlast,row\n").unwrap();
    let rows: Vec<usize> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(rows, [2, 4, 5]);
}

#[test]
fn wrong_cell_count_names_the_row_and_every_bad_row_is_reported() {
    let err = parse(b"a,b\n1,2\n1,144,762\n3\n4,5\n").unwrap_err();
    assert!(err.message.contains("3 cells"), "{err}");
    let table = read(b"a,b\n1,2\n1,144,762\n3\n4,5\n");
    assert_eq!(table.problems.len(), 2);
    assert!(
        table.problems[0].message.contains("3 cells"),
        "{}",
        table.problems[0]
    );
    assert_eq!(table.problems[0].location.as_ref().unwrap().line, Some(3));
    assert_eq!(table.problems[1].location.as_ref().unwrap().line, Some(4));
    assert_eq!(table.rows.len(), 2);
}

#[test]
fn many_bad_rows_are_summarised() {
    let text = format!("a,b\n{}", "1,2,3\n".repeat(100));
    let found = problems(text.as_bytes());
    assert_eq!(found.len(), crate::common::listing::LISTED_PER_KIND + 1);
    assert!(
        found.last().unwrap().message.contains("80 more rows"),
        "{}",
        found.last().unwrap()
    );
}

#[test]
fn invalid_utf8_names_the_line() {
    let err = parse(b"a,b\n1,2\n\xff,3\n").unwrap_err();
    assert!(err.message.contains("UTF-8"));
    assert_eq!(err.location.unwrap().line, Some(3));
}

#[test]
fn unclosed_quotes_that_swallow_rows_are_errors() {
    assert!(parse(b"region,source\nhue,\"VSS\nhue,x\n")
        .unwrap_err()
        .message
        .contains("never closed"));
    let found = problems(b"region,source\nhue,\"VSS\nhue,x\n");
    assert!(found[0].message.contains("never closed"), "{}", found[0]);
    assert_eq!(found[0].location.as_ref().unwrap().line, Some(2));
    let table = parse(b"item,note\npipe,12\" wide\n").unwrap();
    assert_eq!(table.rows[0].cells[1], "12\" wide");
    assert!(table.problems.is_empty());
}

#[test]
fn empty_and_header_problems() {
    assert!(parse(b"").unwrap_err().message.contains("empty"));
    assert!(parse(b"  \n").unwrap_err().message.contains("empty"));
    assert!(parse(b"\r\n\r\n").unwrap_err().message.contains("empty"));
    assert!(parse(b"a,,b\n").unwrap_err().message.contains("no name"));
    assert!(parse(b"a,b,a\n").unwrap_err().message.contains("twice"));
    assert!(parse(b"region,Region\n")
        .unwrap_err()
        .message
        .contains("twice"));
    let empty_header = parse(b",,,\n1,2,3\n").unwrap_err();
    assert!(
        empty_header.message.contains("header row (row 1) is empty"),
        "{empty_header}"
    );
    let header_only = parse(b"region,period\n").unwrap();
    assert!(header_only.rows.is_empty() && header_only.problems.is_empty());
}

#[test]
fn spreadsheet_padding_is_accepted() {
    // Excel writes empty cells to the right of the table for formatted columns.
    let table = parse(b"region,period,,\nha-tinh,2022,,\nhue,2023\nx,2024,,,,\n").unwrap();
    assert_eq!(table.headers, ["region", "period"]);
    assert_eq!(table.rows.len(), 3);
    assert!(table.problems.is_empty(), "{:?}", table.problems);
    let found = problems(b"region,period,,\nha-tinh,2022,,5\n");
    assert!(
        found[0].message.contains("4 cells but the header has 2"),
        "{}",
        found[0]
    );
}

#[test]
fn semicolon_files_from_decimal_comma_locales() {
    let table = parse(b"sep=;\nregion;period;hi_coverage\nha-tinh;2022;99,2\n").unwrap();
    assert_eq!(table.headers, ["region", "period", "hi_coverage"]);
    assert_eq!(table.rows[0].cells[2], "99,2");
    assert_eq!(table.rows[0].line, 2, "Excel hides the sep= line");
    let table = parse(b"region;period;hi_coverage\r\nha-tinh;2022;99,2\r\n").unwrap();
    assert_eq!(table.rows[0].cells, ["ha-tinh", "2022", "99,2"]);
}

#[test]
fn headers_match_ignoring_case_spaces_and_invisible_characters() {
    let mut table = parse(
        b"\xEF\xBB\xBF\xEF\xBB\xBFRegion, PERIOD ,Hi_Participants\xE2\x80\x8B,source\xC2\xA0\nha-tinh,2022,1,S\n",
    )
    .unwrap();
    assert_eq!(
        table.headers,
        ["Region", "PERIOD", "Hi_Participants", "source"]
    );
    assert_eq!(table.column("region"), Some(0));
    assert_eq!(table.column("hi_participants"), Some(2));
    table.adopt_names(["region", "period", "hi_participants"]);
    assert_eq!(
        table.headers,
        ["region", "period", "hi_participants", "source"]
    );
    assert_eq!(table.column("Region"), Some(0));
    assert_eq!(table.column("period"), Some(1));
    let at = table.location(&table.rows[0], 2);
    assert_eq!(at.label.as_deref(), Some("column C, `hi_participants`"));
}

#[test]
fn invisible_characters_in_cells_are_removed_and_control_characters_reported() {
    let table = parse(b"region,n\nha-tinh\xE2\x80\x8B,1\xC2\xA0144\nhue,1\x072\n").unwrap();
    assert_eq!(table.rows[0].cells, ["ha-tinh", "1 144"]);
    assert_eq!(table.rows[1].cells, ["hue", "12"]);
    assert_eq!(table.problems.len(), 1);
    let problem = &table.problems[0];
    assert!(problem.message.contains("\\u{7}"), "{problem}");
    assert_eq!(
        problem.location.as_ref().unwrap().to_string(),
        "data/t.csv:3:2 (column B, `n`)"
    );
}

#[test]
fn cell_locations_use_spreadsheet_letters() {
    let table = parse(b"region,period,hi_coverage\nhue,2022,99.2\n").unwrap();
    let loc = table.location(&table.rows[0], 2);
    assert_eq!(loc.to_string(), "data/t.csv:2:3 (column C, `hi_coverage`)");
}

#[test]
fn a_huge_header_name_is_quoted_short() {
    let text = format!("region,{},region\n", "h".repeat(1_000_000));
    let err = parse(text.as_bytes()).unwrap_err();
    assert!(err.to_string().len() < 500, "{}", err.to_string().len());
}

/// A quadratic step anywhere in reading a table makes these take minutes instead of a second.
#[test]
fn wide_and_long_tables_load_in_linear_time() {
    let columns = 100_000;
    let header: Vec<String> = (0..columns).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..columns).map(|i| i.to_string()).collect();
    let wide = format!("{}\n{}\n", header.join(","), row.join(","));
    let table = parse(wide.as_bytes()).unwrap();
    assert_eq!(table.column("c99999"), Some(99_999));
    assert_eq!(table.column("C5"), Some(5));
    let long = format!("a,b\n{}", "1,x\n".repeat(200_000));
    let table = parse(long.as_bytes()).unwrap();
    assert_eq!(table.rows.len(), 200_000);
    assert_eq!(table.rows[199_999].line, 200_001);
}

#[test]
fn findings_speak_vietnamese() {
    use crate::common::locale::Lang;
    use crate::common::messages::with_lang;
    with_lang(Lang::Vi, || {
        let found = problems(b"region,n\nha-tinh,1,144,762\nhue,1\x072\n");
        assert_eq!(found.len(), 2, "{found:?}");
        let wrong = &found[0];
        assert_eq!(
            wrong.message,
            "dòng này có 4 ô nhưng dòng tiêu đề cột có 2 cột"
        );
        assert!(
            wrong.help.as_deref().unwrap().starts_with(
                "giá trị có chứa dấu phẩy phải được đặt trong dấu nháy kép (\"1,144,762\")"
            ),
            "{wrong}"
        );
        let control = found[1].to_string();
        assert_eq!(
            control,
            "lỗi: ô chứa một ký tự điều khiển không nhìn thấy được (\\u{7})\n  \
             --> data/t.csv:3:2 (cột B, `n`)\n  \
             cách sửa: xóa ký tự đó (gõ lại văn bản); những ký tự như vậy xuất hiện khi sao \
             chép văn bản từ chương trình khác"
        );
        let twice = parse(b"region,period,Region\n").unwrap_err();
        assert_eq!(
            twice.message,
            "cột `Region` xuất hiện hai lần (cột A và cột C)"
        );
        assert_eq!(
            twice.location.unwrap().to_string(),
            "data/t.csv:1:3 (cột C)"
        );
        assert_eq!(parse(b"").unwrap_err().message, "tệp trống");
    });
}

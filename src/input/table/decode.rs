//! From the bytes of a file to CSV text and its separator. This is where a workbook renamed to
//! `.csv`, Excel's UTF-16 "Unicode Text", a file in another character set and the `;`-separated
//! CSV of decimal-comma locales are recognised, each with a message that says how to save the
//! sheet as CSV UTF-8 instead.

use std::path::Path;

use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::messages::msg;

/// CSV text ready for the csv reader.
#[derive(Debug)]
pub(super) struct Decoded {
    /// LF line endings only, without byte-order mark or `sep=` line.
    pub text: String,
    pub delimiter: u8,
}

pub(super) fn decode(bytes: &[u8], shown_as: &Path) -> Result<Decoded, Diagnostic> {
    reject_binary(bytes, shown_as)?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        Diagnostic::error(msg!("input.table.decode.not_utf8"))
            .at(Location::line(shown_as, line))
            .help(msg!("input.table.decode.save_as_csv"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The csv reader's line numbers drift with CRLF and blank lines; rows are counted on
    // LF-only text from the byte offsets it reports. Old Mac files end lines with CR alone.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    let (text, declared) =
        strip_separator_line(text).map_err(|d| d.at(Location::line(shown_as, 1)))?;
    let delimiter = match declared {
        Some(d) => d,
        None => sniff_delimiter(&text).map_err(|d| d.at(Location::line(shown_as, 1)))?,
    };
    Ok(Decoded { text, delimiter })
}

/// Workbooks, UTF-16 text and other binary files, recognised by their first bytes.
fn reject_binary(bytes: &[u8], shown_as: &Path) -> Result<(), Diagnostic> {
    let problem = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        msg!("input.table.decode.zipped")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        msg!("input.table.decode.old_excel")
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        msg!("input.table.decode.utf16")
    } else if looks_binary(bytes) {
        msg!("input.table.decode.binary")
    } else {
        return Ok(());
    };
    let save_as_csv = msg!("input.table.decode.save_as_csv");
    let help = if bytes.starts_with(b"PK\x03\x04") {
        msg!("input.table.decode.zipped_help", save_as_csv = save_as_csv)
    } else {
        msg!(
            "input.table.decode.open_and_save",
            save_as_csv = save_as_csv
        )
    };
    Err(Diagnostic::error(problem)
        .at(Location::file(shown_as))
        .help(help))
}

/// UTF-16 text without byte-order mark has a NUL in every other byte of Latin text; a stray
/// NUL in a cell is left to the cell checks, which name the cell.
fn looks_binary(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(4096)];
    let nuls = start.iter().filter(|b| **b == 0).count();
    nuls > 0 && nuls * 4 >= start.len()
}

/// Excel honours a first line `sep=;` naming the separator; it is not part of the table.
/// Spreadsheets may pad the line with more separators (`sep=;;;;`).
fn strip_separator_line(text: String) -> Result<(String, Option<u8>), Diagnostic> {
    let first = text.split('\n').next().unwrap_or("");
    let unquoted = first.trim_matches(' ').trim_matches('"');
    let Some(declared) = unquoted
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .map(|_| &unquoted[4..])
    else {
        return Ok((text, None));
    };
    let separator = match declared.chars().next() {
        Some(c @ (',' | ';' | '\t' | '|')) if declared.chars().all(|d| d == c) => c as u8,
        _ => {
            return Err(Diagnostic::error(msg!(
                "input.table.decode.bad_separator_line",
                line = crate::common::diagnostics::quote(first)
            ))
            .help(msg!("input.table.decode.bad_separator_line_help")))
        }
    };
    let rest = text[(first.len() + 1).min(text.len())..].to_string();
    Ok((rest, Some(separator)))
}

/// The separator, from the header row outside quotes: a comma, or a semicolon when the header
/// has semicolons and no comma (Excel in decimal-comma locales such as Vietnamese), or a tab.
fn sniff_delimiter(text: &str) -> Result<u8, Diagnostic> {
    let (mut commas, mut semicolons, mut tabs) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    // Leading blank lines are not the header.
    for b in text.trim_start_matches('\n').bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    match (commas, semicolons, tabs) {
        (0, 0, 0) => Ok(b','),
        (0, 0, _) => Ok(b'\t'),
        (0, _, _) => Ok(b';'),
        (_, 0, _) => Ok(b','),
        _ => Err(
            Diagnostic::error(msg!("input.table.decode.unclear_separator"))
                .help(msg!("input.table.decode.unclear_separator_help")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_ok(bytes: &[u8]) -> Decoded {
        decode(bytes, Path::new("t.csv")).unwrap()
    }

    fn decode_err(bytes: &[u8]) -> Diagnostic {
        decode(bytes, Path::new("t.csv")).unwrap_err()
    }

    #[test]
    fn separators_are_sniffed_from_the_header() {
        assert_eq!(decode_ok(b"a,b\n1;2,3\n").delimiter, b',');
        assert_eq!(decode_ok(b"a;b\n1,5;2\n").delimiter, b';');
        assert_eq!(decode_ok(b"\n\na;b\n").delimiter, b';');
        assert_eq!(decode_ok(b"\"x,y\";b\n").delimiter, b';');
        assert_eq!(decode_ok(b"a\tb\n").delimiter, b'\t');
        assert_eq!(decode_ok(b"single\n1\n").delimiter, b',');
        let err = decode_err(b"a;b,c\n");
        assert!(err.message.contains("both `,` and `;`"), "{err}");
        assert!(err.help.unwrap().contains("sep=;"));
    }

    #[test]
    fn excel_separator_line_is_honoured_and_removed() {
        let d = decode_ok(b"sep=;\r\na;b,c\r\n1;2\r\n");
        assert_eq!(d.delimiter, b';');
        assert_eq!(d.text, "a;b,c\n1;2\n");
        assert_eq!(decode_ok(b"\"sep=,\"\na,b\n").text, "a,b\n");
        assert_eq!(decode_ok(b"sep=;;;;\na;b\n").delimiter, b';');
        assert_eq!(decode_ok(b"sep=\t\na\tb\n").delimiter, b'\t');
        let err = decode_err(b"sep=:\na:b\n");
        assert!(err.message.contains("`sep=:`"), "{err}");
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(decode_ok(b"a,b\r1,2\r").text, "a,b\n1,2\n");
        assert_eq!(decode_ok(b"\xEF\xBB\xBFa,b\r\n").text, "a,b\n");
    }

    #[test]
    fn workbooks_and_utf16_say_how_to_save_as_csv() {
        let xlsx = decode_err(b"PK\x03\x04\x14\x00\x06\x00");
        assert!(xlsx.message.contains("Excel workbook"), "{xlsx}");
        assert!(xlsx.help.unwrap().contains("CSV UTF-8"));
        let utf16 = decode_err(b"\xFF\xFEr\x00e\x00g\x00");
        assert!(utf16.message.contains("UTF-16"), "{utf16}");
        assert!(decode_err(b"\xFE\xFF\x00r").message.contains("UTF-16"));
        assert!(decode_err(b"r\x00e\x00g\x00").message.contains("NUL"));
        assert_eq!(decode_ok(b"a,b\nx,\x00\n").delimiter, b',');
        assert!(decode_err(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
            .message
            .contains(".xls"));
        let ansi = decode_err(b"a,b\nNgu\xf4n,1\n");
        assert!(ansi.message.contains("UTF-8"), "{ansi}");
    }

    #[test]
    fn findings_speak_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let xlsx = decode_err(b"PK\x03\x04\x14\x00\x06\x00");
            assert_eq!(
                xlsx.message,
                "đây là tệp Excel (.xlsx) hoặc một tệp nén khác bị đổi đuôi thành .csv, không phải văn bản CSV"
            );
            let help = xlsx.help.unwrap();
            assert!(
                help.starts_with("tệp bảng tính được đọc trực tiếp")
                    && help.contains("rồi lưu trang tính thành CSV UTF-8"),
                "{help}"
            );
            let unclear = decode_err(b"a;b,c\n");
            assert_eq!(
                unclear.message,
                "dòng tiêu đề cột có cả `,` lẫn `;` giữa các tên cột, nên không rõ dấu phân cách cột là dấu nào"
            );
        });
    }
}

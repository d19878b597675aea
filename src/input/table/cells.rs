//! Cleaning a cell as read from the file: what a spreadsheet user cannot see must not decide
//! whether a name matches or a number parses.

use crate::common::text::{is_unusual_space, is_zero_width, nfc};

/// A cell after cleaning, and the first control character it held, if any.
pub(super) struct Cleaned {
    pub text: String,
    pub control: Option<char>,
}

/// Drops zero-width characters and byte-order marks, turns no-break and other unusual spaces
/// and tabs into plain spaces, drops control characters (reporting the first one) but keeps
/// line breaks, and composes the text (NFC).
pub(super) fn clean(raw: &str) -> Cleaned {
    // Printable ASCII (and line breaks) needs no cleaning; most cells are.
    let plain = raw.is_ascii()
        && !raw
            .as_bytes()
            .iter()
            .any(|&b| (b < b' ' && b != b'\n') || b == 0x7f);
    if plain {
        return Cleaned {
            text: raw.to_string(),
            control: None,
        };
    }
    let mut text = String::with_capacity(raw.len());
    let mut control = None;
    for c in raw.chars() {
        if c == '\t' || is_unusual_space(c) {
            text.push(' ');
        } else if c == '\n' {
            text.push(c);
        } else if c.is_control() {
            control.get_or_insert(c);
        } else if !is_zero_width(c) {
            text.push(c);
        }
    }
    Cleaned {
        text: nfc(&text),
        control,
    }
}

/// True when a cell shows nothing: spaces and invisible characters only.
pub(super) fn is_blank(raw: &str) -> bool {
    raw.chars().all(|c| c.is_whitespace() || is_zero_width(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_removed_and_spaces_normalised() {
        assert_eq!(clean("\u{feff}region").text, "region");
        assert_eq!(clean("hi_participants\u{200b}").text, "hi_participants");
        assert_eq!(clean("1\u{a0}144\u{a0}762").text, "1 144 762");
        assert_eq!(clean("a\u{2060}b\tc").text, "ab c");
        assert_eq!(clean("Ha\u{300} Ti\u{303}nh").text, "Hà Tĩnh");
        assert_eq!(clean("two\nlines").text, "two\nlines");
    }

    #[test]
    fn control_characters_are_reported() {
        let cleaned = clean("12\u{7}34\u{0}");
        assert_eq!(cleaned.text, "1234");
        assert_eq!(cleaned.control, Some('\u{7}'));
        assert_eq!(clean("plain").control, None);
    }

    #[test]
    fn blank_cells() {
        assert!(is_blank(" \u{feff}\u{a0}"));
        assert!(!is_blank(" x "));
    }
}

//! Text normalisation shared by every stage: NFC for what readers see, ASCII folding for
//! slugs and for matching names that were typed with or without diacritics.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Canonical composed form. Vietnamese typed on some keyboards arrives decomposed
/// (`a` + combining marks); readers and comparisons need one form. Text that is already NFC
/// (nearly all of it) is copied without running the normaliser.
pub fn nfc(text: &str) -> String {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text.to_string();
    }
    text.nfc().collect()
}

/// Characters that take no space on screen: zero-width spaces and joiners, direction marks,
/// word joiners, soft hyphens and the byte-order mark. Spreadsheets and text copied from web
/// pages or PDFs carry them invisibly; in a name or a number they only cause confusion.
pub fn is_zero_width(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}')
}

/// Spaces other than the plain one (no-break, thin, ideographic ...): shown like a space,
/// but a different character to a computer.
pub fn is_unusual_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Characters a reader cannot see or tell from a space: control characters (including tab
/// and line breaks), zero-width characters and unusual spaces. Messages show them escaped.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_zero_width(c) || is_unusual_space(c)
}

/// Lowercase ASCII with diacritics removed and `đ` mapped to `d`: the key for matching names.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// URL slug: folded, with every run of other characters turned into a single `-`.
/// `Thừa Thiên Huế` -> `thua-thien-hue`, `Bà Rịa - Vũng Tàu` -> `ba-ria-vung-tau`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// A key under which different spellings of one province name meet:
/// folded, without administrative prefixes (`Tỉnh`, `Thành phố`, `TP`), spaces and punctuation.
pub fn name_key(text: &str) -> String {
    let folded = fold(text);
    let mut rest = folded.trim();
    for prefix in ["thanh pho ", "tinh ", "tp. ", "tp ", "tp."] {
        if let Some(stripped) = rest.strip_prefix(prefix) {
            rest = stripped.trim_start();
            break;
        }
    }
    rest.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

/// True for a slug made of lowercase ASCII letters, digits and single inner dashes.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    // Byte by byte, copying runs of ordinary text at once: every page and chart passes through
    // here. Bytes of multi-byte characters are never ASCII, so the only multi-byte sequences to
    // look at are the C1 control characters (U+0080 to U+009F: 0xC2 0x80..=0x9F).
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (replacement, width) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            // Control characters are invalid in HTML; inputs refuse them, and this keeps any
            // that slipped through (a template's own data) off the page.
            b'\n' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            0..=0x1f | 0x7f => ("", 1),
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => ("", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[run..i]);
        out.push_str(replacement);
        i += width;
        run = i;
    }
    out.push_str(&text[run..]);
    out
}

/// [`escape_html`] with the signature tera's escape hook wants.
pub fn escape_html_str(text: &str) -> String {
    escape_html(text)
}

/// Replaces each `{name}` in `template` by its value, in one pass (a value is never read as a
/// template); a placeholder without a value, or a lone brace, stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (close, *value))
        });
        match found {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_replaces_markup_and_drops_control_characters() {
        assert_eq!(
            escape_html("a<b>&\"c\" 'd' Hà\u{7}\u{85}\u{9f}\u{a0}x\n\ty"),
            "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39; Hà\u{a0}x\n\ty"
        );
        assert_eq!(escape_html("plain Tĩnh"), "plain Tĩnh");
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn slugs_fold_vietnamese_names() {
        assert_eq!(slugify("Thừa Thiên Huế"), "thua-thien-hue");
        assert_eq!(slugify("Đắk Lắk"), "dak-lak");
        assert_eq!(slugify("Hà Tĩnh"), "ha-tinh");
        assert_eq!(slugify("Bà Rịa - Vũng Tàu"), "ba-ria-vung-tau");
        assert_eq!(slugify("  ../../etc  "), "etc");
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        let decomposed: String = "Hà Tĩnh".nfd().collect();
        assert_ne!(decomposed, "Hà Tĩnh");
        assert_eq!(nfc(&decomposed), "Hà Tĩnh");
        assert_eq!(fold(&decomposed), "ha tinh");
    }

    #[test]
    fn name_keys_join_spelling_variants() {
        assert_eq!(name_key("Thanh Hoá"), name_key("Thanh Hóa"));
        assert_eq!(name_key("Tỉnh Khánh Hòa"), name_key("Khánh Hoà"));
        assert_eq!(name_key("TP Hồ Chí Minh"), name_key("Hồ Chí Minh"));
        assert_eq!(name_key("Thành phố Hà Nội"), "hanoi");
    }

    #[test]
    fn slug_validation() {
        assert!(is_valid_slug("an-giang-2025"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug("An-Giang"));
        assert!(!is_valid_slug(""));
        assert!(!is_valid_slug("a--b"));
    }

    #[test]
    fn nfc_keeps_composed_text_and_composes_the_rest() {
        assert_eq!(nfc("Hà Tĩnh"), "Hà Tĩnh");
        assert_eq!(nfc("plain"), "plain");
        assert_eq!(nfc("Ha\u{300}"), "Hà");
    }

    #[test]
    fn hidden_characters() {
        for c in [
            '\u{feff}', '\u{200b}', '\u{a0}', '\u{2060}', '\u{7}', '\t', '\u{85}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['a', 'à', ' ', 'Đ', '%'] {
            assert!(!is_hidden(c), "{c:?}");
        }
    }

    #[test]
    fn escaping_covers_attribute_quotes() {
        assert_eq!(
            escape_html(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}

//! Text normalisation shared by every stage: NFC for what readers see, ASCII folding for
//! slugs and for matching names that were typed with or without diacritics.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Canonical composed form. Vietnamese typed on some keyboards arrives decomposed
/// (`a` + combining marks); readers and comparisons need one form.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
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
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// [`escape_html`] with the signature tera's escape hook wants.
pub fn escape_html_str(text: &str) -> String {
    escape_html(text)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn escaping_covers_attribute_quotes() {
        assert_eq!(
            escape_html(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}

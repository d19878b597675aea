//! One policy for every address that reaches a page, whatever it came from (bulletin.toml, a
//! data file, front matter, Markdown): only web addresses (`http`, `https`), `mailto:` and
//! addresses inside the site. Anything else (`javascript:`, `data:`, `vbscript:`, `file:` and
//! schemes disguised with control characters or white space that browsers drop) is refused.

use std::fmt;

use crate::common::messages::msg;

/// Why an address was refused; its text completes a message ("... is not allowed: {refusal}").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A scheme other than `http`, `https` or `mailto`.
    Scheme,
    NotWeb,
    NoHost,
    ControlCharacter,
    Space,
    QuoteOrBracket,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Refusal::Scheme => msg!("common.url.scheme"),
            Refusal::NotWeb => msg!("common.url.not_web"),
            Refusal::NoHost => msg!("common.url.no_host"),
            Refusal::ControlCharacter => msg!("common.url.control_character"),
            Refusal::Space => msg!("common.url.space"),
            Refusal::QuoteOrBracket => msg!("common.url.quote_or_bracket"),
        })
    }
}

/// A link written in a bulletin or a template's data: a web address, `mailto:`, or a path or
/// fragment inside the site.
pub fn check_link(url: &str) -> Result<(), Refusal> {
    // A space is allowed here: Markdown writes it percent-encoded (`<my file.pdf>`).
    check_characters(&url.replace(' ', ""))?;
    match scheme(url) {
        None => Ok(()),
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {
            check_web_address(url)
        }
        Some(s) if s.eq_ignore_ascii_case("mailto") => Ok(()),
        Some(_) => Err(Refusal::Scheme),
    }
}

/// An absolute web address (`http://` or `https://` with a host), as required for sources and
/// the organisation's site.
pub fn check_web_address(url: &str) -> Result<(), Refusal> {
    check_characters(url)?;
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(Refusal::NotWeb)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    if host.is_empty() || host.starts_with(':') {
        return Err(Refusal::NoHost);
    }
    Ok(())
}

/// Control characters, white space and the characters that end an HTML attribute have no place
/// in an address; browsers silently drop some of them, which is how `java\tscript:` gets through.
fn check_characters(url: &str) -> Result<(), Refusal> {
    if url.chars().any(|c| c.is_control()) {
        return Err(Refusal::ControlCharacter);
    }
    if url.chars().any(char::is_whitespace) {
        return Err(Refusal::Space);
    }
    if url.contains(['"', '<', '>', '`']) {
        return Err(Refusal::QuoteOrBracket);
    }
    Ok(())
}

/// The scheme, when the address has one (a colon before any `/`, `?` or `#`).
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    Some(&url[..end])
}

/// An address as quoted in a message: control characters made visible, long ones shortened.
pub fn shown(url: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::new();
    for (i, c) in url.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_the_site_and_on_the_web_pass() {
        for ok in [
            "/provinces/hue/",
            "../a.html",
            "#top",
            "https://bhxh.gov.vn/a?b=c#d",
            "HTTP://x.vn",
            "mailto:a@b.vn",
            "./page:1.html",
        ] {
            assert_eq!(check_link(ok), Ok(()), "{ok}");
        }
        assert!(
            check_link("page:1.html").is_err(),
            "a colon before any slash is a scheme"
        );
    }

    #[test]
    fn dangerous_schemes_and_disguises_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "https://x.vn/\"onmouseover=alert(1)",
            "https://",
            "http://:80/",
        ] {
            assert!(check_link(bad).is_err(), "{bad:?}");
        }
        assert!(check_web_address("/provinces/").is_err());
        assert!(check_web_address("mailto:a@b.vn").is_err());
        assert_eq!(check_web_address("https://a.vn"), Ok(()));
    }

    #[test]
    fn refusals_say_why_in_the_language_of_the_report() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let refusal = check_web_address("https://a.vn/my page").unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "it contains a space; write %20 instead, or remove it"
        );
        assert_eq!(
            with_lang(Lang::Vi, || refusal.to_string()),
            "địa chỉ có dấu cách; hãy thay bằng %20 hoặc bỏ dấu cách đi"
        );
        assert_eq!(
            with_lang(Lang::Vi, || check_link("javascript:x")
                .unwrap_err()
                .to_string()),
            "chỉ được liên kết tới địa chỉ http(s), mailto: và các trang của chính trang web này"
        );
    }

    #[test]
    fn shown_addresses_are_visible_and_short() {
        assert_eq!(shown("a\u{7}b"), "a\\u{7}b");
        assert_eq!(shown(&"x".repeat(500)).chars().count(), 81);
    }
}

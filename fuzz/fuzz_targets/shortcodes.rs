//! Shortcode scanning and Markdown rendering of bulletin bodies: the shortcode-in-Markdown path.
//!
//! Beyond "no panic", the rendered HTML must keep its promises for any text: no placeholder
//! character survives, no markup lands inside an attribute (a shortcode in a link address, a
//! title or alt text), and no link has a scheme other than http(s) or mailto.
#![no_main]

use std::path::Path;

use bulletin::Diagnostics;
use bulletin::parse::{render_markdown as render, BodySource, ShortcodeError};
use bulletin::parse::find_calls;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (calls, errors) = find_calls(&text, &[]);
    for call in &calls {
        assert!(
            text.get(call.span.clone()).is_some(),
            "span off a char boundary"
        );
    }
    for error in &errors {
        assert!(
            text.is_char_boundary(error.offset),
            "error offset off a char boundary"
        );
    }
    let source = BodySource {
        file: Path::new("content/bulletins/x.vi.md"),
        text: &text,
        first_line: 12,
        base_path: "/sub",
    };
    let mut diagnostics = Diagnostics::new();
    let html = render(
        &source,
        &mut |call| match call.name.as_str() {
            "bad" => Err(ShortcodeError {
                message: "no".into(),
                help: "no".into(),
            }),
            _ => Ok("<b class=\"f\" title='1 \"x\"'>1.144&amp;762</b>".to_string()),
        },
        &mut diagnostics,
    );
    assert!(
        !html.contains(['\u{E000}', '\u{E001}']),
        "a placeholder reached the HTML: {html:?}"
    );
    assert_no_markup_in_attributes(&html);
    if !diagnostics.has_errors() {
        assert!(
            !html.to_ascii_lowercase().contains("href=\"javascript:")
                && !html.to_ascii_lowercase().contains("src=\"javascript:"),
            "a script link was written: {html:?}"
        );
    }
});

/// Inside a tag, a quoted attribute value never holds `<`: markup in an attribute would mean a
/// fragment was placed where only text may go.
fn assert_no_markup_in_attributes(html: &str) {
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for c in html.chars() {
        match (in_tag, quote, c) {
            (false, _, '<') => in_tag = true,
            (true, None, '>') => in_tag = false,
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), c) if c == q => quote = None,
            (true, Some(_), '<') => panic!("markup inside an attribute: {html:?}"),
            _ => {}
        }
    }
}

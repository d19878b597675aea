//! Shortcode scanning and Markdown rendering of bulletin bodies.
#![no_main]

use std::path::Path;

use bulletin::diagnostics::Diagnostics;
use bulletin::markdown::{render, BodySource};
use bulletin::shortcode::find_calls;
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
    let _html = render(
        &source,
        &mut |_call| Ok("<b>x</b>".to_string()),
        &mut diagnostics,
    );
});

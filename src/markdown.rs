//! Markdown to HTML with shortcodes and the raw-HTML policy.
//!
//! Shortcodes are found on the source text (outside code), resolved by the caller, and swapped
//! for private-use placeholders before pulldown-cmark runs, so Markdown never sees or mangles
//! generated HTML. Raw HTML written by authors is shown as text, never passed through.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::shortcode::{find_calls, Call};

const PLACEHOLDER_OPEN: char = '\u{E000}';
const PLACEHOLDER_CLOSE: char = '\u{E001}';

/// A shortcode the caller could not resolve: what is wrong and how to fix it.
#[derive(Debug, Clone)]
pub struct ShortcodeError {
    pub message: String,
    pub help: String,
}

/// Where a Markdown body sits in its file, for locating findings.
pub struct BodySource<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub first_line: usize,
    /// Prefix for links written as site paths (`/provinces/...`).
    pub base_path: &'a str,
}

impl BodySource<'_> {
    fn location(&self, offset: usize) -> Location {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + self.first_line;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Location::at(self.file, line, column)
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a body. Errors (malformed or unresolvable shortcodes, unsafe links) and warnings
/// (raw HTML) go to `diagnostics`; the HTML is returned even when there were errors so that
/// every problem in a file is reported in one run.
pub fn render(
    source: &BodySource,
    resolve: &mut dyn FnMut(&Call) -> Result<String, ShortcodeError>,
    diagnostics: &mut Diagnostics,
) -> String {
    let mut code_ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(source.text, options()).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code_ranges.push(range),
            Event::Html(_) | Event::InlineHtml(_) => diagnostics.push(
                Diagnostic::warning("raw HTML is not allowed in bulletins; it is shown as text")
                    .at(source.location(range.start))
                    .help("use Markdown instead (**bold**, [link](https://...), tables), or a shortcode for figures"),
            ),
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })
                if !is_safe_link(&dest_url) =>
            {
                diagnostics.push(
                    Diagnostic::error(format!("the link `{dest_url}` is not allowed"))
                        .at(source.location(range.start))
                        .help("links may point to http(s) addresses, mailto:, or pages of this site (/provinces/...)"),
                );
            }
            _ => {}
        }
    }

    let (calls, syntax_errors) = find_calls(source.text, &code_ranges);
    for error in syntax_errors {
        diagnostics.push(
            Diagnostic::error(format!("malformed shortcode: {}", error.message))
                .at(source.location(error.offset))
                .help(error.help),
        );
    }
    let mut fragments = Vec::with_capacity(calls.len());
    let mut substituted = String::with_capacity(source.text.len());
    let mut last = 0;
    for call in &calls {
        let fragment = resolve(call).unwrap_or_else(|error| {
            diagnostics.push(
                Diagnostic::error(error.message)
                    .at(source
                        .location(call.span.start)
                        .with_label(format!("shortcode `{}`", call.name)))
                    .help(error.help),
            );
            String::new()
        });
        substituted.push_str(&source.text[last..call.span.start]);
        substituted.push(PLACEHOLDER_OPEN);
        substituted.push_str(&fragments.len().to_string());
        substituted.push(PLACEHOLDER_CLOSE);
        fragments.push(fragment);
        last = call.span.end;
    }
    substituted.push_str(&source.text[last..]);

    let events = Parser::new_ext(&substituted, options()).map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: site_link(dest_url, source.base_path),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: site_link(dest_url, source.base_path),
            title,
            id,
        }),
        other => other,
    });
    let mut html = String::with_capacity(substituted.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    fill_placeholders(&html, &fragments)
}

fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash means a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn site_link<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") && !base_path.is_empty() {
        CowStr::from(format!("{base_path}{url}"))
    } else {
        url
    }
}

fn fill_placeholders(html: &str, fragments: &[String]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find(PLACEHOLDER_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + PLACEHOLDER_OPEN.len_utf8()..];
        let Some(close) = after.find(PLACEHOLDER_CLOSE) else {
            out.push_str(&rest[open..]);
            return out;
        };
        match after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| fragments.get(i))
        {
            Some(fragment) => out.push_str(fragment),
            None => out.push_str(
                &rest[open..open
                    + PLACEHOLDER_OPEN.len_utf8()
                    + close
                    + PLACEHOLDER_CLOSE.len_utf8()],
            ),
        }
        rest = &after[close + PLACEHOLDER_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, base_path: &str) -> (String, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let source = BodySource {
            file: Path::new("content/bulletins/a.vi.md"),
            text,
            first_line: 10,
            base_path,
        };
        let html = render(
            &source,
            &mut |call| match call.name.as_str() {
                "value" => Ok("<data value=\"1\">1.144.762</data>".to_string()),
                other => Err(ShortcodeError {
                    message: format!("unknown shortcode `{other}`"),
                    help: "use value".into(),
                }),
            },
            &mut diagnostics,
        );
        (html, diagnostics)
    }

    #[test]
    fn shortcodes_become_fragments_even_inside_emphasis() {
        let (html, d) = run(
            "Có **{{ value(indicator=\"hi_participants\") }}** người.",
            "",
        );
        assert!(d.is_empty(), "{:?}", d);
        assert_eq!(
            html,
            "<p>Có <strong><data value=\"1\">1.144.762</data></strong> người.</p>\n"
        );
    }

    #[test]
    fn code_keeps_shortcodes_literal() {
        let (html, d) = run("`{{ value() }}`\n\n```\n{{ nope() }}\n```\n", "");
        assert!(d.is_empty(), "{:?}", d);
        assert!(html.contains("<code>{{ value() }}</code>"));
        assert!(html.contains("{{ nope() }}"));
    }

    #[test]
    fn errors_point_at_file_line_and_column() {
        let (_, d) = run("First line\nsecond {{ vaule() }} here", "");
        let errors: Vec<_> = d.iter().collect();
        assert_eq!(errors.len(), 1);
        let location = errors[0].location.clone().unwrap();
        assert_eq!((location.line, location.column), (Some(11), Some(8)));
        assert!(errors[0].message.contains("vaule"));
    }

    #[test]
    fn raw_html_is_text_and_warned() {
        let (html, d) = run(
            "Hi <script>alert(1)</script>\n\n<div onclick=\"x\">y</div>\n",
            "",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<div"));
        assert!(d.iter().all(|x| !x.is_error()));
        assert!(d.warning_count() >= 2);
    }

    #[test]
    fn links_are_checked_and_based() {
        let (html, d) = run(
            "[a](/provinces/hue/) [b](https://x.vn) [c](javascript:alert(1))",
            "/sub",
        );
        assert!(html.contains("href=\"/sub/provinces/hue/\""), "{html}");
        assert!(html.contains("href=\"https://x.vn\""));
        assert_eq!(d.error_count(), 1);
    }

    #[test]
    fn placeholder_characters_typed_by_authors_do_not_break_output() {
        let (html, _) = run("odd \u{E000}7\u{E001} text", "");
        assert!(html.contains("odd"));
    }
}

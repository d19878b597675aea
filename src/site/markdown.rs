//! Markdown to HTML with shortcodes and the raw-HTML policy.
//!
//! Shortcodes are found on the source text (outside code), resolved by the caller, and swapped
//! for private-use placeholders before pulldown-cmark runs, so Markdown never sees or mangles
//! generated HTML. Raw HTML written by authors is shown as text, never passed through.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::common::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;
use crate::site::shortcode::{find_calls, Call};

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

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a body. Errors (malformed or unresolvable shortcodes, unsafe links, shortcodes where
/// they cannot work) and warnings (raw HTML) go to `diagnostics`; the HTML is returned even when
/// there were errors so that every problem in a file is reported in one run.
pub fn render(
    source: &BodySource,
    resolve: &mut dyn FnMut(&Call) -> Result<String, ShortcodeError>,
    diagnostics: &mut Diagnostics,
) -> String {
    // Placeholder characters typed by an author would be taken for shortcodes: replace them by
    // U+FFFD, which has the same length, so every offset stays true.
    let text = source
        .text
        .replace([PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE], "\u{FFFD}");
    let lines = LineIndex::new(&text, source.first_line);
    let at = |offset: usize| Location::at(source.file, lines.line(offset), lines.column(offset));
    let code_ranges = check_source(&text, &at, diagnostics);
    let (calls, syntax_errors) = find_calls(&text, &code_ranges);
    for error in syntax_errors {
        diagnostics.push(
            Diagnostic::error(msg!("site.shortcode.malformed", problem = error.message))
                .at(at(error.offset))
                .help(error.help),
        );
    }
    let mut fragments = Vec::with_capacity(calls.len());
    let mut substituted = String::with_capacity(text.len());
    let mut last = 0;
    for call in &calls {
        let fragment = resolve(call).unwrap_or_else(|error| {
            diagnostics.push(
                Diagnostic::error(error.message)
                    .at(at(call.span.start).with_label(shortcode_label(call)))
                    .help(error.help),
            );
            String::new()
        });
        substituted.push_str(&text[last..call.span.start]);
        substituted.push(PLACEHOLDER_OPEN);
        substituted.push_str(&fragments.len().to_string());
        substituted.push(PLACEHOLDER_CLOSE);
        fragments.push(fragment);
        last = call.span.end;
    }
    substituted.push_str(&text[last..]);

    let mut filler = Filler {
        fragments: &fragments,
        calls: &calls,
        source_text: &text,
        base_path: source.base_path,
        inside_image: 0,
        inside_code: false,
        misplaced: Vec::new(),
    };
    let mut events = Vec::new();
    for event in Parser::new_ext(&substituted, options()) {
        filler.push(event, &mut events);
    }
    for (call, place) in filler.misplaced {
        let call = &calls[call];
        diagnostics.push(
            Diagnostic::error(msg!(
                "site.shortcode.misplaced",
                name = call.name,
                place = place.words()
            ))
            .at(at(call.span.start).with_label(shortcode_label(call)))
            .help(msg!("site.shortcode.misplaced_help")),
        );
    }
    let mut html = String::with_capacity(substituted.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The label of a finding about a shortcode: "shortcode `value`".
fn shortcode_label(call: &Call) -> String {
    msg!("site.shortcode.label", name = call.name)
}

/// Where a shortcode was met that cannot hold one.
#[derive(Debug, Clone, Copy)]
enum Place {
    LinkAddress,
    LinkTitle,
    ImageAddress,
    ImageTitle,
}

impl Place {
    /// "in a link's address", completing "the shortcode `x` cannot be used ...".
    fn words(self) -> String {
        match self {
            Place::LinkAddress => msg!("site.shortcode.in_link_address"),
            Place::LinkTitle => msg!("site.shortcode.in_link_title"),
            Place::ImageAddress => msg!("site.shortcode.in_image_address"),
            Place::ImageTitle => msg!("site.shortcode.in_image_title"),
        }
    }
}

/// The first pass over the author's text: code ranges (where shortcodes are literal), raw HTML
/// (warned), and links whose scheme is not allowed.
fn check_source(
    text: &str,
    at: &dyn Fn(usize) -> Location,
    diagnostics: &mut Diagnostics,
) -> Vec<Range<usize>> {
    let mut code_ranges: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code_ranges.push(range),
            Event::Html(_) | Event::InlineHtml(_) => diagnostics.push(
                Diagnostic::warning(msg!("site.markdown.raw_html"))
                    .at(at(range.start))
                    .help(msg!("site.markdown.raw_html_help")),
            ),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                // A shortcode in the address is reported as such once shortcodes are found.
                if dest_url.contains("{{") {
                    continue;
                }
                if let Err(why) = crate::common::url::check_link(&dest_url) {
                    diagnostics.push(
                        Diagnostic::error(msg!(
                            "site.markdown.link_refused",
                            link = crate::common::url::shown(&dest_url),
                            why = why
                        ))
                        .at(at(range.start))
                        .help(msg!("site.markdown.link_refused_help")),
                    );
                }
            }
            _ => {}
        }
    }
    code_ranges.sort_by_key(|r| r.start);
    code_ranges
}

/// Puts each shortcode's fragment back in place of its placeholder, event by event, so that a
/// fragment lands only where HTML may go: in text it is HTML, in an image's alt text it is plain
/// text, in code it is the shortcode as written, and in a link's address or title it is an
/// error (and removed).
struct Filler<'a> {
    fragments: &'a [String],
    calls: &'a [Call],
    source_text: &'a str,
    base_path: &'a str,
    inside_image: usize,
    inside_code: bool,
    /// Shortcodes met where they cannot work: (call index, where).
    misplaced: Vec<(usize, Place)>,
}

impl<'a> Filler<'a> {
    fn push(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        match event {
            // Raw HTML written by the author is shown as text, never passed through.
            Event::Html(html) | Event::InlineHtml(html) => self.text(html, out),
            Event::Text(text) => self.text(text, out),
            Event::Code(code) => out.push(Event::Code(self.literal(&code).into())),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.inside_code = true;
                out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.inside_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.attribute(dest_url, Place::LinkAddress);
                let title = self.attribute(title, Place::LinkTitle);
                let dest_url = site_link(dest_url, self.base_path);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.attribute(dest_url, Place::ImageAddress);
                let title = self.attribute(title, Place::ImageTitle);
                let dest_url = site_link(dest_url, self.base_path);
                self.inside_image += 1;
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.inside_image = self.inside_image.saturating_sub(1);
                out.push(Event::End(TagEnd::Image));
            }
            other => out.push(other),
        }
    }

    fn text(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        if !text.contains(PLACEHOLDER_OPEN) {
            return out.push(Event::Text(text));
        }
        for piece in split_placeholders(&text) {
            match piece {
                Piece::Text(t) => out.push(Event::Text(t.to_string().into())),
                Piece::Call(i) if self.inside_code => {
                    out.push(Event::Text(self.call_source(i).to_string().into()))
                }
                Piece::Call(i) if self.inside_image > 0 => {
                    out.push(Event::Text(plain_text(&self.fragments[i]).into()))
                }
                Piece::Call(i) => out.push(Event::InlineHtml(self.fragments[i].clone().into())),
            }
        }
    }

    /// Code shows shortcodes as written.
    fn literal(&self, code: &str) -> String {
        let mut out = String::with_capacity(code.len());
        for piece in split_placeholders(code) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Call(i) => out.push_str(self.call_source(i)),
            }
        }
        out
    }

    /// A link's address or title: a shortcode there is an error and is removed.
    fn attribute(&mut self, value: CowStr<'a>, place: Place) -> CowStr<'a> {
        if !value.contains(PLACEHOLDER_OPEN) {
            return value;
        }
        let mut kept = String::with_capacity(value.len());
        for piece in split_placeholders(&value) {
            match piece {
                Piece::Text(t) => kept.push_str(t),
                Piece::Call(i) => self.misplaced.push((i, place)),
            }
        }
        kept.into()
    }

    fn call_source(&self, index: usize) -> &'a str {
        &self.source_text[self.calls[index].span.clone()]
    }
}

enum Piece<'t> {
    Text(&'t str),
    Call(usize),
}

/// Splits text at placeholders. Only placeholders made by [`render`] exist (the author's were
/// replaced), so every one names a fragment.
fn split_placeholders(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(PLACEHOLDER_OPEN) {
        let after = &rest[open + PLACEHOLDER_OPEN.len_utf8()..];
        let Some(close) = after.find(PLACEHOLDER_CLOSE) else {
            break;
        };
        let Ok(index) = after[..close].parse::<usize>() else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        pieces.push(Piece::Call(index));
        rest = &after[close + PLACEHOLDER_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// The visible text of an HTML fragment, for places that take no markup (an image's alt text).
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn site_link<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") && !base_path.is_empty() {
        CowStr::from(format!("{base_path}{url}"))
    } else {
        url
    }
}

/// Byte offsets to line and column in one binary search, so that locating many findings in a
/// long text stays linear.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    first_line: usize,
    /// (line index, offset, characters from the line start) of the last column asked for.
    last_column: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            first_line,
            last_column: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    fn line_start(&self, offset: usize) -> (usize, usize) {
        let index = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        (index, self.starts[index])
    }

    fn line(&self, offset: usize) -> usize {
        self.line_start(offset).0 + self.first_line
    }

    /// 1-based, in characters. Findings come mostly in text order, so counting resumes from the
    /// last one on the same line instead of the line's start (a one-line body of megabytes
    /// with many findings stays linear).
    fn column(&self, offset: usize) -> usize {
        let (line, start) = self.line_start(offset);
        let end = offset.min(self.text.len());
        let end = (start..=end)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(start);
        let (from, counted) = match self.last_column.get() {
            (l, o, c) if l == line && o <= end => (o, c),
            _ => (start, 0),
        };
        let counted = counted + self.text[from..end].chars().count();
        self.last_column.set((line, end, counted));
        counted + 1
    }
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
    fn shortcodes_never_land_inside_attributes() {
        let (html, d) = run(
            "[a](<{{ value() }}> \"t {{ value() }}\") ![alt {{ value() }}](/i.png)",
            "",
        );
        assert_eq!(d.error_count(), 2, "{d:?}");
        let messages: Vec<_> = d.iter().map(|x| x.message.clone()).collect();
        assert!(messages[0].contains("in a link's address"), "{messages:?}");
        assert!(messages[1].contains("in a link's title"), "{messages:?}");
        assert!(html.contains("alt=\"alt 1.144.762\""), "{html}");
        assert!(!html.contains(['\u{E000}', '\u{E001}']), "{html}");
        assert!(!html.contains("href=\"<"), "{html}");
    }

    #[test]
    fn shortcodes_in_code_stay_as_written() {
        let (html, d) = run("`x` {{ value() }} `y`", "");
        assert!(d.is_empty());
        assert_eq!(
            html,
            "<p><code>x</code> <data value=\"1\">1.144.762</data> <code>y</code></p>\n"
        );
    }

    #[test]
    fn placeholder_characters_typed_by_authors_do_not_break_output() {
        let (html, _) = run("odd \u{E000}0\u{E001} {{ value() }} text", "");
        assert!(html.contains("odd \u{FFFD}0\u{FFFD} <data"), "{html}");
    }

    #[test]
    fn findings_read_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let (_, d) = with_lang(Lang::Vi, || {
            run(
                "[a](<{{ value() }}>) <b>x</b> [c](javascript:alert(1)) {{ value(",
                "",
            )
        });
        let messages: Vec<String> = d.iter().map(|x| x.message.clone()).collect();
        assert!(
            messages
                .contains(&"mã ngắn viết sai: mã ngắn này chưa được đóng bằng `}}`".to_string()),
            "{messages:?}"
        );
        assert!(messages
            .contains(&"không thể dùng mã ngắn `value` trong địa chỉ của liên kết".to_string()));
        assert!(messages.contains(
            &"bản tin không được chứa HTML thô; phần này được hiển thị như văn bản thường"
                .to_string()
        ));
        assert!(messages.iter().any(|m| m
            .starts_with("liên kết `javascript:alert(1)` không được phép: chỉ được liên kết tới")));
        let misplaced = d
            .iter()
            .find(|x| x.message.contains("địa chỉ của liên kết"));
        assert_eq!(
            misplaced
                .unwrap()
                .location
                .as_ref()
                .unwrap()
                .label
                .as_deref(),
            Some("mã ngắn `value`")
        );
    }
}

//! The shortcode syntax: `{{ name(key="text", flag=true) }}` inside Markdown prose.
//! This module only parses; what a shortcode means is decided by `facts` and `markdown`.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::common::messages::msg;

#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Text(String),
    Bool(bool),
    Number(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: BTreeMap<String, ArgValue>,
    /// Byte range of the whole `{{ ... }}` in the scanned text.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset the error points at.
    pub offset: usize,
    pub message: String,
    pub help: String,
}

impl Call {
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.args.get(key) {
            Some(ArgValue::Text(s)) => Some(s),
            _ => None,
        }
    }
}

/// Finds every shortcode in `text` outside the `skip` ranges (code spans and blocks), in order.
///
/// Linear in the text: a shortcode is read no further than the next `{{` or blank line, so no
/// part of the text is scanned twice however the braces are arranged (a few megabytes of `{{`
/// must not take minutes).
pub fn find_calls(text: &str, skip: &[Range<usize>]) -> (Vec<Call>, Vec<SyntaxError>) {
    let marks = Marks::new(text);
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut skip = skip.iter().peekable();
    let mut pos = 0;
    while let Some(start) = marks.opens.next_from(pos) {
        while skip.peek().is_some_and(|r| r.end <= start) {
            skip.next();
        }
        if let Some(range) = skip.peek().filter(|r| r.contains(&start)) {
            pos = range.end.max(start + 2);
            continue;
        }
        let close = marks.closes.next_from(start + 2);
        let next_open = marks.opens.next_from(start + 2).unwrap_or(text.len());
        let paragraph_end = marks.blank_lines.next_from(start).unwrap_or(text.len());
        let result = match close {
            // Parsing stops where the next shortcode opens, so no text is read twice.
            Some(close) if close < paragraph_end => {
                parse_call(&text[..next_open.min(paragraph_end)], start)
            }
            _ => Err(SyntaxError {
                offset: start,
                message: msg!("site.shortcode.syntax.not_closed"),
                help: form(),
            }),
        };
        match result {
            Ok(call) => {
                pos = call.span.end;
                calls.push(call);
            }
            Err(error) => {
                errors.push(error);
                // Resume after this shortcode's `}}` when it closes before the next one
                // opens, so one mistake is reported once.
                pos = close
                    .filter(|c| *c < next_open)
                    .map_or(start + 2, |c| c + 2);
            }
        }
    }
    (calls, errors)
}

/// The help of most syntax errors: what a shortcode looks like.
fn form() -> String {
    msg!("site.shortcode.syntax.form")
}

/// Sorted byte offsets of one two-byte mark (overlapping matches included).
struct Positions(Vec<usize>);

impl Positions {
    fn of(text: &str, mark: &[u8; 2]) -> Self {
        let bytes = text.as_bytes();
        Positions(
            (0..bytes.len().saturating_sub(1))
                .filter(|&i| bytes[i] == mark[0] && bytes[i + 1] == mark[1])
                .collect(),
        )
    }

    /// The first position at or after `from`.
    fn next_from(&self, from: usize) -> Option<usize> {
        self.0.get(self.0.partition_point(|&p| p < from)).copied()
    }
}

struct Marks {
    opens: Positions,
    closes: Positions,
    blank_lines: Positions,
}

impl Marks {
    fn new(text: &str) -> Self {
        Marks {
            opens: Positions::of(text, b"{{"),
            closes: Positions::of(text, b"}}"),
            blank_lines: Positions::of(text, b"\n\n"),
        }
    }
}

/// Parses the shortcode starting at `start`; `text` ends where the next shortcode or paragraph
/// begins.
fn parse_call(text: &str, start: usize) -> Result<Call, SyntaxError> {
    let mut p = Cursor {
        text,
        pos: start + 2,
    };
    let error = |offset: usize, message: String, help: String| SyntaxError {
        offset,
        message,
        help,
    };
    p.skip_space();
    let name = p.ident();
    if name.is_empty() {
        return Err(error(p.pos, msg!("site.shortcode.syntax.no_name"), form()));
    }
    p.skip_space();
    if !p.eat('(') {
        return Err(error(
            p.pos,
            msg!("site.shortcode.syntax.no_parentheses", name = name),
            form(),
        ));
    }
    let mut args = BTreeMap::new();
    loop {
        p.skip_space();
        if p.eat(')') {
            break;
        }
        if !args.is_empty() && !p.eat(',') {
            return Err(error(p.pos, msg!("site.shortcode.syntax.no_comma"), form()));
        }
        p.skip_space();
        let key_at = p.pos;
        let key = p.ident();
        if key.is_empty() {
            return Err(error(p.pos, msg!("site.shortcode.syntax.no_key"), form()));
        }
        p.skip_space();
        if !p.eat('=') {
            return Err(error(
                p.pos,
                msg!("site.shortcode.syntax.no_value", key = key),
                form(),
            ));
        }
        p.skip_space();
        let value = p
            .value()
            .map_err(|(at, message)| error(at, message, form()))?;
        if args.insert(key.clone(), value).is_some() {
            return Err(error(
                key_at,
                msg!("site.shortcode.syntax.twice", key = key),
                msg!("site.shortcode.syntax.twice_help"),
            ));
        }
    }
    p.skip_space();
    if !p.text[p.pos..].starts_with("}}") {
        return Err(error(p.pos, msg!("site.shortcode.syntax.no_close"), form()));
    }
    Ok(Call {
        name,
        args,
        span: start..p.pos + 2,
    })
}

struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += self.peek().map_or(1, char::len_utf8);
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pos += 1;
        }
        self.text[start..self.pos].to_string()
    }

    fn value(&mut self) -> Result<ArgValue, (usize, String)> {
        let at = self.pos;
        match self.peek() {
            Some(quote @ ('"' | '\'' | '“' | '”')) => {
                if quote != '"' && quote != '\'' {
                    return Err((at, msg!("site.shortcode.syntax.curly_quotes")));
                }
                self.pos += 1;
                let mut value = String::new();
                loop {
                    match self.peek() {
                        None | Some('\n') => {
                            return Err((at, msg!("site.shortcode.syntax.unclosed_quote")))
                        }
                        Some('\\') => {
                            self.pos += 1;
                            if let Some(c) = self.peek() {
                                value.push(c);
                                self.pos += c.len_utf8();
                            }
                        }
                        Some(c) if c == quote => {
                            self.pos += 1;
                            return Ok(ArgValue::Text(value));
                        }
                        Some(c) => {
                            value.push(c);
                            self.pos += c.len_utf8();
                        }
                    }
                }
            }
            _ => {
                let word = self.ident();
                match word.as_str() {
                    "true" => Ok(ArgValue::Bool(true)),
                    "false" => Ok(ArgValue::Bool(false)),
                    "" => Err((at, msg!("site.shortcode.syntax.no_text"))),
                    w => match w.parse::<f64>() {
                        Ok(n) if n.is_finite() => Ok(ArgValue::Number(n)),
                        _ => Err((at, msg!("site.shortcode.syntax.needs_quotes", word = w))),
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<Call> {
        let (calls, errors) = find_calls(text, &[]);
        assert!(errors.is_empty(), "{errors:?}");
        calls
    }

    #[test]
    fn parses_names_and_arguments() {
        let found =
            calls(r#"A {{ value(indicator="hi_coverage", region='hue') }} and {{period()}}."#);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "value");
        assert_eq!(found[0].text("indicator"), Some("hi_coverage"));
        assert_eq!(found[0].text("region"), Some("hue"));
        assert_eq!(found[1].name, "period");
        assert!(found[1].args.is_empty());
        assert_eq!(
            &r#"A {{ value(indicator="hi_coverage", region='hue') }}"#[found[0].span.clone()][..2],
            "{{"
        );
    }

    #[test]
    fn booleans_numbers_and_escapes() {
        let found = calls(r#"{{ change(relative=true, n=3, t="a \"b\"") }}"#);
        assert_eq!(found[0].args["relative"], ArgValue::Bool(true));
        assert_eq!(found[0].args["n"], ArgValue::Number(3.0));
        assert_eq!(found[0].text("t"), Some("a \"b\""));
    }

    #[test]
    fn skips_code_ranges() {
        let text = "`{{ value() }}` and {{ period() }}";
        let code_span = std::ops::Range { start: 0, end: 15 };
        let (found, errors) = find_calls(text, &[code_span]);
        assert!(errors.is_empty());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "period");
    }

    #[test]
    fn malformed_shortcodes_are_reported_with_offsets() {
        for (text, fragment) in [
            ("x {{ value(indicator=\"a\")", "not closed"),
            ("{{ value }}", "parentheses"),
            ("{{ value(indicator=hi) }}", "needs quotes"),
            ("{{ value(indicator=\"a\" region=\"b\") }}", "commas"),
            ("{{ value(indicator=\"a) }}", "closing quote"),
            ("{{ (x=\"a\") }}", "needs a name"),
            ("{{ value(indicator=“a”) }}", "straight quotes"),
            ("{{ value(a=\"1\", a=\"2\") }}", "twice"),
            ("{{ value(indicator) }}", "needs `=`"),
        ] {
            let (found, errors) = find_calls(text, &[]);
            assert!(found.is_empty(), "{text}");
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            assert!(
                errors[0].message.contains(fragment),
                "{text}: {}",
                errors[0].message
            );
        }
    }

    #[test]
    fn unclosed_shortcode_does_not_swallow_the_next_paragraph() {
        let (found, errors) = find_calls("{{ value(\n\nnext {{ period() }}", &[]);
        assert_eq!(errors.len(), 1);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn syntax_errors_read_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        for (text, message) in [
            (
                "{{ value }}",
                "`value` cần có cặp ngoặc đơn, kể cả khi không có đối số: value()",
            ),
            (
                "{{ value(indicator=hi) }}",
                "`hi` cần đặt trong dấu ngoặc kép: \"hi\"",
            ),
            (
                "{{ value(a=\"1\", a=\"2\") }}",
                "đối số `a` được ghi hai lần",
            ),
        ] {
            let (_, errors) = with_lang(Lang::Vi, || find_calls(text, &[]));
            assert_eq!(errors[0].message, message, "{text}");
        }
        let (_, errors) = with_lang(Lang::Vi, || find_calls("{{ value }}", &[]));
        assert_eq!(
            errors[0].help,
            "mã ngắn có dạng {{ value(indicator=\"hi_coverage\") }}"
        );
    }
}

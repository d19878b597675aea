//! The little HTTP the preview speaks, on `std::net`: one request per connection (GET or HEAD),
//! answered with a fixed set of headers and closed. A request names a file of the in-memory
//! site; its path is decoded once and refused whole when it could mean anything else.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

/// The longest request head read; a preview's requests are a few hundred bytes.
const MAX_HEAD: u64 = 16 * 1024;

/// What a browser asks for.
pub struct Request {
    pub method: String,
    /// As sent: path, query and all.
    pub target: String,
}

impl Request {
    /// Reads the request line and skips the headers; `None` when the connection closed or sent
    /// something that is not HTTP.
    pub fn read(stream: &TcpStream) -> io::Result<Option<Request>> {
        let mut reader = BufReader::new(stream.take(MAX_HEAD));
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let mut parts = line.split_ascii_whitespace();
        let (Some(method), Some(target), Some(version)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Ok(None);
        };
        if !version.starts_with("HTTP/1.") {
            return Ok(None);
        }
        let request = Request {
            method: method.to_string(),
            target: target.to_string(),
        };
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
                break;
            }
        }
        Ok(Some(request))
    }

    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    pub fn is_allowed(&self) -> bool {
        self.method == "GET" || self.is_head()
    }
}

/// The file of the site a request target names, relative to the site ("index.html" for "/"),
/// or `None` when the target is refused: not a path from the root, a bad or NUL escape, a
/// backslash, a `.` or `..` segment, an empty segment (`//`, an absolute form), or a drive or
/// scheme colon, whether written plainly or percent-encoded. Decoding happens exactly once, so
/// `%252e` stays the three characters `%2e`.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix('/')?;
    let decoded = String::from_utf8(percent_decode(rest)?).ok()?;
    if decoded.contains(['\0', '\\', ':']) || decoded.chars().any(char::is_control) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        let bad = matches!(*segment, "." | "..") || (segment.is_empty() && i != last);
        if bad {
            return None;
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Some(format!("{decoded}index.html"))
    } else {
        Some(decoded)
    }
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Headers every answer carries: nothing is cached (a preview changes under the browser) and
/// no type is guessed.
const COMMON_HEADERS: &str =
    "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";

/// Writes a whole answer; the body is left out for HEAD.
pub fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    extra_headers: &str,
    body: &[u8],
    head: bool,
) -> io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{COMMON_HEADERS}{extra_headers}\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Starts an answer whose body has no known length: it ends when the connection closes.
pub fn start_stream(stream: &mut TcpStream, content_type: &str) -> io::Result<()> {
    let header = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{COMMON_HEADERS}\r\n");
    stream.write_all(header.as_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_name_files_and_folders_their_index() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/?x=1").as_deref(), Some("index.html"));
        assert_eq!(site_path("/en/").as_deref(), Some("en/index.html"));
        assert_eq!(site_path("/style.css").as_deref(), Some("style.css"));
        assert_eq!(
            site_path("/provinces/y%C3%AAn-b%C3%A1i/").as_deref(),
            Some("provinces/yên-bái/index.html")
        );
        assert_eq!(
            site_path("/a%252e").as_deref(),
            Some("a%2e"),
            "decoded once"
        );
    }

    #[test]
    fn traversal_in_any_encoding_is_refused() {
        for target in [
            "/../bulletin.toml",
            "/%2e%2e/bulletin.toml",
            "/%2e%2e%2fbulletin.toml",
            "/%2E%2E%2Fbulletin.toml",
            "/..%5cbulletin.toml",
            "/..\\bulletin.toml",
            "/a/./b",
            "/a/%2e/b",
            "/%00",
            "/a%00.html",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows",
            "/c%3a/x",
            "http://example.org/",
            "*",
            "/%zz",
            "/%e",
            "/%ff",
        ] {
            assert_eq!(site_path(target), None, "{target}");
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("charts/a.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}

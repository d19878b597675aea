//! Live reload and the error overlay: a small script, added only to the HTML the preview serves,
//! listens to `/__bulletin/events` (server-sent events). A `reload` event reloads the page; an
//! `error` event carries the diagnostics of a failed reload, shown over the page in its
//! language, while the last good site stays served. The current failure is kept, so a page
//! opened while the site has errors shows them at once, and each page carries the version of the
//! site it was served from, so a page whose stream connects after a newer version was made
//! reloads at once instead of missing the event.

use std::io::{self, Write};
use std::net::TcpStream;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use bulletin::{Diagnostic, Lang};

use super::http;

/// The address of the event stream.
pub const EVENTS_PATH: &str = "/__bulletin/events";

/// How often an idle stream sends a comment, so a closed tab's connection is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The most findings shown in the overlay; the terminal has them all.
const SHOWN: usize = 30;

#[derive(Clone)]
enum Event {
    Reload,
    /// The overlay's list, as HTML.
    Error(Arc<str>),
}

/// The open event streams and the current failure.
#[derive(Default)]
pub struct Hub {
    state: Mutex<HubState>,
}

#[derive(Default)]
struct HubState {
    streams: Vec<Sender<Event>>,
    failure: Option<Arc<str>>,
    /// Counts the good loads and reloads.
    version: u64,
}

impl Hub {
    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The site changed (or is good again): every open page reloads.
    pub fn reload(&self) {
        let mut state = self.lock();
        state.failure = None;
        state.version += 1;
        state.streams.retain(|s| s.send(Event::Reload).is_ok());
    }

    /// The site has errors: every open page shows them.
    pub fn fail(&self, errors: &[&Diagnostic]) {
        let html: Arc<str> = overlay_list(errors).into();
        let mut state = self.lock();
        state.failure = Some(Arc::clone(&html));
        let event = Event::Error(html);
        state.streams.retain(|s| s.send(event.clone()).is_ok());
    }

    /// The version of the site being served; read it before the page it goes into.
    pub fn version(&self) -> u64 {
        self.lock().version
    }

    /// A new stream, and what the page needs at once: a reload when it was served from an
    /// older version (it missed an event), else the current failure if any.
    fn subscribe(&self, seen: Option<u64>) -> (Receiver<Event>, Option<Event>) {
        let (sender, receiver) = mpsc::channel();
        let mut state = self.lock();
        state.streams.push(sender);
        let first = if seen.is_some_and(|v| v != state.version) {
            Some(Event::Reload)
        } else {
            state.failure.clone().map(Event::Error)
        };
        (receiver, first)
    }
}

/// The version a stream's address carries (`?v=N`), if any.
pub fn events_version(target: &str) -> Option<Option<u64>> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != EVENTS_PATH {
        return None;
    }
    Some(query.strip_prefix("v=").and_then(|v| v.parse().ok()))
}

/// Serves one event stream until the page goes away; `seen` is the version the page shows.
pub fn stream_events(
    hub: &Hub,
    stream: &mut TcpStream,
    head: bool,
    seen: Option<u64>,
) -> io::Result<()> {
    http::start_stream(stream, "text/event-stream; charset=utf-8")?;
    if head {
        return Ok(());
    }
    let (events, first) = hub.subscribe(seen);
    // The comment tells a waiting client the stream is registered.
    stream.write_all(b"retry: 1000\n: connected\n\n")?;
    if let Some(event) = first {
        write_event(stream, &event)?;
    }
    stream.flush()?;
    loop {
        match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => write_event(stream, &event)?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": keep-alive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

fn write_event(stream: &mut TcpStream, event: &Event) -> io::Result<()> {
    let text = match event {
        Event::Reload => "event: reload\ndata: reload\n\n".to_string(),
        Event::Error(html) => {
            let data: String = html.lines().map(|line| format!("data: {line}\n")).collect();
            format!("event: error\n{data}\n")
        }
    };
    stream.write_all(text.as_bytes())
}

/// The errors as the overlay lists them: location, message and help, every part escaped.
fn overlay_list(errors: &[&Diagnostic]) -> String {
    let mut html = String::from("<ol style=\"padding-left:1.2em;margin:0\">");
    for diagnostic in errors.iter().take(SHOWN) {
        html.push_str("<li style=\"margin:0 0 1em\">");
        if let Some(location) = &diagnostic.location {
            html.push_str(&format!(
                "<code style=\"font-weight:bold\">{}</code><br>",
                escape(&location.to_string())
            ));
        }
        html.push_str(&escape(&diagnostic.message));
        if let Some(help) = &diagnostic.help {
            html.push_str(&format!("<br><span data-help>{}</span>", escape(help)));
        }
        html.push_str("</li>");
    }
    if errors.len() > SHOWN {
        html.push_str(&format!("<li>… +{}</li>", errors.len() - SHOWN));
    }
    html.push_str("</ol>");
    html
}

/// Text escaped as the site escapes it, its lines kept apart.
fn escape(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(bulletin::escape_html).collect();
    lines.join("<br>")
}

/// The script, with the overlay's words in both languages; the page's `lang` picks one.
const SCRIPT: &str = r#"<script>/* bulletin serve: live reload (preview only) */
(function () {
  var T = __STRINGS__, box = null;
  function words() {
    var lang = (document.documentElement.lang || navigator.language || "").slice(0, 2);
    return T[lang] || T.vi;
  }
  function hide() { if (box) { box.remove(); box = null; } }
  function show(html) {
    hide();
    var w = words();
    box = document.createElement("div");
    box.id = "bulletin-preview-error";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;top:0;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "background:#fff8f7;color:#1a1a1a;border-bottom:4px solid #b00020;padding:1.2em 1.5em;" +
      "font:16px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", w.close);
    close.style.cssText = "float:right;font-size:1.5em;background:none;border:0;cursor:pointer";
    close.onclick = hide;
    var title = document.createElement("h2");
    title.textContent = w.title;
    // The site's own rules for h2 and p (borders, padding) must not reach the overlay.
    title.style.cssText = "margin:0 0 .3em;padding:0;border:0;color:#b00020;font-size:1.25em;font-family:inherit";
    var fix = document.createElement("p");
    fix.textContent = w.fix;
    fix.style.cssText = "margin:0 0 1em;padding:0;border:0";
    var list = document.createElement("div");
    list.innerHTML = html;
    list.querySelectorAll("[data-help]").forEach(function (node) {
      var label = document.createElement("b");
      label.textContent = w.help + ": ";
      node.prepend(label);
    });
    box.append(close, title, fix, list);
    document.body.appendChild(box);
  }
  var events = new EventSource("__EVENTS__?v=__VERSION__");
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("error", function (e) { if (typeof e.data === "string") show(e.data); });
})();
</script>
"#;

/// The script as injected, with the overlay's words of each language from `words` (the site's
/// interface strings once it has loaded, the built-in ones before).
pub fn script(words: impl Fn(Lang, &str) -> String) -> String {
    let words: Vec<String> = Lang::ALL
        .iter()
        .map(|&lang| {
            let word = |key| json_string(&words(lang, key));
            format!(
                "\"{}\":{{\"title\":{},\"fix\":{},\"help\":{},\"close\":{}}}",
                lang.code(),
                word("preview.error_title"),
                word("preview.error_fix"),
                word("preview.help"),
                word("preview.close"),
            )
        })
        .collect();
    SCRIPT
        .replace("__STRINGS__", &format!("{{{}}}", words.join(",")))
        .replace("__EVENTS__", EVENTS_PATH)
}

/// A string as a JavaScript literal that is also safe inside a `<script>` element.
fn json_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".to_string())
        .replace('<', "\\u003c")
}

/// An HTML page of site version `version` with the script before its `</body>` (or at its end).
pub fn inject(html: &[u8], script: &str, version: u64) -> Vec<u8> {
    let script = script.replace("__VERSION__", &version.to_string());
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = inject(
            b"<html><body><p>x</p></body></html>",
            "<script></script>",
            1,
        );
        assert_eq!(
            page,
            b"<html><body><p>x</p><script></script></body></html>".to_vec()
        );
        assert_eq!(
            inject(b"<p>x", "<s v=__VERSION__>", 7),
            b"<p>x<s v=7>".to_vec()
        );
    }

    #[test]
    fn the_stream_address_carries_the_page_version() {
        assert_eq!(events_version("/__bulletin/events?v=12"), Some(Some(12)));
        assert_eq!(events_version("/__bulletin/events"), Some(None));
        assert_eq!(events_version("/__bulletin/events/x"), None);
        assert_eq!(events_version("/index.html"), None);
    }

    #[test]
    fn a_stream_of_an_older_page_starts_with_a_reload() {
        let hub = Hub::default();
        hub.reload();
        let (_, first) = hub.subscribe(Some(0));
        assert!(matches!(first, Some(Event::Reload)));
        let (_, first) = hub.subscribe(Some(hub.version()));
        assert!(first.is_none());
    }

    #[test]
    fn the_script_carries_both_languages_words() {
        let script = script(|lang, key| bulletin::builtin_interface_string(lang, key).to_string());
        assert!(script.contains(EVENTS_PATH));
        assert!(
            script.contains(&json_string(bulletin::builtin_interface_string(
                Lang::Vi,
                "preview.error_title"
            )))
        );
        assert!(!script.contains("__STRINGS__"));
        // A site's own words (and any `</script>` in them) go in as safe literals.
        let own = super::script(|lang, key| format!("{}:{key}</script>", lang.code()));
        assert!(
            own.contains(r#""title":"vi:preview.error_title\u003c/script>""#),
            "{own}"
        );
    }

    #[test]
    fn the_overlay_escapes_everything_it_shows() {
        let diagnostic = Diagnostic::error("bad <b>value</b> & more")
            .at(bulletin::Location::at("data/x.csv", 3, 5))
            .help("write \"1\"");
        let html = overlay_list(&[&diagnostic]);
        assert!(html.contains("data/x.csv:3:5"), "{html}");
        assert!(
            html.contains("bad &lt;b&gt;value&lt;/b&gt; &amp; more"),
            "{html}"
        );
        assert!(html.contains("<span data-help>write &quot;1&quot;</span>"));
        assert!(!html.contains('\n'));
    }
}

//! `bulletin.toml`: the site's settings. Unknown keys are errors, so a typo never passes silently.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::locale::Lang;
use crate::common::messages::msg;

pub const CONFIG_FILE: &str = "bulletin.toml";

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub vi: Option<String>,
    pub en: Option<String>,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        let text = match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        };
        text.as_deref().unwrap_or("")
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: Localized,
    pub url: Option<String>,
}

/// The terms the site's figures and texts may be reused under, named in feeds and in the
/// structured data search engines read.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct License {
    pub name: Localized,
    pub url: Option<String>,
}

/// Bulletins in a feed when bulletin.toml does not say: feed readers fetch the whole file on
/// every poll, so a feed holds the newest bulletins, not the archive.
pub const FEED_ENTRIES: usize = 20;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    pub data: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    #[serde(rename = "static")]
    pub static_files: PathBuf,
    pub output: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            data: "data".into(),
            content: "content".into(),
            templates: "templates".into(),
            static_files: "static".into(),
            output: "output".into(),
        }
    }
}

/// A boundary file for geographic maps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundaryConfig {
    /// GeoJSON or TopoJSON, relative to the site root.
    pub file: PathBuf,
    /// The feature property holding the province name (or code, with `join = "code"`).
    pub property: String,
    /// `name` (default: case, diacritics, "Tỉnh"/"TP" prefixes and Hoà/Hòa spellings are ignored) or `code`.
    #[serde(default)]
    pub join: Option<String>,
    /// The file shows provinces as they were from / until these dates (YYYY-MM-DD).
    #[serde(default)]
    pub valid_from: Option<String>,
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub attribution: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MapsConfig {
    /// Fixed class breaks per indicator, e.g. hi_coverage = [80, 85, 90, 95]; otherwise quantiles.
    #[serde(default)]
    pub breaks: std::collections::BTreeMap<String, Vec<f64>>,
    #[serde(default)]
    pub boundaries: Vec<BoundaryConfig>,
}

/// The site's `default_language`, read leniently (read through the walker's rules, and
/// nothing else checked) so the program can speak the site's language before, and while,
/// reporting what is wrong with the rest of its settings.
pub fn default_language_of(root: &Path) -> Option<Lang> {
    #[derive(Deserialize)]
    struct OnlyLanguage {
        default_language: String,
    }
    let text = crate::common::walk::read_text(root, &root.join(CONFIG_FILE)).ok()?;
    let only: OnlyLanguage = toml::from_str(&text).ok()?;
    Lang::parse(&only.default_language)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    languages: Vec<String>,
    title: Localized,
    #[serde(default)]
    description: Localized,
    #[serde(default)]
    organisation: Organisation,
    #[serde(default)]
    headline_indicators: Vec<String>,
    #[serde(default)]
    license: Option<License>,
    #[serde(default)]
    feed_entries: Option<usize>,
    #[serde(default)]
    paths: Paths,
    #[serde(default)]
    maps: MapsConfig,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute base URL without trailing slash, e.g. `https://example.org/bhxh`.
    pub base_url: String,
    /// The path part of the base URL, without trailing slash: `` or `/bhxh`.
    pub base_path: String,
    pub default_language: Lang,
    /// The default language first.
    pub languages: Vec<Lang>,
    pub title: Localized,
    pub description: Localized,
    pub organisation: Organisation,
    pub headline_indicators: Vec<String>,
    pub license: Option<License>,
    /// The newest bulletins each feed holds.
    pub feed_entries: usize,
    pub paths: Paths,
    pub maps: MapsConfig,
}

impl Config {
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if !crate::common::walk::exists(&path) {
            return Err(Diagnostic::error(msg!(
                "input.config.missing",
                file = CONFIG_FILE,
                folder = root.display()
            ))
            .at(Location::file(CONFIG_FILE))
            .help(msg!("input.config.missing_help")));
        }
        let text = crate::common::walk::read_text(root, &path)?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Diagnostic> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| toml_diagnostic(&e, text, Path::new(CONFIG_FILE), 0))?;
        let at = key_location;
        let parse_lang = |code: &str, key: &str| {
            Lang::parse(code).ok_or_else(|| {
                Diagnostic::error(msg!("input.config.unsupported_language", code = code))
                    .at(at(key))
                    .help(msg!("input.config.supported_languages"))
            })
        };
        let default_language = parse_lang(&raw.default_language, "default_language")?;
        let mut languages = vec![default_language];
        for code in &raw.languages {
            let lang = parse_lang(code, "languages")?;
            if !languages.contains(&lang) {
                languages.push(lang);
            }
        }
        if !raw
            .languages
            .iter()
            .any(|c| Lang::parse(c) == Some(default_language))
        {
            return Err(
                Diagnostic::error(msg!("input.config.default_language_not_listed"))
                    .at(at("languages"))
                    .help(msg!(
                        "input.config.default_language_not_listed_help",
                        code = default_language
                    )),
            );
        }
        for lang in &languages {
            if raw.title.get(*lang).trim().is_empty() {
                return Err(
                    Diagnostic::error(msg!("input.config.no_title", code = lang))
                        .at(at("title"))
                        .help(msg!("input.config.no_title_help", code = lang)),
                );
            }
        }
        let (base_url, base_path) = parse_base_url(&raw.base_url).map_err(|error| {
            error
                .diagnostic(at("base_url"))
                .help(msg!("input.config.base_url_help"))
        })?;
        if let Some(url) = &raw.organisation.url {
            check_address(url, "organisation.url")?;
        }
        if let Some(url) = raw.license.as_ref().and_then(|l| l.url.as_ref()) {
            check_address(url, "license.url")?;
        }
        if raw.feed_entries == Some(0) {
            return Err(Diagnostic::error(msg!("input.config.no_feed_entries"))
                .at(at("feed_entries"))
                .help(msg!("input.config.no_feed_entries_help")));
        }
        check_site_folder("data", &raw.paths.data)?;
        check_site_folder("content", &raw.paths.content)?;
        check_site_folder("templates", &raw.paths.templates)?;
        check_site_folder("static", &raw.paths.static_files)?;
        Ok(Config {
            base_url,
            base_path,
            default_language,
            languages,
            title: raw.title,
            description: raw.description,
            organisation: raw.organisation,
            headline_indicators: raw.headline_indicators,
            license: raw.license,
            feed_entries: raw.feed_entries.unwrap_or(FEED_ENTRIES),
            paths: raw.paths,
            maps: raw.maps,
        })
    }

    /// Overrides the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let (base_url, base_path) = parse_base_url(url).map_err(|error| {
            Diagnostic::from(&error).help(msg!("input.config.base_url_flag_help"))
        })?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// An address of bulletin.toml (`organisation.url`, `license.url`) that must be a web address.
fn check_address(url: &str, key: &str) -> Result<(), Diagnostic> {
    crate::common::url::check_web_address(url).map_err(|why| {
        Diagnostic::error(msg!(
            "input.config.not_a_web_address",
            address = crate::common::url::shown(url),
            why = why
        ))
        .at(key_location(key))
        .help(msg!("input.config.web_address_help", key = key))
    })
}

/// Why an address cannot be the site's base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseUrlProblem {
    NotHttp,
    NoHost,
    QueryOrFragment,
    /// A character HTML or a browser would misread, and where it is in the address (counted in
    /// characters from 1).
    Forbidden {
        character: char,
        position: usize,
    },
}

/// A base URL that cannot be used: the address as shown to the user, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    /// Shortened, with invisible characters made visible.
    shown: String,
    pub problem: BaseUrlProblem,
}

impl BaseUrlError {
    fn new(url: &str, problem: BaseUrlProblem) -> Self {
        BaseUrlError {
            shown: crate::common::url::shown(url),
            problem,
        }
    }

    /// The finding for the address written at `location`.
    pub fn diagnostic(&self, location: Location) -> Diagnostic {
        Diagnostic::from(self).at(location)
    }
}

/// The finding without a place, for an address given on the command line.
impl From<&BaseUrlError> for Diagnostic {
    fn from(error: &BaseUrlError) -> Diagnostic {
        Diagnostic::error(error.to_string())
    }
}

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = &self.shown;
        let text = match self.problem {
            BaseUrlProblem::NotHttp => msg!("input.config.base_url.not_http", address = shown),
            BaseUrlProblem::NoHost => msg!("input.config.base_url.no_host", address = shown),
            BaseUrlProblem::QueryOrFragment => {
                msg!("input.config.base_url.query_or_fragment", address = shown)
            }
            BaseUrlProblem::Forbidden {
                character,
                position,
            } => msg!(
                "input.config.base_url.forbidden",
                address = shown,
                character = crate::common::url::shown(&character.to_string()),
                position = position
            ),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for BaseUrlError {}

/// The base URL without a trailing slash, and its path (`/bulletins`, or empty at the root).
fn parse_base_url(url: &str) -> Result<(String, String), BaseUrlError> {
    let url = url.trim();
    let fail = |problem| Err(BaseUrlError::new(url, problem));
    let lower = url.to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https", &url[8..])
    } else if lower.starts_with("http://") {
        ("http", &url[7..])
    } else {
        return fail(BaseUrlProblem::NotHttp);
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || !host.chars().all(is_host_char) || host.starts_with(':') {
        return fail(BaseUrlProblem::NoHost);
    }
    if path.contains(['?', '#']) {
        return fail(BaseUrlProblem::QueryOrFragment);
    }
    if let Some((offset, character)) = path.char_indices().find(|(_, c)| !is_path_char(*c)) {
        // The path starts after the host's slash.
        let before = &url[..url.len() - path.len() + offset];
        let position = before.chars().count() + 1;
        return fail(BaseUrlProblem::Forbidden {
            character,
            position,
        });
    }
    let path = path.trim_matches('/');
    let base_path = if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    };
    Ok((format!("{scheme}://{host}{base_path}"), base_path))
}

/// Letters and digits (international names too), `-`, `.`, a `:port`, and `[...]` for IPv6.
fn is_host_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']')
}

/// What a path may hold without breaking the HTML it is written into: no quotes, angle
/// brackets, backslashes, spaces or control characters.
fn is_path_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | '!'
                | '$'
                | '&'
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
                | ':'
                | '@'
                | '%'
                | '/'
        )
}

/// The folders bulletin reads must lie inside the site: a relative path without `..`.
fn check_site_folder(key: &str, path: &Path) -> Result<(), Diagnostic> {
    let inside = path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    });
    if inside && !path.as_os_str().is_empty() {
        return Ok(());
    }
    Err(
        Diagnostic::error(msg!("input.config.folder_outside", path = path.display()))
            .at(key_location(&format!("paths.{key}")))
            .help(msg!("input.config.folder_outside_help")),
    )
}

/// A key of bulletin.toml, for findings about its value.
pub fn key_location(key: &str) -> Location {
    Location::file(CONFIG_FILE).with_label(msg!("input.config.key_label", key = key))
}

/// Turns a TOML error into a located diagnostic. `line_offset` is the number of lines before the
/// TOML text in its file (front matter starts after the `+++` line).
pub fn toml_diagnostic(
    error: &toml::de::Error,
    text: &str,
    file: &Path,
    line_offset: usize,
) -> Diagnostic {
    let message = error.message().trim().to_string();
    let location = match error.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1 + line_offset;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Location::at(file, line, column)
        }
        None => Location::file(file),
    };
    // The TOML reader writes its messages in English whatever the language of the report.
    let help = if message.contains("unknown field") {
        msg!("input.toml.unknown_key_help")
    } else if message.contains("date-time") {
        msg!("input.toml.date_help")
    } else if message.contains("missing field") {
        msg!("input.toml.missing_key_help")
    } else {
        msg!("input.toml.syntax_help")
    };
    Diagnostic::error(msg!(
        "input.toml.invalid",
        file = file.display(),
        message = message
    ))
    .at(location)
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
base_url = "https://example.org/bhxh/"
default_language = "vi"
languages = ["vi", "en"]
[title]
vi = "Bản tin"
en = "Bulletin"
"#;

    #[test]
    fn minimal_config_and_base_path() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(config.base_url, "https://example.org/bhxh");
        assert_eq!(config.base_path, "/bhxh");
        assert_eq!(config.languages, [Lang::Vi, Lang::En]);
        assert_eq!(config.paths.output, PathBuf::from("output"));
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = MINIMAL.replace("[title]", "titel = \"x\"\n[title]");
        let err = Config::parse(&text).unwrap_err();
        assert!(err.message.contains("unknown field `titel`"), "{err}");
        assert_eq!(err.location.unwrap().line, Some(5));
    }

    #[test]
    fn bad_language_and_missing_title() {
        let err = Config::parse(&MINIMAL.replace("\"en\"]", "\"fr\"]")).unwrap_err();
        assert!(err.message.contains("`fr`"));
        let err = Config::parse(&MINIMAL.replace("en = \"Bulletin\"", "")).unwrap_err();
        assert!(err.message.contains("no title in `en`"));
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            parse_base_url("https://a.vn").unwrap(),
            ("https://a.vn".into(), "".into())
        );
        assert_eq!(parse_base_url("http://a.vn/x/y/").unwrap().1, "/x/y");
        assert!(parse_base_url("a.vn").is_err());
        assert!(parse_base_url("https://a.vn/?q").is_err());
        for bad in [
            "https://a.vn/\"><x",
            "https://a\"b.vn/",
            "https://a.vn/x y",
            "https://a.vn/<b>",
            "https://a.vn/\u{1}",
            "javascript:alert(1)",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_base_url("HTTPS://Bhxh.vn:8080/Bản-tin/").unwrap().1,
            "/Bản-tin"
        );
    }

    #[test]
    fn base_url_errors_quote_the_address_and_say_where() {
        let message = |url: &str| parse_base_url(url).unwrap_err().to_string();
        assert_eq!(message(" a.vn "), "`a.vn` is not an http(s) address");
        assert_eq!(
            message("https://:80/"),
            "`https://:80/` has no valid host name"
        );
        assert_eq!(
            message("https://a.vn/?q"),
            "`https://a.vn/?q` must not contain a query (?) or a fragment (#)"
        );
        let error = parse_base_url("https://ả.vn/x y").unwrap_err();
        assert_eq!(
            error.problem,
            BaseUrlProblem::Forbidden {
                character: ' ',
                position: 15
            }
        );
        assert_eq!(
            error.to_string(),
            "`https://ả.vn/x y` contains ` ` (character 15), which cannot appear in an address"
        );
        let at = Location::file(CONFIG_FILE).with_label("key `base_url`");
        let diagnostic = error.diagnostic(at.clone());
        assert_eq!(diagnostic.message, error.to_string());
        assert_eq!(diagnostic.location.as_deref(), Some(&at));
    }

    #[test]
    fn findings_speak_vietnamese() {
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let error = parse_base_url("https://a.vn/?q").unwrap_err();
            assert_eq!(
                error.to_string(),
                "`https://a.vn/?q` không được chứa phần truy vấn (?) hay phần neo (#)"
            );
            let err = Config::parse(&MINIMAL.replace("en = \"Bulletin\"", "")).unwrap_err();
            assert_eq!(err.message, "trang chưa có tiêu đề cho ngôn ngữ `en`");
            assert_eq!(
                err.help.as_deref(),
                Some("thêm `en = \"...\"` dưới mục [title]")
            );
            assert_eq!(err.location.unwrap().label.as_deref(), Some("khóa `title`"));
            let text = MINIMAL.replace("[title]", "titel = \"x\"\n[title]");
            let err = Config::parse(&text).unwrap_err();
            assert!(
                err.message.starts_with("bulletin.toml không hợp lệ: "),
                "{err}"
            );
            assert!(err.help.unwrap().starts_with("kiểm tra chính tả của khóa"));
        });
    }
}

//! Reads bulletins: `content/bulletins/<slug>.<lang>.md` with TOML front matter between `+++` lines.
//! References inside (regions, periods, shortcodes) are resolved later against the data.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use rayon::prelude::*;

use crate::common::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::common::locale::Lang;
use crate::common::messages::msg;
use crate::common::period::Date;
use crate::input::config::toml_diagnostic;

pub const BULLETINS_DIR: &str = "bulletins";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub date: toml::Value,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub translation: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
}

/// A bulletin file, read and with its front matter parsed, before any reference is resolved.
#[derive(Debug, Clone)]
pub struct BulletinSource {
    /// Path shown to the user.
    pub file: PathBuf,
    pub slug: String,
    pub lang: Lang,
    pub date: Date,
    pub front: FrontMatter,
    /// The front matter text, for locating keys in messages.
    pub front_text: String,
    pub body: String,
    /// Line number (1-based) of the first body line in the file.
    pub body_first_line: usize,
}

impl BulletinSource {
    /// The location of a front-matter key, for messages about its value.
    pub fn key_location(&self, key: &str) -> Location {
        front_key_location(&self.file, &self.front_text, key)
    }
}

/// The line of `key = ...` in the front matter (the first line when the key is not written).
fn front_key_location(file: &Path, front_text: &str, key: &str) -> Location {
    let line = front_text
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 2);
    Location::line(file, line).with_label(msg!("input.content.front_matter_key", key = key))
}

/// Reads every bulletin under `content_dir/bulletins`, in file-name order.
/// `unchanged` gives the bulletin a file held at the last load when the file has not changed
/// since (a preview's reload reads only the files that were edited).
pub fn load_bulletins(
    root: &Path,
    content_dir: &Path,
    languages: &[Lang],
    include_drafts: bool,
    unchanged: &(dyn Fn(&Path) -> Option<BulletinSource> + Sync),
    diagnostics: &mut Diagnostics,
) -> Vec<BulletinSource> {
    let dir = content_dir.join(BULLETINS_DIR);
    let files: Vec<_> = crate::common::walk::files(root, &dir, diagnostics)
        .into_iter()
        .filter(|found| is_bulletin_file(&found.relative))
        .collect();
    // Each file is read and parsed on its own, in parallel; addresses are then checked in order.
    let parsed: Vec<Result<BulletinSource, Diagnostic>> = files
        .par_iter()
        .map(|found| {
            let shown = display_path(root, &found.path);
            if let Some(source) = unchanged(&shown) {
                return Ok(source);
            }
            let text = crate::common::walk::read_text(root, &found.path)?;
            parse_bulletin(&shown, &text, languages)
        })
        .collect();
    let mut bulletins: Vec<BulletinSource> = Vec::new();
    // (language, slug) -> index: each bulletin needs its own address.
    let mut addresses = std::collections::HashMap::new();
    for result in parsed {
        match result {
            Ok(bulletin) if bulletin.front.draft && !include_drafts => {}
            Ok(bulletin) => {
                let address = (bulletin.lang, bulletin.slug.clone());
                if let Some(&other) = addresses.get(&address) {
                    let other: &BulletinSource = &bulletins[other];
                    diagnostics.push(
                        Diagnostic::error(msg!(
                            "input.content.same_slug",
                            code = bulletin.lang,
                            slug = bulletin.slug,
                            other = other.file.display()
                        ))
                        .at(Location::file(&bulletin.file))
                        .help(msg!("input.content.same_slug_help")),
                    );
                    continue;
                }
                addresses.insert(address, bulletins.len());
                bulletins.push(bulletin);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    check_translations(&bulletins, diagnostics);
    bulletins
}

/// Markdown files, leaving out hidden files and folders (editors' swap and lock files).
fn is_bulletin_file(relative: &str) -> bool {
    let hidden = relative.split('/').any(|part| part.starts_with('.'));
    !hidden && relative.ends_with(".md")
}

/// Splits front matter from body and checks the front matter on its own.
pub fn parse_bulletin(
    file: &Path,
    text: &str,
    languages: &[Lang],
) -> Result<BulletinSource, Diagnostic> {
    let text = normalised(text);
    check_control_characters(file, &text)?;
    let (front_text, body_offset, body_first_line) = split_front_matter(file, &text)?;
    let front: FrontMatter =
        toml::from_str(&front_text).map_err(|e| toml_diagnostic(&e, &front_text, file, 1))?;
    let locate = |key: &str| front_key_location(file, &front_text, key);
    if front.title.trim().is_empty() {
        return Err(Diagnostic::error(msg!("input.content.empty_title"))
            .at(locate("title"))
            .help(msg!("input.content.empty_title_help")));
    }
    let date = front_matter_date(&front.date, || locate("date"))?;
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (stem, file_lang) = split_file_name(file, name)?;
    let lang = bulletin_language(file, file_lang, &front, &locate, languages)?;
    let slug = match &front.slug {
        Some(slug) => chosen_slug(slug, || locate("slug"))?,
        None => file_name_slug(file, name, stem, lang)?,
    };
    Ok(BulletinSource {
        file: file.to_path_buf(),
        slug,
        lang,
        date,
        front,
        front_text,
        body: text[body_offset..].to_string(),
        body_first_line,
    })
}

/// The text as read: without a byte-order mark, in NFC, and without the two private-use
/// characters the renderer uses as placeholders (authors never need them).
fn normalised(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::common::text::nfc(text).replace(['\u{E000}', '\u{E001}', '\u{E002}', '\u{E003}'], "")
}

/// The front matter between the `+++` lines, the byte offset of the body and its first line.
fn split_front_matter(file: &Path, text: &str) -> Result<(String, usize, usize), Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(Diagnostic::error(msg!("input.content.no_front_matter"))
            .at(Location::line(file, 1))
            .help(msg!("input.content.no_front_matter_help")));
    }
    let mut front_text = String::new();
    let mut consumed = first.len();
    for (i, line) in lines.enumerate() {
        consumed += line.len();
        if line.trim_end() == "+++" {
            return Ok((front_text, consumed, i + 3));
        }
        front_text.push_str(line);
    }
    Err(
        Diagnostic::error(msg!("input.content.front_matter_not_closed"))
            .at(Location::line(file, 1))
            .help(msg!("input.content.front_matter_not_closed_help")),
    )
}

/// `date` as TOML reads it: a date (`2022-07-10`) or a string holding one.
fn front_matter_date(value: &toml::Value, at: impl Fn() -> Location) -> Result<Date, Diagnostic> {
    let help = || msg!("input.content.date_help");
    let date = match value {
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => Date::new(d.year as i32, d.month, d.day),
            None => {
                return Err(Diagnostic::error(msg!("input.content.date_without_day"))
                    .at(at())
                    .help(help()))
            }
        },
        toml::Value::String(s) => Date::parse(s),
        other => {
            return Err(
                Diagnostic::error(msg!("input.content.not_a_date", value = other))
                    .at(at())
                    .help(help()),
            )
        }
    };
    date.map_err(|error| error.diagnostic(at()).help(help()))
}

/// `<slug>.<lang>.md` or `<slug>.md`: the slug part and the language the name gives, if any.
fn split_file_name<'a>(file: &Path, name: &'a str) -> Result<(&'a str, Option<Lang>), Diagnostic> {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.rsplit_once('.') {
        Some((s, code)) => match Lang::parse(code) {
            Some(lang) => Ok((s, Some(lang))),
            None => Err(
                Diagnostic::error(msg!("input.content.file_name_language", code = code))
                    .at(Location::file(file))
                    .help(msg!("input.content.file_name_language_help")),
            ),
        },
        None => Ok((stem, None)),
    }
}

/// The language from the file name and the `language` key, which must agree when both are
/// given, and which the site must be published in.
fn bulletin_language(
    file: &Path,
    file_lang: Option<Lang>,
    front: &FrontMatter,
    locate: &dyn Fn(&str) -> Location,
    languages: &[Lang],
) -> Result<Lang, Diagnostic> {
    let front_lang = match &front.language {
        Some(code) => Some(Lang::parse(code).ok_or_else(|| {
            Diagnostic::error(msg!("input.config.unsupported_language", code = code))
                .at(locate("language"))
                .help(msg!("input.content.language_help"))
        })?),
        None => None,
    };
    let lang = match (file_lang, front_lang) {
        (Some(a), Some(b)) if a != b => {
            return Err(Diagnostic::error(msg!(
                "input.content.languages_disagree",
                file_code = a,
                front_code = b
            ))
            .at(locate("language"))
            .help(msg!("input.content.languages_disagree_help")))
        }
        (Some(lang), _) | (None, Some(lang)) => lang,
        (None, None) => {
            return Err(Diagnostic::error(msg!("input.content.no_language"))
                .at(Location::line(file, 1).with_label(msg!("input.content.front_matter")))
                .help(msg!("input.content.no_language_help")))
        }
    };
    if !languages.contains(&lang) {
        return Err(
            Diagnostic::error(msg!("input.content.language_not_published", code = lang))
                .at(locate("language"))
                .help(msg!("input.content.language_not_published_help")),
        );
    }
    Ok(lang)
}

/// The `slug` key, when the author sets the address.
fn chosen_slug(slug: &str, at: impl Fn() -> Location) -> Result<String, Diagnostic> {
    if !crate::common::text::is_valid_slug(slug) {
        return Err(
            Diagnostic::error(msg!("input.content.invalid_slug", slug = slug))
                .at(at())
                .help(msg!(
                    "input.content.invalid_slug_help",
                    example = crate::common::text::slugify(slug)
                )),
        );
    }
    Ok(slug.to_string())
}

/// The address from the file name, when no `slug` key sets one.
fn file_name_slug(file: &Path, name: &str, stem: &str, lang: Lang) -> Result<String, Diagnostic> {
    if !crate::common::text::is_valid_slug(stem) {
        let example = format!("{}.{lang}.md", crate::common::text::slugify(stem));
        return Err(
            Diagnostic::error(msg!("input.content.file_name_not_an_address", name = name))
                .at(Location::file(file))
                .help(msg!(
                    "input.content.file_name_not_an_address_help",
                    example = example
                )),
        );
    }
    Ok(stem.to_string())
}

/// Control characters are invisible in an editor, invalid in HTML and would reach the page raw
/// (a title, a summary, a tag): the author is told where they are. Tabs and line ends are text.
fn check_control_characters(file: &Path, text: &str) -> Result<(), Diagnostic> {
    let Some(offset) = text.find(|c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    else {
        return Ok(());
    };
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let found = text[offset..].chars().next().unwrap_or_default();
    let closing = text.match_indices("+++").nth(1).map_or(0, |(i, _)| i);
    let mut location = Location::at(file, line, column);
    if offset < closing {
        location = location.with_label(msg!("input.content.front_matter"));
    }
    Err(Diagnostic::error(msg!(
        "input.content.control_character",
        character = found.escape_unicode()
    ))
    .at(location)
    .help(msg!("input.content.control_character_help")))
}

/// A translation key joins at most one bulletin per language.
fn check_translations(bulletins: &[BulletinSource], diagnostics: &mut Diagnostics) {
    let mut first_with_key = std::collections::HashMap::new();
    for (i, b) in bulletins.iter().enumerate() {
        if let Some(key) = &b.front.translation {
            first_with_key.entry((b.lang, key.as_str())).or_insert(i);
        }
    }
    for (i, a) in bulletins.iter().enumerate() {
        let Some(key) = &a.front.translation else {
            continue;
        };
        if let Some(&b) = first_with_key
            .get(&(a.lang, key.as_str()))
            .filter(|&&b| b != i)
        {
            let b = &bulletins[b];
            diagnostics.push(
                Diagnostic::error(msg!(
                    "input.content.same_translation_key",
                    code = a.lang,
                    key = key,
                    other = b.file.display()
                ))
                .at(a.key_location("translation"))
                .help(msg!("input.content.same_translation_key_help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> Result<BulletinSource, Diagnostic> {
        parse_bulletin(Path::new(name), text, &[Lang::Vi, Lang::En])
    }

    const GOOD: &str = "+++\ntitle = \"Tin\"\ndate = 2022-07-10\nregions = [\"hue\"]\n+++\nBody {{ value(indicator=\"x\") }}\n";

    #[test]
    fn splits_front_matter_and_body() {
        let b = parse("content/bulletins/tin.vi.md", GOOD).unwrap();
        assert_eq!(b.slug, "tin");
        assert_eq!(b.lang, Lang::Vi);
        assert_eq!(b.date, Date::new(2022, 7, 10).unwrap());
        assert_eq!(b.body_first_line, 6);
        assert!(b.body.starts_with("Body"));
        assert_eq!(b.key_location("regions").line, Some(4));
    }

    #[test]
    fn crlf_front_matter() {
        let b = parse("a.en.md", &GOOD.replace('\n', "\r\n")).unwrap();
        assert_eq!(b.lang, Lang::En);
    }

    #[test]
    fn front_matter_errors_name_the_key() {
        let err = parse("a.vi.md", &GOOD.replace("title", "titel")).unwrap_err();
        assert!(err.message.contains("unknown field `titel`"), "{err}");
        assert_eq!(err.location.unwrap().line, Some(2));
        let err = parse("a.vi.md", &GOOD.replace("2022-07-10", "2022-02-30")).unwrap_err();
        assert_eq!(err.location.as_ref().unwrap().line, Some(3), "{err}");
        let err = parse("a.vi.md", "no front matter").unwrap_err();
        assert!(err.message.contains("no front matter"));
        let err = parse("a.vi.md", "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.message.contains("not closed"));
        let err = parse("a.vi.md", "+++\ntitle = \"x\ndate = 2022-01-01\n+++\n").unwrap_err();
        assert!(err.location.unwrap().line.is_some());
    }

    #[test]
    fn language_and_slug_rules() {
        assert!(parse("a.fr.md", GOOD)
            .unwrap_err()
            .message
            .contains("not a language"));
        assert!(parse("a.md", GOOD)
            .unwrap_err()
            .message
            .contains("language"));
        let err = parse(
            "a.vi.md",
            &GOOD.replace("+++\nBody", "language = \"en\"\n+++\nBody"),
        )
        .unwrap_err();
        assert!(err.message.contains("file name says"));
        let err = parse(
            "a.vi.md",
            &GOOD.replace("+++\nBody", "slug = \"../../etc\"\n+++\nBody"),
        )
        .unwrap_err();
        assert!(err.message.contains("not a valid slug"), "{err}");
        let err = parse("Bản tin.vi.md", GOOD).unwrap_err();
        assert!(err.help.unwrap().contains("ban-tin.vi.md"));
    }

    #[test]
    fn findings_speak_vietnamese() {
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let err = parse("a.vi.md", "no front matter").unwrap_err();
            assert_eq!(err.message, "bản tin không có phần đầu tệp (front matter)");
            assert!(err
                .help
                .unwrap()
                .starts_with("mở đầu tệp bằng một dòng `+++`"));
            let err = parse(
                "a.vi.md",
                &GOOD.replace("+++\nBody", "language = \"en\"\n+++\nBody"),
            )
            .unwrap_err();
            assert_eq!(
                err.message,
                "tên tệp ghi `vi` nhưng phần đầu tệp lại ghi `en`"
            );
            assert_eq!(
                err.location.unwrap().label.as_deref(),
                Some("phần đầu tệp, khóa `language`")
            );
            let err = parse("Bản tin.vi.md", GOOD).unwrap_err();
            assert_eq!(
                err.message,
                "không thể dùng tên tệp `Bản tin.vi.md` làm địa chỉ"
            );
            assert!(err.help.unwrap().ends_with("ví dụ `ban-tin.vi.md`"));
        });
    }
}

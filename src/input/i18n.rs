//! Interface strings per language. The built-in tables live in `templates/i18n/<lang>.toml`;
//! a site overrides any of them with a file of the same name in its own `templates/i18n/`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::locale::Lang;
use crate::common::messages::msg;
pub use crate::common::text::fill;
use crate::input::config::toml_diagnostic;

const BUILTIN_VI: &str = include_str!("../../templates/i18n/vi.toml");
const BUILTIN_EN: &str = include_str!("../../templates/i18n/en.toml");

#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`; a missing key shows itself in brackets so it is seen, and the
    /// built-in tables are tested to be complete.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with its `{name}` placeholders filled from `values`.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }
}

/// The `{name}` placeholders of a template.
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|piece| {
        let name = &piece[..piece.find('}')?];
        let is_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        is_name.then_some(name)
    })
}

/// A site's sentence may only use the placeholders its built-in sentence has (in either
/// language); any other would be shown as written on every page.
fn check_placeholders(key: &str, value: &str, shown: &Path) -> Result<(), Diagnostic> {
    let known: Vec<&str> = [Lang::Vi, Lang::En]
        .into_iter()
        .flat_map(|lang| placeholders(builtin(lang).get(key)))
        .collect();
    if known.is_empty() {
        return Ok(());
    }
    let Some(unknown) = placeholders(value).find(|name| !known.contains(name)) else {
        return Ok(());
    };
    let mut names: Vec<String> = known.iter().map(|name| format!("{{{name}}}")).collect();
    names.sort();
    names.dedup();
    Err(Diagnostic::error(msg!(
        "input.i18n.unknown_placeholder",
        placeholder = unknown,
        key = key
    ))
    .at(key_location(shown, key))
    .did_you_mean_or(
        unknown,
        known.iter().copied(),
        msg!(
            "input.i18n.known_placeholders",
            key = key,
            placeholders = names.join(", ")
        ),
    ))
}

fn key_location(shown: &Path, key: &str) -> Location {
    Location::file(shown).with_label(msg!("input.config.key_label", key = key))
}

/// The built-in strings of `lang`, without a site's overrides.
pub fn builtin(lang: Lang) -> &'static Strings {
    static VI: OnceLock<Strings> = OnceLock::new();
    static EN: OnceLock<Strings> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::Vi => (&VI, BUILTIN_VI),
        Lang::En => (&EN, BUILTIN_EN),
    };
    cell.get_or_init(|| Strings(parse(text, Path::new("(built-in strings)")).unwrap_or_default()))
}

fn parse(text: &str, file: &Path) -> Result<BTreeMap<String, String>, Diagnostic> {
    toml::from_str(text).map_err(|e| toml_diagnostic(&e, text, file, 0))
}

/// Built-in strings for `lang`, with the site's overrides from `templates_dir/i18n/<lang>.toml`.
pub fn load(
    lang: Lang,
    root: &Path,
    templates_dir: &Path,
    shown_dir: &Path,
) -> Result<Strings, Diagnostic> {
    let builtin = match lang {
        Lang::Vi => BUILTIN_VI,
        Lang::En => BUILTIN_EN,
    };
    let mut table = parse(builtin, Path::new("(built-in strings)"))?;
    let file_name = format!("{}.toml", lang.code());
    let site_file = templates_dir.join("i18n").join(&file_name);
    if crate::common::walk::exists(&site_file) {
        let shown = shown_dir.join("i18n").join(&file_name);
        let text = crate::common::walk::read_text(root, &site_file)?;
        for (key, value) in parse(&text, &shown)? {
            if !table.contains_key(&key) {
                return Err(Diagnostic::error(msg!("input.i18n.unknown_key", key = key))
                    .at(key_location(&shown, &key))
                    .did_you_mean_or(
                        &key,
                        table.keys().map(String::as_str),
                        msg!("input.i18n.unknown_key_help"),
                    ));
            }
            check_placeholders(&key, &value, &shown)?;
            table.insert(key, value);
        }
    }
    Ok(Strings(table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let vi = parse(BUILTIN_VI, Path::new("vi")).unwrap();
        let en = parse(BUILTIN_EN, Path::new("en")).unwrap();
        let missing_en: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
        let missing_vi: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_vi.is_empty(), "missing in vi: {missing_vi:?}");
    }

    #[test]
    fn fill_replaces_named_placeholders_once() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "x"), ("b", "{a}")]),
            "x and {a}, x"
        );
        assert_eq!(fill("{unknown} { {a", &[("a", "x")]), "{unknown} { {a");
        assert_eq!(fill("Σ {value}", &[("value", "1,5")]), "Σ 1,5");
    }

    #[test]
    fn a_site_sentence_uses_the_placeholders_of_the_built_in_one() {
        let shown = Path::new("templates/i18n/en.toml");
        let ok = "{name} ({region}): {change} between {from} and {to}";
        assert!(check_placeholders("chart.trend_title", ok, shown).is_ok());
        // The Vietnamese title lowers the name's first letter; English may too.
        assert!(check_placeholders("chart.composition_title", "{name_lower}", shown).is_ok());
        let typo = check_placeholders("chart.trend_title", "{nme} in {region}", shown).unwrap_err();
        assert!(
            typo.message.contains("`{nme}` is not a placeholder"),
            "{typo:?}"
        );
        assert_eq!(typo.help.as_deref(), Some("did you mean `name`?"));
        // Strings that are not templates are shown as written, braces and all.
        assert!(check_placeholders("footer.data", "{curly}", shown).is_ok());
    }

    #[test]
    fn builtin_strings_are_complete_and_parse() {
        assert_eq!(builtin(Lang::En).get("chart.period"), "Period");
        assert_eq!(builtin(Lang::Vi).get("chart.period"), "Kỳ");
    }

    #[test]
    fn findings_speak_vietnamese() {
        use crate::common::messages::with_lang;
        with_lang(Lang::Vi, || {
            let shown = Path::new("templates/i18n/vi.toml");
            let typo =
                check_placeholders("chart.trend_title", "{nme} ở {region}", shown).unwrap_err();
            assert_eq!(
                typo.message,
                "`{nme}` không phải là chỗ điền của `chart.trend_title`"
            );
            assert_eq!(typo.help.as_deref(), Some("có phải ý bạn là `name`?"));
            assert_eq!(
                typo.location.unwrap().label.as_deref(),
                Some("khóa `chart.trend_title`")
            );
            let far = check_placeholders("chart.trend_title", "{zzzzzzzz}", shown).unwrap_err();
            assert!(
                far.help
                    .unwrap()
                    .starts_with("`chart.trend_title` chỉ dùng được {"),
                "far-off placeholders list the ones allowed"
            );
        });
    }
}

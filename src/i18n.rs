//! Interface strings per language. The built-in tables live in `templates/i18n/<lang>.toml`;
//! a site overrides any of them with a file of the same name in its own `templates/i18n/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::toml_diagnostic;
use crate::diagnostics::{Diagnostic, Location};
use crate::locale::Lang;

const BUILTIN_VI: &str = include_str!("../templates/i18n/vi.toml");
const BUILTIN_EN: &str = include_str!("../templates/i18n/en.toml");

#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`; a missing key shows itself in brackets so it is seen, and the
    /// built-in tables are tested to be complete.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }
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
    if crate::walk::exists(&site_file) {
        let shown = shown_dir.join("i18n").join(&file_name);
        let text = crate::walk::read_text(root, &site_file)?;
        for (key, value) in parse(&text, &shown)? {
            if !table.contains_key(&key) {
                return Err(Diagnostic::error(format!("`{key}` is not an interface string"))
                    .at(Location::file(&shown).with_label(format!("key `{key}`")))
                    .did_you_mean_or(
                        &key,
                        table.keys().map(String::as_str),
                        "only built-in strings can be overridden; see templates/i18n/ in the bulletin repository",
                    ));
            }
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
}

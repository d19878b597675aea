//! The tool's own words: every diagnostic, hint, summary line and help text, in Vietnamese and
//! English, kept in the catalogs of `src/common/messages/*.toml` rather than in Rust code.
//!
//! A catalog file holds one area of the tool (`input.toml` for what reading files finds,
//! `cli.toml` for the command line...). Each entry names both languages side by side so a
//! translator sees the pair, and `{name}` placeholders that the code fills:
//!
//! ```toml
//! [table.empty]
//! en = "the file is empty"
//! vi = "tệp trống"
//! ```
//!
//! Code asks for `msg!("input.table.empty")`: the file's name, then the entry's dotted name.
//! An entry may add `en_one` (and `vi_one`) for when its `{count}` is 1 ("1 error", "2 errors").
//!
//! Messages are written in the language chosen once for the process (`--lang`, then
//! `BULLETIN_LANG`, then the site's default language), so a report reads in one language
//! from its first line to its summary. A thread may speak another language for a while with
//! [`with_lang`] (tests, and a preview that shows a page in its own language).

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use crate::common::locale::Lang;
use crate::common::text::fill;

/// The catalogs, by area; the area is the first part of every key.
const CATALOGS: [(&str, &str); 8] = [
    ("common", include_str!("messages/common.toml")),
    ("input", include_str!("messages/input.toml")),
    ("model", include_str!("messages/model.toml")),
    ("site", include_str!("messages/site.toml")),
    ("draw", include_str!("messages/draw.toml")),
    ("output", include_str!("messages/output.toml")),
    ("project", include_str!("messages/project.toml")),
    ("cli", include_str!("messages/cli.toml")),
];

/// One message in both languages.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    en: String,
    vi: String,
    en_one: Option<String>,
    vi_one: Option<String>,
}

impl Entry {
    fn text(&self, lang: Lang, one: bool) -> &str {
        let (many, single) = match lang {
            Lang::Vi => (&self.vi, &self.vi_one),
            Lang::En => (&self.en, &self.en_one),
        };
        match single {
            Some(single) if one => single,
            _ => many,
        }
    }
}

/// Unset: English until the command line has chosen (a library user gets English).
const UNSET: u8 = 0;
static PROCESS_LANG: AtomicU8 = AtomicU8::new(UNSET);

thread_local! {
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

fn encode(lang: Lang) -> u8 {
    match lang {
        Lang::Vi => 1,
        Lang::En => 2,
    }
}

/// Chooses the language of every message this process writes from now on.
pub fn set_lang(lang: Lang) {
    PROCESS_LANG.store(encode(lang), Ordering::Relaxed);
}

/// The language messages are written in on this thread.
pub fn lang() -> Lang {
    if let Some(lang) = THREAD_LANG.with(Cell::get) {
        return lang;
    }
    match PROCESS_LANG.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        _ => Lang::En,
    }
}

/// Runs `work` with this thread's messages in `lang`, then speaks as before (even on panic).
pub fn with_lang<T>(lang: Lang, work: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            THREAD_LANG.with(|cell| cell.set(self.0));
        }
    }
    let _restore = Restore(THREAD_LANG.with(|cell| cell.replace(Some(lang))));
    work()
}

fn catalog() -> &'static HashMap<String, Entry> {
    static CATALOG: OnceLock<HashMap<String, Entry>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut entries = HashMap::new();
        for (area, text) in CATALOGS {
            // The catalogs are part of the program and tested to parse; a broken one shows
            // keys in brackets rather than stopping a build.
            if let Ok(table) = toml::from_str::<toml::Table>(text) {
                flatten(area, table, &mut entries);
            }
        }
        entries
    })
}

/// Walks nested tables down to entries (tables with an `en` string), naming each by its path.
fn flatten(prefix: &str, table: toml::Table, entries: &mut HashMap<String, Entry>) {
    for (name, value) in table {
        let key = format!("{prefix}.{name}");
        let toml::Value::Table(inner) = value else {
            continue;
        };
        if inner.get("en").is_some_and(toml::Value::is_str) {
            if let Ok(entry) = toml::Value::Table(inner).try_into::<Entry>() {
                entries.insert(key, entry);
            }
        } else {
            flatten(&key, inner, entries);
        }
    }
}

/// The message `key` in this thread's language, its `{name}` placeholders filled from `values`.
/// A `{count}` of 1 picks the entry's singular form when it has one. An unknown key shows
/// itself in brackets (the catalogs are tested against every key the code uses).
pub fn text(key: &str, values: &[(&str, &str)]) -> String {
    text_in(lang(), key, values)
}

/// Like [`text`], in `lang` whatever this thread speaks.
pub fn text_in(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    let Some(entry) = catalog().get(key) else {
        return format!("[{key}]");
    };
    let one = values
        .iter()
        .any(|(name, value)| *name == "count" && *value == "1");
    fill(entry.text(lang, one), values)
}

/// The catalog's keys that start with `prefix`, sorted: for texts looked up by a computed key
/// (the command line's help), whose tests check both ways.
pub fn keys_under(prefix: &str) -> Vec<String> {
    let mut keys: Vec<String> = catalog()
        .keys()
        .filter(|key| key.starts_with(prefix))
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// Every key of the catalogs with its texts, for the catalog tests.
#[cfg(test)]
pub(crate) fn all_entries() -> Vec<(String, Vec<String>)> {
    catalog()
        .iter()
        .map(|(key, entry)| {
            let texts = [&entry.en_one, &entry.vi_one]
                .into_iter()
                .flatten()
                .chain([&entry.en, &entry.vi])
                .cloned()
                .collect();
            (key.clone(), texts)
        })
        .collect()
}

/// A message of the catalogs in this thread's language:
/// `msg!("input.table.empty")`, `msg!("input.table.bad_row", row = 4, file = shown.display())`.
macro_rules! msg {
    ($key:literal $(,)?) => {
        $crate::common::messages::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::common::messages::text(
            $key,
            &[$((stringify!($name), &$value.to_string() as &str)),+],
        )
    };
}
pub(crate) use msg;

/// The key of a message to be written later, once (a [`Listing`](crate::common::listing::Listing)
/// kind), spelled so the catalog tests see it used.
macro_rules! msg_key {
    ($key:literal) => {
        $key
    };
}
pub(crate) use msg_key;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_parses_into_entries_with_both_languages() {
        for (area, text) in CATALOGS {
            let table: toml::Table = toml::from_str(text)
                .unwrap_or_else(|e| panic!("messages/{area}.toml does not parse: {e}"));
            let mut entries = HashMap::new();
            flatten(area, table, &mut entries);
        }
        for (key, texts) in all_entries() {
            assert!(
                texts.iter().all(|t| !t.trim().is_empty()),
                "{key} has an empty text"
            );
        }
    }

    #[test]
    fn a_thread_speaks_its_language_for_a_while_then_as_before() {
        let before = lang();
        with_lang(Lang::Vi, || {
            assert_eq!(lang(), Lang::Vi);
            with_lang(Lang::En, || assert_eq!(lang(), Lang::En));
            assert_eq!(lang(), Lang::Vi);
        });
        assert_eq!(lang(), before);
    }

    #[test]
    fn an_unknown_key_shows_itself() {
        assert_eq!(text("common.no_such_key", &[]), "[common.no_such_key]");
    }
}

//! The message catalogs (`src/common/messages/*.toml`) and the code agree: every key the code
//! asks for exists in both languages with the placeholders the code fills, no entry is unused,
//! and no diagnostic or hint is written as an English literal in the code. Read from the source
//! text, so a break names the file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Each source file's code before its unit tests, shown relative to `src/`.
fn code_files() -> Vec<(String, String)> {
    let mut found = Vec::new();
    rust_sources(&src(), &mut found);
    found.sort();
    found
        .into_iter()
        .map(|path| {
            let shown = path
                .strip_prefix(src())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&path).unwrap();
            // Comments may quote calls; blank them, keeping line numbers.
            let text: String = text
                .lines()
                .map(|line| {
                    if line.trim_start().starts_with("//") {
                        ""
                    } else {
                        line
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let code = match text.find("#[cfg(test)]\nmod tests {") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (shown, code)
        })
        .collect()
}

/// Key -> every text of the entry (en, vi and their singular forms).
fn catalog() -> BTreeMap<String, Vec<(String, String)>> {
    let mut entries = BTreeMap::new();
    for entry in fs::read_dir(src().join("common/messages")).unwrap() {
        let path = entry.unwrap().path();
        let area = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap();
        let table: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
        flatten(&area, &table, &mut entries);
    }
    entries
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, Vec<(String, String)>>) {
    for (name, value) in table {
        let key = format!("{prefix}.{name}");
        let toml::Value::Table(inner) = value else {
            panic!("`{key}` is not an entry or a group of entries");
        };
        if inner.contains_key("en") {
            let texts = inner
                .iter()
                .map(|(lang, text)| {
                    let text = text
                        .as_str()
                        .unwrap_or_else(|| panic!("{key}.{lang} is not text"));
                    (lang.clone(), text.to_string())
                })
                .collect();
            out.insert(key, texts);
        } else {
            flatten(&key, inner, out);
        }
    }
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|piece| {
            let name = &piece[..piece.find('}')?];
            let is_name =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            is_name.then(|| name.to_string())
        })
        .collect()
}

/// A use of `msg!` in the code: its key, the names it fills, and where it is.
struct Use {
    key: String,
    names: BTreeSet<String>,
    place: String,
}

/// The `msg!(...)` calls of a file, read up to their closing parenthesis.
fn uses(file: &str, code: &str) -> Vec<Use> {
    let mut found = Vec::new();
    // `msg_key!` names a message written later (with no placeholders filled at that place).
    let calls = code
        .match_indices("msg!(")
        .chain(code.match_indices("msg_key!("));
    for (at, macro_name) in calls {
        let line = code[..at].lines().count().max(1);
        let place = format!("src/{file}:{line}");
        let rest = &code[at + macro_name.len()..];
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        let call = &rest[..end];
        let Some(key) = call
            .trim_start()
            .strip_prefix('"')
            .and_then(|k| k.split('"').next())
        else {
            continue; // the macro's own definition
        };
        let names = call
            .split(',')
            .skip(1)
            .filter_map(|arg| {
                let (name, _) = arg.split_once('=')?;
                let name = name.trim();
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_')
                    .then(|| name.to_string())
            })
            .collect();
        found.push(Use {
            key: key.to_string(),
            names,
            place,
        });
    }
    found
}

#[test]
fn every_entry_has_both_languages_with_the_same_placeholders() {
    let mut problems = Vec::new();
    for (key, texts) in catalog() {
        let langs: BTreeSet<&str> = texts.iter().map(|(lang, _)| lang.as_str()).collect();
        for needed in ["en", "vi"] {
            if !langs.contains(needed) {
                problems.push(format!("{key}: no `{needed}` text"));
            }
        }
        for lang in &langs {
            if !["en", "vi", "en_one", "vi_one"].contains(lang) {
                problems.push(format!("{key}: `{lang}` is not a language of the catalog"));
            }
        }
        let english = texts
            .iter()
            .find(|(l, _)| l == "en")
            .map(|(_, t)| placeholders(t));
        for (lang, text) in &texts {
            if text.trim().is_empty() {
                problems.push(format!("{key}.{lang} is empty"));
            }
            // A singular form may leave out {count} ("1 error"); nothing else may differ.
            let mut own = placeholders(text);
            let mut wanted = english.clone().unwrap_or_default();
            if lang.ends_with("_one") {
                own.remove("count");
                wanted.remove("count");
            }
            if own != wanted {
                problems.push(format!(
                    "{key}.{lang} fills {own:?} but `en` fills {wanted:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_code_and_the_catalogs_name_the_same_messages() {
    let catalog = catalog();
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    for (file, code) in code_files() {
        for found in uses(&file, &code) {
            used.insert(found.key.clone());
            let Some(texts) = catalog.get(&found.key) else {
                problems.push(format!(
                    "{}: `{}` is not in the catalogs",
                    found.place, found.key
                ));
                continue;
            };
            let wanted = placeholders(&texts.iter().find(|(l, _)| l == "en").unwrap().1);
            if wanted != found.names {
                problems.push(format!(
                    "{}: `{}` needs {wanted:?} but is given {:?}",
                    found.place, found.key, found.names
                ));
            }
        }
    }
    for key in catalog.keys() {
        // Looked up by the command's and argument's names; src/cli/args.rs tests them both ways.
        if key.starts_with("cli.command.") {
            continue;
        }
        if !used.contains(key) {
            problems.push(format!("`{key}` is in the catalogs but no code uses it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Ways of writing a finding's words as a literal in the code instead of through `msg!`.
const UNTRANSLATED: &[&str] = &[
    "Diagnostic::error(\"",
    "Diagnostic::error(format!(",
    "Diagnostic::warning(\"",
    "Diagnostic::warning(format!(",
    ".help(\"",
    ".help(format!(",
    "message: format!(",
    "help: format!(",
];

/// Words in a printed literal (outside its `{placeholders}`): `eprintln!("{finding}")` prints a
/// message made elsewhere, `eprintln!("Built {n} pages")` writes English in the code.
fn printed_words(code: &str) -> Vec<usize> {
    let mut found = Vec::new();
    // These also find `eprintln!(` and `eprint!(`, which end with them.
    for macro_name in ["println!(\"", "print!(\""] {
        for (at, _) in code.match_indices(macro_name) {
            let literal = code[at + macro_name.len()..]
                .split('"')
                .next()
                .unwrap_or("");
            let mut depth = 0;
            let mut escaped = false;
            let words = literal.chars().any(|c| {
                let plain = !escaped;
                escaped = plain && c == '\\';
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                plain && depth == 0 && c.is_alphabetic()
            });
            if words {
                found.push(code[..at].lines().count().max(1));
            }
        }
    }
    found
}

#[test]
fn no_finding_is_written_in_english_in_the_code() {
    let mut problems = Vec::new();
    for (file, code) in code_files() {
        // Calls are often split over lines: compare with the whitespace after `(` removed.
        let squeezed: String = code
            .split('\n')
            .map(str::trim_start)
            .collect::<Vec<_>>()
            .join("\n");
        let squeezed = squeezed.replace("(\n", "(").replace(":\n", ": ");
        for line in printed_words(&code) {
            problems.push(format!("src/{file}:{line}: a printed literal with words"));
        }
        for pattern in UNTRANSLATED {
            for (at, _) in squeezed.match_indices(pattern) {
                let line = squeezed[..at].lines().count().max(1);
                problems.push(format!("src/{file} near line {line}: `{pattern}`"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "write these through msg! and the catalogs in src/common/messages/:\n{}",
        problems.join("\n")
    );
}

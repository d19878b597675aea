//! The shape of `src/` stays as the architecture says: stages used only in pipeline order, no
//! file over 600 lines, no function over 100. Read from the source text, so a break names the
//! file and line.

use std::fs;
use std::path::{Path, PathBuf};

/// The stages in pipeline order; a module may use its own stage and earlier ones.
const STAGES: &[&str] = &["common", "input", "model", "site", "draw", "output"];
const MAX_FILE_LINES: usize = 600;
const MAX_FUNCTION_LINES: usize = 100;

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn all_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    sources(&src, &mut found);
    found.sort();
    found
        .into_iter()
        .map(|path| {
            let shown: Vec<String> = path
                .strip_prefix(&src)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let shown = shown.join("/");
            (shown, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The stage a file belongs to, by its folder.
fn stage_of(file: &str) -> Option<usize> {
    let folder = file.split('/').next()?;
    STAGES.iter().position(|s| *s == folder)
}

/// `crate::<stage>` uses of a later stage, as (line, stage used).
fn later_uses(text: &str, own: usize) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for (i, _) in line.match_indices("crate::") {
            let rest = &line[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if let Some(used) = STAGES.iter().position(|s| *s == name) {
                if used > own {
                    found.push((n + 1, STAGES[used]));
                }
            }
        }
    }
    found
}

/// Functions longer than the limit, as (line, name, length): from a line that starts a `fn` to
/// the closing brace at its indentation.
fn long_functions(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = trimmed
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ");
        let Some(rest) = signature.strip_prefix("fn ") else {
            i += 1;
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut open = i;
        while open < lines.len() && !lines[open].trim_end().ends_with('{') {
            if lines[open].trim_end().ends_with(';') {
                break;
            }
            open += 1;
        }
        if open >= lines.len() || lines[open].trim_end().ends_with(';') {
            i = open + 1;
            continue;
        }
        let close_line = format!("{indent}}}");
        let close = (open + 1..lines.len())
            .find(|&k| lines[k] == close_line)
            .unwrap_or(lines.len() - 1);
        let length = close - i + 1;
        if length > MAX_FUNCTION_LINES {
            found.push((i + 1, name, length));
        }
        i = close + 1;
    }
    found
}

#[test]
fn no_stage_uses_a_later_one() {
    let mut broken = Vec::new();
    for (file, text) in all_sources() {
        let Some(own) = stage_of(&file) else { continue };
        for (line, used) in later_uses(&text, own) {
            broken.push(format!("src/{file}:{line} uses the later stage `{used}`"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn files_and_functions_stay_short() {
    let mut broken = Vec::new();
    for (file, text) in all_sources() {
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            broken.push(format!(
                "src/{file} has {lines} lines (at most {MAX_FILE_LINES})"
            ));
        }
        for (line, name, length) in long_functions(&text) {
            broken.push(format!(
                "src/{file}:{line} `{name}` has {length} lines (at most {MAX_FUNCTION_LINES})"
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    assert_eq!(
        later_uses("use crate::output::pages;\nuse crate::common::text;", 1),
        [(1, "output")]
    );
    let long = format!(
        "fn long() {{\n{}}}\nfn short() {{\n}}\n",
        "    x();\n".repeat(120)
    );
    assert_eq!(long_functions(&long), [(1, "long".to_string(), 122)]);
    assert_eq!(stage_of("draw/map.rs"), Some(4));
    assert_eq!(stage_of("lib.rs"), None);
}

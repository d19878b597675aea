//! Helpers shared by the integration tests: copying fixture sites and reading built pages.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a site (bulletin.toml, data, content, templates, static) into a fresh temp dir.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ["bulletin.toml", "data", "content", "templates", "static"] {
        let source = from.join(entry);
        if source.exists() {
            copy_recursively(&source, &dir.path().join(entry));
        }
    }
    dir
}

pub fn copy_recursively(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_recursively(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap();
    }
}

pub fn options(root: &Path, output: &Path) -> bulletin::Options {
    bulletin::Options {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        ..Default::default()
    }
}

/// Builds a site that must build, showing every finding when it does not.
/// Runs `bulletin check --root ROOT` with its messages in `lang` (through `BULLETIN_LANG`;
/// `None`: the site's own default language). Whether it succeeded, and what it printed.
pub fn check_command(root: &Path, lang: Option<&str>) -> (bool, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"));
    command.args(["check", "--root"]).arg(root);
    match lang {
        Some(lang) => command.env("BULLETIN_LANG", lang),
        None => command.env_remove("BULLETIN_LANG"),
    };
    let run = command.output().expect("the program runs");
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    (run.status.success(), stderr)
}

pub fn build_ok(options: &bulletin::Options) -> bulletin::Report {
    bulletin::build(options).unwrap_or_else(|failure| {
        let findings: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
        panic!("the build failed:\n{}", findings.join("\n\n"))
    })
}

pub fn read(output: &Path, page: &str) -> String {
    fs::read_to_string(output.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The visible text of a page: tags removed, entities decoded, white space folded.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    files
}

fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push((relative, fs::read(&path).unwrap()));
        }
    }
}

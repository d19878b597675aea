//! `bulletin init` writes a site that builds without a warning; `bulletin new bulletin` adds a
//! pair that builds as a draft; neither replaces a file.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn bulletin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .output()
        .expect("the program runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn root(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

#[test]
fn a_new_site_builds_and_a_new_bulletin_joins_it_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let init = bulletin(&["init", root(&site)]);
    assert!(init.status.success(), "{}", stderr(&init));
    let built = bulletin(&["build", "--root", root(&site)]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!stderr(&built).contains("warning"), "{}", stderr(&built));
    let home = fs::read_to_string(site.join("output/index.html")).unwrap();
    assert!(home.contains("Yên Bái"), "the starter bulletin is listed");

    let new = bulletin(&[
        "new",
        "bulletin",
        "2025-06-yen-bai",
        "--root",
        root(&site),
        "--region",
        "yen-bai",
    ]);
    assert!(new.status.success(), "{}", stderr(&new));
    let vi = fs::read_to_string(site.join("content/bulletins/2025-06-yen-bai.vi.md")).unwrap();
    assert!(vi.contains("translation = \"2025-06-yen-bai\"") && vi.contains("draft = true"));
    let drafts = bulletin(&["check", "--root", root(&site), "--drafts"]);
    assert!(drafts.status.success(), "{}", stderr(&drafts));
    assert!(
        stderr(&drafts).contains("4 bulletins"),
        "{}",
        stderr(&drafts)
    );
}

#[test]
fn nothing_is_ever_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path();
    fs::create_dir_all(site.join("data")).unwrap();
    fs::write(site.join("data/regions.csv"), "mine").unwrap();
    let init = bulletin(&["init", root(site)]);
    assert!(!init.status.success());
    assert!(
        stderr(&init).contains("data/regions.csv"),
        "{}",
        stderr(&init)
    );
    assert_eq!(
        fs::read_to_string(site.join("data/regions.csv")).unwrap(),
        "mine"
    );
    assert!(!site.join("bulletin.toml").exists(), "nothing written");

    let other = dir.path().join("other");
    assert!(bulletin(&["init", root(&other)]).status.success());
    assert!(!bulletin(&["init", root(&other)]).status.success());
    let args = ["new", "bulletin", "note", "--root", root(&other)];
    assert!(bulletin(&args).status.success());
    let path = other.join("content/bulletins/note.en.md");
    fs::write(&path, "edited").unwrap();
    let again = bulletin(&args);
    assert!(!again.status.success());
    assert_eq!(fs::read_to_string(&path).unwrap(), "edited");
}

#[test]
fn bad_names_are_refused_with_a_fix() {
    let dir = tempfile::tempdir().unwrap();
    for (args, hint) in [
        (vec!["new", "bulletin", "Hà Tĩnh"], "lowercase letters"),
        (vec!["new", "bulletin", "ok", "--region", "Hà Tĩnh"], "slug"),
        (
            vec!["new", "bulletin", "ok", "--period", "tháng 6"],
            "2025-06",
        ),
    ] {
        let mut args = args.clone();
        args.extend(["--root", root(dir.path())]);
        let output = bulletin(&args);
        assert!(!output.status.success(), "{args:?}");
        assert!(stderr(&output).contains(hint), "{}", stderr(&output));
    }
    assert!(!dir.path().join("content").exists());
}

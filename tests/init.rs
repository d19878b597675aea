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
    // The starter site's default language is Vietnamese, so its messages are.
    assert!(stderr(&built).contains("Đã tạo"), "{}", stderr(&built));
    assert!(!stderr(&built).contains("cảnh báo"), "{}", stderr(&built));
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
    assert!(stderr(&drafts).contains("4 bản tin"), "{}", stderr(&drafts));
}

fn bulletin_with_env(args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .env("BULLETIN_LANG", lang)
        .output()
        .expect("the program runs")
}

#[test]
fn messages_follow_the_flag_then_the_environment_then_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert!(bulletin(&["init", root(&site)]).status.success());
    let check = ["check", "--root", root(&site)];
    let by_site = stderr(&bulletin(&check));
    assert!(by_site.starts_with("Đã kiểm tra "), "{by_site}");
    let by_env = stderr(&bulletin_with_env(&check, "en"));
    assert!(by_env.starts_with("Checked "), "{by_env}");
    let by_flag = stderr(&bulletin_with_env(
        &["check", "--lang", "vi", "--root", root(&site)],
        "en",
    ));
    assert!(by_flag.starts_with("Đã kiểm tra "), "{by_flag}");

    // A mistake on the command line, and one in a command's value, in both languages.
    let typo = ["chek", "--root", root(&site)];
    let vi = stderr(&bulletin(&typo));
    assert!(
        vi.contains("lỗi: `chek` không phải là lệnh của bulletin"),
        "{vi}"
    );
    assert!(vi.contains("cách sửa: có phải ý bạn là `check`?"), "{vi}");
    let en = stderr(&bulletin_with_env(&typo, "en"));
    assert!(
        en.contains("error: `chek` is not a command of bulletin"),
        "{en}"
    );
    assert!(en.contains("help: did you mean `check`?"), "{en}");
    let slug = ["new", "bulletin", "Bản tin 6", "--root", root(&site)];
    let vi = stderr(&bulletin(&slug));
    assert!(
        vi.contains("không dùng được làm địa chỉ của bản tin"),
        "{vi}"
    );
    assert!(vi.contains("chữ thường không dấu"), "{vi}");
    let en = stderr(&bulletin_with_env(&slug, "en"));
    assert!(en.contains("cannot be a bulletin's address"), "{en}");

    // The help of a command, in the site's language.
    let help =
        String::from_utf8_lossy(&bulletin(&["serve", "--help", "--root", root(&site)]).stdout)
            .into_owned();
    assert!(
        help.contains("Cách dùng: bulletin serve [TÙY_CHỌN]"),
        "{help}"
    );
    assert!(help.contains("--port <PORT>"), "{help}");
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

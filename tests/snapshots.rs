//! Snapshot tests of page shape: the visible text of key pages of the fixture site, one block per
//! line. A change in templates or formatting shows up as a readable diff.
//! Regenerate with `BULLETIN_UPDATE_SNAPSHOTS=1 cargo test --test snapshots` and review the diff.

mod common;

use common::*;
use std::fs;

/// Visible text with one line per block element (headings, paragraphs, rows, list items).
fn blocks(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut marked = body.to_string();
    for tag in [
        "</p>",
        "</tr>",
        "</li>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</dt>",
        "</dd>",
        "</summary>",
        "</caption>",
    ] {
        marked = marked.replace(tag, &format!("{tag}\n"));
    }
    marked
        .lines()
        .map(text)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn fixture_pages_keep_their_shape() {
    let site = copy_site(&fixture("minimal"));
    let output = site.path().join("output");
    bulletin::build(&options(site.path(), &output)).expect("fixture builds");
    let update = std::env::var_os("BULLETIN_UPDATE_SNAPSHOTS").is_some();
    let mut mismatches = Vec::new();
    for (page, name) in [
        ("provinces/ha-tinh/index.html", "province-ha-tinh.vi.txt"),
        ("en/provinces/ha-tinh/index.html", "province-ha-tinh.en.txt"),
        ("bulletins/ha-tinh/index.html", "bulletin-ha-tinh.vi.txt"),
        (
            "en/indicators/hi_coverage/index.html",
            "indicator-hi_coverage.en.txt",
        ),
        (
            "en/provinces/an-giang/index.html",
            "province-an-giang.en.txt",
        ),
    ] {
        let actual = blocks(&read(&output, page));
        let path = repo_root().join("tests/snapshots").join(name);
        if update {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!("missing snapshot {name}; run with BULLETIN_UPDATE_SNAPSHOTS=1")
        });
        if expected != actual {
            let first_difference = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(expected.lines().count().min(actual.lines().count()));
            mismatches.push(format!(
                "{name}: first difference at line {}:\n  expected: {:?}\n  actual:   {:?}",
                first_difference + 1,
                expected.lines().nth(first_difference).unwrap_or(""),
                actual.lines().nth(first_difference).unwrap_or("")
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

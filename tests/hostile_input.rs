//! A folder handed over by a colleague may hold anything: links to private files, named pipes,
//! link loops, dangerous addresses, invisible characters, shortcodes where they cannot work,
//! megabytes of one paragraph. Each case here builds such a site and asserts what must happen:
//! a located error (and the previous output untouched) or a warning naming what was skipped,
//! never a file from outside the site in the output, a hang or a panic.
#![cfg(unix)]

mod common;

use common::*;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

const VI: &str = "content/bulletins/ha-tinh.vi.md";
const SECRET: &str = "PRIVATE-KEY-3f9a";

/// What a case must end in.
enum Outcome {
    /// The build fails with an error whose message and location contain these.
    Error {
        message: &'static str,
        location: &'static str,
    },
    /// The build succeeds with a warning whose message contains this.
    Warning { message: &'static str },
}

struct Case {
    name: &'static str,
    /// Changes the site; `outside` is a folder beside it holding a secret file.
    setup: fn(site: &Path, outside: &Path),
    outcome: Outcome,
}

use Outcome::*;

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn append(site: &Path, file: &str, text: &str) {
    let path = site.join(file);
    let mut all = fs::read_to_string(&path).unwrap();
    all.push_str(text);
    fs::write(&path, all).unwrap();
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status();
    assert!(status.is_ok_and(|s| s.success()), "mkfifo is needed");
}

const CASES: &[Case] = &[
    // ----- files from outside the site -----
    Case {
        name: "bulletin linked to a file outside the site",
        setup: |site, outside| {
            symlink(
                outside.join("secret.md"),
                site.join("content/bulletins/leak.vi.md"),
            )
            .unwrap()
        },
        outcome: Warning {
            message: "leads outside the site folder",
        },
    },
    Case {
        name: "static folder linked to a folder outside the site",
        setup: |site, outside| {
            fs::remove_dir_all(site.join("static")).unwrap();
            symlink(outside, site.join("static")).unwrap();
        },
        outcome: Error {
            message: "leads outside the site folder",
            location: "static",
        },
    },
    Case {
        name: "static file linked outside the site",
        setup: |site, outside| {
            symlink(outside.join("secret.md"), site.join("static/key.txt")).unwrap()
        },
        outcome: Warning {
            message: "leads outside the site folder",
        },
    },
    Case {
        name: "data file linked outside the site",
        setup: |site, outside| {
            fs::write(
                outside.join("obs.csv"),
                format!("region,period,hi_participants,source\n{SECRET},2022-06,1,S\n"),
            )
            .unwrap();
            symlink(
                outside.join("obs.csv"),
                site.join("data/observations/2023.csv"),
            )
            .unwrap();
        },
        outcome: Warning {
            message: "leads outside the site folder",
        },
    },
    Case {
        name: "regions file linked outside the site",
        setup: |site, outside| {
            fs::rename(site.join("data/regions.csv"), outside.join("regions.csv")).unwrap();
            symlink(outside.join("regions.csv"), site.join("data/regions.csv")).unwrap();
        },
        outcome: Error {
            message: "leads outside the site folder",
            location: "data/regions.csv",
        },
    },
    Case {
        name: "template linked outside the site",
        setup: |site, outside| {
            fs::create_dir_all(site.join("templates")).unwrap();
            symlink(outside.join("secret.md"), site.join("templates/base.html")).unwrap();
        },
        outcome: Warning {
            message: "leads outside the site folder",
        },
    },
    Case {
        name: "static folder set to an absolute path",
        setup: |site, _| append(site, "bulletin.toml", "\n[paths]\nstatic = \"/etc\"\n"),
        outcome: Error {
            message: "is not a folder inside the site",
            location: "paths.static",
        },
    },
    Case {
        name: "data folder above the site",
        setup: |site, _| append(site, "bulletin.toml", "\n[paths]\ndata = \"../data\"\n"),
        outcome: Error {
            message: "is not a folder inside the site",
            location: "paths.data",
        },
    },
    Case {
        name: "boundary file outside the site",
        setup: |site, outside| {
            append(
                site,
                "bulletin.toml",
                &format!(
                    "\n[[maps.boundaries]]\nfile = \"{}\"\nproperty = \"name\"\n",
                    outside.join("secret.md").display()
                ),
            )
        },
        outcome: Error {
            message: "leads outside the site folder",
            location: "secret.md",
        },
    },
    // ----- special files and loops -----
    Case {
        name: "named pipe in static",
        setup: |site, _| mkfifo(&site.join("static/pipe.txt")),
        outcome: Warning {
            message: "a named pipe",
        },
    },
    Case {
        name: "named pipe as a bulletin",
        setup: |site, _| mkfifo(&site.join("content/bulletins/pipe.vi.md")),
        outcome: Warning {
            message: "a named pipe",
        },
    },
    Case {
        name: "named pipe as the regions file",
        setup: |site, _| {
            fs::remove_file(site.join("data/regions.csv")).unwrap();
            mkfifo(&site.join("data/regions.csv"));
        },
        outcome: Error {
            message: "a named pipe",
            location: "data/regions.csv",
        },
    },
    Case {
        name: "link loop in content",
        setup: |site, _| {
            symlink(site.join("content"), site.join("content/bulletins/again")).unwrap()
        },
        outcome: Warning { message: "loop" },
    },
    Case {
        name: "link to itself in static",
        setup: |site, _| symlink(site.join("static/self"), site.join("static/self")).unwrap(),
        outcome: Warning {
            message: "static/self",
        },
    },
    // ----- addresses -----
    Case {
        name: "javascript organisation url",
        setup: |site, _| {
            append(site, "bulletin.toml", "\n[organisation]\nname = { vi = \"A\", en = \"A\" }\nurl = \"javascript:alert(1)\"\n")
        },
        outcome: Error {
            message: "is not a web address",
            location: "organisation.url",
        },
    },
    Case {
        name: "organisation url with a quote",
        setup: |site, _| {
            append(site, "bulletin.toml", "\n[organisation]\nname = { vi = \"A\", en = \"A\" }\nurl = \"https://a.vn/\\\"onmouseover=alert(1)\"\n")
        },
        outcome: Error {
            message: "quote",
            location: "organisation.url",
        },
    },
    Case {
        name: "base url with quotes and angle brackets",
        setup: |site, _| {
            edit(
                site,
                "bulletin.toml",
                "https://example.org/",
                "https://example.org/\\\"><script>/",
            )
        },
        outcome: Error {
            message: "cannot appear in an address",
            location: "base_url",
        },
    },
    Case {
        name: "javascript link with mixed case",
        setup: |site, _| append(site, VI, "\n[x](JaVaScRiPt:alert(1))\n"),
        outcome: Error {
            message: "is not allowed",
            location: "ha-tinh.vi.md:",
        },
    },
    Case {
        name: "javascript link hidden by an entity",
        setup: |site, _| append(site, VI, "\n[x](&#106;avascript:alert(1))\n"),
        outcome: Error {
            message: "is not allowed",
            location: "ha-tinh.vi.md:",
        },
    },
    Case {
        name: "data: image",
        setup: |site, _| {
            append(
                site,
                VI,
                "\n![x](data:image/svg+xml,<svg/onload=alert(1)>)\n",
            )
        },
        outcome: Error {
            message: "is not allowed",
            location: "ha-tinh.vi.md:",
        },
    },
    // ----- invisible characters -----
    Case {
        name: "control character in the title",
        setup: |site, _| edit(site, VI, "Hà Tĩnh: bảo", "Hà Tĩnh:\u{7} bảo"),
        outcome: Error {
            message: "invisible control character (\\u{7})",
            location: "ha-tinh.vi.md:2:18 (front matter)",
        },
    },
    Case {
        name: "escape character in the body",
        setup: |site, _| append(site, VI, "\nText \u{1b}[31m red\n"),
        outcome: Error {
            message: "invisible control character",
            location: "ha-tinh.vi.md:",
        },
    },
    // ----- shortcodes where they cannot work -----
    Case {
        name: "shortcode as a link address",
        setup: |site, _| {
            append(
                site,
                VI,
                "\n[x](<{{ value(indicator=\"hi_coverage\") }}>)\n",
            )
        },
        outcome: Error {
            message: "cannot be used in a link's address",
            location: "(shortcode `value`)",
        },
    },
    Case {
        name: "shortcode in a link title",
        setup: |site, _| {
            append(
                site,
                VI,
                "\n[x](/provinces/ \"{{ value(indicator=\"hi_coverage\") }}\")\n",
            )
        },
        outcome: Error {
            message: "cannot be used in a link's title",
            location: "(shortcode `value`)",
        },
    },
    Case {
        name: "shortcode in an image title",
        setup: |site, _| append(site, VI, "\n![x](/robots.txt \"{{ period() }}\")\n"),
        outcome: Error {
            message: "cannot be used in an image's title",
            location: "(shortcode `period`)",
        },
    },
];

/// Runs a build on another thread, so that a hang fails the test instead of blocking it.
fn build_within(options: bulletin::Options) -> Result<bulletin::Report, bulletin::Failure> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(bulletin::build(&options));
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the build hung (over 60 s) or panicked")
}

#[test]
fn hostile_sites_fail_or_warn_and_never_publish_outside_files() {
    let mut failures = Vec::new();
    for case in CASES {
        let site = copy_site(&fixture("minimal"));
        let outside = tempfile::tempdir().unwrap();
        fs::write(
            outside.path().join("secret.md"),
            format!("+++\ntitle = \"{SECRET}\"\ndate = 2022-01-01\n+++\n{SECRET}\n"),
        )
        .unwrap();
        let output = site.path().join("output");
        build_ok(&options(site.path(), &output));
        let before = snapshot(&output);
        (case.setup)(site.path(), outside.path());
        let result = build_within(options(site.path(), &output));
        if let Err(problem) = judge(&case.outcome, result) {
            failures.push(format!("{}: {problem}", case.name));
        }
        let after = snapshot(&output);
        if matches!(case.outcome, Error { .. }) && after != before {
            failures.push(format!("{}: the previous output changed", case.name));
        }
        if after
            .iter()
            .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains(SECRET))
        {
            failures.push(format!(
                "{}: a file from outside the site was published",
                case.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

fn judge(
    outcome: &Outcome,
    result: Result<bulletin::Report, bulletin::Failure>,
) -> Result<(), String> {
    match (outcome, result) {
        (Error { message, location }, Err(failure)) => {
            let found = failure.errors().any(|d| {
                d.message.contains(message)
                    && d.location
                        .as_ref()
                        .is_some_and(|l| l.to_string().contains(location))
            });
            let all: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
            found.then_some(()).ok_or_else(|| {
                format!(
                    "expected {message:?} at {location:?}, got:\n{}",
                    all.join("\n")
                )
            })
        }
        (Warning { message }, Ok(report)) => {
            let found = report
                .warnings
                .iter()
                .any(|d| d.message.contains(message) && d.location.is_some());
            found
                .then_some(())
                .ok_or_else(|| format!("expected a warning {message:?}, got {:?}", report.warnings))
        }
        (Error { .. }, Ok(_)) => Err("the build succeeded".into()),
        (Warning { .. }, Err(failure)) => {
            let all: Vec<String> = failure.diagnostics.iter().map(|d| d.to_string()).collect();
            Err(format!("the build failed:\n{}", all.join("\n")))
        }
    }
}

#[test]
fn a_shortcode_in_alt_text_becomes_plain_text() {
    let site = copy_site(&fixture("minimal"));
    append(
        site.path(),
        VI,
        "\n![Tỷ lệ {{ value(indicator=\"hi_coverage\") }}](/robots.txt)\n",
    );
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let page = read(&output, "bulletins/ha-tinh/index.html");
    let img = page
        .split("<img")
        .nth(1)
        .expect("an image")
        .split('>')
        .next()
        .unwrap()
        .to_string();
    assert!(img.contains("alt=\"Tỷ lệ 99,2%"), "{img}");
    assert!(
        !img.contains('\u{E000}') && !img.contains("&lt;"),
        "no placeholder or markup in the attribute: {img}"
    );
}

#[test]
fn megabytes_of_one_paragraph_stay_fast_and_the_report_short() {
    let site = copy_site(&fixture("minimal"));
    // Half a million unclosed shortcodes in one paragraph: linear work, and a report that
    // names the file without printing every one of them.
    append(site.path(), VI, &format!("\n{}\n", "{{ ".repeat(500_000)));
    let output = site.path().join("output");
    let failure = build_within(options(site.path(), &output)).unwrap_err();
    assert!(failure.diagnostics.len() <= bulletin::Diagnostics::PER_FILE + 2);
    let summary = failure
        .diagnostics
        .iter()
        .find(|d| d.message.contains("more findings in this file"));
    assert!(summary.is_some_and(|d| d.to_string().contains("ha-tinh.vi.md")));

    let site = copy_site(&fixture("minimal"));
    append(
        site.path(),
        VI,
        &format!("\n{}\n", "[a](*b_ `c ".repeat(50_000)),
    );
    build_within(options(site.path(), &site.path().join("output"))).expect("plain text builds");
}

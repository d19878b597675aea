//! Builds the repository's reference site and checks what readers see: the URL layout,
//! the seed figures in both languages, determinism, and output safety.

mod common;

use common::*;
use std::fs;

fn build_reference() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let report = build_ok(&options(&repo_root(), &output));
    assert!(
        report.warnings.is_empty(),
        "reference site has warnings: {:?}",
        report.warnings
    );
    (out, output)
}

#[test]
fn url_layout_is_complete_in_both_languages() {
    let (_dir, output) = build_reference();
    let slugs = [
        "thua-thien-hue",
        "ha-tinh",
        "quang-ninh",
        "bac-giang",
        "yen-bai",
        "binh-duong",
        "an-giang",
    ];
    for prefix in ["", "en/"] {
        for page in [
            "index.html",
            "provinces/index.html",
            "indicators/index.html",
            "bulletins/index.html",
        ] {
            assert!(
                output.join(prefix).join(page).is_file(),
                "missing {prefix}{page}"
            );
        }
        for slug in slugs {
            assert!(
                output
                    .join(format!("{prefix}provinces/{slug}/index.html"))
                    .is_file(),
                "missing {prefix}{slug}"
            );
        }
        assert!(output
            .join(format!("{prefix}indicators/hi_coverage/index.html"))
            .is_file());
    }
    assert!(output.join("404.html").is_file());
    let stylesheets = fs::read_dir(&output)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("style.") && name.ends_with(".css"))
        .count();
    assert_eq!(stylesheets, 1, "one stylesheet, named by its content");
    assert!(output.join(".bulletin-output").is_file());
    // Regions without data or bulletins get no page.
    assert!(!output.join("provinces/cao-bang/index.html").exists());
    for slug in [
        "2022-09-ha-tinh-quang-ninh-bac-giang",
        "2023-08-yen-bai",
        "2022-05-binh-duong",
        "2022-07-thua-thien-hue",
        "2025-04-an-giang",
    ] {
        assert!(
            output
                .join(format!("bulletins/{slug}/index.html"))
                .is_file(),
            "vi bulletin {slug}"
        );
        assert!(
            output
                .join(format!("en/bulletins/{slug}/index.html"))
                .is_file(),
            "en bulletin {slug}"
        );
    }
}

#[test]
fn province_pages_show_the_seed_figures_formatted_per_language() {
    let (_dir, output) = build_reference();
    let page = |p: &str| text(&read(&output, p));
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "thua-thien-hue",
            &[
                "1.144.762",
                "99,2%",
                "127.749",
                "18.461",
                "146.210",
                "28,89%",
                "tháng 6/2022",
            ],
            &["1,144,762", "99.2%", "127,749", "18,461", "June 2022"],
        ),
        (
            "yen-bai",
            &["2,77%", "54.800", "96,4%", "hơn 693 tỷ đồng", "88,7%"],
            &["2.77%", "54,800", "96.4%", "over VND 693 billion", "88.7%"],
        ),
        (
            "an-giang",
            &["1.815.470", "1.910.985", "125.588", "39.000", "93%"],
            &["1,815,470", "1,910,985", "125,588", "39,000"],
        ),
        (
            "binh-duong",
            &[
                "972.566",
                "954.699",
                "hơn 2 triệu",
                "gần 85%",
                "tăng 44.729",
            ],
            &["972,566", "over 2 million", "nearly 85%", "up 44,729"],
        ),
        (
            "bac-giang",
            &["gần 34.800", "86,7%"],
            &["nearly 34,800", "86.7%"],
        ),
        (
            "quang-ninh",
            &[
                "2.990 tỷ đồng",
                "268.835",
                "tăng 53 tỷ đồng",
                "tăng hơn 10.400",
            ],
            &[
                "VND 2,990 billion",
                "268,835",
                "up VND 53 billion",
                "up over 10,400",
            ],
        ),
        (
            "ha-tinh",
            &["227.489", "99,2%", "26.254"],
            &["227,489", "99.2%", "26,254"],
        ),
    ];
    for (slug, vi, en) in cases {
        let vi_text = page(&format!("provinces/{slug}/index.html"));
        let en_text = page(&format!("en/provinces/{slug}/index.html"));
        for figure in *vi {
            assert!(vi_text.contains(figure), "vi {slug}: missing {figure}");
        }
        for figure in *en {
            assert!(en_text.contains(figure), "en {slug}: missing {figure}");
        }
        assert!(
            vi_text.contains("Nguồn") && en_text.contains("Source"),
            "{slug} cites sources"
        );
    }
}

#[test]
fn lineage_links_dissolved_and_new_provinces() {
    let (_dir, output) = build_reference();
    let tth = text(&read(&output, "en/provinces/thua-thien-hue/index.html"));
    assert!(tth.contains("Became Huế on 1 January 2025"), "{tth}");
    let yen_bai = text(&read(&output, "provinces/yen-bai/index.html"));
    assert!(yen_bai.contains("Hợp nhất vào Lào Cai"), "{yen_bai}");
    // The old An Giang is labelled with its end date because the new one shares its name.
    let an_giang = text(&read(&output, "en/provinces/an-giang/index.html"));
    assert!(
        an_giang.contains("An Giang (until 30 June 2025)"),
        "{an_giang}"
    );
    assert!(
        an_giang.contains("Merged into An Giang (from 1 July 2025)"),
        "{an_giang}"
    );
}

#[test]
fn bulletins_draw_every_figure_from_the_data() {
    let (_dir, output) = build_reference();
    let vi = read(&output, "bulletins/2022-07-thua-thien-hue/index.html");
    assert!(
        vi.contains(r#"<data class="fig" value="1144762""#),
        "figures are machine-readable"
    );
    let vi_text = text(&vi);
    assert!(
        vi_text.contains("1.144.762") && vi_text.contains("99,2%"),
        "{vi_text}"
    );
    assert!(
        vi_text.contains("giảm 3,2%"),
        "a reported change reads as words"
    );
    let en_text = text(&read(
        &output,
        "en/bulletins/2022-07-thua-thien-hue/index.html",
    ));
    assert!(en_text.contains("1,144,762") && en_text.contains("99.2%"));
    assert!(en_text.contains("Sources of the figures"));
    // The language switch on a bulletin leads to its translation.
    assert!(vi.contains(r#"href="../../en/bulletins/2022-07-thua-thien-hue/index.html""#));
    let yen_bai = text(&read(&output, "en/bulletins/2023-08-yen-bai/index.html"));
    assert!(
        yen_bai.contains("2.77%") && yen_bai.contains("over VND 693 billion"),
        "{yen_bai}"
    );
    // Bulletin lists are newest first.
    let list = text(&read(&output, "en/bulletins/index.html"));
    let an_giang = list.find("2 April 2025").unwrap();
    let binh_duong = list.find("15 May 2022").unwrap();
    assert!(an_giang < binh_duong);
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = build_reference();
    let (_b, second) = build_reference();
    let (first, second) = (snapshot(&first), snapshot(&second));
    assert_eq!(first.len(), second.len());
    for ((pa, ca), (pb, cb)) in first.iter().zip(&second) {
        assert_eq!(pa, pb);
        assert!(ca == cb, "{pa} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_intact() {
    let site = copy_site(&repo_root());
    let output = site.path().join("output");
    bulletin::build(&options(site.path(), &output)).expect("first build");
    let before = snapshot(&output);
    let observations = site.path().join("data/observations/2023-08-yen-bai.csv");
    let broken = fs::read_to_string(&observations)
        .unwrap()
        .replacen("2.77", "2.7.7x", 1);
    fs::write(&observations, broken).unwrap();
    let failure = bulletin::build(&options(site.path(), &output)).unwrap_err();
    assert!(failure.errors().any(|d| d.message.contains("2.7.7x")));
    assert_eq!(
        snapshot(&output),
        before,
        "output changed after a failed build"
    );
    let leftovers: Vec<_> = fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn links_work_under_a_sub_path() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let mut opts = options(&repo_root(), &output);
    opts.base_url = Some("https://example.org/bao-cao/".into());
    bulletin::build(&opts).expect("build under a sub-path");
    // Pages link relatively, so the sub-path appears only in what is read away from the site.
    let home = read(&output, "index.html");
    assert!(home.contains(r#"href="provinces/index.html""#));
    assert!(home.contains(r#"href="en/index.html""#));
    assert!(!home.contains(r#"href="/"#), "no rooted link");
    assert!(home.contains(r#"<link rel="canonical" href="https://example.org/bao-cao/">"#));
    assert!(home.contains(r#"hreflang="en" href="https://example.org/bao-cao/en/">"#));
    let province = read(&output, "en/provinces/yen-bai/index.html");
    assert!(province.contains(r#"href="../../../provinces/yen-bai/index.html""#));
    // The 404 page is served at any address: its links carry the sub-path.
    let missing = read(&output, "404.html");
    assert!(missing.contains(r#"href="/bao-cao/en/""#));
    assert!(
        !missing.contains(r#"href="/provinces/"#),
        "no link escapes the sub-path"
    );
    let sitemap = read(&output, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/bao-cao/en/provinces/yen-bai/</loc>"));
}

#[test]
fn check_command_exits_zero_on_the_reference_site() {
    // The reference site's default language is Vietnamese, and so is its summary; English on
    // request.
    for (lang, said) in [(None, "không có lỗi"), (Some("en"), "no errors")] {
        let (ok, stderr) = check_command(&repo_root(), lang);
        assert!(ok, "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
    }
}

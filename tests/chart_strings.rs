//! The words around charts are interface strings: a site rewrites a chart sentence in its own
//! templates/i18n/<lang>.toml like any other, and a placeholder the sentence does not have is
//! an error rather than a brace on every page.

mod common;

use common::*;
use std::fs;

#[test]
fn a_site_rewrites_chart_sentences() {
    let site = copy_site(&fixture("minimal"));
    fs::create_dir_all(site.path().join("templates/i18n")).unwrap();
    fs::write(
        site.path().join("templates/i18n/en.toml"),
        "\"chart.trend_title\" = \"{region}, {from}–{to}: {name} {change}\"\n\
         \"chart.source\" = \"Data: {sources}\"\n\
         \"unit.persons\" = \"people\"\n",
    )
    .unwrap();
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let en = read(&output, "en/provinces/ha-tinh/index.html");
    assert!(
        en.contains("<p class=\"chart-title\">Hà Tĩnh, "),
        "the site's title: {en}"
    );
    assert!(en.contains("(people)</p>"), "the site's unit word");
    assert!(en.contains("<p class=\"chart-source\">Data: "));
    assert!(!en.contains("<p class=\"chart-source\">Source: "));
    let vi = read(&output, "provinces/ha-tinh/index.html");
    assert!(
        vi.contains("<p class=\"chart-source\">Nguồn: "),
        "the other language keeps the built-in sentence"
    );
}

#[test]
fn an_unknown_placeholder_in_a_chart_sentence_is_an_error() {
    let site = copy_site(&fixture("minimal"));
    fs::create_dir_all(site.path().join("templates/i18n")).unwrap();
    fs::write(
        site.path().join("templates/i18n/vi.toml"),
        "\"chart.spark_title\" = \"{nam}: xu hướng\"\n",
    )
    .unwrap();
    let failure = bulletin::build(&options(site.path(), &site.path().join("output"))).unwrap_err();
    let found = failure.errors().any(|d| {
        d.message == "`{nam}` is not a placeholder of `chart.spark_title`"
            && d.help.as_deref() == Some("did you mean `name`?")
    });
    assert!(found, "{:?}", failure.diagnostics);
}

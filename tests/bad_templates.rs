//! Site templates that would make Tera recurse forever (includes, extends, imports and macros
//! in a loop) and templates with a broken name: each is one located error with help, the build
//! fails without aborting, and the previous output is left as it was.

mod common;

use common::*;
use std::fs;
use std::path::Path;

/// The built-in base template, to override in a site.
fn builtin(name: &str) -> String {
    fs::read_to_string(repo_root().join("templates").join(name)).unwrap()
}

/// `base.html` with `extra` right after `<body>`.
fn base_with(extra: &str) -> String {
    let base = builtin("base.html");
    assert!(base.contains("<body>"));
    base.replacen("<body>", &format!("<body>\n{extra}"), 1)
}

struct Case {
    name: &'static str,
    files: Vec<(&'static str, String)>,
    /// Substrings of the error message.
    message: &'static [&'static str],
    /// Substring of the error's location.
    location: &'static str,
    help: &'static str,
}

const PAGE: &str = "{% extends \"base.html\" %}\n{% block content %}page{% endblock content %}\n";

fn cases() -> Vec<Case> {
    let province_with = |body: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% import \"loops.html\" as loops %}}\n{{% block content %}}\n{body}\n{{% endblock content %}}\n"
        )
    };
    vec![
        Case {
            name: "include of itself",
            files: vec![
                ("templates/base.html", base_with("{% include \"header.html\" %}")),
                ("templates/header.html", "<header>\n{% include \"header.html\" %}\n</header>\n".into()),
            ],
            message: &["include each other in a loop", "header.html includes itself"],
            location: "templates/header.html:2:4",
            help: "remove one of these includes",
        },
        Case {
            name: "include cycle of two",
            files: vec![
                ("templates/base.html", base_with("{% include \"header.html\" %}")),
                ("templates/header.html", "<header>\n\n{% include \"base.html\" %}</header>\n".into()),
            ],
            message: &["base.html includes header.html, which includes base.html"],
            location: "templates/base.html:37:",
            help: "remove one of these includes",
        },
        Case {
            name: "include cycle of three through a folder",
            files: vec![
                ("templates/partials/a.html", "{% include \"partials/b.html\" %}".into()),
                ("templates/partials/b.html", "{% if true %}{% include [\"missing.html\", \"partials/c.html\"] %}{% endif %}".into()),
                ("templates/partials/c.html", "{% for i in [1] %}{% include \"partials/a.html\" %}{% endfor %}".into()),
            ],
            message: &["partials/a.html includes partials/b.html, which includes partials/c.html, which includes partials/a.html"],
            location: "templates/partials/a.html:1:4",
            help: "include",
        },
        Case {
            name: "macro calling itself",
            files: vec![
                ("templates/loops.html", "{% macro countdown(n) %}\n{{ n }}{% if n > 0 %}{{ self::countdown(n=n - 1) }}{% endif %}\n{% endmacro countdown %}\n".into()),
                ("templates/province.html", province_with("{{ loops::countdown(n=3) }}")),
            ],
            message: &["recursive macro", "the macro `countdown` of loops.html calls itself"],
            location: "templates/loops.html:2:25",
            help: "may not use recursive macros",
        },
        Case {
            name: "macros calling each other across files",
            files: vec![
                ("templates/loops.html", "{% import \"more.html\" as more %}\n{% macro ping(n) %}{{ more::pong(n=n) }}{% endmacro ping %}\n".into()),
                ("templates/more.html", "{% import \"loops.html\" as loops %}\n{% macro pong(n) %}{{ loops::ping(n=n) }}{% endmacro pong %}\n".into()),
                ("templates/province.html", province_with("{{ loops::ping(n=1) }}")),
            ],
            // The import loop is found as well as the calls; either message names the loop.
            message: &["loops.html", "more.html"],
            location: "templates/loops.html",
            help: "",
        },
        Case {
            name: "mutual macros in one file",
            files: vec![
                ("templates/loops.html", "{% macro ping(n) %}{{ self::pong(n=n) }}{% endmacro ping %}\n{% macro pong(n) %}\n{% set x = self::ping(n=n) %}{% endmacro pong %}\n".into()),
                ("templates/province.html", province_with("{{ loops::ping(n=1) }}")),
            ],
            message: &["the macro `ping` of loops.html calls the macro `pong` of loops.html, which calls the macro `ping` of loops.html"],
            location: "templates/loops.html:1:23",
            help: "{% for %} loop",
        },
        Case {
            name: "macro including a template that calls it",
            files: vec![
                ("templates/loops.html", "{% macro card(n) %}{% include \"card.html\" %}{% endmacro card %}\n".into()),
                ("templates/card.html", "{% import \"loops.html\" as loops %}{{ loops::card(n=1) }}".into()),
                ("templates/province.html", province_with("{{ loops::card(n=1) }}")),
            ],
            message: &["card.html"],
            location: "templates/",
            help: "",
        },
        Case {
            name: "extends itself",
            files: vec![("templates/province.html", "{% extends \"province.html\" %}\n{% block content %}x{% endblock content %}\n".into())],
            message: &["extend each other in a loop", "province.html extends itself"],
            location: "templates/province.html:1:4",
            help: "cannot extend itself",
        },
        Case {
            name: "extends cycle below a page",
            files: vec![
                ("templates/province.html", "{% extends \"a.html\" %}\n{% block content %}x{% endblock content %}\n".into()),
                ("templates/a.html", "{% extends \"b.html\" %}\n".into()),
                ("templates/b.html", "\n{% extends \"a.html\" %}\n".into()),
            ],
            message: &["a.html extends b.html, which extends a.html"],
            location: "templates/a.html:1:4",
            help: "make one of them the base",
        },
        Case {
            name: "imports in a loop",
            files: vec![
                ("templates/loops.html", "{% import \"more.html\" as more %}\n{% macro a() %}a{% endmacro a %}\n".into()),
                ("templates/more.html", "{% import \"loops.html\" as loops %}\n{% macro b() %}b{% endmacro b %}\n".into()),
                ("templates/province.html", province_with("{{ loops::a() }}")),
            ],
            message: &["import each other in a loop", "loops.html imports more.html, which imports loops.html"],
            location: "templates/loops.html:1:4",
            help: "cannot import itself",
        },
    ]
}

fn write(root: &Path, files: &[(&str, String)]) {
    for (file, text) in files {
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Builds the fixture, applies `files`, builds again: returns the failure, having checked that
/// the build failed without a panic and left the previous output and no staging folder.
fn fails_cleanly(name: &str, files: &[(&str, String)]) -> bulletin::Failure {
    let site = copy_site(&fixture("minimal"));
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let before = snapshot(&output);
    write(site.path(), files);
    let result = std::panic::catch_unwind(|| bulletin::build(&options(site.path(), &output)));
    let failure = match result {
        Err(_) => panic!("{name}: the build panicked"),
        Ok(Ok(_)) => panic!("{name}: the build succeeded"),
        Ok(Err(failure)) => failure,
    };
    assert!(
        snapshot(&output) == before,
        "{name}: the previous output changed"
    );
    let leftovers: Vec<String> = fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("building"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{name}: staging left behind: {leftovers:?}"
    );
    let check = bulletin::check(&options(site.path(), &output));
    assert!(check.is_err(), "{name}: check passed");
    failure
}

#[test]
fn every_template_loop_is_a_located_error_before_rendering() {
    let mut problems = Vec::new();
    for case in cases() {
        let failure = fails_cleanly(case.name, &case.files);
        let errors: Vec<String> = failure.errors().map(|d| d.to_string()).collect();
        let matched = failure.errors().any(|d| {
            case.message.iter().all(|m| d.message.contains(m))
                && d.location
                    .as_ref()
                    .is_some_and(|l| l.to_string().contains(case.location))
                && d.help.as_deref().is_some_and(|h| h.contains(case.help))
        });
        if !matched {
            problems.push(format!(
                "{}: expected {:?} at {:?}, got:\n{}",
                case.name,
                case.message,
                case.location,
                errors.join("\n")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn templates_that_share_without_looping_still_build() {
    let site = copy_site(&fixture("minimal"));
    write(
        site.path(),
        &[
            (
                "templates/base.html",
                base_with("{% include \"header.html\" %}{% include \"header.html\" %}"),
            ),
            ("templates/header.html", "{% include \"partials/logo.html\" %}".into()),
            ("templates/partials/logo.html", "<b>logo</b>".into()),
            (
                "templates/loops.html",
                "{% macro outer(n) %}[{{ self::inner(n=n) }}]{% endmacro outer %}\n{% macro inner(n) %}{{ n }}{% endmacro inner %}\n".into(),
            ),
            (
                "templates/province.html",
                "{% extends \"base.html\" %}\n{% import \"loops.html\" as loops %}\n{% block content %}{{ loops::outer(n=7) }}{% endblock content %}\n".into(),
            ),
            ("templates/extra.html", PAGE.into()),
        ],
    );
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let page = read(&output, "provinces/ha-tinh/index.html");
    assert!(page.contains("[7]") && page.matches("<b>logo</b>").count() == 2);
}

#[test]
fn a_broken_name_in_base_html_is_one_error_in_base_html() {
    let files = vec![("templates/base.html", base_with("{{ nonexistent.field }}"))];
    let failure = fails_cleanly("broken base", &files);
    let errors: Vec<&bulletin::Diagnostic> = failure.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors[0];
    assert!(
        error
            .message
            .starts_with("the template `base.html` failed on the page ")
            && error.message.contains("other pages (")
            && error
                .message
                .contains("Variable `nonexistent.field` not found"),
        "{}",
        error.message
    );
    assert!(
        !error.message.contains("while rendering"),
        "{}",
        error.message
    );
    let location = error.location.as_ref().unwrap().to_string();
    assert_eq!(location, "templates/base.html:37:4");
}

#[test]
fn a_broken_name_is_located_in_the_file_that_holds_it() {
    // In a page template: that template, at its line.
    let failure = fails_cleanly(
        "broken province",
        &[(
            "templates/province.html",
            "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.nmae }}</p>{% endblock content %}\n".into(),
        )],
    );
    let errors: Vec<String> = failure.errors().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("templates/province.html:3:7"),
        "{}",
        errors[0]
    );
    // In a macro file used by several page templates: the macro file.
    let macros = builtin("macros.html").replacen("{{ link.name }}", "{{ link.nmae }}", 1);
    let failure = fails_cleanly("broken macro", &[("templates/macros.html", macros)]);
    let errors: Vec<String> = failure.errors().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("templates/macros.html:1:") && errors[0].contains("link.nmae"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_broken_name_in_the_chart_partial_is_one_error_in_chart_html() {
    let chart = builtin("chart.html").replacen("{{ title }}", "{{ titel }}", 1);
    let (line, column) = chart
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("titel").map(|c| (i + 1, c + 1)))
        .unwrap();
    let failure = fails_cleanly("broken chart", &[("templates/chart.html", chart)]);
    let errors: Vec<&bulletin::Diagnostic> = failure.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors[0];
    assert!(
        error
            .message
            .starts_with("the template `chart.html` failed on the page ")
            && error.message.contains("Variable `titel` not found"),
        "{}",
        error.message
    );
    assert_eq!(
        error.location.as_ref().unwrap().to_string(),
        format!("templates/chart.html:{line}:{column}")
    );
}

#[test]
fn a_site_chart_partial_replaces_the_built_in_one() {
    let site = copy_site(&fixture("minimal"));
    write(
        site.path(),
        &[(
            "templates/chart.html",
            "<figure class=\"own-chart\" id=\"{{ instance }}\"><h3>{{ title }}</h3>{{ wide | safe }}\
             <a href=\"{{ csv }}\">{{ t[\"chart.csv\"] }}</a></figure>"
                .into(),
        )],
    );
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let page = read(&output, "provinces/ha-tinh/index.html");
    assert!(
        page.contains("<figure class=\"own-chart\" id=\"c"),
        "{page}"
    );
    assert!(page.contains("<h3>") && page.contains("Tải số liệu (CSV)</a></figure>"));
    assert!(
        !page.contains("class=\"chart chart-"),
        "the built-in figure is gone"
    );
    assert!(!page.contains('\u{E004}'), "every element id is filled in");
}

#[test]
fn a_chart_partial_may_hold_any_character() {
    // Private-use characters stand in for element ids while a partial is reused; a template
    // that holds one is rendered for every chart it shows, and keeps it.
    let site = copy_site(&fixture("minimal"));
    write(
        site.path(),
        &[(
            "templates/chart.html",
            "<figure id=\"{{ instance }}\">\u{E004}\u{E005}{{ title }}</figure>".into(),
        )],
    );
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let page = read(&output, "provinces/ha-tinh/index.html");
    assert!(page.contains("<figure id=\"c"), "{page}");
    assert!(page.contains("\">\u{E004}\u{E005}"), "{page}");
}

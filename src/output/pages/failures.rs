//! Pages that could not be rendered, reported once per mistake: a broken variable in
//! `base.html` fails every page that extends it, but it is one mistake in one file, so it is
//! one error located in that file ("on 127 pages, first /404.html"), not one per page against
//! each page's own template.

use std::path::{Path, PathBuf};

use super::graph::{self, Graph};
use crate::common::diagnostics::{display_path, Diagnostic, Location};
use crate::common::messages::msg;

/// A page that could not be rendered.
pub(super) enum PageFailure {
    /// Tera's error, grouped with the same error on other pages.
    Template {
        /// The template the page is drawn with.
        template: String,
        /// Tera's error chain, outermost first.
        chain: Vec<String>,
        url: String,
        /// The bulletin the page comes from, if any.
        source: Option<PathBuf>,
    },
    /// A bug: a panic while rendering the page, grouped with the same panic on other pages.
    Panic {
        template: String,
        message: String,
        url: String,
        source: Option<PathBuf>,
    },
    /// Anything else (a file that cannot be written), reported as it is.
    Other(Diagnostic),
}

/// One mistake and the pages it broke.
struct Group {
    panic: bool,
    file: String,
    position: Option<(usize, usize)>,
    message: String,
    first_url: String,
    first_source: Option<PathBuf>,
    pages: usize,
}

/// Turns failures (in page order) into diagnostics, one per (template, message).
pub(super) fn report(
    failures: Vec<PageFailure>,
    templates: &[(String, String)],
    templates_dir: &Path,
    root: &Path,
) -> Vec<Diagnostic> {
    let graph = Graph::new(templates).ok();
    let mut groups: Vec<Group> = Vec::new();
    let mut diagnostics = Vec::new();
    for failure in failures {
        let (panic, file, position, message, url, source) = match failure {
            PageFailure::Other(d) => {
                diagnostics.push(d);
                continue;
            }
            PageFailure::Panic {
                template,
                message,
                url,
                source,
            } => (true, template, None, message, url, source),
            PageFailure::Template {
                template,
                chain,
                url,
                source,
            } => {
                let message = innermost(&chain);
                let (file, position) = match &graph {
                    Some(graph) => locate(graph, &template, &chain, &message),
                    None => (template, None),
                };
                (false, file, position, message, url, source)
            }
        };
        match groups
            .iter_mut()
            .find(|g| g.panic == panic && g.file == file && g.message == message)
        {
            Some(group) => group.pages += 1,
            None => groups.push(Group {
                panic,
                file,
                position,
                message,
                first_url: url,
                first_source: source,
                pages: 1,
            }),
        }
    }
    diagnostics.extend(
        groups
            .into_iter()
            .map(|g| diagnostic(g, templates_dir, root)),
    );
    diagnostics
}

fn diagnostic(group: Group, templates_dir: &Path, root: &Path) -> Diagnostic {
    let shown = display_path(root, &templates_dir.join(&group.file));
    let location = match group.position {
        Some((line, column)) => Location::at(shown, line, column),
        None => Location::file(shown),
    };
    let pages = match group.pages {
        1 => String::new(),
        2 => msg!("output.template.one_other_page"),
        n => msg!("output.template.other_pages", count = n - 1, all = n),
    };
    if group.panic {
        // The bulletin a page comes from names the page better than its template.
        let location = match &group.first_source {
            Some(source) => Location::file(source),
            None => location,
        };
        return Diagnostic::error(msg!(
            "output.template.panic",
            page = group.first_url,
            others = pages,
            template = group.file,
            message = group.message
        ))
        .at(location)
        .help(crate::common::panics::help());
    }
    let help = match &group.first_source {
        Some(source) => msg!(
            "output.template.failed_help_with_source",
            page = group.first_url,
            source = source.display()
        ),
        None => msg!("output.template.failed_help"),
    };
    Diagnostic::error(msg!(
        "output.template.failed",
        template = group.file,
        page = group.first_url,
        others = pages,
        problem = group.message
    ))
    .at(location)
    .help(help)
}

/// The cause at the bottom of Tera's chain, without the name of the page's template (which
/// differs from page to page for a mistake in a template they share).
fn innermost(chain: &[String]) -> String {
    let text = chain.last().map_or("", String::as_str);
    match text.find(" while rendering '") {
        Some(start) => {
            let rest = &text[start + " while rendering '".len()..];
            let after = rest.find('\'').map_or("", |end| &rest[end + 1..]);
            format!("{}{after}", &text[..start])
        }
        None => text.to_string(),
    }
}

/// The template the mistake is written in, and where: the first of the page's templates
/// (the one Tera names first, then the page's own, what it extends, includes and imports) whose
/// source holds the name the error is about.
fn locate(
    graph: &Graph,
    template: &str,
    chain: &[String],
    message: &str,
) -> (String, Option<(usize, usize)>) {
    let mut candidates: Vec<usize> = Vec::new();
    if let Some(named) = tera_named(chain).and_then(|n| graph.index_of(&n)) {
        candidates.push(named);
    }
    for file in graph::family(graph, template) {
        if !candidates.contains(&file) {
            candidates.push(file);
        }
    }
    let Some(&first) = candidates.first() else {
        return (template.to_string(), None);
    };
    let needle = message.split('`').nth(1).filter(|n| !n.trim().is_empty());
    let found = needle.and_then(|needle| {
        candidates.iter().find_map(|&file| {
            let position = graph::find_line(graph.source(file), 0, needle, needle)?;
            Some((file, position))
        })
    });
    match found {
        Some((file, position)) => (graph.names[file].to_string(), Some(position)),
        None => (graph.names[first].to_string(), None),
    }
}

/// Tera's "(error happened in 'base.html')".
fn tera_named(chain: &[String]) -> Option<String> {
    chain.iter().find_map(|part| {
        let rest = &part[part.find("error happened in '")? + "error happened in '".len()..];
        Some(rest[..rest.find('\'')?].to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_template_is_taken_out_of_the_message() {
        let chain = vec![
            "Failed to render 'bulletin.html'".to_string(),
            "Variable `x.y` not found in context while rendering 'bulletin.html'".to_string(),
        ];
        assert_eq!(innermost(&chain), "Variable `x.y` not found in context");
        assert_eq!(tera_named(&chain), None);
        let chain = ["Failed to render 'a.html' (error happened in 'base.html').".to_string()];
        assert_eq!(tera_named(&chain).as_deref(), Some("base.html"));
    }

    #[test]
    fn a_mistake_in_a_shared_template_is_one_error_in_that_template() {
        let templates = vec![
            (
                "base.html".to_string(),
                "<html>\n<body>{{ nonexistent.field }}\n{% block content %}{% endblock content %}"
                    .to_string(),
            ),
            (
                "a.html".to_string(),
                "{% extends \"base.html\" %}{% block content %}a{% endblock content %}".to_string(),
            ),
            (
                "b.html".to_string(),
                "{% extends \"base.html\" %}{% block content %}b{% endblock content %}".to_string(),
            ),
        ];
        let failure = |template: &str, url: &str| {
            PageFailure::Template {
            template: template.to_string(),
            chain: vec![
                format!("Failed to render '{template}'"),
                format!("Variable `nonexistent.field` not found in context while rendering '{template}'"),
            ],
            url: url.to_string(),
            source: None,
        }
        };
        let failures = vec![
            failure("a.html", "/a/"),
            failure("b.html", "/b/"),
            failure("a.html", "/c/"),
        ];
        let diagnostics = report(
            failures,
            &templates,
            Path::new("/site/templates"),
            Path::new("/site"),
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let d = &diagnostics[0];
        assert!(
            d.message.starts_with(
                "the template `base.html` failed on the page /a/ and on 2 other pages (3 in all)"
            ),
            "{}",
            d.message
        );
        assert_eq!(
            d.location.as_ref().unwrap().to_string(),
            "templates/base.html:2:10"
        );
        let vietnamese =
            crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
                report(
                    vec![failure("a.html", "/a/"), failure("b.html", "/b/")],
                    &templates,
                    Path::new("/site/templates"),
                    Path::new("/site"),
                )
            });
        assert!(
            vietnamese[0]
                .message
                .starts_with("mẫu trang `base.html` bị lỗi trên trang /a/ và trên 1 trang khác: "),
            "{}",
            vietnamese[0].message
        );
    }
}

//! `build`, `check` and the in-memory build: a project rendered whole into one of the three
//! sinks, with the checks that need every file (collisions with static files, links).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::outputs::Declared;
use super::Project;
use crate::common::diagnostics::{Diagnostic, Diagnostics};
use crate::common::panics;
use crate::draw::DrawCache;
use crate::input::config::Config;
use crate::output::links::{check_links, PageLinks};
use crate::output::pages::Sink;
use crate::output::{self, MemorySink, NullSink, Staging};
use crate::{Failure, Options, Report};

/// Whether a run writes the site or only checks it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Build,
    Check,
    /// Everything a build does, into memory instead of the output folder.
    Memory,
}

pub(super) fn output_dir(options: &Options, config: &Config) -> PathBuf {
    match &options.output {
        Some(path) => path.clone(),
        None => options.root.join(&config.paths.output),
    }
}

/// Loads the project and renders it whole into the sink `mode` names.
pub(crate) fn run(options: &Options, mode: Mode) -> Result<(Report, Option<MemorySink>), Failure> {
    let started = Instant::now();
    let project = Project::load_after(options, DrawCache::single_use(), |config, diagnostics| {
        if mode == Mode::Build {
            diagnostics.extend(output::recover_interrupted_swap(&output_dir(
                options, config,
            )));
        }
    })?;
    let mut diagnostics = Diagnostics::new();
    // Last resort: a bug that escapes the page and chart boundaries still ends in a diagnostic,
    // and unwinding removes the staging folder.
    let published =
        panics::catch(|| publish(&project, mode, &mut diagnostics)).unwrap_or_else(|message| {
            diagnostics.push(crate::internal_error(&message));
            None
        });
    let Some((memory, files)) = published else {
        diagnostics.extend(Diagnostics::from_iter(project.warnings().iter().cloned()));
        return Err(crate::fail(diagnostics));
    };
    let loaded = &project.loaded;
    let mut warnings = project.warnings().to_vec();
    warnings.extend(diagnostics.sorted());
    let report = Report {
        pages: loaded.plan.pages().count(),
        charts: loaded.plan.charts().len(),
        files,
        bulletins: loaded.bulletins.len(),
        observations: loaded.dataset.observations.len(),
        output: (mode == Mode::Build).then(|| output_dir(options, &loaded.config)),
        elapsed: started.elapsed(),
        warnings,
    };
    Ok((report, memory))
}

/// Renders every file into the sink of `mode`; the files kept in memory and the number of
/// files come back.
fn publish(
    project: &Project,
    mode: Mode,
    diagnostics: &mut Diagnostics,
) -> Option<(Option<MemorySink>, usize)> {
    let root = &project.options.root;
    let config = &project.loaded.config;
    let declared = project.declare_outputs(diagnostics);
    let statics = project.statics();
    if diagnostics.has_errors() {
        return None;
    }
    // Only now, with every input checked, is anything written: into a staging folder that
    // replaces the output at the very end, or is removed.
    let staging = match mode {
        Mode::Check | Mode::Memory => None,
        Mode::Build => {
            let output = output_dir(&project.options, config);
            match open_staging(root, config, &output) {
                Ok(staging) => Some(staging),
                Err(d) => {
                    diagnostics.push(d);
                    return None;
                }
            }
        }
    };
    let memory = (mode == Mode::Memory).then(MemorySink::default);
    let sink: &dyn Sink = match (&staging, &memory) {
        (Some(staging), _) => staging,
        (None, Some(memory)) => memory,
        (None, None) => &NullSink,
    };
    let links = match project.render_all(sink) {
        Ok(links) => links,
        Err(d) => {
            diagnostics.extend(d);
            return None;
        }
    };
    check_site_links(project, &links, &declared, diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    let finished = match (staging, &memory) {
        (Some(staging), _) => staging.commit(statics),
        (None, Some(memory)) => copy_statics(root, statics, memory),
        (None, None) => Ok(()),
    };
    if let Err(d) = finished {
        diagnostics.push(d);
        return None;
    }
    Some((memory, declared.len()))
}

/// A staging folder beside an output that is safe to replace.
fn open_staging(root: &Path, config: &Config, output: &Path) -> Result<Staging, Diagnostic> {
    let paths = &config.paths;
    let protected = [
        ("data", root.join(&paths.data)),
        ("content", root.join(&paths.content)),
        ("templates", root.join(&paths.templates)),
        ("static", root.join(&paths.static_files)),
    ];
    output::check_output_dir(output, root, &protected)?;
    Staging::create(output)
}

/// Static files into a sink that is not a folder (a build copies them when it commits).
fn copy_statics(
    root: &Path,
    statics: &[(String, PathBuf)],
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    for (relative, path) in statics {
        sink.write(relative, &crate::common::walk::read(root, path)?)?;
    }
    Ok(())
}

/// Every link of every page leads to a page or file of the site.
fn check_site_links(
    project: &Project,
    pages: &[PageLinks],
    declared: &Declared,
    diagnostics: &mut Diagnostics,
) {
    let others: HashSet<String> = declared
        .iter()
        .filter(|(_, kind)| kind.is_file())
        .map(|(path, _)| path.clone())
        .collect();
    let site = project.loaded.site();
    for broken in check_links(pages, &others, site.urls.base_path()) {
        let source = site.source_file(&broken.page);
        diagnostics.push(broken.diagnostic(source));
    }
}

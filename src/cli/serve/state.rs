//! The previewed site: one long-lived [`Project`] and every file it made, kept in memory and
//! brought up to date after each edit with only the pages the edit touches. A reload with
//! errors leaves the last good files in place and tells the open pages what went wrong.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use bulletin::{Diagnostic, Diagnostics, Failure, MemorySink, Options, PageId, Project, Reloaded};

use super::live::Hub;

type Files = HashMap<String, Arc<Vec<u8>>>;

/// What the connections read: the site's files and the event streams.
pub struct Shared {
    files: RwLock<Files>,
    /// The live-reload script, its words from the site's interface strings.
    script: RwLock<Arc<str>>,
    pub hub: Hub,
}

impl Default for Shared {
    fn default() -> Self {
        let builtin = |lang, key: &str| bulletin::builtin_interface_string(lang, key).to_string();
        Shared {
            files: RwLock::default(),
            script: RwLock::new(super::live::script(builtin).into()),
            hub: Hub::default(),
        }
    }
}

impl Shared {
    /// The script injected into every page.
    pub fn script(&self) -> Arc<str> {
        let script = self.script.read().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&script)
    }

    /// Takes the overlay's words from the site's interface strings, which a site may override.
    fn use_words_of(&self, project: &Project) {
        let script =
            super::live::script(|lang, key| project.interface_string(lang, key).to_string());
        *self.script.write().unwrap_or_else(PoisonError::into_inner) = script.into();
    }

    /// A file of the site by its path relative to the site.
    pub fn file(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        self.read().get(path).cloned()
    }

    /// True until a first good site was made.
    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Files> {
        self.files.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Files> {
        self.files.write().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What a load or reload did, for the terminal.
pub enum Outcome {
    /// Nothing the site reads changed.
    Nothing,
    Updated {
        /// Files written (pages, and the other files when they may have changed).
        files: usize,
        /// Reading the changed inputs and planning the pages again.
        reload: Duration,
        /// Rendering the pages and files that changed.
        render: Duration,
    },
    Failed(Failure),
}

/// The project and the bookkeeping that keeps the files in memory equal to a fresh build.
pub struct Preview {
    options: Options,
    /// `None` while the site has never loaded without errors.
    project: Option<Project>,
    /// Every page's file, to drop the files of pages that a reload removes.
    page_paths: HashMap<PageId, String>,
    /// The files that are not pages (stylesheet, charts' data, static files), to drop those
    /// that are gone after a reload.
    other_paths: HashSet<String>,
    /// Paths changed since the last good reload: a failed reload is tried again with them, so
    /// a later edit elsewhere does not hide a mistake that is still there.
    pending: Vec<PathBuf>,
    /// A render failed after a good reload: the next good one renders everything.
    stale: bool,
    shared: Arc<Shared>,
}

impl Preview {
    /// Loads and renders the whole site; on errors the preview starts empty and waits for a fix.
    pub fn start(options: Options, shared: Arc<Shared>) -> (Preview, Outcome) {
        let mut preview = Preview {
            options,
            project: None,
            page_paths: HashMap::new(),
            other_paths: HashSet::new(),
            pending: Vec::new(),
            stale: false,
            shared,
        };
        let outcome = preview.load();
        (preview, outcome)
    }

    /// The folder a build writes to, which the preview does not watch.
    pub fn output_dir(&self) -> PathBuf {
        match &self.project {
            Some(project) => project.output_dir(),
            None => self.options.root.join("output"),
        }
    }

    /// Brings the site up to date after `paths` changed.
    pub fn apply(&mut self, paths: Vec<PathBuf>) -> Outcome {
        for path in paths {
            if !self.pending.contains(&path) {
                self.pending.push(path);
            }
        }
        let Some(project) = &mut self.project else {
            return self.load();
        };
        let started = Instant::now();
        let reloaded = match project.reload(&self.pending) {
            Ok(reloaded) => reloaded,
            Err(failure) => return self.fail(failure),
        };
        self.pending.clear();
        let reload = started.elapsed();
        if reloaded == Reloaded::default() && !self.stale {
            return Outcome::Nothing;
        }
        let started = Instant::now();
        let result = if self.stale {
            self.render_all()
        } else {
            self.render_changed(&reloaded)
        };
        self.rendered(result, reload, started)
    }

    /// After rendering: tell open pages to reload, or keep the failure and render everything
    /// at the next success.
    fn rendered(
        &mut self,
        result: Result<usize, Failure>,
        reload: std::time::Duration,
        started: Instant,
    ) -> Outcome {
        match result {
            Ok(files) => {
                self.stale = false;
                if let Some(project) = &self.project {
                    self.shared.use_words_of(project);
                }
                self.shared.hub.reload();
                Outcome::Updated {
                    files,
                    reload,
                    render: started.elapsed(),
                }
            }
            Err(failure) => {
                self.stale = true;
                self.fail(failure)
            }
        }
    }

    /// A whole load, at the start or while the site never loaded.
    fn load(&mut self) -> Outcome {
        let started = Instant::now();
        match Project::load(&self.options) {
            Ok(project) => self.project = Some(project),
            Err(failure) => return self.fail(failure),
        }
        let reload = started.elapsed();
        self.pending.clear();
        let started = Instant::now();
        let result = self.render_all();
        self.rendered(result, reload, started)
    }

    fn fail(&self, failure: Failure) -> Outcome {
        let errors: Vec<&Diagnostic> = failure.errors().collect();
        self.shared.hub.fail(&errors);
        Outcome::Failed(failure)
    }

    /// Every file, replacing what was there.
    fn render_all(&mut self) -> Result<usize, Failure> {
        let Some(project) = &self.project else {
            return Ok(0);
        };
        let sink = MemorySink::default();
        project.render_all(&sink).map_err(failure)?;
        let mut made = sink.into_files();
        read_statics(project, &mut made)?;
        self.page_paths = project
            .pages()
            .filter_map(|id| Some((id.clone(), project.page_path(id)?.to_string())))
            .collect();
        let pages: HashSet<&String> = self.page_paths.values().collect();
        self.other_paths = made
            .keys()
            .filter(|path| !pages.contains(path))
            .cloned()
            .collect();
        let count = made.len();
        *self.shared.write() = made
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
            .collect();
        Ok(count)
    }

    /// The pages a reload names, and the other files when they may have changed.
    fn render_changed(&mut self, reloaded: &Reloaded) -> Result<usize, Failure> {
        let Some(project) = &self.project else {
            return Ok(0);
        };
        let sink = MemorySink::default();
        project
            .render_pages(&reloaded.changed, &sink)
            .map_err(failure)?;
        let others = if reloaded.assets {
            let others = MemorySink::default();
            project.write_assets(&others).map_err(failure)?;
            let mut others = others.into_files();
            read_statics(project, &mut others)?;
            Some(others)
        } else {
            None
        };
        let pages = sink.into_files();
        let count = pages.len() + others.as_ref().map_or(0, |o| o.len());
        let mut files = self.shared.write();
        for id in &reloaded.removed {
            if let Some(path) = self.page_paths.remove(id) {
                files.remove(&path);
            }
        }
        for id in &reloaded.changed {
            if let Some(path) = project.page_path(id) {
                self.page_paths.insert(id.clone(), path.to_string());
            }
        }
        if let Some(others) = others {
            for gone in self.other_paths.iter().filter(|p| !others.contains_key(*p)) {
                files.remove(gone);
            }
            self.other_paths = others.keys().cloned().collect();
            files.extend(others.into_iter().map(|(p, b)| (p, Arc::new(b))));
        }
        files.extend(pages.into_iter().map(|(p, b)| (p, Arc::new(b))));
        Ok(count)
    }
}

/// The static files, read again: they are copied as they are.
fn read_statics(
    project: &Project,
    into: &mut std::collections::BTreeMap<String, Vec<u8>>,
) -> Result<(), Failure> {
    for (relative, path) in project.statics() {
        match std::fs::read(path) {
            Ok(bytes) => {
                into.insert(relative.clone(), bytes);
            }
            Err(e) => {
                let diagnostic = Diagnostic::error(msg!("cli.serve.static_unreadable", error = e))
                    .at(bulletin::Location::file(path));
                return Err(failure(Diagnostics::from_iter([diagnostic])));
            }
        }
    }
    Ok(())
}

fn failure(diagnostics: Diagnostics) -> Failure {
    Failure {
        error_count: diagnostics.error_count(),
        diagnostics: diagnostics.sorted(),
    }
}

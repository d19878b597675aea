//! Reloading what a set of changed paths touches, and nothing else. A reload that finds errors
//! leaves the project as it was, so a preview keeps showing the last good site.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{changes, load, Loaded, Project};
use crate::common::diagnostics::Diagnostics;
use crate::input::config::CONFIG_FILE;
use crate::input::content::BulletinSource;
use crate::site::PageId;
use crate::Failure;

/// What a reload changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reloaded {
    /// Pages to render again: new pages and pages whose inputs or charts changed.
    pub changed: Vec<PageId>,
    /// Pages that no longer exist.
    pub removed: Vec<PageId>,
    /// The files that are not pages may have changed: the theme's, the charts' data, the feeds
    /// and the sitemap, the static files.
    pub assets: bool,
}

/// The inputs a set of paths touches, from the most to the least far-reaching.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Touched {
    /// Settings or interface strings: everything is read again.
    everything: bool,
    data: bool,
    content: bool,
    templates: bool,
    statics: bool,
}

impl Touched {
    fn of(paths: &[PathBuf], root: &Path, loaded: &Loaded) -> Touched {
        let dirs = &loaded.config.paths;
        let under = |path: &Path, dir: &Path| path.starts_with(root.join(dir));
        let strings_dir = root.join(&dirs.templates).join("i18n");
        let mut touched = Touched::default();
        for path in paths {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                root.join(path)
            };
            if path == root.join(CONFIG_FILE) || path.starts_with(&strings_dir) {
                touched.everything = true;
            } else if under(&path, &dirs.data) {
                touched.data = true;
            } else if under(&path, &dirs.content) {
                touched.content = true;
            } else if under(&path, &dirs.templates) {
                touched.templates = true;
            } else if under(&path, &dirs.static_files) {
                touched.statics = true;
            }
        }
        touched
    }

    fn anything(self) -> bool {
        self.everything || self.data || self.content || self.templates || self.statics
    }
}

impl Project {
    /// Reads again what `paths` (files that were written, created or removed) touch and plans
    /// the pages again; returns which pages to render. Paths outside the site's inputs (the
    /// output folder, editor files elsewhere) change nothing.
    pub fn reload(&mut self, paths: &[PathBuf]) -> Result<Reloaded, Failure> {
        let touched = Touched::of(paths, &self.options.root, &self.loaded);
        if !touched.anything() {
            return Ok(Reloaded::default());
        }
        if touched.everything {
            let (loaded, warnings) = Loaded::load(&self.options, &mut self.draw_cache, |_, _| {})?;
            return Ok(self.take(loaded, warnings, false));
        }
        let mut diagnostics = Diagnostics::new();
        let reloaded =
            crate::common::panics::catch(|| self.reread(touched, paths, &mut diagnostics))
                .unwrap_or_else(|message| {
                    diagnostics.push(crate::internal_error(&message));
                    None
                });
        match reloaded {
            Some(loaded) if !diagnostics.has_errors() => {
                Ok(self.take(loaded, diagnostics.sorted(), !touched.data))
            }
            _ => Err(crate::fail(diagnostics)),
        }
    }

    /// The inputs `touched` names read again over a copy of the rest.
    fn reread(
        &mut self,
        touched: Touched,
        touched_paths: &[PathBuf],
        diagnostics: &mut Diagnostics,
    ) -> Option<Loaded> {
        let options = &self.options;
        let root = &options.root;
        let old = &self.loaded;
        let config = old.config.clone();
        let strings = old.strings.clone();
        let (dataset, maps) = if touched.data {
            let (dataset, maps) = load::data(root, &config, diagnostics)?;
            (Arc::new(dataset), Arc::new(maps))
        } else {
            (Arc::clone(&old.dataset), Arc::clone(&old.maps))
        };
        let sources = if touched.content {
            // Files the edit did not touch keep the source read last time (`shown` paths).
            let edited: HashSet<PathBuf> = touched_paths
                .iter()
                .map(|path| crate::common::diagnostics::display_path(root, path))
                .collect();
            let previous: HashMap<&Path, &BulletinSource> = old
                .bulletins
                .iter()
                .map(|b| (b.source.file.as_path(), &b.source))
                .collect();
            let unchanged = |shown: &Path| {
                (!edited.contains(shown))
                    .then(|| previous.get(shown).map(|s| (*s).clone()))
                    .flatten()
            };
            load::bulletin_sources(options, &config, &unchanged, diagnostics)
        } else {
            old.bulletins.iter().map(|b| b.source.clone()).collect()
        };
        // Without a data edit, a bulletin whose file did not change resolves as before.
        let unchanged = if touched.data {
            (&[][..], &[][..])
        } else {
            (&old.bulletins[..], &old.bulletin_parts[..])
        };
        let (bulletins, bulletin_parts) =
            load::resolve(sources, &config, (&dataset, &maps), &strings, unchanged);
        load::report_findings(&bulletin_parts, diagnostics);
        let renderer = if touched.templates {
            Arc::new(load::templates(root, &config, diagnostics)?)
        } else {
            Arc::clone(&old.renderer)
        };
        let statics = if touched.statics {
            load::statics(root, &config, diagnostics)
        } else {
            old.statics.clone()
        };
        if diagnostics.has_errors() {
            return None;
        }
        let mut loaded = Loaded {
            plan: crate::site::Plan::empty(),
            drawings: Default::default(),
            config,
            strings,
            dataset,
            maps,
            bulletins,
            bulletin_parts,
            renderer,
            statics,
        };
        // Without a data edit, settings and strings unchanged too (they reload everything), a
        // chart id still names the same picture.
        let same_inputs = (!touched.data).then_some(super::SameInputs {
            plan: &old.plan,
            drawings: &old.drawings,
        });
        loaded.replan(&mut self.draw_cache, same_inputs, diagnostics);
        (!diagnostics.has_errors()).then_some(loaded)
    }

    /// Puts a freshly loaded state in place and says what changed. `same_data`: the data was not
    /// read again, so its fingerprints still hold.
    fn take(
        &mut self,
        loaded: Loaded,
        warnings: Vec<crate::Diagnostic>,
        same_data: bool,
    ) -> Reloaded {
        let old = self
            .prints
            .take()
            .unwrap_or_else(|| self.loaded.prints(None));
        let prints = loaded.prints(same_data.then_some(&old.data));
        let (changed, removed) = changes::changed_pages(&old.pages, &prints.pages);
        let previous = std::mem::replace(&mut self.loaded, loaded);
        // Freeing a large site's plan and charts takes a noticeable part of a reload; the
        // preview need not wait for it. When no thread can start, it is freed here instead.
        let freeing = std::thread::Builder::new().name("free".into());
        let _ = freeing.spawn(move || drop(previous));
        self.prints = Some(prints);
        self.warnings = warnings;
        Reloaded {
            changed,
            removed,
            assets: true,
        }
    }
}

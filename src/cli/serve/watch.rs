//! Watching the site folder: the paths written, created or removed, gathered until the folder
//! has been quiet for a moment (an editor's save is several events), without the output folder,
//! hidden folders (`.git`) and the swap, backup and lock files of editors and spreadsheets.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// How long the folder must be quiet before a batch of changes is taken.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a batch waits for quiet (a program writing many files in a row).
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// Changes seen together.
pub struct Batch {
    pub paths: Vec<PathBuf>,
    /// When the first of them was seen.
    pub first_seen: Instant,
}

pub struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    output: PathBuf,
}

impl Watch {
    /// Watches `root` (an absolute path) and every folder in it except `output` and hidden ones.
    pub fn new(root: &Path, output: PathBuf) -> notify::Result<Watch> {
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch {
            watcher,
            events,
            root: root.to_path_buf(),
            output,
        };
        for entry in fs::read_dir(root)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                watch.add_folder(&path)?;
            }
        }
        Ok(watch)
    }

    fn add_folder(&mut self, path: &Path) -> notify::Result<()> {
        if self.ignored(path) {
            return Ok(());
        }
        self.watcher.watch(path, RecursiveMode::Recursive)
    }

    /// The next batch of changed paths; `None` once the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut paths = BTreeSet::new();
        while !self.take(self.events.recv().ok()?, &mut paths) {}
        let first_seen = Instant::now();
        let mut last_seen = first_seen;
        loop {
            let now = Instant::now();
            let quiet_until = (last_seen + QUIET).min(first_seen + MAX_WAIT);
            let Some(wait) = quiet_until
                .checked_duration_since(now)
                .filter(|w| !w.is_zero())
            else {
                break;
            };
            match self.events.recv_timeout(wait) {
                Ok(event) => {
                    if self.take(event, &mut paths) {
                        last_seen = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(Batch {
            paths: paths.into_iter().collect(),
            first_seen,
        })
    }

    /// Adds the paths of one event that changes a file of the site; true if there were any.
    fn take(
        &mut self,
        event: notify::Result<notify::Event>,
        paths: &mut BTreeSet<PathBuf>,
    ) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                let warning =
                    bulletin::Diagnostic::warning(msg!("cli.serve.watch_failed", error = error));
                eprintln!("{warning}");
                return false;
            }
        };
        if event.need_rescan() {
            // Events were lost: read everything again, as for a change of settings.
            paths.insert(self.root.join("bulletin.toml"));
            return true;
        }
        if !changes_files(&event.kind) {
            return false;
        }
        let mut taken = false;
        for path in event.paths {
            if matches!(event.kind, EventKind::Create(_))
                && path.parent() == Some(self.root.as_path())
                && path.is_dir()
            {
                if let Err(error) = self.add_folder(&path) {
                    let warning = bulletin::Diagnostic::warning(msg!(
                        "cli.serve.cannot_watch",
                        folder = path.display(),
                        error = error
                    ))
                    .help(msg!("cli.serve.cannot_watch_help"));
                    eprintln!("{warning}");
                }
            }
            if !self.ignored(&path) {
                paths.insert(path);
                taken = true;
            }
        }
        taken
    }

    fn ignored(&self, path: &Path) -> bool {
        if path.starts_with(&self.output) {
            return true;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let hidden = relative.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            name.starts_with('.') && name != "." && name != ".."
        });
        hidden
            || path
                .file_name()
                .is_some_and(|n| is_editor_file(&n.to_string_lossy()))
    }
}

/// Writes, creations, removals and renames; not opening or reading a file (the reload itself
/// reads every input) nor a change of its times or permissions.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Swap, backup and lock files of editors and office programs (hidden ones are already left out).
fn is_editor_file(name: &str) -> bool {
    const ENDINGS: [&str; 7] = ["~", ".swp", ".swx", ".swo", ".bak", ".tmp", ".orig"];
    ENDINGS.iter().any(|e| name.ends_with(e))
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_left_out() {
        for name in [
            "a.md~",
            "a.md.swp",
            "#a.md#",
            "~$book.xlsx",
            "4913",
            "x.bak",
        ] {
            assert!(is_editor_file(name), "{name}");
        }
        for name in ["a.md", "2023-08-yen-bai.csv", "style.css", "vi.toml"] {
            assert!(!is_editor_file(name), "{name}");
        }
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{AccessKind, CreateKind, DataChange};
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(changes_files(&EventKind::Create(CreateKind::File)));
    }
}

//! The folder a build writes its site into, beside the output.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::leftovers::{
    previous_prefix, recover_interrupted_swap, remove_abandoned, staging_prefix,
};
use super::lock::FolderLock;
use super::paths::resolve_output;
use super::swap::put_in_place;
use super::{interrupt, io_error, remove_owned_dir, Action, MARKER_FILE, MARKER_TEXT};
use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::messages::msg;

/// Tells apart the folders of several builds in one process.
static NEXT_FOLDER: AtomicUsize = AtomicUsize::new(0);

/// A new site being written into a folder beside the output. Pages are written as they are
/// rendered, in parallel; the folder replaces the output only on [`Staging::commit`] and is
/// removed if dropped uncommitted (a failed build, a panic) or when the process is interrupted,
/// so the previous output stays as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    /// Held for the build's life, so that other runs leave this folder alone.
    lock: Option<FolderLock>,
    committed: bool,
}

impl Staging {
    /// Makes the staging folder, after putting back a site an earlier run left aside and
    /// removing what dead runs left beside the output.
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let resolved = resolve_output(output).map_err(|e| io_error(Action::Find, output, e))?;
        if resolved.is_symlink || resolved.name.is_empty() {
            return Err(Diagnostic::error(msg!(
                "output.staging.not_replaceable",
                path = output.display()
            ))
            .at(Location::file(output.display().to_string()))
            .help(msg!("output.staging.not_replaceable_help")));
        }
        let (parent, name) = (resolved.parent, resolved.name);
        fs::create_dir_all(&parent).map_err(|e| io_error(Action::CreateFolder, &parent, e))?;
        let _ = recover_interrupted_swap(&resolved.path);
        remove_abandoned(&parent, &name);
        let dir = {
            // Listed for the signal handler in the same step as it is made, so Ctrl-C cannot
            // leave it behind unlisted.
            let mut unfinished = interrupt::exclusive();
            let dir = create_unique(&parent, &staging_prefix(&name))
                .map_err(|e| io_error(Action::CreateStagingIn, &parent, e))?;
            unfinished.push(interrupt::Unfinished {
                dir: dir.clone(),
                is_previous_site: false,
            });
            dir
        };
        // Locked before it is marked: a marked, unlocked folder is a dead run's leftover.
        let lock = FolderLock::hold(&dir);
        let staging = Staging {
            dir,
            output: resolved.path,
            parent,
            name,
            lock,
            committed: false,
        };
        staging.write(MARKER_FILE, MARKER_TEXT)?;
        Ok(staging)
    }

    /// Writes one file (path relative to the site, with `/`). Safe to call from many threads.
    pub fn write(&self, relative: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let _not_interrupted = interrupt::writing();
        let target = self.dir.join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(Action::CreateFolder, dir, e))?;
        }
        fs::write(&target, contents).map_err(|e| io_error(Action::Write, &target, e))
    }

    /// Copies the static files and swaps the folder in for the output.
    pub fn commit(mut self, statics: &[(String, PathBuf)]) -> Result<(), Diagnostic> {
        for (relative, source) in statics {
            let _not_interrupted = interrupt::writing();
            let target = self.dir.join(relative);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(Action::CreateFolder, dir, e))?;
            }
            fs::copy(source, &target).map_err(|e| io_error(Action::CopyTo, &target, e))?;
        }
        let aside = free_name(&self.parent, &previous_prefix(&self.name));
        let previous = {
            // A signal now waits until the output holds one complete site or the other.
            let mut unfinished = interrupt::exclusive();
            let previous = put_in_place(&self.dir, &self.output, &aside).map_err(|e| {
                let diagnostic = io_error(Action::PutInPlace, &self.output, e.error);
                match e.kept_aside {
                    Some(kept) => diagnostic.help(msg!(
                        "output.staging.kept_aside",
                        kept = kept.display(),
                        output = self.output.display()
                    )),
                    None => diagnostic,
                }
            })?;
            self.committed = true;
            unfinished.retain(|folder| folder.dir != self.dir);
            if let Some(previous) = &previous {
                unfinished.push(interrupt::Unfinished {
                    dir: previous.clone(),
                    is_previous_site: true,
                });
            }
            previous
        };
        self.lock = None;
        if let Some(previous) = previous {
            // The new site is live; a previous site that cannot be removed now is a leftover
            // the next build removes.
            let _ = remove_owned_dir(&previous);
            interrupt::forget(&previous);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
            interrupt::forget(&self.dir);
        }
    }
}

/// Creates a new folder beside the output whose name no other run uses.
fn create_unique(parent: &Path, prefix: &str) -> io::Result<PathBuf> {
    loop {
        let dir = parent.join(unique_name(prefix));
        match fs::create_dir(&dir) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            result => return result.map(|()| dir),
        }
    }
}

/// A name beside the output that is not taken now, for moving the previous site aside.
fn free_name(parent: &Path, prefix: &str) -> PathBuf {
    loop {
        let path = parent.join(unique_name(prefix));
        if fs::symlink_metadata(&path).is_err() {
            return path;
        }
    }
}

fn unique_name(prefix: &str) -> String {
    let serial = NEXT_FOLDER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}{}-{serial}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_uncommitted_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("out")).unwrap();
        staging.write("a/b/index.html", b"page").unwrap();
        assert_eq!(names(dir.path()).len(), 1);
        drop(staging);
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_panicking_build_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        let result = std::panic::catch_unwind(|| {
            let staging = Staging::create(&output).unwrap();
            staging.write("index.html", b"page").unwrap();
            panic!("a bug while rendering");
        });
        assert!(result.is_err());
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn concurrent_builds_keep_each_others_staging_folders() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        let first = Staging::create(&output).unwrap();
        first.write("index.html", b"first").unwrap();
        let second = Staging::create(&output).unwrap();
        second.write("index.html", b"second").unwrap();
        assert!(first.dir.join("index.html").exists());
        first.commit(&[]).unwrap();
        second.commit(&[]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "second"
        );
        assert_eq!(names(dir.path()), ["out"]);
    }

    #[test]
    fn the_marker_is_in_the_published_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        Staging::create(&output).unwrap().commit(&[]).unwrap();
        assert_eq!(fs::read(output.join(MARKER_FILE)).unwrap(), MARKER_TEXT);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_output_is_refused_in_vietnamese() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("real")).unwrap();
        let output = dir.path().join("out");
        std::os::unix::fs::symlink(dir.path().join("real"), &output).unwrap();
        let refused = crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
            Staging::create(&output).err().unwrap()
        });
        assert!(refused
            .message
            .ends_with("không phải là thư mục mà bulletin có thể thay thế"));
        assert!(refused.help.unwrap().contains("--output"));
    }
}

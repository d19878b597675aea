//! An exclusive lock on a folder, held by the build that uses it. A run that finds leftovers
//! beside the output removes only folders it can lock, so two builds into the same output never
//! delete each other's staging folder, whatever their process ids. The operating system drops the
//! lock when the process ends, however it ends (even `kill -9`).
//!
//! The lock is taken on the folder itself (`flock` on the directory), not on a file inside: it
//! follows the folder through renames and adds nothing to the published site.

use std::fs::File;
use std::io;
use std::path::Path;

pub(super) struct FolderLock {
    _handle: File,
}

impl FolderLock {
    /// Waits for the lock; `None` where the file system cannot lock folders (the build goes on
    /// without the protection rather than failing).
    pub(super) fn hold(dir: &Path) -> Option<FolderLock> {
        let handle = open(dir).ok()?;
        handle.lock().ok()?;
        Some(FolderLock { _handle: handle })
    }

    /// The lock if no one holds it. `Ok(None)` means a live process owns the folder, and an error
    /// that ownership cannot be told: either way the folder must be left alone.
    pub(super) fn try_hold(dir: &Path) -> io::Result<Option<FolderLock>> {
        let handle = open(dir)?;
        match handle.try_lock() {
            Ok(()) => Ok(Some(FolderLock { _handle: handle })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

#[cfg(unix)]
fn open(dir: &Path) -> io::Result<File> {
    File::open(dir)
}

/// Folders cannot be opened as files here; without a lock, leftovers are never removed.
#[cfg(not(unix))]
fn open(_dir: &Path) -> io::Result<File> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_held_folder_cannot_be_taken() {
        let dir = tempfile::tempdir().unwrap();
        let held = FolderLock::hold(dir.path()).expect("folders can be locked here");
        assert!(FolderLock::try_hold(dir.path()).unwrap().is_none());
        drop(held);
        assert!(FolderLock::try_hold(dir.path()).unwrap().is_some());
    }

    #[test]
    fn the_lock_follows_the_folder_through_a_rename() {
        let dir = tempfile::tempdir().unwrap();
        let before = dir.path().join("before");
        let after = dir.path().join("after");
        std::fs::create_dir(&before).unwrap();
        let _held = FolderLock::hold(&before).unwrap();
        std::fs::rename(&before, &after).unwrap();
        assert!(FolderLock::try_hold(&after).unwrap().is_none());
    }
}

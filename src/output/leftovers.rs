//! What runs that died (`kill -9`, power loss) left beside the output, dealt with at the next
//! start: a previous site moved aside mid-swap is put back, and staging or retired folders no
//! live process owns are removed.
//!
//! Only folders named like bulletin's (`.NAME.building-*`, `.NAME.previous-*`) that carry its
//! marker and that no running build has locked are ever touched.

use std::fs;
use std::path::{Path, PathBuf};

use super::lock::FolderLock;
use super::paths::resolve_output;
use super::{has_marker, remove_owned_dir};
use crate::common::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;

pub(super) fn staging_prefix(name: &str) -> String {
    format!(".{name}.building-")
}

pub(super) fn previous_prefix(name: &str) -> String {
    format!(".{name}.previous-")
}

/// If a run died between moving the previous site aside and moving the new one in, the output
/// is missing: puts the previous site back. Run before anything else, so that even a build that
/// then fails on its input leaves the site where it was. Reports what it did as warnings.
pub fn recover_interrupted_swap(output: &Path) -> Diagnostics {
    let mut notes = Diagnostics::new();
    let Ok(resolved) = resolve_output(output) else {
        return notes;
    };
    if resolved.is_symlink || fs::symlink_metadata(&resolved.path).is_ok() {
        return notes;
    }
    let mut candidates = abandoned(&resolved.parent, &previous_prefix(&resolved.name));
    // The newest is the site that was live when the run died.
    candidates.sort_by_key(|(dir, _)| fs::metadata(dir).and_then(|m| m.modified()).ok());
    let Some((previous, _lock)) = candidates.pop() else {
        return notes;
    };
    let location = Location::file(resolved.path.display().to_string());
    notes.push(match fs::rename(&previous, &resolved.path) {
        Ok(()) => Diagnostic::warning(msg!(
            "output.leftovers.put_back",
            path = resolved.path.display()
        ))
        .at(location),
        Err(e) => Diagnostic::warning(msg!(
            "output.leftovers.not_put_back",
            previous = previous.display(),
            error = e
        ))
        .at(location)
        .help(msg!(
            "output.leftovers.not_put_back_help",
            previous = previous.display(),
            path = resolved.path.display()
        )),
    });
    notes
}

/// Removes the staging and retired folders of dead runs beside the output. Retired sites are kept
/// while the output is missing: one of them may be the only copy of the site.
pub(super) fn remove_abandoned(parent: &Path, name: &str) {
    let mut prefixes = vec![staging_prefix(name)];
    if fs::symlink_metadata(parent.join(name)).is_ok() {
        prefixes.push(previous_prefix(name));
    }
    for prefix in prefixes {
        for (dir, _lock) in abandoned(parent, &prefix) {
            // A leftover that cannot be removed now is tried again by the next build.
            let _ = remove_owned_dir(&dir);
        }
    }
}

/// Bulletin's folders beside the output whose names start with `prefix` and that no live process
/// owns, each with its lock held so that no other run takes it meanwhile.
fn abandoned(parent: &Path, prefix: &str) -> Vec<(PathBuf, FolderLock)> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        if !entry.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        // Not followed: a link named like a leftover leads somewhere bulletin did not make.
        if !entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            continue;
        }
        let dir = entry.path();
        // The marker is checked after the lock: a live build locks its folder before marking it.
        if let Ok(Some(lock)) = FolderLock::try_hold(&dir) {
            if has_marker(&dir) {
                found.push((dir, lock));
            }
        }
    }
    found
}

#[cfg(all(test, unix))]
mod tests {
    use super::super::{MARKER_FILE, MARKER_TEXT};
    use super::*;

    fn marked(dir: &Path) -> PathBuf {
        fs::create_dir_all(dir.join("a")).unwrap();
        fs::write(dir.join(MARKER_FILE), MARKER_TEXT).unwrap();
        fs::write(dir.join("a/index.html"), "page").unwrap();
        dir.to_path_buf()
    }

    #[test]
    fn puts_the_previous_site_back_when_the_output_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let previous = marked(&dir.path().join(".out.previous-4242-0"));
        let notes = crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
            recover_interrupted_swap(&dir.path().join("out"))
        });
        assert_eq!(notes.warning_count(), 1);
        let note = notes.iter().next().unwrap();
        assert!(
            note.message
                .starts_with("một lần dựng trang trước đã bị dừng giữa lúc thay thế trang web"),
            "{}",
            note.message
        );
        assert!(!previous.exists());
        assert!(dir.path().join("out/a/index.html").exists());
        // The output is back: nothing more to do.
        assert!(recover_interrupted_swap(&dir.path().join("out")).is_empty());
    }

    #[test]
    fn removes_only_marked_folders_no_one_holds() {
        let dir = tempfile::tempdir().unwrap();
        marked(&dir.path().join("out"));
        let dead = marked(&dir.path().join(".out.building-4242-0"));
        let retired = marked(&dir.path().join(".out.previous-4242-1"));
        let live = marked(&dir.path().join(".out.building-4243-0"));
        let _held = FolderLock::hold(&live).unwrap();
        let foreign = dir.path().join(".out.building-4244-0");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let other_output = marked(&dir.path().join(".other.building-1-0"));

        remove_abandoned(dir.path(), "out");
        assert!(!dead.exists());
        assert!(!retired.exists());
        assert!(live.exists(), "a live build's staging folder stays");
        assert!(
            foreign.join("notes.txt").exists(),
            "no marker, never deleted"
        );
        assert!(
            other_output.exists(),
            "another output's folders are not ours"
        );
    }

    #[test]
    fn keeps_retired_sites_while_the_output_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let retired = marked(&dir.path().join(".out.previous-4242-1"));
        remove_abandoned(dir.path(), "out");
        assert!(retired.exists());
    }
}

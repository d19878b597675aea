//! Putting a finished staging folder at the output path so that, whenever the process dies, the
//! output path holds either the complete previous site or the complete new one.
//!
//! On Linux the two folders trade places in one step (`renameat2` with `RENAME_EXCHANGE`). Where
//! that is missing, the output is first moved aside to a `.NAME.previous-*` folder and the new
//! site moved in; a run that dies between the two renames is repaired by the next start (see
//! `leftovers`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::has_marker;
use super::lock::FolderLock;

/// Why the new site could not be put in place; the output is as it was unless `kept_aside` says
/// where the previous site waits for the next run to put it back.
#[derive(Debug)]
pub(super) struct SwapError {
    pub error: io::Error,
    pub kept_aside: Option<PathBuf>,
}

impl From<io::Error> for SwapError {
    fn from(error: io::Error) -> Self {
        SwapError {
            error,
            kept_aside: None,
        }
    }
}

/// Puts `staging` at `output`. Returns the folder that now holds the previous site, which the
/// caller removes, if there was one. `aside` is a free name beside the output for the fallback.
pub(super) fn put_in_place(
    staging: &Path,
    output: &Path,
    aside: &Path,
) -> Result<Option<PathBuf>, SwapError> {
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::rename(staging, output)?;
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
        Ok(_) => {}
    }
    if exchange(staging, output)? {
        return Ok(Some(staging.to_path_buf()));
    }
    swap_by_renames(staging, output, aside)
}

/// Trades the two folders' places atomically. `Ok(false)` where the OS or file system has no such
/// operation, so the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(staging: &Path, output: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;
    match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(errno) => Err(errno.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_staging: &Path, _output: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The fallback: the output moves aside, then the new site moves in. If the second rename fails
/// the output is moved back.
pub(super) fn swap_by_renames(
    staging: &Path,
    output: &Path,
    aside: &Path,
) -> Result<Option<PathBuf>, SwapError> {
    // An empty folder the user made for the site has no marker to prove it is bulletin's: it is
    // removed (which fails if anything was put in it meanwhile) rather than moved aside.
    if !has_marker(output) && fs::remove_dir(output).is_ok() {
        fs::rename(staging, output)?;
        return Ok(None);
    }
    // Locked while aside, so that a concurrent run does not take it for a dead run's leftover.
    let _previous = FolderLock::hold(output);
    fs::rename(output, aside)?;
    if let Err(error) = fs::rename(staging, output) {
        let kept_aside = fs::rename(aside, output)
            .is_err()
            .then(|| aside.to_path_buf());
        return Err(SwapError { error, kept_aside });
    }
    Ok(Some(aside.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::super::{MARKER_FILE, MARKER_TEXT};
    use super::*;

    fn site(dir: &Path, page: &str) {
        fs::create_dir_all(dir.join("a")).unwrap();
        fs::write(dir.join(MARKER_FILE), MARKER_TEXT).unwrap();
        fs::write(dir.join("a/index.html"), page).unwrap();
    }

    fn page(dir: &Path) -> String {
        fs::read_to_string(dir.join("a/index.html")).unwrap()
    }

    #[test]
    fn a_missing_output_is_simply_created() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join(".out.building-1"), dir.path().join("out"));
        site(&staging, "new");
        let previous = put_in_place(&staging, &output, &dir.path().join(".out.previous-1"));
        assert_eq!(previous.unwrap(), None);
        assert_eq!(page(&output), "new");
        assert!(!staging.exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_exchange_leaves_the_previous_site_at_the_staging_path() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join(".out.building-1"), dir.path().join("out"));
        site(&staging, "new");
        site(&output, "old");
        assert!(
            exchange(&staging, &output).unwrap(),
            "tmp supports RENAME_EXCHANGE"
        );
        assert_eq!(page(&output), "new");
        assert_eq!(page(&staging), "old");

        site(&staging, "newer");
        let previous = put_in_place(&staging, &output, &dir.path().join(".out.previous-1"));
        assert_eq!(previous.unwrap(), Some(staging.clone()));
        assert_eq!(page(&output), "newer");
        assert_eq!(page(&staging), "new");
    }

    #[test]
    fn the_fallback_moves_the_previous_site_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join(".out.building-1"), dir.path().join("out"));
        let aside = dir.path().join(".out.previous-1");
        site(&staging, "new");
        site(&output, "old");
        let previous = swap_by_renames(&staging, &output, &aside).unwrap();
        assert_eq!(previous, Some(aside.clone()));
        assert_eq!(page(&output), "new");
        assert_eq!(page(&aside), "old");
        assert!(!staging.exists());
    }

    #[test]
    fn the_fallback_puts_the_output_back_when_the_new_site_cannot_move_in() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join(".out.building-1"), dir.path().join("out"));
        let aside = dir.path().join(".out.previous-1");
        site(&output, "old");
        let err = swap_by_renames(&staging, &output, &aside).unwrap_err();
        assert_eq!(err.error.kind(), io::ErrorKind::NotFound);
        assert_eq!(err.kept_aside, None);
        assert_eq!(page(&output), "old");
        assert!(!aside.exists());
    }

    #[test]
    fn the_fallback_replaces_an_empty_unmarked_output_without_moving_it_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, output) = (dir.path().join(".out.building-1"), dir.path().join("out"));
        let aside = dir.path().join(".out.previous-1");
        site(&staging, "new");
        fs::create_dir(&output).unwrap();
        assert_eq!(swap_by_renames(&staging, &output, &aside).unwrap(), None);
        assert_eq!(page(&output), "new");
        assert!(!aside.exists());
    }
}

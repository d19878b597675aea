//! Ctrl-C, `kill` and a closed terminal end a build without leaving its staging folder behind.
//!
//! The folders a signal must remove are listed in one lock. Writing a file holds it shared and
//! putting the site in place holds it exclusively; the signal handler takes it exclusively and
//! keeps it until the process exits. So a signal during the swap lets the swap finish first, and
//! no page is written into a staging folder after the handler removed it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A folder the process would leave behind if it ended now.
pub(super) struct Unfinished {
    pub dir: PathBuf,
    /// True once the new site is in place and `dir` holds the previous one, being removed.
    pub is_previous_site: bool,
}

static UNFINISHED: RwLock<Vec<Unfinished>> = RwLock::new(Vec::new());

/// Held while a file is written into a staging folder.
pub(super) fn writing() -> RwLockReadGuard<'static, Vec<Unfinished>> {
    UNFINISHED.read().unwrap_or_else(PoisonError::into_inner)
}

/// Held while a staging folder is put in place, and by the signal handler until exit.
pub(super) fn exclusive() -> RwLockWriteGuard<'static, Vec<Unfinished>> {
    UNFINISHED.write().unwrap_or_else(PoisonError::into_inner)
}

pub(super) fn forget(dir: &Path) {
    exclusive().retain(|unfinished| unfinished.dir != dir);
}

/// Makes SIGINT, SIGTERM and SIGHUP remove the unfinished folders and exit with 128 + the
/// signal's number (130, 143, 129), as a shell reports a process the signal ended.
#[cfg(unix)]
pub fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop(signal);
            }
        })?;
    Ok(())
}

/// Elsewhere the default handling ends the process; the next build removes its leftovers.
#[cfg(not(unix))]
pub fn install_signal_handlers() -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn stop(signal: i32) -> ! {
    // Never released: the process ends holding it, so nothing is written after the removal.
    let unfinished = exclusive();
    let mut building = false;
    for folder in unfinished.iter() {
        building |= !folder.is_previous_site;
        let _ = fs::remove_dir_all(&folder.dir);
    }
    if building {
        eprintln!("{}", crate::common::messages::msg!("output.interrupted"));
    }
    std::process::exit(128 + signal)
}

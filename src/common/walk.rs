//! The one way bulletin reads the site's files, with one policy for the whole program:
//!
//! * nothing outside the site root is read: a link (or a configured path) that leads outside is
//!   refused, because a folder handed over by a colleague could otherwise publish any file of the
//!   machine (a private key, a password file);
//! * only regular files are read: a named pipe would hang the build and a device never ends, so
//!   special files are skipped with a warning naming them;
//! * a link loop is reported once and not followed.
//!
//! Paths handed back keep the spelling under the folder that was asked for (not the resolved
//! target), so messages show the names the user sees.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::diagnostics::{display_path, Diagnostic, Diagnostics, Location};
use crate::common::messages::msg;

/// A file found by [`files`]: where it is and its path relative to the walked folder, with `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Found {
    pub relative: String,
    pub path: PathBuf,
}

/// Lists the regular files under `dir`, sorted by relative path. A missing folder has no files.
/// Links are followed only when they stay inside `root`; everything skipped is a warning, and a
/// folder that itself leads outside the site is an error.
pub fn files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<Found> {
    let mut found = Vec::new();
    if fs::symlink_metadata(dir).is_err() {
        return found;
    }
    let real_root = match real_root(root) {
        Ok(r) => r,
        Err(d) => {
            diagnostics.push(d);
            return found;
        }
    };
    let shown = display_path(root, dir);
    let real_dir = match resolve_inside(&real_root, dir, &shown) {
        Ok(real) if real.is_dir() => real,
        Ok(_) => {
            diagnostics.push(
                Diagnostic::error(msg!("common.walk.not_a_folder", path = shown.display()))
                    .at(Location::file(&shown))
                    .help(msg!("common.walk.not_a_folder_help")),
            );
            return found;
        }
        Err(d) => {
            diagnostics.push(d);
            return found;
        }
    };
    let mut walker = Walker {
        root,
        real_root: &real_root,
        diagnostics,
        visited: HashSet::from([real_dir]),
        found: &mut found,
    };
    walker.walk(dir, "");
    found.sort();
    found
}

/// Reads a file of the site, refusing anything outside `root` and anything but a regular file.
pub fn read(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let shown = display_path(root, path);
    let real = resolve_inside(&real_root(root)?, path, &shown)?;
    let meta = fs::metadata(&real).map_err(|e| cannot_read(&shown, &e))?;
    if !meta.is_file() {
        return Err(Diagnostic::error(msg!(
            "common.walk.not_a_file",
            path = shown.display(),
            kind = kind_of(&meta.file_type())
        ))
        .at(Location::file(&shown))
        .help(msg!("common.walk.not_a_file_help")));
    }
    fs::read(&real).map_err(|e| cannot_read(&shown, &e))
}

/// [`read`] as UTF-8 text; invalid text is an error naming the line.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let bytes = read(root, path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        Diagnostic::error(msg!("common.walk.not_utf8"))
            .at(Location::line(display_path(root, path), line))
            .help(msg!("common.walk.not_utf8_help"))
    })
}

/// Whether `path` exists at all (a file, folder or link, even a broken one).
pub fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

struct Walker<'a> {
    root: &'a Path,
    real_root: &'a Path,
    diagnostics: &'a mut Diagnostics,
    /// Real paths of the folders entered so far: entering one again means a link loop.
    visited: HashSet<PathBuf>,
    found: &'a mut Vec<Found>,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, prefix: &str) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                let shown = display_path(self.root, dir);
                self.diagnostics.push(cannot_read(&shown, &e));
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            self.visit(&path, relative);
        }
    }

    fn visit(&mut self, path: &Path, relative: String) {
        let shown = display_path(self.root, path);
        let Ok(meta) = fs::symlink_metadata(path) else {
            return;
        };
        let (real, meta) = if meta.file_type().is_symlink() {
            match resolve_inside(self.real_root, path, &shown) {
                Ok(real) => match fs::metadata(&real) {
                    Ok(m) => (real, m),
                    Err(e) => {
                        return self.skip(&shown, &msg!("common.walk.why_unreadable", error = e))
                    }
                },
                Err(d) => return self.diagnostics.push(as_skipped(d)),
            }
        } else {
            (path.to_path_buf(), meta)
        };
        if meta.is_dir() {
            let real = fs::canonicalize(&real).unwrap_or(real);
            if !self.visited.insert(real) {
                return self.skip(&shown, &msg!("common.walk.why_loop"));
            }
            self.walk(path, &relative);
        } else if meta.is_file() {
            self.found.push(Found {
                relative,
                path: path.to_path_buf(),
            });
        } else {
            let why = msg!("common.walk.why_special", kind = kind_of(&meta.file_type()));
            self.skip(&shown, &why);
        }
    }

    fn skip(&mut self, shown: &Path, why: &str) {
        self.diagnostics.push(
            Diagnostic::warning(msg!(
                "common.walk.skipped",
                path = shown.display(),
                why = why
            ))
            .at(Location::file(shown))
            .help(msg!("common.walk.skipped_help")),
        );
    }
}

fn real_root(root: &Path) -> Result<PathBuf, Diagnostic> {
    fs::canonicalize(root).map_err(|e| {
        Diagnostic::error(msg!(
            "common.walk.no_root",
            path = root.display(),
            error = e
        ))
        .at(Location::file(root))
        .help(msg!("common.walk.no_root_help"))
    })
}

/// The real path of `path`, which must lie inside the real root.
fn resolve_inside(real_root: &Path, path: &Path, shown: &Path) -> Result<PathBuf, Diagnostic> {
    let real = fs::canonicalize(path).map_err(|e| cannot_read(shown, &e))?;
    if real.starts_with(real_root) {
        return Ok(real);
    }
    Err(Diagnostic::error(msg!(
        "common.walk.outside",
        path = shown.display(),
        target = real.display()
    ))
    .at(Location::file(shown))
    .help(msg!("common.walk.outside_help")))
}

/// A refused link met while walking is skipped, not fatal: the rest of the folder still builds.
fn as_skipped(refused: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: crate::common::diagnostics::Severity::Warning,
        message: msg!("common.walk.skipped_refused", problem = refused.message),
        ..refused
    }
}

fn cannot_read(shown: &Path, error: &std::io::Error) -> Diagnostic {
    let help = match error.kind() {
        std::io::ErrorKind::NotFound => msg!("common.walk.cannot_read_missing"),
        std::io::ErrorKind::PermissionDenied => msg!("common.walk.cannot_read_denied"),
        _ => msg!("common.walk.cannot_read_other"),
    };
    Diagnostic::error(msg!(
        "common.walk.cannot_read",
        path = shown.display(),
        error = error
    ))
    .at(Location::file(shown))
    .help(help)
}

#[cfg(unix)]
fn kind_of(file_type: &fs::FileType) -> String {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        msg!("common.walk.kind.pipe")
    } else if file_type.is_socket() {
        msg!("common.walk.kind.socket")
    } else if file_type.is_block_device() || file_type.is_char_device() {
        msg!("common.walk.kind.device")
    } else if file_type.is_dir() {
        msg!("common.walk.kind.folder")
    } else {
        msg!("common.walk.kind.special")
    }
}

#[cfg(not(unix))]
fn kind_of(file_type: &fs::FileType) -> String {
    if file_type.is_dir() {
        msg!("common.walk.kind.folder")
    } else {
        msg!("common.walk.kind.special")
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(found: &[Found]) -> Vec<&str> {
        found.iter().map(|f| f.relative.as_str()).collect()
    }

    #[test]
    fn walks_nested_folders_in_order() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("static");
        fs::create_dir_all(dir.join("b/c")).unwrap();
        fs::write(dir.join("b/c/z.txt"), "z").unwrap();
        fs::write(dir.join("a.txt"), "a").unwrap();
        let mut diagnostics = Diagnostics::new();
        let found = files(site.path(), &dir, &mut diagnostics);
        assert_eq!(names(&found), ["a.txt", "b/c/z.txt"]);
        assert!(diagnostics.is_empty());
        assert!(files(site.path(), &site.path().join("missing"), &mut diagnostics).is_empty());
    }

    #[test]
    fn links_outside_the_root_are_never_followed() {
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("id_rsa"), "secret").unwrap();
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content");
        fs::create_dir(&dir).unwrap();
        symlink(outside.path().join("id_rsa"), dir.join("key.md")).unwrap();
        symlink(outside.path(), dir.join("home")).unwrap();
        fs::write(site.path().join("inside.md"), "ok").unwrap();
        symlink(site.path().join("inside.md"), dir.join("inside-link.md")).unwrap();
        let mut diagnostics = Diagnostics::new();
        let found = files(site.path(), &dir, &mut diagnostics);
        assert_eq!(names(&found), ["inside-link.md"]);
        assert_eq!(diagnostics.warning_count(), 2);
        assert!(diagnostics
            .iter()
            .all(|d| d.message.contains("outside the site")));

        let err = read(site.path(), &dir.join("key.md")).unwrap_err();
        assert!(err.message.contains("leads outside the site folder"));
        // The folder itself as a link to outside the site is refused whole.
        symlink(outside.path(), site.path().join("static")).unwrap();
        let mut diagnostics = Diagnostics::new();
        assert!(files(site.path(), &site.path().join("static"), &mut diagnostics).is_empty());
        assert!(diagnostics.has_errors());
    }

    #[test]
    fn loops_and_special_files_are_skipped_once() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("content");
        fs::create_dir_all(dir.join("a")).unwrap();
        symlink(&dir, dir.join("a/again")).unwrap();
        symlink(dir.join("a/again"), dir.join("a/again2")).unwrap();
        fs::write(dir.join("a/page.md"), "x").unwrap();
        let fifo = dir.join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let mut diagnostics = Diagnostics::new();
        let found = files(site.path(), &dir, &mut diagnostics);
        assert_eq!(names(&found), ["a/page.md"]);
        let messages: Vec<_> = diagnostics.iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.iter().filter(|m| m.contains("loop")).count(), 2);
        if made.is_ok_and(|s| s.success()) {
            assert!(messages.iter().any(|m| m.contains("a named pipe")));
            let err = read(site.path(), &fifo).unwrap_err();
            assert!(err.message.contains("a named pipe"), "{}", err.message);
        }
    }

    #[test]
    fn findings_read_in_vietnamese() {
        use crate::common::locale::Lang;
        use crate::common::messages::with_lang;
        let site = tempfile::tempdir().unwrap();
        fs::write(site.path().join("bad.md"), b"ok\n\xff").unwrap();
        let err = with_lang(Lang::Vi, || {
            read_text(site.path(), &site.path().join("bad.md"))
        })
        .unwrap_err();
        assert_eq!(err.message, "tệp không phải là văn bản UTF-8 hợp lệ");
        assert_eq!(err.location.unwrap().line, Some(2));
        let outside = tempfile::tempdir().unwrap();
        symlink(outside.path(), site.path().join("away")).unwrap();
        let err = with_lang(Lang::Vi, || read(site.path(), &site.path().join("away"))).unwrap_err();
        assert!(
            err.message
                .starts_with("`away` dẫn ra ngoài thư mục trang web"),
            "{}",
            err.message
        );
        let missing =
            with_lang(Lang::Vi, || read(site.path(), &site.path().join("nope.md"))).unwrap_err();
        assert!(missing.message.starts_with("không đọc được `nope.md`: "));
        assert!(missing
            .help
            .unwrap()
            .starts_with("hãy kiểm tra tên và vị trí của tệp"));
    }
}

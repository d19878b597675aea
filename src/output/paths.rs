//! Where the output really is, and whether replacing it could destroy the user's work.
//!
//! Comparisons are made on resolved paths: a folder reached through a symbolic link is where
//! the link leads, so `--output reports/out` with `reports` linked to `data/` is refused.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::MARKER_FILE;
use crate::common::diagnostics::{Diagnostic, Location};
use crate::common::messages::msg;

/// Absolute, with `.` and `..` resolved lexically (the output may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in joined_with_current_dir(path).components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn joined_with_current_dir(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}

/// The path the file system uses for `path`: every part that exists has its symbolic links
/// resolved, and the parts that do not exist yet are appended. Resolving part by part (rather
/// than `..` lexically) keeps `missing/../link/out` from sneaking through `link`.
pub(crate) fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    for component in joined_with_current_dir(path).components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if fs::symlink_metadata(&resolved).is_ok() {
                    resolved = fs::canonicalize(&resolved)?;
                }
            }
        }
    }
    Ok(resolved)
}

/// The output folder as the file system sees it: its parent resolved, its own name kept, and
/// whether that name is itself a symbolic link (which bulletin never replaces).
pub(crate) struct ResolvedOutput {
    pub path: PathBuf,
    pub parent: PathBuf,
    pub name: String,
    pub is_symlink: bool,
}

pub(crate) fn resolve_output(output: &Path) -> io::Result<ResolvedOutput> {
    let joined = joined_with_current_dir(output);
    let (parent, name) = match joined.components().next_back() {
        Some(Component::Normal(name)) => (
            resolve(joined.parent().unwrap_or(Path::new("/")))?,
            name.to_os_string(),
        ),
        _ => {
            // `.`, `..` or `/` as the last part: name the folder they lead to.
            let resolved = resolve(&joined)?;
            match (resolved.parent(), resolved.file_name()) {
                (Some(parent), Some(name)) => (parent.to_path_buf(), name.to_os_string()),
                _ => (resolved.clone(), Default::default()),
            }
        }
    };
    let path = parent.join(&name);
    let is_symlink = !name.is_empty()
        && fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink());
    Ok(ResolvedOutput {
        path,
        parent,
        name: name.to_string_lossy().into_owned(),
        is_symlink,
    })
}

/// Refuses output directories whose replacement would destroy the user's work.
pub fn check_output_dir(
    output: &Path,
    root: &Path,
    protected: &[(&str, PathBuf)],
) -> Result<(), Diagnostic> {
    let given = absolute(output);
    let refuse = |message: String, help: String| Err(refusal(&given, message, help));
    let separate = || msg!("output.paths.separate_help");
    let unresolvable = |e: io::Error, path: &Path| {
        refuse(
            msg!(
                "output.paths.unresolvable",
                path = path.display(),
                error = e
            ),
            msg!("output.paths.unresolvable_help"),
        )
    };
    let resolved = match resolve_output(output) {
        Ok(resolved) => resolved,
        Err(e) => return unresolvable(e, &given),
    };
    if resolved.is_symlink {
        let target = fs::read_link(&resolved.path).unwrap_or_default();
        return refuse(
            msg!(
                "output.paths.symlink",
                path = given.display(),
                target = target.display()
            ),
            msg!("output.paths.symlink_help"),
        );
    }
    let real = &resolved.path;
    // Say where a link led, so the refusal makes sense to someone who only typed `given`.
    let via_link = if *real != given {
        msg!("output.paths.via_link", real = real.display())
    } else {
        String::new()
    };
    if real.parent().is_none() || resolved.name.is_empty() {
        return refuse(msg!("output.paths.root"), separate());
    }
    let root = match resolve(root) {
        Ok(root) => root,
        Err(e) => return unresolvable(e, root),
    };
    if root.starts_with(real) {
        return refuse(
            msg!(
                "output.paths.contains_site",
                path = given.display(),
                via_link = via_link
            ),
            separate(),
        );
    }
    for (name, dir) in protected {
        let dir = match resolve(dir) {
            Ok(dir) => dir,
            Err(e) => return unresolvable(e, dir),
        };
        if real.starts_with(&dir) || dir.starts_with(real) {
            return refuse(
                msg!(
                    "output.paths.overlaps",
                    path = given.display(),
                    via_link = via_link,
                    name = name,
                    dir = dir.display()
                ),
                separate(),
            );
        }
    }
    check_existing_output(real, &given)
}

/// An existing output may be replaced only if bulletin made it or it is empty.
fn check_existing_output(real: &Path, given: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = fs::symlink_metadata(real) else {
        return Ok(());
    };
    let refuse = |message: String, help: String| Err(refusal(given, message, help));
    if !meta.is_dir() {
        return refuse(
            msg!("output.paths.not_a_folder", path = given.display()),
            msg!("output.paths.separate_help"),
        );
    }
    let has_marker = real.join(MARKER_FILE).exists();
    let is_empty = fs::read_dir(real)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if !has_marker && !is_empty {
        return refuse(
            msg!("output.paths.foreign", path = given.display()),
            msg!("output.paths.foreign_help"),
        );
    }
    Ok(())
}

/// The refusal of the output directory `given`.
fn refusal(given: &Path, message: String, help: String) -> Diagnostic {
    Diagnostic::error(message)
        .at(Location::file(given.display().to_string()).with_label(msg!("output.paths.label")))
        .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_absolute_paths() {
        assert_eq!(
            absolute(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }

    #[test]
    fn refuses_dangerous_outputs() {
        let root = Path::new("/site");
        let protected = [
            ("data", PathBuf::from("/site/data")),
            ("content", PathBuf::from("/site/content")),
        ];
        assert!(check_output_dir(Path::new("/site"), root, &protected).is_err());
        assert!(check_output_dir(Path::new("/"), root, &protected).is_err());
        assert!(check_output_dir(Path::new("/site/data"), root, &protected).is_err());
        assert!(check_output_dir(Path::new("/site/data/out"), root, &protected).is_err());
        assert!(check_output_dir(Path::new("/site/output/../content"), root, &protected).is_err());
        assert!(check_output_dir(Path::new("/site/output"), root, &protected).is_ok());
        let refused = crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
            check_output_dir(Path::new("/"), root, &protected).unwrap_err()
        });
        assert_eq!(
            refused.message,
            "thư mục đầu ra không thể là thư mục gốc của hệ thống tệp"
        );
        assert_eq!(
            refused.location.unwrap().label.as_deref(),
            Some("thư mục đầu ra")
        );
    }

    #[cfg(unix)]
    #[test]
    fn resolves_links_on_the_way_to_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let data = base.join("site/data");
        fs::create_dir_all(&data).unwrap();
        std::os::unix::fs::symlink(&data, base.join("site/reports")).unwrap();
        let protected = [("data", data.clone())];
        let root = base.join("site");

        let through_link = base.join("site/reports/out");
        assert_eq!(resolve(&through_link).unwrap(), data.join("out"));
        let err = check_output_dir(&through_link, &root, &protected).unwrap_err();
        assert!(err.message.contains("`data` folder"), "{}", err.message);
        assert!(err.message.contains("symbolic link"), "{}", err.message);

        let sneaky = base.join("site/missing/../reports/out");
        assert!(check_output_dir(&sneaky, &root, &protected).is_err());

        let linked_output = base.join("site/out");
        std::os::unix::fs::symlink(&data, &linked_output).unwrap();
        let err = check_output_dir(&linked_output, &root, &protected).unwrap_err();
        assert!(
            err.message.contains("is a symbolic link"),
            "{}",
            err.message
        );

        assert!(check_output_dir(&base.join("site/output"), &root, &protected).is_ok());
    }

    #[test]
    fn names_the_output_even_when_given_as_dots() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(base.join("a/b")).unwrap();
        let resolved = resolve_output(&base.join("a/b/..")).unwrap();
        assert_eq!(resolved.path, base.join("a"));
        assert_eq!(resolved.name, "a");
        assert!(!resolved.is_symlink);
    }
}

//! Writing the site without ever leaving a half-written one: everything goes into a fresh
//! directory beside the output, which replaces the old output only when complete.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Location};
use crate::render::OutputFile;

/// Marks a directory as made by bulletin, so it may be replaced by the next build.
pub const MARKER_FILE: &str = ".bulletin-output";

/// Absolute, with `.` and `..` resolved lexically (the output may not exist yet).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
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

/// Refuses output directories whose replacement would destroy the user's work.
pub fn check_output_dir(
    output: &Path,
    root: &Path,
    protected: &[(&str, PathBuf)],
) -> Result<(), Diagnostic> {
    let output = absolute(output);
    let root = absolute(root);
    let refuse = |message: String| {
        Err(Diagnostic::error(message)
            .at(Location::file(output.display().to_string()).with_label("output directory"))
            .help(
                "choose a separate folder for the generated site, such as `output` (the default)",
            ))
    };
    if output.parent().is_none() {
        return refuse("the output directory cannot be the root of the file system".to_string());
    }
    if root.starts_with(&output) {
        return refuse(format!(
            "the output directory {} contains the site itself",
            output.display()
        ));
    }
    for (name, dir) in protected {
        let dir = absolute(dir);
        if output.starts_with(&dir) || dir.starts_with(&output) {
            return refuse(format!(
                "the output directory overlaps the site's `{name}` folder ({})",
                dir.display()
            ));
        }
    }
    if let Ok(meta) = fs::symlink_metadata(&output) {
        if !meta.is_dir() {
            return refuse(format!(
                "{} exists and is not a directory",
                output.display()
            ));
        }
        let has_marker = output.join(MARKER_FILE).exists();
        let is_empty = fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !has_marker && !is_empty {
            return Err(Diagnostic::error(format!(
                "{} already exists and was not made by bulletin; it would be replaced",
                output.display()
            ))
            .at(Location::file(output.display().to_string()).with_label("output directory"))
            .help("empty or remove that folder yourself if it may go, or choose another output folder"));
        }
    }
    Ok(())
}

/// A new site being written into a folder beside the output. Pages are written as they are
/// rendered, in parallel; the folder replaces the output only on [`Staging::commit`] and is
/// removed if dropped uncommitted, so a failed build leaves the previous output as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    pub fn create(output: &Path) -> Result<Staging, Diagnostic> {
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        let dir = parent.join(format!(".{name}.building-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        }
        fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
        Ok(Staging {
            dir,
            output,
            parent,
            name,
            committed: false,
        })
    }

    /// Writes one file (path relative to the site, with `/`). Safe to call from many threads.
    pub fn write(&self, relative: &str, contents: &[u8]) -> Result<(), Diagnostic> {
        let target = self.dir.join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        fs::write(&target, contents).map_err(|e| io_error(&target, e))
    }

    /// Copies the static files, marks the folder as bulletin's and swaps it in for the output.
    pub fn commit(mut self, statics: &[(String, PathBuf)]) -> Result<(), Diagnostic> {
        for (relative, source) in statics {
            let target = self.dir.join(relative);
            if let Some(dir) = target.parent() {
                fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
            }
            fs::copy(source, &target).map_err(|e| io_error(source, e))?;
        }
        fs::write(
            self.dir.join(MARKER_FILE),
            b"This folder is generated by bulletin and replaced on every build.\n",
        )
        .map_err(|e| io_error(&self.dir, e))?;
        swap(&self.dir, &self.output, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes a complete site at once (used where the files are already in memory).
pub fn write_site(
    output: &Path,
    files: &[OutputFile],
    statics: &[(String, PathBuf)],
) -> Result<(), Diagnostic> {
    let staging = Staging::create(output)?;
    for file in files {
        staging.write(&file.path, &file.contents)?;
    }
    staging.commit(statics)
}

fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<(), Diagnostic> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| io_error(output, e));
    }
    let retired = parent.join(format!(".{name}.previous-{}", std::process::id()));
    if retired.exists() {
        fs::remove_dir_all(&retired).map_err(|e| io_error(&retired, e))?;
    }
    fs::rename(output, &retired).map_err(|e| io_error(output, e))?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&retired, output);
        return Err(io_error(output, e));
    }
    fs::remove_dir_all(&retired).map_err(|e| io_error(&retired, e))
}

fn io_error(path: &Path, error: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write {}: {error}", path.display()))
        .at(Location::file(path.display().to_string()))
        .help("check that the folder is writable and the disk is not full")
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
    }

    #[test]
    fn swaps_and_refuses_foreign_directories() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        let page = |text: &str| OutputFile {
            path: "a/index.html".into(),
            contents: text.as_bytes().to_vec(),
        };
        write_site(&output, &[page("one")], &[]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "one"
        );
        check_output_dir(&output, dir.path().join("site").as_path(), &[]).unwrap();
        write_site(&output, &[page("two")], &[]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "two"
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["out"], "no staging or retired folders remain");

        let foreign = dir.path().join("documents");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.docx"), "precious").unwrap();
        let err = check_output_dir(&foreign, dir.path().join("site").as_path(), &[]).unwrap_err();
        assert!(err.message.contains("not made by bulletin"));
    }
}

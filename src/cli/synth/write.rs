//! Writing the folder: its marker, files counted as written, CSV and TOML text.
//!
//! The library's staging folder (the output stage's `Staging`) is not used: it adds the build
//! marker `.bulletin-output` to the folder and swaps whole sites, while `synth` writes its own
//! marker and must write the same bytes as before.

use std::io;
use std::path::Path;

use super::{LABEL_EN, LABEL_VI};

/// Marks a folder written by `synth`, which it may replace.
const MARKER: &str = ".bulletin-synth";

/// Makes `out` an empty folder holding only the marker. Refuses a non-empty folder that `synth`
/// did not make.
pub(super) fn prepare_folder(out: &Path) -> io::Result<()> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out)?;
        if entries.next().is_some() {
            if !out.join(MARKER).exists() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    msg!("cli.synth.folder_taken", folder = out.display()),
                ));
            }
            std::fs::remove_dir_all(out)?;
        }
    }
    std::fs::create_dir_all(out)?;
    std::fs::write(
        out.join(MARKER),
        "written by `bulletin synth`: synthetic data, may be replaced\n",
    )
}

/// Writes files under a folder, counting them.
pub(super) struct Writer<'a> {
    pub(super) out: &'a Path,
    pub(super) files: usize,
}

impl Writer<'_> {
    pub(super) fn write(&mut self, relative: &str, contents: impl AsRef<[u8]>) -> io::Result<()> {
        let path = self.out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, contents)?;
        self.files += 1;
        Ok(())
    }
}

/// CSV as `synth` writes it: comma-separated, LF line ends, no byte-order mark.
pub(super) fn csv_bytes(rows: &[Vec<String>]) -> io::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).map_err(io::Error::other)?;
    }
    writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

pub(super) fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// bulletin.toml of a synthetic site.
pub(super) fn config_toml(
    title_vi: &str,
    title_en: &str,
    about: (&str, &str),
    headline: &[&str],
) -> String {
    let list = headline
        .iter()
        .map(|h| toml_string(h))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "# {LABEL_EN} / {LABEL_VI}: written by `bulletin synth`. No figure on this site is real.\n\
         base_url = \"https://synthetic.example.invalid/\"\n\
         default_language = \"vi\"\n\
         languages = [\"vi\", \"en\"]\n\
         headline_indicators = [{list}]\n\n\
         [title]\nvi = {}\nen = {}\n\n\
         [description]\nvi = {}\nen = {}\n\n\
         [organisation]\nname = {{ vi = {}, en = {} }}\n",
        toml_string(title_vi),
        toml_string(title_en),
        toml_string(about.0),
        toml_string(about.1),
        toml_string(&format!("bulletin synth – {LABEL_VI}")),
        toml_string(&format!("bulletin synth – {LABEL_EN}")),
    )
}

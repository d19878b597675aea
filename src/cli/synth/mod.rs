//! `bulletin synth`: writes a complete, deterministic **synthetic** national site, for benchmarks,
//! demos and tests. Every figure is invented by a seeded generator; the site title, every source,
//! every note and every bulletin say so ("SYNTHETIC DATA" / "DỮ LIỆU GIẢ LẬP").
//!
//! The data obey the rules `bulletin` checks: parts never exceed their totals (totals are the sums
//! of their parts), shares are computed from their numerator and denominator, percentages lie in
//! 0-100, and each province has figures only while it existed. Provinces come from the repository's
//! own `data/regions.csv`: the 63 provinces before the 1 July 2025 merger, the 34 after it.
//! A merged province's figures are the sums of its predecessors', and the country's the sums of all
//! provinces', so the national picture is the same whichever map is shown.
//!
//! `--plain N` writes a different site instead: N plain Markdown pages of about 4 KB, with empty
//! data, to compare `bulletin` with other generators on prose alone.
//!
//! This is part of the `bulletin` program, not of the library: it uses the library's calendar
//! ([`bulletin::Period`]), table reader ([`bulletin::parse::parse_csv`]), column list and period
//! wording, and the library knows nothing of it.
//!
//! - [`random`]: the seeded generator, one independent stream per purpose;
//! - [`months`] and [`regions`]: months as indexes, the repository's map before and after 2025;
//! - [`catalog`] and [`profile`]: the indicators and each province's invented quantities;
//! - [`national`] and [`bulletins`]: the national site's tables and bulletins; [`plain`]: the
//!   plain corpus; [`write`]: the folder, CSV and TOML writing.

mod bulletins;
mod catalog;
mod months;
mod national;
mod plain;
mod profile;
mod random;
mod regions;
#[cfg(test)]
mod tests;
mod write;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

const LABEL_VI: &str = "DỮ LIỆU GIẢ LẬP";
const LABEL_EN: &str = "SYNTHETIC DATA";

/// What `bulletin synth` is asked to write.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub out: PathBuf,
    /// 34 (the map since July 2025), 63 (the map before) or 97 (both, each in its lifetime).
    pub provinces: u32,
    /// Years of monthly figures, ending in December 2025.
    pub years: u32,
    pub indicators: usize,
    /// Markdown files: Vietnamese and English alternately, each pair joined by a translation key.
    pub bulletins: usize,
    pub seed: u64,
    /// Write a plain Markdown corpus of this many pages instead of the national site.
    pub plain: Option<usize>,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            out: PathBuf::from("synthetic"),
            provinces: 34,
            years: 10,
            indicators: 24,
            bulletins: 200,
            seed: 1,
            plain: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct SynthSummary {
    pub regions_with_data: usize,
    pub indicators: usize,
    pub rows: usize,
    pub figures: usize,
    pub targets: usize,
    pub bulletins: usize,
    pub files: usize,
}

impl std::fmt::Display for SynthSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} regions with data, {} indicators, {} observation rows ({} figures), {} targets, {} bulletins, {} files",
            self.regions_with_data,
            self.indicators,
            self.rows,
            self.figures,
            self.targets,
            self.bulletins,
            self.files
        )
    }
}

/// Writes the site. Refuses a non-empty folder that `synth` did not make.
pub fn synthesize(options: &SynthOptions) -> io::Result<SynthSummary> {
    let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
    if options.plain.is_none() {
        if ![34, 63, 97].contains(&options.provinces) {
            return Err(invalid(msg!(
                "cli.synth.provinces",
                count = options.provinces
            )));
        }
        if !(1..=50).contains(&options.years) {
            return Err(invalid(msg!("cli.synth.years")));
        }
        if options.indicators < 6 {
            return Err(invalid(msg!("cli.synth.indicators")));
        }
    }
    write::prepare_folder(&options.out)?;
    match options.plain {
        Some(pages) => plain::write_plain(options, pages),
        None => national::write_national(options),
    }
}

/// `bulletin synth`: writes the site and reports what was written, or the error.
pub fn run(options: SynthOptions) -> ExitCode {
    match synthesize(&options) {
        Ok(summary) => {
            let done = msg!(
                "cli.synth.done",
                folder = options.out.display(),
                summary = summary
            );
            eprintln!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            let error = bulletin::Diagnostic::error(e.to_string());
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

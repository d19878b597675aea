//! `bulletin init` and `bulletin new bulletin`: a working site to start from, and a bulletin pair
//! with its front matter filled. Neither ever replaces a file that exists.
//!
//! The starter site's data is the reference site's own (real, cited figures of Yên Bái to
//! 31 May 2023), read from the repository at compile time, so it always builds.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use bulletin::messages::quote;
use bulletin::Diagnostic;

/// The region the starter site's figures are about.
const STARTER_REGION: &str = "yen-bai";

/// The starter site: path and contents.
fn starter_files() -> Vec<(&'static str, String)> {
    let targets = include_str!("../../../data/targets.csv");
    let mut lines = targets.lines();
    let header = lines.next().unwrap_or_default();
    let starter_targets: String = std::iter::once(header)
        .chain(lines.filter(|l| l.starts_with(&format!("{STARTER_REGION},"))))
        .map(|l| format!("{l}\n"))
        .collect();
    vec![
        (
            "bulletin.toml",
            include_str!("starter/bulletin.toml").into(),
        ),
        ("data/README.md", include_str!("starter/DATA.md").into()),
        (
            "data/regions.csv",
            include_str!("../../../data/regions.csv").into(),
        ),
        (
            "data/indicators.csv",
            include_str!("../../../data/indicators.csv").into(),
        ),
        (
            "data/observations/2023-08-yen-bai.csv",
            include_str!("../../../data/observations/2023-08-yen-bai.csv").into(),
        ),
        ("data/targets.csv", starter_targets),
        (
            "data/maps/tiles-34.csv",
            include_str!("../../../data/maps/tiles-34.csv").into(),
        ),
        (
            "data/maps/tiles-63.csv",
            include_str!("../../../data/maps/tiles-63.csv").into(),
        ),
        (
            "content/bulletins/vi-du-yen-bai.vi.md",
            include_str!("starter/bulletin.vi.md").into(),
        ),
        (
            "content/bulletins/vi-du-yen-bai.en.md",
            include_str!("starter/bulletin.en.md").into(),
        ),
    ]
}

/// Writes `contents` to a new file; an existing file is an error, never replaced.
fn write_new(path: &Path, contents: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?
        .write_all(contents.as_bytes())
}

fn cannot_write(path: &Path, error: &io::Error) {
    let error = Diagnostic::error(msg!(
        "cli.init.cannot_write",
        file = path.display(),
        error = error
    ));
    eprintln!("{error}");
}

/// `bulletin init DIR`.
pub fn init(dir: &Path) -> ExitCode {
    if dir.join("bulletin.toml").exists() {
        let error = Diagnostic::error(msg!("cli.init.site_exists", folder = dir.display()))
            .help(msg!("cli.init.site_exists_help"));
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let files = starter_files();
    let existing: Vec<&str> = files
        .iter()
        .map(|(path, _)| *path)
        .filter(|path| dir.join(path).exists())
        .collect();
    if !existing.is_empty() {
        let error = Diagnostic::error(msg!(
            "cli.init.files_exist",
            folder = dir.display(),
            files = existing.join(", ")
        ))
        .help(msg!("cli.init.files_exist_help"));
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    for (path, contents) in &files {
        if let Err(e) = write_new(&dir.join(path), contents) {
            cannot_write(&dir.join(path), &e);
            return ExitCode::FAILURE;
        }
    }
    let shown = dir.display();
    let done = msg!("cli.init.done", folder = shown, count = files.len());
    eprintln!("{done}");
    ExitCode::SUCCESS
}

/// What `bulletin new bulletin` needs.
pub struct NewBulletin {
    pub root: PathBuf,
    pub slug: String,
    pub region: Option<String>,
    pub period: Option<String>,
}

/// `bulletin new bulletin SLUG`: the Vietnamese and English files, joined by a translation key.
pub fn new_bulletin(options: &NewBulletin) -> ExitCode {
    let slug = &options.slug;
    if let Some(region) = options.region.as_deref().filter(|r| !is_slug(r)) {
        let error = Diagnostic::error(msg!("cli.new.bad_region", region = quote(region)))
            .help(msg!("cli.new.bad_region_help"));
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let period_ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
    };
    if let Some(period) = options.period.as_deref().filter(|p| !period_ok(p)) {
        let error = Diagnostic::error(msg!("cli.new.bad_period", period = quote(period)))
            .help(msg!("cli.new.bad_period_help"));
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    if !is_slug(slug) {
        let error = Diagnostic::error(msg!("cli.new.bad_slug", slug = quote(slug)))
            .help(msg!("cli.new.bad_slug_help"));
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    let dir = options.root.join("content/bulletins");
    let files = [
        (
            "vi",
            bulletin_text(options, include_str!("starter/new.vi.md")),
        ),
        (
            "en",
            bulletin_text(options, include_str!("starter/new.en.md")),
        ),
    ];
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|(lang, _)| dir.join(format!("{slug}.{lang}.md")))
        .collect();
    if let Some(existing) = paths.iter().find(|p| p.exists()) {
        let error = Diagnostic::error(msg!("cli.new.file_exists", file = existing.display()))
            .help(msg!("cli.new.file_exists_help"));
        eprintln!("{error}");
        return ExitCode::FAILURE;
    }
    for (path, (_, text)) in paths.iter().zip(&files) {
        if let Err(e) = write_new(path, text) {
            cannot_write(path, &e);
            return ExitCode::FAILURE;
        }
        let wrote = msg!("cli.new.wrote", file = path.display());
        eprintln!("{wrote}");
    }
    let next = msg!("cli.new.next");
    eprintln!("{next}");
    ExitCode::SUCCESS
}

/// Lowercase letters without accents, digits and inner hyphens: safe in an address.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// A new bulletin from the template of its language (`starter/new.LANG.md`).
fn bulletin_text(options: &NewBulletin, template: &str) -> String {
    let region = options.region.as_deref();
    let regions = region.map_or(String::new(), |r| format!("regions = [\"{r}\"]\n"));
    let period = options
        .period
        .as_deref()
        .map_or(String::new(), |p| format!("period = \"{p}\"\n"));
    // In a front-matter comment, so it is not run until the author copies it into the text:
    // the example's figure may not exist for this region and period.
    let example = match region {
        Some(_) => "{{ value(indicator=\"si_compulsory\") }}",
        None => {
            "{{ value(indicator=\"si_compulsory\", region=\"yen-bai\", period=\"2023-05-31\") }}"
        }
    };
    template
        .replace("{date}", &today())
        .replace("{regions}", &regions)
        .replace("{period}", &period)
        .replace("{slug}", &options.slug)
        .replace("{example}", example)
}

/// Today's date, `YYYY-MM-DD`, from the system clock (UTC).
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The calendar date of a day number counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_become_calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn the_starter_targets_are_the_starter_region_s() {
        let files = starter_files();
        let targets = &files
            .iter()
            .find(|(p, _)| *p == "data/targets.csv")
            .unwrap()
            .1;
        assert!(targets.lines().count() > 1);
        assert!(targets.lines().skip(1).all(|l| l.starts_with("yen-bai,")));
    }
}

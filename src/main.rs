#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `bulletin synth`: part of the program, not of the library, which it uses like any other caller.
#[path = "cli/synth/mod.rs"]
mod synth;

/// `bulletin serve`: the live preview, also part of the program only.
#[path = "cli/serve/mod.rs"]
mod serve;

/// `bulletin init` and `bulletin new bulletin`: a site and a bulletin pair to start from.
#[path = "cli/init/mod.rs"]
mod init;

/// Static report sites for social security bulletins: CSV data and Markdown commentary in,
/// a bilingual website with every figure drawn from the data out.
#[derive(Parser)]
#[command(name = "bulletin", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (replaced only when the build succeeds).
    Build {
        /// The site's folder, holding bulletin.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from bulletin.toml, e.g. https://example.org/bulletins/
        #[arg(long)]
        base_url: Option<String>,
        /// Include bulletins marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the data, bulletins, templates and links without writing anything.
    Check {
        /// The site's folder, holding bulletin.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also check bulletins marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the site: build it into memory, serve it on this computer, and rebuild and
    /// reload the open pages after each edit (mistakes show over the page).
    Serve {
        /// The site's folder, holding bulletin.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; the default is reachable from this computer only.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Include bulletins marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Write a small working site to start from (settings, data with real figures and their
    /// source, one bulletin in Vietnamese and English). Never replaces a file.
    Init {
        /// The folder to write the site into.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write a new piece of content with its front matter filled in.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Write a synthetic national site (every figure invented, clearly labelled) for benchmarks and demos.
    Synth {
        /// The folder to write; it must be empty, new, or an earlier `synth` output.
        #[arg(long)]
        out: PathBuf,
        /// 34 (the map since July 2025), 63 (the map before) or 97 (both, each in its lifetime).
        #[arg(long, default_value_t = 34)]
        provinces: u32,
        /// Years of monthly figures, ending in December 2025.
        #[arg(long, default_value_t = 10)]
        years: u32,
        /// Number of indicators (6 or more; beyond the 30 built-in ones, extra counts are added).
        #[arg(long, default_value_t = 24)]
        indicators: usize,
        /// Number of bulletin files (Vietnamese and English alternately, pairs joined by a translation key).
        #[arg(long, default_value_t = 200)]
        bulletins: usize,
        /// Seed of the generator: the same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Instead, write N plain Markdown pages of about 4 KB with empty data (a corpus for comparing generators).
        #[arg(long, value_name = "N")]
        plain: Option<usize>,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A bulletin in Vietnamese and English (content/bulletins/SLUG.vi.md and .en.md), as a draft.
    Bulletin {
        /// The bulletin's address: lowercase letters without accents, digits and hyphens.
        slug: String,
        /// The site's folder, holding bulletin.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The region it is about (its slug in data/regions.csv).
        #[arg(long)]
        region: Option<String>,
        /// The period its figures are of, e.g. 2025-06 or 2025-06-30.
        #[arg(long)]
        period: Option<String>,
    },
}

fn main() -> ExitCode {
    // A bug caught by the library's panic boundary is reported as one diagnostic; Rust's own
    // panic message and backtrace would only bury it.
    bulletin::install_quiet_hook();
    let cli = Cli::parse();
    if let Err(e) = bulletin::install_signal_handlers() {
        eprintln!("warning: Ctrl-C may leave a temporary folder beside the output: {e}");
    }
    let (options, building) = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => (
            bulletin::Options {
                root,
                output,
                base_url,
                include_drafts: drafts,
            },
            true,
        ),
        Command::Synth {
            out,
            provinces,
            years,
            indicators,
            bulletins,
            seed,
            plain,
        } => {
            return synth::run(synth::SynthOptions {
                out,
                provinces,
                years,
                indicators,
                bulletins,
                seed,
                plain,
            })
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            return serve::run(serve::ServeOptions {
                root,
                port,
                bind,
                open,
                drafts,
            })
        }
        Command::Init { dir } => return init::init(&dir),
        Command::New {
            what:
                NewCommand::Bulletin {
                    slug,
                    root,
                    region,
                    period,
                },
        } => {
            return init::new_bulletin(&init::NewBulletin {
                root,
                slug,
                region,
                period,
            })
        }
        Command::Check { root, drafts } => (
            bulletin::Options {
                root,
                include_drafts: drafts,
                ..Default::default()
            },
            false,
        ),
    };
    let result = if building {
        bulletin::build(&options)
    } else {
        bulletin::check(&options)
    };
    match result {
        Ok(report) => report_success(&report),
        Err(failure) => report_failure(&failure, building),
    }
}

fn report_success(report: &bulletin::Report) -> ExitCode {
    for warning in &report.warnings {
        eprintln!("{warning}\n");
    }
    let warnings = match report.warnings.len() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    let seconds = report.elapsed.as_secs_f64();
    match &report.output {
        Some(output) => eprintln!(
            "Built {} pages ({} files, {} charts, {} bulletins, {} figures) into {} in {seconds:.2} s{warnings}",
            report.pages,
            report.files,
            report.charts,
            report.bulletins,
            report.observations,
            output.display()
        ),
        None => eprintln!(
            "Checked {} pages ({} bulletins, {} figures) in {seconds:.2} s: no errors{warnings}",
            report.pages, report.bulletins, report.observations
        ),
    }
    ExitCode::SUCCESS
}

fn report_failure(failure: &bulletin::Failure, building: bool) -> ExitCode {
    for diagnostic in &failure.diagnostics {
        eprintln!("{diagnostic}\n");
    }
    // Every error counts, also those a long report only summed up.
    let errors = failure.error_count;
    eprintln!(
        "{} failed with {errors} error{}; {}",
        if building { "Build" } else { "Check" },
        if errors == 1 { "" } else { "s" },
        if building {
            "the previous output was left as it was"
        } else {
            "nothing was written"
        }
    );
    ExitCode::FAILURE
}

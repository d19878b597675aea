#![forbid(unsafe_code)]

use std::process::ExitCode;

/// A message of the library's catalogs in the language chosen for the process; the same macro as
/// the library's own, so the catalog tests see the program's keys too.
macro_rules! msg {
    ($key:literal $(,)?) => {
        bulletin::messages::text($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        bulletin::messages::text(
            $key,
            &[$((stringify!($name), &$value.to_string() as &str)),+],
        )
    };
}

/// The commands and their help, in the language of the messages.
#[path = "cli/args.rs"]
mod args;

/// Which language the program speaks.
#[path = "cli/lang.rs"]
mod lang;

/// Mistakes on the command line, in that language.
#[path = "cli/usage.rs"]
mod usage;

/// `bulletin synth`: part of the program, not of the library, which it uses like any other caller.
#[path = "cli/synth/mod.rs"]
mod synth;

/// `bulletin serve`: the live preview, also part of the program only.
#[path = "cli/serve/mod.rs"]
mod serve;

/// `bulletin init` and `bulletin new bulletin`: a site and a bulletin pair to start from.
#[path = "cli/init/mod.rs"]
mod init;

fn main() -> ExitCode {
    // A bug caught by the library's panic boundary is reported as one diagnostic; Rust's own
    // panic message and backtrace would only bury it.
    bulletin::install_quiet_hook();
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    match lang::choose(&arguments, |name| std::env::var(name).ok()) {
        Ok(lang) => bulletin::messages::set_lang(lang),
        Err(mistake) => {
            eprintln!("{mistake}");
            return ExitCode::from(2);
        }
    }
    let cli = args::parse();
    if let Err(e) = bulletin::install_signal_handlers() {
        let warning = bulletin::Diagnostic::warning(msg!("cli.signals", error = e));
        eprintln!("{warning}");
    }
    run(cli.command)
}

/// Runs one command and says how it went.
fn run(command: args::Command) -> ExitCode {
    let (options, building) = match command {
        args::Command::Build {
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
        args::Command::Synth {
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
        args::Command::Serve {
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
        args::Command::Init { dir } => return init::init(&dir),
        args::Command::New {
            what:
                args::NewCommand::Bulletin {
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
        args::Command::Check { root, drafts } => (
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

/// A number as the language of the messages writes it (`1.234,5` / `1,234.5`).
fn number(value: f64, decimals: u8) -> String {
    bulletin::format_number(value, decimals, bulletin::messages::lang())
}

fn count(value: usize) -> String {
    number(value as f64, 0)
}

fn report_success(report: &bulletin::Report) -> ExitCode {
    for warning in &report.warnings {
        eprintln!("{warning}\n");
    }
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => msg!("cli.summary.warnings", count = n),
    };
    let seconds = number(report.elapsed.as_secs_f64(), 2);
    let summary = match &report.output {
        Some(output) => msg!(
            "cli.summary.built",
            pages = count(report.pages),
            files = count(report.files),
            charts = count(report.charts),
            bulletins = count(report.bulletins),
            figures = count(report.observations),
            output = output.display(),
            seconds = seconds,
            warnings = warnings
        ),
        None => msg!(
            "cli.summary.checked",
            pages = count(report.pages),
            bulletins = count(report.bulletins),
            figures = count(report.observations),
            seconds = seconds,
            warnings = warnings
        ),
    };
    eprintln!("{summary}");
    ExitCode::SUCCESS
}

fn report_failure(failure: &bulletin::Failure, building: bool) -> ExitCode {
    for diagnostic in &failure.diagnostics {
        eprintln!("{diagnostic}\n");
    }
    // Every error counts, also those a long report only summed up.
    let count = failure.error_count;
    let summary = if building {
        msg!("cli.summary.build_failed", count = count)
    } else {
        msg!("cli.summary.check_failed", count = count)
    };
    eprintln!("{summary}");
    ExitCode::FAILURE
}

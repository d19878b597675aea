//! The command line: what each command takes (clap's derive), with every help text, heading and
//! usage word taken from the message catalog (`src/common/messages/cli.toml`) in the language of
//! the messages, so `bulletin --help` reads in Vietnamese or English like everything else.
//!
//! Help texts are looked up by place: `cli.command.about` for the program,
//! `cli.command.<command>.about` for a command, `cli.command.<command>.<argument>` for each of its
//! arguments (`cli.command.new.bulletin.slug`). A test checks that the catalog has exactly the
//! texts the commands need.

use std::path::PathBuf;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "bulletin", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Read before clap parses (see `cli/lang.rs`); declared so clap accepts it everywhere.
    #[arg(long, global = true, value_name = "vi|en")]
    pub lang: Option<String>,
}

#[derive(Subcommand)]
pub enum Command {
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
    },
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 8000)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    Synth {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 34)]
        provinces: u32,
        #[arg(long, default_value_t = 10)]
        years: u32,
        #[arg(long, default_value_t = 24)]
        indicators: usize,
        #[arg(long, default_value_t = 200)]
        bulletins: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, value_name = "N")]
        plain: Option<usize>,
    },
}

#[derive(Subcommand)]
pub enum NewCommand {
    Bulletin {
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        period: Option<String>,
    },
}

/// Parses the command line with help and errors in the language of the messages; a request for
/// help or the version, or a mistake, ends the process (after printing) as clap would.
pub fn parse() -> Cli {
    let matches = match command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => crate::usage::exit(error),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => crate::usage::exit(error),
    }
}

/// The commands with their words in the language of the messages.
pub fn command() -> clap::Command {
    let program = Cli::command()
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version),
        )
        .disable_help_subcommand(true);
    localize(program, "cli.command")
}

/// Sets the words of `command` and of everything under it from the catalog entries under `key`.
fn localize(command: clap::Command, key: &str) -> clap::Command {
    let words = |name: &str| bulletin::messages::text(&format!("{key}.{name}"), &[]);
    let options = msg!("cli.help.options");
    let arguments = msg!("cli.help.arguments");
    let template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        msg!("cli.help.usage")
    );
    let mut command = command
        .about(words("about"))
        .help_template(template)
        .subcommand_help_heading(msg!("cli.help.commands"))
        .subcommand_value_name(msg!("cli.help.command_name"))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(msg!("cli.help.help_flag")),
        );
    let ids: Vec<String> = command
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        command = command.mut_arg(&id, |arg| {
            let (help, heading) = match id.as_str() {
                "help" => (msg!("cli.help.help_flag"), &options),
                "version" => (msg!("cli.help.version_flag"), &options),
                "lang" => (msg!("cli.help.lang_flag"), &options),
                _ if arg.is_positional() => (words(&id), &arguments),
                _ => (words(&id), &options),
            };
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|value| value.to_string_lossy().into_owned())
                .collect();
            let arg = arg.help_heading(heading.clone());
            if defaults.is_empty() {
                return arg.help(help);
            }
            let help = msg!(
                "cli.help.with_default",
                help = help,
                default = defaults.join(", ")
            );
            arg.help(help).hide_default_value(true)
        });
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        let inner = format!("{key}.{name}");
        command = command.mut_subcommand(&name, |sub| localize(sub, &inner));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use bulletin::Lang;

    /// Every catalog key under `cli.command` the commands look up, by walking them.
    fn keys(command: &clap::Command, key: &str, found: &mut Vec<String>) {
        found.push(format!("{key}.about"));
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if !["help", "version", "lang"].contains(&id) {
                found.push(format!("{key}.{id}"));
            }
        }
        for sub in command.get_subcommands() {
            keys(sub, &format!("{key}.{}", sub.get_name()), found);
        }
    }

    #[test]
    fn every_command_and_argument_has_its_words_in_both_languages() {
        let mut wanted = Vec::new();
        keys(&Cli::command(), "cli.command", &mut wanted);
        for key in &wanted {
            for lang in Lang::ALL {
                let text = bulletin::messages::text_in(lang, key, &[]);
                assert!(!text.starts_with('['), "no {lang:?} text for {key}");
            }
        }
        let catalog = bulletin::messages::keys_under("cli.command.");
        let unused: Vec<&String> = catalog.iter().filter(|k| !wanted.contains(k)).collect();
        assert!(
            unused.is_empty(),
            "catalog texts no command uses: {unused:?}"
        );
    }

    #[test]
    fn the_help_reads_in_the_language_of_the_messages() {
        let help = |lang| {
            bulletin::messages::with_lang(lang, || {
                let asked = command().try_get_matches_from(["bulletin", "serve", "--help"]);
                asked.err().unwrap().render().to_string()
            })
        };
        let vi = help(Lang::Vi);
        assert!(vi.contains("Cách dùng: bulletin serve"), "{vi}");
        assert!(vi.contains("Tùy chọn"), "{vi}");
        assert!(vi.contains("Xem trước"), "{vi}");
        let en = help(Lang::En);
        assert!(en.contains("Usage: bulletin serve"), "{en}");
        assert!(en.contains("Preview the site"), "{en}");
    }
}

//! Mistakes on the command line, told in the language of the messages. clap finds them; this
//! says them with the catalog's words (an unknown option and its likely meaning, a value that
//! does not fit, a missing command) and ends the process with clap's exit code.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Error;

/// Prints what `error` means (or the help or version it carries) and exits.
pub fn exit(error: Error) -> ! {
    match error.kind() {
        ErrorKind::DisplayVersion => error.exit(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // clap writes the usage line's `[OPTIONS]` itself; everything else is already ours.
            let help = error
                .render()
                .to_string()
                .replace("[OPTIONS]", &msg!("cli.help.options_placeholder"));
            if error.use_stderr() {
                eprint!("{help}");
            } else {
                print!("{help}");
            }
            std::process::exit(error.exit_code())
        }
        _ => {}
    }
    let finding = explain(&error);
    eprintln!("{finding}");
    std::process::exit(error.exit_code())
}

/// The mistake as a finding: what is wrong, and how to fix it.
fn explain(error: &Error) -> bulletin::Diagnostic {
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let message = match error.kind() {
        ErrorKind::UnknownArgument => msg!("cli.usage.unknown_argument", argument = argument),
        ErrorKind::InvalidSubcommand => msg!(
            "cli.usage.unknown_command",
            command = context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            msg!("cli.usage.bad_value", value = value, argument = argument)
        }
        ErrorKind::MissingRequiredArgument => msg!("cli.usage.missing", argument = argument),
        ErrorKind::MissingSubcommand => msg!("cli.usage.missing_command"),
        ErrorKind::ArgumentConflict => msg!("cli.usage.conflict", argument = argument),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::NoEquals => {
            msg!("cli.usage.value_count", argument = argument)
        }
        // Kinds this program cannot meet; clap's own words are better than none.
        _ => error.render().to_string().trim().to_string(),
    };
    bulletin::Diagnostic::error(message).help(hint(&context))
}

fn hint(context: &dyn Fn(ContextKind) -> String) -> String {
    let suggested_argument = context(ContextKind::SuggestedArg);
    let suggested_command = context(ContextKind::SuggestedSubcommand);
    let valid = context(ContextKind::ValidValue);
    if !suggested_argument.is_empty() {
        msg!("common.did_you_mean", name = suggested_argument)
    } else if !suggested_command.is_empty() {
        msg!("common.did_you_mean", name = suggested_command)
    } else if !valid.is_empty() {
        msg!("cli.usage.valid_values", values = valid)
    } else {
        msg!("cli.usage.see_help")
    }
}

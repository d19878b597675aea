//! Which language the program speaks: `--lang`, then `BULLETIN_LANG`, then the default language
//! of the site the command works on (`default_language` in its bulletin.toml), then the
//! system's (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `vi`), then English.
//!
//! Chosen before the command line is parsed, since `--help` and clap's complaints are already
//! messages in that language.

use std::ffi::OsString;
use std::path::PathBuf;

use bulletin::Lang;

/// What the command line and the environment say about the language.
#[derive(Debug, Default, PartialEq)]
struct Asked {
    /// The value of `--lang`, as written.
    flag: Option<String>,
    /// The site folder (`--root`), for its default language.
    root: Option<PathBuf>,
}

/// Reads `--lang` and `--root` without parsing the rest (clap parses later, in the chosen
/// language); a flag written twice counts as its last value, as clap would take it.
fn scan(args: &[OsString]) -> Asked {
    let mut asked = Asked::default();
    let mut args = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let mut value_of = |name: &str| -> Option<String> {
            if arg == name {
                return args.next();
            }
            arg.strip_prefix(name)?
                .strip_prefix('=')
                .map(str::to_string)
        };
        if let Some(lang) = value_of("--lang") {
            asked.flag = Some(lang);
        } else if let Some(root) = value_of("--root") {
            asked.root = Some(PathBuf::from(root));
        }
    }
    asked
}

/// The system's language, from the usual locale variables.
fn system_language(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| var(name).filter(|v| !v.is_empty()))
        .next()
        .map(|value| {
            if value.to_ascii_lowercase().starts_with("vi") {
                Lang::Vi
            } else {
                Lang::En
            }
        })
}

/// Chooses the language of the messages (the caller sets it for the process). A `--lang` or
/// `BULLETIN_LANG` that names no language is reported, in the language chosen without it.
pub fn choose(args: &[OsString], var: impl Fn(&str) -> Option<String>) -> Result<Lang, String> {
    let asked = scan(args);
    let from_env = var("BULLETIN_LANG").filter(|v| !v.trim().is_empty());
    let root = asked.root.clone().unwrap_or_else(|| PathBuf::from("."));
    // A settings file that cannot be read is reported by the command, in the language found
    // without it.
    let fallback = bulletin::messages::site_language(&root)
        .or_else(|| system_language(&var))
        .unwrap_or(Lang::En);
    let mut mistake = None;
    let mut pick = |written: Option<&String>, source: &str| -> Option<Lang> {
        let written = written?;
        let lang = Lang::parse(written);
        if lang.is_none() && mistake.is_none() {
            mistake = Some((written.clone(), source.to_string()));
        }
        lang
    };
    let lang = pick(asked.flag.as_ref(), "--lang")
        .or_else(|| pick(from_env.as_ref(), "BULLETIN_LANG"))
        .unwrap_or(fallback);
    let Some((written, source)) = mistake else {
        return Ok(lang);
    };
    Err(bulletin::messages::with_lang(lang, || {
        bulletin::Diagnostic::error(msg!(
            "cli.lang.unknown",
            value = bulletin::messages::quote(&written),
            source = source
        ))
        .help(msg!("cli.lang.help"))
        .to_string()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_flag_and_root_are_read_in_both_spellings() {
        let asked = scan(&args(&["bulletin", "build", "--root", "site", "--lang=vi"]));
        assert_eq!(asked.flag.as_deref(), Some("vi"));
        assert_eq!(asked.root, Some(PathBuf::from("site")));
        let asked = scan(&args(&["bulletin", "--lang", "en", "check", "--root=x"]));
        assert_eq!(asked.flag.as_deref(), Some("en"));
        assert_eq!(asked.root, Some(PathBuf::from("x")));
        assert_eq!(
            scan(&args(&["bulletin", "--", "--lang", "vi"])),
            Asked::default()
        );
    }

    #[test]
    fn the_flag_wins_then_the_environment_then_the_site_then_the_system() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(
            site.path().join("bulletin.toml"),
            "default_language = \"vi\"\n",
        )
        .unwrap();
        let root = site.path().to_string_lossy().into_owned();
        let none = |_: &str| None;
        let env = |value: &'static str| {
            move |name: &str| (name == "BULLETIN_LANG").then(|| value.to_string())
        };
        let command = ["bulletin", "check", "--root", &root];
        assert_eq!(choose(&args(&command), none), Ok(Lang::Vi));
        assert_eq!(choose(&args(&command), env("en")), Ok(Lang::En));
        let flagged = ["bulletin", "check", "--root", &root, "--lang", "vi"];
        assert_eq!(choose(&args(&flagged), env("en")), Ok(Lang::Vi));
        let system = |name: &str| (name == "LANG").then(|| "vi_VN.UTF-8".to_string());
        assert_eq!(
            choose(&args(&["bulletin", "--root", "/no/such/site"]), system),
            Ok(Lang::Vi)
        );
        assert_eq!(
            choose(&args(&["bulletin", "--root", "/no/such/site"]), none),
            Ok(Lang::En)
        );
    }

    #[test]
    fn a_language_that_does_not_exist_is_reported_in_the_one_found_without_it() {
        let vi_system = |name: &str| (name == "LANG").then(|| "vi_VN.UTF-8".to_string());
        let said = choose(
            &args(&["bulletin", "--root", "/no/such", "--lang", "fr"]),
            vi_system,
        );
        let said = said.unwrap_err();
        assert!(said.starts_with("lỗi: "), "{said}");
        assert!(said.contains("`fr`") && said.contains("--lang"), "{said}");
    }
}

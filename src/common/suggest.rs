//! "Did you mean": the closest known name to a misspelt one, and the one wording of the hint.

use crate::common::messages::msg;

/// Longest text compared for "did you mean": names are short, and the similarity measure costs
/// the product of both lengths, so a pasted paragraph must not be compared with every name.
const LONGEST_SUGGESTED: usize = 200;

/// The one wording of a suggestion, so every "did you mean" reads the same.
pub(super) fn suggestion(name: &str) -> String {
    msg!("common.did_you_mean", name = name)
}

/// The help for a misspelt name: the closest candidate, or `otherwise` when none is close. For
/// errors that become a [`Diagnostic`] later (a shortcode's, located once its place in the
/// bulletin is known); others use [`Diagnostic::did_you_mean_or`].
pub fn did_you_mean_or<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match suggest(wanted, candidates) {
        Some(s) => suggestion(s),
        None => otherwise(),
    }
}

/// "did you mean" for a misspelt identifier, by edit distance on ASCII-folded text.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if wanted.len() > LONGEST_SUGGESTED {
        return None;
    }
    let wanted_key = crate::common::text::fold(wanted);
    candidates
        .into_iter()
        .filter(|c| c.len() <= LONGEST_SUGGESTED)
        .map(|c| {
            (
                strsim::jaro_winkler(&wanted_key, &crate::common::text::fold(c)),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

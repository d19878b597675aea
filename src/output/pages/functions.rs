//! Tera's built-in functions, made safe for a template handed over by someone else: `get_env`
//! would publish the building machine's environment (tokens, paths), and `range` with a huge end
//! fills memory before anything is written. Both are replaced; the rest are harmless.

use std::collections::HashMap;

use tera::{Tera, Value};

use crate::common::messages::msg;

/// The most numbers `range` gives: far more than any page lists, far less than memory holds.
pub(super) const RANGE_LIMIT: i64 = 100_000;

pub(super) fn harden(tera: &mut Tera) {
    tera.register_function("get_env", |_: &HashMap<String, Value>| {
        Err(tera::Error::msg(msg!("output.template.get_env")))
    });
    tera.register_function("range", bounded_range);
}

/// Tera's `range(end, start=0, step_by=1)`, refusing more than [`RANGE_LIMIT`] numbers.
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(key) {
            Some(value) => value.as_i64().ok_or_else(|| {
                tera::Error::msg(msg!("output.template.range_not_whole", key = key))
            }),
            None => default.ok_or_else(|| tera::Error::msg(msg!("output.template.range_no_end"))),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if step <= 0 {
        return Err(tera::Error::msg(msg!("output.template.range_step")));
    }
    let count = (end.saturating_sub(start).max(0) as u64).div_ceil(step as u64);
    if count > RANGE_LIMIT as u64 {
        return Err(tera::Error::msg(msg!(
            "output.template.range_too_long",
            count = count,
            limit = RANGE_LIMIT
        )));
    }
    let numbers: Vec<Value> = (start..end)
        .step_by(step as usize)
        .map(Value::from)
        .collect();
    Ok(Value::Array(numbers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> tera::Result<String> {
        let mut tera = Tera::default();
        harden(&mut tera);
        tera.add_raw_template("t", template)?;
        tera.render("t", &tera::Context::new())
    }

    #[test]
    fn range_works_within_its_limit() {
        assert_eq!(
            render("{% for i in range(end=3) %}{{ i }}{% endfor %}").unwrap(),
            "012"
        );
        assert_eq!(
            render("{% for i in range(start=2, end=9, step_by=3) %}{{ i }}{% endfor %}").unwrap(),
            "258"
        );
        assert_eq!(render("{{ range(start=5, end=1) | length }}").unwrap(), "0");
        assert!(render("{% for i in range(end=10000000000) %}{% endfor %}").is_err());
        assert!(render("{{ range(end=5, step_by=0) }}").is_err());
    }

    #[test]
    fn environment_variables_are_never_read() {
        let error = render("{{ get_env(name=\"PATH\") }}").unwrap_err();
        let chain = format!("{error:?}");
        assert!(
            chain.contains("may not read environment variables"),
            "{chain}"
        );
    }

    #[test]
    fn refusals_read_in_vietnamese() {
        let error = crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
            render("{{ range(end=5, step_by=0) }}").unwrap_err()
        });
        let chain = format!("{error:?}");
        assert!(chain.contains("`step_by` phải từ 1 trở lên"), "{chain}");
    }
}

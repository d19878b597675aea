//! Periods and figures from arbitrary cell text; a parsed period prints back to itself.
#![no_main]

use bulletin::parse_figure;
use bulletin::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(period) = Period::parse(&text) {
        let printed = period.to_string();
        assert_eq!(
            Period::parse(&printed),
            Ok(period),
            "{text:?} parsed to {period:?}, printed as {printed:?}"
        );
        // Every parsed period has a valid span.
        assert!(period.start() <= period.end(), "{period:?}");
        let _ = period.class();
    }
    if let Ok(figure) = parse_figure(&text) {
        assert!(figure.value.is_finite(), "{text:?} gave {figure:?}");
        let _ = figure.to_string();
    }
});

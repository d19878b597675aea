//! Bulletin files: front matter split, TOML, date, language and slug checks.
#![no_main]

use std::path::Path;

use bulletin::parse::parse_bulletin;
use bulletin::Lang;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(bulletin) = parse_bulletin(
        Path::new("content/bulletins/x.vi.md"),
        &text,
        &[Lang::Vi, Lang::En],
    ) {
        for key in ["title", "date", "regions", "period", "language", "slug"] {
            let _ = bulletin.key_location(key);
        }
    }
});

//! Spreadsheet reading: any bytes must give a table or a diagnostic, and every cell of a table
//! must give a figure or period or an error, never a panic.
#![no_main]

use std::path::Path;

use bulletin::parse_figure;
use bulletin::parse::parse_csv;
use bulletin::Period;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = parse_csv(data, Path::new("data/x.csv")) {
        for cell in table
            .headers
            .iter()
            .chain(table.rows.iter().flat_map(|r| r.cells.iter()))
        {
            let _ = parse_figure(cell);
            let _ = Period::parse(cell);
        }
        for row in &table.rows {
            for column in 0..row.cells.len() {
                let _ = table.location(row, column).to_string();
                let _ = table.cell(row, Some(column));
            }
        }
    }
});

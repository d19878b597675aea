//! Charts drawn at build time as static SVG with plotters.
//!
//! This module is pure: it turns a [`Chart`] (numbers plus texts already written in the page's
//! language) into SVG. Deciding what to chart and writing the texts is `site::charts`' job.

mod bars;
mod canvas;
mod error;
mod layout;
mod line;
mod map;
mod store;
pub mod theme;

pub use error::DrawError;
pub use store::{draw_all, DrawCache, Drawings};

use std::fmt::Write as _;

use crate::common::locale::{format_number, Lang, Unit};
use crate::common::text::escape_html;
use crate::site::charts::spec::{AxisWords, Body, Chart, DataTable};
use theme::Variant;

/// A drawn variant: the SVG's size and its content without the outer `<svg>` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawing {
    pub width: u32,
    pub height: u32,
    pub inner: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub id: String,
    pub kind: &'static str,
    pub wide: Drawing,
    /// Absent where one drawing fits every screen (sparklines, bullets).
    pub narrow: Option<Drawing>,
    pub csv: String,
}

/// Draws a chart in the variants it needs.
pub fn render(chart: &Chart) -> Result<Rendered, DrawError> {
    theme::register_fonts();
    let wide = canvas::draw(chart, Variant::Wide)?;
    let narrow = match chart.body {
        Body::Spark { .. } | Body::Bullet { .. } => None,
        _ => Some(canvas::draw(chart, Variant::Narrow)?),
    };
    Ok(Rendered {
        id: chart.id(),
        kind: chart.body.kind(),
        wide,
        narrow,
        csv: to_csv(&chart.table),
    })
}

/// The `<svg>` element for one drawing, with its accessible name and description.
/// `instance` makes the element ids unique on the page.
pub fn svg_element(
    drawing: &Drawing,
    instance: &str,
    variant: &str,
    title: &str,
    description: &str,
) -> String {
    let id = format!("{instance}-{variant}");
    let mut out = String::with_capacity(drawing.inner.len() + 400);
    // Maps refer to their hatching pattern by an id that must be unique on the page.
    let inner = drawing.inner.replace(map::ID_TOKEN, &id);
    // An image cannot contain links (ARIA hides an image's children): a map whose provinces link
    // to their pages is a labelled group instead, each link named by its own <title>.
    let role = if drawing.inner.contains("<a href") {
        format!("role=\"group\" aria-labelledby=\"{id}-t\" aria-describedby=\"{id}-d\"")
    } else {
        format!("role=\"img\" aria-labelledby=\"{id}-t {id}-d\"")
    };
    let _ = write!(
        out,
        "<svg class=\"chart-svg chart-{variant}\" viewBox=\"0 0 {w} {h}\" {role} font-family=\"{}, sans-serif\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        theme::FONT_FAMILY,
        escape_html(title),
        escape_html(description),
        w = drawing.width,
        h = drawing.height,
    );
    out.push_str(&inner);
    out.push_str("</svg>");
    out
}

/// CSV for spreadsheets: cells that a spreadsheet would run as a formula are neutralised.
pub fn to_csv(table: &DataTable) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let neutralise = |cell: &String| -> String {
        let is_number = cell.parse::<f64>().is_ok_and(f64::is_finite);
        match cell.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_number => format!("'{cell}"),
            _ => cell.clone(),
        }
    };
    let _ = writer.write_record(table.headers.iter().map(neutralise));
    for row in &table.raw {
        let _ = writer.write_record(row.iter().map(neutralise));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // A byte-order mark lets Excel open UTF-8 (Vietnamese names) correctly.
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Axis tick text: grouped digits, millions (billions, trillions) shortened the way a newsroom
/// writes them when the tick step allows it, with the chart's scale words; the precision follows
/// the step so neighbouring ticks never read alike.
pub fn tick_label(value: f64, step: f64, unit: Unit, lang: Lang, words: &AxisWords) -> String {
    let decimals_for = |step: f64| {
        let mut decimals = 0u8;
        while decimals < 4 && (step * 10f64.powi(decimals as i32)).fract().abs() > 1e-6 {
            decimals += 1;
        }
        decimals
    };
    let scales = [
        (1e12, &words.trillion),
        (1e9, &words.billion),
        (1e6, &words.million),
    ];
    let scale = scales
        .iter()
        .find(|(size, _)| value.abs() >= *size && step >= size / 10.0);
    let text = match scale {
        Some((size, word)) => {
            let decimals = decimals_for(step / size).max(decimals_for(value / size).min(1));
            format!("{} {word}", format_number(value / size, decimals, lang))
        }
        None => format_number(value, decimals_for(step), lang),
    };
    if unit.is_percent() {
        format!("{text}%")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tick text with the built-in words of `lang`.
    fn tick_label(value: f64, step: f64, unit: Unit, lang: Lang) -> String {
        super::tick_label(value, step, unit, lang, &AxisWords::builtin(lang))
    }

    #[test]
    fn csv_neutralises_formulas_but_keeps_numbers() {
        let table = DataTable {
            headers: vec!["region".into(), "value".into()],
            rows: vec![],
            raw: vec![
                vec!["=HYPERLINK(\"x\")".into(), "-3.2".into()],
                vec!["@SUM(A1)".into(), "+1".into()],
                vec!["Hà Tĩnh".into(), "99.2".into()],
            ],
        };
        let csv = to_csv(&table);
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\",-3.2"), "{csv}");
        assert!(csv.contains("'@SUM(A1),+1"), "{csv}");
        assert!(csv.contains("Hà Tĩnh,99.2"));
    }

    #[test]
    fn ticks_follow_the_language() {
        assert_eq!(
            tick_label(1_100_000.0, 100_000.0, Unit::Persons, Lang::Vi),
            "1,1 triệu"
        );
        assert_eq!(
            tick_label(1_000_000.0, 500_000.0, Unit::Persons, Lang::En),
            "1.0 million"
        );
        assert_eq!(
            tick_label(2_000_000.0, 1_000_000.0, Unit::Persons, Lang::En),
            "2 million"
        );
        assert_eq!(
            tick_label(1_025_000.0, 25_000.0, Unit::Persons, Lang::Vi),
            "1.025.000"
        );
        assert_eq!(
            tick_label(500_000.0, 500_000.0, Unit::Persons, Lang::Vi),
            "500.000"
        );
        assert_eq!(tick_label(80.0, 20.0, Unit::Percent, Lang::En), "80%");
        assert_eq!(tick_label(2.5, 2.5, Unit::Percent, Lang::Vi), "2,5%");
    }

    #[test]
    fn ticks_of_extreme_figures_stay_short_and_readable() {
        assert_eq!(
            tick_label(2_000_000_000.0, 500_000_000.0, Unit::Persons, Lang::Vi),
            "2,0 tỷ"
        );
        assert_eq!(
            tick_label(1.5e14, 5e13, Unit::Persons, Lang::En),
            "150 trillion"
        );
        assert_eq!(
            tick_label(-2_000_000.0, 1_000_000.0, Unit::Persons, Lang::En),
            "-2 million"
        );
        assert_eq!(tick_label(-4.0, 2.0, Unit::Percent, Lang::Vi), "-4%");
        assert_eq!(
            tick_label(0.0002, 0.0001, Unit::Persons, Lang::En),
            "0.0002"
        );
        for value in [1e300, -1e300, 1e-300, 0.0] {
            let text = tick_label(value, value.abs() / 4.0, Unit::Persons, Lang::Vi);
            assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
        }
    }
}

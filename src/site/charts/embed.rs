//! The HTML around a drawn chart: the `<figure>` with its title, drawings, source line, data
//! table and CSV link, sparklines, and the markers bulletins leave for their charts.

use std::cell::Cell;

use crate::charts;
use crate::i18n::Strings;
use crate::text::escape_html;

use super::registry::{csv_path, ChartStore};

/// Marks where a bulletin's chart goes until the drawings exist.
pub const MARKER_OPEN: char = '\u{E002}';
pub const MARKER_CLOSE: char = '\u{E003}';

/// Rows of a chart's table shown on the page.
const TABLE_ROWS: usize = 24;

/// Writes chart HTML into pages, giving every chart on a page its own element ids.
pub struct Embedder<'a> {
    pub store: &'a ChartStore,
    pub strings: &'a Strings,
    pub base_path: &'a str,
    count: Cell<usize>,
}

impl<'a> Embedder<'a> {
    pub fn new(store: &'a ChartStore, strings: &'a Strings, base_path: &'a str) -> Self {
        Embedder {
            store,
            strings,
            base_path,
            count: Cell::new(0),
        }
    }

    fn instance(&self, id: &str) -> String {
        let n = self.count.get() + 1;
        self.count.set(n);
        format!("c{n}-{}", &id[id.len().saturating_sub(8)..])
    }

    /// A complete `<figure>`: title, drawing (wide and narrow), source, data table, CSV link.
    pub fn figure(&self, id: &str) -> String {
        let Some((chart, rendered)) = self.store.get(id) else {
            return String::new();
        };
        let instance = self.instance(id);
        let mut html = format!(
            "<figure class=\"chart chart-{}\" id=\"{instance}\">",
            rendered.kind
        );
        html.push_str(&format!(
            "<p class=\"chart-title\">{}</p>",
            escape_html(&chart.title)
        ));
        // A chart with one drawing for every screen is never hidden by the wide/narrow switch.
        let first = if rendered.narrow.is_some() {
            "wide"
        } else {
            "single"
        };
        html.push_str(&charts::svg_element(
            &rendered.wide,
            &instance,
            first,
            &chart.title,
            &chart.description,
        ));
        if let Some(narrow) = &rendered.narrow {
            html.push_str(&charts::svg_element(
                narrow,
                &instance,
                "narrow",
                &chart.title,
                &chart.description,
            ));
        }
        html.push_str(&format!(
            "<figcaption><p class=\"chart-source\">{}</p>",
            escape_html(&chart.source)
        ));
        html.push_str(&format!(
            "<details class=\"chart-data\"><summary>{}</summary><div class=\"table-scroll\"><table class=\"data-table\"><thead><tr>",
            escape_html(self.strings.get("chart.table"))
        ));
        for (i, header) in chart.table.headers.iter().enumerate() {
            let class = if i > 0 { " class=\"num\"" } else { "" };
            html.push_str(&format!(
                "<th scope=\"col\"{class}>{}</th>",
                escape_html(header)
            ));
        }
        html.push_str("</tr></thead><tbody>");
        // Long series show their latest rows; the CSV below has every row.
        let skipped = chart.table.rows.len().saturating_sub(TABLE_ROWS);
        if skipped > 0 {
            html.push_str(&format!(
                "<tr><td colspan=\"{}\" class=\"more-rows\">{}</td></tr>",
                chart.table.headers.len().max(1),
                escape_html(
                    &self
                        .strings
                        .fill("chart.more_rows", &[("n", &skipped.to_string())])
                )
            ));
        }
        for row in &chart.table.rows[skipped..] {
            html.push_str("<tr>");
            for (i, cell) in row.iter().enumerate() {
                if i == 0 {
                    html.push_str(&format!("<th scope=\"row\">{}</th>", escape_html(cell)));
                } else {
                    html.push_str(&format!("<td class=\"num\">{}</td>", escape_html(cell)));
                }
            }
            html.push_str("</tr>");
        }
        html.push_str(&format!(
            "</tbody></table></div><p><a href=\"{}/{}\" download>{}</a></p></details></figcaption></figure>",
            self.base_path,
            csv_path(&rendered.id),
            escape_html(self.strings.get("chart.csv"))
        ));
        html
    }

    /// A sparkline, inline beside a figure.
    pub fn spark(&self, id: &str) -> String {
        let Some((chart, rendered)) = self.store.get(id) else {
            return String::new();
        };
        let instance = self.instance(id);
        format!(
            "<span class=\"spark\">{}</span>",
            charts::svg_element(
                &rendered.wide,
                &instance,
                "spark",
                &chart.title,
                &chart.description
            )
        )
    }

    /// Replaces the chart markers of a bulletin body with the figures.
    pub fn fill_markers(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(open) = rest.find(MARKER_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + MARKER_OPEN.len_utf8()..];
            let Some(close) = after.find(MARKER_CLOSE) else {
                break;
            };
            out.push_str(&self.figure(&after[..close]));
            rest = &after[close + MARKER_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        // A figure cannot sit inside a paragraph; a chart shortcode alone on its line becomes one.
        out.replace("<p><figure", "<figure")
            .replace("</figure></p>", "</figure>")
    }
}

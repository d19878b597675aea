//! The HTML around a drawn chart: the `<figure>` with its title, drawings, source line, data
//! table and CSV link, and sparklines, put where the page's views placed their markers.

use crate::common::text::escape_html;
use crate::draw::{self, Drawings, Rendered};
use crate::input::i18n::Strings;
use crate::site::charts::place::{read_marker, Placed, Placement, MARKER_CLOSE, MARKER_OPEN};
use crate::site::charts::registry::ChartRegistry;
use crate::site::charts::spec::Chart;

use super::chart_data::csv_path;

/// Rows of a chart's table shown on the page.
const TABLE_ROWS: usize = 24;

/// Writes the drawn charts into pages in one language.
pub struct Embedder<'a> {
    pub charts: &'a ChartRegistry,
    pub drawings: &'a Drawings,
    pub strings: &'a Strings,
    pub base_path: &'a str,
}

impl<'a> Embedder<'a> {
    fn find(&self, id: &str) -> Option<(&'a Chart, &'a Rendered)> {
        Some((self.charts.get(id)?, self.drawings.get(id)?))
    }

    /// Replaces every chart marker in a finished page with its chart.
    pub fn fill(&self, html: &str) -> String {
        if !html.contains(MARKER_OPEN) {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len() * 2);
        let mut rest = html;
        while let Some(open) = rest.find(MARKER_OPEN) {
            out.push_str(&rest[..open]);
            let after = &rest[open + MARKER_OPEN.len_utf8()..];
            let Some(close) = after.find(MARKER_CLOSE) else {
                break;
            };
            let inside = &after[..close];
            match read_marker(inside) {
                Some(placed) => out.push_str(&self.place(&placed)),
                None => {
                    out.push(MARKER_OPEN);
                    out.push_str(inside);
                    out.push(MARKER_CLOSE);
                }
            }
            rest = &after[close + MARKER_CLOSE.len_utf8()..];
        }
        out.push_str(rest);
        out
    }

    fn place(&self, placed: &Placed) -> String {
        match placed.placement {
            Placement::Figure => self.figure(placed.chart, placed.instance),
            Placement::Spark => self.spark(placed.chart, placed.instance),
        }
    }

    /// A complete `<figure>`: title, drawing (wide and narrow), source, data table, CSV link.
    fn figure(&self, id: &str, instance: &str) -> String {
        let Some((chart, rendered)) = self.find(id) else {
            return String::new();
        };
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
        html.push_str(&draw::svg_element(
            &rendered.wide,
            instance,
            first,
            &chart.title,
            &chart.description,
        ));
        if let Some(narrow) = &rendered.narrow {
            html.push_str(&draw::svg_element(
                narrow,
                instance,
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
    fn spark(&self, id: &str, instance: &str) -> String {
        let Some((chart, rendered)) = self.find(id) else {
            return String::new();
        };
        format!(
            "<span class=\"spark\">{}</span>",
            draw::svg_element(
                &rendered.wide,
                instance,
                "spark",
                &chart.title,
                &chart.description
            )
        )
    }
}

//! Where charts go on a page. Views are written before anything is drawn, so they hold a marker
//! naming the chart and the element id it gets on the page; the output stage puts the drawn
//! chart there through the `chart.html` partial.

use std::cell::Cell;

/// Opens and closes a chart marker in page text. Private-use characters, which the bulletin
/// reader removes from what authors write; anything between them that is not a marker this
/// module wrote is left as it is.
pub const MARKER_OPEN: char = '\u{E002}';
pub const MARKER_CLOSE: char = '\u{E003}';

/// How a placed chart is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A complete `<figure>`: title, drawings, source, data table, CSV link.
    Figure,
    /// A sparkline inline beside a figure.
    Spark,
}

impl Placement {
    fn tag(self) -> char {
        match self {
            Placement::Figure => 'F',
            Placement::Spark => 'S',
        }
    }

    fn from_tag(tag: char) -> Option<Placement> {
        match tag {
            'F' => Some(Placement::Figure),
            'S' => Some(Placement::Spark),
            _ => None,
        }
    }
}

/// A chart placed on a page, as read back from its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed<'a> {
    pub placement: Placement,
    /// Unique on the page: the prefix of the chart's element ids.
    pub instance: &'a str,
    pub chart: &'a str,
}

/// Places the charts of one page, numbering them in the order the view asks for them.
#[derive(Default)]
pub struct Placer {
    count: Cell<usize>,
}

impl Placer {
    fn marker(&self, placement: Placement, id: &str) -> String {
        let n = self.count.get() + 1;
        self.count.set(n);
        let start = id.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
        let suffix = &id[start..];
        format!(
            "{MARKER_OPEN}{}c{n}-{suffix}|{id}{MARKER_CLOSE}",
            placement.tag()
        )
    }

    pub fn figure(&self, id: &str) -> String {
        self.marker(Placement::Figure, id)
    }

    pub fn spark(&self, id: &str) -> String {
        self.marker(Placement::Spark, id)
    }

    /// Places the charts a bulletin body names (`MARKER_OPEN id MARKER_CLOSE`, left by the
    /// shortcodes). A figure cannot sit inside a paragraph: a chart alone on its line leaves it.
    pub fn bulletin_body(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(open) = rest.find(MARKER_OPEN) {
            let before = &rest[..open];
            let after = &rest[open + MARKER_OPEN.len_utf8()..];
            let Some(close) = after.find(MARKER_CLOSE) else {
                break;
            };
            out.push_str(before.strip_suffix("<p>").unwrap_or(before));
            out.push_str(&self.figure(&after[..close]));
            rest = &after[close + MARKER_CLOSE.len_utf8()..];
            rest = rest.strip_prefix("</p>").unwrap_or(rest);
        }
        out.push_str(rest);
        out
    }
}

/// Reads a marker's contents (between `MARKER_OPEN` and `MARKER_CLOSE`).
pub fn read_marker(inside: &str) -> Option<Placed<'_>> {
    let mut chars = inside.chars();
    let placement = Placement::from_tag(chars.next()?)?;
    let (instance, chart) = chars.as_str().split_once('|')?;
    Some(Placed {
        placement,
        instance,
        chart,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_number_charts_in_the_order_the_view_places_them() {
        let placer = Placer::default();
        let first = placer.spark("spark-0123456789abcdef");
        let second = placer.figure("line-fedcba9876543210");
        let inside = |m: &str| {
            m.trim_start_matches(MARKER_OPEN)
                .trim_end_matches(MARKER_CLOSE)
                .to_string()
        };
        assert_eq!(
            read_marker(&inside(&first)),
            Some(Placed {
                placement: Placement::Spark,
                instance: "c1-89abcdef",
                chart: "spark-0123456789abcdef"
            })
        );
        let second = inside(&second);
        let placed = read_marker(&second).unwrap();
        assert_eq!(placed.instance, "c2-76543210");
        assert_eq!(placed.placement, Placement::Figure);
    }

    #[test]
    fn a_chart_alone_on_its_line_leaves_the_paragraph() {
        let placer = Placer::default();
        let body = format!("<p>Text</p>\n<p>{MARKER_OPEN}map-1{MARKER_CLOSE}</p>\n<p>After</p>");
        let placed = placer.bulletin_body(&body);
        assert_eq!(
            placed,
            format!("<p>Text</p>\n{MARKER_OPEN}Fc1-map-1|map-1{MARKER_CLOSE}\n<p>After</p>")
        );
    }

    #[test]
    fn text_without_markers_is_unchanged() {
        let placer = Placer::default();
        assert_eq!(placer.bulletin_body("<p>a</p>"), "<p>a</p>");
        assert_eq!(read_marker("Xc1|id"), None);
        assert_eq!(read_marker("F-no-bar"), None);
    }
}

//! Why a chart could not be drawn: which part of it, and plotters' own account of the failure.
//! `store` turns it into the diagnostic that names the chart.

use std::fmt;

use crate::common::messages::msg;

/// The part of a chart that was being drawn when plotters failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartPart {
    /// Finishing the canvas (plotters writes the SVG document here).
    Canvas,
    /// A label, title or figure.
    Text,
    /// An axis, gridline, target or series line.
    Line,
    /// A bar or a progress track.
    Bar,
    /// A point marking a value.
    Point,
    /// A legend's colour swatch.
    Swatch,
    /// A region of a map.
    MapArea,
}

impl fmt::Display for ChartPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            ChartPart::Canvas => msg!("draw.part.canvas"),
            ChartPart::Text => msg!("draw.part.text"),
            ChartPart::Line => msg!("draw.part.line"),
            ChartPart::Bar => msg!("draw.part.bar"),
            ChartPart::Point => msg!("draw.part.point"),
            ChartPart::Swatch => msg!("draw.part.swatch"),
            ChartPart::MapArea => msg!("draw.part.map_area"),
        })
    }
}

/// Drawing one part of a chart failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawError {
    part: ChartPart,
    /// plotters' error, as text: its type is generic over the backend and not worth carrying.
    cause: String,
}

impl fmt::Display for DrawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = msg!("draw.failed", part = self.part, cause = self.cause);
        f.write_str(&text)
    }
}

impl std::error::Error for DrawError {}

/// For `map_err`: records which part was being drawn when plotters' error `E` happened.
pub(super) fn failed<E: fmt::Debug>(part: ChartPart) -> impl Fn(E) -> DrawError {
    move |error| DrawError {
        part,
        cause: format!("{error:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_which_part_failed_and_why() {
        let error = failed(ChartPart::Swatch)("backend refused");
        assert_eq!(
            error.to_string(),
            "drawing a legend swatch failed: \"backend refused\""
        );
        let vietnamese =
            crate::common::messages::with_lang(crate::common::locale::Lang::Vi, || {
                error.to_string()
            });
        assert_eq!(
            vietnamese,
            "vẽ một ô màu chú giải không thành công: \"backend refused\""
        );
    }
}

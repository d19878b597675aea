//! Choropleth maps. Each province is drawn on its own plotters canvas and wrapped in a link with
//! a tooltip, which plotters' element model cannot express; the pieces are then joined.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{bold, fit, font, put, strip_svg_element, text_width, Area, Result};
use super::error::{failed, ChartPart};
use super::layout;
use super::theme::{self, Variant};
use super::Drawing;
use crate::common::text::escape_html;
use crate::site::charts::spec::{Geometry, MapArea};

/// Replaced by the chart's element id when embedded, so each map's hatching is its own.
pub const ID_TOKEN: &str = "__CHART_ID__";

/// Single-hue sequential ramp (ColorBrewer Blues), light to dark.
const RAMP: [RGBColor; 5] = [
    RGBColor(0xde, 0xeb, 0xf7),
    RGBColor(0x9e, 0xca, 0xe1),
    RGBColor(0x6b, 0xae, 0xd6),
    RGBColor(0x31, 0x82, 0xbd),
    RGBColor(0x08, 0x51, 0x9c),
];

/// Drawn in place of "no data" and swapped for the hatching pattern afterwards.
const NO_DATA_SENTINEL: RGBColor = RGBColor(0xfe, 0x00, 0xfe);

/// The ramp colours used for `count` classes, spread over the ramp.
pub fn class_colors(count: usize) -> Vec<RGBColor> {
    match count {
        0 => Vec::new(),
        1 => vec![RAMP[3]],
        2 => vec![RAMP[1], RAMP[4]],
        3 => vec![RAMP[0], RAMP[2], RAMP[4]],
        4 => vec![RAMP[0], RAMP[1], RAMP[3], RAMP[4]],
        _ => RAMP.to_vec(),
    }
}

/// Dark fills need white labels (the two darkest blues); light ones dark labels.
fn label_color(fill: &RGBColor) -> RGBColor {
    let luminance = 0.2126 * fill.0 as f64 + 0.7152 * fill.1 as f64 + 0.0722 * fill.2 as f64;
    if luminance < 140.0 {
        WHITE
    } else {
        theme::INK
    }
}

struct Layout {
    width: u32,
    /// Map units to pixels for shapes, or the tile size for tiles.
    scale: f64,
    offset: (f64, f64),
    height: u32,
}

/// The legend's entries (label, colour), each label fitted to the map's width, and where each
/// one goes: (x, row).
struct Legend {
    items: Vec<(String, RGBColor)>,
    positions: Vec<(i32, usize)>,
}

impl Legend {
    /// One row of swatches, wrapped as needed (measured on a scratch canvas); a label wider than
    /// the map is shortened.
    fn new(classes: &[String], colors: &[RGBColor], no_data: &str, width: u32) -> Legend {
        let mut scratch = String::new();
        let mut items: Vec<(String, RGBColor)> = classes
            .iter()
            .cloned()
            .zip(colors.iter().copied())
            .chain(std::iter::once((no_data.to_string(), NO_DATA_SENTINEL)))
            .collect();
        let positions = {
            let area = SVGBackend::with_string(&mut scratch, (width, 100)).into_drawing_area();
            let style = font(theme::SMALL, &theme::INK);
            let canvas_width = width as i32;
            let widths: Vec<i32> = items
                .iter_mut()
                .map(|(label, _)| {
                    *label = fit(&area, label, &style, canvas_width - 22);
                    text_width(&area, label, &style) + 22
                })
                .collect();
            layout::legend_rows(&widths, canvas_width, 10, usize::MAX)
        };
        Legend { items, positions }
    }

    fn height(&self) -> i32 {
        let rows = self
            .positions
            .last()
            .map_or(0, |(_, row)| *row)
            .min(100_000) as i32
            + 1;
        20 * rows + 10
    }
}

pub fn draw(
    areas: &[MapArea],
    classes: &[String],
    no_data: &str,
    extent: (f64, f64),
    attribution: Option<&str>,
    variant: Variant,
) -> Result<Drawing> {
    let width = variant.width();
    let colors = class_colors(classes.len());
    let tiles = areas
        .iter()
        .all(|a| matches!(a.geometry, Geometry::Tile { .. }));
    let legend = Legend::new(classes, &colors, no_data, width);
    let layout = if tiles {
        tile_layout(areas, width, legend.height(), variant)
    } else {
        shape_layout(extent, width, legend.height(), attribution.is_some())
    };
    let mut inner = String::new();
    inner.push_str(&format!(
        "<defs><pattern id=\"{ID_TOKEN}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f4f4f4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#9a9a9a\" stroke-width=\"1.6\"/></pattern></defs>"
    ));
    draw_areas(&mut inner, areas, &colors, &layout, no_data, tiles)?;
    // Legend, and the attribution the boundary licence asks for.
    let attribution = attribution.filter(|_| !tiles);
    inner.push_str(&draw_legend(&legend, attribution, &layout)?);
    Ok(Drawing {
        width: layout.width,
        height: layout.height,
        inner: inner.replace(
            "fill=\"#FE00FE\"",
            &format!("fill=\"url(#{ID_TOKEN}-hatch)\""),
        ),
    })
}

/// Square tiles on a grid under the legend, as large as fit the width (up to a cap).
fn tile_layout(areas: &[MapArea], width: u32, legend_height: i32, variant: Variant) -> Layout {
    let extent_of = |along: fn(&Geometry) -> u32| areas.iter().map(|a| along(&a.geometry)).max();
    let columns = extent_of(|g| match g {
        Geometry::Tile { column, .. } => *column,
        _ => 0,
    })
    .unwrap_or(1);
    let rows = extent_of(|g| match g {
        Geometry::Tile { row, .. } => *row,
        _ => 0,
    })
    .unwrap_or(1);
    let size = (width as f64 / columns.max(1) as f64).min(if variant == Variant::Wide {
        46.0
    } else {
        40.0
    });
    let map_width = size * columns as f64;
    Layout {
        width,
        scale: size,
        offset: ((width as f64 - map_width) / 2.0, legend_height as f64),
        height: layout::canvas_length(legend_height as f64 + size * rows as f64 + 4.0),
    }
}

/// Boundary shapes scaled to the width, under the legend, with room for the attribution.
fn shape_layout(extent: (f64, f64), width: u32, legend_height: i32, attributed: bool) -> Layout {
    let scale = if extent.0.is_finite() && extent.0 > 0.0 {
        width as f64 / extent.0.max(1e-9)
    } else {
        1.0
    };
    Layout {
        width,
        scale,
        offset: (0.0, legend_height as f64),
        height: layout::canvas_length(legend_height as f64 + extent.1 * scale + 4.0)
            + if attributed { 18 } else { 0 },
    }
}

/// Each area in its own group with its outline and tooltip, linked to its page when it has one.
fn draw_areas(
    inner: &mut String,
    areas: &[MapArea],
    colors: &[RGBColor],
    layout: &Layout,
    no_data: &str,
    tiles: bool,
) -> Result<()> {
    // The subject is drawn last so its outline is not covered by its neighbours.
    let mut order: Vec<&MapArea> = areas.iter().collect();
    order.sort_by_key(|a| a.subject);
    for area in order {
        let piece = draw_area(area, colors, layout)?;
        let title = match &area.value_text {
            Some(value) => format!("{}: {value}", area.name),
            None => format!("{}: {no_data}", area.name),
        };
        let (stroke, stroke_width) = if area.subject {
            ("#1a1a1a", "2.5")
        } else {
            ("#ffffff", if tiles { "2" } else { "0.6" })
        };
        let group = format!(
            "<g stroke=\"{stroke}\" stroke-width=\"{stroke_width}\" stroke-linejoin=\"round\"><title>{}</title>{piece}</g>",
            escape_html(&title)
        );
        match &area.url {
            Some(url) => inner.push_str(&format!("<a href=\"{}\">{group}</a>", escape_html(url))),
            None => inner.push_str(&group),
        }
    }
    Ok(())
}

/// The legend's swatches and labels, and the attribution at the bottom when there is one.
fn draw_legend(legend: &Legend, attribution: Option<&str>, layout: &Layout) -> Result<String> {
    let mut out = String::new();
    {
        let canvas =
            SVGBackend::with_string(&mut out, (layout.width, layout.height)).into_drawing_area();
        let style = font(theme::SMALL, &theme::INK);
        for ((label, color), (x, row)) in legend.items.iter().zip(&legend.positions) {
            let y = 8 + (*row).min(100_000) as i32 * 20;
            canvas
                .draw(&Polygon::new(
                    vec![(*x, y - 6), (*x + 16, y - 6), (*x + 16, y + 6), (*x, y + 6)],
                    color.filled(),
                ))
                .map_err(failed(ChartPart::Swatch))?;
            put(
                &canvas,
                label,
                (*x + 21, y),
                &style,
                HPos::Left,
                VPos::Center,
            )?;
        }
        if let Some(text) = attribution {
            let style = font(theme::SMALL - 1.0, &theme::MUTED);
            put(
                &canvas,
                &fit(&canvas, text, &style, layout.width as i32),
                (0, layout.height as i32 - 2),
                &style,
                HPos::Left,
                VPos::Bottom,
            )?;
        }
        canvas.present().map_err(failed(ChartPart::Canvas))?;
    }
    Ok(strip_svg_element(&out))
}

fn draw_area(area: &MapArea, colors: &[RGBColor], layout: &Layout) -> Result<String> {
    let fill = area
        .class
        .and_then(|c| colors.get(c))
        .copied()
        .unwrap_or(NO_DATA_SENTINEL);
    let mut out = String::new();
    {
        let canvas: Area =
            SVGBackend::with_string(&mut out, (layout.width, layout.height)).into_drawing_area();
        match &area.geometry {
            Geometry::Tile { row, column } => {
                let size = layout.scale;
                let x = layout.offset.0 + (*column as f64 - 1.0) * size;
                let y = layout.offset.1 + (*row as f64 - 1.0) * size;
                let corners = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)];
                let points: Vec<(i32, i32)> = corners
                    .iter()
                    .map(|(a, b)| (a.round() as i32, b.round() as i32))
                    .collect();
                canvas
                    .draw(&Polygon::new(points, fill.filled()))
                    .map_err(failed(ChartPart::MapArea))?;
                let text_color = if fill == NO_DATA_SENTINEL {
                    theme::INK
                } else {
                    label_color(&fill)
                };
                let style = if area.subject {
                    bold(theme::SMALL, &text_color)
                } else {
                    font(theme::SMALL, &text_color)
                };
                let center = (
                    (x + size / 2.0).round() as i32,
                    (y + size / 2.0).round() as i32,
                );
                put(
                    &canvas,
                    &fit(&canvas, &area.label, &style, size as i32 - 2),
                    center,
                    &style,
                    HPos::Center,
                    VPos::Center,
                )?;
            }
            Geometry::Shapes { rings, dots } => {
                let at = |(a, b): (f64, f64)| {
                    (
                        (layout.offset.0 + a * layout.scale).round() as i32,
                        (layout.offset.1 + b * layout.scale).round() as i32,
                    )
                };
                for ring in rings {
                    let mut points: Vec<(i32, i32)> = ring.iter().map(|p| at(*p)).collect();
                    points.dedup();
                    if points.len() >= 3 {
                        canvas
                            .draw(&Polygon::new(points, fill.filled()))
                            .map_err(failed(ChartPart::MapArea))?;
                    }
                }
                for dot in dots {
                    canvas
                        .draw(&Circle::new(at(*dot), 1, fill.filled()))
                        .map_err(failed(ChartPart::MapArea))?;
                }
            }
        }
        canvas.present().map_err(failed(ChartPart::Canvas))?;
    }
    // The area's group sets an outline for its shapes; labels must not inherit it.
    Ok(strip_svg_element(&out).replace("<text ", "<text stroke=\"none\" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramps_go_light_to_dark() {
        for count in 1..=5 {
            let colors = class_colors(count);
            assert_eq!(colors.len(), count);
            let lum = |c: &RGBColor| c.0 as u32 + c.1 as u32 + c.2 as u32;
            assert!(colors.windows(2).all(|w| lum(&w[0]) > lum(&w[1])));
        }
    }

    #[test]
    fn labels_contrast_with_their_tile() {
        assert_eq!(label_color(&RAMP[4]), WHITE);
        assert_eq!(label_color(&RAMP[0]), theme::INK);
    }
}

//! Drawing with plotters on its SVG backend. Layout is done by hand (positions come from the
//! pure functions of [`super::layout`]) rather than with plotters' default mesh, so charts
//! follow newsroom practice: few light gridlines, no frame, direct labels instead of legends,
//! bars from zero. This file holds what every chart shares; each kind has its own file.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::error::{failed, ChartPart, DrawError};
use super::layout::{self, Frame};
use super::theme::{self, px, Variant};
use super::{bars, line, tick_label, Drawing};
use crate::site::charts::spec::{Body, Chart};

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type Result<T> = std::result::Result<T, DrawError>;

pub fn draw(chart: &Chart, variant: Variant) -> Result<Drawing> {
    if let Body::Map {
        areas,
        classes,
        no_data,
        extent,
        attribution,
    } = &chart.body
    {
        return super::map::draw(
            areas,
            classes,
            no_data,
            *extent,
            attribution.as_deref(),
            variant,
        );
    }
    let width = match chart.body {
        Body::Spark { .. } => 112,
        Body::Bullet { .. } => 340,
        _ => variant.width(),
    };
    let height = height_of(chart, variant);
    let mut inner = String::new();
    {
        let root = SVGBackend::with_string(&mut inner, (width, height)).into_drawing_area();
        match &chart.body {
            Body::Line { series, target } => {
                line::line(&root, chart, series, target.as_ref(), variant)?
            }
            Body::Ranking { bars } => bars::ranking(&root, bars, variant)?,
            Body::Bullet {
                percent,
                percent_text,
                actual_text,
                target_text,
            } => bars::bullet(&root, *percent, percent_text, actual_text, target_text)?,
            Body::Stacked {
                columns,
                totals,
                parts,
            } => bars::stacked(&root, chart, columns, totals, parts, variant)?,
            Body::Spark { points } => bars::spark(&root, points)?,
            Body::Map { .. } => {}
        }
        root.present().map_err(failed(ChartPart::Canvas))?;
    }
    Ok(Drawing {
        width,
        height,
        inner: strip_svg_element(&inner),
    })
}

fn height_of(chart: &Chart, variant: Variant) -> u32 {
    let rows = |row: u32, count: usize| {
        u32::try_from(count)
            .unwrap_or(u32::MAX)
            .saturating_mul(row)
            .saturating_add(12)
    };
    match (&chart.body, variant) {
        (Body::Spark { .. }, _) => 30,
        (Body::Bullet { .. }, _) => 76,
        (Body::Ranking { bars }, Variant::Wide) => rows(28, bars.len()),
        (Body::Ranking { bars }, Variant::Narrow) => rows(26, bars.len()),
        (Body::Map { .. }, _) => 0,
        (_, Variant::Wide) => 300,
        (_, Variant::Narrow) => 280,
    }
}

/// The canvas size in pixels, as signed numbers for coordinates.
pub(super) fn dimensions(area: &Area) -> (i32, i32) {
    let (width, height) = area.dim_in_pixel();
    let signed = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    (signed(width), signed(height))
}

/// plotters writes a complete document; the page wraps the drawing in its own `<svg>`.
pub(super) fn strip_svg_element(svg: &str) -> String {
    let start = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = svg.rfind("</svg>").unwrap_or(svg.len()).max(start);
    // Attributes plotters repeats on every element: full opacity is the default, and the font
    // family is set once on the <svg> element. This halves the weight of text-heavy drawings.
    let family = format!(" font-family=\"{}\"", theme::FONT_FAMILY);
    remove_all(svg[start..end].trim(), &[" opacity=\"1\"", &family])
}

/// `text` without any of `patterns`, each starting with a space, in one pass.
fn remove_all(text: &str, patterns: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    let mut at = 0;
    while let Some(space) = memchr::memchr(b' ', &text.as_bytes()[at..]) {
        let space = at + space;
        match patterns.iter().find(|p| text[space..].starts_with(**p)) {
            Some(pattern) => {
                out.push_str(&text[kept..space]);
                kept = space + pattern.len();
                at = kept;
            }
            None => at = space + 1,
        }
    }
    out.push_str(&text[kept..]);
    out
}

pub(super) fn font(size: f64, color: &RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((theme::FONT_FAMILY, px(size)).into_font());
    style.color = color.to_backend_color();
    style
}

pub(super) fn bold(size: f64, color: &RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((theme::FONT_FAMILY, px(size), FontStyle::Bold).into_font());
    style.color = color.to_backend_color();
    style
}

/// plotters' ab_glyph measurer scales glyphs to the font's full height (ascender to descender,
/// 1.362 em for Noto Sans) while SVG `font-size` is one em; this restores the rendered width.
const MEASURE_CORRECTION: f64 = 1.362 / 1.24;

pub(super) fn text_width(area: &Area, text: &str, style: &TextStyle) -> i32 {
    area.estimate_text_size(text, style)
        .map_or(text.chars().count() as f64 * 7.5, |(w, _)| {
            w as f64 * MEASURE_CORRECTION
        })
        .ceil() as i32
}

/// A name or sentence shortened with an ellipsis to `width` pixels.
pub(super) fn fit(area: &Area, text: &str, style: &TextStyle, width: i32) -> String {
    layout::fit_to_width(text, width, &|t| text_width(area, t, style))
}

/// A text holding a figure, shortened between words to `width` pixels, never within the number.
pub(super) fn figure_fit(area: &Area, text: &str, style: &TextStyle, width: i32) -> String {
    layout::fit_figure(text, width, &|t| text_width(area, t, style))
}

/// Writes a text anchored at `at`; an empty text draws nothing.
pub(super) fn put(
    area: &Area,
    text: &str,
    at: (i32, i32),
    style: &TextStyle,
    h: HPos,
    v: VPos,
) -> Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    area.draw(&Text::new(text.to_string(), at, style.pos(Pos::new(h, v))))
        .map_err(failed(ChartPart::Text))
}

pub(super) fn hline(
    area: &Area,
    x0: i32,
    x1: i32,
    y: i32,
    color: &RGBColor,
    width: u32,
) -> Result<()> {
    area.draw(&PathElement::new(
        vec![(x0, y), (x1, y)],
        color.stroke_width(width),
    ))
    .map_err(failed(ChartPart::Line))
}

/// A dashed horizontal line; the frame keeps `x0..x1` within the canvas, so the dashes are few.
pub(super) fn dashed(area: &Area, x0: i32, x1: i32, y: i32, color: &RGBColor) -> Result<()> {
    let mut x = x0;
    while x < x1 {
        let end = x.saturating_add(6).min(x1);
        area.draw(&PathElement::new(
            vec![(x, y), (end, y)],
            color.stroke_width(2),
        ))
        .map_err(failed(ChartPart::Line))?;
        x = x.saturating_add(10);
    }
    Ok(())
}

/// The width the y-axis labels need.
pub(super) fn tick_labels_width(
    area: &Area,
    chart: &Chart,
    ticks: &[f64],
    style: &TextStyle,
) -> i32 {
    let step = layout::tick_step(ticks);
    ticks
        .iter()
        .map(|t| {
            text_width(
                area,
                &tick_label(*t, step, chart.unit, chart.lang, &chart.axis),
                style,
            )
        })
        .max()
        .unwrap_or(20)
}

/// Gridlines and their labels; a label wider than the left margin is left out.
pub(super) fn y_axis(area: &Area, chart: &Chart, frame: &Frame, ticks: &[f64]) -> Result<()> {
    let style = font(theme::SMALL, &theme::MUTED);
    let step = layout::tick_step(ticks);
    for &tick in ticks {
        let y = frame.y(tick);
        if tick != frame.y0 {
            hline(area, frame.left, frame.right, y, &theme::GRID, 1)?;
        }
        let label = tick_label(tick, step, chart.unit, chart.lang, &chart.axis);
        put(
            area,
            &figure_fit(area, &label, &style, frame.left - 6),
            (frame.left - 6, y),
            &style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    hline(area, frame.left, frame.right, frame.bottom, &theme::AXIS, 1)
}

/// Period labels under the axis, thinned so they never overlap; the last one is always kept.
pub(super) fn x_labels(area: &Area, frame: &Frame, labels: &[(i64, String)]) -> Result<()> {
    let style = font(theme::SMALL, &theme::MUTED);
    let plot_width = frame.right - frame.left;
    let placed: Vec<(i32, i32, String)> = labels
        .iter()
        .map(|(x, text)| {
            let text = fit(area, text, &style, plot_width);
            let w = text_width(area, &text, &style);
            let center =
                layout::clamp_ordered(frame.x(*x as f64), frame.left + w / 2, frame.right - w / 2);
            (center - w / 2, center + w / 2, text)
        })
        .collect();
    let spans: Vec<(i32, i32)> = placed.iter().map(|(l, r, _)| (*l, *r)).collect();
    let keep = layout::thin_labels(&spans, 10);
    for ((left, right, text), keep) in placed.iter().zip(keep) {
        if keep {
            put(
                area,
                text,
                ((left + right) / 2, frame.bottom + 7),
                &style,
                HPos::Center,
                VPos::Top,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn repeated_attributes_are_removed_in_one_pass() {
        let text =
            r#"<text x="1" opacity="1" font-family="A">a opacity="1"</text> <g opacity="1">"#;
        assert_eq!(
            super::remove_all(text, &[" opacity=\"1\"", " font-family=\"A\""]),
            r#"<text x="1">a</text> <g>"#
        );
    }
}

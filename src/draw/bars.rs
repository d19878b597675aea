//! Bar-like charts: rankings, progress bullets, stacked columns, and sparklines.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{
    bold, dimensions, figure_fit, fit, font, put, text_width, tick_labels_width, y_axis, Area,
    Result,
};
use super::error::{failed, ChartPart};
use super::layout::{self, Frame};
use super::theme::{self, Variant};
use crate::site::charts::spec::{Bar, Chart, Emphasis, Part};

pub(super) fn ranking(area: &Area, bars: &[Bar], variant: Variant) -> Result<()> {
    let (width, _) = dimensions(area);
    let row = if variant == Variant::Wide { 28 } else { 26 };
    let label_style = font(theme::LABEL, &theme::INK);
    let subject_style = bold(theme::LABEL, &theme::INK);
    let value_style = font(theme::LABEL, &theme::INK);
    let share = |s: f64| (width as f64 * s) as i32;
    let widest = |text: fn(&Bar) -> &str, cap: i32| {
        bars.iter()
            .map(|b| text_width(area, text(b), &subject_style))
            .max()
            .unwrap_or(0)
            .min(cap)
    };
    let label_width = widest(
        |b| &b.label,
        share(if variant == Variant::Wide { 0.34 } else { 0.42 }),
    );
    let start = label_width + 10;
    // Figures take the room they need as long as the bars keep 20 pixels.
    let value_width = widest(|b| &b.text, width - start - 30);
    let span = (width - start - value_width - 10).max(20);
    let max = bars
        .iter()
        .map(|b| b.value)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
        .max(1e-9);
    // Grey sets off a highlighted subject; with no subject, grey would read as "disabled".
    let normal = if bars.iter().any(|b| b.emphasis == Emphasis::Subject) {
        theme::CONTEXT
    } else {
        theme::HIGHLIGHT
    };
    let mut top = 6i32;
    for bar in bars {
        let middle = top.saturating_add(row / 2);
        let (color, label, value) = match bar.emphasis {
            Emphasis::Subject => (
                theme::HIGHLIGHT,
                &subject_style,
                bold(theme::LABEL, &theme::HIGHLIGHT),
            ),
            Emphasis::National => (
                theme::NATIONAL,
                &subject_style,
                bold(theme::LABEL, &theme::INK),
            ),
            Emphasis::Normal => (normal, &label_style, value_style.clone()),
        };
        put(
            area,
            &fit(area, &bar.label, label, label_width),
            (0, middle),
            label,
            HPos::Left,
            VPos::Center,
        )?;
        let length = layout::bar_length(bar.value, max, span);
        area.draw(&Rectangle::new(
            [(start, middle - 8), (start + length, middle + 8)],
            color.filled(),
        ))
        .map_err(failed(ChartPart::Bar))?;
        put(
            area,
            &figure_fit(area, &bar.text, &value, value_width),
            (start + length + 6, middle),
            &value,
            HPos::Left,
            VPos::Center,
        )?;
        top = top.saturating_add(row);
    }
    area.draw(&PathElement::new(
        vec![(start, 2), (start, top)],
        theme::AXIS.stroke_width(1),
    ))
    .map_err(failed(ChartPart::Line))
}

pub(super) fn bullet(
    area: &Area,
    percent: f64,
    percent_text: &str,
    actual_text: &str,
    target_text: &str,
) -> Result<()> {
    let (width, _) = dimensions(area);
    let right = width - 4;
    let percent = if percent.is_finite() {
        percent.clamp(0.0, 1e300)
    } else {
        0.0
    };
    let scale_max = percent.max(100.0) * 1.06;
    let x = |p: f64| layout::scale(p, (0.0, scale_max), (2, right));
    let (bar_top, bar_bottom) = (30, 46);
    area.draw(&Rectangle::new(
        [(2, bar_top), (right, bar_bottom)],
        theme::TRACK.filled(),
    ))
    .map_err(failed(ChartPart::Bar))?;
    area.draw(&Rectangle::new(
        [(2, bar_top), (x(percent), bar_bottom)],
        theme::HIGHLIGHT.filled(),
    ))
    .map_err(failed(ChartPart::Bar))?;
    let target_x = x(100.0);
    area.draw(&PathElement::new(
        vec![(target_x, bar_top - 6), (target_x, bar_bottom + 6)],
        theme::TARGET.stroke_width(3),
    ))
    .map_err(failed(ChartPart::Line))?;
    let headline = bold(15.0, &theme::HIGHLIGHT);
    let percent_text = figure_fit(area, percent_text, &headline, right - 2);
    put(
        area,
        &percent_text,
        (2, 14),
        &headline,
        HPos::Left,
        VPos::Center,
    )?;
    let offset = text_width(area, &percent_text, &headline) + 8;
    let small = font(theme::SMALL, &theme::MUTED);
    let actual = fit(area, actual_text, &small, right - offset - 2);
    put(
        area,
        &actual,
        (2 + offset, 15),
        &small,
        HPos::Left,
        VPos::Center,
    )?;
    let target_style = font(theme::SMALL, &theme::TARGET_TEXT);
    let target_text = fit(area, target_text, &target_style, right - 2);
    let target_width = text_width(area, &target_text, &target_style);
    let (anchor, at) = if target_x + target_width / 2 > right {
        (HPos::Right, right)
    } else if target_x - target_width / 2 < 2 {
        (HPos::Left, 2)
    } else {
        (HPos::Center, target_x)
    };
    put(
        area,
        &target_text,
        (at, bar_bottom + 9),
        &target_style,
        anchor,
        VPos::Top,
    )
}

/// The plot keeps at least this height below the legend, however many parts it names.
const STACKED_MIN_PLOT: i32 = 40;

pub(super) fn stacked(
    area: &Area,
    chart: &Chart,
    columns: &[String],
    totals: &[String],
    parts: &[Part],
    variant: Variant,
) -> Result<()> {
    let (width, height) = dimensions(area);
    let bottom = height - 28;
    let legend_rows = legend(area, parts, width, bottom - STACKED_MIN_PLOT - 38)?;
    let part_value = |part: &Part, c: usize| part.values.get(c).copied().flatten();
    // Every height a column reaches, including part-way down when a part is negative.
    let reached: Vec<f64> = (0..columns.len())
        .flat_map(|c| {
            parts.iter().scan(0.0, move |sum, p| {
                *sum += part_value(p, c).unwrap_or(0.0);
                Some(*sum)
            })
        })
        .collect();
    let count = if variant == Variant::Wide { 5 } else { 4 };
    let (ticks, _) = layout::value_axis(reached, count, false);
    let tick_style = font(theme::SMALL, &theme::MUTED);
    let left_need = tick_labels_width(area, chart, &ticks, &tick_style) + 10;
    let (left, right, _) = layout::plot_edges(width, left_need, 0, 8, 0.5);
    let top = 8 + 20 * (legend_rows - 1) + 30;
    let frame = Frame {
        left,
        right,
        top,
        bottom: bottom.max(top + 1),
        x0: 0.0,
        x1: columns.len() as f64,
        y0: ticks.first().copied().unwrap_or(0.0),
        y1: ticks.last().copied().unwrap_or(1.0),
    };
    y_axis(area, chart, &frame, &ticks)?;
    let slot = (frame.right - frame.left) / i32::try_from(columns.len().max(1)).unwrap_or(i32::MAX);
    let bar = (slot as f64 * 0.56).min(90.0) as i32;
    let label_style = font(theme::SMALL, &theme::MUTED);
    let total_style = bold(theme::LABEL, &theme::INK);
    for (c, column) in columns.iter().enumerate() {
        let center = frame.left + slot * c as i32 + slot / 2;
        let mut base = 0.0;
        for (i, part) in parts.iter().enumerate() {
            let Some(value) = part_value(part, c) else {
                continue;
            };
            let text = part.texts.get(c).map_or("", String::as_str);
            stacked_piece(area, &frame, (center, bar), (base, base + value), i, text)?;
            base += value;
        }
        let total = totals.get(c).map_or("", String::as_str);
        let total_width = text_width(area, total, &total_style);
        if let Some(at) = layout::center_inside(center, total_width, width) {
            put(
                area,
                total,
                (at, frame.y(base) - 5),
                &total_style,
                HPos::Center,
                VPos::Bottom,
            )?;
        }
        put(
            area,
            &fit(area, column, &label_style, slot - 4),
            (center, frame.bottom + 7),
            &label_style,
            HPos::Center,
            VPos::Top,
        )?;
    }
    Ok(())
}

/// Swatch and name of each part, wrapping, in at most as many rows as `room` pixels hold
/// (parts beyond are named in the chart's table only). Returns the number of rows.
fn legend(area: &Area, parts: &[Part], width: i32, room: i32) -> Result<i32> {
    let style = font(theme::SMALL, &theme::INK);
    let labels: Vec<String> = parts
        .iter()
        .map(|p| fit(area, &p.label, &style, width - 26))
        .collect();
    let widths: Vec<i32> = labels
        .iter()
        .map(|l| text_width(area, l, &style) + 26)
        .collect();
    let max_rows = usize::try_from(room / 20 + 1).unwrap_or(1);
    let positions = layout::legend_rows(&widths, width, 8, max_rows);
    for (i, (label, (x, row))) in labels.iter().zip(&positions).enumerate() {
        let y = 8 + 20 * i32::try_from(*row).unwrap_or(0);
        let color = theme::CATEGORIES[i % theme::CATEGORIES.len()];
        area.draw(&Rectangle::new(
            [(*x, y - 6), (x + 12, y + 6)],
            color.filled(),
        ))
        .map_err(failed(ChartPart::Swatch))?;
        put(area, label, (x + 17, y), &style, HPos::Left, VPos::Center)?;
    }
    let rows = positions.last().map_or(0, |(_, row)| *row) + 1;
    Ok(i32::try_from(rows).unwrap_or(1))
}

/// One part of a column, from `low` to `high`, with its figure inside when it fits.
fn stacked_piece(
    area: &Area,
    frame: &Frame,
    (center, bar): (i32, i32),
    (low, high): (f64, f64),
    index: usize,
    text: &str,
) -> Result<()> {
    let (y_low, y_high) = (frame.y(low), frame.y(high));
    let color = theme::CATEGORIES[index % theme::CATEGORIES.len()];
    area.draw(&Rectangle::new(
        [(center - bar / 2, y_high), (center + bar / 2, y_low)],
        color.filled(),
    ))
    .map_err(failed(ChartPart::Bar))?;
    let text_color = if index.is_multiple_of(theme::CATEGORIES.len()) {
        WHITE
    } else {
        theme::INK
    };
    let inside = font(theme::SMALL, &text_color);
    if y_low - y_high >= 17 && text_width(area, text, &inside) <= bar - 6 {
        put(
            area,
            text,
            (center, (y_low + y_high) / 2),
            &inside,
            HPos::Center,
            VPos::Center,
        )?;
    }
    Ok(())
}

pub(super) fn spark(area: &Area, points: &[(i64, f64)]) -> Result<()> {
    let (width, height) = dimensions(area);
    let (x0, x1) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), (x, _)| {
        (a.min(*x as f64), b.max(*x as f64))
    });
    let (y0, y1) = points
        .iter()
        .map(|(_, y)| *y)
        .filter(|y| y.is_finite())
        .fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let x_span = (x1 - x0).max(1.0);
    let y_span = (y1 - y0).max(y1.abs() * 0.05);
    let coords: Vec<(i32, i32)> = points
        .iter()
        .map(|(x, y)| {
            (
                layout::scale_span(*x as f64, x0, x_span, (4, width - 6)),
                layout::scale_span(*y, y0, y_span, (height - 5, 5)),
            )
        })
        .collect();
    area.draw(&PathElement::new(
        coords.clone(),
        theme::HIGHLIGHT.stroke_width(2),
    ))
    .map_err(failed(ChartPart::Line))?;
    if let Some(last) = coords.last() {
        area.draw(&Circle::new(*last, 3, theme::HIGHLIGHT.filled()))
            .map_err(failed(ChartPart::Point))?;
    }
    Ok(())
}

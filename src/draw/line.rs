//! Line charts: values over time, labelled at their ends, with an optional target.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{
    bold, dashed, dimensions, figure_fit, fit, font, put, text_width, tick_labels_width, x_labels,
    y_axis, Area, Result,
};
use super::error::{failed, ChartPart};
use super::layout::{self, Frame};
use super::theme::{self, Variant};
use crate::site::charts::spec::{Chart, Series, TargetLine};

/// The share of the width the plot keeps however long the labels around it are.
const PLOT_SHARE: f64 = 0.4;
/// Space between the end of the plot and the canvas edge, besides the end labels.
const RIGHT_PAD: i32 = 12;

pub(super) fn line(
    area: &Area,
    chart: &Chart,
    series: &[Series],
    target: Option<&TargetLine>,
    variant: Variant,
) -> Result<()> {
    let (width, height) = dimensions(area);
    let values = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.value))
        .chain(target.map(|t| t.value));
    let count = if variant == Variant::Wide { 5 } else { 4 };
    // Shares keep their zero so they are never blown up.
    let (ticks, zoomed) = layout::value_axis(values, count, !chart.unit.is_percent());
    let tick_style = font(theme::SMALL, &theme::MUTED);
    let left_need = tick_labels_width(area, chart, &ticks, &tick_style) + 10;
    let (left, right, label_room) = layout::plot_edges(
        width,
        left_need,
        end_labels_width(area, series),
        RIGHT_PAD,
        PLOT_SHARE,
    );
    let (x0, x1) = layout::x_extent(series.iter().flat_map(|s| s.points.iter().map(|p| p.x)));
    let top = if target.is_some() { 26 } else { 14 };
    let frame = Frame {
        left,
        right,
        top,
        bottom: (height - if zoomed { 46 } else { 28 }).max(top + 1),
        x0,
        x1,
        y0: ticks.first().copied().unwrap_or(0.0),
        y1: ticks.last().copied().unwrap_or(1.0),
    };
    y_axis(area, chart, &frame, &ticks)?;
    if zoomed {
        let note = &chart.axis.not_from_zero;
        let style = font(theme::SMALL, &theme::MUTED);
        put(
            area,
            &fit(area, note, &style, width),
            (0, height - 2),
            &style,
            HPos::Left,
            VPos::Bottom,
        )?;
    }
    let mut labels: Vec<(i64, String)> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| (p.x, p.x_label.clone())))
        .collect();
    labels.sort();
    labels.dedup_by_key(|(x, _)| *x);
    x_labels(area, &frame, &labels)?;
    if let Some(target) = target {
        target_line(area, &frame, target)?;
    }
    let ends = draw_series(area, &frame, series)?;
    end_labels(area, ends, series.len() > 1, label_room, height)
}

/// The widest end label: the last figure of each series and, when there are several, its name.
fn end_labels_width(area: &Area, series: &[Series]) -> i32 {
    let end_style = bold(theme::VALUE, &theme::INK);
    let name_style = font(theme::SMALL, &theme::MUTED);
    let multiple = series.len() > 1;
    series
        .iter()
        .filter_map(|s| s.points.last().map(|p| (s, p)))
        .map(|(s, p)| {
            let value = text_width(area, &p.text, &end_style);
            let name = if multiple {
                text_width(area, &s.label, &name_style)
            } else {
                0
            };
            value.max(name)
        })
        .max()
        .unwrap_or(0)
}

fn target_line(area: &Area, frame: &Frame, target: &TargetLine) -> Result<()> {
    let y = frame.y(target.value);
    dashed(area, frame.left, frame.right, y, &theme::TARGET)?;
    let style = font(theme::SMALL, &theme::TARGET_TEXT);
    put(
        area,
        &fit(area, &target.label, &style, frame.right - frame.left - 2),
        (frame.left + 2, y - 5),
        &style,
        HPos::Left,
        VPos::Bottom,
    )
}

/// Draws the lines, context first and the subject on top; returns where each line ends.
fn draw_series<'a>(
    area: &Area,
    frame: &Frame,
    series: &'a [Series],
) -> Result<Vec<(i32, i32, &'a Series)>> {
    let multiple = series.len() > 1;
    let mut order: Vec<&Series> = series.iter().collect();
    order.sort_by_key(|s| s.highlight);
    let mut ends = Vec::new();
    for s in order {
        let strong = s.highlight || !multiple;
        let color = if strong {
            theme::HIGHLIGHT
        } else {
            theme::CONTEXT
        };
        let coords: Vec<(i32, i32)> = s
            .points
            .iter()
            .map(|p| (frame.x(p.x as f64), frame.y(p.value)))
            .collect();
        area.draw(&PathElement::new(
            coords.clone(),
            color.stroke_width(if strong { 3 } else { 2 }),
        ))
        .map_err(failed(ChartPart::Line))?;
        // Markers help a few points; on long monthly series they only add weight.
        let marked = s.points.len() <= 24;
        for (i, (point, (x, y))) in s.points.iter().zip(&coords).enumerate() {
            if !marked && i + 1 != coords.len() && !point.hedged {
                continue;
            }
            if point.hedged {
                area.draw(&Circle::new((*x, *y), 4, WHITE.filled()))
                    .map_err(failed(ChartPart::Point))?;
                area.draw(&Circle::new((*x, *y), 4, color.stroke_width(2)))
                    .map_err(failed(ChartPart::Point))?;
            } else {
                area.draw(&Circle::new((*x, *y), 4, color.filled()))
                    .map_err(failed(ChartPart::Point))?;
            }
        }
        if let Some(&(x, y)) = coords.last() {
            ends.push((x, y, s));
        }
    }
    Ok(ends)
}

/// The last figure (and name) beside the end of each line, spread vertically so they never
/// overlap and never leave the canvas; each is shortened to the room right of the plot.
fn end_labels(
    area: &Area,
    mut ends: Vec<(i32, i32, &Series)>,
    multiple: bool,
    room: i32,
    height: i32,
) -> Result<()> {
    let name_style = font(theme::SMALL, &theme::MUTED);
    ends.sort_by_key(|(_, y, _)| *y);
    let gap = if multiple { 30 } else { 18 };
    let wanted: Vec<i32> = ends.iter().map(|(_, y, _)| *y).collect();
    let bottom = height - if multiple { 22 } else { 9 };
    let placed = layout::spread(&wanted, gap, 9, bottom);
    for ((x, _, s), y) in ends.into_iter().zip(placed) {
        let color = if s.highlight || !multiple {
            theme::HIGHLIGHT
        } else {
            theme::MUTED
        };
        let Some(last) = s.points.last() else {
            continue;
        };
        let style = bold(theme::VALUE, &color);
        put(
            area,
            &figure_fit(area, &last.text, &style, room),
            (x + 9, y),
            &style,
            HPos::Left,
            VPos::Center,
        )?;
        if multiple {
            put(
                area,
                &fit(area, &s.label, &name_style, room),
                (x + 9, y + 15),
                &name_style,
                HPos::Left,
                VPos::Center,
            )?;
        }
    }
    Ok(())
}

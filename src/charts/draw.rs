//! Drawing with plotters on its SVG backend. Layout is done here rather than with plotters'
//! default mesh so charts follow newsroom practice: few light gridlines, no frame, direct labels
//! instead of legends, bars from zero.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::theme::{self, px, Variant};
use super::{tick_label, Bar, Body, Chart, Drawing, Emphasis, Part, Series, TargetLine};

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type Result<T> = std::result::Result<T, String>;

pub(super) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("chart drawing failed: {e:?}")
}

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
            Body::Line { series, target } => line(&root, chart, series, target.as_ref(), variant)?,
            Body::Ranking { bars } => ranking(&root, bars, variant)?,
            Body::Bullet {
                percent,
                percent_text,
                actual_text,
                target_text,
            } => bullet(&root, *percent, percent_text, actual_text, target_text)?,
            Body::Stacked {
                columns,
                totals,
                parts,
            } => stacked(&root, chart, columns, totals, parts, variant)?,
            Body::Spark { points } => spark(&root, points)?,
            Body::Map { .. } => {}
        }
        root.present().map_err(err)?;
    }
    Ok(Drawing {
        width,
        height,
        inner: strip_svg_element(&inner),
    })
}

fn height_of(chart: &Chart, variant: Variant) -> u32 {
    match (&chart.body, variant) {
        (Body::Spark { .. }, _) => 30,
        (Body::Bullet { .. }, _) => 76,
        (Body::Ranking { bars }, Variant::Wide) => 12 + 28 * bars.len() as u32,
        (Body::Ranking { bars }, Variant::Narrow) => 12 + 26 * bars.len() as u32,
        (Body::Map { .. }, _) => 0,
        (_, Variant::Wide) => 300,
        (_, Variant::Narrow) => 280,
    }
}

/// plotters writes a complete document; the page wraps the drawing in its own `<svg>`.
pub(super) fn strip_svg_element(svg: &str) -> String {
    let start = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = svg.rfind("</svg>").unwrap_or(svg.len());
    // Attributes plotters repeats on every element: full opacity is the default, and the font
    // family is set once on the <svg> element. This halves the weight of text-heavy drawings.
    svg[start..end]
        .trim()
        .replace(" opacity=\"1\"", "")
        .replace(&format!(" font-family=\"{}\"", theme::FONT_FAMILY), "")
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

pub(super) fn put(
    area: &Area,
    text: &str,
    at: (i32, i32),
    style: &TextStyle,
    h: HPos,
    v: VPos,
) -> Result<()> {
    area.draw(&Text::new(text.to_string(), at, style.pos(Pos::new(h, v))))
        .map_err(err)
}

fn hline(area: &Area, x0: i32, x1: i32, y: i32, color: &RGBColor, width: u32) -> Result<()> {
    area.draw(&PathElement::new(
        vec![(x0, y), (x1, y)],
        color.stroke_width(width),
    ))
    .map_err(err)
}

fn dashed(area: &Area, x0: i32, x1: i32, y: i32, color: &RGBColor) -> Result<()> {
    let mut x = x0;
    while x < x1 {
        let end = (x + 6).min(x1);
        area.draw(&PathElement::new(
            vec![(x, y), (end, y)],
            color.stroke_width(2),
        ))
        .map_err(err)?;
        x += 10;
    }
    Ok(())
}

/// Round tick steps (1, 2, 2.5, 5 × 10^k) from zero to at least `max`.
pub fn nice_ticks(max: f64, target_count: usize) -> Vec<f64> {
    if !(max.is_finite()) || max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let raw = max / target_count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let count = (max / step).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Round ticks covering `low..=high`, starting at a round value at or below `low`.
pub fn nice_ticks_between(low: f64, high: f64, target_count: usize) -> Vec<f64> {
    let spread = nice_ticks(high - low, target_count);
    let step = spread.get(1).copied().unwrap_or(1.0);
    let start = (low / step).floor() * step;
    let mut ticks = vec![start];
    while *ticks.last().unwrap_or(&start) < high - 1e-9 {
        let next = ticks.last().unwrap_or(&start) + step;
        ticks.push(next);
    }
    ticks
}

/// Pixel mapping of a plot area.
struct Frame {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Frame {
    fn x(&self, x: f64) -> i32 {
        let span = (self.x1 - self.x0).max(1e-9);
        self.left + ((x - self.x0) / span * (self.right - self.left) as f64).round() as i32
    }

    fn y(&self, y: f64) -> i32 {
        let span = (self.y1 - self.y0).max(1e-9);
        self.bottom - ((y - self.y0) / span * (self.bottom - self.top) as f64).round() as i32
    }
}

fn tick_step(ticks: &[f64]) -> f64 {
    ticks.get(1).zip(ticks.first()).map_or(1.0, |(b, a)| b - a)
}

/// The width the y-axis labels need.
fn tick_labels_width(area: &Area, chart: &Chart, ticks: &[f64], style: &TextStyle) -> i32 {
    let step = tick_step(ticks);
    ticks
        .iter()
        .map(|t| text_width(area, &tick_label(*t, step, chart.unit, chart.lang), style))
        .max()
        .unwrap_or(20)
}

fn y_axis(area: &Area, chart: &Chart, frame: &Frame, ticks: &[f64]) -> Result<()> {
    let style = font(theme::SMALL, &theme::MUTED);
    let step = tick_step(ticks);
    for &tick in ticks {
        let y = frame.y(tick);
        if tick != frame.y0 {
            hline(area, frame.left, frame.right, y, &theme::GRID, 1)?;
        }
        put(
            area,
            &tick_label(tick, step, chart.unit, chart.lang),
            (frame.left - 6, y),
            &style,
            HPos::Right,
            VPos::Center,
        )?;
    }
    hline(area, frame.left, frame.right, frame.bottom, &theme::AXIS, 1)
}

/// Period labels under the axis, thinned so they never overlap; the last one is always kept.
fn x_labels(area: &Area, frame: &Frame, labels: &[(i64, String)]) -> Result<()> {
    let style = font(theme::SMALL, &theme::MUTED);
    let placed: Vec<(i32, i32, &str)> = labels
        .iter()
        .map(|(x, text)| {
            let w = text_width(area, text, &style);
            let center = frame
                .x(*x as f64)
                .clamp(frame.left + w / 2, frame.right - w / 2);
            (center - w / 2, center + w / 2, text.as_str())
        })
        .collect();
    let mut keep = vec![false; placed.len()];
    if let Some(last) = placed.len().checked_sub(1) {
        keep[last] = true;
        let mut limit = placed[last].0 - 10;
        let mut next_right = i32::MIN;
        for (i, (left, right, _)) in placed.iter().enumerate().take(last) {
            if *left > next_right && *right < limit {
                keep[i] = true;
                next_right = right + 10;
            }
            limit = limit.max(0);
        }
    }
    for (i, (left, right, text)) in placed.iter().enumerate() {
        if keep[i] {
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

fn line(
    area: &Area,
    chart: &Chart,
    series: &[Series],
    target: Option<&TargetLine>,
    variant: Variant,
) -> Result<()> {
    let (width, height) = area.dim_in_pixel();
    let points = series.iter().flat_map(|s| s.points.iter());
    let max_value = points
        .clone()
        .map(|p| p.value)
        .chain(target.map(|t| t.value))
        .fold(0.0, f64::max);
    let min_value = points
        .clone()
        .map(|p| p.value)
        .chain(target.map(|t| t.value))
        .fold(f64::MAX, f64::min);
    let count = if variant == Variant::Wide { 5 } else { 4 };
    // Counts crowded in the top half of a zero-based axis would show no movement: start the axis
    // near the data and say so. Shares keep their zero so they are never blown up.
    let zoomed = !chart.unit.is_percent() && min_value.is_finite() && min_value > 0.5 * max_value;
    let ticks = if zoomed {
        let spread = (max_value - min_value).max(max_value * 0.02);
        nice_ticks_between(min_value - spread * 0.5, max_value + spread * 0.1, count)
    } else {
        nice_ticks(max_value, count)
    };
    let tick_style = font(theme::SMALL, &theme::MUTED);
    let left = tick_labels_width(area, chart, &ticks, &tick_style) + 10;
    let end_style = bold(theme::VALUE, &theme::INK);
    let name_style = font(theme::SMALL, &theme::MUTED);
    let multiple = series.len() > 1;
    let right_labels = series
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
        .unwrap_or(0);
    let (mut x0, mut x1) = points.clone().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
        (lo.min(p.x as f64), hi.max(p.x as f64))
    });
    if x0 > x1 {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 - x0 < 1.0 {
        // One period only: centre it.
        x0 -= 30.0;
        x1 += 30.0;
    }
    let top = if target.is_some() { 26 } else { 14 };
    let frame = Frame {
        left,
        right: width as i32 - right_labels - 12,
        top,
        bottom: height as i32 - if zoomed { 46 } else { 28 },
        x0,
        x1,
        y0: ticks[0],
        y1: *ticks.last().unwrap_or(&1.0),
    };
    y_axis(area, chart, &frame, &ticks)?;
    if zoomed {
        let note = chart.lang.pick(
            "Trục dọc không bắt đầu từ 0",
            "The vertical axis does not start at zero",
        );
        put(
            area,
            note,
            (0, height as i32 - 2),
            &font(theme::SMALL, &theme::MUTED),
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
        let y = frame.y(target.value);
        dashed(area, frame.left, frame.right, y, &theme::TARGET)?;
        put(
            area,
            &target.label,
            (frame.left + 2, y - 5),
            &font(theme::SMALL, &theme::TARGET_TEXT),
            HPos::Left,
            VPos::Bottom,
        )?;
    }

    // Context first, the subject on top.
    let mut order: Vec<&Series> = series.iter().collect();
    order.sort_by_key(|s| s.highlight);
    let mut end_labels: Vec<(i32, i32, &Series)> = Vec::new();
    for s in order {
        let color = if s.highlight || !multiple {
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
            color.stroke_width(if s.highlight || !multiple { 3 } else { 2 }),
        ))
        .map_err(err)?;
        // Markers help a few points; on long monthly series they only add weight.
        let marked = s.points.len() <= 24;
        for (i, (point, (x, y))) in s.points.iter().zip(&coords).enumerate() {
            if !marked && i + 1 != coords.len() && !point.hedged {
                continue;
            }
            if point.hedged {
                area.draw(&Circle::new((*x, *y), 4, WHITE.filled()))
                    .map_err(err)?;
                area.draw(&Circle::new((*x, *y), 4, color.stroke_width(2)))
                    .map_err(err)?;
            } else {
                area.draw(&Circle::new((*x, *y), 4, color.filled()))
                    .map_err(err)?;
            }
        }
        if let Some(&(x, y)) = coords.last() {
            end_labels.push((x, y, s));
        }
    }
    // Spread end labels vertically so they never overlap.
    end_labels.sort_by_key(|(_, y, _)| *y);
    let gap = if multiple { 30 } else { 18 };
    let mut previous = i32::MIN;
    for (x, y, s) in end_labels {
        let y = y.max(previous + gap);
        previous = y;
        let color = if s.highlight || !multiple {
            theme::HIGHLIGHT
        } else {
            theme::MUTED
        };
        let Some(last) = s.points.last() else {
            continue;
        };
        put(
            area,
            &last.text,
            (x + 9, y),
            &bold(theme::VALUE, &color),
            HPos::Left,
            VPos::Center,
        )?;
        if multiple {
            put(
                area,
                &s.label,
                (x + 9, y + 15),
                &name_style,
                HPos::Left,
                VPos::Center,
            )?;
        }
    }
    Ok(())
}

fn ranking(area: &Area, bars: &[Bar], variant: Variant) -> Result<()> {
    let (width, _) = area.dim_in_pixel();
    let row = if variant == Variant::Wide { 28 } else { 26 };
    let label_style = font(theme::LABEL, &theme::INK);
    let subject_style = bold(theme::LABEL, &theme::INK);
    let value_style = font(theme::LABEL, &theme::INK);
    let cap = (width as f64 * if variant == Variant::Wide { 0.34 } else { 0.42 }) as i32;
    let label_width = bars
        .iter()
        .map(|b| text_width(area, &b.label, &subject_style))
        .max()
        .unwrap_or(0)
        .min(cap);
    let value_width = bars
        .iter()
        .map(|b| text_width(area, &b.text, &subject_style))
        .max()
        .unwrap_or(0);
    let start = label_width + 10;
    let span = (width as i32 - start - value_width - 10).max(20);
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1e-9);
    // Grey sets off a highlighted subject; with no subject, grey would read as "disabled".
    let normal = if bars.iter().any(|b| b.emphasis == Emphasis::Subject) {
        theme::CONTEXT
    } else {
        theme::HIGHLIGHT
    };
    for (i, bar) in bars.iter().enumerate() {
        let top = 6 + i as i32 * row;
        let middle = top + row / 2;
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
        let length = ((bar.value / max) * span as f64).round().max(1.0) as i32;
        area.draw(&Rectangle::new(
            [(start, middle - 8), (start + length, middle + 8)],
            color.filled(),
        ))
        .map_err(err)?;
        put(
            area,
            &bar.text,
            (start + length + 6, middle),
            &value,
            HPos::Left,
            VPos::Center,
        )?;
    }
    area.draw(&PathElement::new(
        vec![(start, 2), (start, 6 + bars.len() as i32 * row)],
        theme::AXIS.stroke_width(1),
    ))
    .map_err(err)
}

/// Shortens a label with an ellipsis to fit `width` pixels.
fn fit(area: &Area, text: &str, style: &TextStyle, width: i32) -> String {
    if text_width(area, text, style) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while chars.len() > 1 {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>() + "…";
        if text_width(area, &candidate, style) <= width {
            return candidate;
        }
    }
    text.to_string()
}

fn bullet(
    area: &Area,
    percent: f64,
    percent_text: &str,
    actual_text: &str,
    target_text: &str,
) -> Result<()> {
    let (width, _) = area.dim_in_pixel();
    let right = width as i32 - 4;
    let scale_max = percent.max(100.0) * 1.06;
    let x = |p: f64| 2 + ((p / scale_max) * (right - 2) as f64).round() as i32;
    let (bar_top, bar_bottom) = (30, 46);
    area.draw(&Rectangle::new(
        [(2, bar_top), (right, bar_bottom)],
        theme::TRACK.filled(),
    ))
    .map_err(err)?;
    area.draw(&Rectangle::new(
        [(2, bar_top), (x(percent.max(0.0)), bar_bottom)],
        theme::HIGHLIGHT.filled(),
    ))
    .map_err(err)?;
    let target_x = x(100.0);
    area.draw(&PathElement::new(
        vec![(target_x, bar_top - 6), (target_x, bar_bottom + 6)],
        theme::TARGET.stroke_width(3),
    ))
    .map_err(err)?;
    put(
        area,
        percent_text,
        (2, 14),
        &bold(15.0, &theme::HIGHLIGHT),
        HPos::Left,
        VPos::Center,
    )?;
    let offset = text_width(area, percent_text, &bold(15.0, &theme::HIGHLIGHT)) + 8;
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
    let target_width = text_width(area, target_text, &target_style);
    let (anchor, at) = if target_x + target_width / 2 > right {
        (HPos::Right, right)
    } else if target_x - target_width / 2 < 2 {
        (HPos::Left, 2)
    } else {
        (HPos::Center, target_x)
    };
    put(
        area,
        target_text,
        (at, bar_bottom + 9),
        &target_style,
        anchor,
        VPos::Top,
    )
}

fn stacked(
    area: &Area,
    chart: &Chart,
    columns: &[String],
    totals: &[String],
    parts: &[Part],
    variant: Variant,
) -> Result<()> {
    let (width, height) = area.dim_in_pixel();
    // Legend: swatch and name of each part, wrapping.
    let legend_style = font(theme::SMALL, &theme::INK);
    let (mut lx, mut ly) = (0, 8);
    for (i, part) in parts.iter().enumerate() {
        let w = text_width(area, &part.label, &legend_style) + 26;
        if lx > 0 && lx + w > width as i32 {
            lx = 0;
            ly += 20;
        }
        let color = theme::CATEGORIES[i % theme::CATEGORIES.len()];
        area.draw(&Rectangle::new(
            [(lx, ly - 6), (lx + 12, ly + 6)],
            color.filled(),
        ))
        .map_err(err)?;
        put(
            area,
            &part.label,
            (lx + 17, ly),
            &legend_style,
            HPos::Left,
            VPos::Center,
        )?;
        lx += w + 8;
    }
    let sums: Vec<f64> = (0..columns.len())
        .map(|c| {
            parts
                .iter()
                .filter_map(|p| p.values.get(c).copied().flatten())
                .sum()
        })
        .collect();
    let ticks = nice_ticks(
        sums.iter().copied().fold(0.0, f64::max),
        if variant == Variant::Wide { 5 } else { 4 },
    );
    let tick_style = font(theme::SMALL, &theme::MUTED);
    let left = tick_labels_width(area, chart, &ticks, &tick_style) + 10;
    let frame = Frame {
        left,
        right: width as i32 - 8,
        top: ly + 30,
        bottom: height as i32 - 28,
        x0: 0.0,
        x1: columns.len() as f64,
        y0: 0.0,
        y1: *ticks.last().unwrap_or(&1.0),
    };
    y_axis(area, chart, &frame, &ticks)?;
    let slot = (frame.right - frame.left) / columns.len().max(1) as i32;
    let bar = (slot as f64 * 0.56).min(90.0) as i32;
    let label_style = font(theme::SMALL, &theme::MUTED);
    for (c, column) in columns.iter().enumerate() {
        let center = frame.left + slot * c as i32 + slot / 2;
        let mut base = 0.0;
        for (i, part) in parts.iter().enumerate() {
            let Some(value) = part.values.get(c).copied().flatten() else {
                continue;
            };
            let (y_low, y_high) = (frame.y(base), frame.y(base + value));
            let color = theme::CATEGORIES[i % theme::CATEGORIES.len()];
            area.draw(&Rectangle::new(
                [(center - bar / 2, y_high), (center + bar / 2, y_low)],
                color.filled(),
            ))
            .map_err(err)?;
            let text = &part.texts[c];
            let text_color = if i % theme::CATEGORIES.len() == 0 {
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
            base += value;
        }
        put(
            area,
            &totals[c],
            (center, frame.y(base) - 5),
            &bold(theme::LABEL, &theme::INK),
            HPos::Center,
            VPos::Bottom,
        )?;
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

fn spark(area: &Area, points: &[(i64, f64)]) -> Result<()> {
    let (width, height) = area.dim_in_pixel();
    let (x0, x1) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), (x, _)| {
        (a.min(*x), b.max(*x))
    });
    let (y0, y1) = points.iter().fold((f64::MAX, f64::MIN), |(a, b), (_, y)| {
        (a.min(*y), b.max(*y))
    });
    let sx = |x: i64| {
        4 + (((x - x0) as f64 / (x1 - x0).max(1) as f64) * (width as f64 - 10.0)).round() as i32
    };
    let sy = |y: f64| {
        let span = (y1 - y0).max(y1.abs() * 0.05).max(1e-9);
        (height as i32 - 5) - (((y - y0) / span) * (height as f64 - 10.0)).round() as i32
    };
    let coords: Vec<(i32, i32)> = points.iter().map(|(x, y)| (sx(*x), sy(*y))).collect();
    area.draw(&PathElement::new(
        coords.clone(),
        theme::HIGHLIGHT.stroke_width(2),
    ))
    .map_err(err)?;
    if let Some(last) = coords.last() {
        area.draw(&Circle::new(*last, 3, theme::HIGHLIGHT.filled()))
            .map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_between_start_at_a_round_value() {
        let ticks = nice_ticks_between(905_000.0, 975_000.0, 4);
        assert_eq!(ticks[0], 900_000.0);
        assert!(*ticks.last().unwrap() >= 975_000.0);
        assert!(ticks.windows(2).all(|w| w[1] > w[0]));
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(
            nice_ticks(99.2, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(
            nice_ticks(1_144_762.0, 4),
            vec![0.0, 500_000.0, 1_000_000.0, 1_500_000.0]
        );
        assert_eq!(nice_ticks(0.0, 4), vec![0.0, 1.0]);
        let ticks = nice_ticks(972_566.0, 5);
        assert!(*ticks.last().unwrap() >= 972_566.0);
    }
}

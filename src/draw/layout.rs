//! Chart geometry as pure functions of figures and measured text widths: axis ticks, plot
//! margins, label positions and label shortening. Nothing here draws.
//!
//! Every function is total: for any figure (huge, tiny, negative, equal, missing, even NaN or
//! infinite) and any text it returns finite, ordered pixel positions inside the canvas it was
//! given, in bounded time. The drawing code relies on that instead of checking each case.

use unicode_normalization::char::is_combining_mark;

/// Figures beyond this magnitude are drawn at it: past it, tick arithmetic overflows.
const AXIS_LIMIT: f64 = 1e300;
/// No axis gets more ticks than this, whatever it is asked for.
const MAX_TICKS: usize = 24;
/// The ellipsis that ends a shortened label.
pub(crate) const ELLIPSIS: &str = "…";

/// `value` within `lo..=hi`, or their middle when the bounds are crossed (where `i32::clamp`
/// would panic).
pub(crate) fn clamp_ordered(value: i32, lo: i32, hi: i32) -> i32 {
    if lo > hi {
        lo / 2 + hi / 2
    } else {
        value.clamp(lo, hi)
    }
}

/// A figure an axis can show: NaN becomes zero, infinities and huge magnitudes the limit.
fn axis_value(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(-AXIS_LIMIT, AXIS_LIMIT)
    }
}

/// A round step (1, 2, 2.5, 5 × 10^k) that splits `range` into about `target_count` parts.
fn nice_step(range: f64, target_count: usize) -> Option<f64> {
    let raw = range / target_count.clamp(1, MAX_TICKS) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    (step.is_finite() && step > 0.0).then_some(step)
}

/// Round ticks from zero to at least `max`; `[0, 1]` when there is nothing to show.
pub fn nice_ticks(max: f64, target_count: usize) -> Vec<f64> {
    if !max.is_finite() || max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let max = max.min(AXIS_LIMIT);
    let Some(step) = nice_step(max, target_count) else {
        return vec![0.0, 1.0];
    };
    let count = (max / step).ceil().clamp(1.0, MAX_TICKS as f64) as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Round ticks covering `low..=high` (in either order), starting at a round value at or below
/// the lower one; always at least two, strictly increasing.
pub fn nice_ticks_between(low: f64, high: f64, target_count: usize) -> Vec<f64> {
    let (low, high) = (axis_value(low), axis_value(high));
    let (low, high) = if low <= high {
        (low, high)
    } else {
        (high, low)
    };
    let spread = nice_ticks(high - low, target_count);
    let step = spread.get(1).copied().unwrap_or(1.0);
    let start = (low / step).floor() * step;
    let mut ticks = vec![start];
    let mut last = start;
    let tolerance = step.min(1.0) * 1e-9;
    // The step is at least a target-count-th of the range, so this bound is never reached but
    // for a range lost in precision.
    while last < high - tolerance && ticks.len() <= 2 * MAX_TICKS + 2 {
        let next = last + step;
        // A step lost in the precision of a huge start would never get anywhere.
        if next <= last {
            break;
        }
        ticks.push(next);
        last = next;
    }
    if ticks.len() < 2 {
        ticks.push(start + start.abs().max(1.0) * 0.1);
    }
    ticks
}

/// The ticks of a value axis for `values`, and whether the axis starts away from zero.
///
/// Counts crowded in the top half of a zero-based axis would show no movement, so when
/// `may_zoom` the axis starts near the data (the caller says so under the chart). Negative
/// figures extend the axis below zero.
pub(crate) fn value_axis(
    values: impl IntoIterator<Item = f64>,
    target_count: usize,
    may_zoom: bool,
) -> (Vec<f64>, bool) {
    let range = values
        .into_iter()
        .filter(|v| !v.is_nan())
        .map(axis_value)
        .fold(None, |range: Option<(f64, f64)>, v| match range {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        });
    let Some((min, max)) = range else {
        return (nice_ticks(0.0, target_count), false);
    };
    let top = max.max(0.0);
    if may_zoom && min > 0.5 * top {
        let spread = (max - min).max(max * 0.02);
        let ticks = nice_ticks_between(min - spread * 0.5, max + spread * 0.1, target_count);
        (ticks, true)
    } else if min < 0.0 {
        (nice_ticks_between(min, top, target_count), false)
    } else {
        (nice_ticks(top, target_count), false)
    }
}

/// The distance between the first two ticks (1 when there are fewer).
pub(crate) fn tick_step(ticks: &[f64]) -> f64 {
    match ticks {
        [a, b, ..] if (b - a).is_finite() && b > a => b - a,
        _ => 1.0,
    }
}

/// Maps `value` from `from0..=from1` onto the pixels `to0..=to1` (either direction), rounded
/// and kept within those pixels; NaN lands on `to0`.
pub(crate) fn scale(value: f64, (from0, from1): (f64, f64), pixels: (i32, i32)) -> i32 {
    scale_span(value, from0, from1 - from0, pixels)
}

/// [`scale`] for data starting at `from0` and `span` long.
pub(crate) fn scale_span(value: f64, from0: f64, span: f64, (to0, to1): (i32, i32)) -> i32 {
    let span = span.max(1e-9);
    let length = to1 as f64 - to0 as f64;
    let offset = ((value - from0) / span * length).round();
    let offset = if offset.is_nan() { 0.0 } else { offset };
    let (lo, hi) = (length.min(0.0), length.max(0.0));
    // Both ends fit in an i32 and the offset lies between them, so the sum does too.
    (to0 as f64 + offset.clamp(lo, hi)) as i32
}

/// The largest drawing, in pixels: a canvas computed from absurd figures is cut to it.
pub(crate) const MAX_CANVAS: u32 = 100_000;

/// A canvas length in pixels from a computed size: rounded down, within `0..=MAX_CANVAS`.
pub(crate) fn canvas_length(pixels: f64) -> u32 {
    if pixels.is_nan() {
        0
    } else {
        pixels.clamp(0.0, MAX_CANVAS as f64) as u32
    }
}

/// Pixel mapping of a plot area: data `x0..=x1` across `left..=right`, `y0..=y1` from `bottom`
/// up to `top`. Every mapped point lies inside the area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Frame {
    pub fn x(&self, x: f64) -> i32 {
        scale(x, (self.x0, self.x1), (self.left, self.right))
    }

    pub fn y(&self, y: f64) -> i32 {
        scale(y, (self.y0, self.y1), (self.bottom, self.top))
    }
}

/// The data range of a time axis: the extent of the points, widened around a single period so
/// it is centred; `0..=1` without points.
pub(crate) fn x_extent(xs: impl IntoIterator<Item = i64>) -> (f64, f64) {
    let (mut x0, mut x1) = xs.into_iter().fold((f64::MAX, f64::MIN), |(lo, hi), x| {
        (lo.min(x as f64), hi.max(x as f64))
    });
    if x0 > x1 {
        (x0, x1) = (0.0, 1.0);
    }
    if x1 - x0 < 1.0 {
        // Far from zero, 30 days can be lost in the precision of the day number.
        let margin = 30f64.max(x0.abs() * 1e-9);
        x0 -= margin;
        x1 += margin;
    }
    (x0, x1)
}

/// Where the plot of a chart `width` pixels wide starts and ends, given the room its axis labels
/// (left) and end labels (right, plus `right_pad`) ask for. The data keeps at least
/// `min_share` of the width (between 0 and 1): labels asking for more get only what is left,
/// and are shortened to it. Returns `(left, right, room for the end labels)`, with
/// `0 <= left < right <= width`.
pub(crate) fn plot_edges(
    width: i32,
    left_need: i32,
    right_need: i32,
    right_pad: i32,
    min_share: f64,
) -> (i32, i32, i32) {
    let width = width.max(2);
    let plot_min = ((width as f64 * min_share.clamp(0.0, 1.0)) as i32).clamp(1, width);
    let left = left_need.clamp(0, (width / 4).max(0));
    let right_room = right_need.clamp(0, (width - left - right_pad.max(0) - plot_min).max(0));
    let right = (width - right_room - right_pad.max(0)).clamp(left + 1, width);
    (left, right, right_room)
}

/// Which labels of a row (spans in any order of width, sorted by position) can be shown without
/// overlapping, at least `gap` apart; the last one is always kept.
pub(crate) fn thin_labels(spans: &[(i32, i32)], gap: i32) -> Vec<bool> {
    let mut keep = vec![false; spans.len()];
    if let Some(last) = spans.len().checked_sub(1) {
        keep[last] = true;
        let limit = spans[last].0.saturating_sub(gap);
        let mut next_left = i32::MIN;
        for (i, (left, right)) in spans.iter().enumerate().take(last) {
            if *left > next_left && *right < limit {
                keep[i] = true;
                next_left = right.saturating_add(gap);
            }
        }
    }
    keep
}

/// Moves labels wanted at `wanted` (any order) so that, in that order sorted from top to bottom,
/// neighbours are at least `gap` apart and all lie within `lo..=hi`. When there is not room
/// for all of them at `gap`, they share the room evenly.
pub(crate) fn spread(wanted: &[i32], gap: i32, lo: i32, hi: i32) -> Vec<i32> {
    let hi = hi.max(lo);
    let n = wanted.len();
    if n == 0 {
        return Vec::new();
    }
    let room = (hi as i64 - lo as i64) / (n as i64 - 1).max(1);
    let gap = (gap.max(0) as i64).min(room) as i32;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| wanted[i]);
    let mut placed = vec![0; n];
    let mut previous: Option<i32> = None;
    for &i in &order {
        let y = wanted[i].clamp(lo, hi);
        let y = previous.map_or(y, |p| y.max(p.saturating_add(gap)));
        placed[i] = y;
        previous = Some(y);
    }
    // Pushed past the bottom: move the lowest ones back up, keeping the gaps.
    let mut next: Option<i32> = None;
    for &i in order.iter().rev() {
        let limit = next.map_or(hi, |n| n.saturating_sub(gap));
        placed[i] = placed[i].min(limit).max(lo);
        next = Some(placed[i]);
    }
    placed
}

/// Where a text `w` pixels wide, centred and wanted at `x`, lies within `0..=width`; `None`
/// when it is wider than the canvas.
pub(crate) fn center_inside(x: i32, w: i32, width: i32) -> Option<i32> {
    if !(0..=width).contains(&w) {
        return None;
    }
    Some(x.clamp(w / 2, width - (w - w / 2)))
}

/// The length of a bar for `value` on a scale where `max` fills `span` pixels: at least one
/// pixel, at most `span`.
pub(crate) fn bar_length(value: f64, max: f64, span: i32) -> i32 {
    let span = span.max(1);
    let ratio = if max.is_finite() && max > 0.0 {
        value / max
    } else {
        0.0
    };
    let length = (ratio * span as f64).round();
    if length.is_nan() {
        1
    } else {
        length.clamp(1.0, span as f64) as i32
    }
}

/// Legend entries of the given widths laid out in rows `width` wide, `spacing` apart:
/// `(x, row)` of each entry that fits in `max_rows` rows, in order (entries after the last
/// row are left out).
pub(crate) fn legend_rows(
    widths: &[i32],
    width: i32,
    spacing: i32,
    max_rows: usize,
) -> Vec<(i32, usize)> {
    let mut out = Vec::new();
    let (mut x, mut row) = (0i32, 0usize);
    for &w in widths {
        let w = w.clamp(0, width.max(0));
        if x > 0 && x.saturating_add(w) > width {
            x = 0;
            row += 1;
        }
        if row >= max_rows.max(1) {
            break;
        }
        out.push((x, row));
        x = x.saturating_add(w).saturating_add(spacing);
    }
    out
}

/// Characters that belong to the one before them: combining marks (Vietnamese tones when
/// decomposed), joiners and variation selectors of emoji sequences. A label is never cut
/// before one of them.
fn continues_previous(c: char) -> bool {
    is_combining_mark(c)
        || matches!(c, '\u{200d}' | '\u{fe00}'..='\u{fe0f}' | '\u{1f3fb}'..='\u{1f3ff}')
}

/// Where a label may be cut: anywhere between letters, or only between words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    Letters,
    Words,
}

/// Byte offsets where `text` may be cut, in order, ending with its full length.
fn cut_points(text: &str, cut: Cut) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut after_joiner = false;
    let mut previous_space = true;
    for (i, c) in text.char_indices() {
        let allowed = match cut {
            Cut::Letters => !continues_previous(c) && !after_joiner,
            Cut::Words => c.is_whitespace() && !previous_space,
        };
        if i > 0 && allowed {
            cuts.push(i);
        }
        after_joiner = c == '\u{200d}';
        previous_space = c.is_whitespace();
    }
    cuts.push(text.len());
    cuts
}

/// `text`, or its longest beginning followed by an ellipsis, that `measure` finds at most
/// `max_width` pixels wide; just the ellipsis, or nothing, when even that is too wide.
///
/// Works in a number of measurements logarithmic in the length that fits, so a name of
/// 10,000 characters costs little more than a short one.
pub(crate) fn fit_to_width(text: &str, max_width: i32, measure: &dyn Fn(&str) -> i32) -> String {
    shorten(text, max_width, Cut::Letters, measure)
}

/// A text holding a figure, whole when it fits `max_width`, else cut between words (so the
/// number itself is never cut: a cut-off number reads as a different number); nothing when no
/// beginning with a digit fits. The chart's table shows every figure whole.
pub(crate) fn fit_figure(text: &str, max_width: i32, measure: &dyn Fn(&str) -> i32) -> String {
    let fitted = shorten(text, max_width, Cut::Words, measure);
    if fitted.chars().any(|c| c.is_ascii_digit()) || fitted == text {
        fitted
    } else {
        String::new()
    }
}

fn shorten(text: &str, max_width: i32, cut: Cut, measure: &dyn Fn(&str) -> i32) -> String {
    let cuts = cut_points(text, cut);
    // Grow the probe until a beginning is too wide by itself (or the whole text is measured):
    // beginnings of `too_wide` units or more never fit, with or without an ellipsis.
    let mut too_wide = cuts.len();
    let mut probe = 16usize;
    while probe < cuts.len() {
        if measure(&text[..cuts[probe - 1]]) > max_width {
            too_wide = probe;
            break;
        }
        probe = probe.saturating_mul(2);
    }
    if too_wide == cuts.len() && measure(text) <= max_width {
        return text.to_string();
    }
    // The longest beginning (in units between cut points) that fits with its ellipsis.
    let with_ellipsis = |count: usize| format!("{}{ELLIPSIS}", &text[..cuts[count - 1]]);
    let (mut lo, mut hi) = (0usize, too_wide - 1);
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if measure(&with_ellipsis(mid)) <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo > 0 {
        with_ellipsis(lo)
    } else if measure(ELLIPSIS) <= max_width {
        ELLIPSIS.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;

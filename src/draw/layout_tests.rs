//! Property tests of chart layout: a seeded generator of hostile figures and texts, and the
//! invariants every layout function keeps for all of them (no panic, finite, ordered, inside
//! the canvas, bounded work). Seeded so a failure reproduces; the seed is in the message.

use super::*;
use std::cell::Cell;

/// xorshift64*: small, deterministic, good enough to spread test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn int(&mut self, lo: i32, hi: i32) -> i32 {
        lo + self.below((hi - lo) as usize + 1) as i32
    }

    /// Figures a spreadsheet can hold and some it cannot: huge, tiny, negative, equal, NaN.
    fn figure(&mut self) -> f64 {
        const SPECIAL: [f64; 14] = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            99.2,
            123_456_789_012_345.0,
            -123_456_789_012_345.0,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        if self.below(3) == 0 {
            SPECIAL[self.below(SPECIAL.len())]
        } else {
            let sign = if self.below(4) == 0 { -1.0 } else { 1.0 };
            let mantissa = (self.next() % 1_000_000) as f64 / 1000.0;
            sign * mantissa * 10f64.powi(self.int(-20, 20))
        }
    }

    /// Texts from scripts and sequences that trip measuring and cutting code.
    fn text(&mut self, max_len: usize) -> String {
        const PIECES: [&str; 14] = [
            "a",
            "Hà Tĩnh ",
            "Thừa Thiên Huế",
            "e\u{301}\u{323}",
            "\u{301}\u{302}\u{303}",
            "👨\u{200d}👩\u{200d}👧",
            "👍🏽",
            "❤\u{fe0f}",
            "مرحبا",
            "שלום",
            "北京",
            " ",
            "1.144.762",
            "\u{200b}",
        ];
        let len = self.below(max_len + 1);
        let mut out = String::new();
        while out.chars().count() < len {
            out.push_str(PIECES[self.below(PIECES.len())]);
        }
        out
    }
}

/// Runs `check` over many seeded generators, naming the seed of a failure.
fn for_seeds(cases: u64, check: impl Fn(&mut Rng)) {
    for seed in 1..=cases {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&mut rng)));
        if let Err(payload) = result {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("seed {seed}: {message}");
        }
    }
}

/// A stand-in for the font: combining marks and joiners take no room.
fn fake_width(text: &str) -> i32 {
    text.chars()
        .map(|c| match c {
            c if continues_previous(c) || c == '\u{200b}' => 0,
            c if c.is_ascii() => 7,
            _ => 12,
        })
        .sum()
}

fn assert_ticks(ticks: &[f64], context: &str) {
    assert!(ticks.len() >= 2, "{context}: {ticks:?}");
    assert!(
        ticks.len() <= 2 * MAX_TICKS + 3,
        "{context}: {} ticks",
        ticks.len()
    );
    assert!(ticks.iter().all(|t| t.is_finite()), "{context}: {ticks:?}");
    assert!(
        ticks.windows(2).all(|w| w[1] > w[0]),
        "{context}: {ticks:?}"
    );
}

#[test]
fn ticks_are_finite_increasing_and_cover_the_figures() {
    for_seeds(3000, |rng| {
        let (a, b, count) = (rng.figure(), rng.figure(), rng.below(30));
        let ticks = nice_ticks(a, count);
        assert_ticks(&ticks, &format!("nice_ticks({a}, {count})"));
        assert_eq!(ticks[0], 0.0);
        if a.is_finite() && a > 1e-300 && a <= AXIS_LIMIT {
            assert!(*ticks.last().unwrap() >= a, "{a}: {ticks:?}");
        }
        let ticks = nice_ticks_between(a, b, count);
        assert_ticks(&ticks, &format!("nice_ticks_between({a}, {b}, {count})"));
        let (lo, hi) = (axis_value(a.min(b)), axis_value(a.max(b)));
        if !a.is_nan() && !b.is_nan() && hi - lo > hi.abs().max(lo.abs()) * 1e-9 {
            let slack = (hi - lo) * 1e-6;
            assert!(
                ticks[0] <= lo && *ticks.last().unwrap() >= hi - slack,
                "{a} {b}: {ticks:?}"
            );
        }
        let values: Vec<f64> = (0..rng.below(6)).map(|_| rng.figure()).collect();
        let (ticks, _) = value_axis(values.iter().copied(), count, rng.below(2) == 0);
        assert_ticks(&ticks, &format!("value_axis({values:?})"));
    });
}

#[test]
fn ticks_are_unchanged_for_ordinary_figures() {
    assert_eq!(
        nice_ticks(99.2, 5),
        vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    );
    assert_eq!(
        nice_ticks(1_144_762.0, 4),
        vec![0.0, 500_000.0, 1_000_000.0, 1_500_000.0]
    );
    assert_eq!(nice_ticks(0.0, 4), vec![0.0, 1.0]);
    let ticks = nice_ticks_between(905_000.0, 975_000.0, 4);
    assert_eq!(ticks[0], 900_000.0);
    assert!(*ticks.last().unwrap() >= 975_000.0);
    // Negative figures take the axis below zero; all-equal ones still get a span.
    assert_eq!(
        value_axis([-3.2, 1.0], 4, false).0,
        vec![-4.0, -2.0, 0.0, 2.0]
    );
    let (ticks, zoomed) = value_axis([5e14, 5e14], 4, true);
    assert!(zoomed && ticks.len() >= 2 && ticks[0] < 5e14 && *ticks.last().unwrap() > 5e14);
    assert_eq!(value_axis([], 4, true), (vec![0.0, 1.0], false));
}

#[test]
fn every_mapped_point_lies_in_its_frame() {
    for_seeds(3000, |rng| {
        let left = rng.int(-50, 600);
        let top = rng.int(-50, 600);
        let frame = Frame {
            left,
            right: left + rng.int(-20, 600),
            top,
            bottom: top + rng.int(-20, 600),
            x0: rng.figure(),
            x1: rng.figure(),
            y0: rng.figure(),
            y1: rng.figure(),
        };
        let (x, y) = (frame.x(rng.figure()), frame.y(rng.figure()));
        let within = |v: i32, a: i32, b: i32| a.min(b) <= v && v <= a.max(b);
        assert!(within(x, frame.left, frame.right), "{x} outside {frame:?}");
        assert!(within(y, frame.top, frame.bottom), "{y} outside {frame:?}");
    });
}

#[test]
fn plot_edges_leave_room_for_the_data() {
    for_seeds(3000, |rng| {
        let width = rng.int(-10, 2000);
        let (need_left, need_right) = (rng.int(-100, 100_000), rng.int(-100, 100_000));
        let share = rng.below(11) as f64 / 10.0;
        let (left, right, room) = plot_edges(width, need_left, need_right, 12, share);
        let canvas = width.max(2);
        assert!(
            0 <= left && left < right && right <= canvas,
            "{left} {right} {canvas}"
        );
        assert!(
            room >= 0 && right + room <= canvas,
            "{right} + {room} > {canvas}"
        );
        assert!(room <= need_right.max(0));
    });
    // Labels that fit are given what they ask for.
    assert_eq!(plot_edges(540, 60, 80, 12, 0.4), (60, 448, 80));
}

#[test]
fn kept_labels_never_overlap() {
    for_seeds(2000, |rng| {
        let mut spans: Vec<(i32, i32)> = (0..rng.below(40))
            .map(|_| {
                let left = rng.int(-100, 600);
                (left, left + rng.int(0, 200))
            })
            .collect();
        spans.sort();
        let keep = thin_labels(&spans, 10);
        assert_eq!(keep.len(), spans.len());
        assert_eq!(keep.last(), spans.last().map(|_| &true));
        let kept: Vec<&(i32, i32)> = spans
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(s, _)| s)
            .collect();
        assert!(kept.windows(2).all(|w| w[1].0 > w[0].1), "{kept:?}");
    });
}

#[test]
fn spread_labels_stay_apart_and_inside() {
    for_seeds(3000, |rng| {
        let wanted: Vec<i32> = (0..rng.below(60)).map(|_| rng.int(-1000, 1000)).collect();
        let (gap, lo) = (rng.int(-5, 40), rng.int(-50, 50));
        let hi = lo + rng.int(-10, 400);
        let placed = spread(&wanted, gap, lo, hi);
        assert_eq!(placed.len(), wanted.len());
        assert!(
            placed.iter().all(|y| lo <= *y && *y <= hi.max(lo)),
            "{placed:?}"
        );
        let mut order: Vec<usize> = (0..wanted.len()).collect();
        order.sort_by_key(|&i| wanted[i]);
        let room = (hi.max(lo) - lo) / (wanted.len() as i32 - 1).max(1);
        let gap = gap.max(0).min(room);
        assert!(
            order.windows(2).all(|w| placed[w[1]] - placed[w[0]] >= gap),
            "{wanted:?} -> {placed:?} (gap {gap})"
        );
    });
    // Labels already apart stay where they were wanted.
    assert_eq!(spread(&[40, 100, 10], 18, 9, 270), vec![40, 100, 10]);
}

#[test]
fn fitted_labels_fit_and_keep_their_beginning() {
    for_seeds(1500, |rng| {
        let max_len = if rng.below(20) == 0 { 10_000 } else { 60 };
        let text = rng.text(max_len);
        let max_width = rng.int(-20, 400);
        let calls = Cell::new(0usize);
        let measure = |t: &str| {
            calls.set(calls.get() + 1);
            fake_width(t)
        };
        let fitted = fit_to_width(&text, max_width, &measure);
        assert!(
            fitted.is_empty() || fake_width(&fitted) <= max_width,
            "{fitted:?}"
        );
        assert!(calls.get() <= 64, "{} measurements", calls.get());
        let kept = fitted.strip_suffix(ELLIPSIS).unwrap_or(&fitted);
        assert!(
            text.starts_with(kept),
            "{fitted:?} is not a beginning of {text:?}"
        );
        if let Some(next) = text[kept.len()..]
            .chars()
            .next()
            .filter(|_| !kept.is_empty())
        {
            assert!(!continues_previous(next), "cut before a mark in {fitted:?}");
        }
        if fake_width(&text) <= max_width {
            assert_eq!(fitted, text);
        }
    });
}

#[test]
fn figures_are_never_cut_inside_the_number() {
    for_seeds(1500, |rng| {
        let text = format!("{} {}", rng.text(3), rng.text(40));
        let fitted = fit_figure(&text, rng.int(-10, 300), &fake_width);
        let kept = fitted.strip_suffix(ELLIPSIS).unwrap_or(&fitted);
        assert!(text.starts_with(kept));
        assert!(
            kept.is_empty()
                || kept.len() == text.len()
                || text[kept.len()..].starts_with(char::is_whitespace),
            "{fitted:?} cuts a word of {text:?}"
        );
    });
    let measure = |t: &str| t.chars().count() as i32;
    assert_eq!(fit_figure("hơn 972.566.000.000.000", 12, &measure), "");
    assert_eq!(fit_figure("972.566.000.000.000 người", 8, &measure), "");
    assert_eq!(
        fit_figure("2.990 tỷ đồng (2022)", 15, &measure),
        "2.990 tỷ đồng…"
    );
}

#[test]
fn small_pieces_of_geometry_stay_in_bounds() {
    for_seeds(3000, |rng| {
        let span = rng.int(-10, 600);
        let length = bar_length(rng.figure(), rng.figure(), span);
        assert!(1 <= length && length <= span.max(1));
        let (x, w, width) = (rng.int(-1000, 1000), rng.int(-10, 700), rng.int(0, 600));
        if let Some(at) = center_inside(x, w, width) {
            assert!(at - w / 2 >= 0 && at + (w - w / 2) <= width);
        }
        let widths: Vec<i32> = (0..rng.below(30)).map(|_| rng.int(-5, 800)).collect();
        let max_rows = rng.below(5);
        for (x, row) in legend_rows(&widths, width, 8, max_rows) {
            assert!(x >= 0 && row < max_rows.max(1));
        }
        assert!(canvas_length(rng.figure()) <= MAX_CANVAS);
        let xs: Vec<i64> = (0..rng.below(4)).map(|_| rng.next() as i64).collect();
        let (x0, x1) = x_extent(xs);
        assert!(x0.is_finite() && x1.is_finite() && x1 - x0 >= 1.0);
        let value = clamp_ordered(rng.int(-100, 100), rng.int(-100, 100), rng.int(-100, 100));
        assert!((-100..=100).contains(&value));
    });
}

//! The look of every chart: colours (Okabe-Ito, colour-blind safe), type sizes and the font the
//! text is measured with. The font is compiled in so layout is identical on every machine.

use std::sync::Once;

use plotters::style::{FontStyle, RGBColor};

pub const FONT_FAMILY: &str = "Noto Sans";
const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// Registers the embedded font with plotters once per process.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are our own, checked by the tests; a failure here is a packaging bug.
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, BOLD);
    });
}

/// plotters writes `font-size = size / 1.24` into SVG; this gives the size in SVG pixels.
pub fn px(size: f64) -> f64 {
    size * 1.24
}

/// Text: 12.6:1 and 7:1 on white.
pub const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Gridlines and axis: light, few.
pub const GRID: RGBColor = RGBColor(0xe3, 0xe3, 0xe3);
pub const AXIS: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// The subject of a chart (Okabe-Ito blue, 5.2:1 on white).
pub const HIGHLIGHT: RGBColor = RGBColor(0x00, 0x72, 0xb2);
/// Comparison series and bars.
pub const CONTEXT: RGBColor = RGBColor(0xa6, 0xa6, 0xa6);
/// The national figure among provinces.
pub const NATIONAL: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Targets (Okabe-Ito vermillion; its text uses the darker shade for 5.9:1 contrast).
pub const TARGET: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
pub const TARGET_TEXT: RGBColor = RGBColor(0x9e, 0x3d, 0x00);
pub const TRACK: RGBColor = RGBColor(0xee, 0xee, 0xee);

/// Okabe-Ito categories for parts of a whole, in order; each passes 3:1 against white as a fill.
pub const CATEGORIES: [RGBColor; 5] = [
    RGBColor(0x00, 0x72, 0xb2),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0x00, 0x9e, 0x73),
    RGBColor(0xcc, 0x79, 0xa7),
    RGBColor(0x56, 0xb4, 0xe9),
];

/// Type sizes in SVG pixels. The narrow variant is drawn at phone width, so these are what a
/// reader sees there.
pub const LABEL: f64 = 13.0;
pub const SMALL: f64 = 12.0;
pub const VALUE: f64 = 13.5;

/// Drawing sizes: the wide variant for tablets and desktops, the narrow one for phones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Wide,
    Narrow,
}

impl Variant {
    pub fn width(self) -> u32 {
        match self {
            Variant::Wide => 540,
            Variant::Narrow => 330,
        }
    }
}

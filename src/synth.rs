//! `bulletin synth`: writes a complete, deterministic **synthetic** national site, for benchmarks,
//! demos and tests. Every figure is invented by a seeded generator; the site title, every source,
//! every note and every bulletin say so ("SYNTHETIC DATA" / "DỮ LIỆU GIẢ LẬP").
//!
//! The data obey the rules `bulletin` checks: parts never exceed their totals (totals are the sums
//! of their parts), shares are computed from their numerator and denominator, percentages lie in
//! 0-100, and each province has figures only while it existed. Provinces come from the repository's
//! own `data/regions.csv`: the 63 provinces before the 1 July 2025 merger, the 34 after it.
//! A merged province's figures are the sums of its predecessors', and the country's the sums of all
//! provinces', so the national picture is the same whichever map is shown.
//!
//! `--plain N` writes a different site instead: N plain Markdown pages of about 4 KB, with empty
//! data, to compare `bulletin` with other generators on prose alone.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The repository's real regions: the country, the 63 provinces before July 2025 and the 34 after.
const REGIONS_CSV: &str = include_str!("../data/regions.csv");

/// The last month of every synthetic series (December 2025).
const LAST_MONTH: i32 = 2025 * 12 + 11;
/// Marks a folder written by `synth`, which it may replace.
const MARKER: &str = ".bulletin-synth";

const LABEL_VI: &str = "DỮ LIỆU GIẢ LẬP";
const LABEL_EN: &str = "SYNTHETIC DATA";

/// What `bulletin synth` is asked to write.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    pub out: PathBuf,
    /// 34 (the map since July 2025), 63 (the map before) or 97 (both, each in its lifetime).
    pub provinces: u32,
    /// Years of monthly figures, ending in December 2025.
    pub years: u32,
    pub indicators: usize,
    /// Markdown files: Vietnamese and English alternately, each pair joined by a translation key.
    pub bulletins: usize,
    pub seed: u64,
    /// Write a plain Markdown corpus of this many pages instead of the national site.
    pub plain: Option<usize>,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            out: PathBuf::from("synthetic"),
            provinces: 34,
            years: 10,
            indicators: 24,
            bulletins: 200,
            seed: 1,
            plain: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct SynthSummary {
    pub regions_with_data: usize,
    pub indicators: usize,
    pub rows: usize,
    pub figures: usize,
    pub targets: usize,
    pub bulletins: usize,
    pub files: usize,
}

impl std::fmt::Display for SynthSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} regions with data, {} indicators, {} observation rows ({} figures), {} targets, {} bulletins, {} files",
            self.regions_with_data,
            self.indicators,
            self.rows,
            self.figures,
            self.targets,
            self.bulletins,
            self.files
        )
    }
}

// ----- a tiny seeded generator -----

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast and good enough for invented figures.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A generator for one purpose, independent of how many numbers other purposes drew.
fn stream(seed: u64, a: u64, b: u64, c: u64) -> SplitMix64 {
    let mut g = SplitMix64::new(seed ^ 0x5EED_0000_0000_0000);
    let x = g.next_u64() ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut g = SplitMix64::new(x);
    let y = g.next_u64() ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let mut g = SplitMix64::new(y);
    let z = g.next_u64() ^ c.wrapping_mul(0x1656_67B1_9E37_79F9);
    SplitMix64::new(z)
}

// ----- months -----

fn month_index(year: i32, month: i32) -> i32 {
    year * 12 + month - 1
}

fn month_code(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

fn year_of(m: i32) -> i32 {
    m.div_euclid(12)
}

fn month_of(m: i32) -> i32 {
    m.rem_euclid(12) + 1
}

fn parse_day(text: &str) -> Option<(i32, i32, i32)> {
    let date = crate::period::Date::parse(text).ok()?;
    Some((date.year, i32::from(date.month), i32::from(date.day)))
}

/// First whole month on or after a date.
fn first_month(text: &str) -> Option<i32> {
    let (y, m, d) = parse_day(text)?;
    Some(month_index(y, m) + i32::from(d > 1))
}

/// Last whole month on or before a date.
fn last_month(text: &str) -> Option<i32> {
    let (y, m, d) = parse_day(text)?;
    let days = i32::from(crate::period::days_in_month(y, m as u8));
    Some(month_index(y, m) - i32::from(d < days))
}

// ----- regions -----

#[derive(Debug, Clone)]
struct RegionRow {
    slug: String,
    name_vi: String,
    name_en: String,
    country: bool,
    from: Option<i32>,
    until: Option<i32>,
    successor: Option<String>,
}

fn read_regions() -> Vec<RegionRow> {
    let mut reader = csv::ReaderBuilder::new().from_reader(REGIONS_CSV.as_bytes());
    let headers = reader.headers().cloned().unwrap_or_default();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (slug, name_vi, name_en, kind, from, until, successor) = (
        col("slug"),
        col("name_vi"),
        col("name_en"),
        col("kind"),
        col("valid_from"),
        col("valid_until"),
        col("successor"),
    );
    let cell = |record: &csv::StringRecord, c: Option<usize>| -> Option<String> {
        c.and_then(|c| record.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| {
            Some(RegionRow {
                slug: cell(&r, slug)?,
                name_vi: cell(&r, name_vi)?,
                name_en: cell(&r, name_en)?,
                country: cell(&r, kind).as_deref() == Some("country"),
                from: cell(&r, from).as_deref().and_then(first_month),
                until: cell(&r, until).as_deref().and_then(last_month),
                successor: cell(&r, successor),
            })
        })
        .collect()
}

/// One region's stretch of existence, as month indexes (inclusive).
#[derive(Debug, Clone, Copy)]
struct Span {
    row: usize,
    from: i32,
    until: i32,
}

/// A province of the old map followed through renames (Thừa Thiên Huế -> Huế).
#[derive(Debug, Clone)]
struct Unit {
    spans: Vec<Span>,
    /// Still exists at the end of 2025 (the merger did not touch it).
    current: bool,
}

/// A province created by the 2025 merger, the sum of old-map units.
#[derive(Debug, Clone)]
struct Merged {
    span: Span,
    units: Vec<usize>,
}

#[derive(Debug)]
struct Map {
    rows: Vec<RegionRow>,
    country: usize,
    units: Vec<Unit>,
    merged: Vec<Merged>,
}

impl Map {
    fn new() -> Map {
        let rows = read_regions();
        let index: HashMap<&str, usize> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.slug.as_str(), i))
            .collect();
        let mut predecessors: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if let Some(s) = r.successor.as_deref().and_then(|s| index.get(s)) {
                predecessors.entry(*s).or_default().push(i);
            }
        }
        let continues = |i: usize| predecessors.get(&i).is_some_and(|p| p.len() == 1);
        let span = |i: usize| Span {
            row: i,
            from: rows[i].from.unwrap_or(i32::MIN),
            until: rows[i].until.unwrap_or(i32::MAX),
        };
        let country = rows.iter().position(|r| r.country).unwrap_or(0);
        let mut units = Vec::new();
        let mut ends: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if r.country || r.from.is_some() {
                continue;
            }
            let mut spans = vec![span(i)];
            let mut last = i;
            while let Some(&next) = rows[last].successor.as_deref().and_then(|s| index.get(s)) {
                if !continues(next) {
                    ends.entry(next).or_default().push(units.len());
                    break;
                }
                spans.push(span(next));
                last = next;
            }
            units.push(Unit {
                spans,
                current: rows[last].until.is_none(),
            });
        }
        let mut merged: Vec<Merged> = ends
            .into_iter()
            .map(|(row, units)| Merged {
                span: span(row),
                units,
            })
            .collect();
        merged.sort_by_key(|m| m.span.row);
        Map {
            rows,
            country,
            units,
            merged,
        }
    }
}

// ----- what each region's figures are made of -----

/// Quantities generated per old-map province and month; regions sum them.
mod field {
    pub const POP: usize = 0;
    pub const LF: usize = 1;
    pub const SI_COMP: usize = 2;
    pub const SI_VOL: usize = 3;
    pub const SI_TOTAL: usize = 4;
    pub const HI: usize = 5;
    pub const UI: usize = 6;
    pub const EMPLOYERS: usize = 7;
    /// Money in tenths of a billion đồng.
    pub const REV_SIC: usize = 8;
    pub const REV_SIV: usize = 9;
    pub const REV_UI: usize = 10;
    pub const REV_HI: usize = 11;
    pub const REV_TOTAL: usize = 12;
    pub const DEBT: usize = 13;
    pub const DUE: usize = 14;
    pub const PENSION: usize = 15;
    pub const HI_VISITS: usize = 16;
    pub const HI_PAY: usize = 17;
    pub const UI_BEN: usize = 18;
    pub const VSSID: usize = 19;
    pub const HI_HH: usize = 20;
    pub const HI_STU: usize = 21;
    pub const HI_STU_STATE: usize = 22;
    pub const SI_CASES: usize = 23;
    pub const OUTREACH: usize = 24;
    pub const COLLECTION: usize = 25;
    pub const FACILITIES: usize = 26;
    pub const COUNT: usize = 27;
}

/// A missing figure (VssID before it was launched).
const NONE: i64 = -1;

#[derive(Debug, Clone, Copy)]
enum Value {
    /// A whole count of a field.
    Count(usize),
    /// A field in tenths, written with one decimal.
    Tenths(usize),
    /// numerator / denominator * 100, with this many decimals.
    Share(usize, usize, usize),
}

#[derive(Debug, Clone)]
struct Spec {
    id: String,
    group: &'static str,
    name_vi: String,
    name_en: String,
    unit: &'static str,
    decimals: u8,
    higher: &'static str,
    part_of: &'static str,
    numerator: &'static str,
    denominator: &'static str,
    definition_vi: String,
    definition_en: String,
    value: Value,
}

#[allow(clippy::too_many_arguments)]
fn spec(
    id: &str,
    group: &'static str,
    name_vi: &str,
    name_en: &str,
    unit: &'static str,
    decimals: u8,
    higher: &'static str,
    (part_of, numerator, denominator): (&'static str, &'static str, &'static str),
    definition_vi: &str,
    definition_en: &str,
    value: Value,
) -> Spec {
    Spec {
        id: id.to_string(),
        group,
        name_vi: name_vi.to_string(),
        name_en: name_en.to_string(),
        unit,
        decimals,
        higher,
        part_of,
        numerator,
        denominator,
        definition_vi: format!("{definition_vi} Số liệu trên trang này là {}.", "giả lập"),
        definition_en: format!("{definition_en} The figures on this site are synthetic."),
        value,
    }
}

/// The indicators, in an order where every prefix names only indicators already listed
/// (a part after its total, a share after its numerator and denominator).
fn catalog(n: usize) -> Vec<Spec> {
    use field::*;
    use Value::*;
    const NO: (&str, &str, &str) = ("", "", "");
    let mut list = vec![
        spec(
            "population",
            "context",
            "Dân số",
            "Population",
            "persons",
            0,
            "",
            NO,
            "Dân số trung bình của địa phương, dùng làm mẫu số của tỷ lệ bao phủ BHYT.",
            "Average population, the denominator of health insurance coverage.",
            Count(POP),
        ),
        spec(
            "labour_force",
            "context",
            "Lực lượng lao động trong độ tuổi",
            "Labour force of working age",
            "persons",
            0,
            "",
            NO,
            "Số người trong độ tuổi lao động tham gia lực lượng lao động.",
            "People of working age in the labour force.",
            Count(LF),
        ),
        spec(
            "si_participants",
            "social_insurance",
            "Người tham gia BHXH",
            "Social insurance participants",
            "persons",
            0,
            "yes",
            NO,
            "Tổng số người tham gia BHXH bắt buộc và tự nguyện.",
            "People in compulsory and voluntary social insurance combined.",
            Count(SI_TOTAL),
        ),
        spec(
            "si_compulsory",
            "social_insurance",
            "Người tham gia BHXH bắt buộc",
            "Compulsory social insurance participants",
            "persons",
            0,
            "yes",
            ("si_participants", "", ""),
            "Người lao động tham gia BHXH bắt buộc qua đơn vị sử dụng lao động.",
            "Workers enrolled in compulsory social insurance through their employer.",
            Count(SI_COMP),
        ),
        spec(
            "si_voluntary",
            "social_insurance",
            "Người tham gia BHXH tự nguyện",
            "Voluntary social insurance participants",
            "persons",
            0,
            "yes",
            ("si_participants", "", ""),
            "Người tự đóng BHXH tự nguyện.",
            "People paying into voluntary social insurance on their own account.",
            Count(SI_VOL),
        ),
        spec(
            "hi_participants",
            "health_insurance",
            "Người tham gia BHYT",
            "Health insurance participants",
            "persons",
            0,
            "yes",
            NO,
            "Số người có thẻ BHYT còn giá trị sử dụng.",
            "People holding a valid health insurance card.",
            Count(HI),
        ),
        spec(
            "hi_coverage",
            "health_insurance",
            "Tỷ lệ bao phủ BHYT",
            "Health insurance coverage",
            "percent",
            1,
            "yes",
            ("", "hi_participants", "population"),
            "Tỷ lệ người tham gia BHYT so với dân số.",
            "Health insurance participants as a share of the population.",
            Share(HI, POP, 1),
        ),
        spec(
            "si_coverage",
            "social_insurance",
            "Tỷ lệ bao phủ BHXH",
            "Social insurance coverage",
            "percent",
            2,
            "yes",
            ("", "si_participants", "labour_force"),
            "Tỷ lệ người tham gia BHXH so với lực lượng lao động trong độ tuổi.",
            "Social insurance participants as a share of the labour force of working age.",
            Share(SI_TOTAL, LF, 2),
        ),
        spec(
            "ui_participants",
            "unemployment_insurance",
            "Người tham gia BHTN",
            "Unemployment insurance participants",
            "persons",
            0,
            "yes",
            NO,
            "Số người lao động tham gia bảo hiểm thất nghiệp.",
            "Workers covered by unemployment insurance.",
            Count(UI),
        ),
        spec(
            "revenue_total",
            "revenue",
            "Tổng số thu BHXH, BHYT, BHTN",
            "Contributions collected",
            "vnd_billion",
            1,
            "yes",
            NO,
            "Tổng số tiền đóng BHXH, BHYT, BHTN thu được trong tháng.",
            "Social, health and unemployment insurance contributions collected in the month.",
            Tenths(REV_TOTAL),
        ),
        spec(
            "revenue_si_compulsory",
            "revenue",
            "Số thu BHXH bắt buộc",
            "Compulsory social insurance contributions collected",
            "vnd_billion",
            1,
            "yes",
            ("revenue_total", "", ""),
            "Số tiền đóng BHXH bắt buộc thu được trong tháng.",
            "Compulsory social insurance contributions collected in the month.",
            Tenths(REV_SIC),
        ),
        spec(
            "revenue_si_voluntary",
            "revenue",
            "Số thu BHXH tự nguyện",
            "Voluntary social insurance contributions collected",
            "vnd_billion",
            1,
            "yes",
            ("revenue_total", "", ""),
            "Số tiền đóng BHXH tự nguyện thu được trong tháng.",
            "Voluntary social insurance contributions collected in the month.",
            Tenths(REV_SIV),
        ),
        spec(
            "revenue_ui",
            "revenue",
            "Số thu BHTN",
            "Unemployment insurance contributions collected",
            "vnd_billion",
            1,
            "yes",
            ("revenue_total", "", ""),
            "Số tiền đóng bảo hiểm thất nghiệp thu được trong tháng.",
            "Unemployment insurance contributions collected in the month.",
            Tenths(REV_UI),
        ),
        spec(
            "revenue_hi",
            "revenue",
            "Số thu BHYT",
            "Health insurance contributions collected",
            "vnd_billion",
            1,
            "yes",
            ("revenue_total", "", ""),
            "Số tiền đóng bảo hiểm y tế thu được trong tháng.",
            "Health insurance contributions collected in the month.",
            Tenths(REV_HI),
        ),
        spec(
            "employers",
            "social_insurance",
            "Đơn vị sử dụng lao động tham gia",
            "Employers paying in",
            "establishments",
            0,
            "yes",
            NO,
            "Số đơn vị sử dụng lao động đóng BHXH cho người lao động.",
            "Employers paying social insurance for their workers.",
            Count(EMPLOYERS),
        ),
        spec(
            "debt_ratio",
            "revenue",
            "Tỷ lệ nợ",
            "Debt ratio",
            "percent",
            2,
            "no",
            NO,
            "Số tiền còn nợ đóng, tính theo phần trăm số phải thu.",
            "Unpaid contributions as a percentage of the amount due.",
            Share(DEBT, DUE, 2),
        ),
        spec(
            "si_compulsory_coverage",
            "social_insurance",
            "Tỷ lệ bao phủ BHXH bắt buộc",
            "Compulsory social insurance coverage",
            "percent",
            2,
            "yes",
            ("si_coverage", "si_compulsory", "labour_force"),
            "Tỷ lệ người tham gia BHXH bắt buộc so với lực lượng lao động trong độ tuổi.",
            "Compulsory social insurance participants as a share of the labour force.",
            Share(SI_COMP, LF, 2),
        ),
        spec(
            "si_voluntary_coverage",
            "social_insurance",
            "Tỷ lệ bao phủ BHXH tự nguyện",
            "Voluntary social insurance coverage",
            "percent",
            2,
            "yes",
            ("si_coverage", "si_voluntary", "labour_force"),
            "Tỷ lệ người tham gia BHXH tự nguyện so với lực lượng lao động trong độ tuổi.",
            "Voluntary social insurance participants as a share of the labour force.",
            Share(SI_VOL, LF, 2),
        ),
        spec(
            "pension_recipients",
            "benefits",
            "Người hưởng lương hưu, trợ cấp BHXH hằng tháng",
            "Pension and monthly allowance recipients",
            "persons",
            0,
            "yes",
            NO,
            "Số người được chi trả lương hưu và trợ cấp BHXH hằng tháng.",
            "People paid a pension or a monthly social insurance allowance.",
            Count(PENSION),
        ),
        spec(
            "hi_visits",
            "benefits",
            "Lượt khám, chữa bệnh BHYT",
            "Health insurance medical visits",
            "count",
            0,
            "",
            NO,
            "Số lượt khám, chữa bệnh được quỹ BHYT chi trả trong tháng.",
            "Medical visits paid by the health insurance fund in the month.",
            Count(HI_VISITS),
        ),
        spec(
            "hi_payments",
            "benefits",
            "Chi phí khám, chữa bệnh BHYT",
            "Health insurance medical payments",
            "vnd_billion",
            1,
            "",
            NO,
            "Chi phí khám, chữa bệnh do quỹ BHYT chi trả trong tháng.",
            "Medical costs paid by the health insurance fund in the month.",
            Tenths(HI_PAY),
        ),
        spec(
            "ui_benefit_recipients",
            "benefits",
            "Người hưởng trợ cấp thất nghiệp",
            "Unemployment benefit recipients",
            "persons",
            0,
            "",
            NO,
            "Số người được chi trả trợ cấp thất nghiệp trong tháng.",
            "People paid unemployment benefit in the month.",
            Count(UI_BEN),
        ),
        spec(
            "vssid_users",
            "operations",
            "Người dùng ứng dụng VssID",
            "VssID app users",
            "persons",
            0,
            "yes",
            NO,
            "Số người đã đăng ký sử dụng ứng dụng VssID.",
            "People registered with the VssID app.",
            Count(VSSID),
        ),
        spec(
            "hi_household_participants",
            "health_insurance",
            "Người tham gia BHYT hộ gia đình",
            "Household health insurance participants",
            "persons",
            0,
            "yes",
            NO,
            "Số người tham gia BHYT theo hộ gia đình.",
            "People insured through household health insurance.",
            Count(HI_HH),
        ),
        spec(
            "hi_students",
            "health_insurance",
            "Học sinh, sinh viên tham gia BHYT",
            "Students with health insurance",
            "persons",
            0,
            "yes",
            NO,
            "Số học sinh, sinh viên có thẻ BHYT.",
            "Pupils and students with a health insurance card.",
            Count(HI_STU),
        ),
        spec(
            "hi_students_state_funded",
            "health_insurance",
            "Học sinh, sinh viên có thẻ BHYT do Nhà nước cấp",
            "Students with State-funded health insurance",
            "persons",
            0,
            "",
            ("hi_students", "", ""),
            "Số học sinh, sinh viên có thẻ BHYT do ngân sách nhà nước đóng.",
            "Pupils and students whose card the State pays for.",
            Count(HI_STU_STATE),
        ),
        spec(
            "si_cases_handled",
            "benefits",
            "Người được giải quyết chế độ BHXH",
            "People whose social insurance benefits were settled",
            "persons",
            0,
            "yes",
            NO,
            "Số người được giải quyết các chế độ BHXH trong tháng.",
            "People whose social insurance benefits were settled in the month.",
            Count(SI_CASES),
        ),
        spec(
            "outreach_meetings",
            "operations",
            "Hội nghị đối thoại, tuyên truyền",
            "Outreach meetings",
            "count",
            0,
            "yes",
            NO,
            "Số hội nghị tuyên truyền, đối thoại tổ chức trong tháng.",
            "Outreach and dialogue meetings held in the month.",
            Count(OUTREACH),
        ),
        spec(
            "collection_points",
            "operations",
            "Điểm thu BHXH, BHYT",
            "Contribution collection points",
            "count",
            0,
            "yes",
            NO,
            "Số điểm thu BHXH, BHYT của các tổ chức dịch vụ.",
            "Collection points run by service organisations.",
            Count(COLLECTION),
        ),
        spec(
            "hi_contracted_facilities",
            "operations",
            "Cơ sở khám, chữa bệnh ký hợp đồng BHYT",
            "Health facilities under health insurance contract",
            "establishments",
            0,
            "yes",
            NO,
            "Số cơ sở khám, chữa bệnh có hợp đồng với cơ quan BHXH.",
            "Health facilities with a health insurance contract.",
            Count(FACILITIES),
        ),
    ];
    let base = list.len();
    for k in 0..n.saturating_sub(base) {
        let i = k + 1;
        list.push(spec(
            &format!("synthetic_metric_{i:02}"),
            "operations",
            &format!("Chỉ tiêu giả lập số {i}"),
            &format!("Synthetic metric {i}"),
            "count",
            0,
            "yes",
            NO,
            "Một chỉ tiêu đếm được tạo thêm để thử nghiệm quy mô.",
            "An extra count added to test scale.",
            Count(field::COUNT + k),
        ));
    }
    list.truncate(n);
    list
}

/// Targets are set for these stocks, when the site has them.
const TARGET_INDICATORS: &[&str] = &[
    "si_participants",
    "si_compulsory",
    "hi_participants",
    "hi_coverage",
    "ui_participants",
];

/// A province's character, drawn once from the seed.
#[derive(Debug, Clone)]
struct Profile {
    pop0: f64,
    growth: f64,
    lf_share: f64,
    comp0: f64,
    comp_growth: f64,
    vol0: f64,
    vol_growth: f64,
    hi0: f64,
    hi_growth: f64,
    wage0: f64,
    ui_share: f64,
    firm_size: f64,
    debt: f64,
    pension: f64,
    visits: f64,
    cost: f64,
    household: f64,
    students: f64,
    state_students: f64,
    extras: Vec<f64>,
}

impl Profile {
    fn draw(seed: u64, unit: usize, slug: &str, extras: usize) -> Profile {
        let mut g = stream(seed, 1, unit as u64, 0);
        let big = match slug {
            "ho-chi-minh" => Some(8.9e6),
            "ha-noi" => Some(8.1e6),
            _ => None,
        };
        let industrial = g.unit();
        Profile {
            pop0: big.unwrap_or_else(|| 3.2e5 + 2.6e6 * g.unit().powi(2)),
            growth: g.range(0.003, 0.022),
            lf_share: g.range(0.50, 0.62),
            comp0: 0.06 + 0.36 * industrial.powi(2) + if big.is_some() { 0.15 } else { 0.0 },
            comp_growth: g.range(0.002, 0.010),
            vol0: g.range(0.004, 0.02),
            vol_growth: g.range(0.001, 0.005),
            hi0: g.range(0.78, 0.89),
            hi_growth: g.range(0.003, 0.012),
            wage0: g.range(4.5e6, 6.5e6) * (1.0 + 0.4 * industrial),
            ui_share: g.range(0.80, 0.93),
            firm_size: g.range(14.0, 40.0),
            debt: g.range(0.006, 0.05),
            pension: g.range(0.012, 0.04),
            visits: g.range(0.10, 0.20),
            cost: g.range(4.5e5, 8.5e5),
            household: g.range(0.12, 0.30),
            students: g.range(0.17, 0.23),
            state_students: g.range(0.04, 0.14),
            extras: (0..extras).map(|_| g.range(0.0005, 0.02)).collect(),
        }
    }

    /// The quantities of one month. Totals are the sums of their parts by construction.
    fn month(&self, seed: u64, unit: usize, m: i32) -> Vec<i64> {
        use field::*;
        let mut g = stream(seed, 2, unit as u64, m as u64);
        let t = f64::from(m - month_index(2015, 1)) / 12.0;
        let mut noise = |spread: f64| 1.0 + g.range(-spread, spread);
        let month = month_of(m);
        // Collections peak in December, when offices chase the year's targets.
        let season = match month {
            12 => 1.35,
            1 | 2 => 0.85,
            _ => 1.0,
        };
        let mut v = vec![0i64; COUNT + self.extras.len()];
        let pop = self.pop0 * (1.0 + self.growth).powf(t) * noise(0.0005);
        let lf = pop * self.lf_share * noise(0.002);
        let comp = (lf * (self.comp0 + self.comp_growth * t).min(0.8) * noise(0.004)).round();
        let vol = (lf * (self.vol0 + self.vol_growth * t).min(0.12) * noise(0.01)).round();
        let hi_rate = (self.hi0 + self.hi_growth * t).min(0.975) * noise(0.003);
        v[POP] = pop.round() as i64;
        v[LF] = lf.round() as i64;
        v[SI_COMP] = comp as i64;
        v[SI_VOL] = vol as i64;
        v[SI_TOTAL] = v[SI_COMP] + v[SI_VOL];
        v[HI] = ((pop * hi_rate).round() as i64).min(v[POP]);
        v[UI] = (comp * self.ui_share * noise(0.005)).round() as i64;
        v[EMPLOYERS] = (comp / self.firm_size * noise(0.01)).round().max(1.0) as i64;
        let wage = self.wage0 * 1.06f64.powf(t);
        // Money: persons x đồng per month, in tenths of a billion (1e8 đồng).
        let tenths = |x: f64| (x / 1e8).round().max(0.0) as i64;
        v[REV_SIC] = tenths(comp * wage * 0.25 * season * noise(0.06));
        v[REV_SIV] = tenths(vol * 1.5e6 * 1.05f64.powf(t) * 0.22 * season * noise(0.1));
        v[REV_UI] = tenths(v[UI] as f64 * wage * 0.02 * season * noise(0.06));
        v[REV_HI] = tenths(v[HI] as f64 * 7.0e4 * 1.04f64.powf(t) * season * noise(0.06));
        v[REV_TOTAL] = v[REV_SIC] + v[REV_SIV] + v[REV_UI] + v[REV_HI];
        v[DEBT] = (v[REV_TOTAL] as f64 * self.debt * noise(0.3)).round() as i64;
        v[DUE] = v[REV_TOTAL] + v[DEBT];
        v[PENSION] = (pop * self.pension * (1.0 + 0.02 * t) * noise(0.002)).round() as i64;
        let visits = pop * self.visits * noise(0.08) * if month == 2 { 0.8 } else { 1.0 };
        v[HI_VISITS] = visits.round() as i64;
        v[HI_PAY] = tenths(visits * self.cost * 1.07f64.powf(t) * noise(0.05));
        v[UI_BEN] = (v[UI] as f64 * 0.008 * noise(0.25)).round() as i64;
        // The VssID app was launched in mid-2020.
        v[VSSID] = if m < month_index(2020, 6) {
            NONE
        } else {
            let years = f64::from(m - month_index(2020, 6)) / 12.0;
            let share = (0.08 + 0.22 * years).min(0.9);
            ((v[SI_TOTAL] + v[HI]) as f64 * 0.6 * share)
                .round()
                .min(pop) as i64
        };
        v[HI_HH] = (v[HI] as f64 * self.household * noise(0.01)).round() as i64;
        v[HI_STU] = (pop * self.students * noise(0.01)).round() as i64;
        v[HI_STU_STATE] = (v[HI_STU] as f64 * self.state_students * noise(0.02)).round() as i64;
        v[SI_CASES] = (pop * 0.004 * noise(0.2)).round() as i64;
        v[OUTREACH] = (pop / 6.0e4 * noise(0.5)).round().max(1.0) as i64;
        v[COLLECTION] = (pop / 1.6e3 * (1.0 + 0.01 * t)).round() as i64;
        v[FACILITIES] = (pop / 1.1e4 * (1.0 + 0.01 * t)).round().max(1.0) as i64;
        for (k, share) in self.extras.iter().enumerate() {
            v[COUNT + k] = (pop * share * (1.0 + 0.05 * t) * noise(0.05)).round() as i64;
        }
        v
    }
}

fn add_into(total: &mut [i64], part: &[i64]) {
    for (t, p) in total.iter_mut().zip(part) {
        *t = if *t == NONE || *p == NONE {
            NONE
        } else {
            *t + *p
        };
    }
}

fn cell(value: Value, v: &[i64]) -> Option<String> {
    match value {
        Value::Count(f) => (v[f] != NONE).then(|| v[f].to_string()),
        Value::Tenths(f) => (v[f] != NONE).then(|| format!("{}.{}", v[f] / 10, v[f] % 10)),
        Value::Share(n, d, decimals) => {
            if v[n] == NONE || v[d] <= 0 {
                return None;
            }
            let share = v[n] as f64 / v[d] as f64 * 100.0;
            Some(format!("{share:.decimals$}"))
        }
    }
}

// ----- the site -----

/// A region with figures, and which old-map provinces its figures add up.
#[derive(Debug, Clone)]
struct Subject {
    span: Span,
    units: Vec<usize>,
}

/// Writes the site. Refuses a non-empty folder that `synth` did not make.
pub fn synthesize(options: &SynthOptions) -> io::Result<SynthSummary> {
    let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
    if options.plain.is_none() {
        if ![34, 63, 97].contains(&options.provinces) {
            return Err(invalid(format!(
                "--provinces must be 34, 63 or 97, not {}",
                options.provinces
            )));
        }
        if !(1..=50).contains(&options.years) {
            return Err(invalid("--years must be from 1 to 50".into()));
        }
        if options.indicators < 6 {
            return Err(invalid(
                "--indicators must be 6 or more (the bulletins need participants, their parts and population)".into(),
            ));
        }
    }
    prepare_folder(&options.out)?;
    match options.plain {
        Some(pages) => write_plain(options, pages),
        None => write_national(options),
    }
}

fn prepare_folder(out: &Path) -> io::Result<()> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out)?;
        if entries.next().is_some() {
            if !out.join(MARKER).exists() {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!(
                        "{} is not empty and was not made by `bulletin synth`; choose a new folder",
                        out.display()
                    ),
                ));
            }
            std::fs::remove_dir_all(out)?;
        }
    }
    std::fs::create_dir_all(out)?;
    std::fs::write(
        out.join(MARKER),
        "written by `bulletin synth`: synthetic data, may be replaced\n",
    )
}

struct Writer<'a> {
    out: &'a Path,
    files: usize,
}

impl Writer<'_> {
    fn write(&mut self, relative: &str, contents: impl AsRef<[u8]>) -> io::Result<()> {
        let path = self.out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, contents)?;
        self.files += 1;
        Ok(())
    }
}

fn csv_bytes(rows: &[Vec<String>]) -> io::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).map_err(io::Error::other)?;
    }
    writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))
}

fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn config_toml(title_vi: &str, title_en: &str, about: (&str, &str), headline: &[&str]) -> String {
    let list = headline
        .iter()
        .map(|h| toml_string(h))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "# {LABEL_EN} / {LABEL_VI}: written by `bulletin synth`. No figure on this site is real.\n\
         base_url = \"https://synthetic.example.invalid/\"\n\
         default_language = \"vi\"\n\
         languages = [\"vi\", \"en\"]\n\
         headline_indicators = [{list}]\n\n\
         [title]\nvi = {}\nen = {}\n\n\
         [description]\nvi = {}\nen = {}\n\n\
         [organisation]\nname = {{ vi = {}, en = {} }}\n",
        toml_string(title_vi),
        toml_string(title_en),
        toml_string(about.0),
        toml_string(about.1),
        toml_string(&format!("bulletin synth – {LABEL_VI}")),
        toml_string(&format!("bulletin synth – {LABEL_EN}")),
    )
}

fn write_national(options: &SynthOptions) -> io::Result<SynthSummary> {
    let map = Map::new();
    let seed = options.seed;
    let first = month_index(2025 - options.years as i32 + 1, 1);
    let months: Vec<i32> = (first..=LAST_MONTH).collect();
    let specs = catalog(options.indicators);
    let extras = specs
        .iter()
        .filter(|s| matches!(s.value, Value::Count(f) if f >= field::COUNT))
        .count();
    let profiles: Vec<Profile> = map
        .units
        .iter()
        .enumerate()
        .map(|(u, unit)| Profile::draw(seed, u, &map.rows[unit.spans[0].row].slug, extras))
        .collect();
    // Every old-map province's quantities, month by month.
    let latent: Vec<Vec<Vec<i64>>> = profiles
        .iter()
        .enumerate()
        .map(|(u, p)| months.iter().map(|m| p.month(seed, u, *m)).collect())
        .collect();

    // Who has figures: the chosen map(s), each region within its lifetime, and the country.
    let mut subjects = Vec::new();
    let old_map = options.provinces != 34;
    let new_map = options.provinces != 63;
    for (u, unit) in map.units.iter().enumerate() {
        if old_map || (new_map && unit.current) {
            subjects.extend(unit.spans.iter().map(|s| Subject {
                span: *s,
                units: vec![u],
            }));
        }
    }
    if new_map {
        subjects.extend(map.merged.iter().map(|m| Subject {
            span: m.span,
            units: m.units.clone(),
        }));
    }
    for s in &mut subjects {
        s.span.from = s.span.from.max(first);
        s.span.until = s.span.until.min(LAST_MONTH);
    }
    subjects.retain(|s| s.span.from <= s.span.until);
    subjects.sort_by_key(|s| s.span.row);
    let country = Subject {
        span: Span {
            row: map.country,
            from: first,
            until: LAST_MONTH,
        },
        units: (0..map.units.len()).collect(),
    };
    let values = |subject: &Subject, m: i32| -> Vec<i64> {
        let i = (m - first) as usize;
        let mut total = latent[subject.units[0]][i].clone();
        for u in &subject.units[1..] {
            add_into(&mut total, &latent[*u][i]);
        }
        total
    };

    let mut w = Writer {
        out: &options.out,
        files: 0,
    };
    let mut summary = SynthSummary {
        indicators: specs.len(),
        regions_with_data: subjects.len() + 1,
        ..Default::default()
    };
    let map_vi = match options.provinces {
        34 => "34 tỉnh, thành phố sau sáp nhập",
        63 => "63 tỉnh, thành phố trước sáp nhập",
        _ => "63 tỉnh trước và 34 tỉnh sau sáp nhập",
    };
    let map_en = match options.provinces {
        34 => "the 34 provinces since the 2025 merger",
        63 => "the 63 provinces before the 2025 merger",
        _ => "the 63 provinces before and the 34 after the 2025 merger",
    };
    let ids: BTreeSet<&str> = specs.iter().map(|s| s.id.as_str()).collect();
    let headline: Vec<&str> = [
        "hi_coverage",
        "hi_participants",
        "si_participants",
        "si_compulsory",
    ]
    .into_iter()
    .filter(|h| ids.contains(h))
    .collect();
    w.write(
        "bulletin.toml",
        config_toml(
            &format!("{LABEL_VI} – Bản tin an sinh xã hội ({map_vi})"),
            &format!("{LABEL_EN} – Social Security Bulletin ({map_en})"),
            (
                &format!("{LABEL_VI}: mọi số liệu trên trang này do máy tạo ngẫu nhiên (bulletin synth, seed {seed}) để thử nghiệm; không phải số liệu thật của BHXH Việt Nam."),
                &format!("{LABEL_EN}: every figure on this site was generated at random (bulletin synth, seed {seed}) for testing; none is a real Vietnam Social Security figure."),
            ),
            &headline,
        ),
    )?;
    w.write(
        "README.md",
        format!(
            "# {LABEL_EN} / {LABEL_VI}\n\nThis site was written by `bulletin synth --provinces {} --years {} --indicators {} --bulletins {} --seed {seed}`.\n\
             Every figure, target and bulletin is invented. Regions are the real ones (data/regions.csv of the bulletin repository).\n\n\
             Build it with `bulletin build --root <this folder>`.\n",
            options.provinces, options.years, options.indicators, options.bulletins
        ),
    )?;
    w.write("data/regions.csv", REGIONS_CSV)?;

    let mut indicator_rows = vec![crate::load::data::INDICATOR_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()];
    for s in &specs {
        indicator_rows.push(vec![
            s.id.clone(),
            s.group.to_string(),
            s.name_vi.clone(),
            s.name_en.clone(),
            s.unit.to_string(),
            s.decimals.to_string(),
            s.higher.to_string(),
            s.part_of.to_string(),
            s.numerator.to_string(),
            s.denominator.to_string(),
            s.definition_vi.clone(),
            s.definition_en.clone(),
        ]);
    }
    w.write("data/indicators.csv", csv_bytes(&indicator_rows)?)?;

    // Observations: one sheet per year, one row per region and month.
    let mut header: Vec<String> = vec!["region".into(), "period".into()];
    header.extend(specs.iter().map(|s| s.id.clone()));
    header.extend(["source", "source_date", "note_vi", "note_en"].map(str::to_string));
    let note_vi = format!("{LABEL_VI}: số liệu do máy tạo, không phải số liệu thật");
    let note_en = format!("{LABEL_EN}: a generated figure, not a real one");
    let source = |m: i32| {
        format!(
            "{LABEL_EN} / {LABEL_VI} – bulletin synth (seed {seed}), báo cáo tháng {}/{}",
            month_of(m),
            year_of(m)
        )
    };
    let source_date = |m: i32| {
        let next = m + 1;
        format!("{:04}-{:02}-15", year_of(next), month_of(next))
    };
    let everyone: Vec<&Subject> = std::iter::once(&country).chain(&subjects).collect();
    for year in year_of(first)..=year_of(LAST_MONTH) {
        let mut rows = vec![header.clone()];
        for m in months.iter().copied().filter(|m| year_of(*m) == year) {
            for subject in &everyone {
                if m < subject.span.from || m > subject.span.until {
                    continue;
                }
                let v = values(subject, m);
                let mut row = vec![map.rows[subject.span.row].slug.clone(), month_code(m)];
                for s in &specs {
                    let c = cell(s.value, &v);
                    summary.figures += usize::from(c.is_some());
                    row.push(c.unwrap_or_default());
                }
                row.extend([source(m), source_date(m), note_vi.clone(), note_en.clone()]);
                rows.push(row);
                summary.rows += 1;
            }
        }
        w.write(
            &format!("data/observations/synthetic-{year}.csv"),
            csv_bytes(&rows)?,
        )?;
    }

    // Targets: every province, every year of its life, for the stocks the site has.
    let target_specs: Vec<&Spec> = specs
        .iter()
        .filter(|s| TARGET_INDICATORS.contains(&s.id.as_str()))
        .collect();
    let mut targets: BTreeSet<(usize, &str, i32)> = BTreeSet::new();
    let mut target_rows = vec![[
        "region",
        "indicator",
        "period",
        "target",
        "source",
        "source_date",
        "note_vi",
        "note_en",
    ]
    .map(str::to_string)
    .to_vec()];
    for subject in &subjects {
        for year in year_of(subject.span.from)..=year_of(subject.span.until) {
            let last = subject.span.until.min(month_index(year, 12));
            let v = values(subject, last);
            let mut g = stream(seed, 3, subject.span.row as u64, year as u64);
            for s in &target_specs {
                let Some(actual) = cell(s.value, &v).and_then(|c| c.parse::<f64>().ok()) else {
                    continue;
                };
                let factor = g.range(0.95, 1.07);
                let target = if s.unit == "percent" {
                    format!("{:.1}", (actual * factor).min(99.5))
                } else {
                    format!("{}", ((actual * factor / 100.0).round() * 100.0).max(100.0))
                };
                targets.insert((subject.span.row, s.id.as_str(), year));
                target_rows.push(vec![
                    map.rows[subject.span.row].slug.clone(),
                    s.id.clone(),
                    year.to_string(),
                    target,
                    format!("{LABEL_EN} / {LABEL_VI} – bulletin synth (seed {seed}), chỉ tiêu giao năm {year}"),
                    format!("{year:04}-01-15"),
                    format!("{LABEL_VI}: chỉ tiêu giả lập"),
                    format!("{LABEL_EN}: an invented target"),
                ]);
                summary.targets += 1;
            }
        }
    }
    w.write("data/targets.csv", csv_bytes(&target_rows)?)?;

    // Bulletins: pairs of translations about one province and month.
    let eligible: Vec<(usize, i32)> = subjects
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            // Some history before the bulletin's month, so that its charts have a line to draw.
            let history = ((s.span.until - s.span.from) / 2).clamp(1, 6);
            (s.span.from + history..=s.span.until).map(move |m| (i, m))
        })
        .collect();
    if options.bulletins > 0 && eligible.is_empty() {
        return Err(invalid_input(
            "no province has two months of figures to write a bulletin about; add --years",
        ));
    }
    let context = BulletinContext {
        map: &map,
        ids: &ids,
        targets: &targets,
        seed,
    };
    for pair in 0..options.bulletins.div_ceil(2) {
        let mut g = stream(seed, 4, pair as u64, 0);
        let (subject, month) = eligible[g.below(eligible.len())];
        let span = subjects[subject].span;
        let slug = format!(
            "{}-{}-{:05}",
            month_code(month),
            map.rows[span.row].slug,
            pair + 1
        );
        for (k, lang) in ["vi", "en"].into_iter().enumerate() {
            if pair * 2 + k >= options.bulletins {
                break;
            }
            let mut g = stream(seed, 5, pair as u64, 0);
            let text = context.bulletin(&slug, lang, span, month, pair, &mut g);
            w.write(&format!("content/bulletins/{slug}.{lang}.md"), text)?;
            summary.bulletins += 1;
        }
    }
    summary.files = w.files;
    Ok(summary)
}

fn invalid_input(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_string())
}

struct BulletinContext<'a> {
    map: &'a Map,
    ids: &'a BTreeSet<&'a str>,
    targets: &'a BTreeSet<(usize, &'a str, i32)>,
    seed: u64,
}

const FILLER_VI: &[&str] = &[
    "Cơ quan BHXH tỉnh tiếp tục phối hợp với các sở, ngành rà soát đối tượng thuộc diện tham gia và đôn đốc đơn vị sử dụng lao động đóng đủ, đúng hạn.",
    "Các điểm thu tại xã, phường được hướng dẫn tư vấn trực tiếp cho người lao động tự do về quyền lợi khi tham gia BHXH tự nguyện.",
    "Việc cấp thẻ BHYT cho học sinh, sinh viên được triển khai ngay từ đầu năm học, gắn với trách nhiệm của nhà trường.",
    "Cán bộ thu được giao theo dõi từng đơn vị, định kỳ làm việc trực tiếp để xử lý nợ đóng kéo dài.",
    "Ứng dụng VssID được giới thiệu tại các hội nghị đối thoại, giúp người tham gia tự tra cứu quá trình đóng và hưởng.",
    "Công tác giám định chi phí khám, chữa bệnh BHYT được tăng cường nhằm bảo đảm quỹ được sử dụng đúng mục đích.",
    "Trong thời gian tới, cơ quan BHXH sẽ tập trung mở rộng đối tượng tham gia ở khu vực phi chính thức.",
    "Việc chi trả lương hưu, trợ cấp qua tài khoản cá nhân tiếp tục được mở rộng, rút ngắn thời gian người hưởng phải chờ.",
];

const FILLER_EN: &[&str] = &[
    "The provincial social insurance office continued to work with local departments to identify people who should be enrolled and to press employers to pay in full and on time.",
    "Collection points in communes and wards were asked to advise self-employed workers in person on the benefits of voluntary social insurance.",
    "Health insurance cards for pupils and students were issued from the start of the school year, with schools responsible for enrolment.",
    "Collection staff each follow a set of employers and visit them regularly to settle long-standing arrears.",
    "The VssID app was presented at outreach meetings so that members can check their own contribution and benefit records.",
    "Reviews of health insurance claims were stepped up to make sure the fund is spent as intended.",
    "In the coming months the office will focus on enrolling workers in the informal sector.",
    "More pensions and allowances are now paid into personal accounts, shortening the wait for recipients.",
];

impl BulletinContext<'_> {
    fn has(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    fn bulletin(
        &self,
        slug: &str,
        lang: &str,
        span: Span,
        month: i32,
        pair: usize,
        g: &mut SplitMix64,
    ) -> String {
        let vi = lang == "vi";
        let row = &self.map.rows[span.row];
        let name = if vi { &row.name_vi } else { &row.name_en };
        let cur = month_code(month);
        let year = year_of(month);
        let prev_m = if month - 12 >= span.from {
            month - 12
        } else {
            span.from
        };
        let prev = month_code(prev_m);
        let from = month_code((month - 11).max(span.from));
        let shown = crate::period::Period::Month(year, month_of(month) as u8);
        let period_vi = crate::locale::format_period(&shown, crate::locale::Lang::Vi);
        let period_en = crate::locale::format_period(&shown, crate::locale::Lang::En);
        let date = month + 1;
        let mut t = String::with_capacity(4096);
        let title = if vi {
            format!("[{LABEL_VI}] {name}: tình hình tham gia bảo hiểm {period_vi}")
        } else {
            format!("[{LABEL_EN}] {name}: insurance enrolment in {period_en}")
        };
        let summary = if vi {
            format!("Bản tin giả lập về {name}, {period_vi}. Mọi số liệu đều do máy tạo để thử nghiệm, không phải số liệu thật.")
        } else {
            format!("A synthetic bulletin about {name}, {period_en}. Every figure was generated for testing; none is real.")
        };
        let tags = if vi {
            "[\"dữ liệu giả lập\", \"bảo hiểm xã hội\", \"bảo hiểm y tế\"]"
        } else {
            "[\"synthetic data\", \"social insurance\", \"health insurance\"]"
        };
        let _ = write!(
            t,
            "+++\ntitle = {}\ndate = {:04}-{:02}-{:02}\nsummary = {}\nregions = [\"{}\"]\nperiod = \"{cur}\"\nlanguage = \"{lang}\"\ntranslation = \"{slug}\"\ntags = {tags}\n+++\n\n",
            toml_string(&title),
            year_of(date),
            month_of(date),
            5 + g.below(20),
            toml_string(&summary),
            row.slug,
        );
        if vi {
            let _ = writeln!(t, "> **{LABEL_VI}.** Bản tin này do lệnh `bulletin synth` (seed {}) tạo ra để thử nghiệm; mọi con số, chỉ tiêu và nhận định đều là giả lập.\n", self.seed);
        } else {
            let _ = writeln!(t, "> **{LABEL_EN}.** This bulletin was written by `bulletin synth` (seed {}) for testing; every figure, target and statement in it is invented.\n", self.seed);
        }

        // Social insurance: the total, its parts and the change over the year.
        if vi {
            let _ = writeln!(t, "## Bảo hiểm xã hội\n\nĐến hết {{{{ period() }}}}, {{{{ region() }}}} có {{{{ value(indicator=\"si_participants\") }}}} người tham gia BHXH, gồm {{{{ value(indicator=\"si_compulsory\") }}}} người tham gia bắt buộc và {{{{ value(indicator=\"si_voluntary\") }}}} người tham gia tự nguyện; so với {{{{ period(period=\"{prev}\") }}}}, số người tham gia {{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\") }}}} người ({{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\", relative=true) }}}}).\n");
        } else {
            let _ = writeln!(t, "## Social insurance\n\nAt the end of {{{{ period() }}}}, {{{{ region() }}}} had {{{{ value(indicator=\"si_participants\") }}}} social insurance participants: {{{{ value(indicator=\"si_compulsory\") }}}} in the compulsory scheme and {{{{ value(indicator=\"si_voluntary\") }}}} in the voluntary one. Since {{{{ period(period=\"{prev}\") }}}} the number is {{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\") }}}} ({{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\", relative=true) }}}}).\n");
        }
        if self.has("si_coverage") {
            if vi {
                let _ = writeln!(t, "Tỷ lệ bao phủ BHXH đạt {{{{ value(indicator=\"si_coverage\") }}}} lực lượng lao động, so với {{{{ value(indicator=\"si_coverage\", region=\"viet-nam\") }}}} của cả nước.\n");
            } else {
                let _ = writeln!(t, "Social insurance covered {{{{ value(indicator=\"si_coverage\") }}}} of the labour force, against {{{{ value(indicator=\"si_coverage\", region=\"viet-nam\") }}}} nationally.\n");
            }
        }
        let _ = writeln!(
            t,
            "{{{{ chart(type=\"line\", indicator=\"si_participants\", from=\"{from}\", to=\"{cur}\") }}}}\n"
        );
        let _ = writeln!(
            t,
            "{}\n",
            if vi {
                g.pick(FILLER_VI)
            } else {
                g.pick(FILLER_EN)
            }
        );

        // Health insurance.
        if vi {
            let _ = write!(t, "## Bảo hiểm y tế\n\nSố người có thẻ BHYT là {{{{ value(indicator=\"hi_participants\") }}}}, {{{{ change(indicator=\"hi_participants\", from=\"{prev}\", to=\"{cur}\") }}}} người so với {{{{ period(period=\"{prev}\") }}}}");
        } else {
            let _ = write!(t, "## Health insurance\n\n{{{{ value(indicator=\"hi_participants\") }}}} people held a health insurance card, {{{{ change(indicator=\"hi_participants\", from=\"{prev}\", to=\"{cur}\") }}}} on {{{{ period(period=\"{prev}\") }}}}");
        }
        if self.has("hi_coverage") {
            if vi {
                let _ = write!(t, "; tỷ lệ bao phủ đạt {{{{ value(indicator=\"hi_coverage\") }}}} dân số (cả nước: {{{{ value(indicator=\"hi_coverage\", region=\"viet-nam\") }}}})");
            } else {
                let _ = write!(t, "; coverage reached {{{{ value(indicator=\"hi_coverage\") }}}} of the population (nationally: {{{{ value(indicator=\"hi_coverage\", region=\"viet-nam\") }}}})");
            }
        }
        t.push_str(".\n\n");
        let _ = writeln!(
            t,
            "{}\n",
            if vi {
                g.pick(FILLER_VI)
            } else {
                g.pick(FILLER_EN)
            }
        );

        // Collections, when the site has them.
        if self.has("revenue_hi") {
            if vi {
                let _ = writeln!(t, "## Thu BHXH, BHYT, BHTN\n\nTrong {{{{ period() }}}}, cơ quan BHXH thu được {{{{ value(indicator=\"revenue_total\") }}}}, trong đó BHXH bắt buộc {{{{ value(indicator=\"revenue_si_compulsory\") }}}}, BHYT {{{{ value(indicator=\"revenue_hi\") }}}}.\n");
            } else {
                let _ = writeln!(t, "## Contributions\n\nIn {{{{ period() }}}} the office collected {{{{ value(indicator=\"revenue_total\") }}}}, of which {{{{ value(indicator=\"revenue_si_compulsory\") }}}} in compulsory social insurance and {{{{ value(indicator=\"revenue_hi\") }}}} in health insurance.\n");
            }
        }

        // A second chart, in turn: ranking, composition, progress, or a comparison with the country.
        let target = TARGET_INDICATORS
            .iter()
            .find(|id| self.targets.contains(&(span.row, **id, year)));
        match (pair % 4, target) {
            (0, _) => {
                let ind = if self.has("hi_coverage") {
                    "hi_coverage"
                } else {
                    "si_participants"
                };
                if vi {
                    let _ = writeln!(t, "So với các địa phương khác trong {{{{ period() }}}}:\n");
                } else {
                    let _ = writeln!(t, "Compared with other provinces in {{{{ period() }}}}:\n");
                }
                let _ = writeln!(
                    t,
                    "{{{{ chart(type=\"ranking\", indicator=\"{ind}\", period=\"{cur}\") }}}}\n"
                );
            }
            (1, _) => {
                let ind = if self.has("revenue_hi") && g.below(2) == 0 {
                    "revenue_total"
                } else {
                    "si_participants"
                };
                let _ = writeln!(
                    t,
                    "{{{{ chart(type=\"composition\", indicator=\"{ind}\", from=\"{from}\", to=\"{cur}\") }}}}\n"
                );
            }
            (2, Some(ind)) => {
                if vi {
                    let _ = writeln!(t, "Chỉ tiêu năm {year} là {{{{ target(indicator=\"{ind}\", period=\"{year}\") }}}}; đến {{{{ period() }}}} đã đạt {{{{ progress(indicator=\"{ind}\", period=\"{year}\") }}}}.\n");
                } else {
                    let _ = writeln!(t, "The {year} target is {{{{ target(indicator=\"{ind}\", period=\"{year}\") }}}}; by {{{{ period() }}}}, {{{{ progress(indicator=\"{ind}\", period=\"{year}\") }}}} of it had been reached.\n");
                }
                let _ = writeln!(
                    t,
                    "{{{{ chart(type=\"progress\", indicator=\"{ind}\", period=\"{year}\") }}}}\n"
                );
            }
            _ => {
                let ind = if self.has("hi_coverage") {
                    "hi_coverage"
                } else {
                    "si_participants"
                };
                let _ = writeln!(
                    t,
                    "{{{{ chart(type=\"line\", indicator=\"{ind}\", regions=\"{}, viet-nam\", from=\"{from}\", to=\"{cur}\") }}}}\n",
                    row.slug
                );
            }
        }
        let _ = writeln!(
            t,
            "{}",
            if vi {
                g.pick(FILLER_VI)
            } else {
                g.pick(FILLER_EN)
            }
        );
        t
    }
}

// ----- the plain corpus -----

const WORDS: &[&str] = &[
    "bảo", "hiểm", "xã", "hội", "người", "lao", "động", "tham", "gia", "tỉnh", "thành", "phố",
    "chính", "sách", "quyền", "lợi", "đóng", "hưởng", "chế", "độ", "hưu", "trí", "ốm", "đau",
    "thai", "sản", "tai", "nạn", "nghề", "nghiệp", "tử", "tuất", "khám", "chữa", "bệnh", "thẻ",
    "cơ", "quan", "đơn", "vị", "doanh", "nghiệp", "hộ", "gia", "đình", "học", "sinh", "viên",
    "tuyên", "truyền", "vận", "động", "đối", "thoại", "hỗ", "trợ", "ngân", "sách", "nhà", "nước",
    "an", "sinh", "bền", "vững", "mở", "rộng", "bao", "phủ", "nông", "thôn", "miền", "núi", "ven",
    "biển", "dịch", "vụ", "công", "trực", "tuyến", "ứng", "dụng", "số", "hóa",
];

fn sentence(g: &mut SplitMix64) -> String {
    let n = 8 + g.below(10);
    let mut s = String::new();
    for i in 0..n {
        let w = *g.pick(WORDS);
        if i == 0 {
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                s.extend(c.to_uppercase());
                s.push_str(chars.as_str());
            }
        } else {
            s.push(' ');
            if g.below(25) == 0 {
                let _ = write!(s, "*{w}*");
            } else if g.below(40) == 0 {
                let _ = write!(s, "**{w}**");
            } else {
                s.push_str(w);
            }
        }
    }
    s.push('.');
    s
}

fn paragraph(g: &mut SplitMix64) -> String {
    (0..3 + g.below(3))
        .map(|_| sentence(g))
        .collect::<Vec<_>>()
        .join(" ")
}

/// About 4 KB of Markdown: headings, paragraphs, lists, a quotation and an outside link.
fn plain_body(g: &mut SplitMix64, page: usize) -> String {
    let mut t = String::with_capacity(4600);
    let _ = writeln!(
        t,
        "> {LABEL_VI} / {LABEL_EN}: văn bản ngẫu nhiên để thử hiệu năng.\n"
    );
    let mut section = 0;
    while t.len() < 3300 {
        section += 1;
        let _ = writeln!(t, "## Mục {section}\n");
        let _ = writeln!(t, "{}\n", paragraph(g));
        match section % 3 {
            1 => {
                for _ in 0..3 + g.below(3) {
                    let _ = writeln!(t, "- {}", sentence(g));
                }
                t.push('\n');
            }
            2 => {
                for i in 1..=3 {
                    let _ = writeln!(t, "{i}. {}", sentence(g));
                }
                let _ = writeln!(t, "\n> {}\n", sentence(g));
            }
            _ => {
                let _ = writeln!(
                    t,
                    "Xem thêm [tài liệu số {page}-{section}](https://example.org/tai-lieu/{page}/{section}) và `ma-{section}`.\n"
                );
            }
        }
        let _ = writeln!(t, "{}\n", paragraph(g));
    }
    t
}

fn write_plain(options: &SynthOptions, pages: usize) -> io::Result<SynthSummary> {
    let mut w = Writer {
        out: &options.out,
        files: 0,
    };
    let mut config = config_toml(
        &format!("{LABEL_VI} – kho văn bản thử nghiệm"),
        &format!("{LABEL_EN} – plain test corpus"),
        (
            "Văn bản ngẫu nhiên, không có số liệu, để đo hiệu năng.",
            "Random prose without data, for measuring performance.",
        ),
        &[],
    );
    config = config.replace("languages = [\"vi\", \"en\"]", "languages = [\"vi\"]");
    w.write("bulletin.toml", config)?;
    let region_header =
        "slug,code,name_vi,name_en,kind,parent,valid_from,valid_until,successor,aliases\n";
    w.write("data/regions.csv", region_header)?;
    w.write(
        "data/indicators.csv",
        "id,group,name_vi,name_en,unit,decimals,higher_is_better,part_of,numerator,denominator,definition_vi,definition_en\n",
    )?;
    std::fs::create_dir_all(options.out.join("data/observations"))?;
    for page in 1..=pages {
        let mut g = stream(options.seed, 6, page as u64, 0);
        let day = 1 + g.below(28);
        let month = 1 + g.below(12);
        let year = 2016 + g.below(10);
        let body = plain_body(&mut g, page);
        let text = format!(
            "+++\ntitle = \"[{LABEL_VI}] Trang thử nghiệm số {page}\"\ndate = {year:04}-{month:02}-{day:02}\nsummary = \"Văn bản ngẫu nhiên số {page}, không có số liệu.\"\nlanguage = \"vi\"\n+++\n\n{body}"
        );
        w.write(&format!("content/bulletins/page-{page:05}.vi.md"), text)?;
    }
    Ok(SynthSummary {
        bulletins: pages,
        files: w.files,
        ..Default::default()
    })
}

/// The count of each kind of region in the repository's map, for tests and messages.
pub fn map_counts() -> BTreeMap<&'static str, usize> {
    let map = Map::new();
    let mut counts = BTreeMap::new();
    counts.insert("old", map.units.len());
    counts.insert(
        "current",
        map.units.iter().filter(|u| u.current).count() + map.merged.len(),
    );
    counts.insert("merged", map.merged.len());
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_has_63_provinces_before_and_34_after_the_merger() {
        let counts = map_counts();
        assert_eq!(counts["old"], 63);
        assert_eq!(counts["current"], 34);
        assert_eq!(counts["merged"], 23);
    }

    #[test]
    fn splitmix_is_deterministic() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let u = SplitMix64::new(1).unit();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn every_prefix_of_the_catalog_is_closed() {
        let full = catalog(40);
        for n in 1..=full.len() {
            let ids: BTreeSet<&str> = full[..n].iter().map(|s| s.id.as_str()).collect();
            for s in &full[..n] {
                for link in [s.part_of, s.numerator, s.denominator] {
                    assert!(link.is_empty() || ids.contains(link), "{} -> {link}", s.id);
                }
            }
        }
    }

    fn small(dir: &Path, provinces: u32) -> SynthOptions {
        SynthOptions {
            out: dir.to_path_buf(),
            provinces,
            years: 1,
            indicators: 24,
            bulletins: 9,
            seed: 42,
            plain: None,
        }
    }

    fn read_all(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.insert(
                        p.strip_prefix(dir).unwrap().to_path_buf(),
                        std::fs::read(&p).unwrap(),
                    );
                }
            }
        }
        files
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        synthesize(&small(a.path(), 97)).unwrap();
        synthesize(&small(b.path(), 97)).unwrap();
        assert_eq!(read_all(a.path()), read_all(b.path()));
    }

    #[test]
    fn synthetic_sites_build_without_errors_or_warnings() {
        for provinces in [34, 63, 97] {
            let dir = tempfile::tempdir().unwrap();
            let summary = synthesize(&small(dir.path(), provinces)).unwrap();
            assert_eq!(summary.bulletins, 9);
            let report = crate::check(&crate::Options {
                root: dir.path().to_path_buf(),
                ..Default::default()
            })
            .unwrap_or_else(|f| panic!("{provinces}: {:#?}", f.diagnostics));
            assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
            assert!(report.charts > 0);
        }
    }

    #[test]
    fn the_plain_corpus_builds_without_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let options = SynthOptions {
            plain: Some(5),
            ..small(dir.path(), 34)
        };
        synthesize(&options).unwrap();
        let report = crate::check(&crate::Options {
            root: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
        assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
        assert_eq!(report.bulletins, 5);
    }

    #[test]
    fn a_foreign_folder_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        assert!(synthesize(&small(dir.path(), 34)).is_err());
        assert!(dir.path().join("keep.txt").exists());
    }
}

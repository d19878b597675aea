//! The bulletins of the national site: pairs of translations about one province and month, with
//! shortcodes that quote the synthetic figures and charts.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use bulletin::{format_period, Lang};

use super::catalog::TARGET_INDICATORS;
use super::months::{month_code, month_of, period, year_of};
use super::random::SplitMix64;
use super::regions::{Map, RegionRow, Span};
use super::write::toml_string;
use super::{LABEL_EN, LABEL_VI};

/// The targets written: region row, indicator and year.
pub(super) type Targets<'a> = BTreeSet<(usize, &'a str, i32)>;

/// What every bulletin of a site may refer to.
pub(super) struct BulletinContext<'a> {
    pub(super) map: &'a Map,
    pub(super) ids: &'a BTreeSet<&'a str>,
    pub(super) targets: &'a Targets<'a>,
    pub(super) seed: u64,
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

/// One bulletin being written, with the periods its shortcodes name.
struct Draft<'a> {
    ctx: &'a BulletinContext<'a>,
    vi: bool,
    row: &'a RegionRow,
    span: Span,
    pair: usize,
    year: i32,
    /// The bulletin's month, the month a year earlier (or the first with figures) and the start
    /// of its charts.
    cur: String,
    prev: String,
    from: String,
    t: String,
}

/// A filler sentence in the bulletin's language.
fn filler(vi: bool, g: &mut SplitMix64) -> &'static str {
    g.pick::<&str>(if vi { FILLER_VI } else { FILLER_EN })
}

impl BulletinContext<'_> {
    fn has(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The Markdown file of one bulletin in one language.
    pub(super) fn bulletin(
        &self,
        slug: &str,
        lang: &str,
        span: Span,
        month: i32,
        pair: usize,
        g: &mut SplitMix64,
    ) -> String {
        let mut draft = Draft::new(self, lang == "vi", span, month, pair);
        draft.front_matter(slug, lang, month, g);
        draft.social_insurance(g);
        draft.health_insurance(g);
        draft.collections();
        draft.second_chart(g);
        let (vi, t) = (draft.vi, &mut draft.t);
        let _ = writeln!(t, "{}", filler(vi, g));
        draft.t
    }
}

impl<'a> Draft<'a> {
    fn new(
        ctx: &'a BulletinContext<'a>,
        vi: bool,
        span: Span,
        month: i32,
        pair: usize,
    ) -> Draft<'a> {
        let prev_m = if month - 12 >= span.from {
            month - 12
        } else {
            span.from
        };
        Draft {
            ctx,
            vi,
            row: &ctx.map.rows[span.row],
            span,
            pair,
            year: year_of(month),
            cur: month_code(month),
            prev: month_code(prev_m),
            from: month_code((month - 11).max(span.from)),
            t: String::with_capacity(4096),
        }
    }

    /// Front matter and the notice that the bulletin is synthetic.
    fn front_matter(&mut self, slug: &str, lang: &str, month: i32, g: &mut SplitMix64) {
        let (ctx, vi, row, cur) = (self.ctx, self.vi, self.row, &self.cur);
        let t = &mut self.t;
        let name = if vi { &row.name_vi } else { &row.name_en };
        let shown = period(month);
        let period_vi = format_period(&shown, Lang::Vi);
        let period_en = format_period(&shown, Lang::En);
        let date = month + 1;
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
            let _ = writeln!(t, "> **{LABEL_VI}.** Bản tin này do lệnh `bulletin synth` (seed {}) tạo ra để thử nghiệm; mọi con số, chỉ tiêu và nhận định đều là giả lập.\n", ctx.seed);
        } else {
            let _ = writeln!(t, "> **{LABEL_EN}.** This bulletin was written by `bulletin synth` (seed {}) for testing; every figure, target and statement in it is invented.\n", ctx.seed);
        }
    }

    /// Social insurance: the total, its parts and the change over the year.
    fn social_insurance(&mut self, g: &mut SplitMix64) {
        let (ctx, vi) = (self.ctx, self.vi);
        let (cur, prev, from) = (&self.cur, &self.prev, &self.from);
        let t = &mut self.t;
        if vi {
            let _ = writeln!(t, "## Bảo hiểm xã hội\n\nĐến hết {{{{ period() }}}}, {{{{ region() }}}} có {{{{ value(indicator=\"si_participants\") }}}} người tham gia BHXH, gồm {{{{ value(indicator=\"si_compulsory\") }}}} người tham gia bắt buộc và {{{{ value(indicator=\"si_voluntary\") }}}} người tham gia tự nguyện; so với {{{{ period(period=\"{prev}\") }}}}, số người tham gia {{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\") }}}} người ({{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\", relative=true) }}}}).\n");
        } else {
            let _ = writeln!(t, "## Social insurance\n\nAt the end of {{{{ period() }}}}, {{{{ region() }}}} had {{{{ value(indicator=\"si_participants\") }}}} social insurance participants: {{{{ value(indicator=\"si_compulsory\") }}}} in the compulsory scheme and {{{{ value(indicator=\"si_voluntary\") }}}} in the voluntary one. Since {{{{ period(period=\"{prev}\") }}}} the number is {{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\") }}}} ({{{{ change(indicator=\"si_participants\", from=\"{prev}\", to=\"{cur}\", relative=true) }}}}).\n");
        }
        if ctx.has("si_coverage") {
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
        let _ = writeln!(t, "{}\n", filler(vi, g));
    }

    fn health_insurance(&mut self, g: &mut SplitMix64) {
        let (ctx, vi) = (self.ctx, self.vi);
        let (cur, prev) = (&self.cur, &self.prev);
        let t = &mut self.t;
        // Health insurance.
        if vi {
            let _ = write!(t, "## Bảo hiểm y tế\n\nSố người có thẻ BHYT là {{{{ value(indicator=\"hi_participants\") }}}}, {{{{ change(indicator=\"hi_participants\", from=\"{prev}\", to=\"{cur}\") }}}} người so với {{{{ period(period=\"{prev}\") }}}}");
        } else {
            let _ = write!(t, "## Health insurance\n\n{{{{ value(indicator=\"hi_participants\") }}}} people held a health insurance card, {{{{ change(indicator=\"hi_participants\", from=\"{prev}\", to=\"{cur}\") }}}} on {{{{ period(period=\"{prev}\") }}}}");
        }
        if ctx.has("hi_coverage") {
            if vi {
                let _ = write!(t, "; tỷ lệ bao phủ đạt {{{{ value(indicator=\"hi_coverage\") }}}} dân số (cả nước: {{{{ value(indicator=\"hi_coverage\", region=\"viet-nam\") }}}})");
            } else {
                let _ = write!(t, "; coverage reached {{{{ value(indicator=\"hi_coverage\") }}}} of the population (nationally: {{{{ value(indicator=\"hi_coverage\", region=\"viet-nam\") }}}})");
            }
        }
        t.push_str(".\n\n");
        let _ = writeln!(t, "{}\n", filler(vi, g));
    }

    /// Collections, when the site has them.
    fn collections(&mut self) {
        let (ctx, vi) = (self.ctx, self.vi);
        let t = &mut self.t;
        if ctx.has("revenue_hi") {
            if vi {
                let _ = writeln!(t, "## Thu BHXH, BHYT, BHTN\n\nTrong {{{{ period() }}}}, cơ quan BHXH thu được {{{{ value(indicator=\"revenue_total\") }}}}, trong đó BHXH bắt buộc {{{{ value(indicator=\"revenue_si_compulsory\") }}}}, BHYT {{{{ value(indicator=\"revenue_hi\") }}}}.\n");
            } else {
                let _ = writeln!(t, "## Contributions\n\nIn {{{{ period() }}}} the office collected {{{{ value(indicator=\"revenue_total\") }}}}, of which {{{{ value(indicator=\"revenue_si_compulsory\") }}}} in compulsory social insurance and {{{{ value(indicator=\"revenue_hi\") }}}} in health insurance.\n");
            }
        }
    }

    /// A second chart, in turn: ranking, composition, progress, or a comparison with the country.
    fn second_chart(&mut self, g: &mut SplitMix64) {
        let (ctx, vi, row, span) = (self.ctx, self.vi, self.row, self.span);
        let (cur, from, year, pair) = (&self.cur, &self.from, self.year, self.pair);
        let t = &mut self.t;
        let target = TARGET_INDICATORS
            .iter()
            .find(|id| ctx.targets.contains(&(span.row, **id, year)));
        match (pair % 4, target) {
            (0, _) => {
                let ind = if ctx.has("hi_coverage") {
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
                let ind = if ctx.has("revenue_hi") && g.below(2) == 0 {
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
                let ind = if ctx.has("hi_coverage") {
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
    }
}

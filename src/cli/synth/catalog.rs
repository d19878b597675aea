//! The indicators of the synthetic site: what each one is, and which generated quantity its
//! figures are made of.

/// Quantities generated per old-map province and month; regions sum them.
pub(super) mod field {
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

/// No `part_of`, `numerator` or `denominator`.
const NO_LINKS: (&str, &str, &str) = ("", "", "");

/// A missing figure (VssID before it was launched).
pub(super) const NONE: i64 = -1;

#[derive(Debug, Clone, Copy)]
pub(super) enum Value {
    /// A whole count of a field.
    Count(usize),
    /// A field in tenths, written with one decimal.
    Tenths(usize),
    /// numerator / denominator * 100, with this many decimals.
    Share(usize, usize, usize),
}

#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub(super) id: String,
    pub(super) group: &'static str,
    pub(super) name_vi: String,
    pub(super) name_en: String,
    pub(super) unit: &'static str,
    pub(super) decimals: u8,
    pub(super) higher: &'static str,
    pub(super) part_of: &'static str,
    pub(super) numerator: &'static str,
    pub(super) denominator: &'static str,
    pub(super) definition_vi: String,
    pub(super) definition_en: String,
    pub(super) value: Value,
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
pub(super) fn catalog(n: usize) -> Vec<Spec> {
    let mut list = participants();
    list.extend(coverage_and_collections());
    list.extend(collections_and_employers());
    list.extend(benefits());
    list.extend(operations());
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
            NO_LINKS,
            "Một chỉ tiêu đếm được tạo thêm để thử nghiệm quy mô.",
            "An extra count added to test scale.",
            Value::Count(field::COUNT + k),
        ));
    }
    list.truncate(n);
    list
}

/// Targets are set for these stocks, when the site has them.
pub(super) const TARGET_INDICATORS: &[&str] = &[
    "si_participants",
    "si_compulsory",
    "hi_participants",
    "hi_coverage",
    "ui_participants",
];

/// People in the schemes, and the population and labour force they are measured against.
fn participants() -> Vec<Spec> {
    use field::{HI, LF, POP, SI_COMP, SI_TOTAL, SI_VOL};
    use Value::Count;
    vec![
        spec(
            "population",
            "context",
            "Dân số",
            "Population",
            "persons",
            0,
            "",
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
            "Số người có thẻ BHYT còn giá trị sử dụng.",
            "People holding a valid health insurance card.",
            Count(HI),
        ),
    ]
}

/// Coverage rates, unemployment insurance and the first contributions collected.
fn coverage_and_collections() -> Vec<Spec> {
    use field::{HI, LF, POP, REV_SIC, REV_SIV, REV_TOTAL, SI_TOTAL, UI};
    use Value::{Count, Share, Tenths};
    vec![
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
            NO_LINKS,
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
            NO_LINKS,
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
    ]
}

/// The other contributions, employers, arrears and coverage by scheme.
fn collections_and_employers() -> Vec<Spec> {
    use field::{DEBT, DUE, EMPLOYERS, LF, REV_HI, REV_UI, SI_COMP, SI_VOL};
    use Value::{Count, Share, Tenths};
    vec![
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
            NO_LINKS,
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
            NO_LINKS,
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
    ]
}

/// Benefits paid and services used.
fn benefits() -> Vec<Spec> {
    use field::{HI_HH, HI_PAY, HI_VISITS, PENSION, UI_BEN, VSSID};
    use Value::{Count, Tenths};
    vec![
        spec(
            "pension_recipients",
            "benefits",
            "Người hưởng lương hưu, trợ cấp BHXH hằng tháng",
            "Pension and monthly allowance recipients",
            "persons",
            0,
            "yes",
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
            "Số người tham gia BHYT theo hộ gia đình.",
            "People insured through household health insurance.",
            Count(HI_HH),
        ),
    ]
}

/// Students' cards, settled cases and the offices' work.
fn operations() -> Vec<Spec> {
    use field::{COLLECTION, FACILITIES, HI_STU, HI_STU_STATE, OUTREACH, SI_CASES};
    use Value::Count;
    vec![
        spec(
            "hi_students",
            "health_insurance",
            "Học sinh, sinh viên tham gia BHYT",
            "Students with health insurance",
            "persons",
            0,
            "yes",
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
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
            NO_LINKS,
            "Số cơ sở khám, chữa bệnh có hợp đồng với cơ quan BHXH.",
            "Health facilities with a health insurance contract.",
            Count(FACILITIES),
        ),
    ]
}

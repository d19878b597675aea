//! `--plain N`: N plain Markdown pages of about 4 KB with empty data, a corpus for comparing
//! generators on prose alone.

use std::fmt::Write as _;
use std::io;

use super::random::{stream, SplitMix64};
use super::write::{config_toml, Writer};
use super::{SynthOptions, SynthSummary, LABEL_EN, LABEL_VI};

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

pub(super) fn write_plain(options: &SynthOptions, pages: usize) -> io::Result<SynthSummary> {
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

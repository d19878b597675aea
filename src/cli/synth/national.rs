//! The national site: bulletin.toml, the regions and indicators, one observation sheet per year,
//! the targets and the bulletins.

use std::collections::BTreeSet;
use std::io;

use bulletin::parse::INDICATOR_COLUMNS;

use super::bulletins::{BulletinContext, Targets};
use super::catalog::{catalog, field, Spec, Value, TARGET_INDICATORS};
use super::months::{month_code, month_index, month_of, year_of, LAST_MONTH};
use super::profile::{add_into, cell, Profile};
use super::random::stream;
use super::regions::{Map, Span, REGIONS_CSV};
use super::write::{config_toml, csv_bytes, Writer};
use super::{SynthOptions, SynthSummary, LABEL_EN, LABEL_VI};

/// A region with figures, and which old-map provinces its figures add up.
#[derive(Debug, Clone)]
struct Subject {
    span: Span,
    units: Vec<usize>,
}

/// Everything the national site's files are written from.
struct National<'a> {
    options: &'a SynthOptions,
    map: Map,
    specs: Vec<Spec>,
    /// The first month of the series; `months` runs from it to [`LAST_MONTH`].
    first: i32,
    months: Vec<i32>,
    /// Every old-map province's quantities, month by month.
    latent: Vec<Vec<Vec<i64>>>,
    /// The regions with figures, in the order of data/regions.csv.
    subjects: Vec<Subject>,
    country: Subject,
}

/// Writes the national site into the prepared folder.
pub(super) fn write_national(options: &SynthOptions) -> io::Result<SynthSummary> {
    let site = National::new(options);
    let mut w = Writer {
        out: &options.out,
        files: 0,
    };
    let mut summary = SynthSummary {
        indicators: site.specs.len(),
        regions_with_data: site.subjects.len() + 1,
        ..Default::default()
    };
    site.write_settings(&mut w)?;
    site.write_observations(&mut w, &mut summary)?;
    let targets = site.write_targets(&mut w, &mut summary)?;
    site.write_bulletins(&mut w, &mut summary, &targets)?;
    summary.files = w.files;
    Ok(summary)
}

/// Who has figures: the chosen map(s), each region within its lifetime (from `first`).
fn subjects(map: &Map, provinces: u32, first: i32) -> Vec<Subject> {
    let mut subjects = Vec::new();
    let old_map = provinces != 34;
    let new_map = provinces != 63;
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
    subjects
}

impl<'a> National<'a> {
    fn new(options: &'a SynthOptions) -> National<'a> {
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
        let latent = profiles
            .iter()
            .enumerate()
            .map(|(u, p)| months.iter().map(|m| p.month(seed, u, *m)).collect())
            .collect();
        let subjects = subjects(&map, options.provinces, first);
        let country = Subject {
            span: Span {
                row: map.country,
                from: first,
                until: LAST_MONTH,
            },
            units: (0..map.units.len()).collect(),
        };
        National {
            options,
            map,
            specs,
            first,
            months,
            latent,
            subjects,
            country,
        }
    }

    /// The ids of the site's indicators.
    fn ids(&self) -> BTreeSet<&str> {
        self.specs.iter().map(|s| s.id.as_str()).collect()
    }

    fn has(&self, id: &str) -> bool {
        self.specs.iter().any(|s| s.id == id)
    }

    /// A region's quantities in a month: the sums of its old-map provinces'.
    fn values(&self, subject: &Subject, m: i32) -> Vec<i64> {
        let i = (m - self.first) as usize;
        let mut total = self.latent[subject.units[0]][i].clone();
        for u in &subject.units[1..] {
            add_into(&mut total, &self.latent[*u][i]);
        }
        total
    }

    /// bulletin.toml, README.md, data/regions.csv and data/indicators.csv.
    fn write_settings(&self, w: &mut Writer) -> io::Result<()> {
        let options = self.options;
        let seed = options.seed;
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
        let headline: Vec<&str> = [
            "hi_coverage",
            "hi_participants",
            "si_participants",
            "si_compulsory",
        ]
        .into_iter()
        .filter(|h| self.has(h))
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

        let mut indicator_rows = vec![INDICATOR_COLUMNS
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()];
        for s in &self.specs {
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

        Ok(())
    }

    /// Observations: one sheet per year, one row per region and month.
    fn write_observations(&self, w: &mut Writer, summary: &mut SynthSummary) -> io::Result<()> {
        let seed = self.options.seed;
        let mut header: Vec<String> = vec!["region".into(), "period".into()];
        header.extend(self.specs.iter().map(|s| s.id.clone()));
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
        let everyone: Vec<&Subject> = std::iter::once(&self.country)
            .chain(&self.subjects)
            .collect();
        for year in year_of(self.first)..=year_of(LAST_MONTH) {
            let mut rows = vec![header.clone()];
            for m in self.months.iter().copied().filter(|m| year_of(*m) == year) {
                for subject in &everyone {
                    if m < subject.span.from || m > subject.span.until {
                        continue;
                    }
                    let v = self.values(subject, m);
                    let mut row = vec![self.map.rows[subject.span.row].slug.clone(), month_code(m)];
                    for s in &self.specs {
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

        Ok(())
    }

    /// Targets: every province, every year of its life, for the stocks the site has.
    fn write_targets(&self, w: &mut Writer, summary: &mut SynthSummary) -> io::Result<Targets<'_>> {
        let seed = self.options.seed;
        let target_specs: Vec<&Spec> = self
            .specs
            .iter()
            .filter(|s| TARGET_INDICATORS.contains(&s.id.as_str()))
            .collect();
        let mut targets = Targets::new();
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
        for subject in &self.subjects {
            for year in year_of(subject.span.from)..=year_of(subject.span.until) {
                let last = subject.span.until.min(month_index(year, 12));
                let v = self.values(subject, last);
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
                    self.map.rows[subject.span.row].slug.clone(),
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

        Ok(targets)
    }

    /// Bulletins: pairs of translations about one province and month.
    fn write_bulletins(
        &self,
        w: &mut Writer,
        summary: &mut SynthSummary,
        targets: &Targets,
    ) -> io::Result<()> {
        let (options, seed) = (self.options, self.options.seed);
        let eligible: Vec<(usize, i32)> = self
            .subjects
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                // Some history before the bulletin's month, so that its charts have a line to draw.
                let history = ((s.span.until - s.span.from) / 2).clamp(1, 6);
                (s.span.from + history..=s.span.until).map(move |m| (i, m))
            })
            .collect();
        if options.bulletins > 0 && eligible.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                msg!("cli.synth.no_history"),
            ));
        }
        let context = BulletinContext {
            map: &self.map,
            ids: &self.ids(),
            targets,
            seed,
        };
        for pair in 0..options.bulletins.div_ceil(2) {
            let mut g = stream(seed, 4, pair as u64, 0);
            let (subject, month) = eligible[g.below(eligible.len())];
            let span = self.subjects[subject].span;
            let slug = format!(
                "{}-{}-{:05}",
                month_code(month),
                self.map.rows[span.row].slug,
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
        Ok(())
    }
}

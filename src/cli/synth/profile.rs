//! Each old-map province's invented quantities, month by month, and the figures written from
//! them. Regions of the new map and the country add up their provinces' quantities.

use super::catalog::{field, Value, NONE};
use super::months::{month_index, month_of};
use super::random::stream;

/// A province's character, drawn once from the seed.
#[derive(Debug, Clone)]
pub(super) struct Profile {
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
    pub(super) fn draw(seed: u64, unit: usize, slug: &str, extras: usize) -> Profile {
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
    pub(super) fn month(&self, seed: u64, unit: usize, m: i32) -> Vec<i64> {
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

pub(super) fn add_into(total: &mut [i64], part: &[i64]) {
    for (t, p) in total.iter_mut().zip(part) {
        *t = if *t == NONE || *p == NONE {
            NONE
        } else {
            *t + *p
        };
    }
}

/// The figure of an indicator in a month's quantities, as written in the sheet; `None` when
/// missing.
pub(super) fn cell(value: Value, v: &[i64]) -> Option<String> {
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

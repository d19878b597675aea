//! A tiny seeded generator, and independent streams of it for each purpose.

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast and good enough for invented figures.
#[derive(Debug, Clone)]
pub(super) struct SplitMix64(u64);

impl SplitMix64 {
    pub(super) fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(super) fn range(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }

    /// Uniform in 0..n (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A generator for one purpose, independent of how many numbers other purposes drew.
pub(super) fn stream(seed: u64, a: u64, b: u64, c: u64) -> SplitMix64 {
    let mut g = SplitMix64::new(seed ^ 0x5EED_0000_0000_0000);
    let x = g.next_u64() ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut g = SplitMix64::new(x);
    let y = g.next_u64() ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    let mut g = SplitMix64::new(y);
    let z = g.next_u64() ^ c.wrapping_mul(0x1656_67B1_9E37_79F9);
    SplitMix64::new(z)
}

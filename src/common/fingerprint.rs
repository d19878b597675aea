//! One number for everything a value holds, to tell whether an input, a chart or a page changed
//! between two loads of a project. Within one run of the program only: the hash is not stable
//! across Rust versions, and nothing stores it. Names that outlive a run (hashed asset files,
//! share cards) use [`content_hash`], which is.

use std::fmt::{self, Debug, Write as _};
use std::hash::{DefaultHasher, Hasher};

/// Feeds formatted text into a hasher without building the string.
pub struct Fingerprinter(DefaultHasher);

impl Default for Fingerprinter {
    fn default() -> Self {
        Fingerprinter(DefaultHasher::new())
    }
}

impl Fingerprinter {
    /// Adds a value: `Debug` writes every field, floats exactly, so values that print alike
    /// are alike. Types with hash maps inside must not be given here (their order varies).
    pub fn add(&mut self, value: &(impl Debug + ?Sized)) -> &mut Self {
        let _ = write!(self, "{value:?}\u{1f}");
        self
    }

    /// Adds text as it is: for long texts, whose `Debug` form costs a character-by-character
    /// escape.
    pub fn add_text(&mut self, text: &str) -> &mut Self {
        self.0.write(text.as_bytes());
        self.0.write_u8(0x1f);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

impl fmt::Write for Fingerprinter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// The fingerprint of one value.
pub fn fingerprint(value: &(impl Debug + ?Sized)) -> u64 {
    Fingerprinter::default().add(value).finish()
}

/// A hash of bytes that is the same on every machine, Rust version and run (64-bit FNV-1a), as
/// 16 hex digits: it names files by their content, so a changed file gets a new name and a cache
/// never serves the old one. Not for adversarial input (nothing here is keyed by it).
pub fn content_hash(bytes: &[u8]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let hash = bytes.iter().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_agree_and_different_ones_differ() {
        assert_eq!(fingerprint(&(1.5, "a")), fingerprint(&(1.5, "a")));
        assert_ne!(fingerprint(&(1.5, "a")), fingerprint(&(1.5000001, "a")));
        let mut two = Fingerprinter::default();
        two.add("ab").add("c");
        let mut other = Fingerprinter::default();
        other.add("a").add("bc");
        assert_ne!(two.finish(), other.finish(), "values are kept apart");
    }

    #[test]
    fn content_hashes_are_fixed_values() {
        // FNV-1a's published test vectors: the names must never change between versions.
        assert_eq!(content_hash(b""), "cbf29ce484222325");
        assert_eq!(content_hash(b"a"), "af63dc4c8601ec8c");
        assert_eq!(content_hash(b"foobar"), "85944171f73967e8");
    }
}

//! The generator's own tests; the sites it writes are checked by the library's `check`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::catalog::catalog;
use super::random::SplitMix64;
use super::regions::map_counts;
use super::{synthesize, SynthOptions};

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
        let report = bulletin::check(&bulletin::Options {
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
    let report = bulletin::check(&bulletin::Options {
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

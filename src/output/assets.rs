//! The theme's files that every page refers to: the stylesheet and the favicons. Each is written
//! under a name carrying a hash of its content (`style.1f0c9a3e5b.css`), so a browser or a proxy
//! that keeps files for a year can never show a page with last month's theme: a changed file is
//! a new address. The built-in theme provides them; a site's `templates/` folder replaces any of
//! them by giving a file of the same name.

use std::collections::BTreeMap;

use crate::common::fingerprint::content_hash;

/// The theme's files by name, with their built-in content.
const BUILTIN: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../templates/style.css")),
    ("favicon.svg", include_bytes!("../../templates/favicon.svg")),
    ("favicon.png", include_bytes!("../../templates/favicon.png")),
];

/// Hex digits of the content hash kept in a name: enough that two versions of one file never
/// share a name in practice, short enough to read.
const HASH_DIGITS: usize = 10;

/// One theme file: the name templates know it by, and the name it is written under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub name: &'static str,
    pub file: String,
    pub bytes: Vec<u8>,
}

impl Asset {
    fn new(name: &'static str, bytes: Vec<u8>) -> Asset {
        Asset {
            name,
            file: hashed_name(name, &bytes),
            bytes,
        }
    }
}

/// The theme's files, built-in ones replaced by the site's.
#[derive(Debug, Clone)]
pub struct Assets {
    assets: Vec<Asset>,
    /// Name -> written name, kept beside them for the pages' links.
    files: BTreeMap<String, String>,
}

impl Default for Assets {
    fn default() -> Self {
        let assets: Vec<Asset> = BUILTIN
            .iter()
            .map(|(name, bytes)| Asset::new(name, bytes.to_vec()))
            .collect();
        Assets {
            files: files_of(&assets),
            assets,
        }
    }
}

impl Assets {
    /// Whether a file of a site's `templates/` folder replaces a theme file.
    pub fn is_theme_file(name: &str) -> bool {
        BUILTIN.iter().any(|(known, _)| *known == name)
    }

    /// Replaces a theme file by the site's own; `false` for a name the theme does not have.
    pub fn replace(&mut self, name: &str, bytes: Vec<u8>) -> bool {
        match self.assets.iter_mut().find(|a| a.name == name) {
            Some(slot) => {
                *slot = Asset::new(slot.name, bytes);
                self.files = files_of(&self.assets);
                true
            }
            None => false,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Asset> {
        self.assets.iter()
    }

    /// The content of a theme file by its name.
    #[cfg(test)]
    fn get(&self, name: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.name == name)
    }

    /// Name -> written name, for the pages' links.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }
}

fn files_of(assets: &[Asset]) -> BTreeMap<String, String> {
    assets
        .iter()
        .map(|a| (a.name.to_string(), a.file.clone()))
        .collect()
}

/// `style.css` with content hash `1f0c…` -> `style.1f0c9a3e5b.css`.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let hash = &content_hash(bytes)[..HASH_DIGITS];
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_content_hash() {
        let assets = Assets::default();
        let style = assets.get("style.css").unwrap();
        assert!(style.file.starts_with("style.") && style.file.ends_with(".css"));
        assert_eq!(style.file.len(), "style..css".len() + HASH_DIGITS);
        let mut changed = assets.clone();
        assert!(changed.replace("style.css", b"body { color: black }".to_vec()));
        let new = changed.get("style.css").unwrap();
        assert_ne!(new.file, style.file, "a changed theme is a new address");
        assert_eq!(new.bytes, b"body { color: black }");
        assert!(!changed.replace("script.js", Vec::new()));
    }

    #[test]
    fn the_theme_has_a_stylesheet_and_favicons() {
        for name in ["style.css", "favicon.svg", "favicon.png"] {
            assert!(Assets::is_theme_file(name));
            assert!(!Assets::default().get(name).unwrap().bytes.is_empty());
        }
        assert!(Assets::default()
            .get("favicon.png")
            .unwrap()
            .bytes
            .starts_with(b"\x89PNG"));
    }
}

//! Reading a project's inputs, stage by stage. Each step reports into `diagnostics` and returns
//! `None` only when nothing after it could run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::common::diagnostics::{self, Diagnostics};
use crate::common::locale::Lang;
use crate::common::walk;
use crate::input::config::Config;
use crate::input::content::{self, BulletinSource};
use crate::input::i18n::{self, Strings};
use crate::model::maps::{self, MapLayers};
use crate::model::{build, validate, Dataset, RegionIndex};
use crate::output::pages::Renderer;
use crate::site::bulletins::{resolve_bulletins, Bulletin, Context, Resolved};
use crate::site::charts::ChartRegistry;
use crate::site::urls::Urls;
use crate::Options;

/// `bulletin.toml`, with the `--base-url` override.
pub(super) fn config(options: &Options, diagnostics: &mut Diagnostics) -> Option<Config> {
    let loaded = Config::load(&options.root).and_then(|mut config| {
        if let Some(url) = &options.base_url {
            config.set_base_url(url)?;
        }
        Ok(config)
    });
    loaded.map_err(|d| diagnostics.push(d)).ok()
}

/// The interface strings of every language of the site, with the site's overrides.
pub(super) fn strings(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<Lang, Strings> {
    let templates_dir = root.join(&config.paths.templates);
    let shown = diagnostics::display_path(root, &templates_dir);
    let mut strings = BTreeMap::new();
    for &lang in &config.languages {
        match i18n::load(lang, root, &templates_dir, &shown) {
            Ok(s) => {
                strings.insert(lang, s);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    strings
}

/// The bulletins as written, before their references are resolved.
pub(super) fn bulletin_sources(
    options: &Options,
    config: &Config,
    unchanged: &(dyn Fn(&Path) -> Option<BulletinSource> + Sync),
    diagnostics: &mut Diagnostics,
) -> Vec<BulletinSource> {
    let root = &options.root;
    content::load_bulletins(
        root,
        &root.join(&config.paths.content),
        &config.languages,
        options.include_drafts,
        unchanged,
        diagnostics,
    )
}

/// The checked dataset and the map layers drawn over it.
pub(super) fn data(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Option<(Dataset, MapLayers)> {
    let data_dir = root.join(&config.paths.data);
    let dataset = build::load_dataset(root, &data_dir, diagnostics)?;
    validate::validate(&dataset, diagnostics);
    let index = RegionIndex::new(&dataset.regions);
    let layers = maps::load_maps(root, &data_dir, &config.maps, &dataset, &index, diagnostics);
    Some((dataset, layers))
}

/// The site's templates over the built-in theme.
pub(super) fn templates(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Option<Renderer> {
    Renderer::new(root, &root.join(&config.paths.templates), diagnostics)
}

/// The files of `static/`, by address.
pub(super) fn statics(
    root: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<(String, PathBuf)> {
    walk::files(root, &root.join(&config.paths.static_files), diagnostics)
        .into_iter()
        .map(|found| (found.relative, found.path))
        .collect()
}

/// What resolving a bulletin made besides the bulletin: the charts its prose asks for and the
/// findings, kept to reuse while neither the bulletin nor the data change.
#[derive(Clone)]
pub(super) struct BulletinParts {
    pub(super) charts: ChartRegistry,
    pub(super) findings: Diagnostics,
}

/// Whether two reads of a bulletin file are the same bulletin: what it was parsed from, compared
/// as text (the parsed front matter follows from it).
fn same_source(a: &BulletinSource, b: &BulletinSource) -> bool {
    a.file == b.file
        && a.lang == b.lang
        && a.slug == b.slug
        && a.body_first_line == b.body_first_line
        && a.front_text == b.front_text
        && a.body == b.body
}

/// What resolving the bulletins found, into the run's findings.
pub(super) fn report_findings(parts: &[BulletinParts], diagnostics: &mut Diagnostics) {
    for part in parts {
        diagnostics.extend(part.findings.clone());
    }
}

/// Bulletins with their shortcodes resolved against the data, each with its parts. A bulletin
/// of `unchanged` whose source is the same is taken as it was: the caller passes them only when
/// the data, strings and settings did not change.
pub(super) fn resolve(
    sources: Vec<BulletinSource>,
    config: &Config,
    (dataset, layers): (&Dataset, &MapLayers),
    strings: &BTreeMap<Lang, Strings>,
    unchanged: (&[Bulletin], &[BulletinParts]),
) -> (Vec<Bulletin>, Vec<BulletinParts>) {
    let region_index = RegionIndex::new(&dataset.regions);
    let urls = Urls::new(&config.base_path, config.default_language);
    let context = Context {
        dataset,
        region_index: &region_index,
        maps: layers,
        urls: &urls,
        strings,
    };
    let before: HashMap<&Path, (&Bulletin, &BulletinParts)> = unchanged
        .0
        .iter()
        .zip(unchanged.1)
        .map(|(b, parts)| (b.source.file.as_path(), (b, parts)))
        .collect();
    let kept = |source: &BulletinSource| {
        let (bulletin, parts) = before.get(source.file.as_path())?;
        same_source(&bulletin.source, source).then(|| Resolved {
            bulletin: (*bulletin).clone(),
            charts: parts.charts.clone(),
            findings: parts.findings.clone(),
        })
    };
    let (mut done, mut fresh) = (Vec::new(), Vec::new());
    for (n, source) in sources.into_iter().enumerate() {
        match kept(&source) {
            Some(resolved) => done.push((n, resolved)),
            None => fresh.push((n, source)),
        }
    }
    let order: Vec<usize> = fresh.iter().map(|(n, _)| *n).collect();
    let sources = fresh.into_iter().map(|(_, s)| s).collect();
    done.extend(order.into_iter().zip(resolve_bulletins(sources, &context)));
    done.sort_by_key(|(n, _)| *n);
    done.into_iter()
        .map(|(_, r)| {
            let parts = BulletinParts {
                charts: r.charts,
                findings: r.findings,
            };
            (r.bulletin, parts)
        })
        .unzip()
}

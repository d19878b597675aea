//! The long-lived project: a reload renders only the pages an edit touches (counted), and what it
//! renders is exactly what a fresh build makes.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use bulletin::{Lang, MemorySink, PageId, PageKey, Project, Reloaded};
use common::{copy_site, options, repo_root};

type Files = BTreeMap<String, Vec<u8>>;

fn load(root: &Path) -> Project {
    Project::load(&options(root, &root.join("output"))).unwrap_or_else(|failure| {
        panic!("the project loads: {:#?}", failure.diagnostics);
    })
}

/// Every file the project makes, rendered whole.
fn render_all(project: &Project) -> Files {
    let sink = MemorySink::default();
    project.render_all(&sink).expect("renders");
    sink.into_files()
}

/// `files` brought up to date after a reload: changed pages rendered, removed ones dropped.
fn apply(project: &Project, reloaded: &Reloaded, files: &mut Files, removed_paths: &[String]) {
    let sink = MemorySink::default();
    project
        .render_pages(&reloaded.changed, &sink)
        .expect("renders");
    project.write_assets(&sink).expect("writes assets");
    for path in removed_paths {
        files.remove(path);
    }
    files.extend(sink.into_files());
}

/// What a fresh project of the same folder makes.
fn fresh(root: &Path) -> Files {
    render_all(&load(root))
}

fn edit(root: &Path, file: &str, from: &str, to: &str) -> PathBuf {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} contains {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn page(lang: Lang, key: PageKey) -> PageId {
    PageId { lang, key }
}

/// Reloads after an edit; checks that the pages it renders bring the previous files to exactly
/// what a fresh build makes, and returns what changed.
fn reload_and_compare(project: &mut Project, files: &mut Files, paths: &[PathBuf]) -> Reloaded {
    let before: BTreeMap<PageId, String> = project
        .pages()
        .map(|id| (id.clone(), project.page_path(id).unwrap().to_string()))
        .collect();
    let reloaded = project.reload(paths).expect("the edit reloads");
    let removed: Vec<String> = reloaded
        .removed
        .iter()
        .map(|id| before[id].clone())
        .collect();
    apply(project, &reloaded, files, &removed);
    let root = &paths[0]
        .ancestors()
        .find(|p| p.join("bulletin.toml").exists())
        .unwrap();
    let expected = fresh(root);
    let differing: Vec<&String> = expected
        .keys()
        .chain(files.keys())
        .filter(|path| expected.get(*path) != files.get(*path))
        .collect();
    if let Some(first) = differing.first() {
        if let Ok(dir) = std::env::var("BULLETIN_TEST_DUMP") {
            let dump = |name: &str, files: &Files| {
                let bytes = files.get(*first).cloned().unwrap_or_default();
                fs::write(Path::new(&dir).join(name), bytes).unwrap();
            };
            dump("expected.html", &expected);
            dump("incremental.html", files);
        }
    }
    assert!(
        differing.is_empty(),
        "stale or missing after the reload: {differing:?}"
    );
    reloaded
}

#[test]
fn a_whole_render_equals_the_in_memory_build() {
    let root = repo_root();
    let project = load(&root);
    let files = render_all(&project);
    let (_, built) = bulletin::build_in_memory(&options(&root, &root.join("output"))).unwrap();
    let statics: Vec<&String> = built.keys().filter(|p| !files.contains_key(*p)).collect();
    assert!(
        statics.iter().all(|p| root.join("static").join(p).exists()),
        "{statics:?}"
    );
    for (path, bytes) in &files {
        assert_eq!(Some(bytes), built.get(path), "{path}");
    }
    assert_eq!(project.renders(), project.pages().count());
}

#[test]
fn pages_have_stable_ids_and_render_one_at_a_time() {
    let root = repo_root();
    let project = load(&root);
    let id = page(Lang::En, PageKey::Province("yen-bai".into()));
    assert_eq!(id.to_string(), "en/province/yen-bai");
    assert!(project.pages().any(|p| *p == id));
    let sink = MemorySink::default();
    project.render_page(&id, &sink).unwrap();
    let files = sink.into_files();
    let path = project.page_path(&id).unwrap();
    assert_eq!(files.keys().collect::<Vec<_>>(), [path]);
    let html = String::from_utf8(files[path].clone()).unwrap();
    assert!(html.contains("Yên Bái"), "the page is Yên Bái's");
    assert!(html.contains("<svg"), "its charts are drawn into it");
    assert_eq!(project.renders(), 1);
}

#[test]
fn editing_one_bulletin_renders_only_that_bulletin() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let mut files = render_all(&project);
    let drawn = project.charts_drawn();
    let renders = project.renders();
    let path = edit(
        site.path(),
        "content/bulletins/2023-08-yen-bai.en.md",
        "insurance collection",
        "insurance collection",
    );
    let unchanged = reload_and_compare(&mut project, &mut files, std::slice::from_ref(&path));
    assert!(unchanged.changed.is_empty(), "{:?}", unchanged.changed);

    let body = "workers have gradually returned";
    let path = edit(
        site.path(),
        "content/bulletins/2022-05-binh-duong.en.md",
        body,
        "many workers have returned",
    );
    let reloaded = reload_and_compare(&mut project, &mut files, &[path]);
    let bulletin = page(Lang::En, PageKey::Bulletin("2022-05-binh-duong".into()));
    assert_eq!(reloaded.changed, [bulletin]);
    assert_eq!(project.renders() - renders, 1, "one page rendered");
    assert_eq!(project.charts_drawn(), drawn, "no chart drawn again");
}

#[test]
fn editing_a_bulletin_title_renders_the_lists_that_show_it() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let mut files = render_all(&project);
    let path = edit(
        site.path(),
        "content/bulletins/2023-08-yen-bai.en.md",
        "title = \"Yên Bái keeps",
        "title = \"Yên Bái holds",
    );
    let reloaded = reload_and_compare(&mut project, &mut files, &[path]);
    for expected in [
        page(Lang::En, PageKey::Bulletin("2023-08-yen-bai".into())),
        page(Lang::En, PageKey::Bulletins),
        page(Lang::En, PageKey::Home),
        page(Lang::En, PageKey::Province("yen-bai".into())),
    ] {
        assert!(
            reloaded.changed.contains(&expected),
            "{expected} renders again"
        );
    }
    assert!(
        reloaded.changed.len() < project.pages().count(),
        "not every page: {}",
        reloaded.changed.len()
    );
}

#[test]
fn editing_one_figure_renders_the_pages_that_read_it() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let mut files = render_all(&project);
    let drawn = project.charts_drawn();
    let renders = project.renders();
    let path = edit(
        site.path(),
        "data/observations/2022-05-binh-duong.csv",
        ",310,15974,",
        ",311,15974,",
    );
    let reloaded = reload_and_compare(&mut project, &mut files, &[path]);
    let mut changed: Vec<String> = reloaded.changed.iter().map(|id| id.to_string()).collect();
    changed.sort();
    assert_eq!(
        changed,
        [
            "en/bulletin/2022-05-binh-duong",
            "en/indicator/outreach_meetings",
            "en/indicators",
            "en/province/binh-duong",
            "vi/bulletin/2022-05-binh-duong",
            "vi/indicator/outreach_meetings",
            "vi/indicators",
            "vi/province/binh-duong",
        ]
    );
    assert_eq!(project.renders() - renders, changed.len());
    let redrawn = project.charts_drawn() - drawn;
    assert!(
        redrawn > 0 && redrawn < 10,
        "only the charts of that figure are drawn again: {redrawn}"
    );
}

#[test]
fn editing_a_page_template_renders_only_its_pages() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let mut files = render_all(&project);
    let template = site.path().join("templates/indicators.html");
    let text = fs::read_to_string(&template).unwrap();
    fs::write(&template, format!("{text}\n")).unwrap();
    let reloaded = reload_and_compare(&mut project, &mut files, &[template]);
    let mut changed: Vec<String> = reloaded.changed.iter().map(|id| id.to_string()).collect();
    changed.sort();
    assert_eq!(changed, ["en/indicators", "vi/indicators"]);
}

#[test]
fn a_new_bulletin_adds_its_page_and_a_removed_one_takes_it_away() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let mut files = render_all(&project);
    let dir = site.path().join("content/bulletins");
    let copy = dir.join("2023-09-yen-bai.en.md");
    let text = fs::read_to_string(dir.join("2023-08-yen-bai.en.md")).unwrap();
    fs::write(
        &copy,
        text.replace("translation = \"2023-08-yen-bai\"\n", "")
            .replace("date = 2023-08-05", "date = 2023-09-05"),
    )
    .unwrap();
    let added = reload_and_compare(&mut project, &mut files, std::slice::from_ref(&copy));
    let id = page(Lang::En, PageKey::Bulletin("2023-09-yen-bai".into()));
    assert!(added.changed.contains(&id));
    fs::remove_file(&copy).unwrap();
    let removed = reload_and_compare(&mut project, &mut files, &[copy]);
    assert_eq!(removed.removed, [id]);
}

#[test]
fn a_mistake_keeps_the_last_good_project() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let pages = project.pages().count();
    let path = edit(
        site.path(),
        "data/observations/2022-05-binh-duong.csv",
        ",310,15974,",
        ",3l0,15974,",
    );
    let failure = project.reload(std::slice::from_ref(&path)).unwrap_err();
    let error = failure.errors().next().expect("an error");
    assert!(
        error.to_string().contains("2022-05-binh-duong.csv"),
        "{error}"
    );
    assert_eq!(project.pages().count(), pages, "the previous site stays");
    let sink = MemorySink::default();
    project
        .render_all(&sink)
        .expect("the previous site still renders");
    edit(
        site.path(),
        "data/observations/2022-05-binh-duong.csv",
        ",3l0,15974,",
        ",310,15974,",
    );
    let mut files = sink.into_files();
    let back = reload_and_compare(&mut project, &mut files, &[path]);
    assert!(back.changed.is_empty(), "{:?}", back.changed);
}

#[test]
fn paths_outside_the_inputs_change_nothing() {
    let site = copy_site(&repo_root());
    let mut project = load(site.path());
    let outside = site.path().join("output/index.html");
    let reloaded = project
        .reload(&[outside, PathBuf::from("notes.txt")])
        .unwrap();
    assert_eq!(reloaded, Reloaded::default());
}

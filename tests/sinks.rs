//! The same site, written to disk by `build` and kept in memory by `build_in_memory`, is the
//! same bytes; the memory build never touches the output folder.

mod common;

use common::*;

#[test]
fn memory_and_disk_builds_give_the_same_site() {
    let site = copy_site(&repo_root());
    let output = site.path().join("output");
    build_ok(&options(site.path(), &output));
    let on_disk: Vec<(String, Vec<u8>)> = snapshot(&output)
        .into_iter()
        .filter(|(path, _)| path != bulletin::STAGING_MARKER_FILE)
        .collect();

    std::fs::write(output.join("untouched.txt"), "kept").unwrap();
    let (report, in_memory) = bulletin::build_in_memory(&options(site.path(), &output))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let in_memory: Vec<(String, Vec<u8>)> = in_memory.into_iter().collect();
    assert_eq!(report.output, None);
    assert_eq!(in_memory.len(), on_disk.len());
    for ((disk_path, disk_bytes), (memory_path, memory_bytes)) in on_disk.iter().zip(&in_memory) {
        assert_eq!(disk_path, memory_path);
        assert!(disk_bytes == memory_bytes, "{disk_path} differs");
    }
    assert_eq!(
        read(&output, "untouched.txt"),
        "kept",
        "the output folder is not touched"
    );
}

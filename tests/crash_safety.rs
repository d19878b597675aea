//! The real binary, killed, interrupted and pointed at dangerous folders: the output is always
//! one complete site, leftovers of dead runs disappear at the next build, and nothing bulletin
//! did not make is ever deleted or written into.
#![cfg(unix)]

mod common;

use common::*;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Long enough to mean a hang, never a measure of speed.
const HANG: Duration = Duration::from_secs(120);
const OTHER_BASE: &str = "https://example.org/other/";

type Snapshot = Vec<(String, Vec<u8>)>;

fn bulletin(root: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    // The messages checked here are the English ones (tests/init.rs checks the languages).
    command
        .arg("build")
        .arg("--lang")
        .arg("en")
        .arg("--root")
        .arg(root)
        .args(extra);
    command
}

fn run(root: &Path, extra: &[&str]) -> Output {
    let mut child = bulletin(root, extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&mut child);
    child.wait_with_output().unwrap()
}

fn build(root: &Path, extra: &[&str]) -> Snapshot {
    let out = run(root, extra);
    assert!(
        out.status.success(),
        "the build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    snapshot(&root.join("output"))
}

/// Waits for the child, killing it and failing if it hangs.
fn wait_for(child: &mut Child) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("bulletin hung for {HANG:?}");
        }
        sleep(Duration::from_millis(5));
    }
}

/// Bulletin's staging and retired folders beside the default output.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.building-") || n.starts_with(".output.previous-"))
        .collect();
    names.sort();
    names
}

/// A copy of the reference site with the site built twice: the live output is `second`.
struct Sites {
    dir: tempfile::TempDir,
    first: Snapshot,
    second: Snapshot,
    first_took: Duration,
}

impl Sites {
    fn new() -> Sites {
        let dir = copy_site(&repo_root());
        let started = Instant::now();
        let first = build(dir.path(), &[]);
        let first_took = started.elapsed();
        let second = build(dir.path(), &["--base-url", OTHER_BASE]);
        assert_ne!(first, second, "the two builds must be told apart");
        Sites {
            dir,
            first,
            second,
            first_took,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn output(&self) -> PathBuf {
        self.root().join("output")
    }

    /// The arguments that build `self.first` or `self.second`.
    fn args(&self, first: bool) -> &'static [&'static str] {
        if first {
            &[]
        } else {
            &["--base-url", OTHER_BASE]
        }
    }

    /// Which complete site the output holds; fails if it holds anything else or nothing.
    fn holds_first(&self) -> bool {
        assert!(self.output().is_dir(), "the output folder went missing");
        let now = snapshot(&self.output());
        assert!(
            now == self.first || now == self.second,
            "the output is neither complete site ({} files)",
            now.len()
        );
        now == self.first
    }
}

/// Starts a build and waits until its staging folder exists, so a signal lands mid-build.
fn start_build_and_wait_for_staging(sites: &Sites, first: bool) -> Child {
    let before = leftovers(sites.root());
    let mut child = bulletin(sites.root(), sites.args(first))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if leftovers(sites.root()) != before {
            return child;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) before its staging folder was seen");
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("no staging folder after {HANG:?}");
        }
        sleep(Duration::from_millis(1));
    }
}

#[test]
fn kill_9_at_any_moment_leaves_one_complete_site() {
    let sites = Sites::new();
    let mut holds_first = false;
    const KILLS: u32 = 15;
    for i in 0..KILLS {
        // Spread over the whole build, from start-up to past the swap.
        let delay = sites
            .first_took
            .mul_f64(0.1 + 1.1 * f64::from(i) / f64::from(KILLS - 1));
        let mut child = bulletin(sites.root(), sites.args(!holds_first))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while started.elapsed() < delay && child.try_wait().unwrap().is_none() {
            sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        wait_for(&mut child);
        holds_first = sites.holds_first();
    }
    let last = build(sites.root(), sites.args(!holds_first));
    let expected = if holds_first {
        &sites.second
    } else {
        &sites.first
    };
    assert!(
        last == *expected,
        "the last build put its own site in place"
    );
    assert_eq!(leftovers(sites.root()), Vec::<String>::new());
}

#[test]
fn sigint_sigterm_and_sighup_remove_the_staging_folder() {
    let sites = Sites::new();
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let mut child = start_build_and_wait_for_staging(&sites, true);
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let status = wait_for(&mut child);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(stderr.contains("interrupted"), "SIG{signal}: {stderr}");
        assert_eq!(leftovers(sites.root()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(snapshot(&sites.output()), sites.second, "SIG{signal}");
    }
}

/// What a run killed between the two renames of the fallback swap leaves: no output, and the
/// previous site aside.
fn simulate_death_mid_swap(sites: &Sites) -> PathBuf {
    let aside = sites.root().join(".output.previous-999999-0");
    fs::rename(sites.output(), &aside).unwrap();
    aside
}

#[test]
fn a_site_left_aside_by_a_dead_run_is_put_back_even_if_the_build_fails() {
    let sites = Sites::new();
    let aside = simulate_death_mid_swap(&sites);
    let broken = sites.root().join("data/observations/zz-broken.csv");
    fs::write(
        &broken,
        "region,period,hi_participants,source\nnowhere,2022-06,1,Test\n",
    )
    .unwrap();
    let out = run(sites.root(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("`nowhere` is not a region"), "{stderr}");
    assert!(stderr.contains("previous site was put back"), "{stderr}");
    assert!(!aside.exists());
    assert_eq!(snapshot(&sites.output()), sites.second);

    fs::remove_file(&broken).unwrap();
    simulate_death_mid_swap(&sites);
    assert_eq!(build(sites.root(), &[]), sites.first);
    assert_eq!(leftovers(sites.root()), Vec::<String>::new());
}

#[test]
fn only_marked_folders_no_live_build_holds_are_removed() {
    let sites = Sites::new();
    let root = sites.root();
    let make = |name: &str, marked: bool| {
        let dir = root.join(name);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(dir.join("sub/notes.txt"), "keep me").unwrap();
        if marked {
            fs::write(dir.join(".bulletin-output"), "").unwrap();
        }
        dir
    };
    let unmarked_staging = make(".output.building-1-0", false);
    let unmarked_previous = make(".output.previous-2-0", false);
    let live = make(".output.building-3-0", true);
    let dead = make(".output.building-4-0", true);
    let dead_previous = make(".output.previous-5-0", true);
    let held = File::open(&live).unwrap();
    held.lock().unwrap();

    assert_eq!(build(root, &[]), sites.first);
    assert!(
        !dead.exists() && !dead_previous.exists(),
        "dead runs' folders go"
    );
    assert!(
        live.join("sub/notes.txt").exists(),
        "a live build's folder stays"
    );
    for kept in [&unmarked_staging, &unmarked_previous] {
        assert_eq!(
            fs::read_to_string(kept.join("sub/notes.txt")).unwrap(),
            "keep me"
        );
    }

    drop(held);
    build(root, &[]);
    assert!(!live.exists(), "released, it is a dead run's folder");
    assert!(unmarked_staging.join("sub/notes.txt").exists());
    assert!(unmarked_previous.join("sub/notes.txt").exists());
}

#[test]
fn an_unmarked_folder_aside_is_never_put_back_or_deleted() {
    let sites = Sites::new();
    let stranger = sites.root().join(".output.previous-7-0");
    fs::create_dir(&stranger).unwrap();
    fs::write(stranger.join("index.html"), "not bulletin's").unwrap();
    fs::remove_dir_all(sites.output()).unwrap();
    assert_eq!(build(sites.root(), &[]), sites.first);
    assert_eq!(
        fs::read_to_string(stranger.join("index.html")).unwrap(),
        "not bulletin's"
    );
}

#[test]
fn an_output_reached_through_a_link_into_data_is_refused() {
    let dir = copy_site(&repo_root());
    let root = dir.path();
    std::os::unix::fs::symlink(root.join("data"), root.join("reports")).unwrap();
    let data_before = snapshot(&root.join("data"));
    for output in ["reports/out", "reports", "missing/../reports/out"] {
        let out = run(root, &["--output", root.join(output).to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{output}: {stderr}");
        assert!(
            stderr.contains("`data` folder") || stderr.contains("symbolic link"),
            "{output}: {stderr}"
        );
        assert_eq!(snapshot(&root.join("data")), data_before, "{output}");
        assert!(fs::read_dir(root.join("data")).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with('.')));
    }
}

#[test]
fn an_output_that_is_a_link_is_refused_and_its_target_kept() {
    let sites = Sites::new();
    let link = sites.root().join("published");
    std::os::unix::fs::symlink(sites.output(), &link).unwrap();
    let out = run(sites.root(), &["--output", link.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(stderr.contains("published"), "{stderr}");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(snapshot(&sites.output()), sites.second);
}

//! Real-browser checks of the reference site: runs the Node suite in `tests/browser/`
//! (headless Chromium through playwright-core, axe-core, the Nu HTML Checker) against a site
//! built by this crate's binary into a temporary folder, the same site opened from disk and
//! served under a sub-path (`files.test.mjs`, `subpath.test.mjs`), and `bulletin serve` with a
//! page left open while the site is edited (`serve.test.mjs`).
//!
//! Installing is not a test's job: `.ci/run` installs Chromium, Java and the suite's npm
//! packages (`npm ci --ignore-scripts --prefix tests/browser`). When one of them is missing the
//! test fails with `CI=true` and otherwise passes after printing a loud `SKIPPED` line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, PoisonError};

/// One browser suite at a time: each starts Chromium, and the machine may have two cores.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI")
        .map(|v| matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
        .unwrap_or(false)
}

/// Writes straight to the process's stderr, past the test harness's output capture, so a
/// skip is seen in a plain `cargo test` run.
fn loud(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\n{line}\n");
    let _ = err.flush();
}

/// Runs `program --version`-like probes; `None` when the program cannot be started or fails.
fn probe(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(text.lines().next().unwrap_or("").trim().to_string())
}

fn chromium() -> PathBuf {
    std::env::var_os("BULLETIN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What the browser suite needs and is not there, of node, Chromium and the npm `packages`.
fn missing_prerequisites(suite: &Path, packages: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    if probe("node", &["--version"]).is_none() {
        missing.push("`node` not found on PATH (install Node.js 20 or later)".to_string());
    }
    let packages: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            !suite
                .join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        })
        .collect();
    if !packages.is_empty() {
        missing.push(format!(
            "npm packages not installed in tests/browser/node_modules: {} \
             (run: npm ci --ignore-scripts --prefix tests/browser)",
            packages.join(", ")
        ));
    }
    let browser = chromium();
    if !browser.is_file() {
        missing.push(format!(
            "no browser at {} (install Debian's chromium: apt-get install chromium)",
            browser.display()
        ));
    }
    missing
}

/// Whether what `what` needs is installed; when not, fails with `CI=true` and otherwise says
/// loudly that it is skipped.
fn ready(suite: &Path, packages: &[&str], what: &str) -> bool {
    let missing = missing_prerequisites(suite, packages);
    if missing.is_empty() {
        return true;
    }
    let reason = missing.join("; ");
    assert!(!in_ci(), "the {what} cannot run with CI=true: {reason}");
    loud(&format!("SKIPPED {what}: {reason}"));
    false
}

/// Builds the reference site with this test run's program into `dir`/site.
fn build_reference_site(root: &Path, dir: &Path) -> PathBuf {
    let site = dir.join("site");
    let build = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&site)
        .output()
        .expect("run bulletin build");
    assert!(
        build.status.success(),
        "building the reference site failed:\n{}{}",
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );
    site
}

#[test]
fn site_works_in_a_real_browser() {
    let root = repo_root();
    let suite = root.join("tests").join("browser");
    let ci = in_ci();
    let _one_browser = ONE_BROWSER.lock().unwrap_or_else(PoisonError::into_inner);

    if !ready(
        &suite,
        &["playwright-core", "axe-core", "vnu-jar"],
        "browser tests",
    ) {
        return;
    }
    if probe("java", &["-version"]).is_none() {
        let reason = "`java` not found on PATH (install a Java runtime: apt-get install default-jre-headless)";
        assert!(
            !ci,
            "HTML validation (Nu HTML Checker) cannot run with CI=true: {reason}"
        );
        loud(&format!(
            "SKIPPED HTML validation (Nu HTML Checker): {reason}; the browser checks still run"
        ));
    }

    let tmp = tempfile::tempdir().expect("temp dir");
    let site = build_reference_site(&root, tmp.path());

    // The suite's output goes straight to the terminal: its closing lines are node's
    // `ℹ tests / pass / fail` counts, after the browser, axe, link and vnu summaries.
    let status = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-concurrency=1")
        .arg("--test-timeout=300000")
        .arg(suite.join("site.test.mjs"))
        .arg(suite.join("injection.test.mjs"))
        .current_dir(&root)
        .env("BULLETIN_SITE_DIR", &site)
        // The program this test run built, so the injection test does not compile another.
        .env("BULLETIN_BIN", env!("CARGO_BIN_EXE_bulletin"))
        .env("BULLETIN_ROOT", &root)
        .env("BULLETIN_CHROMIUM", chromium())
        .stdin(Stdio::null())
        .status()
        .expect("run node --test");
    assert!(
        status.success(),
        "browser tests failed ({status}); the failing checks are listed above"
    );
}

#[test]
fn site_works_from_disk_and_under_a_sub_path() {
    let root = repo_root();
    let suite = root.join("tests").join("browser");
    let _one_browser = ONE_BROWSER.lock().unwrap_or_else(PoisonError::into_inner);

    if !ready(
        &suite,
        &["playwright-core"],
        "file:// and sub-path browser tests",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = build_reference_site(&root, tmp.path());

    // Every page opened from disk, then served under /some/deep/sub/; the sub-path suite also
    // builds the site for that sub-path with this program, to check its 404 page there.
    let status = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-concurrency=1")
        .arg("--test-timeout=300000")
        .arg(suite.join("files.test.mjs"))
        .arg(suite.join("subpath.test.mjs"))
        .current_dir(&root)
        .env("BULLETIN_SITE_DIR", &site)
        .env("BULLETIN_BIN", env!("CARGO_BIN_EXE_bulletin"))
        .env("BULLETIN_ROOT", &root)
        .env("BULLETIN_CHROMIUM", chromium())
        .stdin(Stdio::null())
        .status()
        .expect("run node --test");
    assert!(
        status.success(),
        "the file:// and sub-path browser tests failed ({status}); the failing checks are listed above"
    );
}

#[test]
fn preview_reloads_and_shows_mistakes_in_a_real_browser() {
    let root = repo_root();
    let suite = root.join("tests").join("browser");
    let _one_browser = ONE_BROWSER.lock().unwrap_or_else(PoisonError::into_inner);

    if !ready(&suite, &["playwright-core"], "serve browser test") {
        return;
    }

    // Serves a copy of the site it makes itself; its output goes straight to the terminal.
    let status = Command::new("node")
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-timeout=300000")
        .arg(suite.join("serve.test.mjs"))
        .current_dir(&root)
        .env("BULLETIN_BIN", env!("CARGO_BIN_EXE_bulletin"))
        .env("BULLETIN_CHROMIUM", chromium())
        .stdin(Stdio::null())
        .status()
        .expect("run node --test");
    assert!(
        status.success(),
        "the serve browser test failed ({status}); the failing checks are listed above"
    );
}

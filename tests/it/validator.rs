//! Every generated page passes the Nu HTML Checker (npm `vnu-jar`, run
//! with Java). `tests/run.sh` installs it; this test fails, and says how
//! to fix it, when the checker is missing.

use crate::helpers::{repo, TestSite};
use std::path::PathBuf;

fn vnu_jar() -> PathBuf {
    std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar"))
}

fn validate(site: &TestSite) {
    let jar = vnu_jar();
    assert!(
        jar.is_file(),
        "the Nu HTML Checker is not installed at {}: run `bash tests/run.sh` (or `npm ci --prefix tests/browser`)",
        jar.display()
    );
    let out_dir = site.root().join("public");
    let out = site.cli(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = walkdir::WalkDir::new(&out_dir)
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert!(pages > 5, "only {pages} pages to check");
    let result = std::process::Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(&out_dir)
        .output()
        .expect("java must be installed to run the Nu HTML Checker");
    let report = String::from_utf8_lossy(&result.stderr).to_string()
        + &String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success() && report.trim().is_empty(),
        "Nu HTML Checker errors:\n{report}"
    );
}

#[test]
fn bundled_site_passes_the_nu_html_checker() {
    validate(&TestSite::bundled());
}

#[test]
fn kitchen_sink_passes_the_nu_html_checker() {
    validate(&TestSite::fixture("kitchen-sink"));
}

#[test]
fn components_fixture_passes_the_nu_html_checker() {
    validate(&TestSite::fixture("components"));
}

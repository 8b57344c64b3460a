//! `TestSite`: a site in a temporary folder, built with the library or the
//! real binary, with assertions that read like the behaviour they check.

use camnang::diagnostics::Error;
use camnang::output::MemorySink;
use camnang::site::{BuildOptions, Site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The repository root (for fixtures and the bundled site).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Reads every file under a folder into a map by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            files.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
    options: BuildOptions,
}

impl TestSite {
    /// The `minimal` fixture: a config, a home page, one section, one lesson.
    pub fn minimal() -> Self {
        Self::fixture("minimal")
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = Self::empty();
        copy_dir(&repo().join("tests/fixtures").join(name), site.root());
        site
    }

    /// A copy of the bundled default site (site-config.yaml and content/).
    pub fn bundled() -> Self {
        let site = Self::empty();
        std::fs::copy(
            repo().join("site-config.yaml"),
            site.root().join("site-config.yaml"),
        )
        .unwrap();
        copy_dir(&repo().join("content"), &site.root().join("content"));
        site
    }

    /// An empty folder.
    pub fn empty() -> Self {
        TestSite {
            dir: tempfile::Builder::new()
                .prefix("camnang-test")
                .tempdir()
                .unwrap(),
            options: BuildOptions::default(),
        }
    }

    /// Writes (or replaces) a file.
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        self.write(path, contents);
        self
    }

    /// Writes (or replaces) a file in place, as an editor would while the
    /// site is being served.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
    }

    /// Deletes a file in place, as a teacher would while the site is served.
    pub fn delete(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).unwrap();
    }

    /// Moves a file in place.
    pub fn rename(&self, from: &str, to: &str) {
        let to = self.root().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::rename(self.root().join(from), to).unwrap();
    }

    /// Removes a file.
    pub fn remove(self, path: &str) -> Self {
        std::fs::remove_file(self.root().join(path)).unwrap();
        self
    }

    /// Builds with drafts.
    pub fn drafts(mut self) -> Self {
        self.options.drafts = true;
        self
    }

    /// Builds as if today were `date` (for review-date warnings).
    pub fn today(mut self, date: &str) -> Self {
        self.options.today = Some(camnang::content::Date::parse(date).unwrap());
        self
    }

    /// Builds the portable copy (relative links, for `file://`).
    pub fn portable(mut self) -> Self {
        self.options.portable = true;
        self
    }

    /// Renders each page with its Markdown's HTML in the context instead
    /// of putting the HTML in after (`camnang::render::splice`).
    pub fn without_splicing(mut self) -> Self {
        self.options.without_splicing = true;
        self
    }

    /// Looks the theme's UI strings up on every page instead of writing
    /// them into the templates (`camnang::render::Prepare`).
    pub fn without_folding(mut self) -> Self {
        self.options.without_folding = true;
        self
    }

    /// Overrides the base URL.
    pub fn base_url(mut self, url: &str) -> Self {
        self.options.base_url = Some(url.to_string());
        self
    }

    /// The site folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Builds in memory.
    pub fn build(&self) -> Result<Built, Error> {
        let site = Site::load(self.root(), self.options.clone())?;
        let sink = MemorySink::new();
        let report = site.build(&sink)?;
        Ok(Built {
            files: sink.into_files(),
            warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
        })
    }

    /// Builds and expects success, showing the errors otherwise.
    #[track_caller]
    pub fn build_ok(&self) -> Built {
        match self.build() {
            Ok(b) => b,
            Err(e) => panic!("build failed:\n{}", camnang::diagnostics::report(&e)),
        }
    }

    /// Builds and expects failure; returns the printed error.
    #[track_caller]
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(e) => camnang::diagnostics::report(&e),
        }
    }

    /// Runs the real `camnang` binary with `--root` set to this site.
    pub fn cli(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_camnang"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .unwrap()
    }
}

/// The files of a build.
pub struct Built {
    /// Every file by output path.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The build's warnings, as printed.
    pub warnings: Vec<String>,
}

impl Built {
    /// Whether a file was written.
    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// A file as text.
    #[track_caller]
    pub fn text(&self, path: &str) -> String {
        let bytes = self.files.get(path).unwrap_or_else(|| {
            panic!(
                "no file {path}; have: {:?}",
                self.files.keys().collect::<Vec<_>>()
            )
        });
        String::from_utf8(bytes.clone()).unwrap()
    }

    /// A page parsed as HTML.
    pub fn html(&self, path: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.text(path))
    }

    /// The texts of the elements matching `selector` on a page.
    pub fn select_text(&self, path: &str, selector: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html(path)
            .select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    /// An attribute of the elements matching `selector` on a page.
    pub fn select_attr(&self, path: &str, selector: &str, attr: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html(path)
            .select(&sel)
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }
}

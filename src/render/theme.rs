//! A theme: `themes/<name>/{templates,static,theme.yaml}`. The default theme
//! is embedded in the binary; a site's own `templates/` and `static/`
//! override theme files one by one.

use crate::config::{SiteConfig, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Error, Result};
use include_dir::{include_dir, Dir};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The built-in default theme.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and the file it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The template text.
    pub text: String,
    /// Where it came from, for errors (e.g. `themes/default/templates/page.html`).
    pub origin: PathBuf,
}

/// A static file to copy into the output.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Part of the built-in theme.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

impl StaticFile {
    /// The file's bytes.
    pub fn read(&self) -> Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            StaticFile::Embedded(b) => Ok(std::borrow::Cow::Borrowed(b)),
            StaticFile::Disk(p) => std::fs::read(p)
                .map(std::borrow::Cow::Owned)
                .map_err(|e| Error::io("read", p, e)),
        }
    }
}

/// `theme.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeManifest {
    #[allow(dead_code)]
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    /// UI strings by language.
    #[serde(default)]
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

/// A loaded theme with the site's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Templates by name (`page.html`, `partials/header.html`, …).
    pub templates: BTreeMap<String, TemplateSource>,
    /// Static files by output path.
    pub statics: BTreeMap<String, StaticFile>,
    /// UI strings in the site's language (falling back to Vietnamese).
    pub strings: BTreeMap<String, String>,
    /// Archetypes for `camnang new`, by name.
    pub archetypes: BTreeMap<String, String>,
}

impl Theme {
    /// The key of everything a template render can see of the theme: every
    /// template's name, origin and text, and the UI strings.
    pub fn templates_key(&self) -> crate::cache::Key {
        let mut h = crate::cache::KeyHasher::new();
        for (name, t) in &self.templates {
            h.str(name).str(&t.origin.to_string_lossy()).str(&t.text);
        }
        for (k, v) in &self.strings {
            h.str(k).str(v);
        }
        h.finish()
    }

    /// Loads the configured theme from `root/themes/<name>/`, or the built-in
    /// default, then applies `root/templates/` and `root/static/`.
    pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme> {
        let dir = root.join("themes").join(&config.theme);
        let mut theme = Theme {
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
            strings: BTreeMap::new(),
            archetypes: BTreeMap::new(),
        };
        let manifest_text;
        let manifest_origin;
        if dir.is_dir() {
            let shown = PathBuf::from("themes").join(&config.theme);
            for (folder, kind) in [
                ("templates", Kind::Template),
                ("static", Kind::Static),
                ("archetypes", Kind::Archetype),
            ] {
                theme.read_disk(&dir.join(folder), &shown.join(folder), root, kind)?;
            }
            manifest_origin = shown.join("theme.yaml");
            let path = dir.join("theme.yaml");
            manifest_text = if path.exists() {
                crate::content::read_text(&path, &manifest_origin, 1 << 20)?
            } else {
                String::new()
            };
        } else if config.theme == "default" {
            theme.read_embedded();
            manifest_origin = PathBuf::from("themes/default/theme.yaml");
            manifest_text = DEFAULT_THEME
                .get_file("theme.yaml")
                .and_then(|f| f.contents_utf8())
                .unwrap_or("")
                .to_string();
        } else {
            let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
            let line = crate::content::find_line_of(&text, "theme:");
            return Err(Error::one(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("the theme `{}` does not exist", config.theme),
                )
                .at(line, 1)
                .hint(format!(
                    "create themes/{}/templates/, or use `theme: default` (built in)",
                    config.theme
                ))
                .with_source(&text),
            ));
        }
        let manifest: ThemeManifest = if manifest_text.trim().is_empty() {
            ThemeManifest::default()
        } else {
            crate::yaml::parse(&manifest_text, &manifest_origin, &manifest_text, 0)
                .map_err(Error::one)?
        };
        let mut strings = manifest.strings.get("vi").cloned().unwrap_or_default();
        if let Some(lang) = manifest.strings.get(&config.language) {
            strings.extend(lang.clone());
        }
        // The site's own wording, for strings the theme has.
        for (key, value) in &config.strings {
            if !strings.contains_key(key) {
                let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
                let keys: Vec<&str> = strings.keys().map(String::as_str).collect();
                let hint = match crate::diagnostics::did_you_mean(key, &keys) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!(
                        "the theme's strings are listed in {}",
                        manifest_origin.display()
                    ),
                };
                return Err(Error::one(
                    Diagnostic::error(CONFIG_FILE, format!("the theme has no string `{key}`"))
                        .at(crate::content::find_line_of(&text, &format!("{key}:")), 1)
                        .hint(hint)
                        .with_source(&text),
                ));
            }
            strings.insert(key.clone(), crate::content::normalize_text(value));
        }
        theme.strings = strings;
        theme.read_disk(
            &root.join("templates"),
            Path::new("templates"),
            root,
            Kind::Template,
        )?;
        theme.read_disk(
            &root.join("static"),
            Path::new("static"),
            root,
            Kind::Static,
        )?;
        Ok(theme)
    }

    fn read_embedded(&mut self) {
        fn walk(dir: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
            out.extend(dir.files());
            for d in dir.dirs() {
                walk(d, out);
            }
        }
        let mut files = Vec::new();
        walk(&DEFAULT_THEME, &mut files);
        for f in files {
            let path = f.path().to_string_lossy().replace('\\', "/");
            let origin = PathBuf::from("themes/default").join(&path);
            if let Some(name) = path.strip_prefix("templates/") {
                self.templates.insert(
                    name.to_string(),
                    TemplateSource {
                        text: f.contents_utf8().unwrap_or("").to_string(),
                        origin,
                    },
                );
            } else if let Some(name) = path.strip_prefix("static/") {
                self.statics
                    .insert(name.to_string(), StaticFile::Embedded(f.contents()));
            } else if let Some(name) = path.strip_prefix("archetypes/") {
                self.archetypes.insert(
                    name.to_string(),
                    f.contents_utf8().unwrap_or("").to_string(),
                );
            }
        }
    }

    fn read_disk(&mut self, dir: &Path, shown: &Path, root: &Path, kind: Kind) -> Result<()> {
        if !dir.is_dir() {
            return Ok(());
        }
        let mut errors = Vec::new();
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf());
                    errors.push(Diagnostic::error(
                        p.unwrap_or_default(),
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let name_os = entry.file_name().to_string_lossy();
            if entry.file_type().is_dir() || name_os.starts_with('.') || name_os.ends_with('~') {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let origin = shown.join(&rel);
            match kind {
                Kind::Static => {
                    self.statics
                        .insert(rel, StaticFile::Disk(entry.path().to_path_buf()));
                }
                Kind::Template | Kind::Archetype => {
                    match crate::content::read_text(entry.path(), &origin, 4 << 20) {
                        Ok(text) if kind == Kind::Template => {
                            self.templates.insert(rel, TemplateSource { text, origin });
                        }
                        Ok(text) => {
                            self.archetypes.insert(rel, text);
                        }
                        Err(Error::Diagnostics(d)) => errors.extend(d),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        crate::diagnostics::all_ok(errors)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Template,
    Static,
    Archetype,
}

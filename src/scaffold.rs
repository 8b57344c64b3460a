//! `camnang init` and `camnang new`: creating a site and a lesson.

use crate::content::Date;
use crate::diagnostics::{display_path, Error, Result};
use crate::render::Theme;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

/// The bundled default site's lessons, copied by `camnang init`.
static STARTER_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
/// The bundled default site's config.
static STARTER_CONFIG: &str = include_str!("../site-config.yaml");

/// Creates a new site in `dir` (which must not exist, or be empty) from the
/// bundled lessons. The theme stays built in, so the site builds at once.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map_err(|e| Error::io("read", dir, e))?
                .next()
                .is_none();
        if !empty {
            return Err(Error::Refused {
                message: format!("{} already exists and is not empty", display_path(dir)),
                hint: "choose a new folder name, e.g. `camnang init truong-cua-toi`".into(),
            });
        }
    }
    let mut written = Vec::new();
    let mut write = |rel: PathBuf, bytes: &[u8]| -> Result<()> {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io("write", &path, e))?;
        written.push(rel);
        Ok(())
    };
    write(
        PathBuf::from(crate::config::CONFIG_FILE),
        STARTER_CONFIG.as_bytes(),
    )?;
    fn files(d: &'static Dir<'static>, out: &mut Vec<&'static include_dir::File<'static>>) {
        out.extend(d.files());
        for sub in d.dirs() {
            files(sub, out);
        }
    }
    let mut all = Vec::new();
    files(&STARTER_CONTENT, &mut all);
    for f in all {
        write(Path::new("content").join(f.path()), f.contents())?;
    }
    for empty in ["static", "templates"] {
        let p = dir.join(empty);
        std::fs::create_dir_all(&p).map_err(|e| Error::io("create", &p, e))?;
    }
    Ok(written)
}

/// Creates a lesson at `path` (inside `content/`; `.md` is added if
/// missing) from the theme's `lesson.md` archetype, with `title` and
/// today's date filled in. Returns the file's path.
pub fn new_page(root: &Path, path: &str, title: &str, theme: &Theme) -> Result<PathBuf> {
    let rel = path
        .trim_start_matches("./")
        .trim_start_matches("content/")
        .to_string();
    let rel = if rel.ends_with(".md") {
        rel
    } else {
        format!("{rel}.md")
    };
    if rel.split(['/', '\\']).any(|p| p == "..") || Path::new(&rel).is_absolute() {
        return Err(Error::Refused {
            message: format!("`{path}` is outside the content folder"),
            hint: "give a path inside content/, e.g. `vneid/bai-moi.md`".into(),
        });
    }
    let target = root.join("content").join(&rel);
    if target.exists() {
        return Err(Error::Refused {
            message: format!("{} already exists", display_path(&target)),
            hint: "choose another file name".into(),
        });
    }
    let archetype = theme
        .archetypes
        .get("lesson.md")
        .cloned()
        .unwrap_or_else(|| "---\ntitle: {{title}}\ndate: {{date}}\n---\n".into());
    let text = archetype
        .replace("{{title}}", &crate::yaml::quote(title))
        .replace("{{date}}", &Date::today().iso());
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create", parent, e))?;
    }
    std::fs::write(&target, text).map_err(|e| Error::io("write", &target, e))?;
    Ok(target)
}

//! Checks that warn without stopping the build: lessons whose `reviewed`
//! date is too old (procedures like VNeID change often), and images over
//! the size budget (an error when `budgets.enforce` is on).

use crate::config::SiteConfig;
use crate::content::{find_line_of, Date, Library};
use crate::diagnostics::{Diagnostic, Error, Result, Severity};
use crate::render::{StaticFile, Theme};
use std::path::{Path, PathBuf};

const IMAGE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];

/// Whole months from `from` to `to` (0 if `to` is earlier).
fn months_between(from: Date, to: Date) -> u32 {
    use chrono::Datelike;
    let (a, b) = (from.0, to.0);
    let mut months = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
    if b.day() < a.day() {
        months -= 1;
    }
    months.max(0) as u32
}

/// Lessons not reviewed within `review_after_months` of `today`.
pub fn stale_reviews(library: &Library, config: &SiteConfig, today: Date) -> Vec<Diagnostic> {
    let limit = config.review_after_months;
    library
        .pages
        .iter()
        .filter_map(|p| {
            let reviewed = p.doc.meta.reviewed?;
            let age = months_between(reviewed, today);
            (age >= limit).then(|| {
                Diagnostic::warning(
                    &p.doc.shown,
                    format!(
                        "last reviewed on {} ({age} months ago; the limit is {limit} months)",
                        reviewed.display_vi()
                    ),
                )
                .at(find_line_of(&p.doc.text, "reviewed:"), 1)
                .hint("check the lesson against its official sources, then set `reviewed` to today's date")
                .with_source(&p.doc.text)
            })
        })
        .collect()
}

/// Images in `content/` and the site's `static/` over `budgets.image_kb`.
pub fn heavy_images(
    library: &Library,
    theme: &Theme,
    root: &Path,
    config: &SiteConfig,
) -> Result<Vec<Diagnostic>> {
    let limit = u64::from(config.budgets.image_kb) * 1024;
    let is_image = |p: &str| {
        p.rsplit_once('.')
            .is_some_and(|(_, e)| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
    };
    let mut files: Vec<(PathBuf, PathBuf)> = library
        .assets
        .iter()
        .filter(|a| is_image(&a.rel_path))
        .map(|a| {
            let shown = Path::new("content").join(&a.rel_path);
            (root.join(&shown), shown)
        })
        .collect();
    for (name, file) in &theme.statics {
        if let StaticFile::Disk(path) = file {
            if is_image(name) {
                files.push((
                    path.clone(),
                    path.strip_prefix(root).unwrap_or(path).to_path_buf(),
                ));
            }
        }
    }
    let mut found = Vec::new();
    for (path, shown) in files {
        let size = std::fs::metadata(&path)
            .map_err(|e| Error::io("read", &path, e))?
            .len();
        if size > limit {
            let mut d = Diagnostic::warning(
                shown,
                format!(
                    "the image is {} KB, over the budget of {} KB",
                    size.div_ceil(1024),
                    config.budgets.image_kb
                ),
            )
            .hint("resize it (a phone screen needs at most about 1280 px wide) and save it as WebP, or JPEG at quality 80");
            if config.budgets.enforce {
                d.severity = Severity::Error;
            }
            found.push(d);
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_whole_months() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(months_between(d("2024-08-15"), d("2025-08-15")), 12);
        assert_eq!(months_between(d("2024-08-15"), d("2025-08-14")), 11);
        assert_eq!(months_between(d("2025-01-31"), d("2024-01-01")), 0);
    }
}

//! Raw file-system events become typed, de-duplicated changes: which kind
//! of file changed decides how much of the site must be rebuilt.

use crate::content::is_editor_leftover;
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// What kind of site file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A lesson: `content/**/*.md` other than `_index.md`.
    Lesson,
    /// A section's `_index.md`.
    SectionIndex,
    /// Any other file under `content/` (an image next to a lesson).
    ContentAsset,
    /// A template, or the theme's `theme.yaml` (UI strings).
    Template,
    /// A shortcode template (`templates/shortcodes/`).
    Shortcode,
    /// A file under the theme's `static/`.
    ThemeStatic,
    /// A file under the site's own `static/`.
    SiteStatic,
    /// `site-config.yaml`.
    Config,
    /// A whole site folder (`content/`, `templates/`, `static/`, `themes/`)
    /// appeared, went, or was renamed: the watcher follows it.
    Folder,
}

impl ChangeKind {
    /// Whether a change of this kind can affect every page.
    pub fn affects_every_page(self) -> bool {
        matches!(
            self,
            ChangeKind::Template
                | ChangeKind::Shortcode
                | ChangeKind::Config
                | ChangeKind::ThemeStatic
                | ChangeKind::SiteStatic
                | ChangeKind::Folder
        )
    }
}

/// The site folders watched recursively (the root itself is watched only
/// for `site-config.yaml` and these folders coming and going).
pub const WATCHED_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];

/// One changed file, relative to the site root, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    /// What kind of file it is.
    pub kind: ChangeKind,
    /// The path relative to the site root.
    pub path: String,
}

/// Classifies one path. `None` for files that never affect the output:
/// editors' temporary and swap files, the output folder, `.git`, archetypes.
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| is_editor_leftover(p)) {
        return None;
    }
    let kind = match parts.as_slice() {
        ["site-config.yaml"] => ChangeKind::Config,
        [dir] if WATCHED_FOLDERS.contains(dir) => ChangeKind::Folder,
        ["content", .., "_index.md"] => ChangeKind::SectionIndex,
        ["content", .., last] if last.ends_with(".md") => ChangeKind::Lesson,
        ["content", _, ..] => ChangeKind::ContentAsset,
        ["templates", "shortcodes", _, ..] => ChangeKind::Shortcode,
        ["templates", _, ..] => ChangeKind::Template,
        ["static", _, ..] => ChangeKind::SiteStatic,
        ["themes", _, "templates", "shortcodes", _, ..] => ChangeKind::Shortcode,
        ["themes", _, "templates", _, ..] | ["themes", _, "theme.yaml"] => ChangeKind::Template,
        ["themes", _, "static", _, ..] => ChangeKind::ThemeStatic,
        _ => return None,
    };
    Some(Change {
        kind,
        path: parts.join("/"),
    })
}

/// Classifies a batch of event paths into a sorted set without duplicates
/// (an editor's save often reports the same file several times).
pub fn collect<'a>(root: &Path, paths: impl IntoIterator<Item = &'a Path>) -> BTreeSet<Change> {
    paths
        .into_iter()
        .filter_map(|p| classify(root, p))
        .collect()
}

/// Whether an event can change a file: opening, reading and closing a
/// file (the build itself reads every source) or touching its access time
/// change nothing, and rebuilding on them would rebuild forever.
/// A file closed after writing still counts: it ends a save.
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Classifies the paths of a batch of file-system events, skipping events
/// that change nothing ([`is_change`]).
pub fn from_events<'a>(
    root: &Path,
    events: impl IntoIterator<Item = &'a Event>,
) -> BTreeSet<Change> {
    collect(
        root,
        events
            .into_iter()
            .filter(|e| is_change(&e.kind))
            .flat_map(|e| e.paths.iter().map(PathBuf::as_path)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange};

    fn kind(rel: &str) -> Option<ChangeKind> {
        let root = Path::new("/site");
        classify(root, &root.join(rel)).map(|c| c.kind)
    }

    #[test]
    fn each_site_file_gets_its_kind() {
        use ChangeKind::*;
        for (rel, want) in [
            ("content/vneid/kich-hoat.md", Lesson),
            ("content/giao-vien/thanh-phan/index.md", Lesson),
            ("content/vneid/_index.md", SectionIndex),
            ("content/_index.md", SectionIndex),
            (
                "content/giao-vien/thanh-phan-hinh-anh/minh-hoa.svg",
                ContentAsset,
            ),
            ("templates/page.html", Template),
            ("templates/shortcodes/qr.html", Shortcode),
            ("themes/default/templates/partials/head_meta.html", Template),
            ("themes/default/templates/shortcodes/figure.html", Shortcode),
            ("themes/default/theme.yaml", Template),
            ("themes/default/static/style.css", ThemeStatic),
            ("static/logo.png", SiteStatic),
            ("site-config.yaml", Config),
            ("templates", Folder),
            ("content", Folder),
        ] {
            assert_eq!(kind(rel), Some(want), "{rel}");
        }
    }

    #[test]
    fn editor_leftovers_and_unrelated_files_are_ignored() {
        for rel in [
            "content/vneid/.kich-hoat.md.swp",
            "content/vneid/kich-hoat.md~",
            "content/vneid/.#kich-hoat.md",
            "content/vneid/#kich-hoat.md#",
            "content/vneid/4913",
            "content/vneid/kich-hoat.md.tmp",
            "public/index.html",
            ".git/index",
            "target/debug/camnang",
            "themes/default/archetypes/lesson.md",
            "README.md",
            "public",
        ] {
            assert_eq!(kind(rel), None, "{rel}");
        }
        assert_eq!(
            classify(Path::new("/site"), Path::new("/elsewhere/a.md")),
            None
        );
    }

    #[test]
    fn an_atomic_save_becomes_one_change() {
        // Vim: write 4913, write a backup~, rename the new file into place.
        let root = PathBuf::from("/site");
        let events = [
            root.join("content/vneid/4913"),
            root.join("content/vneid/kich-hoat.md~"),
            root.join("content/vneid/kich-hoat.md"),
            root.join("content/vneid/kich-hoat.md"),
            root.join("content/vneid/.kich-hoat.md.swp"),
        ];
        let changes = collect(&root, events.iter().map(PathBuf::as_path));
        assert_eq!(
            changes.into_iter().collect::<Vec<_>>(),
            [Change {
                kind: ChangeKind::Lesson,
                path: "content/vneid/kich-hoat.md".into()
            }]
        );
    }

    #[test]
    fn only_theme_wide_kinds_touch_every_page() {
        assert!(ChangeKind::Template.affects_every_page());
        assert!(ChangeKind::Config.affects_every_page());
        assert!(ChangeKind::Folder.affects_every_page());
        assert!(!ChangeKind::Lesson.affects_every_page());
        assert!(!ChangeKind::ContentAsset.affects_every_page());
    }

    #[test]
    fn reading_files_is_not_a_change() {
        let root = PathBuf::from("/site");
        let event = |kind: EventKind, rel: &str| Event::new(kind).add_path(root.join(rel));
        let events = [
            // What a build does: open and read every source and folder.
            event(
                EventKind::Access(AccessKind::Open(AccessMode::Read)),
                "site-config.yaml",
            ),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                "content/bai-hoc",
            ),
            event(
                EventKind::Access(AccessKind::Read),
                "content/bai-hoc/bai-1.md",
            ),
            event(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
                "content/bai-hoc/bai-2.md",
            ),
        ];
        assert!(from_events(&root, &events).is_empty());
        let events = [
            event(EventKind::Create(CreateKind::Folder), "templates"),
            event(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                "content/bai-hoc/bai-1.md",
            ),
        ];
        let kinds: Vec<ChangeKind> = from_events(&root, &events).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ChangeKind::Lesson, ChangeKind::Folder]);
        // A file closed after writing ends a save.
        let events = [event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "content/bai-hoc/bai-1.md",
        )];
        assert_eq!(from_events(&root, &events).len(), 1);
    }
}

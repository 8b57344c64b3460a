//! Heading ids and the table of contents.

use serde::Serialize;
use std::collections::HashSet;

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 2 for `##`, 3 for `###`, …
    pub level: u8,
    /// The heading's id (the link is `#id`).
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings one level below, until the next heading of this level.
    pub children: Vec<TocEntry>,
}

/// A stable, Vietnamese-safe id from heading text, unique within `taken`.
/// "Bước 2: Quét chip" becomes `buoc-2-quet-chip`; a repeat gets `-1`, `-2`, ….
pub fn heading_id(text: &str, taken: &mut HashSet<String>) -> String {
    let mut base = crate::text::slugify(text);
    if base.is_empty() {
        base = "muc".into();
    } else if base.starts_with(|c: char| c.is_ascii_digit()) {
        base = format!("muc-{base}");
    }
    let mut id = base.clone();
    let mut n = 1;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// Nests a flat list of headings (in document order) into a tree.
pub(crate) fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    fn take(
        iter: &mut std::iter::Peekable<std::vec::IntoIter<TocEntry>>,
        level: u8,
    ) -> Vec<TocEntry> {
        let mut out: Vec<TocEntry> = Vec::new();
        while let Some(next) = iter.peek() {
            if next.level < level {
                break;
            }
            let mut entry = iter.next().expect("peeked");
            let child_level = entry.level + 1;
            entry.children = take(iter, child_level);
            out.push(entry);
        }
        // Held for every page until pages are written.
        out.shrink_to_fit();
        out
    }
    let min = flat.iter().map(|e| e.level).min().unwrap_or(2);
    take(&mut flat.into_iter().peekable(), min)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_folded_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(
            heading_id("Bước 2: Quét chip", &mut taken),
            "buoc-2-quet-chip"
        );
        assert_eq!(
            heading_id("Bước 2: Quét chip", &mut taken),
            "buoc-2-quet-chip-1"
        );
        assert_eq!(heading_id("2025", &mut taken), "muc-2025");
        assert_eq!(heading_id("!!!", &mut taken), "muc");
    }

    #[test]
    fn toc_nests_by_level() {
        let e = |level, id: &str| TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        };
        let tree = nest(vec![e(2, "a"), e(3, "a1"), e(3, "a2"), e(2, "b")]);
        assert_eq!(tree.len(), 2);
        assert_eq!(tree[0].children.len(), 2);
        assert!(tree[1].children.is_empty());
    }
}

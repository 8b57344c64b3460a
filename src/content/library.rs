//! The [`Library`]: sections and pages with their URLs, sorted, linked to
//! their neighbours, grouped into taxonomies, and checked for URL clashes.

use super::load::parent_dir;
use super::{ContentFiles, Document, DocumentKind, FrontMatter, SortBy};
use crate::config::{SiteConfig, TaxonomyConfig};
use crate::diagnostics::{display_path, Diagnostic, Result};
use crate::text::{slugify, sort_key};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the search page is written.
pub const SEARCH_PAGE: &str = "tim-kiem/";

/// A section: a folder with `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` document (synthesised for a home page without one);
    /// shared, so that a library can be copied cheaply with one document
    /// replaced ([`Library::replace_document`]).
    pub doc: Arc<Document>,
    /// The enclosing section (`None` only for home).
    pub parent: Option<usize>,
    /// Pages directly in this section, sorted.
    pub pages: Vec<usize>,
    /// Sections directly below, sorted by weight then title.
    pub subsections: Vec<usize>,
}

/// A page: a lesson.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's document (shared, as in [`Section`]).
    pub doc: Arc<Document>,
    /// The section it belongs to.
    pub section: usize,
    /// The page before it in its section.
    pub prev: Option<usize>,
    /// The page after it in its section.
    pub next: Option<usize>,
    /// Up to [`RELATED_PAGES`] other pages that share its tags or skill,
    /// closest first ([`Library::link_related`]).
    pub related: Vec<usize>,
}

/// How many related pages a page lists.
pub const RELATED_PAGES: usize = 3;
/// Terms with more pages than this are too broad to relate pages: only
/// their first pages (by weight) are looked at, which keeps the cost linear.
const BROAD_TERM: usize = 200;

/// One value of a taxonomy, e.g. the skill `thanh-toan`.
#[derive(Debug, Clone)]
pub struct Term {
    /// The value as written in front matter (first spelling seen).
    pub value: String,
    /// Display name (from the config's `terms`, or the value).
    pub title: String,
    /// URL segment.
    pub slug: String,
    /// Pages with this value, by weight then title.
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its configuration.
    pub config: TaxonomyConfig,
    /// URL segment of the taxonomy, e.g. `ky-nang`.
    pub slug: String,
    /// Terms: the configured ones first, in the config's order (even with
    /// no page yet), then the others by slug.
    pub terms: Vec<Term>,
}

/// An asset file copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path inside `content/`.
    pub rel_path: String,
    /// Path inside the output, e.g. `vneid/dang-ky/anh-1.png`.
    pub output_path: String,
}

/// Everything in `content/`, organised.
#[derive(Debug, Clone)]
pub struct Library {
    /// All sections; index 0 is home.
    pub sections: Vec<Section>,
    /// All pages, sorted by source path.
    pub pages: Vec<Page>,
    /// Configured taxonomies, in config order.
    pub taxonomies: Vec<Taxonomy>,
    /// Non-Markdown files from `content/`.
    pub assets: Vec<Asset>,
    /// Redirects: alias output path → target URL path.
    pub aliases: BTreeMap<String, String>,
    by_rel_path: HashMap<String, (DocumentKind, usize)>,
    assets_by_rel_path: HashMap<String, usize>,
}

impl Library {
    /// Every document's whole text, sections then pages, in order
    /// ([`Document::take_text`]). A document someone else also holds (the
    /// dev server's cache) keeps its text, and gives a copy.
    pub fn take_texts(&mut self) -> (Vec<String>, Vec<String>) {
        fn take(doc: &mut Arc<Document>) -> String {
            match Arc::get_mut(doc) {
                Some(doc) => doc.take_text(),
                None => doc.text.clone(),
            }
        }
        let sections = self.sections.iter_mut().map(|s| take(&mut s.doc));
        let pages = self.pages.iter_mut().map(|p| take(&mut p.doc));
        (sections.collect(), pages.collect())
    }

    /// Organises loaded files. `drafts` keeps draft pages and sections.
    pub fn new(files: ContentFiles, config: &SiteConfig, drafts: bool) -> Result<Library> {
        let (mut section_docs, mut page_docs): (Vec<_>, Vec<_>) = files
            .documents
            .into_iter()
            .partition(|d| d.kind == DocumentKind::Section);
        if !section_docs.iter().any(|d| d.dir.is_empty()) {
            section_docs.push(synthetic_home(config));
        }
        section_docs.sort_by(|a, b| a.dir.cmp(&b.dir));
        if !drafts {
            let draft_dirs: Vec<String> = section_docs
                .iter()
                .filter(|d| d.meta.draft)
                .map(|d| d.dir.clone())
                .collect();
            let inside = |dir: &str| {
                draft_dirs
                    .iter()
                    .any(|d| dir == d || dir.starts_with(&format!("{d}/")))
            };
            section_docs.retain(|d| !inside(&d.dir));
            page_docs.retain(|d| !d.meta.draft && !inside(&d.dir));
        }
        page_docs.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));

        let mut sections: Vec<Section> = section_docs
            .into_iter()
            .map(|mut doc| {
                doc.url_path = url_of_dir(&doc.dir);
                Section {
                    doc: Arc::new(doc),
                    parent: None,
                    pages: Vec::new(),
                    subsections: Vec::new(),
                }
            })
            .collect();
        let dir_index: HashMap<String, usize> = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.doc.dir.clone(), i))
            .collect();
        let owner = |dir: &str| -> usize {
            let mut d = dir;
            loop {
                if let Some(i) = dir_index.get(d) {
                    return *i;
                }
                d = parent_dir(d);
            }
        };
        for i in 1..sections.len() {
            let parent = owner(parent_dir(&sections[i].doc.dir));
            sections[i].parent = Some(parent);
            sections[parent].subsections.push(i);
        }

        let mut pages: Vec<Page> = Vec::with_capacity(page_docs.len());
        for mut doc in page_docs {
            let folder = if doc.bundle {
                parent_dir(&doc.dir)
            } else {
                &doc.dir
            };
            doc.url_path = format!("{}{}/", url_of_dir(folder), doc.slug());
            let section = owner(folder);
            sections[section].pages.push(pages.len());
            pages.push(Page {
                doc: Arc::new(doc),
                section,
                prev: None,
                related: Vec::new(),
                next: None,
            });
        }

        let mut lib = Library {
            sections,
            pages,
            taxonomies: Vec::new(),
            assets: Vec::new(),
            aliases: BTreeMap::new(),
            by_rel_path: HashMap::new(),
            assets_by_rel_path: HashMap::new(),
        };
        lib.sort_and_link();
        let ranks = lib.weight_ranks();
        lib.taxonomies = config
            .taxonomies
            .par_iter()
            .map(|t| lib.collect_taxonomy(t, &ranks))
            .collect();
        lib.link_related();
        lib.place_assets(files.assets);
        lib.index_paths();
        lib.check_urls()?;
        Ok(lib)
    }

    fn sort_and_link(&mut self) {
        for s in 0..self.sections.len() {
            let sort_by = self.sections[s].doc.meta.sort_by.unwrap_or_default();
            let mut ids = std::mem::take(&mut self.sections[s].pages);
            let pages = &self.pages;
            ids.sort_by_cached_key(|&i| {
                page_sort_key(&pages[i].doc.meta, sort_by, &pages[i].doc.rel_path)
            });
            for (pos, &id) in ids.iter().enumerate() {
                self.pages[id].prev = pos.checked_sub(1).map(|p| ids[p]);
                self.pages[id].next = ids.get(pos + 1).copied();
            }
            self.sections[s].pages = ids;
            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            let sections = &self.sections;
            subs.sort_by_cached_key(|&i| {
                page_sort_key(
                    &sections[i].doc.meta,
                    SortBy::Weight,
                    &sections[i].doc.rel_path,
                )
            });
            self.sections[s].subsections = subs;
        }
    }

    /// Relates pages that share tags (2 points each) or a skill (1 point):
    /// the best [`RELATED_PAGES`] of each page, ties in page order.
    ///
    /// Each page is scored on its own (in parallel): its scores go in an
    /// array by page number, and only the best few are sorted.
    fn link_related(&mut self) {
        let n = self.pages.len();
        // For each page, the first pages of each term it is among, and
        // what sharing that term is worth.
        let mut shared: Vec<Vec<(&[usize], u32)>> = vec![Vec::new(); n];
        for tax in &self.taxonomies {
            let points = match tax.config.name.as_str() {
                "tags" => 2,
                "skill" => 1,
                _ => continue,
            };
            for term in &tax.terms {
                let pages = &term.pages[..term.pages.len().min(BROAD_TERM)];
                for &a in pages {
                    shared[a].push((pages, points));
                }
            }
        }
        // Closest first: more points, then the earlier page.
        let order = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        let related: Vec<Vec<usize>> = shared
            .par_iter()
            .enumerate()
            .with_min_len(64)
            .map_init(
                || (vec![0u32; n], Vec::new()),
                |(scores, scored), (a, terms)| {
                    // Every term is worth at least a point: 0 is "not yet".
                    for &(pages, points) in terms {
                        for &b in pages.iter().filter(|&&b| b != a) {
                            if scores[b] == 0 {
                                scored.push(b);
                            }
                            scores[b] += points;
                        }
                    }
                    let mut best: Vec<(u32, usize)> =
                        scored.iter().map(|&b| (scores[b], b)).collect();
                    for b in scored.drain(..) {
                        scores[b] = 0;
                    }
                    if best.len() > RELATED_PAGES {
                        best.select_nth_unstable_by(RELATED_PAGES - 1, order);
                        best.truncate(RELATED_PAGES);
                    }
                    best.sort_unstable_by(order);
                    best.iter().map(|&(_, q)| q).collect()
                },
            )
            .collect();
        for (page, related) in self.pages.iter_mut().zip(related) {
            page.related = related;
        }
    }

    /// Each page's place in the order of [`SortBy::Weight`] (weight,
    /// title, path: no two pages tie), in which taxonomy terms list their
    /// pages. Made once: sorting each term by the keys themselves made a
    /// key for every page of every term.
    fn weight_ranks(&self) -> Vec<u32> {
        let keys: Vec<_> = self
            .pages
            .par_iter()
            .map(|p| page_sort_key(&p.doc.meta, SortBy::Weight, &p.doc.rel_path))
            .collect();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.par_sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        let mut ranks = vec![0; keys.len()];
        for (rank, &page) in order.iter().enumerate() {
            ranks[page] = rank as u32;
        }
        ranks
    }

    fn collect_taxonomy(&self, config: &TaxonomyConfig, ranks: &[u32]) -> Taxonomy {
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        // Configured terms exist even before any lesson uses them (the five
        // skills always show), and come first, in the config's order.
        for (value, title) in &config.terms {
            let slug = slugify(value);
            terms.entry(slug.clone()).or_insert_with(|| Term {
                value: value.clone(),
                title: title.clone(),
                slug,
                pages: Vec::new(),
            });
        }
        // Lessons repeat the same few values: each is slugged once.
        let mut slugs: HashMap<&str, String> = HashMap::new();
        for (id, page) in self.pages.iter().enumerate() {
            for value in page.doc.meta.taxonomy_values(&config.name) {
                let slug = slugs
                    .entry(value.as_str())
                    .or_insert_with(|| slugify(value));
                let term = match terms.get_mut(slug.as_str()) {
                    Some(term) => term,
                    None => terms.entry(slug.clone()).or_insert_with(|| Term {
                        value: value.clone(),
                        title: config.term_title(value).to_string(),
                        slug: slug.clone(),
                        pages: Vec::new(),
                    }),
                };
                // Pages come in order: a page already in the term is its
                // last (a value listed twice, or two values with one slug).
                if term.pages.last() != Some(&id) {
                    term.pages.push(id);
                }
            }
        }
        let order: Vec<String> = config.terms.keys().map(|v| slugify(v)).collect();
        let mut terms: Vec<Term> = terms.into_values().collect();
        terms.sort_by_key(|t| {
            order
                .iter()
                .position(|s| *s == t.slug)
                .unwrap_or(order.len())
        });
        for term in &mut terms {
            term.pages.sort_unstable_by_key(|&i| ranks[i]);
        }
        Taxonomy {
            config: config.clone(),
            slug: config.path_slug(),
            terms,
        }
    }

    fn place_assets(&mut self, assets: Vec<String>) {
        let bundles: HashMap<&str, &str> = self
            .pages
            .iter()
            .filter(|p| p.doc.bundle)
            .map(|p| (p.doc.dir.as_str(), p.doc.url_path.as_str()))
            .collect();
        let placed = assets
            .into_iter()
            .map(|rel| {
                let file = rel.rsplit('/').next().unwrap_or(&rel).to_string();
                let mut dir = parent_dir(&rel);
                let mut tail = Vec::new();
                let output_path = loop {
                    if let Some(url) = bundles.get(dir) {
                        tail.reverse();
                        let mut out = url.to_string();
                        for t in tail {
                            out.push_str(&format!("{t}/"));
                        }
                        break format!("{out}{file}");
                    }
                    if dir.is_empty() {
                        break format!("{}{file}", url_of_dir(parent_dir(&rel)));
                    }
                    tail.push(dir.rsplit('/').next().unwrap_or(dir).to_string());
                    dir = parent_dir(dir);
                };
                Asset {
                    rel_path: rel,
                    output_path,
                }
            })
            .collect();
        self.assets = placed;
    }

    fn index_paths(&mut self) {
        for (i, s) in self.sections.iter().enumerate() {
            self.by_rel_path
                .insert(s.doc.rel_path.clone(), (DocumentKind::Section, i));
        }
        for (i, p) in self.pages.iter().enumerate() {
            self.by_rel_path
                .insert(p.doc.rel_path.clone(), (DocumentKind::Page, i));
        }
        for (i, a) in self.assets.iter().enumerate() {
            self.assets_by_rel_path.insert(a.rel_path.clone(), i);
        }
    }

    /// Every output URL must come from exactly one source.
    fn check_urls(&mut self) -> Result<()> {
        let mut owners: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut errors = Vec::new();
        let mut claim =
            |url: String, who: &PathBuf, line: Option<usize>, errors: &mut Vec<Diagnostic>| {
                if let Some(first) = owners.get(&url) {
                    let mut d = Diagnostic::error(
                        who,
                        format!(
                            "the URL `/{url}` is already produced by {}",
                            display_path(first)
                        ),
                    )
                    .hint("give one of them a different `slug` or file name");
                    if let Some(l) = line {
                        d = d.at(l, 1);
                    }
                    errors.push(d);
                } else {
                    owners.insert(url, who.clone());
                }
            };
        // A file or folder name with no letter or digit (`!!!.md`) slugs
        // to nothing, and its page would land on its parent's URL.
        let docs = self.sections.iter().map(|s| &s.doc);
        for doc in docs.chain(self.pages.iter().map(|p| &p.doc)) {
            if doc.url_path.split('/').rev().skip(1).any(str::is_empty) {
                errors.push(
                    Diagnostic::error(
                        &doc.shown,
                        format!(
                            "the URL `/{}` has an empty part: a file or folder name on its way has no letter or digit",
                            doc.url_path
                        ),
                    )
                    .hint("rename the file or folder, or give the lesson a `slug:` in its front matter"),
                );
            }
        }
        for s in &self.sections {
            claim(s.doc.url_path.clone(), &s.doc.shown, None, &mut errors);
        }
        for p in &self.pages {
            claim(p.doc.url_path.clone(), &p.doc.shown, None, &mut errors);
            claim(
                format!("{}poster/", p.doc.url_path),
                &p.doc.shown,
                None,
                &mut errors,
            );
        }
        claim(
            SEARCH_PAGE.to_string(),
            &PathBuf::from("(the search page)"),
            None,
            &mut errors,
        );
        for t in &self.taxonomies {
            let config_file = PathBuf::from(crate::config::CONFIG_FILE);
            claim(format!("{}/", t.slug), &config_file, None, &mut errors);
            for term in &t.terms {
                claim(
                    format!("{}/{}/", t.slug, term.slug),
                    &config_file,
                    None,
                    &mut errors,
                );
            }
        }
        for a in &self.assets {
            claim(
                a.output_path.clone(),
                &PathBuf::from("content").join(&a.rel_path),
                None,
                &mut errors,
            );
        }
        let mut aliases = BTreeMap::new();
        for p in &self.pages {
            for alias in &p.doc.meta.aliases {
                let line = super::front_matter::find_line(&p.doc.text, "aliases:");
                match alias_path(alias) {
                    Some(path) => {
                        claim(path.clone(), &p.doc.shown, Some(line), &mut errors);
                        aliases.insert(path, p.doc.url_path.clone());
                    }
                    None => errors.push(
                        Diagnostic::error(&p.doc.shown, format!("invalid alias `{alias}`"))
                            .at(line, 1)
                            .hint("write a site path such as `/cu/bai-1/`")
                            .with_source(&p.doc.text),
                    ),
                }
            }
        }
        self.aliases = aliases;
        for e in &mut errors {
            if let Some(doc) = self.document(&e.path) {
                *e = e.clone().with_source(&doc.text);
            }
        }
        crate::diagnostics::all_ok(errors)
    }

    fn document(&self, shown: &std::path::Path) -> Option<&Document> {
        self.sections
            .iter()
            .map(|s| &*s.doc)
            .chain(self.pages.iter().map(|p| &*p.doc))
            .find(|d| d.shown == shown)
    }

    /// The document at a path inside `content/`, if it is built.
    pub fn get(&self, rel_path: &str) -> Option<&Document> {
        self.by_rel_path.get(rel_path).map(|(kind, i)| match kind {
            DocumentKind::Section => &*self.sections[*i].doc,
            DocumentKind::Page => &*self.pages[*i].doc,
        })
    }

    /// Where the document at a path inside `content/` is: its kind and its
    /// index in [`Library::sections`] or [`Library::pages`].
    pub fn position(&self, rel_path: &str) -> Option<(DocumentKind, usize)> {
        self.by_rel_path.get(rel_path).copied()
    }

    /// Puts `doc` in place of the document at `position` (see
    /// [`Library::position`]). Only for a document whose front matter and
    /// path are unchanged: nothing else in the library is updated.
    pub fn replace_document(&mut self, (kind, index): (DocumentKind, usize), doc: Arc<Document>) {
        match kind {
            DocumentKind::Section => self.sections[index].doc = doc,
            DocumentKind::Page => self.pages[index].doc = doc,
        }
    }

    /// The output path of an asset at a path inside `content/`.
    pub fn asset(&self, rel_path: &str) -> Option<&Asset> {
        self.assets_by_rel_path
            .get(rel_path)
            .map(|i| &self.assets[*i])
    }

    /// The sections from home down to (and including) `section`.
    pub fn ancestors(&self, section: usize) -> Vec<usize> {
        let mut chain = vec![section];
        let mut current = section;
        while let Some(p) = self.sections[current].parent {
            chain.push(p);
            current = p;
        }
        chain.reverse();
        chain
    }

    /// Every document (sections first, then pages).
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        self.sections
            .iter()
            .map(|s| &*s.doc)
            .chain(self.pages.iter().map(|p| &*p.doc))
    }
}

fn page_sort_key(
    meta: &FrontMatter,
    sort_by: SortBy,
    rel: &str,
) -> (i64, i64, (String, String), String) {
    let title = sort_key(meta.title.as_deref().unwrap_or(""));
    match sort_by {
        SortBy::Weight => (meta.weight.unwrap_or(i64::MAX), 0, title, rel.to_string()),
        SortBy::Date => {
            let days = meta
                .date
                .map(|d| -i64::from(d.0.num_days_from_ce()))
                .unwrap_or(i64::MAX);
            (days, 0, title, rel.to_string())
        }
        SortBy::Title => (0, 0, title, rel.to_string()),
    }
}

use chrono::Datelike;

/// The URL path of a content folder: each part slugified, ending in `/`.
fn url_of_dir(dir: &str) -> String {
    dir.split('/')
        .filter(|p| !p.is_empty())
        .map(|p| format!("{}/", slugify(p)))
        .collect()
}

/// Normalises an alias into an output path: `/cu/bai-1` → `cu/bai-1/`.
fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty()
        || trimmed.contains("..")
        || trimmed.contains("://")
        || trimmed.contains(['\\', '?', '#', '"', '<', '>'])
    {
        return None;
    }
    if trimmed.ends_with(".html") || trimmed.ends_with('/') {
        Some(trimmed.to_string())
    } else {
        Some(format!("{trimmed}/"))
    }
}

fn synthetic_home(config: &SiteConfig) -> Document {
    Document {
        kind: DocumentKind::Section,
        rel_path: "_index.md".into(),
        shown: PathBuf::from("content/_index.md"),
        text: String::new(),
        body_offset: 0,
        body_line: 1,
        meta: FrontMatter {
            title: Some(config.title.clone()),
            ..FrontMatter::default()
        },
        dir: String::new(),
        bundle: false,
        url_path: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_urls_are_slugified() {
        assert_eq!(url_of_dir("Thanh toán/VNeID"), "thanh-toan/vneid/");
        assert_eq!(url_of_dir(""), "");
    }

    #[test]
    fn taking_texts_keeps_front_matter_and_shared_documents() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        let lesson = "---\ntitle: Bài một\n---\n\n# Bước 1\n\nNội dung dài.\n";
        std::fs::write(content.join("a/mot.md"), lesson).unwrap();
        std::fs::write(content.join("a/hai.md"), lesson.replace("một", "hai")).unwrap();
        let files = crate::content::load_content(dir.path(), &content).unwrap();
        let config = SiteConfig::default();
        let mut library = Library::new(files, &config, false).unwrap();
        let shared = Arc::clone(&library.pages[1].doc);
        let (_, pages) = library.take_texts();
        // Pages are in source order: `a/hai.md` first.
        assert_eq!(pages[0], lesson.replace("một", "hai"));
        let taken = &library.pages[0].doc;
        assert_eq!(taken.body(), "");
        assert_eq!(taken.text, "---\ntitle: Bài hai\n---\n");
        assert_eq!(taken.title(), "Bài hai");
        // A document someone else holds (the dev server's cache) keeps its
        // text and gives a copy.
        assert_eq!(pages[1], lesson);
        assert!(library.pages[1].doc.body().contains("Nội dung dài."));
        assert!(Arc::ptr_eq(&shared, &library.pages[1].doc));
    }

    #[test]
    fn related_pages_are_those_the_plain_count_finds() {
        // 450 lessons: tags shared by many (one by more than BROAD_TERM),
        // by few and by none; skills shared by a third each.
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        let skills = ["dich-vu-cong", "mua-sam", "thanh-toan"];
        for i in 0..450usize {
            let mut tags = vec![format!("t{}", i % 7), format!("u{}", (i * 13) % 40)];
            if i % 2 == 0 {
                tags.push("rong".into());
            }
            if i % 11 == 0 {
                tags.clear();
            }
            let text = format!(
                "---\ntitle: Bài {i}\nweight: {}\nskill: [{}]\ntags: [{}]\n---\n\nNội dung.\n",
                (i * 7) % 50,
                skills[i % 3],
                tags.join(", ")
            );
            std::fs::write(content.join(format!("a/bai-{i:03}.md")), text).unwrap();
        }
        let files = crate::content::load_content(dir.path(), &content).unwrap();
        let library = Library::new(files, &SiteConfig::default(), false).unwrap();
        assert_eq!(library.pages.len(), 450);
        assert!(library
            .taxonomies
            .iter()
            .flat_map(|t| &t.terms)
            .any(|t| t.pages.len() > BROAD_TERM));
        // The plain count: a map of scores per page, every pair of the
        // first pages of each term, all sorted.
        let mut scores: Vec<HashMap<usize, u32>> = vec![HashMap::new(); 450];
        for tax in &library.taxonomies {
            let points = match tax.config.name.as_str() {
                "tags" => 2,
                "skill" => 1,
                _ => continue,
            };
            for term in &tax.terms {
                let pages = &term.pages[..term.pages.len().min(BROAD_TERM)];
                for &a in pages {
                    for &b in pages {
                        if a != b {
                            *scores[a].entry(b).or_default() += points;
                        }
                    }
                }
            }
        }
        let mut with_three = 0;
        for (page, score) in library.pages.iter().zip(scores) {
            let mut best: Vec<(u32, usize)> = score.into_iter().map(|(q, s)| (s, q)).collect();
            best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let plain: Vec<usize> = best.iter().take(RELATED_PAGES).map(|&(_, q)| q).collect();
            assert_eq!(page.related, plain, "{}", page.doc.rel_path);
            with_three += usize::from(page.related.len() == RELATED_PAGES);
        }
        assert!(with_three > 400, "{with_three}");
    }

    #[test]
    fn terms_list_each_page_once_in_weight_order() {
        // Values repeated, and two spellings with one slug ("Mật khẩu",
        // "mat-khau"); weights out of file order, some equal or missing.
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        let tags = [
            "[Mật khẩu, mat-khau]",
            "[Mật khẩu, Mật khẩu, VNeID]",
            "[VNeID, mat-khau]",
            "[vneid]",
        ];
        for i in 0..40usize {
            let weight = match i % 5 {
                0 => String::new(),
                w => format!("weight: {}\n", (w * 7 + i) % 9),
            };
            let text = format!(
                "---\ntitle: Bài {}\n{weight}tags: {}\n---\n\nNội dung.\n",
                (i * 17) % 40,
                tags[i % 4]
            );
            std::fs::write(content.join(format!("a/bai-{i:02}.md")), text).unwrap();
        }
        let files = crate::content::load_content(dir.path(), &content).unwrap();
        let library = Library::new(files, &SiteConfig::default(), false).unwrap();
        let tags = library
            .taxonomies
            .iter()
            .find(|t| t.config.name == "tags")
            .unwrap();
        let key = |&i: &usize| {
            let doc = &library.pages[i].doc;
            page_sort_key(&doc.meta, SortBy::Weight, &doc.rel_path)
        };
        let mut slugs = Vec::new();
        for term in &tags.terms {
            slugs.push(term.slug.as_str());
            let mut want: Vec<usize> = (0..40)
                .filter(|&i| {
                    let meta = &library.pages[i].doc.meta;
                    meta.taxonomy_values("tags")
                        .iter()
                        .any(|v| slugify(v) == term.slug)
                })
                .collect();
            want.sort_by_key(key);
            assert_eq!(term.pages, want, "{}", term.slug);
        }
        assert_eq!(slugs, ["mat-khau", "vneid"]);
    }

    #[test]
    fn aliases_become_output_paths() {
        assert_eq!(alias_path("/cu/bai-1").as_deref(), Some("cu/bai-1/"));
        assert_eq!(alias_path("cu.html").as_deref(), Some("cu.html"));
        assert_eq!(alias_path("/../etc"), None);
        assert_eq!(alias_path("https://x.vn/"), None);
    }
}

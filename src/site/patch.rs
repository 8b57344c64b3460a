//! Patching the last build after an edit to lesson bodies (the dev
//! server's fast path).
//!
//! A full rebuild with a warm cache still looks at every document and
//! every output. When a save changes only the Markdown body of lessons
//! or section indexes, and not what other outputs can see of them, the
//! work is far smaller: read and render those files, update the search
//! index where they changed, and render their own outputs again.
//!
//! What other outputs see of a document, and what a patch therefore
//! requires to be unchanged (otherwise it gives up and a full build runs):
//! - its front matter (lists, feeds, taxonomies, menus and links read
//!   only the front matter and the path): the text before the body must
//!   be the same, byte for byte;
//! - its heading ids (other documents' `#anchor` links are checked
//!   against them);
//! - its highlighted code's classes (the site's `syntax.css` holds the
//!   classes of every page).
//!
//! Everything else a body gives goes only to its own outputs (page,
//! embed and poster, or the section page) and to the search index. The
//! dev server's equivalence test checks patches against clean builds.

use super::markdown_stage::{self, RenderedContent};
use super::write::{SearchInputs, Writer};
use super::{Resolver, Site, SiteShortcodes, Stages};
use crate::cache::{BuildCache, Key};
use crate::content::{Document, DocumentKind, Library};
use crate::markdown::Rendered;
use crate::output::{MemorySink, SiteFiles};
use crate::render::{Templates, Theme};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What a build made, kept by the dev server so that the next save can be
/// patched in ([`Site::patch`]).
pub struct Kept {
    pub(super) theme: Arc<Theme>,
    pub(super) templates: Arc<Templates>,
    pub(super) library: Library,
    pub(super) rendered: RenderedContent,
    /// The URLs of the static files and the syntax stylesheet.
    pub(super) assets: BTreeMap<String, String>,
    /// The key of what rendering a body depends on besides its file
    /// ([`markdown_stage::environment_key`]).
    pub(super) environment: Key,
    pub(super) search: SearchInputs,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Kept({} pages, {} sections)",
            self.library.pages.len(),
            self.library.sections.len()
        )
    }
}

/// One edited document, read and rendered.
struct Edited {
    at: (DocumentKind, usize),
    doc: Arc<Document>,
    rendered: Arc<Rendered>,
}

impl Site {
    /// Applies edits of the documents at `changed` (paths inside
    /// `content/`) to the last build (`kept`, `files`), made by this site
    /// with `cache`. Gives the new files and what to keep, or `None` when
    /// the edits are more than body edits (see the module docs) or fail:
    /// then a full build must run, and reports any error.
    pub fn patch(
        &self,
        mut kept: Kept,
        files: &SiteFiles,
        changed: &[String],
        cache: &BuildCache,
    ) -> Option<(Kept, SiteFiles)> {
        let mut stages = Stages::new(self.options.verbose);
        let patched = self.try_patch(&mut kept, files, changed, cache, &mut stages);
        match patched {
            Some(files) => {
                cache.merge();
                Some((kept, files))
            }
            None => {
                cache.abandon();
                None
            }
        }
    }

    fn try_patch(
        &self,
        kept: &mut Kept,
        files: &SiteFiles,
        changed: &[String],
        cache: &BuildCache,
        stages: &mut Stages,
    ) -> Option<SiteFiles> {
        // Pages hold the search script's URL in a slot (checked again for
        // the new URL below); without it every page would change with the
        // index.
        let (minify, portable) = (self.config.output.minify, self.options.portable);
        if !super::slot::can_fill(files.search_url(), minify, portable) {
            return None;
        }
        let edited = stages
            .run("patch: read and render", || {
                Ok(self.read_and_render(kept, changed, cache))
            })
            .ok()??;
        for e in &edited {
            kept.library.replace_document(e.at, e.doc.clone());
            match e.at {
                (DocumentKind::Section, i) => kept.rendered.sections[i] = e.rendered.clone(),
                (DocumentKind::Page, i) => kept.rendered.pages[i] = e.rendered.clone(),
            }
        }
        let (library, rendered) = (&kept.library, &kept.rendered);
        stages
            .run("patch: check anchors", || {
                markdown_stage::check_anchors_of(
                    library,
                    rendered,
                    edited.iter().map(|e| (&*e.doc, &e.rendered)),
                )
            })
            .ok()?;
        let base = self.config.base();
        let sink = MemorySink::new();
        let writer = Writer {
            site: self,
            library,
            rendered,
            templates: &kept.templates,
            theme: &kept.theme,
            base: &base,
            sink: &sink,
            files: Default::default(),
            cache: Some(cache),
            templates_key: kept.theme.templates_key(),
            search_url: Default::default(),
            site_key: Default::default(),
            common_context: Default::default(),
            folded: Default::default(),
            summaries: Default::default(),
        };
        let mut search = std::mem::take(&mut kept.search);
        if search.terms.len() != search.docs.len() {
            return None;
        }
        let old_search = search.written.clone();
        let search = stages
            .run("patch: search index", || {
                let pages = library.pages.len();
                for e in &edited {
                    let i = match e.at {
                        (DocumentKind::Page, i) => i,
                        (DocumentKind::Section, i) => pages + i,
                    };
                    search.docs[i] = writer.search_doc(&e.doc, &e.rendered);
                    let mut terms = writer.search_terms(std::slice::from_ref(&search.docs[i]))?;
                    if let Some(terms) = terms.pop() {
                        if terms.0 != search.terms[i].0 {
                            cache.search_terms.forget(&search.terms[i].0);
                        }
                        search.terms[i] = terms;
                    }
                }
                // The index files of the last build are replaced below.
                cache.search.forget_all();
                writer.write_search_index(search)
            })
            .ok()?;
        let url = writer.search_url.get()?.clone();
        if !super::slot::can_fill(&url, minify, portable) {
            return None;
        }
        stages
            .run("patch: write pages", || {
                let site = writer.site_context(kept.assets.clone())?;
                for e in &edited {
                    match e.at {
                        (DocumentKind::Section, i) => writer.write_section(&site, i)?,
                        (DocumentKind::Page, i) => writer.write_page(&site, i)?,
                    }
                }
                Ok(())
            })
            .ok()?;
        drop(writer);
        kept.search = search;
        stages
            .run("patch: copy the site", || {
                let mut out = files.clone();
                for path in &old_search {
                    out.remove(path);
                }
                out.extend(sink.into_site_files());
                out.set_search_url(&url);
                Ok(out)
            })
            .ok()
    }

    /// Reads and renders the edited documents; `None` unless each is a
    /// document of the last build whose front matter, heading ids and
    /// code classes are unchanged, and renders without an error.
    fn read_and_render(
        &self,
        kept: &Kept,
        changed: &[String],
        cache: &BuildCache,
    ) -> Option<Vec<Edited>> {
        let library = &kept.library;
        let bundles: BTreeSet<String> = library
            .documents()
            .filter(|d| d.bundle)
            .map(|d| d.dir.clone())
            .collect();
        let base = self.config.base();
        let content_dir = self.content_dir();
        let resolver = Resolver {
            library,
            base: &base,
            content_dir: &content_dir,
        };
        let shortcodes = SiteShortcodes {
            templates: &kept.templates,
            resolver: &resolver,
            strings: &kept.theme.strings,
        };
        let options = markdown_stage::options(&self.config, &kept.theme);
        let mut edited = Vec::new();
        for rel in changed.iter().collect::<BTreeSet<_>>() {
            let at = library.position(rel)?;
            let (old, old_rendered) = match at {
                (DocumentKind::Section, i) => {
                    (&library.sections[i].doc, &kept.rendered.sections[i])
                }
                (DocumentKind::Page, i) => (&library.pages[i].doc, &kept.rendered.pages[i]),
            };
            let mut doc = crate::content::load_one(cache, &self.root, rel, &bundles).ok()?;
            if doc.text[..doc.body_offset] != old.text[..old.body_offset] {
                return None;
            }
            doc.url_path.clone_from(&old.url_path);
            let key = markdown_stage::document_key(&doc, kept.environment);
            // A patch keeps what it makes on top of what is kept
            // ([`BuildCache::merge`]): what it replaces must go, or memory
            // grows with every save.
            let old_key = markdown_stage::document_key(old, kept.environment);
            if old_key != key {
                cache.markdown.forget(&old_key);
            }
            let rendered = cache
                .markdown
                .get_or(key, || {
                    markdown_stage::render_one(&doc, &doc.text, &options, &resolver, &shortcodes)
                        .map(Arc::new)
                })
                .ok()?;
            if rendered.anchors != old_rendered.anchors
                || code_classes(&rendered) != code_classes(old_rendered)
            {
                return None;
            }
            edited.push(Edited {
                at,
                doc: Arc::new(doc),
                rendered,
            });
        }
        Some(edited)
    }
}

/// The highlighting classes a body uses (see `syntax.css`).
fn code_classes(r: &Rendered) -> Option<BTreeSet<String>> {
    r.highlighted
        .then(|| r.code_classes().map(String::from).collect())
}

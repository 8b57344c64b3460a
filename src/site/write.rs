//! The writing stages: static files, pages, taxonomies, feed, sitemap,
//! aliases, 404 and robots.txt, and content files. Pages render and minify
//! in parallel and go straight to the sink, so memory stays flat.

use super::contexts::ContextBuilder;
use super::offline;
use super::render_files::{CommonContexts, Output};
use super::slot;
use super::{RenderedContent, Site};
use crate::cache::{BuildCache, Key, KeyHasher};
use crate::config::BaseUrl;
use crate::content::{find_line_of, Date, Document, Library};
use crate::diagnostics::{Diagnostic, Error, Result};
use crate::markdown::Rendered;
use crate::output::{fingerprinted_name, Sink};
use crate::render::{
    FeedContext, FeedEntry, LinkContext, PosterContext, SiteContext, SitemapEntry, TaxonomyContext,
    Templates, TermContext, TermSummary, Theme,
};
use crate::search::{build_index, DocTerms, IndexState, SearchDoc, Synonyms};
use crate::text::encode_path;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Theme scripts joined (in this order) into the search script, with the
/// index manifest, instead of being copied on their own.
const SEARCH_SCRIPTS: [&str; 2] = ["search-core.js", "search.js"];
/// The theme's service worker, written to the site's root by [`offline`].
const SERVICE_WORKER: &str = "sw.js";

/// Templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 12] = [
    "search.html",
    "page.html",
    "poster.html",
    "embed.html",
    "section.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
    "alias.html",
    "sitemap.xml",
    "atom.xml",
    "robots.txt",
];

/// Fails early when a template is missing, naming who asked for it.
pub fn check_templates(library: &Library, templates: &Templates) -> Result<()> {
    let mut errors = Vec::new();
    for name in REQUIRED_TEMPLATES {
        if !templates.has(name) {
            errors.push(
                Diagnostic::error(format!("templates/{name}"), format!("the theme has no template `{name}`"))
                    .hint("add it to the theme's templates/ folder, or delete the site's templates/ override"),
            );
        }
    }
    for doc in library.documents() {
        if let Some(t) = &doc.meta.template {
            if !templates.has(t) {
                let names = templates.names();
                let hint = match crate::diagnostics::did_you_mean(t, &names) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "put the template in the site's templates/ folder".into(),
                };
                errors.push(
                    Diagnostic::error(&doc.shown, format!("the template `{t}` does not exist"))
                        .at(find_line_of(&doc.text, "template:"), 1)
                        .hint(hint)
                        .with_source(&doc.text),
                );
            }
        }
    }
    crate::diagnostics::all_ok(errors)
}

/// What the search stage indexed and wrote.
#[derive(Debug, Default)]
pub struct SearchInputs {
    /// Every indexed document: pages, then sections, in library order.
    pub docs: Vec<SearchDoc>,
    /// Each document's key and terms (only with a cache).
    pub terms: Vec<(Key, Arc<DocTerms>)>,
    /// The paths written: index parts, then the search script.
    pub written: Vec<String>,
}

/// Writes every output file of one build.
pub struct Writer<'a> {
    /// The site.
    pub site: &'a Site,
    /// The content.
    pub library: &'a Library,
    /// Rendered Markdown.
    pub rendered: &'a RenderedContent,
    /// Compiled templates.
    pub templates: &'a Templates,
    /// The theme.
    pub theme: &'a Theme,
    /// The base URL.
    pub base: &'a BaseUrl,
    /// The sink.
    pub sink: &'a dyn Sink,
    /// Files written so far.
    pub files: AtomicUsize,
    /// Work kept from earlier builds (the dev server), if any.
    pub cache: Option<&'a BuildCache>,
    /// The key of the theme's templates and strings.
    pub templates_key: Key,
    /// The search script's URL, once [`Writer::write_search`] made it.
    pub search_url: std::sync::OnceLock<String>,
    /// The key of the `site` and `config` objects every page gets.
    pub site_key: std::sync::OnceLock<Key>,
    /// The `site` and `config` objects every page gets, as Tera contexts
    /// to start from.
    pub common_context: CommonContexts,
    /// [`Writer::templates`] with the strings of `site` and `config` written
    /// in, once [`Writer::fold_values`] made them.
    pub folded: std::sync::OnceLock<Templates>,
    /// Every page's summary, made once [`Writer::write_documents`] starts:
    /// section and taxonomy pages list them (each page about five times).
    pub summaries: std::sync::OnceLock<Vec<crate::render::PageSummary>>,
}

impl<'a> Writer<'a> {
    fn contexts(&self) -> ContextBuilder<'_> {
        ContextBuilder {
            summaries: self.summaries.get().map_or(&[], Vec::as_slice),
            ..self.contexts_without_summaries()
        }
    }

    /// A [`ContextBuilder`] that makes each summary it is asked for, for
    /// the contexts that outlive this writer's borrow (`site`).
    fn contexts_without_summaries(&self) -> ContextBuilder<'a> {
        ContextBuilder {
            library: self.library,
            rendered: self.rendered,
            config: &self.site.config,
            base: self.base,
            root: &self.site.root,
            summaries: &[],
        }
    }

    /// Writes one file through the sink, and counts it.
    pub(super) fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.sink.write(path, bytes)
    }

    fn write_shared(&self, path: &str, bytes: Arc<[u8]>) -> Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.sink.write_shared(path, bytes)
    }

    /// Bytes derived from `key` alone, kept between builds when there is a cache.
    fn derived(&self, key: Key, make: impl FnOnce() -> Result<Vec<u8>>) -> Result<Arc<[u8]>> {
        match self.cache {
            None => make().map(Arc::from),
            Some(cache) => cache.derived.get_or(key, || make().map(Arc::from)),
        }
    }

    /// Copies the theme's and site's static files; CSS and JS get a
    /// content hash in their names. Returns the `site` context (after
    /// [`Writer::write_search`], which names the search script), and the
    /// assets it was made from (see [`Writer::site_context`]).
    pub fn write_static(&self) -> Result<(SiteContext<'a>, BTreeMap<String, String>)> {
        let assets = self.write_static_files()?;
        Ok((self.site_context(assets.clone())?, assets))
    }

    /// The static files and the syntax stylesheet; returns their URLs by name.
    fn write_static_files(&self) -> Result<BTreeMap<String, String>> {
        if let Some(logo) = &self.site.config.school.logo {
            if !self
                .theme
                .statics
                .contains_key(logo.trim_start_matches('/'))
            {
                let config = crate::config::CONFIG_FILE;
                let text = std::fs::read_to_string(self.site.root.join(config)).unwrap_or_default();
                return Err(Error::one(
                    Diagnostic::error(config, format!("the school logo `{logo}` is not in static/"))
                        .at(find_line_of(&text, "logo:"), 1)
                        .hint("put the image in the site's static/ folder and give its path inside static/, e.g. `images/logo.png`")
                        .with_source(&text),
                ));
            }
        }
        let mut assets = BTreeMap::new();
        for (name, file) in &self.theme.statics {
            if SEARCH_SCRIPTS.contains(&name.as_str()) || name == SERVICE_WORKER {
                continue;
            }
            let mut bytes = file.read()?;
            if name.ends_with(".js") && self.site.config.output.minify {
                bytes = std::borrow::Cow::Owned(self.minified_js(&bytes)?.to_vec());
            }
            // The school's colours override the theme's, in its own stylesheet.
            if name == "style.css" {
                if let Some(brand) = self.site.config.brand_css() {
                    let mut css = bytes.into_owned();
                    css.extend_from_slice(brand.as_bytes());
                    bytes = std::borrow::Cow::Owned(css);
                }
            }
            let out = if name.ends_with(".css") || name.ends_with(".js") {
                let out = fingerprinted_name(name, &bytes);
                assets.insert(name.clone(), self.base.link(&encode_path(&out)));
                out
            } else {
                name.clone()
            };
            self.write(&out, &bytes)?;
        }
        let mut used = std::collections::BTreeSet::new();
        for r in self.rendered.pages.iter().chain(&self.rendered.sections) {
            used.extend(r.code_classes().map(String::from));
        }
        if !used.is_empty() {
            let theme = &self.site.config.markdown.highlight_theme;
            let css = crate::markdown::syntax_css(theme, &used)
                .map_err(|e| Error::one(Diagnostic::error(crate::config::CONFIG_FILE, e)))?;
            let out = fingerprinted_name("syntax.css", css.as_bytes());
            assets.insert("syntax.css".into(), self.base.link(&out));
            self.write(&out, css.as_bytes())?;
        }
        Ok(assets)
    }

    /// The `site` context, from the URLs of the static files: adds the
    /// search script (named by [`Writer::write_search`]) and writes the
    /// offline files, which list every asset.
    pub fn site_context(&self, mut assets: BTreeMap<String, String>) -> Result<SiteContext<'a>> {
        let search = self.search_url.get().cloned().unwrap_or_default();
        assets.insert("search.js".into(), search);
        self.write_offline(&mut assets)?;
        if slot::can_fill(
            &assets["search.js"],
            self.site.config.output.minify,
            self.site.options.portable,
        ) {
            assets.insert("search.js".into(), slot::SEARCH_URL_SLOT.into());
        }
        self.contexts_without_summaries().site(self.theme, assets)
    }

    /// The web app manifest, its icon and the service worker (last: it
    /// lists every other asset).
    fn write_offline(&self, assets: &mut BTreeMap<String, String>) -> Result<()> {
        let config = &self.site.config;
        let icon = offline::icon_svg(&offline::brand_colour(config));
        self.write("icon.svg", icon.as_bytes())?;
        self.write(
            "manifest.webmanifest",
            offline::manifest(config, self.base).as_bytes(),
        )?;
        assets.insert(
            "manifest.webmanifest".into(),
            self.base.link("manifest.webmanifest"),
        );
        let Some(file) = self.theme.statics.get(SERVICE_WORKER) else {
            return Ok(());
        };
        let mut code = file.read()?.into_owned();
        if config.output.minify {
            code = self.minified_js(&code)?.to_vec();
        }
        let worker = offline::service_worker(&code, &offline::shell(self.base, assets));
        self.write(SERVICE_WORKER, &worker)?;
        assets.insert(SERVICE_WORKER.into(), self.base.link(SERVICE_WORKER));
        Ok(())
    }

    /// One document as the search index sees it.
    pub fn search_doc(&self, doc: &Document, r: &Rendered) -> SearchDoc {
        let config = &self.site.config;
        let mut tags = Vec::new();
        for t in &config.taxonomies {
            for v in doc.meta.taxonomy_values(&t.name) {
                tags.push(t.term_title(v).to_string());
            }
        }
        SearchDoc {
            url: crate::text::encode_path(doc.url_path.trim_start_matches('/')),
            title: doc.title().to_string(),
            description: doc.meta.description.clone().unwrap_or_default(),
            tags,
            sections: r
                .text_sections
                .iter()
                .map(|t| {
                    (
                        t.id.clone(),
                        t.heading.clone(),
                        std::sync::Arc::clone(&t.text),
                    )
                })
                .collect(),
        }
    }

    /// The search index parts and the search script (the theme's
    /// `search-core.js` and `search.js` with the index manifest); keeps
    /// the script's URL in [`Writer::search_url`]. Returns what it indexed
    /// and wrote, which the dev server keeps for its next patch.
    pub fn write_search(&self) -> Result<SearchInputs> {
        let pages = self.library.pages.par_iter().zip(&self.rendered.pages);
        let sections = self.library.sections.par_iter();
        let sections = sections.zip(&self.rendered.sections);
        let docs: Vec<SearchDoc> = pages
            .map(|(p, r)| self.search_doc(&p.doc, r))
            .chain(sections.map(|(s, r)| self.search_doc(&s.doc, r)))
            .collect();
        let terms = match self.cache {
            Some(_) => self.search_terms(&docs)?,
            None => Vec::new(),
        };
        self.write_search_index(SearchInputs {
            docs,
            terms,
            written: Vec::new(),
        })
    }

    /// [`Writer::write_search`] of documents already made: pages first,
    /// then sections, in library order (with their terms when there is a
    /// cache).
    pub fn write_search_index(&self, mut inputs: SearchInputs) -> Result<SearchInputs> {
        let files = self.search_index(&inputs)?;
        // Thousands of small files on a large site: written in parallel,
        // as pages are.
        collect(
            files
                .files
                .par_iter()
                .map(|(path, body)| self.write_shared(path, Arc::<[u8]>::from(Arc::clone(body))))
                .collect(),
        )?;
        inputs.written.clear();
        inputs
            .written
            .extend(files.files.iter().map(|(path, _)| path.clone()));
        let mut code = Vec::new();
        for name in SEARCH_SCRIPTS {
            let file = self.theme.statics.get(name).ok_or_else(|| {
                Error::one(Diagnostic::error(
                    format!("themes/{}/static/{name}", self.site.config.theme),
                    "the theme has no search script",
                ))
            })?;
            code.extend_from_slice(&file.read()?);
            code.push(b'\n');
        }
        if self.site.config.output.minify {
            code = self.minified_js(&code)?.to_vec();
        }
        // The manifest goes on the first line, so the code's size can be
        // measured apart from it.
        let mut bundle = format!("window.camnangIndex={};\n", files.manifest).into_bytes();
        bundle.extend_from_slice(&code);
        let out = fingerprinted_name("search/search.js", &bundle);
        self.write(&out, &bundle)?;
        inputs.written.push(out.clone());
        // Set once per build; a second call would be a bug in the stages.
        let _ = self.search_url.set(self.base.link(&out));
        Ok(inputs)
    }

    /// The key of the search settings (the synonyms).
    fn search_setting(&self) -> Key {
        let configured = &self.site.config.search.synonyms;
        KeyHasher::new().str(&format!("{configured:?}")).finish()
    }

    /// Each document's key and terms, kept between builds by that key.
    pub fn search_terms(&self, docs: &[SearchDoc]) -> Result<Vec<(Key, Arc<DocTerms>)>> {
        let synonyms = Synonyms::new(&self.site.config.search.synonyms);
        let setting = self.search_setting();
        docs.par_iter()
            .map(|d| {
                let key = search_doc_key(d, setting);
                let make = || Arc::new(crate::search::collect(d, &synonyms));
                let terms = match self.cache {
                    Some(cache) => cache.search_terms.get_or(key, || Ok::<_, Error>(make()))?,
                    None => make(),
                };
                Ok((key, terms))
            })
            .collect()
    }

    /// The search index of `inputs`. With a cache, the index is scored
    /// again only when a document or the synonyms changed, and then only
    /// where they changed ([`IndexState::update`]).
    fn search_index(&self, inputs: &SearchInputs) -> Result<Arc<crate::search::IndexFiles>> {
        let synonyms = Synonyms::new(&self.site.config.search.synonyms);
        let docs = &inputs.docs;
        let Some(cache) = self.cache else {
            return Ok(Arc::new(build_index(docs, &synonyms)));
        };
        let setting = self.search_setting();
        let mut whole = KeyHasher::new();
        whole.u128(setting);
        for (key, _) in &inputs.terms {
            whole.u128(*key);
        }
        cache.search.get_or(whole.finish(), || {
            let (keys, collected): (Vec<Key>, Vec<Arc<DocTerms>>) =
                inputs.terms.iter().cloned().unzip();
            let mut kept = cache
                .search_state
                .0
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            let state = match kept.take() {
                Some((made_with, mut state)) if made_with == setting => {
                    state.update(collected, keys, docs, &synonyms);
                    state
                }
                _ => IndexState::new(collected, keys, docs, &synonyms),
            };
            let (_, state) = kept.insert((setting, state));
            Ok(Arc::new(state.files(docs)))
        })
    }

    /// A script minified, kept between builds by its text.
    fn minified_js(&self, code: &[u8]) -> Result<Arc<[u8]>> {
        let key = KeyHasher::new().str("minify js").bytes(code).finish();
        self.derived(key, || Ok(crate::output::minify_js(code)))
    }

    /// Renders every section and page.
    pub fn write_documents(&self, site: &SiteContext) -> Result<()> {
        // Made here, before the pages that list them: not in a rayon job,
        // where a `get_or_init` could wait on itself.
        if self.summaries.get().is_none() {
            let _ = self.summaries.set(self.contexts().summaries());
        }
        let sections = (0..self.library.sections.len())
            .into_par_iter()
            .map(|i| self.write_section(site, i));
        let pages = (0..self.library.pages.len())
            .into_par_iter()
            .map(|i| self.write_page(site, i));
        collect(sections.chain(pages).collect())
    }

    /// Renders one section's page.
    pub fn write_section(&self, site: &SiteContext, i: usize) -> Result<()> {
        let doc = &self.library.sections[i].doc;
        let template = match &doc.meta.template {
            Some(t) => t.as_str(),
            None if i == 0 && self.templates.has("index.html") => "index.html",
            None => "section.html",
        };
        #[derive(Serialize)]
        struct V<'s> {
            section: crate::render::SectionContext<'s>,
        }
        self.render_to(
            site,
            template,
            &format!("{}index.html", doc.url_path),
            V {
                section: self.contexts().section(i),
            },
        )
    }

    /// Renders one lesson: its page, poster and embed.
    pub fn write_page(&self, site: &SiteContext, i: usize) -> Result<()> {
        let cx = self.contexts();
        let doc = &self.library.pages[i].doc;
        let template = doc.meta.template.as_deref().unwrap_or("page.html");
        #[derive(Serialize)]
        struct V<'s> {
            page: crate::render::PageContext<'s>,
        }
        // One context for the three (related lessons and neighbours are
        // looked up once, and the context is made once).
        let page = cx.page(i);
        let poster = self.poster(site, &page, i)?;
        let url_path = &doc.url_path;
        let outputs = vec![
            Output::new(template, format!("{url_path}index.html")),
            Output {
                extra: Some(("poster", poster)),
                ..Output::new("poster.html", format!("{url_path}poster/index.html"))
            },
            Output::new("embed.html", format!("{url_path}embed/index.html")),
        ];
        self.render_each(site, V { page }, outputs)
    }

    /// The `poster` object of a lesson's printable A4 poster: its key
    /// steps and a QR code.
    fn poster(
        &self,
        site: &SiteContext,
        page: &crate::render::PageContext,
        i: usize,
    ) -> Result<serde_json::Value> {
        let rendered = &self.rendered.pages[i];
        let steps: Vec<String> = if rendered.steps.is_empty() {
            rendered.toc.iter().map(|t| t.title.clone()).collect()
        } else {
            rendered.steps.iter().map(|s| s.title.clone()).collect()
        };
        let label = site.strings.get("qr_label").map_or("QR", String::as_str);
        let title = format!("{label}: {}", page.permalink);
        let key = KeyHasher::new()
            .str("qr")
            .str(&page.permalink)
            .str(&title)
            .finish();
        let qr_svg = self.derived(key, || {
            crate::qr::qr_svg(&page.permalink, &title)
                .map(String::into_bytes)
                .map_err(|e| Error::one(Diagnostic::error(&self.library.pages[i].doc.shown, e)))
        })?;
        let qr_svg = String::from_utf8_lossy(&qr_svg).into_owned();
        let poster = PosterContext {
            steps: steps.into_iter().take(5).collect(),
            qr_svg,
        };
        serde_json::to_value(poster).map_err(|e| crate::render::context_error("poster.html", e))
    }

    /// Taxonomy list pages and term pages.
    pub fn write_taxonomies(&self, site: &SiteContext) -> Result<()> {
        let cx = self.contexts();
        let mut results = Vec::new();
        for tax in &self.library.taxonomies {
            let taxonomy = TaxonomyContext {
                name: tax.config.name.clone(),
                title: tax.config.title.clone(),
                url: cx.url(&format!("{}/", tax.slug)),
                terms: tax
                    .terms
                    .iter()
                    .map(|t| TermSummary {
                        title: t.title.clone(),
                        url: cx.url(&format!("{}/{}/", tax.slug, t.slug)),
                        page_count: t.pages.len(),
                    })
                    .collect(),
            };
            #[derive(Serialize)]
            struct L<'t> {
                taxonomy: &'t TaxonomyContext,
            }
            results.push(self.render_to(
                site,
                "taxonomy_list.html",
                &format!("{}/index.html", tax.slug),
                L {
                    taxonomy: &taxonomy,
                },
            ));
            let terms: Vec<Result<()>> = tax
                .terms
                .par_iter()
                .map(|t| {
                    #[derive(Serialize)]
                    struct T<'t> {
                        taxonomy: &'t TaxonomyContext,
                        term: TermContext<'t>,
                    }
                    let term = TermContext {
                        title: t.title.clone(),
                        url: cx.url(&format!("{}/{}/", tax.slug, t.slug)),
                        pages: t.pages.iter().map(|&p| cx.summary(p)).collect(),
                    };
                    self.render_to(
                        site,
                        "taxonomy_term.html",
                        &format!("{}/{}/index.html", tax.slug, t.slug),
                        T {
                            taxonomy: &taxonomy,
                            term,
                        },
                    )
                })
                .collect();
            results.extend(terms);
        }
        collect(results)
    }

    /// Feed, sitemap, robots.txt, 404 page and alias redirects.
    pub fn write_extras(&self, site: &SiteContext) -> Result<()> {
        // The sitemap and the search page each list every lesson: made side
        // by side, and beside the small files.
        let (sitemap, (search, rest)) = rayon::join(
            || self.write_sitemap(site),
            || {
                rayon::join(
                    || self.write_search_page(site),
                    || self.write_feed_and_small_files(site),
                )
            },
        );
        collect(vec![sitemap, search, rest])
    }

    /// The sitemap: every section, page and taxonomy page.
    fn write_sitemap(&self, site: &SiteContext) -> Result<()> {
        let mut entries = Vec::new();
        for doc in self.library.documents() {
            entries.push(SitemapEntry {
                loc: self.base.absolute(&encode_path(&doc.url_path)),
                lastmod: doc.meta.updated.or(doc.meta.date).map(|d| d.iso()),
            });
        }
        for tax in &self.library.taxonomies {
            entries.push(SitemapEntry {
                loc: self.base.absolute(&format!("{}/", tax.slug)),
                lastmod: None,
            });
            for t in &tax.terms {
                entries.push(SitemapEntry {
                    loc: self.base.absolute(&format!("{}/{}/", tax.slug, t.slug)),
                    lastmod: None,
                });
            }
        }
        entries.sort_by(|a, b| a.loc.cmp(&b.loc));
        #[derive(Serialize)]
        struct S {
            entries: Vec<SitemapEntry>,
        }
        self.render_to(site, "sitemap.xml", "sitemap.xml", S { entries })
    }

    /// The feed (dated lessons, newest first), `robots.txt`, the 404 page
    /// and the redirect pages of aliases.
    fn write_feed_and_small_files(&self, site: &SiteContext) -> Result<()> {
        let cx = self.contexts();
        let config = &self.site.config;
        let mut dated: Vec<(Date, Date, usize)> = self
            .library
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let m = &p.doc.meta;
                let published = m.date.or(m.updated).or(m.reviewed)?;
                Some((m.updated.unwrap_or(published).max(published), published, i))
            })
            .collect();
        dated.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        dated.truncate(config.output.feed_limit);
        let feed = FeedContext {
            feed_url: self.base.absolute("atom.xml"),
            updated: dated
                .first()
                .map(|d| d.0.rfc3339())
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            entries: dated
                .iter()
                .map(|&(updated, published, i)| {
                    let doc = &self.library.pages[i].doc;
                    FeedEntry {
                        title: doc.title().to_string(),
                        permalink: self.base.absolute(&encode_path(&doc.url_path)),
                        published: published.rfc3339(),
                        updated: updated.rfc3339(),
                        summary: doc.meta.description.clone().unwrap_or_default(),
                    }
                })
                .collect(),
        };
        #[derive(Serialize)]
        struct F {
            feed: FeedContext,
        }
        self.render_to(site, "atom.xml", "atom.xml", F { feed })?;

        #[derive(Serialize)]
        struct R {
            sitemap_url: String,
        }
        self.render_to(
            site,
            "robots.txt",
            "robots.txt",
            R {
                sitemap_url: self.base.absolute("sitemap.xml"),
            },
        )?;

        #[derive(Serialize)]
        struct E {}
        self.render_to(site, "404.html", "404.html", E {})?;

        let results: Vec<Result<()>> = self
            .library
            .aliases
            .par_iter()
            .map(|(path, target)| {
                #[derive(Serialize)]
                struct A {
                    redirect: LinkContext,
                }
                let out = if path.ends_with(".html") {
                    path.clone()
                } else {
                    format!("{path}index.html")
                };
                let title = self
                    .library
                    .pages
                    .iter()
                    .find(|p| &p.doc.url_path == target)
                    .map(|p| p.doc.title().to_string())
                    .unwrap_or_default();
                self.render_to(
                    site,
                    "alias.html",
                    &out,
                    A {
                        redirect: LinkContext {
                            title,
                            url: cx.url(target),
                            external: false,
                        },
                    },
                )
            })
            .collect();
        collect(results)
    }

    /// The search page. Without JavaScript it lists every lesson, grouped by
    /// skill, A–Z.
    fn write_search_page(&self, site: &SiteContext) -> Result<()> {
        let cx = self.contexts();
        #[derive(Serialize)]
        struct Group {
            title: String,
            pages: Vec<LinkContext>,
        }
        let mut groups: Vec<Group> = Vec::new();
        let mut grouped = std::collections::BTreeSet::new();
        let by_title = |ids: &mut Vec<usize>| {
            ids.sort_by_cached_key(|&i| crate::text::sort_key(self.library.pages[i].doc.title()))
        };
        if let Some(skills) = self
            .library
            .taxonomies
            .iter()
            .find(|t| t.config.name == "skill")
        {
            for term in &skills.terms {
                let mut ids = term.pages.clone();
                by_title(&mut ids);
                grouped.extend(ids.iter().copied());
                groups.push(Group {
                    title: term.title.clone(),
                    pages: ids
                        .iter()
                        .map(|&i| cx.link(&self.library.pages[i].doc))
                        .collect(),
                });
            }
        }
        let mut rest: Vec<usize> = (0..self.library.pages.len())
            .filter(|i| !grouped.contains(i))
            .collect();
        if !rest.is_empty() {
            by_title(&mut rest);
            groups.push(Group {
                title: site
                    .strings
                    .get("other_lessons")
                    .cloned()
                    .unwrap_or_default(),
                pages: rest
                    .iter()
                    .map(|&i| cx.link(&self.library.pages[i].doc))
                    .collect(),
            });
        }
        #[derive(Serialize)]
        struct S {
            groups: Vec<Group>,
        }
        self.render_to(
            site,
            "search.html",
            &format!("{}index.html", crate::content::SEARCH_PAGE),
            S { groups },
        )
    }

    /// Copies non-Markdown files from `content/` beside their pages.
    pub fn copy_assets(&self) -> Result<()> {
        let content = self.site.content_dir();
        let results: Vec<Result<()>> = self
            .library
            .assets
            .par_iter()
            .map(|a| {
                let src = content.join(&a.rel_path);
                let read = || std::fs::read(&src).map_err(|e| Error::io("read", &src, e));
                // Settled files are trusted by their stamp; others are read.
                match (self.cache, crate::content::file_stamp(&src, false)) {
                    (Some(_), Some((stamp, true))) => {
                        let key = KeyHasher::new()
                            .str("asset")
                            .str(&a.rel_path)
                            .u128(stamp)
                            .finish();
                        self.write_shared(&a.output_path, self.derived(key, read)?)
                    }
                    _ => self.write(&a.output_path, &read()?),
                }
            })
            .collect();
        collect(results)
    }
}

/// The key of everything one document gives the search index.
fn search_doc_key(d: &SearchDoc, setting: Key) -> Key {
    let mut h = KeyHasher::new();
    h.u128(setting)
        .str(&d.url)
        .str(&d.title)
        .str(&d.description);
    h.u128(d.tags.len() as u128);
    for t in &d.tags {
        h.str(t);
    }
    h.u128(d.sections.len() as u128);
    for (anchor, heading, text) in &d.sections {
        h.str(anchor).str(heading).str(text);
    }
    h.finish()
}

/// Merges many results, keeping every diagnostic.
fn collect(results: Vec<Result<()>>) -> Result<()> {
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(()) => {}
            Err(Error::Diagnostics(d)) => diags.extend(d),
            Err(other) => return Err(other),
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        crate::diagnostics::sort(&mut diags);
        diags.dedup();
        Err(Error::Diagnostics(diags))
    }
}

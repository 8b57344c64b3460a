//! Orchestration: [`Site::load`] reads the config, [`Site::build`] runs the
//! stages in order and writes through a [`Sink`]. `build`, `check` and the
//! dev server all use this one path and differ only in their sink.

mod contexts;
mod markdown_stage;
mod offline;
mod patch;
mod render_files;
mod resolver;
mod shortcodes;
pub mod slot;
mod stages;
mod warnings;
mod write;

pub use markdown_stage::RenderedContent;
use markdown_stage::Texts;
pub use patch::Kept;
pub use resolver::{image_size, Resolver};
pub use shortcodes::SiteShortcodes;
pub use stages::Stages;

use crate::cache::BuildCache;
use crate::config::SiteConfig;
use crate::content::{load_content_cached, Library};
use crate::diagnostics::{Diagnostic, Error, Result};
use crate::output::Sink;
use crate::render::{Templates, Theme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Options given on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include drafts.
    pub drafts: bool,
    /// Replace `base_url` from the config.
    pub base_url: Option<String>,
    /// Print each stage and its time.
    pub verbose: bool,
    /// Today's date, for review-date warnings (none: no such warnings).
    pub today: Option<crate::content::Date>,
    /// Relative links, for opening the output from a folder (`file://`);
    /// see [`crate::output::portable`].
    pub portable: bool,
    /// Render each page with its Markdown's HTML in its context instead of
    /// putting the HTML in after ([`crate::render::splice`]). The bytes are
    /// the same (tested); this is slower, and there for that test.
    pub without_splicing: bool,
    /// Look the values of `site` and `config` up on every page instead of
    /// writing them into the templates once
    /// ([`crate::render::Templates::with_values`]). The bytes are the same
    /// (tested); this is slower, and there for that test.
    pub without_folding: bool,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Number of pages (lessons).
    pub pages: usize,
    /// Number of sections, home included.
    pub sections: usize,
    /// Number of files written.
    pub files: usize,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Time per stage.
    pub stages: Vec<(&'static str, Duration)>,
}

/// A site on disk: its folder, config and build options.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site folder (holds `site-config.yaml` and `content/`).
    pub root: PathBuf,
    /// The validated configuration.
    pub config: SiteConfig,
    /// Command-line options.
    pub options: BuildOptions,
}

impl Site {
    /// Reads and validates the site's config.
    pub fn load(root: &Path, options: BuildOptions) -> Result<Site> {
        if !root.join(crate::config::CONFIG_FILE).is_file() {
            return Err(Error::Refused {
                message: format!(
                    "{} has no {}: it is not a camnang site",
                    crate::diagnostics::display_path(root),
                    crate::config::CONFIG_FILE
                ),
                hint: "run camnang in the site folder, pass --root DIR, or create a site with `camnang init DIR`".into(),
            });
        }
        let mut config = SiteConfig::load(root)?;
        if let Some(url) = &options.base_url {
            crate::config::BaseUrl::parse(url).map_err(|why| Error::Refused {
                message: format!("invalid --base-url `{url}`: {why}"),
                hint: "write a full address such as `https://thcs-abc.edu.vn/kynangso/`".into(),
            })?;
            config.base_url = url.clone();
        }
        Ok(Site {
            root: root.to_path_buf(),
            config,
            options,
        })
    }

    /// The content folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Runs every stage and writes the site into `sink`.
    pub fn build(&self, sink: &dyn Sink) -> Result<BuildReport> {
        self.build_cached(sink, None)
    }

    /// [`Site::build`], reusing the work of earlier builds kept in `cache`
    /// (the dev server keeps one between rebuilds). The output is the same
    /// as a build without a cache, byte for byte.
    pub fn build_cached(&self, sink: &dyn Sink, cache: Option<&BuildCache>) -> Result<BuildReport> {
        self.build_kept(sink, cache).map(|(report, _)| report)
    }

    /// [`Site::build_cached`], also giving what the dev server keeps to
    /// patch the next save in ([`Site::patch`]).
    pub fn build_kept(
        &self,
        sink: &dyn Sink,
        cache: Option<&BuildCache>,
    ) -> Result<(BuildReport, Kept)> {
        let result = self.run_stages(sink, cache);
        if let Some(cache) = cache {
            match result {
                Ok(_) => cache.commit(),
                Err(_) => cache.abandon(),
            }
        }
        result
    }

    fn run_stages(
        &self,
        sink: &dyn Sink,
        cache: Option<&BuildCache>,
    ) -> Result<(BuildReport, Kept)> {
        let started = Instant::now();
        let mut stages = Stages::new(self.options.verbose);
        let config = &self.config;
        let theme = Arc::new(stages.run("load theme", || Theme::load(&self.root, config))?);
        let templates = Arc::new(stages.run("compile templates", || {
            Templates::new(&theme, config.output.minify)
        })?);
        let files = stages.run("load content", || {
            load_content_cached(&self.root, &self.content_dir(), cache)
        })?;
        let mut library = stages.run("organise library", || {
            Library::new(files, config, self.options.drafts)
        })?;
        stages.run("check templates", || {
            write::check_templates(&library, &templates)
        })?;
        // A one-off build takes each document's text out of the library and
        // frees it once rendered; the dev server keeps the texts (in its
        // cache) to patch the next save.
        let mut texts = match cache {
            None => {
                let (sections, pages) = library.take_texts();
                let minified = markdown_stage::Minified(config.output.minify);
                Texts::Taken(sections, pages, minified)
            }
            Some(cache) => Texts::Kept(markdown_stage::MarkdownCache {
                cache,
                environment: 0,
            }),
        };
        let base = config.base();
        let content_dir = self.content_dir();
        let resolver = Resolver {
            library: &library,
            base: &base,
            content_dir: &content_dir,
        };
        let shortcodes = SiteShortcodes {
            templates: &templates,
            resolver: &resolver,
            strings: &theme.strings,
        };
        let options = markdown_stage::options(config, &theme);
        let templates_key = theme.templates_key();
        let mut environment = 0;
        let rendered = stages.run("render markdown", || {
            if let Texts::Kept(c) = &mut texts {
                c.environment = markdown_stage::environment_key(
                    &library,
                    &options,
                    &base,
                    templates_key,
                    &content_dir,
                );
                environment = c.environment;
            }
            markdown_stage::render_all(&library, &options, &resolver, &shortcodes, texts)
        })?;
        let writer = write::Writer {
            site: self,
            library: &library,
            rendered: &rendered,
            templates: &templates,
            theme: &theme,
            base: &base,
            sink,
            files: std::sync::atomic::AtomicUsize::new(0),
            cache,
            templates_key,
            search_url: Default::default(),
            site_key: Default::default(),
            common_context: Default::default(),
            folded: Default::default(),
            summaries: Default::default(),
        };
        let search = stages.run("search index", || writer.write_search())?;
        // Only the dev server (which has a cache) patches a build later; a
        // one-off build lets the search text go before rendering pages.
        let search = match cache {
            Some(_) => search,
            None => write::SearchInputs::default(),
        };
        let (site_ctx, assets) = stages.run("static files", || writer.write_static())?;
        stages.run("write site into templates", || {
            writer.fold_values(&site_ctx)
        })?;
        stages.run("render pages", || writer.write_documents(&site_ctx))?;
        stages.run("taxonomies", || writer.write_taxonomies(&site_ctx))?;
        stages.run("feed, sitemap, extras", || writer.write_extras(&site_ctx))?;
        stages.run("copy content files", || writer.copy_assets())?;
        let warnings = stages.run("warnings", || {
            let mut found = match self.options.today {
                Some(today) => warnings::stale_reviews(&library, config, today),
                None => Vec::new(),
            };
            found.extend(warnings::heavy_images(
                &library, &theme, &self.root, config,
            )?);
            if found
                .iter()
                .any(|d| d.severity == crate::diagnostics::Severity::Error)
            {
                return Err(Error::Diagnostics(found));
            }
            crate::diagnostics::sort(&mut found);
            Ok(found)
        })?;
        let report = BuildReport {
            pages: library.pages.len(),
            sections: library.sections.len(),
            files: writer.files.load(std::sync::atomic::Ordering::Relaxed),
            elapsed: started.elapsed(),
            warnings,
            stages: stages.timings,
        };
        drop(site_ctx);
        drop(writer);
        let kept = Kept {
            theme,
            templates,
            library,
            rendered,
            assets,
            environment,
            search,
        };
        Ok((report, kept))
    }
}

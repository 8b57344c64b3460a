//! Rendering templates into files. A page's own objects (`page`,
//! `section`, …) are serialised once and put in a Tera context that starts
//! from the `site` and `config` every page shares ([`CommonContexts`]);
//! several files can be rendered from that one context
//! ([`Writer::render_each`]): a lesson's page, poster and embed are.

use super::slot;
use super::write::Writer;
use crate::cache::{Key, KeyHasher};
use crate::diagnostics::Result;
use crate::render::splice;
use crate::render::SiteContext;
use serde::Serialize;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The context every page starts from (`site` and `config`), made once
/// per build, and copies of it that pages have given back: a page takes
/// one, adds its own objects, and takes them out again after rendering,
/// which spares copying `site` and `config` for every page.
#[derive(Default)]
pub struct CommonContexts {
    made: std::sync::OnceLock<std::result::Result<tera::Context, String>>,
    spare: std::sync::Mutex<Vec<tera::Context>>,
}

/// The objects every page gets.
#[derive(Serialize)]
struct Shared<'s> {
    site: &'s SiteContext<'s>,
    config: &'s crate::config::SiteConfig,
}

/// A page's own objects, as one map.
#[derive(Serialize)]
struct Vars<T: Serialize> {
    #[serde(flatten)]
    vars: T,
}

/// One file rendered by [`Writer::render_each`].
pub struct Output<'o> {
    /// The template.
    pub template: &'o str,
    /// Where the file goes, from the site's root (`a/b/index.html`).
    pub path: String,
    /// An object only this file gets, by name (a poster's `poster`).
    pub extra: Option<(&'static str, serde_json::Value)>,
}

impl<'o> Output<'o> {
    /// A file with nothing of its own.
    pub fn new(template: &'o str, path: String) -> Output<'o> {
        Output {
            template,
            path,
            extra: None,
        }
    }

    /// The page's path from the site root, e.g. `vneid/dang-ky/`.
    fn current_path(&self) -> &str {
        self.path.strip_suffix("index.html").unwrap_or(&self.path)
    }
}

impl Writer<'_> {
    /// The objects every page gets, `site` being `site`.
    fn shared<'s>(&'s self, site: &'s SiteContext<'s>) -> Shared<'s> {
        Shared {
            site,
            config: &self.site.config,
        }
    }

    /// Writes the strings of `site` and `config` into the templates pages
    /// are rendered with ([`crate::render::Templates::with_values`]),
    /// unless the build was asked not to. The pages are the same (tested);
    /// a lesson's page, poster and embed print about 40 such values.
    pub fn fold_values(&self, site: &SiteContext) -> Result<()> {
        if self.site.options.without_folding {
            return Ok(());
        }
        let shared = serde_json::to_value(self.shared(site))
            .map_err(|e| crate::render::context_error("site", e))?;
        if let serde_json::Value::Object(values) = shared {
            if let Some(folded) = self.templates.with_values(&values) {
                // Set once per build; a second call would be a bug in the stages.
                let _ = self.folded.set(folded);
            }
        }
        Ok(())
    }

    /// Renders a template and writes it, minifying HTML. With a cache, a
    /// page whose template and whole context are unchanged is not
    /// rendered again.
    pub(super) fn render_to<T: Serialize>(
        &self,
        site: &SiteContext,
        template: &str,
        path: &str,
        vars: T,
    ) -> Result<()> {
        self.render_each(site, vars, vec![Output::new(template, path.to_string())])
    }

    /// Renders each output from one context, `vars` (serialised once)
    /// with the output's own extra object, and writes it as
    /// [`Writer::render_to`] does. Each output gets its own
    /// `current_path`, and its extra object is taken out again before the
    /// next renders (tested: a lesson's page, poster and embed).
    pub(super) fn render_each<T: Serialize>(
        &self,
        site: &SiteContext,
        vars: T,
        outputs: Vec<Output>,
    ) -> Result<()> {
        let Some(first) = outputs.first() else {
            return Ok(());
        };
        let url = self.search_url.get().map_or("", String::as_str);
        let own = || {
            serde_json::to_value(Vars { vars: &vars })
                .map_err(|e| crate::render::context_error(first.template, e))
        };
        // With a cache, only outputs whose key changed are rendered.
        let todo: Vec<(&Output, Option<Key>)> = match self.cache {
            None => outputs.iter().map(|o| (o, None)).collect(),
            Some(cache) => {
                let vars_key = KeyHasher::new()
                    .serialized(&vars)
                    .map_err(|e| crate::render::context_error(first.template, e))?
                    .finish();
                let mut todo = Vec::new();
                for o in &outputs {
                    let key = self.output_key(site, o, vars_key)?;
                    match cache.outputs.get(&o.path) {
                        Some((known, page)) if known == key => {
                            self.write_filled(&o.path, page, url)?
                        }
                        _ => todo.push((o, Some(key))),
                    }
                }
                todo
            }
        };
        if todo.is_empty() {
            return Ok(());
        }
        let minify = self.minifies(&first.path);
        let splicing = self.templates.splices_html() && !self.site.options.without_splicing;
        // Rendered Markdown goes in after rendering: see `render::splice`.
        let (json, fragments) = splice::standing_in(minify, splicing, own);
        let extras: Vec<&str> = todo
            .iter()
            .filter_map(|(o, _)| o.extra.as_ref().map(|(name, _)| *name))
            .collect();
        let rendered = self.with_page_context(site, first.template, json?, &extras, |ctx| {
            let mut rendered = Vec::with_capacity(todo.len());
            for (o, _) in &todo {
                if self.minifies(&o.path) != minify {
                    // Its Markdown stood in differently: rendered alone below.
                    rendered.push(None);
                    continue;
                }
                ctx.insert("current_path", o.current_path());
                if let Some((name, value)) = &o.extra {
                    ctx.insert(*name, value);
                }
                let bytes = self.render_context(o.template, &o.path, ctx, &fragments);
                if let Some((name, _)) = &o.extra {
                    ctx.remove(name);
                }
                rendered.push(bytes?);
            }
            Ok(rendered)
        })?;
        for ((o, key), bytes) in todo.into_iter().zip(rendered) {
            let bytes = match bytes {
                Some(bytes) => bytes,
                None => self.render_alone(site, o, own)?,
            };
            match (self.cache, key) {
                (Some(cache), Some(key)) => {
                    let page = slot::fill(&bytes, url);
                    cache.outputs.put(o.path.clone(), (key, page.clone()));
                    self.write_filled(&o.path, page, url)?;
                }
                // Nothing keeps the page: written as it is filled.
                (None, _) => self.write(&o.path, &slot::filled(bytes, url))?,
                (Some(_), None) => self.write_filled(&o.path, slot::fill(&bytes, url), url)?,
            }
        }
        Ok(())
    }

    /// Whether the file at `path` is minified HTML.
    fn minifies(&self, path: &str) -> bool {
        path.ends_with(".html") && self.site.config.output.minify
    }

    /// The cache key of one output: its templates, the `site` and `config`
    /// objects, its path, the build's options and its own objects.
    fn output_key(&self, site: &SiteContext, o: &Output, vars_key: Key) -> Result<Key> {
        // `site` and `config` are the same for every page of a build:
        // hashed once, then each page hashes only its own objects.
        let site_key = *self.site_key.get_or_init(|| {
            let mut key = KeyHasher::new();
            // A context that cannot be serialised fails in `render`, which
            // says why.
            let _ = key
                .serialized(site)
                .and_then(|key| key.serialized(&self.site.config));
            key.finish()
        });
        let mut key = KeyHasher::new();
        key.u128(self.templates_key)
            .u128(site_key)
            .str(o.template)
            .str(&o.path)
            .str(&format!(
                "{} {} {}",
                self.site.config.output.minify, self.site.options.portable, self.base.path
            ))
            .u128(vars_key);
        if let Some((name, value)) = &o.extra {
            key.str(name)
                .serialized(value)
                .map_err(|e| crate::render::context_error(o.template, e))?;
        }
        Ok(key.finish())
    }

    /// Renders `o` with a context of its own, the rendered Markdown in
    /// it minified as the file needs and without placeholders: for a file
    /// the shared context did not suit, or whose placeholders did not
    /// come out whole.
    fn render_alone(
        &self,
        site: &SiteContext,
        o: &Output,
        own: impl FnOnce() -> Result<serde_json::Value>,
    ) -> Result<Vec<u8>> {
        let (json, _) = splice::standing_in(self.minifies(&o.path), false, own);
        let mut json = json?;
        if let (Some((name, value)), serde_json::Value::Object(map)) = (&o.extra, &mut json) {
            map.insert(name.to_string(), value.clone());
        }
        self.with_page_context(site, o.template, json, &[], |ctx| {
            ctx.insert("current_path", o.current_path());
            self.render_context(o.template, &o.path, ctx, &[])
        })?
        .ok_or_else(|| crate::render::context_error(o.template, "no page"))
    }

    pub(super) fn write_filled(&self, path: &str, page: slot::Filled, url: &str) -> Result<()> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.sink.write_filled(path, page, url)
    }

    /// Runs `render` with a page's whole context: `site` and `config`,
    /// and `own`, its own objects (`page`, `section`, …). `render` may
    /// add `current_path` and the objects named in `extras`; they are
    /// taken out again with `own`'s.
    fn with_page_context<R>(
        &self,
        site: &SiteContext,
        template: &str,
        own: serde_json::Value,
        extras: &[&str],
        render: impl FnOnce(&mut tera::Context) -> Result<R>,
    ) -> Result<R> {
        let error = |e: &dyn std::fmt::Display| crate::render::context_error(template, e);
        let serde_json::Value::Object(own) = own else {
            return Err(error(&"not an object"));
        };
        let keys: Vec<String> = own.keys().cloned().collect();
        let own =
            tera::Context::from_value(serde_json::Value::Object(own)).map_err(|e| error(&e))?;
        let contexts = &self.common_context;
        let spare = contexts
            .spare
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop();
        let mut ctx = match spare {
            Some(ctx) => ctx,
            None => {
                let made = contexts.made.get_or_init(|| {
                    tera::Context::from_serialize(self.shared(site)).map_err(|e| e.to_string())
                });
                made.clone().map_err(|e| error(&e))?
            }
        };
        ctx.extend(own);
        let result = render(&mut ctx);
        // Given back only as it was taken: a page's own objects never
        // replace `site` or `config`, but if one did, the copy goes.
        let own_names = keys
            .iter()
            .map(String::as_str)
            .chain(extras.iter().copied());
        if !own_names.clone().any(|k| k == "site" || k == "config") {
            for key in own_names.chain(["current_path"]) {
                ctx.remove(key);
            }
            contexts
                .spare
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(ctx);
        }
        result
    }

    /// The bytes of one rendered template (minified HTML when its templates
    /// are), with the rendered Markdown of `fragments` put in ([`splice`]),
    /// made relative for `--portable`. `None` when a placeholder did not
    /// come out whole.
    fn render_context(
        &self,
        template: &str,
        path: &str,
        ctx: &tera::Context,
        fragments: &[Arc<[u8]>],
    ) -> Result<Option<Vec<u8>>> {
        let templates = self.folded.get().unwrap_or(self.templates);
        let html = templates.render_context(template, ctx)?;
        // The templates were minified when they loaded; values they print
        // may still need no quotes, or hold line breaks.
        let mut bytes = if self.minifies(path) {
            crate::render::template_minify::minify_rendered(&html).into_bytes()
        } else {
            html.into_bytes()
        };
        if !fragments.is_empty() {
            match splice::splice(&bytes, fragments) {
                Some(spliced) => bytes = spliced,
                None => return Ok(None),
            }
        }
        if path.ends_with(".html") && self.site.options.portable {
            let text = String::from_utf8_lossy(&bytes);
            bytes = crate::output::portable::relativize(&text, path, &self.base.path).into_bytes();
        }
        Ok(Some(bytes))
    }
}

//! The "render markdown" stage: every document in parallel, then a check
//! that every `#anchor` link points at an existing heading.

use super::Resolver;
use crate::cache::{BuildCache, Key, KeyHasher};
use crate::config::SiteConfig;
use crate::content::{Document, Library};
use crate::diagnostics::{did_you_mean, Diagnostic, Error, Result};
use crate::markdown::official::{classify_url, HostKind};
use crate::markdown::{
    render, AlertLabels, Layout, MarkdownInput, MarkdownOptions, Rendered, ShortcodeRenderer,
};
use crate::render::Theme;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Rendered Markdown kept between builds, with the key of everything a
/// body can see besides its own file (see [`environment_key`]).
#[derive(Clone, Copy)]
pub struct MarkdownCache<'a> {
    /// The cache.
    pub cache: &'a BuildCache,
    /// The key of the environment.
    pub environment: Key,
}

/// The key of everything rendering one body can depend on besides its own
/// file: the options, the base URL, the theme's templates and strings
/// (shortcodes), every document's path and URL, and every content file
/// with its image size. A change to any of these renders every body again.
pub fn environment_key(
    library: &Library,
    options: &MarkdownOptions,
    base: &crate::config::BaseUrl,
    theme_key: Key,
    content_dir: &std::path::Path,
) -> Key {
    let mut h = KeyHasher::new();
    h.str(&format!("{options:?}"))
        .str(&format!("{base:?}"))
        .u128(theme_key);
    for doc in library.documents() {
        h.str(&doc.rel_path).str(&doc.url_path);
    }
    for asset in &library.assets {
        let size = super::image_size(&content_dir.join(&asset.rel_path));
        h.str(&asset.rel_path)
            .str(&asset.output_path)
            .str(&format!("{size:?}"));
    }
    h.finish()
}

/// The key of one body in its environment.
pub fn document_key(doc: &Document, environment: Key) -> Key {
    KeyHasher::new()
        .u128(environment)
        .str(&doc.text)
        .str(&doc.rel_path)
        .str(&doc.shown.to_string_lossy())
        .str(&doc.dir)
        .str(&format!("{:?} {:?}", doc.kind, doc.meta.layout))
        .finish()
}

/// Rendered Markdown of every section and page, by index.
#[derive(Debug, Default)]
pub struct RenderedContent {
    /// Same order as `library.sections`.
    pub sections: Vec<Arc<Rendered>>,
    /// Same order as `library.pages`.
    pub pages: Vec<Arc<Rendered>>,
}

/// Markdown options from the config and the theme's UI strings.
pub fn options(config: &SiteConfig, theme: &Theme) -> MarkdownOptions {
    let s = |key: &str, default: String| theme.strings.get(key).cloned().unwrap_or(default);
    let d = AlertLabels::default();
    let m = &config.markdown;
    MarkdownOptions {
        highlight_code: m.highlight_code,
        smart_punctuation: m.smart_punctuation,
        toc_depth: m.toc_depth,
        sanitize_html: m.sanitize_html,
        allowed_tags: m.allowed_tags.clone(),
        allowed_attributes: m.allowed_attributes.clone(),
        alert_labels: AlertLabels {
            note: s("alert_note", d.note),
            tip: s("alert_tip", d.tip),
            important: s("alert_important", d.important),
            warning: s("alert_warning", d.warning),
            caution: s("alert_caution", d.caution),
        },
        anchor_label: s("heading_anchor", MarkdownOptions::default().anchor_label),
        step_label: s("step_label", MarkdownOptions::default().step_label),
        official_domains: config.official_domains.clone(),
        official_badge: s("official_badge", MarkdownOptions::default().official_badge),
    }
}

/// Renders one document's Markdown, from its file's whole `text`: the
/// document's own ([`Document::text`]) or what was taken from it
/// ([`Document::take_text`]).
pub fn render_one(
    doc: &Document,
    text: &str,
    options: &MarkdownOptions,
    resolver: &Resolver,
    shortcodes: &dyn ShortcodeRenderer,
) -> Result<Rendered, Vec<Diagnostic>> {
    let input = MarkdownInput {
        body: &text[doc.body_offset..],
        file_text: text,
        body_line: doc.body_line,
        shown: &doc.shown,
        rel_path: &doc.rel_path,
        dir: &doc.dir,
        layout: match doc.meta.layout {
            Some(crate::content::LayoutName::Steps) => Layout::Steps,
            None => Layout::Default,
        },
    };
    let mut errors = check_sources(doc, &options.official_domains);
    match render(&input, options, resolver, shortcodes) {
        Ok(r) if errors.is_empty() => Ok(r),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(e);
            Err(errors)
        }
    }
}

/// A lesson's `sources` must not point at look-alikes of official domains.
fn check_sources(doc: &Document, official: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for source in &doc.meta.sources {
        if let HostKind::Lookalike { imitates, why } = classify_url(&source.url, official) {
            let line = doc
                .text
                .lines()
                .position(|l| l.contains(&source.url))
                .map_or(1, |i| i + 1);
            errors.push(
                Diagnostic::error(
                    &doc.shown,
                    format!(
                        "the source `{}` imitates the official domain `{imitates}`: {why}",
                        source.url
                    ),
                )
                .at(line, 1)
                .hint("cite the real official site")
                .with_source(&doc.text),
            );
        }
    }
    errors
}

/// Where the documents' texts are.
pub enum Texts<'a> {
    /// In the documents, which the cache keeps between builds.
    Kept(MarkdownCache<'a>),
    /// Taken out ([`Library::take_texts`]): sections then pages, each
    /// freed once rendered; and whether pages are minified (then each
    /// document's HTML is minified once, before it is packed).
    Taken(Vec<String>, Vec<String>, Minified),
}

/// Whether the site's HTML is minified (`output.minify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minified(pub bool);

/// Renders all documents and checks anchors; reports every error found.
pub fn render_all(
    library: &Library,
    options: &MarkdownOptions,
    resolver: &Resolver,
    shortcodes: &dyn ShortcodeRenderer,
    texts: Texts,
) -> Result<RenderedContent> {
    type Made = Result<Arc<Rendered>, Vec<Diagnostic>>;
    // `pack`: nothing else will hold the result, so its HTML is packed
    // until pages are written (a one-off build); minified first if pages
    // are, as they print it, while it is at hand: pages then put it in as
    // it unpacks, with no second UTF-8 check and no minifying.
    let render = |doc: &Document, text: &str, pack: Option<Minified>| -> Made {
        let mut r = render_one(doc, text, options, resolver, shortcodes)?;
        if let Some(minified) = pack {
            if minified.0 && !r.html.is_empty() {
                let html = crate::render::splice::minify_fragment(&r.html);
                r.set_minified(html);
            }
            r.pack();
        }
        Ok(Arc::new(r))
    };
    let (sections, pages): (Vec<Made>, Vec<Made>) = match texts {
        Texts::Kept(c) => {
            let one = |doc: &Document| {
                let key = document_key(doc, c.environment);
                c.cache
                    .markdown
                    .get_or(key, || render(doc, &doc.text, None))
            };
            (
                library.sections.par_iter().map(|s| one(&s.doc)).collect(),
                library.pages.par_iter().map(|p| one(&p.doc)).collect(),
            )
        }
        Texts::Taken(sections, pages, minified) => (
            (library.sections.par_iter().zip(sections))
                .map(|(s, text)| render(&s.doc, &text, Some(minified)))
                .collect(),
            (library.pages.par_iter().zip(pages))
                .map(|(p, text)| render(&p.doc, &text, Some(minified)))
                .collect(),
        ),
    };
    let mut errors = Vec::new();
    let mut unwrap = |r: Result<Arc<Rendered>, Vec<Diagnostic>>| match r {
        Ok(x) => x,
        Err(d) => {
            errors.extend(d);
            Arc::default()
        }
    };
    let content = RenderedContent {
        sections: sections.into_iter().map(&mut unwrap).collect(),
        pages: pages.into_iter().map(&mut unwrap).collect(),
    };
    if errors.is_empty() {
        check_anchors(library, &content)?;
        Ok(content)
    } else {
        Err(Error::Diagnostics(errors))
    }
}

/// Checks the `#anchor` links of every document.
fn check_anchors(library: &Library, content: &RenderedContent) -> Result<()> {
    let docs = library
        .sections
        .iter()
        .map(|s| &*s.doc)
        .zip(&content.sections)
        .chain(library.pages.iter().map(|p| &*p.doc).zip(&content.pages));
    check_anchors_of(library, content, docs)
}

/// Checks that each `#anchor` link of `docs` points at a heading of its
/// target.
pub fn check_anchors_of<'d>(
    library: &Library,
    content: &RenderedContent,
    docs: impl Iterator<Item = (&'d Document, &'d Arc<Rendered>)>,
) -> Result<()> {
    let anchors_of = |target: &str| -> Option<HashSet<&str>> {
        let rendered = match library.position(target)? {
            (crate::content::DocumentKind::Section, i) => &content.sections[i],
            (crate::content::DocumentKind::Page, i) => &content.pages[i],
        };
        Some(rendered.anchors.iter().map(String::as_str).collect())
    };
    let mut errors = Vec::new();
    for (doc, rendered) in docs {
        for link in &rendered.anchored_links {
            let Some(targets) = anchors_of(&link.target) else {
                continue;
            };
            if targets.contains(link.anchor.as_str()) {
                continue;
            }
            let candidates: Vec<&str> = {
                let mut v: Vec<&str> = targets.iter().copied().collect();
                v.sort_unstable();
                v
            };
            let hint = match did_you_mean(&link.anchor, &candidates) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if candidates.is_empty() => "the target page has no headings".to_string(),
                None => format!(
                    "headings there have the ids: {}",
                    candidates
                        .iter()
                        .take(8)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors.push(
                Diagnostic::error(
                    &doc.shown,
                    format!(
                        "broken anchor: `content/{}` has no heading with the id `{}`",
                        link.target, link.anchor
                    ),
                )
                .at(link.line, link.column)
                .hint(hint)
                .with_source_line(&link.source_line),
            );
        }
    }
    crate::diagnostics::all_ok(errors)
}

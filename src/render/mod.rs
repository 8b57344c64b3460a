//! Themes and templates: loading a theme (built in or on disk) with the
//! site's overrides, the Tera environment, the documented template context
//! structs, and template errors that name the template file and line.

mod context;
mod include_cycle;
pub mod splice;
mod template_error;
pub mod template_minify;
mod theme;

pub use context::{
    Breadcrumb, FeedContext, FeedEntry, Html, JourneyContext, JourneyStep, LinkContext,
    PageContext, PageSummary, PosterContext, QuizContext, SectionContext, SiteContext,
    SitemapEntry, SkillCard, SubsectionSummary, TaxonomyContext, TermContext, TermSummary,
    NAV_SECTIONS,
};
pub use theme::{StaticFile, Theme, DEFAULT_THEME};

use crate::diagnostics::{Diagnostic, Error, Result};
use serde::Serialize;
use std::path::PathBuf;

/// Escapes `& < > " '` (Tera's default also escapes `/`, which bloats every URL).
fn escape(s: &str) -> String {
    crate::markdown::escape_html(s)
}

/// A template context that cannot be built (a bug, or a non-object).
pub fn context_error(template: &str, e: impl std::fmt::Display) -> Error {
    Error::one(Diagnostic::error(
        template,
        format!("cannot build the template context: {e}"),
    ))
}

/// The Tera environment of one build, with every template of the theme
/// and the site's overrides, and where each came from (for errors).
pub struct Templates {
    tera: tera::Tera,
    origins: std::collections::BTreeMap<String, (PathBuf, String)>,
    splices_html: bool,
}

impl Templates {
    /// Compiles every template of `theme`. Parse errors name file and line.
    /// With `minify`, HTML templates lose the whitespace that only lays
    /// out their source ([`template_minify`]), so each page needs only a
    /// light pass.
    pub fn new(theme: &Theme, minify: bool) -> Result<Templates> {
        let origins = theme
            .templates
            .iter()
            .map(|(name, t)| (name.clone(), (t.origin.clone(), t.text.clone())))
            .collect();
        // The templates as written are compiled first, so that errors
        // point at the lines the author sees.
        let written = compile(theme, false)
            .map_err(|e| Error::one(template_error::diagnose(&e, None, &origins)))?;
        // A template the minifier cannot follow keeps its whitespace.
        let tera = if minify {
            compile(theme, true).unwrap_or(written)
        } else {
            written
        };
        if let Some(d) = include_cycle::check(&tera, &origins) {
            return Err(Error::one(d));
        }
        let splices_html =
            splice::prints_html_as_is(theme.templates.values().map(|t| t.text.as_str()));
        Ok(Templates {
            tera,
            origins,
            splices_html,
        })
    }

    /// Whether rendered Markdown can be put into pages after they are
    /// rendered: every template prints it as it is ([`splice`]).
    pub fn splices_html(&self) -> bool {
        self.splices_html
    }

    /// Whether a template exists.
    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// The template names, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.origins.keys().map(String::as_str).collect()
    }

    /// Renders `name` with the serialised `context`.
    pub fn render<C: Serialize>(&self, name: &str, context: &C) -> Result<String> {
        let value = serde_json::to_value(context).map_err(|e| context_error(name, e))?;
        self.render_value(name, value)
    }

    /// Renders `name` with a context already turned into JSON (an object).
    pub fn render_value(&self, name: &str, context: serde_json::Value) -> Result<String> {
        let ctx = tera::Context::from_value(context).map_err(|e| context_error(name, e))?;
        self.render_context(name, &ctx)
    }

    /// Renders `name` with a Tera context.
    pub fn render_context(&self, name: &str, ctx: &tera::Context) -> Result<String> {
        self.tera
            .render(name, ctx)
            .map_err(|e| Error::one(self.diagnose(&e, Some(name))))
    }

    fn diagnose(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        template_error::diagnose(err, rendering, &self.origins)
    }
}

/// A Tera environment with every template of `theme`, its HTML templates
/// minified if `minified`.
fn compile(theme: &Theme, minified: bool) -> std::result::Result<tera::Tera, tera::Error> {
    let texts: Vec<(&str, std::borrow::Cow<str>)> = theme
        .templates
        .iter()
        .map(|(name, t)| {
            let text = if minified && name.ends_with(".html") {
                std::borrow::Cow::Owned(template_minify::minify_template(&t.text))
            } else {
                std::borrow::Cow::Borrowed(t.text.as_str())
            };
            (name.as_str(), text)
        })
        .collect();
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    tera.set_escape_fn(escape);
    tera.add_raw_templates(texts.iter().map(|(name, text)| (*name, text.as_ref())))?;
    Ok(tera)
}

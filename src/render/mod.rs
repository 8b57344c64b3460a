//! Themes and templates: loading a theme (built in or on disk) with the
//! site's overrides, the Tera environment, the documented template context
//! structs, and template errors that name the template file and line.

mod context;
mod fold;
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
    /// With `prepare.minify`, HTML templates lose the whitespace that only
    /// lays out their source ([`template_minify`]), so each page needs only
    /// a light pass; with `prepare.fold_strings`, the theme's UI strings
    /// are written into them ([`fold`]).
    pub fn new(theme: &Theme, prepare: Prepare) -> Result<Templates> {
        let origins = theme
            .templates
            .iter()
            .map(|(name, t)| (name.clone(), (t.origin.clone(), t.text.clone())))
            .collect();
        // The templates as written are compiled first, so that errors
        // point at the lines the author sees.
        let written = compile(theme, Prepare::AS_WRITTEN)
            .map_err(|e| Error::one(template_error::diagnose(&e, None, &origins)))?;
        let prepare = Prepare {
            fold_strings: prepare.fold_strings
                && !fold::binds_site(theme.templates.values().map(|t| t.text.as_str())),
            ..prepare
        };
        // A template the minifier cannot follow keeps its whitespace.
        let tera = if prepare == Prepare::AS_WRITTEN {
            written
        } else {
            compile(theme, prepare).unwrap_or(written)
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

/// How templates are changed before they are compiled, for speed: the
/// pages they make are the same either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prepare {
    /// Minify HTML templates ([`template_minify`]).
    pub minify: bool,
    /// Write the theme's UI strings into the templates ([`fold`]), except
    /// in shortcodes (they are given `strings`, not `site`).
    pub fold_strings: bool,
}

impl Prepare {
    /// The templates as their author wrote them.
    pub const AS_WRITTEN: Prepare = Prepare {
        minify: false,
        fold_strings: false,
    };
}

/// Templates whose printed values Tera escapes.
const AUTOESCAPED: [&str; 3] = [".html", ".xml", ".htm"];

/// A Tera environment with every template of `theme`, prepared as
/// `prepare` says.
fn compile(theme: &Theme, prepare: Prepare) -> std::result::Result<tera::Tera, tera::Error> {
    use std::borrow::Cow;
    let texts: Vec<(&str, Cow<str>)> = theme
        .templates
        .iter()
        .map(|(name, t)| {
            let mut text = Cow::Borrowed(t.text.as_str());
            if prepare.fold_strings && !name.starts_with("shortcodes/") {
                let escape = AUTOESCAPED
                    .iter()
                    .any(|suffix| name.ends_with(suffix))
                    .then_some(escape as fn(&str) -> String);
                if let Cow::Owned(folded) = fold::fold_strings(&text, &theme.strings, escape) {
                    text = Cow::Owned(folded);
                }
            }
            if prepare.minify && name.ends_with(".html") {
                text = Cow::Owned(template_minify::minify_template(&text));
            }
            (name.as_str(), text)
        })
        .collect();
    let mut tera = tera::Tera::default();
    tera.autoescape_on(AUTOESCAPED.to_vec());
    tera.set_escape_fn(escape);
    tera.add_raw_templates(texts.iter().map(|(name, text)| (*name, text.as_ref())))?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn theme(templates: &[(&str, &str)]) -> Theme {
        Theme {
            templates: templates
                .iter()
                .map(|(name, text)| {
                    let source = theme::TemplateSource {
                        text: text.to_string(),
                        origin: PathBuf::from(name),
                    };
                    (name.to_string(), source)
                })
                .collect(),
            statics: BTreeMap::new(),
            strings: [("hello".to_string(), "Xin chào".to_string())].into(),
            archetypes: BTreeMap::new(),
        }
    }

    /// Renders `name` with a `site.strings.hello` (and `strings.hello`)
    /// other than the theme's, so a folded string shows.
    fn render(theme: &Theme, prepare: Prepare, name: &str) -> String {
        let templates = Templates::new(theme, prepare).unwrap();
        let context = serde_json::json!({
            "site": {"strings": {"hello": "looked up"}},
            "strings": {"hello": "looked up"},
        });
        templates.render_value(name, context).unwrap()
    }

    const FOLD: Prepare = Prepare {
        minify: true,
        fold_strings: true,
    };

    #[test]
    fn strings_are_written_into_templates_when_asked() {
        let theme = theme(&[
            ("page.html", "<p>{{ site.strings.hello }}</p>"),
            ("shortcodes/note.html", "<p>{{ strings.hello }}</p>"),
        ]);
        assert_eq!(render(&theme, FOLD, "page.html"), "<p>Xin chào</p>");
        assert_eq!(
            render(&theme, FOLD, "shortcodes/note.html"),
            "<p>looked up</p>"
        );
        let unfolded = Prepare {
            fold_strings: false,
            ..FOLD
        };
        assert_eq!(render(&theme, unfolded, "page.html"), "<p>looked up</p>");
    }

    #[test]
    fn no_string_is_folded_in_a_theme_that_names_something_site() {
        let theme = theme(&[
            ("page.html", "<p>{{ site.strings.hello }}</p>"),
            (
                "partials/x.html",
                "{% for site in [1] %}{{ site }}{% endfor %}",
            ),
        ]);
        assert_eq!(render(&theme, FOLD, "page.html"), "<p>looked up</p>");
    }
}

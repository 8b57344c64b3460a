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
    minify: bool,
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
        let written = compile(&origins, false, None)
            .map_err(|e| Error::one(template_error::diagnose(&e, None, &origins)))?;
        // A template the minifier cannot follow keeps its whitespace.
        let tera = if minify {
            compile(&origins, true, None).unwrap_or(written)
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
            minify,
        })
    }

    /// These templates with every print of one string of `values` (the
    /// objects every page shares, by name: `site`, `config`) written in
    /// (see the `fold` module), for rendering pages once those objects are
    /// made. The pages are the same; only looking the values up is saved.
    /// Shortcodes, which get neither object, and templates Tera does not
    /// escape keep their lookups. `None` when the theme binds one of the
    /// names itself, when a template Tera does not escape renders another,
    /// or when the changed templates do not compile (which would be a bug).
    pub fn with_values(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Option<Templates> {
        let names: Vec<&str> = values.keys().map(String::as_str).collect();
        let texts = self.origins.values().map(|(_, text)| text.as_str());
        if fold::binds_any(texts, &names) {
            return None;
        }
        // Tera escapes a print as the template a render starts from says,
        // not the one the print is in. Values are written (escaped) only
        // into templates it escapes, so no template it does not escape may
        // render another.
        let unescaped_pull_in = self
            .origins
            .iter()
            .any(|(name, (_, text))| !autoescaped(name) && fold::pulls_in(text));
        if unescaped_pull_in {
            return None;
        }
        let tera = compile(&self.origins, self.minify, Some(values)).ok()?;
        Some(Templates {
            tera,
            origins: self.origins.clone(),
            splices_html: self.splices_html,
            minify: self.minify,
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
        // Into bytes, checked here: `Tera::render` checks them with std,
        // a slower check. (Most pages are a few kilobytes.)
        let mut bytes = Vec::with_capacity(8 * 1024);
        self.tera
            .render_to(name, ctx, &mut bytes)
            .map_err(|e| Error::one(self.diagnose(&e, Some(name))))?;
        crate::text::utf8_string(bytes).map_err(|e| {
            let message = format!("template `{name}` rendered bytes that are not UTF-8: {e}");
            Error::one(Diagnostic::error(name, message))
        })
    }

    fn diagnose(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        template_error::diagnose(err, rendering, &self.origins)
    }
}

/// Templates whose printed values Tera escapes.
const AUTOESCAPED: [&str; 3] = [".html", ".xml", ".htm"];

/// Whether Tera escapes what a render starting from template `name`
/// prints.
fn autoescaped(name: &str) -> bool {
    AUTOESCAPED.iter().any(|suffix| name.ends_with(suffix))
}

/// A Tera environment with every template of `origins`, HTML templates
/// minified if `minify`, and `values` written in if given ([`fold`]).
fn compile(
    origins: &std::collections::BTreeMap<String, (PathBuf, String)>,
    minify: bool,
    values: Option<&serde_json::Map<String, serde_json::Value>>,
) -> std::result::Result<tera::Tera, tera::Error> {
    use std::borrow::Cow;
    let texts: Vec<(&str, Cow<str>)> = origins
        .iter()
        .map(|(name, (_, text))| {
            let mut text = Cow::Borrowed(text.as_str());
            let folds = !name.starts_with("shortcodes/") && autoescaped(name);
            if let Some(values) = values.filter(|_| folds) {
                if let Cow::Owned(folded) = fold::fold_values(&text, values, escape) {
                    text = Cow::Owned(folded);
                }
            }
            if minify && name.ends_with(".html") {
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

    /// `page.html` and `shortcodes/note.html` of `theme`, rendered with
    /// `site` and `config` values other than the ones written in, so a
    /// folded value shows.
    fn render(theme: &Theme, folded: bool) -> [String; 2] {
        let templates = Templates::new(theme, true).unwrap();
        let templates = match folded {
            true => templates.with_values(
                serde_json::json!({
                    "site": {"strings": {"hello": "Xin chào"}},
                    "config": {"title": "Cấu hình"},
                })
                .as_object()
                .unwrap(),
            ),
            false => Some(templates),
        };
        let Some(templates) = templates else {
            return [String::new(), String::new()];
        };
        let context = serde_json::json!({
            "site": {"strings": {"hello": "looked up"}},
            "config": {"title": "looked up"},
            "strings": {"hello": "looked up"},
        });
        ["page.html", "shortcodes/note.html"]
            .map(|name| templates.render_value(name, context.clone()).unwrap())
    }

    #[test]
    fn values_are_written_into_templates_but_shortcodes() {
        let theme = theme(&[
            (
                "page.html",
                "<p>{{ site.strings.hello }} {{ config.title }}</p>",
            ),
            ("shortcodes/note.html", "<p>{{ strings.hello }}</p>"),
        ]);
        assert_eq!(
            render(&theme, true),
            ["<p>Xin chào Cấu hình</p>", "<p>looked up</p>"]
        );
        assert_eq!(
            render(&theme, false),
            ["<p>looked up looked up</p>", "<p>looked up</p>"]
        );
    }

    #[test]
    fn the_default_theme_gets_values_written_in() {
        // Else the tests that compare pages made both ways compare nothing.
        let mut templates = Vec::new();
        let mut folders = vec![DEFAULT_THEME.get_dir("templates").unwrap()];
        while let Some(folder) = folders.pop() {
            folders.extend(folder.dirs());
            for file in folder.files() {
                let name = file.path().to_string_lossy().into_owned();
                templates.push((name, file.contents_utf8().unwrap()));
            }
        }
        assert!(templates.len() > 10, "{} templates", templates.len());
        let texts = templates.iter().map(|(_, text)| *text);
        assert!(!fold::binds_any(texts, &["site", "config"]));
        let unescaped: Vec<&(String, &str)> = templates
            .iter()
            .filter(|(name, _)| !autoescaped(name))
            .collect();
        assert!(!unescaped.is_empty());
        assert!(!unescaped.iter().any(|(_, text)| fold::pulls_in(text)));
    }

    #[test]
    fn only_templates_tera_escapes_get_values_and_only_when_alone() {
        // Tera escapes as the template a render starts from says.
        let mut theme = theme(&[
            ("page.html", "<p>{{ site.strings.hello }}</p>"),
            ("shortcodes/note.html", "{{ site.strings.hello }}"),
            ("robots.txt", "{{ site.strings.hello }}"),
        ]);
        let templates = Templates::new(&theme, true).unwrap();
        let values = serde_json::json!({"site": {"strings": {"hello": "Xin chào"}}});
        let folded = templates.with_values(values.as_object().unwrap()).unwrap();
        let context = serde_json::json!({"site": {"strings": {"hello": "looked up"}}});
        let render = |name: &str| folded.render_value(name, context.clone()).unwrap();
        assert_eq!(render("page.html"), "<p>Xin chào</p>");
        assert_eq!(render("robots.txt"), "looked up");
        // A template Tera does not escape that renders an HTML one: the
        // HTML one's values would be printed unescaped.
        theme.templates.get_mut("robots.txt").unwrap().text = "{% include \"page.html\" %}".into();
        let templates = Templates::new(&theme, true).unwrap();
        assert!(templates.with_values(values.as_object().unwrap()).is_none());
    }

    #[test]
    fn nothing_is_written_in_a_theme_that_names_something_site() {
        let theme = theme(&[
            ("page.html", "<p>{{ site.strings.hello }}</p>"),
            ("shortcodes/note.html", ""),
            (
                "partials/x.html",
                "{% for site in [1] %}{{ site }}{% endfor %}",
            ),
        ]);
        assert_eq!(render(&theme, true), ["", ""]);
    }
}

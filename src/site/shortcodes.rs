//! Shortcodes rendered with the theme's `templates/shortcodes/<name>.html`
//! (a site overrides one by putting its own file in `templates/shortcodes/`).
//!
//! Every argument becomes a template variable. camnang adds:
//! - for an argument `src`: the image's final URL and, when known, `width`
//!   and `height`; `alt` is then required unless `decorative=true`;
//! - for `qr`: `svg`, the QR code of `url` (default: this page's address);
//! - for `video`: checks that `id` is a YouTube video id;
//! - always: `body` (the rendered body of `{% … %}…{% end %}` calls),
//!   `page_url`, `page_permalink` and `strings` (the theme's UI strings).

use super::Resolver;
use crate::markdown::{resolve_image, LinkResolver, ShortcodeCall, ShortcodeRenderer};
use crate::render::Templates;
use serde_json::Value;
use std::collections::BTreeMap;

/// The site's shortcodes.
pub struct SiteShortcodes<'a> {
    /// Compiled templates (the theme's and the site's).
    pub templates: &'a Templates,
    /// URLs and image sizes.
    pub resolver: &'a Resolver<'a>,
    /// UI strings.
    pub strings: &'a BTreeMap<String, String>,
}

fn template_name(name: &str) -> String {
    format!("shortcodes/{name}.html")
}

impl ShortcodeRenderer for SiteShortcodes<'_> {
    fn exists(&self, name: &str) -> bool {
        self.templates.has(&template_name(name))
    }

    fn names(&self) -> Vec<String> {
        self.templates
            .names()
            .into_iter()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .map(str::to_string)
            .collect()
    }

    fn render(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
        rel_path: &str,
        dir: &str,
    ) -> Result<String, String> {
        let mut vars: serde_json::Map<String, Value> = call.args.clone().into_iter().collect();
        let text_arg = |key: &str| {
            call.args
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
        };
        if let Some(src) = call.args.get("src") {
            let src = src.as_str().ok_or("`src` must be text")?;
            let (url, size) = resolve_image(self.resolver, dir, src)
                .map_err(|p| format!("{}; {}", p.message, p.hint))?;
            vars.insert("src".into(), url.into());
            if let Some((w, h)) = size {
                vars.entry("width").or_insert(w.into());
                vars.entry("height").or_insert(h.into());
            }
            let decorative = call.args.get("decorative") == Some(&Value::Bool(true));
            if !decorative && text_arg("alt").is_empty() {
                return Err(format!(
                    "the image `{src}` needs `alt` text describing it (or `decorative=true` for pure decoration)"
                ));
            }
        }
        let permalink = self
            .resolver
            .library
            .get(rel_path)
            .map(|d| {
                self.resolver
                    .base
                    .absolute(&crate::text::encode_path(&d.url_path))
            })
            .unwrap_or_default();
        if call.name == "qr" {
            let url = match text_arg("url") {
                "" => permalink.clone(),
                u => u.to_string(),
            };
            let label = self.strings.get("qr_label").map_or("QR", String::as_str);
            vars.insert("url".into(), url.clone().into());
            vars.insert(
                "svg".into(),
                crate::qr::qr_svg(&url, &format!("{label}: {url}"))?.into(),
            );
        }
        if call.name == "video" {
            let id = text_arg("id");
            let valid = id.len() == 11
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(format!(
                    "`id` must be the 11-character YouTube video id, not `{id}`"
                ));
            }
            if text_arg("title").is_empty() {
                return Err(
                    "`title` is required: it is the text of the link before the video loads".into(),
                );
            }
        }
        vars.insert("body".into(), body.unwrap_or("").into());
        vars.insert(
            "page_url".into(),
            self.resolver
                .document_url(rel_path)
                .unwrap_or_default()
                .into(),
        );
        vars.insert("page_permalink".into(), permalink.into());
        vars.insert(
            "strings".into(),
            serde_json::to_value(self.strings).unwrap_or_default(),
        );
        self.templates
            .render(&template_name(&call.name), &Value::Object(vars))
            .map(|html| html.trim().to_string())
            .map_err(|e| crate::diagnostics::report(&e))
    }
}

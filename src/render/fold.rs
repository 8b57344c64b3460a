//! The values every page of a build shares, written into its templates
//! once instead of looked up on every page.
//!
//! `{{ site.strings.skip_link }}`, `{{ site.title }}` and
//! `{{ site.assets['style.css'] }}` print the same text on every page: the
//! `site` and `config` objects are made once per build, before the pages
//! are rendered. Tera finds such a value by rewriting its path through
//! several temporary strings on every lookup, and the default theme prints
//! about 110 of them (a lesson's page, poster and embed print about 40):
//! looking them up was 5% of the instructions of a 1,000-lesson build.
//! [`fold_values`] replaces each such print with the value, escaped as Tera
//! would print it; the templates are compiled again with them
//! ([`super::Templates::with_values`]) once the `site` object is known, and
//! the pages come out byte for byte the same (tested on the bundled site,
//! the fixtures, and on strings chosen to be awkward).
//!
//! Only a print that is exactly a path to one string is replaced
//! (`{{ site.a.b }}` or `{{ site.a['b'] }}`: no filter, no whitespace
//! control), outside `{% raw %}` blocks and other tags, and only if the
//! theme never gives the name `site` or `config` to anything else
//! ([`binds_any`]): then the name is always the build's object. Values go
//! only into templates Tera escapes, since Tera escapes by the template a
//! render starts from ([`pulls_in`] guards the rest). A string
//! holding `{` or `}` stays a lookup, so no folded text can be read as a
//! Tera tag.

use super::template_minify::tera_tag_end;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// `text` (a template) with each print of a string of `values` (the
/// objects by name: `site`, `config`) replaced by the string, passed
/// through `escape` (the template's autoescaping).
pub fn fold_values<'t>(
    text: &'t str,
    values: &Map<String, Value>,
    escape: fn(&str) -> String,
) -> Cow<'t, str> {
    let mut out = String::new();
    let mut copied = 0;
    for (start, end) in tera_tags(text) {
        // (An unterminated tag runs to the end: Tera reports it.)
        let Some(inner) = text[start..end]
            .strip_prefix("{{")
            .and_then(|t| t.strip_suffix("}}"))
        else {
            continue;
        };
        let Some(value) = string_printed(inner, values) else {
            continue;
        };
        out.push_str(&text[copied..start]);
        out.push_str(&escape(value));
        copied = end;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The string a print's inside (between `{{` and `}}`) stands for, if it
/// is exactly a path (`name.key`, `name['key']`, one after another) from
/// one of `values` to a string that can be written into a template.
fn string_printed<'v>(inner: &str, values: &'v Map<String, Value>) -> Option<&'v str> {
    // `{{-` and `-}}` trim the text around the print: leave those to Tera.
    if inner.starts_with('-') || inner.ends_with('-') {
        return None;
    }
    let path = inner.trim();
    let root_len = identifier_len(path);
    let mut value = values.get(&path[..root_len])?;
    let mut rest = &path[root_len..];
    while !rest.is_empty() {
        let key;
        (key, rest) = if let Some(after) = rest.strip_prefix('.') {
            after.split_at(identifier_len(after))
        } else {
            let quote = rest.strip_prefix('[')?.chars().next()?;
            if quote != '\'' && quote != '"' {
                return None;
            }
            let quoted = &rest[2..];
            let close = quoted.find(quote)?;
            (&quoted[..close], quoted[close + 1..].strip_prefix(']')?)
        };
        // (Tera reads `~0` and `~1` in a key as `~` and `/`.)
        if key.is_empty() || key.contains(['\'', '"', '~']) {
            return None;
        }
        value = value.as_object()?.get(key)?;
    }
    value.as_str().filter(|s| !s.contains(['{', '}']))
}

/// The length of the identifier `text` starts with (ASCII letters, digits
/// and `_`), in bytes.
fn identifier_len(text: &str) -> usize {
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

/// Whether any of `templates` gives one of `names` to something of its
/// own: a `set`, `set_global` or `for` variable, or a macro's argument.
/// Where one does, the name may not be the build's object, and nothing is
/// folded. A use (`site.title`, `site["x"]`) is not a binding.
pub fn binds_any<'a>(templates: impl IntoIterator<Item = &'a str>, names: &[&str]) -> bool {
    templates.into_iter().any(|text| {
        statements(text).any(|(keyword, rest)| {
            matches!(keyword, "set" | "set_global" | "for" | "macro")
                && names.iter().any(|name| binds(rest, name))
        })
    })
}

/// Whether `text` (a template) renders another template: `include`,
/// `extends` or `import`.
pub fn pulls_in(text: &str) -> bool {
    statements(text).any(|(keyword, _)| matches!(keyword, "include" | "extends" | "import"))
}

/// Each `{% %}` tag of `text`: its first word, and the rest.
fn statements(text: &str) -> impl Iterator<Item = (&str, &str)> {
    tera_tags(text).filter_map(|(start, end)| {
        let tag = text[start..end].strip_prefix("{%")?;
        let inner = tag
            .strip_suffix("%}")
            .unwrap_or(tag)
            .trim_matches(|c: char| c == '-' || c.is_whitespace());
        let keyword = inner.split_whitespace().next().unwrap_or("");
        Some((keyword, &inner[keyword.len()..]))
    })
}

/// Whether `code` holds the identifier `name` other than as the start of
/// a path (`name.` or `name[`).
fn binds(code: &str, name: &str) -> bool {
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    code.match_indices(name).any(|(i, _)| {
        let end = i + name.len();
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = code[end..].trim_start().bytes().next();
        !before.is_some_and(is_ident)
            && !bytes.get(end).copied().is_some_and(is_ident)
            && !matches!(after, Some(b'.' | b'['))
    })
}

/// Where each Tera tag of `text` starts and ends, in order: prints,
/// statements, comments, and each `{% raw %}` block as one.
fn tera_tags(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text[at..].find('{') {
            let start = at + found;
            match tera_tag_end(text, start) {
                Some(end) => {
                    at = end;
                    return Some((start, end));
                }
                None => at = start + 1,
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Map<String, Value> {
        let value = serde_json::json!({
            "site": {
                "title": "Kỹ năng số",
                "strings": {"skip": "Bỏ qua", "empty": "", "tera": "{{ x }}",
                            "quoted": "a \"b\" & <c> 'd'"},
                "assets": {"style.css": "/s.1.css", "a~1b": "slash"},
                "count": 3,
                "list": ["x"],
            },
            "config": {"title": "Cấu hình"},
        });
        value.as_object().unwrap().clone()
    }

    fn fold(text: &str) -> String {
        fold_values(text, &values(), super::super::escape).into_owned()
    }

    #[test]
    fn a_print_of_a_string_becomes_the_string_escaped() {
        assert_eq!(fold("<a>{{ site.strings.skip }}</a>"), "<a>Bỏ qua</a>");
        assert_eq!(
            fold("{{site.title}}|{{ config.title }}"),
            "Kỹ năng số|Cấu hình"
        );
        assert_eq!(fold("{{ site.assets['style.css'] }}"), "/s.1.css");
        assert_eq!(fold("{{ site.assets[\"style.css\"] }}"), "/s.1.css");
        assert_eq!(fold("{{ site['title'] }}"), "Kỹ năng số");
        assert_eq!(
            fold("<p title=\"{{ site.strings.quoted }}\">"),
            "<p title=\"a &quot;b&quot; &amp; &lt;c&gt; &#39;d&#39;\">"
        );
        assert_eq!(fold("[{{ site.strings.empty }}]"), "[]");
        assert_eq!(
            fold_values("{{ site.strings.quoted }}", &values(), str::to_string),
            "a \"b\" & <c> 'd'"
        );
    }

    #[test]
    fn anything_but_a_plain_print_of_a_known_string_stays() {
        for kept in [
            "{{ site.strings.missing }}",
            "{{ site.strings.skip | upper }}",
            "{{- site.strings.skip }}",
            "{{ site.strings.skip -}}",
            "{{ site.strings }}",
            "{{ site.count }}",
            "{{ site.list.0 }}",
            "{{ site.title ~ site.title }}",
            "{{ site.title.x }}",
            "{{ site.assets[ 'style.css' ] }}",
            "{{ site.assets['style.css\"] }}",
            "{{ site.assets['a~1b'] }}",
            "{{ site.assets[page.x] }}",
            "{{ site.assets['style.css']x }}",
            "{{ site.assets['style.css'] }",
            "{{ site. }}",
            "{{ page.title }}",
            "{{ sitex.title }}",
            "{{ site.strings.tera }}",
            "{% if site.strings.skip %}x{% endif %}",
            "{# {{ site.strings.skip }} #}",
            "{% raw %}{{ site.strings.skip }}{% endraw %}",
            "{% set x = \"{{ site.strings.skip }}\" %}",
            "{{ site.strings.skip",
        ] {
            assert_eq!(fold(kept), kept);
        }
    }

    #[test]
    fn every_print_is_folded_and_the_text_between_kept() {
        assert_eq!(
            fold("a{b {{ site.strings.skip }} {% if x %}{{ site.strings.empty }}{% endif %} c}"),
            "a{b Bỏ qua {% if x %}{% endif %} c}"
        );
    }

    #[test]
    fn a_template_that_renders_another_is_seen() {
        for pulling in [
            "{% include \"x.html\" %}",
            "{%- extends \"base.html\" -%}",
            "a {% import \"m.html\" as m %}",
        ] {
            assert!(pulls_in(pulling), "{pulling}");
        }
        for alone in [
            "{{ include }}",
            "{% if included %}{% endif %}",
            "{# {% include \"x\" %} #}",
            "{% raw %}{% include \"x\" %}{% endraw %}",
        ] {
            assert!(!pulls_in(alone), "{alone}");
        }
    }

    #[test]
    fn a_theme_that_names_something_site_or_config_is_seen() {
        let names = ["site", "config"];
        for binding in [
            "{% set site = 1 %}",
            "{%- set_global config = page -%}",
            "{% for site in sites %}{% endfor %}",
            "{% for key, config in sites %}{% endfor %}",
            "{% macro card(site) %}{% endmacro %}",
            "{% macro card(a, site=1) %}{% endmacro %}",
        ] {
            assert!(binds_any([binding], &names), "{binding}");
            assert!(binds_any(["plain", binding], &names), "{binding}");
            assert!(!binds_any([binding], &["other"]), "{binding}");
        }
        for using in [
            "{% set here = site.base_path ~ current_path %}",
            "{% for s in site.sections %}{% endfor %}",
            "{% set a = config [\"x\"] %}",
            "{% set website = 1 %}",
            "{% for sites_ in x %}{% endfor %}",
            "{% if site %}{% endif %}",
            "{{ site }}",
            "{% raw %}{% set site = 1 %}{% endraw %}",
        ] {
            assert!(!binds_any([using], &names), "{using}");
        }
    }
}

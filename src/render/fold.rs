//! The theme's UI strings written into its templates once, when they are
//! compiled, instead of looked up on every page.
//!
//! `{{ site.strings.skip_link }}` prints the same text on every page of a
//! build: the strings come from the theme and the site's config, both
//! known before any template is compiled, and part of the templates' cache
//! key ([`super::Theme::templates_key`]). Tera finds such a value by
//! rewriting its path with several temporary strings on every lookup; the
//! default theme prints about 85 of them, and looking them up was 3% of
//! the instructions of a 1,000-lesson build. [`fold_strings`] replaces each
//! such print with the string, escaped as Tera would print it, and the
//! pages come out byte for byte the same (tested on the bundled site and
//! on strings chosen to be awkward).
//!
//! Only a print that is exactly a path to one string is replaced
//! (`{{ site.strings.key }}`, no filter, no whitespace control), outside
//! `{% raw %}` blocks and other tags, and only if the theme never gives
//! the name `site` to anything else ([`binds_site`]): then `site` is
//! always the site's context. A string holding `{` or `}` stays a lookup,
//! so no folded text can be read as a Tera tag.

use super::template_minify::tera_tag_end;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// `text` (a template) with each print of one of `strings` replaced by the
/// string, passed through `escape` (the template's autoescaping, or none).
pub fn fold_strings<'t>(
    text: &'t str,
    strings: &BTreeMap<String, String>,
    escape: Option<fn(&str) -> String>,
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
        let Some(value) = string_printed(inner, strings) else {
            continue;
        };
        out.push_str(&text[copied..start]);
        match escape {
            Some(escape) => out.push_str(&escape(value)),
            None => out.push_str(value),
        }
        copied = end;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The string a print's inside (between `{{` and `}}`) stands for, if it
/// is exactly `site.strings.<key>` of a known key whose value can be
/// written into a template.
fn string_printed<'s>(inner: &str, strings: &'s BTreeMap<String, String>) -> Option<&'s str> {
    // `{{-` and `-}}` trim the text around the print: leave those to Tera.
    if inner.starts_with('-') || inner.ends_with('-') {
        return None;
    }
    let key = inner.trim().strip_prefix("site.strings.")?;
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    strings
        .get(key)
        .map(String::as_str)
        .filter(|value| !value.contains(['{', '}']))
}

/// Whether any of `templates` gives the name `site` to something of its
/// own: a `set`, `set_global` or `for` variable, or a macro's argument.
/// Where one does, `site` may not be the site's context, and nothing is
/// folded. A use (`site.title`, `site["x"]`) is not a binding.
pub fn binds_site<'a>(templates: impl IntoIterator<Item = &'a str>) -> bool {
    templates.into_iter().any(|text| {
        tera_tags(text).any(|(start, end)| {
            let Some(tag) = text[start..end].strip_prefix("{%") else {
                return false;
            };
            let inner = tag
                .strip_suffix("%}")
                .unwrap_or(tag)
                .trim_matches(|c: char| c == '-' || c.is_whitespace());
            let keyword = inner.split_whitespace().next().unwrap_or("");
            matches!(keyword, "set" | "set_global" | "for" | "macro")
                && names_site(&inner[keyword.len()..])
        })
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

/// Whether `code` holds the identifier `site` other than as the start of a
/// path (`site.` or `site[`).
fn names_site(code: &str) -> bool {
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    code.match_indices("site").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = code[i + 4..].trim_start().bytes().next();
        !before.is_some_and(is_ident)
            && !bytes.get(i + 4).copied().is_some_and(is_ident)
            && !matches!(after, Some(b'.' | b'['))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> BTreeMap<String, String> {
        [
            ("skip", "Bỏ qua"),
            ("quoted", "a \"b\" & <c> 'd'"),
            ("tera", "{{ x }}"),
            ("empty", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn fold(text: &str) -> String {
        fold_strings(text, &strings(), Some(super::super::escape)).into_owned()
    }

    #[test]
    fn a_print_of_a_string_becomes_the_string_escaped() {
        assert_eq!(fold("<a>{{ site.strings.skip }}</a>"), "<a>Bỏ qua</a>");
        assert_eq!(fold("{{site.strings.skip}}|"), "Bỏ qua|");
        assert_eq!(
            fold("<p title=\"{{ site.strings.quoted }}\">"),
            "<p title=\"a &quot;b&quot; &amp; &lt;c&gt; &#39;d&#39;\">"
        );
        assert_eq!(fold("[{{ site.strings.empty }}]"), "[]");
        assert_eq!(
            fold_strings("{{ site.strings.quoted }}", &strings(), None),
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
            "{{ site.title }}",
            "{{ page.strings.skip }}",
            "{{ site.strings.tera }}",
            "{{ site.strings['skip'] }}",
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
    fn a_theme_that_names_something_site_is_seen() {
        for binding in [
            "{% set site = 1 %}",
            "{%- set_global site = page -%}",
            "{% for site in sites %}{% endfor %}",
            "{% for key, site in sites %}{% endfor %}",
            "{% macro card(site) %}{% endmacro %}",
            "{% macro card(a, site=1) %}{% endmacro %}",
        ] {
            assert!(binds_site([binding]), "{binding}");
            assert!(binds_site(["plain", binding]), "{binding}");
        }
        for using in [
            "{% set here = site.base_path ~ current_path %}",
            "{% for s in site.sections %}{% endfor %}",
            "{% set a = site [\"x\"] %}",
            "{% set website = 1 %}",
            "{% for sites_ in x %}{% endfor %}",
            "{% if site %}{% endif %}",
            "{{ site }}",
            "{% raw %}{% set site = 1 %}{% endraw %}",
        ] {
            assert!(!binds_site([using]), "{using}");
        }
    }
}

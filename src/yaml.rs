//! The one place that knows the YAML library. Config and front matter both
//! parse through [`parse`], so the parser can be swapped without touching
//! anything else, and every YAML problem becomes a [`Diagnostic`] with the
//! file's real line and column, a source excerpt and a did-you-mean hint.

use crate::diagnostics::{did_you_mean, Diagnostic};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `yaml` into `T`.
///
/// * `path` names the file in errors;
/// * `file_text` is the whole file, for the excerpt;
/// * `line_offset` is the number of lines in the file before `yaml` starts
///   (1 for front matter after its opening `---`).
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    file_text: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so "---\n---" gives a clear
    // "missing title" rather than a YAML type error.
    let source = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(source).map_err(|err| {
        let (line, column) = match err.location() {
            Some(loc) => (loc.line() + line_offset, loc.column()),
            None => (line_offset + 1, 1),
        };
        let raw = strip_positions(&err.to_string());
        // Errors from value parsers (dates …) are reported by the library at
        // the start of the mapping; move them to the line holding the value.
        let (line, column) = match backticked(&raw).first() {
            Some(value) if !value.is_empty() && raw.starts_with('`') => yaml
                .lines()
                .position(|l| l.contains(value))
                .map(|i| {
                    let l = yaml.lines().nth(i).unwrap_or("");
                    let col = l.find(value).map_or(1, |c| l[..c].chars().count() + 1);
                    (i + 1 + line_offset, col)
                })
                .unwrap_or((line, column)),
            _ => (line, column),
        };
        let line_key = file_text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|l| l.split_once(':'))
            .map(|(k, _)| k.trim().trim_start_matches("- ").trim())
            .filter(|k| !k.is_empty() && !k.contains(' '));
        let (message, hint) = explain(&raw, line_key);
        let mut d = Diagnostic::error(path, message)
            .at(line, column)
            .with_source(file_text);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        d
    })
}

/// Removes the " at line N column M" fragments the YAML library appends.
fn strip_positions(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let digits = tail.chars().take_while(char::is_ascii_digit).count();
        let tail2 = &tail[digits..];
        if digits > 0 && tail2.starts_with(" column ") {
            let after = &tail2[" column ".len()..];
            let d2 = after.chars().take_while(char::is_ascii_digit).count();
            rest = &after[d2..];
        } else {
            out.push_str(" at line ");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Words between backticks, in order.
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// Turns the library's message into a teacher-friendly message and hint.
/// `line_key` is the key written on the error's line, used when the
/// library's message does not name one.
fn explain(raw: &str, line_key: Option<&str>) -> (String, Option<String>) {
    // Messages may start with the key path, e.g. "sources[0]: unknown field …".
    let (key_path, msg) = match raw.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (Some(p), m),
        _ => (None, raw),
    };

    let within = key_path.map(|p| format!(" in `{p}`")).unwrap_or_default();
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let words = backticked(rest);
        let unknown = words.first().copied().unwrap_or("?");
        let known: Vec<&str> = words.iter().skip(1).copied().collect();
        let hint = match did_you_mean(unknown, &known) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.is_empty() => "remove this key".to_string(),
            None => format!("known keys are: {}", known.join(", ")),
        };
        return (format!("unknown key `{unknown}`{within}"), Some(hint));
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let key = backticked(rest).first().copied().unwrap_or("?").to_string();
        return (
            format!("missing required key `{key}`{within}"),
            Some(format!("add a line `{key}: …`")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if let Some((got, expected)) = rest.split_once(", expected ") {
            let key = key_path.or(line_key).unwrap_or("value");
            return (
                format!("wrong type for `{key}`: found {got}, expected {expected}"),
                Some(type_hint(expected)),
            );
        }
    }
    if msg.starts_with("invalid value") || msg.starts_with("unknown variant") {
        let key = key_path.unwrap_or("value");
        let known = backticked(msg.split_once("expected").map(|x| x.1).unwrap_or(""));
        let hint = (!known.is_empty()).then(|| format!("use one of: {}", known.join(", ")));
        return (format!("invalid value for `{key}`: {msg}"), hint);
    }
    if msg.starts_with("mapping values are not allowed") {
        return (
            format!("invalid YAML: {msg}"),
            Some(
                "a value that contains `: ` must be in quotes, e.g. `title: \"Bước 1: Cài đặt\"`"
                    .into(),
            ),
        );
    }
    // Messages from camnang's own value parsers (dates …) contain backticks;
    // the YAML syntax errors never do.
    // They say how to write the value after a `; `.
    if let Some(key) = key_path.or(line_key.filter(|_| msg.contains('`'))) {
        return match msg.split_once("; ") {
            Some((what, how)) => (format!("invalid `{key}`: {what}"), Some(how.to_string())),
            None => (
                format!("invalid `{key}`: {msg}"),
                Some(format!("check how `{key}` is written in the documentation")),
            ),
        };
    }
    let hint = if key_path.is_none() {
        Some(
            "check the YAML syntax: `key: value` on each line, lists with `- `, and quotes around values that contain `: ` or start with a special character"
                .to_string(),
        )
    } else {
        None
    };
    (format!("invalid YAML{within}: {msg}"), hint)
}

fn type_hint(expected: &str) -> String {
    if expected.contains("sequence") {
        "write a list, one `- item` per line".into()
    } else if expected.contains("string") {
        "write text; put it in quotes if it contains `: ` or starts with a special character".into()
    } else if expected.contains("integer") || expected.contains("u32") || expected.contains("i64") {
        "write a whole number".into()
    } else if expected.contains("bool") {
        "write `true` or `false`".into()
    } else {
        format!("write {expected}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn err(yaml: &str) -> Diagnostic {
        let file = format!("---\n{yaml}---\n");
        parse::<Fm>(yaml, Path::new("a.md"), &file, 1).unwrap_err()
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let d = err("title: x\ntagz: [a]\n");
        assert_eq!(d.message, "unknown key `tagz`");
        assert_eq!(d.hint.as_deref(), Some("did you mean `tags`?"));
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert_eq!(d.source_line.as_deref(), Some("tagz: [a]"));
    }

    #[test]
    fn wrong_type_names_the_key_and_line() {
        let d = err("title: x\ntags: 5\n");
        assert!(
            d.message.starts_with("wrong type for `tags`"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn syntax_error_has_a_position() {
        let d = err("title: x\n  bad: : [\n");
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.line.unwrap() >= 2);
        assert!(!d.message.contains(" at line "));
    }

    #[test]
    fn strips_library_positions() {
        assert_eq!(
            strip_positions(
                "did not find key at line 3 column 1, while parsing at line 1 column 1"
            ),
            "did not find key, while parsing"
        );
    }
}

/// `s` as a YAML scalar that reads back as exactly `s` (quoted when needed).
pub fn quote(s: &str) -> String {
    serde_yaml::to_string(s)
        .map(|y| y.trim_end().to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

#[cfg(test)]
mod quote_tests {
    #[test]
    fn quoted_values_round_trip() {
        for s in ["Đăng ký VNeID: mức 1", "yes", "- x", "a \"b\" #c", "123"] {
            let y = format!("t: {}\n", super::quote(s));
            let v: std::collections::BTreeMap<String, String> = serde_yaml::from_str(&y).unwrap();
            assert_eq!(v["t"], s);
        }
    }
}

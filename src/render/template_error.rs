//! Turns Tera's errors into diagnostics that name the template file and line.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::error::Error as _;
use std::path::PathBuf;

/// Builds a diagnostic from a Tera error. `origins` maps template names to
/// their file and text.
pub(crate) fn diagnose(
    err: &tera::Error,
    rendering: Option<&str>,
    origins: &BTreeMap<String, (PathBuf, String)>,
) -> Diagnostic {
    let mut chain = vec![err.to_string()];
    let mut cause = err.source();
    while let Some(c) = cause {
        chain.push(c.to_string());
        cause = c.source();
    }
    // The innermost template named in the chain is where the problem is.
    let name = chain
        .iter()
        .rev()
        .find_map(|m| quoted_template(m, origins))
        .or_else(|| rendering.map(str::to_string))
        .unwrap_or_default();
    let (path, text) = origins
        .get(&name)
        .cloned()
        .unwrap_or_else(|| (PathBuf::from(&name), String::new()));
    let detail = chain.last().cloned().unwrap_or_default();
    let first_line = detail.lines().next().unwrap_or("").trim().to_string();
    let position = chain
        .iter()
        .find_map(|m| arrow_position(m))
        .or_else(|| mentioned_line(&detail, &text));
    let summary = if detail.contains("-->") {
        // A parse error: Tera's own excerpt is replaced by ours.
        detail
            .lines()
            .filter(|l| {
                !l.trim().is_empty()
                    && !l.contains("-->")
                    && !l.trim_start().starts_with('|')
                    && !l.trim_start().starts_with(char::is_numeric)
            })
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        first_line
    };
    let message = if summary.is_empty() {
        format!("template error in `{name}`")
    } else {
        format!("template error in `{name}`: {summary}")
    };
    let mut d = Diagnostic::error(path, message).hint(
        "fix the template, or delete the site's copy in templates/ to use the theme's version",
    );
    if let Some((line, col)) = position {
        d = d.at(line, col).with_source(&text);
    }
    d
}

/// A template name in quotes in an error message, if it is one we know.
fn quoted_template(msg: &str, origins: &BTreeMap<String, (PathBuf, String)>) -> Option<String> {
    for quote in ['\'', '"', '`'] {
        for (i, part) in msg.split(quote).enumerate() {
            if i % 2 == 1 && origins.contains_key(part) {
                return Some(part.to_string());
            }
        }
    }
    None
}

/// Tera's parse errors contain ` --> line:column`.
fn arrow_position(msg: &str) -> Option<(usize, usize)> {
    let rest = &msg[msg.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// For runtime errors ("Variable `page.titel` not found …"), the first line
/// of the template that mentions the name.
fn mentioned_line(detail: &str, text: &str) -> Option<(usize, usize)> {
    let name = detail.split('`').nth(1)?;
    if name.is_empty() {
        return None;
    }
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(name).map(|c| (i + 1, l[..c].chars().count() + 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_positions() {
        assert_eq!(arrow_position("x\n --> 12:7\n"), Some((12, 7)));
        assert_eq!(
            mentioned_line("Variable `page.titel` not found", "a\n  {{ page.titel }}\n"),
            Some((2, 6))
        );
    }
}

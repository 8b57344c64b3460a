//! Shortcodes: `{{ name(key="value") }}` inline, and
//! `{% name(key="value") %}…{% end %}` with a Markdown body. They are found
//! before Markdown parsing (never inside code), replaced by placeholders
//! that survive Markdown and sanitising, and filled in with the HTML a
//! [`ShortcodeRenderer`] returns. The markdown module only parses them; the
//! site renders them with the theme's `shortcodes/` templates.

use serde_json::Value;
use std::collections::BTreeMap;

/// Renders one shortcode call. Implemented by the site with Tera templates.
pub trait ShortcodeRenderer: Sync {
    /// Whether a shortcode of this name exists.
    fn exists(&self, name: &str) -> bool;
    /// The shortcode's HTML. `body` is the rendered HTML of a body
    /// shortcode's content. `dir` is the page's folder inside `content/`
    /// and `rel_path` its path, for resolving files. An error is a short
    /// sentence; the caller adds file and line.
    fn render(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
        rel_path: &str,
        dir: &str,
    ) -> Result<String, String>;
    /// The names of all shortcodes, for hints.
    fn names(&self) -> Vec<String>;
}

/// A renderer that knows no shortcodes (for Markdown without a site).
pub struct NoShortcodes;

impl ShortcodeRenderer for NoShortcodes {
    fn exists(&self, _name: &str) -> bool {
        false
    }
    fn render(
        &self,
        call: &ShortcodeCall,
        _: Option<&str>,
        _: &str,
        _: &str,
    ) -> Result<String, String> {
        Err(format!("unknown shortcode `{}`", call.name))
    }
    fn names(&self) -> Vec<String> {
        Vec::new()
    }
}

/// One parsed shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    /// The shortcode's name.
    pub name: String,
    /// Arguments by name.
    pub args: BTreeMap<String, Value>,
    /// The Markdown body of a `{% … %}…{% end %}` call.
    pub body: Option<String>,
    /// Byte offset of the call in the text.
    pub offset: usize,
    /// Whether the call stands alone on its lines (rendered as a block).
    pub block: bool,
}

/// A shortcode syntax error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeSyntaxError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Opening and closing marks of the placeholder (Unicode private use).
pub(crate) const MARK_OPEN: char = '\u{E000}';
pub(crate) const MARK_CLOSE: char = '\u{E001}';

/// Maps offsets in the text after extraction back to the original text.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffsetMap {
    /// (offset in the new text just after a placeholder, original offset there minus it)
    shifts: Vec<(usize, isize)>,
}

impl OffsetMap {
    /// The original offset of `offset` in the extracted text.
    pub(crate) fn original(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|(at, _)| *at <= offset);
        match i {
            0 => offset,
            _ => (offset as isize + self.shifts[i - 1].1).max(0) as usize,
        }
    }
}

/// The text with every shortcode replaced by a placeholder, and the calls.
pub(crate) fn extract(
    text: &str,
) -> Result<(String, Vec<ShortcodeCall>, OffsetMap), ShortcodeSyntaxError> {
    let mut out = String::with_capacity(text.len());
    let mut calls = Vec::new();
    let mut map = OffsetMap::default();
    let mut i = 0;
    let mut fence: Option<String> = None;
    let bytes = text.as_bytes();
    while i < text.len() {
        let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
        let line = &text[i..line_end];
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            out.push_str(line);
            i = line_end;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let mark: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            fence = Some(mark);
            out.push_str(line);
            i = line_end;
            continue;
        }
        // Scan this line for shortcodes, skipping inline code spans.
        let mut j = i;
        while j < line_end {
            if bytes[j] == b'`' {
                let ticks = text[j..].chars().take_while(|c| *c == '`').count();
                let closing = "`".repeat(ticks);
                match text[j + ticks..line_end].find(&closing) {
                    Some(k) => {
                        let end = j + ticks + k + ticks;
                        out.push_str(&text[j..end]);
                        j = end;
                    }
                    None => {
                        out.push_str(&text[j..j + ticks]);
                        j += ticks;
                    }
                }
                continue;
            }
            let rest = &text[j..];
            if rest.starts_with("{{") && starts_call(&rest[2..]) {
                let (call, end) = parse_call(text, j, "{{", "}}")?;
                push_call(&mut out, &mut calls, call, text, j, end);
                map.shifts
                    .push((out.len(), end as isize - out.len() as isize));
                j = end;
                continue;
            }
            if rest.starts_with("{%") && starts_call(&rest[2..]) {
                let (mut call, open_end) = parse_call(text, j, "{%", "%}")?;
                let close = find_end(text, open_end).ok_or_else(|| ShortcodeSyntaxError {
                    offset: j,
                    message: format!("the shortcode `{}` has no `{{% end %}}`", call.name),
                })?;
                call.body = Some(text[open_end..close.0].trim_matches('\n').to_string());
                let end = close.1;
                push_call(&mut out, &mut calls, call, text, j, end);
                map.shifts
                    .push((out.len(), end as isize - out.len() as isize));
                // A body shortcode may span lines: continue after it.
                i = end;
                j = usize::MAX;
                break;
            }
            // Copy up to the next byte that may start a code span or a
            // call, at once: both are ASCII, so the cut is on a character
            // boundary.
            let next = memchr::memchr2(b'`', b'{', &bytes[j + 1..line_end])
                .map_or(line_end, |k| j + 1 + k);
            out.push_str(&text[j..next]);
            j = next;
        }
        if j != usize::MAX {
            i = line_end;
        }
    }
    Ok((out, calls, map))
}

fn push_call(
    out: &mut String,
    calls: &mut Vec<ShortcodeCall>,
    mut call: ShortcodeCall,
    text: &str,
    start: usize,
    end: usize,
) {
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p);
    call.block = text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
    out.push(MARK_OPEN);
    out.push_str(&calls.len().to_string());
    out.push(MARK_CLOSE);
    calls.push(call);
}

/// `name(` after optional spaces.
fn starts_call(s: &str) -> bool {
    let s = s.trim_start_matches(' ');
    let name_len = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .count();
    name_len > 0 && s[name_len..].trim_start_matches(' ').starts_with('(')
}

/// Finds `{% end %}` after `from`: returns (start, end) of the closing tag.
fn find_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut k = from;
    while let Some(p) = text[k..].find("{%") {
        let start = k + p;
        let after = &text[start + 2..];
        let inner_len = after.find("%}")?;
        if after[..inner_len].trim() == "end" {
            return Some((start, start + 2 + inner_len + 2));
        }
        k = start + 2;
    }
    None
}

/// Parses `{{ name(args) }}` starting at `start`; returns the call and the end offset.
fn parse_call(
    text: &str,
    start: usize,
    open: &str,
    close: &str,
) -> Result<(ShortcodeCall, usize), ShortcodeSyntaxError> {
    let err = |offset: usize, message: String| ShortcodeSyntaxError { offset, message };
    let mut p = start + open.len();
    let skip_ws = |p: &mut usize| {
        while text[*p..].starts_with([' ', '\t']) {
            *p += 1;
        }
    };
    skip_ws(&mut p);
    let name_len = text[p..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .count();
    let name = text[p..p + name_len].to_string();
    p += name_len;
    skip_ws(&mut p);
    p += 1; // '('
    let mut args = BTreeMap::new();
    loop {
        while text[p..].starts_with([' ', '\t', '\n', ',']) {
            p += 1;
        }
        if text[p..].starts_with(')') {
            p += 1;
            break;
        }
        if p >= text.len() {
            return Err(err(
                start,
                format!("the shortcode `{name}` is not closed with `)`"),
            ));
        }
        let key_len = text[p..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .count();
        if key_len == 0 {
            return Err(err(
                p,
                format!("expected an argument name in the shortcode `{name}`"),
            ));
        }
        let key = text[p..p + key_len].to_string();
        p += key_len;
        skip_ws(&mut p);
        if !text[p..].starts_with('=') {
            return Err(err(
                p,
                format!("expected `=` after `{key}` in the shortcode `{name}`"),
            ));
        }
        p += 1;
        skip_ws(&mut p);
        let (value, len) = parse_value(&text[p..]).ok_or_else(|| {
            err(
                p,
                format!("the value of `{key}` must be \"text\", a number, true or false"),
            )
        })?;
        p += len;
        if args.insert(key.clone(), value).is_some() {
            return Err(err(
                p,
                format!("`{key}` is given twice in the shortcode `{name}`"),
            ));
        }
    }
    skip_ws(&mut p);
    if !text[p..].starts_with(close) {
        return Err(err(
            p,
            format!("expected `{close}` to close the shortcode `{name}`"),
        ));
    }
    p += close.len();
    Ok((
        ShortcodeCall {
            name,
            args,
            body: None,
            offset: start,
            block: false,
        },
        p,
    ))
}

/// A string in double quotes (with `\"` and `\\`), a number, or a boolean.
fn parse_value(s: &str) -> Option<(Value, usize)> {
    if let Some(rest) = s.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = rest.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => value.push(chars.next()?.1),
                '"' => return Some((Value::String(value), i + 2)),
                '\n' => return None,
                c => value.push(c),
            }
        }
        return None;
    }
    for (word, v) in [("true", true), ("false", false)] {
        if s.starts_with(word) {
            return Some((Value::Bool(v), word.len()));
        }
    }
    let len = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '.'))
        .count();
    let number: serde_json::Number = s[..len].parse().ok()?;
    Some((Value::Number(number), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_and_body_calls_outside_code() {
        let text = "A {{ qr(url=\"https://a.vn\", size=3) }} b.\n\n```\n{{ qr(url=\"x\") }}\n```\n`{{ qr() }}`\n\n{% details(summary=\"Xem\") %}\nNội *dung*\n{% end %}\nSau.\n";
        let (out, calls, map) = extract(text).unwrap();
        let sau = out.find("Sau.").unwrap();
        assert_eq!(&text[map.original(sau)..map.original(sau) + 4], "Sau.");
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "qr");
        assert_eq!(calls[0].args["size"], Value::from(3));
        assert!(!calls[0].block);
        assert_eq!(calls[1].body.as_deref(), Some("Nội *dung*"));
        assert!(calls[1].block);
        assert!(out.contains("{{ qr(url=\"x\") }}"), "code untouched: {out}");
        assert!(out.contains("`{{ qr() }}`"));
        assert!(out.ends_with("\nSau.\n"), "{out:?}");
    }

    #[test]
    fn reports_syntax_errors_with_offsets() {
        let e = extract("x {{ figure(src=nope) }}").unwrap_err();
        assert!(e.message.contains("`src`"), "{}", e.message);
        assert_eq!(e.offset, 16);
        let e = extract("{% details(summary=\"a\") %}\nbody\n").unwrap_err();
        assert!(e.message.contains("end"));
        let e = extract("{{ a(x=\"1\", x=\"2\") }}").unwrap_err();
        assert!(e.message.contains("twice"));
    }

    #[test]
    fn text_without_calls_comes_out_unchanged() {
        let text = "Giá {không} đổi, `mã {{ x }}` và {a}{{ không gọi }} ``a`b`` `lẻ\nđồng {{\n{%\n";
        let (out, calls, map) = extract(text).unwrap();
        assert_eq!(out, text);
        assert!(calls.is_empty());
        assert_eq!(map.original(10), 10);
    }

    #[test]
    fn escaped_quotes_in_strings() {
        let (_, calls, _) = extract("{{ a(t=\"say \\\"hi\\\"\") }}").unwrap();
        assert_eq!(calls[0].args["t"], Value::from("say \"hi\""));
    }
}

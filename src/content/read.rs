//! Reading a text file the forgiving way: UTF-8 with or without a BOM, any
//! line endings, NFC. Everything else is a clear error with a position.

use crate::diagnostics::{Diagnostic, Error};
use std::path::Path;

/// Strips a UTF-8 BOM, turns CRLF and lone CR into LF, and normalises to NFC.
pub fn normalize_text(text: &str) -> String {
    normalize_owned(text.to_string())
}

/// [`normalize_text`] of text the caller owns: kept as it is, not copied,
/// when it needs nothing (nearly every lesson).
fn normalize_owned(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    match crate::text::nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(normalised) => normalised,
    }
}

/// The diagnostic for bytes that are not UTF-8, pointing at the first bad byte.
pub fn utf8_diagnostic(shown: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let good = &bytes[..err.valid_up_to()];
    let line = good.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
    Diagnostic::error(
        shown,
        format!(
            "the file is not valid UTF-8 (byte 0x{:02X})",
            bytes[err.valid_up_to()]
        ),
    )
    .at(line, column)
    .hint("save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)")
}

/// The error for a file that exists but cannot be read (permissions, or a
/// folder or device where a file was expected).
fn unreadable(shown: &Path, e: &std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(shown, format!("cannot read the file: {e}")).hint(
            "check that the file exists and that you have permission to read it (`ls -l` shows who may)",
        ),
    )
}

/// Reads `path` as normalised text. `shown` names the file in errors.
pub fn read_text(path: &Path, shown: &Path, max_bytes: u64) -> Result<String, Error> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(shown, &e))?;
    if meta.len() > max_bytes {
        return Err(Error::one(
            Diagnostic::error(
                shown,
                format!(
                    "the file is {} MB, more than the limit of {} MB",
                    meta.len() / 1_000_000,
                    max_bytes / 1_000_000
                ),
            )
            .hint("split the lesson into several pages, and keep large files out of content/"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(shown, &e))?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::one(
            Diagnostic::error(shown, "the file is UTF-16, camnang reads UTF-8")
                .at(1, 1)
                .hint("save the file as UTF-8 (in most editors: Save As → Encoding → UTF-8)"),
        ));
    }
    match crate::text::utf8_string(bytes) {
        Ok(text) => Ok(normalize_owned(text)),
        Err(e) => Err(Error::one(utf8_diagnostic(
            shown,
            e.as_bytes(),
            e.utf8_error(),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_line_endings_are_normalised() {
        assert_eq!(normalize_text("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        for text in ["\u{feff}a\r\nb\rc\n", "Đa\u{306}ng ký\n", "Đăng ký\n", ""] {
            assert_eq!(normalize_owned(text.to_string()), normalize_text(text));
        }
        assert_eq!(normalize_owned("Đa\u{306}ng".into()), "Đăng");
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let bytes = b"---\ntitle: B\xe1i\n".to_vec();
        let err = std::str::from_utf8(&bytes).unwrap_err();
        let d = utf8_diagnostic(Path::new("a.md"), &bytes, err);
        assert_eq!((d.line, d.column), (Some(2), Some(9)));
        assert!(d.message.contains("0xE1"));
    }
}

//! The error type of camnang: every problem carries the file, and where it
//! exists the line and column, a copy of the offending source line and a hint.
//!
//! Errors are *collected* (a build reports every content error at once) and
//! printed in exactly one place: [`Error`]'s `Display` implementation, which
//! the command line uses on every path.

mod suggest;

use std::fmt;
use std::path::{Path, PathBuf};

pub use suggest::did_you_mean;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// One problem in one file, with an optional position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as shown to the user (relative to the site root when possible).
    pub path: PathBuf,
    /// 1-based line number, if known.
    pub line: Option<usize>,
    /// 1-based column number (in characters), if known.
    pub column: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, if we can tell.
    pub hint: Option<String>,
    /// The source line at `line`, for the excerpt with a caret.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A new error about `path` with no position yet.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A new warning about `path`.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line.max(1));
        self.column = Some(column.max(1));
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Fills `source_line` from the full text of the file, if a line is set.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = text
                .lines()
                .nth(line - 1)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    /// Sets `source_line` to `line` (the text of the line already set).
    pub fn with_source_line(mut self, line: &str) -> Self {
        self.source_line = Some(line.trim_end_matches('\r').to_string());
        self
    }

    /// `path:line:column`, or as much of it as is known.
    pub fn location(&self) -> String {
        let mut s = display_path(&self.path);
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

/// Shows a path with forward slashes, the same on every platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(line), Some(src)) = (self.line, &self.source_line) {
            let num = line.to_string();
            let pad = " ".repeat(num.len());
            let (shown, caret) = source_window(src, self.column.unwrap_or(1));
            write!(
                f,
                "\n {pad} |\n {num} | {shown}\n {pad} | {}^",
                " ".repeat(caret)
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// The longest source line shown whole; longer ones (a pasted page on one
/// line, a minified file) are cut to a window around the column.
const SHOWN_LINE_CHARS: usize = 120;

/// The part of `line` to show under a message, and how many characters
/// come before the caret for 1-based `column`. Tabs show as one space so
/// the caret stays aligned.
fn source_window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let at = column.saturating_sub(1).min(chars.len());
    if chars.len() <= SHOWN_LINE_CHARS {
        return (chars.into_iter().collect(), at);
    }
    let start = at.saturating_sub(SHOWN_LINE_CHARS / 2);
    let end = (start + SHOWN_LINE_CHARS).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at - start + usize::from(start > 0))
}

/// Everything that can stop camnang.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the site's files (content, config, templates).
    #[error("{}", format_diagnostics(.0))]
    Diagnostics(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("cannot {action} {}", display_path(.path))]
    Io {
        /// What camnang was doing: "read", "write", "create", …
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// camnang refuses to do something unsafe (for example, replace a folder it did not create).
    #[error("{message}\n  = hint: {hint}")]
    Refused {
        /// What was refused and why.
        message: String,
        /// What the user can do instead.
        hint: String,
    },
}

impl Error {
    /// Builds an [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// A single diagnostic as an error.
    pub fn one(d: Diagnostic) -> Self {
        Error::Diagnostics(vec![d])
    }

    /// What to do about a failed read or write, for the common causes.
    fn io_hint(&self) -> Option<&'static str> {
        let Error::Io { source, action, .. } = self else {
            return None;
        };
        use std::io::ErrorKind::*;
        Some(match source.kind() {
            StorageFull | QuotaExceeded | FileTooLarge => {
                "the disk is full: free some space, then build again (a failed build leaves the previous output as it was)"
            }
            PermissionDenied if *action == "read" => {
                "check that the file exists and that you have permission to read it"
            }
            PermissionDenied | ReadOnlyFilesystem => {
                "check that you have permission to write there, or choose another folder with --output"
            }
            _ => return None,
        })
    }

    /// The diagnostics, if this is a content error.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Diagnostics(d) => d,
            _ => &[],
        }
    }
}

fn format_diagnostics(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    if errors > 1 {
        out.push(format!("{errors} errors"));
    }
    out.join("\n\n")
}

/// Renders an error with its whole cause chain, the way the CLI prints it.
pub fn report(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        out.push_str(&format!("\n  caused by: {c}"));
        cause = c.source();
    }
    if let Some(hint) = err.downcast_ref::<Error>().and_then(Error::io_hint) {
        out.push_str(&format!("\n  = hint: {hint}"));
    }
    out
}

/// Sorts diagnostics by file, then position, so reports are stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// `Ok(())` when no errors were collected, else all of them as one error.
pub fn all_ok(errors: Vec<Diagnostic>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Diagnostics(errors))
    }
}

/// A shorthand for results in camnang.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_source_lines_show_a_window_around_the_caret() {
        assert_eq!(source_window("a\tb", 3), ("a b".to_string(), 2));
        let line = format!("{}X{}", "ă".repeat(5_000), "b".repeat(5_000));
        let (shown, caret) = source_window(&line, 5_001);
        assert!(shown.chars().count() <= SHOWN_LINE_CHARS + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().nth(caret), Some('X'), "{shown}");
        // Near the start, nothing is cut before the caret.
        let (shown, caret) = source_window(&line, 1);
        assert!(!shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!((shown.chars().next(), caret), (Some('ă'), 0));
        // A column past the end points just after the last character.
        let (shown, caret) = source_window(&line, 20_000);
        assert_eq!(caret, shown.chars().count());
    }

    #[test]
    fn shows_excerpt_with_caret_under_the_column() {
        let d = Diagnostic::error("content/a.md", "unknown key `titel`")
            .at(2, 3)
            .hint("did you mean `title`?")
            .with_source("---\n  titel: x\n---\n");
        let text = d.to_string();
        assert_eq!(
            text,
            "error: unknown key `titel`\n  --> content/a.md:2:3\n   |\n 2 |   titel: x\n   |   ^\n  = hint: did you mean `title`?"
        );
    }

    #[test]
    fn counts_several_errors() {
        let e = Error::Diagnostics(vec![
            Diagnostic::error("a.md", "one"),
            Diagnostic::error("b.md", "two"),
        ]);
        assert!(e.to_string().ends_with("2 errors"));
    }

    #[test]
    fn report_includes_the_cause_chain() {
        let e = Error::io(
            "read",
            "x.md",
            std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        );
        assert_eq!(report(&e), "cannot read x.md\n  caused by: gone");
    }
}

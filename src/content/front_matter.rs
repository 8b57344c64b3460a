//! Front matter: the YAML block between `---` lines at the top of a file.

use super::Date;
use crate::diagnostics::Diagnostic;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Everything a lesson or section may say about itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Required. The page title.
    #[serde(default)]
    pub title: Option<String>,
    /// One or two sentences, shown in lists and to search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// When the lesson was first published.
    #[serde(default)]
    pub date: Option<Date>,
    /// When the lesson was last changed.
    #[serde(default)]
    pub updated: Option<Date>,
    /// When the lesson was last checked against official guidance.
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// Sort position in its section (smaller first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// A draft is built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// The last part of the URL; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old URLs that redirect here (site paths such as `/cu/bai-1/`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The template to render with, instead of `page.html` / `section.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Which of the five digital skills the lesson teaches.
    #[serde(default, deserialize_with = "one_or_many")]
    pub skill: Vec<String>,
    /// Who the lesson is for: `hoc-sinh`, `phu-huynh`, `giao-vien`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub audience: Vec<String>,
    /// Free tags.
    #[serde(default, deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    /// School grade(s), e.g. `6` or `[6, 7]`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub grade: Vec<String>,
    /// How long the lesson takes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// What the reader will learn.
    #[serde(default)]
    pub objectives: Vec<String>,
    /// What the reader needs before starting.
    #[serde(default)]
    pub prerequisites: Vec<String>,
    /// Official references.
    #[serde(default)]
    pub sources: Vec<SourceLink>,
    /// Sections only: how to order the section's pages.
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    /// `steps` turns every `##` heading into a numbered step.
    #[serde(default)]
    pub layout: Option<LayoutName>,
    /// Sections only: the pages form a journey, shown as step-by-step navigation on each.
    #[serde(default)]
    pub journey: bool,
    /// A self-check quiz shown at the end of the lesson.
    #[serde(default)]
    pub quiz: Vec<QuizQuestion>,
    /// Free values for templates: `page.extra.*`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// An official reference cited by a lesson.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceLink {
    /// The document's title, e.g. "Nghị định 69/2024/NĐ-CP".
    pub title: String,
    /// Where to read it.
    pub url: String,
}

/// A page layout named in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LayoutName {
    /// Every `##` heading is a numbered step.
    Steps,
}

/// One question of a self-check quiz.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizQuestion {
    /// The question.
    pub question: String,
    /// The possible answers, in order.
    pub choices: Vec<String>,
    /// The number of the correct choice, counting from 1.
    #[serde(default)]
    pub answer: Option<usize>,
    /// Why that answer is right (shown after answering).
    #[serde(default)]
    pub explanation: String,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// By `weight`, then title.
    #[default]
    Weight,
    /// Newest `date` first, then title.
    Date,
    /// By title, A–Z, ignoring diacritics first.
    Title,
}

impl FrontMatter {
    /// The front-matter fields used as taxonomies, by name.
    pub fn taxonomy_values(&self, field: &str) -> &[String] {
        match field {
            "skill" => &self.skill,
            "audience" => &self.audience,
            "tags" => &self.tags,
            "grade" => &self.grade,
            _ => &[],
        }
    }
}

/// Accepts `key: value` as well as a list; numbers become text (`grade: 9`).
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    use serde::de::{SeqAccess, Visitor};
    use std::fmt;

    struct Scalar;
    impl<'de> Visitor<'de> for Scalar {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a text value")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    struct ScalarSeed;
    impl<'de> serde::de::DeserializeSeed<'de> for ScalarSeed {
        type Value = String;
        fn deserialize<D2: Deserializer<'de>>(self, d: D2) -> Result<String, D2::Error> {
            d.deserialize_any(Scalar)
        }
    }
    struct OneOrMany;
    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a text value or a list of text values")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element_seed(ScalarSeed)? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(OneOrMany)
}

/// Splits a file into its YAML front matter and body.
///
/// Returns `(yaml, body, body_line)`, where `body_line` is the 1-based line
/// on which the body starts. The text must already be normalised (LF only).
pub fn split_front_matter<'a>(
    text: &'a str,
    shown: &Path,
) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != "---" {
        return Err(Diagnostic::error(shown, "the file has no front matter")
            .at(1, 1)
            .hint("start the file with a `---` line, then `title: …`, then another `---` line")
            .with_source(text));
    }
    let after_open = first_line.len() + usize::from(text.len() > first_line.len());
    let mut offset = after_open;
    for (i, line) in text[after_open..].split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &text[after_open..offset];
            let body = &text[offset + line.len()..];
            // Line 1 is the opening `---`, then i YAML lines, then the closing `---`.
            return Ok((yaml, body, i + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(shown, "the front matter is never closed")
        .at(1, 1)
        .hint("add a line with only `---` after the last front-matter line")
        .with_source(text))
}

/// Parses the YAML front matter of a file.
pub fn parse_front_matter(
    yaml: &str,
    shown: &Path,
    file_text: &str,
) -> Result<FrontMatter, Diagnostic> {
    let fm: FrontMatter = crate::yaml::parse(yaml, shown, file_text, 1)?;
    validate_quiz(&fm, shown, file_text)?;
    validate_slugs(&fm, shown, file_text)?;
    validate_sources(&fm, shown, file_text)?;
    match fm.title.as_deref().map(str::trim) {
        None => Err(Diagnostic::error(shown, "missing required key `title`")
            .at(1, 1)
            .hint("add a line `title: …` between the `---` lines")
            .with_source(file_text)),
        Some("") => Err(Diagnostic::error(shown, "`title` is empty")
            .at(find_line(file_text, "title:"), 1)
            .hint("write the lesson's title after `title:`")
            .with_source(file_text)),
        Some(_) => Ok(fm),
    }
}

/// A `slug` and every taxonomy value become part of a URL, so each needs a
/// letter or digit: `!!!` would make an empty slug, whose page would land on
/// its section's (or the taxonomy list's) URL.
fn validate_slugs(fm: &FrontMatter, shown: &Path, file_text: &str) -> Result<(), Diagnostic> {
    let empty = |key: &str, value: &str| {
        Diagnostic::error(
            shown,
            format!("`{key}` `{value}` has no letter or digit to make a URL from"),
        )
        .at(find_line(file_text, &format!("{key}:")), 1)
        .hint("use words, e.g. `thanh-toan-truc-tuyen`")
        .with_source(file_text)
    };
    if let Some(slug) = &fm.slug {
        if crate::text::slugify(slug).is_empty() {
            return Err(empty("slug", slug));
        }
    }
    for key in ["skill", "audience", "tags", "grade"] {
        if let Some(v) = fm
            .taxonomy_values(key)
            .iter()
            .find(|v| crate::text::slugify(v).is_empty())
        {
            return Err(empty(key, v));
        }
    }
    Ok(())
}

/// A source's `url` becomes a link on the page, so it must be a web
/// address (or still blank): `javascript:` or `data:` there would run in
/// the reader's browser.
fn validate_sources(fm: &FrontMatter, shown: &Path, file_text: &str) -> Result<(), Diagnostic> {
    let Some(bad) = fm
        .sources
        .iter()
        // A blank `url: ""` (as in the lesson archetype) links nowhere.
        .find(|s| !s.url.trim().is_empty() && !crate::config::is_web_address(&s.url))
    else {
        return Ok(());
    };
    let line = file_text
        .lines()
        .position(|l| l.contains("url:") && l.contains(bad.url.trim()))
        .map_or_else(|| find_line(file_text, "sources:"), |i| i + 1);
    Err(Diagnostic::error(
        shown,
        format!("the source `{}` is not a web address", bad.url),
    )
    .at(line, 1)
    .hint("a source's `url` starts with `https://`, for example `https://vneid.gov.vn/`")
    .with_source(file_text))
}

/// A quiz needs a question, at least two choices and a correct answer among them.
fn validate_quiz(fm: &FrontMatter, shown: &Path, file_text: &str) -> Result<(), Diagnostic> {
    let quiz_line = find_line(file_text, "quiz:");
    // The line of the n-th question (a list item under `quiz:`), for errors.
    let question_line = |n: usize| {
        file_text
            .lines()
            .enumerate()
            .skip(quiz_line)
            .filter(|(_, l)| l.trim_start().starts_with("- question:"))
            .nth(n)
            .map_or(quiz_line, |(i, _)| i + 1)
    };
    for (i, q) in fm.quiz.iter().enumerate() {
        let n = i + 1;
        let fail = |message: String, hint: &str| {
            Err(Diagnostic::error(shown, message)
                .at(question_line(i), 1)
                .hint(hint)
                .with_source(file_text))
        };
        if q.question.trim().is_empty() {
            return fail(
                format!("quiz question {n} is empty"),
                "write the question after `question:`",
            );
        }
        if q.choices.len() < 2 {
            return fail(
                format!(
                    "quiz question {n} has {} choice(s); it needs at least 2",
                    q.choices.len()
                ),
                "list the choices under `choices:`, one `- …` per line",
            );
        }
        match q.answer {
            None => {
                return fail(
                    format!("quiz question {n} has no correct answer"),
                    "add `answer: N`, where N is the number of the correct choice (the first is 1)",
                )
            }
            Some(a) if a == 0 || a > q.choices.len() => {
                return fail(
                    format!(
                        "quiz question {n}: `answer: {a}` is not one of the {} choices",
                        q.choices.len()
                    ),
                    "choices are counted from 1: the first choice is `answer: 1`",
                )
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The 1-based line of the first line starting with `prefix`.
pub fn find_line(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(prefix))
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Result<(&str, &str, usize), Diagnostic> {
        split_front_matter(text, Path::new("a.md"))
    }

    #[test]
    fn splits_yaml_and_body() {
        let (yaml, body, line) = split("---\ntitle: A\n---\n# Hi\n").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "# Hi\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let (yaml, body, _) = split("---\n---").unwrap();
        assert_eq!((yaml, body), ("", ""));
    }

    #[test]
    fn unterminated_and_missing_front_matter_are_errors() {
        assert!(split("---\ntitle: A\n")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(split("---").unwrap_err().message.contains("never closed"));
        assert!(split("# Hi")
            .unwrap_err()
            .message
            .contains("no front matter"));
        assert!(split("").unwrap_err().message.contains("no front matter"));
    }

    #[test]
    fn title_is_required() {
        let text = "---\ndescription: x\n---\n";
        let d = parse_front_matter("description: x\n", Path::new("a.md"), text).unwrap_err();
        assert_eq!(d.message, "missing required key `title`");
    }

    #[test]
    fn taxonomy_fields_accept_one_or_many() {
        let text = "title: A\nskill: thanh-toan\ngrade: [6, 7]\ntags: [a, b]\n";
        let fm = parse_front_matter(text, Path::new("a.md"), text).unwrap();
        assert_eq!(fm.skill, vec!["thanh-toan"]);
        assert_eq!(fm.grade, vec!["6", "7"]);
        assert_eq!(fm.tags.len(), 2);
    }

    #[test]
    fn a_map_where_a_list_is_expected_names_the_key_and_line() {
        let yaml = "title: A\ntags:\n  a: b\n";
        let text = format!("---\n{yaml}---\n");
        let d = parse_front_matter(yaml, Path::new("a.md"), &text).unwrap_err();
        assert!(d.message.contains("`tags`"), "{}", d.message);
        assert_eq!(d.line, Some(4), "{d:?}");
    }

    #[test]
    fn quiz_needs_a_correct_answer_in_range() {
        let ok = "title: A\nquiz:\n  - question: Q?\n    choices: [a, b]\n    answer: 2\n";
        assert!(parse_front_matter(ok, Path::new("a.md"), ok).is_ok());
        let none = "title: A\nquiz:\n  - question: Q?\n    choices: [a, b]\n";
        let d = parse_front_matter(none, Path::new("a.md"), none).unwrap_err();
        assert_eq!(d.message, "quiz question 1 has no correct answer");
        assert_eq!(d.line, Some(3));
        let out = "title: A\nquiz:\n  - question: Q?\n    choices: [a, b]\n    answer: 1\n  - question: R?\n    choices: [a, b]\n    answer: 3\n";
        let d = parse_front_matter(out, Path::new("a.md"), out).unwrap_err();
        assert!(
            d.message.contains("quiz question 2: `answer: 3`"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(6));
    }

    #[test]
    fn bad_date_names_the_key_and_line() {
        let yaml = "title: A\nreviewed: 15/08/2024\n";
        let text = format!("---\n{yaml}---\n");
        let d = parse_front_matter(yaml, Path::new("a.md"), &text).unwrap_err();
        assert!(d.message.contains("reviewed"), "{}", d.message);
        assert!(
            d.message.contains("`15/08/2024` is not a valid date"),
            "{}",
            d.message
        );
        assert!(
            d.hint.as_deref().unwrap_or("").contains("YYYY-MM-DD"),
            "{:?}",
            d.hint
        );
        assert_eq!(d.line, Some(3));
    }
}

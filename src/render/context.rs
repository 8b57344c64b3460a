//! The template context: plain serialisable structs, documented in the
//! README ("Template context"). Every template gets `site`, `config`,
//! `current_path` and `current_url`; page templates also get `page`,
//! section templates `section`, taxonomy templates `taxonomy` (and `term`).

use crate::config::School;
use crate::content::SourceLink;
use crate::markdown::{StepInfo, TocEntry};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// `site`: the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Content language, e.g. `vi`.
    pub language: &'a str,
    /// Absolute base URL, ending in `/` (may be just `/kynangso/` when no host is set).
    pub base_url: String,
    /// The base path, e.g. `/kynangso/`: prefix of every link.
    pub base_path: &'a str,
    /// Link to the home page.
    pub home_url: String,
    /// The school.
    pub school: &'a School,
    /// URL of the school logo, if any.
    pub logo_url: Option<String>,
    /// Menus by name, links resolved.
    pub menus: BTreeMap<String, Vec<LinkContext>>,
    /// The top-level sections (the skills), for navigation.
    pub sections: Vec<LinkContext>,
    /// The first [`NAV_SECTIONS`] of `sections`, for the top bar. Made
    /// once: Tera's `slice` filter copies the whole list on every page
    /// (100 sections at 10,000 lessons, 3% of a build).
    pub nav_sections: Vec<LinkContext>,
    /// Whether `sections` has more than `nav_sections`.
    pub more_sections: bool,
    /// Taxonomies with their list-page links.
    pub taxonomies: Vec<LinkContext>,
    /// The skills (terms of the `skill` taxonomy) with their lesson counts,
    /// for the home page's cards.
    pub skills: Vec<SkillCard>,
    /// Sections marked `journey: true` (VNeID, paying online…).
    pub journeys: Vec<LinkContext>,
    /// The newest dated lessons, newest first (at most 5).
    pub latest: Vec<PageSummary>,
    /// Fingerprinted asset URLs by source name: `site.assets["style.css"]`.
    pub assets: BTreeMap<String, String>,
    /// UI strings from the theme: `site.strings.skip_link`.
    pub strings: &'a BTreeMap<String, String>,
    /// URL of the Atom feed.
    pub feed_url: String,
    /// URL of the search page.
    pub search_url: String,
    /// The site's `extra` values.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

/// How many top-level sections the top bar shows before "all topics".
pub const NAV_SECTIONS: usize = 8;

/// A skill on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct SkillCard {
    /// Display name.
    pub title: String,
    /// URL of its page.
    pub url: String,
    /// URL segment, also the key of reading progress in the browser.
    pub slug: String,
    /// Number of lessons.
    pub lessons: usize,
}

/// A titled link.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LinkContext {
    /// Link text.
    pub title: String,
    /// The URL (with the base path).
    pub url: String,
    /// True for links to other websites.
    pub external: bool,
}

/// One step of the breadcrumb trail.
pub type Breadcrumb = LinkContext;

/// A page in a list (section, taxonomy term, feed).
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary {
    /// Title.
    pub title: String,
    /// Description, may be empty.
    pub description: String,
    /// URL.
    pub url: String,
    /// `date` as `2024-08-15`, if set.
    pub date: Option<String>,
    /// `date` as `15/08/2024`, if set.
    pub date_display: Option<String>,
    /// Minutes the lesson takes.
    pub duration_minutes: Option<u32>,
    /// Skill terms.
    pub skill: Vec<LinkContext>,
    /// Audience terms.
    pub audience: Vec<LinkContext>,
}

/// A document's rendered Markdown in a context: its HTML for templates,
/// but only a hash of it while the context is being keyed
/// ([`crate::cache::KeyHasher::serialized`]): pages are keyed on every
/// rebuild, and their HTML is most of their context.
#[derive(Debug, Clone, Copy)]
pub struct Html<'a>(pub &'a crate::markdown::Rendered);

impl Serialize for Html<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if crate::cache::keying() {
            s.serialize_str(&format!("{:032x}", self.0.html_key()))
        } else if let Some(placeholder) = super::splice::stand_in(self.0) {
            s.serialize_str(&placeholder)
        } else {
            s.serialize_str(&self.0.html())
        }
    }
}

/// `page`: a lesson.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    /// Title.
    pub title: &'a str,
    /// Description (may be empty).
    pub description: &'a str,
    /// Link URL (with base path).
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Rendered Markdown (HTML; print with `| safe`).
    pub content: Html<'a>,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// Dates as `YYYY-MM-DD` and as `DD/MM/YYYY` (`*_display`).
    pub date: Option<String>,
    /// See `date`.
    pub date_display: Option<String>,
    /// Last change.
    pub updated: Option<String>,
    /// See `updated`.
    pub updated_display: Option<String>,
    /// Last check against official guidance.
    pub reviewed: Option<String>,
    /// See `reviewed`.
    pub reviewed_display: Option<String>,
    /// Sort weight.
    pub weight: Option<i64>,
    /// Taxonomy terms with links, by taxonomy field: `page.taxonomies.skill`.
    pub taxonomies: BTreeMap<String, Vec<LinkContext>>,
    /// Grades.
    pub grade: &'a [String],
    /// Minutes.
    pub duration_minutes: Option<u32>,
    /// What the reader will learn.
    pub objectives: &'a [String],
    /// What the reader needs first.
    pub prerequisites: &'a [String],
    /// Official references.
    pub sources: &'a [SourceLink],
    /// Free front-matter values.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// From home to the enclosing section.
    pub breadcrumbs: Vec<Breadcrumb>,
    /// Previous page in the section.
    pub prev: Option<LinkContext>,
    /// Next page in the section.
    pub next: Option<LinkContext>,
    /// Other pages sharing its tags or skill, closest first.
    pub related: Vec<LinkContext>,
    /// The enclosing section.
    pub section: LinkContext,
    /// Whether the page needs the code-highlighting stylesheet.
    pub has_code: bool,
    /// Path of the source inside `content/`.
    pub source_path: &'a str,
    /// `steps` for step-by-step lessons, else empty.
    pub layout: &'static str,
    /// The steps of a step-by-step lesson.
    pub steps: &'a [StepInfo],
    /// schema.org `HowTo` JSON-LD for step-by-step lessons (safe to print inside `<script>`).
    pub json_ld: Option<String>,
    /// The self-check quiz.
    pub quiz: Vec<QuizContext>,
    /// The journey this lesson is part of, if its section is one.
    pub journey: Option<JourneyContext>,
    /// URL of the printable poster.
    pub poster_url: String,
    /// URL of the embeddable copy (no header or footer), for an iframe.
    pub embed_url: String,
    /// Absolute URL of the embeddable copy.
    pub embed_permalink: String,
    /// Theme scripts this page needs, by name: `site.assets[name]`.
    pub scripts: Vec<&'static str>,
}

/// One quiz question, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct QuizContext {
    /// The question.
    pub question: String,
    /// The choices.
    pub choices: Vec<String>,
    /// The correct choice, counting from 1.
    pub answer: usize,
    /// The text of the correct choice.
    pub answer_text: String,
    /// Why.
    pub explanation: String,
}

/// A journey: the section's lessons in order, with the current one marked.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyContext {
    /// The section's title.
    pub title: String,
    /// The section's URL.
    pub url: String,
    /// Every lesson of the journey.
    pub steps: Vec<JourneyStep>,
}

/// One lesson of a journey.
#[derive(Debug, Clone, Serialize)]
pub struct JourneyStep {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// True for the page being shown.
    pub current: bool,
}

/// `poster` for `poster.html`.
#[derive(Debug, Clone, Serialize)]
pub struct PosterContext {
    /// Up to five key steps.
    pub steps: Vec<String>,
    /// Inline SVG QR code of the lesson's absolute URL.
    pub qr_svg: String,
}

/// `section`: a folder's index page (home is a section too).
#[derive(Debug, Clone, Serialize)]
pub struct SectionContext<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: &'a str,
    /// URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Rendered Markdown of `_index.md`.
    pub content: Html<'a>,
    /// Table of contents.
    pub toc: &'a [TocEntry],
    /// Pages, sorted.
    pub pages: Vec<Cow<'a, PageSummary>>,
    /// Subsections, sorted, with their page counts.
    pub subsections: Vec<SubsectionSummary>,
    /// From home to the parent section.
    pub breadcrumbs: Vec<Breadcrumb>,
    /// Whether the section content needs the code stylesheet.
    pub has_code: bool,
    /// Free values.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A subsection in a list.
#[derive(Debug, Clone, Serialize)]
pub struct SubsectionSummary {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// URL.
    pub url: String,
    /// Number of pages directly inside.
    pub page_count: usize,
}

/// `taxonomy`: e.g. all skills.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyContext {
    /// Field name, e.g. `skill`.
    pub name: String,
    /// Display name.
    pub title: String,
    /// URL of the list page.
    pub url: String,
    /// Terms with their page counts.
    pub terms: Vec<TermSummary>,
}

/// A term in a taxonomy list.
#[derive(Debug, Clone, Serialize)]
pub struct TermSummary {
    /// Display name.
    pub title: String,
    /// URL.
    pub url: String,
    /// Number of pages.
    pub page_count: usize,
}

/// `term`: one value of a taxonomy with its pages.
#[derive(Debug, Clone, Serialize)]
pub struct TermContext<'a> {
    /// Display name.
    pub title: String,
    /// URL.
    pub url: String,
    /// Pages, by weight then title.
    pub pages: Vec<Cow<'a, PageSummary>>,
}

/// One `<url>` of the sitemap.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD` of the last change, if known.
    pub lastmod: Option<String>,
}

/// The Atom feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedContext {
    /// Absolute URL of the feed itself.
    pub feed_url: String,
    /// RFC 3339 date of the newest entry.
    pub updated: String,
    /// Newest lessons first.
    pub entries: Vec<FeedEntry>,
}

/// One lesson in the feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Absolute URL.
    pub permalink: String,
    /// RFC 3339 publication date.
    pub published: String,
    /// RFC 3339 last change.
    pub updated: String,
    /// Description.
    pub summary: String,
}

#[cfg(test)]
mod html_tests {
    use super::Html;
    use crate::cache::KeyHasher;
    use crate::markdown::Rendered;

    #[test]
    fn html_is_written_whole_for_templates_and_keyed_by_its_hash() {
        let a = Rendered {
            html: "<p>Đăng ký</p>".into(),
            ..Default::default()
        };
        let b = Rendered {
            html: "<p>Đăng nhập</p>".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&Html(&a)).unwrap(),
            "\"<p>Đăng ký</p>\""
        );
        let key = |r: &Rendered| KeyHasher::new().serialized(&Html(r)).unwrap().finish();
        assert_ne!(key(&a), key(&b));
        assert_eq!(key(&a), key(&a.clone()));
        // Keying ends with the key: templates get the HTML again.
        assert!(!crate::cache::keying());
        assert!(serde_json::to_string(&Html(&b)).unwrap().contains("nhập"));
    }
}

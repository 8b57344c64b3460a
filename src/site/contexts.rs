//! Building the template context structs from the library.

use super::RenderedContent;
use crate::config::{BaseUrl, SiteConfig, CONFIG_FILE};
use crate::content::{Document, Library};
use crate::diagnostics::{Diagnostic, Error, Result};
use crate::markdown::StepInfo;
use crate::render::{
    JourneyContext, JourneyStep, LinkContext, PageContext, PageSummary, QuizContext,
    SectionContext, SiteContext, SkillCard, SubsectionSummary, Theme, NAV_SECTIONS,
};
use crate::text::{encode_path, slugify};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Reads a library and turns its parts into template contexts.
pub struct ContextBuilder<'a> {
    /// The content.
    pub library: &'a Library,
    /// Rendered Markdown.
    pub rendered: &'a RenderedContent,
    /// The site config.
    pub config: &'a SiteConfig,
    /// The base URL.
    pub base: &'a BaseUrl,
    /// The site folder (to quote the config file in errors).
    pub root: &'a std::path::Path,
    /// Every page's summary, by page number, once made
    /// ([`ContextBuilder::summaries`]); empty before.
    pub summaries: &'a [PageSummary],
}

impl<'a> ContextBuilder<'a> {
    /// The link URL of a site path.
    pub fn url(&self, url_path: &str) -> String {
        self.base.link(&encode_path(url_path))
    }

    /// A link to a document.
    pub fn link(&self, doc: &Document) -> LinkContext {
        LinkContext {
            title: doc.title().to_string(),
            url: self.url(&doc.url_path),
            external: false,
        }
    }

    /// Links to the taxonomy terms a page has in `field`.
    fn terms(&self, doc: &Document, field: &str) -> Vec<LinkContext> {
        let Some(tax) = self.config.taxonomy(field) else {
            return Vec::new();
        };
        doc.meta
            .taxonomy_values(field)
            .iter()
            .map(|v| LinkContext {
                title: tax.term_title(v).to_string(),
                url: self.url(&format!("{}/{}/", tax.path_slug(), slugify(v))),
                external: false,
            })
            .collect()
    }

    /// A page in a list: the one made for every page, once they are made
    /// (a page is listed in its section and in each of its taxonomy terms).
    pub fn summary(&self, page: usize) -> Cow<'a, PageSummary> {
        match self.summaries.get(page) {
            Some(made) => Cow::Borrowed(made),
            None => Cow::Owned(self.make_summary(page)),
        }
    }

    /// Every page's summary, by page number (see [`ContextBuilder::summaries`]).
    pub fn summaries(&self) -> Vec<PageSummary> {
        (0..self.library.pages.len())
            .into_par_iter()
            .map(|p| self.make_summary(p))
            .collect()
    }

    fn make_summary(&self, page: usize) -> PageSummary {
        let doc = &self.library.pages[page].doc;
        PageSummary {
            title: doc.title().to_string(),
            description: doc.meta.description.clone().unwrap_or_default(),
            url: self.url(&doc.url_path),
            date: doc.meta.date.map(|d| d.iso()),
            date_display: doc.meta.date.map(|d| d.display_vi()),
            duration_minutes: doc.meta.duration_minutes,
            skill: self.terms(doc, "skill"),
            audience: self.terms(doc, "audience"),
        }
    }

    fn breadcrumbs(&self, section: usize, include_self: bool) -> Vec<LinkContext> {
        let mut chain = self.library.ancestors(section);
        if !include_self {
            chain.pop();
        }
        chain
            .into_iter()
            .map(|s| self.link(&self.library.sections[s].doc))
            .collect()
    }

    /// `page` for page templates.
    pub fn page(&self, index: usize) -> PageContext<'a> {
        let page = &self.library.pages[index];
        let doc = &page.doc;
        let r = &self.rendered.pages[index];
        let m = &doc.meta;
        PageContext {
            title: doc.title(),
            description: m.description.as_deref().unwrap_or(""),
            url: self.url(&doc.url_path),
            permalink: self.base.absolute(&encode_path(&doc.url_path)),
            content: crate::render::Html(r),
            toc: &r.toc,
            date: m.date.map(|d| d.iso()),
            date_display: m.date.map(|d| d.display_vi()),
            updated: m.updated.map(|d| d.iso()),
            updated_display: m.updated.map(|d| d.display_vi()),
            reviewed: m.reviewed.map(|d| d.iso()),
            reviewed_display: m.reviewed.map(|d| d.display_vi()),
            weight: m.weight,
            taxonomies: self
                .config
                .taxonomies
                .iter()
                .map(|t| (t.name.clone(), self.terms(doc, &t.name)))
                .collect(),
            grade: &m.grade,
            duration_minutes: m.duration_minutes,
            objectives: &m.objectives,
            prerequisites: &m.prerequisites,
            sources: &m.sources,
            extra: &m.extra,
            breadcrumbs: self.breadcrumbs(page.section, true),
            prev: page.prev.map(|p| self.link(&self.library.pages[p].doc)),
            next: page.next.map(|p| self.link(&self.library.pages[p].doc)),
            related: page
                .related
                .iter()
                .map(|&p| self.link(&self.library.pages[p].doc))
                .collect(),
            section: self.link(&self.library.sections[page.section].doc),
            has_code: r.highlighted,
            source_path: &doc.rel_path,
            layout: if r.steps.is_empty() { "" } else { "steps" },
            steps: &r.steps,
            json_ld: how_to(
                doc,
                &r.steps,
                &self.base.absolute(&encode_path(&doc.url_path)),
            ),
            quiz: m
                .quiz
                .iter()
                .map(|q| {
                    let answer = q.answer.unwrap_or(1);
                    QuizContext {
                        question: q.question.clone(),
                        choices: q.choices.clone(),
                        answer,
                        answer_text: q.choices.get(answer - 1).cloned().unwrap_or_default(),
                        explanation: q.explanation.clone(),
                    }
                })
                .collect(),
            journey: self.journey(index),
            poster_url: self.url(&format!("{}poster/", doc.url_path)),
            embed_url: self.url(&format!("{}embed/", doc.url_path)),
            embed_permalink: self
                .base
                .absolute(&encode_path(&format!("{}embed/", doc.url_path))),
            scripts: {
                let mut s = Vec::new();
                if !r.steps.is_empty() {
                    s.push("steps.js");
                }
                if !m.quiz.is_empty() {
                    s.push("quiz.js");
                }
                if r.shortcodes.contains("video") {
                    s.push("video.js");
                }
                s
            },
        }
    }

    /// The journey a page belongs to: its section, if marked `journey: true`.
    fn journey(&self, page: usize) -> Option<JourneyContext> {
        let section = &self.library.sections[self.library.pages[page].section];
        if !section.doc.meta.journey {
            return None;
        }
        Some(JourneyContext {
            title: section.doc.title().to_string(),
            url: self.url(&section.doc.url_path),
            steps: section
                .pages
                .iter()
                .map(|&p| JourneyStep {
                    title: self.library.pages[p].doc.title().to_string(),
                    url: self.url(&self.library.pages[p].doc.url_path),
                    current: p == page,
                })
                .collect(),
        })
    }

    /// `section` for section templates.
    pub fn section(&self, index: usize) -> SectionContext<'a> {
        let section = &self.library.sections[index];
        let doc = &section.doc;
        let r = &self.rendered.sections[index];
        SectionContext {
            title: doc.title(),
            description: doc.meta.description.as_deref().unwrap_or(""),
            url: self.url(&doc.url_path),
            permalink: self.base.absolute(&encode_path(&doc.url_path)),
            content: crate::render::Html(r),
            toc: &r.toc,
            pages: section.pages.iter().map(|&p| self.summary(p)).collect(),
            subsections: section
                .subsections
                .iter()
                .map(|&s| {
                    let sub = &self.library.sections[s];
                    SubsectionSummary {
                        title: sub.doc.title().to_string(),
                        description: sub.doc.meta.description.clone().unwrap_or_default(),
                        url: self.url(&sub.doc.url_path),
                        page_count: sub.pages.len(),
                    }
                })
                .collect(),
            breadcrumbs: self.breadcrumbs(index, false),
            has_code: r.highlighted,
            extra: &doc.meta.extra,
        }
    }

    /// `site`, the same for every page.
    pub fn site(
        &self,
        theme: &'a Theme,
        assets: BTreeMap<String, String>,
    ) -> Result<SiteContext<'a>> {
        let config = self.config;
        let home = &self.library.sections[0];
        let sections: Vec<LinkContext> = home
            .subsections
            .iter()
            .map(|&s| self.link(&self.library.sections[s].doc))
            .collect();
        let nav_sections = sections.iter().take(NAV_SECTIONS).cloned().collect();
        let more_sections = sections.len() > NAV_SECTIONS;
        Ok(SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: self.base.absolute(""),
            base_path: &self.base.path,
            home_url: self.url(""),
            school: &config.school,
            logo_url: config
                .school
                .logo
                .as_deref()
                .map(|l| self.base.link(&encode_path(l.trim_start_matches('/')))),
            menus: self.menus()?,
            sections,
            nav_sections,
            more_sections,
            taxonomies: self
                .library
                .taxonomies
                .iter()
                .map(|t| LinkContext {
                    title: t.config.title.clone(),
                    url: self.url(&format!("{}/", t.slug)),
                    external: false,
                })
                .collect(),
            skills: self
                .library
                .taxonomies
                .iter()
                .filter(|t| t.config.name == "skill")
                .flat_map(|t| {
                    t.terms.iter().map(move |term| SkillCard {
                        title: term.title.clone(),
                        url: self.url(&format!("{}/{}/", t.slug, term.slug)),
                        slug: term.slug.clone(),
                        lessons: term.pages.len(),
                    })
                })
                .collect(),
            journeys: self
                .library
                .sections
                .iter()
                .filter(|s| s.doc.meta.journey)
                .map(|s| self.link(&s.doc))
                .collect(),
            latest: self.latest(5),
            assets,
            strings: &theme.strings,
            feed_url: self.url("atom.xml"),
            search_url: self.url(crate::content::SEARCH_PAGE),
            extra: &config.extra,
        })
    }

    /// The `n` newest dated pages, newest first (ties in page order).
    fn latest(&self, n: usize) -> Vec<PageSummary> {
        let mut dated: Vec<(crate::content::Date, usize)> = self
            .library
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.doc.meta.date.map(|d| (d, i)))
            .collect();
        dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        dated
            .into_iter()
            .take(n)
            .map(|(_, i)| self.summary(i).into_owned())
            .collect()
    }

    fn menus(&self) -> Result<BTreeMap<String, Vec<LinkContext>>> {
        let mut errors = Vec::new();
        let config_text = std::fs::read_to_string(self.root.join(CONFIG_FILE)).unwrap_or_default();
        let mut menus = BTreeMap::new();
        for (name, items) in &self.config.menus {
            let mut sorted: Vec<_> = items.iter().enumerate().collect();
            sorted.sort_by_key(|(i, item)| (item.weight, *i));
            let mut links = Vec::new();
            for (_, item) in sorted {
                let url = &item.url;
                let (resolved, external) = if let Some(rel) = url.strip_prefix("@/") {
                    let (path, anchor) = rel.split_once('#').unwrap_or((rel, ""));
                    match self.library.get(path) {
                        Some(doc) => {
                            let mut u = self.url(&doc.url_path);
                            if !anchor.is_empty() {
                                u.push('#');
                                u.push_str(anchor);
                            }
                            (u, false)
                        }
                        None => {
                            errors.push(
                                Diagnostic::error(CONFIG_FILE, format!("menu `{name}` links to `{url}`, which does not exist"))
                                    .at(line_containing(&config_text, url), 1)
                                    .hint("menu links to content use the path inside content/, e.g. `@/vneid/_index.md`")
                                    .with_source(&config_text),
                            );
                            continue;
                        }
                    }
                } else if url.starts_with("http://") || url.starts_with("https://") {
                    (url.clone(), true)
                } else {
                    (self.base.link(url), false)
                };
                links.push(LinkContext {
                    title: item.name.clone(),
                    url: resolved,
                    external,
                });
            }
            menus.insert(name.clone(), links);
        }
        if errors.is_empty() {
            Ok(menus)
        } else {
            Err(Error::Diagnostics(errors))
        }
    }
}

/// The 1-based line of the first line containing `needle` (1 if none).
fn line_containing(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// schema.org `HowTo` JSON-LD for a step-by-step page, escaped so that it
/// can sit inside `<script type="application/ld+json">`.
fn how_to(doc: &Document, steps: &[StepInfo], permalink: &str) -> Option<String> {
    if steps.is_empty() {
        return None;
    }
    let m = &doc.meta;
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "HowTo",
        "name": doc.title(),
        "step": steps.iter().map(|s| serde_json::json!({
            "@type": "HowToStep",
            "position": s.number,
            "name": s.title,
            "url": format!("{permalink}#{}", s.id),
        })).collect::<Vec<_>>(),
    });
    if let Some(d) = &m.description {
        v["description"] = d.as_str().into();
    }
    if !m.prerequisites.is_empty() {
        v["supply"] = m
            .prerequisites
            .iter()
            .map(|p| serde_json::json!({"@type": "HowToSupply", "name": p}))
            .collect::<Vec<_>>()
            .into();
    }
    if let Some(minutes) = m.duration_minutes {
        v["totalTime"] = format!("PT{minutes}M").into();
    }
    let json = serde_json::to_string(&v).ok()?;
    Some(
        json.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

//! The event loop that turns Markdown into HTML.

use super::headings::{heading_id, nest, TocEntry};
use super::links::{classify, LinkResolver, Target};
use super::{alerts, highlight, sanitize, InternalLink, MarkdownInput, MarkdownOptions, Rendered};
use crate::diagnostics::Diagnostic;
use crate::text::encode_path;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Ids the theme uses itself, which headings must not take.
const RESERVED_IDS: [&str; 4] = ["main", "top", "menu", "search"];

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// pulldown-cmark options for camnang's Markdown dialect.
fn parser_options(options: &MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if options.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}

/// A heading being collected until its end, so its id can come from its text.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    text: String,
    events: Vec<Event<'a>>,
}

/// Per-body state of the renderer.
struct Renderer<'i, 'a> {
    input: &'i MarkdownInput<'a>,
    options: &'i MarkdownOptions,
    links: &'i dyn LinkResolver,
    line_starts: Vec<usize>,
    out: Vec<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    code: Option<(Option<String>, String)>,
    quotes: Vec<bool>,
    dropped_links: Vec<bool>,
    taken_ids: HashSet<String>,
    toc: Vec<TocEntry>,
    anchors: Vec<String>,
    anchored_links: Vec<InternalLink>,
    errors: Vec<Diagnostic>,
    raw_html: bool,
    highlighted: bool,
}

/// Renders one Markdown body. Every problem in it is returned, not only the first.
pub fn render(
    input: &MarkdownInput<'_>,
    options: &MarkdownOptions,
    links: &dyn LinkResolver,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut r = Renderer {
        input,
        options,
        links,
        line_starts: std::iter::once(0)
            .chain(input.body.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        out: Vec::new(),
        heading: None,
        code: None,
        quotes: Vec::new(),
        dropped_links: Vec::new(),
        taken_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        toc: Vec::new(),
        anchors: Vec::new(),
        anchored_links: Vec::new(),
        errors: Vec::new(),
        raw_html: false,
        highlighted: false,
    };
    for (event, range) in Parser::new_ext(input.body, parser_options(options)).into_offset_iter() {
        r.event(event, range.start);
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    if r.raw_html && options.sanitize_html {
        html = sanitize::sanitize(&html, options);
    }
    Ok(Rendered {
        html,
        toc: nest(r.toc),
        anchors: r.anchors,
        anchored_links: r.anchored_links,
        highlighted: r.highlighted,
    })
}

impl<'a> Renderer<'_, 'a> {
    fn push(&mut self, e: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(e),
            None => self.out.push(e),
        }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let idx = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[idx];
        let col = self.input.body[start..offset].chars().count() + 1;
        (self.input.body_line + idx, col)
    }

    fn error(&mut self, offset: usize, message: String, hint: &str) {
        let (line, col) = self.position(offset);
        self.errors.push(
            Diagnostic::error(self.input.shown, message)
                .at(line, col)
                .hint(hint)
                .with_source(self.input.file_text),
        );
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(OpenHeading {
                    level,
                    id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    text: String::new(),
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(offset),
            Event::Text(ref t) | Event::Code(ref t) if self.heading.is_some() => {
                if let Some(h) = &mut self.heading {
                    h.text.push_str(t);
                }
                self.push(event);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split([' ', ',', '{'])
                        .next()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Event::Start(Tag::BlockQuote(kind)) => {
                self.quotes.push(kind.is_some());
                match kind {
                    Some(k) => {
                        let html = alerts::open(k, &self.options.alert_labels);
                        self.push(Event::Html(html.into()));
                    }
                    None => self.push(Event::Start(Tag::BlockQuote(None))),
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => {
                if self.quotes.pop().unwrap_or(false) {
                    self.push(Event::Html("</div>\n".into()));
                } else {
                    self.push(Event::End(TagEnd::BlockQuote(kind)));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, offset),
            Event::End(TagEnd::Link) => {
                if !self.dropped_links.pop().unwrap_or(false) {
                    self.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let src = self.image_src(&dest_url, offset).unwrap_or_default();
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: src.into(),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::FootnoteDefinition(ref name)) => {
                self.anchors.push(name.to_string());
                self.push(event);
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                self.raw_html = true;
                self.push(event);
            }
            other => self.push(other),
        }
    }

    fn end_heading(&mut self, offset: usize) {
        let Some(h) = self.heading.take() else { return };
        let id = match h.id {
            Some(explicit) => {
                if !self.taken_ids.insert(explicit.clone()) {
                    self.error(
                        offset,
                        format!("the heading id `{explicit}` is used twice on this page"),
                        "give each heading a different `{#id}`",
                    );
                }
                explicit
            }
            None => heading_id(&h.text, &mut self.taken_ids),
        };
        let level = h.level as u8;
        let class = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape(&h.classes.join(" ")))
        };
        let id_html = escape(&id);
        self.out.push(Event::Html(
            format!("<h{level} id=\"{id_html}\"{class}>").into(),
        ));
        self.out.extend(h.events);
        self.out.push(Event::Html(
            format!(
                " <a class=\"heading-anchor\" href=\"#{id_html}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}: {}</span></a></h{level}>\n",
                escape(&self.options.anchor_label),
                escape(h.text.trim())
            )
            .into(),
        ));
        if (2..=self.options.toc_depth).contains(&level) {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: h.text.trim().to_string(),
                children: Vec::new(),
            });
        }
        self.anchors.push(id);
    }

    fn end_code(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        let highlighted = match (&lang, self.options.highlight_code) {
            (Some(l), true) => highlight::highlight(&code, l),
            _ => None,
        };
        self.highlighted |= highlighted.is_some();
        let class = lang
            .as_deref()
            .map(|l| format!(" class=\"language-{}\"", escape(l)))
            .unwrap_or_default();
        let body = highlighted.unwrap_or_else(|| escape(&code));
        self.push(Event::Html(
            format!("<pre class=\"code\" tabindex=\"0\"><code{class}>{body}</code></pre>\n").into(),
        ));
    }

    fn start_link(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let href = match classify(&dest, self.input.dir) {
            Target::SamePage(anchor) => {
                self.note_anchor(self.input.rel_path.to_string(), anchor.clone(), offset);
                Some(format!("#{}", encode_path(&anchor)))
            }
            Target::Content { path, anchor } => match self.links.document_url(&path) {
                Some(url) => {
                    if anchor.is_empty() {
                        Some(url)
                    } else {
                        self.note_anchor(path, anchor.clone(), offset);
                        Some(format!("{url}#{}", encode_path(&anchor)))
                    }
                }
                None => {
                    self.error(
                        offset,
                        format!("broken link: `{dest}` points to `content/{path}`, which does not exist"),
                        "link to a lesson by its path inside content/, e.g. `@/vneid/dang-ky-muc-1.md`, or relative to this file, e.g. `../thanh-toan/qr.md`",
                    );
                    None
                }
            },
            Target::Site(path) => Some(self.links.site_url(&path)),
            Target::File { path, suffix } => match self.links.asset_url(&path) {
                Some(url) => Some(format!("{url}{suffix}")),
                None => {
                    self.error(
                        offset,
                        format!("broken link: `{dest}` points to `content/{path}`, which does not exist"),
                        "link to another lesson by its .md file (e.g. `@/vneid/dang-ky-muc-1.md`); other files must be inside content/",
                    );
                    None
                }
            },
            Target::External => {
                self.dropped_links.push(false);
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(&title))
                };
                self.push(Event::Html(
                    format!(
                        "<a href=\"{}\"{title_attr} rel=\"noopener noreferrer\">",
                        escape(dest.trim())
                    )
                    .into(),
                ));
                return;
            }
            Target::Unsafe(_) => {
                // The link text stays; the link itself is removed.
                self.dropped_links.push(true);
                return;
            }
            Target::Escapes => {
                self.error(
                    offset,
                    format!("the link `{dest}` leads outside the content folder"),
                    "links may only point to files inside content/",
                );
                None
            }
        };
        self.dropped_links.push(false);
        self.push(Event::Start(Tag::Link {
            link_type,
            dest_url: href.unwrap_or_default().into(),
            title,
            id,
        }));
    }

    fn note_anchor(&mut self, target: String, anchor: String, offset: usize) {
        let (line, column) = self.position(offset);
        self.anchored_links.push(InternalLink {
            target,
            anchor,
            line,
            column,
        });
    }

    fn image_src(&mut self, dest: &str, offset: usize) -> Option<String> {
        match classify(dest, self.input.dir) {
            Target::File { path, suffix } => match self.links.asset_url(&path) {
                Some(url) => Some(format!("{url}{suffix}")),
                None => {
                    self.error(
                        offset,
                        format!("image not found: `{dest}` (looked for `content/{path}`)"),
                        "put the image beside the lesson (or in the lesson's bundle folder) and check the file name",
                    );
                    None
                }
            },
            Target::Site(path) => Some(self.links.site_url(&path)),
            Target::External => {
                self.error(
                    offset,
                    format!("the image `{dest}` is on another website"),
                    "download the image and store it beside the lesson: pages must not make requests to other sites",
                );
                None
            }
            Target::Escapes => {
                self.error(
                    offset,
                    format!("the image `{dest}` is outside the content folder"),
                    "images must be inside content/ or static/",
                );
                None
            }
            _ => {
                self.error(
                    offset,
                    format!("`{dest}` is not an image file"),
                    "point the image at a .png, .jpg, .webp or .svg file",
                );
                None
            }
        }
    }
}

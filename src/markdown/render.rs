//! The event loop that turns Markdown into HTML.

use super::collapse::push_collapsed;
use super::headings::{heading_id, nest, TocEntry};
use super::images::{is_lazy, resolve_image, split_decorative, ImageTag};
use super::links::{classify, LinkResolver, Target};
use super::official::{classify_url, HostKind};
use super::shortcodes::{self, ShortcodeCall, ShortcodeRenderer, MARK_CLOSE, MARK_OPEN};
use super::{
    alerts, depth, highlight, sanitize, InternalLink, Layout, MarkdownInput, MarkdownOptions,
    Rendered, StepInfo, TextSection,
};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::text::encode_path;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::collections::{BTreeSet, HashSet};

/// Ids the theme uses itself, which headings must not take.
const RESERVED_IDS: [&str; 4] = ["main", "top", "menu", "search"];

/// A link title that marks a deliberate example of a scam link: it is shown
/// as text, never as a clickable link, and is not a build error.
pub const BAD_EXAMPLE_TITLES: [&str; 2] = ["vi-du-lua-dao", "bad-example"];

/// Escapes text for HTML content and attribute values.
/// Byte by byte, copying the runs between special characters whole (they
/// are ASCII, so every cut is on a character boundary): every printed
/// value of every page passes through here.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
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

/// An image being collected until its end, so its alt text is known.
struct OpenImage {
    dest: String,
    title: String,
    alt: String,
    offset: usize,
}

/// How to close a link when its end arrives.
enum LinkEnd {
    /// `</a>`.
    Normal,
    /// `</a>` and the official badge.
    Official,
    /// Nothing: the link was removed and only its text stays.
    Dropped,
    /// `</span>`: a deliberate scam example shown as text.
    BadExample,
}

/// Per-body state of the renderer.
struct Renderer<'i, 'a> {
    input: &'i MarkdownInput<'a>,
    options: &'i MarkdownOptions,
    links: &'i dyn LinkResolver,
    offsets: shortcodes::OffsetMap,
    line_starts: Vec<usize>,
    out: Vec<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    code: Option<(Option<String>, String)>,
    image: Option<OpenImage>,
    images_seen: usize,
    figures: Vec<(usize, String)>,
    quotes: Vec<Option<BlockQuoteKind>>,
    link_ends: Vec<LinkEnd>,
    taken_ids: HashSet<String>,
    toc: Vec<TocEntry>,
    anchors: Vec<String>,
    anchored_links: Vec<InternalLink>,
    errors: Vec<Diagnostic>,
    raw_html: bool,
    highlighted: bool,
    code_classes: BTreeSet<String>,
    step_total: usize,
    steps: Vec<StepInfo>,
    text_sections: Vec<SectionText>,
}

/// A [`TextSection`] while its text is being gathered.
#[derive(Default)]
struct SectionText {
    id: String,
    heading: String,
    /// Its words, one space apart ([`push_collapsed`]).
    text: String,
    /// Whether whitespace ended the text noted so far.
    space_pending: bool,
}

/// Renders one Markdown body with its shortcodes. Every problem in it is
/// returned, not only the first.
pub fn render(
    input: &MarkdownInput<'_>,
    options: &MarkdownOptions,
    links: &dyn LinkResolver,
    shortcodes: &dyn ShortcodeRenderer,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut r = Renderer {
        input,
        options,
        links,
        offsets: shortcodes::OffsetMap::default(),
        line_starts: std::iter::once(0)
            .chain(input.body.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        out: Vec::new(),
        heading: None,
        code: None,
        image: None,
        images_seen: 0,
        figures: Vec::new(),
        quotes: Vec::new(),
        link_ends: Vec::new(),
        taken_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        toc: Vec::new(),
        anchors: Vec::new(),
        anchored_links: Vec::new(),
        errors: Vec::new(),
        raw_html: false,
        highlighted: false,
        code_classes: BTreeSet::new(),
        step_total: 0,
        steps: Vec::new(),
        text_sections: vec![SectionText::default()],
    };
    let cleaned;
    // One `char` each: found with memchr, not by decoding every character.
    let body = if input.body.contains(MARK_OPEN) || input.body.contains(MARK_CLOSE) {
        cleaned = input.body.replace([MARK_OPEN, MARK_CLOSE], "");
        cleaned.as_str()
    } else {
        input.body
    };
    let (text, calls, offsets) = match shortcodes::extract(body) {
        Ok(x) => x,
        Err(e) => {
            r.error(e.offset, e.message, "shortcodes look like {{ name(key=\"value\") }}, or {% name(key=\"value\") %}…{% end %} with a body");
            return Err(r.errors);
        }
    };
    r.offsets = offsets;
    if input.layout == Layout::Steps {
        r.step_total = Parser::new_ext(&text, parser_options(options))
            .filter(|e| {
                matches!(
                    e,
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H2,
                        ..
                    })
                )
            })
            .count();
    }
    // How deeply blocks and spans nest, and where raw HTML first appears
    // (see `depth`: deeper input would overflow the minifier's stack).
    let (mut nesting, mut first_html) = (0usize, None);
    for (event, range) in Parser::new_ext(&text, parser_options(options)).into_offset_iter() {
        match &event {
            Event::Start(_) => nesting += 1,
            Event::End(_) => nesting = nesting.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => {
                first_html.get_or_insert(range.start);
            }
            _ => {}
        }
        if nesting > depth::MAX_NESTING {
            r.too_deep(range.start, "the Markdown nests");
            return Err(r.errors);
        }
        let event = event.into_static();
        r.event(event, range.start);
    }
    r.finish_steps();
    r.make_figures();
    let mut html = String::with_capacity(input.body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut r.out).into_iter());
    align_with_classes(&mut html);
    if r.raw_html && options.sanitize_html {
        html = sanitize::sanitize(&html, options);
    }
    if r.raw_html && depth::html_depth(&html, depth::MAX_NESTING) > depth::MAX_NESTING {
        r.too_deep(first_html.unwrap_or(0), "the HTML in this lesson nests");
        return Err(r.errors);
    }
    let mut used = std::collections::BTreeSet::new();
    if !calls.is_empty() {
        html = r.fill_shortcodes(html, &calls, shortcodes, &mut used);
    }
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    // Every page's HTML is held until pages are written: no spare room.
    html.shrink_to_fit();
    let text_sections = std::mem::take(&mut r.text_sections)
        .into_iter()
        // Kept when something was noted, if only whitespace.
        .filter(|t| !t.id.is_empty() || !t.text.is_empty() || t.space_pending)
        .map(|t| TextSection {
            id: t.id,
            heading: t.heading,
            text: t.text.into(),
        })
        .collect();
    Ok(Rendered {
        html,
        text_sections,
        toc: nest(r.toc),
        anchors: r.anchors,
        anchored_links: r.anchored_links,
        highlighted: r.highlighted,
        code_classes: r
            .code_classes
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
            .into(),
        steps: r.steps,
        shortcodes: used,
        html_key: Default::default(),
        ..Rendered::default()
    })
}

/// Table cells say their alignment with a class (`ta-left`, `ta-center`,
/// `ta-right`, styled by the theme), not the `style` attribute the Markdown
/// writer uses: pages forbid inline styles in their Content-Security-Policy.
fn align_with_classes(html: &mut String) {
    const STYLE: &str = " style=\"text-align: ";
    if !html.contains(STYLE) {
        return;
    }
    for side in ["left", "center", "right"] {
        *html = html.replace(
            &format!("{STYLE}{side}\">"),
            &format!(" class=\"ta-{side}\">"),
        );
    }
}

impl<'a> Renderer<'_, 'a> {
    fn push(&mut self, e: Event<'a>) {
        match &mut self.heading {
            Some(h) => h.events.push(e),
            None => self.out.push(e),
        }
    }

    /// Line and column in the file of an offset in the extracted text.
    fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = self.offsets.original(offset).min(self.input.body.len());
        // Offsets come from the text without splice marks (U+E000, U+E001),
        // which a pasted text may contain: never cut a character in two.
        while !self.input.body.is_char_boundary(offset) {
            offset -= 1;
        }
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

    /// The error for input nested deeper than [`depth::MAX_NESTING`].
    fn too_deep(&mut self, offset: usize, what: &str) {
        self.error(
            offset,
            format!(
                "{what} more than {} levels deep here",
                depth::MAX_NESTING
            ),
            "quotes (`>`), lists, emphasis or HTML tags inside each other this deeply are almost always a paste mistake: remove the extra `>`, `-`, `*` or tags",
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
        if let Some(img) = &mut self.image {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    img.alt.push_str(&t);
                    self.note_text(&t);
                }
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        // Block ends and line breaks separate words; inline ends do not.
        let separates = matches!(
            event,
            Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph
                        | TagEnd::Item
                        | TagEnd::TableCell
                        | TagEnd::BlockQuote(_)
                        | TagEnd::List(_)
                        | TagEnd::FootnoteDefinition
                        | TagEnd::HtmlBlock
                )
        );
        if self.heading.is_none() && separates {
            self.note_text(" ");
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
            Event::Text(ref t) | Event::Code(ref t) if self.heading.is_none() => {
                let t = t.to_string();
                self.note_text(&t);
                self.push(event);
            }
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
                self.quotes.push(kind);
                match kind {
                    Some(k) => {
                        let html = alerts::open(k, &self.options.alert_labels);
                        self.push(Event::Html(html.into()));
                    }
                    None => self.push(Event::Start(Tag::BlockQuote(None))),
                }
            }
            Event::End(TagEnd::BlockQuote(kind)) => match self.quotes.pop().flatten() {
                Some(k) => self.push(Event::Html(alerts::close(k).into())),
                None => self.push(Event::End(TagEnd::BlockQuote(kind))),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, offset),
            Event::End(TagEnd::Link) => match self.link_ends.pop().unwrap_or(LinkEnd::Normal) {
                LinkEnd::Normal => self.push(Event::End(TagEnd::Link)),
                LinkEnd::Official => {
                    self.push(Event::End(TagEnd::Link));
                    let badge = format!(
                        " <span class=\"official-badge\">{}</span>",
                        escape(&self.options.official_badge)
                    );
                    self.push(Event::Html(badge.into()));
                }
                LinkEnd::Dropped => {}
                LinkEnd::BadExample => self.push(Event::Html("</span>".into())),
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.image = Some(OpenImage {
                    dest: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    offset,
                });
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
        let title = h.text.trim().to_string();
        let is_step = self.step_total > 0 && level == 2;
        if is_step {
            let number = self.steps.len() + 1;
            let open = if number == 1 {
                "<ol class=\"steps\">\n"
            } else {
                "</div></li>\n"
            };
            let label = self
                .options
                .step_label
                .replace("{n}", &number.to_string())
                .replace("{total}", &self.step_total.to_string());
            self.out.push(Event::Html(
                format!(
                    "{open}<li class=\"step\"><h2 id=\"{id_html}\"{class}><span class=\"step-number\">{}<span class=\"visually-hidden\">:</span></span> ",
                    escape(&label)
                )
                .into(),
            ));
            self.steps.push(StepInfo {
                number,
                id: id.clone(),
                title: title.clone(),
            });
        } else {
            self.out.push(Event::Html(
                format!("<h{level} id=\"{id_html}\"{class}>").into(),
            ));
        }
        self.out.extend(h.events);
        self.out.push(Event::Html(
            format!(
                " <a class=\"heading-anchor\" href=\"#{id_html}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">{}: {}</span></a></h{level}>\n",
                escape(&self.options.anchor_label),
                escape(&title)
            )
            .into(),
        ));
        if is_step {
            self.out.push(Event::Html(
                format!("<div class=\"step-body\" id=\"{id_html}-noi-dung\">\n").into(),
            ));
        }
        self.text_sections.push(SectionText {
            id: id.clone(),
            heading: title.clone(),
            text: String::new(),
            space_pending: false,
        });
        if (2..=self.options.toc_depth).contains(&level) {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title,
                children: Vec::new(),
            });
        }
        self.anchors.push(id);
    }

    fn finish_steps(&mut self) {
        if !self.steps.is_empty() {
            self.out.push(Event::Html("</div></li>\n</ol>\n".into()));
        }
    }

    fn end_code(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        let highlighted = match (&lang, self.options.highlight_code) {
            (Some(l), true) => highlight::highlight(&code, l),
            _ => None,
        };
        if let Some(html) = &highlighted {
            self.highlighted = true;
            highlight::highlight_classes(html, &mut self.code_classes);
        }
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
                self.external_link(&dest, &title, offset);
                return;
            }
            Target::Unsafe(_) => {
                // The link text stays; the link itself is removed.
                self.link_ends.push(LinkEnd::Dropped);
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
        self.link_ends.push(LinkEnd::Normal);
        self.push(Event::Start(Tag::Link {
            link_type,
            dest_url: href.unwrap_or_default().into(),
            title,
            id,
        }));
    }

    /// Links to other websites: official ones get a badge, lookalikes stop
    /// the build unless marked as a deliberate example.
    fn external_link(&mut self, dest: &str, title: &str, offset: usize) {
        if BAD_EXAMPLE_TITLES.contains(&title) {
            self.link_ends.push(LinkEnd::BadExample);
            self.push(Event::Html("<span class=\"bad-example\">".into()));
            return;
        }
        let kind = classify_url(dest, &self.options.official_domains);
        let end = match kind {
            HostKind::Official => LinkEnd::Official,
            HostKind::Lookalike { imitates, why } => {
                self.error(
                    offset,
                    format!("the link `{dest}` imitates the official domain `{imitates}`: {why}"),
                    "link to the real official site; if this is a deliberate example of a scam link, write it as [text](address \"vi-du-lua-dao\") and it is shown as text, not as a link",
                );
                LinkEnd::Normal
            }
            HostKind::Other => LinkEnd::Normal,
        };
        self.link_ends.push(end);
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        self.push(Event::Html(
            format!(
                "<a href=\"{}\"{title_attr} rel=\"noopener noreferrer\">",
                escape(dest.trim())
            )
            .into(),
        ));
    }

    /// Adds plain text to the current heading's section (for search).
    fn note_text(&mut self, text: &str) {
        if let Some(section) = self.text_sections.last_mut() {
            push_collapsed(&mut section.text, &mut section.space_pending, text);
        }
    }

    fn note_anchor(&mut self, target: String, anchor: String, offset: usize) {
        let (line, column) = self.position(offset);
        let source_line = self.input.file_text.lines().nth(line.saturating_sub(1));
        self.anchored_links.push(InternalLink {
            target,
            anchor,
            line,
            column,
            source_line: source_line.unwrap_or_default().to_string(),
        });
    }

    fn end_image(&mut self) {
        let Some(img) = self.image.take() else { return };
        let (dest, decorative) = split_decorative(&img.dest);
        let alt = if decorative {
            String::new()
        } else {
            img.alt.trim().to_string()
        };
        if alt.is_empty() && !decorative {
            self.error(
                img.offset,
                format!("the image `{dest}` has no alt text"),
                "describe what the image shows between the brackets: ![Màn hình đăng ký tài khoản VNeID](anh.png); for a purely decorative image add #decorative to its address",
            );
        }
        let (src, size) = self.image_src(dest, img.offset).unwrap_or_default();
        let tag = ImageTag {
            src: &src,
            alt: &alt,
            title: &img.title,
            size,
            lazy: is_lazy(self.images_seen, self.offsets.original(img.offset)),
        };
        self.images_seen += 1;
        if self.heading.is_none() && !img.title.is_empty() {
            self.figures.push((self.out.len(), img.title.clone()));
        }
        self.push(Event::Html(tag.html(true).into()));
    }

    /// Turns titled images that stand alone in a paragraph into figures.
    fn make_figures(&mut self) {
        for (at, caption) in std::mem::take(&mut self.figures) {
            let alone = at > 0
                && matches!(self.out.get(at - 1), Some(Event::Start(Tag::Paragraph)))
                && matches!(self.out.get(at + 1), Some(Event::End(TagEnd::Paragraph)));
            if !alone {
                continue;
            }
            if let Some(Event::Html(img)) = self.out.get(at) {
                let without_title = match img.find(" title=\"") {
                    Some(i) => format!("{}>", &img[..i]),
                    None => img.to_string(),
                };
                self.out[at] = Event::Html(without_title.into());
            }
            self.out[at - 1] = Event::Html("<figure>".into());
            self.out[at + 1] = Event::Html(
                format!("<figcaption>{}</figcaption></figure>\n", escape(&caption)).into(),
            );
        }
    }

    /// The URL and size of an image, or an error at `offset`.
    fn image_src(&mut self, dest: &str, offset: usize) -> Option<(String, Option<(u32, u32)>)> {
        match resolve_image(self.links, self.input.dir, dest) {
            Ok(found) => Some(found),
            Err(p) => {
                self.error(offset, p.message, p.hint);
                None
            }
        }
    }

    /// Renders every shortcode and puts its HTML where its placeholder is.
    fn fill_shortcodes(
        &mut self,
        mut html: String,
        calls: &[ShortcodeCall],
        shortcodes: &dyn ShortcodeRenderer,
        used: &mut std::collections::BTreeSet<String>,
    ) -> String {
        for (i, call) in calls.iter().enumerate() {
            let token = format!("{MARK_OPEN}{i}{MARK_CLOSE}");
            let rendered = self.render_shortcode(call, shortcodes, used);
            let block = format!("<p>{token}</p>\n");
            let replacement = rendered.unwrap_or_default();
            if call.block && html.contains(&block) {
                html = html.replacen(&block, &format!("{replacement}\n"), 1);
            } else {
                html = html.replacen(&token, &replacement, 1);
            }
        }
        html
    }

    fn render_shortcode(
        &mut self,
        call: &ShortcodeCall,
        shortcodes: &dyn ShortcodeRenderer,
        used: &mut std::collections::BTreeSet<String>,
    ) -> Option<String> {
        // Call offsets are in the original body; positions expect extracted
        // offsets, so report through the original line table directly.
        let (line, column) = {
            let idx = self.line_starts.partition_point(|&s| s <= call.offset) - 1;
            let col = self.input.body[self.line_starts[idx]..call.offset]
                .chars()
                .count()
                + 1;
            (self.input.body_line + idx, col)
        };
        let fail = |this: &mut Self, message: String, hint: String| {
            this.errors.push(
                Diagnostic::error(this.input.shown, message)
                    .at(line, column)
                    .hint(hint)
                    .with_source(this.input.file_text),
            );
            None
        };
        if !shortcodes.exists(&call.name) {
            let names = shortcodes.names();
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = match did_you_mean(&call.name, &refs) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("available shortcodes: {}", refs.join(", ")),
            };
            return fail(self, format!("unknown shortcode `{}`", call.name), hint);
        }
        used.insert(call.name.clone());
        let body_html = match &call.body {
            Some(body) => {
                let sub = MarkdownInput {
                    body,
                    body_line: line + 1,
                    layout: Layout::Default,
                    ..*self.input
                };
                match render(&sub, self.options, self.links, shortcodes) {
                    Ok(r) => {
                        self.highlighted |= r.highlighted;
                        self.code_classes.extend(r.code_classes().map(String::from));
                        self.anchored_links.extend(r.anchored_links);
                        self.anchors.extend(r.anchors);
                        used.extend(r.shortcodes);
                        for t in &r.text_sections {
                            self.note_text(&format!(" {} {} ", t.heading, t.text));
                        }
                        Some(r.html)
                    }
                    Err(e) => {
                        self.errors.extend(e);
                        return None;
                    }
                }
            }
            None => None,
        };
        match shortcodes.render(
            call,
            body_html.as_deref(),
            self.input.rel_path,
            self.input.dir,
        ) {
            Ok(html) => Some(html),
            Err(message) => fail(
                self,
                format!("shortcode `{}`: {message}", call.name),
                format!("see the `{}` shortcode's documentation", call.name),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::NoShortcodes;

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("Đăng <ký> & \"VNeID\" 'mức 2'"),
            "Đăng &lt;ký&gt; &amp; &quot;VNeID&quot; &#39;mức 2&#39;"
        );
        assert_eq!(escape("&&"), "&amp;&amp;");
        assert_eq!(escape(""), "");
        assert_eq!(escape("không có gì"), "không có gì");
    }

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn document_url(&self, _: &str) -> Option<String> {
            None
        }
        fn asset_url(&self, _: &str) -> Option<String> {
            Some("/a.png".into())
        }
        fn site_url(&self, p: &str) -> String {
            p.into()
        }
    }

    #[test]
    fn plain_text_is_split_at_headings() {
        let body = "Mở đầu *nhấn mạnh*, **đậm**.\ndòng hai.\n\n## Bước một\n\n- Mục `a`\n- Mục b\n\n```sh\nbo qua\n```\n\n![Ảnh màn hình](a.png)\n\n### Chi tiết\n\nCuối.\n";
        let input = MarkdownInput {
            body,
            file_text: body,
            body_line: 1,
            shown: std::path::Path::new("a.md"),
            rel_path: "a.md",
            dir: "",
            layout: Layout::Default,
        };
        let r = render(&input, &MarkdownOptions::default(), &NoLinks, &NoShortcodes).unwrap();
        let got: Vec<(&str, &str, &str)> = r
            .text_sections
            .iter()
            .map(|t| (t.id.as_str(), t.heading.as_str(), &*t.text))
            .collect();
        assert_eq!(
            got,
            [
                ("", "", "Mở đầu nhấn mạnh, đậm. dòng hai."),
                ("buoc-mot", "Bước một", "Mục a Mục b Ảnh màn hình"),
                ("chi-tiet", "Chi tiết", "Cuối."),
            ]
        );
    }
}

//! HTML minified in one cheap pass: templates once, when the theme loads,
//! and each rendered page and lesson once, instead of minify-html on every
//! page.
//!
//! minify-html on every rendered page was a quarter of a build's CPU at
//! 10,000 lessons (it parses the page into a tree), for a few hundred
//! bytes a page: the theme's templates are written compactly, and most of
//! what it removed was the line breaks and indentation between template
//! lines, quotes around attribute values, and optional end tags.
//! [`minify_template`] removes the whitespace and needless quotes from the
//! template text itself, once. [`minify_rendered`] is the same pass over
//! a rendered page, for the values its templates printed (a link's
//! quotes, a line break in a description), and over each lesson's
//! rendered Markdown (see [`super::splice`]), where it also leaves out the
//! end tags HTML allows. A test keeps every page within 4% of what
//! minify-html would make of it.
//!
//! Whitespace outside raw text is made what HTML shows of it:
//! - next to a tag of an element that is laid out as a block (`<div>`,
//!   `</li>`, `<meta>`, …), it goes;
//! - anywhere else in text, a run becomes one space, since between two
//!   inline elements a line break or many spaces show as one space;
//! - between attributes, a run becomes one space.
//!
//! A quoted attribute value made only of letters, digits and `-_.:/#,%`
//! loses its quotes. Tera tags (`{{ }}`, `{% %}`, `{# #}`), `{% raw %}`
//! blocks and the content of `<pre>`, `<textarea>`, `<script>` and
//! `<style>` are copied as they are. HTML comments are dropped unless they
//! hold Tera syntax.

/// Elements whose tags make the whitespace next to them insignificant:
/// they start or end a line box, or are never rendered (sorted).
const BLOCK_TAGS: &[&str] = &[
    "!doctype",
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "br",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "meta",
    "nav",
    "noscript",
    "ol",
    "optgroup",
    "option",
    "p",
    "pre",
    "script",
    "section",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Elements whose content is copied exactly (sorted).
const RAW_TEXT: &[&str] = &["pre", "script", "style", "textarea"];

/// What came just before a whitespace run, as far as the template text
/// shows.
#[derive(Clone, Copy, PartialEq)]
enum Before {
    /// The start of the template, text, a Tera tag: something that may
    /// render inline.
    Inline,
    /// A tag of a [`BLOCK_TAGS`] element.
    Block,
}

/// `text` (an HTML template) without the whitespace that only lays out
/// its source. See the module documentation for what is removed.
pub fn minify_template(text: &str) -> String {
    minify(text, false)
}

/// A rendered page (or the HTML of rendered Markdown) through the same
/// pass as [`minify_template`], and, since the page is now known, also
/// without the `</li>` and `</p>` end tags HTML lets it leave out, and
/// with `&quot;` written as `"` inside `'`-quoted values.
pub fn minify_rendered(html: &str) -> String {
    minify(html, true)
}

fn minify(text: &str, rendered: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut before = Before::Inline;
    // Where the next `<` or `{` is, from some point on (found again once
    // passed): text runs up to it at most.
    let mut next_open = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(end) = (bytes[i] == b'{').then(|| tera_tag_end(text, i)).flatten() {
            out.push_str(&text[i..end]);
            before = Before::Inline;
            i = end;
        } else if bytes[i].is_ascii_whitespace() {
            let end = i + bytes[i..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            // (A dropped comment can leave two runs side by side.)
            if before == Before::Inline && !starts_block_tag(&text[end..]) && !out.ends_with(' ') {
                out.push(' ');
            }
            i = end;
        } else if text[i..].starts_with("<!--") {
            let end = text[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
            let comment = &text[i..end];
            if holds_tera(comment) {
                out.push_str(comment);
                before = Before::Inline;
            }
            i = end;
        } else if let Some(name) = tag_name(&text[i..]) {
            let closing = text[i..].starts_with("</");
            if rendered && closing && may_omit_end_tag(name, text, i) {
                before = Before::Block;
                i += name.bytes().len() + 3;
                continue;
            }
            let end = copy_tag(text, i, &mut out, rendered);
            before = if name.is_in(&BLOCK) {
                Before::Block
            } else {
                Before::Inline
            };
            i = end;
            if !closing && name.is_in(&RAW) && !text[..end].ends_with("/>") {
                i = copy_raw_text(text, i, name.bytes(), &mut out);
            }
        } else {
            // Text, up to the next byte that may start something else. A
            // lone space between two words stays as it is.
            if next_open <= i {
                let rest = &bytes[i + 1..];
                next_open = i + 1 + memchr::memchr2(b'<', b'{', rest).unwrap_or(rest.len());
            }
            let end = text_end(bytes, i + 1, next_open);
            out.push_str(&text[i..end]);
            before = Before::Inline;
            i = end;
        }
    }
    out
}

/// Finds two spaces (made once: making a finder costs more than most
/// of the searches).
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// Where text that goes on from `from` ends, `limit` being the next `<`
/// or `{` (or the end): at the first whitespace byte that is not a lone
/// space between two bytes of text. It looks in chunks, each with
/// `memchr`, for line breaks, tabs, form feeds and double spaces: a byte
/// loop deciding at every space (every few bytes of Vietnamese) was the
/// pass's hottest loop. Chunks keep the work proportional to the text
/// passed, however often it stops.
fn text_end(bytes: &[u8], from: usize, limit: usize) -> usize {
    const CHUNK: usize = 64;
    // A space just before where text stops is not between two bytes of it.
    let before_space = |end: usize| {
        if end > from && bytes[end - 1] == b' ' {
            end - 1
        } else {
            end
        }
    };
    let mut at = from;
    while at < limit {
        let chunk = &bytes[at..(at + CHUNK).min(limit)];
        let mut stop = memchr::memchr3(b'\n', b'\t', b'\r', chunk).unwrap_or(chunk.len());
        stop = memchr::memchr(0x0c, &chunk[..stop]).unwrap_or(stop);
        // One byte further, for a double space across the chunk's end.
        let reach = &bytes[at..(at + stop + 1).min(limit)];
        if let Some(double) = DOUBLE_SPACE.find(reach) {
            stop = stop.min(double);
        }
        if stop < chunk.len() {
            return before_space(at + stop);
        }
        at += chunk.len();
    }
    before_space(limit)
}

/// Whether `b` is text that needs no decision: not whitespace, `<` or `{`.
#[cfg(test)]
fn is_plain_text(b: u8) -> bool {
    /// By byte, from a table: this runs for every byte of every page.
    const PLAIN: [bool; 256] = {
        let mut table = [true; 256];
        let special = [b'<', b'{', b' ', b'\t', b'\n', b'\r', 0x0c];
        let mut i = 0;
        while i < special.len() {
            table[special[i] as usize] = false;
            i += 1;
        }
        table
    };
    PLAIN[usize::from(b)]
}

/// Where the Tera tag starting at `i` ends, if one starts there. A
/// `{% raw %}` block counts as one tag, up to its `{% endraw %}`.
pub(super) fn tera_tag_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let close = match rest.get(..2)? {
        "{{" => "}}",
        "{%" => "%}",
        "{#" => "#}",
        _ => return None,
    };
    // Unterminated: Tera reports it; copy the rest as it is.
    let Some(len) = rest[2..].find(close) else {
        return Some(text.len());
    };
    let end = i + 2 + len + 2;
    if close == "%}" && tag_words(&rest[2..2 + len]) == "raw" {
        let after = &text[end..];
        let mut at = 0;
        while let Some(open) = after[at..].find("{%") {
            let start = at + open;
            let Some(len) = after[start..].find("%}") else {
                break;
            };
            if tag_words(&after[start + 2..start + len]) == "endraw" {
                return Some(end + start + len + 2);
            }
            at = start + 2;
        }
        return Some(text.len());
    }
    Some(end)
}

/// The inside of a `{% %}` tag without its whitespace-control dashes.
fn tag_words(inner: &str) -> &str {
    inner.trim_matches(|c: char| c == '-' || c.is_whitespace())
}

/// The lower-case name of an HTML tag, kept on the stack and compared as
/// one number: this runs for every tag of every page.
#[derive(Clone, Copy)]
struct Name {
    lower: [u8; 16],
    len: u8,
}

impl Name {
    /// The name's bytes; empty for one longer than any this module knows.
    fn bytes(&self) -> &[u8] {
        &self.lower[..usize::from(self.len)]
    }

    /// The name as a number ([`key_of`]).
    fn key(&self) -> u128 {
        u128::from_le_bytes(self.lower)
    }

    /// Whether the name is in `set`.
    fn is_in<const N: usize>(&self, set: &NameSet<N>) -> bool {
        set.contains(self.key())
    }

    /// Whether the name is `name`.
    fn is(&self, name: &str) -> bool {
        self.key() == key_of(name)
    }
}

/// A name of at most 16 bytes as a number: its bytes, zero-padded.
const fn key_of(name: &str) -> u128 {
    let bytes = name.as_bytes();
    let mut key = [0u8; 16];
    let mut i = 0;
    while i < bytes.len() && i < 16 {
        key[i] = bytes[i];
        i += 1;
    }
    u128::from_le_bytes(key)
}

/// Slots of a [`NameSet`], a power of two: room enough that, for the
/// 62 block tags, about one multiplier in a hundred gives every name
/// a slot of its own.
const SLOTS: usize = 512;

/// A set of tag names as numbers ([`key_of`]), found with one
/// multiplication: a name's slot is the top bits of its key, folded to
/// 64 bits, times `mul`, which is picked when the program is compiled so
/// that no two names of the set share a slot. (A binary search, at every
/// tag of every page, was a quarter of the pass.)
struct NameSet<const N: usize> {
    keys: [u128; N],
    mul: u64,
    /// For each slot, 1 + the index in `keys` of the name in it, or 0.
    slots: [u8; SLOTS],
}

impl<const N: usize> NameSet<N> {
    /// Whether the name with this key is in the set.
    fn contains(&self, key: u128) -> bool {
        match self.slots[slot_of(key, self.mul)] {
            0 => false,
            i => self.keys[usize::from(i - 1)] == key,
        }
    }
}

/// The slot of `key` for the multiplier `mul`.
const fn slot_of(key: u128, mul: u64) -> usize {
    let folded = (key as u64) ^ ((key >> 64) as u64);
    (folded.wrapping_mul(mul) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The set of `names` (at most 255, each at most 16 bytes).
const fn name_set<const N: usize>(names: &[&str]) -> NameSet<N> {
    assert!(N < 256, "slots hold an index in a byte");
    let mut keys = [0u128; N];
    let mut i = 0;
    while i < N {
        keys[i] = key_of(names[i]);
        i += 1;
    }
    let mut mul: u64 = 0x9E37_79B9_7F4A_7C15;
    loop {
        let mut slots = [0u8; SLOTS];
        let mut i = 0;
        while i < N && slots[slot_of(keys[i], mul)] == 0 {
            slots[slot_of(keys[i], mul)] = (i + 1) as u8;
            i += 1;
        }
        if i == N {
            return NameSet { keys, mul, slots };
        }
        // The next odd multiplier.
        mul = mul.wrapping_add(0x2545_F491_4F6C_DD1E) | 1;
    }
}

const BLOCK: NameSet<{ BLOCK_TAGS.len() }> = name_set(BLOCK_TAGS);
const RAW: NameSet<{ RAW_TEXT.len() }> = name_set(RAW_TEXT);
const CLOSES_P_KEYS: NameSet<{ CLOSES_P.len() }> = name_set(CLOSES_P);
const KEEPS_P_KEYS: NameSet<{ KEEPS_P.len() }> = name_set(KEEPS_P);

/// The name of the HTML tag (start or end) that `rest` starts with, or
/// `!doctype`.
fn tag_name(rest: &str) -> Option<Name> {
    let bytes = rest.as_bytes();
    if bytes.first() != Some(&b'<') {
        return None;
    }
    let start = if bytes.get(1) == Some(&b'/') { 2 } else { 1 };
    let first = *bytes.get(start)?;
    if !(first.is_ascii_alphabetic() || first == b'!') {
        return None;
    }
    let len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'!' | b'-'))
        .count();
    let mut name = Name {
        lower: [0; 16],
        len: 0,
    };
    if len <= name.lower.len() {
        for (to, from) in name.lower.iter_mut().zip(&bytes[start..start + len]) {
            *to = from.to_ascii_lowercase();
        }
        name.len = len as u8;
    }
    if first == b'!' && !name.is("!doctype") {
        return None;
    }
    Some(name)
}

/// Whether `rest` starts with a tag of a [`BLOCK_TAGS`] element.
fn starts_block_tag(rest: &str) -> bool {
    tag_name(next_token(rest)).is_some_and(|n| n.is_in(&BLOCK))
}

/// `rest` from its next token: past whitespace, and past comments the
/// pass drops, so that a second pass decides as the first did.
fn next_token(rest: &str) -> &str {
    let mut rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    while let Some(comment) = rest.strip_prefix("<!--") {
        let Some(end) = comment.find("-->") else {
            return rest;
        };
        if holds_tera(&comment[..end]) {
            return rest;
        }
        rest = comment[end + 3..].trim_start_matches(|c: char| c.is_ascii_whitespace());
    }
    rest
}

/// Whether `text` holds Tera syntax.
fn holds_tera(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

/// Copies the tag starting at `i` into `out`, with whitespace runs that
/// hold a line break (between attributes) made one space, and returns
/// where it ends. Quoted values and Tera tags are copied as they are.
fn copy_tag(text: &str, i: usize, out: &mut String, rendered: bool) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut quote: Option<u8> = None;
    while j < bytes.len() {
        let b = bytes[j];
        if let Some(end) = (b == b'{').then(|| tera_tag_end(text, j)).flatten() {
            out.push_str(&text[j..end]);
            j = end;
            continue;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && text[..j].ends_with('=') => {
                if let Some(end) = unquoted_value(text, j, out) {
                    j = end;
                    continue;
                }
                if rendered && b == b'\'' {
                    if let Some(end) = single_quoted_value(text, j, out) {
                        j = end;
                        continue;
                    }
                }
                quote = Some(b);
            }
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => {
                out.push('>');
                return j + 1;
            }
            None if b.is_ascii_whitespace() => {
                let end = j + bytes[j..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                out.push(' ');
                j = end;
                continue;
            }
            None => {}
        }
        // Up to the next byte that may matter: in a quoted value, only
        // its closing quote and a Tera tag do (a long value, such as a QR
        // code's path, is then copied at once).
        let from = j + 1;
        let next = match quote {
            Some(q) => memchr::memchr2(q, b'{', &bytes[from..]),
            None => bytes[from..]
                .iter()
                .position(|b| matches!(b, b'"' | b'\'' | b'>' | b'{') || b.is_ascii_whitespace()),
        };
        let end = from + next.unwrap_or(bytes.len() - from);
        out.push_str(&text[j..end]);
        j = end;
    }
    j
}

/// Copies the quoted attribute value starting at `j` without its quotes
/// when it needs none (letters, digits and `-_.:/#,%`, and no Tera tag),
/// and returns where it ended; `None` leaves it to be copied as it is.
fn unquoted_value(text: &str, j: usize, out: &mut String) -> Option<usize> {
    let quote = text[j..].chars().next()?;
    let len = text[j + 1..].find(quote)?;
    let value = &text[j + 1..j + 1 + len];
    let after = text[j + 1 + len + 1..].chars().next();
    let plain = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.:/#,%".contains(&b));
    // Only where the value ends anyway: `<br class=x/>` would make it
    // `x/`, and `title="a"b=c` would make it `ab=c`.
    let ends = after.is_none_or(|c| c == '>' || c.is_ascii_whitespace());
    if value.is_empty() || !plain || !ends {
        return None;
    }
    out.push_str(value);
    Some(j + 1 + len + 1)
}

/// Copies the `'`-quoted value starting at `j` with `&quot;` written as
/// `"` (which needs no escaping there), and returns where it ended.
fn single_quoted_value(text: &str, j: usize, out: &mut String) -> Option<usize> {
    let len = text[j + 1..].find('\'')?;
    let value = &text[j + 1..j + 1 + len];
    out.push('\'');
    out.push_str(&value.replace("&quot;", "\""));
    out.push('\'');
    Some(j + 1 + len + 1)
}

/// Elements whose start tag ends an open `<p>` (sorted).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// Parents whose end may not end a `<p>` without its `</p>` (sorted).
const KEEPS_P: &[&str] = &["a", "audio", "del", "ins", "map", "noscript", "video"];

/// Whether the end tag `</name>` at `i` may be left out, as HTML allows
/// for `</li>` before another `<li>` or the end of its list, and for
/// `</p>` before a block (see [`CLOSES_P`]) or the end of its parent.
fn may_omit_end_tag(name: Name, text: &str, i: usize) -> bool {
    let (is_li, is_p) = (name.is("li"), name.is("p"));
    if !(is_li || is_p) {
        return false;
    }
    let Some(rest) = text[i..]
        .strip_prefix("</")
        .and_then(|r| r.get(name.bytes().len()..))
    else {
        return false;
    };
    let Some(next) = rest.strip_prefix('>') else {
        return false; // `</li >` and the like: left alone.
    };
    let next = next_token(next);
    let Some(next_name) = tag_name(next) else {
        return false;
    };
    let next_closes = next.starts_with("</");
    match (is_li, next_closes) {
        (true, true) => next_name.is("ul") || next_name.is("ol") || next_name.is("menu"),
        (true, false) => next_name.is("li"),
        (false, true) => !next_name.is_in(&KEEPS_P_KEYS),
        (false, false) => next_name.is_in(&CLOSES_P_KEYS),
    }
}

/// Copies the content of a raw-text element (`<pre>`, `<script>`, …) up
/// to its end tag, exactly, and returns where the end tag starts.
fn copy_raw_text(text: &str, i: usize, name: &[u8], out: &mut String) -> usize {
    let bytes = text.as_bytes();
    let mut at = i;
    let end = loop {
        let Some(found) = memchr::memmem::find(&bytes[at..], b"</") else {
            break text.len();
        };
        let tag = at + found;
        let after = &bytes[tag + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            break tag;
        }
        at = tag + 2;
    };
    out.push_str(&text[i..end]);
    end
}

#[cfg(test)]
mod tests {
    use super::minify_template as m;

    /// Where text from `from` ends, byte by byte: what `text_end` must give.
    fn text_end_plainly(bytes: &[u8], from: usize) -> usize {
        use super::is_plain_text;
        let mut end = from;
        while end < bytes.len() {
            let b = bytes[end];
            if is_plain_text(b) {
                end += 1;
            } else if b == b' ' && bytes.get(end + 1).is_some_and(|n| is_plain_text(*n)) {
                end += 2;
            } else {
                break;
            }
        }
        end
    }

    #[test]
    fn text_ends_where_the_byte_loop_ends_it() {
        // Every string of up to four of these pieces, and long ones made
        // from a simple generator, so that runs cross chunk ends.
        let pieces = [
            "a", " ", "  ", "\n", "\t", "\r", "\u{c}", "<", "{", "ấ", "x y",
        ];
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        let mut seed = 7u64;
        for len in [63, 64, 65, 127, 128, 129, 300, 1000] {
            for _ in 0..200 {
                let mut t = String::from("b");
                while t.len() < len {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let pick = (seed >> 33) as usize;
                    // Mostly words and lone spaces, as in lessons.
                    t.push_str(match pick % 20 {
                        0 => pieces[(pick / 20) % pieces.len()],
                        1..=5 => " ",
                        _ => "đăng",
                    });
                }
                texts.push(t);
            }
        }
        for t in &texts {
            let bytes = t.as_bytes();
            for from in 0..bytes.len().min(70) {
                if !t.is_char_boundary(from) {
                    continue;
                }
                let limit = from
                    + memchr::memchr2(b'<', b'{', &bytes[from..]).unwrap_or(bytes.len() - from);
                assert_eq!(
                    super::text_end(bytes, from, limit),
                    text_end_plainly(bytes, from),
                    "{t:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn tag_sets_find_their_names_and_no_other() {
        use super::*;
        fn check<const N: usize>(names: &[&str], set: &NameSet<N>) {
            let mut others: Vec<String> = BLOCK_TAGS
                .iter()
                .chain(RAW_TEXT)
                .chain(CLOSES_P)
                .chain(KEEPS_P)
                .chain(&["span", "a-very-long-custom-element", "b", "!doctype"])
                .map(|n| n.to_string())
                .collect();
            let alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
            for a in alphabet.chars() {
                others.push(a.to_string());
                for b in alphabet.chars() {
                    others.push(format!("{a}{b}"));
                }
            }
            for name in names {
                assert!(name.len() <= 16, "{name} is too long for a key");
                let tag = format!("<{}>", name.to_uppercase());
                assert!(tag_name(&tag).unwrap().is_in(set), "{name}");
            }
            for other in &others {
                let Some(tag) = tag_name(&format!("<{other}>")) else {
                    continue;
                };
                assert_eq!(tag.is_in(set), names.contains(&other.as_str()), "{other}");
            }
        }
        check(BLOCK_TAGS, &BLOCK);
        check(RAW_TEXT, &RAW);
        check(CLOSES_P, &CLOSES_P_KEYS);
        check(KEEPS_P, &KEEPS_P_KEYS);
    }

    #[test]
    fn line_breaks_next_to_block_tags_go() {
        assert_eq!(
            m("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n  <meta charset=\"utf-8\">\n</head>\n"),
            "<!DOCTYPE html><html lang=vi><head><meta charset=utf-8></head>"
        );
        assert_eq!(
            m("<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>"),
            "<ul><li>a</li><li>b</li></ul>"
        );
        assert_eq!(m("<p>\n  Xin chào\n</p>"), "<p>Xin chào</p>");
    }

    #[test]
    fn line_breaks_between_inline_things_become_one_space() {
        assert_eq!(
            m("<a href=\"/\">Một</a>\n  <a href=\"/\">Hai</a>"),
            "<a href=/>Một</a> <a href=/>Hai</a>"
        );
        assert_eq!(m("Xin\n   chào"), "Xin chào");
        assert_eq!(m("{{ a }}\n{{ b }}"), "{{ a }} {{ b }}");
        assert_eq!(m("<span>x</span>\n{% if y %}"), "<span>x</span> {% if y %}");
    }

    #[test]
    fn runs_of_spaces_become_one_and_go_next_to_blocks() {
        assert_eq!(
            m("<p> Một  hai <b>ba</b> {{ x }} </p> <p>"),
            "<p>Một hai <b>ba</b> {{ x }}</p><p>"
        );
        assert_eq!(m("<a  href=/   class=c>"), "<a href=/ class=c>");
    }

    #[test]
    fn tera_tags_and_attribute_values_are_copied_exactly() {
        let t = "<a class=\"x{% if a %} y\n z{% endif %}\" title='{{ p.title }}\n'>{{ p.title | default(value=\"a\n  b\") }}</a>";
        assert_eq!(m(t), t);
        assert_eq!(
            m("{% if a %}\n<div>\n{% endif %}"),
            "{% if a %}<div>{% endif %}"
        );
        assert_eq!(
            m("<a\n   href=\"/\"\n   class=\"c d\">x</a>"),
            "<a href=/ class=\"c d\">x</a>"
        );
        // Inside quotes, whitespace, `>` and the other quote are text.
        let long = "<path d=\"M4 4h7v1  h-7z\nM1 1 > x'y\" data-a='b \"c\" > d'>";
        assert_eq!(m(long), long);
        assert_eq!(super::minify_rendered(long), long);
        let tera = "<a href=\"{{ url(path=\"a\n  b\") }}\n  c\">x</a>";
        assert_eq!(m(tera), tera);
    }

    #[test]
    fn attribute_values_that_need_no_quotes_lose_them() {
        assert_eq!(
            m("<div class=\"wrap\" id='a-1'>"),
            "<div class=wrap id=a-1>"
        );
        for kept in [
            "<a href=\"{{ url }}\">",
            "<a title=\"a b\">",
            "<a class=\"\">",
            "<a href=\"x=y\">",
            "<br class=\"x\"/>",
            "<a title=\"x>y\">",
            "<a title=\"a\"b=c>",
        ] {
            assert_eq!(m(kept), kept);
        }
    }

    #[test]
    fn raw_text_elements_and_raw_blocks_are_copied_exactly() {
        let pre = "<pre><code>a\n    b\n</code></pre>";
        assert_eq!(m(pre), pre);
        let script = "<script type=\"application/ld+json\">\n  {{ x | safe }}\n</script>";
        assert_eq!(m(script), script);
        let raw = "{% raw %}\n  <div>\n  {{ kept }}\n{% endraw %}";
        assert_eq!(m(raw), raw);
        assert_eq!(
            m("<TEXTAREA>\n a\n</TEXTAREA>\n<p>"),
            "<TEXTAREA>\n a\n</TEXTAREA><p>"
        );
    }

    #[test]
    fn comments_go_unless_they_hold_tera_syntax() {
        assert_eq!(m("<p>a</p>\n<!-- note -->\n<p>b</p>"), "<p>a</p><p>b</p>");
        assert_eq!(m("a <!-- note --> b"), "a b");
        let t = "<!-- {% if a %} -->";
        assert_eq!(m(t), t);
    }

    #[test]
    fn rendered_pages_leave_out_the_end_tags_html_allows() {
        use super::minify_rendered as r;
        assert_eq!(r("<ul><li>a</li><li>b</li></ul>"), "<ul><li>a<li>b</ul>");
        assert_eq!(
            r("<div><p>a</p><p>b</p><h2>c</h2><p>d</p></div>"),
            "<div><p>a<p>b<h2>c</h2><p>d</div>"
        );
        for kept in [
            "<a href=/><p>a</p></a>",
            "<p>a</p><span>b</span>",
            "<p>a</p><i>x</i>",
            "<li>a</li>{{ x }}",
            "<li>a</li><p>",
        ] {
            assert_eq!(r(kept), kept);
        }
        // Templates cannot know what follows at run time.
        assert_eq!(m("<li>a</li><li>b</li>"), "<li>a</li><li>b</li>");
        // A parser sees the same tree.
        assert_eq!(r("<p>a</p>\n<p>b</p>"), "<p>a<p>b</p>");
    }

    #[test]
    fn single_quoted_values_write_quotes_plainly() {
        use super::minify_rendered as r;
        let html = "<button data-urls='[&quot;/a/&quot;,&quot;/b/&quot;]'>x</button>";
        assert_eq!(r(html), "<button data-urls='[\"/a/\",\"/b/\"]'>x</button>");
        assert_eq!(m(html), html);
    }

    #[test]
    fn a_second_pass_changes_nothing() {
        for html in [
            "<div>\n <p>a</p>\n <p title='x'>b &lt;c</p> <!-- d --> e\n</div>",
            "<ul> <li>a</li> x <li>b</li>\n</ul><pre> a\n b </pre>",
            "<button data-u='[&quot;/a/&quot;]' class=\"x y\">z</button>",
            "<p>x</p><!-- c --><div>y</div>",
            "<span>a</span> <!-- c --> <div>b</div>",
            "<p>x</p> <!-- {{ c }} --> <div>y</div>",
        ] {
            let once = super::minify_rendered(html);
            assert_eq!(super::minify_rendered(&once), once, "{html}");
        }
    }

    #[test]
    fn a_template_that_ends_in_text_keeps_a_space() {
        assert_eq!(m("Xin chào\n"), "Xin chào ");
        assert_eq!(m("\n<div>"), "<div>");
        assert_eq!(m("<b>x</b>\n"), "<b>x</b> ");
    }
}

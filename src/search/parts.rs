//! Splits the scored index into small content-hashed files, so that a query
//! fetches only what it needs:
//!
//! - **Term parts** `search/p/t<i>.<hash>.js`: the terms whose first
//!   syllable falls in one alphabetical range, each with its postings
//!   ([`super::codec`]). All pairs starting with a syllable live with it, so
//!   a query of *n* words needs at most *n* term parts. For the best
//!   documents of each single word ([`WINDOWS_PER_TERM`]), the part also
//!   holds the URL, title, section and a window of text around the word, so
//!   the top results usually show with excerpts without another request.
//! - **Document parts** `search/p/d<g>.<hash>.js`: URL, title, headings and
//!   the start of each section's text for [`DOCS_PER_PART`] documents, for
//!   the rare result that no term part describes.
//! - **Manifest**: the range boundaries and file hashes, embedded by the
//!   site writer in the search script itself, so it costs no request.
//!
//! Parts are scripts (`camnang.part("t3", {…})`) rather than JSON, so search
//! also works from a folder opened with `file://`.

use super::codec::{encode, Posting};
use super::index::{Scored, SearchDoc};
use super::normalize::fold_key;
use super::Synonyms;
use crate::output::content_hash;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// A term part is closed once it holds this many bytes.
pub const PART_TARGET_BYTES: usize = 12 * 1024;
/// Documents described with a text window per single word.
pub const WINDOWS_PER_TERM: usize = 40;
/// Documents per document part.
pub const DOCS_PER_PART: usize = 4;
/// Characters of text kept around a word, and before it.
const WINDOW_CHARS: usize = 120;
const WINDOW_BEFORE: usize = 30;
/// Characters of each section kept in document parts.
const SECTION_CHARS: usize = 160;

/// The index as files.
#[derive(Debug, Clone)]
pub struct IndexFiles {
    /// `(path under the output folder, contents)`, e.g. `search/p/t0.ab12cd34ef.js`.
    pub files: Vec<(String, String)>,
    /// The manifest (JSON) the client needs to find the parts.
    pub manifest: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version.
    v: u32,
    /// First syllable of each term part, ascending; the first is "".
    b: &'a [String],
    /// Hash of each term part.
    t: &'a [String],
    /// Hash of each document part.
    d: &'a [String],
    /// Documents per document part.
    n: usize,
}

/// A window of `text` around the first place where one of `phrases`
/// (folded words: the term and its synonyms) is written, with `…` where it
/// was cut. The start of the text when none is in it.
pub fn window(text: &str, phrases: &[Vec<String>]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // (first character, folded word) of every word.
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].1.is_alphanumeric() {
            i += 1;
        }
        let end = chars.get(i).map_or(text.len(), |c| c.0);
        words.push((start, fold_key(&text[chars[start].0..end])));
    }
    let at = (0..words.len())
        .find(|&k| {
            phrases.iter().any(|p| {
                !p.is_empty()
                    && k + p.len() <= words.len()
                    && p.iter().zip(&words[k..]).all(|(a, (_, b))| a == b)
            })
        })
        .map_or(0, |k| words[k].0);
    cut(&chars, text, at.saturating_sub(WINDOW_BEFORE), WINDOW_CHARS)
}

/// `len` characters of `text` from character `from`, cut at spaces.
fn cut(chars: &[(usize, char)], text: &str, from: usize, len: usize) -> String {
    let mut start = from.min(chars.len());
    if start > 0 {
        // Start after a space, unless none is near.
        if let Some(k) = (start..chars.len().min(start + 20)).find(|&k| chars[k].1 == ' ') {
            start = k + 1;
        }
    }
    let mut end = (start + len).min(chars.len());
    if end < chars.len() {
        if let Some(k) = (start + len / 2..end).rev().find(|&k| chars[k].1 == ' ') {
            end = k;
        }
    }
    let byte = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    out.push_str(text[byte(start)..byte(end)].trim());
    if end < chars.len() {
        out.push_str(" …");
    }
    out
}

fn first_syllable(term: &str) -> &str {
    term.split(' ').next().unwrap_or(term)
}

/// Adds the terms of one first syllable to a term part; returns about how
/// many bytes they take.
fn add_block(
    terms: &[(&String, &Vec<Posting>)],
    docs: &[SearchDoc],
    synonyms: &Synonyms,
    t: &mut Map<String, Value>,
    w: &mut Map<String, Value>,
    m: &mut BTreeMap<u32, Value>,
) -> usize {
    let mut bytes = 0;
    for (term, postings) in terms {
        let encoded = encode(postings);
        bytes += term.len() + encoded.len() + 6;
        t.insert((*term).clone(), Value::String(encoded));
        if term.contains(' ') {
            continue;
        }
        let mut phrases = vec![vec![(*term).clone()]];
        phrases.extend(synonyms.alternatives(&phrases[0]));
        let windows: Vec<Value> = postings
            .iter()
            .take(WINDOWS_PER_TERM)
            .filter_map(|p| {
                let doc = docs.get(p.doc as usize)?;
                let (anchor, heading, text) = doc.sections.get(p.section as usize)?;
                m.entry(p.doc).or_insert_with(|| {
                    let v = json!([doc.url, doc.title]);
                    bytes += v.to_string().len() + 8;
                    v
                });
                Some(json!([
                    p.doc,
                    p.section,
                    anchor,
                    heading,
                    window(text, &phrases)
                ]))
            })
            .collect();
        let windows = Value::Array(windows);
        bytes += term.len() + windows.to_string().len() + 4;
        w.insert((*term).clone(), windows);
    }
    bytes
}

fn script(key: &str, body: &Value) -> String {
    format!("camnang.part({},{});\n", json!(key), body)
}

/// Splits a scored index into files.
pub fn split(scored: &Scored, docs: &[SearchDoc], synonyms: &Synonyms) -> IndexFiles {
    // Terms grouped by first syllable, in order.
    let mut blocks: BTreeMap<&str, Vec<(&String, &Vec<Posting>)>> = BTreeMap::new();
    for (term, postings) in &scored.terms {
        blocks
            .entry(first_syllable(term))
            .or_default()
            .push((term, postings));
    }
    let mut files = Vec::new();
    let mut bounds: Vec<String> = Vec::new();
    let mut hashes: Vec<String> = Vec::new();
    let (mut t, mut w, mut m) = (Map::new(), Map::new(), BTreeMap::new());
    let mut size = 0;
    let mut flush = |t: &mut Map<String, Value>,
                     w: &mut Map<String, Value>,
                     m: &mut BTreeMap<u32, Value>,
                     bounds: &Vec<String>| {
        let key = format!("t{}", bounds.len() - 1);
        let m: Map<String, Value> = std::mem::take(m)
            .into_iter()
            .map(|(d, v)| (d.to_string(), v))
            .collect();
        let body = script(
            &key,
            &json!({"t": std::mem::take(t), "w": std::mem::take(w), "m": m}),
        );
        let hash = content_hash(body.as_bytes());
        files.push((format!("search/p/{key}.{hash}.js"), body));
        hashes.push(hash);
    };
    for (syllable, terms) in &blocks {
        if bounds.is_empty() {
            bounds.push(String::new());
        } else if size >= PART_TARGET_BYTES {
            flush(&mut t, &mut w, &mut m, &bounds);
            bounds.push((*syllable).to_string());
            size = 0;
        }
        size += add_block(terms, docs, synonyms, &mut t, &mut w, &mut m);
    }
    if bounds.is_empty() {
        bounds.push(String::new());
    }
    flush(&mut t, &mut w, &mut m, &bounds);

    let mut doc_hashes = Vec::new();
    for (g, chunk) in docs.chunks(DOCS_PER_PART).enumerate() {
        let mut map = Map::new();
        for (i, doc) in chunk.iter().enumerate() {
            let sections: Vec<Value> = doc
                .sections
                .iter()
                .map(|(anchor, heading, text)| {
                    let chars: Vec<(usize, char)> = text.char_indices().collect();
                    json!([anchor, heading, cut(&chars, text, 0, SECTION_CHARS)])
                })
                .collect();
            map.insert(
                (g * DOCS_PER_PART + i).to_string(),
                json!([doc.url, doc.title, sections]),
            );
        }
        let key = format!("d{g}");
        let body = script(&key, &Value::Object(map));
        let hash = content_hash(body.as_bytes());
        files.push((format!("search/p/{key}.{hash}.js"), body));
        doc_hashes.push(hash);
    }
    let manifest = Manifest {
        v: 2,
        b: &bounds,
        t: &hashes,
        d: &doc_hashes,
        n: DOCS_PER_PART,
    };
    IndexFiles {
        files,
        manifest: serde_json::to_string(&manifest).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> (String, Value) {
        let inner = body
            .trim_end()
            .strip_prefix("camnang.part(")
            .and_then(|b| b.strip_suffix(");"))
            .unwrap();
        let (key, json) = inner.split_once(',').unwrap();
        (
            serde_json::from_str(key).unwrap(),
            serde_json::from_str(json).unwrap(),
        )
    }

    #[test]
    fn each_term_lives_in_the_part_its_first_syllable_points_to() {
        let words = ["đăng", "ký", "thanh", "toán", "học", "phí", "mật", "khẩu"];
        let docs: Vec<SearchDoc> = (0..200)
            .map(|i| SearchDoc {
                url: format!("/bai-{i}/"),
                title: format!("Bài {i}"),
                description: String::new(),
                tags: vec![],
                sections: vec![(
                    String::new(),
                    String::new(),
                    (0..300)
                        .map(|k| words[(i * 7 + k * k) % words.len()])
                        .collect::<Vec<_>>()
                        .join(" "),
                )],
            })
            .collect();
        let scored = crate::search::score(&docs, &crate::search::Synonyms::new(&[]));
        let files = split(&scored, &docs, &crate::search::Synonyms::new(&[]));
        let manifest: Value = serde_json::from_str(&files.manifest).unwrap();
        let bounds: Vec<&str> = manifest["b"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect();
        assert!(bounds.len() > 1, "a 200-page site is split: {bounds:?}");
        assert_eq!(
            manifest["d"].as_array().unwrap().len(),
            200usize.div_ceil(DOCS_PER_PART)
        );
        let mut found = 0;
        for (path, body) in &files.files {
            let (key, part) = parse(body);
            assert!(path.starts_with(&format!("search/p/{key}.")), "{path}");
            assert!(path.contains(&content_hash(body.as_bytes())));
            let Some(i) = key.strip_prefix('t') else {
                continue;
            };
            let i: usize = i.parse().unwrap();
            for (term, postings) in part["t"].as_object().unwrap() {
                let first = first_syllable(term);
                let owner = bounds.iter().rposition(|b| *b <= first).unwrap();
                assert_eq!(owner, i, "{term} is in part {i}");
                assert_eq!(
                    crate::search::codec::decode(postings.as_str().unwrap())
                        .unwrap()
                        .len(),
                    scored.terms[term].len()
                );
                found += 1;
            }
            for windows in part["w"].as_object().unwrap().values() {
                for w in windows.as_array().unwrap() {
                    let d = w[0].as_u64().unwrap().to_string();
                    assert!(part["m"][&d].is_array(), "window of doc {d} has its URL");
                }
            }
        }
        assert_eq!(found, scored.terms.len());
    }

    #[test]
    fn windows_centre_on_the_word_and_mark_cuts() {
        let text = format!(
            "{} Đăng ký tài khoản. {}",
            "mở đầu ".repeat(30),
            "kết ".repeat(80)
        );
        let w = window(&text, &[vec!["dang".into()]]);
        assert!(w.starts_with("… ") && w.ends_with(" …"), "{w}");
        assert!(w.contains("Đăng ký"), "{w}");
        assert!(w.chars().count() <= WINDOW_CHARS + 4);
        // Not found: the start.
        assert!(window("Một hai ba.", &[vec!["vneid".into()]]).starts_with("Một"));
        // A synonym's phrase, whole: "cần" alone is not "căn cước".
        let cccd = [
            vec!["cccd".to_string()],
            ["can", "cuoc", "cong", "dan"].map(String::from).to_vec(),
        ];
        let text = format!(
            "Bạn cần {} mang thẻ căn cước công dân.",
            "giấy tờ ".repeat(40)
        );
        assert!(window(&text, &cccd).contains("căn cước công dân"));
    }
}

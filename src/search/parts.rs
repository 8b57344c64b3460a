//! Splits the scored index into small content-hashed files, so that a query
//! fetches only what it needs:
//!
//! - **Term parts** `search/p/t<i>.<hash>.js`: the terms whose first
//!   syllable falls in one alphabetical range, each with its postings
//!   ([`super::codec`]). All pairs starting with a syllable live with it, so
//!   the part of "đăng" also answers "đăng ký", and a query of *n* words
//!   usually needs about *n*/2 term parts. Each syllable's block also
//!   holds the URL, title, section and a window of text for the documents
//!   its terms match best ([`WINDOWS_PER_TERM`], [`WINDOWS_PER_BLOCK`],
//!   [`BLOCK_BYTES`]), so the top results show with excerpts without
//!   another request. A pair whose best documents all have windows is
//!   listed as *covering* (`c`): the client may then skip the part of its
//!   second word.
//! - **Document parts** `search/p/d<g>.<hash>.js`: URL, title, headings and
//!   the start of each section's text for [`DOCS_PER_PART`] documents, for
//!   the rare result that no term part describes.
//! - **Manifest**: the range boundaries, file hashes and a Bloom filter of
//!   the words, pairs and covering pairs ([`super::bloom`]), so the client
//!   can plan which parts to load; embedded by the site writer in the
//!   search script itself, so it costs no request.
//!
//! Parts are scripts (`camnang.part("t3", {…})`) rather than JSON, so search
//! also works from a folder opened with `file://`.

use super::codec::{encode, Posting};
use super::index::{Scored, SearchDoc, IMPACT_RANGE, MAX_IMPACT};
use super::normalize::fold_key_into;
use super::Synonyms;
use crate::output::content_hash;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Blocks (one first syllable each) join a term part while it stays under
/// this many bytes; a block alone may be bigger.
pub const PART_TARGET_BYTES: usize = 10 * 1024;
/// Each first syllable's block describes the best documents of its single
/// word and of each pair with a window of text…
pub const WINDOWS_PER_TERM: usize = 10;
/// …up to this many documents…
pub const WINDOWS_PER_BLOCK: usize = 32;
/// …while the block (postings and windows) stays under this many bytes, so
/// that the four parts of a long query stay near 40 KB.
pub const BLOCK_BYTES: usize = 10 * 1024;
/// Documents per document part.
pub const DOCS_PER_PART: usize = 4;
/// Characters of text kept around a word, and before it.
const WINDOW_CHARS: usize = 80;
const WINDOW_BEFORE: usize = 20;
/// Characters of each section kept in document parts.
const SECTION_CHARS: usize = 80;

/// The index as files.
#[derive(Debug, Clone)]
pub struct IndexFiles {
    /// `(path under the output folder, contents)`, e.g.
    /// `search/p/t0.ab12cd34ef.js`; contents are shared with the
    /// [`PartCache`], which keeps them for the next build.
    pub files: Vec<(String, Arc<str>)>,
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
    /// Hash of the document parts (one for all).
    d: String,
    /// Documents per document part.
    n: usize,
    /// Bloom filter of the single words (`dang`), of every pair (`dang+ky`)
    /// and of the pairs that can stand for their second word (`dang ky`):
    /// `[bits, hashes, encoded]` ([`super::bloom`]).
    p: (u32, u32, String),
}

/// A window of `text` around the first place where one of `phrases`
/// (folded words: the term and its synonyms) is written, with `…` where it
/// was cut. The start of the text when none is in it.
pub fn window(text: &str, phrases: &[Vec<String>]) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    // Words are folded only as far as the search needs: to the first
    // place a phrase starts, and as many words after it as the longest
    // phrase has (a longer phrase may start sooner).
    let longest = phrases.iter().map(Vec::len).max().unwrap_or(0);
    // (first character, key's byte range in `folded`) of each word so far.
    let mut words: Vec<(usize, usize, usize)> = Vec::new();
    let mut folded = String::new();
    let mut i = 0;
    let mut next_word = |words: &mut Vec<(usize, usize, usize)>, folded: &mut String| {
        while i < chars.len() && !super::normalize::is_word_char(chars[i].1) {
            i += 1;
        }
        if i == chars.len() {
            return false;
        }
        let start = i;
        while i < chars.len() && super::normalize::is_word_char(chars[i].1) {
            i += 1;
        }
        let end = chars.get(i).map_or(text.len(), |c| c.0);
        let at = folded.len();
        fold_key_into(&text[chars[start].0..end], folded);
        words.push((start, at, folded.len()));
        true
    };
    let mut k = 0;
    let at = loop {
        while words.len() < k + longest && next_word(&mut words, &mut folded) {}
        if k >= words.len() {
            break 0;
        }
        let key = |n: usize| &folded[words[n].1..words[n].2];
        let starts_here = phrases.iter().any(|p| {
            !p.is_empty()
                && k + p.len() <= words.len()
                && p.iter().enumerate().all(|(n, a)| *a == key(k + n))
        });
        if starts_here {
            break words[k].0;
        }
        k += 1;
    };
    cut(&chars, text, at.saturating_sub(WINDOW_BEFORE), WINDOW_CHARS)
}

/// The first `len` characters of `text`, cut at a space: [`cut`] from
/// the start, which only looks at the first `len + 1` characters, so only
/// those are listed (a lesson's section runs to thousands).
fn head(text: &str, len: usize) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().take(len + 1).collect();
    cut(&chars, text, 0, len)
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

/// The first syllable of a term (`dang` of `dang ky`): the block it
/// belongs to.
pub(super) fn first_syllable(term: &str) -> &str {
    term.split(' ').next().unwrap_or(term)
}

/// A stored impact back as a score, as the client reads it.
fn score_of(impact: u32) -> f64 {
    ((f64::from(impact) * (1.0 + IMPACT_RANGE).ln() / f64::from(MAX_IMPACT)).exp() - 1.0)
        / IMPACT_RANGE
}

/// The documents a query answered by this block would show first, best
/// first: for the single word, its best postings; for a pair "a b", the
/// client adds the scores of "a" and "a b" (the pair stands for "b"), so
/// rank by that sum.
fn best_for(single: Option<&Vec<Posting>>, term: &str, postings: &[Posting]) -> Vec<Posting> {
    if !term.contains(' ') {
        return postings
            .iter()
            .take(2 * WINDOWS_PER_TERM)
            .copied()
            .collect();
    }
    let alone: BTreeMap<u32, u32> = single
        .map(|s| s.iter().map(|p| (p.doc, p.impact)).collect())
        .unwrap_or_default();
    let mut ranked: Vec<(f64, Posting)> = postings
        .iter()
        .map(|p| {
            let a = alone.get(&p.doc).map_or(0.0, |&i| score_of(i));
            (a + score_of(p.impact), *p)
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.doc.cmp(&b.1.doc)));
    ranked
        .into_iter()
        .take(2 * WINDOWS_PER_TERM)
        .map(|(_, p)| p)
        .collect()
}

/// Picks the documents a block describes with a window: the first results
/// ([`best_for`]) of its single word, then of each of its pairs, those most
/// clearly words first (they are what readers type: "đăng ký"), up to
/// [`WINDOWS_PER_BLOCK`] documents. Returns `(term, posting)` per document,
/// and each term's first results.
fn window_choices<'a>(
    terms: &[(&'a String, &'a Vec<Posting>)],
    strength: &BTreeMap<String, f64>,
) -> (Choices<'a>, Firsts<'a>) {
    let single = terms.iter().find(|(t, _)| !t.contains(' ')).map(|t| t.1);
    let mut order: Vec<&(&String, &Vec<Posting>)> = terms.iter().collect();
    let strength_of = |t: &str| strength.get(t).copied().unwrap_or(f64::INFINITY);
    order.sort_by(|a, b| {
        strength_of(b.0)
            .total_cmp(&strength_of(a.0))
            .then(a.0.cmp(b.0))
    });
    let firsts: Vec<(&String, Vec<Posting>)> = order
        .into_iter()
        .map(|(term, postings)| (*term, best_for(single, term, postings)))
        .collect();
    let mut chosen: Vec<(&String, Posting)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // A first pass gives each term its first WINDOWS_PER_TERM results; when
    // there is room left (a syllable with few pairs), a second pass doubles
    // that.
    for (from, to) in [
        (0, WINDOWS_PER_TERM),
        (WINDOWS_PER_TERM, 2 * WINDOWS_PER_TERM),
    ] {
        for (term, best) in &firsts {
            for p in &best[from.min(best.len())..to.min(best.len())] {
                if chosen.len() >= WINDOWS_PER_BLOCK {
                    return (chosen, firsts);
                }
                if seen.insert(p.doc) {
                    chosen.push((term, *p));
                }
            }
        }
    }
    (chosen, firsts)
}

type Choices<'a> = Vec<(&'a String, Posting)>;
type Firsts<'a> = Vec<(&'a String, Vec<Posting>)>;

/// Adds the terms of one first syllable to a term part, with windows for
/// the documents they match best; returns about how many bytes they take.
fn add_block(
    syllable: &str,
    terms: &[(&String, &Vec<Posting>)],
    strength: &BTreeMap<String, f64>,
    docs: &[SearchDoc],
    synonyms: &Synonyms,
    part: &mut PartBody,
) -> usize {
    let mut bytes = 0;
    for (term, postings) in terms {
        let encoded = encode(postings);
        bytes += term.len() + encoded.len() + 6;
        part.t.insert((*term).clone(), Value::String(encoded));
    }
    let mut windows = Vec::new();
    let (choices, firsts) = window_choices(terms, strength);
    for (term, p) in choices {
        let Some(doc) = docs.get(p.doc as usize) else {
            continue;
        };
        let Some((anchor, heading, text)) = doc.sections.get(p.section as usize) else {
            continue;
        };
        let meta = json!([doc.url, doc.title]);
        let words: Vec<String> = term.split(' ').map(String::from).collect();
        let mut phrases = vec![words];
        phrases.extend(synonyms.alternatives(&phrases[0]));
        let entry = json!([p.doc, p.section, anchor, heading, window(text, &phrases)]);
        let size = entry.to_string().len() + meta.to_string().len() + 10;
        // The best of the single word always; the rest while the block fits.
        if windows.len() >= WINDOWS_PER_TERM && bytes + size > BLOCK_BYTES {
            break;
        }
        bytes += size;
        part.m.insert(p.doc, meta);
        windows.push(entry);
    }
    // A pair whose first results all have windows can stand for its second
    // word: the client then need not load that word's part.
    let shown: std::collections::BTreeSet<u32> = part.m.keys().copied().collect();
    for (term, best) in &firsts {
        if term.contains(' ')
            && best
                .iter()
                .take(WINDOWS_PER_TERM)
                .all(|p| shown.contains(&p.doc))
        {
            part.c.push((*term).clone());
        }
    }
    let windows = Value::Array(windows);
    bytes += syllable.len() + windows.to_string().len() + 4;
    part.w.insert(syllable.to_string(), windows);
    bytes
}

/// What one term part holds, before it is written.
#[derive(Default, Clone)]
struct PartBody {
    /// term → encoded postings.
    t: Map<String, Value>,
    /// first syllable → windows `[doc, section, anchor, heading, text]`.
    w: Map<String, Value>,
    /// document → `[url, title]`, for the documents with windows.
    m: BTreeMap<u32, Value>,
    /// Pairs that can stand for their second word (see [`add_block`]).
    c: Vec<String>,
}

fn script(key: &str, body: &Value) -> String {
    format!("camnang.part({},{});\n", json!(key), body)
}

/// Terms with their postings, by term.
type TermPostings = Vec<(String, Vec<Posting>)>;

/// One first syllable's share of a term part, made by [`make_block`].
pub struct Block {
    /// The first syllable.
    syllable: String,
    /// Its single word and kept pairs with their postings, by term.
    pub terms: TermPostings,
    /// How clearly each kept pair is a word.
    pub strength: BTreeMap<String, f64>,
    body: PartBody,
    bytes: usize,
    /// The Bloom filter hashes of the block's keys (see [`assemble`]).
    bloom: Vec<(u32, u32)>,
    /// Tells this block from every other made in the same process, so a
    /// part made of the same blocks need not be written again.
    id: u64,
}

impl Block {
    /// The documents the block shows excerpts of.
    pub fn excerpt_docs(&self) -> impl Iterator<Item = u32> + '_ {
        self.body.m.keys().copied()
    }

    /// The key blocks are ordered by: UTF-16, which is how JavaScript
    /// compares strings, so the client finds a part with `<`.
    pub fn order_key(syllable: &str) -> Vec<u16> {
        syllable.encode_utf16().collect()
    }
}

/// Makes the block of one first syllable from its terms (the single word
/// and its kept pairs, by term) and the strength of its pairs.
pub fn make_block(
    syllable: &str,
    terms: TermPostings,
    strength: BTreeMap<String, f64>,
    docs: &[SearchDoc],
    synonyms: &Synonyms,
) -> Block {
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut body = PartBody::default();
    let refs: Vec<(&String, &Vec<Posting>)> = terms.iter().map(|(t, p)| (t, p)).collect();
    let bytes = add_block(syllable, &refs, &strength, docs, synonyms, &mut body);
    // Words as they are, covering pairs as "a b", every pair as "a+b".
    let bloom = terms
        .iter()
        .map(|(t, _)| super::bloom::hashes(&t.replace(' ', "+")))
        .chain(body.c.iter().map(|c| super::bloom::hashes(c)))
        .collect();
    Block {
        syllable: syllable.to_string(),
        terms,
        strength,
        body,
        bytes,
        bloom,
        id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
    }
}

/// Parts made by an earlier [`assemble`]: term parts by the blocks they
/// hold, document parts by their documents' keys. A part whose blocks or
/// documents are unchanged is not made again.
#[derive(Default)]
pub struct PartCache {
    /// Term parts by their blocks' ids.
    terms: std::collections::HashMap<Vec<u64>, Part>,
    /// Document parts by their documents' keys.
    docs: std::collections::HashMap<Vec<u128>, Part>,
}

/// One part file: its content hash and contents.
type Part = (String, Arc<str>);

/// Splits a scored index into files.
pub fn split(scored: &Scored, docs: &[SearchDoc], synonyms: &Synonyms) -> IndexFiles {
    // Terms grouped by first syllable, in order.
    let mut grouped: BTreeMap<Vec<u16>, (&str, TermPostings)> = BTreeMap::new();
    for (term, postings) in &scored.terms {
        let first = first_syllable(term);
        grouped
            .entry(Block::order_key(first))
            .or_insert_with(|| (first, Vec::new()))
            .1
            .push((term.clone(), postings.clone()));
    }
    let grouped: Vec<_> = grouped.into_values().collect();
    let blocks: Vec<Block> = grouped
        .into_par_iter()
        .map(|(syllable, terms)| {
            let strength = terms
                .iter()
                .filter_map(|(t, _)| Some((t.clone(), *scored.strength.get(t)?)))
                .collect();
            make_block(syllable, terms, strength, docs, synonyms)
        })
        .collect();
    let blocks: Vec<&Block> = blocks.iter().collect();
    assemble(&blocks, docs, &[], &mut PartCache::default())
}

/// Joins blocks (in [`Block::order_key`] order) into term parts, adds the
/// document parts and makes the manifest. `doc_keys` tell each document's
/// text apart (as [`super::DocKey`]s); empty, document parts are always
/// made.
pub fn assemble(
    blocks: &[&Block],
    docs: &[SearchDoc],
    doc_keys: &[u128],
    cache: &mut PartCache,
) -> IndexFiles {
    // Which blocks go in which part: in order, while the part stays under
    // its target size.
    let mut groups: Vec<Vec<&Block>> = Vec::new();
    let mut size = 0;
    for block in blocks {
        match groups.last_mut() {
            Some(group) if !(size > 0 && size + block.bytes > PART_TARGET_BYTES) => {
                group.push(block);
            }
            _ => {
                groups.push(vec![block]);
                size = 0;
            }
        }
        size += block.bytes;
    }
    if groups.is_empty() {
        groups.push(Vec::new());
    }
    let bounds: Vec<String> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| match (i, g.first()) {
            (0, _) | (_, None) => String::new(),
            (_, Some(b)) => b.syllable.clone(),
        })
        .collect();
    let old = std::mem::take(&mut cache.terms);
    let made: Vec<(Vec<u64>, Part)> = groups
        .par_iter()
        .enumerate()
        .map(|(i, group)| {
            let mut ids: Vec<u64> = vec![i as u64];
            ids.extend(group.iter().map(|b| b.id));
            if let Some(known) = old.get(&ids) {
                return (ids, known.clone());
            }
            let mut part = PartBody::default();
            for block in group {
                let body = block.body.clone();
                part.t.extend(body.t);
                part.w.extend(body.w);
                part.m.extend(body.m);
                part.c.extend(body.c);
            }
            let key = format!("t{i}");
            let m: Map<String, Value> = part
                .m
                .into_iter()
                .map(|(d, v)| (d.to_string(), v))
                .collect();
            let body = script(
                &key,
                &json!({"t": part.t, "w": part.w, "m": m, "c": part.c}),
            );
            let hash = content_hash(body.as_bytes());
            (ids, (hash, Arc::from(body)))
        })
        .collect();
    let mut files = Vec::new();
    let mut hashes = Vec::new();
    for (i, (ids, (hash, body))) in made.into_iter().enumerate() {
        files.push((format!("search/p/t{i}.{hash}.js"), Arc::clone(&body)));
        hashes.push(hash.clone());
        cache.terms.insert(ids, (hash, body));
    }

    // Document parts are the rare fallback, so they share one hash (of all
    // of them): the manifest stays small on large sites.
    let old = std::mem::take(&mut cache.docs);
    let doc_parts: Vec<(Option<Vec<u128>>, Part)> = docs
        .par_chunks(DOCS_PER_PART)
        .enumerate()
        .map(|(g, chunk)| {
            // The part's number, then its documents' keys.
            let key = (doc_keys.len() == docs.len()).then(|| {
                let start = g * DOCS_PER_PART;
                let mut key = vec![g as u128];
                key.extend_from_slice(&doc_keys[start..start + chunk.len()]);
                key
            });
            if let Some(known) = key.as_ref().and_then(|k| old.get(k)) {
                return (key, known.clone());
            }
            let mut map = Map::new();
            for (i, doc) in chunk.iter().enumerate() {
                let sections: Vec<Value> = doc
                    .sections
                    .iter()
                    .map(|(anchor, heading, text)| {
                        json!([anchor, heading, head(text, SECTION_CHARS)])
                    })
                    .collect();
                map.insert(
                    (g * DOCS_PER_PART + i).to_string(),
                    json!([doc.url, doc.title, sections]),
                );
            }
            let body = script(&format!("d{g}"), &Value::Object(map));
            (key, (content_hash(body.as_bytes()), Arc::from(body)))
        })
        .collect();
    let doc_parts: Vec<Part> = doc_parts
        .into_iter()
        .map(|(key, part)| {
            if let Some(key) = key {
                cache.docs.insert(key, part.clone());
            }
            part
        })
        .collect();
    // One hash for all: of each part's own hash, so an edit hashes again
    // only the part it changed.
    let doc_hash = content_hash(
        doc_parts
            .iter()
            .map(|(hash, _)| hash.as_str())
            .collect::<String>()
            .as_bytes(),
    );
    for (g, (_, body)) in doc_parts.into_iter().enumerate() {
        files.push((format!("search/p/d{g}.{doc_hash}.js"), body));
    }
    let manifest = Manifest {
        v: 3,
        b: &bounds,
        t: &hashes,
        d: doc_hash,
        n: DOCS_PER_PART,
        p: {
            let members: Vec<(u32, u32)> = blocks
                .iter()
                .flat_map(|b| b.bloom.iter().copied())
                .collect();
            let (bits, encoded) = super::bloom::build_hashed(&members);
            (bits, super::bloom::HASHES, encoded)
        },
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

    /// A page with one section.
    fn page(url: String, title: String, anchor: &str, heading: &str, text: String) -> SearchDoc {
        SearchDoc {
            url,
            title,
            description: String::new(),
            tags: vec![],
            sections: vec![(anchor.into(), heading.into(), text.into())],
        }
    }

    #[test]
    fn each_term_lives_in_the_part_its_first_syllable_points_to() {
        let words = ["đăng", "ký", "thanh", "toán", "học", "phí", "mật", "khẩu"];
        let docs: Vec<SearchDoc> = (0..200)
            .map(|i| {
                let text = (0..300)
                    .map(|k| words[(i * 7 + k * k) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ");
                page(format!("bai-{i}/"), format!("Bài {i}"), "", "", text)
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
            files
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("search/p/d"))
                .count(),
            200usize.div_ceil(DOCS_PER_PART)
        );
        let mut found = 0;
        for (path, body) in &files.files {
            let (key, part) = parse(body);
            assert!(path.starts_with(&format!("search/p/{key}.")), "{path}");
            let Some(i) = key.strip_prefix('t') else {
                assert!(path.contains(manifest["d"].as_str().unwrap()), "{path}");
                continue;
            };
            assert!(path.contains(&content_hash(body.as_bytes())));
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

    /// 300 pages about "mã": every seventh says "mã OTP" (three times from
    /// page 200 on) in a long text; the others say "mã" four times in a
    /// short one, so they rank first for "mã" alone.
    fn ma_pages() -> Vec<SearchDoc> {
        (0..300)
            .map(|i| {
                let text = if i % 7 == 0 {
                    format!("{} {}", "mã OTP. ".repeat(1 + i / 100), "chữ ".repeat(40))
                } else {
                    format!("mã mã mã mã QR {i}.")
                };
                page(format!("bai-{i}/"), format!("Bài {i}"), "", "", text)
            })
            .collect()
    }

    fn parts_of(files: &IndexFiles) -> Vec<Value> {
        files
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("search/p/t"))
            .map(|(_, b)| parse(b).1)
            .collect()
    }

    #[test]
    fn a_pair_gets_windows_for_its_own_best_pages_and_then_stands_for_its_word() {
        let docs = ma_pages();
        let synonyms = crate::search::Synonyms::new(&[]);
        let files = split(&crate::search::score(&docs, &synonyms), &docs, &synonyms);
        let parts = parts_of(&files);
        let part = parts
            .iter()
            .find(|p| p["t"].get("ma otp").is_some())
            .unwrap();
        let shown: Vec<u64> = part["w"]["ma"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w[0].as_u64().unwrap())
            .collect();
        // The pages that say "mã OTP" most are described, though "mã" alone
        // ranks other pages as high.
        assert!(!shown.iter().take(WINDOWS_PER_TERM).any(|d| d % 7 == 0));
        for best in [203, 210, 217, 224, 231, 238, 245, 252, 259, 266] {
            assert!(shown.contains(&best), "page {best} in {shown:?}");
        }
        let covering: Vec<&str> = part["c"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert!(covering.contains(&"ma otp"), "{covering:?}");
        // The manifest's filter knows the words and the covering pairs.
        let manifest: Value = serde_json::from_str(&files.manifest).unwrap();
        let filter = &manifest["p"];
        let bits = filter[0].as_u64().unwrap() as u32;
        assert_eq!(
            filter[1].as_u64().unwrap() as u32,
            super::super::bloom::HASHES
        );
        let encoded = filter[2].as_str().unwrap();
        for term in ["ma", "otp", "ma otp", "ma+otp", "ma+qr"] {
            assert!(
                super::super::bloom::may_contain(bits, encoded, term),
                "{term}"
            );
        }
    }

    #[test]
    fn blocks_keep_to_their_byte_budget() {
        // Long texts and many pairs: windows stop at the budget, but the best
        // pages of the single word always have theirs.
        let docs: Vec<SearchDoc> = (0..400)
            .map(|i| {
                let text = format!("mã x{} y. mã z{} w. {}", i % 40, i % 37, "chữ ".repeat(60));
                page(
                    format!("bai-{i}/"),
                    format!("Một bài học khá dài số {i}"),
                    "muc",
                    "Mục",
                    text,
                )
            })
            .collect();
        let synonyms = crate::search::Synonyms::new(&[]);
        let files = split(&crate::search::score(&docs, &synonyms), &docs, &synonyms);
        for part in parts_of(&files) {
            let Some(windows) = part["w"].get("ma") else {
                continue;
            };
            let n = windows.as_array().unwrap().len();
            assert!(n >= WINDOWS_PER_TERM, "{n} windows");
            assert!(
                n < WINDOWS_PER_BLOCK,
                "{n} windows: the budget stopped them"
            );
            let size = part.to_string().len();
            assert!(size <= BLOCK_BYTES + 1024, "{size} bytes");
        }
    }

    #[test]
    fn parts_are_in_javascript_string_order() {
        // U+FF41 sorts after U+1D400 in UTF-16 (0xFF41 > 0xD835), though
        // before it by code point: the client compares with `<`.
        let posting = Posting {
            doc: 0,
            impact: 1,
            section: 0,
        };
        let many = vec![posting; 3000];
        let scored = Scored {
            terms: ["\u{ff41}", "\u{1d400}", "a"]
                .iter()
                .map(|t| (t.to_string(), many.clone()))
                .collect(),
            strength: BTreeMap::new(),
        };
        let doc = page("a/".into(), "A".into(), "", "", "a".into());
        let files = split(&scored, &[doc], &crate::search::Synonyms::new(&[]));
        let manifest: Value = serde_json::from_str(&files.manifest).unwrap();
        let bounds: Vec<Vec<u16>> = manifest["b"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().encode_utf16().collect())
            .collect();
        assert_eq!(bounds.len(), 3, "{bounds:?}");
        assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{bounds:?}");
        assert_eq!(bounds[2], "\u{ff41}".encode_utf16().collect::<Vec<u16>>());
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

    /// [`window`] the plain way: every word folded, then the first that
    /// starts a phrase.
    fn window_plainly(text: &str, phrases: &[Vec<String>]) -> String {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut words = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !crate::search::normalize::is_word_char(chars[i].1) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && crate::search::normalize::is_word_char(chars[i].1) {
                i += 1;
            }
            let end = chars.get(i).map_or(text.len(), |c| c.0);
            words.push((start, crate::search::fold_key(&text[chars[start].0..end])));
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

    #[test]
    fn a_window_is_where_the_plain_search_puts_it() {
        let phrase = |s: &str| crate::search::folded_words(s);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut texts: Vec<String> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        assert!(texts.len() >= 40);
        texts.extend(["".into(), "a".into(), "Đăng ký".into(), "x y z x y".into()]);
        // A longer phrase that starts before a shorter one's first place.
        let earlier = vec![phrase("ky tai khoan"), phrase("tai")];
        for n in [0, 1, 5, 30, 60] {
            texts.push(format!(
                "{} ký tài khoản {}",
                "mở đầu ".repeat(n),
                "tài ".repeat(n)
            ));
        }
        let sets = [
            vec![phrase("vneid")],
            vec![phrase("dang ky")],
            vec![phrase("cccd"), phrase("can cuoc cong dan")],
            vec![phrase("khong co tu nay")],
            vec![phrase("mat khau"), phrase("ma otp")],
            vec![vec![], phrase("y")],
            vec![phrase("x y z x y z")],
            earlier,
            vec![],
        ];
        let mut moved = 0;
        for text in &texts {
            for phrases in &sets {
                let w = window(text, phrases);
                assert_eq!(w, window_plainly(text, phrases), "{phrases:?} in {text:?}");
                moved += usize::from(w.starts_with('…'));
            }
        }
        assert!(moved > 40, "only {moved} windows away from the start");
    }

    #[test]
    fn a_head_is_the_cut_of_the_whole_text() {
        // Around the length: shorter, exactly, one more, much longer; with
        // and without spaces near the end; with multi-byte letters.
        let words = ["Đăng", "ký", "tài", "khoản", "VNeID", "mức", "2", "x"];
        let mut texts = vec![String::new(), " ".into(), "ằ".repeat(200)];
        for n in 0..120 {
            let mut t = String::new();
            for k in 0..n {
                t.push_str(words[(k * 7 + n) % words.len()]);
                t.push(if k % 11 == 10 { '\u{a0}' } else { ' ' });
            }
            texts.push(t.trim_end().to_string());
            texts.push(t);
        }
        for text in &texts {
            for len in [1, 2, 10, SECTION_CHARS] {
                let all: Vec<(usize, char)> = text.char_indices().collect();
                assert_eq!(head(text, len), cut(&all, text, 0, len), "{text:?} {len}");
            }
        }
    }
}

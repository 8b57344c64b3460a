//! The search index: every page and section, split at headings, scored with
//! BM25 and field weights (title > headings > tags > description > body),
//! written as two content-hashed JSON files:
//!
//! - `search/index.<hash>.json`: documents (URL, title, section anchors and
//!   headings), the synonym groups, and for every term its postings
//!   `[doc, impact, section, …]`, best first. Terms are folded syllables
//!   and folded pairs of adjacent syllables (`dang ky`), so pages where the
//!   query's syllables stand together rank higher.
//! - `search/text.<hash>.json`: the plain text of each section, for excerpts.
//!
//! Impacts are precomputed at build time (0–1000), so the client only adds
//! numbers. The same input gives the same bytes.

use super::{tokenize, Synonyms};
use serde::Serialize;
use std::collections::BTreeMap;

/// How much a word counts in each field.
const W_TITLE: f64 = 4.0;
const W_HEADING: f64 = 2.5;
const W_TAGS: f64 = 2.0;
const W_DESCRIPTION: f64 = 1.5;
const W_BODY: f64 = 1.0;
/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Characters of section text kept for excerpts.
const EXCERPT_TEXT: usize = 1200;

/// One page or section to index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Its URL (with the base path).
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// Tags and taxonomy terms (display names).
    pub tags: Vec<String>,
    /// `(anchor, heading, text)` per section; the first has an empty anchor.
    pub sections: Vec<(String, String, String)>,
}

/// The two files of the index.
#[derive(Debug, Clone)]
pub struct IndexFiles {
    /// Documents, synonyms and postings.
    pub index: String,
    /// Section texts for excerpts.
    pub text: String,
}

/// `[url, title, [[anchor, heading], …]]`.
type DocJson<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>);

#[derive(Serialize)]
struct IndexJson<'a> {
    /// Format version.
    v: u32,
    /// `[url, title, [[anchor, heading], …]]` per document.
    docs: Vec<DocJson<'a>>,
    /// Synonym groups (folded phrases).
    syn: &'a [Vec<Vec<String>>],
    /// term → `[doc, impact, section, doc, impact, section, …]`.
    terms: BTreeMap<String, Vec<u32>>,
}

/// Per (term, document): weighted frequency and the best section.
#[derive(Default, Clone, Copy)]
struct Hit {
    weighted: f64,
    best_section: usize,
    best_weight: f64,
}

/// Builds the index files.
pub fn build_index(docs: &[SearchDoc], synonyms: &Synonyms) -> IndexFiles {
    let mut hits: BTreeMap<String, BTreeMap<usize, Hit>> = BTreeMap::new();
    let mut lengths = Vec::with_capacity(docs.len());
    for (d, doc) in docs.iter().enumerate() {
        let mut length = 0.0;
        let mut add = |text: &str,
                       weight: f64,
                       section: usize,
                       hits: &mut BTreeMap<String, BTreeMap<usize, Hit>>| {
            let words: Vec<String> = tokenize(text).into_iter().map(|t| t.folded).collect();
            length += words.len() as f64 * weight;
            let pairs = words.windows(2).map(|w| format!("{} {}", w[0], w[1]));
            for term in words.iter().cloned().chain(pairs) {
                let hit = hits.entry(term).or_default().entry(d).or_default();
                hit.weighted += weight;
                if weight > hit.best_weight
                    || (weight == hit.best_weight && section < hit.best_section)
                {
                    hit.best_weight = weight;
                    hit.best_section = section;
                }
            }
        };
        add(&doc.title, W_TITLE, 0, &mut hits);
        add(&doc.description, W_DESCRIPTION, 0, &mut hits);
        add(&doc.tags.join(" . "), W_TAGS, 0, &mut hits);
        for (s, (_, heading, text)) in doc.sections.iter().enumerate() {
            add(heading, W_HEADING, s, &mut hits);
            // Body words count a little more in their own section than elsewhere.
            add(text, W_BODY + 0.01, s, &mut hits);
        }
        lengths.push(length);
    }
    let n = docs.len().max(1) as f64;
    let avg = lengths.iter().sum::<f64>() / n;
    let mut scored: BTreeMap<String, Vec<(usize, f64, usize)>> = BTreeMap::new();
    let mut max_score: f64 = 0.0;
    for (term, per_doc) in &hits {
        let df = per_doc.len() as f64;
        let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
        let mut list: Vec<(usize, f64, usize)> = per_doc
            .iter()
            .map(|(&d, hit)| {
                let norm = K1 * (1.0 - B + B * lengths[d] / avg.max(1.0));
                let score = idf * hit.weighted * (K1 + 1.0) / (hit.weighted + norm);
                max_score = max_score.max(score);
                (d, score, hit.best_section)
            })
            .collect();
        list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.insert(term.clone(), list);
    }
    let scale = if max_score > 0.0 {
        1000.0 / max_score
    } else {
        0.0
    };
    let terms = scored
        .into_iter()
        .map(|(term, list)| {
            let flat = list
                .into_iter()
                .flat_map(|(d, score, s)| {
                    [d as u32, ((score * scale).round() as u32).max(1), s as u32]
                })
                .collect();
            (term, flat)
        })
        .collect();
    let json = IndexJson {
        v: 1,
        docs: docs
            .iter()
            .map(|d| {
                (
                    d.url.as_str(),
                    d.title.as_str(),
                    d.sections
                        .iter()
                        .map(|(a, h, _)| (a.as_str(), h.as_str()))
                        .collect(),
                )
            })
            .collect(),
        syn: synonyms.groups(),
        terms,
    };
    let text: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            d.sections
                .iter()
                .map(|(_, _, t)| {
                    let mut t = t.clone();
                    if t.len() > EXCERPT_TEXT {
                        let cut = (0..=EXCERPT_TEXT)
                            .rev()
                            .find(|&i| t.is_char_boundary(i))
                            .unwrap_or(0);
                        t.truncate(cut);
                    }
                    t
                })
                .collect()
        })
        .collect();
    IndexFiles {
        index: serde_json::to_string(&json).unwrap_or_default(),
        text: serde_json::to_string(&text).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            description: String::new(),
            tags: vec![],
            sections: vec![(String::new(), String::new(), body.into())],
        }
    }

    fn postings(files: &IndexFiles, term: &str) -> Vec<u32> {
        let v: serde_json::Value = serde_json::from_str(&files.index).unwrap();
        v["terms"][term]
            .as_array()
            .map(|a| a.iter().map(|x| x.as_u64().unwrap() as u32).collect())
            .unwrap_or_default()
    }

    #[test]
    fn titles_outrank_bodies_and_pairs_are_indexed() {
        let docs = [
            doc("/a/", "Thanh toán học phí", "Nội dung khác."),
            doc("/b/", "Bài khác", "Có nói về thanh toán một lần."),
        ];
        let files = build_index(&docs, &Synonyms::new(&[]));
        let p = postings(&files, "toan");
        assert_eq!((p[0], p[3]), (0, 1), "title match first: {p:?}");
        assert!(p[1] > p[4]);
        assert_eq!(postings(&files, "thanh toan")[0], 0);
        assert!(postings(&files, "hoc phi").len() == 3);
    }

    #[test]
    fn best_section_is_where_the_word_is() {
        let d = SearchDoc {
            url: "/a/".into(),
            title: "VNeID".into(),
            description: String::new(),
            tags: vec![],
            sections: vec![
                (String::new(), String::new(), "Mở đầu.".into()),
                (
                    "buoc-2".into(),
                    "Quét chip".into(),
                    "Áp thẻ vào điện thoại.".into(),
                ),
            ],
        };
        let files = build_index(&[d], &Synonyms::new(&[]));
        assert_eq!(postings(&files, "chip")[2], 1);
        assert_eq!(postings(&files, "the")[2], 1);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let docs = [
            doc("/a/", "Đăng ký", "định danh điện tử"),
            doc("/b/", "Kích hoạt", "mật khẩu"),
        ];
        let a = build_index(&docs, &Synonyms::new(&[]));
        let b = build_index(&docs, &Synonyms::new(&[]));
        assert_eq!((a.index, a.text), (b.index, b.text));
    }
}

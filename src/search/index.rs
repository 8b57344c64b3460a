//! Scoring: every page and section, split at headings, scored with BM25
//! and field weights (title > headings > tags > description > body).
//!
//! Terms are folded syllables (`dang`) and folded pairs of adjacent
//! syllables (`dang ky`), so pages where the query's syllables stand
//! together rank higher. Pairs starting with one syllable share a byte
//! budget, filled first with the pairs that are most clearly words (they
//! occur often, and far more often than chance: "đăng ký", "thanh toán"),
//! which keeps every index part small. Synonyms are expanded here: a page that says
//! "CCCD" is also indexed under "căn cước công dân".
//!
//! Impacts are precomputed and stored on a log scale ([`quantize`]),
//! measured against the best score any word could reach, so common words
//! keep their fine differences; the client turns them back into scores and
//! adds them. Site-wide figures enter only in `coarse` form, so one
//! edited lesson changes only its own words' postings
//! (the search `state` keeps the index and updates it in place).
//! [`super::parts`] splits the result into files. Deterministic: ties break
//! by document number, maps are ordered.

use super::codec::Posting;
use super::Synonyms;
use rayon::prelude::*;
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
/// Bytes of pair postings kept per first syllable (about 4 bytes per
/// posting). Small sites keep every pair; large ones keep the pairs that
/// are most clearly words.
pub const PAIR_BYTES_PER_SYLLABLE: usize = 3 * 1024;
/// The most documents kept per single word and per pair, best first. Below
/// these, the index is exact; above, the weakest matches are dropped.
pub const MAX_POSTINGS: usize = 500;
/// See [`MAX_POSTINGS`].
pub const MAX_PAIR_POSTINGS: usize = 100;

/// One page or section to index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Its URL relative to the site's root (`vneid/kich-hoat/`): the client
    /// resolves it against the folder above its own script, so the index
    /// does not repeat the base path and works wherever the site is put.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub description: String,
    /// Tags and taxonomy terms (display names).
    pub tags: Vec<String>,
    /// `(anchor, heading, text)` per section; the first has an empty anchor.
    /// The text is shared with the rendered Markdown.
    pub sections: Vec<(String, String, std::sync::Arc<str>)>,
}

/// Every term with its postings, best first.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    /// term → postings, by impact then document.
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// pair → how clearly it is a word: occurrences times the log of how
    /// much more often its syllables meet than by chance.
    pub strength: BTreeMap<String, f64>,
}

/// One document's terms, before the site-wide statistics: the part of
/// scoring that needs only the document, done in parallel.
///
/// Compact, because the terms of every document are held at once: the
/// term texts share one string, and each term costs 24 bytes besides
/// its text (the bench's 10,000 lessons have about 8 million).
#[derive(Debug, Default, Clone)]
pub struct DocTerms {
    pub(super) length: f64,
    /// Every term's text, one after another.
    pub(super) text: Box<str>,
    /// Grouped by [`shard`]: group `s` is `entries[starts[s]..starts[s + 1]]`.
    pub(super) entries: Box<[Entry]>,
    pub(super) starts: [u32; SHARDS + 1],
}

/// One term of a [`DocTerms`]: where its text is, and its figures.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    /// Where its text starts in [`DocTerms::text`], in bytes.
    pub at: u32,
    /// Its text's length, in bytes.
    pub len: u32,
    /// How often it occurs in the document.
    pub count: u32,
    /// The section where it weighs most.
    pub section: u32,
    /// Its occurrences, each weighted by its field.
    pub weighted: f64,
}

/// Terms are gathered site-wide in this many independent groups, in
/// parallel.
pub(super) const SHARDS: usize = 16;

/// The group of a term: the top bits of `term_hash`. Groups only share
/// out the gathering: the index does not depend on them. (The collector
/// has each term's hash already; tests check it agrees with this.)
#[cfg(test)]
pub(super) fn shard(term: &str) -> usize {
    shard_of_hash(term_hash(term))
}

/// The group of a term whose hash (`term_hash`) is `hash`.
pub(super) fn shard_of_hash(hash: u64) -> usize {
    const _: () = assert!(SHARDS == 16, "four bits of the hash");
    (hash >> 60) as usize
}

/// A term's hash: FxHash of a word's text, and for a pair of words (`"dang
/// ky"`) a mix of its two words' hashes, so the collector, which has
/// those, never hashes a pair's text (it used to hash every term's text
/// byte by byte to group it, a twentieth of collecting). The collector
/// makes it from its words' hashes; tests check that it agrees.
#[cfg(test)]
pub(super) fn term_hash(term: &str) -> u64 {
    match term.split_once(' ') {
        Some((first, second)) => pair_hash(word_hash(first), word_hash(second)),
        None => word_hash(term),
    }
}

/// The hash of a word's text (FxHash: fast on short words, and a build
/// indexes only its own lessons, so hash flooding is no concern).
pub(super) fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// The hash of the pair of words whose hashes are `first` and `second`.
pub(super) fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(26) ^ second).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl DocTerms {
    /// The terms of group `s` (see [`shard`]), with their
    /// `(occurrences, hit)`.
    pub(super) fn group(&self, s: usize) -> impl Iterator<Item = (&str, f64, TermHit)> + '_ {
        self.entries[self.starts[s] as usize..self.starts[s + 1] as usize]
            .iter()
            .map(|e| {
                let term = &self.text[e.at as usize..(e.at + e.len) as usize];
                let hit = TermHit {
                    doc: 0,
                    section: e.section,
                    weighted: e.weighted,
                };
                (term, f64::from(e.count), hit)
            })
    }

    /// Every term, with its `(occurrences, hit)`.
    pub(super) fn all(&self) -> impl Iterator<Item = (&str, f64, TermHit)> + '_ {
        (0..SHARDS).flat_map(|s| self.group(s))
    }

    /// The document's length: its words, weighted by field.
    pub(super) fn length(&self) -> f64 {
        self.length
    }
}

/// What scoring needs of one term in one document (the document is set
/// by whoever holds it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TermHit {
    /// The document.
    pub doc: u32,
    /// Its best section for the term.
    pub section: u32,
    /// Weighted frequency.
    pub weighted: f64,
}

/// Groups terms are gathered in, in parallel.
pub(super) const GROUPS: usize = SHARDS;

/// Calls `f` with each field of `doc` that is searched, in order, with
/// its weight and section.
pub(super) fn each_field(doc: &SearchDoc, mut f: impl FnMut(&str, f64, usize)) {
    f(&doc.title, W_TITLE, 0);
    f(&doc.description, W_DESCRIPTION, 0);
    f(&doc.tags.join(" . "), W_TAGS, 0);
    for (s, (_, heading, text)) in doc.sections.iter().enumerate() {
        f(heading, W_HEADING, s);
        // Body words count a little more in their own section than elsewhere.
        f(text, W_BODY + 0.01, s);
    }
}

/// The length [`collect`] gives `doc` ([`DocTerms::length`], the same
/// bits), without collecting its terms: a one-off build measures every
/// document first, so it can drop hopeless hits as it gathers
/// ([`cull_hits`]).
pub(super) fn length_of(doc: &SearchDoc) -> f64 {
    let mut length = 0.0;
    each_field(doc, |text, weight, _| {
        length += super::normalize::word_count(text) as f64 * weight;
    });
    length
}

pub use super::collect::collect;

/// Steps per factor *e* of [`coarse`]: about 1.6% apart.
const COARSE_STEPS: f64 = 64.0;

/// `x` rounded on a log scale, steps about 1.6% apart. Site-wide figures
/// (the average length, how often each word occurs) are used in this
/// form: one edited lesson seldom moves them to another step, so the dev
/// server scores again only the words that lesson has
/// ([`super::state`]), and the index is still exactly a clean build's.
pub(super) fn coarse(x: f64) -> f64 {
    if x <= 0.0 {
        return x;
    }
    ((x.ln() * COARSE_STEPS).round() / COARSE_STEPS).exp()
}

/// The site-wide figures scores depend on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Globals {
    /// Documents.
    pub n: f64,
    /// Average weighted length, [`coarse`].
    pub avg: f64,
    /// Occurrences of single words, [`coarse`].
    pub total: f64,
}

impl Globals {
    /// From the documents' lengths (in document order) and the exact number
    /// of single words.
    pub fn new(lengths: &[f64], singles: f64) -> Globals {
        let n = lengths.len().max(1) as f64;
        Globals {
            n,
            avg: coarse((lengths.iter().sum::<f64>() / n).max(1.0)),
            total: coarse(singles),
        }
    }

    fn idf(&self, df: f64) -> f64 {
        ((self.n - df + 0.5) / (df + 0.5) + 1.0).ln()
    }

    /// The highest score a term can reach (in one document, with a weight
    /// going to infinity): impacts are measured against it, so they do
    /// not depend on which page scores best.
    fn best_possible(&self) -> f64 {
        self.idf(1.0) * (K1 + 1.0)
    }
}

/// A term's `(document, score, best section)`, best first.
pub(super) type Scores = Vec<(u32, f64, u32)>;

/// Scores a term's hits (in document order) with BM25, best first, cut to
/// [`MAX_POSTINGS`] (or [`MAX_PAIR_POSTINGS`] for a pair).
pub(super) fn score_term(term: &str, hits: &[TermHit], lengths: &[f64], g: &Globals) -> Scores {
    score_culled(term, hits, hits.len(), lengths, g)
}

/// [`score_term`] of a term found in `df` documents, of which `hits`
/// holds all those [`cull_hits`] kept: the same list.
pub(super) fn score_culled(
    term: &str,
    hits: &[TermHit],
    df: usize,
    lengths: &[f64],
    g: &Globals,
) -> Scores {
    let idf = g.idf(df as f64);
    let list: Scores = hits.iter().map(|hit| bm25(hit, idf, lengths, g)).collect();
    best_first(term, list)
}

/// A hit's [`bm25`] score before the term's idf multiplies it: ordering
/// a term's hits by it orders them by score, up to rounding.
fn unweighted_score(hit: &TermHit, lengths: &[f64], avg: f64) -> f64 {
    let norm = K1 * (1.0 - B + B * lengths[hit.doc as usize] / avg);
    hit.weighted * (K1 + 1.0) / (hit.weighted + norm)
}

/// How far below the last kept hit [`cull_hits`] still keeps one. The
/// score and [`unweighted_score`] times idf differ by a few roundings
/// (about 1e-15 of the value), so a hit this far below cannot come
/// before it, whatever idf is.
const CULL_MARGIN: f64 = 1e-9;

/// Drops from `hits` (some of a term's hits, one per document, in any
/// order) those that cannot be in its list ([`score_term`] keeps the
/// best [`keep_of`]) whatever its idf turns out to be: those more than
/// [`CULL_MARGIN`] below the last that would be kept now. Scoring what
/// is left with the term's whole `df` ([`score_culled`]) gives exactly
/// the list of every hit. `avg` is the site's [`Globals::avg`].
///
/// The hit at that bar goes first, so hits that come later can be
/// dropped as they come ([`below_bar`]).
pub(super) fn cull_hits(term: &str, hits: &mut Vec<TermHit>, lengths: &[f64], avg: f64) {
    let keep = keep_of(term);
    if hits.len() <= keep {
        return;
    }
    let mut scores: Scores = hits
        .iter()
        .map(|h| (h.doc, unweighted_score(h, lengths, avg), 0))
        .collect();
    scores.select_nth_unstable_by(keep - 1, order);
    let (at_bar, bar) = (scores[keep - 1].0, scores[keep - 1].1 * (1.0 - CULL_MARGIN));
    hits.retain(|h| unweighted_score(h, lengths, avg) >= bar);
    if let Some(at) = hits.iter().position(|h| h.doc == at_bar) {
        hits.swap(0, at);
    }
}

/// Whether `hit` would go at the next [`cull_hits`] of a term whose last
/// cull put `at_bar` first. That bar only rises as hits come (it is the
/// score of the last of the best [`keep_of`], and a cull keeps at least
/// that many at or above it), so such a hit can be dropped as it comes:
/// the term's list comes out the same.
pub(super) fn below_bar(hit: &TermHit, at_bar: &TermHit, lengths: &[f64], avg: f64) -> bool {
    let bar = unweighted_score(at_bar, lengths, avg) * (1.0 - CULL_MARGIN);
    unweighted_score(hit, lengths, avg) < bar
}

/// One hit's `(document, score, best section)`.
fn bm25(hit: &TermHit, idf: f64, lengths: &[f64], g: &Globals) -> (u32, f64, u32) {
    let norm = K1 * (1.0 - B + B * lengths[hit.doc as usize] / g.avg);
    let score = idf * hit.weighted * (K1 + 1.0) / (hit.weighted + norm);
    (hit.doc, score, hit.section)
}

/// A total order (documents differ), best first, so picking the best and
/// sorting only them gives exactly a full sort cut short.
fn order(a: &(u32, f64, u32), b: &(u32, f64, u32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// How many documents `term`'s list keeps at most.
pub(super) fn keep_of(term: &str) -> usize {
    if term.contains(' ') {
        MAX_PAIR_POSTINGS
    } else {
        MAX_POSTINGS
    }
}

/// `list` sorted best first and cut to what `term` keeps.
fn best_first(term: &str, mut list: Scores) -> Scores {
    let keep = keep_of(term);
    if list.len() > keep {
        list.select_nth_unstable_by(keep - 1, order);
        list.truncate(keep);
        // Every term's list is held until the index is written.
        list.shrink_to_fit();
    }
    list.sort_unstable_by(order);
    list
}

/// [`score_term`] after the documents `changed` (sorted) changed, from the
/// term's list before (`old`, made from `df_before` hits): exactly what
/// `score_term` gives. The other documents' scores are unchanged when the
/// number of hits is, so only the changed ones are scored, unless the old
/// list was cut and one of its changed documents scores lower or lost the
/// term: then a document that was cut may come back, and every hit is
/// scored.
pub(super) fn rescore_term(
    term: &str,
    hits: &[TermHit],
    old: &Scores,
    df_before: usize,
    changed: &[u32],
    lengths: &[f64],
    g: &Globals,
) -> Scores {
    if hits.len() != df_before {
        return score_term(term, hits, lengths, g);
    }
    let idf = g.idf(hits.len() as f64);
    let cut = old.len() >= keep_of(term);
    let mut list: Scores = old
        .iter()
        .filter(|e| changed.binary_search(&e.0).is_err())
        .copied()
        .collect();
    for &d in changed {
        let before = old.iter().find(|e| e.0 == d);
        let now = hits
            .binary_search_by_key(&d, |h| h.doc)
            .ok()
            .map(|at| bm25(&hits[at], idf, lengths, g));
        match (now, before) {
            (Some(now), Some(before)) if cut && now.1 < before.1 => {
                return score_term(term, hits, lengths, g);
            }
            (None, Some(_)) if cut => return score_term(term, hits, lengths, g),
            (Some(now), _) => list.push(now),
            (None, _) => {}
        }
    }
    best_first(term, list)
}

/// Scores as stored postings.
pub(super) fn postings(list: &Scores, g: &Globals) -> Vec<Posting> {
    let best = g.best_possible();
    list.iter()
        .map(|&(doc, score, section)| Posting {
            doc,
            impact: quantize(score, best),
            section,
        })
        .collect()
}

/// How clearly a pair is a word: its occurrences times the log of how much
/// more often its syllables meet than by chance (`a` and `b`: how often
/// each syllable occurs, `total`: all single words; all three [`coarse`]).
pub(super) fn collocation_strength(together: f64, a: f64, b: f64, total: f64) -> f64 {
    together * (together * total / (a * b).max(1.0)).ln()
}

/// The pairs of one first syllable that fit its byte budget, strongest
/// first: from `(pair, strength, postings)`, those kept with their
/// strength.
pub(super) fn prune(mut pairs: Vec<(&str, f64, usize)>) -> Vec<(&str, f64)> {
    pairs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let mut bytes = 0;
    let mut kept = Vec::new();
    for (term, strength, postings) in pairs {
        bytes += term.len() + 6 + 4 * postings;
        if bytes <= PAIR_BYTES_PER_SYLLABLE {
            kept.push((term, strength));
        }
    }
    kept
}

/// Scores span this ratio from the best (1,023) to the weakest stored (1).
pub const IMPACT_RANGE: f64 = 1e5;
/// The largest stored impact.
pub const MAX_IMPACT: u32 = 1023;

/// A score as an impact from 1 to [`MAX_IMPACT`] on a log scale: each step
/// is about 1.1% more. The client inverts it with
/// `(exp(q · ln(1 + RANGE) / 1023) − 1) / RANGE`.
pub fn quantize(score: f64, max_score: f64) -> u32 {
    if max_score <= 0.0 {
        return 1;
    }
    let r = (score / max_score).clamp(0.0, 1.0);
    let q = f64::from(MAX_IMPACT) * (1.0 + r * IMPACT_RANGE).ln() / (1.0 + IMPACT_RANGE).ln();
    (q.round() as u32).clamp(1, MAX_IMPACT)
}

/// Scores every term of every document (the index before it is split
/// into files).
pub fn score(docs: &[SearchDoc], synonyms: &Synonyms) -> Scored {
    let collected = docs
        .par_iter()
        .map(|d| std::sync::Arc::new(collect(d, synonyms)))
        .collect();
    let keys = vec![0; docs.len()];
    super::state::IndexState::new(collected, keys, docs, synonyms).scored()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rescoring_changed_documents_equals_scoring_all() {
        // Lists cut short (a pair keeps MAX_PAIR_POSTINGS of 300 hits, a
        // word keeps all of 300), documents that score higher, lower, gain
        // or lose the term: each rescore equals a full score.
        let mut seed = 11u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let docs = 400u32;
        let mut lengths: Vec<f64> = (0..docs).map(|_| 50.0 + next(200) as f64).collect();
        let mut hits: Vec<TermHit> = (0..docs)
            .filter(|d| d % 4 != 0)
            .map(|d| TermHit {
                doc: d,
                section: 0,
                weighted: 1.0 + next(9) as f64,
            })
            .collect();
        let g = Globals::new(&lengths, 40_000.0);
        let mut fast = 0;
        for term in ["hai từ", "một"] {
            let mut list = score_term(term, &hits, &lengths, &g);
            for step in 0..300 {
                let df_before = hits.len();
                let mut changed: Vec<u32> =
                    (0..1 + next(3)).map(|_| next(docs as u64) as u32).collect();
                changed.sort_unstable();
                changed.dedup();
                for &d in &changed {
                    lengths[d as usize] = 50.0 + next(200) as f64;
                    let at = hits.binary_search_by_key(&d, |h| h.doc);
                    match (next(10), at) {
                        (0, Ok(at)) if step % 2 == 0 => {
                            hits.remove(at);
                        }
                        (1, Err(at)) => hits.insert(
                            at,
                            TermHit {
                                doc: d,
                                section: 1,
                                weighted: 2.0,
                            },
                        ),
                        (_, Ok(at)) => hits[at].weighted = 1.0 + next(9) as f64,
                        (_, Err(_)) => {}
                    }
                }
                if step % 3 == 0 {
                    // One listed document loses the term and another gains
                    // it: the number of hits stays.
                    let lost = list[next(list.len() as u64) as usize].0;
                    let gained = (0..docs)
                        .find(|d| d % 4 == 0 && hits.binary_search_by_key(d, |h| h.doc).is_err());
                    if let (Ok(at), Some(gained)) =
                        (hits.binary_search_by_key(&lost, |h| h.doc), gained)
                    {
                        hits.remove(at);
                        let at = hits.binary_search_by_key(&gained, |h| h.doc).unwrap_err();
                        hits.insert(
                            at,
                            TermHit {
                                doc: gained,
                                section: 0,
                                weighted: 1.0,
                            },
                        );
                        changed.extend([lost, gained]);
                        changed.sort_unstable();
                        changed.dedup();
                    }
                }
                let want = score_term(term, &hits, &lengths, &g);
                let got = rescore_term(term, &hits, &list, df_before, &changed, &lengths, &g);
                assert_eq!(got, want, "{term}, step {step}");
                if hits.len() == df_before {
                    fast += 1;
                }
                list = got;
            }
        }
        assert!(fast > 300, "{fast} rescores could skip scoring every hit");
    }

    fn doc(url: &str, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            description: String::new(),
            tags: vec![],
            sections: vec![(String::new(), String::new(), body.into())],
        }
    }

    fn postings(scored: &Scored, term: &str) -> Vec<u32> {
        scored
            .terms
            .get(term)
            .map(|list| {
                list.iter()
                    .flat_map(|p| [p.doc, p.impact, p.section])
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn titles_outrank_bodies_and_pairs_are_indexed() {
        let docs = [
            doc("/a/", "Thanh toán học phí", "Nội dung khác."),
            doc("/b/", "Bài khác", "Có nói về thanh toán một lần."),
        ];
        let files = score(&docs, &Synonyms::new(&[]));
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
        let files = score(&[d], &Synonyms::new(&[]));
        assert_eq!(postings(&files, "chip")[2], 1);
        assert_eq!(postings(&files, "the")[2], 1);
    }

    #[test]
    fn impacts_keep_small_differences_apart() {
        assert_eq!(quantize(10.0, 10.0), MAX_IMPACT);
        assert_eq!(quantize(0.0, 10.0), 1);
        // 2% apart at a thousandth of the best score: still different.
        assert!(quantize(0.0102, 10.0) > quantize(0.01, 10.0));
        let back = |q: u32| {
            ((f64::from(q) * (1.0 + IMPACT_RANGE).ln() / 1023.0).exp() - 1.0) / IMPACT_RANGE
        };
        let q = quantize(3.0, 10.0);
        assert!((back(q) - 0.3).abs() < 0.3 * 0.01, "{}", back(q));
    }

    #[test]
    fn synonyms_are_indexed_both_ways() {
        let docs = [
            doc("/a/", "Đổi CCCD", "Mang giấy tờ."),
            doc("/b/", "Căn cước công dân", "Thẻ mới."),
        ];
        let scored = score(&docs, &Synonyms::new(&[]));
        let docs_of = |t: &str| -> Vec<u32> { scored.terms[t].iter().map(|p| p.doc).collect() };
        assert_eq!(docs_of("cccd"), vec![0, 1]);
        assert_eq!(docs_of("cuoc"), vec![0, 1]);
        assert_eq!(docs_of("can cuoc"), vec![0, 1]);
    }

    #[test]
    fn beyond_the_budget_chance_pairs_go_and_real_words_stay() {
        // "ky" is followed by 300 different syllables, each by chance, and
        // by "tên" as a word ("ký tên") in every document.
        let docs: Vec<SearchDoc> = (0..300)
            .map(|i| {
                doc(
                    &format!("/{i}/"),
                    "Bài",
                    &format!("ký tên. ký x{i} y. ký x{} z. ký tên.", (i + 1) % 300),
                )
            })
            .collect();
        let scored = score(&docs, &Synonyms::new(&[]));
        assert!(scored.terms.contains_key("ky ten"));
        let kept = scored
            .terms
            .keys()
            .filter(|t| t.starts_with("ky x"))
            .count();
        assert!(kept > 0 && kept < 300, "{kept} chance pairs kept");
        // Small sites keep everything.
        let small = score(&docs[..3], &Synonyms::new(&[]));
        assert!(small.terms.contains_key("ky x1"));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let docs = [
            doc("/a/", "Đăng ký", "định danh điện tử"),
            doc("/b/", "Kích hoạt", "mật khẩu"),
        ];
        let a = crate::search::build_index(&docs, &Synonyms::new(&[]));
        let b = crate::search::build_index(&docs, &Synonyms::new(&[]));
        assert_eq!((a.files, a.manifest), (b.files, b.manifest));
    }
}

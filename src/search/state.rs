//! The index as a state that can be updated in place: a clean build makes
//! it once; the dev server keeps it and, when a lesson changes, scores
//! again only the terms that lesson had or has and remakes only their
//! blocks ([`super::parts::Block`]).
//!
//! The result is always exactly what a clean build of the same documents
//! gives: scores depend on site-wide figures only through
//! [`super::index::coarse`] values, and whenever one of those moves, the
//! update does the whole of the work it affects. `update` is tested
//! against a fresh state after random edits.

use super::codec::Posting;
use super::index::{
    below_bar, coarse, collocation_strength, cull_hits, keep_of, length_of, postings, prune,
    rescore_term, score_culled, score_term, DocTerms, Globals, Scored, Scores, TermHit, GROUPS,
};
use super::parts::{self, first_syllable, Block, PartCache};
use super::{IndexFiles, SearchDoc, Synonyms};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::sync::Arc;

/// Key of one document's searchable text (url, title, sections…).
pub type DocKey = u128;

/// One term across the site.
#[derive(Debug, Default)]
struct TermData {
    /// Occurrences in the whole site.
    count: f64,
    /// Per document, in document order.
    hits: Vec<TermHit>,
    /// Scored and cut ([`score_term`]).
    list: Scores,
    /// Hits the [`Gatherer`] gathered, `hits` and those it culled.
    seen: u32,
    /// How many hits `hits` holds when the [`Gatherer`] next culls them
    /// (0: not yet set).
    cull_at: u32,
}

/// The whole index, ready to be written or updated.
pub struct IndexState {
    docs: Vec<Arc<DocTerms>>,
    keys: Vec<DocKey>,
    lengths: Vec<f64>,
    /// Occurrences of single words, exact (whole numbers, so any order of
    /// adding gives the same sum).
    singles: f64,
    globals: Globals,
    terms: BTreeMap<Box<str>, TermData>,
    blocks: BTreeMap<Vec<u16>, Block>,
    parts: PartCache,
}

/// Gathers the terms of documents, in document order, into site-wide
/// term lists: one map per group of terms ([`GROUPS`]), filled in
/// parallel.
struct Gatherer {
    groups: Vec<FxHashMap<Box<str>, TermData>>,
    /// Each document's length, in order.
    lengths: Vec<f64>,
    /// Every document's length and the site's average length, when they
    /// are known before gathering: hits that cannot make a term's list
    /// are then dropped as they come ([`cull_hits`]).
    cull: Option<(Vec<f64>, f64)>,
    /// Hits dropped as they came, below a term's last cull.
    dropped: usize,
}

impl Gatherer {
    fn new() -> Gatherer {
        Gatherer {
            groups: (0..GROUPS).map(|_| FxHashMap::default()).collect(),
            lengths: Vec::new(),
            cull: None,
            dropped: 0,
        }
    }

    /// A gatherer that culls hits, for documents of these lengths.
    fn culling(lengths: Vec<f64>) -> Gatherer {
        let avg = Globals::new(&lengths, 0.0).avg;
        Gatherer {
            cull: Some((lengths, avg)),
            ..Gatherer::new()
        }
    }

    /// Adds the next documents' terms.
    fn add<D: std::borrow::Borrow<DocTerms> + Sync>(&mut self, collected: &[D]) {
        let first = self.lengths.len();
        let cull = &self.cull;
        self.dropped += self
            .groups
            .par_iter_mut()
            .enumerate()
            .map(|(s, terms)| {
                let mut dropped = 0;
                for (d, doc) in collected.iter().enumerate() {
                    for (term, count, hit) in doc.borrow().group(s) {
                        let data = match terms.get_mut(term) {
                            Some(data) => data,
                            None => terms.entry(term.into()).or_default(),
                        };
                        data.count += count;
                        data.seen += 1;
                        let Some((lengths, avg)) = cull else {
                            data.hits.push(TermHit {
                                doc: (first + d) as u32,
                                ..hit
                            });
                            continue;
                        };
                        let keep = keep_of(term);
                        if data.cull_at == 0 {
                            data.cull_at = (keep + keep / 4) as u32;
                        }
                        let hit = TermHit {
                            doc: (first + d) as u32,
                            ..hit
                        };
                        // Once a cull dropped hits, the first is at its bar.
                        let culled = data.seen as usize > data.hits.len() + 1;
                        if culled && below_bar(&hit, &data.hits[0], lengths, *avg) {
                            dropped += 1;
                            continue;
                        }
                        let (len, at) = (data.hits.len(), data.cull_at as usize);
                        if len == data.hits.capacity() {
                            // Grow as a Vec does, but not past the next cull.
                            data.hits.reserve_exact(len.max(4).min(at - len));
                        }
                        data.hits.push(hit);
                        if data.hits.len() >= at {
                            cull_hits(term, &mut data.hits, lengths, *avg);
                            data.cull_at = at.max(data.hits.len() + keep / 4) as u32;
                        }
                    }
                }
                dropped
            })
            .sum::<usize>();
        self.lengths
            .extend(collected.iter().map(|d| d.borrow().length()));
    }
}

/// What [`IndexState::make_block`] found for one syllable.
enum Remade {
    /// The block as it was.
    Same,
    /// A new block.
    New(Box<Block>),
    /// No term is left.
    Gone,
}

fn is_single(term: &str) -> bool {
    !term.contains(' ')
}

impl IndexState {
    /// Scores `collected` (the terms of `docs`, in order; `keys` tells
    /// documents apart on [`IndexState::update`]) and makes every block.
    pub fn new(
        collected: Vec<Arc<DocTerms>>,
        keys: Vec<DocKey>,
        docs: &[SearchDoc],
        synonyms: &Synonyms,
    ) -> IndexState {
        let mut gatherer = Gatherer::new();
        gatherer.add(&collected);
        let mut state = IndexState::from_gathered(gatherer, true);
        state.docs = collected;
        state.keys = keys;
        state.make_all_blocks(docs, synonyms);
        state
    }

    /// The index of `docs` for a build that writes it once and keeps
    /// nothing: every document's length is measured first, then documents
    /// are collected a batch at a time, hits that cannot make a term's
    /// list are culled as they come ([`cull_hits`]), and each term's
    /// remaining hits go once it is scored. Its files are exactly
    /// [`IndexState::new`]'s (tested); an [`IndexState::update`] of it
    /// starts again.
    pub fn once(docs: &[SearchDoc], synonyms: &Synonyms) -> IndexState {
        /// Documents collected (in parallel) before they are gathered.
        const BATCH: usize = 512;
        let lengths: Vec<f64> = docs.par_iter().map(length_of).collect();
        let mut gatherer = Gatherer::culling(lengths);
        for batch in docs.chunks(BATCH) {
            let collected: Vec<DocTerms> = batch
                .par_iter()
                .map_init(
                    || super::collect::Collector::new(synonyms),
                    |collector, d| collector.collect(d),
                )
                .collect();
            gatherer.add(&collected);
        }
        let mut state = IndexState::from_gathered(gatherer, false);
        state.make_all_blocks(docs, synonyms);
        state
    }

    /// Scores what `gatherer` gathered. Without `keep_hits`, each term's
    /// hits are dropped once it is scored: the state can then only start
    /// again on update.
    fn from_gathered(gatherer: Gatherer, keep_hits: bool) -> IndexState {
        let Gatherer {
            groups,
            lengths,
            cull,
            ..
        } = gatherer;
        if let Some((measured, _)) = &cull {
            // Culling relied on these lengths; collecting gave `lengths`
            // (tested: `length_of_is_collects_length`).
            debug_assert!(
                measured
                    .iter()
                    .map(|l| l.to_bits())
                    .eq(lengths.iter().map(|l| l.to_bits())),
                "length_of disagrees with collect"
            );
        }
        let gathered: Vec<Vec<(Box<str>, TermData)>> = groups
            .into_par_iter()
            .map(|g| g.into_iter().collect())
            .collect();
        let mut all: Vec<(Box<str>, TermData)> = gathered.into_iter().flatten().collect();
        all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let singles = all
            .iter()
            .filter(|(t, _)| is_single(t))
            .map(|(_, d)| d.count)
            .sum();
        let mut state = IndexState {
            globals: Globals::new(&lengths, singles),
            docs: Vec::new(),
            keys: Vec::new(),
            lengths,
            singles,
            terms: all.into_iter().collect(),
            blocks: BTreeMap::new(),
            parts: PartCache::default(),
        };
        state.score_all(keep_hits);
        state
    }

    /// Makes the block of every first syllable.
    fn make_all_blocks(&mut self, docs: &[SearchDoc], synonyms: &Synonyms) {
        let syllables: BTreeSet<&str> = self.terms.keys().map(|t| first_syllable(t)).collect();
        let syllables: Vec<String> = syllables.into_iter().map(String::from).collect();
        self.remake_blocks(&syllables, docs, synonyms, &FxHashSet::default());
    }

    /// Brings the index up to date with `collected` (same meaning as in
    /// [`IndexState::new`]). Documents whose key is unchanged are not
    /// looked at; when documents were added or removed, or many changed,
    /// everything is made again.
    pub fn update(
        &mut self,
        collected: Vec<Arc<DocTerms>>,
        keys: Vec<DocKey>,
        docs: &[SearchDoc],
        synonyms: &Synonyms,
    ) {
        let changed: Vec<usize> = (0..keys.len())
            .filter(|&d| self.keys.get(d) != Some(&keys[d]))
            .collect();
        if keys.len() != self.keys.len() || changed.len() * 10 > keys.len().max(10) {
            return self.start_again(collected, keys, docs, synonyms);
        }
        if changed.is_empty() {
            return;
        }
        // Each touched term with its site-wide count and number of hits
        // before the change.
        let mut touched: BTreeMap<Box<str>, (f64, usize)> = BTreeMap::new();
        for &d in &changed {
            let old = Arc::clone(&self.docs[d]);
            // A hit the document keeps is replaced in place below, which
            // spares moving the rest of a long list twice.
            let kept: FxHashSet<&str> = collected[d].all().map(|(t, _, _)| t).collect();
            for (term, count, _) in old.all() {
                let Some(data) = self.terms.get_mut(term) else {
                    // Cannot happen (the state holds every term of its
                    // documents); if it ever does, start again rather
                    // than publish a wrong index.
                    return self.start_again(collected, keys, docs, synonyms);
                };
                touched
                    .entry(term.into())
                    .or_insert((data.count, data.hits.len()));
                data.count -= count;
                if !kept.contains(term) {
                    if let Ok(at) = data.hits.binary_search_by_key(&(d as u32), |h| h.doc) {
                        data.hits.remove(at);
                    }
                }
                if is_single(term) {
                    self.singles -= count;
                }
            }
            for (term, count, hit) in collected[d].all() {
                let data = self.terms.entry(term.into()).or_default();
                touched
                    .entry(term.into())
                    .or_insert((data.count, data.hits.len()));
                data.count += count;
                let hit = TermHit {
                    doc: d as u32,
                    ..hit
                };
                match data.hits.binary_search_by_key(&(d as u32), |h| h.doc) {
                    Ok(at) => data.hits[at] = hit,
                    Err(at) => data.hits.insert(at, hit),
                }
                if is_single(term) {
                    self.singles += count;
                }
            }
            self.docs[d] = Arc::clone(&collected[d]);
            self.keys[d] = keys[d];
            self.lengths[d] = collected[d].length();
        }
        for term in touched.keys() {
            if self.terms.get(term).is_some_and(|t| t.hits.is_empty()) {
                self.terms.remove(term);
            }
        }
        let globals = Globals::new(&self.lengths, self.singles);
        // The blocks of touched terms (some may have no term left).
        let mut syllables: BTreeSet<&str> = touched.keys().map(|t| first_syllable(t)).collect();
        if globals != self.globals {
            // Every score or every pair's strength moves.
            self.globals = globals;
            self.rescore_all();
            syllables.extend(self.terms.keys().map(|t| first_syllable(t)));
        } else {
            let docs_changed: Vec<u32> = changed.iter().map(|&d| d as u32).collect();
            let touched_terms: Vec<(&Box<str>, usize)> =
                touched.iter().map(|(t, &(_, df))| (t, df)).collect();
            let lists: Vec<(&Box<str>, Scores)> = touched_terms
                .par_iter()
                .filter_map(|&(term, df_before)| {
                    let data = self.terms.get(term)?;
                    let list = rescore_term(
                        term,
                        &data.hits,
                        &data.list,
                        df_before,
                        &docs_changed,
                        &self.lengths,
                        &self.globals,
                    );
                    Some((term, list))
                })
                .collect();
            for (term, list) in lists {
                if let Some(data) = self.terms.get_mut(term) {
                    data.list = list;
                }
            }
            // A syllable whose coarse count moved changes the strength of
            // every pair it is in, first or second.
            let moved: FxHashSet<&str> = touched
                .iter()
                .filter(|(t, (before, _))| {
                    is_single(t)
                        && coarse(*before) != coarse(self.terms.get(*t).map_or(0.0, |d| d.count))
                })
                .map(|(t, _)| &**t)
                .collect();
            if !moved.is_empty() {
                for term in self.terms.keys() {
                    if let Some((first, second)) = term.split_once(' ') {
                        if moved.contains(second) {
                            syllables.insert(first);
                        }
                    }
                }
            }
        }
        let syllables: Vec<String> = syllables.into_iter().map(String::from).collect();
        let changed: FxHashSet<u32> = changed.iter().map(|&d| d as u32).collect();
        self.remake_blocks(&syllables, docs, synonyms, &changed);
    }

    /// Makes everything again (keeping the parts already made).
    fn start_again(
        &mut self,
        collected: Vec<Arc<DocTerms>>,
        keys: Vec<DocKey>,
        docs: &[SearchDoc],
        synonyms: &Synonyms,
    ) {
        let parts = std::mem::take(&mut self.parts);
        *self = IndexState::new(collected, keys, docs, synonyms);
        self.parts = parts;
    }

    /// Scores every term again.
    fn rescore_all(&mut self) {
        self.score_all(true);
    }

    /// Scores every term; without `keep_hits`, drops each term's hits
    /// once it is scored.
    fn score_all(&mut self, keep_hits: bool) {
        let (lengths, globals) = (&self.lengths, &self.globals);
        let mut all: Vec<(&Box<str>, &mut TermData)> = self.terms.iter_mut().collect();
        all.par_iter_mut().for_each(|(term, data)| {
            data.list = if keep_hits {
                score_term(term, &data.hits, lengths, globals)
            } else {
                // A one-off build's gatherer culled hits: `seen` counts them all.
                score_culled(term, &data.hits, data.seen as usize, lengths, globals)
            };
            if !keep_hits {
                data.hits = Vec::new();
            }
        });
    }

    /// The terms whose first syllable is `syllable`, by term.
    fn block_terms<'s>(&'s self, syllable: &str) -> impl Iterator<Item = (&'s str, &'s TermData)> {
        let end = format!("{syllable}!");
        self.terms
            .range::<str, _>((Bound::Included(syllable), Bound::Excluded(end.as_str())))
            .map(|(t, d)| (&**t, d))
            .filter(move |(t, _)| first_syllable(t) == syllable)
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// Makes the blocks of `syllables` again (dropping those left with no
    /// term). A block whose terms, postings and pair strengths come out the
    /// same, and whose excerpts show none of the `changed` documents, is
    /// kept as it is: it would be made the same.
    fn remake_blocks(
        &mut self,
        syllables: &[String],
        docs: &[SearchDoc],
        synonyms: &Synonyms,
        changed: &FxHashSet<u32>,
    ) {
        let made: Vec<(Vec<u16>, Remade)> = syllables
            .par_iter()
            .map(|syllable| {
                let key = Block::order_key(syllable);
                let remade = self.make_block(syllable, &key, docs, synonyms, changed);
                (key, remade)
            })
            .collect();
        for (key, remade) in made {
            match remade {
                Remade::Same => {}
                Remade::New(block) => {
                    self.blocks.insert(key, *block);
                }
                Remade::Gone => {
                    self.blocks.remove(&key);
                }
            }
        }
    }

    /// The block of one first syllable: its single word and the pairs that
    /// fit the budget, strongest first ([`prune`]).
    fn make_block(
        &self,
        syllable: &str,
        key: &[u16],
        docs: &[SearchDoc],
        synonyms: &Synonyms,
        changed: &FxHashSet<u32>,
    ) -> Remade {
        let count = |t: &str| coarse(self.terms.get(t).map_or(1.0, |d| d.count));
        let terms: Vec<(&str, &TermData)> = self.block_terms(syllable).collect();
        if terms.is_empty() {
            return Remade::Gone;
        }
        let pairs: Vec<(&str, f64, usize)> = terms
            .iter()
            .filter_map(|(t, data)| {
                let (a, b) = t.split_once(' ')?;
                let strength =
                    collocation_strength(data.count, count(a), count(b), self.globals.total);
                Some((*t, strength, data.list.len()))
            })
            .collect();
        let strength: BTreeMap<String, f64> = prune(pairs)
            .into_iter()
            .map(|(t, s)| (t.to_string(), s))
            .collect();
        let kept: Vec<(String, Vec<Posting>)> = terms
            .iter()
            .filter(|(t, _)| is_single(t) || strength.contains_key(*t))
            .map(|(t, data)| (t.to_string(), postings(&data.list, &self.globals)))
            .collect();
        if let Some(old) = self.blocks.get(key) {
            if old.terms == kept
                && old.strength == strength
                && !old.excerpt_docs().any(|d| changed.contains(&d))
            {
                return Remade::Same;
            }
        }
        Remade::New(Box::new(parts::make_block(
            syllable, kept, strength, docs, synonyms,
        )))
    }

    /// The index files.
    pub fn files(&mut self, docs: &[SearchDoc]) -> IndexFiles {
        let blocks: Vec<&Block> = self.blocks.values().collect();
        parts::assemble(&blocks, docs, &self.keys, &mut self.parts)
    }

    /// Every kept term with its postings, and the strength of each kept
    /// pair.
    pub fn scored(&self) -> Scored {
        let mut scored = Scored::default();
        for block in self.blocks.values() {
            scored.terms.extend(block.terms.iter().cloned());
            scored
                .strength
                .extend(block.strength.iter().map(|(t, s)| (t.clone(), *s)));
        }
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::collect;

    /// A small site whose words repeat across pages, so that edits move
    /// shared terms, pairs and windows.
    fn page(i: usize, version: usize) -> SearchDoc {
        const WORDS: [&str; 14] = [
            "đăng", "ký", "tài", "khoản", "định", "danh", "mức", "hai", "thanh", "toán", "học",
            "phí", "mật", "khẩu",
        ];
        let text: Vec<&str> = (0..40 + (i * 7 + version * 3) % 30)
            .map(|k| WORDS[(i * 5 + k * k + version * (k + 1)) % WORDS.len()])
            .collect();
        let title = format!("Bài {i} {}", WORDS[(i + version) % WORDS.len()]);
        let half = text.len() / 2;
        SearchDoc {
            url: format!("bai-{i}/"),
            description: format!("Mô tả của {title} CCCD"),
            title,
            tags: vec![
                WORDS[(i * 3 + version) % WORDS.len()].to_string(),
                "VNeID".into(),
            ],
            sections: vec![
                (String::new(), String::new(), text[..half].join(" ").into()),
                (
                    "buoc-2".into(),
                    format!("Bước {version}"),
                    text[half..].join(" ").into(),
                ),
            ],
        }
    }

    fn state_of(docs: &[SearchDoc], synonyms: &Synonyms) -> (Vec<Arc<DocTerms>>, Vec<DocKey>) {
        let collected = docs
            .iter()
            .map(|d| Arc::new(collect(d, synonyms)))
            .collect();
        let keys = docs
            .iter()
            .map(|d| {
                let mut h = crate::cache::KeyHasher::new();
                h.serialized(&(&d.url, &d.title, &d.description, &d.tags, &d.sections))
                    .unwrap();
                h.finish()
            })
            .collect();
        (collected, keys)
    }

    /// Edits `pages` pages `steps` times, comparing each update with a
    /// fresh index; returns how many updates kept the site-wide figures
    /// (the partial path).
    fn edit_and_compare(pages: usize, steps: usize) -> usize {
        let synonyms = Synonyms::new(&[]);
        let mut docs: Vec<SearchDoc> = (0..pages).map(|i| page(i, 0)).collect();
        let (collected, keys) = state_of(&docs, &synonyms);
        let mut state = IndexState::new(collected, keys, &docs, &synonyms);
        let mut seed = 7u64;
        let mut partial = 0;
        for step in 1..=steps {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let i = (seed >> 33) as usize % docs.len();
            docs[i] = page(i, step);
            if step % 13 == 0 {
                // A new URL, same text: the windows must follow.
                docs[i].url = format!("moi-{step}/");
            }
            let (collected, keys) = state_of(&docs, &synonyms);
            let before = state.globals;
            state.update(collected.clone(), keys.clone(), &docs, &synonyms);
            if state.globals == before {
                partial += 1;
            }
            let mut fresh = IndexState::new(collected, keys, &docs, &synonyms);
            let (a, b) = (state.files(&docs), fresh.files(&docs));
            assert_eq!(a.manifest, b.manifest, "step {step}");
            assert_eq!(a.files, b.files, "step {step}");
        }
        partial
    }

    #[test]
    fn a_one_off_index_culls_hits_and_comes_out_the_same() {
        // Enough pages that common words and pairs have more hits than
        // their lists keep, so the one-off build culls them.
        let synonyms = Synonyms::new(&[]);
        let docs: Vec<SearchDoc> = (0..1_600).map(|i| page(i, i % 3)).collect();
        let (collected, keys) = state_of(&docs, &synonyms);
        let mut culling = Gatherer::culling(docs.iter().map(length_of).collect());
        culling.add(&collected);
        let culled = culling.groups.iter().flatten();
        let culled = culled.filter(|(_, d)| d.hits.len() < d.seen as usize);
        let pairs = culled.filter(|(t, _)| !is_single(t)).count();
        assert!(pairs > 10, "{pairs} pairs were culled");
        assert!(
            culling.dropped > 1000,
            "{} dropped as they came",
            culling.dropped
        );
        let mut once = IndexState::once(&docs, &synonyms);
        let mut whole = IndexState::new(collected, keys, &docs, &synonyms);
        let (a, b) = (once.files(&docs), whole.files(&docs));
        assert_eq!(a.manifest, b.manifest);
        assert_eq!(a.files, b.files);
    }

    #[test]
    fn length_of_is_collects_length() {
        let synonyms = Synonyms::new(&[]);
        let mut docs: Vec<SearchDoc> = (0..50).map(|i| page(i, i)).collect();
        // Decomposed text (NFD), stray marks, empty fields.
        docs[0].title = "Đa\u{0300}ng ky\u{0301} \u{0301}VNeID".into();
        docs[1].description.clear();
        docs[2].tags.clear();
        for d in &docs {
            let collected = collect(d, &synonyms).length();
            assert_eq!(length_of(d).to_bits(), collected.to_bits(), "{}", d.title);
        }
    }

    #[test]
    fn updating_gives_exactly_a_fresh_index() {
        // Most edits take the partial path, which is what this tests.
        assert!(edit_and_compare(15, 60) > 20);
        assert!(edit_and_compare(80, 40) > 30);
    }
}

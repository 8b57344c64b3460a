//! Collecting one document's search terms: every folded word and pair of
//! adjacent words, with how often it occurs, its weighted frequency and
//! its best section ([`collect`] gives a [`DocTerms`]).
//!
//! Every word of every lesson passes through here (about 12 million at
//! 10,000 lessons), so nothing is allocated per word: a field's words are
//! folded into one buffer, and each distinct term's text is stored once,
//! in one string. A word is found again through a hash table of its text;
//! a pair, through the numbers of its two words, so a pair's text is only
//! written the first time it occurs.

use super::index::SearchDoc;
use super::index::{each_field, pair_hash, shard_of_hash, word_hash, DocTerms, Entry, SHARDS};
use super::normalize::fold_words_into;
use super::Synonyms;
use hashbrown::HashTable;

/// One distinct term of the document being collected.
#[derive(Debug, Clone, Copy)]
struct Term {
    /// Where its text is in [`Collector::text`].
    at: u32,
    len: u32,
    /// Its hash: of a word's text, or made from its two words' hashes
    /// (`term_hash` in the index module). A word is found by it; a pair,
    /// by its words.
    hash: u64,
    /// A word some synonym phrase starts with.
    starts_phrase: bool,
    count: u32,
    weighted: f64,
    best_section: usize,
    best_weight: f64,
}

/// Collects the terms of documents, one at a time ([`Collector::collect`]).
/// Collecting many with one collector spares growing its tables again
/// for each document: most of a document's pairs of words occur once, so
/// its tables fill up to about as many entries as it has words.
pub struct Collector<'s> {
    synonyms: &'s Synonyms,
    /// The document's length: its words, weighted by field.
    length: f64,
    /// Every distinct term's text, one after another.
    text: String,
    /// Every distinct term, words and pairs, in the order they first occur.
    terms: Vec<Term>,
    /// Numbers of the words in [`Collector::terms`], by their text's hash.
    words: HashTable<u32>,
    /// Numbers of the pairs in [`Collector::terms`], by the numbers of
    /// their two words ([`pair_key`]).
    pairs: hashbrown::HashMap<u64, u32, rustc_hash::FxBuildHasher>,
    /// The current field's folded words, and each one's byte range.
    folded: String,
    spans: Vec<(u32, u32)>,
    /// The numbers of the words being added.
    numbers: Vec<u32>,
}

/// The key of the pair of words numbered `first` and `second`. Words never
/// hold a space, so two words give one pair's text, and that text no other
/// two words.
fn pair_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

impl<'s> Collector<'s> {
    /// A collector that adds the equivalents of `synonyms`' phrases.
    pub fn new(synonyms: &'s Synonyms) -> Collector<'s> {
        Collector {
            synonyms,
            length: 0.0,
            text: String::new(),
            terms: Vec::new(),
            words: HashTable::new(),
            pairs: Default::default(),
            folded: String::new(),
            spans: Vec::new(),
            numbers: Vec::new(),
        }
    }

    /// Collects the terms of `doc` (see [`DocTerms`]).
    pub fn collect(&mut self, doc: &SearchDoc) -> DocTerms {
        self.length = 0.0;
        self.text.clear();
        self.terms.clear();
        self.words.clear();
        self.pairs.clear();
        each_field(doc, |text, weight, section| self.add(text, weight, section));
        self.finish()
    }

    /// A new term, whose text was just written at the end of
    /// [`Collector::text`], from `at` on.
    fn push_term(&mut self, at: usize, hash: u64, starts_phrase: bool) -> usize {
        self.terms.push(Term {
            at: at as u32,
            len: (self.text.len() - at) as u32,
            hash,
            starts_phrase,
            count: 0,
            weighted: 0.0,
            best_section: 0,
            best_weight: 0.0,
        });
        self.terms.len() - 1
    }

    /// Counts one occurrence of term number `i` in `section`, with the
    /// weight of its field.
    fn count(&mut self, i: usize, weight: f64, section: usize) {
        let t = &mut self.terms[i];
        t.count += 1;
        t.weighted += weight;
        if weight > t.best_weight || (weight == t.best_weight && section < t.best_section) {
            t.best_weight = weight;
            t.best_section = section;
        }
    }

    /// Counts one occurrence of `word`; returns its number.
    fn record_word(&mut self, word: &str, weight: f64, section: usize) -> u32 {
        let hash = word_hash(word);
        let (text, terms) = (&self.text, &self.terms);
        let found = self.words.find(hash, |&i| {
            let t = &terms[i as usize];
            &text[t.at as usize..(t.at + t.len) as usize] == word
        });
        let i = match found {
            Some(&i) => i as usize,
            None => {
                let at = self.text.len();
                self.text.push_str(word);
                let starts_phrase = self.synonyms.starts_a_phrase(word);
                let i = self.push_term(at, hash, starts_phrase);
                let terms = &self.terms;
                self.words
                    .insert_unique(hash, i as u32, |&j| terms[j as usize].hash);
                i
            }
        };
        self.count(i, weight, section);
        i as u32
    }

    /// Counts one occurrence of the pair of words numbered `first` and
    /// `second` (`"dang ky"`).
    fn record_pair(&mut self, first: u32, second: u32, weight: f64, section: usize) {
        let i = match self.pairs.get(&pair_key(first, second)) {
            Some(&i) => i as usize,
            None => {
                let at = self.text.len();
                let text_of = |t: Term| t.at as usize..(t.at + t.len) as usize;
                let (a, b) = (self.terms[first as usize], self.terms[second as usize]);
                self.text.extend_from_within(text_of(a));
                self.text.push(' ');
                self.text.extend_from_within(text_of(b));
                let i = self.push_term(at, pair_hash(a.hash, b.hash), false);
                self.pairs.insert(pair_key(first, second), i as u32);
                i
            }
        };
        self.count(i, weight, section);
    }

    /// Counts each word of `words` (their numbers are left in
    /// [`Collector::numbers`]), then each pair of adjacent words.
    fn add_words<'w>(&mut self, words: impl Iterator<Item = &'w str>, weight: f64, section: usize) {
        let mut numbers = std::mem::take(&mut self.numbers);
        numbers.clear();
        for w in words {
            numbers.push(self.record_word(w, weight, section));
        }
        for two in numbers.windows(2) {
            self.record_pair(two[0], two[1], weight, section);
        }
        self.numbers = numbers;
    }

    /// Counts the words of one field.
    fn add(&mut self, text: &str, weight: f64, section: usize) {
        let mut folded = std::mem::take(&mut self.folded);
        let mut spans = std::mem::take(&mut self.spans);
        folded.clear();
        spans.clear();
        fold_words_into(text, &mut folded, &mut spans);
        let word = |&(a, b): &(u32, u32)| &folded[a as usize..b as usize];
        self.length += spans.len() as f64 * weight;
        self.add_words(spans.iter().map(word), weight, section);
        // Synonyms count as if written, without making the page longer.
        // Only a field with a word that starts a phrase can have any.
        if self
            .numbers
            .iter()
            .any(|&i| self.terms[i as usize].starts_phrase)
        {
            let words: Vec<&str> = spans.iter().map(word).collect();
            let (numbers, terms) = (&self.numbers, &self.terms);
            let starts = |at: usize| terms[numbers[at] as usize].starts_phrase;
            for alternative in self.synonyms.alternatives_where(&words, starts) {
                self.add_words(alternative.iter().map(String::as_str), weight, section);
            }
        }
        self.folded = folded;
        self.spans = spans;
    }

    /// The collected terms, grouped by [`shard`], each group in the order
    /// its terms first occur (placed by counting, not sorted).
    fn finish(&self) -> DocTerms {
        let shards: Vec<u8> = self
            .terms
            .iter()
            .map(|t| shard_of_hash(t.hash) as u8)
            .collect();
        let mut starts = [0u32; SHARDS + 1];
        for &s in &shards {
            starts[s as usize + 1] += 1;
        }
        for s in 0..SHARDS {
            starts[s + 1] += starts[s];
        }
        let mut next = starts;
        let mut order = vec![0u32; self.terms.len()];
        for (i, &s) in shards.iter().enumerate() {
            order[next[s as usize] as usize] = i as u32;
            next[s as usize] += 1;
        }
        let mut text = String::with_capacity(self.text.len());
        let entries = order
            .iter()
            .map(|&i| {
                let t = &self.terms[i as usize];
                let at = text.len() as u32;
                text.push_str(&self.text[t.at as usize..(t.at + t.len) as usize]);
                Entry {
                    at,
                    len: t.len,
                    count: t.count,
                    section: t.best_section as u32,
                    weighted: t.weighted,
                }
            })
            .collect();
        DocTerms {
            length: self.length,
            text: text.into_boxed_str(),
            entries,
            starts,
        }
    }
}

/// Collects the terms of one document (see [`DocTerms`]).
pub fn collect(doc: &SearchDoc, synonyms: &Synonyms) -> DocTerms {
    Collector::new(synonyms).collect(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::shard;

    fn doc(title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            url: "a/".into(),
            title: title.into(),
            description: String::new(),
            tags: vec![],
            sections: vec![
                (String::new(), String::new(), "".into()),
                ("b".into(), "Bước".into(), body.into()),
            ],
        }
    }

    fn terms(d: &DocTerms) -> Vec<(String, f64, u32, f64)> {
        let mut all: Vec<_> = d
            .all()
            .map(|(t, count, hit)| (t.to_string(), count, hit.section, hit.weighted))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// A term's text, count, best section and weighted sum's bits.
    type Found = (String, u32, u32, u64);

    /// What [`collect`] must give, found the plain way: a map by each
    /// term's text, pairs written out, every field's synonyms looked for.
    /// Per group, each term's (text, count, best section, weighted sum's
    /// bits), in the order the terms first occur; and the length's bits.
    fn plainly(doc: &SearchDoc, synonyms: &Synonyms) -> (u64, Vec<Vec<Found>>) {
        let mut order: Vec<String> = Vec::new();
        let mut seen: std::collections::HashMap<String, (u32, f64, usize, f64)> =
            Default::default();
        let mut length = 0.0;
        let mut record = |term: String, weight: f64, section: usize| {
            let t = seen.entry(term.clone()).or_insert_with(|| {
                order.push(term);
                (0, 0.0, 0, 0.0)
            });
            t.0 += 1;
            t.1 += weight;
            if weight > t.3 || (weight == t.3 && section < t.2) {
                (t.2, t.3) = (section, weight);
            }
        };
        each_field(doc, |text, weight, section| {
            let words = crate::search::normalize::folded_words(text);
            length += words.len() as f64 * weight;
            let mut add = |words: &[String]| {
                for w in words {
                    record(w.clone(), weight, section);
                }
                for two in words.windows(2) {
                    record(format!("{} {}", two[0], two[1]), weight, section);
                }
            };
            add(&words);
            for alternative in synonyms.alternatives(&words) {
                add(&alternative);
            }
        });
        let mut groups = vec![Vec::new(); SHARDS];
        for term in order {
            let (count, weighted, section, _) = seen[&term];
            groups[shard(&term)].push((term, count, section as u32, weighted.to_bits()));
        }
        (length.to_bits(), groups)
    }

    /// Lessons of the bundled site, their Markdown as plain text, split
    /// at headings: Vietnamese with and without marks, abbreviations with
    /// synonyms, repeated words and pairs.
    fn bundled_docs() -> Vec<SearchDoc> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut docs = Vec::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut sections = vec![(String::new(), String::new(), "".into())];
            for (n, part) in text.split("\n## ").enumerate() {
                let (heading, body) = part.split_once('\n').unwrap_or((part, ""));
                sections.push((format!("s{n}"), heading.to_string(), body.into()));
            }
            docs.push(SearchDoc {
                url: format!("{}/", docs.len()),
                title: text
                    .lines()
                    .find(|l| l.starts_with("title:"))
                    .unwrap_or("")
                    .into(),
                description: "Đổi CCCD, đăng ký VNeID mức 2 và nộp học phí".into(),
                tags: vec!["VNeID".into(), "CCCD".into()],
                sections,
            });
        }
        docs
    }

    #[test]
    fn collecting_gives_what_the_plain_way_gives() {
        let synonyms = Synonyms::new(&[]);
        let docs = bundled_docs();
        assert!(docs.len() >= 40, "{} lessons", docs.len());
        let mut with_synonyms = 0;
        let mut collector = Collector::new(&synonyms);
        for (n, doc) in docs.iter().enumerate() {
            // A collector used before must give what a new one gives.
            let d = if n % 2 == 0 {
                collector.collect(doc)
            } else {
                collect(doc, &synonyms)
            };
            let made: Vec<Vec<_>> = (0..SHARDS)
                .map(|s| {
                    d.group(s)
                        .map(|(t, count, hit)| {
                            (
                                t.to_string(),
                                count as u32,
                                hit.section,
                                hit.weighted.to_bits(),
                            )
                        })
                        .collect()
                })
                .collect();
            let (length, groups) = plainly(doc, &synonyms);
            assert_eq!(d.length().to_bits(), length, "{}", doc.url);
            assert_eq!(made, groups, "{}", doc.url);
            with_synonyms += usize::from(made.iter().flatten().any(|t| t.0 == "can cuoc"));
        }
        assert_eq!(with_synonyms, docs.len(), "every document has a synonym");
    }

    #[test]
    fn words_and_pairs_are_counted_with_their_best_section() {
        let d = collect(
            &doc("Đăng ký VNeID", "đăng ký tài khoản, đăng ký"),
            &Synonyms::new(&[]),
        );
        let all = terms(&d);
        let get = |t: &str| all.iter().find(|x| x.0 == t).cloned().unwrap();
        // Title (section 0, weight 4) and twice in the body (section 1).
        let dang = get("dang");
        assert_eq!(dang.1, 3.0);
        assert_eq!(dang.2, 0, "the title weighs most");
        assert!((dang.3 - (4.0 + 2.0 * 1.01)).abs() < 1e-9);
        assert_eq!(get("dang ky").1, 3.0);
        assert_eq!(get("ky tai").1, 1.0);
        // "khoan dang": pairs run across the comma, as words do.
        assert_eq!(get("khoan dang").1, 1.0);
        assert!(all.iter().all(|x| x.0 != "buoc dang"), "fields do not join");
    }

    #[test]
    fn each_group_holds_the_terms_of_its_shard() {
        let d = collect(
            &doc("Thanh toán học phí", "chuyển khoản qua ngân hàng số"),
            &Synonyms::new(&[]),
        );
        let mut n = 0;
        for s in 0..SHARDS {
            for (t, _, _) in d.group(s) {
                assert_eq!(shard(t), s, "{t}");
                n += 1;
            }
        }
        assert_eq!(n, terms(&d).len());
        let distinct: std::collections::BTreeSet<_> = terms(&d).into_iter().map(|t| t.0).collect();
        assert_eq!(distinct.len(), n, "each term once");
    }

    #[test]
    fn synonyms_add_terms_but_not_length() {
        let s = Synonyms::new(&[]);
        let with = collect(&doc("CCCD", ""), &s);
        let all = terms(&with);
        assert!(all.iter().any(|t| t.0 == "can cuoc"));
        // `length_of` counts the words written, without synonyms.
        let written = super::super::index::length_of(&doc("CCCD", ""));
        assert_eq!(with.length(), written);
    }
}

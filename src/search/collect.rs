//! Collecting one document's search terms: every folded word and pair of
//! adjacent words, with how often it occurs, its weighted frequency and
//! its best section ([`collect`] gives a [`DocTerms`]).
//!
//! Every word of every lesson passes through here (about 12 million at
//! 10,000 lessons), so nothing is allocated per word: a field's words are
//! folded into one buffer, and each distinct term's text is stored once,
//! in one string, found again through a hash table of numbers.

use super::index::SearchDoc;
use super::index::{each_field, shard, DocTerms, Entry, SHARDS};
use super::normalize::fold_words_into;
use super::Synonyms;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// One distinct term of the document being collected.
#[derive(Debug, Clone, Copy)]
struct Term {
    /// Where its text is in [`Collector::text`].
    at: u32,
    len: u32,
    hash: u64,
    count: u32,
    weighted: f64,
    best_section: usize,
    best_weight: f64,
}

/// Collects weighted hits for one document.
struct Collector<'s> {
    synonyms: &'s Synonyms,
    /// The document's length: its words, weighted by field.
    length: f64,
    /// Every distinct term's text, one after another.
    text: String,
    terms: Vec<Term>,
    /// Numbers of [`Collector::terms`], by their text's hash.
    table: HashTable<u32>,
    /// The current field's folded words, and each one's byte range.
    folded: String,
    spans: Vec<(u32, u32)>,
    /// Room to write a pair of words in.
    pair: String,
}

/// Hashes term texts (FxHash: fast on short words, and a build indexes only
/// its own lessons, so hash flooding is no concern).
fn hash_of(term: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(term)
}

impl Collector<'_> {
    /// Counts one occurrence of `term` in `section`, with the weight of its
    /// field.
    fn record(&mut self, term: &str, weight: f64, section: usize) {
        let hash = hash_of(term);
        let (text, terms) = (&self.text, &self.terms);
        let found = self.table.find(hash, |&i| {
            let t = &terms[i as usize];
            &text[t.at as usize..(t.at + t.len) as usize] == term
        });
        let i = match found {
            Some(&i) => i as usize,
            None => {
                let i = self.terms.len();
                self.terms.push(Term {
                    at: self.text.len() as u32,
                    len: term.len() as u32,
                    hash,
                    count: 0,
                    weighted: 0.0,
                    best_section: 0,
                    best_weight: 0.0,
                });
                self.text.push_str(term);
                let terms = &self.terms;
                self.table
                    .insert_unique(hash, i as u32, |&j| terms[j as usize].hash);
                i
            }
        };
        let t = &mut self.terms[i];
        t.count += 1;
        t.weighted += weight;
        if weight > t.best_weight || (weight == t.best_weight && section < t.best_section) {
            t.best_weight = weight;
            t.best_section = section;
        }
    }

    /// Counts each word, and each pair of adjacent words (`"dang ky"`).
    fn add_words<S: AsRef<str>>(&mut self, words: &[S], weight: f64, section: usize) {
        for w in words {
            self.record(w.as_ref(), weight, section);
        }
        let mut pair = std::mem::take(&mut self.pair);
        for two in words.windows(2) {
            pair.clear();
            pair.push_str(two[0].as_ref());
            pair.push(' ');
            pair.push_str(two[1].as_ref());
            self.record(&pair, weight, section);
        }
        self.pair = pair;
    }

    /// Counts the words of one field.
    fn add(&mut self, text: &str, weight: f64, section: usize) {
        let mut folded = std::mem::take(&mut self.folded);
        let mut spans = std::mem::take(&mut self.spans);
        folded.clear();
        spans.clear();
        fold_words_into(text, &mut folded, &mut spans);
        let words: Vec<&str> = spans
            .iter()
            .map(|&(a, b)| &folded[a as usize..b as usize])
            .collect();
        self.length += words.len() as f64 * weight;
        self.add_words(&words, weight, section);
        // Synonyms count as if written, without making the page longer.
        for alternative in self.synonyms.alternatives(&words) {
            self.add_words(&alternative, weight, section);
        }
        drop(words);
        self.folded = folded;
        self.spans = spans;
    }

    /// The collected terms, grouped by [`shard`], each group in the order
    /// its terms first occur (placed by counting, not sorted).
    fn finish(self) -> DocTerms {
        let shards: Vec<u8> = self
            .terms
            .iter()
            .map(|t| shard(&self.text[t.at as usize..(t.at + t.len) as usize]) as u8)
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
    let mut c = Collector {
        synonyms,
        length: 0.0,
        text: String::new(),
        terms: Vec::new(),
        table: HashTable::new(),
        folded: String::new(),
        spans: Vec::new(),
        pair: String::new(),
    };
    each_field(doc, |text, weight, section| c.add(text, weight, section));
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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

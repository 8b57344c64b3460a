//! Synonyms and abbreviations of Vietnamese public-service vocabulary.
//! "CCCD" finds "căn cước công dân", and the reverse. The indexer expands
//! them (a page that says "CCCD" is also indexed under "căn cước công dân"),
//! so a query needs no extra index parts. Sites add groups with
//! `search.synonyms` in site-config.yaml.

use super::folded_words;

/// The groups shipped with camnang: each line is one group of equivalents.
pub const DEFAULT_GROUPS: &[&[&str]] = &[
    &["CCCD", "căn cước công dân"],
    &["CMND", "chứng minh nhân dân"],
    &["CSDL", "cơ sở dữ liệu"],
    &["DVC", "dịch vụ công"],
    &["DVCTT", "dịch vụ công trực tuyến"],
    &["TTHC", "thủ tục hành chính"],
    &["GDĐT", "GD&ĐT", "giáo dục đào tạo", "giáo dục và đào tạo"],
    &["THPT", "trung học phổ thông"],
    &["THCS", "trung học cơ sở"],
    &["ĐDĐT", "định danh điện tử"],
    &["BHYT", "bảo hiểm y tế"],
    &["BHXH", "bảo hiểm xã hội"],
    &["GPLX", "giấy phép lái xe"],
    &["UBND", "ủy ban nhân dân"],
    &["CSGT", "cảnh sát giao thông"],
];

/// Groups of equivalent phrases, each phrase as folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
    /// First word → the `(group, phrase)` numbers of the phrases that
    /// start with it, so a text is scanned once, not once per phrase.
    /// Hashed: every word of every lesson is looked up here, and an ordered
    /// map's string comparisons were a fiftieth of a build.
    starting: rustc_hash::FxHashMap<String, Vec<(usize, usize)>>,
}

fn fold_phrase(phrase: &str) -> Vec<String> {
    folded_words(phrase)
}

impl Synonyms {
    /// The default groups plus the site's own.
    pub fn new(extra: &[Vec<String>]) -> Synonyms {
        let defaults = DEFAULT_GROUPS
            .iter()
            .map(|g| g.iter().map(|p| fold_phrase(p)).collect::<Vec<_>>());
        let extra = extra
            .iter()
            .map(|g| g.iter().map(|p| fold_phrase(p)).collect::<Vec<_>>());
        let mut groups: Vec<Vec<Vec<String>>> = defaults
            .chain(extra)
            .map(|mut g| {
                g.retain(|p| !p.is_empty());
                g.dedup();
                g
            })
            .filter(|g| g.len() > 1)
            .collect();
        groups.sort();
        groups.dedup();
        let mut starting: rustc_hash::FxHashMap<String, Vec<(usize, usize)>> = Default::default();
        for (g, group) in groups.iter().enumerate() {
            for (p, phrase) in group.iter().enumerate() {
                starting.entry(phrase[0].clone()).or_default().push((g, p));
            }
        }
        Synonyms { groups, starting }
    }

    /// Every group, folded.
    pub fn groups(&self) -> &[Vec<Vec<String>>] {
        &self.groups
    }

    /// Whether some phrase starts with `word`: [`Synonyms::alternatives`]
    /// finds nothing in words none of which does.
    pub fn starts_a_phrase(&self, word: &str) -> bool {
        self.starting.contains_key(word)
    }

    /// The equivalents of every phrase found in `words`: for "đổi CCCD",
    /// `[["can", "cuoc", "cong", "dan"]]`. The indexer adds their words to
    /// the page, so queries in either form find it.
    pub fn alternatives<S: AsRef<str>>(&self, words: &[S]) -> Vec<Vec<String>> {
        self.alternatives_where(words, |_| true)
    }

    /// [`Synonyms::alternatives`], looking up only the words `may_start`
    /// (given a word's place in `words`) says can start a phrase: the
    /// indexer knows it of each word ([`Synonyms::starts_a_phrase`]) and
    /// spares hashing the others again.
    pub fn alternatives_where<S: AsRef<str>>(
        &self,
        words: &[S],
        may_start: impl Fn(usize) -> bool,
    ) -> Vec<Vec<String>> {
        // Every (group, phrase, start) found; listed in that order, the
        // order of the groups and phrases.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (start, word) in words.iter().enumerate() {
            if !may_start(start) {
                continue;
            }
            let Some(candidates) = self.starting.get(word.as_ref()) else {
                continue;
            };
            for &(g, p) in candidates {
                let phrase = &self.groups[g][p];
                let rest = &words[start..];
                if rest.len() >= phrase.len()
                    && phrase.iter().zip(rest).all(|(p, w)| p == w.as_ref())
                {
                    found.push((g, p, start));
                }
            }
        }
        found.sort_unstable();
        let mut out = Vec::new();
        for (g, p, _) in found {
            let group = &self.groups[g];
            out.extend(group.iter().filter(|o| **o != group[p]).cloned());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        fold_phrase(s)
    }

    #[test]
    fn abbreviations_expand_both_ways() {
        let s = Synonyms::new(&[]);
        assert_eq!(
            s.alternatives(&words("đổi CCCD")),
            vec![words("can cuoc cong dan")]
        );
        assert_eq!(
            s.alternatives(&words("can cuoc cong dan gan chip")),
            vec![words("cccd")]
        );
        assert_eq!(
            s.alternatives(&words("ĐDĐT mức 2")),
            vec![words("dinh danh dien tu")]
        );
    }

    #[test]
    fn alternatives_are_the_other_forms_of_each_occurrence() {
        let s = Synonyms::new(&[]);
        assert_eq!(
            s.alternatives(&words("CCCD và căn cước công dân")),
            vec![words("can cuoc cong dan"), words("cccd")]
        );
        assert!(s.alternatives(&words("VNeID")).is_empty());
    }

    #[test]
    fn sites_add_their_own_groups() {
        let s = Synonyms::new(&[vec!["SLL".into(), "sổ liên lạc".into()]]);
        assert_eq!(
            s.alternatives(&words("SLL điện tử")),
            vec![words("so lien lac")]
        );
        // Defaults stay.
        assert!(!s.alternatives(&words("TTHC")).is_empty());
    }
}

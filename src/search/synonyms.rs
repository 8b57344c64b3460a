//! Synonyms and abbreviations of Vietnamese public-service vocabulary.
//! A query containing one form of a group is also searched with the other
//! forms: "CCCD" also finds "căn cước công dân", and the reverse. Sites add
//! groups with `search.synonyms` in site-config.yaml.

use super::tokenize;

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
}

fn fold_phrase(phrase: &str) -> Vec<String> {
    tokenize(phrase).into_iter().map(|t| t.folded).collect()
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
        Synonyms { groups }
    }

    /// Every group, folded (for the search index, so the client expands the same way).
    pub fn groups(&self) -> &[Vec<Vec<String>>] {
        &self.groups
    }

    /// Other ways to write a folded query: each phrase found in it replaced
    /// by each of its equivalents (one replacement at a time, deterministic order).
    pub fn expand(&self, words: &[String]) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for group in &self.groups {
            for phrase in group {
                let n = phrase.len();
                if n == 0 || n > words.len() {
                    continue;
                }
                for start in 0..=words.len() - n {
                    if words[start..start + n] != phrase[..] {
                        continue;
                    }
                    for other in group.iter().filter(|o| *o != phrase) {
                        let mut alt = words[..start].to_vec();
                        alt.extend(other.iter().cloned());
                        alt.extend(words[start + n..].iter().cloned());
                        if !out.contains(&alt) {
                            out.push(alt);
                        }
                    }
                }
            }
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
            s.expand(&words("đổi CCCD")),
            vec![words("doi can cuoc cong dan")]
        );
        assert_eq!(
            s.expand(&words("can cuoc cong dan gan chip")),
            vec![words("cccd gan chip")]
        );
        assert!(s.expand(&words("VNeID")).is_empty());
        let dd = s.expand(&words("ĐDĐT mức 2"));
        assert_eq!(dd, vec![words("dinh danh dien tu muc 2")]);
    }

    #[test]
    fn sites_add_their_own_groups() {
        let s = Synonyms::new(&[vec!["SLL".into(), "sổ liên lạc".into()]]);
        assert_eq!(
            s.expand(&words("SLL điện tử")),
            vec![words("so lien lac dien tu")]
        );
        // Defaults stay.
        assert!(!s.expand(&words("TTHC")).is_empty());
    }
}

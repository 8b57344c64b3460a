//! Decoding raw Telex: what a user types when the Vietnamese keyboard is
//! off ("ddawng kys" → "đăng ký"). The search client tries the decoded query
//! when the query as typed finds little. Same rules as `search-core.js`.
//!
//! - `dd`→đ, `aa`→â, `aw`→ă, `ee`→ê, `oo`→ô, `ow`→ơ, `uw`→ư, a lone `w`→ư;
//! - a final `s f r x j` is the tone (sắc, huyền, hỏi, ngã, nặng), `z` none;
//! - the tone goes on the marked vowel (ơ in ươ), else on the last vowel
//!   when a consonant ends the syllable, else on the first of two vowels
//!   ("hòa", "thủy") or the middle of three; `qu` and `gi` + vowel count as
//!   consonants.

use unicode_normalization::UnicodeNormalization;

const VOWELS: &str = "aăâeêioôơuưy";
const MARKED: &str = "ăâêôơư";

/// Decodes every word of `query` from Telex; words without Telex keys stay.
pub fn decode_telex(query: &str) -> String {
    query
        .split(' ')
        .map(decode_word)
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_word(word: &str) -> String {
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return word.to_string();
    }
    let lower = word.to_ascii_lowercase();
    let mut chars: Vec<char> = lower.chars().collect();
    // The tone key at the end.
    let mut tone = None;
    if chars.len() > 1 {
        let last = chars[chars.len() - 1];
        let mark = match last {
            's' => Some(Some('\u{301}')),
            'f' => Some(Some('\u{300}')),
            'r' => Some(Some('\u{309}')),
            'x' => Some(Some('\u{303}')),
            'j' => Some(Some('\u{323}')),
            'z' => Some(None),
            _ => None,
        };
        if let Some(m) = mark {
            if chars[..chars.len() - 1]
                .iter()
                .any(|c| "aeiouyw".contains(*c))
            {
                chars.pop();
                tone = m;
            }
        }
    }
    // Letter keys.
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (letter, used) = match (c, next) {
            ('d', Some('d')) => ('đ', 2),
            ('a', Some('a')) => ('â', 2),
            ('e', Some('e')) => ('ê', 2),
            ('o', Some('o')) => ('ô', 2),
            ('a', Some('w')) => ('ă', 2),
            ('o', Some('w')) => ('ơ', 2),
            ('u', Some('w')) => ('ư', 2),
            ('w', _) => ('ư', 1),
            (c, _) => (c, 1),
        };
        out.push(letter);
        i += used;
    }
    if let Some(mark) = tone {
        if let Some(at) = tone_position(&out) {
            out.insert(at + 1, mark);
        }
    }
    let decoded: String = out.into_iter().collect::<String>().nfc().collect();
    recase(word, &decoded)
}

/// Where the tone mark goes (index of the vowel that carries it).
fn tone_position(w: &[char]) -> Option<usize> {
    let qu = w.len() > 2 && w[0] == 'q' && w[1] == 'u';
    let gi = w.len() > 2 && w[0] == 'g' && w[1] == 'i' && VOWELS.contains(w[2]);
    let start = if qu || gi { 2 } else { 0 };
    let first = (start..w.len()).find(|&i| VOWELS.contains(w[i]))?;
    let mut end = first;
    while end < w.len() && VOWELS.contains(w[end]) {
        end += 1;
    }
    let cluster: Vec<usize> = (first..end).collect();
    if let Some(&i) = cluster.iter().rev().find(|&&i| w[i] == 'ơ') {
        return Some(i);
    }
    if let Some(&i) = cluster.iter().find(|&&i| MARKED.contains(w[i])) {
        return Some(i);
    }
    let has_final = end < w.len();
    Some(match (cluster.len(), has_final) {
        (_, true) => *cluster.last()?,
        (1, false) | (2, false) => cluster[0],
        _ => cluster[1],
    })
}

/// Gives `decoded` the case pattern of `typed`: all caps, capitalised, or lower.
fn recase(typed: &str, decoded: &str) -> String {
    let letters: Vec<char> = typed.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        decoded.to_uppercase()
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut cs = decoded.chars();
        cs.next()
            .map(|f| f.to_uppercase().chain(cs).collect())
            .unwrap_or_default()
    } else {
        decoded.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_shared_table() {
        let table = crate::search::shared_cases();
        for case in table["telex"].as_array().unwrap() {
            let input = case["input"].as_str().unwrap();
            assert_eq!(
                decode_telex(input),
                case["output"].as_str().unwrap(),
                "telex {input:?}"
            );
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "", " ", "s", "zz", "ddd", "w", "qu", "gi", "ĐĐ", "a1s", "x y z", "uwowf",
        ] {
            let _ = decode_telex(s);
        }
    }
}

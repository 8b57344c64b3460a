//! Normalising Vietnamese text for search.
//!
//! Every word gets two keys:
//! - `folded`: lowercase ASCII, tones and vowel marks removed, `đ`→`d`
//!   ("Đăng" → `dang`). Matching uses it, so "dang ky" finds "Đăng ký".
//! - `exact`: lowercase, vowel marks kept, the tone moved to a digit at the
//!   end (1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng). "hoà" and "hòa" both give
//!   `hoa2`, so old and new tone placement agree; matches that agree with
//!   the user's diacritics rank higher.
//!
//! NFD input (from some keyboards) gives the same keys as NFC.
//! The browser client implements the same rules in `search-core.js`; both
//! are tested against `tests/fixtures/search/normalize-cases.json`.

use unicode_normalization::UnicodeNormalization;

/// One word of text with its two keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Diacritic-free key.
    pub folded: String,
    /// Key with vowel marks and the tone as a digit.
    pub exact: String,
}

/// The digit of a combining tone mark.
fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{301}' => Some('1'),
        '\u{300}' => Some('2'),
        '\u{309}' => Some('3'),
        '\u{303}' => Some('4'),
        '\u{323}' => Some('5'),
        _ => None,
    }
}

/// The diacritic-free key of one word. A word made only of marks that
/// folding removes (a lone combining sign counts as a letter) keeps them,
/// lowercased: an empty key would match nothing and waste an index entry
/// (found by the `search_normalize` fuzz target).
pub fn fold_key(word: &str) -> String {
    let mut folded = crate::text::fold_diacritics(word);
    if folded.is_empty() {
        return word.to_lowercase();
    }
    if folded.is_ascii() {
        // The usual case, lowercased in place.
        folded.make_ascii_lowercase();
        folded
    } else {
        folded.to_lowercase()
    }
}

/// [`fold_key`] of `word`, appended to `out`: the same key, without a
/// `String` of its own. Indexing folds every word of every lesson, and a
/// `String` per word was a large share of that.
pub fn fold_key_into(word: &str, out: &mut String) {
    let start = out.len();
    if !crate::text::fold_fast_into(word, out) {
        out.push_str(&fold_key(word));
        return;
    }
    if out.len() == start {
        out.push_str(&word.to_lowercase());
    } else if out[start..].is_ascii() {
        out[start..].make_ascii_lowercase();
    } else {
        let lower = out[start..].to_lowercase();
        out.truncate(start);
        out.push_str(&lower);
    }
}

/// The folded keys of the words of `text` ([`folded_words`]), appended to
/// `out` one after another; `spans` gets each key's byte range in `out`.
pub fn fold_words_into(text: &str, out: &mut String, spans: &mut Vec<(u32, u32)>) {
    if fold_words_fast(text, out, spans) {
        return;
    }
    for w in words(&crate::text::nfc(text)) {
        let start = out.len() as u32;
        fold_key_into(w, out);
        spans.push((start, out.len() as u32));
    }
}

/// In [`FOLD_TABLE`]: the character ends a word.
const ENDS_WORD: u8 = 0;
/// In [`FOLD_TABLE`]: the character needs [`fold_words_into`]'s general
/// path (it may not be NFC, or its key is not one ASCII byte).
const GENERAL: u8 = 0xFF;

/// The characters [`FOLD_TABLE`] covers: below U+0250 (Latin-1, Latin
/// Extended-A and -B), the toned letters, and punctuation and currency
/// signs (U+2000–U+20CF).
const FOLD_RANGES: [(u32, u32); 3] = [(0, 0x24F), (0x1E00, 0x1EFF), (0x2000, 0x20CF)];

/// What each character of [`FOLD_RANGES`] does in a word's key: ends the
/// word ([`ENDS_WORD`]), adds one lowercase ASCII byte, its [`fold_key`]
/// (for every Vietnamese letter), or needs the general path
/// ([`GENERAL`]). Only characters that are surely NFC
/// (`text::surely_nfc`) end a word or add a byte, so text made only of
/// such characters is its own NFC form.
static FOLD_TABLE: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
    FOLD_RANGES
        .iter()
        .flat_map(|&(from, to)| from..=to)
        .map(|code| {
            let Some(c) = char::from_u32(code) else {
                return GENERAL;
            };
            if !crate::text::surely_nfc(c.encode_utf8(&mut [0; 4])) {
                return GENERAL;
            }
            if !is_word_char(c) {
                return ENDS_WORD;
            }
            match fold_key(c.encode_utf8(&mut [0; 4])).as_bytes() {
                &[b] if b.is_ascii() && b != ENDS_WORD => b,
                _ => GENERAL,
            }
        })
        .collect()
});

/// `table`'s ([`FOLD_TABLE`]'s) entry for `c`, or [`GENERAL`] outside
/// [`FOLD_RANGES`].
fn fold_byte(table: &[u8], c: char) -> u8 {
    let code = u32::from(c);
    let mut offset = 0;
    for (from, to) in FOLD_RANGES {
        if code <= to {
            if code < from {
                return GENERAL;
            }
            return table[offset + (code - from) as usize];
        }
        offset += (to - from + 1) as usize;
    }
    GENERAL
}

/// [`fold_words_into`] in one pass over `text`, a table lookup per
/// character, when every character of `text` is in [`FOLD_TABLE`]:
/// splitting into words, NFC, folding and lowercasing each come down to
/// that character's entry. Returns `false`, with `out` and `spans` as
/// they were, when one is not: the general path then folds the text.
fn fold_words_fast(text: &str, out: &mut String, spans: &mut Vec<(u32, u32)>) -> bool {
    let (out_len, spans_len) = (out.len(), spans.len());
    let table = &*FOLD_TABLE;
    let mut word: Option<u32> = None;
    for c in text.chars() {
        match fold_byte(table, c) {
            GENERAL => {
                out.truncate(out_len);
                spans.truncate(spans_len);
                return false;
            }
            ENDS_WORD => {
                if let Some(start) = word.take() {
                    spans.push((start, out.len() as u32));
                }
            }
            b => {
                word.get_or_insert(out.len() as u32);
                out.push(char::from(b));
            }
        }
    }
    if let Some(start) = word {
        spans.push((start, out.len() as u32));
    }
    true
}

/// The exact key of one word (see the module documentation).
pub fn exact_key(word: &str) -> String {
    let mut tone = None;
    let mut base = String::with_capacity(word.len());
    for c in word.nfd().flat_map(char::to_lowercase) {
        match tone_digit(c) {
            Some(d) => tone = Some(d),
            None => base.push(c),
        }
    }
    let mut out: String = base.nfc().collect();
    if let Some(d) = tone {
        out.push(d);
    }
    out
}

/// Splits text into words (letters and digits) and keys them.
pub fn tokenize(text: &str) -> Vec<Token> {
    words(&crate::text::nfc(text))
        .map(|w| Token {
            folded: fold_key(w),
            exact: exact_key(w),
        })
        .collect()
}

/// The folded keys of the words of `text`: [`tokenize`] without the exact
/// keys, which the index does not use.
pub fn folded_words(text: &str) -> Vec<String> {
    words(&crate::text::nfc(text)).map(fold_key).collect()
}

/// How many words [`folded_words`] finds in `text`, without making them.
pub fn word_count(text: &str) -> usize {
    if let Some(count) = count_words_fast(text) {
        return count;
    }
    // Counts where words start, in one pass over the characters (every
    // lesson is measured before it is indexed).
    let (mut count, mut in_word) = (0, false);
    for c in crate::text::nfc(text).chars() {
        let word = is_word_char(c);
        count += usize::from(word && !in_word);
        in_word = word;
    }
    count
}

/// [`word_count`] from [`FOLD_TABLE`], as [`fold_words_fast`] finds
/// words; `None` when a character of `text` needs the general path.
fn count_words_fast(text: &str) -> Option<usize> {
    let table = &*FOLD_TABLE;
    let (mut count, mut in_word) = (0, false);
    for c in text.chars() {
        match fold_byte(table, c) {
            GENERAL => return None,
            ENDS_WORD => in_word = false,
            _ => {
                count += usize::from(!in_word);
                in_word = true;
            }
        }
    }
    Some(count)
}

/// The words (runs of letters and digits) of NFC text.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// `c.is_alphanumeric()`, from a table for the first 8,192 characters
/// (every Vietnamese letter): the standard library's lookup for letters
/// beyond ASCII was a tenth of collecting a lesson's search terms.
pub fn is_word_char(c: char) -> bool {
    const TABLED: usize = 0x2000;
    static TABLE: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let table = TABLE.get_or_init(|| {
        (0..TABLED as u32)
            .map(|u| char::from_u32(u).is_some_and(char::is_alphanumeric))
            .collect()
    });
    match table.get(c as usize) {
        Some(&word) => word,
        None => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_shared_table() {
        let table = crate::search::shared_cases();
        let cases = table["normalize"].as_array().unwrap();
        assert!(cases.len() >= 10);
        for case in cases {
            let input = case["input"].as_str().unwrap();
            let tokens = tokenize(input);
            let folded: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
            let exact: Vec<&str> = tokens.iter().map(|t| t.exact.as_str()).collect();
            let want = |k: &str| -> Vec<&str> {
                case[k]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect()
            };
            assert_eq!(
                folded,
                want("folded"),
                "folded keys of {input:?} ({})",
                case["why"]
            );
            assert_eq!(
                exact,
                want("exact"),
                "exact keys of {input:?} ({})",
                case["why"]
            );
        }
    }

    #[test]
    fn folding_into_a_buffer_gives_the_same_keys() {
        let table = crate::search::shared_cases();
        let mut inputs: Vec<String> = table["normalize"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["input"].as_str().unwrap().to_string())
            .collect();
        inputs.extend(
            [
                "ĐĂNG KÝ VNeID mức 2",
                // NFD, a lone combining mark, letters outside the fast
                // table, and letters whose lowercase is longer.
                "Đa\u{306}ng ky\u{301} \u{301} Ωμέγα Straße İstanbul ǅ Ⅻ",
                "",
                "  ,.  ",
                "123 abc-def_ghi",
            ]
            .map(String::from),
        );
        for input in &inputs {
            let (mut out, mut spans) = (String::from("kept"), Vec::new());
            fold_words_into(input, &mut out, &mut spans);
            assert!(out.starts_with("kept"));
            let into: Vec<&str> = spans
                .iter()
                .map(|&(a, b)| &out[a as usize..b as usize])
                .collect();
            assert_eq!(into, folded_words(input), "{input:?}");
            assert_eq!(word_count(input), into.len(), "{input:?}");
        }
    }

    #[test]
    fn the_one_pass_fold_gives_the_general_keys() {
        // Every character of the table, alone, inside words, beside a
        // toned letter and beside a combining mark (which composes with
        // it, or not), in text the one pass folds and text it does not.
        let mut texts: Vec<String> = Vec::new();
        for (from, to) in FOLD_RANGES {
            for c in (from..=to).filter_map(char::from_u32) {
                texts.push(format!("{c}"));
                texts.push(format!("Đa{c}b {c}{c}Ế x{c}"));
                texts.push(format!("a{c}\u{301}b"));
                texts.push(format!("{c}\u{323}"));
            }
        }
        let mut fast = 0;
        for text in &texts {
            let (mut out, mut spans) = (String::from("kept"), vec![(0, 4)]);
            fast += usize::from(fold_words_fast(text, &mut out, &mut spans));
            out.truncate(4);
            spans.truncate(1);
            fold_words_into(text, &mut out, &mut spans);
            let into: Vec<&str> = spans[1..]
                .iter()
                .map(|&(a, b)| &out[a as usize..b as usize])
                .collect();
            assert_eq!(into, folded_words(text), "{text:?}");
            assert_eq!(&out[..4], "kept");
            assert_eq!(word_count(text), into.len(), "{text:?}");
        }
        // Most of those without a combining mark take the one pass.
        let unmarked = texts.len() / 2;
        assert!(fast > unmarked / 2, "{fast} of {unmarked}");
        // Vietnamese does: every letter, mark and tone.
        let mut out = String::new();
        assert!(fold_words_fast(
            "Đăng ký tài khoản định danh điện tử: ơ ư ạ ả ã ỹ Ỵ, “VNeID” – 50.000₫…",
            &mut out,
            &mut Vec::new()
        ));
        assert_eq!(out, "dangkytaikhoandinhdanhdientuouaaayyvneid50000");
    }

    #[test]
    fn the_one_pass_leaves_what_it_does_not_fold_as_it_was() {
        for text in ["abc Ωμέγα", "Đa\u{306}ng", "x \u{2000} y"] {
            let (mut out, mut spans) = (String::from("kept"), vec![(0, 4)]);
            assert!(!fold_words_fast(text, &mut out, &mut spans), "{text:?}");
            assert_eq!((out.as_str(), spans.as_slice()), ("kept", &[(0, 4)][..]));
        }
    }

    #[test]
    fn word_characters_are_letters_and_digits() {
        for u in (0..0x3_0000u32).chain([0x10_FFFF]) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "{u:#x}");
            }
        }
    }
}

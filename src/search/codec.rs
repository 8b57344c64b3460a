//! A compact text encoding of postings lists, about 4 characters per
//! posting instead of about 12 for a JSON array of numbers.
//!
//! Each number is a variable-length integer written 5 bits per character in
//! the URL-safe base-64 alphabet (`A–Z a–z 0–9 - _`): a character's value
//! is `payload + 32` when more characters follow, `payload` on the last.
//! Low bits come first. A list is `doc delta, impact, section` per posting,
//! sorted by document; the first delta is the document number itself.
//! The browser client (`search.js`) decodes the same format.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One entry of a postings list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document number.
    pub doc: u32,
    /// Precomputed score, 1–1000.
    pub impact: u32,
    /// Section of the document where the term counts most.
    pub section: u32,
}

fn push_number(out: &mut String, mut n: u32) {
    loop {
        let payload = n & 31;
        n >>= 5;
        let value = if n > 0 { payload | 32 } else { payload };
        out.push(ALPHABET[value as usize] as char);
        if n == 0 {
            break;
        }
    }
}

/// Encodes postings; they are sorted by document first.
pub fn encode(postings: &[Posting]) -> String {
    let mut sorted = postings.to_vec();
    sorted.sort_by_key(|p| p.doc);
    let mut out = String::with_capacity(sorted.len() * 4);
    let mut previous = 0;
    for p in &sorted {
        push_number(&mut out, p.doc - previous);
        push_number(&mut out, p.impact);
        push_number(&mut out, p.section);
        previous = p.doc;
    }
    out
}

/// Decodes what [`encode`] wrote (used by tests; the client has its own).
pub fn decode(text: &str) -> Option<Vec<Posting>> {
    let mut numbers = Vec::new();
    let (mut n, mut shift) = (0u32, 0u32);
    for c in text.bytes() {
        let value = ALPHABET.iter().position(|&a| a == c)? as u32;
        n |= (value & 31).checked_shl(shift)?;
        if value & 32 != 0 {
            shift += 5;
        } else {
            numbers.push(n);
            n = 0;
            shift = 0;
        }
    }
    if shift != 0 || numbers.len() % 3 != 0 {
        return None;
    }
    let mut doc = 0;
    Some(
        numbers
            .chunks(3)
            .map(|c| {
                doc += c[0];
                Posting {
                    doc,
                    impact: c[1],
                    section: c[2],
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(doc: u32, impact: u32, section: u32) -> Posting {
        Posting {
            doc,
            impact,
            section,
        }
    }

    #[test]
    fn round_trips_and_sorts_by_document() {
        let list = vec![p(40, 1000, 0), p(3, 1, 31), p(70_000, 999, 32)];
        let text = encode(&list);
        let mut want = list.clone();
        want.sort_by_key(|p| p.doc);
        assert_eq!(decode(&text).unwrap(), want);
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn small_numbers_take_one_character() {
        assert_eq!(encode(&[p(0, 1, 0)]), "ABA");
        assert_eq!(encode(&[p(31, 31, 31)]), "fff");
        // 32 = 0 with a continuation, then 1.
        assert_eq!(encode(&[p(0, 32, 0)]), "AgBA");
    }

    #[test]
    fn rejects_broken_text() {
        assert!(decode("g").is_none());
        assert!(decode("AB").is_none());
        assert!(decode("A*A").is_none());
    }
}

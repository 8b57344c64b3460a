//! A Bloom filter of the terms in the index, shipped in the manifest, so
//! the client can plan which parts a query needs before loading any: when
//! "đăng ký" is a pair, the part of "đăng" answers for "ký" too, and a
//! short word that is in no lesson costs no request.
//!
//! Hashing is FNV-1a over Unicode code points (not bytes, so that the
//! JavaScript client, which sees UTF-16, agrees), twice with different
//! seeds; the *i*-th of [`HASHES`] bits is `(h1 + i·h2) mod bits`. The
//! bits are written six to a character in the URL-safe base-64 alphabet,
//! low bit first. `search-core.js` has the same code, and both are tested
//! against `tests/fixtures/search/normalize-cases.json`.

/// Bits set per member.
pub const HASHES: u32 = 5;
/// Bits per member: about 1% false positives, which only cost a part
/// loaded for nothing or a second round of loading.
const BITS_PER_MEMBER: usize = 10;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The two hashes of a string.
pub fn hashes(s: &str) -> (u32, u32) {
    let mut a: u32 = 0x811c_9dc5;
    let mut b: u32 = 0x9747_b28c;
    for c in s.chars() {
        a = (a ^ c as u32).wrapping_mul(0x0100_0193);
        b = (b ^ c as u32).wrapping_mul(0x0100_0193);
    }
    (a, b | 1)
}

/// A filter holding `members`, as `(bits, encoded)`.
pub fn build<'a>(members: impl ExactSizeIterator<Item = &'a str>) -> (u32, String) {
    let hashed: Vec<(u32, u32)> = members.map(hashes).collect();
    build_hashed(&hashed)
}

/// [`build`] from the members' [`hashes`], made beforehand.
pub fn build_hashed(members: &[(u32, u32)]) -> (u32, String) {
    let chars = (members.len() * BITS_PER_MEMBER).div_ceil(6).max(4);
    let bits = (chars * 6) as u32;
    let mut words = vec![0u8; chars];
    for &(a, b) in members {
        for i in 0..HASHES {
            let bit = a.wrapping_add(i.wrapping_mul(b)) % bits;
            words[(bit / 6) as usize] |= 1 << (bit % 6);
        }
    }
    let encoded = words
        .iter()
        .map(|&v| ALPHABET[v as usize] as char)
        .collect();
    (bits, encoded)
}

/// Whether `s` may be in the filter (tests; the client has its own).
pub fn may_contain(bits: u32, encoded: &str, s: &str) -> bool {
    let bytes = encoded.as_bytes();
    let (a, b) = hashes(s);
    (0..HASHES).all(|i| {
        let bit = a.wrapping_add(i.wrapping_mul(b)) % bits;
        let v = ALPHABET
            .iter()
            .position(|&c| c == bytes[(bit / 6) as usize])
            .unwrap_or(0);
        v & (1 << (bit % 6)) != 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_the_shared_table() {
        let table = crate::search::shared_cases();
        let cases = table["hashes"].as_array().unwrap();
        assert!(cases.len() >= 3);
        for case in cases {
            let input = case["input"].as_str().unwrap();
            let want = (
                case["h1"].as_u64().unwrap() as u32,
                case["h2"].as_u64().unwrap() as u32,
            );
            assert_eq!(hashes(input), want, "{input:?}");
        }
    }

    #[test]
    fn members_are_found_and_most_others_are_not() {
        let members: Vec<String> = (0..500).map(|i| format!("dang {i}")).collect();
        let (bits, encoded) = build(members.iter().map(String::as_str));
        assert_eq!(encoded.len() * 6, bits as usize);
        assert!(members.iter().all(|m| may_contain(bits, &encoded, m)));
        let false_positives = (0..1000)
            .filter(|i| may_contain(bits, &encoded, &format!("ky {i}")))
            .count();
        assert!(false_positives < 60, "{false_positives} of 1000");
    }

    #[test]
    fn an_empty_filter_holds_nothing() {
        let (bits, encoded) = build(std::iter::empty());
        assert!(!may_contain(bits, &encoded, "dang ky"));
    }
}

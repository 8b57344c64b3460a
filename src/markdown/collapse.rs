//! A lesson's plain text (for search) with its whitespace collapsed as it
//! comes, byte by byte: every piece of text of every lesson goes through
//! here, and most of it is Vietnamese, where `str::split_whitespace`
//! decodes every character to ask whether it is whitespace.

/// Appends `text` to `out` as `split_whitespace` then `join(" ")` of the
/// whole would have it: words one space apart, none at either end.
/// `space_pending` carries whether the text so far ended in whitespace.
/// Done as text comes, so no second pass over each lesson's text.
pub(super) fn push_collapsed(out: &mut String, space_pending: &mut bool, text: &str) {
    let bytes = text.as_bytes();
    let mut space = *space_pending;
    let mut any_word = false;
    let mut ends_in_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let len = space_len(bytes, i);
        if len > 0 {
            space = true;
            ends_in_space = true;
            i += len;
            continue;
        }
        // Words, up to whitespace that is not already one space between
        // two words: most text is copied in one piece. Only a byte that
        // starts a character can start whitespace, so the piece ends on a
        // character boundary.
        let start = i;
        loop {
            i += 1;
            while i < bytes.len() && space_len(bytes, i) == 0 {
                i += 1;
            }
            let lone_space =
                bytes.get(i) == Some(&b' ') && i + 1 < bytes.len() && space_len(bytes, i + 1) == 0;
            if !lone_space {
                break;
            }
            i += 1;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..i]);
        space = false;
        any_word = true;
        ends_in_space = false;
    }
    *space_pending = if any_word {
        ends_in_space
    } else {
        *space_pending || !text.is_empty()
    };
}

/// Bytes that may start a whitespace character ([`whitespace_len`]).
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts = [
        b' ', b'\t', b'\n', 0x0B, 0x0C, b'\r', 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// [`whitespace_len`], with one table lookup for the bytes that cannot
/// start whitespace (nearly all): the loops above ask at every byte.
#[inline(always)]
fn space_len(bytes: &[u8], i: usize) -> usize {
    if MAY_START_SPACE[usize::from(bytes[i])] {
        whitespace_len(bytes, i)
    } else {
        0
    }
}

/// The length in bytes of the whitespace character (as
/// [`char::is_whitespace`] has it) that starts at `bytes[i]`, or 0.
///
/// The Unicode ones are U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
/// U+2029, U+202F, U+205F and U+3000; their UTF-8 starts with 0xC2, 0xE1,
/// 0xE2 or 0xE3. The toned letters of Vietnamese (U+1EA0–U+1EF9) start
/// with 0xE1 too, so its next bytes decide.
fn whitespace_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match bytes[i] {
        b' ' | b'\t'..=b'\r' => 1,
        0xC2 if matches!(at(1), 0x85 | 0xA0) => 2,
        0xE1 if at(1) == 0x9A && at(2) == 0x80 => 3,
        0xE2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        0xE2 if at(1) == 0x81 && at(2) == 0x9F => 3,
        0xE3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_found_exactly_as_char_is_whitespace_finds_it() {
        // Every character, alone and followed by another.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("{c}a");
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(whitespace_len(text.as_bytes(), 0), want, "{:04X}", c as u32);
            assert_eq!(space_len(text.as_bytes(), 0), want, "{:04X}", c as u32);
            assert_eq!(
                whitespace_len(&text.as_bytes()[..c.len_utf8()], 0),
                want,
                "{:04X} at the end",
                c as u32
            );
        }
    }

    /// Checks that `chunks`, collapsed one after another, give what
    /// `split_whitespace` then `join(" ")` give of them all at once.
    fn assert_collapses_as_a_whole<S: AsRef<str> + std::fmt::Debug>(chunks: &[S]) {
        let whole: String = chunks.iter().map(AsRef::as_ref).collect();
        let want = whole.split_whitespace().collect::<Vec<_>>().join(" ");
        let (mut out, mut pending) = (String::new(), false);
        for c in chunks {
            push_collapsed(&mut out, &mut pending, c.as_ref());
        }
        assert_eq!(out, want, "{chunks:?}");
    }

    #[test]
    fn text_is_collapsed_as_it_comes_as_if_all_at_once() {
        let texts = [
            "  Đăng ký\n\ntài  khoản ",
            "VNeID",
            "\t",
            "",
            "mức\u{a0}2",
            " ",
            "xong.",
            "\u{3000}",
            "a",
            "b ",
            "\u{85}x\u{1680}ấ\u{2009}–\u{200b}",
            "\u{2028}y\u{202f}z\u{205f}",
            "ự\u{2029}",
        ];
        // Every way of cutting the list in two runs, in order.
        for n in 0..=texts.len() {
            for start in 0..texts.len() {
                let chosen: Vec<&str> = texts.iter().cycle().skip(start).take(n).copied().collect();
                assert_collapses_as_a_whole(&chosen);
            }
        }
    }

    #[test]
    fn many_mixed_texts_collapse_as_split_whitespace_would() {
        let pieces = [
            "a", "ấ", "ự", " ", "  ", "\n", "\t", "\u{a0}", "\u{2009}", "\u{3000}", "\u{1680}",
            "–", "\u{200b}", "xin", "chào",
        ];
        // A small deterministic generator: every run is reproducible.
        let mut seed = 0x2545_f491_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..2000 {
            let chunks: Vec<String> = (0..next(5))
                .map(|_| (0..next(8)).map(|_| pieces[next(pieces.len())]).collect())
                .collect();
            assert_collapses_as_a_whole(&chunks);
        }
    }
}

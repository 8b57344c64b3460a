//! The QR standard's mask penalty (rules N1 to N4), exactly as `qrcode`
//! counts it, so the same mask is chosen: [`penalty`] on colours, the
//! definition, and [`penalty_of_rows`] on bits, what builds use.

use qrcode::Color;

/// `qrcode`'s total penalty of a masked normal QR code (rules N1 to N4 as
/// that crate counts them, with its `u16` arithmetic), so the same mask is
/// chosen.
pub(super) fn penalty(colors: &[Color], width: usize) -> u16 {
    let rows: Vec<bool> = colors.iter().map(|c| *c == Color::Dark).collect();
    // Transposed by whole rows: no division per module (this runs for
    // eight masks of every poster's code).
    let mut columns = vec![false; width * width];
    for (y, row) in rows.chunks_exact(width).enumerate() {
        for (x, &dark) in row.iter().enumerate() {
            columns[x * width + y] = dark;
        }
    }
    let mut total: u16 = 0;
    for grid in [&rows, &columns] {
        let (mut runs, mut finders) = (0u16, 0u16);
        for line in grid.chunks_exact(width) {
            runs = runs.wrapping_add(run_penalty(line));
            finders = finders.wrapping_add(finder_penalty(line));
        }
        total = total
            .wrapping_add(runs)
            .wrapping_add(finders.wrapping_sub(360));
    }
    // N2: every 2×2 block of one colour.
    let mut blocks: u16 = 0;
    for (top, bottom) in rows
        .chunks_exact(width)
        .zip(rows.chunks_exact(width).skip(1))
    {
        for x in 0..width - 1 {
            let c = top[x];
            if c == top[x + 1] && c == bottom[x] && c == bottom[x + 1] {
                blocks = blocks.wrapping_add(3);
            }
        }
    }
    // N4: distance from half dark.
    let ratio = rows.iter().filter(|d| **d).count() * 200 / rows.len();
    let balance = ratio.abs_diff(100) as u16;
    total.wrapping_add(blocks).wrapping_add(balance)
}

/// The widest code scored on bits: a line is one `u64`.
pub(super) const MAX_BITS_WIDTH: usize = 64;

/// Rows of a code as bits: bit `x` of row `y` is module `(x, y)`, set
/// when dark. `width` is at most [`MAX_BITS_WIDTH`].
pub(super) fn rows_of(colors: &[Color], width: usize) -> [u64; MAX_BITS_WIDTH] {
    let mut rows = [0u64; MAX_BITS_WIDTH];
    for (row, line) in rows.iter_mut().zip(colors.chunks_exact(width)) {
        for (x, color) in line.iter().enumerate() {
            if *color == Color::Dark {
                *row |= 1 << x;
            }
        }
    }
    rows
}

/// The bit matrix turned over its diagonal: bit `y` of line `x` is bit
/// `x` of row `y` (blocks swapped in halves, six rounds).
pub(super) fn transpose(rows: &[u64; MAX_BITS_WIDTH]) -> [u64; MAX_BITS_WIDTH] {
    let mut a = *rows;
    let mut j = 32;
    let mut m: u64 = 0x0000_0000_FFFF_FFFF;
    while j != 0 {
        let mut k = 0;
        while k < 64 {
            let t = ((a[k] >> j) ^ a[k + j]) & m;
            a[k] ^= t << j;
            a[k + j] ^= t;
            k = (k + j + 1) & !j;
        }
        j >>= 1;
        m ^= m << j;
    }
    a
}

/// [`penalty`] with each line as the bits of one word, for codes 7 to 64
/// modules wide (up to version 11): about ten times faster, which matters
/// with one code per poster. `None` for other widths. Builds score
/// [`rows_of`] a code with [`penalty_of_rows`]; this tests them.
#[cfg(test)]
fn penalty_by_bits(colors: &[Color], width: usize) -> Option<u16> {
    if !(7..=MAX_BITS_WIDTH).contains(&width) {
        return None;
    }
    Some(penalty_of_rows(&rows_of(colors, width), width))
}

/// [`penalty`] of a code given as [`rows_of`] it, 7 to 64 modules wide.
pub(super) fn penalty_of_rows(rows: &[u64; MAX_BITS_WIDTH], width: usize) -> u16 {
    let full = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    let columns = transpose(rows);
    let (rows, columns) = (&rows[..width], &columns[..width]);
    // Sums of u16 that wrap are sums modulo 2^16: add exactly, cut once.
    let mut total: i64 = 0;
    for grid in [rows, columns] {
        for &line in grid {
            total += i64::from(runs_by_bits(line, width)) + i64::from(finders_by_bits(line, width));
        }
        total -= 360;
    }
    let pairs = full >> 1; // Positions x that have an x + 1.
    for (top, bottom) in rows.iter().zip(&rows[1..]) {
        let same = !(top ^ (top >> 1)) & !(top ^ bottom) & !(bottom ^ (bottom >> 1)) & pairs;
        total += 3 * i64::from(same.count_ones());
    }
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = dark * 200 / (width * width);
    total += ratio.abs_diff(100) as i64;
    total as u16
}

/// [`run_penalty`] of a line given as bits. A run of `n >= 5` scores
/// `n - 2`: that is `n - 4`, the number of places in it where five alike
/// start, plus 2 for the run. So the score is the count of those places,
/// plus 2 for each block of them (runs of five or more are never next to
/// each other, so neither are their blocks).
fn runs_by_bits(line: u64, width: usize) -> u32 {
    // Bit k: module k is like module k + 1 (for k + 1 < width).
    let alike = !(line ^ (line >> 1));
    // Bit k: modules k to k + 4 are alike (for k + 4 < width).
    let five = alike & (alike >> 1) & (alike >> 2) & (alike >> 3) & ((1u64 << (width - 4)) - 1);
    let runs = five & !(five << 1);
    five.count_ones() + 2 * runs.count_ones()
}

/// [`finder_penalty`] of a line given as bits.
fn finders_by_bits(line: u64, width: usize) -> u32 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut found = (1u64 << (width - 6)) - 1; // Starts j with j + 7 <= width.
    for (k, dark) in PATTERN.into_iter().enumerate() {
        found &= if dark { line >> k } else { !line >> k };
    }
    let span = |from: usize, to: usize| -> u64 {
        // Bits from..to (to exclusive); none when the range is empty (at
        // the end of a 64-module line, `from` is 64).
        if to <= from {
            0
        } else {
            (u64::MAX >> (64 - (to - from))) << from
        }
    };
    let mut score = 0;
    while found != 0 {
        let j = found.trailing_zeros() as usize;
        let before = line & span(j.saturating_sub(4), j) != 0;
        let after = line & span(j + 7, (j + 11).min(width)) != 0;
        if !before || !after {
            score += 40;
        }
        found &= found - 1;
    }
    score
}

/// N1 along one line: five or more alike in a row score the length less two.
fn run_penalty(line: &[bool]) -> u16 {
    let mut score: u16 = 0;
    let mut run = 1u16;
    for j in 1..=line.len() {
        if j < line.len() && line[j] == line[j - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score = score.wrapping_add(run - 2);
            }
            run = 1;
        }
    }
    score
}

/// N3 along one line: `#.###.#` with no dark module within four on one
/// side scores 40.
fn finder_penalty(line: &[bool]) -> u16 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score: u16 = 0;
    for (j, seven) in line.windows(7).enumerate() {
        if seven != PATTERN {
            continue;
        }
        let before = line[j.saturating_sub(4)..j].contains(&true);
        let after = line[j + 7..(j + 11).min(line.len())].contains(&true);
        if !before || !after {
            score = score.wrapping_add(40);
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_turns_bits_over_the_diagonal() {
        let mut seed = 7u64;
        let mut rows = [0u64; MAX_BITS_WIDTH];
        for r in &mut rows {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            *r = seed;
        }
        let t = transpose(&rows);
        for (y, row) in rows.iter().enumerate() {
            for (x, column) in t.iter().enumerate() {
                assert_eq!((row >> x) & 1, (column >> y) & 1, "({x}, {y})");
            }
        }
        assert_eq!(transpose(&t), rows);
    }

    #[test]
    fn runs_by_bits_equal_run_penalty() {
        let mut seed = 5u64;
        for width in [7, 8, 21, 33, 57, 63, 64] {
            let mut lines = vec![0, u64::MAX, 0b11111, 0b1111, 0b0111_1101_1111];
            for _ in 0..2000 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                // Runs of every length: bits from a few random words.
                let a = seed >> 7;
                lines.push(a);
                lines.push(a & (a >> 3));
                lines.push(a | (a >> 2) | (a >> 5));
            }
            for line in lines {
                let line = if width == 64 {
                    line
                } else {
                    line & ((1 << width) - 1)
                };
                let bools: Vec<bool> = (0..width).map(|x| line >> x & 1 == 1).collect();
                assert_eq!(
                    runs_by_bits(line, width),
                    u32::from(run_penalty(&bools)),
                    "width {width}, line {line:b}"
                );
            }
        }
    }

    #[test]
    fn penalty_by_bits_equals_penalty() {
        use qrcode::Color;
        let mut seed = 99u32;
        for width in [7, 8, 21, 25, 33, 41, 57, 63, 64] {
            for density in [2u32, 8, 14] {
                let colors: Vec<Color> = (0..width * width)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        if (seed >> 12) % 16 < density {
                            Color::Dark
                        } else {
                            Color::Light
                        }
                    })
                    .collect();
                assert_eq!(
                    penalty_by_bits(&colors, width),
                    Some(penalty(&colors, width)),
                    "width {width}, density {density}"
                );
            }
        }
        assert_eq!(penalty_by_bits(&[Color::Dark; 65 * 65], 65), None);
    }
}

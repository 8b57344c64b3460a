//! QR codes as small inline SVG, made at build time (no script, no request).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{bits, ec, Color, EcLevel, Version};

/// Modules of white border around the code (the QR standard asks for 4).
const QUIET: usize = 4;

/// An SVG QR code for `text`, with an accessible name `label`.
/// Dark modules are drawn as one path of horizontal runs:
/// `M{x} {y}h{run}v1h-{run}z`.
pub fn qr_svg(text: &str, label: &str) -> Result<String, String> {
    let (width, colors) = qr_colors(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code for `{text}`: {e}"))?;
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET));
            } else {
                x += 1;
            }
        }
    }
    let size = width + 2 * QUIET;
    Ok(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        crate::markdown::escape_html(label)
    ))
}

/// The masks in the order `qrcode` tries them (the first of equal
/// penalties wins).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The same modules as `QrCode::with_error_correction_level(data, ec)`,
/// with its width. `qrcode` picks the mask by the standard's penalty rules,
/// but scores them slowly (a sixth of a 10k-lesson build went there, one
/// code per poster); [`penalty`] scores the same rules on plain colours.
fn qr_colors(data: &[u8], ec_level: EcLevel) -> qrcode::QrResult<(usize, Vec<Color>)> {
    let bits = bits::encode_auto(data, ec_level)?;
    let version = bits.version();
    let (data, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, ec_level)?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec_data);
    let width = version.width() as usize;
    let masked = |mask: MaskPattern| {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        c.into_colors()
    };
    if matches!(version, Version::Micro(_)) {
        // Never for a URL of any length; let `qrcode` decide.
        let code = qrcode::QrCode::with_error_correction_level(data, ec_level)?;
        return Ok((code.width(), code.into_colors()));
    }
    let best = MASKS
        .into_iter()
        .map(masked)
        .min_by_key(|colors| {
            penalty_by_bits(colors, width).unwrap_or_else(|| penalty(colors, width))
        })
        .unwrap_or_default();
    Ok((width, best))
}

/// `qrcode`'s total penalty of a masked normal QR code (rules N1 to N4 as
/// that crate counts them, with its `u16` arithmetic), so the same mask is
/// chosen.
fn penalty(colors: &[Color], width: usize) -> u16 {
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

/// [`penalty`] with each line as the bits of one word, for codes up to 64
/// modules wide (version 11: every URL a lesson has): about ten times
/// faster, which matters with one code per poster. `None` for wider codes.
fn penalty_by_bits(colors: &[Color], width: usize) -> Option<u16> {
    if !(7..=64).contains(&width) {
        return None;
    }
    let full = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    let mut rows = [0u64; 64];
    let mut columns = [0u64; 64];
    for (y, row) in colors.chunks_exact(width).enumerate() {
        for (x, color) in row.iter().enumerate() {
            if *color == Color::Dark {
                rows[y] |= 1 << x;
                columns[x] |= 1 << y;
            }
        }
    }
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
    Some(total as u16)
}

/// [`run_penalty`] of a line given as bits.
fn runs_by_bits(line: u64, width: usize) -> u32 {
    // Bit k: module k differs from module k + 1 (a run ends at k).
    let mut ends = (line ^ (line >> 1)) & ((1u64 << (width - 1)) - 1);
    let (mut start, mut score) = (0u32, 0u32);
    let mut close = |end: u32, start: &mut u32| {
        let run = end - *start + 1;
        if run >= 5 {
            score += run - 2;
        }
        *start = end + 1;
    };
    while ends != 0 {
        let k = ends.trailing_zeros();
        close(k, &mut start);
        ends &= ends - 1;
    }
    close(width as u32 - 1, &mut start);
    score
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
    #[test]
    fn makes_a_compact_svg() {
        let svg = super::qr_svg("https://truong.example/kynangso/vneid/", "Mã QR").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains("aria-label=\"Mã QR\""));
        assert!(svg.len() < 8_000, "{} bytes", svg.len());
    }

    #[test]
    fn picks_the_same_mask_as_qrcode() {
        use qrcode::{Color, EcLevel, QrCode};
        let mut masks = std::collections::BTreeSet::new();
        for i in 0..300 {
            let url = format!(
                "https://thcs-{i}.edu.vn/kynangso/{}/bai-{}/",
                "muc-".repeat(i % 7),
                i * 37
            );
            let theirs = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
            let (width, ours) = super::qr_colors(url.as_bytes(), EcLevel::M).unwrap();
            assert_eq!(
                (width, &ours),
                (theirs.width(), &theirs.to_colors()),
                "{url}"
            );
            // The format bits next to the top-left finder name the mask.
            masks.insert(
                (0..6)
                    .map(|y| ours[y * width + 8] == Color::Dark)
                    .collect::<Vec<_>>(),
            );
        }
        assert!(
            masks.len() > 3,
            "several masks were chosen: {}",
            masks.len()
        );
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
                    super::penalty_by_bits(&colors, width),
                    Some(super::penalty(&colors, width)),
                    "width {width}, density {density}"
                );
            }
        }
        assert_eq!(super::penalty_by_bits(&[Color::Dark; 65 * 65], 65), None);
    }
}

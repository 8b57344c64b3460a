//! QR codes as small inline SVG, made at build time (no script, no request).

mod masks;
mod penalty;

use qrcode::canvas::Canvas;
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
                // `M{x} {y}h{run}v1h-{run}z`, without `write!`'s machinery:
                // a poster's code has hundreds of runs.
                path.push('M');
                push_number(&mut path, start + QUIET);
                path.push(' ');
                push_number(&mut path, y + QUIET);
                path.push('h');
                push_number(&mut path, run);
                path.push_str("v1h-");
                push_number(&mut path, run);
                path.push('z');
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

/// Appends `n` in decimal, as `write!(out, "{n}")` does (itoa, which
/// serde_json already uses, without `fmt`'s machinery).
fn push_number(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The same modules as `QrCode::with_error_correction_level(data, ec)`,
/// with its width. `qrcode` picks the mask by the standard's penalty rules,
/// but scores them slowly (a sixth of a 10k-lesson build went there, one
/// code per poster). Codes up to 64 modules wide (version 11: URLs up to
/// about 250 bytes at level M, in practice every lesson's) are masked and
/// scored here on bits ([`masks`], [`penalty`]), the same rules with the
/// same result; wider codes are masked the slower way, still here.
fn qr_colors(input: &[u8], ec_level: EcLevel) -> qrcode::QrResult<(usize, Vec<Color>)> {
    let bits = bits::encode_auto(input, ec_level)?;
    let version = bits.version();
    if matches!(version, Version::Micro(_)) {
        // Never for a URL of any length; let `qrcode` decide.
        let code = qrcode::QrCode::with_error_correction_level(input, ec_level)?;
        return Ok((code.width(), code.into_colors()));
    }
    let (data, ec_data) = ec::construct_codewords(&bits.into_bytes(), version, ec_level)?;
    let width = version.width() as usize;
    if let Some(plan) = masks::plan(version, ec_level) {
        let mut canvas = plan.blank().clone();
        canvas.draw_data(&data, &ec_data);
        return Ok((width, plan.best_masked(canvas)));
    }
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec_data);
    let best = masks::MASKS
        .into_iter()
        .map(|mask| {
            let mut c = canvas.clone();
            c.apply_mask(mask);
            c.into_colors()
        })
        .min_by_key(|colors| penalty::penalty(colors, width))
        .unwrap_or_default();
    Ok((width, best))
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_written_as_format_writes_them() {
        let mut n = 0usize;
        while n < usize::MAX / 3 {
            for m in [n, n + 1, n + 9, n.saturating_sub(1)] {
                let mut out = String::from("x");
                super::push_number(&mut out, m);
                assert_eq!(out, format!("x{m}"));
            }
            n = n * 3 + 1;
        }
        for m in 0..2000 {
            let mut out = String::new();
            super::push_number(&mut out, m);
            assert_eq!(out, m.to_string());
        }
        let mut out = String::new();
        super::push_number(&mut out, usize::MAX);
        assert_eq!(out, usize::MAX.to_string());
    }

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
        let mut widths = std::collections::BTreeSet::new();
        for i in 0..300 {
            let url = format!(
                "https://thcs-{i}.edu.vn/kynangso/{}/bai-{}/",
                "muc-".repeat(i % 7),
                i * 37
            );
            // Every twentieth is longer than any lesson's URL: codes of
            // many sizes, some too wide for masking on bits.
            let url = if i % 20 == 0 {
                format!("{url}{}", "dang-ky-vneid/".repeat(i / 8))
            } else {
                url
            };
            let theirs = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
            let (width, ours) = super::qr_colors(url.as_bytes(), EcLevel::M).unwrap();
            assert_eq!(
                (width, &ours),
                (theirs.width(), &theirs.to_colors()),
                "{url}"
            );
            widths.insert(width);
            // The format bits next to the top-left finder name the mask.
            masks.insert(
                (0..6)
                    .map(|y| ours[y * width + 8] == Color::Dark)
                    .collect::<Vec<_>>(),
            );
        }
        assert!(
            widths.iter().any(|w| *w > 64) && widths.len() > 5,
            "codes of several sizes, masked both ways: {widths:?}"
        );
        assert!(
            masks.len() > 3,
            "several masks were chosen: {}",
            masks.len()
        );
    }
}

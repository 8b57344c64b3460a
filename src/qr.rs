//! QR codes as small inline SVG, made at build time (no script, no request).

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code (the QR standard asks for 4).
const QUIET: usize = 4;

/// An SVG QR code for `text`, with an accessible name `label`.
/// Dark modules are drawn as one path of horizontal runs:
/// `M{x} {y}h{run}v1h-{run}z`.
pub fn qr_svg(text: &str, label: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("cannot make a QR code for `{text}`: {e}"))?;
    let width = code.width();
    let colors = code.to_colors();
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

#[cfg(test)]
mod tests {
    #[test]
    fn makes_a_compact_svg() {
        let svg = super::qr_svg("https://truong.example/kynangso/vneid/", "Mã QR").unwrap();
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains("aria-label=\"Mã QR\""));
        assert!(svg.len() < 8_000, "{} bytes", svg.len());
    }
}

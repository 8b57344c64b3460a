//! The school's brand colour: parsed, checked for text contrast (WCAG 2.2,
//! 4.5:1) on the default theme's light and dark backgrounds, and, when it
//! fails, the nearest colour of the same hue that passes.

/// The theme's page background in light mode.
pub const LIGHT_BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
/// The theme's page background in dark mode (`--bg` in `style.css`).
pub const DARK_BACKGROUND: Rgb = Rgb(0x0f, 0x14, 0x19);
/// The background of code blocks in light mode (`--soft`).
pub const CODE_LIGHT_BACKGROUND: Rgb = Rgb(0xf3, 0xf5, 0xf7);
/// The background of code blocks in dark mode (`--soft`).
pub const CODE_DARK_BACKGROUND: Rgb = Rgb(0x1a, 0x21, 0x29);
/// The contrast text needs (WCAG 2.2 AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// A colour in sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, len: usize| u8::from_str_radix(&hex[i..i + len], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG).
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// This colour mixed with `other`: `t` = 0 gives this one, 1 gives `other`.
    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// The contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (a.luminance(), b.luminance());
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The colour nearest to `colour`, of the same hue, that reaches
/// [`MIN_CONTRAST`] on `background`: mixed with black on a light
/// background, with white on a dark one, as little as needed.
pub fn nearest_readable(colour: Rgb, background: Rgb) -> Rgb {
    if contrast(colour, background) >= MIN_CONTRAST {
        return colour;
    }
    let toward = if background.luminance() > 0.5 {
        Rgb(0, 0, 0)
    } else {
        Rgb(255, 255, 255)
    };
    // The smallest step (1/256) that passes.
    let steps = 256;
    (1..=steps)
        .map(|k| colour.mix(toward, f64::from(k) / f64::from(steps)))
        .find(|c| contrast(*c, background) >= MIN_CONTRAST)
        .unwrap_or(toward)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(Rgb::parse("#0b5cad"), Some(Rgb(0x0b, 0x5c, 0xad)));
        assert_eq!(Rgb::parse("#FFF"), Some(Rgb(255, 255, 255)));
        for bad in ["0b5cad", "#0b5ca", "#ggg", "red", "#12345678"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_matches_known_pairs() {
        let white = LIGHT_BACKGROUND;
        assert!((contrast(Rgb(0, 0, 0), white) - 21.0).abs() < 0.01);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 is the lightest grey that passes on white (4.54:1).
        assert!((contrast(Rgb::parse("#767676").unwrap(), white) - 4.54).abs() < 0.01);
        assert!(contrast(Rgb::parse("#777777").unwrap(), white) < MIN_CONTRAST);
    }

    #[test]
    fn the_nearest_readable_colour_keeps_the_hue_and_just_passes() {
        let orange = Rgb::parse("#ff9900").unwrap();
        let fixed = nearest_readable(orange, LIGHT_BACKGROUND);
        assert!(contrast(fixed, LIGHT_BACKGROUND) >= MIN_CONTRAST);
        // Darker, same hue: red stays the largest channel, blue zero.
        assert!(fixed.0 > fixed.1 && fixed.2 == 0, "{}", fixed.hex());
        // As light as it can be: one step lighter fails.
        let lighter = Rgb(fixed.0 + 1, fixed.1, fixed.2);
        assert!(contrast(lighter, LIGHT_BACKGROUND) < MIN_CONTRAST + 0.05);
        // On the dark background, a dark blue is lightened.
        let navy = Rgb::parse("#0b2e6b").unwrap();
        let light = nearest_readable(navy, DARK_BACKGROUND);
        assert!(contrast(light, DARK_BACKGROUND) >= MIN_CONTRAST);
        assert!(light.2 > navy.2);
        // A colour that passes is kept.
        let blue = Rgb::parse("#0b5cad").unwrap();
        assert_eq!(nearest_readable(blue, LIGHT_BACKGROUND), blue);
    }
}

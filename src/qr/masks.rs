//! Masking QR codes on bits. What a mask does to a code depends only on
//! the code's version and error-correction level, not on its data: it
//! turns over the data modules where its pattern is on, and writes the
//! format information that names it. So that is worked out once per size
//! ([`Plan`]), with `qrcode`'s own canvas, and each code is then masked
//! eight times by exclusive or, one row at a time.

use super::penalty::{penalty_of_rows, rows_of, MAX_BITS_WIDTH};
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};
use std::sync::{Arc, Mutex, OnceLock};

/// The masks in the order `qrcode` tries them (the first of equal
/// penalties wins).
pub(super) const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// What masking does to every normal code of one version and
/// error-correction level.
pub(super) struct Plan {
    width: usize,
    /// The canvas with its functional patterns drawn, ready for data.
    blank: Canvas,
    /// Per mask, row by row: the modules it turns over. On a blank canvas
    /// the data modules are light and the format information is reserved
    /// as light, so these are the data modules under the pattern and the
    /// dark bits of the format information.
    flips: [[u64; MAX_BITS_WIDTH]; 8],
}

impl Plan {
    fn new(version: Version, ec_level: EcLevel) -> Plan {
        let width = version.width() as usize;
        let mut blank = Canvas::new(version, ec_level);
        blank.draw_all_functional_patterns();
        let unmasked = rows_of(&blank.clone().into_colors(), width);
        let flips = MASKS.map(|mask| {
            let mut masked = blank.clone();
            masked.apply_mask(mask);
            let masked = rows_of(&masked.into_colors(), width);
            std::array::from_fn(|y| masked[y] ^ unmasked[y])
        });
        Plan {
            width,
            blank,
            flips,
        }
    }

    /// The canvas to draw a code's data on.
    pub(super) fn blank(&self) -> &Canvas {
        &self.blank
    }

    /// The modules of `canvas` (this plan's blank with data drawn) under
    /// the mask of least penalty: the colours `qrcode` gives.
    pub(super) fn best_masked(&self, canvas: Canvas) -> Vec<Color> {
        let width = self.width;
        let rows = rows_of(&canvas.into_colors(), width);
        let masked = |m: usize| -> [u64; MAX_BITS_WIDTH] {
            std::array::from_fn(|y| rows[y] ^ self.flips[m][y])
        };
        let best = (0..MASKS.len())
            .min_by_key(|&m| penalty_of_rows(&masked(m), width))
            .unwrap_or(0);
        let best = masked(best);
        let mut colors = Vec::with_capacity(width * width);
        for row in &best[..width] {
            colors.extend((0..width).map(|x| {
                if row >> x & 1 == 1 {
                    Color::Dark
                } else {
                    Color::Light
                }
            }));
        }
        colors
    }
}

/// The plan for normal codes of `version` at `ec_level`, made once and
/// shared; `None` for codes wider than [`MAX_BITS_WIDTH`] and micro codes.
pub(super) fn plan(version: Version, ec_level: EcLevel) -> Option<Arc<Plan>> {
    type Plans = Mutex<Vec<((Version, EcLevel), Arc<Plan>)>>;
    static PLANS: OnceLock<Plans> = OnceLock::new();
    if matches!(version, Version::Micro(_)) || version.width() as usize > MAX_BITS_WIDTH {
        return None;
    }
    let mut plans = PLANS
        .get_or_init(Plans::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    let key = (version, ec_level);
    if let Some((_, plan)) = plans.iter().find(|(k, _)| *k == key) {
        return Some(plan.clone());
    }
    let plan = Arc::new(Plan::new(version, ec_level));
    plans.push((key, plan.clone()));
    Some(plan)
}

//! GFM alerts (`> [!NOTE]` …) rendered as accessible callouts.

use pulldown_cmark::BlockQuoteKind;

/// The visible labels of the five alert kinds (from the theme's strings).
#[derive(Debug, Clone)]
pub struct AlertLabels {
    /// `[!NOTE]`
    pub note: String,
    /// `[!TIP]`
    pub tip: String,
    /// `[!IMPORTANT]`
    pub important: String,
    /// `[!WARNING]`
    pub warning: String,
    /// `[!CAUTION]`: the scam warning.
    pub caution: String,
}

impl Default for AlertLabels {
    fn default() -> Self {
        AlertLabels {
            note: "Lưu ý".into(),
            tip: "Mẹo".into(),
            important: "Quan trọng".into(),
            warning: "Cảnh báo".into(),
            caution: "Cảnh báo lừa đảo".into(),
        }
    }
}

/// The opening HTML of a callout.
pub(crate) fn open(kind: BlockQuoteKind, labels: &AlertLabels) -> String {
    let (class, label, icon) = match kind {
        BlockQuoteKind::Note => ("note", &labels.note, "i"),
        BlockQuoteKind::Tip => ("tip", &labels.tip, "✓"),
        BlockQuoteKind::Important => ("important", &labels.important, "!"),
        BlockQuoteKind::Warning => ("warning", &labels.warning, "!"),
        BlockQuoteKind::Caution => ("caution", &labels.caution, "⚠"),
    };
    format!(
        "<div class=\"callout callout-{class}\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\">{icon}</span> {}</p>\n",
        crate::markdown::render::escape(label)
    )
}

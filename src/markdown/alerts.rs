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

/// The opening HTML of a callout. The scam warning (`[!CAUTION]`) follows
/// GOV.UK's warning text: an icon hidden from screen readers and its label
/// as visually hidden text, so it is read first but not shown twice.
pub(crate) fn open(kind: BlockQuoteKind, labels: &AlertLabels) -> String {
    if kind == BlockQuoteKind::Caution {
        return format!(
            "<div class=\"callout callout-caution\"><span class=\"callout-icon\" aria-hidden=\"true\">!</span><div class=\"callout-body\"><p class=\"visually-hidden\">{}</p>\n",
            crate::markdown::render::escape(&labels.caution)
        );
    }
    let (class, label, icon) = match kind {
        BlockQuoteKind::Note => ("note", &labels.note, "i"),
        BlockQuoteKind::Tip => ("tip", &labels.tip, "✓"),
        BlockQuoteKind::Important => ("important", &labels.important, "!"),
        BlockQuoteKind::Warning => ("warning", &labels.warning, "!"),
        BlockQuoteKind::Caution => unreachable!("handled above"),
    };
    format!(
        "<div class=\"callout callout-{class}\"><p class=\"callout-title\"><span class=\"callout-icon\" aria-hidden=\"true\">{icon}</span> {}</p>\n",
        crate::markdown::render::escape(label)
    )
}

/// The closing HTML of a callout.
pub(crate) fn close(kind: BlockQuoteKind) -> &'static str {
    if kind == BlockQuoteKind::Caution {
        "</div></div>\n"
    } else {
        "</div>\n"
    }
}

//! [`Styles`]: every format the report uses, made once.

use super::MAX_DECIMALS;
use crate::model::spc::{Assurance, Spc, Variation};
use crate::model::{Indicator, Rag, Unit};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Every format the workbook uses, made once.
pub(super) struct Styles {
    /// A sheet's title.
    pub(super) title: Format,
    /// A line under the title, and the council's row.
    pub(super) subtitle: Format,
    /// Table headings.
    pub(super) header: Format,
    /// Text on one line.
    pub(super) plain: Format,
    /// Text on one line, quote-prefixed.
    pub(super) plain_q: Format,
    /// Text that wraps.
    pub(super) wrap: Format,
    /// Text that wraps, quote-prefixed.
    pub(super) wrap_q: Format,
    /// Numbers in the General format.
    pub(super) general: Format,
    /// Text right-aligned and set in, so it never reads as one with a number to its left.
    pub(super) indent: Format,
    /// A short word centred in its column, kept apart from a number on its left.
    pub(super) centre: Format,
    /// `#,##0`, `#,##0.0`, ... by number of decimals.
    pub(super) decimals: Vec<Format>,
    /// `£#,##0`, `£#,##0.0`, ... by number of decimals, for currency.
    pub(super) money: Vec<Format>,
    /// `"£"General` when no decimals are given: pounds and pence as they come.
    pub(super) money_general: Format,
    /// `0%`.
    pub(super) percent: Format,
    /// `0.0%`.
    pub(super) percent1: Format,
    /// Green, amber, red, none and missing.
    pub(super) rag: [Format; 5],
    /// An error finding.
    pub(super) error: Format,
    /// A warning finding.
    pub(super) warning: Format,
    /// SPC icons: improvement (blue), concern (orange), neither (purple),
    /// common cause or hit or miss (grey), as NHS England colours them.
    pub(super) spc: [Format; 4],
    /// The chart-data tables' text and numbers, shrunk to fit their column:
    /// those tables sit under the indicator table's narrow columns, where
    /// "£3,052,800" showed as "###" and periods ran into each other.
    pub(super) fitted: Fitted,
    /// The action plan's own formats (see [`PlanFormats`]).
    pub(super) plan: PlanFormats,
    /// A link, top-aligned as the text beside it (a link's own format sits
    /// at the bottom of a tall row, where it reads as the next row's).
    pub(super) link: Format,
}

/// Formats only the action plan uses (SPEC section 13). Not in
/// [`Styles::all`]: a format registered with the workbook is in its styles
/// whether used or not, and a run without a plan writes what it always did.
/// Only sheets kept in memory use them, which add their formats at the save.
pub(super) struct PlanFormats {
    /// A date, `30 Sep 2026`.
    pub(super) date: Format,
    /// Complete, in blue, as NHS and council trackers show it.
    pub(super) blue: Format,
    /// Wrapping words set in from the left, apart from a number beside them.
    pub(super) note: Format,
    /// Bold, for part of a cell's words.
    pub(super) bold: Format,
    /// The shades of [`Styles::shade`], wrapping, for a narrow column.
    pub(super) shades_wrapped: [Format; 5],
    /// The default font, for part of a cell's words.
    pub(super) regular: Format,
}

/// The shrink-to-fit variants of the text and number formats (see [`Styles::fitted`]).
pub(super) struct Fitted {
    /// Text.
    pub(super) text: Format,
    /// As [`Styles::general`].
    general: Format,
    /// As [`Styles::decimals`].
    decimals: Vec<Format>,
    /// As [`Styles::money`].
    money: Vec<Format>,
    /// As [`Styles::money_general`].
    money_general: Format,
}

impl Styles {
    /// Every format here, in a fixed order: registered with the workbook before
    /// any sheet is built (see [`super::workbook_bytes`]).
    pub(super) fn all(&self) -> Vec<&Format> {
        let mut all = vec![
            &self.title,
            &self.subtitle,
            &self.header,
            &self.plain,
            &self.plain_q,
            &self.wrap,
            &self.wrap_q,
            &self.general,
            &self.indent,
            &self.centre,
            &self.percent,
            &self.percent1,
            &self.error,
            &self.warning,
        ];
        all.push(&self.money_general);
        all.extend(&self.decimals);
        all.extend(&self.money);
        all.extend(&self.rag);
        all.extend(&self.spc);
        let f = &self.fitted;
        all.extend([&f.text, &f.general, &f.money_general]);
        all.extend(&f.decimals);
        all.extend(&f.money);
        all.push(&self.link);
        all
    }
}

fn rag_format(fill: u32, font: u32) -> Format {
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_font_color(Color::RGB(font))
        .set_align(FormatAlign::Top)
}

impl Styles {
    /// Makes every format.
    pub(super) fn new() -> Styles {
        let top = Format::new().set_align(FormatAlign::Top);
        let wrap = top.clone().set_text_wrap();
        let decimals: Vec<Format> = (0..=MAX_DECIMALS)
            .map(|d| {
                let fmt = if d == 0 {
                    "#,##0".to_string()
                } else {
                    format!("#,##0.{}", "0".repeat(d))
                };
                top.clone().set_num_format(fmt)
            })
            .collect();
        let money: Vec<Format> = (0..=MAX_DECIMALS)
            .map(|d| {
                let fmt = if d == 0 {
                    "£#,##0;-£#,##0".to_string()
                } else {
                    let z = "0".repeat(d);
                    format!("£#,##0.{z};-£#,##0.{z}")
                };
                top.clone().set_num_format(fmt)
            })
            .collect();
        let grey = rag_format(0xEDEDED, 0x3A3A3A);
        let shrunk = |f: &Format| f.clone().set_shrink();
        let money_general = top.clone().set_num_format("\"£\"General");
        let fitted = Fitted {
            // Right-aligned, as the figures under them are.
            text: shrunk(&top).set_align(FormatAlign::Right),
            general: shrunk(&top),
            decimals: decimals.iter().map(shrunk).collect(),
            money: money.iter().map(shrunk).collect(),
            money_general: shrunk(&money_general),
        };
        let plan = PlanFormats {
            date: top.clone().set_num_format("d mmm yyyy"),
            blue: rag_format(0xDDEBF7, 0x1F4E79),
            note: wrap.clone().set_indent(1),
            bold: Format::new().set_bold(),
            shades_wrapped: [
                rag_format(0xDDEBF7, 0x1F4E79).set_text_wrap(),
                rag_format(0xC6EFCE, 0x006100).set_text_wrap(),
                rag_format(0xFFEB9C, 0x9C5700).set_text_wrap(),
                rag_format(0xFFC7CE, 0x9C0006).set_text_wrap(),
                rag_format(0xEDEDED, 0x3A3A3A).set_text_wrap(),
            ],
            regular: Format::new(),
        };
        Styles {
            link: top.clone().set_hyperlink(),
            plan,
            fitted,
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            plain_q: top.clone().set_quote_prefix(),
            plain: top.clone(),
            wrap_q: wrap.clone().set_quote_prefix(),
            wrap,
            general: top.clone(),
            indent: top.clone().set_align(FormatAlign::Right).set_indent(2),
            centre: top.clone().set_align(FormatAlign::Center),
            decimals,
            money,
            money_general,
            percent: top.clone().set_num_format("0%"),
            percent1: top.clone().set_num_format("0.0%"),
            rag: [
                rag_format(0xC6EFCE, 0x006100),
                rag_format(0xFFEB9C, 0x9C5700),
                rag_format(0xFFC7CE, 0x9C0006),
                // "No target" wraps in the narrow RAG column.
                grey.clone().set_text_wrap(),
                grey.clone(),
            ],
            spc: [
                rag_format(0xDDEBF7, 0x1F4E79).set_text_wrap(),
                rag_format(0xFCE4D6, 0x843C0C).set_text_wrap(),
                rag_format(0xE4DFEC, 0x5B2C6F).set_text_wrap(),
                grey.set_text_wrap(),
            ],
            error: rag_format(0xFFC7CE, 0x9C0006),
            warning: rag_format(0xFFEB9C, 0x9C5700),
        }
    }

    /// The fill and font of a RAG status.
    pub(super) fn rag(&self, rag: Rag) -> &Format {
        &self.rag[match rag {
            Rag::Green => 0,
            Rag::Amber => 1,
            Rag::Red => 2,
            Rag::None => 3,
            Rag::Missing => 4,
        }]
    }

    /// The fill and font of an action's RAG shade (blue for complete).
    pub(super) fn shade(&self, shade: crate::report::action_words::Shade) -> &Format {
        use crate::report::action_words::Shade;
        match shade {
            Shade::Blue => &self.plan.blue,
            Shade::Green => &self.rag[0],
            Shade::Amber => &self.rag[1],
            Shade::Red => &self.rag[2],
            Shade::Grey => &self.rag[3],
        }
    }

    /// [`Styles::shade`], wrapping.
    pub(super) fn shade_wrapped(&self, shade: crate::report::action_words::Shade) -> &Format {
        use crate::report::action_words::Shade;
        &self.plan.shades_wrapped[match shade {
            Shade::Blue => 0,
            Shade::Green => 1,
            Shade::Amber => 2,
            Shade::Red => 3,
            Shade::Grey => 4,
        }]
    }

    /// The number format for an indicator's values: £ for currency, at its
    /// decimal places (General, or pounds, if none).
    pub(super) fn for_indicator(&self, ind: Option<&Indicator>) -> &Format {
        let decimals = ind.and_then(|i| i.decimals);
        match ind.map(|i| i.unit) {
            Some(Unit::Currency) => match decimals {
                Some(d) => &self.money[(d as usize).min(MAX_DECIMALS)],
                None => &self.money_general,
            },
            _ => self.number(decimals),
        }
    }

    /// The word and format of an SPC variation icon; "Not enough data" without
    /// SPC. Every one wraps: the columns are narrow so that they print.
    pub(super) fn variation(&self, spc: Option<&Spc>) -> (&'static str, &Format) {
        match spc.map(|s| s.variation) {
            None => ("Not enough data", &self.wrap),
            Some(v @ (Variation::ImprovementHigh | Variation::ImprovementLow)) => {
                (v.word(), &self.spc[0])
            }
            Some(v @ (Variation::ConcernHigh | Variation::ConcernLow)) => (v.word(), &self.spc[1]),
            Some(v @ (Variation::NeitherHigh | Variation::NeitherLow)) => (v.word(), &self.spc[2]),
            Some(v @ Variation::CommonCause) => (v.word(), &self.spc[3]),
        }
    }

    /// The word and format of an SPC assurance icon (wrapping); blank without one.
    pub(super) fn assurance(&self, spc: Option<&Spc>) -> (&'static str, &Format) {
        match spc.and_then(|s| s.assurance) {
            None => ("", &self.wrap),
            Some(a @ Assurance::Pass) => (a.word(), &self.spc[0]),
            Some(a @ Assurance::Fail) => (a.word(), &self.spc[1]),
            Some(a @ Assurance::HitOrMiss) => (a.word(), &self.spc[3]),
        }
    }

    /// The number format for a number of decimal places (General if none).
    /// [`Styles::for_indicator`], shrunk to fit its column (chart-data tables).
    pub(super) fn fitted_for_indicator(&self, ind: Option<&Indicator>) -> &Format {
        let f = &self.fitted;
        let decimals = ind.and_then(|i| i.decimals);
        match (ind.map(|i| i.unit), decimals) {
            (Some(Unit::Currency), Some(d)) => &f.money[(d as usize).min(MAX_DECIMALS)],
            (Some(Unit::Currency), None) => &f.money_general,
            (_, Some(d)) => &f.decimals[(d as usize).min(MAX_DECIMALS)],
            (_, None) => &f.general,
        }
    }

    pub(super) fn number(&self, decimals: Option<u32>) -> &Format {
        match decimals {
            Some(d) => &self.decimals[(d as usize).min(MAX_DECIMALS)],
            None => &self.general,
        }
    }
}

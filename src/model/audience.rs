//! Who a report is for (SPEC section 14): the council named in `ipr.toml`
//! and, for a pack, the audience it is cut for. Titles are made here once,
//! so the workbook and the page say the same words.

/// A pack's audience: a value of a grouping column, as first written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackAudience {
    /// The grouping column as `packs` in `ipr.toml` names it (`Committee`).
    pub column: String,
    /// The value as first written in the register or plan.
    pub value: String,
}

impl PackAudience {
    /// "the Children and Young People Scrutiny Committee" (the value names
    /// its kind already), else "the Adult Social Care portfolio".
    pub fn words(&self) -> String {
        let kind = self.column.trim().to_lowercase();
        if self.value.to_lowercase().contains(&kind) {
            format!("the {}", self.value)
        } else {
            format!("the {} {kind}", self.value)
        }
    }
}

/// Who a report is for; the default (no council, no pack) keeps every title as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// `council = "..."` in `ipr.toml`.
    pub council: Option<String>,
    /// The pack's audience, for a pack.
    pub pack: Option<PackAudience>,
}

impl Audience {
    /// True when neither a council nor a pack is named.
    pub fn is_plain(&self) -> bool {
        self.council.is_none() && self.pack.is_none()
    }

    /// "Herefordshire Council: Integrated Performance Report for the Audit
    /// Committee" (the parts that are named).
    pub fn heading(&self) -> String {
        let mut t = String::new();
        if let Some(c) = &self.council {
            t.push_str(c);
            t.push_str(": ");
        }
        t.push_str("Integrated Performance Report");
        if let Some(p) = &self.pack {
            t.push_str(" for ");
            t.push_str(&p.words());
        }
        t
    }

    /// `text` after the council's name ("Herefordshire Council: Remedial
    /// action report ..."), or as it is where no council is named.
    pub fn named(&self, text: String) -> String {
        match &self.council {
            Some(c) => format!("{c}: {text}"),
            None => text,
        }
    }

    /// The full title with the period in words ("..., September 2026"), or
    /// `None` for a plain report, whose titles stay as they were.
    pub fn title(&self, period_words: &str) -> Option<String> {
        (!self.is_plain()).then(|| format!("{}, {period_words}", self.heading()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_council_and_the_audience() {
        let plain = Audience::default();
        assert_eq!(plain.title("September 2026"), None);
        let council = Audience {
            council: Some("Herefordshire Council".into()),
            pack: None,
        };
        assert_eq!(
            council.title("September 2026").unwrap(),
            "Herefordshire Council: Integrated Performance Report, September 2026"
        );
        let pack = |value: &str| Audience {
            pack: Some(PackAudience {
                column: "Committee".into(),
                value: value.into(),
            }),
            ..council.clone()
        };
        assert_eq!(
            pack("Children and Young People Scrutiny Committee").title("September 2026").unwrap(),
            "Herefordshire Council: Integrated Performance Report for the Children and Young People Scrutiny Committee, September 2026"
        );
        assert_eq!(
            pack("Audit").heading(),
            "Herefordshire Council: Integrated Performance Report for the Audit committee"
        );
    }
}

//! The action plan in words (SPEC section 13), said the same way on every
//! sheet of the workbook and on the web page: ipr's RAG, the owner's, the
//! status, the change since last month and the linked indicators.

use crate::model::plan_result::LinkedIndicator;
use crate::model::{ActionRag, ActionReason, ActionSince, OwnerRag, Status};

/// ipr's RAG for an action as members read it: "Green", "Overdue", "Not assessed".
pub fn rag_word(rag: ActionRag) -> &'static str {
    match rag {
        ActionRag::Complete => "Complete",
        ActionRag::Cancelled => "Cancelled",
        ActionRag::Deferred => "Deferred",
        ActionRag::Overdue => "Overdue",
        ActionRag::Green => "Green",
        ActionRag::Amber => "Amber",
        ActionRag::Red => "Red",
        ActionRag::NotAssessed => "Not assessed",
    }
}

/// The colour an action's RAG is shown in: complete is blue, overdue red,
/// and an action not assessed (cancelled, deferred, or nothing to go on) grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    /// Complete.
    Blue,
    /// On track.
    Green,
    /// At risk.
    Amber,
    /// Off track or overdue.
    Red,
    /// Not assessed, cancelled or deferred.
    Grey,
}

/// The colour of ipr's RAG for an action.
pub fn rag_shade(rag: ActionRag) -> Shade {
    match rag {
        ActionRag::Complete => Shade::Blue,
        ActionRag::Green => Shade::Green,
        ActionRag::Amber => Shade::Amber,
        ActionRag::Red | ActionRag::Overdue => Shade::Red,
        ActionRag::Cancelled | ActionRag::Deferred | ActionRag::NotAssessed => Shade::Grey,
    }
}

/// The owner's RAG as a word and its colour.
pub fn owner_rag(rag: OwnerRag) -> (&'static str, Shade) {
    match rag {
        OwnerRag::Green => ("Green", Shade::Green),
        OwnerRag::Amber => ("Amber", Shade::Amber),
        OwnerRag::Red => ("Red", Shade::Red),
        OwnerRag::Blue => ("Blue", Shade::Blue),
    }
}

/// The status as written in the report: "In progress", "Not given" when none was.
pub fn status_word(status: Option<Status>) -> &'static str {
    match status {
        Some(Status::NotStarted) => "Not started",
        Some(Status::InProgress) => "In progress",
        Some(Status::Complete) => "Complete",
        Some(Status::Deferred) => "Deferred",
        Some(Status::Cancelled) => "Cancelled",
        None => "Not given",
    }
}

/// The change since last month in words: "new exception", "date moved".
pub fn since_word(since: ActionSince) -> &'static str {
    match since {
        ActionSince::New => "new exception",
        ActionSince::Completed => "completed",
        ActionSince::Cancelled => "cancelled",
        ActionSince::Deferred => "deferred",
        ActionSince::DateMoved => "date moved",
        ActionSince::Better => "better",
        ActionSince::Worse => "worse",
        ActionSince::Unchanged => "unchanged",
    }
}

/// An action exception's reasons in words, capitalised, as the form and the
/// console say them: "Overdue, slipped past its due date".
pub fn reasons_sentence(reasons: &[ActionReason]) -> String {
    super::capitalise(&super::action_forms::action_reasons_words(reasons))
}

/// "1 day", "45 days".
pub fn days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// The linked indicators with their RAG: "RES-01 Red, RES-02 Green"; a code
/// not assessed this period says so ("ASC-01 not due").
pub fn linked_words(linked: &[LinkedIndicator]) -> String {
    let words: Vec<String> = linked
        .iter()
        .map(|l| match l.rag {
            Some(rag) => format!("{} {}", l.code, rag.word()),
            None => format!("{} not due", l.code),
        })
        .collect();
    words.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rag;

    #[test]
    fn every_rag_has_a_word_and_a_colour() {
        for rag in ActionRag::ALL {
            assert!(!rag_word(rag).is_empty());
            let grey = matches!(
                rag,
                ActionRag::Cancelled | ActionRag::Deferred | ActionRag::NotAssessed
            );
            assert_eq!(rag_shade(rag) == Shade::Grey, grey, "{rag:?}");
        }
        assert_eq!(rag_shade(ActionRag::Overdue), Shade::Red);
        assert_eq!(rag_word(ActionRag::NotAssessed), "Not assessed");
    }

    #[test]
    fn reasons_and_links_read_as_words() {
        use ActionReason::*;
        assert_eq!(
            reasons_sentence(&[Overdue, Slipped]),
            "Overdue, slipped past its due date"
        );
        assert_eq!(reasons_sentence(&[OffTrack]), "Off track");
        let linked = [
            LinkedIndicator {
                code: "RES-01".into(),
                rag: Some(Rag::Red),
            },
            LinkedIndicator {
                code: "ASC-01".into(),
                rag: None,
            },
        ];
        assert_eq!(linked_words(&linked), "RES-01 Red, ASC-01 not due");
        assert_eq!(days(1), "1 day");
        assert_eq!(days(-3), "-3 days");
    }
}

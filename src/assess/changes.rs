//! Changes since the previous report (SPEC section 10): RAG then and now,
//! exceptions new and no longer, and which findings the previous report had.

use crate::model::previous::{previous_finding_key, rag_of, Changes, PreviousReport, Since};
use crate::model::{Consolidation, Rag};

/// Green above amber above red; no rank for none or missing, which are neither
/// better nor worse than anything.
fn rank(r: Rag) -> Option<u8> {
    match r {
        Rag::Green => Some(2),
        Rag::Amber => Some(1),
        Rag::Red => Some(0),
        Rag::None | Rag::Missing => None,
    }
}

/// What changed between `prev` and this consolidation (its findings settled).
/// Codes are listed in register order.
pub fn compare(c: &Consolidation, prev: &PreviousReport) -> Changes {
    let mut ch = Changes {
        previous_period: prev.period.clone(),
        previous_file: prev.file.clone(),
        ..Changes::default()
    };
    for p in &prev.indicators {
        ch.previous_codes.insert(p.code.to_uppercase());
    }
    for r in &c.indicators {
        let Some(p) = prev.indicator(&r.code) else {
            continue;
        };
        let then = p.rag.as_deref().and_then(rag_of);
        ch.rag_previous.insert(r.code.clone(), then);
        let moved = match (then.and_then(rank), rank(r.rag)) {
            (Some(a), Some(b)) if b > a => Some(Since::Better),
            (Some(a), Some(b)) if b < a => Some(Since::Worse),
            _ => None,
        };
        match moved {
            Some(Since::Better) => ch.rag_better.push(r.code.clone()),
            Some(Since::Worse) => ch.rag_worse.push(r.code.clone()),
            _ => {}
        }
        if r.exception && !p.exception {
            ch.new_exceptions.push(r.code.clone());
        }
        // No figure now (missing, or withheld for a validity error) is not
        // "no longer" an exception: it was not assessed (SPEC section 15).
        let no_figure = r.rag == Rag::Missing && then.is_some_and(|t| t != Rag::Missing);
        let returned = then == Some(Rag::Missing) && r.rag != Rag::Missing;
        if p.exception && !r.exception {
            if r.rag == Rag::Missing {
                ch.no_figure_exceptions.push(r.code.clone());
            } else {
                ch.no_longer_exceptions.push(r.code.clone());
            }
        }
        if returned {
            ch.returned.push(r.code.clone());
        }
        let since = if r.exception && !p.exception {
            Since::New
        } else if no_figure {
            Since::NoFigure
        } else if returned {
            Since::Returned
        } else {
            moved.unwrap_or(Since::Unchanged)
        };
        ch.since.insert(r.code.clone(), since);
    }
    // An exception now for an indicator the previous report did not have is new too.
    for r in c.indicators.iter().filter(|r| r.exception) {
        if prev.indicator(&r.code).is_none() {
            ch.new_exceptions.push(r.code.clone());
            ch.since.insert(r.code.clone(), Since::New);
        }
    }
    let order = |code: &String| c.indicators.iter().position(|r| &r.code == code);
    ch.new_exceptions.sort_by_key(order);
    ch.seen = prev.findings.iter().map(previous_finding_key).collect();
    ch
}

#[cfg(test)]
mod tests {
    use crate::model::previous::{finding_key, previous_finding_key, PreviousFinding};
    use crate::model::{Finding, Rule};

    fn previous(json: &str) -> PreviousFinding {
        serde_json::from_str(json).expect("a previous finding")
    }

    #[test]
    fn a_finding_is_known_by_what_it_is_about_not_its_file_or_value() {
        let mut now = Finding::new(Rule::DQ033, "returns/Resources August v2.xlsx", "x".into());
        now.directorate = Some("Resources".into());
        now.value = Some("returns/Resources August v2.xlsx".into());
        let then = previous(
            r#"{"rule": "DQ033", "directorate": "RESOURCES", "indicator": null,
                "period": null, "value": "Resources-2026-08 copy.xlsx", "file": null}"#,
        );
        assert_eq!(finding_key(&now), previous_finding_key(&then));
        // Another directorate's is another finding.
        now.directorate = Some("Adults and Health".into());
        assert_ne!(finding_key(&now), previous_finding_key(&then));
    }

    #[test]
    fn a_file_ipr_could_not_place_is_known_by_its_name() {
        let now = Finding::new(Rule::DQ006, "returns/2026-27/Mystery.xlsx", "x".into());
        let same = previous(r#"{"rule": "DQ006", "file": "old/Mystery.xlsx"}"#);
        let other = previous(r#"{"rule": "DQ006", "file": "returns/Other.xlsx"}"#);
        assert_eq!(finding_key(&now), previous_finding_key(&same));
        assert_ne!(finding_key(&now), previous_finding_key(&other));
    }
}

//! The action rules that need ipr's assessment (SPEC section 13): a red or
//! overdue action without commentary (DQ069), an overdue action without a
//! revised date (DQ070), and an owner's RAG rosier than ipr's (DQ072). Each is
//! a warning at its cell, explained by the row's Data Note; each looks only at
//! actions with an update this period (one without is DQ068's).

use super::actions::{at_update, plain_number, ActionContext};
use crate::model::{ActionRag, ActionResult, ActionUpdate, Finding, OwnerRag, Rule};
use crate::period::date_words;
use std::collections::BTreeMap;

/// DQ069, DQ070 and DQ072 for every assessed action with an update used
/// (`used`, by action key, as [`super::actions::check_updates`] settled them).
pub fn check_assessed(
    ctx: &ActionContext<'_>,
    results: &[ActionResult],
    used: &BTreeMap<String, &ActionUpdate>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in results {
        let Some(action) = ctx.plan.get(&r.reference) else {
            continue;
        };
        let Some(u) = used.get(&action.key).copied() else {
            continue;
        };
        no_commentary(ctx, r, u, &mut out);
        no_revised_date(ctx, r, u, &mut out);
        rosier(ctx, r, u, &mut out);
    }
    out
}

/// Why ipr rates the action as it does, in a few words.
fn why(r: &ActionResult) -> String {
    match (r.rag, r.pace) {
        (ActionRag::Overdue, _) => format!("overdue: due {}", date_words(r.due_current)),
        (_, Some(p)) => format!(
            "{}: {}% complete, at a pace of {} against the time gone",
            r.rag.id(),
            r.percent_complete.map(plain_number).unwrap_or_default(),
            plain_number(p.round())
        ),
        _ => r.rag.id().to_string(),
    }
}

/// DQ069: red or overdue, and no commentary.
fn no_commentary(
    ctx: &ActionContext<'_>,
    r: &ActionResult,
    u: &ActionUpdate,
    out: &mut Vec<Finding>,
) {
    if !matches!(r.rag, ActionRag::Red | ActionRag::Overdue) || u.commentary.is_some() {
        return;
    }
    let msg = format!(
        "{} has no commentary, and ipr rates it {}.",
        r.reference,
        why(r)
    );
    let cell = u.cell_in(u.columns.commentary);
    out.push(at_update(
        Rule::DQ069,
        ctx,
        u,
        &cell,
        None,
        &r.reference,
        msg,
    ));
}

/// DQ070: overdue, and no revised date (one that cannot be read is DQ064's).
fn no_revised_date(
    ctx: &ActionContext<'_>,
    r: &ActionResult,
    u: &ActionUpdate,
    out: &mut Vec<Finding>,
) {
    if r.rag != ActionRag::Overdue || u.revised.is_some() {
        return;
    }
    let msg = format!(
        "{} was due on {} and is not complete, but has no revised date.",
        r.reference,
        date_words(r.due_current)
    );
    let cell = u.cell_in(u.columns.revised);
    out.push(at_update(
        Rule::DQ070,
        ctx,
        u,
        &cell,
        None,
        &r.reference,
        msg,
    ));
}

/// DQ072: the owner says green (or blue) where ipr says amber, red or
/// overdue, or amber where ipr says red or overdue. Never the other way.
fn rosier(ctx: &ActionContext<'_>, r: &ActionResult, u: &ActionUpdate, out: &mut Vec<Finding>) {
    let Some((owner, cell)) = u.owner_rag() else {
        return;
    };
    let gloomy = matches!(r.rag, ActionRag::Red | ActionRag::Overdue);
    let rosier = match owner {
        OwnerRag::Green | OwnerRag::Blue => gloomy || r.rag == ActionRag::Amber,
        OwnerRag::Amber => gloomy,
        OwnerRag::Red => false,
    };
    if !rosier {
        return;
    }
    let seen = match &u.rag {
        Some(f) if f.value.is_ok() => Some(f.seen.clone()),
        _ => u.status.as_ref().map(|f| f.seen.clone()),
    };
    let msg = format!(
        "The owner rates {} {}, but ipr rates it {}.",
        r.reference,
        owner.word(),
        why(r)
    );
    out.push(at_update(
        Rule::DQ072,
        ctx,
        u,
        &cell.clone(),
        seen.as_deref(),
        &r.reference,
        msg,
    ));
}

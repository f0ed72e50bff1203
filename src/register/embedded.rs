//! The register a return template carries: its directorate's indicators and
//! their profiled targets, on two very hidden sheets written by
//! `report::template`, so that `ipr check FILE` works without the register.
//!
//! Checks of one return against its own definitions (values, ranges,
//! duplicates, arithmetic) need nothing else; those that compare directorates
//! or periods across the council (a return missing, history from earlier
//! returns) need the whole register and the team's folder.

use super::{parse_register, RegisterError, RegisterOptions};
use crate::metadata::{REGISTER_SHEET, TARGETS_SHEET};
use crate::model::Register;
use crate::read::{Book, Sheet};

/// The register carried by `book`, or `None` when it carries none (not a
/// template, or one from before templates carried it).
pub fn embedded_register(
    book: &Book,
    opts: &RegisterOptions,
) -> Option<Result<Register, RegisterError>> {
    let find = |name: &str| {
        book.sheets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    };
    let renamed = |s: &Sheet, name: &str| {
        let mut s = s.clone();
        s.name = name.to_string();
        s
    };
    let indicators = find(REGISTER_SHEET)?;
    let mut sheets = vec![renamed(indicators, "Indicators")];
    if let Some(t) = find(TARGETS_SHEET).filter(|t| !t.is_empty()) {
        sheets.push(renamed(t, "Targets"));
    }
    let inner = Book {
        path: book.path.clone(),
        sha256: book.sha256.clone(),
        bytes: book.bytes,
        sheets,
        unread: Vec::new(),
    };
    // Read as a register's sheets, but reported where the problem really is:
    // on the template's hidden sheets, which a user cannot see.
    Some(parse_register(&inner, opts).map_err(|e| match e {
        RegisterError::Invalid { file, problems } => RegisterError::Invalid {
            file: format!(
                "carried by the template {file} (on its hidden sheets; give --register to check against the council's register instead)"
            ),
            problems: problems
                .into_iter()
                .map(|mut p| {
                    p.sheet = match p.sheet.as_str() {
                        "Indicators" => REGISTER_SHEET.to_string(),
                        "Targets" => TARGETS_SHEET.to_string(),
                        _ => p.sheet,
                    };
                    p
                })
                .collect(),
        },
        other => other,
    }))
}

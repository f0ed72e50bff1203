//! The page's by-directorate tables (SPEC section 12): each directorate's
//! RAG counts, then its data quality and coverage, each cell tied to the JSON
//! `summary` field it shows.

use crate::model::{Consolidation, CoverageRow};
use crate::report::json::Counts;
use maud::{html, Markup};

/// A directorate's row in the tables of [`section`]: its counts
/// and, where the pipeline gave one, its coverage.
type DirectorateRow<'a> = (String, Counts, Option<&'a CoverageRow>);

/// One column of a by-directorate table: its heading, the JSON `summary`
/// field its cells show (so a reader and the tests can tie the two
/// together; none for coverage, which is not a count there), and its cell.
struct Column {
    heading: &'static str,
    key: Option<&'static str>,
    cell: fn(&Counts, Option<&CoverageRow>) -> String,
}

/// A column of one of the `Counts` fields, keyed by that field's JSON name.
macro_rules! count_column {
    ($heading:literal, $field:ident) => {
        Column {
            heading: $heading,
            key: Some(stringify!($field)),
            cell: |n, _| n.$field.to_string(),
        }
    };
}

/// The first table: each directorate's RAG counts.
const RAG_COLUMNS: [Column; 7] = [
    count_column!("Due", indicators),
    count_column!("Green", green),
    count_column!("Amber", amber),
    count_column!("Red", red),
    count_column!("No target", none),
    count_column!("Missing", missing),
    count_column!("Exceptions", exceptions),
];

/// The second table: data quality, then coverage ("–" where none was given).
const QUALITY_COLUMNS: [Column; 5] = [
    count_column!("Errors", dq_errors),
    count_column!("Warnings to look at", dq_warnings),
    count_column!("Warnings explained", dq_warnings_explained),
    Column {
        heading: "Returns",
        key: None,
        cell: |_, cov| cov.map_or("–".to_string(), |c| c.returns.to_string()),
    },
    Column {
        heading: "Indicators with a value",
        key: None,
        cell: |_, cov| {
            cov.map_or("–".to_string(), |c| {
                format!("{} of {}", c.returned, c.expected)
            })
        },
    },
];

/// The by-directorate tables: RAG counts, then data quality and coverage.
pub(super) fn section(c: &Consolidation) -> Markup {
    let directorates = c.register.directorates();
    let rows: Vec<DirectorateRow> = directorates
        .iter()
        .map(|d| {
            let cov = c
                .coverage
                .directorates
                .iter()
                .find(|r| r.directorate.eq_ignore_ascii_case(d));
            (d.clone(), Counts::of(c, Some(d)), cov)
        })
        .collect();
    html! {
        section #directorates aria-labelledby="directorates-h" {
            h2 #directorates-h { "By directorate" }
            (directorate_table("RAG status of the indicators due", &RAG_COLUMNS, &rows))
            (directorate_table("Data quality and coverage", &QUALITY_COLUMNS, &rows))
        }
    }
}

/// A table of a row per directorate and a column per `columns`.
fn directorate_table(caption: &str, columns: &[Column], rows: &[DirectorateRow]) -> Markup {
    html! {
        div.scroll.keep {
            table.counts {
                caption { (caption) }
                thead {
                    tr {
                        th scope="col" { "Directorate" }
                        @for col in columns {
                            th scope="col" .num { (col.heading) }
                        }
                    }
                }
                tbody {
                    @for (d, n, cov) in rows {
                        tr data-directorate=(d) {
                            th scope="row" { (d) }
                            @for col in columns {
                                td.num data-count=[col.key] { ((col.cell)(n, *cov)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

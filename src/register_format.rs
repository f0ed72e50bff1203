//! The register's file: its sheets and their columns (SPEC section 2). The
//! contract between the loader (`register`), which reads any spelling of a
//! header, and everything that writes a register's columns: the workbook's
//! Register sheet, the hidden copy in each blank return, and the generator
//! in `examples/`. The ground floor: it uses no other module.

/// The register's sheet of indicators (else its first sheet).
pub const INDICATORS_SHEET: &str = "Indicators";
/// The optional sheet of profiled targets.
pub const TARGETS_SHEET: &str = "Targets";

/// A column of the Indicators sheet. Writers match on it, so a new column
/// is written everywhere or does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Unique id.
    Code,
    /// Plain-English name.
    Title,
    /// Who returns it.
    Directorate,
    /// Responsible officer.
    Owner,
    /// `number`, `percent`, ...
    Unit,
    /// `higher`, `lower`, `band`, `none`.
    Polarity,
    /// `monthly`, `quarterly`, `annual`.
    Frequency,
    /// `snapshot` or `cumulative`.
    Measure,
    /// Year-end target.
    AnnualTarget,
    /// Amber band, `5%`.
    Tolerance,
    /// Lowest valid value.
    Min,
    /// Highest valid value.
    Max,
    /// Numerator / Denominator factor.
    Multiplier,
    /// Reporting precision.
    Decimals,
    /// Must be returned each due period.
    Required,
    /// Definition text.
    Definition,
    /// Source of the data.
    Source,
}

/// One column: how ipr names it, how it writes its header, the header
/// spellings it reads (compared as `text::header_key` gives them), and
/// whether a register must have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column.
    pub col: Col,
    /// Its name in the loader and its messages' keys, e.g. `annual_target`.
    pub name: &'static str,
    /// Its header as ipr writes it, e.g. `Annual Target`.
    pub title: &'static str,
    /// The headers read as it.
    pub synonyms: &'static [&'static str],
    /// A register without it is refused.
    pub required: bool,
}

const fn column(
    col: Col,
    name: &'static str,
    title: &'static str,
    synonyms: &'static [&'static str],
    required: bool,
) -> Column {
    Column {
        col,
        name,
        title,
        synonyms,
        required,
    }
}

/// The Indicators sheet's columns, in the order ipr writes them.
pub const COLUMNS: &[Column] = &[
    column(
        Col::Code,
        "code",
        "Code",
        &["code", "ref", "piref", "picode", "indicatorcode", "kpiref"],
        true,
    ),
    column(
        Col::Title,
        "title",
        "Title",
        &["title", "indicator", "indicatorname", "name", "description"],
        true,
    ),
    column(
        Col::Directorate,
        "directorate",
        "Directorate",
        &["directorate", "service", "department"],
        true,
    ),
    column(
        Col::Owner,
        "owner",
        "Owner",
        &["owner", "responsibleofficer", "leadofficer"],
        false,
    ),
    column(Col::Unit, "unit", "Unit", &["unit", "units"], true),
    column(
        Col::Polarity,
        "polarity",
        "Polarity",
        &["polarity", "goodis", "direction"],
        true,
    ),
    column(
        Col::Frequency,
        "frequency",
        "Frequency",
        &["frequency"],
        true,
    ),
    column(
        Col::Measure,
        "measure",
        "Measure",
        &["measure", "measuretype"],
        true,
    ),
    column(
        Col::AnnualTarget,
        "annual_target",
        "Annual Target",
        &["annualtarget", "target", "yearendtarget"],
        false,
    ),
    column(
        Col::Tolerance,
        "tolerance",
        "Tolerance",
        &["tolerance"],
        false,
    ),
    column(Col::Min, "min", "Min", &["min", "minimum"], false),
    column(Col::Max, "max", "Max", &["max", "maximum"], false),
    column(
        Col::Multiplier,
        "multiplier",
        "Multiplier",
        &["multiplier"],
        false,
    ),
    column(
        Col::Decimals,
        "decimals",
        "Decimals",
        &["decimals", "dp", "decimalplaces"],
        false,
    ),
    column(Col::Required, "required", "Required", &["required"], false),
    column(
        Col::Definition,
        "definition",
        "Definition",
        &["definition"],
        false,
    ),
    column(
        Col::Source,
        "source",
        "Source",
        &["source", "datasource"],
        false,
    ),
];

/// The Targets sheet's columns: (name, header as written, headers read).
pub const TARGET_COLUMNS: &[(&str, &str, &[&str])] = &[
    (
        "code",
        "Code",
        &["code", "ref", "piref", "picode", "indicatorcode", "kpiref"],
    ),
    ("period", "Period", &["period", "month", "quarter"]),
    ("target", "Target", &["target"]),
];

/// The column `col`.
pub fn column_of(col: Col) -> &'static Column {
    COLUMNS.iter().find(|c| c.col == col).unwrap_or(&COLUMNS[0])
}

/// The header ipr writes for the column named `name` (e.g. `annual_target`),
/// for messages; the name itself for one that is not a column.
pub fn title_of(name: &str) -> &str {
    COLUMNS
        .iter()
        .find(|c| c.name == name)
        .map_or(name, |c| c.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_once_and_found_by_its_written_header() {
        for (i, c) in COLUMNS.iter().enumerate() {
            assert_eq!(column_of(c.col), c, "{}", c.name);
            assert!(
                COLUMNS[i + 1..]
                    .iter()
                    .all(|d| d.col != c.col && d.name != c.name),
                "{} twice",
                c.name
            );
            // The header ipr writes is read back as the same column.
            let key: String = c
                .title
                .chars()
                .filter(|ch| ch.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert!(c.synonyms.contains(&key.as_str()), "{}", c.title);
        }
        assert_eq!(title_of("annual_target"), "Annual Target");
    }
}

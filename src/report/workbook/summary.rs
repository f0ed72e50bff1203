//! The Summary sheet: counts for the council and each directorate, with a
//! chart of RAG status by directorate.

use super::sheet::Sheet;
use super::styles::Styles;
use super::{period_label, row_num};
use crate::pipeline::{Consolidation, CoverageRow};
use crate::report::json::Counts;
use rust_xlsxwriter::{
    Chart, ChartSolidFill, ChartType, ColNum, Color, RowNum, Worksheet, XlsxError,
};

/// Fills the Summary sheet.
pub(super) fn summary_sheet(
    ws: &mut Worksheet,
    c: &Consolidation,
    st: &Styles,
) -> Result<(), XlsxError> {
    let mut s = Sheet { ws, st };
    s.word(0, 0, "Integrated Performance Report", &st.title)?;
    s.word(1, 0, &period_label(c), &st.subtitle)?;
    // Row 2 was blank before: a run without a previous report writes what it always did.
    if let Some(ch) = &c.changes {
        let line = format!(
            "{}. New findings: {} of {}.",
            ch.line(),
            ch.count_new(&c.findings),
            c.findings.len()
        );
        s.text(2, 0, &line)?;
    }

    let columns = [
        ("Directorate", 30.0),
        ("Indicators", 11.0),
        ("Green", 9.0),
        ("Amber", 9.0),
        ("Red", 9.0),
        ("None", 9.0),
        ("Missing", 9.0),
        ("Exceptions", 11.0),
        ("DQ errors", 10.0),
        ("DQ warnings", 10.0),
        ("Warnings explained", 11.0),
        ("Returns received", 10.0),
        ("Indicators returned", 11.0),
        ("Indicators expected", 11.0),
        ("Coverage", 10.0),
    ];
    const HEADER: RowNum = 3;
    let directorates = c.register.directorates();

    // Council first, then each directorate in register order.
    let mut rows: Vec<(String, Counts, Option<CoverageRow>)> = vec![(
        "Council".into(),
        Counts::of(c, None),
        c.coverage.council.clone(),
    )];
    for d in &directorates {
        let cov = c
            .coverage
            .directorates
            .iter()
            .find(|r| r.directorate.eq_ignore_ascii_case(d))
            .cloned();
        rows.push((d.clone(), Counts::of(c, Some(d)), cov));
    }

    for (i, (name, n, cov)) in rows.iter().enumerate() {
        let row = HEADER + 1 + row_num(i);
        if i == 0 {
            s.word(row, 0, name, &st.subtitle)?;
        } else {
            s.text(row, 0, name)?;
        }
        let counts = [
            n.indicators,
            n.green,
            n.amber,
            n.red,
            n.none,
            n.missing,
            n.exceptions,
            n.dq_errors,
            n.dq_warnings,
            n.dq_warnings_explained,
        ];
        for (k, v) in counts.iter().enumerate() {
            s.count(row, 1 + k as ColNum, *v)?;
        }
        if let Some(cov) = cov {
            s.count(row, 11, cov.returns)?;
            s.count(row, 12, cov.returned)?;
            s.count(row, 13, cov.expected)?;
            if cov.expected > 0 {
                let share = cov.returned as f64 / cov.expected as f64;
                s.num(row, 14, Some(share), &st.percent)?;
            }
        }
    }
    let last = HEADER + row_num(rows.len());
    s.table(HEADER, &columns, last)?;
    // Findings on earlier periods are listed on the Data Quality sheet, not
    // counted in the month's columns above.
    let earlier = rows[0].1.dq_earlier_periods;
    if earlier > 0 {
        s.text(
            last + 1,
            0,
            &format!("Earlier periods: {earlier} data-quality findings on periods before this one (on the Data Quality sheet, not counted above)."),
        )?;
    }

    if !directorates.is_empty() {
        let first_dir = HEADER + 2;
        let mut chart = Chart::new(ChartType::ColumnStacked);
        let series = [
            ("Green", 2, 0x00B050),
            ("Amber", 3, 0xFFC000),
            ("Red", 4, 0xC00000),
            ("None", 5, 0xA6A6A6),
            ("Missing", 6, 0xD9D9D9),
        ];
        for (name, col, colour) in series {
            chart
                .add_series()
                .set_name(name)
                .set_categories(("Summary", first_dir, 0, last, 0))
                .set_values(("Summary", first_dir, col, last, col))
                .set_format(ChartSolidFill::new().set_color(Color::RGB(colour)));
        }
        chart.title().set_name("RAG status by directorate");
        chart.y_axis().set_name("Indicators");
        chart.set_width(720).set_height(360);
        s.ws.insert_chart(last + 2, 0, &chart)?;
    }
    Ok(())
}

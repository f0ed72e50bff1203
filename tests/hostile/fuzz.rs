//! Property tests: the value and period parsers and the reader never panic,
//! whatever they are given. The normal run keeps proptest's 256 cases; a long
//! run is `PROPTEST_CASES=20000 cargo test --release --test hostile fuzz`.

use ipr::period::Calendar;
use ipr::read::value::{parse_numeric_text, ValueOptions};
use ipr::read::{read_book, Cell, CellValue, Limits};
use proptest::prelude::*;

/// A small valid return, written by rust_xlsxwriter once per run.
fn small_xlsx() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let rows: [(&str, f64, &str); 3] = [
            ("RES-01", 96.2, "On track"),
            ("RES-02", 17.6, "=not a formula"),
            ("RES-06", 18452.0, "£1,200"),
        ];
        let _ = ws.write_string(0, 0, "Directorate:");
        let _ = ws.write_string(0, 1, "Resources");
        let _ = ws.write_string(2, 0, "PI Code");
        let _ = ws.write_string(2, 1, "Performance");
        let _ = ws.write_string(2, 2, "Commentary");
        for (i, (code, v, note)) in rows.iter().enumerate() {
            let r = 3 + i as u32;
            let _ = ws.write_string(r, 0, *code);
            let _ = ws.write_number(r, 1, *v);
            let _ = ws.write_string(r, 2, *note);
        }
        let _ = ws.write_formula(7, 1, "=SUM(B4:B6)");
        wb.save_to_buffer().unwrap_or_default()
    })
}

proptest! {
    #[test]
    fn numeric_text_never_panics(s in "\\PC{0,40}") {
        let _ = parse_numeric_text(&s);
    }

    #[test]
    fn numeric_text_of_typed_numbers(n in -1.0e9f64..1.0e9, sep in prop::bool::ANY) {
        // A number as people type it, with or without thousands separators, reads back.
        let typed = if sep { format_thousands(n) } else { format!("{n:.2}") };
        let (v, pct) = parse_numeric_text(&typed).expect("typed number reads");
        prop_assert!(!pct);
        let plain: f64 = typed.replace(',', "").parse().expect("Rust reads it");
        prop_assert_eq!(v, plain, "{}", typed);
    }

    #[test]
    fn value_parser_never_panics(s in "\\PC{0,40}", n in prop::num::f64::ANY, pct in prop::bool::ANY) {
        let opts = ValueOptions::default();
        let _ = opts.parse(&Cell { value: CellValue::Text(s), percent: pct });
        let _ = opts.parse(&Cell { value: CellValue::Number(n), percent: pct });
    }

    #[test]
    fn period_parser_never_panics(s in "\\PC{0,30}", m in 1u32..=12, hint in prop::option::of(-10_000i32..10_000)) {
        let cal = Calendar::new(m);
        let _ = cal.parse(&s, hint);
        let _ = cal.parse_id(&s);
    }

    #[test]
    fn period_parser_on_near_misses(y in 0i32..10_000, mon in 0u32..15, q in 0u32..7) {
        let cal = Calendar::default();
        for s in [format!("{y}-{mon:02}"), format!("{mon:02}/{y}"), format!("Q{q} {y}/{}", y % 100 + 1),
                  format!("{y}/{:02}-Q{q}", (y + 1) % 100), format!("Qtr {q}"), format!("{y}-{}", y + 1)] {
            let _ = cal.parse(&s, Some(y));
        }
    }

    #[test]
    fn reader_never_panics_on_mutated_bytes(
        flips in prop::collection::vec((0usize..100_000, 0u8..=255), 0..8),
        cut in prop::option::of(0usize..100_000),
    ) {
        let mut bytes = small_xlsx().to_vec();
        prop_assume!(!bytes.is_empty());
        for (at, v) in flips {
            let i = at % bytes.len();
            bytes[i] ^= v;
        }
        if let Some(c) = cut {
            bytes.truncate(c % (bytes.len() + 1));
        }
        let dir = crate::common::temp_dir();
        let path = dir.path().join("mutated.xlsx");
        std::fs::write(&path, &bytes).expect("write");
        let _ = read_book(&path, "mutated.xlsx", &Limits::default());
    }
}

fn format_thousands(n: f64) -> String {
    let s = format!("{:.2}", n.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{}{out}.{frac}", if n < 0.0 { "-" } else { "" })
}

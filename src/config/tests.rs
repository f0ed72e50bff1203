//! `ipr.toml` read as councils write it, and refused where it is wrong.

use super::*;

#[test]
fn spc_settings_default_and_refuse_lengths_outside_6_to_8() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ipr.toml");
    std::fs::write(&p, "").unwrap();
    let s = load_config(&p).unwrap().1;
    assert_eq!(
        (
            s.spc.min_points,
            s.spc.shift_length,
            s.spc.trend_length,
            s.spc_fail
        ),
        (13, 6, 6, false)
    );
    std::fs::write(
        &p,
        "[spc]\nmin_points = 20\nshift_length = 8\ntrend_length = 7\n[exceptions]\nspc_fail = true\n",
    )
    .unwrap();
    let s = load_config(&p).unwrap().1;
    assert_eq!(
        (
            s.spc.min_points,
            s.spc.shift_length,
            s.spc.trend_length,
            s.spc_fail
        ),
        (20, 8, 7, true)
    );
    for (text, key) in [
        ("[spc]\nshift_length = 5\n", "[spc] shift_length is 5"),
        ("[spc]\ntrend_length = 9\n", "[spc] trend_length is 9"),
        ("[spc]\nmin_points = 1\n", "[spc] min_points is 1"),
    ] {
        std::fs::write(&p, text).unwrap();
        let e = load_config(&p).unwrap_err();
        assert!(e.to_string().contains("ipr.toml"), "{e}");
        assert!(e.message.contains(key), "{e}");
    }
    std::fs::write(&p, "[spc]\nshift = 6\n").unwrap();
    assert!(load_config(&p).unwrap_err().message.contains("shift"));
}

#[test]
fn limits_are_configurable_and_named_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ipr.toml");
    std::fs::write(
        &p,
        "[limits]\nmax_file_mb = 5\nmax_uncompressed_mb = 7\nmax_compression_ratio = 9\nmax_sheet_rows = 11\nmax_sheet_cells = 13\nmax_string_chars = 15\n",
    )
    .unwrap();
    let l = load_config(&p).unwrap().1.limits;
    assert_eq!(l.max_file_bytes, 5 * 1024 * 1024);
    assert_eq!(l.max_uncompressed_bytes, 7 * 1024 * 1024);
    assert_eq!(l.max_compression_ratio, 9);
    assert_eq!(l.max_sheet_rows, 11);
    assert_eq!(l.max_sheet_cells, 13);
    assert_eq!(l.max_string_chars, 15);
    std::fs::write(&p, "[limits]\nmax_sheet_rows = 0\n").unwrap();
    assert!(load_config(&p)
        .unwrap_err()
        .message
        .contains("max_sheet_rows"));
    std::fs::write(&p, "[limits]\nmax_rows = 10\n").unwrap();
    assert!(load_config(&p).unwrap_err().message.contains("max_rows"));
}

#[test]
fn reads_settings_and_resolves_paths() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ipr.toml");
    std::fs::write(
        &p,
        "register = \"reg.xlsx\"\nreturns = [\"in\"]\nyear_start_month = 1\ndefault_tolerance = \"10%\"\nratio_tolerance = 3\nno_value = [\"-1\"]\n[severity]\ndq040 = \"error\"\n",
    )
    .unwrap();
    let (paths, s) = load_config(&p).unwrap();
    assert_eq!(paths.register, Some(dir.path().join("reg.xlsx")));
    assert_eq!(paths.returns, vec![dir.path().join("in")]);
    assert_eq!(s.calendar.year_start_month(), 1);
    assert!((s.default_tolerance - 0.10).abs() < 1e-12);
    assert!((s.ratio_tolerance - 0.03).abs() < 1e-12);
    assert_eq!(s.values.no_value, vec!["-1".to_string()]);
    assert_eq!(s.severity.get(&Rule::DQ040), Some(&Severity::Error));
}

#[test]
fn rejects_unknown_keys_and_rules() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ipr.toml");
    std::fs::write(&p, "regsiter = \"x\"\n").unwrap();
    assert!(load_config(&p).unwrap_err().message.contains("regsiter"));
    std::fs::write(&p, "[severity]\nDQ999 = \"error\"\n").unwrap();
    assert!(load_config(&p).unwrap_err().message.contains("DQ999"));
    std::fs::write(&p, "year_start_month = 13\n").unwrap();
    assert!(load_config(&p).unwrap_err().message.contains("1 to 12"));
}

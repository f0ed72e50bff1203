#!/usr/bin/env python3
"""The same consolidation done the way an analyst would: pandas + openpyxl.

Reads every return under RETURNS (long, wide and ipr-template layouts, as made
by `cargo run --example generate`), concatenates them, joins to the register,
works out each indicator's target and RAG for PERIOD, and writes one xlsx with
an Indicators sheet and a History sheet.

It does less than `ipr consolidate` (no data-quality rules beyond "not a
number", no coverage, no direction of travel, no forecasts, no remedial forms),
so the speed-up measured against it understates ipr's.

    python3 benches/pandas_consolidate.py REGISTER RETURNS PERIOD OUT.xlsx
    python3 benches/pandas_consolidate.py target/bench/council/register.xlsx \
        target/bench/council/returns 2026-03 /tmp/pandas.xlsx
"""

import datetime as dt
import re
import sys
from pathlib import Path

import pandas as pd

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
CODE = {"code", "ref", "piref", "picode", "indicatorcode", "kpiref"}
VALUE = {"actual", "value", "outturn", "result", "performance", "current"}


def key(text):
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def month_of(v):
    """'2025-07' for any month spelling in the returns, else None."""
    if isinstance(v, (dt.datetime, dt.date, pd.Timestamp)):
        return f"{v.year}-{v.month:02d}"
    s = str(v).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if m:
        return s
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
    if m:
        return f"{m[2]}-{int(m[1]):02d}"
    m = re.fullmatch(r"([A-Za-z]{3})[a-z]*[- ](\d{2}|\d{4})", s)
    if m and m[1].lower() in MONTHS:
        year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
        return f"{year}-{MONTHS[m[1].lower()]:02d}"
    return None


def number(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    s = str(v).strip().replace(",", "").replace("£", "")
    pct = s.endswith("%")
    try:
        x = float(s.rstrip("%"))
    except ValueError:
        return None
    return x if not pct else x


def labelled(df, label):
    for r in range(min(len(df), 30)):
        for c in range(df.shape[1] - 1):
            if key(df.iat[r, c]) == label:
                return df.iat[r, c + 1]
    return None


def read_return(path):
    """Rows of (code, directorate, period, value) from one return."""
    rows = []
    sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
    for name, df in sheets.items():
        if name.startswith("ipr_") or df.empty:
            continue
        directorate = labelled(df, "directorate")
        period = labelled(df, "period")
        period = month_of(period) if period is not None else None
        for r in range(min(len(df), 30)):
            heads = [key(x) for x in df.iloc[r]]
            code_col = next((i for i, h in enumerate(heads) if h in CODE), None)
            if code_col is None:
                continue
            value_col = next((i for i, h in enumerate(heads) if h in VALUE), None)
            body = df.iloc[r + 1:]
            if value_col is not None:  # long (and template)
                for code, v in zip(body.iloc[:, code_col], body.iloc[:, value_col]):
                    if pd.notna(code):
                        rows.append((str(code).strip().upper(), directorate, period, v))
            else:  # wide: a column per month
                for c, h in enumerate(df.iloc[r]):
                    m = month_of(h) if pd.notna(h) else None
                    if m is None:
                        continue
                    for code, v in zip(body.iloc[:, code_col], body.iloc[:, c]):
                        if pd.notna(code):
                            rows.append((str(code).strip().upper(), directorate, m, v))
            break
    return rows


def main():
    register_path, returns, period, out = sys.argv[1:5]
    register = pd.read_excel(register_path, sheet_name="Indicators", engine="openpyxl")
    register["key"] = register["Code"].str.strip().str.upper()
    files = sorted(p for p in Path(returns).rglob("*.xlsx") if not p.name.startswith(("~$", ".")))
    rows = []
    for p in files:
        rows.extend((*r, str(p)) for r in read_return(p))
    data = pd.DataFrame(rows, columns=["key", "directorate", "period", "raw", "file"])
    data["value"] = [number(v) if pd.notna(v) else None for v in data["raw"]]
    data = data.drop_duplicates(subset=["key", "period"], keep="first")
    merged = data.merge(register, on="key", how="inner")

    # This period's figure for every indicator: its own month, or the quarter/year end.
    now = merged[merged["period"] == period].set_index("key")
    ind = register.set_index("key").join(now[["value", "file"]], how="left")
    year, month = map(int, period.split("-"))
    m_of_year = (month - 4) % 12 + 1
    cumulative = ind["Measure"].str.lower() == "cumulative"
    target = ind["Annual Target"].where(~cumulative, ind["Annual Target"] * m_of_year / 12)
    tol = ind["Tolerance"].astype(str).str.rstrip("%").astype(float) / 100
    band = tol * target.abs()
    higher = ind["Polarity"].str.lower() == "higher"
    lower = ind["Polarity"].str.lower() == "lower"
    v = ind["value"]
    gap = (v - target).where(higher, (target - v))
    rag = pd.Series("red", index=ind.index)
    rag[gap >= -band] = "amber"
    rag[gap >= 0] = "green"
    in_band = (v - target).abs()
    both = ind["Polarity"].str.lower() == "band"
    rag[both & (in_band <= 2 * band)] = "amber"
    rag[both & (in_band <= band)] = "green"
    rag[both & (in_band > 2 * band)] = "red"
    rag[~(higher | lower | both) | target.isna()] = "none"
    rag[v.isna()] = "missing"
    ind["Target"] = target
    ind["RAG"] = rag
    ind["Variance"] = v - target

    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        ind.reset_index()[["Directorate", "Code", "Title", "Unit", "Polarity", "value",
                           "Target", "Variance", "RAG", "file"]].to_excel(
            xw, sheet_name="Indicators", index=False)
        merged[["directorate", "Code", "period", "value", "raw", "file"]].sort_values(
            ["directorate", "Code", "period"]).to_excel(xw, sheet_name="History", index=False)
    print(f"{len(files)} files, {len(data)} values, {rag.value_counts().to_dict()} -> {out}")


if __name__ == "__main__":
    main()

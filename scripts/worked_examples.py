#!/usr/bin/env python3
"""The small council behind the worked examples of docs/how-ipr-decides.md.

One directorate, Customer Services, and one tracker return holding its figures
from April 2025 to September 2026. Every figure the page quotes is listed in
EXPECTED below, and --check runs ipr and compares, so the page cannot drift
from the code unnoticed.

Usage:
    python3 scripts/worked_examples.py DIR            # write the folder, then:
    cd DIR && ipr consolidate                         # ... see the figures
    python3 scripts/worked_examples.py --check [IPR]  # build, run ipr (default
                                                      # target/release/ipr), compare

Needs Python 3 and openpyxl.
"""

import json
import os
import subprocess
import sys
import tempfile

import openpyxl

DIRECTORATE = "Customer Services"

# code, title, unit, polarity, measure, annual target, tolerance, decimals, required
REGISTER = [
    ("CS-01", "% of calls answered within 20 seconds", "percent", "higher", "snapshot", 80, "5%", 1, "yes"),
    ("CS-02", "% of complaints answered within 10 working days", "percent", "higher", "snapshot", 90, "5%", 1, "yes"),
    ("CS-03", "Average days to process a benefit claim", "days", "lower", "snapshot", 20, "5%", 1, "yes"),
    ("CS-04", "Income from garden waste subscriptions (year to date)", "currency", "higher", "cumulative", 600000, "5%", 0, "yes"),
    ("CS-05", "% of FOI requests answered within 20 working days", "percent", "higher", "snapshot", 95, "5%", 1, "yes"),
    ("CS-06", "Residents helped into work (year to date)", "count", "higher", "cumulative", 600, "5%", 0, "yes"),
    ("CS-07", "Occupancy of temporary accommodation against capacity", "percent", "band", "snapshot", 95, "2.5%", 1, "yes"),
    ("CS-08", "Contacts to the contact centre", "number", "none", "snapshot", None, None, 0, "yes"),
    ("CS-09", "% of residents satisfied with the contact centre", "percent", "higher", "snapshot", 85, "5%", 1, "no"),
    ("SP-01", "% of repairs completed right first time", "percent", "higher", "snapshot", 80, "5%", 1, "yes"),
    ("SP-02", "% of invoices paid within 30 days", "percent", "higher", "snapshot", 90, "5%", 1, "yes"),
    ("SP-03", "% of emails answered within 2 working days", "percent", "higher", "snapshot", 80, "5%", 1, "yes"),
    ("SP-04", "% of web forms completed online", "percent", "higher", "snapshot", 65, "5%", 1, "yes"),
    ("SP-05", "Average wait on the phone (minutes)", "number", "lower", "snapshot", 11, "5%", 1, "yes"),
    ("SP-06", "Visits to the council website (thousands)", "number", "none", "snapshot", None, None, 0, "yes"),
]

# Few points: September 2025, August 2026 and September 2026 (not enough for SPC).
#        Sep 2025, Aug 2026, Sep 2026, owner's forecast, commentary
FEW = {
    "CS-01": (78, 79, 82, None, None),
    "CS-02": (88, 91, 87, None, None),
    "CS-03": (22, 23, 24, 20, "Two staff on long-term sick leave; agency cover from October."),
    "CS-04": (290000, 262000, 310000, 540000, "Renewals usually tail off in the winter."),
    "CS-05": (93, 92, 91, None, "Two complex requests took longer than usual."),
    "CS-06": (240, 250, 310, None, None),
    "CS-07": (95.5, 94, 91.5, None, "Two blocks emptied for fire-safety works."),
    "CS-08": (15800, 16400, 16950, None, None),
    "CS-09": (84, 86, "n/a", None, "Survey not run this month."),
}

MONTHS = [f"2025-{m:02d}" for m in range(4, 13)] + [f"2026-{m:02d}" for m in range(1, 10)]

# Eighteen months each, April 2025 to September 2026.
SERIES = {
    "SP-01": [79, 82, 80, 78, 81, 83, 79, 80, 82, 78, 81, 80, 79, 82, 80, 81, 79, 80],
    "SP-02": [96.1, 95.4, 96.8, 95.9, 96.3, 95.2, 96.6, 95.8, 96.2, 95.5, 96.9, 95.7,
              96.4, 95.6, 96.0, 96.7, 95.3, 96.2],
    "SP-03": [75.2, 74.1, 75.8, 74.6, 76.0, 74.4, 75.5, 74.0, 75.9, 74.8, 75.3, 74.2,
              75.7, 74.5, 75.1, 74.9, 74.5, 76.5],
    "SP-04": [60.2, 59.5, 60.8, 59.9, 60.4, 59.6, 60.7, 59.8, 60.3, 59.4, 60.6, 60.0,
              64.8, 65.9, 65.2, 66.4, 65.5, 66.8],
    "SP-05": [10.1, 9.8, 10.3, 9.9, 10.2, 9.7, 10.0, 10.4, 9.8, 10.1, 9.9, 10.2,
              10.3, 10.8, 11.5, 12.1, 12.9, 13.6],
    "SP-06": [182, 179, 185, 181, 178, 184, 180, 183, 177, 182, 186, 179,
              181, 184, 178, 183, 180, 215],
}
SERIES_COMMENT = {
    "SP-03": "Up from 74.5 in August after the new triage rota.",
    "SP-04": "The new online forms went live in April.",
    "SP-05": "Calls up after the council tax bills went out.",
    "SP-06": "Storm warnings in September.",
}

# What the page quotes: code -> (actual, target, RAG, forecast, forecast basis,
# reasons with spc_fail = false, extra reasons with spc_fail = true).
EXPECTED = {
    "CS-01": (82, 80, "green", 82, "latest", [], []),
    "CS-02": (87, 90, "amber", 87, "latest", [], []),
    "CS-03": (24, 20, "red", 20, "owner", ["red"], []),
    "CS-04": (310000, 300000, "green", 540000, "owner", ["forecast"], []),
    "CS-05": (91, 95, "amber", 91, "latest", ["amber-twice"], []),
    "CS-06": (310, 300, "green", 620, "pro-rata", [], []),
    "CS-07": (91.5, 95, "amber", 91.5, "latest", ["forecast"], []),
    "CS-08": (16950, None, "none", 16950, "latest", [], []),
    "CS-09": (None, 85, "missing", None, "none", [], []),
    "SP-01": (80, 80, "green", 80, "latest", [], []),
    "SP-02": (96.2, 90, "green", 96.2, "latest", [], []),
    "SP-03": (76.5, 80, "amber", 76.5, "latest", [], ["assurance-fail"]),
    "SP-04": (66.8, 65, "green", 66.8, "latest", [], []),
    "SP-05": (13.6, 11, "red", 13.6, "latest", ["red", "forecast"], []),
    "SP-06": (215, None, "none", 215, "latest", [], []),
}
# code -> (variation, assurance, mean, lower limit, upper limit, rules), figures
# to one decimal place; None where there is no SPC result (fewer than 13 points).
EXPECTED_SPC = {
    "SP-01": ("common-cause", "hit-or-miss", 80.2, 74.4, 86.0, []),
    "SP-02": ("common-cause", "pass", 96.0, 93.6, 98.4, []),
    "SP-03": ("common-cause", "fail", 75.1, 71.9, 78.2, []),
    "SP-04": ("improvement-high", "hit-or-miss", 62.0, 59.0, 65.0, ["beyond-limit", "shift", "two-of-three"]),
    "SP-05": ("concern-high", "hit-or-miss", 10.6, 9.5, 11.8, ["beyond-limit", "trend", "two-of-three"]),
    "SP-06": ("neither-high", None, 183.2, 166.7, 199.6, ["beyond-limit"]),
}
# CS-07's edges, to 1 decimal place: green 92.6 to 97.4, amber 90.3 to 99.8.
EXPECTED_BAND_EDGES = {92.6: "green", 92.5: "amber", 90.3: "amber", 90.2: "red",
                       97.4: "green", 97.5: "amber", 99.8: "amber", 99.9: "red"}
# Directions (previous period, same period last year).
EXPECTED_DIRECTION = {
    "CS-01": ("improving", "improving"),
    "CS-04": ("none", "improving"),
    "CS-05": ("worsening", "worsening"),
}


def write(out):
    os.makedirs(os.path.join(out, "returns"), exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicators"
    ws.append(["Code", "Title", "Directorate", "Owner", "Unit", "Polarity", "Frequency",
               "Measure", "Annual Target", "Tolerance", "Decimals", "Required"])
    for code, title, unit, pol, meas, target, tol, dec, req in REGISTER:
        ws.append([code, title, DIRECTORATE, "Head of Customer Services", unit, pol,
                   "monthly", meas, target, tol, dec, req])
    wb.save(os.path.join(out, "register.xlsx"))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Return"
    ws["A1"] = "Directorate:"
    ws["B1"] = DIRECTORATE
    ws.append([])
    ws.append(["Code", "Period", "Actual", "Forecast", "Commentary"])
    for code, (last_year, aug, sep, forecast, comment) in FEW.items():
        ws.append([code, "2025-09", last_year, None, None])
        ws.append([code, "2026-08", aug, None, None])
        ws.append([code, "2026-09", sep, forecast, comment])
    for code, values in SERIES.items():
        for month, value in zip(MONTHS, values):
            comment = SERIES_COMMENT.get(code) if month == "2026-09" else None
            ws.append([code, month, value, None, comment])
    wb.save(os.path.join(out, "returns", "Customer-Services-2026-09.xlsx"))

    with open(os.path.join(out, "ipr.toml"), "w", encoding="utf-8") as f:
        f.write('register = "register.xlsx"\nreturns = ["returns"]\n'
                'output = "output"\nperiod = "2026-09"\n')


def run(ipr, folder, out, spc_fail):
    config = os.path.join(folder, "ipr.toml")
    if spc_fail:
        config = os.path.join(folder, "ipr-spc-fail.toml")
        with open(os.path.join(folder, "ipr.toml"), encoding="utf-8") as f:
            text = f.read()
        with open(config, "w", encoding="utf-8") as f:
            f.write(text + "\n[exceptions]\nspc_fail = true\n")
    subprocess.run([ipr, "-q", "consolidate", "--config", config, "--out", out], check=True)
    with open(os.path.join(out, "IPR-2026-09.json"), encoding="utf-8") as f:
        return {i["code"]: i for i in json.load(f)["indicators"]}


def check(ipr):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp)
        plain = run(ipr, tmp, os.path.join(tmp, "plain"), False)
        failing = run(ipr, tmp, os.path.join(tmp, "spc-fail"), True)
    for code, (actual, target, rag, forecast, basis, reasons, extra) in EXPECTED.items():
        i = plain[code]
        got = (i["actual"], i["target"], i["rag"], i["forecast"], i["forecast_basis"], i["reasons"])
        want = (actual, target, rag, forecast, basis, reasons)
        if got != want:
            problems.append(f"{code}: ipr gives {got}, the page says {want}")
        if failing[code]["reasons"] != sorted(reasons + extra, key=reason_order):
            problems.append(f"{code} with spc_fail: ipr gives {failing[code]['reasons']}")
    for code, want in EXPECTED_SPC.items():
        s = plain[code]["spc"]
        got = (s["variation"], s["assurance"], round(s["mean"], 1),
               round(s["lower_limit"], 1), round(s["upper_limit"], 1), s["rules"])
        if got != want:
            problems.append(f"{code} SPC: ipr gives {got}, the page says {want}")
    for code, i in plain.items():
        if code not in EXPECTED_SPC and i["spc"] is not None:
            problems.append(f"{code}: has SPC, the page says not enough data")
    for code, want in EXPECTED_DIRECTION.items():
        got = (plain[code]["direction_previous"], plain[code]["direction_last_year"])
        if got != want:
            problems.append(f"{code} directions: ipr gives {got}, the page says {want}")
    problems += band_edges(ipr)
    for p in problems:
        print(p)
    print(f"{len(EXPECTED)} indicators checked: {len(problems)} differences")
    return 1 if problems else 0


def band_edges(ipr):
    """CS-07's RAG with its September figure moved to each side of each edge."""
    problems = []
    september = FEW["CS-07"]
    try:
        for value, want in EXPECTED_BAND_EDGES.items():
            FEW["CS-07"] = september[:2] + (value,) + september[3:]
            with tempfile.TemporaryDirectory() as tmp:
                write(tmp)
                got = run(ipr, tmp, os.path.join(tmp, "out"), False)["CS-07"]["rag"]
            if got != want:
                problems.append(f"CS-07 at {value}: ipr gives {got}, the page says {want}")
    finally:
        FEW["CS-07"] = september
    return problems


def reason_order(reason):
    return ["red", "forecast", "amber-twice", "assurance-fail"].index(reason)


def main(argv):
    if len(argv) >= 2 and argv[1] == "--check":
        ipr = argv[2] if len(argv) > 2 else os.path.join("target", "release", "ipr")
        return check(os.path.abspath(ipr))
    if len(argv) != 2:
        print(__doc__)
        return 2
    write(argv[1])
    print(f"Wrote {argv[1]}: cd {argv[1]} && ipr consolidate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

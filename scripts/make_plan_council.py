#!/usr/bin/env python3
"""A demo council with an action plan, to render and look at (issue 19).

Usage: python3 scripts/make_plan_council.py OUTDIR

Writes OUTDIR/ipr.toml, OUTDIR/register.xlsx (sheet Indicators: 100 indicators
over five directorates with long names; sheet Actions: 60 actions and
milestones over two plans, the Corporate Plan 2026-29 and an Audit improvement
plan) and OUTDIR/returns/<directorate>-2026-08.xlsx and -2026-09.xlsx: each an
indicator table and, beside it, the directorate's action tracker.

A few of each problem: overdue actions, actions off track by pace and by the
owner's word, dates slipped past the threshold and brought forward, an owner's
green where ipr says red, an action with no update, a status no one knows, a
% complete over 100, complete at 80%, progress gone backwards since August,
deferred and cancelled actions, an indicator exception whose actions are all on
track and one with no action, and text that must stay text (<b>, =SUM, &).

Then, in OUTDIR:
    ipr consolidate --config ipr.toml --period 2026-08
    ipr consolidate --config ipr.toml --period 2026-09
"""

import datetime as dt
import os
import random
import sys

import openpyxl

FIXED = dt.datetime(2026, 10, 1, 9, 0, 0)
D = dt.date

DIRECTORATES = [
    ("AH", "Adults, Health and Wellbeing"),
    ("CF", "Children and Families"),
    ("HC", "Housing and Communities"),
    ("PE", "Place and Economic Regeneration"),
    ("RC", "Resources and Corporate Services"),
]

TITLES = [
    ("Percentage of {x} completed within timescale", "percent", "higher", 90),
    ("Number of {x} waiting more than 28 days", "number", "lower", 40),
    ("Average days to complete {x}", "days", "lower", 20),
    ("Percentage of residents satisfied with {x}", "percent", "higher", 75),
    ("Spend on {x} against budget", "currency", "lower", 250000),
]
SUBJECTS = [
    "care assessments", "annual reviews", "safeguarding enquiries",
    "child protection visits", "education health and care plans",
    "homelessness preventions", "void repairs", "disabled facilities grants",
    "planning applications", "pothole repairs", "street cleansing inspections",
    "freedom of information requests", "invoices", "complaints responses",
    "licensing applications", "food hygiene inspections", "council tax queries",
    "benefit claims", "school admissions appeals", "library visits",
]


def save(wb, path):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    os.makedirs(os.path.dirname(path), exist_ok=True)
    wb.save(path)


def indicators():
    """(code, title, directorate, unit, polarity, target, decimals), 20 a directorate."""
    out = []
    for k, (short, name) in enumerate(DIRECTORATES):
        for i in range(20):
            title, unit, pol, target = TITLES[i % 5]
            subject = SUBJECTS[(i + 3 * k) % len(SUBJECTS)]
            decimals = 0 if unit in ("number", "currency") else 1
            out.append((f"{short}-{i + 1:02d}", title.format(x=subject), name, unit,
                        pol, target, decimals))
    return out


def actual(ind, month, rng):
    """A value that meets the target, or, for one in seven, is well off it."""
    code, _, _, unit, pol, target, _ = ind
    n = int(code[-2:])
    bad = n % 7 == 3
    good = target * (1.02 if pol == "higher" else 0.97)
    worse = target * (0.8 if pol == "higher" else 1.3)
    v = worse if bad else good
    v *= 1 + rng.uniform(-0.01, 0.01)
    if unit == "percent":
        v = min(v, 99.5)
    if month == 8 and bad and n % 2 == 0:
        v = good
    return round(v, 0 if unit in ("number", "currency") else 1)


PARENTS = [
    ("Open three community hubs", "HC", ["HC-01", "HC-04"]),
    ("Cut the time to assess adult social care needs", "AH", ["AH-01", "AH-03"]),
    ("Improve the timeliness of education health and care plans", "CF", ["CF-01"]),
    ("Deliver the town centre regeneration scheme", "PE", ["PE-02"]),
    ("Move every supplier to e-invoicing & pay within 30 days", "RC", ["RC-01", "RC-04"]),
    ("Reduce agency spend in children's social care", "CF", ["CF-05"]),
    ("Launch the new customer contact centre", "RC", ["RC-03"]),
    ("Retrofit 500 council homes to EPC band C", "HC", ["HC-02"]),
    ("Deliver the carers' strategy", "AH", ["AH-04"]),
    ("Replace the highways asset management system", "PE", ["PE-05"]),
]
MILESTONES = ["Business case agreed", "Procurement complete", "Pilot live",
              "Roll-out complete"]
AUDIT = [
    "Publish a quarterly data quality report to Audit Committee",
    "Reconcile the fixed asset register to the ledger",
    "Test the business continuity plan for every critical service",
    "Review every high-risk contract's performance monthly",
    "Train all budget holders on the new finance system",
    "Update the risk register and review it at each Cabinet meeting",
    "Close the 2024-25 audit recommendations on IT access controls",
    "Introduce a single complaints procedure",
    "Agree service plans with measurable targets for every directorate",
    "Check the recording of safeguarding referrals each month",
    "Publish the annual governance statement on time",
    "Review payroll exceptions weekly",
    "Report procurement waivers to Audit Committee",
    "Refresh the counter-fraud strategy",
    "Complete the data protection training of all staff",
]


def plan_rows():
    """60 plan rows: (ref, action, dir short, lead, plan, parent, start, due, indicators)."""
    rows = []
    cp = "Corporate Plan 2026-29"
    for p, (title, short, inds) in enumerate(PARENTS):
        ref = f"CP-{p + 1}"
        start = D(2026, 4, 1)
        due = D(2027, 3 + (p % 3) * 3, 28 if p % 3 == 0 else 30)
        rows.append([ref, title, short, f"Head of Service {p + 1}", cp, None, start, due,
                     "; ".join(inds)])
        for m, name in enumerate(MILESTONES[: 3 if p % 2 else 4]):
            mdue = [D(2026, 6, 30), D(2026, 9, 15), D(2026, 12, 31), D(2027, 3, 31)][m]
            rows.append([f"{ref}.{m + 1}", f"{title}: {name.lower()}", short,
                         f"Project manager {p + 1}", cp, ref, start, mdue, None])
    ap = "Audit improvement plan 2026"
    for r, title in enumerate(AUDIT):
        short = DIRECTORATES[r % 5][0]
        due = [D(2026, 7, 31), D(2026, 10, 31), D(2026, 12, 31), D(2027, 3, 31)][r % 4]
        rows.append([f"AC-R{r + 1}", title, short, "Chief Internal Auditor" if r % 3 else
                     "Section 151 Officer", ap, None, D(2026, 5, 1), due,
                     f"{short}-{(r % 20) + 1:02d}" if r % 2 == 0 else None])
    assert len(rows) == 60, len(rows)
    # An indicator exception whose every action is on track: HC-10's one
    # action, AC-R13, was completed in July.
    rows[57][8] = "HC-10"
    assert rows[57][0] == "AC-R13"
    return rows


def update(row, month, rng):
    """The update a directorate sends for a plan row in `month` (8 or 9), or None."""
    ref, _, _, _, _, _, start, due, _ = row
    as_at = D(2026, month, 31 if month == 8 else 30)
    n = sum(map(ord, ref))
    elapsed = max(0.0, min(1.0, (as_at - start).days / max(1, (due - start).days)))
    pct = round(100 * elapsed * rng.uniform(0.95, 1.1))
    status, revised, comment, rag = "In progress", None, "Work is going to plan.", None
    if due <= as_at:
        status, pct, comment = "Complete", 100, "Done and signed off."
    special = {
        # Overdue: due 15 Sep, not complete, no new date.
        "CP-1.2": ("In progress", 80, None, "Supplier delayed the last delivery.", "Amber"),
        "CP-3.2": ("Delayed", 60, None, None, None),
        # Off track by pace.
        "CP-4": ("In progress", 10, None, "Contractor went into administration; "
                 "re-tendering now. <b>Urgent</b> & costly.", "Red"),
        "AC-R6": ("In progress", 5, None, "=SUM(A1:A3) was typed here by mistake", None),
        # Slipped past its due date by more than 30 days.
        "CP-2": ("At risk", 40, D(2027, 9, 30), "Recruitment to the assessment team "
                 "has been slower than planned; agency staff are covering the gap "
                 "while we recruit permanent social workers.", None),
        "CP-8.3": ("In progress", 45, D(2027, 3, 31), "Waiting for the grant decision.", None),
        # Slipped exactly the threshold (30 days): not an exception.
        "AC-R3": ("In progress", 52, D(2027, 1, 30), "Moved to fit the audit plan.", None),
        # Slipped, but by less than the threshold: not an exception.
        "AC-R7": ("In progress", 60, D(2027, 1, 20), "A few weeks late.", None),
        # Owner says green, ipr says red (DQ072).
        "CP-6": ("On track", 8, None, "All fine.", "Green"),
        # Brought forward.
        "CP-7": ("In progress", 60, D(2026, 12, 31), "Ahead of plan.", "Green"),
        # Deferred and cancelled.
        "AC-R9": ("On hold", 20, None, "Paused until the restructure is agreed.", None),
        "AC-R12": ("Withdrawn", 0, None, "Replaced by the new payroll system.", None),
        # A status no one knows (DQ062), % over 100 (DQ063), complete at 80% (DQ065).
        "AC-R5": ("Nearly there", 90, None, "Almost finished.", None),
        "CP-9.1": ("Complete", 120, None, "Signed off.", None),
        "CP-10.1": ("Complete", 80, None, "Signed off by the board.", None),
    }
    if ref in special:
        status, pct, revised, comment, rag = special[ref]
        if month == 8 and ref == "CP-2":
            revised = D(2027, 7, 31)
    # Progress backwards since August (DQ071).
    if ref == "AC-R14":
        pct = 70 if month == 8 else 65
        comment = "Re-scoped after legal advice."
    if ref == "AC-R15" and month == 9:
        return None  # no update this month (DQ068)
    return [ref, status, pct, revised, comment, rag, n]


def register(out, inds, plan):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicators"
    ws.append(["Code", "Title", "Directorate", "Unit", "Polarity", "Frequency", "Measure",
               "Annual Target", "Decimals", "Owner"])
    for code, title, d, unit, pol, target, dec in inds:
        ws.append([code, title, d, unit, pol, "monthly", "snapshot", target, dec,
                   f"Head of {d.split(',')[0].split(' and ')[0]}"])
    ws2 = wb.create_sheet("Actions")
    ws2.append(["Ref", "Action", "Directorate", "Lead", "Plan", "Parent", "Start", "Due",
                "Indicators"])
    names = dict(DIRECTORATES)
    for ref, title, short, lead, p, parent, start, due, links in plan:
        ws2.append([ref, title, names[short], lead, p, parent, start, due, links])
    for row in ws2.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (dt.date, dt.datetime)):
                cell.number_format = "dd/mm/yyyy"
    save(wb, os.path.join(out, "register.xlsx"))


def returns(out, inds, plan, month):
    rng = random.Random(month)
    names = dict(DIRECTORATES)
    for short, name in DIRECTORATES:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Return"
        ws["B2"] = "Directorate:"
        ws["C2"] = name
        ws["B3"] = "Period:"
        ws["C3"] = "Aug-26" if month == 8 else "Sep-26"
        for i, h in enumerate(["Code", "Actual", "Commentary"]):
            ws.cell(5, 2 + i, h)
        mine = [i for i in inds if i[2] == name]
        for r, ind in enumerate(mine):
            ws.cell(6 + r, 2, ind[0])
            ws.cell(6 + r, 3, actual(ind, month, rng))
            ws.cell(6 + r, 4, "Below target: see the remedial action." if int(ind[0][-2:]) % 7 == 3
                    else "On plan.")
        for i, h in enumerate(["Action Ref", "Status", "% Complete", "Revised Date",
                               "Commentary", "RAG"]):
            ws.cell(5, 7 + i, h)
        r = 0
        for row in plan:
            if names[row[2]] != name:
                continue
            u = update(row, month, rng)
            if u is None:
                continue
            ref, status, pct, revised, comment, rag, _ = u
            for c, v in enumerate([ref, status, pct, revised, comment, rag]):
                if v is not None:
                    ws.cell(6 + r, 7 + c, v)
            if revised is not None:
                ws.cell(6 + r, 10).number_format = "dd/mm/yyyy"
            r += 1
        save(wb, os.path.join(out, "returns", f"{short}-2026-{month:02d}.xlsx"))


def main(out):
    inds = indicators()
    plan = plan_rows()
    register(out, inds, plan)
    for month in (8, 9):
        returns(out, inds, plan, month)
    with open(os.path.join(out, "ipr.toml"), "w") as f:
        f.write('register = "register.xlsx"\nreturns = ["returns"]\noutput = "out"\n'
                'year_start_month = 4\ndefault_tolerance = "5%"\n')


if __name__ == "__main__":
    main(sys.argv[1])

"""The sample council's action plan and its directorates' progress (SPEC
section 13), for scripts/make_samples.py: 40 actions and milestones over the
Corporate Plan 2026-29 and an Ofsted improvement plan, on sheet `Actions` of
the register, and a progress return per directorate for each month from April
to September 2026 (`returns/2026-27/Progress-<Directorate>-<YYYY-MM>.xlsx`).
September's carry a few of each problem (PLANTED below); every other month is
clean. Resources' actions are all on track.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font

D = dt.date
CP = "Corporate Plan 2026-29"
OF = "Ofsted improvement plan"
START = D(2026, 4, 1)
END = D(2027, 3, 31)
DEC = D(2026, 12, 31)

AH, CF, EP, HC, RES = ("Adults and Health", "Children and Families", "Economy and Place",
                       "Housing and Communities", "Resources")

# Each directorate's scrutiny committee (as scripts/make_samples.py gives its indicators).
COMMITTEE = {AH: "Adults and Health Scrutiny Committee",
             CF: "Children and Young People Scrutiny Committee",
             EP: "Communities Scrutiny Committee", HC: "Communities Scrutiny Committee",
             RES: "Audit and Governance Committee"}

# Ref, action, directorate, lead, plan, parent, due, indicators,
# then September's row: status, % complete, revised, completed, commentary, RAG.
ACTIONS = [
    ("CP-R1", "Move every supplier to e-invoicing", RES, "Head of Finance", CP, None, END, "RES-01",
     ("In progress", 55, None, None, "Two thirds of suppliers now invoice online", "Green")),
    ("CP-R2", "Launch the online council tax account", RES, "Head of Revenues", CP, None, DEC, "RES-03",
     ("In progress", 70, None, None, "Testing with 500 residents", "Green")),
    ("CP-R3", "Cut sickness absence with an occupational health service", RES, "Head of HR", CP, None, END, "RES-05",
     ("In progress", 50, None, None, "Service live since August", None)),
    ("CP-R3.1", "Award the occupational health contract", RES, "Head of HR", CP, "CP-R3", D(2026, 7, 31), None,
     ("Complete", 100, None, D(2026, 7, 20), "Awarded on 20 July", None)),
    ("CP-R4", "Answer FOI requests through a case system", RES, "Information Governance Manager", CP, None, END, "RES-07",
     ("In progress", 60, None, None, "System bought; data moving", None)),
    ("CP-R5", "Publish the pay policy statement", RES, "Head of HR", CP, None, D(2026, 6, 30), "RES-08",
     ("Complete", 100, None, D(2026, 6, 12), "Published in June", None)),
    ("CP-R6", "Open a digital mailroom", RES, "Head of Customer Services", CP, None, END, None,
     ("In progress", 50, None, None, "Scanning contract let", None)),
    ("CP-R7", "Replace the budget monitoring system", RES, "Head of Finance", CP, None, END, None,
     ("In progress", 50, None, None, "Build under way", None)),
    ("CP-A1", "Cut delayed transfers of care with the NHS", AH, "Director of Adult Care", CP, None, END, "ASC-02",
     ("In progress", 50, None, None, "Discharge to assess team in place", "Green")),
    ("CP-A2", "Review the outcome of every safeguarding enquiry", AH, "Head of Safeguarding", CP, None, END, "ASC-05",
     ("Nearly done", 50, None, None, "Reviews on schedule", None)),
    ("CP-A3", "Open two extra care housing schemes", AH, "Head of Commissioning", CP, None, END, "ASC-07",
     ("In progress", 0.6, None, None, "First scheme on site", None)),
    ("CP-A4", "Replace the care management system", AH, "Head of Business Support", CP, None, END, None,
     ("In progress", 20, None, None, "Supplier behind on data migration", "Green")),
    ("CP-A5", "Recruit 20 shared lives carers", AH, "Head of Commissioning", CP, None, DEC, None,
     ("In progress", 65, None, None, "13 carers approved", None)),
    ("CP-A5.1", "Run the carer recruitment campaign", AH, "Head of Commissioning", CP, "CP-A5", D(2026, 9, 30), None,
     ("Complete", 100, None, D(2026, 9, 30), "Campaign closed on 30 September", None)),
    ("CP-A6", "Start a falls prevention service", AH, "Head of Prevention", CP, None, END, "ASC-01",
     ("In progress", 50, None, None, "Referrals from GPs started", None)),
    ("CP-A7", "Let a new home care framework", AH, "Head of Commissioning", CP, None, END, None,
     ("In progress", 50, None, None, "Tenders being evaluated", None)),
    ("OF-1", "Improve the timeliness of assessments", CF, "Director of Children's Services", OF, None, END, "CF-02",
     ("In progress", 50, None, None, "Weekly performance clinics", None)),
    ("OF-1.1", "Recruit six social workers", CF, "Head of Children's Social Care", OF, "OF-1", D(2026, 8, 31), None,
     ("In progress", 80, None, None, None, None)),
    ("OF-2", "Issue every EHC plan within 20 weeks", CF, "Head of SEND", OF, None, END, "CF-01",
     ("In progress", 30, None, None, "Backlog of 40 plans being cleared", None)),
    ("OF-3", "Strengthen management oversight of casework", CF, "Head of Children's Social Care", OF, None, DEC, None,
     ("Complete", 90, None, None, "New supervision policy in force", None)),
    ("OF-4", "Audit 50 case files a month", CF, "Head of Quality Assurance", OF, None, END, None,
     ("In progress", 50, "end of term", None, "Audits behind over the summer", None)),
    ("OF-5", "Adopt a quality assurance framework", CF, "Head of Quality Assurance", OF, None, END, None,
     ("In progress", 50, None, None, "Framework drafted", None)),
    ("CP-C1", "Open a family hub in each locality", CF, "Head of Early Help", CP, None, D(2027, 6, 30), "CF-04",
     ("In progress", 40, D(2027, 9, 30), None, "Third hub's building delayed", None)),
    ("CP-C2", "Grow in-house foster carers by ten households", CF, "Head of Fostering", CP, None, END, "CF-08",
     ("In progress", 50, None, None, "Six households in assessment", None)),
    ("CP-C3", "Set up a virtual school for children in care", CF, "Virtual School Head", CP, None, END, "CF-05",
     ("In progress", 55, None, None, "Head appointed", None)),
    ("CP-E1", "Introduce weekly food waste collections", EP, "Head of Waste", CP, None, END, "EP-01",
     ("In progress", 50, None, None, "Caddies delivered to half the borough", None)),
    ("CP-E2", "Replace 5,000 street lights with LEDs", EP, "Head of Highways", CP, None, END, "EP-06",
     ("In progress", 45, None, None, "2,250 replaced", None)),
    ("CP-E3", "Open the business growth hub", EP, "Head of Economic Development", CP, None, D(2026, 9, 30), "EP-05",
     ("Complete", 100, None, D(2026, 10, 14), "Opening set for 14 October", None)),
    ("CP-E4", "Adopt the new local plan", EP, "Head of Planning", CP, None, END, None,
     ("In progress", 50, None, None, "Examination in public booked", None)),
    ("CP-E5", "Resurface 40 km of roads", EP, "Head of Highways", CP, None, END, None,
     ("In progress", 40, None, None, "16 km done", None)),
    ("CP-E6", "Pilot hire e-scooters", EP, "Head of Transport", CP, None, END, None,
     ("Withdrawn", None, None, None, "Withdrawn by Cabinet in July", None)),
    ("CP-E7", "Free wifi in the town centre", EP, "Head of Economic Development", CP, None, DEC, None,
     ("In progress", 70, None, None, "Masts installed", None)),
    ("CP-E8", "Plant 10,000 trees", EP, "Head of Parks", CP, None, END, None,
     ("In progress", 50, None, None, "Planting season starts in November", None)),
    ("CP-H1", "Build 120 affordable homes", HC, "Head of Housing Delivery", CP, None, END, "HC-01",
     ("In progress", 50, None, None, "60 homes on site", None)),
    ("CP-H2", "Halve the families in bed and breakfast", HC, "Head of Housing Options", CP, None, END, "HC-02",
     ("In progress", 25, None, None, "Demand up a quarter since April", None)),
    ("CP-H3", "Re-let empty homes within 20 days", HC, "Head of Housing Management", CP, None, END, "HC-05",
     ("In progress", 45, None, None, "Void contractor changed", None)),
    ("CP-H4", "Prevent homelessness earlier", HC, "Head of Housing Options", CP, None, END, "HC-04",
     None),
    ("CP-H5", "Refurbish three libraries", HC, "Head of Libraries", CP, None, END, "HC-07",
     ("In progress", 50, None, None, "First library reopened", None)),
    ("CP-H6", "Open a second hostel", HC, "Head of Housing Options", CP, None, END, None,
     ("On hold", 10, None, None, "Site purchase paused", None)),
    ("CP-H7", "Survey every council home for damp and mould", HC, "Head of Housing Management", CP, None, DEC, None,
     ("In progress", 70, None, None, "7 in 10 homes surveyed", None)),
]

# Extra September rows: a Ref not in the plan (Economy and Place), CP-E2 given
# a second time with other progress, and Children's OF-2 in Housing's return.
EXTRA_SEP = {
    EP: [("CP-E9", "In progress", 30, None, None, "Not in the plan", None),
         ("CP-E2", "In progress", 55, None, None, "2,750 replaced", None)],
    HC: [("OF-2", "In progress", 30, None, None, "Given by the wrong directorate", None)],
}
# August rows that differ from a share of September's: CP-H3 was further on.
AUGUST = {"CP-H3": 60}

PLANTED = [
    # rule, file, sheet, cell, Ref, severity, seen by
    ("DQ060", EP, "A13", "CP-E9", "error", "check, consolidate"),
    ("DQ061", HC, "A11", "OF-2", "error", "check, consolidate"),
    ("DQ062", AH, "C6", "CP-A2", "error", "check, consolidate"),
    ("DQ063", AH, "D7", "CP-A3", "error", "check, consolidate"),
    ("DQ064", CF, "E9", "OF-4", "error", "check, consolidate"),
    ("DQ065", CF, "D8", "OF-3", "error", "check, consolidate"),
    ("DQ066", EP, "F7", "CP-E3", "error", "check, consolidate"),
    ("DQ067", EP, "A6", "CP-E2", "error", "check, consolidate"),
    ("DQ067", EP, "A14", "CP-E2", "error", "check, consolidate"),
    ("DQ068", HC, None, "CP-H4", "error", "check, consolidate"),
    ("DQ069", CF, "G6", "OF-1.1", "warning", "check, consolidate"),
    ("DQ070", CF, "E6", "OF-1.1", "warning", "check, consolidate"),
    ("DQ071", HC, "D7", "CP-H3", "warning", "consolidate, after August's report"),
    ("DQ072", AH, "H8", "CP-A4", "warning", "check, consolidate"),
]

HEADER = ["Ref", "Action", "Status", "% Complete", "Revised Date", "Completed", "Commentary", "RAG"]
MONTHS = [(2026, m) for m in range(4, 10)]


def slug(d: str) -> str:
    return d.replace(" ", "-")


def progress_name(directorate: str, y: int, m: int) -> str:
    return f"Progress-{slug(directorate)}-{y}-{m:02d}.xlsx"


def write_plan_sheet(wb: Workbook) -> None:
    """Sheet `Actions` of the register workbook."""
    ws = wb.create_sheet("Actions")
    ws.append(["Ref", "Action", "Directorate", "Lead", "Plan", "Parent", "Start", "Due", "Indicators",
               "Committee"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for ref, title, d, lead, plan, parent, due, inds, _ in ACTIONS:
        ws.append([ref, title, d, lead, plan, parent, START, due, inds, COMMITTEE.get(d)])
        for col in (7, 8):
            ws.cell(row=ws.max_row, column=col).number_format = "dd/mm/yyyy"
    for col, w in zip("ABCDEFGHIJ", [9, 50, 24, 30, 26, 8, 12, 12, 12, 40]):
        ws.column_dimensions[col].width = w


def month_row(a, y: int, m: int):
    """An action's row for month (y, m), or None where it has none."""
    ref, due, sep = a[0], a[6], a[8]
    if sep is None:
        # CP-H4: reported until August, forgotten in September.
        return None if m == 9 else (ref, "In progress", round(50 * m / 9 * 0.9), None, None,
                                    "On course", None)
    status, pct, revised, completed, comm, rag = sep
    if m == 9:
        return (ref, status, pct, revised, completed, comm, rag)
    done_by = completed if status == "Complete" and isinstance(completed, D) else None
    if done_by and (done_by.year, done_by.month) <= (y, m):
        return (ref, "Complete", 100, None, done_by, comm, None)
    if status in ("Withdrawn", "On hold") and m >= 7:
        return (ref, status, pct, None, None, comm, None)
    share = AUGUST.get(ref) if m == 8 and ref in AUGUST else None
    base = pct if isinstance(pct, (int, float)) and pct >= 1 else 50
    base = min(base, 95)
    value = share if share is not None else round(base * (m - 3) / 6)
    rev = revised if isinstance(revised, D) and m >= 7 else None
    return (ref, "In progress" if value > 0 else "Not started", value, rev, None, "On course", None)


def write_progress(save, returns) -> list:
    """Every directorate's progress return, April to September 2026."""
    files = []
    for y, m in MONTHS:
        for d in (AH, CF, EP, HC, RES):
            wb = Workbook()
            ws = wb.active
            ws.title = "Progress"
            ws["A1"] = "Directorate:"
            ws["B1"] = d
            ws["A2"] = "Period:"
            ws["B2"] = dt.date(y, m, 1).strftime("%b-%y")
            ws.append([])
            ws.append(HEADER)
            for c in ws[4]:
                c.font = Font(bold=True)
            rows = [month_row(a, y, m) for a in ACTIONS if a[2] == d]
            if m == 9:
                rows += EXTRA_SEP.get(d, [])
            for r in (r for r in rows if r is not None):
                title = next((a[1] for a in ACTIONS if a[0] == r[0]), "Not in the plan")
                ws.append([r[0], title, *r[1:]])
                for col in (5, 6):
                    if isinstance(ws.cell(row=ws.max_row, column=col).value, D):
                        ws.cell(row=ws.max_row, column=col).number_format = "dd/mm/yyyy"
            ws.column_dimensions["B"].width = 50
            ws.column_dimensions["G"].width = 50
            path = returns / "2026-27" / progress_name(d, y, m)
            save(wb, path)
            files.append(path)
    return files


def readme_section() -> str:
    """The README's section on the plan and its planted problems."""
    L = ["\n## The action plan\n",
         "Sheet `Actions` of `register.xlsx` holds 40 actions and milestones over two plans, "
         "the Corporate Plan 2026-29 (every directorate) and an Ofsted improvement plan "
         "(Children and Families), each starting on 1 Apr 2026. Each directorate reports its "
         "progress every month in `returns/2026-27/Progress-<Directorate>-<YYYY-MM>.xlsx` "
         "(sheet `Progress`, `Directorate:` in A1, `Period:` in A2, header row 4: Ref, Action, "
         "Status, % Complete, Revised Date, Completed, Commentary, RAG). April to August are "
         "clean; September carries the problems below. Resources' actions are all on track, so "
         "`ipr check` on its September files still exits 0.\n",
         "\nNumbered after the indicators' planted problems above; each is in sheet "
         "`Progress` of the directorate's September progress return.\n",
         "\n| # | rule | file | cell | Ref | severity | seen by |\n|---|---|---|---|---|---|---|\n"]
    for n, (rule, d, cell, ref, sev, seen) in enumerate(PLANTED, start=19):
        L.append(f"| {n} | {rule} | `2026-27/{progress_name(d, 2026, 9)}` | {cell or '(no row)'} | "
                 f"{ref} | {sev} | {seen} |\n")
    L.append("\nAlso in September: CP-C1 has moved its date from 30 Jun 2027 to 30 Sep 2027 "
             "(slipped 92 days: an action exception); OF-1.1 is overdue and CP-A4 and OF-2 and "
             "CP-H2 are off track (action exceptions, each with a remedial form); CP-E6 is "
             "cancelled and CP-H6 deferred; ASC-02, ASC-05 and HC-05 are exceptions whose linked "
             "actions are all on track (`actions on track, indicator not`); EP-02 and EP-07 are "
             "exceptions with no action in the plan.\n")
    return "".join(L)

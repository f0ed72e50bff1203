"""The sample council's budget and its directorates' budget monitoring (SPEC
section 16), for scripts/make_samples.py: 30 revenue and capital lines on
sheet `Budgets` of the register, and a budget return per directorate for each
month from April to September 2026
(`returns/2026-27/Budget-<Directorate>-<YYYY-MM>.xlsx`). April to July are on
budget; August moves a few forecasts; September carries a few of each
problem (PLANTED below) and three budget exceptions. Resources' budget is
clean, so `ipr check` on its September files still exits 0.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font

AH, CF, EP, HC, RES = ("Adults and Health", "Children and Families", "Economy and Place",
                       "Housing and Communities", "Resources")
X, I, C = "expenditure", "income", "capital"

# Ref, service, directorate, Type, budget, tolerance, holder, August's forecast,
# September's (forecast, spend to date or None for half the forecast, commentary).
LINES = [
    ("AH-B01", "Home care", AH, X, 12_400_000, None, "Head of Adult Care", 12_650_000,
     (13_100_000, 6_650_000, "More hours of care for people leaving hospital")),
    ("AH-B02", "Residential and nursing care", AH, X, 18_200_000, "2% or £250,000",
     "Head of Adult Care", 18_300_000, (18_350_000, None, None)),
    ("AH-B03", "Day services", AH, X, 2_100_000, None, "Head of Provider Services", None,
     (2_080_000, 2_200_000, None)),
    ("AH-B04", "Client contributions", AH, I, 4_500_000, "£100,000", "Head of Finance (Adults)",
     4_480_000, (4_470_000, None, None)),
    ("AH-B05", "Extra care housing", AH, C, 3_000_000, "£150,000", "Head of Commissioning",
     2_950_000, (2_900_000, None, None)),
    ("AH-B06", "Community equipment", AH, X, 950_000, None, "Head of Commissioning", None,
     (960_000, None, None)),
    ("CF-B01", "Children's placements", CF, X, 15_600_000, None, "Head of Children's Services",
     15_900_000, (16_000_000, None, "Two more residential placements since July")),
    ("CF-B02", "Home to school transport", CF, X, 5_200_000, None, "Head of Education",
     None, ("blank", None, None)),
    ("CF-B03", "Fostering", CF, X, 6_800_000, None, "Head of Children's Services", None,
     (6_800_000, None, None)),
    ("CF-B04", "Early help", CF, X, 2_400_000, None, "Head of Early Help", None,
     (2_380_000, None, None)),
    ("CF-B05", "Schools capital programme", CF, C, 8_000_000, "£200,000", "Head of Education",
     None, (7_900_000, None, None)),
    ("CF-B06", "Ofsted improvement programme", CF, X, 600_000, "£25,000",
     "Director of Children's Services", None, (610_000, None, None)),
    ("EP-B01", "Waste collection", EP, X, 9_800_000, None, "Head of Environment", None,
     (9_950_000, None, None)),
    ("EP-B02", "Parking income", EP, I, 3_200_000, "£80,000", "Head of Parking", 3_100_000,
     (3_060_000, None, "Fewer visitors to the town centre on weekdays")),
    ("EP-B03", "Planning fees", EP, I, 1_400_000, None, "Head of Planning", None,
     (1_520_000, None, "Two large applications in August")),
    ("EP-B04", "Highways maintenance", EP, X, 4_600_000, None, "Head of Highways", None,
     (4_720_000, None, None)),
    ("EP-B05", "Town centre regeneration", EP, C, 6_500_000, "£250,000", "Head of Regeneration",
     None, (6_400_000, None, None)),
    ("EP-B06", "Street lighting", EP, X, 1_100_000, None, "Head of Highways", None,
     ("about £1.1m", None, None)),
    ("HC-B01", "Homelessness", HC, X, 3_800_000, None, "Head of Housing Options", 3_850_000,
     (3_900_000, None, "More families in temporary accommodation")),
    ("HC-B02", "Housing capital programme", HC, C, 12_000_000, "£300,000", "Head of Housing",
     11_500_000, (10_800_000, None, "The main contractor went into administration in August")),
    ("HC-B03", "Libraries", HC, X, 2_900_000, None, "Head of Libraries", None,
     (2_880_000, None, None)),
    ("HC-B04", "Community safety", HC, X, 700_000, None, "Head of Community Safety", None,
     None),
    ("HC-B05", "Leisure centre income", HC, I, 2_100_000, None, "Head of Leisure", None,
     (2_090_000, None, None)),
    ("HC-B06", "Disabled facilities grants", HC, C, 1_800_000, "£100,000", "Head of Housing",
     None, (1_750_000, None, None)),
    ("RES-B01", "Finance", RES, X, 4_200_000, None, "Director of Finance", None,
     (4_150_000, None, None)),
    ("RES-B02", "ICT", RES, X, 5_600_000, None, "Head of ICT", None,
     (5_400_000, None, "Vacancies held in the service desk")),
    ("RES-B03", "Council tax court costs", RES, I, 900_000, None, "Head of Revenues", None,
     (905_000, None, None)),
    ("RES-B04", "Legal services", RES, X, 1_900_000, None, "Head of Legal", None,
     (1_930_000, None, None)),
    ("RES-B05", "Property and facilities", RES, X, 3_300_000, None, "Head of Property", None,
     (3_300_000, None, None)),
    ("RES-B06", "ICT capital", RES, C, 2_500_000, "£100,000", "Head of ICT", None,
     (2_450_000, None, None)),
]

PLANTED = [
    # rule, directorate's return, cell, Ref, severity, seen by
    ("DQ080", EP, "A11", "EP-B99", "error", "check, consolidate"),
    ("DQ081", EP, "E10", "EP-B06", "error", "check, consolidate"),
    ("DQ082", CF, "E6", "CF-B02", "error", "check, consolidate"),
    ("DQ082", HC, None, "HC-B04", "error", "check, consolidate"),
    ("DQ083", CF, "C8", "CF-B04", "warning (explained)", "check, consolidate"),
    ("DQ084", AH, "D7", "AH-B03", "warning", "check, consolidate"),
    ("DQ085", EP, "F8", "EP-B04", "warning", "check, consolidate"),
    ("DQ086", CF, "A7", "CF-B03", "error", "check, consolidate"),
    ("DQ086", CF, "A11", "CF-B03", "error", "check, consolidate"),
    ("DQ087", AH, "A11", "RES-B01", "error", "check, consolidate"),
]

HEADER = ["Ref", "Service", "Budget", "Spend to Date", "Forecast Outturn",
          "Variance Explanation", "Data Note"]
MONTHS = [(2026, m) for m in range(4, 10)]
MONEY = '"£"#,##0'


def slug(d: str) -> str:
    return d.replace(" ", "-")


def budget_name(directorate: str, y: int, m: int) -> str:
    return f"Budget-{slug(directorate)}-{y}-{m:02d}.xlsx"


def write_budget_sheet(wb: Workbook) -> None:
    """Sheet `Budgets` of the register workbook."""
    ws = wb.create_sheet("Budgets")
    ws.append(["Ref", "Service", "Directorate", "Type", "Budget", "Tolerance", "Budget Holder",
               "Year"])
    for c in ws[1]:
        c.font = Font(bold=True)
    for ref, service, d, kind, budget, tol, holder, *_ in LINES:
        ws.append([ref, service, d, kind, budget, tol, holder, "2026/27"])
        ws.cell(row=ws.max_row, column=5).number_format = MONEY
    for col, w in zip("ABCDEFGH", [9, 32, 24, 12, 14, 16, 32, 9]):
        ws.column_dimensions[col].width = w


def month_row(line, m: int):
    """A line's row for month m of 2026: (Ref, service, budget, spend, forecast,
    commentary, note), or None where it has none."""
    ref, service, _, _, budget, _, _, august, sep = line
    done = m - 3  # months of the financial year gone
    if m == 9:
        if sep is None:
            return None
        forecast, spend, comment = sep
        note = None
        shown = budget
        if ref == "CF-B04":
            shown, note = 2_450_000, "Virement of £50,000 from early years approved in August"
        if forecast == "blank":
            forecast = None
        if spend is None and isinstance(forecast, int):
            spend = forecast * done // 12
        return (ref, service, shown, spend, forecast, comment, note)
    forecast = august if m == 8 and august is not None else budget
    comment = None
    if m == 8 and ref in ("AH-B01", "EP-B02", "HC-B02", "CF-B01"):
        comment = "Watching this closely"
    return (ref, service, budget, forecast * done // 12, forecast, comment, None)


EXTRA_SEP = {
    # Resources' line in Adults' return (DQ087).
    AH: [("RES-B01", "Finance", 4_200_000, 2_000_000, 4_150_000, None, None)],
    # Fostering given again with a different forecast (DQ086).
    CF: [("CF-B03", "Fostering", 6_800_000, 3_400_000, 6_950_000, None, None)],
    # A line the budget does not have (DQ080).
    EP: [("EP-B99", "Markets", 250_000, 120_000, 260_000, None, None)],
}


def write_monitoring(save, returns) -> list:
    """Every directorate's budget return, April to September 2026."""
    files = []
    for y, m in MONTHS:
        for d in (AH, CF, EP, HC, RES):
            wb = Workbook()
            ws = wb.active
            ws.title = "Budget"
            ws["A1"] = "Directorate:"
            ws["B1"] = d
            ws["A2"] = "Period:"
            ws["B2"] = dt.date(y, m, 1).strftime("%b-%y")
            ws.append([])
            ws.append(HEADER)
            for c in ws[4]:
                c.font = Font(bold=True)
            rows = [month_row(line, m) for line in LINES if line[2] == d]
            if m == 9:
                rows += EXTRA_SEP.get(d, [])
            for r in (r for r in rows if r is not None):
                ws.append(list(r))
                for col in (3, 4, 5):
                    if isinstance(ws.cell(row=ws.max_row, column=col).value, int):
                        ws.cell(row=ws.max_row, column=col).number_format = MONEY
            ws.column_dimensions["B"].width = 32
            for col in "CDE":
                ws.column_dimensions[col].width = 14
            ws.column_dimensions["F"].width = 50
            ws.column_dimensions["G"].width = 50
            path = returns / "2026-27" / budget_name(d, y, m)
            save(wb, path)
            files.append(path)
    return files


def readme_section() -> str:
    """The README's section on the budget and its planted problems."""
    L = ["\n## The budget\n",
         "Sheet `Budgets` of `register.xlsx` holds 30 budget lines, six per directorate: "
         "expenditure, income and capital, with tolerances of 2% (the default), in pounds, or "
         "both, for 2026/27 (its Year column: a run for a month of another financial year "
         "reports no budget, with one DQ088 warning). Each directorate reports its budget every month in "
         "`returns/2026-27/Budget-<Directorate>-<YYYY-MM>.xlsx` (sheet `Budget`, `Directorate:` "
         "in A1, `Period:` in A2, header row 4: Ref, Service, Budget, Spend to Date, Forecast "
         "Outturn, Variance Explanation, Data Note). April to July are on budget; August moves "
         "a few forecasts; September carries the problems below. Resources' budget is clean, "
         "so `ipr check` on its September files still exits 0.\n",
         "\nNumbered after the action plan's planted problems above; each is in sheet `Budget` "
         "of the directorate's September budget return.\n",
         "\n| # | rule | file | cell | Ref | severity | seen by |\n|---|---|---|---|---|---|---|\n"]
    for n, (rule, d, cell, ref, sev, seen) in enumerate(PLANTED, start=33):
        L.append(f"| {n} | {rule} | `2026-27/{budget_name(d, 2026, 9)}` | {cell or '(no row)'} | "
                 f"{ref} | {sev} | {seen} |\n")
    L.append("\nAlso in September: AH-B01 Home care is forecast £700,000 over its £12,400,000 "
             "budget, more than twice its 2% tolerance (red: an overspend exception); EP-B02 "
             "Parking income is amber for a second month with its shortfall grown from £100,000 "
             "to £140,000 (an income-shortfall exception once August's report is beside "
             "September's); HC-B02 Housing capital programme is "
             "£1,200,000 behind (red: a capital-variance exception). Each exception has a "
             "recovery plan in `remedial/`. RES-B02 ICT is £200,000 under budget (green, "
             "`underspend`) and EP-B03 Planning fees £120,000 above (green, `income above "
             "budget`). CF-B02, CF-B03, EP-B06 and HC-B04 have no usable forecast and count at "
             "their budgets in the totals.\n")
    return "".join(L)

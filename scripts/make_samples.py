#!/usr/bin/env python3
"""Write the bundled sample council for ipr: register, returns, README.

The returns cover April-September 2025 and April-September 2026 (Economy and
Place: all of 2025/26); September 2026 is the month to report and carries the
planted problems, the earlier months are history. Three layouts: long monthly
returns (Adults and Health, Children and Families, Resources), a wide workbook
per year (Economy and Place) and a mapped export read through the [[source]] in
samples/ipr.toml (Housing and Communities).

Usage:
    python3 scripts/make_samples.py          # (re)write samples/ (old returns removed)
    python3 scripts/make_samples.py --check  # re-read samples/ and verify every planted
                                             # cell and every value against the model

Deterministic: no randomness, fixed document dates and fixed zip timestamps, so
reruns give byte-identical files. Needs Python 3.11 and openpyxl only.

Everything planted in the returns (data-quality problems and shortfalls) is
declared once in this file and the README tables are generated from the same
declarations, so the README's cell references cannot drift from the workbooks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sample_budget  # noqa: E402  (the budget, beside this script)
import sample_plan  # noqa: E402  (the action plan, beside this script)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RETURNS = SAMPLES / "returns"

# Fixed dates so reruns are byte-identical.
DOC_DATE = dt.datetime(2026, 10, 5, 9, 0, 0)
ZIP_DATE = (2026, 10, 5, 9, 0, 0)

PERIOD = "2026-09"
MONTH_OF_YEAR = 6  # September is month 6 of a financial year starting in April
QUARTER = 2  # September closes Q2 2026/27

PCT_FMT = "0.0%"
GBP_FMT = '"£"#,##0'

REGISTER_HEADER = [
    "Code", "Title", "Directorate", "Owner", "Unit", "Polarity", "Frequency",
    "Measure", "Annual Target", "Tolerance", "Min", "Max", "Multiplier",
    "Decimals", "Required", "Definition", "Source", "Priority", "Committee",
]

DIRECTORATES = [
    "Adults and Health",
    "Children and Families",
    "Economy and Place",
    "Housing and Communities",
    "Resources",
]

# Tolerance cells: None = blank (default 5%); ("pct", 0.1) = 0.1 in a
# percent-formatted cell (10%); a bare number = that many percent.
TEN_PCT = ("pct", 0.1)


def ind(code, title, directorate, owner, unit, polarity, freq, measure, target,
        dec, definition, source, tol=None, mn=None, mx=None, mult=None, req="yes"):
    """One register row as a dict (keeps the table below readable)."""
    return dict(code=code, title=title, directorate=directorate, owner=owner,
                unit=unit, polarity=polarity, freq=freq, measure=measure,
                target=target, tol=tol, min=mn, max=mx, mult=mult, dec=dec,
                req=req, definition=definition, source=source)


AH, CF, EP, HC, RS = DIRECTORATES

# The council's own columns (SPEC section 14): the Corporate Plan priority and
# the scrutiny committee of each directorate's indicators, so that `ipr init`
# then `ipr consolidate` makes a pack per committee at once.
PRIORITY = {AH: "Healthy lives", CF: "Best start in life", EP: "A thriving economy",
            HC: "Safe and decent homes", RS: "A well-run council"}
COMMITTEE = {AH: "Adults and Health Scrutiny Committee",
             CF: "Children and Young People Scrutiny Committee",
             EP: "Communities Scrutiny Committee", HC: "Communities Scrutiny Committee",
             RS: "Audit and Governance Committee"}
# Several committees in a cell, and internal measures no committee takes.
COMMITTEE_OF = {"HC-08": "Communities Scrutiny Committee; Adults and Health Scrutiny Committee",
                "RES-07": None, "RES-08": None}


def committee(code, directorate):
    """The Committee cell of an indicator (or an action, by its directorate)."""
    return COMMITTEE_OF.get(code, COMMITTEE.get(directorate))

REGISTER = [
    # Adults and Health
    ind("ASC-01", "% of adult social care users receiving self-directed support", AH,
        "Head of Adult Social Care Operations", "percent", "higher", "monthly", "snapshot",
        90, 1, "People receiving long-term community support through a personal budget or direct payment, as a % of all such people.",
        "Mosaic case management system"),
    ind("ASC-02", "Delayed transfers of care per 100,000 population", AH,
        "Head of Hospital Discharge and Integration", "rate", "lower", "monthly", "snapshot",
        9.0, 1, "Average daily number of delayed transfers of care from hospital, per 100,000 adults aged 18+.",
        "NHS discharge sitrep", mn=0, mult="none"),
    ind("ASC-03", "Permanent admissions to residential and nursing care, aged 65+ (year to date)", AH,
        "Head of Commissioning (Adults)", "count", "lower", "monthly", "cumulative",
        520, 0, "Council-funded permanent admissions of people aged 65+ since 1 April.",
        "Mosaic case management system"),
    ind("ASC-04", "% of older people still at home 91 days after discharge into reablement", AH,
        "Head of Reablement Services", "percent", "higher", "quarterly", "snapshot",
        82, 1, "People aged 65+ discharged from hospital into reablement who are at home 91 days later.",
        "Reablement service records"),
    ind("ASC-05", "% of safeguarding enquiries where the risk was reduced or removed", AH,
        "Head of Safeguarding Adults", "percent", "higher", "monthly", "snapshot",
        92, 1, "Concluded section 42 enquiries where a risk was identified and was reduced or removed.",
        "Mosaic safeguarding module", tol=TEN_PCT),
    ind("ASC-06", "Number of carers assessed or reviewed (year to date)", AH,
        "Carers Lead", "count", "higher", "monthly", "cumulative",
        1800, 0, "Carers' assessments and reviews completed since 1 April.",
        "Mosaic case management system"),
    ind("ASC-07", "% of adults with a learning disability in paid employment", AH,
        "Head of Learning Disability Services", "percent", "higher", "quarterly", "snapshot",
        6.5, 1, "Adults aged 18-64 with a learning disability known to the council who are in paid work.",
        "Mosaic case management system", mult=100),
    ind("ASC-08", "% of eligible residents aged 40-74 receiving an NHS Health Check", AH,
        "Director of Public Health", "percent", "higher", "annual", "snapshot",
        50, 1, "Residents aged 40-74 offered an NHS Health Check in the last five years who received one.",
        "GP practice returns", req="no"),
    # Children and Families
    ind("CF-01", "% of Education, Health and Care plans issued within 20 weeks", CF,
        "Head of SEND", "percent", "higher", "monthly", "snapshot",
        60, 1, "New EHC plans issued in the month within 20 weeks of the request, excluding exceptions.",
        "SEND case management system", mult=100),
    ind("CF-02", "% of child and family assessments completed within 45 working days", CF,
        "Head of Children's Social Care", "percent", "higher", "monthly", "snapshot",
        90, 1, "Assessments completed in the month within 45 working days of referral.",
        "Liquidlogic children's system"),
    ind("CF-03", "Number of children looked after", CF,
        "Head of Corporate Parenting", "count", "none", "monthly", "snapshot",
        None, 0, "Children looked after by the council at the end of the month.",
        "Liquidlogic children's system"),
    ind("CF-04", "% of referrals to children's social care that are re-referrals within 12 months", CF,
        "Head of Early Help", "percent", "lower", "monthly", "snapshot",
        22, 1, "Referrals in the month for a child referred in the previous 12 months.",
        "Liquidlogic children's system", tol=TEN_PCT),
    ind("CF-05", "% of care leavers aged 19-21 in education, employment or training", CF,
        "Leaving Care Service Manager", "percent", "higher", "quarterly", "snapshot",
        55, 1, "Care leavers aged 19-21 in touch with the council who are in education, employment or training.",
        "Leaving care tracker"),
    ind("CF-06", "Average days between a child entering care and moving in with an adoptive family", CF,
        "Head of Adoption Services", "days", "lower", "quarterly", "snapshot",
        426, 0, "For adoptions in the quarter, average days from entering care to placement with the adoptive family.",
        "Regional adoption agency", req="no"),
    ind("CF-07", "% of eligible two-year-olds taking up funded early education", CF,
        "Head of Early Years", "percent", "higher", "monthly", "snapshot",
        75, 1, "Eligible two-year-olds on the DWP list who have taken up a funded place.",
        "Early years funding system"),
    ind("CF-08", "Number of in-house foster carer households approved (year to date)", CF,
        "Fostering Service Manager", "count", "higher", "monthly", "cumulative",
        24, 0, "New fostering households approved by the fostering panel since 1 April.",
        "Fostering panel records"),
    # Economy and Place
    ind("EP-01", "% of household waste sent for reuse, recycling and composting", EP,
        "Head of Waste and Recycling", "percent", "higher", "monthly", "snapshot",
        50, 1, "Household waste tonnage reused, recycled or composted as a % of all household waste.",
        "WasteDataFlow"),
    ind("EP-02", "% of major planning applications determined within 13 weeks", EP,
        "Head of Planning", "percent", "higher", "monthly", "snapshot",
        90, 1, "Major applications decided in the month within 13 weeks or an agreed extension.",
        "Planning case management system", mult=100),
    ind("EP-03", "Missed bin collections per 100,000 collections", EP,
        "Head of Waste and Recycling", "rate", "lower", "monthly", "snapshot",
        60, 0, "Reported missed collections (not put out excluded) per 100,000 scheduled collections.",
        "Round-management system", mult=100000),
    ind("EP-04", "Number of fly-tipping incidents reported", EP,
        "Head of Environmental Enforcement", "count", "lower", "monthly", "snapshot",
        1300, 0, "Fly-tipping incidents reported to the council in the month.",
        "Flycapture", mn=0),
    ind("EP-05", "Number of new business start-ups supported (year to date)", EP,
        "Head of Economic Development", "count", "higher", "monthly", "cumulative",
        240, 0, "New businesses receiving at least 12 hours of start-up support since 1 April.",
        "Business support CRM"),
    ind("EP-06", "% of street-light faults repaired within 5 working days", EP,
        "Head of Highways", "percent", "higher", "monthly", "snapshot",
        92, 1, "Street-light faults under council control repaired within 5 working days of report.",
        "Highways asset system"),
    ind("EP-07", "Income from car parking (year to date)", EP,
        "Head of Parking Services", "currency", "higher", "monthly", "cumulative",
        3600000, 0, "Pay-and-display, permit and season-ticket income since 1 April, excluding VAT.",
        "Financial ledger"),
    ind("EP-08", "Number of residents supported into employment (year to date)", EP,
        "Employment and Skills Manager", "count", "higher", "quarterly", "cumulative",
        600, 0, "Residents starting paid work of 16+ hours a week after council-funded support, since 1 April.",
        "Employment support CRM"),
    # Housing and Communities
    ind("HC-01", "Number of affordable homes delivered (year to date)", HC,
        "Head of Housing Delivery", "count", "higher", "quarterly", "cumulative",
        320, 0, "Affordable homes (social rent, affordable rent, shared ownership) completed since 1 April.",
        "Housing delivery monitoring"),
    ind("HC-02", "Number of households in temporary accommodation", HC,
        "Head of Housing Options", "count", "lower", "monthly", "snapshot",
        450, 0, "Households in temporary accommodation arranged by the council on the last day of the month.",
        "Housing options system (H-CLIC)"),
    ind("HC-03", "Occupancy of temporary accommodation against planned capacity", HC,
        "Temporary Accommodation Manager", "percent", "band", "monthly", "snapshot",
        95, 1, "Occupied council-managed temporary accommodation units as a % of units planned to be available.",
        "Housing options system (H-CLIC)", tol=2.5, mx=110),
    ind("HC-04", "% of homelessness cases prevented or relieved", HC,
        "Head of Housing Options", "percent", "higher", "monthly", "snapshot",
        60, 1, "Prevention and relief duties ended in the month where accommodation was secured.",
        "Housing options system (H-CLIC)"),
    ind("HC-05", "Average days to re-let council homes (excluding major works)", HC,
        "Head of Housing Management", "days", "lower", "monthly", "snapshot",
        28, 1, "Average calendar days from tenancy end to new tenancy start, for lets in the month.",
        "Housing management system"),
    ind("HC-06", "% of council homes meeting the Decent Homes Standard", HC,
        "Head of Asset Management (Housing)", "percent", "higher", "quarterly", "snapshot",
        98, 1, "Council-owned homes meeting the Decent Homes Standard at the quarter end.",
        "Stock condition database", mult=100),
    ind("HC-07", "Number of visits to libraries (year to date)", HC,
        "Head of Libraries and Culture", "count", "higher", "monthly", "cumulative",
        900000, 0, "Physical visits to council libraries since 1 April, from door counters.",
        "Library door counters"),
    ind("HC-08", "Number of disabled facilities grants completed (year to date)", HC,
        "Private Sector Housing Manager", "count", "higher", "quarterly", "cumulative",
        180, 0, "Disabled facilities grant adaptations completed and signed off since 1 April.",
        "Private sector housing system"),
    # Resources
    ind("RES-01", "% of invoices paid within 30 days", RS,
        "Head of Exchequer Services", "percent", "higher", "monthly", "snapshot",
        95, 1, "Undisputed supplier invoices paid in the month within 30 days of receipt.",
        "Finance system (accounts payable)", mult=100),
    ind("RES-02", "Average days to process a new housing benefit claim", RS,
        "Head of Revenues and Benefits", "days", "lower", "monthly", "snapshot",
        20, 1, "Average calendar days from receipt to decision for new housing benefit claims decided in the month.",
        "Benefits system (SHBE)"),
    ind("RES-03", "Council tax collected (year to date, %)", RS,
        "Head of Revenues and Benefits", "percent", "higher", "monthly", "cumulative",
        96.5, 2, "Council tax collected since 1 April as a % of the net collectable debit for the year.",
        "Revenues system"),
    ind("RES-04", "Business rates collected (year to date, %)", RS,
        "Head of Revenues and Benefits", "percent", "higher", "monthly", "cumulative",
        98.0, 2, "Non-domestic rates collected since 1 April as a % of the net collectable debit for the year.",
        "Revenues system"),
    ind("RES-05", "Staff sickness absence (days per FTE)", RS,
        "Head of HR and Organisational Development", "days", "lower", "monthly", "snapshot",
        9.0, 1, "Working days lost to sickness in the last 12 months per full-time equivalent employee.",
        "HR and payroll system", tol=TEN_PCT, mn=0, mx=30),
    ind("RES-06", "Number of residents' contacts to the contact centre", RS,
        "Head of Customer Services", "number", "none", "monthly", "snapshot",
        None, 0, "Telephone, web-chat and face-to-face contacts handled by the contact centre in the month.",
        "Contact centre telephony"),
    ind("RES-07", "% of Freedom of Information requests answered within 20 working days", RS,
        "Information Governance Manager", "percent", "higher", "monthly", "snapshot",
        90, 1, "FOI and EIR requests due in the month that were answered within 20 working days.",
        "Information requests log"),
    ind("RES-08", "Ratio of the highest salary to the median salary", RS,
        "Head of HR and Organisational Development", "ratio", "lower", "annual", "snapshot",
        7.0, 1, "Pay multiple published in the pay policy statement.",
        "HR and payroll system"),
]

BY_CODE = {i["code"]: i for i in REGISTER}

# Profiled monthly targets (Targets sheet): two cumulative collection rates.
PROFILED = [
    ("RES-03", "2026-08", 47.10), ("RES-03", "2026-09", 56.20), ("RES-03", "2026-10", 65.30),
    ("RES-04", "2026-08", 49.50), ("RES-04", "2026-09", 58.00), ("RES-04", "2026-10", 66.80),
]
PROFILE = {(c, p): t for c, p, t in PROFILED}


# ---------------------------------------------------------------- arithmetic

def tolerance(i) -> float:
    """Tolerance as a fraction, as SPEC section 2 reads the register cell."""
    t = i["tol"]
    if t is None:
        return 0.05
    if isinstance(t, tuple):
        return t[1]
    return t / 100


def period_target(i, p=None):
    """Target for a period (SPEC section 5; default September 2026), with how it was worked out."""
    p = p or SEP
    if i["target"] is None:
        return None, "no target"
    prof = PROFILE.get((i["code"], pid(p)))
    if prof is not None:
        return prof, f"profiled target for {pid(p)} = {fmt(prof)}"
    if i["measure"] == "cumulative":
        if p[0] == "Q":
            t = i["target"] * p[2] / 4
            return t, f"{fmt(i['target'])} × {p[2]}/4 = {fmt(t)}"
        m = moy(p[2])
        t = i["target"] * m / 12
        return t, f"{fmt(i['target'])} × {m}/12 = {fmt(t)}"
    return i["target"], f"annual target {fmt(i['target'])}"


def excel_round(x: float, dec: int) -> float:
    """Round half away from zero, as Excel's ROUND."""
    q = Decimal(1).scaleb(-dec)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def rag(i, actual, p=None):
    """RAG by SPEC section 5, plus the arithmetic as a sentence for the README."""
    t, _ = period_target(i, p)
    if actual is None:
        return "missing", "no value"
    if t is None or i["polarity"] == "none":
        return "none", "no target or monitoring only"
    tau = tolerance(i)
    a = excel_round(actual, i["dec"])
    band = tau * abs(t)
    if i["polarity"] == "higher":
        edge = t - band
        r = "green" if a >= t else "amber" if a >= edge else "red"
        # No planted value sits near an edge, so rounding the edge too cannot matter.
        assert r == ("green" if a >= t else "amber" if a >= excel_round(edge, i["dec"]) else "red")
        why = f"amber edge = {fmt(t)} − {pct(tau)} × {fmt(t)} = {fmt(edge)}; actual {fmt(a)}"
    elif i["polarity"] == "lower":
        edge = t + band
        r = "green" if a <= t else "amber" if a <= edge else "red"
        assert r == ("green" if a <= t else "amber" if a <= excel_round(edge, i["dec"]) else "red")
        why = f"amber edge = {fmt(t)} + {pct(tau)} × {fmt(t)} = {fmt(edge)}; actual {fmt(a)}"
    else:  # band
        d = abs(a - t)
        r = "green" if d <= band else "amber" if d <= 2 * band else "red"
        why = (f"|{fmt(a)} − {fmt(t)}| = {fmt(d)}; green within {pct(tau)} × {fmt(t)} = {fmt(band)}, "
               f"amber within {fmt(2 * band)}")
    return r, why


def forecast_misses(i, forecast):
    """SPEC section 6: forecast misses the annual target by more than the tolerance."""
    t = i["target"]
    if t is None or i["polarity"] == "none" or forecast is None:
        return False
    band = tolerance(i) * abs(t)
    if i["polarity"] == "higher":
        return forecast < t - band
    if i["polarity"] == "lower":
        return forecast > t + band
    return abs(forecast - t) > band


def default_forecast(i, actual, owner):
    """SPEC section 5: owner's forecast, else YTD / months × 12 for cumulative, else latest."""
    if owner is not None:
        return owner, "owner's forecast"
    if actual is None:
        return None, "none"
    if i["measure"] == "cumulative":
        return actual / MONTH_OF_YEAR * 12, f"{fmt(actual)} / {MONTH_OF_YEAR} × 12"
    return actual, "latest actual"


def fmt(x) -> str:
    """Numbers for the README: thousands separators, no trailing zeros."""
    if x is None:
        return ""
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if isinstance(x, int):
        return f"{x:,}"
    s = f"{x:,.4f}".rstrip("0").rstrip(".")
    return s


def pct(f: float) -> str:
    return fmt(round(f * 100, 4)) + "%"


# ------------------------------------------------------------------ periods
#
# A period key is ("M", year, month) or ("Q", first year of the financial year, quarter).

def fy_of(y: int, m: int) -> int:
    return y if m >= 4 else y - 1


def moy(m: int) -> int:
    """Month of the financial year: April is 1, March is 12."""
    return (m - 4) % 12 + 1


def M(y: int, m: int):
    return ("M", y, m)


def pid(p) -> str:
    """Canonical period id, as ipr writes it."""
    if p[0] == "M":
        return f"{p[1]:04d}-{p[2]:02d}"
    return f"{p[1]}/{(p[1] + 1) % 100:02d}-Q{p[2]}"


def previous(p):
    if p[0] == "M":
        y, m = p[1], p[2]
        return M(y - 1, 12) if m == 1 else M(y, m - 1)
    return ("Q", p[1] - 1, 4) if p[2] == 1 else ("Q", p[1], p[2] - 1)


def year_earlier(p):
    return (p[0], p[1] - 1, p[2])


def due_period(i, y: int, m: int):
    """The indicator's period due in month (y, m), or None (SPEC section 1)."""
    if i["freq"] == "monthly":
        return M(y, m)
    if i["freq"] == "quarterly":
        k = moy(m)
        return ("Q", fy_of(y, m), k // 3) if k % 3 == 0 else None
    return None  # annual: due in March only, and no sample month is a March for them


def sort_key(p):
    """Order periods by their end month."""
    if p[0] == "M":
        return (p[1], p[2])
    end = 3 * p[2] + 3  # Q1 ends in June (month 6)
    return (p[1] + (1 if end > 12 else 0), (end - 1) % 12 + 1)


SEP = M(2026, 9)
MONTHS_2025 = [M(2025, m) for m in range(4, 10)]  # April-September 2025
MONTHS_2025_FULL = MONTHS_2025 + [M(2025, m) for m in range(10, 13)] + [M(2026, m) for m in range(1, 4)]
MONTHS_2026 = [M(2026, m) for m in range(4, 9)]  # April-August 2026
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def mon_yy(p) -> str:
    """Sep-26."""
    return f"{MONTH_NAMES[p[2] - 1][:3]}-{p[1] % 100:02d}"


def month_year(p) -> str:
    """September 2026."""
    return f"{MONTH_NAMES[p[2] - 1]} {p[1]}"


def quarter_heading(p) -> str:
    """Q1 2026/27."""
    return f"Q{p[2]} {p[1]}/{(p[1] + 1) % 100:02d}"


def fy_folder(p) -> str:
    """returns/2026-27 etc.: the folder of a month's returns."""
    fy = fy_of(p[1], p[2]) if p[0] == "M" else p[1]
    return f"{fy}-{(fy + 1) % 100:02d}"


# ------------------------------------------------------------------ history
#
# Values for the months before September 2026, by hand, so that September gets
# real directions of travel and the history rules have something to look at.
# Monthly: "25" is April-September 2025 (Economy and Place: April 2025 - March
# 2026, its workbook covers the whole year), "26" is April-August 2026.
# Quarterly: "25" is Q1, Q2 2025/26 (EP: Q1-Q4), "26" is Q1 2026/27.
# Cumulative measures rise through each year and start again in April.

HIST = {
    # Adults and Health
    "ASC-01": {"25": [84.1, 85.3, 86.0, 87.2, 88.4, 89.1], "26": [93.0, 94.6, 95.8, 97.1, 98.3]},
    "ASC-02": {"25": [10.1, 10.6, 11.2, 10.8, 11.5, 11.9], "26": [11.4, 11.8, 12.3, 12.9, 13.2]},
    # August 2026 (251) is above September (247): planted DQ031.
    "ASC-03": {"25": [45, 88, 131, 176, 219, 262], "26": [40, 83, 124, 165, 251]},
    "ASC-04": {"25": [80.6, 81.9], "26": [82.7]},
    # Amber in July and August 2026 and worse again in September: planted amber-twice.
    "ASC-05": {"25": [88.6, 89.9, 87.4, 90.3, 88.0, 89.1], "26": [89.0, 88.1, 87.5, 86.9, 86.2]},
    "ASC-06": {"25": [148, 301, 449, 596, 742, 889], "26": [152, 305, 461, 610, 762]},
    "ASC-07": {"25": [6.1, 6.3], "26": [6.6]},
    # Children and Families
    "CF-01": {"25": [52.4, 48.1, 53.6, 48.0, 46.7, 44.4], "26": [44.8, 42.9, 46.9, 40.0, 43.8]},
    "CF-02": {"25": [89.3, 91.0, 89.7, 91.1, 90.7, 90.2], "26": [91.1, 90.5, 89.9, 92.0, 91.6]},
    "CF-03": {"25": [398, 402, 405, 409, 407, 411], "26": [414, 417, 412, 415, 419]},
    # Steady around 23 for 11 months; September's 19.6 is the planted outlier (DQ041).
    "CF-04": {"25": [23.4, 22.9, 23.8, 23.1, 22.6, 23.5], "26": [23.0, 22.7, 23.6, 23.2, 22.8]},
    "CF-05": {"25": [52.1, 53.4], "26": [55.8]},
    "CF-06": {"25": [451, 438], "26": [419]},
    # 78.3 in June, July and August 2026 and again in September: planted DQ051.
    "CF-07": {"25": [71.2, 72.0, 72.8, 73.5, 74.1, 74.6], "26": [76.0, 77.1, 78.3, 78.3, 78.3]},
    "CF-08": {"25": [2, 4, 6, 8, 10, 12], "26": [2, 4, 7, 9, 11]},
    # Economy and Place (whole of 2025/26)
    "EP-01": {"25": [48.2, 49.5, 51.3, 50.8, 49.1, 47.6, 46.9, 45.2, 44.8, 43.5, 44.9, 46.3],
              "26": [48.8, 50.4, 51.9, 51.2, 49.7]},
    "EP-02": {"25": [85.7, 100.0, 75.0, 88.9, 80.0, 100.0, 83.3, 71.4, 90.0, 100.0, 77.8, 87.5],
              "26": [100.0, 80.0, 85.7, 66.7, 90.9]},
    "EP-03": {"25": [58, 55, 61, 57, 54, 59, 62, 66, 71, 64, 58, 56], "26": [53, 57, 55, 60, 58]},
    "EP-04": {"25": [1182, 1256, 1311, 1274, 1298, 1245, 1208, 1153, 1096, 1121, 1167, 1219],
              "26": [1203, 1268, 1322, 1289, 1301]},
    "EP-05": {"25": [19, 41, 60, 82, 101, 121, 140, 158, 171, 190, 211, 233], "26": [23, 45, 68, 89, 110]},
    "EP-06": {"25": [91.8, 92.6, 93.1, 92.2, 91.5, 92.9, 90.8, 89.7, 90.3, 91.1, 92.0, 92.7],
              "26": [93.0, 92.4, 93.8, 94.1, 93.6]},
    "EP-07": {"25": [298400, 603100, 921800, 1248900, 1566200, 1874500, 2170300, 2461000, 2790600,
                     3052800, 3318400, 3611700],
              "26": [305200, 612900, 936400, 1268300, 1571800]},
    "EP-08": {"25": [142, 291, 447, 602], "26": [156]},
    # Housing and Communities
    "HC-01": {"25": [71, 148], "26": [82]},
    "HC-02": {"25": [421, 428, 436, 441, 447, 452], "26": [468, 477, 489, 496, 503]},
    "HC-03": {"25": [93.2, 96.4, 97.1, 94.0, 92.8, 95.9], "26": [96.8, 93.5, 94.6, 97.0, 93.9]},
    "HC-04": {"25": [57.9, 59.4, 61.0, 60.2, 58.8, 59.7], "26": [60.5, 61.8, 62.4, 60.9, 61.6]},
    "HC-05": {"25": [27.4, 26.8, 29.9, 31.2, 28.5, 27.9], "26": [30.6, 33.8, 36.2, 38.9, 40.1]},
    "HC-06": {"25": [97.2, 97.6], "26": [98.1]},
    "HC-07": {"25": [71250, 145900, 221300, 302800, 381600, 455200],
              "26": [73400, 149100, 226800, 310500, 392300]},
    "HC-08": {"25": [41, 86], "26": [44]},
    # Resources
    "RES-01": {"25": [95.1, 94.6, 95.8, 96.0, 95.4, 95.9], "26": [96.1, 95.7, 96.4, 95.9, 96.5]},
    "RES-02": {"25": [19.8, 18.9, 19.4, 20.3, 18.6, 18.1], "26": [17.9, 18.4, 17.2, 18.0, 17.5]},
    "RES-03": {"25": [10.62, 19.85, 28.91, 38.07, 47.02, 56.31], "26": [10.48, 19.71, 28.64, 37.82, 47.15]},
    "RES-04": {"25": [11.20, 20.45, 29.60, 38.92, 48.15, 57.36], "26": [11.45, 20.80, 30.05, 39.40, 49.62]},
    "RES-05": {"25": [9.6, 9.5, 9.4, 9.4, 9.3, 9.2], "26": [8.9, 8.9, 8.8, 8.8, 8.7]},
    "RES-06": {"25": [17904, 18611, 19230, 17415, 16982, 18107], "26": [17688, 18245, 19012, 17236, 16870]},
    "RES-07": {"25": [88.2, 91.0, 89.5, 92.1, 90.4, 87.8], "26": [91.7, 93.0, 90.8, 89.9, 92.6]},
}

# Denominators for the indicators returned with Numerator / Denominator; the
# numerator is worked out so the value agrees (SPEC section 4's 2% test).
HIST_DEN = {
    "CF-01": {"25": [21, 27, 28, 25, 30, 27], "26": [29, 28, 32, 25, 32]},
    "CF-02": {"25": [356, 354, 340, 327, 365, 346], "26": [359, 338, 349, 362, 344]},
    "HC-04": {"25": [152, 148, 163, 171, 157, 149], "26": [162, 157, 170, 156, 164]},
    "HC-06": {"25": [12510, 12460], "26": [12430]},
    "RES-01": {"25": [4920, 5110, 4870, 5230, 4980, 5060], "26": [4890, 5140, 4960, 5020, 4850]},
    "RES-07": {"25": [119, 133, 124, 140, 115, 127], "26": [121, 138, 131, 129, 136]},
}

# A revised June 2026 figure for HC-04 given again in the July return: it
# differs from the June return's own, so DQ030 (conflict across returns).
REVISED = {"code": "HC-04", "period": M(2026, 6), "value": 63.1, "den": 168,
           "note": "Revised June figure: three cases closed late in the system."}


def hist_periods(i):
    """(year label, list of period keys) for an indicator's history."""
    ep = i["directorate"] == EP
    if i["freq"] == "monthly":
        return {"25": MONTHS_2025_FULL if ep else MONTHS_2025, "26": MONTHS_2026}
    if i["freq"] == "quarterly":
        return {"25": [("Q", 2025, q) for q in (range(1, 5) if ep else range(1, 3))],
                "26": [("Q", 2026, 1)]}
    return {"25": [], "26": []}


def build_history():
    """{code: {period: (value, numerator, denominator)}} for every history period."""
    out = {}
    for i in REGISTER:
        code = i["code"]
        per = hist_periods(i)
        series = HIST.get(code, {"25": [], "26": []})
        out[code] = {}
        for y in ("25", "26"):
            assert len(series[y]) == len(per[y]), f"{code} {y}: {len(series[y])} values for {len(per[y])} periods"
            for k, (p, v) in enumerate(zip(per[y], series[y])):
                num = den = None
                if code in HIST_DEN:
                    den = HIST_DEN[code][y][k]
                    num = round(v * den / 100)
                    v = excel_round(num / den * 100, i["dec"])
                out[code][p] = (v, num, den)
    return out


HISTORY = build_history()


# ------------------------------------------------------------------ returns
#
# Each row: code plus the cells to write. "actual" may be a number, a string,
# ("error", "#DIV/0!"), or None (blank).

def row(code, actual=None, *, title=None, forecast=None, num=None, den=None,
        comment=None, note=None, target="auto", actual_fmt=None, month=None):
    return dict(code=code, actual=actual, title=title, forecast=forecast, num=num,
                den=den, comment=comment, note=note, target=target,
                actual_fmt=actual_fmt, month=month)


# Long layout, one workbook per month: Adults and Health, Children and
# Families, Resources. The September 2026 rows carry the planted problems.
LONG_SPECS = [
    dict(
        directorate=AH, sheet="Return", origin=(1, 1), period_text=mon_yy,
        headers=["Code", "Indicator", "Actual", "Target", "Forecast", "Numerator",
                 "Denominator", "Commentary", "Data Note"],
        sep_rows=[
            row("ASC-01", 104, comment="Includes people who moved to direct payments during the month; figure being checked with the Mosaic team."),
            row("ASC-02", 12.4, comment="Discharge pressures continued through the summer; two extra brokerage officers start in October."),
            row("ASC-03", 247),
            row("ASC-04", 0.82, actual_fmt="General", comment="Q2 figure from the reablement team's tracker."),
            row("ASC-05", 85.0, comment="Three complex enquiries closed with the risk remaining; reviewed by the Safeguarding Adults Board."),
            row("ASC-06", 912),
            row("ASC-07", 6.8),
            row("ASC-99", 37, title="Number of Making Safeguarding Personal reviews", target=None,
                comment="New measure requested by the Safeguarding Adults Board."),
            row("ASC-06", 921, comment="Corrected figure after late entries in Mosaic."),
        ],
    ),
    dict(
        directorate=CF, sheet="Performance", origin=(3, 2), period_text=month_year,
        headers=["PI Ref", "Indicator", "Value", "Target", "Forecast", "Numerator",
                 "Denominator", "Comments", "Data Note"],
        sep_rows=[
            row("CF-01", 41.2, forecast=52.0, num=14, den=34,
                comment="Backlog of educational psychology advice; locum psychologists in post from October, but the year-end figure will still fall short."),
            row("CF-02", 91.4, num=301, den=352),
            row("CF-03", -412),
            row("CF-04", 19.6),
            row("CF-05", 57.0),
            row("CF-06", "n/a", comment="No adoption placements this quarter."),
            row("CF-07", 78.3, comment="=see note: staffing changes in the Early Years team"),
            row("CF-08", 13, forecast=26),
            row("HC-04", 61.3, num=98, den=160,
                comment="Joint figure for care leavers, shared with Housing Options."),
        ],
    ),
    dict(
        directorate=RS, sheet="Return", origin=(1, 1), period_text=mon_yy,
        headers=["PI Code", "Indicator", "Performance", "Target", "Forecast", "Numerator",
                 "Denominator", "Commentary", "Data Note"],
        sep_rows=[
            row("RES-01", 96.2, num=4810, den=5000),
            row("RES-02", 17.6),
            row("RES-03", 55.80, forecast=96.40,
                comment="Slightly behind profile after the move to the new payment system; recovery plan agreed."),
            row("RES-04", 58.40, forecast=98.10),
            row("RES-05", 8.7, comment="Rolling 12 months."),
            row("RES-06", 18452),
            row("RES-07", 92.3, num=120, den=130),
        ],
    ),
]

# Economy and Place: wide layout, one workbook per financial year; these are
# the September 2026 cells (column Sep-26) and the extras beside them.
EP_SEP_ROWS = [
    row("EP-01", ("error", "#DIV/0!"),
        comment="Contractor tonnage data not received, so the formula could not calculate."),
    row("EP-02", 75.0, forecast=90.0,
        comment="Two of eight major applications went over 13 weeks after late consultee responses; extensions now agreed up front."),
    row("EP-03", "see comment",
        comment="Round-management system was down for two weeks; figure to follow in October."),
    row("EP-04", "1,234"),
    row("EP-05", 131),
    row("EP-06", 93.4),
    row("EP-07", 1856400, forecast=3250000,
        comment="On profile to date, but the Market Street car park closes for redevelopment on 1 November, so year-end income is forecast at £3.25m."),
    row("EP-08", 318),
]
EP_HEADERS_AFTER = ["Year-end forecast", "Commentary", "Data Note"]

# Housing and Communities: an export from its housing system, one workbook per
# month, read through the [[source]] in samples/ipr.toml.
HC_SHEET = "Data"
HC_HEADER_ROW = 6
HC_HEADERS = ["Measure ID", "Measure", "Month", "Figure", "Num", "Den", "Year-end projection",
              "Notes", "Data quality note"]
HC_COLS = ["code", "title", "month", "actual", "num", "den", "forecast", "comment", "note"]
HC_SEP_ROWS = [
    row("HC-01", 171),
    row("HC-02", 512),
    row("HC-03", 91.5, forecast=95.0,
        comment="Two blocks emptied for fire-safety works; occupancy recovers when they reopen in October."),
    row("HC-04", 61.3, num=98, den=160),
    row("HC-05", 41.3, forecast=28.0,
        comment="Void repairs backlog after the change of contractor; the new contractor is clearing it and we expect to be back on target by March."),
    row("HC-06", 98.6, num=11850, den=12400,
        note="Denominator is the April stock of 12,400 homes; 382 have since been sold or demolished, so the value uses the current stock of 12,018 (11,850 / 12,018 = 98.6%)."),
    row("HC-08", None),
]

COLS = ["code", "title", "actual", "target", "forecast", "num", "den", "comment", "note"]

RED_COMMENT = {
    "higher": "Below target this month; the service's improvement plan is reported to the directorate management team.",
    "lower": "Above the target level this month; the service's improvement plan is reported to the directorate management team.",
    "band": "Outside the target band this month; the service is managing it back.",
}


def dir_slug(directorate: str) -> str:
    return directorate.replace(" ", "-")


def monthly_path(directorate: str, p) -> Path:
    return RETURNS / fy_folder(p) / f"{dir_slug(directorate)}-{pid(p)}.xlsx"


def rel(path: Path) -> str:
    """A return's path under samples/returns, as the README shows it."""
    return path.relative_to(RETURNS).as_posix()


def due(i) -> bool:
    """Due in September 2026: monthly always, quarterly at Q2 end, annual not."""
    return due_period(i, 2026, 9) is not None


def read_value(i, actual, actual_fmt=None, percent_cell=False):
    """The number ipr should read from a value cell (SPEC sections 2-3), or None."""
    if actual is None or isinstance(actual, tuple):
        return None
    if isinstance(actual, str):
        t = actual.replace(",", "").strip()
        try:
            return float(t)
        except ValueError:
            return None  # "see comment", "n/a"
    if i and i["unit"] == "percent" and not percent_cell and 0 < actual < 1:
        return None  # a bare fraction is never read either way
    return float(actual)


def history_row(i, p, with_extras=True):
    """A return row for a history period, with commentary where the value is red."""
    v, num, den = HISTORY[i["code"]][p]
    comment = None
    if with_extras and rag(i, v, p)[0] == "red":
        comment = RED_COMMENT[i["polarity"]]
    return row(i["code"], v, num=num, den=den, comment=comment)


def save_deterministic(wb: Workbook, path: Path) -> None:
    """Save with a fixed modified date and fixed zip timestamps."""
    wb.properties.creator = "ipr sample council"
    wb.properties.lastModifiedBy = "ipr sample council"
    wb.properties.created = DOC_DATE
    wb.properties.modified = DOC_DATE
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # openpyxl's save() would stamp "now"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_register() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Indicators"
    ws.append(REGISTER_HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
    for r, i in enumerate(REGISTER, start=2):
        vals = [i["code"], i["title"], i["directorate"], i["owner"], i["unit"],
                i["polarity"], i["freq"], i["measure"], i["target"], None,
                i["min"], i["max"], i["mult"], i["dec"], i["req"], i["definition"],
                i["source"], PRIORITY[i["directorate"]], committee(i["code"], i["directorate"])]
        for c, v in enumerate(vals, start=1):
            if v is not None:
                ws.cell(row=r, column=c, value=v)
        tol = i["tol"]
        if isinstance(tol, tuple):
            cell = ws.cell(row=r, column=10, value=tol[1])
            cell.number_format = "0%"
        elif tol is not None:
            ws.cell(row=r, column=10, value=tol)
        if i["unit"] == "currency" and i["target"] is not None:
            ws.cell(row=r, column=9).number_format = GBP_FMT
    widths = [9, 60, 24, 38, 9, 9, 10, 11, 13, 10, 6, 6, 11, 9, 9, 60, 30, 22, 40]
    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w
    ws.freeze_panes = "B2"

    t = wb.create_sheet("Targets")
    t.append(["Code", "Period", "Target"])
    for c in t[1]:
        c.font = Font(bold=True)
    for code, p, v in PROFILED:
        t.append([code, p, v])
        t.cell(row=t.max_row, column=2).number_format = "@"
    sample_plan.write_plan_sheet(wb)
    sample_budget.write_budget_sheet(wb)
    save_deterministic(wb, SAMPLES / "register.xlsx")


def put(cell, v, i, col, *, percent_cells=False, actual_fmt=None):
    """Write one value; numbers get the indicator's format, text stays text."""
    if v is None:
        return
    if isinstance(v, tuple) and v[0] == "error":
        cell.value = v[1]
        cell.data_type = "e"  # an error cell, not the text "#DIV/0!"
        return
    numeric_col = col in ("actual", "target", "forecast")
    if numeric_col and isinstance(v, (int, float)):
        if i and i["unit"] == "percent" and percent_cells:
            cell.value = round(v / 100, 6)
            cell.number_format = PCT_FMT
        elif i and i["unit"] == "currency":
            cell.value = v
            cell.number_format = GBP_FMT
        else:
            cell.value = v
            if col == "actual" and actual_fmt:
                cell.number_format = actual_fmt
            elif i and i["dec"]:
                cell.number_format = "0." + "0" * i["dec"]
        return
    cell.value = v
    if isinstance(v, str):
        cell.data_type = "s"  # text from officers is never a formula


def obs(path, sheet, cell, i, code, p, actual, rw, *, percent_cell=False, directorate):
    """What ipr should read from one value cell: the model the README is worked from."""
    return dict(file=rel(path), name=path.name, sheet=sheet, cell=cell, code=code,
                period=p, value=read_value(i, actual, rw.get("actual_fmt"), percent_cell),
                raw=actual, num=rw.get("num"), den=rw.get("den"), comment=rw.get("comment"),
                note=rw.get("note"), forecast=rw.get("forecast"), directorate=directorate)


def write_long(spec, p, rows):
    """One long-layout monthly return; gives back {(code, occurrence): refs} and observations."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    r0, c0 = spec["origin"]  # 1-based row and column of the title cell
    directorate = spec["directorate"]
    ws.cell(row=r0, column=c0, value=f"{directorate} - monthly performance return").font = Font(bold=True, size=14)
    ws.cell(row=r0 + 1, column=c0, value="Directorate:").font = Font(bold=True)
    ws.cell(row=r0 + 1, column=c0 + 1, value=directorate)
    ws.cell(row=r0 + 2, column=c0, value="Period:").font = Font(bold=True)
    ws.cell(row=r0 + 2, column=c0 + 1, value=spec["period_text"](p))
    header_row = r0 + 4  # a blank row between the labels and the table
    for k, h in enumerate(spec["headers"]):
        ws.cell(row=header_row, column=c0 + k, value=h).font = Font(bold=True)
    path = monthly_path(directorate, p)
    cells: dict = {}
    seen: dict = {}
    found = []
    for n, rw in enumerate(rows):
        r = header_row + 1 + n
        code = rw["code"]
        seen[code] = seen.get(code, 0) + 1
        i = BY_CODE.get(code)
        title = rw["title"] or (i["title"] if i else "")
        ip = due_period(i, p[1], p[2]) if i else None
        target = rw["target"]
        if target == "auto":
            target = period_target(i, ip)[0] if i and ip else None
        values = dict(code=code, title=title, actual=rw["actual"], target=target,
                      forecast=rw["forecast"], num=rw["num"], den=rw["den"],
                      comment=rw["comment"], note=rw["note"])
        refs = {"sheet": spec["sheet"]}
        for k, col in enumerate(COLS):
            cell = ws.cell(row=r, column=c0 + k)
            refs[col] = cell.coordinate
            put(cell, values[col], i, col, actual_fmt=rw["actual_fmt"])
        cells[(code, seen[code])] = refs
        if i:
            found.append(obs(path, spec["sheet"], refs["actual"], i, code, ip or p, rw["actual"], rw,
                             directorate=directorate))
    widths = [10, 60, 12, 12, 12, 12, 13, 60, 50]
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(c0 + k)].width = w
    ws.freeze_panes = ws.cell(row=header_row + 1, column=c0 + 2).coordinate
    save_deterministic(wb, path)
    return path, cells, found


def long_rows(spec, p):
    """Rows of a long return for month p: September 2026's planted rows, else history."""
    if p == SEP:
        return spec["sep_rows"]
    return [history_row(i, due_period(i, p[1], p[2])) for i in REGISTER
            if i["directorate"] == spec["directorate"] and due_period(i, p[1], p[2])]


EP_TITLE_ROW, EP_LABEL_ROW, EP_HEADER_ROW = 1, 2, 4


def write_ep(fy: int):
    """Economy and Place's wide workbook for financial year fy: sheet Monthly (a column per
    month) and sheet Quarterly (a column per quarter), header row 4 under a title and a
    `Directorate:` label, a note row and a blank row after each indicator."""
    yy = f"{fy}-{(fy + 1) % 100:02d}"
    path = RETURNS / yy / f"Economy-and-Place-{yy}.xlsx"
    months = MONTHS_2025_FULL if fy == 2025 else MONTHS_2026 + [SEP]
    quarters = [("Q", 2025, q) for q in range(1, 5)] if fy == 2025 else [("Q", 2026, 1), ("Q", 2026, 2)]
    sep_rows = {rw["code"]: rw for rw in EP_SEP_ROWS}
    wb = Workbook()
    cells, found = {}, []
    for sheet_name, periods, freq in (("Monthly", months, "monthly"), ("Quarterly", quarters, "quarterly")):
        ws = wb.active if sheet_name == "Monthly" else wb.create_sheet(sheet_name)
        ws.title = sheet_name
        ws.cell(row=EP_TITLE_ROW, column=1,
                value=f"Economy and Place - {freq} performance {fy}/{(fy + 1) % 100:02d}").font = Font(bold=True, size=14)
        ws.cell(row=EP_LABEL_ROW, column=1, value="Directorate:").font = Font(bold=True)
        ws.cell(row=EP_LABEL_ROW, column=2, value=EP)
        headers = ["Ref", "Indicator"] + [None] * len(periods) + EP_HEADERS_AFTER
        for k, h in enumerate(headers):
            c = ws.cell(row=EP_HEADER_ROW, column=1 + k)
            c.font = Font(bold=True)
            if h is not None:
                c.value = h
        for k, p in enumerate(periods):
            c = ws.cell(row=EP_HEADER_ROW, column=3 + k)
            if p[0] == "Q":
                c.value = quarter_heading(p)
            elif fy == 2025:
                # Last year's workbook: Excel date cells shown as Apr-25.
                c.value = dt.datetime(p[1], p[2], 1)
                c.number_format = "mmm-yy"
            else:
                c.value = mon_yy(p)  # this year's: text headings
        extras_col = 3 + len(periods)
        r = EP_HEADER_ROW + 1
        for i in REGISTER:
            if i["directorate"] != EP or i["freq"] != freq:
                continue
            code = i["code"]
            latest = periods[-1]
            if latest == ("Q", 2026, 2) or latest == SEP:
                last = sep_rows[code]
            else:
                last = history_row(i, latest)
            ws.cell(row=r, column=1, value=code)
            ws.cell(row=r, column=2, value=i["title"])
            refs = {"sheet": sheet_name, "code": f"A{r}", "title": f"B{r}"}
            for k, p in enumerate(periods):
                cell = ws.cell(row=r, column=3 + k)
                rw = last if p == latest else history_row(i, p, with_extras=False)
                put(cell, rw["actual"], i, "actual", percent_cells=True)
                if p == latest:
                    refs["actual"] = cell.coordinate
                found.append(obs(path, sheet_name, cell.coordinate, i, code, p, rw["actual"],
                                 rw if p == latest else {}, percent_cell=True, directorate=EP))
            for k, col in enumerate(["forecast", "comment", "note"]):
                cell = ws.cell(row=r, column=extras_col + k)
                refs[col] = cell.coordinate
                put(cell, last[col], i, col, percent_cells=True)
            cells[(code, 1)] = refs
            note = ws.cell(row=r + 1, column=2, value=f"Note: {i['definition']} Source: {i['source']}.")
            note.font = Font(italic=True)
            r += 3  # indicator row, note row, blank row
        ws.column_dimensions["A"].width = 9
        ws.column_dimensions["B"].width = 60
        for k in range(len(periods) + 1):
            ws.column_dimensions[get_column_letter(3 + k)].width = 11
        ws.column_dimensions[get_column_letter(extras_col + 1)].width = 60
        ws.column_dimensions[get_column_letter(extras_col + 2)].width = 40
        ws.freeze_panes = f"C{EP_HEADER_ROW + 1}"
    save_deterministic(wb, path)
    return path, cells, found


def write_hc(p, rows):
    """Housing and Communities' monthly export: sheets Guidance, Data (header row 6) and
    Lists; headers no automatic rule knows, so samples/ipr.toml describes them."""
    path = monthly_path(HC, p)
    wb = Workbook()
    g = wb.active
    g.title = "Guidance"
    g["A1"] = "Housing and Communities performance data extract"
    g["A1"].font = Font(bold=True, size=14)
    g["A3"] = "The Data sheet lists one row per measure, with the month each figure is for."
    g["A4"] = "Year-to-date measures count from 1 April. Send queries to the Housing Performance Team."
    g.column_dimensions["A"].width = 90
    ws = wb.create_sheet(HC_SHEET)
    ws["A1"] = "Housing and Communities - performance data extract"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Source: housing performance system (monthly extract)"
    ws["A3"] = "Contact: Housing Performance Team"
    ws["A5"] = "Figures are as at the end of the month shown; see the Guidance sheet."
    ws["A5"].font = Font(italic=True)
    for k, h in enumerate(HC_HEADERS):
        ws.cell(row=HC_HEADER_ROW, column=1 + k, value=h).font = Font(bold=True)
    cells, found, seen = {}, [], {}
    for n, rw in enumerate(rows):
        r = HC_HEADER_ROW + 1 + n
        code = rw["code"]
        seen[code] = seen.get(code, 0) + 1
        i = BY_CODE[code]
        month = rw["month"] or p
        values = dict(code=code, title=i["title"], month=mon_yy(month), actual=rw["actual"],
                      num=rw["num"], den=rw["den"], forecast=rw["forecast"],
                      comment=rw["comment"], note=rw["note"])
        refs = {"sheet": HC_SHEET}
        for k, col in enumerate(HC_COLS):
            cell = ws.cell(row=r, column=1 + k)
            refs[col] = cell.coordinate
            put(cell, values[col], i, col)
        cells[(code, seen[code])] = refs
        found.append(obs(path, HC_SHEET, refs["actual"], i, code, due_period(i, month[1], month[2]),
                         rw["actual"], rw, directorate=HC))
    for k, w in enumerate([12, 60, 9, 10, 8, 8, 12, 60, 50]):
        ws.column_dimensions[get_column_letter(1 + k)].width = w
    ws.freeze_panes = f"B{HC_HEADER_ROW + 1}"
    lists = wb.create_sheet("Lists")
    lists.append(["Measure ID", "Measure"])
    for i in REGISTER:
        if i["directorate"] == HC:
            lists.append([i["code"], i["title"]])
    save_deterministic(wb, path)
    return path, cells, found


def hc_rows(p):
    if p == SEP:
        return HC_SEP_ROWS
    rows = [history_row(i, due_period(i, p[1], p[2])) for i in REGISTER
            if i["directorate"] == HC and due_period(i, p[1], p[2])]
    if p == next_month(REVISED["period"]):
        i = BY_CODE[REVISED["code"]]
        num = round(REVISED["value"] * REVISED["den"] / 100)
        v = excel_round(num / REVISED["den"] * 100, i["dec"])
        assert v == REVISED["value"]
        rows.append(row(REVISED["code"], v, num=num, den=REVISED["den"], comment=REVISED["note"],
                        month=REVISED["period"]))
    return rows


def next_month(p):
    y, m = p[1], p[2]
    return M(y + 1, 1) if m == 12 else M(y, m + 1)


def write_returns():
    """Every return; gives back (files, cells by file name, observations)."""
    files, cells, found = [], {}, []

    def keep(res):
        path, c, f = res
        files.append(path)
        cells[path.name] = c
        found.extend(f)

    for p in MONTHS_2025 + MONTHS_2026 + [SEP]:
        for spec in LONG_SPECS:
            keep(write_long(spec, p, long_rows(spec, p)))
        keep(write_hc(p, hc_rows(p)))
    keep(write_ep(2025))
    keep(write_ep(2026))
    return files, cells, found


# ------------------------------------------------------------ the rule model
#
# What ipr should make of the observations, worked from SPEC sections 4-6 (not
# from ipr's output): conflicts, the history rules, RAG, direction of travel,
# forecast and exceptions. The README's tables are printed from it, and the
# asserts below keep accidents (an unplanned outlier, four equal values, a
# falling total) out of the samples.

MAD_SCALE = 1.4826
OUTLIER_Z = 3.5
OUTLIER_MIN = 6
COPIED = 3


def cell_rc(a1: str):
    m = re.fullmatch(r"([A-Z]+)(\d+)", a1)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def ipr_order(found):
    """Observations in the order ipr meets them: files by path, then row and column."""
    return sorted(found, key=lambda o: (o["file"], cell_rc(o["cell"])))


def resolve(found):
    """{(code, period): value or None} and {(code, period): [observations]} for conflicts.
    Values returned by a directorate that does not own the indicator are not used."""
    groups = {}
    for o in ipr_order(found):
        if o["directorate"] != BY_CODE[o["code"]]["directorate"]:
            continue
        groups.setdefault((o["code"], o["period"]), []).append(o)
    values, conflicts, first = {}, {}, {}
    for key, os in groups.items():
        vals = [o for o in os if o["value"] is not None]
        first[key] = vals[0] if vals else os[0]
        if any(o["value"] != vals[0]["value"] for o in vals[1:]):
            conflicts[key] = vals
            values[key] = None
        else:
            values[key] = vals[0]["value"] if vals else None
        # ipr withholds a figure with a validity error (outside Min/Max, a negative
        # count) from assessment and from the history rules.
        if values[key] is not None and invalid(BY_CODE[key[0]], values[key]):
            values[key] = None
    return values, conflicts, first


def invalid(i, v) -> bool:
    """True when v breaks the register's range for i (DQ011) or is a negative count (DQ012)."""
    def bound(x, default):
        if x is None or x == "":
            return default
        if isinstance(x, str):
            return None if x.strip().lower() == "none" else float(x.rstrip("%"))
        return x
    pct = i["unit"] == "percent"
    lo = bound(i["min"], 0 if pct else None)
    hi = bound(i["max"], 100 if pct else None)
    return (i["unit"] == "count" and v < 0) or (lo is not None and v < lo) or (hi is not None and v > hi)


def fy_of_period(p) -> int:
    return fy_of(p[1], p[2]) if p[0] == "M" else p[1]


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def history_rules(i, vals, p):
    """DQ031, DQ041 and DQ051 for indicator i's value for period p (SPEC section 4,
    docs/rules.md): [(rule, facts)]."""
    x = vals.get(p)
    if x is None:
        return []
    out = []
    prev = previous(p)
    if i["measure"] == "cumulative" and fy_of_period(prev) == fy_of_period(p) \
            and vals.get(prev) is not None and x < vals[prev]:
        out.append(("DQ031", dict(prev=prev, before=vals[prev])))
    earliest = min(vals, key=sort_key)
    earlier, q = [], prev
    while sort_key(q) >= sort_key(earliest):
        if vals.get(q) is not None:
            earlier.append((q, vals[q]))
        q = previous(q)
    if len(earlier) >= OUTLIER_MIN:
        xs = [v for _, v in earlier]
        med = median(xs)
        mad = median([abs(v - med) for v in xs])
        if mad > 0:
            z = abs(x - med) / (mad * MAD_SCALE)
            if z > OUTLIER_Z:
                out.append(("DQ041", dict(earlier=earlier, med=med, mad=mad, z=z)))
    q, run = p, []
    for _ in range(COPIED):
        q = previous(q)
        if vals.get(q) != x:
            break
        run.append(q)
    else:
        out.append(("DQ051", dict(run=run)))
    return out


def robust_z(i, vals, p):
    """The robust z-score of p's value against the earlier ones, for the asserts."""
    x = vals.get(p)
    xs = [v for q, v in vals.items() if v is not None and sort_key(q) < sort_key(p)]
    if x is None or len(xs) < OUTLIER_MIN:
        return None
    med = median(xs)
    mad = median([abs(v - med) for v in xs])
    return None if mad == 0 else abs(x - med) / (mad * MAD_SCALE)


def direction(i, cur, ear, target):
    """SPEC section 5, at reporting precision."""
    if cur is None or ear is None or i["polarity"] == "none":
        return "none"
    c, e = excel_round(cur, i["dec"]), excel_round(ear, i["dec"])
    if i["polarity"] == "higher":
        better = c - e
    elif i["polarity"] == "lower":
        better = e - c
    else:
        if target is None:
            return "none"
        better = excel_round(abs(e - target), i["dec"]) - excel_round(abs(c - target), i["dec"])
    return "improving" if better > 0 else "worsening" if better < 0 else "unchanged"


def series(values, code):
    return {p: v for (c, p), v in values.items() if c == code}


def assessment_rows(found):
    """Expected September 2026 assessment of every indicator due (SPEC sections 5-6)."""
    values, _, first = resolve(found)
    out = []
    for i in REGISTER:
        if not due(i):
            continue
        p = due_period(i, 2026, 9)
        vals = series(values, i["code"])
        o = first.get((i["code"], p))
        a = vals.get(p)
        t, t_how = period_target(i, p)
        r, why = rag(i, a, p)
        owner = o["forecast"] if o and (i["code"], p) in values and a is not None else None
        fc, fc_how = default_forecast(i, a, owner)
        prev, ly = previous(p), year_earlier(p)
        pv, lv = vals.get(prev), vals.get(ly)
        prev_rag = rag(i, pv, prev)[0]
        d_ly = direction(i, a, lv, t)
        d_prev = direction(i, a, pv, t) if i["measure"] == "snapshot" else "none"
        reasons = []
        if r == "red":
            reasons.append("red")
        if forecast_misses(i, fc):
            reasons.append("forecast")
        d = d_prev if d_prev != "none" else d_ly
        if r == "amber" and prev_rag in ("amber", "red") and d == "worsening":
            reasons.append("amber-twice")
        out.append(dict(i=i, p=p, obs=o, actual=a, raw=o["raw"] if o else None, target=t, t_how=t_how,
                        rag=r, why=why, fc=fc, fc_how=fc_how, reasons=reasons, prev=prev, ly=ly,
                        pv=pv, lv=lv, prev_rag=prev_rag, d_ly=d_ly, d_prev=d_prev,
                        conflict=(i["code"], p) in resolve(found)[1]))
    return out


def month_of_file(found_in_file):
    """The month ipr reports a return for when it is checked on its own."""
    return max((o["period"] for o in found_in_file), key=sort_key)


def end_month(p):
    if p[0] == "M":
        return p
    y, m = sort_key(p)
    return M(y, m)


def model_findings(found):
    """History and conflict findings of `consolidate` for September 2026, and of `check`
    on each return on its own: {(rule, code, file, cell, period)}."""
    values, conflicts, _ = resolve(found)
    cons = set()
    for (code, p), os in conflicts.items():
        for o in os[1:]:
            cons.add(("DQ030", code, o["file"], o["cell"], pid(p)))
    for i in REGISTER:
        p = due_period(i, 2026, 9)
        if p is None:
            continue
        for rule, _ in history_rules(i, series(values, i["code"]), p):
            o = resolve(found)[2][(i["code"], p)]
            cons.add((rule, i["code"], o["file"], o["cell"], pid(p)))
    per_file = set()
    for f in sorted({o["file"] for o in found}):
        mine = [o for o in found if o["file"] == f]
        month = end_month(month_of_file(mine))
        v, c, firsts = resolve(mine)
        for (code, p), os in c.items():
            for o in os[1:]:
                per_file.add(("DQ030", code, o["file"], o["cell"], pid(p)))
        for i in REGISTER:
            p = due_period(i, month[1], month[2])
            if p is None or i["directorate"] != mine[0]["directorate"]:
                continue
            for rule, _ in history_rules(i, series(v, i["code"]), p):
                o = firsts[(i["code"], p)]
                per_file.add((rule, i["code"], o["file"], o["cell"], pid(p)))
            # A red value needs commentary (DQ004), checked here for history returns.
            o = firsts.get((i["code"], p))
            if o is not None and p != due_period(i, 2026, 9) and rag(i, o["value"], p)[0] == "red":
                assert o["comment"], f"{f}: {i['code']} is red in {pid(p)} with no commentary"
    return cons, per_file


def assert_model(found):
    """No accidents: the planted history cases are the only ones."""
    cons, per_file = model_findings(found)
    want = {r for r in cons if r[1] in {"ASC-03", "CF-04", "CF-07", "HC-04", "ASC-06"}}
    assert cons == want, f"unplanned: {sorted(cons - want)}"
    assert {(r[0], r[1]) for r in cons} == {("DQ031", "ASC-03"), ("DQ041", "CF-04"),
                                            ("DQ051", "CF-07"), ("DQ030", "HC-04"), ("DQ030", "ASC-06")}, cons
    # On its own, each return has no history problem except the planted in-file conflict.
    assert {(r[0], r[1]) for r in per_file} == {("DQ030", "ASC-06")}, per_file
    values, _, _ = resolve(found)
    for i in REGISTER:
        vals = series(values, i["code"])
        ks = sorted((p for p in vals if vals[p] is not None), key=sort_key)
        # Never four equal values running, except the planted CF-07.
        for a, b, c, d in zip(ks, ks[1:], ks[2:], ks[3:]):
            if len({vals[a], vals[b], vals[c], vals[d]}) == 1 and [previous(d), previous(c), previous(b)] == [c, b, a]:
                assert i["code"] == "CF-07" and d == SEP, (i["code"], pid(d))
        # Year-to-date totals never fall within a year, except the planted ASC-03.
        if i["measure"] == "cumulative":
            for a, b in zip(ks, ks[1:]):
                if previous(b) == a and fy_of_period(a) == fy_of_period(b) and vals[b] < vals[a]:
                    assert (i["code"], b) == ("ASC-03", SEP), (i["code"], pid(b))
        # Each value against all earlier ones: well clear of the outlier threshold
        # (so a small difference of method cannot tip one over), except the planted two.
        p = due_period(i, 2026, 9)
        if p is not None and i["code"] not in ("CF-03", "CF-04"):
            z = robust_z(i, vals, p)
            assert z is None or z < 3.0, (i["code"], z)


# ------------------------------------------------------------- planted items

def planted(cells, rows, found):
    """Every planted data-quality item, with where it shows: `check` (each return on its
    own) and `consolidate`, or `consolidate` only (it needs other returns)."""
    A, C, H = (monthly_path(d, SEP).name for d in (AH, CF, HC))
    E = "Economy-and-Place-2026-27.xlsx"
    by_code = {x["i"]["code"]: x for x in rows}
    values, conflicts, _ = resolve(found)
    P = []

    def add(f, code, occ, col, what, rule, sev, check, where="both", file=None, cell=None):
        refs = cells[f].get((code, occ), {})
        ref = cell or (refs.get(col) if col else None)
        sheet = refs.get("sheet") or next(iter(cells[f].values()))["sheet"]
        P.append(dict(file=file or rel_of[f], name=f, code=code, cell=ref, what=what, rule=rule,
                      sev=sev, check=check, sheet=sheet, where=where))

    add(A, "ASC-01", 1, "actual", "percent value 104 (register Min/Max blank, so 0-100 for a percent)",
        "validity: value outside Min/Max", "error", ("num", 104))
    add(C, "CF-03", 1, "actual", "negative count -412 (unit count)",
        "validity: negative count", "error", ("num", -412))
    add(E, "EP-03", 1, "actual", 'text "see comment" in the value cell (column Sep-26)',
        "validity: value not a number", "error", ("str", "see comment"))
    add(E, "EP-01", 1, "actual", "Excel error cell #DIV/0! in column Sep-26 (t=\"e\" in the sheet XML)",
        "validity: Excel error cell", "error", ("err", "#DIV/0!"))
    add(A, "ASC-04", 1, "actual", "0.82 in a General-format cell for a percent indicator (target 82)",
        "validity: percent given as a bare fraction", "error", ("num_fmt", 0.82, "General"))
    add(A, "ASC-99", 1, "code", 'code "ASC-99" is not in the register (value 37 in '
        + cells[A][("ASC-99", 1)]["actual"] + ")",
        "relevance: code not in the register", "error", ("str", "ASC-99"))
    add(C, "HC-04", 1, "actual", "HC-04 belongs to Housing and Communities but is in the Children and Families return "
        "(code in " + cells[C][("HC-04", 1)]["code"] + ", value 61.3 here, numerator 98, denominator 160: the same as "
        "Housing's own return, so no cross-return duplicate; findings about a value point at the value cell)",
        "relevance: indicator returned by a directorate that does not own it", "error", ("num", 61.3))
    add(A, "ASC-06", 2, "actual", "ASC-06 given twice in the return: 912 in "
        + cells[A][("ASC-06", 1)]["actual"] + " and 921 here",
        "reliability: same indicator and period given twice with different values", "error", ("num", 921))
    add(H, "HC-07", 1, None, "required monthly indicator HC-07 has no row at all",
        "completeness: required indicator due this period absent", "error", ("absent",))
    add(H, "HC-08", 1, "actual", "required quarterly indicator HC-08 (due: Q2 2026/27) present but the Figure is blank",
        "completeness: required indicator due this period blank", "error", ("blank",))
    add(C, "CF-06", 1, "actual", '"n/a" for CF-06, which is Required = no',
        "none: no finding expected (no value, not required)", "-", ("str", "n/a"))
    add(H, "HC-06", 1, "actual", "value 98.6 vs 11,850 / 12,400 × 100 = 95.5645 (differ by 3.08% of 98.6); "
        "Data quality note filled in (column " + cells[H][("HC-06", 1)]["note"][0] + ")",
        "accuracy: value disagrees with Numerator / Denominator × Multiplier (warning, explained)",
        "warning", ("num", 98.6))
    add(C, "CF-02", 1, "actual", "value 91.4 vs 301 / 352 × 100 = 85.5114 (differ by 6.44% of 91.4); no Data Note",
        "accuracy: value disagrees with Numerator / Denominator × Multiplier (warning, not explained)",
        "warning", ("num", 91.4))
    add(H, "HC-02", 1, "comment", "HC-02 is red (512 in " + cells[H][("HC-02", 1)]["actual"]
        + " against 450, lower is better) and its Notes cell (shown here) is empty",
        "completeness: red indicator has no commentary", "error", ("blank",))

    # History cases: they need the earlier returns, so only `consolidate` sees them.
    aug = monthly_path(AH, M(2026, 8))
    a_aug = cells[aug.name][("ASC-03", 1)]["actual"]
    add(A, "ASC-03", 1, "actual", f"year to date 247 in September 2026 is lower than 251 in August 2026 "
        f"(`{rel(aug)}` {a_aug}); the year started again in April, so both are 2026/27",
        "reliability: a cumulative measure falls within the year", "error", ("num", 247),
        where="consolidate")
    for code, extra in (("CF-04", ""),):
        vals = series(values, code)
        (_, f), = [r for r in history_rules(BY_CODE[code], vals, SEP) if r[0] == "DQ041"]
        xs = [v for _, v in f["earlier"]]
        devs = sorted(excel_round(abs(v - f["med"]), 4) for v in xs)
        x = vals[SEP]
        what = (f"{fmt(x)} against its {len(xs)} earlier values (Apr-Sep 2025, Apr-Aug 2026), sorted "
                f"{', '.join(fmt(v) for v in sorted(xs))}: median {fmt(f['med'])}; absolute deviations sorted "
                f"{', '.join(fmt(d) for d in devs)}: MAD {fmt(f['mad'])}; MAD × 1.4826 = {fmt(f['mad'] * MAD_SCALE)}; "
                f"robust z = |{fmt(x)} − {fmt(f['med'])}| / {fmt(f['mad'] * MAD_SCALE)} = "
                f"{fmt(round(f['z'], 2))} > 3.5; no Data Note{extra}")
        add(C, code, 1, "actual", what, "accuracy: value far outside its own history (warning, not explained)",
            "warning", ("num", x), where="consolidate")
    cf07 = [cells[monthly_path(CF, M(2026, m)).name][("CF-07", 1)]["actual"] for m in (6, 7, 8)]
    add(C, "CF-07", 1, "actual", "78.3 in September 2026 and in June, July and August 2026 ("
        + ", ".join(f"{mon} {c}" for mon, c in zip(("June", "July", "August"), cf07))
        + " of each month's return): four months running; no Data Note",
        "timeliness: same value as the 3 periods before (copied forward) (warning, not explained)",
        "warning", ("num", 78.3), where="consolidate")
    jun = monthly_path(HC, M(2026, 6))
    jul = monthly_path(HC, M(2026, 7))
    j_cell = cells[jun.name][("HC-04", 1)]["actual"]
    r_cell = cells[jul.name][("HC-04", 2)]["actual"]
    jv = HISTORY["HC-04"][M(2026, 6)][0]
    add(jul.name, "HC-04", 2, "actual", f"June 2026 (period 2026-06) given twice: {fmt(jv)} in `{rel(jun)}` {j_cell} "
        f"and {fmt(REVISED['value'])} here, a revised June row (Month Jun-26) in the July return; neither is used, "
        "so HC-04 has no June value", "reliability: same indicator and period given twice with different values "
        "(across returns)", "error", ("num", REVISED["value"]), where="consolidate", file=rel(jul))
    return P


# Not problems: cells that prove ipr reads them as the user meant.
def readable(cells):
    C, E = monthly_path(CF, SEP).name, "Economy-and-Place-2026-27.xlsx"
    R = []

    def add(f, code, col, what, check):
        refs = cells[f][(code, 1)]
        R.append(dict(file=rel_of[f], name=f, sheet=refs["sheet"], code=code, cell=refs[col],
                      what=what, check=check))

    add(E, "EP-04", "actual", 'numeric text "1,234": read as 1234 (green against 1,300, lower is better)',
        ("str", "1,234"))
    add(E, "EP-02", "actual", "0.75 in a '0.0%' cell: read as 75", ("num_fmt", 0.75, PCT_FMT))
    add(E, "EP-06", "actual", "0.934 in a '0.0%' cell: read as 93.4", ("num_fmt", 0.934, PCT_FMT))
    add(E, "EP-07", "actual", "1856400 in a £ cell: read as 1,856,400", ("num_fmt", 1856400, GBP_FMT))
    add(C, "CF-07", "comment", 'commentary "=see note: staffing changes in the Early Years team": text, not a formula',
        ("str", "=see note: staffing changes in the Early Years team"))
    return R


rel_of: dict = {}


# ---------------------------------------------------------------- README

def md_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, tuple):
        return v[1]
    if isinstance(v, str):
        return f'"{v}"'
    return fmt(v)


def dir_cell(d, v) -> str:
    return d if v is None or d == "none" else f"{d} (vs {fmt(v)})"


def write_readme(files, cells, found) -> None:
    rows = assessment_rows(found)
    P = planted(cells, rows, found)
    R = readable(cells)
    n_files = len(files)
    n_obs = len(found)
    L = []
    w = L.append
    w("# The sample council\n")
    w("A small, made-up unitary council used to try `ipr` and to test it: an indicator "
      "register of 40 indicators across five directorates, and the returns its directorates "
      "sent for **April to September 2025** and **April to September 2026** (Economy and Place: "
      "the whole of 2025/26). The month to report is **September 2026** (period `2026-09`, "
      "month 6 of financial year 2026/27; quarterly indicators are due as `2026/27-Q2`; annual "
      "ones are not due); everything earlier is history, which gives September its directions "
      "of travel and lets the history rules look back.\n")
    w("Generated by `scripts/make_samples.py`; do not edit the workbooks by hand. To "
      "regenerate (byte-identical on every run) and re-check every cell listed below:\n")
    w("```\npython3 scripts/make_samples.py\npython3 scripts/make_samples.py --check\n```\n")
    w("Try it (the settings file names the register, the returns folder and the layout of "
      "Housing and Communities' files):\n")
    w("```\ncargo run --release -- consolidate --config samples/ipr.toml --period 2026-09 --out out\n"
      "ipr check --config samples/ipr.toml samples/returns/2026-27/Resources-2026-09.xlsx   # clean: exit 0\n"
      "ipr check --config samples/ipr.toml samples/returns/                                 # planted problems: exit 1\n```\n")
    w("## Files\n")
    w(f"{n_files} returns under `returns/`, in a folder per financial year (`returns/2025-26/`, "
      "`returns/2026-27/`; ipr searches folders recursively), plus the register and `ipr.toml`.\n")
    w("| directorate | layout | files | sheet and table |\n|---|---|---|---|")
    for spec in LONG_SPECS:
        r0, c0 = spec["origin"]
        hdr = get_column_letter(c0) + str(r0 + 4)
        lab = get_column_letter(c0 + 1)
        w(f"| {spec['directorate']} | long, one workbook per month | `{dir_slug(spec['directorate'])}-2025-04.xlsx` "
          f"... `-2025-09.xlsx`, `-2026-04.xlsx` ... `-2026-09.xlsx` (12) | sheet `{spec['sheet']}`; "
          f"`Directorate:` in {get_column_letter(c0)}{r0 + 1} (name in {lab}{r0 + 1}), `Period:` in "
          f"{get_column_letter(c0)}{r0 + 2} (value in {lab}{r0 + 2}, e.g. \"{spec['period_text'](SEP)}\"); "
          f"header row at {hdr}: {', '.join(spec['headers'])} |")
    w(f"| {EP} | wide, one workbook per financial year | `Economy-and-Place-2025-26.xlsx`, "
      "`Economy-and-Place-2026-27.xlsx` | sheet `Monthly`: title in A1, `Directorate:` in A2 (name in B2), "
      f"header row 4: Ref, Indicator, a column per month, {', '.join(EP_HEADERS_AFTER)}; each indicator's row "
      "is followed by a note row (no code) and a blank row. Month headings are Excel date cells shown as "
      "`Apr-25` ... `Mar-26` (columns C-N) in 2025-26 and the text `Apr-26` ... `Sep-26` (columns C-H) in "
      "2026-27. Sheet `Quarterly`, the same shape, holds the quarterly EP-08 under headings `Q1 2025/26` ... "
      "`Q4 2025/26` and `Q1 2026/27`, `Q2 2026/27`. Year-end forecast, Commentary and Data Note are for the "
      "latest column |")
    w(f"| {HC} | long but odd, mapped by `[[source]]` in `ipr.toml` | `Housing-and-Communities-2025-04.xlsx` ... "
      "(12, one per month) | sheets `Guidance`, `Data`, `Lists`; the table is on `Data`, header row 6: "
      f"{', '.join(HC_HEADERS)}; the Month column gives each row's month (\"Sep-26\") |")
    w("")
    w("Why the mix: councils' directorates keep the spreadsheets they already have. Adults and "
      "Health, Children and Families and Resources send a fresh long return each month, which ipr "
      "reads with no settings (their headers use the synonyms of SPEC section 3: Actual, Value, "
      "Performance). Economy and Place keep one running workbook per year and add a column each "
      "month (the wide layout, also read with no settings; last year's workbook has date cells "
      "for headings, this year's text). Housing and Communities export from their housing system, "
      "whose headers (Measure ID, Figure, Num, Den, Notes) match no synonym and whose table is on "
      "the second sheet, so `ipr.toml` describes it in a `[[source]]`; without `--config "
      "samples/ipr.toml` those files cannot be read.\n")
    w("| file | what |\n|---|---|")
    w("| `register.xlsx` | sheet `Indicators` (40 indicators, header row 1, data rows 2-41); sheet "
      "`Targets` (profiled monthly targets for RES-03 and RES-04, periods as text `2026-08` etc.) |")
    w("| `ipr.toml` | register, returns folder, year start, default tolerance, and the `[[source]]` for `Housing*.xlsx` |")
    w("")
    w("Layout notes: the Children and Families returns start at column B (column A is empty: "
      "title in B3, header on row 7). In the Economy and Place workbooks, percent indicators' "
      "values and forecasts are Excel percentages (0.75 in a `0.0%` cell means 75). Currency cells use "
      "the format `\"£\"#,##0`. Strings are stored as inline strings. Each long return's Target "
      "column holds the target for its period (for information). In the history months every "
      "red value has commentary, so `ipr check` on any earlier return finds nothing.\n")
    w("Register notes: Tolerance is blank (default 5%) except ASC-05, CF-04 and RES-05 "
      "(0.1 in a `0%` cell, meaning 10%) and HC-03 (the number 2.5, meaning 2.5%). "
      "Multiplier: 100 typed for ASC-07, CF-01, EP-02, HC-06, RES-01 (blank elsewhere, "
      "so the default applies); `none` for ASC-02; 100000 for EP-03. Required = no for "
      "ASC-08 and CF-06. ASC-08 and RES-08 are annual (due in March; no sample month needs them).\n")
    w("**Resources is clean**: no data-quality findings in any month, nothing red, a value for "
      "every indicator due, so `ipr check` on `returns/2026-27/Resources-2026-09.xlsx` exits 0. "
      "(RES-03 is amber in September: a shortfall to watch, not a data-quality problem.)\n")

    w("## Planted data-quality problems\n")
    w("Each is planted exactly once. Rule ids are in `docs/rules.md`; the dimension and rule are "
      "given here in words. Severity is SPEC's default. \"Seen by\": `ipr check` looks at each "
      "return on its own, so the history rules and conflicts across returns (rows 15-19) show only in "
      "`ipr consolidate`, which reads every return together; `check` on the whole folder gives "
      "rows 1-14 and nothing else.\n")
    w("| # | file | sheet | cell | indicator | what is wrong | rule expected | severity | seen by |")
    w("|---|---|---|---|---|---|---|---|---|")
    for n, p in enumerate(P, start=1):
        cell = p["cell"] or "(no row)"
        seen = "check, consolidate" if p["where"] == "both" else "consolidate"
        if p["sev"] == "-":
            seen = "-"
        w(f"| {n} | `{p['file']}` | {p['sheet']} | {cell} | {p['code']} | {p['what']} | {p['rule']} | {p['sev']} | {seen} |")
    w("")
    w("Nothing else in the returns should raise a finding. In particular: every other red "
      "indicator has commentary; a figure with a validity error (ASC-01's 104, CF-03's "
      "-412, ASC-04's bare fraction, EP-01's error cell, EP-03's text) is withheld from "
      "assessment and from the history rules until it is fixed, so it shows as missing and "
      "raises no other finding; the other numerator/denominator pairs agree "
      "within 2% (CF-01 14/34, HC-04 98/160 in both returns, RES-01 4,810/5,000, RES-07 "
      "120/130, and every pair in the history months); no other indicator has four equal values "
      "running, a year-to-date total that falls, or a September value with a robust z-score "
      "above 3 (the script asserts all three).\n")

    w("## Cells that must be read as the user meant (no finding)\n")
    w("| file | sheet | cell | indicator | content and expected reading |")
    w("|---|---|---|---|---|")
    for r in R:
        w(f"| `{r['file']}` | {r['sheet']} | {r['cell']} | {r['code']} | {r['what']} |")
    w("")

    w("## Planted shortfalls\n")
    w("September 2026 is month 6 of 2026/27, so a cumulative monthly target is 6/12 of "
      "the annual target and a cumulative quarterly one 2/4, unless profiled. τ is the "
      "tolerance. \"Forecast misses\" means the forecast is worse than the annual target "
      "by more than τ × |annual target|. \"Amber-twice\": amber now, amber or red in August, "
      "and worse than August.\n")
    w("| indicator | file, cell | polarity | target for period | τ | RAG arithmetic | RAG | forecast | August | reasons |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    short = [x for x in rows if x["rag"] in ("red", "amber") or x["reasons"]]
    for x in short:
        i = x["i"]
        fc = x["fc"]
        t = i["target"]
        band = tolerance(i) * abs(t)
        if i["polarity"] == "higher":
            fc_edge = f"annual {fmt(t)} − {fmt(band)} = {fmt(t - band)}"
        elif i["polarity"] == "lower":
            fc_edge = f"annual {fmt(t)} + {fmt(band)} = {fmt(t + band)}"
        else:
            fc_edge = f"annual {fmt(t)} ± {fmt(band)}"
        miss = "misses" if "forecast" in x["reasons"] else "does not miss"
        fcs = f"{fmt(fc)} ({x['fc_how']}); limit {fc_edge}: {miss}"
        aug = f"{fmt(x['pv'])}: {x['prev_rag']}" if x["pv"] is not None else "-"
        if x["rag"] == "amber":
            aug += f"; September is {x['d_prev'] if x['d_prev'] != 'none' else x['d_ly']}"
        reasons = ", ".join(x["reasons"]) if x["reasons"] else "none (not an exception)"
        o = x["obs"]
        w(f"| {i['code']} {i['title']} | `{o['file']}` {o['cell']} | {i['polarity']} | {x['t_how']} "
          f"| {pct(tolerance(i))} | {x['why']} | **{x['rag']}** | {fcs} | {aug} | {reasons} |")
    w("")
    exc = [x for x in rows if x["reasons"]]
    reds = [x["i"]["code"] for x in rows if x["rag"] == "red"]
    ambers = [x["i"]["code"] for x in rows if x["rag"] == "amber"]
    w(f"So: {len(reds)} red ({', '.join(reds)}), {len(ambers)} amber ({', '.join(ambers)}), "
      f"and {len(exc)} exceptions: red and forecast for ASC-02, CF-01 and HC-02 (the owner's "
      "forecast for CF-01 also misses; ASC-02 and HC-02 have no forecast, so the latest "
      "actual is used); red only for EP-02 and HC-05 (the owners forecast a recovery); "
      "forecast only for EP-07 (year to date on target, owner's forecast well below the "
      "annual target); amber-twice for ASC-05 (amber in July and August 2026, and 86.2 in August "
      "falls to 85 in September: worsening against the previous month). HC-03 and RES-03 are "
      "amber but were green in August, so they are not exceptions. RES-03 tests the profiled "
      "target: against the pro-rata target (96.5 × 6/12 = 48.25) it would be green. ASC-05 tests "
      "the 10% tolerance (with the default 5% its amber edge would be 87.4 and it would be red). "
      "HC-03 tests the band polarity and the tolerance typed as 2.5.\n")

    w("## Expected assessment of every indicator due\n")
    w(f"{len(rows)} indicators are due: every one in the register except the annual ASC-08 "
      "and RES-08. Actual as typed; target for the period; forecast by SPEC section 5. "
      "Directions of travel (SPEC section 5) are compared at reporting precision: against the "
      "same period last year (September 2025, or Q2 2025/26) and, for snapshot measures only, "
      "against the previous period (August 2026, or Q1 2026/27); `none` where either value is "
      "missing, for polarity `none`, and for cumulative measures against the previous period. "
      "For the band indicator HC-03, closer to the target 95 is better. Amber edges are shown "
      "unrounded; no planted value lies within reporting precision of an edge.\n")
    w("| code | unit | measure | polarity | file, cell | actual | target | RAG | vs last year | vs previous | forecast | reasons | note |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for x in rows:
        i = x["i"]
        o = x["obs"]
        where = f"`{o['file']}` {o['cell']}" if o else "(absent)"
        note = ""
        if i["code"] == "ASC-01":
            note = "104 is invalid (above 100): withheld from assessment until fixed, so missing"
        if i["code"] == "CF-03":
            note = "-412 is invalid (a negative count): withheld from assessment until fixed, so missing"
        if i["code"] == "ASC-04":
            note = "0.82 is a bare fraction: ipr must not read it either way, so expect missing"
        if i["code"] == "ASC-06":
            note = "given twice (912, 921): nothing is silently chosen, so neither is used and it shows as missing"
        if i["code"] == "HC-04":
            note = "June 2026 conflicts (row 19), which does not touch September"
        w(f"| {i['code']} | {i['unit']} | {i['measure']} | {i['polarity']} | {where} | {md_cell(x['raw'])} | "
          f"{fmt(x['target'])} | {x['rag']} | {dir_cell(x['d_ly'], x['lv'])} | "
          f"{dir_cell(x['d_prev'], x['pv'] if i['measure'] == 'snapshot' else None)} | {fmt(x['fc'])} | "
          f"{', '.join(x['reasons'])} | {note} |")
    w("")
    w("Each direction shows the value compared with. Against last year there are improving and "
      "worsening cases for both polarities: higher, improving ASC-07, CF-02, EP-05 ...; higher, "
      "worsening CF-01, EP-02, EP-07 (cumulative), RES-03 (cumulative); lower, improving ASC-03 "
      "(cumulative), CF-04, EP-04, RES-02, RES-05; lower, worsening ASC-02, HC-02, HC-05. RES-05 is "
      "unchanged against August (8.7 both).\n")
    w("## History sheet\n")
    hist_ep = sum(1 for o in found if o["file"].startswith("20") and "Economy" in o["file"])
    w(f"The returns hold **{n_obs} values** (one per indicator row and period read: "
      f"{hist_ep} from the two Economy and Place workbooks, the rest from the monthly returns; "
      "blank, `n/a`, error and text value cells count, as they are rows read; ASC-99, not in the "
      "register, does not), so the consolidated workbook's `History` sheet has "
      f"{n_obs} rows under its header.\n")
    (SAMPLES / "README.md").write_text("\n".join(L), encoding="utf-8")


# ------------------------------------------------------------------ check

def sheet_xml(path: Path, sheet_index: int = 1) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(f"xl/worksheets/sheet{sheet_index}.xml").decode("utf-8")


def check_cell(ws, ref, check, path) -> list[str]:
    errs = []
    c = ws[ref] if ref else None
    kind = check[0]
    if kind == "num":
        if not (c.data_type == "n" and isinstance(c.value, (int, float)) and c.value == check[1]):
            errs.append(f"{path.name}!{ref}: expected number {check[1]}, got {c.value!r} ({c.data_type})")
    elif kind == "num_fmt":
        if not (c.data_type == "n" and c.value == check[1] and c.number_format == check[2]):
            errs.append(f"{path.name}!{ref}: expected {check[1]} in format {check[2]}, got "
                        f"{c.value!r} in {c.number_format}")
    elif kind == "str":
        if not (c.data_type == "s" and c.value == check[1]):
            errs.append(f"{path.name}!{ref}: expected text {check[1]!r}, got {c.value!r} ({c.data_type})")
        if check[1].startswith("="):
            if not re.search(rf'<c r="{ref}"[^>]*t="inlineStr"', sheet_xml(path)):
                errs.append(f"{path.name}!{ref}: not stored as text")
    elif kind == "err":
        if c.data_type != "e" or c.value != check[1]:
            errs.append(f"{path.name}!{ref}: expected error {check[1]}, got {c.value!r} ({c.data_type})")
        xml = sheet_xml(path)
        if not re.search(rf'<c r="{ref}"[^>]*t="e"><v>{re.escape(check[1])}</v>', xml):
            errs.append(f"{path.name}!{ref}: no t=\"e\" cell in the sheet XML")
    elif kind == "blank":
        if c.value is not None:
            errs.append(f"{path.name}!{ref}: expected blank, got {c.value!r}")
    return errs


def reread(path: Path) -> list:
    """Values read back from a written return, by its layout, independently of the writer:
    [(sheet, cell, code, period key, cell value)]."""
    wb = load_workbook(path)
    out = []
    codes = set(BY_CODE)
    if path.name.startswith("Economy"):
        for ws in wb.worksheets:
            heads = {}
            for c in ws[EP_HEADER_ROW]:
                v = c.value
                if isinstance(v, dt.datetime):
                    heads[c.column] = M(v.year, v.month)
                elif isinstance(v, str) and re.fullmatch(r"[A-Z][a-z]{2}-\d\d", v):
                    heads[c.column] = M(2000 + int(v[-2:]), MONTH_NAMES.index(
                        next(n for n in MONTH_NAMES if n.startswith(v[:3]))) + 1)
                elif isinstance(v, str) and re.fullmatch(r"Q\d \d{4}/\d\d", v):
                    heads[c.column] = ("Q", int(v[3:7]), int(v[1]))
            for r in range(EP_HEADER_ROW + 1, ws.max_row + 1):
                code = ws.cell(row=r, column=1).value
                if code in codes:
                    for col, p in heads.items():
                        out.append((ws.title, ws.cell(row=r, column=col).coordinate, code, p,
                                    ws.cell(row=r, column=col).value))
    elif path.name.startswith("Housing"):
        ws = wb[HC_SHEET]
        for r in range(HC_HEADER_ROW + 1, ws.max_row + 1):
            code = ws.cell(row=r, column=1).value
            if code in codes:
                mon = ws.cell(row=r, column=3).value
                p = M(2000 + int(mon[-2:]), [n[:3] for n in MONTH_NAMES].index(mon[:3]) + 1)
                out.append((HC_SHEET, ws.cell(row=r, column=4).coordinate, code,
                            due_period(BY_CODE[code], p[1], p[2]), ws.cell(row=r, column=4).value))
    else:
        ws = wb.worksheets[0]
        spec = next(s for s in LONG_SPECS if path.name.startswith(dir_slug(s["directorate"])))
        r0, c0 = spec["origin"]
        y, m = int(path.stem[-7:-3]), int(path.stem[-2:])
        for r in range(r0 + 5, ws.max_row + 1):
            code = ws.cell(row=r, column=c0).value
            if code in codes:
                out.append((ws.title, ws.cell(row=r, column=c0 + 2).coordinate, code,
                            due_period(BY_CODE[code], y, m) or M(y, m), ws.cell(row=r, column=c0 + 2).value))
    return out


def check() -> int:
    errs = []
    reg = load_workbook(SAMPLES / "register.xlsx")
    ws = reg["Indicators"]
    header = [c.value for c in ws[1]]
    if header != REGISTER_HEADER:
        errs.append(f"register header {header}")
    codes = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    if len(codes) != 40 or len(set(codes)) != 40:
        errs.append(f"register has {len(codes)} rows, {len(set(codes))} distinct codes")
    tol_pct = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)
               if ws.cell(row=r, column=10).value == 0.1 and "%" in ws.cell(row=r, column=10).number_format]
    if tol_pct != ["ASC-05", "CF-04", "RES-05"]:
        errs.append(f"percent-formatted tolerances on {tol_pct}")
    tgt = reg["Targets"]
    if [c.value for c in tgt[1]] != ["Code", "Period", "Target"] or tgt.max_row != 7:
        errs.append("Targets sheet")

    # Rebuild the model from the generator's declarations (nothing is written), then
    # compare it with what the workbooks on disk hold.
    files, cells, found = plan()
    # The action plan's progress returns are checked by ipr's tests (tests/plan_month.rs
    # and the planted rows 19-32), not by this model of the indicators; so are the
    # budget returns (tests/budget_samples.rs and the planted rows 33-42).
    on_disk = sorted(p.relative_to(RETURNS).as_posix() for p in RETURNS.rglob("*.xlsx")
                     if not p.name.startswith(("Progress-", "Budget-")))
    if on_disk != sorted(rel(f) for f in files):
        errs.append(f"returns on disk {on_disk}")
    want = {(o["file"], o["sheet"], o["cell"]): o for o in found}
    got = {}
    for f in files:
        for sheet, cell, code, p, v in reread(f):
            got[(rel(f), sheet, cell)] = (code, p, v)
    if set(got) != set(want):
        errs.append(f"value cells differ: {sorted(set(got) ^ set(want))[:5]}")
    for k, (code, p, v) in got.items():
        o = want.get(k)
        if o is None:
            continue
        if (code, p) != (o["code"], o["period"]):
            errs.append(f"{k}: {code} {pid(p)}, expected {o['code']} {pid(o['period'])}")
        raw = o["raw"]
        if isinstance(raw, tuple):
            raw = raw[1]
        elif isinstance(raw, (int, float)) and BY_CODE[code]["unit"] == "percent" and k[0].startswith(("2025-26/Eco", "2026-27/Eco")):
            raw = round(raw / 100, 6)
        if v != raw:
            errs.append(f"{k}: {v!r}, expected {raw!r}")

    for p in planted(cells, assessment_rows(found), found):
        path = RETURNS / p["file"]
        ws = load_workbook(path)[p["sheet"]]
        if p["check"][0] == "absent":
            if any((p["code"], 1) == k for k in cells[p["name"]]):
                errs.append(f"{p['file']}: {p['code']} should be absent")
            continue
        errs += check_cell(ws, p["cell"], p["check"], path)
    for r in readable(cells):
        path = RETURNS / r["file"]
        errs += check_cell(load_workbook(path)[r["sheet"]], r["cell"], r["check"], path)

    # Resources: a number for every indicator due, every month.
    for f in files:
        if f.name.startswith("Resources"):
            for _, cell, code, _, v in reread(f):
                if not isinstance(v, (int, float)):
                    errs.append(f"{f.name}: {code} has no number in {cell}")
    # Children and Families starts at column B.
    for f in files:
        if f.name.startswith("Children"):
            ws = load_workbook(f).worksheets[0]
            if any(ws.cell(row=r, column=1).value is not None for r in range(1, ws.max_row + 1)):
                errs.append(f"{f.name}: column A not empty")
    # The "=" commentary must be an inline string, not a formula.
    cf = monthly_path(CF, SEP)
    xml = sheet_xml(cf)
    if "<f>" in xml or "=see note" not in xml:
        errs.append("CF commentary stored as a formula")
    # Last year's Economy and Place headings are date cells.
    ws = load_workbook(RETURNS / "2025-26" / "Economy-and-Place-2025-26.xlsx")["Monthly"]
    if not all(ws.cell(row=EP_HEADER_ROW, column=c).is_date for c in range(3, 15)):
        errs.append("Economy-and-Place-2025-26.xlsx: month headings are not dates")

    for e in errs:
        print("FAIL", e)
    print("ok" if not errs else f"{len(errs)} problem(s)")
    return 1 if errs else 0


def plan():
    """Write every return into a scratch folder and give back (files under RETURNS,
    cells, observations) as if written there: the model without touching samples/."""
    global RETURNS
    import tempfile
    real = RETURNS
    with tempfile.TemporaryDirectory() as tmp:
        RETURNS = Path(tmp)
        try:
            files, cells, found = write_returns()
        finally:
            RETURNS = real
        files = [real / f.relative_to(Path(tmp)) for f in files]
    rel_of.update({f.name: rel(f) for f in files})
    return files, cells, found


def main() -> int:
    if "--check" in sys.argv[1:]:
        return check()
    RETURNS.mkdir(parents=True, exist_ok=True)
    for old in RETURNS.rglob("*.xlsx"):
        old.unlink()  # files from an earlier layout would otherwise be read as returns
    write_register()
    files, cells, found = write_returns()
    rel_of.update({f.name: rel(f) for f in files})
    assert_model(found)
    write_readme(files, cells, found)
    progress = sample_plan.write_progress(save_deterministic, RETURNS)
    budget = sample_budget.write_monitoring(save_deterministic, RETURNS)
    with open(SAMPLES / "README.md", "a", encoding="utf-8") as f:
        f.write(sample_plan.readme_section())
        f.write(sample_budget.readme_section())
    print(f"wrote {SAMPLES.relative_to(ROOT)}/register.xlsx, {len(files)} returns, "
          f"{len(progress)} progress returns, {len(budget)} budget returns and README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

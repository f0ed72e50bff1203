#!/usr/bin/env python3
"""Write the bundled sample council for ipr: register, September 2026 returns, README.

Usage:
    python3 scripts/make_samples.py          # (re)write samples/
    python3 scripts/make_samples.py --check  # re-read samples/ and verify every planted cell

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
    "Decimals", "Required", "Definition", "Source",
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


def period_target(i):
    """Target for September 2026 (SPEC section 5), with how it was worked out."""
    if i["target"] is None:
        return None, "no target"
    prof = PROFILE.get((i["code"], PERIOD))
    if prof is not None:
        return prof, f"profiled target for {PERIOD} = {fmt(prof)}"
    if i["measure"] == "cumulative":
        if i["freq"] == "quarterly":
            t = i["target"] * QUARTER / 4
            return t, f"{fmt(i['target'])} × {QUARTER}/4 = {fmt(t)}"
        t = i["target"] * MONTH_OF_YEAR / 12
        return t, f"{fmt(i['target'])} × {MONTH_OF_YEAR}/12 = {fmt(t)}"
    return i["target"], f"annual target {fmt(i['target'])}"


def excel_round(x: float, dec: int) -> float:
    """Round half away from zero, as Excel's ROUND."""
    q = Decimal(1).scaleb(-dec)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def rag(i, actual):
    """RAG by SPEC section 5, plus the arithmetic as a sentence for the README."""
    t, _ = period_target(i)
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


# ------------------------------------------------------------------ returns
#
# Each row: code plus the cells to write. "actual" may be a number, a string,
# ("error", "#DIV/0!"), or None (blank). "plant" marks rows listed in the README.

def row(code, actual=None, *, title=None, forecast=None, num=None, den=None,
        comment=None, note=None, target="auto", actual_fmt=None):
    return dict(code=code, actual=actual, title=title, forecast=forecast, num=num,
                den=den, comment=comment, note=note, target=target,
                actual_fmt=actual_fmt)


RETURN_SPECS = [
    dict(
        directorate=AH, sheet="Return", origin=(1, 1), period_cell="Sep-26",
        headers=["Code", "Indicator", "Actual", "Target", "Forecast", "Numerator",
                 "Denominator", "Commentary", "Data Note"],
        percent_cells=False,
        rows=[
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
        directorate=CF, sheet="Performance", origin=(3, 2), period_cell="September 2026",
        headers=["PI Ref", "Indicator", "Value", "Target", "Forecast", "Numerator",
                 "Denominator", "Comments", "Data Note"],
        percent_cells=False,
        rows=[
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
        directorate=EP, sheet="KPIs", origin=(1, 1), period_cell=dt.datetime(2026, 9, 30),
        headers=["KPI Ref", "Indicator", "Outturn", "Target", "Forecast", "Numerator",
                 "Denominator", "Commentary", "DQ Note"],
        percent_cells=True,
        rows=[
            row("EP-01", ("error", "#DIV/0!"),
                comment="Contractor tonnage data not received, so the formula could not calculate."),
            row("EP-02", 75.0, forecast=90.0, num=6, den=8,
                comment="Two of eight major applications went over 13 weeks after late consultee responses; extensions now agreed up front."),
            row("EP-03", "see comment",
                comment="Round-management system was down for two weeks; figure to follow in October."),
            row("EP-04", "1,234"),
            row("EP-05", 131),
            row("EP-06", 93.4),
            row("EP-07", 1856400, forecast=3250000,
                comment="On profile to date, but the Market Street car park closes for redevelopment on 1 November, so year-end income is forecast at £3.25m."),
            row("EP-08", 318),
        ],
    ),
    dict(
        directorate=HC, sheet="Monthly return", origin=(1, 1), period_cell="2026-09",
        headers=["Ref", "Indicator", "Result", "Target", "Forecast", "Numerator",
                 "Denominator", "Narrative", "Explanation"],
        percent_cells=False,
        rows=[
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
        ],
    ),
    dict(
        directorate=RS, sheet="Return", origin=(1, 1), period_cell="Sep-26",
        headers=["PI Code", "Indicator", "Performance", "Target", "Forecast", "Numerator",
                 "Denominator", "Commentary", "Data Note"],
        percent_cells=False,
        rows=[
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

COLS = ["code", "title", "actual", "target", "forecast", "num", "den", "comment", "note"]


def file_name(directorate: str) -> str:
    return directorate.replace(" ", "-") + "-" + PERIOD + ".xlsx"


def due(i) -> bool:
    """Due in September 2026: monthly always, quarterly at Q2 end, annual not."""
    return i["freq"] in ("monthly", "quarterly")


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
                i["source"]]
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
    widths = [9, 60, 24, 38, 9, 9, 10, 11, 13, 10, 6, 6, 11, 9, 9, 60, 30]
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
    save_deterministic(wb, SAMPLES / "register.xlsx")


def write_return(spec) -> dict:
    """Write one return; give back {(code, occurrence): {col: A1}} and row facts."""
    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    r0, c0 = spec["origin"]  # 1-based row and column of the title cell
    directorate = spec["directorate"]
    ws.cell(row=r0, column=c0, value=f"{directorate} - monthly performance return").font = Font(bold=True, size=14)
    ws.cell(row=r0 + 1, column=c0, value="Directorate:").font = Font(bold=True)
    ws.cell(row=r0 + 1, column=c0 + 1, value=directorate)
    ws.cell(row=r0 + 2, column=c0, value="Period:").font = Font(bold=True)
    pc = ws.cell(row=r0 + 2, column=c0 + 1, value=spec["period_cell"])
    if isinstance(spec["period_cell"], dt.datetime):
        pc.number_format = "dd/mm/yyyy"
        pc.alignment = Alignment(horizontal="left")
    header_row = r0 + 4  # a blank row between the labels and the table
    for k, h in enumerate(spec["headers"]):
        ws.cell(row=header_row, column=c0 + k, value=h).font = Font(bold=True)

    cells: dict = {}
    seen: dict = {}
    for n, rw in enumerate(spec["rows"]):
        r = header_row + 1 + n
        code = rw["code"]
        seen[code] = seen.get(code, 0) + 1
        i = BY_CODE.get(code)
        title = rw["title"] or (i["title"] if i else "")
        target = rw["target"]
        if target == "auto":
            target = period_target(i)[0] if i else None
        is_pct = bool(i) and i["unit"] == "percent"
        is_gbp = bool(i) and i["unit"] == "currency"
        values = dict(code=code, title=title, actual=rw["actual"], target=target,
                      forecast=rw["forecast"], num=rw["num"], den=rw["den"],
                      comment=rw["comment"], note=rw["note"])
        refs = {}
        for k, col in enumerate(COLS):
            v = values[col]
            cell = ws.cell(row=r, column=c0 + k)
            refs[col] = cell.coordinate
            if v is None:
                continue
            if isinstance(v, tuple) and v[0] == "error":
                cell.value = v[1]
                cell.data_type = "e"  # an error cell, not the text "#DIV/0!"
                continue
            if col in ("actual", "target", "forecast") and isinstance(v, (int, float)):
                if is_pct and spec["percent_cells"]:
                    cell.value = round(v / 100, 6)
                    cell.number_format = PCT_FMT
                elif is_gbp:
                    cell.value = v
                    cell.number_format = GBP_FMT
                else:
                    cell.value = v
                    if col == "actual" and rw["actual_fmt"]:
                        cell.number_format = rw["actual_fmt"]
                    elif i and i["dec"]:
                        cell.number_format = "0." + "0" * i["dec"]
                continue
            cell.value = v
            if isinstance(v, str):
                cell.data_type = "s"  # text from officers is never a formula
        cells[(code, seen[code])] = refs
    widths = [10, 60, 12, 12, 12, 12, 13, 60, 50]
    for k, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(c0 + k)].width = w
    ws.freeze_panes = ws.cell(row=header_row + 1, column=c0 + 2).coordinate
    path = RETURNS / file_name(directorate)
    save_deterministic(wb, path)
    return cells


# ------------------------------------------------------------- planted items

def planted(cells):
    """Every planted data-quality item: (file, code, occurrence, column, what, rule, severity, check)."""
    A, C, E, H = (file_name(d) for d in (AH, CF, EP, HC))
    P = []

    def add(f, code, occ, col, what, rule, sev, check):
        ref = cells[f].get((code, occ), {}).get(col) if col else None
        P.append(dict(file=f, code=code, cell=ref, what=what, rule=rule, sev=sev, check=check,
                      sheet=SHEETS[f]))

    add(A, "ASC-01", 1, "actual", "percent value 104 (register Min/Max blank, so 0-100 for a percent)",
        "validity: value outside Min/Max", "error", ("num", 104))
    add(C, "CF-03", 1, "actual", "negative count -412 (unit count)",
        "validity: negative count", "error", ("num", -412))
    add(E, "EP-03", 1, "actual", 'text "see comment" in the value cell',
        "validity: value not a number", "error", ("str", "see comment"))
    add(E, "EP-01", 1, "actual", "Excel error cell #DIV/0! (t=\"e\" in the sheet XML)",
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
    add(H, "HC-08", 1, "actual", "required quarterly indicator HC-08 (due: Q2 2026/27) present but the value is blank",
        "completeness: required indicator due this period blank", "error", ("blank",))
    add(C, "CF-06", 1, "actual", '"n/a" for CF-06, which is Required = no',
        "none: no finding expected (no value, not required)", "-", ("str", "n/a"))
    add(H, "HC-06", 1, "actual", "value 98.6 vs 11,850 / 12,400 × 100 = 95.5645 (differ by 3.08% of 98.6); "
        "Data Note filled in (column " + cells[H][("HC-06", 1)]["note"][0] + ")",
        "accuracy: value disagrees with Numerator / Denominator × Multiplier (warning, explained)",
        "warning", ("num", 98.6))
    add(C, "CF-02", 1, "actual", "value 91.4 vs 301 / 352 × 100 = 85.5114 (differ by 6.44% of 91.4); no Data Note",
        "accuracy: value disagrees with Numerator / Denominator × Multiplier (warning, not explained)",
        "warning", ("num", 91.4))
    add(H, "HC-02", 1, "comment", "HC-02 is red (512 in " + cells[H][("HC-02", 1)]["actual"]
        + " against 450, lower is better) and its commentary cell (shown here) is empty",
        "completeness: red indicator has no commentary", "error", ("blank",))
    return P


# Not problems: cells that prove ipr reads them as the user meant.
def readable(cells):
    A, C, E = (file_name(d) for d in (AH, CF, EP))
    R = []

    def add(f, code, col, what, check):
        R.append(dict(file=f, sheet=SHEETS[f], code=code, cell=cells[f][(code, 1)][col],
                      what=what, check=check))

    add(E, "EP-04", "actual", 'numeric text "1,234": read as 1234 (green against 1,300, lower is better)',
        ("str", "1,234"))
    add(E, "EP-02", "actual", "0.75 in a '0.0%' cell: read as 75 (consistent with 6 / 8 × 100)",
        ("num_fmt", 0.75, PCT_FMT))
    add(E, "EP-06", "actual", "0.934 in a '0.0%' cell: read as 93.4", ("num_fmt", 0.934, PCT_FMT))
    add(E, "EP-07", "actual", "1856400 in a £ cell: read as 1,856,400", ("num_fmt", 1856400, GBP_FMT))
    add(C, "CF-07", "comment", 'commentary "=see note: staffing changes in the Early Years team": text, not a formula',
        ("str", "=see note: staffing changes in the Early Years team"))
    return R


SHEETS = {file_name(s["directorate"]): s["sheet"] for s in RETURN_SPECS}


def assessment_rows(cells):
    """Expected RAG, forecast and reasons for every indicator due (SPEC 5-6)."""
    out = []
    by_code = {}
    for spec in RETURN_SPECS:
        f = file_name(spec["directorate"])
        for rw in spec["rows"]:
            i = BY_CODE.get(rw["code"])
            if i is None or i["directorate"] != spec["directorate"]:
                continue
            by_code.setdefault(rw["code"], (f, rw))  # first occurrence
    for i in REGISTER:
        if not due(i):
            continue
        f, rw = by_code.get(i["code"], (None, None))
        a = rw["actual"] if rw else None
        num = a if isinstance(a, (int, float)) and not isinstance(a, bool) else None
        if isinstance(a, str) and a.replace(",", "").strip().lstrip("-").isdigit():
            num = float(a.replace(",", ""))
        t, t_how = period_target(i)
        r, why = rag(i, num)
        fc, fc_how = default_forecast(i, num, rw["forecast"] if rw else None)
        reasons = []
        if r == "red":
            reasons.append("red")
        if forecast_misses(i, fc):
            reasons.append("forecast")
        note = ""
        if i["code"] == "ASC-01":
            note = "104 is invalid (above 100): if ipr still assesses it, green"
        if i["code"] == "ASC-04":
            note = "0.82 is a bare fraction: ipr must not read it either way, so expect missing"
            r, why, fc, reasons = "missing", "value not read", None, []
        if i["code"] == "ASC-06":
            note = "given twice (912, 921): nothing is silently chosen, so neither is used and it shows as missing"
            r, why, fc, reasons = "missing", "conflicting values", None, []
        out.append(dict(i=i, file=f, cell=cells[f][(i["code"], 1)]["actual"] if f else "",
                        actual=a, target=t, t_how=t_how, rag=r, why=why, fc=fc,
                        fc_how=fc_how, reasons=reasons, note=note))
    return out


# ---------------------------------------------------------------- README

def md_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, tuple):
        return v[1]
    if isinstance(v, str):
        return f'"{v}"'
    return fmt(v)


def write_readme(cells) -> None:
    P = planted(cells)
    R = readable(cells)
    rows = assessment_rows(cells)
    L = []
    w = L.append
    w("# The sample council\n")
    w("A small, made-up unitary council used to try `ipr` and to test it: an indicator "
      "register of 40 indicators across five directorates, and one hand-made return per "
      "directorate for **September 2026** (period `2026-09`, month 6 of financial year "
      "2026/27; quarterly indicators are due as `2026/27-Q2`; annual ones are not due).\n")
    w("Generated by `scripts/make_samples.py`; do not edit the workbooks by hand. To "
      "regenerate (byte-identical on every run) and re-check every cell listed below:\n")
    w("```\npython3 scripts/make_samples.py\npython3 scripts/make_samples.py --check\n```\n")
    w("Try it:\n")
    w("```\nipr check --register samples/register.xlsx samples/returns/Resources-2026-09.xlsx   # clean: exit 0\n"
      "ipr check --register samples/register.xlsx samples/returns/                           # planted problems: exit 1\n"
      "ipr consolidate --register samples/register.xlsx --period 2026-09 samples/returns/\n```\n")
    w("## Files\n")
    w("| file | what |\n|---|---|")
    w("| `register.xlsx` | sheet `Indicators` (40 indicators, header row 1, data rows 2-41); sheet "
      "`Targets` (profiled monthly targets for RES-03 and RES-04, periods as text `2026-08` etc.) |")
    for s in RETURN_SPECS:
        f = file_name(s["directorate"])
        r0, c0 = s["origin"]
        hdr = get_column_letter(c0) + str(r0 + 4)
        pv = s["period_cell"]
        pv = "Excel date 30/09/2026" if isinstance(pv, dt.datetime) else f'"{pv}"'
        lab = get_column_letter(c0 + 1)
        w(f"| `returns/{f}` | sheet `{s['sheet']}`; `Directorate:` in {get_column_letter(c0)}{r0 + 1} "
          f"(name in {lab}{r0 + 1}), `Period:` in {get_column_letter(c0)}{r0 + 2} (value {pv} in "
          f"{lab}{r0 + 2}); header row at {hdr}: {', '.join(s['headers'])} |")
    w("")
    w("Layout notes: the Children and Families return starts at column B (column A is empty: "
      "title in B3, header on row 7). In the Economy and Place return, percent indicators' "
      "Outturn, Target and Forecast are Excel percentages (0.75 in a `0.0%` cell means 75). "
      "Currency cells use the format `\"£\"#,##0`. Strings are stored as inline strings. "
      "Each return's Target column holds the target for the period (for information).\n")
    w("Register notes: Tolerance is blank (default 5%) except ASC-05, CF-04 and RES-05 "
      "(0.1 in a `0%` cell, meaning 10%) and HC-03 (the number 2.5, meaning 2.5%). "
      "Multiplier: 100 typed for ASC-07, CF-01, EP-02, HC-06, RES-01 (blank elsewhere, "
      "so the default applies); `none` for ASC-02; 100000 for EP-03. Required = no for "
      "ASC-08 and CF-06. ASC-08 and RES-08 are annual (not due in September).\n")
    w("**Resources-2026-09.xlsx is clean**: no data-quality findings at all, nothing red, "
      "a value for every indicator due, so `ipr check` on it exits 0. (RES-03 is amber: "
      "that is a shortfall to watch, not a data-quality problem.)\n")

    w("## Planted data-quality problems\n")
    w("Each is planted exactly once. Rule ids are assigned in `docs/rules.md`; the "
      "dimension and rule are given here in words. Severity is SPEC's default.\n")
    w("| # | file | sheet | cell | indicator | what is wrong | rule expected | severity |")
    w("|---|---|---|---|---|---|---|---|")
    for n, p in enumerate(P, start=1):
        cell = p["cell"] or "(no row)"
        w(f"| {n} | `{p['file']}` | {p['sheet']} | {cell} | {p['code']} | {p['what']} | {p['rule']} | {p['sev']} |")
    w("")
    w("Nothing else in the returns should raise a finding. In particular: every other red "
      "indicator has commentary; the rows with planted invalid values (ASC-01, ASC-04, "
      "EP-01, EP-03) carry commentary too, so however they are assessed they do not add "
      "a \"red with no commentary\" finding; the other numerator/denominator pairs agree "
      "within 2% (CF-01 14/34, EP-02 6/8, HC-04 98/160 in both returns, RES-01 "
      "4,810/5,000, RES-07 120/130); there is no history, so the outlier and "
      "copied-forward rules cannot fire.\n")

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
      "by more than τ × |annual target|.\n")
    w("| indicator | file, cell | polarity | target for period | τ | RAG arithmetic | RAG | forecast | reasons |")
    w("|---|---|---|---|---|---|---|---|---|")
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
        reasons = ", ".join(x["reasons"]) if x["reasons"] else "none (not an exception)"
        w(f"| {i['code']} {i['title']} | `{x['file']}` {x['cell']} | {i['polarity']} | {x['t_how']} "
          f"| {pct(tolerance(i))} | {x['why']} | **{x['rag']}** | {fcs} | {reasons} |")
    w("")
    w("So: 5 red (ASC-02, CF-01, EP-02, HC-02, HC-05), 3 amber (ASC-05, HC-03, RES-03), "
      "and 6 exceptions: red and forecast for ASC-02, CF-01 and HC-02 (the owner's "
      "forecast for CF-01 also misses; ASC-02 and HC-02 have no forecast, so the latest "
      "actual is used); red only for EP-02 and HC-05 (the owners forecast a recovery); "
      "forecast only for EP-07 (year to date on target, owner's forecast well below the "
      "annual target). RES-03 tests the profiled target: against the pro-rata target "
      "(96.5 × 6/12 = 48.25) it would be green. ASC-05 tests the 10% tolerance (with the "
      "default 5% its amber edge would be 87.4 and it would be red). HC-03 tests the band "
      "polarity and the tolerance typed as 2.5.\n")

    w("## Expected assessment of every indicator due\n")
    w(f"{len(rows)} indicators are due: every one in the register except the annual ASC-08 "
      "and RES-08. Actual as typed; target for the period; forecast by SPEC section 5. "
      "Amber edges above are shown unrounded; no planted value lies within reporting "
      "precision of an edge, so rounding the edge too gives the same RAG.\n")
    w("| code | unit | measure | file, cell | actual | target | RAG | forecast | reasons | note |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for x in rows:
        i = x["i"]
        where = f"`{x['file']}` {x['cell']}" if x["file"] else "(absent)"
        w(f"| {i['code']} | {i['unit']} | {i['measure']} | {where} | {md_cell(x['actual'])} | "
          f"{fmt(x['target'])} | {x['rag']} | {fmt(x['fc'])} | {', '.join(x['reasons'])} | {x['note']} |")
    w("")
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

    cells = {}
    for s in RETURN_SPECS:
        path = RETURNS / file_name(s["directorate"])
        wb = load_workbook(path)
        ws = wb[s["sheet"]]
        found = {}
        seen = {}
        r0, c0 = s["origin"]
        hr = r0 + 4
        if [ws.cell(row=hr, column=c0 + k).value for k in range(9)] != s["headers"]:
            errs.append(f"{path.name}: header row")
        for r in range(hr + 1, ws.max_row + 1):
            code = ws.cell(row=r, column=c0).value
            if code is None:
                continue
            seen[code] = seen.get(code, 0) + 1
            found[(code, seen[code])] = {col: ws.cell(row=r, column=c0 + k).coordinate
                                         for k, col in enumerate(COLS)}
        cells[path.name] = found
        if s["origin"][1] > 1:
            if any(ws.cell(row=r, column=1).value is not None for r in range(1, ws.max_row + 1)):
                errs.append(f"{path.name}: column A not empty")
        if s["directorate"] == RS:
            want = {i["code"] for i in REGISTER if i["directorate"] == RS and due(i)}
            got = {k[0] for k in found}
            if want != got:
                errs.append(f"Resources codes {sorted(got)} != {sorted(want)}")
            for (code, _), refs in found.items():
                v = ws[refs["actual"]].value
                if not isinstance(v, (int, float)):
                    errs.append(f"Resources {code} has no number")
        pv = ws.cell(row=r0 + 2, column=c0 + 1)
        if isinstance(s["period_cell"], dt.datetime) and not (pv.is_date and pv.value == s["period_cell"]):
            errs.append(f"{path.name}: period cell is not a date")

    for p in planted(cells):
        path = RETURNS / p["file"]
        ws = load_workbook(path)[p["sheet"]]
        if p["check"][0] == "absent":
            if any((p["code"], 1) == k for k in cells[p["file"]]):
                errs.append(f"{p['file']}: {p['code']} should be absent")
            continue
        errs += check_cell(ws, p["cell"], p["check"], path)
    for r in readable(cells):
        path = RETURNS / r["file"]
        errs += check_cell(load_workbook(path)[r["sheet"]], r["cell"], r["check"], path)

    # The "=" commentary must be an inline string, not a formula.
    cf = RETURNS / file_name(CF)
    xml = sheet_xml(cf)
    if "<f>" in xml or "=see note" not in xml:
        errs.append("CF commentary stored as a formula")

    for e in errs:
        print("FAIL", e)
    print("ok" if not errs else f"{len(errs)} problem(s)")
    return 1 if errs else 0


def main() -> int:
    if "--check" in sys.argv[1:]:
        return check()
    RETURNS.mkdir(parents=True, exist_ok=True)
    write_register()
    cells = {}
    for s in RETURN_SPECS:
        cells[file_name(s["directorate"])] = write_return(s)
    write_readme(cells)
    print(f"wrote {SAMPLES.relative_to(ROOT)}/register.xlsx, {len(RETURN_SPECS)} returns and README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

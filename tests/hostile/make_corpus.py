#!/usr/bin/env python3
"""Write ipr's corpus of broken and hostile inputs.

Usage: python3 make_corpus.py OUTDIR [--big]

Every file is built here from the Python standard library (zipfile, zlib), with
the XML written by hand so that each quirk is exactly the one named. Optional
extras: an encrypted workbook needs `msoffcrypto-tool` (pip), .xls and .ods
copies need LibreOffice (`soffice`); without them those files are left out and
listed in OUTDIR/skipped.txt with the reason. `--big` adds the 1,000,000-row
sheet. The expected outcome of every file is asserted in tests/hostile.rs; see
README.md beside this script.
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

FIXED = (2026, 10, 1, 9, 0, 0)

HEADER = ["PI Code", "Indicator", "Performance", "Target", "Forecast",
          "Numerator", "Denominator", "Commentary", "Data Note"]
GOOD_ROWS = [
    ["RES-01", "% of invoices paid within 30 days", 96.2, 95, None, 4810, 5000, None, None],
    ["RES-02", "Average days to process a new housing benefit claim", 17.6, 20, None, None, None, None, None],
    ["RES-03", "Council tax collected (year to date, %)", 55.8, 56.2, 96.4, None, None, "Behind profile; recovery plan agreed.", None],
    ["RES-04", "Business rates collected (year to date, %)", 58.4, 58, 98.1, None, None, None, None],
    ["RES-05", "Staff sickness absence (days per FTE)", 8.7, 9, None, None, None, "Rolling 12 months.", None],
    ["RES-06", "Number of residents' contacts to the contact centre", 18452, None, None, None, None, None, None],
    ["RES-07", "% of FOI requests answered within 20 working days", 92.3, 90, None, 120, 130, None, None],
]


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


class E:
    """An Excel error cell."""
    def __init__(self, text):
        self.text = text


class F:
    """A formula, with or without a saved result."""
    def __init__(self, formula, cached=None):
        self.formula, self.cached = formula, cached


class Raw:
    """Cell XML written as given (inside <c r=..>...</c>, with extra attributes)."""
    def __init__(self, attrs, inner):
        self.attrs, self.inner = attrs, inner


def cell_xml(r, c, v):
    ref = f"{col(c)}{r + 1}"
    if v is None:
        return ""
    if isinstance(v, Raw):
        return f'<c r="{ref}"{v.attrs}>{v.inner}</c>'
    if isinstance(v, E):
        return f'<c r="{ref}" t="e"><v>{esc(v.text)}</v></c>'
    if isinstance(v, F):
        if v.cached is None:
            return f'<c r="{ref}"><f>{esc(v.formula)}</f></c>'
        return f'<c r="{ref}"><f>{esc(v.formula)}</f><v>{v.cached}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{esc(v)}</t></is></c>'


def sheet_xml(rows, dimension=True, merges=(), extra_head=""):
    body = []
    last_r, last_c = 0, 0
    for r, row in enumerate(rows):
        if row is None:
            continue
        cells = "".join(cell_xml(r, c, v) for c, v in enumerate(row))
        if cells:
            body.append(f'<row r="{r + 1}">{cells}</row>')
            last_r = r
            last_c = max(last_c, len(row) - 1)
    dim = f'<dimension ref="A1:{col(last_c)}{last_r + 1}"/>' if dimension else ""
    merge = ""
    if merges:
        merge = f'<mergeCells count="{len(merges)}">' + "".join(
            f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{extra_head}'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'{dim}<sheetData>{"".join(body)}</sheetData>{merge}</worksheet>')


def return_rows(rows=None, header=None, directorate="Resources", period="Sep-26"):
    out = [["Resources - monthly performance return"],
           ["Directorate:", directorate], ["Period:", period], None,
           header or HEADER]
    out += [list(r) for r in (GOOD_ROWS if rows is None else rows)]
    return out


CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '{sheets}{sst}</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
          '<borders count="1"><border/></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
          '</styleSheet>')


def entry(zf, name, data, compress=zipfile.ZIP_DEFLATED):
    info = zipfile.ZipInfo(name, FIXED)
    info.compress_type = compress
    zf.writestr(info, data)


def write_xlsx(path, sheets, sst=None, parts=None, skip=()):
    """sheets: list of (name, xml, state) with state visible|hidden|veryHidden."""
    with zipfile.ZipFile(path, "w") as zf:
        over = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets)))
        sst_ct = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                  if sst is not None else "")
        entry(zf, "[Content_Types].xml", CT.format(sheets=over, sst=sst_ct))
        entry(zf, "_rels/.rels", RELS)
        sheets_el = "".join(
            f'<sheet name="{esc(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"'
            + ("" if st == "visible" else f' state="{st}"') + "/>"
            for i, (n, _, st) in enumerate(sheets))
        entry(zf, "xl/workbook.xml",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
              f'<sheets>{sheets_el}</sheets></workbook>')
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets)))
        rels += ('<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
        if sst is not None:
            rels += ('<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
        entry(zf, "xl/_rels/workbook.xml.rels",
              '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              f'{rels}</Relationships>')
        entry(zf, "xl/styles.xml", STYLES)
        if sst is not None:
            entry(zf, "xl/sharedStrings.xml", sst)
        for i, (_, xml, _) in enumerate(sheets):
            name = f"xl/worksheets/sheet{i + 1}.xml"
            if name not in skip:
                entry(zf, name, xml)
        for name, data in (parts or {}).items():
            entry(zf, name, data)


def simple(path, rows, **kw):
    write_xlsx(path, [("Return", sheet_xml(rows, **kw), "visible")])


def good(path):
    simple(path, return_rows())


def replace_row(code, **cols):
    rows = [list(r) for r in GOOD_ROWS]
    for r in rows:
        if r[0] == code:
            for k, v in cols.items():
                r[HEADER.index(k)] = v
    return rows


def main():
    out = sys.argv[1]
    big = "--big" in sys.argv
    os.makedirs(out, exist_ok=True)
    skipped = []
    p = lambda n: os.path.join(out, n)

    good(p("good.xlsx"))
    data = open(p("good.xlsx"), "rb").read()

    # Damaged zips.
    open(p("truncated.xlsx"), "wb").write(data[: len(data) // 2])
    bad = bytearray(data)
    with zipfile.ZipFile(p("good.xlsx")) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + 40):
        bad[i] ^= 0x5A
    open(p("corrupt-data.xlsx"), "wb").write(bytes(bad))
    open(p("garbage.xlsx"), "wb").write(bytes((i * 151 + 7) % 256 for i in range(3000)))
    open(p("empty-file.xlsx"), "wb").write(b"")

    # Other things with a spreadsheet's name.
    with zipfile.ZipFile(p("word-renamed.xlsx"), "w") as zf:
        entry(zf, "[Content_Types].xml", "<Types/>")
        entry(zf, "word/document.xml", "<w:document/>")
    with zipfile.ZipFile(p("zip-without-workbook.xlsx"), "w") as zf:
        entry(zf, "notes.txt", "hello")
    csv_text = "PI Code,Performance\r\nRES-01,96.2\r\n"
    open(p("csv-renamed.xlsx"), "w", newline="").write(csv_text)
    open(p("txt-renamed.xlsx"), "w").write("Notes for the September return.\nNothing to add.\n")
    open(p("html-as.xls"), "w").write("<html><body><table><tr><td>PI Code</td></tr></table></body></html>")
    open(p("xml2003-as.xls"), "w").write(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>')
    open(p("pdf-renamed.xlsx"), "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    shutil.copy(p("good.xlsx"), p("workbook-renamed.csv"))
    open(p("notes.txt"), "w").write("not a return\n")
    shutil.copy(p("good.xlsx"), p("Resources-2026-09"))

    # Workbooks with nothing to read.
    simple(p("empty-workbook.xlsx"), [])
    write_xlsx(p("only-hidden-sheets.xlsx"), [
        ("Old", sheet_xml(return_rows()), "hidden"),
        ("Older", sheet_xml(return_rows()), "veryHidden")])
    simple(p("missing-header.xlsx"), [["Directorate:", "Resources"], ["Period:", "Sep-26"], None]
           + [list(r) for r in GOOD_ROWS])
    hdr = list(HEADER)
    hdr[3] = "Performance"  # two Performance columns
    simple(p("duplicate-headers.xlsx"), return_rows(header=hdr))
    # Merged cells with values left under the merge (Excel keeps only the first; other programs do not).
    rows = return_rows()
    rows[0] = ["Resources - monthly performance return", "hidden under merge", 12345]
    simple(p("merged-over-values.xlsx"), rows, merges=["A1:I1", "B6:B7"])

    # Formulas, errors, typed text.
    simple(p("formula-cached.xlsx"), return_rows(replace_row("RES-06", Performance=F("SUM(F6:F7)", 18452))))
    simple(p("formula-uncached.xlsx"), return_rows(replace_row("RES-06", Performance=F("SUM(F6:F7)"))))
    errs = ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"]
    rows = [list(r) for r in GOOD_ROWS]
    for r, e in zip(rows, errs):
        r[2] = E(e)
    simple(p("every-error-value.xlsx"), return_rows(rows))
    simple(p("error-spill.xlsx"), return_rows(replace_row("RES-06", Performance=E("#SPILL!"))))
    simple(p("error-getting-data.xlsx"), return_rows(replace_row("RES-06", Performance=E("#GETTING_DATA"))))
    simple(p("dates-as-text.xlsx"), return_rows(replace_row("RES-02", Performance="17/09/2026"), period="30/09/2026"))
    rows = replace_row("RES-06", Performance="£18,452")
    rows = [r if r[0] != "RES-01" else r[:2] + [" 96.2 "] + r[3:] for r in rows]
    rows = [r if r[0] != "RES-07" else r[:2] + ["92.3%"] + r[3:] for r in rows]
    rows = [r if r[0] != "RES-05" else r[:5] + ["1,000", "1,000.00"] + r[7:] for r in rows]
    simple(p("numbers-as-text.xlsx"), return_rows(rows))
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][0] = "\u00a0RES-01\u00a0"
    rows[1][0] = "RES\u200b-02"
    rows[2][0] = "\ufeffRES-03\u2060"
    simple(p("invisible-characters-in-codes.xlsx"), return_rows(rows))
    simple(p("non-finite-numbers.xlsx"), return_rows(replace_row(
        "RES-06", Performance=Raw("", "<v>1e999</v>"))))
    simple(p("long-string.xlsx"), return_rows(replace_row("RES-05", Commentary="x" * 40000)))

    # XML entity expansion ("billion laughs"): must not expand.
    lol = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10))
           + "]>")
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + lol +
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
           '<si><t>&lol9;</t></si></sst>')
    rows = return_rows(replace_row("RES-05", Commentary=Raw(' t="s"', "<v>0</v>")))
    write_xlsx(p("billion-laughs-shared-strings.xlsx"), [("Return", sheet_xml(rows), "visible")], sst=sst)
    rows = return_rows(replace_row("RES-05", Commentary=Raw(' t="inlineStr"', "<is><t>&lol9;</t></is>")))
    write_xlsx(p("billion-laughs-sheet.xlsx"), [("Return", sheet_xml(rows, extra_head=lol), "visible")])

    # Size: declared extents and bombs.
    write_xlsx(p("huge-dimension.xlsx"), [("Return", sheet_xml(return_rows()).replace(
        '<dimension ref="A1:I12"/>', '<dimension ref="A1:XFD1048576"/>'), "visible")])
    rows = return_rows()
    xml = sheet_xml(rows, dimension=False).replace(
        "</sheetData>", '<row r="900000"><c r="XFD900000"><v>1</v></c></row></sheetData>')
    write_xlsx(p("stray-cell-far-away.xlsx"), [("Return", xml, "visible")])
    xml = sheet_xml(rows, dimension=False).replace(
        "</sheetData>", '<row r="400"><c r="XFD400"><v>1</v></c></row></sheetData>')
    write_xlsx(p("stray-cell-wide.xlsx"), [("Return", xml, "visible")])
    bomb = (sheet_xml(return_rows()).replace("</sheetData>", "<row/>" * (300 * 1024 * 1024 // 6) + "</sheetData>"))
    write_xlsx(p("zip-bomb.xlsx"), [("Return", bomb, "visible")])
    del bomb
    lying_bomb(p("zip-bomb-lying-sizes.xlsx"))

    if big:
        million(p("million-rows.xlsx"))

    # CSV.
    lines = ["Directorate:,Resources", "Period:,Sep-26", ",", ",".join(HEADER)]
    lines += ["RES-06,Contacts,\u00a318452,,,,,Cost \u00a31.20 each,",
              "RES-01,Invoices,96.2,95,,,,\u20ac invoices included,"]
    open(p("windows-1252.csv"), "wb").write("\r\n".join(lines).encode("cp1252"))
    open(p("excel-errors.csv"), "w").write(
        "Directorate:,Resources\nPeriod:,Sep-26\n\nPI Code,Performance\nRES-01,#DIV/0!\nRES-02,#N/A\n")
    open(p("unicode-text.csv"), "wb").write(
        b"\xff\xfe" + "Directorate:\tResources\r\nPeriod:\tSep-26\r\n\r\nPI Code\tPerformance\r\nRES-01\t96.2\r\n".encode("utf-16-le"))

    # A folder as the team receives it: lock files, hidden files, odd permissions, loops.
    inbox = p("inbox")
    os.makedirs(inbox, exist_ok=True)
    good(os.path.join(inbox, "Resources-2026-09.xlsx"))
    open(os.path.join(inbox, "~$Resources-2026-09.xlsx"), "wb").write(b"\x0fLOCKED BY J SMITH" + b"\x00" * 100)
    open(os.path.join(inbox, ".~lock.Resources-2026-09.xlsx#"), "w").write("J Smith,host,2026\n")
    open(os.path.join(inbox, ".hidden.xlsx"), "wb").write(b"junk")
    good(os.path.join(inbox, "unreadable.xlsx"))
    os.chmod(os.path.join(inbox, "unreadable.xlsx"), 0)
    os.symlink(".", os.path.join(inbox, "loop"))
    os.symlink("self-loop.xlsx", os.path.join(inbox, "self-loop.xlsx"))
    os.makedirs(os.path.join(inbox, "folder.xlsx"), exist_ok=True)

    # Office-made copies.
    encrypted(p, skipped)
    office(out, skipped)
    with open(os.path.join(out, "skipped.txt"), "w") as f:
        f.write("".join(s + "\n" for s in skipped))


def lying_bomb(path):
    """A sheet part whose headers claim 1 KB but which inflates to 100 MB."""
    good_sheet = sheet_xml(return_rows())
    payload = good_sheet.replace("</sheetData>", "<row/>" * (100 * 1024 * 1024 // 6) + "</sheetData>").encode()
    write_xlsx(path, [("Return", good_sheet, "visible")])
    # Rebuild with the payload written as a raw deflate stream and a false size.
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(payload) + comp.flush()
    crc = zlib.crc32(payload)
    src = zipfile.ZipFile(path)
    items = [(i, src.read(i.filename)) for i in src.infolist()]
    src.close()
    out = bytearray()
    central = bytearray()
    for info, data in items:
        name = info.filename.encode()
        if info.filename == "xl/worksheets/sheet1.xml":
            body, c, size = packed, crc, 1024
        else:
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            body = comp.compress(data) + comp.flush()
            c, size = zlib.crc32(data), len(data)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, c, len(body), size, len(name), 0) + name + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, c, len(body), size,
                               len(name), 0, 0, 0, 0, 0, offset) + name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(items), len(items), len(central), cd_offset, 0)
    open(path, "wb").write(bytes(out))


def million(path):
    """1,000,000 rows written straight into the sheet XML (openpyxl would take minutes)."""
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<dimension ref="A1:B1000000"/><sheetData>')
    write_xlsx(path, [("Return", "", "visible")], skip=("xl/worksheets/sheet1.xml",))
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as f:
            f.write(head.encode())
            chunk = []
            for r in range(1, 1000001):
                chunk.append(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 2}</v></c></row>')
                if len(chunk) == 10000:
                    f.write("".join(chunk).encode())
                    chunk = []
            f.write(b"</sheetData></worksheet>")


def encrypted(p, skipped):
    try:
        import msoffcrypto
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        skipped.append("encrypted.xlsx: pip install msoffcrypto-tool to make it")
        return
    with open(p("good.xlsx"), "rb") as src, open(p("encrypted.xlsx"), "wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)


def office(out, skipped):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        skipped.append("legacy.xls, libreoffice.ods: LibreOffice (soffice) is not installed")
        return
    work = tempfile.mkdtemp()
    try:
        src = os.path.join(work, "office.xlsx")
        shutil.copy(os.path.join(out, "good.xlsx"), src)
        # LibreOffice has no export filter for .xlsb, so no .xlsb is made (README.md).
        # Two conversions at once, each with its own profile, halve the wait.
        procs = [subprocess.Popen([soffice, f"-env:UserInstallation=file://{work}/profile-{fmt}",
                                   "--headless", "--convert-to", fmt, "--outdir", work, src],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for fmt in ("xls", "ods")]
        for proc in procs:
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
        for ext, name in [("xls", "legacy.xls"), ("ods", "libreoffice.ods")]:
            made = os.path.join(work, "office." + ext)
            if os.path.exists(made) and os.path.getsize(made) > 0:
                shutil.copy(made, os.path.join(out, name))
            else:
                skipped.append(f"{name}: LibreOffice could not write .{ext}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

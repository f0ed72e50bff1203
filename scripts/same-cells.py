#!/usr/bin/env python3
"""Two workbooks hold the same cells: values, number formats, fonts, fills,
borders, alignment, row heights, column widths, merged ranges, sheet names
and order, and the charts' data ranges. For a change that moves bytes but
should not move what anyone sees (scripts/same-output.sh compares bytes).

    python3 scripts/same-cells.py OLD.xlsx NEW.xlsx [--skip SHEET]...

--skip leaves a sheet out (History, on a council-year, takes openpyxl
minutes to compare cell by cell).

Prints each difference (the first 20 per sheet) and exits 1 if there is one.
Needs openpyxl.
"""
import sys

import warnings

import openpyxl

warnings.simplefilter("ignore")  # openpyxl on print areas of whole columns


def style(c):
    f, a = c.font, c.alignment
    return (
        c.number_format,
        (f.b, f.i, f.u, f.sz, f.name, f.color.rgb if f.color is not None else None),
        (c.fill.fill_type, c.fill.fgColor.rgb),
        tuple(getattr(c.border, s).style for s in ("left", "right", "top", "bottom")),
        (a.horizontal, a.vertical, a.wrap_text, a.indent),
        c.protection.locked,
    )


def charts(ws):
    out = []
    for ch in ws._charts:
        refs = []
        for s in getattr(ch, "series", []):
            for part in (s.val, s.cat):
                ref = getattr(part, "numRef", None) or getattr(part, "strRef", None)
                refs.append(ref.f if ref is not None else None)
        out.append((type(ch).__name__, tuple(refs)))
    return out


def main(old, new, skip=()):
    a = openpyxl.load_workbook(old)
    b = openpyxl.load_workbook(new)
    bad = 0
    if a.sheetnames != b.sheetnames:
        print(f"sheets differ: {a.sheetnames} against {b.sheetnames}")
        return 1
    for name in a.sheetnames:
        if name in skip:
            continue
        x, y = a[name], b[name]
        said = 0

        def say(what):
            nonlocal said, bad
            bad += 1
            said += 1
            if said <= 20:
                print(f"{name}: {what}")

        if x.max_row != y.max_row or x.max_column != y.max_column:
            say(f"size {x.max_row}x{x.max_column} against {y.max_row}x{y.max_column}")
        for row in range(1, max(x.max_row, y.max_row) + 1):
            hx, hy = x.row_dimensions[row].height, y.row_dimensions[row].height
            if hx != hy:
                say(f"row {row} height {hx} against {hy}")
            for col in range(1, max(x.max_column, y.max_column) + 1):
                cx, cy = x.cell(row, col), y.cell(row, col)
                if cx.value != cy.value:
                    say(f"{cx.coordinate} value {cx.value!r} against {cy.value!r}")
                elif style(cx) != style(cy):
                    say(f"{cx.coordinate} style {style(cx)} against {style(cy)}")
                if (cx.hyperlink and cx.hyperlink.target) != (cy.hyperlink and cy.hyperlink.target):
                    say(f"{cx.coordinate} link differs")
        for key in set(x.column_dimensions) | set(y.column_dimensions):
            if x.column_dimensions[key].width != y.column_dimensions[key].width:
                say(f"column {key} width differs")
        if sorted(map(str, x.merged_cells.ranges)) != sorted(map(str, y.merged_cells.ranges)):
            say("merged ranges differ")
        if charts(x) != charts(y):
            say(f"charts differ: {charts(x)} against {charts(y)}")
        if x.print_title_rows != y.print_title_rows or x.freeze_panes != y.freeze_panes:
            say("print titles or panes differ")
        if [b.id for b in x.row_breaks.brk] != [b.id for b in y.row_breaks.brk]:
            say("page breaks differ")
    compared = len([n for n in a.sheetnames if n not in skip])
    print(f"{compared} sheets compared: {bad} difference(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    skip = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--skip"]
    files = [a for i, a in enumerate(args) if a != "--skip" and (i == 0 or args[i - 1] != "--skip")]
    if len(files) != 2:
        sys.exit(__doc__)
    sys.exit(main(files[0], files[1], skip))

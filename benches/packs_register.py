#!/usr/bin/env python3
"""A council-year with packs (SPEC section 14), for benches/run.sh: copies the
generated council's register to OUT with a Committee column (each indicator
on one of N committees, every seventh on two, a few on none) and writes OUT's
ipr.toml naming the same returns with packs = ["Committee"].

Usage: python3 benches/packs_register.py COUNCIL_DIR OUT_DIR [N]
"""

import os
import sys

import openpyxl


def main(council, out, n):
    os.makedirs(out, exist_ok=True)
    wb = openpyxl.load_workbook(os.path.join(council, "register.xlsx"))
    ws = wb["Indicators"] if "Indicators" in wb.sheetnames else wb.worksheets[0]
    col = ws.max_column + 1
    ws.cell(1, col, "Committee")
    for row in range(2, ws.max_row + 1):
        i = row - 2
        if i % 25 == 24:
            continue  # in no pack
        value = f"Scrutiny Committee {i % n + 1}"
        if i % 7 == 0:
            value += f"; Scrutiny Committee {(i + 1) % n + 1}"
        ws.cell(row, col, value)
    wb.save(os.path.join(out, "register.xlsx"))
    with open(os.path.join(council, "ipr.toml")) as f:
        lines = [l for l in f if not l.startswith("register")]
    with open(os.path.join(out, "ipr.toml"), "w") as f:
        f.write('register = "register.xlsx"\n')
        for line in lines:
            # The returns stay where they are.
            if line.startswith("returns"):
                line = f'returns = ["{os.path.join(council, "returns")}"]\n'
            f.write(line)
        f.write('council = "Bench Council"\npacks = ["Committee"]\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 6)

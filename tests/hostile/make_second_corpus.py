#!/usr/bin/env python3
"""Write ipr's second hostile corpus: inputs that reach the file system and the
outputs, not only the reader (issue 22).

Usage: python3 make_second_corpus.py OUTDIR

One folder per class of case, each a small council of its own (a CSV register
and its returns) so that `check`, `consolidate` and `template` can be run on it:

  forms/     codes that differ only in punctuation (A/5, A:5, A*5, ...), and
             completed forms named the old way (both A/5's and A:5's answers
             under names that once collided), to read back with --actions
  pipes/     a named pipe and links to /dev/zero and /dev/urandom named like
             returns, a pipe among the forms, a device as last month's JSON
  deep/      ok/: a return 1,500 folders down; toolong/: folders past the
             system's path limit (made with dir_fd, as no path can name them)
  dirs/      one directorate spelt HOUSING and housing, Adults/Health and Adults:Health
  own/       a council whose report is written inside its returns folder
  ctl/       ESC, CR and NUL in a return's cell and a register title; a
             right-to-left override in a directorate's name
  numbers/   1.5E+06 in a return and the register; 1E+308 / 1E-308
  long/      a code and a directorate of 300 characters
  template/  a return template whose hidden register has a bad row
  names/     a return whose file name is not valid UTF-8

Only the Python standard library is needed. Nothing here is checked in: the
test run generates it under target/tmp/hostile/make_second_corpus/. The
expected outcome of each case is asserted by hand in tests/hostile/second.rs.
Pipes and devices exist only where the system has them (Unix); where it does
not, they are listed in OUTDIR/skipped.txt with the reason.
"""

import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_corpus as mc  # noqa: E402  (its XML-by-hand workbook writer)

HDR = ["Code", "Title", "Directorate", "Owner", "Unit", "Polarity", "Frequency",
       "Measure", "Annual Target", "Tolerance", "Min", "Max", "Multiplier",
       "Decimals", "Required", "Definition", "Source"]


def register(path, rows):
    """rows: (code, title, directorate) or dicts of extra columns by header."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HDR)
        for row in rows:
            extra = {}
            if len(row) == 4:
                code, title, d, extra = row
            else:
                code, title, d = row
            values = {"Code": code, "Title": title, "Directorate": d, "Owner": "Owner",
                      "Unit": "number", "Polarity": "higher", "Frequency": "monthly",
                      "Measure": "snapshot", "Annual Target": 100, "Decimals": 0,
                      "Required": "yes"}
            values.update(extra)
            w.writerow([values.get(h, "") for h in HDR])


def ret(path, directorate, rows, header=("PI Code", "Performance", "Commentary")):
    """A CSV return: labelled directorate and period cells above a long table."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Directorate:", directorate])
        w.writerow(["Period:", "Sep-26"])
        w.writerow([])
        w.writerow(list(header))
        for r in rows:
            w.writerow(list(r))


def answered_form(path, code, reason):
    """A completed remedial-action form as ipr writes one: the answers on a
    visible sheet, a very hidden ipr_metadata sheet naming the code and where
    each answer is."""
    form = [["Remedial action report"], None, None, ["Reason for the shortfall", reason],
            ["Action in hand or proposed", "Action for " + code],
            ["Lead officer", "J Smith"], ["Status", "Open"]]
    meta = [["form_version", "1"], ["code", code], ["period", "2026-09"],
            ["indicator_period", "2026-09"], ["directorate", "Dir"],
            ["sheet", "Remedial action"], ["field:reason", "B4"], ["field:action", "B5"],
            ["field:lead_officer", "B6"], ["field:status", "B7"]]
    mc.write_xlsx(path, [("Remedial action", mc.sheet_xml(form), "visible"),
                         ("ipr_metadata", mc.sheet_xml(meta), "veryHidden")])


def forms(out):
    codes = ["A/5", "A:5", "A*5", "A?5", "A|5", "A<5>"]
    register(os.path.join(out, "register.csv"), [(c, "Indicator " + c, "Dir") for c in codes])
    # Every value far below its target of 100: each is red, an exception with a form.
    ret(os.path.join(out, "returns", "Dir-2026-09.csv"), "Dir",
        [(c, 10, "Behind; see the action plan.") for c in codes])
    answers = os.path.join(out, "answers")
    os.makedirs(answers, exist_ok=True)
    # Named as ipr named them before: both sanitise to A-5; the metadata says whose each is.
    answered_form(os.path.join(answers, "2026-09-A-5.xlsx"), "A:5", "Reason given for A:5")
    answered_form(os.path.join(answers, "2026-09-A-5 (2).xlsx"), "A/5", "Reason given for A/5")


def pipes(out, skipped):
    register(os.path.join(out, "register.csv"), [("P-1", "Good", "Dir"), ("P-2", "Good too", "Dir")])
    rets = os.path.join(out, "returns")
    ret(os.path.join(rets, "Dir-2026-09.csv"), "Dir", [("P-1", 150, ""), ("P-2", 150, "")])
    for d in ("out", "forms"):
        os.makedirs(os.path.join(out, d), exist_ok=True)
    if not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"):
        skipped.append("pipes: this system has no named pipes or /dev/zero")
        return
    os.mkfifo(os.path.join(rets, "x.xlsx"))
    os.symlink("/dev/zero", os.path.join(rets, "y.xlsx"))
    os.symlink("/dev/urandom", os.path.join(rets, "z.csv"))
    os.mkfifo(os.path.join(out, "x.xlsx"))
    os.mkfifo(os.path.join(out, "previous.json"))
    os.mkfifo(os.path.join(out, "forms", "2026-09-P-1.xlsx"))
    os.symlink("/dev/zero", os.path.join(out, "out", "IPR-2026-08.json"))


def nest(path, name, levels):
    """Makes `levels` folders `name` each inside the last, from inside (dir_fd),
    as no path may name the deepest; gives the deepest folder open (an fd)."""
    os.makedirs(path, exist_ok=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


def deep(out, skipped):
    register(os.path.join(out, "register.csv"), [("D-1", "Deep", "Dir")])
    # 1,500 levels of "d/": about 3,000 characters, inside Linux's 4,096.
    fd = nest(os.path.join(out, "ok"), "d", 1500)
    try:
        made = os.open("Dir-2026-09.csv", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        with open(made, "w") as f:
            f.write("Directorate:,Dir\nPeriod:,Sep-26\n\nPI Code,Performance\nD-1,150\n")
    finally:
        os.close(fd)
    # Past the limit: 1,200 levels of 4 characters, about 4,800.
    try:
        os.close(nest(os.path.join(out, "toolong"), "ddd", 1200))
    except OSError as e:
        skipped.append(f"deep/toolong: this system would not nest folders so deep ({e})")


def dirs(out):
    register(os.path.join(out, "register.csv"), [
        ("H-1", "Homes let", "HOUSING"), ("H-2", "Repairs", "housing"),
        ("A-1", "Care plans", "Adults/Health"), ("A-2", "Reviews", "Adults:Health"),
        ("R-1", "Invoices", "Resources"), ("R-2", "Sickness", "Resources"),
        ("X-1", "Visits", "Other")])
    rets = os.path.join(out, "returns")
    ret(os.path.join(rets, "Housing-2026-09.csv"), "housing", [("H-1", 150, ""), ("H-2", 150, "")])
    ret(os.path.join(rets, "Adults-2026-09.csv"), "Adults: Health", [("A-1", 150, ""), ("A-2", 150, "")])
    ret(os.path.join(rets, "Resources-2026-09.csv"), "Resources", [("R-1", 150, "")])


def own(out):
    register(os.path.join(out, "register.csv"), [("O-1", "Red one", "Dir"), ("O-2", "Green one", "Dir")])
    ret(os.path.join(out, "returns", "Dir-2026-09.csv"), "Dir",
        [("O-1", 10, "Behind plan."), ("O-2", 150, "")])


def ctl(out):
    register(os.path.join(out, "register.csv"), [
        ("C-1", "Plain title", "Dir"),
        ("C-2", "Plain title too", "Dir"),
        # An exception: its title is printed on the console.
        ("C-3", "Clears \x1b[2J\x1b[H the screen\rOVERWRITTEN", "Adults \u202eatad")])
    rets = os.path.join(out, "returns")
    ret(os.path.join(rets, "Dir-2026-09.csv"), "Dir",
        [("C-1", "\x1b[2J\x1b[31mred\rX\x00", ""), ("C-2", 150, "")])
    ret(os.path.join(rets, "Adults-2026-09.csv"), "Adults \u202eatad",
        [("C-3", 10, "Title \u202ereversed\u202c back")])


def numbers(out):
    register(os.path.join(out, "register.csv"), [
        ("N-1", "Big", "Dir", {"Annual Target": "1.5E+06"}),
        ("N-2", "Ratio", "Dir", {"Unit": "percent", "Max": "none", "Annual Target": 50})])
    ret(os.path.join(out, "returns", "Dir-2026-09.csv"), "Dir",
        [("N-1", "1.6E+06", "", ""), ("N-2", 5, "1E+308", "1E-308")],
        header=("PI Code", "Performance", "Numerator", "Denominator"))


def long_names(out):
    code, d = "L" * 300, "D" * 300
    register(os.path.join(out, "register.csv"), [
        (code, "Long code", "Dir"), ("B-1", "Short", "Dir"), ("C-1", "Long directorate", d)])
    rets = os.path.join(out, "returns")
    ret(os.path.join(rets, "Dir-2026-09.csv"), "Dir", [(code, 10, "Behind."), ("B-1", 10, "Behind.")])
    ret(os.path.join(rets, "Long-2026-09.csv"), d, [("C-1", 10, "Behind.")])


def template(out):
    os.makedirs(out, exist_ok=True)
    rows = [["Code", "Title", "Directorate", "Unit", "Polarity", "Frequency", "Measure"],
            ["T-1", "Fine", "Dir", "number", "higher", "monthly", "snapshot"],
            ["T-2", None, "Dir", "number", "higher", "monthly", "snapshot"]]
    back = [["Directorate:", "Dir"], ["Period:", "2026-09"], None,
            ["Code", "Indicator", "Actual"], ["T-1", "Fine", 5], ["T-2", "Untitled", 6]]
    mc.write_xlsx(os.path.join(out, "Dir-2026-09.xlsx"), [
        ("Return", mc.sheet_xml(back), "visible"),
        ("ipr_register", mc.sheet_xml(rows), "veryHidden")])


def names(out, skipped):
    register(os.path.join(out, "register.csv"), [("U-1", "Named oddly", "Dir")])
    rets = os.path.join(out, "returns")
    os.makedirs(rets, exist_ok=True)
    body = b"Directorate:,Dir\nPeriod:,Sep-26\n\nPI Code,Performance\nU-1,see note\n"
    try:
        with open(os.path.join(os.fsencode(rets), b"Dir-\xff-2026-09.csv"), "wb") as f:
            f.write(body)
    except OSError as e:
        skipped.append(f"names: this file system refuses a name that is not UTF-8 ({e})")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    skipped = []
    p = lambda n: os.path.join(out, n)
    forms(p("forms"))
    pipes(p("pipes"), skipped)
    deep(p("deep"), skipped)
    dirs(p("dirs"))
    own(p("own"))
    ctl(p("ctl"))
    numbers(p("numbers"))
    long_names(p("long"))
    template(p("template"))
    names(p("names"), skipped)
    with open(p("skipped.txt"), "w") as f:
        f.write("".join(s + "\n" for s in skipped))


if __name__ == "__main__":
    main()

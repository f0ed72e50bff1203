#!/usr/bin/env python3
"""An independent implementation of SPEC section 11 (statistical process control,
NHS England's "Making Data Count" v2.6 rules), written from the SPEC's text and
docs/spc.md, not from the Rust. tests/spc_reference.rs feeds it the same cases
as ipr and compares every field.

Input on stdin: {"cases": [case, ...]}, each case
    {"id": int,
     "measure": "snapshot" | "cumulative",
     "polarity": "higher" | "lower" | "band" | "none",
     "readings": [{"year": int, "position": int, "value": float | null,
                   "withheld": bool}, ...],      # any order
     "through": [year, position],                # period P
     "target": float | null,                     # P's target, as registered
     "previous_target": float | null,            # the period before P's, same year
     "first_of_year": bool,                      # P is the first period of its year
     "options": {"min_points": int, "shift_length": int, "trend_length": int}}

Output on stdout: {"results": [{"id", "series": [float], "spc": null | {...}}]}
where spc holds the SPEC's fields (points, mean, lower_limit, upper_limit,
variation, assurance, rules) and the extras mean_moving_range,
lower_two_sigma, upper_two_sigma, target and marks (one dict per point:
rule name -> list of sides marked, "high" / "low").

"On a line": a value within 1e-9 x the largest |value| of the series of a
computed line (mean, two-sigma line, process limit; and a target against a
limit) is on it, not either side of it (docs/spc.md).

Standard library only. Sums are math.fsum (correctly rounded), unlike ipr's
plain left-to-right sums: the two can differ in the last bit, so agreement on
points "on the mean" shows the tolerance doing its work.
"""

import json
import math
import sys

RULES = ["beyond-limit", "shift", "trend", "two-of-three"]
# The order a point marked on both sides is settled in (NHS England's).
RANKED = ["trend", "shift", "two-of-three", "beyond-limit"]


def usable(reading):
    v = reading.get("value")
    if v is None or reading.get("withheld"):
        return None
    v = float(v)
    if v != v or v in (float("inf"), float("-inf")):
        return None
    return v


def build_series(case):
    """Values by period up to and including P, oldest first; cumulative
    measures differenced within the year."""
    through = tuple(case["through"])
    by_key = {}
    for r in case["readings"]:
        key = (r["year"], r["position"])
        if key > through:
            continue
        by_key.setdefault(key, []).append(r)
    # A period given more than once counts once if every copy is usable and
    # equal, and not at all otherwise.
    value = {}
    for k, rs in by_key.items():
        vs = [usable(r) for r in rs]
        value[k] = vs[0] if all(v is not None and v == vs[0] for v in vs) else None
    out = []
    for key in sorted(value):
        v = value[key]
        if v is None:
            continue
        if case["measure"] == "cumulative" and key[1] > 1:
            prev = value.get((key[0], key[1] - 1))
            if prev is None:
                # The year-to-date spans a missing period: no single amount.
                continue
            v = v - prev
        if v == v and abs(v) != float("inf"):
            out.append(v)
    return out


def scale_target(case):
    t = case.get("target")
    if t is None:
        return None
    t = float(t)
    if case["measure"] == "snapshot" or case["first_of_year"]:
        return t
    p = case.get("previous_target")
    if p is None:
        return None
    return t - float(p)


def side(x, line, eps):
    if x > line + eps:
        return "high"
    if x < line - eps:
        return "low"
    return None


def spc(xs, polarity, target, options):
    n = len(xs)
    if n < options["min_points"] or n < 2:
        return None
    mean = math.fsum(xs) / n
    mr = math.fsum([abs(xs[i] - xs[i - 1]) for i in range(1, n)]) / (n - 1)
    upper = mean + 2.66 * mr
    lower = mean - 2.66 * mr
    upper2 = mean + (2.0 / 3.0) * 2.66 * mr
    lower2 = mean - (2.0 / 3.0) * 2.66 * mr
    eps = 1e-9 * max(abs(x) for x in xs)

    marks = [{r: set() for r in RULES} for _ in xs]

    # Beyond a limit.
    for i, x in enumerate(xs):
        if side(x, upper, eps) == "high":
            marks[i]["beyond-limit"].add("high")
        if side(x, lower, eps) == "low":
            marks[i]["beyond-limit"].add("low")

    # Shift: for each point, how far the same side of the mean reaches left
    # and right of it.
    sides = [side(x, mean, eps) for x in xs]
    for i in range(n):
        s = sides[i]
        if s is None:
            continue
        a = i
        while a > 0 and sides[a - 1] == s:
            a -= 1
        b = i
        while b < n - 1 and sides[b + 1] == s:
            b += 1
        if b - a + 1 >= options["shift_length"]:
            marks[i]["shift"].add(s)

    # Trend: each point, the strictly rising (falling) stretch through it.
    for name, better in (("high", lambda p, q: q > p), ("low", lambda p, q: q < p)):
        for i in range(n):
            a = i
            while a > 0 and better(xs[a - 1], xs[a]):
                a -= 1
            b = i
            while b < n - 1 and better(xs[b], xs[b + 1]):
                b += 1
            if b - a + 1 >= options["trend_length"]:
                marks[i]["trend"].add(name)

    # Two of three: a point beyond a two-sigma line is marked when some run
    # of three consecutive points holding it lies wholly on that side of the
    # mean and holds at least two beyond that line.
    for i, x in enumerate(xs):
        for s, line in (("high", upper2), ("low", lower2)):
            if side(x, line, eps) != s:
                continue
            for start in range(i - 2, i + 1):
                if start < 0 or start + 3 > n:
                    continue
                w = range(start, start + 3)
                if all(sides[j] == s for j in w) and sum(
                    1 for j in w if side(xs[j], line, eps) == s
                ) >= 2:
                    marks[i]["two-of-three"].add(s)
                    break

    last = marks[-1]
    rules = [r for r in RULES if last[r]]

    chosen = None
    for r in RANKED:
        if last[r]:
            if len(last[r]) == 1:
                chosen = next(iter(last[r]))
            else:
                chosen = "low" if polarity == "lower" else "high"
            break
    if chosen is None:
        variation = "common-cause"
    elif polarity == "higher":
        variation = "improvement-high" if chosen == "high" else "concern-low"
    elif polarity == "lower":
        variation = "improvement-low" if chosen == "low" else "concern-high"
    else:
        variation = "neither-" + chosen

    assurance = None
    if target is not None and polarity in ("higher", "lower"):
        on_or_below_lower = target <= lower + eps
        on_or_above_upper = target >= upper - eps
        if polarity == "higher":
            assurance = "pass" if on_or_below_lower else "fail" if on_or_above_upper else "hit-or-miss"
        else:
            assurance = "pass" if on_or_above_upper else "fail" if on_or_below_lower else "hit-or-miss"

    return {
        "points": n,
        "mean": mean,
        "lower_limit": lower,
        "upper_limit": upper,
        "variation": variation,
        "assurance": assurance,
        "rules": rules,
        "mean_moving_range": mr,
        "lower_two_sigma": lower2,
        "upper_two_sigma": upper2,
        "target": target,
        "marks": [{r: sorted(m[r]) for r in RULES if m[r]} for m in marks],
    }


def main():
    cases = json.load(sys.stdin)["cases"]
    results = []
    for case in cases:
        xs = build_series(case)
        results.append(
            {
                "id": case["id"],
                "series": xs,
                "spc": spc(xs, case["polarity"], scale_target(case), case["options"]),
            }
        )
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compares two folders written by bench/snapshot/outputs.sh.

Prints, per file: identical bytes; or equal as parsed JSON/CSV with the largest relative difference between numbers
(summation order can move the last bit of a mean or SD); or the first difference that is not a number.
Exit code 1 when any file differs beyond --tolerance (default 1e-12 relative).
    bench/snapshot/compare.py BEFORE_DIR AFTER_DIR [--tolerance 1e-12]
"""
import csv, io, json, math, os, sys

def numbers_close(a, b, tol, worst):
    if a == b:
        return True
    scale = max(abs(a), abs(b))
    rel = abs(a - b) / scale if scale else 0.0
    worst[0] = max(worst[0], rel)
    return rel <= tol

def same(a, b, tol, worst, path="$"):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return None if a == b else f"{path}: {a!r} != {b!r}"
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return None if numbers_close(float(a), float(b), tol, worst) else f"{path}: {a!r} != {b!r}"
    if isinstance(a, str) and isinstance(b, str):
        try:
            x, y = float(a), float(b)
            if math.isfinite(x) and math.isfinite(y) and a != b:
                return None if numbers_close(x, y, tol, worst) else f"{path}: {a!r} != {b!r}"
        except ValueError:
            pass
        return None if a == b else f"{path}: {a[:80]!r} != {b[:80]!r}"
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            if (d := same(x, y, tol, worst, f"{path}[{i}]")):
                return d
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)[:8]} != {list(b)[:8]}"
        for k in a:
            if (d := same(a[k], b[k], tol, worst, f"{path}.{k}")):
                return d
        return None
    return f"{path}: {type(a).__name__} != {type(b).__name__}"

def main():
    before, after = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[sys.argv.index("--tolerance") + 1]) if "--tolerance" in sys.argv else 1e-12
    failed = False
    for name in sorted(set(os.listdir(before)) | set(os.listdir(after))):
        p, q = os.path.join(before, name), os.path.join(after, name)
        if not (os.path.exists(p) and os.path.exists(q)):
            print(f"{name}: only in {'before' if os.path.exists(p) else 'after'}"); failed = True; continue
        x, y = open(p, "rb").read(), open(q, "rb").read()
        if x == y:
            print(f"{name}: identical bytes"); continue
        worst = [0.0]
        if name.endswith(".json"):
            diff = same(json.loads(x), json.loads(y), tol, worst)
        elif name.endswith(".csv"):
            diff = same(list(csv.reader(io.StringIO(x.decode()))), list(csv.reader(io.StringIO(y.decode()))), tol, worst)
        else:
            diff = "bytes differ"
        if diff:
            print(f"{name}: DIFFERS {diff}"); failed = True
        else:
            print(f"{name}: equal as data, largest relative difference {worst[0]:.1e}")
    sys.exit(1 if failed else 0)

main()
